/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-ode.h"
#include "pl-error.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* Dormand & Prince (1980) coefficients, HNW I Table 5.2. Row 7 of A is the 5th-order weight
 * vector b, which is what makes the method "first same as last". */
static const double C2 = 1.0 / 5.0, C3 = 3.0 / 10.0, C4 = 4.0 / 5.0, C5 = 8.0 / 9.0;
static const double A21 = 1.0 / 5.0;
static const double A31 = 3.0 / 40.0, A32 = 9.0 / 40.0;
static const double A41 = 44.0 / 45.0, A42 = -56.0 / 15.0, A43 = 32.0 / 9.0;
static const double A51 = 19372.0 / 6561.0, A52 = -25360.0 / 2187.0, A53 = 64448.0 / 6561.0,
                    A54 = -212.0 / 729.0;
static const double A61 = 9017.0 / 3168.0, A62 = -355.0 / 33.0, A63 = 46732.0 / 5247.0,
                    A64 = 49.0 / 176.0, A65 = -5103.0 / 18656.0;
static const double A71 = 35.0 / 384.0, A73 = 500.0 / 1113.0, A74 = 125.0 / 192.0,
                    A75 = -2187.0 / 6784.0, A76 = 11.0 / 84.0;
/* e = b - b_hat, the difference of the 5th- and 4th-order weights. */
static const double E1 = 71.0 / 57600.0, E3 = -71.0 / 16695.0, E4 = 71.0 / 1920.0,
                    E5 = -17253.0 / 339200.0, E6 = 22.0 / 525.0, E7 = -1.0 / 40.0;

/* Controller constants of DOPRI5 (HNW I, Sec. II.4 and the code's defaults). */
#define SAFE     0.9
#define BETA     0.04
#define EXPO1    (0.2 - BETA * 0.75)
#define FAC_MIN  0.2
#define FAC_MAX  10.0

typedef struct {
  PlOdeFunc f;
  gpointer  user_data;
  gsize     dim;
  double    rtol, atol;
  double   *k1, *k2, *k3, *k4, *k5, *k6, *k7;
  double   *ystage, *ynew;
  gsize     n_evals;
} Solver;

void
pl_ode_options_init (PlOdeOptions *options)
{
  g_return_if_fail (options != NULL);

  options->rtol = 1e-8;
  options->atol = 1e-10;
  options->h0 = 0.0;
  options->h_max = 0.0;
  options->max_steps = PL_ODE_DEFAULT_MAX_STEPS;
}

static gboolean
all_finite (const double *v,
            gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (v[i]))
      return FALSE;
  return TRUE;
}

static gboolean
eval (Solver       *s,
      double        t,
      const double *y,
      double       *dydt,
      GError      **error)
{
  s->f (t, y, dydt, s->user_data);
  s->n_evals++;
  if (!all_finite (dydt, s->dim))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                   "pl_ode_solve: the right-hand side returned a non-finite value at t = %g",
                   t);
      return FALSE;
    }
  return TRUE;
}

/* RMS of v / (atol + rtol |y|), the norm HNW use for the starting step. */
static double
scaled_norm (const Solver *s,
             const double *v,
             const double *y)
{
  double sum = 0.0;

  for (gsize i = 0; i < s->dim; i++)
    {
      double r = v[i] / (s->atol + s->rtol * fabs (y[i]));

      sum += r * r;
    }
  return sqrt (sum / (double) s->dim);
}

/* HNW I, Sec. II.4, "Starting step size", for an order-5 method: a step whose explicit Euler
 * error estimate is about 0.01 in the scaled norm, never more than 100 times the first guess. */
static gboolean
initial_step (Solver        *s,
              double         t,
              const double  *y,
              const double  *f0,
              double         direction,
              double         h_max,
              double        *h_out,
              GError       **error)
{
  double d0 = scaled_norm (s, y, y);
  double d1 = scaled_norm (s, f0, y);
  double h, d2, h1;

  h = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
  h = MIN (h, h_max);
  for (gsize i = 0; i < s->dim; i++)
    s->ystage[i] = y[i] + direction * h * f0[i];
  if (!eval (s, t + direction * h, s->ystage, s->k2, error))
    return FALSE;
  for (gsize i = 0; i < s->dim; i++)
    s->k2[i] -= f0[i];
  d2 = scaled_norm (s, s->k2, y) / h;
  if (MAX (d1, d2) <= 1e-15)
    h1 = MAX (1e-6, h * 1e-3);
  else
    h1 = pow (0.01 / MAX (d1, d2), 1.0 / 5.0);
  *h_out = MIN (MIN (100.0 * h, h1), h_max);
  return TRUE;
}

/* One Dormand-Prince step of signed size h from (t, y) with k1 = f(t, y) already known.
 * Leaves the 5th-order solution in s->ynew, f(t + h, ynew) in s->k7, and returns the scaled
 * RMS error estimate in *err. */
