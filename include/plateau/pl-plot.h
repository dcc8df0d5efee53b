/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-plot.h: publication figures drawn with Cairo and Pango on any cairo_t: the GUI's drawing
 * area, or the CLI's PNG / SVG / PDF surfaces, with the same code and the same look.
 *
 * The model separates data, mapping and drawing:
 *   PlPlotSeries  the data of one curve, point set, band, histogram or heatmap (copied in);
 *   PlPlotAxes    one panel: scales (linear or log10), limits, ticks, labels, legend; it maps
 *                 data to the unit square and the unit square to its plot-area rectangle;
 *   PlFigure      a grid of rows x cols panels, the style (font, line widths) and the output.
 *
 * Units. Every length of the style (font sizes, line widths, tick lengths, marker sizes,
 * margins) is in points (1 pt = 1/72 in). pl_figure_draw() draws into user units of the given
 * cairo_t, of which pl_figure_set_dpi() says how many make an inch (default 96, the logical
 * pixel of GTK): a figure therefore looks the same physical size on screen, on paper (PDF, SVG:
 * 1 unit = 1 pt) and in a PNG at any resolution (1 unit = 1 px at the chosen DPI).
 *
 * Threads. A PlFigure belongs to one thread at a time. pl_plot_heatmap_rasterize() is a pure
 * function of its arguments and may run on a worker; the surface it returns is handed to the
 * drawing thread with pl_plot_series_set_raster().
 *
 * Who calls this: the CLI (figure export), the GUI (drawing areas and export dialogs), tests.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"

#include <cairo.h>

G_BEGIN_DECLS

/* Straight (non-premultiplied) sRGB colour with alpha, each in [0, 1]. */
typedef struct {
  double r, g, b, a;
} PlColor;

typedef enum {
  PL_PLOT_SCALE_LINEAR,
  PL_PLOT_SCALE_LOG10,
} PlPlotScale;

typedef enum {
  PL_PLOT_FORMAT_AUTO, /* from the file name's extension */
  PL_PLOT_FORMAT_PNG,
  PL_PLOT_FORMAT_SVG,
  PL_PLOT_FORMAT_PDF,
} PlPlotFormat;

typedef enum {
  PL_PLOT_LEGEND_NONE,
  PL_PLOT_LEGEND_BEST,        /* the corner (or top/bottom centre) covering the least data */
  PL_PLOT_LEGEND_UPPER_RIGHT,
  PL_PLOT_LEGEND_UPPER_LEFT,
  PL_PLOT_LEGEND_LOWER_LEFT,
  PL_PLOT_LEGEND_LOWER_RIGHT,
} PlPlotLegend;

typedef enum {
  PL_PLOT_MARKER_NONE,
  PL_PLOT_MARKER_CIRCLE,
  PL_PLOT_MARKER_SQUARE,
  PL_PLOT_MARKER_TRIANGLE,
  PL_PLOT_MARKER_DIAMOND,
  PL_PLOT_MARKER_CROSS,
  PL_PLOT_MARKER_PLUS,
} PlPlotMarker;

typedef enum {
  PL_PLOT_DASH_SOLID,
  PL_PLOT_DASH_DASHED,
  PL_PLOT_DASH_DOTTED,
  PL_PLOT_DASH_DASHDOT,
} PlPlotDash;

typedef enum {
  PL_COLORMAP_VIRIDIS, /* perceptually uniform, sequential */
  PL_COLORMAP_MAGMA,   /* perceptually uniform, sequential, black to pale yellow */
  PL_COLORMAP_RDBU,    /* diverging, red (low) - white - blue (high) */
} PlColormap;

/* ---- colours ------------------------------------------------------------------------------ */

/* The default series colours, cycling with period 8: the colour-blind-safe palette of Okabe &
 * Ito (2008, "Color Universal Design"), ordered blue #0072B2, vermillion #D55E00, bluish green
 * #009E73, orange #E69F00, sky blue #56B4E9, reddish purple #CC79A7, yellow #F0E442, black. */
void     pl_plot_palette_color   (guint              index,
                                  PlColor           *out);

/* Colour of @map at t in [0, 1] (clamped; NaN gives t = 0). Viridis and magma (van der Walt &
 * Smith 2015, CC0) are the 256-entry tables of matplotlib's _cm_listed.py, linearly
 * interpolated at position t * 255; RdBu is ColorBrewer's 11-class RdBu (Brewer 2002),
 * interpolated linearly in sRGB. Alpha is 1. */
