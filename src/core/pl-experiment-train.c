/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "sampling", "weights", "optimizer" and "training" sections of an experiment.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-experiment.h"
#include "pl-error.h"
#include "pl-experiment-private.h"

#include <math.h>
#include <string.h>

#define MAX_STEPS G_GUINT64_CONSTANT (100000000)
#define MAX_SHOTS G_GUINT64_CONSTANT (1000000000)

/* {TERM: value} into a term-value list; points must be integers. */
static gboolean
read_term_values (PlExperiment           *e,
                  JsonObject             *o,
                  const char             *parent,
                  const char             *member,
                  gboolean                integer,
                  PlExperimentTermValue **out,
                  guint                  *n_out,
                  GError                **error)
{
  JsonNode *node = json_object_get_member (o, member);
  g_autofree char *p = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  guint n = 0;

  if (node == NULL)
    return TRUE;
  p = _pl_exp_path (parent, member);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *what = _pl_exp_describe (node);
      return _pl_exp_fail (error, p, "must be an object {\"TERM\": %s}, got %s",
                           integer ? "points" : "weight", what);
    }
  if (json_object_get_size (json_node_get_object (node)) > PL_PROBLEM_MAX_TERMS)
    return _pl_exp_fail (error, p, "has %u entries, more than the limit of %d",
                         json_object_get_size (json_node_get_object (node)),
                         PL_PROBLEM_MAX_TERMS);
  g_clear_pointer (out, g_free);
  *out = g_new0 (PlExperimentTermValue, PL_PROBLEM_MAX_TERMS);
  json_object_iter_init_ordered (&iter, json_node_get_object (node));
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      g_autofree char *pn = _pl_exp_path (p, name);
      PlExperimentTermValue *v = &(*out)[n++];

      v->term = _pl_exp_strdup (e, name);
      if (integer)
        {
          guint64 k;

          if (!_pl_exp_node_uint (value, pn, 1, PL_EXPERIMENT_MAX_POINTS, &k, error))
            return FALSE;
          v->value = (double) k;
        }
      else
        {
          if (!_pl_exp_node_double (value, pn, &v->value, error))
            return FALSE;
          if (v->value < 0)
            return _pl_exp_fail (error, pn, "must be >= 0, got %g", v->value);
        }
    }
  *n_out = n;
  return TRUE;
}

gboolean
_pl_exp_read_sampling (PlExperiment *e,
                       JsonNode     *node,
                       GError      **error)
{
  static const char *const known[] = { "sampler", "points", "rar", NULL };
  static const char *const rar_known[] = { "k", "c", "candidates", NULL };
  const char *s = NULL;
  JsonObject *o;
  JsonNode *rar;

  if (node == NULL)
    return TRUE;
  if (!(o = _pl_exp_object (node, "sampling", known, e, error)) ||
      !_pl_exp_read_string (e, o, "sampling", "sampler", FALSE, &s, error))
    return FALSE;
  /* "rar": {"k": 1, "c": 1, "candidates": 10} turns on residual-based adaptive refinement;
   * null or absent leaves it off */
  rar = json_object_get_member (o, "rar");
  if (rar != NULL && !JSON_NODE_HOLDS_NULL (rar))
    {
      JsonObject *ro;

      if (!(ro = _pl_exp_object (rar, "sampling.rar", rar_known, e, error)) ||
          !_pl_exp_read_double (ro, "sampling.rar", "k", &e->rar_k, error) ||
          !_pl_exp_read_double (ro, "sampling.rar", "c", &e->rar_c, error) ||
          !_pl_exp_read_uint (ro, "sampling.rar", "candidates", 1, 1000, &e->rar_candidates,
                              error))
        return FALSE;
      if (!(e->rar_k >= 0 && e->rar_k <= 100))
        return _pl_exp_fail (error, "sampling.rar.k", "must be in [0, 100], got %g", e->rar_k);
      if (!(e->rar_c >= 0 && e->rar_c <= 1e6))
        return _pl_exp_fail (error, "sampling.rar.c", "must be in [0, 1e6], got %g", e->rar_c);
      e->rar = TRUE;
    }
  if (s != NULL && !pl_sampler_kind_from_string (s, &e->sampler, error))
    {
      g_prefix_error (error, "sampling.sampler: ");
      return FALSE;
    }
  return read_term_values (e, o, "sampling", "points", TRUE, &e->points, &e->n_points, error);
}

