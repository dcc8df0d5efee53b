/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-plot.h"
#include "pl-plot-private.h"

#include <math.h>

/* ---- axes --------------------------------------------------------------------------------- */

/* Palette colours go, in order, to the series whose colour was never set, as in matplotlib:
 * a band given its line's colour does not use up the next one. */
void
_pl_plot_axes_resolve_colors (PlPlotAxes *ax)
{
  guint next = 0;

  for (guint k = 0; k < ax->series->len; k++)
    {
      PlPlotSeries *s = g_ptr_array_index (ax->series, k);

      if (s->auto_color)
        pl_plot_palette_color (next++, &s->color);
    }
}

static PlPlotAxes *
axes_new (PlFigure *fig)
{
  PlPlotAxes *ax = g_new0 (PlPlotAxes, 1);

  ax->fig = fig;
  ax->scale[0] = ax->scale[1] = PL_PLOT_SCALE_LINEAR;
  for (guint i = 0; i < 2; i++)
    ax->fixed[i][0] = ax->fixed[i][1] = NAN;
  ax->legend = PL_PLOT_LEGEND_BEST;
  ax->series = g_ptr_array_new_with_free_func (_pl_plot_series_free);
  return ax;
}

static void
axes_free (PlPlotAxes *ax)
{
  g_free (ax->title);
  g_free (ax->xlabel);
  g_free (ax->ylabel);
  g_ptr_array_unref (ax->series);
  g_free (ax);
}

static void
replace_string (char       **dst,
                const char  *src)
{
  g_free (*dst);
  *dst = src != NULL && *src != '\0' ? g_strdup (src) : NULL;
}

void
pl_plot_axes_set_title (PlPlotAxes *ax,
                        const char *markup)
{
  g_return_if_fail (ax != NULL);
  replace_string (&ax->title, markup);
}

void
pl_plot_axes_set_xlabel (PlPlotAxes *ax,
                         const char *markup)
{
  g_return_if_fail (ax != NULL);
  replace_string (&ax->xlabel, markup);
}

void
pl_plot_axes_set_ylabel (PlPlotAxes *ax,
                         const char *markup)
{
  g_return_if_fail (ax != NULL);
  replace_string (&ax->ylabel, markup);
}

void
pl_plot_axes_set_xscale (PlPlotAxes  *ax,
                         PlPlotScale  scale)
{
  g_return_if_fail (ax != NULL);
  ax->scale[0] = scale;
}

void
pl_plot_axes_set_yscale (PlPlotAxes  *ax,
                         PlPlotScale  scale)
{
  g_return_if_fail (ax != NULL);
  ax->scale[1] = scale;
}

void
pl_plot_axes_set_xlim (PlPlotAxes *ax,
                       double      lo,
                       double      hi)
{
  g_return_if_fail (ax != NULL);
  ax->fixed[0][0] = lo;
  ax->fixed[0][1] = hi;
}

void
pl_plot_axes_set_ylim (PlPlotAxes *ax,
                       double      lo,
                       double      hi)
{
  g_return_if_fail (ax != NULL);
  ax->fixed[1][0] = lo;
  ax->fixed[1][1] = hi;
}

void
pl_plot_axes_set_legend (PlPlotAxes   *ax,
                         PlPlotLegend  legend)
{
  g_return_if_fail (ax != NULL);
  ax->legend = legend;
}

void
pl_plot_axes_set_grid (PlPlotAxes *ax,
                       gboolean    grid)
{
  g_return_if_fail (ax != NULL);
  ax->grid = grid;
}

void
pl_plot_axes_clear (PlPlotAxes *ax)
{
  g_return_if_fail (ax != NULL);
  g_ptr_array_set_size (ax->series, 0);
}

gboolean
pl_plot_axes_get_area (const PlPlotAxes *ax,
                       double           *area_x,
                       double           *area_y,
                       double           *area_w,
                       double           *area_h)
{
  g_return_val_if_fail (ax != NULL, FALSE);

  if (!ax->drawn)
    return FALSE;
  if (area_x) *area_x = ax->area[0];
  if (area_y) *area_y = ax->area[1];
  if (area_w) *area_w = ax->area[2];
  if (area_h) *area_h = ax->area[3];
  return TRUE;
}

gboolean
pl_plot_axes_get_limits (const PlPlotAxes *ax,
                         double           *xlo,
                         double           *xhi,
                         double           *ylo,
                         double           *yhi)
{
  g_return_val_if_fail (ax != NULL, FALSE);

  if (!ax->drawn)
    return FALSE;
  if (xlo) *xlo = ax->lim[0][0];
  if (xhi) *xhi = ax->lim[0][1];
  if (ylo) *ylo = ax->lim[1][0];
  if (yhi) *yhi = ax->lim[1][1];
  return TRUE;
}

