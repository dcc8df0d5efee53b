/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Typed reading of experiment members, with messages that name the JSON path and what was
 * found there, and the builders' small helpers.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-experiment.h"
#include "pl-error.h"
#include "pl-experiment-private.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#define MAX_STRING (1024 * 1024)

char *
_pl_exp_path (const char *parent,
              const char *member)
{
  if (parent == NULL || parent[0] == '\0')
    return g_strdup (member);
  return g_strconcat (parent, ".", member, NULL);
}

char *
_pl_exp_describe (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("null");
  if (JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup ("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup ("an array");
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%.17g", json_node_get_double (node));
    case G_TYPE_STRING:
      {
        const char *s = json_node_get_string (node);
        glong len = g_utf8_strlen (s, -1);

        if (len <= 40)
          return g_strdup_printf ("\"%s\"", s);
        return g_strdup_printf ("\"%.*s...\" (%ld characters)",
                                (int) (g_utf8_offset_to_pointer (s, 37) - s), s, len);
      }
    default:
      return g_strdup ("a value of unknown type");
    }
}

gboolean
_pl_exp_fail (GError     **error,
              const char  *path,
              const char  *format,
              ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "%s: %s", path, msg);
  return FALSE;
}

void
_pl_exp_warn (PlExperiment *e,
              const char   *format,
              ...)
{
  va_list args;

  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  /* one line, whatever the member names hold */
  for (char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      *p = ' ';
  /* the array stays NULL-terminated for pl_experiment_get_warnings () */
  g_ptr_array_insert (e->warnings, e->warnings->len - 1, text);
}

JsonObject *
_pl_exp_object (JsonNode           *node,
                const char         *path,
                const char *const  *known,
                PlExperiment       *e,
                GError            **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  JsonObject *o;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *what = _pl_exp_describe (node);
      _pl_exp_fail (error, path, "must be an object, got %s", what);
      return NULL;
    }
  o = json_node_get_object (node);
  json_object_iter_init_ordered (&iter, o);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      gboolean found = FALSE;

      for (guint i = 0; known != NULL && known[i] != NULL && !found; i++)
        found = g_str_equal (name, known[i]);
      if (!found)
        {
          g_autofree char *p = _pl_exp_path (path, name);
          _pl_exp_warn (e, "unknown field '%s' ignored", p);
        }
    }
  return o;
}

gboolean
_pl_exp_read_bool (JsonObject  *o,
                   const char  *parent,
                   const char  *member,
                   gboolean    *out,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *p = _pl_exp_path (parent, member);
      g_autofree char *what = _pl_exp_describe (node);
      return _pl_exp_fail (error, p, "must be true or false, got %s", what);
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
_pl_exp_node_uint (JsonNode    *node,
                   const char  *path,
                   guint64      lo,
                   guint64      hi,
                   guint64     *out,
                   GError     **error)
{
  g_autofree char *what = _pl_exp_describe (node);
  double d;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 v = json_node_get_int (node);

      if (v >= 0 && (guint64) v >= lo && (guint64) v <= hi)
        {
          *out = (guint64) v;
          return TRUE;
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      /* 2e3 is an integer written as a double */
      d = json_node_get_double (node);
      if (d == floor (d) && d >= (double) lo && d <= (double) hi && d < 9007199254740992.0)
        {
          *out = (guint64) d;
          return TRUE;
        }
    }
  if (lo == 0)
    return _pl_exp_fail (error, path, "must be an integer from 0 to %" G_GUINT64_FORMAT
                         ", got %s", hi, what);
  if (lo == 1)
    return _pl_exp_fail (error, path, "must be a positive integer (at most %" G_GUINT64_FORMAT
                         "), got %s", hi, what);
  return _pl_exp_fail (error, path, "must be an integer from %" G_GUINT64_FORMAT " to %"
                       G_GUINT64_FORMAT ", got %s", lo, hi, what);
}

gboolean
_pl_exp_read_uint64 (JsonObject  *o,
                     const char  *parent,
                     const char  *member,
                     guint64      lo,
                     guint64      hi,
                     guint64     *out,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);
  g_autofree char *p = NULL;

  if (node == NULL)
    return TRUE;
  p = _pl_exp_path (parent, member);
  return _pl_exp_node_uint (node, p, lo, hi, out, error);
}

