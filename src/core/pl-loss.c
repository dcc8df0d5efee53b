/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-loss.c: the physics-informed loss and its gradient, over threads (see pl-loss.h).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-loss.h"
#include "pl-loss-private.h"
#include "pl-error.h"

#include <math.h>
#include <string.h>

void
pl_loss_config_init (PlLossConfig *c)
{
  memset (c, 0, sizeof *c);
  c->sampler = PL_SAMPLER_LATIN_HYPERCUBE;
  for (guint i = 0; i < MAX_TERMS; i++)
    c->weights[i] = -1.0;
}

PlLoss *
pl_loss_new (const PlModel      *model,
             const PlProblem    *problem,
             const PlLossConfig *config,
             GError            **error)
{
  g_autoptr(PlLoss) l = g_new0 (PlLoss, 1);
  const PlModelConfig *mc = pl_model_get_config (model);

  l->model = model;
  l->problem = problem;
  l->cfg = *config;
  l->d = pl_problem_get_n_inputs (problem);
  l->m = pl_problem_get_n_outputs (problem);
  l->K = pl_problem_get_jet_spec (problem)->n_components;
  l->n_params = pl_model_n_params (model);

  if (mc->n_inputs != l->d || mc->n_outputs != l->m)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the model maps %u input%s to %u output%s, but problem '%s' has %u input%s "
                   "and %u output%s", mc->n_inputs, mc->n_inputs == 1 ? "" : "s",
                   mc->n_outputs, mc->n_outputs == 1 ? "" : "s", pl_problem_get_name (problem),
                   l->d, l->d == 1 ? "" : "s", l->m, l->m == 1 ? "" : "s");
      return NULL;
    }
  for (guint t = 0; t < pl_problem_get_n_terms (problem); t++)
    {
      double w;

      w = config->weights[t] >= 0 ? config->weights[t] : pl_problem_term_weight (problem, t);
      if (!isfinite (w))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "weight of term '%s' is not a finite number",
                       pl_problem_term_name (problem, t));
          return NULL;
        }
      l->term[l->n_terms] = t;
      l->weight[l->n_terms] = w;
      l->n_eq[l->n_terms] = pl_problem_term_n_equations (problem, t);
      l->periodic[l->n_terms] = pl_problem_term_kind (problem, t) == PL_TERM_PERIODIC;
      l->n_terms++;
    }

  if (config->shots > 0)
    {
      /* refuse here, not in the first step, what the circuit layer cannot estimate */
      g_autoptr(PlModelWork) probe = pl_model_work_new (model, pl_problem_get_jet_spec (problem),
                                                        1, error);
      PlRng rng;

      pl_rng_init (&rng, 0);
      if (probe == NULL || !pl_model_work_set_shots (probe, config->shots, &rng, error))
        return NULL;
      l->circuits_per_point = pl_model_work_circuits_per_point (probe, FALSE) +
                              pl_model_work_circuits_per_point (probe, TRUE);
    }

  l->window = 1.0;
  l->T = config->threads > 0 ? config->threads : g_get_num_processors ();
  l->T = CLAMP (l->T, 1, 64);
  l->parts = g_new0 (Part, l->T);
  g_mutex_init (&l->done_lock);
  g_cond_init (&l->done_cond);
  for (guint p = 0; p < l->T; p++)
    {
      l->parts[p].loss = l;
      l->parts[p].problem = pl_problem_copy (problem);
      l->parts[p].grad = g_new0 (double, MAX (l->n_params, 1));
      pl_rng_init_stream (&l->parts[p].rng, config->shots_seed, p);
    }
  if (!_pl_loss_causal_init (l, config, error))
    return NULL;
  return g_steal_pointer (&l);
}

guint64
pl_loss_circuits_per_evaluation (const PlLoss *l)
{
  guint64 total = 0;

  for (guint t = 0; t < l->n_terms; t++)
    total += (guint64) l->n[t] * l->circuits_per_point;
  return total;
}

