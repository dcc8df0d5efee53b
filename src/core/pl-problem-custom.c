/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * User definitions: copying a PlProblemDef into storage the problem owns, the structural
 * checks that need no expression (names, bounds, faces, counts), and the enum names.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-problem.h"
#include "pl-error.h"
#include "pl-problem-private.h"

#include <math.h>
#include <string.h>

static const char *
copy_str (GStringChunk *strings,
          const char   *s)
{
  return s != NULL ? g_string_chunk_insert (strings, s) : NULL;
}

guint
_pl_problem_term_def_n_equations (const PlProblemTermDef *term)
{
  guint n = 0;

  while (n < PL_PROBLEM_MAX_EQUATIONS && term->equations[n] != NULL)
    n++;
  return n;
}

void
_pl_problem_def_copy (const PlProblemDef *src,
                      GStringChunk       *strings,
                      PlProblemDef       *dst)
{
  memset (dst, 0, sizeof *dst);
  dst->name = copy_str (strings, src->name);
  dst->title = copy_str (strings, src->title);
  dst->description = copy_str (strings, src->description);
  dst->axes = copy_str (strings, src->axes);
  memcpy (dst->lower, src->lower, sizeof dst->lower);
  memcpy (dst->upper, src->upper, sizeof dst->upper);
  for (guint o = 0; o < PL_PROBLEM_MAX_OUTPUTS && src->outputs[o] != NULL; o++)
    dst->outputs[o] = copy_str (strings, src->outputs[o]);
  if (dst->outputs[0] == NULL)
    dst->outputs[0] = copy_str (strings, "u");
  for (guint i = 0; i < PL_PROBLEM_MAX_PARAMS && src->params[i].name != NULL; i++)
    {
      dst->params[i].name = copy_str (strings, src->params[i].name);
      dst->params[i].value = src->params[i].value;
    }
  for (guint i = 0; i < PL_PROBLEM_MAX_DERIVED && src->derived[i].name != NULL; i++)
    {
      dst->derived[i].name = copy_str (strings, src->derived[i].name);
      dst->derived[i].expr = copy_str (strings, src->derived[i].expr);
    }
  for (guint i = 0; i < PL_PROBLEM_MAX_FORCING && src->forcing[i].name != NULL; i++)
    {
      dst->forcing[i].name = copy_str (strings, src->forcing[i].name);
      dst->forcing[i].expr = copy_str (strings, src->forcing[i].expr);
    }
  for (guint t = 0; t < PL_PROBLEM_MAX_TERMS && src->terms[t].name != NULL; t++)
    {
      const PlProblemTermDef *s = &src->terms[t];
      PlProblemTermDef *d = &dst->terms[t];

      d->name = copy_str (strings, s->name);
      d->kind = s->kind;
      d->face = copy_str (strings, s->face);
      for (guint q = 0; q < _pl_problem_term_def_n_equations (s); q++)
        d->equations[q] = copy_str (strings, s->equations[q]);
      d->weight = s->weight;
      d->n_points = s->n_points;
      d->hard = s->hard;
    }
  for (guint o = 0; o < PL_PROBLEM_MAX_OUTPUTS; o++)
    {
      dst->exact[o] = copy_str (strings, src->exact[o]);
      dst->transform_a[o] = copy_str (strings, src->transform_a[o]);
      dst->transform_b[o] = copy_str (strings, src->transform_b[o]);
    }
  dst->reference = copy_str (strings, src->reference);
  dst->eval_points = src->eval_points;
}

guint
_pl_problem_def_count (const PlProblemDef *def,
                       const char         *what)
{
  guint n = 0;

  if (g_str_equal (what, "outputs"))
    while (n < PL_PROBLEM_MAX_OUTPUTS && def->outputs[n] != NULL)
      n++;
  else if (g_str_equal (what, "params"))
    while (n < PL_PROBLEM_MAX_PARAMS && def->params[n].name != NULL)
      n++;
  else if (g_str_equal (what, "derived"))
    while (n < PL_PROBLEM_MAX_DERIVED && def->derived[n].name != NULL)
      n++;
  else if (g_str_equal (what, "forcing"))
    while (n < PL_PROBLEM_MAX_FORCING && def->forcing[n].name != NULL)
      n++;
  else if (g_str_equal (what, "terms"))
    while (n < PL_PROBLEM_MAX_TERMS && def->terms[n].name != NULL)
      n++;
  else
    g_assert_not_reached ();
  return n;
}

static gboolean
is_identifier (const char *s,
               gboolean    allow_underscore)
{
  if (s == NULL || !g_ascii_isalpha (s[0]))
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && !(allow_underscore && *p == '_'))
      return FALSE;
  return TRUE;
}

