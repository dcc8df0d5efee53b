/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-plot.h"
#include "pl-plot-private.h"

#include <math.h>

/* ---- text --------------------------------------------------------------------------------- */

PangoLayout *
_pl_plot_text (PlDrawCtx  *ctx,
               const char *markup,
               double      size_pt,
               gboolean    bold)
{
  PangoLayout *layout = pango_layout_new (ctx->pango);
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, ctx->style->family);
  pango_font_description_set_absolute_size (desc, size_pt * ctx->s * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);

  if (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, NULL))
    pango_layout_set_markup (layout, markup, -1);
  else
    pango_layout_set_text (layout, markup, -1);
  return layout;
}

void
_pl_plot_text_size (PangoLayout *layout,
                    double      *w,
                    double      *h)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  *w = (double) logical.width / PANGO_SCALE;
  *h = (double) logical.height / PANGO_SCALE;
}

/* Place the layout's logical box so that its point (xalign, yalign) lands on (x, y); vertical
 * text reads bottom to top and the alignment refers to its box as seen on the page. */
void
_pl_plot_text_show (PlDrawCtx   *ctx,
                    PangoLayout *layout,
                    double       x,
                    double       y,
                    double       xalign,
                    double       yalign,
                    gboolean     vertical)
{
  cairo_t *cr = ctx->cr;
  PangoRectangle logical;
  double w, h;

  pango_layout_get_extents (layout, NULL, &logical);
  w = (double) logical.width / PANGO_SCALE;
  h = (double) logical.height / PANGO_SCALE;

  cairo_save (cr);
  cairo_translate (cr, x, y);
  if (vertical)
    {
      cairo_rotate (cr, -G_PI / 2);
      pango_cairo_update_context (cr, ctx->pango);
      pango_layout_context_changed (layout);
      cairo_move_to (cr, -(1.0 - yalign) * w - (double) logical.x / PANGO_SCALE,
                     -xalign * h - (double) logical.y / PANGO_SCALE);
    }
  else
    {
      cairo_move_to (cr, -xalign * w - (double) logical.x / PANGO_SCALE,
                     -yalign * h - (double) logical.y / PANGO_SCALE);
    }
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  if (vertical)
    pango_cairo_update_context (cr, ctx->pango);
}

/* ---- strokes ------------------------------------------------------------------------------ */

void
_pl_plot_set_color (cairo_t       *cr,
                    const PlColor *c,
                    double         alpha_scale)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a * alpha_scale);
}

/* Dash patterns proportional to the line width, as matplotlib scales its own. */
void
_pl_plot_apply_dash (PlDrawCtx  *ctx,
                     PlPlotDash  dash,
                     double      width)
{
  static const double dashed[] = { 3.7, 1.6 };
  static const double dotted[] = { 1.0, 1.65 };
  static const double dashdot[] = { 6.4, 1.6, 1.0, 1.6 };
  const double *pattern = NULL;
  double d[4];
  int n = 0;

  switch (dash)
    {
    case PL_PLOT_DASH_DASHED:  pattern = dashed;  n = 2; break;
    case PL_PLOT_DASH_DOTTED:  pattern = dotted;  n = 2; break;
    case PL_PLOT_DASH_DASHDOT: pattern = dashdot; n = 4; break;
    case PL_PLOT_DASH_SOLID:
    default:
      break;
    }
  for (int i = 0; i < n; i++)
    d[i] = pattern[i] * MAX (width, 0.5 * ctx->s);
  cairo_set_dash (ctx->cr, d, n, 0.0);
  cairo_set_line_width (ctx->cr, width);
  cairo_set_line_cap (ctx->cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (ctx->cr, CAIRO_LINE_JOIN_ROUND);
}

double
_pl_plot_series_width (const PlPlotSeries *s,
                       const PlDrawCtx    *ctx)
{
  if (s->line_width >= 0.0)
    return s->line_width * ctx->s;
  return (s->kind == PL_SERIES_HLINE || s->kind == PL_SERIES_VLINE ? 0.65 : 1.0) * ctx->lw;
}

double
_pl_plot_marker_size (const PlPlotSeries *s,
                      const PlDrawCtx    *ctx)
{
  return s->marker_size >= 0.0 ? s->marker_size * ctx->s : 4.0 * ctx->g;
}

/* A closed marker path of full width @size centred on (x, y); crosses are open strokes. */
void
_pl_plot_marker_path (cairo_t      *cr,
                      PlPlotMarker  marker,
                      double        x,
                      double        y,
                      double        size)
{
  double r = size / 2.0;

  switch (marker)
    {
    case PL_PLOT_MARKER_CIRCLE:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      cairo_close_path (cr);
      break;
    case PL_PLOT_MARKER_SQUARE:
      r *= 0.85;   /* same visual weight as the circle */
      cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
      break;
    case PL_PLOT_MARKER_TRIANGLE:
      r *= 1.15;
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r * 0.866, y + r * 0.5);
      cairo_line_to (cr, x - r * 0.866, y + r * 0.5);
      cairo_close_path (cr);
      break;
    case PL_PLOT_MARKER_DIAMOND:
      r *= 1.1;
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r * 0.75, y);
      cairo_line_to (cr, x, y + r);
      cairo_line_to (cr, x - r * 0.75, y);
      cairo_close_path (cr);
      break;
    case PL_PLOT_MARKER_CROSS:
      r *= 0.8;
      cairo_move_to (cr, x - r, y - r);
      cairo_line_to (cr, x + r, y + r);
      cairo_move_to (cr, x - r, y + r);
      cairo_line_to (cr, x + r, y - r);
      break;
    case PL_PLOT_MARKER_PLUS:
      cairo_move_to (cr, x - r, y);
      cairo_line_to (cr, x + r, y);
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x, y + r);
      break;
    case PL_PLOT_MARKER_NONE:
    default:
      break;
    }
}

