/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-expressibility.h: expressibility and entangling capability of parameterised circuits,
 * after S. Sim, P. D. Johnson and A. Aspuru-Guzik, "Expressibility and entangling capability
 * of parameterized quantum circuits for hybrid quantum-classical algorithms", Adv. Quantum
 * Technol. 2, 1900070 (2019), arXiv:1905.10876.
 *
 * Expressibility. Draw pairs (theta, phi) of independent parameter vectors, every trainable
 * parameter uniform in [0, 2 pi), and histogram the fidelities F = |<psi(theta)|psi(phi)>|^2
 * in K equal bins of [0, 1] (bin k is [k/K, (k+1)/K), the last one closed at 1). The estimate
 *     Expr = KL(P_PQC || P_Haar) = sum_k p_k ln(p_k / q_k)
 * takes p_k = (count in bin k) / pairs and q_k the exact Haar mass of bin k. For N = 2^n,
 * the fidelity of two Haar-random states has density P_Haar(F) = (N-1) (1-F)^(N-2)
 * (Zyczkowski & Sommers, Phys. Rev. A 71, 032313 (2005)), whose CDF is 1 - (1-F)^(N-1), so
 *     q_k = (1 - k/K)^(N-1) - (1 - (k+1)/K)^(N-1).
 * The Haar histogram is this exact integral of P_Haar over each bin (not the density at the
 * bin's midpoint times its width). Empty PQC bins contribute 0 (p ln p -> 0).
 *
 * Haar masses below the double range. For large N the masses of the bins near F = 1 underflow
 * (with K = 75 from n = 8 on, the last bin has q = 75^-(N-1)). The KL never uses q_k itself
 * but ln q_k, computed in log space as
 *     ln q_k = (N-1) ln((K-k)/K) + ln(-expm1((N-1) log1p(-1/(K-k))))   (k < K-1),
 *     ln q_{K-1} = -(N-1) ln K,
 * which is finite for every bin and every n <= PL_STATE_MAX_QUBITS. A PQC count in a bin
 * whose Haar mass is 0 in floating point therefore adds its exact (large, finite) term
 * p_k (ln p_k - ln q_k); nothing is clipped or skipped. Only the reported masses
 * q_k = exp(ln q_k) may print as 0.
 *
 * The circuit whose fidelities are all 1 (no parameters, the "idle" circuit) puts all its
 * mass in the last bin, so its KL is -ln q_{K-1} = (N-1) ln K: the reference value reported
 * with every result.
 *
 * Error bar. The estimate is repeated R times, each repetition with its own pairs drawn from
 * its own seeded streams; Expr is the mean of the R values and its standard error is their
 * sample standard deviation over sqrt(R) (NAN for R = 1). The histogram estimator is biased
 * upwards by about (occupied bins - 1) / (2 pairs) (the Miller-Madow term), so compare
 * circuits at the same pairs and bins.
 *
 * Entangling capability. The Meyer-Wallach measure of a pure state of n qubits,
 *     Q = (2/n) sum_k (1 - Tr rho_k^2) = (4/n) sum_k det rho_k,
 * rho_k the reduced state of qubit k (Meyer & Wallach, J. Math. Phys. 43, 4273 (2002), in the
 * form of Brennen, Quantum Inf. Comput. 3, 619 (2003)), is averaged over both states of every
 * pair above (M = 2 R pairs independent uniform draws), with the standard error s / sqrt(M).
 * For Haar-random states E[Tr rho_k^2] = (2 + 2^(n-1)) / (2^n + 1) (Lubkin, J. Math. Phys. 19,
 * 1028 (1978): E[Tr rho_A^2] = (d_A + d_B) / (d_A d_B + 1)), so E[Q] = (2^n - 2) / (2^n + 1).
 *
 * Input-encoding circuits (PL_SOURCE_INPUT angles): the ensemble is over the trainable
 * parameters with the inputs x held at fixed values (PL_EXPRESSIBILITY_INPUTS_FIXED, the
 * default, zero unless given), or over parameters and inputs together, every input feature
 * drawn uniformly in [input_lo, input_hi) independently for every state
 * (PL_EXPRESSIBILITY_INPUTS_UNIFORM). Trainable encoding scales and offsets are parameters and
 * so are always drawn in [0, 2 pi). Circuits fed external angles cannot be run on their own.
 *
 * Evaluation. The pairs of a repetition are split into chunks of a size fixed by the qubit
 * count (at most 256 pairs, two states within 16 MiB); a chunk is the batch of two PlStates
 * (the theta and the phi draws, pl_circuit_run with params_batched) and draws its values from
 * the stream pl_rng_init_stream (seed, (repetition << 32) | chunk). Threads take chunks in
 * any order; counts are integers and the Meyer-Wallach sums are combined in chunk order, so
 * the same seed gives bit-identical results whatever the number of threads.
 *
 * Who calls this: plateau-cli expr, the GUI's expressibility page (on a worker thread:
 * progress through a callback, cancellation through a GCancellable checked between chunks),
 * architecture search, tests.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include <gio/gio.h>

