/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-train-output.c: what `plateau-cli train` writes after a run: history.csv, solution.csv,
 * summary.json and the loss and solution figures.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli-train.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

gboolean
cli_train_write_history (const CliTrainRun  *run,
                         const char         *path,
                         GError            **error)
{
  PlLoss *loss = pl_trainer_get_loss (run->trainer);
  guint nt = pl_loss_n_terms (loss);
  guint n = pl_trainer_history_length (run->trainer);
  g_autofree PlTrainRecord *rec = g_new (PlTrainRecord, MAX (n, 1));
  g_autoptr(GString) s = g_string_new ("step,loss");
  gboolean causal = pl_loss_causal_bins (loss) > 0;

  for (guint k = 0; k < nt; k++)
    g_string_append_printf (s, ",L_%s", pl_loss_term_name (loss, k));
  for (guint k = 0; k < nt; k++)
    g_string_append_printf (s, ",w_%s", pl_loss_term_name (loss, k));
  for (guint b = 0; b < PL_N_BLOCKS; b++)
    if (pl_model_block (run->model, b).size > 0)
      g_string_append_printf (s, ",grad_%s", pl_block_name (b));
  /* like the gradient columns, the causal ones only when there is something to report */
  g_string_append (s, causal ? ",rel_l2,lr,causal_epsilon,causal_min_weight,seconds\n"
                             : ",rel_l2,lr,seconds\n");

  pl_trainer_history_copy (run->trainer, 0, n, rec);
  for (guint i = 0; i < n; i++)
    {
      const PlTrainRecord *r = &rec[i];

      g_string_append_printf (s, "%" G_GUINT64_FORMAT ",", r->step);
      cli_csv_append_double (s, r->loss);
      for (guint k = 0; k < nt; k++)
        {
          g_string_append_c (s, ',');
          cli_csv_append_double (s, r->components[k]);
        }
      for (guint k = 0; k < nt; k++)
        {
          g_string_append_c (s, ',');
          cli_csv_append_double (s, r->weights[k]);
        }
      for (guint b = 0; b < PL_N_BLOCKS; b++)
        if (pl_model_block (run->model, b).size > 0)
          {
            g_string_append_c (s, ',');
            cli_csv_append_double (s, r->grad_norm[b]);
          }
      g_string_append_c (s, ',');
      cli_csv_append_double (s, r->rel_l2);
      g_string_append_c (s, ',');
      cli_csv_append_double (s, r->lr);
      if (causal)
        {
          g_string_append_c (s, ',');
          cli_csv_append_double (s, r->causal_epsilon);
          g_string_append_c (s, ',');
          cli_csv_append_double (s, r->causal_min_weight);
        }
      g_string_append_printf (s, ",%.6f\n", r->seconds);
    }
  return cli_write_file (path, s->str, error);
}

