/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-optim.h"
#include "pl-optim-private.h"
#include "pl-error.h"

#include <math.h>

/* Configs and plans as JSON. Every error message starts with the field's path ("beta1: ...",
 * "schedule.lr = ..."), so a caller nesting these objects only prefixes its own path
 * (g_prefix_error (e, "config.")). */

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

gboolean
_pl_optim_read_double (JsonNode    *node,
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

gboolean
_pl_optim_read_uint64 (JsonNode    *node,
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
      return _pl_optim_read_double (node, field->name, p, error);
    case FIELD_UINT64:
      return _pl_optim_read_uint64 (node, field->name, G_MAXINT64, p, error);
    case FIELD_UINT:
      if (!_pl_optim_read_uint64 (node, field->name, G_MAXUINT, &u, error))
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

const char *
_pl_optim_read_string (JsonNode    *node,
                       const char  *name,
                       GError     **error)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  g_set_error (error, PL_ERROR, PL_ERROR_PARSE, "%s: expected a string", name);
  return NULL;
}

JsonObject *
_pl_optim_require_object (JsonNode    *node,
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

  if (!(obj = _pl_optim_require_object (node, "schedule", error)))
    return FALSE;
  if ((kind_node = json_object_get_member (obj, "kind")) != NULL)
    {
      const char *name = _pl_optim_read_string (kind_node, "schedule.kind", error);

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

  if (!(obj = _pl_optim_require_object (node, "optimizer config", error)))
    return FALSE;
  if ((member = json_object_get_member (obj, "kind")) != NULL)
    {
      const char *name = _pl_optim_read_string (member, "kind", error);

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

  if (!(obj = _pl_optim_require_object (node, "optimizer plan", error)))
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
          if (!_pl_optim_read_uint64 (member, "switch_step", G_MAXINT64, &switch_step, error))
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
