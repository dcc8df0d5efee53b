/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-expr.h: user-written formulas (residuals, forcing terms, boundary values, exact
 * solutions) parsed safely, evaluated over batches of collocation points and differentiated
 * symbolically, so the training code can get dR/du, dR/du_x, ... for backpropagation.
 *
 * Who calls this: the problem module (pl-problem), the experiment loader, the GUI's problem
 * editor and the CLI.
 *
 * Why our own parser: no library on Debian 12 fits. libmatheval is unmaintained and not in
 * main, muparser is C++ and has no symbolic derivatives, and an embedded scripting language
 * would execute user text. This one only ever builds an arithmetic DAG.
 *
 * Grammar (whitespace is ignored; columns in error messages are 1-based byte offsets):
 *
 *   expr    := term (('+' | '-') term)*                  left associative
 *   term    := unary (('*' | '/') unary)*                left associative
 *   unary   := ('-' | '+') unary | power
 *   power   := primary (('^' | '**') unary)?             right associative
 *   primary := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
 *   number  := digits ['.' digits] [exponent] | '.' digits [exponent],  exponent := [eE][+-]digits
 *   name    := [A-Za-z_][A-Za-z0-9_]*
 *
 * So the power binds tighter than unary minus, as in mathematics, Fortran and Python:
 * -2^2 = -(2^2) = -4, 2^3^2 = 2^(3^2) = 512, 2^-1 = 0.5, and -x*y = (-x)*y.
 * There is no implicit multiplication: "2x" is an error.
 *
 * Functions (all from C99 <math.h>, derivatives in brackets):
 *   sin [cos]  cos [-sin]  tan [1 + tan^2]  asin [1/sqrt(1-a^2)]  acos [-1/sqrt(1-a^2)]
 *   atan [1/(1+a^2)]  sinh [cosh]  cosh [sinh]  tanh [sech^2]  sech = 1/cosh [-sech tanh]
 *   asinh [1/sqrt(a^2+1)]  acosh [1/sqrt(a^2-1)]  atanh [1/(1-a^2)]  exp [exp]  log (natural)
 *   [1/a]  sqrt [1/(2 sqrt)]  erf [2/sqrt(pi) exp(-a^2)]  abs [sign]  sign (-1, 0 or 1,
 *   keeping the sign of zero) [0]  pow(a, b) = a^b  atan2(y, x) [(x dy - y dx)/(x^2+y^2)].
 * Powers: d(a^b) = b a^(b-1) da + a^b log(a) db, each term only when its differential is not
 * identically zero, so x^3 and 2^x both differentiate where a^b is defined.
 * Built-in constants: pi and e. abs and sign are the only non-smooth functions: their
 * derivative is taken as sign(a) and 0 (correct everywhere except at 0).
 *
 * Names are variables or constants declared in a PlExprContext; anything else is an error
 * that names the identifier, its column and the allowed names. Constants keep their names
 * when printed; their values are frozen into the expression when it is parsed.
 *
 * Numeric subexpressions are folded when parsed ("2*3" becomes 6) with the same functions the
 * evaluator uses, so folding never changes a value; results that are not finite stay
 * unfolded. Derivatives are further simplified with the identities 0*a = 0, 1*a = a, a+0 = a,
 * a^1 = a, a^0 = 1, -(-a) = a (so 0*a is 0 even where a is infinite or NaN). Equal
 * subexpressions are stored once, so an expression is a DAG and its derivative shares the
 * nodes of the original.
 *
 * Limits against hostile input, set per context (defaults below): text length, nesting depth
 * (every '(' , function call, unary sign and '^' is one level) and number of DAG nodes, which
 * also bounds derivatives. The parser recurses only up to the depth limit; evaluation,
 * differentiation and printing never recurse.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"

G_BEGIN_DECLS

#define PL_EXPR_DEFAULT_MAX_LENGTH 4096
#define PL_EXPR_DEFAULT_MAX_DEPTH  64
#define PL_EXPR_DEFAULT_MAX_NODES  65536
/* Hard ceilings for pl_expr_context_set_limits (): the depth one keeps the parser's recursion
 * within a few hundred kilobytes of stack on any thread. */
#define PL_EXPR_MAX_DEPTH          256
#define PL_EXPR_MAX_NODES          (1u << 22)
#define PL_EXPR_MAX_VARIABLES      256

/* --- contexts: the names an expression may use -------------------------------------- */

PlExprContext *pl_expr_context_new            (void);
void           pl_expr_context_free           (PlExprContext       *ctx);
/* Declare a variable. Its index (declaration order, from 0) is its position in the @vars
 * array of pl_expr_eval (). Fails for names that are not identifiers, already declared, a
 * function name, pi or e, or beyond PL_EXPR_MAX_VARIABLES. */
gboolean       pl_expr_context_add_variable   (PlExprContext       *ctx,
                                               const char          *name,
                                               GError             **error);
