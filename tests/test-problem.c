/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-problem.c: the built-in problems against independent oracles.
 *
 *  - Every built-in exact or reference solution satisfies its own residual and conditions:
 *    the jets of the solution come from finite differences of pl_problem_exact () (weights of
 *    Fornberg's algorithm on Chebyshev nodes in a small window, one axis at a time, in
 *    tests/reference-jet.c; the weights are checked here on a cubic), so this checks the
 *    residual strings and the solutions against each other.
 *  - The table of problems, sampling geometry (points inside the box, on their faces, periodic
 *    pairs matched), the evaluation grid, parameters (residuals and closed forms follow them,
 *    bad values are refused) and the KdV closed form against pl_kdv_soliton.
 *
 * Residual adjoints and the hard-constraint transform are in test-problem-adjoint.c, user
 * definitions and their errors in test-problem-custom.c.
 */
#include <plateau/plateau.h>

#include "reference-jet.h"
#include "reference.h"

#include <math.h>
#include <string.h>

/* ---- finite-difference jets ---------------------------------------------------------------- */

static void
test_fornberg (void)
{
  double x[5] = { -0.3, 0.1, 0.2, 0.7, 1.1 }, c[5 * 4], d[4] = { 0 };

  /* f = z^3 - 2 z at z = 0.4: f = -0.736, f' = -1.52, f'' = 2.4, f''' = 6 */
  ref_fornberg (0.4, x, 5, 3, c);
  for (guint i = 0; i < 5; i++)
    for (guint k = 0; k < 4; k++)
      d[k] += c[i * 4 + k] * (x[i] * x[i] * x[i] - 2 * x[i]);
  g_assert_cmpfloat_with_epsilon (d[0], -0.736, 1e-13);
  g_assert_cmpfloat_with_epsilon (d[1], -1.52, 1e-12);
  g_assert_cmpfloat_with_epsilon (d[2], 2.4, 1e-11);
  g_assert_cmpfloat_with_epsilon (d[3], 6.0, 1e-10);
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
      ref_problem_exact_jets (problem, x, B, w, jets);
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
  g_test_add_func ("/Plateau/Problem/sampling", test_sampling);
  g_test_add_func ("/Plateau/Problem/set-param", test_set_param);
  g_test_add_func ("/Plateau/Problem/kdv-reference", test_kdv_reference);

  return g_test_run ();
}
