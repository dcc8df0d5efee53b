/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-circuit-grad.c: gradients of weighted expectation values, by the adjoint method,
 * the parameter-shift rules and central finite differences (see pl-circuit.h).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-circuit.h"
#include "pl-circuit-private.h"
#include "pl-error.h"

#include <math.h>
#include <string.h>

static const char *diff_names[] = { "adjoint", "param-shift", "finite-diff" };

const char *
pl_diff_method_to_string (PlDiffMethod method)
{
  g_return_val_if_fail ((guint) method < G_N_ELEMENTS (diff_names), NULL);
  return diff_names[method];
}

gboolean
pl_diff_method_from_string (const char   *name,
                            PlDiffMethod *method)
{
  for (guint i = 0; i < G_N_ELEMENTS (diff_names); i++)
    if (g_ascii_strcasecmp (name, diff_names[i]) == 0)
      {
        *method = (PlDiffMethod) i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (name, "parameter-shift") == 0 || g_ascii_strcasecmp (name, "ps") == 0)
    {
      *method = PL_DIFF_PARAM_SHIFT;
      return TRUE;
    }
  if (g_ascii_strcasecmp (name, "fd") == 0)
    {
      *method = PL_DIFF_FINITE_DIFF;
      return TRUE;
    }
  return FALSE;
}

/* Weighted objective f_b = sum_i w_ib <O_i>_b from a prepared state, exactly or by shots. */
static gboolean
objective (guint                n_obs,
           PlObservable *const *obs,
           const double        *weights,
           const PlState       *state,
           guint64              shots,
           PlRng               *rng,
           PlState             *scratch,
           double              *tmp,
           double              *values,
           double              *f,
           GError             **error)
{
  gsize B = state->batch;

  memset (f, 0, B * sizeof (double));
  for (guint i = 0; i < n_obs; i++)
    {
      double *v = values != NULL ? values + (gsize) i * B : tmp;

      if (weights == NULL && i > 0 && values == NULL)
        break;
      if (shots == 0)
        pl_observable_expectation (obs[i], state, v);
      else if (!pl_observable_sample (obs[i], state, shots, rng, scratch, v, error))
        return FALSE;
      if (weights == NULL)
        {
          if (i == 0)
            memcpy (f, v, B * sizeof (double));
        }
      else
        for (gsize b = 0; b < B; b++)
          f[b] += weights[(gsize) i * B + b] * v[b];
    }
  return TRUE;
}

