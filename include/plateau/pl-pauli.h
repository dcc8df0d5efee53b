/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-pauli.h: Pauli strings and weighted sums of them, the observables and cost functions
 * measured on circuits, and the generators the Lie-algebra analysis works with.
 *
 * A Pauli string on up to 64 qubits is a pair of bit masks (x, z) in the symplectic form:
 * qubit j carries I (x_j = 0, z_j = 0), X (1, 0), Z (0, 1) or Y (1, 1), where Y is the usual
 * Hermitian Y = i X Z. A term is coeff * P with a real coefficient, so a sum of terms is
 * Hermitian. Qubit j is bit j of the basis index, as in pl-gate.h.
 *
 * Text form (parse and print): terms separated by + or -, each an optional real coefficient
 * followed by factors like X0, Y3, Z12 (or "I" for the identity), e.g. "Z0 Z1",
 * "0.5 X0 + Z2", "-2 Y1 X3 + 1e-3". Whitespace and an optional '*' between coefficient and
 * factors are accepted. Details: letters in either case; "I" may carry a qubit index ("I3");
 * factors may be written without spaces ("X0Z1", "2X0"); a coefficient is a decimal number
 * with an optional exponent and its own optional sign ("Z0 + -0.5 X1"), never inf, nan or
 * hexadecimal; a bare number is a constant term.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"
#include "pl-state.h"
#include "pl-rng.h"

G_BEGIN_DECLS

#define PL_PAULI_MAX_QUBITS 64

typedef struct {
  guint64 x;
  guint64 z;
} PlPauliString;

typedef struct {
  double        coeff;
  PlPauliString p;
} PlPauliTerm;

struct _PlPauliSum {
  guint        n_qubits;
  gsize        n_terms;
  gsize        capacity;
  PlPauliTerm *terms;
};

/* --- strings ------------------------------------------------------------------------- */

/* P * Q = i^phase * R. Returns R and writes the phase (0..3). With P = i^{|x & z|} X^x Z^z
 * (one i per Y), the phase is |x1 & z1| + |x2 & z2| + 2 |z1 & x2| - |x3 & z3| mod 4, since
 * moving Z^{z1} past X^{x2} costs (-1)^{|z1 & x2|}. */
PlPauliString pl_pauli_string_mul      (PlPauliString  p,
                                        PlPauliString  q,
                                        guint         *phase);
/* TRUE iff the symplectic product |x1 & z2| + |z1 & x2| is even. */
gboolean      pl_pauli_string_commutes (PlPauliString  p,
                                        PlPauliString  q);
guint         pl_pauli_string_weight   (PlPauliString  p);
/* "X0 Z2" style; "I" for the identity. */
char         *pl_pauli_string_to_string (PlPauliString p);

/* --- sums ---------------------------------------------------------------------------- */

PlPauliSum *pl_pauli_sum_new         (guint              n_qubits);
void        pl_pauli_sum_free        (PlPauliSum        *sum);
PlPauliSum *pl_pauli_sum_dup         (const PlPauliSum  *sum);
void        pl_pauli_sum_add_term    (PlPauliSum        *sum,
                                      double             coeff,
                                      PlPauliString      p);
/* Merge equal strings and drop terms with |coeff| <= tol. Sorts terms by (x, z). */
void        pl_pauli_sum_simplify    (PlPauliSum        *sum,
                                      double             tol);
/* Parse text (see the top of this header). Terms are kept as written, in order (no merging:
 * see pl_pauli_sum_simplify). Errors name the offending token and its 1-based column:
 * PL_ERROR_PARSE for text that does not parse (empty text, unknown factors, a qubit twice in
 * one term, a non-finite coefficient), PL_ERROR_INVALID_ARGUMENT for a qubit index
 * >= n_qubits. */
PlPauliSum *pl_pauli_sum_parse       (const char        *text,
                                      guint              n_qubits,
                                      GError           **error);
/* The text form: coefficients of +-1 are left out, others printed with the fewest digits
 * (at most 17) that read back exactly, so pl_pauli_sum_parse (to_string (s)) reproduces s
 * term by term, bit for bit. An empty sum prints as "0". */
