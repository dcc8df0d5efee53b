/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-train.c: the training loop, its thread and its published state (see pl-train.h).
 * Checkpoints are in pl-train-checkpoint.c, the causal and time-window schedules in
 * pl-train-schedule.c.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-train.h"
#include "pl-train-private.h"
#include "pl-error.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

static const char *status_names[] = {
  "ready", "running", "paused", "finished", "cancelled", "failed"
};

void
pl_train_config_init (PlTrainConfig *c)
{
  PlOptimizerConfig adam;

  memset (c, 0, sizeof *c);
  c->steps = 2000;
  pl_optimizer_config_init (&adam, PL_OPTIMIZER_ADAM);
  adam.schedule.lr = 0.01;
  pl_optimizer_plan_init (&c->plan, &adam, 0, NULL);
  c->eval_every = 100;
  c->adaptive_alpha = 0.1;
  c->adaptive_every = 10;
  c->divergence_factor = 1e8;
  c->rar_k = 1.0;
  c->rar_c = 1.0;
  c->rar_candidates = 10;
  c->seed = 1;
}

const char *
pl_train_status_to_string (PlTrainStatus s)
{
  g_return_val_if_fail ((guint) s < G_N_ELEMENTS (status_names), NULL);
  return status_names[s];
}

static gboolean
make_optimizer (PlTrainer  *t,
                gint        phase,
                GError    **error)
{
  const PlOptimizerConfig *oc = phase == 0 ? &t->cfg.plan.first : &t->cfg.plan.second;

  g_clear_pointer (&t->opt, pl_optimizer_free);
  if (!(t->opt = pl_optimizer_new (oc, t->np, error)))
    return FALSE;
  for (guint b = 0; b < PL_N_BLOCKS; b++)
    {
      PlBlockRange r = pl_model_block (t->model, b);

      if (t->cfg.frozen[b] && r.size > 0 &&
          !pl_optimizer_set_block_scale (t->opt, r.offset, r.size, 0.0, error))
        return FALSE;
    }
  t->phase = phase;
  _pl_trainer_causal_sync (t);
  return TRUE;
}

PlTrainer *
pl_trainer_new (const PlModel        *model,
                const PlProblem      *problem,
                const PlLossConfig   *loss_config,
                const PlTrainConfig  *config,
                const double         *init_params,
                GError              **error)
{
  g_autoptr(PlTrainer) t = g_new0 (PlTrainer, 1);
  PlLossConfig lc = *loss_config;
  gboolean all_frozen = TRUE;

  g_mutex_init (&t->lock);
  g_cond_init (&t->cond);
  t->history = g_array_new (FALSE, FALSE, sizeof (PlTrainRecord));
  t->traj = g_array_new (FALSE, FALSE, sizeof (double));
  t->traj_steps = g_array_new (FALSE, FALSE, sizeof (guint64));
  t->model = model;
  t->problem = problem;
  t->cfg = *config;
  t->ckpt_path = g_strdup (config->checkpoint_path);
  t->cfg.checkpoint_path = t->ckpt_path;
  t->np = pl_model_n_params (model);

  if (config->steps == 0 || config->steps > G_GUINT64_CONSTANT (100000000))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "steps must be between 1 and 100000000, not %" G_GUINT64_FORMAT,
                   config->steps);
      return NULL;
    }
  if (!pl_optimizer_plan_validate (&config->plan, error))
    return NULL;
  if (config->adaptive_weights &&
      (!(config->adaptive_alpha > 0 && config->adaptive_alpha <= 1) ||
       config->adaptive_every == 0))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "adaptive weights need alpha in (0, 1] and a positive period, not %g and %u",
                   config->adaptive_alpha, config->adaptive_every);
      return NULL;
    }
  if (config->rar && (config->resample_every == 0 || config->rar_candidates < 1 ||
                      !(config->rar_k >= 0) || !(config->rar_c >= 0)))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "adaptive refinement needs a resampling period and candidates >= 1, "
                   "k >= 0, c >= 0 (got period %u, candidates %u, k %g, c %g)",
                   config->resample_every, config->rar_candidates, config->rar_k,
                   config->rar_c);
      return NULL;
    }
  if (!(config->divergence_factor > 1))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the divergence factor must be larger than 1, not %g",
                   config->divergence_factor);
      return NULL;
    }
  if (!_pl_train_check_schedules (config, error))
    return NULL;
  for (guint b = 0; b < PL_N_BLOCKS; b++)
    if (pl_model_block (model, b).size > 0 && !config->frozen[b])
      all_frozen = FALSE;
  if (all_frozen)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "every parameter block is frozen: there is nothing to train");
      return NULL;
    }

  /* the trainer's causal settings (with their schedule) take over the loss config's */
  if (config->causal_bins > 0)
    {
      lc.causal_bins = config->causal_bins;
      lc.causal_epsilon = config->causal_epsilon[0];
    }
  if (!(t->loss = pl_loss_new (model, problem, &lc, error)))
    return NULL;
  t->params = g_new (double, t->np);
  t->good = g_new (double, t->np);
  t->grad = g_new0 (double, t->np);
  t->shared = g_new (double, t->np);
  if (config->adaptive_weights)
    t->tgrad = g_new0 (double, t->np * pl_loss_n_terms (t->loss));
  pl_rng_init (&t->rng, config->seed);

  if (init_params != NULL)
    {
      for (gsize i = 0; i < t->np; i++)
        if (!isfinite (init_params[i]))
          {
            g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                         "initial parameter %" G_GSIZE_FORMAT " is not finite", i);
            return NULL;
          }
      memcpy (t->params, init_params, t->np * sizeof (double));
    }
  else
    pl_model_init_params (model, &t->rng, t->params);
  memcpy (t->good, t->params, t->np * sizeof (double));
  memcpy (t->shared, t->params, t->np * sizeof (double));

  if (t->cfg.time_windows > 1 &&
      !pl_loss_set_time_window (t->loss, pl_trainer_time_window (t, 0), error))
    return NULL;
  if (!pl_loss_resample (t->loss, &t->rng, error))
    return NULL;
  if (!make_optimizer (t, 0, error))
    return NULL;
  return g_steal_pointer (&t);
}

