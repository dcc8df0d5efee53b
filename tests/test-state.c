/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests of pl-state.h. The oracles: basis-state truth tables, the dense Kronecker reference in
 * reference.c (for every kernel), central differences of the dense matrices (for the
 * generators) and plain loops (for the reductions). pl_gate_matrix itself, which the dense
 * reference is built from, is checked against closed forms in test-gate.c.
 */
#include <plateau/plateau.h>

#include "reference.h"

#include <math.h>
#include <string.h>

#define TOL 1e-12

static double
random_angle (PlRng *rng)
{
  return (pl_rng_uniform (rng) * 2 - 1) * 2 * G_PI;
}

/* --- states ---------------------------------------------------------------------------- */

static PlState *
state_new (guint n,
           gsize batch)
{
  g_autoptr(GError) error = NULL;
  PlState *state = pl_state_new (n, batch, &error);

  g_assert_no_error (error);
  g_assert_nonnull (state);
  return state;
}

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
  g_autoptr(PlState) state = state_new (n, 2);

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
        values[m * batch + b] = random_angle (rng);
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

static void
random_elements (PlRng   *rng,
                 PlState *state,
                 double  *re,
                 double  *im)
{
  for (gsize b = 0; b < state->batch; b++)
    {
      ref_random_state (rng, state->dim, re + b * state->dim, im + b * state->dim);
      pl_state_set_element (state, b, re + b * state->dim, im + b * state->dim);
    }
}

static void
assert_element (const PlState *state,
                gsize          b,
                const double  *re,
                const double  *im,
                double         tol)
{
  g_autofree double *gre = g_new (double, state->dim);
  g_autofree double *gim = g_new (double, state->dim);

  pl_state_get_element (state, b, gre, gim);
  for (gsize a = 0; a < state->dim; a++)
    {
      g_assert_cmpfloat (fabs (gre[a] - re[a]), <=, tol);
      g_assert_cmpfloat (fabs (gim[a] - im[a]), <=, tol);
    }
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
  g_autoptr(PlState) state = state_new (n, batch);
  gsize dim = state->dim;
  g_autofree double *re = g_new (double, dim * batch);
  g_autofree double *im = g_new (double, dim * batch);
  double values[PL_GATE_MAX_PARAMS * 8];
  PlAngle angles[PL_GATE_MAX_PARAMS];

  g_assert_cmpuint (batch, <=, 8);
  random_elements (rng, state, re, im);
  random_angles (rng, info->n_params, batch, mode, values, angles);
  pl_state_apply (state, gate, wires, info->n_params > 0 ? angles : NULL);
  for (gsize b = 0; b < batch; b++)
    {
      double p[PL_GATE_MAX_PARAMS];

      element_params (angles, info->n_params, b, p);
      ref_apply_gate (n, gate, wires, p, re + b * dim, im + b * dim);
      assert_element (state, b, re + b * dim, im + b * dim, TOL);
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
        g_autoptr(PlState) state = state_new (n, batch);
        g_autoptr(PlState) one = state_new (n, 1);
        g_autofree double *re = g_new (double, state->dim * batch);
        g_autofree double *im = g_new (double, state->dim * batch);
        PlAngle angle = { special, 1 };

        random_elements (&rng, state, re, im);
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
            assert_element (state, b, vr, vi, TOL);
            pl_state_get_element (one, 0, vr, vi);
            assert_element (state, b, vr, vi, 4e-16);
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
          g_autoptr(PlState) state = state_new (n, batch);
          gsize dim = state->dim;
          g_autofree double *re = g_new (double, dim * batch);
          g_autofree double *im = g_new (double, dim * batch);
          g_autofree double *ore = g_new (double, dim);
          g_autofree double *oim = g_new (double, dim);
          double mre[4], mim[4];

          for (guint k = 0; k < 4; k++)
            mre[k] = pl_rng_normal (&rng), mim[k] = pl_rng_normal (&rng);
          random_elements (&rng, state, re, im);
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
              assert_element (state, b, ore, oim, 1e-11);
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
              g_autoptr(PlState) state = state_new (n, batch);
              g_autofree double *re = g_new (double, state->dim * batch);
              g_autofree double *im = g_new (double, state->dim * batch);
              double values[PL_GATE_MAX_PARAMS * 8];
              PlAngle angles[PL_GATE_MAX_PARAMS];
              guint w[2] = { w0, w1 };

              if ((info->n_wires == 1 && w1 > 0) || (info->n_wires == 2 && w1 == w0))
                continue;
              random_elements (&rng, state, re, im);
              random_angles (&rng, info->n_params, batch,
                             batch > 1 ? ANGLES_MIXED : ANGLES_SHARED, values, angles);
              pl_state_apply (state, (PlGate) g, w, angles);
              pl_state_apply_inverse (state, (PlGate) g, w, angles);
              for (gsize b = 0; b < batch; b++)
                assert_element (state, b, re + b * state->dim, im + b * state->dim, TOL);

              /* And the other way round: G G^dagger = I. */
              pl_state_apply_inverse (state, (PlGate) g, w, angles);
              pl_state_apply (state, (PlGate) g, w, angles);
              for (gsize b = 0; b < batch; b++)
                assert_element (state, b, re + b * state->dim, im + b * state->dim, TOL);
            }
}

