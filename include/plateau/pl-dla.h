/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-dla.h: the dynamical Lie algebra (DLA) of a parameterised circuit or of a set of
 * generators, its structure, and the cost variance it predicts for deep random circuits.
 *
 * Elements. The DLA of Hermitian generators H_1..H_m is g = span_R of all nested commutators
 * i[H_a, i[H_b, ... H_c]] (as a real Lie algebra of skew-Hermitian matrices iH). Every element
 * is stored as a Hermitian Pauli sum H = sum_P h_P P with real h_P; the bracket used is
 *     {A, B} = i [A, B]            (the skew-Hermitian bracket [iA, iB] = i {A, B}),
 * and for two anticommuting strings with P Q = i^k R (k odd) it is {P, Q} = 2 i^(k+1) R, that
 * is -2 R for k = 1 and +2 R for k = 3 (commuting strings give 0). Coordinates are taken in the
 * Pauli basis with the inner product <A, B> = sum_P a_P b_P = Tr(AB) / 2^n. Identity terms
 * are dropped: they generate only a global phase.
 *
 * Generators of a circuit (Clifford frame). Write the circuit, up to a global phase, as
 *     U(theta) = C_end  prod_l exp(-i theta_{k(l)} H_l)  W_0,
 * where W_0 are the fixed gates before the first gate with a variable angle (any gates: they
 * only prepare the initial state |psi_0> = W_0 |0...0>), the product runs over the variable
 * rotations in circuit order (first on the right), and C_end is the product of all later
 * fixed gates. Each H_l = C_l^dagger G_l C_l is the gate's own generator G_l (RX: X/2, RZZ:
 * ZZ/2, CRX: |1><1| (x) X/2 = (X_t - Z_c X_t)/4, PHASE: Z/2 up to the identity; U3 and ROT as
 * the RZ RY RZ they equal), times the source's scale, conjugated by the product C_l of the
 * fixed gates between the first variable gate and gate l. Those fixed gates must be Clifford
 * (H, S, SDG, X, Y, Z, CNOT, CZ, CY, SWAP, or rotations by multiples of pi/2, detected from
 * the gate matrix), so each H_l stays a Pauli string (a sum for CRX/CRY/CRZ). Consecutive
 * rotations driven by the same parameter (tfim and qaoa-ring with shared parameters) form
 * one generator, the sum of their commuting terms. An angle's offset (angle = scale p +
 * value) is absorbed into p; a zero scale drops the rotation with a note. Angles fed by
 * inputs or another layer count as variable, one generator each. The expectation of O after
 * U is then <psi_0| V^dagger O' V |psi_0> with
 * V = prod_l exp(-i theta H_l) and O' = C_end^dagger O C_end (pl_dla_generators_transform).
 *
 * Closure. When every generator is a single Pauli string the algebra is spanned by the
 * strings reached from the generators under {.,.}: an exact breadth-first search over a
 * hash set of (x, z) masks. Sums are first "peeled": a term whose string already lies in the
 * algebra of the known strings is removed from its sum, and a string Q of that algebra that
 * anticommutes with exactly one term P of a sum A puts P itself in g ({Q, {Q, A}} is a
 * multiple of P). What remains is closed numerically: an orthonormal basis of the span in
 * Pauli coordinates, extended by the brackets of every new element with the generators
 * (nested commutators with generators span g), each candidate orthogonalised twice by
 * classical Gram-Schmidt and kept when its residual exceeds @tolerance times its norm and
 * 1e-12 times the size of the numbers summed (a bracket that cancels exactly leaves only
 * rounding noise). The algebra of all the strings the generators use bounds g: reaching its
 * dimension, or being spanned by as many strings as its dimension, makes g that exact
 * Pauli-string algebra after all.
 *
 * Structure. g = z + g_1 + ... + g_k, the centre z plus simple ideals g_j. For Pauli-string
 * algebras: the connected components of the anticommutation ("frustration") graph are ideals
 * (a string commuting with everything is central); a component K splits further into
 * m = 2^c copies when a group of strings G in the span of a maximal commuting subset of K
 * commutes with K and maps K to itself (K g = K), the ideals being K (I + chi(g) g)/2 over
 * the characters chi of G (Aguilar, Cichy, Eisert & Bittel, arXiv:2408.00081: every Pauli
 * algebra is a sum of copies of simple ones). Each copy's type follows from its dimension,
 * its rank (the size of a maximal commuting subset of K, over m) and its root lengths (a
 * non-Cartan string anticommuting with s Cartan strings carries roots of squared length 4s).
 * A copy that matches no simple algebra leaves the structure unknown rather than guessed.
 * For Pauli-sum algebras (up to PL_DLA_MAX_NUMERIC_DIM): the eigenvectors of -ad_X^2 for a
 * random X give the Cartan subalgebra (kernel) and the root planes (pairs), the brackets of
 * the pairs the coroots, and roots with non-orthogonal coroots the same simple ideal (see
 * pl-dla-numeric.c; about 15 s at the limit on two cores, O(dim^3)).
 * A simple ideal of dimension d, rank r, with root lengths in ratio 1, 2 or 3 is named
 * su(r+1), so(2r+1), sp(2r) (the compact usp(2r), dim r(2r+1)), so(2r), g2, f4, e6, e7 or e8;
 * the isomorphic low-rank cases get one name: su(2) = so(3) = sp(2), so(5) = sp(4), and
 * su(4) = so(6), called su(4) on two qubits (plus controls) and so(6) on more. Anything else
 * is not named (NULL). The whole algebra is named by its parts joined with " + ", equal
 * parts as powers and the centre as u(1)^c: "su(2)^3", "so(8)", "su(4) + u(1)".
 *
 * Variance (Ragone et al., "A Lie algebraic theory of barren plateaus for deep parameterized
 * quantum circuits", Nat. Commun. 15, 7172 (2024), Theorem 1). When U is distributed by
 * the Haar measure of the group e^g (what deep circuits with independent uniform angles
 * approach), the cost l = Tr(U rho U^dagger O) has
 *     Var_U[l] = sum_j P_j(rho) P_j(O) / dim g_j,   P_j(A) = Tr(A_j^2),
 * A_j the orthogonal projection of A onto g_j (in i g), provided the traceless part of O or
 * of rho lies in i g; the centre contributes nothing. In Pauli coordinates
 * P_j(rho) P_j(O) = N_j(e) N_j(c) with e_P = <psi_0|P|psi_0>, c_P the coefficients of O', and
 * N_j the squared norm of the projection onto g_j. The predicted quantity is the variance
 * over parameter draws of the exact expectation <O>(theta) = <psi_0| V^dagger O' V |psi_0>
 * (not of a gradient), in the limit of circuits deep enough to be 2-designs on e^g;
 * pl_dla_measure_variance measures the same quantity at the circuit's actual depth (uniform
 * angles, exact expectations, unbiased sample variance), so the two agree only for deep
 * circuits. When neither O' nor rho lies in i g the theorem says nothing and no number is
 * predicted.
 *
 * Who calls this: plateau-cli dla, the GUI's expressibility & DLA page (on a worker thread:
 * progress callback, GCancellable), tests.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include <gio/gio.h>

