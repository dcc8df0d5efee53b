/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-optim.h"
#include "pl-optim-private.h"
#include "pl-error.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* Beyond this multiple of the direction the objective is taken to be unbounded below. */
#define ALPHA_MAX 1e10

/* A trial point of the line search: phi(a) = f(x + a p) and phi'(a) = g(x + a p)^T p. */
typedef struct {
  double   a;
  double   f;
  double   d;
  gboolean finite;
} LsPoint;

static guint
slot_of (const PlOptimizer *opt,
         guint              j)
{
  guint m = opt->cfg.history;

  return (opt->head + m - opt->count + j) % m;
}

const double *
_pl_lbfgs_pair_s (const PlOptimizer *opt,
                  guint              j)
{
  g_assert (j < opt->count);
  return opt->s + (gsize) slot_of (opt, j) * opt->n;
}

const double *
_pl_lbfgs_pair_y (const PlOptimizer *opt,
                  guint              j)
{
  g_assert (j < opt->count);
  return opt->y + (gsize) slot_of (opt, j) * opt->n;
}

void
_pl_lbfgs_push_pair (PlOptimizer  *opt,
                     const double *s,
                     const double *y)
{
  gsize n = opt->n;
  double *ds = opt->s + (gsize) opt->head * n;
  double *dy = opt->y + (gsize) opt->head * n;

  memcpy (ds, s, n * sizeof (double));
  memcpy (dy, y, n * sizeof (double));
  opt->rho[opt->head] = 1.0 / _pl_optim_dot (n, ds, dy);
  opt->head = (opt->head + 1) % opt->cfg.history;
  if (opt->count < opt->cfg.history)
    opt->count++;
}

static void
forget_history (PlOptimizer *opt)
{
  opt->count = 0;
  opt->head = 0;
}

/* dir <- -H gm by the two-loop recursion (Nocedal & Wright, Algorithm 7.4). */
static void
two_loop (PlOptimizer *opt)
{
  gsize n = opt->n;
  double *q = opt->dir;
  const double *s_new, *y_new;
  double gamma;

  memcpy (q, opt->gm, n * sizeof (double));
  for (guint j = opt->count; j-- > 0;)
    {
      const double *s = _pl_lbfgs_pair_s (opt, j), *y = _pl_lbfgs_pair_y (opt, j);
      double a = opt->rho[slot_of (opt, j)] * _pl_optim_dot (n, s, q);

      opt->alpha[j] = a;
      for (gsize i = 0; i < n; i++)
        q[i] -= a * y[i];
    }

  /* H_0 = gamma I, eq. 7.20: the scale of the newest curvature pair. */
  s_new = _pl_lbfgs_pair_s (opt, opt->count - 1);
  y_new = _pl_lbfgs_pair_y (opt, opt->count - 1);
  gamma = _pl_optim_dot (n, s_new, y_new) / _pl_optim_dot (n, y_new, y_new);
  for (gsize i = 0; i < n; i++)
    q[i] *= gamma;

  for (guint j = 0; j < opt->count; j++)
    {
      const double *s = _pl_lbfgs_pair_s (opt, j), *y = _pl_lbfgs_pair_y (opt, j);
      double b = opt->rho[slot_of (opt, j)] * _pl_optim_dot (n, y, q);

      for (gsize i = 0; i < n; i++)
        q[i] += s[i] * (opt->alpha[j] - b);
    }

  for (gsize i = 0; i < n; i++)
    q[i] = -q[i];
}

/* Evaluate phi at a: the trial point goes to xt, its gradient to gt. Frozen entries are copied,
 * not computed as x + a * 0, so they stay bit-identical (even -0.0). */
static void
evaluate (PlOptimizer     *opt,
          const double    *x,
          double           a,
          PlObjectiveFunc  f,
          gpointer         user_data,
          LsPoint         *pt)
{
  const double *p = opt->dir;
  double d = 0.0;

  for (gsize i = 0; i < opt->n; i++)
    opt->xt[i] = opt->lr_scale[i] == 0.0 ? x[i] : x[i] + a * p[i];
  pt->f = f (opt->xt, opt->gt, user_data);
  opt->n_evals++;
  for (gsize i = 0; i < opt->n; i++)
    if (opt->lr_scale[i] != 0.0)
      d += opt->gt[i] * p[i];
  pt->a = a;
  pt->d = d;
  pt->finite = isfinite (pt->f) && isfinite (d);
}

