/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The trainer: progress, determinism, checkpoint continuation, threads (pause, resume,
 * cancel), NaN/divergence handling, frozen blocks and the Adam-then-L-BFGS plan.
 */
#include "reference.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

static PlModel *
make_model (PlModelKind kind)
{
  PlModelConfig cfg;
  PlTemplateOptions topt = { .n_qubits = 2, .n_layers = 2, .n_inputs = 1 };
  PlCircuit *c = NULL;
  PlObservable *obs[2] = { NULL, NULL };

  pl_model_config_init (&cfg);
  cfg.kind = kind;
  cfg.n_hidden = 2;
  cfg.hidden[0] = 8;
  cfg.hidden[1] = 8;
  if (kind != PL_MODEL_CLASSICAL)
    {
      c = pl_circuit_new_template ("reupload", &topt, NULL);
      obs[0] = pl_observable_parse ("Z0", 2, NULL);
      obs[1] = pl_observable_parse ("Z1", 2, NULL);
    }
  return pl_model_new (&cfg, c, kind == PL_MODEL_CLASSICAL ? 0 : 2, obs, NULL);
}

static PlTrainer *
make_trainer (const PlModel   *model,
              const PlProblem *problem,
              guint64          steps,
              guint            threads,
              PlTrainConfig   *cfg_out)
{
  PlLossConfig lc;
  PlTrainConfig tc;
  g_autoptr(GError) error = NULL;
  PlTrainer *t;

  pl_loss_config_init (&lc);
  lc.threads = threads;
  for (guint i = 0; i < PL_PROBLEM_MAX_TERMS; i++)
    lc.n_points[i] = 32;
  if (cfg_out != NULL)
    tc = *cfg_out;
  else
    {
      pl_train_config_init (&tc);
      tc.steps = steps;
      tc.eval_every = 50;
      tc.resample_every = 20;
      tc.seed = ref_test_seed ();
    }
  t = pl_trainer_new (model, problem, &lc, &tc, NULL, &error);
  g_assert_no_error (error);
  return t;
}

