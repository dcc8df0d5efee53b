/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-optim.h"
#include "pl-optim-private.h"
#include "pl-error.h"

#include <math.h>
#include <string.h>

static const char * const optimizer_names[] = { "adam", "sgd", "lbfgs" };
static const char * const schedule_names[] = { "constant", "exponential", "step", "cosine" };

const char *
pl_optimizer_kind_to_string (PlOptimizerKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (optimizer_names), NULL);
  return optimizer_names[kind];
}

gboolean
pl_optimizer_kind_from_string (const char       *name,
                               PlOptimizerKind  *kind,
                               GError          **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (optimizer_names); i++)
    if (g_str_equal (name, optimizer_names[i]))
      {
        *kind = (PlOptimizerKind) i;
        return TRUE;
      }
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "unknown optimizer '%s' (known: adam, sgd, lbfgs)", name);
  return FALSE;
}

const char *
pl_schedule_kind_to_string (PlScheduleKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (schedule_names), NULL);
  return schedule_names[kind];
}

gboolean
pl_schedule_kind_from_string (const char      *name,
                              PlScheduleKind  *kind,
                              GError         **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (schedule_names); i++)
    if (g_str_equal (name, schedule_names[i]))
      {
        *kind = (PlScheduleKind) i;
        return TRUE;
      }
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "unknown schedule '%s' (known: constant, exponential, step, cosine)", name);
  return FALSE;
}

void
pl_optimizer_config_init (PlOptimizerConfig *cfg,
                          PlOptimizerKind    kind)
{
  g_return_if_fail (cfg != NULL);

  memset (cfg, 0, sizeof *cfg);
  cfg->kind = kind;
  pl_schedule_init (&cfg->schedule, PL_SCHEDULE_CONSTANT, kind == PL_OPTIMIZER_SGD ? 1e-2 : 1e-3);
  cfg->beta1 = 0.9;
  cfg->beta2 = 0.999;
  cfg->epsilon = 1e-8;
  cfg->weight_decay = 0.0;
  cfg->decoupled_weight_decay = TRUE;
  cfg->momentum = 0.9;
  cfg->nesterov = FALSE;
  cfg->history = 10;
  cfg->c1 = 1e-4;
  cfg->c2 = 0.9;
  cfg->max_evaluations = 25;
}

static gboolean
check_unit_interval (const char  *field,
                     double       value,
                     GError     **error)
{
  if (!isfinite (value) || value < 0.0 || value >= 1.0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "%s = %g is outside [0, 1)", field, value);
      return FALSE;
    }
  return TRUE;
}

gboolean
pl_optimizer_config_validate (const PlOptimizerConfig  *cfg,
                              GError                  **error)
{
  g_return_val_if_fail (cfg != NULL, FALSE);

  if ((guint) cfg->kind > PL_OPTIMIZER_LBFGS)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "kind = %d is not an optimizer (adam, sgd, lbfgs)", (int) cfg->kind);
      return FALSE;
    }
  if (!pl_schedule_validate (&cfg->schedule, error))
    return FALSE;
  if (!check_unit_interval ("beta1", cfg->beta1, error) ||
      !check_unit_interval ("beta2", cfg->beta2, error) ||
      !check_unit_interval ("momentum", cfg->momentum, error))
    return FALSE;
  if (!isfinite (cfg->epsilon) || cfg->epsilon <= 0.0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "epsilon = %g must be a finite number > 0", cfg->epsilon);
      return FALSE;
    }
  if (!isfinite (cfg->weight_decay) || cfg->weight_decay < 0.0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "weight_decay = %g must be a finite number >= 0", cfg->weight_decay);
      return FALSE;
    }
  if (cfg->nesterov && cfg->momentum == 0.0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "nesterov = true needs momentum > 0 (momentum = 0)");
      return FALSE;
    }
  if (cfg->history < 1 || cfg->history > PL_LBFGS_MAX_HISTORY)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "history = %u is outside 1 .. %u", cfg->history, PL_LBFGS_MAX_HISTORY);
      return FALSE;
    }
  if (!isfinite (cfg->c1) || cfg->c1 <= 0.0 || cfg->c1 >= 1.0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "c1 = %g is outside (0, 1)", cfg->c1);
      return FALSE;
    }
  /* c1 < c2 is what guarantees a step satisfying both Wolfe conditions exists. */
  if (!isfinite (cfg->c2) || cfg->c2 <= cfg->c1 || cfg->c2 >= 1.0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "c2 = %g is outside (c1 = %g, 1)", cfg->c2, cfg->c1);
      return FALSE;
    }
  if (cfg->max_evaluations < 1 || cfg->max_evaluations > 1000)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "max_evaluations = %u is outside 1 .. 1000", cfg->max_evaluations);
      return FALSE;
    }
  return TRUE;
}

static gpointer
alloc_zeroed (gsize        count,
              gsize        elem_size,
              const char  *what,
              GError     **error)
{
  gpointer mem;

  if (count > G_MAXSIZE / elem_size)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NO_MEMORY,
                   "%s needs more than 16 EiB of memory", what);
      return NULL;
    }
  mem = pl_aligned_alloc (count * elem_size, what, error);
  if (mem != NULL)
    memset (mem, 0, count * elem_size);
  return mem;
}

