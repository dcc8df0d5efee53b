/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The circuit jet layer from shifted circuits (parameter-shift jets and gradients):
 *   - with exact expectation values it reproduces the adjoint jet layer (itself checked
 *     against finite differences in test-qlayer) for every jet spec, every gate kind and every
 *     kind of angle source: two independent algorithms, one answer;
 *   - with shots, its jets and gradients are unbiased (the mean of many estimates is within
 *     five standard errors of the exact value) and their variance falls as 1/shots;
 *   - the number of circuits it reports matches the closed-form count;
 *   - setups it cannot handle are refused with errors that say why.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

typedef struct {
  PlJetSpec     spec;
  PlCircuit    *circuit;
  PlObservable *obs[2];
  guint         n_obs;
  gsize         B;
  double       *params;
  double       *x;     /* [d][B] */
  double       *ext;   /* [n_ext][K][B], a random jet per slot and point */
  guint         n_jet; /* rotations whose angle varies with the inputs */
  guint         n_flat2, n_flat4;  /* other trainable rotations, two- and four-term rules */
} Fixture;

/* Every gate kind, with input and external angles only on Pauli rotations and PHASE (the
 * rotations the shift layer expands in frequencies), at most @max_jet of them. */
static void
fixture_init (Fixture *f,
              PlRng   *rng,
              guint    d,
              guint    order,
              gint     third,
              guint    n_qubits,
              guint    n_ext,
              guint    max_jet)
{
  RefJetCircuitCounts counts;
  PlCircuit *c;
  guint K;

  memset (f, 0, sizeof *f);
  g_assert_true (pl_jet_spec_init (&f->spec, d, order, third, NULL, NULL));
  K = f->spec.n_components;
  f->B = 5;
  /* the cap binds only where input angles have derivatives to expand */
  c = f->circuit = ref_random_jet_circuit (rng, n_qubits, d, n_ext, TRUE,
                                           order > 0 ? max_jet : G_MAXUINT, &counts);
  /* without input derivatives an input-dependent rotation is a rotation like any other */
  f->n_jet = order > 0 ? counts.n_varying : 0;
  f->n_flat2 = counts.n_param2 + (order > 0 ? 0 : counts.n_varying);
  f->n_flat4 = counts.n_param4;

  f->n_obs = 2;
  f->obs[0] = pl_observable_parse ("Z0 + 0.5 X1 Y0", n_qubits, NULL);
  f->obs[1] = pl_observable_parse ("local", n_qubits, NULL);
  g_assert_nonnull (f->obs[0]);
  g_assert_nonnull (f->obs[1]);

  f->params = g_new (double, c->n_params);
  for (guint k = 0; k < c->n_params; k++)
    f->params[k] = 2 * G_PI * pl_rng_uniform (rng);
  f->x = g_new (double, d * f->B);
  for (gsize i = 0; i < d * f->B; i++)
    f->x[i] = pl_rng_uniform (rng) * 2 - 1;
  f->ext = g_new0 (double, MAX (c->n_external, 1) * K * f->B);
  for (gsize i = 0; i < c->n_external * K * f->B; i++)
    f->ext[i] = pl_rng_uniform (rng) * 2 - 1;
}

static void
fixture_clear (Fixture *f)
{
  pl_circuit_free (f->circuit);
  pl_observable_free (f->obs[0]);
  pl_observable_free (f->obs[1]);
  g_free (f->params);
  g_free (f->x);
  g_free (f->ext);
}

/* sum_{k <= r} 2^k C(J, k) */
static guint64
expected_points (guint J,
                 guint r)
{
  guint64 total = 0, binom = 1;

  for (guint k = 0; k <= r && k <= J; k++)
    {
      total += binom << k;
      binom = binom * (J - k) / (k + 1);
    }
  return total;
}

/* Forward jets, parameter gradient and external adjoints of L = sum c * out, adjoint layer vs
 * the shift layer with exact expectation values. */
