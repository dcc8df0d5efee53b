/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-plot.h"
#include "pl-plot-private.h"

#include <math.h>

/* The data layers: lines, bands, bars, error bars, markers, reference lines and text, each
 * drawn from a series through the axes' mapping. Points that cannot be mapped (NaN, infinite,
 * <= 0 on a log axis) break lines and bands. */

/* Liang-Barsky: clip the segment to r = (xmin, ymin, xmax, ymax); FALSE if nothing is left. */
gboolean
_pl_plot_clip_segment (const double  r[4],
                       double       *x0,
                       double       *y0,
                       double       *x1,
                       double       *y1)
{
  double dx = *x1 - *x0, dy = *y1 - *y0;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { *x0 - r[0], r[2] - *x0, *y0 - r[1], r[3] - *y0 };
  double t0 = 0.0, t1 = 1.0;

  for (int i = 0; i < 4; i++)
    {
      double t;

      if (p[i] == 0.0)
        {
          if (q[i] < 0.0)
            return FALSE;
          continue;
        }
      t = q[i] / p[i];
      if (p[i] < 0.0)
        t0 = MAX (t0, t);
      else
        t1 = MIN (t1, t);
      if (t0 > t1)
        return FALSE;
    }
  *x1 = *x0 + t1 * dx;
  *y1 = *y0 + t1 * dy;
  *x0 = *x0 + t0 * dx;
  *y0 = *y0 + t0 * dy;
  return TRUE;
}

/* Far enough outside the plot area that joins are not visible, near enough that cairo's fixed
 * point coordinates cannot overflow. */
static void
guard_rect (const PlPlotAxes *ax,
            double            r[4])
{
  double m = 2.0 * MAX (ax->area[2], ax->area[3]) + 100.0;

  r[0] = ax->area[0] - m;
  r[1] = ax->area[1] - m;
  r[2] = ax->area[0] + ax->area[2] + m;
  r[3] = ax->area[1] + ax->area[3] + m;
}

static void
clamp_point (const double  r[4],
             double       *x,
             double       *y)
{
  *x = CLAMP (*x, r[0], r[2]);
  *y = CLAMP (*y, r[1], r[3]);
}

/* Markers belong to points inside the limits only (half a unit of slack for rounding). */
static gboolean
in_area (const PlPlotAxes *ax,
         double            ux,
         double            uy)
{
  const double *a = ax->area;

  return ux >= a[0] - 0.5 && ux <= a[0] + a[2] + 0.5
         && uy >= a[1] - 0.5 && uy <= a[1] + a[3] + 0.5;
}

static void
line_path (cairo_t          *cr,
           const PlPlotAxes *ax,
           gsize             n,
           const double     *x,
           const double     *y)
{
  double r[4], px = 0.0, py = 0.0;
  gboolean have_prev = FALSE, pen_up = TRUE;

  guard_rect (ax, r);
  for (gsize i = 0; i < n; i++)
    {
      double ux, uy, x0, y0, x1, y1;

      if (!_pl_plot_map (ax, x[i], y[i], &ux, &uy))
        {
          have_prev = FALSE;
          continue;
        }
      if (have_prev)
        {
          x0 = px; y0 = py; x1 = ux; y1 = uy;
          if (_pl_plot_clip_segment (r, &x0, &y0, &x1, &y1))
            {
              if (pen_up || x0 != px || y0 != py)
                cairo_move_to (cr, x0, y0);
              cairo_line_to (cr, x1, y1);
              pen_up = x1 != ux || y1 != uy;
            }
          else
            pen_up = TRUE;
        }
      else
        pen_up = TRUE;
      px = ux;
      py = uy;
      have_prev = TRUE;
    }
}