/* Chain rule from d f_b / d angle (g[b]) of op i, parameter k, into the gradient arrays. */
static void
accumulate (const PlCircuit     *circuit,
            gsize                i,
            guint                k,
            const PlCircuitArgs *args,
            const double        *g,
            PlCircuitGrad       *grad)
{
  const PlAngleSource *src = &circuit->ops[i].src[k];
  gsize B = args->batch;

  switch (src->kind)
    {
    case PL_SOURCE_FIXED:
      break;
    case PL_SOURCE_PARAM:
      if (grad->params != NULL)
        {
          double *gp = grad->params + (gsize) src->index * B;
          for (gsize b = 0; b < B; b++)
            gp[b] += src->scale * g[b];
        }
      break;
    case PL_SOURCE_INPUT:
      {
        const double *x = args->inputs + (gsize) src->index * B;

        if (grad->inputs != NULL)
          {
            double *gx = grad->inputs + (gsize) src->index * B;
            for (gsize b = 0; b < B; b++)
              {
                double a = src->a_param < 0 ? src->scale
                         : args->params_batched ? args->params[src->a_param * B + b]
                         : args->params[src->a_param];
                gx[b] += a * g[b];
              }
          }
        if (grad->params != NULL && src->a_param >= 0)
          {
            double *ga = grad->params + (gsize) src->a_param * B;
            for (gsize b = 0; b < B; b++)
              ga[b] += x[b] * g[b];
          }
        if (grad->params != NULL && src->b_param >= 0)
          {
            double *gb = grad->params + (gsize) src->b_param * B;
            for (gsize b = 0; b < B; b++)
              gb[b] += g[b];
          }
      }
      break;
    case PL_SOURCE_EXTERNAL:
      if (grad->external != NULL)
        {
          double *ge = grad->external + (gsize) src->index * B;
          for (gsize b = 0; b < B; b++)
            ge[b] += g[b];
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
zero_grad (const PlCircuit     *circuit,
           const PlCircuitArgs *args,
           PlCircuitGrad       *grad)
{
  gsize B = args->batch;

  if (grad->params != NULL)
    memset (grad->params, 0, (gsize) circuit->n_params * B * sizeof (double));
  if (grad->inputs != NULL)
    memset (grad->inputs, 0, (gsize) circuit->n_inputs * B * sizeof (double));
  if (grad->external != NULL)
    memset (grad->external, 0, (gsize) circuit->n_external * B * sizeof (double));
}

/* One step of a lowered op in the backward pass: a gate with a single Pauli-type generator. */
typedef struct {
  PlGate  gate;
  guint   k;       /* which angle of the original op */
} SubGate;

/* U3/ROT as the products of RZ RY RZ they equal up to a global phase, in order of
 * application; other gates are their own single step. */
static guint
lower_op (const PlOp *op,
          SubGate    *out)
{
  switch (op->gate)
    {
    case PL_GATE_ROT: /* RZ(o) RY(t) RZ(p): RZ(p) acts first */
      out[0] = (SubGate) { PL_GATE_RZ, 0 };
      out[1] = (SubGate) { PL_GATE_RY, 1 };
      out[2] = (SubGate) { PL_GATE_RZ, 2 };
      return 3;
    case PL_GATE_U3: /* e^{i(p+l)/2} RZ(p) RY(t) RZ(l): RZ(l) acts first */
      out[0] = (SubGate) { PL_GATE_RZ, 2 };
      out[1] = (SubGate) { PL_GATE_RY, 0 };
      out[2] = (SubGate) { PL_GATE_RZ, 1 };
      return 3;
    default:
      out[0] = (SubGate) { op->gate, 0 };
      return 1;
    }
}

static gboolean
gradient_adjoint (const PlCircuit      *circuit,
                  const PlCircuitArgs  *args,
                  guint                 n_obs,
                  PlObservable *const  *obs,
                  const double         *weights,
                  double               *values,
                  PlCircuitGrad        *grad,
                  GError              **error)
{
  gsize B = args->batch;
  g_autoptr(PlState) phi = NULL;
  g_autoptr(PlState) lambda = NULL;
  g_autoptr(PlState) mu = NULL;
  g_autofree double *angle_buf = g_new (double, PL_GATE_MAX_PARAMS * B);
  g_autofree double *ip_re = g_new (double, B);
  g_autofree double *ip_im = g_new (double, B);
  g_autofree double *g = g_new (double, B);

  if (!(phi = pl_state_new (circuit->n_qubits, B, error)) ||
      !(lambda = pl_state_new (circuit->n_qubits, B, error)) ||
      !(mu = pl_state_new (circuit->n_qubits, B, error)))
    return FALSE;
  if (!pl_circuit_run (circuit, args, phi, error))
    return FALSE;

  /* lambda = sum_i w_i O_i phi */
  memset (lambda->re, 0, lambda->dim * B * sizeof (double));
  memset (lambda->im, 0, lambda->dim * B * sizeof (double));
  for (guint i = 0; i < n_obs; i++)
    {
      PlAngle w = { weights != NULL ? weights + (gsize) i * B : (const double[]) { 1.0 },
                    weights != NULL ? 1 : 0 };

      if (weights == NULL && i > 0)
        break;
      pl_observable_apply (obs[i], phi, mu);
      pl_state_axpy (lambda, &w, mu);
    }
  if (values != NULL)
    for (guint i = 0; i < n_obs; i++)
      pl_observable_expectation (obs[i], phi, values + (gsize) i * B);

  for (gsize i = circuit->n_ops; i-- > 0;)
    {
      const PlOp *op = &circuit->ops[i];
      guint np = pl_gate_info (op->gate)->n_params;
      SubGate sub[3];
      guint n_sub;
      gboolean needed = FALSE;

      for (guint k = 0; k < np; k++)
        needed |= op->src[k].kind != PL_SOURCE_FIXED;

      if (!needed)
        {
          _pl_circuit_apply_op (circuit, i, args, angle_buf, phi, TRUE);
          _pl_circuit_apply_op (circuit, i, args, angle_buf, lambda, TRUE);
          continue;
        }

      n_sub = lower_op (op, sub);
      for (guint s = n_sub; s-- > 0;)
        {
          const PlAngleSource *src = &op->src[sub[s].k];
          PlAngle angle;

          pl_circuit_op_angles (circuit, i, sub[s].k, args, angle_buf);
          angle = (PlAngle) { angle_buf, _pl_circuit_source_is_shared (src, args) ? 0 : 1 };

          if (src->kind != PL_SOURCE_FIXED)
            {
              /* df/dt = 2 Re <lambda| -i H |phi> = 2 Im <lambda| H |phi>, phi after the gate */
              pl_state_generator_inner (lambda, phi, sub[s].gate, op->wires, ip_re, ip_im);
              for (gsize b = 0; b < B; b++)
                g[b] = 2.0 * ip_im[b];
              accumulate (circuit, i, sub[s].k, args, g, grad);
            }
          pl_state_apply_inverse (phi, sub[s].gate, op->wires, &angle);
          pl_state_apply_inverse (lambda, sub[s].gate, op->wires, &angle);
        }
    }
  return TRUE;
}

/* Forward run with the angle of (op i, parameter k) shifted by @shift for every element. */
static void
run_shifted (const PlCircuit     *circuit,
             const PlCircuitArgs *args,
             gsize                shift_op,
             guint                shift_k,
             double               shift,
             double              *angle_buf,
             PlState             *state)
{
  pl_state_set_zero (state);
  for (gsize i = 0; i < circuit->n_ops; i++)
    {
      const PlOp *op = &circuit->ops[i];
      guint np = pl_gate_info (op->gate)->n_params;
      PlAngle angles[PL_GATE_MAX_PARAMS];

      if (i != shift_op)
        {
          _pl_circuit_apply_op (circuit, i, args, angle_buf, state, FALSE);
          continue;
        }
      for (guint k = 0; k < np; k++)
        {
          double *buf = angle_buf + (gsize) k * args->batch;

          pl_circuit_op_angles (circuit, i, k, args, buf);
          if (k == shift_k)
            for (gsize b = 0; b < args->batch; b++)
              buf[b] += shift;
          angles[k] = (PlAngle) { buf, 1 };
        }
      pl_state_apply (state, op->gate, op->wires, angles);
    }
}

/* What the shifted evaluations of one gradient share. */
typedef struct {
  const PlCircuit      *circuit;
  const PlCircuitArgs  *args;
  guint                 n_obs;
  PlObservable *const  *obs;
  const double         *weights;
  const PlDiffOptions  *options;
  double               *angle_buf;
  PlState              *state;
  PlState              *scratch;
  double               *tmp;
  double               *fp;       /* f with the angle shifted by +shift */
  double               *fm;       /* and by -shift */
} Shifted;

/* The objective with the angle of (op i, parameter k) shifted by +@shift into sh->fp and by
 * -@shift into sh->fm, in that order (so shots draw from the generator in a fixed order). */
static gboolean
shifted_pair (Shifted  *sh,
              gsize     i,
              guint     k,
              double    shift,
              GError  **error)
{
  const PlDiffOptions *o = sh->options;

  run_shifted (sh->circuit, sh->args, i, k, shift, sh->angle_buf, sh->state);
  if (!objective (sh->n_obs, sh->obs, sh->weights, sh->state, o->shots, o->rng, sh->scratch,
                  sh->tmp, NULL, sh->fp, error))
    return FALSE;
  run_shifted (sh->circuit, sh->args, i, k, -shift, sh->angle_buf, sh->state);
  return objective (sh->n_obs, sh->obs, sh->weights, sh->state, o->shots, o->rng, sh->scratch,
                    sh->tmp, NULL, sh->fm, error);
}

static gboolean
gradient_param_shift (const PlCircuit      *circuit,
                      const PlCircuitArgs  *args,
                      guint                 n_obs,
                      PlObservable *const  *obs,
                      const double         *weights,
                      const PlDiffOptions  *options,
                      double               *values,
                      PlCircuitGrad        *grad,
                      GError              **error)
{
  /* Four-term rule for generators with spectrum {0, +-1/2} (Anselmetti et al. 2021). */
  const double d1 = (G_SQRT2 + 1.0) / (4.0 * G_SQRT2);
  const double d2 = (G_SQRT2 - 1.0) / (4.0 * G_SQRT2);
  gsize B = args->batch;
  g_autoptr(PlState) state = NULL;
  g_autoptr(PlState) scratch = NULL;
  g_autofree double *angle_buf = g_new (double, PL_GATE_MAX_PARAMS * B);
  g_autofree double *tmp = g_new (double, B);
  g_autofree double *fp = g_new (double, B);
  g_autofree double *fm = g_new (double, B);
  g_autofree double *g = g_new (double, B);
  Shifted sh;

  if (!(state = pl_state_new (circuit->n_qubits, B, error)) ||
      !(scratch = pl_state_new (circuit->n_qubits, B, error)))
    return FALSE;
  sh = (Shifted) { circuit, args, n_obs, obs, weights, options, angle_buf, state, scratch, tmp,
                   fp, fm };

  if (values != NULL)
    {
      if (!pl_circuit_run (circuit, args, state, error))
        return FALSE;
      if (!objective (n_obs, obs, weights, state, options->shots, options->rng, scratch, tmp,
                      values, fp, error))
        return FALSE;
    }
  else if (!pl_circuit_check_args (circuit, args, error))
    return FALSE;

  for (gsize i = 0; i < circuit->n_ops; i++)
    {
      const PlOp *op = &circuit->ops[i];
      guint np = pl_gate_info (op->gate)->n_params;
      gboolean four_term = op->gate == PL_GATE_CRX || op->gate == PL_GATE_CRY ||
                           op->gate == PL_GATE_CRZ;

      for (guint k = 0; k < np; k++)
        {
          if (op->src[k].kind == PL_SOURCE_FIXED)
            continue;

          if (!shifted_pair (&sh, i, k, G_PI_2, error))
            return FALSE;
          if (!four_term)
            for (gsize b = 0; b < B; b++)
              g[b] = 0.5 * (fp[b] - fm[b]);
          else
            {
              for (gsize b = 0; b < B; b++)
                g[b] = d1 * (fp[b] - fm[b]);
              if (!shifted_pair (&sh, i, k, 3.0 * G_PI_2, error))
                return FALSE;
              for (gsize b = 0; b < B; b++)
                g[b] -= d2 * (fp[b] - fm[b]);
            }
          accumulate (circuit, i, k, args, g, grad);
        }
    }
  return TRUE;
}

/* Central differences of the whole circuit in one row (n_rows values for each element). */
static gboolean
fd_rows (const PlCircuit      *circuit,
         PlCircuitArgs        *args,
         double               *row,
         gsize                 row_len,
         guint                 n_obs,
         PlObservable *const  *obs,
         const double         *weights,
         const PlDiffOptions  *options,
         PlState              *state,
         PlState              *scratch,
         double               *tmp,
         double               *fp,
         double               *fm,
         double               *out,
         GError              **error)
{
  double h = options->fd_step > 0 ? options->fd_step : 1e-5;
  g_autofree double *saved = g_memdup2 (row, row_len * sizeof (double));

  for (gsize j = 0; j < row_len; j++)
    row[j] = saved[j] + h;
  if (!pl_circuit_run (circuit, args, state, error) ||
      !objective (n_obs, obs, weights, state, options->shots, options->rng, scratch, tmp, NULL,
                  fp, error))
    goto fail;
  for (gsize j = 0; j < row_len; j++)
    row[j] = saved[j] - h;
  if (!pl_circuit_run (circuit, args, state, error) ||
      !objective (n_obs, obs, weights, state, options->shots, options->rng, scratch, tmp, NULL,
                  fm, error))
    goto fail;
  memcpy (row, saved, row_len * sizeof (double));
  for (gsize b = 0; b < args->batch; b++)
    out[b] = (fp[b] - fm[b]) / (2.0 * h);
  return TRUE;

fail:
  memcpy (row, saved, row_len * sizeof (double));
  return FALSE;
}

static gboolean
gradient_finite_diff (const PlCircuit      *circuit,
                      const PlCircuitArgs  *args_in,
                      guint                 n_obs,
                      PlObservable *const  *obs,
                      const double         *weights,
                      const PlDiffOptions  *options,
                      double               *values,
                      PlCircuitGrad        *grad,
                      GError              **error)
{
  gsize B = args_in->batch;
  gsize np_len = args_in->params_batched ? B : 1;
  PlCircuitArgs args = *args_in;
  g_autoptr(PlState) state = NULL;
  g_autoptr(PlState) scratch = NULL;
  g_autofree double *params = NULL;
  g_autofree double *inputs = NULL;
  g_autofree double *external = NULL;
  g_autofree double *tmp = g_new (double, B);
  g_autofree double *fp = g_new (double, B);
  g_autofree double *fm = g_new (double, B);

  if (!(state = pl_state_new (circuit->n_qubits, B, error)) ||
      !(scratch = pl_state_new (circuit->n_qubits, B, error)))
    return FALSE;
  if (!pl_circuit_run (circuit, &args, state, error) ||
      !objective (n_obs, obs, weights, state, options->shots, options->rng, scratch, tmp,
                  values, fp, error))
    return FALSE;

  /* Private copies, so perturbing them never touches the caller's arrays. */
  if (circuit->n_params > 0)
    args.params = params = g_memdup2 (args_in->params,
                                      circuit->n_params * np_len * sizeof (double));
  if (circuit->n_inputs > 0)
    args.inputs = inputs = g_memdup2 (args_in->inputs,
                                      circuit->n_inputs * B * sizeof (double));
  if (circuit->n_external > 0)
    args.external = external = g_memdup2 (args_in->external,
                                          circuit->n_external * B * sizeof (double));

  for (guint k = 0; grad->params != NULL && k < circuit->n_params; k++)
    {
      if (!fd_rows (circuit, &args, params + k * np_len, np_len, n_obs, obs, weights, options,
                    state, scratch, tmp, fp, fm, grad->params + (gsize) k * B, error))
        return FALSE;
    }
  for (guint j = 0; grad->inputs != NULL && j < circuit->n_inputs; j++)
    if (!fd_rows (circuit, &args, inputs + (gsize) j * B, B, n_obs, obs, weights, options,
                  state, scratch, tmp, fp, fm, grad->inputs + (gsize) j * B, error))
      return FALSE;
  for (guint m = 0; grad->external != NULL && m < circuit->n_external; m++)
    if (!fd_rows (circuit, &args, external + (gsize) m * B, B, n_obs, obs, weights, options,
                  state, scratch, tmp, fp, fm, grad->external + (gsize) m * B, error))
      return FALSE;
  return TRUE;
}

gboolean
pl_circuit_gradient (const PlCircuit      *circuit,
                     const PlCircuitArgs  *args,
                     guint                 n_obs,
                     PlObservable *const  *obs,
                     const double         *weights,
                     const PlDiffOptions  *options,
                     double               *values,
                     PlCircuitGrad        *grad,
                     GError              **error)
{
  PlDiffOptions defaults = { PL_DIFF_ADJOINT, 0, NULL, 0.0 };
  PlCircuitGrad none = { NULL, NULL, NULL };

  g_return_val_if_fail (circuit != NULL && args != NULL, FALSE);
  g_return_val_if_fail (n_obs >= 1 && obs != NULL, FALSE);

  if (options == NULL)
    options = &defaults;
  if (grad == NULL)
    grad = &none;

  for (guint i = 0; i < n_obs; i++)
    if (obs[i]->n_qubits != circuit->n_qubits)
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "observable '%s' is defined on %u qubits, the circuit has %u",
                     obs[i]->label ? obs[i]->label : "?", obs[i]->n_qubits, circuit->n_qubits);
        return FALSE;
      }
  if (weights != NULL)
    for (gsize i = 0; i < n_obs * args->batch; i++)
      if (!isfinite (weights[i]))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "observable weight %" G_GSIZE_FORMAT " is not finite", i);
          return FALSE;
        }
  if (options->shots > 0 && options->rng == NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "shot-based gradients need a random generator");
      return FALSE;
    }
  if (options->method == PL_DIFF_ADJOINT && options->shots > 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                           "the adjoint method needs the exact state; use param-shift with shots");
      return FALSE;
    }
  if (!pl_circuit_check_args (circuit, args, error))
    return FALSE;

  zero_grad (circuit, args, grad);

  switch (options->method)
    {
    case PL_DIFF_ADJOINT:
      return gradient_adjoint (circuit, args, n_obs, obs, weights, values, grad, error);
    case PL_DIFF_PARAM_SHIFT:
      return gradient_param_shift (circuit, args, n_obs, obs, weights, options, values, grad,
                                   error);
    case PL_DIFF_FINITE_DIFF:
      return gradient_finite_diff (circuit, args, n_obs, obs, weights, options, values, grad,
                                   error);
    default:
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "unknown differentiation method %d", (int) options->method);
      return FALSE;
    }
}
