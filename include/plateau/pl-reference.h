/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-reference.h: reference solutions of the benchmark PDEs that have no elementary closed form
 * (viscous Burgers, Allen-Cahn), the KdV soliton, and the Gauss-Hermite rule behind Burgers.
 *
 * Plain arrays in and out: every evaluator takes n points as separate x[] and t[] arrays and
 * writes u[]. The problem library builds its exact-solution callbacks on these; the training
 * code measures the relative L2 error against them.
 *
 * Who calls this: the problem library (pl-problem), the CLI and GUI for reference fields, tests.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"

G_BEGIN_DECLS

/* ---- Gauss-Hermite quadrature ------------------------------------------------------------ */

#define PL_GAUSS_HERMITE_MAX_NODES 512

/* The n-point Gauss-Hermite rule, int f(z) exp(-z^2) dz ~ sum_i w_i f(z_i), exact for
 * polynomials of degree <= 2n - 1. Nodes come from the eigenvalues of the Jacobi matrix
 * (Golub & Welsch 1969, via LAPACK dstev), polished by Newton's method on the three-term
 * recurrence of the orthonormal Hermite functions; the weights are w_i = 1 / (n p_{n-1}(z_i)^2)
 * with p_j the orthonormal Hermite polynomials. Nodes ascend and are exactly symmetric.
 * For large n the outer weights underflow (w ~ exp(-z^2), z up to ~sqrt(2n)); @log_weights
 * holds log w_i to full accuracy regardless. @weights and @log_weights may be NULL.
 * Fails with PL_ERROR_INVALID_ARGUMENT for n = 0 or n > PL_GAUSS_HERMITE_MAX_NODES. */
gboolean pl_gauss_hermite       (guint                n,
                                 double              *nodes,
                                 double              *weights,
                                 double              *log_weights,
                                 GError             **error);

/* ---- Viscous Burgers (Cole-Hopf) --------------------------------------------------------- */

/* u_t + u u_x = nu u_xx, u(x, 0) = -sin(pi x), u(+-1, t) = 0 on x in [-1, 1]: the benchmark of
 * Raissi, Perdikaris & Karniadakis (2019) with nu = 0.01 / pi. The Cole-Hopf transformation
 * gives (Basdevant et al. 1986, Computers & Fluids 14:23)
 *
 *   u(x, t) = - int sin(pi (x - eta)) f(x - eta) exp(-eta^2 / (4 nu t)) d eta
 *               / int f(x - eta) exp(-eta^2 / (4 nu t)) d eta,
 *   f(y) = exp(-cos(pi y) / (2 pi nu)),
 *
 * evaluated with eta = sqrt(4 nu t) z by an n-node Gauss-Hermite rule, the largest exponent
 * factored out of both sums so that nothing overflows for small nu. The formula solves the
 * problem on the whole line with the odd, 2-periodic initial data, so u(+-1, t) = 0 holds
 * automatically and any finite x is accepted. At t = 0 it returns -sin(pi x) exactly. */
#define PL_BURGERS_DEFAULT_NU    (0.01 / G_PI)
#define PL_BURGERS_DEFAULT_NODES 200

struct _PlBurgersRef {
  double  nu;
  guint   n_nodes;
  double *nodes;       /* Gauss-Hermite nodes z_i */
  double *log_weights; /* log w_i */
};

/* n_nodes = 0 picks PL_BURGERS_DEFAULT_NODES. Measured on x in [-1, 1], t in (0, 1]: for
 * nu = 0.01 / pi and 0.003 / pi the default rule agrees with the 512-node one to 4e-15, shock
 * included (100 nodes already do for nu = 0.01 / pi); nu = 0.001 / pi needs 512 nodes. A
 * larger t / nu pushes the peak of the integrand out to |z| ~ sqrt(t / (4 nu)), past the last
 * node (|z| < sqrt(2 n)); pl_burgers_ref_eval() detects this from the weight left at the
 * outermost nodes and fails instead of returning a truncated value. Fails with
 * PL_ERROR_INVALID_ARGUMENT for nu <= 0 or n_nodes > PL_GAUSS_HERMITE_MAX_NODES. */
PlBurgersRef   *pl_burgers_ref_new        (double                   nu,
                                           guint                    n_nodes,
                                           GError                 **error);
void            pl_burgers_ref_free       (PlBurgersRef            *ref);
/* u[p] = u(x[p], t[p]) for p < n. Fails with PL_ERROR_INVALID_ARGUMENT (naming the point) for
 * a non-finite x or a t that is negative or not finite, and with PL_ERROR_UNSUPPORTED (naming
 * the point) where the rule is too short to resolve the integrals (see above). */
gboolean        pl_burgers_ref_eval       (const PlBurgersRef      *ref,
                                           gsize                    n,
                                           const double            *x,
                                           const double            *t,
                                           double                  *u,
                                           GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlBurgersRef, pl_burgers_ref_free)