static void
draw_band (PlDrawCtx    *ctx,
           PlPlotAxes   *ax,
           PlPlotSeries *s)
{
  cairo_t *cr = ctx->cr;
  double r[4];
  gsize i = 0;

  guard_rect (ax, r);
  while (i < s->n)
    {
      gsize start, end;
      double ux, uy, vx, vy;

      /* A run of points where both edges can be drawn. */
      while (i < s->n && !(_pl_plot_map (ax, s->x[i], s->low[i], &ux, &uy)
                           && _pl_plot_map (ax, s->x[i], s->high[i], &vx, &vy)))
        i++;
      start = i;
      while (i < s->n && _pl_plot_map (ax, s->x[i], s->low[i], &ux, &uy)
             && _pl_plot_map (ax, s->x[i], s->high[i], &vx, &vy))
        i++;
      end = i;
      if (end - start < 2)
        continue;
      for (gsize j = start; j < end; j++)
        {
          _pl_plot_map (ax, s->x[j], s->high[j], &ux, &uy);
          clamp_point (r, &ux, &uy);
          cairo_line_to (cr, ux, uy);
        }
      for (gsize j = end; j-- > start;)
        {
          _pl_plot_map (ax, s->x[j], s->low[j], &ux, &uy);
          clamp_point (r, &ux, &uy);
          cairo_line_to (cr, ux, uy);
        }
      cairo_close_path (cr);
    }
  _pl_plot_set_color (cr, &s->color, s->fill_alpha);
  cairo_fill (cr);
}

static void
draw_bars (PlDrawCtx    *ctx,
           PlPlotAxes   *ax,
           PlPlotSeries *s)
{
  cairo_t *cr = ctx->cr;
  double r[4], base = ax->area[1] + ax->area[3];
  double width = _pl_plot_series_width (s, ctx);
  gboolean open = FALSE;
  double last_x = 0.0;

  guard_rect (ax, r);
  if (ax->scale[1] == PL_PLOT_SCALE_LINEAR)
    {
      double bx;

      _pl_plot_map (ax, ax->lim[0][0], 0.0, &bx, &base);
      base = CLAMP (base, r[1], r[3]);
    }

  for (gsize i = 0; i < s->n; i++)
    {
      double x0, x1, y, dummy;

      if (!_pl_plot_map (ax, s->x[i], s->y[i], &x0, &y)
          || !_pl_plot_map (ax, s->x[i + 1], s->y[i], &x1, &dummy))
        continue;
      clamp_point (r, &x0, &y);
      clamp_point (r, &x1, &dummy);
      cairo_rectangle (cr, x0, MIN (y, base), x1 - x0, fabs (base - y));
    }
  _pl_plot_set_color (cr, &s->color, s->fill_alpha);
  cairo_fill (cr);

  /* The outline as steps, closed down to the baseline where a run of bars ends. */
  for (gsize i = 0; i < s->n; i++)
    {
      double x0, x1, y, dummy;

      if (!_pl_plot_map (ax, s->x[i], s->y[i], &x0, &y)
          || !_pl_plot_map (ax, s->x[i + 1], s->y[i], &x1, &dummy))
        {
          if (open)
            cairo_line_to (cr, last_x, base);
          open = FALSE;
          continue;
        }
      clamp_point (r, &x0, &y);
      clamp_point (r, &x1, &dummy);
      if (!open || fabs (x0 - last_x) > 1e-6)
        {
          if (open)
            cairo_line_to (cr, last_x, base);
          cairo_move_to (cr, x0, base);
        }
      cairo_line_to (cr, x0, y);
      cairo_line_to (cr, x1, y);
      last_x = x1;
      open = TRUE;
    }
  if (open)
    cairo_line_to (cr, last_x, base);
  if (width > 0.0)
    {
      _pl_plot_apply_dash (ctx, s->dash, width);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
      _pl_plot_set_color (cr, &s->color, 1.0);
      cairo_stroke (cr);
    }
  cairo_new_path (cr);
}

static void
draw_markers (PlDrawCtx    *ctx,
              PlPlotAxes   *ax,
              PlPlotSeries *s)
{
  cairo_t *cr = ctx->cr;
  double size = _pl_plot_marker_size (s, ctx);
  gboolean open_shape = s->marker == PL_PLOT_MARKER_CROSS || s->marker == PL_PLOT_MARKER_PLUS;

  if (s->marker == PL_PLOT_MARKER_NONE || size <= 0.0)
    return;
  for (gsize i = 0; i < s->n; i++)
    {
      double ux, uy;

      if (_pl_plot_map (ax, s->x[i], s->y[i], &ux, &uy) && in_area (ax, ux, uy))
        _pl_plot_marker_path (cr, s->marker, ux, uy, size);
    }
  _pl_plot_set_color (cr, &s->color, 1.0);
  if (open_shape)
    {
      _pl_plot_apply_dash (ctx, PL_PLOT_DASH_SOLID, MAX (0.15 * size, 0.5 * ctx->s));
      cairo_stroke (cr);
    }
  else
    cairo_fill (cr);
}

