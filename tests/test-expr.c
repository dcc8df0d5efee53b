/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-expr: the expression parser, evaluator and differentiator against independent oracles:
 * the same formulas written directly in C with <math.h>, hand-derived values for precedence,
 * finite differences of the parsed expression for derivatives.
 */
#include <plateau/plateau.h>
#include "reference.h"

#include <math.h>
#include <string.h>

#define N_VARS 3  /* x, y, t */

typedef double (*RefFn) (const double *v);

#define REF(name, c_expr) \
  static double name (const double *v) \
  { double x = v[0], y = v[1], t = v[2]; (void) x; (void) y; (void) t; return (c_expr); }

REF (r_sum, x + y - t)
REF (r_prod, x * y / t)
REF (r_poly, 3 * x * x * x - 2 * x * y + 0.5)
REF (r_pow, pow (x, y))
REF (r_powc, pow (x, 2.5) + pow (y, -1.5))
REF (r_sin, sin (x) * cos (y) + tan (t))
REF (r_inv, asin (x) + acos (y) + atan (t))
REF (r_hyp, sinh (x) - cosh (y) * tanh (t))
REF (r_sech, 1.0 / cosh (x * y))
REF (r_ihyp, asinh (x) + acosh (y + 2) + atanh (t))
REF (r_explog, exp (x) * log (y) + sqrt (t))
REF (r_erf, erf (x - y) + fabs (t))
REF (r_atan2, atan2 (y, x) + atan2 (x, 2.0))
REF (r_sign, (x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0) * y)
REF (r_nest, exp (sin (x * y) / (1 + t * t)))
REF (r_burgers, -sin (G_PI * x) * exp (-t) + 0.01 / G_PI * x * y)
REF (r_const, G_E * x - G_PI)
REF (r_unary, -x * y - (-t))
REF (r_neg_pow, -pow (x, 2) + pow (-y, 2))
REF (r_chain, x / y / t - x - y - t)
REF (r_tower, pow (x, pow (y, t)))

typedef struct {
  const char *text;
  RefFn       ref;
  double      lo, hi;  /* inputs drawn uniformly from [lo, hi] */
} ValueCase;

static const ValueCase value_cases[] = {
  { "x + y - t", r_sum, -3, 3 },
  { "x*y/t", r_prod, 0.5, 3 },
  { "3*x^3 - 2*x*y + 0.5", r_poly, -2, 2 },
  { "x^y", r_pow, 0.1, 3 },
  { "x**2.5 + y^-1.5", r_powc, 0.1, 3 },
  { "sin(x)*cos(y) + tan(t)", r_sin, -1.2, 1.2 },
  { "asin(x) + acos(y) + atan(t)", r_inv, -0.9, 0.9 },
  { "sinh(x) - cosh(y)*tanh(t)", r_hyp, -3, 3 },
  { "sech(x*y)", r_sech, -3, 3 },
  { "asinh(x) + acosh(y + 2) + atanh(t)", r_ihyp, -0.9, 0.9 },
  { "exp(x)*log(y) + sqrt(t)", r_explog, 0.1, 4 },
  { "erf(x - y) + abs(t)", r_erf, -2, 2 },
  { "atan2(y, x) + atan2(x, 2)", r_atan2, -2, 2 },
  { "sign(x)*y", r_sign, -2, 2 },
  { "exp(sin(x*y)/(1 + t^2))", r_nest, -2, 2 },
  { "-sin(pi*x)*exp(-t) + 0.01/pi*x*y", r_burgers, -1, 1 },
  { "e*x - pi", r_const, -1, 1 },
  { "-x*y - (-t)", r_unary, -2, 2 },
  { "-x^2 + (-y)^2", r_neg_pow, -2, 2 },
  { "x/y/t - x - y - t", r_chain, 0.5, 2 },
  { "pow(x, y^t)", r_tower, 0.5, 2 },
};

static PlExprContext *
xyt_context (void)
{
  PlExprContext *ctx = pl_expr_context_new ();

  g_assert_true (pl_expr_context_add_variable (ctx, "x", NULL));
  g_assert_true (pl_expr_context_add_variable (ctx, "y", NULL));
  g_assert_true (pl_expr_context_add_variable (ctx, "t", NULL));
  return ctx;
}

/* A context whose limits let printed derivatives parse back. */
static PlExprContext *
xyt_context_large (void)
{
  PlExprContext *ctx = xyt_context ();

  pl_expr_context_set_limits (ctx, 1 << 24, PL_EXPR_MAX_DEPTH, PL_EXPR_MAX_NODES);
  return ctx;
}

