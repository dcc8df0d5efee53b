/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-landscape.c: directions, 1-D and 2-D slices, and trajectory projections (see
 * pl-landscape.h). The Hessian is in pl-landscape-hessian.c, the figure in
 * pl-landscape-plot.c.
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

static const char *norm_names[] = { "filter", "none" };

const char *
pl_direction_norm_to_string (PlDirectionNorm norm)
{
  g_return_val_if_fail ((guint) norm < G_N_ELEMENTS (norm_names), NULL);
  return norm_names[norm];
}

gboolean
pl_direction_norm_from_string (const char      *name,
                               PlDirectionNorm *norm,
                               GError         **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (norm_names); i++)
    if (g_ascii_strcasecmp (name, norm_names[i]) == 0)
      {
        *norm = (PlDirectionNorm) i;
        return TRUE;
      }
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "unknown direction normalisation '%s' (filter, none)", name);
  return FALSE;
}

static double
dot (const double *a,
     const double *b,
     gsize         n)
{
  double s = 0;

  for (gsize k = 0; k < n; k++)
    s += a[k] * b[k];
  return s;
}

/* --- directions ----------------------------------------------------------------------- */

gboolean
pl_landscape_axis_direction (const PlObjective  *obj,
                             guint               index,
                             double             *d,
                             GError            **error)
{
  gsize np = pl_objective_n_params (obj);

  g_return_val_if_fail (d != NULL, FALSE);

  if (index >= np)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "parameter index %u is out of range: the objective has %" G_GSIZE_FORMAT
                   " parameters (0 to %" G_GSIZE_FORMAT ")", index, np, np - 1);
      return FALSE;
    }
  memset (d, 0, np * sizeof (double));
  d[index] = 1.0;
  return TRUE;
}

static void
filter_normalize (const PlObjective *obj,
                  const double      *center,
                  double            *d)
{
  gsize np = pl_objective_n_params (obj);
  guint nb = pl_objective_n_blocks (obj);
  const guint *block_of = pl_objective_get_blocks (obj);
  g_autofree double *tn = g_new0 (double, nb);
  g_autofree double *dn = g_new0 (double, nb);

  for (gsize k = 0; k < np; k++)
    {
      tn[block_of[k]] += center[k] * center[k];
      dn[block_of[k]] += d[k] * d[k];
    }
  for (gsize k = 0; k < np; k++)
    {
      guint b = block_of[k];

      d[k] = dn[b] > 0 ? d[k] * sqrt (tn[b]) / sqrt (dn[b]) : 0.0;
    }
}

gboolean
pl_landscape_random_directions (const PlObjective  *obj,
                                const double       *center,
                                PlDirectionNorm     norm,
                                gboolean            orthogonalize,
                                guint64             seed,
                                double             *d1,
                                double             *d2,
                                GError            **error)
{
  gsize np = pl_objective_n_params (obj);
  double *dirs[2] = { d1, d2 };
  PlRng rng;

  g_return_val_if_fail (center != NULL && d1 != NULL, FALSE);

  if ((guint) norm >= G_N_ELEMENTS (norm_names))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "unknown direction normalisation %d", (int) norm);
      return FALSE;
    }
  if (!_pl_landscape_check_finite (center, np, "center", error))
    return FALSE;
  if (d2 != NULL && np < 2)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "two directions need at least two parameters; the objective has one "
                           "(use a 1-D slice)");
      return FALSE;
    }

  pl_rng_init (&rng, seed);
  for (guint i = 0; i < 2; i++)
    {
      if (dirs[i] == NULL)
        continue;
      for (gsize k = 0; k < np; k++)
        dirs[i][k] = pl_rng_normal (&rng);
      if (norm == PL_DIRECTION_NORM_FILTER)
        filter_normalize (obj, center, dirs[i]);
      if (dot (dirs[i], dirs[i], np) == 0)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                               "the filter-normalised direction is zero: every parameter block "
                               "of the centre is zero (use --normalize none or parameter axes)");
          return FALSE;
        }
    }

  if (d2 != NULL && orthogonalize)
    {
      double n11 = dot (d1, d1, np), n22 = dot (d2, d2, np), c = dot (d1, d2, np), n2;

      for (gsize k = 0; k < np; k++)
        d2[k] -= c / n11 * d1[k];
      n2 = dot (d2, d2, np);
      if (!(n2 > 1e-24 * n22))
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                               "the two random directions are parallel (only one parameter "
                               "block moves); use parameter axes or no orthogonalisation");
          return FALSE;
        }
      for (gsize k = 0; k < np; k++)
        d2[k] *= sqrt (n22 / n2);
    }
  return TRUE;
}

