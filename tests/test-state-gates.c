/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests of the gate kernels of pl-state.h. The oracles: the dense Kronecker reference in
 * reference.c for every gate on every wire, with shared, per-element and mixed angles; a sparse
 * gather-multiply-scatter for states beyond the L2 cache; an explicit sum over pairs for
 * general 2x2 matrices; G^dagger G = I for the inverses; and norms kept over long random
 * sequences. pl_gate_matrix itself, which the references are built from, is checked against
 * closed forms in test-gate.c.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

#define TOL 1e-12

typedef enum {
  ANGLES_SHARED,       /* stride 0 */
  ANGLES_PER_ELEMENT,  /* stride 1 for every parameter */
  ANGLES_MIXED,        /* stride 1 except the middle parameter of three */
} AnglesMode;

/* Random angles for @batch elements; angles[m] points into @values. */
static void
random_angles (PlRng      *rng,
               guint       n_params,
               gsize       batch,
               AnglesMode  mode,
               double     *values,
               PlAngle    *angles)
{
  for (guint m = 0; m < n_params; m++)
    {
      gboolean shared = mode == ANGLES_SHARED || (mode == ANGLES_MIXED && m == 1);

      angles[m].v = values + m * batch;
      angles[m].stride = shared ? 0 : 1;
      for (gsize b = 0; b < batch; b++)
        values[m * batch + b] = ref_random_angle (rng);
    }
}

static void
element_params (const PlAngle *angles,
                guint          n_params,
                gsize          b,
                double        *p)
{
  for (guint m = 0; m < n_params; m++)
    p[m] = angles[m].v[b * angles[m].stride];
}

/* Apply @gate on @wires to random states through the kernel and through the dense reference,
 * element by element with each element's own angles. */
static void
check_gate (PlRng      *rng,
            guint       n,
            gsize       batch,
            PlGate      gate,
            const guint *wires,
            AnglesMode  mode)
{
  const PlGateInfo *info = pl_gate_info (gate);
  g_autoptr(PlState) state = ref_state_new (n, batch);
  gsize dim = state->dim;
  g_autofree double *re = g_new (double, dim * batch);
  g_autofree double *im = g_new (double, dim * batch);
  double values[PL_GATE_MAX_PARAMS * 8];
  PlAngle angles[PL_GATE_MAX_PARAMS];

  g_assert_cmpuint (batch, <=, 8);
  ref_random_states (rng, state, re, im);
  random_angles (rng, info->n_params, batch, mode, values, angles);
  pl_state_apply (state, gate, wires, info->n_params > 0 ? angles : NULL);
  for (gsize b = 0; b < batch; b++)
    {
      double p[PL_GATE_MAX_PARAMS];

      element_params (angles, info->n_params, b, p);
      ref_apply_gate (n, gate, wires, p, re + b * dim, im + b * dim);
      ref_assert_element (state, b, re + b * dim, im + b * dim, TOL);
    }
}

static void
check_gate_all_modes (PlRng       *rng,
                      guint        n,
                      PlGate       gate,
                      const guint *wires)
{
  check_gate (rng, n, 1, gate, wires, ANGLES_SHARED);
  check_gate (rng, n, 1, gate, wires, ANGLES_PER_ELEMENT);
  check_gate (rng, n, 2, gate, wires, ANGLES_SHARED);
  check_gate (rng, n, 2, gate, wires, ANGLES_PER_ELEMENT);
  check_gate (rng, n, 5, gate, wires, ANGLES_SHARED);
  check_gate (rng, n, 5, gate, wires, ANGLES_PER_ELEMENT);
  if (pl_gate_info (gate)->n_params > 1)
    check_gate (rng, n, 5, gate, wires, ANGLES_MIXED);
}

static void
test_gates_vs_dense (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 2);
  for (guint n = 1; n <= 6; n++)
    for (guint g = 0; g < PL_N_GATES; g++)
      {
        const PlGateInfo *info = pl_gate_info ((PlGate) g);

        for (guint w0 = 0; w0 < n; w0++)
          {
            if (info->n_wires == 1)
              {
                check_gate_all_modes (&rng, n, (PlGate) g, &w0);
                continue;
              }
            for (guint w1 = 0; w1 < n; w1++)
              {
                guint w[2] = { w0, w1 };

                if (w1 != w0)
                  check_gate_all_modes (&rng, n, (PlGate) g, w);
              }
          }
      }
}

