/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-expr.h"
#include "pl-error.h"
#include "pl-expr-private.h"

/* Forward-mode symbolic differentiation in one pass over the topologically ordered nodes:
 * d[i] is built from d[children], which are already known. The builder shares equal
 * subexpressions and applies the identities, so d(exp(f)) reuses the node exp(f) and
 * dead terms (0 * ...) are never built. */

#define TWO_OVER_SQRT_PI 1.1283791670955126

typedef struct {
  PlExprBuilder *b;
  guint32        zero;
  guint32        one;
} Diff;

static guint32
num (Diff   *d,
     double  v)
{
  return _pl_expr_num (d->b, v);
}

static guint32
un (Diff     *d,
    PlExprOp  op,
    guint32   a)
{
  return _pl_expr_unary (d->b, op, a);
}

static guint32
bin (Diff     *d,
     PlExprOp  op,
     guint32   a,
     guint32   c)
{
  return _pl_expr_binary (d->b, op, a, c);
}

static guint32
square (Diff    *d,
        guint32  a)
{
  return bin (d, PL_EXPR_OP_POW, a, num (d, 2.0));
}

static gboolean
is_zero (Diff    *d,
         guint32  x)
{
  return x != PL_EXPR_NONE && d->b->nodes[x].op == PL_EXPR_OP_NUM && d->b->nodes[x].value == 0.0;
}

/* f'(a) for a unary f, where @self is the node f(a). */
static guint32
unary_derivative (Diff     *d,
                  PlExprOp  op,
                  guint32   a,
                  guint32   self)
{
  switch (op)
    {
    case PL_EXPR_OP_SIN:
      return un (d, PL_EXPR_OP_COS, a);
    case PL_EXPR_OP_COS:
      return un (d, PL_EXPR_OP_NEG, un (d, PL_EXPR_OP_SIN, a));
    case PL_EXPR_OP_TAN:
      return bin (d, PL_EXPR_OP_ADD, d->one, square (d, self));
    case PL_EXPR_OP_ASIN:
      return bin (d, PL_EXPR_OP_DIV, d->one,
                  un (d, PL_EXPR_OP_SQRT, bin (d, PL_EXPR_OP_SUB, d->one, square (d, a))));
    case PL_EXPR_OP_ACOS:
      return bin (d, PL_EXPR_OP_DIV, num (d, -1.0),
                  un (d, PL_EXPR_OP_SQRT, bin (d, PL_EXPR_OP_SUB, d->one, square (d, a))));
    case PL_EXPR_OP_ATAN:
      return bin (d, PL_EXPR_OP_DIV, d->one, bin (d, PL_EXPR_OP_ADD, d->one, square (d, a)));
    case PL_EXPR_OP_SINH:
      return un (d, PL_EXPR_OP_COSH, a);
    case PL_EXPR_OP_COSH:
      return un (d, PL_EXPR_OP_SINH, a);
    case PL_EXPR_OP_TANH:
      /* sech^2 rather than 1 - tanh^2, which cancels to 0 for |a| > 19. */
      return square (d, un (d, PL_EXPR_OP_SECH, a));
    case PL_EXPR_OP_SECH:
      return un (d, PL_EXPR_OP_NEG, bin (d, PL_EXPR_OP_MUL, self, un (d, PL_EXPR_OP_TANH, a)));
    case PL_EXPR_OP_ASINH:
      return bin (d, PL_EXPR_OP_DIV, d->one,
                  un (d, PL_EXPR_OP_SQRT, bin (d, PL_EXPR_OP_ADD, square (d, a), d->one)));
    case PL_EXPR_OP_ACOSH:
      return bin (d, PL_EXPR_OP_DIV, d->one,
                  un (d, PL_EXPR_OP_SQRT, bin (d, PL_EXPR_OP_SUB, square (d, a), d->one)));
    case PL_EXPR_OP_ATANH:
      return bin (d, PL_EXPR_OP_DIV, d->one, bin (d, PL_EXPR_OP_SUB, d->one, square (d, a)));
    case PL_EXPR_OP_EXP:
      return self;
    case PL_EXPR_OP_LOG:
      return bin (d, PL_EXPR_OP_DIV, d->one, a);
    case PL_EXPR_OP_SQRT:
      return bin (d, PL_EXPR_OP_DIV, num (d, 0.5), self);
    case PL_EXPR_OP_ERF:
      return bin (d, PL_EXPR_OP_MUL, num (d, TWO_OVER_SQRT_PI),
                  un (d, PL_EXPR_OP_EXP, un (d, PL_EXPR_OP_NEG, square (d, a))));
    case PL_EXPR_OP_ABS:
      return un (d, PL_EXPR_OP_SIGN, a);
    case PL_EXPR_OP_SIGN:
      return d->zero;
    default:
      g_assert_not_reached ();
    }
  return PL_EXPR_NONE;
}

