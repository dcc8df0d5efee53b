/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-experiment.c: the experiment as a whole: defaults, loading with the size and depth
 * guards, validation across sections, saving, copying and comparing (see pl-experiment.h).
 * The sections are read and written in pl-experiment-problem.c, -model.c and -train.c.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-experiment.h"
#include "pl-error.h"
#include "pl-json.h"
#include "pl-experiment-private.h"

#include <string.h>

static PlExperiment *
experiment_alloc (void)
{
  PlExperiment *e = g_new0 (PlExperiment, 1);

  e->strings = g_string_chunk_new (1024);
  e->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (e->warnings, NULL);
  return e;
}

static void
set_defaults (PlExperiment *e)
{
  PlTrainConfig tc;

  pl_model_config_init (&e->model);
  e->circuit_kind = PL_EXPERIMENT_CIRCUIT_TEMPLATE;
  e->template_name = _pl_exp_strdup (e, "reupload");
  e->options.n_qubits = 4;
  e->options.n_layers = 4;
  e->encoding = PL_EXPERIMENT_ENCODING_AUTO;
  e->sampler = PL_SAMPLER_LATIN_HYPERCUBE;

  pl_train_config_init (&tc);
  e->plan = tc.plan;
  e->steps = tc.steps;
  e->resample_every = tc.resample_every;
  e->eval_every = tc.eval_every;
  e->eval_points = tc.eval_points;
  e->rar = tc.rar;
  e->rar_k = tc.rar_k;
  e->rar_c = tc.rar_c;
  e->rar_candidates = tc.rar_candidates;
  e->adaptive_weights = tc.adaptive_weights;
  e->adaptive_alpha = tc.adaptive_alpha;
  e->adaptive_every = tc.adaptive_every;
  e->checkpoint_every = tc.checkpoint_every;
  e->divergence_factor = tc.divergence_factor;
  e->seed = tc.seed;
  e->threads = 0;
}

PlExperiment *
pl_experiment_new (const char  *problem_name,
                   GError     **error)
{
  g_autoptr(PlExperiment) e = experiment_alloc ();

  if (problem_name == NULL)
    problem_name = "damped-oscillator";
  if (pl_problem_builtin_def (problem_name) == NULL)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) pl_problem_names ());
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "unknown problem '%s' (%s)", problem_name, known);
      return NULL;
    }
  set_defaults (e);
  e->problem_name = _pl_exp_strdup (e, problem_name);
  return g_steal_pointer (&e);
}

void
pl_experiment_free (PlExperiment *e)
{
  if (e == NULL)
    return;
  g_free (e->ops);
  g_free (e->observables);
  g_free (e->points);
  g_free (e->weights);
  g_ptr_array_unref (e->warnings);
  g_string_chunk_free (e->strings);
  g_free (e);
}

const char *const *
pl_experiment_get_warnings (const PlExperiment *e)
{
  g_return_val_if_fail (e != NULL, NULL);
  return (const char *const *) e->warnings->pdata;
}

