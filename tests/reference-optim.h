/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * reference-optim.h: test problems for the optimisers with known minimisers (Rosenbrock,
 * quadratics built from a chosen spectrum) and a dense linear solve, written for clarity,
 * sharing nothing with the code under test; and checked optimiser calls for the tests.
 */
#pragma once

#include "reference.h"

G_BEGIN_DECLS

/* Extended Rosenbrock (More, Garbow & Hillstrom 1981, problem 21) in n (even) variables,
 * GSIZE_TO_POINTER (n) as user data; minimum 0 at (1, ..., 1). A PlObjectiveFunc. */
double ref_rosenbrock      (const double  *x,
                            double        *grad,
                            gpointer       user_data);

/* f = 1/2 (x - xstar)^T A (x - xstar) with A = Q diag(eig) Q^T, Q orthogonal from Gram-Schmidt
 * on a Gaussian matrix, and a random xstar: the minimiser and the Hessian are known exactly. */
typedef struct {
  gsize   n;
  double *a;     /* n x n, row-major */
  double *xstar;
} RefQuadratic;

RefQuadratic *ref_quadratic_new  (gsize          n,
                                  const double  *eig,
                                  PlRng         *rng);
void          ref_quadratic_free (RefQuadratic  *q);
/* A PlObjectiveFunc with the RefQuadratic as user data. */
double        ref_quadratic      (const double  *x,
                                  double        *grad,
                                  gpointer       user_data);

/* Solve the dense n x n system M z = r by Gaussian elimination with partial pivoting
 * (M and r are overwritten). */
void          ref_solve          (gsize          n,
                                  double        *m,
                                  double        *r,
                                  double        *z);

/* pl_optimizer_new and pl_optimizer_step, asserting they succeed. */
PlOptimizer  *ref_optimizer_new  (const PlOptimizerConfig *cfg,
                                  gsize                    n);
void          ref_optimizer_step (PlOptimizer             *opt,
                                  double                  *x,
                                  const double            *g);

G_END_DECLS
