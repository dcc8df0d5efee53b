/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * reference-landscape.c: a quadratic objective with a known Hessian for the landscape tests:
 * closed-form loss and gradient, eigenvalues fixed by construction; and the norm of one block
 * of a vector, for filter normalisation.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

static void
quad_free (gpointer data)
{
  RefQuad *q = data;

  g_free (q->A);
  g_free (q->m);
  g_free (q);
}

static void
quad_count (RefQuad *q)
{
  gint call = g_atomic_int_add (&q->calls, 1) + 1;

  if (q->cancel_at > 0 && call == q->cancel_at)
    g_cancellable_cancel (q->cancellable);
}

double
ref_quad_value (const RefQuad *q,
                const double  *theta,
                double        *grad)
{
  double f = q->c;

  for (gsize i = 0; i < q->n; i++)
    {
      double gi = 0;

      for (gsize k = 0; k < q->n; k++)
        gi += q->A[i * q->n + k] * (theta[k] - q->m[k]);
      f += 0.5 * (theta[i] - q->m[i]) * gi;
      if (grad != NULL)
        grad[i] = gi;
    }
  return f;
}

static gboolean
quad_evaluate (gpointer      data,
               gsize         batch,
               const double *params,
               double       *values,
               GError      **error)
{
  RefQuad *q = data;
  g_autofree double *th = g_new (double, q->n);

  quad_count (q);
  for (gsize b = 0; b < batch; b++)
    {
      for (gsize k = 0; k < q->n; k++)
        th[k] = params[k * batch + b];
      values[b] = ref_quad_value (q, th, NULL);
    }
  return TRUE;
}

static gboolean
quad_gradient (gpointer      data,
               gsize         batch,
               const double *params,
               double       *values,
               double       *grads,
               GError      **error)
{
  RefQuad *q = data;
  g_autofree double *th = g_new (double, q->n);
  g_autofree double *g = g_new (double, q->n);

  quad_count (q);
  for (gsize b = 0; b < batch; b++)
    {
      for (gsize k = 0; k < q->n; k++)
        th[k] = params[k * batch + b];
      values[b] = ref_quad_value (q, th, g);
      for (gsize k = 0; k < q->n; k++)
        grads[k * batch + b] = g[k];
    }
  return TRUE;
}

static const PlObjectiveClass quad_class = { quad_evaluate, quad_gradient };

/* A = Q diag (lambda) Q^T with Q a product of three random Householder reflections, so the
 * eigenvalues are exactly lambda (up to rounding). */
PlObjective *
ref_quad_new (gsize          n,
              const double  *lambda,
              guint64        seed,
              gsize          batch,
              guint          threads,
              RefQuad      **out)
{
  RefQuad *q = g_new0 (RefQuad, 1);
  PlObjectiveInfo info = { n, batch, batch, threads };
  g_autofree double *Q = g_new0 (double, n * n);
  g_autofree double *v = g_new (double, n);
  g_autofree double *tmp = g_new (double, n * n);
  PlRng rng;

  pl_rng_init (&rng, seed);
  for (gsize i = 0; i < n; i++)
    Q[i * n + i] = 1;
  for (int r = 0; r < 3; r++)
    {
      double nv = 0;

      for (gsize i = 0; i < n; i++)
        {
          v[i] = pl_rng_normal (&rng);
          nv += v[i] * v[i];
        }
      /* Q <- Q (I - 2 v v^T / v.v) */
      for (gsize i = 0; i < n; i++)
        {
          double s = 0;

          for (gsize k = 0; k < n; k++)
            s += Q[i * n + k] * v[k];
          for (gsize k = 0; k < n; k++)
            tmp[i * n + k] = Q[i * n + k] - 2 * s * v[k] / nv;
        }
      memcpy (Q, tmp, n * n * sizeof (double));
    }
  q->n = n;
  q->A = g_new0 (double, n * n);
  for (gsize i = 0; i < n; i++)
    for (gsize k = 0; k < n; k++)
      for (gsize e = 0; e < n; e++)
        q->A[i * n + k] += Q[i * n + e] * lambda[e] * Q[k * n + e];
  q->m = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    q->m[i] = pl_rng_normal (&rng);
  q->c = 0.25;
  if (out != NULL)
    *out = q;
  return pl_objective_new (&quad_class, &info, q, quad_free);
}

double
ref_quad_form (const RefQuad *q,
               const double  *x,
               const double  *y)
{
  double s = 0;

  for (gsize i = 0; i < q->n; i++)
    for (gsize k = 0; k < q->n; k++)
      s += x[i] * q->A[i * q->n + k] * y[k];
  return s;
}

void
ref_random_vector (PlRng  *rng,
                   gsize   n,
                   double *v)
{
  for (gsize i = 0; i < n; i++)
    v[i] = pl_rng_normal (rng);
}

double
ref_block_norm (const double *v,
                const guint  *block_of,
                gsize         n,
                guint         block)
{
  double s = 0;

  for (gsize k = 0; k < n; k++)
    if (block_of[k] == block)
      s += v[k] * v[k];
  return sqrt (s);
}
