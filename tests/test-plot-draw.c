/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-plot-draw.c: drawing. Heatmap cells against the published viridis colours at their
 * mapped centres (also from a raster made on a worker thread), a legend placed where it hides
 * no data, and figures of NaN, infinite, empty, degenerate and huge data that draw without
 * failing and report what they skipped.
 */
#include <plateau/plateau.h>

#include "reference-plot.h"

#include <math.h>

/* ---- heatmaps ----------------------------------------------------------------------------- */

/* 2 x 2 cells, z[j * nx + i]: (0,0) = 0 bottom left, (1,0) = 1 bottom right, (0,1) = NaN top
 * left, (1,1) = 0.5 top right, range fixed to 0..1. */
static const double cells[4] = { 0.0, 1.0, NAN, 0.5 };

static void
check_heatmap_pixels (cairo_surface_t *img,
                      const double     a[4])
{
  static const guint32 expect[4] = { 0x440154, 0xfde725, 0xbfbfbf, 0x21918c };

  for (int j = 0; j < 2; j++)
    for (int i = 0; i < 2; i++)
      {
        /* Centre of cell (i, j) on x, y in 0..2: t = (i + 0.5) / 2. */
        double ux = a[0] + a[2] * (i + 0.5) / 2, uy = a[1] + a[3] * (1 - (j + 0.5) / 2);
        guint32 e = expect[j * 2 + i];
        int rgb[3];

        ref_plot_pixel_rgb (img, ux, uy, rgb);
        g_assert_cmpint (ABS (rgb[0] - (int) ((e >> 16) & 0xff)), <=, 1);
        g_assert_cmpint (ABS (rgb[1] - (int) ((e >> 8) & 0xff)), <=, 1);
        g_assert_cmpint (ABS (rgb[2] - (int) (e & 0xff)), <=, 1);
      }
}

typedef struct {
  PlPlotColorMapping mapping;
  cairo_surface_t   *raster;
} RasterJob;

static gpointer
raster_worker (gpointer data)
{
  RasterJob *job = data;

  job->raster = pl_plot_heatmap_rasterize (cells, 2, 2, &job->mapping);
  return NULL;
}

static void
test_heatmap (void)
{
  PlPlotAxes *ax;
  g_autoptr(PlFigure) fig = ref_plot_known_figure (&ax);
  PlPlotSeries *s;
  cairo_surface_t *img;
  double a[4];
  RasterJob job;
  GThread *thread;

  s = pl_plot_axes_add_heatmap (ax, NULL, 2, 2, cells, 0, 2, 0, 2);
  pl_plot_series_set_color_range (s, 0, 1, PL_PLOT_SCALE_LINEAR);
  pl_plot_series_set_colorbar (s, TRUE, "value");
  img = ref_plot_render (fig, 400, 300);
  g_assert_true (pl_plot_axes_get_area (ax, &a[0], &a[1], &a[2], &a[3]));
  check_heatmap_pixels (img, a);
  cairo_surface_destroy (img);

  /* The raster made on a worker thread and handed over paints the same. */
  pl_plot_series_get_color_mapping (s, &job.mapping);
  g_assert_cmpfloat (job.mapping.vmin, ==, 0);
  g_assert_cmpfloat (job.mapping.vmax, ==, 1);
  pl_plot_series_set_colormap (s, PL_COLORMAP_MAGMA, FALSE);   /* drops the cached raster */
  pl_plot_series_set_colormap (s, PL_COLORMAP_VIRIDIS, FALSE);
  thread = g_thread_new ("raster", raster_worker, &job);
  g_thread_join (thread);
  g_assert_nonnull (job.raster);
  g_assert_cmpint (cairo_image_surface_get_width (job.raster), ==, 2);
  /* Image row 0 is the top row (j = 1): NaN then 0.5. */
  {
    int rgb[3];

    ref_plot_pixel_rgb (job.raster, 0, 1, rgb);
    g_assert_cmpint (rgb[0], ==, 0x44);
    ref_plot_pixel_rgb (job.raster, 0, 0, rgb);
    g_assert_cmpint (rgb[0], ==, 0xbf);
  }
  pl_plot_series_set_raster (s, job.raster);
  cairo_surface_destroy (job.raster);
  img = ref_plot_render (fig, 400, 300);
  check_heatmap_pixels (img, a);
  cairo_surface_destroy (img);
}

/* ---- legend and robustness ---------------------------------------------------------------- */

/* Columns of the plot area in which the red diagonal shows at full strength. */
static int
visible_columns (PlPlotLegend legend)
{
  PlPlotAxes *ax;
  g_autoptr(PlFigure) fig = ref_plot_known_figure (&ax);
  double x[2] = { 0, 1 }, y[2] = { 0, 1 }, a[4];
  cairo_surface_t *img;
  PlPlotSeries *s;
  int visible = 0;

  pl_plot_axes_set_legend (ax, legend);
  pl_plot_axes_set_xlim (ax, 0, 1);
  pl_plot_axes_set_ylim (ax, 0, 1);
  s = pl_plot_axes_add_line (ax, "a rather long legend entry", 2, x, y);
  pl_plot_series_set_color (s, &ref_plot_red);
  pl_plot_series_set_line_width (s, 3.0);   /* full-strength pixels in every column */
  img = ref_plot_render (fig, 400, 300);
  pl_plot_axes_get_area (ax, &a[0], &a[1], &a[2], &a[3]);
  for (int i = (int) a[0] + 2; i < (int) (a[0] + a[2]) - 2; i++)
    {
      double best = 0.0;

      for (int j = (int) a[1]; j < (int) (a[1] + a[3]); j++)
        best = MAX (best, ref_plot_redness (img, i, j));
      visible += best > 200.0;
    }
  cairo_surface_destroy (img);
  return visible;
}

