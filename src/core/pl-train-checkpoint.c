/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-train-checkpoint.c: trainer checkpoints as JSON, written atomically, loaded all or
 * nothing.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-train.h"
#include "pl-train-private.h"
#include "pl-error.h"
#include "pl-json.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#define CHECKPOINT_FORMAT "plateau-checkpoint"
#define CHECKPOINT_VERSION 1

static void
add_doubles (JsonBuilder  *b,
             const char   *name,
             const double *v,
             gsize         n)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (gsize i = 0; i < n; i++)
    if (isfinite (v[i]))
      json_builder_add_double_value (b, v[i]);
    else
      json_builder_add_null_value (b);
  json_builder_end_array (b);
}

static void
add_record (JsonBuilder         *b,
            const PlTrainRecord *r,
            guint                nt)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "step");
  json_builder_add_int_value (b, (gint64) r->step);
  add_doubles (b, "loss", &r->loss, 1);
  add_doubles (b, "components", r->components, nt);
  add_doubles (b, "weights", r->weights, nt);
  add_doubles (b, "grad_norm", r->grad_norm, PL_N_BLOCKS);
  add_doubles (b, "rel_l2", &r->rel_l2, 1);
  add_doubles (b, "lr", &r->lr, 1);
  add_doubles (b, "seconds", &r->seconds, 1);
  add_doubles (b, "causal_epsilon", &r->causal_epsilon, 1);
  add_doubles (b, "causal_min_weight", &r->causal_min_weight, 1);
  json_builder_set_member_name (b, "optimizer");
  json_builder_add_int_value (b, r->optimizer);
  json_builder_end_object (b);
}

gboolean
pl_trainer_save_checkpoint (PlTrainer   *t,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  guint nt = pl_loss_n_terms (t->loss);
  double weights[PL_PROBLEM_MAX_TERMS];

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, CHECKPOINT_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, CHECKPOINT_VERSION);
  json_builder_set_member_name (b, "step");
  json_builder_add_int_value (b, (gint64) t->step);
  json_builder_set_member_name (b, "phase");
  json_builder_add_int_value (b, t->phase);
  add_doubles (b, "first_loss", &t->first_loss, 1);
  json_builder_set_member_name (b, "causal_stage");
  json_builder_add_int_value (b, t->causal_stage);
  json_builder_set_member_name (b, "n_params");
  json_builder_add_int_value (b, (gint64) t->np);
  add_doubles (b, "params", t->params, t->np);
  json_builder_set_member_name (b, "optimizer_state");
  json_builder_add_value (b, pl_optimizer_save_state (t->opt));
  for (guint k = 0; k < nt; k++)
    weights[k] = pl_loss_get_weight (t->loss, k);
  add_doubles (b, "weights", weights, nt);
  json_builder_set_member_name (b, "rng");
  json_builder_begin_array (b);
  for (guint i = 0; i < 4; i++)
    {
      char hex[17];
      g_snprintf (hex, sizeof hex, "%016" G_GINT64_MODIFIER "x", t->rng.s[i]);
      json_builder_add_string_value (b, hex);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "points");
  json_builder_begin_array (b);
  for (guint k = 0; k < nt; k++)
    {
      gsize n;
      const double *x = pl_loss_get_points (t->loss, k, &n);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "n");
      json_builder_add_int_value (b, (gint64) n);
      add_doubles (b, "x", x, n * pl_problem_get_n_inputs (t->problem));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "history");
  json_builder_begin_array (b);
  g_mutex_lock (&t->lock);
  for (guint i = 0; i < t->history->len; i++)
    add_record (b, &g_array_index (t->history, PlTrainRecord, i), nt);
  g_mutex_unlock (&t->lock);
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  text = pl_json_to_string (root, FALSE);
  if (!g_file_set_contents (path, text, -1, &local))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_IO, "cannot write checkpoint '%s': %s", path,
                   local->message);
      return FALSE;
    }
  return TRUE;
}

/* --- loading ------------------------------------------------------------------------- */

static gboolean
bad (GError    **error,
     const char *path,
     const char *field,
     const char *why)
{
  g_set_error (error, PL_ERROR, PL_ERROR_PARSE, "checkpoint '%s': field '%s' %s", path, field,
               why);
  return FALSE;
}

