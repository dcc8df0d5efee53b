/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-expr.c: `plateau-cli expr`: expressibility (KL divergence of the fidelity distribution
 * from the Haar one) and entangling capability (mean Meyer-Wallach Q) of a circuit template,
 * after Sim, Johnson & Aspuru-Guzik 2019; the histogram next to the Haar masses as CSV.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli.h"

#include <plateau/plateau.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  CliTemplate t;            /* template options; t.qubits, t.layers, t.features */
  gint      pairs;
  gint      bins;
  gint      repeats;
  char     *inputs;
  char     *input_range;
  char     *out_dir;
} ExprOptions;

static void
expr_options_clear (ExprOptions *o)
{
  cli_template_clear (&o->t);
  g_free (o->inputs);
  g_free (o->input_range);
  g_free (o->out_dir);
}

static gboolean
check_counts (const ExprOptions  *o,
              GError            **error)
{
  const struct { const char *name; gint value; gint min; const char *why; } c[] = {
    { "--qubits", o->t.qubits, 1, "" },
    { "--layers", o->t.layers, 1, "" },
    { "--features", o->t.features, 1, "" },
    { "--pairs", o->pairs, 1, "" },
    { "--bins", o->bins, 2, " (a histogram of one bin compares nothing)" },
    { "--repeats", o->repeats, 1, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (c); i++)
    if (c[i].value < c[i].min)
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "%s must be at least %d, not %d%s",
                     c[i].name, c[i].min, c[i].value, c[i].why);
        return FALSE;
      }
  return TRUE;
}

static gboolean
set_inputs (const ExprOptions       *o,
            const PlCircuit         *circuit,
            PlExpressibilityConfig  *cfg,
            GArray                 **values,
            GError                 **error)
{
  if (o->inputs != NULL && o->input_range != NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "give either --inputs (fixed) or --input-range (drawn), not both");
      return FALSE;
    }
  if (o->inputs != NULL)
    {
      if (!cli_parse_doubles (o->inputs, values, error))
        return FALSE;
      if ((*values)->len != circuit->n_inputs)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "--inputs has %u values, the circuit encodes %u features",
                       (*values)->len, circuit->n_inputs);
          return FALSE;
        }
      cfg->inputs = PL_EXPRESSIBILITY_INPUTS_FIXED;
      cfg->input_values = (const double *) (*values)->data;
    }
  if (o->input_range != NULL)
    {
      g_autoptr(GArray) range = NULL;

      if (!cli_parse_doubles (o->input_range, &range, error))
        return FALSE;
      if (range->len != 2)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "--input-range takes two numbers LO,HI, not %u", range->len);
          return FALSE;
        }
      cfg->inputs = PL_EXPRESSIBILITY_INPUTS_UNIFORM;
      cfg->input_lo = g_array_index (range, double, 0);
      cfg->input_hi = g_array_index (range, double, 1);
    }
  return TRUE;
}

/* DIR/expressibility.csv (the pooled histogram next to the Haar masses) and
 * DIR/expressibility-runs.csv (one row per repetition). */
static gboolean
write_csv (const char                   *dir,
           const PlExpressibilityResult *res,
           char                        **hist_path,
           char                        **runs_path,
           GError                      **error)
{
  g_autoptr(GString) hist = g_string_new ("bin_lo,bin_hi,p_pqc,p_haar\n");
  g_autoptr(GString) runs = g_string_new ("repetition,kl,mw\n");
  char buf[4][G_ASCII_DTOSTR_BUF_SIZE];

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, PL_ERROR, PL_ERROR_IO, "cannot create the directory '%s': %s", dir,
                   g_strerror (saved));
      return FALSE;
    }
  for (guint k = 0; k < res->bins; k++)
    g_string_append_printf (hist, "%s,%s,%s,%s\n",
                            g_ascii_formatd (buf[0], sizeof buf[0], "%.17g",
                                             (double) k / res->bins),
                            g_ascii_formatd (buf[1], sizeof buf[1], "%.17g",
                                             (double) (k + 1) / res->bins),
                            g_ascii_formatd (buf[2], sizeof buf[2], "%.17g", res->p_pqc[k]),
                            g_ascii_formatd (buf[3], sizeof buf[3], "%.17g", res->p_haar[k]));
  for (guint r = 0; r < res->repeats; r++)
    g_string_append_printf (runs, "%u,%s,%s\n", r,
                            g_ascii_formatd (buf[0], sizeof buf[0], "%.17g", res->kl_runs[r]),
                            g_ascii_formatd (buf[1], sizeof buf[1], "%.17g", res->mw_runs[r]));

  *hist_path = g_build_filename (dir, "expressibility.csv", NULL);
  *runs_path = g_build_filename (dir, "expressibility-runs.csv", NULL);
  if (!g_file_set_contents (*hist_path, hist->str, (gssize) hist->len, error) ||
      !g_file_set_contents (*runs_path, runs->str, (gssize) runs->len, error))
    {
      g_prefix_error (error, "cannot write the CSV: ");
      return FALSE;
    }
  return TRUE;
}

