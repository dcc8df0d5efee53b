/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-circuit.c: circuit construction, validation of arguments, angle evaluation and the
 * forward simulation. Gradients are in pl-circuit-grad.c, templates, QASM and diagrams in
 * their own files.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-circuit.h"
#include "pl-circuit-private.h"
#include "pl-error.h"

#include <math.h>
#include <string.h>

PlAngleSource
pl_source_fixed (double value)
{
  return (PlAngleSource) { .kind = PL_SOURCE_FIXED, .value = value, .scale = 1.0,
                           .a_param = -1, .b_param = -1 };
}

PlAngleSource
pl_source_param (guint  index,
                 double scale)
{
  return (PlAngleSource) { .kind = PL_SOURCE_PARAM, .index = index, .scale = scale,
                           .value = 0.0, .a_param = -1, .b_param = -1 };
}

PlAngleSource
pl_source_input (guint  feature,
                 double a,
                 double b,
                 gint   a_param,
                 gint   b_param)
{
  return (PlAngleSource) { .kind = PL_SOURCE_INPUT, .index = feature, .scale = a, .value = b,
                           .a_param = a_param, .b_param = b_param };
}

PlAngleSource
pl_source_external (guint slot)
{
  return (PlAngleSource) { .kind = PL_SOURCE_EXTERNAL, .index = slot, .scale = 1.0,
                           .a_param = -1, .b_param = -1 };
}

PlCircuit *
pl_circuit_new (guint n_qubits)
{
  PlCircuit *c;

  g_return_val_if_fail (n_qubits >= 1 && n_qubits <= PL_STATE_MAX_QUBITS, NULL);

  c = g_new0 (PlCircuit, 1);
  c->n_qubits = n_qubits;
  c->name = g_strdup ("custom");
  return c;
}

void
pl_circuit_free (PlCircuit *circuit)
{
  if (circuit == NULL)
    return;
  g_free (circuit->ops);
  g_free (circuit->name);
  g_free (circuit);
}

PlCircuit *
pl_circuit_dup (const PlCircuit *circuit)
{
  PlCircuit *c;

  g_return_val_if_fail (circuit != NULL, NULL);

  c = g_memdup2 (circuit, sizeof *circuit);
  c->ops = g_memdup2 (circuit->ops, MAX (circuit->ops_capacity, 1) * sizeof (PlOp));
  c->ops_capacity = MAX (circuit->ops_capacity, 1);
  c->name = g_strdup (circuit->name);
  return c;
}

guint
pl_circuit_add_param (PlCircuit *circuit)
{
  g_return_val_if_fail (circuit != NULL, 0);
  return circuit->n_params++;
}

static gboolean
check_param_index (const PlCircuit  *circuit,
                   gint64            index,
                   const char       *what,
                   GError          **error)
{
  if (index < 0 || index >= circuit->n_params)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "%s refers to parameter %" G_GINT64_FORMAT
                   ", but the circuit has %u parameters", what, index, circuit->n_params);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_source (const PlCircuit      *circuit,
              const PlAngleSource  *src,
              GError              **error)
{
  switch (src->kind)
    {
    case PL_SOURCE_FIXED:
      if (!isfinite (src->value))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "fixed angle %g is not a finite number", src->value);
          return FALSE;
        }
      return TRUE;
    case PL_SOURCE_PARAM:
      if (!isfinite (src->scale) || !isfinite (src->value))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "parameter angle scale %g / offset %g is not finite",
                       src->scale, src->value);
          return FALSE;
        }
      return check_param_index (circuit, src->index, "angle", error);
    case PL_SOURCE_INPUT:
      if ((src->a_param < 0 && !isfinite (src->scale)) ||
          (src->b_param < 0 && !isfinite (src->value)))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "input encoding a = %g, b = %g is not finite", src->scale, src->value);
          return FALSE;
        }
      if (src->a_param >= 0 && !check_param_index (circuit, src->a_param, "encoding scale",
                                                   error))
        return FALSE;
      if (src->b_param >= 0 && !check_param_index (circuit, src->b_param, "encoding offset",
                                                   error))
        return FALSE;
      if (src->index > 1024)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "input feature %u is out of range (at most 1024 features)", src->index);
          return FALSE;
        }
      return TRUE;
    case PL_SOURCE_EXTERNAL:
      if (src->index > 65536)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "external angle slot %u is out of range", src->index);
          return FALSE;
        }
      return TRUE;
    default:
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "unknown angle source kind %d", (int) src->kind);
      return FALSE;
    }
}

