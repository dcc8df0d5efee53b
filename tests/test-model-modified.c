/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Models whose classical networks are modified MLPs (pl-mlp.h): jets and parameter
 * gradients against finite differences for every kind, coupling and trunk, with and without
 * input features; a shared trunk gated up to the layer its heads read, and separate heads
 * that are whole modified networks, against a classical model of the same weights; the
 * parameter blocks; the settings refused.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

/* Jets and parameter gradients against finite differences (ref_model_check). */
static void
test_finite_differences (void)
{
  const guint feat = REF_FEAT_PERIODIC | REF_FEAT_FOURIER;

  ref_model_check (PL_MODEL_CLASSICAL, 1, 1, FALSE, FALSE, FALSE, REF_MODIFIED_MLP);
  ref_model_check (PL_MODEL_CLASSICAL, 2, 2, FALSE, FALSE, FALSE,
                   REF_MODIFIED_MLP | REF_FEAT_PERIODIC);
  ref_model_check (PL_MODEL_CLASSICAL, 3, 1, FALSE, FALSE, FALSE, REF_MODIFIED_MLP | feat);
  /* shared trunk, separate heads, one coupling */
  ref_model_check (PL_MODEL_HYBRID, 2, 1, TRUE, TRUE, TRUE, REF_MODIFIED_MLP);
  ref_model_check (PL_MODEL_HYBRID, 2, 1, TRUE, TRUE, TRUE, REF_MODIFIED_MLP | feat);
  ref_model_check (PL_MODEL_HYBRID, 2, 2, TRUE, TRUE, FALSE, REF_MODIFIED_MLP);
  ref_model_check (PL_MODEL_HYBRID, 2, 1, TRUE, TRUE, FALSE,
                   REF_MODIFIED_MLP | REF_FEAT_PERIODIC);
  ref_model_check (PL_MODEL_HYBRID, 1, 1, FALSE, TRUE, TRUE, REF_MODIFIED_MLP);
  ref_model_check (PL_MODEL_SERIAL, 2, 1, TRUE, TRUE, TRUE, REF_MODIFIED_MLP);
  ref_model_check (PL_MODEL_SERIAL, 1, 1, FALSE, FALSE, FALSE,
                   REF_MODIFIED_MLP | REF_FEAT_PERIODIC);
}

/* A hybrid with only the additive coupling and a zero readout is u = c_a(x). With a shared
 * trunk, c_a is a linear head on the trunk's last gated hidden layer: the classical model's
 * network, whose parameters (documented layout, inputs F, outputs m) are
 *   W_1 b_1 (5F + 5), W_2 b_2 (30), W_3 b_3 (5m + m), W_u b_u W_v b_v (2 (5F + 5))
 * split into the trunk's W_1 b_1 W_2 b_2 W_u b_u W_v b_v and the head's W_3 b_3. With separate
 * heads, c_a is that network itself. Their jets agree to rounding, so the trunk gates its top
 * layer and the heads are modified networks. */
static void
check_against_classical (gboolean shared,
                         guint    options)
{
  enum { B = 4, d = 2, m = 2 };
  g_autoptr(PlModel) classical = ref_model_new (PL_MODEL_CLASSICAL, d, m, FALSE, FALSE, FALSE,
                                                REF_MODIFIED_MLP | options);
  g_autoptr(PlModel) hybrid = ref_model_new (PL_MODEL_HYBRID, d, m, FALSE, TRUE, shared,
                                             REF_MODIFIED_MLP | options);
  g_autoptr(PlModelWork) wc = NULL;
  g_autoptr(PlModelWork) wh = NULL;
  gsize nc = pl_model_n_params (classical), nh = pl_model_n_params (hybrid);
  g_autofree double *pc = g_new (double, nc);
  g_autofree double *ph = g_new0 (double, nh);
  guint F = pl_model_features (classical, NULL, NULL, NULL);
  gsize layers12 = 5 * F + 5 + 30, head = 5 * m + m;
  PlBlockRange trunk = pl_model_block (hybrid, PL_BLOCK_TRUNK);
  PlBlockRange head_a = pl_model_block (hybrid, PL_BLOCK_HEAD_A);
  PlBlockRange quantum = pl_model_block (hybrid, PL_BLOCK_QUANTUM);
  PlJetSpec spec;
  PlRng rng;
  double x[d * B], uc[m * 11 * B], uh[m * 11 * B];

  g_assert_cmpuint (nc, ==, layers12 + head + 2 * (5 * F + 5));
  g_assert_cmpuint (pl_model_block (hybrid, PL_BLOCK_READOUT).size, ==, 3 * m + m);
  pl_rng_init (&rng, ref_test_seed ());
  pl_model_init_params (classical, &rng, pc);
  for (gsize i = 0; i < nc; i++)
    pc[i] += 0.2 * pl_rng_normal (&rng);
  if (shared)
    {
      g_assert_cmpuint (trunk.size, ==, nc - head);
      g_assert_cmpuint (head_a.size, ==, head);
      memcpy (ph + trunk.offset, pc, layers12 * sizeof (double));
      memcpy (ph + trunk.offset + layers12, pc + layers12 + head,
              (nc - layers12 - head) * sizeof (double));
      memcpy (ph + head_a.offset, pc + layers12, head * sizeof (double));
    }
  else
    {
      g_assert_cmpuint (trunk.size, ==, 0);
      g_assert_cmpuint (head_a.size, ==, nc);
      memcpy (ph + head_a.offset, pc, nc * sizeof (double));
    }
  /* any circuit angles: the zero readout ignores them */
  for (gsize i = 0; i < quantum.size; i++)
    ph[quantum.offset + i] = pl_rng_uniform (&rng) * 2 * G_PI;

  g_assert_true (pl_jet_spec_init (&spec, d, 2, 0, NULL, NULL));
  for (gsize i = 0; i < d * B; i++)
    x[i] = 2 * pl_rng_uniform (&rng) - 1;
  wc = pl_model_work_new (classical, &spec, B, NULL);
  wh = pl_model_work_new (hybrid, &spec, B, NULL);
  pl_model_forward (classical, pc, x, wc, uc);
  pl_model_forward (hybrid, ph, x, wh, uh);
  for (guint i = 0; i < m * spec.n_components * B; i++)
    if (fabs (uh[i] - uc[i]) > 1e-12 * MAX (1.0, fabs (uc[i])))
      g_error ("%s heads: output %u %s at point %u: hybrid %.17g, classical %.17g",
               shared ? "shared-trunk" : "separate", i / (spec.n_components * B),
               pl_jet_spec_name (&spec, i / B % spec.n_components), i % B, uh[i], uc[i]);
}

