/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-circuit-templates-private.h"

/* Circuits 1-19 of Fig. 2 of S. Sim, P. D. Johnson and A. Aspuru-Guzik, "Expressibility and
 * entangling capability of parameterized quantum circuits for hybrid quantum-classical
 * algorithms", Adv. Quantum Technol. 2, 1900070 (2019), arXiv:1905.10876. The figure draws four
 * qubits, q0 on the top wire; every rotation has its own parameter. The general-n form keeps
 * each pattern: "ladder" is the staircase climbing from the bottom wire (control i, target
 * i - 1 for i = n-1 .. 1); "pairs(even)" acts on (1 -> 0), (3 -> 2), ... and "pairs(odd)" on
 * (2 -> 1), (4 -> 3), ...; "ring down" is (n-1 -> 0), (n-2 -> n-1), ..., (0 -> 1) and
 * "ring up" is (n-1 -> n-2), (0 -> n-1), (1 -> 0), ..., (n-2 -> n-3). One layer is:
 *
 *   1  RX, RZ on all                                                 2n        (n=4:  8)
 *   2  RX, RZ on all; CNOT ladder                                    2n        (8)
 *   3  RX, RZ on all; CRZ ladder                                     3n - 1    (11)
 *   4  RX, RZ on all; CRX ladder                                     3n - 1    (11)
 *   5  RX, RZ on all; CRZ from every qubit to every other (controls
 *      n-1 .. 0, targets n-1 .. 0); RX, RZ on all                    n^2 + 3n  (28)
 *   6  as 5 with CRX                                                 n^2 + 3n  (28)
 *   7  RX, RZ on all; CRZ pairs(even); RX, RZ on all; CRZ pairs(odd) 5n - 1    (19)
 *   8  as 7 with CRX                                                 5n - 1    (19)
 *   9  H on all; CZ ladder; RX on all                                n         (4)
 *  10  RY on all; CZ ladder closed by CZ(n-1, 0); RY on all          2n        (8)
 *  11  RY, RZ on all; CNOT pairs(even); RY, RZ on the qubits the odd
 *      pairs touch (1 .. 2 floor((n-1)/2)); CNOT pairs(odd)           2n + 4 floor((n-1)/2) (12)
 *  12  as 11 with CZ                                                 (12)
 *  13  RY on all; CRZ ring down; RY on all; CRZ ring up              4n        (16)
 *  14  as 13 with CRX                                                4n        (16)
 *  15  RY on all; CNOT ring down; RY on all; CNOT ring up            2n        (8)
 *  16  RX, RZ on all; CRZ pairs(even); CRZ pairs(odd)                3n - 1    (11)
 *  17  as 16 with CRX                                                3n - 1    (11)
 *  18  RX, RZ on all; CRZ ring down                                  3n        (12)
 *  19  as 18 with CRX                                                3n        (12)
 *
 * n_layers repeats the whole drawn block (so circuit 10 has its leading RY column in every
 * layer). All but circuit 1 need at least two qubits.
 */

static void
sim_ladder (Builder *b,
            PlGate   gate,
            guint    n)
{
  for (guint i = n - 1; i >= 1; i--)
    add_gate (b, gate, i, i - 1);
}

static void
sim_pairs (Builder *b,
           PlGate   gate,
           guint    n,
           guint    first)
{
  for (guint i = first; i + 1 < n; i += 2)
    add_gate (b, gate, i + 1, i);
}

static void
sim_ring_down (Builder *b,
               PlGate   gate,
               guint    n)
{
  add_gate (b, gate, n - 1, 0);
  for (guint i = n - 1; i >= 1; i--)
    add_gate (b, gate, i - 1, i);
}

static void
sim_ring_up (Builder *b,
             PlGate   gate,
             guint    n)
{
  add_gate (b, gate, n - 1, n - 2);
  add_gate (b, gate, 0, n - 1);
  for (guint i = 1; i + 1 < n; i++)
    add_gate (b, gate, i, i - 1);
}

static void
sim_rx_rz (Builder *b,
           guint    n)
{
  on_every_qubit (b, PL_GATE_RX, n);
  on_every_qubit (b, PL_GATE_RZ, n);
}

void
_pl_template_sim_layer (Builder *b,
                        guint    which,
                        guint    n)
{
  PlGate controlled = PL_GATE_CRZ;

  switch (which)
    {
    case 1:
      sim_rx_rz (b, n);
      break;
    case 2:
      sim_rx_rz (b, n);
      sim_ladder (b, PL_GATE_CNOT, n);
      break;
    case 3:
    case 4:
      sim_rx_rz (b, n);
      sim_ladder (b, which == 3 ? PL_GATE_CRZ : PL_GATE_CRX, n);
      break;
    case 5:
    case 6:
      controlled = which == 5 ? PL_GATE_CRZ : PL_GATE_CRX;
      sim_rx_rz (b, n);
      for (guint c = n; c-- > 0;)
        for (guint t = n; t-- > 0;)
          if (t != c)
            add_gate (b, controlled, c, t);
      sim_rx_rz (b, n);
      break;
    case 7:
    case 8:
      controlled = which == 7 ? PL_GATE_CRZ : PL_GATE_CRX;
      sim_rx_rz (b, n);
      sim_pairs (b, controlled, n, 0);
      sim_rx_rz (b, n);
      sim_pairs (b, controlled, n, 1);
      break;
    case 9:
      on_every_qubit (b, PL_GATE_H, n);
      sim_ladder (b, PL_GATE_CZ, n);
      on_every_qubit (b, PL_GATE_RX, n);
      break;
    case 10:
      on_every_qubit (b, PL_GATE_RY, n);
      sim_ladder (b, PL_GATE_CZ, n);
      if (n > 2)
        add_gate (b, PL_GATE_CZ, n - 1, 0);
      on_every_qubit (b, PL_GATE_RY, n);
      break;
    case 11:
    case 12:
      controlled = which == 11 ? PL_GATE_CNOT : PL_GATE_CZ;
      on_every_qubit (b, PL_GATE_RY, n);
      on_every_qubit (b, PL_GATE_RZ, n);
      sim_pairs (b, controlled, n, 0);
      for (guint q = 1; q <= 2 * ((n - 1) / 2); q++)
        add_gate (b, PL_GATE_RY, q, 0);
      for (guint q = 1; q <= 2 * ((n - 1) / 2); q++)
        add_gate (b, PL_GATE_RZ, q, 0);
      sim_pairs (b, controlled, n, 1);
      break;
    case 13:
    case 14:
    case 15:
      controlled = which == 13 ? PL_GATE_CRZ : which == 14 ? PL_GATE_CRX : PL_GATE_CNOT;
      on_every_qubit (b, PL_GATE_RY, n);
      sim_ring_down (b, controlled, n);
      on_every_qubit (b, PL_GATE_RY, n);
      sim_ring_up (b, controlled, n);
      break;
    case 16:
    case 17:
      controlled = which == 16 ? PL_GATE_CRZ : PL_GATE_CRX;
      sim_rx_rz (b, n);
      sim_pairs (b, controlled, n, 0);
      sim_pairs (b, controlled, n, 1);
      break;
    case 18:
    case 19:
      sim_rx_rz (b, n);
      sim_ring_down (b, which == 18 ? PL_GATE_CRZ : PL_GATE_CRX, n);
      break;
    default:
      g_assert_not_reached ();
    }
}