#include "pl-types.h"
#include "pl-circuit.h"
#include "pl-state.h"

G_BEGIN_DECLS

#define PL_EXPRESSIBILITY_DEFAULT_PAIRS   5000
#define PL_EXPRESSIBILITY_DEFAULT_BINS    75
#define PL_EXPRESSIBILITY_DEFAULT_REPEATS 5

typedef enum {
  PL_EXPRESSIBILITY_INPUTS_FIXED,
  PL_EXPRESSIBILITY_INPUTS_UNIFORM,
} PlExpressibilityInputs;

typedef struct {
  guint                  pairs;      /* fidelity pairs per repetition, >= 1 */
  guint                  bins;       /* histogram bins on [0, 1], >= 2 */
  guint                  repeats;    /* independent repetitions, >= 1 */
  PlExpressibilityInputs inputs;
  const double          *input_values; /* FIXED: circuit->n_inputs values, or NULL for zeros */
  double                 input_lo;   /* UNIFORM: the range of every input feature */
  double                 input_hi;
  guint64                seed;
  guint                  threads;    /* 0: all cores */
} PlExpressibilityConfig;

typedef struct {
  guint   n_qubits;
  guint   n_params;
  guint   pairs;
  guint   bins;
  guint   repeats;
  double  kl;          /* mean over the repetitions */
  double  kl_stderr;   /* standard deviation of the repetitions / sqrt(R); NAN for R = 1 */
  double  kl_idle;     /* (N - 1) ln K, the circuit with every fidelity 1 */
  double *kl_runs;     /* [repeats] */
  double  mw;          /* mean Meyer-Wallach Q over every state drawn */
  double  mw_stderr;
  guint64 mw_states;   /* 2 pairs repeats */
  double *mw_runs;     /* [repeats]: the mean over the states of each repetition */
  double *p_pqc;       /* [bins]: fidelity histogram pooled over the repetitions */
  double *p_haar;      /* [bins]: exact Haar masses (may underflow to 0, see above) */
  double  seconds;
} PlExpressibilityResult;

/* Called on the calling thread of pl_expressibility_run with the pairs done so far (over all
 * repetitions) and their total. */
typedef void (*PlExpressibilityProgress) (guint64  done,
                                          guint64  total,
                                          gpointer user_data);

/* The defaults: 5000 pairs, 75 bins (those of Sim et al.), 5 repetitions, fixed zero inputs,
 * input range [-1, 1), seed 1, all cores. */
void     pl_expressibility_config_init   (PlExpressibilityConfig       *config);

/* P_Haar(F) = (N-1) (1-F)^(N-2) for F in [0, 1], 0 outside; N = 2^n_qubits. */
double   pl_haar_fidelity_density        (guint                         n_qubits,
                                          double                        fidelity);
/* The exact Haar masses q_k of the @bins equal bins of [0, 1] (see above) and their
 * logarithms computed in log space; either output may be NULL. */
void     pl_haar_fidelity_bins           (guint                         n_qubits,
                                          guint                         bins,
                                          double                       *mass,
                                          double                       *log_mass);
/* counts[k] += number of fidelities in bin k = floor(F K), with F clamped to [0, 1] (rounding
 * can put a fidelity of 1 a few ulps above). A NaN, which no circuit run produces, counts in
 * bin 0. */
void     pl_fidelity_histogram_add       (const double                 *fidelities,
                                          gsize                         n,
                                          guint                         bins,
                                          guint64                      *counts);
/* sum_k p_k (ln p_k - ln q_k) with p_k = counts[k] / sum(counts), bins with no count
 * contributing 0. At least one count. */
double   pl_expressibility_kl            (guint                         n_qubits,
                                          guint                         bins,
                                          const guint64                *counts);
/* q[b] = Meyer-Wallach Q of batch element b of @state (normalised by its norm). */
void     pl_meyer_wallach                (const PlState                *state,
                                          double                       *q);

/* Estimate both for @circuit. Fails with PL_ERROR_INVALID_ARGUMENT for pairs 0, bins < 2,
 * repeats 0, bad input values or range, PL_ERROR_UNSUPPORTED for a circuit with external
 * angles, PL_ERROR_NO_MEMORY when two states of one draw do not fit in memory, and
 * PL_ERROR_CANCELLED when @cancellable fires. */
gboolean pl_expressibility_run           (const PlCircuit              *circuit,
                                          const PlExpressibilityConfig *config,
                                          PlExpressibilityProgress      progress,
                                          gpointer                      user_data,
                                          GCancellable                 *cancellable,
                                          PlExpressibilityResult      **result,
                                          GError                      **error);
void     pl_expressibility_result_free   (PlExpressibilityResult       *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlExpressibilityResult, pl_expressibility_result_free)

G_END_DECLS
