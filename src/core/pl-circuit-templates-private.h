/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-circuit-templates-private.h: the op builder shared by the template files
 * (pl-circuit-templates.c and pl-circuit-sim.c).
 */
#pragma once

#include "pl-circuit.h"

G_BEGIN_DECLS

/* Appends ops to a circuit, remembering the first failure so the template builders read as
 * plain gate lists; once an error is set every further call is a no-op. */
typedef struct {
  PlCircuit *circuit;
  guint      layer;
  PlRng      rng;
  GError    *error;
} Builder;

static inline void
add_op (Builder             *b,
        PlGate               gate,
        guint                w0,
        guint                w1,
        const PlAngleSource *sources)
{
  guint wires[2] = { w0, w1 };

  if (b->error != NULL)
    return;
  if (pl_circuit_append (b->circuit, gate, wires, sources, &b->error))
    b->circuit->ops[b->circuit->n_ops - 1].layer = b->layer;
}

static inline void
add_fixed (Builder *b,
           PlGate   gate,
           guint    w0,
           guint    w1,
           double   angle)
{
  PlAngleSource src[PL_GATE_MAX_PARAMS];

  for (guint k = 0; k < PL_GATE_MAX_PARAMS; k++)
    src[k] = pl_source_fixed (angle);
  add_op (b, gate, w0, w1, src);
}

/* A gate with a fresh trainable parameter per angle (none for CNOT, CZ, H, ...). */
static inline void
add_gate (Builder *b,
          PlGate   gate,
          guint    w0,
          guint    w1)
{
  guint wires[2] = { w0, w1 };

  if (b->error != NULL)
    return;
  if (pl_gate_info (gate)->n_params == 0)
    {
      add_fixed (b, gate, w0, w1, 0.0);
      return;
    }
  if (pl_circuit_append_trainable (b->circuit, gate, wires, &b->error))
    b->circuit->ops[b->circuit->n_ops - 1].layer = b->layer;
}

/* angle = scale * p[index] */
static inline void
add_scaled (Builder *b,
            PlGate   gate,
            guint    w0,
            guint    w1,
            guint    index,
            double   scale)
{
  PlAngleSource src[PL_GATE_MAX_PARAMS];

  for (guint k = 0; k < PL_GATE_MAX_PARAMS; k++)
    src[k] = pl_source_param (index, scale);
  add_op (b, gate, w0, w1, src);
}

static inline void
on_every_qubit (Builder *b,
                PlGate   gate,
                guint    n)
{
  for (guint q = 0; q < n; q++)
    add_gate (b, gate, q, 0);
}

/* One layer of circuit @which (1..19) of Sim et al. 2019 on @n qubits (pl-circuit-sim.c). */
void _pl_template_sim_layer (Builder *b,
                             guint    which,
                             guint    n);

G_END_DECLS
