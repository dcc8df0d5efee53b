/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-mlp.h: the classical multilayer perceptron of a physics-informed network, evaluated on
 * jets (pl-jet.h) with OpenBLAS, and differentiated in reverse mode.
 *
 * Architecture. widths[0] -> widths[1] -> ... -> widths[L], L affine layers
 *   z_l = W_l a_{l-1} + b_l,   a_l = f_l(z_l) for the hidden layers l < L,   output z_L (linear)
 * with a_0 the input. On jets each affine layer is one GEMM over all jet components of all
 * points (the K * B columns of a [width][K][B] jet array), the bias goes into the value
 * component only, and f_l is applied by Faa di Bruno's rule (pl_jet_apply).
 *
 * Modified MLP (PL_MLP_MODIFIED; Wang, Teng & Perdikaris, SIAM J. Sci. Comput. 43(5):A3055,
 * 2021). Two encoders of the input gate every hidden layer, all of one width h:
 *   U = f(W_u x + b_u),   V = f(W_v x + b_v)
 *   z_l = W_l h_{l-1} + b_l,   a_l = f_l(z_l),   h_l = a_l U + (1 - a_l) V = V + a_l (U - V)
 * with h_0 = x, products elementwise, f the first hidden layer's activation (the paper has
 * one activation throughout), and the output z_L = W_L h_{L-1} + b_L. The gate multiplies
 * jets by Leibniz's rule (pl_jet_mul); the encoders are one GEMM each, like the layers.
 * A headless MLP (either architecture) treats its last layer as hidden too and outputs its
 * h_L (a_L when plain): the trunk of a model whose linear heads read the last hidden layer.
 *
 * Parameters. The MLP does not own its parameters: they live in one contiguous array of
 * mlp->n_params doubles (so a model can hold it as a named block of its parameter vector), in
 * this order:
 *   W_1 (widths[1] x widths[0], row-major), b_1 (widths[1]), W_2, b_2, ..., W_L, b_L
 * and for a modified MLP then W_u (h x widths[0]), b_u (h), W_v, b_v.
 * mlp->w_offset[l - 1] and mlp->b_offset[l - 1] say where W_l and b_l start,
 * mlp->enc_w_offset[e] and mlp->enc_b_offset[e] where those of U (e = 0) and V (e = 1) do.
 *
 * Reverse mode. For a scalar loss L of the output jets, pl_mlp_backward takes
 * G = dL/d(output jets) and, layer by layer from the top,
 *   dZ_l = G (output layer) or the jet adjoint of f_l applied to dA_l (pl_jet_apply_adjoint)
 *   dW_l += dZ_l A_{l-1}^T      (one GEMM; jet components are extra columns)
 *   db_l += sum_b dZ_l[:, value, b]
 *   dA_{l-1} = W_l^T dZ_l       (one GEMM; for l = 1 this is the adjoint of the input jets)
 * so an MLP composes with any other layer that speaks jets (MLP -> circuit, circuit -> MLP).
 * In a modified MLP that GEMM gives dH_{l-1}, the adjoint of h_{l-1}, and the gate
 * h_l = V + a_l D (D = U - V) splits dH_l by the reverse rules of pl-jet.h:
 *   dA_l = (d(a_l D)/da_l)^T dH_l,   dD += (d(a_l D)/dD)^T dH_l,   dV += dH_l
 * with dD and dV summed over the layers; then dU = dD and dV -= dD go back through the
 * encoders like a layer (dW_u, db_u, dW_v, db_v) and ADD W_u^T dZ_u + W_v^T dZ_v to the
 * adjoint of the input jets.
 *
 * Threads. BLAS calls run with whatever thread count the caller set on OpenBLAS
 * (openblas_set_num_threads, or OPENBLAS_NUM_THREADS); nothing here starts threads, so a
 * caller running several models on worker threads should set OpenBLAS to one thread.
 *
 * Who calls this: the hybrid model (pl-model) and tests. Construction validates; the passes
 * trust a workspace made for the same MLP.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"
#include "pl-jet.h"
#include "pl-rng.h"

G_BEGIN_DECLS

/* Largest width of a layer, so that every BLAS dimension fits in an int. */
#define PL_MLP_MAX_WIDTH 65536

typedef enum {
  PL_MLP_PLAIN,     /* the affine layers and activations above */
  PL_MLP_MODIFIED,  /* hidden layers gated by two encoders of the input (above) */
} PlMlpArch;

struct _PlMlp {
  PlMlpArch     arch;
  gboolean      headless;     /* the last layer is hidden too, and its h_L the output */
  guint         n_layers;     /* L, the affine layers (hidden layers + output) */
  guint        *widths;       /* L + 1 entries */
  PlActivation *activations;  /* L entries: hidden layers as given, the output one IDENTITY
                               * (unless headless) */
  gsize        *w_offset;     /* L entries: where W_l starts in the parameter array */
  gsize        *b_offset;     /* L entries: where b_l starts */
  gsize         enc_w_offset[2];  /* modified: where W_u (0) and W_v (1) start */
  gsize         enc_b_offset[2];  /* modified: where b_u and b_v start */
  gsize         n_params;
};

