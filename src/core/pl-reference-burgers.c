/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-reference.h"
#include "pl-error.h"

#include <math.h>

PlBurgersRef *
pl_burgers_ref_new (double    nu,
                    guint     n_nodes,
                    GError  **error)
{
  g_autoptr (PlBurgersRef) ref = NULL;

  if (!(nu > 0.0) || !isfinite (nu))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_burgers_ref_new: viscosity nu = %g; it must be positive and finite", nu);
      return NULL;
    }
  if (n_nodes == 0)
    n_nodes = PL_BURGERS_DEFAULT_NODES;

  ref = g_new0 (PlBurgersRef, 1);
  ref->nu = nu;
  ref->n_nodes = n_nodes;
  ref->nodes = g_new (double, n_nodes);
  ref->log_weights = g_new (double, n_nodes);
  if (!pl_gauss_hermite (n_nodes, ref->nodes, NULL, ref->log_weights, error))
    return NULL;
  return g_steal_pointer (&ref);
}

void
pl_burgers_ref_free (PlBurgersRef *ref)
{
  if (ref == NULL)
    return;
  g_free (ref->nodes);
  g_free (ref->log_weights);
  g_free (ref);
}

gboolean
pl_burgers_ref_eval (const PlBurgersRef  *ref,
                     gsize                n,
                     const double        *x,
                     const double        *t,
                     double              *u,
                     GError             **error)
{
  g_autofree double *expo = NULL;
  g_autofree double *sine = NULL;
  double a;

  g_return_val_if_fail (ref != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (x != NULL && t != NULL && u != NULL), FALSE);

  for (gsize p = 0; p < n; p++)
    if (!isfinite (x[p]) || !(t[p] >= 0.0) || !isfinite (t[p]))
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "pl_burgers_ref_eval: point %" G_GSIZE_FORMAT " (x = %g, t = %g) is outside "
                     "the domain; x must be finite and t >= 0", p, x[p], t[p]);
        return FALSE;
      }

  expo = g_new (double, ref->n_nodes);
  sine = g_new (double, ref->n_nodes);
  a = 1.0 / (2.0 * G_PI * ref->nu);

  for (gsize p = 0; p < n; p++)
    {
      double s, m = -G_MAXDOUBLE, num = 0.0, den = 0.0;

      if (t[p] == 0.0)
        {
          u[p] = -sin (G_PI * x[p]);
          continue;
        }
      /* eta = sqrt(4 nu t) z turns exp(-eta^2 / (4 nu t)) into the Hermite weight. */
      s = sqrt (4.0 * ref->nu * t[p]);
      for (guint i = 0; i < ref->n_nodes; i++)
        {
          double y = G_PI * (x[p] - s * ref->nodes[i]);

          sine[i] = sin (y);
          expo[i] = ref->log_weights[i] - a * cos (y);
          m = MAX (m, expo[i]);
        }
      /* exp(-cos / (2 pi nu)) spans exp(+-1/(2 pi nu)): factor out the largest term so
       * neither sum overflows whatever nu is. */
      for (guint i = 0; i < ref->n_nodes; i++)
        {
          double w = exp (expo[i] - m);

          num += w * sine[i];
          den += w;
        }
      /* The rule only sees |z| <= z_max. When the integrand still matters at the outermost
       * nodes (a large t / nu pushes its peak out there), the sums are truncated
       * and the value would be silently wrong. */
      if (MAX (expo[0], expo[ref->n_nodes - 1]) - m > log (1e-15 * den))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                       "pl_burgers_ref_eval: %u Gauss-Hermite nodes do not resolve the "
                       "Cole-Hopf integrals at x = %g, t = %g for nu = %g; use more nodes "
                       "(at most %u)", ref->n_nodes, x[p], t[p], ref->nu,
                       PL_GAUSS_HERMITE_MAX_NODES);
          return FALSE;
        }
      u[p] = -num / den;
    }
  return TRUE;
}
