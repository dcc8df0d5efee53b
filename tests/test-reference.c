/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-reference.c: the reference solutions against independent oracles: Gauss-Hermite moments
 * and a Golub-Welsch eigenvector rule; Burgers against its PDE (finite differences), its
 * initial/boundary data and symmetry, the published maximum slope of Basdevant et al. (1986)
 * and a separate Fourier-Galerkin solver written here; the KdV soliton against its PDE.
 * Allen-Cahn is in test-reference-allen-cahn.c.
 */
#include <plateau/plateau.h>

#include "reference-jet.h"

#include <fftw3.h>
#include <lapacke.h>
#include <math.h>

/* ---- Gauss-Hermite ------------------------------------------------------------------------ */

/* int z^(2k) exp(-z^2) dz = Gamma(k + 1/2); the rule is exact up to degree 2n - 1. */
static void
test_gauss_hermite_moments (void)
{
  guint ns[] = { 1, 2, 3, 5, 10, 20, 64 };

  for (guint a = 0; a < G_N_ELEMENTS (ns); a++)
    {
      guint n = ns[a];
      g_autofree double *z = g_new (double, n);
      g_autofree double *w = g_new (double, n);
      g_autoptr (GError) error = NULL;

      g_assert_true (pl_gauss_hermite (n, z, w, NULL, &error));
      g_assert_no_error (error);
      for (guint k = 0; 2 * k + 1 <= 2 * n - 1 && k <= 40; k++)
        {
          double even = 0.0, odd = 0.0, scale = 0.0;

          for (guint i = 0; i < n; i++)
            {
              even += w[i] * pow (z[i], 2 * k);
              odd += w[i] * pow (z[i], 2 * k + 1);
              scale += w[i] * pow (fabs (z[i]), 2 * k + 1);
            }
          g_assert_cmpfloat_with_epsilon (even / tgamma (k + 0.5), 1.0, 1e-12);
          g_assert_cmpfloat (fabs (odd), <=, 1e-14 * scale);
        }
    }
}

/* Golub-Welsch with eigenvectors, done here with LAPACK directly: w_i = sqrt(pi) v_0i^2. */
static void
test_gauss_hermite_golub_welsch (void)
{
  enum { N = 40 };
  double z[N], w[N], lw[N], d[N] = { 0 }, e[N], v[N * N];

  g_assert_true (pl_gauss_hermite (N, z, w, lw, NULL));
  for (guint j = 1; j < N; j++)
    e[j - 1] = sqrt (0.5 * j);
  g_assert_cmpint (LAPACKE_dstev (LAPACK_COL_MAJOR, 'V', N, d, e, v, N), ==, 0);
  for (guint i = 0; i < N; i++)
    {
      double wi = sqrt (G_PI) * v[i * N] * v[i * N];

      g_assert_cmpfloat_with_epsilon (z[i], d[i], 1e-12);
      g_assert_cmpfloat_with_epsilon (log (w[i]), lw[i], 1e-12);
      /* Eigenvectors carry absolute, not relative, accuracy: compare the weights that matter. */
      if (wi > 1e-6)
        g_assert_cmpfloat_with_epsilon (w[i] / wi, 1.0, 1e-10);
      if (i > 0)
        g_assert_cmpfloat (z[i], >, z[i - 1]);
      g_assert_cmpfloat (z[i], ==, -z[N - 1 - i]);
    }
}

/* At the largest size the outer weights underflow but their logarithms do not, and smooth
 * integrals still converge: int cos(a z) exp(-z^2) dz = sqrt(pi) exp(-a^2 / 4). */
