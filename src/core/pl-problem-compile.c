/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Turning a checked definition into expressions: the two contexts (field and coordinate),
 * derived parameters, forcing functions, the equations of every term and their partial
 * derivatives in the jet components, the jet spec they need, the transform's derivative
 * tables, the exact solution, and a check that everything given in closed form is finite
 * inside the box.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-problem.h"
#include "pl-error.h"
#include "pl-expr.h"
#include "pl-jet.h"
#include "pl-problem-private.h"

#include <math.h>
#include <string.h>

/* Derivatives are declared in the field context up to this order, so that a fourth-order
 * name parses and can be rejected with a message about jets rather than "unknown name". */
#define DECLARED_ORDER 4

static gboolean
prefixed (GError    **error,
          GError     *local,
          const char *problem,
          const char *field)
{
  g_propagate_prefixed_error (error, local, "problem '%s': %s: ", problem, field);
  return FALSE;
}

gboolean
_pl_problem_field_name (const PlProblem *problem,
                        const char      *name,
                        guint           *output,
                        guint           *alpha)
{
  const char *us = strchr (name, '_');
  gsize len = us != NULL ? (gsize) (us - name) : strlen (name);

  for (guint o = 0; o < problem->m; o++)
    {
      const char *field = problem->def.outputs[o];

      if (strlen (field) != len || strncmp (field, name, len) != 0)
        continue;
      memset (alpha, 0, PL_PROBLEM_MAX_INPUTS * sizeof (guint));
      if (us != NULL)
        for (const char *p = us + 1; *p != '\0'; p++)
          {
            const char *where = strchr (problem->axes, *p);

            if (where == NULL)
              return FALSE;
            alpha[where - problem->axes]++;
          }
      *output = o;
      return TRUE;
    }
  return FALSE;
}

static gboolean
add_constants (PlProblem      *p,
               PlExprContext  *ctx,
               GError        **error)
{
  GError *local = NULL;

  for (guint i = 0; i < p->n_params; i++)
    if (!pl_expr_context_add_constant (ctx, p->def.params[i].name, p->def.params[i].value,
                                       &local))
      {
        g_autofree char *field = g_strdup_printf ("params[%u]", i);
        return prefixed (error, local, p->name, field);
      }
  for (guint i = 0; i < p->n_derived; i++)
    if (!pl_expr_context_add_constant (ctx, p->def.derived[i].name, p->derived_values[i],
                                       &local))
      {
        g_autofree char *field = g_strdup_printf ("derived[%u]", i);
        return prefixed (error, local, p->name, field);
      }
  return TRUE;
}

static gboolean
build_derived (PlProblem  *p,
               GError    **error)
{
  g_autoptr(PlExprContext) ctx = pl_expr_context_new ();
  GError *local = NULL;
  double dummy = 0;

  for (guint i = 0; i < p->n_params; i++)
    if (!pl_expr_context_add_constant (ctx, p->def.params[i].name, p->def.params[i].value,
                                       &local))
      {
        g_autofree char *field = g_strdup_printf ("params[%u]", i);
        return prefixed (error, local, p->name, field);
      }
  for (guint i = 0; i < p->n_derived; i++)
    {
      g_autofree char *field = g_strdup_printf ("derived[%u] ('%s')", i, p->def.derived[i].name);
      g_autoptr(PlExpr) e = pl_expr_parse (ctx, p->def.derived[i].expr, &local);

      if (e == NULL)
        return prefixed (error, local, p->name, field);
      p->derived_values[i] = pl_expr_eval_point (e, &dummy);
      if (!isfinite (p->derived_values[i]))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                       "problem '%s': %s: \"%s\" is %g with the current parameters",
                       p->name, field, p->def.derived[i].expr, p->derived_values[i]);
          return FALSE;
        }
      if (!pl_expr_context_add_constant (ctx, p->def.derived[i].name, p->derived_values[i],
                                         &local))
        return prefixed (error, local, p->name, field);
    }
  return TRUE;
}

