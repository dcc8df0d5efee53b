/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-plot.h"
#include "pl-plot-private.h"

#include <math.h>

/* ---- series ------------------------------------------------------------------------------- */

static void
series_free (gpointer data)
{
  PlPlotSeries *s = data;

  g_free (s->label);
  g_free (s->x);
  g_free (s->y);
  g_free (s->err);
  g_free (s->low);
  g_free (s->high);
  g_free (s->text);
  g_free (s->z);
  g_free (s->colorbar_label);
  g_clear_pointer (&s->raster, cairo_surface_destroy);
  g_free (s);
}

static double *
copy_doubles (const double *v,
              gsize         n)
{
  return v != NULL && n > 0 ? g_memdup2 (v, n * sizeof (double)) : NULL;
}

static PlPlotSeries *
series_add (PlPlotAxes   *ax,
            PlSeriesKind  kind,
            const char   *label,
            gboolean      colored)
{
  PlPlotSeries *s = g_new0 (PlPlotSeries, 1);

  s->kind = kind;
  s->label = label != NULL && *label != '\0' ? g_strdup (label) : NULL;
  s->line_width = -1.0;
  s->dash = PL_PLOT_DASH_SOLID;
  s->marker = PL_PLOT_MARKER_NONE;
  s->marker_size = -1.0;
  s->fill_alpha = kind == PL_SERIES_BAND ? 0.25 : 0.35;
  s->ax = ax;
  s->auto_color = colored;
  s->color = (PlColor) { 0.0, 0.0, 0.0, 1.0 };
  g_ptr_array_add (ax->series, s);
  if (colored)
    _pl_plot_axes_resolve_colors (ax);
  return s;
}

PlPlotSeries *
pl_plot_axes_add_line (PlPlotAxes   *ax,
                       const char   *label,
                       gsize         n,
                       const double *x,
                       const double *y)
{
  PlPlotSeries *s;

  g_return_val_if_fail (ax != NULL, NULL);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NULL);

  s = series_add (ax, PL_SERIES_LINE, label, TRUE);
  s->n = n;
  s->x = copy_doubles (x, n);
  s->y = copy_doubles (y, n);
  return s;
}

PlPlotSeries *
pl_plot_axes_add_scatter (PlPlotAxes   *ax,
                          const char   *label,
                          gsize         n,
                          const double *x,
                          const double *y)
{
  PlPlotSeries *s = pl_plot_axes_add_line (ax, label, n, x, y);

  g_return_val_if_fail (s != NULL, NULL);
  s->kind = PL_SERIES_SCATTER;
  s->line_width = 0.0;
  s->marker = PL_PLOT_MARKER_CIRCLE;
  return s;
}

PlPlotSeries *
pl_plot_axes_add_errorbars (PlPlotAxes   *ax,
                            const char   *label,
                            gsize         n,
                            const double *x,
                            const double *y,
                            const double *err)
{
  PlPlotSeries *s;

  g_return_val_if_fail (n == 0 || err != NULL, NULL);
  s = pl_plot_axes_add_line (ax, label, n, x, y);
  g_return_val_if_fail (s != NULL, NULL);
  s->kind = PL_SERIES_ERRORBAR;
  s->err = copy_doubles (err, n);
  s->marker = PL_PLOT_MARKER_CIRCLE;
  return s;
}

PlPlotSeries *
pl_plot_axes_add_band (PlPlotAxes   *ax,
                       const char   *label,
                       gsize         n,
                       const double *x,
                       const double *low,
                       const double *high)
{
  PlPlotSeries *s;

  g_return_val_if_fail (ax != NULL, NULL);
  g_return_val_if_fail (n == 0 || (x != NULL && low != NULL && high != NULL), NULL);

  s = series_add (ax, PL_SERIES_BAND, label, TRUE);
  s->n = n;
  s->x = copy_doubles (x, n);
  s->low = copy_doubles (low, n);
  s->high = copy_doubles (high, n);
  return s;
}

PlPlotSeries *
pl_plot_axes_add_bars (PlPlotAxes   *ax,
                       const char   *label,
                       gsize         n,
                       const double *edges,
                       const double *heights)
{
  PlPlotSeries *s;

  g_return_val_if_fail (ax != NULL, NULL);
  g_return_val_if_fail (n == 0 || (edges != NULL && heights != NULL), NULL);

  s = series_add (ax, PL_SERIES_BARS, label, TRUE);
  s->n = n;
  s->x = n > 0 ? copy_doubles (edges, n + 1) : NULL;
  s->y = copy_doubles (heights, n);
  return s;
}

static PlPlotSeries *
add_refline (PlPlotAxes   *ax,
             PlSeriesKind  kind,
             const char   *label,
             double        v)
{
  PlPlotSeries *s;

  g_return_val_if_fail (ax != NULL, NULL);

  s = series_add (ax, kind, label, FALSE);
  s->color = (PlColor) { 0.3, 0.3, 0.3, 1.0 };
  s->dash = PL_PLOT_DASH_DASHED;
  s->n = 1;
  if (kind == PL_SERIES_HLINE)
    s->y = copy_doubles (&v, 1);
  else
    s->x = copy_doubles (&v, 1);
  return s;
}

PlPlotSeries *
pl_plot_axes_add_hline (PlPlotAxes *ax,
                        const char *label,
                        double      y)
{
  return add_refline (ax, PL_SERIES_HLINE, label, y);
}

PlPlotSeries *
pl_plot_axes_add_vline (PlPlotAxes *ax,
                        const char *label,
                        double      x)
{
  return add_refline (ax, PL_SERIES_VLINE, label, x);
}

