/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-tradeoff.c: the expressibility-trainability sweep and its correlations per
 * configuration (see pl-tradeoff.h).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-tradeoff.h"
#include "pl-error.h"
#include "pl-expressibility.h"

#include <math.h>
#include <string.h>

static const char *entangler_names[] = { "line", "ring", "all", "none" };

void
pl_tradeoff_config_init (PlTradeoffConfig *c)
{
  memset (c, 0, sizeof *c);
  c->template_name = "hea";
  c->cost = "global";
  c->init = PL_INIT_UNIFORM;
  c->sigma = 0.1;
  c->samples = 100;
  c->problem = "damped-oscillator";
  c->pairs = 2000;
  c->bins = PL_EXPRESSIBILITY_DEFAULT_BINS;
  c->repeats = 3;
  c->seed = 1;
}

/* The static spelling of a template or entangler name, so rows can point at it. */
static const char *
canonical (const char         *name,
           const char *const  *names,
           gsize               n_names)
{
  for (gsize i = 0; i < n_names && names[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return names[i];
  return NULL;
}

/* Same ops with the same angle sources (and layers, which initialisations read). */
static gboolean
circuits_equal (const PlCircuit *a,
                const PlCircuit *b)
{
  if (a->n_qubits != b->n_qubits || a->n_params != b->n_params ||
      a->n_inputs != b->n_inputs || a->n_ops != b->n_ops)
    return FALSE;
  for (gsize i = 0; i < a->n_ops; i++)
    {
      const PlOp *p = &a->ops[i], *q = &b->ops[i];
      const PlGateInfo *info = pl_gate_info (p->gate);

      if (p->gate != q->gate || p->layer != q->layer)
        return FALSE;
      for (guint w = 0; w < info->n_wires; w++)
        if (p->wires[w] != q->wires[w])
          return FALSE;
      for (guint k = 0; k < info->n_params; k++)
        {
          const PlAngleSource *s = &p->src[k], *t = &q->src[k];

          if (s->kind != t->kind || s->index != t->index || s->scale != t->scale ||
              s->value != t->value || s->a_param != t->a_param || s->b_param != t->b_param)
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_config (const PlTradeoffConfig  *cfg,
              const char             **template_name,
              const char             **entanglers,
              GError                 **error)
{
  const char *tname = cfg->template_name != NULL ? cfg->template_name : "hea";
  const char *const *names = pl_circuit_template_names ();

  if (cfg->n_qubits == 0 || cfg->n_layers == 0 || cfg->qubits == NULL || cfg->layers == NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "the sweep is empty: it needs at least one qubit count and one "
                           "layer count");
      return FALSE;
    }
  if (!(*template_name = canonical (tname, names, G_MAXSIZE)))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) names);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "unknown template '%s' (%s)",
                   tname, known);
      return FALSE;
    }
  if (cfg->n_entanglers > 0 && cfg->entanglers == NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "entangler count given without a list");
      return FALSE;
    }
  for (guint e = 0; e < MAX (cfg->n_entanglers, 1); e++)
    {
      const char *name = cfg->n_entanglers > 0 ? cfg->entanglers[e] : cfg->base.entangler;

      if (name == NULL)
        entanglers[e] = "default";
      else if (!(entanglers[e] = canonical (name, entangler_names,
                                            G_N_ELEMENTS (entangler_names))))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "unknown entangler '%s' (line, ring, all, none)", name);
          return FALSE;
        }
    }
  if (cfg->samples < 3)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "a variance needs at least 3 samples, not %u", cfg->samples);
      return FALSE;
    }
  if (cfg->pairs == 0 || cfg->bins < 2 || cfg->repeats == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "expressibility needs pairs >= 1, bins >= 2 and repetitions >= 1, not %u, "
                   "%u and %u", cfg->pairs, cfg->bins, cfg->repeats);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  const PlTradeoffConfig *cfg;
  PlTradeoffProgress      progress;
  gpointer                user_data;
  guint                   done;
  guint                   total;
} Progress;

static void
step (Progress *p,
      guint     n)
{
  p->done += n;
  if (p->progress != NULL)
    p->progress (p->done, p->total, p->user_data);
}