static gboolean
dopri_step (Solver       *s,
            double        t,
            const double *y,
            double        h,
            double       *err,
            GError      **error)
{
  gsize n = s->dim;
  double *ys = s->ystage;
  double sum = 0.0;

  for (gsize i = 0; i < n; i++)
    ys[i] = y[i] + h * A21 * s->k1[i];
  if (!eval (s, t + C2 * h, ys, s->k2, error))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    ys[i] = y[i] + h * (A31 * s->k1[i] + A32 * s->k2[i]);
  if (!eval (s, t + C3 * h, ys, s->k3, error))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    ys[i] = y[i] + h * (A41 * s->k1[i] + A42 * s->k2[i] + A43 * s->k3[i]);
  if (!eval (s, t + C4 * h, ys, s->k4, error))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    ys[i] = y[i] + h * (A51 * s->k1[i] + A52 * s->k2[i] + A53 * s->k3[i] + A54 * s->k4[i]);
  if (!eval (s, t + C5 * h, ys, s->k5, error))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    ys[i] = y[i] + h * (A61 * s->k1[i] + A62 * s->k2[i] + A63 * s->k3[i] + A64 * s->k4[i]
                        + A65 * s->k5[i]);
  if (!eval (s, t + h, ys, s->k6, error))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    s->ynew[i] = y[i] + h * (A71 * s->k1[i] + A73 * s->k3[i] + A74 * s->k4[i]
                             + A75 * s->k5[i] + A76 * s->k6[i]);
  if (!all_finite (s->ynew, n))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                   "pl_ode_solve: the solution overflowed in the step from t = %.17g", t);
      return FALSE;
    }
  if (!eval (s, t + h, s->ynew, s->k7, error))
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      double e = h * (E1 * s->k1[i] + E3 * s->k3[i] + E4 * s->k4[i] + E5 * s->k5[i]
                      + E6 * s->k6[i] + E7 * s->k7[i]);
      double sc = s->atol + s->rtol * MAX (fabs (y[i]), fabs (s->ynew[i]));

      sum += (e / sc) * (e / sc);
    }
  *err = sqrt (sum / (double) n);
  return TRUE;
}

static gboolean
check_arguments (gsize                dim,
                 double               t0,
                 const double        *y0,
                 gsize                n_out,
                 const double        *t_out,
                 const PlOdeOptions  *o,
                 GError             **error)
{
  double direction;

  if (dim == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_ode_solve: dim = 0; the system needs at least one equation");
      return FALSE;
    }
  if (n_out == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_ode_solve: n_out = 0; ask for at least one output time");
      return FALSE;
    }
  if (!isfinite (t0))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_ode_solve: t0 = %g is not finite", t0);
      return FALSE;
    }
  for (gsize k = 0; k < dim; k++)
    if (!isfinite (y0[k]))
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "pl_ode_solve: y0[%" G_GSIZE_FORMAT "] = %g is not finite", k, y0[k]);
        return FALSE;
      }
  direction = t_out[n_out - 1] >= t0 ? 1.0 : -1.0;
  for (gsize i = 0; i < n_out; i++)
    {
      double prev = i == 0 ? t0 : t_out[i - 1];

      if (!isfinite (t_out[i]))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "pl_ode_solve: t_out[%" G_GSIZE_FORMAT "] = %g is not finite",
                       i, t_out[i]);
          return FALSE;
        }
      if (direction * (t_out[i] - prev) < 0.0)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "pl_ode_solve: t_out[%" G_GSIZE_FORMAT "] = %g is out of order; output "
                       "times must run monotonically %s from t0 = %g",
                       i, t_out[i], direction > 0 ? "forwards" : "backwards", t0);
          return FALSE;
        }
    }
  if (!(o->rtol > 0.0) || !isfinite (o->rtol) || !(o->atol >= 0.0) || !isfinite (o->atol))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_ode_solve: tolerances rtol = %g, atol = %g; need rtol > 0 and atol >= 0",
                   o->rtol, o->atol);
      return FALSE;
    }
  if (!(o->h0 >= 0.0) || !isfinite (o->h0) || !(o->h_max >= 0.0) || isnan (o->h_max))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_ode_solve: h0 = %g, h_max = %g; both must be >= 0 (0 = automatic)",
                   o->h0, o->h_max);
      return FALSE;
    }
  if (o->max_steps == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_ode_solve: max_steps = 0; allow at least one step");
      return FALSE;
    }
  return TRUE;
}

static void
store (double       *y_out,
       gsize         n_out,
       gsize         i,
       const double *y,
       gsize         dim)
{
  for (gsize k = 0; k < dim; k++)
    y_out[k * n_out + i] = y[k];
}

