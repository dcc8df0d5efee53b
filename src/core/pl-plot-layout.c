/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-plot.h"
#include "pl-plot-private.h"

#include <math.h>
#include <stdlib.h>

/* Layout: data extents, limits and ticks of every panel, and the margins that make room for
 * tick labels, axis labels, titles and colorbars. Panels in one grid column share their left
 * and right margins and panels in one row their top and bottom ones, so plot areas line up. */

static void
extend (double  ext[2],
        double  v)
{
  if (isnan (ext[0]) || v < ext[0])
    ext[0] = v;
  if (isnan (ext[1]) || v > ext[1])
    ext[1] = v;
}

/* Include v in the extent of an axis if it can be shown there; report whether it could. */
static gboolean
take (PlPanelLayout *pl,
      int            axis,
      double         v)
{
  if (!_pl_plot_value_ok (pl->ax->scale[axis], v))
    return FALSE;
  extend (pl->data[axis], v);
  return TRUE;
}

static void
data_extent (PlPanelLayout *pl)
{
  PlPlotAxes *ax = pl->ax;
  gsize skipped = 0;

  pl->data[0][0] = pl->data[0][1] = pl->data[1][0] = pl->data[1][1] = NAN;
  pl->tight[0] = pl->tight[1] = FALSE;
  pl->markers = FALSE;
  pl->heatmap = NULL;

  for (guint k = 0; k < ax->series->len; k++)
    {
      PlPlotSeries *s = g_ptr_array_index (ax->series, k);

      if ((s->kind == PL_SERIES_LINE || s->kind == PL_SERIES_SCATTER
           || s->kind == PL_SERIES_ERRORBAR) && s->marker != PL_PLOT_MARKER_NONE && s->n > 0)
        pl->markers = TRUE;

      switch (s->kind)
        {
        case PL_SERIES_LINE:
        case PL_SERIES_SCATTER:
        case PL_SERIES_ERRORBAR:
          for (gsize i = 0; i < s->n; i++)
            {
              if (!_pl_plot_value_ok (ax->scale[0], s->x[i])
                  || !_pl_plot_value_ok (ax->scale[1], s->y[i]))
                {
                  skipped++;
                  continue;
                }
              take (pl, 0, s->x[i]);
              take (pl, 1, s->y[i]);
              if (s->kind == PL_SERIES_ERRORBAR && isfinite (s->err[i]))
                {
                  take (pl, 1, s->y[i] + fabs (s->err[i]));
                  take (pl, 1, s->y[i] - fabs (s->err[i]));
                }
            }
          break;
        case PL_SERIES_BAND:
          for (gsize i = 0; i < s->n; i++)
            {
              if (!_pl_plot_value_ok (ax->scale[0], s->x[i])
                  || !_pl_plot_value_ok (ax->scale[1], s->low[i])
                  || !_pl_plot_value_ok (ax->scale[1], s->high[i]))
                {
                  skipped++;
                  continue;
                }
              take (pl, 0, s->x[i]);
              take (pl, 1, s->low[i]);
              take (pl, 1, s->high[i]);
            }
          break;
        case PL_SERIES_BARS:
          for (gsize i = 0; i < s->n; i++)
            {
              if (!_pl_plot_value_ok (ax->scale[0], s->x[i])
                  || !_pl_plot_value_ok (ax->scale[0], s->x[i + 1])
                  || !_pl_plot_value_ok (ax->scale[1], s->y[i]))
                {
                  skipped++;
                  continue;
                }
              take (pl, 0, s->x[i]);
              take (pl, 0, s->x[i + 1]);
              take (pl, 1, s->y[i]);
              if (ax->scale[1] == PL_PLOT_SCALE_LINEAR)
                take (pl, 1, 0.0);
            }
          break;
        case PL_SERIES_HLINE:
          if (!take (pl, 1, s->y[0]))
            skipped++;
          break;
        case PL_SERIES_VLINE:
          if (!take (pl, 0, s->x[0]))
            skipped++;
          break;
        case PL_SERIES_HEATMAP:
          if (take (pl, 0, s->extent[0]) + take (pl, 0, s->extent[1])
              + take (pl, 1, s->extent[2]) + take (pl, 1, s->extent[3]) < 4)
            {
              skipped++;
              break;
            }
          pl->tight[0] = pl->tight[1] = TRUE;
          if (pl->heatmap == NULL && s->colorbar)
            {
              pl->heatmap = s;
              pl_plot_series_get_color_mapping (s, &pl->cmap);
            }
          break;
        case PL_SERIES_TEXT:
        default:
          break;
        }
    }

  if (skipped > 0 && skipped != ax->n_skipped)
    g_debug ("plot: skipped %" G_GSIZE_FORMAT " data points that are NaN, infinite or not "
             "positive on a log axis", skipped);
  ax->n_skipped = skipped;
}

