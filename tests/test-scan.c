/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Gradient-variance scans against closed forms: for a product of RY rotations with uniform
 * angles, the global cost C = 1 - prod_j cos^2(t_j / 2) has
 *     Var[dC/dt_1] = (1/8) (3/8)^(n-1),
 * and the local cost C = 1 - (1/n) sum_j cos^2(t_j / 2) has Var[dC/dt_1] = 1 / (8 n^2)
 * (E[sin^2 t] = 1/2, E[cos^4 (t/2)] = 3/8, and E[sin t] = 0).
 */
#include "reference.h"

#include <math.h>

static void
test_variance_stats (void)
{
  const double x[5] = { 1, 2, 3, 4, 10 };
  double mean, var, se;
  PlRng rng;
  const gsize n = 20000;
  g_autofree double *z = g_new (double, n);

  pl_variance_stats (x, 5, 1, &mean, &var, &se);
  g_assert_cmpfloat_with_epsilon (mean, 4.0, 1e-15);
  /* sum of squared deviations 9 + 4 + 1 + 0 + 36 = 50 -> 50 / 4 */
  g_assert_cmpfloat_with_epsilon (var, 12.5, 1e-14);

  /* normal data: Var(s^2) = 2 sigma^4 / (n - 1) asymptotically */
  pl_rng_init (&rng, ref_test_seed ());
  for (gsize i = 0; i < n; i++)
    z[i] = 3.0 * pl_rng_normal (&rng);
  pl_variance_stats (z, n, 1, &mean, &var, &se);
  g_assert_cmpfloat (fabs (var - 9.0), <, 5 * se);
  g_assert_cmpfloat (fabs (se - sqrt (2.0 * 81.0 / (n - 1))) / se, <, 0.1);
}

