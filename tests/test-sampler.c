/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-sampler.c: collocation samplers against published sequences (Sobol), their defining
 * properties (one point per Latin hypercube stratum, one Sobol point per elementary interval),
 * sampling statistics (uniform moments, chi-square tests of the RAR-D draw probabilities) and
 * argument validation.
 */
#include <plateau/plateau.h>

#include "reference.h"

#include <math.h>

/* ---- Sobol -------------------------------------------------------------------------------- */

/* The plain Sobol sequence straight from its definition, written independently of the library:
 * m_k from the recurrence of Bratley & Fox (1988) on the primitive polynomial
 * x^s + a_1 x^(s-1) + ... + a_(s-1) x + 1,
 *   m_k = 2 a_1 m_(k-1) ^ 4 a_2 m_(k-2) ^ ... ^ 2^s m_(k-s) ^ m_(k-s),
 * and point i is the XOR of m_k / 2^k over the set bits k of its Gray code i ^ (i >> 1). */
static double
sobol_by_definition (guint   dim,
                     guint64 i)
{
  const guint s_of[3] = { 0, 1, 2 }, a_of[3] = { 0, 0, 1 };
  const guint m0[3][2] = { { 1, 1 }, { 1, 0 }, { 1, 3 } };
  guint64 m[31], gray = i ^ (i >> 1), x = 0;
  guint s = s_of[dim];

  for (guint k = 1; k <= 30; k++)
    {
      if (dim == 0)
        m[k] = 1;
      else if (k <= s)
        m[k] = m0[dim][k - 1];
      else
        {
          m[k] = ((guint64) 1 << s) * m[k - s] ^ m[k - s];
          for (guint j = 1; j < s; j++)
            if ((a_of[dim] >> (s - 1 - j)) & 1)
              m[k] ^= ((guint64) 1 << j) * m[k - j];
        }
      if ((gray >> (k - 1)) & 1)
        x ^= m[k] << (30 - k);
    }
  return (double) x / (double) (1 << 30);
}

static void
test_sobol_published (void)
{
  /* Dimensions 1-2: the unscrambled points of Joe & Kuo (2008) as listed in SciPy's tests
   * (scipy/stats/tests/test_qmc.py, TestSobol); dimension 3 worked out by hand from their
   * row "3 2 1 1 3" (v = 1/2, 3/4, 3/8 for the first three bits). */
  static const double expected[3][8] = {
    { 0.0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125 },
    { 0.0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625 },
    { 0.0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375 },
  };
  double lower[3] = { 0, 0, 0 }, upper[3] = { 1, 1, 1 };
  enum { N = 1024 };
  g_autofree double *p = g_new (double, 3 * N);
  g_autofree double *q = g_new (double, 3 * 10);
  g_autoptr (GError) error = NULL;

  g_assert_true (pl_sampler_sobol (3, lower, upper, N, 0, NULL, p, &error));
  g_assert_no_error (error);
  for (guint d = 0; d < 3; d++)
    {
      for (guint i = 0; i < 8; i++)
        g_assert_cmpfloat (p[d * N + i], ==, expected[d][i]);
      for (guint i = 0; i < N; i++)
        g_assert_cmpfloat (p[d * N + i], ==, sobol_by_definition (d, i));
    }

  /* Starting later in the sequence (skip) lands on the same points. */
  g_assert_true (pl_sampler_sobol (3, lower, upper, 10, 517, NULL, q, &error));
  for (guint d = 0; d < 3; d++)
    for (guint i = 0; i < 10; i++)
      g_assert_cmpfloat (q[d * 10 + i], ==, p[d * N + 517 + i]);
}

/* Dimensions 1-2 of Sobol's sequence form a (0, m, 2)-net in base 2: every elementary interval
 * [a/2^j, (a+1)/2^j) x [b/2^(m-j), (b+1)/2^(m-j)) holds exactly one of the first 2^m points.
 * A digital shift permutes elementary intervals, so it keeps the property. */