static gboolean
build_contexts (PlProblem  *p,
                GError    **error)
{
  GError *local = NULL;
  char axis[2] = { 0, 0 };

  p->cctx = pl_expr_context_new ();
  p->fctx = pl_expr_context_new ();
  for (guint j = 0; j < p->d; j++)
    {
      axis[0] = p->axes[j];
      if (!pl_expr_context_add_variable (p->cctx, axis, &local) ||
          !pl_expr_context_add_variable (p->fctx, axis, NULL))
        return prefixed (error, local, p->name, "axes");
    }
  for (guint o = 0; o < p->m; o++)
    if (!pl_expr_context_add_derivatives (p->fctx, p->def.outputs[o], p->axes, DECLARED_ORDER,
                                          &local))
      {
        g_autofree char *field = g_strdup_printf ("outputs[%u]", o);
        return prefixed (error, local, p->name, field);
      }
  for (guint f = 0; f < p->n_forcing; f++)
    if (!pl_expr_context_add_variable (p->fctx, p->def.forcing[f].name, &local))
      {
        g_autofree char *field = g_strdup_printf ("forcing[%u]", f);
        return prefixed (error, local, p->name, field);
      }
  if (!add_constants (p, p->fctx, error) || !add_constants (p, p->cctx, error))
    return FALSE;
  p->n_fvars = pl_expr_context_get_n_variables (p->fctx);
  return TRUE;
}

