/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-circuit.h: parameterized quantum circuits, their simulation on batched states, and their
 * exact gradients.
 *
 * A circuit is a list of gate applications (ops). Every rotation angle has a source:
 *   FIXED     angle = value
 *   PARAM     angle = scale * p[index] + value        (a trainable parameter)
 *   INPUT     angle = a * x[index] + b, where a = p[a_param] if a_param >= 0 else scale,
 *             and b = p[b_param] if b_param >= 0 else value   (data encoding)
 *   EXTERNAL  angle = e[index]                          (a per-point array from another layer)
 *
 * Values are passed through PlCircuitArgs with the batch innermost: parameters either shared
 * by the whole batch (p[k]) or one set per element (p[k * batch + b]); inputs x[j * batch + b];
 * external angles e[m * batch + b].
 *
 * Gradients are of f_b = sum_i w[i * batch + b] <psi_b| O_i |psi_b> for each batch element b,
 * with respect to the parameters (per element: grad[k * batch + b]), the inputs and the
 * external angles. Three methods, one call:
 *   ADJOINT      one forward pass, then a backward pass that un-computes the state with
 *                inverse gates while carrying lambda = sum_i w_i O_i psi (Jones & Gacon 2020);
 *                df/dt = 2 Im <lambda| H |phi> for a gate exp(-i t H), U3/ROT lowered to RZ RY RZ.
 *   PARAM_SHIFT  two-term rule for Pauli rotations and PHASE, four-term rule for controlled
 *                rotations (Anselmetti et al. 2021); works with finite shots.
 *   FINITE_DIFF  central differences of the whole circuit in p, x and e (tests only).
 *
 * Who calls this: the CLI, the hybrid model (pl-model), analysis code and tests.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"
#include "pl-gate.h"
#include "pl-state.h"
#include "pl-pauli.h"
#include "pl-rng.h"

G_BEGIN_DECLS

typedef enum {
  PL_SOURCE_FIXED,
  PL_SOURCE_PARAM,
  PL_SOURCE_INPUT,
  PL_SOURCE_EXTERNAL,
} PlSourceKind;

typedef struct {
  PlSourceKind kind;
  guint        index;   /* parameter, input feature or external slot */
  double       scale;   /* PARAM: multiplier; INPUT: fixed a when a_param < 0 */
  double       value;   /* FIXED: the angle; PARAM: offset; INPUT: fixed b when b_param < 0 */
  gint         a_param; /* INPUT: trainable scale, or -1 */
  gint         b_param; /* INPUT: trainable offset, or -1 */
} PlAngleSource;

typedef struct {
  PlGate        gate;
  guint         wires[2];
  guint         layer;  /* the template layer the op belongs to (diagrams, layerwise init) */
  PlAngleSource src[PL_GATE_MAX_PARAMS];
} PlOp;

struct _PlCircuit {
  guint  n_qubits;
  guint  n_params;
  guint  n_inputs;
  guint  n_external;
  guint  n_layers;
  gsize  n_ops;
  gsize  ops_capacity;
  PlOp  *ops;
  char  *name;          /* template name or "custom" */
};

/* Source constructors. */
PlAngleSource pl_source_fixed    (double value);
PlAngleSource pl_source_param    (guint  index,
                                  double scale);
PlAngleSource pl_source_input    (guint  feature,
                                  double a,
                                  double b,
                                  gint   a_param,
                                  gint   b_param);
PlAngleSource pl_source_external (guint  slot);

PlCircuit *pl_circuit_new          (guint                n_qubits);
void       pl_circuit_free         (PlCircuit           *circuit);
PlCircuit *pl_circuit_dup          (const PlCircuit     *circuit);
/* A fresh trainable parameter; returns its index. */
guint      pl_circuit_add_param    (PlCircuit           *circuit);
/* Append an op after validating gate, wires and sources (parameter/input/external indices
 * must exist or be the next free one, see n_inputs/n_external which grow to fit). */
gboolean   pl_circuit_append       (PlCircuit           *circuit,
                                    PlGate               gate,
                                    const guint         *wires,
                                    const PlAngleSource *sources,
                                    GError             **error);
/* Convenience for builders: append with a fresh trainable parameter per angle. */
gboolean   pl_circuit_append_trainable (PlCircuit       *circuit,
                                        PlGate           gate,
                                        const guint     *wires,
                                        GError         **error);

