/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-scan.c: `plateau-cli scan`: gradient variance against qubits and layers (barren
 * plateaus) for the circuit alone and inside QPINN-MAC hybrids, with the table (scan.csv),
 * the fitted decay rates (summary.json) and a figure with the models side by side.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* One scan of the command: a model and a cost over the qubit and layer lists. */
typedef struct {
  PlScanModel  model;
  char        *cost;
  GArray      *points;
  GArray      *fits[3];   /* by PlScanQuantity; NULL where the model has no such quantity */
} ScanRun;

static void
scan_run_clear (gpointer data)
{
  ScanRun *r = data;

  g_free (r->cost);
  g_clear_pointer (&r->points, g_array_unref);
  for (guint q = 0; q < G_N_ELEMENTS (r->fits); q++)
    g_clear_pointer (&r->fits[q], g_array_unref);
}

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
  if (p->model == PL_SCAN_MODEL_HYBRID)
    fprintf (stderr, "[%u/%u] %s %s: %2u qubits, %3u layers: Var = %.4e +- %.1e, classical "
             "%.4e, all %.4e (%.2f s)\n", done, total, ctx->model, ctx->cost, p->qubits,
             p->layers, p->variance, p->stderr_, p->classical_variance, p->total_variance,
             p->seconds);
  else
    fprintf (stderr, "[%u/%u] %s %s: %2u qubits, %3u layers: Var = %.4e +- %.1e (%.2f s)\n",
             done, total, ctx->model, ctx->cost, p->qubits, p->layers, p->variance,
             p->stderr_, p->seconds);
}

/* Markers at the points of one quantity for layer count L, with the fitted line dashed. */
static void
add_series (PlPlotAxes     *ax,
            const ScanRun  *run,
            PlScanQuantity  quantity,
            guint           L,
            const char     *label,
            guint           color_index,
            PlPlotMarker    marker)
{
  const GArray *points = run->points;
  g_autofree double *x = g_new (double, points->len);
  g_autofree double *y = g_new (double, points->len);
  g_autofree double *e = g_new (double, points->len);
  PlPlotSeries *s;
  PlColor color;
  guint n = 0;

  for (guint i = 0; i < points->len; i++)
    {
      const PlScanPoint *p = &g_array_index (points, PlScanPoint, i);

      if (p->layers != L)
        continue;
      x[n] = p->qubits;
      y[n] = quantity == PL_SCAN_QUANTITY_CLASSICAL ? p->classical_variance : p->variance;
      e[n] = quantity == PL_SCAN_QUANTITY_CLASSICAL ? p->classical_stderr : p->stderr_;
      n++;
    }
  s = pl_plot_axes_add_errorbars (ax, label, n, x, y, e);
  pl_plot_palette_color (color_index, &color);
  pl_plot_series_set_color (s, &color);
  pl_plot_series_set_marker (s, marker, 3.0);
  for (guint f = 0; run->fits[quantity] != NULL && f < run->fits[quantity]->len; f++)
    {
      const PlScanFit *fit = &g_array_index (run->fits[quantity], PlScanFit, f);
      double fx[2], fy[2];

      if (fit->layers != L || n < 2)
        continue;
      fx[0] = x[0];
      fx[1] = x[n - 1];
      fy[0] = exp (fit->intercept + fit->slope * fx[0]);
      fy[1] = exp (fit->intercept + fit->slope * fx[1]);
      s = pl_plot_axes_add_line (ax, NULL, 2, fx, fy);
      pl_plot_series_set_color (s, &color);
      pl_plot_series_set_dash (s, quantity == PL_SCAN_QUANTITY_CLASSICAL ? PL_PLOT_DASH_DOTTED
                                                                         : PL_PLOT_DASH_DASHED);
    }
}

