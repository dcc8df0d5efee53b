/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-expressibility-run.c: the threaded estimate of expressibility and entangling capability
 * of a circuit (see pl-expressibility.h): chunks of fidelity pairs as the batch of two
 * states, taken by worker threads in any order and combined in a fixed order.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-expressibility.h"
#include "pl-error.h"

#include <math.h>
#include <string.h>

/* Pairs per chunk: two states within this many bytes, at most MAX_CHUNK pairs. Fixed by the
 * qubit count alone, so the streams (one per chunk) do not depend on the threads. */
#define CHUNK_BYTES ((gsize) 16 << 20)
#define MAX_CHUNK   256

/* The Meyer-Wallach values of one chunk: count, mean and sum of squared deviations, merged
 * in chunk order (Chan, Golub & LeVeque 1979) once every chunk is done. */
typedef struct {
  guint64 n;
  double  mean;
  double  m2;
} Moments;

typedef struct {
  const PlCircuit              *circuit;
  const PlExpressibilityConfig *cfg;
  gsize                         chunk;      /* pairs per chunk */
  gsize                         batch;      /* the states' batch: MIN (chunk, pairs) */
  guint                         n_chunks;   /* per repetition */
  guint                         n_items;    /* repeats * n_chunks */
  gint                          next;       /* atomic: the next item to take */
  gint                          done_pairs; /* atomic */
  guint64                      *counts;     /* [repeats][bins], under lock */
  Moments                      *moments;    /* [n_items], each written by one worker */
  GCancellable                 *cancellable;
  PlExpressibilityProgress      progress;
  gpointer                      user_data;
  guint64                       reported;   /* calling thread only */
  GMutex                        lock;
  GError                       *error;
} Job;

typedef struct {
  PlState *a;
  PlState *b;
  double  *pa;      /* params [n_params][batch] */
  double  *pb;
  double  *xa;      /* inputs [n_inputs][batch] */
  double  *xb;
  double  *ip_re;
  double  *ip_im;
  double  *fid;
  double  *q;
  guint64 *counts;  /* [bins] of the current chunk */
} Work;

static void
work_clear (Work *w)
{
  g_clear_pointer (&w->a, pl_state_free);
  g_clear_pointer (&w->b, pl_state_free);
  g_clear_pointer (&w->pa, g_free);
  g_clear_pointer (&w->pb, g_free);
  g_clear_pointer (&w->xa, g_free);
  g_clear_pointer (&w->xb, g_free);
  g_clear_pointer (&w->ip_re, g_free);
  g_clear_pointer (&w->ip_im, g_free);
  g_clear_pointer (&w->fid, g_free);
  g_clear_pointer (&w->q, g_free);
  g_clear_pointer (&w->counts, g_free);
}

static gboolean
work_init (Work       *w,
           const Job  *job,
           GError    **error)
{
  const PlCircuit *c = job->circuit;
  gsize B = job->batch;

  memset (w, 0, sizeof *w);
  if (!(w->a = pl_state_new (c->n_qubits, B, error)) ||
      !(w->b = pl_state_new (c->n_qubits, B, error)))
    {
      work_clear (w);
      return FALSE;
    }
  w->pa = g_new0 (double, MAX (c->n_params, 1) * B);
  w->pb = g_new0 (double, MAX (c->n_params, 1) * B);
  w->xa = g_new0 (double, MAX (c->n_inputs, 1) * B);
  w->xb = g_new0 (double, MAX (c->n_inputs, 1) * B);
  w->ip_re = g_new (double, B);
  w->ip_im = g_new (double, B);
  w->fid = g_new (double, B);
  w->q = g_new (double, B);
  w->counts = g_new (guint64, job->cfg->bins);
  return TRUE;
}

/* The values of one state of element b: its parameters, then its inputs when drawn. */
static void
draw_state (const Job *job,
            PlRng     *rng,
            gsize      b,
            double    *p,
            double    *x)
{
  const PlExpressibilityConfig *cfg = job->cfg;
  gsize B = job->batch;

  for (guint k = 0; k < job->circuit->n_params; k++)
    p[k * B + b] = 2.0 * G_PI * pl_rng_uniform (rng);
  for (guint j = 0; j < job->circuit->n_inputs; j++)
    {
      if (cfg->inputs == PL_EXPRESSIBILITY_INPUTS_UNIFORM)
        x[j * B + b] = cfg->input_lo + (cfg->input_hi - cfg->input_lo) * pl_rng_uniform (rng);
      else
        x[j * B + b] = cfg->input_values != NULL ? cfg->input_values[j] : 0.0;
    }
}

