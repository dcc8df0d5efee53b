/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-circuit-qasm-private.h: the OpenQASM 2.0 reader's tokenizer and angle expressions
 * (pl-circuit-qasm-lexer.c), shared with its statement grammar (pl-circuit-qasm.c).
 */
#pragma once

#include "pl-circuit.h"

G_BEGIN_DECLS

typedef enum {
  TOK_EOF,
  TOK_ID,
  TOK_NUMBER,
  TOK_STRING,
  TOK_PUNCT,   /* one of ; , ( ) [ ] { } + - * / ^ and the two-character -> == */
} TokKind;

typedef struct {
  TokKind     kind;
  const char *start;
  gsize       len;
  guint       line;
  double      number;
} Token;

typedef struct {
  const char *text;
  const char *p;
  guint       line;
  Token       tok;
  guint       stmt_line;   /* the line a statement started on, for messages */
  guint       depth;       /* expression nesting, bounded to keep the stack small */
  GError    **error;

  PlCircuit  *circuit;
  char       *qreg;
  guint       n_qubits;
  GHashTable *cregs;
  GArray     *values;
} Parser;

/* Every function below returns FALSE after setting *P->error (PL_ERROR_PARSE). */

/* Report "OpenQASM line N: message (in 'source line')". Always returns FALSE. */
gboolean _pl_qasm_fail        (Parser       *P,
                               guint         line,
                               const char   *format,
                               ...) G_GNUC_PRINTF (3, 4);
/* Whether the current token is the punctuation or identifier @s. */
gboolean _pl_qasm_tok_is      (const Parser *P,
                               const char   *s);
/* The current token's text (or "end of input"), newly allocated. */
char    *_pl_qasm_tok_text    (const Parser *P);
/* Advance to the next token, skipping white space and // comments. */
gboolean _pl_qasm_next        (Parser       *P);
/* Consume @punct or fail with "expected '@punct' after @after". */
gboolean _pl_qasm_expect      (Parser       *P,
                               const char   *punct,
                               const char   *after);
/* Skip the tokens of a statement up to and including its ';'. */
gboolean _pl_qasm_skip_statement (Parser     *P,
                                  const char *what);
/* An angle expression: numbers, pi, + - * / ^ (right-associative, binding tighter than a
 * unary minus: -2^2 = -4), parentheses and sin cos tan exp ln sqrt. */
gboolean _pl_qasm_parse_expr  (Parser       *P,
                               double       *value);

G_END_DECLS
