/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-landscape.h: loss landscapes: 1-D and 2-D slices of a loss around a parameter point, the
 * training trajectory projected onto the slice, and the extreme Hessian eigenvalues at a point
 * as a measure of flatness.
 *
 * Everything works on a PlObjective: a loss L(theta) over n parameters that can be evaluated
 * at a batch of parameter points, with its exact gradient. Two implementations are built in,
 * and callers (tests, analysis code) can add their own through PlObjectiveClass:
 *   circuit   L = <O>(theta) of a parameterized circuit. The points of one call are the batch
 *             of ONE simulation with per-element parameters (PlCircuitArgs.params_batched),
 *             chunked so the states stay within a memory budget, and the chunks are spread
 *             over threads;
 *   PINN      L = pl_loss_evaluate (loss, theta): points one after another (fixed collocation
 *             points), each evaluation using the loss's own threads.
 *
 * Slices (Li et al., "Visualizing the Loss Landscape of Neural Nets", NeurIPS 2018):
 *     f(alpha, beta) = L(theta_c + alpha d1 + beta d2)    on a regular nx x ny grid over
 *     [-span_x, span_x] x [-span_y, span_y],  and  f(alpha) = L(theta_c + alpha d1)  in 1-D.
 * Directions are unit vectors along two parameters, random Gaussian vectors normalised per
 * block (below), or the principal directions of a trajectory (Li et al., section 7).
 *
 * Long computations (slices, trajectory losses, Hessians) report progress through a
 * PlLandscapeProgress and stop with PL_ERROR_CANCELLED once @cancellable is cancelled: it is
 * checked before every chunk of points. A chunk of the circuit objective is at most 64 points,
 * 32 MiB of states and about 0.1 s of simulation (but at least one point: a single circuit
 * run is not interrupted); the PINN objective's chunk is one loss evaluation. They can run on
 * a worker thread; they keep no global state, but one PlObjective serves one computation at a
 * time.
 *
 * Who calls this: plateau-cli landscape, the GUI's trainability page (on a worker thread),
 * tests.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include <gio/gio.h>

#include "pl-types.h"
#include "pl-circuit.h"
#include "pl-loss.h"
#include "pl-model.h"
#include "pl-plot.h"

G_BEGIN_DECLS

/* Called after each finished chunk with the points (or, for Lanczos, the iterations) done so
 * far and their total. It may be called from any of the computing threads, one call at a time,
 * with @done increasing. */
typedef void (*PlLandscapeProgress) (guint64  done,
                                     guint64  total,
                                     gpointer user_data);

/* --- objectives ----------------------------------------------------------------------- */

typedef struct _PlObjective PlObjective;

/* An objective's behaviour. Parameters of a batch of B points arrive batch innermost:
 * params[k * B + b] is parameter k of point b. */
typedef struct {
  /* values[b] = L(point b). A point where the loss is not finite gets NaN (not an error). */
  gboolean (*evaluate) (gpointer      data,
                        gsize         batch,
                        const double *params,
                        double       *values,
                        GError      **error);
  /* values[b] as above and grads[k * B + b] = dL/dtheta_k at point b. */
  gboolean (*gradient) (gpointer      data,
                        gsize         batch,
                        const double *params,
                        double       *values,
                        double       *grads,
                        GError      **error);
} PlObjectiveClass;

typedef struct {
  gsize n_params;
  gsize batch_values;    /* most points per evaluate call (>= 1) */
  gsize batch_gradients; /* most points per gradient call (>= 1) */
  guint threads;         /* calls that may run at once; 1 unless the callbacks are re-entrant */
} PlObjectiveInfo;

/* A new objective calling @klass with @data (freed with @destroy, may be NULL). Its parameters
 * form one block until pl_objective_set_blocks. */
PlObjective  *pl_objective_new         (const PlObjectiveClass *klass,
                                        const PlObjectiveInfo  *info,
                                        gpointer                data,
                                        GDestroyNotify          destroy);
/* <@obs> of @circuit (both borrowed; they must outlive the objective) at fixed input features
 * @inputs (n_inputs values shared by every point, NULL when the circuit encodes none), exactly,
 * gradients by the adjoint method. @threads 0: all cores. Blocks: one per circuit layer, a
 * parameter belonging to the layer of the first op whose angle it sets (layer 0 if none).
 * Fails for circuits fed by external angles, observables on other qubit counts, non-finite
 * inputs, and circuits too large for memory. */
PlObjective  *pl_objective_new_circuit (const PlCircuit        *circuit,
                                        const PlObservable     *obs,
                                        const double           *inputs,
                                        guint                   threads,
                                        GError                **error);