/* Limits and ticks of one axis for about n_target ticks. */
static PlPlotTicks *
axis_ticks (PlPanelLayout *pl,
            int            axis,
            guint          n_target)
{
  PlPlotAxes *ax = pl->ax;
  PlPlotScale scale = ax->scale[axis];
  double lo = pl->data[axis][0], hi = pl->data[axis][1];
  gboolean auto_lo = !_pl_plot_value_ok (scale, ax->fixed[axis][0]);
  gboolean auto_hi = !_pl_plot_value_ok (scale, ax->fixed[axis][1]);
  gboolean expand;
  PlPlotTicks *t;

  if (isnan (lo))
    {
      lo = scale == PL_PLOT_SCALE_LOG10 ? 1.0 : 0.0;
      hi = scale == PL_PLOT_SCALE_LOG10 ? 10.0 : 1.0;
    }
  if (!auto_lo)
    lo = ax->fixed[axis][0];
  if (!auto_hi)
    hi = ax->fixed[axis][1];
  if (!auto_lo && auto_hi && hi <= lo)
    hi = scale == PL_PLOT_SCALE_LOG10 ? lo * 10.0 : lo + 1.0;
  if (auto_lo && !auto_hi && lo >= hi)
    lo = scale == PL_PLOT_SCALE_LOG10 ? hi / 10.0 : hi - 1.0;
  _pl_plot_widen_range (scale, &lo, &hi);

  /* Rounding out to ticks can put the outermost data exactly on the frame, where markers would
   * be cut in half; with markers, automatic ends get a 5% margin (of the scaled range)
   * instead. */
  if (pl->markers && !pl->tight[axis] && (auto_lo || auto_hi))
    {
      double a = scale == PL_PLOT_SCALE_LOG10 ? log10 (lo) : lo;
      double b = scale == PL_PLOT_SCALE_LOG10 ? log10 (hi) : hi;
      double pad = 0.05 * (b - a);

      if (auto_lo)
        lo = scale == PL_PLOT_SCALE_LOG10 ? pow (10.0, a - pad) : a - pad;
      if (auto_hi)
        hi = scale == PL_PLOT_SCALE_LOG10 ? pow (10.0, b + pad) : b + pad;
      return _pl_plot_ticks_for (scale, lo, hi, n_target, FALSE);
    }

  expand = !pl->tight[axis] && (auto_lo || auto_hi);
  t = _pl_plot_ticks_for (scale, lo, hi, n_target, expand);
  if (expand && !(auto_lo && auto_hi))
    {
      double l = auto_lo ? t->lo : lo, h = auto_hi ? t->hi : hi;

      pl_plot_ticks_free (t);
      t = _pl_plot_ticks_for (scale, l, h, n_target, FALSE);
    }
  return t;
}

static void
label_extent (PlDrawCtx         *ctx,
              const PlPlotTicks *t,
              double            *w,
              double            *h,
              double            *first_w,
              double            *last_w)
{
  *w = *h = 0.0;
  if (first_w) *first_w = 0.0;
  if (last_w) *last_w = 0.0;
  for (gsize i = 0; i < t->n_major; i++)
    {
      g_autoptr(PangoLayout) layout = _pl_plot_text (ctx, t->labels[i], ctx->style->font_size,
                                                     FALSE);
      double lw, lh;

      _pl_plot_text_size (layout, &lw, &lh);
      *w = MAX (*w, lw);
      *h = MAX (*h, lh);
      if (i == 0 && first_w) *first_w = lw;
      if (i + 1 == t->n_major && last_w) *last_w = lw;
    }
}

static gboolean
labels_collide (PlDrawCtx         *ctx,
                const PlPanelLayout *pl,
                int                axis,
                double             length,
                const PlPlotTicks *t)
{
  double em = ctx->style->font_size * ctx->s;
  double prev_pos = 0.0, prev_half = 0.0;

  for (gsize i = 0; i < t->n_major; i++)
    {
      g_autoptr(PangoLayout) layout = _pl_plot_text (ctx, t->labels[i], ctx->style->font_size,
                                                     FALSE);
      double lw, lh, pos, half;

      _pl_plot_text_size (layout, &lw, &lh);
      pos = length * _pl_plot_to_unit (pl->ax->scale[axis], t->lo, t->hi, t->major[i]);
      half = (axis == 0 ? lw : lh) / 2.0;
      if (i > 0 && fabs (pos - prev_pos) < prev_half + half + (axis == 0 ? 0.8 : 0.3) * em)
        return TRUE;
      prev_pos = pos;
      prev_half = half;
    }
  return FALSE;
}

