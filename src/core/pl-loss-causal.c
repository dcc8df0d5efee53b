/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-loss-causal.c: causal weighting of the interior terms along the time axis (Wang, Sankaran
 * & Perdikaris, CMAME 421:116813, 2024; see pl-loss.h): the bins, the weights from the reduced
 * bin sums, and each part's two rounds (forward passes with per-bin sums, then reverse passes
 * with the weights frozen).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-loss.h"
#include "pl-loss-private.h"
#include "pl-error.h"

#include <math.h>
#include <string.h>

gboolean
pl_loss_check_causal_bins (guint    bins,
                           GError **error)
{
  if (bins == 1 || bins > PL_LOSS_MAX_CAUSAL_BINS)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "causal_bins must be 2..%d (or 0 for no causal weighting), not %u",
                   PL_LOSS_MAX_CAUSAL_BINS, bins);
      return FALSE;
    }
  return TRUE;
}

gboolean
_pl_loss_causal_init (PlLoss             *l,
                      const PlLossConfig *c,
                      GError            **error)
{
  const char *axes = pl_problem_get_axes (l->problem);
  const char *tp;
  double lo[PL_PROBLEM_MAX_INPUTS], hi[PL_PROBLEM_MAX_INPUTS];
  gboolean any = FALSE;

  if (!pl_loss_check_causal_bins (c->causal_bins, error))
    return FALSE;
  if (c->causal_bins == 0)
    return TRUE;
  if (!(isfinite (c->causal_epsilon) && c->causal_epsilon >= 0))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "causal_epsilon must be a finite number >= 0, not %g", c->causal_epsilon);
      return FALSE;
    }
  if (axes == NULL)
    axes = pl_problem_get_jet_spec (l->problem)->axes;
  tp = strchr (axes, 't');
  if (tp == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "causal weighting (causal_bins %u) needs a time axis 't', but problem '%s' "
                   "has axes '%s'", c->causal_bins, pl_problem_get_name (l->problem), axes);
      return FALSE;
    }
  for (guint t = 0; t < l->n_terms; t++)
    if (pl_problem_term_kind (l->problem, l->term[t]) == PL_TERM_INTERIOR)
      any = l->causal[t] = TRUE;
  if (!any)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "causal weighting (causal_bins %u) needs an interior term, and problem '%s' "
                   "has none", c->causal_bins, pl_problem_get_name (l->problem));
      return FALSE;
    }

  l->M = c->causal_bins;
  l->eps = c->causal_epsilon;
  l->causal_on = TRUE;
  l->causal_axis = (guint) (tp - axes);
  pl_problem_get_bounds (l->problem, lo, hi);
  l->t_lo = lo[l->causal_axis];
  l->t_hi = hi[l->causal_axis];
  l->ccount = g_new0 (gsize, (gsize) l->n_terms * l->M);
  l->cw = g_new0 (double, (gsize) l->n_terms * l->M);
  l->cscale = g_new0 (double, (gsize) l->n_terms * l->M);
  for (guint p = 0; p < l->T; p++)
    l->parts[p].csum = g_new0 (double, (gsize) l->n_terms * l->M);
  return TRUE;
}

void
_pl_loss_causal_free (PlLoss *l)
{
  g_free (l->ccount);
  g_free (l->cw);
  g_free (l->cscale);
}

/* floor ((t - lower) / (upper - lower) * M), clamped to 0 .. M-1 (points on the upper edge,
 * or put outside the domain with pl_loss_set_points, go to the nearest bin). */
static guint16
bin_of (const PlLoss *l,
        double        t)
{
  double f = (t - l->t_lo) / (l->t_hi - l->t_lo) * (double) l->M;

  if (!(f > 0))
    return 0;
  if (f >= (double) l->M)
    return (guint16) (l->M - 1);
  return (guint16) f;
}

/* After term t got new points (and its parts their chunks): the bin counts, each part's bin
 * of every point and room for the jets kept between the rounds. */
void
_pl_loss_causal_points (PlLoss *l,
                        guint   t)
{
  gsize *count;

  if (l->M == 0 || !l->causal[t])
    return;
  count = l->ccount + (gsize) t * l->M;
  memset (count, 0, l->M * sizeof (gsize));
  for (gsize i = 0; i < l->n[t]; i++)
    count[bin_of (l, l->x[t][(gsize) l->causal_axis * l->n[t] + i])]++;
  for (guint p = 0; p < l->T; p++)
    {
      Part *part = &l->parts[p];
      gsize B = part->len[t];
      const double *tc = part->x[t] + (gsize) l->causal_axis * B;

      part->cbin[t] = g_renew (guint16, part->cbin[t], MAX (B, 1));
      part->cu[t] = g_renew (double, part->cu[t], (gsize) l->m * l->K * MAX (B, 1));
      for (gsize i = 0; i < B; i++)
        part->cbin[t][i] = bin_of (l, tc[i]);
    }
}

/* Round 1: the output jets of the chunk (kept in cu) and its sums of r^2 per bin. */
void
_pl_loss_causal_forward (Part     *p,
                         guint     t,
                         gboolean  hard)
{
  PlLoss *l = p->loss;
  gsize B = p->len[t], E = l->n_eq[t];
  double *cs = p->csum + (gsize) t * l->M;
  const guint16 *bin = p->cbin[t];
  double sum = 0;

  memset (cs, 0, l->M * sizeof (double));
  p->sum[t] = 0;
  if (B == 0)
    return;
  pl_model_forward (l->model, p->params, p->x[t], p->work[t], hard ? p->nj : p->cu[t]);
  if (hard)
    pl_problem_transform (p->problem, p->x[t], B, p->nj, p->cu[t]);
  pl_problem_residual (p->problem, l->term[t], p->x[t], p->cu[t], B, p->r);
  for (gsize q = 0; q < E; q++)
    for (gsize i = 0; i < B; i++)
      cs[bin[i]] += p->r[q * B + i] * p->r[q * B + i];
  for (guint i = 0; i < l->M; i++)
    sum += cs[i];
  p->sum[t] = sum;
  if (!isfinite (sum))
    p->bad = TRUE;
}

