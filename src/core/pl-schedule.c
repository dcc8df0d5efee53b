/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-optim.h"
#include "pl-error.h"

#include <math.h>
#include <string.h>

void
pl_schedule_init (PlSchedule     *sched,
                  PlScheduleKind  kind,
                  double          lr)
{
  g_return_if_fail (sched != NULL);

  sched->kind = kind;
  sched->lr = lr;
  sched->gamma = 0.1;
  sched->decay_steps = 1000;
  sched->total_steps = 10000;
  sched->lr_min = 0.0;
  sched->warmup_steps = 0;
}

gboolean
pl_schedule_validate (const PlSchedule  *sched,
                      GError           **error)
{
  g_return_val_if_fail (sched != NULL, FALSE);

  if ((guint) sched->kind > PL_SCHEDULE_COSINE)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "schedule.kind = %d is not a schedule (constant, exponential, step, cosine)",
                   (int) sched->kind);
      return FALSE;
    }
  if (!isfinite (sched->lr) || sched->lr <= 0.0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "schedule.lr = %g must be a finite number > 0", sched->lr);
      return FALSE;
    }
  if (!isfinite (sched->gamma) || sched->gamma <= 0.0 || sched->gamma > 1.0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "schedule.gamma = %g is outside (0, 1]", sched->gamma);
      return FALSE;
    }
  if (sched->decay_steps == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "schedule.decay_steps = 0 must be >= 1");
      return FALSE;
    }
  if (sched->total_steps == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "schedule.total_steps = 0 must be >= 1");
      return FALSE;
    }
  /* Step counts go to JSON as signed 64-bit integers. */
  if (sched->decay_steps > G_MAXINT64 || sched->total_steps > G_MAXINT64 ||
      sched->warmup_steps > G_MAXINT64)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "schedule.%s is larger than %" G_GINT64_FORMAT,
                   sched->decay_steps > G_MAXINT64 ? "decay_steps" :
                   sched->total_steps > G_MAXINT64 ? "total_steps" : "warmup_steps",
                   G_MAXINT64);
      return FALSE;
    }
  if (!isfinite (sched->lr_min) || sched->lr_min < 0.0 || sched->lr_min > sched->lr)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "schedule.lr_min = %g is outside [0, lr = %g]", sched->lr_min, sched->lr);
      return FALSE;
    }
  return TRUE;
}

double
pl_schedule_lr (const PlSchedule *sched,
                guint64           step)
{
  guint64 k;

  g_return_val_if_fail (sched != NULL, 0.0);

  /* (s + 1) / (W + 1): no wasted step at rate 0, and no repeated eta_0 at the hand-over. */
  if (step < sched->warmup_steps)
    return sched->lr * ((double) step + 1.0) / ((double) sched->warmup_steps + 1.0);

  k = step - sched->warmup_steps;
  switch (sched->kind)
    {
    case PL_SCHEDULE_CONSTANT:
      return sched->lr;
    case PL_SCHEDULE_EXPONENTIAL:
      return sched->lr * pow (sched->gamma, (double) k / (double) sched->decay_steps);
    case PL_SCHEDULE_STEP:
      return sched->lr * pow (sched->gamma, (double) (k / sched->decay_steps));
    case PL_SCHEDULE_COSINE:
      {
        double frac = (double) MIN (k, sched->total_steps) / (double) sched->total_steps;

        return sched->lr_min + (sched->lr - sched->lr_min) * 0.5 * (1.0 + cos (G_PI * frac));
      }
    default:
      g_return_val_if_reached (0.0);
    }
}

void
pl_optimizer_plan_init (PlOptimizerPlan         *plan,
                        const PlOptimizerConfig *first,
                        guint64                  switch_step,
                        const PlOptimizerConfig *second)
{
  g_return_if_fail (plan != NULL);
  g_return_if_fail (first != NULL);

  memset (plan, 0, sizeof *plan);
  plan->first = *first;
  plan->switch_step = switch_step;
  plan->has_second = second != NULL;
  if (second != NULL)
    plan->second = *second;
  else
    pl_optimizer_config_init (&plan->second, PL_OPTIMIZER_LBFGS);
}

gboolean
pl_optimizer_plan_validate (const PlOptimizerPlan  *plan,
                            GError                **error)
{
  GError *local = NULL;

  g_return_val_if_fail (plan != NULL, FALSE);

  if (!pl_optimizer_config_validate (&plan->first, &local))
    {
      g_propagate_prefixed_error (error, local, "first.");
      return FALSE;
    }
  if (plan->switch_step > G_MAXINT64)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "switch_step is larger than %" G_GINT64_FORMAT, G_MAXINT64);
      return FALSE;
    }
  if (plan->has_second && !pl_optimizer_config_validate (&plan->second, &local))
    {
      g_propagate_prefixed_error (error, local, "second.");
      return FALSE;
    }
  return TRUE;
}

const PlOptimizerConfig *
pl_optimizer_plan_config_at (const PlOptimizerPlan *plan,
                             guint64                step)
{
  g_return_val_if_fail (plan != NULL, NULL);

  if (plan->has_second && step >= plan->switch_step)
    return &plan->second;
  return &plan->first;
}

gboolean
pl_optimizer_plan_switches_at (const PlOptimizerPlan *plan,
                               guint64                step)
{
  g_return_val_if_fail (plan != NULL, FALSE);

  return plan->has_second && step > 0 && step == plan->switch_step;
}