static PlExpr *
parse_ok (const PlExprContext *ctx,
          const char          *text)
{
  g_autoptr(GError) error = NULL;
  PlExpr *expr = pl_expr_parse (ctx, text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (expr);
  return expr;
}

static void
assert_close (double      got,
              double      want,
              double      tol,
              const char *what)
{
  if (!(fabs (got - want) <= tol))
    g_error ("%s: got %.17g, want %.17g (tolerance %g)", what, got, want, tol);
}

static void
random_point (PlRng  *rng,
              double  lo,
              double  hi,
              double *v)
{
  for (guint k = 0; k < N_VARS; k++)
    v[k] = lo + (hi - lo) * pl_rng_uniform (rng);
}

/* --- values ----------------------------------------------------------------------------- */

static void
test_values (void)
{
  g_autoptr(PlExprContext) ctx = xyt_context ();
  static const gsize batches[] = { 1, 7, 128, 129, 1000 };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  for (guint c = 0; c < G_N_ELEMENTS (value_cases); c++)
    {
      const ValueCase *vc = &value_cases[c];
      g_autoptr(PlExpr) expr = parse_ok (ctx, vc->text);

      for (guint bi = 0; bi < G_N_ELEMENTS (batches); bi++)
        {
          gsize batch = batches[bi];
          g_autofree double *in = g_new (double, N_VARS * batch);
          g_autofree double *out = g_new (double, batch);
          const double *vars[N_VARS];

          for (gsize i = 0; i < batch; i++)
            for (guint k = 0; k < N_VARS; k++)
              in[k * batch + i] = vc->lo + (vc->hi - vc->lo) * pl_rng_uniform (&rng);
          for (guint k = 0; k < N_VARS; k++)
            vars[k] = in + k * batch;
          pl_expr_eval (expr, vars, batch, out);

          for (gsize i = 0; i < batch; i++)
            {
              double v[N_VARS] = { vars[0][i], vars[1][i], vars[2][i] };
              double want = vc->ref (v);

              assert_close (out[i], want, 1e-13 * MAX (1.0, fabs (want)), vc->text);
              /* The single-point path agrees exactly with the batch. */
              g_assert_cmpfloat (pl_expr_eval_point (expr, v), ==, out[i]);
            }
        }
    }
}

static void
test_precedence (void)
{
  g_autoptr(PlExprContext) ctx = xyt_context ();
  static const struct { const char *text; double want; } cases[] = {
    { "2^3^2", 512 },           /* right associative: 2^(3^2) */
    { "2**3**2", 512 },
    { "(2^3)^2", 64 },
    { "-2^2", -4 },             /* the power binds tighter than unary minus */
    { "(-2)^2", 4 },
    { "2^-1", 0.5 },
    { "2^-1^2", 0.5 },          /* 2^(-(1^2)) */
    { "-2^-2", -0.25 },
    { "2 + 3*4", 14 },
    { "(2 + 3)*4", 20 },
    { "2*3 + 4", 10 },
    { "8/4/2", 1 },             /* left associative */
    { "8-4-2", 2 },
    { "8 - (4 - 2)", 6 },
    { "-3*-2", 6 },
    { "--3", 3 },
    { "+-+3", -3 },
    { "2*-3^2", -18 },
    { "1e-3*1000", 1 },
    { ".5 + 1.", 1.5 },
    { "2.5E+1", 25 },
    { "pow(2, 10)", 1024 },
    { "1/0 - 1/0 + 7", NAN },   /* inf - inf stays unfolded and evaluates to NaN */
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(PlExpr) expr = parse_ok (ctx, cases[c].text);
      double got = pl_expr_eval_point (expr, (const double[]) { 0, 0, 0 });

      if (isnan (cases[c].want))
        g_assert_true (isnan (got));
      else
        assert_close (got, cases[c].want, 0.0, cases[c].text);
    }
}

static void
test_constants (void)
{
  g_autoptr(PlExprContext) ctx = pl_expr_context_new ();
  g_autoptr(PlExpr) expr = NULL;
  double value;

  g_assert_true (pl_expr_context_add_variable (ctx, "x", NULL));
  g_assert_true (pl_expr_context_add_constant (ctx, "nu", 0.01, NULL));
  g_assert_true (pl_expr_context_add_constant (ctx, "k", 3.0, NULL));
  expr = parse_ok (ctx, "nu*k + pi + e + x");
  /* Changing the context afterwards does not change a parsed expression. */
  pl_expr_context_free (g_steal_pointer (&ctx));
  assert_close (pl_expr_eval_point (expr, (const double[]) { 2.0 }),
                0.01 * 3.0 + G_PI + G_E + 2.0, 1e-15, "constants");
  g_assert_false (pl_expr_is_constant (expr, &value));
}

/* --- derivatives ------------------------------------------------------------------------ */

static const struct {
  const char *text;
  double      lo, hi;
} diff_cases[] = {
  { "x*y*t", -2, 2 },
  { "x/y", 0.5, 2 },
  { "(x + y)/(x*t + 1)", 0.2, 2 },
  { "sin(x*y)*exp(-t)", -2, 2 },
  { "x^3 - 2*x^2*y + y^4", -2, 2 },
  { "x^y", 0.3, 2 },
  { "2^x*3^(y*t)", -1, 1 },
  { "(x*y)^(t + 1)", 0.3, 2 },
  { "pow(x, t)*pow(t, x)", 0.3, 2 },
  { "sqrt(x*x + y*y + t)", 0.2, 2 },
  { "log(x*y + t)", 0.2, 2 },
  { "tan(x) + atan(y*t)", -1, 1 },
  { "asin(x/2) + acos(y/2) + atan(t)", -1, 1 },
  { "sinh(x)*cosh(y) + tanh(x*t)", -2, 2 },
  { "sech(x - y)^2 + tanh(t)^3", -2, 2 },
  { "asinh(x) + acosh(y + 2.5) + atanh(t/2)", -1, 1 },
  { "erf(x*y) - exp(-t^2)", -1.5, 1.5 },
  { "atan2(y, x) + atan2(x*t, y + 3)", 0.3, 2 },
  { "abs(x)*y + sign(t)*t", 0.2, 2 },
  { "exp(sin(x)^2)/(1 + y^2)^t", -1.5, 1.5 },
  { "1/(1 + exp(-(x*y + t)))", -2, 2 },
  { "x^-2 + y^0.5 + t^(1/3)", 0.3, 2 },
  { "-x*(-y) - -t", -2, 2 },
  { "cos(pi*x)*sin(e*y) - (x - y)*(x - t)", -1, 1 },
};

/* Fourth-order central difference of @expr in variable @k at @v. */
static double
fd_first (PlExpr       *expr,
          const double *v,
          guint         k,
          double        h)
{
  double w[N_VARS], f[4];
  static const double off[4] = { -2, -1, 1, 2 };

  for (guint s = 0; s < 4; s++)
    {
      memcpy (w, v, sizeof w);
      w[k] += off[s] * h;
      f[s] = pl_expr_eval_point (expr, w);
    }
  return (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h);
}

/* Second differences: (k, k) fourth order, (k, m) the four-point cross stencil. */
static double
fd_second (PlExpr       *expr,
           const double *v,
           guint         k,
           guint         m,
           double        h)
{
  double w[N_VARS];

  if (k == m)
    {
      static const double off[5] = { -2, -1, 0, 1, 2 }, c[5] = { -1, 16, -30, 16, -1 };
      double sum = 0;

      for (guint s = 0; s < 5; s++)
        {
          memcpy (w, v, sizeof w);
          w[k] += off[s] * h;
          sum += c[s] * pl_expr_eval_point (expr, w);
        }
      return sum / (12 * h * h);
    }
  else
    {
      double sum = 0;

      for (int sk = -1; sk <= 1; sk += 2)
        for (int sm = -1; sm <= 1; sm += 2)
          {
            memcpy (w, v, sizeof w);
            w[k] += sk * h;
            w[m] += sm * h;
            sum += sk * sm * pl_expr_eval_point (expr, w);
          }
      return sum / (4 * h * h);
    }
}

static void
test_diff_first (void)
{
  g_autoptr(PlExprContext) ctx = xyt_context ();
  static const char * const names[N_VARS] = { "x", "y", "t" };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 1);
  for (guint c = 0; c < G_N_ELEMENTS (diff_cases); c++)
    {
      g_autoptr(PlExpr) expr = parse_ok (ctx, diff_cases[c].text);

      for (guint k = 0; k < N_VARS; k++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(PlExpr) d = pl_expr_diff (expr, names[k], &error);

          g_assert_no_error (error);
          for (guint trial = 0; trial < 20; trial++)
            {
              double v[N_VARS], got, want, scale;

              random_point (&rng, diff_cases[c].lo, diff_cases[c].hi, v);
              got = pl_expr_eval_point (d, v);
              want = fd_first (expr, v, k, 1e-3);
              scale = 1.0 + fabs (want) + fabs (pl_expr_eval_point (expr, v));
              if (!(fabs (got - want) <= 1e-7 * scale))
                g_error ("d/d%s %s at (%g, %g, %g): %.15g, finite difference %.15g",
                         names[k], diff_cases[c].text, v[0], v[1], v[2], got, want);
            }
        }
    }
}

