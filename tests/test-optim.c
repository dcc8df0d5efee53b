/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-optim.c: the optimisers' numerics. Adam and SGD against their update formulas written
 * out here, convergence on quadratics with known minimisers and on Rosenbrock, L-BFGS with the
 * strong Wolfe conditions checked from outside, frozen parameter blocks, refused gradients.
 */
#include "reference-optim.h"

#include <math.h>
#include <string.h>

/* --- Adam and SGD against the formulas ----------------------------------------------- */

static void
test_adam_first_steps (void)
{
  /* Plain Adam, L2-coupled weight decay and AdamW, each against Kingma & Ba's Algorithm 1
   * written out below, on f = sum_i c_i x_i^2 (gradient 2 c_i x_i). */
  const double c[3] = { 1.0, -3.0, 0.25 }, x0[3] = { 0.7, -1.1, 2.0 };
  const double lr = 0.05, b1 = 0.8, b2 = 0.95, eps = 1e-3, wd = 0.1;

  for (guint variant = 0; variant < 3; variant++)
    {
      PlOptimizerConfig cfg;
      g_autoptr(PlOptimizer) opt = NULL;
      double x[3], xr[3], g[3], m[3] = { 0 }, v[3] = { 0 };

      pl_optimizer_config_init (&cfg, PL_OPTIMIZER_ADAM);
      cfg.schedule.lr = lr;
      cfg.beta1 = b1;
      cfg.beta2 = b2;
      cfg.epsilon = eps;
      cfg.weight_decay = variant == 0 ? 0.0 : wd;
      cfg.decoupled_weight_decay = variant == 2;
      opt = ref_optimizer_new (&cfg, 3);
      memcpy (x, x0, sizeof x);
      memcpy (xr, x0, sizeof x);

      for (int t = 1; t <= 3; t++)
        {
          for (int i = 0; i < 3; i++)
            g[i] = 2.0 * c[i] * x[i];
          ref_optimizer_step (opt, x, g);
          for (int i = 0; i < 3; i++)
            {
              double gi = 2.0 * c[i] * xr[i] + (variant == 1 ? wd * xr[i] : 0.0);
              double mh, vh;

              m[i] = b1 * m[i] + (1.0 - b1) * gi;
              v[i] = b2 * v[i] + (1.0 - b2) * gi * gi;
              mh = m[i] / (1.0 - pow (b1, t));
              vh = v[i] / (1.0 - pow (b2, t));
              xr[i] = xr[i] - lr * (mh / (sqrt (vh) + eps) + (variant == 2 ? wd * xr[i] : 0.0));
            }
          g_assert_cmpfloat (ref_max_abs_diff (3, x, xr), <=, 1e-15);
        }
      g_assert_cmpuint (pl_optimizer_get_step (opt), ==, 3);
    }

  /* Independent of the formula: Adam's first step moves every parameter by lr |g| / (|g| + eps)
   * against its gradient, whatever the gradient's size. */
  {
    PlOptimizerConfig cfg;
    g_autoptr(PlOptimizer) opt = NULL;
    double x[4] = { 0 }, g[4] = { 1e-4, -3.0, 250.0, -1e6 };

    pl_optimizer_config_init (&cfg, PL_OPTIMIZER_ADAM);
    opt = ref_optimizer_new (&cfg, 4);
    ref_optimizer_step (opt, x, g);
    for (int i = 0; i < 4; i++)
      g_assert_cmpfloat_with_epsilon (x[i], -copysign (1e-3, g[i]) * fabs (g[i]) /
                                      (fabs (g[i]) + 1e-8), 1e-18);
  }
}

