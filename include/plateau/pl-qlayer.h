/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-qlayer.h: a parameterized circuit as a layer of a physics-informed network: Taylor jets
 * (pl-jet.h) in, jets of expectation values out, and the reverse pass over that jet
 * computation by an adjoint method that un-computes states instead of storing them.
 *
 * Forward. The state carries its input derivatives as a jet Psi = (psi_c), c over the
 * components of the spec. A gate G(theta) whose angle is itself a jet theta = theta_0 + dtheta
 * (dtheta with zero value component) maps it to
 *     Psi' = M Psi,   M = G(theta_0) T(dtheta),   T(dtheta) = sum_m (-iH)^m dtheta^m / m!
 * where G = exp(-i theta H) and the products are jet products (Leibniz:
 * (s * Psi)_c = sum_{d <= c} C(c, d) s_{c-d} Psi_d with C(c, d) = prod_i binom(c_i, d_i)).
 * T is exp(-i H dtheta) in the truncated jet algebra, so the sum stops at the spec's highest
 * order; it is evaluated by Horner's rule. The outputs are the jets of E_i = <psi|O_i|psi>:
 *     (E_i)_c = sum_{d <= c} C(c, d) Re <Psi_d| O_i |Psi_{c-d}>.
 *
 * Reverse. With Lambda_c = dL/d conj(Psi_c) seeded from g_ic = dL/d(E_i)_c as
 *     Lambda_d = sum_i sum_{c >= d} C(c, d) g_ic (O_i Psi)_{c-d},
 * each gate, walked from the last, gives the gradient with respect to its angle jet
 *     dL/dtheta_e = sum_{c >= e} C(c, e) 2 Im <Lambda'_c| H |Psi'_{c-e}>
 * (because dM/dtheta_e Psi = -iH (u_e * M Psi), u_e the unit jet of component e), then
 * un-computes Psi = M^-1 Psi' = T(-dtheta) G^dagger Psi' and pulls back Lambda = M^dagger
 * Lambda' = T(dtheta)^dagger G^dagger Lambda'. Memory stays at a few jet states whatever the
 * depth. U3 and ROT are lowered to RZ RY RZ (equal up to a global phase, which no expectation
 * value sees).
 *
 * Angle jets come from the sources of pl-circuit.h: PARAM and FIXED are constants; INPUT
 * feature j is jet input j (theta = a x_j + b, d theta / dx_j = a); EXTERNAL slots take jets
 * from an upstream layer (a serial hybrid), and their jet adjoints are returned.
 *
 * Who calls this: the hybrid model (pl-model) and tests.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"
#include "pl-circuit.h"
#include "pl-jet.h"

G_BEGIN_DECLS

typedef struct _PlQLayerWork PlQLayerWork;

/* Workspace for running @circuit on jets of @spec over @batch points with @n_obs observables.
 * The circuit and observables must outlive it. Fails (PL_ERROR_INVALID_ARGUMENT) when the
 * circuit encodes an input feature the spec has no axis for, when an observable has the
 * wrong number of qubits, or (PL_ERROR_NO_MEMORY) when the jet states do not fit. */
PlQLayerWork *pl_qlayer_work_new  (const PlCircuit      *circuit,
                                   const PlJetSpec      *spec,
                                   gsize                 batch,
                                   guint                 n_obs,
                                   PlObservable *const  *obs,
                                   GError              **error);
void          pl_qlayer_work_free (PlQLayerWork         *work);

/* The exact passes run the circuit on tiles of a few points that stay in cache (the default
 * when the tiles fit in 256 MiB), or gate by gate over the whole batch (@tiled FALSE; also
 * what larger circuits get). Both give the same numbers up to rounding; this choice is for
 * tests and benchmarks. Fails with PL_ERROR_NO_MEMORY when the chosen passes do not fit. */
gboolean      pl_qlayer_work_set_tiled (PlQLayerWork    *work,
                                        gboolean         tiled,
                                        GError         **error);

/* How the layer computes its jets and gradients:
 *   PL_DIFF_ADJOINT      (the default) exact state jets as above; @shots must be 0;
 *   PL_DIFF_PARAM_SHIFT  from expectation values of shifted circuits only, as on hardware
 *                        (pl-qlayer-shift.c): the jets by a parameter-shift expansion in the
 *                        input-dependent rotations, gradients by the shift rule of every other
 *                        trainable rotation; exact expectation values (@shots == 0) or
 *                        estimates from @shots measurements per observable term, circuit and
 *                        point, drawn from @rng (borrowed). Every pass draws afresh.
 * Input-dependent angles must sit in Pauli rotations or PHASE for PARAM_SHIFT
 * (PL_ERROR_UNSUPPORTED names the op otherwise, and when the expansion would need more than
 * two million circuits per point). FINITE_DIFF is refused. */
gboolean      pl_qlayer_work_set_estimator (PlQLayerWork    *work,
                                            PlDiffMethod     method,
                                            guint64          shots,
                                            PlRng           *rng,
                                            GError         **error);
/* pl_qlayer_work_set_estimator with PARAM_SHIFT for shots > 0, ADJOINT for 0. */
gboolean      pl_qlayer_work_set_shots (PlQLayerWork    *work,
                                        guint64          shots,
                                        PlRng           *rng,
                                        GError         **error);
/* Circuits run per point by one forward pass (@backward FALSE) or one backward pass with
 * parameter shifts; 0 for the adjoint method. For J input-dependent rotations and jets of
 * order r a forward pass runs sum_{k <= r} 2^k C(J, k) circuits (1 + 2J^2 for r = 2), and a
 * backward pass the same sum to r + 1 plus 2 (or 4 for controlled rotations) forward passes
 * for every other trainable rotation. */
guint64       pl_qlayer_work_circuits_per_point (const PlQLayerWork *work,
                                                 gboolean            backward);

/* out_jets[i][k][b] = component k of <O_i> at point b. @params: circuit->n_params values
 * shared by the batch; @x: the d = spec->n_inputs coordinates, x[j * batch + b]; @ext_jets:
 * [n_external][K][B] (NULL when the circuit has no external angles). The final state stays in
 * the workspace for pl_qlayer_backward. */
void          pl_qlayer_forward   (PlQLayerWork         *work,
                                   const double         *params,
                                   const double         *x,
                                   const double         *ext_jets,
                                   double               *out_jets);
/* Given @out_adjoint[i][k][b] = dL/d out_jets[i][k][b], ADD dL/dparams (summed over the batch)
 * to @param_grad (may be NULL) and dL/d ext_jets to @ext_adjoint (may be NULL). Must follow
 * pl_qlayer_forward with the same arguments. */
void          pl_qlayer_backward  (PlQLayerWork         *work,
                                   const double         *params,
                                   const double         *x,
                                   const double         *ext_jets,
                                   const double         *out_adjoint,
                                   double               *param_grad,
                                   double               *ext_adjoint);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlQLayerWork, pl_qlayer_work_free)

G_END_DECLS