static gboolean
scan_one (const PlTradeoffConfig  *cfg,
          const char              *tname,
          const PlTemplateOptions *topt,
          const PlProblem         *problem,
          PlScanModel              model,
          GCancellable            *cancellable,
          PlScanPoint             *point,
          GError                 **error)
{
  g_autoptr(GArray) pts = NULL;
  PlScanConfig sc = {
    .template_name = tname, .base = *topt,
    .qubits = &topt->n_qubits, .n_qubits = 1, .layers = &topt->n_layers, .n_layers = 1,
    .cost = cfg->cost != NULL ? cfg->cost : "global", .init = cfg->init, .sigma = cfg->sigma,
    .param = PL_SCAN_PARAM_ALL, .samples = cfg->samples, .seed = cfg->seed,
    .threads = cfg->threads, .resample_structure = FALSE, .model = model,
    .custom_problem = problem, .hybrid = cfg->hybrid, .points = cfg->points,
  };

  if (!pl_scan_run (&sc, NULL, NULL, cancellable, &pts, error))
    return FALSE;
  *point = g_array_index (pts, PlScanPoint, 0);
  return TRUE;
}

static void
add_row (GArray            *rows,
         const char        *tname,
         const char        *entangler,
         const PlScanPoint *p,
         PlScanModel        configuration,
         double             kl,
         double             kl_stderr)
{
  PlTradeoffRow row = {
    .template_name = tname, .qubits = p->qubits, .layers = p->layers, .entangler = entangler,
    .configuration = configuration, .kl = kl, .kl_stderr = kl_stderr, .seconds = p->seconds,
  };

  if (configuration == PL_SCAN_MODEL_HYBRID_FROZEN)
    {
      /* the frozen gradient is the quantum block of the end-to-end one (pl-scan.h) */
      row.n_params = p->block_size[PL_BLOCK_QUANTUM];
      row.variance = p->block_variance[PL_BLOCK_QUANTUM];
      row.variance_stderr = p->block_stderr[PL_BLOCK_QUANTUM];
    }
  else
    {
      row.n_params = p->n_params;
      row.variance = p->total_variance;
      row.variance_stderr = p->total_stderr;
    }
  g_array_append_val (rows, row);
}

gboolean
pl_tradeoff_run (const PlTradeoffConfig *cfg,
                 PlTradeoffProgress      progress,
                 gpointer                user_data,
                 GCancellable           *cancellable,
                 GArray                **rows_out,
                 GError                **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (PlTradeoffRow));
  g_autoptr(GPtrArray) measured = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_circuit_free);
  g_autoptr(PlProblem) own_problem = NULL;
  g_autofree const char **entanglers = NULL;
  const PlProblem *problem = cfg->custom_problem;
  const char *tname = NULL;
  guint n_ent;
  Progress prog = { cfg, progress, user_data, 0, 0 };

  g_return_val_if_fail (cfg != NULL && rows_out != NULL, FALSE);

  n_ent = MAX (cfg->n_entanglers, 1);
  entanglers = g_new0 (const char *, n_ent);
  if (!check_config (cfg, &tname, entanglers, error))
    return FALSE;
  if (problem == NULL &&
      !(problem = own_problem = pl_problem_new (cfg->problem ? cfg->problem : "damped-oscillator",
                                                error)))
    return FALSE;
  prog.total = cfg->n_qubits * cfg->n_layers * n_ent * 3;

  for (guint i = 0; i < cfg->n_qubits; i++)
    for (guint j = 0; j < cfg->n_layers; j++)
      for (guint e = 0; e < n_ent; e++)
        {
          g_autoptr(PlCircuit) circuit = NULL;
          g_autoptr(PlExpressibilityResult) expr = NULL;
          PlTemplateOptions topt = cfg->base;
          PlExpressibilityConfig ec;
          PlScanPoint pqc, hybrid;
          gboolean duplicate = FALSE;

          if (g_cancellable_is_cancelled (cancellable))
            {
              g_set_error_literal (error, PL_ERROR, PL_ERROR_CANCELLED,
                                   "the sweep was cancelled");
              return FALSE;
            }
          topt.n_qubits = cfg->qubits[i];
          topt.n_layers = cfg->layers[j];
          if (!g_str_equal (entanglers[e], "default"))
            topt.entangler = entanglers[e];
          if (!(circuit = pl_circuit_new_template (tname, &topt, error)))
            return FALSE;
          if (cfg->init == PL_INIT_IDENTITY)
            {
              /* the circuit the scans differentiate: its mirrored layers are circuit too */
              PlCircuit *blocks = pl_circuit_identity_blocks (circuit, NULL, error);

              if (blocks == NULL)
                return FALSE;
              pl_circuit_free (circuit);
              circuit = blocks;
            }
          for (guint k = 0; k < measured->len && !duplicate; k++)
            duplicate = circuits_equal (circuit, g_ptr_array_index (measured, k));
          if (duplicate)
            {
              step (&prog, 3);
              continue;
            }

          pl_expressibility_config_init (&ec);
          ec.pairs = cfg->pairs;
          ec.bins = cfg->bins;
          ec.repeats = cfg->repeats;
          ec.seed = cfg->seed;
          ec.threads = cfg->threads;
          if (!pl_expressibility_run (circuit, &ec, NULL, NULL, cancellable, &expr, error))
            return FALSE;
          step (&prog, 1);
          if (!scan_one (cfg, tname, &topt, problem, PL_SCAN_MODEL_PQC, cancellable, &pqc,
                         error))
            return FALSE;
          step (&prog, 1);
          if (!scan_one (cfg, tname, &topt, problem, PL_SCAN_MODEL_HYBRID, cancellable,
                         &hybrid, error))
            return FALSE;
          step (&prog, 1);

          add_row (rows, tname, entanglers[e], &pqc, PL_SCAN_MODEL_PQC, expr->kl,
                   expr->kl_stderr);
          add_row (rows, tname, entanglers[e], &hybrid, PL_SCAN_MODEL_HYBRID_FROZEN, expr->kl,
                   expr->kl_stderr);
          add_row (rows, tname, entanglers[e], &hybrid, PL_SCAN_MODEL_HYBRID, expr->kl,
                   expr->kl_stderr);
          g_ptr_array_add (measured, g_steal_pointer (&circuit));
        }
  *rows_out = g_steal_pointer (&rows);
  return TRUE;
}

