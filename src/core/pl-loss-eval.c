/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-loss-eval.c: what the loss's model predicts away from the collocation points: values on
 * grids (relative L2 errors, also under shot noise) and residual magnitudes at candidates for
 * residual-based adaptive refinement.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-loss.h"
#include "pl-loss-private.h"
#include "pl-error.h"
#include "pl-sampler.h"

#include <math.h>
#include <string.h>

#define PREDICT_CHUNK 256

void
pl_loss_predict (PlLoss       *l,
                 const double *params,
                 const double *x,
                 gsize         n,
                 double       *u)
{
  gsize K = l->K, m = l->m, d = l->d;
  gboolean hard = pl_problem_transform_active (l->problem);
  double xc[PL_PROBLEM_MAX_INPUTS * PREDICT_CHUNK];

  if (l->predict_work == NULL)
    {
      l->predict_work = pl_model_work_new (l->model, pl_problem_get_jet_spec (l->problem),
                                           PREDICT_CHUNK, NULL);
      l->predict_buf = g_new (double, 2 * m * K * PREDICT_CHUNK);
    }
  if (l->predict_problem == NULL)
    l->predict_problem = pl_problem_copy (l->problem);
  for (gsize s = 0; s < n; s += PREDICT_CHUNK)
    {
      gsize len = MIN (PREDICT_CHUNK, n - s);
      double *nj = l->predict_buf, *uj = l->predict_buf + m * K * PREDICT_CHUNK;

      /* a full chunk of points (the tail padded with its last point) */
      for (guint j = 0; j < d; j++)
        for (gsize i = 0; i < PREDICT_CHUNK; i++)
          xc[j * PREDICT_CHUNK + i] = x[j * n + s + MIN (i, len - 1)];
      pl_model_forward (l->model, params, xc, l->predict_work, nj);
      if (hard)
        pl_problem_transform (l->predict_problem, xc, PREDICT_CHUNK, nj, uj);
      else
        uj = nj;
      for (gsize o = 0; o < m; o++)
        memcpy (u + o * n + s, uj + o * K * PREDICT_CHUNK, len * sizeof (double));
    }
}

/* The relative L2 error needs something to compare with. */
static gboolean
require_exact (const PlLoss  *l,
               GError       **error)
{
  if (!pl_problem_has_exact (l->problem))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                   "problem '%s' has no exact or reference solution to compare with",
                   pl_problem_get_name (l->problem));
      return FALSE;
    }
  return TRUE;
}

/* ||u - ue|| / ||ue|| over @n values (||u - ue|| where ue vanishes). */
static double
relative_l2 (const double *u,
             const double *ue,
             gsize         n)
{
  double num = 0, den = 0;

  for (gsize i = 0; i < n; i++)
    {
      num += (u[i] - ue[i]) * (u[i] - ue[i]);
      den += ue[i] * ue[i];
    }
  return den > 0 ? sqrt (num / den) : sqrt (num);
}

gboolean
pl_loss_relative_l2 (PlLoss        *l,
                     const double  *params,
                     guint          n_axis,
                     double        *rel_l2,
                     GError       **error)
{
  guint na = n_axis > 0 ? n_axis : pl_problem_get_eval_points (l->problem);
  gsize n = pl_problem_eval_grid_size (l->problem, na);
  g_autofree double *x = g_new (double, n * l->d);
  g_autofree double *u = g_new (double, n * l->m);
  g_autofree double *ue = g_new (double, n * l->m);

  if (!require_exact (l, error))
    return FALSE;
  if (l->predict_problem == NULL)
    l->predict_problem = pl_problem_copy (l->problem);
  pl_problem_eval_grid (l->problem, na, x);
  if (!pl_problem_exact (l->predict_problem, x, n, ue, error))
    return FALSE;
  pl_loss_predict (l, params, x, n, u);
  *rel_l2 = relative_l2 (u, ue, n * l->m);
  return TRUE;
}

gboolean
pl_loss_relative_l2_shots (PlLoss        *l,
                           const double  *params,
                           guint          n_axis,
                           guint64        shots,
                           PlRng         *rng,
                           double        *rel_l2,
                           GError       **error)
{
  guint na = n_axis > 0 ? n_axis : pl_problem_get_eval_points (l->problem);
  gsize n = pl_problem_eval_grid_size (l->problem, na);
  g_autofree double *x = g_new (double, n * l->d);
  g_autofree double *u = g_new (double, n * l->m);
  g_autofree double *ue = g_new (double, n * l->m);
  g_autoptr(PlModelWork) work = NULL;
  g_autoptr(PlProblem) problem = NULL;
  PlJetSpec values;
  double xc[PL_PROBLEM_MAX_INPUTS * PREDICT_CHUNK];
  gboolean hard = pl_problem_transform_active (l->problem);
  g_autofree double *nj = g_new (double, l->m * l->K * PREDICT_CHUNK);
  g_autofree double *uj = g_new (double, l->m * l->K * PREDICT_CHUNK);

  if (shots == 0)
    return pl_loss_relative_l2 (l, params, n_axis, rel_l2, error);
  if (!require_exact (l, error))
    return FALSE;
  if (!pl_jet_spec_init (&values, l->d, 0, -1, pl_problem_get_axes (l->problem), error) ||
      !(work = pl_model_work_new (l->model, &values, PREDICT_CHUNK, error)) ||
      !pl_model_work_set_shots (work, shots, rng, error))
    return FALSE;
  problem = pl_problem_copy (l->problem);
  pl_problem_eval_grid (l->problem, na, x);
  if (!pl_problem_exact (problem, x, n, ue, error))
    return FALSE;
  for (gsize s = 0; s < n; s += PREDICT_CHUNK)
    {
      gsize len = MIN (PREDICT_CHUNK, n - s);
      double uc[PL_PROBLEM_MAX_OUTPUTS * PREDICT_CHUNK];

      for (guint j = 0; j < l->d; j++)
        for (gsize i = 0; i < PREDICT_CHUNK; i++)
          xc[j * PREDICT_CHUNK + i] = x[j * n + s + MIN (i, len - 1)];
      pl_model_forward (l->model, params, xc, work, uc);
      if (hard)
        {
          /* u = A + B N: the value of the product is the product of the values, so the
           * transform on jets whose derivative parts are zero gives the right value part */
          memset (nj, 0, l->m * l->K * PREDICT_CHUNK * sizeof (double));
          for (guint o = 0; o < l->m; o++)
            memcpy (nj + o * l->K * PREDICT_CHUNK, uc + o * PREDICT_CHUNK,
                    PREDICT_CHUNK * sizeof (double));
          pl_problem_transform (problem, xc, PREDICT_CHUNK, nj, uj);
          for (guint o = 0; o < l->m; o++)
            memcpy (uc + o * PREDICT_CHUNK, uj + o * l->K * PREDICT_CHUNK,
                    PREDICT_CHUNK * sizeof (double));
        }
      for (guint o = 0; o < l->m; o++)
        memcpy (u + o * n + s, uc + o * PREDICT_CHUNK, len * sizeof (double));
    }
  *rel_l2 = relative_l2 (u, ue, n * l->m);
  return TRUE;
}

