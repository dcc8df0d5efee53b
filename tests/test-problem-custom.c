/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-problem-custom.c: problems defined by the user.
 *
 *  - A user-defined ODE with a closed form: its solution satisfies its residual (jets from
 *    finite differences of the closed form, tests/reference-jet.c), its settings are kept,
 *    and the "ode-rk" reference integrated from its residual matches the closed form, as it
 *    does for the damped oscillator (with the error of coarse knots within the Hermite bound).
 *  - Bad definitions are refused with errors naming the problem, the field and the detail.
 */
#include <plateau/plateau.h>

#include "reference-jet.h"
#include "reference.h"

#include <math.h>
#include <string.h>

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
  /* the tolerance and difference window test-problem.c uses for closed forms */
  const double tol = 1e-9, window = 0.02;
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
    /* test-problem.c's check_solution looks problems up by name; its core, on this one */
    g_autoptr(PlProblem) p2 = pl_problem_copy (problem);
    double x[8], jets[2 * 8], r[8], w = window * 1.5;
    PlRng rng;

    pl_rng_init (&rng, ref_test_seed () + 4);
    g_assert_true (pl_problem_sample (p2, 0, PL_SAMPLER_SOBOL, 8, &rng, x, NULL));
    ref_problem_exact_jets (p2, x, 8, &w, jets);
    pl_problem_residual (p2, 0, x, jets, 8, r);
    for (guint b = 0; b < 8; b++)
      g_assert_cmpfloat (fabs (r[b]), <=, tol * (1 + fabs (jets[8 + b])));
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Problem/user-defined", test_user_defined);
  g_test_add_func ("/Plateau/Problem/bad-definitions", test_bad_definitions);

  return g_test_run ();
}