static void
test_diff_second (void)
{
  g_autoptr(PlExprContext) ctx = xyt_context ();
  static const char * const names[N_VARS] = { "x", "y", "t" };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 2);
  for (guint c = 0; c < G_N_ELEMENTS (diff_cases); c++)
    {
      g_autoptr(PlExpr) expr = parse_ok (ctx, diff_cases[c].text);

      for (guint k = 0; k < N_VARS; k++)
        for (guint m = k; m < N_VARS; m++)
          {
            g_autoptr(PlExpr) dk = pl_expr_diff (expr, names[k], NULL);
            g_autoptr(PlExpr) dkm = pl_expr_diff (dk, names[m], NULL);

            g_assert_nonnull (dkm);
            for (guint trial = 0; trial < 5; trial++)
              {
                double v[N_VARS], got, want, scale;

                random_point (&rng, diff_cases[c].lo, diff_cases[c].hi, v);
                got = pl_expr_eval_point (dkm, v);
                want = fd_second (expr, v, k, m, k == m ? 2e-3 : 1e-4);
                scale = 1.0 + fabs (want) + fabs (pl_expr_eval_point (expr, v));
                if (!(fabs (got - want) <= 2e-5 * scale))
                  g_error ("d2/d%sd%s %s at (%g, %g, %g): %.15g, finite difference %.15g",
                           names[k], names[m], diff_cases[c].text, v[0], v[1], v[2], got, want);
              }
          }
    }
}

