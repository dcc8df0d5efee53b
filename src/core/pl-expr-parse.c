/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-expr.h"
#include "pl-error.h"
#include "pl-expr-private.h"

#include <math.h>
#include <string.h>

/* Recursive descent over the grammar in pl-expr.h. Every recursive call (sign, '^', '(' and
 * function call) counts one level of depth and is refused beyond the context's limit, so
 * the C stack use is bounded whatever the input. */

typedef enum {
  TOK_END,
  TOK_NUM,
  TOK_NAME,
  TOK_PLUS,
  TOK_MINUS,
  TOK_STAR,
  TOK_SLASH,
  TOK_POW,
  TOK_LPAREN,
  TOK_RPAREN,
  TOK_COMMA,
  TOK_BAD,
} TokKind;

typedef struct {
  const PlExprContext *ctx;
  PlExprSymbols       *sym;
  PlExprBuilder        b;
  const char          *text;
  gsize                len;
  gsize                pos;      /* just after the current token */
  TokKind              tok;
  gsize                start;    /* of the current token */
  gsize                tok_len;
  double               num;
  guint                depth;
  guint                n_tokens;
  GError             **error;
  gboolean             failed;
} Parser;

/* The expression as shown in messages: printable ASCII only, long texts shortened. */
static char *
quote_text (const char *text,
            gsize       len)
{
  gsize shown = MIN (len, 60);
  GString *s = g_string_sized_new (shown + 4);

  for (gsize i = 0; i < shown; i++)
    g_string_append_c (s, g_ascii_isprint (text[i]) ? text[i] : '?');
  if (shown < len)
    g_string_append (s, "...");
  return g_string_free (s, FALSE);
}

static void G_GNUC_PRINTF (4, 5)
fail (Parser     *p,
      gsize       offset,
      const char *suffix,
      const char *format,
      ...)
{
  g_autofree char *quoted = NULL;
  g_autofree char *msg = NULL;
  va_list args;

  if (p->failed)
    return;
  p->failed = TRUE;
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  quoted = quote_text (p->text, p->len);
  g_set_error (p->error, PL_ERROR, PL_ERROR_PARSE, "expression '%s': %s at column %" G_GSIZE_FORMAT
               "%s%s", quoted, msg, offset + 1, suffix ? "; " : "", suffix ? suffix : "");
}

/* The current token as text for a message, e.g. "'foo'" or "byte 0xC3". */
static char *
describe_token (const Parser *p)
{
  guchar c = (guchar) p->text[p->start];

  if (p->tok == TOK_END)
    return g_strdup ("end of expression");
  if (p->tok == TOK_BAD && !g_ascii_isprint (c))
    return g_strdup_printf ("byte 0x%02X", c);
  return g_strdup_printf ("'%.*s'", (int) MIN (p->tok_len, 32), p->text + p->start);
}