static void
test_against_classical (void)
{
  check_against_classical (TRUE, 0);
  check_against_classical (TRUE, REF_FEAT_PERIODIC | REF_FEAT_FOURIER);
  check_against_classical (FALSE, 0);
  check_against_classical (FALSE, REF_FEAT_PERIODIC);
}

/* Every network with hidden layers carries two encoders of its input, 2 (5F + 5); heads on
 * a shared trunk and the readout stay single affine layers. */
static void
test_blocks (void)
{
  g_autoptr(PlModel) shared = ref_model_new (PL_MODEL_HYBRID, 1, 1, TRUE, TRUE, TRUE,
                                             REF_MODIFIED_MLP);
  g_autoptr(PlModel) separate = ref_model_new (PL_MODEL_HYBRID, 1, 1, TRUE, TRUE, FALSE,
                                               REF_MODIFIED_MLP);
  g_autoptr(PlModel) serial = ref_model_new (PL_MODEL_SERIAL, 2, 1, FALSE, FALSE, FALSE,
                                             REF_MODIFIED_MLP);

  /* trunk 1 -> 5 -> 5 (its output the last hidden layer) plus encoders 1 -> 5 */
  g_assert_cmpuint (pl_model_block (shared, PL_BLOCK_TRUNK).size, ==, 10 + 30 + 2 * 10);
  g_assert_cmpuint (pl_model_block (shared, PL_BLOCK_HEAD_M).size, ==, 6);
  g_assert_cmpuint (pl_model_block (shared, PL_BLOCK_HEAD_A).size, ==, 6);
  g_assert_cmpuint (pl_model_block (shared, PL_BLOCK_READOUT).size, ==, 4);
  /* heads 1 -> 5 -> 5 -> 1 */
  g_assert_cmpuint (pl_model_block (separate, PL_BLOCK_HEAD_M).size, ==, 10 + 30 + 6 + 2 * 10);
  g_assert_cmpuint (pl_model_block (separate, PL_BLOCK_HEAD_A).size, ==, 10 + 30 + 6 + 2 * 10);
  g_assert_cmpuint (pl_model_block (separate, PL_BLOCK_READOUT).size, ==, 4);
  /* pre-network 2 -> 5 -> 5 -> 3 angles */
  g_assert_cmpuint (pl_model_block (serial, PL_BLOCK_PRE).size, ==, 15 + 30 + 18 + 2 * 15);
}

/* A modified network needs hidden layers of one width; the error names the setting. A plain
 * one does not, and an architecture out of range is refused. */
static void
test_bad (void)
{
  PlModelConfig cfg;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlModel) plain = NULL;

  pl_model_config_init (&cfg);
  g_assert_cmpint (cfg.arch, ==, PL_MLP_PLAIN);
  cfg.kind = PL_MODEL_CLASSICAL;
  cfg.n_hidden = 3;
  cfg.hidden[0] = 8;
  cfg.hidden[1] = 8;
  cfg.hidden[2] = 6;
  plain = pl_model_new (&cfg, NULL, 0, NULL, &error);
  g_assert_no_error (error);

  cfg.arch = PL_MLP_MODIFIED;
  g_assert_null (pl_model_new (&cfg, NULL, 0, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  if (!g_str_has_prefix (error->message, "hidden: ") || strstr (error->message, "8, 8, 6") == NULL)
    g_error ("'%s' does not name the setting and its widths 8, 8, 6", error->message);
  g_clear_error (&error);

  cfg.arch = (PlMlpArch) 2;
  cfg.hidden[2] = 8;
  g_assert_null (pl_model_new (&cfg, NULL, 0, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/Model/modified/finite-differences", test_finite_differences);
  g_test_add_func ("/Plateau/Model/modified/against-classical", test_against_classical);
  g_test_add_func ("/Plateau/Model/modified/blocks", test_blocks);
  g_test_add_func ("/Plateau/Model/modified/bad", test_bad);
  return g_test_run ();
}
