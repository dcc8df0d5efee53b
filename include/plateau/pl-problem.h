/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-problem.h: the ODE/PDE problems a physics-informed network is trained on: domain,
 * residuals, boundary/initial/periodic conditions, an optional hard-constraint output
 * transform, and exact or reference solutions.
 *
 * One path for built-in and user-defined problems. A problem is a PlProblemDef: plain strings
 * and numbers. Every residual, condition, forcing, transform and exact solution is an
 * expression (pl-expr) over
 *   - the coordinates, one letter per axis of the box ("t", "x", "xt", "xy", "xyt");
 *   - the output fields and their partial derivatives, named like the jet components:
 *     u, u_x, u_t, u_xx, u_xt, u_tt, u_xxx (letters in axis order); a system names its
 *     outputs, e.g. u and v with v_t;
 *   - the named parameters (nu, omega, zeta ...), derived parameters (numbers computed from
 *     the parameters, e.g. wd = omega*sqrt(1 - zeta^2)) and forcing functions (named
 *     expressions of the coordinates, e.g. f = -2*pi^2*sin(pi*x)*sin(pi*y)).
 * The built-in problems are a table of such definitions (pl_problem_builtin_def); the
 * experiment loader fills the same struct from a file.
 *
 * Loss terms. A term is a list of equations e_q that must vanish on a region:
 *   INTERIOR  the box (the PDE residual, one equation per field for systems);
 *   BOUNDARY  one face of the box, "x=lower" or "x=upper": Dirichlet "u - g", Neumann
 *             "u_x - g", Robin "u + a*u_x - g" are all just equations;
 *   INITIAL   the face t = lower ("t=lower" unless given; for a single axis, its lower end);
 *   PERIODIC  a pair of opposite faces, "x": the term's 2n points come in pairs, point i on
 *             x = lower and point n + i on x = upper with the other coordinates equal, and its
 *             residual is r_q[i] = e_q(point i) - e_q(point n + i) (n values per equation),
 *             e.g. equations "u" and "u_x" for periodicity of the value and the slope.
 * Each term has a name ("residual", "ic", "ic_velocity", "bc_left"), a default weight and a
 * default number of points, which the trainer may override.
 *
 * Backpropagation. At construction every equation is differentiated symbolically (pl_expr_diff)
 * with respect to every jet component c it uses, so the reverse pass is exact for nonlinear
 * residuals (u u_x in Burgers, u^3 in Allen-Cahn):
 *   dL/du_c[b] += sum_q dL/dr_q[b] * de_q/du_c (x_b, u(x_b), ...).
 *
 * Hard constraints. An optional output transform, per output, u = A(x) + B(x) N(x) with A and B
 * expressions of the coordinates (e.g. u = 1 + t^2 N(t) for u(0) = 1, u'(0) = 0). It acts on
 * jets by Leibniz's rule with the jets of A and B, whose components are derivatives of A and B
 * taken symbolically once. Terms marked `hard` in the definition are satisfied exactly by the
 * transform and are dropped from the term list while hard constraints are on.
 *
 * Exact solutions: a closed-form expression per output, or a named reference solver:
 *   "burgers-cole-hopf"    viscous Burgers by the Cole-Hopf formula (pl-reference; param nu)
 *   "allen-cahn-spectral"  Allen-Cahn by the Fourier/ETDRK4 solver (pl-reference; eps, gamma)
 *   "lotka-volterra-rk"    u' = alpha u - beta u v, v' = delta u v - gamma v by pl-ode
 *   "ode-rk"               any ODE (system) of order <= 3 in one axis: the problem's own
 *                          residual is solved for the highest derivatives (Newton, exact for
 *                          residuals linear in them) and integrated with pl-ode from the state
 *                          its initial conditions determine.
 * Reference results are computed once, lazily, on the first pl_problem_exact (), and cached in
 * the problem: ODE solutions as knots interpolated by cubic Hermite polynomials (value and
 * derivative at every knot), Allen-Cahn as the solver's snapshots. Changing a parameter drops
 * the cache.
 *
 * Threads. A PlProblem holds the workspaces of its per-step functions (and the expressions
 * their own), so it is used by one thread at a time; give each training thread its own
 * pl_problem_copy (). The per-step functions (residual, adjoint, transform) never allocate:
 * they work through the batch in chunks of PL_PROBLEM_CHUNK points in workspaces sized at
 * construction, so any batch size is accepted.
 *
 * Layouts: coordinates x[j * B + b] (axis j, point b); jets [m outputs][K components][B points]
 * as in pl-jet.h with the problem's spec (pl_problem_get_jet_spec); residuals r[q * B_r + b].
 *
 * Who calls this: the trainer, the experiment loader, the GUI's problem page, the CLI, tests.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"
#include "pl-jet.h"

G_BEGIN_DECLS

#define PL_PROBLEM_MAX_INPUTS    3
#define PL_PROBLEM_MAX_OUTPUTS   4
#define PL_PROBLEM_MAX_PARAMS    16
#define PL_PROBLEM_MAX_DERIVED   16
#define PL_PROBLEM_MAX_FORCING   8
#define PL_PROBLEM_MAX_TERMS     8
#define PL_PROBLEM_MAX_EQUATIONS 4
/* Points per pass of the per-step functions. */
#define PL_PROBLEM_CHUNK         256

typedef enum {
  PL_TERM_INTERIOR,
  PL_TERM_BOUNDARY,
  PL_TERM_INITIAL,
  PL_TERM_PERIODIC,
} PlTermKind;

typedef enum {
  PL_SAMPLER_UNIFORM,         /* pl_sampler_uniform */
  PL_SAMPLER_LATIN_HYPERCUBE, /* pl_sampler_latin_hypercube */
  PL_SAMPLER_SOBOL,           /* pl_sampler_sobol with a random digital shift */
  PL_SAMPLER_GRID,            /* pl_sampler_grid, shape by pl_sampler_grid_shape (<= n) */
} PlSamplerKind;

/* --- definitions: plain strings and numbers ------------------------------------------- */

/* Lists inside a definition end at the first entry whose name (or string) is NULL, or at
 * the array's capacity. Strings are borrowed: pl_problem_new_from_def () copies them. */

typedef struct {
  const char *name;
  double      value;
} PlProblemParamDef;

/* A named expression: a derived parameter (of parameters and earlier derived parameters
 * only, evaluated once to a number) or a forcing function (of coordinates and parameters,
 * usable in equations). */
typedef struct {
  const char *name;
  const char *expr;
} PlProblemNamedDef;

typedef struct {
  const char *name;                                  /* "residual", "ic", "bc_left" */
  PlTermKind  kind;
  const char *face;                                  /* "x=lower", "x=upper"; periodic "x" */
  const char *equations[PL_PROBLEM_MAX_EQUATIONS];   /* each must vanish */
  double      weight;                                /* default weight, >= 0 */
  guint       n_points;                              /* default points (pairs if periodic) */
  gboolean    hard;                                  /* satisfied by the transform */
} PlProblemTermDef;

typedef struct {
  const char        *name;                                /* "damped-oscillator" */
  const char        *title;                               /* one line */
  const char        *description;                         /* equations, domain, source */
  const char        *axes;                                /* "t", "x", "xt", "xy", "xyt" */
  double             lower[PL_PROBLEM_MAX_INPUTS];        /* the box, lower < upper */
  double             upper[PL_PROBLEM_MAX_INPUTS];
  const char        *outputs[PL_PROBLEM_MAX_OUTPUTS];     /* none: one output "u" */
  PlProblemParamDef  params[PL_PROBLEM_MAX_PARAMS];
  PlProblemNamedDef  derived[PL_PROBLEM_MAX_DERIVED];
  PlProblemNamedDef  forcing[PL_PROBLEM_MAX_FORCING];
  PlProblemTermDef   terms[PL_PROBLEM_MAX_TERMS];
  const char        *exact[PL_PROBLEM_MAX_OUTPUTS];       /* closed form per output, or none */
  const char        *reference;                           /* a named solver, or NULL */
  const char        *transform_a[PL_PROBLEM_MAX_OUTPUTS]; /* u = A + B N; NULL: A = 0 */
  const char        *transform_b[PL_PROBLEM_MAX_OUTPUTS]; /* NULL: B = 1 */
  guint              eval_points;                         /* per axis; 0: 201, 101, 31 by d */
} PlProblemDef;

/* Resolution of the reference solvers; 0 keeps each default. */
typedef struct {
  guint  n_space;   /* Allen-Cahn grid points (512), Burgers Gauss-Hermite nodes (200) */
  guint  n_time;    /* Allen-Cahn snapshots (201), ODE knots (4097) */
  double time_step; /* Allen-Cahn largest step (1e-4) */
} PlProblemResolution;

/* --- the built-in table ---------------------------------------------------------------- */

/* Names of the built-in problems, NULL-terminated, static. */
const char *const  *pl_problem_names          (void);
/* The description of a built-in problem (equations, domain, defaults, source), or NULL. */
const char         *pl_problem_describe       (const char          *name);
/* The definition of a built-in problem (static), or NULL: a starting point for editing. */
const PlProblemDef *pl_problem_builtin_def    (const char          *name);

/* --- construction ---------------------------------------------------------------------- */

/* A built-in problem with its default parameters. Fails with PL_ERROR_INVALID_ARGUMENT for
 * an unknown name, listing the known ones. */
PlProblem          *pl_problem_new            (const char          *name,
                                               GError             **error);
/* A problem from a definition (copied). Every expression is parsed, its derivatives taken and
 * checked: errors (PL_ERROR_PARSE or PL_ERROR_INVALID_ARGUMENT) read
 * "problem 'NAME': terms[0].equations[1]: ..." naming the field, e.g. for an unknown variable,
 * a derivative jets cannot carry (mixed third or fourth order: jets carry all derivatives up to
 * second order and the third along one axis), an empty residual, lower >= upper, an unknown
 * face, an unknown reference solver or one that does not fit the problem, a parameter that is
 * not finite, or forcing/exact/transform values that are not finite inside the box. */
PlProblem          *pl_problem_new_from_def   (const PlProblemDef  *def,
                                               GError             **error);
/* An independent problem with the same definition, settings and no cache (one per thread). */
PlProblem          *pl_problem_copy           (const PlProblem     *problem);
void                pl_problem_free           (PlProblem           *problem);

/* Set parameter @name. The problem is rebuilt from its definition with the new value and
 * validated again; on failure it is left unchanged. Drops cached reference solutions. */
gboolean            pl_problem_set_param      (PlProblem           *problem,
                                               const char          *name,
                                               double               value,
                                               GError             **error);
/* Reference-solver resolution; drops cached reference solutions. */
void                pl_problem_set_resolution (PlProblem           *problem,
                                               const PlProblemResolution *resolution);
/* Hard constraints on or off (off by default); fails with PL_ERROR_UNSUPPORTED when the
 * problem has no transform. Changes the active term list. */
gboolean            pl_problem_set_hard_constraints (PlProblem     *problem,
                                                     gboolean       hard,
                                                     GError       **error);

/* --- accessors ------------------------------------------------------------------------- */

/* The current definition (parameter values included), owned by the problem. */
const PlProblemDef *pl_problem_get_def        (const PlProblem     *problem);
const char         *pl_problem_get_name       (const PlProblem     *problem);
guint               pl_problem_get_n_inputs   (const PlProblem     *problem);
const char         *pl_problem_get_axes       (const PlProblem     *problem);
guint               pl_problem_get_n_outputs  (const PlProblem     *problem);
const char         *pl_problem_get_output_name (const PlProblem    *problem,
                                                guint               output);
/* lower[j], upper[j] for each axis j < n_inputs. */
void                pl_problem_get_bounds     (const PlProblem     *problem,
                                               double              *lower,
                                               double              *upper);
guint               pl_problem_get_n_params   (const PlProblem     *problem);
const char         *pl_problem_get_param_name (const PlProblem     *problem,
                                               guint                index);
double              pl_problem_get_param_value (const PlProblem    *problem,
                                                guint               index);
/* The index of parameter @name, or -1. */
gint                pl_problem_find_param     (const PlProblem     *problem,
                                               const char          *name);
/* The jets the problem needs: derivative order and third axis from the derivatives its
 * equations use (at least order 1), axes named like the problem's. */
const PlJetSpec    *pl_problem_get_jet_spec   (const PlProblem     *problem);
gboolean            pl_problem_has_exact      (const PlProblem     *problem);
/* The reference solver's name, or NULL for closed forms (or no exact solution). */
const char         *pl_problem_get_reference  (const PlProblem     *problem);
gboolean            pl_problem_has_transform  (const PlProblem     *problem);
gboolean            pl_problem_get_hard_constraints (const PlProblem *problem);
/* Points per axis of the evaluation grid. */
guint               pl_problem_get_eval_points (const PlProblem    *problem);

/* Terms: the ACTIVE ones (all, or those not satisfied by the transform when it is on),
 * indexed 0 .. n_terms - 1. */
guint               pl_problem_get_n_terms    (const PlProblem     *problem);
const char         *pl_problem_term_name      (const PlProblem     *problem,
                                               guint                term);
PlTermKind          pl_problem_term_kind      (const PlProblem     *problem,
                                               guint                term);
double              pl_problem_term_weight    (const PlProblem     *problem,
                                               guint                term);
guint               pl_problem_term_default_points (const PlProblem *problem,
                                                    guint           term);
guint               pl_problem_term_n_equations (const PlProblem   *problem,
                                                 guint              term);
/* The face of a boundary, initial or periodic term: its axis and (not periodic) side.
 * FALSE for interior terms. */
gboolean            pl_problem_term_face      (const PlProblem     *problem,
                                               guint                term,
                                               guint               *axis,
                                               gboolean            *upper);
/* The active index of term @name, or -1. */
gint                pl_problem_find_term      (const PlProblem     *problem,
                                               const char          *name);

/* --- sampling -------------------------------------------------------------------------- */

/* How many points pl_problem_sample () writes for a request of @n: n (GRID: the product of
 * pl_sampler_grid_shape (<= n) over the term's free axes), and twice that for periodic terms
 * (pairs). A face of a one-axis problem is a single point, repeated n times. */
gsize               pl_problem_term_points    (const PlProblem     *problem,
                                               guint                term,
                                               PlSamplerKind        kind,
                                               gsize                n);
/* Points of @term into x[j * N + p], N = pl_problem_term_points (): interior terms sample the
 * box, boundary and initial terms the face with its fixed coordinate set exactly to the bound,
 * periodic terms the face pairs described above. @rng may be NULL only for GRID. */
gboolean            pl_problem_sample         (const PlProblem     *problem,
                                               guint                term,
                                               PlSamplerKind        kind,
                                               gsize                n,
                                               PlRng               *rng,
                                               double              *x,
                                               GError             **error);
/* The evaluation grid: n points per axis (0: the problem's default), endpoints included,
 * axis 0 fastest; pl_problem_eval_grid_size () = n^d points. */
gsize               pl_problem_eval_grid_size (const PlProblem     *problem,
                                               guint                n);
void                pl_problem_eval_grid      (const PlProblem     *problem,
                                               guint                n,
                                               double              *x);

/* --- per-step evaluation (no allocation) ----------------------------------------------- */

/* r[q * B_r + b] = e_q at the B points x with the jets @u_jets [m][K][B] of the (transformed)
 * outputs; B_r = B, or B / 2 for periodic terms (B even). */
void                pl_problem_residual       (PlProblem           *problem,
                                               guint                term,
                                               const double        *x,
                                               const double        *u_jets,
                                               gsize                B,
                                               double              *r);
/* The reverse of pl_problem_residual (): ADDS to u_adjoint [m][K][B]
 *   u_adjoint[o][k][b] += sum_q r_adjoint[q][b] de_q/du_{o,k}
 * (periodic: + at point i, - at point n + i, from r_adjoint[q][i]). */
void                pl_problem_residual_adjoint (PlProblem         *problem,
                                                 guint              term,
                                                 const double      *x,
                                                 const double      *u_jets,
                                                 gsize              B,
                                                 const double      *r_adjoint,
                                                 double            *u_adjoint);
/* Whether the transform is applied: the problem has one and hard constraints are on. */
gboolean            pl_problem_transform_active (const PlProblem   *problem);
/* u = A + B N on jets (pl_jet_mul then pl_jet_axpy with the jets of A and B at x), per output;
 * outputs without a transform, and every output when it is not active, are copied.
 * @u_jets may be @n_jets. */
void                pl_problem_transform      (PlProblem           *problem,
                                               const double        *x,
                                               gsize                B,
                                               const double        *n_jets,
                                               double              *u_jets);
/* The reverse: ADDS (dU/dN)^T u_adjoint to n_adjoint (pl_jet_mul_adjoint with the jets of B;
 * plain addition when not active). @n_adjoint must not alias @u_adjoint. */
void                pl_problem_transform_adjoint (PlProblem        *problem,
                                                  const double     *x,
                                                  gsize             B,
                                                  const double     *u_adjoint,
                                                  double           *n_adjoint);

/* --- exact and reference solutions ----------------------------------------------------- */

/* u[o * n + p], the exact or reference solution at the n points x[j * n + p]. The first call
 * on a reference problem computes and caches the reference. Fails with PL_ERROR_UNSUPPORTED
 * when the problem has none, PL_ERROR_INVALID_ARGUMENT for points the reference does not
 * cover (outside the time span), or the solver's own error. */
gboolean            pl_problem_exact          (PlProblem           *problem,
                                               const double        *x,
                                               gsize                n,
                                               double              *u,
                                               GError             **error);

/* --- names ----------------------------------------------------------------------------- */

const char         *pl_term_kind_to_string    (PlTermKind           kind);
gboolean            pl_term_kind_from_string  (const char          *name,
                                               PlTermKind          *kind,
                                               GError             **error);
const char         *pl_sampler_kind_to_string (PlSamplerKind        kind);
gboolean            pl_sampler_kind_from_string (const char        *name,
                                                 PlSamplerKind     *kind,
                                                 GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlProblem, pl_problem_free)

G_END_DECLS