static void
test_diff_simplify (void)
{
  g_autoptr(PlExprContext) ctx = xyt_context ();
  static const struct { const char *text, *var; double value; } constant_cases[] = {
    { "3*x", "x", 3 },
    { "x*y", "t", 0 },
    { "x + x + x - 2*x", "x", 1 },
    { "(2*x + 1)/4", "x", 0.5 },
    { "-(-(x))", "x", 1 },
    { "5", "x", 0 },
  };
  static const struct { const char *text, *var; guint max_nodes; } size_cases[] = {
    { "x^2", "x", 3 },                  /* 2*x */
    { "exp(2*x)", "x", 5 },             /* 2*exp(2*x) */
    { "sin(x)", "x", 2 },               /* cos(x) */
    { "x*y", "x", 1 },                  /* y */
    { "x^3*y", "y", 3 },                /* x^3 */
  };

  for (guint c = 0; c < G_N_ELEMENTS (constant_cases); c++)
    {
      g_autoptr(PlExpr) expr = parse_ok (ctx, constant_cases[c].text);
      g_autoptr(PlExpr) d = pl_expr_diff (expr, constant_cases[c].var, NULL);
      double value = NAN;

      g_assert_true (pl_expr_is_constant (d, &value));
      assert_close (value, constant_cases[c].value, 0.0, constant_cases[c].text);
      g_assert_cmpuint (pl_expr_get_n_nodes (d), ==, 1);
    }
  for (guint c = 0; c < G_N_ELEMENTS (size_cases); c++)
    {
      g_autoptr(PlExpr) expr = parse_ok (ctx, size_cases[c].text);
      g_autoptr(PlExpr) d = pl_expr_diff (expr, size_cases[c].var, NULL);

      if (pl_expr_get_n_nodes (d) > size_cases[c].max_nodes)
        {
          g_autofree char *s = pl_expr_to_string (d);
          g_error ("d/d%s %s = %s has %u nodes, expected at most %u", size_cases[c].var,
                   size_cases[c].text, s, pl_expr_get_n_nodes (d), size_cases[c].max_nodes);
        }
    }

  /* Equal subexpressions are stored once. */
  {
    g_autoptr(PlExpr) expr = parse_ok (ctx, "sin(x)*sin(x) + sin(x)");

    g_assert_cmpuint (pl_expr_get_n_nodes (expr), ==, 4);
  }
}

/* The PDE use: a Burgers residual in u and its derivatives, differentiated for backprop. */
static void
test_diff_residual (void)
{
  g_autoptr(PlExprContext) ctx = pl_expr_context_new ();
  g_autoptr(PlExpr) r = NULL;
  g_auto(GStrv) used = NULL;
  static const char * const want_used[] = { "u", "u_x", "u_t", "u_xx", NULL };
  double value, v[8];
  PlRng rng;

  g_assert_true (pl_expr_context_add_constant (ctx, "nu", 0.01, NULL));
  g_assert_true (pl_expr_context_add_derivatives (ctx, "u", "xt", 2, NULL));
  g_assert_cmpuint (pl_expr_context_get_n_variables (ctx), ==, 8);
  g_assert_cmpint (pl_expr_context_find_variable (ctx, "u_xt"), ==, 6);
  g_assert_cmpint (pl_expr_context_find_variable (ctx, "u_tt"), ==, 7);

  r = parse_ok (ctx, "u_t + u*u_x - nu*u_xx");
  used = pl_expr_list_used_variables (r);
  g_assert_cmpstrv (used, want_used);
  g_assert_false (pl_expr_uses_variable (r, 0));
  g_assert_true (pl_expr_uses_variable (r, 2));

  pl_rng_init (&rng, ref_test_seed () + 3);
  for (guint i = 0; i < 8; i++)
    v[i] = pl_rng_normal (&rng);

  {
    g_autoptr(PlExpr) d = pl_expr_diff (r, "u", NULL);     /* = u_x */
    g_assert_cmpfloat (pl_expr_eval_point (d, v), ==, v[3]);
  }
  {
    g_autoptr(PlExpr) d = pl_expr_diff (r, "u_x", NULL);   /* = u */
    g_assert_cmpfloat (pl_expr_eval_point (d, v), ==, v[2]);
  }
  {
    g_autoptr(PlExpr) d = pl_expr_diff (r, "u_xx", NULL);  /* = -nu */
    g_assert_true (pl_expr_is_constant (d, &value));
    g_assert_cmpfloat (value, ==, -0.01);
  }
  {
    g_autoptr(PlExpr) d = pl_expr_diff (r, "u_t", NULL);   /* = 1 */
    g_assert_true (pl_expr_is_constant (d, &value));
    g_assert_cmpfloat (value, ==, 1.0);
  }
  {
    g_autoptr(PlExpr) d = pl_expr_diff (r, "u_tt", NULL);  /* declared but unused */
    g_assert_true (pl_expr_is_constant (d, &value));
    g_assert_cmpfloat (value, ==, 0.0);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PlExpr) d = pl_expr_diff (r, "nu", &error);

    g_assert_null (d);
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "'nu'"));
  }
}

/* --- printing --------------------------------------------------------------------------- */

