/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-reference.h"
#include "pl-error.h"

#include <math.h>

gboolean
pl_kdv_soliton (double         c,
                double         x0,
                gsize          n,
                const double  *x,
                const double  *t,
                double        *u,
                GError       **error)
{
  double k;

  g_return_val_if_fail (n == 0 || (x != NULL && t != NULL && u != NULL), FALSE);

  if (!(c > 0.0) || !isfinite (c) || !isfinite (x0))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_kdv_soliton: speed c = %g, shift x0 = %g; need finite x0 and c > 0",
                   c, x0);
      return FALSE;
    }
  k = 0.5 * sqrt (c);
  for (gsize p = 0; p < n; p++)
    {
      /* sech^2 z = 4 e^(-2|z|) / (1 + e^(-2|z|))^2 does not overflow for large |z|. */
      double e = exp (-2.0 * fabs (k * (x[p] - c * t[p] - x0)));

      u[p] = 0.5 * c * 4.0 * e / ((1.0 + e) * (1.0 + e));
    }
  return TRUE;
}