/* One panel per model, side by side, on a shared variance range. */
static gboolean
scan_figure (const GArray  *runs,
             const GArray  *models,
             const GArray  *layers,
             const char    *title,
             const char    *problem,
             const char    *dir,
             GError       **error)
{
  g_autoptr(PlFigure) fig = pl_figure_new (1, models->len);
  g_autofree char *png = g_build_filename (dir, "scan.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "scan.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "scan-figure.csv", NULL);
  double lo = INFINITY, hi = 0;

  for (guint r = 0; r < runs->len; r++)
    {
      const ScanRun *run = &g_array_index (runs, ScanRun, r);

      for (guint i = 0; i < run->points->len; i++)
        {
          const PlScanPoint *p = &g_array_index (run->points, PlScanPoint, i);
          double v[2] = { p->variance, p->classical_variance };

          for (guint k = 0; k < 2; k++)
            if (v[k] > 0 && isfinite (v[k]))
              {
                lo = MIN (lo, v[k]);
                hi = MAX (hi, v[k]);
              }
        }
    }

  for (guint m = 0; m < models->len; m++)
    {
      PlScanModel model = g_array_index (models, PlScanModel, m);
      PlPlotAxes *ax = pl_figure_get_axes (fig, 0, m);
      g_autofree char *panel = g_strdup_printf ("%s: %s%s%s", pl_scan_model_to_string (model),
                                                title, model != PL_SCAN_MODEL_PQC ? ", " : "",
                                                model != PL_SCAN_MODEL_PQC ? problem : "");
      guint color = 0;

      pl_plot_axes_set_title (ax, panel);
      pl_plot_axes_set_xlabel (ax, "qubits n");
      pl_plot_axes_set_ylabel (ax, model == PL_SCAN_MODEL_PQC ? "Var[\u2202C/\u2202\u03b8]"
                                                              : "Var[\u2202L/\u2202\u03b8]");
      pl_plot_axes_set_yscale (ax, PL_PLOT_SCALE_LOG10);
      pl_plot_axes_set_legend (ax, PL_PLOT_LEGEND_BEST);
      if (hi > 0)
        pl_plot_axes_set_ylim (ax, lo / 2, hi * 2);
      for (guint r = 0; r < runs->len; r++)
        {
          const ScanRun *run = &g_array_index (runs, ScanRun, r);

          if (run->model != model)
            continue;
          for (guint l = 0; l < layers->len; l++, color++)
            {
              guint L = g_array_index (layers, guint, l);
              g_autofree char *label = g_strdup_printf ("%s, L = %u", run->cost, L);
              g_autofree char *clabel = g_strdup_printf ("classical, %s, L = %u", run->cost, L);

              g_strdelimit (label, "<>&", ' ');
              g_strdelimit (clabel, "<>&", ' ');
              add_series (ax, run, PL_SCAN_QUANTITY_PARAM, L, label, color,
                          PL_PLOT_MARKER_CIRCLE);
              if (model == PL_SCAN_MODEL_HYBRID)
                add_series (ax, run, PL_SCAN_QUANTITY_CLASSICAL, L, clabel, color,
                            PL_PLOT_MARKER_SQUARE);
            }
        }
    }
  return pl_figure_save (fig, png, PL_PLOT_FORMAT_PNG, 300 * models->len, 260, 200, error) &&
         pl_figure_save (fig, pdf, PL_PLOT_FORMAT_PDF, 300 * models->len, 260, 72, error) &&
         pl_figure_save_csv (fig, csv, error);
}

static void
add_fits_json (JsonBuilder   *jb,
               const ScanRun *run)
{
  for (guint q = 0; q < G_N_ELEMENTS (run->fits); q++)
    for (guint f = 0; run->fits[q] != NULL && f < run->fits[q]->len; f++)
      {
        const PlScanFit *fit = &g_array_index (run->fits[q], PlScanFit, f);

        json_builder_begin_object (jb);
        json_builder_set_member_name (jb, "model");
        json_builder_add_string_value (jb, pl_scan_model_to_string (run->model));
        json_builder_set_member_name (jb, "cost");
        json_builder_add_string_value (jb, run->cost);
        json_builder_set_member_name (jb, "quantity");
        json_builder_add_string_value (jb, pl_scan_quantity_to_string (q));
        json_builder_set_member_name (jb, fit->qubits == G_MAXUINT ? "layers" : "qubits");
        json_builder_add_int_value (jb, fit->qubits == G_MAXUINT ? fit->layers : fit->qubits);
        json_builder_set_member_name (jb, "against");
        json_builder_add_string_value (jb, fit->qubits == G_MAXUINT ? "qubits" : "layers");
        json_builder_set_member_name (jb, "slope");
        json_builder_add_double_value (jb, fit->slope);
        cli_json_add_double (jb, "slope_stderr", fit->slope_stderr);
        json_builder_set_member_name (jb, "intercept");
        json_builder_add_double_value (jb, fit->intercept);
        json_builder_set_member_name (jb, "points");
        json_builder_add_int_value (jb, fit->n_points);
        json_builder_end_object (jb);
      }
}

