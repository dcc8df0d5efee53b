/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-circuit.h"
#include "pl-circuit-qasm-private.h"
#include "pl-error.h"

#include <math.h>
#include <string.h>

/* OpenQASM 2.0 (Cross, Bishop, Smolin & Gambetta, arXiv:1707.03429) with the gate names of
 * Qiskit's qelib1.inc. Every gate of pl-gate.h has the same matrix as its qelib1 namesake
 * (up to a global phase for rz and u1, whose qelib1 definitions go through U). qelib1 has no
 * ryy, so a file that uses it carries the definition Qiskit writes; ROT has no name at all
 * and is written as its product rz ry rz. */

typedef struct {
  const char *name;
  PlGate      gate;
} QasmName;

/* Export spelling first for each gate, then the aliases accepted on import. */
static const QasmName qasm_names[] = {
  { "id", PL_GATE_I },      { "h", PL_GATE_H },        { "x", PL_GATE_X },
  { "y", PL_GATE_Y },       { "z", PL_GATE_Z },        { "s", PL_GATE_S },
  { "sdg", PL_GATE_SDG },   { "t", PL_GATE_T },        { "tdg", PL_GATE_TDG },
  { "rx", PL_GATE_RX },     { "ry", PL_GATE_RY },      { "rz", PL_GATE_RZ },
  { "p", PL_GATE_PHASE },   { "u3", PL_GATE_U3 },      { "cx", PL_GATE_CNOT },
  { "cz", PL_GATE_CZ },     { "cy", PL_GATE_CY },      { "swap", PL_GATE_SWAP },
  { "crx", PL_GATE_CRX },   { "cry", PL_GATE_CRY },    { "crz", PL_GATE_CRZ },
  { "rxx", PL_GATE_RXX },   { "ryy", PL_GATE_RYY },    { "rzz", PL_GATE_RZZ },
  /* aliases: qelib1's u1, Qiskit's u, the built-ins U and CX of the language */
  { "u1", PL_GATE_PHASE },  { "u", PL_GATE_U3 },       { "U", PL_GATE_U3 },
  { "CX", PL_GATE_CNOT },
};

static const char ryy_definition[] =
  "gate ryy(theta) a,b { rx(pi/2) a; rx(pi/2) b; cx a,b; rz(theta) b; cx a,b; "
  "rx(-pi/2) a; rx(-pi/2) b; }\n";

static const char *
qasm_name (PlGate gate)
{
  for (guint i = 0; i < G_N_ELEMENTS (qasm_names); i++)
    if (qasm_names[i].gate == gate)
      return qasm_names[i].name;
  return NULL;
}

static void
append_number (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* %.17g round-trips every double; g_ascii_formatd keeps the '.' whatever the locale. */
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.17g", value));
}

static void
append_gate (GString      *out,
             const char   *name,
             const double *angles,
             guint         n_angles,
             const guint  *wires,
             guint         n_wires)
{
  g_string_append (out, name);
  if (n_angles > 0)
    {
      g_string_append_c (out, '(');
      for (guint k = 0; k < n_angles; k++)
        {
          if (k > 0)
            g_string_append_c (out, ',');
          append_number (out, angles[k]);
        }
      g_string_append_c (out, ')');
    }
  for (guint w = 0; w < n_wires; w++)
    g_string_append_printf (out, "%sq[%u]", w == 0 ? " " : ",", wires[w]);
  g_string_append (out, ";\n");
}

