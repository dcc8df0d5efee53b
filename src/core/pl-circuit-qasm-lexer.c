/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-circuit-qasm-private.h"
#include "pl-error.h"

#include <math.h>
#include <string.h>

/* Parentheses and unary signs recurse; a bound keeps hostile input from exhausting the stack. */
#define MAX_DEPTH 64
/* Characters of the offending line quoted in an error message. */
#define MAX_QUOTED 80

gboolean
_pl_qasm_fail (Parser     *P,
               guint       line,
               const char *format,
               ...)
{
  g_autofree char *msg = NULL;
  g_autofree char *src = NULL;
  g_autofree char *valid_msg = NULL;
  g_autofree char *valid_src = NULL;
  const char *start = P->text;
  const char *end;
  va_list ap;

  if (*P->error != NULL)
    return FALSE;
  va_start (ap, format);
  msg = g_strdup_vprintf (format, ap);
  va_end (ap);

  for (guint l = 1; l < line && *start != '\0'; start++)
    if (*start == '\n')
      l++;
  end = strchr (start, '\n');
  src = end != NULL ? g_strndup (start, end - start) : g_strdup (start);
  g_strstrip (src);
  /* The text may come from any file: the message must stay valid UTF-8 on one short line. */
  valid_msg = g_utf8_make_valid (msg, -1);
  valid_src = g_utf8_make_valid (src, -1);
  if (g_utf8_strlen (valid_src, -1) > MAX_QUOTED)
    {
      char *cut = g_utf8_offset_to_pointer (valid_src, MAX_QUOTED);
      char *clipped;

      *cut = '\0';
      clipped = g_strconcat (valid_src, "…", NULL);
      g_free (valid_src);
      valid_src = clipped;
    }
  g_set_error (P->error, PL_ERROR, PL_ERROR_PARSE, "OpenQASM line %u: %s (in '%s')", line,
               valid_msg, valid_src);
  return FALSE;
}

gboolean
_pl_qasm_tok_is (const Parser *P,
                 const char   *s)
{
  return P->tok.kind != TOK_EOF && P->tok.kind != TOK_STRING && P->tok.len == strlen (s) &&
         strncmp (P->tok.start, s, P->tok.len) == 0;
}

char *
_pl_qasm_tok_text (const Parser *P)
{
  if (P->tok.kind == TOK_EOF)
    return g_strdup ("end of input");
  return g_strndup (P->tok.start, P->tok.len);
}

gboolean
_pl_qasm_next (Parser *P)
{
  const char *p = P->p;

  for (;;)
    {
      if (*p == '\n')
        P->line++;
      if (g_ascii_isspace (*p))
        p++;
      else if (p[0] == '/' && p[1] == '/')
        while (*p != '\0' && *p != '\n')
          p++;
      else
        break;
    }

  P->tok.start = p;
  P->tok.line = P->line;
  if (*p == '\0')
    {
      P->tok.kind = TOK_EOF;
      P->tok.len = 0;
    }
  else if (g_ascii_isalpha (*p) || *p == '_')
    {
      while (g_ascii_isalnum (*p) || *p == '_')
        p++;
      P->tok.kind = TOK_ID;
    }
  else if (g_ascii_isdigit (*p) || (*p == '.' && g_ascii_isdigit (p[1])))
    {
      char *end;

      P->tok.number = g_ascii_strtod (p, &end);
      p = end;
      P->tok.kind = TOK_NUMBER;
    }
  else if (*p == '"')
    {
      const char *close = p + 1;

      while (*close != '\0' && *close != '"' && *close != '\n')
        close++;
      if (*close != '"')
        return _pl_qasm_fail (P, P->line, "unterminated string");
      p = close + 1;
      P->tok.kind = TOK_STRING;
    }
  else if ((p[0] == '-' && p[1] == '>') || (p[0] == '=' && p[1] == '='))
    {
      p += 2;
      P->tok.kind = TOK_PUNCT;
    }
  else if (strchr (";,()[]{}+-*/^", *p) != NULL)
    {
      p++;
      P->tok.kind = TOK_PUNCT;
    }
  else
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        return _pl_qasm_fail (P, P->line, "byte 0x%02X is not UTF-8 text", (guchar) *p);
      if (g_unichar_isprint (c))
        return _pl_qasm_fail (P, P->line, "unexpected character '%.*s' (U+%04X)",
                              (int) (g_utf8_next_char (p) - p), p, c);
      return _pl_qasm_fail (P, P->line, "unexpected control character U+%04X", c);
    }

  P->tok.len = p - P->tok.start;
  P->p = p;
  return TRUE;
}