/* Messages quote what the file holds, which may span lines; a message is one line. */
static void
one_line (char *text)
{
  for (char *p = text; p != NULL && *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      *p = ' ';
}

static PlExperiment *
checked (PlExperiment  *e,
         GError       **error)
{
  if (e == NULL && error != NULL && *error != NULL)
    {
      GError *err = *error;

      /* json-glib quotes the text it chokes on and may cut a character in two */
      if (!g_utf8_validate (err->message, -1, NULL))
        {
          char *valid = g_utf8_make_valid (err->message, -1);

          g_free (err->message);
          err->message = valid;
        }
      one_line (err->message);
    }
  return e;
}

/* Nesting depth of JSON text, counted before parsing: json-glib's parser recurses once per
 * level, so a file of a million '[' would exhaust the stack. */
static gboolean
check_depth (const char  *data,
             gsize        length,
             GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > PL_EXPERIMENT_MAX_DEPTH)
            {
              g_set_error (error, PL_ERROR, PL_ERROR_PARSE,
                           "the experiment is nested more than %d levels deep (at byte %"
                           G_GSIZE_FORMAT ")", PL_EXPERIMENT_MAX_DEPTH, i);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

static PlExperiment *
load_from_data (const char  *data,
                gssize       length,
                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;
  if (len > PL_EXPERIMENT_MAX_FILE_SIZE)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the experiment is %" G_GSIZE_FORMAT " bytes, more than the limit of %d",
                   len, PL_EXPERIMENT_MAX_FILE_SIZE);
      return NULL;
    }
  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_PARSE,
                           "the experiment is not text (it holds a NUL byte)");
      return NULL;
    }
  if (!g_utf8_validate (data, len, NULL))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_PARSE,
                           "the experiment is not valid UTF-8 text");
      return NULL;
    }
  if (!check_depth (data, len, error))
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, &local))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_PARSE, "not valid JSON: %s", local->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_PARSE, "not valid JSON: the file is empty");
      return NULL;
    }
  return pl_experiment_load_from_json (json_parser_get_root (parser), error);
}

PlExperiment *
pl_experiment_load_from_data (const char  *data,
                              gssize       length,
                              GError     **error)
{
  return checked (load_from_data (data, length, error), error);
}

PlExperiment *
pl_experiment_load (const char  *path,
                    GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  PlExperiment *e;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_IO, "'%s' is a directory, not an experiment file",
                   path);
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &len, &local))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_IO, "cannot read '%s': %s", path, local->message);
      return NULL;
    }
  if (!(e = pl_experiment_load_from_data (data, (gssize) len, error)))
    g_prefix_error (error, "%s: ", path);
  return checked (e, error);
}

/* Checks that need the objects themselves: the problem compiles, term names exist, the
 * circuit and model fit the problem, something is left to train. */
static gboolean
validate (const PlExperiment  *e,
          GError             **error)
{
  g_autoptr(PlProblem) problem = NULL;
  g_autoptr(PlModel) model = NULL;
  gboolean all_frozen = TRUE;

  if (!(problem = pl_experiment_build_problem (e, error)) ||
      !_pl_exp_check_terms (e, problem, error) ||
      !_pl_exp_check_causal (e, problem, error) ||
      !_pl_exp_check_time_windows (e, problem, error) ||
      !(model = pl_experiment_build_model (e, problem, error)))
    return FALSE;
  for (guint b = 0; b < PL_N_BLOCKS; b++)
    if (pl_model_block (model, b).size > 0 && !e->frozen[b])
      all_frozen = FALSE;
  if (all_frozen)
    return _pl_exp_fail (error, "training.frozen", "every parameter block of this %s model is "
                         "frozen: there is nothing to train",
                         pl_model_kind_to_string (e->model.kind));
  if (e->shots > 0 && !_pl_exp_check_shots (e, problem, model, error))
    return FALSE;
  if (e->plan.has_second && e->plan.switch_step >= e->steps)
    _pl_exp_warn ((PlExperiment *) e, "optimizer.switch_step: %" G_GUINT64_FORMAT " is not "
                  "before the last step (%" G_GUINT64_FORMAT "): the second optimiser never runs",
                  e->plan.switch_step, e->steps);
  return TRUE;
}

gboolean
pl_experiment_validate (const PlExperiment  *e,
                        GError             **error)
{
  g_return_val_if_fail (e != NULL, FALSE);
  return validate (e, error);
}

