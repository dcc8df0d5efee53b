/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-circuit-private.h: helpers shared by the pl-circuit*.c files.
 */
#pragma once

#include "pl-circuit.h"

G_BEGIN_DECLS

gboolean _pl_circuit_source_is_shared (const PlAngleSource *src,
                                       const PlCircuitArgs *args);
/* Apply op i (or its inverse) with angles evaluated into angle_buf (3 * batch doubles). */
void     _pl_circuit_apply_op         (const PlCircuit     *circuit,
                                       gsize                i,
                                       const PlCircuitArgs *args,
                                       double              *angle_buf,
                                       PlState             *state,
                                       gboolean             inverse);

G_END_DECLS
