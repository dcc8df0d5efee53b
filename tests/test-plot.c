/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-plot.c: axes. Ticks against hand-derived Heckbert labellings, the data-to-pixel mapping
 * by finding drawn pixels where the documented formula puts them, layouts that scale with the
 * resolution, and colormaps against the published viridis / magma / ColorBrewer values.
 * (Drawing in test-plot-draw.c, files in test-plot-export.c.)
 */
#include <plateau/plateau.h>

#include "reference-plot.h"

#include <math.h>
#include <string.h>

#define MINUS "\xe2\x88\x92"
#define TIMES "\xc3\x97"

/* ---- ticks -------------------------------------------------------------------------------- */

static void
check_ticks (PlPlotTicks        *t,
             double              lo,
             double              hi,
             const double       *values,
             const char * const *labels,
             gsize               n)
{
  g_assert_nonnull (t);
  g_assert_cmpfloat (t->lo, ==, lo);
  g_assert_cmpfloat (t->hi, ==, hi);
  g_assert_cmpuint (t->n_major, ==, n);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpfloat (t->major[i], ==, values[i]);   /* the double nearest the decimal */
      if (labels != NULL)
        g_assert_cmpstr (t->labels[i], ==, labels[i]);
    }
  g_assert_null (t->labels[n]);
  pl_plot_ticks_free (t);
}

static void
test_nice_number (void)
{
  /* Heckbert (1990): round: f < 1.5 -> 1, < 3 -> 2, < 7 -> 5, else 10; ceiling otherwise. */
  g_assert_cmpfloat (pl_plot_nice_number (1.0, FALSE), ==, 1.0);
  g_assert_cmpfloat (pl_plot_nice_number (15.9, FALSE), ==, 20.0);
  g_assert_cmpfloat (pl_plot_nice_number (0.25, TRUE), ==, 0.2);
  g_assert_cmpfloat (pl_plot_nice_number (5.0, TRUE), ==, 5.0);
  g_assert_cmpfloat (pl_plot_nice_number (0.0037, TRUE), ==, 0.005);
  g_assert_cmpfloat (pl_plot_nice_number (1.49, TRUE), ==, 1.0);
  g_assert_cmpfloat (pl_plot_nice_number (1.5, TRUE), ==, 2.0);
  g_assert_cmpfloat (pl_plot_nice_number (7.0, TRUE), ==, 10.0);
  g_assert_cmpfloat (pl_plot_nice_number (6.0, FALSE), ==, 10.0);
  g_assert_cmpfloat (pl_plot_nice_number (3e-12, FALSE), ==, 5e-12);
}

static void
test_ticks_linear (void)
{
  /* 0..1, 5 ticks: range nicenum (1) = 1, step nicenum (1/4 = 0.25, round) = 0.2. */
  static const double v01[] = { 0.0, 0.2, 0.4, 0.6, 0.8, 1.0 };
  static const char * const l01[] = { "0.0", "0.2", "0.4", "0.6", "0.8", "1.0" };
  /* 0..1, 11 ticks: step 0.1; the 4th tick is 0.3, not 3 * 0.1 = 0.30000000000000004. */
  static const double v11[] = { 0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0 };
  /* -3.7..12.2: range nicenum (15.9) = 20, step nicenum (5) = 5, loose limits -5..15. */
  static const double vneg[] = { -5, 0, 5, 10, 15 };
  static const char * const lneg[] = { MINUS "5", "0", "5", "10", "15" };
  static const double vtight[] = { 0, 5, 10 };
  PlPlotTicks *t;

  check_ticks (pl_plot_ticks_linear (0.0, 1.0, 5, TRUE), 0.0, 1.0, v01, l01, 6);
  t = pl_plot_ticks_linear (0.0, 1.0, 11, TRUE);
  g_assert_cmpstr (t->labels[3], ==, "0.3");
  check_ticks (t, 0.0, 1.0, v11, NULL, 11);
  check_ticks (pl_plot_ticks_linear (-3.7, 12.2, 5, TRUE), -5, 15, vneg, lneg, 5);
  check_ticks (pl_plot_ticks_linear (-3.7, 12.2, 5, FALSE), -3.7, 12.2, vtight, NULL, 3);
  /* Reversed limits are the same axis. */
  check_ticks (pl_plot_ticks_linear (12.2, -3.7, 5, TRUE), -5, 15, vneg, lneg, 5);
  /* Linear ticks carry no minor ticks. */
  t = pl_plot_ticks_linear (0.0, 1.0, 5, TRUE);
  g_assert_cmpuint (t->n_minor, ==, 0);
  pl_plot_ticks_free (t);
}

