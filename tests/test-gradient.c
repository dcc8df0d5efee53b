/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Gradients: adjoint, parameter shift and finite differences against each other and against
 * central differences of the dense-matrix reference simulation (which shares no code with
 * the kernels or the gradient code).
 */
#include "reference.h"

#include <math.h>
#include <string.h>

typedef struct {
  PlCircuitArgs args;
  double       *params;
  double       *inputs;
  double       *external;
  double       *weights;
} Setup;

static void
setup_random (PlRng           *rng,
              const PlCircuit *c,
              gsize            batch,
              gboolean         batched,
              guint            n_obs,
              Setup           *s)
{
  gsize np = (gsize) c->n_params * (batched ? batch : 1);

  s->params = g_new (double, MAX (np, 1));
  s->inputs = g_new (double, MAX (c->n_inputs * batch, 1));
  s->external = g_new (double, MAX (c->n_external * batch, 1));
  s->weights = g_new (double, n_obs * batch);
  for (gsize i = 0; i < np; i++)
    s->params[i] = 2 * G_PI * pl_rng_uniform (rng);
  for (gsize i = 0; i < c->n_inputs * batch; i++)
    s->inputs[i] = 2 * pl_rng_uniform (rng) - 1;
  for (gsize i = 0; i < c->n_external * batch; i++)
    s->external[i] = 4 * pl_rng_uniform (rng) - 2;
  for (gsize i = 0; i < n_obs * batch; i++)
    s->weights[i] = 2 * pl_rng_uniform (rng) - 1;
  s->args = (PlCircuitArgs) { batch, s->params, batched, s->inputs, s->external };
}

static void
setup_clear (Setup *s)
{
  g_free (s->params);
  g_free (s->inputs);
  g_free (s->external);
  g_free (s->weights);
}

static PlObservable *
random_observable (PlRng *rng,
                   guint  n)
{
  GString *text = g_string_new (NULL);
  static const char letters[] = "XYZ";
  guint terms = 1 + pl_rng_below (rng, 3);
  PlObservable *obs;

  switch (pl_rng_below (rng, 5))
    {
    case 0:
      g_string_free (text, TRUE);
      return pl_observable_parse ("global", n, NULL);
    case 1:
      g_string_free (text, TRUE);
      return pl_observable_parse ("local", n, NULL);
    default:
      break;
    }
  for (guint t = 0; t < terms; t++)
    {
      guint used = 0;
      g_string_append_printf (text, "%s%.3f", t ? " + " : "", pl_rng_uniform (rng) * 2 - 1);
      for (guint q = 0; q < n; q++)
        if (pl_rng_below (rng, 2) && used < 3)
          {
            g_string_append_printf (text, " %c%u", letters[pl_rng_below (rng, 3)], q);
            used++;
          }
    }
  obs = pl_observable_parse (text->str, n, NULL);
  g_assert_nonnull (obs);
  g_string_free (text, TRUE);
  return obs;
}

static double
grad_scale (const double *g,
            gsize         n)
{
  double m = 1.0;

  for (gsize i = 0; i < n; i++)
    m = MAX (m, fabs (g[i]));
  return m;
}

/* Adjoint against central differences of the dense reference, element by element. */
static void
test_adjoint_vs_dense_fd (void)
{
  PlRng rng;
  const double h = 1e-6;

  pl_rng_init (&rng, ref_test_seed () + 1);
  for (guint n = 1; n <= 5; n++)
    for (guint rep = 0; rep < 3; rep++)
      {
        gsize batch = rep == 0 ? 1 : 3;
        gboolean batched = rep == 2;
        guint n_obs = 2;
        g_autoptr(PlCircuit) c = ref_random_circuit (&rng, n, 12 + 4 * n);
        PlObservable *obs[2] = { random_observable (&rng, n), random_observable (&rng, n) };
        Setup s;
        g_autofree double *gp = NULL;
        g_autofree double *gx = NULL;
        g_autofree double *ge = NULL;
        g_autofree double *values = g_new (double, n_obs * batch);
        PlCircuitGrad grad;
        g_autoptr(GError) error = NULL;
        gsize np_len;

        setup_random (&rng, c, batch, batched, n_obs, &s);
        gp = g_new (double, MAX (c->n_params * batch, 1));
        gx = g_new (double, MAX (c->n_inputs * batch, 1));
        ge = g_new (double, MAX (c->n_external * batch, 1));
        grad = (PlCircuitGrad) { gp, gx, ge };
        g_assert_true (pl_circuit_gradient (c, &s.args, n_obs, obs, s.weights, NULL, values,
                                            &grad, &error));
        g_assert_no_error (error);

        np_len = batched ? batch : 1;
        for (gsize b = 0; b < batch; b++)
          {
            /* expectation values against the dense reference */
            for (guint i = 0; i < n_obs; i++)
              g_assert_cmpfloat_with_epsilon (values[i * batch + b],
                                              ref_circuit_objective (c, &s.args, 1, &obs[i],
                                                                     NULL, b), 1e-11);

            for (guint k = 0; k < c->n_params; k++)
              {
                double *p = &s.params[k * np_len + (batched ? b : 0)];
                double saved = *p, fp, fm, fd;

                *p = saved + h;
                fp = ref_circuit_objective (c, &s.args, n_obs, obs, s.weights, b);
                *p = saved - h;
                fm = ref_circuit_objective (c, &s.args, n_obs, obs, s.weights, b);
                *p = saved;
                fd = (fp - fm) / (2 * h);
                g_assert_cmpfloat_with_epsilon (gp[k * batch + b], fd, 1e-7);
              }
            for (guint j = 0; j < c->n_inputs; j++)
              {
                double *x = &s.inputs[j * batch + b];
                double saved = *x, fp, fm;

                *x = saved + h;
                fp = ref_circuit_objective (c, &s.args, n_obs, obs, s.weights, b);
                *x = saved - h;
                fm = ref_circuit_objective (c, &s.args, n_obs, obs, s.weights, b);
                *x = saved;
                g_assert_cmpfloat_with_epsilon (gx[j * batch + b], (fp - fm) / (2 * h), 1e-7);
              }
            for (guint m = 0; m < c->n_external; m++)
              {
                double *e = &s.external[m * batch + b];
                double saved = *e, fp, fm;

                *e = saved + h;
                fp = ref_circuit_objective (c, &s.args, n_obs, obs, s.weights, b);
                *e = saved - h;
                fm = ref_circuit_objective (c, &s.args, n_obs, obs, s.weights, b);
                *e = saved;
                g_assert_cmpfloat_with_epsilon (ge[m * batch + b], (fp - fm) / (2 * h), 1e-7);
              }
          }
        setup_clear (&s);
        pl_observable_free (obs[0]);
        pl_observable_free (obs[1]);
      }
}