gboolean
_pl_problem_parse_face (const char  *face,
                        const char  *axes,
                        PlTermKind   kind,
                        gint        *axis,
                        gboolean    *upper,
                        GError     **error)
{
  g_autofree char *text = NULL;
  char *eq;
  const char *side = NULL, *where;

  *axis = -1;
  *upper = FALSE;
  if (kind == PL_TERM_INTERIOR)
    {
      if (face != NULL && face[0] != '\0')
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "face \"%s\" given for an interior term, which covers the whole box",
                       face);
          return FALSE;
        }
      return TRUE;
    }
  if (kind == PL_TERM_INITIAL && (face == NULL || face[0] == '\0'))
    {
      where = strchr (axes, 't');
      if (where == NULL && strlen (axes) != 1)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "initial term without a face, but the axes \"%s\" have no 't'; "
                       "give face \"AXIS=lower\"", axes);
          return FALSE;
        }
      *axis = where != NULL ? (gint) (where - axes) : 0;
      return TRUE;
    }
  if (face == NULL || face[0] == '\0')
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "a %s term needs a face (%s)", pl_term_kind_to_string (kind),
                   kind == PL_TERM_PERIODIC ? "an axis letter, e.g. \"x\""
                                            : "\"AXIS=lower\" or \"AXIS=upper\", e.g. \"x=lower\"");
      return FALSE;
    }

  text = g_strdup (face);
  g_strstrip (text);
  eq = strchr (text, '=');
  if (eq != NULL)
    {
      *eq = '\0';
      g_strchomp (text);
      side = g_strchug (eq + 1);
    }
  if (strlen (text) != 1 || (where = strchr (axes, text[0])) == NULL || text[0] == '\0')
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "face \"%s\": unknown axis; the axes are \"%s\"", face, axes);
      return FALSE;
    }
  *axis = (gint) (where - axes);
  if (kind == PL_TERM_PERIODIC)
    {
      if (side != NULL)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "face \"%s\": a periodic term joins both faces of an axis; give just "
                       "the axis letter, e.g. \"%c\"", face, text[0]);
          return FALSE;
        }
      return TRUE;
    }
  if (side == NULL || (!g_str_equal (side, "lower") && !g_str_equal (side, "upper")))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "face \"%s\": expected \"%c=lower\" or \"%c=upper\"", face, text[0],
                   text[0]);
      return FALSE;
    }
  *upper = g_str_equal (side, "upper");
  if (kind == PL_TERM_INITIAL && *upper)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "face \"%s\": an initial term lies on the lower face", face);
      return FALSE;
    }
  return TRUE;
}

static gboolean
fail (GError     **error,
      const char  *problem,
      const char  *field,
      const char  *format,
      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (GError     **error,
      const char  *problem,
      const char  *field,
      const char  *format,
      ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "problem '%s': %s: %s",
               problem, field, msg);
  return FALSE;
}

