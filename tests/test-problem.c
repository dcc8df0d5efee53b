/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-problem.c: the problem library against independent oracles.
 *
 *  - Every built-in exact or reference solution satisfies its own residual and conditions:
 *    the jets of the solution come from finite differences of pl_problem_exact () (weights of
 *    Fornberg's algorithm on Chebyshev nodes in a small window, one axis at a time), so this
 *    checks the residual strings and the solutions against each other.
 *  - Residual adjoints and the hard-constraint transform against central differences.
 *  - The transform's derivative components against differences of its value component, and
 *    the conditions it claims to satisfy, evaluated on its output.
 *  - Sampling geometry, parameters, user definitions (ode-rk against a closed form, the KdV
 *    closed form against pl_kdv_soliton) and the errors of bad definitions.
 */
#include <plateau/plateau.h>

#include "reference.h"

#include <math.h>
#include <string.h>

#define N_NODES 12

/* ---- finite-difference jets ------------------------------------------------------------ */

/* Fornberg (1988, Math. Comp. 51:699; SIAM Rev. 40:685, 1998): c[i * (M + 1) + k] is the
 * weight of f(x_i) in the k-th derivative at z, for k <= M, from n arbitrary nodes. */
static void
fornberg (double        z,
          const double *x,
          guint         n,
          guint         M,
          double       *c)
{
  double c1 = 1, c4 = x[0] - z;

  memset (c, 0, n * (M + 1) * sizeof (double));
  c[0] = 1;
  for (guint i = 1; i < n; i++)
    {
      guint mn = MIN (i, M);
      double c2 = 1, c5 = c4;

      c4 = x[i] - z;
      for (guint j = 0; j < i; j++)
        {
          double c3 = x[i] - x[j];

          c2 *= c3;
          if (j == i - 1)
            {
              for (guint k = mn; k >= 1; k--)
                c[i * (M + 1) + k] = c1 * (k * c[(i - 1) * (M + 1) + k - 1]
                                           - c5 * c[(i - 1) * (M + 1) + k]) / c2;
              c[i * (M + 1)] = -c1 * c5 * c[(i - 1) * (M + 1)] / c2;
            }
          for (guint k = mn; k >= 1; k--)
            c[j * (M + 1) + k] = (c4 * c[j * (M + 1) + k] - k * c[j * (M + 1) + k - 1]) / c3;
          c[j * (M + 1)] = c4 * c[j * (M + 1)] / c3;
        }
      c1 = c2;
    }
}

static void
test_fornberg (void)
{
  double x[5] = { -0.3, 0.1, 0.2, 0.7, 1.1 }, c[5 * 4], d[4] = { 0 };

  /* f = z^3 - 2 z at z = 0.4: f = -0.736, f' = -1.52, f'' = 2.4, f''' = 6 */
  fornberg (0.4, x, 5, 3, c);
  for (guint i = 0; i < 5; i++)
    for (guint k = 0; k < 4; k++)
      d[k] += c[i * 4 + k] * (x[i] * x[i] * x[i] - 2 * x[i]);
  g_assert_cmpfloat_with_epsilon (d[0], -0.736, 1e-13);
  g_assert_cmpfloat_with_epsilon (d[1], -1.52, 1e-12);
  g_assert_cmpfloat_with_epsilon (d[2], 2.4, 1e-11);
  g_assert_cmpfloat_with_epsilon (d[3], 6.0, 1e-10);
}

/* Jets [m][K][P] of the exact solution at the P points x[j * P + p]: per axis, N_NODES
 * Chebyshev nodes in a window of half-width w[j] inside the box around the point. */
static void
exact_jets (PlProblem    *problem,
            const double *x,
            gsize         P,
            const double *w,
            double       *jets)
{
  const PlJetSpec *spec = pl_problem_get_jet_spec (problem);
  guint d = pl_problem_get_n_inputs (problem), m = pl_problem_get_n_outputs (problem);
  guint K = spec->n_components;
  double lower[3], upper[3];
  gsize S = 1, n_eval;
  g_autofree double *weights = g_new (double, P * d * N_NODES * 4);
  g_autofree double *pts = NULL, *vals = NULL;
  g_autoptr(GError) error = NULL;

  pl_problem_get_bounds (problem, lower, upper);
  for (guint j = 0; j < d; j++)
    S *= N_NODES;
  n_eval = P * S;
  pts = g_new (double, d * n_eval);
  vals = g_new (double, m * n_eval);
  for (gsize p = 0; p < P; p++)
    for (guint j = 0; j < d; j++)
      {
        double nodes[N_NODES], c = CLAMP (x[j * P + p], lower[j] + w[j], upper[j] - w[j]);

        for (guint i = 0; i < N_NODES; i++)
          nodes[i] = c + w[j] * cos (G_PI * (2 * i + 1) / (2.0 * N_NODES));
        fornberg (x[j * P + p], nodes, N_NODES, 3, weights + (p * d + j) * N_NODES * 4);
        for (gsize s = 0; s < S; s++)
          {
            gsize idx = s;

            for (guint jj = 0; jj < j; jj++)
              idx /= N_NODES;
            pts[j * n_eval + p * S + s] = nodes[idx % N_NODES];
          }
      }
  g_assert_true (pl_problem_exact (problem, pts, n_eval, vals, &error));
  g_assert_no_error (error);

  for (guint o = 0; o < m; o++)
    for (guint k = 0; k < K; k++)
      for (gsize p = 0; p < P; p++)
        {
          double sum = 0;

          for (gsize s = 0; s < S; s++)
            {
              double wt = 1;
              gsize idx = s;

              for (guint j = 0; j < d; j++, idx /= N_NODES)
                wt *= weights[((p * d + j) * N_NODES + idx % N_NODES) * 4 + spec->alpha[k][j]];
              sum += wt * vals[o * n_eval + p * S + s];
            }
          jets[(o * K + k) * P + p] = sum;
        }
}

/* ---- every built-in solution satisfies its problem -------------------------------------- */

typedef struct {
  const char *name;
  double      tol;     /* max |r_q| / (1 + sum_c |de_q/du_c u_c|) */
  double      window;  /* half-width of the difference window, a fraction of each side */
} SolutionCheck;

/* Tolerances: closed forms are limited by the differences (rounding amplified by the window);
 * ODE references by their cubic Hermite interpolation (C1 at the knots), Burgers by the
 * Gauss-Hermite rule, Allen-Cahn by its grid (measured: 3e-6 in the residual, 2e-5 in the
 * initial condition, where the trigonometric interpolant of the kinked initial data rings).
 * Allen-Cahn's window is small because its layers (at the fronts and at x = +-1, where the
 * initial slope jumps) are 0.005 to 0.01 wide: the slope is periodic only across them. */
static const SolutionCheck solution_checks[] = {
  { "exponential-decay", 1e-9, 0.02 },
  { "logistic-growth", 1e-9, 0.02 },
  { "harmonic-oscillator", 1e-9, 0.02 },
  { "damped-oscillator", 1e-9, 0.02 },
  { "spring-mass-damper", 1e-9, 0.02 },
  { "polynomial-forcing", 1e-9, 0.02 },
  { "decaying-oscillation", 1e-9, 0.02 },
  { "lotka-volterra", 1e-9, 0.02 },
  { "poisson-1d", 1e-9, 0.02 },
  { "poisson-2d", 1e-9, 0.02 },
  { "helmholtz-2d", 1e-9, 0.02 },
  { "heat-1d", 1e-9, 0.02 },
  { "diffusion-reaction", 1e-9, 0.02 },
  { "advection", 1e-9, 0.02 },
  { "wave-1d", 1e-9, 0.02 },
  { "klein-gordon", 1e-9, 0.02 },
  { "burgers", 1e-9, 0.02 },
  { "allen-cahn", 1e-4, 0.0005 },
  { "kdv-soliton", 1e-9, 0.02 },
};

/* Where differences of a solution say nothing about the problem: the Burgers shock layer,
 * the Allen-Cahn fronts (near x = 0, +-0.5) and its initial kink at x = +-1, the poles of
 * tan in the decaying oscillation (where u = 0 and u tan(lambda x) is a 0 * inf). */
static gboolean
avoid_point (const char   *name,
             const double *x,
             gsize         stride)
{
  if (g_str_equal (name, "burgers"))
    return fabs (x[0]) < 0.3;
  if (g_str_equal (name, "allen-cahn"))
    {
      double a = fabs (x[0]);
      return a < 0.15 || fabs (a - 0.5) < 0.15 || (a > 0.85 && a < 1) ||
             (x[stride] > 0 && x[stride] < 0.05);
    }
  if (g_str_equal (name, "decaying-oscillation"))
    return fabs (cos (8 * x[0])) < 0.2;
  return FALSE;
}

static void
check_solution (const SolutionCheck *check)
{
  g_autoptr(PlProblem) problem = NULL;
  g_autoptr(GError) error = NULL;
  PlRng rng;
  double lower[3], upper[3], w[3];
  guint d, m, K;

  problem = pl_problem_new (check->name, &error);
  g_assert_no_error (error);
  if (g_str_equal (check->name, "allen-cahn"))
    {
      /* the defaults, spelled out: 0.15 s here; 256 points leave 4e-4 residuals even away
       * from the fronts */
      PlProblemResolution res = { .n_space = 512, .n_time = 201, .time_step = 1e-4 };
      pl_problem_set_resolution (problem, &res);
    }
  d = pl_problem_get_n_inputs (problem);
  m = pl_problem_get_n_outputs (problem);
  K = pl_problem_get_jet_spec (problem)->n_components;
  pl_problem_get_bounds (problem, lower, upper);
  for (guint j = 0; j < d; j++)
    w[j] = check->window * (upper[j] - lower[j]);
  pl_rng_init (&rng, ref_test_seed ());

  for (guint t = 0; t < pl_problem_get_n_terms (problem); t++)
    {
      enum { WANT = 24, TRY = 256 };
      gsize n_try = pl_problem_term_points (problem, t, PL_SAMPLER_UNIFORM, TRY);
      gboolean periodic = pl_problem_term_kind (problem, t) == PL_TERM_PERIODIC;
      guint n_eq = pl_problem_term_n_equations (problem, t);
      g_autofree double *cand = g_new (double, d * n_try);
      g_autofree double *x = g_new (double, d * 2 * WANT);
      g_autofree double *jets = NULL, *r = NULL, *radj = NULL, *uadj = NULL;
      gsize P = 0, half = periodic ? n_try / 2 : n_try, B, Br;
      double worst = 0;

      g_assert_true (pl_problem_sample (problem, t, PL_SAMPLER_UNIFORM, TRY, &rng, cand, &error));
      g_assert_no_error (error);
      /* keep WANT points (pairs) away from the regions above */
      for (gsize i = 0; i < half && P < WANT; i++)
        {
          if (avoid_point (check->name, cand + i, n_try) ||
              (periodic && avoid_point (check->name, cand + half + i, n_try)))
            continue;
          P++;
          for (guint j = 0; j < d; j++)
            x[j * 2 * WANT + P - 1] = cand[j * n_try + i];
          if (periodic)
            for (guint j = 0; j < d; j++)
              x[j * 2 * WANT + WANT + P - 1] = cand[j * n_try + half + i];
        }
      g_assert_cmpuint (P, >, 4);
      /* compact to [d][B] */
      B = periodic ? 2 * P : P;
      for (guint j = 0; j < d; j++)
        {
          memmove (x + j * B, x + j * 2 * WANT, P * sizeof (double));
          if (periodic)
            memmove (x + j * B + P, x + j * 2 * WANT + WANT, P * sizeof (double));
        }
      Br = periodic ? P : B;

      jets = g_new (double, m * K * B);
      exact_jets (problem, x, B, w, jets);
      r = g_new (double, n_eq * Br);
      pl_problem_residual (problem, t, x, jets, B, r);

      /* the scale of each equation: its linearised terms, from the adjoint with unit seeds */
      radj = g_new0 (double, n_eq * Br);
      uadj = g_new (double, m * K * B);
      for (guint q = 0; q < n_eq; q++)
        {
          memset (radj, 0, n_eq * Br * sizeof (double));
          for (gsize b = 0; b < Br; b++)
            radj[q * Br + b] = 1;
          memset (uadj, 0, m * K * B * sizeof (double));
          pl_problem_residual_adjoint (problem, t, x, jets, B, radj, uadj);
          for (gsize b = 0; b < Br; b++)
            {
              double scale = 1, err;

              for (gsize c = 0; c < (gsize) m * K; c++)
                {
                  scale += fabs (uadj[c * B + b] * jets[c * B + b]);
                  if (periodic)
                    scale += fabs (uadj[c * B + P + b] * jets[c * B + P + b]);
                }
              err = fabs (r[q * Br + b]) / scale;
              worst = MAX (worst, err);
              if (!(err <= check->tol))
                g_error ("%s: term '%s' equation %u at point %" G_GSIZE_FORMAT
                         " (%g, %g): residual %g, scale %g, relative %g > %g", check->name,
                         pl_problem_term_name (problem, t), q, b, x[b],
                         d > 1 ? x[B + b] : 0.0, r[q * Br + b], scale, err, check->tol);
            }
        }
      g_test_message ("%s: %s: worst relative residual %.2e (tolerance %.0e)", check->name,
                      pl_problem_term_name (problem, t), worst, check->tol);
    }
}

static void
test_solutions (gconstpointer data)
{
  check_solution (data);
}

/* ---- the table ------------------------------------------------------------------------- */

static void
test_table (void)
{
  const char *const *names = pl_problem_names ();
  g_autoptr(GError) error = NULL;
  guint n = 0;

  for (; names[n] != NULL; n++)
    {
      g_autoptr(PlProblem) problem = pl_problem_new (names[n], &error);
      const PlProblemDef *def = pl_problem_builtin_def (names[n]);
      const PlJetSpec *spec;

      g_assert_no_error (error);
      g_assert_nonnull (def);
      g_assert_cmpstr (def->name, ==, names[n]);
      g_assert_nonnull (pl_problem_describe (names[n]));
      g_assert_cmpstr (pl_problem_get_name (problem), ==, names[n]);
      g_assert_true (pl_problem_has_exact (problem));
      spec = pl_problem_get_jet_spec (problem);
      g_assert_cmpuint (spec->n_inputs, ==, pl_problem_get_n_inputs (problem));
      g_assert_cmpstr (spec->axes, ==, pl_problem_get_axes (problem));
      g_assert_cmpuint (pl_problem_get_n_terms (problem), >=, 2);
      g_assert_cmpint (pl_problem_find_term (problem, "residual"), ==, 0);
      g_assert_cmpint (pl_problem_term_kind (problem, 0), ==, PL_TERM_INTERIOR);
      g_assert_cmpuint (pl_problem_term_n_equations (problem, 0), ==,
                        pl_problem_get_n_outputs (problem));
      for (guint i = 0; i < pl_problem_get_n_params (problem); i++)
        g_assert_cmpfloat (pl_problem_get_param_value (problem, i), ==, def->params[i].value);
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (solution_checks));

  /* the jets each problem asks for, from the derivatives its equations use */
  {
    g_autoptr(PlProblem) kdv = pl_problem_new ("kdv-soliton", NULL);
    g_autoptr(PlProblem) decay = pl_problem_new ("exponential-decay", NULL);
    g_autoptr(PlProblem) wave = pl_problem_new ("wave-1d", NULL);

    g_assert_cmpint (pl_problem_get_jet_spec (kdv)->third_axis, ==, 0);
    g_assert_cmpuint (pl_problem_get_jet_spec (kdv)->n_components, ==, 7);
    g_assert_cmpuint (pl_problem_get_jet_spec (decay)->order, ==, 1);
    g_assert_cmpuint (pl_problem_get_jet_spec (wave)->order, ==, 2);
    g_assert_cmpint (pl_problem_get_jet_spec (wave)->third_axis, ==, -1);
  }

  g_assert_null (pl_problem_new ("no-such-problem", &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "damped-oscillator"));
}

/* ---- residual adjoint against central differences -------------------------------------- */

static void
test_residual_adjoint (void)
{
  const char *const *names = pl_problem_names ();
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(PlProblem) problem = pl_problem_new (names[i], NULL);
      guint d = pl_problem_get_n_inputs (problem), m = pl_problem_get_n_outputs (problem);
      guint K = pl_problem_get_jet_spec (problem)->n_components;

      for (guint t = 0; t < pl_problem_get_n_terms (problem); t++)
        {
          gsize B = pl_problem_term_points (problem, t, PL_SAMPLER_UNIFORM, 3);
          gsize Br = pl_problem_term_kind (problem, t) == PL_TERM_PERIODIC ? B / 2 : B;
          guint n_eq = pl_problem_term_n_equations (problem, t);
          gsize n_jets = m * K * B;
          g_autofree double *x = g_new (double, d * B);
          g_autofree double *u = g_new (double, n_jets);
          g_autofree double *c = g_new (double, n_eq * Br);
          g_autofree double *r = g_new (double, n_eq * Br);
          g_autofree double *ua = g_new0 (double, n_jets);

          g_assert_true (pl_problem_sample (problem, t, PL_SAMPLER_UNIFORM, 3, &rng, x, NULL));
          for (gsize k = 0; k < n_jets; k++)
            u[k] = 0.8 * pl_rng_normal (&rng);
          for (gsize k = 0; k < n_eq * Br; k++)
            c[k] = pl_rng_normal (&rng);
          /* ADDs: start from a known offset */
          for (gsize k = 0; k < n_jets; k++)
            ua[k] = 0.25;
          pl_problem_residual_adjoint (problem, t, x, u, B, c, ua);

          for (gsize k = 0; k < n_jets; k++)
            {
              double h = 1e-6 * MAX (1.0, fabs (u[k])), keep = u[k], lp = 0, lm = 0, fd;

              u[k] = keep + h;
              pl_problem_residual (problem, t, x, u, B, r);
              for (gsize e = 0; e < n_eq * Br; e++)
                lp += c[e] * r[e];
              u[k] = keep - h;
              pl_problem_residual (problem, t, x, u, B, r);
              for (gsize e = 0; e < n_eq * Br; e++)
                lm += c[e] * r[e];
              u[k] = keep;
              fd = (lp - lm) / (2 * h);
              if (!(fabs (ua[k] - 0.25 - fd) <= 1e-6 * (1 + fabs (fd))))
                g_error ("%s: term %s: jet entry %" G_GSIZE_FORMAT ": adjoint %.12g, "
                         "differences %.12g", names[i], pl_problem_term_name (problem, t), k,
                         ua[k] - 0.25, fd);
            }
        }
    }
}

