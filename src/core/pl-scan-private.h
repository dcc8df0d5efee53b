/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-scan-private.h: what the files of the gradient-variance scan share: one point's draws,
 * the circuit builder, the hybrid evaluator and the statistics over parameter blocks.
 */
#pragma once

#include "pl-scan.h"

G_BEGIN_DECLS

/* Bootstrap resamples of every average over parameters. */
#define PL_SCAN_BOOTSTRAP 200

/* One (qubits, layers) point of a scan, as the evaluators see it. */
typedef struct {
  const PlScanConfig *cfg;
  guint               n;
  guint               L;
  guint64             stream;     /* ((guint64) n << 32) | L: the point's random streams */
  PlTemplateOptions   topt;
  const PlCircuit    *circuit;    /* the template at (n, L), identity blocks applied */
  const double       *draws;      /* [n_params][S] circuit angles */
  gsize               S;
  gsize               chunk;      /* draws per structure when resampling it */
  guint               threads;
  GCancellable       *cancellable;
} PlScanPointCtx;

/* The template at ctx->topt, with the structure of chunk @chunk (>= 0, when resampling) or
 * the fixed one (-1), identity blocks applied for PL_INIT_IDENTITY (@map may be NULL). */
PlCircuit *_pl_scan_build_circuit     (const PlScanConfig       *cfg,
                                       const PlTemplateOptions  *topt,
                                       gint64                    chunk,
                                       gint                    **map,
                                       GError                  **error);

/* The hybrid models: gradients of the PINN loss for every draw into *grad ([n_params][S],
 * all model parameters), the loss into cost[S], and the model's blocks. */
gboolean   _pl_scan_hybrid_gradients  (const PlScanPointCtx     *ctx,
                                       const PlProblem          *problem,
                                       double                  **grad,
                                       double                   *cost,
                                       PlBlockRange             *blocks,
                                       gsize                    *n_params,
                                       GError                  **error);

/* Fill the statistics of @pt from grad[k * S + s]: the chosen parameter of the quantum block,
 * the mean variance of every block whose bit is set in @reported, their total and the
 * classical pool, with bootstrap errors from the stream (seed ^ 0xb007, @stream). */
void       _pl_scan_statistics        (const PlScanConfig       *cfg,
                                       guint64                   stream,
                                       const double             *grad,
                                       gsize                     S,
                                       const PlBlockRange       *blocks,
                                       guint                     reported,
                                       PlScanPoint              *pt);

G_END_DECLS
