/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time marching: the loss draws its points in the first part of the t range
 * (pl_loss_set_time_window), checked against the problem's own bounds, also for adaptive
 * refinement; the trainer's windows against the closed form k / K; training across windows
 * makes progress (L-BFGS restarting in each window, its first step in a window checked
 * against a new L-BFGS) and resumes from a checkpoint bit-identically; bad settings are
 * refused.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

/* Every point of every term of @loss lies in the box with t cut to the first @fraction of its
 * range; returns the largest t of the interior term, as a fraction of the range. */
static double
check_points (const PlLoss    *loss,
              const PlProblem *problem,
              double           fraction)
{
  double lo[2], hi[2], top = 0;

  pl_problem_get_bounds (problem, lo, hi);
  for (guint k = 0; k < pl_loss_n_terms (loss); k++)
    {
      gsize n;
      const double *x = pl_loss_get_points (loss, k, &n);
      PlTermKind kind = pl_problem_term_kind (problem, pl_loss_term_problem_index (loss, k));

      for (gsize i = 0; i < n; i++)
        {
          double xs = x[i], t = x[n + i], f = (t - lo[1]) / (hi[1] - lo[1]);

          g_assert_cmpfloat (xs, >=, lo[0]);
          g_assert_cmpfloat (xs, <=, hi[0]);
          g_assert_cmpfloat (f, >=, 0);
          if (f > fraction + 1e-12)
            g_error ("term '%s': point %" G_GSIZE_FORMAT " at t = %g is past the window %g",
                     pl_loss_term_name (loss, k), i, t, fraction);
          if (kind == PL_TERM_INITIAL)
            g_assert_cmpfloat (t, ==, lo[1]);
          if (kind == PL_TERM_BOUNDARY)
            g_assert_true (xs == lo[0] || xs == hi[0]);
          if (kind == PL_TERM_INTERIOR)
            top = MAX (top, f);
        }
    }
  return top;
}

static void
test_loss_window (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("heat-1d", NULL);
  g_autoptr(PlModel) model = ref_classical_model (2);
  g_autoptr(PlLoss) loss = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *params = NULL;
  PlLossConfig lc;
  PlRng rng;

  pl_loss_config_init (&lc);
  lc.threads = 1;
  loss = pl_loss_new (model, problem, &lc, &error);
  g_assert_no_error (error);
  pl_rng_init (&rng, ref_test_seed ());
  g_assert_cmpfloat (pl_loss_get_time_window (loss), ==, 1.0);

  g_assert_true (pl_loss_set_time_window (loss, 0.25, &error));
  g_assert_no_error (error);
  g_assert_true (pl_loss_resample (loss, &rng, &error));
  /* the interior points fill the window: 2048 points leave no gap of 5% at its top */
  g_assert_cmpfloat (check_points (loss, problem, 0.25), >, 0.2);

  /* adaptive refinement draws its candidates in the window too */
  params = g_new (double, pl_model_n_params (model));
  pl_model_init_params (model, &rng, params);
  g_assert_true (pl_loss_set_time_window (loss, 0.5, &error));
  g_assert_true (pl_loss_resample_rard (loss, params, 1, 1, 4, &rng, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (check_points (loss, problem, 0.5), >, 0.45);

  /* and the whole range again */
  g_assert_true (pl_loss_set_time_window (loss, 1.0, &error));
  g_assert_true (pl_loss_resample (loss, &rng, &error));
  g_assert_cmpfloat (check_points (loss, problem, 1.0), >, 0.95);
}

static void
test_loss_refused (void)
{
  g_autoptr(PlProblem) heat = pl_problem_new ("heat-1d", NULL);
  g_autoptr(PlProblem) poisson = pl_problem_new ("poisson-2d", NULL);
  g_autoptr(PlModel) model = ref_classical_model (2);
  g_autoptr(PlLoss) loss = NULL;
  g_autoptr(PlLoss) no_t = NULL;
  g_autoptr(GError) error = NULL;
  PlLossConfig lc;
  const double bad[] = { 0, -0.5, 1.5, NAN, INFINITY };

  pl_loss_config_init (&lc);
  lc.threads = 1;
  loss = pl_loss_new (model, heat, &lc, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (pl_loss_set_time_window (loss, bad[i], &error));
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "(0, 1]"));
      g_clear_error (&error);
    }
  g_assert_cmpfloat (pl_loss_get_time_window (loss), ==, 1.0);
  no_t = pl_loss_new (model, poisson, &lc, NULL);
  g_assert_false (pl_loss_set_time_window (no_t, 0.5, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "time axis 't'"));
}

