/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loss landscapes: slices of a quadratic objective against its closed-form expansion,
 * trajectory projections of points built inside and off the plane, principal directions of a
 * planar trajectory, filter normalisation, contours, the figure, and the errors (bad grids,
 * indices, directions, cancellation). The quadratic is in reference-landscape.c.
 */
#include "reference.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

/* f(alpha, beta) = f0 + alpha g.d1 + beta g.d2 + (alpha^2 d1Ad1 + 2 alpha beta d1Ad2
 * + beta^2 d2Ad2) / 2, the expansion of the quadratic around the centre. */
static void
test_quadratic_slices (void)
{
  const gsize n = 7;
  const double lambda[7] = { -1.5, -0.2, 0.3, 0.9, 1.7, 2.2, 4.0 };
  RefQuad *q;
  g_autoptr(PlObjective) obj = ref_quad_new (n, lambda, 3, 5, 2, &q);
  g_autoptr(PlLandscape) ls = NULL;
  g_autoptr(PlLandscape) line = NULL;
  g_autoptr(GError) error = NULL;
  double center[7], d1[7], d2[7], g[7], f0, gd1, gd2, a11, a12, a22, lo = INFINITY, hi = -INFINITY;
  PlLandscapeGrid grid = { 9, 6, 1.5, 0.75 };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  ref_random_vector (&rng, n, center);
  ref_random_vector (&rng, n, d1);
  ref_random_vector (&rng, n, d2);
  f0 = ref_quad_value (q, center, g);
  gd1 = gd2 = 0;
  for (gsize k = 0; k < n; k++)
    {
      gd1 += g[k] * d1[k];
      gd2 += g[k] * d2[k];
    }
  a11 = ref_quad_form (q, d1, d1);
  a12 = ref_quad_form (q, d1, d2);
  a22 = ref_quad_form (q, d2, d2);

  ls = pl_landscape_slice_2d (obj, center, d1, d2, &grid, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ls->nx, ==, 9);
  g_assert_cmpuint (ls->ny, ==, 6);
  for (guint j = 0; j < ls->ny; j++)
    for (guint i = 0; i < ls->nx; i++)
      {
        double a = -1.5 + 3.0 * i / 8, b = -0.75 + 1.5 * j / 5;
        double f = f0 + a * gd1 + b * gd2 + 0.5 * (a * a * a11 + 2 * a * b * a12 + b * b * a22);

        g_assert_cmpfloat_with_epsilon (ls->alpha[i], a, 1e-15);
        g_assert_cmpfloat_with_epsilon (ls->beta[j], b, 1e-15);
        g_assert_cmpfloat_with_epsilon (ls->loss[j * ls->nx + i], f, 1e-12 * MAX (1, fabs (f)));
        lo = MIN (lo, ls->loss[j * ls->nx + i]);
        hi = MAX (hi, ls->loss[j * ls->nx + i]);
      }
  g_assert_cmpfloat_with_epsilon (ls->center_loss, f0, 1e-12 * MAX (1, fabs (f0)));
  g_assert_cmpfloat (ls->loss_min, ==, lo);
  g_assert_cmpfloat (ls->loss_max, ==, hi);
  g_assert_cmpuint (ls->n_nonfinite, ==, 0);

  /* 1-D along d2, odd count: the middle point is the centre */
  line = pl_landscape_slice_1d (obj, center, d2, 11, 2.0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (line->ny, ==, 1);
  g_assert_null (line->d2);
  for (guint i = 0; i < 11; i++)
    {
      double b = -2.0 + 4.0 * i / 10, f = f0 + b * gd2 + 0.5 * b * b * a22;

      g_assert_cmpfloat_with_epsilon (line->loss[i], f, 1e-12 * MAX (1, fabs (f)));
    }
  g_assert_cmpfloat (line->alpha[5], ==, 0.0);
  g_assert_cmpfloat_with_epsilon (line->loss[5], line->center_loss, 1e-15);
}

/* Points built as center + a d1 + b d2 (+ e orthogonal to both) come back as (a, b) and
 * distance |e|, also for directions that are not orthogonal. */
static void
test_projection (void)
{
  const gsize n = 9, T = 6;
  double center[9], d1[9], d2[9], e[9], th[6 * 9], a[6], b[6], al[6], be[6], dist[6];
  double g11 = 0, g12 = 0, g22 = 0, e1 = 0, e2 = 0, ne = 0;
  g_autoptr(GError) error = NULL;
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 2);
  ref_random_vector (&rng, n, center);
  ref_random_vector (&rng, n, d1);
  ref_random_vector (&rng, n, d2);
  for (gsize k = 0; k < n; k++)
    d2[k] += 0.8 * d1[k];   /* far from orthogonal */
  ref_random_vector (&rng, n, e);
  /* e <- e minus its projection on span (d1, d2), by the Gram matrix solved here */
  for (gsize k = 0; k < n; k++)
    {
      g11 += d1[k] * d1[k];
      g12 += d1[k] * d2[k];
      g22 += d2[k] * d2[k];
      e1 += d1[k] * e[k];
      e2 += d2[k] * e[k];
    }
  {
    double det = g11 * g22 - g12 * g12, x = (g22 * e1 - g12 * e2) / det,
           y = (g11 * e2 - g12 * e1) / det;

    for (gsize k = 0; k < n; k++)
      {
        e[k] -= x * d1[k] + y * d2[k];
        ne += e[k] * e[k];
      }
    ne = sqrt (ne);
  }

  for (gsize t = 0; t < T; t++)
    {
      a[t] = pl_rng_normal (&rng);
      b[t] = pl_rng_normal (&rng);
      for (gsize k = 0; k < n; k++)
        th[t * n + k] = center[k] + a[t] * d1[k] + b[t] * d2[k] + (t % 2 ? e[k] : 0.0);
    }
  g_assert_true (pl_landscape_project_points (n, center, d1, d2, th, T, al, be, dist, &error));
  g_assert_no_error (error);
  for (gsize t = 0; t < T; t++)
    {
      g_assert_cmpfloat_with_epsilon (al[t], a[t], 1e-12);
      g_assert_cmpfloat_with_epsilon (be[t], b[t], 1e-12);
      g_assert_cmpfloat_with_epsilon (dist[t], t % 2 ? ne : 0.0, 1e-12);
    }

  /* 1-D: alpha = d.r / d.d */
  g_assert_true (pl_landscape_project_points (n, center, d1, NULL, th, T, al, NULL, NULL,
                                              &error));
  for (gsize t = 0; t < T; t++)
    {
      double r1 = 0;

      for (gsize k = 0; k < n; k++)
        r1 += d1[k] * (th[t * n + k] - center[k]);
      g_assert_cmpfloat_with_epsilon (al[t], r1 / g11, 1e-12);
    }

  /* parallel directions cannot span a plane */
  g_assert_false (pl_landscape_project_points (n, center, d1, d1, th, T, al, be, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
}

/* A trajectory inside a plane: the principal directions span it (zero off-plane distance),
 * are orthonormal, and explain all of it; the loss along the trajectory is the closed form. */
static void
test_pca_and_trajectory (void)
{
  const gsize n = 8, T = 12;
  const double lambda[8] = { 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4 };
  RefQuad *q;
  g_autoptr(PlObjective) obj = ref_quad_new (n, lambda, 4, 3, 1, &q);
  g_autoptr(PlLandscape) ls = NULL;
  g_autoptr(PlLandscapeTrajectory) tr = NULL;
  g_autoptr(GError) error = NULL;
  double center[8], u[8], v[8], p1[8], p2[8], th[12 * 8], al[12], be[12], dist[12], ex[2];
  PlLandscapeGrid grid = { 5, 5, 1.0, 0 };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 3);
  ref_random_vector (&rng, n, center);
  ref_random_vector (&rng, n, u);
  ref_random_vector (&rng, n, v);
  for (gsize t = 0; t < T; t++)
    {
      double s = (double) (T - 1 - t) / (T - 1);   /* ends at the centre */

      for (gsize k = 0; k < n; k++)
        th[t * n + k] = center[k] + 2 * s * u[k] + sin (3 * s) * v[k];
    }
  g_assert_true (pl_landscape_pca_directions (n, center, th, T, p1, p2, ex, &error));
  g_assert_no_error (error);
  {
    double n1 = 0, n2 = 0, c = 0;

    for (gsize k = 0; k < n; k++)
      {
        n1 += p1[k] * p1[k];
        n2 += p2[k] * p2[k];
        c += p1[k] * p2[k];
      }
    g_assert_cmpfloat_with_epsilon (n1, 1, 1e-12);
    g_assert_cmpfloat_with_epsilon (n2, 1, 1e-12);
    g_assert_cmpfloat_with_epsilon (c, 0, 1e-10);
  }
  g_assert_cmpfloat_with_epsilon (ex[0] + ex[1], 1.0, 1e-10);
  g_assert_cmpfloat (ex[0], >=, ex[1]);
  g_assert_true (pl_landscape_project_points (n, center, p1, p2, th, T, al, be, dist, &error));
  for (gsize t = 0; t < T; t++)
    g_assert_cmpfloat (dist[t], <, 1e-10);
  g_assert_cmpfloat (al[0], >=, 0);
  g_assert_cmpfloat (be[0], >=, 0);

  /* through a landscape, with the loss at the true points */
  ls = pl_landscape_slice_2d (obj, center, p1, p2, &grid, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  tr = pl_landscape_project (ls, obj, th, T, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tr->n, ==, T);
  for (gsize t = 0; t < T; t++)
    {
      double f = ref_quad_value (q, th + t * n, NULL);

      g_assert_cmpfloat_with_epsilon (tr->alpha[t], al[t], 1e-12);
      g_assert_cmpfloat_with_epsilon (tr->beta[t], be[t], 1e-12);
      g_assert_cmpfloat_with_epsilon (tr->loss[t], f, 1e-12 * MAX (1, fabs (f)));
    }

  /* a straight-line trajectory has no second principal direction */
  for (gsize t = 0; t < T; t++)
    for (gsize k = 0; k < n; k++)
      th[t * n + k] = center[k] + (t + 1.0) * u[k];
  g_assert_false (pl_landscape_pca_directions (n, center, th, T, p1, p2, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (pl_landscape_pca_directions (n, center, th, T, p1, NULL, ex, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (ex[0], 1.0, 1e-12);
}

/* Every block of a filter-normalised direction has the norm of that block of the centre. */
static void
test_filter_normalization (void)
{
  const double lambda[9] = { 1, 1, 1, 1, 1, 1, 1, 1, 1 };
  const guint blocks[9] = { 0, 0, 1, 1, 1, 2, 2, 2, 2 };
  g_autoptr(PlObjective) obj = ref_quad_new (9, lambda, 1, 4, 1, NULL);
  g_autoptr(GError) error = NULL;
  double center[9], d1[9], d2[9], c = 0, n1 = 0, n2 = 0;
  PlRng rng;

  g_assert_true (pl_objective_set_blocks (obj, 3, blocks, NULL, &error));
  g_assert_cmpuint (pl_objective_n_blocks (obj), ==, 3);
  pl_rng_init (&rng, ref_test_seed () + 4);
  ref_random_vector (&rng, 9, center);
  g_assert_true (pl_landscape_random_directions (obj, center, PL_DIRECTION_NORM_FILTER, FALSE,
                                                 5, d1, d2, &error));
  for (guint b = 0; b < 3; b++)
    {
      double want = ref_block_norm (center, blocks, 9, b);

      g_assert_cmpfloat_with_epsilon (ref_block_norm (d1, blocks, 9, b), want, 1e-12 * want);
      g_assert_cmpfloat_with_epsilon (ref_block_norm (d2, blocks, 9, b), want, 1e-12 * want);
    }
  /* the same seed gives the same directions; orthogonalised, d1.d2 = 0 and |d2| is kept */
  {
    double e1[9], e2[9], before = 0;

    for (gsize k = 0; k < 9; k++)
      before += d2[k] * d2[k];
    g_assert_true (pl_landscape_random_directions (obj, center, PL_DIRECTION_NORM_FILTER, TRUE,
                                                   5, e1, e2, &error));
    g_assert_cmpmem (e1, sizeof e1, d1, sizeof d1);
    for (gsize k = 0; k < 9; k++)
      {
        c += e1[k] * e2[k];
        n1 += e1[k] * e1[k];
        n2 += e2[k] * e2[k];
      }
    g_assert_cmpfloat (fabs (c), <, 1e-12 * sqrt (n1 * n2));
    g_assert_cmpfloat_with_epsilon (n2, before, 1e-12 * before);
  }
  /* a block of zeros does not move (Li et al.) */
  center[2] = center[3] = center[4] = 0;
  g_assert_true (pl_landscape_random_directions (obj, center, PL_DIRECTION_NORM_FILTER, FALSE,
                                                 6, d1, NULL, &error));
  g_assert_cmpfloat (ref_block_norm (d1, blocks, 9, 1), ==, 0);
  g_assert_cmpfloat (ref_block_norm (d1, blocks, 9, 2), >, 0);
  /* all zeros: no direction */
  memset (center, 0, sizeof center);
  g_assert_false (pl_landscape_random_directions (obj, center, PL_DIRECTION_NORM_FILTER, FALSE,
                                                  6, d1, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* unnormalised directions are the N(0, 1) draws themselves: same seed, same first draw */
  g_assert_true (pl_landscape_random_directions (obj, center, PL_DIRECTION_NORM_NONE, FALSE,
                                                 6, d1, NULL, &error));
  pl_rng_init (&rng, 6);
  for (gsize k = 0; k < 9; k++)
    g_assert_cmpfloat (d1[k], ==, pl_rng_normal (&rng));
}

/* Iso-lines of L = alpha^2 + beta^2 are circles. */
static void
test_contour (void)
{
  const double lambda[2] = { 2, 2 };   /* 1/2 theta^T (2 I) theta */
  RefQuad *q;
  g_autoptr(PlObjective) obj = ref_quad_new (2, lambda, 1, 8, 1, &q);
  g_autoptr(PlLandscape) ls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  double d1[2] = { 1, 0 }, d2[2] = { 0, 1 };
  PlLandscapeGrid grid = { 41, 41, 2.0, 0 };
  gsize n;

  q->c = 0;
  ls = pl_landscape_slice_2d (obj, q->m, d1, d2, &grid, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  n = pl_landscape_contour (ls, 1.0, &x, &y);
  g_assert_cmpuint (n, >, 30);
  g_assert_cmpuint (n % 3, ==, 0);
  for (gsize i = 0; i < n; i++)
    {
      if (i % 3 == 2)
        {
          g_assert_true (isnan (x[i]) && isnan (y[i]));
          continue;
        }
      g_assert_cmpfloat (fabs (hypot (x[i], y[i]) - 1.0), <, 5e-3);
    }
}

/* The figure holds the grid as its heatmap and the trajectory as a line. */
static void
test_plot (void)
{
  const double lambda[3] = { 1, 2, 3 };
  g_autoptr(PlObjective) obj = ref_quad_new (3, lambda, 2, 8, 1, NULL);
  g_autoptr(PlLandscape) ls = NULL;
  g_autoptr(PlLandscapeTrajectory) tr = NULL;
  g_autoptr(PlFigure) fig = pl_figure_new (1, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plateau-landscape-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "fig.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  double center[3] = { 0.1, 0.2, 0.3 }, d1[3] = { 1, 0, 0 }, d2[3] = { 0, 1, 0 };
  double th[6] = { 0.5, -0.4, 0.3, 0.1, 0.2, 0.3 };
  PlLandscapeGrid grid = { 6, 5, 1, 0 };
  guint heat = 0, traj = 0;
  cairo_surface_t *surface;
  cairo_t *cr;

  ls = pl_landscape_slice_2d (obj, center, d1, d2, &grid, NULL, NULL, NULL, &error);
  tr = pl_landscape_project (ls, obj, th, 2, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pl_landscape_plot (pl_figure_get_axes (fig, 0, 0), ls, tr, TRUE);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 320, 240);
  cr = cairo_create (surface);
  pl_figure_draw (fig, cr, 320, 240);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_assert_true (pl_figure_save_csv (fig, csv, &error));
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      heat += strstr (lines[i], ",heatmap,") != NULL;
      traj += g_str_has_prefix (lines[i], "0,trajectory,line,");
    }
  g_assert_cmpuint (heat, ==, 30);
  g_assert_cmpuint (traj, ==, 2);
  g_unlink (csv);
  g_rmdir (dir);
}

static void
count_progress (guint64  done,
                guint64  total,
                gpointer user_data)
{
  guint64 *last = user_data;

  g_assert_cmpuint (done, >, *last);
  g_assert_cmpuint (done, <=, total);
  *last = done;
}

static void
test_errors (void)
{
  const double lambda[4] = { 1, 2, 3, 4 };
  RefQuad *q;
  g_autoptr(PlObjective) obj = ref_quad_new (4, lambda, 1, 2, 2, &q);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  double center[4] = { 1, 2, 3, 4 }, d1[4] = { 1, 0, 0, 0 }, d2[4] = { 0, 1, 0, 0 };
  double zero[4] = { 0 }, bad[4] = { 1, NAN, 0, 0 };
  const guint blocks_bad[4] = { 0, 0, 2, 2 };
  PlLandscapeGrid grid = { 1, 5, 1.0, 0 };
  PlLandscape *ls;
  PlHessianConfig hc;
  guint64 last = 0;
  gint calls;

#define EXPECT(call, code)                          \
  G_STMT_START {                                    \
    g_assert_false ((call) != 0);                   \
    g_assert_error (error, PL_ERROR, code);         \
    g_clear_error (&error);                         \
  } G_STMT_END

  EXPECT (pl_landscape_slice_2d (obj, center, d1, d2, &grid, NULL, NULL, NULL, &error),
          PL_ERROR_INVALID_ARGUMENT);
  grid = (PlLandscapeGrid) { 5, 1, 1.0, 0 };
  EXPECT (pl_landscape_slice_2d (obj, center, d1, d2, &grid, NULL, NULL, NULL, &error),
          PL_ERROR_INVALID_ARGUMENT);
  grid = (PlLandscapeGrid) { 5, 5, 0.0, 0 };
  EXPECT (pl_landscape_slice_2d (obj, center, d1, d2, &grid, NULL, NULL, NULL, &error),
          PL_ERROR_INVALID_ARGUMENT);
  grid = (PlLandscapeGrid) { 5, 5, 1.0, -1 };
  EXPECT (pl_landscape_slice_2d (obj, center, d1, d2, &grid, NULL, NULL, NULL, &error),
          PL_ERROR_INVALID_ARGUMENT);
  grid = (PlLandscapeGrid) { 5, 5, NAN, 0 };
  EXPECT (pl_landscape_slice_2d (obj, center, d1, d2, &grid, NULL, NULL, NULL, &error),
          PL_ERROR_INVALID_ARGUMENT);
  EXPECT (pl_landscape_slice_1d (obj, center, d1, 1, 1.0, NULL, NULL, NULL, &error),
          PL_ERROR_INVALID_ARGUMENT);
  EXPECT (pl_landscape_slice_1d (obj, center, d1, 9, -2.0, NULL, NULL, NULL, &error),
          PL_ERROR_INVALID_ARGUMENT);
  EXPECT (pl_landscape_slice_1d (obj, center, zero, 9, 1.0, NULL, NULL, NULL, &error),
          PL_ERROR_INVALID_ARGUMENT);
  EXPECT (pl_landscape_slice_1d (obj, bad, d1, 9, 1.0, NULL, NULL, NULL, &error),
          PL_ERROR_INVALID_ARGUMENT);
  EXPECT (pl_landscape_axis_direction (obj, 4, d1, &error), PL_ERROR_INVALID_ARGUMENT);
  EXPECT (pl_objective_set_blocks (obj, 3, blocks_bad, NULL, &error), PL_ERROR_INVALID_ARGUMENT);
  EXPECT (pl_objective_set_blocks (obj, 2, blocks_bad, NULL, &error), PL_ERROR_INVALID_ARGUMENT);
  pl_hessian_config_init (&hc);
  hc.step = 0;
  EXPECT (pl_landscape_hessian (obj, center, &hc, NULL, NULL, NULL, &error),
          PL_ERROR_INVALID_ARGUMENT);
  pl_hessian_config_init (&hc);
  hc.iterations = 0;
  EXPECT (pl_landscape_hessian (obj, center, &hc, NULL, NULL, NULL, &error),
          PL_ERROR_INVALID_ARGUMENT);

  /* cancelled before the start: no call at all */
  g_cancellable_cancel (cancellable);
  grid = (PlLandscapeGrid) { 9, 9, 1.0, 0 };
  EXPECT (pl_landscape_slice_2d (obj, center, d1, d2, &grid, NULL, NULL, cancellable, &error),
          PL_ERROR_CANCELLED);
  EXPECT (pl_landscape_hessian (obj, center, NULL, NULL, NULL, cancellable, &error),
          PL_ERROR_CANCELLED);
  g_assert_cmpint (g_atomic_int_get (&q->calls), ==, 0);

  /* cancelled during the run (by the objective on its 5th chunk of 2 points): the workers stop
   * at their next chunk, so at most one more chunk per thread is computed */
  g_cancellable_reset (cancellable);
  q->cancellable = cancellable;
  q->cancel_at = 5;
  EXPECT (pl_landscape_slice_2d (obj, center, d1, d2, &grid, count_progress, &last, cancellable,
                                 &error), PL_ERROR_CANCELLED);
  calls = g_atomic_int_get (&q->calls);
  g_assert_cmpint (calls, >=, 5);
  g_assert_cmpint (calls, <=, 5 + 2);
  g_assert_cmpuint (last, <, 82);

  /* not cancelled: progress reaches the total (81 grid points and the centre) */
  g_cancellable_reset (cancellable);
  q->cancel_at = 0;
  last = 0;
  ls = pl_landscape_slice_2d (obj, center, d1, d2, &grid, count_progress, &last, cancellable,
                              &error);
  g_assert_no_error (error);
  g_assert_cmpuint (last, ==, 82);
  pl_landscape_free (ls);

  /* circuits fed by another layer, and observables on other qubit counts */
  {
    g_autoptr(PlCircuit) c = pl_circuit_new (2);
    g_autoptr(PlObservable) z3 = pl_observable_parse ("Z0", 3, NULL);
    g_autoptr(PlObservable) z2 = pl_observable_parse ("Z0", 2, NULL);
    const guint w[1] = { 0 };
    PlAngleSource ext = pl_source_external (0);

    g_assert_true (pl_circuit_append_trainable (c, PL_GATE_RX, w, NULL));
    EXPECT (pl_objective_new_circuit (c, z3, NULL, 1, &error), PL_ERROR_INVALID_ARGUMENT);
    g_assert_true (pl_circuit_append (c, PL_GATE_RY, w, &ext, NULL));
    EXPECT (pl_objective_new_circuit (c, z2, NULL, 1, &error), PL_ERROR_UNSUPPORTED);
  }
#undef EXPECT
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/Landscape/quadratic-slices", test_quadratic_slices);
  g_test_add_func ("/Plateau/Landscape/projection", test_projection);
  g_test_add_func ("/Plateau/Landscape/pca-and-trajectory", test_pca_and_trajectory);
  g_test_add_func ("/Plateau/Landscape/filter-normalization", test_filter_normalization);
  g_test_add_func ("/Plateau/Landscape/contour", test_contour);
  g_test_add_func ("/Plateau/Landscape/plot", test_plot);
  g_test_add_func ("/Plateau/Landscape/errors", test_errors);
  return g_test_run ();
}