/* Record what an equation uses and widen the spec's needs; reject what jets cannot carry. */
static gboolean
scan_equation (PlProblem   *p,
               PlExpr      *e,
               const char  *field,
               guint       *order,
               gint        *third,
               char       **third_from,
               guint32     *forcing_used,
               GError     **error)
{
  g_auto(GStrv) used = pl_expr_list_used_variables (e);

  for (guint i = 0; used[i] != NULL; i++)
    {
      guint o, alpha[PL_PROBLEM_MAX_INPUTS] = { 0 }, total = 0, n_axes = 0;
      gint axis = -1;

      for (guint f = 0; f < p->n_forcing; f++)
        if (g_str_equal (used[i], p->def.forcing[f].name))
          *forcing_used |= 1u << f;
      if (!_pl_problem_field_name (p, used[i], &o, alpha))
        continue;
      for (guint j = 0; j < p->d; j++)
        {
          total += alpha[j];
          if (alpha[j] > 0)
            {
              n_axes++;
              axis = (gint) j;
            }
        }
      if (total <= 2)
        *order = MAX (*order, total);
      else if (total == 3 && n_axes == 1 && (*third < 0 || *third == axis))
        {
          *third = axis;
          if (*third_from == NULL)
            *third_from = g_strdup (used[i]);
        }
      else if (total == 3 && n_axes == 1)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "problem '%s': %s: derivative '%s' needs the third order along '%c', "
                       "but '%s' already takes axis '%c'; jets carry the third order along "
                       "one axis only", p->name, field, used[i], p->axes[axis], *third_from,
                       p->axes[*third]);
          return FALSE;
        }
      else
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "problem '%s': %s: derivative '%s' cannot be carried: jets carry all "
                       "derivatives up to second order and the third along one axis "
                       "(e.g. u_xxx)", p->name, field, used[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
build_partials (PlProblem          *p,
                PlProblemEquation  *eq,
                const char         *field,
                GError            **error)
{
  g_auto(GStrv) used = pl_expr_list_used_variables (eq->expr);
  guint n = 0;

  eq->partials = g_new0 (PlProblemPartial, MAX (g_strv_length (used), 1));
  for (guint i = 0; used[i] != NULL; i++)
    {
      PlProblemPartial *pp = &eq->partials[n];
      guint o, alpha[PL_PROBLEM_MAX_INPUTS] = { 0 };
      gint k;
      GError *local = NULL;

      if (!_pl_problem_field_name (p, used[i], &o, alpha))
        continue;
      k = pl_jet_spec_index (&p->spec, alpha);
      g_assert (k >= 0);
      pp->var = (guint) pl_expr_find_variable (eq->expr, used[i]);
      pp->output = o;
      pp->component = (guint) k;
      pp->deriv = pl_expr_diff (eq->expr, used[i], &local);
      if (pp->deriv == NULL)
        return prefixed (error, local, p->name, field);
      pp->is_const = pl_expr_is_constant (pp->deriv, &pp->value);
      eq->n_partials = ++n;
    }
  return TRUE;
}

static gboolean
build_terms (PlProblem  *p,
             GError    **error)
{
  guint order = 1;
  gint third = -1;
  g_autofree char *third_from = NULL;
  GError *local = NULL;

  for (guint t = 0; t < p->n_terms; t++)
    {
      const PlProblemTermDef *def = &p->def.terms[t];
      PlProblemTerm *term = &p->terms[t];

      term->def_index = t;
      term->kind = def->kind;
      if (!_pl_problem_parse_face (def->face, p->axes, def->kind, &term->face_axis,
                                   &term->face_upper, &local))
        {
          g_autofree char *field = g_strdup_printf ("terms[%u] ('%s').face", t, def->name);
          return prefixed (error, local, p->name, field);
        }
      term->n_eq = _pl_problem_term_def_n_equations (def);
      for (guint q = 0; q < term->n_eq; q++)
        {
          g_autofree char *field = g_strdup_printf ("terms[%u] ('%s').equations[%u]", t,
                                                    def->name, q);

          term->eq[q].expr = pl_expr_parse (p->fctx, def->equations[q], &local);
          if (term->eq[q].expr == NULL)
            return prefixed (error, local, p->name, field);
          if (!scan_equation (p, term->eq[q].expr, field, &order, &third, &third_from,
                              &term->eq[q].forcing_used, error))
            return FALSE;
          term->forcing_used |= term->eq[q].forcing_used;
        }
    }
  if (third >= 0)
    order = 2;
  if (!pl_jet_spec_init (&p->spec, p->d, order, third, p->axes, &local))
    return prefixed (error, local, p->name, "axes");
  for (guint o = 0; o < p->m; o++)
    for (guint k = 0; k < p->spec.n_components; k++)
      {
        /* the spec names components of "u": "u_xt" becomes "v_xt" for output v */
        g_autofree char *name = g_strconcat (p->def.outputs[o], p->spec.names[k] + 1, NULL);
        gint var = pl_expr_context_find_variable (p->fctx, name);

        g_assert (var >= 0);
        p->comp_var[o][k] = (guint) var;
      }

  for (guint t = 0; t < p->n_terms; t++)
    for (guint q = 0; q < p->terms[t].n_eq; q++)
      {
        g_autofree char *field = g_strdup_printf ("terms[%u] ('%s').equations[%u]", t,
                                                  p->def.terms[t].name, q);
        if (!build_partials (p, &p->terms[t].eq[q], field, error))
          return FALSE;
      }
  return TRUE;
}

/* d^alpha E for every component alpha of the spec. */
static gboolean
build_jet_expr (PlProblem         *p,
                const char        *text,
                const char        *field,
                PlProblemJetExpr  *je,
                GError           **error)
{
  g_autoptr(PlExpr) base = NULL;
  GError *local = NULL;

  base = pl_expr_parse (p->cctx, text, &local);
  if (base == NULL)
    return prefixed (error, local, p->name, field);
  for (guint k = 0; k < p->spec.n_components; k++)
    {
      PlExpr *e = pl_expr_copy (base);

      for (guint j = 0; j < p->d; j++)
        for (guint r = 0; r < p->spec.alpha[k][j]; r++)
          {
            char axis[2] = { p->axes[j], 0 };
            PlExpr *de = pl_expr_diff (e, axis, &local);

            pl_expr_free (e);
            if (de == NULL)
              return prefixed (error, local, p->name, field);
            e = de;
          }
      je->expr[k] = e;
      je->is_const[k] = pl_expr_is_constant (e, &je->value[k]);
    }
  return TRUE;
}

static gboolean
build_transform_and_exact (PlProblem  *p,
                           GError    **error)
{
  GError *local = NULL;

  for (guint o = 0; o < p->m; o++)
    {
      g_autofree char *fa = g_strdup_printf ("transform_a[%u]", o);
      g_autofree char *fb = g_strdup_printf ("transform_b[%u]", o);

      if (p->def.transform_a[o] == NULL && p->def.transform_b[o] == NULL)
        continue;
      p->has_transform = p->transform_of[o] = TRUE;
      if (!build_jet_expr (p, p->def.transform_a[o] ? p->def.transform_a[o] : "0", fa,
                           &p->ta[o], error) ||
          !build_jet_expr (p, p->def.transform_b[o] ? p->def.transform_b[o] : "1", fb,
                           &p->tb[o], error))
        return FALSE;
    }

  if (p->def.exact[0] != NULL)
    {
      p->ref = PL_REF_CLOSED_FORM;
      for (guint o = 0; o < p->m; o++)
        {
          g_autofree char *field = g_strdup_printf ("exact[%u]", o);

          p->exact[o] = pl_expr_parse (p->cctx, p->def.exact[o], &local);
          if (p->exact[o] == NULL)
            return prefixed (error, local, p->name, field);
        }
    }
  else if (p->def.reference != NULL)
    {
      if (!_pl_problem_reference_kind (p, p->def.reference, &p->ref, &local))
        return prefixed (error, local, p->name, "reference");
    }
  else
    p->ref = PL_REF_NONE;
  return TRUE;
}

/* Closed forms must be finite inside the box with the current parameters (e.g. an
 * underdamped solution given zeta >= 1): probe a small interior grid. */
static gboolean
check_finite_one (PlProblem    *p,
                  PlExpr       *e,
                  const char   *field,
                  const double *x,
                  gsize         n,
                  GError      **error)
{
  double values[64];
  const double *vars[PL_PROBLEM_MAX_INPUTS];

  for (guint j = 0; j < p->d; j++)
    vars[j] = x + j * n;
  pl_expr_eval (e, vars, n, values);
  for (gsize i = 0; i < n; i++)
    if (!isfinite (values[i]))
      {
        GString *where = g_string_new (NULL);

        for (guint j = 0; j < p->d; j++)
          g_string_append_printf (where, "%s%c = %g", j ? ", " : "", p->axes[j], x[j * n + i]);
        g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                     "problem '%s': %s: the value is %g at %s with the current parameters",
                     p->name, field, values[i], where->str);
        g_string_free (where, TRUE);
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_finite (PlProblem  *p,
              GError    **error)
{
  static const double frac[4] = { 0.13, 0.37, 0.61, 0.89 };
  double x[PL_PROBLEM_MAX_INPUTS * 64];
  gsize n = 1;

  for (guint j = 0; j < p->d; j++)
    n *= 4;
  for (gsize i = 0; i < n; i++)
    for (guint j = 0, r = (guint) i; j < p->d; j++, r /= 4)
      x[j * n + i] = p->def.lower[j] + frac[r % 4] * (p->def.upper[j] - p->def.lower[j]);

  for (guint f = 0; f < p->n_forcing; f++)
    {
      g_autofree char *field = g_strdup_printf ("forcing[%u] ('%s')", f, p->def.forcing[f].name);
      if (!check_finite_one (p, p->forcing[f], field, x, n, error))
        return FALSE;
    }
  for (guint o = 0; o < p->m; o++)
    {
      g_autofree char *fe = g_strdup_printf ("exact[%u]", o);
      g_autofree char *fa = g_strdup_printf ("transform_a[%u]", o);
      g_autofree char *fb = g_strdup_printf ("transform_b[%u]", o);

      if (p->exact[o] != NULL && !check_finite_one (p, p->exact[o], fe, x, n, error))
        return FALSE;
      if (p->transform_of[o])
        for (guint k = 0; k < p->spec.n_components; k++)
          if (!check_finite_one (p, p->ta[o].expr[k], fa, x, n, error) ||
              !check_finite_one (p, p->tb[o].expr[k], fb, x, n, error))
            return FALSE;
    }
  return TRUE;
}

gboolean
_pl_problem_compile (PlProblem  *p,
                     GError    **error)
{
  GError *local = NULL;
  gsize K;

  p->d = strlen (p->def.axes);
  p->m = _pl_problem_def_count (&p->def, "outputs");
  memcpy (p->axes, p->def.axes, p->d + 1);
  p->n_params = _pl_problem_def_count (&p->def, "params");
  p->n_derived = _pl_problem_def_count (&p->def, "derived");
  p->n_forcing = _pl_problem_def_count (&p->def, "forcing");
  p->n_terms = _pl_problem_def_count (&p->def, "terms");

  if (!build_derived (p, error) || !build_contexts (p, error))
    return FALSE;
  for (guint f = 0; f < p->n_forcing; f++)
    {
      p->forcing[f] = pl_expr_parse (p->cctx, p->def.forcing[f].expr, &local);
      if (p->forcing[f] == NULL)
        {
          g_autofree char *field = g_strdup_printf ("forcing[%u] ('%s')", f,
                                                    p->def.forcing[f].name);
          return prefixed (error, local, p->name, field);
        }
      p->forcing_var[f] = (guint) pl_expr_context_find_variable (p->fctx,
                                                                 p->def.forcing[f].name);
    }
  if (!build_terms (p, error) || !build_transform_and_exact (p, error) ||
      !check_finite (p, error))
    return FALSE;

  K = p->spec.n_components;
  p->vars = g_new0 (const double *, MAX (p->n_fvars, 1));
  p->ws_forcing = g_new0 (double, MAX (p->n_forcing, 1) * PL_PROBLEM_CHUNK);
  p->ws_a = g_new0 (double, 4 * K * PL_PROBLEM_CHUNK);
  p->ws_tmp = g_new0 (double, 2 * PL_PROBLEM_CHUNK);
  return TRUE;
}

void
_pl_problem_release (PlProblem *p)
{
  for (guint t = 0; t < PL_PROBLEM_MAX_TERMS; t++)
    for (guint q = 0; q < PL_PROBLEM_MAX_EQUATIONS; q++)
      {
        PlProblemEquation *eq = &p->terms[t].eq[q];

        for (guint i = 0; i < eq->n_partials; i++)
          pl_expr_free (eq->partials[i].deriv);
        g_clear_pointer (&eq->partials, g_free);
        g_clear_pointer (&eq->expr, pl_expr_free);
        eq->n_partials = 0;
      }
  for (guint o = 0; o < PL_PROBLEM_MAX_OUTPUTS; o++)
    {
      for (guint k = 0; k < PL_JET_MAX_COMPONENTS; k++)
        {
          g_clear_pointer (&p->ta[o].expr[k], pl_expr_free);
          g_clear_pointer (&p->tb[o].expr[k], pl_expr_free);
        }
      g_clear_pointer (&p->exact[o], pl_expr_free);
    }
  for (guint f = 0; f < PL_PROBLEM_MAX_FORCING; f++)
    g_clear_pointer (&p->forcing[f], pl_expr_free);
  g_clear_pointer (&p->cctx, pl_expr_context_free);
  g_clear_pointer (&p->fctx, pl_expr_context_free);
  g_clear_pointer (&p->cache, _pl_problem_cache_free);
  g_clear_pointer (&p->vars, g_free);
  g_clear_pointer (&p->ws_forcing, g_free);
  g_clear_pointer (&p->ws_a, g_free);
  g_clear_pointer (&p->ws_tmp, g_free);
}
