/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-plot.h"
#include "pl-plot-private.h"

#include <math.h>
#include <string.h>

/* The legend: one row per labelled series (a picture of the series, then its label) in a
 * lightly framed box inside the plot area, at a fixed corner or where it covers least data. */

typedef struct {
  PlPlotSeries *s;
  PangoLayout  *layout;
  double        w, h;
} Entry;

#define N_SPOTS 6

/* Count, for every candidate box r[c] = (xmin, ymin, xmax, ymax), a point inside it or a
 * segment crossing it. */
static void
hit_point (const double r[N_SPOTS][4],
           guint        score[N_SPOTS],
           double       x,
           double       y)
{
  for (guint c = 0; c < N_SPOTS; c++)
    score[c] += x >= r[c][0] && x <= r[c][2] && y >= r[c][1] && y <= r[c][3];
}

static void
hit_segment (const double r[N_SPOTS][4],
             guint        score[N_SPOTS],
             double       x0,
             double       y0,
             double       x1,
             double       y1)
{
  for (guint c = 0; c < N_SPOTS; c++)
    {
      double a = x0, b = y0, d = x1, e = y1;

      /* Most segments are nowhere near a box: reject by bounding box before clipping. */
      if (MAX (a, d) < r[c][0] || MIN (a, d) > r[c][2] || MAX (b, e) < r[c][1]
          || MIN (b, e) > r[c][3])
        continue;
      score[c] += _pl_plot_clip_segment (r[c], &a, &b, &d, &e);
    }
}

/* How much of the data each box would hide: points inside plus line segments, error bars,
 * band edges and bars crossing it. One pass over the data for all boxes. */
static void
coverage (PlPlotAxes   *ax,
          const double  r[N_SPOTS][4],
          guint         score[N_SPOTS])
{
  const double *a = ax->area;

  memset (score, 0, N_SPOTS * sizeof (guint));
  for (guint k = 0; k < ax->series->len; k++)
    {
      PlPlotSeries *s = g_ptr_array_index (ax->series, k);
      double ux, uy, px = 0.0, py = 0.0, lx = 0.0, ly = 0.0, vx, vy;
      gboolean have_prev = FALSE;

      switch (s->kind)
        {
        case PL_SERIES_LINE:
        case PL_SERIES_SCATTER:
        case PL_SERIES_ERRORBAR:
          for (gsize i = 0; i < s->n; i++)
            {
              if (!_pl_plot_map (ax, s->x[i], s->y[i], &ux, &uy))
                {
                  have_prev = FALSE;
                  continue;
                }
              hit_point (r, score, ux, uy);
              if (s->kind == PL_SERIES_ERRORBAR && isfinite (s->err[i])
                  && _pl_plot_map (ax, s->x[i], s->y[i] + fabs (s->err[i]), &vx, &vy))
                hit_segment (r, score, ux, uy, vx, vy);
              if (s->kind == PL_SERIES_LINE && have_prev && s->line_width != 0.0)
                hit_segment (r, score, px, py, ux, uy);
              px = ux;
              py = uy;
              have_prev = TRUE;
            }
          break;
        case PL_SERIES_BAND:
          for (gsize i = 0; i < s->n; i++)
            {
              if (!_pl_plot_map (ax, s->x[i], s->low[i], &ux, &uy)
                  || !_pl_plot_map (ax, s->x[i], s->high[i], &vx, &vy))
                {
                  have_prev = FALSE;
                  continue;
                }
              hit_segment (r, score, ux, uy, vx, vy);
              if (have_prev)
                {
                  hit_segment (r, score, px, py, vx, vy);
                  hit_segment (r, score, lx, ly, ux, uy);
                }
              px = vx;
              py = vy;
              lx = ux;
              ly = uy;
              have_prev = TRUE;
            }
          break;
        case PL_SERIES_BARS:
          for (gsize i = 0; i < s->n; i++)
            {
              double bx, by, base = a[1] + a[3];

              if (!_pl_plot_map (ax, s->x[i], s->y[i], &ux, &uy)
                  || !_pl_plot_map (ax, s->x[i + 1], s->y[i], &bx, &by))
                continue;
              for (guint c = 0; c < N_SPOTS; c++)
                score[c] += MAX (ux, bx) >= r[c][0] && MIN (ux, bx) <= r[c][2]
                            && MAX (uy, base) >= r[c][1] && MIN (uy, base) <= r[c][3];
            }
          break;
        case PL_SERIES_HLINE:
          if (_pl_plot_map (ax, ax->lim[0][0], s->y[0], &ux, &uy))
            hit_segment (r, score, a[0], uy, a[0] + a[2], uy);
          break;
        case PL_SERIES_VLINE:
          if (_pl_plot_map (ax, s->x[0], ax->lim[1][0], &ux, &uy))
            hit_segment (r, score, ux, a[1], ux, a[1] + a[3]);
          break;
        case PL_SERIES_TEXT:
        case PL_SERIES_HEATMAP:
        default:
          break;
        }
    }
}

