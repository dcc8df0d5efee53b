/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-optim.h"
#include "pl-error.h"

#include <math.h>

static double
mean_abs (gsize         n,
          const double *g)
{
  double sum = 0.0;

  for (gsize k = 0; k < n; k++)
    sum += fabs (g[k]);
  return sum / (double) n;
}

gboolean
pl_loss_weights_update (gsize          n_params,
                        const double  *grad_residual,
                        gsize          n_terms,
                        const double  *grad_terms,
                        double         alpha,
                        double        *weights,
                        GError       **error)
{
  double max_res = 0.0;

  g_return_val_if_fail (n_params > 0, FALSE);
  g_return_val_if_fail (grad_residual != NULL, FALSE);
  g_return_val_if_fail (n_terms == 0 || (grad_terms != NULL && weights != NULL), FALSE);

  if (!(alpha > 0.0 && alpha <= 1.0))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "loss-weight annealing rate alpha = %g is outside (0, 1]", alpha);
      return FALSE;
    }
  for (gsize i = 0; i < n_terms; i++)
    if (!isfinite (weights[i]) || weights[i] < 0.0)
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "loss weight %" G_GSIZE_FORMAT " = %g must be finite and >= 0",
                     i, weights[i]);
        return FALSE;
      }
  /* Check everything before writing, so a failure leaves the weights as they were. */
  for (gsize k = 0; k < n_params; k++)
    {
      if (!isfinite (grad_residual[k]))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                       "residual-loss gradient entry %" G_GSIZE_FORMAT " is %g",
                       k, grad_residual[k]);
          return FALSE;
        }
      max_res = MAX (max_res, fabs (grad_residual[k]));
    }
  for (gsize i = 0; i < n_terms; i++)
    for (gsize k = 0; k < n_params; k++)
      if (!isfinite (grad_terms[i * n_params + k]))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                       "gradient entry %" G_GSIZE_FORMAT " of loss term %" G_GSIZE_FORMAT
                       " is %g", k, i, grad_terms[i * n_params + k]);
          return FALSE;
        }

  /* Two passes: a ratio that overflows (a vanishingly small mean) must not leave some weights
   * updated and others not. */
  for (guint pass = 0; pass < 2; pass++)
    for (gsize i = 0; i < n_terms; i++)
      {
        double mean = mean_abs (n_params, grad_terms + i * n_params);
        double updated;

        if (mean == 0.0)
          continue;
        updated = (1.0 - alpha) * weights[i] + alpha * (max_res / mean);
        if (pass == 1)
          weights[i] = updated;
        else if (!isfinite (updated))
          {
            g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                         "loss weight %" G_GSIZE_FORMAT " would become %g (max |grad L_r| = %g, "
                         "mean |grad L_%" G_GSIZE_FORMAT "| = %g)", i, updated, max_res, i, mean);
            return FALSE;
          }
      }
  return TRUE;
}
