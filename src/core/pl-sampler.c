/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-sampler.h"
#include "pl-error.h"
#include "pl-rng.h"

#include <math.h>
#include <stdlib.h>

gboolean
pl_sampler_check_box (guint          dim,
                      const double  *lower,
                      const double  *upper,
                      GError       **error)
{
  if (dim < 1 || dim > PL_SAMPLER_MAX_DIM)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "dimension %u is out of range; samplers work in 1 to %u dimensions",
                   dim, PL_SAMPLER_MAX_DIM);
      return FALSE;
    }
  g_return_val_if_fail (lower != NULL && upper != NULL, FALSE);
  for (guint d = 0; d < dim; d++)
    if (!isfinite (lower[d]) || !isfinite (upper[d]) || !(upper[d] > lower[d]))
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "box bounds lower[%u] = %g, upper[%u] = %g; need finite bounds with "
                     "lower < upper", d, lower[d], d, upper[d]);
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_count (const char  *func,
             gsize        n,
             GError     **error)
{
  if (n == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "%s: n = 0 points; ask for at least one", func);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_box_for (const char    *func,
               guint          dim,
               const double  *lower,
               const double  *upper,
               GError       **error)
{
  if (!pl_sampler_check_box (dim, lower, upper, error))
    {
      g_prefix_error (error, "%s: ", func);
      return FALSE;
    }
  return TRUE;
}

static gsize
grid_product (guint        dim,
              const guint *n_per_dim)
{
  gsize n = 1;

  for (guint d = 0; d < dim; d++)
    n *= n_per_dim[d];
  return n;
}

gsize
pl_sampler_grid_shape (guint          dim,
                       const double  *lower,
                       const double  *upper,
                       gsize          n_total,
                       guint         *n_per_dim,
                       GError       **error)
{
  double volume = 1.0, scale;

  g_return_val_if_fail (n_per_dim != NULL, 0);

  if (!check_box_for ("pl_sampler_grid_shape", dim, lower, upper, error)
      || !check_count ("pl_sampler_grid_shape", n_total, error))
    return 0;
  if (n_total > G_MAXUINT)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_sampler_grid_shape: n_total = %" G_GSIZE_FORMAT " is more than %u",
                   n_total, G_MAXUINT);
      return 0;
    }

  for (guint d = 0; d < dim; d++)
    volume *= upper[d] - lower[d];
  scale = pow ((double) n_total / volume, 1.0 / dim);
  for (guint d = 0; d < dim; d++)
    {
      double want = floor ((upper[d] - lower[d]) * scale * (1.0 + 1e-12));

      n_per_dim[d] = (guint) CLAMP (want, 1.0, (double) n_total);
    }
  /* Rounding down (and the clamp) may leave the product above or well below the budget:
   * shrink the densest dimension while over, then grow the sparsest while a point fits. */
  while (grid_product (dim, n_per_dim) > n_total)
    {
      guint best = 0;

      for (guint d = 1; d < dim; d++)
        if (n_per_dim[d] > n_per_dim[best])
          best = d;
      n_per_dim[best]--;
    }
  for (;;)
    {
      guint best = G_MAXUINT;
      double widest = 0.0;
      gsize product = grid_product (dim, n_per_dim);

      for (guint d = 0; d < dim; d++)
        {
          double spacing = (upper[d] - lower[d]) / n_per_dim[d];

          if (product / n_per_dim[d] * (n_per_dim[d] + 1) <= n_total && spacing > widest)
            {
              widest = spacing;
              best = d;
            }
        }
      if (best == G_MAXUINT)
        break;
      n_per_dim[best]++;
    }
  return grid_product (dim, n_per_dim);
}

gboolean
pl_sampler_grid (guint          dim,
                 const double  *lower,
                 const double  *upper,
                 const guint   *n_per_dim,
                 double        *points,
                 GError       **error)
{
  gsize n = 1;

  g_return_val_if_fail (n_per_dim != NULL && points != NULL, FALSE);

  if (!check_box_for ("pl_sampler_grid", dim, lower, upper, error))
    return FALSE;
  for (guint d = 0; d < dim; d++)
    {
      if (n_per_dim[d] == 0)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "pl_sampler_grid: n_per_dim[%u] = 0; every dimension needs a point", d);
          return FALSE;
        }
      if (n > G_MAXSIZE / PL_SAMPLER_MAX_DIM / sizeof (double) / n_per_dim[d])
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "pl_sampler_grid: the grid has too many points to address");
          return FALSE;
        }
      n *= n_per_dim[d];
    }

  for (gsize p = 0; p < n; p++)
    {
      gsize rest = p;

      for (guint d = 0; d < dim; d++)
        {
          guint nd = n_per_dim[d];
          gsize i = rest % nd;

          rest /= nd;
          if (nd == 1)
            points[d * n + p] = 0.5 * (lower[d] + upper[d]);
          else if (i == nd - 1)
            points[d * n + p] = upper[d];
          else
            points[d * n + p] = lower[d] + (upper[d] - lower[d]) * (double) i / (double) (nd - 1);
        }
    }
  return TRUE;
}