static void
compare_methods (const PlCircuit     *c,
                 const PlCircuitArgs *args,
                 guint                n_obs,
                 PlObservable *const *obs,
                 const double        *weights,
                 double               tol_ps,
                 double               tol_fd)
{
  gsize B = args->batch;
  gsize np = MAX ((gsize) c->n_params * B, 1);
  gsize nx = MAX ((gsize) c->n_inputs * B, 1);
  gsize ne = MAX ((gsize) c->n_external * B, 1);
  g_autofree double *a = g_new (double, np + nx + ne);
  g_autofree double *p = g_new (double, np + nx + ne);
  g_autofree double *f = g_new (double, np + nx + ne);
  PlCircuitGrad ga = { a, a + np, a + np + nx };
  PlCircuitGrad gp = { p, p + np, p + np + nx };
  PlCircuitGrad gf = { f, f + np, f + np + nx };
  PlDiffOptions adj = { PL_DIFF_ADJOINT, 0, NULL, 0 };
  PlDiffOptions ps = { PL_DIFF_PARAM_SHIFT, 0, NULL, 0 };
  PlDiffOptions fd = { PL_DIFF_FINITE_DIFF, 0, NULL, 1e-6 };
  g_autoptr(GError) error = NULL;
  double scale;

  g_assert_true (pl_circuit_gradient (c, args, n_obs, obs, weights, &adj, NULL, &ga, &error));
  g_assert_no_error (error);
  g_assert_true (pl_circuit_gradient (c, args, n_obs, obs, weights, &ps, NULL, &gp, &error));
  g_assert_no_error (error);
  g_assert_true (pl_circuit_gradient (c, args, n_obs, obs, weights, &fd, NULL, &gf, &error));
  g_assert_no_error (error);

  scale = grad_scale (a, c->n_params * B);
  for (gsize i = 0; i < (gsize) c->n_params * B; i++)
    {
      g_assert_cmpfloat_with_epsilon (a[i], p[i], tol_ps * scale);
      g_assert_cmpfloat_with_epsilon (a[i], f[i], tol_fd * scale);
    }
  for (gsize i = 0; i < (gsize) c->n_inputs * B; i++)
    {
      g_assert_cmpfloat_with_epsilon (ga.inputs[i], gp.inputs[i], tol_ps * scale);
      g_assert_cmpfloat_with_epsilon (ga.inputs[i], gf.inputs[i], tol_fd * scale);
    }
  for (gsize i = 0; i < (gsize) c->n_external * B; i++)
    {
      g_assert_cmpfloat_with_epsilon (ga.external[i], gp.external[i], tol_ps * scale);
      g_assert_cmpfloat_with_epsilon (ga.external[i], gf.external[i], tol_fd * scale);
    }
}

/* The three methods agree on random circuits of 1..8 qubits with batches. */
static void
test_methods_agree_random (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 2);
  for (guint n = 1; n <= 8; n++)
    {
      gsize batch = n % 2 ? 1 : 4;
      g_autoptr(PlCircuit) c = ref_random_circuit (&rng, n, 8 + 3 * n);
      PlObservable *obs[3] = { random_observable (&rng, n), random_observable (&rng, n),
                               random_observable (&rng, n) };
      Setup s;

      setup_random (&rng, c, batch, n % 4 == 0, 3, &s);
      compare_methods (c, &s.args, 3, obs, s.weights, 1e-11, 1e-7);
      compare_methods (c, &s.args, 1, obs, NULL, 1e-11, 1e-7);
      setup_clear (&s);
      for (guint i = 0; i < 3; i++)
        pl_observable_free (obs[i]);
    }
}