gboolean
cli_train_write_solution (CliTrainRun  *run,
                          const char   *path,
                          GError      **error)
{
  guint d = pl_problem_get_n_inputs (run->problem);
  guint m = pl_problem_get_n_outputs (run->problem);
  const char *axes = pl_problem_get_axes (run->problem);
  g_autoptr(GString) s = g_string_new (NULL);
  gsize n;

  n = pl_problem_eval_grid_size (run->problem, run->eval_n);
  run->n_grid = n;
  g_clear_pointer (&run->grid, g_free);
  g_clear_pointer (&run->pred, g_free);
  g_clear_pointer (&run->exact, g_free);
  run->grid = g_new (double, n * d);
  run->pred = g_new (double, n * m);
  pl_problem_eval_grid (run->problem, run->eval_n, run->grid);
  pl_loss_predict (pl_trainer_get_loss (run->trainer), pl_trainer_get_params (run->trainer),
                   run->grid, n, run->pred);
  if (pl_problem_has_exact (run->problem))
    {
      run->exact = g_new (double, n * m);
      if (!pl_problem_exact (run->problem, run->grid, n, run->exact, error))
        return FALSE;
    }

  for (guint j = 0; j < d; j++)
    g_string_append_printf (s, "%s%c", j ? "," : "", axes[j]);
  for (guint o = 0; o < m; o++)
    {
      const char *name = pl_problem_get_output_name (run->problem, o);

      g_string_append_printf (s, ",%s", name);
      if (run->exact != NULL)
        g_string_append_printf (s, ",%s_exact,%s_error", name, name);
    }
  g_string_append_c (s, '\n');
  for (gsize p = 0; p < n; p++)
    {
      for (guint j = 0; j < d; j++)
        {
          if (j)
            g_string_append_c (s, ',');
          cli_csv_append_double (s, run->grid[j * n + p]);
        }
      for (guint o = 0; o < m; o++)
        {
          g_string_append_c (s, ',');
          cli_csv_append_double (s, run->pred[o * n + p]);
          if (run->exact != NULL)
            {
              g_string_append_c (s, ',');
              cli_csv_append_double (s, run->exact[o * n + p]);
              g_string_append_c (s, ',');
              cli_csv_append_double (s, run->pred[o * n + p] - run->exact[o * n + p]);
            }
        }
      g_string_append_c (s, '\n');
    }
  return cli_write_file (path, s->str, error);
}

static gboolean
save_figure (PlFigure    *fig,
             const char  *dir,
             const char  *stem,
             double       width,
             double       height,
             GError     **error)
{
  g_autofree char *png_name = g_strconcat (stem, ".png", NULL);
  g_autofree char *pdf_name = g_strconcat (stem, ".pdf", NULL);
  g_autofree char *png = g_build_filename (dir, png_name, NULL);
  g_autofree char *pdf = g_build_filename (dir, pdf_name, NULL);

  return pl_figure_save (fig, png, PL_PLOT_FORMAT_PNG, width, height, 200, error) &&
         pl_figure_save (fig, pdf, PL_PLOT_FORMAT_PDF, width, height, 72, error);
}

gboolean
cli_train_write_loss_figure (const CliTrainRun  *run,
                             const char         *dir,
                             GError            **error)
{
  PlLoss *loss = pl_trainer_get_loss (run->trainer);
  guint nt = pl_loss_n_terms (loss);
  guint n = pl_trainer_history_length (run->trainer);
  g_autofree PlTrainRecord *rec = g_new (PlTrainRecord, MAX (n, 1));
  g_autofree double *x = g_new (double, MAX (n, 1));
  g_autofree double *y = g_new (double, MAX (n, 1));
  g_autoptr(PlFigure) fig = pl_figure_new (1, 1);
  PlPlotAxes *ax = pl_figure_get_axes (fig, 0, 0);
  g_autofree char *title = g_strdup_printf ("%s: training loss", run->name);

  pl_trainer_history_copy (run->trainer, 0, n, rec);
  pl_plot_axes_set_title (ax, title);
  pl_plot_axes_set_xlabel (ax, "step");
  pl_plot_axes_set_ylabel (ax, "loss");
  pl_plot_axes_set_yscale (ax, PL_PLOT_SCALE_LOG10);
  pl_plot_axes_set_legend (ax, PL_PLOT_LEGEND_BEST);
  for (guint i = 0; i < n; i++)
    {
      x[i] = (double) rec[i].step;
      y[i] = rec[i].loss;
    }
  pl_plot_axes_add_line (ax, "total (weighted)", n, x, y);
  for (guint k = 0; k < nt && nt > 1; k++)
    {
      PlPlotSeries *series;
      g_autofree char *label = NULL;
      gboolean weighted = FALSE;

      for (guint i = 0; i < n; i++)
        {
          y[i] = rec[i].components[k];
          weighted |= rec[i].weights[k] != 0;
        }
      /* a term weighted 0 throughout is reported, not trained: say so beside its curve */
      label = weighted || n == 0
        ? g_strdup (pl_loss_term_name (loss, k))
        : g_strdup_printf ("%s (weight 0)", pl_loss_term_name (loss, k));
      series = pl_plot_axes_add_line (ax, label, n, x, y);
      pl_plot_series_set_dash (series, PL_PLOT_DASH_DASHED);
    }
  return save_figure (fig, dir, "loss", 360, 270, error);
}

