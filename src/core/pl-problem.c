/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Problems: construction from a definition (built-in or user), parameters, settings and
 * accessors. Parsing and derivatives live in pl-problem-compile.c, the per-step functions in
 * pl-problem-eval.c, solutions in pl-problem-exact.c.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-problem.h"
#include "pl-error.h"
#include "pl-problem-private.h"

#include <math.h>
#include <string.h>

static void
update_active (PlProblem *p)
{
  p->n_active = 0;
  for (guint t = 0; t < p->n_terms; t++)
    if (!(p->hard && p->def.terms[t].hard))
      p->active[p->n_active++] = t;
}

static PlProblem *
problem_build (const PlProblemDef        *def,
               const PlProblemResolution *resolution,
               gboolean                   hard,
               GError                   **error)
{
  PlProblem *p = g_new0 (PlProblem, 1);

  p->strings = g_string_chunk_new (1024);
  _pl_problem_def_copy (def, p->strings, &p->def);
  if (p->def.name == NULL)
    p->def.name = g_string_chunk_insert (p->strings, "custom");
  p->name = p->def.name;
  if (resolution != NULL)
    p->resolution = *resolution;
  if (!_pl_problem_def_check (&p->def, p->name, error) || !_pl_problem_compile (p, error))
    {
      pl_problem_free (p);
      return NULL;
    }
  p->hard = hard && p->has_transform;
  update_active (p);
  return p;
}

PlProblem *
pl_problem_new (const char  *name,
                GError     **error)
{
  const PlProblemDef *def;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  def = pl_problem_builtin_def (name);
  if (def == NULL)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) pl_problem_names ());
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "unknown problem '%s'; the built-in problems are %s", name, known);
      return NULL;
    }
  return problem_build (def, NULL, FALSE, error);
}

PlProblem *
pl_problem_new_from_def (const PlProblemDef  *def,
                         GError             **error)
{
  g_return_val_if_fail (def != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return problem_build (def, NULL, FALSE, error);
}

PlProblem *
pl_problem_copy (const PlProblem *problem)
{
  PlProblem *copy;

  g_return_val_if_fail (problem != NULL, NULL);

  copy = problem_build (&problem->def, &problem->resolution, problem->hard, NULL);
  g_assert (copy != NULL);
  return copy;
}

void
pl_problem_free (PlProblem *problem)
{
  if (problem == NULL)
    return;
  _pl_problem_release (problem);
  g_string_chunk_free (problem->strings);
  g_free (problem);
}

gint
pl_problem_find_param (const PlProblem *problem,
                       const char      *name)
{
  g_return_val_if_fail (problem != NULL && name != NULL, -1);

  for (guint i = 0; i < problem->n_params; i++)
    if (g_str_equal (problem->def.params[i].name, name))
      return (gint) i;
  return -1;
}

gboolean
pl_problem_set_param (PlProblem   *problem,
                      const char  *name,
                      double       value,
                      GError     **error)
{
  PlProblemDef def;
  PlProblem *fresh, old;
  gint i;

  g_return_val_if_fail (problem != NULL && name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  i = pl_problem_find_param (problem, name);
  if (i < 0)
    {
      GString *known = g_string_new (NULL);

      for (guint j = 0; j < problem->n_params; j++)
        g_string_append_printf (known, "%s%s", j ? ", " : "", problem->def.params[j].name);
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "problem '%s': no parameter '%s'; its parameters are %s", problem->name,
                   name, known->len ? known->str : "(none)");
      g_string_free (known, TRUE);
      return FALSE;
    }
  def = problem->def;
  def.params[i].value = value;
  fresh = problem_build (&def, &problem->resolution, problem->hard, error);
  if (fresh == NULL)
    return FALSE;
  old = *problem;
  *problem = *fresh;
  *fresh = old;
  pl_problem_free (fresh);
  return TRUE;
}

void
pl_problem_set_resolution (PlProblem                 *problem,
                           const PlProblemResolution *resolution)
{
  g_return_if_fail (problem != NULL && resolution != NULL);

  problem->resolution = *resolution;
  g_clear_pointer (&problem->cache, _pl_problem_cache_free);
}

gboolean
pl_problem_set_hard_constraints (PlProblem  *problem,
                                 gboolean    hard,
                                 GError    **error)
{
  g_return_val_if_fail (problem != NULL, FALSE);

  if (hard && !problem->has_transform)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                   "problem '%s' has no output transform for hard constraints",
                   problem->name);
      return FALSE;
    }
  problem->hard = hard;
  update_active (problem);
  return TRUE;
}

/* --- accessors ----------------------------------------------------------------------- */

const PlProblemDef *
pl_problem_get_def (const PlProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);
  return &problem->def;
}

const char *
pl_problem_get_name (const PlProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);
  return problem->name;
}

guint
pl_problem_get_n_inputs (const PlProblem *problem)
{
  g_return_val_if_fail (problem != NULL, 0);
  return problem->d;
}

const char *
pl_problem_get_axes (const PlProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);
  return problem->axes;
}