static void
check_exact (guint d,
             guint order,
             gint  third,
             guint n_ext,
             guint max_jet)
{
  Fixture f;
  PlRng rng;
  g_autoptr(PlQLayerWork) wa = NULL;
  g_autoptr(PlQLayerWork) ws = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *oa = NULL, *os = NULL, *c = NULL;
  g_autofree double *ga = NULL, *gs = NULL, *ea = NULL, *es = NULL;
  gsize n_out, n_extj;
  guint K, P;
  guint64 fwd, bwd;

  pl_rng_init (&rng, ref_test_seed () + 31 + d * 100 + order * 10 + n_ext + (third + 1) * 1000);
  fixture_init (&f, &rng, d, order, third, 3, n_ext, max_jet);
  K = f.spec.n_components;
  P = f.circuit->n_params;
  n_out = f.n_obs * K * f.B;
  n_extj = (gsize) f.circuit->n_external * K * f.B;
  wa = pl_qlayer_work_new (f.circuit, &f.spec, f.B, f.n_obs, f.obs, &error);
  g_assert_no_error (error);
  ws = pl_qlayer_work_new (f.circuit, &f.spec, f.B, f.n_obs, f.obs, &error);
  g_assert_no_error (error);
  g_assert_true (pl_qlayer_work_set_estimator (ws, PL_DIFF_PARAM_SHIFT, 0, NULL, &error));
  g_assert_no_error (error);

  /* the circuit counts, in closed form */
  fwd = expected_points (f.n_jet, f.spec.max_order);
  bwd = expected_points (f.n_jet, f.spec.max_order + 1) + (2 * f.n_flat2 + 4 * f.n_flat4) * fwd;
  g_assert_cmpuint (pl_qlayer_work_circuits_per_point (ws, FALSE), ==, fwd);
  g_assert_cmpuint (pl_qlayer_work_circuits_per_point (ws, TRUE), ==, bwd);
  g_assert_cmpuint (pl_qlayer_work_circuits_per_point (wa, TRUE), ==, 0);

  oa = g_new (double, n_out);
  os = g_new (double, n_out);
  c = g_new (double, n_out);
  for (gsize i = 0; i < n_out; i++)
    c[i] = pl_rng_uniform (&rng) * 2 - 1;
  ga = g_new0 (double, P);
  gs = g_new0 (double, P);
  ea = g_new0 (double, MAX (n_extj, 1));
  es = g_new0 (double, MAX (n_extj, 1));

  pl_qlayer_forward (wa, f.params, f.x, f.ext, oa);
  pl_qlayer_backward (wa, f.params, f.x, f.ext, c, ga, ea);
  pl_qlayer_forward (ws, f.params, f.x, f.ext, os);
  pl_qlayer_backward (ws, f.params, f.x, f.ext, c, gs, es);

  for (gsize i = 0; i < n_out; i++)
    if (fabs (oa[i] - os[i]) > 1e-10 * MAX (1.0, fabs (oa[i])))
      g_error ("d=%u order=%u third=%d: output %" G_GSIZE_FORMAT " (component %u): adjoint "
               "%.14g, parameter shift %.14g", d, order, third, i, (guint) ((i / f.B) % K),
               oa[i], os[i]);
  for (guint k = 0; k < P; k++)
    if (fabs (ga[k] - gs[k]) > 1e-9 * MAX (1.0, fabs (ga[k])))
      g_error ("d=%u order=%u third=%d: dL/dp_%u: adjoint %.14g, parameter shift %.14g", d,
               order, third, k, ga[k], gs[k]);
  for (gsize i = 0; i < n_extj; i++)
    if (fabs (ea[i] - es[i]) > 1e-9 * MAX (1.0, fabs (ea[i])))
      g_error ("d=%u order=%u third=%d: dL/d ext[%" G_GSIZE_FORMAT "]: adjoint %.14g, "
               "parameter shift %.14g", d, order, third, i, ea[i], es[i]);
  fixture_clear (&f);
}

static void
test_exact_1d (void)
{
  check_exact (1, 0, -1, 1, 6);
  check_exact (1, 1, -1, 1, 6);
  check_exact (1, 2, -1, 2, 6);
  check_exact (1, 2, 0, 1, 4);   /* u_xxx: the backward expansion reaches order 4 */
}

static void
test_exact_nd (void)
{
  check_exact (2, 1, -1, 1, 6);
  check_exact (2, 2, -1, 2, 6);
  check_exact (2, 2, 1, 1, 4);
  check_exact (3, 2, 2, 1, 4);
}

