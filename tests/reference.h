/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * reference.h: slow, obviously correct reference code the tests compare the core against.
 * Dense 2^n x 2^n matrices built from Kronecker products of the textbook 2x2 / 4x4 gate
 * matrices (pl_gate_matrix), plain matrix-vector products, dense Pauli matrices.
 * Nothing here is fast and nothing here shares code with the kernels under test. Besides the
 * references, the helpers the test programs share (random inputs, checked constructors,
 * comparisons), so that no test copies another's.
 */
#pragma once

#include <plateau/plateau.h>

G_BEGIN_DECLS

/* Full matrix (row-major, dim x dim, dim = 2^n) of @gate on @wires of an n-qubit register. */
void   ref_gate_full_matrix (guint          n,
                             PlGate         gate,
                             const guint   *wires,
                             const double  *params,
                             double        *re,
                             double        *im);
/* v <- M v for a dense dim x dim complex matrix. */
void   ref_matvec           (gsize          dim,
                             const double  *mre,
                             const double  *mim,
                             double        *vre,
                             double        *vim);
/* v <- G v through the full matrix. */
void   ref_apply_gate       (guint          n,
                             PlGate         gate,
                             const guint   *wires,
                             const double  *params,
                             double        *vre,
                             double        *vim);
/* A random normalized state (complex Gaussian entries, normalized). */
void   ref_random_state     (PlRng         *rng,
                             gsize          dim,
                             double        *re,
                             double        *im);
/* Every element of @state an independent ref_random_state; copies kept in @re, @im (element b
 * at b * dim). */
void   ref_random_states    (PlRng         *rng,
                             PlState       *state,
                             double        *re,
                             double        *im);
/* An angle uniform in [-2 pi, 2 pi). */
double ref_random_angle     (PlRng         *rng);
/* pl_state_new, asserting it succeeds. */
PlState *ref_state_new      (guint          n,
                             gsize          batch);
/* Element @b of @state equals (@re, @im) to within @tol in every amplitude. */
void   ref_assert_element   (const PlState *state,
                             gsize          b,
                             const double  *re,
                             const double  *im,
                             double         tol);
/* max_i |a_i - b_i| */
double ref_max_abs_diff     (gsize          n,
                             const double  *a,
                             const double  *b);
/* Dense matrix of a Pauli sum on n qubits, from Kronecker products of I, X, Y, Z. */
void   ref_pauli_sum_matrix (const PlPauliSum *sum,
                             guint             n,
                             double           *re,
                             double           *im);
/* Dense matrix of one Pauli string on n qubits (the same Kronecker products). */
void   ref_pauli_string_matrix (PlPauliString  p,
                                guint          n,
                                double        *re,
                                double        *im);
/* A string on n qubits (up to 64) with uniformly random x and z bits. */
PlPauliString ref_pauli_random_string (PlRng *rng,
                                       guint  n);
/* @n_terms terms with N(0, 1) coefficients: the identity first, then random strings. */
PlPauliSum *ref_pauli_random_sum   (PlRng *rng,
                                    guint  n,
                                    guint  n_terms);
/* <v| M |v> (real part) for a dense matrix. */
double ref_expectation      (gsize          dim,
                             const double  *mre,
                             const double  *mim,
                             const double  *vre,
                             const double  *vim);

/* A fixed default seed for tests, overridable with PLATEAU_TEST_SEED for exploring. */
guint64 ref_test_seed       (void);

G_END_DECLS

G_BEGIN_DECLS

/* The state of batch element b of a circuit, gate by gate through dense matrices, with the
 * angles worked out here from the sources (independently of pl_circuit_op_angles). */
void       ref_circuit_state      (const PlCircuit     *circuit,
                                   const PlCircuitArgs *args,
                                   gsize                b,
                                   double              *re,
                                   double              *im);
/* sum_i w_ib <O_i> for element b through dense matrices (weights NULL: <O_0>). */
double     ref_circuit_objective  (const PlCircuit     *circuit,
                                   const PlCircuitArgs *args,
                                   guint                n_obs,
                                   PlObservable *const *obs,
                                   const double        *weights,
                                   gsize                b);
/* A random circuit on n qubits using every gate kind and every kind of angle source:
 * trainable parameters (with scales and offsets), inputs with fixed and trainable a, b,
 * external angles and fixed angles. */