/* ---- frame, ticks and labels -------------------------------------------------------------- */

static gboolean
inside_limits (const PlPlotTicks *t,
               double             v)
{
  double eps = 1e-9 * fabs (t->hi - t->lo);

  return v >= MIN (t->lo, t->hi) - eps && v <= MAX (t->lo, t->hi) + eps;
}

static void
draw_axis (PlDrawCtx     *ctx,
           PlPanelLayout *pl,
           int            axis)
{
  cairo_t *cr = ctx->cr;
  PlPlotAxes *ax = pl->ax;
  const PlPlotTicks *t = pl->ticks[axis];
  const double *a = ax->area;
  double major = PL_PLOT_TICK_MAJOR * ctx->g, minor = PL_PLOT_TICK_MINOR * ctx->g;

  /* Ticks first, as one stroke. */
  for (int pass = 0; pass < 2; pass++)
    {
      gsize n = pass == 0 ? t->n_major : t->n_minor;
      const double *v = pass == 0 ? t->major : t->minor;
      double len = pass == 0 ? major : minor;

      for (gsize i = 0; i < n; i++)
        {
          double u;

          if (!inside_limits (t, v[i]))
            continue;
          u = _pl_plot_to_unit (ax->scale[axis], t->lo, t->hi, v[i]);
          if (axis == 0)
            {
              cairo_move_to (cr, a[0] + u * a[2], a[1] + a[3]);
              cairo_rel_line_to (cr, 0, len);
            }
          else
            {
              cairo_move_to (cr, a[0], a[1] + (1.0 - u) * a[3]);
              cairo_rel_line_to (cr, -len, 0);
            }
        }
    }
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, 0.5 * ctx->lw);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_stroke (cr);

  for (gsize i = 0; i < t->n_major; i++)
    {
      g_autoptr(PangoLayout) layout = NULL;
      double u;

      if (!inside_limits (t, t->major[i]))
        continue;
      u = _pl_plot_to_unit (ax->scale[axis], t->lo, t->hi, t->major[i]);
      layout = _pl_plot_text (ctx, t->labels[i], ctx->style->font_size, FALSE);
      if (axis == 0)
        _pl_plot_text_show (ctx, layout, a[0] + u * a[2],
                            a[1] + a[3] + major + PL_PLOT_TICK_PAD * ctx->g, 0.5, 0.0, FALSE);
      else
        _pl_plot_text_show (ctx, layout, a[0] - major - PL_PLOT_TICK_PAD * ctx->g,
                            a[1] + (1.0 - u) * a[3], 1.0, 0.5, FALSE);
    }
}

static void
draw_grid (PlDrawCtx     *ctx,
           PlPanelLayout *pl)
{
  cairo_t *cr = ctx->cr;
  const double *a = pl->ax->area;

  for (int axis = 0; axis < 2; axis++)
    {
      const PlPlotTicks *t = pl->ticks[axis];

      for (gsize i = 0; i < t->n_major; i++)
        {
          double u = _pl_plot_to_unit (pl->ax->scale[axis], t->lo, t->hi, t->major[i]);

          if (!inside_limits (t, t->major[i]))
            continue;
          if (axis == 0)
            {
              cairo_move_to (cr, a[0] + u * a[2], a[1]);
              cairo_rel_line_to (cr, 0, a[3]);
            }
          else
            {
              cairo_move_to (cr, a[0], a[1] + (1.0 - u) * a[3]);
              cairo_rel_line_to (cr, a[2], 0);
            }
        }
    }
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, 0.4 * ctx->lw);
  cairo_set_source_rgb (cr, 0.88, 0.88, 0.88);
  cairo_stroke (cr);
}

