/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-state.h"
#include "pl-error.h"
#include "pl-state-private.h"

#include <string.h>

/* Each of re, im and work starts on its own 64-byte boundary inside one allocation, so one
 * size check against physical memory covers the whole state. */
static gsize
round_up_64 (gsize n)
{
  return (n + 63) & ~(gsize) 63;
}

gsize
pl_state_bytes (guint n_qubits,
                gsize batch)
{
  gsize amps, amp_bytes, work_bytes, total;

  if (n_qubits >= GLIB_SIZEOF_SIZE_T * 8)
    return G_MAXSIZE;
  if (!g_size_checked_mul (&amps, (gsize) 1 << n_qubits, batch) ||
      !g_size_checked_mul (&amp_bytes, amps, sizeof (double)) ||
      !g_size_checked_mul (&work_bytes, batch, 8 * sizeof (double)) ||
      amp_bytes > G_MAXSIZE - 64 || work_bytes > G_MAXSIZE - 64)
    return G_MAXSIZE;
  amp_bytes = round_up_64 (amp_bytes);
  work_bytes = round_up_64 (work_bytes);
  if (!g_size_checked_add (&total, amp_bytes, amp_bytes) ||
      !g_size_checked_add (&total, total, work_bytes) ||
      total == G_MAXSIZE)
    return G_MAXSIZE;
  return total;
}

PlState *
pl_state_new (guint    n_qubits,
              gsize    batch,
              GError **error)
{
  g_autofree char *what = NULL;
  PlState *state;
  gsize amp_bytes;
  char *mem;

  if (n_qubits == 0 || n_qubits > PL_STATE_MAX_QUBITS)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "A state needs between 1 and %d qubits, not %u",
                   PL_STATE_MAX_QUBITS, n_qubits);
      return NULL;
    }
  if (batch == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "A state needs a batch of at least 1 statevector, not 0");
      return NULL;
    }

  what = g_strdup_printf ("A state of %u qubits with batch %" G_GSIZE_FORMAT,
                          n_qubits, batch);
  mem = pl_aligned_alloc (pl_state_bytes (n_qubits, batch), what, error);
  if (mem == NULL)
    return NULL;

  state = g_new0 (PlState, 1);
  state->n_qubits = n_qubits;
  state->dim = (gsize) 1 << n_qubits;
  state->batch = batch;
  amp_bytes = round_up_64 (state->dim * batch * sizeof (double));
  state->re = (double *) mem;
  state->im = (double *) (mem + amp_bytes);
  state->work = (double *) (mem + 2 * amp_bytes);
  pl_state_set_zero (state);
  return state;
}

void
pl_state_free (PlState *state)
{
  if (state == NULL)
    return;
  pl_aligned_free (state->re);
  g_free (state);
}

PlState *
pl_state_dup (const PlState  *state,
              GError        **error)
{
  PlState *copy;

  g_return_val_if_fail (state != NULL, NULL);

  copy = pl_state_new (state->n_qubits, state->batch, error);
  if (copy != NULL)
    pl_state_copy (copy, state);
  return copy;
}

void
pl_state_set_zero (PlState *state)
{
  pl_state_set_basis (state, 0);
}

void
pl_state_set_basis (PlState *state,
                    guint64  index)
{
  gsize n;

  g_return_if_fail (state != NULL);
  g_return_if_fail (index < state->dim);

  n = state->dim * state->batch;
  memset (state->re, 0, n * sizeof (double));
  memset (state->im, 0, n * sizeof (double));
  for (gsize b = 0; b < state->batch; b++)
    state->re[index * state->batch + b] = 1.0;
}

void
pl_state_copy (PlState       *dst,
               const PlState *src)
{
  gsize n;

  g_return_if_fail (dst != NULL && src != NULL);
  g_return_if_fail (dst->n_qubits == src->n_qubits && dst->batch == src->batch);

  if (dst == src)
    return;
  n = src->dim * src->batch;
  memcpy (dst->re, src->re, n * sizeof (double));
  memcpy (dst->im, src->im, n * sizeof (double));
}

