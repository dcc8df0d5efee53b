/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expressibility-trainability study: correlations against values worked out by hand
 * (and Anscombe's published r = 0.816), their undefined cases, and the sweep against the
 * scans and expressibility runs it is made of.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

static void
test_pearson (void)
{
  /* mx = 3, my = 4: Sxy = 6, Sxx = 10, Syy = 6, r = 6 / sqrt (60) */
  const double x[5] = { 1, 2, 3, 4, 5 }, y[5] = { 2, 4, 5, 4, 5 };
  /* Anscombe's quartet, set I (Am. Stat. 27, 17 (1973)): r = 0.816 */
  const double ax[11] = { 10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5 };
  const double ay[11] = { 8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68 };
  double line[5], neg[5];
  PlCorrelationStatus st = PL_CORRELATION_NOT_FINITE;

  g_assert_cmpfloat (fabs (pl_correlation_pearson (x, y, 5, &st) - 6 / sqrt (60.0)), <, 1e-15);
  g_assert_cmpint (st, ==, PL_CORRELATION_OK);
  g_assert_cmpfloat (fabs (pl_correlation_pearson (ax, ay, 11, NULL) - 0.81642051634484), <,
                     1e-12);
  for (int i = 0; i < 5; i++)
    {
      line[i] = 3 * x[i] - 1;
      neg[i] = -0.5 * x[i] + 7;
    }
  g_assert_cmpfloat (pl_correlation_pearson (x, line, 5, NULL), ==, 1.0);
  g_assert_cmpfloat (pl_correlation_pearson (x, neg, 5, NULL), ==, -1.0);
  /* symmetric, and blind to affine changes of either variable */
  g_assert_cmpfloat (fabs (pl_correlation_pearson (y, x, 5, NULL) - 6 / sqrt (60.0)), <, 1e-15);
  g_assert_cmpfloat (fabs (pl_correlation_pearson (line, y, 5, NULL) - 6 / sqrt (60.0)), <,
                     1e-15);
}

static void
test_ranks (void)
{
  const double x[4] = { 5, 1, 9, 5 };
  const double all[3] = { 2, 2, 2 };
  const double distinct[3] = { 3, -1, 2 };
  double r[4];

  pl_correlation_ranks (x, 4, r);
  g_assert_cmpfloat (r[0], ==, 2.5);
  g_assert_cmpfloat (r[1], ==, 1.0);
  g_assert_cmpfloat (r[2], ==, 4.0);
  g_assert_cmpfloat (r[3], ==, 2.5);
  pl_correlation_ranks (all, 3, r);
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat (r[i], ==, 2.0);
  g_assert_cmpuint (pl_correlation_tied (x, 4), ==, 2);
  g_assert_cmpuint (pl_correlation_tied (all, 3), ==, 3);
  g_assert_cmpuint (pl_correlation_tied (distinct, 3), ==, 0);
}

static void
test_spearman (void)
{
  /* no ties: rho = 1 - 6 sum d^2 / (n (n^2 - 1)) with d = (-1, 1, -1, 1, 0): 1 - 24/120 */
  const double x[5] = { 1, 2, 3, 4, 5 }, y[5] = { 20, 10, 40, 30, 50 };
  /* ties: ranks (1, 2.5, 2.5, 4, 5) and (1, 4, 2.5, 2.5, 5), both of mean 3:
   * Sxy = 4 - 0.5 + 0.25 - 0.5 + 4 = 7.25, Sxx = Syy = 9.5 */
  const double tx[5] = { 1, 2, 2, 3, 4 }, ty[5] = { 1, 3, 2, 2, 5 };
  double e[5];
  PlCorrelationStatus st;

  g_assert_cmpfloat (fabs (pl_correlation_spearman (x, y, 5, &st) - 0.8), <, 1e-15);
  g_assert_cmpint (st, ==, PL_CORRELATION_OK);
  g_assert_cmpfloat (fabs (pl_correlation_spearman (tx, ty, 5, &st) - 7.25 / 9.5), <, 1e-15);
  g_assert_cmpint (st, ==, PL_CORRELATION_OK);
  /* any increasing function of x is perfectly rank-correlated with it */
  for (int i = 0; i < 5; i++)
    e[i] = exp (3 * x[i]);
  g_assert_cmpfloat (pl_correlation_spearman (x, e, 5, NULL), ==, 1.0);
  g_assert_cmpfloat (pl_correlation_pearson (x, e, 5, NULL), <, 0.9);
}

static void
test_undefined (void)
{
  const double x[4] = { 1, 2, 3, 4 }, c[4] = { 7, 7, 7, 7 };
  const double bad[4] = { 1, NAN, 3, 4 }, inf[4] = { 1, 2, INFINITY, 4 };
  /* equal values whose two-pass mean is not exactly them */
  const double tenth[3] = { 0.1, 0.1, 0.1 };
  PlCorrelationStatus st;
  double lo, hi;

  g_assert_true (isnan (pl_correlation_pearson (x, x, 2, &st)));
  g_assert_cmpint (st, ==, PL_CORRELATION_TOO_FEW);
  g_assert_true (isnan (pl_correlation_spearman (x, x, 2, &st)));
  g_assert_cmpint (st, ==, PL_CORRELATION_TOO_FEW);
  g_assert_true (isnan (pl_correlation_pearson (x, x, 0, &st)));
  g_assert_cmpint (st, ==, PL_CORRELATION_TOO_FEW);
  g_assert_true (isnan (pl_correlation_pearson (c, x, 4, &st)));
  g_assert_cmpint (st, ==, PL_CORRELATION_CONSTANT);
  g_assert_true (isnan (pl_correlation_pearson (x, c, 4, &st)));
  g_assert_cmpint (st, ==, PL_CORRELATION_CONSTANT);
  g_assert_true (isnan (pl_correlation_pearson (tenth, x, 3, &st)));
  g_assert_cmpint (st, ==, PL_CORRELATION_CONSTANT);
  g_assert_true (isnan (pl_correlation_spearman (x, c, 4, &st)));
  g_assert_cmpint (st, ==, PL_CORRELATION_CONSTANT);
  g_assert_true (isnan (pl_correlation_pearson (x, bad, 4, &st)));
  g_assert_cmpint (st, ==, PL_CORRELATION_NOT_FINITE);
  g_assert_true (isnan (pl_correlation_spearman (inf, x, 4, &st)));
  g_assert_cmpint (st, ==, PL_CORRELATION_NOT_FINITE);
  g_assert_nonnull (strstr (pl_correlation_status_describe (PL_CORRELATION_TOO_FEW), "3"));
  g_assert_cmpstr (pl_correlation_status_to_string (PL_CORRELATION_CONSTANT), ==, "constant");

  /* Fisher intervals: r = 0.5, n = 28: tanh (atanh 0.5 -+ 1.96 / 5), and with c = 1.06 */
  pl_correlation_interval (0.5, 28, 1.0, &lo, &hi);
  g_assert_cmpfloat (fabs (lo - 0.15602836252908595), <, 1e-12);
  g_assert_cmpfloat (fabs (hi - 0.7358184794439376), <, 1e-12);
  pl_correlation_interval (0.5, 28, 1.06, &lo, &hi);
  g_assert_cmpfloat (fabs (lo - 0.14470202144464853), <, 1e-12);
  g_assert_cmpfloat (fabs (hi - 0.7410874615592804), <, 1e-12);
  pl_correlation_interval (0.5, 3, 1.0, &lo, &hi);
  g_assert_true (isnan (lo) && isnan (hi));
  pl_correlation_interval (1.0, 30, 1.0, &lo, &hi);
  g_assert_true (isnan (lo) && isnan (hi));
  pl_correlation_interval (-1.0, 30, 1.06, &lo, &hi);
  g_assert_true (isnan (lo) && isnan (hi));
}

/* --- the sweep ------------------------------------------------------------------------ */

static const guint sweep_qubits[] = { 2, 3 };
static const guint sweep_layers[] = { 1, 2 };
static const char *const sweep_entanglers[] = { "line", "Ring" };

static void
tiny_sweep (PlTradeoffConfig *cfg,
            PlModelConfig    *mc)
{
  pl_model_config_init (mc);
  mc->hidden[0] = 4;
  mc->hidden[1] = 3;
  pl_tradeoff_config_init (cfg);
  cfg->qubits = sweep_qubits;
  cfg->n_qubits = G_N_ELEMENTS (sweep_qubits);
  cfg->layers = sweep_layers;
  cfg->n_layers = G_N_ELEMENTS (sweep_layers);
  cfg->entanglers = sweep_entanglers;
  cfg->n_entanglers = G_N_ELEMENTS (sweep_entanglers);
  cfg->cost = "local";
  cfg->samples = 8;
  cfg->hybrid = mc;
  cfg->points = 5;
  cfg->pairs = 150;
  cfg->repeats = 2;
  cfg->seed = ref_test_seed ();
  cfg->threads = 2;
}

typedef struct {
  guint calls;
  guint last_done;
  guint total;
  gboolean cancel_at_first;
  GCancellable *cancellable;
} ProgressLog;

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  ProgressLog *log = user_data;

  g_assert_cmpuint (done, >, log->last_done);
  g_assert_cmpuint (done, <=, total);
  log->calls++;
  log->last_done = done;
  log->total = total;
  if (log->cancel_at_first)
    g_cancellable_cancel (log->cancellable);
}

