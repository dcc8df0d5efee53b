/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Circuits on jets: the derivative components against finite differences of the plain
 * (dense-reference-checked) simulation, and the reverse pass against finite differences of a
 * scalar loss of the output jets.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

typedef struct {
  PlJetSpec  spec;
  PlCircuit *circuit;
  guint      n_obs;
  PlObservable *obs[2];
  gsize      B;
  double    *params;
  double    *x;         /* [d][B] */
  double    *ecoef;     /* per slot: c0, b_i (d), g_ij (d*d), t (third along axis 0) */
  double    *ext;       /* [n_ext][K][B] */
} Fixture;

#define NCOEF (1 + 3 + 9 + 1)

/* external angle e_m(x) = c0 + sum b_i x_i + sum_ij g_ij x_i x_j + t x_0^3, and its jets */
static double
ext_value (const double *cf,
           guint         d,
           const double *x)
{
  double v = cf[0] + cf[13] * x[0] * x[0] * x[0];

  for (guint i = 0; i < d; i++)
    {
      v += cf[1 + i] * x[i];
      for (guint j = 0; j < d; j++)
        v += cf[4 + 3 * i + j] * x[i] * x[j];
    }
  return v;
}

static void
ext_jets (const PlJetSpec *s,
          const double    *cf,
          const double    *x,
          double          *jet /* [K] */)
{
  guint d = s->n_inputs;

  jet[0] = ext_value (cf, d, x);
  for (guint i = 0; i < d && s->order >= 1; i++)
    {
      double v = cf[1 + i] + (i == 0 ? 3 * cf[13] * x[0] * x[0] : 0);
      for (guint j = 0; j < d; j++)
        v += (cf[4 + 3 * i + j] + cf[4 + 3 * j + i]) * x[j];
      jet[s->first[i]] = v;
    }
  for (guint i = 0; i < d && s->order >= 2; i++)
    for (guint j = i; j < d; j++)
      jet[s->second[i][j]] = cf[4 + 3 * i + j] + cf[4 + 3 * j + i] +
                             (i == 0 && j == 0 ? 6 * cf[13] * x[0] : 0);
  if (s->third >= 0)
    jet[s->third] = 6 * cf[13];
}

static void
fixture_init_batch (Fixture *f,
                    PlRng   *rng,
                    guint    d,
                    guint    order,
                    gint     third,
                    guint    n_qubits,
                    guint    n_ext,
                    gsize    B)
{
  PlCircuit *c;
  guint K;

  memset (f, 0, sizeof *f);
  g_assert_true (pl_jet_spec_init (&f->spec, d, order, third, NULL, NULL));
  K = f->spec.n_components;
  f->B = B;
  /* every gate kind, angles from every kind of source on any gate */
  c = f->circuit = ref_random_jet_circuit (rng, n_qubits, d, n_ext, FALSE, G_MAXUINT, NULL);

  f->n_obs = 2;
  f->obs[0] = pl_observable_parse ("Z0 + 0.5 X1 Y0", n_qubits, NULL);
  f->obs[1] = pl_observable_parse ("local", n_qubits, NULL);
  g_assert_nonnull (f->obs[0]);

  f->params = g_new (double, c->n_params);
  for (guint k = 0; k < c->n_params; k++)
    f->params[k] = 2 * G_PI * pl_rng_uniform (rng);
  f->x = g_new (double, d * f->B);
  for (gsize i = 0; i < d * f->B; i++)
    f->x[i] = pl_rng_uniform (rng) * 2 - 1;
  f->ecoef = g_new (double, MAX (n_ext, 1) * NCOEF);
  for (gsize i = 0; i < n_ext * NCOEF; i++)
    f->ecoef[i] = pl_rng_uniform (rng) * 2 - 1;
  f->ext = g_new0 (double, MAX (n_ext, 1) * K * f->B);
  for (guint m = 0; m < n_ext; m++)
    for (gsize b = 0; b < f->B; b++)
      {
        double xb[3] = { 0 }, jet[PL_JET_MAX_COMPONENTS];
        for (guint i = 0; i < d; i++)
          xb[i] = f->x[i * f->B + b];
        ext_jets (&f->spec, f->ecoef + m * NCOEF, xb, jet);
        for (guint k = 0; k < K; k++)
          f->ext[(m * K + k) * f->B + b] = jet[k];
      }
}

static void
fixture_init (Fixture *f,
              PlRng   *rng,
              guint    d,
              guint    order,
              gint     third,
              guint    n_qubits,
              guint    n_ext)
{
  fixture_init_batch (f, rng, d, order, third, n_qubits, n_ext, 3);
}

static void
fixture_clear (Fixture *f)
{
  pl_circuit_free (f->circuit);
  pl_observable_free (f->obs[0]);
  pl_observable_free (f->obs[1]);
  g_free (f->params);
  g_free (f->x);
  g_free (f->ecoef);
  g_free (f->ext);
}