static void
add_moments (Moments      *m,
             const double *q,
             gsize         n)
{
  for (gsize i = 0; i < n; i++)
    {
      double d = q[i] - m->mean;

      m->n++;
      m->mean += d / m->n;
      m->m2 += d * (q[i] - m->mean);
    }
}

static void
merge_moments (Moments       *into,
               const Moments *m)
{
  double n, d;

  if (m->n == 0)
    return;
  n = (double) into->n + (double) m->n;
  d = m->mean - into->mean;
  into->m2 += m->m2 + d * d * (double) into->n * (double) m->n / n;
  into->mean += d * (double) m->n / n;
  into->n += m->n;
}

static gboolean
run_chunk (Job    *job,
           Work   *w,
           guint   item,
           GError **error)
{
  const PlExpressibilityConfig *cfg = job->cfg;
  const PlCircuit *c = job->circuit;
  guint r = item / job->n_chunks, ci = item % job->n_chunks;
  gsize start = (gsize) ci * job->chunk;
  gsize len = MIN (job->chunk, cfg->pairs - start);
  gsize B = job->batch;
  PlCircuitArgs args_a = { B, w->pa, TRUE, c->n_inputs > 0 ? w->xa : NULL, NULL };
  PlCircuitArgs args_b = { B, w->pb, TRUE, c->n_inputs > 0 ? w->xb : NULL, NULL };
  PlRng rng;

  pl_rng_init_stream (&rng, cfg->seed, ((guint64) r << 32) | ci);
  for (gsize b = 0; b < len; b++)
    {
      draw_state (job, &rng, b, w->pa, w->xa);
      draw_state (job, &rng, b, w->pb, w->xb);
    }
  /* the tail chunk leaves the rest of the batch at the values of an earlier chunk: computed,
   * never counted */

  if (!pl_circuit_run (c, &args_a, w->a, error))
    return FALSE;
  if (g_cancellable_is_cancelled (job->cancellable))
    return TRUE;
  if (!pl_circuit_run (c, &args_b, w->b, error))
    return FALSE;

  pl_state_inner (w->a, w->b, w->ip_re, w->ip_im);
  for (gsize b = 0; b < len; b++)
    w->fid[b] = w->ip_re[b] * w->ip_re[b] + w->ip_im[b] * w->ip_im[b];
  memset (w->counts, 0, cfg->bins * sizeof (guint64));
  pl_fidelity_histogram_add (w->fid, len, cfg->bins, w->counts);

  pl_meyer_wallach (w->a, w->q);
  add_moments (&job->moments[item], w->q, len);
  pl_meyer_wallach (w->b, w->q);
  add_moments (&job->moments[item], w->q, len);

  g_mutex_lock (&job->lock);
  for (guint k = 0; k < cfg->bins; k++)
    job->counts[(gsize) r * cfg->bins + k] += w->counts[k];
  g_mutex_unlock (&job->lock);
  g_atomic_int_add (&job->done_pairs, (gint) len);
  return TRUE;
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

static gboolean
job_failed (Job *job)
{
  gboolean failed;

  g_mutex_lock (&job->lock);
  failed = job->error != NULL;
  g_mutex_unlock (&job->lock);
  return failed;
}

/* Run by every worker and by the calling thread (@report: the one that reports progress). */
static void
work_loop (Job      *job,
           gboolean  report)
{
  GError *error = NULL;
  Work w;

  if (!work_init (&w, job, &error))
    {
      job_fail (job, error);
      return;
    }
  for (;;)
    {
      guint item = (guint) g_atomic_int_add (&job->next, 1);

      if (item >= job->n_items || g_cancellable_is_cancelled (job->cancellable) ||
          job_failed (job))
        break;
      if (!run_chunk (job, &w, item, &error))
        {
          job_fail (job, error);
          break;
        }
      if (report && job->progress != NULL)
        {
          job->reported = (guint64) g_atomic_int_get (&job->done_pairs);
          job->progress (job->reported, (guint64) job->cfg->pairs * job->cfg->repeats,
                         job->user_data);
        }
    }
  work_clear (&w);
}

static gpointer
worker_thread (gpointer data)
{
  work_loop (data, FALSE);
  return NULL;
}

static gboolean
check_config (const PlCircuit              *circuit,
              const PlExpressibilityConfig *cfg,
              GError                      **error)
{
  if (cfg->pairs == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "the number of fidelity pairs must be at least 1, not 0");
      return FALSE;
    }
  /* the chunk and pair counters are atomic ints */
  if ((guint64) cfg->pairs * cfg->repeats > G_MAXINT / 2)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "%u pairs times %u repetitions is more than %d pairs in all", cfg->pairs,
                   cfg->repeats, G_MAXINT / 2);
      return FALSE;
    }
  if (cfg->bins < 2)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the fidelity histogram needs at least 2 bins, not %u", cfg->bins);
      return FALSE;
    }
  if (cfg->repeats == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "the number of repetitions must be at least 1, not 0");
      return FALSE;
    }
  if (circuit->n_external > 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                   "the circuit takes %u external angle%s from another layer and cannot be "
                   "sampled on its own", circuit->n_external,
                   circuit->n_external == 1 ? "" : "s");
      return FALSE;
    }
  if (cfg->inputs == PL_EXPRESSIBILITY_INPUTS_UNIFORM &&
      !(isfinite (cfg->input_lo) && isfinite (cfg->input_hi) && cfg->input_lo < cfg->input_hi))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the input range [%g, %g) is not a finite interval with lo < hi",
                   cfg->input_lo, cfg->input_hi);
      return FALSE;
    }
  if (cfg->inputs == PL_EXPRESSIBILITY_INPUTS_FIXED && cfg->input_values != NULL)
    for (guint j = 0; j < circuit->n_inputs; j++)
      if (!isfinite (cfg->input_values[j]))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "input %u is %g; inputs must be finite", j, cfg->input_values[j]);
          return FALSE;
        }
  return TRUE;
}

