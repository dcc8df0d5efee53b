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
#include <string.h>

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

/* --- hybrid models -------------------------------------------------------------------- */

/* The encoding layer: RY(pi (x - lo) / (hi - lo)) on |0> gives <Z> = cos(pi (x - lo) / (hi - lo))
 * on every qubit of feature j = q mod d, whatever the (zero) angles of the template after it. */
static void
test_hybrid_circuit (void)
{
  PlTemplateOptions topt = { .n_qubits = 3, .n_layers = 2, .entangler = "none" };
  g_autoptr(PlCircuit) base = pl_circuit_new_template ("hea", &topt, NULL);
  g_autoptr(PlCircuit) c = NULL;
  g_autoptr(PlCircuit) re = NULL;
  g_autoptr(PlCircuit) reupload = NULL;
  const double lo[2] = { -1.0, 2.0 }, hi[2] = { 3.0, 2.5 };
  const double x[2][3] = { { -1.0, 0.3, 3.0 }, { 2.0, 2.1, 2.4 } };
  g_autofree double *zero = NULL;
  PlObservable *obs[3];
  double e[9];
  PlCircuitArgs args;

  c = pl_scan_hybrid_circuit (base, 2, lo, hi);
  g_assert_cmpuint (c->n_params, ==, base->n_params);
  g_assert_cmpuint (c->n_inputs, ==, 2);
  g_assert_cmpuint (c->n_ops, ==, base->n_ops + 3);
  g_assert_cmpuint (c->n_layers, ==, base->n_layers);
  /* the template's ops follow unchanged */
  g_assert_cmpint (c->ops[3].gate, ==, base->ops[0].gate);
  g_assert_cmpuint (c->ops[c->n_ops - 1].layer, ==, base->ops[base->n_ops - 1].layer);
  zero = g_new0 (double, c->n_params);
  for (guint q = 0; q < 3; q++)
    {
      g_autofree char *label = g_strdup_printf ("Z%u", q);
      obs[q] = pl_observable_parse (label, 3, NULL);
    }
  args = (PlCircuitArgs) { 3, zero, FALSE, &x[0][0], NULL };
  g_assert_true (pl_circuit_expectations (c, &args, 3, obs, 0, NULL, e, NULL));
  for (guint q = 0; q < 3; q++)
    for (guint b = 0; b < 3; b++)
      {
        guint j = q % 2;
        double want = cos (G_PI * (x[j][b] - lo[j]) / (hi[j] - lo[j]));

        g_assert_cmpfloat (fabs (e[q * 3 + b] - want), <, 1e-12);
      }
  for (guint q = 0; q < 3; q++)
    pl_observable_free (obs[q]);

  /* a template with its own encoding is used as it is */
  topt.n_inputs = 1;
  reupload = pl_circuit_new_template ("reupload", &topt, NULL);
  re = pl_scan_hybrid_circuit (reupload, 1, lo, hi);
  g_assert_cmpuint (re->n_ops, ==, reupload->n_ops);
  g_assert_cmpuint (re->n_params, ==, reupload->n_params);
}

/* The tiny hybrid of the brute-force checks: hea(2, 2) in a 4-3 tanh QPINN-MAC on the damped
 * oscillator with 6 residual points. */
static const guint tiny_qubits[] = { 2 };
static const guint tiny_layers[] = { 2 };

static void
tiny_config (PlScanConfig  *cfg,
             PlModelConfig *mc,
             PlScanModel    model)
{
  pl_model_config_init (mc);
  mc->hidden[0] = 4;
  mc->hidden[1] = 3;
  *cfg = (PlScanConfig) {
    .template_name = "hea", .qubits = tiny_qubits, .n_qubits = 1,
    .layers = tiny_layers, .n_layers = 1, .cost = "Z0 Z1", .init = PL_INIT_UNIFORM,
    .param = PL_SCAN_PARAM_MIDDLE, .samples = 12, .seed = ref_test_seed () + 7, .threads = 2,
    .model = model, .problem = "damped-oscillator", .hybrid = mc, .points = 6,
  };
}

/* Two-pass sample variance, written out here. */
static double
plain_variance (const double *x,
                gsize         n,
                gsize         stride)
{
  double m = 0, s = 0;

  for (gsize i = 0; i < n; i++)
    m += x[i * stride];
  m /= n;
  for (gsize i = 0; i < n; i++)
    s += (x[i * stride] - m) * (x[i * stride] - m);
  return s / (n - 1);
}

