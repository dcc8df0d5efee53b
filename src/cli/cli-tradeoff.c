/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-tradeoff.c: `plateau-cli tradeoff`: the expressibility-trainability study (pl-tradeoff.h)
 * over qubits, layers and entangler topologies, for the circuit alone, inside a hybrid trained
 * quantum-only and trained end to end: tradeoff.csv, summary.json with the correlations, and
 * a figure of trainability against expressibility.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *
configuration_label (PlScanModel m)
{
  switch (m)
    {
    case PL_SCAN_MODEL_PQC:
      return "PQC";
    case PL_SCAN_MODEL_HYBRID_FROZEN:
      return "hybrid, quantum-only";
    case PL_SCAN_MODEL_HYBRID:
    default:
      return "hybrid, end to end";
    }
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  const CliCommon *common = user_data;

  if (!common->json)
    fprintf (stderr, "\r[%u/%u] measurements", done, total);
  if (!common->json && done == total)
    fprintf (stderr, "\n");
}

static void
append_number (GString *s,
               double   v,
               gboolean last)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isfinite (v))
    g_string_append (s, g_ascii_dtostr (buf, sizeof buf, v));
  g_string_append_c (s, last ? '\n' : ',');
}

static char *
tradeoff_csv (const GArray *rows)
{
  GString *s = g_string_new ("template,qubits,layers,entangler,kl,kl_stderr,variance,"
                             "variance_stderr,configuration,n_params,seconds\n");

  for (guint i = 0; i < rows->len; i++)
    {
      const PlTradeoffRow *r = &g_array_index (rows, PlTradeoffRow, i);

      g_string_append_printf (s, "%s,%u,%u,%s,", r->template_name, r->qubits, r->layers,
                              r->entangler);
      append_number (s, r->kl, FALSE);
      append_number (s, r->kl_stderr, FALSE);
      append_number (s, r->variance, FALSE);
      append_number (s, r->variance_stderr, FALSE);
      g_string_append_printf (s, "%s,%u,%.3f\n", pl_scan_model_to_string (r->configuration),
                              r->n_params, r->seconds);
    }
  return g_string_free (s, FALSE);
}

static char *
correlation_text (const PlTradeoffCorrelation *c)
{
  g_autofree char *rho = isfinite (c->spearman) ? g_strdup_printf ("%.2f", c->spearman)
                                                : g_strdup ("undefined");
  g_autofree char *r = isfinite (c->pearson) ? g_strdup_printf ("%.2f", c->pearson)
                                             : g_strdup ("undefined");

  return g_strdup_printf ("\u03c1 = %s, r = %s (%u circuits)", rho, r, c->n);
}

/* One panel per configuration (their variances differ by orders of magnitude), a series per
 * qubit count with its own correlation, the pooled one in the title. */
