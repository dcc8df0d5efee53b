/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-scan.c: gradient-variance scans over qubits and layers (see pl-scan.h).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-scan.h"
#include "pl-scan-private.h"
#include "pl-error.h"
#include "pl-pauli.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

void
pl_variance_stats (const double *x,
                   gsize         n,
                   gsize         stride,
                   double       *mean_out,
                   double       *var_out,
                   double       *se_out)
{
  double mean = 0, m2 = 0, m4 = 0, s2;

  for (gsize i = 0; i < n; i++)
    mean += x[i * stride];
  mean /= n;
  for (gsize i = 0; i < n; i++)
    {
      double d = x[i * stride] - mean, d2 = d * d;
      m2 += d2;
      m4 += d2 * d2;
    }
  s2 = n > 1 ? m2 / (n - 1) : 0.0;
  m4 /= n;
  if (mean_out)
    *mean_out = mean;
  if (var_out)
    *var_out = s2;
  if (se_out)
    {
      /* Var(s^2) = (mu4 - sigma^4 (n - 3) / (n - 1)) / n */
      double v = n > 3 ? (m4 - s2 * s2 * (n - 3.0) / (n - 1.0)) / n : 0.0;
      *se_out = sqrt (MAX (v, 0.0));
    }
}

static const char *model_names[] = { "pqc", "hybrid-frozen", "hybrid" };

G_STATIC_ASSERT (G_N_ELEMENTS (model_names) == PL_SCAN_N_MODELS);

const char *
pl_scan_model_to_string (PlScanModel model)
{
  g_return_val_if_fail ((guint) model < PL_SCAN_N_MODELS, NULL);
  return model_names[model];
}

gboolean
pl_scan_model_from_string (const char  *name,
                           PlScanModel *model,
                           GError     **error)
{
  for (guint i = 0; i < PL_SCAN_N_MODELS; i++)
    if (g_ascii_strcasecmp (name, model_names[i]) == 0)
      {
        *model = (PlScanModel) i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (name, "frozen") == 0)
    {
      *model = PL_SCAN_MODEL_HYBRID_FROZEN;
      return TRUE;
    }
  if (g_ascii_strcasecmp (name, "qpinn-mac") == 0)
    {
      *model = PL_SCAN_MODEL_HYBRID;
      return TRUE;
    }
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "unknown scan model '%s' (pqc, hybrid-frozen, hybrid)", name);
  return FALSE;
}

PlCircuit *
_pl_scan_build_circuit (const PlScanConfig       *cfg,
                        const PlTemplateOptions  *topt,
                        gint64                    chunk,
                        gint                    **map,
                        GError                  **error)
{
  PlTemplateOptions own = *topt;
  g_autoptr(PlCircuit) c = NULL;

  /* a chunk's own random circuit: seeded by the chunk, not by the thread */
  if (chunk >= 0)
    own.seed = topt->seed * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) + (guint64) chunk + 1;
  if (!(c = pl_circuit_new_template (cfg->template_name, &own, error)))
    return NULL;
  if (cfg->init == PL_INIT_IDENTITY)
    return pl_circuit_identity_blocks (c, map, error);
  return g_steal_pointer (&c);
}

typedef struct {
  const PlCircuit *circuit;
  const PlScanConfig *cfg;    /* for rebuilding the structure per chunk */
  PlTemplateOptions topt;
  PlObservable    *obs;
  const double    *draws;     /* [n_params][S] */
  gsize            S;
  gsize            chunk;
  gint             next;      /* atomic chunk counter */
  double          *grad;      /* [n_params][S] */
  double          *cost;      /* [S] */
  GCancellable    *cancellable;
  GMutex           lock;
  GError          *error;
} Job;