static gboolean
same_bits (double a,
           double b)
{
  return (isnan (a) && isnan (b)) || memcmp (&a, &b, sizeof a) == 0;
}

/* Print @expr, parse it back in @ctx, and require bit-identical values at @n points and a
 * printed form that is a fixed point. */
static void
check_round_trip (PlExprContext *ctx,
                  PlExpr        *expr,
                  PlRng         *rng,
                  double         lo,
                  double         hi)
{
  g_autofree char *text = pl_expr_to_string (expr);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlExpr) back = pl_expr_parse (ctx, text, &error);
  g_autofree char *text2 = NULL;

  if (back == NULL)
    g_error ("printed '%s' does not parse: %s", text, error->message);
  text2 = pl_expr_to_string (back);
  g_assert_cmpstr (text, ==, text2);
  g_assert_cmpuint (pl_expr_get_n_nodes (back), ==, pl_expr_get_n_nodes (expr));
  for (guint trial = 0; trial < 10; trial++)
    {
      double v[N_VARS], a, b;

      random_point (rng, lo, hi, v);
      a = pl_expr_eval_point (expr, v);
      b = pl_expr_eval_point (back, v);
      if (!same_bits (a, b))
        g_error ("'%s' gives %.17g, printed as '%s' it gives %.17g", text, a, text2, b);
    }
}

static void
test_to_string (void)
{
  g_autoptr(PlExprContext) ctx = xyt_context_large ();
  static const char * const names[N_VARS] = { "x", "y", "t" };
  static const char * const extra[] = {
    "x - (y - t)", "x/(y/t)", "x + (y + t)", "x*(y*t)", "(x^y)^t", "x^y^t", "(-x)^2",
    "-x^2", "x^-y", "x*-y", "x - -y", "-(x + y)", "-(x*y)", "-x*y", "2^-3*x", "1e300*1e300*x",
    "x*1e-320", "0.1 + x", "-0*x", "x/0", "1/3*x", "sin(x)^-1", "pow(-x, -y)", "atan2(-x, y)",
  };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 4);
  for (guint c = 0; c < G_N_ELEMENTS (value_cases); c++)
    {
      g_autoptr(PlExpr) expr = parse_ok (ctx, value_cases[c].text);

      check_round_trip (ctx, expr, &rng, value_cases[c].lo, value_cases[c].hi);
    }
  for (guint c = 0; c < G_N_ELEMENTS (extra); c++)
    {
      g_autoptr(PlExpr) expr = parse_ok (ctx, extra[c]);

      check_round_trip (ctx, expr, &rng, 0.5, 2);
    }
  for (guint c = 0; c < G_N_ELEMENTS (diff_cases); c++)
    {
      g_autoptr(PlExpr) expr = parse_ok (ctx, diff_cases[c].text);

      for (guint k = 0; k < N_VARS; k++)
        {
          g_autoptr(PlExpr) d = pl_expr_diff (expr, names[k], NULL);
          g_autoptr(PlExpr) d2 = pl_expr_diff (d, names[(k + 1) % N_VARS], NULL);

          check_round_trip (ctx, d, &rng, diff_cases[c].lo, diff_cases[c].hi);
          check_round_trip (ctx, d2, &rng, diff_cases[c].lo, diff_cases[c].hi);
        }
    }
}

/* --- errors ----------------------------------------------------------------------------- */

static void
assert_parse_error (const PlExprContext *ctx,
                    const char          *text,
                    gsize                column,
                    const char          *detail)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlExpr) expr = pl_expr_parse (ctx, text, &error);
  g_autofree char *at = g_strdup_printf ("at column %" G_GSIZE_FORMAT, column);

  g_assert_null (expr);
  g_assert_error (error, PL_ERROR, PL_ERROR_PARSE);
  if (strstr (error->message, at) == NULL || strstr (error->message, detail) == NULL
      || !g_str_has_prefix (error->message, "expression '"))
    g_error ("parsing '%.40s' gave \"%s\"; expected \"%s\" and \"%s\"",
             text, error->message, at, detail);
}

