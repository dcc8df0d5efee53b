/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-sampler.h: collocation points in a box [lower_0, upper_0] x ... (1 to 3 dimensions):
 * grids, uniform random, Latin hypercube, Sobol, and residual-based adaptive refinement.
 *
 * Layout: dimension-major, batch innermost: coordinate d of point i is points[d * n + i], so
 * points + d * n is the contiguous array of the d-th coordinate that the models take as input.
 *
 * Every sampler validates its arguments (n == 0, dim outside 1..PL_SAMPLER_MAX_DIM, a bound
 * that is not finite or upper <= lower) and fails with PL_ERROR_INVALID_ARGUMENT naming the
 * value. Random samplers take the caller's PlRng and advance it; the same seed gives the same
 * points on every machine.
 *
 * Who calls this: the problem library and the training loop (collocation and boundary points),
 * analysis code, tests.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"

G_BEGIN_DECLS

#define PL_SAMPLER_MAX_DIM 3

/* Validate a box: 1 <= dim <= PL_SAMPLER_MAX_DIM, finite bounds, lower[d] < upper[d]. */
gboolean pl_sampler_check_box       (guint          dim,
                                     const double  *lower,
                                     const double  *upper,
                                     GError       **error);

/* Split a budget of n_total grid points over the dimensions in proportion to the side lengths
 * (equal spacing as far as integers allow), never exceeding n_total and with at least one
 * point per dimension: n_per_dim[d] ~ L_d (n_total / prod L)^(1/dim), then points are added
 * one at a time to the dimension with the widest spacing while the product stays <= n_total.
 * Returns the product (the number of points pl_sampler_grid will write), 0 on error. */
gsize    pl_sampler_grid_shape      (guint          dim,
                                     const double  *lower,
                                     const double  *upper,
                                     gsize          n_total,
                                     guint         *n_per_dim,
                                     GError       **error);

/* A tensor grid with n_per_dim[d] points in dimension d, endpoints included
 * (lower + (upper - lower) i / (n_d - 1)); a dimension with one point gets the midpoint.
 * Point p = i_0 + n_0 (i_1 + n_1 i_2) (dimension 0 varies fastest); n = prod n_per_dim. */
gboolean pl_sampler_grid            (guint          dim,
                                     const double  *lower,
                                     const double  *upper,
                                     const guint   *n_per_dim,
                                     double        *points,
                                     GError       **error);

/* n independent points, uniform in the box: lower + (upper - lower) U, U ~ U[0, 1). */
gboolean pl_sampler_uniform         (guint          dim,
                                     const double  *lower,
                                     const double  *upper,
                                     gsize          n,
                                     PlRng         *rng,
                                     double        *points,
                                     GError       **error);

/* Latin hypercube (McKay, Beckman & Conover 1979): in every dimension the n strata
 * [lower + (upper - lower) j / n, lower + (upper - lower) (j + 1) / n) hold exactly one point.
 * Per dimension a uniformly random permutation pi (Fisher-Yates) and
 * x_i = lower + (upper - lower) (pi(i) + U_i) / n. */
gboolean pl_sampler_latin_hypercube (guint          dim,
                                     const double  *lower,
                                     const double  *upper,
                                     gsize          n,
                                     PlRng         *rng,
                                     double        *points,
                                     GError       **error);

/* Points skip, skip + 1, ..., skip + n - 1 of the Sobol sequence (Sobol 1967) in Gray-code
 * order (Antonov & Saleev 1979) with 52-bit direction numbers; dimension 1 is the van der
 * Corput sequence, dimensions 2 and 3 use the direction numbers of Joe & Kuo (2008,
 * "new-joe-kuo-6.21201": s = 1, a = 0, m = 1 and s = 2, a = 1, m = 1, 3).
 *
 * With @rng NULL the points are the plain sequence: 0, 1/2, 3/4, 1/4, 3/8, 7/8, ... in
 * dimension 1. Its point 0 is the lower corner of the box, which is usually also a boundary
 * point; pass skip = 1 to leave it out. (Skipping breaks the balance of the first 2^m points,
 * which matters for quadrature, not for collocation.)
 * With an @rng, one random 52-bit digital shift per dimension is XORed into every point
 * (a random digital shift, e.g. Dick & Pillichshammer, "Digital Nets and Sequences", 2010):
 * each point is then uniform in the box and the net structure is kept.
 * skip + n must not exceed 2^52. */
gboolean pl_sampler_sobol           (guint          dim,
                                     const double  *lower,
                                     const double  *upper,
                                     gsize          n,
                                     guint64        skip,
                                     PlRng         *rng,
                                     double        *points,
                                     GError       **error);

/* Residual-based adaptive distribution (RAD / RAR-D, Wu, Zhu, Tan, Kartha & Lu 2023, Comput.
 * Methods Appl. Mech. Engrg. 403:115671): from n_candidates candidate points
 * (layout [dim][n_candidates]) with residuals r_i, draw n_select distinct points, each draw
 * with probability proportional to
 *
 *   p_i ~ |r_i|^k1 / mean_j |r_j|^k1 + k2,
 *
 * without replacement (as the authors' code does), by the exponential-key method of Efraimidis
 * & Spirakis (2006), which is the same as drawing one at a time and removing it. If every
 * |r_i|^k1 is zero the first term is dropped (uniform draw). k1 = 0 is uniform sampling; large
 * k2 tends to uniform. Writes the points ([dim][n_select], in draw order) and, if @indices is
 * not NULL, their candidate indices.
 * Errors: PL_ERROR_INVALID_ARGUMENT for dim out of range, n_candidates == 0, n_select == 0 or
 * > n_candidates, k1 or k2 negative or not finite; PL_ERROR_NUMERIC for a non-finite
 * residual (naming its index). */
gboolean pl_sampler_rard            (guint          dim,
                                     gsize          n_candidates,
                                     const double  *candidates,
                                     const double  *residuals,
                                     double         k1,
                                     double         k2,
                                     gsize          n_select,
                                     PlRng         *rng,
                                     double        *points,
                                     gsize         *indices,
                                     GError       **error);

G_END_DECLS
