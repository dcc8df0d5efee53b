/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-optim.h: the optimisers the training loop drives. Adam (optionally AdamW), SGD with
 * (Nesterov) momentum, L-BFGS with a strong-Wolfe line search, learning-rate schedules, the
 * "Adam first, then L-BFGS" plan, adaptive loss weights, and checkpointable optimiser state.
 *
 * Everything works on a flat parameter vector of n doubles and a gradient of n doubles; the
 * model owns the layout. A per-parameter learning-rate multiplier (pl_optimizer_set_block_scale)
 * freezes blocks of that vector (multiplier 0), which is how "quantum-only training inside a
 * hybrid" is expressed.
 *
 * Steps are counted from 0: step s is the (s+1)-th update, and uses the learning rate
 * pl_schedule_lr (schedule, s). Results are deterministic: plain loops in a fixed order, no
 * BLAS, so a restored optimiser continues bit-identically.
 *
 * Who calls this: the training loop (pl-train), the experiment file (configs and plans as
 * JSON), the CLI and tests.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* --- learning-rate schedules --------------------------------------------------------- */

typedef enum {
  PL_SCHEDULE_CONSTANT,
  PL_SCHEDULE_EXPONENTIAL,
  PL_SCHEDULE_STEP,
  PL_SCHEDULE_COSINE,
} PlScheduleKind;

/* All fields are validated whatever the kind, so a config never carries garbage. */
typedef struct {
  PlScheduleKind kind;
  double         lr;           /* eta_0: finite, > 0 */
  double         gamma;        /* exponential / step: decay factor in (0, 1] */
  guint64        decay_steps;  /* exponential / step: steps per factor gamma, >= 1 */
  guint64        total_steps;  /* cosine: T, steps from eta_0 down to lr_min, >= 1 */
  double         lr_min;       /* cosine: the floor, in [0, lr] */
  guint64        warmup_steps; /* W: linear warmup before the decay starts (0: none) */
} PlSchedule;

/* Defaults: constant at @lr, gamma 0.1, decay_steps 1000, total_steps 10000, lr_min 0, no
 * warmup. */
void     pl_schedule_init     (PlSchedule        *sched,
                               PlScheduleKind     kind,
                               double             lr);
gboolean pl_schedule_validate (const PlSchedule  *sched,
                               GError           **error);
/* The learning rate of step s (a pure function of the schedule and s):
 *
 *   warmup, s < W:  eta(s) = eta_0 (s + 1) / (W + 1)    (rises linearly, reaches eta_0 at W)
 *   after, k = s - W:
 *     constant      eta_0
 *     exponential   eta_0 gamma^(k / decay_steps)              (continuous exponential decay)
 *     step          eta_0 gamma^floor(k / decay_steps)         (staircase)
 *     cosine        lr_min + (eta_0 - lr_min) (1 + cos (pi min(k, T) / T)) / 2
 *                   (Loshchilov & Hutter 2017, SGDR without restarts; stays at lr_min after T)
 */
double   pl_schedule_lr       (const PlSchedule  *sched,
                               guint64            step);

/* --- optimiser configuration --------------------------------------------------------- */

typedef enum {
  PL_OPTIMIZER_ADAM,
  PL_OPTIMIZER_SGD,
  PL_OPTIMIZER_LBFGS,
} PlOptimizerKind;

/* One struct for every kind, so the trainer and the experiment file can switch kinds without
 * losing settings. Fields a kind does not use are still validated. */
typedef struct {
  PlOptimizerKind kind;
  PlSchedule      schedule;       /* Adam and SGD; L-BFGS chooses its own step lengths */

  /* Adam */
  double          beta1;          /* [0, 1) */
  double          beta2;          /* [0, 1) */
  double          epsilon;        /* finite, > 0 */
  double          weight_decay;   /* finite, >= 0; Adam and SGD */
  gboolean        decoupled_weight_decay; /* Adam only: TRUE = AdamW, FALSE = L2 in the gradient */

  /* SGD */
  double          momentum;       /* [0, 1) */
  gboolean        nesterov;       /* needs momentum > 0 */

  /* L-BFGS */
  guint           history;        /* m, pairs kept: 1 .. PL_LBFGS_MAX_HISTORY */
  double          c1;             /* sufficient decrease, 0 < c1 < c2 */
  double          c2;             /* curvature, c1 < c2 < 1 */
  guint           max_evaluations; /* objective evaluations per line search, 1 .. 1000 */
} PlOptimizerConfig;

