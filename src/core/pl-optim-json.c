/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-optim.h"
#include "pl-optim-private.h"
#include "pl-error.h"

#include <math.h>

/* Every error message starts with the field's path ("beta1: ...", "schedule.lr = ..."), so a
 * caller nesting these objects only prefixes its own path (g_prefix_error (e, "config.")). */

#define STATE_FORMAT  "plateau-optimizer-state"
#define STATE_VERSION 1

typedef enum {
  FIELD_DOUBLE,
  FIELD_UINT64,
  FIELD_UINT,
  FIELD_BOOL,
} FieldType;

typedef struct {
  const char *name;
  FieldType   type;
  gsize       offset;
} Field;

static const Field schedule_fields[] = {
  { "lr",           FIELD_DOUBLE, G_STRUCT_OFFSET (PlSchedule, lr) },
  { "gamma",        FIELD_DOUBLE, G_STRUCT_OFFSET (PlSchedule, gamma) },
  { "decay_steps",  FIELD_UINT64, G_STRUCT_OFFSET (PlSchedule, decay_steps) },
  { "total_steps",  FIELD_UINT64, G_STRUCT_OFFSET (PlSchedule, total_steps) },
  { "lr_min",       FIELD_DOUBLE, G_STRUCT_OFFSET (PlSchedule, lr_min) },
  { "warmup_steps", FIELD_UINT64, G_STRUCT_OFFSET (PlSchedule, warmup_steps) },
};

static const Field config_fields[] = {
  { "beta1",                  FIELD_DOUBLE, G_STRUCT_OFFSET (PlOptimizerConfig, beta1) },
  { "beta2",                  FIELD_DOUBLE, G_STRUCT_OFFSET (PlOptimizerConfig, beta2) },
  { "epsilon",                FIELD_DOUBLE, G_STRUCT_OFFSET (PlOptimizerConfig, epsilon) },
  { "weight_decay",           FIELD_DOUBLE, G_STRUCT_OFFSET (PlOptimizerConfig, weight_decay) },
  { "decoupled_weight_decay", FIELD_BOOL,
    G_STRUCT_OFFSET (PlOptimizerConfig, decoupled_weight_decay) },
  { "momentum",               FIELD_DOUBLE, G_STRUCT_OFFSET (PlOptimizerConfig, momentum) },
  { "nesterov",               FIELD_BOOL,   G_STRUCT_OFFSET (PlOptimizerConfig, nesterov) },
  { "history",                FIELD_UINT,   G_STRUCT_OFFSET (PlOptimizerConfig, history) },
  { "c1",                     FIELD_DOUBLE, G_STRUCT_OFFSET (PlOptimizerConfig, c1) },
  { "c2",                     FIELD_DOUBLE, G_STRUCT_OFFSET (PlOptimizerConfig, c2) },
  { "max_evaluations",        FIELD_UINT,
    G_STRUCT_OFFSET (PlOptimizerConfig, max_evaluations) },
};

/* --- reading values ------------------------------------------------------------------ */

static gboolean
read_double (JsonNode    *node,
             const char  *name,
             double      *out,
             GError     **error)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType t = json_node_get_value_type (node);

      if (t == G_TYPE_DOUBLE)
        {
          *out = json_node_get_double (node);
          return TRUE;
        }
      if (t == G_TYPE_INT64)
        {
          *out = (double) json_node_get_int (node);
          return TRUE;
        }
    }
  g_set_error (error, PL_ERROR, PL_ERROR_PARSE, "%s: expected a number", name);
  return FALSE;
}

static gboolean
read_uint64 (JsonNode    *node,
             const char  *name,
             guint64      max,
             guint64     *out,
             GError     **error)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 v = json_node_get_int (node);

      if (v < 0 || (guint64) v > max)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "%s = %" G_GINT64_FORMAT " is outside 0 .. %" G_GUINT64_FORMAT,
                       name, v, max);
          return FALSE;
        }
      *out = (guint64) v;
      return TRUE;
    }
  /* Hand-written files say 1e4 for ten thousand; accept doubles that are exact integers. */
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d >= 0.0 && d <= 9007199254740992.0 && d == floor (d) && (guint64) d <= max)
        {
          *out = (guint64) d;
          return TRUE;
        }
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "%s = %g is not an integer in 0 .. %" G_GUINT64_FORMAT, name, d, max);
      return FALSE;
    }
  g_set_error (error, PL_ERROR, PL_ERROR_PARSE, "%s: expected a non-negative integer", name);
  return FALSE;
}