#include "pl-types.h"
#include "pl-pauli.h"
#include "pl-circuit.h"
#include "pl-state.h"

G_BEGIN_DECLS

/* Algebras of Pauli sums larger than this are closed but not decomposed (their name is NULL
 * and no variance is predicted): the decomposition diagonalises a dim x dim matrix. */
#define PL_DLA_MAX_NUMERIC_DIM 1024

/* --- generators ---------------------------------------------------------------------- */

typedef struct {
  guint         n_qubits;
  guint         n_generators;
  PlPauliSum  **generators;  /* Hermitian, simplified, no identity term, never zero */
  gint         *param;       /* circuits: k with exp(-i p_k H) in U; -1 for text and inputs */
  gsize        *position;    /* circuits: op index of the run's first gate; text: 0-based item */
  char        **notes;       /* NULL-terminated: items ignored and why (never NULL) */
  PlCircuit    *prefix;      /* W_0 (fixed ops before the first variable one), or NULL */
  PlPauliTerm  *frame;       /* NULL, or 2 n images C_end^dagger X_j C_end, C_end^dagger Z_j
                              * C_end at [2 j] and [2 j + 1], each +-1 times a string */
} PlDlaGenerators;

/* Generators as text: items separated by ';', each a Pauli sum in the form of pl-pauli.h
 * ("Z0 Z1; X0 + X1"). Empty items are skipped. An item that is a multiple of the identity
 * (or zero) is ignored with a note. @n_qubits 0 takes the largest qubit index used + 1.
 * Fails with PL_ERROR_PARSE naming the item and the token for text that does not parse,
 * and for a lowercase "i" without an index (the imaginary unit would make the generator
 * anti-Hermitian; "I" is the identity factor), PL_ERROR_INVALID_ARGUMENT for n_qubits > 64,
 * indices out of range, or no generator left. */
