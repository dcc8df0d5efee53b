/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hybrid models on jets: output derivatives against finite differences of the model's
 * own values, parameter gradients of a loss of the jets against finite differences, for
 * every model kind and coupling, with and without input features (periodic harmonics and
 * random Fourier features: also against hand-computed feature jets through a plain MLP, and
 * exact periodicity).
 */
#include "reference.h"

#include <math.h>
#include <string.h>

static void
test_classical (void)
{
  ref_model_check (PL_MODEL_CLASSICAL, 1, 1, FALSE, FALSE, FALSE, 0);
  ref_model_check (PL_MODEL_CLASSICAL, 2, 2, FALSE, FALSE, FALSE, 0);
}

static void
test_quantum (void)
{
  ref_model_check (PL_MODEL_QUANTUM, 1, 1, FALSE, FALSE, FALSE, 0);
  ref_model_check (PL_MODEL_QUANTUM, 2, 1, FALSE, FALSE, FALSE, 0);
}

static void
test_hybrid (void)
{
  ref_model_check (PL_MODEL_HYBRID, 1, 1, TRUE, TRUE, TRUE, 0);
  ref_model_check (PL_MODEL_HYBRID, 1, 2, TRUE, FALSE, TRUE, 0);
  ref_model_check (PL_MODEL_HYBRID, 2, 1, FALSE, TRUE, TRUE, 0);
  ref_model_check (PL_MODEL_HYBRID, 2, 2, TRUE, TRUE, FALSE, 0);
  ref_model_check (PL_MODEL_HYBRID, 3, 1, TRUE, TRUE, TRUE, 0);
}

static void
test_serial (void)
{
  ref_model_check (PL_MODEL_SERIAL, 1, 1, FALSE, FALSE, FALSE, 0);
  ref_model_check (PL_MODEL_SERIAL, 2, 1, TRUE, TRUE, TRUE, 0);
}

/* Jets and parameter gradients with features, against finite differences (ref_model_check). */
static void
test_features_fd (void)
{
  ref_model_check (PL_MODEL_CLASSICAL, 1, 1, FALSE, FALSE, FALSE, REF_FEAT_PERIODIC);
  ref_model_check (PL_MODEL_CLASSICAL, 1, 1, FALSE, FALSE, FALSE, REF_FEAT_FOURIER);
  ref_model_check (PL_MODEL_CLASSICAL, 2, 2, FALSE, FALSE, FALSE,
                   REF_FEAT_PERIODIC | REF_FEAT_FOURIER);
  ref_model_check (PL_MODEL_CLASSICAL, 3, 1, FALSE, FALSE, FALSE,
                   REF_FEAT_PERIODIC | REF_FEAT_FOURIER);
  ref_model_check (PL_MODEL_HYBRID, 2, 1, TRUE, TRUE, TRUE, REF_FEAT_PERIODIC | REF_FEAT_FOURIER);
  ref_model_check (PL_MODEL_HYBRID, 2, 1, TRUE, TRUE, FALSE, REF_FEAT_FOURIER);
  ref_model_check (PL_MODEL_SERIAL, 2, 1, TRUE, TRUE, TRUE, REF_FEAT_PERIODIC);
}

/* The jet of sin(w . x + phase), written out: value, w_i c, -w_i w_j s, -w_a^3 c. */
static void
sinusoid_jet (const PlJetSpec *spec,
              const double    *w,
              double           phase,
              const double    *x,
              double          *jet)
{
  double arg = phase, s, c;
  guint d = spec->n_inputs;

  for (guint j = 0; j < d; j++)
    arg += w[j] * x[j];
  s = sin (arg);
  c = cos (arg);
  for (guint k = 0; k < spec->n_components; k++)
    {
      double prod = 1;
      guint ord = 0;

      for (guint j = 0; j < d; j++)
        for (guint r = 0; r < spec->alpha[k][j]; r++)
          {
            prod *= w[j];
            ord++;
          }
      /* d^n/darg^n sin = sin, cos, -sin, -cos */
      jet[k] = prod * (ord % 4 == 0 ? s : ord % 4 == 1 ? c : ord % 4 == 2 ? -s : -c);
    }
}

/* A classical model with features equals a plain MLP of the same weights fed feature jets
 * computed by hand: harmonics sin/cos(2 pi k x / P) of the periodic axis, the raw other
 * axes, and the Fourier features sin/cos(b . x) with the model's frequencies (their
 * distribution is checked separately). */
