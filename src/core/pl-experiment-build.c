/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * From an experiment to the objects of a run: the circuit (template, OpenQASM or ops, with
 * the encoding column), its observables, the model, and the loss and training configurations.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-experiment.h"
#include "pl-error.h"
#include "pl-experiment-private.h"

#include <string.h>

static PlCircuit *
base_circuit (const PlExperiment  *e,
              guint                n_inputs,
              GError             **error)
{
  PlCircuit *c = NULL;

  switch (e->circuit_kind)
    {
    case PL_EXPERIMENT_CIRCUIT_TEMPLATE:
      {
        PlTemplateOptions t = e->options;

        if (t.n_inputs == 0)
          t.n_inputs = n_inputs;
        if (!(c = pl_circuit_new_template (e->template_name, &t, error)))
          g_prefix_error (error, "circuit: ");
        return c;
      }
    case PL_EXPERIMENT_CIRCUIT_QASM:
      {
        g_autofree double *values = NULL;
        g_autoptr(PlCircuit) q = pl_circuit_from_qasm (e->qasm, &values, error);

        if (q == NULL)
          {
            g_prefix_error (error, "circuit.qasm: ");
            return NULL;
          }
        if (q->n_qubits > PL_EXPERIMENT_MAX_QUBITS)
          {
            _pl_exp_fail (error, "circuit.qasm", "%u qubits, more than the limit of %d",
                          q->n_qubits, PL_EXPERIMENT_MAX_QUBITS);
            return NULL;
          }
        if (!e->qasm_fixed)
          return g_steal_pointer (&q);
        /* the angles the file gives, as constants */
        for (gsize i = 0; i < q->n_ops; i++)
          for (guint k = 0; k < PL_GATE_MAX_PARAMS; k++)
            {
              PlAngleSource *s = &q->ops[i].src[k];

              if (s->kind == PL_SOURCE_PARAM)
                *s = pl_source_fixed (s->scale * values[s->index] + s->value);
            }
        q->n_params = 0;
        return g_steal_pointer (&q);
      }
    case PL_EXPERIMENT_CIRCUIT_OPS:
      c = pl_circuit_new (e->n_qubits);
      for (guint i = 0; i < e->n_ops; i++)
        {
          const PlExperimentOp *op = &e->ops[i];
          PlAngleSource src[PL_GATE_MAX_PARAMS];

          for (guint k = 0; k < pl_gate_info (op->gate)->n_params; k++)
            {
              const PlExperimentAngle *a = &op->angles[k];

              switch (a->kind)
                {
                case PL_SOURCE_FIXED:
                  src[k] = pl_source_fixed (a->value);
                  break;
                case PL_SOURCE_PARAM:
                  src[k] = pl_source_param (pl_circuit_add_param (c), a->scale);
                  src[k].value = a->value;
                  break;
                case PL_SOURCE_INPUT:
                  {
                    gint ap = a->a_trainable ? (gint) pl_circuit_add_param (c) : -1;
                    gint bp = a->b_trainable ? (gint) pl_circuit_add_param (c) : -1;

                    src[k] = pl_source_input (a->index, a->scale, a->value, ap, bp);
                    break;
                  }
                case PL_SOURCE_EXTERNAL:
                  src[k] = pl_source_external (a->index);
                  break;
                default:
                  g_assert_not_reached ();
                }
            }
          if (!pl_circuit_append (c, op->gate, op->wires, src, error))
            {
              g_prefix_error (error, "circuit.ops[%u]: ", i);
              pl_circuit_free (c);
              return NULL;
            }
        }
      return c;
    default:
      g_assert_not_reached ();
    }
}

/* The encoding column in front of @base: parameters of the column first, then @base's,
 * shifted. */