static void
heatmap_panel (PlFigure        *fig,
               guint            col,
               const char      *title,
               const double    *z,
               const CliTrainRun *run,
               guint            nx,
               guint            ny,
               gboolean         diverging)
{
  PlPlotAxes *ax = pl_figure_get_axes (fig, 0, col);
  const char *axes = pl_problem_get_axes (run->problem);
  double lo[PL_PROBLEM_MAX_INPUTS], hi[PL_PROBLEM_MAX_INPUTS];
  char xl[2] = { axes[0], 0 }, yl[2] = { axes[1], 0 };
  double hx, hy;
  PlPlotSeries *s;

  pl_problem_get_bounds (run->problem, lo, hi);
  hx = nx > 1 ? (hi[0] - lo[0]) / (nx - 1) / 2 : 0;
  hy = ny > 1 ? (hi[1] - lo[1]) / (ny - 1) / 2 : 0;
  pl_plot_axes_set_title (ax, title);
  pl_plot_axes_set_xlabel (ax, xl);
  pl_plot_axes_set_ylabel (ax, yl);
  s = pl_plot_axes_add_heatmap (ax, NULL, nx, ny, z, lo[0] - hx, hi[0] + hx, lo[1] - hy,
                                hi[1] + hy);
  if (diverging)
    pl_plot_series_set_colormap (s, PL_COLORMAP_RDBU, FALSE);
}

gboolean
cli_train_write_solution_figure (const CliTrainRun  *run,
                                 const char         *dir,
                                 GError            **error)
{
  guint d = pl_problem_get_n_inputs (run->problem);
  guint m = pl_problem_get_n_outputs (run->problem);
  gsize n = run->n_grid;
  g_autoptr(PlFigure) fig = NULL;

  if (d == 1)
    {
      PlPlotAxes *ax;
      char xl[2] = { pl_problem_get_axes (run->problem)[0], 0 };

      fig = pl_figure_new (1, 1);
      ax = pl_figure_get_axes (fig, 0, 0);
      pl_plot_axes_set_title (ax, run->name);
      pl_plot_axes_set_xlabel (ax, xl);
      pl_plot_axes_set_ylabel (ax, m == 1 ? pl_problem_get_output_name (run->problem, 0)
                                          : "solution");
      pl_plot_axes_set_legend (ax, PL_PLOT_LEGEND_BEST);
      for (guint o = 0; o < m; o++)
        {
          const char *name = pl_problem_get_output_name (run->problem, o);
          g_autofree char *pl = g_strdup_printf ("%s prediction", name);
          g_autofree char *el = g_strdup_printf ("%s exact", name);
          PlColor color;
          PlPlotSeries *s;

          pl_plot_palette_color (o, &color);
          if (run->exact != NULL)
            {
              s = pl_plot_axes_add_line (ax, el, n, run->grid, run->exact + o * n);
              pl_plot_series_set_color (s, &color);
              pl_plot_series_set_dash (s, PL_PLOT_DASH_DASHED);
            }
          s = pl_plot_axes_add_line (ax, pl, n, run->grid, run->pred + o * n);
          pl_plot_series_set_color (s, &color);
        }
      return save_figure (fig, dir, "solution", 360, 270, error);
    }

  {
    /* the first output on the first two axes; further axes at their middle grid line */
    guint per = (guint) llround (pow ((double) n, 1.0 / d));
    gsize plane = (gsize) per * per, offset = 0;
    g_autofree double *err = NULL;
    const char *name = pl_problem_get_output_name (run->problem, 0);
    g_autofree char *t1 = g_strdup_printf ("%s prediction", name);
    g_autofree char *t2 = g_strdup_printf ("%s exact", name);
    g_autofree char *t3 = g_strdup_printf ("%s error", name);

    for (guint j = 2; j < d; j++)
      offset += (gsize) (per / 2) * plane;
    fig = pl_figure_new (1, run->exact != NULL ? 3 : 1);
    heatmap_panel (fig, 0, t1, run->pred + offset, run, per, per, FALSE);
    if (run->exact != NULL)
      {
        err = g_new (double, plane);
        for (gsize p = 0; p < plane; p++)
          err[p] = run->pred[offset + p] - run->exact[offset + p];
        heatmap_panel (fig, 1, t2, run->exact + offset, run, per, per, FALSE);
        heatmap_panel (fig, 2, t3, err, run, per, per, TRUE);
      }
    return save_figure (fig, dir, "solution", run->exact != NULL ? 900 : 320, 260, error);
  }
}