#define PL_LBFGS_MAX_HISTORY 1000

/* Defaults for @kind in every field: Adam lr 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-8,
 * weight decay 0 (decoupled); SGD lr 1e-2, momentum 0.9, no Nesterov; L-BFGS m = 10, c1 = 1e-4,
 * c2 = 0.9, 25 evaluations per line search. Schedules constant. */
void        pl_optimizer_config_init      (PlOptimizerConfig        *cfg,
                                           PlOptimizerKind           kind);
/* PL_ERROR_INVALID_ARGUMENT naming the field ("beta2", "schedule.lr", ...) and its range. */
gboolean    pl_optimizer_config_validate  (const PlOptimizerConfig  *cfg,
                                           GError                  **error);

/* "adam", "sgd", "lbfgs" and "constant", "exponential", "step", "cosine". */
const char *pl_optimizer_kind_to_string   (PlOptimizerKind           kind);
gboolean    pl_optimizer_kind_from_string (const char               *name,
                                           PlOptimizerKind          *kind,
                                           GError                  **error);
const char *pl_schedule_kind_to_string    (PlScheduleKind            kind);
gboolean    pl_schedule_kind_from_string  (const char               *name,
                                           PlScheduleKind           *kind,
                                           GError                  **error);

/* A JSON object with every field ({"kind": "adam", "schedule": {...}, "beta1": 0.9, ...}).
 * Doubles are written with 17 significant digits, so a round trip is exact. */
JsonNode   *pl_optimizer_config_to_json   (const PlOptimizerConfig  *cfg);
/* Missing fields take the defaults of the given "kind" (itself defaulting to "adam"); unknown
 * fields, wrong types and out-of-range values fail with an error naming the field. */
gboolean    pl_optimizer_config_from_json (JsonNode                 *node,
                                           PlOptimizerConfig        *cfg,
                                           GError                  **error);

/* --- the optimiser ------------------------------------------------------------------- */

/* f (x): the loss at @params, with its gradient written to @grad_out (n doubles). A non-finite
 * return value means "outside the domain": the line search then shortens the step. */
typedef double (*PlObjectiveFunc) (const double *params,
                                   double       *grad_out,
                                   gpointer      user_data);

/* An optimiser for n parameters, n >= 1. Fails with PL_ERROR_INVALID_ARGUMENT for a bad config
 * or n == 0, PL_ERROR_NO_MEMORY when the state does not fit. */
PlOptimizer *pl_optimizer_new             (const PlOptimizerConfig  *cfg,
                                           gsize                     n,
                                           GError                  **error);
void         pl_optimizer_free            (PlOptimizer              *opt);

const PlOptimizerConfig *pl_optimizer_get_config (const PlOptimizer *opt);
gsize        pl_optimizer_get_n_params    (const PlOptimizer        *opt);
/* Steps taken so far (accepted steps for L-BFGS); the next step has this index. */
guint64      pl_optimizer_get_step        (const PlOptimizer        *opt);
/* pl_schedule_lr (schedule, pl_optimizer_get_step (opt)): the rate the next Adam or SGD step
 * will use (L-BFGS has none). */
double       pl_optimizer_get_lr          (const PlOptimizer        *opt);
/* Objective evaluations made by pl_lbfgs_step so far (line-search trials included). */
guint64      pl_optimizer_get_n_evaluations (const PlOptimizer      *opt);

