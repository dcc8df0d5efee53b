/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "model", "circuit" and "observables" sections of an experiment: reading, writing, and
 * building the circuit (template, OpenQASM or hand-built ops, with an optional encoding
 * column in front), its observables and the model.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-experiment.h"
#include "pl-error.h"
#include "pl-experiment-private.h"

#include <math.h>
#include <string.h>

/* Weights and biases of the classical part, so a file cannot ask for gigabytes. */
#define MAX_CLASSICAL_PARAMS 10000000

static const char *const qinit_names[] = { "uniform", "normal", "zero" };
static const char *const arch_names[] = {
  [PL_MLP_PLAIN] = "mlp",
  [PL_MLP_MODIFIED] = "modified-mlp",
};
static const char *const encoding_names[] = { "auto", "none", "ry", "external" };
static const char *const source_names[] = { "fixed", "trainable", "input", "external" };

const char *
pl_experiment_encoding_to_string (PlExperimentEncoding encoding)
{
  g_return_val_if_fail ((guint) encoding < G_N_ELEMENTS (encoding_names), NULL);
  return encoding_names[encoding];
}

static gboolean
lookup (const char        *path,
        const char        *value,
        const char *const *names,
        guint              n,
        guint             *out,
        GError           **error)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp (value, names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  for (guint i = 0; i < n; i++)
    g_string_append_printf (list, "%s%s", i ? ", " : "", names[i]);
  return _pl_exp_fail (error, path, "unknown value '%s' (%s)", value, list->str);
}

/* "features": { "periodic": { "axes", "harmonics" }, "fourier": { "count", "scale", "seed" } }.
 * The axes are checked against the problem by the build. */
static gboolean
read_features (PlExperiment *e,
               JsonNode     *node,
               GError      **error)
{
  static const char *const known[] = { "periodic", "fourier", NULL };
  static const char *const pknown[] = { "axes", "harmonics", NULL };
  static const char *const fknown[] = { "count", "scale", "seed", NULL };
  PlModelConfig *c = &e->model;
  JsonObject *o, *p;
  JsonNode *member;

  if (!(o = _pl_exp_object (node, "model.features", known, e, error)))
    return FALSE;
  if ((member = json_object_get_member (o, "periodic")) != NULL)
    {
      const char *axes = NULL;

      e->periodic_harmonics = 1;
      if (!(p = _pl_exp_object (member, "model.features.periodic", pknown, e, error)) ||
          !_pl_exp_read_string (e, p, "model.features.periodic", "axes", FALSE, &axes, error) ||
          !_pl_exp_read_uint (p, "model.features.periodic", "harmonics", 1,
                              PL_MODEL_MAX_HARMONICS, &e->periodic_harmonics, error))
        return FALSE;
      if (axes == NULL || axes[0] == '\0')
        return _pl_exp_fail (error, "model.features.periodic.axes",
                             "must name at least one axis (e.g. \"x\")");
      if (strlen (axes) > PL_PROBLEM_MAX_INPUTS)
        return _pl_exp_fail (error, "model.features.periodic.axes",
                             "at most %d axes, got \"%s\"", PL_PROBLEM_MAX_INPUTS, axes);
      e->periodic_axes = (char *) axes;
    }
  if ((member = json_object_get_member (o, "fourier")) != NULL)
    {
      if (!(p = _pl_exp_object (member, "model.features.fourier", fknown, e, error)) ||
          !_pl_exp_read_uint (p, "model.features.fourier", "count", 1, PL_MODEL_MAX_FOURIER,
                              &c->fourier, error) ||
          !_pl_exp_read_double (p, "model.features.fourier", "scale", &c->fourier_scale,
                                error))
        return FALSE;
      if (c->fourier == 0)
        return _pl_exp_fail (error, "model.features.fourier.count", "is required (1 to %d)",
                             PL_MODEL_MAX_FOURIER);
      if (!(c->fourier_scale > 0 && c->fourier_scale <= 1e6))
        return _pl_exp_fail (error, "model.features.fourier.scale",
                             "must be in (0, 1e6], got %g", c->fourier_scale);
      if (json_object_has_member (p, "seed"))
        {
          if (!_pl_exp_read_uint64 (p, "model.features.fourier", "seed", 0, G_MAXINT64,
                                    &c->fourier_seed, error))
            return FALSE;
          e->has_fourier_seed = TRUE;
        }
    }
  return TRUE;
}

