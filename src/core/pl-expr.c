/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-expr.h"
#include "pl-error.h"
#include "pl-expr-private.h"

#include <math.h>
#include <string.h>

typedef struct {
  const char *name;
  PlExprOp    op;
  guint       arity;
} PlExprFunction;

static const PlExprFunction functions[] = {
  { "sin", PL_EXPR_OP_SIN, 1 },
  { "cos", PL_EXPR_OP_COS, 1 },
  { "tan", PL_EXPR_OP_TAN, 1 },
  { "asin", PL_EXPR_OP_ASIN, 1 },
  { "acos", PL_EXPR_OP_ACOS, 1 },
  { "atan", PL_EXPR_OP_ATAN, 1 },
  { "sinh", PL_EXPR_OP_SINH, 1 },
  { "cosh", PL_EXPR_OP_COSH, 1 },
  { "tanh", PL_EXPR_OP_TANH, 1 },
  { "sech", PL_EXPR_OP_SECH, 1 },
  { "asinh", PL_EXPR_OP_ASINH, 1 },
  { "acosh", PL_EXPR_OP_ACOSH, 1 },
  { "atanh", PL_EXPR_OP_ATANH, 1 },
  { "exp", PL_EXPR_OP_EXP, 1 },
  { "log", PL_EXPR_OP_LOG, 1 },
  { "sqrt", PL_EXPR_OP_SQRT, 1 },
  { "erf", PL_EXPR_OP_ERF, 1 },
  { "abs", PL_EXPR_OP_ABS, 1 },
  { "sign", PL_EXPR_OP_SIGN, 1 },
  { "pow", PL_EXPR_OP_POW, 2 },
  { "atan2", PL_EXPR_OP_ATAN2, 2 },
};

static const char * const function_names[] = {
  "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "sech", "asinh",
  "acosh", "atanh", "exp", "log", "sqrt", "erf", "abs", "sign", "pow", "atan2", NULL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (functions) + 1 == G_N_ELEMENTS (function_names));

const char * const *
pl_expr_function_names (void)
{
  return function_names;
}

PlExprOp
_pl_expr_lookup_function (const char *name,
                          gsize       len,
                          guint      *arity)
{
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (strlen (functions[i].name) == len && memcmp (functions[i].name, name, len) == 0)
      {
        *arity = functions[i].arity;
        return functions[i].op;
      }
  return PL_EXPR_N_OPS;
}

const char *
_pl_expr_op_name (PlExprOp op)
{
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (functions[i].op == op)
      return functions[i].name;
  return "?";
}

/* --- symbols ------------------------------------------------------------------------- */

static void
symbols_clear (gpointer data)
{
  PlExprSymbols *sym = data;

  g_strfreev (sym->var_names);
  g_strfreev (sym->const_names);
  g_free (sym->const_values);
}

PlExprSymbols *
_pl_expr_symbols_new (const PlExprContext *ctx)
{
  PlExprSymbols *sym = g_atomic_rc_box_new0 (PlExprSymbols);

  sym->n_vars = ctx->var_names->len;
  sym->var_names = g_new0 (char *, sym->n_vars + 1);
  for (guint i = 0; i < sym->n_vars; i++)
    sym->var_names[i] = g_strdup (g_ptr_array_index (ctx->var_names, i));
  sym->n_consts = ctx->const_names->len;
  sym->const_names = g_new0 (char *, sym->n_consts + 1);
  sym->const_values = g_new (double, MAX (sym->n_consts, 1));
  for (guint i = 0; i < sym->n_consts; i++)
    {
      sym->const_names[i] = g_strdup (g_ptr_array_index (ctx->const_names, i));
      sym->const_values[i] = g_array_index (ctx->const_values, double, i);
    }
  return sym;
}

PlExprSymbols *
_pl_expr_symbols_ref (PlExprSymbols *sym)
{
  return g_atomic_rc_box_acquire (sym);
}

void
_pl_expr_symbols_unref (PlExprSymbols *sym)
{
  g_atomic_rc_box_release_full (sym, symbols_clear);
}

/* --- contexts ------------------------------------------------------------------------ */

PlExprContext *
pl_expr_context_new (void)
{
  PlExprContext *ctx = g_new0 (PlExprContext, 1);
  double pi = G_PI, e = G_E;

  ctx->var_names = g_ptr_array_new_with_free_func (g_free);
  ctx->const_names = g_ptr_array_new_with_free_func (g_free);
  ctx->const_values = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (ctx->const_names, g_strdup ("pi"));
  g_array_append_val (ctx->const_values, pi);
  g_ptr_array_add (ctx->const_names, g_strdup ("e"));
  g_array_append_val (ctx->const_values, e);
  pl_expr_context_set_limits (ctx, 0, 0, 0);
  return ctx;
}

