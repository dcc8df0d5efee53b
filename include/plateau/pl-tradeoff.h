/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-tradeoff.h: the expressibility-trainability study: a sweep over circuits measuring how
 * expressive each one is and how trainable it is alone and inside a QPINN-MAC hybrid, and the
 * correlations between the two.
 *
 * The claim under test (DESIGN.md, section 1): the trade-off between expressibility and
 * trainability is strong for pure PQCs and weakens inside hybrid models trained end to end.
 *
 * The sweep. For every qubit count, layer count and entangler topology of the configuration,
 * the template's circuit is measured once for
 *   expressibility  KL divergence of its fidelity distribution from the Haar one
 *                   (pl-expressibility.h: pairs, bins and repetitions as configured, every
 *                   parameter uniform in [0, 2 pi), encoded inputs held at 0), with the
 *                   standard error of the repetitions. Small KL = expressive.
 *   trainability    for each configuration, the mean over the parameters it trains of the
 *                   variance of the loss gradient over random draws (pl-scan.h, one point with
 *                   param = ALL; total_variance and its bootstrap error):
 *                     PQC            the circuit alone, the cost observable (global, local
 *                                    or a Pauli sum), every circuit parameter;
 *                     HYBRID_FROZEN  the circuit inside QPINN-MAC trained quantum-only: the
 *                                    PINN loss, the quantum parameters;
 *                     HYBRID         the same model trained end to end: every parameter.
 *                   The frozen numbers are the quantum block of the end-to-end scan (the
 *                   frozen gradient is exactly that block, pl-scan.h), so both come from one
 *                   scan. Scan points are seeded by (qubits, layers), so circuits that differ
 *                   only in their entangler see the same parameter draws.
 * A circuit identical to one already measured (a ring of two qubits is a line; a template
 * without an entangler option ignores it) is measured once: duplicates would count one
 * circuit twice in the correlations. Entanglers apply to hea, reupload and strong.
 *
 * The correlations. Per configuration, over the circuits with a positive finite KL and a
 * positive finite variance, pooled over the whole sweep and at each qubit count:
 *   Pearson   r of (log10 KL, log10 variance): both span decades and a power law
 *             Var ~ KL^a is the natural relation, so their logarithms (the axes of the
 *             figure);
 *   Spearman  rho of (KL, variance): the Pearson correlation of their ranks, ties given the
 *             average of the ranks they span (so rho is the usual tie-corrected coefficient;
 *             it does not depend on the logarithms);
 * each with a 95% interval from Fisher's z = atanh r with standard error sqrt(c / (n - 3)),
 * c = 1 for Pearson and c = 1.06 for Spearman (Fieller, Hartley & Pearson, Biometrika 44, 470
 * (1957)), for n > 3 and |r| < 1. A trade-off shows as a positive correlation (expressive
 * circuits, small KL, have small gradients); none as a correlation near 0. The pooled
 * coefficients mix the qubit count into both variables (variances fall with n whatever the
 * circuit, KL moves with n too), so the trade-off proper is read at fixed qubit count; both
 * are reported. Ties are not rare: circuits that differ only by gates at the end that fix
 * |0...0> (hea of one layer, whose entangler follows the rotations) have the same fidelities
 * and the same global cost.
 * A correlation is NaN, with a status saying why, when it is undefined: fewer than 3 circuits
 * (two points always lie on a line, r = +-1 says nothing), no spread in one variable (every KL
 * or every variance equal, all tied for Spearman: 0/0), or a value that is not finite.
 *
 * Who calls this: plateau-cli tradeoff, the GUI's expressibility page (on a worker thread:
 * progress through a callback, cancellation through a GCancellable).
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
#include "pl-scan.h"

G_BEGIN_DECLS

/* --- correlations ------------------------------------------------------------------------- */

typedef enum {
  PL_CORRELATION_OK,
  PL_CORRELATION_TOO_FEW,     /* n < 3 */
  PL_CORRELATION_CONSTANT,    /* every x or every y equal (all tied) */
  PL_CORRELATION_NOT_FINITE,  /* a NaN or an infinity among the values */
} PlCorrelationStatus;

/* "ok", "too-few", "constant", "not-finite". */
const char *pl_correlation_status_to_string (PlCorrelationStatus status);
/* One sentence: why the correlation is undefined (or "defined"). */
const char *pl_correlation_status_describe  (PlCorrelationStatus status);

/* Pearson's r = sum (x - mx)(y - my) / sqrt (sum (x - mx)^2 sum (y - my)^2), two-pass,
 * clamped to [-1, 1]; NaN (and the reason in @status, which may be NULL) when undefined. */
double      pl_correlation_pearson   (const double        *x,
                                      const double        *y,
                                      gsize                n,
                                      PlCorrelationStatus *status);
/* ranks[i] = the 1-based rank of x[i]; values that tie share the mean of the ranks they span
 * (1, 2.5, 2.5, 4 for 1, 5, 5, 9). x must be free of NaN. */
