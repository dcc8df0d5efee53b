/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-expr-private.h"

#include <math.h>
#include <string.h>

void
_pl_expr_builder_init (PlExprBuilder       *b,
                       const PlExprSymbols *sym,
                       guint                max_nodes,
                       gboolean             identities)
{
  memset (b, 0, sizeof *b);
  b->sym = sym;
  b->max_nodes = max_nodes;
  b->identities = identities;
  b->capacity = 64;
  b->nodes = g_new (PlExprNode, b->capacity);
  b->table_size = 128;
  b->table = g_new0 (guint32, b->table_size);
}

void
_pl_expr_builder_clear (PlExprBuilder *b)
{
  g_clear_pointer (&b->nodes, g_free);
  g_clear_pointer (&b->table, g_free);
  b->n_nodes = 0;
}

static guint
node_hash (const PlExprNode *n)
{
  guint64 bits, h;

  memcpy (&bits, &n->value, sizeof bits);
  h = n->op * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  h ^= (h >> 29) + n->a * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  h ^= (h >> 31) + n->b * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  h ^= (h >> 27) + bits * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  h ^= h >> 32;
  return (guint) h;
}

static gboolean
node_equal (const PlExprNode *x,
            const PlExprNode *y)
{
  /* Bitwise on the value: 0 and -0 are different numbers here. */
  return x->op == y->op && x->a == y->a && x->b == y->b
         && memcmp (&x->value, &y->value, sizeof (double)) == 0;
}

static void
table_grow (PlExprBuilder *b)
{
  guint size = b->table_size * 2;
  guint mask = size - 1;

  g_free (b->table);
  b->table = g_new0 (guint32, size);
  b->table_size = size;
  for (guint i = 0; i < b->n_nodes; i++)
    {
      guint h = node_hash (&b->nodes[i]) & mask;

      while (b->table[h] != 0)
        h = (h + 1) & mask;
      b->table[h] = i + 1;
    }
}

/* Hash-consing: equal nodes are stored once, so shared subexpressions are computed once. */
static guint32
intern (PlExprBuilder    *b,
        const PlExprNode *node)
{
  guint mask = b->table_size - 1;
  guint h = node_hash (node) & mask;

  while (b->table[h] != 0)
    {
      if (node_equal (&b->nodes[b->table[h] - 1], node))
        return b->table[h] - 1;
      h = (h + 1) & mask;
    }
  if (b->n_nodes >= b->max_nodes)
    {
      b->full = TRUE;
      return PL_EXPR_NONE;
    }
  if (b->n_nodes == b->capacity)
    {
      b->capacity *= 2;
      b->nodes = g_renew (PlExprNode, b->nodes, b->capacity);
    }
  b->nodes[b->n_nodes] = *node;
  b->table[h] = ++b->n_nodes;
  if (2 * b->n_nodes > b->table_size)
    table_grow (b);
  return b->n_nodes - 1;
}

static guint32
make (PlExprBuilder *b,
      PlExprOp       op,
      guint32        a,
      guint32        c,
      double         value)
{
  PlExprNode node = { op, a, c, 0, value };

  return intern (b, &node);
}

guint32
_pl_expr_num (PlExprBuilder *b,
              double         value)
{
  if (b->full)
    return PL_EXPR_NONE;
  return make (b, PL_EXPR_OP_NUM, 0, 0, value);
}

guint32
_pl_expr_var (PlExprBuilder *b,
              guint          index)
{
  if (b->full)
    return PL_EXPR_NONE;
  return make (b, PL_EXPR_OP_VAR, index, 0, 0.0);
}

guint32
_pl_expr_const (PlExprBuilder *b,
                guint          index)
{
  if (b->full)
    return PL_EXPR_NONE;
  return make (b, PL_EXPR_OP_CONST, index, 0, b->sym->const_values[index]);
}

