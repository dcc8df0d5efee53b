/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-plot.h"
#include "pl-plot-private.h"
#include "pl-error.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

/* Figures to files: PNG, SVG and PDF through cairo's stream surfaces into memory, then one
 * atomic write (temporary file, fsync, rename), so a reader never sees half a figure; and the
 * data behind the figure as CSV. */

#define MAX_SIZE_PT 14400.0   /* 200 in: PDF's largest page */

gboolean
pl_plot_format_from_path (const char    *path,
                          PlPlotFormat  *out,
                          GError       **error)
{
  g_autofree char *base = NULL;
  const char *dot;

  g_return_val_if_fail (path != NULL && out != NULL, FALSE);

  base = g_path_get_basename (path);
  dot = strrchr (base, '.');
  if (dot != NULL && g_ascii_strcasecmp (dot, ".png") == 0)
    *out = PL_PLOT_FORMAT_PNG;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".svg") == 0)
    *out = PL_PLOT_FORMAT_SVG;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".pdf") == 0)
    *out = PL_PLOT_FORMAT_PDF;
  else
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "Cannot tell the figure format of “%s” from its extension “%s”: use .png, "
                   ".svg or .pdf", path, dot != NULL ? dot : "");
      return FALSE;
    }
  return TRUE;
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
write_atomic (const char    *path,
              const char    *what,
              const guint8  *data,
              gsize          length,
              GError       **error)
{
  g_autoptr(GError) local = NULL;

  if (!g_file_set_contents_full (path, (const char *) data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0666, &local))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_IO, "Could not write the %s to “%s”: %s",
                   what, path, local->message);
      return FALSE;
    }
  return TRUE;
}

/* CRC-32 as the PNG specification defines it (ISO 3309, reflected polynomial 0xEDB88320). */
static guint32
png_crc (const guint8 *data,
         gsize         n)
{
  guint32 c = 0xffffffffu;

  for (gsize i = 0; i < n; i++)
    {
      c ^= data[i];
      for (int k = 0; k < 8; k++)
        c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
  return c ^ 0xffffffffu;
}

static void
put_be32 (guint8  *p,
          guint32  v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

/* Cairo writes no resolution; a pHYs chunk right after IHDR (8-byte signature + 25-byte IHDR)
 * tells LaTeX and image viewers the physical size. */
static void
png_insert_phys (GByteArray *png,
                 double      dpi)
{
  guint8 chunk[21];
  guint32 ppm = (guint32) lround (dpi / 0.0254);

  if (png->len < 33 || memcmp (png->data + 12, "IHDR", 4) != 0)
    return;
  put_be32 (chunk, 9);
  memcpy (chunk + 4, "pHYs", 4);
  put_be32 (chunk + 8, ppm);
  put_be32 (chunk + 12, ppm);
  chunk[16] = 1;   /* unit: metre */
  put_be32 (chunk + 17, png_crc (chunk + 4, 13));
  {
    g_autoptr(GByteArray) out = g_byte_array_sized_new (png->len + sizeof chunk);

    g_byte_array_append (out, png->data, 33);
    g_byte_array_append (out, chunk, sizeof chunk);
    g_byte_array_append (out, png->data + 33, png->len - 33);
    g_byte_array_set_size (png, 0);
    g_byte_array_append (png, out->data, out->len);
  }
}

static gboolean
check_status (cairo_status_t   status,
              const char      *path,
              GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, PL_ERROR, status == CAIRO_STATUS_NO_MEMORY ? PL_ERROR_NO_MEMORY
                                                                 : PL_ERROR_IO,
               "Could not render the figure for “%s”: %s", path,
               cairo_status_to_string (status));
  return FALSE;
}

gboolean
pl_figure_save (PlFigure      *fig,
                const char    *path,
                PlPlotFormat   format,
                double         width_pt,
                double         height_pt,
                double         dpi,
                GError       **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  double w = width_pt, h = height_pt, s = 1.0;
  cairo_status_t status;

  g_return_val_if_fail (fig != NULL && path != NULL, FALSE);

  if (format == PL_PLOT_FORMAT_AUTO && !pl_plot_format_from_path (path, &format, error))
    return FALSE;
  if (!(width_pt > 0.0 && width_pt <= MAX_SIZE_PT && height_pt > 0.0
        && height_pt <= MAX_SIZE_PT))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "Figure size %g x %g pt for “%s” is out of range: both sides must be "
                   "above 0 and at most %g pt", width_pt, height_pt, path, MAX_SIZE_PT);
      return FALSE;
    }

  switch (format)
    {
    case PL_PLOT_FORMAT_PNG:
      if (!(dpi >= 1.0 && dpi <= 10000.0))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "Resolution %g dpi for “%s” is out of range: use 1 to 10000", dpi, path);
          return FALSE;
        }
      w = round (width_pt * dpi / 72.0);
      h = round (height_pt * dpi / 72.0);
      if (w < 1 || h < 1 || w > 32767 || h > 32767)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "A %g x %g pt figure at %g dpi is %.0f x %.0f pixels; PNG export "
                       "allows 1 to 32767 pixels a side", width_pt, height_pt, dpi, w, h);
          return FALSE;
        }
      s = dpi / 72.0;
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) w, (int) h);
      break;
    case PL_PLOT_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_cb, bytes, w, h);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
      break;
    case PL_PLOT_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_cb, bytes, w, h);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                      PACKAGE_NAME " " PACKAGE_VERSION);
      break;
    case PL_PLOT_FORMAT_AUTO:
    default:
      g_return_val_if_reached (FALSE);
    }
  if (!check_status (cairo_surface_status (surface), path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }

  cr = cairo_create (surface);
  _pl_figure_render (fig, cr, w, h, s);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == PL_PLOT_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_cb, bytes);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!check_status (status, path, error))
    return FALSE;

  if (format == PL_PLOT_FORMAT_PNG)
    png_insert_phys (bytes, dpi);
  return write_atomic (path, "figure", bytes->data, bytes->len, error);
}

