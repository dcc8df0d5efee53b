/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loss landscapes of real objectives, and Hessians: extremes (full and Lanczos) of a quadratic
 * against eigenvalues fixed by construction, the one-qubit slice against cos and its
 * curvature against the Hessian, the batched circuit grid against dense reference circuits,
 * PINN-loss slices against pl_loss_evaluate and the model's parameter blocks.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

/* Full Hessian and Lanczos against eigenvalues fixed by construction. */
static void
test_hessian_quadratic (void)
{
  g_autoptr(GError) error = NULL;
  PlHessianConfig cfg;
  double lambda[60], point[60];
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 7);
  ref_random_vector (&rng, 60, point);

  /* full: every eigenvalue */
  {
    const double small[6] = { -3.0, -0.5, 0.1, 0.4, 2.5, 6.0 };
    g_autoptr(PlObjective) obj = ref_quad_new (6, small, 5, 4, 2, NULL);
    g_autoptr(PlHessian) h = NULL;

    pl_hessian_config_init (&cfg);
    h = pl_landscape_hessian (obj, point, &cfg, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (h->method, ==, PL_HESSIAN_FULL);
    g_assert_cmpuint (h->n_values, ==, 6);
    g_assert_cmpuint (h->gradients, ==, 12);
    for (guint i = 0; i < 6; i++)
      g_assert_cmpfloat_with_epsilon (h->values[i], small[i], 1e-8);
    g_assert_cmpfloat_with_epsilon (h->lambda_min, -3.0, 1e-8);
    g_assert_cmpfloat_with_epsilon (h->lambda_max, 6.0, 1e-8);

    /* Lanczos with as many steps as parameters finds the whole spectrum */
    cfg.method = PL_HESSIAN_LANCZOS;
    cfg.iterations = 6;
    cfg.tolerance = 0;
    g_clear_pointer (&h, pl_hessian_free);
    h = pl_landscape_hessian (obj, point, &cfg, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (h->method, ==, PL_HESSIAN_LANCZOS);
    g_assert_cmpuint (h->n_values, ==, 6);
    for (guint i = 0; i < 6; i++)
      g_assert_cmpfloat_with_epsilon (h->values[i], small[i], 1e-7);
  }

  /* Lanczos, 30 steps on 60 parameters: isolated extremes converge */
  {
    g_autoptr(PlObjective) obj = NULL;
    g_autoptr(PlHessian) h = NULL;
    g_autoptr(PlHessian) full = NULL;

    for (guint i = 0; i < 60; i++)
      lambda[i] = 3.0 * i / 59.0;
    lambda[7] = -2.0;
    lambda[40] = 7.0;
    obj = ref_quad_new (60, lambda, 9, 16, 2, NULL);
    pl_hessian_config_init (&cfg);
    cfg.full_max = 50;   /* AUTO picks Lanczos for 60 parameters */
    h = pl_landscape_hessian (obj, point, &cfg, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (h->method, ==, PL_HESSIAN_LANCZOS);
    g_assert_cmpuint (h->iterations, <=, 30);
    g_assert_cmpfloat_with_epsilon (h->lambda_min, -2.0, 1e-6);
    g_assert_cmpfloat_with_epsilon (h->lambda_max, 7.0, 1e-6);
    /* the Ritz values lie inside the spectrum */
    for (guint i = 0; i < h->n_values; i++)
      g_assert_true (h->values[i] >= -2.0 - 1e-6 && h->values[i] <= 7.0 + 1e-6);

    cfg.full_max = 300;
    full = pl_landscape_hessian (obj, point, &cfg, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (full->method, ==, PL_HESSIAN_FULL);
    g_assert_cmpfloat_with_epsilon (full->lambda_min, -2.0, 1e-8);
    g_assert_cmpfloat_with_epsilon (full->lambda_max, 7.0, 1e-8);
  }
}

/* RY(t) on |0>: <Z> = cos t. The slice along the parameter is cos (t0 + s); its second
 * derivative, and the Hessian, are -cos t0. */
static void
test_one_qubit (void)
{
  const double t0 = 0.7;
  const guint w[1] = { 0 };
  g_autoptr(PlCircuit) c = pl_circuit_new (1);
  g_autoptr(PlObservable) z = NULL;
  g_autoptr(PlObjective) obj = NULL;
  g_autoptr(PlLandscape) ls = NULL;
  g_autoptr(PlLandscape) fine = NULL;
  g_autoptr(PlHessian) h = NULL;
  g_autoptr(GError) error = NULL;
  double d[1], center[1] = { t0 }, step, second;

  g_assert_true (pl_circuit_append_trainable (c, PL_GATE_RY, w, &error));
  z = pl_observable_parse ("Z0", 1, &error);
  obj = pl_objective_new_circuit (c, z, NULL, 2, &error);
  g_assert_no_error (error);
  g_assert_true (pl_landscape_axis_direction (obj, 0, d, &error));

  ls = pl_landscape_slice_1d (obj, center, d, 41, G_PI, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 41; i++)
    g_assert_cmpfloat_with_epsilon (ls->loss[i], cos (t0 + ls->alpha[i]), 1e-12);
  g_assert_cmpfloat_with_epsilon (ls->center_loss, cos (t0), 1e-14);
  {
    double lo = INFINITY;

    for (guint i = 0; i < 41; i++)
      lo = MIN (lo, cos (t0 - G_PI + i * G_PI / 20));
    g_assert_cmpfloat_with_epsilon (ls->loss_min, lo, 1e-12);
  }

  /* the second difference of a fine slice at its centre */
  fine = pl_landscape_slice_1d (obj, center, d, 201, 0.2, NULL, NULL, NULL, &error);
  step = fine->alpha[101] - fine->alpha[100];
  second = (fine->loss[101] - 2 * fine->loss[100] + fine->loss[99]) / (step * step);
  h = pl_landscape_hessian (obj, center, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (h->n_values, ==, 1);
  g_assert_cmpfloat_with_epsilon (h->lambda_min, -cos (t0), 1e-7);
  g_assert_cmpfloat_with_epsilon (second, h->lambda_max, 1e-5);
}

/* The batched, threaded grid of a circuit equals dense reference circuits point by point. */
static void
test_circuit_grid (void)
{
  PlTemplateOptions topt = { .n_qubits = 3, .n_layers = 2 };
  g_autoptr(PlCircuit) c = pl_circuit_new_template ("hea", &topt, NULL);
  g_autoptr(PlObservable) obs = pl_observable_parse ("local", 3, NULL);
  g_autoptr(PlObjective) obj = NULL;
  g_autoptr(PlObjective) one = NULL;
  g_autoptr(PlLandscape) ls = NULL;
  g_autoptr(PlLandscape) ls1 = NULL;
  g_autoptr(GError) error = NULL;
  PlLandscapeGrid grid = { 13, 11, 1.0, 0.5 };
  guint np = c->n_params;
  g_autofree double *center = g_new (double, np);
  g_autofree double *d1 = g_new (double, np);
  g_autofree double *d2 = g_new (double, np);
  g_autofree double *th = g_new (double, np);
  const guint *blocks;
  PlRng rng;

  obj = pl_objective_new_circuit (c, obs, NULL, 2, &error);
  g_assert_no_error (error);
  /* blocks: one per layer, 2 rotations x 3 qubits each, numbered layer after layer */
  g_assert_cmpuint (pl_objective_n_blocks (obj), ==, 2);
  blocks = pl_objective_get_blocks (obj);
  for (guint k = 0; k < np; k++)
    g_assert_cmpuint (blocks[k], ==, k / 6);
  g_assert_cmpstr (pl_objective_block_name (obj, 1), ==, "layer 1");

  pl_rng_init (&rng, ref_test_seed () + 5);
  for (guint k = 0; k < np; k++)
    center[k] = 2 * G_PI * pl_rng_uniform (&rng);
  g_assert_true (pl_landscape_random_directions (obj, center, PL_DIRECTION_NORM_FILTER, TRUE,
                                                 3, d1, d2, &error));
  for (guint b = 0; b < 2; b++)
    g_assert_cmpfloat_with_epsilon (ref_block_norm (d1, blocks, np, b),
                                    ref_block_norm (center, blocks, np, b), 1e-12 * 10);
  ls = pl_landscape_slice_2d (obj, center, d1, d2, &grid, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  for (guint j = 0; j < ls->ny; j++)
    for (guint i = 0; i < ls->nx; i++)
      {
        PlCircuitArgs args = { 1, th, FALSE, NULL, NULL };
        double want;

        for (guint k = 0; k < np; k++)
          th[k] = center[k] + ls->alpha[i] * d1[k] + ls->beta[j] * d2[k];
        want = ref_circuit_objective (c, &args, 1, &obs, NULL, 0);
        g_assert_cmpfloat_with_epsilon (ls->loss[j * ls->nx + i], want, 1e-12);
      }

  /* one thread, the same numbers bit for bit */
  one = pl_objective_new_circuit (c, obs, NULL, 1, &error);
  ls1 = pl_landscape_slice_2d (one, center, d1, d2, &grid, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (ls1->loss, ls1->nx * ls1->ny * sizeof (double), ls->loss,
                   ls->nx * ls->ny * sizeof (double));
}

static PlModel *
small_hybrid (void)
{
  PlModelConfig cfg;
  PlTemplateOptions topt = { .n_qubits = 2, .n_layers = 1, .n_inputs = 1 };
  PlObservable *obs[2];

  pl_model_config_init (&cfg);
  cfg.n_hidden = 1;
  cfg.hidden[0] = 4;
  obs[0] = pl_observable_parse ("Z0", 2, NULL);
  obs[1] = pl_observable_parse ("Z1", 2, NULL);
  return pl_model_new (&cfg, pl_circuit_new_template ("reupload", &topt, NULL), 2, obs, NULL);
}

/* A PINN-loss slice: the centre and the grid points equal pl_loss_evaluate there; blocks are
 * the model's; the two Hessian methods agree. */
static void
test_pinn_loss (void)
{
  g_autoptr(PlProblem) problem = pl_problem_new ("damped-oscillator", NULL);
  g_autoptr(PlModel) model = small_hybrid ();
  g_autoptr(PlLoss) loss = NULL;
  g_autoptr(PlObjective) obj = NULL;
  g_autoptr(PlLandscape) ls = NULL;
  g_autoptr(PlHessian) full = NULL;
  g_autoptr(PlHessian) lanczos = NULL;
  g_autoptr(GError) error = NULL;
  PlLossConfig lc;
  PlHessianConfig hc;
  PlLandscapeGrid grid = { 5, 4, 0.5, 0 };
  gsize np = pl_model_n_params (model);
  g_autofree double *center = g_new (double, np);
  g_autofree double *d1 = g_new (double, np);
  g_autofree double *d2 = g_new (double, np);
  g_autofree double *th = g_new (double, np);
  const guint *blocks;
  guint b = 0;
  PlRng rng;

  pl_loss_config_init (&lc);
  lc.threads = 2;
  for (guint t = 0; t < PL_PROBLEM_MAX_TERMS; t++)
    lc.n_points[t] = 8;
  loss = pl_loss_new (model, problem, &lc, &error);
  g_assert_no_error (error);
  pl_rng_init (&rng, ref_test_seed () + 6);
  g_assert_true (pl_loss_resample (loss, &rng, &error));
  pl_model_init_params (model, &rng, center);

  obj = pl_objective_new_loss (loss, model, &error);
  g_assert_no_error (error);
  blocks = pl_objective_get_blocks (obj);
  for (guint m = 0; m < PL_N_BLOCKS; m++)
    {
      PlBlockRange r = pl_model_block (model, (PlBlock) m);

      if (r.size == 0)
        continue;
      for (gsize k = r.offset; k < r.offset + r.size; k++)
        g_assert_cmpuint (blocks[k], ==, b);
      g_assert_cmpstr (pl_objective_block_name (obj, b), ==, pl_block_name ((PlBlock) m));
      b++;
    }
  g_assert_cmpuint (pl_objective_n_blocks (obj), ==, b);

  g_assert_true (pl_landscape_random_directions (obj, center, PL_DIRECTION_NORM_FILTER, TRUE,
                                                 8, d1, d2, &error));
  for (guint m = 0; m < PL_N_BLOCKS; m++)
    {
      PlBlockRange r = pl_model_block (model, (PlBlock) m);
      double nc = 0, nd = 0;

      for (gsize k = r.offset; k < r.offset + r.size; k++)
        {
          nc += center[k] * center[k];
          nd += d1[k] * d1[k];
        }
      g_assert_cmpfloat_with_epsilon (sqrt (nd), sqrt (nc), 1e-12 * MAX (1, sqrt (nc)));
    }

  ls = pl_landscape_slice_2d (obj, center, d1, d2, &grid, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (ls->center_loss, ==, pl_loss_evaluate (loss, center, NULL, NULL, NULL));
  for (guint j = 0; j < ls->ny; j += 3)
    for (guint i = 0; i < ls->nx; i += 2)
      {
        for (gsize k = 0; k < np; k++)
          th[k] = center[k] + ls->alpha[i] * d1[k] + ls->beta[j] * d2[k];
        g_assert_cmpfloat_with_epsilon (ls->loss[j * ls->nx + i],
                                        pl_loss_evaluate (loss, th, NULL, NULL, NULL),
                                        1e-13 * MAX (1, ls->loss[j * ls->nx + i]));
      }

  pl_hessian_config_init (&hc);
  hc.method = PL_HESSIAN_FULL;
  full = pl_landscape_hessian (obj, center, &hc, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  hc.method = PL_HESSIAN_LANCZOS;
  hc.iterations = (guint) np;
  hc.tolerance = 0;
  lanczos = pl_landscape_hessian (obj, center, &hc, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (lanczos->lambda_max, full->lambda_max,
                                  1e-5 * MAX (1, fabs (full->lambda_max)));
  g_assert_cmpfloat_with_epsilon (lanczos->lambda_min, full->lambda_min,
                                  1e-5 * MAX (1, fabs (full->lambda_max)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/Landscape/hessian-quadratic", test_hessian_quadratic);
  g_test_add_func ("/Plateau/Landscape/one-qubit", test_one_qubit);
  g_test_add_func ("/Plateau/Landscape/circuit-grid", test_circuit_grid);
  g_test_add_func ("/Plateau/Landscape/pinn-loss", test_pinn_loss);
  return g_test_run ();
}