static gboolean
is_num (const PlExprBuilder *b,
        guint32              i,
        double               v)
{
  return b->nodes[i].op == PL_EXPR_OP_NUM && b->nodes[i].value == v;
}

guint32
_pl_expr_unary (PlExprBuilder *b,
                PlExprOp       op,
                guint32        a)
{
  const PlExprNode *na;

  if (b->full || a == PL_EXPR_NONE)
    return PL_EXPR_NONE;
  na = &b->nodes[a];
  if (na->op == PL_EXPR_OP_NUM)
    {
      double v = _pl_expr_apply_unary (op, na->value);

      if (isfinite (v))
        return _pl_expr_num (b, v);
    }
  if (b->identities && op == PL_EXPR_OP_NEG)
    {
      if (na->op == PL_EXPR_OP_NEG)
        return na->a;
      if (na->op == PL_EXPR_OP_SUB)
        return make (b, PL_EXPR_OP_SUB, na->b, na->a, 0.0);
    }
  return make (b, op, a, 0, 0.0);
}

/* a OP c with algebraic identities; PL_EXPR_NONE when none applies. */
static guint32
simplify_binary (PlExprBuilder *b,
                 PlExprOp       op,
                 guint32        a,
                 guint32        c)
{
  const PlExprNode *na = &b->nodes[a], *nc = &b->nodes[c];

  switch (op)
    {
    case PL_EXPR_OP_ADD:
      if (is_num (b, a, 0.0))
        return c;
      if (is_num (b, c, 0.0))
        return a;
      if (nc->op == PL_EXPR_OP_NEG)
        return _pl_expr_binary (b, PL_EXPR_OP_SUB, a, nc->a);
      if (na->op == PL_EXPR_OP_NEG)
        return _pl_expr_binary (b, PL_EXPR_OP_SUB, c, na->a);
      break;
    case PL_EXPR_OP_SUB:
      if (is_num (b, c, 0.0))
        return a;
      if (is_num (b, a, 0.0))
        return _pl_expr_unary (b, PL_EXPR_OP_NEG, c);
      if (nc->op == PL_EXPR_OP_NEG)
        return _pl_expr_binary (b, PL_EXPR_OP_ADD, a, nc->a);
      break;
    case PL_EXPR_OP_MUL:
      if (is_num (b, a, 0.0) || is_num (b, c, 0.0))
        return _pl_expr_num (b, 0.0);
      if (is_num (b, a, 1.0))
        return c;
      if (is_num (b, c, 1.0))
        return a;
      if (is_num (b, a, -1.0))
        return _pl_expr_unary (b, PL_EXPR_OP_NEG, c);
      if (is_num (b, c, -1.0))
        return _pl_expr_unary (b, PL_EXPR_OP_NEG, a);
      if (na->op == PL_EXPR_OP_NEG)
        return _pl_expr_unary (b, PL_EXPR_OP_NEG, _pl_expr_binary (b, op, na->a, c));
      if (nc->op == PL_EXPR_OP_NEG)
        return _pl_expr_unary (b, PL_EXPR_OP_NEG, _pl_expr_binary (b, op, a, nc->a));
      /* Numbers first, and products of numbers merged: 2*(3*x) -> 6*x. */
      if (nc->op == PL_EXPR_OP_NUM && na->op != PL_EXPR_OP_NUM)
        return _pl_expr_binary (b, op, c, a);
      if (na->op == PL_EXPR_OP_NUM && nc->op == PL_EXPR_OP_MUL
          && b->nodes[nc->a].op == PL_EXPR_OP_NUM)
        {
          double v = na->value * b->nodes[nc->a].value;
          guint32 rest = nc->b;

          if (isfinite (v))
            return _pl_expr_binary (b, op, _pl_expr_num (b, v), rest);
        }
      break;
    case PL_EXPR_OP_DIV:
      if (is_num (b, a, 0.0))
        return _pl_expr_num (b, 0.0);
      if (is_num (b, c, 1.0))
        return a;
      if (is_num (b, c, -1.0))
        return _pl_expr_unary (b, PL_EXPR_OP_NEG, a);
      if (na->op == PL_EXPR_OP_NEG)
        return _pl_expr_unary (b, PL_EXPR_OP_NEG, _pl_expr_binary (b, op, na->a, c));
      break;
    case PL_EXPR_OP_POW:
      if (is_num (b, c, 1.0))
        return a;
      if (is_num (b, c, 0.0) || is_num (b, a, 1.0))
        return _pl_expr_num (b, 1.0);
      break;
    default:
      break;
    }
  return PL_EXPR_NONE;
}