static gboolean
tradeoff_figure (const GArray                *rows,
                 const PlTradeoffCorrelation *corr,
                 const GArray                *qubits,
                 const char                  *title,
                 const char                  *dir,
                 GError                     **error)
{
  g_autoptr(PlFigure) fig = pl_figure_new (1, PL_SCAN_N_MODELS);
  g_autofree double *x = g_new (double, MAX (rows->len, 1));
  g_autofree double *y = g_new (double, MAX (rows->len, 1));
  g_autofree double *e = g_new (double, MAX (rows->len, 1));
  g_autofree char *png = g_build_filename (dir, "tradeoff.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "tradeoff.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "tradeoff-figure.csv", NULL);
  static const PlPlotMarker markers[] = { PL_PLOT_MARKER_CIRCLE, PL_PLOT_MARKER_SQUARE,
                                          PL_PLOT_MARKER_TRIANGLE, PL_PLOT_MARKER_DIAMOND };

  for (guint m = 0; m < PL_SCAN_N_MODELS; m++)
    {
      PlPlotAxes *ax = pl_figure_get_axes (fig, 0, m);
      g_autofree char *pooled = correlation_text (&corr[m]);
      g_autofree char *panel = g_strdup_printf ("%s (%s)\npooled: %s",
                                                configuration_label (m), title, pooled);

      pl_plot_axes_set_title (ax, panel);
      pl_plot_axes_set_xlabel (ax, "expressibility KL (small: expressive)");
      pl_plot_axes_set_ylabel (ax, m == PL_SCAN_MODEL_PQC
                                   ? "mean Var[\u2202C/\u2202\u03b8<sub>k</sub>]"
                                   : "mean Var[\u2202L/\u2202\u03b8<sub>k</sub>]");
      pl_plot_axes_set_xscale (ax, PL_PLOT_SCALE_LOG10);
      pl_plot_axes_set_yscale (ax, PL_PLOT_SCALE_LOG10);
      pl_plot_axes_set_legend (ax, PL_PLOT_LEGEND_BEST);
      for (guint q = 0; q < qubits->len; q++)
        {
          guint nq = g_array_index (qubits, guint, q);
          PlTradeoffCorrelation cq;
          g_autofree char *text = NULL;
          g_autofree char *label = NULL;
          PlPlotSeries *s;
          PlColor color;
          guint n = 0;

          for (guint i = 0; i < rows->len; i++)
            {
              const PlTradeoffRow *r = &g_array_index (rows, PlTradeoffRow, i);

              if (r->configuration != m || r->qubits != nq)
                continue;
              x[n] = r->kl;
              y[n] = r->variance;
              e[n] = r->variance_stderr;
              n++;
            }
          if (n == 0)
            continue;
          pl_tradeoff_correlate (rows, m, nq, &cq);
          text = correlation_text (&cq);
          label = g_strdup_printf ("n = %u: %s", nq, text);
          s = pl_plot_axes_add_errorbars (ax, label, n, x, y, e);
          pl_plot_palette_color (q, &color);
          pl_plot_series_set_color (s, &color);
          pl_plot_series_set_marker (s, markers[q % G_N_ELEMENTS (markers)], 3.5);
        }
    }
  return pl_figure_save (fig, png, PL_PLOT_FORMAT_PNG, 330 * PL_SCAN_N_MODELS, 300, 200,
                         error) &&
         pl_figure_save (fig, pdf, PL_PLOT_FORMAT_PDF, 330 * PL_SCAN_N_MODELS, 300, 72, error) &&
         pl_figure_save_csv (fig, csv, error);
}

static void
add_correlation (JsonBuilder                 *jb,
                 const char                  *name,
                 double                       value,
                 PlCorrelationStatus          status,
                 double                       lo,
                 double                       hi)
{
  json_builder_set_member_name (jb, name);
  json_builder_begin_object (jb);
  cli_json_add_double (jb, "value", value);
  json_builder_set_member_name (jb, "status");
  json_builder_add_string_value (jb, pl_correlation_status_to_string (status));
  json_builder_set_member_name (jb, "reason");
  if (status == PL_CORRELATION_OK)
    json_builder_add_null_value (jb);
  else
    json_builder_add_string_value (jb, pl_correlation_status_describe (status));
  json_builder_set_member_name (jb, "ci95");
  json_builder_begin_array (jb);
  if (isfinite (lo) && isfinite (hi))
    {
      json_builder_add_double_value (jb, lo);
      json_builder_add_double_value (jb, hi);
    }
  json_builder_end_array (jb);
  json_builder_end_object (jb);
}

static void
add_correlation_fields (JsonBuilder                 *jb,
                        const PlTradeoffCorrelation *c)
{
  json_builder_set_member_name (jb, "n");
  json_builder_add_int_value (jb, c->n);
  add_correlation (jb, "pearson", c->pearson, c->pearson_status, c->pearson_lo, c->pearson_hi);
  json_builder_set_member_name (jb, "pearson_of");
  json_builder_add_string_value (jb, "log10 kl, log10 variance");
  add_correlation (jb, "spearman", c->spearman, c->spearman_status, c->spearman_lo,
                   c->spearman_hi);
  json_builder_set_member_name (jb, "ties");
  json_builder_add_string_value (jb, "average ranks");
  json_builder_set_member_name (jb, "tied_kl");
  json_builder_add_int_value (jb, c->tied_kl);
  json_builder_set_member_name (jb, "tied_variance");
  json_builder_add_int_value (jb, c->tied_variance);
  cli_json_add_double (jb, "slope", c->slope);
  cli_json_add_double (jb, "slope_stderr", c->slope_stderr);
}

