/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dense Pauli matrices the Pauli module is checked against: every term is the Kronecker
 * product of textbook 2x2 matrices, built one qubit at a time. Slow on purpose. Also the
 * random strings and sums the Pauli tests draw.
 */
#include "reference.h"

#include <string.h>

/* Row-major 2x2 matrices: I, X, Y = [[0, -i], [i, 0]], Z. */
static const double pauli_re[4][4] = {
  { 1, 0, 0, 1 },
  { 0, 1, 1, 0 },
  { 0, 0, 0, 0 },
  { 1, 0, 0, -1 },
};
static const double pauli_im[4][4] = {
  { 0, 0, 0, 0 },
  { 0, 0, 0, 0 },
  { 0, -1, 1, 0 },
  { 0, 0, 0, 0 },
};

enum { P_I, P_X, P_Y, P_Z };

static int
letter_on_qubit (PlPauliString p,
                 guint         j)
{
  gboolean x = (p.x >> j) & 1;
  gboolean z = (p.z >> j) & 1;

  if (x && z)
    return P_Y;
  if (x)
    return P_X;
  if (z)
    return P_Z;
  return P_I;
}

/* C = A (x) B for complex square matrices of sides da and db. */
static void
kron (gsize         da,
      const double *are,
      const double *aim,
      gsize         db,
      const double *bre,
      const double *bim,
      double       *cre,
      double       *cim)
{
  gsize dc = da * db;

  for (gsize i = 0; i < da; i++)
    for (gsize j = 0; j < da; j++)
      for (gsize k = 0; k < db; k++)
        for (gsize l = 0; l < db; l++)
          {
            double ar = are[i * da + j], ai = aim[i * da + j];
            double br = bre[k * db + l], bi = bim[k * db + l];
            gsize row = i * db + k, col = j * db + l;

            cre[row * dc + col] = ar * br - ai * bi;
            cim[row * dc + col] = ar * bi + ai * br;
          }
}

/* The matrix of one string: P_{n-1} (x) ... (x) P_1 (x) P_0, so that qubit 0, the rightmost
 * factor, is the least significant bit of the row and column indices. */
void
ref_pauli_string_matrix (PlPauliString  p,
                         guint          n,
                         double        *re,
                         double        *im)
{
  gsize dim = (gsize) 1 << n;
  double *are = g_new0 (double, dim * dim);
  double *aim = g_new0 (double, dim * dim);
  gsize side = 1;

  are[0] = 1.0;
  for (guint q = n; q-- > 0; )
    {
      int letter = letter_on_qubit (p, q);

      kron (side, are, aim, 2, pauli_re[letter], pauli_im[letter], re, im);
      side *= 2;
      memcpy (are, re, side * side * sizeof (double));
      memcpy (aim, im, side * side * sizeof (double));
    }
  if (n == 0)
    {
      re[0] = 1.0;
      im[0] = 0.0;
    }
  g_free (are);
  g_free (aim);
}

void
ref_pauli_sum_matrix (const PlPauliSum *sum,
                      guint             n,
                      double           *re,
                      double           *im)
{
  gsize dim = (gsize) 1 << n;
  double *tre = g_new (double, dim * dim);
  double *tim = g_new (double, dim * dim);

  memset (re, 0, dim * dim * sizeof (double));
  memset (im, 0, dim * dim * sizeof (double));
  for (gsize k = 0; k < sum->n_terms; k++)
    {
      ref_pauli_string_matrix (sum->terms[k].p, n, tre, tim);
      for (gsize e = 0; e < dim * dim; e++)
        {
          re[e] += sum->terms[k].coeff * tre[e];
          im[e] += sum->terms[k].coeff * tim[e];
        }
    }
  g_free (tre);
  g_free (tim);
}

double
ref_expectation (gsize         dim,
                 const double *mre,
                 const double *mim,
                 const double *vre,
                 const double *vim)
{
  double total = 0.0;

  /* Re sum_{r,c} conj(v_r) M_rc v_c */
  for (gsize r = 0; r < dim; r++)
    for (gsize c = 0; c < dim; c++)
      {
        double mv_re = mre[r * dim + c] * vre[c] - mim[r * dim + c] * vim[c];
        double mv_im = mre[r * dim + c] * vim[c] + mim[r * dim + c] * vre[c];

        total += vre[r] * mv_re + vim[r] * mv_im;
      }
  return total;
}

PlPauliString
ref_pauli_random_string (PlRng *rng,
                         guint  n)
{
  guint64 mask = n >= 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << n) - 1;
  PlPauliString p = { pl_rng_next (rng) & mask, pl_rng_next (rng) & mask };

  return p;
}

PlPauliSum *
ref_pauli_random_sum (PlRng *rng,
                      guint  n,
                      guint  n_terms)
{
  PlPauliSum *s = pl_pauli_sum_new (n);

  for (guint k = 0; k < n_terms; k++)
    {
      PlPauliString p = k == 0 ? (PlPauliString) { 0, 0 } : ref_pauli_random_string (rng, n);

      pl_pauli_sum_add_term (s, pl_rng_normal (rng), p);
    }
  return s;
}