static void
draw_errorbars (PlDrawCtx    *ctx,
                PlPlotAxes   *ax,
                PlPlotSeries *s)
{
  cairo_t *cr = ctx->cr;
  double cap = 0.5 * MAX (_pl_plot_marker_size (s, ctx), 3.0 * ctx->g);
  double r[4];

  guard_rect (ax, r);
  for (gsize i = 0; i < s->n; i++)
    {
      double ux, uy, top, bottom, e = fabs (s->err[i]), dummy;
      gboolean has_bottom;

      if (!isfinite (e) || !_pl_plot_map (ax, s->x[i], s->y[i], &ux, &uy)
          || !in_area (ax, ux, uy))
        continue;
      if (!_pl_plot_map (ax, s->x[i], s->y[i] + e, &dummy, &top))
        continue;
      /* On a log axis y - err may be <= 0: the bar then runs off the bottom, without a cap. */
      has_bottom = _pl_plot_map (ax, s->x[i], s->y[i] - e, &dummy, &bottom);
      if (!has_bottom)
        bottom = r[3];
      top = CLAMP (top, r[1], r[3]);
      bottom = CLAMP (bottom, r[1], r[3]);
      cairo_move_to (cr, ux, top);
      cairo_line_to (cr, ux, bottom);
      cairo_move_to (cr, ux - cap / 2, top);
      cairo_rel_line_to (cr, cap, 0);
      if (has_bottom)
        {
          cairo_move_to (cr, ux - cap / 2, bottom);
          cairo_rel_line_to (cr, cap, 0);
        }
    }
  _pl_plot_apply_dash (ctx, PL_PLOT_DASH_SOLID, 0.75 * ctx->lw);
  _pl_plot_set_color (cr, &s->color, 1.0);
  cairo_stroke (cr);
}

static void
draw_refline (PlDrawCtx    *ctx,
              PlPlotAxes   *ax,
              PlPlotSeries *s)
{
  cairo_t *cr = ctx->cr;
  const double *a = ax->area;
  double ux, uy;

  if (s->kind == PL_SERIES_HLINE)
    {
      if (!_pl_plot_map (ax, ax->lim[0][0], s->y[0], &ux, &uy))
        return;
      cairo_move_to (cr, a[0], uy);
      cairo_rel_line_to (cr, a[2], 0);
    }
  else
    {
      if (!_pl_plot_map (ax, s->x[0], ax->lim[1][0], &ux, &uy))
        return;
      cairo_move_to (cr, ux, a[1]);
      cairo_rel_line_to (cr, 0, a[3]);
    }
  _pl_plot_apply_dash (ctx, s->dash, _pl_plot_series_width (s, ctx));
  _pl_plot_set_color (cr, &s->color, 1.0);
  cairo_stroke (cr);
}

static void
draw_text (PlDrawCtx    *ctx,
           PlPlotAxes   *ax,
           PlPlotSeries *s)
{
  g_autoptr(PangoLayout) layout = NULL;
  double ux, uy;

  if (!_pl_plot_map (ax, s->x[0], s->y[0], &ux, &uy))
    return;
  layout = _pl_plot_text (ctx, s->text, ctx->style->font_size, FALSE);
  _pl_plot_set_color (ctx->cr, &s->color, 1.0);
  _pl_plot_text_show (ctx, layout, ux, uy, s->xalign, s->yalign, FALSE);
}

/* Layer 0: bands and bars; 1: lines and reference lines; 2: error bars, markers, text. Fills
 * and lines are clipped to the plot area; markers may stick out of it by their size. */
