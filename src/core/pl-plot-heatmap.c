/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-plot.h"
#include "pl-plot-private.h"

#include <math.h>

/* Heatmaps: values to pixels (a pure function, so workers can do it), the painting of those
 * pixels over the heatmap's extent, and the colorbar beside the panel. */

void
pl_plot_color_mapping_autoscale (PlPlotColorMapping *mapping,
                                 const double       *z,
                                 gsize               n)
{
  double lo = INFINITY, hi = -INFINITY, maxabs = 0.0;
  gboolean auto_lo, auto_hi;

  g_return_if_fail (mapping != NULL);
  g_return_if_fail (n == 0 || z != NULL);

  for (gsize i = 0; i < n; i++)
    {
      double v = z[i];

      if (!_pl_plot_value_ok (mapping->scale, v))
        continue;
      lo = MIN (lo, v);
      hi = MAX (hi, v);
      maxabs = MAX (maxabs, fabs (v));
    }
  if (lo > hi)
    {
      lo = mapping->scale == PL_PLOT_SCALE_LOG10 ? 1.0 : 0.0;
      hi = mapping->scale == PL_PLOT_SCALE_LOG10 ? 10.0 : 1.0;
    }
  if (mapping->map == PL_COLORMAP_RDBU && mapping->scale == PL_PLOT_SCALE_LINEAR)
    {
      lo = -maxabs;
      hi = maxabs;
    }

  auto_lo = !_pl_plot_value_ok (mapping->scale, mapping->vmin);
  auto_hi = !_pl_plot_value_ok (mapping->scale, mapping->vmax);
  if (auto_lo)
    mapping->vmin = auto_hi ? lo : MIN (lo, mapping->vmax);
  if (auto_hi)
    mapping->vmax = auto_lo ? hi : MAX (hi, mapping->vmin);
  _pl_plot_widen_range (mapping->scale, &mapping->vmin, &mapping->vmax);
}

static guint32
premultiplied (const PlColor *c)
{
  double a = CLAMP (c->a, 0.0, 1.0);
  guint32 A = (guint32) lround (a * 255.0);
  guint32 R = (guint32) lround (CLAMP (c->r, 0.0, 1.0) * a * 255.0);
  guint32 G = (guint32) lround (CLAMP (c->g, 0.0, 1.0) * a * 255.0);
  guint32 B = (guint32) lround (CLAMP (c->b, 0.0, 1.0) * a * 255.0);

  return (A << 24) | (R << 16) | (G << 8) | B;
}

