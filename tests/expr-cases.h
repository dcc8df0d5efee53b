/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * expr-cases.h: expressions shared by test-expr and test-expr-parse, each with its oracle
 * written directly in C with <math.h> (value cases) or the domain it is sampled on
 * (derivative cases), and the small helpers both programs use.
 */
#pragma once

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

G_GNUC_UNUSED static const ValueCase value_cases[] = {
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

static inline PlExprContext *
xyt_context (void)
{
  PlExprContext *ctx = pl_expr_context_new ();

  g_assert_true (pl_expr_context_add_variable (ctx, "x", NULL));
  g_assert_true (pl_expr_context_add_variable (ctx, "y", NULL));
  g_assert_true (pl_expr_context_add_variable (ctx, "t", NULL));
  return ctx;
}

/* A context whose limits let printed derivatives parse back. */
static inline PlExprContext *
xyt_context_large (void)
{
  PlExprContext *ctx = xyt_context ();

  pl_expr_context_set_limits (ctx, 1 << 24, PL_EXPR_MAX_DEPTH, PL_EXPR_MAX_NODES);
  return ctx;
}

static inline PlExpr *
parse_ok (const PlExprContext *ctx,
          const char          *text)
{
  g_autoptr(GError) error = NULL;
  PlExpr *expr = pl_expr_parse (ctx, text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (expr);
  return expr;
}

static inline void
assert_close (double      got,
              double      want,
              double      tol,
              const char *what)
{
  if (!(fabs (got - want) <= tol))
    g_error ("%s: got %.17g, want %.17g (tolerance %g)", what, got, want, tol);
}

static inline void
random_point (PlRng  *rng,
              double  lo,
              double  hi,
              double *v)
{
  for (guint k = 0; k < N_VARS; k++)
    v[k] = lo + (hi - lo) * pl_rng_uniform (rng);
}

G_GNUC_UNUSED static const struct {
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
