/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sim1 .. sim19 templates against Sim, Johnson & Aspuru-Guzik, Adv. Quantum Technol. 2,
 * 1900070 (2019): parameter counts per layer as counted from Fig. 2 for four qubits and from
 * closed formulas for other sizes, and the four-qubit circuits of the figure transcribed gate
 * by gate, op list and state.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

/* Parameters per layer of circuits 1..19 on four qubits, as counted from Fig. 2 of the paper
 * (one parameter per rotation and per controlled rotation). */
static const guint sim_params_n4[19] = {
  8, 8, 11, 11, 28, 28, 19, 19, 4, 8, 12, 12, 16, 16, 8, 11, 11, 12, 12
};

static guint
sim_params_formula (guint which,
                    guint n)
{
  switch (which)
    {
    case 1: case 2: case 10: case 15: return 2 * n;
    case 3: case 4: case 16: case 17: return 3 * n - 1;
    case 5: case 6: return 4 * n + n * (n - 1);
    case 7: case 8: return 4 * n + (n - 1);
    case 9: return n;
    case 11: case 12: return 2 * n + 4 * ((n - 1) / 2);
    case 13: case 14: return 4 * n;
    case 18: case 19: return 3 * n;
    default: g_assert_not_reached ();
    }
  return 0;
}

static guint
sim_pairs_formula (guint which,
                   guint n)
{
  switch (which)
    {
    case 1: return 0;
    case 2: case 3: case 4: case 7: case 8: case 9: case 11: case 12: case 16: case 17:
      return n - 1;
    case 5: case 6: return n * (n - 1);
    case 10: return n > 2 ? n : 1;
    case 13: case 14: case 15: return 2 * n;
    case 18: case 19: return n;
    default: g_assert_not_reached ();
    }
  return 0;
}

static void
test_sim_counts (void)
{
  for (guint which = 1; which <= 19; which++)
    {
      g_autofree char *name = g_strdup_printf ("sim%u", which);

      for (guint layers = 1; layers <= 3; layers++)
        {
          g_autoptr (PlCircuit) c = ref_tpl_build (name, 4, layers);

          g_assert_cmpuint (c->n_params, ==, layers * sim_params_n4[which - 1]);
        }
      for (guint n = 2; n <= 7; n++)
        {
          g_autoptr (PlCircuit) c = ref_tpl_build (name, n, 2);
          guint pairs = 0;

          g_assert_cmpuint (c->n_params, ==, 2 * sim_params_formula (which, n));
          for (gsize i = 0; i < c->n_ops; i++)
            pairs += pl_gate_info (c->ops[i].gate)->n_wires == 2;
          g_assert_cmpuint (pairs, ==, 2 * sim_pairs_formula (which, n));
        }
    }
}

/* The 4-qubit circuits of Fig. 2, q0 the top wire, one group per column of the figure:
 * a gate name then its wires (single digits) or control-target pairs. */
static const char *const sim_figure[19] = {
  "RX 0123; RZ 0123",
  "RX 0123; RZ 0123; CX 32 21 10",
  "RX 0123; RZ 0123; CRZ 32 21 10",
  "RX 0123; RZ 0123; CRX 32 21 10",
  "RX 0123; RZ 0123; CRZ 32 31 30 23 21 20 13 12 10 03 02 01; RX 0123; RZ 0123",
  "RX 0123; RZ 0123; CRX 32 31 30 23 21 20 13 12 10 03 02 01; RX 0123; RZ 0123",
  "RX 0123; RZ 0123; CRZ 10 32; RX 0123; RZ 0123; CRZ 21",
  "RX 0123; RZ 0123; CRX 10 32; RX 0123; RZ 0123; CRX 21",
  "H 0123; CZ 32 21 10; RX 0123",
  "RY 0123; CZ 32 21 10 30; RY 0123",
  "RY 0123; RZ 0123; CX 10 32; RY 12; RZ 12; CX 21",
  "RY 0123; RZ 0123; CZ 10 32; RY 12; RZ 12; CZ 21",
  "RY 0123; CRZ 30 23 12 01; RY 0123; CRZ 32 03 10 21",
  "RY 0123; CRX 30 23 12 01; RY 0123; CRX 32 03 10 21",
  "RY 0123; CX 30 23 12 01; RY 0123; CX 32 03 10 21",
  "RX 0123; RZ 0123; CRZ 10 32 21",
  "RX 0123; RZ 0123; CRX 10 32 21",
  "RX 0123; RZ 0123; CRZ 30 23 12 01",
  "RX 0123; RZ 0123; CRX 30 23 12 01",
};