gboolean
pl_landscape_pca_directions (gsize          np,
                             const double  *center,
                             const double  *thetas,
                             gsize          n,
                             double        *d1,
                             double        *d2,
                             double        *explained,
                             GError       **error)
{
  g_autofree double *r = NULL;
  g_autofree double *gram = NULL;
  g_autofree double *w = NULL;
  double *dirs[2] = { d1, d2 };
  double trace = 0;
  lapack_int info;

  g_return_val_if_fail (np > 0 && center != NULL && d1 != NULL, FALSE);

  if (n < 2 || thetas == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "principal directions need at least two trajectory points, not %"
                   G_GSIZE_FORMAT, thetas == NULL ? 0 : n);
      return FALSE;
    }
  if (n > 20000)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "principal directions of %" G_GSIZE_FORMAT " trajectory points: at most "
                   "20000 (keep fewer snapshots)", n);
      return FALSE;
    }
  if (!_pl_landscape_check_finite (center, np, "center", error) ||
      !_pl_landscape_check_finite (thetas, n * np, "thetas", error))
    return FALSE;

  r = g_new (double, n * np);
  for (gsize t = 0; t < n; t++)
    for (gsize k = 0; k < np; k++)
      r[t * np + k] = thetas[t * np + k] - center[k];
  /* K = R R^T (n x n): its eigenvectors u_i give the right singular vectors R^T u_i / sigma_i */
  gram = g_new0 (double, n * n);
  cblas_dsyrk (CblasRowMajor, CblasUpper, CblasNoTrans, (blasint) n, (blasint) np, 1.0, r,
               (blasint) np, 0.0, gram, (blasint) n);
  for (gsize t = 0; t < n; t++)
    trace += gram[t * n + t];
  w = g_new (double, n);
  info = LAPACKE_dsyev (LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int) n, gram, (lapack_int) n, w);
  if (info != 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                   "the eigenvalues of the trajectory's Gram matrix did not converge (dsyev "
                   "info %d)", (int) info);
      return FALSE;
    }

  for (guint i = 0; i < 2; i++)
    {
      gsize col = n - 1 - i;   /* eigenvalues ascending: the largest last */
      double lam = w[col], nrm, first;

      if (dirs[i] == NULL)
        continue;
      /* eigenvalues below rounding (about n eps trace) are no direction */
      if (!(lam > 1e-12 * trace) || trace == 0)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "the trajectory spans fewer than %u dimensions around the centre: no "
                       "principal direction %u", i + 1, i + 1);
          return FALSE;
        }
      memset (dirs[i], 0, np * sizeof (double));
      for (gsize t = 0; t < n; t++)
        cblas_daxpy ((blasint) np, gram[t * n + col], r + t * np, 1, dirs[i], 1);
      nrm = sqrt (dot (dirs[i], dirs[i], np));
      first = 0;
      for (gsize t = 0; t < n && first == 0; t++)
        first = dot (r + t * np, dirs[i], np);
      for (gsize k = 0; k < np; k++)
        dirs[i][k] *= (first < 0 ? -1.0 : 1.0) / nrm;
      if (explained != NULL)
        explained[i] = lam / trace;
    }
  return TRUE;
}

/* --- slices --------------------------------------------------------------------------- */

typedef struct {
  const double *center;
  const double *d1;
  const double *d2;     /* NULL in 1-D */
  const double *alpha;
  const double *beta;
  guint         nx;
  gsize         n_grid; /* point n_grid is the centre */
} SliceFill;

static void
slice_fill (gconstpointer  data,
            gsize          np,
            gsize          start,
            gsize          len,
            double        *p)
{
  const SliceFill *s = data;

  for (gsize b = 0; b < len; b++)
    {
      gsize q = start + b;
      double a = 0, c = 0;

      if (q < s->n_grid)
        {
          a = s->alpha[q % s->nx];
          c = s->d2 != NULL ? s->beta[q / s->nx] : 0.0;
        }
      for (gsize k = 0; k < np; k++)
        p[k * len + b] = s->center[k] + a * s->d1[k] + (s->d2 != NULL ? c * s->d2[k] : 0.0);
    }
}