void     pl_colormap_eval        (PlColormap         map,
                                  double             t,
                                  PlColor           *out);
const char *pl_colormap_to_string (PlColormap        map);
/* "viridis", "magma" or "rdbu" (case-insensitive). */
gboolean pl_colormap_from_string (const char        *name,
                                  PlColormap        *out,
                                  GError           **error);

/* How heatmap values become colours: t = (v - vmin) / (vmax - vmin) on a linear scale,
 * t = (log10 v - log10 vmin) / (log10 vmax - log10 vmin) on a log scale; t clamped to [0, 1]
 * and reversed (1 - t) if asked. NaN, +-Inf and (log scale) v <= 0 get nan_color. */
typedef struct {
  PlColormap  map;
  gboolean    reversed;
  PlPlotScale scale;
  double      vmin;
  double      vmax;
  PlColor     nan_color;
} PlPlotColorMapping;

/* Fill NaN vmin / vmax of @mapping from the finite (log scale: positive) values of @z: the
 * minimum and maximum, or for a diverging map on a linear scale -M .. M with M = max |z|, so
 * that zero is the neutral colour. A range of zero width is widened (see pl_plot_ticks_linear). */
void     pl_plot_color_mapping_autoscale (PlPlotColorMapping *mapping,
                                          const double       *z,
                                          gsize               n);

/* Rasterise a regular nx x ny grid into a new ARGB32 image surface of nx x ny pixels, one pixel
 * per cell. z[j * nx + i] is the cell at column i (left to right, increasing x) and row j
 * (bottom to top, increasing y), so image row 0 holds j = ny - 1. A pure function: safe on any
 * thread. Returns NULL if cairo cannot allocate the surface. */
cairo_surface_t *pl_plot_heatmap_rasterize (const double             *z,
                                            guint                     nx,
                                            guint                     ny,
                                            const PlPlotColorMapping *mapping);

/* ---- ticks -------------------------------------------------------------------------------- */

/* Heckbert's "nice number" (Graphics Gems, 1990), a number 1, 2, 5 or 10 times 10^e with
 * e = floor (log10 x) and f = x / 10^e: with round_it the one near x (f < 1.5, 3, 7 give 1, 2,
 * 5, else 10), without it the smallest not below x. x must be positive and finite. */
double   pl_plot_nice_number     (double             x,
                                  gboolean           round_it);

typedef struct {
  double   lo, hi;     /* the axis limits the ticks were made for (expanded if asked) */
  double   step;       /* linear: the tick spacing; log: the spacing in decades */
  gsize    n_major;
  double  *major;      /* tick positions in data units, increasing */
  char   **labels;     /* n_major Pango markup labels, NULL-terminated */
  gsize    n_minor;
  double  *minor;      /* minor tick positions in data units, increasing */
} PlPlotTicks;

/* Linear ticks at integer multiples k * d of d = nicenum (nicenum (hi - lo, FALSE) /
 * (n_target - 1), TRUE) (Heckbert 1990). With @expand the limits move out to the enclosing
 * multiples ("loose labelling"); otherwise only ticks inside [lo, hi] are kept. Positions are
 * the doubles nearest the decimal values (0.3, not 0.30000000000000004); labels show
 * max (0, -floor (log10 d)) decimals, use U+2212 for minus, and switch to m x 10^e (with the
 * digits that tick needs: 2 x 10^-8, 10^-7) when the largest magnitude is >= 1e5 or < 1e-3.
 * A zero-width range around v is widened to v -+ 10^floor (log10 |v|) (or -1 .. 1 for v = 0).
 * lo, hi must be finite. */
PlPlotTicks *pl_plot_ticks_linear (double            lo,
                                   double            hi,
                                   guint             n_target,
                                   gboolean          expand);
/* Log10 ticks at decades 10^k with k a multiple of the smallest stride s giving at most
 * n_target majors, labelled 10<sup>k</sup>; minor ticks at m 10^k (m = 2..9) when s = 1, else
 * at the decades left unlabelled. With @expand the limits move out to whole decades. When no
 * expansion is asked and fewer than two decades lie inside, linear ticks are used instead.
 * lo, hi must be finite and > 0; a zero-width range around v is widened to v/10 .. 10 v. */
