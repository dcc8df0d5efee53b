/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-circuit.c: `plateau-cli circuit`: build a template (or import OpenQASM), draw it,
 * export it, and evaluate expectations and gradients at given or random parameters.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli.h"

#include <plateau/plateau.h>

#include <stdio.h>
#include <string.h>

typedef struct {
  CliTemplate t;
  char     *qasm_in;
  char     *observables;
  char     *params;
  char     *inputs;
  char     *qasm_out;
  char     *diff;
  gint64    shots;
  gboolean  no_draw;
} CircuitOptions;

static void
circuit_options_clear (CircuitOptions *o)
{
  cli_template_clear (&o->t);
  g_free (o->qasm_in);
  g_free (o->observables);
  g_free (o->params);
  g_free (o->inputs);
  g_free (o->qasm_out);
  g_free (o->diff);
}

static JsonNode *
array_node (const double *v,
            gsize         n)
{
  JsonArray *a = json_array_sized_new (n);

  for (gsize i = 0; i < n; i++)
    json_array_add_double_element (a, v[i]);
  return json_node_init_array (json_node_alloc (), a);
}

static void
print_vector (const char   *label,
              const double *v,
              gsize         n)
{
  printf ("%s:", label);
  for (gsize i = 0; i < n; i++)
    printf ("%s%.10g", i % 8 == 0 && i > 0 ? "\n   " : " ", v[i]);
  printf ("\n");
}

