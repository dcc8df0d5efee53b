/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The physics-informed loss: its gradient against finite differences, its value against a
 * residual built from finite differences of the model's own predictions, thread-count
 * invariance, per-term gradients and the relative L2 error.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

static void
check_gradient (const char  *problem_name,
                PlModelKind  kind,
                gboolean     hard,
                guint        threads)
{
  g_autoptr(PlProblem) problem = pl_problem_new (problem_name, NULL);
  g_autoptr(PlModel) model = NULL;
  g_autoptr(PlLoss) loss = NULL;
  g_autoptr(GError) error = NULL;
  PlLossConfig cfg;
  PlRng rng;
  gsize np;
  g_autofree double *params = NULL;
  g_autofree double *grad = NULL;
  g_autofree double *tg = NULL;
  double comps[PL_PROBLEM_MAX_TERMS], l0;

  g_assert_nonnull (problem);
  if (hard)
    g_assert_true (pl_problem_set_hard_constraints (problem, TRUE, NULL));
  model = ref_small_model (kind, pl_problem_get_n_inputs (problem),
                       pl_problem_get_n_outputs (problem));
  g_assert_nonnull (model);
  pl_loss_config_init (&cfg);
  cfg.threads = threads;
  for (guint t = 0; t < PL_PROBLEM_MAX_TERMS; t++)
    cfg.n_points[t] = 7;
  loss = pl_loss_new (model, problem, &cfg, &error);
  g_assert_no_error (error);
  pl_rng_init (&rng, ref_test_seed ());
  g_assert_true (pl_loss_resample (loss, &rng, &error));
  g_assert_no_error (error);

  np = pl_model_n_params (model);
  params = g_new (double, np);
  grad = g_new (double, np);
  tg = g_new (double, np * pl_loss_n_terms (loss));
  pl_model_init_params (model, &rng, params);
  for (gsize i = 0; i < np; i++)
    params[i] += 0.05 * pl_rng_normal (&rng);

  l0 = pl_loss_evaluate (loss, params, grad, comps, NULL);
  g_assert_true (isfinite (l0));
  {
    double s = 0;
    for (guint t = 0; t < pl_loss_n_terms (loss); t++)
      s += pl_loss_get_weight (loss, t) * comps[t];
    g_assert_cmpfloat_with_epsilon (s, l0, 1e-12 * MAX (1, fabs (l0)));
  }

  for (gsize i = 0; i < np; i++)
    {
      const double h = 1e-6;
      double saved = params[i], lp, lm, fd;

      params[i] = saved + h;
      lp = pl_loss_evaluate (loss, params, NULL, NULL, NULL);
      params[i] = saved - h;
      lm = pl_loss_evaluate (loss, params, NULL, NULL, NULL);
      params[i] = saved;
      fd = (lp - lm) / (2 * h);
      if (fabs (grad[i] - fd) > 1e-6 * MAX (1.0, fabs (fd)))
        g_error ("%s (%s%s): dL/dp_%" G_GSIZE_FORMAT ": %.10g, finite differences %.10g",
                 problem_name, pl_model_kind_to_string (kind), hard ? ", hard" : "", i,
                 grad[i], fd);
    }

  /* the weighted sum of per-term gradients is the gradient */
  pl_loss_evaluate (loss, params, NULL, NULL, tg);
  for (gsize i = 0; i < np; i++)
    {
      double s = 0;
      for (guint t = 0; t < pl_loss_n_terms (loss); t++)
        s += pl_loss_get_weight (loss, t) * tg[t * np + i];
      g_assert_cmpfloat_with_epsilon (s, grad[i], 1e-10 * MAX (1, fabs (grad[i])));
    }
}

static void
test_gradient_ode (void)
{
  check_gradient ("damped-oscillator", PL_MODEL_HYBRID, FALSE, 1);
  check_gradient ("damped-oscillator", PL_MODEL_QUANTUM, FALSE, 2);
  check_gradient ("lotka-volterra", PL_MODEL_CLASSICAL, TRUE, 2);
  check_gradient ("decaying-oscillation", PL_MODEL_HYBRID, FALSE, 1);
}

static void
test_gradient_pde (void)
{
  check_gradient ("burgers", PL_MODEL_CLASSICAL, FALSE, 2);
  check_gradient ("advection", PL_MODEL_HYBRID, FALSE, 2);
  check_gradient ("heat-1d", PL_MODEL_QUANTUM, FALSE, 1);
  check_gradient ("kdv-soliton", PL_MODEL_CLASSICAL, FALSE, 1);
  check_gradient ("helmholtz-2d", PL_MODEL_HYBRID, FALSE, 2);
}

