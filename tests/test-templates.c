/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Circuit templates against independent descriptions: parameter counts from closed formulas
 * and states built densely here, gate by gate with the reference code or as matrix
 * exponentials of the Hamiltonians for the Ising and QAOA ansatze. The circuits of Sim et al.
 * 2019 are checked in test-sim.c.
 */
#include "reference.h"

#include <complex.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

/* --- every template -------------------------------------------------------------------- */

static void
test_names (void)
{
  const char *const *names = pl_circuit_template_names ();
  guint count = 0;

  for (; names[count] != NULL; count++)
    {
      g_autoptr (PlCircuit) c = ref_tpl_build (names[count], 4, 3);
      const char *describe = pl_circuit_template_describe (names[count]);

      g_assert_nonnull (describe);
      g_assert_cmpuint (strlen (describe), >, 10);
      g_assert_cmpstr (c->name, ==, names[count]);
      g_assert_cmpuint (c->n_qubits, ==, 4);
      g_assert_cmpuint (c->n_layers, ==, 3);
      g_assert_cmpuint (c->n_ops, >, 0);
      /* Layers are contiguous and in order: every layer appears, none out of range. */
      g_assert_cmpuint (c->ops[0].layer, ==, 0);
      g_assert_cmpuint (c->ops[c->n_ops - 1].layer, ==, 2);
      for (gsize i = 1; i < c->n_ops; i++)
        g_assert_cmpuint (c->ops[i].layer, <=, c->ops[i - 1].layer + 1);
      for (gsize i = 1; i < c->n_ops; i++)
        g_assert_cmpuint (c->ops[i].layer, >=, c->ops[i - 1].layer);
    }
  /* hea, sim1..19, mcclean, tfim, qaoa-ring, reupload, strong */
  g_assert_cmpuint (count, ==, 25);
  g_assert_null (pl_circuit_template_describe ("no-such-template"));
}

/* --- hea, strong, mcclean, reupload ------------------------------------------------------ */

/* Entangling pairs written out independently of the template code. */
static guint
topology_pairs (const char *topology,
                guint       n,
                guint       pairs[][2])
{
  guint count = 0;

  if (strcmp (topology, "line") == 0 || strcmp (topology, "ring") == 0)
    {
      for (guint i = 0; i + 1 < n; i++)
        {
          pairs[count][0] = i;
          pairs[count++][1] = i + 1;
        }
      if (strcmp (topology, "ring") == 0 && n >= 3)
        {
          pairs[count][0] = n - 1;
          pairs[count++][1] = 0;
        }
    }
  else if (strcmp (topology, "all") == 0)
    {
      for (guint i = 0; i < n; i++)
        for (guint j = i + 1; j < n; j++)
          {
            pairs[count][0] = i;
            pairs[count++][1] = j;
          }
    }
  return count;
}

static void
test_hea (void)
{
  static const char *const topologies[] = { "line", "ring", "all", "none" };
  static const struct { const char *text; PlGate gates[3]; guint n; } rotation_sets[] = {
    { NULL, { PL_GATE_RY, PL_GATE_RZ }, 2 },
    { "rx", { PL_GATE_RX }, 1 },
    { "rz, rx,ry", { PL_GATE_RZ, PL_GATE_RX, PL_GATE_RY }, 3 },
  };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 1);
  for (guint n = 1; n <= 5; n++)
    for (guint t = 0; t < G_N_ELEMENTS (topologies); t++)
      for (guint r = 0; r < G_N_ELEMENTS (rotation_sets); r++)
        for (guint g = 0; g < 2; g++)
          {
            PlTemplateOptions o = { .n_qubits = n, .n_layers = 3,
                                    .rotations = rotation_sets[r].text,
                                    .entangler = t == 0 ? NULL : topologies[t],
                                    .entangler_gate = g == 0 ? NULL : "cz" };
            PlGate ent = g == 0 ? PL_GATE_CNOT : PL_GATE_CZ;
            g_autoptr (GError) error = NULL;
            g_autoptr (PlCircuit) c = pl_circuit_new_template ("hea", &o, &error);
            gsize dim = (gsize) 1 << n;
            g_autofree double *p = NULL;
            g_autofree double *re = g_new (double, dim);
            g_autofree double *im = g_new (double, dim);
            g_autofree double *ref_re = g_new (double, dim);
            g_autofree double *ref_im = g_new (double, dim);
            guint pairs[16][2];
            guint n_pairs = topology_pairs (topologies[t], n, pairs);
            guint k = 0;

            g_assert_no_error (error);
            g_assert_cmpuint (c->n_params, ==, 3 * n * rotation_sets[r].n);
            g_assert_cmpuint (c->n_ops, ==, 3 * (n * rotation_sets[r].n + n_pairs));
            p = ref_tpl_random_params (&rng, c->n_params);
            ref_tpl_zero_state (dim, ref_re, ref_im);
            for (guint l = 0; l < 3; l++)
              {
                for (guint i = 0; i < rotation_sets[r].n; i++)
                  for (guint q = 0; q < n; q++)
                    ref_tpl_apply (n, rotation_sets[r].gates[i], q, 0, p[k++], ref_re, ref_im);
                for (guint i = 0; i < n_pairs; i++)
                  ref_tpl_apply (n, ent, pairs[i][0], pairs[i][1], 0, ref_re, ref_im);
              }
            ref_tpl_circuit_state (c, p, NULL, 1, 0, re, im);
            ref_tpl_assert_same_state (dim, re, im, ref_re, ref_im);
          }
}