char       *pl_pauli_sum_to_string   (const PlPauliSum  *sum);
/* Largest qubit index used + 1 (0 for a pure constant). */
guint       pl_pauli_sum_span        (const PlPauliSum  *sum);

/* out <- O in, for every batch element (out and in distinct, same shape), term by term from
 * (P psi)[a ^ x] = i^{|x & z|} (-1)^{|a & z|} psi[a]. The sum may span fewer qubits than the
 * state (identity on the rest). */
void        pl_pauli_sum_apply       (const PlPauliSum  *sum,
                                      const PlState     *in,
                                      PlState           *out);
/* out[b] = <psi_b| O |psi_b>, exactly, without allocating a second state. */
void        pl_pauli_sum_expectation (const PlPauliSum  *sum,
                                      const PlState     *state,
                                      double            *out);

/* --- observables and costs ----------------------------------------------------------- */

typedef enum {
  PL_OBSERVABLE_PAULI,       /* a Pauli sum */
  PL_OBSERVABLE_GLOBAL_COST, /* C = 1 - |<0...0|psi>|^2  (global, Cerezo et al. 2021) */
  PL_OBSERVABLE_LOCAL_COST,  /* C = 1 - (1/n) sum_j p_j(0) = 1/2 - (1/2n) sum_j Z_j  */
} PlObservableKind;

struct _PlObservable {
  PlObservableKind kind;
  guint            n_qubits;
  PlPauliSum      *sum;      /* PAULI and LOCAL_COST (its Pauli form); NULL for GLOBAL_COST */
  char            *label;    /* as given by the user, for tables and legends */
};

/* "global", "local", or a Pauli sum in text form. */
PlObservable *pl_observable_parse       (const char          *text,
                                         guint                n_qubits,
                                         GError             **error);
PlObservable *pl_observable_new_pauli   (PlPauliSum          *sum /* transfer full */);
PlObservable *pl_observable_new_cost    (PlObservableKind     kind,
                                         guint                n_qubits);
void          pl_observable_free        (PlObservable        *obs);
/* out <- O in; the global cost acts as I - |0...0><0...0|. */
void          pl_observable_apply       (const PlObservable  *obs,
                                         const PlState       *in,
                                         PlState             *out);
/* out[b] = <psi_b| O |psi_b>, exactly. For the global cost this is sum_{a != 0} |psi_b[a]|^2,
 * the expectation of I - |0...0><0...0| (what apply uses), equal to 1 - |<0...0|psi>|^2 for
 * a normalized state. */
void          pl_observable_expectation (const PlObservable  *obs,
                                         const PlState       *state,
                                         double              *out);
/* Shot estimate of <O> per batch element: each Pauli term is measured with @shots samples in
 * its own eigenbasis (the cost observables with @shots samples in the computational basis).
 * @scratch is a state of the same shape used for basis changes. Unbiased; its variance is
 * sum_k c_k^2 (1 - <P_k>^2) / shots (identity terms add their coefficient exactly). A term
 * is measured by rotating X qubits with H and Y qubits with H S^dagger into the Z basis and
 * averaging the parity (-1)^{|a & (x | z)|} of the sampled outcomes a. The global cost is the
 * fraction of outcomes other than 0...0, the local cost the mean fraction of qubits in |1>
 * (variances Var[f(a)] / shots for those f). A parity or the global cost is a sum of
 * Bernoulli outcomes, drawn as one binomial count (pl_rng_binomial); the local cost draws
 * the multinomial counts of all outcomes when shots exceed them, else shot by shot
 * (inverse CDF). The result depends only on the state and @rng. Fails with PL_ERROR_INVALID_ARGUMENT for
 * shots == 0, PL_ERROR_NUMERIC for an element of zero norm, PL_ERROR_NO_MEMORY when the
 * 2^n doubles of the distribution do not fit. */
gboolean      pl_observable_sample      (const PlObservable  *obs,
                                         const PlState       *state,
                                         guint64              shots,
                                         PlRng               *rng,
                                         PlState             *scratch,
                                         double              *out,
                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlPauliSum, pl_pauli_sum_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlObservable, pl_observable_free)

G_END_DECLS