static void
test_sgd_first_steps (void)
{
  /* Heavy ball (Polyak) and Nesterov in the form v <- mu v + g, with L2 weight decay. */
  const double c[2] = { 2.0, 0.5 }, x0[2] = { 1.0, -2.0 };
  const double lr = 0.1, mu = 0.7, wd = 0.05;

  for (guint nesterov = 0; nesterov < 2; nesterov++)
    {
      PlOptimizerConfig cfg;
      g_autoptr(PlOptimizer) opt = NULL;
      double x[2], xr[2], g[2], vel[2] = { 0 };

      pl_optimizer_config_init (&cfg, PL_OPTIMIZER_SGD);
      cfg.schedule.lr = lr;
      cfg.momentum = mu;
      cfg.nesterov = nesterov;
      cfg.weight_decay = wd;
      opt = ref_optimizer_new (&cfg, 2);
      memcpy (x, x0, sizeof x);
      memcpy (xr, x0, sizeof x);
      for (int t = 0; t < 3; t++)
        {
          for (int i = 0; i < 2; i++)
            g[i] = c[i] * x[i];
          ref_optimizer_step (opt, x, g);
          for (int i = 0; i < 2; i++)
            {
              double gi = c[i] * xr[i] + wd * xr[i];

              vel[i] = mu * vel[i] + gi;
              xr[i] -= lr * (nesterov ? gi + mu * vel[i] : vel[i]);
            }
          g_assert_cmpfloat (ref_max_abs_diff (2, x, xr), <=, 1e-15);
        }
    }

  /* Without momentum, one step of gradient descent on a 1-D quadratic has a closed form:
   * x1 = x0 (1 - lr c). */
  {
    PlOptimizerConfig cfg;
    g_autoptr(PlOptimizer) opt = NULL;
    double x = 3.0, g = 2.0 * 3.0;

    pl_optimizer_config_init (&cfg, PL_OPTIMIZER_SGD);
    cfg.momentum = 0.0;
    cfg.schedule.lr = 0.125;
    opt = ref_optimizer_new (&cfg, 1);
    ref_optimizer_step (opt, &x, &g);
    g_assert_cmpfloat (x, ==, 3.0 * (1.0 - 0.125 * 2.0));
  }
}

/* --- convergence --------------------------------------------------------------------- */

static double
run_first_order (const PlOptimizerConfig *cfg,
                 RefQuadratic            *q,
                 guint                    steps)
{
  g_autoptr(PlOptimizer) opt = ref_optimizer_new (cfg, q->n);
  g_autofree double *x = g_new0 (double, q->n);
  g_autofree double *g = g_new (double, q->n);

  for (guint s = 0; s < steps; s++)
    {
      ref_quadratic (x, g, q);
      ref_optimizer_step (opt, x, g);
    }
  g_test_message ("%s on a 5-D quadratic, %u steps: |x - x*| = %.2e",
                  pl_optimizer_kind_to_string (cfg->kind), steps,
                  ref_max_abs_diff (q->n, x, q->xstar));
  return ref_max_abs_diff (q->n, x, q->xstar);
}

static void
test_quadratic_convergence (void)
{
  const double eig[5] = { 1.0, 2.0, 4.0, 7.0, 10.0 };
  PlRng rng;
  RefQuadratic *q;
  PlOptimizerConfig cfg;

  pl_rng_init (&rng, ref_test_seed ());
  q = ref_quadratic_new (5, eig, &rng);

  /* Heavy ball with the optimal Polyak parameters for eigenvalues in [1, 10]. */
  pl_optimizer_config_init (&cfg, PL_OPTIMIZER_SGD);
  cfg.schedule.lr = 4.0 / pow (sqrt (10.0) + 1.0, 2);
  cfg.momentum = pow ((sqrt (10.0) - 1.0) / (sqrt (10.0) + 1.0), 2);
  g_assert_cmpfloat (run_first_order (&cfg, q, 300), <=, 1e-8);
  cfg.nesterov = TRUE;
  cfg.schedule.lr = 0.1;
  cfg.momentum = 0.5;
  g_assert_cmpfloat (run_first_order (&cfg, q, 400), <=, 1e-8);

  /* Adam with a constant rate ends in a limit cycle of size ~ lr; it reaches the minimum
   * when the rate decays, here by 10 every 2000 steps. (Decaying twice as fast, the summed
   * rate can run out before the minimum for some seeds.) */
  pl_optimizer_config_init (&cfg, PL_OPTIMIZER_ADAM);
  cfg.schedule.kind = PL_SCHEDULE_EXPONENTIAL;
  cfg.schedule.lr = 0.05;
  cfg.schedule.gamma = 0.1;
  cfg.schedule.decay_steps = 2000;
  g_assert_cmpfloat (run_first_order (&cfg, q, 20000), <=, 1e-8);
  ref_quadratic_free (q);
}