static void
assert_close (double a,
              double b)
{
  if (!(fabs (a - b) <= 1e-9 * MAX (fabs (b), 1e-300)))
    g_error ("%.17g differs from the brute-force %.17g", a, b);
}

/* The scan's statistics against a loop over draws calling pl_loss_evaluate directly, on a
 * model built here (the encoding layer appended by hand), with the streams pl-scan.h
 * documents; and the frozen gradient (the quantum block of pl_loss_evaluate's) against
 * central differences of the loss in the quantum parameters with the classical ones fixed. */
static void
test_hybrid_brute_force (void)
{
  PlScanConfig cfg;
  PlModelConfig mc;
  PlTemplateOptions topt = { .n_qubits = 2, .n_layers = 2 };
  g_autoptr(PlCircuit) tmpl = pl_circuit_new_template ("hea", &topt, NULL);
  g_autoptr(PlProblem) problem = pl_problem_new ("damped-oscillator", NULL);
  g_autoptr(PlModel) model = NULL;
  g_autoptr(PlLoss) loss = NULL;
  g_autoptr(GArray) hyb = NULL;
  g_autoptr(GArray) frozen = NULL;
  g_autofree double *draws = NULL;
  g_autofree double *params = NULL;
  g_autofree double *grads = NULL;
  g_autofree double *cost = NULL;
  PlCircuit *c = pl_circuit_new (2);
  PlObservable *obs = pl_observable_parse ("Z0 Z1", 2, NULL);
  PlLossConfig lc;
  PlRng rng;
  PlBlockRange q;
  const PlScanPoint *ph, *pf;
  guint64 stream = ((guint64) 2 << 32) | 2, s0;
  gsize P, S = 12;
  double sum, cls_sum, cost_mean = 0;
  gsize n_cls;

  tiny_config (&cfg, &mc, PL_SCAN_MODEL_HYBRID);
  g_assert_true (pl_scan_run (&cfg, NULL, NULL, NULL, &hyb, NULL));
  cfg.model = PL_SCAN_MODEL_HYBRID_FROZEN;
  g_assert_true (pl_scan_run (&cfg, NULL, NULL, NULL, &frozen, NULL));
  ph = &g_array_index (hyb, PlScanPoint, 0);
  pf = &g_array_index (frozen, PlScanPoint, 0);

  /* the model by hand: RY(pi t) on both qubits (t in [0, 1]), then the template */
  for (guint k = 0; k < tmpl->n_params; k++)
    pl_circuit_add_param (c);
  for (guint w = 0; w < 2; w++)
    {
      PlAngleSource src = pl_source_input (0, G_PI, 0.0, -1, -1);
      g_assert_true (pl_circuit_append (c, PL_GATE_RY, &w, &src, NULL));
    }
  for (gsize i = 0; i < tmpl->n_ops; i++)
    g_assert_true (pl_circuit_append (c, tmpl->ops[i].gate, tmpl->ops[i].wires,
                                      tmpl->ops[i].src, NULL));
  model = pl_model_new (&mc, c, 1, &obs, NULL);
  g_assert_nonnull (model);
  pl_loss_config_init (&lc);
  lc.sampler = PL_SAMPLER_GRID;
  lc.threads = 1;
  lc.n_points[pl_problem_find_term (problem, "residual")] = 6;
  loss = pl_loss_new (model, problem, &lc, NULL);
  g_assert_true (pl_loss_resample (loss, &rng, NULL));

  P = pl_model_n_params (model);
  q = pl_model_block (model, PL_BLOCK_QUANTUM);
  g_assert_cmpuint (q.size, ==, tmpl->n_params);
  draws = g_new (double, q.size * S);
  pl_rng_init_stream (&rng, cfg.seed, stream);
  pl_init_draw (PL_INIT_UNIFORM, tmpl, NULL, 0, &rng, S, draws);
  pl_rng_init_stream (&rng, cfg.seed ^ PL_SCAN_CLASSICAL_SALT, stream);
  s0 = pl_rng_next (&rng);
  params = g_new (double, P);
  grads = g_new (double, P * S);
  cost = g_new (double, S);
  for (gsize s = 0; s < S; s++)
    {
      pl_rng_init_stream (&rng, s0, s);
      pl_model_init_params (model, &rng, params);
      for (gsize k = 0; k < q.size; k++)
        params[q.offset + k] = draws[k * S + s];
      cost[s] = pl_loss_evaluate (loss, params, grads + s * P, NULL, NULL);
      cost_mean += cost[s] / S;

      if (s == 0)
        /* quantum-only training: the derivative with the classical parameters held */
        for (gsize k = q.offset; k < q.offset + q.size; k++)
          {
            const double h = 1e-6;
            double saved = params[k], lp, lm, fd;

            params[k] = saved + h;
            lp = pl_loss_evaluate (loss, params, NULL, NULL, NULL);
            params[k] = saved - h;
            lm = pl_loss_evaluate (loss, params, NULL, NULL, NULL);
            params[k] = saved;
            fd = (lp - lm) / (2 * h);
            g_assert_cmpfloat (fabs (grads[k] - fd), <, 1e-6 * MAX (1.0, fabs (fd)));
          }
    }

  assert_close (ph->cost_mean, cost_mean);
  assert_close (ph->variance, plain_variance (grads + q.offset + q.size / 2, S, P));
  sum = cls_sum = 0;
  n_cls = 0;
  for (guint b = 0; b < PL_N_BLOCKS; b++)
    {
      PlBlockRange r = pl_model_block (model, b);
      double bs = 0;

      g_assert_cmpuint (ph->block_size[b], ==, r.size);
      if (r.size == 0)
        {
          g_assert_true (isnan (ph->block_variance[b]));
          continue;
        }
      for (gsize k = r.offset; k < r.offset + r.size; k++)
        bs += plain_variance (grads + k, S, P);
      assert_close (ph->block_variance[b], bs / r.size);
      g_assert_cmpfloat (ph->block_stderr[b], >, 0);
      sum += bs;
      if (b != PL_BLOCK_QUANTUM)
        {
          cls_sum += bs;
          n_cls += r.size;
        }
    }
  g_assert_cmpuint (ph->n_params, ==, P);
  assert_close (ph->total_variance, sum / P);
  assert_close (ph->classical_variance, cls_sum / n_cls);
  g_assert_cmpfloat (ph->classical_stderr, >, 0);

  /* the frozen model reports the quantum block of the same gradients, nothing else */
  g_assert_cmpuint (pf->n_params, ==, q.size);
  g_assert_cmpfloat (pf->variance, ==, ph->variance);
  g_assert_cmpfloat (pf->total_variance, ==, ph->block_variance[PL_BLOCK_QUANTUM]);
  g_assert_cmpfloat (pf->total_stderr, ==, ph->block_stderr[PL_BLOCK_QUANTUM]);
  g_assert_true (isnan (pf->classical_variance));
  for (guint b = 0; b < PL_N_BLOCKS; b++)
    g_assert_cmpuint (pf->block_size[b], ==, b == PL_BLOCK_QUANTUM ? q.size : 0);
}