typedef struct {
  PlGate gate;
  guint  wires[2];
} FigOp;

static GArray *
parse_figure (const char *text)
{
  static const struct { const char *name; PlGate gate; } names[] = {
    { "RX", PL_GATE_RX }, { "RY", PL_GATE_RY }, { "RZ", PL_GATE_RZ }, { "H", PL_GATE_H },
    { "CX", PL_GATE_CNOT }, { "CZ", PL_GATE_CZ }, { "CRX", PL_GATE_CRX },
    { "CRZ", PL_GATE_CRZ },
  };
  GArray *ops = g_array_new (FALSE, FALSE, sizeof (FigOp));
  g_auto (GStrv) groups = g_strsplit (text, ";", -1);

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto (GStrv) words = g_strsplit (g_strstrip (groups[g]), " ", -1);
      PlGate gate = PL_N_GATES;

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        if (strcmp (words[0], names[i].name) == 0)
          gate = names[i].gate;
      g_assert_cmpint (gate, !=, PL_N_GATES);
      for (guint w = 1; words[w] != NULL; w++)
        {
          if (pl_gate_info (gate)->n_wires == 1)
            for (const char *d = words[w]; *d != '\0'; d++)
              {
                FigOp op = { gate, { (guint) (*d - '0'), 0 } };
                g_array_append_val (ops, op);
              }
          else
            {
              FigOp op = { gate, { (guint) (words[w][0] - '0'), (guint) (words[w][1] - '0') } };

              g_assert_cmpuint (strlen (words[w]), ==, 2);
              g_array_append_val (ops, op);
            }
        }
    }
  return ops;
}

static void
test_sim_figure (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  for (guint which = 1; which <= 19; which++)
    {
      g_autofree char *name = g_strdup_printf ("sim%u", which);
      g_autoptr (GArray) fig = parse_figure (sim_figure[which - 1]);
      g_autoptr (PlCircuit) c = ref_tpl_build (name, 4, 2);
      g_autofree double *p = ref_tpl_random_params (&rng, c->n_params);
      double re[16], im[16], ref_re[16], ref_im[16];
      guint k = 0;

      /* Two layers of the figure, op by op, each rotation with the next fresh parameter. */
      g_assert_cmpuint (c->n_ops, ==, 2 * fig->len);
      ref_tpl_zero_state (16, ref_re, ref_im);
      for (gsize i = 0; i < c->n_ops; i++)
        {
          const FigOp *f = &g_array_index (fig, FigOp, i % fig->len);
          const PlOp *op = &c->ops[i];
          guint np = pl_gate_info (f->gate)->n_params;

          g_assert_cmpint (op->gate, ==, f->gate);
          g_assert_cmpuint (op->wires[0], ==, f->wires[0]);
          if (pl_gate_info (f->gate)->n_wires == 2)
            g_assert_cmpuint (op->wires[1], ==, f->wires[1]);
          g_assert_cmpuint (op->layer, ==, i / fig->len);
          if (np == 1)
            {
              g_assert_cmpint (op->src[0].kind, ==, PL_SOURCE_PARAM);
              g_assert_cmpuint (op->src[0].index, ==, k);
              g_assert_cmpfloat (op->src[0].scale, ==, 1.0);
              g_assert_cmpfloat (op->src[0].value, ==, 0.0);
            }
          ref_tpl_apply (4, f->gate, f->wires[0], f->wires[1], np == 1 ? p[k] : 0, ref_re, ref_im);
          k += np;
        }
      g_assert_cmpuint (k, ==, c->n_params);
      ref_tpl_circuit_state (c, p, NULL, 1, 0, re, im);
      ref_tpl_assert_same_state (16, re, im, ref_re, ref_im);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Templates/sim-counts", test_sim_counts);
  g_test_add_func ("/Plateau/Templates/sim-figure", test_sim_figure);

  return g_test_run ();
}