/* --- templates -----------------------------------------------------------------------
 *
 * Parameters are numbered in the order the gates are appended, layer after layer, and every
 * op records its layer (ops before the first layer, such as an initial column of H, are in
 * layer 0). Two-qubit gates list the control first; qubit 0 is the top wire of the figures.
 *
 *   hea        per layer: each rotation of @rotations on every qubit (all of the first, then
 *              all of the second, ...), then @entangler_gate on the pairs of @entangler: line
 *              (i, i+1), ring (line plus (n-1, 0) when n > 2), all (i, j) for i < j, or none.
 *   sim1..19   Sim, Johnson & Aspuru-Guzik, Adv. Quantum Technol. 2, 1900070 (2019), Fig. 2,
 *              one fresh parameter per rotation, n_layers copies of the drawn block; the
 *              patterns generalised to n qubits are listed in pl-circuit-templates.c. All but
 *              sim1 need n >= 2.
 *   mcclean    McClean et al., Nat. Commun. 9, 4812 (2018): RY(pi/4) on every qubit, then per
 *              layer RX, RY or RZ on each qubit (drawn uniformly by a PlRng seeded with @seed)
 *              and CZ on (i, i+1).
 *   tfim       H on every qubit (the ground state of -sum X), then per layer
 *              exp(-i a sum_<ij> Z_i Z_j) as RZZ(2a) on each bond (i, i+1), closed by (n-1, 0)
 *              when @periodic and n > 2, and exp(-i b sum_i X_i) as RX(2b) on each qubit.
 *              Parameters per layer [a, b], or with @per_term one per term
 *              [a_bond..., b_qubit...]; angles are always twice the parameter. n >= 2.
 *   qaoa-ring  QAOA for MaxCut on a ring (Farhi, Goldstone & Gutmann 2014): the same with the
 *              ring always closed and (gamma, beta) for (a, b). n >= 2.
 *   reupload   data re-uploading (Perez-Salinas et al., Quantum 4, 226 (2020)): per layer
 *              RY(a_q x_j + b_q) on every qubit q with feature j = q mod @n_inputs and
 *              parameters [a_0, b_0, a_1, b_1, ...], then the rotations (default ry,rz) and
 *              the entangler (default a CNOT ring). @n_inputs <= n_qubits.
 *   strong     strongly entangling layers (Schuld et al., Phys. Rev. A 101, 032308 (2020);
 *              PennyLane's StronglyEntanglingLayers): ROT with 3 parameters on every qubit,
 *              then @entangler_gate (i, (i + r) mod n) for each i, r = (layer mod (n-1)) + 1.
 *
 * Names and option values are matched case-insensitively. An unknown template, rotation,
 * topology or gate, or counts out of range (1 <= n_layers <= 10000, n_qubits up to
 * PL_STATE_MAX_QUBITS) fail with PL_ERROR_INVALID_ARGUMENT naming the value and what is
 * allowed; option names are checked even for templates that do not use them.
 */

typedef struct {
  guint       n_qubits;
  guint       n_layers;
  const char *rotations;      /* hea, reupload: comma list of rx,ry,rz (default "ry,rz") */
  const char *entangler;      /* line | ring | all | none (default "line"; "ring" for strong) */
  const char *entangler_gate; /* cnot | cz (default "cnot") */
  guint64     seed;           /* mcclean: the seeded choice of rotation axes */
  gboolean    periodic;       /* tfim: periodic boundary */
  gboolean    per_term;       /* tfim, qaoa-ring: one parameter per term instead of shared */
  guint       n_inputs;       /* reupload: input features encoded (default 1) */
} PlTemplateOptions;

/* Names: hea, sim1 ... sim19, mcclean, tfim, qaoa-ring, reupload, strong. */
const char *const *pl_circuit_template_names (void);
/* One line describing a template, for --help and the GUI. */
const char        *pl_circuit_template_describe (const char *name);
PlCircuit         *pl_circuit_new_template  (const char              *name,
                                             const PlTemplateOptions *options,
                                             GError                 **error);

/* --- simulation ---------------------------------------------------------------------- */

typedef struct {
  gsize         batch;
  const double *params;          /* n_params values, or n_params * batch if params_batched */
  gboolean      params_batched;
  const double *inputs;          /* n_inputs * batch, or NULL when n_inputs == 0 */
  const double *external;        /* n_external * batch, or NULL when n_external == 0 */
} PlCircuitArgs;

/* Check args against the circuit: sizes present, no NaN or Inf anywhere. */
gboolean pl_circuit_check_args   (const PlCircuit      *circuit,
                                  const PlCircuitArgs  *args,
                                  GError              **error);
/* The angles of op @op_index, parameter @k, for every batch element, into out[batch]. */
void     pl_circuit_op_angles    (const PlCircuit      *circuit,
                                  gsize                 op_index,
                                  guint                 k,
                                  const PlCircuitArgs  *args,
                                  double               *out);