PlDlaGenerators *pl_dla_generators_parse       (const char             *text,
                                                guint                   n_qubits,
                                                GError                **error);
/* The effective generators of a circuit in the Clifford frame described above. Fails with
 * PL_ERROR_INVALID_ARGUMENT for a circuit without variable angles and PL_ERROR_UNSUPPORTED
 * (naming the op) for a fixed non-Clifford gate after the first variable one, or for one
 * parameter driving consecutive rotations that do not commute. */
PlDlaGenerators *pl_dla_generators_from_circuit (const PlCircuit       *circuit,
                                                 GError               **error);
void             pl_dla_generators_free        (PlDlaGenerators        *gens);
/* C_end^dagger O C_end term by term (a copy of @sum when there is no frame). */
PlPauliSum      *pl_dla_generators_transform   (const PlDlaGenerators  *gens,
                                                const PlPauliSum       *sum);
/* |psi_0> = W_0 |0...0> as a state with batch 1 (|0...0> without a prefix). */
PlState         *pl_dla_generators_initial_state (const PlDlaGenerators *gens,
                                                  GError               **error);

/* {A, B} = i [A, B] as a simplified Pauli sum (see the top of this header). */
PlPauliSum      *pl_dla_bracket                (const PlPauliSum       *a,
                                                const PlPauliSum       *b);

/* --- the algebra --------------------------------------------------------------------- */

typedef struct {
  double   tolerance;     /* relative rank tolerance for Pauli sums (0: 1e-9) */
  gsize    max_dim;       /* fail beyond this dimension (0: 1 << 20, all of su(2^10)) */
  gboolean force_numeric; /* treat every generator as a sum: no peeling, numerical closure
                           * and decomposition throughout (a cross-check of the exact path) */
} PlDlaOptions;

/* Called from the computing thread with work done and work known so far (closure: elements
 * processed and elements found; measurement: draws done and draws asked for). */
typedef void (*PlDlaProgress) (guint64  done,
                               guint64  total,
                               gpointer user_data);

typedef struct {
  char  *name;      /* "su(4)", "so(8)", "sp(8)", "g2", ... or NULL when not recognised */
  char   type;      /* Cartan type 'A'..'G', or 0 when not recognised */
  guint  type_rank; /* the r of A_r, B_r, ... (0 when not recognised) */
  gsize  dim;
  guint  rank;
} PlDlaIdeal;

typedef struct _PlDlaBasis PlDlaBasis;

typedef struct {
  guint       n_qubits;
  guint       n_generators;    /* as given */
  guint       n_distinct;      /* distinct generator directions */
  gsize       dim;
  gboolean    pauli_basis;     /* spanned by Pauli strings (then exact) */
  gboolean    structure_known; /* the decomposition below was determined (else centre_dim
                                * and ideals are partial: unknown parts have NULL names) */
  gsize       centre_dim;
  guint       n_ideals;
  PlDlaIdeal *ideals;          /* simple ideals, largest first */
  char       *name;            /* the whole algebra, or NULL (see the top of this header) */
  double      seconds;         /* wall time of the closure and decomposition */
  PlDlaBasis *basis;           /* private: the basis and the ideals, for projections */
} PlDla;

/* Close and decompose. @options and @progress may be NULL. Fails with PL_ERROR_UNSUPPORTED
 * when the dimension exceeds max_dim, PL_ERROR_NO_MEMORY when the basis of a Pauli-sum
 * algebra outgrows memory, PL_ERROR_CANCELLED when @cancellable fires (checked every few
 * milliseconds of work). */
