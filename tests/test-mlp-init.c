/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MLP construction and initialisation: the initialisation statistics against their stated
 * distributions (the encoders of a modified MLP included), initialisation names, and the
 * errors of construction and workspaces.
 */
#include <plateau/plateau.h>

#include "reference.h"

#include <math.h>
#include <string.h>

static void
check_moments (const double *w,
               gsize         n,
               double        variance,
               double        kurtosis,
               const char   *what)
{
  double m1 = 0.0, m2 = 0.0, m4 = 0.0, sd_m2;

  for (gsize i = 0; i < n; i++)
    {
      m1 += w[i];
      m2 += w[i] * w[i];
      m4 += w[i] * w[i] * w[i] * w[i];
    }
  m1 /= n;
  m2 /= n;
  m4 /= n;
  /* Sampling errors: sd(mean) = sigma / sqrt(n), sd(mean of w^2) = sigma^2 sqrt((kappa - 1) / n),
   * with kappa the kurtosis (1.8 uniform, 3 normal). Five of them. */
  sd_m2 = variance * sqrt ((kurtosis - 1.0) / n);
  if (fabs (m1) > 5.0 * sqrt (variance / n) || fabs (m2 - variance) > 5.0 * sd_m2
      || fabs (m4 / (m2 * m2) - kurtosis) > 0.15)
    g_error ("%s: mean %g, variance %g (expected %g), kurtosis %g (expected %g) over %"
             G_GSIZE_FORMAT " weights", what, m1, m2, variance, m4 / (m2 * m2), kurtosis, n);
}

static void
test_init_statistics (void)
{
  const guint widths[] = { 300, 200, 100 };
  const PlActivation acts[] = { PL_ACTIVATION_TANH };
  g_autoptr (PlMlp) mlp = pl_mlp_new (3, widths, acts, NULL);
  g_autofree double *params = g_new (double, mlp->n_params);
  g_autofree double *again = g_new (double, mlp->n_params);
  PlRng rng;

  for (guint init = PL_MLP_INIT_XAVIER_UNIFORM; init <= PL_MLP_INIT_HE_NORMAL; init++)
    {
      pl_rng_init (&rng, ref_test_seed () + init);
      for (gsize i = 0; i < mlp->n_params; i++)
        params[i] = 1.0;
      pl_mlp_init_params (mlp, init, &rng, params);
      for (guint l = 0; l < mlp->n_layers; l++)
        {
          double fan_in = widths[l], fan_out = widths[l + 1];
          const double *w = params + mlp->w_offset[l];
          gsize n = (gsize) widths[l] * widths[l + 1];
          double variance = init == PL_MLP_INIT_HE_NORMAL ? 2.0 / fan_in
                            : 2.0 / (fan_in + fan_out);
          double kurtosis = init == PL_MLP_INIT_XAVIER_UNIFORM ? 1.8 : 3.0;

          check_moments (w, n, variance, kurtosis, pl_mlp_init_to_string (init));
          if (init == PL_MLP_INIT_XAVIER_UNIFORM)
            {
              double r = sqrt (6.0 / (fan_in + fan_out)), max = 0.0;

              for (gsize i = 0; i < n; i++)
                max = MAX (max, fabs (w[i]));
              g_assert_cmpfloat (max, <=, r);
              g_assert_cmpfloat (max, >, 0.999 * r);
            }
          for (guint o = 0; o < widths[l + 1]; o++)
            g_assert_cmpfloat (params[mlp->b_offset[l] + o], ==, 0.0);
        }

      /* The seed fixes the draw. */
      pl_rng_init (&rng, ref_test_seed () + init);
      pl_mlp_init_params (mlp, init, &rng, again);
      g_assert_cmpmem (params, mlp->n_params * sizeof (double),
                       again, mlp->n_params * sizeof (double));
    }
}

/* The encoders of a modified MLP are initialised like a layer of widths[0] inputs and h
 * outputs, with two draws, after the layers, which draw what a plain MLP of the same widths
 * does. */
static void
test_init_modified (void)
{
  const guint widths[] = { 300, 200, 100 };
  const PlActivation acts[] = { PL_ACTIVATION_TANH };
  g_autoptr (PlMlp) plain = pl_mlp_new (3, widths, acts, NULL);
  g_autoptr (PlMlp) mlp = pl_mlp_new_full (3, widths, acts, PL_MLP_MODIFIED, FALSE, NULL);
  g_autofree double *params = g_new (double, mlp->n_params);
  g_autofree double *layers = g_new (double, plain->n_params);
  gsize n = 300 * 200;
  PlRng rng;

  g_assert_cmpuint (mlp->n_params, ==, plain->n_params + 2 * (n + 200));
  for (guint init = PL_MLP_INIT_XAVIER_UNIFORM; init <= PL_MLP_INIT_HE_NORMAL; init++)
    {
      double variance = init == PL_MLP_INIT_HE_NORMAL ? 2.0 / 300 : 2.0 / (300 + 200);
      double kurtosis = init == PL_MLP_INIT_XAVIER_UNIFORM ? 1.8 : 3.0;

      pl_rng_init (&rng, ref_test_seed () + init);
      for (gsize i = 0; i < mlp->n_params; i++)
        params[i] = 1.0;
      pl_mlp_init_params (mlp, init, &rng, params);
      pl_rng_init (&rng, ref_test_seed () + init);
      pl_mlp_init_params (plain, init, &rng, layers);
      g_assert_cmpmem (params, plain->n_params * sizeof (double),
                       layers, plain->n_params * sizeof (double));
      for (guint e = 0; e < 2; e++)
        {
          check_moments (params + mlp->enc_w_offset[e], n, variance, kurtosis,
                         pl_mlp_init_to_string (init));
          for (guint o = 0; o < 200; o++)
            g_assert_cmpfloat (params[mlp->enc_b_offset[e] + o], ==, 0.0);
        }
      g_assert_true (memcmp (params + mlp->enc_w_offset[0], params + mlp->enc_w_offset[1],
                             n * sizeof (double)) != 0);
    }
}