static void
test_features_oracle (void)
{
  enum { d = 2, B = 4, F = 1 + 2 * 2 + 2 * 4 };  /* t raw, 2 harmonics of x, 4 Fourier pairs */
  g_autoptr(PlModel) m = ref_model_new (PL_MODEL_CLASSICAL, d, 1, FALSE, FALSE, FALSE,
                                     REF_FEAT_PERIODIC | REF_FEAT_FOURIER);
  guint widths[4] = { F, 5, 4, 1 };
  PlActivation acts[2] = { PL_ACTIVATION_TANH, PL_ACTIVATION_TANH };
  g_autoptr(PlMlp) mlp = pl_mlp_new (4, widths, acts, NULL);
  g_autoptr(PlMlpWork) mw = NULL;
  g_autoptr(PlModelWork) w = NULL;
  PlJetSpec spec;
  PlRng rng;
  gint axis[F];
  double freq[F * 2], phase[F];
  g_autofree double *params = g_new (double, pl_model_n_params (m));
  double x[2 * 4], u[11 * 4], v[11 * 4], fj[F * 11 * 4];
  guint K;

  g_assert_cmpuint (pl_model_features (m, axis, freq, phase), ==, F);
  g_assert_cmpuint (pl_model_n_params (m), ==, mlp->n_params);
  g_assert_true (pl_jet_spec_init (&spec, d, 2, 0, NULL, NULL));
  K = spec.n_components;
  pl_rng_init (&rng, ref_test_seed ());
  pl_model_init_params (m, &rng, params);
  for (gsize i = 0; i < B * d; i++)
    x[i] = 3 * pl_rng_uniform (&rng) - 1.5;
  w = pl_model_work_new (m, &spec, B, NULL);
  mw = pl_mlp_work_new (mlp, &spec, B, NULL);
  pl_model_forward (m, params, x, w, u);

  /* the layout the header promises: t raw, then sin, cos of pi x and 2 pi x, then Fourier
   * pairs in t only */
  g_assert_cmpint (axis[0], ==, 1);
  for (guint r = 1; r < F; r++)
    g_assert_cmpint (axis[r], ==, -1);
  for (guint b = 0; b < B; b++)
    {
      double xp[2] = { x[b], x[B + b] };

      /* the raw t: value t, dt/dt = 1, nothing else */
      for (guint k = 0; k < K; k++)
        fj[k * B + b] = k == 0 ? xp[1] : k == (guint) spec.first[1] ? 1.0 : 0.0;
      for (guint h = 1; h <= 2; h++)
        for (guint c = 0; c < 2; c++)
          {
            double wv[2] = { G_PI * h, 0 };  /* 2 pi h / P with P = 2 */
            double jet[11];
            guint r = 1 + 2 * (h - 1) + c;

            sinusoid_jet (&spec, wv, c ? G_PI / 2 : 0, xp, jet);
            for (guint k = 0; k < K; k++)
              fj[(r * K + k) * B + b] = jet[k];
          }
      for (guint f = 0; f < 4; f++)
        for (guint c = 0; c < 2; c++)
          {
            guint r = 5 + 2 * f + c;
            double wv[2] = { 0, freq[(5 + 2 * f) * d + 1] };
            double jet[11];

            g_assert_cmpfloat (freq[r * d], ==, 0);
            g_assert_cmpfloat (freq[r * d + 1], ==, wv[1]);
            sinusoid_jet (&spec, wv, c ? G_PI / 2 : 0, xp, jet);
            for (guint k = 0; k < K; k++)
              fj[(r * K + k) * B + b] = jet[k];
          }
    }
  pl_mlp_forward (mlp, params + pl_model_block (m, PL_BLOCK_TRUNK).offset, fj, v, mw);
  for (guint i = 0; i < K * B; i++)
    if (fabs (u[i] - v[i]) > 1e-12 * MAX (1.0, fabs (v[i])))
      g_error ("%s at point %u: model %.17g, hand-made features %.17g",
               pl_jet_spec_name (&spec, i / B), i % B, u[i], v[i]);
}

/* The Fourier frequencies are N(0, sigma^2) draws: mean and variance of 2 x 256 of them. */
static void
test_features_distribution (void)
{
  PlModelConfig cfg;
  g_autoptr(PlModel) m = NULL;
  const guint F = 2 + 2 * PL_MODEL_MAX_FOURIER;
  g_autofree gint *axis = g_new (gint, F);
  g_autofree double *freq = g_new (double, F * 2);
  double mean = 0, var = 0, n = 0;

  pl_model_config_init (&cfg);
  cfg.kind = PL_MODEL_CLASSICAL;
  cfg.n_inputs = 2;
  cfg.fourier = PL_MODEL_MAX_FOURIER;
  cfg.fourier_scale = 3.0;
  cfg.fourier_seed = ref_test_seed ();
  m = pl_model_new (&cfg, NULL, 0, NULL, NULL);
  g_assert_nonnull (m);
  g_assert_cmpuint (pl_model_features (m, axis, freq, NULL), ==, F);
  for (guint r = 2; r < F; r += 2)
    for (guint j = 0; j < 2; j++)
      {
        mean += freq[r * 2 + j];
        var += freq[r * 2 + j] * freq[r * 2 + j];
        n++;
      }
  mean /= n;
  var = var / n - mean * mean;
  /* 512 draws: the mean's standard error is 3 / sqrt (512) = 0.13, the variance's about
   * 9 sqrt (2 / 512) = 0.56; five of each */
  g_assert_cmpfloat (fabs (mean), <, 5 * 3.0 / sqrt (n));
  g_assert_cmpfloat (fabs (var - 9.0), <, 5 * 9.0 * sqrt (2 / n));
}

