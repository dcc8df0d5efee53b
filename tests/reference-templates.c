/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * reference-templates.c: helpers the template tests share: build a template, draw
 * parameters, run the simulator under test, and build states gate by gate through the dense
 * reference (tests/reference.c).
 */
#include "reference.h"

#include <string.h>

PlCircuit *
ref_tpl_build (const char *name,
       guint       n,
       guint       layers)
{
  PlTemplateOptions o = { .n_qubits = n, .n_layers = layers };
  g_autoptr (GError) error = NULL;
  PlCircuit *c = pl_circuit_new_template (name, &o, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

PlCircuit *
ref_tpl_build_with (const char *name,
                    guint       n,
                    guint       layers,
                    const char *rotations,
                    const char *entangler,
                    const char *gate,
                    gboolean    periodic,
                    gboolean    per_term)
{
  PlTemplateOptions topt = {
    .n_qubits = n, .n_layers = layers, .rotations = rotations, .entangler = entangler,
    .entangler_gate = gate, .periodic = periodic, .per_term = per_term, .seed = 7,
  };
  g_autoptr(GError) error = NULL;
  PlCircuit *c = pl_circuit_new_template (name, &topt, &error);

  g_assert_no_error (error);
  return c;
}

double *
ref_tpl_random_params (PlRng *rng,
               guint  n)
{
  double *p = g_new (double, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    p[i] = 2 * G_PI * pl_rng_uniform (rng) - G_PI;
  return p;
}

/* The circuit's state for batch element @b through the simulator under test. */
void
ref_tpl_circuit_state (const PlCircuit *c,
               const double    *params,
               const double    *inputs,
               gsize            batch,
               gsize            b,
               double          *re,
               double          *im)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PlState) s = pl_state_new (c->n_qubits, batch, &error);
  PlCircuitArgs args = { .batch = batch, .params = params, .inputs = inputs };

  g_assert_no_error (error);
  g_assert_true (pl_circuit_run (c, &args, s, &error));
  g_assert_no_error (error);
  pl_state_get_element (s, b, re, im);
}

void
ref_tpl_assert_same_state (gsize         dim,
                   const double *re,
                   const double *im,
                   const double *ref_re,
                   const double *ref_im)
{
  for (gsize a = 0; a < dim; a++)
    {
      g_assert_cmpfloat_with_epsilon (re[a], ref_re[a], 1e-12);
      g_assert_cmpfloat_with_epsilon (im[a], ref_im[a], 1e-12);
    }
}

void
ref_tpl_zero_state (gsize   dim,
            double *re,
            double *im)
{
  memset (re, 0, dim * sizeof (double));
  memset (im, 0, dim * sizeof (double));
  re[0] = 1;
}

void
ref_tpl_apply (guint   n,
       PlGate  gate,
       guint   w0,
       guint   w1,
       double  angle,
       double *re,
       double *im)
{
  guint wires[2] = { w0, w1 };
  double angles[3] = { angle, 0, 0 };

  ref_apply_gate (n, gate, wires, angles, re, im);
}
