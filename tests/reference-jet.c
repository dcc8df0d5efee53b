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

void
ref_fornberg (double        z,
              const double *x,
              guint         n,
              guint         M,
              double       *c)
{
  double c1 = 1, c4 = x[0] - z;

  memset (c, 0, n * (M + 1) * sizeof (double));
  c[0] = 1;
  for (guint i = 1; i < n; i++)
    {
      guint mn = MIN (i, M);
      double c2 = 1, c5 = c4;

      c4 = x[i] - z;
      for (guint j = 0; j < i; j++)
        {
          double c3 = x[i] - x[j];

          c2 *= c3;
          if (j == i - 1)
            {
              for (guint k = mn; k >= 1; k--)
                c[i * (M + 1) + k] = c1 * (k * c[(i - 1) * (M + 1) + k - 1]
                                           - c5 * c[(i - 1) * (M + 1) + k]) / c2;
              c[i * (M + 1)] = -c1 * c5 * c[(i - 1) * (M + 1)] / c2;
            }
          for (guint k = mn; k >= 1; k--)
            c[j * (M + 1) + k] = (c4 * c[j * (M + 1) + k] - k * c[j * (M + 1) + k - 1]) / c3;
          c[j * (M + 1)] = c4 * c[j * (M + 1)] / c3;
        }
      c1 = c2;
    }
}

void
ref_problem_exact_jets (PlProblem    *problem,
                        const double *x,
                        gsize         P,
                        const double *w,
                        double       *jets)
{
  const PlJetSpec *spec = pl_problem_get_jet_spec (problem);
  guint d = pl_problem_get_n_inputs (problem), m = pl_problem_get_n_outputs (problem);
  guint K = spec->n_components;
  double lower[3], upper[3];
  gsize S = 1, n_eval;
  g_autofree double *weights = g_new (double, P * d * REF_FD_NODES * 4);
  g_autofree double *pts = NULL, *vals = NULL;
  g_autoptr(GError) error = NULL;

  pl_problem_get_bounds (problem, lower, upper);
  for (guint j = 0; j < d; j++)
    S *= REF_FD_NODES;
  n_eval = P * S;
  pts = g_new (double, d * n_eval);
  vals = g_new (double, m * n_eval);
  for (gsize p = 0; p < P; p++)
    for (guint j = 0; j < d; j++)
      {
        double nodes[REF_FD_NODES], c = CLAMP (x[j * P + p], lower[j] + w[j], upper[j] - w[j]);

        for (guint i = 0; i < REF_FD_NODES; i++)
          nodes[i] = c + w[j] * cos (G_PI * (2 * i + 1) / (2.0 * REF_FD_NODES));
        ref_fornberg (x[j * P + p], nodes, REF_FD_NODES, 3,
                      weights + (p * d + j) * REF_FD_NODES * 4);
        for (gsize s = 0; s < S; s++)
          {
            gsize idx = s;

            for (guint jj = 0; jj < j; jj++)
              idx /= REF_FD_NODES;
            pts[j * n_eval + p * S + s] = nodes[idx % REF_FD_NODES];
          }
      }
  g_assert_true (pl_problem_exact (problem, pts, n_eval, vals, &error));
  g_assert_no_error (error);

  for (guint o = 0; o < m; o++)
    for (guint k = 0; k < K; k++)
      for (gsize p = 0; p < P; p++)
        {
          double sum = 0;

          for (gsize s = 0; s < S; s++)
            {
              double wt = 1;
              gsize idx = s;

              for (guint j = 0; j < d; j++, idx /= REF_FD_NODES)
                wt *= weights[((p * d + j) * REF_FD_NODES + idx % REF_FD_NODES) * 4
                              + spec->alpha[k][j]];
              sum += wt * vals[o * n_eval + p * S + s];
            }
          jets[(o * K + k) * P + p] = sum;
        }
}

double
ref_central5_d1 (const double *f,
                 double        h)
{
  return (f[0] - 8.0 * f[1] + 8.0 * f[3] - f[4]) / (12.0 * h);
}

double
ref_central5_d2 (const double *f,
                 double        h)
{
  return (-f[0] + 16.0 * f[1] - 30.0 * f[2] + 16.0 * f[3] - f[4]) / (12.0 * h * h);
}