gboolean
_pl_plot_map (const PlPlotAxes *ax,
              double            x,
              double            y,
              double           *ux,
              double           *uy)
{
  double u, v;

  if (!_pl_plot_value_ok (ax->drawn_scale[0], x) || !_pl_plot_value_ok (ax->drawn_scale[1], y))
    return FALSE;
  /* One log10 per coordinate: the limits were scaled once by the layout. */
  u = ax->drawn_scale[0] == PL_PLOT_SCALE_LOG10 ? log10 (x) : x;
  v = ax->drawn_scale[1] == PL_PLOT_SCALE_LOG10 ? log10 (y) : y;
  *ux = ax->area[0] + ax->area[2] * (u - ax->scaled[0][0])
                      / (ax->scaled[0][1] - ax->scaled[0][0]);
  *uy = ax->area[1] + ax->area[3] * (1.0 - (v - ax->scaled[1][0])
                                           / (ax->scaled[1][1] - ax->scaled[1][0]));
  return isfinite (*ux) && isfinite (*uy);   /* 1e308 can overflow once scaled */
}

gboolean
pl_plot_axes_data_to_user (const PlPlotAxes *ax,
                           double            x,
                           double            y,
                           double           *ux,
                           double           *uy)
{
  double a, b;

  g_return_val_if_fail (ax != NULL, FALSE);

  if (!ax->drawn || !_pl_plot_map (ax, x, y, &a, &b))
    return FALSE;
  if (ux) *ux = a;
  if (uy) *uy = b;
  return TRUE;
}

gboolean
pl_plot_axes_user_to_data (const PlPlotAxes *ax,
                           double            ux,
                           double            uy,
                           double           *x,
                           double           *y)
{
  g_return_val_if_fail (ax != NULL, FALSE);

  if (!ax->drawn || ax->area[2] <= 0.0 || ax->area[3] <= 0.0)
    return FALSE;
  if (x)
    *x = _pl_plot_from_unit (ax->drawn_scale[0], ax->lim[0][0], ax->lim[0][1],
                             (ux - ax->area[0]) / ax->area[2]);
  if (y)
    *y = _pl_plot_from_unit (ax->drawn_scale[1], ax->lim[1][0], ax->lim[1][1],
                             1.0 - (uy - ax->area[1]) / ax->area[3]);
  return TRUE;
}

gsize
pl_plot_axes_get_n_skipped (const PlPlotAxes *ax)
{
  g_return_val_if_fail (ax != NULL, 0);
  return ax->n_skipped;
}

/* ---- figure ------------------------------------------------------------------------------- */

PlFigure *
pl_figure_new (guint rows,
               guint cols)
{
  PlFigure *fig;

  g_return_val_if_fail (rows > 0 && cols > 0 && rows <= 64 && cols <= 64, NULL);

  fig = g_new0 (PlFigure, 1);
  fig->rows = rows;
  fig->cols = cols;
  fig->axes = g_new0 (PlPlotAxes *, rows * cols);
  for (guint i = 0; i < rows * cols; i++)
    fig->axes[i] = axes_new (fig);
  fig->style.family = g_strdup ("Sans");
  fig->style.font_size = 8.0;
  fig->style.line_width = -1.0;
  fig->dpi = 96.0;
  for (guint i = 0; i < 4; i++)
    fig->margins[i] = NAN;
  fig->has_background = TRUE;
  fig->background = (PlColor) { 1.0, 1.0, 1.0, 1.0 };
  return fig;
}

void
pl_figure_free (PlFigure *fig)
{
  if (fig == NULL)
    return;
  for (guint i = 0; i < fig->rows * fig->cols; i++)
    axes_free (fig->axes[i]);
  g_free (fig->axes);
  g_free (fig->style.family);
  g_free (fig);
}

guint
pl_figure_get_rows (const PlFigure *fig)
{
  g_return_val_if_fail (fig != NULL, 0);
  return fig->rows;
}

guint
pl_figure_get_cols (const PlFigure *fig)
{
  g_return_val_if_fail (fig != NULL, 0);
  return fig->cols;
}

PlPlotAxes *
pl_figure_get_axes (PlFigure *fig,
                    guint     row,
                    guint     col)
{
  g_return_val_if_fail (fig != NULL, NULL);
  g_return_val_if_fail (row < fig->rows && col < fig->cols, NULL);
  return fig->axes[row * fig->cols + col];
}

void
pl_figure_set_font (PlFigure   *fig,
                    const char *family,
                    double      size_pt)
{
  g_return_if_fail (fig != NULL);
  g_return_if_fail (size_pt > 0.0 && size_pt < 1000.0);

  if (family != NULL && *family != '\0')
    {
      g_free (fig->style.family);
      fig->style.family = g_strdup (family);
    }
  fig->style.font_size = size_pt;
}

void
pl_figure_set_line_width (PlFigure *fig,
                          double    width_pt)
{
  g_return_if_fail (fig != NULL);
  g_return_if_fail (width_pt > 0.0 && width_pt < 100.0);
  fig->style.line_width = width_pt;
}

void
pl_figure_set_dpi (PlFigure *fig,
                   double    dpi)
{
  g_return_if_fail (fig != NULL);
  g_return_if_fail (dpi > 0.0 && isfinite (dpi));
  fig->dpi = dpi;
}

void
pl_figure_set_margins (PlFigure *fig,
                       double    left,
                       double    right,
                       double    top,
                       double    bottom)
{
  g_return_if_fail (fig != NULL);
  fig->margins[0] = left;
  fig->margins[1] = right;
  fig->margins[2] = top;
  fig->margins[3] = bottom;
}

void
pl_figure_set_background (PlFigure      *fig,
                          const PlColor *color)
{
  g_return_if_fail (fig != NULL);
  fig->has_background = color != NULL;
  if (color != NULL)
    fig->background = *color;
}
