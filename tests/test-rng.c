/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "reference.h"

#include <math.h>

/* xoshiro256** reference output for the state {1, 2, 3, 4} (from the authors' C code:
 * the first outputs are 11520, 0, 1509978240, 1215971899390074240). */
static void
test_known_sequence (void)
{
  PlRng rng = { { 1, 2, 3, 4 } };

  g_assert_cmpuint (pl_rng_next (&rng), ==, 11520);
  g_assert_cmpuint (pl_rng_next (&rng), ==, 0);
  g_assert_cmpuint (pl_rng_next (&rng), ==, 1509978240);
  g_assert_cmpuint (pl_rng_next (&rng), ==, G_GUINT64_CONSTANT (1215971899390074240));
}

static void
test_determinism (void)
{
  PlRng a, b, c;

  pl_rng_init (&a, 42);
  pl_rng_init (&b, 42);
  pl_rng_init (&c, 43);
  for (int i = 0; i < 100; i++)
    {
      guint64 x = pl_rng_next (&a);
      g_assert_cmpuint (x, ==, pl_rng_next (&b));
      g_assert_cmpuint (x, !=, pl_rng_next (&c));
    }
}

static void
test_uniform_moments (void)
{
  PlRng rng;
  const int n = 200000;
  double sum = 0, sum2 = 0;

  pl_rng_init (&rng, ref_test_seed ());
  for (int i = 0; i < n; i++)
    {
      double u = pl_rng_uniform (&rng);
      g_assert_cmpfloat (u, >=, 0.0);
      g_assert_cmpfloat (u, <, 1.0);
      sum += u;
      sum2 += u * u;
    }
  /* mean 1/2 with standard error sqrt(1/12/n); variance 1/12 */
  g_assert_cmpfloat (fabs (sum / n - 0.5), <, 5.0 * sqrt (1.0 / 12.0 / n));
  g_assert_cmpfloat (fabs (sum2 / n - sum * sum / n / n - 1.0 / 12.0), <, 2e-3);
}

static void
test_below_uniform (void)
{
  PlRng rng;
  const guint64 k = 7;
  const int n = 70000;
  int counts[7] = { 0 };
  double chi2 = 0;

  pl_rng_init (&rng, ref_test_seed ());
  for (int i = 0; i < n; i++)
    counts[pl_rng_below (&rng, k)]++;
  for (guint i = 0; i < k; i++)
    chi2 += pow (counts[i] - n / (double) k, 2) / (n / (double) k);
  /* chi-square with 6 degrees of freedom: P(chi2 > 22.46) = 0.001 */
  g_assert_cmpfloat (chi2, <, 22.46);
}

static void
test_normal_moments (void)
{
  PlRng rng;
  const int n = 200000;
  double s1 = 0, s2 = 0, s4 = 0;

  pl_rng_init (&rng, ref_test_seed ());
  for (int i = 0; i < n; i++)
    {
      double z = pl_rng_normal (&rng);
      s1 += z;
      s2 += z * z;
      s4 += z * z * z * z;
    }
  g_assert_cmpfloat (fabs (s1 / n), <, 5.0 / sqrt (n));
  g_assert_cmpfloat (fabs (s2 / n - 1.0), <, 5.0 * sqrt (2.0 / n));
  g_assert_cmpfloat (fabs (s4 / n - 3.0), <, 5.0 * sqrt (96.0 / n));
}

static void
test_streams_differ (void)
{
  PlRng a, b;

  pl_rng_init_stream (&a, 5, 0);
  pl_rng_init_stream (&b, 5, 1);
  g_assert_cmpuint (pl_rng_next (&a), !=, pl_rng_next (&b));
}

/* Binomial draws against the exact distribution: the empirical CDF at every k within five
 * standard errors of sum_{j <= k} C(n, j) p^j (1 - p)^(n - j) (computed by lgamma), for small
 * n (drawn trial by trial), large n (beta splitting) and skewed p. */
static void
test_binomial (void)
{
  static const struct { guint64 n; double p; } cases[] = {
    { 20, 0.3 }, { 33, 0.5 }, { 1000, 0.45 }, { 5000, 0.01 }, { 100000, 0.999 },
  };
  const guint N = 100000;
  PlRng rng;

  pl_rng_init (&rng, 99);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      guint64 n = cases[c].n;
      double p = cases[c].p, mean = n * p, sd = sqrt (n * p * (1 - p));
      guint64 lo = (guint64) MAX (0.0, floor (mean - 8 * sd)), hi = (guint64) MIN ((double) n, ceil (mean + 8 * sd));
      g_autofree guint *hist = g_new0 (guint, hi - lo + 2);
      double cdf = 0, emp = 0, s1 = 0;

      for (guint i = 0; i < N; i++)
        {
          guint64 k = pl_rng_binomial (&rng, n, p);

          g_assert_cmpuint (k, <=, n);
          s1 += (double) k;
          if (k >= lo && k <= hi)
            hist[k - lo]++;
        }
      /* the mass below lo */
      for (guint64 k = 0; k < lo; k++)
        cdf += exp (lgamma (n + 1.0) - lgamma (k + 1.0) - lgamma (n - k + 1.0) +
                    k * log (p) + (n - k) * log1p (-p));
      for (guint64 k = lo; k <= hi; k++)
        {
          double se;

          cdf += exp (lgamma (n + 1.0) - lgamma (k + 1.0) - lgamma (n - k + 1.0) +
                      k * log (p) + (n - k) * log1p (-p));
          emp += (double) hist[k - lo] / N;
          se = sqrt (MAX (cdf * (1 - cdf), 1e-6) / N);
          if (fabs (emp - cdf) > 5 * se + 1e-9)
            g_error ("binomial(%" G_GUINT64_FORMAT ", %g): P(K <= %" G_GUINT64_FORMAT ") "
                     "drawn %.5f, exact %.5f", n, p, k, emp, cdf);
        }
      g_assert_cmpfloat (fabs (s1 / N - mean), <, 5 * sd / sqrt (N) + 1e-12);
    }
  g_assert_cmpuint (pl_rng_binomial (&rng, 50, 0.0), ==, 0);
  g_assert_cmpuint (pl_rng_binomial (&rng, 50, 1.0), ==, 50);
  g_assert_cmpuint (pl_rng_binomial (&rng, 0, 0.5), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/Rng/known-sequence", test_known_sequence);
  g_test_add_func ("/Plateau/Rng/determinism", test_determinism);
  g_test_add_func ("/Plateau/Rng/uniform-moments", test_uniform_moments);
  g_test_add_func ("/Plateau/Rng/below-uniform", test_below_uniform);
  g_test_add_func ("/Plateau/Rng/normal-moments", test_normal_moments);
  g_test_add_func ("/Plateau/Rng/streams-differ", test_streams_differ);
  g_test_add_func ("/Plateau/Rng/binomial", test_binomial);
  return g_test_run ();
}
