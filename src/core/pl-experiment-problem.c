/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "problem" section of an experiment: a built-in problem with parameter overrides, or a
 * full definition (pl-problem.h's PlProblemDef written as JSON); reading, writing, building
 * the PlProblem and comparing.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-experiment.h"
#include "pl-error.h"
#include "pl-experiment-private.h"

#include <string.h>

#define MAX_EVAL_GRID 4000000

static const char *const builtin_members[] = { "name", "params", "hard_constraints", NULL };
static const char *const def_members[] = {
  "name", "title", "description", "axes", "lower", "upper", "outputs", "params", "derived",
  "forcing", "terms", "exact", "reference", "transform", "eval_points", "hard_constraints", NULL
};
static const char *const term_members[] = {
  "name", "kind", "face", "equations", "weight", "points", "hard", NULL
};

static gboolean
read_strings (PlExperiment *e,
              JsonObject   *o,
              const char   *parent,
              const char   *member,
              guint         max,
              gboolean      allow_null,
              const char  **out,
              GError      **error)
{
  JsonNode *node = json_object_get_member (o, member);
  g_autofree char *p = NULL;
  JsonArray *a;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  p = _pl_exp_path (parent, member);
  if (!(a = _pl_exp_array (node, p, max, error)))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      g_autofree char *pi = g_strdup_printf ("%s[%u]", p, i);

      if (!_pl_exp_node_string (e, json_array_get_element (a, i), pi, allow_null, &out[i],
                                error))
        return FALSE;
    }
  return TRUE;
}

/* {NAME: number} into params, or {NAME: "expr"} into named expressions. */
static gboolean
read_named (PlExperiment       *e,
            JsonObject         *o,
            const char         *member,
            guint               max,
            PlProblemParamDef  *params,
            PlProblemNamedDef  *named,
            guint              *n_out,
            GError            **error)
{
  JsonNode *node = json_object_get_member (o, member);
  g_autofree char *p = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  guint n = 0;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  p = _pl_exp_path ("problem", member);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *what = _pl_exp_describe (node);
      return _pl_exp_fail (error, p, "must be an object {\"NAME\": %s}, got %s",
                           params != NULL ? "number" : "\"expression\"", what);
    }
  if (json_object_get_size (json_node_get_object (node)) > max)
    return _pl_exp_fail (error, p, "has %u entries, more than the limit of %u",
                         json_object_get_size (json_node_get_object (node)), max);
  json_object_iter_init_ordered (&iter, json_node_get_object (node));
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      g_autofree char *pn = _pl_exp_path (p, name);

      if (params != NULL)
        {
          params[n].name = _pl_exp_strdup (e, name);
          if (!_pl_exp_node_double (value, pn, &params[n].value, error))
            return FALSE;
        }
      else
        {
          named[n].name = _pl_exp_strdup (e, name);
          if (!_pl_exp_node_string (e, value, pn, FALSE, &named[n].expr, error))
            return FALSE;
        }
      n++;
    }
  if (n_out != NULL)
    *n_out = n;
  return TRUE;
}

static gboolean
read_term (PlExperiment     *e,
           JsonNode         *node,
           guint             index,
           PlProblemTermDef *t,
           GError          **error)
{
  g_autofree char *p = g_strdup_printf ("problem.terms[%u]", index);
  g_autofree char *pe = g_strdup_printf ("%s.equations", p);
  const char *kind = NULL;
  JsonObject *o;
  JsonNode *eqs;
  guint64 points = 128;

  if (!(o = _pl_exp_object (node, p, term_members, e, error)))
    return FALSE;
  t->weight = 1;
  t->name = NULL;
  if (!_pl_exp_read_string (e, o, p, "name", FALSE, &t->name, error) ||
      !_pl_exp_read_string (e, o, p, "kind", FALSE, &kind, error) ||
      !_pl_exp_read_string (e, o, p, "face", TRUE, &t->face, error) ||
      !_pl_exp_read_double (o, p, "weight", &t->weight, error) ||
      !_pl_exp_read_uint64 (o, p, "points", 1, PL_EXPERIMENT_MAX_POINTS, &points, error) ||
      !_pl_exp_read_bool (o, p, "hard", &t->hard, error))
    return FALSE;
  if (t->name == NULL)
    t->name = _pl_exp_strdup (e, index == 0 ? "residual" : "");
  if (t->name[0] == '\0')
    {
      g_autofree char *dflt = g_strdup_printf ("term%u", index);
      t->name = _pl_exp_strdup (e, dflt);
    }
  t->n_points = (guint) points;
  if (t->weight < 0)
    {
      g_autofree char *pw = _pl_exp_path (p, "weight");
      return _pl_exp_fail (error, pw, "must be >= 0, got %g", t->weight);
    }
  t->kind = PL_TERM_INTERIOR;
  if (kind != NULL && !pl_term_kind_from_string (kind, &t->kind, error))
    {
      g_prefix_error (error, "%s.kind: ", p);
      return FALSE;
    }
  eqs = json_object_get_member (o, "equations");
  if (eqs == NULL || (JSON_NODE_HOLDS_ARRAY (eqs) &&
                      json_array_get_length (json_node_get_array (eqs)) == 0))
    return _pl_exp_fail (error, pe, "a term needs 1 to %d equations", PL_PROBLEM_MAX_EQUATIONS);
  return read_strings (e, o, p, "equations", PL_PROBLEM_MAX_EQUATIONS, FALSE, t->equations,
                       error);
}