static guint32
node_derivative (Diff           *d,
                 const PlExprNode *node,
                 guint32          self,
                 guint32          a,      /* the children, as nodes of the builder */
                 guint32          c,
                 guint32          da,     /* and their derivatives */
                 guint32          dc,
                 guint32          var)
{
  gboolean za = is_zero (d, da), zc = is_zero (d, dc);

  switch (node->op)
    {
    case PL_EXPR_OP_NUM:
    case PL_EXPR_OP_CONST:
      return d->zero;
    case PL_EXPR_OP_VAR:
      return node->a == var ? d->one : d->zero;
    case PL_EXPR_OP_NEG:
      return un (d, PL_EXPR_OP_NEG, da);
    case PL_EXPR_OP_ADD:
    case PL_EXPR_OP_SUB:
      return bin (d, node->op, da, dc);
    case PL_EXPR_OP_MUL:
      return bin (d, PL_EXPR_OP_ADD, bin (d, PL_EXPR_OP_MUL, da, c),
                  bin (d, PL_EXPR_OP_MUL, a, dc));
    case PL_EXPR_OP_DIV:
      /* (a/c)' = (a' - (a/c) c') / c, which reuses the quotient. */
      if (zc)
        return bin (d, PL_EXPR_OP_DIV, da, c);
      return bin (d, PL_EXPR_OP_DIV,
                  bin (d, PL_EXPR_OP_SUB, da, bin (d, PL_EXPR_OP_MUL, self, dc)), c);
    case PL_EXPR_OP_POW:
      {
        /* b a^(b-1) da + a^b log(a) db, each term only when needed, so that x^3 has a
         * derivative at x < 0 and 2^x does not go through log of a variable. */
        guint32 t1 = d->zero, t2 = d->zero;

        if (!za)
          t1 = bin (d, PL_EXPR_OP_MUL, da,
                    bin (d, PL_EXPR_OP_MUL, c,
                         bin (d, PL_EXPR_OP_POW, a, bin (d, PL_EXPR_OP_SUB, c, d->one))));
        if (!zc)
          t2 = bin (d, PL_EXPR_OP_MUL, dc,
                    bin (d, PL_EXPR_OP_MUL, self, un (d, PL_EXPR_OP_LOG, a)));
        return bin (d, PL_EXPR_OP_ADD, t1, t2);
      }
    case PL_EXPR_OP_ATAN2:
      /* atan2(y, x)' = (x y' - y x') / (x^2 + y^2) */
      if (za && zc)
        return d->zero;
      return bin (d, PL_EXPR_OP_DIV,
                  bin (d, PL_EXPR_OP_SUB, bin (d, PL_EXPR_OP_MUL, c, da),
                       bin (d, PL_EXPR_OP_MUL, a, dc)),
                  bin (d, PL_EXPR_OP_ADD, square (d, c), square (d, a)));
    case PL_EXPR_OP_LOG:
      if (za)
        return d->zero;
      return bin (d, PL_EXPR_OP_DIV, da, a);
    default:
      if (za)
        return d->zero;
      return bin (d, PL_EXPR_OP_MUL, da, unary_derivative (d, node->op, a, self));
    }
}

PlExpr *
pl_expr_diff (const PlExpr  *expr,
              const char    *variable,
              GError       **error)
{
  PlExprBuilder b;
  Diff d = { &b, 0, 0 };
  gint var;
  guint n;
  g_autofree guint32 *map = NULL;
  g_autofree guint32 *dmap = NULL;

  g_return_val_if_fail (expr != NULL, NULL);
  g_return_val_if_fail (variable != NULL, NULL);

  var = pl_expr_find_variable (expr, variable);
  if (var < 0)
    {
      g_autofree char *names = g_strjoinv (", ", expr->sym->var_names);
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "cannot differentiate with respect to '%s': it is not a variable "
                   "(variables: %s)", variable, expr->sym->n_vars ? names : "none");
      return NULL;
    }

  n = expr->n_nodes;
  map = g_new (guint32, n);
  dmap = g_new (guint32, n);
  _pl_expr_builder_init (&b, expr->sym, expr->max_nodes, TRUE);
  d.zero = _pl_expr_num (&b, 0.0);
  d.one = _pl_expr_num (&b, 1.0);

  for (guint i = 0; i < n && !b.full; i++)
    {
      const PlExprNode *node = &expr->nodes[i];
      guint32 a = PL_EXPR_NONE, c = PL_EXPR_NONE, da = PL_EXPR_NONE, dc = PL_EXPR_NONE;

      if (!PL_EXPR_OP_IS_LEAF (node->op))
        a = map[node->a], da = dmap[node->a];
      if (PL_EXPR_OP_IS_BINARY (node->op))
        c = map[node->b], dc = dmap[node->b];

      /* The original, rebuilt in the derivative's builder so both share nodes. */
      switch (node->op)
        {
        case PL_EXPR_OP_NUM: map[i] = _pl_expr_num (&b, node->value); break;
        case PL_EXPR_OP_VAR: map[i] = _pl_expr_var (&b, node->a); break;
        case PL_EXPR_OP_CONST: map[i] = _pl_expr_const (&b, node->a); break;
        default:
          map[i] = PL_EXPR_OP_IS_BINARY (node->op) ? bin (&d, node->op, a, c)
                                                   : un (&d, node->op, a);
        }
      dmap[i] = node_derivative (&d, node, map[i], a, c, da, dc, (guint32) var);
    }

  if (b.full)
    {
      _pl_expr_builder_clear (&b);
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the derivative with respect to '%s' needs more than %u nodes",
                   variable, expr->max_nodes);
      return NULL;
    }
  return _pl_expr_builder_finish (&b, dmap[n - 1]);
}