static void
print_run (const ScanRun *run)
{
  printf ("%s, cost %s\n", pl_scan_model_to_string (run->model), run->cost);
  printf ("  %-7s %-7s %-14s %-12s %-14s %-14s %s\n", "qubits", "layers", "variance", "stderr",
          "classical", "all params", "seconds");
  for (guint i = 0; i < run->points->len; i++)
    {
      const PlScanPoint *p = &g_array_index (run->points, PlScanPoint, i);

      printf ("  %-7u %-7u %-14.6e %-12.3e %-14.6e %-14.6e %.2f\n", p->qubits, p->layers,
              p->variance, p->stderr_, p->classical_variance, p->total_variance, p->seconds);
    }
  for (guint q = 0; q < G_N_ELEMENTS (run->fits); q++)
    for (guint f = 0; run->fits[q] != NULL && f < run->fits[q]->len; f++)
      {
        const PlScanFit *fit = &g_array_index (run->fits[q], PlScanFit, f);

        if (fit->qubits == G_MAXUINT)
          printf ("  %s, L = %u: d ln Var / d n = %.4f +- %.4f (Var ~ %.3g^n)\n",
                  pl_scan_quantity_to_string (q), fit->layers, fit->slope, fit->slope_stderr,
                  exp (fit->slope));
        else
          printf ("  %s, n = %u: d ln Var / d L = %.4f +- %.4f\n",
                  pl_scan_quantity_to_string (q), fit->qubits, fit->slope, fit->slope_stderr);
      }
}

/* "pqc,hybrid" into distinct models, in the order given. */
static gboolean
parse_models (const char  *text,
              GArray     **out,
              GError     **error)
{
  g_autoptr(GArray) models = g_array_new (FALSE, FALSE, sizeof (PlScanModel));
  g_auto(GStrv) items = g_strsplit (text, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      PlScanModel m;
      gboolean dup = FALSE;

      if (!pl_scan_model_from_string (g_strstrip (items[i]), &m, error))
        {
          g_prefix_error (error, "--model: ");
          return FALSE;
        }
      for (guint k = 0; k < models->len; k++)
        dup |= g_array_index (models, PlScanModel, k) == m;
      if (!dup)
        g_array_append_val (models, m);
    }
  if (models->len == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "--model: no models given");
      return FALSE;
    }
  *out = g_steal_pointer (&models);
  return TRUE;
}

static gboolean
parse_param (const char   *param,
             PlScanParam  *out,
             GError      **error)
{
  static const char *names[] = { "first", "middle", "last", "all" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (param, names[i]) == 0)
      {
        *out = (PlScanParam) i;
        return TRUE;
      }
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "unknown --param '%s' (first, middle, last, all)", param);
  return FALSE;
}

static JsonNode *
summary_json (const PlScanConfig *cfg,
              const GArray       *runs,
              const char         *problem,
              gint                samples,
              double              seconds,
              const char         *csv_path)
{
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  guint n_points = 0;
  gboolean hybrid = FALSE;

  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "template");
  json_builder_add_string_value (jb, cfg->template_name);
  json_builder_set_member_name (jb, "models");
  json_builder_begin_array (jb);
  for (guint r = 0; r < runs->len; r++)
    {
      const ScanRun *run = &g_array_index (runs, ScanRun, r);
      gboolean seen = FALSE;

      for (guint k = 0; k < r; k++)
        seen |= g_array_index (runs, ScanRun, k).model == run->model;
      if (!seen)
        json_builder_add_string_value (jb, pl_scan_model_to_string (run->model));
      hybrid |= run->model != PL_SCAN_MODEL_PQC;
      n_points += run->points->len;
    }
  json_builder_end_array (jb);
  json_builder_set_member_name (jb, "model");
  json_builder_add_string_value (jb, pl_scan_model_to_string (g_array_index (runs, ScanRun,
                                                                             0).model));
  json_builder_set_member_name (jb, "cost");
  json_builder_add_string_value (jb, g_array_index (runs, ScanRun, 0).cost);
  json_builder_set_member_name (jb, "problem");
  if (hybrid)
    json_builder_add_string_value (jb, problem);
  else
    json_builder_add_null_value (jb);
  json_builder_set_member_name (jb, "init");
  json_builder_add_string_value (jb, pl_init_kind_to_string (cfg->init));
  json_builder_set_member_name (jb, "samples");
  json_builder_add_int_value (jb, samples);
  json_builder_set_member_name (jb, "fits");
  json_builder_begin_array (jb);
  for (guint r = 0; r < runs->len; r++)
    add_fits_json (jb, &g_array_index (runs, ScanRun, r));
  json_builder_end_array (jb);
  json_builder_set_member_name (jb, "points");
  json_builder_add_int_value (jb, n_points);
  json_builder_set_member_name (jb, "seconds");
  json_builder_add_double_value (jb, seconds);
  json_builder_set_member_name (jb, "csv");
  json_builder_add_string_value (jb, csv_path);
  json_builder_end_object (jb);
  return json_builder_get_root (jb);
}