/* The Kronecker embedding again, but sparse: for every index with the gate's wires at 0, gather
 * the 2 or 4 amplitudes the gate mixes, multiply by pl_gate_matrix, scatter. Linear in 2^n, so
 * it reaches the sizes (beyond the L2 cache) where the kernels walk memory differently. */
static void
sparse_apply_gate (guint         n,
                   PlGate        gate,
                   const guint  *wires,
                   const double *params,
                   double       *vre,
                   double       *vim)
{
  guint k = pl_gate_info (gate)->n_wires, gdim = 1u << k;
  gsize dim = (gsize) 1 << n, mask = 0;
  double mre[16], mim[16];

  pl_gate_matrix (gate, params, mre, mim);
  for (guint j = 0; j < k; j++)
    mask |= (gsize) 1 << wires[j];
  for (gsize a = 0; a < dim; a++)
    {
      gsize idx[4];
      double xr[4], xi[4];

      if (a & mask)
        continue;
      for (guint i = 0; i < gdim; i++)
        {
          idx[i] = a;
          for (guint j = 0; j < k; j++)
            idx[i] |= (gsize) ((i >> j) & 1) << wires[j];
          xr[i] = vre[idx[i]], xi[i] = vim[idx[i]];
        }
      for (guint r = 0; r < gdim; r++)
        {
          double sr = 0, si = 0;

          for (guint c = 0; c < gdim; c++)
            {
              sr += mre[r * gdim + c] * xr[c] - mim[r * gdim + c] * xi[c];
              si += mre[r * gdim + c] * xi[c] + mim[r * gdim + c] * xr[c];
            }
          vre[idx[r]] = sr, vim[idx[r]] = si;
        }
    }
}

/* States larger than the L2 cache, with runs of 24 to 4096 doubles: the walks that prefetch,
 * including runs that are not whole cache lines. */
static void
test_large_states (void)
{
  static const struct {
    guint n;
    gsize batch;
    guint w[2];
  } cases[] = {
    { 17, 1, { 5, 9 } }, { 17, 1, { 11, 6 } }, { 17, 1, { 8, 16 } }, { 17, 1, { 0, 7 } },
    { 14, 9, { 2, 12 } }, { 14, 3, { 4, 1 } },
  };
  static const PlGate gates[] = {
    PL_GATE_H, PL_GATE_Y, PL_GATE_S, PL_GATE_RX, PL_GATE_RY, PL_GATE_RZ, PL_GATE_U3,
    PL_GATE_CNOT, PL_GATE_CZ, PL_GATE_CY, PL_GATE_SWAP, PL_GATE_CRX, PL_GATE_CRY,
    PL_GATE_CRZ, PL_GATE_RXX, PL_GATE_RYY, PL_GATE_RZZ,
  };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 11);
  for (guint ci = 0; ci < G_N_ELEMENTS (cases); ci++)
    {
      guint n = cases[ci].n;
      gsize batch = cases[ci].batch;
      g_autoptr(PlState) state = ref_state_new (n, batch);
      gsize dim = state->dim;
      g_autofree double *re = g_new (double, dim * batch);
      g_autofree double *im = g_new (double, dim * batch);

      ref_random_states (&rng, state, re, im);
      for (guint gi = 0; gi < G_N_ELEMENTS (gates); gi++)
        {
          const PlGateInfo *info = pl_gate_info (gates[gi]);
          /* One-qubit gates alternate between the two wires of the case. */
          const guint *w = info->n_wires == 1 ? &cases[ci].w[gi % 2] : cases[ci].w;
          double p[PL_GATE_MAX_PARAMS];
          PlAngle angles[PL_GATE_MAX_PARAMS];

          for (guint m = 0; m < info->n_params; m++)
            {
              p[m] = ref_random_angle (&rng);
              angles[m].v = &p[m], angles[m].stride = 0;
            }
          pl_state_apply (state, gates[gi], w, angles);
          for (gsize b = 0; b < batch; b++)
            sparse_apply_gate (n, gates[gi], w, p, re + b * dim, im + b * dim);
        }
      for (gsize b = 0; b < batch; b++)
        ref_assert_element (state, b, re + b * dim, im + b * dim, 1e-12);
    }
}