static void
check_net (const double *p,
           guint         n,
           guint         m)
{
  g_autofree guint *count = g_new (guint, n);

  for (guint j = 0; j <= m; j++)
    {
      memset (count, 0, n * sizeof (guint));
      for (guint i = 0; i < n; i++)
        {
          guint a = (guint) (p[i] * (1u << j)), b = (guint) (p[n + i] * (1u << (m - j)));

          count[a * (1u << (m - j)) + b]++;
        }
      for (guint c = 0; c < n; c++)
        g_assert_cmpuint (count[c], ==, 1);
    }
}

static void
test_sobol_net (void)
{
  double lower[2] = { 0, 0 }, upper[2] = { 1, 1 };
  double box_lo[2] = { -1, 0 }, box_hi[2] = { 1, 0.5 };
  enum { M = 8, N = 1 << M };
  double p[2 * N], shifted[2 * N];
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  g_assert_true (pl_sampler_sobol (2, lower, upper, N, 0, NULL, p, NULL));
  check_net (p, N, M);
  g_assert_true (pl_sampler_sobol (2, lower, upper, N, 0, &rng, shifted, NULL));
  check_net (shifted, N, M);
  g_assert_cmpfloat (shifted[0], !=, 0.0);

  /* Mapping to a box is affine per dimension and keeps every point inside. */
  g_assert_true (pl_sampler_sobol (2, box_lo, box_hi, N, 1, &rng, p, NULL));
  for (guint i = 0; i < N; i++)
    {
      g_assert_cmpfloat (p[i], >=, -1.0);
      g_assert_cmpfloat (p[i], <, 1.0);
      g_assert_cmpfloat (p[N + i], >=, 0.0);
      g_assert_cmpfloat (p[N + i], <, 0.5);
    }
}

/* ---- Latin hypercube, uniform, grid ------------------------------------------------------- */

static void
test_latin_hypercube (void)
{
  double lower[3] = { -1.0, 0.0, 2.5 }, upper[3] = { 1.0, 1.0, 3.0 };
  guint ns[] = { 1, 2, 7, 100, 1000 };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  for (guint a = 0; a < G_N_ELEMENTS (ns); a++)
    {
      guint n = ns[a];
      g_autofree double *p = g_new (double, 3 * n);
      g_autofree double *p2 = g_new (double, 3 * n);
      g_autofree guint *count = g_new (guint, n);
      g_autoptr (GError) error = NULL;

      g_assert_true (pl_sampler_latin_hypercube (3, lower, upper, n, &rng, p, &error));
      g_assert_no_error (error);
      for (guint d = 0; d < 3; d++)
        {
          memset (count, 0, n * sizeof (guint));
          for (guint i = 0; i < n; i++)
            {
              double x = p[d * n + i];
              double s = floor ((x - lower[d]) / (upper[d] - lower[d]) * n);

              g_assert_cmpfloat (x, >=, lower[d]);
              g_assert_cmpfloat (x, <=, upper[d]);
              g_assert_cmpfloat (s, >=, 0.0);
              g_assert_cmpfloat (s, <, n);
              count[(guint) s]++;
            }
          for (guint s = 0; s < n; s++)
            g_assert_cmpuint (count[s], ==, 1);
        }
      /* The design is random: a second draw differs. */
      g_assert_true (pl_sampler_latin_hypercube (3, lower, upper, n, &rng, p2, NULL));
      g_assert_cmpint (memcmp (p, p2, 3 * n * sizeof (double)), !=, 0);
    }
}

/* Sample mean, variance and cross-correlation within 5 standard errors of U(a, b): mean
 * (a + b)/2, variance L^2/12 with standard error L^2 sqrt((1/80 - 1/144) / n). */