/* Declare a named constant (e.g. nu = 0.01). Fails like add_variable and for values that are
 * not finite. */
gboolean       pl_expr_context_add_constant   (PlExprContext       *ctx,
                                               const char          *name,
                                               double               value,
                                               GError             **error);
/* Declare the inputs of a field and the field's partial derivatives up to @max_order (1..4)
 * in every combination: for field "u", inputs "xt" and order 2 this declares x and t (unless
 * already declared), u, u_x, u_t, u_xx, u_xt, u_tt. Each input is one letter; the letters of
 * a derivative follow the order of @inputs. */
gboolean       pl_expr_context_add_derivatives (PlExprContext      *ctx,
                                                const char         *field,
                                                const char         *inputs,
                                                guint               max_order,
                                                GError            **error);
/* 0 keeps the default. Ceilings: PL_EXPR_MAX_DEPTH, PL_EXPR_MAX_NODES. */
void           pl_expr_context_set_limits     (PlExprContext       *ctx,
                                               gsize                max_length,
                                               guint                max_depth,
                                               guint                max_nodes);
guint          pl_expr_context_get_n_variables (const PlExprContext *ctx);
/* -1 when @name is not a declared variable. */
gint           pl_expr_context_find_variable  (const PlExprContext *ctx,
                                               const char          *name);

/* The function names the grammar accepts, NULL-terminated, static. */
const char * const *pl_expr_function_names    (void);

/* --- expressions --------------------------------------------------------------------- */

/* Parse @text against @ctx. The expression copies what it needs from the context, which may
 * be freed or changed afterwards. Errors are PL_ERROR_PARSE and read
 * "expression 'sin(x': missing ')' at column 6". */
PlExpr        *pl_expr_parse                  (const PlExprContext *ctx,
                                               const char          *text,
                                               GError             **error);
void           pl_expr_free                   (PlExpr              *expr);
/* An independent copy with its own workspace (one per thread, see pl_expr_eval ()). */
PlExpr        *pl_expr_copy                   (const PlExpr        *expr);

/* The symbolic partial derivative d expr / d @variable, simplified (see the top of this
 * header). Variables other than @variable are held fixed, so d(u*u_x)/du = u_x. Fails with
 * PL_ERROR_INVALID_ARGUMENT for names that are not variables of the expression's context and
 * when the result would exceed the context's node limit. */
PlExpr        *pl_expr_diff                   (const PlExpr        *expr,
                                               const char          *variable,
                                               GError             **error);

/* out[i] = expr (vars[0][i], vars[1][i], ...) for i < @batch. vars[k] is the array of
 * variable k of the context (NULL allowed for variables the expression does not use). The
 * batch is processed in chunks, innermost, in the expression's own workspace: no allocation,
 * but one thread at a time per PlExpr. @out may alias one of the inputs. */
void           pl_expr_eval                   (PlExpr              *expr,
                                               const double *const *vars,
                                               gsize                batch,
                                               double              *out);
/* The same with a caller-owned workspace of pl_expr_workspace_size () doubles, for calling
 * one expression from several threads. */
gsize          pl_expr_workspace_size         (const PlExpr        *expr);
void           pl_expr_eval_with_workspace    (const PlExpr        *expr,
                                               const double *const *vars,
                                               gsize                batch,
                                               double              *workspace,
                                               double              *out);
/* One point: values[k] is variable k. Uses the expression's workspace. */
double         pl_expr_eval_point             (PlExpr              *expr,
                                               const double        *values);

/* Text in the grammar above; parsing it again with the same context (and limits large
 * enough for it) gives an expression with bit-identical values. */
char          *pl_expr_to_string              (const PlExpr        *expr);

/* The context's variables, as the expression saw them when it was parsed. */
guint          pl_expr_get_n_variables        (const PlExpr        *expr);
const char    *pl_expr_get_variable_name      (const PlExpr        *expr,
                                               guint                index);
gint           pl_expr_find_variable          (const PlExpr        *expr,
                                               const char          *name);
/* Whether the expression depends on variable @index (after folding and simplification). */
gboolean       pl_expr_uses_variable          (const PlExpr        *expr,
                                               guint                index);
/* The names of the variables the expression uses, in declaration order (g_strfreev). This is
 * how the engine learns which derivatives of u a residual needs. */
char         **pl_expr_list_used_variables    (const PlExpr        *expr);
/* TRUE and the value when the expression uses no variable (e.g. dR/du_xx = -nu). */
gboolean       pl_expr_is_constant            (const PlExpr        *expr,
                                               double              *value);
/* Nodes of the DAG (a measure of size; equal subexpressions count once). */
guint          pl_expr_get_n_nodes            (const PlExpr        *expr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlExprContext, pl_expr_context_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlExpr, pl_expr_free)

G_END_DECLS