void
pl_trainer_free (PlTrainer *t)
{
  if (t == NULL)
    return;
  if (t->thread != NULL)
    {
      pl_trainer_cancel (t);
      g_thread_join (t->thread);
    }
  g_clear_error (&t->thread_error);
  g_clear_pointer (&t->opt, pl_optimizer_free);
  g_clear_pointer (&t->loss, pl_loss_free);
  g_array_unref (t->history);
  g_array_unref (t->traj);
  g_array_unref (t->traj_steps);
  g_free (t->params);
  g_free (t->good);
  g_free (t->grad);
  g_free (t->shared);
  g_free (t->tgrad);
  g_free (t->ckpt_path);
  g_mutex_clear (&t->lock);
  g_cond_clear (&t->cond);
  g_free (t);
}

static double
lbfgs_objective (const double *params,
                 double       *grad,
                 gpointer      user_data)
{
  PlTrainer *t = user_data;

  return pl_loss_evaluate (t->loss, params, grad, NULL, NULL);
}

/* The first interior term is the residual the adaptive weights are measured against. */
static gint
residual_term (PlTrainer *t)
{
  for (guint k = 0; k < pl_loss_n_terms (t->loss); k++)
    if (pl_problem_term_kind (t->problem, pl_loss_term_problem_index (t->loss, k)) ==
        PL_TERM_INTERIOR)
      return k;
  return -1;
}

static gboolean
update_weights (PlTrainer  *t,
                GError    **error)
{
  guint nt = pl_loss_n_terms (t->loss);
  gint r = residual_term (t);
  double w[PL_PROBLEM_MAX_TERMS];
  g_autofree double *others = NULL;
  guint n_others = 0;

  if (r < 0 || nt < 2)
    return TRUE;
  others = g_new (double, (gsize) (nt - 1) * t->np);
  for (guint k = 0; k < nt; k++)
    if ((gint) k != r)
      {
        memcpy (others + (gsize) n_others * t->np, t->tgrad + (gsize) k * t->np,
                t->np * sizeof (double));
        w[n_others++] = pl_loss_get_weight (t->loss, k);
      }
  if (!pl_loss_weights_update (t->np, t->tgrad + (gsize) r * t->np, n_others, others,
                               t->cfg.adaptive_alpha, w, error))
    return FALSE;
  n_others = 0;
  for (guint k = 0; k < nt; k++)
    if ((gint) k != r)
      pl_loss_set_weight (t->loss, k, w[n_others++]);
  return TRUE;
}