static gboolean
read_definition (PlExperiment  *e,
                 JsonObject    *o,
                 GError       **error)
{
  PlProblemDef *d = &e->def;
  JsonNode *node;
  JsonArray *a;
  guint n_axes;

  memset (d, 0, sizeof *d);
  d->name = "custom";
  d->axes = "t";
  for (guint j = 0; j < PL_PROBLEM_MAX_INPUTS; j++)
    d->upper[j] = 1;
  if (!_pl_exp_read_string (e, o, "problem", "name", FALSE, &d->name, error) ||
      !_pl_exp_read_string (e, o, "problem", "title", TRUE, &d->title, error) ||
      !_pl_exp_read_string (e, o, "problem", "description", TRUE, &d->description, error) ||
      !_pl_exp_read_string (e, o, "problem", "axes", FALSE, &d->axes, error))
    return FALSE;
  d->name = _pl_exp_strdup (e, d->name);
  d->axes = _pl_exp_strdup (e, d->axes);
  n_axes = strlen (d->axes);
  if (n_axes < 1 || n_axes > PL_PROBLEM_MAX_INPUTS)
    return _pl_exp_fail (error, "problem.axes", "must name 1 to %d axes (\"t\", \"x\", \"xt\", "
                         "\"xy\", \"xyt\"), got \"%s\"", PL_PROBLEM_MAX_INPUTS, d->axes);
  for (guint k = 0; k < 2; k++)
    {
      const char *member = k == 0 ? "lower" : "upper";
      double *bound = k == 0 ? d->lower : d->upper;
      g_autofree char *p = _pl_exp_path ("problem", member);

      if ((node = json_object_get_member (o, member)) == NULL)
        continue;
      if (!(a = _pl_exp_array (node, p, PL_PROBLEM_MAX_INPUTS, error)))
        return FALSE;
      if (json_array_get_length (a) != n_axes)
        return _pl_exp_fail (error, p, "must have one number per axis (%u for \"%s\"), got %u",
                             n_axes, d->axes, json_array_get_length (a));
      for (guint j = 0; j < n_axes; j++)
        {
          g_autofree char *pj = g_strdup_printf ("%s[%u]", p, j);
          if (!_pl_exp_node_double (json_array_get_element (a, j), pj, &bound[j], error))
            return FALSE;
        }
    }
  if (!read_strings (e, o, "problem", "outputs", PL_PROBLEM_MAX_OUTPUTS, FALSE, d->outputs,
                     error) ||
      !read_named (e, o, "params", PL_PROBLEM_MAX_PARAMS, d->params, NULL, NULL, error) ||
      !read_named (e, o, "derived", PL_PROBLEM_MAX_DERIVED, NULL, d->derived, NULL, error) ||
      !read_named (e, o, "forcing", PL_PROBLEM_MAX_FORCING, NULL, d->forcing, NULL, error) ||
      !read_strings (e, o, "problem", "exact", PL_PROBLEM_MAX_OUTPUTS, TRUE, d->exact, error) ||
      !_pl_exp_read_string (e, o, "problem", "reference", TRUE, &d->reference, error) ||
      !_pl_exp_read_uint (o, "problem", "eval_points", 0, 100000, &d->eval_points, error))
    return FALSE;

  if ((node = json_object_get_member (o, "transform")) != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      static const char *const known[] = { "a", "b", NULL };
      JsonObject *to = _pl_exp_object (node, "problem.transform", known, e, error);

      if (to == NULL ||
          !read_strings (e, to, "problem.transform", "a", PL_PROBLEM_MAX_OUTPUTS, TRUE,
                         d->transform_a, error) ||
          !read_strings (e, to, "problem.transform", "b", PL_PROBLEM_MAX_OUTPUTS, TRUE,
                         d->transform_b, error))
        return FALSE;
    }

  if (d->eval_points > 0)
    {
      double cells = 1;

      for (guint j = 0; j < n_axes; j++)
        cells *= d->eval_points;
      if (cells > MAX_EVAL_GRID)
        return _pl_exp_fail (error, "problem.eval_points", "%u points per axis make %.0f grid "
                             "points, more than the limit of %d", d->eval_points, cells,
                             MAX_EVAL_GRID);
    }

  node = json_object_get_member (o, "terms");
  if (!(a = _pl_exp_array (node, "problem.terms", PL_PROBLEM_MAX_TERMS, error)))
    return FALSE;
  if (json_array_get_length (a) == 0)
    return _pl_exp_fail (error, "problem.terms", "a problem needs at least one term");
  for (guint t = 0; t < json_array_get_length (a); t++)
    if (!read_term (e, json_array_get_element (a, t), t, &d->terms[t], error))
      return FALSE;
  return TRUE;
}

