/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-landscape-plot.c: the loss-landscape figure shared by the CLI and the GUI: heatmap,
 * iso-loss contours and the projected trajectory (see pl-landscape.h).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-landscape.h"
#include "pl-plot.h"

#include <math.h>

/* Corners of a cell in the order bottom-left, bottom-right, top-right, top-left; edge e joins
 * corner e and corner (e + 1) mod 4, so the corner c touches edges c and (c + 3) mod 4. */
static void
edge_point (const double *cx,
            const double *cy,
            const double *cv,
            guint         e,
            double        level,
            double       *x,
            double       *y)
{
  guint a = e, b = (e + 1) % 4;
  double t = (level - cv[a]) / (cv[b] - cv[a]);

  *x = cx[a] + t * (cx[b] - cx[a]);
  *y = cy[a] + t * (cy[b] - cy[a]);
}

static void
add_segment (GArray       *xs,
             GArray       *ys,
             const double *cx,
             const double *cy,
             const double *cv,
             guint         e0,
             guint         e1,
             double        level)
{
  double p[4], sep = NAN;

  edge_point (cx, cy, cv, e0, level, &p[0], &p[1]);
  edge_point (cx, cy, cv, e1, level, &p[2], &p[3]);
  g_array_append_val (xs, p[0]);
  g_array_append_val (ys, p[1]);
  g_array_append_val (xs, p[2]);
  g_array_append_val (ys, p[3]);
  g_array_append_val (xs, sep);
  g_array_append_val (ys, sep);
}

gsize
pl_landscape_contour (const PlLandscape  *ls,
                      double              level,
                      double            **x_out,
                      double            **y_out)
{
  GArray *xs = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *ys = g_array_new (FALSE, FALSE, sizeof (double));
  gsize n;

  g_return_val_if_fail (ls != NULL && x_out != NULL && y_out != NULL, 0);

  for (guint j = 0; ls->ny >= 2 && j + 1 < ls->ny; j++)
    for (guint i = 0; i + 1 < ls->nx; i++)
      {
        double cx[4] = { ls->alpha[i], ls->alpha[i + 1], ls->alpha[i + 1], ls->alpha[i] };
        double cy[4] = { ls->beta[j], ls->beta[j], ls->beta[j + 1], ls->beta[j + 1] };
        double cv[4] = { ls->loss[j * ls->nx + i], ls->loss[j * ls->nx + i + 1],
                         ls->loss[(j + 1) * ls->nx + i + 1], ls->loss[(j + 1) * ls->nx + i] };
        gboolean above[4];
        guint crossing[4], n_cross = 0;

        if (!isfinite (cv[0]) || !isfinite (cv[1]) || !isfinite (cv[2]) || !isfinite (cv[3]))
          continue;
        for (guint c = 0; c < 4; c++)
          above[c] = cv[c] >= level;
        for (guint e = 0; e < 4; e++)
          if (above[e] != above[(e + 1) % 4])
            crossing[n_cross++] = e;
        if (n_cross == 2)
          add_segment (xs, ys, cx, cy, cv, crossing[0], crossing[1], level);
        else if (n_cross == 4)
          {
            /* a saddle: the corners on the other side from the cell-centre average are cut
             * off, each by the segment joining its two edges */
            gboolean centre = 0.25 * (cv[0] + cv[1] + cv[2] + cv[3]) >= level;

            for (guint c = 0; c < 4; c++)
              if (above[c] != centre)
                add_segment (xs, ys, cx, cy, cv, (c + 3) % 4, c, level);
          }
      }
  n = xs->len;
  *x_out = (double *) g_array_free (xs, FALSE);
  *y_out = (double *) g_array_free (ys, FALSE);
  return n;
}