static void
test_errors (void)
{
  g_autoptr(PlExprContext) ctx = xyt_context ();
  static const struct { const char *text; gsize column; const char *detail; } cases[] = {
    { "sin(x", 6, "missing ')'" },
    { "(x + 1", 7, "the '(' at column 1 is not closed" },
    { "((x)", 5, "missing ')'" },
    { "x + 1)", 6, "unmatched ')'" },
    { "()", 2, "unexpected ')'" },
    { "z + 1", 1, "unknown name 'z'" },
    { "x + zeta", 5, "allowed names: x, y, t, pi, e" },
    { "x + foo(2)", 5, "unknown function 'foo'" },
    { "bar(x)", 1, "functions: sin, cos" },
    { "x(2)", 1, "'x' is not a function" },
    { "sin", 1, "function 'sin' needs its argument in parentheses" },
    { "pow(x)", 1, "function 'pow' takes 2 arguments, not 1" },
    { "x*sin(x, y)", 3, "function 'sin' takes 1 argument, not 2" },
    { "cos()", 1, "takes 1 argument, not 0" },
    { "atan2(x, y, t)", 1, "takes 2 arguments, not 3" },
    { "", 1, "empty expression" },
    { "   \t ", 1, "empty expression" },
    { "x y", 3, "unexpected 'y'" },
    { "2x", 2, "unexpected 'x'" },
    { "x +", 4, "unexpected end of expression" },
    { "-", 2, "unexpected end of expression" },
    { "x $ 1", 3, "unexpected '$'" },
    { "x + \xc3\xa9", 5, "unexpected byte 0xC3" },
    { "x * * y", 5, "unexpected '*'" },
    { "**x", 1, "unexpected '**'" },
    { "x,y", 2, "unexpected ','" },
    { "1.2.3", 4, "unexpected '.3'" },
    { ". 5", 1, "unexpected '.'" },
    { "1e999 + x", 1, "number '1e999' is out of range" },
    { "sin(x y)", 7, "expected ',' or ')'" },
    { "(x y)", 4, "expected an operator or ')'" },
    { "2e", 2, "unexpected 'e'" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    assert_parse_error (ctx, cases[c].text, cases[c].column, cases[c].detail);
}

static void
test_limits (void)
{
  g_autoptr(PlExprContext) ctx = xyt_context ();
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(PlExpr) ok = NULL;

  /* 64 levels of parentheses parse, 65 do not; the error points at the 65th '('. */
  for (guint i = 0; i < 64; i++)
    g_string_append_c (s, '(');
  g_string_append_c (s, 'x');
  for (guint i = 0; i < 64; i++)
    g_string_append_c (s, ')');
  ok = parse_ok (ctx, s->str);
  g_string_prepend_c (s, '(');
  g_string_append_c (s, ')');
  assert_parse_error (ctx, s->str, 65, "nested deeper than 64 levels");

  /* Signs and powers count as levels too. */
  g_string_truncate (s, 0);
  for (guint i = 0; i < 65; i++)
    g_string_append_c (s, '-');
  g_string_append_c (s, 'x');
  assert_parse_error (ctx, s->str, 65, "nested deeper than 64 levels");
  g_string_assign (s, "x");
  for (guint i = 0; i < 65; i++)
    g_string_append (s, "^x");
  assert_parse_error (ctx, s->str, 2 * 65, "nested deeper than 64 levels");
  g_string_assign (s, "x");
  for (guint i = 0; i < 65; i++)
    g_string_prepend (s, "sin(");
  assert_parse_error (ctx, s->str, 4 * 64 + 4, "nested deeper than 64 levels");

  /* A very deep input fails at the limit without touching the rest. */
  g_string_truncate (s, 0);
  for (guint i = 0; i < 4000; i++)
    g_string_append_c (s, '(');
  assert_parse_error (ctx, s->str, 65, "nested deeper than 64 levels");

  /* Length. */
  g_string_assign (s, "x");
  while (s->len < 4095)
    g_string_append (s, "+x");
  g_string_append_c (s, ' ');
  g_assert_cmpuint (s->len, ==, 4096);
  g_clear_pointer (&ok, pl_expr_free);
  ok = parse_ok (ctx, s->str);
  g_string_append_c (s, 'x');
  assert_parse_error (ctx, s->str, 4097, "more than the limit of 4096");

  /* Nodes, with a small limit: "x+y+t" needs 5. */
  pl_expr_context_set_limits (ctx, 0, 0, 5);
  g_clear_pointer (&ok, pl_expr_free);
  ok = parse_ok (ctx, "x + y + t");
  assert_parse_error (ctx, "x + y + t + 1", 13, "more than 5 nodes");

  /* The node limit also bounds derivatives. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PlExpr) d = NULL;

    pl_expr_context_set_limits (ctx, 0, 0, 8);
    g_clear_pointer (&ok, pl_expr_free);
    ok = parse_ok (ctx, "sin(x)*cos(y)*t");
    d = pl_expr_diff (ok, "x", &error);
    g_assert_null (d);
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "more than 8 nodes"));
  }
}

/* Long flat chains have no nesting, so they are limited only by length: evaluation,
 * differentiation and printing must not recurse over them. */
static void
test_long_chains (void)
{
  g_autoptr(PlExprContext) ctx = xyt_context ();
  g_autoptr(GString) sum = g_string_new ("x");
  g_autoptr(GString) prod = g_string_new ("x");
  g_autoptr(PlExpr) es = NULL, ep = NULL, ds = NULL, dp = NULL;
  g_autofree char *printed = NULL;
  double value, v[N_VARS] = { 1.001, 0, 0 };

  for (guint i = 1; i < 2000; i++)
    g_string_append (sum, "+x");
  for (guint i = 1; i < 1300; i++)
    g_string_append (prod, "*x");
  es = parse_ok (ctx, sum->str);
  ep = parse_ok (ctx, prod->str);
  ds = pl_expr_diff (es, "x", NULL);
  dp = pl_expr_diff (ep, "x", NULL);

  g_assert_true (pl_expr_is_constant (ds, &value));
  g_assert_cmpfloat (value, ==, 2000.0);
  assert_close (pl_expr_eval_point (es, v), 2000 * 1.001, 1e-9, "sum chain");
  assert_close (pl_expr_eval_point (ep, v), pow (1.001, 1300), 1e-9, "product chain");
  assert_close (pl_expr_eval_point (dp, v), 1300 * pow (1.001, 1299), 1e-6, "product chain'");
  printed = pl_expr_to_string (ep);
  g_assert_cmpstr (printed, ==, prod->str);
}

static void
test_context_errors (void)
{
  g_autoptr(PlExprContext) ctx = pl_expr_context_new ();
  static const char * const bad_names[] = { "", "2x", "u-x", "a b", "sin", "atan2", "pi", "e" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_names); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (pl_expr_context_add_variable (ctx, bad_names[i], &error));
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
    }
  g_assert_true (pl_expr_context_add_variable (ctx, "x", NULL));
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (pl_expr_context_add_constant (ctx, "x", 1.0, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "'x' is already declared"));
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (pl_expr_context_add_constant (ctx, "k", INFINITY, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (pl_expr_context_add_derivatives (ctx, "u", "xx", 2, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (pl_expr_context_add_derivatives (ctx, "u", "x", 5, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  }
  /* Third order in two inputs: 1 + 2 + 3 + 4 names; x already exists. */
  g_assert_true (pl_expr_context_add_derivatives (ctx, "u", "xy", 3, NULL));
  g_assert_cmpuint (pl_expr_context_get_n_variables (ctx), ==, 2 + 10);
  g_assert_cmpint (pl_expr_context_find_variable (ctx, "u_xxy"), >=, 0);
  g_assert_cmpint (pl_expr_context_find_variable (ctx, "u_yyy"), >=, 0);
  g_assert_cmpint (pl_expr_context_find_variable (ctx, "u_yx"), ==, -1);
  for (guint i = 0; i < PL_EXPR_MAX_VARIABLES; i++)
    {
      g_autofree char *name = g_strdup_printf ("v%u", i);
      gboolean ok = pl_expr_context_add_variable (ctx, name, NULL);

      g_assert_true (ok == (i + 12 < PL_EXPR_MAX_VARIABLES));
    }
}

/* The caller-owned workspace, copies and aliasing of input and output. */
static void
test_workspace (void)
{
  g_autoptr(PlExprContext) ctx = xyt_context ();
  g_autoptr(PlExpr) expr = parse_ok (ctx, "sin(x)*exp(-y) + t^2*(x - y)");
  g_autoptr(PlExpr) copy = pl_expr_copy (expr);
  gsize batch = 300;
  g_autofree double *in = g_new (double, N_VARS * batch);
  g_autofree double *a = g_new (double, batch);
  g_autofree double *b = g_new (double, batch);
  g_autofree double *c = g_new (double, batch);
  g_autofree double *ws = g_new (double, pl_expr_workspace_size (expr));
  const double *vars[N_VARS];
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 5);
  for (gsize i = 0; i < N_VARS * batch; i++)
    in[i] = pl_rng_normal (&rng);
  for (guint k = 0; k < N_VARS; k++)
    vars[k] = in + k * batch;
  pl_expr_eval (expr, vars, batch, a);
  pl_expr_eval_with_workspace (expr, vars, batch, ws, b);
  pl_expr_eval (copy, vars, batch, c);
  g_assert_cmpmem (a, batch * sizeof (double), b, batch * sizeof (double));
  g_assert_cmpmem (a, batch * sizeof (double), c, batch * sizeof (double));
  /* In place: the output overwrites x. */
  pl_expr_eval (expr, vars, batch, in);
  g_assert_cmpmem (a, batch * sizeof (double), in, batch * sizeof (double));
}

/* --- robustness ------------------------------------------------------------------------- */

static void
exercise (PlExprContext *big,
          PlExpr        *expr,
          PlRng         *rng)
{
  static const char * const names[N_VARS] = { "x", "y", "t" };
  double in[N_VARS * 9], out[9];
  const double *vars[N_VARS] = { in, in + 9, in + 18 };
  static const double specials[] = { 0.0, -0.0, 1.0, -1.0, 1e300, -1e-300, INFINITY, NAN };

  for (guint i = 0; i < N_VARS * 9; i++)
    in[i] = i < G_N_ELEMENTS (specials) ? specials[i] : 4 * pl_rng_normal (rng);
  pl_expr_eval (expr, vars, 9, out);
  for (guint k = 0; k < N_VARS; k++)
    {
      g_autoptr(PlExpr) d = pl_expr_diff (expr, names[k], NULL);

      if (d != NULL)
        {
          g_autofree char *text = pl_expr_to_string (d);
          g_autoptr(PlExpr) back = pl_expr_parse (big, text, NULL);

          pl_expr_eval (d, vars, 9, out);
          g_assert_nonnull (back);
        }
    }
}

/* A random well-formed expression of depth at most @depth. */
static void
random_expression (PlRng   *rng,
                   GString *s,
                   guint    depth)
{
  static const char * const leaves[] = { "x", "y", "t", "pi", "e", "2", "0.5", "1e-3", "0" };
  static const char * const ops[] = { " + ", " - ", "*", "/", "^", "**" };
  static const char * const funcs[] = {
    "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "sech", "asinh",
    "acosh", "atanh", "exp", "log", "sqrt", "erf", "abs", "sign",
  };
  guint kind = depth == 0 ? 0 : pl_rng_below (rng, 5);

  switch (kind)
    {
    case 0:
      g_string_append (s, leaves[pl_rng_below (rng, G_N_ELEMENTS (leaves))]);
      break;
    case 1:
    case 2:
      g_string_append_c (s, '(');
      random_expression (rng, s, depth - 1);
      g_string_append (s, ops[pl_rng_below (rng, G_N_ELEMENTS (ops))]);
      random_expression (rng, s, depth - 1);
      g_string_append_c (s, ')');
      break;
    case 3:
      g_string_append (s, funcs[pl_rng_below (rng, G_N_ELEMENTS (funcs))]);
      g_string_append_c (s, '(');
      random_expression (rng, s, depth - 1);
      g_string_append_c (s, ')');
      break;
    default:
      if (pl_rng_below (rng, 2))
        {
          g_string_append (s, "-");
          random_expression (rng, s, depth - 1);
        }
      else
        {
          g_string_append (s, pl_rng_below (rng, 2) ? "pow(" : "atan2(");
          random_expression (rng, s, depth - 1);
          g_string_append (s, ", ");
          random_expression (rng, s, depth - 1);
          g_string_append_c (s, ')');
        }
      break;
    }
}

static void
test_robustness (void)
{
  g_autoptr(PlExprContext) ctx = xyt_context ();
  g_autoptr(PlExprContext) big = xyt_context_large ();
  static const char * const tokens[] = {
    "x", "y", "t", "pi", "e", "1", "2.5", "1e-3", ".5", "0", "1e308", "+", "-", "*", "/", "^",
    "**", "(", ")", ",", "sin(", "exp(", "log(", "pow(", "atan2(", "sqrt(", "abs(", "sech(",
    " ", "$", "\xc3", "1e400", "q", "(-", "))",
  };
  guint n_ok = 0, n_fail = 0;
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 6);
  for (guint iter = 0; iter < 4000; iter++)
    {
      g_autoptr(GString) s = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(PlExpr) expr = NULL;

      if (iter % 3 == 2)
        {
          random_expression (&rng, s, 1 + pl_rng_below (&rng, 6));
          if (pl_rng_below (&rng, 4) == 0)
            s->str[pl_rng_below (&rng, s->len)] = tokens[pl_rng_below (&rng, 20)][0];
        }
      else if (iter % 3 == 0)
        {
          guint len = pl_rng_below (&rng, 30);

          for (guint i = 0; i < len; i++)
            g_string_append (s, tokens[pl_rng_below (&rng, G_N_ELEMENTS (tokens))]);
        }
      else
        {
          guint n_mut = 1 + pl_rng_below (&rng, 4);

          g_string_assign (s, value_cases[pl_rng_below (&rng, G_N_ELEMENTS (value_cases))].text);
          for (guint m = 0; m < n_mut; m++)
            {
              gsize pos = pl_rng_below (&rng, s->len + 1);
              char c = (char) (1 + pl_rng_below (&rng, 255));

              switch (pl_rng_below (&rng, 4))
                {
                case 0: g_string_insert_c (s, pos, c); break;
                case 1: if (pos < s->len) g_string_erase (s, pos, 1); break;
                case 2: if (pos < s->len) s->str[pos] = c; break;
                default: g_string_insert (s, pos, tokens[pl_rng_below (&rng, G_N_ELEMENTS (tokens))]);
                }
            }
        }

      expr = pl_expr_parse (ctx, s->str, &error);
      if (expr == NULL)
        {
          g_assert_error (error, PL_ERROR, PL_ERROR_PARSE);
          g_assert_nonnull (strstr (error->message, "at column "));
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          n_fail++;
          continue;
        }
      n_ok++;
      exercise (big, expr, &rng);
      check_round_trip (big, expr, &rng, -3, 3);
    }
  /* Both paths were exercised. */
  g_assert_cmpuint (n_ok, >, 200);
  g_assert_cmpuint (n_fail, >, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Expr/values", test_values);
  g_test_add_func ("/Plateau/Expr/precedence", test_precedence);
  g_test_add_func ("/Plateau/Expr/constants", test_constants);
  g_test_add_func ("/Plateau/Expr/diff-first", test_diff_first);
  g_test_add_func ("/Plateau/Expr/diff-second", test_diff_second);
  g_test_add_func ("/Plateau/Expr/diff-simplify", test_diff_simplify);
  g_test_add_func ("/Plateau/Expr/diff-residual", test_diff_residual);
  g_test_add_func ("/Plateau/Expr/to-string", test_to_string);
  g_test_add_func ("/Plateau/Expr/errors", test_errors);
  g_test_add_func ("/Plateau/Expr/limits", test_limits);
  g_test_add_func ("/Plateau/Expr/long-chains", test_long_chains);
  g_test_add_func ("/Plateau/Expr/context-errors", test_context_errors);
  g_test_add_func ("/Plateau/Expr/workspace", test_workspace);
  g_test_add_func ("/Plateau/Expr/robustness", test_robustness);

  return g_test_run ();
}
