/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-pauli.h"
#include "pl-error.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

/* A hand-written scanner rather than strtod on the raw text: strtod would also take "inf",
 * "nan" and hexadecimal ("0X3" is 3.0, not "0 * X3"), none of which belongs in a Pauli sum.
 *
 *   sum    := ws [sign] term (sign term)* ws
 *   term   := [number] ['*'] factor*          (at least one of number, factor)
 *   factor := ('X' | 'Y' | 'Z') index | 'I' [index]      letters in either case
 *   number := [sign] (digits ['.' [digits]] | '.' digits) [('e' | 'E') [sign] digits]
 *
 * A number may carry its own sign, so generated text like "Z0 + -0.5 X1" reads as written.
 */

#define DISPLAY_MAX 60

typedef struct {
  const char *text;
  const char *pos;
  guint       n_qubits;
  gboolean    utf8;
} Parser;

static guint
column_of (const Parser *ps,
           const char   *at)
{
  if (ps->utf8)
    return (guint) g_utf8_pointer_to_offset (ps->text, at) + 1;
  return (guint) (at - ps->text) + 1;
}

static gboolean
is_separator (char c)
{
  return c == '\0' || g_ascii_isspace (c) || c == '+' || c == '-' || c == '*';
}

/* The token a message should quote: the run of characters up to the next separator, or
 * the separator itself. */
static char *
token_at (const char *at)
{
  const char *end = at;

  if (*at == '\0')
    return g_strdup ("");
  while (!is_separator (*end))
    end++;
  if (end == at)
    end++;
  return g_strndup (at, end - at);
}

G_GNUC_PRINTF (4, 5)
static void
set_error (const Parser  *ps,
           GError       **error,
           PlError        code,
           const char    *format,
           ...)
{
  g_autofree char *display = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *message = NULL;
  g_autofree char *valid = NULL;
  va_list args;

  if (strlen (ps->text) > DISPLAY_MAX)
    display = g_strdup_printf ("%.*s...", DISPLAY_MAX, ps->text);
  else
    display = g_strdup (ps->text);

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  message = g_strdup_printf ("Pauli sum '%s': %s", display, detail);
  valid = g_utf8_make_valid (message, -1);
  g_set_error_literal (error, PL_ERROR, code, valid);
}

static void
skip_space (Parser *ps)
{
  while (g_ascii_isspace (*ps->pos))
    ps->pos++;
}

static gboolean
starts_number (const char *p)
{
  if (p[0] == '+' || p[0] == '-')
    p++;
  return g_ascii_isdigit (p[0]) || (p[0] == '.' && g_ascii_isdigit (p[1]));
}

/* "inf", "infinity" or "nan" as a whole word, in any case. */
static gboolean
is_nonfinite_word (const char *p)
{
  static const char *const words[] = { "infinity", "inf", "nan" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize len = strlen (words[i]);

      if (g_ascii_strncasecmp (p, words[i], len) == 0 && !g_ascii_isalnum (p[len]))
        return TRUE;
    }
  return FALSE;
}

static gboolean
scan_number (Parser  *ps,
             double  *value,
             GError **error)
{
  const char *start = ps->pos;
  const char *p = start;
  g_autofree char *token = NULL;

  if (*p == '+' || *p == '-')
    p++;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if ((*p == 'e' || *p == 'E')
      && (g_ascii_isdigit (p[1]) || ((p[1] == '+' || p[1] == '-') && g_ascii_isdigit (p[2]))))
    {
      p += 2;
      while (g_ascii_isdigit (*p))
        p++;
    }

  token = g_strndup (start, p - start);
  *value = g_ascii_strtod (token, NULL);
  if (!isfinite (*value))
    {
      set_error (ps, error, PL_ERROR_PARSE,
                 "coefficient '%s' at column %u is not a finite number",
                 token, column_of (ps, start));
      return FALSE;
    }
  ps->pos = p;
  return TRUE;
}

/* One factor at ps->pos (an ASCII letter). Sets the qubit's bits in @x/@z. */
static gboolean
scan_factor (Parser  *ps,
             guint64 *x,
             guint64 *z,
             guint64 *used,
             GError **error)
{
  const char *start = ps->pos;
  char letter = g_ascii_toupper (*start);
  const char *p = start + 1;
  guint64 index = 0, bit;
  g_autofree char *token = NULL;

  if (letter != 'X' && letter != 'Y' && letter != 'Z' && letter != 'I')
    {
      token = token_at (start);
      set_error (ps, error, PL_ERROR_PARSE,
                 "unknown factor '%s' at column %u "
                 "(expected X, Y, Z or I followed by a qubit index)",
                 token, column_of (ps, start));
      return FALSE;
    }

  if (!g_ascii_isdigit (*p))
    {
      if (letter == 'I')
        {
          ps->pos = p;
          return TRUE;
        }
      token = token_at (start);
      set_error (ps, error, PL_ERROR_PARSE,
                 "factor '%s' at column %u has no qubit index "
                 "(expected X, Y, Z or I followed by a qubit index, like %c0)",
                 token, column_of (ps, start), letter);
      return FALSE;
    }

  while (g_ascii_isdigit (*p))
    {
      /* Saturate: any index this large is out of range, and the message quotes the text. */
      if (index < G_MAXUINT32)
        index = 10 * index + (guint64) (*p - '0');
      p++;
    }
  token = g_strndup (start, p - start);

  if (index >= ps->n_qubits)
    {
      if (ps->n_qubits == 0)
        set_error (ps, error, PL_ERROR_INVALID_ARGUMENT,
                   "qubit index %s in factor '%s' at column %u is out of range: "
                   "the register has no qubits",
                   token + 1, token, column_of (ps, start));
      else
        set_error (ps, error, PL_ERROR_INVALID_ARGUMENT,
                   "qubit index %s in factor '%s' at column %u is out of range: "
                   "the register has %u qubits (indices 0 to %u)",
                   token + 1, token, column_of (ps, start), ps->n_qubits, ps->n_qubits - 1);
      return FALSE;
    }

  bit = G_GUINT64_CONSTANT (1) << index;
  if (*used & bit)
    {
      set_error (ps, error, PL_ERROR_PARSE,
                 "factor '%s' at column %u acts on qubit %u a second time in the same term "
                 "(write each qubit at most once per term)",
                 token, column_of (ps, start), (guint) index);
      return FALSE;
    }
  *used |= bit;
  if (letter == 'X' || letter == 'Y')
    *x |= bit;
  if (letter == 'Z' || letter == 'Y')
    *z |= bit;
  ps->pos = p;
  return TRUE;
}

