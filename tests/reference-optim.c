/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "reference-optim.h"

#include <math.h>

double
ref_rosenbrock (const double *x,
                double       *g,
                gpointer      user_data)
{
  gsize n = GPOINTER_TO_SIZE (user_data);
  double f = 0.0;

  for (gsize i = 0; i + 1 < n; i += 2)
    {
      double a = x[i + 1] - x[i] * x[i], b = 1.0 - x[i];

      f += 100.0 * a * a + b * b;
      g[i] = -400.0 * x[i] * a - 2.0 * b;
      g[i + 1] = 200.0 * a;
    }
  return f;
}

double
ref_quadratic (const double *x,
               double       *g,
               gpointer      user_data)
{
  const RefQuadratic *q = user_data;
  double f = 0.0;

  /* In terms of d = x - xstar, so f is accurate to its last bits near the minimum (where the
   * expanded form would lose everything to cancellation against f(xstar)). */
  for (gsize i = 0; i < q->n; i++)
    {
      double ad = 0.0;

      for (gsize j = 0; j < q->n; j++)
        ad += q->a[i * q->n + j] * (x[j] - q->xstar[j]);
      g[i] = ad;
      f += 0.5 * (x[i] - q->xstar[i]) * ad;
    }
  return f;
}

RefQuadratic *
ref_quadratic_new (gsize         n,
                   const double *eig,
                   PlRng        *rng)
{
  RefQuadratic *q = g_new0 (RefQuadratic, 1);
  g_autofree double *qm = g_new (double, n * n); /* row k: the k-th eigenvector */

  q->n = n;
  q->a = g_new0 (double, n * n);
  q->xstar = g_new (double, n);
  for (gsize k = 0; k < n; k++)
    {
      double *v = qm + k * n, norm = 0.0;

      for (gsize i = 0; i < n; i++)
        v[i] = pl_rng_normal (rng);
      for (gsize j = 0; j < k; j++)
        {
          double d = 0.0;

          for (gsize i = 0; i < n; i++)
            d += v[i] * qm[j * n + i];
          for (gsize i = 0; i < n; i++)
            v[i] -= d * qm[j * n + i];
        }
      for (gsize i = 0; i < n; i++)
        norm += v[i] * v[i];
      for (gsize i = 0; i < n; i++)
        v[i] /= sqrt (norm);
    }
  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < n; j++)
      for (gsize k = 0; k < n; k++)
        q->a[i * n + j] += qm[k * n + i] * eig[k] * qm[k * n + j];
  for (gsize i = 0; i < n; i++)
    q->xstar[i] = pl_rng_normal (rng);
  return q;
}

void
ref_quadratic_free (RefQuadratic *q)
{
  g_free (q->a);
  g_free (q->xstar);
  g_free (q);
}

void
ref_solve (gsize   n,
           double *m,
           double *r,
           double *z)
{
  for (gsize k = 0; k < n; k++)
    {
      gsize piv = k;

      for (gsize i = k + 1; i < n; i++)
        if (fabs (m[i * n + k]) > fabs (m[piv * n + k]))
          piv = i;
      for (gsize j = 0; j < n; j++)
        {
          double t = m[k * n + j];

          m[k * n + j] = m[piv * n + j];
          m[piv * n + j] = t;
        }
      {
        double t = r[k];

        r[k] = r[piv];
        r[piv] = t;
      }
      for (gsize i = k + 1; i < n; i++)
        {
          double f = m[i * n + k] / m[k * n + k];

          for (gsize j = k; j < n; j++)
            m[i * n + j] -= f * m[k * n + j];
          r[i] -= f * r[k];
        }
    }
  for (gsize k = n; k-- > 0;)
    {
      double v = r[k];

      for (gsize j = k + 1; j < n; j++)
        v -= m[k * n + j] * z[j];
      z[k] = v / m[k * n + k];
    }
}

PlOptimizer *
ref_optimizer_new (const PlOptimizerConfig *cfg,
                   gsize                    n)
{
  g_autoptr(GError) error = NULL;
  PlOptimizer *opt = pl_optimizer_new (cfg, n, &error);

  g_assert_no_error (error);
  return opt;
}

void
ref_optimizer_step (PlOptimizer  *opt,
                    double       *x,
                    const double *g)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pl_optimizer_step (opt, x, g, &error));
  g_assert_no_error (error);
}
