/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-train.c: `plateau-cli train FILE|--preset NAME`: train the experiment a file (or a
 * preset) describes and write its history, solution, summary, the experiment that ran, the
 * final checkpoint and figures into one directory.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli-train.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static char *
file_stem (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  if (g_str_has_suffix (base, ".json"))
    base[strlen (base) - 5] = '\0';
  return g_steal_pointer (&base);
}

/* Run the trainer on its thread and print a progress line about once a second. */
static gboolean
run_with_progress (CliTrainRun      *run,
                   const CliCommon  *common,
                   GError          **error)
{
  PlTrainer *t = run->trainer;
  gint64 t0 = g_get_monotonic_time (), last_print = t0;
  guint64 total = run->experiment->steps;
  gboolean ok;

  pl_trainer_start (t);
  for (;;)
    {
      PlTrainStatus status = pl_trainer_get_status (t);
      gint64 now;
      PlTrainRecord rec;

      if (status != PL_TRAIN_RUNNING && status != PL_TRAIN_READY && status != PL_TRAIN_PAUSED)
        break;
      g_usleep (50 * 1000);
      now = g_get_monotonic_time ();
      if (common->json || now - last_print < G_USEC_PER_SEC || !pl_trainer_snapshot (t, &rec,
                                                                                  NULL))
        continue;
      last_print = now;
      fprintf (stderr, "step %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT "  loss %.4e  ",
               rec.step + 1, total, rec.loss);
      if (isfinite (rec.rel_l2))
        fprintf (stderr, "rel_l2 %.4e  ", rec.rel_l2);
      fprintf (stderr, "%.1f steps/s\n", pl_trainer_steps_per_second (t));
    }
  ok = pl_trainer_join (t, error);
  run->seconds = (g_get_monotonic_time () - t0) * 1e-6;
  return ok;
}

static gboolean
write_outputs (CliTrainRun  *run,
               const char   *out,
               GError      **error)
{
  g_autofree char *history = g_build_filename (out, "history.csv", NULL);
  g_autofree char *solution = g_build_filename (out, "solution.csv", NULL);

  return cli_train_write_history (run, history, error) &&
         cli_train_write_solution (run, solution, error) &&
         cli_train_write_loss_figure (run, out, error) &&
         cli_train_write_solution_figure (run, out, error);
}

