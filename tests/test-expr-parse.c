/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-expr-parse: the text side of user formulas. Printing must parse back to bit-identical
 * values; every malformed, unknown, too deep or too long input must fail with a PL_ERROR_PARSE
 * message naming the column (worked out by hand here); and thousands of random and mutated
 * strings from a seeded PlRng must neither crash nor break those properties (run it under
 * ASan for that to mean something).
 */
#include "expr-cases.h"

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
                default:
                  g_string_insert (s, pos, tokens[pl_rng_below (&rng, G_N_ELEMENTS (tokens))]);
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

  g_test_add_func ("/Plateau/Expr/to-string", test_to_string);
  g_test_add_func ("/Plateau/Expr/errors", test_errors);
  g_test_add_func ("/Plateau/Expr/limits", test_limits);
  g_test_add_func ("/Plateau/Expr/context-errors", test_context_errors);
  g_test_add_func ("/Plateau/Expr/robustness", test_robustness);

  return g_test_run ();
}
