/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-reference.c: the reference solutions against independent oracles: Gauss-Hermite moments
 * and a Golub-Welsch eigenvector rule; Burgers against its PDE (finite differences), its
 * initial/boundary data and symmetry, the published maximum slope of Basdevant et al. (1986)
 * and a separate Fourier-Galerkin solver written here; Allen-Cahn against its PDE, its initial
 * data, grid and step refinement; the KdV soliton against its PDE.
 */
#include <plateau/plateau.h>

#include <fftw3.h>
#include <lapacke.h>
#include <math.h>

/* Fourth-order central differences of samples f(-2h), f(-h), f(0), f(h), f(2h). */
static double
d1 (const double *f,
    double        h)
{
  return (f[0] - 8.0 * f[1] + 8.0 * f[3] - f[4]) / (12.0 * h);
}

static double
d2 (const double *f,
    double        h)
{
  return (-f[0] + 16.0 * f[1] - 30.0 * f[2] + 16.0 * f[3] - f[4]) / (12.0 * h * h);
}

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
  u_x = d1 (fx, h);
  u_xx = d2 (fx, h);
  u_t = d1 (ft, h);
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
      slope[k] = d1 (f, h);
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

/* ---- Allen-Cahn ---------------------------------------------------------------------------- */

/* Default-parameter solutions at N = 256, 512, 1024, solved once and shared by the tests. */
static PlAllenCahnRef *allen_cahn_cache[3];

static PlAllenCahnRef *
allen_cahn_solve (guint  n_points,
                  guint  n_times,
                  double t_end,
                  double dt)
{
  PlAllenCahnParams p;
  PlAllenCahnRef *ref;
  GError *error = NULL;

  pl_allen_cahn_params_init (&p);
  p.n_points = n_points;
  if (n_times > 0)
    p.n_times = n_times;
  if (t_end > 0.0)
    p.t_end = t_end;
  if (dt > 0.0)
    p.dt = dt;
  ref = pl_allen_cahn_ref_new (&p, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ref);
  return ref;
}

static const PlAllenCahnRef *
allen_cahn_default (guint n_points)
{
  guint i = n_points == 256 ? 0 : n_points == 512 ? 1 : 2;

  g_assert_true (n_points == 256 || n_points == 512 || n_points == 1024);
  if (allen_cahn_cache[i] == NULL)
    allen_cahn_cache[i] = allen_cahn_solve (n_points, 0, 0.0, 0.0);
  return allen_cahn_cache[i];
}

/* The stored t = 0 snapshot is the data itself; a short step moves it by t F(u0) with
 * F(u) = eps u_xx + gamma (u - u^3) from the exact u0'' (away from the kink at x = +-1). */
static void
test_allen_cahn_initial_data (void)
{
  double t = 1e-3, x = 1.5, t0 = 0.0, u;
  g_autoptr (PlAllenCahnRef) ref = allen_cahn_solve (512, 2, t, 0.0);
  double worst = 0.0;

  for (guint j = 0; j < 512; j++)
    {
      double xj = ref->x[j], u0 = xj * xj * cos (G_PI * xj);
      double u0xx = 2.0 * cos (G_PI * xj) - 4.0 * G_PI * xj * sin (G_PI * xj)
                    - G_PI * G_PI * xj * xj * cos (G_PI * xj);
      double f0 = 1e-4 * u0xx + 5.0 * (u0 - u0 * u0 * u0);

      g_assert_cmpfloat (xj, ==, -1.0 + 2.0 * j / 512.0);
      g_assert_cmpfloat (ref->u[j], ==, u0);
      if (fabs (xj) <= 0.9)
        worst = MAX (worst, fabs (ref->u[512 + j] - u0 - t * f0));
    }
  g_test_message ("Allen-Cahn first step: |u(1e-3) - u0 - t F(u0)| <= %.2g", worst);
  g_assert_cmpfloat (worst, <, 2e-5);
  /* At t = 0 the evaluator returns the data, periodically extended. */
  g_assert_true (pl_allen_cahn_ref_eval (ref, 1, &x, &t0, &u, NULL));
  g_assert_cmpfloat (u, ==, 0.25 * cos (-0.5 * G_PI));
}

/* Largest |u_a - u_b| at snapshot k on the points both grids share; with @skip_near set, only
 * points more than 0.1 from a sign change of u_b (the fronts) and from x = +-1 (the kink). */
static double
allen_cahn_diff (const PlAllenCahnRef *a,
                 const PlAllenCahnRef *b,
                 guint                 k,
                 gboolean              skip_near)
{
  guint na = a->params.n_points, nb = b->params.n_points, ratio = nb / na;
  const double *ua = a->u + k * na, *ub = b->u + k * nb;
  double worst = 0.0;

  for (guint j = 0; j < na; j++)
    {
      gboolean near = fabs (a->x[j]) > 0.9;

      for (guint i = 0; i < nb && skip_near && !near; i++)
        if ((ub[i] > 0) != (ub[(i + 1) % nb] > 0) && fabs (b->x[i] - a->x[j]) < 0.1)
          near = TRUE;
      if (!near || !skip_near)
        worst = MAX (worst, fabs (ua[j] - ub[j * ratio]));
    }
  return worst;
}

