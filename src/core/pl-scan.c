/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-scan.c: gradient-variance scans over qubits and layers (see pl-scan.h).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-scan.h"
#include "pl-error.h"
#include "pl-pauli.h"

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
      args = (PlCircuitArgs) { len, p, TRUE, NULL, NULL };
      if (job->cfg->resample_structure)
        {
          /* this chunk's own random circuit: seeded by the chunk, not by the thread */
          PlTemplateOptions topt = job->topt;
          g_autoptr(PlCircuit) own = NULL;
          g_autoptr(PlCircuit) blocks = NULL;

          topt.seed = job->topt.seed * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) + c + 1;
          own = pl_circuit_new_template (job->cfg->template_name, &topt, &error);
          if (own != NULL && job->cfg->init == PL_INIT_IDENTITY)
            {
              blocks = pl_circuit_identity_blocks (own, NULL, &error);
              g_clear_pointer (&own, pl_circuit_free);
              own = g_steal_pointer (&blocks);
            }
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

static guint
chosen_param (PlScanParam which,
              guint       np)
{
  switch (which)
    {
    case PL_SCAN_PARAM_FIRST:
      return 0;
    case PL_SCAN_PARAM_MIDDLE:
      return np / 2;
    case PL_SCAN_PARAM_LAST:
    default:
      return np - 1;
    }
}

static gboolean
scan_point (const PlScanConfig  *cfg,
            guint                n,
            guint                L,
            guint                threads,
            GCancellable        *cancellable,
            PlScanPoint         *pt,
            GError             **error)
{
  PlTemplateOptions topt = cfg->base;
  g_autoptr(PlCircuit) base = NULL;
  g_autoptr(PlCircuit) circuit = NULL;
  g_autoptr(PlObservable) obs = NULL;
  g_autofree gint *map = NULL;
  g_autofree double *draws = NULL;
  g_autofree double *grad = NULL;
  g_autofree double *cost = NULL;
  g_autofree GThread **th = NULL;
  gsize S = cfg->samples, state_bytes;
  guint np;
  PlRng rng;
  Job job = { 0 };
  gint64 t0 = g_get_monotonic_time ();

  topt.n_qubits = n;
  topt.n_layers = L;
  if (!(base = pl_circuit_new_template (cfg->template_name, &topt, error)))
    return FALSE;
  if (cfg->init == PL_INIT_IDENTITY)
    {
      if (!(circuit = pl_circuit_identity_blocks (base, &map, error)))
        return FALSE;
    }
  else
    circuit = g_steal_pointer (&base);
  np = circuit->n_params;
  if (np == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "template '%s' has no trainable parameters at %u qubits, %u layers",
                   cfg->template_name, n, L);
      return FALSE;
    }
  if (!(obs = pl_observable_parse (cfg->cost, n, error)))
    return FALSE;

  /* One stream per point, so adding a point to a scan leaves the others unchanged. */
  pl_rng_init_stream (&rng, cfg->seed, ((guint64) n << 32) | L);
  draws = g_new (double, (gsize) np * S);
  pl_init_draw (cfg->init, circuit, map, cfg->sigma, &rng, S, draws);
  grad = g_new0 (double, (gsize) np * S);
  cost = g_new0 (double, S);

  /* chunks of draws: large enough for the batched kernels, small enough to cancel quickly
   * and to keep three states per thread within ~64 MiB */
  state_bytes = pl_state_bytes (n, 1);
  job.chunk = CLAMP ((64u << 20) / MAX (3 * state_bytes, 1), 1, 32);
  if (state_bytes == G_MAXSIZE || 3 * state_bytes * threads > pl_physical_memory ())
    {
      g_autofree char *need = g_format_size_full (3 * state_bytes * threads,
                                                  G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, PL_ERROR, PL_ERROR_NO_MEMORY,
                   "%u qubits need %s of memory for the gradient states of %u threads, more than "
                   "this machine has", n, need, threads);
      return FALSE;
    }
  if (cfg->resample_structure)
    job.chunk = MIN (job.chunk, 4);
  job.circuit = circuit;
  job.cfg = cfg;
  job.topt = topt;
  job.obs = obs;
  job.draws = draws;
  job.S = S;
  job.grad = grad;
  job.cost = cost;
  job.cancellable = cancellable;
  g_mutex_init (&job.lock);

  threads = MIN (threads, (S + job.chunk - 1) / job.chunk);
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
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_CANCELLED, "the scan was cancelled");
      return FALSE;
    }

  memset (pt, 0, sizeof *pt);
  pt->qubits = n;
  pt->layers = L;
  pt->n_params = np;
  pt->samples = S;
  pl_variance_stats (cost, S, 1, &pt->cost_mean, NULL, NULL);
  if (cfg->param != PL_SCAN_PARAM_ALL)
    pl_variance_stats (grad + (gsize) chosen_param (cfg->param, np) * S, S, 1, &pt->mean,
                       &pt->variance, &pt->stderr_);
  else
    {
      /* the mean over parameters of the per-parameter variance; bootstrap over draws */
      const guint R = 200;
      g_autofree gsize *idx = g_new (gsize, S);
      double sum = 0, sum2 = 0, mean_g = 0;
      PlRng boot;

      for (guint k = 0; k < np; k++)
        {
          double m, v;
          pl_variance_stats (grad + (gsize) k * S, S, 1, &m, &v, NULL);
          pt->variance += v / np;
          mean_g += m / np;
        }
      pt->mean = mean_g;
      pl_rng_init_stream (&boot, cfg->seed ^ 0xb007, ((guint64) n << 32) | L);
      for (guint r = 0; r < R; r++)
        {
          double vr = 0;

          for (gsize i = 0; i < S; i++)
            idx[i] = pl_rng_below (&boot, S);
          for (guint k = 0; k < np; k++)
            {
              const double *gk = grad + (gsize) k * S;
              double m = 0, m2 = 0;

              for (gsize i = 0; i < S; i++)
                m += gk[idx[i]];
              m /= S;
              for (gsize i = 0; i < S; i++)
                m2 += (gk[idx[i]] - m) * (gk[idx[i]] - m);
              vr += m2 / (S - 1) / np;
            }
          sum += vr;
          sum2 += vr * vr;
        }
      pt->stderr_ = sqrt (MAX (sum2 / R - (sum / R) * (sum / R), 0.0));
    }
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
  guint threads = cfg->threads > 0 ? cfg->threads : g_get_num_processors ();
  guint total = cfg->n_qubits * cfg->n_layers, done = 0;

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
  for (guint i = 0; i < cfg->n_qubits; i++)
    for (guint j = 0; j < cfg->n_layers; j++)
      {
        PlScanPoint pt;

        if (!scan_point (cfg, cfg->qubits[i], cfg->layers[j], threads, cancellable, &pt, error))
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

GArray *
pl_scan_fit (const GArray *points)
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
            if ((against_layers ? p[j].qubits : p[j].layers) == key && p[j].variance > 0)
              {
                x[n] = against_layers ? p[j].layers : p[j].qubits;
                y[n] = log (p[j].variance);
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