gboolean
_pl_exp_read_problem (PlExperiment *e,
                      JsonNode     *node,
                      GError      **error)
{
  JsonObject *o;
  const char *name = e->problem_name;
  const PlProblemDef *builtin;
  gboolean definition = FALSE;
  guint n = 0;

  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      o = json_node_get_object (node);
      definition = json_object_has_member (o, "terms");
      for (guint i = 0; def_members[i] != NULL && !definition; i++)
        if (!g_strv_contains (builtin_members, def_members[i]) &&
            json_object_has_member (o, def_members[i]))
          return _pl_exp_fail (error, "problem.terms", "missing: a problem definition (it has "
                               "'%s') needs its terms; a built-in problem takes only name, "
                               "params and hard_constraints", def_members[i]);
    }
  if (!(o = _pl_exp_object (node, "problem", definition ? def_members : builtin_members, e,
                            error)) ||
      !_pl_exp_read_bool (o, "problem", "hard_constraints", &e->hard_constraints, error))
    return FALSE;
  if (definition)
    {
      e->is_custom = TRUE;
      e->problem_name = NULL;
      e->n_overrides = 0;
      return read_definition (e, o, error);
    }

  if (!_pl_exp_read_string (e, o, "problem", "name", FALSE, &name, error))
    return FALSE;
  if ((builtin = pl_problem_builtin_def (name)) == NULL)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) pl_problem_names ());
      return _pl_exp_fail (error, "problem.name", "unknown problem '%s' (%s)", name, known);
    }
  e->problem_name = _pl_exp_strdup (e, name);
  if (!read_named (e, o, "params", PL_PROBLEM_MAX_PARAMS, e->overrides, NULL, &n, error))
    return FALSE;
  e->n_overrides = n;
  for (guint i = 0; i < n; i++)
    {
      gboolean found = FALSE;
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint k = 0; k < PL_PROBLEM_MAX_PARAMS && builtin->params[k].name != NULL; k++)
        {
          found |= g_str_equal (builtin->params[k].name, e->overrides[i].name);
          g_string_append_printf (names, "%s%s", k ? ", " : "", builtin->params[k].name);
        }
      if (!found)
        {
          g_autofree char *p = _pl_exp_path ("problem.params", e->overrides[i].name);
          return _pl_exp_fail (error, p, "problem '%s' has no parameter '%s' (%s)", name,
                               e->overrides[i].name, names->str);
        }
    }
  return TRUE;
}

static void
add_strings (JsonBuilder       *b,
             const char        *member,
             const char *const *s,
             guint              n,
             gboolean           with_nulls)
{
  guint last = 0;

  for (guint i = 0; i < n; i++)
    if (s[i] != NULL)
      last = i + 1;
    else if (!with_nulls)
      break;
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < last; i++)
    if (s[i] != NULL)
      json_builder_add_string_value (b, s[i]);
    else
      json_builder_add_null_value (b);
  json_builder_end_array (b);
}