void
pl_expr_context_free (PlExprContext *ctx)
{
  if (ctx == NULL)
    return;
  g_ptr_array_unref (ctx->var_names);
  g_ptr_array_unref (ctx->const_names);
  g_array_unref (ctx->const_values);
  g_free (ctx);
}

void
pl_expr_context_set_limits (PlExprContext *ctx,
                            gsize          max_length,
                            guint          max_depth,
                            guint          max_nodes)
{
  g_return_if_fail (ctx != NULL);
  g_return_if_fail (max_depth <= PL_EXPR_MAX_DEPTH);
  g_return_if_fail (max_nodes <= PL_EXPR_MAX_NODES);

  ctx->max_length = max_length ? max_length : PL_EXPR_DEFAULT_MAX_LENGTH;
  ctx->max_depth = max_depth ? max_depth : PL_EXPR_DEFAULT_MAX_DEPTH;
  ctx->max_nodes = max_nodes ? max_nodes : PL_EXPR_DEFAULT_MAX_NODES;
}

static gboolean
name_in (GPtrArray  *names,
         const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return TRUE;
  return FALSE;
}

static gboolean
check_new_name (const PlExprContext  *ctx,
                const char           *name,
                GError              **error)
{
  guint arity;
  gboolean ok = g_ascii_isalpha (name[0]) || name[0] == '_';

  for (const char *p = name; ok && *p != '\0'; p++)
    ok = g_ascii_isalnum (*p) || *p == '_';
  if (!ok)
    {
      g_autofree char *shown = g_strescape (name, NULL);
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "name '%s' is not an identifier (a letter or '_' followed by letters, "
                   "digits or '_')", shown);
      return FALSE;
    }
  if (_pl_expr_lookup_function (name, strlen (name), &arity) != PL_EXPR_N_OPS)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "name '%s' is a built-in function and cannot be declared", name);
      return FALSE;
    }
  if (name_in (ctx->var_names, name) || name_in (ctx->const_names, name))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "name '%s' is already declared%s", name,
                   g_str_equal (name, "pi") || g_str_equal (name, "e")
                   ? " (a built-in constant)" : "");
      return FALSE;
    }
  return TRUE;
}

gboolean
pl_expr_context_add_variable (PlExprContext  *ctx,
                              const char     *name,
                              GError        **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_new_name (ctx, name, error))
    return FALSE;
  if (ctx->var_names->len >= PL_EXPR_MAX_VARIABLES)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "cannot declare variable '%s': at most %u variables are allowed",
                   name, PL_EXPR_MAX_VARIABLES);
      return FALSE;
    }
  g_ptr_array_add (ctx->var_names, g_strdup (name));
  return TRUE;
}

gboolean
pl_expr_context_add_constant (PlExprContext  *ctx,
                              const char     *name,
                              double          value,
                              GError        **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_new_name (ctx, name, error))
    return FALSE;
  if (!isfinite (value))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "constant '%s' = %g is not a finite number", name, value);
      return FALSE;
    }
  g_ptr_array_add (ctx->const_names, g_strdup (name));
  g_array_append_val (ctx->const_values, value);
  return TRUE;
}

gboolean
pl_expr_context_add_derivatives (PlExprContext  *ctx,
                                 const char     *field,
                                 const char     *inputs,
                                 guint           max_order,
                                 GError        **error)
{
  gsize n_in;
  guint idx[4];

  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (inputs != NULL, FALSE);

  n_in = strlen (inputs);
  if (max_order > 4 || (max_order > 0 && n_in == 0))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "derivatives of '%s' up to order %u in inputs '%s': the order must be "
                   "0 to 4 and needs at least one input", field, max_order, inputs);
      return FALSE;
    }
  for (gsize i = 0; i < n_in; i++)
    {
      char name[2] = { inputs[i], '\0' };

      if (!g_ascii_isalpha (inputs[i]) || strchr (inputs + i + 1, inputs[i]) != NULL)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "inputs '%s' of field '%s' must be distinct single letters",
                       inputs, field);
          return FALSE;
        }
      if (!name_in (ctx->var_names, name) && !pl_expr_context_add_variable (ctx, name, error))
        return FALSE;
    }
  if (!pl_expr_context_add_variable (ctx, field, error))
    return FALSE;

  /* Multisets of inputs of size k as nondecreasing index tuples, in odometer order. */
  for (guint k = 1; k <= max_order; k++)
    {
      memset (idx, 0, sizeof idx);
      for (;;)
        {
          g_autoptr(GString) name = g_string_new (field);
          gint j;

          g_string_append_c (name, '_');
          for (guint m = 0; m < k; m++)
            g_string_append_c (name, inputs[idx[m]]);
          if (!pl_expr_context_add_variable (ctx, name->str, error))
            return FALSE;

          for (j = (gint) k - 1; j >= 0 && idx[j] == n_in - 1; j--)
            ;
          if (j < 0)
            break;
          idx[j]++;
          for (guint m = j + 1; m < k; m++)
            idx[m] = idx[j];
        }
    }
  return TRUE;
}