static void
part_clear (Part *p)
{
  for (guint t = 0; t < MAX_TERMS; t++)
    {
      g_clear_pointer (&p->work[t], pl_model_work_free);
      g_clear_pointer (&p->x[t], g_free);
      g_clear_pointer (&p->cu[t], g_free);
      g_clear_pointer (&p->cbin[t], g_free);
    }
  g_free (p->csum);
  g_clear_pointer (&p->problem, pl_problem_free);
  g_free (p->u);
  g_free (p->nj);
  g_free (p->du);
  g_free (p->dn);
  g_free (p->r);
  g_free (p->grad);
  g_free (p->tgrad);
}

void
pl_loss_free (PlLoss *l)
{
  if (l == NULL)
    return;
  for (guint p = 0; p < l->T && l->parts != NULL; p++)
    part_clear (&l->parts[p]);
  if (l->pool != NULL)
    g_thread_pool_free (l->pool, FALSE, TRUE);
  g_free (l->parts);
  g_mutex_clear (&l->done_lock);
  g_cond_clear (&l->done_cond);
  for (guint t = 0; t < MAX_TERMS; t++)
    g_free (l->x[t]);
  g_clear_pointer (&l->predict_work, pl_model_work_free);
  g_clear_pointer (&l->predict_problem, pl_problem_free);
  g_free (l->predict_buf);
  _pl_loss_causal_free (l);
  g_free (l);
}

guint
pl_loss_n_terms (const PlLoss *l)
{
  return l->n_terms;
}

const char *
pl_loss_term_name (const PlLoss *l,
                   guint         t)
{
  g_return_val_if_fail (t < l->n_terms, NULL);
  return pl_problem_term_name (l->problem, l->term[t]);
}

guint
pl_loss_term_problem_index (const PlLoss *l,
                            guint         t)
{
  g_return_val_if_fail (t < l->n_terms, 0);
  return l->term[t];
}

gsize
pl_loss_term_n_points (const PlLoss *l,
                       guint         t)
{
  g_return_val_if_fail (t < l->n_terms, 0);
  return l->n[t];
}

double
pl_loss_get_weight (const PlLoss *l,
                    guint         t)
{
  g_return_val_if_fail (t < l->n_terms, 0);
  return l->weight[t];
}

void
pl_loss_set_weight (PlLoss *l,
                    guint   t,
                    double  w)
{
  g_return_if_fail (t < l->n_terms && isfinite (w) && w >= 0);
  l->weight[t] = w;
}

guint
pl_loss_get_threads (const PlLoss *l)
{
  return l->T;
}

/* Terms whose chunks hold the same points (initial conditions u(0) and u'(0) at the same
 * t = 0, say) share one forward pass and, their residual adjoints summed, one reverse pass:
 * share[t] is the first earlier term with the same points. Causally weighted terms keep
 * their own passes (they run in two rounds). */
static void
find_shares (PlLoss *l,
             Part   *part)
{
  for (guint t = 0; t < l->n_terms; t++)
    {
      part->share[t] = -1;
      if (l->M > 0 && l->causal[t])
        continue;
      for (guint s = 0; s < t && part->share[t] < 0; s++)
        if (part->share[s] < 0 && !(l->M > 0 && l->causal[s]) &&
            part->len[s] == part->len[t] && part->len[t] > 0 &&
            part->x[s] != NULL && part->x[t] != NULL &&
            memcmp (part->x[s], part->x[t], part->len[t] * l->d * sizeof (double)) == 0)
          part->share[t] = s;
    }
}

/* Hand every part its chunk of term t's points. Periodic terms keep their pairs: a part gets
 * [s, e) of the first half and the same range of the second half. */
