/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-plot-private.h: the structures behind pl-plot.h and the helpers its files share
 * (pl-plot.c figure and axes, pl-plot-series.c data, pl-plot-axis.c scales and ticks,
 * pl-plot-layout.c margins, pl-plot-draw.c frame and text, pl-plot-layers.c and
 * pl-plot-legend.c drawing the series, pl-plot-heatmap.c, pl-plot-colormap.c, pl-plot-export.c).
 */
#pragma once

#include "pl-plot.h"

#include <pango/pangocairo.h>

G_BEGIN_DECLS

typedef enum {
  PL_SERIES_LINE,
  PL_SERIES_SCATTER,
  PL_SERIES_ERRORBAR,
  PL_SERIES_BAND,
  PL_SERIES_BARS,
  PL_SERIES_HLINE,
  PL_SERIES_VLINE,
  PL_SERIES_TEXT,
  PL_SERIES_HEATMAP,
} PlSeriesKind;

struct _PlPlotSeries {
  PlSeriesKind kind;
  char        *label;       /* markup or NULL */
  gsize        n;           /* points; bars: bars (x holds n + 1 edges) */
  double      *x;
  double      *y;           /* line, scatter, errorbar, bars (heights), hline (one value) */
  double      *err;         /* errorbar */
  double      *low;         /* band */
  double      *high;        /* band */
  PlPlotAxes  *ax;           /* the axes it belongs to */
  gboolean     auto_color;  /* takes the next palette colour */
  PlColor      color;
  double       line_width;  /* pt; < 0: the figure's default */
  PlPlotDash   dash;
  PlPlotMarker marker;
  double       marker_size; /* pt; < 0: 4 pt per 8 pt of font */
  double       fill_alpha;

  /* text */
  char        *text;
  double       xalign, yalign;

  /* heatmap */
  guint               nx, ny;
  double             *z;
  double              extent[4]; /* x0, x1, y0, y1 */
  PlPlotColorMapping  mapping;   /* as set: NaN ends automatic */
  gboolean            colorbar;
  char               *colorbar_label;
  cairo_surface_t    *raster;
};

struct _PlPlotAxes {
  PlFigure    *fig;
  char        *title;
  char        *xlabel;
  char        *ylabel;
  PlPlotScale  scale[2];    /* x, y */
  double       fixed[2][2]; /* [axis][lo, hi], NaN = automatic */
  PlPlotLegend legend;
  gboolean     grid;
  GPtrArray   *series;      /* PlPlotSeries */

  /* resolved by the last draw */
  gboolean     drawn;
  double       area[4];     /* x, y, w, h in user units */
  double       lim[2][2];   /* [axis][lo, hi] */
  PlPlotScale  drawn_scale[2];
  double       scaled[2][2]; /* the limits in scaled units (log10 on log axes) */
  gsize        n_skipped;
};

typedef struct {
  char    *family;
  double   font_size;     /* pt */
  double   line_width;    /* pt; < 0: 1.25 pt per 8 pt of font */
} PlPlotStyle;

struct _PlFigure {
  guint        rows, cols;
  PlPlotAxes **axes;      /* rows * cols, row-major */
  PlPlotStyle  style;
  double       dpi;
  double       margins[4]; /* left, right, top, bottom in pt; NaN = automatic */
  gboolean     has_background;
  PlColor      background;
};

/* What one draw needs: the cairo context, Pango, and how many user units make a point. */
typedef struct {
  cairo_t      *cr;
  PangoContext *pango;
  double        s;       /* user units per pt */
  double        g;       /* user units per pt of frame geometry: s * font size / 8 pt */
  double        lw;      /* the default data line width in user units */
  PlPlotStyle  *style;
} PlDrawCtx;

/* Everything the layout resolves for one panel before drawing. */
typedef struct {
  PlPlotAxes      *ax;
  PlPlotTicks     *ticks[2];     /* x, y */
  PlPlotSeries    *heatmap;      /* the one that owns the colorbar, or NULL */
  PlPlotColorMapping cmap;       /* its mapping, resolved */
  PlPlotTicks     *cticks;       /* colorbar ticks */
  double           data[2][2];   /* data extent per axis in data units, NaN if none */
  gboolean         tight[2];     /* no rounding out (heatmap extent) */
  gboolean         markers;      /* some series has markers: pad instead of rounding out */
  double           margin[4];    /* left, right, top, bottom in user units */
  double           tick_extent[2]; /* tallest x tick label, widest y tick label */
  double           tick_extent_cbar; /* widest colorbar tick label */
  double           cell[4];      /* x, y, w, h */
} PlPanelLayout;

/* pl-plot-axis.c */
gboolean _pl_plot_value_ok   (PlPlotScale scale,
                              double      v);
double   _pl_plot_to_unit    (PlPlotScale scale,
                              double      lo,
                              double      hi,
                              double      v);