gboolean
_pl_exp_read_uint (JsonObject  *o,
                   const char  *parent,
                   const char  *member,
                   guint64      lo,
                   guint64      hi,
                   guint       *out,
                   GError     **error)
{
  guint64 v = *out;

  g_return_val_if_fail (hi <= G_MAXUINT, FALSE);
  if (!_pl_exp_read_uint64 (o, parent, member, lo, hi, &v, error))
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

gboolean
_pl_exp_node_double (JsonNode    *node,
                     const char  *path,
                     double      *out,
                     GError     **error)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = (double) json_node_get_int (node);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE &&
      isfinite (json_node_get_double (node)))
    {
      *out = json_node_get_double (node);
      return TRUE;
    }
  {
    g_autofree char *what = _pl_exp_describe (node);
    return _pl_exp_fail (error, path, "must be a finite number, got %s", what);
  }
}

gboolean
_pl_exp_read_double (JsonObject  *o,
                     const char  *parent,
                     const char  *member,
                     double      *out,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);
  g_autofree char *p = NULL;

  if (node == NULL)
    return TRUE;
  p = _pl_exp_path (parent, member);
  return _pl_exp_node_double (node, p, out, error);
}

char *
_pl_exp_strdup (PlExperiment *e,
                const char   *s)
{
  return s != NULL ? g_string_chunk_insert (e->strings, s) : NULL;
}

gboolean
_pl_exp_node_string (PlExperiment *e,
                     JsonNode     *node,
                     const char   *path,
                     gboolean      allow_null,
                     const char  **out,
                     GError      **error)
{
  const char *s;

  if (allow_null && JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *what = _pl_exp_describe (node);
      return _pl_exp_fail (error, path, "must be a string%s, got %s",
                           allow_null ? " or null" : "", what);
    }
  s = json_node_get_string (node);
  if (strlen (s) > MAX_STRING)
    return _pl_exp_fail (error, path, "is longer than the limit of %d bytes", MAX_STRING);
  *out = _pl_exp_strdup (e, s);
  return TRUE;
}

gboolean
_pl_exp_read_string (PlExperiment *e,
                     JsonObject   *o,
                     const char   *parent,
                     const char   *member,
                     gboolean      allow_null,
                     const char  **out,
                     GError      **error)
{
  JsonNode *node = json_object_get_member (o, member);
  g_autofree char *p = NULL;

  if (node == NULL)
    return TRUE;
  p = _pl_exp_path (parent, member);
  return _pl_exp_node_string (e, node, p, allow_null, out, error);
}

JsonArray *
_pl_exp_array (JsonNode    *node,
               const char  *path,
               guint        max,
               GError     **error)
{
  JsonArray *a;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *what = _pl_exp_describe (node);
      _pl_exp_fail (error, path, "must be an array, got %s", what);
      return NULL;
    }
  a = json_node_get_array (node);
  if (json_array_get_length (a) > max)
    {
      _pl_exp_fail (error, path, "has %u elements, more than the limit of %u",
                    json_array_get_length (a), max);
      return NULL;
    }
  return a;
}

void
_pl_exp_add_string (JsonBuilder *b,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
_pl_exp_add_double (JsonBuilder *b,
                    const char  *member,
                    double       value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_double_value (b, value);
}

void
_pl_exp_add_int (JsonBuilder *b,
                 const char  *member,
                 gint64       value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

void
_pl_exp_add_bool (JsonBuilder *b,
                  const char  *member,
                  gboolean     value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_boolean_value (b, value);
}