void        pl_correlation_ranks     (const double        *x,
                                      gsize                n,
                                      double              *ranks);
/* Spearman's rho: Pearson's r of the average ranks of x and y. */
double      pl_correlation_spearman  (const double        *x,
                                      const double        *y,
                                      gsize                n,
                                      PlCorrelationStatus *status);
/* The number of values of x equal to at least one other (those sharing a rank). */
guint       pl_correlation_tied      (const double        *x,
                                      gsize                n);
/* The 95% interval tanh (atanh r -+ 1.959964 sqrt (c / (n - 3))); NaN for n <= 3, r NaN or
 * |r| = 1 (where atanh r is infinite and the interval would be the point r). */
void        pl_correlation_interval  (double               r,
                                      gsize                n,
                                      double               c,
                                      double              *lo,
                                      double              *hi);

/* --- the sweep ---------------------------------------------------------------------------- */

typedef struct {
  const char          *template_name;  /* NULL: hea */
  PlTemplateOptions    base;           /* rotations, gate ... (qubits, layers, entangler set) */
  const guint         *qubits;
  guint                n_qubits;
  const guint         *layers;
  guint                n_layers;
  const char *const   *entanglers;     /* line, ring, all, none; none given: base.entangler */
  guint                n_entanglers;
  /* trainability (pl-scan.h) */
  const char          *cost;           /* global, local or a Pauli sum; NULL: global */
  PlInitKind           init;
  double               sigma;
  guint                samples;
  const char          *problem;        /* NULL: damped-oscillator */
  const PlProblem     *custom_problem; /* instead of @problem when set (borrowed) */
  const PlModelConfig *hybrid;         /* NULL: pl_model_config_init */
  guint                points;         /* collocation points per term; 0: the problem's */
  /* expressibility (pl-expressibility.h) */
  guint                pairs;
  guint                bins;
  guint                repeats;
  guint64              seed;
  guint                threads;        /* 0: all cores */
} PlTradeoffConfig;

/* Defaults: hea, global cost, uniform initialisation (sigma 0.1), 100 samples, the
 * damped oscillator, 2000 pairs, 75 bins, 3 repetitions, seed 1, all cores; no lists. */
void        pl_tradeoff_config_init  (PlTradeoffConfig    *config);

typedef struct {
  const char  *template_name;   /* static: as in pl_circuit_template_names () */
  guint        qubits;
  guint        layers;
  const char  *entangler;       /* static: "line", "ring", "all", "none" or "default" */
  PlScanModel  configuration;
  guint        n_params;        /* the parameters this configuration trains */
  double       kl;
  double       kl_stderr;       /* NAN for one repetition */
  double       variance;        /* mean per-parameter gradient variance */
  double       variance_stderr;
  double       seconds;         /* of the scan behind the row (the hybrids share one) */
} PlTradeoffRow;

/* Called on the calling thread after each measurement (done of total: an expressibility and
 * two scans per circuit; duplicates count as done when they are recognised). */
typedef void (*PlTradeoffProgress) (guint    done,
                                    guint    total,
                                    gpointer user_data);

/* Run the sweep: @rows receives PL_SCAN_N_MODELS rows per distinct circuit (qubits-major,
 * then layers, then entanglers; configurations in PlScanModel order). Fails with
 * PL_ERROR_INVALID_ARGUMENT for an empty list, an unknown template, entangler, cost, model
 * setting or problem, or bad scan/expressibility settings (their messages), PL_ERROR_NO_MEMORY
 * when a circuit does not fit, PL_ERROR_CANCELLED when @cancellable fires. */
gboolean    pl_tradeoff_run          (const PlTradeoffConfig *config,
                                      PlTradeoffProgress      progress,
                                      gpointer                user_data,
                                      GCancellable           *cancellable,
                                      GArray                **rows,
                                      GError                **error);

typedef struct {
  PlScanModel          configuration;
  guint                qubits;          /* the qubit count, or 0 for the pooled sweep */
  guint                n;               /* circuits used */
  double               pearson;         /* of (log10 KL, log10 variance) */
  PlCorrelationStatus  pearson_status;
  double               pearson_lo;      /* 95% interval, NAN for n <= 3 */
  double               pearson_hi;
  double               spearman;        /* of (KL, variance), average ranks */
  PlCorrelationStatus  spearman_status;
  double               spearman_lo;
  double               spearman_hi;
  guint                tied_kl;         /* circuits whose KL equals another one's */
  guint                tied_variance;
  double               slope;           /* least squares d log10 Var / d log10 KL: how much */
  double               slope_stderr;    /* the variance moves, where r says how consistently;
                                         * NAN where Pearson is undefined (stderr: n < 3) */
} PlTradeoffCorrelation;

/* The correlations of one configuration's rows (see the top of this header), over the rows
 * of @qubits qubits, or of every qubit count when @qubits is 0. */
void        pl_tradeoff_correlate    (const GArray           *rows,
                                      PlScanModel             configuration,
                                      guint                   qubits,
                                      PlTradeoffCorrelation  *out);

G_END_DECLS
