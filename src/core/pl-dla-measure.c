/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-dla-measure.c: the measured side of the DLA variance: Var_theta[<O>(theta)] over
 * uniform parameter draws of a circuit (see pl-dla.h).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-dla.h"
#include "pl-error.h"
#include "pl-rng.h"
#include "pl-scan.h"

#include <string.h>

#define CHUNK 64

typedef struct {
  const PlCircuit    *circuit;
  const PlObservable *obs;
  guint64             seed;
  gsize               samples;
  gsize               n_chunks;
  gint                next;     /* atomic: the next chunk to take */
  gint                done;     /* atomic: chunks finished */
  double             *values;   /* [samples] */
  GCancellable       *cancellable;
  GMutex              lock;
  GError             *error;
  PlDlaProgress       progress; /* called by the caller's thread only */
  gpointer            user_data;
  GThread            *owner;
} Job;

static gpointer
worker (gpointer data)
{
  Job *job = data;
  guint np = job->circuit->n_params;
  g_autofree double *p = g_new (double, MAX (np, 1) * CHUNK);
  g_autofree double *x = g_new0 (double, MAX (job->circuit->n_inputs, 1) * CHUNK);

  for (;;)
    {
      gsize c = (gsize) g_atomic_int_add (&job->next, 1), start = c * CHUNK, len;
      PlCircuitArgs args;
      PlObservable *obs = (PlObservable *) job->obs;
      GError *error = NULL;
      PlRng rng;
      gboolean stop;

      if (c >= job->n_chunks || g_cancellable_is_cancelled (job->cancellable))
        break;
      g_mutex_lock (&job->lock);
      stop = job->error != NULL;
      g_mutex_unlock (&job->lock);
      if (stop)
        break;

      len = MIN (CHUNK, job->samples - start);
      /* chunk c always draws from stream c: the result does not depend on the threads */
      pl_rng_init_stream (&rng, job->seed, c);
      pl_init_draw (PL_INIT_UNIFORM, job->circuit, NULL, 0.0, &rng, len, p);
      args = (PlCircuitArgs) { len, p, TRUE, job->circuit->n_inputs > 0 ? x : NULL, NULL };
      if (!pl_circuit_expectations (job->circuit, &args, 1, &obs, 0, NULL,
                                    job->values + start, &error))
        {
          g_mutex_lock (&job->lock);
          if (job->error == NULL)
            job->error = error;
          else
            g_error_free (error);
          g_mutex_unlock (&job->lock);
          break;
        }
      g_atomic_int_inc (&job->done);
      if (job->progress != NULL && g_thread_self () == job->owner)
        job->progress ((guint64) MIN ((gsize) g_atomic_int_get (&job->done) * CHUNK, job->samples),
                       job->samples, job->user_data);
    }
  return NULL;
}

gboolean
pl_dla_measure_variance (const PlCircuit     *circuit,
                         const PlObservable  *obs,
                         guint                samples,
                         guint64              seed,
                         guint                threads,
                         PlDlaProgress        progress,
                         gpointer             user_data,
                         GCancellable        *cancellable,
                         PlDlaMeasurement    *out,
                         GError             **error)
{
  g_autofree double *values = NULL;
  g_autofree GThread **th = NULL;
  Job job = { 0 };
  guint n_threads;
  gint64 t0 = g_get_monotonic_time ();

  g_return_val_if_fail (circuit != NULL && obs != NULL && out != NULL, FALSE);

  if (samples < 4)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "%u draws are too few for a variance and its error (at least 4)", samples);
      return FALSE;
    }
  if (circuit->n_external > 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                           "circuits fed by another layer cannot be sampled on their own");
      return FALSE;
    }
  if (obs->n_qubits != circuit->n_qubits)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the observable is on %u qubits, the circuit on %u", obs->n_qubits,
                   circuit->n_qubits);
      return FALSE;
    }
  /* fail early and cleanly if one chunk of states does not fit */
  {
    g_autoptr(PlState) probe = pl_state_new (circuit->n_qubits, MIN (samples, CHUNK), error);

    if (probe == NULL)
      return FALSE;
  }

  values = g_new (double, samples);
  job.circuit = circuit;
  job.obs = obs;
  job.seed = seed;
  job.samples = samples;
  job.n_chunks = (samples + CHUNK - 1) / CHUNK;
  job.values = values;
  job.cancellable = cancellable;
  job.progress = progress;
  job.user_data = user_data;
  job.owner = g_thread_self ();
  g_mutex_init (&job.lock);

  n_threads = threads > 0 ? threads : g_get_num_processors ();
  n_threads = (guint) MIN ((gsize) n_threads, job.n_chunks);
  th = g_new0 (GThread *, n_threads);
  for (guint t = 1; t < n_threads; t++)
    th[t] = g_thread_new ("pl-dla-measure", worker, &job);
  worker (&job);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (th[t]);
  g_mutex_clear (&job.lock);

  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      return FALSE;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_CANCELLED,
                           "the variance measurement was cancelled");
      return FALSE;
    }
  out->samples = samples;
  pl_variance_stats (values, samples, 1, &out->mean, &out->variance, &out->stderr_);
  out->seconds = (g_get_monotonic_time () - t0) * 1e-6;
  return TRUE;
}