/* Per-parameter learning-rate multipliers, 1 by default. Parameter i moves by scale_i times
 * the step it would otherwise take. Scale 0 freezes it: its value stays bit-identical, its
 * Adam moments, Adam step count and SGD velocity are not touched, and its gradient entry is
 * not even read. L-BFGS uses the scales only as a mask (0 frozen, otherwise free: the
 * quasi-Newton step then runs in the subspace of free parameters), and forgets its history
 * when the scales are set. Scales must be finite and >= 0 (PL_ERROR_INVALID_ARGUMENT). */
gboolean     pl_optimizer_set_block_scale (PlOptimizer              *opt,
                                           gsize                     start,
                                           gsize                     length,
                                           double                    scale,
                                           GError                  **error);
gboolean     pl_optimizer_set_lr_scale    (PlOptimizer              *opt,
                                           const double             *scale,
                                           GError                  **error);
/* n multipliers, owned by @opt. */
const double *pl_optimizer_get_lr_scale   (const PlOptimizer        *opt);

/* One step of Adam or SGD (the optimiser's kind), with eta = pl_optimizer_get_lr (opt) and
 * s_i the parameter's scale. For parameter i with gradient g_i:
 *
 * Adam (Kingma & Ba 2015, Algorithm 1, epsilon outside the root), with t_i the number of
 * updates parameter i has received including this one (frozen steps do not count):
 *   g   <- g_i + wd x_i                         (only if weight decay is not decoupled)
 *   m_i <- beta1 m_i + (1 - beta1) g
 *   v_i <- beta2 v_i + (1 - beta2) g^2
 *   u   =  (m_i / (1 - beta1^t_i)) / (sqrt (v_i / (1 - beta2^t_i)) + epsilon)
 *   u   <- u + wd x_i                           (only if decoupled: AdamW, Loshchilov & Hutter
 *                                                2019, as in PyTorch's AdamW)
 *   x_i <- x_i - eta s_i u
 *
 * SGD with momentum mu (the PyTorch form, no dampening; Sutskever et al. 2013 for Nesterov):
 *   g   <- g_i + wd x_i
 *   b_i <- mu b_i + g                            (b starts at 0)
 *   d   =  g + mu b_i if Nesterov, else b_i      (d = g when mu = 0)
 *   x_i <- x_i - eta s_i d
 *
 * A NaN or infinite gradient entry (of a free parameter) makes the step refuse: FALSE with
 * PL_ERROR_NUMERIC naming the entry, and @params and the state untouched. */
gboolean     pl_optimizer_step            (PlOptimizer              *opt,
                                           double                   *params,
                                           const double             *grad,
                                           GError                  **error);

/* One iteration of L-BFGS (Nocedal & Wright 2006, Algorithm 7.5): the direction from the
 * two-loop recursion (Algorithm 7.4) over the last m pairs s_k = x_{k+1} - x_k,
 * y_k = g_{k+1} - g_k with H_0 = (s^T y / y^T y) I (eq. 7.20), then a line search along it
 * for a step alpha satisfying the strong Wolfe conditions (eq. 3.7)
 *   f(x + alpha p) <= f(x) + c1 alpha g^T p,    |g(x + alpha p)^T p| <= c2 |g^T p|
 * by bracketing and zooming (Algorithms 3.5 and 3.6) with safeguarded cubic interpolation
 * (eq. 3.59). The trial step is 1, except without history, where it is min (1, 1 / |g|_2).
 *
 * On entry @loss and @grad must hold f and its gradient at @params; on success all three are
 * replaced by the new point's. A direction that is not a descent direction resets the history
 * and falls back to -g; a line search that fails with history is retried once from -g. If that
 * fails too, or the loss or gradient on entry is not finite, the step returns FALSE with
 * PL_ERROR_NUMERIC and leaves @params, @loss and @grad at the last good point. This is also
 * how a run ends once f cannot be decreased any further in floating point: the caller tells
 * that apart from trouble by the size of the gradient (the message gives |g|). At a stationary
 * point (g = 0 on the free parameters) there is nothing to do: TRUE, nothing changes.
 *
 * @f must be the same function on every call: the history describes its curvature (so keep
 * adaptive loss weights fixed while L-BFGS runs). */
