/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-pauli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- strings ------------------------------------------------------------------------- */

static inline guint
popcount64 (guint64 v)
{
  return (guint) __builtin_popcountll (v);
}

static inline guint64
qubit_mask (guint n_qubits)
{
  return n_qubits >= 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << n_qubits) - 1;
}

/* Write every string as P = i^{|x & z|} X^x Z^z (one factor of i per Y, since Y = i X Z).
 * Moving Z^{z1} past X^{x2} costs (-1)^{|z1 & x2|} (ZX = -XZ on each shared qubit), so
 *   P Q = i^{|x1 & z1| + |x2 & z2| + 2 |z1 & x2|} X^{x1 ^ x2} Z^{z1 ^ z2},
 * and taking R = i^{|x3 & z3|} X^{x3} Z^{z3} out of that leaves the phase
 *   |x1 & z1| + |x2 & z2| + 2 |z1 & x2| - |x3 & z3|  (mod 4). */
PlPauliString
pl_pauli_string_mul (PlPauliString  p,
                     PlPauliString  q,
                     guint         *phase)
{
  PlPauliString r = { p.x ^ q.x, p.z ^ q.z };

  if (phase != NULL)
    {
      guint k = popcount64 (p.x & p.z) + popcount64 (q.x & q.z)
                + 2 * popcount64 (p.z & q.x) + 3 * popcount64 (r.x & r.z);
      *phase = k & 3;
    }
  return r;
}

/* Two strings commute iff they anticommute on an even number of qubits: the symplectic
 * product x1.z2 + z1.x2 is even. */
gboolean
pl_pauli_string_commutes (PlPauliString p,
                          PlPauliString q)
{
  return (popcount64 ((p.x & q.z) ^ (p.z & q.x)) & 1) == 0;
}

guint
pl_pauli_string_weight (PlPauliString p)
{
  return popcount64 (p.x | p.z);
}

static void
append_string (GString       *out,
               PlPauliString  p)
{
  guint64 support = p.x | p.z;
  gboolean first = TRUE;

  if (support == 0)
    {
      g_string_append_c (out, 'I');
      return;
    }
  for (guint j = 0; j < 64; j++)
    {
      guint64 bit = G_GUINT64_CONSTANT (1) << j;
      char letter;

      if ((support & bit) == 0)
        continue;
      letter = (p.x & bit) ? ((p.z & bit) ? 'Y' : 'X') : 'Z';
      g_string_append_printf (out, "%s%c%u", first ? "" : " ", letter, j);
      first = FALSE;
    }
}

char *
pl_pauli_string_to_string (PlPauliString p)
{
  GString *out = g_string_new (NULL);

  append_string (out, p);
  return g_string_free (out, FALSE);
}

/* --- sums ---------------------------------------------------------------------------- */

PlPauliSum *
pl_pauli_sum_new (guint n_qubits)
{
  PlPauliSum *sum;

  g_return_val_if_fail (n_qubits <= PL_PAULI_MAX_QUBITS, NULL);

  sum = g_new0 (PlPauliSum, 1);
  sum->n_qubits = n_qubits;
  return sum;
}

void
pl_pauli_sum_free (PlPauliSum *sum)
{
  if (sum == NULL)
    return;
  g_free (sum->terms);
  g_free (sum);
}

PlPauliSum *
pl_pauli_sum_dup (const PlPauliSum *sum)
{
  PlPauliSum *copy;

  g_return_val_if_fail (sum != NULL, NULL);

  copy = pl_pauli_sum_new (sum->n_qubits);
  copy->n_terms = sum->n_terms;
  copy->capacity = sum->n_terms;
  copy->terms = g_memdup2 (sum->terms, sum->n_terms * sizeof (PlPauliTerm));
  return copy;
}

void
pl_pauli_sum_add_term (PlPauliSum    *sum,
                       double         coeff,
                       PlPauliString  p)
{
  g_return_if_fail (sum != NULL);
  g_return_if_fail (isfinite (coeff));
  g_return_if_fail (((p.x | p.z) & ~qubit_mask (sum->n_qubits)) == 0);

  if (sum->n_terms == sum->capacity)
    {
      sum->capacity = MAX (8, 2 * sum->capacity);
      sum->terms = g_renew (PlPauliTerm, sum->terms, sum->capacity);
    }
  sum->terms[sum->n_terms].coeff = coeff;
  sum->terms[sum->n_terms].p = p;
  sum->n_terms++;
}

static int
compare_terms (const void *a,
               const void *b)
{
  const PlPauliTerm *ta = a;
  const PlPauliTerm *tb = b;

  if (ta->p.x != tb->p.x)
    return ta->p.x < tb->p.x ? -1 : 1;
  if (ta->p.z != tb->p.z)
    return ta->p.z < tb->p.z ? -1 : 1;
  return 0;
}

void
pl_pauli_sum_simplify (PlPauliSum *sum,
                       double      tol)
{
  gsize kept = 0;

  g_return_if_fail (sum != NULL);

  if (sum->n_terms == 0)
    return;

  qsort (sum->terms, sum->n_terms, sizeof (PlPauliTerm), compare_terms);

  for (gsize i = 0; i < sum->n_terms; )
    {
      PlPauliTerm merged = sum->terms[i];
      gsize j = i + 1;

      while (j < sum->n_terms && compare_terms (&sum->terms[j], &merged) == 0)
        merged.coeff += sum->terms[j++].coeff;
      if (fabs (merged.coeff) > tol)
        sum->terms[kept++] = merged;
      i = j;
    }
  sum->n_terms = kept;
}