static gboolean
read_field (JsonNode     *node,
            const Field  *field,
            gpointer      base,
            GError      **error)
{
  gpointer p = G_STRUCT_MEMBER_P (base, field->offset);
  guint64 u;

  switch (field->type)
    {
    case FIELD_DOUBLE:
      return read_double (node, field->name, p, error);
    case FIELD_UINT64:
      return read_uint64 (node, field->name, G_MAXINT64, p, error);
    case FIELD_UINT:
      if (!read_uint64 (node, field->name, G_MAXUINT, &u, error))
        return FALSE;
      *(guint *) p = (guint) u;
      return TRUE;
    case FIELD_BOOL:
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        {
          *(gboolean *) p = json_node_get_boolean (node);
          return TRUE;
        }
      g_set_error (error, PL_ERROR, PL_ERROR_PARSE, "%s: expected true or false", field->name);
      return FALSE;
    default:
      g_assert_not_reached ();
    }
}

static const char *
read_string (JsonNode    *node,
             const char  *name,
             GError     **error)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  g_set_error (error, PL_ERROR, PL_ERROR_PARSE, "%s: expected a string", name);
  return NULL;
}

static JsonObject *
require_object (JsonNode    *node,
                const char  *what,
                GError     **error)
{
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);
  g_set_error (error, PL_ERROR, PL_ERROR_PARSE, "%s: expected a JSON object", what);
  return NULL;
}

/* Fill @base from the members of @obj that @fields names; @skip are handled by the caller.
 * Anything else is an unknown field, reported rather than silently dropped. */
static gboolean
read_fields (JsonObject          *obj,
             const Field         *fields,
             guint                n_fields,
             const char * const  *skip,
             gpointer             base,
             GError             **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &name, &member))
    {
      gboolean known = g_strv_contains (skip, name);

      for (guint i = 0; i < n_fields && !known; i++)
        if (g_str_equal (name, fields[i].name))
          {
            if (!read_field (member, &fields[i], base, error))
              return FALSE;
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "%s: unknown field", name);
          return FALSE;
        }
    }
  return TRUE;
}

/* --- configs ------------------------------------------------------------------------- */