void
pl_tradeoff_correlate (const GArray           *rows,
                       PlScanModel             configuration,
                       guint                   qubits,
                       PlTradeoffCorrelation  *out)
{
  g_autofree double *kl = g_new (double, MAX (rows->len, 1));
  g_autofree double *var = g_new (double, MAX (rows->len, 1));
  g_autofree double *lkl = g_new (double, MAX (rows->len, 1));
  g_autofree double *lvar = g_new (double, MAX (rows->len, 1));
  guint n = 0;

  memset (out, 0, sizeof *out);
  out->configuration = configuration;
  out->qubits = qubits;
  for (guint i = 0; i < rows->len; i++)
    {
      const PlTradeoffRow *r = &g_array_index (rows, PlTradeoffRow, i);

      if (r->configuration != configuration || (qubits != 0 && r->qubits != qubits) ||
          !isfinite (r->kl) || r->kl <= 0 || !isfinite (r->variance) || r->variance <= 0)
        continue;
      kl[n] = r->kl;
      lkl[n] = log10 (r->kl);
      var[n] = r->variance;
      lvar[n] = log10 (r->variance);
      n++;
    }
  out->n = n;
  out->pearson = pl_correlation_pearson (lkl, lvar, n, &out->pearson_status);
  out->spearman = pl_correlation_spearman (kl, var, n, &out->spearman_status);
  pl_correlation_interval (out->pearson, n, 1.0, &out->pearson_lo, &out->pearson_hi);
  pl_correlation_interval (out->spearman, n, 1.06, &out->spearman_lo, &out->spearman_hi);
  out->tied_kl = pl_correlation_tied (kl, n);
  out->tied_variance = pl_correlation_tied (var, n);

  out->slope = out->slope_stderr = NAN;
  if (out->pearson_status == PL_CORRELATION_OK)
    {
      double mx = 0, my = 0, sxx = 0, sxy = 0, sse = 0, b;

      for (guint i = 0; i < n; i++)
        {
          mx += lkl[i] / n;
          my += lvar[i] / n;
        }
      for (guint i = 0; i < n; i++)
        {
          sxx += (lkl[i] - mx) * (lkl[i] - mx);
          sxy += (lkl[i] - mx) * (lvar[i] - my);
        }
      out->slope = b = sxy / sxx;
      for (guint i = 0; i < n; i++)
        {
          double r = lvar[i] - my - b * (lkl[i] - mx);
          sse += r * r;
        }
      /* OLS: SE(slope) = sqrt (SSE / (n - 2) / Sxx) */
      out->slope_stderr = sqrt (sse / (n - 2) / sxx);
    }
}