JsonNode *
cli_train_summary (const CliTrainRun *run,
                   const char        *out)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  PlLoss *loss = pl_trainer_get_loss (run->trainer);
  PlTrainRecord last;
  gboolean have = pl_trainer_snapshot (run->trainer, &last, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, run->name);
  json_builder_set_member_name (b, "problem");
  json_builder_add_string_value (b, pl_problem_get_name (run->problem));
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, pl_model_kind_to_string (pl_model_get_config (run->model)->kind));
  json_builder_set_member_name (b, "n_params");
  json_builder_add_int_value (b, (gint64) pl_model_n_params (run->model));
  cli_json_add_double (b, "rel_l2", run->rel_l2);
  json_builder_set_member_name (b, "shots");
  json_builder_add_int_value (b, (gint64) run->experiment->shots);
  if (run->experiment->shots > 0)
    {
      json_builder_set_member_name (b, "circuits_per_step");
      json_builder_add_int_value (b, (gint64) run->circuits_per_step);
    }
  if (run->eval_shots > 0)
    {
      json_builder_set_member_name (b, "eval_shots");
      json_builder_add_int_value (b, (gint64) run->eval_shots);
      cli_json_add_double (b, "rel_l2_shots", run->rel_l2_shots);
    }
  json_builder_set_member_name (b, "causal");
  if (run->experiment->causal_bins > 0)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "bins");
      json_builder_add_int_value (b, run->experiment->causal_bins);
      json_builder_set_member_name (b, "epsilon");
      json_builder_begin_array (b);
      for (guint i = 0; i < run->experiment->n_causal_epsilon; i++)
        json_builder_add_double_value (b, run->experiment->causal_epsilon[i]);
      json_builder_end_array (b);
      /* the last step's: NaN (null) once L-BFGS trains the plain loss */
      cli_json_add_double (b, "last_epsilon", have ? last.causal_epsilon : NAN);
      cli_json_add_double (b, "last_min_weight", have ? last.causal_min_weight : NAN);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "steps");
  json_builder_add_int_value (b, have ? (gint64) last.step + 1 : 0);
  json_builder_set_member_name (b, "seconds");
  json_builder_add_double_value (b, run->seconds);
  json_builder_set_member_name (b, "steps_per_s");
  json_builder_add_double_value (b, pl_trainer_steps_per_second (run->trainer));
  json_builder_set_member_name (b, "loss");
  if (have && isfinite (last.loss))
    json_builder_add_double_value (b, last.loss);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "components");
  json_builder_begin_object (b);
  for (guint k = 0; have && k < pl_loss_n_terms (loss); k++)
    {
      json_builder_set_member_name (b, pl_loss_term_name (loss, k));
      json_builder_add_double_value (b, last.components[k]);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64) run->experiment->seed);
  json_builder_set_member_name (b, "threads");
  json_builder_add_int_value (b, pl_loss_get_threads (loss));
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, run->status);
  json_builder_set_member_name (b, "out");
  json_builder_add_string_value (b, out);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
