/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Jets: the component layout, the activation derivatives (against central differences of the
 * next-lower derivative and Taylor coefficients at 0), the forward rules (against nested
 * central differences of the composed functions and a closed-form product) and the reverse
 * rules (against central differences of a random linear functional of the output).
 */
#include <plateau/plateau.h>

#include "reference.h"
#include "reference-jet.h"

#include <math.h>
#include <string.h>

#define BATCH 3

static const PlActivation all_activations[] = {
  PL_ACTIVATION_IDENTITY, PL_ACTIVATION_TANH, PL_ACTIVATION_SIN, PL_ACTIVATION_SILU,
  PL_ACTIVATION_GELU,
};

/* Every spec: d = 1..3, orders 0..2, and order 2 with each possible third axis. */
static guint
all_specs (PlJetSpec *specs)
{
  guint n = 0;

  for (guint d = 1; d <= 3; d++)
    for (guint order = 0; order <= 2; order++)
      for (gint a = -1; a < (order == 2 ? (gint) d : 0); a++)
        g_assert_true (pl_jet_spec_init (&specs[n++], d, order, a, NULL, NULL));
  return n;
}

static void
check_names (const PlJetSpec *spec,
             const char      *expected)
{
  g_auto (GStrv) names = g_strsplit (expected, " ", -1);

  g_assert_cmpuint (spec->n_components, ==, g_strv_length (names));
  for (guint k = 0; k < spec->n_components; k++)
    g_assert_cmpstr (pl_jet_spec_name (spec, k), ==, names[k]);
}

static void
test_spec_layout (void)
{
  PlJetSpec spec, specs[32];
  guint n_specs;
  guint k;

  /* The documented order, written out by hand. */
  g_assert_true (pl_jet_spec_init (&spec, 3, 2, 0, NULL, NULL));
  check_names (&spec, "u u_x u_y u_t u_xx u_xy u_xt u_yy u_yt u_tt u_xxx");
  g_assert_cmpint (pl_jet_spec_index (&spec, (guint[]) { 2, 0, 0 }), ==, 4);
  g_assert_cmpint (pl_jet_spec_index (&spec, (guint[]) { 1, 0, 1 }), ==, 6);
  g_assert_cmpint (pl_jet_spec_index (&spec, (guint[]) { 3, 0, 0 }), ==, 10);
  g_assert_cmpint (pl_jet_spec_index (&spec, (guint[]) { 0, 0, 0 }), ==, 0);
  g_assert_cmpint (pl_jet_spec_index (&spec, (guint[]) { 0, 3, 0 }), ==, -1);
  g_assert_cmpint (pl_jet_spec_index (&spec, (guint[]) { 1, 1, 1 }), ==, -1);
  g_assert_cmpuint (spec.max_order, ==, 3);

  g_assert_true (pl_jet_spec_init (&spec, 2, 2, 1, NULL, NULL));
  check_names (&spec, "u u_x u_t u_xx u_xt u_tt u_ttt");
  g_assert_true (pl_jet_spec_init (&spec, 2, 2, -1, "xy", NULL));
  check_names (&spec, "u u_x u_y u_xx u_xy u_yy");
  g_assert_cmpuint (spec.max_order, ==, 2);
  g_assert_true (pl_jet_spec_init (&spec, 1, 2, 0, NULL, NULL));
  check_names (&spec, "u u_x u_xx u_xxx");
  g_assert_true (pl_jet_spec_init (&spec, 3, 1, -1, "abc", NULL));
  check_names (&spec, "u u_a u_b u_c");
  g_assert_true (pl_jet_spec_init (&spec, 1, 0, -1, NULL, NULL));
  check_names (&spec, "u");

  /* Every spec: K by counting, names and indices agree with the multi-indices. */
  n_specs = all_specs (specs);
  g_assert_cmpuint (n_specs, ==, 3 * 3 + 1 + 2 + 3);
  for (guint s = 0; s < n_specs; s++)
    {
      const PlJetSpec *sp = &specs[s];
      guint d = sp->n_inputs;
      guint K = 1 + (sp->order >= 1 ? d : 0) + (sp->order >= 2 ? d * (d + 1) / 2 : 0)
                + (sp->third_axis >= 0 ? 1 : 0);

      g_assert_cmpuint (sp->n_components, ==, K);
      g_assert_cmpuint (pl_jet_size (sp, 5, 7), ==, 5 * 7 * K);
      for (k = 0; k < K; k++)
        {
          guint alpha[3] = { sp->alpha[k][0], sp->alpha[k][1], sp->alpha[k][2] };
          guint parsed = 999, total = 0;

          for (guint i = 0; i < d; i++)
            total += alpha[i];
          g_assert_cmpint (pl_jet_spec_index (sp, alpha), ==, (gint) k);
          g_assert_true (pl_jet_spec_parse (sp, pl_jet_spec_name (sp, k), &parsed, NULL));
          g_assert_cmpuint (parsed, ==, k);
          /* The name has one letter per differentiation. */
          g_assert_cmpuint (strlen (pl_jet_spec_name (sp, k)), ==, total == 0 ? 1 : 2 + total);
          /* Components are sorted by order. */
          if (k > 0)
            {
              guint prev = 0;

              for (guint i = 0; i < d; i++)
                prev += sp->alpha[k - 1][i];
              g_assert_cmpuint (prev, <=, total);
            }
        }
    }
}