PlPlotTicks *pl_plot_ticks_log10  (double            lo,
                                   double            hi,
                                   guint             n_target,
                                   gboolean          expand);
void         pl_plot_ticks_free   (PlPlotTicks      *ticks);

/* ---- figure ------------------------------------------------------------------------------- */

PlFigure   *pl_figure_new         (guint             rows,
                                   guint             cols);
void        pl_figure_free        (PlFigure         *fig);
guint       pl_figure_get_rows    (const PlFigure   *fig);
guint       pl_figure_get_cols    (const PlFigure   *fig);
/* The panel at (row, col), owned by the figure. */
PlPlotAxes *pl_figure_get_axes    (PlFigure         *fig,
                                   guint             row,
                                   guint             col);

/* Base font (tick labels, axis labels, legend); titles are 10% larger. Default "Sans", 8 pt.
 * The frame geometry (tick lengths, pads, colorbar width) and the default line width and
 * marker size are given for 8 pt and scale with the font, so a figure enlarged for a projector
 * by its font keeps its proportions; widths and sizes set explicitly stay as set. */
void        pl_figure_set_font    (PlFigure         *fig,
                                   const char       *family,
                                   double            size_pt);
/* Default width of data lines (reference lines: 0.65 of it); the frame and ticks are drawn at
 * half of it. Default 1.25 pt per 8 pt of font. */
void        pl_figure_set_line_width (PlFigure      *fig,
                                      double         width_pt);
/* User units per inch of the cairo_t given to pl_figure_draw (). Default 96. */
void        pl_figure_set_dpi     (PlFigure         *fig,
                                   double            dpi);
/* Fixed margins around every panel's plot area in points, e.g. to line up panels of separate
 * figures; NaN leaves that side automatic (fitted to the labels). */
void        pl_figure_set_margins (PlFigure         *fig,
                                   double            left,
                                   double            right,
                                   double            top,
                                   double            bottom);
/* Background of the whole figure; NULL for transparent. Default white. */
void        pl_figure_set_background (PlFigure      *fig,
                                      const PlColor *color);

/* Draw the figure into the rectangle (0, 0, width, height) of @cr's user space. Afterwards
 * pl_plot_axes_get_area () and pl_plot_axes_get_limits () describe what was drawn. */
void        pl_figure_draw        (PlFigure         *fig,
                                   cairo_t          *cr,
                                   double            width,
                                   double            height);

/* The format a file name asks for: .png, .svg or .pdf (case-insensitive). */
gboolean    pl_plot_format_from_path (const char    *path,
                                      PlPlotFormat  *out,
                                      GError       **error);

/* Write the figure, width_pt x height_pt points, atomically (a temporary file in the same
 * directory renamed over @path). PNG: ARGB pixels of round (width_pt * dpi / 72) x round
 * (height_pt * dpi / 72), with a pHYs chunk recording @dpi; SVG and PDF: vector output of that
 * size in points (dpi is then unused). So a 3.5 in wide figure at 300 dpi is width_pt = 252;
 * a figure of P pixels at D dpi is width_pt = 72 P / D. */
gboolean    pl_figure_save        (PlFigure         *fig,
                                   const char       *path,
                                   PlPlotFormat      format,
                                   double            width_pt,
                                   double            height_pt,
                                   double            dpi,
                                   GError          **error);

/* Write the data of every series of every panel as one CSV table in tidy long form, atomically.
 * Header: panel,series,kind,x,x_end,y,err,low,high,z. One row per data point:
 *   panel   0-based row-major index of the panel
 *   series  the series label as plain text ("series N", N its 0-based index, if unlabelled)
 *   kind    line | scatter | errorbar | band | bars | hline | vline | heatmap
 *   line, scatter: x, y; errorbar: x, y, err; band: x, low, high; bars: x (left edge), x_end
 *   (right edge), y (height); hline: y; vline: x; heatmap: x, y (cell centre), z.
 * Columns that do not apply are empty. Numbers are written with the fewest digits (up to 17)
 * that read back to the same double; NaN and infinities as nan, inf, -inf. Text annotations are
 * not data and are not written. */
gboolean    pl_figure_save_csv    (PlFigure         *fig,
                                   const char       *path,
                                   GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlFigure, pl_figure_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlPlotTicks, pl_plot_ticks_free)