static void
windows_config (PlTrainConfig *tc,
                guint64        steps,
                guint          windows)
{
  pl_train_config_init (tc);
  tc->steps = steps;
  tc->eval_every = 0;
  tc->seed = ref_test_seed ();
  tc->time_windows = windows;
  tc->plan.first.schedule.lr = 3e-3;
}

/* Windows k / K over the run's steps split evenly, or of a given length and then the whole
 * range. */
static void
test_trainer_windows (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("heat-1d", NULL);
  g_autoptr(PlModel) model = ref_classical_model (2);
  g_autoptr(PlTrainer) plain = NULL;
  g_autoptr(PlTrainer) two = NULL;
  g_autoptr(PlTrainer) off = NULL;
  g_autoptr(GError) error = NULL;
  PlTrainConfig tc;

  windows_config (&tc, 40, 4);
  plain = ref_trainer (model, problem, &tc, 1, 64, &error);
  g_assert_no_error (error);
  for (guint64 s = 0; s < 60; s++)
    g_assert_cmpfloat (pl_trainer_time_window (plain, s), ==,
                       s < 10 ? 0.25 : s < 20 ? 0.5 : s < 30 ? 0.75 : 1.0);
  /* the first points are drawn in the first window */
  g_assert_cmpfloat (check_points (pl_trainer_get_loss (plain), problem, 0.25), >, 0.15);

  tc.steps = 100;
  tc.time_windows = 3;
  tc.time_window_steps = 20;
  two = ref_trainer (model, problem, &tc, 1, 64, &error);
  g_assert_no_error (error);
  for (guint64 s = 0; s < 100; s++)
    g_assert_cmpfloat (pl_trainer_time_window (two, s), ==,
                       s < 20 ? 1.0 / 3 : s < 40 ? 2.0 / 3 : 1.0);

  windows_config (&tc, 40, 0);
  off = ref_trainer (model, problem, &tc, 1, 64, &error);
  g_assert_cmpfloat (pl_trainer_time_window (off, 0), ==, 1.0);
  g_assert_cmpfloat (pl_loss_get_time_window (pl_trainer_get_loss (off)), ==, 1.0);
}

/* Adam in the first window, then L-BFGS through the others (restarted in each): the loss
 * falls, the last points span all of t, and a run stopped inside a window of the L-BFGS phase
 * and resumed from its checkpoint gives the same bits. */
static void
test_trainer_run (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("heat-1d", NULL);
  g_autoptr(PlModel) model = ref_classical_model (2);
  g_autoptr(PlTrainer) full = NULL;
  g_autoptr(PlTrainer) half = NULL;
  g_autoptr(PlTrainer) rest = NULL;
  g_autoptr(GError) error = NULL;
  PlTrainConfig tc;
  PlTrainRecord first, last;
  PlOptimizerConfig adam, lbfgs;

  windows_config (&tc, 120, 4);
  tc.time_window_steps = 30;
  pl_optimizer_config_init (&adam, PL_OPTIMIZER_ADAM);
  adam.schedule.lr = 3e-3;
  pl_optimizer_config_init (&lbfgs, PL_OPTIMIZER_LBFGS);
  pl_optimizer_plan_init (&tc.plan, &adam, 30, &lbfgs);
  full = ref_trainer (model, problem, &tc, 1, 64, &error);
  rest = ref_trainer (model, problem, &tc, 1, 64, &error);
  g_assert_no_error (error);
  g_assert_true (pl_trainer_run (full, &error));
  g_assert_no_error (error);
  pl_trainer_history_copy (full, 0, 1, &first);
  pl_trainer_history_copy (full, 119, 1, &last);
  g_assert_cmpfloat (last.loss, <, first.loss / 10);
  g_assert_cmpfloat (check_points (pl_trainer_get_loss (full), problem, 1.0), >, 0.8);

  tc.steps = 75;
  half = ref_trainer (model, problem, &tc, 1, 64, &error);
  g_assert_no_error (error);
  ref_trainer_resume (half, rest);
  ref_assert_same_params (full, rest);
}