static void
test_names_and_errors (void)
{
  const guint zero[] = { 2, 0, 1 };
  const guint huge[] = { 2, PL_MLP_MAX_WIDTH + 1, 1 };
  const guint ok[] = { 2, 3, 1 };
  const PlActivation bad_act[] = { (PlActivation) 99 };
  const PlActivation tanh_act[] = { PL_ACTIVATION_TANH };
  g_autoptr (PlMlp) mlp = NULL;
  PlJetSpec spec;
  PlMlpInit init;

  for (guint i = 0; i <= PL_MLP_INIT_HE_NORMAL; i++)
    {
      g_assert_true (pl_mlp_init_from_string (pl_mlp_init_to_string (i), &init, NULL));
      g_assert_cmpint (init, ==, i);
    }
  g_assert_true (pl_mlp_init_from_string ("Kaiming-Normal", &init, NULL));
  g_assert_cmpint (init, ==, PL_MLP_INIT_HE_NORMAL);
  g_assert_true (pl_mlp_init_from_string ("glorot-uniform", &init, NULL));
  g_assert_cmpint (init, ==, PL_MLP_INIT_XAVIER_UNIFORM);

  {
    g_autoptr (GError) error = NULL;

    g_assert_false (pl_mlp_init_from_string ("lecun", &init, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "lecun"));
  }
  {
    g_autoptr (GError) error = NULL;

    g_assert_null (pl_mlp_new (1, ok, NULL, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr (GError) error = NULL;

    g_assert_null (pl_mlp_new (3, zero, tanh_act, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr (GError) error = NULL;

    g_assert_null (pl_mlp_new (3, huge, tanh_act, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr (GError) error = NULL;

    g_assert_null (pl_mlp_new (3, ok, bad_act, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr (GError) error = NULL;

    mlp = pl_mlp_new (3, ok, tanh_act, NULL);
    g_assert_true (pl_jet_spec_init (&spec, 2, 2, 0, NULL, NULL));
    g_assert_null (pl_mlp_work_new (mlp, &spec, 0, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr (GError) error = NULL;

    g_assert_null (pl_mlp_work_new (mlp, &spec, G_MAXSIZE / 2, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  }
}

/* A modified MLP gates every hidden layer with encoders of one width: unequal hidden widths
 * (a headless one's output among them) and networks without a hidden layer are refused,
 * naming the widths. */
static void
test_modified_errors (void)
{
  const PlActivation acts[] = { PL_ACTIVATION_TANH, PL_ACTIVATION_TANH, PL_ACTIVATION_TANH };
  static const struct {
    guint       n_widths;
    guint       widths[5];
    gboolean    headless;
    const char *needle;
  } cases[] = {
    { 4, { 2, 6, 4, 1 }, FALSE, "hidden widths must be equal, not 6, 4" },
    { 5, { 2, 6, 6, 5, 1 }, FALSE, "not 6, 6, 5" },
    { 3, { 2, 6, 4 }, TRUE, "not 6, 4" },
    { 2, { 2, 1 }, FALSE, "at least one hidden layer" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PlMlp) plain = NULL;

      g_assert_null (pl_mlp_new_full (cases[i].n_widths, cases[i].widths, acts,
                                      PL_MLP_MODIFIED, cases[i].headless, &error));
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("case %u: '%s' does not say '%s'", i, error->message, cases[i].needle);
      /* the same widths make a plain MLP */
      plain = pl_mlp_new_full (cases[i].n_widths, cases[i].widths, acts, PL_MLP_PLAIN,
                               cases[i].headless, NULL);
      g_assert_nonnull (plain);
    }
  {
    g_autoptr (GError) error = NULL;
    const guint widths[] = { 2, 3, 1 };

    g_assert_null (pl_mlp_new_full (3, widths, acts, (PlMlpArch) 7, FALSE, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Mlp/init-statistics", test_init_statistics);
  g_test_add_func ("/Plateau/Mlp/init-modified", test_init_modified);
  g_test_add_func ("/Plateau/Mlp/names-and-errors", test_names_and_errors);
  g_test_add_func ("/Plateau/Mlp/modified-errors", test_modified_errors);

  return g_test_run ();
}