static void
plot_2d (PlPlotAxes                  *ax,
         const PlLandscape           *ls,
         const PlLandscapeTrajectory *tr,
         gboolean                     log_scale)
{
  double dx = ls->alpha[1] - ls->alpha[0], dy = ls->beta[1] - ls->beta[0];
  gboolean use_log = log_scale && ls->loss_min > 0;
  PlPlotSeries *s;
  PlColor white = { 1, 1, 1, 0.7 }, mark;
  double zero = 0;

  pl_plot_axes_set_xlabel (ax, "<i>\u03b1</i>");
  pl_plot_axes_set_ylabel (ax, "<i>\u03b2</i>");
  s = pl_plot_axes_add_heatmap (ax, NULL, ls->nx, ls->ny, ls->loss, ls->alpha[0] - dx / 2,
                                ls->alpha[ls->nx - 1] + dx / 2, ls->beta[0] - dy / 2,
                                ls->beta[ls->ny - 1] + dy / 2);
  pl_plot_series_set_color_range (s, NAN, NAN,
                                  use_log ? PL_PLOT_SCALE_LOG10 : PL_PLOT_SCALE_LINEAR);
  pl_plot_series_set_colorbar (s, TRUE, "loss");

  /* iso-loss lines at round values of the colour range */
  if (isfinite (ls->loss_min) && ls->loss_max > ls->loss_min)
    {
      g_autoptr(PlPlotTicks) ticks = use_log
        ? pl_plot_ticks_log10 (ls->loss_min, ls->loss_max, 8, FALSE)
        : pl_plot_ticks_linear (ls->loss_min, ls->loss_max, 8, FALSE);

      for (gsize t = 0; t < ticks->n_major; t++)
        {
          g_autofree double *cx = NULL;
          g_autofree double *cy = NULL;
          double level = ticks->major[t];
          gsize n;

          if (!(level > ls->loss_min && level < ls->loss_max))
            continue;
          n = pl_landscape_contour (ls, level, &cx, &cy);
          if (n == 0)
            continue;
          s = pl_plot_axes_add_line (ax, NULL, n, cx, cy);
          pl_plot_series_set_color (s, &white);
          pl_plot_series_set_line_width (s, 0.5);
        }
    }

  /* white shows on the dark basins a centre usually sits in; no legend entry, where it would
   * not show */
  s = pl_plot_axes_add_scatter (ax, NULL, 1, &zero, &zero);
  mark = (PlColor) { 1, 1, 1, 1 };
  pl_plot_series_set_color (s, &mark);
  pl_plot_series_set_marker (s, PL_PLOT_MARKER_PLUS, 6.0);

  if (tr != NULL && tr->n > 0)
    {
      PlColor line, end;

      pl_plot_palette_color (1, &line);
      pl_plot_palette_color (3, &end);
      s = pl_plot_axes_add_line (ax, "trajectory", tr->n, tr->alpha, tr->beta);
      pl_plot_series_set_color (s, &line);
      pl_plot_series_set_marker (s, PL_PLOT_MARKER_CIRCLE, 2.0);
      s = pl_plot_axes_add_scatter (ax, "start", 1, tr->alpha, tr->beta);
      pl_plot_series_set_color (s, &line);
      pl_plot_series_set_marker (s, PL_PLOT_MARKER_SQUARE, 5.0);
      s = pl_plot_axes_add_scatter (ax, "end", 1, tr->alpha + tr->n - 1, tr->beta + tr->n - 1);
      pl_plot_series_set_color (s, &end);
      pl_plot_series_set_marker (s, PL_PLOT_MARKER_DIAMOND, 6.0);
    }
  pl_plot_axes_set_xlim (ax, ls->alpha[0] - dx / 2, ls->alpha[ls->nx - 1] + dx / 2);
  pl_plot_axes_set_ylim (ax, ls->beta[0] - dy / 2, ls->beta[ls->ny - 1] + dy / 2);
  pl_plot_axes_set_legend (ax, PL_PLOT_LEGEND_BEST);
}

static void
plot_1d (PlPlotAxes                  *ax,
         const PlLandscape           *ls,
         const PlLandscapeTrajectory *tr,
         gboolean                     log_scale)
{
  PlPlotSeries *s;
  double zero = 0;

  pl_plot_axes_set_xlabel (ax, "<i>\u03b1</i>");
  pl_plot_axes_set_ylabel (ax, "loss");
  if (log_scale && ls->loss_min > 0)
    pl_plot_axes_set_yscale (ax, PL_PLOT_SCALE_LOG10);
  pl_plot_axes_add_line (ax, "slice", ls->nx, ls->alpha, ls->loss);
  s = pl_plot_axes_add_scatter (ax, "centre", 1, &zero, &ls->center_loss);
  pl_plot_series_set_marker (s, PL_PLOT_MARKER_PLUS, 6.0);
  if (tr != NULL && tr->n > 0)
    {
      s = pl_plot_axes_add_scatter (ax, "trajectory", tr->n, tr->alpha, tr->loss);
      pl_plot_series_set_marker (s, PL_PLOT_MARKER_CIRCLE, 2.5);
    }
  pl_plot_axes_set_xlim (ax, ls->alpha[0], ls->alpha[ls->nx - 1]);
  pl_plot_axes_set_legend (ax, PL_PLOT_LEGEND_BEST);
}

void
pl_landscape_plot (PlPlotAxes                  *ax,
                   const PlLandscape           *ls,
                   const PlLandscapeTrajectory *tr,
                   gboolean                     log_scale)
{
  g_return_if_fail (ax != NULL && ls != NULL);

  if (ls->ny >= 2)
    plot_2d (ax, ls, tr, log_scale);
  else
    plot_1d (ax, ls, tr, log_scale);
}
