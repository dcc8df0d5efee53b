/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-state.h: batched statevectors and the gate kernels that act on them.
 *
 * A PlState holds B statevectors of n qubits. Amplitude a (0 <= a < 2^n) of batch element b
 * lives at re[a * batch + b], im[a * batch + b]: the batch index is innermost, so every kernel
 * is a contiguous loop over the batch (and, for a gate on qubit q with a shared angle, over
 * 2^q * B contiguous entries). The arrays are 64-byte aligned.
 *
 * Angles are given per batch element through PlAngle: v[b * stride], stride 0 for one angle
 * shared by the whole batch, stride 1 for an array of B angles.
 *
 * Who calls this: circuit simulation and gradients (pl-circuit), observables (pl-pauli),
 * analysis code and tests. Kernels trust their arguments; pl_state_check_wires() is the
 * validation entry point for anything that came from a user.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"
#include "pl-gate.h"

G_BEGIN_DECLS

#define PL_STATE_MAX_QUBITS 40

struct _PlState {
  guint   n_qubits;
  gsize   dim;      /* 2^n_qubits */
  gsize   batch;    /* B >= 1 */
  double *re;       /* dim * batch, batch innermost */
  double *im;
  double *work;     /* 8 * batch doubles of scratch for per-element gate coefficients */
};

typedef struct {
  const double *v;
  gsize         stride; /* 0: broadcast v[0]; 1: v[b] for each batch element */
} PlAngle;

/* A new state |0...0> for every batch element. Fails with PL_ERROR_INVALID_ARGUMENT for
 * n_qubits == 0, n_qubits > PL_STATE_MAX_QUBITS or batch == 0, and with PL_ERROR_NO_MEMORY
 * (naming the size needed and the size available) when it does not fit in memory. */
PlState  *pl_state_new             (guint           n_qubits,
                                    gsize           batch,
                                    GError        **error);
void      pl_state_free            (PlState        *state);
PlState  *pl_state_dup             (const PlState  *state,
                                    GError        **error);
/* Bytes a state of this size needs (G_MAXSIZE on overflow). */
gsize     pl_state_bytes           (guint           n_qubits,
                                    gsize           batch);

void      pl_state_set_zero        (PlState        *state);           /* |0...0> */
void      pl_state_set_basis       (PlState        *state,
                                    guint64         index);          /* |index> */
/* Copy amplitudes (same n and batch). */
void      pl_state_copy            (PlState        *dst,
                                    const PlState  *src);
/* Set batch element b of @dst from a plain amplitude vector of length dim. */
void      pl_state_set_element     (PlState        *state,
                                    gsize           b,
                                    const double   *re,
                                    const double   *im);
void      pl_state_get_element     (const PlState  *state,
                                    gsize           b,
                                    double         *re,
                                    double         *im);

/* Validate a gate application that came from user input: wires in range and distinct. */
gboolean  pl_state_check_wires     (guint           n_qubits,
                                    PlGate          gate,
                                    const guint    *wires,
                                    GError        **error);

/* state <- G(angles) state, for every batch element. @angles has pl_gate_info(gate)->n_params
 * entries (may be NULL for fixed gates). */
void      pl_state_apply           (PlState        *state,
                                    PlGate          gate,
                                    const guint    *wires,
                                    const PlAngle  *angles);
/* state <- G(angles)^dagger state. */
void      pl_state_apply_inverse   (PlState        *state,
                                    PlGate          gate,
                                    const guint    *wires,
                                    const PlAngle  *angles);
/* state <- H state, where H is the Hermitian generator of a one-parameter gate,
 * G(t) = exp(-i t H), so that dG/dt = -i H G = -i G H:
 *   RX, RY, RZ: X/2, Y/2, Z/2;  RXX, RYY, RZZ: XX/2, YY/2, ZZ/2;
 *   CRX, CRY, CRZ: |1><1|_c (x) X/2 (resp. Y/2, Z/2);  PHASE: -|1><1|.
 * Not defined for U3 and ROT (circuits lower them to RZ RY RZ before differentiating). */
void      pl_state_apply_generator (PlState        *state,
                                    PlGate          gate,
                                    const guint    *wires);
/* state <- M state for a general 2x2 complex matrix (row-major, re/im of 4 entries), the same
 * for every batch element. Used for basis changes and by tests. */
void      pl_state_apply_matrix_1q (PlState        *state,
                                    guint           wire,
                                    const double   *re,
                                    const double   *im);

/* out[b] = <a_b | c_b> (complex), for every batch element. */
void      pl_state_inner           (const PlState  *a,
                                    const PlState  *c,
                                    double         *out_re,
                                    double         *out_im);
/* out[b] = <lambda_b| H |phi_b> (complex) for the generator H of a one-parameter gate (as in
 * pl_state_apply_generator), in one read-only pass over both states: what the adjoint method
 * needs per parameter, without copying a state and applying H to it. */
void      pl_state_generator_inner (const PlState  *lambda,
                                    const PlState  *phi,
                                    PlGate          gate,
                                    const guint    *wires,
                                    double         *out_re,
                                    double         *out_im);
/* out[b] = || state_b ||^2 */
void      pl_state_norm2           (const PlState  *state,
                                    double         *out);
/* y <- y + alpha_b * x, per batch element with real coefficients alpha[b * stride]. */
void      pl_state_axpy            (PlState        *y,
                                    const PlAngle  *alpha,
                                    const PlState  *x);
/* state <- factor_b * state with a real factor per element. */
void      pl_state_scale           (PlState        *state,
                                    const PlAngle  *factor);

/* Name of the kernel variant picked at run time ("avx512", "avx2", "generic"). */
const char *pl_state_kernel_isa    (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlState, pl_state_free)

G_END_DECLS