static void
test_progress_and_determinism (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("exponential-decay", NULL);
  g_autoptr(PlModel) model = make_model (PL_MODEL_CLASSICAL);
  g_autoptr(PlTrainer) a = make_trainer (model, problem, 300, 2, NULL);
  g_autoptr(PlTrainer) b = make_trainer (model, problem, 300, 2, NULL);
  g_autoptr(GError) error = NULL;
  PlTrainRecord first, last;
  guint n;

  g_assert_true (pl_trainer_run (a, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pl_trainer_get_status (a), ==, PL_TRAIN_FINISHED);
  n = pl_trainer_history_length (a);
  g_assert_cmpuint (n, ==, 300);
  pl_trainer_history_copy (a, 0, 1, &first);
  pl_trainer_history_copy (a, n - 1, 1, &last);
  g_assert_cmpfloat (last.loss, <, first.loss / 10);
  g_assert_true (isfinite (last.rel_l2));
  g_assert_cmpfloat (last.rel_l2, <, 0.5);
  g_assert_cmpfloat (pl_trainer_steps_per_second (a), >, 0);
  {
    guint nt;
    guint64 *ts = NULL;
    g_autofree double *traj = pl_trainer_trajectory (a, &nt, &ts);

    /* trajectory_every 0: nothing kept */
    g_assert_cmpuint (nt, ==, 0);
    g_free (ts);
  }

  /* the same seed and threads: the same bits */
  g_assert_true (pl_trainer_run (b, NULL));
  g_assert_cmpmem (pl_trainer_get_params (a), pl_trainer_get_n_params (a) * sizeof (double),
                   pl_trainer_get_params (b), pl_trainer_get_n_params (b) * sizeof (double));
}

/* Training on shifted circuits measured 500 times: the hybrid model's loss falls by an order
 * of magnitude in 150 Adam steps, and a run with the same seeds repeats bit for bit (each
 * thread draws its own stream). */
static void
test_shots_training (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("exponential-decay", NULL);
  g_autoptr(PlModel) model = make_model (PL_MODEL_HYBRID);
  g_autoptr(GError) error = NULL;
  PlTrainer *t[2];
  PlLossConfig lc;
  PlTrainConfig tc;
  PlTrainRecord first, last;

  pl_loss_config_init (&lc);
  lc.threads = 2;
  lc.n_points[0] = 12;
  lc.shots = 500;
  lc.shots_seed = 3;
  pl_train_config_init (&tc);
  tc.steps = 150;
  tc.eval_every = 0;
  tc.seed = ref_test_seed ();
  for (guint i = 0; i < 2; i++)
    {
      t[i] = pl_trainer_new (model, problem, &lc, &tc, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (pl_trainer_run (t[i], &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (pl_trainer_history_length (t[0]), ==, 150);
  pl_trainer_history_copy (t[0], 0, 1, &first);
  pl_trainer_history_copy (t[0], 149, 1, &last);
  g_assert_cmpfloat (last.loss, <, first.loss / 10);
  g_assert_cmpmem (pl_trainer_get_params (t[0]), pl_trainer_get_n_params (t[0]) * sizeof (double),
                   pl_trainer_get_params (t[1]), pl_trainer_get_n_params (t[1]) * sizeof (double));
  pl_trainer_free (t[0]);
  pl_trainer_free (t[1]);
}

static void
test_checkpoint_continuation (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("damped-oscillator", NULL);
  g_autoptr(PlModel) model = make_model (PL_MODEL_HYBRID);
  g_autoptr(PlTrainer) full = make_trainer (model, problem, 40, 1, NULL);
  g_autoptr(PlTrainer) half = make_trainer (model, problem, 20, 1, NULL);
  g_autoptr(PlTrainer) rest = make_trainer (model, problem, 40, 1, NULL);

  g_assert_true (pl_trainer_run (full, NULL));
  ref_trainer_resume (half, rest);
  g_assert_cmpuint (pl_trainer_history_length (half), ==, 20);
  ref_assert_same_params (full, rest);
}

static void
test_bad_checkpoint (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("exponential-decay", NULL);
  g_autoptr(PlModel) model = make_model (PL_MODEL_CLASSICAL);
  g_autoptr(PlTrainer) t = make_trainer (model, problem, 10, 1, NULL);
  g_autofree char *dir = g_dir_make_tmp ("plateau-train-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ck.json", NULL);
  g_autofree double *before = g_memdup2 (pl_trainer_get_params (t),
                                         pl_trainer_get_n_params (t) * sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_false (pl_trainer_load_checkpoint (t, "/nonexistent/ck.json", &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_IO);
  g_clear_error (&error);

  g_assert_true (pl_trainer_save_checkpoint (t, path, NULL));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* break one field: the parameters become a string */
  {
    char *p = strstr (text, "\"params\":");
    g_assert_nonnull (p);
    memcpy (p, "\"paramz\"", 8);
  }
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_false (pl_trainer_load_checkpoint (t, path, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "params"));
  g_assert_cmpmem (before, pl_trainer_get_n_params (t) * sizeof (double),
                   pl_trainer_get_params (t), pl_trainer_get_n_params (t) * sizeof (double));
  g_remove (path);
  g_rmdir (dir);
}

static gboolean
wait_for (PlTrainer     *t,
          PlTrainStatus  status)
{
  for (int i = 0; i < 2000; i++)
    {
      if (pl_trainer_get_status (t) == status)
        return TRUE;
      g_usleep (5000);
    }
  return FALSE;
}

static void
test_thread_pause_cancel (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("exponential-decay", NULL);
  g_autoptr(PlModel) model = make_model (PL_MODEL_CLASSICAL);
  g_autoptr(PlTrainer) t = make_trainer (model, problem, 10000000, 1, NULL);
  g_autoptr(GError) error = NULL;
  guint n1, n2;

  pl_trainer_start (t);
  while (pl_trainer_history_length (t) < 5)
    g_usleep (1000);
  pl_trainer_pause (t);
  g_assert_true (wait_for (t, PL_TRAIN_PAUSED));
  n1 = pl_trainer_history_length (t);
  g_usleep (50000);
  n2 = pl_trainer_history_length (t);
  g_assert_cmpuint (n1, ==, n2);
  pl_trainer_resume (t);
  while (pl_trainer_history_length (t) < n2 + 5)
    g_usleep (1000);
  pl_trainer_cancel (t);
  g_assert_false (pl_trainer_join (t, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_CANCELLED);
  g_assert_cmpint (pl_trainer_get_status (t), ==, PL_TRAIN_CANCELLED);
}

static void
test_divergence_keeps_good_params (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("exponential-decay", NULL);
  g_autoptr(PlModel) model = make_model (PL_MODEL_CLASSICAL);
  g_autoptr(PlTrainer) t = NULL;
  g_autoptr(GError) error = NULL;
  PlTrainConfig tc;
  PlOptimizerConfig sgd;
  PlTrainRecord last;

  pl_train_config_init (&tc);
  tc.steps = 1000;
  tc.divergence_factor = 100;
  pl_optimizer_config_init (&sgd, PL_OPTIMIZER_SGD);
  sgd.schedule.lr = 50.0;
  pl_optimizer_plan_init (&tc.plan, &sgd, 0, NULL);
  t = make_trainer (model, problem, 0, 1, &tc);
  g_assert_false (pl_trainer_run (t, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NUMERIC);
  g_assert_cmpint (pl_trainer_get_status (t), ==, PL_TRAIN_FAILED);
  for (gsize i = 0; i < pl_trainer_get_n_params (t); i++)
    g_assert_true (isfinite (pl_trainer_get_params (t)[i]));
  /* the kept parameters give a finite loss no larger than the divergence bound */
  g_assert_true (pl_trainer_snapshot (t, &last, NULL));
  {
    double l = pl_loss_evaluate (pl_trainer_get_loss (t), pl_trainer_get_params (t), NULL,
                                 NULL, NULL);
    PlTrainRecord first;
    pl_trainer_history_copy (t, 0, 1, &first);
    g_assert_true (isfinite (l));
    g_assert_cmpfloat (l, <=, 100 * first.loss);
  }
}

static void
test_trajectory (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("exponential-decay", NULL);
  g_autoptr(PlModel) model = make_model (PL_MODEL_CLASSICAL);
  g_autoptr(PlTrainer) t = NULL;
  PlTrainConfig tc;
  g_autofree double *traj = NULL;
  g_autofree guint64 *steps = NULL;
  g_autofree double *p0 = NULL;
  guint n;

  pl_train_config_init (&tc);
  tc.steps = 25;
  tc.trajectory_every = 10;
  t = make_trainer (model, problem, 0, 1, &tc);
  p0 = g_memdup2 (pl_trainer_get_params (t), pl_trainer_get_n_params (t) * sizeof (double));
  g_assert_true (pl_trainer_run (t, NULL));
  traj = pl_trainer_trajectory (t, &n, &steps);
  /* steps 0, 10, 20 and the last (25) */
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (steps[0], ==, 0);
  g_assert_cmpuint (steps[1], ==, 10);
  g_assert_cmpuint (steps[3], ==, 25);
  g_assert_cmpmem (traj, pl_trainer_get_n_params (t) * sizeof (double), p0,
                   pl_trainer_get_n_params (t) * sizeof (double));
  g_assert_cmpmem (traj + 3 * pl_trainer_get_n_params (t),
                   pl_trainer_get_n_params (t) * sizeof (double), pl_trainer_get_params (t),
                   pl_trainer_get_n_params (t) * sizeof (double));
}

static void
test_frozen_blocks (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("damped-oscillator", NULL);
  g_autoptr(PlModel) model = make_model (PL_MODEL_HYBRID);
  g_autoptr(PlTrainer) t = NULL;
  PlTrainConfig tc;
  g_autofree double *p0 = NULL;
  PlBlockRange q = pl_model_block (model, PL_BLOCK_QUANTUM);

  pl_train_config_init (&tc);
  tc.steps = 15;
  for (guint b = 0; b < PL_N_BLOCKS; b++)
    tc.frozen[b] = b != PL_BLOCK_QUANTUM;
  t = make_trainer (model, problem, 0, 1, &tc);
  p0 = g_memdup2 (pl_trainer_get_params (t), pl_trainer_get_n_params (t) * sizeof (double));
  g_assert_true (pl_trainer_run (t, NULL));
  for (gsize i = 0; i < pl_trainer_get_n_params (t); i++)
    {
      gboolean in_q = i >= q.offset && i < q.offset + q.size;
      if (!in_q)
        g_assert_cmpfloat (p0[i], ==, pl_trainer_get_params (t)[i]);
    }
  g_assert_true (memcmp (p0 + q.offset, pl_trainer_get_params (t) + q.offset,
                         q.size * sizeof (double)) != 0);
}

static void
test_adam_then_lbfgs (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("exponential-decay", NULL);
  g_autoptr(PlModel) model = make_model (PL_MODEL_CLASSICAL);
  g_autoptr(PlTrainer) t = NULL;
  PlTrainConfig tc;
  PlOptimizerConfig adam, lbfgs;
  PlTrainRecord at_switch, last;
  guint n;

  pl_train_config_init (&tc);
  tc.steps = 150;
  pl_optimizer_config_init (&adam, PL_OPTIMIZER_ADAM);
  adam.schedule.lr = 0.01;
  pl_optimizer_config_init (&lbfgs, PL_OPTIMIZER_LBFGS);
  pl_optimizer_plan_init (&tc.plan, &adam, 100, &lbfgs);
  t = make_trainer (model, problem, 0, 1, &tc);
  g_assert_true (pl_trainer_run (t, NULL));
  n = pl_trainer_history_length (t);
  g_assert_cmpuint (n, >, 100);
  pl_trainer_history_copy (t, 100, 1, &at_switch);
  pl_trainer_history_copy (t, n - 1, 1, &last);
  g_assert_cmpint (at_switch.optimizer, ==, 1);
  g_assert_cmpfloat (last.loss, <, at_switch.loss / 10);
}

static void
test_rar_training (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("exponential-decay", NULL);
  g_autoptr(PlModel) model = make_model (PL_MODEL_CLASSICAL);
  g_autoptr(PlTrainer) t = NULL;
  g_autoptr(GError) error = NULL;
  PlTrainConfig tc;
  PlTrainRecord first, last;

  pl_train_config_init (&tc);
  tc.steps = 200;
  tc.resample_every = 25;
  tc.rar = TRUE;
  t = make_trainer (model, problem, 0, 2, &tc);
  g_assert_true (pl_trainer_run (t, &error));
  g_assert_no_error (error);
  pl_trainer_history_copy (t, 0, 1, &first);
  pl_trainer_history_copy (t, 199, 1, &last);
  g_assert_cmpfloat (last.loss, <, first.loss);

  /* refinement without resampling is a configuration error */
  tc.resample_every = 0;
  {
    PlLossConfig lc;
    pl_loss_config_init (&lc);
    g_assert_null (pl_trainer_new (model, problem, &lc, &tc, NULL, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  }
}

static void
test_bad_config (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("exponential-decay", NULL);
  g_autoptr(PlModel) model = make_model (PL_MODEL_CLASSICAL);
  g_autoptr(GError) error = NULL;
  PlLossConfig lc;
  PlTrainConfig tc;

  pl_loss_config_init (&lc);
  pl_train_config_init (&tc);
  tc.steps = 0;
  g_assert_null (pl_trainer_new (model, problem, &lc, &tc, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  tc.steps = 10;
  tc.frozen[PL_BLOCK_TRUNK] = TRUE;
  g_assert_null (pl_trainer_new (model, problem, &lc, &tc, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "frozen"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/Train/progress-and-determinism", test_progress_and_determinism);
  g_test_add_func ("/Plateau/Train/shots", test_shots_training);
  g_test_add_func ("/Plateau/Train/checkpoint-continuation", test_checkpoint_continuation);
  g_test_add_func ("/Plateau/Train/bad-checkpoint", test_bad_checkpoint);
  g_test_add_func ("/Plateau/Train/thread-pause-cancel", test_thread_pause_cancel);
  g_test_add_func ("/Plateau/Train/divergence", test_divergence_keeps_good_params);
  g_test_add_func ("/Plateau/Train/frozen-blocks", test_frozen_blocks);
  g_test_add_func ("/Plateau/Train/trajectory", test_trajectory);
  g_test_add_func ("/Plateau/Train/adam-then-lbfgs", test_adam_then_lbfgs);
  g_test_add_func ("/Plateau/Train/rar", test_rar_training);
  g_test_add_func ("/Plateau/Train/bad-config", test_bad_config);
  return g_test_run ();
}
