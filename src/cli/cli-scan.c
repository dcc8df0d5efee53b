/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-scan.c: `plateau-cli scan`: gradient variance against qubits and layers (barren
 * plateaus), with the table (scan.csv), the fitted decay rates (summary.json) and a figure.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  CliCommon   *common;
  const char  *model;
  const char  *cost;
} ScanContext;

static void
progress_cb (guint              done,
             guint              total,
             const PlScanPoint *p,
             gpointer           user_data)
{
  ScanContext *ctx = user_data;

  if (ctx->common->json)
    return;
  fprintf (stderr, "[%u/%u] %s %s: %2u qubits, %3u layers: Var = %.4e +- %.1e (%.2f s)\n",
           done, total, ctx->model, ctx->cost, p->qubits, p->layers, p->variance, p->stderr_,
           p->seconds);
}

static char *
scan_csv (const GArray     *points,
          const char       *model,
          const char       *cost,
          const char       *init,
          const char       *param)
{
  GString *s = g_string_new ("qubits,layers,model,cost,init,param,variance,stderr,mean,"
                             "cost_mean,samples,n_params,seconds\n");
  g_autofree char *cost_q = g_strescape (cost, NULL);

  for (guint i = 0; i < points->len; i++)
    {
      const PlScanPoint *p = &g_array_index (points, PlScanPoint, i);
      char buf[5][G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (s, "%u,%u,%s,\"%s\",%s,%s,%s,%s,%s,%s,%u,%u,%.3f\n",
                              p->qubits, p->layers, model, cost_q, init, param,
                              g_ascii_dtostr (buf[0], sizeof buf[0], p->variance),
                              g_ascii_dtostr (buf[1], sizeof buf[1], p->stderr_),
                              g_ascii_dtostr (buf[2], sizeof buf[2], p->mean),
                              g_ascii_dtostr (buf[3], sizeof buf[3], p->cost_mean),
                              p->samples, p->n_params, p->seconds);
    }
  return g_string_free (s, FALSE);
}

static gboolean
scan_figure (const GArray  *points,
             const GArray  *fits,
             const GArray  *layers,
             const char    *title,
             const char    *dir,
             GError       **error)
{
  g_autoptr(PlFigure) fig = pl_figure_new (1, 1);
  PlPlotAxes *ax = pl_figure_get_axes (fig, 0, 0);
  g_autofree double *x = g_new (double, points->len);
  g_autofree double *y = g_new (double, points->len);
  g_autofree double *e = g_new (double, points->len);
  g_autofree char *png = g_build_filename (dir, "scan.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "scan.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "scan-figure.csv", NULL);

  pl_plot_axes_set_title (ax, title);
  pl_plot_axes_set_xlabel (ax, "qubits n");
  pl_plot_axes_set_ylabel (ax, "Var[\u2202C/\u2202\u03b8]");
  pl_plot_axes_set_yscale (ax, PL_PLOT_SCALE_LOG10);
  pl_plot_axes_set_legend (ax, PL_PLOT_LEGEND_BEST);

  for (guint l = 0; l < layers->len; l++)
    {
      guint L = g_array_index (layers, guint, l);
      g_autofree char *label = g_strdup_printf ("L = %u", L);
      PlPlotSeries *s;
      PlColor color;
      guint n = 0;

      for (guint i = 0; i < points->len; i++)
        {
          const PlScanPoint *p = &g_array_index (points, PlScanPoint, i);
          if (p->layers != L)
            continue;
          x[n] = p->qubits;
          y[n] = p->variance;
          e[n] = p->stderr_;
          n++;
        }
      s = pl_plot_axes_add_errorbars (ax, label, n, x, y, e);
      pl_plot_palette_color (l, &color);
      pl_plot_series_set_color (s, &color);
      pl_plot_series_set_marker (s, PL_PLOT_MARKER_CIRCLE, 3.0);
      for (guint f = 0; f < fits->len; f++)
        {
          const PlScanFit *fit = &g_array_index (fits, PlScanFit, f);
          double fx[2], fy[2];

          if (fit->layers != L || n < 2)
            continue;
          fx[0] = x[0];
          fx[1] = x[n - 1];
          fy[0] = exp (fit->intercept + fit->slope * fx[0]);
          fy[1] = exp (fit->intercept + fit->slope * fx[1]);
          s = pl_plot_axes_add_line (ax, NULL, 2, fx, fy);
          pl_plot_series_set_color (s, &color);
          pl_plot_series_set_dash (s, PL_PLOT_DASH_DASHED);
        }
    }
  return pl_figure_save (fig, png, PL_PLOT_FORMAT_PNG, 360, 270, 200, error) &&
         pl_figure_save (fig, pdf, PL_PLOT_FORMAT_PDF, 360, 270, 72, error) &&
         pl_figure_save_csv (fig, csv, error);
}

int
cli_cmd_scan (int    argc,
              char **argv)
{
  CliCommon common = { .command = "scan" };
  CliTemplate t = { .features = 1 };
  g_autofree char *qubits_s = NULL;
  g_autofree char *layers_s = NULL;
  g_autofree char *cost = NULL;
  g_autofree char *model = NULL;
  g_autofree char *init = NULL;
  g_autofree char *param = NULL;
  g_autofree char *out = NULL;
  gint samples = 200;
  gboolean fixed_structure = FALSE;
  double sigma = 0.1;
  GOptionEntry entries[32] = {
    { "qubits", 'n', 0, G_OPTION_ARG_STRING, &qubits_s,
      "Qubit counts: 2:12, 2:12:2 or 4,6,8 (default 2:8)", "LIST" },
    { "layers", 'l', 0, G_OPTION_ARG_STRING, &layers_s,
      "Layer counts, same syntax (default 5)", "LIST" },
    { "cost", 'c', 0, G_OPTION_ARG_STRING, &cost,
      "global, local or a Pauli observable such as 'Z0 Z1' (default global)", "COST" },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model,
      "pqc (the circuit alone; default)", "MODEL" },
    { "init", 'i', 0, G_OPTION_ARG_STRING, &init,
      "uniform, small, identity or layerwise (default uniform)", "INIT" },
    { "sigma", 0, 0, G_OPTION_ARG_DOUBLE, &sigma,
      "Spread of the small-angle initialisation (default 0.1)", "S" },
    { "param", 0, 0, G_OPTION_ARG_STRING, &param,
      "Which derivative: first, middle, last or all (averaged; default first)", "WHICH" },
    { "samples", 's', 0, G_OPTION_ARG_INT, &samples,
      "Random parameter draws per point (default 200)", "S" },
    { "fixed-structure", 0, 0, G_OPTION_ARG_NONE, &fixed_structure,
      "mcclean: keep one random circuit for all draws (default: a new one every 4 draws)",
      NULL },
    { "out", 'O', 0, G_OPTION_ARG_FILENAME, &out,
      "Directory for scan.csv, summary.json and the figure (default plateau-out/scan)", "DIR" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) qubits = NULL;
  g_autoptr(GArray) layers = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GArray) fits = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *title = NULL;
  PlScanConfig cfg = { 0 };
  ScanContext ctx = { &common, NULL, NULL };
  gint64 t0 = g_get_monotonic_time ();
  double seconds;
  guint n_entries;
  int status;

  for (n_entries = 0; entries[n_entries].long_name != NULL; n_entries++)
    ;
  cli_template_entries (&t, entries + n_entries);
  if (!cli_parse (&common, NULL, "Barren plateaus: the variance of cost gradients over "
                  "random parameters, against qubits and layers.", entries, &argc, &argv))
    {
      cli_template_clear (&t);
      return 2;
    }

  if (argc > 1)
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "unexpected argument '%s'",
                   argv[1]);
      goto fail;
    }
  if (!cli_parse_counts ("--qubits", qubits_s ? qubits_s : "2:8", 1, PL_STATE_MAX_QUBITS,
                         &qubits, &error) ||
      !cli_parse_counts ("--layers", layers_s ? layers_s : "5", 1, 10000, &layers, &error))
    goto fail;
  if (samples < 3)
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--samples must be at least 3 (a variance needs them), not %d", samples);
      goto fail;
    }
  if (model != NULL && g_ascii_strcasecmp (model, "pqc") != 0)
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "unknown --model '%s' (pqc)", model);
      goto fail;
    }
  if (!pl_init_kind_from_string (init ? init : "uniform", &cfg.init, &error))
    goto fail;
  if (param == NULL || g_ascii_strcasecmp (param, "first") == 0)
    cfg.param = PL_SCAN_PARAM_FIRST;
  else if (g_ascii_strcasecmp (param, "middle") == 0)
    cfg.param = PL_SCAN_PARAM_MIDDLE;
  else if (g_ascii_strcasecmp (param, "last") == 0)
    cfg.param = PL_SCAN_PARAM_LAST;
  else if (g_ascii_strcasecmp (param, "all") == 0)
    cfg.param = PL_SCAN_PARAM_ALL;
  else
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "unknown --param '%s' (first, middle, last, all)", param);
      goto fail;
    }
  if (t.features < 1)
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--features must be at least 1, not %d", t.features);
      goto fail;
    }

  cfg.template_name = t.template_name ? t.template_name : "hea";
  cli_template_options (&t, &common, 1, 1, &cfg.base);
  cfg.qubits = (const guint *) qubits->data;
  cfg.n_qubits = qubits->len;
  cfg.layers = (const guint *) layers->data;
  cfg.n_layers = layers->len;
  cfg.cost = cost ? cost : "global";
  cfg.sigma = sigma;
  cfg.samples = samples;
  cfg.seed = (guint64) common.seed;
  cfg.threads = cli_threads (&common);
  cfg.resample_structure = !fixed_structure && g_strcmp0 (cfg.template_name, "mcclean") == 0;
  ctx.model = "pqc";
  ctx.cost = cfg.cost;

  if (!out)
    out = g_strdup ("plateau-out/scan");
  if (!cli_ensure_dir (out, &error))
    goto fail;
  if (!pl_scan_run (&cfg, progress_cb, &ctx, NULL, &points, &error))
    goto fail;
  seconds = (g_get_monotonic_time () - t0) * 1e-6;
  fits = pl_scan_fit (points);

  csv = scan_csv (points, "pqc", cfg.cost, pl_init_kind_to_string (cfg.init),
                  param ? param : "first");
  csv_path = g_build_filename (out, "scan.csv", NULL);
  if (!cli_write_file (csv_path, csv, &error))
    goto fail;
  title = g_strdup_printf ("%s, %s cost, %s init", cfg.template_name, cfg.cost,
                           pl_init_kind_to_string (cfg.init));
  if (!scan_figure (points, fits, layers, title, out, &error))
    goto fail;

  if (!common.json)
    {
      printf ("%-7s %-7s %-14s %-12s %s\n", "qubits", "layers", "variance", "stderr", "seconds");
      for (guint i = 0; i < points->len; i++)
        {
          const PlScanPoint *p = &g_array_index (points, PlScanPoint, i);
          printf ("%-7u %-7u %-14.6e %-12.3e %.2f\n", p->qubits, p->layers, p->variance,
                  p->stderr_, p->seconds);
        }
      for (guint f = 0; f < fits->len; f++)
        {
          const PlScanFit *fit = &g_array_index (fits, PlScanFit, f);
          if (fit->qubits == G_MAXUINT)
            printf ("L = %u: d ln Var / d n = %.4f +- %.4f (Var ~ %.3g^n)\n", fit->layers,
                    fit->slope, fit->slope_stderr, exp (fit->slope));
          else
            printf ("n = %u: d ln Var / d L = %.4f +- %.4f\n", fit->qubits, fit->slope,
                    fit->slope_stderr);
        }
      printf ("wrote %s, scan.png, scan.pdf, summary.json in %s (%.1f s)\n", csv_path, out,
              seconds);
    }

  {
    g_autoptr(JsonBuilder) jb = json_builder_new ();
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *text = NULL;

    json_builder_begin_object (jb);
    json_builder_set_member_name (jb, "template");
    json_builder_add_string_value (jb, cfg.template_name);
    json_builder_set_member_name (jb, "model");
    json_builder_add_string_value (jb, "pqc");
    json_builder_set_member_name (jb, "cost");
    json_builder_add_string_value (jb, cfg.cost);
    json_builder_set_member_name (jb, "init");
    json_builder_add_string_value (jb, pl_init_kind_to_string (cfg.init));
    json_builder_set_member_name (jb, "samples");
    json_builder_add_int_value (jb, samples);
    json_builder_set_member_name (jb, "fits");
    json_builder_begin_array (jb);
    for (guint f = 0; f < fits->len; f++)
      {
        const PlScanFit *fit = &g_array_index (fits, PlScanFit, f);

        json_builder_begin_object (jb);
        json_builder_set_member_name (jb, "model");
        json_builder_add_string_value (jb, "pqc");
        json_builder_set_member_name (jb, "cost");
        json_builder_add_string_value (jb, cfg.cost);
        json_builder_set_member_name (jb, fit->qubits == G_MAXUINT ? "layers" : "qubits");
        json_builder_add_int_value (jb, fit->qubits == G_MAXUINT ? fit->layers : fit->qubits);
        json_builder_set_member_name (jb, "against");
        json_builder_add_string_value (jb, fit->qubits == G_MAXUINT ? "qubits" : "layers");
        json_builder_set_member_name (jb, "slope");
        json_builder_add_double_value (jb, fit->slope);
        json_builder_set_member_name (jb, "slope_stderr");
        if (isfinite (fit->slope_stderr))
          json_builder_add_double_value (jb, fit->slope_stderr);
        else
          json_builder_add_null_value (jb);
        json_builder_set_member_name (jb, "intercept");
        json_builder_add_double_value (jb, fit->intercept);
        json_builder_set_member_name (jb, "points");
        json_builder_add_int_value (jb, fit->n_points);
        json_builder_end_object (jb);
      }
    json_builder_end_array (jb);
    json_builder_set_member_name (jb, "points");
    json_builder_add_int_value (jb, points->len);
    json_builder_set_member_name (jb, "seconds");
    json_builder_add_double_value (jb, seconds);
    json_builder_set_member_name (jb, "csv");
    json_builder_add_string_value (jb, csv_path);
    json_builder_end_object (jb);
    root = json_builder_get_root (jb);
    json_path = g_build_filename (out, "summary.json", NULL);
    text = pl_json_to_string (root, TRUE);
    if (!cli_write_file (json_path, text, &error))
      goto fail;
    if (common.json)
      cli_print_json (root);
  }
  cli_template_clear (&t);
  return 0;

fail:
  status = cli_fail (&common, error);
  cli_template_clear (&t);
  return status;
}