static void
test_spec_parse (void)
{
  const char *bad_parse[] = { "v", "u_", "ux", "u_z", "u_x1", "" };
  const char *not_carried[] = { "u_xxxx", "u_yyy", "u_xxy", "u_xyt" };
  PlJetSpec spec;
  guint k;

  g_assert_true (pl_jet_spec_init (&spec, 3, 2, 0, NULL, NULL));
  g_assert_true (pl_jet_spec_parse (&spec, "u_tx", &k, NULL));
  g_assert_cmpstr (pl_jet_spec_name (&spec, k), ==, "u_xt");
  g_assert_true (pl_jet_spec_parse (&spec, "u_yx", &k, NULL));
  g_assert_cmpstr (pl_jet_spec_name (&spec, k), ==, "u_xy");
  g_assert_true (pl_jet_spec_parse (&spec, "u", &k, NULL));
  g_assert_cmpuint (k, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad_parse); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (pl_jet_spec_parse (&spec, bad_parse[i], &k, &error));
      g_assert_error (error, PL_ERROR, PL_ERROR_PARSE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (not_carried); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (pl_jet_spec_parse (&spec, not_carried[i], &k, &error));
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, not_carried[i]));
      g_assert_nonnull (strstr (error->message, "u_xxx"));
    }
}

