/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpenQASM 2.0 export and import: round trips of templates gate by gate and state by state,
 * hand-written files with angle expressions checked against values computed here, every
 * error naming its line, and the qelib1.inc definitions (written out below) reproducing the
 * matrices of pl-gate.h up to a global phase.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

#define HEADER "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n"

static PlCircuit *
parse (const char  *text,
       double     **params)
{
  g_autoptr (GError) error = NULL;
  PlCircuit *c = pl_circuit_from_qasm (text, params, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

static void
state_of (const PlCircuit *c,
          const double    *params,
          const double    *inputs,
          double          *re,
          double          *im)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PlState) s = pl_state_new (c->n_qubits, 1, &error);
  PlCircuitArgs args = { .batch = 1, .params = params, .inputs = inputs };

  g_assert_no_error (error);
  g_assert_true (pl_circuit_run (c, &args, s, &error));
  g_assert_no_error (error);
  pl_state_get_element (s, 0, re, im);
}

/* The imported op's angle k: a fresh parameter with scale 1 and no offset. */
static double
imported_angle (const PlOp   *op,
                guint         k,
                const double *params)
{
  g_assert_cmpint (op->src[k].kind, ==, PL_SOURCE_PARAM);
  g_assert_cmpfloat (op->src[k].scale, ==, 1.0);
  g_assert_cmpfloat (op->src[k].value, ==, 0.0);
  return params[op->src[k].index];
}

/* --- round trips ------------------------------------------------------------------------ */

static void
round_trip (const char              *name,
            const PlTemplateOptions *o,
            PlRng                   *rng)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PlCircuit) c = pl_circuit_new_template (name, o, &error);
  g_autoptr (PlCircuit) back = NULL;
  g_autofree double *p = NULL;
  g_autofree double *x = NULL;
  g_autofree double *q = NULL;
  g_autofree char *text = NULL;
  PlCircuitArgs args = { .batch = 1 };
  gsize dim = (gsize) 1 << o->n_qubits;
  g_autofree double *re = g_new (double, dim);
  g_autofree double *im = g_new (double, dim);
  g_autofree double *back_re = g_new (double, dim);
  g_autofree double *back_im = g_new (double, dim);
  gsize j = 0;
  guint n_angles = 0;

  g_assert_no_error (error);
  p = g_new (double, MAX (c->n_params, 1));
  for (guint k = 0; k < c->n_params; k++)
    p[k] = 6 * pl_rng_uniform (rng) - 3;
  x = g_new (double, MAX (c->n_inputs, 1));
  for (guint k = 0; k < c->n_inputs; k++)
    x[k] = 2 * pl_rng_uniform (rng) - 1;
  args.params = p;
  args.inputs = x;

  text = pl_circuit_to_qasm (c, &args, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, HEADER));
  back = parse (text, &q);
  g_assert_cmpuint (back->n_qubits, ==, c->n_qubits);
  g_assert_cmpuint (back->n_inputs, ==, 0);

  /* Gate by gate, ROT(p, t, o) standing for rz(p) ry(t) rz(o). */
  for (gsize i = 0; i < c->n_ops; i++)
    {
      const PlOp *op = &c->ops[i];
      const PlGateInfo *info = pl_gate_info (op->gate);
      double angles[PL_GATE_MAX_PARAMS];

      for (guint k = 0; k < info->n_params; k++)
        {
          double v;

          pl_circuit_op_angles (c, i, k, &args, &v);
          angles[k] = v;
        }
      if (op->gate == PL_GATE_ROT)
        {
          static const PlGate parts[3] = { PL_GATE_RZ, PL_GATE_RY, PL_GATE_RZ };

          for (guint k = 0; k < 3; k++, j++)
            {
              g_assert_cmpint (back->ops[j].gate, ==, parts[k]);
              g_assert_cmpuint (back->ops[j].wires[0], ==, op->wires[0]);
              g_assert_cmpfloat_with_epsilon (imported_angle (&back->ops[j], 0, q), angles[k],
                                              1e-15);
            }
          n_angles += 3;
          continue;
        }
      g_assert_cmpuint (j, <, back->n_ops);
      g_assert_cmpint (back->ops[j].gate, ==, op->gate);
      for (guint w = 0; w < info->n_wires; w++)
        g_assert_cmpuint (back->ops[j].wires[w], ==, op->wires[w]);
      for (guint k = 0; k < info->n_params; k++)
        g_assert_cmpfloat_with_epsilon (imported_angle (&back->ops[j], k, q), angles[k], 1e-15);
      n_angles += info->n_params;
      j++;
    }
  g_assert_cmpuint (j, ==, back->n_ops);
  g_assert_cmpuint (back->n_params, ==, n_angles);

  state_of (c, p, x, re, im);
  state_of (back, q, NULL, back_re, back_im);
  for (gsize a = 0; a < dim; a++)
    {
      g_assert_cmpfloat_with_epsilon (back_re[a], re[a], 1e-12);
      g_assert_cmpfloat_with_epsilon (back_im[a], im[a], 1e-12);
    }
}