static void
test_strong (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 2);
  for (guint n = 1; n <= 5; n++)
    {
      guint layers = 5;
      g_autoptr (PlCircuit) c = ref_tpl_build ("strong", n, layers);
      gsize dim = (gsize) 1 << n;
      g_autofree double *p = NULL;
      g_autofree double *re = g_new (double, dim);
      g_autofree double *im = g_new (double, dim);
      g_autofree double *ref_re = g_new (double, dim);
      g_autofree double *ref_im = g_new (double, dim);
      guint k = 0;

      g_assert_cmpuint (c->n_params, ==, 3 * n * layers);
      p = ref_tpl_random_params (&rng, c->n_params);
      ref_tpl_zero_state (dim, ref_re, ref_im);
      for (guint l = 0; l < layers; l++)
        {
          /* PennyLane's StronglyEntanglingLayers: ranges r_l = l mod (n - 1) + 1. */
          guint range = n > 1 ? l % (n - 1) + 1 : 0;

          for (guint q = 0; q < n; q++, k += 3)
            {
              guint w[2] = { q, 0 };

              ref_apply_gate (n, PL_GATE_ROT, w, &p[k], ref_re, ref_im);
            }
          for (guint q = 0; q < n && n > 1; q++)
            ref_tpl_apply (n, PL_GATE_CNOT, q, (q + range) % n, 0, ref_re, ref_im);
        }
      ref_tpl_circuit_state (c, p, NULL, 1, 0, re, im);
      ref_tpl_assert_same_state (dim, re, im, ref_re, ref_im);
    }
}