/* Minimiser of the cubic matching phi and phi' at a and b (Nocedal & Wright eq. 3.59), NaN
 * when the cubic has no minimiser. */
static double
cubic_min (const LsPoint *a,
           const LsPoint *b)
{
  double d1 = a->d + b->d - 3.0 * (a->f - b->f) / (a->a - b->a);
  double disc = d1 * d1 - a->d * b->d;
  double d2, denom;

  if (!(disc >= 0.0))
    return NAN;
  d2 = copysign (sqrt (disc), b->a - a->a);
  denom = b->d - a->d + 2.0 * d2;
  if (denom == 0.0)
    return NAN;
  return b->a - (b->a - a->a) * (b->d + d2 - d1) / denom;
}

/* Nocedal & Wright Algorithm 3.6: lo satisfies sufficient decrease and has the lowest phi
 * seen, phi'(lo) (hi - lo) < 0, so the interval holds a strong-Wolfe point. */
static gboolean
zoom (PlOptimizer     *opt,
      const double    *x,
      const LsPoint   *origin,
      LsPoint          lo,
      LsPoint          hi,
      guint            evals,
      PlObjectiveFunc  f,
      gpointer         user_data,
      double          *f_out)
{
  const double c1 = opt->cfg.c1, c2 = opt->cfg.c2;
  double pnorm = 0.0, xnorm = 0.0;
  double width_before[2] = { INFINITY, INFINITY }; /* at the last two trials */

  for (gsize i = 0; i < opt->n; i++)
    if (opt->lr_scale[i] != 0.0)
      {
        pnorm = MAX (pnorm, fabs (opt->dir[i]));
        xnorm = MAX (xnorm, fabs (x[i]));
      }

  while (evals < opt->cfg.max_evaluations)
    {
      double width = fabs (hi.a - lo.a);
      double left = MIN (lo.a, hi.a), right = MAX (lo.a, hi.a);
      double aj;
      LsPoint cur;

      /* Trial points closer than this are the same point in floating point. */
      if (width * pnorm <= DBL_EPSILON * MAX (xnorm, DBL_MIN))
        return FALSE;

      /* Safeguards (More & Thuente 1994): keep the trial off the ends of the interval, and
       * bisect when two trials have not shrunk it to 2/3, so progress is guaranteed while a
       * good cubic (exact on a parabola) is still taken even close to an end. */
      if (!hi.finite)
        aj = lo.a + 0.1 * (hi.a - lo.a);
      else if (width > 0.66 * width_before[1] || !isfinite (aj = cubic_min (&lo, &hi)))
        aj = 0.5 * (lo.a + hi.a);
      else
        aj = CLAMP (aj, left + 0.01 * width, right - 0.01 * width);
      width_before[1] = width_before[0];
      width_before[0] = width;

      evaluate (opt, x, aj, f, user_data, &cur);
      evals++;
      if (!cur.finite || cur.f > origin->f + c1 * aj * origin->d || cur.f >= lo.f)
        hi = cur;
      else
        {
          if (fabs (cur.d) <= -c2 * origin->d)
            {
              *f_out = cur.f;
              return TRUE;
            }
          if (cur.d * (hi.a - lo.a) >= 0.0)
            hi = lo;
          lo = cur;
        }
    }
  return FALSE;
}

/* Nocedal & Wright Algorithm 3.5: expand until the step brackets a strong-Wolfe point, then
 * zoom. On success xt, gt hold the accepted point and *f_out its loss. */
static gboolean
line_search (PlOptimizer     *opt,
             const double    *x,
             double           f0,
             double           dphi0,
             double           a,
             PlObjectiveFunc  f,
             gpointer         user_data,
             double          *f_out)
{
  const double c1 = opt->cfg.c1, c2 = opt->cfg.c2;
  const LsPoint origin = { 0.0, f0, dphi0, TRUE };
  LsPoint prev = origin, cur;
  guint evals = 0;

  while (evals < opt->cfg.max_evaluations)
    {
      double next, lower, upper;

      evaluate (opt, x, a, f, user_data, &cur);
      evals++;
      if (!cur.finite || cur.f > f0 + c1 * a * dphi0 || (evals > 1 && cur.f >= prev.f))
        return zoom (opt, x, &origin, prev, cur, evals, f, user_data, f_out);
      if (fabs (cur.d) <= -c2 * dphi0)
        {
          *f_out = cur.f;
          return TRUE;
        }
      if (cur.d >= 0.0)
        return zoom (opt, x, &origin, cur, prev, evals, f, user_data, f_out);
      if (a >= ALPHA_MAX)
        return FALSE;

      /* Still going down: extrapolate with the cubic, kept within [1.1, 4] times the last
       * increment (the bounds More & Thuente use). */
      lower = a + 1.1 * (a - prev.a);
      upper = a + 4.0 * (a - prev.a);
      next = cubic_min (&prev, &cur);
      next = isfinite (next) ? CLAMP (next, lower, upper) : upper;
      prev = cur;
      a = MIN (next, ALPHA_MAX);
    }
  return FALSE;
}

