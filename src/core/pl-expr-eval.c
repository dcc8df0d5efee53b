/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-expr.h"
#include "pl-expr-private.h"

#include <math.h>
#include <string.h>

/* The meaning of every operation, shared by constant folding and the batch kernels so that
 * folding never changes a value. */

static inline double op_neg (double x) { return -x; }
static inline double op_sech (double x) { return 1.0 / cosh (x); }
static inline double op_sign (double x) { return x > 0.0 ? 1.0 : x < 0.0 ? -1.0 : x; }
static inline double op_add (double x, double y) { return x + y; }
static inline double op_sub (double x, double y) { return x - y; }
static inline double op_mul (double x, double y) { return x * y; }
static inline double op_div (double x, double y) { return x / y; }
/* Squares and cubes are the common exponents (u^2 in every derivative, u^3 in Allen-Cahn),
 * and pow () costs as much as a hundred multiplications. x*x is exactly rounded like pow;
 * x*x*x is within one ulp of it, including signed zeros and infinities. */
static inline double
op_pow (double x,
        double y)
{
  return y == 2.0 ? x * x : y == 3.0 ? x * x * x : pow (x, y);
}

#define UNARY_OPS(X) \
  X (PL_EXPR_OP_NEG, op_neg) X (PL_EXPR_OP_SIN, sin) X (PL_EXPR_OP_COS, cos) \
  X (PL_EXPR_OP_TAN, tan) X (PL_EXPR_OP_ASIN, asin) X (PL_EXPR_OP_ACOS, acos) \
  X (PL_EXPR_OP_ATAN, atan) X (PL_EXPR_OP_SINH, sinh) X (PL_EXPR_OP_COSH, cosh) \
  X (PL_EXPR_OP_TANH, tanh) X (PL_EXPR_OP_SECH, op_sech) X (PL_EXPR_OP_ASINH, asinh) \
  X (PL_EXPR_OP_ACOSH, acosh) X (PL_EXPR_OP_ATANH, atanh) X (PL_EXPR_OP_EXP, exp) \
  X (PL_EXPR_OP_LOG, log) X (PL_EXPR_OP_SQRT, sqrt) X (PL_EXPR_OP_ERF, erf) \
  X (PL_EXPR_OP_ABS, fabs) X (PL_EXPR_OP_SIGN, op_sign)

#define BINARY_OPS(X) \
  X (PL_EXPR_OP_ADD, op_add) X (PL_EXPR_OP_SUB, op_sub) X (PL_EXPR_OP_MUL, op_mul) \
  X (PL_EXPR_OP_DIV, op_div) X (PL_EXPR_OP_POW, op_pow) X (PL_EXPR_OP_ATAN2, atan2)

double
_pl_expr_apply_unary (PlExprOp op,
                      double   x)
{
  switch (op)
    {
#define CASE(OP, F) case OP: return F (x);
      UNARY_OPS (CASE)
#undef CASE
    default:
      g_assert_not_reached ();
    }
  return NAN;
}

double
_pl_expr_apply_binary (PlExprOp op,
                       double   x,
                       double   y)
{
  switch (op)
    {
#define CASE(OP, F) case OP: return F (x, y);
      BINARY_OPS (CASE)
#undef CASE
    default:
      g_assert_not_reached ();
    }
  return NAN;
}

/* --- compilation: DAG -> register code over workspace slots -------------------------- */