static void
test_legend_best (void)
{
  /* The diagonal crosses the upper right and lower left corners: "best" puts the legend in
   * another one and hides nothing, a legend forced to the upper right hides part of it. */
  g_assert_cmpint (visible_columns (PL_PLOT_LEGEND_BEST), ==, 340 - 4);
  g_assert_cmpint (visible_columns (PL_PLOT_LEGEND_UPPER_RIGHT), <, 340 - 20);
}

static void
test_nan_and_degenerate (void)
{
  g_autoptr(PlFigure) fig = pl_figure_new (2, 3);
  double x[6] = { 1, 2, 3, 4, 5, 6 };
  double y[6] = { 1, NAN, -1, 2, INFINITY, 3 };
  double allnan[3] = { NAN, NAN, NAN };
  double one = 0.5, big[2] = { -1e308, 1e308 }, lim[4];
  PlPlotAxes *ax;
  cairo_surface_t *img;

  /* Log y: NaN, -1 and +Inf are skipped (3 of 6), the rest drawn. */
  ax = pl_figure_get_axes (fig, 0, 0);
  pl_plot_axes_set_yscale (ax, PL_PLOT_SCALE_LOG10);
  pl_plot_axes_add_line (ax, "with gaps", 6, x, y);
  pl_plot_axes_add_errorbars (ax, NULL, 6, x, y, y);
  pl_plot_axes_add_band (ax, NULL, 6, x, y, y);
  /* All NaN, empty and single-point series. */
  ax = pl_figure_get_axes (fig, 0, 1);
  pl_plot_axes_add_line (ax, "nan", 3, x, allnan);
  pl_plot_axes_add_line (ax, "empty", 0, NULL, NULL);
  pl_plot_axes_add_scatter (ax, "one", 1, &one, &one);
  pl_plot_axes_add_bars (ax, NULL, 2, x, allnan);
  /* A heatmap of NaN, zero-width data on a log axis, and huge values. */
  ax = pl_figure_get_axes (fig, 0, 2);
  pl_plot_axes_add_heatmap (ax, NULL, 3, 1, allnan, 0, 1, 0, 1);
  ax = pl_figure_get_axes (fig, 1, 0);
  pl_plot_axes_set_xscale (ax, PL_PLOT_SCALE_LOG10);
  pl_plot_axes_add_line (ax, NULL, 1, &one, &one);
  ax = pl_figure_get_axes (fig, 1, 1);
  pl_plot_axes_set_xlim (ax, 0, 1);
  pl_plot_axes_set_ylim (ax, 0, 1);
  pl_plot_axes_add_line (ax, NULL, 2, big, big);
  pl_plot_axes_add_text (ax, 0.5, 0.5, "<b>unclosed markup", 0.5, 0.5);
  ax = pl_figure_get_axes (fig, 1, 2);
  pl_plot_axes_set_ylim (ax, 5, 1);   /* reversed: the same axis */
  pl_plot_axes_add_hline (ax, "h", NAN);

  pl_figure_set_dpi (fig, 72);
  img = ref_plot_render (fig, 600, 400);
  cairo_surface_destroy (img);
  /* A figure too small for its labels still draws. */
  img = ref_plot_render (fig, 30, 20);
  cairo_surface_destroy (img);

  g_assert_cmpuint (pl_plot_axes_get_n_skipped (pl_figure_get_axes (fig, 0, 0)), ==, 9);
  g_assert_cmpuint (pl_plot_axes_get_n_skipped (pl_figure_get_axes (fig, 0, 1)), ==, 5);
  g_assert_cmpuint (pl_plot_axes_get_n_skipped (pl_figure_get_axes (fig, 1, 2)), ==, 1);
  for (guint i = 0; i < 6; i++)
    {
      g_assert_true (pl_plot_axes_get_limits (pl_figure_get_axes (fig, i / 3, i % 3),
                                              &lim[0], &lim[1], &lim[2], &lim[3]));
      for (int k = 0; k < 4; k++)
        g_assert_true (isfinite (lim[k]));
      g_assert_cmpfloat (lim[0], <, lim[1]);
      g_assert_cmpfloat (lim[2], <, lim[3]);
    }
  /* The log panel's y limits are decades around the positive data 1..3. */
  pl_plot_axes_get_limits (pl_figure_get_axes (fig, 0, 0), NULL, NULL, &lim[2], &lim[3]);
  g_assert_cmpfloat (lim[2], >, 0);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Plot/heatmap", test_heatmap);
  g_test_add_func ("/Plateau/Plot/legend-best", test_legend_best);
  g_test_add_func ("/Plateau/Plot/nan-and-degenerate", test_nan_and_degenerate);

  ret = g_test_run ();
  ref_plot_release_fonts ();
  return ret;
}