static void
test_spec_invalid (void)
{
  struct { guint d, order; gint third; const char *axes; } bad[] = {
    { 0, 1, -1, NULL }, { 4, 1, -1, NULL }, { 1, 3, -1, NULL }, { 2, 1, 0, NULL },
    { 2, 2, 2, NULL }, { 2, 2, -2, NULL }, { 2, 2, -1, "xx" }, { 2, 2, -1, "x" },
    { 2, 2, -1, "xT" }, { 2, 2, -1, "ux" }, { 1, 0, -1, "1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      PlJetSpec spec;

      g_assert_false (pl_jet_spec_init (&spec, bad[i].d, bad[i].order, bad[i].third,
                                        bad[i].axes, &error));
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
    }
}

/* --- activations ----------------------------------------------------------------------- */

static void
test_activation_derivatives (void)
{
  enum { N = 41 };
  double x[N], f[PL_JET_MAX_DERIVS * N], fp[PL_JET_MAX_DERIVS], fm[PL_JET_MAX_DERIVS];
  const double h = 1e-5;

  for (guint i = 0; i < N; i++)
    x[i] = -6.0 + 12.0 * i / (N - 1) + 0.013;
  for (guint a = 0; a < G_N_ELEMENTS (all_activations); a++)
    {
      PlActivation act = all_activations[a];

      /* A stride larger than n must work too. */
      pl_activation_eval (act, N, x, PL_JET_MAX_DERIVS, N, f);
      for (guint i = 0; i < N; i++)
        {
          double xp = x[i] + h, xm = x[i] - h;

          g_assert_cmpfloat_with_epsilon (f[i], ref_activation (act, x[i]),
                                          1e-14 * (1.0 + fabs (f[i])));
          /* f' against libm's f directly, then each derivative against the one below it. */
          g_assert_cmpfloat_with_epsilon (f[N + i], (ref_activation (act, xp)
                                                     - ref_activation (act, xm)) / (2 * h),
                                          1e-8 * (1.0 + fabs (f[i])));
          pl_activation_eval (act, 1, &xp, PL_JET_MAX_DERIVS, 1, fp);
          pl_activation_eval (act, 1, &xm, PL_JET_MAX_DERIVS, 1, fm);
          for (guint m = 1; m < PL_JET_MAX_DERIVS; m++)
            {
              double fd = (fp[m - 1] - fm[m - 1]) / (2 * h);

              if (fabs (f[m * N + i] - fd) > 1e-8 * (1.0 + fabs (fd)))
                g_error ("%s: derivative %u at %g is %.12g, central difference %.12g",
                         pl_activation_to_string (act), m, x[i], f[m * N + i], fd);
            }
        }
    }
}

/* Taylor coefficients at 0, from the textbook series:
 *   tanh x = x - x^3/3 + 2x^5/15;  sigma(x) = 1/2 + x/4 - x^3/48;  Phi(x) = 1/2 + phi0 (x - x^3/6),
 * so SiLU = x/2 + x^2/4 - x^4/48 and GELU = x/2 + phi0 x^2 - phi0 x^4 / 6. */
static void
test_activation_taylor (void)
{
  const double phi0 = 1.0 / sqrt (2.0 * G_PI);
  struct { PlActivation act; double f[5]; } table[] = {
    { PL_ACTIVATION_TANH, { 0.0, 1.0, 0.0, -2.0, 0.0 } },
    { PL_ACTIVATION_SIN, { 0.0, 1.0, 0.0, -1.0, 0.0 } },
    { PL_ACTIVATION_SILU, { 0.0, 0.5, 0.5, 0.0, -24.0 / 48.0 } },
    { PL_ACTIVATION_GELU, { 0.0, 0.5, 2.0 * phi0, 0.0, -4.0 * phi0 } },
    { PL_ACTIVATION_IDENTITY, { 0.0, 1.0, 0.0, 0.0, 0.0 } },
  };
  double zero = 0.0, f[5];

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      pl_activation_eval (table[i].act, 1, &zero, 5, 1, f);
      for (guint m = 0; m < 5; m++)
        g_assert_cmpfloat_with_epsilon (f[m], table[i].f[m], 1e-15);
    }
}

static void
test_activation_names (void)
{
  g_autoptr (GError) error = NULL;
  PlActivation act;

  for (guint i = 0; i < PL_N_ACTIVATIONS; i++)
    {
      g_assert_true (pl_activation_from_string (pl_activation_to_string (i), &act, NULL));
      g_assert_cmpint (act, ==, i);
    }
  g_assert_true (pl_activation_from_string ("GELU", &act, NULL));
  g_assert_cmpint (act, ==, PL_ACTIVATION_GELU);
  g_assert_false (pl_activation_from_string ("relu", &act, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "relu"));
}

/* --- forward rules ------------------------------------------------------------------- */

typedef struct {
  guint        d;
  PlActivation act;
  double       k[3];   /* for the exponential factor of the product test */
  gboolean     product;
} FieldFn;

static double
field_value (const double *p,
             gpointer      data)
{
  const FieldFn *fn = data;
  double P[3];
  guint A[3] = { 0, 0, 0 };

  ref_field_embed (fn->d, p, P);
  if (fn->product)
    return ref_field_partial (A, P) * exp (fn->k[0] * P[0] + fn->k[1] * P[1] + fn->k[2] * P[2]);
  return ref_activation (fn->act, ref_field_partial (A, P));
}