static void
add_fields (JsonBuilder   *b,
            const Field   *fields,
            guint          n_fields,
            gconstpointer  base)
{
  for (guint i = 0; i < n_fields; i++)
    {
      gconstpointer p = G_STRUCT_MEMBER_P (base, fields[i].offset);

      json_builder_set_member_name (b, fields[i].name);
      switch (fields[i].type)
        {
        case FIELD_DOUBLE:
          json_builder_add_double_value (b, *(const double *) p);
          break;
        case FIELD_UINT64:
          json_builder_add_int_value (b, (gint64) *(const guint64 *) p);
          break;
        case FIELD_UINT:
          json_builder_add_int_value (b, *(const guint *) p);
          break;
        case FIELD_BOOL:
          json_builder_add_boolean_value (b, *(const gboolean *) p);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

JsonNode *
pl_optimizer_config_to_json (const PlOptimizerConfig *cfg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (cfg != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, pl_optimizer_kind_to_string (cfg->kind));
  json_builder_set_member_name (b, "schedule");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, pl_schedule_kind_to_string (cfg->schedule.kind));
  add_fields (b, schedule_fields, G_N_ELEMENTS (schedule_fields), &cfg->schedule);
  json_builder_end_object (b);
  add_fields (b, config_fields, G_N_ELEMENTS (config_fields), cfg);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
read_schedule (JsonNode    *node,
               PlSchedule  *sched,
               GError     **error)
{
  static const char * const skip[] = { "kind", NULL };
  JsonObject *obj;
  JsonNode *kind_node;

  if (!(obj = require_object (node, "schedule", error)))
    return FALSE;
  if ((kind_node = json_object_get_member (obj, "kind")) != NULL)
    {
      const char *name = read_string (kind_node, "schedule.kind", error);

      if (name == NULL)
        return FALSE;
      if (!pl_schedule_kind_from_string (name, &sched->kind, error))
        {
          g_prefix_error (error, "schedule.kind: ");
          return FALSE;
        }
    }
  if (!read_fields (obj, schedule_fields, G_N_ELEMENTS (schedule_fields), skip, sched, error))
    {
      g_prefix_error (error, "schedule.");
      return FALSE;
    }
  return TRUE;
}

gboolean
pl_optimizer_config_from_json (JsonNode           *node,
                               PlOptimizerConfig  *cfg,
                               GError            **error)
{
  static const char * const skip[] = { "kind", "schedule", NULL };
  PlOptimizerConfig c;
  PlOptimizerKind kind = PL_OPTIMIZER_ADAM;
  JsonObject *obj;
  JsonNode *member;

  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (cfg != NULL, FALSE);

  if (!(obj = require_object (node, "optimizer config", error)))
    return FALSE;
  if ((member = json_object_get_member (obj, "kind")) != NULL)
    {
      const char *name = read_string (member, "kind", error);

      if (name == NULL)
        return FALSE;
      if (!pl_optimizer_kind_from_string (name, &kind, error))
        {
          g_prefix_error (error, "kind: ");
          return FALSE;
        }
    }
  pl_optimizer_config_init (&c, kind);
  if ((member = json_object_get_member (obj, "schedule")) != NULL &&
      !read_schedule (member, &c.schedule, error))
    return FALSE;
  if (!read_fields (obj, config_fields, G_N_ELEMENTS (config_fields), skip, &c, error))
    return FALSE;
  if (!pl_optimizer_config_validate (&c, error))
    return FALSE;
  *cfg = c;
  return TRUE;
}

/* --- plans --------------------------------------------------------------------------- */

JsonNode *
pl_optimizer_plan_to_json (const PlOptimizerPlan *plan)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (plan != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "first");
  json_builder_add_value (b, pl_optimizer_config_to_json (&plan->first));
  json_builder_set_member_name (b, "switch_step");
  json_builder_add_int_value (b, (gint64) MIN (plan->switch_step, (guint64) G_MAXINT64));
  json_builder_set_member_name (b, "second");
  if (plan->has_second)
    json_builder_add_value (b, pl_optimizer_config_to_json (&plan->second));
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
pl_optimizer_plan_from_json (JsonNode         *node,
                             PlOptimizerPlan  *plan,
                             GError          **error)
{
  PlOptimizerConfig first, second;
  guint64 switch_step = 0;
  gboolean has_second = FALSE;
  JsonObject *obj;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);

  if (!(obj = require_object (node, "optimizer plan", error)))
    return FALSE;
  pl_optimizer_config_init (&first, PL_OPTIMIZER_ADAM);
  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &name, &member))
    {
      if (g_str_equal (name, "first"))
        {
          if (!pl_optimizer_config_from_json (member, &first, error))
            {
              g_prefix_error (error, "first.");
              return FALSE;
            }
        }
      else if (g_str_equal (name, "second"))
        {
          if (JSON_NODE_HOLDS_NULL (member))
            continue;
          if (!pl_optimizer_config_from_json (member, &second, error))
            {
              g_prefix_error (error, "second.");
              return FALSE;
            }
          has_second = TRUE;
        }
      else if (g_str_equal (name, "switch_step"))
        {
          if (!read_uint64 (member, "switch_step", G_MAXINT64, &switch_step, error))
            return FALSE;
        }
      else
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "%s: unknown field", name);
          return FALSE;
        }
    }
  pl_optimizer_plan_init (plan, &first, switch_step, has_second ? &second : NULL);
  return TRUE;
}

/* --- optimiser state ----------------------------------------------------------------- */

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
  PlOptimizer *o = (PlOptimizer *) opt; /* the pair accessors do not modify */

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
        add_double_array (b, NULL, _pl_lbfgs_pair_s (o, j), opt->n);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "lbfgs_y");
      json_builder_begin_array (b);
      for (guint j = 0; j < opt->count; j++)
        add_double_array (b, NULL, _pl_lbfgs_pair_y (o, j), opt->n);
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

      if (!read_double (json_array_get_element (arr, i), entry, &out[i], error))
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
          if (!read_uint64 (json_array_get_element (arr, i), entry, opt->step, &opt->t[i],
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

  if (!(obj = require_object (state, "optimizer state", error)))
    return NULL;
  if (!(node = require_member (obj, "format", error)) ||
      !(format = read_string (node, "format", error)))
    return NULL;
  if (!g_str_equal (format, STATE_FORMAT))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "format: '%s' is not '" STATE_FORMAT "'", format);
      return NULL;
    }
  if (!(node = require_member (obj, "version", error)) ||
      !read_uint64 (node, "version", G_MAXINT64, &version, error))
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
      !read_uint64 (node, "n_params", G_MAXINT64, &n, error))
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
      !read_uint64 (node, "step", G_MAXINT64, &opt->step, error) ||
      !(node = require_member (obj, "n_evaluations", error)) ||
      !read_uint64 (node, "n_evaluations", G_MAXINT64, &opt->n_evals, error) ||
      !(node = require_member (obj, "lr_scale", error)) ||
      !read_double_array (node, "lr_scale", opt->n, 0.0, opt->lr_scale, error))
    return NULL;
  if (!restore_kind (opt, obj, error))
    return NULL;
  return g_steal_pointer (&opt);
}