gboolean
pl_ode_solve (PlOdeFunc            f,
              gpointer             user_data,
              gsize                dim,
              double               t0,
              const double        *y0,
              gsize                n_out,
              const double        *t_out,
              const PlOdeOptions  *options,
              double              *y_out,
              PlOdeStats          *stats,
              GError             **error)
{
  PlOdeOptions defaults;
  Solver s = { 0 };
  g_autofree double *work = NULL;
  g_autofree double *y = NULL;
  double t = t0, direction, h, h_max, err_old = 1e-4;
  gsize next = 0, n_steps = 0, n_accepted = 0, n_rejected = 0;
  gboolean rejected = FALSE, ok = FALSE;

  g_return_val_if_fail (f != NULL, FALSE);
  g_return_val_if_fail (dim == 0 || y0 != NULL, FALSE);
  g_return_val_if_fail (n_out == 0 || (t_out != NULL && y_out != NULL), FALSE);

  if (options == NULL)
    {
      pl_ode_options_init (&defaults);
      options = &defaults;
    }
  if (!check_arguments (dim, t0, y0, n_out, t_out, options, error))
    return FALSE;

  direction = t_out[n_out - 1] >= t0 ? 1.0 : -1.0;
  h_max = fabs (t_out[n_out - 1] - t0);
  if (options->h_max > 0.0)
    h_max = MIN (h_max, options->h_max);

  s.f = f;
  s.user_data = user_data;
  s.dim = dim;
  s.rtol = options->rtol;
  s.atol = options->atol;
  work = g_new (double, 9 * dim);
  s.k1 = work;
  s.k2 = work + dim;
  s.k3 = work + 2 * dim;
  s.k4 = work + 3 * dim;
  s.k5 = work + 4 * dim;
  s.k6 = work + 5 * dim;
  s.k7 = work + 6 * dim;
  s.ystage = work + 7 * dim;
  s.ynew = work + 8 * dim;
  y = g_memdup2 (y0, dim * sizeof (double));

  while (next < n_out && t_out[next] == t0)
    store (y_out, n_out, next++, y, dim);
  if (next == n_out)
    {
      ok = TRUE;
      goto out;
    }

  if (!eval (&s, t, y, s.k1, error))
    goto out;
  if (options->h0 > 0.0)
    h = MIN (options->h0, h_max);
  else if (!initial_step (&s, t, y, s.k1, direction, h_max, &h, error))
    goto out;

  while (next < n_out)
    {
      double target = t_out[next];
      double h_try = h, err, fac;
      gboolean lands;

      if (n_steps >= options->max_steps)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                       "pl_ode_solve: max_steps = %" G_GSIZE_FORMAT " reached at t = %.17g "
                       "with %g left to t = %.17g; raise max_steps or loosen rtol = %g "
                       "(or the problem is stiff and needs an implicit method)",
                       options->max_steps, t, fabs (t_out[n_out - 1] - t),
                       t_out[n_out - 1], options->rtol);
          goto out;
        }
      if (!(h > 16.0 * DBL_EPSILON * fabs (t)) || !(h >= DBL_MIN))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                       "pl_ode_solve: step size %g underflowed at t = %.17g; the solution "
                       "may blow up there", h, t);
          goto out;
        }
      /* Land exactly on the next output time rather than interpolate across it; a step that
       * would stop just short of it is stretched instead of leaving a sliver. */
      lands = direction * (t + direction * h_try * 1.01 - target) >= 0.0;
      if (lands)
        h_try = fabs (target - t);
      if (!dopri_step (&s, t, y, direction * h_try, &err, error))
        goto out;
      n_steps++;

      if (err <= 1.0)
        {
          double *swap;

          fac = SAFE * pow (err, -EXPO1) * pow (err_old, BETA);
          fac = err > 0.0 ? CLAMP (fac, FAC_MIN, FAC_MAX) : FAC_MAX;
          err_old = MAX (err, 1e-4);
          t = lands ? target : t + direction * h_try;
          memcpy (y, s.ynew, dim * sizeof (double));
          swap = s.k1;
          s.k1 = s.k7;
          s.k7 = swap;
          n_accepted++;
          /* A step shortened to land on an output time says little about how long a step could
           * be: keep the controller's earlier proposal unless this one asks for less. */
          if (lands && h_try < h && fac >= 1.0)
            h = MIN (MAX (h_try * fac, h), h_max);
          else
            h = MIN (h_try * fac, h_max);
          if (rejected)
            h = MIN (h, h_try);
          rejected = FALSE;
          while (next < n_out && t_out[next] == t)
            store (y_out, n_out, next++, y, dim);
        }
      else
        {
          fac = MAX (FAC_MIN, SAFE * pow (err, -EXPO1));
          h = h_try * fac;
          rejected = TRUE;
          n_rejected++;
        }
    }
  ok = TRUE;

out:
  if (stats != NULL)
    {
      stats->n_accepted = n_accepted;
      stats->n_rejected = n_rejected;
      stats->n_evals = s.n_evals;
    }
  return ok;
}