/* Mean and variance over R repetitions of the estimates of the jets and of the gradient. */
static void
shot_moments (Fixture      *f,
              guint64       shots,
              guint         R,
              const double *c,
              double       *mean_out,
              double       *var_out,
              double       *mean_grad,
              double       *var_grad)
{
  g_autoptr(PlQLayerWork) w = NULL;
  g_autoptr(GError) error = NULL;
  gsize n_out = f->n_obs * f->spec.n_components * f->B;
  guint P = f->circuit->n_params;
  g_autofree double *out = g_new (double, n_out);
  g_autofree double *g = g_new (double, P);
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + shots);
  w = pl_qlayer_work_new (f->circuit, &f->spec, f->B, f->n_obs, f->obs, &error);
  g_assert_no_error (error);
  g_assert_true (pl_qlayer_work_set_estimator (w, PL_DIFF_PARAM_SHIFT, shots, &rng, &error));
  g_assert_no_error (error);
  memset (mean_out, 0, n_out * sizeof (double));
  memset (var_out, 0, n_out * sizeof (double));
  memset (mean_grad, 0, P * sizeof (double));
  memset (var_grad, 0, P * sizeof (double));
  for (guint r = 0; r < R; r++)
    {
      pl_qlayer_forward (w, f->params, f->x, f->ext, out);
      memset (g, 0, P * sizeof (double));
      pl_qlayer_backward (w, f->params, f->x, f->ext, c, g, NULL);
      for (gsize i = 0; i < n_out; i++)
        {
          mean_out[i] += out[i] / R;
          var_out[i] += out[i] * out[i] / R;
        }
      for (guint k = 0; k < P; k++)
        {
          mean_grad[k] += g[k] / R;
          var_grad[k] += g[k] * g[k] / R;
        }
    }
  for (gsize i = 0; i < n_out; i++)
    var_out[i] = (var_out[i] - mean_out[i] * mean_out[i]) * R / (R - 1);
  for (guint k = 0; k < P; k++)
    var_grad[k] = (var_grad[k] - mean_grad[k] * mean_grad[k]) * R / (R - 1);
}

/* A small circuit with two encoding rotations (one with trainable a and b) and trainable
 * rotations of both shift rules, for the statistical checks. */
static void
fixture_small (Fixture *f)
{
  PlCircuit *c;
  PlAngleSource s;
  guint w0[1] = { 0 }, w1[1] = { 1 }, w01[2] = { 0, 1 }, w10[2] = { 1, 0 };
  guint a, b;

  memset (f, 0, sizeof *f);
  g_assert_true (pl_jet_spec_init (&f->spec, 1, 2, -1, NULL, NULL));
  f->B = 4;
  c = f->circuit = pl_circuit_new (2);
  a = pl_circuit_add_param (c);
  b = pl_circuit_add_param (c);
  s = pl_source_input (0, 0, 0, a, b);
  g_assert_true (pl_circuit_append (c, PL_GATE_RY, w0, &s, NULL));
  s = pl_source_param (pl_circuit_add_param (c), 1.0);
  g_assert_true (pl_circuit_append (c, PL_GATE_RX, w1, &s, NULL));
  g_assert_true (pl_circuit_append (c, PL_GATE_CNOT, w01, NULL, NULL));
  s = pl_source_input (0, 1.1, 0.3, -1, -1);
  g_assert_true (pl_circuit_append (c, PL_GATE_RZ, w1, &s, NULL));
  s = pl_source_param (pl_circuit_add_param (c), 1.0);
  g_assert_true (pl_circuit_append (c, PL_GATE_CRY, w10, &s, NULL));
  s = pl_source_param (pl_circuit_add_param (c), 1.0);
  g_assert_true (pl_circuit_append (c, PL_GATE_RY, w0, &s, NULL));
  s = pl_source_param (pl_circuit_add_param (c), 1.0);
  g_assert_true (pl_circuit_append (c, PL_GATE_RXX, w01, &s, NULL));
  f->n_obs = 2;
  f->obs[0] = pl_observable_parse ("Z0 + 0.5 X1 Y0", 2, NULL);
  f->obs[1] = pl_observable_parse ("Z1", 2, NULL);
  f->params = g_new (double, c->n_params);
  f->x = g_new (double, f->B);
  f->ext = g_new0 (double, 1);
  for (guint k = 0; k < c->n_params; k++)
    f->params[k] = 0.4 + 0.9 * k;
  for (gsize i = 0; i < f->B; i++)
    f->x[i] = -0.8 + 0.5 * i;
}