int
cli_cmd_circuit (int    argc,
                 char **argv)
{
  CliCommon common = { .command = "circuit" };
  CircuitOptions o = { .t = { .qubits = 4, .layers = 2, .features = 1 }, .shots = G_MININT64 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCircuit) circuit = NULL;
  g_autoptr(GArray) params = NULL;
  g_autoptr(GArray) inputs = NULL;
  g_autoptr(GPtrArray) obs = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_observable_free);
  g_auto(GStrv) obs_texts = NULL;
  g_autofree double *expect = NULL;
  g_autofree double *grad = NULL;
  g_autofree char *diagram = NULL;
  PlDiffOptions dopt = { PL_DIFF_ADJOINT, 0, NULL, 0.0 };
  PlCircuitArgs args = { .batch = 1 };
  PlCircuitGrad cgrad = { NULL, NULL, NULL };
  PlRng rng;
  int status;
  guint n_entries;
  GOptionEntry entries[32] = {
    { "from-qasm", 0, 0, G_OPTION_ARG_FILENAME, &o.qasm_in,
      "Read the circuit from an OpenQASM 2.0 file instead", "FILE" },
    { "qubits", 'n', 0, G_OPTION_ARG_INT, &o.t.qubits, "Number of qubits (default 4)", "N" },
    { "layers", 'l', 0, G_OPTION_ARG_INT, &o.t.layers, "Number of layers (default 2)", "L" },
    { "observable", 'o', 0, G_OPTION_ARG_STRING, &o.observables,
      "Observables separated by ';': Pauli sums, 'global' or 'local' (default Z0)", "LIST" },
    { "params", 'p', 0, G_OPTION_ARG_STRING, &o.params,
      "Parameter values 'v1,v2,...' or a file of numbers (default: uniform in [0, 2pi))",
      "VALUES|FILE" },
    { "inputs", 'x', 0, G_OPTION_ARG_STRING, &o.inputs,
      "Input features for encoding gates, 'x1,x2,...' (default 0)", "VALUES" },
    { "qasm", 0, 0, G_OPTION_ARG_FILENAME, &o.qasm_out,
      "Write the circuit with these values as OpenQASM 2.0 ('-' for stdout)", "FILE" },
    { "diff", 0, 0, G_OPTION_ARG_STRING, &o.diff,
      "Gradient method: adjoint (default), param-shift, finite-diff", "METHOD" },
    { "shots", 0, 0, G_OPTION_ARG_INT64, &o.shots,
      "Estimate from this many shots (param-shift gradients)", "N" },
    { "no-draw", 0, 0, G_OPTION_ARG_NONE, &o.no_draw, "Do not print the diagram", NULL },
    { NULL }
  };

  for (n_entries = 0; entries[n_entries].long_name != NULL; n_entries++)
    ;
  cli_template_entries (&o.t, entries + n_entries);

  if (!cli_parse (&common, NULL, "Build a circuit, draw it, export it, evaluate it.", entries,
                  &argc, &argv))
    {
      circuit_options_clear (&o);
      return 2;
    }
  if (argc > 1)
    {
      g_autofree char *msg = g_strdup_printf ("unexpected argument '%s'", argv[1]);
      circuit_options_clear (&o);
      return cli_fail_literal (&common, msg);
    }

  pl_rng_init (&rng, (guint64) common.seed);

  if (!(circuit = cli_build_circuit (&o.t, &common, o.qasm_in, o.t.qubits, &params, &error)))
    goto fail;

  if (o.diff != NULL && !pl_diff_method_from_string (o.diff, &dopt.method))
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "unknown gradient method '%s' (adjoint, param-shift, finite-diff)", o.diff);
      goto fail;
    }
  if (o.shots != G_MININT64 && o.shots <= 0)
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--shots must be a positive number, not %" G_GINT64_FORMAT, o.shots);
      goto fail;
    }
  if (o.shots != G_MININT64)
    {
      dopt.shots = (guint64) o.shots;
      dopt.rng = &rng;
      if (o.diff == NULL)
        dopt.method = PL_DIFF_PARAM_SHIFT;
    }

  /* Observables */
  obs_texts = g_strsplit (o.observables ? o.observables : "Z0", ";", -1);
  for (guint i = 0; obs_texts[i] != NULL; i++)
    {
      g_autofree char *t = g_strstrip (g_strdup (obs_texts[i]));
      PlObservable *ob;

      if (*t == '\0')
        {
          g_set_error (&error, PL_ERROR, PL_ERROR_PARSE, "observable %u is empty", i + 1);
          goto fail;
        }
      if (!(ob = pl_observable_parse (t, circuit->n_qubits, &error)))
        goto fail;
      g_ptr_array_add (obs, ob);
    }

  /* Parameter values */
  if (o.params != NULL)
    {
      g_clear_pointer (&params, g_array_unref);
      if (!cli_parse_doubles (o.params, &params, &error))
        goto fail;
      if (params->len != circuit->n_params)
        {
          g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "--params has %u values, the circuit has %u parameters",
                       params->len, circuit->n_params);
          goto fail;
        }
    }
  else if (params == NULL)
    {
      params = g_array_sized_new (FALSE, FALSE, sizeof (double), circuit->n_params);
      for (guint k = 0; k < circuit->n_params; k++)
        {
          double v = 2.0 * G_PI * pl_rng_uniform (&rng);
          g_array_append_val (params, v);
        }
    }

  if (o.inputs != NULL)
    {
      if (!cli_parse_doubles (o.inputs, &inputs, &error))
        goto fail;
      if (inputs->len != circuit->n_inputs)
        {
          g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "--inputs has %u values, the circuit encodes %u features",
                       inputs->len, circuit->n_inputs);
          goto fail;
        }
    }
  else
    {
      inputs = g_array_new (FALSE, TRUE, sizeof (double));
      g_array_set_size (inputs, circuit->n_inputs);
    }

  args.params = (const double *) params->data;
  args.inputs = (const double *) inputs->data;
  if (circuit->n_external > 0)
    {
      g_set_error_literal (&error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                           "circuits fed by another layer cannot be run on their own");
      goto fail;
    }

  expect = g_new0 (double, obs->len);
  grad = g_new0 (double, MAX (circuit->n_params, 1));
  cgrad.params = grad;
  if (!pl_circuit_gradient (circuit, &args, 1, (PlObservable *const *) obs->pdata, NULL, &dopt,
                            NULL, &cgrad, &error))
    goto fail;
  if (!pl_circuit_expectations (circuit, &args, obs->len, (PlObservable *const *) obs->pdata,
                                dopt.shots, &rng, expect, &error))
    goto fail;

  if (o.qasm_out != NULL)
    {
      g_autofree char *qasm = pl_circuit_to_qasm (circuit, &args, &error);

      if (qasm == NULL)
        goto fail;
      if (strcmp (o.qasm_out, "-") == 0)
        fputs (qasm, stdout);
      else if (!g_file_set_contents (o.qasm_out, qasm, -1, &error))
        goto fail;
    }

  if (!o.no_draw && !(o.qasm_out != NULL && strcmp (o.qasm_out, "-") == 0))
    {
      diagram = pl_circuit_draw_text (circuit, (const double *) params->data);
      printf ("%s\n", diagram);
    }
  if (!(o.qasm_out != NULL && strcmp (o.qasm_out, "-") == 0))
    {
      printf ("circuit: %s, %u qubits, %u layers, %" G_GSIZE_FORMAT " gates, %u parameters\n",
              circuit->name, circuit->n_qubits, circuit->n_layers, circuit->n_ops,
              circuit->n_params);
      for (guint i = 0; i < obs->len; i++)
        printf ("<%s> = %.12g\n", ((PlObservable *) obs->pdata[i])->label, expect[i]);
      print_vector ("gradient", grad, circuit->n_params);
    }

  if (common.json)
    {
      g_autoptr(JsonBuilder) jb = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      JsonArray *labels = json_array_new ();

      for (guint i = 0; i < obs->len; i++)
        json_array_add_string_element (labels, ((PlObservable *) obs->pdata[i])->label);
      json_builder_begin_object (jb);
      json_builder_set_member_name (jb, "template");
      json_builder_add_string_value (jb, circuit->name);
      json_builder_set_member_name (jb, "qubits");
      json_builder_add_int_value (jb, circuit->n_qubits);
      json_builder_set_member_name (jb, "layers");
      json_builder_add_int_value (jb, circuit->n_layers);
      json_builder_set_member_name (jb, "gates");
      json_builder_add_int_value (jb, circuit->n_ops);
      json_builder_set_member_name (jb, "parameters");
      json_builder_add_int_value (jb, circuit->n_params);
      json_builder_set_member_name (jb, "values");
      json_builder_add_value (jb, array_node ((const double *) params->data, params->len));
      json_builder_set_member_name (jb, "inputs");
      json_builder_add_value (jb, array_node ((const double *) inputs->data, inputs->len));
      json_builder_set_member_name (jb, "observables");
      json_builder_add_value (jb, json_node_init_array (json_node_alloc (), labels));
      json_builder_set_member_name (jb, "expectations");
      json_builder_add_value (jb, array_node (expect, obs->len));
      json_builder_set_member_name (jb, "gradient");
      json_builder_add_value (jb, array_node (grad, circuit->n_params));
      json_builder_set_member_name (jb, "gradient_method");
      json_builder_add_string_value (jb, pl_diff_method_to_string (dopt.method));
      json_builder_set_member_name (jb, "shots");
      json_builder_add_int_value (jb, (gint64) dopt.shots);
      json_builder_end_object (jb);
      root = json_builder_get_root (jb);
      cli_print_json (root);
    }
  circuit_options_clear (&o);
  return 0;

fail:
  status = cli_fail (&common, error);
  circuit_options_clear (&o);
  return status;
}