static gboolean
get_int (JsonObject  *o,
         const char  *name,
         gint64       lo,
         gint64       hi,
         gint64      *out,
         const char  *path,
         GError     **error)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return bad (error, path, name, "is missing or not an integer");
  *out = json_node_get_int (n);
  if (*out < lo || *out > hi)
    return bad (error, path, name, "is out of range");
  return TRUE;
}

/* Doubles (null meaning NaN) into @out of exactly @n entries. */
static gboolean
get_doubles (JsonObject  *o,
             const char  *name,
             double      *out,
             gsize        n,
             gboolean     allow_null,
             const char  *path,
             GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);
  JsonArray *a;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return bad (error, path, name, "is missing or not an array");
  a = json_node_get_array (node);
  if (json_array_get_length (a) != n)
    return bad (error, path, name, "has the wrong length");
  for (gsize i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (a, i);

      if (JSON_NODE_HOLDS_NULL (e) && allow_null)
        out[i] = NAN;
      else if (JSON_NODE_HOLDS_VALUE (e) && (json_node_get_value_type (e) == G_TYPE_DOUBLE ||
                                             json_node_get_value_type (e) == G_TYPE_INT64))
        out[i] = json_node_get_double (e);
      else
        return bad (error, path, name, "holds something that is not a number");
    }
  return TRUE;
}