/* ---- hard-constraint transform ----------------------------------------------------------- */

/* Jets of N_o(x) = sin(phi), phi = 0.3 + o + sum_j a_j x_j: d^alpha sin(phi) is
 * prod_j a_j^alpha_j sin(phi + |alpha| pi / 2). */
static void
analytic_jets (const PlJetSpec *spec,
               guint            m,
               const double    *x,
               gsize            B,
               double          *jets)
{
  static const double a[3] = { 0.7, -0.4, 0.5 };
  guint K = spec->n_components;

  for (guint o = 0; o < m; o++)
    for (guint k = 0; k < K; k++)
      for (gsize b = 0; b < B; b++)
        {
          double phi = 0.3 + o, f = 1;
          guint total = 0;

          for (guint j = 0; j < spec->n_inputs; j++)
            {
              phi += a[j] * x[j * B + b];
              f *= pow (a[j], spec->alpha[k][j]);
              total += spec->alpha[k][j];
            }
          jets[(o * K + k) * B + b] = f * sin (phi + total * G_PI / 2);
        }
}

static void
check_transform (const char *name)
{
  g_autoptr(PlProblem) problem = pl_problem_new (name, NULL);
  const PlProblemDef *def = pl_problem_get_def (problem);
  const PlJetSpec *spec = pl_problem_get_jet_spec (problem);
  guint d = pl_problem_get_n_inputs (problem), m = pl_problem_get_n_outputs (problem);
  guint K = spec->n_components, n_all = pl_problem_get_n_terms (problem), n_hard = 0;
  double lower[3], upper[3];
  enum { B = 5 };
  double x[3 * B], nj[4 * 11 * B], uj[4 * 11 * B], c[4 * 11 * B], na[4 * 11 * B];
  gsize n_jets = (gsize) m * K * B;
  PlRng rng;

  g_assert_true (pl_problem_has_transform (problem));
  pl_rng_init (&rng, ref_test_seed () + 2);
  pl_problem_get_bounds (problem, lower, upper);

  /* the terms it satisfies: they vanish on its output for any N */
  for (guint t = 0; t < PL_PROBLEM_MAX_TERMS && def->terms[t].name != NULL; t++)
    {
      gint term = pl_problem_find_term (problem, def->terms[t].name);
      guint n_eq = pl_problem_term_n_equations (problem, term);
      double xf[3 * 8], r[4 * 8];
      gsize P = pl_problem_term_points (problem, term, PL_SAMPLER_UNIFORM, 8);

      if (!def->terms[t].hard)
        continue;
      n_hard++;
      g_assert_true (pl_problem_sample (problem, term, PL_SAMPLER_UNIFORM, 8, &rng, xf, NULL));
      analytic_jets (spec, m, xf, P, nj);
      g_assert_true (pl_problem_set_hard_constraints (problem, TRUE, NULL));
      pl_problem_transform (problem, xf, P, nj, uj);
      g_assert_true (pl_problem_set_hard_constraints (problem, FALSE, NULL));
      pl_problem_residual (problem, term, xf, uj, P, r);
      for (gsize e = 0; e < n_eq * P; e++)
        g_assert_cmpfloat (fabs (r[e]), <=, 1e-12);
    }
  g_assert_cmpuint (n_hard, >, 0);
  g_assert_true (pl_problem_set_hard_constraints (problem, TRUE, NULL));
  g_assert_true (pl_problem_transform_active (problem));
  g_assert_cmpuint (pl_problem_get_n_terms (problem), ==, n_all - n_hard);

  /* forward: the derivative components are derivatives of the value component */
  g_assert_true (pl_problem_sample (problem, 0, PL_SAMPLER_UNIFORM, B, &rng, x, NULL));
  analytic_jets (spec, m, x, B, nj);
  pl_problem_transform (problem, x, B, nj, uj);
  for (gsize p = 0; p < B; p++)
    for (guint k = 1; k < K; k++)
      for (guint o = 0; o < m; o++)
        {
          /* nested differences of U_0 on a Chebyshev window, as in exact_jets */
          double w[3], weights[3][N_NODES * 4], fd = 0;
          gsize S = 1;
          g_autofree double *xs = NULL, *ns = NULL, *us = NULL;

          for (guint j = 0; j < d; j++)
            {
              double nodes[N_NODES], cen;

              w[j] = 0.02 * (upper[j] - lower[j]);
              cen = CLAMP (x[j * B + p], lower[j] + w[j], upper[j] - w[j]);
              for (guint i = 0; i < N_NODES; i++)
                nodes[i] = cen + w[j] * cos (G_PI * (2 * i + 1) / (2.0 * N_NODES));
              fornberg (x[j * B + p], nodes, N_NODES, 3, weights[j]);
              S *= N_NODES;
            }
          xs = g_new (double, d * S);
          ns = g_new (double, m * K * S);
          us = g_new (double, m * K * S);
          for (gsize s = 0; s < S; s++)
            for (guint j = 0, idx = (guint) s; j < d; j++, idx /= N_NODES)
              {
                double cen = CLAMP (x[j * B + p], lower[j] + w[j], upper[j] - w[j]);
                xs[j * S + s] = cen + w[j] * cos (G_PI * (2 * (idx % N_NODES) + 1)
                                                  / (2.0 * N_NODES));
              }
          analytic_jets (spec, m, xs, S, ns);
          pl_problem_transform (problem, xs, S, ns, us);
          for (gsize s = 0; s < S; s++)
            {
              double wt = 1;

              for (guint j = 0, idx = (guint) s; j < d; j++, idx /= N_NODES)
                wt *= weights[j][(idx % N_NODES) * 4 + spec->alpha[k][j]];
              fd += wt * us[(o * K) * S + s];
            }
          if (!(fabs (uj[(o * K + k) * B + p] - fd) <= 1e-7 * (1 + fabs (fd))))
            g_error ("%s: transform component %s of output %u: jets %.12g, differences %.12g",
                     name, spec->names[k], o, uj[(o * K + k) * B + p], fd);
        }

  /* reverse: dL/dN for L = sum c U, against central differences (U is affine in N) */
  for (gsize k = 0; k < n_jets; k++)
    {
      c[k] = pl_rng_normal (&rng);
      na[k] = 0.5;
    }
  pl_problem_transform_adjoint (problem, x, B, c, na);
  for (gsize k = 0; k < n_jets; k++)
    {
      double keep = nj[k], lp = 0, lm = 0, h = 1e-3, fd;

      nj[k] = keep + h;
      pl_problem_transform (problem, x, B, nj, uj);
      for (gsize e = 0; e < n_jets; e++)
        lp += c[e] * uj[e];
      nj[k] = keep - h;
      pl_problem_transform (problem, x, B, nj, uj);
      for (gsize e = 0; e < n_jets; e++)
        lm += c[e] * uj[e];
      nj[k] = keep;
      fd = (lp - lm) / (2 * h);
      g_assert_cmpfloat (fabs (na[k] - 0.5 - fd), <=, 1e-9 * (1 + fabs (fd)));
    }

  /* off: a copy, and its reverse an addition */
  g_assert_true (pl_problem_set_hard_constraints (problem, FALSE, NULL));
  g_assert_cmpuint (pl_problem_get_n_terms (problem), ==, n_all);
  pl_problem_transform (problem, x, B, nj, uj);
  g_assert_cmpmem (uj, n_jets * sizeof (double), nj, n_jets * sizeof (double));
  memset (na, 0, sizeof na);
  pl_problem_transform_adjoint (problem, x, B, c, na);
  g_assert_cmpmem (na, n_jets * sizeof (double), c, n_jets * sizeof (double));
}

