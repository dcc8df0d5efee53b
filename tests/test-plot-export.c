/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-plot-export.c: figures written to files and read back with independent readers: PNG
 * through cairo's loader and its bytes (signature, pHYs with a CRC from Python's zlib), SVG
 * through GMarkup, PDF by its header and trailer, CSV parsed here field by field; atomic saves
 * that leave no temporary files, and errors that name the path.
 */
#include <plateau/plateau.h>

#include "reference-plot.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

/* ---- files -------------------------------------------------------------------------------- */

static PlFigure *
demo_figure (void)
{
  PlFigure *fig = pl_figure_new (1, 2);
  PlPlotAxes *a = pl_figure_get_axes (fig, 0, 0), *b = pl_figure_get_axes (fig, 0, 1);
  double x[50], y[50], z[12];

  for (int i = 0; i < 50; i++)
    {
      x[i] = i;
      y[i] = exp (-0.1 * i);
    }
  for (int i = 0; i < 12; i++)
    z[i] = sin (i);
  pl_plot_axes_set_yscale (a, PL_PLOT_SCALE_LOG10);
  pl_plot_axes_set_title (a, "Loss & co");   /* not markup: shown literally */
  pl_plot_axes_add_line (a, "loss", 50, x, y);
  pl_plot_axes_add_heatmap (b, NULL, 4, 3, z, 0, 1, 0, 1);
  return fig;
}

static char *
read_file (const char *path,
           gsize      *len)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, len, NULL));
  return contents;
}

static void
assert_only_files (const char          *dir,
                   const char * const  *names)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_assert_true (g_strv_contains (names, name));
      n++;
    }
  g_assert_cmpuint (n, ==, g_strv_length ((char **) names));
}