/* <O_i> at one point x (d coordinates) through the plain simulation. */
static double
plain_expectation (Fixture      *f,
                   guint         i,
                   const double *xp)
{
  guint d = f->spec.n_inputs;
  guint n_ext = f->circuit->n_external;
  double ext[8], out;
  PlCircuitArgs args = { 1, f->params, FALSE, xp, ext };

  for (guint m = 0; m < n_ext; m++)
    ext[m] = ext_value (f->ecoef + m * NCOEF, d, xp);
  g_assert_true (pl_circuit_expectations (f->circuit, &args, 1, &f->obs[i], 0, NULL, &out, NULL));
  return out;
}

/* The central difference of step h of d^order <O_i> / dx_axis[0] .. dx_axis[order - 1] at xp:
 * the 2^order corners of the nested stencil, or for order 3 (along one axis)
 * [f(2h) - 2 f(h) + 2 f(-h) - f(-2h)] / (2 h^3). Both are O(h^2). */
static double
fd_stencil (Fixture      *f,
            guint         i,
            const double *xp,
            const guint  *axis,
            guint         order,
            double        h)
{
  double acc = 0;

  if (order == 3)
    {
      double v[4], s[4] = { 2, 1, -1, -2 };
      for (guint q = 0; q < 4; q++)
        {
          double y[3] = { xp[0], xp[1], xp[2] };
          y[axis[0]] += s[q] * h;
          v[q] = plain_expectation (f, i, y);
        }
      return (v[0] - 2 * v[1] + 2 * v[2] - v[3]) / (2 * h * h * h);
    }
  for (guint mask = 0; mask < (1u << order); mask++)
    {
      double y[3] = { xp[0], xp[1], xp[2] };
      double sign = 1;
      for (guint r = 0; r < order; r++)
        {
          double dir = (mask >> r) & 1 ? -1.0 : 1.0;
          y[axis[r]] += dir * h;
          sign *= dir;
        }
      acc += sign * plain_expectation (f, i, y);
    }
  return acc / pow (2 * h, order);
}

/* d^|alpha| <O_i> / dx^alpha at point b: the stencils of steps h and h / 2 combined by
 * Richardson extrapolation, O(h^4). The plain O(h^2) stencil is not accurate enough for
 * circuits whose re-uploaded encodings reach high frequencies. */
static double
fd_derivative (Fixture     *f,
               guint        i,
               gsize        b,
               const guint *alpha)
{
  guint d = f->spec.n_inputs;
  double xp[3] = { 0 };
  guint order = 0, axis[3], n = 0;
  double h;

  for (guint j = 0; j < d; j++)
    {
      xp[j] = f->x[j * f->B + b];
      order += alpha[j];
      for (guint r = 0; r < alpha[j]; r++)
        axis[n++] = j;
    }
  if (order == 0)
    return plain_expectation (f, i, xp);
  h = order == 1 ? 1e-4 : order == 2 ? 1e-3 : 4e-3;
  return (4 * fd_stencil (f, i, xp, axis, order, h / 2) -
          fd_stencil (f, i, xp, axis, order, h)) / 3;
}

static void
check_forward (guint d,
               guint order,
               gint  third,
               guint n_ext)
{
  Fixture f;
  PlRng rng;
  g_autoptr(PlQLayerWork) w = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *out = NULL;
  guint K;

  pl_rng_init (&rng, ref_test_seed () + d * 100 + order * 10 + n_ext);
  fixture_init (&f, &rng, d, order, third, 3, n_ext);
  K = f.spec.n_components;
  w = pl_qlayer_work_new (f.circuit, &f.spec, f.B, f.n_obs, f.obs, &error);
  g_assert_no_error (error);
  out = g_new (double, f.n_obs * K * f.B);
  pl_qlayer_forward (w, f.params, f.x, f.ext, out);

  for (guint i = 0; i < f.n_obs; i++)
    for (guint k = 0; k < K; k++)
      for (gsize b = 0; b < f.B; b++)
        {
          guint alpha[3] = { f.spec.alpha[k][0], f.spec.alpha[k][1], f.spec.alpha[k][2] };
          guint ord = alpha[0] + alpha[1] + alpha[2];
          double fd = fd_derivative (&f, i, b, alpha);
          double got = out[(i * K + k) * f.B + b];
          double tol = ord == 0 ? 1e-12 : ord == 1 ? 1e-7 : ord == 2 ? 1e-5 : 2e-3;

          if (fabs (got - fd) > tol * MAX (1.0, fabs (fd)))
            g_error ("d=%u order=%u: component %s of <O_%u> at point %" G_GSIZE_FORMAT
                     ": jet %.10g, finite differences %.10g", d, order,
                     pl_jet_spec_name (&f.spec, k), i, b, got, fd);
        }
  fixture_clear (&f);
}