/* state <- U(args) |0...0>. @state must have the circuit's qubits and args->batch. */
gboolean pl_circuit_run          (const PlCircuit      *circuit,
                                  const PlCircuitArgs  *args,
                                  PlState              *state,
                                  GError              **error);
/* out[i * batch + b] = <O_i>_b, exactly (shots == 0) or estimated from @shots samples. */
gboolean pl_circuit_expectations (const PlCircuit      *circuit,
                                  const PlCircuitArgs  *args,
                                  guint                 n_obs,
                                  PlObservable *const  *obs,
                                  guint64               shots,
                                  PlRng                *rng,
                                  double               *out,
                                  GError              **error);

typedef enum {
  PL_DIFF_ADJOINT,
  PL_DIFF_PARAM_SHIFT,
  PL_DIFF_FINITE_DIFF,
} PlDiffMethod;

typedef struct {
  PlDiffMethod method;
  guint64      shots;    /* PARAM_SHIFT and FINITE_DIFF: 0 for exact expectations */
  PlRng       *rng;      /* needed when shots > 0 */
  double       fd_step;  /* FINITE_DIFF: 0 picks 1e-5 */
} PlDiffOptions;

typedef struct {
  double *params;    /* n_params * batch, or NULL */
  double *inputs;    /* n_inputs * batch, or NULL */
  double *external;  /* n_external * batch, or NULL */
} PlCircuitGrad;

/* Gradients of f_b = sum_i w[i * batch + b] <O_i>_b (weights NULL: f_b = <O_0>_b).
 * @values (n_obs * batch, may be NULL) receives the expectations. Derivatives with respect to
 * shared parameters are still reported per element (grad[k * batch + b]); sum over b for the
 * gradient of a batch sum. */
gboolean pl_circuit_gradient     (const PlCircuit      *circuit,
                                  const PlCircuitArgs  *args,
                                  guint                 n_obs,
                                  PlObservable *const  *obs,
                                  const double         *weights,
                                  const PlDiffOptions  *options,
                                  double               *values,
                                  PlCircuitGrad        *grad,
                                  GError              **error);

const char *pl_diff_method_to_string   (PlDiffMethod  method);
gboolean    pl_diff_method_from_string (const char   *name,
                                        PlDiffMethod *method);

/* --- text and interchange ------------------------------------------------------------ */

/* A UTF-8 text diagram, one line "qK: ..." per qubit, gates packed into columns (ops on
 * disjoint wires share one). Controls are ● (both ends of a CZ), CNOT targets ⊕, SWAP ×, and
 * other gates boxed labels such as ┤RY(0.785)├ (on the target of a controlled gate, on both
 * wires of RXX, RYY, RZZ); ┼ marks a wire that a two-qubit gate crosses. Angles are shown
 * to 3 significant digits, or when @params is NULL as symbols: p3, 2*p0, p4*x0+p5, e1. */
char      *pl_circuit_draw_text  (const PlCircuit *circuit,
                                  const double    *params);
/* OpenQASM 2.0 with all angles resolved at @args' batch element 0 (ROT written as rz ry rz,
 * PHASE as p... every gate of pl-gate.h has a qelib1 spelling), printed with %.17g so they
 * read back exactly. @args may be NULL for a circuit that takes no values. */
char      *pl_circuit_to_qasm    (const PlCircuit      *circuit,
                                  const PlCircuitArgs  *args,
                                  GError              **error);
/* Parse OpenQASM 2.0 (one qreg, the gates of pl-gate.h by qelib1 names, angle expressions of
 * numbers, pi, + - * / and parentheses; barrier and measure are skipped, creg accepted).
 * Every angle becomes a trainable parameter whose value is written to *params (length
 * circuit->n_params). Errors name the line.
 *
 * The export uses Qiskit's qelib1.inc names (u3, p, cx, crx, rxx, rzz, swap, ...); ryy, which
 * qelib1 lacks, is defined in the file when used. The import also takes u1, u, U and CX,
 * ^ and the unary functions sin cos tan exp ln sqrt in angles, "h q;" on a whole register,
 * and skips definitions of gates it knows; reset, if and opaque are refused. *params may be
 * NULL, and is set to NULL for a circuit without angles. Failures are PL_ERROR_PARSE with
 * "line N: what (in 'the line')"; nothing is written to *params then. */
PlCircuit *pl_circuit_from_qasm  (const char  *text,
                                  double     **params,
                                  GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlCircuit, pl_circuit_free)

G_END_DECLS