static void
test_uniform_moments (void)
{
  double lower[3] = { -2.0, 0.0, 10.0 }, upper[3] = { 1.0, 0.25, 20.0 };
  enum { N = 200000 };
  g_autofree double *p = g_new (double, 3 * N);
  double mean[3] = { 0 };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  g_assert_true (pl_sampler_uniform (3, lower, upper, N, &rng, p, NULL));
  for (guint d = 0; d < 3; d++)
    {
      double len = upper[d] - lower[d], var = 0.0;

      for (guint i = 0; i < N; i++)
        {
          g_assert_cmpfloat (p[d * N + i], >=, lower[d]);
          g_assert_cmpfloat (p[d * N + i], <=, upper[d]);
          mean[d] += p[d * N + i] / N;
        }
      for (guint i = 0; i < N; i++)
        var += (p[d * N + i] - mean[d]) * (p[d * N + i] - mean[d]) / (N - 1);
      g_assert_cmpfloat (fabs (mean[d] - 0.5 * (lower[d] + upper[d])), <,
                         5.0 * len / sqrt (12.0 * N));
      g_assert_cmpfloat (fabs (var - len * len / 12.0), <,
                         5.0 * len * len * sqrt ((1.0 / 80.0 - 1.0 / 144.0) / N));
    }
  for (guint d = 0; d < 3; d++)
    {
      guint e = (d + 1) % 3;
      double cov = 0.0, sd = (upper[d] - lower[d]) * (upper[e] - lower[e]) / 12.0;

      for (guint i = 0; i < N; i++)
        cov += (p[d * N + i] - mean[d]) * (p[e * N + i] - mean[e]) / N;
      g_assert_cmpfloat (fabs (cov / sd), <, 5.0 / sqrt (N));
    }
}

static void
test_grid (void)
{
  double lower[3] = { -1.0, 0.0, 5.0 }, upper[3] = { 1.0, 1.0, 6.0 };
  guint shape[3] = { 3, 4, 1 }, got[3];
  double p[3 * 12];
  gsize n;

  g_assert_true (pl_sampler_grid (3, lower, upper, shape, p, NULL));
  for (guint i2 = 0, k = 0; i2 < 4; i2++)
    for (guint i1 = 0; i1 < 3; i1++, k++)
      {
        g_assert_cmpfloat_with_epsilon (p[k], -1.0 + i1, 1e-15);
        g_assert_cmpfloat_with_epsilon (p[12 + k], i2 / 3.0, 1e-15);
        g_assert_cmpfloat (p[24 + k], ==, 5.5);
      }

  /* Budgets split in proportion to the sides: (x, t) in [-1, 1] x [0, 1] with 200 points is
   * 20 x 10, the unit cube with 1000 is 10^3, and the product never exceeds the budget. */
  n = pl_sampler_grid_shape (2, lower, upper, 200, got, NULL);
  g_assert_cmpuint (n, ==, 200);
  g_assert_cmpuint (got[0], ==, 20);
  g_assert_cmpuint (got[1], ==, 10);
  n = pl_sampler_grid_shape (3, (double[]) { 0, 0, 0 }, (double[]) { 1, 1, 1 }, 1000, got, NULL);
  g_assert_cmpuint (n, ==, 1000);
  g_assert_cmpuint (got[0] * got[1] * got[2], ==, 1000);
  for (gsize budget = 1; budget <= 300; budget += 7)
    {
      n = pl_sampler_grid_shape (2, (double[]) { -1, 0 }, (double[]) { 1, 1 }, budget, got, NULL);
      g_assert_cmpuint (n, ==, (gsize) got[0] * got[1]);
      g_assert_cmpuint (n, <=, budget);
      /* No dimension could take one more point without exceeding the budget. */
      g_assert_cmpuint (n + MIN (got[0], got[1]), >, budget);
    }
}

/* ---- RAR-D -------------------------------------------------------------------------------- */

/* Single draws with p_i ~ |r_i|^k1 / mean |r|^k1 + k2: Pearson's chi-square against those
 * probabilities must be small, against uniform (weights ignored) large. With 4 degrees of
 * freedom P(chi2 > 35) < 1e-6. */