/* The physics-informed loss @loss of @model (both borrowed) at the loss's current collocation
 * points and weights. Blocks: the model's non-empty parameter blocks (pl_model_block). */
PlObjective  *pl_objective_new_loss    (PlLoss                 *loss,
                                        const PlModel          *model,
                                        GError                **error);
void          pl_objective_free        (PlObjective            *objective);
gsize         pl_objective_n_params    (const PlObjective      *objective);
guint         pl_objective_get_threads (const PlObjective      *objective);

/* Group the parameters into @n_blocks blocks for filter normalisation: parameter k is in
 * block block_of[k] < n_blocks (every block must have a parameter); @names (n_blocks, may be
 * NULL) label them. */
gboolean      pl_objective_set_blocks  (PlObjective            *objective,
                                        guint                   n_blocks,
                                        const guint            *block_of,
                                        const char *const      *names,
                                        GError                **error);
guint         pl_objective_n_blocks    (const PlObjective      *objective);
/* block_of[k] for every parameter k, owned by the objective. */
const guint  *pl_objective_get_blocks  (const PlObjective      *objective);
const char   *pl_objective_block_name  (const PlObjective      *objective,
                                        guint                   block);

/* L at @n points, params[i * n_params + k] (row by row, as pl_trainer_trajectory gives them),
 * into values[i]. Chunked and threaded as the objective allows. */
gboolean      pl_objective_evaluate    (PlObjective            *objective,
                                        gsize                   n,
                                        const double           *params,
                                        double                 *values,
                                        PlLandscapeProgress     progress,
                                        gpointer                user_data,
                                        GCancellable           *cancellable,
                                        GError                **error);
/* L and dL/dtheta (n_params) at one point; @value may be NULL. */
gboolean      pl_objective_gradient    (PlObjective            *objective,
                                        const double           *params,
                                        double                 *value,
                                        double                 *grad,
                                        GError                **error);

/* --- directions ----------------------------------------------------------------------- */

typedef enum {
  PL_DIRECTION_NORM_FILTER, /* per block, to the norm of the parameters (Li et al. 2018) */
  PL_DIRECTION_NORM_NONE,   /* the raw N(0, 1) draws */
} PlDirectionNorm;

const char *pl_direction_norm_to_string   (PlDirectionNorm  norm);
gboolean    pl_direction_norm_from_string (const char      *name,
                                           PlDirectionNorm *norm,
                                           GError         **error);

/* d = e_index, the unit vector of one parameter. Fails for index >= n_params. */
gboolean    pl_landscape_axis_direction    (const PlObjective *objective,
                                            guint              index,
                                            double            *d,
                                            GError           **error);
/* Random directions around @center: d1 and then d2 (may be NULL for a 1-D slice) drawn
 * N(0, 1) per entry from a generator seeded with @seed, then
 *   FILTER  d_B <- d_B * ||theta_B|| / ||d_B|| for every block B of the objective (Li et al.
 *           2018, eq. 3, with the objective's blocks as the filters: model blocks for PINNs,
 *           circuit layers for PQCs), so each block of a direction has the norm of that block
 *           of the parameters; a block whose parameters are all zero gets a zero direction, as
 *           in Li et al., and a direction that vanishes entirely is an error;
 *   NONE    left as drawn.
 * With @orthogonalize, d2 <- d2 - (d1.d2 / d1.d1) d1 rescaled to its former norm (so d1.d2 = 0,
 * while the per-block norms of d2 then hold only approximately). */
gboolean    pl_landscape_random_directions (const PlObjective *objective,
                                            const double      *center,
                                            PlDirectionNorm    norm,
                                            gboolean           orthogonalize,
                                            guint64            seed,
                                            double            *d1,
                                            double            *d2,
                                            GError           **error);
/* The principal directions of a trajectory (Li et al. 2018, section 7): the two leading right
 * singular vectors of the n x n_params matrix of rows theta_t - center (through the
 * eigenvectors of its n x n Gram matrix, LAPACKE_dsyev), unit norm, sign fixed so the first
 * trajectory point off the centre has non-negative coordinates. @explained (2, may be NULL)
 * receives the fractions sigma_i^2 / sum sigma^2 of the squared distance they capture. Needs
 * n >= 2 and a trajectory spanning two dimensions; d2 may be NULL (only the first). */
gboolean    pl_landscape_pca_directions    (gsize              n_params,
                                            const double      *center,
                                            const double      *thetas,
                                            gsize              n,
                                            double            *d1,
                                            double            *d2,
                                            double            *explained,
                                            GError           **error);