/* Jets of the field at @points (d x B) straight from the closed forms. */
static void
field_jets (const PlJetSpec *spec,
            const double    *points,
            double          *jets)
{
  gsize K = spec->n_components;

  for (guint k = 0; k < K; k++)
    for (guint b = 0; b < BATCH; b++)
      {
        double p[3], P[3];
        guint alpha[3] = { spec->alpha[k][0], spec->alpha[k][1], spec->alpha[k][2] }, A[3];

        for (guint i = 0; i < spec->n_inputs; i++)
          p[i] = points[i * BATCH + b];
        ref_field_embed (spec->n_inputs, p, P);
        ref_field_embed_alpha (spec->n_inputs, alpha, A);
        jets[k * BATCH + b] = ref_field_partial (A, P);
      }
}

/* Steps and tolerances of the nested central differences (with one Richardson step) by
 * derivative order: the truncation error is ~h^4 g^(order + 4) and the rounding
 * ~eps |g| / h^order, so higher orders want larger steps. A missing or wrong term of a rule
 * is off by 1e-3 or more. */
static const double fd_step[4] = { 1.0, 1e-4, 2e-3, 4e-3 };
static const double fd_tol[4] = { 1e-12, 1e-9, 1e-7, 1e-5 };

static void
check_against_fd (const PlJetSpec *spec,
                  const double    *points,
                  const double    *jets,
                  FieldFn         *fn,
                  const char      *what)
{
  for (guint k = 0; k < spec->n_components; k++)
    for (guint b = 0; b < BATCH; b++)
      {
        guint order = 0;
        double p[3], fd, got = jets[k * BATCH + b];
        guint alpha[3] = { spec->alpha[k][0], spec->alpha[k][1], spec->alpha[k][2] };

        for (guint i = 0; i < spec->n_inputs; i++)
          {
            p[i] = points[i * BATCH + b];
            order += alpha[i];
          }
        fd = ref_nested_diff_richardson (field_value, fn, p, spec->n_inputs, alpha,
                                         fd_step[order]);
        if (fabs (got - fd) > fd_tol[order] * (1.0 + fabs (fd)))
          g_error ("%s, %u inputs, component %s, point %u: rule %.12g, finite differences "
                   "%.12g", what, spec->n_inputs, pl_jet_spec_name (spec, k), b, got, fd);
      }
}

static void
test_seed_and_linear (void)
{
  PlJetSpec spec;
  double x[3 * BATCH], jets[3 * 11 * BATCH], y[3 * 11 * BATCH];
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  g_assert_true (pl_jet_spec_init (&spec, 3, 2, 2, NULL, NULL));
  ref_random_fill (&rng, 3 * BATCH, x);
  pl_jet_seed_inputs (&spec, BATCH, x, jets);
  /* The jet of the coordinate x_i: value x_i, d/dx_i = 1, nothing else. */
  for (guint i = 0; i < 3; i++)
    for (guint k = 0; k < spec.n_components; k++)
      for (guint b = 0; b < BATCH; b++)
        {
          double expect = k == 0 ? x[i * BATCH + b]
                          : (spec.alpha[k][i] == 1 && k <= 3) ? 1.0 : 0.0;

          g_assert_cmpfloat (jets[(i * spec.n_components + k) * BATCH + b], ==, expect);
        }

  for (guint i = 0; i < G_N_ELEMENTS (y); i++)
    y[i] = i;
  pl_jet_axpy (&spec, BATCH, 3, -2.0, jets, y);
  pl_jet_scale (&spec, BATCH, 3, 0.5, y);
  for (guint i = 0; i < G_N_ELEMENTS (y); i++)
    g_assert_cmpfloat (y[i], ==, 0.5 * (i - 2.0 * jets[i]));
}