/* -i H G(t) psi against (G(t + h) - G(t - h)) psi / 2h from the dense matrices. */
static void
test_generator (void)
{
  static const PlGate gates[] = {
    PL_GATE_RX, PL_GATE_RY, PL_GATE_RZ, PL_GATE_PHASE, PL_GATE_CRX, PL_GATE_CRY,
    PL_GATE_CRZ, PL_GATE_RXX, PL_GATE_RYY, PL_GATE_RZZ,
  };
  const double h = 1e-5;
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 5);
  for (guint n = 1; n <= 4; n++)
    for (guint gi = 0; gi < G_N_ELEMENTS (gates); gi++)
      for (guint w0 = 0; w0 < n; w0++)
        for (guint w1 = 0; w1 < n; w1++)
          {
            PlGate gate = gates[gi];
            guint w[2] = { w0, w1 };
            const gsize batch = 3;
            g_autoptr(PlState) state = NULL;
            g_autofree double *re = NULL, *im = NULL, *pr = NULL, *pi = NULL;
            g_autofree double *mr = NULL, *mi = NULL;
            double t[3];
            PlAngle angle = { t, 1 };
            gsize dim;

            if ((pl_gate_info (gate)->n_wires == 1 && w1 > 0) ||
                (pl_gate_info (gate)->n_wires == 2 && w1 == w0))
              continue;
            state = state_new (n, batch);
            dim = state->dim;
            re = g_new (double, dim * batch), im = g_new (double, dim * batch);
            pr = g_new (double, dim), pi = g_new (double, dim);
            mr = g_new (double, dim), mi = g_new (double, dim);
            random_elements (&rng, state, re, im);
            for (gsize b = 0; b < batch; b++)
              t[b] = random_angle (&rng);

            pl_state_apply (state, gate, w, &angle);
            pl_state_apply_generator (state, gate, w);
            for (gsize b = 0; b < batch; b++)
              {
                double tp = t[b] + h, tm = t[b] - h;

                memcpy (pr, re + b * dim, dim * sizeof (double));
                memcpy (pi, im + b * dim, dim * sizeof (double));
                memcpy (mr, re + b * dim, dim * sizeof (double));
                memcpy (mi, im + b * dim, dim * sizeof (double));
                ref_apply_gate (n, gate, w, &tp, pr, pi);
                ref_apply_gate (n, gate, w, &tm, mr, mi);
                /* dG/dt psi, then (dG/dt psi) = -i (H G psi), so H G psi = i dG/dt psi. */
                for (gsize a = 0; a < dim; a++)
                  {
                    double dr = (pr[a] - mr[a]) / (2 * h), di = (pi[a] - mi[a]) / (2 * h);

                    pr[a] = -di, pi[a] = dr;
                  }
                assert_element (state, b, pr, pi, 1e-8);
              }
          }
}

