/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-landscape-hessian.c: the extreme eigenvalues of the Hessian of an objective, from finite
 * differences of its exact gradient: the full matrix for small models, Lanczos on
 * Hessian-vector products for large ones (see pl-landscape.h).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-landscape.h"
#include "pl-landscape-private.h"
#include "pl-error.h"
#include "pl-rng.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

static const char *method_names[] = { "auto", "full", "lanczos" };

const char *
pl_hessian_method_to_string (PlHessianMethod method)
{
  g_return_val_if_fail ((guint) method < G_N_ELEMENTS (method_names), NULL);
  return method_names[method];
}

gboolean
pl_hessian_method_from_string (const char      *name,
                               PlHessianMethod *method,
                               GError         **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (method_names); i++)
    if (g_ascii_strcasecmp (name, method_names[i]) == 0)
      {
        *method = (PlHessianMethod) i;
        return TRUE;
      }
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "unknown Hessian method '%s' (auto, full, lanczos)", name);
  return FALSE;
}

void
pl_hessian_config_init (PlHessianConfig *c)
{
  memset (c, 0, sizeof *c);
  c->method = PL_HESSIAN_AUTO;
  c->full_max = 300;
  c->iterations = 30;
  c->step = 1e-4;
  c->tolerance = 1e-8;
  c->seed = 1;
}

void
pl_hessian_free (PlHessian *h)
{
  if (h == NULL)
    return;
  g_free (h->values);
  g_free (h);
}

/* Points theta -+ h v for a set of vectors: point 2i is theta + h v_i, point 2i + 1 is
 * theta - h v_i. axis: v_i = e_i (the full Hessian); otherwise the one vector v. */
typedef struct {
  const double *theta;
  const double *v;      /* NULL: axis vectors */
  double        h;
} ShiftFill;

static void
shift_fill (gconstpointer  data,
            gsize          np,
            gsize          start,
            gsize          len,
            double        *p)
{
  const ShiftFill *s = data;

  for (gsize b = 0; b < len; b++)
    {
      gsize q = start + b;
      double sh = (q % 2 == 0 ? 1.0 : -1.0) * s->h;

      for (gsize k = 0; k < np; k++)
        p[k * len + b] = s->theta[k];
      if (s->v == NULL)
        p[(q / 2) * len + b] += sh;
      else
        for (gsize k = 0; k < np; k++)
          p[k * len + b] += sh * s->v[k];
    }
}

static gboolean
check_gradients (const double  *g,
                 gsize          n,
                 GError       **error)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (g[i]))
      {
        g_set_error_literal (error, PL_ERROR, PL_ERROR_NUMERIC,
                             "the gradient is not finite near the point: no Hessian there");
        return FALSE;
      }
  return TRUE;
}

static gboolean
hessian_full (PlObjective          *obj,
              const double         *point,
              const PlHessianConfig *cfg,
              PlLandscapeProgress   progress,
              gpointer              user_data,
              GCancellable         *cancellable,
              PlHessian            *out,
              GError              **error)
{
  gsize np = pl_objective_n_params (obj);
  g_autofree double *values = g_new (double, 2 * np);
  g_autofree double *g = g_new (double, 2 * np * np);
  g_autofree double *H = g_new (double, np * np);
  ShiftFill fill = { point, NULL, cfg->step };
  lapack_int info;

  if (!_pl_objective_run (obj, 2 * np, shift_fill, &fill, values, g, progress, user_data,
                          cancellable, error))
    return FALSE;
  if (!check_gradients (g, 2 * np * np, error))
    return FALSE;

  /* column k from the pair of points 2k, 2k + 1; then the symmetric part */
  for (gsize k = 0; k < np; k++)
    for (gsize i = 0; i < np; i++)
      H[i * np + k] = (g[(2 * k) * np + i] - g[(2 * k + 1) * np + i]) / (2.0 * cfg->step);
  for (gsize i = 0; i < np; i++)
    for (gsize k = i + 1; k < np; k++)
      {
        double s = 0.5 * (H[i * np + k] + H[k * np + i]);
        H[i * np + k] = H[k * np + i] = s;
      }

  out->values = g_new (double, np);
  info = LAPACKE_dsyev (LAPACK_ROW_MAJOR, 'N', 'U', (lapack_int) np, H, (lapack_int) np,
                        out->values);
  if (info != 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                   "the Hessian eigenvalues did not converge (dsyev info %d)", (int) info);
      return FALSE;
    }
  out->method = PL_HESSIAN_FULL;
  out->n_values = (guint) np;
  out->lambda_min = out->values[0];
  out->lambda_max = out->values[np - 1];
  out->iterations = (guint) np;
  out->gradients = 2 * np;
  return TRUE;
}