PlCircuit *ref_random_circuit     (PlRng               *rng,
                                   guint                n_qubits,
                                   guint                n_ops);

/* What ref_random_jet_circuit put in its circuit, for closed-form circuit counts. */
typedef struct {
  guint n_varying;   /* angles from inputs or external slots */
  guint n_param2;    /* trainable angles of Pauli rotations, PHASE, U3 and ROT (two-term) */
  guint n_param4;    /* trainable angles of controlled rotations (four-term) */
} RefJetCircuitCounts;

/* An experiment loaded from @text, asserting that it loads. */
PlExperiment *ref_experiment_load     (const char          *text);
/* Save @e, load it back, and assert that both are equal and the saved text a fixed point. */
void       ref_experiment_round_trip  (const PlExperiment  *e);
/* A classical model on @d inputs with two hidden tanh layers of 8, for trainer tests. */
PlModel   *ref_classical_model    (guint                d);
/* A trainer with @threads loss threads and @points collocation points for every term. */
PlTrainer *ref_trainer            (const PlModel       *model,
                                   const PlProblem     *problem,
                                   const PlTrainConfig *tc,
                                   guint                threads,
                                   guint                points,
                                   GError             **error);
/* Runs @half, saves its checkpoint in a temporary directory, loads it into @rest (asserting
 * that the history comes along), runs @rest on, and removes the files: a resumed run, for
 * the caller to compare with one run straight through. */
void       ref_trainer_resume     (PlTrainer           *half,
                                   PlTrainer           *rest);
/* Asserts the two trainers' parameters equal bit for bit. */
void       ref_assert_same_params (PlTrainer           *a,
                                   PlTrainer           *b);
/* A small model for loss tests: 6 -> 5 tanh networks, and for non-classical kinds a 2-qubit,
 * 2-layer re-uploading circuit read out through Z0 and Z1. */
PlModel   *ref_small_model        (PlModelKind          kind,
                                   guint                d,
                                   guint                m);
/* Options of ref_model_new: input features of its classical networks, and their
 * architecture. */
enum {
  REF_FEAT_PERIODIC = 1,  /* axis 0 periodic on [-1, 1], two harmonics */
  REF_FEAT_FOURIER = 2,   /* four random Fourier features (scale 1.5) */
  REF_MODIFIED_MLP = 4,   /* modified MLPs, their hidden layers 5 -> 5 */
};
/* A model for the model tests: 5 -> 4 tanh networks, and for non-classical kinds a 3-qubit
 * circuit (serial: RY encodings from external slots, then trainable layers; otherwise the
 * re-uploading template) read out through Z0, Z1 and X2 + 0.5 Z0 Z2. */
PlModel   *ref_model_new          (PlModelKind          kind,
                                   guint                d,
                                   guint                n_out,
                                   gboolean             mult,
                                   gboolean             add,
                                   gboolean             shared,
                                   guint                options);
/* Checks that model at three random points: its output jets (order 2 and u_xxx) against
 * Richardson-extrapolated central differences of its own values, and its parameter gradient
 * of a random linear functional of the jets against central differences. */
void       ref_model_check        (PlModelKind          kind,
                                   guint                d,
                                   guint                n_out,
                                   gboolean             mult,
                                   gboolean             add,
                                   gboolean             shared,
                                   guint                options);
/* A random circuit for the jet layer on @n_qubits qubits with @n_inputs inputs: every gate
 * kind twice, each angle, with equal odds, fixed, one of the first two parameters (scale
 * 0.7), an input with trainable a and b, an input with fixed a and b, or an external slot
 * (without slots: the first parameter); then an RY on every external slot, so that each
 * exists. With @rotations_only, input and external angles sit only on Pauli rotations and
 * PHASE, at most @max_varying of them, and where they may not the angle is redrawn as fixed
 * or a parameter; otherwise they sit on any gate. @counts may be NULL. */
PlCircuit *ref_random_jet_circuit (PlRng               *rng,
                                   guint                n_qubits,
                                   guint                n_inputs,
                                   guint                n_external,
                                   gboolean             rotations_only,
                                   guint                max_varying,
                                   RefJetCircuitCounts *counts);

G_END_DECLS

G_BEGIN_DECLS