/* "causal": {"bins": M, "epsilon": eps or [eps, ...] increasing}; null or absent: off. */
static gboolean
read_causal (PlExperiment *e,
             JsonObject   *o,
             GError      **error)
{
  static const char *const known[] = { "bins", "epsilon", NULL };
  JsonNode *node = json_object_get_member (o, "causal");
  JsonNode *eps;
  JsonObject *co;
  guint bins = 0;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (node != NULL)
        e->causal_bins = 0;
      return TRUE;
    }
  if (!(co = _pl_exp_object (node, "weights.causal", known, e, error)))
    return FALSE;
  if (!json_object_has_member (co, "bins"))
    return _pl_exp_fail (error, "weights.causal.bins", "is missing (2..%d time bins)",
                         PL_LOSS_MAX_CAUSAL_BINS);
  if (!_pl_exp_read_uint (co, "weights.causal", "bins", 2, PL_LOSS_MAX_CAUSAL_BINS, &bins,
                          error))
    return FALSE;
  eps = json_object_get_member (co, "epsilon");
  if (eps == NULL)
    return _pl_exp_fail (error, "weights.causal.epsilon", "is missing (a number >= 0 or an "
                         "increasing list of up to %d)", PL_TRAIN_MAX_CAUSAL_EPSILONS);
  if (JSON_NODE_HOLDS_ARRAY (eps))
    {
      JsonArray *a = _pl_exp_array (eps, "weights.causal.epsilon", PL_TRAIN_MAX_CAUSAL_EPSILONS,
                                    error);

      if (a == NULL)
        return FALSE;
      if (json_array_get_length (a) == 0)
        return _pl_exp_fail (error, "weights.causal.epsilon", "must not be empty");
      e->n_causal_epsilon = json_array_get_length (a);
      for (guint i = 0; i < e->n_causal_epsilon; i++)
        {
          g_autofree char *p = g_strdup_printf ("weights.causal.epsilon[%u]", i);

          if (!_pl_exp_node_double (json_array_get_element (a, i), p, &e->causal_epsilon[i],
                                    error))
            return FALSE;
          if (e->causal_epsilon[i] < 0)
            return _pl_exp_fail (error, p, "must be >= 0, got %g", e->causal_epsilon[i]);
          if (i > 0 && !(e->causal_epsilon[i] > e->causal_epsilon[i - 1]))
            return _pl_exp_fail (error, p, "must be larger than the one before (%g), got %g: "
                                 "the schedule increases", e->causal_epsilon[i - 1],
                                 e->causal_epsilon[i]);
        }
    }
  else
    {
      e->n_causal_epsilon = 1;
      if (!_pl_exp_node_double (eps, "weights.causal.epsilon", &e->causal_epsilon[0], error))
        return FALSE;
      if (e->causal_epsilon[0] < 0)
        return _pl_exp_fail (error, "weights.causal.epsilon", "must be >= 0, got %g",
                             e->causal_epsilon[0]);
    }
  memset (e->causal_epsilon + e->n_causal_epsilon, 0,
          (PL_TRAIN_MAX_CAUSAL_EPSILONS - e->n_causal_epsilon) * sizeof (double));
  e->causal_bins = bins;
  return TRUE;
}

/* Time marching needs a t axis, and windows at least a step long. */
gboolean
_pl_exp_check_time_windows (const PlExperiment *e,
                            const PlProblem    *problem,
                            GError            **error)
{
  if (e->time_windows <= 1)
    return TRUE;
  if (strchr (pl_problem_get_axes (problem), 't') == NULL)
    return _pl_exp_fail (error, "training.time_windows", "needs a time axis 't', and problem "
                         "'%s' has axes '%s'", pl_problem_get_name (problem),
                         pl_problem_get_axes (problem));
  if (e->time_window_steps == 0 && e->time_windows > e->steps)
    return _pl_exp_fail (error, "training.time_windows", "%u windows, but the run has only %"
                         G_GUINT64_FORMAT " steps", e->time_windows, e->steps);
  return TRUE;
}

gboolean
_pl_exp_check_causal (const PlExperiment *e,
                      const PlProblem    *problem,
                      GError            **error)
{
  gboolean interior = FALSE;

  if (e->causal_bins == 0)
    return TRUE;
  if (strchr (pl_problem_get_axes (problem), 't') == NULL)
    return _pl_exp_fail (error, "weights.causal", "needs a time axis 't', and problem '%s' has "
                         "axes '%s'", pl_problem_get_name (problem),
                         pl_problem_get_axes (problem));
  for (guint t = 0; t < pl_problem_get_n_terms (problem); t++)
    if (pl_problem_term_kind (problem, t) == PL_TERM_INTERIOR)
      interior = TRUE;
  if (!interior)
    return _pl_exp_fail (error, "weights.causal", "needs an interior (residual) term, and "
                         "problem '%s' has none", pl_problem_get_name (problem));
  return TRUE;
}