static void
test_forward_1d (void)
{
  check_forward (1, 2, -1, 0);
  check_forward (1, 2, -1, 2);
  check_forward (1, 2, 0, 0);
  check_forward (1, 2, 0, 2);
  check_forward (1, 1, -1, 1);
}

static void
test_forward_2d (void)
{
  check_forward (2, 2, -1, 2);
  check_forward (2, 2, 0, 1);
}

static void
test_forward_3d (void)
{
  check_forward (3, 2, 0, 1);
}

/* L = sum c * out: parameter gradient and external-jet adjoint against finite differences. */
static void
check_backward (guint d,
                guint order,
                gint  third,
                guint n_ext)
{
  Fixture f;
  PlRng rng;
  g_autoptr(PlQLayerWork) w = NULL;
  g_autofree double *out = NULL;
  g_autofree double *c = NULL;
  g_autofree double *gp = NULL;
  g_autofree double *ge = NULL;
  gsize n_out, n_extj;
  guint K;
  const double h = 1e-6;

  pl_rng_init (&rng, ref_test_seed () + 7 + d * 100 + order * 10 + n_ext);
  fixture_init (&f, &rng, d, order, third, 3, n_ext);
  K = f.spec.n_components;
  n_out = f.n_obs * K * f.B;
  n_extj = (gsize) f.circuit->n_external * K * f.B;
  w = pl_qlayer_work_new (f.circuit, &f.spec, f.B, f.n_obs, f.obs, NULL);
  out = g_new (double, n_out);
  c = g_new (double, n_out);
  for (gsize i = 0; i < n_out; i++)
    c[i] = pl_rng_uniform (&rng) * 2 - 1;
  gp = g_new0 (double, f.circuit->n_params);
  ge = g_new0 (double, MAX (n_extj, 1));

  pl_qlayer_forward (w, f.params, f.x, f.ext, out);
  pl_qlayer_backward (w, f.params, f.x, f.ext, c, gp, ge);

#define LOSS(res) G_STMT_START { \
    double l_ = 0; \
    pl_qlayer_forward (w, f.params, f.x, f.ext, out); \
    for (gsize i_ = 0; i_ < n_out; i_++) \
      l_ += c[i_] * out[i_]; \
    res = l_; \
  } G_STMT_END

  for (guint k = 0; k < f.circuit->n_params; k++)
    {
      double saved = f.params[k], lp, lm, fd;
      f.params[k] = saved + h;
      LOSS (lp);
      f.params[k] = saved - h;
      LOSS (lm);
      f.params[k] = saved;
      fd = (lp - lm) / (2 * h);
      if (fabs (gp[k] - fd) > 1e-6 * MAX (1.0, fabs (fd)))
        g_error ("d=%u: dL/dp_%u: reverse %.10g, finite differences %.10g", d, k, gp[k], fd);
    }
  for (gsize i = 0; i < n_extj; i++)
    {
      double saved = f.ext[i], lp, lm, fd;
      f.ext[i] = saved + h;
      LOSS (lp);
      f.ext[i] = saved - h;
      LOSS (lm);
      f.ext[i] = saved;
      fd = (lp - lm) / (2 * h);
      if (fabs (ge[i] - fd) > 1e-6 * MAX (1.0, fabs (fd)))
        g_error ("d=%u: dL/d ext[%" G_GSIZE_FORMAT "]: reverse %.10g, finite differences %.10g",
                 d, i, ge[i], fd);
    }
#undef LOSS
  fixture_clear (&f);
}

static void
test_backward (void)
{
  check_backward (1, 2, -1, 0);
  check_backward (1, 2, -1, 2);
  check_backward (1, 2, 0, 2);
  check_backward (1, 1, -1, 1);
  check_backward (1, 0, -1, 1);
  check_backward (2, 2, -1, 2);
  check_backward (2, 2, 1, 1);
  check_backward (3, 2, 2, 2);
}

/* A batch of several tiles and a remainder gives, point by point, what the same circuit
 * gives each point alone: outputs, external-angle adjoints, and parameter gradients (summed
 * over the points). With @gate_by_gate the points alone run the untiled passes (what circuits
 * too large for tiles get), so the two implementations are checked against each other. */
