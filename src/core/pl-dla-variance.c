/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-dla-variance.c: the cost variance a DLA predicts for deep random circuits (Ragone et
 * al. 2024, see pl-dla.h), from a state vector, a product state or |0...0>.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-dla.h"
#include "pl-dla-private.h"
#include "pl-error.h"
#include "pl-gate.h"

#include <math.h>
#include <string.h>

/* The initial state, as whichever description is cheapest to take expectations in. */
typedef struct {
  const PlState *state;  /* a state vector, or NULL */
  const double  *bloch;  /* a product state: <X_j>, <Y_j>, <Z_j> at [3 j ..], or NULL */
  PlPauliSum    *probe;  /* one-term sum for state vectors */
} Rho;

/* <psi|P|psi>; |0...0> when neither a state nor Bloch vectors are given. */
static double
expectation (const Rho     *rho,
             PlPauliString  p)
{
  double v = 1.0;

  if (rho->bloch != NULL)
    {
      for (guint j = 0; j < 64 && v != 0.0; j++)
        {
          guint64 bit = G_GUINT64_CONSTANT (1) << j;

          if ((p.x | p.z) & bit)
            v *= rho->bloch[3 * j + ((p.x & bit) ? ((p.z & bit) ? 1 : 0) : 2)];
        }
      return v;
    }
  if (rho->state != NULL)
    {
      rho->probe->terms[0].p = p;
      pl_pauli_sum_expectation (rho->probe, rho->state, &v);
      return v;
    }
  return p.x == 0 ? 1.0 : 0.0;
}

static gboolean
predict (const PlDla       *dla,
         const Rho         *rho,
         const PlPauliSum  *observable,
         PlDlaPrediction   *out,
         GError           **error)
{
  const PlDlaBasis *B = dla->basis;
  g_autofree double *c = NULL;
  g_autofree double *e = NULL;
  g_autofree double *pc = NULL;
  g_autofree double *pe = NULL;
  double total_c, total_e, in_c, in_e, dim_n, norm2 = 1.0;

  if (!dla->structure_known)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                           "the decomposition of this algebra into simple ideals is not known, "
                           "so Ragone's variance formula cannot be evaluated");
      return FALSE;
    }
  if (pl_pauli_sum_span (observable) > dla->n_qubits)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the observable acts on qubit %u, the algebra on %u qubits",
                   pl_pauli_sum_span (observable) - 1, dla->n_qubits);
      return FALSE;
    }

  c = _dla_table_coefficients (dla, observable, &total_c);
  /* e_P = <psi|P|psi> for every string an element of g uses */
  e = g_new0 (double, MAX (B->table.n, 1));
  for (gsize s = 0; s < B->table.n; s++)
    if (B->strings || B->inv_start[s + 1] > B->inv_start[s])
      e[s] = expectation (rho, B->table.keys[s]);
  /* the sum over all non-identity strings of <P>^2 is 2^n Tr(rho^2) - Tr(rho)^2 */
  if (rho->state != NULL)
    pl_state_norm2 (rho->state, &norm2);
  dim_n = ldexp (1.0, (int) dla->n_qubits);
  total_e = (dim_n - 1.0) * norm2 * norm2;

  pc = g_new (double, MAX (dla->n_ideals, 1));
  pe = g_new (double, MAX (dla->n_ideals, 1));
  in_c = _dla_project_vector (dla, c, pc);
  in_e = _dla_project_vector (dla, e, pe);

  out->observable_in_algebra = total_c - in_c <= 1e-9 * total_c;
  out->state_in_algebra = total_e - in_e <= 1e-9 * total_e;
  out->observable_purity = dim_n * in_c;
  out->state_purity = in_e / dim_n;
  if (out->observable_in_algebra || out->state_in_algebra)
    {
      out->variance = 0.0;
      for (guint j = 0; j < dla->n_ideals; j++)
        out->variance += pe[j] * pc[j] / (double) dla->ideals[j].dim;
    }
  else
    out->variance = NAN;
  return TRUE;
}

gboolean
pl_dla_predict_variance (const PlDla       *dla,
                         const PlState     *state,
                         const PlPauliSum  *observable,
                         PlDlaPrediction   *out,
                         GError           **error)
{
  g_autoptr(PlPauliSum) probe = NULL;
  Rho rho = { state, NULL, NULL };

  g_return_val_if_fail (dla != NULL && observable != NULL && out != NULL, FALSE);

  if (state != NULL && (state->n_qubits != dla->n_qubits || state->batch != 1))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the state has %u qubits and batch %" G_GSIZE_FORMAT ", the algebra needs %u "
                   "qubits and batch 1", state->n_qubits, state->batch, dla->n_qubits);
      return FALSE;
    }
  probe = pl_pauli_sum_new (dla->n_qubits);
  pl_pauli_sum_add_term (probe, 1.0, (PlPauliString) { 0, 0 });
  rho.probe = probe;
  return predict (dla, &rho, observable, out, error);
}