/* Ritz values of the j x j tridiagonal (a, b) into ritz (ascending), and the residual bounds
 * |b_last s_{j-1,i}| of the smallest and largest. */
static gboolean
ritz (const double  *a,
      const double  *b,
      guint          j,
      double         b_last,
      double        *ritz_values,
      double        *work,
      double        *z,
      double        *res_min,
      double        *res_max,
      GError       **error)
{
  lapack_int info;

  memcpy (ritz_values, a, j * sizeof (double));
  if (j > 1)
    memcpy (work, b, (j - 1) * sizeof (double));
  info = LAPACKE_dstev (LAPACK_COL_MAJOR, 'V', (lapack_int) j, ritz_values, work, z,
                        (lapack_int) j);
  if (info != 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                   "the Lanczos tridiagonal eigenvalues did not converge (dstev info %d)",
                   (int) info);
      return FALSE;
    }
  /* column-major: eigenvector i is z[i * j .. i * j + j), its last component z[i * j + j - 1] */
  *res_min = fabs (b_last * z[j - 1]);
  *res_max = fabs (b_last * z[(gsize) (j - 1) * j + j - 1]);
  return TRUE;
}

static gboolean
hessian_lanczos (PlObjective           *obj,
                 const double          *point,
                 const PlHessianConfig *cfg,
                 PlLandscapeProgress    progress,
                 gpointer               user_data,
                 GCancellable          *cancellable,
                 PlHessian             *out,
                 GError               **error)
{
  gsize np = pl_objective_n_params (obj);
  guint k = (guint) MIN ((gsize) MAX (cfg->iterations, 1), np);
  g_autofree double *V = g_new (double, (gsize) (k + 1) * np);  /* Lanczos vectors, rows */
  g_autofree double *w = g_new (double, np);
  g_autofree double *a = g_new (double, k);
  g_autofree double *b = g_new (double, k);
  g_autofree double *rv = g_new (double, k);
  g_autofree double *work = g_new (double, k);
  g_autofree double *z = g_new (double, (gsize) k * k);
  g_autofree double *c = g_new (double, k + 1);
  g_autofree double *g = g_new (double, 2 * np);
  double values[2], scale = 0, res_min = 0, res_max = 0;
  guint j, steps = 0;
  PlRng rng;

  /* a random start has a component along every eigenvector with probability one */
  pl_rng_init (&rng, cfg->seed);
  for (gsize i = 0; i < np; i++)
    V[i] = pl_rng_normal (&rng);
  cblas_dscal ((blasint) np, 1.0 / cblas_dnrm2 ((blasint) np, V, 1), V, 1);

  for (j = 0; j < k; j++)
    {
      const double *v = V + (gsize) j * np;
      ShiftFill fill = { point, v, cfg->step };
      double beta;

      if (!_pl_objective_run (obj, 2, shift_fill, &fill, values, g, NULL, NULL, cancellable,
                              error))
        return FALSE;
      if (!check_gradients (g, 2 * np, error))
        return FALSE;
      for (gsize i = 0; i < np; i++)
        w[i] = (g[i] - g[np + i]) / (2.0 * cfg->step);

      a[j] = cblas_ddot ((blasint) np, v, 1, w, 1);
      /* full re-orthogonalisation against every previous vector, twice ("twice is enough",
       * Parlett): this also removes the alpha_j v_j and beta_{j-1} v_{j-1} terms */
      for (int pass = 0; pass < 2; pass++)
        {
          cblas_dgemv (CblasRowMajor, CblasNoTrans, (blasint) (j + 1), (blasint) np, 1.0, V,
                       (blasint) np, w, 1, 0.0, c, 1);
          cblas_dgemv (CblasRowMajor, CblasTrans, (blasint) (j + 1), (blasint) np, -1.0, V,
                       (blasint) np, c, 1, 1.0, w, 1);
        }
      beta = cblas_dnrm2 ((blasint) np, w, 1);
      b[j] = beta;
      scale = MAX (scale, fabs (a[j]) + (j > 0 ? b[j - 1] : 0.0) + beta);
      steps = j + 1;

      if (!ritz (a, b, steps, beta, rv, work, z, &res_min, &res_max, error))
        return FALSE;
      if (progress != NULL)
        progress (steps, k, user_data);

      /* an invariant subspace: the Ritz values are exact eigenvalues */
      if (beta <= 1e-13 * scale)
        break;
      if (cfg->tolerance > 0 &&
          MAX (res_min, res_max) <= cfg->tolerance * MAX (fabs (rv[0]), fabs (rv[steps - 1])))
        break;
      if (j + 1 < k)
        for (gsize i = 0; i < np; i++)
          V[(gsize) (j + 1) * np + i] = w[i] / beta;
    }

  out->method = PL_HESSIAN_LANCZOS;
  out->n_values = steps;
  out->values = g_memdup2 (rv, steps * sizeof (double));
  out->lambda_min = rv[0];
  out->lambda_max = rv[steps - 1];
  out->iterations = steps;
  out->gradients = 2 * (guint64) steps;
  out->residual_min = res_min;
  out->residual_max = res_max;
  return TRUE;
}

