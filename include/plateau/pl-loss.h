/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-loss.h: the physics-informed loss of a model on a problem, and its exact gradient.
 *
 *   L(theta) = sum_t w_t L_t,   L_t = (1 / (E_t N_t)) sum_{q < E_t} sum_{i < N_t} r_tq(x_i)^2
 *
 * over the terms t of the problem (interior residual, initial, boundary and periodic
 * conditions; terms a hard-constraint transform satisfies are left out), each with its own
 * collocation points. r is evaluated on the jets of the model output (pl_model_forward,
 * transformed by pl_problem_transform when the problem has hard constraints active) and the
 * gradient is the reverse pass through residual, transform and model.
 *
 * Threads. The points of every term are split into T contiguous chunks (periodic terms by
 * pairs), one per thread; each thread owns a copy of the problem and its model workspaces,
 * and the partial gradients are added in thread order, so results are bit-identical for a
 * given thread count. OpenBLAS should run single-threaded meanwhile (the caller's job).
 *
 * Causal weighting (Wang, Sankaran & Perdikaris, "Respecting causality for training
 * physics-informed neural networks", CMAME 421:116813, 2024). With causal_bins = M > 0 every
 * interior term of a problem with a time axis 't' is split into M bins of equal width along t
 * (edges from the problem's domain, not from the points; bin i = 0 .. M-1 in increasing t) and
 *
 *   L_r = (1 / M') sum_i w_i L_i,   w_0 = 1,   w_i = exp (-eps sum_{k < i} L_k)
 *
 * where L_i is the mean of r^2 over the points (and equations) of bin i, M' the number of
 * non-empty bins (an empty bin has L_i = 0 and does not count). The weights are constants of
 * the gradient (stop-gradient, as in the paper): grad is exactly d/dtheta sum_i w_i L_i with w
 * frozen at their values at theta. The component reported for such a term is this causal L_r
 * (what is optimised), and its per-term gradient is that of the causal L_r. Evaluation then
 * runs in two rounds over the threads (forward passes and bin sums; weights; reverse passes),
 * still reduced in part order. With eps = 0 the term is the mean over bins of the bin means.
 *
 * Who calls this: the trainer, the trainability analysis (PINN-loss gradient variance of
 * hybrid models), the CLI and tests.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"
#include "pl-model.h"
#include "pl-problem.h"
#include "pl-rng.h"

G_BEGIN_DECLS

typedef struct _PlLoss PlLoss;

typedef struct {
  PlSamplerKind sampler;
  guint         n_points[PL_PROBLEM_MAX_TERMS];  /* per problem term; 0: its default */
  double        weights[PL_PROBLEM_MAX_TERMS];   /* per problem term; < 0: its default */
  guint         threads;                         /* 0: all cores */
  guint64       shots;       /* > 0: train on circuits measured this many times (parameter
                              * shifts, pl_qlayer_work_set_estimator); 0: exact */
  guint64       shots_seed;  /* seeds the measurements (thread p draws stream p) */
  guint         causal_bins;     /* causal weighting of interior terms: 0 off, else 2 .. 1024 */
  double        causal_epsilon;  /* its eps >= 0 (pl_loss_set_causal_epsilon changes it) */
} PlLossConfig;

#define PL_LOSS_MAX_CAUSAL_BINS 1024

void      pl_loss_config_init   (PlLossConfig       *config);

/* The loss of @model on @problem (both borrowed; they must outlive the loss). The problem is
 * copied for every thread. Points are not sampled until pl_loss_resample. */
PlLoss   *pl_loss_new           (const PlModel      *model,
                                 const PlProblem    *problem,
                                 const PlLossConfig *config,
                                 GError            **error);
void      pl_loss_free          (PlLoss             *loss);

/* Circuits one gradient evaluation runs under shots (forward and backward passes over every
 * point of every term); 0 when exact. */
guint64     pl_loss_circuits_per_evaluation (const PlLoss *loss);

/* The terms in the loss (problem terms minus those a hard constraint satisfies). */
guint       pl_loss_n_terms       (const PlLoss *loss);
const char *pl_loss_term_name     (const PlLoss *loss,
                                   guint         term);
/* The problem term index behind loss term @term. */
guint       pl_loss_term_problem_index (const PlLoss *loss,
                                        guint         term);
gsize       pl_loss_term_n_points (const PlLoss *loss,
                                   guint         term);
double      pl_loss_get_weight    (const PlLoss *loss,
                                   guint         term);
void        pl_loss_set_weight    (PlLoss       *loss,
                                   guint         term,
                                   double        weight);
guint       pl_loss_get_threads   (const PlLoss *loss);

/* Causal weighting (above). pl_loss_new refuses bins = 1 or > PL_LOSS_MAX_CAUSAL_BINS, a
 * negative or non-finite eps, and a problem without an axis named 't' or without interior
 * terms. */
guint       pl_loss_causal_bins   (const PlLoss *loss);
/* TRUE for 0 (off) and 2 .. PL_LOSS_MAX_CAUSAL_BINS; else FALSE with an error naming the
 * range. The trainer checks its config with it before it builds a loss. */
gboolean    pl_loss_check_causal_bins (guint    bins,
                                       GError **error);
gboolean    pl_loss_term_is_causal (const PlLoss *loss,
                                    guint         term);
double      pl_loss_get_causal_epsilon (const PlLoss *loss);
void        pl_loss_set_causal_epsilon (PlLoss       *loss,
                                        double        epsilon);
/* Switch the weighting off (interior terms are plain means again) and on; it starts on when
 * configured. The trainer turns it off for L-BFGS, whose line search needs an objective whose
 * gradient is exact. */
void        pl_loss_set_causal_enabled (PlLoss       *loss,
                                        gboolean      enabled);
gboolean    pl_loss_get_causal_enabled (const PlLoss *loss);
/* The M weights w_i of causal term @term at the last evaluation (empty bins get the value of
 * the formula, w_{i-1}); FALSE (and @w untouched) if the term is not causal or nothing was
 * evaluated yet with the weighting on. */
gboolean    pl_loss_causal_weights (const PlLoss *loss,
                                    guint         term,
                                    double       *w);
/* min_i w_i over the non-empty bins of every causal term at the last evaluation: near 1 when
 * the whole time range is active. NaN when off or before the first evaluation. */
double      pl_loss_causal_min_weight (const PlLoss *loss);

/* Time marching (the expanding time domain of Wight & Zhao, Commun. Comput. Phys. 29:930,
 * 2021): from now on pl_loss_resample and pl_loss_resample_rard draw every term's points in
 * the first @fraction of the problem's t range, t_lo + fraction (t - t_lo), so that a network
 * fits early times before later ones; 1 (the default) is the whole range. Points already drawn
 * stay. Fails for @fraction outside (0, 1] and for a problem without an axis named 't'. */
gboolean    pl_loss_set_time_window (PlLoss     *loss,
                                     double      fraction,
                                     GError    **error);
double      pl_loss_get_time_window (const PlLoss *loss);

/* Draw new collocation points for every term with the configured sampler. */
gboolean  pl_loss_resample      (PlLoss             *loss,
                                 PlRng              *rng,
                                 GError            **error);
/* Replace the points of term @term (x[j * n + i], n points, pairs for periodic terms). */
gboolean  pl_loss_set_points    (PlLoss             *loss,
                                 guint               term,
                                 const double       *x,
                                 gsize               n,
                                 GError            **error);
/* The points of term @term: x[j * n + i]. */
const double *pl_loss_get_points (const PlLoss      *loss,
                                  guint              term,
                                  gsize             *n);

/* L(params). @grad (n_params, may be NULL) receives dL/dparams; @components (n_terms, may be
 * NULL) the unweighted L_t (for a causal term the causally weighted L_r); @term_grads
 * (n_terms * n_params, may be NULL) the gradient of each unweighted L_t, for adaptive
 * weights. Returns NaN when the model produces non-finite values. */
double    pl_loss_evaluate      (PlLoss             *loss,
                                 const double       *params,
                                 double             *grad,
                                 double             *components,
                                 double             *term_grads);

/* |r(x_i)|: the root mean square over the term's equations of its residual at points
 * x[j * n + i] (interior and boundary terms; not periodic ones), for adaptive sampling. */
gboolean  pl_loss_residual_magnitudes (PlLoss       *loss,
                                       const double *params,
                                       guint         term,
                                       const double *x,
                                       gsize         n,
                                       double       *abs_r,
                                       GError      **error);

/* Residual-based adaptive distribution (RAR-D, Wu et al. 2023) for every interior term:
 * draw @factor x n candidates with the configured sampler, and keep n of them with
 * probability ~ |r|^k / mean |r|^k + c (pl_sampler_rard). Other terms are resampled as by
 * pl_loss_resample. */
gboolean  pl_loss_resample_rard (PlLoss             *loss,
                                 const double       *params,
                                 double              k,
                                 double              c,
                                 guint               factor,
                                 PlRng              *rng,
                                 GError            **error);

/* The model's outputs u[o * n + i] (values only) at points x[j * n + i]. */
void      pl_loss_predict       (PlLoss             *loss,
                                 const double       *params,
                                 const double       *x,
                                 gsize               n,
                                 double             *u);
/* Relative L2 error ||u - u*|| / ||u*|| over all outputs on the problem's evaluation grid
 * (n per axis; 0: the problem's default). Fails when the problem has no exact or reference
 * solution. */
gboolean  pl_loss_relative_l2   (PlLoss             *loss,
                                 const double       *params,
                                 guint               n,
                                 double             *rel_l2,
                                 GError            **error);

/* The relative L2 error of predictions whose circuit expectation values are estimated from
 * @shots measurements per observable term and point (values only; the exact derivatives
 * are not needed for predictions). Seeded by @rng. */
gboolean  pl_loss_relative_l2_shots (PlLoss       *loss,
                                     const double *params,
                                     guint         n,
                                     guint64       shots,
                                     PlRng        *rng,
                                     double       *rel_l2,
                                     GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlLoss, pl_loss_free)

G_END_DECLS