PlOptimizer *
pl_optimizer_new (const PlOptimizerConfig  *cfg,
                  gsize                     n,
                  GError                  **error)
{
  g_autoptr(PlOptimizer) opt = NULL;

  g_return_val_if_fail (cfg != NULL, NULL);

  if (!pl_optimizer_config_validate (cfg, error))
    return NULL;
  if (n == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "an optimizer needs at least one parameter (n = 0)");
      return NULL;
    }

  opt = g_new0 (PlOptimizer, 1);
  opt->cfg = *cfg;
  opt->n = n;
  if (!(opt->lr_scale = alloc_zeroed (n, sizeof (double), "the learning-rate scales", error)))
    return NULL;
  for (gsize i = 0; i < n; i++)
    opt->lr_scale[i] = 1.0;

  switch (cfg->kind)
    {
    case PL_OPTIMIZER_ADAM:
      if (!(opt->m = alloc_zeroed (n, sizeof (double), "Adam's first moments", error)) ||
          !(opt->v = alloc_zeroed (n, sizeof (double), "Adam's second moments", error)) ||
          !(opt->t = alloc_zeroed (n, sizeof (guint64), "Adam's step counts", error)))
        return NULL;
      break;
    case PL_OPTIMIZER_SGD:
      if (cfg->momentum > 0.0 &&
          !(opt->velocity = alloc_zeroed (n, sizeof (double), "SGD's velocities", error)))
        return NULL;
      break;
    case PL_OPTIMIZER_LBFGS:
      if (n > G_MAXSIZE / cfg->history)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_NO_MEMORY,
                       "the L-BFGS history needs more than 16 EiB of memory");
          return NULL;
        }
      if (!(opt->s = alloc_zeroed (n * cfg->history, sizeof (double), "the L-BFGS history",
                                   error)) ||
          !(opt->y = alloc_zeroed (n * cfg->history, sizeof (double), "the L-BFGS history",
                                   error)) ||
          !(opt->rho = alloc_zeroed (cfg->history, sizeof (double), "the L-BFGS history",
                                     error)) ||
          !(opt->alpha = alloc_zeroed (cfg->history, sizeof (double), "the L-BFGS history",
                                       error)) ||
          !(opt->dir = alloc_zeroed (n, sizeof (double), "the L-BFGS workspace", error)) ||
          !(opt->gm = alloc_zeroed (n, sizeof (double), "the L-BFGS workspace", error)) ||
          !(opt->xt = alloc_zeroed (n, sizeof (double), "the L-BFGS workspace", error)) ||
          !(opt->gt = alloc_zeroed (n, sizeof (double), "the L-BFGS workspace", error)))
        return NULL;
      break;
    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&opt);
}

void
pl_optimizer_free (PlOptimizer *opt)
{
  if (opt == NULL)
    return;
  g_clear_pointer (&opt->lr_scale, pl_aligned_free);
  g_clear_pointer (&opt->m, pl_aligned_free);
  g_clear_pointer (&opt->v, pl_aligned_free);
  g_clear_pointer (&opt->t, pl_aligned_free);
  g_clear_pointer (&opt->velocity, pl_aligned_free);
  g_clear_pointer (&opt->s, pl_aligned_free);
  g_clear_pointer (&opt->y, pl_aligned_free);
  g_clear_pointer (&opt->rho, pl_aligned_free);
  g_clear_pointer (&opt->alpha, pl_aligned_free);
  g_clear_pointer (&opt->dir, pl_aligned_free);
  g_clear_pointer (&opt->gm, pl_aligned_free);
  g_clear_pointer (&opt->xt, pl_aligned_free);
  g_clear_pointer (&opt->gt, pl_aligned_free);
  g_free (opt);
}

const PlOptimizerConfig *
pl_optimizer_get_config (const PlOptimizer *opt)
{
  g_return_val_if_fail (opt != NULL, NULL);
  return &opt->cfg;
}

gsize
pl_optimizer_get_n_params (const PlOptimizer *opt)
{
  g_return_val_if_fail (opt != NULL, 0);
  return opt->n;
}

guint64
pl_optimizer_get_step (const PlOptimizer *opt)
{
  g_return_val_if_fail (opt != NULL, 0);
  return opt->step;
}

double
pl_optimizer_get_lr (const PlOptimizer *opt)
{
  g_return_val_if_fail (opt != NULL, 0.0);
  return pl_schedule_lr (&opt->cfg.schedule, opt->step);
}

guint64
pl_optimizer_get_n_evaluations (const PlOptimizer *opt)
{
  g_return_val_if_fail (opt != NULL, 0);
  return opt->n_evals;
}

const double *
pl_optimizer_get_lr_scale (const PlOptimizer *opt)
{
  g_return_val_if_fail (opt != NULL, NULL);
  return opt->lr_scale;
}

static gboolean
check_scale (gsize    index,
             double   scale,
             GError **error)
{
  if (!isfinite (scale) || scale < 0.0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "learning-rate scale %g of parameter %" G_GSIZE_FORMAT
                   " must be a finite number >= 0", scale, index);
      return FALSE;
    }
  return TRUE;
}