/* ---- axes (one panel) --------------------------------------------------------------------- */

/* Titles and labels are Pango markup ("<i>n</i>", "Var[&#8706;<sub>&#952;</sub>L]"); text that
 * is not valid markup is shown literally. */
void        pl_plot_axes_set_title  (PlPlotAxes     *ax,
                                     const char     *markup);
void        pl_plot_axes_set_xlabel (PlPlotAxes     *ax,
                                     const char     *markup);
void        pl_plot_axes_set_ylabel (PlPlotAxes     *ax,
                                     const char     *markup);
void        pl_plot_axes_set_xscale (PlPlotAxes     *ax,
                                     PlPlotScale     scale);
void        pl_plot_axes_set_yscale (PlPlotAxes     *ax,
                                     PlPlotScale     scale);
/* Fixed limits (lo > hi gives the same, uninverted axis); NaN leaves that end automatic, as do
 * values <= 0 on a log axis. Automatic limits enclose the data and are rounded out to ticks
 * (whole decades on log axes); with markers in the panel they get a 5% margin instead (so no
 * marker sits on the frame), and along a heatmap's extent none. */
void        pl_plot_axes_set_xlim   (PlPlotAxes     *ax,
                                     double          lo,
                                     double          hi);
void        pl_plot_axes_set_ylim   (PlPlotAxes     *ax,
                                     double          lo,
                                     double          hi);
void        pl_plot_axes_set_legend (PlPlotAxes     *ax,
                                     PlPlotLegend    legend);
/* Light grid lines at the major ticks. Default off. */
void        pl_plot_axes_set_grid   (PlPlotAxes     *ax,
                                     gboolean        grid);
/* Remove every series (live views re-add their data each frame). */
void        pl_plot_axes_clear      (PlPlotAxes     *ax);

/* Series. The data are copied; NaN and infinite values (and values <= 0 on a log axis) are
 * skipped, breaking lines and bands. The returned series belongs to the axes. @label is Pango
 * markup or NULL (no legend entry). Lines, scatters, error bars, bands and bars whose colour is
 * not set take pl_plot_palette_color () colours in order of addition (as in matplotlib, a series
 * given an explicit colour does not use one up). */
PlPlotSeries *pl_plot_axes_add_line      (PlPlotAxes   *ax,
                                          const char   *label,
                                          gsize         n,
                                          const double *x,
                                          const double *y);
/* Markers only (circles by default). */
PlPlotSeries *pl_plot_axes_add_scatter   (PlPlotAxes   *ax,
                                          const char   *label,
                                          gsize         n,
                                          const double *x,
                                          const double *y);
/* Markers at (x, y) with vertical bars y - err .. y + err and caps. */
PlPlotSeries *pl_plot_axes_add_errorbars (PlPlotAxes   *ax,
                                          const char   *label,
                                          gsize         n,
                                          const double *x,
                                          const double *y,
                                          const double *err);
/* A filled band between low and high (e.g. mean -+ one standard deviation), alpha 0.25. */
PlPlotSeries *pl_plot_axes_add_band      (PlPlotAxes   *ax,
                                          const char   *label,
                                          gsize         n,
                                          const double *x,
                                          const double *low,
                                          const double *high);
/* Histogram bars: bar i spans edges[i] .. edges[i + 1] with height heights[i] (n bars, n + 1
 * edges), filled at alpha 0.35 under a step outline; fill alpha 0 gives a pure step line. */
PlPlotSeries *pl_plot_axes_add_bars      (PlPlotAxes   *ax,
                                          const char   *label,
                                          gsize         n,
                                          const double *edges,
                                          const double *heights);
/* Reference lines across the whole panel (dashed dark grey unless styled). */
PlPlotSeries *pl_plot_axes_add_hline     (PlPlotAxes   *ax,
                                          const char   *label,
                                          double        y);
PlPlotSeries *pl_plot_axes_add_vline     (PlPlotAxes   *ax,
                                          const char   *label,
                                          double        x);
/* Text at data coordinates (x, y); (xalign, yalign) is the point of the text's box placed
 * there, (0, 0) its top left, (0.5, 0.5) its centre. */
PlPlotSeries *pl_plot_axes_add_text      (PlPlotAxes   *ax,
                                          double        x,
                                          double        y,
                                          const char   *markup,
                                          double        xalign,
                                          double        yalign);
