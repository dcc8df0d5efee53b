/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The trainer with causal weighting (pl-train.h): the eps schedule moves on exactly after the
 * steps whose smallest weight exceeds 0.99, training makes progress and repeats bit for bit,
 * a checkpoint continues the schedule, the L-BFGS phase trains the plain loss (checked
 * against a plain pl_loss at the kept parameters), and bad settings are refused.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

static void
causal_config (PlTrainConfig *tc,
               guint64        steps,
               guint          bins,
               guint          n_eps,
               const double  *eps)
{
  pl_train_config_init (tc);
  tc->steps = steps;
  tc->eval_every = 0;
  tc->seed = ref_test_seed ();
  tc->causal_bins = bins;
  tc->n_causal_epsilon = n_eps;
  memcpy (tc->causal_epsilon, eps, n_eps * sizeof (double));
}

/* After every step the eps in use moves to the next value iff the step's min w > 0.99 and
 * the schedule has a next value. */
static void
test_schedule (void)
{
  static const double eps[] = { 1e-6, 1e3, 1e4 };
  g_autoptr(PlProblem) problem = pl_problem_new ("damped-oscillator", NULL);
  g_autoptr(PlModel) model = ref_classical_model (1);
  g_autoptr(PlTrainer) t = NULL;
  g_autoptr(GError) error = NULL;
  PlTrainConfig tc;
  PlTrainRecord rec[40];
  guint stage = 0, advances = 0;

  causal_config (&tc, 40, 8, 3, eps);
  t = ref_trainer (model, problem, &tc, 1, 48, &error);
  g_assert_no_error (error);
  g_assert_true (pl_trainer_run (t, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pl_trainer_history_copy (t, 0, 40, rec), ==, 40);
  for (guint i = 0; i < 40; i++)
    {
      g_assert_cmpfloat (rec[i].causal_epsilon, ==, eps[stage]);
      g_assert_cmpfloat (rec[i].causal_min_weight, >=, 0);
      g_assert_cmpfloat (rec[i].causal_min_weight, <=, 1);
      if (rec[i].causal_min_weight > 0.99 && stage + 1 < G_N_ELEMENTS (eps))
        {
          stage++;
          advances++;
        }
    }
  /* the case is built so that the first eps leaves all of time active, the second not */
  g_assert_cmpfloat (rec[0].causal_min_weight, >, 0.99);
  g_assert_cmpuint (advances, ==, 1);
  g_assert_cmpfloat (rec[1].causal_min_weight, <, 0.99);
}

/* A short run learns, and the weights of late times rise as the early residual falls. */
static void
test_progress (void)
{
  static const double eps[] = { 1.0 };
  g_autoptr(PlProblem) problem = pl_problem_new ("exponential-decay", NULL);
  g_autoptr(PlModel) model = ref_classical_model (1);
  g_autoptr(GError) error = NULL;
  PlTrainer *t[2];
  PlTrainConfig tc;
  PlTrainRecord first, last;

  causal_config (&tc, 300, 16, 1, eps);
  for (guint i = 0; i < 2; i++)
    {
      t[i] = ref_trainer (model, problem, &tc, 2, 48, &error);
      g_assert_no_error (error);
      g_assert_true (pl_trainer_run (t[i], &error));
      g_assert_no_error (error);
    }
  pl_trainer_history_copy (t[0], 0, 1, &first);
  pl_trainer_history_copy (t[0], 299, 1, &last);
  g_assert_cmpfloat (last.loss, <, first.loss / 10);
  g_assert_cmpfloat (last.causal_min_weight, >, first.causal_min_weight);
  g_assert_cmpfloat (last.causal_epsilon, ==, 1.0);
  g_assert_cmpmem (pl_trainer_get_params (t[0]), pl_trainer_get_n_params (t[0]) * sizeof (double),
                   pl_trainer_get_params (t[1]), pl_trainer_get_n_params (t[1]) * sizeof (double));
  pl_trainer_free (t[0]);
  pl_trainer_free (t[1]);
}

/* 20 steps, a checkpoint, 20 more: the same bits as 40 steps, the schedule's stage too. */
static void
test_checkpoint (void)
{
  static const double eps[] = { 1e-6, 1e3 };
  g_autoptr(PlProblem) problem = pl_problem_new ("damped-oscillator", NULL);
  g_autoptr(PlModel) model = ref_classical_model (1);
  g_autoptr(PlTrainer) full = NULL;
  g_autoptr(PlTrainer) half = NULL;
  g_autoptr(PlTrainer) rest = NULL;
  PlTrainConfig tc;
  PlTrainRecord a, b;

  causal_config (&tc, 40, 8, 2, eps);
  full = ref_trainer (model, problem, &tc, 1, 48, NULL);
  rest = ref_trainer (model, problem, &tc, 1, 48, NULL);
  tc.steps = 20;
  half = ref_trainer (model, problem, &tc, 1, 48, NULL);
  g_assert_true (pl_trainer_run (full, NULL));
  ref_trainer_resume (half, rest);
  ref_assert_same_params (full, rest);
  pl_trainer_history_copy (full, 30, 1, &a);
  pl_trainer_history_copy (rest, 30, 1, &b);
  g_assert_cmpfloat (a.causal_epsilon, ==, 1e3);
  g_assert_cmpfloat (b.causal_epsilon, ==, 1e3);
  g_assert_cmpmem (&a.causal_min_weight, sizeof (double), &b.causal_min_weight, sizeof (double));
  /* and the records loaded from the checkpoint keep their causal columns */
  pl_trainer_history_copy (rest, 0, 1, &b);
  g_assert_cmpfloat (b.causal_epsilon, ==, 1e-6);
}

/* Adam with causal weighting, then L-BFGS on the plain loss: each L-BFGS record's loss is that
 * of a loss without causal weighting at the same points and the step's parameters. */
static void
test_lbfgs_plain (void)
{
  static const double eps[] = { 10.0 };
  g_autoptr(PlProblem) problem = pl_problem_new ("exponential-decay", NULL);
  g_autoptr(PlModel) model = ref_classical_model (1);
  g_autoptr(PlTrainer) t = NULL;
  g_autoptr(PlLoss) plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *traj = NULL;
  g_autofree guint64 *steps = NULL;
  PlOptimizerConfig adam, lbfgs;
  PlLossConfig lc;
  PlTrainConfig tc;
  PlLoss *tl;
  guint n, n_traj, n_lbfgs = 0;
  gsize np;

  causal_config (&tc, 60, 8, 1, eps);
  tc.trajectory_every = 1;
  pl_optimizer_config_init (&adam, PL_OPTIMIZER_ADAM);
  adam.schedule.lr = 0.01;
  pl_optimizer_config_init (&lbfgs, PL_OPTIMIZER_LBFGS);
  pl_optimizer_plan_init (&tc.plan, &adam, 40, &lbfgs);
  t = ref_trainer (model, problem, &tc, 1, 48, &error);
  g_assert_no_error (error);
  g_assert_true (pl_trainer_run (t, &error));
  g_assert_no_error (error);
  tl = pl_trainer_get_loss (t);
  g_assert_false (pl_loss_get_causal_enabled (tl));

  pl_loss_config_init (&lc);
  lc.threads = 1;
  plain = pl_loss_new (model, problem, &lc, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < pl_loss_n_terms (tl); k++)
    {
      gsize npts;
      const double *x = pl_loss_get_points (tl, k, &npts);

      g_assert_true (pl_loss_set_points (plain, k, x, npts, NULL));
    }
  np = pl_trainer_get_n_params (t);
  traj = pl_trainer_trajectory (t, &n_traj, &steps);
  n = pl_trainer_history_length (t);
  g_assert_cmpuint (n, >, 40);
  for (guint i = 0; i < n; i++)
    {
      PlTrainRecord r;

      pl_trainer_history_copy (t, i, 1, &r);
      g_assert_cmpuint (steps[i], ==, r.step);
      if (r.optimizer == 0)
        {
          g_assert_cmpfloat (r.causal_epsilon, ==, 10.0);
          g_assert_true (isfinite (r.causal_min_weight));
        }
      else
        {
          double l = pl_loss_evaluate (plain, traj + (gsize) i * np, NULL, NULL, NULL);

          g_assert_true (isnan (r.causal_epsilon) && isnan (r.causal_min_weight));
          g_assert_cmpfloat_with_epsilon (r.loss, l, 1e-14 * l);
          n_lbfgs++;
        }
    }
  g_assert_cmpuint (n_lbfgs, >, 0);
}

static void
expect_refused (const char    *problem_name,
                PlTrainConfig *tc,
                const char    *needle)
{
  g_autoptr(PlProblem) problem = pl_problem_new (problem_name, NULL);
  g_autoptr(PlModel) model = ref_classical_model (1);
  g_autoptr(GError) error = NULL;
  PlTrainer *t = ref_trainer (model, problem, tc, 1, 48, &error);

  g_assert_null (t);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  if (strstr (error->message, needle) == NULL)
    g_error ("'%s' does not name '%s'", error->message, needle);
}

static void
test_refused (void)
{
  static const double eps[] = { 1.0, 0.5 };
  PlTrainConfig tc;

  causal_config (&tc, 10, 1, 1, eps);
  expect_refused ("exponential-decay", &tc, "causal_bins");
  causal_config (&tc, 10, 8, 0, eps);
  expect_refused ("exponential-decay", &tc, "causal_epsilon");
  causal_config (&tc, 10, 8, 2, eps);
  expect_refused ("exponential-decay", &tc, "causal_epsilon[1]");
  causal_config (&tc, 10, 8, 1, eps);
  tc.causal_epsilon[0] = NAN;
  expect_refused ("exponential-decay", &tc, "causal_epsilon[0]");
  causal_config (&tc, 10, 8, 1, eps);
  expect_refused ("decaying-oscillation", &tc, "time axis 't'");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/TrainCausal/schedule", test_schedule);
  g_test_add_func ("/Plateau/TrainCausal/progress", test_progress);
  g_test_add_func ("/Plateau/TrainCausal/checkpoint", test_checkpoint);
  g_test_add_func ("/Plateau/TrainCausal/lbfgs-plain", test_lbfgs_plain);
  g_test_add_func ("/Plateau/TrainCausal/refused", test_refused);
  return g_test_run ();
}