guint
pl_pauli_sum_span (const PlPauliSum *sum)
{
  guint64 support = 0;

  g_return_val_if_fail (sum != NULL, 0);

  for (gsize k = 0; k < sum->n_terms; k++)
    support |= sum->terms[k].p.x | sum->terms[k].p.z;
  return support == 0 ? 0 : 64 - (guint) __builtin_clzll (support);
}

/* Shortest of %.15g, %.16g, %.17g that reads back as the same double: 0.1 prints as "0.1",
 * and %.17g always round-trips an IEEE double, so parse (to_string (s)) reproduces s. */
static void
append_number (GString *out,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (int digits = 15; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, sizeof buf, format, v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  g_string_append (out, buf);
}

char *
pl_pauli_sum_to_string (const PlPauliSum *sum)
{
  GString *out;

  g_return_val_if_fail (sum != NULL, NULL);

  out = g_string_new (NULL);
  if (sum->n_terms == 0)
    g_string_append_c (out, '0');

  for (gsize k = 0; k < sum->n_terms; k++)
    {
      const PlPauliTerm *t = &sum->terms[k];
      gboolean negative = signbit (t->coeff);
      gboolean identity = (t->p.x | t->p.z) == 0;
      double magnitude = fabs (t->coeff);

      if (k == 0)
        g_string_append (out, negative ? "-" : "");
      else
        g_string_append (out, negative ? " - " : " + ");

      if (identity)
        {
          append_number (out, magnitude);
          continue;
        }
      if (magnitude != 1.0)
        {
          append_number (out, magnitude);
          g_string_append_c (out, ' ');
        }
      append_string (out, t->p);
    }
  return g_string_free (out, FALSE);
}

/* --- action on states ---------------------------------------------------------------- */

/* coeff * i^k as a complex number. */
static inline void
scaled_phase (double  coeff,
              guint   k,
              double *fr,
              double *fi)
{
  static const double cr[4] = { 1, 0, -1, 0 };
  static const double ci[4] = { 0, 1, 0, -1 };

  *fr = coeff * cr[k & 3];
  *fi = coeff * ci[k & 3];
}

/* For P = i^{|x & z|} X^x Z^z, P |a> = i^{|x & z|} (-1)^{|a & z|} |a ^ x>, so
 *   (P psi)[a ^ x] = i^{|x & z|} (-1)^{|a & z|} psi[a]. */
void
pl_pauli_sum_apply (const PlPauliSum *sum,
                    const PlState    *in,
                    PlState          *out)
{
  gsize dim, batch;

  g_return_if_fail (sum != NULL && in != NULL && out != NULL);
  g_return_if_fail (in != out);
  g_return_if_fail (in->n_qubits == out->n_qubits && in->batch == out->batch);
  g_return_if_fail (pl_pauli_sum_span (sum) <= in->n_qubits);

  dim = in->dim;
  batch = in->batch;
  memset (out->re, 0, dim * batch * sizeof (double));
  memset (out->im, 0, dim * batch * sizeof (double));

  for (gsize k = 0; k < sum->n_terms; k++)
    {
      const PlPauliTerm *t = &sum->terms[k];
      double fr, fi;

      scaled_phase (t->coeff, popcount64 (t->p.x & t->p.z), &fr, &fi);
      for (gsize a = 0; a < dim; a++)
        {
          double s = (popcount64 (a & t->p.z) & 1) ? -1.0 : 1.0;
          double gr = s * fr, gi = s * fi;
          const double *restrict ire = in->re + a * batch;
          const double *restrict iim = in->im + a * batch;
          double *restrict ore = out->re + (a ^ t->p.x) * batch;
          double *restrict oim = out->im + (a ^ t->p.x) * batch;

          for (gsize b = 0; b < batch; b++)
            {
              ore[b] += gr * ire[b] - gi * iim[b];
              oim[b] += gr * iim[b] + gi * ire[b];
            }
        }
    }
}

/* <psi| P |psi> = sum_a conj(psi[a ^ x]) f_a psi[a] with f_a = c i^{|x & z|} (-1)^{|a & z|}.
 * Its real part is Re(f_a) (u.v) - Im(f_a) (u x v), where u.v = ur vr + ui vi and
 * u x v = ur vi - ui vr for u = psi[a ^ x], v = psi[a]; a Hermitian term has no imaginary
 * part to keep. */
void
pl_pauli_sum_expectation (const PlPauliSum *sum,
                          const PlState    *state,
                          double           *out)
{
  double *restrict acc = out;
  gsize dim, batch;

  g_return_if_fail (sum != NULL && state != NULL && out != NULL);
  g_return_if_fail (pl_pauli_sum_span (sum) <= state->n_qubits);

  dim = state->dim;
  batch = state->batch;
  for (gsize b = 0; b < batch; b++)
    acc[b] = 0.0;

  for (gsize k = 0; k < sum->n_terms; k++)
    {
      const PlPauliTerm *t = &sum->terms[k];
      double fr, fi;

      scaled_phase (t->coeff, popcount64 (t->p.x & t->p.z), &fr, &fi);
      for (gsize a = 0; a < dim; a++)
        {
          double s = (popcount64 (a & t->p.z) & 1) ? -1.0 : 1.0;
          double gr = s * fr, gi = s * fi;
          const double *restrict vr = state->re + a * batch;
          const double *restrict vi = state->im + a * batch;
          const double *restrict ur = state->re + (a ^ t->p.x) * batch;
          const double *restrict ui = state->im + (a ^ t->p.x) * batch;

          for (gsize b = 0; b < batch; b++)
            acc[b] += gr * (ur[b] * vr[b] + ui[b] * vi[b]) - gi * (ur[b] * vi[b] - ui[b] * vr[b]);
        }
    }
}