/* The three methods agree on every template. */
static void
test_methods_agree_templates (void)
{
  const char *const *names = pl_circuit_template_names ();
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 3);
  for (guint t = 0; names[t] != NULL; t++)
    {
      PlTemplateOptions opt = { .n_qubits = 4, .n_layers = 2, .seed = 9 };
      g_autoptr(GError) error = NULL;
      g_autoptr(PlCircuit) c = pl_circuit_new_template (names[t], &opt, &error);
      PlObservable *obs[2];
      Setup s;

      g_assert_no_error (error);
      g_assert_nonnull (c);
      obs[0] = pl_observable_parse ("Z0 Z1 + 0.5 X2", 4, NULL);
      obs[1] = pl_observable_parse ("local", 4, NULL);
      setup_random (&rng, c, 3, TRUE, 2, &s);
      compare_methods (c, &s.args, 2, obs, s.weights, 1e-11, 1e-7);
      setup_clear (&s);
      pl_observable_free (obs[0]);
      pl_observable_free (obs[1]);
    }
}

/* Parameter shift under shots: unbiased, with the variance the binomial statistics give. */
static void
test_param_shift_shots (void)
{
  const double theta = 0.7;
  const guint64 shots = 400;
  const int reps = 400;
  g_autoptr(PlCircuit) c = pl_circuit_new (1);
  g_autoptr(PlObservable) z = pl_observable_parse ("Z0", 1, NULL);
  guint w[1] = { 0 };
  double p[1] = { theta };
  PlCircuitArgs args = { 1, p, FALSE, NULL, NULL };
  PlRng rng;
  PlDiffOptions ps = { PL_DIFF_PARAM_SHIFT, shots, &rng, 0 };
  double sum = 0, sum2 = 0, mean, var, expected_var, exact = -sin (theta);
  double ep = cos (theta + G_PI_2), em = cos (theta - G_PI_2);

  g_assert_true (pl_circuit_append_trainable (c, PL_GATE_RY, w, NULL));
  pl_rng_init (&rng, ref_test_seed () + 4);
  for (int r = 0; r < reps; r++)
    {
      double g;
      PlCircuitGrad grad = { &g, NULL, NULL };

      g_assert_true (pl_circuit_gradient (c, &args, 1, &z, NULL, &ps, NULL, &grad, NULL));
      sum += g;
      sum2 += g * g;
    }
  mean = sum / reps;
  var = sum2 / reps - mean * mean;
  /* g = (f+ - f-)/2 with Var f = (1 - <Z>^2)/shots for each term */
  expected_var = ((1 - ep * ep) + (1 - em * em)) / (4.0 * shots);
  g_assert_cmpfloat (fabs (mean - exact), <, 5 * sqrt (expected_var / reps));
  g_assert_cmpfloat (var, >, 0.75 * expected_var);
  g_assert_cmpfloat (var, <, 1.33 * expected_var);
}

static void
test_gradient_errors (void)
{
  g_autoptr(PlCircuit) c = pl_circuit_new (2);
  g_autoptr(PlObservable) z3 = pl_observable_parse ("Z0", 3, NULL);
  g_autoptr(PlObservable) z = pl_observable_parse ("Z0", 2, NULL);
  g_autoptr(GError) error = NULL;
  guint w[1] = { 0 };
  double p[1] = { 0.1 };
  double g[1];
  PlCircuitArgs args = { 1, p, FALSE, NULL, NULL };
  PlCircuitGrad grad = { g, NULL, NULL };
  PlDiffOptions adj_shots = { PL_DIFF_ADJOINT, 100, NULL, 0 };
  PlRng rng;

  g_assert_true (pl_circuit_append_trainable (c, PL_GATE_RX, w, NULL));
  g_assert_false (pl_circuit_gradient (c, &args, 1, &z3, NULL, NULL, NULL, &grad, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pl_circuit_gradient (c, &args, 1, &z, NULL, &adj_shots, NULL, &grad, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  pl_rng_init (&rng, 1);
  adj_shots.rng = &rng;
  g_assert_false (pl_circuit_gradient (c, &args, 1, &z, NULL, &adj_shots, NULL, &grad, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/Gradient/adjoint-vs-dense-fd", test_adjoint_vs_dense_fd);
  g_test_add_func ("/Plateau/Gradient/methods-agree-random", test_methods_agree_random);
  g_test_add_func ("/Plateau/Gradient/methods-agree-templates", test_methods_agree_templates);
  g_test_add_func ("/Plateau/Gradient/param-shift-shots", test_param_shift_shots);
  g_test_add_func ("/Plateau/Gradient/errors", test_gradient_errors);
  return g_test_run ();
}