static gpointer
worker (gpointer data)
{
  Job *job = data;
  guint np = job->circuit->n_params;
  g_autofree double *p = g_new (double, MAX (np, 1) * job->chunk);
  g_autofree double *g = g_new (double, MAX (np, 1) * job->chunk);
  g_autofree double *v = g_new (double, job->chunk);
  /* templates with data encoding are scanned at x = 0 */
  g_autofree double *x = g_new0 (double, MAX (job->circuit->n_inputs, 1) * job->chunk);

  for (;;)
    {
      gsize c = (gsize) g_atomic_int_add (&job->next, 1);
      gsize start = c * job->chunk, len;
      PlCircuitArgs args;
      PlCircuitGrad grad = { g, NULL, NULL };
      GError *error = NULL;

      if (start >= job->S)
        break;
      if (g_cancellable_is_cancelled (job->cancellable))
        break;
      g_mutex_lock (&job->lock);
      if (job->error != NULL)
        {
          g_mutex_unlock (&job->lock);
          break;
        }
      g_mutex_unlock (&job->lock);

      len = MIN (job->chunk, job->S - start);
      for (guint k = 0; k < np; k++)
        memcpy (p + k * len, job->draws + k * job->S + start, len * sizeof (double));
      args = (PlCircuitArgs) { len, p, TRUE, job->circuit->n_inputs > 0 ? x : NULL, NULL };
      if (job->cfg->resample_structure)
        {
          g_autoptr(PlCircuit) own = _pl_scan_build_circuit (job->cfg, &job->topt, c, NULL,
                                                             &error);

          if (own == NULL ||
              !pl_circuit_gradient (own, &args, 1, &job->obs, NULL, NULL, v, &grad, &error))
            {
              g_mutex_lock (&job->lock);
              if (job->error == NULL)
                job->error = error;
              else
                g_error_free (error);
              g_mutex_unlock (&job->lock);
              break;
            }
        }
      else if (!pl_circuit_gradient (job->circuit, &args, 1, &job->obs, NULL, NULL, v, &grad,
                                     &error))
        {
          g_mutex_lock (&job->lock);
          if (job->error == NULL)
            job->error = error;
          else
            g_error_free (error);
          g_mutex_unlock (&job->lock);
          break;
        }
      for (guint k = 0; k < np; k++)
        memcpy (job->grad + k * job->S + start, g + k * len, len * sizeof (double));
      memcpy (job->cost + start, v, len * sizeof (double));
    }
  return NULL;
}