gboolean
_pl_exp_read_weights (PlExperiment *e,
                      JsonNode     *node,
                      GError      **error)
{
  static const char *const known[] = { "adaptive", "alpha", "period", "values", "causal", NULL };
  JsonObject *o;

  if (node == NULL)
    return TRUE;
  if (!(o = _pl_exp_object (node, "weights", known, e, error)) ||
      !_pl_exp_read_bool (o, "weights", "adaptive", &e->adaptive_weights, error) ||
      !_pl_exp_read_double (o, "weights", "alpha", &e->adaptive_alpha, error) ||
      !_pl_exp_read_uint (o, "weights", "period", 1, 1000000, &e->adaptive_every, error) ||
      !read_causal (e, o, error))
    return FALSE;
  if (!(e->adaptive_alpha > 0 && e->adaptive_alpha <= 1))
    return _pl_exp_fail (error, "weights.alpha", "must be in (0, 1], got %g", e->adaptive_alpha);
  return read_term_values (e, o, "weights", "values", FALSE, &e->weights, &e->n_weights, error);
}

static const char *const plan_members[] = { "first", "switch_step", "second", NULL };
static const char *const config_members[] = {
  "kind", "schedule", "beta1", "beta2", "epsilon", "weight_decay", "decoupled_weight_decay",
  "momentum", "nesterov", "history", "c1", "c2", "max_evaluations", NULL
};
static const char *const schedule_members[] = {
  "kind", "lr", "gamma", "decay_steps", "total_steps", "lr_min", "warmup_steps", NULL
};

/* pl_optimizer_plan_from_json refuses unknown members; the experiment file only warns, so
 * they are reported and taken out of a copy first. */
static void
strip_unknown (PlExperiment       *e,
               JsonObject         *o,
               const char         *path,
               const char *const  *known)
{
  GList *members = json_object_get_members (o);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *child = json_object_get_member (o, name);
      g_autofree char *p = _pl_exp_path (path, name);

      if (!g_strv_contains (known, name))
        {
          _pl_exp_warn (e, "unknown field '%s' ignored", p);
          json_object_remove_member (o, name);
        }
      else if (known == plan_members && !g_str_equal (name, "switch_step") &&
               JSON_NODE_HOLDS_OBJECT (child))
        strip_unknown (e, json_node_get_object (child), p, config_members);
      else if (known == config_members && g_str_equal (name, "schedule") &&
               JSON_NODE_HOLDS_OBJECT (child))
        strip_unknown (e, json_node_get_object (child), p, schedule_members);
    }
  g_list_free (members);
}

/* json_node_copy shares objects and arrays; members are removed from this copy. */
static JsonNode *
deep_copy (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;
      JsonNode *out = json_node_new (JSON_NODE_OBJECT);

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        json_object_set_member (o, name, deep_copy (member));
      json_node_take_object (out, o);
      return out;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *src = json_node_get_array (node);
      JsonArray *a = json_array_sized_new (json_array_get_length (src));
      JsonNode *out = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < json_array_get_length (src); i++)
        json_array_add_element (a, deep_copy (json_array_get_element (src, i)));
      json_node_take_array (out, a);
      return out;
    }
  return json_node_copy (node);
}

gboolean
_pl_exp_read_optimizer (PlExperiment *e,
                        JsonNode     *node,
                        GError      **error)
{
  g_autoptr(JsonNode) copy = NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *what = _pl_exp_describe (node);
      return _pl_exp_fail (error, "optimizer", "must be an object, got %s", what);
    }
  copy = deep_copy (node);
  strip_unknown (e, json_node_get_object (copy), "optimizer", plan_members);
  if (!pl_optimizer_plan_from_json (copy, &e->plan, error) ||
      !pl_optimizer_plan_validate (&e->plan, error))
    {
      g_prefix_error (error, "optimizer.");
      return FALSE;
    }
  return TRUE;
}