/* Unbiased, and the variance scales as 1/shots. */
static void
test_shots (void)
{
  Fixture f;
  PlRng rng;
  g_autoptr(PlQLayerWork) wa = NULL;
  g_autofree double *exact = NULL, *c = NULL, *gexact = NULL;
  g_autofree double *m1 = NULL, *v1 = NULL, *gm1 = NULL, *gv1 = NULL;
  g_autofree double *m4 = NULL, *v4 = NULL, *gm4 = NULL, *gv4 = NULL;
  const guint R = 400;
  gsize n_out;
  guint P;
  double ratio_sum = 0;
  guint ratio_n = 0;

  fixture_small (&f);
  n_out = f.n_obs * f.spec.n_components * f.B;
  P = f.circuit->n_params;
  pl_rng_init (&rng, ref_test_seed () + 4242);
  exact = g_new (double, n_out);
  c = g_new (double, n_out);
  for (gsize i = 0; i < n_out; i++)
    c[i] = pl_rng_uniform (&rng) * 2 - 1;
  gexact = g_new0 (double, P);
  wa = pl_qlayer_work_new (f.circuit, &f.spec, f.B, f.n_obs, f.obs, NULL);
  pl_qlayer_forward (wa, f.params, f.x, f.ext, exact);
  pl_qlayer_backward (wa, f.params, f.x, f.ext, c, gexact, NULL);

  m1 = g_new (double, n_out);
  v1 = g_new (double, n_out);
  m4 = g_new (double, n_out);
  v4 = g_new (double, n_out);
  gm1 = g_new (double, P);
  gv1 = g_new (double, P);
  gm4 = g_new (double, P);
  gv4 = g_new (double, P);
  shot_moments (&f, 50, R, c, m1, v1, gm1, gv1);
  shot_moments (&f, 200, R, c, m4, v4, gm4, gv4);

  for (gsize i = 0; i < n_out; i++)
    {
      double se = sqrt (v1[i] / R);

      if (fabs (m1[i] - exact[i]) > 5 * se + 1e-12)
        g_error ("output %" G_GSIZE_FORMAT ": mean of %u estimates %.6g, exact %.6g, standard "
                 "error %.3g", i, R, m1[i], exact[i], se);
      g_assert_cmpfloat (v1[i], >, 1e-6);   /* every output is really estimated */
      ratio_sum += v1[i] / v4[i];
      ratio_n++;
    }
  for (guint k = 0; k < P; k++)
    {
      double se = sqrt (gv1[k] / R);

      if (fabs (gm1[k] - gexact[k]) > 5 * se + 1e-12)
        g_error ("dL/dp_%u: mean of %u estimates %.6g, exact %.6g, standard error %.3g", k, R,
                 gm1[k], gexact[k], se);
      g_assert_cmpfloat (gv1[k], >, 1e-6);
      ratio_sum += gv1[k] / gv4[k];
      ratio_n++;
    }
  /* four times the shots give a quarter of the variance: the mean ratio over all outputs and
   * gradients is 4 up to the sampling error of the variances (about 7% each here) */
  if (g_test_verbose ())
    g_printerr ("mean variance ratio %.3f over %u estimates\n", ratio_sum / ratio_n, ratio_n);
  g_assert_cmpfloat (ratio_sum / ratio_n, >, 3.4);
  g_assert_cmpfloat (ratio_sum / ratio_n, <, 4.6);
  fixture_clear (&f);
}