static void
test_adam_rosenbrock (void)
{
  PlOptimizerConfig cfg;
  g_autoptr(PlOptimizer) opt = NULL;
  double x[2] = { -1.2, 1.0 }, g[2];

  pl_optimizer_config_init (&cfg, PL_OPTIMIZER_ADAM);
  cfg.schedule.kind = PL_SCHEDULE_COSINE;
  cfg.schedule.lr = 0.02;
  cfg.schedule.total_steps = 20000;
  opt = ref_optimizer_new (&cfg, 2);
  for (guint s = 0; s < 20000; s++)
    {
      ref_rosenbrock (x, g, GSIZE_TO_POINTER (2));
      ref_optimizer_step (opt, x, g);
    }
  g_test_message ("Adam on Rosenbrock: |x - x*| = %.2e, %.2e",
                  fabs (x[0] - 1.0), fabs (x[1] - 1.0));
  g_assert_cmpfloat (fabs (x[0] - 1.0), <=, 1e-3);
  g_assert_cmpfloat (fabs (x[1] - 1.0), <=, 1e-3);
}

/* --- L-BFGS -------------------------------------------------------------------------- */

/* Run L-BFGS until |x - xstar|_inf <= tol, checking from outside that every accepted step
 * s = x_new - x satisfies the strong Wolfe conditions (scale-free form: alpha p = s) and that
 * the returned loss and gradient are f's at the returned point. Returns the iterations. */
static guint
run_lbfgs (PlOptimizer     *opt,
           double          *x,
           PlObjectiveFunc  f,
           gpointer         data,
           const double    *xstar,
           double           tol,
           guint            max_iter)
{
  const PlOptimizerConfig *cfg = pl_optimizer_get_config (opt);
  gsize n = pl_optimizer_get_n_params (opt);
  g_autofree double *g = g_new (double, n);
  g_autofree double *x_old = g_new (double, n);
  g_autofree double *g_old = g_new (double, n);
  g_autofree double *g_chk = g_new (double, n);
  double loss = f (x, g, data);
  guint iter = 0;

  while (ref_max_abs_diff (n, x, xstar) > tol && iter < max_iter)
    {
      g_autoptr(GError) error = NULL;
      double loss_old = loss, gs_old = 0.0, gs_new = 0.0;

      memcpy (x_old, x, n * sizeof (double));
      memcpy (g_old, g, n * sizeof (double));
      if (!pl_lbfgs_step (opt, x, &loss, g, f, data, &error))
        g_error ("iteration %u, |x - x*| = %g: %s", iter, ref_max_abs_diff (n, x, xstar),
                 error->message);
      iter++;

      for (gsize i = 0; i < n; i++)
        {
          gs_old += g_old[i] * (x[i] - x_old[i]);
          gs_new += g[i] * (x[i] - x_old[i]);
        }
      g_assert_cmpfloat (gs_old, <, 0.0);
      g_assert_cmpfloat (loss, <=, loss_old + cfg->c1 * gs_old);
      g_assert_cmpfloat (fabs (gs_new), <=, cfg->c2 * fabs (gs_old));
      g_assert_cmpfloat (f (x, g_chk, data), ==, loss);
      g_assert_cmpmem (g_chk, n * sizeof (double), g, n * sizeof (double));
    }
  return iter;
}