/* A block the model lacks gets no column; the frozen and PQC tables hold the quantum one. */
static void
test_hybrid_blocks (void)
{
  PlScanConfig cfg;
  PlModelConfig mc;
  g_autoptr(GArray) hyb = NULL;
  g_autoptr(GArray) frozen = NULL;
  g_autoptr(GArray) pqc = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(GString) csv2 = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  g_auto(GStrv) row = NULL;
  const PlScanPoint *p;
  guint mask;

  tiny_config (&cfg, &mc, PL_SCAN_MODEL_HYBRID);
  mc.additive = FALSE;
  g_assert_true (pl_scan_run (&cfg, NULL, NULL, NULL, &hyb, NULL));
  p = &g_array_index (hyb, PlScanPoint, 0);
  g_assert_cmpuint (p->block_size[PL_BLOCK_HEAD_A], ==, 0);
  g_assert_cmpuint (p->block_size[PL_BLOCK_PRE], ==, 0);
  g_assert_cmpuint (p->block_size[PL_BLOCK_HEAD_M], ==, 3 + 1);
  g_assert_true (isnan (p->block_variance[PL_BLOCK_HEAD_A]));

  mask = pl_scan_csv_blocks (hyb);
  g_assert_cmpuint (mask, ==, (1u << PL_BLOCK_TRUNK) | (1u << PL_BLOCK_HEAD_M) |
                              (1u << PL_BLOCK_QUANTUM) | (1u << PL_BLOCK_READOUT));
  pl_scan_csv_header (csv, mask);
  pl_scan_csv_append (csv, mask, hyb, "Z0 Z1", "uniform", "middle", "damped-oscillator");
  lines = g_strsplit (csv->str, "\n", -1);
  header = g_strsplit (lines[0], ",", -1);
  row = g_strsplit (lines[1], ",", -1);
  g_assert_cmpuint (g_strv_length (header), ==, g_strv_length (row));
  g_assert_null (strstr (lines[0], "head_a"));
  g_assert_null (strstr (lines[0], "pre_"));
  for (guint i = 0; header[i] != NULL; i++)
    {
      if (g_str_equal (header[i], "head_m_variance"))
        g_assert_cmpfloat (g_ascii_strtod (row[i], NULL), ==,
                           p->block_variance[PL_BLOCK_HEAD_M]);
      if (g_str_equal (header[i], "total_variance"))
        g_assert_cmpfloat (g_ascii_strtod (row[i], NULL), ==, p->total_variance);
      if (g_str_equal (header[i], "problem"))
        g_assert_cmpstr (row[i], ==, "damped-oscillator");
    }

  cfg.model = PL_SCAN_MODEL_HYBRID_FROZEN;
  g_assert_true (pl_scan_run (&cfg, NULL, NULL, NULL, &frozen, NULL));
  cfg.model = PL_SCAN_MODEL_PQC;
  g_assert_true (pl_scan_run (&cfg, NULL, NULL, NULL, &pqc, NULL));
  g_assert_cmpuint (pl_scan_csv_blocks (frozen), ==, 1u << PL_BLOCK_QUANTUM);
  g_assert_cmpuint (pl_scan_csv_blocks (pqc), ==, 1u << PL_BLOCK_QUANTUM);
  pl_scan_csv_header (csv2, pl_scan_csv_blocks (pqc));
  g_assert_nonnull (strstr (csv2->str, ",quantum_variance,quantum_stderr,cost_mean"));
  g_assert_null (strstr (csv2->str, "trunk"));
  /* the PQC reports every circuit parameter, as the quantum block */
  p = &g_array_index (pqc, PlScanPoint, 0);
  g_assert_cmpuint (p->n_params, ==, 8);
  g_assert_cmpfloat (p->total_variance, ==, p->block_variance[PL_BLOCK_QUANTUM]);
  g_assert_true (isnan (p->classical_variance));
}