void
pl_state_set_element (PlState      *state,
                      gsize         b,
                      const double *re,
                      const double *im)
{
  g_return_if_fail (state != NULL);
  g_return_if_fail (b < state->batch);
  g_return_if_fail (re != NULL && im != NULL);

  for (gsize a = 0; a < state->dim; a++)
    {
      state->re[a * state->batch + b] = re[a];
      state->im[a * state->batch + b] = im[a];
    }
}

void
pl_state_get_element (const PlState *state,
                      gsize          b,
                      double        *re,
                      double        *im)
{
  g_return_if_fail (state != NULL);
  g_return_if_fail (b < state->batch);
  g_return_if_fail (re != NULL && im != NULL);

  for (gsize a = 0; a < state->dim; a++)
    {
      re[a] = state->re[a * state->batch + b];
      im[a] = state->im[a * state->batch + b];
    }
}

gboolean
pl_state_check_wires (guint         n_qubits,
                      PlGate        gate,
                      const guint  *wires,
                      GError      **error)
{
  const PlGateInfo *info;

  if ((guint) gate >= PL_N_GATES)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "Unknown gate number %d (there are %d gates)", (int) gate, PL_N_GATES);
      return FALSE;
    }
  info = pl_gate_info (gate);
  if (wires == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "Gate “%s” needs %u wire(s), none given", info->name, info->n_wires);
      return FALSE;
    }
  for (guint k = 0; k < info->n_wires; k++)
    {
      if (wires[k] >= n_qubits)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "Wire %u of gate “%s” is out of range: the register has %u qubit(s), "
                       "wires 0 to %u", wires[k], info->name, n_qubits,
                       n_qubits > 0 ? n_qubits - 1 : 0);
          return FALSE;
        }
    }
  if (info->n_wires == 2 && wires[0] == wires[1])
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "Gate “%s” needs two different wires, got %u twice",
                   info->name, wires[0]);
      return FALSE;
    }
  return TRUE;
}

void
pl_state_inner (const PlState *a,
                const PlState *c,
                double        *out_re,
                double        *out_im)
{
  g_return_if_fail (a != NULL && c != NULL);
  g_return_if_fail (a->n_qubits == c->n_qubits && a->batch == c->batch);
  g_return_if_fail (out_re != NULL && out_im != NULL);

  _pl_state_inner_kernel (a->re, a->im, c->re, c->im, a->dim, a->batch, out_re, out_im);
}

void
pl_state_norm2 (const PlState *state,
                double        *out)
{
  g_return_if_fail (state != NULL && out != NULL);

  _pl_state_norm2_kernel (state->re, state->im, state->dim, state->batch, out);
}

void
pl_state_axpy (PlState       *y,
               const PlAngle *alpha,
               const PlState *x)
{
  g_return_if_fail (y != NULL && x != NULL && alpha != NULL && alpha->v != NULL);
  g_return_if_fail (y->n_qubits == x->n_qubits && y->batch == x->batch);
  g_return_if_fail (alpha->stride <= 1);

  if (x == y)
    {
      /* y + alpha y = (1 + alpha) y; the kernel's restrict contract needs distinct arrays. */
      PlAngle factor = { y->work, 1 };

      for (gsize b = 0; b < y->batch; b++)
        y->work[b] = 1.0 + alpha->v[b * alpha->stride];
      _pl_state_scale_kernel (y->re, y->im, y->dim, y->batch, &factor);
      return;
    }
  _pl_state_axpy_kernel (y->re, y->im, x->re, x->im, y->dim, y->batch, alpha);
}

void
pl_state_scale (PlState       *state,
                const PlAngle *factor)
{
  g_return_if_fail (state != NULL && factor != NULL && factor->v != NULL);
  g_return_if_fail (factor->stride <= 1);

  _pl_state_scale_kernel (state->re, state->im, state->dim, state->batch, factor);
}

/* The same order of preference as the resolver GCC emits for the target_clones list in
 * pl-state-kernels.c, so this names the clone that actually runs. */
const char *
pl_state_kernel_isa (void)
{
#if HAVE_TARGET_CLONES
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx512f"))
    return "avx512";
  if (__builtin_cpu_supports ("avx2"))
    return "avx2";
#endif
  return "generic";
}
