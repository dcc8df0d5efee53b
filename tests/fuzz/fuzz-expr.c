/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fuzz-expr: libFuzzer target for user formulas (pl-expr). Each input is parsed against a
 * fixed PDE context; a parsed expression is evaluated on a small batch of awkward values,
 * differentiated with respect to every variable, and printed and parsed back, which must
 * give bit-identical values. A rejected input must carry a PL_ERROR_PARSE message that names
 * a column. Anything else (crash, sanitizer report, GLib critical, broken property) aborts.
 */
#include <plateau/plateau.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 6

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static PlExprContext *
make_context (gboolean large)
{
  PlExprContext *ctx = pl_expr_context_new ();

  if (!pl_expr_context_add_constant (ctx, "nu", 0.01 / G_PI, NULL)
      || !pl_expr_context_add_constant (ctx, "k", 2.0, NULL)
      || !pl_expr_context_add_derivatives (ctx, "u", "xyt", 2, NULL))
    abort ();
  if (large)
    pl_expr_context_set_limits (ctx, 1 << 26, PL_EXPR_MAX_DEPTH, PL_EXPR_MAX_NODES);
  return ctx;
}

static gboolean
same_bits (double a,
           double b)
{
  return (isnan (a) && isnan (b)) || memcmp (&a, &b, sizeof a) == 0;
}

/* Print, parse back, compare. Only the limits of the large context may refuse the text (a
 * derivative can nest deeper than the expression it came from). */
static void
check_round_trip (const PlExprContext *large,
                  PlExpr              *expr,
                  const double *const *vars,
                  const double        *values)
{
  g_autofree char *text = pl_expr_to_string (expr);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlExpr) back = pl_expr_parse (large, text, &error);
  double out[BATCH];

  if (back == NULL)
    {
      if (strstr (error->message, "nested deeper than") == NULL)
        {
          fprintf (stderr, "printed '%s' does not parse back: %s\n", text, error->message);
          abort ();
        }
      return;
    }
  pl_expr_eval (back, vars, BATCH, out);
  for (guint i = 0; i < BATCH; i++)
    if (!same_bits (out[i], values[i]))
      {
        fprintf (stderr, "'%s': %.17g before printing, %.17g after\n", text, values[i], out[i]);
        abort ();
      }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static PlExprContext *ctx, *large;
  static double in[PL_EXPR_MAX_VARIABLES][BATCH];
  static const double *vars[PL_EXPR_MAX_VARIABLES];
  static const double specials[BATCH] = { 0.0, -0.0, 0.5, -2.0, 1e300, NAN };
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlExpr) expr = NULL;
  double out[BATCH];
  guint n_vars;
  gboolean second_done = FALSE;

  if (ctx == NULL)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      ctx = make_context (FALSE);
      large = make_context (TRUE);
      for (guint v = 0; v < PL_EXPR_MAX_VARIABLES; v++)
        {
          for (guint i = 0; i < BATCH; i++)
            in[v][i] = specials[(i + v) % BATCH] * (1.0 + 0.25 * v);
          vars[v] = in[v];
        }
    }
  if (size > 16384)
    return 0;

  text = g_strndup ((const char *) data, size);
  expr = pl_expr_parse (ctx, text, &error);
  if (expr == NULL)
    {
      if (!g_error_matches (error, PL_ERROR, PL_ERROR_PARSE)
          || strstr (error->message, "at column ") == NULL
          || !g_utf8_validate (error->message, -1, NULL))
        abort ();
      return 0;
    }

  pl_expr_eval (expr, vars, BATCH, out);
  check_round_trip (large, expr, vars, out);

  n_vars = pl_expr_get_n_variables (expr);
  for (guint v = 0; v < n_vars; v++)
    {
      const char *name = pl_expr_get_variable_name (expr, v);
      g_autoptr(GError) derror = NULL;
      g_autoptr(PlExpr) d = pl_expr_diff (expr, name, &derror);

      if (d == NULL)
        {
          /* Only the node limit may refuse a derivative. */
          if (strstr (derror->message, "nodes") == NULL)
            abort ();
          continue;
        }
      if (!pl_expr_uses_variable (expr, v))
        {
          double value;

          if (!pl_expr_is_constant (d, &value) || value != 0.0)
            abort ();
        }
      pl_expr_eval (d, vars, BATCH, out);
      check_round_trip (large, d, vars, out);

      /* One second derivative per expression, while it stays small. */
      if (!second_done && pl_expr_uses_variable (expr, v) && pl_expr_get_n_nodes (d) < 4096)
        {
          g_autoptr(PlExpr) d2 = pl_expr_diff (d, name, NULL);

          second_done = TRUE;
          if (d2 != NULL)
            pl_expr_eval (d2, vars, BATCH, out);
        }
    }
  return 0;
}