/* Between the rounds, on the calling thread: the bin means from the parts' sums (added in
 * part order), the weights w_i = exp (-eps sum_{k<i} L_k), the causal L_r and the factors
 * dL_r/dr_i = 2 w_bin(i) r_i / (M' E n_bin(i)) of the second round. */
void
_pl_loss_causal_weigh (PlLoss *l)
{
  for (guint t = 0; t < l->n_terms; t++)
    {
      const gsize *count = l->ccount + (gsize) t * l->M;
      double *w = l->cw + (gsize) t * l->M, *scale = l->cscale + (gsize) t * l->M;
      double E = l->n_eq[t], before = 0, total = 0;
      guint active = 0;

      if (!l->causal[t])
        continue;
      for (guint i = 0; i < l->M; i++)
        {
          double s = 0;

          for (guint p = 0; p < l->T; p++)
            s += l->parts[p].csum[(gsize) t * l->M + i];
          w[i] = exp (-l->eps * before);
          if (count[i] == 0)
            continue;
          s /= E * (double) count[i];
          total += w[i] * s;
          before += s;
          active++;
        }
      g_assert (active > 0);
      l->ccomp[t] = total / active;
      for (guint i = 0; i < l->M; i++)
        scale[i] = count[i] > 0 ? 2.0 * w[i] / ((double) active * E * (double) count[i]) : 0;
    }
  l->cw_valid = TRUE;
}

/* Round 2: the reverse pass of the chunk, weights frozen. The residual is recomputed from the
 * kept jets (cheap next to the model) so that its adjoint sees the state it expects. */
void
_pl_loss_causal_reverse (Part     *p,
                         guint     t,
                         gboolean  hard)
{
  PlLoss *l = p->loss;
  gsize B = p->len[t], E = l->n_eq[t], nu = (gsize) l->m * l->K * B;
  const double *scale = l->cscale + (gsize) t * l->M;
  const guint16 *bin = p->cbin[t];
  double w = p->want_tgrad ? 1.0 : l->weight[t];

  if (B == 0 || !p->want_grad)
    return;
  pl_problem_residual (p->problem, l->term[t], p->x[t], p->cu[t], B, p->r);
  for (gsize q = 0; q < E; q++)
    for (gsize i = 0; i < B; i++)
      p->r[q * B + i] *= w * scale[bin[i]];
  memset (p->du, 0, nu * sizeof (double));
  pl_problem_residual_adjoint (p->problem, l->term[t], p->x[t], p->cu[t], B, p->r, p->du);
  if (hard)
    {
      memset (p->dn, 0, nu * sizeof (double));
      pl_problem_transform_adjoint (p->problem, p->x[t], B, p->du, p->dn);
    }
  if (p->want_tgrad)
    {
      double *g = p->tgrad + (gsize) t * l->n_params;

      pl_model_backward (l->model, p->params, p->work[t], hard ? p->dn : p->du, g);
      for (gsize k = 0; k < l->n_params; k++)
        p->grad[k] += l->weight[t] * g[k];
    }
  else
    pl_model_backward (l->model, p->params, p->work[t], hard ? p->dn : p->du, p->grad);
}

guint
pl_loss_causal_bins (const PlLoss *l)
{
  return l->M;
}

gboolean
pl_loss_term_is_causal (const PlLoss *l,
                        guint         t)
{
  g_return_val_if_fail (t < l->n_terms, FALSE);
  return l->M > 0 && l->causal[t];
}

double
pl_loss_get_causal_epsilon (const PlLoss *l)
{
  return l->M > 0 ? l->eps : NAN;
}

void
pl_loss_set_causal_epsilon (PlLoss *l,
                            double  eps)
{
  g_return_if_fail (l->M > 0);
  g_return_if_fail (isfinite (eps) && eps >= 0);
  l->eps = eps;
}

void
pl_loss_set_causal_enabled (PlLoss   *l,
                            gboolean  enabled)
{
  g_return_if_fail (l->M > 0);
  l->causal_on = enabled;
  l->cw_valid = FALSE;
}

gboolean
pl_loss_get_causal_enabled (const PlLoss *l)
{
  return l->M > 0 && l->causal_on;
}

gboolean
pl_loss_causal_weights (const PlLoss *l,
                        guint         t,
                        double       *w)
{
  g_return_val_if_fail (t < l->n_terms, FALSE);
  if (l->M == 0 || !l->causal[t] || !l->causal_on || !l->cw_valid)
    return FALSE;
  memcpy (w, l->cw + (gsize) t * l->M, l->M * sizeof (double));
  return TRUE;
}

double
pl_loss_causal_min_weight (const PlLoss *l)
{
  double min = INFINITY;

  if (l->M == 0 || !l->causal_on || !l->cw_valid)
    return NAN;
  for (guint t = 0; t < l->n_terms; t++)
    for (guint i = 0; i < l->M && l->causal[t]; i++)
      if (l->ccount[(gsize) t * l->M + i] > 0)
        min = MIN (min, l->cw[(gsize) t * l->M + i]);
  return min;
}
