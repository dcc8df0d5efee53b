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
  guint     n_layers;
  guint    *widths;     /* copy of the MLP's, to check a workspace is used with its MLP */
  double   *block;      /* one aligned allocation holding every array below */
  double   *input;      /* widths[0] x K x B: the input jets of the last forward pass */
  double  **pre;        /* hidden layer l: z_l jets, widths[l + 1] x K x B */
  double  **post;       /* hidden layer l: a_l = f(z_l) jets */
  double  **derivs;     /* hidden layer l: f^(m)(z_l value), (max_order + 2) x widths x B */
  double   *adj_a;      /* backward scratch: adjoint of an activated layer */
  double   *adj_z;      /* backward scratch: adjoint of a pre-activation layer */
};

G_END_DECLS