static void
test_round_trip (void)
{
  PlTemplateOptions hea = { .n_qubits = 4, .n_layers = 3, .rotations = "rx,ry,rz",
                            .entangler = "ring", .entangler_gate = "cz" };
  PlTemplateOptions all = { .n_qubits = 4, .n_layers = 2, .entangler = "all" };
  PlTemplateOptions plain = { .n_qubits = 4, .n_layers = 2 };
  PlTemplateOptions per_term = { .n_qubits = 5, .n_layers = 2, .per_term = TRUE,
                                 .periodic = TRUE };
  PlTemplateOptions inputs = { .n_qubits = 3, .n_layers = 2, .n_inputs = 2 };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  round_trip ("hea", &hea, &rng);
  round_trip ("hea", &all, &rng);
  for (guint s = 1; s <= 19; s++)
    {
      g_autofree char *name = g_strdup_printf ("sim%u", s);

      round_trip (name, &plain, &rng);
    }
  round_trip ("strong", &plain, &rng);
  round_trip ("mcclean", &plain, &rng);
  round_trip ("tfim", &plain, &rng);
  round_trip ("tfim", &per_term, &rng);
  round_trip ("qaoa-ring", &per_term, &rng);
  round_trip ("reupload", &inputs, &rng);
}

/* Every gate of pl-gate.h through a circuit built by hand, including RYY (whose definition
 * the file must then carry) and ROT; the export must also refuse arguments it cannot read. */