/* Per-element angles over the whole range the batched cos/sin handles differently: quadrant
 * edges, large arguments (the three-part reduction) and beyond its range (libm), compared
 * with the dense reference and, to a few ulp, with the same gate applied element by element
 * with a shared angle. */
static void
test_angle_range (void)
{
  static const double special[] = {
    0, 1e-300, -1e-17, G_PI / 4, -G_PI / 4, G_PI / 2, G_PI, -G_PI, 3 * G_PI / 2, 2 * G_PI,
    -2.5 * G_PI, 100.0, -1234.5678, 2e4 * G_PI, 5e4 + 0.25, -9.9e4, 1.99e5, 2.1e5, 1e7,
    -3e12, 1e300,
  };
  static const PlGate gates[] = { PL_GATE_RX, PL_GATE_RY, PL_GATE_RZ, PL_GATE_PHASE,
                                  PL_GATE_CRY, PL_GATE_RXX, PL_GATE_RYY, PL_GATE_RZZ };
  const gsize batch = G_N_ELEMENTS (special);
  const guint n = 2;
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 9);
  for (guint gi = 0; gi < G_N_ELEMENTS (gates); gi++)
    for (guint inverse = 0; inverse <= 1; inverse++)
      {
        const guint w[2] = { 1, 0 };
        g_autoptr(PlState) state = ref_state_new (n, batch);
        g_autoptr(PlState) one = ref_state_new (n, 1);
        g_autofree double *re = g_new (double, state->dim * batch);
        g_autofree double *im = g_new (double, state->dim * batch);
        PlAngle angle = { special, 1 };

        ref_random_states (&rng, state, re, im);
        if (inverse)
          pl_state_apply_inverse (state, gates[gi], w, &angle);
        else
          pl_state_apply (state, gates[gi], w, &angle);
        for (gsize b = 0; b < batch; b++)
          {
            double *vr = re + b * state->dim, *vi = im + b * state->dim;
            double t = inverse ? -special[b] : special[b];
            PlAngle shared = { &special[b], 0 };

            pl_state_set_element (one, 0, vr, vi);
            if (inverse)
              pl_state_apply_inverse (one, gates[gi], w, &shared);
            else
              pl_state_apply (one, gates[gi], w, &shared);
            ref_apply_gate (n, gates[gi], w, &t, vr, vi);
            ref_assert_element (state, b, vr, vi, TOL);
            pl_state_get_element (one, 0, vr, vi);
            ref_assert_element (state, b, vr, vi, 4e-16);
          }
      }
}

/* A general (not unitary) 2x2 matrix on one wire, against an explicit sum over pairs. */
static void
test_matrix_1q (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 3);
  for (guint n = 1; n <= 5; n++)
    for (guint q = 0; q < n; q++)
      for (gsize batch = 1; batch <= 3; batch += 2)
        {
          g_autoptr(PlState) state = ref_state_new (n, batch);
          gsize dim = state->dim;
          g_autofree double *re = g_new (double, dim * batch);
          g_autofree double *im = g_new (double, dim * batch);
          g_autofree double *ore = g_new (double, dim);
          g_autofree double *oim = g_new (double, dim);
          double mre[4], mim[4];

          for (guint k = 0; k < 4; k++)
            mre[k] = pl_rng_normal (&rng), mim[k] = pl_rng_normal (&rng);
          ref_random_states (&rng, state, re, im);
          pl_state_apply_matrix_1q (state, q, mre, mim);
          for (gsize b = 0; b < batch; b++)
            {
              const double *vr = re + b * dim, *vi = im + b * dim;

              /* out_a = sum_c M[bit_q(a)][bit_q(c)] v_c over c = a with bit q set to 0, 1 */
              for (gsize a = 0; a < dim; a++)
                {
                  guint r = (a >> q) & 1;

                  ore[a] = 0, oim[a] = 0;
                  for (guint c = 0; c < 2; c++)
                    {
                      gsize src = c ? (a | ((gsize) 1 << q)) : (a & ~((gsize) 1 << q));

                      ore[a] += mre[2 * r + c] * vr[src] - mim[2 * r + c] * vi[src];
                      oim[a] += mre[2 * r + c] * vi[src] + mim[2 * r + c] * vr[src];
                    }
                }
              ref_assert_element (state, b, ore, oim, 1e-11);
            }
        }
}

