/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-reference-allen-cahn.c: the Allen-Cahn reference solution against independent oracles:
 * its PDE (finite differences), its initial data and first step, its symmetry, refinement of
 * the grid and of the time step (fourth order), and the evaluator's interpolation between grid
 * points and snapshots.
 */
#include <plateau/plateau.h>

#include "reference-jet.h"

#include <math.h>

/* ---- Allen-Cahn ---------------------------------------------------------------------------- */

/* Default-parameter solutions at N = 256, 512, 1024, solved once and shared by the tests. */
static PlAllenCahnRef *allen_cahn_cache[3];

static PlAllenCahnRef *
allen_cahn_solve (guint  n_points,
                  guint  n_times,
                  double t_end,
                  double dt)
{
  PlAllenCahnParams p;
  PlAllenCahnRef *ref;
  GError *error = NULL;

  pl_allen_cahn_params_init (&p);
  p.n_points = n_points;
  if (n_times > 0)
    p.n_times = n_times;
  if (t_end > 0.0)
    p.t_end = t_end;
  if (dt > 0.0)
    p.dt = dt;
  ref = pl_allen_cahn_ref_new (&p, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ref);
  return ref;
}

static const PlAllenCahnRef *
allen_cahn_default (guint n_points)
{
  guint i = n_points == 256 ? 0 : n_points == 512 ? 1 : 2;

  g_assert_true (n_points == 256 || n_points == 512 || n_points == 1024);
  if (allen_cahn_cache[i] == NULL)
    allen_cahn_cache[i] = allen_cahn_solve (n_points, 0, 0.0, 0.0);
  return allen_cahn_cache[i];
}

/* The stored t = 0 snapshot is the data itself; a short step moves it by t F(u0) with
 * F(u) = eps u_xx + gamma (u - u^3) from the exact u0'' (away from the kink at x = +-1). */
static void
test_allen_cahn_initial_data (void)
{
  double t = 1e-3, x = 1.5, t0 = 0.0, u;
  g_autoptr (PlAllenCahnRef) ref = allen_cahn_solve (512, 2, t, 0.0);
  double worst = 0.0;

  for (guint j = 0; j < 512; j++)
    {
      double xj = ref->x[j], u0 = xj * xj * cos (G_PI * xj);
      double u0xx = 2.0 * cos (G_PI * xj) - 4.0 * G_PI * xj * sin (G_PI * xj)
                    - G_PI * G_PI * xj * xj * cos (G_PI * xj);
      double f0 = 1e-4 * u0xx + 5.0 * (u0 - u0 * u0 * u0);

      g_assert_cmpfloat (xj, ==, -1.0 + 2.0 * j / 512.0);
      g_assert_cmpfloat (ref->u[j], ==, u0);
      if (fabs (xj) <= 0.9)
        worst = MAX (worst, fabs (ref->u[512 + j] - u0 - t * f0));
    }
  g_test_message ("Allen-Cahn first step: |u(1e-3) - u0 - t F(u0)| <= %.2g", worst);
  g_assert_cmpfloat (worst, <, 2e-5);
  /* At t = 0 the evaluator returns the data, periodically extended. */
  g_assert_true (pl_allen_cahn_ref_eval (ref, 1, &x, &t0, &u, NULL));
  g_assert_cmpfloat (u, ==, 0.25 * cos (-0.5 * G_PI));
}

/* Largest |u_a - u_b| at snapshot k on the points both grids share; with @skip_near set, only
 * points more than 0.1 from a sign change of u_b (the fronts) and from x = +-1 (the kink). */
static double
allen_cahn_diff (const PlAllenCahnRef *a,
                 const PlAllenCahnRef *b,
                 guint                 k,
                 gboolean              skip_near)
{
  guint na = a->params.n_points, nb = b->params.n_points, ratio = nb / na;
  const double *ua = a->u + k * na, *ub = b->u + k * nb;
  double worst = 0.0;

  for (guint j = 0; j < na; j++)
    {
      gboolean near = fabs (a->x[j]) > 0.9;

      for (guint i = 0; i < nb && skip_near && !near; i++)
        if ((ub[i] > 0) != (ub[(i + 1) % nb] > 0) && fabs (b->x[i] - a->x[j]) < 0.1)
          near = TRUE;
      if (!near || !skip_near)
        worst = MAX (worst, fabs (ua[j] - ub[j * ratio]));
    }
  return worst;
}