gboolean
_pl_problem_def_check (const PlProblemDef *def,
                       const char         *name,
                       GError            **error)
{
  guint d, m = _pl_problem_def_count (def, "outputs");
  guint n_terms = _pl_problem_def_count (def, "terms");
  guint n_interior = 0, n_exact = 0, n_transform = 0;
  gboolean any_hard = FALSE;

  if (def->axes == NULL || (d = strlen (def->axes)) < 1 || d > PL_PROBLEM_MAX_INPUTS)
    return fail (error, name, "axes", "\"%s\" must name 1 to %d axes, one letter each "
                 "(e.g. \"t\", \"x\", \"xt\", \"xy\")", def->axes ? def->axes : "(null)",
                 PL_PROBLEM_MAX_INPUTS);
  for (guint j = 0; j < d; j++)
    if (def->axes[j] < 'a' || def->axes[j] > 'z' || strchr (def->axes + j + 1, def->axes[j]))
      return fail (error, name, "axes", "\"%s\" must be distinct lower-case letters",
                   def->axes);
  for (guint j = 0; j < d; j++)
    {
      char field[32];

      g_snprintf (field, sizeof field, "lower[%u]", j);
      if (!isfinite (def->lower[j]) || !isfinite (def->upper[j]))
        return fail (error, name, field, "the bounds of axis '%c' must be finite, not "
                     "[%g, %g]", def->axes[j], def->lower[j], def->upper[j]);
      if (!(def->lower[j] < def->upper[j]))
        return fail (error, name, field, "lower bound %g of axis '%c' must be below its "
                     "upper bound %g", def->lower[j], def->axes[j], def->upper[j]);
    }
  for (guint o = 0; o < m; o++)
    {
      char field[32];

      g_snprintf (field, sizeof field, "outputs[%u]", o);
      if (!is_identifier (def->outputs[o], FALSE))
        return fail (error, name, field, "\"%s\" is not a field name (a letter followed by "
                     "letters or digits, no '_')", def->outputs[o]);
      if (strlen (def->outputs[o]) == 1 && strchr (def->axes, def->outputs[o][0]))
        return fail (error, name, field, "\"%s\" is also an axis", def->outputs[o]);
      for (guint p = 0; p < o; p++)
        if (g_str_equal (def->outputs[o], def->outputs[p]))
          return fail (error, name, field, "\"%s\" is named twice", def->outputs[o]);
    }
  for (guint i = 0; i < _pl_problem_def_count (def, "params"); i++)
    {
      char field[64];

      g_snprintf (field, sizeof field, "params[%u] ('%s')", i, def->params[i].name);
      if (!isfinite (def->params[i].value))
        return fail (error, name, field, "value %g is not finite", def->params[i].value);
    }
  for (guint i = 0; i < _pl_problem_def_count (def, "derived"); i++)
    if (def->derived[i].expr == NULL)
      return fail (error, name, "derived", "'%s' has no expression", def->derived[i].name);
  for (guint i = 0; i < _pl_problem_def_count (def, "forcing"); i++)
    if (def->forcing[i].expr == NULL)
      return fail (error, name, "forcing", "'%s' has no expression", def->forcing[i].name);

  if (n_terms == 0)
    return fail (error, name, "terms", "no terms; a problem needs at least an interior "
                 "residual");
  for (guint t = 0; t < n_terms; t++)
    {
      const PlProblemTermDef *term = &def->terms[t];
      g_autofree char *field = g_strdup_printf ("terms[%u] ('%s')", t, term->name);
      guint n_eq = _pl_problem_term_def_n_equations (term);
      gint axis;
      gboolean upper;
      GError *local = NULL;

      if ((guint) term->kind > PL_TERM_PERIODIC)
        return fail (error, name, field, "kind %d is not a term kind (interior, boundary, "
                     "initial, periodic)", term->kind);
      if (term->name[0] == '\0')
        return fail (error, name, field, "empty name");
      for (guint s = 0; s < t; s++)
        if (g_str_equal (term->name, def->terms[s].name))
          return fail (error, name, field, "the name is used by terms[%u] too", s);
      if (n_eq == 0)
        return fail (error, name, field, "no equations; a term needs at least one");
      for (guint q = 0; q < n_eq; q++)
        {
          const char *p = term->equations[q];

          while (g_ascii_isspace (*p))
            p++;
          if (*p == '\0')
            return fail (error, name, field, "equations[%u] is empty", q);
        }
      if (!isfinite (term->weight) || term->weight < 0)
        return fail (error, name, field, "weight %g must be finite and >= 0", term->weight);
      if (!_pl_problem_parse_face (term->face, def->axes, term->kind, &axis, &upper, &local))
        {
          fail (error, name, field, "%s", local->message);
          g_error_free (local);
          return FALSE;
        }
      if (term->kind == PL_TERM_INTERIOR)
        n_interior++;
      any_hard |= term->hard;
    }
  if (n_interior == 0)
    return fail (error, name, "terms", "no interior term; a problem needs a residual");

  for (guint o = 0; o < PL_PROBLEM_MAX_OUTPUTS; o++)
    {
      if (o >= m && (def->exact[o] != NULL || def->transform_a[o] != NULL ||
                     def->transform_b[o] != NULL))
        return fail (error, name, "exact/transform", "entry %u given, but the problem has "
                     "%u output(s)", o, m);
      if (o < m && def->exact[o] != NULL)
        n_exact++;
      if (o < m && (def->transform_a[o] != NULL || def->transform_b[o] != NULL))
        n_transform++;
    }
  if (n_exact != 0 && n_exact != m)
    return fail (error, name, "exact", "closed forms for %u of %u outputs; give all or none",
                 n_exact, m);
  if (n_exact != 0 && def->reference != NULL)
    return fail (error, name, "reference", "\"%s\" given together with closed forms; give "
                 "one of them", def->reference);
  if (any_hard && n_transform == 0)
    return fail (error, name, "terms", "a term is marked hard, but there is no transform "
                 "(transform_a, transform_b) to satisfy it");
  return TRUE;
}

/* --- names --------------------------------------------------------------------------- */

static const char *const term_kind_names[] = { "interior", "boundary", "initial", "periodic" };
static const char *const sampler_kind_names[] = { "uniform", "latin-hypercube", "sobol",
                                                  "grid" };

const char *
pl_term_kind_to_string (PlTermKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (term_kind_names), "?");
  return term_kind_names[kind];
}

gboolean
pl_term_kind_from_string (const char  *name,
                          PlTermKind  *kind,
                          GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (term_kind_names); i++)
    if (name != NULL && g_ascii_strcasecmp (name, term_kind_names[i]) == 0)
      {
        *kind = (PlTermKind) i;
        return TRUE;
      }
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "unknown term kind \"%s\"; known are interior, boundary, initial, periodic",
               name ? name : "(null)");
  return FALSE;
}

const char *
pl_sampler_kind_to_string (PlSamplerKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (sampler_kind_names), "?");
  return sampler_kind_names[kind];
}

gboolean
pl_sampler_kind_from_string (const char     *name,
                             PlSamplerKind  *kind,
                             GError        **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (sampler_kind_names); i++)
    if (name != NULL && g_ascii_strcasecmp (name, sampler_kind_names[i]) == 0)
      {
        *kind = (PlSamplerKind) i;
        return TRUE;
      }
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "unknown sampler \"%s\"; known are uniform, latin-hypercube, sobol, grid",
               name ? name : "(null)");
  return FALSE;
}
