/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-expr: evaluation and symbolic derivatives of user formulas against independent
 * oracles: the same formulas written directly in C with <math.h>, values worked out by hand
 * for precedence, and finite differences of the parsed expression for derivatives.
 */
#include "expr-cases.h"

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
  g_test_add_func ("/Plateau/Expr/long-chains", test_long_chains);
  g_test_add_func ("/Plateau/Expr/workspace", test_workspace);

  return g_test_run ();
}