static gboolean
distribute (PlLoss  *l,
            guint    t,
            GError **error)
{
  gsize n = l->n[t], units = l->periodic[t] ? n / 2 : n;

  for (guint p = 0; p < l->T; p++)
    {
      Part *part = &l->parts[p];
      gsize s = units * p / l->T, e = units * (p + 1) / l->T, len = e - s;
      gsize pts = l->periodic[t] ? 2 * len : len;

      g_free (part->x[t]);
      part->x[t] = g_new (double, MAX (pts * l->d, 1));
      part->len[t] = pts;
      for (guint j = 0; j < l->d; j++)
        {
          const double *src = l->x[t] + (gsize) j * n;
          double *dst = part->x[t] + (gsize) j * pts;

          memcpy (dst, src + s, len * sizeof (double));
          if (l->periodic[t])
            memcpy (dst + len, src + units + s, len * sizeof (double));
        }
      if (pts > 0 && part->work_batch[t] != pts)
        {
          g_clear_pointer (&part->work[t], pl_model_work_free);
          part->work[t] = pl_model_work_new (l->model, pl_problem_get_jet_spec (l->problem), pts,
                                             error);
          if (part->work[t] == NULL ||
              !pl_model_work_set_shots (part->work[t], l->cfg.shots, &part->rng, error))
            return FALSE;
          part->work_batch[t] = pts;
        }
      if (pts > part->cap)
        {
          gsize cap = pts;
          part->cap = cap;
          part->u = g_renew (double, part->u, l->m * l->K * cap);
          part->nj = g_renew (double, part->nj, l->m * l->K * cap);
          part->du = g_renew (double, part->du, l->m * l->K * cap);
          part->dn = g_renew (double, part->dn, l->m * l->K * cap);
          part->r = g_renew (double, part->r, PL_PROBLEM_MAX_EQUATIONS * cap);
        }
      find_shares (l, part);
    }
  return TRUE;
}

gboolean
pl_loss_set_points (PlLoss        *l,
                    guint          t,
                    const double  *x,
                    gsize          n,
                    GError       **error)
{
  g_return_val_if_fail (t < l->n_terms, FALSE);

  if (n == 0 || (l->periodic[t] && n % 2 != 0))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "term '%s' needs a positive%s number of points, not %" G_GSIZE_FORMAT,
                   pl_loss_term_name (l, t), l->periodic[t] ? " even" : "", n);
      return FALSE;
    }
  for (gsize i = 0; i < n * l->d; i++)
    if (!isfinite (x[i]))
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "point %" G_GSIZE_FORMAT " of term '%s' is not finite", i % n,
                     pl_loss_term_name (l, t));
        return FALSE;
      }
  g_free (l->x[t]);
  l->x[t] = g_memdup2 (x, n * l->d * sizeof (double));
  l->n[t] = n;
  if (!distribute (l, t, error))
    return FALSE;
  _pl_loss_causal_points (l, t);
  return TRUE;
}

const double *
pl_loss_get_points (const PlLoss *l,
                    guint         t,
                    gsize        *n)
{
  g_return_val_if_fail (t < l->n_terms, NULL);
  *n = l->n[t];
  return l->x[t];
}

gboolean
pl_loss_set_time_window (PlLoss  *l,
                         double   fraction,
                         GError **error)
{
  const char *axes = pl_problem_get_axes (l->problem), *tp;

  if (!(fraction > 0 && fraction <= 1))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "a time window is a fraction in (0, 1] of the t range, not %g", fraction);
      return FALSE;
    }
  if ((tp = strchr (axes, 't')) == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "time marching needs a time axis 't', but problem '%s' has axes '%s'",
                   pl_problem_get_name (l->problem), axes);
      return FALSE;
    }
  l->window = fraction;
  l->window_axis = (guint) (tp - axes);
  return TRUE;
}

double
pl_loss_get_time_window (const PlLoss *l)
{
  return l->window;
}

void
_pl_loss_window_points (const PlLoss *l,
                        double       *x,
                        gsize         n)
{
  double lo[PL_PROBLEM_MAX_INPUTS], hi[PL_PROBLEM_MAX_INPUTS], *t;

  if (l->window >= 1)
    return;
  pl_problem_get_bounds (l->problem, lo, hi);
  t = x + (gsize) l->window_axis * n;
  for (gsize i = 0; i < n; i++)
    t[i] = lo[l->window_axis] + l->window * (t[i] - lo[l->window_axis]);
}