gboolean
_pl_qasm_expect (Parser     *P,
                 const char *punct,
                 const char *after)
{
  g_autofree char *got = NULL;

  if (_pl_qasm_tok_is (P, punct))
    return _pl_qasm_next (P);
  got = _pl_qasm_tok_text (P);
  return _pl_qasm_fail (P, P->stmt_line, "expected '%s' after %s, found '%s'", punct, after,
                        got);
}

/* For the statements we accept but do not model (barrier, measure). */
gboolean
_pl_qasm_skip_statement (Parser     *P,
                         const char *what)
{
  while (P->tok.kind != TOK_EOF && !_pl_qasm_tok_is (P, ";"))
    if (!_pl_qasm_next (P))
      return FALSE;
  return _pl_qasm_expect (P, ";", what);
}

/* --- angle expressions ------------------------------------------------------------------ */

static gboolean
parse_primary (Parser *P,
               double *value)
{
  static const struct { const char *name; double (*f) (double); } funcs[] = {
    { "sin", sin }, { "cos", cos }, { "tan", tan }, { "exp", exp }, { "ln", log },
    { "sqrt", sqrt },
  };
  g_autofree char *got = NULL;

  if (P->tok.kind == TOK_NUMBER)
    {
      *value = P->tok.number;
      return _pl_qasm_next (P);
    }
  if (_pl_qasm_tok_is (P, "pi"))
    {
      *value = G_PI;
      return _pl_qasm_next (P);
    }
  if (_pl_qasm_tok_is (P, "("))
    return _pl_qasm_next (P) && _pl_qasm_parse_expr (P, value) &&
           _pl_qasm_expect (P, ")", "a parenthesized expression");
  for (guint i = 0; i < G_N_ELEMENTS (funcs); i++)
    if (_pl_qasm_tok_is (P, funcs[i].name))
      {
        if (!_pl_qasm_next (P) || !_pl_qasm_expect (P, "(", funcs[i].name) ||
            !_pl_qasm_parse_expr (P, value) || !_pl_qasm_expect (P, ")", funcs[i].name))
          return FALSE;
        *value = funcs[i].f (*value);
        return TRUE;
      }
  got = _pl_qasm_tok_text (P);
  if (P->tok.kind == TOK_ID)
    return _pl_qasm_fail (P, P->stmt_line, "unknown name '%s' in an angle expression; allowed: "
                          "numbers, pi, + - * / ^, parentheses, sin cos tan exp ln sqrt", got);
  return _pl_qasm_fail (P, P->stmt_line, "expected a number, pi or '(' in an angle expression, "
                        "found '%s'", got);
}

/* Unary minus binds looser than ^ (-2^2 = -4) and ^ is right-associative, as in the spec. */
static gboolean
parse_unary (Parser *P,
             double *value)
{
  gboolean ok;

  if (++P->depth > MAX_DEPTH)
    return _pl_qasm_fail (P, P->stmt_line, "angle expression nested deeper than %d", MAX_DEPTH);
  if (_pl_qasm_tok_is (P, "-") || _pl_qasm_tok_is (P, "+"))
    {
      gboolean minus = _pl_qasm_tok_is (P, "-");

      ok = _pl_qasm_next (P) && parse_unary (P, value);
      if (ok && minus)
        *value = -*value;
    }
  else
    {
      ok = parse_primary (P, value);
      if (ok && _pl_qasm_tok_is (P, "^"))
        {
          double exponent;

          ok = _pl_qasm_next (P) && parse_unary (P, &exponent);
          if (ok)
            *value = pow (*value, exponent);
        }
    }
  P->depth--;
  return ok;
}

static gboolean
parse_term (Parser *P,
            double *value)
{
  if (!parse_unary (P, value))
    return FALSE;
  while (_pl_qasm_tok_is (P, "*") || _pl_qasm_tok_is (P, "/"))
    {
      gboolean times = _pl_qasm_tok_is (P, "*");
      double rhs;

      if (!_pl_qasm_next (P) || !parse_unary (P, &rhs))
        return FALSE;
      *value = times ? *value * rhs : *value / rhs;
    }
  return TRUE;
}

gboolean
_pl_qasm_parse_expr (Parser *P,
                     double *value)
{
  if (++P->depth > MAX_DEPTH)
    return _pl_qasm_fail (P, P->stmt_line, "angle expression nested deeper than %d", MAX_DEPTH);
  if (!parse_term (P, value))
    return FALSE;
  while (_pl_qasm_tok_is (P, "+") || _pl_qasm_tok_is (P, "-"))
    {
      gboolean plus = _pl_qasm_tok_is (P, "+");
      double rhs;

      if (!_pl_qasm_next (P) || !parse_term (P, &rhs))
        return FALSE;
      *value = plus ? *value + rhs : *value - rhs;
    }
  P->depth--;
  return TRUE;
}