/* Every row against the pieces it is made of, run on their own. */
static void
test_sweep (void)
{
  PlTradeoffConfig cfg;
  PlModelConfig mc;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) rows1 = NULL;
  g_autoptr(GError) error = NULL;
  ProgressLog log = { 0 };

  tiny_sweep (&cfg, &mc);
  g_assert_true (pl_tradeoff_run (&cfg, progress_cb, &log, NULL, &rows, &error));
  g_assert_no_error (error);
  /* 2 x 2 x 2 circuits, of which the 2-qubit rings are the lines again */
  g_assert_cmpuint (rows->len, ==, 6 * PL_SCAN_N_MODELS);
  g_assert_cmpuint (log.total, ==, 2 * 2 * 2 * 3);
  g_assert_cmpuint (log.last_done, ==, log.total);

  for (guint i = 0; i < rows->len; i += PL_SCAN_N_MODELS)
    {
      const PlTradeoffRow *r = &g_array_index (rows, PlTradeoffRow, i);
      PlTemplateOptions topt = { .n_qubits = r->qubits, .n_layers = r->layers,
                                 .entangler = r->entangler };
      g_autoptr(PlCircuit) c = pl_circuit_new_template ("hea", &topt, NULL);
      g_autoptr(PlExpressibilityResult) expr = NULL;
      PlExpressibilityConfig ec;
      PlScanConfig sc = {
        .template_name = "hea", .base = topt, .qubits = &r->qubits, .n_qubits = 1,
        .layers = &r->layers, .n_layers = 1, .cost = "local", .init = PL_INIT_UNIFORM,
        .param = PL_SCAN_PARAM_ALL, .samples = 8, .seed = cfg.seed, .threads = 1,
        .hybrid = &mc, .points = 5,
      };
      g_autoptr(GArray) pqc = NULL;
      g_autoptr(GArray) hyb = NULL;
      const PlScanPoint *hp;

      g_assert_cmpstr (r->template_name, ==, "hea");
      g_assert_true (g_str_equal (r->entangler, "line") ||
                     (g_str_equal (r->entangler, "ring") && r->qubits == 3));
      for (guint k = 0; k < PL_SCAN_N_MODELS; k++)
        {
          const PlTradeoffRow *rk = r + k;

          g_assert_cmpint (rk->configuration, ==, k);
          g_assert_cmpuint (rk->qubits, ==, r->qubits);
          g_assert_cmpuint (rk->layers, ==, r->layers);
          g_assert_cmpfloat (rk->kl, ==, r->kl);
          g_assert_cmpfloat (rk->variance, >, 0);
          g_assert_cmpfloat (rk->variance_stderr, >, 0);
        }

      pl_expressibility_config_init (&ec);
      ec.pairs = 150;
      ec.repeats = 2;
      ec.seed = cfg.seed;
      ec.threads = 1;
      g_assert_true (pl_expressibility_run (c, &ec, NULL, NULL, NULL, &expr, NULL));
      g_assert_cmpfloat (r->kl, ==, expr->kl);
      g_assert_cmpfloat (r->kl_stderr, ==, expr->kl_stderr);

      g_assert_true (pl_scan_run (&sc, NULL, NULL, NULL, &pqc, NULL));
      sc.model = PL_SCAN_MODEL_HYBRID;
      g_assert_true (pl_scan_run (&sc, NULL, NULL, NULL, &hyb, NULL));
      hp = &g_array_index (hyb, PlScanPoint, 0);
      g_assert_cmpuint (r[0].n_params, ==, c->n_params);
      g_assert_cmpfloat (r[0].variance, ==, g_array_index (pqc, PlScanPoint, 0).total_variance);
      g_assert_cmpuint (r[1].n_params, ==, c->n_params);
      g_assert_cmpfloat (r[1].variance, ==, hp->block_variance[PL_BLOCK_QUANTUM]);
      g_assert_cmpfloat (r[1].variance_stderr, ==, hp->block_stderr[PL_BLOCK_QUANTUM]);
      g_assert_cmpuint (r[2].n_params, ==, hp->n_params);
      g_assert_cmpuint (r[2].n_params, >, c->n_params);
      g_assert_cmpfloat (r[2].variance, ==, hp->total_variance);
    }

  /* the thread count changes nothing */
  cfg.threads = 1;
  g_assert_true (pl_tradeoff_run (&cfg, NULL, NULL, NULL, &rows1, NULL));
  g_assert_cmpuint (rows1->len, ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_cmpfloat (g_array_index (rows1, PlTradeoffRow, i).kl, ==,
                         g_array_index (rows, PlTradeoffRow, i).kl);
      g_assert_cmpfloat (g_array_index (rows1, PlTradeoffRow, i).variance, ==,
                         g_array_index (rows, PlTradeoffRow, i).variance);
    }

  /* the correlations use exactly the configuration's rows */
  for (guint k = 0; k < PL_SCAN_N_MODELS; k++)
    {
      PlTradeoffCorrelation corr;
      double kl[6], var[6], lkl[6], lvar[6];
      guint n = 0;

      for (guint i = 0; i < rows->len; i++)
        {
          const PlTradeoffRow *r = &g_array_index (rows, PlTradeoffRow, i);

          if (r->configuration != k)
            continue;
          kl[n] = r->kl;
          var[n] = r->variance;
          lkl[n] = log10 (r->kl);
          lvar[n] = log10 (r->variance);
          n++;
        }
      pl_tradeoff_correlate (rows, k, 0, &corr);
      g_assert_cmpuint (corr.n, ==, 6);
      g_assert_cmpint (corr.configuration, ==, k);
      g_assert_cmpfloat (corr.pearson, ==, pl_correlation_pearson (lkl, lvar, 6, NULL));
      g_assert_cmpfloat (corr.spearman, ==, pl_correlation_spearman (kl, var, 6, NULL));
      g_assert_cmpint (corr.spearman_status, ==, PL_CORRELATION_OK);
      if (fabs (corr.pearson) < 1)
        g_assert_true (corr.pearson_lo <= corr.pearson && corr.pearson <= corr.pearson_hi);
      else
        g_assert_true (isnan (corr.pearson_lo));
      g_assert_cmpuint (corr.tied_kl, ==, pl_correlation_tied (kl, 6));
      {
        /* the slope is the least-squares line of log Var on log KL: its residuals are
         * orthogonal to 1 and to log KL, so perturbing it raises their sum of squares */
        double a = 0, sse = 0, sse_up = 0, dot = 0, n_mean = 0;

        for (guint i = 0; i < 6; i++)
          {
            a += (lvar[i] - corr.slope * lkl[i]) / 6;
            n_mean += lkl[i] / 6;
          }
        for (guint i = 0; i < 6; i++)
          {
            double r = lvar[i] - a - corr.slope * lkl[i];
            double ru = lvar[i] - a - (corr.slope + 1e-3) * lkl[i];

            sse += r * r;
            sse_up += ru * ru;
            dot += r * (lkl[i] - n_mean);
          }
        g_assert_cmpfloat (fabs (dot), <, 1e-12 * MAX (1.0, sse));
        g_assert_cmpfloat (sse_up, >, sse);
        /* and sign and size agree with r: slope = r sd(log Var) / sd(log KL) */
        g_assert_cmpfloat (corr.slope * corr.pearson, >=, 0);
        g_assert_cmpfloat (corr.slope_stderr, >, 0);
      }

      /* at 3 qubits: the last four circuits (2 layer counts x line, ring) */
      pl_tradeoff_correlate (rows, k, 3, &corr);
      g_assert_cmpuint (corr.n, ==, 4);
      g_assert_cmpuint (corr.qubits, ==, 3);
      g_assert_cmpfloat (corr.spearman, ==, pl_correlation_spearman (kl + 2, var + 2, 4, NULL));
      pl_tradeoff_correlate (rows, k, 7, &corr);
      g_assert_cmpuint (corr.n, ==, 0);
      g_assert_cmpint (corr.spearman_status, ==, PL_CORRELATION_TOO_FEW);
    }
}

