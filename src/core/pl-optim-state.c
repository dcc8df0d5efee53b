/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-optim.h"
#include "pl-optim-private.h"
#include "pl-error.h"

#include <math.h>

/* Checkpoints: the optimiser's complete state as JSON. Field readers and the config format are
 * in pl-optim-json.c; errors start with the field's path, as there. */

#define STATE_FORMAT  "plateau-optimizer-state"
#define STATE_VERSION 1

static void
add_double_array (JsonBuilder  *b,
                  const char   *name,
                  const double *v,
                  gsize         n)
{
  if (name != NULL)
    json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (gsize i = 0; i < n; i++)
    json_builder_add_double_value (b, v[i]);
  json_builder_end_array (b);
}

JsonNode *
pl_optimizer_save_state (const PlOptimizer *opt)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (opt != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, STATE_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, STATE_VERSION);
  json_builder_set_member_name (b, "config");
  json_builder_add_value (b, pl_optimizer_config_to_json (&opt->cfg));
  json_builder_set_member_name (b, "n_params");
  json_builder_add_int_value (b, (gint64) opt->n);
  json_builder_set_member_name (b, "step");
  json_builder_add_int_value (b, (gint64) opt->step);
  json_builder_set_member_name (b, "n_evaluations");
  json_builder_add_int_value (b, (gint64) opt->n_evals);
  add_double_array (b, "lr_scale", opt->lr_scale, opt->n);

  switch (opt->cfg.kind)
    {
    case PL_OPTIMIZER_ADAM:
      add_double_array (b, "adam_m", opt->m, opt->n);
      add_double_array (b, "adam_v", opt->v, opt->n);
      json_builder_set_member_name (b, "adam_t");
      json_builder_begin_array (b);
      for (gsize i = 0; i < opt->n; i++)
        json_builder_add_int_value (b, (gint64) opt->t[i]);
      json_builder_end_array (b);
      break;
    case PL_OPTIMIZER_SGD:
      if (opt->velocity != NULL)
        add_double_array (b, "sgd_velocity", opt->velocity, opt->n);
      break;
    case PL_OPTIMIZER_LBFGS:
      json_builder_set_member_name (b, "lbfgs_s");
      json_builder_begin_array (b);
      for (guint j = 0; j < opt->count; j++)
        add_double_array (b, NULL, _pl_lbfgs_pair_s (opt, j), opt->n);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "lbfgs_y");
      json_builder_begin_array (b);
      for (guint j = 0; j < opt->count; j++)
        add_double_array (b, NULL, _pl_lbfgs_pair_y (opt, j), opt->n);
      json_builder_end_array (b);
      break;
    default:
      g_assert_not_reached ();
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static JsonNode *
require_member (JsonObject  *obj,
                const char  *name,
                GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL)
    g_set_error (error, PL_ERROR, PL_ERROR_PARSE, "%s: missing", name);
  return node;
}

static JsonArray *
require_array (JsonNode    *node,
               const char  *name,
               gsize        length,
               GError     **error)
{
  JsonArray *arr;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_PARSE, "%s: expected an array", name);
      return NULL;
    }
  arr = json_node_get_array (node);
  if (json_array_get_length (arr) != length)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "%s: has %u entries, expected %" G_GSIZE_FORMAT, name,
                   json_array_get_length (arr), length);
      return NULL;
    }
  return arr;
}

/* n finite doubles, each >= @min (use -INFINITY for no bound). */
static gboolean
read_double_array (JsonNode    *node,
                   const char  *name,
                   gsize        n,
                   double       min,
                   double      *out,
                   GError     **error)
{
  JsonArray *arr = require_array (node, name, n, error);

  if (arr == NULL)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *entry = g_strdup_printf ("%s[%" G_GSIZE_FORMAT "]", name, i);

      if (!_pl_optim_read_double (json_array_get_element (arr, i), entry, &out[i], error))
        return FALSE;
      if (!isfinite (out[i]) || out[i] < min)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "%s = %g must be finite and >= %g", entry, out[i], min);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_members (JsonObject          *obj,
               const char * const  *allowed,
               const char          *kind,
               GError             **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &name, &member))
    if (!g_strv_contains (allowed, name))
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "%s: unknown field in the state of a%s %s optimizer", name,
                     g_str_equal (kind, "adam") ? "n" : "", kind);
        return FALSE;
      }
  return TRUE;
}

static gboolean
restore_lbfgs (PlOptimizer  *opt,
               JsonObject   *obj,
               GError      **error)
{
  JsonNode *sn, *yn;
  JsonArray *sa, *ya;
  guint count;

  if (!(sn = require_member (obj, "lbfgs_s", error)) ||
      !(yn = require_member (obj, "lbfgs_y", error)))
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (sn))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_PARSE, "lbfgs_s: expected an array");
      return FALSE;
    }
  count = json_array_get_length (json_node_get_array (sn));
  if (count > opt->cfg.history)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "lbfgs_s: has %u pairs, more than history = %u", count, opt->cfg.history);
      return FALSE;
    }
  if (!(sa = require_array (sn, "lbfgs_s", count, error)) ||
      !(ya = require_array (yn, "lbfgs_y", count, error)))
    return FALSE;

  /* dir and gm are scratch until the next step. */
  for (guint j = 0; j < count; j++)
    {
      g_autofree char *sname = g_strdup_printf ("lbfgs_s[%u]", j);
      g_autofree char *yname = g_strdup_printf ("lbfgs_y[%u]", j);
      double sy;

      if (!read_double_array (json_array_get_element (sa, j), sname, opt->n, -INFINITY,
                              opt->dir, error) ||
          !read_double_array (json_array_get_element (ya, j), yname, opt->n, -INFINITY,
                              opt->gm, error))
        return FALSE;
      for (gsize i = 0; i < opt->n; i++)
        if (opt->lr_scale[i] == 0.0 && (opt->dir[i] != 0.0 || opt->gm[i] != 0.0))
          {
            g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                         "%s[%" G_GSIZE_FORMAT "]: nonzero for a frozen parameter", sname, i);
            return FALSE;
          }
      sy = _pl_optim_dot (opt->n, opt->dir, opt->gm);
      if (!(sy > 0.0))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "%s: s^T y = %g with %s must be > 0", sname, sy, yname);
          return FALSE;
        }
      _pl_lbfgs_push_pair (opt, opt->dir, opt->gm);
    }
  return TRUE;
}