static void
test_save_formats (void)
{
  g_autoptr(PlFigure) fig = demo_figure ();
  g_autofree char *dir = g_dir_make_tmp ("plateau-plot-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "fig.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "fig.SVG", NULL);
  g_autofree char *pdf = g_build_filename (dir, "fig.pdf", NULL);
  g_autofree char *px = g_build_filename (dir, "px.png", NULL);
  static const char * const names[] = { "fig.png", "fig.SVG", "fig.pdf", "px.png", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) ctx = NULL;
  static const GMarkupParser parser = { 0 };
  g_autofree char *data = NULL;
  cairo_surface_t *img;
  gsize len;

  /* 3.5 in x 2.5 in at 300 dpi: 1050 x 750 pixels. Saved twice: the second replaces. */
  g_assert_true (pl_figure_save (fig, png, PL_PLOT_FORMAT_AUTO, 252, 180, 300, &error));
  g_assert_true (pl_figure_save (fig, png, PL_PLOT_FORMAT_PNG, 252, 180, 300, &error));
  g_assert_no_error (error);
  data = read_file (png, &len);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  /* pHYs right after IHDR: 300 / 0.0254 = 11811 px per metre; CRC from Python's zlib.crc32. */
  g_assert_cmpmem (data + 33, 8, "\0\0\0\x09pHYs", 8);
  g_assert_cmpmem (data + 41, 13, "\0\0\x2e\x23\0\0\x2e\x23\x01\x78\xa5\x3f\x76", 13);
  g_clear_pointer (&data, g_free);
  img = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (img), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 1050);
  g_assert_cmpint (cairo_image_surface_get_height (img), ==, 750);
  cairo_surface_destroy (img);

  /* 640 x 480 pixels at 100 dpi is 460.8 x 345.6 pt. */
  g_assert_true (pl_figure_save (fig, px, PL_PLOT_FORMAT_AUTO, 640 * 72.0 / 100,
                                 480 * 72.0 / 100, 100, &error));
  img = cairo_image_surface_create_from_png (px);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (img), ==, 480);
  cairo_surface_destroy (img);

  g_assert_true (pl_figure_save (fig, svg, PL_PLOT_FORMAT_AUTO, 252, 180, 0, &error));
  data = read_file (svg, &len);
  g_assert_true (g_str_has_prefix (data, "<?xml"));
  g_assert_nonnull (strstr (data, "width=\"252pt\""));
  ctx = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, data, (gssize) len, &error));
  g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
  g_clear_pointer (&data, g_free);

  g_assert_true (pl_figure_save (fig, pdf, PL_PLOT_FORMAT_AUTO, 252, 180, 0, &error));
  data = read_file (pdf, &len);
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  g_assert_nonnull (g_strstr_len (data + len - 32, 32, "%%EOF"));

  /* Nothing but the four figures: no temporary files left behind. */
  assert_only_files (dir, names);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *p = g_build_filename (dir, names[i], NULL);
      g_assert_cmpint (g_remove (p), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_save_errors (void)
{
  g_autoptr(PlFigure) fig = demo_figure ();
  g_autofree char *dir = g_dir_make_tmp ("plateau-plot-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "plain", NULL);
  g_autofree char *under_file = g_build_filename (file, "fig.png", NULL);
  const char *missing = "/nonexistent-plateau-dir/fig.pdf";
  static const char * const names[] = { "plain", NULL };
  GError *error = NULL;

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_false (pl_figure_save (fig, missing, PL_PLOT_FORMAT_AUTO, 100, 100, 72, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);
  /* A path through a regular file fails for every user, root included. */
  g_assert_false (pl_figure_save (fig, under_file, PL_PLOT_FORMAT_AUTO, 100, 100, 72, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, under_file));
  g_clear_error (&error);
  g_assert_false (pl_figure_save_csv (fig, missing, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_assert_false (pl_figure_save (fig, "fig.jpg", PL_PLOT_FORMAT_AUTO, 100, 100, 72, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, ".jpg"));
  g_clear_error (&error);
  g_assert_false (pl_figure_save (fig, file, PL_PLOT_FORMAT_PNG, 0, 100, 72, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pl_figure_save (fig, file, PL_PLOT_FORMAT_PNG, 100, 100, NAN, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pl_figure_save (fig, file, PL_PLOT_FORMAT_PNG, 10000, 10000, 300, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  assert_only_files (dir, names);
  g_assert_cmpint (g_remove (file), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* RFC 4180 fields of one line. */
static GPtrArray *
csv_fields (const char *line)
{
  GPtrArray *f = g_ptr_array_new_with_free_func (g_free);
  const char *p = line;

  for (;;)
    {
      GString *field = g_string_new (NULL);

      if (*p == '"')
        {
          for (p++; *p && !(*p == '"' && p[1] != '"'); p++)
            {
              if (*p == '"')
                p++;
              g_string_append_c (field, *p);
            }
          p++;
        }
      else
        for (; *p && *p != ','; p++)
          g_string_append_c (field, *p);
      g_ptr_array_add (f, g_string_free (field, FALSE));
      if (*p != ',')
        return f;
      p++;
    }
}

static void
assert_field (GPtrArray *row,
              guint      col,
              double     expect)
{
  const char *s = g_ptr_array_index (row, col);
  char *end = NULL;
  double v = g_ascii_strtod (s, &end);

  g_assert_true (*s != '\0' && *end == '\0');
  if (isnan (expect))
    g_assert_true (isnan (v));
  else
    g_assert_cmpfloat (v, ==, expect);
}

static void
test_csv (void)
{
  g_autoptr(PlFigure) fig = pl_figure_new (1, 2);
  PlPlotAxes *a = pl_figure_get_axes (fig, 0, 0), *b = pl_figure_get_axes (fig, 0, 1);
  double x[3] = { 0.1, 1.0 / 3.0, 1e-300 }, y[3] = { NAN, -INFINITY, 6.02214076e23 };
  double e[3] = { 0.5, 0.25, 0.125 }, edges[3] = { 0, 0.5, 1 }, h[2] = { 3, 4 };
  double hi[3] = { 1, 2, NAN };
  double z[4] = { 1, 2, NAN, 4 };
  g_autofree char *dir = g_dir_make_tmp ("plateau-plot-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "data.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint row = 1;

  pl_plot_axes_add_line (a, "<i>u</i>, exact", 3, x, y);
  pl_plot_axes_add_errorbars (a, "say \"hi\"", 3, x, e, e);
  pl_plot_axes_add_band (a, NULL, 3, x, e, hi);
  pl_plot_axes_add_text (a, 0, 0, "not data", 0, 0);
  pl_plot_axes_add_bars (b, "hist", 2, edges, h);
  pl_plot_axes_add_hline (b, "ref", 0.75);
  pl_plot_axes_add_vline (b, "v", -2);
  pl_plot_axes_add_heatmap (b, "map", 2, 2, z, 0, 2, 10, 20);
  g_assert_true (pl_figure_save_csv (fig, path, &error));
  g_assert_no_error (error);

  text = read_file (path, NULL);
  lines = g_strsplit (text, "\n", -1);
  /* 3 + 3 + 3 rows in panel 0, 2 + 1 + 1 + 4 in panel 1, the header and a final "". */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 9 + 8 + 1);
  g_assert_cmpstr (lines[0], ==, "panel,series,kind,x,x_end,y,err,low,high,z");
  g_assert_cmpstr (lines[1], ==, "0,\"u, exact\",line,0.1,,nan,,,,");
  g_assert_cmpstr (lines[18], ==, "");

  for (guint i = 0; i < 3; i++, row++)
    {
      g_autoptr(GPtrArray) f = csv_fields (lines[row]);
      g_assert_cmpuint (f->len, ==, 10);
      g_assert_cmpstr (g_ptr_array_index (f, 1), ==, "u, exact");
      assert_field (f, 3, x[i]);
      assert_field (f, 5, y[i]);
    }
  for (guint i = 0; i < 3; i++, row++)
    {
      g_autoptr(GPtrArray) f = csv_fields (lines[row]);
      g_assert_cmpstr (g_ptr_array_index (f, 1), ==, "say \"hi\"");
      g_assert_cmpstr (g_ptr_array_index (f, 2), ==, "errorbar");
      assert_field (f, 5, e[i]);
      assert_field (f, 6, e[i]);
    }
  for (guint i = 0; i < 3; i++, row++)
    {
      g_autoptr(GPtrArray) f = csv_fields (lines[row]);
      g_assert_cmpstr (g_ptr_array_index (f, 1), ==, "series 2");
      assert_field (f, 7, e[i]);
      assert_field (f, 8, hi[i]);
    }
  for (guint i = 0; i < 2; i++, row++)
    {
      g_autoptr(GPtrArray) f = csv_fields (lines[row]);
      g_assert_cmpstr (g_ptr_array_index (f, 0), ==, "1");
      assert_field (f, 3, edges[i]);
      assert_field (f, 4, edges[i + 1]);
      assert_field (f, 5, h[i]);
    }
  g_assert_cmpstr (lines[row++], ==, "1,ref,hline,,,0.75,,,,");
  g_assert_cmpstr (lines[row++], ==, "1,v,vline,-2,,,,,,");
  for (guint k = 0; k < 4; k++, row++)
    {
      g_autoptr(GPtrArray) f = csv_fields (lines[row]);
      /* Cell centres: x = 0.5, 1.5; y = 12.5, 17.5. */
      assert_field (f, 3, 0.5 + (k % 2));
      assert_field (f, 5, 12.5 + 5.0 * (k / 2));
      assert_field (f, 9, z[k]);
    }

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Plot/save-formats", test_save_formats);
  g_test_add_func ("/Plateau/Plot/save-errors", test_save_errors);
  g_test_add_func ("/Plateau/Plot/csv", test_csv);

  ret = g_test_run ();
  ref_plot_release_fonts ();
  return ret;
}
