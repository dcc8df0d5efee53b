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
  /* input features of the classical networks (pl-model.h): n_raw coordinates raw_axis[],
   * then n_wave sinusoids sin(wave_freq[r * d ..] . x + wave_phase[r]) */
  guint          n_features;
  guint          n_raw;
  guint          raw_axis[PL_JET_MAX_INPUTS];
  guint          n_wave;
  double        *wave_freq;
  double        *wave_phase;
  gsize          n_params;
};

G_END_DECLS