static void
test_ticks_tiny_and_single (void)
{
  /* 0.1..0.1003: range 3e-4 -> nicenum 5e-4, step nicenum (1.25e-4) = 1e-4. */
  static const double va[] = { 0.1, 0.1001, 0.1002, 0.1003 };
  static const char * const la[] = { "0.1000", "0.1001", "0.1002", "0.1003" };
  /* 1..1+1e-9: range 1.00000008e-9 -> 2e-9, step 5e-10, ten decimals. */
  static const double vb[] = { 1.0, 1.0000000005, 1.000000001 };
  static const char * const lb[] = { "1.0000000000", "1.0000000005", "1.0000000010" };
  /* 0..1e-7: step 2e-8; magnitudes below 1e-3 switch to powers of ten. */
  static const double vc[] = { 0, 2e-8, 4e-8, 6e-8, 8e-8, 1e-7 };
  static const char * const lc[] = {
    "0", "2" TIMES "10<sup>" MINUS "8</sup>", "4" TIMES "10<sup>" MINUS "8</sup>",
    "6" TIMES "10<sup>" MINUS "8</sup>", "8" TIMES "10<sup>" MINUS "8</sup>",
    "10<sup>" MINUS "7</sup>",
  };
  /* 0..3e5: step 1e5, above 1e5 also powers of ten. */
  static const double vd[] = { 0, 1e5, 2e5, 3e5 };
  static const char * const ld[] = {
    "0", "10<sup>5</sup>", "2" TIMES "10<sup>5</sup>", "3" TIMES "10<sup>5</sup>",
  };
  /* A single value v: widened to v -+ 10^floor(log10 |v|) = 4..6, step 0.5. */
  static const double ve[] = { 4.0, 4.5, 5.0, 5.5, 6.0 };
  static const char * const le[] = { "4.0", "4.5", "5.0", "5.5", "6.0" };
  static const double vz[] = { -1.0, -0.5, 0.0, 0.5, 1.0 };
  static const char * const lz[] = { MINUS "1.0", MINUS "0.5", "0.0", "0.5", "1.0" };

  check_ticks (pl_plot_ticks_linear (0.1, 0.1003, 5, TRUE), 0.1, 0.1003, va, la, 4);
  check_ticks (pl_plot_ticks_linear (1.0, 1.0 + 1e-9, 5, TRUE), 1.0, 1.000000001, vb, lb, 3);
  check_ticks (pl_plot_ticks_linear (0.0, 1e-7, 5, TRUE), 0.0, 1e-7, vc, lc, 6);
  check_ticks (pl_plot_ticks_linear (0.0, 3e5, 5, TRUE), 0.0, 3e5, vd, ld, 4);
  check_ticks (pl_plot_ticks_linear (5.0, 5.0, 5, TRUE), 4.0, 6.0, ve, le, 5);
  check_ticks (pl_plot_ticks_linear (0.0, 0.0, 5, TRUE), -1.0, 1.0, vz, lz, 5);

  /* Without expansion a narrow range still gets two ticks: 0.13..0.17 holds 0.15 on the
   * first step (0.05), so the step shrinks to 0.01. */
  {
    PlPlotTicks *t = pl_plot_ticks_linear (0.13, 0.17, 2, FALSE);

    g_assert_cmpuint (t->n_major, >=, 2);
    for (gsize i = 0; i < t->n_major; i++)
      g_assert_true (t->major[i] >= 0.13 - 1e-15 && t->major[i] <= 0.17 + 1e-15);
    pl_plot_ticks_free (t);
  }
}