static int
cmp_candidate (gconstpointer a,
               gconstpointer b)
{
  const double *x = a, *y = b;

  return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : (x[1] > y[1]) - (x[1] < y[1]);
}

/* Heckbert's labelling takes a target count but lands anywhere between about half and twice
 * it, so try targets 2..12 and keep the result whose count is closest to what the axis length
 * suggests (a label per 5.5 em across and per 4 em up; decades, which readers of a log axis
 * count, more densely), checking only that one, or the next best, for colliding labels. Few
 * Pango layouts are made, which keeps live redraws cheap. */
static PlPlotTicks *
fit_ticks (PlDrawCtx     *ctx,
           PlPanelLayout *pl,
           int            axis,
           double         length)
{
  double em = ctx->style->font_size * ctx->s;
  gboolean log = pl->ax->scale[axis] == PL_PLOT_SCALE_LOG10;
  double per = axis == 0 ? (log ? 3.5 : 5.5) : (log ? 2.5 : 4.0);
  double want = MAX (2.0, length / (per * em));
  double cand[11][2];   /* score, target */
  PlPlotTicks *t = NULL;

  for (guint n = 2; n <= 12; n++)
    {
      PlPlotTicks *c = axis_ticks (pl, axis, n);

      cand[n - 2][0] = fabs ((double) c->n_major - want) + (c->n_major < 2 ? 100.0 : 0.0);
      cand[n - 2][1] = n;
      pl_plot_ticks_free (c);
    }
  qsort (cand, G_N_ELEMENTS (cand), sizeof cand[0], cmp_candidate);

  for (guint i = 0; i < G_N_ELEMENTS (cand); i++)
    {
      g_clear_pointer (&t, pl_plot_ticks_free);
      t = axis_ticks (pl, axis, (guint) cand[i][1]);
      if (t->n_major <= 2 || !labels_collide (ctx, pl, axis, length, t))
        return t;
    }
  /* Every choice collides (a tiny panel): the fewest ticks. */
  g_clear_pointer (&t, pl_plot_ticks_free);
  return axis_ticks (pl, axis, 2);
}

static void
panel_margins (PlDrawCtx     *ctx,
               PlPanelLayout *pl,
               const double   area[4],
               double         m[4])
{
  PlPlotAxes *ax = pl->ax;
  double xw, xh, yw, yh, first_w, last_w, lw, lh;

  g_clear_pointer (&pl->ticks[0], pl_plot_ticks_free);
  g_clear_pointer (&pl->ticks[1], pl_plot_ticks_free);
  pl->ticks[0] = fit_ticks (ctx, pl, 0, area[2]);
  pl->ticks[1] = fit_ticks (ctx, pl, 1, area[3]);
  label_extent (ctx, pl->ticks[0], &xw, &xh, &first_w, &last_w);
  label_extent (ctx, pl->ticks[1], &yw, &yh, NULL, NULL);
  pl->tick_extent[0] = xh;
  pl->tick_extent[1] = yw;

  m[0] = PL_PLOT_OUTER_PAD * ctx->g + (PL_PLOT_TICK_MAJOR + PL_PLOT_TICK_PAD) * ctx->g + yw;
  if (ax->ylabel != NULL)
    {
      g_autoptr(PangoLayout) layout = _pl_plot_text (ctx, ax->ylabel, ctx->style->font_size,
                                                     FALSE);
      _pl_plot_text_size (layout, &lw, &lh);
      m[0] += PL_PLOT_LABEL_PAD * ctx->g + lh;
    }
  m[0] = MAX (m[0], PL_PLOT_OUTER_PAD * ctx->g + first_w / 2.0);

  m[1] = PL_PLOT_OUTER_PAD * ctx->g + last_w / 2.0;
  if (pl->heatmap != NULL)
    {
      double cw;

      _pl_plot_colorbar_size (ctx, pl, area[3], &cw);
      m[1] = MAX (m[1], PL_PLOT_OUTER_PAD * ctx->g + cw);
    }

  m[2] = PL_PLOT_OUTER_PAD * ctx->g + yh / 2.0;
  if (ax->title != NULL)
    {
      g_autoptr(PangoLayout) layout = _pl_plot_text (ctx, ax->title,
                                                     ctx->style->font_size * PL_PLOT_TITLE_SCALE,
                                                     FALSE);
      _pl_plot_text_size (layout, &lw, &lh);
      m[2] = MAX (m[2], PL_PLOT_OUTER_PAD * ctx->g + lh + PL_PLOT_TITLE_PAD * ctx->g);
    }

  m[3] = PL_PLOT_OUTER_PAD * ctx->g + (PL_PLOT_TICK_MAJOR + PL_PLOT_TICK_PAD) * ctx->g + xh;
  if (ax->xlabel != NULL)
    {
      g_autoptr(PangoLayout) layout = _pl_plot_text (ctx, ax->xlabel, ctx->style->font_size,
                                                     FALSE);
      _pl_plot_text_size (layout, &lw, &lh);
      m[3] += PL_PLOT_LABEL_PAD * ctx->g + lh;
    }
  m[3] = MAX (m[3], PL_PLOT_OUTER_PAD * ctx->g + yh / 2.0);
}

