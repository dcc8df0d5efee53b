/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expressibility and entangling capability against closed forms and independent statistics:
 *   - the Haar fidelity density (N-1)(1-F)^(N-2) and its bin masses against Simpson quadrature
 *     and the CDF 1 - (1-F)^(N-1) evaluated with pow();
 *   - all fidelities 1 (a circuit without parameters): KL = -ln q_last = (N-1) ln K exactly;
 *   - one qubit, H then RZ(t) with t uniform: the state is uniform on the equator, so
 *     F = cos^2((t - s)/2) has the arcsine law, whose bin masses are
 *     (2/pi) (asin sqrt(b) - asin sqrt(a)), against the uniform Haar law of one qubit;
 *   - Haar-random states drawn here (complex Gaussian vectors): for one qubit F is uniform and
 *     2 P KL is the G-test statistic, chi-square with K - 1 degrees of freedom;
 *   - Meyer-Wallach Q through whole runs: 0 for product states, 1 for the cluster state of
 *     circuit 9 (the kernel itself is checked in test-expressibility-mw.c).
 * Statistical checks use five standard errors (or the chi-square spread) unless stated.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

/* --- helpers ----------------------------------------------------------------------------- */

static PlCircuit *
build (const char *name,
       guint       n,
       guint       layers)
{
  PlTemplateOptions o = { .n_qubits = n, .n_layers = layers };
  g_autoptr(GError) error = NULL;
  PlCircuit *c = pl_circuit_new_template (name, &o, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

static PlExpressibilityResult *
run (const PlCircuit *c,
     guint            pairs,
     guint            bins,
     guint            repeats,
     guint            threads)
{
  g_autoptr(GError) error = NULL;
  PlExpressibilityResult *res = NULL;
  PlExpressibilityConfig cfg;

  pl_expressibility_config_init (&cfg);
  cfg.pairs = pairs;
  cfg.bins = bins;
  cfg.repeats = repeats;
  cfg.threads = threads;
  cfg.seed = ref_test_seed ();
  g_assert_true (pl_expressibility_run (c, &cfg, NULL, NULL, NULL, &res, &error));
  g_assert_no_error (error);
  return res;
}

/* One qubit: H, then RZ of a trainable parameter (or of input 0 when @input). */
static PlCircuit *
equator_circuit (gboolean input)
{
  g_autoptr(PlCircuit) c = pl_circuit_new (1);
  PlAngleSource src[PL_GATE_MAX_PARAMS] = { 0 };
  const guint w[2] = { 0, 0 };

  g_assert_true (pl_circuit_append (c, PL_GATE_H, w, NULL, NULL));
  if (input)
    src[0] = pl_source_input (0, 1.0, 0.0, -1, -1);
  else
    src[0] = pl_source_param (pl_circuit_add_param (c), 1.0);
  g_assert_true (pl_circuit_append (c, PL_GATE_RZ, w, src, NULL));
  return g_steal_pointer (&c);
}

/* The binned KL of the arcsine law of F against the uniform law of one qubit, and the
 * standard deviation of one histogram estimate from @pairs pairs by the delta method:
 * Var = (sum_k m_k ln^2(m_k K) - KL^2) / pairs. */
static double
arcsine_binned_kl (guint   bins,
                   guint   pairs,
                   double *sd)
{
  double kl = 0, second = 0;

  for (guint k = 0; k < bins; k++)
    {
      double m = (2 / G_PI) * (asin (sqrt ((double) (k + 1) / bins)) -
                               asin (sqrt ((double) k / bins)));
      kl += m * log (m * bins);
      second += m * log (m * bins) * log (m * bins);
    }
  *sd = sqrt ((second - kl * kl) / pairs);
  return kl;
}

/* --- the Haar law ------------------------------------------------------------------------ */

static double
simpson (guint  n_qubits,
         double a,
         double b,
         guint  m)   /* even number of intervals */
{
  double h = (b - a) / m, s = 0;

  for (guint i = 0; i <= m; i++)
    {
      double w = (i == 0 || i == m) ? 1 : (i % 2 ? 4 : 2);

      s += w * pl_haar_fidelity_density (n_qubits, a + i * h);
    }
  return s * h / 3;
}

static void
test_haar_law (void)
{
  static const guint bins_list[] = { 2, 10, 75 };

  for (guint n = 1; n <= 5; n++)
    {
      double N = 1 << n;

      /* a polynomial of degree N - 2 <= 30: Simpson's error with step h is below
       * h^4 max|f''''| / 180 ~ 4e-18 * 2e7 / 180 for h = 1/40000 */
      g_assert_cmpfloat_with_epsilon (simpson (n, 0, 1, 40000), 1.0, 1e-12);
      g_assert_cmpfloat (pl_haar_fidelity_density (n, -0.1), ==, 0.0);
      g_assert_cmpfloat (pl_haar_fidelity_density (n, 1.1), ==, 0.0);
      g_assert_cmpfloat_with_epsilon (pl_haar_fidelity_density (n, 0.0), N - 1, 1e-12);

      for (guint i = 0; i < G_N_ELEMENTS (bins_list); i++)
        {
          guint K = bins_list[i];
          g_autofree double *q = g_new (double, K);
          g_autofree double *lq = g_new (double, K);
          double total = 0;

          pl_haar_fidelity_bins (n, K, q, lq);
          for (guint k = 0; k < K; k++)
            {
              double lo = (double) k / K, hi = (double) (k + 1) / K;
              double cdf = pow (1 - lo, N - 1) - pow (1 - hi, N - 1);

              total += q[k];
              g_assert_cmpfloat (fabs (q[k] - cdf), <=, 1e-13 * MAX (cdf, 1e-300) + 1e-300);
              g_assert_cmpfloat (fabs (exp (lq[k]) - q[k]), <=, 1e-15 * q[k] + 1e-300);
              g_assert_cmpfloat (fabs (q[k] - simpson (n, lo, hi, 2 * (20000 / K))), <, 1e-12);
            }
          g_assert_cmpfloat_with_epsilon (total, 1.0, 1e-13);
        }
    }
}

/* Far beyond the double range the masses underflow but their logs, and the KL, stay exact. */
static void
test_haar_underflow (void)
{
  const guint K = 75;
  g_autofree double *q = g_new (double, K);
  g_autofree double *lq = g_new (double, K);
  g_autofree guint64 *counts = g_new0 (guint64, K);

  pl_haar_fidelity_bins (12, K, q, lq);
  g_assert_cmpfloat (q[K - 1], ==, 0.0);
  g_assert_cmpfloat (q[K / 2], ==, 0.0);
  g_assert_true (isfinite (lq[K - 1]));
  g_assert_cmpfloat (fabs (lq[K - 1] + 4095 * log (K)) / (4095 * log (K)), <, 1e-14);
  /* bin k: ln q = (N-1) ln((K-k)/K) + ln(1 - (1 - 1/(K-k))^(N-1)), the bracket ~ 1 here */
  g_assert_cmpfloat (fabs (lq[K / 2] - 4095 * log ((double) (K - K / 2) / K)), <, 1e-9);

  counts[K - 1] = 3;
  counts[K / 2] = 1;
  g_assert_cmpfloat (fabs (pl_expressibility_kl (12, K, counts) -
                           (0.75 * (log (0.75) - lq[K - 1]) + 0.25 * (log (0.25) - lq[K / 2]))),
                     <, 1e-9);
}

static void
test_histogram_edges (void)
{
  const double f[] = { 0.0, -1e-17, 0.25, 0.5, 0.74999, 0.75, 1.0, 1.0 + 4e-16, 0.9999999, NAN };
  const guint64 expect[4] = { 3, 1, 2, 4 };
  guint64 counts[4] = { 0 };

  pl_fidelity_histogram_add (f, G_N_ELEMENTS (f), 4, counts);
  for (guint k = 0; k < 4; k++)
    g_assert_cmpuint (counts[k], ==, expect[k]);
}

/* --- closed forms of whole runs ----------------------------------------------------------- */

static void
test_idle_circuit (void)
{
  static const guint bins_list[] = { 2, 75, 200 };

  for (guint n = 1; n <= 4; n++)
    for (guint i = 0; i < G_N_ELEMENTS (bins_list); i++)
      {
        g_autoptr(PlCircuit) c = pl_circuit_new (n);
        g_autoptr(PlExpressibilityResult) res = NULL;
        guint K = bins_list[i];
        double exact = (ldexp (1.0, n) - 1) * log (K);

        /* H on every qubit and no parameter: every fidelity is 1 (up to rounding) */
        for (guint q = 0; q < n; q++)
          g_assert_true (pl_circuit_append (c, PL_GATE_H, (const guint[]) { q, 0 }, NULL, NULL));
        res = run (c, 300, K, 2, 2);
        g_assert_cmpfloat (fabs (res->kl - exact), <=, 1e-13 * exact);
        g_assert_cmpfloat (fabs (res->kl_idle - exact), <=, 1e-13 * exact);
        g_assert_cmpfloat (res->kl_stderr, ==, 0.0);
        g_assert_cmpfloat (res->p_pqc[K - 1], ==, 1.0);
        /* |+>^n is a product state */
        g_assert_cmpfloat (fabs (res->mw), <, 1e-15);
      }
}

/* H then RZ(t): F = cos^2((t - s)/2) with t - s uniform has the arcsine law. The histogram
 * estimate exceeds the binned KL by the Miller-Madow term (K - 1) / (2 P) on average, and
 * scatters with the delta-method deviation; the reported error bar must match it (the
 * sample deviation of 20 repetitions is within [0.4, 1.8] of the truth with probability
 * above 0.9999). */
static void
test_equator_closed_form (void)
{
  const guint P = 20000, K = 75, R = 20;
  g_autoptr(PlCircuit) c = equator_circuit (FALSE);
  g_autoptr(PlExpressibilityResult) res = run (c, P, K, R, 2);
  double sd, exact = arcsine_binned_kl (K, P, &sd), bias = (K - 1) / (2.0 * P);
  double se = sd / sqrt (R);

  /* the binning can only lose information: below the continuum value ln(4/pi) = 0.2416
   * (0.1961 for 75 bins: the arcsine density's peaks at 0 and 1 are flattened) */
  g_assert_cmpfloat (exact, <, log (4 / G_PI));
  g_assert_cmpfloat (fabs (res->kl - bias - exact), <, 5 * se);
  g_assert_cmpfloat (res->kl_stderr, >, 0.4 * se);
  g_assert_cmpfloat (res->kl_stderr, <, 1.8 * se);
  g_assert_cmpfloat (fabs (res->kl_idle - log (K)), <, 1e-14);
  g_assert_cmpfloat (fabs (res->mw), <, 1e-15);
}

/* Encoding inputs: held fixed, the circuit above is idle (KL = ln K); drawn uniformly in
 * [0, 2 pi) they play the parameter's part and give the arcsine law again. */
static void
test_input_modes (void)
{
  const guint P = 20000, K = 75, R = 5;
  g_autoptr(PlCircuit) c = equator_circuit (TRUE);
  g_autoptr(PlExpressibilityResult) fixed = NULL;
  g_autoptr(PlExpressibilityResult) drawn = NULL;
  g_autoptr(GError) error = NULL;
  const double x0 = 0.7;
  double sd, exact = arcsine_binned_kl (K, P, &sd);
  PlExpressibilityConfig cfg;

  pl_expressibility_config_init (&cfg);
  cfg.pairs = P;
  cfg.bins = K;
  cfg.repeats = R;
  cfg.seed = ref_test_seed ();
  cfg.input_values = &x0;
  g_assert_true (pl_expressibility_run (c, &cfg, NULL, NULL, NULL, &fixed, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (fixed->kl - log (K)), <, 1e-13);

  cfg.inputs = PL_EXPRESSIBILITY_INPUTS_UNIFORM;
  cfg.input_lo = 0;
  cfg.input_hi = 2 * G_PI;
  g_assert_true (pl_expressibility_run (c, &cfg, NULL, NULL, NULL, &drawn, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (drawn->kl - (K - 1) / (2.0 * P) - exact), <, 5 * sd / sqrt (R));
}

/* Circuit 2 is circuit 1 followed by a fixed CNOT ladder, which leaves every fidelity
 * unchanged: the same draws give the same histogram. */
static void
test_fixed_unitary_invariance (void)
{
  g_autoptr(PlCircuit) c1 = build ("sim1", 4, 1);
  g_autoptr(PlCircuit) c2 = build ("sim2", 4, 1);
  g_autoptr(PlExpressibilityResult) r1 = run (c1, 2000, 75, 2, 2);
  g_autoptr(PlExpressibilityResult) r2 = run (c2, 2000, 75, 2, 2);

  g_assert_cmpfloat (fabs (r1->kl - r2->kl), <, 1e-12);
  g_assert_cmpfloat (fabs (r1->mw), <, 1e-15);
  g_assert_cmpfloat (r2->mw, >, 0.3);
}

/* Sim et al. 2019, Fig. 3 at 4 qubits and one layer: circuit 9 is the least expressive,
 * circuit 1 (product states) far from Haar, circuits 6 and 14 close to it. Only gaps many
 * standard errors wide are asserted. */
static void
test_sim_ordering (void)
{
  static const char *const names[] = { "sim1", "sim6", "sim9", "sim14" };
  PlExpressibilityResult *r[G_N_ELEMENTS (names)];

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(PlCircuit) c = build (names[i], 4, 1);
      r[i] = run (c, 5000, 75, 5, 2);
    }
#define BELOW(a, b) \
  g_assert_cmpfloat (r[a]->kl + 5 * hypot (r[a]->kl_stderr, r[b]->kl_stderr), <, r[b]->kl)
  BELOW (0, 2);   /* sim1 < sim9 */
  BELOW (1, 0);   /* sim6 < sim1 */
  BELOW (3, 0);   /* sim14 < sim1 */
#undef BELOW
  g_assert_cmpfloat (r[1]->kl, <, 0.05);
  g_assert_cmpfloat (r[3]->kl, <, 0.05);
  /* product states; the cluster state (H, CZ ladder) with local rotations after it */
  g_assert_cmpfloat (fabs (r[0]->mw), <, 1e-15);
  g_assert_cmpfloat (fabs (r[2]->mw - 1), <, 1e-12);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    pl_expressibility_result_free (r[i]);
}

/* --- Haar-random states drawn here ------------------------------------------------------- */

/* Fidelities of @pairs pairs of Haar-random states of n qubits. */
static void
haar_fidelities (PlRng  *rng,
                 guint   n,
                 gsize   pairs,
                 double *f)
{
  gsize dim = (gsize) 1 << n;
  g_autofree double *ar = g_new (double, dim);
  g_autofree double *ai = g_new (double, dim);
  g_autofree double *br = g_new (double, dim);
  g_autofree double *bi = g_new (double, dim);

  for (gsize p = 0; p < pairs; p++)
    {
      double re = 0, im = 0;

      ref_random_state (rng, dim, ar, ai);
      ref_random_state (rng, dim, br, bi);
      for (gsize a = 0; a < dim; a++)
        {
          re += ar[a] * br[a] + ai[a] * bi[a];
          im += ar[a] * bi[a] - ai[a] * br[a];
        }
      f[p] = re * re + im * im;
    }
}

static double
haar_kl (PlRng *rng,
         guint  n,
         gsize  pairs,
         guint  bins)
{
  g_autofree double *f = g_new (double, pairs);
  g_autofree guint64 *counts = g_new0 (guint64, bins);

  haar_fidelities (rng, n, pairs, f);
  pl_fidelity_histogram_add (f, pairs, bins, counts);
  return pl_expressibility_kl (n, bins, counts);
}

/* One qubit: F is uniform, every bin expects P/K, and 2 P KL is the G statistic of a
 * goodness-of-fit test, chi-square with K - 1 degrees of freedom (mean K - 1, variance
 * 2 (K - 1)). Its mean over 30 runs lies within 5 of its standard deviations of K - 1. */
static void
test_haar_g_statistic (void)
{
  const guint P = 4000, K = 40, runs = 30;
  double mean = 0;
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  for (guint r = 0; r < runs; r++)
    mean += 2.0 * P * haar_kl (&rng, 1, P, K) / runs;
  g_assert_cmpfloat (fabs (mean - (K - 1)), <, 5 * sqrt (2.0 * (K - 1) / runs));
}

/* Three qubits: the KL of Haar states is small and falls about as 1/P (the estimator's
 * bias); 16 times more pairs must at least quarter it. */
static void
test_haar_kl_shrinks (void)
{
  double small = 0, large = 0;
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 1);
  for (guint r = 0; r < 3; r++)
    {
      small += haar_kl (&rng, 3, 1000, 75) / 3;
      large += haar_kl (&rng, 3, 16000, 75) / 3;
    }
  g_assert_cmpfloat (small, <, 0.05);
  g_assert_cmpfloat (large, <, small / 4);
}

/* --- runs: determinism, progress, cancellation, errors ------------------------------------ */

static void
test_deterministic (void)
{
  g_autoptr(PlCircuit) c = build ("sim6", 4, 1);
  /* 700 pairs: three chunks per repetition, the last one partial */
  g_autoptr(PlExpressibilityResult) ref = run (c, 700, 75, 3, 1);

  for (guint threads = 2; threads <= 5; threads += 3)
    {
      g_autoptr(PlExpressibilityResult) r = run (c, 700, 75, 3, threads);

      g_assert_cmpmem (r->kl_runs, 3 * sizeof (double), ref->kl_runs, 3 * sizeof (double));
      g_assert_cmpmem (r->mw_runs, 3 * sizeof (double), ref->mw_runs, 3 * sizeof (double));
      g_assert_cmpmem (r->p_pqc, 75 * sizeof (double), ref->p_pqc, 75 * sizeof (double));
      g_assert_cmpfloat (r->kl, ==, ref->kl);
      g_assert_cmpfloat (r->mw, ==, ref->mw);
      g_assert_cmpfloat (r->mw_stderr, ==, ref->mw_stderr);
    }
  /* repetitions draw different pairs; the pooled Meyer-Wallach mean is their mean */
  g_assert_cmpfloat (ref->kl_runs[0], !=, ref->kl_runs[1]);
  g_assert_cmpuint (ref->mw_states, ==, 2 * 700 * 3);
  g_assert_cmpfloat (fabs (ref->mw - (ref->mw_runs[0] + ref->mw_runs[1] + ref->mw_runs[2]) / 3),
                     <, 1e-15);
}

typedef struct {
  guint64       last;
  guint64       total;
  guint         calls;
  GCancellable *cancel_at_first;
} Progress;

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpuint (done, >=, p->last);
  g_assert_cmpuint (done, <=, total);
  p->last = done;
  p->total = total;
  p->calls++;
  if (p->cancel_at_first != NULL)
    g_cancellable_cancel (p->cancel_at_first);
}

static void
test_progress_and_cancel (void)
{
  g_autoptr(PlCircuit) c = build ("sim14", 4, 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  PlExpressibilityResult *res = NULL;
  PlExpressibilityConfig cfg;
  Progress p = { 0 };

  /* One thread runs every chunk itself, so it reports after each of them and stops at the
   * first report that cancels. (With more threads the workers may take every chunk before
   * the calling thread reports: then only the final report is certain.) */
  pl_expressibility_config_init (&cfg);
  cfg.pairs = 1000;
  cfg.repeats = 3;
  cfg.threads = 1;
  g_assert_true (pl_expressibility_run (c, &cfg, progress_cb, &p, NULL, &res, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (p.calls, >=, 2);
  g_assert_cmpuint (p.last, ==, 3000);
  g_assert_cmpuint (p.total, ==, 3000);
  g_clear_pointer (&res, pl_expressibility_result_free);

  memset (&p, 0, sizeof p);
  p.cancel_at_first = cancellable;
  g_assert_false (pl_expressibility_run (c, &cfg, progress_cb, &p, cancellable, &res, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_CANCELLED);
  g_assert_null (res);
  g_assert_cmpuint (p.last, <, 3000);
  g_clear_error (&error);

  /* two threads: the last report is the total, and a cancelled run says so */
  cfg.threads = 2;
  memset (&p, 0, sizeof p);
  g_assert_true (pl_expressibility_run (c, &cfg, progress_cb, &p, NULL, &res, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (p.last, ==, 3000);
  g_clear_pointer (&res, pl_expressibility_result_free);
  memset (&p, 0, sizeof p);
  g_assert_false (pl_expressibility_run (c, &cfg, progress_cb, &p, cancellable, &res, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_CANCELLED);
  g_assert_null (res);
}

static void
expect_error (const PlCircuit              *c,
              const PlExpressibilityConfig *cfg,
              gint                          code,
              const char                   *word)
{
  g_autoptr(GError) error = NULL;
  PlExpressibilityResult *res = NULL;

  g_assert_false (pl_expressibility_run (c, cfg, NULL, NULL, NULL, &res, &error));
  g_assert_error (error, PL_ERROR, code);
  g_assert_null (res);
  if (strstr (error->message, word) == NULL)
    g_error ("'%s' does not mention '%s'", error->message, word);
}

static void
test_errors (void)
{
  g_autoptr(PlCircuit) c = build ("sim2", 3, 1);
  g_autoptr(PlCircuit) big = build ("sim1", 40, 1);
  g_autoptr(PlCircuit) ext = pl_circuit_new (1);
  g_autoptr(PlCircuit) enc = equator_circuit (TRUE);
  PlAngleSource src[PL_GATE_MAX_PARAMS] = { pl_source_external (0) };
  const double nan_input = NAN;
  PlExpressibilityConfig cfg;

  pl_expressibility_config_init (&cfg);
  cfg.bins = 1;
  expect_error (c, &cfg, PL_ERROR_INVALID_ARGUMENT, "bins");
  cfg.bins = 0;
  expect_error (c, &cfg, PL_ERROR_INVALID_ARGUMENT, "not 0");
  pl_expressibility_config_init (&cfg);
  cfg.pairs = 0;
  expect_error (c, &cfg, PL_ERROR_INVALID_ARGUMENT, "pairs");
  pl_expressibility_config_init (&cfg);
  cfg.repeats = 0;
  expect_error (c, &cfg, PL_ERROR_INVALID_ARGUMENT, "repetitions");

  pl_expressibility_config_init (&cfg);
  expect_error (big, &cfg, PL_ERROR_NO_MEMORY, "40 qubits");

  g_assert_true (pl_circuit_append (ext, PL_GATE_RX, (const guint[]) { 0, 0 }, src, NULL));
  expect_error (ext, &cfg, PL_ERROR_UNSUPPORTED, "external");

  cfg.inputs = PL_EXPRESSIBILITY_INPUTS_UNIFORM;
  cfg.input_lo = 1;
  cfg.input_hi = 1;
  expect_error (enc, &cfg, PL_ERROR_INVALID_ARGUMENT, "range");
  cfg.input_hi = INFINITY;
  expect_error (enc, &cfg, PL_ERROR_INVALID_ARGUMENT, "range");
  pl_expressibility_config_init (&cfg);
  cfg.input_values = &nan_input;
  expect_error (enc, &cfg, PL_ERROR_INVALID_ARGUMENT, "input 0");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Expressibility/haar-law", test_haar_law);
  g_test_add_func ("/Plateau/Expressibility/haar-underflow", test_haar_underflow);
  g_test_add_func ("/Plateau/Expressibility/histogram-edges", test_histogram_edges);
  g_test_add_func ("/Plateau/Expressibility/idle-circuit", test_idle_circuit);
  g_test_add_func ("/Plateau/Expressibility/equator-closed-form", test_equator_closed_form);
  g_test_add_func ("/Plateau/Expressibility/input-modes", test_input_modes);
  g_test_add_func ("/Plateau/Expressibility/fixed-unitary-invariance",
                   test_fixed_unitary_invariance);
  g_test_add_func ("/Plateau/Expressibility/sim-ordering", test_sim_ordering);
  g_test_add_func ("/Plateau/Expressibility/haar-g-statistic", test_haar_g_statistic);
  g_test_add_func ("/Plateau/Expressibility/haar-kl-shrinks", test_haar_kl_shrinks);
  g_test_add_func ("/Plateau/Expressibility/deterministic", test_deterministic);
  g_test_add_func ("/Plateau/Expressibility/progress-and-cancel", test_progress_and_cancel);
  g_test_add_func ("/Plateau/Expressibility/errors", test_errors);
  return g_test_run ();
}