static PlExperiment *
load_from_json (JsonNode  *root,
                GError   **error)
{
  static const char *const known[] = {
    "format_version", "name", "description", "problem", "model", "circuit", "observables",
    "sampling", "weights", "optimizer", "training", "seed", "threads", NULL
  };
  g_autoptr(PlExperiment) e = NULL;
  JsonObject *o;
  guint version = PL_EXPERIMENT_FORMAT_VERSION;

  g_return_val_if_fail (root != NULL, NULL);

  e = pl_experiment_new (NULL, NULL);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *what = _pl_exp_describe (root);
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "an experiment must be a JSON object, got %s", what);
      return NULL;
    }
  if (!(o = _pl_exp_object (root, "", known, e, error)) ||
      !_pl_exp_read_uint (o, "", "format_version", 0, G_MAXINT, &version, error))
    return NULL;
  if (version != PL_EXPERIMENT_FORMAT_VERSION)
    {
      _pl_exp_fail (error, "format_version", "this version of Plateau reads format %d, got %u",
                    PL_EXPERIMENT_FORMAT_VERSION, version);
      return NULL;
    }
  if (!_pl_exp_read_string (e, o, "", "name", TRUE, (const char **) &e->name, error) ||
      !_pl_exp_read_string (e, o, "", "description", TRUE, (const char **) &e->description,
                            error) ||
      !_pl_exp_read_problem (e, json_object_get_member (o, "problem"), error) ||
      !_pl_exp_read_model (e, json_object_get_member (o, "model"), error) ||
      !_pl_exp_read_circuit (e, json_object_get_member (o, "circuit"), error) ||
      !_pl_exp_read_observables (e, json_object_get_member (o, "observables"), error) ||
      !_pl_exp_read_sampling (e, json_object_get_member (o, "sampling"), error) ||
      !_pl_exp_read_weights (e, json_object_get_member (o, "weights"), error) ||
      !_pl_exp_read_optimizer (e, json_object_get_member (o, "optimizer"), error) ||
      !_pl_exp_read_training (e, json_object_get_member (o, "training"), error) ||
      !_pl_exp_read_uint64 (o, "", "seed", 0, G_MAXINT64, &e->seed, error) ||
      !_pl_exp_read_uint (o, "", "threads", 0, 1024, &e->threads, error))
    return NULL;
  if (!validate (e, error))
    return NULL;
  return g_steal_pointer (&e);
}

PlExperiment *
pl_experiment_load_from_json (JsonNode  *root,
                              GError   **error)
{
  g_return_val_if_fail (root != NULL, NULL);
  return checked (load_from_json (root, error), error);
}

JsonNode *
pl_experiment_to_json (const PlExperiment *e)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (e != NULL, NULL);

  json_builder_begin_object (b);
  _pl_exp_add_int (b, "format_version", PL_EXPERIMENT_FORMAT_VERSION);
  _pl_exp_add_string (b, "name", e->name);
  _pl_exp_add_string (b, "description", e->description);
  _pl_exp_write_problem (e, b);
  _pl_exp_write_model (e, b);
  _pl_exp_write_circuit (e, b);
  _pl_exp_write_training (e, b);
  _pl_exp_add_int (b, "seed", (gint64) e->seed);
  _pl_exp_add_int (b, "threads", e->threads);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
pl_experiment_to_data (const PlExperiment *e)
{
  g_autoptr(JsonNode) root = pl_experiment_to_json (e);
  char *text = pl_json_to_string (root, TRUE);
  char *out = g_strconcat (text, "\n", NULL);

  g_free (text);
  return out;
}

gboolean
pl_experiment_save (const PlExperiment  *e,
                    const char          *path,
                    GError             **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (e != NULL && path != NULL, FALSE);

  text = pl_experiment_to_data (e);
  /* g_file_set_contents writes a temporary file and renames it over @path */
  if (!g_file_set_contents (path, text, -1, &local))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_IO, "cannot write '%s': %s", path, local->message);
      return FALSE;
    }
  return TRUE;
}

PlExperiment *
pl_experiment_copy (const PlExperiment *e)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  PlExperiment *copy;

  g_return_val_if_fail (e != NULL, NULL);

  root = pl_experiment_to_json (e);
  copy = pl_experiment_load_from_json (root, &error);
  if (copy == NULL)
    g_critical ("pl_experiment_copy: the experiment does not validate: %s", error->message);
  return copy;
}

