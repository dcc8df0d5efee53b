/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-train.h: the training loop of a physics-informed model, synchronous or on a worker
 * thread, with pause, resume and cancel, a history of records the UI polls, checkpoints, and
 * a clean stop on NaN or divergence that keeps the last good parameters.
 *
 * One step: (resample the collocation points every k steps), evaluate the loss and its exact
 * gradient (pl-loss), update the adaptive term weights every k steps if asked (learning-rate
 * annealing, Wang, Teng & Perdikaris 2021), and take an optimiser step (Adam or SGD; L-BFGS
 * steps evaluate the loss themselves in their line search). Frozen blocks of the parameter
 * vector get a learning-rate scale of 0 (quantum-only training inside a hybrid).
 *
 * Causal weighting (pl-loss.h) with an eps schedule: with causal_bins > 0 the interior terms
 * are weighted along t with eps = causal_epsilon[0]; after each step whose smallest weight
 * min_i w_i exceeds 0.99 (all of time is active) the next eps of the list is taken, and the
 * last one stays (Wang, Sankaran & Perdikaris 2024). The L-BFGS phase of a plan trains the
 * plain loss, causal weighting off: its line search needs an objective whose gradient is
 * exact, and the weights move with the parameters while the gradient treats them as
 * constants.
 *
 * Time marching (pl_loss_set_time_window): with time_windows = K > 1 the steps are split into
 * K windows of time_window_steps each (0: the run's steps / K), and in window k = 1 .. K every
 * term's points are drawn in the first k / K of the t range; steps after the last window see
 * the whole range. Each window starts with new points, and an L-BFGS optimiser then starts
 * afresh (its curvature pairs belong to the old points). The windows follow the step count,
 * so a run resumed from a checkpoint keeps them.
 *
 * Determinism: one seed fixes initialisation, sampling and resampling; the same
 * configuration, seed and thread count give bit-identical histories, and a run resumed from
 * a checkpoint continues bit-identically (the checkpoint holds parameters, optimiser state,
 * term weights, collocation points and the random generator).
 *
 * Threads: pl_trainer_start runs pl_trainer_run on a new thread; every other function may be
 * called from any thread while it runs (they take a mutex or touch atomics only).
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"
#include "pl-loss.h"
#include "pl-model.h"
#include "pl-optim.h"
#include "pl-problem.h"

G_BEGIN_DECLS

#define PL_TRAIN_MAX_CAUSAL_EPSILONS 8
#define PL_TRAIN_MAX_TIME_WINDOWS    1000

typedef struct {
  guint64         steps;              /* total steps, counted from 0 */
  PlOptimizerPlan plan;
  guint           resample_every;     /* 0: keep the first points */
  gboolean        rar;                /* resample interior terms by RAR-D (pl-loss.h) */
  double          rar_k;              /* |r|^k / mean |r|^k + c; defaults 1 and 1 */
  double          rar_c;
  guint           rar_candidates;     /* candidates per kept point (default 10) */
  guint           eval_every;         /* relative L2 error every k steps; 0: at the end only */
  guint           eval_points;        /* evaluation grid per axis; 0: the problem's default */
  gboolean        adaptive_weights;
  double          adaptive_alpha;     /* moving-average factor, (0, 1] */
  guint           adaptive_every;
  gboolean        frozen[PL_N_BLOCKS];
  guint           checkpoint_every;   /* 0: only at the end (when a path is set) */
  const char     *checkpoint_path;    /* NULL: no checkpoints */
  double          divergence_factor;  /* stop when loss > factor * the first loss */
  guint           trajectory_every;   /* keep the parameters every k steps (0: never), for
                                       * loss-landscape projections */
  guint64         seed;
  guint           causal_bins;        /* causal weighting: 0 off (or as the loss config says),
                                       * else 2 .. PL_LOSS_MAX_CAUSAL_BINS */
  double          causal_epsilon[PL_TRAIN_MAX_CAUSAL_EPSILONS]; /* increasing eps schedule */
  guint           n_causal_epsilon;   /* 1 .. PL_TRAIN_MAX_CAUSAL_EPSILONS when bins > 0 */
  guint           time_windows;       /* time marching (above): 0 or 1 off, else at most
                                       * PL_TRAIN_MAX_TIME_WINDOWS */
  guint64         time_window_steps;  /* steps per window; 0: steps / time_windows (>= 1) */
} PlTrainConfig;

/* Defaults: 2000 steps of Adam (lr 0.01), no resampling, evaluation every 100 steps,
 * divergence factor 1e8, seed 1. */
void     pl_train_config_init (PlTrainConfig *config);

typedef struct {
  guint64 step;
  double  loss;                                   /* weighted total */
  double  components[PL_PROBLEM_MAX_TERMS];       /* unweighted L_t, in loss-term order */
  double  weights[PL_PROBLEM_MAX_TERMS];
  double  grad_norm[PL_N_BLOCKS];                 /* ||dL/dblock||_2 */
  double  rel_l2;                                 /* NaN when not evaluated at this step */
  double  lr;
  double  seconds;                                /* since the run started */
  gint    optimizer;                              /* 0: first of the plan, 1: second */
  double  causal_epsilon;                         /* eps of this step; NaN when not causal */
  double  causal_min_weight;                      /* min_i w_i of this step; NaN when not */
} PlTrainRecord;

typedef enum {
  PL_TRAIN_READY,
  PL_TRAIN_RUNNING,
  PL_TRAIN_PAUSED,
  PL_TRAIN_FINISHED,
  PL_TRAIN_CANCELLED,
  PL_TRAIN_FAILED,
} PlTrainStatus;

typedef struct _PlTrainer PlTrainer;

/* The time window (a fraction of the t range, pl_loss_set_time_window) that step @step trains
 * on: k / K in window k of K; 1 without time marching and after the last window. */
double   pl_trainer_time_window (const PlTrainer *trainer,
                                 guint64          step);

/* A trainer for @model on @problem (both borrowed). @init_params (n_params) may be NULL:
 * then the model's initialisation draws them from the seed. Validates the configuration. */
PlTrainer     *pl_trainer_new          (const PlModel        *model,
                                        const PlProblem      *problem,
                                        const PlLossConfig   *loss_config,
                                        const PlTrainConfig  *config,
                                        const double         *init_params,
                                        GError              **error);
void           pl_trainer_free         (PlTrainer            *trainer);

/* Train to config->steps (from wherever the trainer is: 0, or a loaded checkpoint). Returns
 * FALSE with PL_ERROR_NUMERIC when the loss became NaN or diverged (the last good parameters
 * are kept), PL_ERROR_CANCELLED when cancelled. */
gboolean       pl_trainer_run          (PlTrainer            *trainer,
                                        GError              **error);
/* pl_trainer_run on a new thread; pl_trainer_join waits for it and returns its result. */
void           pl_trainer_start        (PlTrainer            *trainer);
gboolean       pl_trainer_join         (PlTrainer            *trainer,
                                        GError              **error);
void           pl_trainer_pause        (PlTrainer            *trainer);
void           pl_trainer_resume       (PlTrainer            *trainer);
void           pl_trainer_cancel       (PlTrainer            *trainer);
PlTrainStatus  pl_trainer_get_status   (PlTrainer            *trainer);
const char    *pl_train_status_to_string (PlTrainStatus       status);

/* The newest record and, if @params is not NULL, a copy of the current parameters. FALSE
 * before the first step. */
gboolean       pl_trainer_snapshot     (PlTrainer            *trainer,
                                        PlTrainRecord        *record,
                                        double               *params);
guint          pl_trainer_history_length (PlTrainer          *trainer);
/* Copy records [from, from + n) into @out; returns how many were copied. */
guint          pl_trainer_history_copy (PlTrainer            *trainer,
                                        guint                 from,
                                        guint                 n,
                                        PlTrainRecord        *out);

/* The kept parameter vectors (step 0, then every trajectory_every steps, then the last; not
 * part of checkpoints, so a resumed run keeps them from the resume on):
 * a copy of n * n_params doubles, row by row, with their steps in @steps (may be NULL). */
double        *pl_trainer_trajectory   (PlTrainer            *trainer,
                                        guint                *n,
                                        guint64             **steps);

PlLoss        *pl_trainer_get_loss     (PlTrainer            *trainer);
const double  *pl_trainer_get_params   (PlTrainer            *trainer);
gsize          pl_trainer_get_n_params (PlTrainer            *trainer);
/* Mean steps per second of the run so far. */
double         pl_trainer_steps_per_second (PlTrainer        *trainer);

/* Checkpoints (JSON, written atomically). Loading restores parameters, optimiser, weights,
 * points, step count, history and the random generator; it fails without changing the
 * trainer when the file does not match (other model size, malformed, unreadable). */
gboolean       pl_trainer_save_checkpoint (PlTrainer         *trainer,
                                           const char        *path,
                                           GError           **error);
gboolean       pl_trainer_load_checkpoint (PlTrainer         *trainer,
                                           const char        *path,
                                           GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlTrainer, pl_trainer_free)

G_END_DECLS
