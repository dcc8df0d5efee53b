/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Meyer-Wallach measure Q = (2/n) sum_k (1 - Tr rho_k^2) of batched states against
 * closed forms and a dense partial trace: 0 for product states, 1 for Bell and GHZ states,
 * 8/9 for the W state, the partial trace for random states; and for Haar-random states
 * (complex Gaussian vectors, ref_random_state) E[Q] = (2^n - 2)/(2^n + 1), from Lubkin's
 * E[Tr rho_A^2] = (d_A + d_B)/(d_A d_B + 1), itself checked here by Monte Carlo with dense
 * partial traces. Statistical checks allow five standard errors of 3000 states.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

/* Reduced density matrix of the first @na qubits (the high bits of the amplitude index are
 * the rest) by the textbook partial trace: rho[i][j] = sum_e psi[i + da e] conj psi[j + da e]
 * with qubit q the bit q of the index, A = qubits 0 .. na-1. Returns Tr rho^2. */
static double
dense_purity (const double *re,
              const double *im,
              guint         n,
              guint         na)
{
  gsize da = (gsize) 1 << na, db = (gsize) 1 << (n - na);
  g_autofree double *rr = g_new0 (double, da * da);
  g_autofree double *ri = g_new0 (double, da * da);
  double p = 0;

  for (gsize i = 0; i < da; i++)
    for (gsize j = 0; j < da; j++)
      for (gsize e = 0; e < db; e++)
        {
          gsize a = i + da * e, c = j + da * e;

          rr[i * da + j] += re[a] * re[c] + im[a] * im[c];
          ri[i * da + j] += im[a] * re[c] - re[a] * im[c];
        }
  for (gsize i = 0; i < da; i++)
    for (gsize j = 0; j < da; j++)
      p += rr[i * da + j] * rr[j * da + i] - ri[i * da + j] * ri[j * da + i];
  return p;
}

/* Meyer-Wallach Q through dense partial traces: qubit k is moved to position 0 by permuting
 * the index bits, then traced like above. */
static double
dense_meyer_wallach (const double *re,
                     const double *im,
                     guint         n)
{
  gsize dim = (gsize) 1 << n;
  g_autofree double *pr = g_new (double, dim);
  g_autofree double *pi = g_new (double, dim);
  double sum = 0;

  for (guint k = 0; k < n; k++)
    {
      for (gsize a = 0; a < dim; a++)
        {
          /* swap bits 0 and k of the index */
          gsize b0 = a & 1, bk = (a >> k) & 1;
          gsize s = (a & ~((gsize) 1 | ((gsize) 1 << k))) | (bk) | (b0 << k);

          pr[s] = re[a];
          pi[s] = im[a];
        }
      sum += 1 - dense_purity (pr, pi, n, 1);
    }
  return 2 * sum / n;
}

static double
mw_of (guint         n,
       const double *re,
       const double *im)
{
  g_autoptr(PlState) s = pl_state_new (n, 3, NULL);
  double q[3];

  /* the same state in every batch element, one of them scaled: Q ignores the norm */
  pl_state_set_element (s, 0, re, im);
  pl_state_set_element (s, 1, re, im);
  pl_state_set_element (s, 2, re, im);
  pl_state_scale (s, &(PlAngle) { (const double[]) { 1, 1, 1.5 }, 1 });
  pl_meyer_wallach (s, q);
  g_assert_cmpfloat (q[0], ==, q[1]);
  g_assert_cmpfloat (fabs (q[2] - q[0]), <, 1e-14);
  return q[0];
}

static void
test_meyer_wallach_states (void)
{
  double re[16] = { 0 }, im[16] = { 0 };
  double h = sqrt (0.5), t = sqrt (1.0 / 3);
  PlRng rng;

  /* |0...0>, and (0.6 |0> + 0.8 |1>) (x) (|0> + i |1>) / sqrt 2 (qubit 0 is bit 0) */
  re[0] = 1;
  g_assert_cmpfloat (mw_of (4, re, im), ==, 0.0);
  for (guint i = 0; i < 4; i++)
    {
      double a = i & 1 ? 0.8 : 0.6;

      re[i] = i & 2 ? 0.0 : a * h;
      im[i] = i & 2 ? a * h : 0.0;
    }
  g_assert_cmpfloat (fabs (mw_of (2, re, im)), <, 1e-15);
  /* Bell (|00> + |11>)/sqrt 2 and GHZ on 3 qubits: Q = 1 */
  memset (re, 0, sizeof re);
  memset (im, 0, sizeof im);
  re[0] = re[3] = h;
  g_assert_cmpfloat (fabs (mw_of (2, re, im) - 1), <, 1e-15);
  memset (re, 0, sizeof re);
  re[0] = h;
  im[7] = h;
  g_assert_cmpfloat (fabs (mw_of (3, re, im) - 1), <, 1e-15);
  /* W = (|001> + |010> + |100>)/sqrt 3: rho_k = diag(2/3, 1/3), Tr rho^2 = 5/9, Q = 8/9 */
  memset (re, 0, sizeof re);
  memset (im, 0, sizeof im);
  re[1] = re[2] = re[4] = t;
  g_assert_cmpfloat (fabs (mw_of (3, re, im) - 8.0 / 9), <, 1e-15);

  /* random states against the dense partial trace */
  pl_rng_init (&rng, ref_test_seed ());
  for (guint n = 1; n <= 4; n++)
    for (guint r = 0; r < 5; r++)
      {
        ref_random_state (&rng, (gsize) 1 << n, re, im);
        g_assert_cmpfloat (fabs (mw_of (n, re, im) - dense_meyer_wallach (re, im, n)), <,
                           1e-14);
      }
}

/* Lubkin's E[Tr rho_A^2] = (d_A + d_B)/(d_A d_B + 1) for Haar-random states by dense partial
 * traces, then E[Q] = 2 (1 - E[Tr rho_k^2]) = (2^n - 2)/(2^n + 1) through the kernel, all
 * within five standard errors of 3000 states. */
static void
test_meyer_wallach_haar (void)
{
  const gsize M = 3000;
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 2);
  for (guint na = 1; na <= 2; na++)
    {
      const guint n = 4;
      double da = 1 << na, db = 1 << (n - na), re[16], im[16];
      g_autofree double *p = g_new (double, M);
      double mean, var;

      for (gsize i = 0; i < M; i++)
        {
          ref_random_state (&rng, 16, re, im);
          p[i] = dense_purity (re, im, n, na);
        }
      pl_variance_stats (p, M, 1, &mean, &var, NULL);
      g_assert_cmpfloat (fabs (mean - (da + db) / (da * db + 1)), <, 5 * sqrt (var / M));
    }

  for (guint n = 2; n <= 5; n++)
    {
      gsize dim = (gsize) 1 << n;
      g_autoptr(PlState) s = pl_state_new (n, M, NULL);
      g_autofree double *re = g_new (double, dim);
      g_autofree double *im = g_new (double, dim);
      g_autofree double *q = g_new (double, M);
      double N = dim, mean, var;

      for (gsize i = 0; i < M; i++)
        {
          ref_random_state (&rng, dim, re, im);
          pl_state_set_element (s, i, re, im);
        }
      pl_meyer_wallach (s, q);
      pl_variance_stats (q, M, 1, &mean, &var, NULL);
      g_assert_cmpfloat (fabs (mean - (N - 2) / (N + 1)), <, 5 * sqrt (var / M));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Expressibility/meyer-wallach-states", test_meyer_wallach_states);
  g_test_add_func ("/Plateau/Expressibility/meyer-wallach-haar", test_meyer_wallach_haar);
  return g_test_run ();
}