static void
add_counts (JsonBuilder  *jb,
            const char   *name,
            const GArray *counts)
{
  json_builder_set_member_name (jb, name);
  json_builder_begin_array (jb);
  for (guint i = 0; i < counts->len; i++)
    json_builder_add_int_value (jb, g_array_index (counts, guint, i));
  json_builder_end_array (jb);
}

static JsonNode *
summary_json (const PlTradeoffConfig      *cfg,
              const GArray                *rows,
              const GArray                *qubits,
              const GArray                *layers,
              const PlTradeoffCorrelation *corr,
              guint                        circuits,
              const char *const           *paths,
              double                       seconds)
{
  static const char *path_names[] = { "csv", "summary", "png", "pdf" };
  g_autoptr(JsonBuilder) jb = json_builder_new ();

  json_builder_begin_object (jb);
  for (guint i = 0; i < G_N_ELEMENTS (path_names); i++)
    {
      json_builder_set_member_name (jb, path_names[i]);
      json_builder_add_string_value (jb, paths[i]);
    }
  json_builder_set_member_name (jb, "template");
  json_builder_add_string_value (jb, cfg->template_name);
  add_counts (jb, "qubits", qubits);
  add_counts (jb, "layers", layers);
  json_builder_set_member_name (jb, "entanglers");
  json_builder_begin_array (jb);
  for (guint e = 0; e < cfg->n_entanglers; e++)
    json_builder_add_string_value (jb, cfg->entanglers[e]);
  json_builder_end_array (jb);
  json_builder_set_member_name (jb, "cost");
  json_builder_add_string_value (jb, cfg->cost);
  json_builder_set_member_name (jb, "problem");
  json_builder_add_string_value (jb, cfg->problem);
  json_builder_set_member_name (jb, "init");
  json_builder_add_string_value (jb, pl_init_kind_to_string (cfg->init));
  json_builder_set_member_name (jb, "samples");
  json_builder_add_int_value (jb, cfg->samples);
  json_builder_set_member_name (jb, "pairs");
  json_builder_add_int_value (jb, cfg->pairs);
  json_builder_set_member_name (jb, "bins");
  json_builder_add_int_value (jb, cfg->bins);
  json_builder_set_member_name (jb, "repeats");
  json_builder_add_int_value (jb, cfg->repeats);
  json_builder_set_member_name (jb, "seed");
  json_builder_add_int_value (jb, (gint64) cfg->seed);
  json_builder_set_member_name (jb, "circuits");
  json_builder_add_int_value (jb, circuits);
  json_builder_set_member_name (jb, "correlations");
  json_builder_begin_array (jb);
  for (guint m = 0; m < PL_SCAN_N_MODELS; m++)
    {
      json_builder_begin_object (jb);
      json_builder_set_member_name (jb, "configuration");
      json_builder_add_string_value (jb, pl_scan_model_to_string (m));
      add_correlation_fields (jb, &corr[m]);
      json_builder_set_member_name (jb, "by_qubits");
      json_builder_begin_array (jb);
      for (guint q = 0; q < qubits->len; q++)
        {
          PlTradeoffCorrelation cq;

          pl_tradeoff_correlate (rows, m, g_array_index (qubits, guint, q), &cq);
          if (cq.n == 0)
            continue;
          json_builder_begin_object (jb);
          json_builder_set_member_name (jb, "qubits");
          json_builder_add_int_value (jb, cq.qubits);
          add_correlation_fields (jb, &cq);
          json_builder_end_object (jb);
        }
      json_builder_end_array (jb);
      json_builder_end_object (jb);
    }
  json_builder_end_array (jb);
  cli_json_add_double (jb, "seconds", seconds);
  json_builder_end_object (jb);
  return json_builder_get_root (jb);
}

static void
print_correlation (const char                  *what,
                   const char                  *where,
                   const PlTradeoffCorrelation *c)
{
  printf ("%-22s %-9s %2u circuits: Spearman rho = %6.3f [%6.3f, %6.3f], Pearson "
          "r(log KL, log Var) = %6.3f [%6.3f, %6.3f], slope %6.3f +- %.3f%s%s\n", what, where,
          c->n, c->spearman, c->spearman_lo, c->spearman_hi, c->pearson, c->pearson_lo,
          c->pearson_hi, c->slope, c->slope_stderr,
          c->spearman_status != PL_CORRELATION_OK ? ": " : "",
          c->spearman_status != PL_CORRELATION_OK
            ? pl_correlation_status_describe (c->spearman_status) : "");
}

