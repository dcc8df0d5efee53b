/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests of the generators and reductions of pl-state.h, the kernels of adjoint gradients.
 * The oracles: central differences of the dense gate matrices of reference.c for H G psi,
 * inner products with the applied generator for <lambda| H |phi>, and plain loops for scale,
 * inner products, norms and axpy.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

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
            state = ref_state_new (n, batch);
            dim = state->dim;
            re = g_new (double, dim * batch), im = g_new (double, dim * batch);
            pr = g_new (double, dim), pi = g_new (double, dim);
            mr = g_new (double, dim), mi = g_new (double, dim);
            ref_random_states (&rng, state, re, im);
            for (gsize b = 0; b < batch; b++)
              t[b] = ref_random_angle (&rng);

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
                ref_assert_element (state, b, pr, pi, 1e-8);
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
              lambda = ref_state_new (n, batch);
              phi = ref_state_new (n, batch);
              hphi = ref_state_new (n, batch);
              re = g_new (double, lambda->dim * batch);
              im = g_new (double, lambda->dim * batch);
              ref_random_states (&rng, lambda, re, im);
              ref_random_states (&rng, phi, re, im);
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
        g_autoptr(PlState) x = ref_state_new (n, batch);
        g_autoptr(PlState) y = ref_state_new (n, batch);
        gsize dim = x->dim, total = dim * batch;
        g_autofree double *xr = g_new (double, total), *xi = g_new (double, total);
        g_autofree double *yr = g_new (double, total), *yi = g_new (double, total);
        g_autofree double *out_re = g_new (double, batch), *out_im = g_new (double, batch);
        g_autofree double *alpha = g_new (double, batch);

        ref_random_states (&rng, x, xr, xi);
        ref_random_states (&rng, y, yr, yi);
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
              ref_assert_element (x, b, xr + b * dim, xi + b * dim, 1e-14);

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
              ref_assert_element (y, b, yr + b * dim, yi + b * dim, 1e-13);

            /* y + alpha y, the same state on both sides. */
            pl_state_axpy (y, &f, y);
            for (gsize b = 0; b < batch; b++)
              for (gsize a = 0; a < dim; a++)
                {
                  yr[b * dim + a] += alpha[b * stride] * yr[b * dim + a];
                  yi[b * dim + a] += alpha[b * stride] * yi[b * dim + a];
                }
            for (gsize b = 0; b < batch; b++)
              ref_assert_element (y, b, yr + b * dim, yi + b * dim, 1e-12);
          }
      }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/State/generator", test_generator);
  g_test_add_func ("/Plateau/State/generator-inner", test_generator_inner);
  g_test_add_func ("/Plateau/State/reductions", test_reductions);

  return g_test_run ();
}