PlPlotSeries *
pl_plot_axes_add_text (PlPlotAxes *ax,
                       double      x,
                       double      y,
                       const char *markup,
                       double      xalign,
                       double      yalign)
{
  PlPlotSeries *s;

  g_return_val_if_fail (ax != NULL, NULL);
  g_return_val_if_fail (markup != NULL, NULL);

  s = series_add (ax, PL_SERIES_TEXT, NULL, FALSE);
  s->n = 1;
  s->x = copy_doubles (&x, 1);
  s->y = copy_doubles (&y, 1);
  s->text = g_strdup (markup);
  s->xalign = xalign;
  s->yalign = yalign;
  return s;
}

PlPlotSeries *
pl_plot_axes_add_heatmap (PlPlotAxes   *ax,
                          const char   *label,
                          guint         nx,
                          guint         ny,
                          const double *z,
                          double        x0,
                          double        x1,
                          double        y0,
                          double        y1)
{
  PlPlotSeries *s;

  g_return_val_if_fail (ax != NULL, NULL);
  g_return_val_if_fail (nx > 0 && ny > 0 && z != NULL, NULL);
  g_return_val_if_fail (isfinite (x0) && isfinite (x1) && isfinite (y0) && isfinite (y1), NULL);

  s = series_add (ax, PL_SERIES_HEATMAP, label, FALSE);
  s->nx = nx;
  s->ny = ny;
  s->z = copy_doubles (z, (gsize) nx * ny);
  s->extent[0] = x0;
  s->extent[1] = x1;
  s->extent[2] = y0;
  s->extent[3] = y1;
  s->mapping = (PlPlotColorMapping) {
    .map = PL_COLORMAP_VIRIDIS,
    .scale = PL_PLOT_SCALE_LINEAR,
    .vmin = NAN,
    .vmax = NAN,
    .nan_color = { 0.75, 0.75, 0.75, 1.0 },
  };
  s->colorbar = TRUE;
  return s;
}

void
pl_plot_series_set_color (PlPlotSeries  *s,
                          const PlColor *color)
{
  g_return_if_fail (s != NULL && color != NULL);
  s->color = *color;
  if (s->auto_color)
    {
      s->auto_color = FALSE;
      _pl_plot_axes_resolve_colors (s->ax);
    }
}

void
pl_plot_series_get_color (const PlPlotSeries *s,
                          PlColor            *out)
{
  g_return_if_fail (s != NULL && out != NULL);
  *out = s->color;
}

void
pl_plot_series_set_line_width (PlPlotSeries *s,
                               double        width_pt)
{
  g_return_if_fail (s != NULL && width_pt >= 0.0);
  s->line_width = width_pt;
}

void
pl_plot_series_set_dash (PlPlotSeries *s,
                         PlPlotDash    dash)
{
  g_return_if_fail (s != NULL);
  s->dash = dash;
}

void
pl_plot_series_set_marker (PlPlotSeries *s,
                           PlPlotMarker  marker,
                           double        size_pt)
{
  g_return_if_fail (s != NULL && size_pt >= 0.0);
  s->marker = marker;
  s->marker_size = size_pt;
}

void
pl_plot_series_set_fill_alpha (PlPlotSeries *s,
                               double        alpha)
{
  g_return_if_fail (s != NULL);
  s->fill_alpha = CLAMP (alpha, 0.0, 1.0);
}

void
pl_plot_series_set_colormap (PlPlotSeries *s,
                             PlColormap    map,
                             gboolean      reversed)
{
  g_return_if_fail (s != NULL && s->kind == PL_SERIES_HEATMAP);
  s->mapping.map = map;
  s->mapping.reversed = reversed;
  g_clear_pointer (&s->raster, cairo_surface_destroy);
}

void
pl_plot_series_set_color_range (PlPlotSeries *s,
                                double        vmin,
                                double        vmax,
                                PlPlotScale   scale)
{
  g_return_if_fail (s != NULL && s->kind == PL_SERIES_HEATMAP);
  s->mapping.vmin = vmin;
  s->mapping.vmax = vmax;
  s->mapping.scale = scale;
  g_clear_pointer (&s->raster, cairo_surface_destroy);
}

void
pl_plot_series_set_nan_color (PlPlotSeries  *s,
                              const PlColor *color)
{
  g_return_if_fail (s != NULL && s->kind == PL_SERIES_HEATMAP && color != NULL);
  s->mapping.nan_color = *color;
  g_clear_pointer (&s->raster, cairo_surface_destroy);
}

void
pl_plot_series_set_colorbar (PlPlotSeries *s,
                             gboolean      show,
                             const char   *label_markup)
{
  g_return_if_fail (s != NULL && s->kind == PL_SERIES_HEATMAP);
  s->colorbar = show;
  g_free (s->colorbar_label);
  s->colorbar_label = g_strdup (label_markup);
}

void
pl_plot_series_get_color_mapping (const PlPlotSeries *s,
                                  PlPlotColorMapping *out)
{
  g_return_if_fail (s != NULL && s->kind == PL_SERIES_HEATMAP && out != NULL);
  *out = s->mapping;
  pl_plot_color_mapping_autoscale (out, s->z, (gsize) s->nx * s->ny);
}

void
pl_plot_series_set_raster (PlPlotSeries    *s,
                           cairo_surface_t *raster)
{
  g_return_if_fail (s != NULL && s->kind == PL_SERIES_HEATMAP);
  g_return_if_fail (raster == NULL
                    || (cairo_image_surface_get_width (raster) == (int) s->nx
                        && cairo_image_surface_get_height (raster) == (int) s->ny));

  if (raster != NULL)
    cairo_surface_reference (raster);
  g_clear_pointer (&s->raster, cairo_surface_destroy);
  s->raster = raster;
}

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
  ax->series = g_ptr_array_new_with_free_func (series_free);
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