gboolean
pl_lbfgs_step (PlOptimizer      *opt,
               double           *params,
               double           *loss,
               double           *grad,
               PlObjectiveFunc   f,
               gpointer          user_data,
               GError          **error)
{
  gsize n;
  double gnorm2, f_new = 0.0;
  gboolean accepted = FALSE;

  g_return_val_if_fail (opt != NULL, FALSE);
  g_return_val_if_fail (opt->cfg.kind == PL_OPTIMIZER_LBFGS, FALSE);
  g_return_val_if_fail (params != NULL && loss != NULL && grad != NULL, FALSE);
  g_return_val_if_fail (f != NULL, FALSE);

  n = opt->n;
  if (!isfinite (*loss))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                   "the loss at the current point is %g; L-BFGS needs a finite start", *loss);
      return FALSE;
    }
  if (!_pl_optim_check_gradient (opt, grad, error))
    return FALSE;

  for (gsize i = 0; i < n; i++)
    opt->gm[i] = opt->lr_scale[i] == 0.0 ? 0.0 : grad[i];
  gnorm2 = _pl_optim_dot (n, opt->gm, opt->gm);
  if (gnorm2 == 0.0)
    return TRUE;

  for (guint attempt = 0; attempt < 2 && !accepted; attempt++)
    {
      double dphi0 = 0.0, a0 = 1.0;

      if (opt->count > 0)
        {
          two_loop (opt);
          dphi0 = _pl_optim_dot (n, opt->gm, opt->dir);
          /* Rounding can spoil the (in theory positive definite) H; start over from -g. */
          if (!(dphi0 < 0.0))
            forget_history (opt);
        }
      if (opt->count == 0)
        {
          for (gsize i = 0; i < n; i++)
            opt->dir[i] = -opt->gm[i];
          dphi0 = -gnorm2;
          /* Without curvature information, a first step of unit length. */
          a0 = MIN (1.0, 1.0 / sqrt (gnorm2));
        }

      accepted = line_search (opt, params, *loss, dphi0, a0, f, user_data, &f_new);
      if (!accepted && opt->count == 0)
        break;
      if (!accepted)
        forget_history (opt);
    }

  if (!accepted)
    {
      forget_history (opt);
      g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                   "L-BFGS line search along -gradient found no step satisfying the strong "
                   "Wolfe conditions (c1 = %g, c2 = %g) within %u evaluations; the parameters "
                   "stay at the last good point (loss %g, |g| = %g)",
                   opt->cfg.c1, opt->cfg.c2, opt->cfg.max_evaluations, *loss, sqrt (gnorm2));
      return FALSE;
    }

  /* The new pair: s = x_new - x into dir, y = g_new - g into gm (both free entries only). */
  for (gsize i = 0; i < n; i++)
    {
      gboolean free_param = opt->lr_scale[i] != 0.0;

      opt->dir[i] = free_param ? opt->xt[i] - params[i] : 0.0;
      opt->gm[i] = free_param ? opt->gt[i] - opt->gm[i] : 0.0;
    }
  /* Strong Wolfe guarantees s^T y > 0 in exact arithmetic; rounding near the minimum can
   * break it, and such a pair would make H indefinite. */
  if (_pl_optim_dot (n, opt->dir, opt->gm) > 0.0)
    _pl_lbfgs_push_pair (opt, opt->dir, opt->gm);

  memcpy (params, opt->xt, n * sizeof (double));
  memcpy (grad, opt->gt, n * sizeof (double));
  *loss = f_new;
  opt->step++;
  return TRUE;
}
