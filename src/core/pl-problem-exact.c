/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exact solutions: closed forms, and the named reference solvers with their cached results.
 *
 * ODE references ("ode-rk", "lotka-volterra-rk") integrate with Dormand-Prince (pl-ode) to
 * rtol 1e-12 onto equispaced knots and keep the state and its derivative at every knot;
 * values in between come from the cubic Hermite interpolant, whose error is at most
 * h^4/384 max|u''''| (e.g. de Boor, "A Practical Guide to Splines", 2001, ch. IV): 2e-13 for
 * the damped oscillator with the default 4097 knots on [0, 1].
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-problem.h"
#include "pl-error.h"
#include "pl-expr.h"
#include "pl-ode.h"
#include "pl-reference.h"
#include "pl-problem-private.h"

#include <math.h>
#include <string.h>

#define ODE_DEFAULT_KNOTS 4097
#define ODE_MAX_STATE     (PL_PROBLEM_MAX_OUTPUTS * 3)

/* How an ODE problem's state is laid out: output o contributes u_o, u_o', ..., u_o^(p_o - 1)
 * at state indices offset[o] ... */
typedef struct {
  guint                    dim;
  guint                    order[PL_PROBLEM_MAX_OUTPUTS];
  guint                    offset[PL_PROBLEM_MAX_OUTPUTS];
  gint                     highest[PL_PROBLEM_MAX_OUTPUTS]; /* jet component of u_o^(p_o) */
  gint                     state_comp[ODE_MAX_STATE];       /* jet component of state s */
  guint                    state_output[ODE_MAX_STATE];
  const PlProblemTerm     *interior;
  guint                    n_ic;
  const PlProblemEquation *ic[PL_PROBLEM_MAX_TERMS * PL_PROBLEM_MAX_EQUATIONS];
} OdeLayout;

struct _PlProblemCache {
  PlBurgersRef   *burgers;
  PlAllenCahnRef *allen_cahn;
  /* ODE knots: y[s * n + i] and its derivative f[s * n + i] at t0 + i h */
  OdeLayout       layout;
  gsize           n_knots;
  double          t0, t1, h;
  double         *y;
  double         *f;
};

void
_pl_problem_cache_free (PlProblemCache *cache)
{
  if (cache == NULL)
    return;
  g_clear_pointer (&cache->burgers, pl_burgers_ref_free);
  g_clear_pointer (&cache->allen_cahn, pl_allen_cahn_ref_free);
  g_free (cache->y);
  g_free (cache->f);
  g_free (cache);
}

static gboolean
need_param (const PlProblem  *p,
            const char       *reference,
            const char       *name,
            double           *value,
            GError          **error)
{
  gint i = pl_problem_find_param (p, name);

  if (i < 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "\"%s\" needs a parameter '%s'", reference, name);
      return FALSE;
    }
  *value = p->def.params[i].value;
  return TRUE;
}

static gboolean
ode_layout (const PlProblem  *p,
            const char       *reference,
            gboolean          from_residual,
            OdeLayout        *layout,
            GError          **error)
{
  memset (layout, 0, sizeof *layout);
  if (p->d != 1)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "\"%s\" solves ODEs in one axis, but the axes are \"%s\"", reference,
                   p->axes);
      return FALSE;
    }
  for (guint t = 0; t < p->n_terms; t++)
    {
      const PlProblemTerm *term = &p->terms[t];

      if (term->kind == PL_TERM_INTERIOR)
        {
          if (layout->interior != NULL)
            {
              g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "\"%s\" needs one interior term, not several", reference);
              return FALSE;
            }
          layout->interior = term;
        }
      else if (term->kind == PL_TERM_INITIAL ||
               (term->kind == PL_TERM_BOUNDARY && !term->face_upper))
        for (guint q = 0; q < term->n_eq; q++)
          layout->ic[layout->n_ic++] = &term->eq[q];
      else
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "\"%s\" integrates an initial value problem, but term '%s' is a "
                       "condition at the end of the interval", reference,
                       p->def.terms[t].name);
          return FALSE;
        }
    }
  if (from_residual && layout->interior->n_eq != p->m)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "\"%s\" needs one residual equation per output (%u), not %u", reference,
                   p->m, layout->interior->n_eq);
      return FALSE;
    }
  for (guint o = 0; o < p->m; o++)
    {
      layout->order[o] = from_residual ? 0 : 1;
      for (guint q = 0; from_residual && q < layout->interior->n_eq; q++)
        for (guint i = 0; i < layout->interior->eq[q].n_partials; i++)
          {
            const PlProblemPartial *pp = &layout->interior->eq[q].partials[i];

            if (pp->output == o)
              layout->order[o] = MAX (layout->order[o], p->spec.alpha[pp->component][0]);
          }
      if (layout->order[o] == 0)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "\"%s\": the residual has no derivative of output '%s'", reference,
                       p->def.outputs[o]);
          return FALSE;
        }
      layout->offset[o] = layout->dim;
      for (guint j = 0; j <= layout->order[o]; j++)
        {
          guint alpha[1] = { j };
          gint k = pl_jet_spec_index (&p->spec, alpha);

          if (j == layout->order[o])
            layout->highest[o] = k;
          else
            {
              layout->state_comp[layout->dim] = k;
              layout->state_output[layout->dim] = o;
              layout->dim++;
            }
        }
    }
  if (layout->n_ic != layout->dim)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "\"%s\": the ODE has a state of %u values (outputs and their derivatives "
                   "below the highest order), but the initial conditions give %u equations",
                   reference, layout->dim, layout->n_ic);
      return FALSE;
    }
  for (guint i = 0; i < layout->n_ic; i++)
    for (guint c = 0; c < layout->ic[i]->n_partials; c++)
      {
        const PlProblemPartial *pp = &layout->ic[i]->partials[c];

        if (p->spec.alpha[pp->component][0] >= layout->order[pp->output])
          {
            g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                         "\"%s\": an initial condition uses '%s%s', the highest derivative "
                         "of the ODE", reference, p->def.outputs[pp->output],
                         p->spec.names[pp->component] + 1);
            return FALSE;
          }
      }
  return TRUE;
}

gboolean
_pl_problem_reference_kind (const PlProblem   *p,
                            const char        *reference,
                            PlProblemRefKind  *kind,
                            GError           **error)
{
  double v;
  OdeLayout layout;

  if (g_str_equal (reference, "burgers-cole-hopf") || g_str_equal (reference,
                                                                    "allen-cahn-spectral"))
    {
      gboolean burgers = reference[0] == 'b';

      if (!g_str_equal (p->axes, "xt") || p->m != 1)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "\"%s\" needs axes \"xt\" and one output, not \"%s\" and %u",
                       reference, p->axes, p->m);
          return FALSE;
        }
      if (p->def.lower[1] < 0 || (!burgers && p->def.lower[1] != 0))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "\"%s\" starts at t = 0; the time axis starts at %g", reference,
                       p->def.lower[1]);
          return FALSE;
        }
      if (burgers)
        {
          if (!need_param (p, reference, "nu", &v, error))
            return FALSE;
          if (!(v > 0))
            {
              g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "\"%s\" needs nu > 0, not %g", reference, v);
              return FALSE;
            }
          *kind = PL_REF_BURGERS;
          return TRUE;
        }
      if (p->def.lower[0] != -1 || p->def.upper[0] != 1)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "\"%s\" solves on x in [-1, 1], not [%g, %g]", reference,
                       p->def.lower[0], p->def.upper[0]);
          return FALSE;
        }
      if (!need_param (p, reference, "eps", &v, error) ||
          !need_param (p, reference, "gamma", &v, error))
        return FALSE;
      *kind = PL_REF_ALLEN_CAHN;
      return TRUE;
    }
  if (g_str_equal (reference, "lotka-volterra-rk"))
    {
      if (p->m != 2)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "\"%s\" needs two outputs (prey, predator), not %u", reference, p->m);
          return FALSE;
        }
      if (!need_param (p, reference, "alpha", &v, error) ||
          !need_param (p, reference, "beta", &v, error) ||
          !need_param (p, reference, "gamma", &v, error) ||
          !need_param (p, reference, "delta", &v, error) ||
          !ode_layout (p, reference, FALSE, &layout, error))
        return FALSE;
      *kind = PL_REF_LOTKA_VOLTERRA;
      return TRUE;
    }
  if (g_str_equal (reference, "ode-rk"))
    {
      if (!ode_layout (p, reference, TRUE, &layout, error))
        return FALSE;
      *kind = PL_REF_ODE;
      return TRUE;
    }
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "unknown reference solver \"%s\"; known are burgers-cole-hopf, "
               "allen-cahn-spectral, lotka-volterra-rk, ode-rk", reference);
  return FALSE;
}

/* --- ODE integration ----------------------------------------------------------------- */

typedef struct {
  PlProblem       *p;
  const OdeLayout *layout;
  double          *values;   /* one value per field-context variable */
  double           h[PL_PROBLEM_MAX_OUTPUTS];
  double           lv[4];    /* alpha, beta, gamma, delta */
  gboolean         failed;
  double           failed_t;
} OdeData;

/* Solve A z = b in place by Gaussian elimination with partial pivoting; FALSE if singular. */
static gboolean
solve_small (guint   n,
             double *A,
             double *b)
{
  for (guint c = 0; c < n; c++)
    {
      guint piv = c;

      for (guint r = c + 1; r < n; r++)
        if (fabs (A[r * n + c]) > fabs (A[piv * n + c]))
          piv = r;
      if (!(fabs (A[piv * n + c]) > 0) || !isfinite (A[piv * n + c]))
        return FALSE;
      if (piv != c)
        {
          for (guint k = 0; k < n; k++)
            {
              double tmp = A[c * n + k];
              A[c * n + k] = A[piv * n + k];
              A[piv * n + k] = tmp;
            }
          {
            double tmp = b[c];
            b[c] = b[piv];
            b[piv] = tmp;
          }
        }
      for (guint r = c + 1; r < n; r++)
        {
          double f = A[r * n + c] / A[c * n + c];

          for (guint k = c; k < n; k++)
            A[r * n + k] -= f * A[c * n + k];
          b[r] -= f * b[c];
        }
    }
  for (gint r = (gint) n - 1; r >= 0; r--)
    {
      double s = b[r];

      for (guint k = (guint) r + 1; k < n; k++)
        s -= A[r * n + k] * b[k];
      b[r] = s / A[r * n + r];
    }
  return TRUE;
}

/* Coordinates and forcing at t, the state components from y. */
static void
ode_bind (OdeData      *data,
          double        t,
          const double *y)
{
  PlProblem *p = data->p;
  const OdeLayout *l = data->layout;

  data->values[0] = t;
  for (guint f = 0; f < p->n_forcing; f++)
    data->values[p->forcing_var[f]] = pl_expr_eval_point (p->forcing[f], &t);
  for (guint s = 0; s < l->dim; s++)
    data->values[p->comp_var[l->state_output[s]][l->state_comp[s]]] = y[s];
}

static double
partial_value (const PlProblemEquation *eq,
               guint                    output,
               gint                     component,
               const double            *values)
{
  double sum = 0;

  for (guint i = 0; i < eq->n_partials; i++)
    if (eq->partials[i].output == output && (gint) eq->partials[i].component == component)
      sum += eq->partials[i].is_const ? eq->partials[i].value
                                      : pl_expr_eval_point (eq->partials[i].deriv, values);
  return sum;
}

static void
ode_rhs (double        t,
         const double *y,
         double       *dydt,
         gpointer      user_data)
{
  OdeData *data = user_data;
  PlProblem *p = data->p;
  const OdeLayout *l = data->layout;
  guint m = p->m;

  if (p->ref == PL_REF_LOTKA_VOLTERRA)
    {
      dydt[0] = data->lv[0] * y[0] - data->lv[1] * y[0] * y[1];
      dydt[1] = data->lv[3] * y[0] * y[1] - data->lv[2] * y[1];
      return;
    }

  ode_bind (data, t, y);
  /* Newton on r(h) = 0 for the highest derivatives h: one step when r is affine in h, which
   * is the usual case; the second iteration only confirms. */
  for (guint it = 0; it < 30; it++)
    {
      double J[PL_PROBLEM_MAX_OUTPUTS * PL_PROBLEM_MAX_OUTPUTS], r[PL_PROBLEM_MAX_OUTPUTS];
      double step = 0, size = 0;

      for (guint o = 0; o < m; o++)
        data->values[p->comp_var[o][l->highest[o]]] = data->h[o];
      for (guint q = 0; q < m; q++)
        {
          r[q] = -pl_expr_eval_point (l->interior->eq[q].expr, data->values);
          for (guint o = 0; o < m; o++)
            J[q * m + o] = partial_value (&l->interior->eq[q], o, l->highest[o], data->values);
        }
      if (!solve_small (m, J, r))
        {
          data->failed = TRUE;
          data->failed_t = t;
          for (guint s = 0; s < l->dim; s++)
            dydt[s] = NAN;
          return;
        }
      for (guint o = 0; o < m; o++)
        {
          data->h[o] += r[o];
          step = MAX (step, fabs (r[o]));
          size = MAX (size, fabs (data->h[o]));
        }
      if (step <= 1e-14 * (1 + size))
        break;
    }
  for (guint o = 0; o < m; o++)
    for (guint j = 0; j < l->order[o]; j++)
      {
        guint s = l->offset[o] + j;
        dydt[s] = j + 1 < l->order[o] ? y[s + 1] : data->h[o];
      }
}

/* The state at t0 from the initial conditions, by Newton from zero. */
static gboolean
ode_initial_state (OdeData  *data,
                   double    t0,
                   double   *y0,
                   GError  **error)
{
  PlProblem *p = data->p;
  const OdeLayout *l = data->layout;
  guint n = l->dim;
  double size = 0, res = 0;

  memset (y0, 0, n * sizeof (double));
  for (guint it = 0; it < 50; it++)
    {
      double J[ODE_MAX_STATE * ODE_MAX_STATE], g[ODE_MAX_STATE], step = 0;

      ode_bind (data, t0, y0);
      for (guint i = 0; i < n; i++)
        {
          g[i] = -pl_expr_eval_point (l->ic[i]->expr, data->values);
          for (guint s = 0; s < n; s++)
            J[i * n + s] = partial_value (l->ic[i], l->state_output[s], l->state_comp[s],
                                          data->values);
        }
      if (!solve_small (n, J, g))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                       "problem '%s': the initial conditions do not determine the state of "
                       "the ODE (singular Jacobian)", p->name);
          return FALSE;
        }
      size = 0;
      for (guint s = 0; s < n; s++)
        {
          y0[s] += g[s];
          step = MAX (step, fabs (g[s]));
          size = MAX (size, fabs (y0[s]));
        }
      if (step <= 1e-15 * (1 + size))
        break;
    }
  ode_bind (data, t0, y0);
  for (guint i = 0; i < n; i++)
    res = MAX (res, fabs (pl_expr_eval_point (l->ic[i]->expr, data->values)));
  if (!(res <= 1e-10 * (1 + size)))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                   "problem '%s': Newton's method found no state satisfying the initial "
                   "conditions (residual %g)", p->name, res);
      return FALSE;
    }
  return TRUE;
}

static gboolean
ode_build (PlProblem       *p,
           PlProblemCache  *cache,
           GError         **error)
{
  OdeData data = { 0 };
  PlOdeOptions options;
  double y0[ODE_MAX_STATE];
  g_autofree double *t_out = NULL;
  g_autofree double *values = NULL;
  gsize n;
  guint dim;

  if (!ode_layout (p, p->def.reference, p->ref == PL_REF_ODE, &cache->layout, error))
    return FALSE;
  dim = cache->layout.dim;
  values = g_new0 (double, p->n_fvars);
  data.p = p;
  data.layout = &cache->layout;
  data.values = values;
  if (p->ref == PL_REF_LOTKA_VOLTERRA)
    {
      data.lv[0] = p->def.params[pl_problem_find_param (p, "alpha")].value;
      data.lv[1] = p->def.params[pl_problem_find_param (p, "beta")].value;
      data.lv[2] = p->def.params[pl_problem_find_param (p, "gamma")].value;
      data.lv[3] = p->def.params[pl_problem_find_param (p, "delta")].value;
    }

  n = cache->n_knots = p->resolution.n_time >= 2 ? p->resolution.n_time : ODE_DEFAULT_KNOTS;
  cache->t0 = p->def.lower[0];
  cache->t1 = p->def.upper[0];
  cache->h = (cache->t1 - cache->t0) / (double) (n - 1);
  t_out = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    t_out[i] = cache->t0 + (double) i * cache->h;
  t_out[n - 1] = cache->t1;
  cache->y = g_new (double, dim * n);
  cache->f = g_new (double, dim * n);

  if (!ode_initial_state (&data, cache->t0, y0, error))
    return FALSE;
  pl_ode_options_init (&options);
  options.rtol = 1e-12;
  options.atol = 1e-13;
  options.max_steps = 2000000;
  if (!pl_ode_solve (ode_rhs, &data, dim, cache->t0, y0, n, t_out, &options, cache->y, NULL,
                     error))
    {
      if (data.failed)
        {
          g_clear_error (error);
          g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                       "problem '%s': the residual does not determine the highest derivative "
                       "at t = %g (singular Jacobian)", p->name, data.failed_t);
        }
      else
        g_prefix_error (error, "problem '%s': reference \"%s\": ", p->name, p->def.reference);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    {
      double y[ODE_MAX_STATE] = { 0 }, f[ODE_MAX_STATE];

      for (guint s = 0; s < dim; s++)
        y[s] = cache->y[s * n + i];
      ode_rhs (t_out[i], y, f, &data);
      for (guint s = 0; s < dim; s++)
        cache->f[s * n + i] = f[s];
    }
  return TRUE;
}

static gboolean
ode_eval (const PlProblem  *p,
          const PlProblemCache *cache,
          const double     *x,
          gsize             n,
          double           *u,
          GError          **error)
{
  double slack = 1e-9 * (cache->t1 - cache->t0);
  gsize N = cache->n_knots;

  for (gsize i = 0; i < n; i++)
    {
      double t = x[i], s, h00, h10, h01, h11;
      gsize k;

      if (!(t >= cache->t0 - slack && t <= cache->t1 + slack))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "problem '%s': point %" G_GSIZE_FORMAT " (t = %g) is outside the "
                       "reference's interval [%g, %g]", p->name, i, t, cache->t0, cache->t1);
          return FALSE;
        }
      s = (t - cache->t0) / cache->h;
      k = s <= 0 ? 0 : MIN ((gsize) s, N - 2);
      s -= (double) k;
      h00 = (1 + 2 * s) * (1 - s) * (1 - s);
      h10 = s * (1 - s) * (1 - s);
      h01 = s * s * (3 - 2 * s);
      h11 = s * s * (s - 1);
      for (guint o = 0; o < p->m; o++)
        {
          const double *y = cache->y + (gsize) cache->layout.offset[o] * N;
          const double *f = cache->f + (gsize) cache->layout.offset[o] * N;

          u[o * n + i] = h00 * y[k] + h10 * cache->h * f[k] + h01 * y[k + 1] +
                         h11 * cache->h * f[k + 1];
        }
    }
  return TRUE;
}

/* --- the public entry ---------------------------------------------------------------- */

static gboolean
cache_build (PlProblem  *p,
             GError    **error)
{
  PlProblemCache *cache = g_new0 (PlProblemCache, 1);
  gboolean ok = TRUE;

  switch (p->ref)
    {
    case PL_REF_BURGERS:
      cache->burgers = pl_burgers_ref_new (p->def.params[pl_problem_find_param (p, "nu")].value,
                                           p->resolution.n_space, error);
      ok = cache->burgers != NULL;
      break;
    case PL_REF_ALLEN_CAHN:
      {
        PlAllenCahnParams params;

        pl_allen_cahn_params_init (&params);
        params.eps = p->def.params[pl_problem_find_param (p, "eps")].value;
        params.gamma = p->def.params[pl_problem_find_param (p, "gamma")].value;
        params.t_end = p->def.upper[1];
        if (p->resolution.n_space > 0)
          params.n_points = p->resolution.n_space;
        if (p->resolution.n_time > 0)
          params.n_times = p->resolution.n_time;
        if (p->resolution.time_step > 0)
          params.dt = p->resolution.time_step;
        cache->allen_cahn = pl_allen_cahn_ref_new (&params, error);
        ok = cache->allen_cahn != NULL;
        break;
      }
    case PL_REF_LOTKA_VOLTERRA:
    case PL_REF_ODE:
      ok = ode_build (p, cache, error);
      break;
    case PL_REF_NONE:
    case PL_REF_CLOSED_FORM:
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    {
      _pl_problem_cache_free (cache);
      return FALSE;
    }
  p->cache = cache;
  return TRUE;
}

gboolean
pl_problem_exact (PlProblem     *problem,
                  const double  *x,
                  gsize          n,
                  double        *u,
                  GError       **error)
{
  g_return_val_if_fail (problem != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (x != NULL && u != NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (problem->ref == PL_REF_NONE)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                   "problem '%s' has no exact or reference solution", problem->name);
      return FALSE;
    }
  if (n == 0)
    return TRUE;
  if (problem->ref == PL_REF_CLOSED_FORM)
    {
      const double *cvars[PL_PROBLEM_MAX_INPUTS];

      for (guint j = 0; j < problem->d; j++)
        cvars[j] = x + j * n;
      for (guint o = 0; o < problem->m; o++)
        pl_expr_eval (problem->exact[o], cvars, n, u + o * n);
      return TRUE;
    }
  if (problem->cache == NULL && !cache_build (problem, error))
    return FALSE;
  switch (problem->ref)
    {
    case PL_REF_BURGERS:
      return pl_burgers_ref_eval (problem->cache->burgers, n, x, x + n, u, error);
    case PL_REF_ALLEN_CAHN:
      return pl_allen_cahn_ref_eval (problem->cache->allen_cahn, n, x, x + n, u, error);
    case PL_REF_LOTKA_VOLTERRA:
    case PL_REF_ODE:
      return ode_eval (problem, problem->cache, x, n, u, error);
    case PL_REF_NONE:
    case PL_REF_CLOSED_FORM:
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}
