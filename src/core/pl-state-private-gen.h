/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-state-private-gen.h: the generators of the one-parameter gates as Pauli data, shared by
 * the adjoint inner products (pl-state-generator.c) and the circuit jet layer (pl-qlayer.c).
 */
#pragma once

#include "pl-state.h"

G_BEGIN_DECLS

/* H = coef * (projector on control bits ctrl = 1) * P, P = i^{popcount(x & z)} X^x Z^z. */
typedef struct {
  guint64 x;
  guint64 z;
  guint64 ctrl;
  double  coef;
} PlGenerator;

gboolean _pl_generator_of (PlGate       gate,
                           const guint *wires,
                           PlGenerator *g);

G_END_DECLS