static void
run_product_scan (const char *cost,
                  GArray    **points)
{
  static const guint qubits[] = { 1, 2, 3, 4, 5, 6 };
  static const guint layers[] = { 1 };
  PlScanConfig cfg = {
    .template_name = "hea",
    .base = { .rotations = "ry", .entangler = "none" },
    .qubits = qubits, .n_qubits = G_N_ELEMENTS (qubits),
    .layers = layers, .n_layers = 1,
    .cost = cost, .init = PL_INIT_UNIFORM, .param = PL_SCAN_PARAM_FIRST,
    .samples = 4000, .seed = ref_test_seed (), .threads = 2,
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (pl_scan_run (&cfg, NULL, NULL, NULL, points, &error));
  g_assert_no_error (error);
}

static void
test_global_closed_form (void)
{
  g_autoptr(GArray) points = NULL;
  g_autoptr(GArray) fits = NULL;
  const PlScanFit *fit;

  run_product_scan ("global", &points);
  for (guint i = 0; i < points->len; i++)
    {
      const PlScanPoint *p = &g_array_index (points, PlScanPoint, i);
      double exact = 0.125 * pow (0.375, p->qubits - 1);

      g_assert_cmpfloat (fabs (p->variance - exact), <, 4.5 * p->stderr_);
      g_assert_cmpfloat (fabs (p->mean), <, 5 * sqrt (exact / p->samples));
    }
  fits = pl_scan_fit (points);
  g_assert_cmpuint (fits->len, >=, 1);
  fit = &g_array_index (fits, PlScanFit, 0);
  g_assert_cmpuint (fit->layers, ==, 1);
  g_assert_cmpuint (fit->n_points, ==, 6);
  /* ln(3/8) per qubit */
  g_assert_cmpfloat (fabs (fit->slope - log (0.375)), <, MAX (4 * fit->slope_stderr, 0.05));
}

static void
test_local_closed_form (void)
{
  g_autoptr(GArray) points = NULL;

  run_product_scan ("local", &points);
  for (guint i = 0; i < points->len; i++)
    {
      const PlScanPoint *p = &g_array_index (points, PlScanPoint, i);
      double exact = 1.0 / (8.0 * p->qubits * p->qubits);

      g_assert_cmpfloat (fabs (p->variance - exact), <, 4.5 * p->stderr_);
    }
}

/* Averaged over all parameters: every parameter of the product ansatz has the same
 * variance, so the average equals the single-parameter closed form too. */
static void
test_all_params_bootstrap (void)
{
  static const guint qubits[] = { 3 };
  static const guint layers[] = { 1 };
  PlScanConfig cfg = {
    .template_name = "hea",
    .base = { .rotations = "ry", .entangler = "none" },
    .qubits = qubits, .n_qubits = 1, .layers = layers, .n_layers = 1,
    .cost = "global", .init = PL_INIT_UNIFORM, .param = PL_SCAN_PARAM_ALL,
    .samples = 3000, .seed = ref_test_seed () + 1, .threads = 1,
  };
  g_autoptr(GArray) points = NULL;
  const PlScanPoint *p;
  double exact = 0.125 * 0.375 * 0.375;

  g_assert_true (pl_scan_run (&cfg, NULL, NULL, NULL, &points, NULL));
  p = &g_array_index (points, PlScanPoint, 0);
  g_assert_cmpfloat (p->stderr_, >, 0);
  g_assert_cmpfloat (fabs (p->variance - exact), <, 4.5 * p->stderr_);
}

/* At identity-block initialisation each block is the identity: hea has no preparation, so
 * the state is |0...0> and the global cost is 0 for every draw. */
static void
test_identity_blocks (void)
{
  PlTemplateOptions topt = { .n_qubits = 3, .n_layers = 4 };
  g_autoptr(PlCircuit) base = pl_circuit_new_template ("hea", &topt, NULL);
  g_autoptr(PlCircuit) c = NULL;
  g_autofree gint *map = NULL;
  g_autofree double *v = NULL;
  g_autoptr(PlObservable) g = pl_observable_parse ("global", 3, NULL);
  double cost[4];
  PlRng rng;
  PlCircuitArgs args;

  c = pl_circuit_identity_blocks (base, &map, NULL);
  g_assert_nonnull (c);
  g_assert_cmpuint (c->n_params, ==, base->n_params);
  g_assert_cmpuint (c->n_ops, ==, base->n_ops);
  v = g_new (double, c->n_params * 4);
  pl_rng_init (&rng, ref_test_seed ());
  pl_init_draw (PL_INIT_IDENTITY, c, map, 0, &rng, 4, v);
  args = (PlCircuitArgs) { 4, v, TRUE, NULL, NULL };
  g_assert_true (pl_circuit_expectations (c, &args, 1, &g, 0, NULL, cost, NULL));
  for (int b = 0; b < 4; b++)
    g_assert_cmpfloat (fabs (cost[b]), <, 1e-12);

  /* and after moving one angle away it is not */
  v[0] += 0.5;
  g_assert_true (pl_circuit_expectations (c, &args, 1, &g, 0, NULL, cost, NULL));
  g_assert_cmpfloat (cost[0], >, 1e-3);
}

static void
test_layerwise_zero (void)
{
  PlTemplateOptions topt = { .n_qubits = 2, .n_layers = 3, .rotations = "ry" };
  g_autoptr(PlCircuit) c = pl_circuit_new_template ("hea", &topt, NULL);
  g_autofree double *v = g_new (double, c->n_params);
  PlRng rng;
  guint nonzero = 0;

  pl_rng_init (&rng, 3);
  pl_init_draw (PL_INIT_LAYERWISE, c, NULL, 0, &rng, 1, v);
  for (guint k = 0; k < c->n_params; k++)
    nonzero += v[k] != 0.0;
  g_assert_cmpuint (nonzero, ==, 2);
}

static void
cancel_cb (guint              done,
           guint              total,
           const PlScanPoint *point,
           gpointer           user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel_and_errors (void)
{
  static const guint qubits[] = { 2, 3 };
  static const guint layers[] = { 2 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  PlScanConfig cfg = {
    .template_name = "hea", .qubits = qubits, .n_qubits = 2, .layers = layers, .n_layers = 1,
    .cost = "global", .samples = 50, .seed = 1, .threads = 2,
  };
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (pl_scan_run (&cfg, cancel_cb, cancellable, cancellable, &points, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_CANCELLED);
  g_clear_error (&error);

  cfg.samples = 2;
  g_assert_false (pl_scan_run (&cfg, NULL, NULL, NULL, &points, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  cfg.samples = 10;
  cfg.cost = "Z0 Q1";
  g_assert_false (pl_scan_run (&cfg, NULL, NULL, NULL, &points, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_PARSE);
  g_clear_error (&error);
  cfg.cost = "global";
  cfg.template_name = "nope";
  g_assert_false (pl_scan_run (&cfg, NULL, NULL, NULL, &points, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
}

/* The same seed gives bit-identical results whatever the thread count. */
static void
test_deterministic (void)
{
  static const guint qubits[] = { 4 };
  static const guint layers[] = { 3 };
  PlScanConfig cfg = {
    .template_name = "hea", .qubits = qubits, .n_qubits = 1, .layers = layers, .n_layers = 1,
    .cost = "local", .samples = 70, .seed = 5, .threads = 1, .param = PL_SCAN_PARAM_MIDDLE,
  };
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;

  g_assert_true (pl_scan_run (&cfg, NULL, NULL, NULL, &a, NULL));
  cfg.threads = 2;
  g_assert_true (pl_scan_run (&cfg, NULL, NULL, NULL, &b, NULL));
  g_assert_cmpfloat (g_array_index (a, PlScanPoint, 0).variance, ==,
                     g_array_index (b, PlScanPoint, 0).variance);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/Scan/variance-stats", test_variance_stats);
  g_test_add_func ("/Plateau/Scan/global-closed-form", test_global_closed_form);
  g_test_add_func ("/Plateau/Scan/local-closed-form", test_local_closed_form);
  g_test_add_func ("/Plateau/Scan/all-params-bootstrap", test_all_params_bootstrap);
  g_test_add_func ("/Plateau/Scan/identity-blocks", test_identity_blocks);
  g_test_add_func ("/Plateau/Scan/layerwise-zero", test_layerwise_zero);
  g_test_add_func ("/Plateau/Scan/cancel-and-errors", test_cancel_and_errors);
  g_test_add_func ("/Plateau/Scan/deterministic", test_deterministic);
  return g_test_run ();
}