/* --- slices --------------------------------------------------------------------------- */

typedef struct {
  guint  nx;      /* points along d1, >= 2 */
  guint  ny;      /* points along d2, >= 2 (2-D slices only) */
  double span_x;  /* alpha_i = -span_x + 2 span_x i / (nx - 1), span_x > 0 */
  double span_y;  /* the same for beta; 0: span_x */
} PlLandscapeGrid;

typedef struct {
  guint   nx;
  guint   ny;          /* 1 for a 1-D slice */
  gsize   n_params;
  double *alpha;       /* nx coordinates along d1 */
  double *beta;        /* ny coordinates along d2 ({ 0 } for a 1-D slice) */
  double *loss;        /* loss[j * nx + i] = L(center + alpha_i d1 + beta_j d2): row j, the
                        * layout of pl_plot_axes_add_heatmap */
  double  center_loss; /* L(center), evaluated on its own (the grid holds it only for odd n) */
  double  loss_min;    /* over the finite grid values (NaN if none) */
  double  loss_max;
  gsize   n_nonfinite; /* grid points where the loss was not finite */
  double *center;      /* copies of the inputs, n_params each (d2 NULL for 1-D) */
  double *d1;
  double *d2;
  double  seconds;     /* wall time of the evaluation */
} PlLandscape;

/* The 2-D slice L(center + alpha d1 + beta d2). Progress counts the grid points and the centre
 * (nx ny + 1). Fails for nx or ny < 2, spans not positive and
 * finite, non-finite center or directions, a zero direction, or cancellation. */
PlLandscape *pl_landscape_slice_2d  (PlObjective            *objective,
                                     const double           *center,
                                     const double           *d1,
                                     const double           *d2,
                                     const PlLandscapeGrid  *grid,
                                     PlLandscapeProgress     progress,
                                     gpointer                user_data,
                                     GCancellable           *cancellable,
                                     GError                **error);
/* The 1-D slice L(center + alpha d) at n >= 2 points over [-span, span]. */
PlLandscape *pl_landscape_slice_1d  (PlObjective            *objective,
                                     const double           *center,
                                     const double           *d,
                                     guint                   n,
                                     double                  span,
                                     PlLandscapeProgress     progress,
                                     gpointer                user_data,
                                     GCancellable           *cancellable,
                                     GError                **error);
void         pl_landscape_free      (PlLandscape            *landscape);

/* --- trajectories --------------------------------------------------------------------- */

/* The least-squares coordinates of points in the plane (center; d1, d2):
 *   (alpha, beta) = argmin || theta_t - center - alpha d1 - beta d2 ||,
 * by the 2 x 2 normal equations G (alpha, beta)^T = (d1.r, d2.r)^T, G the Gram matrix of d1, d2
 * (exact for orthonormal directions, where it is the identity), and alpha = d1.r / d1.d1 when
 * d2 is NULL (then @beta may be NULL). distance[t] (may be NULL) is the norm of the residual,
 * how far theta_t lies from the plane. thetas[t * n_params + k]. Fails for a zero direction
 * or (nearly) parallel directions: cond (G) > 1e12. */
gboolean     pl_landscape_project_points (gsize          n_params,
                                          const double  *center,
                                          const double  *d1,
                                          const double  *d2,
                                          const double  *thetas,
                                          gsize          n,
                                          double        *alpha,
                                          double        *beta,
                                          double        *distance,
                                          GError       **error);

typedef struct {
  gsize   n;
  double *alpha;     /* coordinates in the slice's plane */
  double *beta;      /* zeros for a 1-D slice */
  double *distance;  /* off-plane distance */
  double *loss;      /* L(theta_t) at the true point (not at its projection) */
} PlLandscapeTrajectory;

/* Project @n parameter vectors (rows of thetas) onto @landscape's plane and evaluate the loss
 * along them with @objective. */
PlLandscapeTrajectory *pl_landscape_project      (const PlLandscape      *landscape,
                                                  PlObjective            *objective,
                                                  const double           *thetas,
                                                  gsize                   n,
                                                  PlLandscapeProgress     progress,
                                                  gpointer                user_data,
                                                  GCancellable           *cancellable,
                                                  GError                **error);
void                   pl_landscape_trajectory_free (PlLandscapeTrajectory *trajectory);

/* --- Hessian -------------------------------------------------------------------------- */