gboolean     pl_lbfgs_step                (PlOptimizer              *opt,
                                           double                   *params,
                                           double                   *loss,
                                           double                   *grad,
                                           PlObjectiveFunc           f,
                                           gpointer                  user_data,
                                           GError                  **error);

/* The complete state (config, n, step and evaluation counts, scales, Adam moments and per-
 * parameter counts, SGD velocities, L-BFGS pairs oldest first) as a JSON object. Doubles are
 * written exactly, so saving, restoring and continuing gives bit-identical results. */
JsonNode    *pl_optimizer_save_state      (const PlOptimizer        *opt);
/* Rebuild an optimiser from pl_optimizer_save_state()'s output. A malformed state (missing or
 * mistyped field, wrong length, negative second moment, ...) fails with PL_ERROR_PARSE or
 * PL_ERROR_INVALID_ARGUMENT naming the field. */
PlOptimizer *pl_optimizer_new_from_state  (JsonNode                 *state,
                                           GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlOptimizer, pl_optimizer_free)

/* --- Adam, then L-BFGS --------------------------------------------------------------- */

/* "Use @first for steps 0 .. switch_step - 1, then @second": the usual PINN recipe of Adam
 * to get near a good basin followed by L-BFGS to polish. Without a second optimiser, @first
 * runs throughout. The plan only answers questions; the trainer creates the optimisers (and
 * copies the learning-rate scales across at the switch). */
typedef struct {
  PlOptimizerConfig first;
  guint64           switch_step;
  gboolean          has_second;
  PlOptimizerConfig second;
} PlOptimizerPlan;

/* @second may be NULL (no switch). */
void                     pl_optimizer_plan_init        (PlOptimizerPlan         *plan,
                                                        const PlOptimizerConfig *first,
                                                        guint64                  switch_step,
                                                        const PlOptimizerConfig *second);
gboolean                 pl_optimizer_plan_validate    (const PlOptimizerPlan   *plan,
                                                        GError                 **error);
/* The config in charge at (global) step @step. */
const PlOptimizerConfig *pl_optimizer_plan_config_at   (const PlOptimizerPlan   *plan,
                                                        guint64                  step);
/* TRUE when step @step (> 0) is the first one of the second optimiser. */
gboolean                 pl_optimizer_plan_switches_at (const PlOptimizerPlan   *plan,
                                                        guint64                  step);
/* {"first": {...}, "switch_step": N, "second": {...} or null}; errors name the field. */
JsonNode                *pl_optimizer_plan_to_json     (const PlOptimizerPlan   *plan);
gboolean                 pl_optimizer_plan_from_json   (JsonNode                *node,
                                                        PlOptimizerPlan         *plan,
                                                        GError                 **error);

/* --- adaptive loss weights ----------------------------------------------------------- */

/* Learning-rate annealing for PINN loss terms (Wang, Teng & Perdikaris 2021, "Understanding
 * and mitigating gradient pathologies in physics-informed neural networks", Algorithm 1).
 * With L = L_r + sum_i lambda_i L_i, the gradient of the residual loss L_r and the gradients
 * of the unweighted other terms L_i (row i of @grad_terms, n_terms x n_params, row-major):
 *
 *   lambda_hat_i = max_k |dL_r/dtheta_k| / mean_k |dL_i/dtheta_k|
 *   lambda_i    <- (1 - alpha) lambda_i + alpha lambda_hat_i         (the paper uses 0.9)
 *
 * A term whose gradient is identically zero carries no information and keeps its weight.
 * @alpha must be in (0, 1], the weights finite and >= 0 (PL_ERROR_INVALID_ARGUMENT); a non-
 * finite gradient entry gives PL_ERROR_NUMERIC. On failure @weights is unchanged. */
gboolean pl_loss_weights_update (gsize          n_params,
                                 const double  *grad_residual,
                                 gsize          n_terms,
                                 const double  *grad_terms,
                                 double         alpha,
                                 double        *weights,
                                 GError       **error);

G_END_DECLS