/* The PQC: the draws are the batch of adjoint passes over chunks of draws. */
static gboolean
pqc_gradients (const PlScanPointCtx  *ctx,
               double                *grad,
               double                *cost,
               GError               **error)
{
  g_autoptr(PlObservable) obs = NULL;
  g_autofree GThread **th = NULL;
  guint threads = ctx->threads;
  Job job = { 0 };

  if (!(obs = pl_observable_parse (ctx->cfg->cost, ctx->n, error)))
    return FALSE;
  job.chunk = ctx->chunk;
  job.circuit = ctx->circuit;
  job.cfg = ctx->cfg;
  job.topt = ctx->topt;
  job.obs = obs;
  job.draws = ctx->draws;
  job.S = ctx->S;
  job.grad = grad;
  job.cost = cost;
  job.cancellable = ctx->cancellable;
  g_mutex_init (&job.lock);

  threads = MIN (threads, (ctx->S + job.chunk - 1) / job.chunk);
  th = g_new0 (GThread *, threads);
  for (guint t = 1; t < threads; t++)
    th[t] = g_thread_new ("plateau-scan", worker, &job);
  worker (&job);
  for (guint t = 1; t < threads; t++)
    g_thread_join (th[t]);
  g_mutex_clear (&job.lock);

  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
scan_point (const PlScanConfig  *cfg,
            const PlProblem     *problem,
            guint                n,
            guint                L,
            guint                threads,
            GCancellable        *cancellable,
            PlScanPoint         *pt,
            GError             **error)
{
  g_autoptr(PlCircuit) circuit = NULL;
  g_autofree gint *map = NULL;
  g_autofree double *draws = NULL;
  g_autofree double *grad = NULL;
  g_autofree double *cost = NULL;
  PlBlockRange blocks[PL_N_BLOCKS] = { { 0, 0 } };
  gsize S = cfg->samples, state_bytes, np_total;
  guint np, reported;
  PlRng rng;
  PlScanPointCtx ctx = { 0 };
  gint64 t0 = g_get_monotonic_time ();

  ctx.cfg = cfg;
  ctx.n = n;
  ctx.L = L;
  ctx.stream = ((guint64) n << 32) | L;
  ctx.topt = cfg->base;
  ctx.topt.n_qubits = n;
  ctx.topt.n_layers = L;
  if (!(circuit = _pl_scan_build_circuit (cfg, &ctx.topt, -1, &map, error)))
    return FALSE;
  np = circuit->n_params;
  if (np == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "template '%s' has no trainable parameters at %u qubits, %u layers",
                   cfg->template_name, n, L);
      return FALSE;
    }

  /* One stream per point, so adding a point to a scan leaves the others unchanged. */
  pl_rng_init_stream (&rng, cfg->seed, ctx.stream);
  draws = g_new (double, (gsize) np * S);
  pl_init_draw (cfg->init, circuit, map, cfg->sigma, &rng, S, draws);
  cost = g_new0 (double, S);

  /* chunks of draws: large enough for the batched kernels, small enough to cancel quickly
   * and to keep three states per thread within ~64 MiB */
  state_bytes = pl_state_bytes (n, 1);
  ctx.chunk = CLAMP ((64u << 20) / MAX (3 * state_bytes, 1), 1, 32);
  /* a physical memory of 0 is unknown: pl_state_new checks each state then */
  if (cfg->model == PL_SCAN_MODEL_PQC &&
      (state_bytes == G_MAXSIZE ||
       (pl_physical_memory () > 0 && 3 * state_bytes * threads > pl_physical_memory ())))
    {
      g_autofree char *need = g_format_size_full (3 * state_bytes * threads,
                                                  G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, PL_ERROR, PL_ERROR_NO_MEMORY,
                   "%u qubits need %s of memory for the gradient states of %u threads, more than "
                   "this machine has", n, need, threads);
      return FALSE;
    }
  if (cfg->resample_structure)
    ctx.chunk = MIN (ctx.chunk, 4);
  ctx.circuit = circuit;
  ctx.draws = draws;
  ctx.S = S;
  ctx.threads = threads;
  ctx.cancellable = cancellable;

  if (cfg->model == PL_SCAN_MODEL_PQC)
    {
      grad = g_new0 (double, (gsize) np * S);
      if (!pqc_gradients (&ctx, grad, cost, error))
        return FALSE;
      blocks[PL_BLOCK_QUANTUM] = (PlBlockRange) { 0, np };
      np_total = np;
      reported = 1u << PL_BLOCK_QUANTUM;
    }
  else
    {
      if (!_pl_scan_hybrid_gradients (&ctx, problem, &grad, cost, blocks, &np_total, error))
        return FALSE;
      reported = 0;
      for (guint b = 0; b < PL_N_BLOCKS; b++)
        if (blocks[b].size > 0 &&
            (cfg->model == PL_SCAN_MODEL_HYBRID || b == PL_BLOCK_QUANTUM))
          reported |= 1u << b;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_CANCELLED, "the scan was cancelled");
      return FALSE;
    }

  memset (pt, 0, sizeof *pt);
  pt->qubits = n;
  pt->layers = L;
  pt->model = cfg->model;
  pt->samples = S;
  pl_variance_stats (cost, S, 1, &pt->cost_mean, NULL, NULL);
  _pl_scan_statistics (cfg, ctx.stream, grad, S, blocks, reported, pt);
  g_assert (pt->n_params <= np_total);
  pt->seconds = (g_get_monotonic_time () - t0) * 1e-6;
  return TRUE;
}

gboolean
pl_scan_run (const PlScanConfig  *cfg,
             PlScanProgress       progress,
             gpointer             user_data,
             GCancellable        *cancellable,
             GArray             **points_out,
             GError             **error)
{
  g_autoptr(GArray) points = g_array_new (FALSE, TRUE, sizeof (PlScanPoint));
  g_autoptr(PlProblem) own_problem = NULL;
  const PlProblem *problem = NULL;
  guint threads = cfg->threads > 0 ? cfg->threads : g_get_num_processors ();
  guint total = cfg->n_qubits * cfg->n_layers, done = 0;

  g_return_val_if_fail (cfg != NULL && points_out != NULL, FALSE);

  if (cfg->n_qubits == 0 || cfg->n_layers == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "a scan needs at least one qubit count and one layer count");
      return FALSE;
    }
  if (cfg->samples < 3)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "a variance needs at least 3 samples, not %u", cfg->samples);
      return FALSE;
    }
  if (cfg->init == PL_INIT_SMALL && (!isfinite (cfg->sigma) || cfg->sigma <= 0))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the small-angle spread must be positive, not %g", cfg->sigma);
      return FALSE;
    }
  if ((guint) cfg->model >= PL_SCAN_N_MODELS)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "unknown scan model %d (pqc, hybrid-frozen, hybrid)", (int) cfg->model);
      return FALSE;
    }
  if (cfg->model != PL_SCAN_MODEL_PQC)
    {
      if (cfg->custom_problem != NULL)
        problem = cfg->custom_problem;
      else if (!(problem = own_problem = pl_problem_new (cfg->problem ? cfg->problem
                                                                      : "damped-oscillator",
                                                         error)))
        return FALSE;
      /* our threads share out the draws; OpenBLAS must not add its own on top */
      openblas_set_num_threads (1);
    }
  for (guint i = 0; i < cfg->n_qubits; i++)
    for (guint j = 0; j < cfg->n_layers; j++)
      {
        PlScanPoint pt;

        if (!scan_point (cfg, problem, cfg->qubits[i], cfg->layers[j], threads, cancellable,
                         &pt, error))
          return FALSE;
        g_array_append_val (points, pt);
        done++;
        if (progress != NULL)
          progress (done, total, &pt, user_data);
      }
  *points_out = g_steal_pointer (&points);
  return TRUE;
}

