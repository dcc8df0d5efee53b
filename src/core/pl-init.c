/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-init.c: parameter initialisations for trainability studies, and the identity-block
 * construction of Grant et al., Quantum 3, 214 (2019).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-scan.h"
#include "pl-error.h"

#include <string.h>

static const char *init_names[] = { "uniform", "small", "identity", "layerwise" };

const char *
pl_init_kind_to_string (PlInitKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (init_names), NULL);
  return init_names[kind];
}

gboolean
pl_init_kind_from_string (const char *name,
                          PlInitKind *kind,
                          GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (init_names); i++)
    if (g_ascii_strcasecmp (name, init_names[i]) == 0)
      {
        *kind = (PlInitKind) i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (name, "identity-block") == 0)
    {
      *kind = PL_INIT_IDENTITY;
      return TRUE;
    }
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "unknown initialisation '%s' (uniform, small, identity, layerwise)", name);
  return FALSE;
}

static PlGate
inverse_fixed_gate (PlGate g)
{
  switch (g)
    {
    case PL_GATE_S:
      return PL_GATE_SDG;
    case PL_GATE_SDG:
      return PL_GATE_S;
    case PL_GATE_T:
      return PL_GATE_TDG;
    case PL_GATE_TDG:
      return PL_GATE_T;
    default:
      return g; /* I, H, X, Y, Z, CNOT, CZ, CY, SWAP are their own inverses */
    }
}

/* The angle slots of the inverse gate: G(a)^-1 = G(-a) for one-angle gates;
 * U3(t, p, l)^-1 = U3(-t, -l, -p); ROT(p, t, o)^-1 = ROT(-o, -t, -p). */
static guint
inverse_slot (PlGate gate,
              guint  k)
{
  if (gate == PL_GATE_U3)
    return k == 0 ? 0 : k == 1 ? 2 : 1;
  if (gate == PL_GATE_ROT)
    return 2 - k;
  return k;
}

PlCircuit *
pl_circuit_identity_blocks (const PlCircuit  *c,
                            gint            **map_out,
                            GError          **error)
{
  g_autoptr(PlCircuit) out = pl_circuit_new (c->n_qubits);
  g_autoptr(GArray) map = g_array_new (FALSE, FALSE, sizeof (gint));
  gsize prefix = 0, i;

  if (c->n_inputs > 0 || c->n_external > 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                           "identity-block initialisation needs a circuit without data "
                           "encoding");
      return NULL;
    }
  /* ops before the first trainable one (state preparation) stay as they are */
  while (prefix < c->n_ops)
    {
      const PlOp *op = &c->ops[prefix];
      gboolean trainable = FALSE;

      for (guint k = 0; k < pl_gate_info (op->gate)->n_params; k++)
        trainable |= op->src[k].kind == PL_SOURCE_PARAM;
      if (trainable)
        break;
      prefix++;
    }

  g_free (out->name);
  out->name = g_strdup_printf ("%s-identity-blocks", c->name);
  out->n_layers = c->n_layers;
  for (i = 0; i < prefix; i++)
    {
      if (!pl_circuit_append (out, c->ops[i].gate, c->ops[i].wires, c->ops[i].src, error))
        return NULL;
      out->ops[out->n_ops - 1].layer = c->ops[i].layer;
    }

  for (guint l = 0; l < c->n_layers; l += 2)
    {
      gsize start = out->n_ops;

      /* the first layer of the block, with fresh parameters */
      for (i = prefix; i < c->n_ops; i++)
        {
          const PlOp *op = &c->ops[i];
          PlAngleSource src[PL_GATE_MAX_PARAMS];
          guint np = pl_gate_info (op->gate)->n_params;

          if (op->layer != l)
            continue;
          for (guint k = 0; k < np; k++)
            {
              src[k] = op->src[k];
              if (src[k].kind == PL_SOURCE_PARAM)
                {
                  gint minus = -1;
                  src[k].index = pl_circuit_add_param (out);
                  g_array_append_val (map, minus);
                }
            }
          if (!pl_circuit_append (out, op->gate, op->wires, src, error))
            return NULL;
          out->ops[out->n_ops - 1].layer = l;
        }
      if (l + 1 >= c->n_layers)
        break;
      /* its mirror image */
      for (gsize j = out->n_ops; j-- > start;)
        {
          PlOp op = out->ops[j];
          PlAngleSource src[PL_GATE_MAX_PARAMS];
          guint np = pl_gate_info (op.gate)->n_params;
          PlGate inv = np > 0 ? op.gate : inverse_fixed_gate (op.gate);

          for (guint k = 0; k < np; k++)
            {
              PlAngleSource s = op.src[inverse_slot (op.gate, k)];

              if (s.kind == PL_SOURCE_PARAM)
                {
                  gint mirrored = s.index;
                  s.index = pl_circuit_add_param (out);
                  s.scale = -s.scale;
                  s.value = -s.value;
                  g_array_append_val (map, mirrored);
                }
              else if (s.kind == PL_SOURCE_FIXED)
                s.value = -s.value;
              src[k] = s;
            }
          if (!pl_circuit_append (out, inv, op.wires, src, error))
            return NULL;
          out->ops[out->n_ops - 1].layer = l + 1;
        }
    }
  if (map_out != NULL)
    *map_out = (gint *) g_array_free (g_steal_pointer (&map), FALSE);
  return g_steal_pointer (&out);
}

void
pl_init_draw (PlInitKind        kind,
              const PlCircuit  *c,
              const gint       *map,
              double            sigma,
              PlRng            *rng,
              gsize             batch,
              double           *v)
{
  guint np = c->n_params;

  switch (kind)
    {
    case PL_INIT_UNIFORM:
      for (gsize i = 0; i < np * batch; i++)
        v[i] = 2.0 * G_PI * pl_rng_uniform (rng);
      break;
    case PL_INIT_SMALL:
      for (gsize i = 0; i < np * batch; i++)
        v[i] = sigma * pl_rng_normal (rng);
      break;
    case PL_INIT_IDENTITY:
      g_return_if_fail (map != NULL);
      for (guint k = 0; k < np; k++)
        if (map[k] < 0)
          for (gsize b = 0; b < batch; b++)
            v[k * batch + b] = 2.0 * G_PI * pl_rng_uniform (rng);
      /* a mirrored angle undoes its twin (scale and offset mirrored in the source) */
      for (guint k = 0; k < np; k++)
        if (map[k] >= 0)
          for (gsize b = 0; b < batch; b++)
            v[k * batch + b] = v[(gsize) map[k] * batch + b];
      break;
    case PL_INIT_LAYERWISE:
      {
        /* parameters used by layer 0 random, the rest zero */
        g_autofree gboolean *first = g_new0 (gboolean, MAX (np, 1));

        for (gsize i = 0; i < c->n_ops; i++)
          for (guint k = 0; k < pl_gate_info (c->ops[i].gate)->n_params; k++)
            if (c->ops[i].layer == 0 && c->ops[i].src[k].kind == PL_SOURCE_PARAM)
              first[c->ops[i].src[k].index] = TRUE;
        for (guint k = 0; k < np; k++)
          for (gsize b = 0; b < batch; b++)
            v[k * batch + b] = first[k] ? 2.0 * G_PI * pl_rng_uniform (rng) : 0.0;
      }
      break;
    default:
      g_assert_not_reached ();
    }
}
