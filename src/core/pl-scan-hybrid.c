/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-scan-hybrid.c: gradient-variance scans of the scan's circuit inside a QPINN-MAC model:
 * the PINN-loss gradient of every draw, over threads (see pl-scan.h for the construction).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-scan.h"
#include "pl-scan-private.h"
#include "pl-error.h"
#include "pl-loss.h"

#include <math.h>
#include <string.h>

PlCircuit *
pl_scan_hybrid_circuit (const PlCircuit *circuit,
                        guint            n_inputs,
                        const double    *lower,
                        const double    *upper)
{
  g_autoptr(PlCircuit) out = NULL;

  g_return_val_if_fail (circuit != NULL, NULL);
  g_return_val_if_fail (n_inputs >= 1 && lower != NULL && upper != NULL, NULL);

  if (circuit->n_inputs > 0)
    return pl_circuit_dup (circuit);

  out = pl_circuit_new (circuit->n_qubits);
  g_free (out->name);
  out->name = g_strdup_printf ("%s+ry-encoding", circuit->name);
  for (guint k = 0; k < circuit->n_params; k++)
    pl_circuit_add_param (out);
  for (guint q = 0; q < circuit->n_qubits; q++)
    {
      guint j = q % n_inputs;
      double a = G_PI / (upper[j] - lower[j]);
      PlAngleSource src = pl_source_input (j, a, -a * lower[j], -1, -1);
      gboolean ok = pl_circuit_append (out, PL_GATE_RY, &q, &src, NULL);

      g_assert (ok);
      out->ops[out->n_ops - 1].layer = 0;
    }
  for (gsize i = 0; i < circuit->n_ops; i++)
    {
      const PlOp *op = &circuit->ops[i];
      gboolean ok = pl_circuit_append (out, op->gate, op->wires, op->src, NULL);

      /* the ops were valid in @circuit and every parameter exists already */
      g_assert (ok);
      out->ops[out->n_ops - 1].layer = op->layer;
    }
  out->n_layers = circuit->n_layers;
  return g_steal_pointer (&out);
}

typedef struct {
  const PlScanPointCtx *ctx;
  guint64               classical_seed;
  gsize                 unit;       /* draws per unit of work: 1, or a structure's chunk */
  gsize                 n_units;
  gint                  next;       /* atomic unit counter */
  gsize                 P;
  PlBlockRange          blocks[PL_N_BLOCKS];
  double               *grad;       /* [P][S] */
  double               *cost;       /* [S] */
  GMutex                lock;
  GError               *error;
} Job;

/* One thread's model: its own problem copy, model and single-threaded loss. */
typedef struct {
  Job       *job;
  PlProblem *problem;
  PlModel   *model;
  PlLoss    *loss;
  gint64     built_for;   /* the structure chunk of the model, -1 for the fixed one */
} Worker;