static void
test_mcclean (void)
{
  guint n = 6, layers = 10;
  PlTemplateOptions o = { .n_qubits = n, .n_layers = layers, .seed = 7 };
  g_autoptr (PlCircuit) a = pl_circuit_new_template ("mcclean", &o, NULL);
  g_autoptr (PlCircuit) b = pl_circuit_new_template ("mcclean", &o, NULL);
  g_autoptr (PlCircuit) other = NULL;
  guint axis_count[3] = { 0 };
  guint differ = 0;
  gsize dim = (gsize) 1 << n;
  g_autofree double *p = NULL;
  g_autofree double *re = g_new (double, dim);
  g_autofree double *im = g_new (double, dim);
  g_autofree double *ref_re = g_new (double, dim);
  g_autofree double *ref_im = g_new (double, dim);
  PlRng rng;
  gsize i = 0;
  guint k = 0;

  g_assert_nonnull (a);
  g_assert_cmpuint (a->n_params, ==, n * layers);
  g_assert_cmpuint (a->n_ops, ==, n + layers * (n + n - 1));

  /* Same seed, same circuit. */
  g_assert_cmpuint (a->n_ops, ==, b->n_ops);
  for (gsize j = 0; j < a->n_ops; j++)
    {
      g_assert_cmpint (a->ops[j].gate, ==, b->ops[j].gate);
      g_assert_cmpuint (a->ops[j].wires[0], ==, b->ops[j].wires[0]);
      g_assert_cmpuint (a->ops[j].wires[1], ==, b->ops[j].wires[1]);
    }
  /* Another seed, other axes. */
  o.seed = 8;
  other = pl_circuit_new_template ("mcclean", &o, NULL);
  g_assert_cmpuint (other->n_ops, ==, a->n_ops);
  for (gsize j = 0; j < a->n_ops; j++)
    differ += a->ops[j].gate != other->ops[j].gate;
  g_assert_cmpuint (differ, >, 0);

  /* Structure: RY(pi/4) fixed on every qubit, then per layer a Pauli rotation per qubit with
   * its own parameter and a CZ ladder. The state follows from that description. */
  pl_rng_init (&rng, ref_test_seed () + 3);
  p = ref_tpl_random_params (&rng, a->n_params);
  ref_tpl_zero_state (dim, ref_re, ref_im);
  for (guint q = 0; q < n; q++, i++)
    {
      g_assert_cmpint (a->ops[i].gate, ==, PL_GATE_RY);
      g_assert_cmpint (a->ops[i].src[0].kind, ==, PL_SOURCE_FIXED);
      g_assert_cmpfloat_with_epsilon (a->ops[i].src[0].value, G_PI / 4, 1e-15);
      ref_tpl_apply (n, PL_GATE_RY, q, 0, G_PI / 4, ref_re, ref_im);
    }
  for (guint l = 0; l < layers; l++)
    {
      for (guint q = 0; q < n; q++, i++, k++)
        {
          PlGate gate = a->ops[i].gate;

          g_assert_true (gate == PL_GATE_RX || gate == PL_GATE_RY || gate == PL_GATE_RZ);
          g_assert_cmpuint (a->ops[i].wires[0], ==, q);
          g_assert_cmpint (a->ops[i].src[0].kind, ==, PL_SOURCE_PARAM);
          g_assert_cmpuint (a->ops[i].src[0].index, ==, k);
          axis_count[gate - PL_GATE_RX]++;
          ref_tpl_apply (n, gate, q, 0, p[k], ref_re, ref_im);
        }
      for (guint q = 0; q + 1 < n; q++, i++)
        {
          g_assert_cmpint (a->ops[i].gate, ==, PL_GATE_CZ);
          ref_tpl_apply (n, PL_GATE_CZ, q, q + 1, 0, ref_re, ref_im);
        }
    }
  /* 60 draws from three axes: each appears (a uniform choice misses one with p ~ 1e-10). */
  for (guint ax = 0; ax < 3; ax++)
    g_assert_cmpuint (axis_count[ax], >, 5);
  ref_tpl_circuit_state (a, p, NULL, 1, 0, re, im);
  ref_tpl_assert_same_state (dim, re, im, ref_re, ref_im);
}

static void
test_reupload (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 4);
  /* The QPINN circuit of the reference configuration: 4 qubits, 4 layers of
   * [RY(a x + b) on each qubit; RY, RZ on each; CNOT ring]. */
  {
    g_autoptr (PlCircuit) c = ref_tpl_build ("reupload", 4, 4);

    g_assert_cmpuint (c->n_params, ==, 4 * (2 * 4 + 2 * 4));
    g_assert_cmpuint (c->n_inputs, ==, 1);
    g_assert_cmpuint (c->n_ops, ==, 4 * (4 + 8 + 4));
  }
  for (guint n_inputs = 1; n_inputs <= 3; n_inputs++)
    for (guint n = MAX (n_inputs, 2); n <= 4; n++)
      {
        PlTemplateOptions o = { .n_qubits = n, .n_layers = 3, .n_inputs = n_inputs };
        g_autoptr (PlCircuit) c = pl_circuit_new_template ("reupload", &o, NULL);
        gsize batch = 3, dim = (gsize) 1 << n;
        g_autofree double *p = ref_tpl_random_params (&rng, c->n_params);
        g_autofree double *x = ref_tpl_random_params (&rng, n_inputs * batch);
        g_autofree double *re = g_new (double, dim);
        g_autofree double *im = g_new (double, dim);
        g_autofree double *ref_re = g_new (double, dim);
        g_autofree double *ref_im = g_new (double, dim);

        g_assert_cmpuint (c->n_inputs, ==, n_inputs);
        g_assert_cmpuint (c->n_params, ==, 3 * 4 * n);
        for (gsize b = 0; b < batch; b++)
          {
            guint k = 0;

            ref_tpl_zero_state (dim, ref_re, ref_im);
            for (guint l = 0; l < 3; l++)
              {
                for (guint q = 0; q < n; q++, k += 2)
                  ref_tpl_apply (n, PL_GATE_RY, q, 0, p[k] * x[(q % n_inputs) * batch + b] + p[k + 1],
                         ref_re, ref_im);
                for (guint q = 0; q < n; q++)
                  ref_tpl_apply (n, PL_GATE_RY, q, 0, p[k++], ref_re, ref_im);
                for (guint q = 0; q < n; q++)
                  ref_tpl_apply (n, PL_GATE_RZ, q, 0, p[k++], ref_re, ref_im);
                for (guint q = 0; q < n && (n > 2 || q == 0); q++)
                  ref_tpl_apply (n, PL_GATE_CNOT, q, (q + 1) % n, 0, ref_re, ref_im);
              }
            ref_tpl_circuit_state (c, p, x, batch, b, re, im);
            ref_tpl_assert_same_state (dim, re, im, ref_re, ref_im);
          }
      }
}

