/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-mlp-private.h: the MLP workspace shared by pl-mlp.c (sizing) and pl-mlp-pass.c (passes).
 */
#pragma once

#include "pl-mlp.h"

G_BEGIN_DECLS

struct _PlMlpWork {
  PlJetSpec spec;
  gsize     batch;
  PlMlpArch arch;       /* these three copy the MLP's, to check a workspace is used with it */
  gboolean  headless;
  guint     n_layers;
  guint    *widths;
  double   *block;      /* one aligned allocation holding every array below */
  double   *input;      /* widths[0] x K x B: the input jets of the last forward pass */
  double  **pre;        /* hidden layer l: z_l jets, widths[l + 1] x K x B */
  double  **post;       /* hidden layer l: a_l = f(z_l) jets (not for a plain headless top,
                         * whose a_L is the output) */
  double  **derivs;     /* hidden layer l: f^(m)(z_l value), (max_order + 2) x widths x B */
  double  **gated;      /* modified, hidden layer l below the top: h_l jets */
  double   *enc_pre[2]; /* modified: W_u x + b_u and W_v x + b_v jets, h x K x B */
  double   *enc_derivs[2];  /* modified: f^(m) of their values, as derivs */
  double   *enc_v;      /* modified: V jets */
  double   *diff;       /* modified: U - V jets */
  double   *adj_h;      /* backward scratch: adjoint of a layer's output h_l (a_l when plain) */
  double   *adj_a;      /* modified, backward scratch: adjoint of a_l */
  double   *adj_z;      /* backward scratch: adjoint of a pre-activation layer */
  double   *adj_d;      /* modified, backward: adjoint of U - V, summed over the layers */
  double   *adj_v;      /* modified, backward: adjoint of V, summed over the layers */
};

G_END_DECLS