static void
keep_trajectory (PlTrainer *t)
{
  g_array_append_vals (t->traj, t->params, t->np);
  g_array_append_val (t->traj_steps, t->step);
}

static void
publish (PlTrainer           *t,
         const PlTrainRecord *rec,
         gboolean             last)
{
  g_mutex_lock (&t->lock);
  g_array_append_val (t->history, *rec);
  if (t->cfg.trajectory_every > 0 && (t->step % t->cfg.trajectory_every == 0 || last))
    keep_trajectory (t);
  memcpy (t->shared, t->params, t->np * sizeof (double));
  g_mutex_unlock (&t->lock);
}

static gboolean
fail_numeric (PlTrainer   *t,
              const char  *what,
              double       loss,
              GError     **error)
{
  /* keep the parameters of the last finite, non-diverged evaluation */
  memcpy (t->params, t->good, t->np * sizeof (double));
  g_mutex_lock (&t->lock);
  memcpy (t->shared, t->params, t->np * sizeof (double));
  g_mutex_unlock (&t->lock);
  g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
               "training stopped at step %" G_GUINT64_FORMAT ": %s (loss %g); the parameters "
               "of the last good step are kept", t->step, what, loss);
  return FALSE;
}

/* Wait while paused; FALSE when cancelled. */
static gboolean
wait_if_paused (PlTrainer *t)
{
  if (g_atomic_int_get (&t->cancel_flag))
    return FALSE;
  if (!g_atomic_int_get (&t->pause_flag))
    return TRUE;
  g_atomic_int_set (&t->status, PL_TRAIN_PAUSED);
  g_mutex_lock (&t->lock);
  while (g_atomic_int_get (&t->pause_flag) && !g_atomic_int_get (&t->cancel_flag))
    g_cond_wait (&t->cond, &t->lock);
  g_mutex_unlock (&t->lock);
  g_atomic_int_set (&t->status, PL_TRAIN_RUNNING);
  return !g_atomic_int_get (&t->cancel_flag);
}