static PlCircuit *
with_encoding (PlCircuit            *base,
               PlExperimentEncoding  enc,
               guint                 n_inputs)
{
  PlCircuit *c = pl_circuit_new (base->n_qubits);
  guint n = base->n_qubits, off;

  for (guint q = 0; q < n; q++)
    {
      PlAngleSource s;

      if (enc == PL_EXPERIMENT_ENCODING_RY)
        {
          gint a = (gint) pl_circuit_add_param (c), b = (gint) pl_circuit_add_param (c);
          s = pl_source_input (q % n_inputs, 1.0, 0.0, a, b);
        }
      else
        s = pl_source_external (q);
      if (!pl_circuit_append (c, PL_GATE_RY, &q, &s, NULL))
        g_assert_not_reached ();
    }
  off = c->n_params;
  for (guint k = 0; k < base->n_params; k++)
    pl_circuit_add_param (c);
  for (gsize i = 0; i < base->n_ops; i++)
    {
      PlOp op = base->ops[i];

      for (guint k = 0; k < PL_GATE_MAX_PARAMS; k++)
        {
          PlAngleSource *s = &op.src[k];

          if (s->kind == PL_SOURCE_PARAM)
            s->index += off;
          else if (s->kind == PL_SOURCE_INPUT)
            {
              if (s->a_param >= 0)
                s->a_param += off;
              if (s->b_param >= 0)
                s->b_param += off;
            }
        }
      if (!pl_circuit_append (c, op.gate, op.wires, op.src, NULL))
        g_assert_not_reached ();
      c->ops[c->n_ops - 1].layer = op.layer + 1;
    }
  c->n_layers = base->n_layers + 1;
  g_free (c->name);
  c->name = g_strdup (base->name);
  pl_circuit_free (base);
  return c;
}

gboolean
pl_experiment_build_circuit (const PlExperiment  *e,
                             const PlProblem     *problem,
                             PlCircuit          **circuit,
                             guint               *n_obs,
                             PlObservable      ***obs,
                             GError             **error)
{
  guint d = pl_problem_get_n_inputs (problem);
  PlExperimentEncoding enc = e->encoding;
  g_autoptr(PlCircuit) c = NULL;
  PlObservable **o;
  guint n;

  g_return_val_if_fail (e != NULL && problem != NULL && circuit != NULL, FALSE);
  g_return_val_if_fail (n_obs != NULL && obs != NULL, FALSE);

  *circuit = NULL;
  *n_obs = 0;
  *obs = NULL;
  if (e->model.kind == PL_MODEL_CLASSICAL)
    return TRUE;
  if (!(c = base_circuit (e, d, error)))
    return FALSE;
  if (enc == PL_EXPERIMENT_ENCODING_AUTO)
    {
      if (e->model.kind == PL_MODEL_SERIAL)
        enc = c->n_external == 0 ? PL_EXPERIMENT_ENCODING_EXTERNAL : PL_EXPERIMENT_ENCODING_NONE;
      else
        enc = c->n_inputs == 0 ? PL_EXPERIMENT_ENCODING_RY : PL_EXPERIMENT_ENCODING_NONE;
    }
  if (enc != PL_EXPERIMENT_ENCODING_NONE)
    c = with_encoding (g_steal_pointer (&c), enc, d);

  n = e->n_observables > 0 ? e->n_observables : c->n_qubits;
  o = g_new0 (PlObservable *, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *zi = g_strdup_printf ("Z%u", i);

      o[i] = pl_observable_parse (e->n_observables > 0 ? e->observables[i] : zi, c->n_qubits,
                                  error);
      if (o[i] == NULL)
        {
          g_prefix_error (error, "observables[%u]: ", i);
          for (guint k = 0; k < i; k++)
            pl_observable_free (o[k]);
          g_free (o);
          return FALSE;
        }
    }
  *circuit = g_steal_pointer (&c);
  *n_obs = n;
  *obs = o;
  return TRUE;
}