static void
test_export_all_gates (void)
{
  g_autoptr (PlCircuit) c = pl_circuit_new (3);
  g_autoptr (PlCircuit) plain = pl_circuit_new (2);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *plain_text = NULL;
  g_autofree double *p = NULL;
  PlCircuitArgs args = { .batch = 1 };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 1);
  for (PlGate g = 0; g < PL_N_GATES; g++)
    {
      guint wires[2] = { 2, 0 };

      g_assert_true (pl_circuit_append_trainable (c, g, wires, &error));
      g_assert_no_error (error);
    }
  p = g_new (double, c->n_params);
  for (guint k = 0; k < c->n_params; k++)
    p[k] = 4 * pl_rng_uniform (&rng) - 2;
  args.params = p;
  text = pl_circuit_to_qasm (c, &args, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "qreg q[3];\n"));
  g_assert_nonnull (strstr (text, "gate ryy(theta) a,b {"));
  g_assert_nonnull (strstr (text, "\ncx q[2],q[0];\n"));
  g_assert_nonnull (strstr (text, "\nswap q[2],q[0];\n"));
  g_assert_nonnull (strstr (text, "\nh q[2];\n"));
  g_assert_null (strstr (text, "rot"));
  {
    g_autofree double *q = NULL;
    g_autoptr (PlCircuit) back = parse (text, &q);
    double re[8], im[8], bre[8], bim[8];

    /* PL_N_GATES ops, ROT counted three times. */
    g_assert_cmpuint (back->n_ops, ==, PL_N_GATES + 2);
    state_of (c, p, NULL, re, im);
    state_of (back, q, NULL, bre, bim);
    for (guint a = 0; a < 8; a++)
      {
        g_assert_cmpfloat_with_epsilon (bre[a], re[a], 1e-12);
        g_assert_cmpfloat_with_epsilon (bim[a], im[a], 1e-12);
      }
  }

  /* No ryy, no definition; a circuit without parameters needs no arguments. */
  {
    guint w[2] = { 0, 1 };

    g_assert_true (pl_circuit_append (plain, PL_GATE_CNOT, w, NULL, &error));
    g_assert_no_error (error);
  }
  plain_text = pl_circuit_to_qasm (plain, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain_text, ==, HEADER "qreg q[2];\ncx q[0],q[1];\n");

  /* A NaN parameter cannot be written. */
  p[3] = NAN;
  g_assert_null (pl_circuit_to_qasm (c, &args, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
}

/* --- hand-written input ----------------------------------------------------------------- */

static void
test_expressions (void)
{
  static const char text[] =
    "// a hand-written circuit\n"
    "OPENQASM 2.0;\n"
    "include \"qelib1.inc\";\n"
    "qreg q[3];\n"
    "creg c[3];\n"
    "rx(pi/2) q[0];\n"
    "ry(-3*pi/4) q[1];\n"
    "rz((1+2)/3) q[2];   // a comment after a gate\n"
    "u3(2^3, -pi, 1e-3) q[0];\n"
    "p(-(pi - 1)/2) q[1];\n"
    "crx(0.5*pi) q[0],q[2];\n"
    "barrier q[0],q[1];\n"
    "h q;\n"
    "rzz( -2^2 + 2^-1 ) q[2], q[1];\n"
    "u1(sin(pi/2) + sqrt(4) - cos(0) * ln(exp(3)) / tan(pi/4)) q[0];\n"
    "measure q[0] -> c[0];\n"
    "measure q -> c;\n"
    "  U(.25, 2.5e-1, 0) q[2] ;\n"
    "CX q[1],q[0];\n";
  static const struct { PlGate gate; guint w0, w1; double angles[3]; } expect[] = {
    { PL_GATE_RX, 0, 0, { G_PI / 2 } },
    { PL_GATE_RY, 1, 0, { -3 * G_PI / 4 } },
    { PL_GATE_RZ, 2, 0, { 1.0 } },
    { PL_GATE_U3, 0, 0, { 8.0, -G_PI, 1e-3 } },
    { PL_GATE_PHASE, 1, 0, { -(G_PI - 1) / 2 } },
    { PL_GATE_CRX, 0, 2, { 0.5 * G_PI } },
    { PL_GATE_H, 0, 0, { 0 } },
    { PL_GATE_H, 1, 0, { 0 } },
    { PL_GATE_H, 2, 0, { 0 } },
    { PL_GATE_RZZ, 2, 1, { -4 + 0.5 } },
    { PL_GATE_PHASE, 0, 0, { 1 + 2 - 3 } },
    { PL_GATE_U3, 2, 0, { 0.25, 0.25, 0 } },
    { PL_GATE_CNOT, 1, 0, { 0 } },
  };
  g_autofree double *q = NULL;
  g_autoptr (PlCircuit) c = parse (text, &q);
  guint n_angles = 0;

  g_assert_cmpuint (c->n_qubits, ==, 3);
  g_assert_cmpuint (c->n_ops, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      const PlOp *op = &c->ops[i];
      const PlGateInfo *info = pl_gate_info (expect[i].gate);

      g_assert_cmpint (op->gate, ==, expect[i].gate);
      g_assert_cmpuint (op->wires[0], ==, expect[i].w0);
      if (info->n_wires == 2)
        g_assert_cmpuint (op->wires[1], ==, expect[i].w1);
      for (guint k = 0; k < info->n_params; k++)
        g_assert_cmpfloat_with_epsilon (imported_angle (op, k, q), expect[i].angles[k], 1e-15);
      n_angles += info->n_params;
    }
  g_assert_cmpuint (c->n_params, ==, n_angles);
}

typedef struct {
  const char *body;    /* after HEADER and "qreg q[3];\n" unless it starts with '!' */
  guint       line;
  const char *source;  /* the offending line as quoted */
  const char *needle;
} ErrorCase;

static void
test_errors (void)
{
  static const ErrorCase cases[] = {
    { "h q[0];\nfoo q[1];\n", 5, "foo q[1];", "unknown gate 'foo'" },
    { "rx(0.1, 0.2) q[0];\n", 4, "rx(0.1, 0.2) q[0];", "takes 1 angle, got 2" },
    { "h q[0];\n\nrx q[0];\n", 6, "rx q[0];", "takes 1 angle, got 0" },
    { "cx q[0];\n", 4, "cx q[0];", "acts on 2 qubits, got 1" },
    { "h q[0],q[1];\n", 4, "h q[0],q[1];", "acts on 1 qubit, got 2" },
    { "h q[3];\n", 4, "h q[3];", "out of range" },
    { "h q[-1];\n", 4, "h q[-1];", "non-negative integer" },
    { "h q[1.5];\n", 4, "h q[1.5];", "non-negative integer" },
    { "h q[0]\nh q[1];\n", 4, "h q[0]", "expected ';'" },
    { "x q[0];\nrz(pi) q[1]\n", 5, "rz(pi) q[1]", "expected ';'" },
    { "reset q[0];\n", 4, "reset q[0];", "'reset' is not supported" },
    { "qreg r[2];\n", 4, "qreg r[2];", "second qreg" },
    { "rx(theta) q[0];\n", 4, "rx(theta) q[0];", "unknown name 'theta'" },
    { "rx(1/0) q[0];\n", 4, "rx(1/0) q[0];", "not a finite number" },
    { "rx((1+2) q[0];\n", 4, "rx((1+2) q[0];", "expected ',' or ')'" },
    { "rx(2*) q[0];\n", 4, "rx(2*) q[0];", "expected a number" },
    { "h r[0];\n", 4, "h r[0];", "unknown register 'r'" },
    { "creg c[2];\nh c[0];\n", 5, "h c[0];", "classical register" },
    { "cx q[1],q[1];\n", 4, "cx q[1],q[1];", "two different qubits" },
    { "cx q,q[1];\n", 4, "cx q,q[1];", "whole register" },
    { "gate foo a { h a; }\n", 4, "gate foo a { h a; }", "'foo'" },
    { "h q[0]; @\n", 4, "h q[0]; @", "unexpected character '@'" },
    { "h q[0]; \xdf\x8e\n", 4, "h q[0]; \xdf\x8e", "unexpected character '\xdf\x8e' (U+07CE)" },
    { "h q[0]; \x01\n", 4, "h q[0]; \x01", "control character U+0001" },
    /* a lone byte that is not UTF-8 is named, and the quoted line is made valid */
    { "h q[0]; \xdf q\n", 4, "h q[0]; \xef\xbf\xbd q", "byte 0xDF is not UTF-8" },
    { "if (c == 1) x q[0];\n", 4, "if (c == 1) x q[0];", "not supported" },
    { "!OPENQASM 3.0;\n", 1, "OPENQASM 3.0;", "version '3.0'" },
    { "!OPENQASM 2.0;\ninclude \"other.inc\";\n", 2, "include \"other.inc\";", "other.inc" },
    { "!OPENQASM 2.0;\nh q[0];\n", 2, "h q[0];", "before any qreg" },
    { "!qreg q[2];\nOPENQASM 2.0;\n", 2, "OPENQASM 2.0;", "must come first" },
    { "!qreg q[0];\n", 1, "qreg q[0];", "empty" },
    { "!qreg q[41];\n", 1, "qreg q[41];", "41" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ErrorCase *e = &cases[i];
      g_autofree char *text = e->body[0] == '!' ? g_strdup (e->body + 1)
                                                : g_strconcat (HEADER "qreg q[3];\n", e->body,
                                                               NULL);
      g_autofree char *line = g_strdup_printf ("line %u:", e->line);
      g_autofree char *quoted = g_strdup_printf ("'%s'", e->source);
      g_autoptr (GError) error = NULL;
      double sentinel = 0;
      double *q = &sentinel;   /* must be left alone on failure */
      g_autoptr (PlCircuit) c = pl_circuit_from_qasm (text, &q, &error);

      g_assert_null (c);
      g_assert_error (error, PL_ERROR, PL_ERROR_PARSE);
      g_assert_true (q == &sentinel);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (strchr (error->message, '\n'));
      if (strstr (error->message, line) == NULL || strstr (error->message, quoted) == NULL ||
          strstr (error->message, e->needle) == NULL)
        g_error ("case %u: message '%s' should contain '%s', %s and '%s'", i, error->message,
                 line, quoted, e->needle);
    }

  /* A long offending line is quoted clipped to 80 characters, on a character boundary. */
  {
    g_autoptr (GString) text = g_string_new (HEADER "qreg q[3];\n");
    g_autoptr (GError) error = NULL;
    g_autofree char *prefix = NULL;
    const char *quote;

    for (guint i = 0; i < 50; i++)
      g_string_append (text, "h q[0]; ");
    g_string_append (text, "bogus q[0];\n");
    g_assert_null (pl_circuit_from_qasm (text->str, NULL, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_PARSE);
    quote = strstr (error->message, "(in '");
    g_assert_nonnull (quote);
    prefix = g_strndup (text->str + strlen (HEADER "qreg q[3];\n"), 80);
    g_assert_true (g_str_has_prefix (quote + 5, prefix));
    g_assert_true (g_str_has_prefix (quote + 5 + 80, "…')"));
  }

  /* Without any qreg there is no line to blame. */
  {
    g_autoptr (GError) error = NULL;

    g_assert_null (pl_circuit_from_qasm (HEADER, NULL, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "no qreg"));
  }
}

/* --- every gate name, and qelib1's definitions --------------------------------------------- */

typedef struct {
  const char *name;
  PlGate      gate;
  const char *body;   /* qelib1.inc's definition on qubits a, b with theta, phi, lambda */
} Qelib1Gate;

/* The definitions of Qiskit's qelib1.inc (u2(f, l) written as u3(pi/2, f, l)); ryy is not in
 * qelib1 and is checked against the definition the exporter writes. */
static const Qelib1Gate qelib1[] = {
  { "id", PL_GATE_I, "u3(0,0,0) a;" },
  { "h", PL_GATE_H, "u3(pi/2,0,pi) a;" },
  { "x", PL_GATE_X, "u3(pi,0,pi) a;" },
  { "y", PL_GATE_Y, "u3(pi,pi/2,pi/2) a;" },
  { "z", PL_GATE_Z, "u1(pi) a;" },
  { "s", PL_GATE_S, "u1(pi/2) a;" },
  { "sdg", PL_GATE_SDG, "u1(-pi/2) a;" },
  { "t", PL_GATE_T, "u1(pi/4) a;" },
  { "tdg", PL_GATE_TDG, "u1(-pi/4) a;" },
  { "rx", PL_GATE_RX, "u3(theta,-pi/2,pi/2) a;" },
  { "ry", PL_GATE_RY, "u3(theta,0,0) a;" },
  { "rz", PL_GATE_RZ, "u1(theta) a;" },
  { "p", PL_GATE_PHASE, "U(0,0,theta) a;" },
  { "u1", PL_GATE_PHASE, "U(0,0,theta) a;" },
  /* The language's U(theta, phi, lambda) = Rz(phi) Ry(theta) Rz(lambda). */
  { "u3", PL_GATE_U3, "rz(lambda) a; ry(theta) a; rz(phi) a;" },
  { "u", PL_GATE_U3, "rz(lambda) a; ry(theta) a; rz(phi) a;" },
  { "U", PL_GATE_U3, "rz(lambda) a; ry(theta) a; rz(phi) a;" },
  { "cx", PL_GATE_CNOT, "CX a,b;" },
  { "CX", PL_GATE_CNOT, "cx a,b;" },
  { "cz", PL_GATE_CZ, "h b; cx a,b; h b;" },
  { "cy", PL_GATE_CY, "sdg b; cx a,b; s b;" },
  { "swap", PL_GATE_SWAP, "cx a,b; cx b,a; cx a,b;" },
  { "crx", PL_GATE_CRX,
    "u1(pi/2) b; cx a,b; u3(-theta/2,0,0) b; cx a,b; u3(theta/2,-pi/2,0) b;" },
  { "cry", PL_GATE_CRY, "ry(theta/2) b; cx a,b; ry(-theta/2) b; cx a,b;" },
  { "crz", PL_GATE_CRZ, "u1(theta/2) b; cx a,b; u1(-theta/2) b; cx a,b;" },
  { "rxx", PL_GATE_RXX,
    "u3(pi/2,theta,0) a; h b; cx a,b; u1(-theta) b; cx a,b; h b; u3(pi/2,-pi,pi-theta) a;" },
  { "rzz", PL_GATE_RZZ, "cx a,b; u1(theta) b; cx a,b;" },
  { "ryy", PL_GATE_RYY, NULL },
};

/* The 4 x 4 unitary of a 2-qubit circuit (column by column, through the reference code). */
static void
circuit_unitary (const PlCircuit *c,
                 const double    *params,
                 double          *ure,
                 double          *uim)
{
  for (guint col = 0; col < 4; col++)
    {
      double re[4] = { 0 }, im[4] = { 0 };

      re[col] = 1;
      for (gsize i = 0; i < c->n_ops; i++)
        {
          const PlOp *op = &c->ops[i];
          double angles[3] = { 0 };

          for (guint k = 0; k < pl_gate_info (op->gate)->n_params; k++)
            angles[k] = params[op->src[k].index];
          ref_apply_gate (2, op->gate, op->wires, angles, re, im);
        }
      for (guint row = 0; row < 4; row++)
        {
          ure[row * 4 + col] = re[row];
          uim[row * 4 + col] = im[row];
        }
    }
}

/* M = e^{i phi} R for some phi. */
static void
assert_equal_up_to_phase (const double *mre,
                          const double *mim,
                          const double *rre,
                          const double *rim,
                          guint         n)
{
  guint big = 0;
  double pre, pim, norm;

  for (guint i = 1; i < n; i++)
    if (hypot (rre[i], rim[i]) > hypot (rre[big], rim[big]))
      big = i;
  /* phase = M[big] / R[big] */
  norm = rre[big] * rre[big] + rim[big] * rim[big];
  pre = (mre[big] * rre[big] + mim[big] * rim[big]) / norm;
  pim = (mim[big] * rre[big] - mre[big] * rim[big]) / norm;
  g_assert_cmpfloat_with_epsilon (hypot (pre, pim), 1.0, 1e-12);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat_with_epsilon (mre[i], pre * rre[i] - pim * rim[i], 1e-12);
      g_assert_cmpfloat_with_epsilon (mim[i], pre * rim[i] + pim * rre[i], 1e-12);
    }
}

static char *
substitute (const char   *body,
            const double *angles)
{
  static const char *const patterns[] = {
    "\\btheta\\b", "\\bphi\\b", "\\blambda\\b", "\\ba\\b", "\\bb\\b"
  };
  char *text = g_strdup (body);

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autoptr (GRegex) re = g_regex_new (patterns[i], 0, 0, NULL);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *with = NULL;
      char *next;

      if (i < 3)
        with = g_strdup_printf ("(%s)", g_ascii_formatd (buf, sizeof buf, "%.17g", angles[i]));
      else
        with = g_strdup (i == 3 ? "q[0]" : "q[1]");
      next = g_regex_replace_literal (re, text, -1, 0, with, 0, NULL);
      g_free (text);
      text = next;
    }
  return text;
}

static char *
exported_ryy_body (void)
{
  g_autoptr (PlCircuit) c = pl_circuit_new (2);
  g_autofree char *text = NULL;
  guint w[2] = { 0, 1 };
  double p = 0.3;
  PlCircuitArgs args = { .batch = 1, .params = &p };
  const char *open, *close;

  g_assert_true (pl_circuit_append_trainable (c, PL_GATE_RYY, w, NULL));
  text = pl_circuit_to_qasm (c, &args, NULL);
  open = strstr (text, "gate ryy(theta) a,b {");
  g_assert_nonnull (open);
  open = strchr (open, '{') + 1;
  close = strchr (open, '}');
  g_assert_nonnull (close);
  return g_strndup (open, close - open);
}

static void
test_every_gate (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 2);
  for (guint i = 0; i < G_N_ELEMENTS (qelib1); i++)
    {
      const Qelib1Gate *g = &qelib1[i];
      const PlGateInfo *info = pl_gate_info (g->gate);
      g_autofree char *body = g->body != NULL ? g_strdup (g->body) : exported_ryy_body ();
      double angles[3];
      g_autoptr (GString) call = g_string_new (HEADER "qreg q[2];\n");
      g_autoptr (PlCircuit) c = NULL;
      g_autoptr (PlCircuit) def = NULL;
      g_autofree double *q = NULL;
      g_autofree double *dq = NULL;
      g_autofree char *def_text = NULL;
      g_autofree char *sub = NULL;
      double ure[16], uim[16], dre[16], dim[16];

      for (guint k = 0; k < 3; k++)
        angles[k] = 4 * pl_rng_uniform (&rng) - 2;

      /* The name imports as the gate, on the wires in the order written (q[1] first). */
      g_string_append (call, g->name);
      for (guint k = 0; k < info->n_params; k++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append (call, k == 0 ? "(" : ",");
          g_string_append (call, g_ascii_formatd (buf, sizeof buf, "%.17g", angles[k]));
        }
      g_string_append (call, info->n_params > 0 ? ") " : " ");
      g_string_append (call, info->n_wires == 2 ? "q[1],q[0];\n" : "q[1];\n");
      c = parse (call->str, &q);
      g_assert_cmpuint (c->n_ops, ==, 1);
      g_assert_cmpint (c->ops[0].gate, ==, g->gate);
      g_assert_cmpuint (c->ops[0].wires[0], ==, 1);
      if (info->n_wires == 2)
        g_assert_cmpuint (c->ops[0].wires[1], ==, 0);
      g_assert_cmpuint (c->n_params, ==, info->n_params);
      for (guint k = 0; k < info->n_params; k++)
        g_assert_cmpfloat (imported_angle (&c->ops[0], k, q), ==, angles[k]);

      /* qelib1's definition on a = q[0], b = q[1] gives pl-gate.h's matrix on wires (0, 1). */
      sub = substitute (body, angles);
      def_text = g_strconcat (HEADER "qreg q[2];\n", sub, "\n", NULL);
      def = parse (def_text, &dq);
      circuit_unitary (def, dq, dre, dim);
      {
        guint w[2] = { 0, 1 };
        g_autoptr (PlCircuit) one = pl_circuit_new (2);
        double zero = 0;

        g_assert_true (pl_circuit_append_trainable (one, g->gate, w, NULL));
        circuit_unitary (one, info->n_params > 0 ? angles : &zero, ure, uim);
      }
      assert_equal_up_to_phase (dre, dim, ure, uim, 16);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Qasm/round-trip", test_round_trip);
  g_test_add_func ("/Plateau/Qasm/export-all-gates", test_export_all_gates);
  g_test_add_func ("/Plateau/Qasm/expressions", test_expressions);
  g_test_add_func ("/Plateau/Qasm/errors", test_errors);
  g_test_add_func ("/Plateau/Qasm/every-gate", test_every_gate);

  return g_test_run ();
}