static void
test_ticks_log (void)
{
  /* 1e-7..1e3 is 10 decades: with at most 6 majors the stride is 2, majors at even exponents,
   * and the odd decades become minor ticks. */
  static const double v6[] = { 1e-6, 1e-4, 1e-2, 1.0, 1e2 };
  static const char * const l6[] = {
    "10<sup>" MINUS "6</sup>", "10<sup>" MINUS "4</sup>", "10<sup>" MINUS "2</sup>",
    "10<sup>0</sup>", "10<sup>2</sup>",
  };
  static const double m6[] = { 1e-7, 1e-5, 1e-3, 1e-1, 1e1, 1e3 };
  static const double v11[] = { 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 1e1, 1e2, 1e3 };
  static const double v3[] = { 1, 10, 100, 1000 };
  static const double vf[] = { 2, 4, 6, 8 };
  PlPlotTicks *t;

  t = pl_plot_ticks_log10 (1e-7, 1e3, 6, TRUE);
  g_assert_cmpfloat (t->step, ==, 2);
  g_assert_cmpuint (t->n_minor, ==, G_N_ELEMENTS (m6));
  for (gsize i = 0; i < G_N_ELEMENTS (m6); i++)
    g_assert_cmpfloat (t->minor[i], ==, m6[i]);
  check_ticks (t, 1e-7, 1e3, v6, l6, 5);

  /* With room for 11, every decade, and 2..9 x 10^k minors: 8 per decade, 80 in all. */
  t = pl_plot_ticks_log10 (1e-7, 1e3, 11, TRUE);
  g_assert_cmpuint (t->n_minor, ==, 80);
  g_assert_cmpfloat (t->minor[0], ==, 2e-7);
  g_assert_cmpfloat (t->minor[79], ==, 900.0);
  check_ticks (t, 1e-7, 1e3, v11, NULL, 11);

  /* 3..300 rounds out to whole decades 1..1000. */
  t = pl_plot_ticks_log10 (3, 300, 5, TRUE);
  g_assert_cmpuint (t->n_minor, ==, 24);
  check_ticks (t, 1, 1000, v3, NULL, 4);

  /* Fixed 2..8 holds no decade: linear nice numbers, placed on the log scale. */
  check_ticks (pl_plot_ticks_log10 (2, 8, 5, FALSE), 2, 8, vf, NULL, 4);

  /* A single value 5 spans 0.5..50, rounded out to 0.1..100. */
  t = pl_plot_ticks_log10 (5, 5, 5, TRUE);
  g_assert_cmpfloat (t->lo, ==, 0.1);
  g_assert_cmpfloat (t->hi, ==, 100.0);
  g_assert_cmpuint (t->n_major, ==, 4);
  pl_plot_ticks_free (t);
}

/* ---- mapping ------------------------------------------------------------------------------ */

