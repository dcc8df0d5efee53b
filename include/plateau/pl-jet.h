/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-jet.h: truncated Taylor jets, the representation every layer of a physics-informed network
 * passes forward (values and input derivatives) and backward (their adjoints).
 *
 * A jet of a scalar field u(x_0, ..., x_{d-1}) at one point is the list of the partial
 * derivatives the PDE residual needs. Which ones is fixed by a PlJetSpec: d inputs (1..3), all
 * derivatives of total order <= `order` (0, 1 or 2, mixed ones included) and optionally the
 * third derivative along one axis a (for KdV's u_xxx). The K components are always in this
 * order:
 *
 *   k = 0                      u
 *   k = 1 .. d                 du/dx_i                  i = 0 .. d-1            (order >= 1)
 *   k = d+1 .. d+d(d+1)/2      d2u/dx_i dx_j            i <= j, lexicographic   (order == 2)
 *   k = K-1                    d3u/dx_a^3               if third_axis == a >= 0
 *
 * e.g. d = 3 with axes "xyt", order 2, third axis 0:
 *   u u_x u_y u_t u_xx u_xy u_xt u_yy u_yt u_tt u_xxx          (K = 11)
 *
 * Storage. The jets of a layer of width W over a batch of B points are one plain array of
 * W * K * B doubles laid out [w][k][b], the batch innermost: element (w, k, b) is at
 * jets[(w * K + k) * B + b]. Seen as a W x (K * B) row-major matrix, a linear layer
 * Y = M X is one GEMM whose K * B columns are the jet components of every point (derivatives
 * are linear), with a bias added to the value component only.
 *
 * Rules. Everything else is built from three rules, each with its reverse (adjoint) rule:
 *   - elementwise functions v = f(u), by Faa di Bruno's formula (pl_jet_apply);
 *   - products w = u v, by Leibniz's rule (pl_jet_mul);
 *   - linear combinations, component by component (pl_jet_axpy, pl_jet_scale).
 * A reverse rule takes the adjoint of the result (dL/d out_k for a scalar L, per component and
 * point) and ADDS the adjoints of the operands, so a jet used in several places gathers the
 * sum of its uses; clear adjoint buffers before the first rule that adds to them. The reverse
 * of the linear rules is the same linear operation on the adjoints: for y += alpha x it is
 * xbar += alpha ybar, for x *= alpha it is xbar *= alpha.
 *
 * Activations (tanh, sin, SiLU, GELU, identity) come with closed-form derivatives up to the
 * fourth order, which is what pl_jet_apply and its adjoint need at the highest spec.
 *
 * Who calls this: every layer of the hybrid model (pl-mlp, the circuit layer, couplings) and
 * the problem residuals. The functions are plain loops over plain arrays; they trust their
 * arguments (pl_jet_spec_init is the validating entry point) and never allocate.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"

G_BEGIN_DECLS

#define PL_JET_MAX_INPUTS     3
#define PL_JET_MAX_COMPONENTS 11  /* 1 + 3 + 6 + 1 */
/* Rows f, f', ..., f'''' a derivative table can need (see pl_jet_apply). */
#define PL_JET_MAX_DERIVS     5

/* Filled by pl_jet_spec_init; read-only afterwards. Plain data: copy it by assignment. */
struct _PlJetSpec {
  guint  n_inputs;                       /* d, 1 .. 3 */
  guint  order;                          /* 0, 1 or 2: all derivatives up to this total order */
  gint   third_axis;                     /* -1, or the axis a whose d3/dx_a^3 is also carried */
  guint  max_order;                      /* 3 with a third axis, else order */
  guint  n_components;                   /* K */
  char   axes[PL_JET_MAX_INPUTS + 1];    /* one letter per input, e.g. "xt" */
  /* Component indices, -1 where not carried: first[i] of du/dx_i, second[i][j] (symmetric)
   * of d2u/dx_i dx_j, third of d3u/dx_a^3. */
  gint8  first[PL_JET_MAX_INPUTS];
  gint8  second[PL_JET_MAX_INPUTS][PL_JET_MAX_INPUTS];
  gint8  third;
  guint8 alpha[PL_JET_MAX_COMPONENTS][PL_JET_MAX_INPUTS];  /* multi-index of component k */
  char   names[PL_JET_MAX_COMPONENTS][8];                  /* "u", "u_x", "u_xt", "u_xxx" */
};

/* Set up a spec. @axes names the inputs with distinct lower-case letters, one per input
 * (NULL: "x" for d = 1, "xt" for d = 2, "xyt" for d = 3). A third axis needs order 2, because
 * the third-order rules use the second derivative along that axis. Fails with
 * PL_ERROR_INVALID_ARGUMENT naming the bad value and the allowed range. */
gboolean    pl_jet_spec_init        (PlJetSpec       *spec,
                                     guint            n_inputs,
                                     guint            order,
                                     gint             third_axis,
                                     const char      *axes,
                                     GError         **error);
/* The component holding d^|alpha| u / dx_0^alpha_0 ... dx_{d-1}^alpha_{d-1}, where @alpha has
 * spec->n_inputs entries (e.g. {2, 0, 0} for u_xx), or -1 when the spec does not carry it. */
gint        pl_jet_spec_index       (const PlJetSpec *spec,
                                     const guint     *alpha);
/* The name of component @k ("u", "u_x", "u_xt", "u_xxx"), owned by the spec. */
const char *pl_jet_spec_name        (const PlJetSpec *spec,
                                     guint            k);
/* Parse a component name: "u", or "u_" followed by one axis letter per differentiation, in
 * any order ("u_tx" is u_xt). Fails with PL_ERROR_PARSE for a malformed name and
 * PL_ERROR_INVALID_ARGUMENT for a derivative this spec does not carry, listing what it does. */
gboolean    pl_jet_spec_parse       (const PlJetSpec *spec,
                                     const char      *name,
                                     guint           *k,
                                     GError         **error);

/* W * K * B, the number of doubles of a jet array. */
gsize       pl_jet_size             (const PlJetSpec *spec,
                                     gsize            batch,
                                     gsize            width);

/* The jets of the inputs themselves: x[i * batch + b] (d inputs) becomes jets [d][K][B] with
 * value x_i, dx_i/dx_i = 1 and every other component 0. This is what the first layer eats. */
void        pl_jet_seed_inputs      (const PlJetSpec *spec,
                                     gsize            batch,
                                     const double    *x,
                                     double          *jets);

/* --- rules -------------------------------------------------------------------------- */

/* v = f(u) elementwise, for W jets over B points, by Faa di Bruno's formula (e.g. Comtet,
 * Advanced Combinatorics, 1974, sec. 3.4), with f^(m) evaluated at the value u = u_0:
 *   v       = f(u)
 *   v_i     = f' u_i
 *   v_ij    = f'' u_i u_j + f' u_ij
 *   v_aaa   = f''' u_a^3 + 3 f'' u_a u_aa + f' u_aaa
 * @derivs holds rows m = 0 .. spec->max_order of f^(m)(u_0) for every (w, b):
 * derivs[(m * width + w) * batch + b]; see pl_activation_eval. @out may be @u. */
void        pl_jet_apply            (const PlJetSpec *spec,
                                     gsize            batch,
                                     gsize            width,
                                     const double    *derivs,
                                     const double    *u,
                                     double          *out);
/* The reverse of pl_jet_apply: ubar += J^T g, J the Jacobian of the components of v with
 * respect to those of u and g = @out_adjoint. Differentiating the rules above (the sums over
 * j run over all inputs with g_ij = g_ji),
 *   ubar_0   += f' g_0 + f'' sum_i g_i u_i + sum_{i<=j} g_ij (f''' u_i u_j + f'' u_ij)
 *               + g_aaa (f'''' u_a^3 + 3 f''' u_a u_aa + f'' u_aaa)
 *   ubar_i   += f' g_i + f'' (sum_j g_ij u_j + g_ii u_i)
 *               + [i = a] 3 g_aaa (f''' u_a^2 + f'' u_aa)
 *   ubar_ij  += f' g_ij + [i = j = a] 3 f'' u_a g_aaa
 *   ubar_aaa += f' g_aaa
 * Rows m = 1 .. max_order + 1 of @derivs are read (one more derivative than forward, so
 * evaluate max_order + 2 rows), in the layout of pl_jet_apply. @in_adjoint must not alias
 * @out_adjoint. */
void        pl_jet_apply_adjoint    (const PlJetSpec *spec,
                                     gsize            batch,
                                     gsize            width,
                                     const double    *derivs,
                                     const double    *u,
                                     const double    *out_adjoint,
                                     double          *in_adjoint);

/* w = u v elementwise by Leibniz's rule:
 *   w = u v,   w_i = u_i v + u v_i,   w_ij = u_ij v + u_i v_j + u_j v_i + u v_ij,
 *   w_aaa = u_aaa v + 3 u_aa v_a + 3 u_a v_aa + u v_aaa.
 * @out may be @u or @v (or both, for a square). */
void        pl_jet_mul              (const PlJetSpec *spec,
                                     gsize            batch,
                                     gsize            width,
                                     const double    *u,
                                     const double    *v,
                                     double          *out);
/* The reverse of pl_jet_mul: ubar += (dw/du)^T wbar and vbar += (dw/dv)^T wbar. w is bilinear,
 * so the u part reads only v:
 *   ubar_0 += sum_k g_k v_k,  ubar_i += g_i v + sum_j g_ij v_j + g_ii v_i + [i = a] 3 g_aaa v_aa,
 *   ubar_ij += g_ij v + [i = j = a] 3 g_aaa v_a,  ubar_aaa += g_aaa v
 * (and the same with u and v exchanged). Either adjoint may be NULL (a constant factor) and
 * the two may be the same array (when u and v are). Neither may alias @out_adjoint. */
void        pl_jet_mul_adjoint      (const PlJetSpec *spec,
                                     gsize            batch,
                                     gsize            width,
                                     const double    *u,
                                     const double    *v,
                                     const double    *out_adjoint,
                                     double          *u_adjoint,
                                     double          *v_adjoint);

/* y += alpha x, every component (derivatives are linear). Its reverse is xbar += alpha ybar. */
void        pl_jet_axpy             (const PlJetSpec *spec,
                                     gsize            batch,
                                     gsize            width,
                                     double           alpha,
                                     const double    *x,
                                     double          *y);
/* x *= alpha, every component. Its reverse is xbar *= alpha. (A constant added to a jet
 * changes its value component only.) */
void        pl_jet_scale            (const PlJetSpec *spec,
                                     gsize            batch,
                                     gsize            width,
                                     double           alpha,
                                     double          *x);

/* --- activations -------------------------------------------------------------------- */

typedef enum {
  PL_ACTIVATION_IDENTITY,
  PL_ACTIVATION_TANH,
  PL_ACTIVATION_SIN,
  PL_ACTIVATION_SILU,     /* x sigma(x), sigma(x) = 1 / (1 + e^-x) (Elfwing et al. 2018) */
  PL_ACTIVATION_GELU,     /* x Phi(x), Phi the standard normal CDF, the exact erf form
                           * (Hendrycks & Gimpel 2016) */
  PL_N_ACTIVATIONS
} PlActivation;

/* out[m * stride + i] = f^(m)(x[i]) for i < n and m < n_derivs (n_derivs <= PL_JET_MAX_DERIVS,
 * stride >= n). Closed forms, with t = tanh x, s = sigma(x), c = 1 - s, phi the normal density:
 *   tanh: 1 - t^2, -2 t (1 - t^2), 2 (1 - t^2)(3 t^2 - 1), 8 t (1 - t^2)(2 - 3 t^2)
 *   sin:  cos x, -sin x, -cos x, sin x
 *   SiLU: f^(m) = x sigma^(m) + m sigma^(m-1), with sigma' = s c, sigma'' = s c (c - s),
 *         sigma''' = s c (1 - 6 s c), sigma'''' = s c (c - s)(1 - 12 s c)
 *   GELU: Phi + x phi, phi (2 - x^2), phi (x^3 - 4 x), phi (-x^4 + 7 x^2 - 4)
 * (each follows from the previous one with t' = 1 - t^2, s' = s c, phi' = -x phi). */
void        pl_activation_eval      (PlActivation     act,
                                     gsize            n,
                                     const double    *x,
                                     guint            n_derivs,
                                     gsize            stride,
                                     double          *out);
/* "identity", "tanh", "sin", "silu", "gelu". */
const char *pl_activation_to_string   (PlActivation  act);
/* Case-insensitive; fails with PL_ERROR_INVALID_ARGUMENT listing the known names. */
gboolean    pl_activation_from_string (const char    *name,
                                       PlActivation  *act,
                                       GError       **error);

G_END_DECLS