/* The Bloch vectors of W_0 |0...0> when W_0 has only single-qubit gates, else NULL. */
static double *
product_prefix (const PlDlaGenerators *gens)
{
  const PlCircuit *w0 = gens->prefix;
  g_autofree double *amp = g_new0 (double, 4 * gens->n_qubits);
  double *bloch;

  for (gsize i = 0; i < w0->n_ops; i++)
    if (pl_gate_info (w0->ops[i].gate)->n_wires != 1)
      return NULL;
  for (guint j = 0; j < gens->n_qubits; j++)
    amp[4 * j] = 1.0;  /* (re0, im0, re1, im1) of qubit j */
  for (gsize i = 0; i < w0->n_ops; i++)
    {
      const PlOp *op = &w0->ops[i];
      double angles[PL_GATE_MAX_PARAMS] = { 0 }, re[4], im[4];
      double *a = amp + 4 * op->wires[0], b[4];

      for (guint k = 0; k < pl_gate_info (op->gate)->n_params; k++)
        angles[k] = op->src[k].value;
      pl_gate_matrix (op->gate, angles, re, im);
      for (int r = 0; r < 2; r++)
        {
          b[2 * r] = re[2 * r] * a[0] - im[2 * r] * a[1] + re[2 * r + 1] * a[2]
                     - im[2 * r + 1] * a[3];
          b[2 * r + 1] = re[2 * r] * a[1] + im[2 * r] * a[0] + re[2 * r + 1] * a[3]
                         + im[2 * r + 1] * a[2];
        }
      memcpy (a, b, sizeof b);
    }
  bloch = g_new (double, 3 * gens->n_qubits);
  for (guint j = 0; j < gens->n_qubits; j++)
    {
      const double *a = amp + 4 * j;
      /* conj(alpha) beta */
      double cr = a[0] * a[2] + a[1] * a[3], ci = a[0] * a[3] - a[1] * a[2];

      bloch[3 * j] = 2 * cr;
      bloch[3 * j + 1] = 2 * ci;
      bloch[3 * j + 2] = a[0] * a[0] + a[1] * a[1] - a[2] * a[2] - a[3] * a[3];
    }
  return bloch;
}

gboolean
pl_dla_predict_circuit_variance (const PlDla            *dla,
                                 const PlDlaGenerators  *gens,
                                 const PlPauliSum       *observable,
                                 PlDlaPrediction        *out,
                                 GError                **error)
{
  g_autoptr(PlPauliSum) framed = NULL;
  g_autoptr(PlState) state = NULL;
  g_autofree double *bloch = NULL;

  g_return_val_if_fail (dla != NULL && gens != NULL && observable != NULL && out != NULL,
                        FALSE);
  g_return_val_if_fail (gens->n_qubits == dla->n_qubits, FALSE);

  framed = pl_dla_generators_transform (gens, observable);
  if (gens->prefix != NULL && !(bloch = product_prefix (gens)))
    {
      if (!(state = pl_dla_generators_initial_state (gens, error)))
        return FALSE;
    }
  if (bloch != NULL)
    {
      Rho rho = { NULL, bloch, NULL };

      return predict (dla, &rho, framed, out, error);
    }
  return pl_dla_predict_variance (dla, state, framed, out, error);
}

PlPauliSum *
pl_dla_observable_sum (const PlObservable  *obs,
                       GError             **error)
{
  PlPauliSum *sum;
  double w;

  g_return_val_if_fail (obs != NULL, NULL);

  if (obs->kind != PL_OBSERVABLE_GLOBAL_COST)
    return pl_pauli_sum_dup (obs->sum);
  if (obs->n_qubits > 20)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                   "the global cost on %u qubits has 2^%u Pauli terms; up to 20 qubits are "
                   "expanded", obs->n_qubits, obs->n_qubits);
      return NULL;
    }
  /* |0...0><0...0| = prod_j (I + Z_j) / 2 = 2^-n sum_S Z_S */
  sum = pl_pauli_sum_new (obs->n_qubits);
  w = ldexp (1.0, -(int) obs->n_qubits);
  pl_pauli_sum_add_term (sum, 1.0, (PlPauliString) { 0, 0 });
  for (guint64 z = 0; z < (G_GUINT64_CONSTANT (1) << obs->n_qubits); z++)
    pl_pauli_sum_add_term (sum, -w, (PlPauliString) { 0, z });
  pl_pauli_sum_simplify (sum, 0.0);
  return sum;
}