void
_pl_plot_draw_series (PlDrawCtx     *ctx,
                      PlPanelLayout *pl,
                      PlPlotSeries  *s,
                      int            layer)
{
  cairo_t *cr = ctx->cr;
  PlPlotAxes *ax = pl->ax;
  const double *a = ax->area;
  double m = layer == 2 ? MAX (_pl_plot_marker_size (s, ctx), 3.0 * ctx->g) : 0.0;

  cairo_save (cr);
  if (s->kind != PL_SERIES_TEXT)
    {
      cairo_rectangle (cr, a[0] - m, a[1] - m, a[2] + 2 * m, a[3] + 2 * m);
      cairo_clip (cr);
    }
  switch (s->kind)
    {
    case PL_SERIES_BAND:
      if (layer == 0)
        draw_band (ctx, ax, s);
      break;
    case PL_SERIES_BARS:
      if (layer == 0)
        draw_bars (ctx, ax, s);
      break;
    case PL_SERIES_LINE:
    case PL_SERIES_SCATTER:
    case PL_SERIES_ERRORBAR:
      if (layer == 1 && _pl_plot_series_width (s, ctx) > 0.0 && s->kind == PL_SERIES_LINE)
        {
          line_path (cr, ax, s->n, s->x, s->y);
          _pl_plot_apply_dash (ctx, s->dash, _pl_plot_series_width (s, ctx));
          _pl_plot_set_color (cr, &s->color, 1.0);
          cairo_stroke (cr);
        }
      if (layer == 2)
        {
          if (s->kind == PL_SERIES_ERRORBAR)
            draw_errorbars (ctx, ax, s);
          draw_markers (ctx, ax, s);
        }
      break;
    case PL_SERIES_HLINE:
    case PL_SERIES_VLINE:
      if (layer == 1)
        draw_refline (ctx, ax, s);
      break;
    case PL_SERIES_TEXT:
      if (layer == 2)
        draw_text (ctx, ax, s);
      break;
    case PL_SERIES_HEATMAP:
    default:
      break;
    }
  cairo_restore (cr);
}

/* The legend's picture of a series in the box (x, y, w, h). */
void
_pl_plot_draw_sample (PlDrawCtx          *ctx,
                      const PlPlotSeries *s,
                      double              x,
                      double              y,
                      double              w,
                      double              h)
{
  cairo_t *cr = ctx->cr;
  double width = _pl_plot_series_width (s, ctx);
  double cy = y + h / 2;

  switch (s->kind)
    {
    case PL_SERIES_BAND:
    case PL_SERIES_BARS:
      cairo_rectangle (cr, x, y + 0.15 * h, w, 0.7 * h);
      _pl_plot_set_color (cr, &s->color, s->fill_alpha);
      cairo_fill_preserve (cr);
      if (s->kind == PL_SERIES_BARS && width > 0.0)
        {
          _pl_plot_apply_dash (ctx, PL_PLOT_DASH_SOLID, width * 0.75);
          _pl_plot_set_color (cr, &s->color, 1.0);
          cairo_stroke (cr);
        }
      cairo_new_path (cr);
      return;
    case PL_SERIES_ERRORBAR:
      cairo_move_to (cr, x + w / 2, y);
      cairo_line_to (cr, x + w / 2, y + h);
      _pl_plot_apply_dash (ctx, PL_PLOT_DASH_SOLID, 0.75 * ctx->lw);
      _pl_plot_set_color (cr, &s->color, 1.0);
      cairo_stroke (cr);
      break;
    case PL_SERIES_LINE:
    case PL_SERIES_HLINE:
    case PL_SERIES_VLINE:
      if (width > 0.0)
        {
          cairo_move_to (cr, x, cy);
          cairo_line_to (cr, x + w, cy);
          _pl_plot_apply_dash (ctx, s->dash, width);
          _pl_plot_set_color (cr, &s->color, 1.0);
          cairo_stroke (cr);
        }
      break;
    case PL_SERIES_SCATTER:
    case PL_SERIES_TEXT:
    case PL_SERIES_HEATMAP:
    default:
      break;
    }
  if (s->marker != PL_PLOT_MARKER_NONE
      && (s->kind == PL_SERIES_LINE || s->kind == PL_SERIES_SCATTER
          || s->kind == PL_SERIES_ERRORBAR))
    {
      _pl_plot_marker_path (cr, s->marker, x + w / 2, cy, _pl_plot_marker_size (s, ctx));
      _pl_plot_set_color (cr, &s->color, 1.0);
      if (s->marker == PL_PLOT_MARKER_CROSS || s->marker == PL_PLOT_MARKER_PLUS)
        {
          _pl_plot_apply_dash (ctx, PL_PLOT_DASH_SOLID,
                               MAX (0.15 * _pl_plot_marker_size (s, ctx), 0.5 * ctx->s));
          cairo_stroke (cr);
        }
      else
        cairo_fill (cr);
    }
}