static void
test_allen_cahn_convergence (void)
{
  const PlAllenCahnRef *r256 = allen_cahn_default (256);
  const PlAllenCahnRef *r512 = allen_cahn_default (512);
  const PlAllenCahnRef *r1024 = allen_cahn_default (1024);
  guint last = r512->params.n_times - 1;
  double all = 0.0, all_far = 0.0, e256, e512, e512_far;

  for (guint k = 1; k <= last; k++)
    {
      all = MAX (all, allen_cahn_diff (r512, r1024, k, FALSE));
      all_far = MAX (all_far, allen_cahn_diff (r512, r1024, k, TRUE));
    }
  e256 = allen_cahn_diff (r256, r1024, last, FALSE);
  e512 = allen_cahn_diff (r512, r1024, last, FALSE);
  e512_far = allen_cahn_diff (r512, r1024, last, TRUE);
  g_test_message ("Allen-Cahn |u_512 - u_1024|: %.2g over all t (%.2g away from the kink and "
                  "fronts), at t = 1 %.2g (%.2g away from fronts); |u_256 - u_1024| at t = 1: "
                  "%.2g", all, all_far, e512, e512_far, e256);
  g_assert_cmpfloat (all, <, 1e-3);
  g_assert_cmpfloat (all_far, <, 1e-6);
  g_assert_cmpfloat (e512, <, 3e-6);
  g_assert_cmpfloat (e512_far, <, 1e-7);
  g_assert_cmpfloat (e256 / e512, >, 100.0);
}

/* ETDRK4 is fourth order: halving the step divides the error at t = 1 by about 16. */
static void
test_allen_cahn_time_order (void)
{
  g_autoptr (PlAllenCahnRef) fine = allen_cahn_solve (256, 2, 1.0, 1e-3);
  g_autoptr (PlAllenCahnRef) h1 = allen_cahn_solve (256, 2, 1.0, 0.02);
  g_autoptr (PlAllenCahnRef) h2 = allen_cahn_solve (256, 2, 1.0, 0.01);
  double e1 = allen_cahn_diff (h1, fine, 1, FALSE), e2 = allen_cahn_diff (h2, fine, 1, FALSE);

  g_test_message ("Allen-Cahn ETDRK4: error %.3g at h = 0.02, %.3g at h = 0.01 (ratio %.1f)",
                  e1, e2, e1 / e2);
  g_assert_cmpfloat (e1 / e2, >, 12.0);
  g_assert_cmpfloat (e1 / e2, <, 22.0);
}

/* u_t - eps u_xx - gamma (u - u^3) by finite differences in t (fourth order, snapshots 1e-3
 * apart) and x (sixth order, periodic), relative to the largest term. */
static void
test_allen_cahn_pde_residual (void)
{
  guint n = 1024;
  g_autoptr (PlAllenCahnRef) ref = allen_cahn_solve (n, 1001, 1.0, 0.0);
  double dx = 2.0 / n, dt = 1e-3, worst = 0.0, scale = 0.0;

  for (guint k = 100; k + 2 < 1001; k++)
    for (guint j = 0; j < n; j++)
      {
        double fx[7], ft[5], u = ref->u[k * n + j], u_t, u_xx, react;

        for (int i = 0; i < 7; i++)
          fx[i] = ref->u[k * n + (j + n + i - 3) % n];
        for (int i = 0; i < 5; i++)
          ft[i] = ref->u[(k + i - 2) * n + j];
        u_t = ref_central5_d1 (ft, dt);
        /* Sixth order in x: the fronts at t ~ 1 are only ~10 grid points wide. */
        u_xx = (2.0 * (fx[0] + fx[6]) - 27.0 * (fx[1] + fx[5]) + 270.0 * (fx[2] + fx[4])
                - 490.0 * fx[3]) / (180.0 * dx * dx);
        react = 5.0 * (u - u * u * u);
        worst = MAX (worst, fabs (u_t - 1e-4 * u_xx - react));
        scale = MAX (scale, MAX (fabs (u_t), MAX (fabs (1e-4 * u_xx), fabs (react))));
      }
  g_test_message ("Allen-Cahn residual %.2g, largest term %.2g (t in [0.1, 1])", worst, scale);
  g_assert_cmpfloat (worst / scale, <, 1e-4);
}

