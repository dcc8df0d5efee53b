/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Circuit construction, argument checks and simulation against the dense reference.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

typedef struct {
  double *params;
  double *inputs;
  double *external;
} Values;

static void
values_random (PlRng           *rng,
               const PlCircuit *c,
               gsize            batch,
               gboolean         params_batched,
               Values          *v,
               PlCircuitArgs   *args)
{
  gsize np = (gsize) c->n_params * (params_batched ? batch : 1);

  v->params = g_new (double, MAX (np, 1));
  v->inputs = g_new (double, MAX (c->n_inputs * batch, 1));
  v->external = g_new (double, MAX (c->n_external * batch, 1));
  for (gsize i = 0; i < np; i++)
    v->params[i] = 2 * G_PI * pl_rng_uniform (rng);
  for (gsize i = 0; i < c->n_inputs * batch; i++)
    v->inputs[i] = 2 * pl_rng_uniform (rng) - 1;
  for (gsize i = 0; i < c->n_external * batch; i++)
    v->external[i] = 4 * pl_rng_uniform (rng) - 2;
  *args = (PlCircuitArgs) { batch, v->params, params_batched, v->inputs, v->external };
}

static void
values_clear (Values *v)
{
  g_free (v->params);
  g_free (v->inputs);
  g_free (v->external);
}

static void
test_run_vs_dense (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  for (guint n = 1; n <= 6; n++)
    for (guint rep = 0; rep < 4; rep++)
      {
        gsize batch = rep == 0 ? 1 : 3 + rep;
        g_autoptr(PlCircuit) c = ref_random_circuit (&rng, n, 30);
        g_autoptr(PlState) s = pl_state_new (n, batch, NULL);
        g_autofree double *re = g_new (double, s->dim);
        g_autofree double *im = g_new (double, s->dim);
        g_autofree double *sre = g_new (double, s->dim);
        g_autofree double *sim = g_new (double, s->dim);
        PlCircuitArgs args;
        Values v;
        g_autoptr(GError) error = NULL;

        values_random (&rng, c, batch, rep % 2 == 1, &v, &args);
        g_assert_true (pl_circuit_run (c, &args, s, &error));
        g_assert_no_error (error);
        for (gsize b = 0; b < batch; b++)
          {
            ref_circuit_state (c, &args, b, re, im);
            pl_state_get_element (s, b, sre, sim);
            for (gsize a = 0; a < s->dim; a++)
              {
                g_assert_cmpfloat_with_epsilon (sre[a], re[a], 1e-12);
                g_assert_cmpfloat_with_epsilon (sim[a], im[a], 1e-12);
              }
          }
        values_clear (&v);
      }
}

static void
test_bad_args (void)
{
  g_autoptr(PlCircuit) c = pl_circuit_new (2);
  g_autoptr(PlState) s = pl_state_new (2, 1, NULL);
  g_autoptr(GError) error = NULL;
  guint w[2] = { 0, 1 };
  guint bad[2] = { 0, 2 };
  guint same[2] = { 1, 1 };
  PlAngleSource src = pl_source_param (0, 1.0);
  PlAngleSource nan_src = pl_source_fixed (NAN);
  double p[1] = { NAN };
  PlCircuitArgs args = { 1, p, FALSE, NULL, NULL };

  /* a parameter that does not exist yet */
  g_assert_false (pl_circuit_append (c, PL_GATE_RX, w, &src, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "parameter 0"));
  g_clear_error (&error);

  g_assert_false (pl_circuit_append (c, PL_GATE_CNOT, bad, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pl_circuit_append (c, PL_GATE_CNOT, same, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pl_circuit_append (c, PL_GATE_RX, w, &nan_src, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pl_circuit_append (c, PL_GATE_RX, w, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (c->n_ops, ==, 0);

  g_assert_true (pl_circuit_append_trainable (c, PL_GATE_RX, w, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c->n_params, ==, 1);

  /* NaN angle values are refused, naming the parameter */
  g_assert_false (pl_circuit_run (c, &args, s, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "parameter 0"));
  g_clear_error (&error);

  args.params = NULL;
  g_assert_false (pl_circuit_run (c, &args, s, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
}

static void
test_dup_independent (void)
{
  g_autoptr(PlCircuit) c = pl_circuit_new (3);
  g_autoptr(PlCircuit) d = NULL;
  guint w[2] = { 0, 2 };

  g_assert_true (pl_circuit_append_trainable (c, PL_GATE_CRY, w, NULL));
  d = pl_circuit_dup (c);
  g_assert_true (pl_circuit_append_trainable (d, PL_GATE_U3, w, NULL));
  g_assert_cmpuint (c->n_ops, ==, 1);
  g_assert_cmpuint (d->n_ops, ==, 2);
  g_assert_cmpuint (c->n_params, ==, 1);
  g_assert_cmpuint (d->n_params, ==, 4);
  g_assert_cmpint (d->ops[0].gate, ==, PL_GATE_CRY);
}

/* Deep random circuits keep the norm (the kernels are unitary to rounding). */
static void
test_norm_deep (void)
{
  PlRng rng;
  g_autoptr(PlCircuit) c = NULL;
  g_autoptr(PlState) s = NULL;
  g_autofree double *norm = NULL;
  PlCircuitArgs args;
  Values v;

  pl_rng_init (&rng, ref_test_seed () + 7);
  c = ref_random_circuit (&rng, 12, 3000);
  s = pl_state_new (12, 2, NULL);
  norm = g_new (double, 2);
  values_random (&rng, c, 2, TRUE, &v, &args);
  g_assert_true (pl_circuit_run (c, &args, s, NULL));
  pl_state_norm2 (s, norm);
  g_assert_cmpfloat (fabs (norm[0] - 1.0), <, 1e-12);
  g_assert_cmpfloat (fabs (norm[1] - 1.0), <, 1e-12);
  values_clear (&v);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/Circuit/run-vs-dense", test_run_vs_dense);
  g_test_add_func ("/Plateau/Circuit/bad-args", test_bad_args);
  g_test_add_func ("/Plateau/Circuit/dup-independent", test_dup_independent);
  g_test_add_func ("/Plateau/Circuit/norm-deep", test_norm_deep);
  return g_test_run ();
}