/* --- tfim and qaoa-ring as matrix exponentials ---------------------------------------- */

/* psi <- exp(-i H) psi for a dense Hermitian H (row-major, dim x dim), through the
 * eigendecomposition H = V diag(w) V^dagger from LAPACK's zheev. */
static void
apply_expm (gsize                 dim,
            const double complex *h,
            double complex       *psi)
{
  g_autofree double complex *v = g_memdup2 (h, dim * dim * sizeof (double complex));
  g_autofree double complex *tmp = g_new0 (double complex, dim);
  g_autofree double *w = g_new (double, dim);
  lapack_int info;

  info = LAPACKE_zheev (LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int) dim,
                        (lapack_complex_double *) v, (lapack_int) dim, w);
  g_assert_cmpint (info, ==, 0);
  /* tmp = diag(exp(-i w)) V^dagger psi; psi = V tmp */
  for (gsize j = 0; j < dim; j++)
    {
      double complex s = 0;

      for (gsize r = 0; r < dim; r++)
        s += conj (v[r * dim + j]) * psi[r];
      tmp[j] = cexp (-I * w[j]) * s;
    }
  for (gsize r = 0; r < dim; r++)
    {
      double complex s = 0;

      for (gsize j = 0; j < dim; j++)
        s += v[r * dim + j] * tmp[j];
      psi[r] = s;
    }
}

/* H = sum_bonds a_bond Z_i Z_j (diagonal) or sum_q b_q X_q, densely. */
static void
zz_hamiltonian (guint                n,
                guint                n_bonds,
                const guint        (*bonds)[2],
                const double        *a,
                double complex      *h)
{
  gsize dim = (gsize) 1 << n;

  memset (h, 0, dim * dim * sizeof (double complex));
  for (gsize s = 0; s < dim; s++)
    for (guint e = 0; e < n_bonds; e++)
      {
        int zi = ((s >> bonds[e][0]) & 1) ? -1 : 1;
        int zj = ((s >> bonds[e][1]) & 1) ? -1 : 1;

        h[s * dim + s] += a[e] * zi * zj;
      }
}

static void
x_hamiltonian (guint           n,
               const double   *b,
               double complex *h)
{
  gsize dim = (gsize) 1 << n;

  memset (h, 0, dim * dim * sizeof (double complex));
  for (gsize s = 0; s < dim; s++)
    for (guint q = 0; q < n; q++)
      h[(s ^ ((gsize) 1 << q)) * dim + s] += b[q];
}

/* The Ising / QAOA state prod_l exp(-i H_X(b_l)) exp(-i H_ZZ(a_l)) |+>^n, with @per_term
 * coefficients laid out per layer as [bond couplings..., field terms...] or [a, b]. */