static void
next (Parser *p)
{
  const char *t = p->text;
  gsize i = p->pos;

  while (i < p->len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
    i++;
  p->start = i;
  if (i >= p->len)
    {
      p->tok = TOK_END;
      p->tok_len = 0;
      p->pos = i;
      return;
    }

  if (g_ascii_isdigit (t[i]) || (t[i] == '.' && i + 1 < p->len && g_ascii_isdigit (t[i + 1])))
    {
      g_autofree char *digits = NULL;

      while (i < p->len && g_ascii_isdigit (t[i]))
        i++;
      if (i < p->len && t[i] == '.')
        for (i++; i < p->len && g_ascii_isdigit (t[i]); i++)
          ;
      if (i < p->len && (t[i] == 'e' || t[i] == 'E'))
        {
          gsize j = i + 1;

          if (j < p->len && (t[j] == '+' || t[j] == '-'))
            j++;
          if (j < p->len && g_ascii_isdigit (t[j]))
            for (i = j; i < p->len && g_ascii_isdigit (t[i]); i++)
              ;
        }
      p->tok = TOK_NUM;
      digits = g_strndup (t + p->start, i - p->start);
      p->num = g_ascii_strtod (digits, NULL);
    }
  else if (g_ascii_isalpha (t[i]) || t[i] == '_')
    {
      while (i < p->len && (g_ascii_isalnum (t[i]) || t[i] == '_'))
        i++;
      p->tok = TOK_NAME;
    }
  else
    {
      switch (t[i++])
        {
        case '+': p->tok = TOK_PLUS; break;
        case '-': p->tok = TOK_MINUS; break;
        case '/': p->tok = TOK_SLASH; break;
        case '^': p->tok = TOK_POW; break;
        case '(': p->tok = TOK_LPAREN; break;
        case ')': p->tok = TOK_RPAREN; break;
        case ',': p->tok = TOK_COMMA; break;
        case '*':
          p->tok = TOK_STAR;
          if (i < p->len && t[i] == '*')
            {
              p->tok = TOK_POW;
              i++;
            }
          break;
        default:
          p->tok = TOK_BAD;
          break;
        }
    }
  p->tok_len = i - p->start;
  p->pos = i;
  p->n_tokens++;
}

static gboolean
enter (Parser *p)
{
  if (++p->depth > p->ctx->max_depth)
    {
      fail (p, p->start, NULL, "nested deeper than %u levels", p->ctx->max_depth);
      return FALSE;
    }
  return TRUE;
}

static guint32
check_node (Parser  *p,
            guint32  node,
            gsize    offset)
{
  if (node == PL_EXPR_NONE && !p->failed)
    fail (p, offset, NULL, "more than %u nodes", p->b.max_nodes);
  return node;
}

static void
expected_operand (Parser *p)
{
  g_autofree char *what = describe_token (p);

  if (p->tok == TOK_END && p->n_tokens == 0)
    fail (p, 0, NULL, "empty expression");
  else if (p->tok == TOK_RPAREN)
    fail (p, p->start, "expected a number, a name or '('", "unexpected ')'");
  else
    fail (p, p->start, "expected a number, a name or '('", "unexpected %s", what);
}

static char *
allowed_names (const PlExprSymbols *sym)
{
  g_autoptr(GString) s = g_string_new ("allowed names: ");

  for (guint i = 0; i < sym->n_vars; i++)
    g_string_append_printf (s, "%s, ", sym->var_names[i]);
  for (guint i = 0; i < sym->n_consts; i++)
    g_string_append_printf (s, "%s%s", sym->const_names[i], i + 1 < sym->n_consts ? ", " : "");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
allowed_functions (void)
{
  g_autofree char *list = g_strjoinv (", ", (char **) pl_expr_function_names ());

  return g_strdup_printf ("functions: %s", list);
}

static guint32 parse_expr (Parser *p);
static guint32 parse_unary (Parser *p);

static guint32
parse_call (Parser   *p,
            PlExprOp  op,
            guint     arity,
            gsize     name_start,
            gsize     name_len)
{
  guint32 args[2] = { PL_EXPR_NONE, PL_EXPR_NONE };
  guint n_args = 0;

  if (!enter (p))
    return PL_EXPR_NONE;
  next (p);                               /* '(' */
  if (p->tok != TOK_RPAREN)
    for (;;)
      {
        guint32 arg = parse_expr (p);

        if (p->failed)
          return PL_EXPR_NONE;
        if (n_args < 2)
          args[n_args] = arg;
        n_args++;
        if (p->tok != TOK_COMMA)
          break;
        next (p);
      }
  if (p->tok != TOK_RPAREN)
    {
      g_autofree char *what = describe_token (p);

      if (p->tok == TOK_END)
        fail (p, p->start, NULL, "missing ')'");
      else
        fail (p, p->start, "expected ',' or ')'", "unexpected %s", what);
      return PL_EXPR_NONE;
    }
  if (n_args != arity)
    {
      fail (p, name_start, NULL, "function '%.*s' takes %u argument%s, not %u",
            (int) name_len, p->text + name_start, arity, arity == 1 ? "" : "s", n_args);
      return PL_EXPR_NONE;
    }
  next (p);                               /* ')' */
  p->depth--;
  if (arity == 1)
    return check_node (p, _pl_expr_unary (&p->b, op, args[0]), name_start);
  return check_node (p, _pl_expr_binary (&p->b, op, args[0], args[1]), name_start);
}

static gint
find_name (char       **names,
           guint        n,
           const char  *name,
           gsize        len)
{
  for (guint i = 0; i < n; i++)
    if (strlen (names[i]) == len && memcmp (names[i], name, len) == 0)
      return (gint) i;
  return -1;
}

static guint32
parse_name (Parser *p)
{
  gsize start = p->start, len = p->tok_len, after = p->pos;
  const char *name = p->text + start;
  const PlExprSymbols *sym = p->sym;
  guint arity;
  PlExprOp op = _pl_expr_lookup_function (name, len, &arity);
  gint i;

  while (after < p->len && (p->text[after] == ' ' || p->text[after] == '\t'
                            || p->text[after] == '\n' || p->text[after] == '\r'))
    after++;

  if (after < p->len && p->text[after] == '(')
    {
      if (op == PL_EXPR_N_OPS)
        {
          g_autofree char *funcs = allowed_functions ();

          if (find_name (sym->var_names, sym->n_vars, name, len) >= 0
              || find_name (sym->const_names, sym->n_consts, name, len) >= 0)
            fail (p, start, "write '*' to multiply", "'%.*s' is not a function", (int) len, name);
          else
            fail (p, start, funcs, "unknown function '%.*s'", (int) MIN (len, 64), name);
          return PL_EXPR_NONE;
        }
      next (p);
      return parse_call (p, op, arity, start, len);
    }
  if (op != PL_EXPR_N_OPS)
    {
      fail (p, start, NULL, "function '%.*s' needs its argument%s in parentheses",
            (int) len, name, arity == 1 ? "" : "s");
      return PL_EXPR_NONE;
    }

  if ((i = find_name (sym->var_names, sym->n_vars, name, len)) >= 0)
    {
      next (p);
      return check_node (p, _pl_expr_var (&p->b, i), start);
    }
  if ((i = find_name (sym->const_names, sym->n_consts, name, len)) >= 0)
    {
      next (p);
      return check_node (p, _pl_expr_const (&p->b, i), start);
    }

  {
    g_autofree char *names = allowed_names (sym);
    fail (p, start, names, "unknown name '%.*s'", (int) MIN (len, 64), name);
  }
  return PL_EXPR_NONE;
}

static guint32
parse_primary (Parser *p)
{
  guint32 node;

  switch (p->tok)
    {
    case TOK_NUM:
      if (!isfinite (p->num))
        {
          fail (p, p->start, NULL, "number '%.*s' is out of range",
                (int) MIN (p->tok_len, 64), p->text + p->start);
          return PL_EXPR_NONE;
        }
      node = check_node (p, _pl_expr_num (&p->b, p->num), p->start);
      next (p);
      return node;
    case TOK_NAME:
      return parse_name (p);
    case TOK_LPAREN:
      {
        gsize open = p->start;

        if (!enter (p))
          return PL_EXPR_NONE;
        next (p);
        node = parse_expr (p);
        if (p->failed)
          return PL_EXPR_NONE;
        if (p->tok != TOK_RPAREN)
          {
            g_autofree char *what = describe_token (p);

            if (p->tok == TOK_END)
              {
                g_autofree char *opened = g_strdup_printf ("the '(' at column %" G_GSIZE_FORMAT
                                                           " is not closed", open + 1);
                fail (p, p->start, opened, "missing ')'");
              }
            else
              fail (p, p->start, "expected an operator or ')'", "unexpected %s", what);
            return PL_EXPR_NONE;
          }
        next (p);
        p->depth--;
        return node;
      }
    default:
      expected_operand (p);
      return PL_EXPR_NONE;
    }
}

static guint32
parse_power (Parser *p)
{
  guint32 base = parse_primary (p), expo;
  gsize at;

  if (p->failed || p->tok != TOK_POW)
    return base;
  at = p->start;
  if (!enter (p))
    return PL_EXPR_NONE;
  next (p);
  expo = parse_unary (p);
  if (p->failed)
    return PL_EXPR_NONE;
  p->depth--;
  return check_node (p, _pl_expr_binary (&p->b, PL_EXPR_OP_POW, base, expo), at);
}

static guint32
parse_unary (Parser *p)
{
  guint32 node;
  TokKind sign = p->tok;
  gsize at = p->start;

  if (sign != TOK_MINUS && sign != TOK_PLUS)
    return parse_power (p);
  if (!enter (p))
    return PL_EXPR_NONE;
  next (p);
  node = parse_unary (p);
  if (p->failed)
    return PL_EXPR_NONE;
  p->depth--;
  if (sign == TOK_PLUS)
    return node;
  return check_node (p, _pl_expr_unary (&p->b, PL_EXPR_OP_NEG, node), at);
}

static guint32
parse_term (Parser *p)
{
  guint32 left = parse_unary (p);

  while (!p->failed && (p->tok == TOK_STAR || p->tok == TOK_SLASH))
    {
      PlExprOp op = p->tok == TOK_STAR ? PL_EXPR_OP_MUL : PL_EXPR_OP_DIV;
      gsize at = p->start;
      guint32 right;

      next (p);
      right = parse_unary (p);
      if (p->failed)
        return PL_EXPR_NONE;
      left = check_node (p, _pl_expr_binary (&p->b, op, left, right), at);
    }
  return left;
}

static guint32
parse_expr (Parser *p)
{
  guint32 left = parse_term (p);

  while (!p->failed && (p->tok == TOK_PLUS || p->tok == TOK_MINUS))
    {
      PlExprOp op = p->tok == TOK_PLUS ? PL_EXPR_OP_ADD : PL_EXPR_OP_SUB;
      gsize at = p->start;
      guint32 right;

      next (p);
      right = parse_term (p);
      if (p->failed)
        return PL_EXPR_NONE;
      left = check_node (p, _pl_expr_binary (&p->b, op, left, right), at);
    }
  return left;
}

PlExpr *
pl_expr_parse (const PlExprContext  *ctx,
               const char           *text,
               GError              **error)
{
  Parser p = { 0 };
  guint32 root;
  PlExpr *expr = NULL;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  p.ctx = ctx;
  p.text = text;
  p.len = strlen (text);
  p.error = error;
  if (p.len > ctx->max_length)
    {
      fail (&p, ctx->max_length, NULL, "text is %" G_GSIZE_FORMAT " bytes long, more than the "
            "limit of %" G_GSIZE_FORMAT, p.len, ctx->max_length);
      return NULL;
    }

  p.sym = _pl_expr_symbols_new (ctx);
  _pl_expr_builder_init (&p.b, p.sym, ctx->max_nodes, FALSE);
  next (&p);
  root = parse_expr (&p);
  if (!p.failed && p.tok != TOK_END)
    {
      g_autofree char *what = describe_token (&p);

      if (p.tok == TOK_RPAREN)
        fail (&p, p.start, NULL, "unmatched ')'");
      else
        fail (&p, p.start, "expected an operator or the end", "unexpected %s", what);
    }
  if (!p.failed)
    expr = _pl_expr_builder_finish (&p.b, root);
  _pl_expr_builder_clear (&p.b);
  _pl_expr_symbols_unref (p.sym);
  return expr;
}
