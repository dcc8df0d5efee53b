/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests of the state object of pl-state.h: the bit order of basis states (truth tables of X,
 * CNOT and SWAP), the buffers (alignment, layout of the batch, copies) and the argument
 * checks. The gate kernels are checked in test-state-gates.c, the generators and reductions in
 * test-state-reduce.c.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

#define TOL 1e-12

/* Which amplitude has modulus one, for a state known to be a basis state up to a phase. */
static gsize
basis_index (const PlState *state,
             gsize          b)
{
  gsize found = G_MAXSIZE;

  for (gsize a = 0; a < state->dim; a++)
    {
      double re = state->re[a * state->batch + b], im = state->im[a * state->batch + b];
      double m = re * re + im * im;

      if (fabs (m - 1) < TOL)
        found = a;
      else
        g_assert_cmpfloat (m, <, TOL);
    }
  g_assert_cmpuint (found, !=, G_MAXSIZE);
  return found;
}

static void
test_basis_semantics (void)
{
  const guint n = 3;
  g_autoptr(PlState) state = ref_state_new (n, 2);

  for (guint64 i = 0; i < 8; i++)
    for (guint q = 0; q < n; q++)
      {
        pl_state_set_basis (state, i);
        pl_state_apply (state, PL_GATE_X, &q, NULL);
        g_assert_cmpuint (basis_index (state, 1), ==, i ^ (1u << q));
        for (guint q2 = 0; q2 < n; q2++)
          {
            guint w[2] = { q, q2 };
            guint64 bq = (i >> q) & 1, bq2 = (i >> q2) & 1;
            guint64 swapped = (i & ~((1u << q) | (1u << q2))) | (bq << q2) | (bq2 << q);

            if (q == q2)
              continue;
            pl_state_set_basis (state, i);
            pl_state_apply (state, PL_GATE_CNOT, w, NULL);
            g_assert_cmpuint (basis_index (state, 0), ==, bq ? i ^ (1u << q2) : i);
            pl_state_set_basis (state, i);
            pl_state_apply (state, PL_GATE_SWAP, w, NULL);
            g_assert_cmpuint (basis_index (state, 1), ==, swapped);
          }
      }
}

static void
test_buffers (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 8);
  for (guint n = 1; n <= 4; n++)
    {
      const gsize batch = 3;
      g_autoptr(PlState) state = ref_state_new (n, batch);
      g_autoptr(PlState) copy = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree double *re = g_new (double, state->dim * batch);
      g_autofree double *im = g_new (double, state->dim * batch);
      g_autofree double *zero = g_new0 (double, state->dim);
      g_autofree double *basis = g_new0 (double, state->dim);

      g_assert_cmpuint (state->dim, ==, 1u << n);
      g_assert_cmpuint ((guintptr) state->re % 64, ==, 0);
      g_assert_cmpuint ((guintptr) state->im % 64, ==, 0);
      g_assert_cmpuint ((guintptr) state->work % 64, ==, 0);
      g_assert_cmpuint (pl_state_bytes (n, batch), >=, 2 * state->dim * batch * 8 + 64 * batch);

      /* A new state is |0...0> in every element. */
      basis[0] = 1;
      for (gsize b = 0; b < batch; b++)
        ref_assert_element (state, b, basis, zero, 0);

      ref_random_states (&rng, state, re, im);
      /* Element b of a state is at re[a * batch + b]. */
      for (gsize b = 0; b < batch; b++)
        for (gsize a = 0; a < state->dim; a++)
          g_assert_cmpfloat (state->re[a * batch + b], ==, re[b * state->dim + a]);

      copy = pl_state_dup (state, &error);
      g_assert_no_error (error);
      for (gsize b = 0; b < batch; b++)
        ref_assert_element (copy, b, re + b * state->dim, im + b * state->dim, 0);

      pl_state_set_basis (state, state->dim - 1);
      basis[0] = 0, basis[state->dim - 1] = 1;
      for (gsize b = 0; b < batch; b++)
        ref_assert_element (state, b, basis, zero, 0);
      pl_state_copy (state, copy);
      for (gsize b = 0; b < batch; b++)
        ref_assert_element (state, b, re + b * state->dim, im + b * state->dim, 0);
      pl_state_set_zero (copy);
      basis[state->dim - 1] = 0, basis[0] = 1;
      for (gsize b = 0; b < batch; b++)
        ref_assert_element (copy, b, basis, zero, 0);
    }
}

static void
test_errors (void)
{
  static const char *isa[] = { "avx512", "avx2", "generic" };
  const char *name = pl_state_kernel_isa ();
  gboolean known = FALSE;
  PlState *state;
  GError *error = NULL;
  guint w[2];

  state = pl_state_new (0, 1, &error);
  g_assert_null (state);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  state = pl_state_new (4, 0, &error);
  g_assert_null (state);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  state = pl_state_new (PL_STATE_MAX_QUBITS + 1, 1, &error);
  g_assert_null (state);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* 2^40 amplitudes need 16 TiB: refused before allocation, with the size in the message. */
  state = pl_state_new (40, 1, &error);
  g_assert_null (state);
  g_assert_error (error, PL_ERROR, PL_ERROR_NO_MEMORY);
  g_assert_nonnull (strstr (error->message, "TiB"));
  g_clear_error (&error);

  /* A batch so large the byte count overflows. */
  g_assert_cmpuint (pl_state_bytes (30, G_MAXSIZE / 4), ==, G_MAXSIZE);
  state = pl_state_new (30, G_MAXSIZE / 4, &error);
  g_assert_null (state);
  g_assert_error (error, PL_ERROR, PL_ERROR_NO_MEMORY);
  g_assert_cmpuint (strlen (error->message), >, 0);
  g_clear_error (&error);

  /* Wires. */
  w[0] = 0, w[1] = 1;
  g_assert_true (pl_state_check_wires (2, PL_GATE_CNOT, w, &error));
  g_assert_no_error (error);
  w[0] = 1;
  g_assert_true (pl_state_check_wires (2, PL_GATE_RX, w, &error));
  g_assert_no_error (error);
  w[0] = 2;
  g_assert_false (pl_state_check_wires (2, PL_GATE_RX, w, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "2"));
  g_clear_error (&error);
  w[0] = 0, w[1] = 5;
  g_assert_false (pl_state_check_wires (3, PL_GATE_CZ, w, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  w[0] = 1, w[1] = 1;
  g_assert_false (pl_state_check_wires (3, PL_GATE_SWAP, w, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pl_state_check_wires (3, PL_N_GATES, w, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  for (guint k = 0; k < G_N_ELEMENTS (isa); k++)
    known |= g_str_equal (name, isa[k]);
  g_assert_true (known);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/State/basis-semantics", test_basis_semantics);
  g_test_add_func ("/Plateau/State/buffers", test_buffers);
  g_test_add_func ("/Plateau/State/errors", test_errors);

  return g_test_run ();
}