static gboolean
worker_build (Worker  *w,
              gint64   chunk,
              GError **error)
{
  const PlScanPointCtx *ctx = w->job->ctx;
  const PlScanConfig *cfg = ctx->cfg;
  g_autoptr(PlCircuit) own = NULL;
  PlCircuit *circuit;
  PlObservable *obs;
  PlModelConfig mc;
  PlLossConfig lc;
  double lo[PL_PROBLEM_MAX_INPUTS], hi[PL_PROBLEM_MAX_INPUTS];
  guint d = pl_problem_get_n_inputs (w->problem);
  PlRng rng;

  g_clear_pointer (&w->loss, pl_loss_free);
  g_clear_pointer (&w->model, pl_model_free);
  if (chunk >= 0 && !(own = _pl_scan_build_circuit (cfg, &ctx->topt, chunk, NULL, error)))
    return FALSE;
  pl_problem_get_bounds (w->problem, lo, hi);
  circuit = pl_scan_hybrid_circuit (own != NULL ? own : ctx->circuit, d, lo, hi);
  if (!(obs = pl_observable_parse (cfg->cost, ctx->n, error)))
    {
      pl_circuit_free (circuit);
      return FALSE;
    }
  if (cfg->hybrid != NULL)
    mc = *cfg->hybrid;
  else
    pl_model_config_init (&mc);
  mc.kind = PL_MODEL_HYBRID;
  mc.n_inputs = d;
  mc.n_outputs = pl_problem_get_n_outputs (w->problem);
  /* circuit and observable are the model's now, also when it fails */
  if (!(w->model = pl_model_new (&mc, circuit, 1, &obs, error)))
    return FALSE;

  pl_loss_config_init (&lc);
  lc.sampler = PL_SAMPLER_GRID;
  lc.threads = 1;
  if (cfg->points > 0)
    for (guint t = 0; t < pl_problem_get_n_terms (w->problem) && t < PL_PROBLEM_MAX_TERMS; t++)
      if (pl_problem_term_default_points (w->problem, t) > 1)
        lc.n_points[t] = cfg->points;
  if (!(w->loss = pl_loss_new (w->model, w->problem, &lc, error)))
    return FALSE;
  /* the grid draws nothing; the generator is there for the API */
  pl_rng_init (&rng, 0);
  if (!pl_loss_resample (w->loss, &rng, error))
    return FALSE;
  w->built_for = chunk;
  return TRUE;
}

static void
worker_clear (Worker *w)
{
  g_clear_pointer (&w->loss, pl_loss_free);
  g_clear_pointer (&w->model, pl_model_free);
  g_clear_pointer (&w->problem, pl_problem_free);
}

static gboolean
job_failed (Job *job)
{
  gboolean failed;

  g_mutex_lock (&job->lock);
  failed = job->error != NULL;
  g_mutex_unlock (&job->lock);
  return failed;
}

static void
job_fail (Job    *job,
          GError *error)
{
  g_mutex_lock (&job->lock);
  if (job->error == NULL)
    job->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&job->lock);
}

static gpointer
worker_run (gpointer data)
{
  Worker *w = data;
  Job *job = w->job;
  const PlScanPointCtx *ctx = job->ctx;
  const PlBlockRange q = job->blocks[PL_BLOCK_QUANTUM];
  g_autofree double *params = g_new (double, job->P);
  g_autofree double *g = g_new (double, job->P);

  for (;;)
    {
      gsize u = (gsize) g_atomic_int_add (&job->next, 1);
      gint64 want = ctx->cfg->resample_structure ? (gint64) u : -1;
      GError *error = NULL;

      if (u >= job->n_units || g_cancellable_is_cancelled (ctx->cancellable) || job_failed (job))
        break;
      if ((w->model == NULL || w->built_for != want) && !worker_build (w, want, &error))
        {
          job_fail (job, error);
          break;
        }
      /* a resampled structure has the same parameter layout (pl_scan_run checks nothing
       * else could change it) */
      g_assert (pl_model_n_params (w->model) == job->P);
      for (gsize s = u * job->unit; s < MIN ((u + 1) * job->unit, ctx->S); s++)
        {
          PlRng rng;
          double L;

          pl_rng_init_stream (&rng, job->classical_seed, s);
          pl_model_init_params (w->model, &rng, params);
          for (gsize k = 0; k < q.size; k++)
            params[q.offset + k] = ctx->draws[k * ctx->S + s];
          L = pl_loss_evaluate (w->loss, params, g, NULL, NULL);
          if (!isfinite (L))
            {
              job_fail (job, g_error_new (PL_ERROR, PL_ERROR_NUMERIC,
                                          "the PINN loss is not finite at draw %" G_GSIZE_FORMAT
                                          " (%u qubits, %u layers)", s, ctx->n, ctx->L));
              return NULL;
            }
          for (gsize k = 0; k < job->P; k++)
            job->grad[k * ctx->S + s] = g[k];
          job->cost[s] = L;
        }
    }
  return NULL;
}