/* <lambda| H |phi> in one pass against the inner product with H phi from apply_generator. */
static void
test_generator_inner (void)
{
  static const PlGate gates[] = {
    PL_GATE_RX, PL_GATE_RY, PL_GATE_RZ, PL_GATE_PHASE, PL_GATE_CRX, PL_GATE_CRY,
    PL_GATE_CRZ, PL_GATE_RXX, PL_GATE_RYY, PL_GATE_RZZ,
  };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 10);
  for (guint n = 1; n <= 4; n++)
    for (gsize batch = 1; batch <= 3; batch += 2)
      for (guint gi = 0; gi < G_N_ELEMENTS (gates); gi++)
        for (guint w0 = 0; w0 < n; w0++)
          for (guint w1 = 0; w1 < n; w1++)
            {
              PlGate gate = gates[gi];
              guint w[2] = { w0, w1 };
              g_autoptr(PlState) lambda = NULL, phi = NULL, hphi = NULL;
              g_autofree double *re = NULL, *im = NULL;
              double got_re[3], got_im[3], want_re[3], want_im[3];

              if ((pl_gate_info (gate)->n_wires == 1 && w1 > 0) ||
                  (pl_gate_info (gate)->n_wires == 2 && w1 == w0))
                continue;
              lambda = state_new (n, batch);
              phi = state_new (n, batch);
              hphi = state_new (n, batch);
              re = g_new (double, lambda->dim * batch);
              im = g_new (double, lambda->dim * batch);
              random_elements (&rng, lambda, re, im);
              random_elements (&rng, phi, re, im);
              pl_state_copy (hphi, phi);
              pl_state_apply_generator (hphi, gate, w);
              pl_state_inner (lambda, hphi, want_re, want_im);
              pl_state_generator_inner (lambda, phi, gate, w, got_re, got_im);
              for (gsize b = 0; b < batch; b++)
                {
                  g_assert_cmpfloat (fabs (got_re[b] - want_re[b]), <=, 1e-13);
                  g_assert_cmpfloat (fabs (got_im[b] - want_im[b]), <=, 1e-13);
                }
            }
}