static void
test_allen_cahn_convergence (void)
{
  const PlAllenCahnRef *r256 = allen_cahn_default (256);
  const PlAllenCahnRef *r512 = allen_cahn_default (512);
  const PlAllenCahnRef *r1024 = allen_cahn_default (1024);
  guint last = r512->params.n_times - 1;
  double all = 0.0, all_far = 0.0, e256, e512, e512_far;

  for (guint k = 1; k <= last; k++)
    {
      all = MAX (all, allen_cahn_diff (r512, r1024, k, FALSE));
      all_far = MAX (all_far, allen_cahn_diff (r512, r1024, k, TRUE));
    }
  e256 = allen_cahn_diff (r256, r1024, last, FALSE);
  e512 = allen_cahn_diff (r512, r1024, last, FALSE);
  e512_far = allen_cahn_diff (r512, r1024, last, TRUE);
  g_test_message ("Allen-Cahn |u_512 - u_1024|: %.2g over all t (%.2g away from the kink and "
                  "fronts), at t = 1 %.2g (%.2g away from fronts); |u_256 - u_1024| at t = 1: "
                  "%.2g", all, all_far, e512, e512_far, e256);
  g_assert_cmpfloat (all, <, 1e-3);
  g_assert_cmpfloat (all_far, <, 1e-6);
  g_assert_cmpfloat (e512, <, 3e-6);
  g_assert_cmpfloat (e512_far, <, 1e-7);
  g_assert_cmpfloat (e256 / e512, >, 100.0);
}

/* ETDRK4 is fourth order: halving the step divides the error at t = 1 by about 16. */
static void
test_allen_cahn_time_order (void)
{
  g_autoptr (PlAllenCahnRef) fine = allen_cahn_solve (256, 2, 1.0, 1e-3);
  g_autoptr (PlAllenCahnRef) h1 = allen_cahn_solve (256, 2, 1.0, 0.02);
  g_autoptr (PlAllenCahnRef) h2 = allen_cahn_solve (256, 2, 1.0, 0.01);
  double e1 = allen_cahn_diff (h1, fine, 1, FALSE), e2 = allen_cahn_diff (h2, fine, 1, FALSE);

  g_test_message ("Allen-Cahn ETDRK4: error %.3g at h = 0.02, %.3g at h = 0.01 (ratio %.1f)",
                  e1, e2, e1 / e2);
  g_assert_cmpfloat (e1 / e2, >, 12.0);
  g_assert_cmpfloat (e1 / e2, <, 22.0);
}

/* u_t - eps u_xx - gamma (u - u^3) by finite differences in t (fourth order, snapshots 1e-3
 * apart) and x (sixth order, periodic), relative to the largest term. */
static void
test_allen_cahn_pde_residual (void)
{
  guint n = 1024;
  g_autoptr (PlAllenCahnRef) ref = allen_cahn_solve (n, 1001, 1.0, 0.0);
  double dx = 2.0 / n, dt = 1e-3, worst = 0.0, scale = 0.0;

  for (guint k = 100; k + 2 < 1001; k++)
    for (guint j = 0; j < n; j++)
      {
        double fx[7], ft[5], u = ref->u[k * n + j], u_t, u_xx, react;

        for (int i = 0; i < 7; i++)
          fx[i] = ref->u[k * n + (j + n + i - 3) % n];
        for (int i = 0; i < 5; i++)
          ft[i] = ref->u[(k + i - 2) * n + j];
        u_t = d1 (ft, dt);
        /* Sixth order in x: the fronts at t ~ 1 are only ~10 grid points wide. */
        u_xx = (2.0 * (fx[0] + fx[6]) - 27.0 * (fx[1] + fx[5]) + 270.0 * (fx[2] + fx[4])
                - 490.0 * fx[3]) / (180.0 * dx * dx);
        react = 5.0 * (u - u * u * u);
        worst = MAX (worst, fabs (u_t - 1e-4 * u_xx - react));
        scale = MAX (scale, MAX (fabs (u_t), MAX (fabs (1e-4 * u_xx), fabs (react))));
      }
  g_test_message ("Allen-Cahn residual %.2g, largest term %.2g (t in [0.1, 1])", worst, scale);
  g_assert_cmpfloat (worst / scale, <, 1e-4);
}