guint
pl_problem_get_n_outputs (const PlProblem *problem)
{
  g_return_val_if_fail (problem != NULL, 0);
  return problem->m;
}

const char *
pl_problem_get_output_name (const PlProblem *problem,
                            guint            output)
{
  g_return_val_if_fail (problem != NULL && output < problem->m, NULL);
  return problem->def.outputs[output];
}

void
pl_problem_get_bounds (const PlProblem *problem,
                       double          *lower,
                       double          *upper)
{
  g_return_if_fail (problem != NULL);

  for (guint j = 0; j < problem->d; j++)
    {
      if (lower != NULL)
        lower[j] = problem->def.lower[j];
      if (upper != NULL)
        upper[j] = problem->def.upper[j];
    }
}

guint
pl_problem_get_n_params (const PlProblem *problem)
{
  g_return_val_if_fail (problem != NULL, 0);
  return problem->n_params;
}

const char *
pl_problem_get_param_name (const PlProblem *problem,
                           guint            index)
{
  g_return_val_if_fail (problem != NULL && index < problem->n_params, NULL);
  return problem->def.params[index].name;
}

double
pl_problem_get_param_value (const PlProblem *problem,
                            guint            index)
{
  g_return_val_if_fail (problem != NULL && index < problem->n_params, NAN);
  return problem->def.params[index].value;
}

const PlJetSpec *
pl_problem_get_jet_spec (const PlProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);
  return &problem->spec;
}

gboolean
pl_problem_has_exact (const PlProblem *problem)
{
  g_return_val_if_fail (problem != NULL, FALSE);
  return problem->ref != PL_REF_NONE;
}

const char *
pl_problem_get_reference (const PlProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);
  return problem->ref == PL_REF_NONE || problem->ref == PL_REF_CLOSED_FORM
         ? NULL : problem->def.reference;
}

gboolean
pl_problem_has_transform (const PlProblem *problem)
{
  g_return_val_if_fail (problem != NULL, FALSE);
  return problem->has_transform;
}

gboolean
pl_problem_get_hard_constraints (const PlProblem *problem)
{
  g_return_val_if_fail (problem != NULL, FALSE);
  return problem->hard;
}

gboolean
pl_problem_transform_active (const PlProblem *problem)
{
  g_return_val_if_fail (problem != NULL, FALSE);
  return problem->hard && problem->has_transform;
}

guint
pl_problem_get_eval_points (const PlProblem *problem)
{
  static const guint defaults[PL_PROBLEM_MAX_INPUTS + 1] = { 0, 201, 101, 31 };

  g_return_val_if_fail (problem != NULL, 0);
  return problem->def.eval_points ? problem->def.eval_points : defaults[problem->d];
}

guint
pl_problem_get_n_terms (const PlProblem *problem)
{
  g_return_val_if_fail (problem != NULL, 0);
  return problem->n_active;
}

static const PlProblemTermDef *
term_def (const PlProblem *problem,
          guint            term)
{
  return &problem->def.terms[problem->active[term]];
}

const char *
pl_problem_term_name (const PlProblem *problem,
                      guint            term)
{
  g_return_val_if_fail (problem != NULL && term < problem->n_active, NULL);
  return term_def (problem, term)->name;
}

PlTermKind
pl_problem_term_kind (const PlProblem *problem,
                      guint            term)
{
  g_return_val_if_fail (problem != NULL && term < problem->n_active, PL_TERM_INTERIOR);
  return term_def (problem, term)->kind;
}

double
pl_problem_term_weight (const PlProblem *problem,
                        guint            term)
{
  g_return_val_if_fail (problem != NULL && term < problem->n_active, 0);
  return term_def (problem, term)->weight;
}

guint
pl_problem_term_default_points (const PlProblem *problem,
                                guint            term)
{
  g_return_val_if_fail (problem != NULL && term < problem->n_active, 0);
  return term_def (problem, term)->n_points;
}

guint
pl_problem_term_n_equations (const PlProblem *problem,
                             guint            term)
{
  g_return_val_if_fail (problem != NULL && term < problem->n_active, 0);
  return problem->terms[problem->active[term]].n_eq;
}

gboolean
pl_problem_term_face (const PlProblem *problem,
                      guint            term,
                      guint           *axis,
                      gboolean        *upper)
{
  const PlProblemTerm *t;

  g_return_val_if_fail (problem != NULL && term < problem->n_active, FALSE);

  t = &problem->terms[problem->active[term]];
  if (t->face_axis < 0)
    return FALSE;
  if (axis != NULL)
    *axis = (guint) t->face_axis;
  if (upper != NULL)
    *upper = t->face_upper;
  return TRUE;
}

gint
pl_problem_find_term (const PlProblem *problem,
                      const char      *name)
{
  g_return_val_if_fail (problem != NULL && name != NULL, -1);

  for (guint i = 0; i < problem->n_active; i++)
    if (g_str_equal (term_def (problem, i)->name, name))
      return (gint) i;
  return -1;
}