void
_pl_plot_draw_legend (PlDrawCtx     *ctx,
                      PlPanelLayout *pl)
{
  cairo_t *cr = ctx->cr;
  PlPlotAxes *ax = pl->ax;
  const double *a = ax->area;
  double em = ctx->style->font_size * ctx->s;
  double pad = 0.45 * em, sample = 2.0 * em, gap = 0.5 * em, row_gap = 0.15 * em;
  double inset = 0.5 * em;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  double text_w = 0.0, box_w, box_h, pos[N_SPOTS][2];
  guint choice = 0;
  double y;

  for (guint k = 0; k < ax->series->len; k++)
    {
      PlPlotSeries *s = g_ptr_array_index (ax->series, k);
      Entry e = { s, NULL, 0, 0 };

      if (s->label == NULL || s->kind == PL_SERIES_TEXT || s->kind == PL_SERIES_HEATMAP)
        continue;
      e.layout = _pl_plot_text (ctx, s->label, ctx->style->font_size, FALSE);
      _pl_plot_text_size (e.layout, &e.w, &e.h);
      e.h = MAX (e.h, _pl_plot_marker_size (s, ctx));
      text_w = MAX (text_w, e.w);
      g_array_append_val (entries, e);
    }
  if (entries->len == 0)
    return;

  box_w = 2 * pad + sample + gap + text_w;
  box_h = 2 * pad + row_gap * (entries->len - 1);
  for (guint i = 0; i < entries->len; i++)
    box_h += g_array_index (entries, Entry, i).h;

  /* Candidates in order of preference: UR, UL, LL, LR, upper centre, lower centre. */
  pos[0][0] = a[0] + a[2] - inset - box_w;  pos[0][1] = a[1] + inset;
  pos[1][0] = a[0] + inset;                 pos[1][1] = a[1] + inset;
  pos[2][0] = a[0] + inset;                 pos[2][1] = a[1] + a[3] - inset - box_h;
  pos[3][0] = a[0] + a[2] - inset - box_w;  pos[3][1] = a[1] + a[3] - inset - box_h;
  pos[4][0] = a[0] + (a[2] - box_w) / 2;    pos[4][1] = a[1] + inset;
  pos[5][0] = a[0] + (a[2] - box_w) / 2;    pos[5][1] = a[1] + a[3] - inset - box_h;

  switch (ax->legend)
    {
    case PL_PLOT_LEGEND_UPPER_RIGHT: choice = 0; break;
    case PL_PLOT_LEGEND_UPPER_LEFT:  choice = 1; break;
    case PL_PLOT_LEGEND_LOWER_LEFT:  choice = 2; break;
    case PL_PLOT_LEGEND_LOWER_RIGHT: choice = 3; break;
    case PL_PLOT_LEGEND_BEST:
      {
        double r[N_SPOTS][4];
        guint score[N_SPOTS], best = G_MAXUINT;

        for (guint c = 0; c < N_SPOTS; c++)
          {
            r[c][0] = pos[c][0];
            r[c][1] = pos[c][1];
            r[c][2] = pos[c][0] + box_w;
            r[c][3] = pos[c][1] + box_h;
          }
        coverage (ax, r, score);
        for (guint c = 0; c < N_SPOTS; c++)
          if (score[c] < best)
            {
              best = score[c];
              choice = c;
            }
      }
      break;
    case PL_PLOT_LEGEND_NONE:
    default:
      break;
    }

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_rectangle (cr, pos[choice][0], pos[choice][1], box_w, box_h);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_fill_preserve (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, 0.4 * ctx->lw);
  cairo_set_source_rgb (cr, 0.8, 0.8, 0.8);
  cairo_stroke (cr);

  y = pos[choice][1] + pad;
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = &g_array_index (entries, Entry, i);
      double x = pos[choice][0] + pad;

      _pl_plot_draw_sample (ctx, e->s, x, y, sample, e->h);
      cairo_set_source_rgb (cr, 0, 0, 0);
      _pl_plot_text_show (ctx, e->layout, x + sample + gap, y + e->h / 2, 0.0, 0.5, FALSE);
      g_object_unref (e->layout);
      y += e->h + row_gap;
    }
  cairo_restore (cr);
}
