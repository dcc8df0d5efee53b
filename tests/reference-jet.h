/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * reference-jet.h: independent oracles for the jet, MLP and problem tests: activations
 * straight from libm (no shared code with pl_activation_eval), nested central differences, and
 * Fornberg's finite-difference weights for the jets of problems' exact solutions.
 */
#pragma once

#include <plateau/plateau.h>

G_BEGIN_DECLS

/* f(x) for an activation, from its textbook definition with libm. */
double ref_activation     (PlActivation  act,
                           double        x);

typedef double (*RefScalarFn) (const double *p,
                               gpointer      data);

/* d^|alpha| g / dp^alpha at @p (d coordinates) by nested central differences with step @h:
 * D_i g = (g(p + h e_i) - g(p - h e_i)) / 2h applied alpha_i times along each i. The error is
 * O(h^2) in the derivative of order |alpha| + 2 plus O(eps |g| / h^|alpha|) from rounding. */
double ref_nested_diff    (RefScalarFn   g,
                           gpointer      data,
                           const double *p,
                           guint         d,
                           const guint  *alpha,
                           double        h);

/* The same with one Richardson step, (4 D(h/2) - D(h)) / 3: central differences have an error
 * expansion in even powers of h, so this cancels the h^2 term and leaves O(h^4), which lets
 * the steps stay large enough for rounding not to matter at second and third order. */
double ref_nested_diff_richardson (RefScalarFn   g,
                                   gpointer      data,
                                   const double *p,
                                   guint         d,
                                   const guint  *alpha,
                                   double        h);

/* v[i] uniform in [-1, 1). */
void   ref_random_fill          (PlRng         *rng,
                                 gsize          n,
                                 double        *v);

/* A test field with closed-form partial derivatives of every order in P = (x, y, t):
 *   u = sin(x + 2y) e^{0.3 t} + 0.5 x y t + 0.1 x^3,
 * using d^a_x d^b_y d^c_t sin(x + 2y) e^{0.3t} = 2^b 0.3^c sin(x + 2y + (a + b) pi/2) e^{0.3t}.
 * Returns the derivative with multi-index A = (a, b, c) at P. */
double ref_field_partial        (const guint   *A,
                                 const double  *P);
/* A spec with d inputs works on (x), (x, t) or (x, y, t) of the field, the other coordinates
 * fixed at x = 0.4, y = 0.3, t = 0.7: p (d coordinates) to P, and a multi-index over the d
 * inputs to one over (x, y, t). */
void   ref_field_embed          (guint          d,
                                 const double  *p,
                                 double        *P);
void   ref_field_embed_alpha    (guint          d,
                                 const guint   *alpha,
                                 guint         *A);

/* Nodes per axis of the Chebyshev windows of ref_problem_exact_jets. */
#define REF_FD_NODES 12

/* Fornberg (1988, Math. Comp. 51:699; SIAM Rev. 40:685, 1998): c[i * (M + 1) + k] is the
 * weight of f(x_i) in the k-th derivative at z, for k <= M, from n arbitrary nodes. */
void   ref_fornberg             (double         z,
                                 const double  *x,
                                 guint          n,
                                 guint          M,
                                 double        *c);
/* Jets [m][K][P] of the exact solution of @problem at the P points x[j * P + p]: per axis,
 * REF_FD_NODES Chebyshev nodes in a window of half-width w[j] inside the box around the point,
 * differentiated with ref_fornberg weights one axis at a time. */
void   ref_problem_exact_jets   (PlProblem     *problem,
                                 const double  *x,
                                 gsize          P,
                                 const double  *w,
                                 double        *jets);

/* Fourth-order central differences of the samples f(-2h), f(-h), f(0), f(h), f(2h): the first
 * and the second derivative at 0. */
double ref_central5_d1          (const double  *f,
                                 double         h);
double ref_central5_d2          (const double  *f,
                                 double         h);

G_END_DECLS
