/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-train-schedule.c: what changes with the step during training, beside the optimiser:
 * the causal weighting's eps schedule and the time-marching windows (see pl-train.h), and
 * the checks of their settings.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-train.h"
#include "pl-train-private.h"
#include "pl-error.h"

#include <math.h>

void
_pl_trainer_causal_sync (PlTrainer *t)
{
  const PlOptimizerConfig *oc = t->phase == 0 ? &t->cfg.plan.first : &t->cfg.plan.second;

  if (pl_loss_causal_bins (t->loss) == 0)
    return;
  pl_loss_set_causal_enabled (t->loss, oc->kind != PL_OPTIMIZER_LBFGS);
  if (t->cfg.causal_bins > 0)
    pl_loss_set_causal_epsilon (t->loss, t->cfg.causal_epsilon[t->causal_stage]);
}

/* Steps per time window: as configured, or the run's steps split evenly. */
static guint64
window_steps (const PlTrainConfig *c)
{
  return c->time_window_steps > 0 ? c->time_window_steps : c->steps / MAX (c->time_windows, 1);
}

double
pl_trainer_time_window (const PlTrainer *t,
                        guint64          step)
{
  guint64 K = t->cfg.time_windows, S = window_steps (&t->cfg);

  if (K <= 1 || step >= K * S)
    return 1.0;
  return (double) (step / S + 1) / (double) K;
}

static gboolean
check_time_windows (const PlTrainConfig  *c,
                    GError              **error)
{
  if (c->time_windows <= 1)
    return TRUE;
  if (c->time_windows > PL_TRAIN_MAX_TIME_WINDOWS || window_steps (c) == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "time marching needs 2 to %d windows of at least one step each, not %u "
                   "windows over %" G_GUINT64_FORMAT " steps", PL_TRAIN_MAX_TIME_WINDOWS,
                   c->time_windows, c->steps);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_causal (const PlTrainConfig  *c,
              GError              **error)
{
  if (!pl_loss_check_causal_bins (c->causal_bins, error))
    return FALSE;
  if (c->causal_bins == 0)
    return TRUE;
  if (c->n_causal_epsilon < 1 || c->n_causal_epsilon > PL_TRAIN_MAX_CAUSAL_EPSILONS)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "causal_epsilon needs 1..%d values, not %u", PL_TRAIN_MAX_CAUSAL_EPSILONS,
                   c->n_causal_epsilon);
      return FALSE;
    }
  for (guint i = 0; i < c->n_causal_epsilon; i++)
    {
      double e = c->causal_epsilon[i];

      if (!(isfinite (e) && e >= 0))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "causal_epsilon[%u] must be a finite number >= 0, not %g", i, e);
          return FALSE;
        }
      if (i > 0 && !(e > c->causal_epsilon[i - 1]))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "causal_epsilon[%u] = %g must be larger than the one before (%g): the "
                       "schedule increases", i, e, c->causal_epsilon[i - 1]);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
_pl_train_check_schedules (const PlTrainConfig  *config,
                           GError              **error)
{
  return check_causal (config, error) && check_time_windows (config, error);
}