PlHessian *
pl_landscape_hessian (PlObjective            *obj,
                      const double           *point,
                      const PlHessianConfig  *config,
                      PlLandscapeProgress     progress,
                      gpointer                user_data,
                      GCancellable           *cancellable,
                      GError                **error)
{
  g_autoptr(PlHessian) h = NULL;
  PlHessianConfig cfg;
  gsize np;
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok;

  g_return_val_if_fail (obj != NULL && point != NULL, NULL);

  if (config != NULL)
    cfg = *config;
  else
    pl_hessian_config_init (&cfg);
  np = pl_objective_n_params (obj);

  if ((guint) cfg.method >= G_N_ELEMENTS (method_names))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "unknown Hessian method %d",
                   (int) cfg.method);
      return NULL;
    }
  if (!isfinite (cfg.step) || cfg.step <= 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the finite-difference step must be positive and finite, not %g", cfg.step);
      return NULL;
    }
  if (!isfinite (cfg.tolerance) || cfg.tolerance < 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the Lanczos tolerance must be zero or positive, not %g", cfg.tolerance);
      return NULL;
    }
  if (cfg.iterations == 0 || cfg.iterations > 10000)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the Lanczos iterations must be between 1 and 10000, not %u",
                   cfg.iterations);
      return NULL;
    }
  if (cfg.method == PL_HESSIAN_AUTO)
    cfg.method = np <= cfg.full_max ? PL_HESSIAN_FULL : PL_HESSIAN_LANCZOS;
  if (cfg.method == PL_HESSIAN_FULL && np > 20000)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "a full Hessian of %" G_GSIZE_FORMAT " parameters is too large (at most "
                   "20000): use Lanczos", np);
      return NULL;
    }
  if (!_pl_landscape_check_finite (point, np, "point", error))
    return NULL;
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_CANCELLED, "the computation was cancelled");
      return NULL;
    }

  h = g_new0 (PlHessian, 1);
  h->n_params = np;
  ok = cfg.method == PL_HESSIAN_FULL
         ? hessian_full (obj, point, &cfg, progress, user_data, cancellable, h, error)
         : hessian_lanczos (obj, point, &cfg, progress, user_data, cancellable, h, error);
  if (!ok)
    return NULL;
  h->seconds = (g_get_monotonic_time () - t0) * 1e-6;
  return g_steal_pointer (&h);
}