gboolean
pl_trainer_load_checkpoint (PlTrainer   *t,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  g_autoptr(PlOptimizer) opt = NULL;
  g_autoptr(GArray) history = g_array_new (FALSE, TRUE, sizeof (PlTrainRecord));
  g_autofree double *params = g_new (double, t->np);
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func (g_free);
  guint nt = pl_loss_n_terms (t->loss), d = pl_problem_get_n_inputs (t->problem);
  gsize npts[PL_PROBLEM_MAX_TERMS];
  double weights[PL_PROBLEM_MAX_TERMS], first_loss;
  JsonObject *o;
  JsonNode *node;
  JsonArray *a;
  gint64 step, phase, version, np, causal_stage = 0;
  PlRng rng;
  const char *format;

  if (!json_parser_load_from_file (parser, path, &local))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_IO, "cannot read checkpoint '%s': %s", path,
                   local->message);
      return FALSE;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return bad (error, path, "(root)", "is not a JSON object");
  o = json_node_get_object (node);
  format = json_object_get_string_member_with_default (o, "format", NULL);
  if (g_strcmp0 (format, CHECKPOINT_FORMAT) != 0)
    return bad (error, path, "format", "is not \"" CHECKPOINT_FORMAT "\"");
  if (!get_int (o, "version", 1, CHECKPOINT_VERSION, &version, path, error) ||
      !get_int (o, "step", 0, G_MAXINT64, &step, path, error) ||
      !get_int (o, "phase", 0, 1, &phase, path, error) ||
      !get_int (o, "n_params", 0, G_MAXINT32, &np, path, error))
    return FALSE;
  /* absent from checkpoints written before causal weighting */
  if (json_object_has_member (o, "causal_stage") &&
      !get_int (o, "causal_stage", 0, MAX (t->cfg.n_causal_epsilon, 1) - 1, &causal_stage,
                path, error))
    return FALSE;
  if ((gsize) np != t->np)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "checkpoint '%s' holds %" G_GINT64_FORMAT " parameters, this model has %"
                   G_GSIZE_FORMAT, path, np, t->np);
      return FALSE;
    }
  if (!get_doubles (o, "params", params, t->np, FALSE, path, error) ||
      !get_doubles (o, "weights", weights, nt, FALSE, path, error) ||
      !get_doubles (o, "first_loss", &first_loss, 1, TRUE, path, error))
    return FALSE;

  node = json_object_get_member (o, "optimizer_state");
  if (node == NULL)
    return bad (error, path, "optimizer_state", "is missing");
  if (!(opt = pl_optimizer_new_from_state (node, error)))
    {
      g_prefix_error (error, "checkpoint '%s': ", path);
      return FALSE;
    }
  if (pl_optimizer_get_n_params (opt) != t->np)
    return bad (error, path, "optimizer_state", "is for another number of parameters");

  node = json_object_get_member (o, "rng");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (a = json_node_get_array (node)) != 4)
    return bad (error, path, "rng", "is not an array of 4 hexadecimal strings");
  for (guint i = 0; i < 4; i++)
    {
      const char *s = json_array_get_string_element (a, i);
      guint64 v;

      if (s == NULL || !g_ascii_string_to_unsigned (s, 16, 0, G_MAXUINT64, &v, NULL))
        return bad (error, path, "rng", "is not an array of 4 hexadecimal strings");
      rng.s[i] = v;
    }

  node = json_object_get_member (o, "points");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (a = json_node_get_array (node)) != nt)
    return bad (error, path, "points", "does not hold one entry per loss term");
  for (guint k = 0; k < nt; k++)
    {
      JsonNode *e = json_array_get_element (a, k);
      JsonObject *po;
      gint64 n;
      double *x;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        return bad (error, path, "points", "holds something that is not an object");
      po = json_node_get_object (e);
      if (!get_int (po, "n", 1, 10000000, &n, path, error))
        return FALSE;
      if (n % 2 != 0 &&
          pl_problem_term_kind (t->problem, pl_loss_term_problem_index (t->loss, k)) ==
          PL_TERM_PERIODIC)
        return bad (error, path, "points", "has an odd number of points for a periodic term");
      x = g_new (double, (gsize) n * d);
      g_ptr_array_add (points, x);
      if (!get_doubles (po, "x", x, (gsize) n * d, FALSE, path, error))
        return FALSE;
      npts[k] = n;
    }

  node = json_object_get_member (o, "history");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return bad (error, path, "history", "is missing or not an array");
  a = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      PlTrainRecord r = { 0 };
      JsonObject *ro;
      gint64 s, opt_phase;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        return bad (error, path, "history", "holds something that is not an object");
      ro = json_node_get_object (e);
      if (!get_int (ro, "step", 0, G_MAXINT64, &s, path, error) ||
          !get_int (ro, "optimizer", 0, 1, &opt_phase, path, error) ||
          !get_doubles (ro, "loss", &r.loss, 1, TRUE, path, error) ||
          !get_doubles (ro, "components", r.components, nt, TRUE, path, error) ||
          !get_doubles (ro, "weights", r.weights, nt, TRUE, path, error) ||
          !get_doubles (ro, "grad_norm", r.grad_norm, PL_N_BLOCKS, TRUE, path, error) ||
          !get_doubles (ro, "rel_l2", &r.rel_l2, 1, TRUE, path, error) ||
          !get_doubles (ro, "lr", &r.lr, 1, TRUE, path, error) ||
          !get_doubles (ro, "seconds", &r.seconds, 1, TRUE, path, error))
        return FALSE;
      r.causal_epsilon = r.causal_min_weight = NAN;
      if ((json_object_has_member (ro, "causal_epsilon") &&
           !get_doubles (ro, "causal_epsilon", &r.causal_epsilon, 1, TRUE, path, error)) ||
          (json_object_has_member (ro, "causal_min_weight") &&
           !get_doubles (ro, "causal_min_weight", &r.causal_min_weight, 1, TRUE, path, error)))
        return FALSE;
      r.step = s;
      r.optimizer = opt_phase;
      g_array_append_val (history, r);
    }

  /* everything parsed: apply it all */
  for (guint k = 0; k < nt; k++)
    if (!pl_loss_set_points (t->loss, k, points->pdata[k], npts[k], error))
      return FALSE;
  for (guint k = 0; k < nt; k++)
    pl_loss_set_weight (t->loss, k, weights[k]);
  memcpy (t->params, params, t->np * sizeof (double));
  memcpy (t->good, params, t->np * sizeof (double));
  g_clear_pointer (&t->opt, pl_optimizer_free);
  t->opt = g_steal_pointer (&opt);
  t->phase = phase;
  t->causal_stage = causal_stage;
  _pl_trainer_causal_sync (t);
  t->step = step;
  /* the loaded points belong to this step's time window */
  if (t->cfg.time_windows > 1 &&
      !pl_loss_set_time_window (t->loss, pl_trainer_time_window (t, step), NULL))
    g_assert_not_reached ();
  t->first_loss = first_loss;
  t->rng = rng;
  g_mutex_lock (&t->lock);
  g_array_set_size (t->history, 0);
  g_array_append_vals (t->history, history->data, history->len);
  memcpy (t->shared, params, t->np * sizeof (double));
  t->seconds_before = history->len > 0
    ? g_array_index (history, PlTrainRecord, history->len - 1).seconds : 0;
  g_mutex_unlock (&t->lock);
  return TRUE;
}