/* Bit-identical results for 1, 2 and 3 threads, also with a structure per 4 draws. */
static void
test_hybrid_threads (void)
{
  static const guint qubits[] = { 3 };
  PlScanConfig cfg;
  PlModelConfig mc;
  const char *templates[] = { "hea", "mcclean" };

  for (guint t = 0; t < G_N_ELEMENTS (templates); t++)
    {
      g_autoptr(GArray) ref = NULL;

      tiny_config (&cfg, &mc, PL_SCAN_MODEL_HYBRID);
      cfg.template_name = templates[t];
      cfg.qubits = qubits;
      cfg.samples = 10;
      cfg.resample_structure = g_str_equal (templates[t], "mcclean");
      for (guint threads = 1; threads <= 3; threads++)
        {
          g_autoptr(GArray) pts = NULL;
          const PlScanPoint *a, *b;

          cfg.threads = threads;
          g_assert_true (pl_scan_run (&cfg, NULL, NULL, NULL, &pts, NULL));
          if (ref == NULL)
            {
              ref = g_steal_pointer (&pts);
              continue;
            }
          a = &g_array_index (ref, PlScanPoint, 0);
          b = &g_array_index (pts, PlScanPoint, 0);
          g_assert_cmpfloat (a->variance, ==, b->variance);
          g_assert_cmpfloat (a->total_variance, ==, b->total_variance);
          g_assert_cmpfloat (a->total_stderr, ==, b->total_stderr);
          g_assert_cmpfloat (a->classical_variance, ==, b->classical_variance);
          g_assert_cmpfloat (a->cost_mean, ==, b->cost_mean);
        }
    }
}

/* A structure per 4 draws really changes the hybrid's circuit (McClean's ensemble). */
static void
test_hybrid_resample (void)
{
  static const guint qubits[] = { 3 };
  PlScanConfig cfg;
  PlModelConfig mc;
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;

  tiny_config (&cfg, &mc, PL_SCAN_MODEL_HYBRID_FROZEN);
  cfg.template_name = "mcclean";
  cfg.qubits = qubits;
  g_assert_true (pl_scan_run (&cfg, NULL, NULL, NULL, &a, NULL));
  cfg.resample_structure = TRUE;
  g_assert_true (pl_scan_run (&cfg, NULL, NULL, NULL, &b, NULL));
  g_assert_cmpfloat (g_array_index (a, PlScanPoint, 0).total_variance, !=,
                     g_array_index (b, PlScanPoint, 0).total_variance);
}