static void
draw_labels (PlDrawCtx     *ctx,
             PlPanelLayout *pl)
{
  PlPlotAxes *ax = pl->ax;
  const double *a = ax->area;
  double outside = (PL_PLOT_TICK_MAJOR + PL_PLOT_TICK_PAD + PL_PLOT_LABEL_PAD) * ctx->g;

  cairo_set_source_rgb (ctx->cr, 0, 0, 0);
  if (ax->xlabel != NULL)
    {
      g_autoptr(PangoLayout) layout = _pl_plot_text (ctx, ax->xlabel, ctx->style->font_size,
                                                     FALSE);
      _pl_plot_text_show (ctx, layout, a[0] + a[2] / 2, a[1] + a[3] + outside
                          + pl->tick_extent[0], 0.5, 0.0, FALSE);
    }
  if (ax->ylabel != NULL)
    {
      g_autoptr(PangoLayout) layout = _pl_plot_text (ctx, ax->ylabel, ctx->style->font_size,
                                                     FALSE);
      _pl_plot_text_show (ctx, layout, a[0] - outside - pl->tick_extent[1],
                          a[1] + a[3] / 2, 1.0, 0.5, TRUE);
    }
  if (ax->title != NULL)
    {
      g_autoptr(PangoLayout) layout = _pl_plot_text (ctx, ax->title,
                                                     ctx->style->font_size * PL_PLOT_TITLE_SCALE,
                                                     FALSE);
      _pl_plot_text_show (ctx, layout, a[0] + a[2] / 2, a[1] - PL_PLOT_TITLE_PAD * ctx->g,
                          0.5, 1.0, FALSE);
    }
}

void
_pl_plot_draw_panel (PlDrawCtx     *ctx,
                     PlPanelLayout *pl)
{
  cairo_t *cr = ctx->cr;
  PlPlotAxes *ax = pl->ax;
  const double *a = ax->area;

  if (a[2] <= 1.0 || a[3] <= 1.0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, a[0], a[1], a[2], a[3]);
  cairo_clip (cr);
  for (guint k = 0; k < ax->series->len; k++)
    {
      PlPlotSeries *s = g_ptr_array_index (ax->series, k);

      if (s->kind == PL_SERIES_HEATMAP)
        _pl_plot_draw_heatmap (ctx, ax, s);
    }
  if (ax->grid)
    draw_grid (ctx, pl);
  cairo_restore (cr);

  /* Fills under lines under markers, each layer in the order the series were added. */
  for (int layer = 0; layer < 3; layer++)
    for (guint k = 0; k < ax->series->len; k++)
      _pl_plot_draw_series (ctx, pl, g_ptr_array_index (ax->series, k), layer);

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, 0.5 * ctx->lw);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  cairo_rectangle (cr, a[0], a[1], a[2], a[3]);
  cairo_stroke (cr);
  draw_axis (ctx, pl, 0);
  draw_axis (ctx, pl, 1);
  draw_labels (ctx, pl);

  if (pl->heatmap != NULL)
    _pl_plot_draw_colorbar (ctx, pl);
  if (ax->legend != PL_PLOT_LEGEND_NONE)
    _pl_plot_draw_legend (ctx, pl);
}

void
_pl_figure_render (PlFigure *fig,
                   cairo_t  *cr,
                   double    width,
                   double    height,
                   double    units_per_pt)
{
  PlDrawCtx ctx = { 0 };
  cairo_font_options_t *fo;
  guint n;
  PlPanelLayout *panels;

  if (!(width > 0.0 && height > 0.0 && isfinite (width) && isfinite (height)))
    return;

  cairo_save (cr);
  ctx.cr = cr;
  ctx.s = units_per_pt;
  ctx.g = units_per_pt * fig->style.font_size / 8.0;
  ctx.lw = fig->style.line_width > 0.0 ? fig->style.line_width * ctx.s : 1.25 * ctx.g;
  ctx.style = &fig->style;
  ctx.pango = pango_cairo_create_context (cr);
  /* Unhinted metrics: text lays out the same at every resolution and in every format. */
  fo = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (ctx.pango, fo);
  cairo_font_options_destroy (fo);
  pango_context_set_round_glyph_positions (ctx.pango, FALSE);

  if (fig->has_background)
    {
      _pl_plot_set_color (cr, &fig->background, 1.0);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
    }

  n = fig->rows * fig->cols;
  panels = g_new0 (PlPanelLayout, n);
  _pl_plot_layout (&ctx, fig, width, height, panels);
  for (guint i = 0; i < n; i++)
    _pl_plot_draw_panel (&ctx, &panels[i]);
  _pl_plot_layout_clear (panels, n);
  g_free (panels);

  g_object_unref (ctx.pango);
  cairo_restore (cr);
}

void
pl_figure_draw (PlFigure *fig,
                cairo_t  *cr,
                double    width,
                double    height)
{
  g_return_if_fail (fig != NULL && cr != NULL);

  _pl_figure_render (fig, cr, width, height, fig->dpi / 72.0);
}