/* One circuit gives three rows but no correlation: n < 3. */
static void
test_sweep_single (void)
{
  static const guint one[] = { 2 };
  PlTradeoffConfig cfg;
  PlModelConfig mc;
  PlTradeoffCorrelation corr;
  g_autoptr(GArray) rows = NULL;

  tiny_sweep (&cfg, &mc);
  cfg.qubits = one;
  cfg.n_qubits = 1;
  cfg.layers = one;
  cfg.n_layers = 1;
  cfg.n_entanglers = 0;
  cfg.entanglers = NULL;
  g_assert_true (pl_tradeoff_run (&cfg, NULL, NULL, NULL, &rows, NULL));
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (g_array_index (rows, PlTradeoffRow, 0).entangler, ==, "default");
  pl_tradeoff_correlate (rows, PL_SCAN_MODEL_HYBRID, 0, &corr);
  g_assert_cmpuint (corr.n, ==, 1);
  g_assert_true (isnan (corr.pearson) && isnan (corr.spearman));
  g_assert_cmpint (corr.pearson_status, ==, PL_CORRELATION_TOO_FEW);
  g_assert_true (isnan (corr.spearman_lo));
  g_assert_true (isnan (corr.slope) && isnan (corr.slope_stderr));
}

static void
test_sweep_errors (void)
{
  PlTradeoffConfig cfg;
  PlModelConfig mc;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  static const char *const star[] = { "star" };
  ProgressLog log = { .cancel_at_first = TRUE, .cancellable = cancellable };

  tiny_sweep (&cfg, &mc);
  cfg.n_qubits = 0;
  g_assert_false (pl_tradeoff_run (&cfg, NULL, NULL, NULL, &rows, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);

  tiny_sweep (&cfg, &mc);
  cfg.template_name = "nope";
  g_assert_false (pl_tradeoff_run (&cfg, NULL, NULL, NULL, &rows, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "nope"));
  g_clear_error (&error);

  tiny_sweep (&cfg, &mc);
  cfg.entanglers = star;
  cfg.n_entanglers = 1;
  g_assert_false (pl_tradeoff_run (&cfg, NULL, NULL, NULL, &rows, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "star"));
  g_clear_error (&error);

  tiny_sweep (&cfg, &mc);
  cfg.problem = "no-such-problem";
  g_assert_false (pl_tradeoff_run (&cfg, NULL, NULL, NULL, &rows, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  tiny_sweep (&cfg, &mc);
  cfg.cost = "Z7";
  g_assert_false (pl_tradeoff_run (&cfg, NULL, NULL, NULL, &rows, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  tiny_sweep (&cfg, &mc);
  cfg.samples = 2;
  g_assert_false (pl_tradeoff_run (&cfg, NULL, NULL, NULL, &rows, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  tiny_sweep (&cfg, &mc);
  cfg.bins = 1;
  g_assert_false (pl_tradeoff_run (&cfg, NULL, NULL, NULL, &rows, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  tiny_sweep (&cfg, &mc);
  g_assert_false (pl_tradeoff_run (&cfg, progress_cb, &log, cancellable, &rows, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_CANCELLED);
  g_assert_cmpuint (log.calls, ==, 1);
  g_assert_null (rows);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/Tradeoff/pearson", test_pearson);
  g_test_add_func ("/Plateau/Tradeoff/ranks", test_ranks);
  g_test_add_func ("/Plateau/Tradeoff/spearman", test_spearman);
  g_test_add_func ("/Plateau/Tradeoff/undefined", test_undefined);
  g_test_add_func ("/Plateau/Tradeoff/sweep", test_sweep);
  g_test_add_func ("/Plateau/Tradeoff/sweep-single", test_sweep_single);
  g_test_add_func ("/Plateau/Tradeoff/sweep-errors", test_sweep_errors);
  return g_test_run ();
}