static void
fit_line (const double *x,
          const double *y,
          guint         n,
          PlScanFit    *fit)
{
  double mx = 0, my = 0, sxx = 0, sxy = 0, sse = 0;

  for (guint i = 0; i < n; i++)
    {
      mx += x[i] / n;
      my += y[i] / n;
    }
  for (guint i = 0; i < n; i++)
    {
      sxx += (x[i] - mx) * (x[i] - mx);
      sxy += (x[i] - mx) * (y[i] - my);
    }
  fit->slope = sxx > 0 ? sxy / sxx : 0.0;
  fit->intercept = my - fit->slope * mx;
  for (guint i = 0; i < n; i++)
    {
      double r = y[i] - fit->intercept - fit->slope * x[i];
      sse += r * r;
    }
  /* OLS: SE(slope) = sqrt (SSE / (n - 2) / Sxx); undefined for two points */
  fit->slope_stderr = n > 2 && sxx > 0 ? sqrt (sse / (n - 2) / sxx) : NAN;
  fit->n_points = n;
}

static double
quantity (const PlScanPoint *p,
          PlScanQuantity     q)
{
  switch (q)
    {
    case PL_SCAN_QUANTITY_TOTAL:
      return p->total_variance;
    case PL_SCAN_QUANTITY_CLASSICAL:
      return p->classical_variance;
    case PL_SCAN_QUANTITY_PARAM:
    default:
      return p->variance;
    }
}

const char *
pl_scan_quantity_to_string (PlScanQuantity q)
{
  static const char *names[] = { "param", "total", "classical" };

  g_return_val_if_fail ((guint) q < G_N_ELEMENTS (names), NULL);
  return names[q];
}

GArray *
pl_scan_fit (const GArray *points)
{
  return pl_scan_fit_quantity (points, PL_SCAN_QUANTITY_PARAM);
}

GArray *
pl_scan_fit_quantity (const GArray   *points,
                      PlScanQuantity  which)
{
  GArray *fits = g_array_new (FALSE, TRUE, sizeof (PlScanFit));
  const PlScanPoint *p = (const PlScanPoint *) points->data;
  g_autofree double *x = g_new (double, MAX (points->len, 1));
  g_autofree double *y = g_new (double, MAX (points->len, 1));

  for (int against_layers = 0; against_layers < 2; against_layers++)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

      for (guint i = 0; i < points->len; i++)
        {
          guint key = against_layers ? p[i].qubits : p[i].layers;
          guint n = 0;
          PlScanFit fit = { 0 };

          if (g_hash_table_contains (seen, GUINT_TO_POINTER (key + 1)))
            continue;
          g_hash_table_add (seen, GUINT_TO_POINTER (key + 1));
          for (guint j = 0; j < points->len; j++)
            {
              double v = quantity (&p[j], which);

              /* !(v > 0) also skips NaN: a quantity the model does not have */
              if ((against_layers ? p[j].qubits : p[j].layers) != key || !(v > 0) ||
                  !isfinite (v))
                continue;
              x[n] = against_layers ? p[j].layers : p[j].qubits;
              y[n] = log (v);
              n++;
            }
          if (n < 2)
            continue;
          fit_line (x, y, n, &fit);
          fit.layers = against_layers ? G_MAXUINT : key;
          fit.qubits = against_layers ? key : G_MAXUINT;
          g_array_append_val (fits, fit);
        }
    }
  return fits;
}