/* v = f(u) for the test field and every spec and activation, against nested central
 * differences of f(u(x, y, t)); the identity checks the closed-form field jets themselves. */
static void
test_apply_chain_rule (void)
{
  PlJetSpec specs[32];
  guint n_specs = all_specs (specs);
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  for (guint s = 0; s < n_specs; s++)
    for (guint a = 0; a < G_N_ELEMENTS (all_activations); a++)
      {
        const PlJetSpec *spec = &specs[s];
        gsize K = spec->n_components;
        double points[3 * BATCH], u[11 * BATCH], v[11 * BATCH];
        double derivs[PL_JET_MAX_DERIVS * BATCH];
        FieldFn fn = { spec->n_inputs, all_activations[a], { 0 }, FALSE };

        ref_random_fill (&rng, spec->n_inputs * BATCH, points);
        field_jets (spec, points, u);
        pl_activation_eval (fn.act, BATCH, u, spec->max_order + 1, BATCH, derivs);
        pl_jet_apply (spec, BATCH, 1, derivs, u, v);
        check_against_fd (spec, points, v, &fn, pl_activation_to_string (fn.act));

        /* In place gives the same. */
        pl_jet_apply (spec, BATCH, 1, derivs, u, u);
        for (guint i = 0; i < K * BATCH; i++)
          g_assert_cmpfloat (u[i], ==, v[i]);
      }
}

/* w = u v for the test field and an exponential: against nested central differences, and
 * for two exponentials against the closed form e^{k1 p} e^{k2 p} = e^{(k1 + k2) p}, whose
 * alpha component is (k1 + k2)^alpha e^{(k1 + k2) p}. */
static void
test_product (void)
{
  PlJetSpec specs[32];
  guint n_specs = all_specs (specs);
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  for (guint s = 0; s < n_specs; s++)
    {
      const PlJetSpec *spec = &specs[s];
      gsize K = spec->n_components;
      guint d = spec->n_inputs;
      double points[3 * BATCH], u[11 * BATCH], v[11 * BATCH], w[11 * BATCH];
      double e1[11 * BATCH], e2[11 * BATCH], sq[11 * BATCH], k1[3], k2[3];
      FieldFn fn = { d, PL_ACTIVATION_IDENTITY, { 0 }, TRUE };

      ref_random_fill (&rng, d * BATCH, points);
      for (guint i = 0; i < 3; i++)
        {
          k1[i] = 2.0 * pl_rng_uniform (&rng) - 1.0;
          k2[i] = 2.0 * pl_rng_uniform (&rng) - 1.0;
        }
      /* The exponential factor of the product field, in the embedded coordinates. */
      for (guint k = 0; k < K; k++)
        for (guint b = 0; b < BATCH; b++)
          {
            double p[3], P[3], A1 = 1, A2 = 1, A12 = 1, z1 = 0, z2 = 0;
            guint A[3];
            guint alpha[3] = { spec->alpha[k][0], spec->alpha[k][1], spec->alpha[k][2] };

            for (guint i = 0; i < d; i++)
              p[i] = points[i * BATCH + b];
            ref_field_embed (d, p, P);
            ref_field_embed_alpha (d, alpha, A);
            for (guint i = 0; i < 3; i++)
              {
                A1 *= pow (k1[i], A[i]);
                A2 *= pow (k2[i], A[i]);
                A12 *= pow (k1[i] + k2[i], A[i]);
                z1 += k1[i] * P[i];
                z2 += k2[i] * P[i];
              }
            e1[k * BATCH + b] = A1 * exp (z1);
            e2[k * BATCH + b] = A2 * exp (z2);
            w[k * BATCH + b] = A12 * exp (z1 + z2);
          }
      pl_jet_mul (spec, BATCH, 1, e1, e2, e1);   /* in place */
      for (guint i = 0; i < K * BATCH; i++)
        g_assert_cmpfloat_with_epsilon (e1[i], w[i], 1e-13 * (1.0 + fabs (w[i])));

      memcpy (fn.k, k2, sizeof k2);
      field_jets (spec, points, u);
      memcpy (sq, u, sizeof sq);
      pl_jet_mul (spec, BATCH, 1, u, e2, v);
      check_against_fd (spec, points, v, &fn, "product");

      /* A square, all three arrays the same, against the product of two copies. */
      pl_jet_mul (spec, BATCH, 1, u, u, w);
      pl_jet_mul (spec, BATCH, 1, sq, sq, sq);
      for (guint i = 0; i < K * BATCH; i++)
        g_assert_cmpfloat (sq[i], ==, w[i]);
    }
}

