/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * reference-plot.h: what the figure tests need to look at pixels without the plotting code:
 * reading an ARGB32 image surface, finding red strokes, and a figure whose plot area is known
 * in advance (fixed margins at 72 dpi, so 1 pt = 1 px).
 */
#pragma once

#include <plateau/plateau.h>

G_BEGIN_DECLS

extern const PlColor ref_plot_red;

/* How red a pixel is: 255 for pure red, 0 for white, black and greys. */
double           ref_plot_redness      (cairo_surface_t  *img,
                                        int               x,
                                        int               y);
/* Un-premultiplied 0..255 channels of the pixel containing (x, y) (opaque images). */
void             ref_plot_pixel_rgb    (cairo_surface_t  *img,
                                        double            x,
                                        double            y,
                                        int               rgb[3]);
/* A new w x h ARGB32 surface with the figure drawn on it. */
cairo_surface_t *ref_plot_render       (PlFigure         *fig,
                                        int               w,
                                        int               h);
/* Redness-weighted centre (pixel centres at i + 0.5) along row @fixed (along_x) or column. */
double           ref_plot_red_centroid (cairo_surface_t  *img,
                                        int               fixed,
                                        gboolean          along_x);
/* A 1 x 1 figure at 72 dpi with margins 40, 20, 20, 40 pt and no legend: drawn into 400 x 300
 * its plot area is (40, 20, 340, 240). */
PlFigure        *ref_plot_known_figure (PlPlotAxes      **ax);
/* A red line of 1 pt from (x0, y0) to (x1, y1). */
void             ref_plot_add_red_line (PlPlotAxes       *ax,
                                        double            x0,
                                        double            y0,
                                        double            x1,
                                        double            y1);

/* Drop the process-wide Pango font map, so the leak checker sees only what the tests
 * themselves leaked (cairo's own caches stay: they are reachable, not leaked). */
void             ref_plot_release_fonts (void);

G_END_DECLS