static gboolean
train_step (PlTrainer      *t,
            PlTrainRecord  *rec,
            gboolean       *converged,
            GError        **error)
{
  const PlOptimizerConfig *oc;
  guint nt = pl_loss_n_terms (t->loss);
  gboolean adapt;
  double loss, window;

  memset (rec, 0, sizeof *rec);
  rec->step = t->step;
  rec->rel_l2 = NAN;
  rec->causal_epsilon = NAN;
  rec->causal_min_weight = NAN;

  window = pl_trainer_time_window (t, t->step);
  if (window != pl_loss_get_time_window (t->loss))
    {
      /* a new time window: its points now, and an L-BFGS restarted (its curvature pairs
       * belong to the old points) */
      oc = t->phase == 0 ? &t->cfg.plan.first : &t->cfg.plan.second;
      if (!pl_loss_set_time_window (t->loss, window, error) ||
          !pl_loss_resample (t->loss, &t->rng, error) ||
          (oc->kind == PL_OPTIMIZER_LBFGS && !make_optimizer (t, t->phase, error)))
        return FALSE;
    }
  else if (t->cfg.resample_every > 0 && t->step > 0 && t->step % t->cfg.resample_every == 0 &&
      !(t->cfg.rar
        ? pl_loss_resample_rard (t->loss, t->params, t->cfg.rar_k, t->cfg.rar_c,
                                 t->cfg.rar_candidates, &t->rng, error)
        : pl_loss_resample (t->loss, &t->rng, error)))
    return FALSE;
  if (t->phase == 0 && t->cfg.plan.has_second && t->step >= t->cfg.plan.switch_step &&
      !make_optimizer (t, 1, error))
    return FALSE;
  oc = t->phase == 0 ? &t->cfg.plan.first : &t->cfg.plan.second;
  rec->optimizer = t->phase;
  adapt = t->cfg.adaptive_weights && oc->kind != PL_OPTIMIZER_LBFGS &&
          t->step % t->cfg.adaptive_every == 0;

  loss = pl_loss_evaluate (t->loss, t->params, t->grad, rec->components,
                           adapt ? t->tgrad : NULL);
  if (!isfinite (loss))
    return fail_numeric (t, "the loss is not a finite number", loss, error);
  if (t->step == 0 || !isfinite (t->first_loss))
    t->first_loss = loss;
  if (loss > t->cfg.divergence_factor * MAX (t->first_loss, 1e-300))
    return fail_numeric (t, "the loss diverged", loss, error);
  for (gsize i = 0; i < t->np; i++)
    if (!isfinite (t->grad[i]))
      return fail_numeric (t, "the gradient is not finite", loss, error);
  memcpy (t->good, t->params, t->np * sizeof (double));

  rec->loss = loss;
  if (pl_loss_get_causal_enabled (t->loss))
    {
      rec->causal_epsilon = pl_loss_get_causal_epsilon (t->loss);
      rec->causal_min_weight = pl_loss_causal_min_weight (t->loss);
      /* the schedule: a larger eps once the whole time range is active */
      if (rec->causal_min_weight > 0.99 && t->cfg.causal_bins > 0 &&
          t->causal_stage + 1 < t->cfg.n_causal_epsilon)
        {
          t->causal_stage++;
          pl_loss_set_causal_epsilon (t->loss, t->cfg.causal_epsilon[t->causal_stage]);
        }
    }
  for (guint k = 0; k < nt; k++)
    rec->weights[k] = pl_loss_get_weight (t->loss, k);
  for (guint b = 0; b < PL_N_BLOCKS; b++)
    {
      PlBlockRange r = pl_model_block (t->model, b);
      double s = 0;

      for (gsize i = r.offset; i < r.offset + r.size; i++)
        s += t->grad[i] * t->grad[i];
      rec->grad_norm[b] = sqrt (s);
    }

  if (oc->kind == PL_OPTIMIZER_LBFGS)
    {
      g_autoptr(GError) local = NULL;

      rec->lr = NAN;
      if (!pl_lbfgs_step (t->opt, t->params, &loss, t->grad, lbfgs_objective, t, &local))
        {
          /* no decrease possible any more: converged to floating-point accuracy */
          *converged = TRUE;
          g_debug ("L-BFGS stopped at step %" G_GUINT64_FORMAT ": %s", t->step,
                   local->message);
        }
    }
  else
    {
      rec->lr = pl_optimizer_get_lr (t->opt);
      if (adapt && !update_weights (t, error))
        return FALSE;
      if (!pl_optimizer_step (t->opt, t->params, t->grad, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
pl_trainer_run (PlTrainer  *t,
                GError    **error)
{
  gint64 t0 = g_get_monotonic_time ();
  gboolean converged = FALSE;

  /* our threads split the points; OpenBLAS must not add its own on top */
  openblas_set_num_threads (1);
  g_atomic_int_set (&t->status, PL_TRAIN_RUNNING);
  if (t->cfg.trajectory_every > 0 && t->step == 0)
    {
      g_mutex_lock (&t->lock);
      if (t->traj_steps->len == 0)
        keep_trajectory (t);
      g_mutex_unlock (&t->lock);
    }

  while (t->step < t->cfg.steps && !converged)
    {
      PlTrainRecord rec;
      gboolean last;

      if (!wait_if_paused (t))
        {
          g_atomic_int_set (&t->status, PL_TRAIN_CANCELLED);
          g_set_error (error, PL_ERROR, PL_ERROR_CANCELLED,
                       "training cancelled at step %" G_GUINT64_FORMAT, t->step);
          return FALSE;
        }
      if (!train_step (t, &rec, &converged, error))
        {
          g_atomic_int_set (&t->status, PL_TRAIN_FAILED);
          return FALSE;
        }
      t->step++;
      last = t->step == t->cfg.steps || converged;
      if ((t->cfg.eval_every > 0 && t->step % t->cfg.eval_every == 0) || last)
        {
          g_autoptr(GError) local = NULL;

          if (pl_problem_has_exact (t->problem) &&
              !pl_loss_relative_l2 (t->loss, t->params, t->cfg.eval_points, &rec.rel_l2,
                                    &local))
            g_debug ("no relative error at step %" G_GUINT64_FORMAT ": %s", t->step,
                     local->message);
        }
      rec.seconds = t->seconds_before + (g_get_monotonic_time () - t0) * 1e-6;
      publish (t, &rec, last);

      if (t->ckpt_path != NULL &&
          ((t->cfg.checkpoint_every > 0 && t->step % t->cfg.checkpoint_every == 0) || last) &&
          !pl_trainer_save_checkpoint (t, t->ckpt_path, error))
        {
          g_atomic_int_set (&t->status, PL_TRAIN_FAILED);
          return FALSE;
        }
    }
  g_atomic_int_set (&t->status, PL_TRAIN_FINISHED);
  return TRUE;
}

static gpointer
thread_main (gpointer data)
{
  PlTrainer *t = data;

  t->thread_ok = pl_trainer_run (t, &t->thread_error);
  return NULL;
}

void
pl_trainer_start (PlTrainer *t)
{
  g_return_if_fail (t->thread == NULL);
  g_atomic_int_set (&t->status, PL_TRAIN_RUNNING);
  t->thread = g_thread_new ("plateau-train", thread_main, t);
}

gboolean
pl_trainer_join (PlTrainer  *t,
                 GError    **error)
{
  g_return_val_if_fail (t->thread != NULL, FALSE);
  g_thread_join (t->thread);
  t->thread = NULL;
  if (!t->thread_ok)
    {
      g_propagate_error (error, g_steal_pointer (&t->thread_error));
      return FALSE;
    }
  return TRUE;
}

void
pl_trainer_pause (PlTrainer *t)
{
  g_atomic_int_set (&t->pause_flag, 1);
}

void
pl_trainer_resume (PlTrainer *t)
{
  g_mutex_lock (&t->lock);
  g_atomic_int_set (&t->pause_flag, 0);
  g_cond_broadcast (&t->cond);
  g_mutex_unlock (&t->lock);
}

void
pl_trainer_cancel (PlTrainer *t)
{
  g_mutex_lock (&t->lock);
  g_atomic_int_set (&t->cancel_flag, 1);
  g_cond_broadcast (&t->cond);
  g_mutex_unlock (&t->lock);
}

PlTrainStatus
pl_trainer_get_status (PlTrainer *t)
{
  return (PlTrainStatus) g_atomic_int_get (&t->status);
}

gboolean
pl_trainer_snapshot (PlTrainer     *t,
                     PlTrainRecord *record,
                     double        *params)
{
  gboolean have;

  g_mutex_lock (&t->lock);
  have = t->history->len > 0;
  if (have && record != NULL)
    *record = g_array_index (t->history, PlTrainRecord, t->history->len - 1);
  if (params != NULL)
    memcpy (params, t->shared, t->np * sizeof (double));
  g_mutex_unlock (&t->lock);
  return have;
}

guint
pl_trainer_history_length (PlTrainer *t)
{
  guint n;

  g_mutex_lock (&t->lock);
  n = t->history->len;
  g_mutex_unlock (&t->lock);
  return n;
}

guint
pl_trainer_history_copy (PlTrainer     *t,
                         guint          from,
                         guint          n,
                         PlTrainRecord *out)
{
  guint copied = 0;

  g_mutex_lock (&t->lock);
  if (from < t->history->len)
    {
      copied = MIN (n, t->history->len - from);
      memcpy (out, &g_array_index (t->history, PlTrainRecord, from),
              copied * sizeof (PlTrainRecord));
    }
  g_mutex_unlock (&t->lock);
  return copied;
}

double *
pl_trainer_trajectory (PlTrainer  *t,
                       guint      *n,
                       guint64   **steps)
{
  double *out;

  g_mutex_lock (&t->lock);
  *n = t->traj_steps->len;
  out = g_memdup2 (t->traj->data, MAX (t->traj->len, 1) * sizeof (double));
  if (steps != NULL)
    *steps = g_memdup2 (t->traj_steps->data, MAX (t->traj_steps->len, 1) * sizeof (guint64));
  g_mutex_unlock (&t->lock);
  return out;
}

PlLoss *
pl_trainer_get_loss (PlTrainer *t)
{
  return t->loss;
}

const double *
pl_trainer_get_params (PlTrainer *t)
{
  return t->params;
}

gsize
pl_trainer_get_n_params (PlTrainer *t)
{
  return t->np;
}

double
pl_trainer_steps_per_second (PlTrainer *t)
{
  PlTrainRecord rec;

  if (!pl_trainer_snapshot (t, &rec, NULL) || rec.seconds <= 0)
    return 0;
  return (rec.step + 1) / rec.seconds;
}