static void
test_allen_cahn_symmetry (void)
{
  const PlAllenCahnRef *ref = allen_cahn_default (512);
  double worst = 0.0;

  /* -x_j = x_{N - j} modulo the period. */
  for (guint k = 0; k < ref->params.n_times; k++)
    for (guint j = 0; j < 512; j++)
      worst = MAX (worst, fabs (ref->u[k * 512 + j] - ref->u[k * 512 + (512 - j) % 512]));
  g_test_message ("Allen-Cahn |u(x) - u(-x)| <= %.2g", worst);
  g_assert_cmpfloat (worst, <, 1e-12);
}

/* The evaluator reproduces the snapshots, interpolates in x as well as the grid resolves
 * (checked on the finer grid's points) and in t as well as a solve stopped at that time. */
static void
test_allen_cahn_interpolation (void)
{
  const PlAllenCahnRef *r512 = allen_cahn_default (512);
  const PlAllenCahnRef *r1024 = allen_cahn_default (1024);
  double tm = 0.5025;
  g_autoptr (PlAllenCahnRef) stop = allen_cahn_solve (512, 2, tm, 0.0);
  double x[1024], t[1024], u[1024], worst_grid = 0.0, worst_x = 0.0, worst_t = 0.0;
  guint k = 150;

  for (guint j = 0; j < 512; j++)
    {
      x[j] = r512->x[j];
      t[j] = r512->t[k];
    }
  g_assert_true (pl_allen_cahn_ref_eval (r512, 512, x, t, u, NULL));
  for (guint j = 0; j < 512; j++)
    worst_grid = MAX (worst_grid, fabs (u[j] - r512->u[k * 512 + j]));

  for (guint j = 0; j < 1024; j++)
    {
      x[j] = r1024->x[j];
      t[j] = 1.0;
    }
  g_assert_true (pl_allen_cahn_ref_eval (r512, 1024, x, t, u, NULL));
  for (guint j = 1; j < 1024; j += 2)
    worst_x = MAX (worst_x, fabs (u[j] - r1024->u[200 * 1024 + j]));

  for (guint j = 0; j < 512; j++)
    {
      x[j] = r512->x[j];
      t[j] = tm;
    }
  g_assert_true (pl_allen_cahn_ref_eval (r512, 512, x, t, u, NULL));
  for (guint j = 0; j < 512; j++)
    worst_t = MAX (worst_t, fabs (u[j] - stop->u[512 + j]));

  g_test_message ("Allen-Cahn eval: %.2g at grid points, %.2g between them, %.2g between "
                  "snapshots", worst_grid, worst_x, worst_t);
  g_assert_cmpfloat (worst_grid, <, 1e-13);
  g_assert_cmpfloat (worst_x, <, 3e-5);
  g_assert_cmpfloat (worst_t, <, 1e-6);
}

static void
test_allen_cahn_bad_arguments (void)
{
  PlAllenCahnParams p;
  const PlAllenCahnRef *ref = allen_cahn_default (256);
  double x[2] = { 0.0, 0.5 }, t[2] = { 0.5, 1.5 }, u[2];
  GError *error = NULL;

  pl_allen_cahn_params_init (&p);
  p.n_points = 511;
  g_assert_null (pl_allen_cahn_ref_new (&p, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "n_points = 511"));
  g_clear_error (&error);

  pl_allen_cahn_params_init (&p);
  p.eps = -1.0;
  g_assert_null (pl_allen_cahn_ref_new (&p, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "eps = -1"));
  g_clear_error (&error);

  pl_allen_cahn_params_init (&p);
  p.n_times = 1;
  g_assert_null (pl_allen_cahn_ref_new (&p, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (pl_allen_cahn_ref_eval (ref, 2, x, t, u, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "t = 1.5"));
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Reference/allen-cahn-initial-data", test_allen_cahn_initial_data);
  g_test_add_func ("/Plateau/Reference/allen-cahn-convergence", test_allen_cahn_convergence);
  g_test_add_func ("/Plateau/Reference/allen-cahn-time-order", test_allen_cahn_time_order);
  g_test_add_func ("/Plateau/Reference/allen-cahn-pde-residual", test_allen_cahn_pde_residual);
  g_test_add_func ("/Plateau/Reference/allen-cahn-symmetry", test_allen_cahn_symmetry);
  g_test_add_func ("/Plateau/Reference/allen-cahn-interpolation",
                   test_allen_cahn_interpolation);
  g_test_add_func ("/Plateau/Reference/allen-cahn-bad-arguments",
                   test_allen_cahn_bad_arguments);

  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (allen_cahn_cache); i++)
    g_clear_pointer (&allen_cahn_cache[i], pl_allen_cahn_ref_free);
  return status;
}
