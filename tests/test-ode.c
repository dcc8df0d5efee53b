/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-ode.c: the Dormand-Prince integrator against closed-form solutions and a conserved
 * quantity, its error control against the tolerance, and its failure modes.
 */
#include <plateau/plateau.h>

#include <math.h>

/* y_k' = -lambda_k y_k, y_k(t) = y_k(0) exp (-lambda_k t). */
static void
decay (double        t,
       const double *y,
       double       *dydt,
       gpointer      user_data)
{
  const double *lambda = user_data;

  for (guint k = 0; k < 3; k++)
    dydt[k] = -lambda[k] * y[k];
}

/* y'' = -w^2 y as (y, v); y = cos (w t) + (v0 / w) sin (w t). */
static void
oscillator (double        t,
            const double *y,
            double       *dydt,
            gpointer      user_data)
{
  double w = *(const double *) user_data;

  dydt[0] = y[1];
  dydt[1] = -w * w * y[0];
}

typedef struct {
  double alpha, beta, gamma, delta;
} LotkaVolterra;

/* x' = alpha x - beta x y, y' = delta x y - gamma y. */
static void
lotka_volterra (double        t,
                const double *y,
                double       *dydt,
                gpointer      user_data)
{
  const LotkaVolterra *p = user_data;

  dydt[0] = p->alpha * y[0] - p->beta * y[0] * y[1];
  dydt[1] = p->delta * y[0] * y[1] - p->gamma * y[1];
}

/* The first integral of Lotka-Volterra: dV/dt = 0 along solutions. */
static double
lotka_volterra_v (const LotkaVolterra *p,
                  double               x,
                  double               y)
{
  return p->delta * x - p->gamma * log (x) + p->beta * y - p->alpha * log (y);
}

/* y' = y^2, y(0) = 1: y = 1 / (1 - t) blows up at t = 1. */
static void
blow_up (double        t,
         const double *y,
         double       *dydt,
         gpointer      user_data)
{
  dydt[0] = y[0] * y[0];
}

static void
test_exponential_decay (void)
{
  double lambda[3] = { 1.3, 0.2, 4.0 };
  double y0[3] = { 1.0, -2.0, 0.5 };
  double t_out[50], y_out[150];
  PlOdeOptions o;
  PlOdeStats stats;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < 50; i++)
    t_out[i] = 0.1 * (i + 1);
  pl_ode_options_init (&o);
  o.rtol = 1e-12;
  o.atol = 1e-14;
  g_assert_true (pl_ode_solve (decay, lambda, 3, 0.0, y0, 50, t_out, &o, y_out, &stats, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < 3; k++)
    for (guint i = 0; i < 50; i++)
      g_assert_cmpfloat_with_epsilon (y_out[k * 50 + i], y0[k] * exp (-lambda[k] * t_out[i]),
                                      1e-10 * fabs (y0[k]));
  /* First same as last: one evaluation to start, one for the starting step size, six per
   * attempted step. */
  g_assert_cmpuint (stats.n_evals, ==, 2 + 6 * (stats.n_accepted + stats.n_rejected));
}

