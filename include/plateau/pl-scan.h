/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-scan.h: barren-plateau scans: the variance of cost gradients over random parameter
 * draws, as a function of qubits and layers, with error bars and fitted decay rates.
 *
 * For each (qubits, layers) point, S parameter vectors are drawn from the chosen
 * initialisation and the gradient of the cost is computed exactly for each (the draws are
 * the batch of one adjoint pass, split over threads). The reported variance is the unbiased
 * sample variance of dC/dtheta_k over the draws, for the chosen parameter k (first, middle,
 * last) or averaged over all parameters. Its standard error is, for a single parameter,
 *     SE(s^2) = sqrt((m4 - s^4 (S - 3) / (S - 1)) / S)
 * with m4 the fourth central moment (the large-sample variance of the sample variance), and
 * for the average over parameters a bootstrap over draws (200 resamples, seeded).
 *
 * Costs: the global cost 1 - p(0...0), the local cost 1 - (1/n) sum_j p_j(0) (Cerezo et al.
 * 2021), or any Pauli observable (e.g. Z0 Z1 as in McClean et al. 2018).
 *
 * Initialisations: uniform in [0, 2 pi); small angles N(0, sigma^2); identity blocks (Grant
 * et al. 2019: every second layer is the mirrored inverse of the one before, with its
 * parameters set so each pair is the identity at the start); layerwise (the first layer
 * random, the others zero, the starting point of layerwise training, Skolik et al. 2021).
 *
 * The slope of ln Var against qubits (per layer count) and against layers (per qubit count)
 * is fitted by least squares, with its standard error.
 *
 * Who calls this: plateau-cli scan, the GUI's trainability page (on a worker thread: progress
 * through a callback, cancellation through a GCancellable checked every few draws).
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include <gio/gio.h>

#include "pl-types.h"
#include "pl-circuit.h"

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
                                          * so the variance is over circuits and angles */
} PlScanConfig;

typedef struct {
  guint  qubits;
  guint  layers;
  guint  n_params;
  guint  samples;
  double variance;
  double stderr_;
  double mean;       /* mean gradient (should be ~0 for these ensembles) */
  double cost_mean;  /* mean cost over the draws */
  double seconds;
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
 * Fails for an empty list, samples < 3, an unknown template/cost, too many qubits for memory,
 * or cancellation (PL_ERROR_CANCELLED). */
gboolean pl_scan_run       (const PlScanConfig  *config,
                            PlScanProgress       progress,
                            gpointer             user_data,
                            GCancellable        *cancellable,
                            GArray             **points,
                            GError             **error);
/* Least-squares fits of ln Var against qubits for every layer count with >= 2 points, then
 * against layers for every qubit count with >= 2 points. Points with Var <= 0 are skipped. */
GArray  *pl_scan_fit       (const GArray        *points);

/* The statistics used above, exposed for tests: unbiased variance of x[0..n) and its
 * standard error by the fourth-moment formula. */
void     pl_variance_stats (const double        *x,
                            gsize                n,
                            gsize                stride,
                            double              *mean,
                            double              *variance,
                            double              *stderr_);

G_END_DECLS
