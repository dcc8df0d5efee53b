/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-bench-train.c: `plateau-cli bench train`: milliseconds per full training step of the
 * reference configuration RC1 (damped oscillator, QPINN-MAC with a 1 -> 32 -> 32 tanh trunk,
 * linear heads, 4 qubits x 4 re-uploading layers, 128 collocation points, Adam), on one thread
 * and on all cores, with the time split into circuit forward, circuit backward, the classical
 * layers and the residual.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>

#define RC1_POINTS 128

static PlModel *
rc1_model (GError **error)
{
  PlModelConfig cfg;
  PlTemplateOptions topt = { .n_qubits = 4, .n_layers = 4, .rotations = "ry,rz",
                             .entangler = "ring", .entangler_gate = "cnot", .n_inputs = 1 };
  PlObservable *obs[4];
  PlCircuit *c;

  if (!(c = pl_circuit_new_template ("reupload", &topt, error)))
    return NULL;
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *t = g_strdup_printf ("Z%u", i);
      obs[i] = pl_observable_parse (t, 4, NULL);
    }
  pl_model_config_init (&cfg);   /* hybrid, 32 -> 32 tanh trunk, linear heads */
  return pl_model_new (&cfg, c, 4, obs, error);
}

/* Wall-clock milliseconds per step of @steps training steps (after a warm-up). */
static gboolean
time_steps (const PlModel   *model,
            const PlProblem *problem,
            guint            threads,
            guint            steps,
            double          *ms,
            GError         **error)
{
  g_autoptr(PlTrainer) warm = NULL;
  g_autoptr(PlTrainer) t = NULL;
  PlLossConfig lc;
  PlTrainConfig tc;
  gint64 t0;

  pl_loss_config_init (&lc);
  lc.threads = threads;
  lc.n_points[0] = RC1_POINTS;
  pl_train_config_init (&tc);
  tc.eval_every = 0;
  tc.steps = 20;
  if (!(warm = pl_trainer_new (model, problem, &lc, &tc, NULL, error)) ||
      !pl_trainer_run (warm, error))
    return FALSE;
  tc.steps = steps;
  if (!(t = pl_trainer_new (model, problem, &lc, &tc, NULL, error)))
    return FALSE;
  /* the final evaluation of the error is not part of a step: time the steps only */
  t0 = g_get_monotonic_time ();
  if (!pl_trainer_run (t, error))
    return FALSE;
  {
    PlTrainRecord last;
    pl_trainer_snapshot (t, &last, NULL);
    *ms = last.seconds * 1e3 / steps;
  }
  (void) t0;
  return TRUE;
}

int
cli_bench_train (const CliCommon *common,
                 int              argc,
                 char           **argv)
{
  gint steps = 300;
  gboolean quick = FALSE;
  const GOptionEntry entries[] = {
    { "steps", 0, 0, G_OPTION_ARG_INT, &steps, "Steps to time (default 300)", "N" },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "A short run (30 steps) to check it works", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- training steps of RC1");
  g_autoptr(GError) error = NULL;
  g_autoptr(PlProblem) problem = NULL;
  g_autoptr(PlModel) model = NULL;
  g_autoptr(PlModelWork) work = NULL;
  g_autoptr(PlProblem) residual_problem = NULL;
  PlModelTimes times;
  PlJetSpec spec;
  double ms1, msn, t_res = 0;
  guint all = cli_threads (common), reps;
  g_autofree double *params = NULL;
  g_autofree double *grad = NULL;
  double x[RC1_POINTS], u[3 * RC1_POINTS], du[3 * RC1_POINTS], r[RC1_POINTS];
  PlRng rng;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return cli_fail (common, error);
  if (steps < 1)
    return cli_fail_literal (common, "--steps must be at least 1");
  if (quick)
    steps = 30;

  if (!(problem = pl_problem_new ("damped-oscillator", &error)) ||
      !(model = rc1_model (&error)))
    return cli_fail (common, error);

  if (!time_steps (model, problem, 1, steps, &ms1, &error) ||
      !time_steps (model, problem, all, steps, &msn, &error))
    return cli_fail (common, error);

  /* the breakdown: one forward + backward of the residual term's batch, profiled */
  openblas_set_num_threads (1);
  spec = *pl_problem_get_jet_spec (problem);
  work = pl_model_work_new (model, &spec, RC1_POINTS, &error);
  residual_problem = pl_problem_copy (problem);
  params = g_new (double, pl_model_n_params (model));
  grad = g_new0 (double, pl_model_n_params (model));
  pl_rng_init (&rng, (guint64) common->seed);
  pl_model_init_params (model, &rng, params);
  for (guint i = 0; i < RC1_POINTS; i++)
    x[i] = (i + 0.5) / RC1_POINTS;
  pl_model_work_set_profiling (work, TRUE);
  reps = quick ? 20 : 200;
  for (guint k = 0; k < reps; k++)
    {
      gint64 t0;

      pl_model_forward (model, params, x, work, u);
      t0 = g_get_monotonic_time ();
      pl_problem_residual (residual_problem, 0, x, u, RC1_POINTS, r);
      for (guint i = 0; i < 3 * RC1_POINTS; i++)
        du[i] = 0;
      pl_problem_residual_adjoint (residual_problem, 0, x, u, RC1_POINTS, r, du);
      t_res += (g_get_monotonic_time () - t0) * 1e-6;
      pl_model_backward (model, params, work, du, grad);
    }
  pl_model_work_times (work, &times);

  if (!common->json)
    {
      printf ("RC1 training step (damped oscillator, QPINN-MAC, %zu parameters, %d points)\n",
              pl_model_n_params (model), RC1_POINTS);
      printf ("  1 thread : %8.3f ms/step\n", ms1);
      printf ("  %u threads: %8.3f ms/step\n", all, msn);
      printf ("  breakdown of one residual pass (ms): circuit forward %.3f, circuit backward %.3f,"
              " classical %.3f, residual %.3f\n", times.circuit_forward * 1e3 / reps,
              times.circuit_backward * 1e3 / reps, times.classical * 1e3 / reps,
              t_res * 1e3 / reps);
    }
  else
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "command");
      json_builder_add_string_value (b, "bench train");
      json_builder_set_member_name (b, "configuration");
      json_builder_add_string_value (b, "rc1-damped-oscillator");
      json_builder_set_member_name (b, "parameters");
      json_builder_add_int_value (b, pl_model_n_params (model));
      json_builder_set_member_name (b, "steps");
      json_builder_add_int_value (b, steps);
      json_builder_set_member_name (b, "ms_per_step");
      json_builder_add_double_value (b, ms1);
      json_builder_set_member_name (b, "ms_per_step_all_cores");
      json_builder_add_double_value (b, msn);
      json_builder_set_member_name (b, "threads_all_cores");
      json_builder_add_int_value (b, all);
      json_builder_set_member_name (b, "breakdown_ms");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "circuit_forward");
      json_builder_add_double_value (b, times.circuit_forward * 1e3 / reps);
      json_builder_set_member_name (b, "circuit_backward");
      json_builder_add_double_value (b, times.circuit_backward * 1e3 / reps);
      json_builder_set_member_name (b, "mlp");
      json_builder_add_double_value (b, times.classical * 1e3 / reps);
      json_builder_set_member_name (b, "residual");
      json_builder_add_double_value (b, t_res * 1e3 / reps);
      json_builder_end_object (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      cli_print_json (root);
    }
  return 0;
}
