/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-landscape-builtin.c: the two built-in objectives of the landscapes: the cost of a circuit
 * (batched simulation, threads over chunks) and the loss of a physics-informed model (see
 * pl-landscape.h).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-landscape.h"
#include "pl-landscape-private.h"
#include "pl-error.h"
#include "pl-state.h"

#include <math.h>
#include <string.h>

/* Chunks of the circuit objective: large enough batches for the vectorised kernels, small
 * enough that the states of all threads stay modest and that one chunk is about a tenth of a
 * second of simulation, so cancellation is quick: a gate costs about 2 ns per amplitude and
 * batch element here, so 5e7 amplitude-gates. */
#define CIRCUIT_STATE_BUDGET (32u << 20)
#define CIRCUIT_WORK_BUDGET  5e7
#define CIRCUIT_MAX_BATCH    64

/* --- the circuit objective ------------------------------------------------------------- */

typedef struct {
  const PlCircuit    *circuit;
  PlObservable       *obs;      /* borrowed; non-const only for the PlObservable *const * API */
  double             *inputs;   /* n_inputs, or NULL */
} CircuitData;

static void
circuit_data_free (gpointer data)
{
  CircuitData *d = data;

  g_free (d->inputs);
  g_free (d);
}

static double *
circuit_inputs (const CircuitData *d,
                gsize              batch)
{
  guint ni = d->circuit->n_inputs;
  double *x;

  if (ni == 0)
    return NULL;
  x = g_new (double, (gsize) ni * batch);
  for (guint j = 0; j < ni; j++)
    for (gsize b = 0; b < batch; b++)
      x[j * batch + b] = d->inputs[j];
  return x;
}

static gboolean
circuit_evaluate (gpointer      data,
                  gsize         batch,
                  const double *params,
                  double       *values,
                  GError      **error)
{
  CircuitData *d = data;
  g_autofree double *x = circuit_inputs (d, batch);
  PlCircuitArgs args = { batch, params, TRUE, x, NULL };

  return pl_circuit_expectations (d->circuit, &args, 1, &d->obs, 0, NULL, values, error);
}

static gboolean
circuit_gradient (gpointer      data,
                  gsize         batch,
                  const double *params,
                  double       *values,
                  double       *grads,
                  GError      **error)
{
  CircuitData *d = data;
  g_autofree double *x = circuit_inputs (d, batch);
  PlCircuitArgs args = { batch, params, TRUE, x, NULL };
  PlCircuitGrad grad = { grads, NULL, NULL };

  return pl_circuit_gradient (d->circuit, &args, 1, &d->obs, NULL, NULL, values, &grad, error);
}

static const PlObjectiveClass circuit_class = { circuit_evaluate, circuit_gradient };

PlObjective *
pl_objective_new_circuit (const PlCircuit     *circuit,
                          const PlObservable  *obs,
                          const double        *inputs,
                          guint                threads,
                          GError             **error)
{
  PlObjectiveInfo info = { 0 };
  CircuitData *d;
  PlObjective *o;
  g_autofree guint *block_of = NULL;
  g_autofree guint *remap = NULL;
  g_autoptr(GPtrArray) names = NULL;
  gsize sb;
  double work;
  guint n_blocks = 0;

  g_return_val_if_fail (circuit != NULL && obs != NULL, NULL);

  if (circuit->n_params == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "circuit '%s' has no trainable parameters: there is no landscape to slice",
                   circuit->name ? circuit->name : "custom");
      return NULL;
    }
  if (circuit->n_external > 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                           "circuits fed by another layer (external angles) cannot be sliced on "
                           "their own");
      return NULL;
    }
  if (obs->n_qubits != circuit->n_qubits)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "observable '%s' is defined on %u qubits, the circuit has %u",
                   obs->label ? obs->label : "?", obs->n_qubits, circuit->n_qubits);
      return NULL;
    }
  if (circuit->n_inputs > 0 && inputs == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "circuit '%s' encodes %u input features: give their values",
                   circuit->name ? circuit->name : "custom", circuit->n_inputs);
      return NULL;
    }
  if (circuit->n_inputs > 0 &&
      !_pl_landscape_check_finite (inputs, circuit->n_inputs, "inputs", error))
    return NULL;

  if (threads == 0)
    threads = g_get_num_processors ();
  sb = pl_state_bytes (circuit->n_qubits, 1);
  if (sb == G_MAXSIZE || (guint64) sb * 3 * threads > pl_physical_memory ())
    {
      g_autofree char *need = g_format_size_full ((guint64) MIN (sb, G_MAXSIZE / 4) * 3 * threads,
                                                  G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, PL_ERROR, PL_ERROR_NO_MEMORY,
                   "%u qubits need %s of memory for the states of %u threads, more than this "
                   "machine has", circuit->n_qubits, need, threads);
      return NULL;
    }
  work = ldexp ((double) circuit->n_ops + 1, (int) circuit->n_qubits);
  info.n_params = circuit->n_params;
  info.batch_values = (gsize) CLAMP (MIN (CIRCUIT_STATE_BUDGET / sb, CIRCUIT_WORK_BUDGET / work),
                                     1, CIRCUIT_MAX_BATCH);
  /* the adjoint method keeps about three states (psi, lambda, a scratch) and does about three
   * times the work of a forward pass */
  info.batch_gradients = (gsize) CLAMP (MIN (CIRCUIT_STATE_BUDGET / (3 * sb),
                                             CIRCUIT_WORK_BUDGET / (3 * work)),
                                        1, CIRCUIT_MAX_BATCH);
  info.threads = threads;

  /* Blocks: circuit layers, in the order they first set a parameter, renumbered densely so
   * layers without parameters (an initial column of H) leave no empty block. */
  block_of = g_new (guint, circuit->n_params);
  for (guint k = 0; k < circuit->n_params; k++)
    block_of[k] = G_MAXUINT;
  for (gsize i = 0; i < circuit->n_ops; i++)
    {
      const PlOp *op = &circuit->ops[i];

      for (guint s = 0; s < PL_GATE_MAX_PARAMS; s++)
        {
          const PlAngleSource *src = &op->src[s];
          gint ks[3] = { -1, -1, -1 };

          if (s >= pl_gate_info (op->gate)->n_params)
            break;
          if (src->kind == PL_SOURCE_PARAM)
            ks[0] = (gint) src->index;
          else if (src->kind == PL_SOURCE_INPUT)
            {
              ks[1] = src->a_param;
              ks[2] = src->b_param;
            }
          for (guint m = 0; m < 3; m++)
            if (ks[m] >= 0 && block_of[ks[m]] == G_MAXUINT)
              block_of[ks[m]] = op->layer;
        }
    }
  remap = g_new (guint, circuit->n_layers + 1);
  for (guint l = 0; l <= circuit->n_layers; l++)
    remap[l] = G_MAXUINT;
  names = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < circuit->n_params; k++)
    {
      guint layer = block_of[k] == G_MAXUINT ? 0 : MIN (block_of[k], circuit->n_layers);

      if (remap[layer] == G_MAXUINT)
        {
          remap[layer] = n_blocks++;
          g_ptr_array_add (names, g_strdup_printf ("layer %u", layer));
        }
      block_of[k] = remap[layer];
    }

  d = g_new0 (CircuitData, 1);
  d->circuit = circuit;
  d->obs = (PlObservable *) obs;
  d->inputs = circuit->n_inputs > 0 ? g_memdup2 (inputs, circuit->n_inputs * sizeof (double))
                                    : NULL;
  o = pl_objective_new (&circuit_class, &info, d, circuit_data_free);
  g_ptr_array_add (names, NULL);
  if (!pl_objective_set_blocks (o, n_blocks, block_of, (const char *const *) names->pdata,
                                error))
    {
      pl_objective_free (o);
      return NULL;
    }
  return o;
}

