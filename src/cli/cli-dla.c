/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-dla.c: `plateau-cli dla`: the dynamical Lie algebra of a circuit (template or
 * OpenQASM) or of generators given as text, its dimension and name, and the cost variance it
 * predicts next to the one measured on deep random circuits.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli.h"

#include <plateau/plateau.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  char     *generators;
  char     *qasm_in;
  CliTemplate t;            /* template options; t.qubits, t.layers, t.features */
  char     *observable;
  gboolean  measure;
  gint      samples;
  double    tolerance;
  gint64    max_dim;
  gboolean  print_generators;
  gboolean  print_basis;
} DlaOptions;

static void
dla_options_clear (DlaOptions *o)
{
  g_free (o->generators);
  cli_template_clear (&o->t);
  g_free (o->qasm_in);
  g_free (o->observable);
}

int
cli_cmd_dla (int    argc,
             char **argv)
{
  CliCommon common = { .command = "dla" };
  DlaOptions o = { .t = { .qubits = -1, .layers = 2, .features = 1 }, .samples = 1000 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(PlCircuit) circuit = NULL;
  g_autoptr(PlDlaGenerators) gens = NULL;
  g_autoptr(PlDla) dla = NULL;
  g_autoptr(PlObservable) obs = NULL;
  PlDlaOptions dopt = { 0 };
  PlDlaPrediction pred = { NAN };
  PlDlaMeasurement meas = { 0 };
  gboolean predicted = FALSE, asked = FALSE;
  const char *reason = NULL;
  int status;
  GOptionEntry entries[48] = {
    { "generators", 'g', 0, G_OPTION_ARG_STRING, &o.generators,
      "Generators as Pauli sums separated by ';', e.g. 'Z0 Z1; X0 + X1'", "LIST" },
    { "from-qasm", 0, 0, G_OPTION_ARG_FILENAME, &o.qasm_in,
      "Read the circuit from an OpenQASM 2.0 file", "FILE" },
    { "qubits", 'n', 0, G_OPTION_ARG_INT, &o.t.qubits,
      "Number of qubits (templates: default 4; generators: default the largest index + 1)", "N" },
    { "layers", 'l', 0, G_OPTION_ARG_INT, &o.t.layers, "Number of layers (default 2)", "L" },
    { "observable", 'o', 0, G_OPTION_ARG_STRING, &o.observable,
      "Predict Var[<O>] for this observable: a Pauli sum, 'global' or 'local'", "O" },
    { "measure", 0, 0, G_OPTION_ARG_NONE, &o.measure,
      "Also measure Var[<O>] over uniform random parameters (default O: Z0)", NULL },
    { "samples", 0, 0, G_OPTION_ARG_INT, &o.samples,
      "Parameter draws for --measure (default 1000)", "S" },
    { "tolerance", 0, 0, G_OPTION_ARG_DOUBLE, &o.tolerance,
      "Relative rank tolerance for Pauli sums (default 1e-9)", "TOL" },
    { "max-dim", 0, 0, G_OPTION_ARG_INT64, &o.max_dim,
      "Give up beyond this dimension (default 1048576)", "D" },
    { "print-generators", 0, 0, G_OPTION_ARG_NONE, &o.print_generators,
      "List the effective generators (after Clifford propagation)", NULL },
    { "print-basis", 0, 0, G_OPTION_ARG_NONE, &o.print_basis,
      "List a basis of the algebra (up to 1000 elements)", NULL },
    { NULL }
  };
  guint n_entries;

  for (n_entries = 0; entries[n_entries].long_name != NULL; n_entries++)
    ;
  cli_template_entries (&o.t, entries + n_entries);
  if (!cli_parse (&common, NULL, "The dynamical Lie algebra of a circuit or of generators, "
                  "and the variance it predicts (Ragone et al. 2024).", entries, &argc, &argv))
    {
      dla_options_clear (&o);
      return 2;
    }
  if (argc > 1)
    {
      g_autofree char *msg = g_strdup_printf ("unexpected argument '%s'", argv[1]);
      dla_options_clear (&o);
      return cli_fail_literal (&common, msg);
    }

  if (o.generators != NULL && (o.t.template_name != NULL || o.qasm_in != NULL))
    {
      g_set_error_literal (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "give either --generators or a circuit (--template, --from-qasm)");
      goto fail;
    }
  if (o.generators == NULL && o.t.template_name == NULL && o.qasm_in == NULL)
    {
      g_set_error_literal (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "nothing to analyse: give --generators 'Z0 Z1; X0; ...' or "
                           "--template NAME (or --from-qasm FILE)");
      goto fail;
    }
  if (o.measure && o.generators != NULL)
    {
      g_set_error_literal (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "--measure needs a circuit (--template or --from-qasm), not generators");
      goto fail;
    }
  if (o.samples < 4)
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--samples must be at least 4, not %d", o.samples);
      goto fail;
    }
  if (o.tolerance < 0 || o.tolerance >= 1 || isnan (o.tolerance))
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--tolerance must be in [0, 1), not %g", o.tolerance);
      goto fail;
    }
  if (o.max_dim < 0)
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--max-dim must be positive, not %" G_GINT64_FORMAT, o.max_dim);
      goto fail;
    }
  dopt.tolerance = o.tolerance;
  dopt.max_dim = (gsize) o.max_dim;

  if (o.generators != NULL)
    {
      if (o.t.qubits == 0 || o.t.qubits > PL_PAULI_MAX_QUBITS)
        {
          g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "--qubits must be between 1 and %u for generators, not %d",
                       PL_PAULI_MAX_QUBITS, o.t.qubits);
          goto fail;
        }
      if (!(gens = pl_dla_generators_parse (o.generators, o.t.qubits < 0 ? 0 : (guint) o.t.qubits,
                                            &error)))
        goto fail;
    }
  else
    {
      /* templates default to 4 qubits; generators to their largest index + 1 */
      if (!(circuit = cli_build_circuit (&o.t, &common, o.qasm_in,
                                         o.t.qubits < 0 ? 4 : o.t.qubits, NULL, &error)))
        goto fail;
      if (!(gens = pl_dla_generators_from_circuit (circuit, &error)))
        goto fail;
    }
  for (guint i = 0; gens->notes[i] != NULL; i++)
    fprintf (stderr, "plateau-cli dla: warning: %s\n", gens->notes[i]);

  if (!(dla = pl_dla_compute (gens, &dopt, NULL, NULL, NULL, &error)))
    goto fail;

  asked = o.observable != NULL || o.measure;
  if (asked)
    {
      g_autoptr(PlPauliSum) sum = NULL;

      if (!(obs = pl_observable_parse (o.observable ? o.observable : "Z0", gens->n_qubits,
                                       &error)))
        goto fail;
      if (!dla->structure_known)
        reason = "the decomposition of the algebra into simple ideals is not known";
      else if (!(sum = pl_dla_observable_sum (obs, &local))
               || (circuit != NULL
                   ? !pl_dla_predict_circuit_variance (dla, gens, sum, &pred, &local)
                   : !pl_dla_predict_variance (dla, NULL, sum, &pred, &local)))
        {
          /* too large to expand or to hold the initial state: say so, keep the rest */
          if (local->code != PL_ERROR_UNSUPPORTED && local->code != PL_ERROR_NO_MEMORY)
            {
              g_propagate_error (&error, g_steal_pointer (&local));
              goto fail;
            }
          reason = local->message;
        }
      else
        {
          predicted = TRUE;
          if (isnan (pred.variance))
            reason = "neither the observable nor the initial state lies in the algebra";
        }
    }
  if (o.measure)
    {
      if (!pl_dla_measure_variance (circuit, obs, (guint) o.samples, (guint64) common.seed,
                                    cli_threads (&common), NULL, NULL, NULL, &meas, &error))
        goto fail;
    }

  if (o.print_generators)
    for (guint i = 0; i < gens->n_generators; i++)
      {
        g_autofree char *t = pl_pauli_sum_to_string (gens->generators[i]);

        printf ("generator %u: %s\n", i + 1, t);
      }
  printf ("generators: %u (%u distinct) on %u qubits\n", dla->n_generators, dla->n_distinct,
          dla->n_qubits);
  printf ("dim g = %" G_GSIZE_FORMAT "%s\n", dla->dim,
          dla->pauli_basis ? " (spanned by Pauli strings)" : "");
  printf ("algebra: %s\n", dla->name ? dla->name : "not recognised");
  if (dla->structure_known)
    {
      for (guint i = 0; i < dla->n_ideals; i++)
        printf ("  %s: dim %" G_GSIZE_FORMAT ", rank %u\n", dla->ideals[i].name,
                dla->ideals[i].dim, dla->ideals[i].rank);
      if (dla->centre_dim > 0)
        printf ("  centre: dim %" G_GSIZE_FORMAT "\n", dla->centre_dim);
    }
  if (o.print_basis)
    for (gsize i = 0; i < MIN (dla->dim, 1000); i++)
      {
        g_autoptr(PlPauliSum) b = pl_dla_basis_element (dla, i);
        g_autofree char *t = pl_pauli_sum_to_string (b);

        printf ("basis %" G_GSIZE_FORMAT ": %s\n", i + 1, t);
      }
  if (asked)
    {
      if (predicted)
        printf ("observable %s: %s the algebra; initial state: %s the algebra\n", obs->label,
                pred.observable_in_algebra ? "in" : "not in",
                pred.state_in_algebra ? "in" : "not in");
      if (reason == NULL)
        printf ("predicted Var[<O>] = %.6g  (Ragone et al. 2024: sum_j P_j(rho) P_j(O) / dim g_j,"
                " for Haar-random circuits of the DLA group)\n", pred.variance);
      else
        printf ("predicted Var[<O>]: not available (%s)\n", reason);
    }
  if (o.measure)
    printf ("measured  Var[<O>] = %.6g +- %.2g over %u draws of the %u-layer circuit "
            "(mean <O> = %.4g, %.2f s)\n", meas.variance, meas.stderr_, meas.samples,
            circuit->n_layers, meas.mean, meas.seconds);
  printf ("time: %.3f s\n", dla->seconds);

  if (common.json)
    {
      g_autoptr(JsonBuilder) jb = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (jb);
      json_builder_set_member_name (jb, "qubits");
      json_builder_add_int_value (jb, dla->n_qubits);
      json_builder_set_member_name (jb, "generators");
      json_builder_add_int_value (jb, dla->n_generators);
      json_builder_set_member_name (jb, "distinct_generators");
      json_builder_add_int_value (jb, dla->n_distinct);
      json_builder_set_member_name (jb, "dim");
      json_builder_add_int_value (jb, (gint64) dla->dim);
      json_builder_set_member_name (jb, "algebra");
      if (dla->name != NULL)
        json_builder_add_string_value (jb, dla->name);
      else
        json_builder_add_null_value (jb);
      json_builder_set_member_name (jb, "pauli_basis");
      json_builder_add_boolean_value (jb, dla->pauli_basis);
      json_builder_set_member_name (jb, "ideals");
      json_builder_begin_array (jb);
      for (guint i = 0; dla->structure_known && i < dla->n_ideals; i++)
        {
          json_builder_begin_object (jb);
          json_builder_set_member_name (jb, "name");
          json_builder_add_string_value (jb, dla->ideals[i].name);
          json_builder_set_member_name (jb, "dim");
          json_builder_add_int_value (jb, (gint64) dla->ideals[i].dim);
          json_builder_set_member_name (jb, "rank");
          json_builder_add_int_value (jb, dla->ideals[i].rank);
          json_builder_end_object (jb);
        }
      json_builder_end_array (jb);
      json_builder_set_member_name (jb, "centre");
      if (dla->structure_known)
        json_builder_add_int_value (jb, (gint64) dla->centre_dim);
      else
        json_builder_add_null_value (jb);
      json_builder_set_member_name (jb, "seconds");
      json_builder_add_double_value (jb, dla->seconds);
      if (asked)
        {
          json_builder_set_member_name (jb, "observable");
          json_builder_add_string_value (jb, obs->label);
          cli_json_add_double (jb, "predicted_variance", reason == NULL ? pred.variance : NAN);
          json_builder_set_member_name (jb, "observable_in_algebra");
          json_builder_add_boolean_value (jb, predicted && pred.observable_in_algebra);
          json_builder_set_member_name (jb, "state_in_algebra");
          json_builder_add_boolean_value (jb, predicted && pred.state_in_algebra);
        }
      if (o.measure)
        {
          cli_json_add_double (jb, "measured_variance", meas.variance);
          cli_json_add_double (jb, "measured_stderr", meas.stderr_);
          cli_json_add_double (jb, "measured_mean", meas.mean);
          json_builder_set_member_name (jb, "samples");
          json_builder_add_int_value (jb, meas.samples);
          json_builder_set_member_name (jb, "layers");
          json_builder_add_int_value (jb, circuit->n_layers);
          json_builder_set_member_name (jb, "measure_seconds");
          json_builder_add_double_value (jb, meas.seconds);
        }
      json_builder_end_object (jb);
      root = json_builder_get_root (jb);
      cli_print_json (root);
    }
  dla_options_clear (&o);
  return 0;

fail:
  status = cli_fail (&common, error);
  dla_options_clear (&o);
  return status;
}
