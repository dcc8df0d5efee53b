/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "reference-plot.h"

#include <math.h>
#include <pango/pangocairo.h>

const PlColor ref_plot_red = { 1, 0, 0, 1 };

static guint32
pixel (cairo_surface_t *img,
       int              x,
       int              y)
{
  const guint8 *p = cairo_image_surface_get_data (img)
                    + (gsize) y * cairo_image_surface_get_stride (img) + 4 * (gsize) x;

  g_assert_true (x >= 0 && x < cairo_image_surface_get_width (img));
  g_assert_true (y >= 0 && y < cairo_image_surface_get_height (img));
  return *(const guint32 *) (const void *) p;
}

double
ref_plot_redness (cairo_surface_t *img,
                  int              x,
                  int              y)
{
  guint32 px = pixel (img, x, y);
  double r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;

  return MAX (0.0, r - (g + b) / 2.0);
}

void
ref_plot_pixel_rgb (cairo_surface_t *img,
                    double           x,
                    double           y,
                    int              rgb[3])
{
  guint32 px = pixel (img, (int) floor (x), (int) floor (y));

  rgb[0] = (px >> 16) & 0xff;
  rgb[1] = (px >> 8) & 0xff;
  rgb[2] = px & 0xff;
}

cairo_surface_t *
ref_plot_render (PlFigure *fig,
                 int       w,
                 int       h)
{
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (img);

  pl_figure_draw (fig, cr, w, h);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (img);
  return img;
}

double
ref_plot_red_centroid (cairo_surface_t *img,
                       int              fixed,
                       gboolean         along_x)
{
  int n = along_x ? cairo_image_surface_get_width (img) : cairo_image_surface_get_height (img);
  double sw = 0.0, sp = 0.0;

  for (int i = 0; i < n; i++)
    {
      double r = along_x ? ref_plot_redness (img, i, fixed) : ref_plot_redness (img, fixed, i);

      sw += r;
      sp += r * (i + 0.5);
    }
  g_assert_cmpfloat (sw, >, 100.0);
  return sp / sw;
}

PlFigure *
ref_plot_known_figure (PlPlotAxes **ax)
{
  PlFigure *fig = pl_figure_new (1, 1);

  pl_figure_set_dpi (fig, 72);
  pl_figure_set_margins (fig, 40, 20, 20, 40);
  *ax = pl_figure_get_axes (fig, 0, 0);
  pl_plot_axes_set_legend (*ax, PL_PLOT_LEGEND_NONE);
  return fig;
}

void
ref_plot_add_red_line (PlPlotAxes *ax,
                       double      x0,
                       double      y0,
                       double      x1,
                       double      y1)
{
  double x[2] = { x0, x1 }, y[2] = { y0, y1 };
  PlPlotSeries *s = pl_plot_axes_add_line (ax, NULL, 2, x, y);

  pl_plot_series_set_color (s, &ref_plot_red);
  pl_plot_series_set_line_width (s, 1.0);
}

void
ref_plot_release_fonts (void)
{
  pango_cairo_font_map_set_default (NULL);
}
