/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hybrid models on jets: output derivatives against finite differences of the model's
 * own values, parameter gradients of a loss of the jets against finite differences, for
 * every model kind and coupling.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

static PlModel *
make_model (PlModelKind kind,
            guint       d,
            guint       n_out,
            gboolean    mult,
            gboolean    add,
            gboolean    shared)
{
  PlModelConfig cfg;
  PlTemplateOptions topt = { .n_qubits = 3, .n_layers = 2, .n_inputs = d };
  PlCircuit *circuit = NULL;
  PlObservable *obs[3] = { NULL };
  guint n_obs = 0;
  g_autoptr(GError) error = NULL;
  PlModel *m;

  pl_model_config_init (&cfg);
  cfg.kind = kind;
  cfg.n_inputs = d;
  cfg.n_outputs = n_out;
  cfg.n_hidden = 2;
  cfg.hidden[0] = 5;
  cfg.hidden[1] = 4;
  cfg.multiplicative = mult;
  cfg.additive = add;
  cfg.shared_trunk = shared;

  if (kind == PL_MODEL_SERIAL)
    {
      circuit = pl_circuit_new (3);
      for (guint q = 0; q < 3; q++)
        {
          guint w[1] = { q };
          PlAngleSource s = pl_source_external (q);
          g_assert_true (pl_circuit_append (circuit, PL_GATE_RY, w, &s, NULL));
        }
      for (guint q = 0; q < 3; q++)
        {
          guint w[2] = { q, (q + 1) % 3 };
          g_assert_true (pl_circuit_append_trainable (circuit, PL_GATE_RX, w, NULL));
          g_assert_true (pl_circuit_append (circuit, PL_GATE_CNOT, w, NULL, NULL));
          g_assert_true (pl_circuit_append_trainable (circuit, PL_GATE_U3, w + 1, NULL));
        }
    }
  else if (kind != PL_MODEL_CLASSICAL)
    {
      circuit = pl_circuit_new_template ("reupload", &topt, &error);
      g_assert_no_error (error);
    }
  if (circuit != NULL)
    {
      obs[0] = pl_observable_parse ("Z0", 3, NULL);
      obs[1] = pl_observable_parse ("Z1", 3, NULL);
      obs[2] = pl_observable_parse ("X2 + 0.5 Z0 Z2", 3, NULL);
      n_obs = 3;
    }
  m = pl_model_new (&cfg, circuit, n_obs, obs, &error);
  g_assert_no_error (error);
  g_assert_nonnull (m);
  return m;
}

/* value of output o at one point through an order-0 pass */
static double
model_value (const PlModel *m,
             const double  *params,
             const double  *xp,
             guint          o)
{
  PlJetSpec spec;
  g_autoptr(PlModelWork) w = NULL;
  double u[8];

  g_assert_true (pl_jet_spec_init (&spec, pl_model_get_config (m)->n_inputs, 0, -1, NULL, NULL));
  w = pl_model_work_new (m, &spec, 1, NULL);
  pl_model_forward (m, params, xp, w, u);
  return u[o];
}

