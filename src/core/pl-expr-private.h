/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-expr-private.h: what the expression files (parse, build, diff, eval, print) share.
 *
 * An expression is a DAG of nodes stored in one array in topological order: the children of
 * node i have indices below i and the root is the last node. Every pass (folding,
 * differentiation, compilation, printing) is therefore a loop or an explicit stack, never a
 * recursion whose depth the input controls.
 */
#pragma once

#include "pl-expr.h"

G_BEGIN_DECLS

typedef enum {
  /* leaves */
  PL_EXPR_OP_NUM,
  PL_EXPR_OP_VAR,
  PL_EXPR_OP_CONST,
  /* binary */
  PL_EXPR_OP_ADD,
  PL_EXPR_OP_SUB,
  PL_EXPR_OP_MUL,
  PL_EXPR_OP_DIV,
  PL_EXPR_OP_POW,
  PL_EXPR_OP_ATAN2,
  /* unary */
  PL_EXPR_OP_NEG,
  PL_EXPR_OP_SIN,
  PL_EXPR_OP_COS,
  PL_EXPR_OP_TAN,
  PL_EXPR_OP_ASIN,
  PL_EXPR_OP_ACOS,
  PL_EXPR_OP_ATAN,
  PL_EXPR_OP_SINH,
  PL_EXPR_OP_COSH,
  PL_EXPR_OP_TANH,
  PL_EXPR_OP_SECH,
  PL_EXPR_OP_ASINH,
  PL_EXPR_OP_ACOSH,
  PL_EXPR_OP_ATANH,
  PL_EXPR_OP_EXP,
  PL_EXPR_OP_LOG,
  PL_EXPR_OP_SQRT,
  PL_EXPR_OP_ERF,
  PL_EXPR_OP_ABS,
  PL_EXPR_OP_SIGN,
  PL_EXPR_N_OPS
} PlExprOp;

#define PL_EXPR_OP_IS_LEAF(op)   ((op) <= PL_EXPR_OP_CONST)
#define PL_EXPR_OP_IS_BINARY(op) ((op) >= PL_EXPR_OP_ADD && (op) <= PL_EXPR_OP_ATAN2)
#define PL_EXPR_OP_IS_UNARY(op)  ((op) >= PL_EXPR_OP_NEG && (op) < PL_EXPR_N_OPS)

/* "No node": a failed construction (node limit reached); every constructor passes it on. */
#define PL_EXPR_NONE G_MAXUINT32

typedef struct {
  guint32 op;
  guint32 a;      /* first child; VAR: variable index; CONST: constant index */
  guint32 b;      /* second child of a binary node */
  guint32 pad;
  double  value;  /* NUM: the number; CONST: its value */
} PlExprNode;

/* The names an expression was parsed against. Immutable, shared between an expression, its
 * copies and its derivatives (atomic reference count: they may live on different threads). */
typedef struct {
  guint    n_vars;
  char   **var_names;      /* NULL-terminated */
  guint    n_consts;
  char   **const_names;    /* NULL-terminated; pi and e first */
  double  *const_values;
} PlExprSymbols;

struct _PlExprContext {
  GPtrArray *var_names;
  GPtrArray *const_names;
  GArray    *const_values;
  gsize      max_length;
  guint      max_depth;
  guint      max_nodes;
};

/* Where an instruction finds an operand. */
enum {
  PL_EXPR_ARG_SLOT,  /* a workspace slot of PL_EXPR_CHUNK doubles */
  PL_EXPR_ARG_VAR,   /* an input array */
  PL_EXPR_ARG_POOL,  /* a scalar from the constant pool */
};

typedef struct {
  guint16 op;
  guint8  ka;
  guint8  kb;
  guint32 dst;       /* slot, or PL_EXPR_NONE for the output array */
  guint32 a;
  guint32 b;
} PlExprInsn;

/* Points per pass through the instructions: long enough to hide the dispatch, short enough
 * that the live slots stay in L1/L2. */
#define PL_EXPR_CHUNK 128

struct _PlExpr {
  PlExprSymbols *sym;
  guint          max_nodes;
  guint          n_nodes;
  PlExprNode    *nodes;     /* topological order, root last */
  guint8        *var_used;  /* n_vars flags */

  /* compiled form (pl-expr-eval.c) */
  guint          n_code;
  PlExprInsn    *code;
  guint          n_pool;
  double        *pool;
  guint          n_slots;
  guint8         result_kind; /* PL_EXPR_ARG_*: VAR (a copy), POOL (a constant) or SLOT (code) */
  guint32        result_index;
  double         result_value;
  double        *workspace;
  const double **point_vars;
};

typedef struct {
  PlExprNode *nodes;
  guint       n_nodes;
  guint       capacity;
  guint32    *table;        /* open addressing: node index + 1, 0 for empty */
  guint       table_size;   /* power of two */
  guint       max_nodes;
  gboolean    identities;   /* simplify with algebraic identities, not only fold numbers */
  gboolean    full;         /* max_nodes was reached */
  const PlExprSymbols *sym;
} PlExprBuilder;

/* pl-expr-build.c */
void        _pl_expr_builder_init  (PlExprBuilder       *b,
                                    const PlExprSymbols *sym,
                                    guint                max_nodes,
                                    gboolean             identities);
void        _pl_expr_builder_clear (PlExprBuilder       *b);
guint32     _pl_expr_num           (PlExprBuilder       *b,
                                    double               value);
guint32     _pl_expr_var           (PlExprBuilder       *b,
                                    guint                index);
guint32     _pl_expr_const         (PlExprBuilder       *b,
                                    guint                index);
guint32     _pl_expr_unary         (PlExprBuilder       *b,
                                    PlExprOp             op,
                                    guint32              a);
guint32     _pl_expr_binary        (PlExprBuilder       *b,
                                    PlExprOp             op,
                                    guint32              a,
                                    guint32              c);
/* Keep what @root reaches, in depth-first post-order, compile it, and hand it over as an
 * expression. Clears the builder. */
PlExpr     *_pl_expr_builder_finish (PlExprBuilder      *b,
                                     guint32             root);

/* pl-expr.c */
PlExprSymbols *_pl_expr_symbols_ref   (PlExprSymbols       *sym);
void           _pl_expr_symbols_unref (PlExprSymbols       *sym);
PlExprSymbols *_pl_expr_symbols_new   (const PlExprContext *ctx);
const char    *_pl_expr_op_name       (PlExprOp             op);
/* PL_EXPR_N_OPS when @name is not a function; *arity is 1 or 2. */
PlExprOp       _pl_expr_lookup_function (const char        *name,
                                         gsize              len,
                                         guint             *arity);

/* pl-expr-eval.c: the scalar semantics every fold and every kernel share. */
double      _pl_expr_apply_unary   (PlExprOp             op,
                                    double               x);
double      _pl_expr_apply_binary  (PlExprOp             op,
                                    double               x,
                                    double               y);
void        _pl_expr_compile       (PlExpr              *expr);

G_END_DECLS