/* The same seed draws the same estimates; the next pass draws new ones. */
static void
test_reproducible (void)
{
  Fixture f;
  PlRng r1, r2;
  g_autoptr(PlQLayerWork) w1 = NULL;
  g_autoptr(PlQLayerWork) w2 = NULL;
  g_autofree double *a = NULL, *b = NULL, *a2 = NULL;
  gsize n_out;

  pl_rng_init (&r1, 5);
  fixture_init (&f, &r1, 1, 1, -1, 2, 0, 3);
  n_out = f.n_obs * f.spec.n_components * f.B;
  a = g_new (double, n_out);
  b = g_new (double, n_out);
  a2 = g_new (double, n_out);
  pl_rng_init (&r1, 77);
  pl_rng_init (&r2, 77);
  w1 = pl_qlayer_work_new (f.circuit, &f.spec, f.B, f.n_obs, f.obs, NULL);
  w2 = pl_qlayer_work_new (f.circuit, &f.spec, f.B, f.n_obs, f.obs, NULL);
  g_assert_true (pl_qlayer_work_set_shots (w1, 50, &r1, NULL));
  g_assert_true (pl_qlayer_work_set_shots (w2, 50, &r2, NULL));
  pl_qlayer_forward (w1, f.params, f.x, f.ext, a);
  pl_qlayer_forward (w2, f.params, f.x, f.ext, b);
  pl_qlayer_forward (w1, f.params, f.x, f.ext, a2);
  g_assert_cmpmem (a, n_out * sizeof (double), b, n_out * sizeof (double));
  g_assert_true (memcmp (a, a2, n_out * sizeof (double)) != 0);
  fixture_clear (&f);
}

static void
test_refused (void)
{
  PlJetSpec spec;
  g_autoptr(PlCircuit) c = pl_circuit_new (2);
  g_autoptr(PlObservable) z = pl_observable_parse ("Z0", 2, NULL);
  g_autoptr(PlQLayerWork) w = NULL;
  g_autoptr(GError) error = NULL;
  PlAngleSource s = pl_source_input (0, 1.0, 0.0, -1, -1);
  guint w01[2] = { 0, 1 };
  PlRng rng;

  pl_rng_init (&rng, 1);
  g_assert_true (pl_jet_spec_init (&spec, 1, 2, -1, NULL, NULL));
  g_assert_true (pl_circuit_append (c, PL_GATE_CRY, w01, &s, NULL));
  w = pl_qlayer_work_new (c, &spec, 4, 1, &z, &error);
  g_assert_no_error (error);

  /* an input in a controlled rotation: no two-frequency expansion here */
  g_assert_false (pl_qlayer_work_set_shots (w, 100, &rng, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "op 0 is cry"));
  g_clear_error (&error);
  g_assert_false (pl_qlayer_work_set_estimator (w, PL_DIFF_FINITE_DIFF, 0, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_false (pl_qlayer_work_set_estimator (w, PL_DIFF_ADJOINT, 10, &rng, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pl_qlayer_work_set_estimator (w, PL_DIFF_PARAM_SHIFT, 10, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* the layer still works exactly after the refusals */
  {
    double x[4] = { 0.1, 0.2, 0.3, 0.4 }, out[12];
    pl_qlayer_forward (w, NULL, x, NULL, out);
    g_assert_cmpfloat (fabs (out[0] - 1.0), <, 1e-12);   /* control in |0>: Z0 = 1 */
  }

  /* too many encoding rotations for a second-order expansion to be run */
  {
    g_autoptr(PlCircuit) big = pl_circuit_new (2);
    g_autoptr(PlQLayerWork) wb = NULL;
    guint w0[1] = { 0 };

    for (guint i = 0; i < 400; i++)
      g_assert_true (pl_circuit_append (big, PL_GATE_RY, w0, &s, NULL));
    wb = pl_qlayer_work_new (big, &spec, 2, 1, &z, &error);
    g_assert_no_error (error);
    g_assert_false (pl_qlayer_work_set_shots (wb, 100, &rng, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "400 input-dependent rotations"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/QLayerShift/exact-1d", test_exact_1d);
  g_test_add_func ("/Plateau/QLayerShift/exact-nd", test_exact_nd);
  g_test_add_func ("/Plateau/QLayerShift/shots", test_shots);
  g_test_add_func ("/Plateau/QLayerShift/reproducible", test_reproducible);
  g_test_add_func ("/Plateau/QLayerShift/refused", test_refused);
  return g_test_run ();
}