static void
test_rard_proportional (void)
{
  enum { M = 5, DRAWS = 20000 };
  double r[M] = { 0.1, -0.5, 1.0, 2.0, -4.0 }, cand[2 * M];
  double k1 = 2.0, k2 = 0.5, w[M], mean = 0.0, wsum = 0.0, chi_p = 0.0, chi_u = 0.0;
  guint count[M] = { 0 };
  PlRng rng;

  for (guint i = 0; i < M; i++)
    {
      cand[i] = i;
      cand[M + i] = 10.0 * i;
      mean += pow (fabs (r[i]), k1) / M;
    }
  for (guint i = 0; i < M; i++)
    wsum += w[i] = pow (fabs (r[i]), k1) / mean + k2;

  pl_rng_init (&rng, ref_test_seed ());
  for (guint s = 0; s < DRAWS; s++)
    {
      double pt[2];
      gsize idx;

      g_assert_true (pl_sampler_rard (2, M, cand, r, k1, k2, 1, &rng, pt, &idx, NULL));
      g_assert_cmpfloat (pt[0], ==, cand[idx]);
      g_assert_cmpfloat (pt[1], ==, cand[M + idx]);
      count[idx]++;
    }
  for (guint i = 0; i < M; i++)
    {
      double e = DRAWS * w[i] / wsum, eu = DRAWS / (double) M;

      chi_p += (count[i] - e) * (count[i] - e) / e;
      chi_u += (count[i] - eu) * (count[i] - eu) / eu;
    }
  g_test_message ("RAR-D chi2: %.2f against the weights, %.0f against uniform", chi_p, chi_u);
  g_assert_cmpfloat (chi_p, <, 35.0);
  g_assert_cmpfloat (chi_u, >, 1000.0);

  /* All residuals zero: no 0/0, a uniform draw. */
  memset (count, 0, sizeof count);
  memset (r, 0, sizeof r);
  for (guint s = 0; s < DRAWS; s++)
    {
      double pt[2];
      gsize idx;

      g_assert_true (pl_sampler_rard (2, M, cand, r, k1, 0.0, 1, &rng, pt, &idx, NULL));
      count[idx]++;
    }
  chi_u = 0.0;
  for (guint i = 0; i < M; i++)
    chi_u += (count[i] - DRAWS / (double) M) * (count[i] - DRAWS / (double) M) / (DRAWS / M);
  g_assert_cmpfloat (chi_u, <, 35.0);
}

/* Two draws without replacement: P(i in the pair) = p_i + sum_{j != i} p_j p_i / (1 - p_j)
 * for sequential weighted sampling. Also k1 = 0 (uniform), zero weights last, permutations. */
static void
test_rard_without_replacement (void)
{
  enum { M = 4, DRAWS = 20000 };
  double r[M] = { 1.0, 2.0, 3.0, 6.0 }, cand[M] = { 0, 1, 2, 3 };
  double p[M], chi = 0.0, wsum = 0.0;
  guint incl[M] = { 0 };
  gsize idx[M];
  double pts[M];
  PlRng rng;

  for (guint i = 0; i < M; i++)
    wsum += p[i] = r[i] / ((r[0] + r[1] + r[2] + r[3]) / M);
  for (guint i = 0; i < M; i++)
    p[i] /= wsum;
  pl_rng_init (&rng, ref_test_seed ());
  for (guint s = 0; s < DRAWS; s++)
    {
      g_assert_true (pl_sampler_rard (1, M, cand, r, 1.0, 0.0, 2, &rng, pts, idx, NULL));
      g_assert_cmpuint (idx[0], !=, idx[1]);
      incl[idx[0]]++;
      incl[idx[1]]++;
    }
  for (guint i = 0; i < M; i++)
    {
      double pi = p[i], e;

      for (guint j = 0; j < M; j++)
        if (j != i)
          pi += p[j] * p[i] / (1.0 - p[j]);
      e = DRAWS * pi;
      /* Inclusion counts are binomial(DRAWS, pi): z-scores. */
      chi = MAX (chi, fabs (incl[i] - e) / sqrt (e * (1.0 - pi)));
    }
  g_test_message ("RAR-D pair inclusion: largest |z| %.2f", chi);
  g_assert_cmpfloat (chi, <, 5.0);

  /* All of them: a permutation. */
  g_assert_true (pl_sampler_rard (1, M, cand, r, 1.0, 0.0, M, &rng, pts, idx, NULL));
  for (guint i = 0; i < M; i++)
    g_assert_cmpfloat (pts[i], ==, (double) idx[i]);
  g_assert_cmpuint (idx[0] + idx[1] + idx[2] + idx[3], ==, 6);

  /* Zero residuals with k2 = 0 have zero probability: they come only after the others. */
  {
    double rz[M] = { 0.0, 3.0, 0.0, 1.0 };

    for (guint s = 0; s < 200; s++)
      {
        g_assert_true (pl_sampler_rard (1, M, cand, rz, 2.0, 0.0, 2, &rng, pts, idx, NULL));
        g_assert_cmpuint (idx[0] % 2, ==, 1);
        g_assert_cmpuint (idx[1] % 2, ==, 1);
      }
  }
}