gboolean
pl_loss_resample (PlLoss  *l,
                  PlRng   *rng,
                  GError **error)
{
  for (guint t = 0; t < l->n_terms; t++)
    {
      guint pt = l->term[t];
      guint want = l->cfg.n_points[pt] > 0 ? l->cfg.n_points[pt]
                                           : pl_problem_term_default_points (l->problem, pt);
      gsize n = pl_problem_term_points (l->problem, pt, l->cfg.sampler, want);
      g_autofree double *x = g_new (double, MAX (n * l->d, 1));

      if (!pl_problem_sample (l->problem, pt, l->cfg.sampler, want, rng, x, error))
        return FALSE;
      _pl_loss_window_points (l, x, n);
      if (!pl_loss_set_points (l, t, x, n, error))
        return FALSE;
    }
  return TRUE;
}

static gpointer
part_run (gpointer data)
{
  Part *p = data;
  PlLoss *l = p->loss;
  gboolean hard = pl_problem_transform_active (p->problem);
  /* per-term gradients need a reverse pass per term */
  gboolean share = p->want_grad && !p->want_tgrad;
  gboolean causal = p->round == 2;

  p->bad = FALSE;
  if (p->round == 1)
    {
      for (guint t = 0; t < l->n_terms && !p->bad; t++)
        if (l->causal[t])
          _pl_loss_causal_forward (p, t, hard);
      return NULL;
    }
  if (p->want_grad)
    memset (p->grad, 0, l->n_params * sizeof (double));
  if (p->want_tgrad)
    {
      if (p->tgrad == NULL)
        p->tgrad = g_new (double, (gsize) l->n_terms * MAX (l->n_params, 1));
      memset (p->tgrad, 0, (gsize) l->n_terms * l->n_params * sizeof (double));
    }
  for (guint t = 0; t < l->n_terms; t++)
    p->sum[t] = 0;

  for (guint t = 0; t < l->n_terms; t++)
    {
      gsize B = p->len[t];
      gsize nu = (gsize) l->m * l->K * B;

      if (causal && l->causal[t])
        {
          _pl_loss_causal_reverse (p, t, hard);
          continue;
        }
      if (B == 0 || (!p->want_tgrad && p->share[t] >= 0))
        continue;
      pl_model_forward (l->model, p->params, p->x[t], p->work[t], hard ? p->nj : p->u);
      if (hard)
        pl_problem_transform (p->problem, p->x[t], B, p->nj, p->u);
      if (share)
        memset (p->du, 0, nu * sizeof (double));

      /* term t and (without per-term gradients) the later terms on the same points */
      for (guint s = t; s < l->n_terms; s++)
        {
          gsize Br = l->periodic[s] ? B / 2 : B, E = l->n_eq[s];
          gsize n_res_total = (l->periodic[s] ? l->n[s] / 2 : l->n[s]) * E;
          double sum = 0, scale;

          if (s != t && (p->want_tgrad || p->share[s] != (gint) t))
            continue;
          pl_problem_residual (p->problem, l->term[s], p->x[s], p->u, B, p->r);
          for (gsize i = 0; i < E * Br; i++)
            sum += p->r[i] * p->r[i];
          p->sum[s] = sum;
          if (!isfinite (sum))
            {
              p->bad = TRUE;
              return NULL;
            }
          if (!p->want_grad)
            continue;

          /* dL/dr = 2 w r / (E N) (unweighted when each term's gradient is wanted) */
          scale = 2.0 * (p->want_tgrad ? 1.0 : l->weight[s]) / (double) n_res_total;
          for (gsize i = 0; i < E * Br; i++)
            p->r[i] *= scale;
          if (!share)
            memset (p->du, 0, nu * sizeof (double));
          pl_problem_residual_adjoint (p->problem, l->term[s], p->x[s], p->u, B, p->r, p->du);
          if (share)
            continue;
          if (hard)
            {
              memset (p->dn, 0, nu * sizeof (double));
              pl_problem_transform_adjoint (p->problem, p->x[s], B, p->du, p->dn);
            }
          {
            double *g = p->tgrad + (gsize) s * l->n_params;
            pl_model_backward (l->model, p->params, p->work[t], hard ? p->dn : p->du, g);
            for (gsize k = 0; k < l->n_params; k++)
              p->grad[k] += l->weight[s] * g[k];
          }
        }
      if (!share)
        continue;
      if (hard)
        {
          memset (p->dn, 0, nu * sizeof (double));
          pl_problem_transform_adjoint (p->problem, p->x[t], B, p->du, p->dn);
        }
      pl_model_backward (l->model, p->params, p->work[t], hard ? p->dn : p->du, p->grad);
    }
  return NULL;
}