static void
test_hybrid_errors (void)
{
  PlScanConfig cfg;
  PlModelConfig mc;
  g_autoptr(GArray) pts = NULL;
  g_autoptr(GError) error = NULL;
  PlScanModel m;

  g_assert_false (pl_scan_model_from_string ("classical", &m, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "classical"));
  g_clear_error (&error);
  g_assert_true (pl_scan_model_from_string ("Hybrid-Frozen", &m, NULL));
  g_assert_cmpint (m, ==, PL_SCAN_MODEL_HYBRID_FROZEN);
  g_assert_cmpstr (pl_scan_model_to_string (PL_SCAN_MODEL_HYBRID), ==, "hybrid");

  tiny_config (&cfg, &mc, PL_SCAN_MODEL_HYBRID);
  cfg.problem = "no-such-problem";
  g_assert_false (pl_scan_run (&cfg, NULL, NULL, NULL, &pts, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "no-such-problem"));
  g_clear_error (&error);

  tiny_config (&cfg, &mc, PL_SCAN_MODEL_HYBRID);
  cfg.cost = "Z0 Q1";
  g_assert_false (pl_scan_run (&cfg, NULL, NULL, NULL, &pts, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_PARSE);
  g_clear_error (&error);

  /* reupload of two features cannot feed a problem of one coordinate */
  tiny_config (&cfg, &mc, PL_SCAN_MODEL_HYBRID_FROZEN);
  cfg.template_name = "reupload";
  cfg.base.n_inputs = 2;
  g_assert_false (pl_scan_run (&cfg, NULL, NULL, NULL, &pts, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* ... but one feature can, and the PQC scans it at x = 0 */
  cfg.base.n_inputs = 1;
  g_assert_true (pl_scan_run (&cfg, NULL, NULL, NULL, &pts, &error));
  g_clear_pointer (&pts, g_array_unref);
  cfg.model = PL_SCAN_MODEL_PQC;
  g_assert_true (pl_scan_run (&cfg, NULL, NULL, NULL, &pts, &error));
  g_assert_no_error (error);
  g_clear_pointer (&pts, g_array_unref);

  tiny_config (&cfg, &mc, PL_SCAN_MODEL_HYBRID);
  mc.n_hidden = 0;
  g_assert_false (pl_scan_run (&cfg, NULL, NULL, NULL, &pts, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "hidden"));
  g_clear_error (&error);

  tiny_config (&cfg, &mc, PL_SCAN_MODEL_HYBRID);
  cfg.model = (PlScanModel) 7;
  g_assert_false (pl_scan_run (&cfg, NULL, NULL, NULL, &pts, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  tiny_config (&cfg, &mc, PL_SCAN_MODEL_HYBRID);
  cfg.n_qubits = 0;
  g_assert_false (pl_scan_run (&cfg, NULL, NULL, NULL, &pts, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
}

static void
test_hybrid_cancel (void)
{
  PlScanConfig cfg;
  PlModelConfig mc;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) pts = NULL;
  g_autoptr(GError) error = NULL;

  tiny_config (&cfg, &mc, PL_SCAN_MODEL_HYBRID);
  g_cancellable_cancel (cancellable);
  g_assert_false (pl_scan_run (&cfg, NULL, NULL, cancellable, &pts, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_CANCELLED);
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
  g_test_add_func ("/Plateau/Scan/hybrid-circuit", test_hybrid_circuit);
  g_test_add_func ("/Plateau/Scan/hybrid-brute-force", test_hybrid_brute_force);
  g_test_add_func ("/Plateau/Scan/hybrid-blocks", test_hybrid_blocks);
  g_test_add_func ("/Plateau/Scan/hybrid-threads", test_hybrid_threads);
  g_test_add_func ("/Plateau/Scan/hybrid-resample", test_hybrid_resample);
  g_test_add_func ("/Plateau/Scan/hybrid-errors", test_hybrid_errors);
  g_test_add_func ("/Plateau/Scan/hybrid-cancel", test_hybrid_cancel);
  return g_test_run ();
}