static void
test_allen_cahn_symmetry (void)
{
  const PlAllenCahnRef *ref = allen_cahn_default (512);
  double worst = 0.0;

  /* -x_j = x_{N - j} modulo the period. */
  for (guint k = 0; k < ref->params.n_times; k++)
    for (guint j = 0; j < 512; j++)
      worst = MAX (worst, fabs (ref->u[k * 512 + j] - ref->u[k * 512 + (512 - j) % 512]));
  g_test_message ("Allen-Cahn |u(x) - u(-x)| <= %.2g", worst);
  g_assert_cmpfloat (worst, <, 1e-12);
}

/* The evaluator reproduces the snapshots, interpolates in x as well as the grid resolves
 * (checked on the finer grid's points) and in t as well as a solve stopped at that time. */
static void
test_allen_cahn_interpolation (void)
{
  const PlAllenCahnRef *r512 = allen_cahn_default (512);
  const PlAllenCahnRef *r1024 = allen_cahn_default (1024);
  double tm = 0.5025;
  g_autoptr (PlAllenCahnRef) stop = allen_cahn_solve (512, 2, tm, 0.0);
  double x[1024], t[1024], u[1024], worst_grid = 0.0, worst_x = 0.0, worst_t = 0.0;
  guint k = 150;

  for (guint j = 0; j < 512; j++)
    {
      x[j] = r512->x[j];
      t[j] = r512->t[k];
    }
  g_assert_true (pl_allen_cahn_ref_eval (r512, 512, x, t, u, NULL));
  for (guint j = 0; j < 512; j++)
    worst_grid = MAX (worst_grid, fabs (u[j] - r512->u[k * 512 + j]));

  for (guint j = 0; j < 1024; j++)
    {
      x[j] = r1024->x[j];
      t[j] = 1.0;
    }
  g_assert_true (pl_allen_cahn_ref_eval (r512, 1024, x, t, u, NULL));
  for (guint j = 1; j < 1024; j += 2)
    worst_x = MAX (worst_x, fabs (u[j] - r1024->u[200 * 1024 + j]));

  for (guint j = 0; j < 512; j++)
    {
      x[j] = r512->x[j];
      t[j] = tm;
    }
  g_assert_true (pl_allen_cahn_ref_eval (r512, 512, x, t, u, NULL));
  for (guint j = 0; j < 512; j++)
    worst_t = MAX (worst_t, fabs (u[j] - stop->u[512 + j]));

  g_test_message ("Allen-Cahn eval: %.2g at grid points, %.2g between them, %.2g between "
                  "snapshots", worst_grid, worst_x, worst_t);
  g_assert_cmpfloat (worst_grid, <, 1e-13);
  g_assert_cmpfloat (worst_x, <, 3e-5);
  g_assert_cmpfloat (worst_t, <, 1e-6);
}

static void
test_allen_cahn_bad_arguments (void)
{
  PlAllenCahnParams p;
  const PlAllenCahnRef *ref = allen_cahn_default (256);
  double x[2] = { 0.0, 0.5 }, t[2] = { 0.5, 1.5 }, u[2];
  GError *error = NULL;

  pl_allen_cahn_params_init (&p);
  p.n_points = 511;
  g_assert_null (pl_allen_cahn_ref_new (&p, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "n_points = 511"));
  g_clear_error (&error);

  pl_allen_cahn_params_init (&p);
  p.eps = -1.0;
  g_assert_null (pl_allen_cahn_ref_new (&p, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "eps = -1"));
  g_clear_error (&error);

  pl_allen_cahn_params_init (&p);
  p.n_times = 1;
  g_assert_null (pl_allen_cahn_ref_new (&p, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (pl_allen_cahn_ref_eval (ref, 2, x, t, u, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "t = 1.5"));
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
        u_x = d1 (u + 1, h);
        u_xxx = (u[0] - 8.0 * u[1] + 13.0 * u[2] - 13.0 * u[4] + 8.0 * u[5] - u[6])
                / (8.0 * h * h * h);
        u_t = d1 (ut, h);
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
  int status;

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
  g_test_add_func ("/Plateau/Reference/allen-cahn-initial-data", test_allen_cahn_initial_data);
  g_test_add_func ("/Plateau/Reference/allen-cahn-convergence", test_allen_cahn_convergence);
  g_test_add_func ("/Plateau/Reference/allen-cahn-time-order", test_allen_cahn_time_order);
  g_test_add_func ("/Plateau/Reference/allen-cahn-pde-residual", test_allen_cahn_pde_residual);
  g_test_add_func ("/Plateau/Reference/allen-cahn-symmetry", test_allen_cahn_symmetry);
  g_test_add_func ("/Plateau/Reference/allen-cahn-interpolation",
                   test_allen_cahn_interpolation);
  g_test_add_func ("/Plateau/Reference/allen-cahn-bad-arguments",
                   test_allen_cahn_bad_arguments);
  g_test_add_func ("/Plateau/Reference/kdv-soliton", test_kdv_soliton);

  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (allen_cahn_cache); i++)
    g_clear_pointer (&allen_cahn_cache[i], pl_allen_cahn_ref_free);
  return status;
}