typedef enum {
  PL_MLP_INIT_XAVIER_UNIFORM,  /* U(-r, r), r = sqrt (6 / (fan_in + fan_out)) (Glorot &
                                * Bengio 2010): variance 2 / (fan_in + fan_out) */
  PL_MLP_INIT_XAVIER_NORMAL,   /* N(0, 2 / (fan_in + fan_out)) */
  PL_MLP_INIT_HE_NORMAL,       /* N(0, 2 / fan_in) (He et al. 2015, Kaiming) */
} PlMlpInit;

/* An MLP with @n_widths - 1 layers: widths[0] inputs, widths[n_widths - 1] outputs, and
 * @activations for the n_widths - 2 hidden layers (may be NULL when there are none). Fails
 * with PL_ERROR_INVALID_ARGUMENT for fewer than 2 widths, a width of 0 or above
 * PL_MLP_MAX_WIDTH, or an unknown activation. */
PlMlp      *pl_mlp_new              (guint               n_widths,
                                     const guint        *widths,
                                     const PlActivation *activations,
                                     GError            **error);
/* The same with a choice of architecture, and with @headless the last layer hidden too
 * (@activations then has n_widths - 1 entries). pl_mlp_new is the plain, headed case. A
 * modified MLP needs at least one hidden layer, all of one width, and fails with
 * PL_ERROR_INVALID_ARGUMENT naming the widths otherwise. */
PlMlp      *pl_mlp_new_full         (guint               n_widths,
                                     const guint        *widths,
                                     const PlActivation *activations,
                                     PlMlpArch           arch,
                                     gboolean            headless,
                                     GError            **error);
void        pl_mlp_free             (PlMlp              *mlp);

/* Fill @params (mlp->n_params) with random weights drawn from @rng and zero biases, the
 * encoders of a modified MLP like a layer of widths[0] inputs and h outputs, drawn after the
 * layers (which so draw what a plain MLP of the same widths does). */
void        pl_mlp_init_params      (const PlMlp        *mlp,
                                     PlMlpInit           init,
                                     PlRng              *rng,
                                     double             *params);
/* "xavier-uniform", "xavier-normal", "he-normal". */
const char *pl_mlp_init_to_string   (PlMlpInit           init);
/* Also accepts "glorot-uniform", "glorot-normal" and "kaiming-normal". Fails with
 * PL_ERROR_INVALID_ARGUMENT listing the known names. */
gboolean    pl_mlp_init_from_string (const char         *name,
                                     PlMlpInit          *init,
                                     GError            **error);

/* The cache of one forward pass (pre-activation jets, activated jets and activation
 * derivatives of every hidden layer, a copy of the input jets; for a modified MLP also the
 * gated jets h_l and the encoders' jets and derivatives) and the scratch of the backward
 * pass, sized once for @mlp, @spec and @batch points: the passes never allocate.
 * Fails with PL_ERROR_INVALID_ARGUMENT for batch 0 or a batch so large that a layer's
 * K * batch columns do not fit a BLAS int, and PL_ERROR_NO_MEMORY when it does not fit in
 * memory. One workspace serves one pass at a time (one per thread). */
PlMlpWork  *pl_mlp_work_new         (const PlMlp        *mlp,
                                     const PlJetSpec    *spec,
                                     gsize               batch,
                                     GError            **error);
void        pl_mlp_work_free        (PlMlpWork          *work);
gsize       pl_mlp_work_batch       (const PlMlpWork    *work);
const PlJetSpec *pl_mlp_work_spec   (const PlMlpWork    *work);

/* Output jets [widths[L]][K][B] from input jets [widths[0]][K][B] (e.g. from
 * pl_jet_seed_inputs). Keeps in @work what pl_mlp_backward needs. */
void        pl_mlp_forward          (const PlMlp        *mlp,
                                     const double       *params,
                                     const double       *in,
                                     double             *out,
                                     PlMlpWork          *work);
/* Reverse mode over the last pl_mlp_forward with @work (same @params): ADDS dL/dparams to
 * @grad (mlp->n_params; so several loss terms accumulate) and WRITES the adjoint of the input
 * jets into @in_adjoint ([widths[0]][K][B]; may be NULL when not needed, which saves a GEMM).
 * @out_adjoint is dL/d(output jets), [widths[L]][K][B]. */
void        pl_mlp_backward         (const PlMlp        *mlp,
                                     const double       *params,
                                     PlMlpWork          *work,
                                     const double       *out_adjoint,
                                     double             *grad,
                                     double             *in_adjoint);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlMlp, pl_mlp_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlMlpWork, pl_mlp_work_free)

G_END_DECLS