static void
test_lbfgs_rosenbrock (void)
{
  for (gsize n = 2; n <= 10; n += 8)
    {
      PlOptimizerConfig cfg;
      g_autoptr(PlOptimizer) opt = NULL;
      g_autofree double *x = g_new (double, n);
      g_autofree double *ones = g_new (double, n);
      guint iter;

      for (gsize i = 0; i < n; i++)
        {
          x[i] = i % 2 == 0 ? -1.2 : 1.0;
          ones[i] = 1.0;
        }
      pl_optimizer_config_init (&cfg, PL_OPTIMIZER_LBFGS);
      opt = ref_optimizer_new (&cfg, n);
      iter = run_lbfgs (opt, x, ref_rosenbrock, GSIZE_TO_POINTER (n), ones, 1e-8, 100);
      g_test_message ("L-BFGS on %" G_GSIZE_FORMAT "-D Rosenbrock: %u iterations, "
                      "%" G_GUINT64_FORMAT " evaluations", n, iter,
                      pl_optimizer_get_n_evaluations (opt));
      g_assert_cmpuint (iter, <, 100);
      g_assert_cmpfloat (ref_max_abs_diff (n, x, ones), <=, 1e-8);
      g_assert_cmpuint (pl_optimizer_get_step (opt), ==, iter);
    }
}