gboolean
pl_circuit_append (PlCircuit            *circuit,
                   PlGate                gate,
                   const guint          *wires,
                   const PlAngleSource  *sources,
                   GError              **error)
{
  const PlGateInfo *info;
  PlOp op = { 0 };

  g_return_val_if_fail (circuit != NULL, FALSE);

  if ((guint) gate >= PL_N_GATES)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "unknown gate %d", (int) gate);
      return FALSE;
    }
  info = pl_gate_info (gate);
  if (!pl_state_check_wires (circuit->n_qubits, gate, wires, error))
    return FALSE;
  if (info->n_params > 0 && sources == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "gate %s needs %u angle%s", info->name, info->n_params,
                   info->n_params == 1 ? "" : "s");
      return FALSE;
    }
  for (guint k = 0; k < info->n_params; k++)
    if (!check_source (circuit, &sources[k], error))
      {
        g_prefix_error (error, "gate %s: ", info->name);
        return FALSE;
      }

  op.gate = gate;
  op.layer = circuit->n_layers > 0 ? circuit->n_layers - 1 : 0;
  for (guint w = 0; w < info->n_wires; w++)
    op.wires[w] = wires[w];
  for (guint k = 0; k < info->n_params; k++)
    {
      op.src[k] = sources[k];
      if (sources[k].kind == PL_SOURCE_INPUT)
        circuit->n_inputs = MAX (circuit->n_inputs, sources[k].index + 1);
      else if (sources[k].kind == PL_SOURCE_EXTERNAL)
        circuit->n_external = MAX (circuit->n_external, sources[k].index + 1);
    }

  if (circuit->n_ops == circuit->ops_capacity)
    {
      circuit->ops_capacity = MAX (16, circuit->ops_capacity * 2);
      circuit->ops = g_renew (PlOp, circuit->ops, circuit->ops_capacity);
    }
  circuit->ops[circuit->n_ops++] = op;
  return TRUE;
}

gboolean
pl_circuit_append_trainable (PlCircuit    *circuit,
                             PlGate        gate,
                             const guint  *wires,
                             GError      **error)
{
  PlAngleSource src[PL_GATE_MAX_PARAMS];
  guint n;

  g_return_val_if_fail (circuit != NULL, FALSE);

  if ((guint) gate >= PL_N_GATES)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "unknown gate %d", (int) gate);
      return FALSE;
    }
  n = pl_gate_info (gate)->n_params;
  for (guint k = 0; k < n; k++)
    src[k] = pl_source_param (circuit->n_params + k, 1.0);
  circuit->n_params += n;
  if (!pl_circuit_append (circuit, gate, wires, src, error))
    {
      circuit->n_params -= n;
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_finite (const double  *v,
              gsize          n,
              const char    *what,
              gsize          batch,
              GError       **error)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (v[i]))
      {
        if (batch > 1)
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "%s %" G_GSIZE_FORMAT " of batch element %" G_GSIZE_FORMAT
                       " is %g (not a finite number)", what, i / batch, i % batch, v[i]);
        else
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "%s %" G_GSIZE_FORMAT " is %g (not a finite number)", what, i, v[i]);
        return FALSE;
      }
  return TRUE;
}

gboolean
pl_circuit_check_args (const PlCircuit      *circuit,
                       const PlCircuitArgs  *args,
                       GError              **error)
{
  g_return_val_if_fail (circuit != NULL && args != NULL, FALSE);

  if (args->batch == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "batch size must be at least 1");
      return FALSE;
    }
  if (circuit->n_params > 0 && args->params == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the circuit has %u parameters but no values were given", circuit->n_params);
      return FALSE;
    }
  if (circuit->n_inputs > 0 && args->inputs == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the circuit encodes %u input feature%s but no inputs were given",
                   circuit->n_inputs, circuit->n_inputs == 1 ? "" : "s");
      return FALSE;
    }
  if (circuit->n_external > 0 && args->external == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the circuit takes %u external angle%s but none were given",
                   circuit->n_external, circuit->n_external == 1 ? "" : "s");
      return FALSE;
    }
  if (args->params != NULL &&
      !check_finite (args->params,
                     circuit->n_params * (args->params_batched ? args->batch : 1),
                     "parameter", args->params_batched ? args->batch : 1, error))
    return FALSE;
  if (args->inputs != NULL &&
      !check_finite (args->inputs, circuit->n_inputs * args->batch, "input", args->batch, error))
    return FALSE;
  if (args->external != NULL &&
      !check_finite (args->external, circuit->n_external * args->batch, "external angle",
                     args->batch, error))
    return FALSE;
  return TRUE;
}

static inline double
param_value (const PlCircuitArgs *args,
             guint                k,
             gsize                b)
{
  return args->params_batched ? args->params[k * args->batch + b] : args->params[k];
}

