/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-scan.h: barren-plateau scans: the variance of cost gradients over random parameter
 * draws, as a function of qubits and layers, with error bars and fitted decay rates, for a
 * circuit alone and for the same circuit inside a QPINN-MAC hybrid.
 *
 * For each (qubits, layers) point, S parameter vectors are drawn from the chosen
 * initialisation and the gradient of the cost is computed exactly for each. The reported
 * variance is the unbiased sample variance of dC/dtheta_k over the draws, for the chosen
 * circuit parameter k (first, middle, last) or averaged over all circuit parameters. Its
 * standard error is, for a single parameter,
 *     SE(s^2) = sqrt((m4 - s^4 (S - 3) / (S - 1)) / S)
 * with m4 the fourth central moment (the large-sample variance of the sample variance), and
 * for every average over parameters a bootstrap over draws (200 resamples, seeded, the same
 * resamples for every average of a point).
 *
 * Models (PlScanModel):
 *   PQC            the circuit alone; the cost is an observable: the global cost
 *                  1 - p(0...0), the local cost 1 - (1/n) sum_j p_j(0) (Cerezo et al. 2021),
 *                  or any Pauli sum (e.g. Z0 Z1 as in McClean et al. 2018). A template that
 *                  encodes inputs (reupload) is scanned at x = 0.
 *   HYBRID_FROZEN  the circuit inside a QPINN-MAC model trained quantum-only: the gradient of
 *                  the model's PINN loss with respect to the quantum parameters only; the
 *                  classical parameters are drawn once per sample from their initialisation
 *                  and then held fixed.
 *   HYBRID         the same model trained end to end: the gradient over all parameters, also
 *                  reported per parameter block (pl-model.h) and pooled over the classical
 *                  blocks.
 * At a draw the two hybrid models differ only in which components of the same gradient they
 * report: the frozen gradient is exactly the quantum block of the end-to-end one, and with
 * the same seed both see the same draws (as do PQC and the hybrids for the circuit angles).
 * A PINN loss is not a cost in [0, 1] (the damped oscillator's residual carries omega^2 ~ 40),
 * so hybrid and PQC variances differ in size by the loss's scale: compare their decay rates,
 * not their values.
 *
 * How the hybrid is built from the scan's template (the same for both hybrid models):
 *   circuit      the template at (n, L). A template without data encoding (hea, sim*,
 *                mcclean, tfim, ...) gets one encoding layer prepended: RY(a_j x_j + b_j) on
 *                every qubit q with feature j = q mod d (d the problem's inputs), a_j = pi /
 *                (upper_j - lower_j), b_j = -a_j lower_j, so each coordinate sweeps one half
 *                turn [0, pi] across the domain (the identity-block and layerwise
 *                initialisations apply to the template's layers after it). A template with
 *                its own encoding (reupload) is used as it is.
 *   readout      one observable, the scan's cost (global, local or Pauli sum), read out
 *                through the linear readout q = w <O> + b, and u = c_m(x) q(x) + c_a(x)
 *                (pl-model.h; the classical part from @hybrid, default pl_model_config_init:
 *                a shared 32-32 tanh trunk with multiplicative and additive heads).
 *   loss         always the PINN loss (pl-loss.h) of @problem (default damped-oscillator)
 *                with its default term weights, on a fixed grid of collocation points
 *                (PL_SAMPLER_GRID with the problem's default counts, or @points per term for
 *                terms with more than one default point), the same for every draw and every
 *                point of the scan. The problem's hard-constraint setting is kept (off
 *                for a built-in problem).
 *   parameters   the quantum block from the scan's initialisation (as for the PQC), every
 *                classical block (trunk, heads, readout) by the model's own initialisation
 *                (@hybrid->init), drawn per sample from its own seeded stream.
 * Random streams (so a test or another program can repeat a scan draw by draw): with
 * stream = (n << 32) | L, the circuit angles of all draws come from one pl_init_draw () call
 * with batch S on pl_rng_init_stream (seed, stream), as for the PQC; draw s of a hybrid then
 * runs pl_model_init_params () on pl_rng_init_stream (s0, s), where s0 is the first
 * pl_rng_next () of pl_rng_init_stream (seed ^ PL_SCAN_CLASSICAL_SALT, stream), and replaces
 * the quantum block by its circuit angles.
 * Hybrid draws are independent model evaluations: draws are shared out over threads, each
 * thread with its own problem copy, model work and single-threaded PlLoss, and every draw
 * draws from its own stream, so results are bit-identical whatever the thread count.
 * OpenBLAS is switched to one thread (as the trainer does): the scan's threads are the
 * parallelism.
 *
 * Initialisations: uniform in [0, 2 pi); small angles N(0, sigma^2); identity blocks (Grant
 * et al. 2019: every second layer is the mirrored inverse of the one before, with its
 * parameters set so each pair is the identity at the start); layerwise (the first layer
 * random, the others zero, the starting point of layerwise training, Skolik et al. 2021).
 *
 * The slope of ln Var against qubits (per layer count) and against layers (per qubit count)
 * is fitted by least squares, with its standard error.
 *
 * Who calls this: plateau-cli scan and tradeoff, pl-tradeoff, the GUI's trainability page (on
 * a worker thread: progress through a callback, cancellation through a GCancellable checked
 * between draws or every few draws).
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include <gio/gio.h>

#include "pl-types.h"
#include "pl-circuit.h"
#include "pl-model.h"
#include "pl-problem.h"

G_BEGIN_DECLS

typedef enum {
  PL_INIT_UNIFORM,
  PL_INIT_SMALL,
  PL_INIT_IDENTITY,
  PL_INIT_LAYERWISE,
} PlInitKind;

const char *pl_init_kind_to_string   (PlInitKind  kind);
gboolean    pl_init_kind_from_string (const char *name,
                                      PlInitKind *kind,
                                      GError    **error);

/* The identity-block version of a layered circuit (Grant et al. 2019): ops before the first
 * trainable gate are kept; then for every pair of layers (2j, 2j+1) the second is replaced by
 * the inverse of the first (mirrored order, inverse gates, fresh parameters). @map receives,
 * for every parameter of the result, the index of the parameter it mirrors and -1 for the
 * first half of a block (array of n_params gint, caller frees). */
PlCircuit  *pl_circuit_identity_blocks (const PlCircuit  *circuit,
                                        gint            **map,
                                        GError          **error);

/* Fill values[k * batch + b] (params batched) with draws of @kind for @circuit (which for
 * PL_INIT_IDENTITY must come from pl_circuit_identity_blocks with @map). */
void        pl_init_draw               (PlInitKind        kind,
                                        const PlCircuit  *circuit,
                                        const gint       *map,
                                        double            sigma,
                                        PlRng            *rng,
                                        gsize             batch,
                                        double           *values);

typedef enum {
  PL_SCAN_PARAM_FIRST,
  PL_SCAN_PARAM_MIDDLE,
  PL_SCAN_PARAM_LAST,
  PL_SCAN_PARAM_ALL,
} PlScanParam;

#define PL_SCAN_CLASSICAL_SALT G_GUINT64_CONSTANT (0x6879627269640000)

/* The circuit a hybrid scan puts into its model: a copy of @circuit when it encodes inputs,
 * otherwise RY(a_j x_j + b_j) on every qubit q (j = q mod n_inputs, a_j = pi / (upper_j -
 * lower_j), b_j = -a_j lower_j, no trainable scale or offset) followed by the ops of @circuit
 * with their parameters and layers unchanged. */
PlCircuit  *pl_scan_hybrid_circuit   (const PlCircuit *circuit,
                                      guint            n_inputs,
                                      const double    *lower,
                                      const double    *upper);

typedef enum {
  PL_SCAN_MODEL_PQC,
  PL_SCAN_MODEL_HYBRID_FROZEN,
  PL_SCAN_MODEL_HYBRID,
  PL_SCAN_N_MODELS
} PlScanModel;

/* "pqc", "hybrid-frozen", "hybrid" (case-insensitive; also "frozen", "qpinn-mac"). */
const char *pl_scan_model_to_string   (PlScanModel  model);
gboolean    pl_scan_model_from_string (const char  *name,
                                       PlScanModel *model,
                                       GError     **error);

typedef struct {
  const char        *template_name;
  PlTemplateOptions  base;          /* rotations, entangler ... (qubits, layers overridden) */
  const guint       *qubits;
  guint              n_qubits;
  const guint       *layers;
  guint              n_layers;
  const char        *cost;          /* "global", "local" or a Pauli sum */
  PlInitKind         init;
  double             sigma;         /* PL_INIT_SMALL */
  PlScanParam        param;
  guint              samples;
  guint64            seed;
  guint              threads;       /* 0: all cores */
  gboolean           resample_structure; /* seeded templates (mcclean): a new random circuit
                                          * for every few draws, as in McClean et al. 2018,
                                          * so the variance is over circuits and angles
                                          * (hybrids: a new model per 4 draws likewise) */
  /* hybrid models (ignored for PL_SCAN_MODEL_PQC) */
  PlScanModel          model;
  const char          *problem;     /* built-in problem; NULL: "damped-oscillator" */
  const PlProblem     *custom_problem; /* used instead of @problem when set (borrowed) */
  const PlModelConfig *hybrid;      /* the classical part; NULL: pl_model_config_init. Its
                                     * kind, inputs and outputs are set by the scan */
  guint                points;      /* collocation points per term; 0: the problem's */
} PlScanConfig;

typedef struct {
  guint       qubits;
  guint       layers;
  PlScanModel model;
  guint       n_params;     /* parameters whose gradient is reported: the circuit's (PQC,
                             * frozen) or the whole model's (hybrid) */
  guint       samples;
  double      variance;     /* of the chosen circuit parameter (or their mean, ALL) */
  double      stderr_;
  double      mean;         /* mean gradient (should be ~0 for these ensembles) */
  double      cost_mean;    /* mean cost (hybrids: PINN loss) over the draws */
  double      total_variance; /* mean over the n_params reported parameters of the variance */
  double      total_stderr;
  double      classical_variance; /* hybrid: the mean over every classical parameter; NAN
                                   * for the other models */
  double      classical_stderr;
  /* Per block of pl-model.h: the parameters reported (0: the block is absent or not
   * reported, and its variance is NAN), the mean of their variances and its bootstrap SE.
   * The PQC and frozen models report the circuit as PL_BLOCK_QUANTUM only. */
  guint       block_size[PL_N_BLOCKS];
  double      block_variance[PL_N_BLOCKS];
  double      block_stderr[PL_N_BLOCKS];
  double      seconds;
} PlScanPoint;

typedef struct {
  guint  layers;       /* for a fit against qubits (G_MAXUINT when fitting against layers) */
  guint  qubits;       /* for a fit against layers (G_MAXUINT when fitting against qubits) */
  double slope;        /* d ln Var / d qubits (or / d layers) */
  double slope_stderr;
  double intercept;
  guint  n_points;
} PlScanFit;

/* Called after each point with the number of points done and their total (any thread: the
 * caller's). */
typedef void (*PlScanProgress) (guint          done,
                                guint          total,
                                const PlScanPoint *point,
                                gpointer       user_data);

/* Run the scan. @points receives one PlScanPoint per (qubits, layers) pair, qubits-major.
 * Fails for an empty list, samples < 3, an unknown template/cost/model/problem, a template
 * encoding more features than the problem has inputs, a hybrid without hidden layers,
 * too many qubits for memory, a loss that is not finite at a draw (PL_ERROR_NUMERIC), or
 * cancellation (PL_ERROR_CANCELLED). */
gboolean pl_scan_run       (const PlScanConfig  *config,
                            PlScanProgress       progress,
                            gpointer             user_data,
                            GCancellable        *cancellable,
                            GArray             **points,
                            GError             **error);
/* Least-squares fits of ln Var against qubits for every layer count with >= 2 points, then
 * against layers for every qubit count with >= 2 points. Points with Var <= 0 are skipped.
 * pl_scan_fit fits the chosen parameter's variance, pl_scan_fit_quantity any of: */
typedef enum {
  PL_SCAN_QUANTITY_PARAM,      /* variance */
  PL_SCAN_QUANTITY_TOTAL,      /* total_variance */
  PL_SCAN_QUANTITY_CLASSICAL,  /* classical_variance */
} PlScanQuantity;

GArray  *pl_scan_fit       (const GArray        *points);
GArray  *pl_scan_fit_quantity (const GArray     *points,
                               PlScanQuantity    quantity);
const char *pl_scan_quantity_to_string (PlScanQuantity quantity);

/* The table behind a scan as CSV. pl_scan_csv_blocks () is the union over @points of the
 * blocks with a reported size (bit b for block b); a block absent from every point gets no
 * column. pl_scan_csv_header () starts the table:
 *   qubits,layers,model,cost,init,param,problem,variance,stderr,mean,total_variance,
 *   total_stderr,classical_variance,classical_stderr,[BLOCK_variance,BLOCK_stderr ...]
 *   cost_mean,samples,n_params,seconds
 * and pl_scan_csv_append () adds one row per point; numbers read back exactly, values a
 * model does not have (classical variance of a PQC, a block it lacks, the problem of a PQC)
 * are empty cells. @problem may be NULL. */
guint    pl_scan_csv_blocks (const GArray       *points);
void     pl_scan_csv_header (GString            *csv,
                             guint               blocks);
void     pl_scan_csv_append (GString            *csv,
                             guint               blocks,
                             const GArray       *points,
                             const char         *cost,
                             const char         *init,
                             const char         *param,
                             const char         *problem);

/* The statistics used above, exposed for tests: unbiased variance of x[0..n) and its
 * standard error by the fourth-moment formula. */
void     pl_variance_stats (const double        *x,
                            gsize                n,
                            gsize                stride,
                            double              *mean,
                            double              *variance,
                            double              *stderr_);

G_END_DECLS