static void
test_lbfgs_quadratic (void)
{
  const gsize n = 8;
  double eig[8];
  PlRng rng;
  RefQuadratic *q;

  for (gsize i = 0; i < n; i++)
    eig[i] = pow (10.0, 2.0 * (double) i / (double) (n - 1)); /* 1 .. 100 */
  pl_rng_init (&rng, ref_test_seed () + 1);
  q = ref_quadratic_new (n, eig, &rng);

  /* With m >= n and exact line searches L-BFGS is BFGS, which on a quadratic produces the
   * conjugate-gradient iterates and stops after n steps (Nocedal & Wright, Theorem 6.4 and
   * section 5.1). A tight curvature condition (c2 = 1e-6) makes the line search exact: the
   * cubic through two points of a parabola is the parabola. Allow one step for rounding.
   * With the default c2 = 0.9 unit steps are accepted and the iteration only converges
   * superlinearly (34 iterations here). */
  for (guint tight = 0; tight < 2; tight++)
    {
      PlOptimizerConfig cfg;
      g_autoptr(PlOptimizer) opt = NULL;
      double x[8] = { 0 };
      guint iter;

      pl_optimizer_config_init (&cfg, PL_OPTIMIZER_LBFGS);
      cfg.history = 10;
      if (tight)
        {
          cfg.c1 = 1e-8;
          cfg.c2 = 1e-6;
        }
      opt = ref_optimizer_new (&cfg, n);
      iter = run_lbfgs (opt, x, ref_quadratic, q, q->xstar, 1e-8, 60);
      g_test_message ("L-BFGS on an 8-D quadratic (condition 100, c2 = %g): %u iterations, "
                      "%" G_GUINT64_FORMAT " evaluations", cfg.c2, iter,
                      pl_optimizer_get_n_evaluations (opt));
      g_assert_cmpfloat (ref_max_abs_diff (n, x, q->xstar), <=, 1e-8);
      if (tight)
        g_assert_cmpuint (iter, <=, n + 1);
    }

  /* The first step (along -g, no history) with the tight line search lands on the exact
   * minimiser along the line, alpha* = g^T g / g^T A g, within four evaluations: one trial,
   * at most one extrapolation (to 2.1 .. 5 times the trial), the cubic through two points of
   * a parabola, which is exact, and one more when that falls within 1% of an end of the
   * interval, where the safeguard holds it back once. */
  {
    PlOptimizerConfig cfg;
    g_autoptr(PlOptimizer) opt = NULL;
    g_autoptr(GError) error = NULL;
    double x[8] = { 0 }, g[8], g0[8], xe[8], loss, gg = 0.0, gag = 0.0;

    pl_optimizer_config_init (&cfg, PL_OPTIMIZER_LBFGS);
    cfg.c1 = 1e-8;
    cfg.c2 = 1e-6;
    opt = ref_optimizer_new (&cfg, n);
    loss = ref_quadratic (x, g, q);
    memcpy (g0, g, sizeof g);
    for (gsize i = 0; i < n; i++)
      {
        double ag = 0.0;

        for (gsize j = 0; j < n; j++)
          ag += q->a[i * n + j] * g0[j];
        gg += g0[i] * g0[i];
        gag += g0[i] * ag;
      }
    for (gsize i = 0; i < n; i++)
      xe[i] = -gg / gag * g0[i];
    g_assert_true (pl_lbfgs_step (opt, x, &loss, g, ref_quadratic, q, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (ref_max_abs_diff (n, x, xe), <=, 1e-12);
    g_assert_cmpuint (pl_optimizer_get_n_evaluations (opt), <=, 4);
  }
  ref_quadratic_free (q);
}

static double
nan_away_from_start (const double *x,
                     double       *g,
                     gpointer      user_data)
{
  g[0] = 2.0 * x[0];
  g[1] = 2.0 * x[1];
  return x[0] == 1.0 && x[1] == -1.0 ? x[0] * x[0] + x[1] * x[1] : NAN;
}

/* The gradient of x^2 with the wrong sign: no step along -g decreases f. */
static double
lying_gradient (const double *x,
                double       *g,
                gpointer      user_data)
{
  g[0] = -2.0 * x[0];
  g[1] = -2.0 * x[1];
  return x[0] * x[0] + x[1] * x[1];
}

static void
test_lbfgs_failures (void)
{
  PlObjectiveFunc funcs[2] = { nan_away_from_start, lying_gradient };

  for (guint k = 0; k < 2; k++)
    {
      PlOptimizerConfig cfg;
      g_autoptr(PlOptimizer) opt = NULL;
      g_autoptr(GError) error = NULL;
      double x[2] = { 1.0, -1.0 }, g[2], loss, x0[2], g0[2], loss0;

      pl_optimizer_config_init (&cfg, PL_OPTIMIZER_LBFGS);
      opt = ref_optimizer_new (&cfg, 2);
      loss = funcs[k] (x, g, NULL);
      memcpy (x0, x, sizeof x);
      memcpy (g0, g, sizeof g);
      loss0 = loss;
      g_assert_false (pl_lbfgs_step (opt, x, &loss, g, funcs[k], NULL, &error));
      g_assert_error (error, PL_ERROR, PL_ERROR_NUMERIC);
      g_assert_cmpmem (x, sizeof x, x0, sizeof x0);
      g_assert_cmpmem (g, sizeof g, g0, sizeof g0);
      g_assert_cmpfloat (loss, ==, loss0);
      g_assert_cmpuint (pl_optimizer_get_step (opt), ==, 0);
      g_assert_cmpuint (pl_optimizer_get_n_evaluations (opt), <=, cfg.max_evaluations);
    }

  /* A non-finite loss or gradient on entry is refused before anything is evaluated. */
  {
    PlOptimizerConfig cfg;
    g_autoptr(PlOptimizer) opt = NULL;
    g_autoptr(GError) error = NULL;
    double x[2] = { 0.5, 0.5 }, g[2] = { 1.0, INFINITY }, loss = 1.0;

    pl_optimizer_config_init (&cfg, PL_OPTIMIZER_LBFGS);
    opt = ref_optimizer_new (&cfg, 2);
    g_assert_false (pl_lbfgs_step (opt, x, &loss, g, ref_rosenbrock, GSIZE_TO_POINTER (2), &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_NUMERIC);
    g_clear_error (&error);
    g[1] = 1.0;
    loss = NAN;
    g_assert_false (pl_lbfgs_step (opt, x, &loss, g, ref_rosenbrock, GSIZE_TO_POINTER (2), &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_NUMERIC);
    g_assert_cmpuint (pl_optimizer_get_n_evaluations (opt), ==, 0);
  }
}

static double
half_norm2 (const double *x,
            double       *g,
            gpointer      user_data)
{
  g[0] = x[0];
  g[1] = x[1];
  return 0.5 * (x[0] * x[0] + x[1] * x[1]);
}

static void
test_lbfgs_retry (void)
{
  /* A history claiming curvature 1e6 makes the quasi-Newton step 1e-6 of what f = |x|^2/2
   * needs; five evaluations extrapolate at most to 4^5 times the first trial, so the line
   * search fails and the step restarts along -g, where the first trial (length 1 / |g|, that
   * is alpha = 0.2) satisfies both Wolfe conditions: 5 + 1 evaluations. */
  const char *state_json =
    "{\"format\": \"plateau-optimizer-state\", \"version\": 1,"
    " \"config\": {\"kind\": \"lbfgs\", \"max_evaluations\": 5},"
    " \"n_params\": 2, \"step\": 7, \"n_evaluations\": 0, \"lr_scale\": [1, 1],"
    " \"lbfgs_s\": [[1, 0]], \"lbfgs_y\": [[1e6, 0]]}";
  g_autoptr(JsonNode) node = json_from_string (state_json, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlOptimizer) opt = pl_optimizer_new_from_state (node, &error);
  double x[2] = { 3.0, 4.0 }, g[2], loss;

  g_assert_no_error (error);
  loss = half_norm2 (x, g, NULL);
  g_assert_true (pl_lbfgs_step (opt, x, &loss, g, half_norm2, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pl_optimizer_get_n_evaluations (opt), ==, 6);
  g_assert_cmpfloat_with_epsilon (x[0], 3.0 * 0.8, 1e-15);
  g_assert_cmpfloat_with_epsilon (x[1], 4.0 * 0.8, 1e-15);
  g_assert_cmpfloat_with_epsilon (loss, 0.5 * 25.0 * 0.64, 1e-13);
  g_assert_cmpuint (pl_optimizer_get_step (opt), ==, 8);
}

/* --- frozen blocks ------------------------------------------------------------------- */

static void
test_frozen_blocks (void)
{
  /* Adam on 6 parameters with [2, 4) frozen must move the free ones exactly as Adam on the 4
   * free ones alone, and leave the frozen ones (one of them -0.0) bit-identical. */
  PlOptimizerConfig cfg;
  g_autoptr(PlOptimizer) full = NULL;
  g_autoptr(PlOptimizer) part = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = NULL;
  double x[6] = { 0.1, -0.2, -0.0, 0.4, 0.5, -0.6 }, xp[4], x_frozen[2], g[6], gp[4];
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 2);
  pl_optimizer_config_init (&cfg, PL_OPTIMIZER_ADAM);
  cfg.schedule.lr = 0.01;
  cfg.weight_decay = 0.01;
  full = ref_optimizer_new (&cfg, 6);
  part = ref_optimizer_new (&cfg, 4);
  g_assert_true (pl_optimizer_set_block_scale (full, 2, 2, 0.0, &error));
  g_assert_no_error (error);
  xp[0] = x[0], xp[1] = x[1], xp[2] = x[4], xp[3] = x[5];
  memcpy (x_frozen, x + 2, sizeof x_frozen);

  for (guint s = 0; s < 50; s++)
    {
      for (int i = 0; i < 6; i++)
        g[i] = pl_rng_normal (&rng);
      g[3] = NAN; /* a frozen entry is not read */
      gp[0] = g[0], gp[1] = g[1], gp[2] = g[4], gp[3] = g[5];
      ref_optimizer_step (full, x, g);
      ref_optimizer_step (part, xp, gp);
    }
  g_assert_cmpmem (x + 2, sizeof x_frozen, x_frozen, sizeof x_frozen);
  g_assert_cmpmem (x, 2 * sizeof (double), xp, 2 * sizeof (double));
  g_assert_cmpmem (x + 4, 2 * sizeof (double), xp + 2, 2 * sizeof (double));

  /* The frozen parameters' moments were never touched. */
  state = pl_optimizer_save_state (full);
  {
    JsonObject *o = json_node_get_object (state);

    for (guint i = 2; i < 4; i++)
      {
        g_assert_cmpfloat (json_array_get_double_element (json_object_get_array_member (o,
                           "adam_m"), i), ==, 0.0);
        g_assert_cmpfloat (json_array_get_double_element (json_object_get_array_member (o,
                           "adam_v"), i), ==, 0.0);
        g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (o,
                         "adam_t"), i), ==, 0);
      }
  }

  /* Thawed, a parameter starts fresh (its own t = 1): its first move is lr |g| / (|g| + eps),
   * scaled by its multiplier (here 0.5). */
  g_assert_true (pl_optimizer_set_block_scale (full, 2, 2, 0.5, &error));
  for (int i = 0; i < 6; i++)
    g[i] = 1.0;
  memcpy (x_frozen, x + 2, sizeof x_frozen);
  ref_optimizer_step (full, x, g);
  for (int i = 0; i < 2; i++)
    g_assert_cmpfloat_with_epsilon (x_frozen[i] - x[2 + i],
                                    0.5 * 0.01 * (1.0 / (1.0 + 1e-8) + 0.01 * x_frozen[i]),
                                    1e-15);

  /* Out-of-range blocks and bad scales are user errors. */
  g_assert_false (pl_optimizer_set_block_scale (full, 5, 2, 0.0, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pl_optimizer_set_block_scale (full, 0, 1, -1.0, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* SGD with momentum: frozen entries bit-identical. */
  {
    g_autoptr(PlOptimizer) sgd = NULL;
    double y[4] = { 1.0, 2.0, 3.0, 4.0 }, y0[4], h[4] = { 1.0, 1.0, 1.0, 1.0 };
    double scale[4] = { 1.0, 0.0, 1.0, 0.0 };

    pl_optimizer_config_init (&cfg, PL_OPTIMIZER_SGD);
    sgd = ref_optimizer_new (&cfg, 4);
    g_assert_true (pl_optimizer_set_lr_scale (sgd, scale, &error));
    g_assert_no_error (error);
    memcpy (y0, y, sizeof y);
    for (int s = 0; s < 5; s++)
      ref_optimizer_step (sgd, y, h);
    g_assert_cmpfloat (y[1], ==, y0[1]);
    g_assert_cmpfloat (y[3], ==, y0[3]);
    g_assert_cmpfloat (y[0], <, y0[0]);
  }

  /* L-BFGS with a frozen block minimises over the free block only: on a quadratic the result
   * solves A_FF (x_F - xstar_F) = -A_FC (x_C - xstar_C) (dense reference solve). The frozen
   * values, one of them -0.0, stay bit-identical. */
  {
    const double eig[6] = { 1.0, 2.0, 3.0, 5.0, 8.0, 13.0 };
    const guint fr[4] = { 0, 1, 4, 5 };
    RefQuadratic *q = ref_quadratic_new (6, eig, &rng);
    g_autoptr(PlOptimizer) lb = NULL;
    double z[6] = { 0.3, 0.3, -0.0, 2.0, 0.3, 0.3 }, z0[6], zstar[6], m[16], r[4], zf[4];

    pl_optimizer_config_init (&cfg, PL_OPTIMIZER_LBFGS);
    lb = ref_optimizer_new (&cfg, 6);
    g_assert_true (pl_optimizer_set_block_scale (lb, 2, 2, 0.0, &error));
    for (int i = 0; i < 4; i++)
      {
        for (int j = 0; j < 4; j++)
          m[i * 4 + j] = q->a[fr[i] * 6 + fr[j]];
        r[i] = -q->a[fr[i] * 6 + 2] * (z[2] - q->xstar[2]) -
               q->a[fr[i] * 6 + 3] * (z[3] - q->xstar[3]);
      }
    ref_solve (4, m, r, zf);
    memcpy (z0, z, sizeof z);
    memcpy (zstar, z, sizeof z);
    for (int i = 0; i < 4; i++)
      zstar[fr[i]] = q->xstar[fr[i]] + zf[i];
    /* At the constrained minimum f is about 10, so f resolves x only to about sqrt (eps). */
    run_lbfgs (lb, z, ref_quadratic, q, zstar, 1e-6, 50);
    g_assert_cmpfloat (ref_max_abs_diff (6, z, zstar), <=, 1e-6);
    g_assert_cmpmem (z + 2, 2 * sizeof (double), z0 + 2, 2 * sizeof (double));
    ref_quadratic_free (q);
  }
}

/* --- non-finite gradients ------------------------------------------------------------ */

static void
test_nan_gradient (void)
{
  const double bad[2] = { NAN, INFINITY };

  for (guint kind = 0; kind < 2; kind++)
    for (guint b = 0; b < 2; b++)
      {
        PlOptimizerConfig cfg;
        g_autoptr(PlOptimizer) opt = NULL;
        g_autoptr(PlOptimizer) fresh = NULL;
        g_autoptr(GError) error = NULL;
        double x[3] = { 1.0, 2.0, 3.0 }, x0[3], y[3], g[3] = { 0.1, 0.2, 0.3 };

        pl_optimizer_config_init (&cfg, (PlOptimizerKind) kind);
        opt = ref_optimizer_new (&cfg, 3);
        fresh = ref_optimizer_new (&cfg, 3);
        memcpy (x0, x, sizeof x);
        g[1] = bad[b];
        g_assert_false (pl_optimizer_step (opt, x, g, &error));
        g_assert_error (error, PL_ERROR, PL_ERROR_NUMERIC);
        g_assert_nonnull (strstr (error->message, "entry 1"));
        g_assert_cmpmem (x, sizeof x, x0, sizeof x0);
        g_assert_cmpuint (pl_optimizer_get_step (opt), ==, 0);

        /* The refused step left no trace: the next good step matches a fresh optimiser's. */
        g[1] = 0.2;
        memcpy (y, x, sizeof x);
        ref_optimizer_step (opt, x, g);
        ref_optimizer_step (fresh, y, g);
        g_assert_cmpmem (x, sizeof x, y, sizeof y);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Optim/adam-first-steps", test_adam_first_steps);
  g_test_add_func ("/Plateau/Optim/sgd-first-steps", test_sgd_first_steps);
  g_test_add_func ("/Plateau/Optim/quadratic-convergence", test_quadratic_convergence);
  g_test_add_func ("/Plateau/Optim/adam-rosenbrock", test_adam_rosenbrock);
  g_test_add_func ("/Plateau/Optim/lbfgs-rosenbrock", test_lbfgs_rosenbrock);
  g_test_add_func ("/Plateau/Optim/lbfgs-quadratic", test_lbfgs_quadratic);
  g_test_add_func ("/Plateau/Optim/lbfgs-failures", test_lbfgs_failures);
  g_test_add_func ("/Plateau/Optim/lbfgs-retry", test_lbfgs_retry);
  g_test_add_func ("/Plateau/Optim/frozen-blocks", test_frozen_blocks);
  g_test_add_func ("/Plateau/Optim/nan-gradient", test_nan_gradient);

  return g_test_run ();
}