static void
check_model (PlModelKind kind,
             guint       d,
             guint       n_out,
             gboolean    mult,
             gboolean    add,
             gboolean    shared)
{
  g_autoptr(PlModel) m = make_model (kind, d, n_out, mult, add, shared);
  PlJetSpec spec;
  PlRng rng;
  gsize B = 3, np = pl_model_n_params (m);
  g_autofree double *params = g_new (double, np);
  g_autofree double *grad = g_new0 (double, np);
  g_autofree double *x = g_new (double, d * B);
  g_autofree double *u = NULL;
  g_autofree double *c = NULL;
  g_autoptr(PlModelWork) w = NULL;
  g_autoptr(GError) error = NULL;
  guint K;
  gsize n;

  g_assert_true (pl_jet_spec_init (&spec, d, 2, 0, NULL, NULL));
  K = spec.n_components;
  n = n_out * K * B;
  pl_rng_init (&rng, ref_test_seed () + kind * 10 + d);
  pl_model_init_params (m, &rng, params);
  /* perturb so that zero-initialised biases do not hide terms */
  for (gsize i = 0; i < np; i++)
    params[i] += 0.1 * pl_rng_normal (&rng);
  for (gsize i = 0; i < d * B; i++)
    x[i] = pl_rng_uniform (&rng) * 2 - 1;
  w = pl_model_work_new (m, &spec, B, &error);
  g_assert_no_error (error);
  u = g_new (double, n);
  c = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    c[i] = pl_rng_uniform (&rng) * 2 - 1;

  pl_model_forward (m, params, x, w, u);

  /* output jets against finite differences of values */
  for (guint o = 0; o < n_out; o++)
    for (gsize b = 0; b < B; b++)
      for (guint k = 0; k < K; k++)
        {
          double xp[3] = { 0 }, fd, got = u[(o * K + k) * B + b];
          guint ord = 0, axes[3], na = 0;

          for (guint j = 0; j < d; j++)
            {
              xp[j] = x[j * B + b];
              ord += spec.alpha[k][j];
              for (guint r = 0; r < spec.alpha[k][j]; r++)
                axes[na++] = j;
            }
          if (ord == 0)
            fd = model_value (m, params, xp, o);
          else if (ord == 3)
            {
              const double h = 2e-3, s[4] = { 2, 1, -1, -2 };
              double v[4];
              for (guint q = 0; q < 4; q++)
                {
                  double y[3] = { xp[0], xp[1], xp[2] };
                  y[axes[0]] += s[q] * h;
                  v[q] = model_value (m, params, y, o);
                }
              fd = (v[0] - 2 * v[1] + 2 * v[2] - v[3]) / (2 * h * h * h);
            }
          else
            {
              double h = ord == 1 ? 1e-5 : 1e-4, acc = 0;
              for (guint mask = 0; mask < (1u << ord); mask++)
                {
                  double y[3] = { xp[0], xp[1], xp[2] }, sign = 1;
                  for (guint r = 0; r < ord; r++)
                    {
                      double dir = (mask >> r) & 1 ? -1.0 : 1.0;
                      y[axes[r]] += dir * h;
                      sign *= dir;
                    }
                  acc += sign * model_value (m, params, y, o);
                }
              fd = acc / pow (2 * h, ord);
            }
          {
            double tol = ord == 0 ? 1e-12 : ord == 1 ? 1e-7 : ord == 2 ? 1e-5 : 2e-3;
            if (fabs (got - fd) > tol * MAX (1.0, fabs (fd)))
              g_error ("%s model: %s of output %u at point %" G_GSIZE_FORMAT
                       ": jet %.10g, finite differences %.10g",
                       pl_model_kind_to_string (kind), pl_jet_spec_name (&spec, k), o, b, got, fd);
          }
        }

  /* parameter gradient of L = sum c * u */
  pl_model_backward (m, params, w, c, grad);
  for (gsize i = 0; i < np; i++)
    {
      const double h = 1e-6;
      double saved = params[i], lp = 0, lm = 0, fd;

      params[i] = saved + h;
      pl_model_forward (m, params, x, w, u);
      for (gsize j = 0; j < n; j++)
        lp += c[j] * u[j];
      params[i] = saved - h;
      pl_model_forward (m, params, x, w, u);
      for (gsize j = 0; j < n; j++)
        lm += c[j] * u[j];
      params[i] = saved;
      fd = (lp - lm) / (2 * h);
      if (fabs (grad[i] - fd) > 1e-6 * MAX (1.0, fabs (fd)))
        g_error ("%s model: dL/dp_%" G_GSIZE_FORMAT ": reverse %.10g, finite differences %.10g",
                 pl_model_kind_to_string (kind), i, grad[i], fd);
    }
}