/* One term at ps->pos; @sign_at is the '+' or '-' before it (NULL for a leading term
 * without one). */
static gboolean
scan_term (Parser      *ps,
           double       sign,
           const char  *sign_at,
           PlPauliSum  *sum,
           GError     **error)
{
  double coeff = 1.0;
  gboolean have_coeff = FALSE;
  guint n_factors = 0;
  guint64 x = 0, z = 0, used = 0;

  if (starts_number (ps->pos))
    {
      if (!scan_number (ps, &coeff, error))
        return FALSE;
      have_coeff = TRUE;
    }
  else if (is_nonfinite_word (ps->pos))
    {
      g_autofree char *token = token_at (ps->pos);
      set_error (ps, error, PL_ERROR_PARSE,
                 "coefficient '%s' at column %u is not a finite number",
                 token, column_of (ps, ps->pos));
      return FALSE;
    }

  skip_space (ps);
  if (*ps->pos == '*')
    {
      const char *star = ps->pos;

      if (!have_coeff)
        {
          set_error (ps, error, PL_ERROR_PARSE,
                     "'*' at column %u has no coefficient before it", column_of (ps, star));
          return FALSE;
        }
      ps->pos++;
      skip_space (ps);
      if (!g_ascii_isalpha (*ps->pos))
        {
          g_autofree char *token = token_at (ps->pos);
          if (*ps->pos == '\0')
            set_error (ps, error, PL_ERROR_PARSE,
                       "'*' at column %u is followed by nothing (expected a factor like Z0)",
                       column_of (ps, star));
          else
            set_error (ps, error, PL_ERROR_PARSE,
                       "unexpected '%s' at column %u after '*' (expected a factor like Z0)",
                       token, column_of (ps, ps->pos));
          return FALSE;
        }
    }

  while (g_ascii_isalpha (*ps->pos))
    {
      if (!scan_factor (ps, &x, &z, &used, error))
        return FALSE;
      n_factors++;
      skip_space (ps);
    }

  if (!have_coeff && n_factors == 0)
    {
      g_autofree char *token = token_at (ps->pos);

      if (*ps->pos == '\0' && sign_at != NULL)
        set_error (ps, error, PL_ERROR_PARSE,
                   "'%c' at column %u is followed by nothing (expected a term)",
                   *sign_at, column_of (ps, sign_at));
      else
        set_error (ps, error, PL_ERROR_PARSE,
                   "unexpected '%s' at column %u (expected a coefficient or a factor "
                   "X, Y, Z or I followed by a qubit index)",
                   token, column_of (ps, ps->pos));
      return FALSE;
    }

  pl_pauli_sum_add_term (sum, sign * coeff, (PlPauliString) { x, z });
  return TRUE;
}

PlPauliSum *
pl_pauli_sum_parse (const char  *text,
                    guint        n_qubits,
                    GError     **error)
{
  g_autoptr(PlPauliSum) sum = NULL;
  Parser ps;
  gboolean first = TRUE;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (n_qubits <= PL_PAULI_MAX_QUBITS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ps.text = text;
  ps.pos = text;
  ps.n_qubits = n_qubits;
  ps.utf8 = g_utf8_validate (text, -1, NULL);

  skip_space (&ps);
  if (*ps.pos == '\0')
    {
      set_error (&ps, error, PL_ERROR_PARSE,
                 "the text is empty (expected a sum of terms like '0.5 Z0 Z1 + X2')");
      return NULL;
    }

  sum = pl_pauli_sum_new (n_qubits);
  for (;;)
    {
      const char *sign_at = NULL;
      double sign = 1.0;

      skip_space (&ps);
      if (!first && *ps.pos == '\0')
        break;
      if (*ps.pos == '+' || *ps.pos == '-')
        {
          sign_at = ps.pos;
          sign = *ps.pos == '-' ? -1.0 : 1.0;
          ps.pos++;
          skip_space (&ps);
        }
      else if (!first)
        {
          g_autofree char *token = token_at (ps.pos);
          set_error (&ps, error, PL_ERROR_PARSE,
                     "unexpected '%s' at column %u (expected + or - between terms)",
                     token, column_of (&ps, ps.pos));
          return NULL;
        }

      if (!scan_term (&ps, sign, sign_at, sum, error))
        return NULL;
      first = FALSE;
    }

  return g_steal_pointer (&sum);
}