gboolean
_pl_exp_read_training (PlExperiment *e,
                       JsonNode     *node,
                       GError      **error)
{
  static const char *const known[] = {
    "steps", "resample_every", "eval_every", "eval_points", "checkpoint_every",
    "divergence_factor", "frozen", "shots", "time_windows", "time_window_steps", NULL
  };
  JsonObject *o;
  JsonNode *member;

  if (node == NULL)
    return TRUE;
  if (!(o = _pl_exp_object (node, "training", known, e, error)) ||
      !_pl_exp_read_uint64 (o, "training", "steps", 1, MAX_STEPS, &e->steps, error) ||
      !_pl_exp_read_uint (o, "training", "resample_every", 0, G_MAXINT, &e->resample_every,
                          error) ||
      !_pl_exp_read_uint (o, "training", "eval_every", 0, G_MAXINT, &e->eval_every, error) ||
      !_pl_exp_read_uint (o, "training", "eval_points", 0, 100000, &e->eval_points, error) ||
      !_pl_exp_read_uint (o, "training", "checkpoint_every", 0, G_MAXINT, &e->checkpoint_every,
                          error) ||
      !_pl_exp_read_double (o, "training", "divergence_factor", &e->divergence_factor, error) ||
      !_pl_exp_read_uint64 (o, "training", "shots", 0, MAX_SHOTS, &e->shots, error) ||
      !_pl_exp_read_uint (o, "training", "time_windows", 0, PL_TRAIN_MAX_TIME_WINDOWS,
                          &e->time_windows, error) ||
      !_pl_exp_read_uint64 (o, "training", "time_window_steps", 0, MAX_STEPS,
                            &e->time_window_steps, error))
    return FALSE;
  if (!(e->divergence_factor > 1))
    return _pl_exp_fail (error, "training.divergence_factor", "must be larger than 1, got %g",
                         e->divergence_factor);
  if ((member = json_object_get_member (o, "frozen")) != NULL)
    {
      JsonArray *a = _pl_exp_array (member, "training.frozen", PL_N_BLOCKS, error);

      if (a == NULL)
        return FALSE;
      memset (e->frozen, 0, sizeof e->frozen);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          g_autofree char *p = g_strdup_printf ("training.frozen[%u]", i);
          const char *name;
          gboolean found = FALSE;

          if (!_pl_exp_node_string (e, json_array_get_element (a, i), p, FALSE, &name, error))
            return FALSE;
          for (guint b = 0; b < PL_N_BLOCKS && !found; b++)
            if (g_str_equal (name, pl_block_name (b)))
              found = e->frozen[b] = TRUE;
          if (!found)
            return _pl_exp_fail (error, p, "unknown block '%s' (trunk, head_m, head_a, pre, "
                                 "quantum, readout)", name);
        }
    }
  return TRUE;
}

static void
write_term_values (JsonBuilder                 *b,
                   const char                  *member,
                   const PlExperimentTermValue *v,
                   guint                        n,
                   gboolean                     integer)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  for (guint i = 0; i < n; i++)
    if (integer)
      _pl_exp_add_int (b, v[i].term, (gint64) v[i].value);
    else
      _pl_exp_add_double (b, v[i].term, v[i].value);
  json_builder_end_object (b);
}

void
_pl_exp_write_training (const PlExperiment *e,
                        JsonBuilder        *b)
{
  json_builder_set_member_name (b, "sampling");
  json_builder_begin_object (b);
  _pl_exp_add_string (b, "sampler", pl_sampler_kind_to_string (e->sampler));
  write_term_values (b, "points", e->points, e->n_points, TRUE);
  json_builder_set_member_name (b, "rar");
  if (e->rar)
    {
      json_builder_begin_object (b);
      _pl_exp_add_double (b, "k", e->rar_k);
      _pl_exp_add_double (b, "c", e->rar_c);
      _pl_exp_add_int (b, "candidates", e->rar_candidates);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "weights");
  json_builder_begin_object (b);
  _pl_exp_add_bool (b, "adaptive", e->adaptive_weights);
  _pl_exp_add_double (b, "alpha", e->adaptive_alpha);
  _pl_exp_add_int (b, "period", e->adaptive_every);
  write_term_values (b, "values", e->weights, e->n_weights, FALSE);
  json_builder_set_member_name (b, "causal");
  if (e->causal_bins > 0)
    {
      json_builder_begin_object (b);
      _pl_exp_add_int (b, "bins", e->causal_bins);
      if (e->n_causal_epsilon == 1)
        _pl_exp_add_double (b, "epsilon", e->causal_epsilon[0]);
      else
        {
          json_builder_set_member_name (b, "epsilon");
          json_builder_begin_array (b);
          for (guint i = 0; i < e->n_causal_epsilon; i++)
            json_builder_add_double_value (b, e->causal_epsilon[i]);
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "optimizer");
  json_builder_add_value (b, pl_optimizer_plan_to_json (&e->plan));

  json_builder_set_member_name (b, "training");
  json_builder_begin_object (b);
  _pl_exp_add_int (b, "steps", (gint64) e->steps);
  _pl_exp_add_int (b, "resample_every", e->resample_every);
  _pl_exp_add_int (b, "eval_every", e->eval_every);
  _pl_exp_add_int (b, "eval_points", e->eval_points);
  _pl_exp_add_int (b, "checkpoint_every", e->checkpoint_every);
  _pl_exp_add_double (b, "divergence_factor", e->divergence_factor);
  _pl_exp_add_int (b, "shots", (gint64) e->shots);
  _pl_exp_add_int (b, "time_windows", e->time_windows);
  _pl_exp_add_int (b, "time_window_steps", (gint64) e->time_window_steps);
  json_builder_set_member_name (b, "frozen");
  json_builder_begin_array (b);
  for (guint k = 0; k < PL_N_BLOCKS; k++)
    if (e->frozen[k])
      json_builder_add_string_value (b, pl_block_name (k));
  json_builder_end_array (b);
  json_builder_end_object (b);
}