static void
test_inverse (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 4);
  for (guint n = 1; n <= 4; n++)
    for (guint g = 0; g < PL_N_GATES; g++)
      for (gsize batch = 1; batch <= 5; batch += 4)
        for (guint w0 = 0; w0 < n; w0++)
          for (guint w1 = 0; w1 < n; w1++)
            {
              const PlGateInfo *info = pl_gate_info ((PlGate) g);
              g_autoptr(PlState) state = ref_state_new (n, batch);
              g_autofree double *re = g_new (double, state->dim * batch);
              g_autofree double *im = g_new (double, state->dim * batch);
              double values[PL_GATE_MAX_PARAMS * 8];
              PlAngle angles[PL_GATE_MAX_PARAMS];
              guint w[2] = { w0, w1 };

              if ((info->n_wires == 1 && w1 > 0) || (info->n_wires == 2 && w1 == w0))
                continue;
              ref_random_states (&rng, state, re, im);
              random_angles (&rng, info->n_params, batch,
                             batch > 1 ? ANGLES_MIXED : ANGLES_SHARED, values, angles);
              pl_state_apply (state, (PlGate) g, w, angles);
              pl_state_apply_inverse (state, (PlGate) g, w, angles);
              for (gsize b = 0; b < batch; b++)
                ref_assert_element (state, b, re + b * state->dim, im + b * state->dim, TOL);

              /* And the other way round: G G^dagger = I. */
              pl_state_apply_inverse (state, (PlGate) g, w, angles);
              pl_state_apply (state, (PlGate) g, w, angles);
              for (gsize b = 0; b < batch; b++)
                ref_assert_element (state, b, re + b * state->dim, im + b * state->dim, TOL);
            }
}

static void
test_norm_preserved (void)
{
  const guint n = 10;
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 7);
  for (gsize batch = 1; batch <= 3; batch += 2)
    {
      g_autoptr(PlState) state = ref_state_new (n, batch);
      g_autofree double *re = g_new (double, state->dim * batch);
      g_autofree double *im = g_new (double, state->dim * batch);
      double norm2[3];

      ref_random_states (&rng, state, re, im);
      for (guint k = 0; k < 1000; k++)
        {
          PlGate gate = (PlGate) pl_rng_below (&rng, PL_N_GATES);
          const PlGateInfo *info = pl_gate_info (gate);
          double values[PL_GATE_MAX_PARAMS * 3];
          PlAngle angles[PL_GATE_MAX_PARAMS];
          guint w[2];

          w[0] = (guint) pl_rng_below (&rng, n);
          w[1] = (w[0] + 1 + (guint) pl_rng_below (&rng, n - 1)) % n;
          random_angles (&rng, info->n_params, batch,
                         (AnglesMode) pl_rng_below (&rng, 3), values, angles);
          if (pl_rng_below (&rng, 2))
            pl_state_apply (state, gate, w, angles);
          else
            pl_state_apply_inverse (state, gate, w, angles);
        }
      pl_state_norm2 (state, norm2);
      for (gsize b = 0; b < batch; b++)
        g_assert_cmpfloat_with_epsilon (norm2[b], 1.0, 1e-12);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/State/gates-vs-dense", test_gates_vs_dense);
  g_test_add_func ("/Plateau/State/large-states", test_large_states);
  g_test_add_func ("/Plateau/State/angle-range", test_angle_range);
  g_test_add_func ("/Plateau/State/matrix-1q", test_matrix_1q);
  g_test_add_func ("/Plateau/State/inverse", test_inverse);
  g_test_add_func ("/Plateau/State/norm-preserved", test_norm_preserved);

  return g_test_run ();
}
