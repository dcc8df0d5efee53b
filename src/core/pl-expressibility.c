/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-expressibility.c: the estimators of pl-expressibility.h: Haar fidelity masses, the
 * fidelity histogram and its KL divergence, the Meyer-Wallach measure of batched states, and
 * the result and config helpers. The threaded run is in pl-expressibility-run.c.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-expressibility.h"

#include <math.h>
#include <string.h>

void
pl_expressibility_config_init (PlExpressibilityConfig *config)
{
  g_return_if_fail (config != NULL);

  memset (config, 0, sizeof *config);
  config->pairs = PL_EXPRESSIBILITY_DEFAULT_PAIRS;
  config->bins = PL_EXPRESSIBILITY_DEFAULT_BINS;
  config->repeats = PL_EXPRESSIBILITY_DEFAULT_REPEATS;
  config->inputs = PL_EXPRESSIBILITY_INPUTS_FIXED;
  config->input_values = NULL;
  config->input_lo = -1.0;
  config->input_hi = 1.0;
  config->seed = 1;
  config->threads = 0;
}

void
pl_expressibility_result_free (PlExpressibilityResult *result)
{
  if (result == NULL)
    return;
  g_free (result->kl_runs);
  g_free (result->mw_runs);
  g_free (result->p_pqc);
  g_free (result->p_haar);
  g_free (result);
}

double
pl_haar_fidelity_density (guint  n_qubits,
                          double fidelity)
{
  double n1;

  g_return_val_if_fail (n_qubits >= 1 && n_qubits <= PL_STATE_MAX_QUBITS, NAN);

  if (!(fidelity >= 0.0 && fidelity <= 1.0))
    return 0.0;
  n1 = ldexp (1.0, (int) n_qubits) - 1.0;
  /* for one qubit (N - 2 = 0) the density is 1 everywhere, including F = 1 (pow (0, 0) = 1) */
  return n1 * pow (1.0 - fidelity, n1 - 1.0);
}

void
pl_haar_fidelity_bins (guint   n_qubits,
                       guint   bins,
                       double *mass,
                       double *log_mass)
{
  double n1, log_k;

  g_return_if_fail (n_qubits >= 1 && n_qubits <= PL_STATE_MAX_QUBITS);
  g_return_if_fail (bins >= 1);

  n1 = ldexp (1.0, (int) n_qubits) - 1.0;   /* exact: N - 1 < 2^53 */
  log_k = log ((double) bins);
  for (guint k = 0; k < bins; k++)
    {
      double m = (double) (bins - k);   /* (1 - lo) = m / K and (1 - hi) = (m - 1) / K */
      double lq;

      /* q = (m/K)^(N-1) - ((m-1)/K)^(N-1) = (m/K)^(N-1) (1 - (1 - 1/m)^(N-1)), and the
       * bracket is -expm1 ((N-1) log1p (-1/m)): no cancellation, no underflow in the log. */
      if (k + 1 == bins)
        lq = -n1 * log_k;
      else
        lq = n1 * (log (m) - log_k) + log (-expm1 (n1 * log1p (-1.0 / m)));
      if (log_mass != NULL)
        log_mass[k] = lq;
      if (mass != NULL)
        mass[k] = exp (lq);
    }
}

void
pl_fidelity_histogram_add (const double *fidelities,
                           gsize         n,
                           guint         bins,
                           guint64      *counts)
{
  g_return_if_fail (n == 0 || fidelities != NULL);
  g_return_if_fail (bins >= 1 && counts != NULL);

  for (gsize i = 0; i < n; i++)
    {
      double f = fidelities[i];
      guint k;

      /* written so that a NaN lands in bin 0 instead of in an undefined conversion */
      if (!(f > 0.0))
        k = 0;
      else if (f >= 1.0)
        k = bins - 1;
      else
        k = MIN ((guint) (f * bins), bins - 1);
      counts[k]++;
    }
}

double
pl_expressibility_kl (guint          n_qubits,
                      guint          bins,
                      const guint64 *counts)
{
  g_autofree double *lq = NULL;
  guint64 total = 0;
  double kl = 0.0;

  g_return_val_if_fail (n_qubits >= 1 && n_qubits <= PL_STATE_MAX_QUBITS, NAN);
  g_return_val_if_fail (bins >= 1 && counts != NULL, NAN);

  for (guint k = 0; k < bins; k++)
    total += counts[k];
  g_return_val_if_fail (total > 0, NAN);

  lq = g_new (double, bins);
  pl_haar_fidelity_bins (n_qubits, bins, NULL, lq);
  for (guint k = 0; k < bins; k++)
    if (counts[k] > 0)
      {
        double p = (double) counts[k] / (double) total;

        kl += p * (log (p) - lq[k]);
      }
  return kl;
}

/* Batch elements per block: four accumulators each on the stack. */
#define MW_BLOCK 64

void
pl_meyer_wallach (const PlState *state,
                  double        *q)
{
  gsize B, dim;

  g_return_if_fail (state != NULL && q != NULL);

  B = state->batch;
  dim = state->dim;
  for (gsize b0 = 0; b0 < B; b0 += MW_BLOCK)
    {
      gsize len = MIN (MW_BLOCK, B - b0);
      double sum[MW_BLOCK] = { 0 };

      for (guint k = 0; k < state->n_qubits; k++)
        {
          gsize bit = (gsize) 1 << k;
          double p0[MW_BLOCK] = { 0 }, p1[MW_BLOCK] = { 0 };
          double cr[MW_BLOCK] = { 0 }, ci[MW_BLOCK] = { 0 };

          /* rho_k = [[p0, c], [c*, p1]] with c = sum over a with bit k clear of
           * psi_a conj(psi_{a + 2^k}) */
          for (gsize hi = 0; hi < dim; hi += 2 * bit)
            for (gsize a = hi; a < hi + bit; a++)
              {
                const double *r0 = state->re + a * B + b0, *i0 = state->im + a * B + b0;
                const double *r1 = r0 + bit * B, *i1 = i0 + bit * B;

                for (gsize b = 0; b < len; b++)
                  {
                    p0[b] += r0[b] * r0[b] + i0[b] * i0[b];
                    p1[b] += r1[b] * r1[b] + i1[b] * i1[b];
                    cr[b] += r0[b] * r1[b] + i0[b] * i1[b];
                    ci[b] += i0[b] * r1[b] - r0[b] * i1[b];
                  }
              }
          /* 1 - Tr rho^2 = 2 det rho for a unit trace; divide by the trace squared so a
           * state off its norm by rounding is measured as the state it represents. det >= 0
           * for any density matrix: a negative value is rounding of a product state. */
          for (gsize b = 0; b < len; b++)
            {
              double tr = p0[b] + p1[b];
              double det = p0[b] * p1[b] - (cr[b] * cr[b] + ci[b] * ci[b]);

              sum[b] += tr > 0.0 ? 2.0 * MAX (det, 0.0) / (tr * tr) : 0.0;
            }
        }
      for (gsize b = 0; b < len; b++)
        q[b0 + b] = 2.0 * sum[b] / state->n_qubits;
    }
}
