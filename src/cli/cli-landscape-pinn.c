/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-landscape-pinn.c: the PINN mode of `plateau-cli landscape`: train an experiment with its
 * parameter trajectory kept, then slice its loss around the final parameters and project the
 * trajectory onto the slice.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli.h"
#include "cli-landscape.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>

/* Train on the trainer's thread with a progress line about once a second. */
static gboolean
train (PlTrainer        *t,
       const CliCommon  *common,
       guint64           total,
       GError          **error)
{
  gint64 last_print = g_get_monotonic_time ();

  pl_trainer_start (t);
  for (;;)
    {
      PlTrainStatus status = pl_trainer_get_status (t);
      PlTrainRecord rec;
      gint64 now;

      if (status != PL_TRAIN_RUNNING && status != PL_TRAIN_READY && status != PL_TRAIN_PAUSED)
        break;
      g_usleep (50 * 1000);
      now = g_get_monotonic_time ();
      if (common->json || now - last_print < G_USEC_PER_SEC ||
          !pl_trainer_snapshot (t, &rec, NULL))
        continue;
      last_print = now;
      fprintf (stderr, "training: step %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT ", loss %.4e\n",
               rec.step + 1, total, rec.loss);
    }
  return pl_trainer_join (t, error);
}

int
cli_landscape_pinn (const CliLandscapePinn *opt,
                    CliLandscape           *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) train_error = NULL;
  g_autoptr(PlExperiment) e = NULL;
  g_autoptr(PlProblem) problem = NULL;
  g_autoptr(PlModel) model = NULL;
  g_autoptr(PlTrainer) trainer = NULL;
  g_autoptr(PlObjective) objective = NULL;
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  g_autofree double *center = NULL;
  g_autofree double *traj = NULL;
  g_autofree guint64 *steps = NULL;
  g_autofree char *title = NULL;
  const char *name, *status = "finished";
  PlLossConfig lc;
  PlTrainConfig tc;
  PlTrainRecord last;
  gint64 t0;
  double train_seconds, rel_l2 = NAN;
  guint n_traj = 0;
  gsize np;

  e = opt->preset != NULL ? pl_experiment_load_preset (opt->preset, &error)
                          : pl_experiment_load (opt->file, &error);
  if (e == NULL)
    {
      /* an unreadable file is bad input too */
      cli_fail (job->common, error);
      return 2;
    }
  for (const char *const *w = pl_experiment_get_warnings (e); *w != NULL; w++)
    fprintf (stderr, "plateau-cli landscape: warning: %s\n", *w);
  if (opt->steps > 0)
    e->steps = (guint64) opt->steps;
  if (opt->seed_given)
    e->seed = (guint64) job->common->seed;
  if (opt->threads_given)
    e->threads = (guint) job->common->threads;
  name = opt->preset != NULL ? opt->preset : e->name != NULL ? e->name : opt->file;

  if (!(problem = pl_experiment_build_problem (e, &error)) ||
      !(model = pl_experiment_build_model (e, problem, &error)))
    return cli_fail (job->common, error);
  pl_experiment_loss_config (e, problem, &lc);
  pl_experiment_train_config (e, &tc);
  /* the landscape needs the trajectory, not the error curve: evaluate only at the end */
  tc.eval_every = 0;
  tc.trajectory_every = opt->trajectory_every > 0 ? (guint) opt->trajectory_every
                                                  : (guint) MAX (e->steps / 100, 1);
  if (!(trainer = pl_trainer_new (model, problem, &lc, &tc, NULL, &error)))
    return cli_fail (job->common, error);
  np = pl_model_n_params (model);

  if (!job->common->json)
    fprintf (stderr, "training %s: problem %s, %s model, %" G_GSIZE_FORMAT " parameters, %"
             G_GUINT64_FORMAT " steps, trajectory every %u\n", name,
             pl_problem_get_name (problem), pl_model_kind_to_string (e->model.kind), np,
             e->steps, tc.trajectory_every);
  t0 = g_get_monotonic_time ();
  if (!train (trainer, job->common, e->steps, &train_error))
    {
      if (!g_error_matches (train_error, PL_ERROR, PL_ERROR_NUMERIC))
        return cli_fail (job->common, train_error);
      /* the trainer keeps the last good parameters: the landscape around them still says why */
      fprintf (stderr, "plateau-cli landscape: %s\n", train_error->message);
      status = "diverged";
    }
  train_seconds = (g_get_monotonic_time () - t0) * 1e-6;
  if (!pl_trainer_snapshot (trainer, &last, NULL))
    last.loss = NAN;
  if (pl_problem_has_exact (problem) &&
      !pl_loss_relative_l2 (pl_trainer_get_loss (trainer), pl_trainer_get_params (trainer), 0,
                            &rel_l2, &error))
    return cli_fail (job->common, error);

  /* the loss with the training's final collocation points and weights */
  openblas_set_num_threads (1);
  if (!(objective = pl_objective_new_loss (pl_trainer_get_loss (trainer), model, &error)))
    return cli_fail (job->common, error);
  center = g_memdup2 (pl_trainer_get_params (trainer), np * sizeof (double));
  traj = pl_trainer_trajectory (trainer, &n_traj, &steps);

  job->objective = objective;
  job->threads = pl_loss_get_threads (pl_trainer_get_loss (trainer));
  job->n_params = np;
  job->center = center;
  job->trajectory = traj;
  job->steps = steps;
  job->n_traj = n_traj;
  job->circuit_axes = FALSE;
  title = g_markup_printf_escaped ("%s, %s model", name, pl_model_kind_to_string (e->model.kind));
  job->title = title;

  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "mode");
  json_builder_add_string_value (jb, "pinn");
  json_builder_set_member_name (jb, "experiment");
  json_builder_add_string_value (jb, name);
  json_builder_set_member_name (jb, "problem");
  json_builder_add_string_value (jb, pl_problem_get_name (problem));
  json_builder_set_member_name (jb, "model");
  json_builder_add_string_value (jb, pl_model_kind_to_string (e->model.kind));
  json_builder_set_member_name (jb, "steps");
  json_builder_add_int_value (jb, (gint64) e->steps);
  json_builder_set_member_name (jb, "train_status");
  json_builder_add_string_value (jb, status);
  json_builder_set_member_name (jb, "train_seconds");
  json_builder_add_double_value (jb, train_seconds);
  cli_json_add_double (jb, "final_loss", last.loss);
  cli_json_add_double (jb, "rel_l2", rel_l2);
  json_builder_set_member_name (jb, "trajectory_every");
  json_builder_add_int_value (jb, tc.trajectory_every);
  job->jb = jb;

  if (!job->common->json)
    {
      printf ("%s: trained %" G_GUINT64_FORMAT " steps in %.1f s (%s), loss %.4e", name,
              e->steps, train_seconds, status, last.loss);
      if (isfinite (rel_l2))
        printf (", relative L2 error %.4e", rel_l2);
      printf ("\n");
    }
  return cli_landscape_run (job);
}
