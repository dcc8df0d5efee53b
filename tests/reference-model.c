/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * reference-model.c: the small models of the model tests and their check against finite
 * differences (reference.h).
 */
#include "reference.h"

#include <math.h>

PlModel *
ref_model_new (PlModelKind kind,
               guint       d,
               guint       n_out,
               gboolean    mult,
               gboolean    add,
               gboolean    shared,
               guint       options)
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
  /* REF_FEAT_PERIODIC: axis 0 periodic on [-1, 1] with two harmonics; REF_FEAT_FOURIER: four
   * random Fourier features of the other axes (of axis 0 alone when it is not periodic) */
  if (options & REF_FEAT_PERIODIC)
    {
      cfg.harmonics[0] = 2;
      cfg.period[0] = 2.0;
    }
  if (options & REF_FEAT_FOURIER)
    {
      cfg.fourier = 4;
      cfg.fourier_scale = 1.5;
      cfg.fourier_seed = 7;
    }
  if (options & REF_MODIFIED_MLP)
    {
      cfg.arch = PL_MLP_MODIFIED;
      cfg.hidden[1] = 5;
    }

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

/* d^ord u_o / dx_axes[0] .. dx_axes[ord - 1] by the central difference of step h */
static double
central (const PlModel *m,
         const double  *params,
         const double  *xp,
         guint          o,
         const guint   *axes,
         guint          ord,
         double         h)
{
  double acc = 0;

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
  return acc / pow (2 * h, ord);
}

/* d^3 u_o / dx_a^3 by the five-point central difference of step h */
static double
third (const PlModel *m,
       const double  *params,
       const double  *xp,
       guint          o,
       guint          a,
       double         h)
{
  const double s[4] = { 2, 1, -1, -2 };
  double v[4];

  for (guint q = 0; q < 4; q++)
    {
      double y[3] = { xp[0], xp[1], xp[2] };
      y[a] += s[q] * h;
      v[q] = model_value (m, params, y, o);
    }
  return (v[0] - 2 * v[1] + 2 * v[2] - v[3]) / (2 * h * h * h);
}

void
ref_model_check (PlModelKind kind,
                 guint       d,
                 guint       n_out,
                 gboolean    mult,
                 gboolean    add,
                 gboolean    shared,
                 guint       options)
{
  g_autoptr(PlModel) m = ref_model_new (kind, d, n_out, mult, add, shared, options);
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
              fd = (4 * third (m, params, xp, o, axes[0], 1e-3) -
                    third (m, params, xp, o, axes[0], 2e-3)) / 3;
            }
          else
            {
              /* central differences, Richardson-extrapolated from h and h / 2: the features'
               * frequencies make the plain O(h^2) error reach the tolerance */
              double h = ord == 1 ? 1e-4 : 1e-3;
              fd = (4 * central (m, params, xp, o, axes, ord, h / 2) -
                    central (m, params, xp, o, axes, ord, h)) / 3;
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