/* C = A B for dense complex dim x dim matrices (row-major), and C = A^dagger. */
void   ref_matmul          (gsize               dim,
                            const double       *are,
                            const double       *aim,
                            const double       *bre,
                            const double       *bim,
                            double             *cre,
                            double             *cim);
void   ref_dagger          (gsize               dim,
                            const double       *are,
                            const double       *aim,
                            double             *cre,
                            double             *cim);
/* C = i (A B - B A). */
void   ref_commutator_i    (gsize               dim,
                            const double       *are,
                            const double       *aim,
                            const double       *bre,
                            const double       *bim,
                            double             *cre,
                            double             *cim);
/* U = exp(-i t H) for a Hermitian H, through its eigendecomposition (LAPACKE_zheev). */
void   ref_expm_hermitian  (gsize               dim,
                            const double       *hre,
                            const double       *him,
                            double              t,
                            double             *ure,
                            double             *uim);
/* Dimension of the real Lie algebra the Hermitian generators span under i[A, B]: dense
 * 2^n x 2^n matrices, rank by SVD. */
gsize  ref_lie_closure_dim (guint               n,
                            guint               n_gens,
                            PlPauliSum *const  *gens);
/* A sum of 1 to @max_terms strings on n (< 64) qubits, uniformly random x and z bits, with
 * N(0, 1) coefficients. */
PlPauliSum *ref_dla_random_sum (PlRng          *rng,
                                guint           n,
                                guint           max_terms);

G_END_DECLS

G_BEGIN_DECLS

/* Shared by the template tests (reference-templates.c). */
PlCircuit *ref_tpl_build             (const char      *name,
                                      guint            n,
                                      guint            layers);
/* The same with the other template options spelled out (seed 7). */
PlCircuit *ref_tpl_build_with        (const char      *name,
                                      guint            n,
                                      guint            layers,
                                      const char      *rotations,
                                      const char      *entangler,
                                      const char      *gate,
                                      gboolean         periodic,
                                      gboolean         per_term);
double    *ref_tpl_random_params     (PlRng           *rng,
                                      guint            n);
void       ref_tpl_circuit_state     (const PlCircuit *c,
                                      const double    *params,
                                      const double    *inputs,
                                      gsize            batch,
                                      gsize            b,
                                      double          *re,
                                      double          *im);
void       ref_tpl_assert_same_state (gsize            dim,
                                      const double    *re,
                                      const double    *im,
                                      const double    *ref_re,
                                      const double    *ref_im);
void       ref_tpl_zero_state        (gsize            dim,
                                      double          *re,
                                      double          *im);
void       ref_tpl_apply             (guint            n,
                                      PlGate           gate,
                                      guint            w0,
                                      guint            w1,
                                      double           angle,
                                      double          *re,
                                      double          *im);

G_END_DECLS

G_BEGIN_DECLS

/* L = 1/2 (theta - m)^T A (theta - m) + c, a PlObjective with closed-form loss and gradient.
 * A = Q diag (lambda) Q^T with Q a product of three random Householder reflections (seeded),
 * so its eigenvalues are lambda; m is N(0, 1), c = 0.25. Every call of the objective is
 * counted, and the @cancel_at-th cancels @cancellable (for cancellation tests). */
typedef struct {
  gsize         n;
  double       *A;            /* n x n, symmetric */
  double       *m;
  double        c;
  gint          calls;        /* atomic */
  gint          cancel_at;    /* cancel @cancellable on this call (0: never) */
  GCancellable *cancellable;
} RefQuad;

PlObjective *ref_quad_new      (gsize          n,
                                const double  *lambda,
                                guint64        seed,
                                gsize          batch,
                                guint          threads,
                                RefQuad      **out);
/* L at theta, and the gradient A (theta - m) into @grad (may be NULL). */
double       ref_quad_value    (const RefQuad *q,
                                const double  *theta,
                                double        *grad);
/* x^T A y */
double       ref_quad_form     (const RefQuad *q,
                                const double  *x,
                                const double  *y);
/* v[i] ~ N(0, 1) */
void         ref_random_vector (PlRng         *rng,
                                gsize          n,
                                double        *v);
/* The Euclidean norm of the entries k of @v with block_of[k] == @block. */
double       ref_block_norm    (const double  *v,
                                const guint   *block_of,
                                gsize          n,
                                guint          block);

G_END_DECLS