static gboolean
check_direction (const double  *d,
                 gsize          np,
                 const char    *what,
                 GError       **error)
{
  if (!_pl_landscape_check_finite (d, np, what, error))
    return FALSE;
  if (dot (d, d, np) == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "direction %s is zero", what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_count (guint        n,
             const char  *what,
             GError     **error)
{
  if (n < 2 || n > 100000)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the grid needs 2 to 100000 points along %s, not %u", what, n);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_span (double       span,
            const char  *what,
            GError     **error)
{
  if (!isfinite (span) || span <= 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the span along %s must be positive and finite, not %g", what, span);
      return FALSE;
    }
  return TRUE;
}

static PlLandscape *
slice (PlObjective          *obj,
       const double         *center,
       const double         *d1,
       const double         *d2,
       guint                 nx,
       guint                 ny,
       double                span_x,
       double                span_y,
       PlLandscapeProgress   progress,
       gpointer              user_data,
       GCancellable         *cancellable,
       GError              **error)
{
  gsize np = pl_objective_n_params (obj);
  g_autoptr(PlLandscape) ls = NULL;
  g_autofree double *values = NULL;
  SliceFill fill;
  gsize n_grid = (gsize) nx * ny;
  gint64 t0 = g_get_monotonic_time ();

  if (!_pl_landscape_check_finite (center, np, "center", error) ||
      !check_direction (d1, np, "d1", error) ||
      (d2 != NULL && !check_direction (d2, np, "d2", error)))
    return NULL;
  if (n_grid > 10000000)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "a grid of %u x %u points is larger than the 10^7 points allowed", nx, ny);
      return NULL;
    }

  ls = g_new0 (PlLandscape, 1);
  ls->nx = nx;
  ls->ny = ny;
  ls->n_params = np;
  ls->alpha = g_new (double, nx);
  ls->beta = g_new0 (double, ny);
  for (guint i = 0; i < nx; i++)
    ls->alpha[i] = -span_x + 2.0 * span_x * i / (nx - 1);
  if (d2 != NULL)
    for (guint j = 0; j < ny; j++)
      ls->beta[j] = -span_y + 2.0 * span_y * j / (ny - 1);
  /* the middle of an odd grid is exactly the centre, not -span + span * 2 * m / (n - 1) */
  if (nx % 2 == 1)
    ls->alpha[nx / 2] = 0.0;
  if (d2 != NULL && ny % 2 == 1)
    ls->beta[ny / 2] = 0.0;
  ls->center = g_memdup2 (center, np * sizeof (double));
  ls->d1 = g_memdup2 (d1, np * sizeof (double));
  ls->d2 = d2 != NULL ? g_memdup2 (d2, np * sizeof (double)) : NULL;

  fill = (SliceFill) { center, d1, d2, ls->alpha, ls->beta, nx, n_grid };
  values = g_new (double, n_grid + 1);
  if (!_pl_objective_run (obj, n_grid + 1, slice_fill, &fill, values, NULL, progress, user_data,
                          cancellable, error))
    return NULL;

  ls->loss = g_memdup2 (values, n_grid * sizeof (double));
  ls->center_loss = values[n_grid];
  ls->loss_min = NAN;
  ls->loss_max = NAN;
  for (gsize q = 0; q < n_grid; q++)
    {
      double v = values[q];

      if (!isfinite (v))
        {
          ls->n_nonfinite++;
          continue;
        }
      if (!(v >= ls->loss_min))
        ls->loss_min = v;
      if (!(v <= ls->loss_max))
        ls->loss_max = v;
    }
  ls->seconds = (g_get_monotonic_time () - t0) * 1e-6;
  return g_steal_pointer (&ls);
}

PlLandscape *
pl_landscape_slice_2d (PlObjective            *obj,
                       const double           *center,
                       const double           *d1,
                       const double           *d2,
                       const PlLandscapeGrid  *grid,
                       PlLandscapeProgress     progress,
                       gpointer                user_data,
                       GCancellable           *cancellable,
                       GError                **error)
{
  double span_y;

  g_return_val_if_fail (obj != NULL && center != NULL && d1 != NULL && d2 != NULL, NULL);
  g_return_val_if_fail (grid != NULL, NULL);

  span_y = grid->span_y == 0 ? grid->span_x : grid->span_y;
  if (!check_count (grid->nx, "alpha (nx)", error) || !check_count (grid->ny, "beta (ny)", error)
      || !check_span (grid->span_x, "alpha", error) || !check_span (span_y, "beta", error))
    return NULL;
  return slice (obj, center, d1, d2, grid->nx, grid->ny, grid->span_x, span_y, progress,
                user_data, cancellable, error);
}

PlLandscape *
pl_landscape_slice_1d (PlObjective          *obj,
                       const double         *center,
                       const double         *d,
                       guint                 n,
                       double                span,
                       PlLandscapeProgress   progress,
                       gpointer              user_data,
                       GCancellable         *cancellable,
                       GError              **error)
{
  g_return_val_if_fail (obj != NULL && center != NULL && d != NULL, NULL);

  if (!check_count (n, "the direction", error) || !check_span (span, "the direction", error))
    return NULL;
  return slice (obj, center, d, NULL, n, 1, span, 0, progress, user_data, cancellable, error);
}