/* Bytes of the jet states one thread's model work holds: five per term (pl-qlayer). */
static guint64
thread_bytes (const PlScanConfig *cfg,
              const PlProblem    *problem,
              guint               n)
{
  guint K = pl_problem_get_jet_spec (problem)->n_components;
  guint64 bytes = 0;

  for (guint t = 0; t < pl_problem_get_n_terms (problem); t++)
    {
      guint want = pl_problem_term_default_points (problem, t);
      gsize pts, one;

      if (cfg->points > 0 && want > 1)
        want = cfg->points;
      pts = pl_problem_term_points (problem, t, PL_SAMPLER_GRID, want);
      one = pl_state_bytes (n, (gsize) K * pts);
      if (one == G_MAXSIZE)
        return G_MAXUINT64;
      bytes += 5 * (guint64) one;
    }
  return bytes;
}

gboolean
_pl_scan_hybrid_gradients (const PlScanPointCtx  *ctx,
                           const PlProblem       *problem,
                           double               **grad_out,
                           double                *cost,
                           PlBlockRange          *blocks,
                           gsize                 *n_params,
                           GError               **error)
{
  g_autofree Worker *workers = NULL;
  g_autofree GThread **th = NULL;
  guint threads;
  guint64 need, phys;
  gboolean ok;
  PlRng rng;
  Job job = { 0 };

  job.ctx = ctx;
  pl_rng_init_stream (&rng, ctx->cfg->seed ^ PL_SCAN_CLASSICAL_SALT, ctx->stream);
  job.classical_seed = pl_rng_next (&rng);
  job.unit = ctx->cfg->resample_structure ? ctx->chunk : 1;
  job.n_units = (ctx->S + job.unit - 1) / job.unit;
  threads = MIN (ctx->threads, job.n_units);

  need = thread_bytes (ctx->cfg, problem, ctx->n);
  phys = pl_physical_memory ();
  /* 0: unknown, and then pl_state_new is the only check */
  if (need == G_MAXUINT64 || (phys > 0 && need > phys / threads))
    {
      g_autofree char *size = g_format_size_full (need == G_MAXUINT64 ? G_MAXUINT64
                                                                       : need * threads,
                                                  G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, PL_ERROR, PL_ERROR_NO_MEMORY,
                   "%u qubits need %s of memory for the jet states of %u threads of the "
                   "hybrid model, more than this machine has", ctx->n, size, threads);
      return FALSE;
    }

  workers = g_new0 (Worker, threads);
  for (guint t = 0; t < threads; t++)
    {
      workers[t].job = &job;
      workers[t].problem = pl_problem_copy (problem);
    }
  /* the first model on this thread: it gives the layout, and reports bad settings early */
  if (!worker_build (&workers[0], ctx->cfg->resample_structure ? 0 : -1, error))
    {
      for (guint t = 0; t < threads; t++)
        worker_clear (&workers[t]);
      return FALSE;
    }
  job.P = pl_model_n_params (workers[0].model);
  for (guint b = 0; b < PL_N_BLOCKS; b++)
    job.blocks[b] = pl_model_block (workers[0].model, b);
  g_assert (job.blocks[PL_BLOCK_QUANTUM].size == ctx->circuit->n_params);
  job.grad = g_new0 (double, job.P * ctx->S);
  job.cost = cost;
  g_mutex_init (&job.lock);

  th = g_new0 (GThread *, threads);
  for (guint t = 1; t < threads; t++)
    th[t] = g_thread_new ("plateau-scan-hybrid", worker_run, &workers[t]);
  worker_run (&workers[0]);
  for (guint t = 1; t < threads; t++)
    g_thread_join (th[t]);
  g_mutex_clear (&job.lock);
  for (guint t = 0; t < threads; t++)
    worker_clear (&workers[t]);

  ok = job.error == NULL;
  if (!ok)
    {
      g_propagate_error (error, job.error);
      g_free (job.grad);
      return FALSE;
    }
  memcpy (blocks, job.blocks, sizeof job.blocks);
  *n_params = job.P;
  *grad_out = job.grad;
  return TRUE;
}
