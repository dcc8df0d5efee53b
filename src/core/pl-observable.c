/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-pauli.h"
#include "pl-error.h"
#include "pl-state.h"
#include "pl-rng.h"

#include <math.h>
#include <string.h>

PlObservable *
pl_observable_new_pauli (PlPauliSum *sum)
{
  PlObservable *obs;

  g_return_val_if_fail (sum != NULL, NULL);

  obs = g_new0 (PlObservable, 1);
  obs->kind = PL_OBSERVABLE_PAULI;
  obs->n_qubits = sum->n_qubits;
  obs->sum = sum;
  obs->label = pl_pauli_sum_to_string (sum);
  return obs;
}

/* The local cost 1 - (1/n) sum_j p_j(0), with p_j(0) = <(I + Z_j) / 2>, is
 * 1/2 I - (1/2n) sum_j Z_j (Cerezo et al., Nat. Commun. 12, 1791 (2021), eq. 8 with the
 * |0...0> target). */
PlObservable *
pl_observable_new_cost (PlObservableKind kind,
                        guint            n_qubits)
{
  PlObservable *obs;

  g_return_val_if_fail (kind == PL_OBSERVABLE_GLOBAL_COST || kind == PL_OBSERVABLE_LOCAL_COST,
                        NULL);
  g_return_val_if_fail (n_qubits >= 1 && n_qubits <= PL_PAULI_MAX_QUBITS, NULL);

  obs = g_new0 (PlObservable, 1);
  obs->kind = kind;
  obs->n_qubits = n_qubits;
  if (kind == PL_OBSERVABLE_LOCAL_COST)
    {
      obs->sum = pl_pauli_sum_new (n_qubits);
      pl_pauli_sum_add_term (obs->sum, 0.5, (PlPauliString) { 0, 0 });
      for (guint j = 0; j < n_qubits; j++)
        pl_pauli_sum_add_term (obs->sum, -0.5 / n_qubits,
                               (PlPauliString) { 0, G_GUINT64_CONSTANT (1) << j });
      obs->label = g_strdup ("local");
    }
  else
    obs->label = g_strdup ("global");
  return obs;
}

PlObservable *
pl_observable_parse (const char  *text,
                     guint        n_qubits,
                     GError     **error)
{
  g_autofree char *label = NULL;
  PlObservableKind kind;
  PlObservable *obs;
  PlPauliSum *sum;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (n_qubits <= PL_PAULI_MAX_QUBITS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  label = g_strstrip (g_strdup (text));
  if (g_ascii_strcasecmp (label, "global") == 0 || g_ascii_strcasecmp (label, "local") == 0)
    {
      kind = g_ascii_strcasecmp (label, "global") == 0
             ? PL_OBSERVABLE_GLOBAL_COST : PL_OBSERVABLE_LOCAL_COST;
      if (n_qubits == 0)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "the %s cost needs at least one qubit (the register has none)", label);
          return NULL;
        }
      obs = pl_observable_new_cost (kind, n_qubits);
    }
  else
    {
      sum = pl_pauli_sum_parse (label, n_qubits, error);
      if (sum == NULL)
        return NULL;
      obs = pl_observable_new_pauli (sum);
    }

  g_free (obs->label);
  obs->label = g_steal_pointer (&label);
  return obs;
}

void
pl_observable_free (PlObservable *obs)
{
  if (obs == NULL)
    return;
  pl_pauli_sum_free (obs->sum);
  g_free (obs->label);
  g_free (obs);
}

static gboolean
fits_state (const PlObservable *obs,
            const PlState      *state)
{
  if (obs->kind == PL_OBSERVABLE_PAULI)
    return pl_pauli_sum_span (obs->sum) <= state->n_qubits;
  return obs->n_qubits == state->n_qubits;
}

/* The global cost as an operator is I - |0...0><0...0|. */
void
pl_observable_apply (const PlObservable *obs,
                     const PlState      *in,
                     PlState            *out)
{
  g_return_if_fail (obs != NULL && in != NULL && out != NULL);
  g_return_if_fail (fits_state (obs, in));

  if (obs->kind != PL_OBSERVABLE_GLOBAL_COST)
    {
      pl_pauli_sum_apply (obs->sum, in, out);
      return;
    }

  g_return_if_fail (in != out);
  g_return_if_fail (in->n_qubits == out->n_qubits && in->batch == out->batch);
  pl_state_copy (out, in);
  for (gsize b = 0; b < out->batch; b++)
    {
      out->re[b] = 0.0;
      out->im[b] = 0.0;
    }
}