static void
check_zz_x (const char *name,
            guint       n,
            gboolean    periodic,
            gboolean    per_term,
            PlRng      *rng)
{
  guint layers = 3;
  PlTemplateOptions o = { .n_qubits = n, .n_layers = layers, .periodic = periodic,
                          .per_term = per_term };
  g_autoptr (GError) error = NULL;
  g_autoptr (PlCircuit) c = pl_circuit_new_template (name, &o, &error);
  gboolean ring = periodic || strcmp (name, "qaoa-ring") == 0;
  gsize dim = (gsize) 1 << n;
  guint bonds[16][2];
  guint n_bonds = 0;
  g_autofree double *p = NULL;
  g_autofree double complex *h = g_new (double complex, dim * dim);
  g_autofree double complex *psi = g_new (double complex, dim);
  g_autofree double *re = g_new (double, dim);
  g_autofree double *im = g_new (double, dim);
  g_autofree double *ref_re = g_new (double, dim);
  g_autofree double *ref_im = g_new (double, dim);
  guint k = 0;

  g_assert_no_error (error);
  for (guint i = 0; i + 1 < n; i++, n_bonds++)
    {
      bonds[n_bonds][0] = i;
      bonds[n_bonds][1] = i + 1;
    }
  if (ring && n > 2)
    {
      bonds[n_bonds][0] = n - 1;
      bonds[n_bonds++][1] = 0;
    }
  g_assert_cmpuint (c->n_params, ==, layers * (per_term ? n_bonds + n : 2));
  p = ref_tpl_random_params (rng, c->n_params);

  for (gsize s = 0; s < dim; s++)
    psi[s] = 1 / sqrt ((double) dim);
  for (guint l = 0; l < layers; l++)
    {
      double a[16], b[16];

      for (guint e = 0; e < n_bonds; e++)
        a[e] = per_term ? p[k + e] : p[k];
      k += per_term ? n_bonds : 1;
      for (guint q = 0; q < n; q++)
        b[q] = per_term ? p[k + q] : p[k];
      k += per_term ? n : 1;
      zz_hamiltonian (n, n_bonds, (const guint (*)[2]) bonds, a, h);
      apply_expm (dim, h, psi);
      x_hamiltonian (n, b, h);
      apply_expm (dim, h, psi);
    }
  for (gsize s = 0; s < dim; s++)
    {
      ref_re[s] = creal (psi[s]);
      ref_im[s] = cimag (psi[s]);
    }
  ref_tpl_circuit_state (c, p, NULL, 1, 0, re, im);
  ref_tpl_assert_same_state (dim, re, im, ref_re, ref_im);
}

static void
test_tfim (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 5);
  for (guint n = 2; n <= 5; n++)
    for (guint periodic = 0; periodic < 2; periodic++)
      for (guint per_term = 0; per_term < 2; per_term++)
        check_zz_x ("tfim", n, periodic, per_term, &rng);
}

static void
test_qaoa_ring (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 6);
  for (guint n = 2; n <= 6; n++)
    for (guint per_term = 0; per_term < 2; per_term++)
      check_zz_x ("qaoa-ring", n, FALSE, per_term, &rng);
}

/* --- options --------------------------------------------------------------------------- */

static void
expect_error (const char              *name,
              const PlTemplateOptions *o,
              const char              *needle1,
              const char              *needle2)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PlCircuit) c = pl_circuit_new_template (name, o, &error);

  g_assert_null (c);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  if (strstr (error->message, needle1) == NULL || strstr (error->message, needle2) == NULL)
    g_error ("message '%s' should name '%s' and '%s'", error->message, needle1, needle2);
}

static void
test_bad_options (void)
{
  PlTemplateOptions o = { .n_qubits = 4, .n_layers = 2 };
  PlTemplateOptions bad;

  expect_error ("nonesuch", &o, "'nonesuch'", "sim19");
  expect_error ("sim20", &o, "'sim20'", "qaoa-ring");

  bad = o;
  bad.n_qubits = 0;
  expect_error ("hea", &bad, "got 0", "qubits");
  bad.n_qubits = 1;
  expect_error ("sim5", &bad, "got 1", "pairs");
  expect_error ("tfim", &bad, "got 1", "at least 2");
  bad.n_qubits = 41;
  expect_error ("hea", &bad, "got 41", "40");

  bad = o;
  bad.n_layers = 0;
  expect_error ("strong", &bad, "got 0", "layers");

  bad = o;
  bad.rotations = "ry,rw";
  expect_error ("hea", &bad, "'rw'", "rx, ry, rz");
  bad.rotations = "";
  expect_error ("reupload", &bad, "''", "rx, ry, rz");

  bad = o;
  bad.entangler = "star";
  expect_error ("hea", &bad, "'star'", "line, ring, all, none");

  bad = o;
  bad.entangler_gate = "iswap";
  expect_error ("hea", &bad, "'iswap'", "cz");

  bad = o;
  bad.n_inputs = 5;
  expect_error ("reupload", &bad, "n_inputs 5", "4 qubits");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Templates/names", test_names);
  g_test_add_func ("/Plateau/Templates/hea", test_hea);
  g_test_add_func ("/Plateau/Templates/strong", test_strong);
  g_test_add_func ("/Plateau/Templates/mcclean", test_mcclean);
  g_test_add_func ("/Plateau/Templates/reupload", test_reupload);
  g_test_add_func ("/Plateau/Templates/tfim", test_tfim);
  g_test_add_func ("/Plateau/Templates/qaoa-ring", test_qaoa_ring);
  g_test_add_func ("/Plateau/Templates/bad-options", test_bad_options);

  return g_test_run ();
}