static void
add_array (JsonBuilder  *jb,
           const char   *name,
           const double *v,
           guint         n)
{
  json_builder_set_member_name (jb, name);
  json_builder_begin_array (jb);
  for (guint i = 0; i < n; i++)
    json_builder_add_double_value (jb, v[i]);
  json_builder_end_array (jb);
}

static void
print_json (const PlCircuit              *circuit,
            const PlExpressibilityConfig *cfg,
            const PlExpressibilityResult *res,
            const char                   *hist_path,
            const char                   *runs_path)
{
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "template");
  json_builder_add_string_value (jb, circuit->name);
  json_builder_set_member_name (jb, "qubits");
  json_builder_add_int_value (jb, circuit->n_qubits);
  json_builder_set_member_name (jb, "layers");
  json_builder_add_int_value (jb, circuit->n_layers);
  json_builder_set_member_name (jb, "parameters");
  json_builder_add_int_value (jb, circuit->n_params);
  json_builder_set_member_name (jb, "pairs");
  json_builder_add_int_value (jb, res->pairs);
  json_builder_set_member_name (jb, "bins");
  json_builder_add_int_value (jb, res->bins);
  json_builder_set_member_name (jb, "repeats");
  json_builder_add_int_value (jb, res->repeats);
  json_builder_set_member_name (jb, "inputs");
  json_builder_add_string_value (jb, cfg->inputs == PL_EXPRESSIBILITY_INPUTS_UNIFORM ? "uniform"
                                                                                  : "fixed");
  cli_json_add_double (jb, "kl", res->kl);
  cli_json_add_double (jb, "kl_stderr", res->kl_stderr);
  cli_json_add_double (jb, "kl_idle", res->kl_idle);
  add_array (jb, "kl_runs", res->kl_runs, res->repeats);
  cli_json_add_double (jb, "mw", res->mw);
  cli_json_add_double (jb, "mw_stderr", res->mw_stderr);
  add_array (jb, "mw_runs", res->mw_runs, res->repeats);
  json_builder_set_member_name (jb, "mw_states");
  json_builder_add_int_value (jb, (gint64) res->mw_states);
  cli_json_add_double (jb, "seconds", res->seconds);
  json_builder_set_member_name (jb, "csv");
  if (hist_path != NULL)
    json_builder_add_string_value (jb, hist_path);
  else
    json_builder_add_null_value (jb);
  json_builder_set_member_name (jb, "runs_csv");
  if (runs_path != NULL)
    json_builder_add_string_value (jb, runs_path);
  else
    json_builder_add_null_value (jb);
  json_builder_end_object (jb);
  root = json_builder_get_root (jb);
  cli_print_json (root);
}