int
cli_cmd_tradeoff (int    argc,
                  char **argv)
{
  CliCommon common = { .command = "tradeoff" };
  CliSweep sw = { .t = { .features = 1 }, .samples = 100 };
  g_autofree char *cost = NULL;
  g_autofree char *init = NULL;
  g_autofree char *out = NULL;
  gint pairs = 2000, bins = PL_EXPRESSIBILITY_DEFAULT_BINS, repeats = 3;
  double sigma = 0.1;
  GOptionEntry entries[40] = {
    { "qubits", 'n', 0, G_OPTION_ARG_STRING, &sw.qubits,
      "Qubit counts: 2:6, 2:8:2 or 3,5 (default 2:6)", "LIST" },
    { "layers", 'l', 0, G_OPTION_ARG_STRING, &sw.layers,
      "Layer counts, same syntax (default 1,3,5)", "LIST" },
    { "cost", 'c', 0, G_OPTION_ARG_STRING, &cost,
      "global, local or a Pauli observable such as 'Z0 Z1' (default global)", "COST" },
    { "init", 'i', 0, G_OPTION_ARG_STRING, &init,
      "uniform, small, identity or layerwise (default uniform)", "INIT" },
    { "sigma", 0, 0, G_OPTION_ARG_DOUBLE, &sigma,
      "Spread of the small-angle initialisation (default 0.1)", "S" },
    { "samples", 's', 0, G_OPTION_ARG_INT, &sw.samples,
      "Random parameter draws per gradient variance (default 100)", "S" },
    { "pairs", 'P', 0, G_OPTION_ARG_INT, &pairs,
      "Fidelity pairs per expressibility repetition (default 2000)", "P" },
    { "bins", 'K', 0, G_OPTION_ARG_INT, &bins, "Fidelity histogram bins (default 75)", "K" },
    { "repeats", 'R', 0, G_OPTION_ARG_INT, &repeats,
      "Expressibility repetitions for its error bar (default 3)", "R" },
    { "out", 'O', 0, G_OPTION_ARG_FILENAME, &out,
      "Directory for tradeoff.csv, summary.json and the figure (default plateau-out/tradeoff)",
      "DIR" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) qubits = NULL;
  g_autoptr(GArray) layers = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PlProblem) problem = NULL;
  g_auto(GStrv) entanglers = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *png_path = NULL;
  g_autofree char *pdf_path = NULL;
  const char *paths[4];
  PlTradeoffConfig cfg;
  PlTradeoffCorrelation corr[PL_SCAN_N_MODELS];
  PlModelConfig hybrid;
  gint64 t0 = g_get_monotonic_time ();
  int status;

  if (!cli_sweep_parse (&sw, &common, "The expressibility-trainability trade-off: "
                        "expressibility (KL from Haar) and gradient variance of every circuit of "
                        "a sweep over qubits, layers and\nentanglers (--entangler takes a list, "
                        "default none,line,all), for the PQC alone, inside a QPINN-MAC hybrid "
                        "trained quantum-only, and end to end,\nwith the Spearman and Pearson "
                        "correlations per configuration.", entries, &argc, &argv))
    {
      cli_sweep_clear (&sw);
      return 2;
    }

  if (!cli_sweep_check (&sw, argc, argv, "2:6", "1,3,5", &qubits, &layers, &error))
    goto fail;
  if (pairs < 1 || bins < 2 || repeats < 1)
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--pairs must be at least 1, --bins at least 2 and --repeats at least 1, "
                   "not %d, %d and %d", pairs, bins, repeats);
      goto fail;
    }
  if (sw.t.features < 1)
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--features must be at least 1, not %d", sw.t.features);
      goto fail;
    }
  entanglers = g_strsplit (sw.t.entangler ? sw.t.entangler : "none,line,all", ",", -1);
  for (guint e = 0; entanglers[e] != NULL; e++)
    if (*g_strstrip (entanglers[e]) == '\0')
      {
        g_set_error_literal (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                             "--entangler: an empty topology in the list");
        goto fail;
      }
  if (!cli_hybrid_config (&sw.h, &hybrid, &error))
    goto fail;
  if (!(problem = pl_problem_new (cli_hybrid_problem (&sw.h), &error)))
    goto fail;

  pl_tradeoff_config_init (&cfg);
  cfg.template_name = sw.t.template_name ? sw.t.template_name : "hea";
  cli_template_options (&sw.t, &common, 1, 1, &cfg.base);
  cfg.qubits = (const guint *) qubits->data;
  cfg.n_qubits = qubits->len;
  cfg.layers = (const guint *) layers->data;
  cfg.n_layers = layers->len;
  cfg.entanglers = (const char *const *) entanglers;
  cfg.n_entanglers = g_strv_length (entanglers);
  cfg.cost = cost ? cost : "global";
  if (!pl_init_kind_from_string (init ? init : "uniform", &cfg.init, &error))
    goto fail;
  cfg.sigma = sigma;
  cfg.samples = sw.samples;
  cfg.problem = cli_hybrid_problem (&sw.h);
  cfg.custom_problem = problem;
  cfg.hybrid = &hybrid;
  cfg.points = sw.h.points;
  cfg.pairs = pairs;
  cfg.bins = bins;
  cfg.repeats = repeats;
  cfg.seed = (guint64) common.seed;
  cfg.threads = cli_threads (&common);

  if (!out)
    out = g_strdup ("plateau-out/tradeoff");
  if (!cli_ensure_dir (out, &error))
    goto fail;
  if (!pl_tradeoff_run (&cfg, progress_cb, &common, NULL, &rows, &error))
    goto fail;
  for (guint m = 0; m < PL_SCAN_N_MODELS; m++)
    pl_tradeoff_correlate (rows, m, 0, &corr[m]);

  paths[0] = csv_path = g_build_filename (out, "tradeoff.csv", NULL);
  paths[1] = json_path = g_build_filename (out, "summary.json", NULL);
  paths[2] = png_path = g_build_filename (out, "tradeoff.png", NULL);
  paths[3] = pdf_path = g_build_filename (out, "tradeoff.pdf", NULL);
  csv = tradeoff_csv (rows);
  if (!cli_write_file (paths[0], csv, &error))
    goto fail;
  title = g_strdup_printf ("%s, %s cost, %s", cfg.template_name, cfg.cost, cfg.problem);
  g_strdelimit (title, "<>&", ' ');
  if (!tradeoff_figure (rows, corr, qubits, title, out, &error))
    goto fail;
  root = summary_json (&cfg, rows, qubits, layers, corr, rows->len / PL_SCAN_N_MODELS,
                       paths, (g_get_monotonic_time () - t0) * 1e-6);
  text = pl_json_to_string (root, TRUE);
  if (!cli_write_file (paths[1], text, &error))
    goto fail;

  if (common.json)
    cli_print_json (root);
  else
    {
      printf ("%-6s %-6s %-9s %-12s %-24s %-12s %s\n", "qubits", "layers", "entangler", "KL",
              "configuration", "variance", "stderr");
      for (guint i = 0; i < rows->len; i++)
        {
          const PlTradeoffRow *r = &g_array_index (rows, PlTradeoffRow, i);

          printf ("%-6u %-6u %-9s %-12.5g %-24s %-12.5g %.3g\n", r->qubits, r->layers,
                  r->entangler, r->kl, configuration_label (r->configuration), r->variance,
                  r->variance_stderr);
        }
      for (guint m = 0; m < PL_SCAN_N_MODELS; m++)
        {
          const PlTradeoffCorrelation *c = &corr[m];

          print_correlation (configuration_label (m), "pooled", c);
          for (guint q = 0; q < qubits->len; q++)
            {
              PlTradeoffCorrelation cq;
              g_autofree char *at = g_strdup_printf ("%u qubits", g_array_index (qubits, guint,
                                                                                  q));

              pl_tradeoff_correlate (rows, m, g_array_index (qubits, guint, q), &cq);
              print_correlation ("", at, &cq);
            }
        }
      printf ("wrote %s, summary.json, tradeoff.png, tradeoff.pdf in %s (%.1f s)\n", paths[0],
              out, (g_get_monotonic_time () - t0) * 1e-6);
    }
  cli_sweep_clear (&sw);
  return 0;

fail:
  status = cli_fail (&common, error);
  cli_sweep_clear (&sw);
  return status;
}