void
_pl_exp_write_problem (const PlExperiment *e,
                       JsonBuilder        *b)
{
  const PlProblemDef *d = &e->def;
  guint n_axes;

  json_builder_set_member_name (b, "problem");
  json_builder_begin_object (b);
  if (!e->is_custom)
    {
      _pl_exp_add_string (b, "name", e->problem_name);
      json_builder_set_member_name (b, "params");
      json_builder_begin_object (b);
      for (guint i = 0; i < e->n_overrides; i++)
        _pl_exp_add_double (b, e->overrides[i].name, e->overrides[i].value);
      json_builder_end_object (b);
      _pl_exp_add_bool (b, "hard_constraints", e->hard_constraints);
      json_builder_end_object (b);
      return;
    }

  n_axes = strlen (d->axes);
  _pl_exp_add_string (b, "name", d->name);
  _pl_exp_add_string (b, "title", d->title);
  _pl_exp_add_string (b, "description", d->description);
  _pl_exp_add_string (b, "axes", d->axes);
  for (guint k = 0; k < 2; k++)
    {
      json_builder_set_member_name (b, k == 0 ? "lower" : "upper");
      json_builder_begin_array (b);
      for (guint j = 0; j < n_axes; j++)
        json_builder_add_double_value (b, k == 0 ? d->lower[j] : d->upper[j]);
      json_builder_end_array (b);
    }
  add_strings (b, "outputs", d->outputs, PL_PROBLEM_MAX_OUTPUTS, FALSE);
  json_builder_set_member_name (b, "params");
  json_builder_begin_object (b);
  for (guint i = 0; i < PL_PROBLEM_MAX_PARAMS && d->params[i].name != NULL; i++)
    _pl_exp_add_double (b, d->params[i].name, d->params[i].value);
  json_builder_end_object (b);
  for (guint k = 0; k < 2; k++)
    {
      const PlProblemNamedDef *named = k == 0 ? d->derived : d->forcing;
      guint max = k == 0 ? PL_PROBLEM_MAX_DERIVED : PL_PROBLEM_MAX_FORCING;

      json_builder_set_member_name (b, k == 0 ? "derived" : "forcing");
      json_builder_begin_object (b);
      for (guint i = 0; i < max && named[i].name != NULL; i++)
        _pl_exp_add_string (b, named[i].name, named[i].expr);
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "terms");
  json_builder_begin_array (b);
  for (guint t = 0; t < PL_PROBLEM_MAX_TERMS && d->terms[t].name != NULL; t++)
    {
      const PlProblemTermDef *term = &d->terms[t];

      json_builder_begin_object (b);
      _pl_exp_add_string (b, "name", term->name);
      _pl_exp_add_string (b, "kind", pl_term_kind_to_string (term->kind));
      _pl_exp_add_string (b, "face", term->face);
      add_strings (b, "equations", term->equations, PL_PROBLEM_MAX_EQUATIONS, FALSE);
      _pl_exp_add_double (b, "weight", term->weight);
      _pl_exp_add_int (b, "points", term->n_points);
      _pl_exp_add_bool (b, "hard", term->hard);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_strings (b, "exact", d->exact, PL_PROBLEM_MAX_OUTPUTS, TRUE);
  _pl_exp_add_string (b, "reference", d->reference);
  json_builder_set_member_name (b, "transform");
  json_builder_begin_object (b);
  add_strings (b, "a", d->transform_a, PL_PROBLEM_MAX_OUTPUTS, TRUE);
  add_strings (b, "b", d->transform_b, PL_PROBLEM_MAX_OUTPUTS, TRUE);
  json_builder_end_object (b);
  _pl_exp_add_int (b, "eval_points", d->eval_points);
  _pl_exp_add_bool (b, "hard_constraints", e->hard_constraints);
  json_builder_end_object (b);
}

/* "problem 'NAME': params[2]: ..." from pl-problem becomes "problem.params.NAME: ...", the
 * path of the field in the file. */
static void
rewrite_error (const PlExperiment *e,
               const char         *problem_name,
               GError            **error)
{
  g_autofree char *prefix = g_strdup_printf ("problem '%s': ", problem_name);
  static const char *const lists[] = { "params[", "derived[", "forcing[" };
  const char *msg;
  char *rest;

  if (error == NULL || *error == NULL)
    return;
  msg = (*error)->message;
  if (!g_str_has_prefix (msg, prefix))
    {
      rest = g_strconcat ("problem: ", msg, NULL);
      g_free ((*error)->message);
      (*error)->message = rest;
      return;
    }
  msg += strlen (prefix);
  for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
    {
      guint64 i;
      char *end;

      if (!g_str_has_prefix (msg, lists[k]))
        continue;
      i = g_ascii_strtoull (msg + strlen (lists[k]), &end, 10);
      if (*end == ']' && e->is_custom && i < PL_PROBLEM_MAX_PARAMS)
        {
          const char *name = k == 0 ? e->def.params[i].name
                           : k == 1 ? e->def.derived[i].name
                           : i < PL_PROBLEM_MAX_FORCING ? e->def.forcing[i].name : NULL;

          if (name != NULL)
            {
              g_autofree char *list = g_strndup (lists[k], strlen (lists[k]) - 1);
              const char *after = end + 1;

              /* derived[0] ('wd') already names the entry */
              if (g_str_has_prefix (after, " ('"))
                after = strstr (after, "')") != NULL ? strstr (after, "')") + 2 : after;
              rest = g_strdup_printf ("problem.%s.%s%s", list, name, after);
              g_free ((*error)->message);
              (*error)->message = rest;
              return;
            }
        }
    }
  rest = g_strconcat ("problem.", msg, NULL);
  g_free ((*error)->message);
  (*error)->message = rest;
}

PlProblem *
pl_experiment_build_problem (const PlExperiment  *e,
                             GError             **error)
{
  g_autoptr(PlProblem) problem = NULL;
  const char *name = e->is_custom ? e->def.name : e->problem_name;

  g_return_val_if_fail (e != NULL, NULL);

  problem = e->is_custom ? pl_problem_new_from_def (&e->def, error)
                         : pl_problem_new (e->problem_name, error);
  if (problem == NULL)
    {
      rewrite_error (e, name, error);
      return NULL;
    }
  for (guint i = 0; i < e->n_overrides; i++)
    if (!pl_problem_set_param (problem, e->overrides[i].name, e->overrides[i].value, error))
      {
        g_autofree char *p = _pl_exp_path ("problem.params", e->overrides[i].name);
        rewrite_error (e, name, error);
        g_prefix_error (error, "%s: ", p);
        return NULL;
      }
  if (e->hard_constraints && !pl_problem_set_hard_constraints (problem, TRUE, error))
    {
      g_prefix_error (error, "problem.hard_constraints: ");
      return NULL;
    }
  return g_steal_pointer (&problem);
}

static gboolean
same_double (double a,
             double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

gboolean
_pl_exp_problem_equal (const PlExperiment *a,
                       const PlExperiment *b)
{
  const PlProblemDef *x = &a->def, *y = &b->def;

  if (a->is_custom != b->is_custom || a->hard_constraints != b->hard_constraints ||
      g_strcmp0 (a->problem_name, b->problem_name) != 0 || a->n_overrides != b->n_overrides)
    return FALSE;
  for (guint i = 0; i < a->n_overrides; i++)
    if (g_strcmp0 (a->overrides[i].name, b->overrides[i].name) != 0 ||
        !same_double (a->overrides[i].value, b->overrides[i].value))
      return FALSE;
  if (!a->is_custom)
    return TRUE;
  if (g_strcmp0 (x->name, y->name) || g_strcmp0 (x->title, y->title) ||
      g_strcmp0 (x->description, y->description) || g_strcmp0 (x->axes, y->axes) ||
      g_strcmp0 (x->reference, y->reference) || x->eval_points != y->eval_points ||
      memcmp (x->lower, y->lower, sizeof x->lower) || memcmp (x->upper, y->upper, sizeof x->upper))
    return FALSE;
  for (guint o = 0; o < PL_PROBLEM_MAX_OUTPUTS; o++)
    if (g_strcmp0 (x->outputs[o], y->outputs[o]) || g_strcmp0 (x->exact[o], y->exact[o]) ||
        g_strcmp0 (x->transform_a[o], y->transform_a[o]) ||
        g_strcmp0 (x->transform_b[o], y->transform_b[o]))
      return FALSE;
  for (guint i = 0; i < PL_PROBLEM_MAX_PARAMS; i++)
    if (g_strcmp0 (x->params[i].name, y->params[i].name) ||
        !same_double (x->params[i].value, y->params[i].value))
      return FALSE;
  for (guint i = 0; i < PL_PROBLEM_MAX_DERIVED; i++)
    if (g_strcmp0 (x->derived[i].name, y->derived[i].name) ||
        g_strcmp0 (x->derived[i].expr, y->derived[i].expr))
      return FALSE;
  for (guint i = 0; i < PL_PROBLEM_MAX_FORCING; i++)
    if (g_strcmp0 (x->forcing[i].name, y->forcing[i].name) ||
        g_strcmp0 (x->forcing[i].expr, y->forcing[i].expr))
      return FALSE;
  for (guint t = 0; t < PL_PROBLEM_MAX_TERMS; t++)
    {
      const PlProblemTermDef *s = &x->terms[t], *u = &y->terms[t];

      if (g_strcmp0 (s->name, u->name) || s->kind != u->kind || g_strcmp0 (s->face, u->face) ||
          !same_double (s->weight, u->weight) || s->n_points != u->n_points ||
          s->hard != u->hard)
        return FALSE;
      for (guint q = 0; q < PL_PROBLEM_MAX_EQUATIONS; q++)
        if (g_strcmp0 (s->equations[q], u->equations[q]))
          return FALSE;
    }
  return TRUE;
}