static void
check_batch (guint    d,
             guint    order,
             gint     third,
             gboolean gate_by_gate)
{
  const gsize B = 19;
  Fixture f;
  PlRng rng;
  g_autoptr(PlQLayerWork) w = NULL;
  g_autoptr(PlQLayerWork) w1 = NULL;
  g_autofree double *out = NULL, *c = NULL, *gp = NULL, *ge = NULL;
  g_autofree double *gp1 = NULL, *x1 = NULL, *ext1 = NULL, *out1 = NULL, *c1 = NULL;
  g_autofree double *ge1 = NULL;
  guint K, n_ext = 2;

  pl_rng_init (&rng, ref_test_seed () + 31 + d * 100 + order * 10);
  fixture_init_batch (&f, &rng, d, order, third, 3, n_ext, B);
  K = f.spec.n_components;
  w = pl_qlayer_work_new (f.circuit, &f.spec, B, f.n_obs, f.obs, NULL);
  w1 = pl_qlayer_work_new (f.circuit, &f.spec, 1, f.n_obs, f.obs, NULL);
  g_assert_true (pl_qlayer_work_set_tiled (w1, !gate_by_gate, NULL));
  out = g_new (double, f.n_obs * K * B);
  c = g_new (double, f.n_obs * K * B);
  for (gsize i = 0; i < f.n_obs * K * B; i++)
    c[i] = pl_rng_uniform (&rng) * 2 - 1;
  gp = g_new0 (double, f.circuit->n_params);
  gp1 = g_new0 (double, f.circuit->n_params);
  ge = g_new0 (double, n_ext * K * B);
  ge1 = g_new0 (double, n_ext * K);
  x1 = g_new (double, d);
  ext1 = g_new (double, n_ext * K);
  out1 = g_new (double, f.n_obs * K);
  c1 = g_new (double, f.n_obs * K);

  pl_qlayer_forward (w, f.params, f.x, f.ext, out);
  pl_qlayer_backward (w, f.params, f.x, f.ext, c, gp, ge);
  for (gsize b = 0; b < B; b++)
    {
      for (guint j = 0; j < d; j++)
        x1[j] = f.x[j * B + b];
      for (gsize i = 0; i < n_ext * K; i++)
        ext1[i] = f.ext[i * B + b];
      for (gsize i = 0; i < f.n_obs * K; i++)
        c1[i] = c[i * B + b];
      memset (ge1, 0, n_ext * K * sizeof (double));
      pl_qlayer_forward (w1, f.params, x1, ext1, out1);
      pl_qlayer_backward (w1, f.params, x1, ext1, c1, gp1, ge1);
      /* the two implementations round differently: relative to the size of the component */
      for (gsize i = 0; i < f.n_obs * K; i++)
        g_assert_cmpfloat_with_epsilon (out[i * B + b], out1[i],
                                        1e-12 * (gate_by_gate ? MAX (1.0, fabs (out1[i])) : 1));
      for (gsize i = 0; i < n_ext * K; i++)
        g_assert_cmpfloat_with_epsilon (ge[i * B + b], ge1[i],
                                        1e-11 * (gate_by_gate ? MAX (1.0, fabs (ge1[i])) : 1));
    }
  for (guint k = 0; k < f.circuit->n_params; k++)
    g_assert_cmpfloat_with_epsilon (gp[k], gp1[k], 1e-10 * MAX (1.0, fabs (gp1[k])));
  fixture_clear (&f);
}

static void
test_batch (void)
{
  check_batch (1, 2, -1, FALSE);
  check_batch (1, 2, 0, FALSE);
  check_batch (2, 2, -1, FALSE);
  check_batch (1, 0, -1, FALSE);
  check_batch (1, 2, -1, TRUE);
  check_batch (1, 2, 0, TRUE);
  check_batch (2, 2, 1, TRUE);
  check_batch (3, 2, 2, TRUE);
  check_batch (1, 0, -1, TRUE);
}

static void
test_bad_setup (void)
{
  PlJetSpec spec;
  g_autoptr(PlCircuit) c = pl_circuit_new (2);
  g_autoptr(PlObservable) z3 = pl_observable_parse ("Z0", 3, NULL);
  g_autoptr(GError) error = NULL;
  PlAngleSource s = pl_source_input (1, 1.0, 0.0, -1, -1);
  guint w0[1] = { 0 };
  PlQLayerWork *w;

  g_assert_true (pl_jet_spec_init (&spec, 1, 2, -1, NULL, NULL));
  g_assert_true (pl_circuit_append (c, PL_GATE_RY, w0, &s, NULL));
  w = pl_qlayer_work_new (c, &spec, 4, 0, NULL, &error);
  g_assert_null (w);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (pl_jet_spec_init (&spec, 2, 2, -1, NULL, NULL));
  w = pl_qlayer_work_new (c, &spec, 4, 1, &z3, &error);
  g_assert_null (w);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/QLayer/forward-1d", test_forward_1d);
  g_test_add_func ("/Plateau/QLayer/forward-2d", test_forward_2d);
  g_test_add_func ("/Plateau/QLayer/forward-3d", test_forward_3d);
  g_test_add_func ("/Plateau/QLayer/backward", test_backward);
  g_test_add_func ("/Plateau/QLayer/batch", test_batch);
  g_test_add_func ("/Plateau/QLayer/bad-setup", test_bad_setup);
  return g_test_run ();
}