int
cli_cmd_train (int    argc,
               char **argv)
{
  CliCommon common = { .command = "train" };
  g_autofree char *preset = NULL;
  g_autofree char *out = NULL;
  g_autofree char *resume = NULL;
  g_autofree char *stem = NULL;
  gint64 steps = -1, checkpoint_every = -1, eval_shots = 0, shots = -1;
  const GOptionEntry entries[] = {
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &preset,
      "Train a preset experiment (see 'plateau-cli presets')", "NAME" },
    { "steps", 's', 0, G_OPTION_ARG_INT64, &steps,
      "Number of steps (default: the experiment's)", "N" },
    { "out", 'O', 0, G_OPTION_ARG_FILENAME, &out,
      "Output directory (default plateau-out/NAME)", "DIR" },
    { "checkpoint-every", 0, 0, G_OPTION_ARG_INT64, &checkpoint_every,
      "Write checkpoint.json every K steps (default: the experiment's; always at the end)",
      "K" },
    { "shots", 0, 0, G_OPTION_ARG_INT64, &shots,
      "Train on circuits measured N times each, differentiated by parameter shifts (0: "
      "exact; default: the experiment's training.shots)", "N" },
    { "eval-shots", 0, 0, G_OPTION_ARG_INT64, &eval_shots,
      "Also report the error when the circuit's expectation values are estimated from N "
      "shots per observable term and point", "N" },
    { "resume", 0, 0, G_OPTION_ARG_FILENAME, &resume,
      "Continue from a checkpoint written by an earlier run of the same experiment",
      "CHECKPOINT" },
    { NULL }
  };
  gboolean seed_given = cli_has_option (argc, argv, "--seed");
  gboolean threads_given = cli_has_option (argc, argv, "--threads");
  g_autoptr(GError) error = NULL;
  g_autoptr(PlExperiment) e = NULL;
  g_autoptr(PlProblem) problem = NULL;
  g_autoptr(PlModel) model = NULL;
  g_autoptr(PlTrainer) trainer = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GError) train_error = NULL;
  g_autofree char *ckpt = NULL;
  g_autofree char *exp_path = NULL;
  g_autofree char *summary_path = NULL;
  g_autofree char *summary_text = NULL;
  CliTrainRun run = { 0 };
  PlLossConfig lc;
  PlTrainConfig tc;
  PlTrainRecord last;

  if (!cli_parse (&common, "FILE|--preset NAME", "Train a physics-informed network from an "
                  "experiment file and write history.csv, solution.csv, summary.json, figures, "
                  "the experiment and the final checkpoint.", entries, &argc, &argv))
    return 2;

  if (argc > 2 || (argc == 2) == (preset != NULL))
    return cli_fail_literal (&common, argc > 2 ? "give one experiment file"
                             : preset != NULL ? "give either an experiment file or --preset, "
                                                "not both"
                             : "give an experiment file or --preset NAME");
  if (steps == 0 || steps < -1 || steps > 100000000)
    {
      g_autofree char *msg = g_strdup_printf ("--steps must be between 1 and 100000000, not %"
                                              G_GINT64_FORMAT, steps);
      return cli_fail_literal (&common, msg);
    }
  if (eval_shots < 0 || eval_shots > G_GINT64_CONSTANT (1000000000))
    {
      g_autofree char *msg = g_strdup_printf ("--eval-shots must be a positive number of shots "
                                              "(at most 1e9), not %" G_GINT64_FORMAT,
                                              eval_shots);
      return cli_fail_literal (&common, msg);
    }
  if (shots < -1 || shots > G_GINT64_CONSTANT (1000000000))
    {
      g_autofree char *msg = g_strdup_printf ("--shots must be 0 (exact) or a number of shots "
                                              "up to 1e9, not %" G_GINT64_FORMAT, shots);
      return cli_fail_literal (&common, msg);
    }
  if (checkpoint_every < -1 || checkpoint_every > G_MAXINT)
    {
      g_autofree char *msg = g_strdup_printf ("--checkpoint-every must be 0 (only at the end) "
                                              "or a positive number of steps, not %"
                                              G_GINT64_FORMAT, checkpoint_every);
      return cli_fail_literal (&common, msg);
    }

  e = preset != NULL ? pl_experiment_load_preset (preset, &error)
                     : pl_experiment_load (argv[1], &error);
  if (e == NULL)
    {
      /* an unreadable file is bad input too */
      cli_fail (&common, error);
      return 2;
    }
  for (const char *const *w = pl_experiment_get_warnings (e); *w != NULL; w++)
    fprintf (stderr, "plateau-cli train: warning: %s\n", *w);

  /* the command line wins over the file, and experiment.json records what ran */
  if (steps > 0)
    e->steps = (guint64) steps;
  if (checkpoint_every >= 0)
    e->checkpoint_every = (guint) checkpoint_every;
  if (seed_given)
    e->seed = (guint64) common.seed;
  if (threads_given)
    e->threads = (guint) common.threads;
  if (shots >= 0)
    e->shots = (guint64) shots;
  if (shots > 0 && !pl_experiment_validate (e, &error))
    return cli_fail (&common, error);

  stem = preset != NULL ? g_strdup (preset)
       : e->name != NULL && e->name[0] != '\0' ? g_strdup (e->name) : file_stem (argv[1]);
  if (strchr (stem, '/') != NULL || g_str_equal (stem, "..") || g_str_equal (stem, "."))
    g_strdelimit (stem, "/.", '_');
  if (out == NULL)
    out = g_build_filename ("plateau-out", stem, NULL);
  run.name = stem;
  run.experiment = e;
  run.rel_l2 = NAN;
  run.rel_l2_shots = NAN;
  run.eval_shots = (guint64) eval_shots;
  run.status = "finished";
  run.eval_n = e->eval_points;

  if (!(problem = pl_experiment_build_problem (e, &error)) ||
      !(model = pl_experiment_build_model (e, problem, &error)))
    return cli_fail (&common, error);
  if (!cli_ensure_dir (out, &error))
    return cli_fail (&common, error);
  exp_path = g_build_filename (out, "experiment.json", NULL);
  if (!pl_experiment_save (e, exp_path, &error))
    return cli_fail (&common, error);

  pl_experiment_loss_config (e, problem, &lc);
  pl_experiment_train_config (e, &tc);
  ckpt = g_build_filename (out, "checkpoint.json", NULL);
  tc.checkpoint_path = ckpt;
  if (!(trainer = pl_trainer_new (model, problem, &lc, &tc, NULL, &error)))
    return cli_fail (&common, error);
  if (resume != NULL && !pl_trainer_load_checkpoint (trainer, resume, &error))
    return cli_fail (&common, error);
  run.problem = problem;
  run.model = model;
  run.trainer = trainer;

  run.circuits_per_step = pl_loss_circuits_per_evaluation (pl_trainer_get_loss (trainer));
  if (!common.json)
    {
      fprintf (stderr, "training %s: problem %s, %s model, %" G_GSIZE_FORMAT " parameters, %"
               G_GUINT64_FORMAT " steps, %u threads\n", stem, pl_problem_get_name (problem),
               pl_model_kind_to_string (e->model.kind), pl_model_n_params (model), e->steps,
               pl_loss_get_threads (pl_trainer_get_loss (trainer)));
      if (e->shots > 0)
        fprintf (stderr, "  shots: %" G_GUINT64_FORMAT " measurements per circuit, %.3g "
                 "circuits per gradient (parameter shifts)\n", e->shots,
                 (double) run.circuits_per_step);
    }
  if (!run_with_progress (&run, &common, &train_error))
    {
      if (!g_error_matches (train_error, PL_ERROR, PL_ERROR_NUMERIC))
        return cli_fail (&common, train_error);
      /* the last good parameters are kept: write what there is, then report */
      run.status = "diverged";
    }

  if (pl_trainer_snapshot (trainer, &last, NULL) && isfinite (last.rel_l2))
    run.rel_l2 = last.rel_l2;
  else if (pl_problem_has_exact (problem) &&
           !pl_loss_relative_l2 (pl_trainer_get_loss (trainer), pl_trainer_get_params (trainer),
                                 run.eval_n, &run.rel_l2, &error))
    return cli_fail (&common, error);
  if (run.eval_shots > 0)
    {
      PlRng rng;

      pl_rng_init_stream (&rng, e->seed, 0x5407);
      if (!pl_loss_relative_l2_shots (pl_trainer_get_loss (trainer),
                                      pl_trainer_get_params (trainer), run.eval_n,
                                      run.eval_shots, &rng, &run.rel_l2_shots, &error))
        goto fail;
    }
  if (!write_outputs (&run, out, &error))
    goto fail;

  summary = cli_train_summary (&run, out);
  summary_path = g_build_filename (out, "summary.json", NULL);
  summary_text = pl_json_to_string (summary, TRUE);
  if (!cli_write_file (summary_path, summary_text, &error))
    goto fail;
  if (common.json)
    cli_print_json (summary);
  else
    {
      printf ("%s: %s after %" G_GUINT64_FORMAT " steps in %.1f s (%.1f steps/s): loss %.4e",
              stem, run.status, pl_trainer_history_length (trainer) > 0 ? last.step + 1 : 0,
              run.seconds, pl_trainer_steps_per_second (trainer), last.loss);
      if (isfinite (run.rel_l2))
        printf (", relative L2 error %.4e", run.rel_l2);
      if (isfinite (run.rel_l2_shots))
        printf (" (%.4e with %" G_GUINT64_FORMAT " shots)", run.rel_l2_shots, run.eval_shots);
      printf ("\nwrote history.csv, solution.csv, summary.json, experiment.json, "
              "checkpoint.json, loss.png/pdf, solution.png/pdf in %s\n", out);
    }
  g_free (run.grid);
  g_free (run.pred);
  g_free (run.exact);
  if (train_error != NULL)
    return cli_fail (&common, train_error);
  return 0;

fail:
  g_free (run.grid);
  g_free (run.pred);
  g_free (run.exact);
  return cli_fail (&common, error);
}