static void
test_classical (void)
{
  check_model (PL_MODEL_CLASSICAL, 1, 1, FALSE, FALSE, FALSE);
  check_model (PL_MODEL_CLASSICAL, 2, 2, FALSE, FALSE, FALSE);
}

static void
test_quantum (void)
{
  check_model (PL_MODEL_QUANTUM, 1, 1, FALSE, FALSE, FALSE);
  check_model (PL_MODEL_QUANTUM, 2, 1, FALSE, FALSE, FALSE);
}

static void
test_hybrid (void)
{
  check_model (PL_MODEL_HYBRID, 1, 1, TRUE, TRUE, TRUE);
  check_model (PL_MODEL_HYBRID, 1, 2, TRUE, FALSE, TRUE);
  check_model (PL_MODEL_HYBRID, 2, 1, FALSE, TRUE, TRUE);
  check_model (PL_MODEL_HYBRID, 2, 2, TRUE, TRUE, FALSE);
  check_model (PL_MODEL_HYBRID, 3, 1, TRUE, TRUE, TRUE);
}

static void
test_serial (void)
{
  check_model (PL_MODEL_SERIAL, 1, 1, FALSE, FALSE, FALSE);
  check_model (PL_MODEL_SERIAL, 2, 1, TRUE, TRUE, TRUE);
}

static void
test_blocks (void)
{
  g_autoptr(PlModel) m = make_model (PL_MODEL_HYBRID, 1, 1, TRUE, TRUE, TRUE);
  gsize total = 0;

  for (guint b = 0; b < PL_N_BLOCKS; b++)
    {
      PlBlockRange r = pl_model_block (m, b);
      g_assert_cmpuint (r.offset, ==, total);
      total += r.size;
    }
  g_assert_cmpuint (total, ==, pl_model_n_params (m));
  /* trunk 1 -> 5 -> 4 (the last hidden layer is the trunk output): 1*5+5 + 5*4+4 */
  g_assert_cmpuint (pl_model_block (m, PL_BLOCK_TRUNK).size, ==, 34);
  g_assert_cmpuint (pl_model_block (m, PL_BLOCK_HEAD_M).size, ==, 5);
  g_assert_cmpuint (pl_model_block (m, PL_BLOCK_READOUT).size, ==, 4);
  g_assert_cmpuint (pl_model_block (m, PL_BLOCK_PRE).size, ==, 0);
  g_assert_cmpuint (pl_model_block (m, PL_BLOCK_QUANTUM).size, ==,
                    pl_model_get_circuit (m)->n_params);
}

static void
test_bad_config (void)
{
  PlModelConfig cfg;
  g_autoptr(GError) error = NULL;
  PlTemplateOptions topt = { .n_qubits = 2, .n_layers = 1 };
  PlCircuit *plain;

  pl_model_config_init (&cfg);
  g_assert_null (pl_model_new (&cfg, NULL, 0, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* a circuit without data encoding cannot represent u(x) */
  plain = pl_circuit_new_template ("hea", &topt, NULL);
  {
    PlObservable *o = pl_observable_parse ("Z0", 2, NULL);
    g_assert_null (pl_model_new (&cfg, plain, 1, &o, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "encodes no input"));
    g_clear_error (&error);
  }
  cfg.kind = PL_MODEL_CLASSICAL;
  cfg.n_inputs = 4;
  g_assert_null (pl_model_new (&cfg, NULL, 0, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/Model/classical", test_classical);
  g_test_add_func ("/Plateau/Model/quantum", test_quantum);
  g_test_add_func ("/Plateau/Model/hybrid", test_hybrid);
  g_test_add_func ("/Plateau/Model/serial", test_serial);
  g_test_add_func ("/Plateau/Model/blocks", test_blocks);
  g_test_add_func ("/Plateau/Model/bad-config", test_bad_config);
  return g_test_run ();
}