void
pl_landscape_free (PlLandscape *ls)
{
  if (ls == NULL)
    return;
  g_free (ls->alpha);
  g_free (ls->beta);
  g_free (ls->loss);
  g_free (ls->center);
  g_free (ls->d1);
  g_free (ls->d2);
  g_free (ls);
}

/* --- trajectories --------------------------------------------------------------------- */

gboolean
pl_landscape_project_points (gsize          np,
                             const double  *center,
                             const double  *d1,
                             const double  *d2,
                             const double  *thetas,
                             gsize          n,
                             double        *alpha,
                             double        *beta,
                             double        *distance,
                             GError       **error)
{
  double g11, g22 = 1, g12 = 0, det = 1;

  g_return_val_if_fail (center != NULL && d1 != NULL && alpha != NULL, FALSE);
  g_return_val_if_fail (d2 == NULL || beta != NULL, FALSE);
  g_return_val_if_fail (n == 0 || thetas != NULL, FALSE);

  if (!_pl_landscape_check_finite (center, np, "center", error) ||
      !check_direction (d1, np, "d1", error) ||
      (d2 != NULL && !check_direction (d2, np, "d2", error)) ||
      !_pl_landscape_check_finite (thetas, n * np, "thetas", error))
    return FALSE;

  g11 = dot (d1, d1, np);
  if (d2 != NULL)
    {
      double tr, disc, lmin, lmax;

      g22 = dot (d2, d2, np);
      g12 = dot (d1, d2, np);
      /* eigenvalues of the symmetric 2 x 2 Gram matrix give its condition number */
      tr = 0.5 * (g11 + g22);
      disc = hypot (0.5 * (g11 - g22), g12);
      lmax = tr + disc;
      lmin = (g11 * g22 - g12 * g12) / lmax;
      if (!(lmin > 1e-12 * lmax))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "the directions are (nearly) parallel: the condition number of their "
                       "Gram matrix is %.3g", lmin > 0 ? lmax / lmin : INFINITY);
          return FALSE;
        }
      det = g11 * g22 - g12 * g12;
    }

  for (gsize t = 0; t < n; t++)
    {
      const double *th = thetas + t * np;
      double r1 = 0, r2 = 0, a, b = 0;

      for (gsize k = 0; k < np; k++)
        {
          double r = th[k] - center[k];

          r1 += d1[k] * r;
          if (d2 != NULL)
            r2 += d2[k] * r;
        }
      if (d2 != NULL)
        {
          a = (g22 * r1 - g12 * r2) / det;
          b = (g11 * r2 - g12 * r1) / det;
          beta[t] = b;
        }
      else
        {
          a = r1 / g11;
          if (beta != NULL)
            beta[t] = 0.0;
        }
      alpha[t] = a;
      if (distance != NULL)
        {
          double s = 0;

          for (gsize k = 0; k < np; k++)
            {
              double e = th[k] - center[k] - a * d1[k] - (d2 != NULL ? b * d2[k] : 0.0);
              s += e * e;
            }
          distance[t] = sqrt (s);
        }
    }
  return TRUE;
}

PlLandscapeTrajectory *
pl_landscape_project (const PlLandscape    *ls,
                      PlObjective          *obj,
                      const double         *thetas,
                      gsize                 n,
                      PlLandscapeProgress   progress,
                      gpointer              user_data,
                      GCancellable         *cancellable,
                      GError              **error)
{
  g_autoptr(PlLandscapeTrajectory) tr = NULL;

  g_return_val_if_fail (ls != NULL && obj != NULL, NULL);
  g_return_val_if_fail (n == 0 || thetas != NULL, NULL);

  if (pl_objective_n_params (obj) != ls->n_params)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the objective has %" G_GSIZE_FORMAT " parameters, the landscape %"
                   G_GSIZE_FORMAT, pl_objective_n_params (obj), ls->n_params);
      return NULL;
    }
  tr = g_new0 (PlLandscapeTrajectory, 1);
  tr->n = n;
  tr->alpha = g_new (double, MAX (n, 1));
  tr->beta = g_new (double, MAX (n, 1));
  tr->distance = g_new (double, MAX (n, 1));
  tr->loss = g_new (double, MAX (n, 1));
  if (!pl_landscape_project_points (ls->n_params, ls->center, ls->d1, ls->d2, thetas, n,
                                    tr->alpha, tr->beta, tr->distance, error))
    return NULL;
  if (!pl_objective_evaluate (obj, n, thetas, tr->loss, progress, user_data, cancellable, error))
    return NULL;
  return g_steal_pointer (&tr);
}

void
pl_landscape_trajectory_free (PlLandscapeTrajectory *tr)
{
  if (tr == NULL)
    return;
  g_free (tr->alpha);
  g_free (tr->beta);
  g_free (tr->distance);
  g_free (tr->loss);
  g_free (tr);
}
