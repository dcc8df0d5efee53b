/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-model-private.h: the model structure shared by pl-model.c and pl-model-pass.c.
 */
#pragma once

#include "pl-model.h"

G_BEGIN_DECLS

struct _PlModel {
  PlModelConfig  cfg;
  PlCircuit     *circuit;
  guint          n_obs;
  PlObservable **obs;
  PlMlp         *trunk;    /* classical: the whole MLP; hybrid shared: the trunk */
  PlMlp         *head_m;
  PlMlp         *head_a;
  PlMlp         *pre;      /* serial: x -> encoding angles */
  PlMlp         *readout;  /* <O> -> q */
  PlBlockRange   blocks[PL_N_BLOCKS];
  gsize          n_params;
};

G_END_DECLS