gboolean
pl_loss_residual_magnitudes (PlLoss        *l,
                             const double  *params,
                             guint          t,
                             const double  *x,
                             gsize          n,
                             double        *abs_r,
                             GError       **error)
{
  gsize K = l->K, m = l->m, d = l->d, E;
  gboolean hard = pl_problem_transform_active (l->problem);
  double xc[PL_PROBLEM_MAX_INPUTS * PREDICT_CHUNK];
  g_autofree double *nj = g_new (double, m * K * PREDICT_CHUNK);
  g_autofree double *uj = g_new (double, m * K * PREDICT_CHUNK);
  double r[PL_PROBLEM_MAX_EQUATIONS * PREDICT_CHUNK];

  g_return_val_if_fail (t < l->n_terms, FALSE);
  if (l->periodic[t])
    {
      g_set_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                   "term '%s' is periodic: its residual lives on pairs of points",
                   pl_loss_term_name (l, t));
      return FALSE;
    }
  if (l->predict_work == NULL)
    {
      l->predict_work = pl_model_work_new (l->model, pl_problem_get_jet_spec (l->problem),
                                           PREDICT_CHUNK, error);
      if (l->predict_work == NULL)
        return FALSE;
      l->predict_buf = g_new (double, 2 * m * K * PREDICT_CHUNK);
    }
  if (l->predict_problem == NULL)
    l->predict_problem = pl_problem_copy (l->problem);
  E = l->n_eq[t];
  for (gsize s = 0; s < n; s += PREDICT_CHUNK)
    {
      gsize len = MIN (PREDICT_CHUNK, n - s);

      for (guint j = 0; j < d; j++)
        for (gsize i = 0; i < PREDICT_CHUNK; i++)
          xc[j * PREDICT_CHUNK + i] = x[j * n + s + MIN (i, len - 1)];
      pl_model_forward (l->model, params, xc, l->predict_work, hard ? nj : uj);
      if (hard)
        pl_problem_transform (l->predict_problem, xc, PREDICT_CHUNK, nj, uj);
      pl_problem_residual (l->predict_problem, l->term[t], xc, uj, PREDICT_CHUNK, r);
      for (gsize i = 0; i < len; i++)
        {
          double acc = 0;
          for (gsize q = 0; q < E; q++)
            acc += r[q * PREDICT_CHUNK + i] * r[q * PREDICT_CHUNK + i];
          abs_r[s + i] = sqrt (acc / E);
        }
    }
  return TRUE;
}

gboolean
pl_loss_resample_rard (PlLoss        *l,
                       const double  *params,
                       double         k,
                       double         c,
                       guint          factor,
                       PlRng         *rng,
                       GError       **error)
{
  if (factor < 1 || !(k >= 0) || !(c >= 0))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "adaptive refinement needs a candidate factor >= 1 and k, c >= 0 (got %u, "
                   "%g, %g)", factor, k, c);
      return FALSE;
    }
  if (!pl_loss_resample (l, rng, error))
    return FALSE;
  for (guint t = 0; t < l->n_terms; t++)
    {
      guint pt = l->term[t];
      gsize n = l->n[t], nc;
      g_autofree double *cand = NULL;
      g_autofree double *r = NULL;
      g_autofree double *sel = NULL;

      if (pl_problem_term_kind (l->problem, pt) != PL_TERM_INTERIOR)
        continue;
      nc = pl_problem_term_points (l->problem, pt, l->cfg.sampler, (gsize) factor * n);
      cand = g_new (double, nc * l->d);
      r = g_new (double, nc);
      sel = g_new (double, n * l->d);
      if (nc >= n)
        {
          if (!pl_problem_sample (l->problem, pt, l->cfg.sampler, (gsize) factor * n, rng, cand,
                                  error))
            return FALSE;
          _pl_loss_window_points (l, cand, nc);
        }
      if (nc < n ||
          !pl_loss_residual_magnitudes (l, params, t, cand, nc, r, error) ||
          !pl_sampler_rard (l->d, nc, cand, r, k, c, n, rng, sel, NULL, error) ||
          !pl_loss_set_points (l, t, sel, n, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                         "term '%s': too few candidate points for adaptive refinement",
                         pl_loss_term_name (l, t));
          return FALSE;
        }
    }
  return TRUE;
}
