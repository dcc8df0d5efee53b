/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Causal weighting of the residual loss (pl-loss.h): its value and weights against a hand
 * computation of (1/M') sum_i w_i L_i from pl_loss_residual_magnitudes at the loss's own
 * points, binned here; its gradient against central differences of the frozen-weight
 * objective through that same path; determinism over threads; eps = 0; refused settings.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

typedef struct {
  PlProblem *problem;
  PlModel   *model;
  PlLoss    *loss;
  gsize      np;
  double    *params;
  guint      M;
  gint       res;       /* the interior term */
} Setup;

static void
setup_clear (Setup *s)
{
  g_clear_pointer (&s->loss, pl_loss_free);
  g_clear_pointer (&s->model, pl_model_free);
  g_clear_pointer (&s->problem, pl_problem_free);
  g_clear_pointer (&s->params, g_free);
}

static void
setup (Setup       *s,
       const char  *problem_name,
       PlModelKind  kind,
       guint        M,
       double       eps,
       guint        n_res,
       guint        threads)
{
  g_autoptr(GError) error = NULL;
  PlLossConfig cfg;
  PlRng rng;

  memset (s, 0, sizeof *s);
  s->problem = pl_problem_new (problem_name, &error);
  g_assert_no_error (error);
  s->model = ref_small_model (kind, pl_problem_get_n_inputs (s->problem),
                          pl_problem_get_n_outputs (s->problem));
  g_assert_nonnull (s->model);
  pl_loss_config_init (&cfg);
  cfg.threads = threads;
  cfg.causal_bins = M;
  cfg.causal_epsilon = eps;
  for (guint t = 0; t < PL_PROBLEM_MAX_TERMS; t++)
    cfg.n_points[t] = 9;
  s->res = pl_problem_find_term (s->problem, "residual");
  g_assert_cmpint (s->res, >=, 0);
  cfg.n_points[s->res] = n_res;
  s->loss = pl_loss_new (s->model, s->problem, &cfg, &error);
  g_assert_no_error (error);
  pl_rng_init (&rng, ref_test_seed ());
  g_assert_true (pl_loss_resample (s->loss, &rng, &error));
  g_assert_no_error (error);
  s->np = pl_model_n_params (s->model);
  s->params = g_new (double, s->np);
  pl_model_init_params (s->model, &rng, s->params);
  for (gsize i = 0; i < s->np; i++)
    s->params[i] += 0.3 * pl_rng_normal (&rng);
  s->M = M;
  g_assert_true (pl_loss_term_is_causal (s->loss, s->res));
}

/* The bin means L_i of the residual term at @params, from |r| at the loss's own points
 * (|r|^2 is the mean over equations, so L_i is the mean of |r|^2 over the bin); n_i in
 * @count. */
static void
bin_means (Setup        *s,
           const double *params,
           double       *L,
           gsize        *count)
{
  const char *axes = pl_problem_get_axes (s->problem);
  guint a = (guint) (strchr (axes, 't') - axes);
  double lo[PL_PROBLEM_MAX_INPUTS], hi[PL_PROBLEM_MAX_INPUTS];
  gsize n;
  const double *x = pl_loss_get_points (s->loss, s->res, &n);
  g_autofree double *r = g_new (double, n);

  pl_problem_get_bounds (s->problem, lo, hi);
  g_assert_true (pl_loss_residual_magnitudes (s->loss, params, s->res, x, n, r, NULL));
  memset (L, 0, s->M * sizeof (double));
  memset (count, 0, s->M * sizeof (gsize));
  for (gsize i = 0; i < n; i++)
    {
      double f = floor ((x[a * n + i] - lo[a]) / (hi[a] - lo[a]) * s->M);
      guint b = (guint) CLAMP (f, 0, (double) s->M - 1);

      L[b] += r[i] * r[i];
      count[b]++;
    }
  for (guint b = 0; b < s->M; b++)
    if (count[b] > 0)
      L[b] /= (double) count[b];
}

/* The weights at @params: w_0 = 1, w_i = exp (-eps sum_{k<i} L_k). */
static void
weights_at (Setup        *s,
            const double *params,
            double        eps,
            double       *w)
{
  g_autofree double *L = g_new (double, s->M);
  g_autofree gsize *count = g_new (gsize, s->M);
  double before = 0;

  bin_means (s, params, L, count);
  for (guint b = 0; b < s->M; b++)
    {
      w[b] = exp (-eps * before);
      before += L[b];
    }
}

/* (1/M') sum_i w_i L_i(params) with the weights @w given. */
static double
weighted (Setup        *s,
          const double *params,
          const double *w)
{
  g_autofree double *L = g_new (double, s->M);
  g_autofree gsize *count = g_new (gsize, s->M);
  double sum = 0;
  guint active = 0;

  bin_means (s, params, L, count);
  for (guint b = 0; b < s->M; b++)
    if (count[b] > 0)
      {
        sum += w[b] * L[b];
        active++;
      }
  return sum / active;
}

static void
test_value (void)
{
  const double eps = 5.0;
  Setup s;
  double comps[PL_PROBLEM_MAX_TERMS], w[16], wl[16], l, total = 0, expect;

  setup (&s, "heat-1d", PL_MODEL_CLASSICAL, 16, eps, 200, 1);
  l = pl_loss_evaluate (s.loss, s.params, NULL, comps, NULL);
  weights_at (&s, s.params, eps, w);
  expect = weighted (&s, s.params, w);
  g_assert_cmpfloat_with_epsilon (comps[s.res], expect, 1e-12 * expect);
  for (guint t = 0; t < pl_loss_n_terms (s.loss); t++)
    total += pl_loss_get_weight (s.loss, t) * comps[t];
  g_assert_cmpfloat_with_epsilon (l, total, 1e-13 * l);

  g_assert_true (pl_loss_causal_weights (s.loss, s.res, wl));
  g_assert_cmpfloat (wl[0], ==, 1.0);
  for (guint b = 0; b < s.M; b++)
    {
      g_assert_cmpfloat_with_epsilon (wl[b], w[b], 1e-12);
      if (b > 0)
        g_assert_cmpfloat (wl[b], <=, wl[b - 1]);
    }
  /* the test is not vacuous: late bins are damped */
  g_assert_cmpfloat (wl[s.M - 1], <, 0.9);
  g_assert_cmpfloat (pl_loss_causal_min_weight (s.loss), ==, wl[s.M - 1]);
  setup_clear (&s);
}

/* eps = 0: every weight is 1 and the term is the mean over bins of the bin means. An empty
 * bin does not count: 8 bins, but the points only in [0, 0.5). */
static void
test_eps_zero (void)
{
  Setup s;
  double comps[PL_PROBLEM_MAX_TERMS], w[8], ones[8], expect, mean = 0;
  g_autofree double *L = g_new (double, 8);
  g_autofree gsize *count = g_new (gsize, 8);
  g_autofree double *x = NULL;
  const double *x0;
  gsize n;
  guint active = 0;

  setup (&s, "burgers", PL_MODEL_CLASSICAL, 8, 0.0, 60, 2);
  x0 = pl_loss_get_points (s.loss, s.res, &n);
  x = g_memdup2 (x0, 2 * n * sizeof (double));
  for (gsize i = 0; i < n; i++)
    x[n + i] *= 0.5;        /* t in [0, 0.5): bins 4 .. 7 empty */
  g_assert_true (pl_loss_set_points (s.loss, s.res, x, n, NULL));

  pl_loss_evaluate (s.loss, s.params, NULL, comps, NULL);
  bin_means (&s, s.params, L, count);
  for (guint b = 0; b < 8; b++)
    {
      ones[b] = 1;
      if (count[b] > 0)
        {
          mean += L[b];
          active++;
        }
    }
  g_assert_cmpuint (active, <=, 4);
  expect = mean / active;
  g_assert_cmpfloat_with_epsilon (comps[s.res], expect, 1e-12 * expect);
  g_assert_cmpfloat_with_epsilon (weighted (&s, s.params, ones), expect, 1e-12 * expect);
  g_assert_true (pl_loss_causal_weights (s.loss, s.res, w));
  for (guint b = 0; b < 8; b++)
    g_assert_cmpfloat (w[b], ==, 1.0);
  setup_clear (&s);
}

/* The gradient is d/dtheta of sum_i w_i L_i with w frozen at theta: central differences of
 * that objective (the other terms from the loss itself, they are not causal). The per-term
 * gradient of the residual is that of its causal component. */
static void
check_gradient (const char  *problem_name,
                PlModelKind  kind,
                guint        threads,
                double       eps)
{
  Setup s;
  guint nt;
  g_autofree double *grad = NULL, *tg = NULL, *w0 = NULL;
  double comps[PL_PROBLEM_MAX_TERMS];

  setup (&s, problem_name, kind, 6, eps, 40, threads);
  nt = pl_loss_n_terms (s.loss);
  grad = g_new (double, s.np);
  tg = g_new (double, s.np * nt);
  w0 = g_new (double, s.M);
  pl_loss_evaluate (s.loss, s.params, grad, comps, NULL);
  weights_at (&s, s.params, eps, w0);
  g_assert_cmpfloat (w0[s.M - 1], <, 0.95);

  for (gsize i = 0; i < s.np; i++)
    {
      const double h = 1e-6;
      double saved = s.params[i], f[2];

      for (gint side = 0; side < 2; side++)
        {
          double c[PL_PROBLEM_MAX_TERMS];

          s.params[i] = saved + (side == 0 ? h : -h);
          pl_loss_evaluate (s.loss, s.params, NULL, c, NULL);
          c[s.res] = weighted (&s, s.params, w0);
          f[side] = 0;
          for (guint t = 0; t < nt; t++)
            f[side] += pl_loss_get_weight (s.loss, t) * c[t];
        }
      s.params[i] = saved;
      {
        double fd = (f[0] - f[1]) / (2 * h);

        if (fabs (grad[i] - fd) > 1e-6 * MAX (1.0, fabs (fd)))
          g_error ("%s (%s, %u threads): dL/dp_%" G_GSIZE_FORMAT ": %.10g, finite differences "
                   "of the frozen-weight objective %.10g", problem_name,
                   pl_model_kind_to_string (kind), threads, i, grad[i], fd);
      }
    }

  /* per-term gradients: the residual's is that of its causal component, and they add up */
  pl_loss_evaluate (s.loss, s.params, NULL, NULL, tg);
  for (gsize i = 0; i < s.np; i++)
    {
      const double h = 1e-6;
      double saved = s.params[i], fp, fm, fd, sum = 0;

      s.params[i] = saved + h;
      fp = weighted (&s, s.params, w0);
      s.params[i] = saved - h;
      fm = weighted (&s, s.params, w0);
      s.params[i] = saved;
      fd = (fp - fm) / (2 * h);
      g_assert_cmpfloat (fabs (tg[s.res * s.np + i] - fd), <=, 1e-6 * MAX (1.0, fabs (fd)));
      for (guint t = 0; t < nt; t++)
        sum += pl_loss_get_weight (s.loss, t) * tg[t * s.np + i];
      g_assert_cmpfloat_with_epsilon (sum, grad[i], 1e-10 * MAX (1, fabs (grad[i])));
    }
  setup_clear (&s);
}

static void
test_gradient (void)
{
  check_gradient ("heat-1d", PL_MODEL_CLASSICAL, 1, 20.0);
  check_gradient ("burgers", PL_MODEL_CLASSICAL, 2, 5.0);
  /* a system of two equations under hard constraints (the transform's adjoint) */
  check_gradient ("lotka-volterra", PL_MODEL_CLASSICAL, 2, 0.05);
  check_gradient ("heat-1d", PL_MODEL_HYBRID, 2, 20.0);
}

static void
run_once (const char *problem_name,
          guint       threads,
          double     *loss,
          double     *grad,
          double     *comps,
          double     *w)
{
  Setup s;

  setup (&s, problem_name, PL_MODEL_CLASSICAL, 10, 2.0, 101, threads);
  *loss = pl_loss_evaluate (s.loss, s.params, grad, comps, NULL);
  g_assert_true (pl_loss_causal_weights (s.loss, s.res, w));
  setup_clear (&s);
}

static void
test_threads (void)
{
  g_autoptr(PlModel) probe = ref_small_model (PL_MODEL_CLASSICAL, 2, 1);
  gsize np = pl_model_n_params (probe);
  double l[4], c[4][PL_PROBLEM_MAX_TERMS], w[4][10];
  g_autofree double *g = g_new (double, 4 * np);

  memset (c, 0, sizeof c);
  run_once ("burgers", 1, &l[0], g, c[0], w[0]);
  run_once ("burgers", 1, &l[1], g + np, c[1], w[1]);
  run_once ("burgers", 2, &l[2], g + 2 * np, c[2], w[2]);
  run_once ("burgers", 2, &l[3], g + 3 * np, c[3], w[3]);

  /* the same thread count: the same bits */
  g_assert_true (memcmp (&l[0], &l[1], sizeof (double)) == 0);
  g_assert_true (memcmp (g, g + np, np * sizeof (double)) == 0);
  g_assert_true (memcmp (c[0], c[1], sizeof c[0]) == 0);
  g_assert_true (memcmp (w[0], w[1], sizeof w[0]) == 0);
  g_assert_true (memcmp (&l[2], &l[3], sizeof (double)) == 0);
  g_assert_true (memcmp (g + 2 * np, g + 3 * np, np * sizeof (double)) == 0);
  g_assert_true (memcmp (c[2], c[3], sizeof c[0]) == 0);
  g_assert_true (memcmp (w[2], w[3], sizeof w[0]) == 0);
  /* one thread and two: the same up to rounding */
  g_assert_cmpfloat_with_epsilon (l[0], l[2], 1e-12 * l[0]);
  for (gsize i = 0; i < np; i++)
    g_assert_cmpfloat_with_epsilon (g[i], g[2 * np + i], 1e-12 * MAX (1e-3, fabs (g[i])));
  for (guint b = 0; b < 10; b++)
    g_assert_cmpfloat_with_epsilon (w[0][b], w[2][b], 1e-12);
}

/* Switched off, the loss is the plain one; on again, causal again; eps can be changed. */
static void
test_switch (void)
{
  Setup s;
  g_autoptr(PlLoss) plain = NULL;
  PlLossConfig cfg;
  double a, b, c, d, w[8];

  setup (&s, "heat-1d", PL_MODEL_CLASSICAL, 8, 10.0, 50, 1);
  pl_loss_config_init (&cfg);
  cfg.threads = 1;
  plain = pl_loss_new (s.model, s.problem, &cfg, NULL);
  for (guint t = 0; t < pl_loss_n_terms (s.loss); t++)
    {
      gsize n;
      const double *x = pl_loss_get_points (s.loss, t, &n);

      g_assert_true (pl_loss_set_points (plain, t, x, n, NULL));
    }
  a = pl_loss_evaluate (s.loss, s.params, NULL, NULL, NULL);
  g_assert_true (pl_loss_get_causal_enabled (s.loss));
  pl_loss_set_causal_enabled (s.loss, FALSE);
  g_assert_false (pl_loss_causal_weights (s.loss, s.res, w));
  g_assert_true (isnan (pl_loss_causal_min_weight (s.loss)));
  b = pl_loss_evaluate (s.loss, s.params, NULL, NULL, NULL);
  c = pl_loss_evaluate (plain, s.params, NULL, NULL, NULL);
  g_assert_true (memcmp (&b, &c, sizeof b) == 0);
  g_assert_cmpfloat (a, !=, b);
  pl_loss_set_causal_enabled (s.loss, TRUE);
  d = pl_loss_evaluate (s.loss, s.params, NULL, NULL, NULL);
  g_assert_true (memcmp (&a, &d, sizeof a) == 0);
  pl_loss_set_causal_epsilon (s.loss, 0.0);
  g_assert_cmpfloat (pl_loss_get_causal_epsilon (s.loss), ==, 0.0);
  pl_loss_evaluate (s.loss, s.params, NULL, NULL, NULL);
  g_assert_cmpfloat (pl_loss_causal_min_weight (s.loss), ==, 1.0);
  setup_clear (&s);
}

static void
expect_refused (const char *problem_name,
                guint       bins,
                double      eps,
                const char *needle)
{
  g_autoptr(PlProblem) problem = pl_problem_new (problem_name, NULL);
  g_autoptr(PlModel) model = ref_small_model (PL_MODEL_CLASSICAL, pl_problem_get_n_inputs (problem),
                                          pl_problem_get_n_outputs (problem));
  g_autoptr(GError) error = NULL;
  PlLossConfig cfg;
  PlLoss *loss;

  pl_loss_config_init (&cfg);
  cfg.causal_bins = bins;
  cfg.causal_epsilon = eps;
  loss = pl_loss_new (model, problem, &cfg, &error);
  g_assert_null (loss);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  if (strstr (error->message, needle) == NULL)
    g_error ("'%s' does not name '%s'", error->message, needle);
}

static void
test_refused (void)
{
  expect_refused ("heat-1d", 1, 1.0, "causal_bins");
  expect_refused ("heat-1d", PL_LOSS_MAX_CAUSAL_BINS + 1, 1.0, "causal_bins");
  expect_refused ("heat-1d", 8, -1.0, "causal_epsilon");
  expect_refused ("heat-1d", 8, NAN, "causal_epsilon");
  expect_refused ("heat-1d", 8, INFINITY, "causal_epsilon");
  expect_refused ("poisson-2d", 8, 1.0, "time axis 't'");
  expect_refused ("decaying-oscillation", 8, 1.0, "time axis 't'");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/LossCausal/value", test_value);
  g_test_add_func ("/Plateau/LossCausal/eps-zero", test_eps_zero);
  g_test_add_func ("/Plateau/LossCausal/gradient", test_gradient);
  g_test_add_func ("/Plateau/LossCausal/threads", test_threads);
  g_test_add_func ("/Plateau/LossCausal/switch", test_switch);
  g_test_add_func ("/Plateau/LossCausal/refused", test_refused);
  return g_test_run ();
}