/* exponential decay u' + k u = 0: the residual term equals the mean of (u' + k u)^2 with u'
 * from central differences of the model's predictions. */
static void
test_value_against_fd (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("exponential-decay", NULL);
  g_autoptr(PlModel) model = ref_small_model (PL_MODEL_HYBRID, 1, 1);
  g_autoptr(PlLoss) loss = NULL;
  PlLossConfig cfg;
  PlRng rng;
  g_autofree double *params = g_new (double, pl_model_n_params (model));
  double comps[PL_PROBLEM_MAX_TERMS], k, s = 0;
  const double *x;
  gsize n;
  gint ki, ri;

  pl_loss_config_init (&cfg);
  cfg.threads = 1;
  loss = pl_loss_new (model, problem, &cfg, NULL);
  pl_rng_init (&rng, ref_test_seed () + 1);
  g_assert_true (pl_loss_resample (loss, &rng, NULL));
  pl_model_init_params (model, &rng, params);
  pl_loss_evaluate (loss, params, NULL, comps, NULL);

  ki = pl_problem_find_param (problem, "k");
  g_assert_cmpint (ki, >=, 0);
  k = pl_problem_get_param_value (problem, ki);
  ri = -1;
  for (guint t = 0; t < pl_loss_n_terms (loss); t++)
    if (strcmp (pl_loss_term_name (loss, t), "residual") == 0)
      ri = t;
  g_assert_cmpint (ri, >=, 0);
  x = pl_loss_get_points (loss, ri, &n);
  for (gsize i = 0; i < n; i++)
    {
      const double h = 1e-5;
      double xs[3] = { x[i] + h, x[i] - h, x[i] }, u[3], r;

      pl_loss_predict (loss, params, xs, 3, u);
      r = (u[0] - u[1]) / (2 * h) + k * u[2];
      s += r * r;
    }
  g_assert_cmpfloat (fabs (s / n - comps[ri]), <, 1e-7 * MAX (1, comps[ri]));
}

static void
test_threads_agree (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("burgers", NULL);
  g_autoptr(PlModel) model = ref_small_model (PL_MODEL_CLASSICAL, 2, 1);
  PlLossConfig cfg;
  PlRng rng;
  gsize np = pl_model_n_params (model);
  g_autofree double *params = g_new (double, np);
  g_autofree double *g1 = g_new (double, np);
  g_autofree double *g3 = g_new (double, np);
  double l1, l3;

  pl_loss_config_init (&cfg);
  pl_rng_init (&rng, 11);
  pl_model_init_params (model, &rng, params);

  cfg.threads = 1;
  {
    g_autoptr(PlLoss) a = pl_loss_new (model, problem, &cfg, NULL);
    pl_rng_init (&rng, 12);
    g_assert_true (pl_loss_resample (a, &rng, NULL));
    l1 = pl_loss_evaluate (a, params, g1, NULL, NULL);
  }
  cfg.threads = 3;
  {
    g_autoptr(PlLoss) b = pl_loss_new (model, problem, &cfg, NULL);
    pl_rng_init (&rng, 12);
    g_assert_true (pl_loss_resample (b, &rng, NULL));
    l3 = pl_loss_evaluate (b, params, g3, NULL, NULL);
  }
  g_assert_cmpfloat_with_epsilon (l1, l3, 1e-13 * MAX (1, l1));
  for (gsize i = 0; i < np; i++)
    g_assert_cmpfloat_with_epsilon (g1[i], g3[i], 1e-12 * MAX (1, fabs (g1[i])));
}