static gboolean
restore_kind (PlOptimizer  *opt,
              JsonObject   *obj,
              GError      **error)
{
  JsonNode *node;
  JsonArray *arr;

  switch (opt->cfg.kind)
    {
    case PL_OPTIMIZER_ADAM:
      if (!(node = require_member (obj, "adam_m", error)) ||
          !read_double_array (node, "adam_m", opt->n, -INFINITY, opt->m, error) ||
          !(node = require_member (obj, "adam_v", error)) ||
          !read_double_array (node, "adam_v", opt->n, 0.0, opt->v, error) ||
          !(node = require_member (obj, "adam_t", error)) ||
          !(arr = require_array (node, "adam_t", opt->n, error)))
        return FALSE;
      for (gsize i = 0; i < opt->n; i++)
        {
          g_autofree char *entry = g_strdup_printf ("adam_t[%" G_GSIZE_FORMAT "]", i);

          /* A parameter cannot have had more updates than the optimiser took steps. */
          if (!_pl_optim_read_uint64 (json_array_get_element (arr, i), entry, opt->step, &opt->t[i],
                            error))
            return FALSE;
        }
      return TRUE;
    case PL_OPTIMIZER_SGD:
      if (opt->velocity == NULL)
        {
          if (json_object_has_member (obj, "sgd_velocity"))
            {
              g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "sgd_velocity: present, but SGD without momentum has none");
              return FALSE;
            }
          return TRUE;
        }
      return (node = require_member (obj, "sgd_velocity", error)) != NULL &&
             read_double_array (node, "sgd_velocity", opt->n, -INFINITY, opt->velocity, error);
    case PL_OPTIMIZER_LBFGS:
      return restore_lbfgs (opt, obj, error);
    default:
      g_assert_not_reached ();
    }
}

PlOptimizer *
pl_optimizer_new_from_state (JsonNode  *state,
                             GError   **error)
{
  static const char * const adam_fields[] = {
    "format", "version", "config", "n_params", "step", "n_evaluations", "lr_scale",
    "adam_m", "adam_v", "adam_t", NULL
  };
  static const char * const sgd_fields[] = {
    "format", "version", "config", "n_params", "step", "n_evaluations", "lr_scale",
    "sgd_velocity", NULL
  };
  static const char * const lbfgs_fields[] = {
    "format", "version", "config", "n_params", "step", "n_evaluations", "lr_scale",
    "lbfgs_s", "lbfgs_y", NULL
  };
  const char * const *allowed[] = { adam_fields, sgd_fields, lbfgs_fields };
  g_autoptr(PlOptimizer) opt = NULL;
  PlOptimizerConfig cfg;
  JsonObject *obj;
  JsonNode *node;
  const char *format;
  guint64 version, n;

  g_return_val_if_fail (state != NULL, NULL);

  if (!(obj = _pl_optim_require_object (state, "optimizer state", error)))
    return NULL;
  if (!(node = require_member (obj, "format", error)) ||
      !(format = _pl_optim_read_string (node, "format", error)))
    return NULL;
  if (!g_str_equal (format, STATE_FORMAT))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "format: '%s' is not '" STATE_FORMAT "'", format);
      return NULL;
    }
  if (!(node = require_member (obj, "version", error)) ||
      !_pl_optim_read_uint64 (node, "version", G_MAXINT64, &version, error))
    return NULL;
  if (version != STATE_VERSION)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                   "version: %" G_GUINT64_FORMAT " is not supported (this build reads %d)",
                   version, STATE_VERSION);
      return NULL;
    }
  if (!(node = require_member (obj, "config", error)))
    return NULL;
  if (!pl_optimizer_config_from_json (node, &cfg, error))
    {
      g_prefix_error (error, "config.");
      return NULL;
    }
  if (!check_members (obj, allowed[cfg.kind], pl_optimizer_kind_to_string (cfg.kind), error))
    return NULL;
  if (!(node = require_member (obj, "n_params", error)) ||
      !_pl_optim_read_uint64 (node, "n_params", G_MAXINT64, &n, error))
    return NULL;
  if (n == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "n_params = 0 must be >= 1");
      return NULL;
    }
  /* Check the size against the data before allocating n of anything. */
  if (!(node = require_member (obj, "lr_scale", error)) ||
      !require_array (node, "lr_scale", (gsize) n, error))
    return NULL;
  if (!(opt = pl_optimizer_new (&cfg, (gsize) n, error)))
    return NULL;
  if (!(node = require_member (obj, "step", error)) ||
      !_pl_optim_read_uint64 (node, "step", G_MAXINT64, &opt->step, error) ||
      !(node = require_member (obj, "n_evaluations", error)) ||
      !_pl_optim_read_uint64 (node, "n_evaluations", G_MAXINT64, &opt->n_evals, error) ||
      !(node = require_member (obj, "lr_scale", error)) ||
      !read_double_array (node, "lr_scale", opt->n, 0.0, opt->lr_scale, error))
    return NULL;
  if (!restore_kind (opt, obj, error))
    return NULL;
  return g_steal_pointer (&opt);
}