static void
test_gauss_hermite_large (void)
{
  guint n = PL_GAUSS_HERMITE_MAX_NODES;
  g_autofree double *z = g_new (double, n);
  g_autofree double *lw = g_new (double, n);
  double sum = 0.0, cosine = 0.0;
  GError *error = NULL;

  g_assert_true (pl_gauss_hermite (n, z, NULL, lw, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (isfinite (lw[i]));
      sum += exp (lw[i]);
      cosine += exp (lw[i]) * cos (3.0 * z[i]);
    }
  g_assert_cmpfloat (z[n - 1], >, 30.0);
  g_assert_cmpfloat (lw[n - 1], <, -700.0);
  g_assert_cmpfloat_with_epsilon (sum, sqrt (G_PI), 1e-13);
  g_assert_cmpfloat_with_epsilon (cosine, sqrt (G_PI) * exp (-9.0 / 4.0), 1e-13);

  g_assert_false (pl_gauss_hermite (0, z, NULL, lw, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pl_gauss_hermite (n + 1, z, NULL, lw, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "513"));
  g_clear_error (&error);
}

/* ---- Burgers ------------------------------------------------------------------------------ */

static double
burgers_at (const PlBurgersRef *ref,
            double              x,
            double              t)
{
  double u;
  g_autoptr (GError) error = NULL;

  g_assert_true (pl_burgers_ref_eval (ref, 1, &x, &t, &u, &error));
  g_assert_no_error (error);
  return u;
}

static void
test_burgers_initial_boundary (void)
{
  g_autoptr (PlBurgersRef) ref = pl_burgers_ref_new (PL_BURGERS_DEFAULT_NU, 0, NULL);

  g_assert_nonnull (ref);
  g_assert_cmpuint (ref->n_nodes, ==, PL_BURGERS_DEFAULT_NODES);
  /* The quadrature itself at a tiny t, not the t = 0 shortcut: u - u0 ~ t u_t = O(1e-9). */
  for (double x = -1.0; x <= 1.0; x += 0.0625)
    g_assert_cmpfloat_with_epsilon (burgers_at (ref, x, 1e-9), -sin (G_PI * x), 1e-8);
  for (double t = 0.05; t <= 1.0; t += 0.05)
    {
      g_assert_cmpfloat (fabs (burgers_at (ref, -1.0, t)), <, 1e-13);
      g_assert_cmpfloat (fabs (burgers_at (ref, 1.0, t)), <, 1e-13);
    }
}

static void
test_burgers_symmetry (void)
{
  g_autoptr (PlBurgersRef) ref = pl_burgers_ref_new (PL_BURGERS_DEFAULT_NU, 0, NULL);

  for (double t = 0.1; t <= 1.0; t += 0.15)
    for (double x = 0.0; x <= 1.0; x += 1.0 / 64.0)
      g_assert_cmpfloat (fabs (burgers_at (ref, -x, t) + burgers_at (ref, x, t)), <, 1e-14);
  /* The Cole-Hopf integrals describe the 2-periodic extension. */
  g_assert_cmpfloat_with_epsilon (burgers_at (ref, 1.3, 0.6), burgers_at (ref, -0.7, 0.6), 1e-14);
}

/* Residual of u_t + u u_x - nu u_xx from finite differences of the evaluator. */
static double
burgers_residual (const PlBurgersRef *ref,
                  double              x,
                  double              t,
                  double              h,
                  double             *scale)
{
  double fx[5], ft[5], u_x, u_xx, u_t;

  for (int i = 0; i < 5; i++)
    {
      fx[i] = burgers_at (ref, x + (i - 2) * h, t);
      ft[i] = burgers_at (ref, x, t + (i - 2) * h);
    }
  u_x = ref_central5_d1 (fx, h);
  u_xx = ref_central5_d2 (fx, h);
  u_t = ref_central5_d1 (ft, h);
  *scale = MAX (fabs (u_t), MAX (fabs (fx[2] * u_x), fabs (ref->nu * u_xx)));
  return u_t + fx[2] * u_x - ref->nu * u_xx;
}

static void
test_burgers_pde_residual (void)
{
  g_autoptr (PlBurgersRef) ref = pl_burgers_ref_new (PL_BURGERS_DEFAULT_NU, 0, NULL);
  double xs[] = { -0.9, -0.6, -0.3, -0.1, 0.1, 0.3, 0.6, 0.9 };
  double ts[] = { 0.1, 0.3, 0.6, 0.95 };
  double worst = 0.0, worst_shock = 0.0, scale;

  for (guint a = 0; a < G_N_ELEMENTS (xs); a++)
    for (guint b = 0; b < G_N_ELEMENTS (ts); b++)
      {
        double r = burgers_residual (ref, xs[a], ts[b], 1e-3, &scale);

        worst = MAX (worst, fabs (r) / scale);
      }
  /* Across the shock (width ~ 1/150) with a finer stencil: each term is O(100) there. */
  for (guint b = 1; b < G_N_ELEMENTS (ts); b++)
    for (double x = -0.01; x <= 0.01; x += 0.004)
      {
        double r = burgers_residual (ref, x, ts[b], 2e-5, &scale);

        worst_shock = MAX (worst_shock, fabs (r) / scale);
      }
  g_test_message ("Burgers residual / largest term: %.2g smooth, %.2g across the shock",
                  worst, worst_shock);
  g_assert_cmpfloat (worst, <, 1e-7);
  g_assert_cmpfloat (worst_shock, <, 1e-4);
}

/* Basdevant et al. (1986), Computers & Fluids 14:23, report for nu = 0.01/pi the steepest
 * slope of the exact solution, du/dx (0, t) = -152.00516 at t = 1.6037 / pi. */
static void
test_burgers_basdevant_slope (void)
{
  g_autoptr (PlBurgersRef) ref = pl_burgers_ref_new (0.01 / G_PI, 0, NULL);
  double t_star = 1.6037 / G_PI, h = 1e-5;
  double slope[3];

  for (int k = 0; k < 3; k++)
    {
      double t = t_star + (k - 1) * 0.01, f[5];

      for (int i = 0; i < 5; i++)
        f[i] = burgers_at (ref, (i - 2) * h, t);
      slope[k] = ref_central5_d1 (f, h);
    }
  g_test_message ("u_x(0, 1.6037/pi) = %.8f", slope[1]);
  g_assert_cmpfloat_with_epsilon (slope[1], -152.00516, 5e-5);
  g_assert_cmpfloat (fabs (slope[0]), <, fabs (slope[1]));
  g_assert_cmpfloat (fabs (slope[2]), <, fabs (slope[1]));
}

/* An independent solver: Fourier pseudo-spectral in x on the 2-periodic extension (the data
 * -sin(pi x) is odd and periodic, so u(+-1) = 0 holds by symmetry), classical RK4 in t. */
static void
burgers_rhs (int           n,
             double        nu,
             const double *v,    /* 2 (n/2 + 1) interleaved spectrum */
             double       *dv,
             double       *ur,
             fftw_complex *uc,
             fftw_plan     fwd,
             fftw_plan     inv)
{
  int nk = n / 2 + 1;

  memcpy (uc, v, nk * sizeof (fftw_complex));
  fftw_execute (inv);
  for (int j = 0; j < n; j++)
    {
      double u = ur[j] / n;

      ur[j] = 0.5 * u * u;
    }
  fftw_execute (fwd);
  for (int m = 0; m < nk; m++)
    {
      double k = G_PI * m, fr = ((double *) uc)[2 * m], fi = ((double *) uc)[2 * m + 1];

      /* -(u^2/2)_x - nu k^2 u; the Nyquist mode has no well-defined derivative. */
      if (m == n / 2)
        k = 0.0;
      dv[2 * m] = k * fi - nu * G_PI * G_PI * m * m * v[2 * m];
      dv[2 * m + 1] = -k * fr - nu * G_PI * G_PI * m * m * v[2 * m + 1];
    }
}

static void
test_burgers_fourier (void)
{
  enum { N = 1024, NK = N / 2 + 1, S = 2 * NK };
  double nu = PL_BURGERS_DEFAULT_NU, dt = 1e-4;
  double *ur = fftw_alloc_real (N);
  fftw_complex *uc = fftw_alloc_complex (NK);
  fftw_plan fwd = fftw_plan_dft_r2c_1d (N, ur, uc, FFTW_ESTIMATE);
  fftw_plan inv = fftw_plan_dft_c2r_1d (N, uc, ur, FFTW_ESTIMATE);
  g_autofree double *v = g_new (double, 6 * S);
  double *k = v + S, *tmp = v + 2 * S, *acc = v + 3 * S;
  double x[N], t[N], u_ch[N];
  int checkpoints[2] = { 5000, 10000 };
  int step = 0;
  g_autoptr (PlBurgersRef) ref = pl_burgers_ref_new (nu, 0, NULL);

  for (int j = 0; j < N; j++)
    {
      x[j] = -1.0 + 2.0 * j / N;
      ur[j] = -sin (G_PI * x[j]);
    }
  fftw_execute (fwd);
  memcpy (v, uc, NK * sizeof (fftw_complex));

  for (int c = 0; c < 2; c++)
    {
      double worst = 0.0, worst_far = 0.0;

      for (; step < checkpoints[c]; step++)
        {
          static const double stage[4] = { 0.5, 0.5, 1.0, 0.0 }, weight[4] = { 1, 2, 2, 1 };

          memcpy (tmp, v, S * sizeof (double));
          memset (acc, 0, S * sizeof (double));
          for (int s = 0; s < 4; s++)
            {
              burgers_rhs (N, nu, tmp, k, ur, uc, fwd, inv);
              for (int i = 0; i < S; i++)
                {
                  acc[i] += weight[s] * k[i];
                  tmp[i] = v[i] + stage[s] * dt * k[i];
                }
            }
          for (int i = 0; i < S; i++)
            v[i] += dt / 6.0 * acc[i];
        }
      memcpy (uc, v, NK * sizeof (fftw_complex));
      fftw_execute (inv);
      for (int j = 0; j < N; j++)
        t[j] = step * dt;
      g_assert_true (pl_burgers_ref_eval (ref, N, x, t, u_ch, NULL));
      for (int j = 0; j < N; j++)
        {
          double diff = fabs (ur[j] / N - u_ch[j]);

          worst = MAX (worst, diff);
          if (fabs (x[j]) > 0.1)
            worst_far = MAX (worst_far, diff);
        }
      g_test_message ("Burgers at t = %g: Cole-Hopf vs Fourier max %.2g (%.2g for |x| > 0.1)",
                      step * dt, worst, worst_far);
      g_assert_cmpfloat (worst, <, 1e-6);
      g_assert_cmpfloat (worst_far, <, 1e-7);
    }
  fftw_destroy_plan (fwd);
  fftw_destroy_plan (inv);
  fftw_free (ur);
  fftw_free (uc);
}

/* Small viscosity: no overflow (exp(1/(2 pi nu)) = exp(15915) alone would), agreement with
 * the inviscid solution u = -sin(pi (x - u t)) before the shock forms (the viscous correction
 * is about nu t |u_xx| ~ 1e-6, while u itself has moved by ~ t |u u_x| ~ 0.03), and an honest
 * failure where the rule cannot reach. */
static void
test_burgers_small_viscosity (void)
{
  double nu = 1e-5, t = 0.01;
  g_autoptr (PlBurgersRef) ref = pl_burgers_ref_new (nu, PL_GAUSS_HERMITE_MAX_NODES, NULL);
  double x = 0.3, tt = 1.0, u, worst = 0.0;
  g_autoptr (GError) error = NULL;

  for (double xx = -0.95; xx < 1.0; xx += 0.05)
    {
      double w = -sin (G_PI * xx);

      /* Newton on g(w) = w + sin(pi (x - w t)); g' >= 1 - pi t > 0 for t < 1/pi. */
      for (int it = 0; it < 50; it++)
        w -= (w + sin (G_PI * (xx - w * t))) / (1.0 - G_PI * t * cos (G_PI * (xx - w * t)));
      worst = MAX (worst, fabs (burgers_at (ref, xx, t) - w));
    }
  g_test_message ("nu = 1e-5, t = 0.01: Cole-Hopf vs inviscid %.2g", worst);
  g_assert_cmpfloat (worst, <, 5e-6);
  g_assert_false (pl_burgers_ref_eval (ref, 1, &x, &tt, &u, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "x = 0.3"));
}

static void
test_burgers_bad_arguments (void)
{
  double x[2] = { 0.0, 0.5 }, t[2] = { 0.5, -0.1 }, u[2];
  g_autoptr (PlBurgersRef) ref = pl_burgers_ref_new (PL_BURGERS_DEFAULT_NU, 0, NULL);
  GError *error = NULL;

  g_assert_null (pl_burgers_ref_new (0.0, 0, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "nu = 0"));
  g_clear_error (&error);
  g_assert_null (pl_burgers_ref_new (0.01, 600, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pl_burgers_ref_eval (ref, 2, x, t, u, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "t = -0.1"));
  g_clear_error (&error);
}

/* ---- KdV ---------------------------------------------------------------------------------- */

static void
test_kdv_soliton (void)
{
  /* h balances truncation (h^4) against rounding in u_xxx (eps / h^3). */
  double c = 1.7, x0 = -0.4, h = 5e-3, worst = 0.0;
  GError *error = NULL;

  for (double t = 0.0; t <= 2.0; t += 0.5)
    for (double x = -4.0; x <= 6.0; x += 0.25)
      {
        double xs[7], ts[7], u[7], xt[5], tt[5], ut[5];
        double u_x, u_xxx, u_t;

        for (int i = 0; i < 7; i++)
          {
            xs[i] = x + (i - 3) * h;
            ts[i] = t;
          }
        for (int i = 0; i < 5; i++)
          {
            xt[i] = x;
            tt[i] = t + (i - 2) * h;
          }
        g_assert_true (pl_kdv_soliton (c, x0, 7, xs, ts, u, NULL));
        g_assert_true (pl_kdv_soliton (c, x0, 5, xt, tt, ut, NULL));
        u_x = ref_central5_d1 (u + 1, h);
        u_xxx = (u[0] - 8.0 * u[1] + 13.0 * u[2] - 13.0 * u[4] + 8.0 * u[5] - u[6])
                / (8.0 * h * h * h);
        u_t = ref_central5_d1 (ut, h);
        worst = MAX (worst, fabs (u_t + 6.0 * u[3] * u_x + u_xxx));
      }
  g_test_message ("KdV residual %.2g (terms up to ~%.2g)", worst, c * c);
  g_assert_cmpfloat (worst, <, 1e-7);

  {
    double x = x0 + c * 1.5, t = 1.5, u;

    g_assert_true (pl_kdv_soliton (c, x0, 1, &x, &t, &u, NULL));
    g_assert_cmpfloat_with_epsilon (u, c / 2.0, 1e-15);
    x = 1e3;
    g_assert_true (pl_kdv_soliton (c, x0, 1, &x, &t, &u, NULL));
    g_assert_cmpfloat (u, ==, 0.0);
    g_assert_false (pl_kdv_soliton (-1.0, x0, 1, &x, &t, &u, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Reference/gauss-hermite-moments", test_gauss_hermite_moments);
  g_test_add_func ("/Plateau/Reference/gauss-hermite-golub-welsch",
                   test_gauss_hermite_golub_welsch);
  g_test_add_func ("/Plateau/Reference/gauss-hermite-large", test_gauss_hermite_large);
  g_test_add_func ("/Plateau/Reference/burgers-initial-boundary", test_burgers_initial_boundary);
  g_test_add_func ("/Plateau/Reference/burgers-symmetry", test_burgers_symmetry);
  g_test_add_func ("/Plateau/Reference/burgers-pde-residual", test_burgers_pde_residual);
  g_test_add_func ("/Plateau/Reference/burgers-basdevant-slope", test_burgers_basdevant_slope);
  g_test_add_func ("/Plateau/Reference/burgers-fourier", test_burgers_fourier);
  g_test_add_func ("/Plateau/Reference/burgers-small-viscosity", test_burgers_small_viscosity);
  g_test_add_func ("/Plateau/Reference/burgers-bad-arguments", test_burgers_bad_arguments);
  g_test_add_func ("/Plateau/Reference/kdv-soliton", test_kdv_soliton);

  return g_test_run ();
}