/* ---- CSV ---------------------------------------------------------------------------------- */

enum { COL_X, COL_X_END, COL_Y, COL_ERR, COL_LOW, COL_HIGH, COL_Z, N_COLS };

static void
csv_number (GString *out,
            double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (v))
    {
      g_string_append (out, "nan");
      return;
    }
  if (isinf (v))
    {
      g_string_append (out, v > 0 ? "inf" : "-inf");
      return;
    }
  for (int p = 15; p <= 17; p++)
    {
      char fmt[8];

      g_snprintf (fmt, sizeof fmt, "%%.%dg", p);
      g_ascii_formatd (buf, sizeof buf, fmt, v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  g_string_append (out, buf);
}

static void
csv_text (GString    *out,
          const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_row (GString    *out,
         guint       panel,
         const char *name,
         const char *kind,
         guint       mask,
         ...)
{
  va_list args;

  g_string_append_printf (out, "%u,", panel);
  csv_text (out, name);
  g_string_append_printf (out, ",%s", kind);
  va_start (args, mask);
  for (int c = 0; c < N_COLS; c++)
    {
      g_string_append_c (out, ',');
      if (mask & (1u << c))
        csv_number (out, va_arg (args, double));
    }
  va_end (args);
  g_string_append_c (out, '\n');
}

#define M(c) (1u << (c))

static void
csv_series (GString            *out,
            guint               panel,
            guint               index,
            const PlPlotAxes   *ax,
            const PlPlotSeries *s)
{
  static const char * const kinds[] = {
    "line", "scatter", "errorbar", "band", "bars", "hline", "vline", "text", "heatmap",
  };
  g_autofree char *name = NULL;
  const char *kind = kinds[s->kind];

  if (s->kind == PL_SERIES_TEXT)
    return;
  if (s->label == NULL || !pango_parse_markup (s->label, -1, 0, NULL, &name, NULL, NULL))
    name = s->label != NULL ? g_strdup (s->label) : g_strdup_printf ("series %u", index);

  switch (s->kind)
    {
    case PL_SERIES_LINE:
    case PL_SERIES_SCATTER:
      for (gsize i = 0; i < s->n; i++)
        csv_row (out, panel, name, kind, M (COL_X) | M (COL_Y), s->x[i], s->y[i]);
      break;
    case PL_SERIES_ERRORBAR:
      for (gsize i = 0; i < s->n; i++)
        csv_row (out, panel, name, kind, M (COL_X) | M (COL_Y) | M (COL_ERR),
                 s->x[i], s->y[i], s->err[i]);
      break;
    case PL_SERIES_BAND:
      for (gsize i = 0; i < s->n; i++)
        csv_row (out, panel, name, kind, M (COL_X) | M (COL_LOW) | M (COL_HIGH),
                 s->x[i], s->low[i], s->high[i]);
      break;
    case PL_SERIES_BARS:
      for (gsize i = 0; i < s->n; i++)
        csv_row (out, panel, name, kind, M (COL_X) | M (COL_X_END) | M (COL_Y),
                 s->x[i], s->x[i + 1], s->y[i]);
      break;
    case PL_SERIES_HLINE:
      csv_row (out, panel, name, kind, M (COL_Y), s->y[0]);
      break;
    case PL_SERIES_VLINE:
      csv_row (out, panel, name, kind, M (COL_X), s->x[0]);
      break;
    case PL_SERIES_HEATMAP:
      for (guint j = 0; j < s->ny; j++)
        for (guint i = 0; i < s->nx; i++)
          {
            double cx = _pl_plot_from_unit (ax->scale[0], s->extent[0], s->extent[1],
                                            (i + 0.5) / s->nx);
            double cy = _pl_plot_from_unit (ax->scale[1], s->extent[2], s->extent[3],
                                            (j + 0.5) / s->ny);

            csv_row (out, panel, name, kind, M (COL_X) | M (COL_Y) | M (COL_Z),
                     cx, cy, s->z[(gsize) j * s->nx + i]);
          }
      break;
    case PL_SERIES_TEXT:
    default:
      break;
    }
}

gboolean
pl_figure_save_csv (PlFigure    *fig,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(GString) out = g_string_new ("panel,series,kind,x,x_end,y,err,low,high,z\n");

  g_return_val_if_fail (fig != NULL && path != NULL, FALSE);

  for (guint p = 0; p < fig->rows * fig->cols; p++)
    {
      const PlPlotAxes *ax = fig->axes[p];

      for (guint k = 0; k < ax->series->len; k++)
        csv_series (out, p, k, ax, g_ptr_array_index (ax->series, k));
    }
  return write_atomic (path, "figure data", (const guint8 *) out->str, out->len, error);
}