/* --- reverse rules ---------------------------------------------------------------------- */

#define WIDTH 2

/* L = sum c * f(u) over every unit, component and point. */
static double
apply_loss (const PlJetSpec *spec,
            PlActivation     act,
            const double    *u,
            const double    *c)
{
  gsize n = pl_jet_size (spec, BATCH, WIDTH);
  double values[WIDTH * BATCH], derivs[PL_JET_MAX_DERIVS * WIDTH * BATCH], v[WIDTH * 11 * BATCH];
  double L = 0.0;

  for (guint w = 0; w < WIDTH; w++)
    memcpy (values + w * BATCH, u + w * spec->n_components * BATCH, BATCH * sizeof (double));
  pl_activation_eval (act, WIDTH * BATCH, values, spec->max_order + 1, WIDTH * BATCH, derivs);
  pl_jet_apply (spec, BATCH, WIDTH, derivs, u, v);
  for (gsize i = 0; i < n; i++)
    L += c[i] * v[i];
  return L;
}

static void
check_gradient (const double *got,
                const double *fd,
                gsize         n,
                const char   *what)
{
  for (gsize i = 0; i < n; i++)
    if (fabs (got[i] - fd[i]) > 1e-7 * (1.0 + fabs (fd[i])))
      g_error ("%s: adjoint entry %" G_GSIZE_FORMAT " is %.12g, finite differences %.12g",
               what, i, got[i], fd[i]);
}

static void
test_apply_adjoint (void)
{
  PlJetSpec specs[32];
  guint n_specs = all_specs (specs);
  const double h = 1e-6;
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  for (guint s = 0; s < n_specs; s++)
    for (guint a = 0; a < G_N_ELEMENTS (all_activations); a++)
      {
        const PlJetSpec *spec = &specs[s];
        PlActivation act = all_activations[a];
        gsize n = pl_jet_size (spec, BATCH, WIDTH);
        double u[WIDTH * 11 * BATCH], c[WIDTH * 11 * BATCH], bar[WIDTH * 11 * BATCH];
        double start[WIDTH * 11 * BATCH], fd[WIDTH * 11 * BATCH];
        double values[WIDTH * BATCH], derivs[PL_JET_MAX_DERIVS * WIDTH * BATCH];

        ref_random_fill (&rng, n, u);
        ref_random_fill (&rng, n, c);
        ref_random_fill (&rng, n, start);
        for (gsize i = 0; i < n; i++)
          {
            double keep = u[i], plus, minus;

            u[i] = keep + h;
            plus = apply_loss (spec, act, u, c);
            u[i] = keep - h;
            minus = apply_loss (spec, act, u, c);
            u[i] = keep;
            /* The adjoint adds to what is there. */
            fd[i] = start[i] + (plus - minus) / (2 * h);
          }

        for (guint w = 0; w < WIDTH; w++)
          memcpy (values + w * BATCH, u + w * spec->n_components * BATCH,
                  BATCH * sizeof (double));
        pl_activation_eval (act, WIDTH * BATCH, values, spec->max_order + 2, WIDTH * BATCH,
                            derivs);
        memcpy (bar, start, n * sizeof (double));
        pl_jet_apply_adjoint (spec, BATCH, WIDTH, derivs, u, c, bar);
        check_gradient (bar, fd, n, pl_activation_to_string (act));
      }
}

