/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "reference-jet.h"

#include <math.h>
#include <string.h>

double
ref_activation (PlActivation act,
                double       x)
{
  switch (act)
    {
    case PL_ACTIVATION_IDENTITY:
      return x;
    case PL_ACTIVATION_TANH:
      return tanh (x);
    case PL_ACTIVATION_SIN:
      return sin (x);
    case PL_ACTIVATION_SILU:
      return x / (1.0 + exp (-x));
    case PL_ACTIVATION_GELU:
      return 0.5 * x * (1.0 + erf (x / sqrt (2.0)));
    case PL_N_ACTIVATIONS:
    default:
      g_assert_not_reached ();
    }
}

double
ref_nested_diff (RefScalarFn   g,
                 gpointer      data,
                 const double *p,
                 guint         d,
                 const guint  *alpha,
                 double        h)
{
  guint a[8];
  double q[8], plus, minus;
  guint i;

  g_assert (d <= G_N_ELEMENTS (a));
  for (i = 0; i < d && alpha[i] == 0; i++)
    ;
  if (i == d)
    return g (p, data);

  memcpy (a, alpha, d * sizeof (guint));
  memcpy (q, p, d * sizeof (double));
  a[i]--;
  q[i] = p[i] + h;
  plus = ref_nested_diff (g, data, q, d, a, h);
  q[i] = p[i] - h;
  minus = ref_nested_diff (g, data, q, d, a, h);
  return (plus - minus) / (2.0 * h);
}