static double
loss_objective (const double *params,
                double       *grad,
                gpointer      user_data)
{
  return pl_loss_evaluate (user_data, params, grad, NULL, NULL);
}

/* At a window change the trainer restarts L-BFGS: its first step in the new window is the one
 * a new L-BFGS takes from the same parameters on the window's points. One that kept the old
 * window's curvature pairs would step elsewhere. */
static void
test_trainer_lbfgs_restart (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("heat-1d", NULL);
  g_autoptr(PlModel) model = ref_classical_model (2);
  g_autoptr(PlTrainer) before = NULL;
  g_autoptr(PlTrainer) after = NULL;
  g_autoptr(PlOptimizer) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *p = NULL;
  g_autofree double *g = NULL;
  PlOptimizerConfig lbfgs;
  PlTrainConfig tc;
  PlLoss *loss;
  double f, diff = 0, moved = 0;
  gsize np;

  windows_config (&tc, 10, 2);
  tc.time_window_steps = 10;
  pl_optimizer_config_init (&lbfgs, PL_OPTIMIZER_LBFGS);
  pl_optimizer_plan_init (&tc.plan, &lbfgs, 0, NULL);
  before = ref_trainer (model, problem, &tc, 1, 64, &error);
  g_assert_no_error (error);
  g_assert_true (pl_trainer_run (before, &error));
  g_assert_no_error (error);
  tc.steps = 11;
  after = ref_trainer (model, problem, &tc, 1, 64, &error);
  g_assert_no_error (error);
  g_assert_true (pl_trainer_run (after, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (pl_trainer_time_window (after, 9), ==, 0.5);
  g_assert_cmpfloat (pl_trainer_time_window (after, 10), ==, 1.0);

  /* the oracle: a new L-BFGS, one step from the parameters after step 9, on the points the
   * trainer drew for the second window */
  np = pl_trainer_get_n_params (before);
  p = g_memdup2 (pl_trainer_get_params (before), np * sizeof (double));
  g = g_new (double, np);
  loss = pl_trainer_get_loss (after);
  g_assert_cmpfloat (pl_loss_get_time_window (loss), ==, 1.0);
  fresh = pl_optimizer_new (&lbfgs, np, &error);
  g_assert_no_error (error);
  f = pl_loss_evaluate (loss, p, g, NULL, NULL);
  g_assert_true (pl_lbfgs_step (fresh, p, &f, g, loss_objective, loss, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < np; i++)
    {
      diff = MAX (diff, fabs (p[i] - pl_trainer_get_params (after)[i]));
      moved = MAX (moved, fabs (p[i] - pl_trainer_get_params (before)[i]));
    }
  g_assert_cmpfloat (moved, >, 1e-6);
  g_assert_cmpfloat (diff, <=, 1e-12 * moved);
}

static void
test_trainer_refused (void)
{
  g_autoptr(PlProblem) heat = pl_problem_new ("heat-1d", NULL);
  g_autoptr(PlProblem) poisson = pl_problem_new ("poisson-2d", NULL);
  g_autoptr(PlModel) model = ref_classical_model (2);
  g_autoptr(GError) error = NULL;
  PlTrainConfig tc;

  windows_config (&tc, 40, 41);
  g_assert_null (ref_trainer (model, heat, &tc, 1, 64, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "not 41 windows over 40 steps"));
  g_clear_error (&error);
  windows_config (&tc, 1000000, PL_TRAIN_MAX_TIME_WINDOWS + 1);
  g_assert_null (ref_trainer (model, heat, &tc, 1, 64, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  windows_config (&tc, 40, 4);
  g_assert_null (ref_trainer (model, poisson, &tc, 1, 64, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "time axis 't'"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/TimeWindows/loss", test_loss_window);
  g_test_add_func ("/Plateau/TimeWindows/loss-refused", test_loss_refused);
  g_test_add_func ("/Plateau/TimeWindows/trainer", test_trainer_windows);
  g_test_add_func ("/Plateau/TimeWindows/run", test_trainer_run);
  g_test_add_func ("/Plateau/TimeWindows/lbfgs-restart", test_trainer_lbfgs_restart);
  g_test_add_func ("/Plateau/TimeWindows/refused", test_trainer_refused);
  return g_test_run ();
}