/* Pairs per chunk and the number of workers whose states fit in memory (at most half of it),
 * or PL_ERROR_NO_MEMORY when not even one draw's two states fit. */
static gboolean
plan_memory (const PlCircuit              *circuit,
             const PlExpressibilityConfig *cfg,
             gsize                        *chunk,
             guint                        *workers,
             GError                      **error)
{
  gsize one = pl_state_bytes (circuit->n_qubits, 1);
  guint64 phys = pl_physical_memory ();
  gsize per_worker;

  if (one >= G_MAXSIZE / 2 || (phys > 0 && one > phys / 2))
    {
      g_autofree char *need = g_format_size_full (2 * (guint64) one, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *have = g_format_size_full (phys, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, PL_ERROR, PL_ERROR_NO_MEMORY,
                   "%u qubits need %s for the two states of a fidelity pair; this machine has "
                   "%s of memory", circuit->n_qubits, need, have);
      return FALSE;
    }
  *chunk = CLAMP (CHUNK_BYTES / (2 * one), 1, MAX_CHUNK);
  per_worker = 2 * pl_state_bytes (circuit->n_qubits, MIN (*chunk, cfg->pairs));
  if (phys > 0)
    *workers = MIN (*workers, MAX (phys / 2 / per_worker, 1));
  return TRUE;
}

gboolean
pl_expressibility_run (const PlCircuit              *circuit,
                       const PlExpressibilityConfig *cfg,
                       PlExpressibilityProgress      progress,
                       gpointer                      user_data,
                       GCancellable                 *cancellable,
                       PlExpressibilityResult      **result_out,
                       GError                      **error)
{
  g_autoptr(PlExpressibilityResult) res = NULL;
  g_autofree guint64 *counts = NULL;
  g_autofree guint64 *pooled = NULL;
  g_autofree Moments *moments = NULL;
  g_autofree GThread **threads = NULL;
  guint n_threads;
  gint64 t0 = g_get_monotonic_time ();
  Moments all = { 0 };
  Job job = { 0 };

  g_return_val_if_fail (circuit != NULL && cfg != NULL && result_out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_config (circuit, cfg, error))
    return FALSE;
  n_threads = cfg->threads > 0 ? cfg->threads : g_get_num_processors ();
  if (!plan_memory (circuit, cfg, &job.chunk, &n_threads, error))
    return FALSE;

  job.circuit = circuit;
  job.cfg = cfg;
  job.batch = MIN (job.chunk, cfg->pairs);
  job.n_chunks = (cfg->pairs + job.chunk - 1) / job.chunk;
  job.n_items = job.n_chunks * cfg->repeats;
  job.counts = counts = g_new0 (guint64, (gsize) cfg->repeats * cfg->bins);
  job.moments = moments = g_new0 (Moments, job.n_items);
  job.cancellable = cancellable;
  job.progress = progress;
  job.user_data = user_data;
  g_mutex_init (&job.lock);

  n_threads = MIN (n_threads, job.n_items);
  threads = g_new0 (GThread *, n_threads);
  for (guint t = 1; t < n_threads; t++)
    threads[t] = g_thread_new ("plateau-expr", worker_thread, &job);
  work_loop (&job, TRUE);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);
  g_mutex_clear (&job.lock);

  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      return FALSE;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_CANCELLED,
                           "the expressibility estimate was cancelled");
      return FALSE;
    }
  /* the other threads may have finished the last chunks */
  if (progress != NULL && job.reported < (guint64) cfg->pairs * cfg->repeats)
    progress ((guint64) cfg->pairs * cfg->repeats, (guint64) cfg->pairs * cfg->repeats,
              user_data);

  res = g_new0 (PlExpressibilityResult, 1);
  res->n_qubits = circuit->n_qubits;
  res->n_params = circuit->n_params;
  res->pairs = cfg->pairs;
  res->bins = cfg->bins;
  res->repeats = cfg->repeats;
  res->kl_runs = g_new (double, cfg->repeats);
  res->mw_runs = g_new (double, cfg->repeats);
  res->p_pqc = g_new (double, cfg->bins);
  res->p_haar = g_new (double, cfg->bins);
  pooled = g_new0 (guint64, cfg->bins);

  for (guint r = 0; r < cfg->repeats; r++)
    {
      const guint64 *cr = counts + (gsize) r * cfg->bins;
      Moments run = { 0 };

      res->kl_runs[r] = pl_expressibility_kl (circuit->n_qubits, cfg->bins, cr);
      for (guint k = 0; k < cfg->bins; k++)
        pooled[k] += cr[k];
      for (guint c = 0; c < job.n_chunks; c++)
        merge_moments (&run, &moments[(gsize) r * job.n_chunks + c]);
      res->mw_runs[r] = run.mean;
      merge_moments (&all, &run);
    }
  for (guint k = 0; k < cfg->bins; k++)
    res->p_pqc[k] = (double) pooled[k] / ((double) cfg->pairs * cfg->repeats);
  pl_haar_fidelity_bins (circuit->n_qubits, cfg->bins, res->p_haar, NULL);

  res->kl = 0.0;
  for (guint r = 0; r < cfg->repeats; r++)
    res->kl += res->kl_runs[r] / cfg->repeats;
  if (cfg->repeats > 1)
    {
      double ss = 0.0;

      for (guint r = 0; r < cfg->repeats; r++)
        ss += (res->kl_runs[r] - res->kl) * (res->kl_runs[r] - res->kl);
      res->kl_stderr = sqrt (ss / (cfg->repeats - 1) / cfg->repeats);
    }
  else
    res->kl_stderr = NAN;

  /* the idle circuit: every pair in the last bin */
  memset (pooled, 0, cfg->bins * sizeof (guint64));
  pooled[cfg->bins - 1] = 1;
  res->kl_idle = pl_expressibility_kl (circuit->n_qubits, cfg->bins, pooled);

  res->mw = all.mean;
  res->mw_states = all.n;
  res->mw_stderr = all.n > 1 ? sqrt (all.m2 / (all.n - 1) / all.n) : NAN;
  res->seconds = (g_get_monotonic_time () - t0) * 1e-6;
  *result_out = g_steal_pointer (&res);
  return TRUE;
}