guint32
_pl_expr_binary (PlExprBuilder *b,
                 PlExprOp       op,
                 guint32        a,
                 guint32        c)
{
  if (b->full || a == PL_EXPR_NONE || c == PL_EXPR_NONE)
    return PL_EXPR_NONE;
  if (b->nodes[a].op == PL_EXPR_OP_NUM && b->nodes[c].op == PL_EXPR_OP_NUM)
    {
      double v = _pl_expr_apply_binary (op, b->nodes[a].value, b->nodes[c].value);

      if (isfinite (v))
        return _pl_expr_num (b, v);
    }
  if (b->identities)
    {
      guint32 s = simplify_binary (b, op, a, c);

      /* A failed simplification under a full builder is a failure, not "no identity". */
      if (s != PL_EXPR_NONE || b->full)
        return s;
    }
  return make (b, op, a, c, 0.0);
}

static guint
arity (guint32 op)
{
  return PL_EXPR_OP_IS_LEAF (op) ? 0 : PL_EXPR_OP_IS_BINARY (op) ? 2 : 1;
}

PlExpr *
_pl_expr_builder_finish (PlExprBuilder *b,
                         guint32        root)
{
  guint n = b->n_nodes, count = 0, top = 0;
  g_autofree guint32 *newidx = g_new (guint32, n);
  g_autofree guint32 *stack = g_new (guint32, n);
  g_autofree guint8 *state = g_new0 (guint8, n);
  PlExpr *expr;

  g_assert (root < n);

  /* Iterative depth-first post-order from the root: drops unreachable nodes, and computes
   * each subexpression right before its use, which keeps few values live during evaluation.
   * A node is never on the stack twice (that would need a cycle), so n entries suffice. */
  memset (newidx, 0xff, n * sizeof (guint32));
  stack[top++] = root;
  while (top > 0)
    {
      guint32 i = stack[top - 1];
      const PlExprNode *node = &b->nodes[i];

      if (state[i] < arity (node->op))
        {
          guint32 child = state[i]++ == 0 ? node->a : node->b;

          if (newidx[child] == PL_EXPR_NONE)
            stack[top++] = child;
          continue;
        }
      top--;
      if (newidx[i] == PL_EXPR_NONE)
        newidx[i] = count++;
    }

  expr = g_new0 (PlExpr, 1);
  expr->sym = _pl_expr_symbols_ref ((PlExprSymbols *) b->sym);
  expr->max_nodes = b->max_nodes;
  expr->n_nodes = count;
  expr->nodes = g_new (PlExprNode, count);
  expr->var_used = g_new0 (guint8, MAX (b->sym->n_vars, 1));
  for (guint32 i = 0; i < n; i++)
    {
      PlExprNode node = b->nodes[i];

      if (newidx[i] == PL_EXPR_NONE)
        continue;
      if (arity (node.op) >= 1)
        node.a = newidx[node.a];
      if (arity (node.op) == 2)
        node.b = newidx[node.b];
      if (node.op == PL_EXPR_OP_VAR)
        expr->var_used[node.a] = 1;
      expr->nodes[newidx[i]] = node;
    }
  _pl_expr_builder_clear (b);
  _pl_expr_compile (expr);
  return expr;
}