cairo_surface_t *
pl_plot_heatmap_rasterize (const double             *z,
                           guint                     nx,
                           guint                     ny,
                           const PlPlotColorMapping *mapping)
{
  cairo_surface_t *surface;
  guint32 nan_pixel;
  guchar *data;
  int stride;

  g_return_val_if_fail (z != NULL && mapping != NULL, NULL);
  g_return_val_if_fail (nx > 0 && ny > 0 && nx <= 32767 && ny <= 32767, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) nx, (int) ny);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  nan_pixel = premultiplied (&mapping->nan_color);

  for (guint j = 0; j < ny; j++)
    {
      guint32 *row = (guint32 *) (void *) (data + (gsize) (ny - 1 - j) * stride);
      const double *zr = z + (gsize) j * nx;

      for (guint i = 0; i < nx; i++)
        {
          double v = zr[i], t;
          PlColor c;

          if (!_pl_plot_value_ok (mapping->scale, v))
            {
              row[i] = nan_pixel;
              continue;
            }
          t = _pl_plot_to_unit (mapping->scale, mapping->vmin, mapping->vmax, v);
          if (mapping->reversed)
            t = 1.0 - t;
          pl_colormap_eval (mapping->map, t, &c);
          row[i] = premultiplied (&c);
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

void
_pl_plot_draw_heatmap (PlDrawCtx    *ctx,
                       PlPlotAxes   *ax,
                       PlPlotSeries *s)
{
  cairo_t *cr = ctx->cr;
  double x0, y0, x1, y1;
  cairo_pattern_t *pattern;
  cairo_matrix_t m;

  if (!_pl_plot_map (ax, s->extent[0], s->extent[2], &x0, &y0)
      || !_pl_plot_map (ax, s->extent[1], s->extent[3], &x1, &y1)
      || x0 == x1 || y0 == y1)
    return;

  if (s->raster == NULL)
    {
      PlPlotColorMapping mapping;

      pl_plot_series_get_color_mapping (s, &mapping);
      s->raster = pl_plot_heatmap_rasterize (s->z, s->nx, s->ny, &mapping);
      if (s->raster == NULL)
        return;
    }

  /* Pixel (i, j) of the raster covers user x0 + i (x1 - x0) / nx, from the top y1. */
  pattern = cairo_pattern_create_for_surface (s->raster);
  cairo_matrix_init_scale (&m, s->nx / (x1 - x0), s->ny / (y0 - y1));
  cairo_matrix_translate (&m, -x0, -y1);
  cairo_pattern_set_matrix (pattern, &m);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_NONE);
  cairo_set_source (cr, pattern);
  cairo_rectangle (cr, MIN (x0, x1), MIN (y0, y1), fabs (x1 - x0), fabs (y1 - y0));
  cairo_fill (cr);
  cairo_pattern_destroy (pattern);
}

void
_pl_plot_colorbar_size (PlDrawCtx     *ctx,
                        PlPanelLayout *pl,
                        double         height,
                        double        *width)
{
  double em = ctx->style->font_size * ctx->s, w = 0.0;
  guint n = (guint) CLAMP (height / (3.2 * em), 2, 10);

  g_clear_pointer (&pl->cticks, pl_plot_ticks_free);
  pl->cticks = _pl_plot_ticks_for (pl->cmap.scale, pl->cmap.vmin, pl->cmap.vmax, n, FALSE);
  for (gsize i = 0; i < pl->cticks->n_major; i++)
    {
      g_autoptr(PangoLayout) layout = _pl_plot_text (ctx, pl->cticks->labels[i],
                                                     ctx->style->font_size, FALSE);
      double lw, lh;

      _pl_plot_text_size (layout, &lw, &lh);
      w = MAX (w, lw);
    }
  *width = (PL_PLOT_CBAR_GAP + PL_PLOT_CBAR_WIDTH + PL_PLOT_TICK_MAJOR + PL_PLOT_TICK_PAD) * ctx->g
           + w;
  pl->tick_extent_cbar = w;
  if (pl->heatmap->colorbar_label != NULL)
    {
      g_autoptr(PangoLayout) layout = _pl_plot_text (ctx, pl->heatmap->colorbar_label,
                                                     ctx->style->font_size, FALSE);
      double lw, lh;

      _pl_plot_text_size (layout, &lw, &lh);
      *width += PL_PLOT_LABEL_PAD * ctx->g + lh;
    }
}

void
_pl_plot_draw_colorbar (PlDrawCtx     *ctx,
                        PlPanelLayout *pl)
{
  cairo_t *cr = ctx->cr;
  const double *a = pl->ax->area;
  const PlPlotTicks *t = pl->cticks;
  const PlPlotColorMapping *m = &pl->cmap;
  double bx = a[0] + a[2] + PL_PLOT_CBAR_GAP * ctx->g, bw = PL_PLOT_CBAR_WIDTH * ctx->g;
  double by = a[1], bh = a[3];
  double right = bx + bw + (PL_PLOT_TICK_MAJOR + PL_PLOT_TICK_PAD) * ctx->g;
  cairo_pattern_t *gradient;

  /* A smooth gradient through the colormap: 64 stops are closer than the eye can tell. */
  gradient = cairo_pattern_create_linear (0, by + bh, 0, by);
  for (int i = 0; i <= 64; i++)
    {
      double f = i / 64.0;
      PlColor c;

      pl_colormap_eval (m->map, m->reversed ? 1.0 - f : f, &c);
      cairo_pattern_add_color_stop_rgb (gradient, f, c.r, c.g, c.b);
    }
  cairo_rectangle (cr, bx, by, bw, bh);
  cairo_set_source (cr, gradient);
  cairo_fill_preserve (cr);
  cairo_pattern_destroy (gradient);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, 0.5 * ctx->lw);
  cairo_stroke (cr);

  for (int pass = 0; pass < 2; pass++)
    {
      gsize n = pass == 0 ? t->n_major : t->n_minor;
      const double *v = pass == 0 ? t->major : t->minor;
      double len = (pass == 0 ? PL_PLOT_TICK_MAJOR : PL_PLOT_TICK_MINOR) * ctx->g;

      for (gsize i = 0; i < n; i++)
        {
          double u = _pl_plot_to_unit (m->scale, m->vmin, m->vmax, v[i]);

          if (u < -1e-9 || u > 1 + 1e-9)
            continue;
          cairo_move_to (cr, bx + bw, by + (1.0 - u) * bh);
          cairo_rel_line_to (cr, len, 0);
        }
    }
  cairo_stroke (cr);

  for (gsize i = 0; i < t->n_major; i++)
    {
      double u = _pl_plot_to_unit (m->scale, m->vmin, m->vmax, t->major[i]);
      g_autoptr(PangoLayout) layout = NULL;

      if (u < -1e-9 || u > 1 + 1e-9)
        continue;
      layout = _pl_plot_text (ctx, t->labels[i], ctx->style->font_size, FALSE);
      _pl_plot_text_show (ctx, layout, right, by + (1.0 - u) * bh, 0.0, 0.5, FALSE);
    }

  if (pl->heatmap->colorbar_label != NULL)
    {
      g_autoptr(PangoLayout) layout = _pl_plot_text (ctx, pl->heatmap->colorbar_label,
                                                     ctx->style->font_size, FALSE);

      _pl_plot_text_show (ctx, layout, right + pl->tick_extent_cbar + PL_PLOT_LABEL_PAD * ctx->g,
                          by + bh / 2, 0.0, 0.5, TRUE);
    }
}