void
pl_circuit_op_angles (const PlCircuit      *circuit,
                      gsize                 op_index,
                      guint                 k,
                      const PlCircuitArgs  *args,
                      double               *out)
{
  const PlAngleSource *src = &circuit->ops[op_index].src[k];
  gsize B = args->batch;

  switch (src->kind)
    {
    case PL_SOURCE_FIXED:
      for (gsize b = 0; b < B; b++)
        out[b] = src->value;
      break;
    case PL_SOURCE_PARAM:
      for (gsize b = 0; b < B; b++)
        out[b] = src->scale * param_value (args, src->index, b) + src->value;
      break;
    case PL_SOURCE_INPUT:
      {
        const double *x = args->inputs + (gsize) src->index * B;
        for (gsize b = 0; b < B; b++)
          {
            double a = src->a_param >= 0 ? param_value (args, src->a_param, b) : src->scale;
            double c = src->b_param >= 0 ? param_value (args, src->b_param, b) : src->value;
            out[b] = a * x[b] + c;
          }
      }
      break;
    case PL_SOURCE_EXTERNAL:
      memcpy (out, args->external + (gsize) src->index * B, B * sizeof (double));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Whether an angle source gives the same value for every batch element, so the kernels can
 * take their broadcast path. */
gboolean
_pl_circuit_source_is_shared (const PlAngleSource *src,
                              const PlCircuitArgs *args)
{
  switch (src->kind)
    {
    case PL_SOURCE_FIXED:
      return TRUE;
    case PL_SOURCE_PARAM:
      return !args->params_batched || args->batch == 1;
    default:
      return args->batch == 1;
    }
}

void
_pl_circuit_apply_op (const PlCircuit     *circuit,
                      gsize                i,
                      const PlCircuitArgs *args,
                      double              *angle_buf,
                      PlState             *state,
                      gboolean             inverse)
{
  const PlOp *op = &circuit->ops[i];
  guint np = pl_gate_info (op->gate)->n_params;
  PlAngle angles[PL_GATE_MAX_PARAMS];

  for (guint k = 0; k < np; k++)
    {
      double *buf = angle_buf + (gsize) k * args->batch;

      if (_pl_circuit_source_is_shared (&op->src[k], args))
        {
          PlCircuitArgs one = *args;
          one.batch = 1;
          /* A shared source reads no per-element data, so batch 1 gives its value. */
          if (op->src[k].kind == PL_SOURCE_FIXED || op->src[k].kind == PL_SOURCE_PARAM)
            pl_circuit_op_angles (circuit, i, k, &one, buf);
          else
            pl_circuit_op_angles (circuit, i, k, args, buf);
          angles[k] = (PlAngle) { buf, 0 };
        }
      else
        {
          pl_circuit_op_angles (circuit, i, k, args, buf);
          angles[k] = (PlAngle) { buf, 1 };
        }
    }
  if (inverse)
    pl_state_apply_inverse (state, op->gate, op->wires, np > 0 ? angles : NULL);
  else
    pl_state_apply (state, op->gate, op->wires, np > 0 ? angles : NULL);
}

gboolean
pl_circuit_run (const PlCircuit      *circuit,
                const PlCircuitArgs  *args,
                PlState              *state,
                GError              **error)
{
  g_autofree double *angle_buf = NULL;

  g_return_val_if_fail (circuit != NULL && args != NULL && state != NULL, FALSE);

  if (state->n_qubits != circuit->n_qubits || state->batch != args->batch)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "state of %u qubits x %" G_GSIZE_FORMAT " does not fit a circuit of %u qubits"
                   " run on a batch of %" G_GSIZE_FORMAT, state->n_qubits, state->batch,
                   circuit->n_qubits, args->batch);
      return FALSE;
    }
  if (!pl_circuit_check_args (circuit, args, error))
    return FALSE;

  angle_buf = g_new (double, PL_GATE_MAX_PARAMS * args->batch);
  pl_state_set_zero (state);
  for (gsize i = 0; i < circuit->n_ops; i++)
    _pl_circuit_apply_op (circuit, i, args, angle_buf, state, FALSE);
  return TRUE;
}

gboolean
pl_circuit_expectations (const PlCircuit      *circuit,
                         const PlCircuitArgs  *args,
                         guint                 n_obs,
                         PlObservable *const  *obs,
                         guint64               shots,
                         PlRng                *rng,
                         double               *out,
                         GError              **error)
{
  g_autoptr(PlState) state = NULL;
  g_autoptr(PlState) scratch = NULL;

  g_return_val_if_fail (circuit != NULL && args != NULL && out != NULL, FALSE);
  g_return_val_if_fail (shots == 0 || rng != NULL, FALSE);

  for (guint i = 0; i < n_obs; i++)
    if (obs[i]->n_qubits != circuit->n_qubits)
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "observable '%s' is defined on %u qubits, the circuit has %u",
                     obs[i]->label ? obs[i]->label : "?", obs[i]->n_qubits, circuit->n_qubits);
        return FALSE;
      }

  if (!(state = pl_state_new (circuit->n_qubits, args->batch, error)))
    return FALSE;
  if (!pl_circuit_run (circuit, args, state, error))
    return FALSE;
  if (shots > 0 && !(scratch = pl_state_new (circuit->n_qubits, args->batch, error)))
    return FALSE;

  for (guint i = 0; i < n_obs; i++)
    {
      double *o = out + (gsize) i * args->batch;

      if (shots == 0)
        pl_observable_expectation (obs[i], state, o);
      else if (!pl_observable_sample (obs[i], state, shots, rng, scratch, o, error))
        return FALSE;
    }
  return TRUE;
}