gboolean
pl_optimizer_set_block_scale (PlOptimizer  *opt,
                              gsize         start,
                              gsize         length,
                              double        scale,
                              GError      **error)
{
  g_return_val_if_fail (opt != NULL, FALSE);

  if (start > opt->n || length > opt->n - start)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "parameter block [%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT " + %" G_GSIZE_FORMAT
                   ") lies outside the %" G_GSIZE_FORMAT " parameters", start, start, length,
                   opt->n);
      return FALSE;
    }
  if (!check_scale (start, scale, error))
    return FALSE;
  for (gsize i = start; i < start + length; i++)
    opt->lr_scale[i] = scale;
  opt->count = 0;
  opt->head = 0;
  return TRUE;
}

gboolean
pl_optimizer_set_lr_scale (PlOptimizer   *opt,
                           const double  *scale,
                           GError       **error)
{
  g_return_val_if_fail (opt != NULL, FALSE);
  g_return_val_if_fail (scale != NULL, FALSE);

  for (gsize i = 0; i < opt->n; i++)
    if (!check_scale (i, scale[i], error))
      return FALSE;
  memcpy (opt->lr_scale, scale, opt->n * sizeof (double));
  /* A new mask changes the subspace L-BFGS works in; old pairs describe the wrong one. */
  opt->count = 0;
  opt->head = 0;
  return TRUE;
}

double
_pl_optim_dot (gsize         n,
               const double *a,
               const double *b)
{
  double sum = 0.0;

  for (gsize i = 0; i < n; i++)
    sum += a[i] * b[i];
  return sum;
}

gboolean
_pl_optim_check_gradient (const PlOptimizer  *opt,
                          const double       *grad,
                          GError            **error)
{
  for (gsize i = 0; i < opt->n; i++)
    if (opt->lr_scale[i] != 0.0 && !isfinite (grad[i]))
      {
        g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                     "gradient entry %" G_GSIZE_FORMAT " is %g at step %" G_GUINT64_FORMAT
                     "; the step was not taken", i, grad[i], opt->step);
        return FALSE;
      }
  return TRUE;
}

static void
adam_step (PlOptimizer  *opt,
           double        eta,
           double       *x,
           const double *grad)
{
  const PlOptimizerConfig *c = &opt->cfg;
  const double wd = c->weight_decay;
  guint64 cached_t = 0;
  double bc1 = 1.0, bc2 = 1.0;

  for (gsize i = 0; i < opt->n; i++)
    {
      double g = grad[i], mhat, vhat, u;

      if (opt->lr_scale[i] == 0.0)
        continue;
      if (!c->decoupled_weight_decay && wd != 0.0)
        g += wd * x[i];
      opt->m[i] = c->beta1 * opt->m[i] + (1.0 - c->beta1) * g;
      opt->v[i] = c->beta2 * opt->v[i] + (1.0 - c->beta2) * g * g;
      opt->t[i]++;
      /* The counts agree for all parameters of a block, so pow () runs once per block. */
      if (opt->t[i] != cached_t)
        {
          cached_t = opt->t[i];
          bc1 = 1.0 - pow (c->beta1, (double) cached_t);
          bc2 = 1.0 - pow (c->beta2, (double) cached_t);
        }
      mhat = opt->m[i] / bc1;
      vhat = opt->v[i] / bc2;
      u = mhat / (sqrt (vhat) + c->epsilon);
      if (c->decoupled_weight_decay && wd != 0.0)
        u += wd * x[i];
      x[i] -= eta * opt->lr_scale[i] * u;
    }
}

static void
sgd_step (PlOptimizer  *opt,
          double        eta,
          double       *x,
          const double *grad)
{
  const PlOptimizerConfig *c = &opt->cfg;

  for (gsize i = 0; i < opt->n; i++)
    {
      double g = grad[i], d;

      if (opt->lr_scale[i] == 0.0)
        continue;
      if (c->weight_decay != 0.0)
        g += c->weight_decay * x[i];
      d = g;
      if (opt->velocity != NULL)
        {
          opt->velocity[i] = c->momentum * opt->velocity[i] + g;
          d = c->nesterov ? g + c->momentum * opt->velocity[i] : opt->velocity[i];
        }
      x[i] -= eta * opt->lr_scale[i] * d;
    }
}

gboolean
pl_optimizer_step (PlOptimizer   *opt,
                   double        *params,
                   const double  *grad,
                   GError       **error)
{
  double eta;

  g_return_val_if_fail (opt != NULL, FALSE);
  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (grad != NULL, FALSE);
  g_return_val_if_fail (opt->cfg.kind != PL_OPTIMIZER_LBFGS, FALSE);

  if (!_pl_optim_check_gradient (opt, grad, error))
    return FALSE;

  eta = pl_schedule_lr (&opt->cfg.schedule, opt->step);
  if (opt->cfg.kind == PL_OPTIMIZER_ADAM)
    adam_step (opt, eta, params, grad);
  else
    sgd_step (opt, eta, params, grad);
  opt->step++;
  return TRUE;
}