static void
test_reductions (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 6);
  for (guint n = 1; n <= 5; n++)
    for (gsize batch = 1; batch <= 9; batch += 4)
      {
        g_autoptr(PlState) x = state_new (n, batch);
        g_autoptr(PlState) y = state_new (n, batch);
        gsize dim = x->dim, total = dim * batch;
        g_autofree double *xr = g_new (double, total), *xi = g_new (double, total);
        g_autofree double *yr = g_new (double, total), *yi = g_new (double, total);
        g_autofree double *out_re = g_new (double, batch), *out_im = g_new (double, batch);
        g_autofree double *alpha = g_new (double, batch);

        random_elements (&rng, x, xr, xi);
        random_elements (&rng, y, yr, yi);
        /* Unnormalized, so the norms are not all one. */
        for (gsize b = 0; b < batch; b++)
          alpha[b] = 0.5 + pl_rng_uniform (&rng) * 3;

        for (guint stride = 0; stride <= 1; stride++)
          {
            PlAngle f = { alpha, stride };

            pl_state_scale (x, &f);
            for (gsize b = 0; b < batch; b++)
              for (gsize a = 0; a < dim; a++)
                xr[b * dim + a] *= alpha[b * stride], xi[b * dim + a] *= alpha[b * stride];
            for (gsize b = 0; b < batch; b++)
              assert_element (x, b, xr + b * dim, xi + b * dim, 1e-14);

            pl_state_inner (x, y, out_re, out_im);
            for (gsize b = 0; b < batch; b++)
              {
                double sr = 0, si = 0;

                for (gsize a = 0; a < dim; a++)
                  {
                    double ar = xr[b * dim + a], ai = xi[b * dim + a];
                    double cr = yr[b * dim + a], ci = yi[b * dim + a];

                    sr += ar * cr + ai * ci;
                    si += ar * ci - ai * cr;
                  }
                g_assert_cmpfloat (fabs (out_re[b] - sr), <=, 1e-13 * MAX (1, fabs (sr)));
                g_assert_cmpfloat (fabs (out_im[b] - si), <=, 1e-13 * MAX (1, fabs (si)));
              }

            pl_state_norm2 (x, out_re);
            for (gsize b = 0; b < batch; b++)
              {
                double s = 0;

                for (gsize a = 0; a < dim; a++)
                  s += xr[b * dim + a] * xr[b * dim + a] + xi[b * dim + a] * xi[b * dim + a];
                g_assert_cmpfloat (fabs (out_re[b] - s), <=, 1e-13 * MAX (1, s));
              }

            pl_state_axpy (y, &f, x);
            for (gsize b = 0; b < batch; b++)
              for (gsize a = 0; a < dim; a++)
                {
                  yr[b * dim + a] += alpha[b * stride] * xr[b * dim + a];
                  yi[b * dim + a] += alpha[b * stride] * xi[b * dim + a];
                }
            for (gsize b = 0; b < batch; b++)
              assert_element (y, b, yr + b * dim, yi + b * dim, 1e-13);

            /* y + alpha y, the same state on both sides. */
            pl_state_axpy (y, &f, y);
            for (gsize b = 0; b < batch; b++)
              for (gsize a = 0; a < dim; a++)
                {
                  yr[b * dim + a] += alpha[b * stride] * yr[b * dim + a];
                  yi[b * dim + a] += alpha[b * stride] * yi[b * dim + a];
                }
            for (gsize b = 0; b < batch; b++)
              assert_element (y, b, yr + b * dim, yi + b * dim, 1e-12);
          }
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
      g_autoptr(PlState) state = state_new (n, batch);
      g_autofree double *re = g_new (double, state->dim * batch);
      g_autofree double *im = g_new (double, state->dim * batch);
      double norm2[3];

      random_elements (&rng, state, re, im);
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

static void
test_buffers (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 8);
  for (guint n = 1; n <= 4; n++)
    {
      const gsize batch = 3;
      g_autoptr(PlState) state = state_new (n, batch);
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
        assert_element (state, b, basis, zero, 0);

      random_elements (&rng, state, re, im);
      /* Element b of a state is at re[a * batch + b]. */
      for (gsize b = 0; b < batch; b++)
        for (gsize a = 0; a < state->dim; a++)
          g_assert_cmpfloat (state->re[a * batch + b], ==, re[b * state->dim + a]);

      copy = pl_state_dup (state, &error);
      g_assert_no_error (error);
      for (gsize b = 0; b < batch; b++)
        assert_element (copy, b, re + b * state->dim, im + b * state->dim, 0);

      pl_state_set_basis (state, state->dim - 1);
      basis[0] = 0, basis[state->dim - 1] = 1;
      for (gsize b = 0; b < batch; b++)
        assert_element (state, b, basis, zero, 0);
      pl_state_copy (state, copy);
      for (gsize b = 0; b < batch; b++)
        assert_element (state, b, re + b * state->dim, im + b * state->dim, 0);
      pl_state_set_zero (copy);
      basis[state->dim - 1] = 0, basis[0] = 1;
      for (gsize b = 0; b < batch; b++)
        assert_element (copy, b, basis, zero, 0);
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
  g_test_add_func ("/Plateau/State/gates-vs-dense", test_gates_vs_dense);
  g_test_add_func ("/Plateau/State/angle-range", test_angle_range);
  g_test_add_func ("/Plateau/State/matrix-1q", test_matrix_1q);
  g_test_add_func ("/Plateau/State/inverse", test_inverse);
  g_test_add_func ("/Plateau/State/generator", test_generator);
  g_test_add_func ("/Plateau/State/generator-inner", test_generator_inner);
  g_test_add_func ("/Plateau/State/reductions", test_reductions);
  g_test_add_func ("/Plateau/State/norm-preserved", test_norm_preserved);
  g_test_add_func ("/Plateau/State/buffers", test_buffers);
  g_test_add_func ("/Plateau/State/errors", test_errors);

  return g_test_run ();
}