guint
pl_expr_context_get_n_variables (const PlExprContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, 0);
  return ctx->var_names->len;
}

gint
pl_expr_context_find_variable (const PlExprContext *ctx,
                               const char          *name)
{
  g_return_val_if_fail (ctx != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < ctx->var_names->len; i++)
    if (g_str_equal (g_ptr_array_index (ctx->var_names, i), name))
      return (gint) i;
  return -1;
}

/* --- expressions --------------------------------------------------------------------- */

void
pl_expr_free (PlExpr *expr)
{
  if (expr == NULL)
    return;
  _pl_expr_symbols_unref (expr->sym);
  g_free (expr->nodes);
  g_free (expr->var_used);
  g_free (expr->code);
  g_free (expr->pool);
  g_free (expr->workspace);
  g_free (expr->point_vars);
  g_free (expr);
}

PlExpr *
pl_expr_copy (const PlExpr *expr)
{
  PlExpr *copy;

  g_return_val_if_fail (expr != NULL, NULL);

  copy = g_memdup2 (expr, sizeof *expr);
  copy->sym = _pl_expr_symbols_ref (expr->sym);
  copy->nodes = g_memdup2 (expr->nodes, expr->n_nodes * sizeof (PlExprNode));
  copy->var_used = g_memdup2 (expr->var_used, MAX (expr->sym->n_vars, 1));
  copy->code = g_memdup2 (expr->code, expr->n_code * sizeof (PlExprInsn));
  copy->pool = g_memdup2 (expr->pool, expr->n_pool * sizeof (double));
  copy->workspace = g_new (double, pl_expr_workspace_size (expr));
  copy->point_vars = g_new0 (const double *, MAX (expr->sym->n_vars, 1));
  return copy;
}

guint
pl_expr_get_n_variables (const PlExpr *expr)
{
  g_return_val_if_fail (expr != NULL, 0);
  return expr->sym->n_vars;
}

const char *
pl_expr_get_variable_name (const PlExpr *expr,
                           guint         index)
{
  g_return_val_if_fail (expr != NULL, NULL);
  g_return_val_if_fail (index < expr->sym->n_vars, NULL);
  return expr->sym->var_names[index];
}

gint
pl_expr_find_variable (const PlExpr *expr,
                       const char   *name)
{
  g_return_val_if_fail (expr != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < expr->sym->n_vars; i++)
    if (g_str_equal (expr->sym->var_names[i], name))
      return (gint) i;
  return -1;
}

gboolean
pl_expr_uses_variable (const PlExpr *expr,
                       guint         index)
{
  g_return_val_if_fail (expr != NULL, FALSE);
  g_return_val_if_fail (index < expr->sym->n_vars, FALSE);
  return expr->var_used[index];
}

char **
pl_expr_list_used_variables (const PlExpr *expr)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_return_val_if_fail (expr != NULL, NULL);

  for (guint i = 0; i < expr->sym->n_vars; i++)
    if (expr->var_used[i])
      g_ptr_array_add (names, g_strdup (expr->sym->var_names[i]));
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

gboolean
pl_expr_is_constant (const PlExpr *expr,
                     double       *value)
{
  g_return_val_if_fail (expr != NULL, FALSE);

  if (expr->result_kind != PL_EXPR_ARG_POOL)
    return FALSE;
  if (value != NULL)
    *value = expr->result_value;
  return TRUE;
}

guint
pl_expr_get_n_nodes (const PlExpr *expr)
{
  g_return_val_if_fail (expr != NULL, 0);
  return expr->n_nodes;
}