/* --- the PINN-loss objective ----------------------------------------------------------- */

typedef struct {
  PlLoss *loss;
  gsize   n_params;
  double *theta;   /* one point, gathered from the batch */
  double *grad;
} LossData;

static void
loss_data_free (gpointer data)
{
  LossData *d = data;

  g_free (d->theta);
  g_free (d->grad);
  g_free (d);
}

static gboolean
loss_evaluate (gpointer      data,
               gsize         batch,
               const double *params,
               double       *values,
               GError      **error)
{
  LossData *d = data;

  for (gsize b = 0; b < batch; b++)
    {
      for (gsize k = 0; k < d->n_params; k++)
        d->theta[k] = params[k * batch + b];
      values[b] = pl_loss_evaluate (d->loss, d->theta, NULL, NULL, NULL);
    }
  return TRUE;
}

static gboolean
loss_gradient (gpointer      data,
               gsize         batch,
               const double *params,
               double       *values,
               double       *grads,
               GError      **error)
{
  LossData *d = data;

  for (gsize b = 0; b < batch; b++)
    {
      for (gsize k = 0; k < d->n_params; k++)
        d->theta[k] = params[k * batch + b];
      values[b] = pl_loss_evaluate (d->loss, d->theta, d->grad, NULL, NULL);
      for (gsize k = 0; k < d->n_params; k++)
        grads[k * batch + b] = isfinite (values[b]) ? d->grad[k] : NAN;
    }
  return TRUE;
}

static const PlObjectiveClass loss_class = { loss_evaluate, loss_gradient };

PlObjective *
pl_objective_new_loss (PlLoss         *loss,
                       const PlModel  *model,
                       GError        **error)
{
  PlObjectiveInfo info = { 0 };
  LossData *d;
  PlObjective *o;
  g_autofree guint *block_of = NULL;
  const char *names[PL_N_BLOCKS + 1] = { NULL };
  guint n_blocks = 0;
  gsize np;

  g_return_val_if_fail (loss != NULL && model != NULL, NULL);

  np = pl_model_n_params (model);
  if (np == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "the model has no parameters: there is no landscape to slice");
      return NULL;
    }
  /* pl_loss_evaluate runs its own threads and keeps per-call state: one point at a time */
  info.n_params = np;
  info.batch_values = 1;
  info.batch_gradients = 1;
  info.threads = 1;

  block_of = g_new0 (guint, np);
  for (guint b = 0; b < PL_N_BLOCKS; b++)
    {
      PlBlockRange r = pl_model_block (model, (PlBlock) b);

      if (r.size == 0)
        continue;
      for (gsize k = r.offset; k < r.offset + r.size; k++)
        block_of[k] = n_blocks;
      names[n_blocks++] = pl_block_name ((PlBlock) b);
    }

  d = g_new0 (LossData, 1);
  d->loss = loss;
  d->n_params = np;
  d->theta = g_new (double, np);
  d->grad = g_new (double, np);
  o = pl_objective_new (&loss_class, &info, d, loss_data_free);
  if (!pl_objective_set_blocks (o, n_blocks, block_of, names, error))
    {
      pl_objective_free (o);
      return NULL;
    }
  return o;
}