int
cli_cmd_scan (int    argc,
              char **argv)
{
  CliCommon common = { .command = "scan" };
  CliSweep sw = { .t = { .features = 1 }, .samples = 200 };
  g_autofree char *cost = NULL;
  g_autofree char *model = NULL;
  g_autofree char *init = NULL;
  g_autofree char *param = NULL;
  g_autofree char *out = NULL;
  gboolean fixed_structure = FALSE;
  double sigma = 0.1;
  GOptionEntry entries[40] = {
    { "qubits", 'n', 0, G_OPTION_ARG_STRING, &sw.qubits,
      "Qubit counts: 2:12, 2:12:2 or 4,6,8 (default 2:8)", "LIST" },
    { "layers", 'l', 0, G_OPTION_ARG_STRING, &sw.layers,
      "Layer counts, same syntax (default 5)", "LIST" },
    { "cost", 'c', 0, G_OPTION_ARG_STRING, &cost,
      "global, local or a Pauli observable such as 'Z0 Z1', several separated by ';' "
      "(default global); hybrids read it out in their PINN loss", "COST" },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model,
      "pqc (the circuit alone), hybrid-frozen (inside QPINN-MAC, quantum-only gradient), "
      "hybrid (end to end), several separated by commas (default pqc)", "MODELS" },
    { "init", 'i', 0, G_OPTION_ARG_STRING, &init,
      "uniform, small, identity or layerwise (default uniform)", "INIT" },
    { "sigma", 0, 0, G_OPTION_ARG_DOUBLE, &sigma,
      "Spread of the small-angle initialisation (default 0.1)", "S" },
    { "param", 0, 0, G_OPTION_ARG_STRING, &param,
      "Which circuit derivative: first, middle, last or all (averaged; default first)",
      "WHICH" },
    { "samples", 's', 0, G_OPTION_ARG_INT, &sw.samples,
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
  g_autoptr(GArray) models = NULL;
  g_autoptr(GArray) runs = g_array_new (FALSE, TRUE, sizeof (ScanRun));
  g_autoptr(PlProblem) problem = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) costs = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  PlScanConfig cfg = { 0 };
  PlModelConfig hybrid;
  gint64 t0 = g_get_monotonic_time ();
  gboolean any_hybrid = FALSE;
  guint blocks = 0;
  int status;

  g_array_set_clear_func (runs, scan_run_clear);
  if (!cli_sweep_parse (&sw, &common, "Barren plateaus: the variance of cost gradients "
                        "over random parameters, against qubits and layers,\nfor the circuit "
                        "alone and inside a QPINN-MAC hybrid (see pl-scan.h for how the hybrid "
                        "is built).", entries, &argc, &argv))
    {
      cli_sweep_clear (&sw);
      return 2;
    }

  if (!cli_sweep_check (&sw, argc, argv, "2:8", "5", &qubits, &layers, &error))
    goto fail;
  if (!parse_models (model ? model : "pqc", &models, &error))
    goto fail;
  for (guint m = 0; m < models->len; m++)
    any_hybrid |= g_array_index (models, PlScanModel, m) != PL_SCAN_MODEL_PQC;
  costs = g_strsplit (cost ? cost : "global", ";", -1);
  for (guint c = 0; costs[c] != NULL; c++)
    if (*g_strstrip (costs[c]) == '\0')
      {
        g_set_error_literal (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                             "--cost: an empty cost in the list");
        goto fail;
      }
  if (!pl_init_kind_from_string (init ? init : "uniform", &cfg.init, &error))
    goto fail;
  if (!parse_param (param ? param : "first", &cfg.param, &error))
    goto fail;
  if (sw.t.features < 1)
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--features must be at least 1, not %d", sw.t.features);
      goto fail;
    }
  if (!cli_hybrid_config (&sw.h, &hybrid, &error))
    goto fail;
  /* the problem is checked before any point is computed */
  if (any_hybrid && !(problem = pl_problem_new (cli_hybrid_problem (&sw.h), &error)))
    goto fail;

  cfg.template_name = sw.t.template_name ? sw.t.template_name : "hea";
  cli_template_options (&sw.t, &common, 1, 1, &cfg.base);
  cfg.qubits = (const guint *) qubits->data;
  cfg.n_qubits = qubits->len;
  cfg.layers = (const guint *) layers->data;
  cfg.n_layers = layers->len;
  cfg.sigma = sigma;
  cfg.samples = sw.samples;
  cfg.seed = (guint64) common.seed;
  cfg.threads = cli_threads (&common);
  cfg.resample_structure = !fixed_structure && g_strcmp0 (cfg.template_name, "mcclean") == 0;
  cfg.custom_problem = problem;
  cfg.hybrid = &hybrid;
  cfg.points = sw.h.points;

  if (!out)
    out = g_strdup ("plateau-out/scan");
  if (!cli_ensure_dir (out, &error))
    goto fail;
  for (guint m = 0; m < models->len; m++)
    for (guint c = 0; costs[c] != NULL; c++)
      {
        ScanRun run = { g_array_index (models, PlScanModel, m), g_strdup (costs[c]) };
        ScanContext ctx = { &common, pl_scan_model_to_string (run.model), run.cost };

        cfg.model = run.model;
        cfg.cost = run.cost;
        if (!pl_scan_run (&cfg, progress_cb, &ctx, NULL, &run.points, &error))
          {
            scan_run_clear (&run);
            goto fail;
          }
        run.fits[PL_SCAN_QUANTITY_PARAM] = pl_scan_fit (run.points);
        if (run.model == PL_SCAN_MODEL_HYBRID)
          {
            run.fits[PL_SCAN_QUANTITY_TOTAL] = pl_scan_fit_quantity (run.points,
                                                                     PL_SCAN_QUANTITY_TOTAL);
            run.fits[PL_SCAN_QUANTITY_CLASSICAL] =
              pl_scan_fit_quantity (run.points, PL_SCAN_QUANTITY_CLASSICAL);
          }
        blocks |= pl_scan_csv_blocks (run.points);
        g_array_append_val (runs, run);
      }

  pl_scan_csv_header (csv, blocks);
  for (guint r = 0; r < runs->len; r++)
    {
      const ScanRun *run = &g_array_index (runs, ScanRun, r);

      pl_scan_csv_append (csv, blocks, run->points, run->cost, pl_init_kind_to_string (cfg.init),
                          param ? param : "first", cli_hybrid_problem (&sw.h));
    }
  csv_path = g_build_filename (out, "scan.csv", NULL);
  if (!cli_write_file (csv_path, csv->str, &error))
    goto fail;
  title = g_strdup_printf ("%s, %s init", cfg.template_name, pl_init_kind_to_string (cfg.init));
  if (!scan_figure (runs, models, layers, title, cli_hybrid_problem (&sw.h), out, &error))
    goto fail;

  root = summary_json (&cfg, runs, cli_hybrid_problem (&sw.h), sw.samples,
                       (g_get_monotonic_time () - t0) * 1e-6, csv_path);
  json_path = g_build_filename (out, "summary.json", NULL);
  text = pl_json_to_string (root, TRUE);
  if (!cli_write_file (json_path, text, &error))
    goto fail;
  if (common.json)
    cli_print_json (root);
  else
    {
      for (guint r = 0; r < runs->len; r++)
        print_run (&g_array_index (runs, ScanRun, r));
      printf ("wrote %s, scan.png, scan.pdf, summary.json in %s (%.1f s)\n", csv_path, out,
              (g_get_monotonic_time () - t0) * 1e-6);
    }
  cli_sweep_clear (&sw);
  return 0;

fail:
  status = cli_fail (&common, error);
  cli_sweep_clear (&sw);
  return status;
}