double   _pl_plot_from_unit  (PlPlotScale scale,
                              double      lo,
                              double      hi,
                              double      t);
PlPlotTicks *_pl_plot_ticks_for (PlPlotScale scale,
                                 double      lo,
                                 double      hi,
                                 guint       n_target,
                                 gboolean    expand);
void     _pl_plot_widen_range (PlPlotScale scale,
                               double     *lo,
                               double     *hi);

/* pl-plot.c, pl-plot-series.c */
void     _pl_plot_axes_resolve_colors (PlPlotAxes *ax);
void     _pl_plot_series_free         (gpointer    data);
/* Data to user units with the limits and area of the last layout. */
gboolean _pl_plot_map        (const PlPlotAxes *ax,
                              double            x,
                              double            y,
                              double           *ux,
                              double           *uy);

/* pl-plot-draw.c: text helpers shared by the layout, legend and colorbar. */
PangoLayout *_pl_plot_text   (PlDrawCtx  *ctx,
                              const char *markup,
                              double      size_pt,
                              gboolean    bold);
void     _pl_plot_text_size  (PangoLayout *layout,
                              double      *w,
                              double      *h);
void     _pl_plot_text_show  (PlDrawCtx   *ctx,
                              PangoLayout *layout,
                              double       x,
                              double       y,
                              double       xalign,
                              double       yalign,
                              gboolean     vertical);
void     _pl_plot_set_color  (cairo_t       *cr,
                              const PlColor *c,
                              double         alpha_scale);
void     _pl_plot_apply_dash (PlDrawCtx  *ctx,
                              PlPlotDash  dash,
                              double      width);
void     _pl_plot_marker_path (cairo_t      *cr,
                               PlPlotMarker  marker,
                               double        x,
                               double        y,
                               double        size);
double   _pl_plot_series_width (const PlPlotSeries *s,
                                const PlDrawCtx    *ctx);
double   _pl_plot_marker_size  (const PlPlotSeries *s,
                                const PlDrawCtx    *ctx);
void     _pl_plot_draw_panel (PlDrawCtx     *ctx,
                              PlPanelLayout *pl);
/* pl_figure_draw () with an explicit scale: export draws PNGs in pixels, vectors in points. */
void     _pl_figure_render   (PlFigure      *fig,
                              cairo_t       *cr,
                              double         width,
                              double         height,
                              double         units_per_pt);

/* pl-plot-layers.c: drawing the series. */
gboolean _pl_plot_clip_segment (const double  r[4],
                                double       *x0,
                                double       *y0,
                                double       *x1,
                                double       *y1);
void     _pl_plot_draw_series  (PlDrawCtx     *ctx,
                                PlPanelLayout *pl,
                                PlPlotSeries  *s,
                                int            layer);
void     _pl_plot_draw_sample  (PlDrawCtx          *ctx,
                                const PlPlotSeries *s,
                                double              x,
                                double              y,
                                double              w,
                                double              h);

/* pl-plot-layout.c */
void     _pl_plot_layout     (PlDrawCtx     *ctx,
                              PlFigure      *fig,
                              double         width,
                              double         height,
                              PlPanelLayout *panels);
void     _pl_plot_layout_clear (PlPanelLayout *panels,
                                gsize          n);

/* pl-plot-legend.c */
void     _pl_plot_draw_legend (PlDrawCtx     *ctx,
                               PlPanelLayout *pl);

/* pl-plot-heatmap.c */
void     _pl_plot_draw_heatmap  (PlDrawCtx    *ctx,
                                 PlPlotAxes   *ax,
                                 PlPlotSeries *s);
void     _pl_plot_colorbar_size (PlDrawCtx     *ctx,
                                 PlPanelLayout *pl,
                                 double         height,
                                 double        *width);
void     _pl_plot_draw_colorbar (PlDrawCtx     *ctx,
                                 PlPanelLayout *pl);

/* Geometry in points for an 8 pt font, in one place so layout and drawing agree; it scales
 * with the font (PlDrawCtx.g), so a figure enlarged for a projector keeps its proportions. */
#define PL_PLOT_TICK_MAJOR   3.5
#define PL_PLOT_TICK_MINOR   2.0
#define PL_PLOT_TICK_PAD     2.5   /* tick to its label */
#define PL_PLOT_LABEL_PAD    3.0   /* tick labels to the axis label */
#define PL_PLOT_TITLE_PAD    4.0   /* title to the frame */
#define PL_PLOT_OUTER_PAD    2.0   /* around every panel cell */
#define PL_PLOT_CBAR_GAP     6.0   /* plot area to colorbar */
#define PL_PLOT_CBAR_WIDTH   8.0
#define PL_PLOT_TITLE_SCALE  1.1

G_END_DECLS
