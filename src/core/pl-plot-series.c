/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-plot.h"
#include "pl-plot-private.h"

#include <math.h>

/* Series are data: each add_* copies its arrays into a new series owned by the axes, and the
 * setters only record style. Drawing them is pl-plot-layers.c. */

void
_pl_plot_series_free (gpointer data)
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