void
_pl_expr_compile (PlExpr *expr)
{
  guint n = expr->n_nodes, n_free = 0;
  g_autofree guint8 *kind = g_new (guint8, n);
  g_autofree guint32 *where = g_new (guint32, n);
  g_autofree double *sval = g_new (double, n);
  g_autofree guint32 *last_use = g_new0 (guint32, n);
  g_autofree guint32 *free_slots = g_new (guint32, n);

  expr->code = g_new (PlExprInsn, n);
  expr->pool = g_new (double, 2 * n);
  expr->n_code = expr->n_pool = expr->n_slots = 0;

  /* Children precede parents, so the last parent seen is the last use. */
  for (guint32 i = 0; i < n; i++)
    {
      const PlExprNode *node = &expr->nodes[i];

      if (!PL_EXPR_OP_IS_LEAF (node->op))
        last_use[node->a] = i;
      if (PL_EXPR_OP_IS_BINARY (node->op))
        last_use[node->b] = i;
    }

  for (guint32 i = 0; i < n; i++)
    {
      const PlExprNode *node = &expr->nodes[i];
      guint32 ch[2] = { node->a, node->b };
      guint n_ch = PL_EXPR_OP_IS_BINARY (node->op) ? 2 : 1;
      PlExprInsn *insn;

      if (node->op == PL_EXPR_OP_NUM || node->op == PL_EXPR_OP_CONST)
        {
          kind[i] = PL_EXPR_ARG_POOL;
          sval[i] = node->value;
          continue;
        }
      if (node->op == PL_EXPR_OP_VAR)
        {
          kind[i] = PL_EXPR_ARG_VAR;
          where[i] = node->a;
          continue;
        }
      /* Everything built only from numbers and named constants is folded here (the parser
       * keeps constants by name for printing). */
      if (kind[ch[0]] == PL_EXPR_ARG_POOL && (n_ch == 1 || kind[ch[1]] == PL_EXPR_ARG_POOL))
        {
          kind[i] = PL_EXPR_ARG_POOL;
          sval[i] = n_ch == 1 ? _pl_expr_apply_unary (node->op, sval[ch[0]])
                              : _pl_expr_apply_binary (node->op, sval[ch[0]], sval[ch[1]]);
          continue;
        }

      insn = &expr->code[expr->n_code++];
      insn->op = node->op;
      for (guint k = 0; k < n_ch; k++)
        {
          guint8 kk = kind[ch[k]];
          guint32 idx = kk == PL_EXPR_ARG_POOL ? expr->n_pool : where[ch[k]];

          if (kk == PL_EXPR_ARG_POOL)
            expr->pool[expr->n_pool++] = sval[ch[k]];
          if (k == 0)
            insn->ka = kk, insn->a = idx;
          else
            insn->kb = kk, insn->b = idx;
        }
      if (n_ch == 1)
        insn->kb = PL_EXPR_ARG_POOL, insn->b = 0;

      /* Free the operands' slots first: kernels are elementwise, so the result may overwrite
       * an operand in place. */
      for (guint k = 0; k < n_ch; k++)
        if (kind[ch[k]] == PL_EXPR_ARG_SLOT && last_use[ch[k]] == i && (k == 0 || ch[1] != ch[0]))
          free_slots[n_free++] = where[ch[k]];

      kind[i] = PL_EXPR_ARG_SLOT;
      if (i == n - 1)
        insn->dst = PL_EXPR_NONE;
      else
        insn->dst = n_free > 0 ? free_slots[--n_free] : expr->n_slots++;
      where[i] = insn->dst;
    }

  expr->result_kind = kind[n - 1];
  expr->result_index = expr->result_kind == PL_EXPR_ARG_VAR ? where[n - 1] : 0;
  expr->result_value = expr->result_kind == PL_EXPR_ARG_POOL ? sval[n - 1] : 0.0;
  expr->workspace = g_new (double, pl_expr_workspace_size (expr));
  expr->point_vars = g_new0 (const double *, MAX (expr->sym->n_vars, 1));
}

/* --- evaluation ---------------------------------------------------------------------- */

static void
run_unary (guint         op,
           const double *a,
           double       *d,
           gsize         n)
{
  switch (op)
    {
#define CASE(OP, F) case OP: for (gsize j = 0; j < n; j++) d[j] = F (a[j]); break;
      UNARY_OPS (CASE)
#undef CASE
    default:
      g_assert_not_reached ();
    }
}

static void
run_binary_vv (guint         op,
               const double *a,
               const double *b,
               double       *d,
               gsize         n)
{
  switch (op)
    {
#define CASE(OP, F) case OP: for (gsize j = 0; j < n; j++) d[j] = F (a[j], b[j]); break;
      BINARY_OPS (CASE)
#undef CASE
    default:
      g_assert_not_reached ();
    }
}