/* A classical model with all parameters zero outputs 0, so its relative L2 error is 1. */
static void
test_relative_l2 (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("heat-1d", NULL);
  g_autoptr(PlModel) model = ref_small_model (PL_MODEL_CLASSICAL, 2, 1);
  g_autoptr(PlLoss) loss = NULL;
  g_autoptr(GError) error = NULL;
  PlLossConfig cfg;
  g_autofree double *params = g_new0 (double, pl_model_n_params (model));
  double rel;

  pl_loss_config_init (&cfg);
  loss = pl_loss_new (model, problem, &cfg, NULL);
  g_assert_true (pl_loss_relative_l2 (loss, params, 21, &rel, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (rel, 1.0, 1e-15);
}

/* Predictions under shot noise: with many shots the error approaches the exact one, with few
 * it moves away by about the noise; both quantum and hybrid models. */
static void
test_relative_l2_shots (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("damped-oscillator", NULL);
  g_autoptr(PlModel) model = ref_small_model (PL_MODEL_QUANTUM, 1, 1);
  g_autoptr(PlLoss) loss = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *params = g_new (double, pl_model_n_params (model));
  PlLossConfig cfg;
  PlRng rng;
  double exact, many, few;

  pl_loss_config_init (&cfg);
  loss = pl_loss_new (model, problem, &cfg, NULL);
  pl_rng_init (&rng, ref_test_seed ());
  pl_model_init_params (model, &rng, params);
  g_assert_true (pl_loss_relative_l2 (loss, params, 41, &exact, &error));
  g_assert_true (pl_loss_relative_l2_shots (loss, params, 41, 1000000, &rng, &many, &error));
  g_assert_no_error (error);
  g_assert_true (pl_loss_relative_l2_shots (loss, params, 41, 10, &rng, &few, &error));
  g_assert_cmpfloat (fabs (many - exact), <, 5e-3 * MAX (exact, 1));
  g_assert_cmpfloat (fabs (few - exact), >, fabs (many - exact));
}

/* Training under shots: the loss of a hybrid model on a second-order ODE (residual linear in
 * u, so quadratic loss) computed from shifted circuits measured 200 times. The circuit-angle
 * block of its gradient is unbiased: each entry's mean over many evaluations is within five
 * standard errors of the exact gradient (the estimates of the forward values and of the
 * backward derivatives are independent). The loss itself is within a few percent. */
static void
test_shots_gradient (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("damped-oscillator", NULL);
  g_autoptr(PlModel) model = ref_small_model (PL_MODEL_HYBRID, 1, 1);
  g_autoptr(PlLoss) exact = NULL;
  g_autoptr(PlLoss) noisy = NULL;
  g_autoptr(GError) error = NULL;
  gsize np = pl_model_n_params (model);
  g_autofree double *params = g_new (double, np);
  g_autofree double *g0 = g_new0 (double, np);
  g_autofree double *g = g_new (double, np);
  g_autofree double *mean = g_new0 (double, np);
  g_autofree double *sq = g_new0 (double, np);
  PlBlockRange q = pl_model_block (model, PL_BLOCK_QUANTUM);
  PlLossConfig cfg;
  PlRng rng;
  const guint R = 60;
  double l0, lmean = 0;

  pl_rng_init (&rng, ref_test_seed () + 3);
  pl_model_init_params (model, &rng, params);
  pl_loss_config_init (&cfg);
  cfg.threads = 1;
  for (guint t = 0; t < PL_PROBLEM_MAX_TERMS; t++)
    cfg.n_points[t] = 4;
  exact = pl_loss_new (model, problem, &cfg, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pl_loss_circuits_per_evaluation (exact), ==, 0);
  cfg.shots = 200;
  cfg.shots_seed = 11;
  noisy = pl_loss_new (model, problem, &cfg, &error);
  g_assert_no_error (error);
  g_assert_true (pl_loss_resample (exact, &rng, &error));
  for (guint t = 0; t < pl_loss_n_terms (exact); t++)
    {
      gsize n;
      const double *x = pl_loss_get_points (exact, t, &n);
      g_assert_true (pl_loss_set_points (noisy, t, x, n, &error));
    }
  g_assert_cmpuint (pl_loss_circuits_per_evaluation (noisy), >, 0);

  l0 = pl_loss_evaluate (exact, params, g0, NULL, NULL);
  for (guint r = 0; r < R; r++)
    {
      lmean += pl_loss_evaluate (noisy, params, g, NULL, NULL) / R;
      for (gsize k = 0; k < np; k++)
        {
          mean[k] += g[k] / R;
          sq[k] += g[k] * g[k] / R;
        }
    }
  g_assert_cmpuint (q.size, >, 0);
  for (gsize k = q.offset; k < q.offset + q.size; k++)
    {
      double var = (sq[k] - mean[k] * mean[k]) * R / (R - 1), se = sqrt (var / R);

      g_assert_cmpfloat (var, >, 0);   /* really estimated */
      if (fabs (mean[k] - g0[k]) > 5 * se + 1e-12)
        g_error ("dL/dtheta_%" G_GSIZE_FORMAT ": mean of %u shot estimates %.6g, exact %.6g, "
                 "standard error %.3g", k, R, mean[k], g0[k], se);
    }
  /* the mean loss is biased up by the variance of the residual estimates */
  g_assert_cmpfloat (lmean, >, l0);

  /* with 10^10 shots per circuit (one binomial draw each) loss and gradient are the exact
   * ones up to the remaining noise */
  {
    g_autoptr(PlLoss) many = NULL;
    double l;

    cfg.shots = G_GUINT64_CONSTANT (10000000000);
    many = pl_loss_new (model, problem, &cfg, &error);
    g_assert_no_error (error);
    for (guint t = 0; t < pl_loss_n_terms (exact); t++)
      {
        gsize n;
        const double *x = pl_loss_get_points (exact, t, &n);
        g_assert_true (pl_loss_set_points (many, t, x, n, &error));
      }
    l = pl_loss_evaluate (many, params, g, NULL, NULL);
    g_assert_cmpfloat (fabs (l - l0), <, 1e-3 * l0);
    for (gsize k = 0; k < np; k++)
      if (fabs (g[k] - g0[k]) > 1e-3 * MAX (1.0, fabs (g0[k])))
        g_error ("dL/dp_%" G_GSIZE_FORMAT ": %.8g with 1e10 shots, exact %.8g", k, g[k],
                 g0[k]);
  }
}

/* Residual magnitudes at the loss's own points reproduce its residual term, and RAR-D with a
 * strong exponent keeps points whose residuals are larger than a plain draw's. */
static void
test_rar (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("damped-oscillator", NULL);
  g_autoptr(PlModel) model = ref_small_model (PL_MODEL_CLASSICAL, 1, 1);
  g_autoptr(PlLoss) loss = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *params = g_new (double, pl_model_n_params (model));
  g_autofree double *r = NULL;
  double comps[PL_PROBLEM_MAX_TERMS], s = 0, plain = 0, adaptive = 0;
  const double *x;
  PlLossConfig cfg;
  PlRng rng;
  gsize n;

  pl_loss_config_init (&cfg);
  cfg.n_points[0] = 200;
  loss = pl_loss_new (model, problem, &cfg, NULL);
  pl_rng_init (&rng, ref_test_seed () + 5);
  pl_model_init_params (model, &rng, params);
  g_assert_true (pl_loss_resample (loss, &rng, NULL));
  pl_loss_evaluate (loss, params, NULL, comps, NULL);
  x = pl_loss_get_points (loss, 0, &n);
  r = g_new (double, n);
  g_assert_true (pl_loss_residual_magnitudes (loss, params, 0, x, n, r, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < n; i++)
    {
      s += r[i] * r[i];
      plain += r[i] / n;
    }
  g_assert_cmpfloat_with_epsilon (s / n, comps[0], 1e-12 * MAX (1, comps[0]));

  g_assert_true (pl_loss_resample_rard (loss, params, 4.0, 0.0, 10, &rng, &error));
  g_assert_no_error (error);
  x = pl_loss_get_points (loss, 0, &n);
  g_assert_cmpuint (n, ==, 200);
  g_assert_true (pl_loss_residual_magnitudes (loss, params, 0, x, n, r, NULL));
  for (gsize i = 0; i < n; i++)
    adaptive += r[i] / n;
  g_assert_cmpfloat (adaptive, >, 1.2 * plain);

  g_assert_false (pl_loss_resample_rard (loss, params, -1, 0, 10, &rng, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
}

static void
test_mismatch (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("burgers", NULL);
  g_autoptr(PlModel) model = ref_small_model (PL_MODEL_CLASSICAL, 1, 1);
  g_autoptr(GError) error = NULL;
  PlLossConfig cfg;
  PlLoss *loss;

  pl_loss_config_init (&cfg);
  loss = pl_loss_new (model, problem, &cfg, &error);
  g_assert_null (loss);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "burgers"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/Loss/gradient-ode", test_gradient_ode);
  g_test_add_func ("/Plateau/Loss/gradient-pde", test_gradient_pde);
  g_test_add_func ("/Plateau/Loss/value-against-fd", test_value_against_fd);
  g_test_add_func ("/Plateau/Loss/threads-agree", test_threads_agree);
  g_test_add_func ("/Plateau/Loss/relative-l2", test_relative_l2);
  g_test_add_func ("/Plateau/Loss/relative-l2-shots", test_relative_l2_shots);
  g_test_add_func ("/Plateau/Loss/shots-gradient", test_shots_gradient);
  g_test_add_func ("/Plateau/Loss/rar", test_rar);
  g_test_add_func ("/Plateau/Loss/mismatch", test_mismatch);
  return g_test_run ();
}