/* For the global cost <psi| I - |0><0| |psi> = sum_{a != 0} |psi_a|^2: the same operator
 * apply() uses (so unnormalized jet components stay consistent), and free of the
 * cancellation in 1 - |psi_0|^2 near the |0...0> state. */
void
pl_observable_expectation (const PlObservable *obs,
                           const PlState      *state,
                           double             *out)
{
  gsize batch;

  g_return_if_fail (obs != NULL && state != NULL && out != NULL);
  g_return_if_fail (fits_state (obs, state));

  if (obs->kind != PL_OBSERVABLE_GLOBAL_COST)
    {
      pl_pauli_sum_expectation (obs->sum, state, out);
      return;
    }

  batch = state->batch;
  for (gsize b = 0; b < batch; b++)
    out[b] = 0.0;
  for (gsize a = 1; a < state->dim; a++)
    {
      const double *re = state->re + a * batch;
      const double *im = state->im + a * batch;

      for (gsize b = 0; b < batch; b++)
        out[b] += re[b] * re[b] + im[b] * im[b];
    }
}

/* --- sampling ------------------------------------------------------------------------ */

/* cdf[a] = sum_{a' <= a} |psi_b[a']|^2 for batch element @b; returns the total. */
static double
build_cdf (const PlState *state,
           gsize          b,
           double        *cdf)
{
  double acc = 0.0;

  for (gsize a = 0; a < state->dim; a++)
    {
      double re = state->re[a * state->batch + b];
      double im = state->im[a * state->batch + b];

      acc += re * re + im * im;
      cdf[a] = acc;
    }
  return acc;
}

/* Inverse-CDF sampling: the first a with cdf[a] > u for u uniform in [0, total). Outcomes of
 * probability zero have cdf[a] == cdf[a - 1] and are never picked. */
static guint64
draw (const double *cdf,
      gsize         dim,
      double        total,
      PlRng        *rng)
{
  double u = pl_rng_uniform (rng) * total;
  gsize lo = 0, hi = dim;

  /* u * total can round up to total itself; the last outcome of nonzero weight is meant. */
  if (u >= cdf[dim - 1])
    u = nextafter (cdf[dim - 1], 0.0);
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (cdf[mid] > u)
        hi = mid;
      else
        lo = mid + 1;
    }
  return lo;
}

static gboolean
check_total (double    total,
             gsize     b,
             GError  **error)
{
  if (total > 0.0 && isfinite (total))
    return TRUE;
  g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
               "cannot sample batch element %" G_GSIZE_FORMAT ": its squared norm is %g "
               "(expected a positive finite number)", b, total);
  return FALSE;
}

/* Mean of (-1)^{|a & mask|} over @shots samples of each element, times @coeff, added to out.
 * Each shot is +1 with probability p_even, the weight of the even-parity outcomes, so the
 * number of +1 outcomes is Binomial(shots, p_even), drawn as one number. */
static gboolean
sample_parity (const PlState  *state,
               guint64         mask,
               double          coeff,
               guint64         shots,
               PlRng          *rng,
               double         *out,
               GError        **error)
{
  gsize B = state->batch;

  for (gsize b = 0; b < B; b++)
    {
      double total = 0, even = 0;
      guint64 plus;

      for (gsize a = 0; a < state->dim; a++)
        {
          double re = state->re[a * B + b], im = state->im[a * B + b], w = re * re + im * im;

          total += w;
          if (!(__builtin_popcountll (a & mask) & 1))
            even += w;
        }
      if (!check_total (total, b, error))
        return FALSE;
      plus = pl_rng_binomial (rng, shots, even / total);
      out[b] += coeff * (2.0 * (double) plus - (double) shots) / (double) shots;
    }
  return TRUE;
}

/* Computational-basis estimates of the costs: the fraction of outcomes other than 0...0
 * (global) and the mean fraction of qubits found in |1> (local). */