PlDla      *pl_dla_compute          (const PlDlaGenerators  *gens,
                                     const PlDlaOptions     *options,
                                     PlDlaProgress           progress,
                                     gpointer                user_data,
                                     GCancellable           *cancellable,
                                     GError                **error);
void        pl_dla_free             (PlDla                  *dla);
/* Element @index (< dim) of an orthonormal basis of g, as a Pauli sum (a single string with
 * coefficient 1 for Pauli-string algebras). */
PlPauliSum *pl_dla_basis_element    (const PlDla            *dla,
                                     gsize                   index);
/* Squared norm (Pauli coordinates) of the projection of the traceless part of @sum onto g;
 * @total (may be NULL) receives the squared norm of that traceless part. */
double      pl_dla_project          (const PlDla            *dla,
                                     const PlPauliSum       *sum,
                                     double                 *total);

typedef struct {
  double   variance;              /* the prediction, NaN when Ragone's theorem does not apply */
  gboolean observable_in_algebra; /* traceless part of O' in i g */
  gboolean state_in_algebra;      /* traceless part of |psi_0><psi_0| in i g */
  double   state_purity;          /* P_g(rho) = sum_j P_j(rho) + centre part */
  double   observable_purity;     /* P_g(O') */
} PlDlaPrediction;

/* Ragone's variance for rho = |psi_0><psi_0| (@state with batch 1, or NULL for |0...0>) and
 * the observable @observable, both in the algebra's frame (see pl_dla_generators_transform
 * and pl_dla_generators_initial_state). Needs the decomposition (structure_known) and
 * fails with PL_ERROR_UNSUPPORTED otherwise, and PL_ERROR_INVALID_ARGUMENT for a state or
 * observable on other qubits. */
gboolean    pl_dla_predict_variance (const PlDla            *dla,
                                     const PlState          *state,
                                     const PlPauliSum       *observable,
                                     PlDlaPrediction        *out,
                                     GError                **error);

/* The same for the circuit @gens came from, with @observable measured after the circuit:
 * O' = pl_dla_generators_transform (gens, O) and |psi_0> = W_0 |0...0>, taken qubit by qubit
 * when W_0 has only single-qubit gates (a product state: any number of qubits), else as a
 * state vector (PL_ERROR_NO_MEMORY when that does not fit). */
gboolean    pl_dla_predict_circuit_variance (const PlDla            *dla,
                                             const PlDlaGenerators  *gens,
                                             const PlPauliSum       *observable,
                                             PlDlaPrediction        *out,
                                             GError                **error);

/* An observable as a Pauli sum: its sum for Pauli and local-cost observables, and for the
 * global cost I - |0...0><0...0| = I - 2^-n sum_S Z_S over all subsets S (up to 20 qubits;
 * PL_ERROR_UNSUPPORTED beyond). */
PlPauliSum *pl_dla_observable_sum   (const PlObservable     *obs,
                                     GError                **error);

/* --- measurement --------------------------------------------------------------------- */

typedef struct {
  guint  samples;
  double mean;
  double variance;  /* unbiased sample variance of <O>(theta) over the draws */
  double stderr_;   /* its standard error (fourth-moment formula, pl_variance_stats) */
  double seconds;
} PlDlaMeasurement;

/* Var_theta[<O>(theta)] over @samples draws of every parameter uniform in [0, 2 pi)
 * (pl_init_draw), inputs at 0, exact expectations. Draws come in chunks of 64, chunk c from
 * the stream pl_rng_init_stream (seed, c), so the result does not depend on @threads (0: all
 * cores). Fails for samples < 4, circuits fed by another layer, or cancellation. */
gboolean    pl_dla_measure_variance (const PlCircuit        *circuit,
                                     const PlObservable     *obs,
                                     guint                   samples,
                                     guint64                 seed,
                                     guint                   threads,
                                     PlDlaProgress           progress,
                                     gpointer                user_data,
                                     GCancellable           *cancellable,
                                     PlDlaMeasurement       *out,
                                     GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlDlaGenerators, pl_dla_generators_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlDla, pl_dla_free)

G_END_DECLS
