/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-expr.h"
#include "pl-expr-private.h"

#include <math.h>

/* Printing walks the DAG as a tree with an explicit stack (a root-to-leaf path visits
 * distinct nodes, so n_nodes frames suffice) and puts in exactly the parentheses the grammar
 * needs to rebuild the same tree: floating-point + and * are not associative, so a + (b + c)
 * keeps its parentheses. Negated operands on the right get parentheses for readability. */

enum {
  PREC_ADD = 1,
  PREC_MUL,
  PREC_NEG,
  PREC_POW,
  PREC_ATOM,
};

typedef struct {
  guint32 node;
  guint8  state;
  guint8  paren;
} Frame;

static int
precedence (const PlExprNode *n)
{
  switch (n->op)
    {
    case PL_EXPR_OP_NUM:
      return signbit (n->value) ? PREC_NEG : PREC_ATOM;
    case PL_EXPR_OP_ADD:
    case PL_EXPR_OP_SUB:
      return PREC_ADD;
    case PL_EXPR_OP_MUL:
    case PL_EXPR_OP_DIV:
      return PREC_MUL;
    case PL_EXPR_OP_NEG:
      return PREC_NEG;
    case PL_EXPR_OP_POW:
      return PREC_POW;
    default:
      return PREC_ATOM;
    }
}

/* The shortest of %.15g .. %.17g that reads back as the same double. */
static void
append_number (GString *s,
               double   v)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (signbit (v))
    {
      g_string_append_c (s, '-');
      v = -v;
    }
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  g_string_append (s, buf);
}

static const char *
binary_symbol (guint32 op)
{
  switch (op)
    {
    case PL_EXPR_OP_ADD: return " + ";
    case PL_EXPR_OP_SUB: return " - ";
    case PL_EXPR_OP_MUL: return "*";
    case PL_EXPR_OP_DIV: return "/";
    case PL_EXPR_OP_POW: return "^";
    default: g_assert_not_reached ();
    }
  return NULL;
}

/* Whether child @c (0 left, 1 right) of @parent needs parentheses. */
static gboolean
needs_paren (const PlExprNode *parent,
             const PlExprNode *child,
             guint             c)
{
  int pp = precedence (parent), pc = precedence (child);

  switch (parent->op)
    {
    case PL_EXPR_OP_NEG:
      return pc < PREC_NEG;
    case PL_EXPR_OP_POW:
      /* Right associative, and -a^b means -(a^b). */
      return c == 0 ? pc <= PREC_POW : pc <= PREC_NEG;
    case PL_EXPR_OP_ADD:
    case PL_EXPR_OP_SUB:
    case PL_EXPR_OP_MUL:
    case PL_EXPR_OP_DIV:
      return c == 0 ? pc < pp : (pc <= pp || pc == PREC_NEG);
    default:
      return FALSE;             /* function arguments */
    }
}

char *
pl_expr_to_string (const PlExpr *expr)
{
  const PlExprNode *nodes;
  g_autofree Frame *stack = NULL;
  GString *s;
  guint top = 0;

  g_return_val_if_fail (expr != NULL, NULL);

  nodes = expr->nodes;
  s = g_string_new (NULL);
  stack = g_new (Frame, expr->n_nodes + 1);
  stack[top++] = (Frame) { expr->n_nodes - 1, 0, FALSE };
  while (top > 0)
    {
      Frame *f = &stack[top - 1];
      const PlExprNode *n = &nodes[f->node];
      guint32 child = PL_EXPR_NONE;

      if (f->state == 0 && f->paren)
        g_string_append_c (s, '(');

      switch (n->op)
        {
        case PL_EXPR_OP_NUM:
          append_number (s, n->value);
          f->state = 9;
          break;
        case PL_EXPR_OP_VAR:
          g_string_append (s, expr->sym->var_names[n->a]);
          f->state = 9;
          break;
        case PL_EXPR_OP_CONST:
          g_string_append (s, expr->sym->const_names[n->a]);
          f->state = 9;
          break;
        case PL_EXPR_OP_NEG:
          if (f->state++ == 0)
            {
              g_string_append_c (s, '-');
              child = n->a;
            }
          else
            f->state = 9;
          break;
        case PL_EXPR_OP_ADD:
        case PL_EXPR_OP_SUB:
        case PL_EXPR_OP_MUL:
        case PL_EXPR_OP_DIV:
        case PL_EXPR_OP_POW:
          if (f->state == 0)
            child = n->a;
          else if (f->state == 1)
            {
              g_string_append (s, binary_symbol (n->op));
              child = n->b;
            }
          f->state = f->state == 2 ? 9 : f->state + 1;
          break;
        default:                /* functions */
          if (f->state == 0)
            {
              g_string_append (s, _pl_expr_op_name (n->op));
              g_string_append_c (s, '(');
              child = n->a;
            }
          else if (f->state == 1 && n->op == PL_EXPR_OP_ATAN2)
            {
              g_string_append (s, ", ");
              child = n->b;
            }
          else
            {
              g_string_append_c (s, ')');
              f->state = 9;
              break;
            }
          f->state++;
          break;
        }

      if (f->state == 9)
        {
          if (f->paren)
            g_string_append_c (s, ')');
          top--;
        }
      else if (child != PL_EXPR_NONE)
        {
          guint8 paren = needs_paren (n, &nodes[child], f->state == 1 ? 0 : 1);

          stack[top++] = (Frame) { child, 0, paren };
        }
    }
  return g_string_free (s, FALSE);
}