static gboolean
term_values_equal (const PlExperimentTermValue *a,
                   guint                        na,
                   const PlExperimentTermValue *b,
                   guint                        nb)
{
  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (g_strcmp0 (a[i].term, b[i].term) != 0 ||
        memcmp (&a[i].value, &b[i].value, sizeof (double)) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
plans_equal (const PlOptimizerPlan *a,
             const PlOptimizerPlan *b)
{
  g_autoptr(JsonNode) x = pl_optimizer_plan_to_json (a);
  g_autoptr(JsonNode) y = pl_optimizer_plan_to_json (b);
  g_autofree char *sx = pl_json_to_string (x, FALSE);
  g_autofree char *sy = pl_json_to_string (y, FALSE);

  /* the JSON form holds every field the plan uses, doubles to 17 digits */
  return g_str_equal (sx, sy);
}

gboolean
pl_experiment_equal (const PlExperiment *a,
                     const PlExperiment *b)
{
  const PlModelConfig *x, *y;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  x = &a->model;
  y = &b->model;
  return g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->description, b->description) == 0 &&
         _pl_exp_problem_equal (a, b) &&
         x->kind == y->kind && x->n_hidden == y->n_hidden &&
         memcmp (x->hidden, y->hidden, sizeof x->hidden) == 0 &&
         x->activation == y->activation && x->arch == y->arch && x->init == y->init &&
         x->shared_trunk == y->shared_trunk && x->multiplicative == y->multiplicative &&
         x->additive == y->additive && x->qinit == y->qinit &&
         memcmp (&x->qinit_scale, &y->qinit_scale, sizeof (double)) == 0 &&
         g_strcmp0 (a->periodic_axes, b->periodic_axes) == 0 &&
         (a->periodic_axes == NULL || a->periodic_harmonics == b->periodic_harmonics) &&
         x->fourier == y->fourier &&
         (x->fourier == 0 ||
          (memcmp (&x->fourier_scale, &y->fourier_scale, sizeof (double)) == 0 &&
           a->has_fourier_seed == b->has_fourier_seed &&
           (!a->has_fourier_seed || x->fourier_seed == y->fourier_seed))) &&
         _pl_exp_circuit_equal (a, b) &&
         a->sampler == b->sampler &&
         term_values_equal (a->points, a->n_points, b->points, b->n_points) &&
         a->rar == b->rar && a->rar_candidates == b->rar_candidates &&
         memcmp (&a->rar_k, &b->rar_k, sizeof (double)) == 0 &&
         memcmp (&a->rar_c, &b->rar_c, sizeof (double)) == 0 &&
         a->adaptive_weights == b->adaptive_weights &&
         memcmp (&a->adaptive_alpha, &b->adaptive_alpha, sizeof (double)) == 0 &&
         a->adaptive_every == b->adaptive_every &&
         a->causal_bins == b->causal_bins && a->n_causal_epsilon == b->n_causal_epsilon &&
         memcmp (a->causal_epsilon, b->causal_epsilon,
                 a->n_causal_epsilon * sizeof (double)) == 0 &&
         term_values_equal (a->weights, a->n_weights, b->weights, b->n_weights) &&
         plans_equal (&a->plan, &b->plan) &&
         a->steps == b->steps && a->resample_every == b->resample_every &&
         a->eval_every == b->eval_every && a->eval_points == b->eval_points &&
         a->checkpoint_every == b->checkpoint_every &&
         memcmp (&a->divergence_factor, &b->divergence_factor, sizeof (double)) == 0 &&
         a->shots == b->shots && a->time_windows == b->time_windows &&
         a->time_window_steps == b->time_window_steps &&
         memcmp (a->frozen, b->frozen, sizeof a->frozen) == 0 &&
         a->seed == b->seed && a->threads == b->threads;
}