/* A periodic axis makes a classical model's u and every derivative equal on the two faces,
 * to rounding. (The circuit of a hybrid sees raw coordinates, so a hybrid is not.) */
static void
test_features_periodic (void)
{
  const guint d = 2, B = 8;
  g_autoptr(PlModel) m = ref_model_new (PL_MODEL_CLASSICAL, d, 1, FALSE, FALSE, FALSE,
                                     REF_FEAT_PERIODIC | REF_FEAT_FOURIER);
  g_autoptr(PlModelWork) w = NULL;
  PlJetSpec spec;
  PlRng rng;
  g_autofree double *params = g_new (double, pl_model_n_params (m));
  double x[2 * 8], u[11 * 8];
  guint K;
  gboolean differs = FALSE;

  g_assert_true (pl_jet_spec_init (&spec, d, 2, 0, NULL, NULL));
  K = spec.n_components;
  pl_rng_init (&rng, ref_test_seed ());
  pl_model_init_params (m, &rng, params);
  /* points b < 4 on x = -1, b >= 4 on x = 1, the same t */
  for (guint b = 0; b < 4; b++)
    {
      x[b] = -1.0;
      x[b + 4] = 1.0;
      x[B + b] = x[B + b + 4] = pl_rng_uniform (&rng);
    }
  w = pl_model_work_new (m, &spec, B, NULL);
  pl_model_forward (m, params, x, w, u);
  for (guint k = 0; k < K; k++)
    for (guint b = 0; b < 4; b++)
      {
        double a = u[k * B + b], c = u[k * B + b + 4];

        if (fabs (a - c) > 1e-12 * MAX (1.0, fabs (a)))
          g_error ("%s differs across the period: %.17g and %.17g",
                   pl_jet_spec_name (&spec, k), a, c);
      }
  /* and it is not periodic in t (the check above could pass with a constant model) */
  x[B + 4] += 0.25;
  pl_model_forward (m, params, x, w, u);
  for (guint k = 0; k < K; k++)
    differs |= fabs (u[k * B] - u[k * B + 4]) > 1e-6;
  g_assert_true (differs);
}

static void
test_features_bad (void)
{
  PlModelConfig cfg;
  g_autoptr(GError) error = NULL;
  struct { const char *what; guint harm; double period; guint fourier; double scale;
           const char *needle; } cases[] = {
    { "periodic axis beyond the inputs", 0, 0, 0, 1, "periodic features on input 1" },
    { "no period", 1, 0, 0, 1, "positive period" },
    { "infinite period", 1, INFINITY, 0, 1, "positive period" },
    { "too many harmonics", PL_MODEL_MAX_HARMONICS + 1, 2, 0, 1, "harmonics" },
    { "too many Fourier features", 0, 0, PL_MODEL_MAX_FOURIER + 1, 1, "at most" },
    { "zero scale", 0, 0, 4, 0, "scale" },
    { "NaN scale", 0, 0, 4, NAN, "scale" },
    { "only periodic axes", 1, 2, 4, 1, "non-periodic" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      pl_model_config_init (&cfg);
      cfg.kind = PL_MODEL_CLASSICAL;
      cfg.n_inputs = 1;
      if (i == 0)
        {
          cfg.harmonics[1] = 1;
          cfg.period[1] = 1;
        }
      else
        {
          cfg.harmonics[0] = cases[i].harm;
          cfg.period[0] = cases[i].period;
        }
      cfg.fourier = cases[i].fourier;
      cfg.fourier_scale = cases[i].scale;
      g_test_message ("%s", cases[i].what);
      g_assert_null (pl_model_new (&cfg, NULL, 0, NULL, &error));
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("%s: '%s' does not say '%s'", cases[i].what, error->message, cases[i].needle);
      g_clear_error (&error);
    }
}

static void
test_blocks (void)
{
  g_autoptr(PlModel) m = ref_model_new (PL_MODEL_HYBRID, 1, 1, TRUE, TRUE, TRUE, 0);
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
  g_test_add_func ("/Plateau/Model/features/finite-differences", test_features_fd);
  g_test_add_func ("/Plateau/Model/features/hand-made", test_features_oracle);
  g_test_add_func ("/Plateau/Model/features/distribution", test_features_distribution);
  g_test_add_func ("/Plateau/Model/features/periodic", test_features_periodic);
  g_test_add_func ("/Plateau/Model/features/bad", test_features_bad);
  g_test_add_func ("/Plateau/Model/bad-config", test_bad_config);
  return g_test_run ();
}