typedef enum {
  PL_HESSIAN_AUTO,    /* FULL when n_params <= full_max, otherwise LANCZOS */
  PL_HESSIAN_FULL,
  PL_HESSIAN_LANCZOS,
} PlHessianMethod;

const char *pl_hessian_method_to_string   (PlHessianMethod  method);
gboolean    pl_hessian_method_from_string (const char      *name,
                                           PlHessianMethod *method,
                                           GError         **error);

typedef struct {
  PlHessianMethod method;
  guint           full_max;    /* AUTO: largest n_params for FULL */
  guint           iterations;  /* Lanczos steps k (capped at n_params) */
  double          step;        /* finite-difference step h of the gradient differences */
  double          tolerance;   /* Lanczos: stop when both extreme residuals are below
                                * tolerance * max |Ritz value|; 0: run all k steps */
  guint64         seed;        /* Lanczos start vector */
} PlHessianConfig;

/* AUTO, full_max 300, 30 iterations, h = 1e-4, tolerance 1e-8, seed 1. */
void        pl_hessian_config_init (PlHessianConfig *config);

typedef struct {
  PlHessianMethod method;       /* the one used: FULL or LANCZOS */
  gsize           n_params;
  double          lambda_min;
  double          lambda_max;
  guint           n_values;
  double         *values;       /* FULL: all n eigenvalues; LANCZOS: the k Ritz values;
                                 * ascending */
  guint           iterations;   /* LANCZOS: steps taken; FULL: n_params */
  guint64         gradients;    /* gradient evaluations spent */
  double          residual_min; /* LANCZOS: ||H y - theta y|| bound beta_k |s_k| of the
                                 * extreme Ritz pairs (0 for FULL) */
  double          residual_max;
  double          seconds;
} PlHessian;

/* Extreme eigenvalues of the Hessian of @objective at @point, from exact gradients g:
 *   FULL     column k of H = (g(theta + h e_k) - g(theta - h e_k)) / 2h (2n gradients, batched),
 *            H <- (H + H^T) / 2, all eigenvalues by LAPACKE_dsyev;
 *   LANCZOS  Lanczos on v -> H v = (g(theta + h v) - g(theta - h v)) / 2h for unit v (two
 *            gradients per step), with full re-orthogonalisation of every new vector against
 *            all previous ones (twice, classical Gram-Schmidt), k steps or fewer when an
 *            invariant subspace is found or the extremes converge; the Ritz values are the
 *            eigenvalues of the tridiagonal T_k (LAPACKE_dstev). The extremes of T_k lie inside
 *            [lambda_min, lambda_max] and converge to them first (Golub & Van Loan, 10.1).
 * The error of the differences is O(h^2 |L'''|) plus rounding O(eps |g| / h). Fails for a
 * non-finite gradient (PL_ERROR_NUMERIC), a bad configuration, or cancellation. */
PlHessian  *pl_landscape_hessian   (PlObjective            *objective,
                                    const double           *point,
                                    const PlHessianConfig  *config,
                                    PlLandscapeProgress     progress,
                                    gpointer                user_data,
                                    GCancellable           *cancellable,
                                    GError                **error);
void        pl_hessian_free        (PlHessian              *hessian);

/* --- figures -------------------------------------------------------------------------- */

/* Draw @landscape into @ax: a 2-D slice as a heatmap of the loss (log10 colour scale when
 * @log_scale and the loss is positive on the grid) with a colorbar, iso-loss contour lines at
 * round levels of the colour range (about 8, pl_plot_ticks_linear / _log10) and the centre
 * marked; a 1-D slice as a line (log y axis when @log_scale). @trajectory (may be NULL) is
 * drawn on top: in 2-D as a line through its (alpha, beta) with its start and end marked, in
 * 1-D as markers at (alpha, loss). */
void        pl_landscape_plot      (PlPlotAxes                  *ax,
                                    const PlLandscape           *landscape,
                                    const PlLandscapeTrajectory *trajectory,
                                    gboolean                     log_scale);
/* The iso-line L = level of a 2-D slice by marching squares (linear interpolation along cell
 * edges; saddle cells split by the cell-centre average): segments as pairs of points
 * (x0, y0), (x1, y1) followed by a (NaN, NaN) separator, so the arrays can be drawn as one
 * broken line. Returns the number of points written to the new arrays *x, *y. */
gsize       pl_landscape_contour   (const PlLandscape           *landscape,
                                    double                       level,
                                    double                     **x,
                                    double                     **y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlObjective, pl_objective_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlLandscape, pl_landscape_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlLandscapeTrajectory, pl_landscape_trajectory_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlHessian, pl_hessian_free)

G_END_DECLS