static void
area_of (const PlPanelLayout *pl,
         double               area[4])
{
  area[0] = pl->cell[0] + pl->margin[0];
  area[1] = pl->cell[1] + pl->margin[2];
  area[2] = MAX (1.0, pl->cell[2] - pl->margin[0] - pl->margin[1]);
  area[3] = MAX (1.0, pl->cell[3] - pl->margin[2] - pl->margin[3]);
}

void
_pl_plot_layout (PlDrawCtx     *ctx,
                 PlFigure      *fig,
                 double         width,
                 double         height,
                 PlPanelLayout *panels)
{
  guint n = fig->rows * fig->cols;
  double em = fig->style.font_size * ctx->s;

  for (guint i = 0; i < n; i++)
    {
      PlPanelLayout *pl = &panels[i];

      pl->ax = fig->axes[i];
      pl->cell[0] = width * (i % fig->cols) / fig->cols;
      pl->cell[1] = height * (i / fig->cols) / fig->rows;
      pl->cell[2] = width / fig->cols;
      pl->cell[3] = height / fig->rows;
      data_extent (pl);
      pl->margin[0] = 4.0 * em;
      pl->margin[1] = pl->heatmap != NULL ? 5.0 * em : 1.0 * em;
      pl->margin[2] = 1.0 * em;
      pl->margin[3] = 3.0 * em;
    }

  /* Margins only grow from pass to pass, so this settles; ticks are then made once more for
   * the final plot areas. */
  for (guint pass = 0; pass < 4; pass++)
    {
      gboolean changed = FALSE;
      g_autofree double *need = g_new0 (double, 4 * n);

      for (guint i = 0; i < n; i++)
        {
          double area[4];

          area_of (&panels[i], area);
          panel_margins (ctx, &panels[i], area, &need[4 * i]);
        }
      for (guint i = 0; i < n; i++)
        {
          guint r = i / fig->cols, c = i % fig->cols;
          double m[4] = { 0, 0, 0, 0 };

          for (guint j = 0; j < n; j++)
            {
              if (j % fig->cols == c)
                {
                  m[0] = MAX (m[0], need[4 * j + 0]);
                  m[1] = MAX (m[1], need[4 * j + 1]);
                }
              if (j / fig->cols == r)
                {
                  m[2] = MAX (m[2], need[4 * j + 2]);
                  m[3] = MAX (m[3], need[4 * j + 3]);
                }
            }
          for (guint k = 0; k < 4; k++)
            {
              double v = isfinite (fig->margins[k]) ? fig->margins[k] * ctx->s
                                                     : MAX (m[k], pass == 0 ? 0.0
                                                                            : panels[i].margin[k]);
              if (fabs (v - panels[i].margin[k]) > 0.01 * ctx->s)
                changed = TRUE;
              panels[i].margin[k] = v;
            }
        }
      if (!changed && pass > 0)
        break;
    }

  for (guint i = 0; i < n; i++)
    {
      PlPanelLayout *pl = &panels[i];
      double area[4], m[4];

      area_of (pl, area);
      panel_margins (ctx, pl, area, m);
      if (pl->heatmap != NULL)
        {
          double cw;
          _pl_plot_colorbar_size (ctx, pl, area[3], &cw);
        }
      for (guint k = 0; k < 4; k++)
        pl->ax->area[k] = area[k];
      for (guint a = 0; a < 2; a++)
        {
          pl->ax->lim[a][0] = pl->ticks[a]->lo;
          pl->ax->lim[a][1] = pl->ticks[a]->hi;
          pl->ax->drawn_scale[a] = pl->ax->scale[a];
          for (guint k = 0; k < 2; k++)
            pl->ax->scaled[a][k] = pl->ax->scale[a] == PL_PLOT_SCALE_LOG10
                                   ? log10 (pl->ax->lim[a][k]) : pl->ax->lim[a][k];
        }
      pl->ax->drawn = TRUE;
    }
}

void
_pl_plot_layout_clear (PlPanelLayout *panels,
                       gsize          n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_clear_pointer (&panels[i].ticks[0], pl_plot_ticks_free);
      g_clear_pointer (&panels[i].ticks[1], pl_plot_ticks_free);
      g_clear_pointer (&panels[i].cticks, pl_plot_ticks_free);
    }
}