static void
run_binary_vs (guint         op,
               const double *a,
               double        sb,
               double       *d,
               gsize         n)
{
  if (op == PL_EXPR_OP_POW && (sb == 2.0 || sb == 3.0))
    {
      if (sb == 2.0)
        for (gsize j = 0; j < n; j++)
          d[j] = a[j] * a[j];
      else
        for (gsize j = 0; j < n; j++)
          d[j] = a[j] * a[j] * a[j];
      return;
    }
  switch (op)
    {
#define CASE(OP, F) case OP: for (gsize j = 0; j < n; j++) d[j] = F (a[j], sb); break;
      BINARY_OPS (CASE)
#undef CASE
    default:
      g_assert_not_reached ();
    }
}

static void
run_binary_sv (guint         op,
               double        sa,
               const double *b,
               double       *d,
               gsize         n)
{
  switch (op)
    {
#define CASE(OP, F) case OP: for (gsize j = 0; j < n; j++) d[j] = F (sa, b[j]); break;
      BINARY_OPS (CASE)
#undef CASE
    default:
      g_assert_not_reached ();
    }
}

gsize
pl_expr_workspace_size (const PlExpr *expr)
{
  g_return_val_if_fail (expr != NULL, 0);
  return MAX ((gsize) expr->n_slots, 1) * PL_EXPR_CHUNK;
}

static inline const double *
operand (guint8               k,
         guint32              idx,
         const double *const *vars,
         double              *ws,
         gsize                off)
{
  return k == PL_EXPR_ARG_VAR ? vars[idx] + off : ws + (gsize) idx * PL_EXPR_CHUNK;
}

void
pl_expr_eval_with_workspace (const PlExpr        *expr,
                             const double *const *vars,
                             gsize                batch,
                             double              *workspace,
                             double              *out)
{
  g_return_if_fail (expr != NULL);
  g_return_if_fail (batch == 0 || out != NULL);
  g_return_if_fail (workspace != NULL);
  for (guint v = 0; v < expr->sym->n_vars; v++)
    g_return_if_fail (!expr->var_used[v] || (vars != NULL && vars[v] != NULL));

  if (expr->result_kind == PL_EXPR_ARG_POOL)
    {
      for (gsize j = 0; j < batch; j++)
        out[j] = expr->result_value;
      return;
    }
  if (expr->result_kind == PL_EXPR_ARG_VAR)
    {
      if (batch > 0 && out != vars[expr->result_index])
        memmove (out, vars[expr->result_index], batch * sizeof (double));
      return;
    }

  for (gsize off = 0; off < batch; off += PL_EXPR_CHUNK)
    {
      gsize n = MIN (PL_EXPR_CHUNK, batch - off);

      for (guint k = 0; k < expr->n_code; k++)
        {
          const PlExprInsn *in = &expr->code[k];
          double *d = in->dst == PL_EXPR_NONE ? out + off
                                              : workspace + (gsize) in->dst * PL_EXPR_CHUNK;

          if (PL_EXPR_OP_IS_UNARY (in->op))
            run_unary (in->op, operand (in->ka, in->a, vars, workspace, off), d, n);
          else if (in->ka == PL_EXPR_ARG_POOL)
            run_binary_sv (in->op, expr->pool[in->a],
                           operand (in->kb, in->b, vars, workspace, off), d, n);
          else if (in->kb == PL_EXPR_ARG_POOL)
            run_binary_vs (in->op, operand (in->ka, in->a, vars, workspace, off),
                           expr->pool[in->b], d, n);
          else
            run_binary_vv (in->op, operand (in->ka, in->a, vars, workspace, off),
                           operand (in->kb, in->b, vars, workspace, off), d, n);
        }
    }
}

void
pl_expr_eval (PlExpr              *expr,
              const double *const *vars,
              gsize                batch,
              double              *out)
{
  g_return_if_fail (expr != NULL);
  pl_expr_eval_with_workspace (expr, vars, batch, expr->workspace, out);
}

double
pl_expr_eval_point (PlExpr       *expr,
                    const double *values)
{
  double out;

  g_return_val_if_fail (expr != NULL, NAN);
  g_return_val_if_fail (values != NULL || expr->sym->n_vars == 0, NAN);

  for (guint v = 0; v < expr->sym->n_vars; v++)
    expr->point_vars[v] = values + v;
  pl_expr_eval_with_workspace (expr, expr->point_vars, 1, expr->workspace, &out);
  return out;
}