static double
mul_loss (const PlJetSpec *spec,
          const double    *u,
          const double    *v,
          const double    *c)
{
  gsize n = pl_jet_size (spec, BATCH, WIDTH);
  double w[WIDTH * 11 * BATCH], L = 0.0;

  pl_jet_mul (spec, BATCH, WIDTH, u, v, w);
  for (gsize i = 0; i < n; i++)
    L += c[i] * w[i];
  return L;
}

static void
test_product_adjoint (void)
{
  PlJetSpec specs[32];
  guint n_specs = all_specs (specs);
  const double h = 1e-6;
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  for (guint s = 0; s < n_specs; s++)
    {
      const PlJetSpec *spec = &specs[s];
      gsize n = pl_jet_size (spec, BATCH, WIDTH);
      double u[WIDTH * 11 * BATCH], v[WIDTH * 11 * BATCH], c[WIDTH * 11 * BATCH];
      double ubar[WIDTH * 11 * BATCH], vbar[WIDTH * 11 * BATCH], sqbar[WIDTH * 11 * BATCH];
      double fdu[WIDTH * 11 * BATCH], fdv[WIDTH * 11 * BATCH], fdsq[WIDTH * 11 * BATCH];

      ref_random_fill (&rng, n, u);
      ref_random_fill (&rng, n, v);
      ref_random_fill (&rng, n, c);
      for (gsize i = 0; i < n; i++)
        {
          double keep = u[i], plus, minus;

          u[i] = keep + h;
          plus = mul_loss (spec, u, v, c);
          u[i] = keep - h;
          minus = mul_loss (spec, u, v, c);
          fdu[i] = (plus - minus) / (2 * h);
          u[i] = keep + h;
          plus = mul_loss (spec, u, u, c);
          u[i] = keep - h;
          minus = mul_loss (spec, u, u, c);
          fdsq[i] = (plus - minus) / (2 * h);
          u[i] = keep;

          keep = v[i];
          v[i] = keep + h;
          plus = mul_loss (spec, u, v, c);
          v[i] = keep - h;
          minus = mul_loss (spec, u, v, c);
          v[i] = keep;
          fdv[i] = (plus - minus) / (2 * h);
        }

      memset (ubar, 0, sizeof ubar);
      memset (vbar, 0, sizeof vbar);
      pl_jet_mul_adjoint (spec, BATCH, WIDTH, u, v, c, ubar, vbar);
      check_gradient (ubar, fdu, n, "product, first factor");
      check_gradient (vbar, fdv, n, "product, second factor");

      /* A constant factor: only one adjoint. */
      memset (vbar, 0, sizeof vbar);
      pl_jet_mul_adjoint (spec, BATCH, WIDTH, u, v, c, NULL, vbar);
      check_gradient (vbar, fdv, n, "product, constant first factor");

      /* A square: both adjoints land in one array. */
      memset (sqbar, 0, sizeof sqbar);
      pl_jet_mul_adjoint (spec, BATCH, WIDTH, u, u, c, sqbar, sqbar);
      check_gradient (sqbar, fdsq, n, "square");
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Jet/spec-layout", test_spec_layout);
  g_test_add_func ("/Plateau/Jet/spec-parse", test_spec_parse);
  g_test_add_func ("/Plateau/Jet/spec-invalid", test_spec_invalid);
  g_test_add_func ("/Plateau/Jet/activation-derivatives", test_activation_derivatives);
  g_test_add_func ("/Plateau/Jet/activation-taylor", test_activation_taylor);
  g_test_add_func ("/Plateau/Jet/activation-names", test_activation_names);
  g_test_add_func ("/Plateau/Jet/seed-and-linear", test_seed_and_linear);
  g_test_add_func ("/Plateau/Jet/apply-chain-rule", test_apply_chain_rule);
  g_test_add_func ("/Plateau/Jet/product", test_product);
  g_test_add_func ("/Plateau/Jet/apply-adjoint", test_apply_adjoint);
  g_test_add_func ("/Plateau/Jet/product-adjoint", test_product_adjoint);

  return g_test_run ();
}