char *
pl_circuit_to_qasm (const PlCircuit      *circuit,
                    const PlCircuitArgs  *args,
                    GError              **error)
{
  const PlCircuitArgs no_args = { .batch = 1 };
  g_autoptr (GString) out = NULL;
  g_autofree double *buf = NULL;
  gboolean uses_ryy = FALSE;

  g_return_val_if_fail (circuit != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (args == NULL)
    args = &no_args;
  if (!pl_circuit_check_args (circuit, args, error))
    return NULL;

  buf = g_new (double, args->batch);
  out = g_string_new ("OPENQASM 2.0;\ninclude \"qelib1.inc\";\n");
  for (gsize i = 0; i < circuit->n_ops; i++)
    uses_ryy |= circuit->ops[i].gate == PL_GATE_RYY;
  if (uses_ryy)
    g_string_append (out, ryy_definition);
  g_string_append_printf (out, "qreg q[%u];\n", circuit->n_qubits);

  for (gsize i = 0; i < circuit->n_ops; i++)
    {
      const PlOp *op = &circuit->ops[i];
      const PlGateInfo *info = pl_gate_info (op->gate);
      double angles[PL_GATE_MAX_PARAMS];

      for (guint k = 0; k < info->n_params; k++)
        {
          pl_circuit_op_angles (circuit, i, k, args, buf);
          angles[k] = buf[0];
        }
      if (op->gate == PL_GATE_ROT)
        {
          /* ROT(p, t, o) = RZ(o) RY(t) RZ(p): RZ(p) acts first. */
          append_gate (out, "rz", &angles[0], 1, op->wires, 1);
          append_gate (out, "ry", &angles[1], 1, op->wires, 1);
          append_gate (out, "rz", &angles[2], 1, op->wires, 1);
        }
      else
        append_gate (out, qasm_name (op->gate), angles, info->n_params, op->wires,
                     info->n_wires);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* --- import ---------------------------------------------------------------------------- */

static gboolean
parse_index (Parser     *P,
             const char *reg,
             guint       size,
             guint      *index)
{
  g_autofree char *got = NULL;
  double v = P->tok.number;

  if (P->tok.kind != TOK_NUMBER || v != floor (v) || v < 0 || v >= G_MAXINT)
    {
      got = _pl_qasm_tok_text (P);
      return _pl_qasm_fail (P, P->stmt_line, "expected a non-negative integer index into %s, "
                            "found '%s'", reg, got);
    }
  if (size > 0 && v >= size)
    return _pl_qasm_fail (P, P->stmt_line, "qubit index %u is out of range for %s[%u] "
                          "(0 .. %u)", (guint) v, reg, size, size - 1);
  *index = (guint) v;
  return _pl_qasm_next (P);
}

/* qreg name[n]; or creg name[n]; */
static gboolean
parse_register (Parser *P,
                char  **name,
                guint  *size)
{
  g_autofree char *got = NULL;
  guint n;

  if (!_pl_qasm_next (P))
    return FALSE;
  if (P->tok.kind != TOK_ID)
    {
      got = _pl_qasm_tok_text (P);
      return _pl_qasm_fail (P, P->stmt_line, "expected a register name, found '%s'", got);
    }
  *name = _pl_qasm_tok_text (P);
  if (!_pl_qasm_next (P) || !_pl_qasm_expect (P, "[", "the register name") ||
      !parse_index (P, *name, 0, &n) || !_pl_qasm_expect (P, "]", "the register size") ||
      !_pl_qasm_expect (P, ";", "the register declaration"))
    return FALSE;
  if (n < 1)
    return _pl_qasm_fail (P, P->stmt_line, "register %s[0] is empty", *name);
  *size = n;
  return TRUE;
}

static gboolean
parse_qreg (Parser *P)
{
  g_autofree char *name = NULL;
  guint n = 0;

  if (P->qreg != NULL)
    return _pl_qasm_fail (P, P->stmt_line, "a second qreg; Plateau circuits have exactly one "
                          "quantum register (here '%s')", P->qreg);
  if (!parse_register (P, &name, &n))
    return FALSE;
  if (n > PL_STATE_MAX_QUBITS)
    return _pl_qasm_fail (P, P->stmt_line, "qreg %s[%u] is larger than the %u qubits Plateau "
                          "simulates", name, n, PL_STATE_MAX_QUBITS);
  P->qreg = g_steal_pointer (&name);
  P->n_qubits = n;
  P->circuit = pl_circuit_new (n);
  return TRUE;
}

static gboolean
parse_creg (Parser *P)
{
  g_autofree char *name = NULL;
  guint n = 0;

  if (!parse_register (P, &name, &n))
    return FALSE;
  g_hash_table_add (P->cregs, g_steal_pointer (&name));
  return TRUE;
}

static const QasmName *
lookup_gate (const Parser *P)
{
  for (guint i = 0; i < G_N_ELEMENTS (qasm_names); i++)
    if (P->tok.kind == TOK_ID && _pl_qasm_tok_is (P, qasm_names[i].name))
      return &qasm_names[i];
  return NULL;
}

static char *
supported_gates (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (qasm_names); i++)
    g_string_append_printf (s, "%s%s", i > 0 ? " " : "", qasm_names[i].name);
  return g_string_free (s, FALSE);
}

/* "gate name(params) args { body }": the definition of a gate we know (such as the ryy the
 * exporter writes) is skipped and the built-in meaning kept; new gates cannot be modelled. */
static gboolean
parse_gate_definition (Parser *P)
{
  g_autofree char *name = NULL;

  if (!_pl_qasm_next (P))
    return FALSE;
  name = _pl_qasm_tok_text (P);
  if (lookup_gate (P) == NULL)
    return _pl_qasm_fail (P, P->stmt_line, "definitions of new gates are not supported: '%s'",
                          name);
  while (P->tok.kind != TOK_EOF && !_pl_qasm_tok_is (P, "{"))
    if (!_pl_qasm_next (P))
      return FALSE;
  while (P->tok.kind != TOK_EOF && !_pl_qasm_tok_is (P, "}"))
    if (!_pl_qasm_next (P))
      return FALSE;
  return _pl_qasm_expect (P, "}", "the body of the gate definition");
}

typedef struct {
  guint    index;
  gboolean whole;   /* the register without an index: one gate per qubit */
} Arg;

static gboolean
parse_argument (Parser *P,
                Arg    *arg)
{
  g_autofree char *name = _pl_qasm_tok_text (P);

  if (P->tok.kind != TOK_ID)
    return _pl_qasm_fail (P, P->stmt_line, "expected a qubit such as %s[0], found '%s'",
                          P->qreg != NULL ? P->qreg : "q", name);
  if (P->qreg == NULL)
    return _pl_qasm_fail (P, P->stmt_line, "gate on '%s' before any qreg declaration", name);
  if (strcmp (name, P->qreg) != 0)
    {
      if (g_hash_table_contains (P->cregs, name))
        return _pl_qasm_fail (P, P->stmt_line, "'%s' is a classical register; gates act on %s",
                              name, P->qreg);
      return _pl_qasm_fail (P, P->stmt_line, "unknown register '%s' (the quantum register is "
                            "'%s')", name, P->qreg);
    }
  if (!_pl_qasm_next (P))
    return FALSE;
  arg->whole = !_pl_qasm_tok_is (P, "[");
  if (arg->whole)
    return TRUE;
  return _pl_qasm_next (P) && parse_index (P, P->qreg, P->n_qubits, &arg->index) &&
         _pl_qasm_expect (P, "]", "the qubit index");
}

static gboolean
apply_gate (Parser       *P,
            PlGate        gate,
            const double *angles,
            const guint  *wires)
{
  const PlGateInfo *info = pl_gate_info (gate);
  PlAngleSource src[PL_GATE_MAX_PARAMS];
  g_autoptr (GError) local = NULL;

  for (guint k = 0; k < PL_GATE_MAX_PARAMS; k++)
    src[k] = pl_source_fixed (0.0);
  for (guint k = 0; k < info->n_params; k++)
    {
      src[k] = pl_source_param (pl_circuit_add_param (P->circuit), 1.0);
      g_array_append_val (P->values, angles[k]);
    }
  if (!pl_circuit_append (P->circuit, gate, wires, src, &local))
    return _pl_qasm_fail (P, P->stmt_line, "%s", local->message);
  return TRUE;
}

static gboolean
parse_gate_call (Parser *P)
{
  const QasmName *entry = lookup_gate (P);
  g_autofree char *name = _pl_qasm_tok_text (P);
  const PlGateInfo *info;
  double angles[PL_GATE_MAX_PARAMS] = { 0 };
  Arg args[2];
  guint n_angles = 0;
  guint n_args = 0;

  if (entry == NULL)
    {
      g_autofree char *known = supported_gates ();

      return _pl_qasm_fail (P, P->stmt_line, "unknown gate '%s'; supported: %s (and barrier, "
                            "measure, creg)", name, known);
    }
  info = pl_gate_info (entry->gate);
  if (!_pl_qasm_next (P))
    return FALSE;

  if (_pl_qasm_tok_is (P, "("))
    {
      if (!_pl_qasm_next (P))
        return FALSE;
      for (;;)
        {
          g_autofree char *got = NULL;
          double v;

          if (!_pl_qasm_parse_expr (P, &v))
            return FALSE;
          if (!isfinite (v))
            return _pl_qasm_fail (P, P->stmt_line, "angle %u of '%s' is not a finite number",
                                  n_angles + 1, name);
          if (n_angles < PL_GATE_MAX_PARAMS)
            angles[n_angles] = v;
          n_angles++;
          if (_pl_qasm_tok_is (P, ")"))
            break;
          if (!_pl_qasm_tok_is (P, ","))
            {
              got = _pl_qasm_tok_text (P);
              return _pl_qasm_fail (P, P->stmt_line, "expected ',' or ')' after angle %u of "
                                    "'%s', found '%s'", n_angles, name, got);
            }
          if (!_pl_qasm_next (P))
            return FALSE;
        }
      if (!_pl_qasm_next (P))
        return FALSE;
    }
  if (n_angles != info->n_params)
    return _pl_qasm_fail (P, P->stmt_line, "gate '%s' takes %u angle%s, got %u", name,
                          info->n_params, info->n_params == 1 ? "" : "s", n_angles);

  for (;;)
    {
      Arg arg;

      if (!parse_argument (P, &arg))
        return FALSE;
      if (n_args < 2)
        args[n_args] = arg;
      n_args++;
      if (!_pl_qasm_tok_is (P, ","))
        break;
      if (!_pl_qasm_next (P))
        return FALSE;
    }
  if (n_args != info->n_wires)
    return _pl_qasm_fail (P, P->stmt_line, "gate '%s' acts on %u qubit%s, got %u", name,
                          info->n_wires, info->n_wires == 1 ? "" : "s", n_args);
  if (!_pl_qasm_expect (P, ";", "the gate's qubits"))
    return FALSE;

  if (info->n_wires == 1)
    {
      guint first = args[0].whole ? 0 : args[0].index;
      guint last = args[0].whole ? P->n_qubits - 1 : args[0].index;

      for (guint q = first; q <= last; q++)
        {
          guint wires[2] = { q, 0 };

          if (!apply_gate (P, entry->gate, angles, wires))
            return FALSE;
        }
      return TRUE;
    }
  if (args[0].whole || args[1].whole)
    return _pl_qasm_fail (P, P->stmt_line, "a whole register as an argument of the two-qubit "
                          "gate '%s' (only single-qubit gates broadcast over %s)", name, P->qreg);
  if (args[0].index == args[1].index)
    return _pl_qasm_fail (P, P->stmt_line, "gate '%s' needs two different qubits, got %s[%u] "
                          "twice", name, P->qreg, args[0].index);
  {
    guint wires[2] = { args[0].index, args[1].index };

    return apply_gate (P, entry->gate, angles, wires);
  }
}

static gboolean
parse_statement (Parser *P,
                 guint   n_statements)
{
  g_autofree char *got = NULL;

  P->stmt_line = P->tok.line;
  if (_pl_qasm_tok_is (P, "OPENQASM"))
    {
      double version;

      if (n_statements > 0)
        return _pl_qasm_fail (P, P->stmt_line, "the OPENQASM header must come first");
      if (!_pl_qasm_next (P))
        return FALSE;
      version = P->tok.number;
      if (P->tok.kind != TOK_NUMBER || version < 2 || version >= 3)
        {
          got = _pl_qasm_tok_text (P);
          return _pl_qasm_fail (P, P->stmt_line, "unsupported OpenQASM version '%s'; this reader "
                                "takes 2.0", got);
        }
      return _pl_qasm_next (P) && _pl_qasm_expect (P, ";", "the version");
    }
  if (_pl_qasm_tok_is (P, "include"))
    {
      if (!_pl_qasm_next (P))
        return FALSE;
      got = _pl_qasm_tok_text (P);
      if (P->tok.kind != TOK_STRING || strcmp (got, "\"qelib1.inc\"") != 0)
        return _pl_qasm_fail (P, P->stmt_line, "cannot include %s; only \"qelib1.inc\" is known",
                              got);
      return _pl_qasm_next (P) && _pl_qasm_expect (P, ";", "the include");
    }
  if (_pl_qasm_tok_is (P, "qreg"))
    return parse_qreg (P);
  if (_pl_qasm_tok_is (P, "creg"))
    return parse_creg (P);
  if (_pl_qasm_tok_is (P, "barrier"))
    return _pl_qasm_skip_statement (P, "barrier");
  if (_pl_qasm_tok_is (P, "measure"))
    return _pl_qasm_skip_statement (P, "measure");
  if (_pl_qasm_tok_is (P, "gate"))
    return parse_gate_definition (P);
  if (_pl_qasm_tok_is (P, "reset") || _pl_qasm_tok_is (P, "if") || _pl_qasm_tok_is (P, "opaque"))
    {
      got = _pl_qasm_tok_text (P);
      return _pl_qasm_fail (P, P->stmt_line, "'%s' is not supported: Plateau circuits are "
                            "unitary", got);
    }
  if (P->tok.kind == TOK_ID)
    return parse_gate_call (P);
  got = _pl_qasm_tok_text (P);
  return _pl_qasm_fail (P, P->stmt_line, "expected a statement, found '%s'", got);
}

PlCircuit *
pl_circuit_from_qasm (const char  *text,
                      double     **params,
                      GError     **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GHashTable) cregs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *qreg = NULL;
  Parser P = { 0 };
  guint n_statements = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  P.text = text;
  P.p = text;
  P.line = 1;
  P.error = &local;
  P.cregs = cregs;
  P.values = values;

  if (_pl_qasm_next (&P))
    while (P.tok.kind != TOK_EOF && parse_statement (&P, n_statements))
      n_statements++;
  qreg = P.qreg;
  if (local == NULL && P.circuit == NULL)
    g_set_error (&local, PL_ERROR, PL_ERROR_PARSE,
                 "OpenQASM: no qreg declared (a circuit needs one quantum register, e.g. "
                 "'qreg q[4];')");
  if (local != NULL)
    {
      g_clear_pointer (&P.circuit, pl_circuit_free);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  g_assert (values->len == P.circuit->n_params);
  if (params != NULL)
    *params = values->len > 0 ? g_memdup2 (values->data, values->len * sizeof (double)) : NULL;
  return P.circuit;
}