static void
pool_run (gpointer data,
          gpointer user_data)
{
  PlLoss *l = user_data;

  part_run (data);
  g_mutex_lock (&l->done_lock);
  if (--l->pending == 0)
    g_cond_signal (&l->done_cond);
  g_mutex_unlock (&l->done_lock);
}

/* Run every part, part 0 on this thread and the others on the workers (or, should those
 * not start, here too: the parts are reduced in order either way, so the bits are the same). */
static void
run_parts (PlLoss *l)
{
  if (l->T > 1 && l->pool == NULL)
    {
      g_autoptr(GError) error = NULL;

      l->pool = g_thread_pool_new (pool_run, l, (gint) l->T - 1, TRUE, &error);
      if (l->pool == NULL)
        g_warning ("cannot start the loss's worker threads (%s); running on one",
                   error->message);
    }
  if (l->pool == NULL)
    {
      for (guint p = 0; p < l->T; p++)
        part_run (&l->parts[p]);
      return;
    }
  l->pending = l->T - 1;
  for (guint p = 1; p < l->T; p++)
    if (!g_thread_pool_push (l->pool, &l->parts[p], NULL))
      g_assert_not_reached ();
  part_run (&l->parts[0]);
  g_mutex_lock (&l->done_lock);
  while (l->pending > 0)
    g_cond_wait (&l->done_cond, &l->done_lock);
  g_mutex_unlock (&l->done_lock);
}

double
pl_loss_evaluate (PlLoss       *l,
                  const double *params,
                  double       *grad,
                  double       *components,
                  double       *term_grads)
{
  double total = 0;
  gboolean causal = l->M > 0 && l->causal_on;

  for (guint t = 0; t < l->n_terms; t++)
    g_return_val_if_fail (l->n[t] > 0, NAN);

  for (guint p = 0; p < l->T; p++)
    {
      l->parts[p].params = params;
      l->parts[p].want_grad = grad != NULL || term_grads != NULL;
      l->parts[p].want_tgrad = term_grads != NULL;
      l->parts[p].round = causal ? 1 : 0;
    }
  if (causal)
    {
      /* the weights need every part's bin sums before any reverse pass can start */
      run_parts (l);
      for (guint p = 0; p < l->T; p++)
        if (l->parts[p].bad)
          return NAN;
      _pl_loss_causal_weigh (l);
      for (guint p = 0; p < l->T; p++)
        l->parts[p].round = 2;
    }
  run_parts (l);

  for (guint p = 0; p < l->T; p++)
    if (l->parts[p].bad)
      return NAN;

  /* reduce in part order: the same thread count gives the same bits */
  if (grad != NULL)
    memset (grad, 0, l->n_params * sizeof (double));
  if (term_grads != NULL)
    memset (term_grads, 0, (gsize) l->n_terms * l->n_params * sizeof (double));
  for (guint t = 0; t < l->n_terms; t++)
    {
      double s = 0;
      gsize n_res = (l->periodic[t] ? l->n[t] / 2 : l->n[t]) * l->n_eq[t];

      if (causal && l->causal[t])
        s = l->ccomp[t];
      else
        {
          for (guint p = 0; p < l->T; p++)
            s += l->parts[p].sum[t];
          s /= (double) n_res;
        }
      if (components != NULL)
        components[t] = s;
      total += l->weight[t] * s;
    }
  for (guint p = 0; p < l->T; p++)
    {
      if (grad != NULL)
        for (gsize k = 0; k < l->n_params; k++)
          grad[k] += l->parts[p].grad[k];
      if (term_grads != NULL)
        for (gsize k = 0; k < (gsize) l->n_terms * l->n_params; k++)
          term_grads[k] += l->parts[p].tgrad[k];
    }
  return total;
}