static gboolean
sample_cost (const PlObservable  *obs,
             const PlState       *state,
             guint64              shots,
             PlRng               *rng,
             double              *cdf,
             double              *out,
             GError             **error)
{
  for (gsize b = 0; b < state->batch; b++)
    {
      double total = build_cdf (state, b, cdf);
      guint64 count = 0;

      if (!check_total (total, b, error))
        return FALSE;
      if (obs->kind == PL_OBSERVABLE_GLOBAL_COST)
        /* outcomes other than 0...0: one binomial */
        count = shots - pl_rng_binomial (rng, shots, cdf[0] / total);
      else if (shots > state->dim)
        {
          /* the counts of every outcome, a multinomial drawn as conditional binomials */
          guint64 left = shots;
          double below = 0;

          for (gsize a = 0; a < state->dim && left > 0; a++)
            {
              double w = cdf[a] - below, rest = total - below;
              guint64 n_a = a + 1 == state->dim ? left
                          : pl_rng_binomial (rng, left, rest > 0 ? w / rest : 1.0);

              count += n_a * (guint64) __builtin_popcountll (a);
              left -= n_a;
              below = cdf[a];
            }
        }
      else
        for (guint64 s = 0; s < shots; s++)
          count += (guint64) __builtin_popcountll (draw (cdf, state->dim, total, rng));
      out[b] = (double) count / (double) shots;
      if (obs->kind == PL_OBSERVABLE_LOCAL_COST)
        out[b] /= obs->n_qubits;
    }
  return TRUE;
}

/* Each Pauli term is rotated into the Z basis, U P U^dagger = Z^{x | z}, with U = H on the
 * X qubits and U = H S^dagger on the Y qubits (S^dagger Y S = X, H X H = Z); then the parity
 * of the sampled outcomes on the support estimates <P>. Terms get independent samples, so
 * Var = sum_k c_k^2 (1 - <P_k>^2) / shots. */
gboolean
pl_observable_sample (const PlObservable  *obs,
                      const PlState       *state,
                      guint64              shots,
                      PlRng               *rng,
                      PlState             *scratch,
                      double              *out,
                      GError             **error)
{
  g_autofree char *what = NULL;
  double *cdf;
  gboolean ok = TRUE;

  g_return_val_if_fail (obs != NULL && state != NULL && rng != NULL && out != NULL, FALSE);
  g_return_val_if_fail (scratch != NULL && scratch != state, FALSE);
  g_return_val_if_fail (scratch->n_qubits == state->n_qubits && scratch->batch == state->batch,
                        FALSE);
  g_return_val_if_fail (fits_state (obs, state), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (shots == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the number of shots is 0 (expected at least 1)");
      return FALSE;
    }

  what = g_strdup_printf ("sampling a %u-qubit state", state->n_qubits);
  cdf = pl_aligned_alloc (state->dim * sizeof (double), what, error);
  if (cdf == NULL)
    return FALSE;

  if (obs->kind != PL_OBSERVABLE_PAULI)
    {
      ok = sample_cost (obs, state, shots, rng, cdf, out, error);
      pl_aligned_free (cdf);
      return ok;
    }

  for (gsize b = 0; b < state->batch; b++)
    out[b] = 0.0;

  for (gsize k = 0; ok && k < obs->sum->n_terms; k++)
    {
      const PlPauliTerm *t = &obs->sum->terms[k];
      const PlState *measured = state;

      if ((t->p.x | t->p.z) == 0)
        {
          for (gsize b = 0; b < state->batch; b++)
            out[b] += t->coeff;
          continue;
        }

      if (t->p.x != 0)
        {
          pl_state_copy (scratch, state);
          for (guint j = 0; j < state->n_qubits; j++)
            {
              guint64 bit = G_GUINT64_CONSTANT (1) << j;

              if ((t->p.x & bit) == 0)
                continue;
              if (t->p.z & bit)
                pl_state_apply (scratch, PL_GATE_SDG, &j, NULL);
              pl_state_apply (scratch, PL_GATE_H, &j, NULL);
            }
          measured = scratch;
        }

      ok = sample_parity (measured, t->p.x | t->p.z, t->coeff, shots, rng, out, error);
    }

  pl_aligned_free (cdf);
  return ok;
}