gboolean
pl_sampler_uniform (guint          dim,
                    const double  *lower,
                    const double  *upper,
                    gsize          n,
                    PlRng         *rng,
                    double        *points,
                    GError       **error)
{
  g_return_val_if_fail (rng != NULL && points != NULL, FALSE);

  if (!check_box_for ("pl_sampler_uniform", dim, lower, upper, error)
      || !check_count ("pl_sampler_uniform", n, error))
    return FALSE;
  for (guint d = 0; d < dim; d++)
    for (gsize i = 0; i < n; i++)
      points[d * n + i] = lower[d] + (upper[d] - lower[d]) * pl_rng_uniform (rng);
  return TRUE;
}

gboolean
pl_sampler_latin_hypercube (guint          dim,
                            const double  *lower,
                            const double  *upper,
                            gsize          n,
                            PlRng         *rng,
                            double        *points,
                            GError       **error)
{
  g_autofree gsize *perm = NULL;

  g_return_val_if_fail (rng != NULL && points != NULL, FALSE);

  if (!check_box_for ("pl_sampler_latin_hypercube", dim, lower, upper, error)
      || !check_count ("pl_sampler_latin_hypercube", n, error))
    return FALSE;

  perm = g_new (gsize, n);
  for (guint d = 0; d < dim; d++)
    {
      double width = (upper[d] - lower[d]) / (double) n;

      for (gsize i = 0; i < n; i++)
        perm[i] = i;
      for (gsize i = n - 1; i > 0; i--)
        {
          gsize j = pl_rng_below (rng, i + 1);
          gsize tmp = perm[i];

          perm[i] = perm[j];
          perm[j] = tmp;
        }
      for (gsize i = 0; i < n; i++)
        {
          double x = lower[d] + width * ((double) perm[i] + pl_rng_uniform (rng));
          double edge = lower[d] + width * (double) (perm[i] + 1);

          /* Rounding may carry x onto the next stratum's edge; keep it in its own. */
          points[d * n + i] = x < edge ? x : nextafter (edge, -INFINITY);
        }
    }
  return TRUE;
}

typedef struct {
  double key;   /* log(U) / w: the largest n_select keys are the draw (Efraimidis & Spirakis) */
  double tie;   /* random order among zero weights */
  gsize  index;
} Key;

static int
key_compare (const void *pa,
             const void *pb)
{
  const Key *a = pa, *b = pb;

  if (a->key != b->key)
    return a->key > b->key ? -1 : 1;
  if (a->tie != b->tie)
    return a->tie > b->tie ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

gboolean
pl_sampler_rard (guint          dim,
                 gsize          n_candidates,
                 const double  *candidates,
                 const double  *residuals,
                 double         k1,
                 double         k2,
                 gsize          n_select,
                 PlRng         *rng,
                 double        *points,
                 gsize         *indices,
                 GError       **error)
{
  g_autofree Key *keys = NULL;
  double r_max = 0.0, sum = 0.0, mean;

  g_return_val_if_fail (rng != NULL && points != NULL, FALSE);
  g_return_val_if_fail (n_candidates == 0 || (candidates != NULL && residuals != NULL), FALSE);

  if (dim < 1 || dim > PL_SAMPLER_MAX_DIM)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_sampler_rard: dimension %u is out of range; allowed are 1 to %u",
                   dim, PL_SAMPLER_MAX_DIM);
      return FALSE;
    }
  if (n_candidates == 0 || n_select == 0 || n_select > n_candidates)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_sampler_rard: cannot draw n_select = %" G_GSIZE_FORMAT " distinct points "
                   "from n_candidates = %" G_GSIZE_FORMAT "; need 1 <= n_select <= n_candidates",
                   n_select, n_candidates);
      return FALSE;
    }
  if (!(k1 >= 0.0) || !isfinite (k1) || !(k2 >= 0.0) || !isfinite (k2))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_sampler_rard: exponent k1 = %g and offset k2 = %g must be finite and "
                   ">= 0", k1, k2);
      return FALSE;
    }

  for (gsize i = 0; i < n_candidates; i++)
    {
      if (!isfinite (residuals[i]))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                       "pl_sampler_rard: residual %" G_GSIZE_FORMAT " is %g; residuals must be "
                       "finite", i, residuals[i]);
          return FALSE;
        }
      r_max = MAX (r_max, fabs (residuals[i]));
    }

  /* |r|^k1 / mean |r|^k1 is unchanged by scaling r, so scale by the largest |r| first: then
   * no power overflows, however large the residuals or k1. */
  keys = g_new (Key, n_candidates);
  for (gsize i = 0; i < n_candidates; i++)
    {
      keys[i].key = r_max > 0.0 ? pow (fabs (residuals[i]) / r_max, k1) : 1.0;
      sum += keys[i].key;
    }
  mean = sum / (double) n_candidates;

  for (gsize i = 0; i < n_candidates; i++)
    {
      double w = (mean > 0.0 ? keys[i].key / mean : 1.0) + k2;
      /* U in (0, 1]: log U is finite; the key of a larger weight is closer to 0. */
      double u = 1.0 - pl_rng_uniform (rng);

      keys[i].index = i;
      if (w > 0.0)
        {
          keys[i].key = log (u) / w;
          keys[i].tie = 0.0;
        }
      else
        {
          keys[i].key = -INFINITY;
          keys[i].tie = u;
        }
    }
  qsort (keys, n_candidates, sizeof (Key), key_compare);

  for (gsize s = 0; s < n_select; s++)
    {
      gsize i = keys[s].index;

      for (guint d = 0; d < dim; d++)
        points[d * n_select + s] = candidates[d * n_candidates + i];
      if (indices != NULL)
        indices[s] = i;
    }
  return TRUE;
}