/* The periodic features' axes and periods from the problem, and the Fourier features' seed. */
static gboolean
set_features (const PlExperiment *e,
              const PlProblem    *problem,
              PlModelConfig      *cfg,
              GError            **error)
{
  const char *axes = pl_problem_get_axes (problem);
  double lower[PL_PROBLEM_MAX_INPUTS], upper[PL_PROBLEM_MAX_INPUTS];

  if (!e->has_fourier_seed)
    cfg->fourier_seed = e->seed;
  memset (cfg->harmonics, 0, sizeof cfg->harmonics);
  if (e->periodic_axes == NULL)
    return TRUE;
  pl_problem_get_bounds (problem, lower, upper);
  for (const char *a = e->periodic_axes; *a != '\0'; a++)
    {
      const char *at = strchr (axes, *a);
      guint j;

      if (at == NULL || !g_ascii_isalpha (*a))
        {
          g_autofree char *shown = g_utf8_make_valid (e->periodic_axes, -1);

          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "model.features.periodic.axes: \"%s\" is not made of the problem's "
                       "axes (\"%s\")", shown, axes);
          return FALSE;
        }
      j = (guint) (at - axes);
      if (cfg->harmonics[j] != 0)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "model.features.periodic.axes: axis '%c' is named twice", *a);
          return FALSE;
        }
      cfg->harmonics[j] = e->periodic_harmonics;
      cfg->period[j] = upper[j] - lower[j];
    }
  return TRUE;
}

PlModel *
pl_experiment_build_model (const PlExperiment  *e,
                           const PlProblem     *problem,
                           GError             **error)
{
  PlModelConfig cfg = e->model;
  PlCircuit *circuit;
  PlObservable **obs;
  guint n_obs;
  PlModel *model;

  g_return_val_if_fail (e != NULL && problem != NULL, NULL);

  if (!set_features (e, problem, &cfg, error) ||
      !pl_experiment_build_circuit (e, problem, &circuit, &n_obs, &obs, error))
    return NULL;
  cfg.n_inputs = pl_problem_get_n_inputs (problem);
  cfg.n_outputs = pl_problem_get_n_outputs (problem);
  /* the model takes the circuit and observables, also when it fails */
  model = pl_model_new (&cfg, circuit, n_obs, obs, error);
  if (model == NULL)
    g_prefix_error (error, "model: ");
  g_free (obs);
  return model;
}

static const PlExperimentTermValue *
find_term (const PlExperimentTermValue *v,
           guint                        n,
           const char                  *term)
{
  for (guint i = 0; i < n; i++)
    if (g_str_equal (v[i].term, term))
      return &v[i];
  return NULL;
}

void
pl_experiment_loss_config (const PlExperiment *e,
                           const PlProblem    *problem,
                           PlLossConfig       *config)
{
  g_return_if_fail (e != NULL && problem != NULL && config != NULL);

  pl_loss_config_init (config);
  config->sampler = e->sampler;
  config->threads = e->threads;
  config->shots = e->shots;
  config->shots_seed = e->seed ^ G_GUINT64_CONSTANT (0x53484f545321);
  for (guint t = 0; t < pl_problem_get_n_terms (problem); t++)
    {
      const char *name = pl_problem_term_name (problem, t);
      const PlExperimentTermValue *p = find_term (e->points, e->n_points, name);
      const PlExperimentTermValue *w = find_term (e->weights, e->n_weights, name);

      if (p != NULL)
        config->n_points[t] = (guint) p->value;
      if (w != NULL)
        config->weights[t] = w->value;
    }
}

void
pl_experiment_train_config (const PlExperiment *e,
                            PlTrainConfig      *config)
{
  g_return_if_fail (e != NULL && config != NULL);

  pl_train_config_init (config);
  config->steps = e->steps;
  config->plan = e->plan;
  config->resample_every = e->resample_every;
  config->eval_every = e->eval_every;
  config->eval_points = e->eval_points;
  config->rar = e->rar;
  config->rar_k = e->rar_k;
  config->rar_c = e->rar_c;
  config->rar_candidates = e->rar_candidates;
  config->adaptive_weights = e->adaptive_weights;
  config->adaptive_alpha = e->adaptive_alpha;
  config->adaptive_every = e->adaptive_every;
  config->causal_bins = e->causal_bins;
  config->time_windows = e->time_windows;
  config->time_window_steps = e->time_window_steps;
  config->n_causal_epsilon = e->n_causal_epsilon;
  memcpy (config->causal_epsilon, e->causal_epsilon, sizeof config->causal_epsilon);
  memcpy (config->frozen, e->frozen, sizeof config->frozen);
  config->checkpoint_every = e->checkpoint_every;
  config->divergence_factor = e->divergence_factor;
  config->seed = e->seed;
}