gboolean
_pl_exp_read_model (PlExperiment *e,
                    JsonNode     *node,
                    GError      **error)
{
  static const char *const known[] = {
    "kind", "hidden", "activation", "architecture", "init", "shared_trunk", "multiplicative",
    "additive", "quantum_init", "features", NULL
  };
  PlModelConfig *c = &e->model;
  const char *s = NULL;
  JsonObject *o;
  JsonNode *member;
  double weights = 0;
  guint prev = PL_PROBLEM_MAX_INPUTS;
  guint arch = c->arch;

  if (node == NULL)
    return TRUE;
  if (!(o = _pl_exp_object (node, "model", known, e, error)))
    return FALSE;
  if (!_pl_exp_read_string (e, o, "model", "kind", FALSE, &s, error))
    return FALSE;
  if (s != NULL && !pl_model_kind_from_string (s, &c->kind, error))
    {
      g_prefix_error (error, "model.kind: ");
      return FALSE;
    }
  s = NULL;
  if (!_pl_exp_read_string (e, o, "model", "activation", FALSE, &s, error))
    return FALSE;
  if (s != NULL && !pl_activation_from_string (s, &c->activation, error))
    {
      g_prefix_error (error, "model.activation: ");
      return FALSE;
    }
  s = NULL;
  if (!_pl_exp_read_string (e, o, "model", "architecture", FALSE, &s, error) ||
      (s != NULL && !lookup ("model.architecture", s, arch_names, G_N_ELEMENTS (arch_names),
                             &arch, error)))
    return FALSE;
  c->arch = arch;
  s = NULL;
  if (!_pl_exp_read_string (e, o, "model", "init", FALSE, &s, error))
    return FALSE;
  if (s != NULL && !pl_mlp_init_from_string (s, &c->init, error))
    {
      g_prefix_error (error, "model.init: ");
      return FALSE;
    }
  if (!_pl_exp_read_bool (o, "model", "shared_trunk", &c->shared_trunk, error) ||
      !_pl_exp_read_bool (o, "model", "multiplicative", &c->multiplicative, error) ||
      !_pl_exp_read_bool (o, "model", "additive", &c->additive, error))
    return FALSE;

  if ((member = json_object_get_member (o, "hidden")) != NULL)
    {
      JsonArray *a = _pl_exp_array (member, "model.hidden", PL_MODEL_MAX_HIDDEN, error);

      if (a == NULL)
        return FALSE;
      c->n_hidden = json_array_get_length (a);
      memset (c->hidden, 0, sizeof c->hidden);
      for (guint i = 0; i < c->n_hidden; i++)
        {
          g_autofree char *p = g_strdup_printf ("model.hidden[%u]", i);
          guint64 w;

          if (!_pl_exp_node_uint (json_array_get_element (a, i), p, 1, PL_EXPERIMENT_MAX_WIDTH,
                                  &w, error))
            return FALSE;
          c->hidden[i] = (guint) w;
          weights += (double) prev * w;
          prev = (guint) w;
        }
      if (weights > MAX_CLASSICAL_PARAMS)
        return _pl_exp_fail (error, "model.hidden", "the layers would hold %.0f weights, more "
                             "than the limit of %d", weights, MAX_CLASSICAL_PARAMS);
    }
  /* the modified MLP gates every hidden layer with the same two encoders of the input */
  for (guint i = 1; c->arch == PL_MLP_MODIFIED && i < c->n_hidden; i++)
    if (c->hidden[i] != c->hidden[0])
      return _pl_exp_fail (error, "model.hidden", "architecture modified-mlp needs hidden "
                           "layers of one width, got %u and %u", c->hidden[0], c->hidden[i]);
  /* accepted, since a file may switch kinds back and forth, but said: nothing is gated */
  if (c->arch == PL_MLP_MODIFIED && c->kind == PL_MODEL_QUANTUM)
    _pl_exp_warn (e, "model.architecture: modified-mlp has no effect on a quantum model (its "
                  "readout is a linear layer)");

  if ((member = json_object_get_member (o, "quantum_init")) != NULL)
    {
      static const char *const qknown[] = { "kind", "scale", NULL };
      JsonObject *q = _pl_exp_object (member, "model.quantum_init", qknown, e, error);
      guint k = c->qinit;

      s = NULL;
      if (q == NULL ||
          !_pl_exp_read_string (e, q, "model.quantum_init", "kind", FALSE, &s, error) ||
          (s != NULL && !lookup ("model.quantum_init.kind", s, qinit_names,
                                 G_N_ELEMENTS (qinit_names), &k, error)) ||
          !_pl_exp_read_double (q, "model.quantum_init", "scale", &c->qinit_scale, error))
        return FALSE;
      c->qinit = k;
      if (c->qinit_scale < 0)
        return _pl_exp_fail (error, "model.quantum_init.scale", "must be >= 0, got %g",
                             c->qinit_scale);
    }
  if ((member = json_object_get_member (o, "features")) != NULL)
    return read_features (e, member, error);
  return TRUE;
}

