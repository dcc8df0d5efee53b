/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-train.h: the state of one `plateau-cli train` run, shared by the command and the
 * writers of its outputs.
 */
#pragma once

#include "cli.h"

G_BEGIN_DECLS

typedef struct {
  const char   *name;        /* the run's name: preset, experiment name or file stem */
  PlExperiment *experiment;
  PlProblem    *problem;
  PlModel      *model;
  PlTrainer    *trainer;
  guint         eval_n;      /* evaluation grid per axis (0: the problem's) */
  double        rel_l2;      /* final, NaN without an exact solution */
  guint64       eval_shots;  /* also evaluate with this many shots (0: no) */
  guint64       circuits_per_step;  /* circuits one gradient runs under training shots */
  double        rel_l2_shots; /* the error under shot noise, NaN when not asked */
  double        seconds;
  const char   *status;      /* "finished", or why it stopped */
  /* the evaluation grid, prediction and exact solution, [axis or output][point] */
  gsize         n_grid;
  double       *grid;
  double       *pred;
  double       *exact;
} CliTrainRun;

gboolean  cli_train_write_history         (const CliTrainRun  *run,
                                           const char         *path,
                                           GError            **error);
/* Also fills run->grid, pred and exact. */
gboolean  cli_train_write_solution        (CliTrainRun        *run,
                                           const char         *path,
                                           GError            **error);
gboolean  cli_train_write_loss_figure     (const CliTrainRun  *run,
                                           const char         *dir,
                                           GError            **error);
/* After cli_train_write_solution. */
gboolean  cli_train_write_solution_figure (const CliTrainRun  *run,
                                           const char         *dir,
                                           GError            **error);
JsonNode *cli_train_summary               (const CliTrainRun  *run,
                                           const char         *out);

G_END_DECLS