/* A heatmap of nx x ny cells (layout as pl_plot_heatmap_rasterize ()) covering x0 .. x1 by
 * y0 .. y1; the grid is regular in the axes' scaled coordinates. Viridis, automatic range, grey
 * NaN cells and a colorbar at the right of the panel unless styled. */
PlPlotSeries *pl_plot_axes_add_heatmap   (PlPlotAxes   *ax,
                                          const char   *label,
                                          guint         nx,
                                          guint         ny,
                                          const double *z,
                                          double        x0,
                                          double        x1,
                                          double        y0,
                                          double        y1);

/* The plot-area rectangle of the last pl_figure_draw () in the user units of its cairo_t, and
 * the limits it showed. A data point (x, y) was drawn at
 *   ux = area_x + area_w * tx,   uy = area_y + area_h * (1 - ty),
 * with tx = (x - xlo) / (xhi - xlo) on a linear axis, (log10 x - log10 xlo) / (log10 xhi -
 * log10 xlo) on a log axis, and ty likewise. FALSE (outputs untouched) before the first draw. */
gboolean    pl_plot_axes_get_area   (const PlPlotAxes *ax,
                                     double           *area_x,
                                     double           *area_y,
                                     double           *area_w,
                                     double           *area_h);
gboolean    pl_plot_axes_get_limits (const PlPlotAxes *ax,
                                     double           *xlo,
                                     double           *xhi,
                                     double           *ylo,
                                     double           *yhi);
/* The mapping above and its inverse (for pointer hit-testing). FALSE before the first draw or
 * for a point that has no place on a log axis. */
gboolean    pl_plot_axes_data_to_user (const PlPlotAxes *ax,
                                       double            x,
                                       double            y,
                                       double           *ux,
                                       double           *uy);
gboolean    pl_plot_axes_user_to_data (const PlPlotAxes *ax,
                                       double            ux,
                                       double            uy,
                                       double           *x,
                                       double           *y);
/* Data points the last draw skipped: NaN or infinite, or <= 0 on a log axis. */
gsize       pl_plot_axes_get_n_skipped (const PlPlotAxes *ax);

/* ---- series style ------------------------------------------------------------------------- */

void     pl_plot_series_set_color      (PlPlotSeries    *s,
                                        const PlColor   *color);
void     pl_plot_series_get_color      (const PlPlotSeries *s,
                                        PlColor         *out);
/* Line width in points; 0 draws no line (markers only). */
void     pl_plot_series_set_line_width (PlPlotSeries    *s,
                                        double           width_pt);
void     pl_plot_series_set_dash       (PlPlotSeries    *s,
                                        PlPlotDash       dash);
/* Marker shape and size (its full width) in points; default 4 pt per 8 pt of font. */
void     pl_plot_series_set_marker     (PlPlotSeries    *s,
                                        PlPlotMarker     marker,
                                        double           size_pt);
/* Fill opacity of bands and bars. */
void     pl_plot_series_set_fill_alpha (PlPlotSeries    *s,
                                        double           alpha);

/* Heatmaps. */
void     pl_plot_series_set_colormap   (PlPlotSeries    *s,
                                        PlColormap       map,
                                        gboolean         reversed);
/* Colour range and normalisation; NaN ends are automatic. */
void     pl_plot_series_set_color_range (PlPlotSeries   *s,
                                         double          vmin,
                                         double          vmax,
                                         PlPlotScale     scale);
void     pl_plot_series_set_nan_color  (PlPlotSeries    *s,
                                        const PlColor   *color);
void     pl_plot_series_set_colorbar   (PlPlotSeries    *s,
                                        gboolean         show,
                                        const char      *label_markup);
/* The mapping the heatmap uses, automatic ends resolved from its data: what a worker passes to
 * pl_plot_heatmap_rasterize () to prepare the raster off the drawing thread. */
void     pl_plot_series_get_color_mapping (const PlPlotSeries *s,
                                           PlPlotColorMapping *out);
/* Use @raster (nx x ny, from pl_plot_heatmap_rasterize () with the series' mapping) instead of
 * rasterising while drawing; the series takes a reference. Changing the mapping drops it. */
void     pl_plot_series_set_raster     (PlPlotSeries    *s,
                                        cairo_surface_t *raster);

G_END_DECLS