void
_pl_exp_write_model (const PlExperiment *e,
                     JsonBuilder        *b)
{
  const PlModelConfig *c = &e->model;

  json_builder_set_member_name (b, "model");
  json_builder_begin_object (b);
  _pl_exp_add_string (b, "kind", pl_model_kind_to_string (c->kind));
  json_builder_set_member_name (b, "hidden");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->n_hidden; i++)
    json_builder_add_int_value (b, c->hidden[i]);
  json_builder_end_array (b);
  _pl_exp_add_string (b, "activation", pl_activation_to_string (c->activation));
  _pl_exp_add_string (b, "architecture", arch_names[c->arch]);
  _pl_exp_add_string (b, "init", pl_mlp_init_to_string (c->init));
  _pl_exp_add_bool (b, "shared_trunk", c->shared_trunk);
  _pl_exp_add_bool (b, "multiplicative", c->multiplicative);
  _pl_exp_add_bool (b, "additive", c->additive);
  json_builder_set_member_name (b, "quantum_init");
  json_builder_begin_object (b);
  _pl_exp_add_string (b, "kind", qinit_names[c->qinit]);
  _pl_exp_add_double (b, "scale", c->qinit_scale);
  json_builder_end_object (b);
  if (e->periodic_axes != NULL || c->fourier > 0)
    {
      json_builder_set_member_name (b, "features");
      json_builder_begin_object (b);
      if (e->periodic_axes != NULL)
        {
          json_builder_set_member_name (b, "periodic");
          json_builder_begin_object (b);
          _pl_exp_add_string (b, "axes", e->periodic_axes);
          _pl_exp_add_int (b, "harmonics", e->periodic_harmonics);
          json_builder_end_object (b);
        }
      if (c->fourier > 0)
        {
          json_builder_set_member_name (b, "fourier");
          json_builder_begin_object (b);
          _pl_exp_add_int (b, "count", c->fourier);
          _pl_exp_add_double (b, "scale", c->fourier_scale);
          if (e->has_fourier_seed)
            _pl_exp_add_int (b, "seed", (gint64) c->fourier_seed);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

/* An angle: a number (fixed), "trainable", or an object with "source". */
static gboolean
read_angle (PlExperiment      *e,
            JsonNode          *node,
            const char        *path,
            PlExperimentAngle *a,
            GError           **error)
{
  static const char *const known[] = {
    "source", "value", "scale", "offset", "feature", "slot", "a", "b", NULL
  };
  const char *src = NULL;
  JsonObject *o;
  guint kind;

  memset (a, 0, sizeof *a);
  a->scale = 1;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) != G_TYPE_STRING)
    {
      a->kind = PL_SOURCE_FIXED;
      return _pl_exp_node_double (node, path, &a->value, error);
    }
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      if (g_ascii_strcasecmp (json_node_get_string (node), "trainable") != 0)
        return _pl_exp_fail (error, path, "must be a number, \"trainable\" or an object with "
                             "a \"source\", got \"%s\"", json_node_get_string (node));
      a->kind = PL_SOURCE_PARAM;
      return TRUE;
    }
  if (!(o = _pl_exp_object (node, path, known, e, error)) ||
      !_pl_exp_read_string (e, o, path, "source", FALSE, &src, error))
    return FALSE;
  if (src == NULL)
    {
      g_autofree char *p = _pl_exp_path (path, "source");
      return _pl_exp_fail (error, p, "missing (fixed, trainable, input or external)");
    }
  {
    g_autofree char *p = _pl_exp_path (path, "source");
    if (!lookup (p, src, source_names, G_N_ELEMENTS (source_names), &kind, error))
      return FALSE;
  }
  a->kind = (PlSourceKind) kind;
  switch (a->kind)
    {
    case PL_SOURCE_FIXED:
      return _pl_exp_read_double (o, path, "value", &a->value, error);
    case PL_SOURCE_PARAM:
      return _pl_exp_read_double (o, path, "scale", &a->scale, error) &&
             _pl_exp_read_double (o, path, "offset", &a->value, error);
    case PL_SOURCE_INPUT:
      {
        JsonNode *an = json_object_get_member (o, "a"), *bn = json_object_get_member (o, "b");
        g_autofree char *pa = _pl_exp_path (path, "a");
        g_autofree char *pb = _pl_exp_path (path, "b");

        a->value = 0;
        if (!_pl_exp_read_uint (o, path, "feature", 0, PL_PROBLEM_MAX_INPUTS - 1, &a->index,
                                error))
          return FALSE;
        a->a_trainable = an == NULL || (JSON_NODE_HOLDS_VALUE (an) &&
                                        json_node_get_value_type (an) == G_TYPE_STRING &&
                                        g_str_equal (json_node_get_string (an), "trainable"));
        a->b_trainable = bn == NULL || (JSON_NODE_HOLDS_VALUE (bn) &&
                                        json_node_get_value_type (bn) == G_TYPE_STRING &&
                                        g_str_equal (json_node_get_string (bn), "trainable"));
        if ((!a->a_trainable && !_pl_exp_node_double (an, pa, &a->scale, error)) ||
            (!a->b_trainable && !_pl_exp_node_double (bn, pb, &a->value, error)))
          {
            g_prefix_error (error, "(a number or \"trainable\") ");
            return FALSE;
          }
        return TRUE;
      }
    case PL_SOURCE_EXTERNAL:
      return _pl_exp_read_uint (o, path, "slot", 0, 4 * PL_EXPERIMENT_MAX_QUBITS, &a->index,
                                error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
read_op (PlExperiment   *e,
         JsonNode       *node,
         guint           index,
         PlExperimentOp *op,
         GError        **error)
{
  static const char *const known[] = { "gate", "wires", "angles", NULL };
  g_autofree char *p = g_strdup_printf ("circuit.ops[%u]", index);
  g_autofree char *pw = g_strdup_printf ("%s.wires", p);
  g_autofree char *pa = g_strdup_printf ("%s.angles", p);
  const PlGateInfo *info;
  const char *gate = NULL;
  JsonObject *o;
  JsonNode *member;
  JsonArray *a;

  memset (op, 0, sizeof *op);
  if (!(o = _pl_exp_object (node, p, known, e, error)) ||
      !_pl_exp_read_string (e, o, p, "gate", FALSE, &gate, error))
    return FALSE;
  if (gate == NULL || !pl_gate_from_name (gate, &op->gate))
    {
      g_autofree char *pg = _pl_exp_path (p, "gate");
      return _pl_exp_fail (error, pg, "unknown gate '%s'", gate ? gate : "(missing)");
    }
  info = pl_gate_info (op->gate);
  if ((member = json_object_get_member (o, "wires")) == NULL)
    return _pl_exp_fail (error, pw, "missing: gate %s acts on %u wire%s", info->name,
                         info->n_wires, info->n_wires == 1 ? "" : "s");
  if (!(a = _pl_exp_array (member, pw, 2, error)))
    return FALSE;
  if (json_array_get_length (a) != info->n_wires)
    return _pl_exp_fail (error, pw, "gate %s acts on %u wire%s, got %u", info->name,
                         info->n_wires, info->n_wires == 1 ? "" : "s", json_array_get_length (a));
  for (guint w = 0; w < info->n_wires; w++)
    {
      g_autofree char *pi = g_strdup_printf ("%s[%u]", pw, w);
      guint64 v;

      if (!_pl_exp_node_uint (json_array_get_element (a, w), pi, 0,
                              PL_EXPERIMENT_MAX_QUBITS - 1, &v, error))
        return FALSE;
      op->wires[w] = (guint) v;
    }
  member = json_object_get_member (o, "angles");
  if (info->n_params == 0 && member == NULL)
    return TRUE;
  if (member == NULL)
    return _pl_exp_fail (error, pa, "missing: gate %s needs %u angle%s", info->name,
                         info->n_params, info->n_params == 1 ? "" : "s");
  if (!(a = _pl_exp_array (member, pa, PL_GATE_MAX_PARAMS, error)))
    return FALSE;
  if (json_array_get_length (a) != info->n_params)
    return _pl_exp_fail (error, pa, "gate %s needs %u angle%s, got %u", info->name,
                         info->n_params, info->n_params == 1 ? "" : "s",
                         json_array_get_length (a));
  for (guint k = 0; k < info->n_params; k++)
    {
      g_autofree char *pk = g_strdup_printf ("%s[%u]", pa, k);
      if (!read_angle (e, json_array_get_element (a, k), pk, &op->angles[k], error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_pl_exp_read_circuit (PlExperiment *e,
                      JsonNode     *node,
                      GError      **error)
{
  static const char *const known[] = {
    "template", "qubits", "layers", "rotations", "entangler", "entangler_gate", "seed",
    "periodic", "per_term", "features", "qasm", "qasm_angles", "ops", "encoding", NULL
  };
  PlTemplateOptions *t = &e->options;
  const char *s = NULL;
  JsonObject *o;
  JsonNode *member;
  guint enc = e->encoding;

  if (node == NULL)
    return TRUE;
  if (!(o = _pl_exp_object (node, "circuit", known, e, error)))
    return FALSE;
  if (!_pl_exp_read_string (e, o, "circuit", "encoding", FALSE, &s, error) ||
      (s != NULL && !lookup ("circuit.encoding", s, encoding_names,
                             G_N_ELEMENTS (encoding_names), &enc, error)))
    return FALSE;
  e->encoding = enc;

  if ((member = json_object_get_member (o, "qasm")) != NULL)
    {
      const char *angles = NULL;

      e->circuit_kind = PL_EXPERIMENT_CIRCUIT_QASM;
      if (!_pl_exp_node_string (e, member, "circuit.qasm", FALSE, (const char **) &e->qasm,
                                error) ||
          !_pl_exp_read_string (e, o, "circuit", "qasm_angles", FALSE, &angles, error))
        return FALSE;
      if (angles != NULL)
        {
          static const char *const modes[] = { "trainable", "fixed" };
          guint m;

          if (!lookup ("circuit.qasm_angles", angles, modes, 2, &m, error))
            return FALSE;
          e->qasm_fixed = m == 1;
        }
      return TRUE;
    }
  if ((member = json_object_get_member (o, "ops")) != NULL)
    {
      JsonArray *a = _pl_exp_array (member, "circuit.ops", PL_EXPERIMENT_MAX_OPS, error);

      e->circuit_kind = PL_EXPERIMENT_CIRCUIT_OPS;
      e->n_qubits = 0;
      if (a == NULL ||
          !_pl_exp_read_uint (o, "circuit", "qubits", 1, PL_EXPERIMENT_MAX_QUBITS, &e->n_qubits,
                              error))
        return FALSE;
      if (e->n_qubits == 0)
        return _pl_exp_fail (error, "circuit.qubits", "missing: a circuit of ops needs its "
                             "number of qubits");
      g_clear_pointer (&e->ops, g_free);
      e->n_ops = json_array_get_length (a);
      e->ops = g_new0 (PlExperimentOp, MAX (e->n_ops, 1));
      for (guint i = 0; i < e->n_ops; i++)
        if (!read_op (e, json_array_get_element (a, i), i, &e->ops[i], error))
          return FALSE;
      return TRUE;
    }

  e->circuit_kind = PL_EXPERIMENT_CIRCUIT_TEMPLATE;
  if (!_pl_exp_read_string (e, o, "circuit", "template", FALSE,
                            (const char **) &e->template_name, error) ||
      !_pl_exp_read_uint (o, "circuit", "qubits", 1, PL_EXPERIMENT_MAX_QUBITS, &t->n_qubits,
                          error) ||
      !_pl_exp_read_uint (o, "circuit", "layers", 1, 10000, &t->n_layers, error) ||
      !_pl_exp_read_string (e, o, "circuit", "rotations", TRUE, &t->rotations, error) ||
      !_pl_exp_read_string (e, o, "circuit", "entangler", TRUE, &t->entangler, error) ||
      !_pl_exp_read_string (e, o, "circuit", "entangler_gate", TRUE, &t->entangler_gate,
                            error) ||
      !_pl_exp_read_uint64 (o, "circuit", "seed", 0, G_MAXINT64, &t->seed, error) ||
      !_pl_exp_read_bool (o, "circuit", "periodic", &t->periodic, error) ||
      !_pl_exp_read_bool (o, "circuit", "per_term", &t->per_term, error) ||
      !_pl_exp_read_uint (o, "circuit", "features", 0, PL_PROBLEM_MAX_INPUTS, &t->n_inputs,
                          error))
    return FALSE;
  {
    const char *const *names = pl_circuit_template_names ();
    gboolean found = FALSE;

    for (guint i = 0; names[i] != NULL && !found; i++)
      found = g_ascii_strcasecmp (names[i], e->template_name) == 0;
    if (!found)
      {
        g_autofree char *list = g_strjoinv (", ", (char **) names);
        return _pl_exp_fail (error, "circuit.template", "unknown template '%s' (%s)",
                             e->template_name, list);
      }
  }
  return TRUE;
}

static void
write_angle (JsonBuilder             *b,
             const PlExperimentAngle *a)
{
  json_builder_begin_object (b);
  _pl_exp_add_string (b, "source", source_names[a->kind]);
  switch (a->kind)
    {
    case PL_SOURCE_FIXED:
      _pl_exp_add_double (b, "value", a->value);
      break;
    case PL_SOURCE_PARAM:
      _pl_exp_add_double (b, "scale", a->scale);
      _pl_exp_add_double (b, "offset", a->value);
      break;
    case PL_SOURCE_INPUT:
      _pl_exp_add_int (b, "feature", a->index);
      if (a->a_trainable)
        _pl_exp_add_string (b, "a", "trainable");
      else
        _pl_exp_add_double (b, "a", a->scale);
      if (a->b_trainable)
        _pl_exp_add_string (b, "b", "trainable");
      else
        _pl_exp_add_double (b, "b", a->value);
      break;
    case PL_SOURCE_EXTERNAL:
      _pl_exp_add_int (b, "slot", a->index);
      break;
    default:
      g_assert_not_reached ();
    }
  json_builder_end_object (b);
}

void
_pl_exp_write_circuit (const PlExperiment *e,
                       JsonBuilder        *b)
{
  const PlTemplateOptions *t = &e->options;

  json_builder_set_member_name (b, "circuit");
  json_builder_begin_object (b);
  switch (e->circuit_kind)
    {
    case PL_EXPERIMENT_CIRCUIT_TEMPLATE:
      _pl_exp_add_string (b, "template", e->template_name);
      _pl_exp_add_int (b, "qubits", t->n_qubits);
      _pl_exp_add_int (b, "layers", t->n_layers);
      _pl_exp_add_string (b, "rotations", t->rotations);
      _pl_exp_add_string (b, "entangler", t->entangler);
      _pl_exp_add_string (b, "entangler_gate", t->entangler_gate);
      _pl_exp_add_int (b, "seed", (gint64) t->seed);
      _pl_exp_add_bool (b, "periodic", t->periodic);
      _pl_exp_add_bool (b, "per_term", t->per_term);
      _pl_exp_add_int (b, "features", t->n_inputs);
      break;
    case PL_EXPERIMENT_CIRCUIT_QASM:
      _pl_exp_add_string (b, "qasm", e->qasm);
      _pl_exp_add_string (b, "qasm_angles", e->qasm_fixed ? "fixed" : "trainable");
      break;
    case PL_EXPERIMENT_CIRCUIT_OPS:
      _pl_exp_add_int (b, "qubits", e->n_qubits);
      json_builder_set_member_name (b, "ops");
      json_builder_begin_array (b);
      for (guint i = 0; i < e->n_ops; i++)
        {
          const PlExperimentOp *op = &e->ops[i];
          const PlGateInfo *info = pl_gate_info (op->gate);

          json_builder_begin_object (b);
          _pl_exp_add_string (b, "gate", info->name);
          json_builder_set_member_name (b, "wires");
          json_builder_begin_array (b);
          for (guint w = 0; w < info->n_wires; w++)
            json_builder_add_int_value (b, op->wires[w]);
          json_builder_end_array (b);
          json_builder_set_member_name (b, "angles");
          json_builder_begin_array (b);
          for (guint k = 0; k < info->n_params; k++)
            write_angle (b, &op->angles[k]);
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      break;
    default:
      g_assert_not_reached ();
    }
  _pl_exp_add_string (b, "encoding", encoding_names[e->encoding]);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "observables");
  json_builder_begin_array (b);
  for (guint i = 0; i < e->n_observables; i++)
    json_builder_add_string_value (b, e->observables[i]);
  json_builder_end_array (b);
}

gboolean
_pl_exp_read_observables (PlExperiment *e,
                          JsonNode     *node,
                          GError      **error)
{
  JsonArray *a;
  guint n;

  if (node == NULL)
    return TRUE;
  if (!(a = _pl_exp_array (node, "observables", PL_EXPERIMENT_MAX_OBSERVABLES, error)))
    return FALSE;
  n = json_array_get_length (a);
  g_clear_pointer (&e->observables, g_free);
  e->observables = g_new0 (char *, n + 1);
  e->n_observables = n;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *p = g_strdup_printf ("observables[%u]", i);
      if (!_pl_exp_node_string (e, json_array_get_element (a, i), p, FALSE,
                                (const char **) &e->observables[i], error))
        return FALSE;
    }
  return TRUE;
}