static void
test_harmonic_oscillator (void)
{
  double w = 2.0, v0 = 0.5;
  double y0[2] = { 1.0, v0 };
  double t_out[200], y_out[400];
  double max_err = 0.0;
  PlOdeOptions o;
  g_autoptr (GError) error = NULL;

  /* Ten periods, so phase errors have time to accumulate. */
  for (guint i = 0; i < 200; i++)
    t_out[i] = (i + 1) * (10.0 * G_PI) / 200.0;
  pl_ode_options_init (&o);
  o.rtol = 1e-13;
  o.atol = 1e-13;
  g_assert_true (pl_ode_solve (oscillator, &w, 2, 0.0, y0, 200, t_out, &o, y_out, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    {
      double t = t_out[i];
      double y = cos (w * t) + v0 / w * sin (w * t);
      double v = -w * sin (w * t) + v0 * cos (w * t);

      max_err = MAX (max_err, MAX (fabs (y_out[i] - y), fabs (y_out[200 + i] - v)));
    }
  g_test_message ("oscillator: max error %.3g over 10 periods", max_err);
  g_assert_cmpfloat (max_err, <, 1e-10);
}

/* The global error must follow the tolerance: tighter tolerance, smaller error, and a 5th-order
 * method needs about (1e5)^(1/5) = 10 times the steps for a 1e5 times smaller tolerance. */
static void
test_tolerance_scaling (void)
{
  double w = 1.0;
  double y0[2] = { 1.0, 0.0 };
  double t_out = 20.0, y_out[2];
  double tols[4] = { 1e-4, 1e-6, 1e-8, 1e-10 };
  double errs[4];
  gsize steps_5 = 0, steps_10 = 0;

  for (guint j = 0; j < 4; j++)
    {
      PlOdeOptions o;
      PlOdeStats stats;
      g_autoptr (GError) error = NULL;

      pl_ode_options_init (&o);
      o.rtol = tols[j];
      o.atol = tols[j];
      g_assert_true (pl_ode_solve (oscillator, &w, 2, 0.0, y0, 1, &t_out, &o, y_out, &stats,
                                   &error));
      g_assert_no_error (error);
      errs[j] = hypot (y_out[0] - cos (t_out), y_out[1] + sin (t_out));
      g_test_message ("tol %.0e: error %.3g, %" G_GSIZE_FORMAT " steps", tols[j], errs[j],
                      stats.n_accepted);
      g_assert_cmpfloat (errs[j], <, 100.0 * tols[j]);
      if (j > 0)
        g_assert_cmpfloat (errs[j], <, errs[j - 1] / 10.0);
    }

  for (guint j = 0; j < 2; j++)
    {
      PlOdeOptions o;
      PlOdeStats stats;

      pl_ode_options_init (&o);
      o.rtol = o.atol = j == 0 ? 1e-5 : 1e-10;
      g_assert_true (pl_ode_solve (oscillator, &w, 2, 0.0, y0, 1, &t_out, &o, y_out, &stats,
                                   NULL));
      if (j == 0)
        steps_5 = stats.n_accepted;
      else
        steps_10 = stats.n_accepted;
    }
  g_assert_cmpfloat ((double) steps_10 / steps_5, >, 6.0);
  g_assert_cmpfloat ((double) steps_10 / steps_5, <, 16.0);
}

static void
test_lotka_volterra (void)
{
  LotkaVolterra p = { 1.5, 1.0, 3.0, 1.0 };
  double y0[2] = { 10.0, 5.0 };
  enum { N = 400 };
  double t_out[N], y_out[2 * N];
  double v0 = lotka_volterra_v (&p, y0[0], y0[1]), max_dev = 0.0;
  double x_min = G_MAXDOUBLE, x_max = 0.0;
  guint crossings = 0;
  PlOdeOptions o;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < N; i++)
    t_out[i] = (i + 1) * 20.0 / N;
  pl_ode_options_init (&o);
  o.rtol = 1e-12;
  o.atol = 1e-12;
  g_assert_true (pl_ode_solve (lotka_volterra, &p, 2, 0.0, y0, N, t_out, &o, y_out, NULL,
                               &error));
  g_assert_no_error (error);
  for (guint i = 0; i < N; i++)
    {
      double x = y_out[i], y = y_out[N + i];

      max_dev = MAX (max_dev, fabs (lotka_volterra_v (&p, x, y) - v0));
      x_min = MIN (x_min, x);
      x_max = MAX (x_max, x);
      /* Count upward crossings of the equilibrium x* = gamma / delta to see whole periods. */
      if (i > 0 && y_out[i - 1] < p.gamma / p.delta && x >= p.gamma / p.delta)
        crossings++;
    }
  g_test_message ("Lotka-Volterra: |V - V0| <= %.3g over %u periods", max_dev, crossings);
  g_assert_cmpuint (crossings, >=, 3);
  g_assert_cmpfloat (x_max - x_min, >, 5.0);
  g_assert_cmpfloat (max_dev, <, 1e-8);
}

/* Forwards to t = 2, then backwards to t = 0 must return to y0 and meet the closed form. */
static void
test_backwards (void)
{
  double lambda[3] = { 0.5, 1.0, -0.3 };
  double y0[3] = { 1.0, 2.0, 3.0 };
  double t_fwd = 2.0, t_back[2] = { 1.0, 0.0 };
  double y1[3], yb[6];
  PlOdeOptions o;
  g_autoptr (GError) error = NULL;

  pl_ode_options_init (&o);
  o.rtol = 1e-12;
  o.atol = 1e-14;
  g_assert_true (pl_ode_solve (decay, lambda, 3, 0.0, y0, 1, &t_fwd, &o, y1, NULL, &error));
  g_assert_true (pl_ode_solve (decay, lambda, 3, 2.0, y1, 2, t_back, &o, yb, NULL, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < 3; k++)
    {
      g_assert_cmpfloat_with_epsilon (yb[2 * k], y0[k] * exp (-lambda[k]), 1e-10);
      g_assert_cmpfloat_with_epsilon (yb[2 * k + 1], y0[k], 1e-10);
    }
}

/* Output times equal to t0 or repeated return the state there unchanged. */
static void
test_repeated_times (void)
{
  double lambda[3] = { 1.0, 1.0, 1.0 };
  double y0[3] = { 1.0, 2.0, 3.0 };
  double t_out[4] = { 0.0, 0.0, 1.0, 1.0 };
  double y_out[12];
  PlOdeOptions o;
  g_autoptr (GError) error = NULL;

  pl_ode_options_init (&o);
  o.rtol = 1e-12;
  o.atol = 1e-14;
  g_assert_true (pl_ode_solve (decay, lambda, 3, 0.0, y0, 4, t_out, &o, y_out, NULL, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < 3; k++)
    {
      g_assert_cmpfloat (y_out[4 * k], ==, y0[k]);
      g_assert_cmpfloat (y_out[4 * k + 1], ==, y0[k]);
      g_assert_cmpfloat_with_epsilon (y_out[4 * k + 2], y0[k] * exp (-1.0), 1e-11);
      g_assert_cmpfloat (y_out[4 * k + 3], ==, y_out[4 * k + 2]);
    }
}

static void
test_max_steps (void)
{
  double w = 1.0;
  double y0[2] = { 1.0, 0.0 };
  double t_out = 1000.0, y_out[2];
  PlOdeOptions o;
  PlOdeStats stats;
  g_autoptr (GError) error = NULL;

  pl_ode_options_init (&o);
  o.max_steps = 50;
  g_assert_false (pl_ode_solve (oscillator, &w, 2, 0.0, y0, 1, &t_out, &o, y_out, &stats,
                                &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NUMERIC);
  g_assert_nonnull (strstr (error->message, "max_steps = 50"));
  g_assert_cmpuint (stats.n_accepted + stats.n_rejected, ==, 50);
}

static void
test_blow_up (void)
{
  double y0 = 1.0, t_out = 2.0, y_out;
  g_autoptr (GError) error = NULL;

  g_assert_false (pl_ode_solve (blow_up, NULL, 1, 0.0, &y0, 1, &t_out, NULL, &y_out, NULL,
                                &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NUMERIC);
}

static void
test_bad_arguments (void)
{
  double w = 1.0;
  double y0[2] = { 1.0, 0.0 }, y_nan[2] = { NAN, 0.0 };
  double t_ok[2] = { 1.0, 2.0 }, t_bad[2] = { 2.0, 1.0 };
  double y_out[4];
  PlOdeOptions o;
  GError *error = NULL;

  g_assert_false (pl_ode_solve (oscillator, &w, 0, 0.0, y0, 2, t_ok, NULL, y_out, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "dim = 0"));
  g_clear_error (&error);

  g_assert_false (pl_ode_solve (oscillator, &w, 2, 0.0, y0, 0, t_ok, NULL, y_out, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* 2 then 1 from t0 = 0: the last time says forwards, the order says otherwise. */
  g_assert_false (pl_ode_solve (oscillator, &w, 2, 0.0, y0, 2, t_bad, NULL, y_out, NULL,
                                &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "t_out[1] = 1"));
  g_clear_error (&error);

  g_assert_false (pl_ode_solve (oscillator, &w, 2, 0.0, y_nan, 2, t_ok, NULL, y_out, NULL,
                                &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "y0[0]"));
  g_clear_error (&error);

  pl_ode_options_init (&o);
  o.rtol = 0.0;
  g_assert_false (pl_ode_solve (oscillator, &w, 2, 0.0, y0, 2, t_ok, &o, y_out, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "rtol = 0"));
  g_clear_error (&error);

  pl_ode_options_init (&o);
  o.max_steps = 0;
  g_assert_false (pl_ode_solve (oscillator, &w, 2, 0.0, y0, 2, t_ok, &o, y_out, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Ode/exponential-decay", test_exponential_decay);
  g_test_add_func ("/Plateau/Ode/harmonic-oscillator", test_harmonic_oscillator);
  g_test_add_func ("/Plateau/Ode/tolerance-scaling", test_tolerance_scaling);
  g_test_add_func ("/Plateau/Ode/lotka-volterra", test_lotka_volterra);
  g_test_add_func ("/Plateau/Ode/backwards", test_backwards);
  g_test_add_func ("/Plateau/Ode/repeated-times", test_repeated_times);
  g_test_add_func ("/Plateau/Ode/max-steps", test_max_steps);
  g_test_add_func ("/Plateau/Ode/blow-up", test_blow_up);
  g_test_add_func ("/Plateau/Ode/bad-arguments", test_bad_arguments);

  return g_test_run ();
}