static void
test_transform (void)
{
  const char *const *names = pl_problem_names ();
  guint n = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(PlProblem) problem = pl_problem_new (names[i], NULL);
      g_autoptr(GError) error = NULL;

      if (!pl_problem_has_transform (problem))
        {
          g_assert_false (pl_problem_set_hard_constraints (problem, TRUE, &error));
          g_assert_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED);
          continue;
        }
      check_transform (names[i]);
      n++;
    }
  g_assert_cmpuint (n, >=, 8);
}

/* ---- sampling ------------------------------------------------------------------------------ */

static void
test_sampling (void)
{
  const char *const *names = pl_problem_names ();
  static const PlSamplerKind kinds[] = { PL_SAMPLER_UNIFORM, PL_SAMPLER_LATIN_HYPERCUBE,
                                         PL_SAMPLER_SOBOL, PL_SAMPLER_GRID };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 3);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(PlProblem) problem = pl_problem_new (names[i], NULL);
      guint d = pl_problem_get_n_inputs (problem);
      double lower[3], upper[3];
      gsize G;
      g_autofree double *grid = NULL;

      pl_problem_get_bounds (problem, lower, upper);
      for (guint t = 0; t < pl_problem_get_n_terms (problem); t++)
        for (guint s = 0; s < G_N_ELEMENTS (kinds); s++)
          {
            PlTermKind kind = pl_problem_term_kind (problem, t);
            gsize n = 37, N = pl_problem_term_points (problem, t, kinds[s], n);
            g_autofree double *x = g_new (double, d * N);
            guint axis = 0;
            gboolean upper_side = FALSE, face;

            face = pl_problem_term_face (problem, t, &axis, &upper_side);
            g_assert_cmpint (face, ==, kind != PL_TERM_INTERIOR);
            if (kinds[s] != PL_SAMPLER_GRID)
              g_assert_cmpuint (N, ==, kind == PL_TERM_PERIODIC ? 2 * n : n);
            else
              g_assert_cmpuint (N, <=, kind == PL_TERM_PERIODIC ? 2 * n : n);
            g_assert_true (pl_problem_sample (problem, t, kinds[s], n, &rng, x, NULL));
            for (gsize p = 0; p < N; p++)
              for (guint j = 0; j < d; j++)
                {
                  double v = x[j * N + p];

                  g_assert_cmpfloat (v, >=, lower[j]);
                  g_assert_cmpfloat (v, <=, upper[j]);
                  if (face && j == axis && kind != PL_TERM_PERIODIC)
                    g_assert_cmpfloat (v, ==, upper_side ? upper[j] : lower[j]);
                  if (face && j == axis && kind == PL_TERM_PERIODIC)
                    g_assert_cmpfloat (v, ==, p < N / 2 ? lower[j] : upper[j]);
                  if (kind == PL_TERM_PERIODIC && j != axis && p < N / 2)
                    g_assert_cmpfloat (v, ==, x[j * N + N / 2 + p]);
                }
          }

      /* the evaluation grid: n^d points, corners included, axis 0 fastest */
      G = pl_problem_eval_grid_size (problem, 5);
      g_assert_cmpuint (G, ==, (gsize) pow (5, d));
      grid = g_new (double, d * G);
      pl_problem_eval_grid (problem, 5, grid);
      for (guint j = 0; j < d; j++)
        {
          g_assert_cmpfloat (grid[j * G], ==, lower[j]);
          g_assert_cmpfloat (grid[j * G + G - 1], ==, upper[j]);
        }
      g_assert_cmpfloat_with_epsilon (grid[1], lower[0] + (upper[0] - lower[0]) / 4, 1e-12);
      g_assert_cmpuint (pl_problem_eval_grid_size (problem, 0), ==,
                        (gsize) pow (pl_problem_get_eval_points (problem), d));
    }
}

