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

double
ref_nested_diff_richardson (RefScalarFn   g,
                            gpointer      data,
                            const double *p,
                            guint         d,
                            const guint  *alpha,
                            double        h)
{
  double coarse = ref_nested_diff (g, data, p, d, alpha, h);
  double fine = ref_nested_diff (g, data, p, d, alpha, 0.5 * h);

  return (4.0 * fine - coarse) / 3.0;
}

void
ref_random_fill (PlRng  *rng,
                 gsize   n,
                 double *v)
{
  for (gsize i = 0; i < n; i++)
    v[i] = 2.0 * pl_rng_uniform (rng) - 1.0;
}

double
ref_field_partial (const guint  *A,
                   const double *P)
{
  double x = P[0], y = P[1], t = P[2];
  double v = pow (2.0, A[1]) * pow (0.3, A[2]) * sin (x + 2 * y + (A[0] + A[1]) * G_PI_2)
             * exp (0.3 * t);
  static const double cubic[] = { 0.1, 0.3, 0.6, 0.6 };

  if (A[0] <= 1 && A[1] <= 1 && A[2] <= 1)
    v += 0.5 * (A[0] ? 1.0 : x) * (A[1] ? 1.0 : y) * (A[2] ? 1.0 : t);
  if (A[1] == 0 && A[2] == 0 && A[0] <= 3)
    v += cubic[A[0]] * pow (x, 3.0 - A[0]);
  return v;
}

void
ref_field_embed (guint         d,
                 const double *p,
                 double       *P)
{
  static const guint map[4][3] = { { 0 }, { 0 }, { 0, 2 }, { 0, 1, 2 } };

  P[0] = 0.4;
  P[1] = 0.3;
  P[2] = 0.7;
  for (guint i = 0; i < d; i++)
    P[map[d][i]] = p[i];
}

void
ref_field_embed_alpha (guint        d,
                       const guint *alpha,
                       guint       *A)
{
  static const guint map[4][3] = { { 0 }, { 0 }, { 0, 2 }, { 0, 1, 2 } };

  A[0] = A[1] = A[2] = 0;
  for (guint i = 0; i < d; i++)
    A[map[d][i]] = alpha[i];
}
