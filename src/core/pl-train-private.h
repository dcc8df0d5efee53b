/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-train-private.h: the trainer's state, shared by pl-train.c and pl-train-checkpoint.c.
 */
#pragma once

#include "pl-train.h"

G_BEGIN_DECLS

struct _PlTrainer {
  const PlModel   *model;
  const PlProblem *problem;
  PlTrainConfig    cfg;
  char            *ckpt_path;
  PlLoss          *loss;
  gsize            np;
  double          *params;      /* the worker's */
  double          *good;        /* the last parameters with a finite, sane loss */
  double          *grad;
  double          *tgrad;       /* per-term gradients for adaptive weights */
  double          *shared;      /* a copy for other threads, under lock */
  PlOptimizer     *opt;
  gint             phase;
  PlRng            rng;
  guint64          step;        /* the next step to take */
  double           first_loss;
  double           seconds_before; /* run time before a resumed checkpoint */
  guint            causal_stage; /* the eps of the schedule in use */

  GMutex           lock;
  GCond            cond;
  GArray          *history;     /* PlTrainRecord, under lock */
  GArray          *traj;        /* doubles, n_params per kept step, under lock */
  GArray          *traj_steps;  /* guint64 */
  gint             status;      /* PlTrainStatus, atomic */
  gint             pause_flag;  /* atomic */
  gint             cancel_flag; /* atomic */
  GThread         *thread;
  gboolean         thread_ok;
  GError          *thread_error;
};

/* Causal weighting on in a first-order phase with the stage's eps, off for L-BFGS. */
void     _pl_trainer_causal_sync   (PlTrainer            *trainer);
/* The causal and time-window settings of @config, with errors naming them. */
gboolean _pl_train_check_schedules (const PlTrainConfig  *config,
                                    GError              **error);

G_END_DECLS