/* ---- parameters ---------------------------------------------------------------------------- */

static void
test_set_param (void)
{
  g_autoptr(PlProblem) decay = pl_problem_new ("exponential-decay", NULL);
  g_autoptr(PlProblem) damped = pl_problem_new ("damped-oscillator", NULL);
  g_autoptr(PlProblem) lv = pl_problem_new ("lotka-volterra", NULL);
  g_autoptr(GError) error = NULL;
  /* jets (u, u_t) = (2, 0.5) at t = 0.3: r = u_t + k u */
  double x = 0.3, u[2] = { 2, 0.5 }, r, v, v2[2];

  pl_problem_residual (decay, 0, &x, u, 1, &r);
  g_assert_cmpfloat_with_epsilon (r, 0.5 + 1 * 2, 1e-15);
  g_assert_true (pl_problem_set_param (decay, "k", 3, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (pl_problem_get_param_value (decay, pl_problem_find_param (decay, "k")),
                     ==, 3);
  pl_problem_residual (decay, 0, &x, u, 1, &r);
  g_assert_cmpfloat_with_epsilon (r, 0.5 + 3 * 2, 1e-15);
  g_assert_true (pl_problem_exact (decay, &x, 1, &v, NULL));
  g_assert_cmpfloat_with_epsilon (v, exp (-3 * 0.3), 1e-15);

  /* unknown name and non-finite value are refused; the problem keeps its value */
  g_assert_false (pl_problem_set_param (decay, "lambda", 1, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "'lambda'"));
  g_clear_error (&error);
  g_assert_false (pl_problem_set_param (decay, "k", NAN, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "params[0]"));
  g_clear_error (&error);
  pl_problem_residual (decay, 0, &x, u, 1, &r);
  g_assert_cmpfloat_with_epsilon (r, 0.5 + 3 * 2, 1e-15);

  /* the underdamped closed form has no meaning for zeta >= 1: refused, state kept */
  g_assert_false (pl_problem_set_param (damped, "zeta", 1.5, &error));
  g_assert_nonnull (strstr (error->message, "wd"));
  g_clear_error (&error);
  g_assert_cmpfloat (pl_problem_get_param_value (damped, 0), ==, 0.1);
  g_assert_true (pl_problem_set_param (damped, "zeta", 0.3, NULL));
  {
    double xs = 0.4, wd = 2 * G_PI * sqrt (1 - 0.09), want;

    want = exp (-0.3 * 2 * G_PI * 0.4) * (cos (wd * 0.4) + 0.3 * 2 * G_PI / wd * sin (wd * 0.4));
    g_assert_true (pl_problem_exact (damped, &xs, 1, &v, NULL));
    g_assert_cmpfloat_with_epsilon (v, want, 1e-14);
  }

  /* a reference is recomputed for the new value */
  x = 3;
  g_assert_true (pl_problem_exact (lv, &x, 1, u, NULL));
  g_assert_true (pl_problem_set_param (lv, "alpha", 1.0, NULL));
  g_assert_true (pl_problem_exact (lv, &x, 1, v2, NULL));
  g_assert_cmpfloat (fabs (v2[0] - u[0]), >, 1e-3);

  /* a copy carries parameters and settings */
  {
    g_autoptr(PlProblem) copy = NULL;

    g_assert_true (pl_problem_set_hard_constraints (decay, TRUE, NULL));
    copy = pl_problem_copy (decay);
    g_assert_true (pl_problem_get_hard_constraints (copy));
    g_assert_cmpuint (pl_problem_get_n_terms (copy), ==, 1);
    pl_problem_residual (copy, 0, &x, (double[]) { 2, 0.5 }, 1, &r);
    g_assert_cmpfloat_with_epsilon (r, 0.5 + 3 * 2, 1e-15);
  }
}

/* ---- user definitions ---------------------------------------------------------------------- */

/* u' = -2 a t u + f, f = b cos(t) exp(-a t^2), u(0) = u0 on [0, 1.5]:
 * u = exp(-a t^2) (u0 + b sin t). */
static const PlProblemDef gauss_def = {
  .name = "my-ode",
  .axes = "t", .lower = { 0 }, .upper = { 1.5 },
  .params = { { "a", 1 }, { "b", 0.5 }, { "u0", 2 } },
  .derived = { { "two_a", "2*a" } },
  .forcing = { { "f", "b*cos(t)*exp(-a*t^2)" } },
  .terms = {
    { .name = "residual", .kind = PL_TERM_INTERIOR, .equations = { "u_t + two_a*t*u - f" },
      .weight = 1, .n_points = 32 },
    { .name = "ic", .kind = PL_TERM_INITIAL, .equations = { "u - u0" }, .weight = 10,
      .n_points = 1, .hard = TRUE },
  },
  .exact = { "exp(-a*t^2)*(u0 + b*sin(t))" },
  .transform_a = { "u0" }, .transform_b = { "t" },
};

static void
test_user_defined (void)
{
  SolutionCheck check = { "my-ode", 1e-9, 0.02 };
  g_autoptr(PlProblem) problem = NULL;
  g_autoptr(GError) error = NULL;
  PlProblemDef def;
  double t[5] = { 0, 0.2, 0.7, 1.1, 1.5 }, closed[5], ref[5];

  problem = pl_problem_new_from_def (&gauss_def, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pl_problem_get_name (problem), ==, "my-ode");
  g_assert_cmpstr (pl_problem_get_output_name (problem, 0), ==, "u");
  g_assert_cmpfloat (pl_problem_term_weight (problem, 1), ==, 10);
  g_assert_cmpuint (pl_problem_term_default_points (problem, 0), ==, 32);
  g_assert_true (pl_problem_exact (problem, t, 5, closed, NULL));

  /* the same checks as a built-in: the solution satisfies the residual, the transform holds */
  {
    /* check_solution looks problems up by name; run its body on this one via a def copy */
    g_autoptr(PlProblem) p2 = pl_problem_copy (problem);
    double x[8], jets[2 * 8], r[8], w = check.window * 1.5;
    PlRng rng;

    pl_rng_init (&rng, ref_test_seed () + 4);
    g_assert_true (pl_problem_sample (p2, 0, PL_SAMPLER_SOBOL, 8, &rng, x, NULL));
    exact_jets (p2, x, 8, &w, jets);
    pl_problem_residual (p2, 0, x, jets, 8, r);
    for (guint b = 0; b < 8; b++)
      g_assert_cmpfloat (fabs (r[b]), <=, check.tol * (1 + fabs (jets[8 + b])));
  }

  /* "ode-rk": the problem's own residual integrated from its initial condition */
  def = gauss_def;
  def.exact[0] = NULL;
  def.reference = "ode-rk";
  {
    g_autoptr(PlProblem) rk = pl_problem_new_from_def (&def, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pl_problem_get_reference (rk), ==, "ode-rk");
    g_assert_true (pl_problem_exact (rk, t, 5, ref, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < 5; i++)
      g_assert_cmpfloat_with_epsilon (ref[i], closed[i], 1e-11);
    /* outside the integrated interval there is no reference */
    g_assert_false (pl_problem_exact (rk, (double[]) { 1.6 }, 1, ref, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  /* a second-order ODE by ode-rk against the damped oscillator's closed form */
  {
    PlProblemDef osc = *pl_problem_builtin_def ("damped-oscillator");
    g_autoptr(PlProblem) closed_form = pl_problem_new ("damped-oscillator", NULL);
    g_autoptr(PlProblem) rk = NULL;
    double ts[7] = { 0, 0.05, 0.3, 0.5, 0.77, 0.9, 1.0 }, a[7], b[7];

    osc.exact[0] = NULL;
    osc.reference = "ode-rk";
    rk = pl_problem_new_from_def (&osc, &error);
    g_assert_no_error (error);
    g_assert_true (pl_problem_exact (rk, ts, 7, a, &error));
    g_assert_no_error (error);
    g_assert_true (pl_problem_exact (closed_form, ts, 7, b, NULL));
    for (guint i = 0; i < 7; i++)
      g_assert_cmpfloat_with_epsilon (a[i], b[i], 1e-11);

    /* coarse knots: the error shows, within the Hermite bound h^4/384 max|u''''| */
    {
      PlProblemResolution coarse = { .n_time = 49 };
      double worst = 0;

      pl_problem_set_resolution (rk, &coarse);
      g_assert_true (pl_problem_exact (rk, ts, 7, a, NULL));
      for (guint i = 0; i < 7; i++)
        worst = MAX (worst, fabs (a[i] - b[i]));
      g_test_message ("ode-rk with 49 knots: error %.2e", worst);
      g_assert_cmpfloat (worst, >, 1e-10);
      g_assert_cmpfloat (worst, <, pow (1.0 / 48, 4) / 384 * pow (2 * G_PI, 4));
    }
  }
}

/* ---- bad definitions ----------------------------------------------------------------------- */

typedef struct {
  const char *what;
  void      (*spoil) (PlProblemDef *def);
  gint        code;
  const char *field;    /* must appear in the message */
  const char *detail;   /* and this */
} BadCase;

static void spoil_unknown_var (PlProblemDef *d) { d->terms[0].equations[0] = "u_t + a*w"; }
static void spoil_fourth (PlProblemDef *d) { d->terms[0].equations[0] = "u_tttt + u"; }
static void spoil_mixed_third (PlProblemDef *d)
{
  d->axes = "xt";
  d->lower[1] = 0;
  d->upper[1] = 1;
  d->exact[0] = NULL;
  d->transform_a[0] = d->transform_b[0] = NULL;
  d->terms[1].hard = FALSE;
  d->terms[0].equations[0] = "u_t + u_xxt";
}
static void spoil_empty (PlProblemDef *d) { d->terms[0].equations[0] = "  "; }
static void spoil_no_equation (PlProblemDef *d) { d->terms[0].equations[0] = NULL; }
static void spoil_bounds (PlProblemDef *d) { d->lower[0] = 2; }
static void spoil_face (PlProblemDef *d) { d->terms[1].kind = PL_TERM_BOUNDARY;
                                           d->terms[1].face = "z=lower"; }
static void spoil_side (PlProblemDef *d) { d->terms[1].face = "t=middle"; }
static void spoil_reference (PlProblemDef *d) { d->exact[0] = NULL; d->reference = "magic"; }
static void spoil_nan (PlProblemDef *d) { d->params[0].value = NAN; }
static void spoil_exact (PlProblemDef *d) { d->exact[0] = "exp(-a*t^2"; }
static void spoil_transform (PlProblemDef *d) { d->transform_b[0] = "t*u"; }
static void spoil_hard (PlProblemDef *d) { d->transform_a[0] = d->transform_b[0] = NULL; }
static void spoil_param_name (PlProblemDef *d) { d->params[1].name = "u_t"; }
static void spoil_rk_ic (PlProblemDef *d) { d->exact[0] = NULL; d->reference = "ode-rk";
                                            d->terms[1].equations[0] = "u_t - 1"; }
static void spoil_burgers (PlProblemDef *d) { d->exact[0] = NULL;
                                              d->reference = "burgers-cole-hopf"; }

static const BadCase bad_cases[] = {
  { "unknown variable", spoil_unknown_var, PL_ERROR_PARSE, "terms[0] ('residual')", "'w'" },
  { "fourth derivative", spoil_fourth, PL_ERROR_INVALID_ARGUMENT, "terms[0] ('residual')",
    "u_tttt" },
  { "mixed third derivative", spoil_mixed_third, PL_ERROR_INVALID_ARGUMENT, "equations[0]",
    "u_xxt" },
  { "empty residual", spoil_empty, PL_ERROR_INVALID_ARGUMENT, "terms[0] ('residual')",
    "empty" },
  { "no equation", spoil_no_equation, PL_ERROR_INVALID_ARGUMENT, "terms[0] ('residual')",
    "no equations" },
  { "lower >= upper", spoil_bounds, PL_ERROR_INVALID_ARGUMENT, "lower[0]", "below" },
  { "unknown face", spoil_face, PL_ERROR_INVALID_ARGUMENT, "terms[1] ('ic')", "z=lower" },
  { "unknown side", spoil_side, PL_ERROR_INVALID_ARGUMENT, "terms[1] ('ic')", "t=middle" },
  { "unknown reference", spoil_reference, PL_ERROR_INVALID_ARGUMENT, "reference", "magic" },
  { "NaN parameter", spoil_nan, PL_ERROR_INVALID_ARGUMENT, "params[0] ('a')", "nan" },
  { "bad exact", spoil_exact, PL_ERROR_PARSE, "exact[0]", "')'" },
  { "field in transform", spoil_transform, PL_ERROR_PARSE, "transform_b[0]", "'u'" },
  { "hard without transform", spoil_hard, PL_ERROR_INVALID_ARGUMENT, "terms", "transform" },
  { "parameter shadows a field", spoil_param_name, PL_ERROR_INVALID_ARGUMENT, "params[1]",
    "u_t" },
  { "ode-rk with the highest derivative in the ic", spoil_rk_ic, PL_ERROR_INVALID_ARGUMENT,
    "reference", "highest derivative" },
  { "burgers reference on an ODE", spoil_burgers, PL_ERROR_INVALID_ARGUMENT, "reference",
    "\"xt\"" },
};

static void
test_bad_definitions (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      PlProblemDef def = gauss_def;
      g_autoptr(GError) error = NULL;
      g_autoptr(PlProblem) problem = NULL;

      def.name = "bad-ode";
      bad_cases[i].spoil (&def);
      problem = pl_problem_new_from_def (&def, &error);
      g_assert_null (problem);
      g_assert_nonnull (error);
      g_test_message ("%s: %s", bad_cases[i].what, error->message);
      if (error->code != bad_cases[i].code || !strstr (error->message, "problem 'bad-ode'") ||
          !strstr (error->message, bad_cases[i].field) ||
          !strstr (error->message, bad_cases[i].detail))
        g_error ("%s: unexpected error %d \"%s\"", bad_cases[i].what, error->code,
                 error->message);
    }
}

/* ---- the KdV closed form against the reference module's soliton ------------------------------ */

static void
test_kdv_reference (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("kdv-soliton", NULL);
  enum { N = 64 };
  double x[2 * N], u[N], v[N];
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 5);
  g_assert_true (pl_problem_sample (problem, 0, PL_SAMPLER_LATIN_HYPERCUBE, N, &rng, x, NULL));
  g_assert_true (pl_problem_exact (problem, x, N, u, NULL));
  g_assert_true (pl_kdv_soliton (4, -2, N, x, x + N, v, NULL));
  for (guint i = 0; i < N; i++)
    g_assert_cmpfloat_with_epsilon (u[i], v[i], 1e-14);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Problem/fornberg", test_fornberg);
  g_test_add_func ("/Plateau/Problem/table", test_table);
  for (guint i = 0; i < G_N_ELEMENTS (solution_checks); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Plateau/Problem/solution/%s",
                                               solution_checks[i].name);
      g_test_add_data_func (path, &solution_checks[i], test_solutions);
    }
  g_test_add_func ("/Plateau/Problem/residual-adjoint", test_residual_adjoint);
  g_test_add_func ("/Plateau/Problem/transform", test_transform);
  g_test_add_func ("/Plateau/Problem/sampling", test_sampling);
  g_test_add_func ("/Plateau/Problem/set-param", test_set_param);
  g_test_add_func ("/Plateau/Problem/user-defined", test_user_defined);
  g_test_add_func ("/Plateau/Problem/bad-definitions", test_bad_definitions);
  g_test_add_func ("/Plateau/Problem/kdv-reference", test_kdv_reference);

  return g_test_run ();
}