gboolean
_pl_exp_check_shots (const PlExperiment *e,
                     const PlProblem    *problem,
                     const PlModel      *model,
                     GError            **error)
{
  g_autoptr(PlModelWork) probe = NULL;
  g_autoptr(GError) local = NULL;
  PlRng rng;

  if (e->model.kind == PL_MODEL_CLASSICAL)
    return _pl_exp_fail (error, "training.shots", "a classical model has no circuit to measure; "
                         "use 0 or a quantum or hybrid model");
  pl_rng_init (&rng, 0);
  probe = pl_model_work_new (model, pl_problem_get_jet_spec (problem), 1, &local);
  if (probe == NULL || !pl_model_work_set_shots (probe, e->shots, &rng, &local))
    return _pl_exp_fail (error, "training.shots", "%s", local->message);
  return TRUE;
}

gboolean
_pl_exp_check_terms (const PlExperiment *e,
                     const PlProblem    *problem,
                     GError            **error)
{
  const PlProblemDef *def = pl_problem_get_def (problem);

  for (guint k = 0; k < 2; k++)
    {
      const PlExperimentTermValue *v = k == 0 ? e->points : e->weights;
      guint n = k == 0 ? e->n_points : e->n_weights;

      for (guint i = 0; i < n; i++)
        {
          gboolean found = FALSE;
          g_autoptr(GString) names = g_string_new (NULL);

          for (guint t = 0; t < PL_PROBLEM_MAX_TERMS && def->terms[t].name != NULL; t++)
            {
              found |= g_str_equal (def->terms[t].name, v[i].term);
              g_string_append_printf (names, "%s%s", t ? ", " : "", def->terms[t].name);
            }
          if (!found)
            return _pl_exp_fail (error, k == 0 ? "sampling.points" : "weights.values",
                                 "problem '%s' has no term '%s' (%s)",
                                 pl_problem_get_name (problem), v[i].term, names->str);
        }
    }
  return TRUE;
}

gboolean
_pl_exp_circuit_equal (const PlExperiment *a,
                       const PlExperiment *b)
{
  const PlTemplateOptions *x = &a->options, *y = &b->options;

  if (a->circuit_kind != b->circuit_kind || a->encoding != b->encoding ||
      a->n_observables != b->n_observables)
    return FALSE;
  for (guint i = 0; i < a->n_observables; i++)
    if (g_strcmp0 (a->observables[i], b->observables[i]) != 0)
      return FALSE;
  switch (a->circuit_kind)
    {
    case PL_EXPERIMENT_CIRCUIT_TEMPLATE:
      return g_strcmp0 (a->template_name, b->template_name) == 0 &&
             x->n_qubits == y->n_qubits && x->n_layers == y->n_layers &&
             g_strcmp0 (x->rotations, y->rotations) == 0 &&
             g_strcmp0 (x->entangler, y->entangler) == 0 &&
             g_strcmp0 (x->entangler_gate, y->entangler_gate) == 0 && x->seed == y->seed &&
             x->periodic == y->periodic && x->per_term == y->per_term &&
             x->n_inputs == y->n_inputs;
    case PL_EXPERIMENT_CIRCUIT_QASM:
      return g_strcmp0 (a->qasm, b->qasm) == 0 && a->qasm_fixed == b->qasm_fixed;
    case PL_EXPERIMENT_CIRCUIT_OPS:
      if (a->n_qubits != b->n_qubits || a->n_ops != b->n_ops)
        return FALSE;
      for (guint i = 0; i < a->n_ops; i++)
        {
          const PlExperimentOp *p = &a->ops[i], *q = &b->ops[i];
          guint np = pl_gate_info (p->gate)->n_params;

          if (p->gate != q->gate || memcmp (p->wires, q->wires, sizeof p->wires) != 0)
            return FALSE;
          for (guint k = 0; k < np; k++)
            if (memcmp (&p->angles[k], &q->angles[k], sizeof p->angles[k]) != 0)
              return FALSE;
        }
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}
