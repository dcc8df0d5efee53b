/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text diagrams of circuits, compared with diagrams drawn by hand.
 */
#include "reference.h"

#include <string.h>

static void
add (PlCircuit *c,
     PlGate     gate,
     guint      w0,
     guint      w1)
{
  guint wires[2] = { w0, w1 };
  g_autoptr (GError) error = NULL;

  g_assert_true (pl_circuit_append_trainable (c, gate, wires, &error));
  g_assert_no_error (error);
}

static void
assert_diagram (const char *got,
                const char *expected)
{
  if (strcmp (got, expected) != 0)
    g_error ("diagram\n%s\nshould be\n%s", got, expected);
}

static void
test_packing (void)
{
  g_autoptr (PlCircuit) c = pl_circuit_new (3);
  double p[2] = { G_PI / 4, 0.5 };
  g_autofree char *symbolic = NULL;
  g_autofree char *numeric = NULL;

  /* H(0) and the CNOT spanning 0..2 cannot share a column; RY(1) fits after the CNOT, RZZ(1,2)
   * after RY, SWAP(0,1) after RZZ on wire 1. */
  add (c, PL_GATE_H, 0, 0);
  add (c, PL_GATE_CNOT, 0, 2);
  add (c, PL_GATE_RY, 1, 0);
  add (c, PL_GATE_RZZ, 1, 2);
  add (c, PL_GATE_SWAP, 0, 1);

  symbolic = pl_circuit_draw_text (c, NULL);
  assert_diagram (symbolic,
                  "q0: ─┤H├─●────────────────────×─\n"
                  "q1: ─────┼─┤RY(p0)├─┤RZZ(p1)├─×─\n"
                  "q2: ─────⊕──────────┤RZZ(p1)├───\n");
  numeric = pl_circuit_draw_text (c, p);
  assert_diagram (numeric,
                  "q0: ─┤H├─●────────────────────────×─\n"
                  "q1: ─────┼─┤RY(0.785)├─┤RZZ(0.5)├─×─\n"
                  "q2: ─────⊕─────────────┤RZZ(0.5)├───\n");
}

static void
test_parallel_and_controls (void)
{
  g_autoptr (PlCircuit) c = pl_circuit_new (4);
  g_autofree char *text = NULL;

  /* Four single-qubit gates share the first column, two disjoint CZ the second; a controlled
   * rotation shows its control and its rotation. */
  for (guint q = 0; q < 4; q++)
    add (c, PL_GATE_X, q, 0);
  add (c, PL_GATE_CZ, 0, 1);
  add (c, PL_GATE_CZ, 2, 3);
  add (c, PL_GATE_CRX, 3, 0);
  text = pl_circuit_draw_text (c, NULL);
  assert_diagram (text,
                  "q0: ─┤X├─●─┤RX(p0)├─\n"
                  "q1: ─┤X├─●────┼─────\n"
                  "q2: ─┤X├─●────┼─────\n"
                  "q3: ─┤X├─●────●─────\n");
}

static void
test_sources (void)
{
  g_autoptr (PlCircuit) c = NULL;
  PlTemplateOptions tfim = { .n_qubits = 2, .n_layers = 1 };
  PlTemplateOptions reupload = { .n_qubits = 1, .n_layers = 1, .rotations = "rz" };
  g_autofree char *text = NULL;
  g_autofree char *values = NULL;
  double p[3] = { 0.25, -1.5, 2 };

  /* Shared, scaled parameters: RZZ(2 p0) and RX(2 p1). */
  c = pl_circuit_new_template ("tfim", &tfim, NULL);
  text = pl_circuit_draw_text (c, NULL);
  assert_diagram (text,
                  "q0: ─┤H├─┤RZZ(2*p0)├─┤RX(2*p1)├─\n"
                  "q1: ─┤H├─┤RZZ(2*p0)├─┤RX(2*p1)├─\n");
  g_clear_pointer (&text, g_free);
  values = pl_circuit_draw_text (c, p);
  assert_diagram (values,
                  "q0: ─┤H├─┤RZZ(0.5)├─┤RX(-3)├─\n"
                  "q1: ─┤H├─┤RZZ(0.5)├─┤RX(-3)├─\n");
  g_clear_pointer (&values, g_free);
  g_clear_pointer (&c, pl_circuit_free);

  /* Data encoding RY(a x + b) with trainable a and b. */
  c = pl_circuit_new_template ("reupload", &reupload, NULL);
  text = pl_circuit_draw_text (c, NULL);
  assert_diagram (text, "q0: ─┤RY(p0*x0+p1)├─┤RZ(p2)├─\n");
  values = pl_circuit_draw_text (c, p);
  assert_diagram (values, "q0: ─┤RY(0.25*x0-1.5)├─┤RZ(2)├─\n");
}

static void
test_long (void)
{
  PlTemplateOptions o = { .n_qubits = 5, .n_layers = 40 };
  g_autoptr (PlCircuit) c = pl_circuit_new_template ("sim6", &o, NULL);
  g_autofree char *text = pl_circuit_draw_text (c, NULL);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  glong width = g_utf8_strlen (lines[0], -1);

  /* One line per qubit (plus the empty rest after the final newline), all equally long. */
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_cmpstr (lines[5], ==, "");
  for (guint q = 0; q < 5; q++)
    {
      g_autofree char *label = g_strdup_printf ("q%u: ", q);

      g_assert_true (g_str_has_prefix (lines[q], label));
      g_assert_cmpint (g_utf8_strlen (lines[q], -1), ==, width);
      g_assert_true (g_utf8_validate (lines[q], -1, NULL));
    }
  g_assert_cmpint (width, >, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Draw/packing", test_packing);
  g_test_add_func ("/Plateau/Draw/parallel-and-controls", test_parallel_and_controls);
  g_test_add_func ("/Plateau/Draw/sources", test_sources);
  g_test_add_func ("/Plateau/Draw/long", test_long);

  return g_test_run ();
}