/* ---- Allen-Cahn (Fourier pseudo-spectral, ETDRK4) ------------------------------------------ */

/* u_t = eps u_xx + gamma (u - u^3) on x in [-1, 1] with periodic boundary conditions and
 * u(x, 0) = x^2 cos(pi x): Raissi et al. (2019) with eps = 1e-4, gamma = 5.
 *
 * Solved on N equispaced points x_j = -1 + 2 j / N by a Fourier pseudo-spectral method (FFTW)
 * with the exponential time differencing Runge-Kutta scheme ETDRK4 of Cox & Matthews (2002),
 * its phi-functions evaluated by the contour integrals of Kassam & Trefethen (2005, SIAM J. Sci.
 * Comput. 26:1214; 32 points on a circle of radius 1 around each eigenvalue L h). The linear
 * part L = -eps k^2 is diagonal in Fourier space and treated exactly; N(u) = gamma (u - u^3) is
 * evaluated on the grid without dealiasing. Steps are the largest h <= dt that divide the
 * snapshot spacing, so the snapshots fall on steps.
 *
 * Resolution: fronts (tanh profiles, at most sqrt(2 eps / gamma) = 0.0063 wide for the
 * defaults) form near x = +-0.5, and the initial data has a kink at x = +-1 (its slope jumps
 * from -2 to 2 across the periodic boundary) that diffusion only smooths over sqrt(eps t).
 * Measured for the defaults against N = 1024 (test-reference.c): up to 6e-4 near x = +-1 at
 * the first snapshots, 4e-7 elsewhere at every t; at t = 1, 1.4e-6 at the fronts and 2e-8 away
 * from them. Trigonometric interpolation between grid points adds up to 1.3e-5 at the fronts
 * at t = 1; cubic interpolation between snapshots 1e-8. The time error of dt = 1e-4 is below
 * 1e-10 (ETDRK4 is fourth order). Raise n_points for more. */
typedef struct {
  double eps;      /* diffusion coefficient, > 0 (default 1e-4) */
  double gamma;    /* reaction rate, >= 0 (default 5) */
  guint  n_points; /* N, even, 16 <= N <= 65536 (default 512) */
  double t_end;    /* last time, > 0 (default 1) */
  guint  n_times;  /* snapshots at t_k = k t_end / (n_times - 1), 2 <= n_times (default 201) */
  double dt;       /* largest time step, > 0 (default 1e-4) */
} PlAllenCahnParams;

struct _PlAllenCahnRef {
  PlAllenCahnParams params;
  double *x;       /* n_points grid points x_j = -1 + 2 j / N */
  double *t;       /* n_times snapshot times */
  double *u;       /* n_times * n_points, u[k * n_points + j] = u(x_j, t_k) (x innermost) */
  double *coef_re; /* n_times * (N/2 + 1) discrete Fourier coefficients / N of each snapshot */
  double *coef_im;
};

void            pl_allen_cahn_params_init (PlAllenCahnParams       *params);
/* Solve up to t_end and keep the snapshots. Fails with PL_ERROR_INVALID_ARGUMENT for parameters
 * out of range (named), PL_ERROR_NO_MEMORY when the snapshots do not fit, PL_ERROR_NUMERIC if
 * the solution stops being finite. Costs about 10 N log N per step. */
PlAllenCahnRef *pl_allen_cahn_ref_new     (const PlAllenCahnParams *params,
                                           GError                 **error);
void            pl_allen_cahn_ref_free    (PlAllenCahnRef          *ref);
/* u[p] ~ u(x[p], t[p]) at arbitrary points: the trigonometric interpolant of the snapshots in x
 * (exact at grid points; x is taken modulo 2), cubic Lagrange interpolation between the four
 * nearest snapshots in t (exact at snapshot times). At t = 0 the initial condition itself is
 * returned. Fails with PL_ERROR_INVALID_ARGUMENT for non-finite x or t outside [0, t_end]. */
gboolean        pl_allen_cahn_ref_eval    (const PlAllenCahnRef    *ref,
                                           gsize                    n,
                                           const double            *x,
                                           const double            *t,
                                           double                  *u,
                                           GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlAllenCahnRef, pl_allen_cahn_ref_free)

/* ---- KdV soliton --------------------------------------------------------------------------- */

/* The single soliton of u_t + 6 u u_x + u_xxx = 0 (Korteweg & de Vries 1895; e.g. Drazin &
 * Johnson, "Solitons", 1989, Sec. 1.4):
 *
 *   u(x, t) = (c / 2) sech^2 (sqrt(c) / 2 (x - c t - x0)),
 *
 * a hump of height c/2 moving right with speed c. Fails with PL_ERROR_INVALID_ARGUMENT for
 * c <= 0 or non-finite c, x0. */
gboolean        pl_kdv_soliton            (double                   c,
                                           double                   x0,
                                           gsize                    n,
                                           const double            *x,
                                           const double            *t,
                                           double                  *u,
                                           GError                 **error);

G_END_DECLS