/* ---- validation --------------------------------------------------------------------------- */

static void
test_bad_arguments (void)
{
  double lower[3] = { 0, 0, 0 }, upper[3] = { 1, 1, 1 }, bad_upper[3] = { 1, -2, 1 };
  double p[12], r[2] = { 1.0, NAN }, cand[2] = { 0.0, 1.0 };
  guint shape[2] = { 2, 0 };
  PlRng rng;
  GError *error = NULL;

  pl_rng_init (&rng, 1);
  g_assert_false (pl_sampler_uniform (2, lower, upper, 0, &rng, p, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "n = 0"));
  g_clear_error (&error);

  g_assert_false (pl_sampler_latin_hypercube (2, lower, bad_upper, 4, &rng, p, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "lower[1] = 0, upper[1] = -2"));
  g_clear_error (&error);

  g_assert_false (pl_sampler_sobol (4, lower, upper, 4, 0, NULL, p, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "dimension 4"));
  g_clear_error (&error);

  g_assert_false (pl_sampler_sobol (0, lower, upper, 4, 0, NULL, p, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (pl_sampler_sobol (1, lower, upper, 4, G_GUINT64_CONSTANT (1) << 52, NULL, p,
                                    &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (pl_sampler_grid (2, lower, upper, shape, p, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "n_per_dim[1] = 0"));
  g_clear_error (&error);

  g_assert_cmpuint (pl_sampler_grid_shape (2, lower, lower, 10, shape, &error), ==, 0);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (pl_sampler_rard (1, 2, cand, r, 1.0, 0.0, 1, &rng, p, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NUMERIC);
  g_assert_nonnull (strstr (error->message, "residual 1"));
  g_clear_error (&error);

  r[1] = 2.0;
  g_assert_false (pl_sampler_rard (1, 2, cand, r, 1.0, 0.0, 3, &rng, p, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "n_select = 3"));
  g_clear_error (&error);

  g_assert_false (pl_sampler_rard (1, 2, cand, r, -1.0, 0.0, 1, &rng, p, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "k1 = -1"));
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Sampler/sobol-published", test_sobol_published);
  g_test_add_func ("/Plateau/Sampler/sobol-net", test_sobol_net);
  g_test_add_func ("/Plateau/Sampler/latin-hypercube", test_latin_hypercube);
  g_test_add_func ("/Plateau/Sampler/uniform-moments", test_uniform_moments);
  g_test_add_func ("/Plateau/Sampler/grid", test_grid);
  g_test_add_func ("/Plateau/Sampler/rard-proportional", test_rard_proportional);
  g_test_add_func ("/Plateau/Sampler/rard-without-replacement", test_rard_without_replacement);
  g_test_add_func ("/Plateau/Sampler/bad-arguments", test_bad_arguments);

  return g_test_run ();
}