static void
test_mapping_linear (void)
{
  PlPlotAxes *ax;
  g_autoptr(PlFigure) fig = ref_plot_known_figure (&ax);
  cairo_surface_t *img;
  double a[4], lim[4], ux, uy, x, y;

  g_assert_false (pl_plot_axes_get_area (ax, &a[0], &a[1], &a[2], &a[3]));
  pl_plot_axes_set_xlim (ax, 0, 10);
  pl_plot_axes_set_ylim (ax, -1, 1);
  ref_plot_add_red_line (ax, 0, 0.5, 10, 0.5);     /* horizontal at y = 0.5 */
  ref_plot_add_red_line (ax, 7.5, -1, 7.5, 1);     /* vertical at x = 7.5 */
  img = ref_plot_render (fig, 400, 300);

  g_assert_true (pl_plot_axes_get_area (ax, &a[0], &a[1], &a[2], &a[3]));
  g_assert_cmpfloat_with_epsilon (a[0], 40, 1e-9);
  g_assert_cmpfloat_with_epsilon (a[1], 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (a[2], 340, 1e-9);
  g_assert_cmpfloat_with_epsilon (a[3], 240, 1e-9);
  g_assert_true (pl_plot_axes_get_limits (ax, &lim[0], &lim[1], &lim[2], &lim[3]));
  g_assert_cmpfloat (lim[0], ==, 0);
  g_assert_cmpfloat (lim[3], ==, 1);

  /* y = 0.5 -> 20 + 240 (1 - 0.75) = 80; x = 7.5 -> 40 + 340 * 0.75 = 295. */
  g_assert_cmpfloat_with_epsilon (ref_plot_red_centroid (img, 150, FALSE), 80.0, 0.25);
  g_assert_cmpfloat_with_epsilon (ref_plot_red_centroid (img, 150, TRUE), 295.0, 0.25);

  g_assert_true (pl_plot_axes_data_to_user (ax, 7.5, 0.5, &ux, &uy));
  g_assert_cmpfloat_with_epsilon (ux, 295.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (uy, 80.0, 1e-9);
  g_assert_true (pl_plot_axes_user_to_data (ax, 295.0, 80.0, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, 7.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (y, 0.5, 1e-12);
  cairo_surface_destroy (img);
}

static void
test_mapping_point (void)
{
  PlPlotAxes *ax;
  g_autoptr(PlFigure) fig = ref_plot_known_figure (&ax);
  double x = 2.0, y = 0.2, sw = 0.0, sx = 0.0, sy = 0.0;
  cairo_surface_t *img;
  PlPlotSeries *s;

  pl_plot_axes_set_xlim (ax, 0, 10);
  pl_plot_axes_set_ylim (ax, -1, 1);
  s = pl_plot_axes_add_scatter (ax, NULL, 1, &x, &y);
  pl_plot_series_set_color (s, &ref_plot_red);
  pl_plot_series_set_marker (s, PL_PLOT_MARKER_SQUARE, 6);
  img = ref_plot_render (fig, 400, 300);

  for (int j = 0; j < 300; j++)
    for (int i = 0; i < 400; i++)
      {
        double r = ref_plot_redness (img, i, j);
        sw += r;
        sx += r * (i + 0.5);
        sy += r * (j + 0.5);
      }
  /* (2, 0.2) -> (40 + 340 * 0.2, 20 + 240 * 0.4) = (108, 116). */
  g_assert_cmpfloat (sw, >, 1000.0);
  g_assert_cmpfloat_with_epsilon (sx / sw, 108.0, 0.3);
  g_assert_cmpfloat_with_epsilon (sy / sw, 116.0, 0.3);
  cairo_surface_destroy (img);
}

static void
test_mapping_log (void)
{
  PlPlotAxes *ax;
  g_autoptr(PlFigure) fig = ref_plot_known_figure (&ax);
  cairo_surface_t *img;
  PlPlotSeries *s;
  double ux, uy;

  pl_plot_axes_set_xscale (ax, PL_PLOT_SCALE_LOG10);
  pl_plot_axes_set_yscale (ax, PL_PLOT_SCALE_LOG10);
  pl_plot_axes_set_xlim (ax, 1, 1000);
  pl_plot_axes_set_ylim (ax, 1e-3, 10);
  s = pl_plot_axes_add_hline (ax, NULL, 0.1);
  pl_plot_series_set_color (s, &ref_plot_red);
  pl_plot_series_set_dash (s, PL_PLOT_DASH_SOLID);
  pl_plot_series_set_line_width (s, 1.0);
  s = pl_plot_axes_add_vline (ax, NULL, 10);
  pl_plot_series_set_color (s, &ref_plot_red);
  pl_plot_series_set_dash (s, PL_PLOT_DASH_SOLID);
  pl_plot_series_set_line_width (s, 1.0);
  img = ref_plot_render (fig, 400, 300);

  /* y = 0.1 is decade 2 of 4 above 1e-3: 20 + 240 (1 - 2/4) = 140; x = 10 is decade 1 of 3:
   * 40 + 340 / 3. */
  g_assert_cmpfloat_with_epsilon (ref_plot_red_centroid (img, 60, FALSE), 140.0, 0.25);
  g_assert_cmpfloat_with_epsilon (ref_plot_red_centroid (img, 200, TRUE), 40.0 + 340.0 / 3.0, 0.25);
  g_assert_true (pl_plot_axes_data_to_user (ax, 31.6227766016838, 0.01, &ux, &uy));
  g_assert_cmpfloat_with_epsilon (ux, 40.0 + 340.0 * 1.5 / 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (uy, 20.0 + 240.0 * 0.75, 1e-9);
  /* No place for 0 or a negative value on a log axis. */
  g_assert_false (pl_plot_axes_data_to_user (ax, -1.0, 1.0, &ux, &uy));
  cairo_surface_destroy (img);
}

/* Resolution independence: the same figure at twice the DPI has every rectangle doubled. */
static void
test_layout_scales_with_dpi (void)
{
  g_autoptr(PlFigure) fig = pl_figure_new (1, 2);
  double x[3] = { 1, 2, 3 }, y[3] = { 0.5, 2.5, 1.5 }, a1[4], a2[4];
  cairo_surface_t *img;

  for (guint c = 0; c < 2; c++)
    {
      PlPlotAxes *ax = pl_figure_get_axes (fig, 0, c);

      pl_plot_axes_set_title (ax, "Title");
      pl_plot_axes_set_xlabel (ax, "<i>x</i>");
      pl_plot_axes_set_ylabel (ax, c == 0 ? "Loss" : "a much longer label");
      pl_plot_axes_add_line (ax, "data", 3, x, y);
    }
  pl_figure_set_dpi (fig, 72);
  img = ref_plot_render (fig, 300, 150);
  cairo_surface_destroy (img);
  pl_plot_axes_get_area (pl_figure_get_axes (fig, 0, 0), &a1[0], &a1[1], &a1[2], &a1[3]);
  /* Panels of one row share their top and bottom. */
  pl_plot_axes_get_area (pl_figure_get_axes (fig, 0, 1), &a2[0], &a2[1], &a2[2], &a2[3]);
  g_assert_cmpfloat_with_epsilon (a1[1], a2[1], 1e-9);
  g_assert_cmpfloat_with_epsilon (a1[3], a2[3], 1e-9);
  g_assert_cmpfloat (a1[0], >, 0);
  g_assert_cmpfloat (a1[0] + a1[2], <, 150);

  pl_figure_set_dpi (fig, 144);
  img = ref_plot_render (fig, 600, 300);
  cairo_surface_destroy (img);
  pl_plot_axes_get_area (pl_figure_get_axes (fig, 0, 0), &a2[0], &a2[1], &a2[2], &a2[3]);
  for (int k = 0; k < 4; k++)
    g_assert_cmpfloat_with_epsilon (a2[k], 2 * a1[k], 0.5);
}

/* ---- colours ------------------------------------------------------------------------------ */

static void
assert_color_hex (const PlColor *c,
                  guint32        hex,
                  double         tol)
{
  g_assert_cmpfloat_with_epsilon (c->r, ((hex >> 16) & 0xff) / 255.0, tol);
  g_assert_cmpfloat_with_epsilon (c->g, ((hex >> 8) & 0xff) / 255.0, tol);
  g_assert_cmpfloat_with_epsilon (c->b, (hex & 0xff) / 255.0, tol);
}

static void
test_colormaps (void)
{
  const double tol = 1.0 / 255 + 1e-12;
  PlColormap map;
  PlColor c;
  g_autoptr(GError) error = NULL;

  /* Published: viridis #440154 .. #21918c .. #fde725; magma #000004 .. #fcfdbf;
   * ColorBrewer RdBu #67001f .. #f7f7f7 .. #053061. */
  pl_colormap_eval (PL_COLORMAP_VIRIDIS, 0.0, &c);
  assert_color_hex (&c, 0x440154, tol);
  pl_colormap_eval (PL_COLORMAP_VIRIDIS, 0.5, &c);
  assert_color_hex (&c, 0x21918c, tol);
  pl_colormap_eval (PL_COLORMAP_VIRIDIS, 1.0, &c);
  assert_color_hex (&c, 0xfde725, tol);
  pl_colormap_eval (PL_COLORMAP_MAGMA, 0.0, &c);
  assert_color_hex (&c, 0x000004, tol);
  pl_colormap_eval (PL_COLORMAP_MAGMA, 1.0, &c);
  assert_color_hex (&c, 0xfcfdbf, tol);
  pl_colormap_eval (PL_COLORMAP_RDBU, 0.0, &c);
  assert_color_hex (&c, 0x67001f, tol);
  pl_colormap_eval (PL_COLORMAP_RDBU, 0.5, &c);
  assert_color_hex (&c, 0xf7f7f7, tol);
  pl_colormap_eval (PL_COLORMAP_RDBU, 1.0, &c);
  assert_color_hex (&c, 0x053061, tol);
  /* Out of range clamps, NaN is the low end. */
  pl_colormap_eval (PL_COLORMAP_VIRIDIS, 7.0, &c);
  assert_color_hex (&c, 0xfde725, tol);
  pl_colormap_eval (PL_COLORMAP_VIRIDIS, NAN, &c);
  assert_color_hex (&c, 0x440154, tol);

  /* Okabe-Ito: the first two default colours are blue #0072B2 and vermillion #D55E00. */
  pl_plot_palette_color (0, &c);
  assert_color_hex (&c, 0x0072b2, 1e-12);
  pl_plot_palette_color (9, &c);
  assert_color_hex (&c, 0xd55e00, 1e-12);

  g_assert_true (pl_colormap_from_string ("Magma", &map, &error));
  g_assert_cmpint (map, ==, PL_COLORMAP_MAGMA);
  g_assert_cmpstr (pl_colormap_to_string (PL_COLORMAP_RDBU), ==, "rdbu");
  g_assert_false (pl_colormap_from_string ("jet", &map, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "jet"));
}

static void
test_color_autoscale (void)
{
  double z[] = { 1, 2, NAN, 3, INFINITY };
  double d[] = { -1, 3 };
  double l[] = { -1, 0, 10, 1000 };
  PlPlotColorMapping m = { PL_COLORMAP_VIRIDIS, FALSE, PL_PLOT_SCALE_LINEAR, NAN, NAN };

  pl_plot_color_mapping_autoscale (&m, z, G_N_ELEMENTS (z));
  g_assert_cmpfloat (m.vmin, ==, 1);
  g_assert_cmpfloat (m.vmax, ==, 3);
  /* A diverging map is centred on zero. */
  m = (PlPlotColorMapping) { PL_COLORMAP_RDBU, FALSE, PL_PLOT_SCALE_LINEAR, NAN, NAN };
  pl_plot_color_mapping_autoscale (&m, d, 2);
  g_assert_cmpfloat (m.vmin, ==, -3);
  g_assert_cmpfloat (m.vmax, ==, 3);
  /* On a log scale only positive values count; a fixed end stays. */
  m = (PlPlotColorMapping) { PL_COLORMAP_MAGMA, FALSE, PL_PLOT_SCALE_LOG10, NAN, 100 };
  pl_plot_color_mapping_autoscale (&m, l, 4);
  g_assert_cmpfloat (m.vmin, ==, 10);
  g_assert_cmpfloat (m.vmax, ==, 100);
}


int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Plot/nice-number", test_nice_number);
  g_test_add_func ("/Plateau/Plot/ticks-linear", test_ticks_linear);
  g_test_add_func ("/Plateau/Plot/ticks-tiny-and-single", test_ticks_tiny_and_single);
  g_test_add_func ("/Plateau/Plot/ticks-log", test_ticks_log);
  g_test_add_func ("/Plateau/Plot/mapping-linear", test_mapping_linear);
  g_test_add_func ("/Plateau/Plot/mapping-point", test_mapping_point);
  g_test_add_func ("/Plateau/Plot/mapping-log", test_mapping_log);
  g_test_add_func ("/Plateau/Plot/layout-scales-with-dpi", test_layout_scales_with_dpi);
  g_test_add_func ("/Plateau/Plot/colormaps", test_colormaps);
  g_test_add_func ("/Plateau/Plot/color-autoscale", test_color_autoscale);

  ret = g_test_run ();
  ref_plot_release_fonts ();
  return ret;
}