int
cli_cmd_expr (int    argc,
              char **argv)
{
  CliCommon common = { .command = "expr" };
  ExprOptions o = {
    .t = { .qubits = 4, .layers = 1, .features = 1 },
    .pairs = PL_EXPRESSIBILITY_DEFAULT_PAIRS, .bins = PL_EXPRESSIBILITY_DEFAULT_BINS,
    .repeats = PL_EXPRESSIBILITY_DEFAULT_REPEATS,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCircuit) circuit = NULL;
  g_autoptr(PlExpressibilityResult) res = NULL;
  g_autoptr(GArray) input_values = NULL;
  g_autofree char *hist_path = NULL;
  g_autofree char *runs_path = NULL;
  PlTemplateOptions topt = { 0 };
  PlExpressibilityConfig cfg;
  int status;
  GOptionEntry entries[48] = {
    { "qubits", 'n', 0, G_OPTION_ARG_INT, &o.t.qubits, "Number of qubits (default 4)", "N" },
    { "layers", 'l', 0, G_OPTION_ARG_INT, &o.t.layers, "Number of layers (default 1)", "L" },
    { "pairs", 'P', 0, G_OPTION_ARG_INT, &o.pairs,
      "Fidelity pairs per repetition (default 5000)", "P" },
    { "bins", 'K', 0, G_OPTION_ARG_INT, &o.bins, "Histogram bins on [0, 1] (default 75)", "K" },
    { "repeats", 'R', 0, G_OPTION_ARG_INT, &o.repeats,
      "Independent repetitions for the error bar (default 5)", "R" },
    { "inputs", 'x', 0, G_OPTION_ARG_STRING, &o.inputs,
      "Fixed input features of encoding gates, 'x1,x2,...' (default 0)", "VALUES" },
    { "input-range", 0, 0, G_OPTION_ARG_STRING, &o.input_range,
      "Draw every input feature uniformly in [LO, HI) for every state instead", "LO,HI" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &o.out_dir,
      "Write expressibility.csv (bin_lo, bin_hi, p_pqc, p_haar) and expressibility-runs.csv "
      "(repetition, kl, mw) into DIR", "DIR" },
    { NULL }
  };
  guint n_entries;

  for (n_entries = 0; entries[n_entries].long_name != NULL; n_entries++)
    ;
  cli_template_entries (&o.t, entries + n_entries);
  if (!cli_parse (&common, NULL,
                  "Expressibility (KL divergence of the fidelities of random parameter pairs "
                  "from the Haar distribution)\nand entangling capability (mean Meyer-Wallach Q) "
                  "of a circuit, after Sim, Johnson & Aspuru-Guzik 2019.\nEvery trainable "
                  "parameter is drawn uniformly in [0, 2 pi).", entries, &argc, &argv))
    {
      expr_options_clear (&o);
      return 2;
    }
  if (argc > 1)
    {
      g_autofree char *msg = g_strdup_printf ("unexpected argument '%s'", argv[1]);
      expr_options_clear (&o);
      return cli_fail_literal (&common, msg);
    }
  if (!check_counts (&o, &error))
    goto fail;

  cli_template_options (&o.t, &common, o.t.qubits, o.t.layers, &topt);
  if (!(circuit = pl_circuit_new_template (o.t.template_name ? o.t.template_name : "hea", &topt,
                                           &error)))
    goto fail;

  pl_expressibility_config_init (&cfg);
  cfg.pairs = o.pairs;
  cfg.bins = o.bins;
  cfg.repeats = o.repeats;
  cfg.seed = (guint64) common.seed;
  cfg.threads = cli_threads (&common);
  if (!set_inputs (&o, circuit, &cfg, &input_values, &error))
    goto fail;
  if (!pl_expressibility_run (circuit, &cfg, NULL, NULL, NULL, &res, &error))
    goto fail;
  if (o.out_dir != NULL && !write_csv (o.out_dir, res, &hist_path, &runs_path, &error))
    goto fail;

  printf ("circuit: %s, %u qubits, %u layer%s, %u parameters\n", circuit->name,
          circuit->n_qubits, circuit->n_layers, circuit->n_layers == 1 ? "" : "s",
          circuit->n_params);
  printf ("expressibility: KL = %.6g +- %.2g (%u repetitions of %u pairs, %u bins; "
          "idle circuit %.6g)\n", res->kl, res->kl_stderr, res->repeats, res->pairs, res->bins,
          res->kl_idle);
  printf ("entangling capability: Q = %.6g +- %.2g (%" G_GUINT64_FORMAT " states)\n", res->mw,
          res->mw_stderr, res->mw_states);
  if (hist_path != NULL)
    printf ("histogram: %s\nrepetitions: %s\n", hist_path, runs_path);
  if (common.json)
    print_json (circuit, &cfg, res, hist_path, runs_path);
  expr_options_clear (&o);
  return 0;

fail:
  status = cli_fail (&common, error);
  expr_options_clear (&o);
  return status;
}
