/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-gate.h: the gate set of Plateau, its names and matrices.
 *
 * Conventions (the same as OpenQASM 2.0 qelib1 and Qiskit):
 *   - qubit j is bit j of the basis index (qubit 0 is the least significant bit);
 *   - for two-qubit gates wires[0] is the control (CNOT, CZ, CY, CRX, CRY, CRZ) and wires[1]
 *     the target; for symmetric gates (SWAP, RXX, RYY, RZZ, CZ) the order does not matter;
 *   - RX(t) = exp(-i t X / 2), RY(t) = exp(-i t Y / 2), RZ(t) = exp(-i t Z / 2);
 *   - PHASE(l) = diag(1, e^{i l});
 *   - U3(t, p, l) = [[cos t/2, -e^{i l} sin t/2], [e^{i p} sin t/2, e^{i (p + l)} cos t/2]];
 *   - ROT(p, t, o) = RZ(o) RY(t) RZ(p) (PennyLane's Rot);
 *   - RXX(t) = exp(-i t X(x)X / 2), likewise RYY, RZZ;
 *   - CRX(t) = |0><0| (x) I + |1><1| (x) RX(t), likewise CRY, CRZ.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"

G_BEGIN_DECLS

typedef enum {
  PL_GATE_I,
  PL_GATE_H,
  PL_GATE_X,
  PL_GATE_Y,
  PL_GATE_Z,
  PL_GATE_S,
  PL_GATE_SDG,
  PL_GATE_T,
  PL_GATE_TDG,
  PL_GATE_RX,
  PL_GATE_RY,
  PL_GATE_RZ,
  PL_GATE_PHASE,
  PL_GATE_U3,
  PL_GATE_ROT,
  PL_GATE_CNOT,
  PL_GATE_CZ,
  PL_GATE_CY,
  PL_GATE_SWAP,
  PL_GATE_CRX,
  PL_GATE_CRY,
  PL_GATE_CRZ,
  PL_GATE_RXX,
  PL_GATE_RYY,
  PL_GATE_RZZ,
  PL_N_GATES
} PlGate;

#define PL_GATE_MAX_PARAMS 3

typedef struct {
  const char *name;      /* Plateau's lower-case name: "rx", "cnot", ... */
  const char *qasm;      /* qelib1 name: "rx", "cx", ... */
  guint       n_wires;   /* 1 or 2 */
  guint       n_params;  /* 0 .. 3 */
  gboolean    diagonal;  /* a diagonal matrix in the computational basis */
} PlGateInfo;

const PlGateInfo *pl_gate_info (PlGate gate);

/* Look a gate up by Plateau name or qelib1 name, case-insensitively ("cx" and "cnot" both
 * work, as do "p"/"u1"/"phase", "u"/"u3", "sdg", "tdg"). Returns FALSE for an unknown name. */
gboolean pl_gate_from_name (const char *name,
                            PlGate     *gate);

/* The gate's unitary as a dense row-major 2^k x 2^k complex matrix (k = n_wires), in the
 * basis |w1 w0> where w0 = wires[0] is the least significant bit. re/im hold 4 or 16 entries.
 * This is the slow, obviously correct definition tests compare the kernels against. */
void pl_gate_matrix (PlGate        gate,
                     const double *params,
                     double       *re,
                     double       *im);

G_END_DECLS
