/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests of the observables and cost functions of pl-pauli.h and their shot estimates.
 * Oracles: probabilities of the dense state for the cost functions; dense Kronecker-product
 * matrices (tests/reference-pauli.c) for the exact means of Pauli sums; the binomial and
 * multinomial cumulants for the mean and variance of the shot estimates; eigenstates for
 * exact estimates.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

/* --- observables --------------------------------------------------------------------- */

static void
test_observable_parse (void)
{
  struct { const char *text; PlObservableKind kind; const char *label; } cases[] = {
    { "global", PL_OBSERVABLE_GLOBAL_COST, "global" },
    { "  GLOBAL\n", PL_OBSERVABLE_GLOBAL_COST, "GLOBAL" },
    { "Local", PL_OBSERVABLE_LOCAL_COST, "Local" },
    { " 0.5 Z0 Z1 + X2 ", PL_OBSERVABLE_PAULI, "0.5 Z0 Z1 + X2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlObservable) obs = pl_observable_parse (cases[i].text, 3, &error);

      g_assert_no_error (error);
      g_assert_cmpint (obs->kind, ==, cases[i].kind);
      g_assert_cmpuint (obs->n_qubits, ==, 3);
      g_assert_cmpstr (obs->label, ==, cases[i].label);
      g_assert_true ((obs->sum == NULL) == (cases[i].kind == PL_OBSERVABLE_GLOBAL_COST));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PlObservable) obs = pl_observable_parse ("globl", 3, &error);

    g_assert_null (obs);
    g_assert_error (error, PL_ERROR, PL_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "'globl'"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PlObservable) obs = pl_observable_parse ("Z3", 3, &error);

    g_assert_null (obs);
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PlObservable) obs = pl_observable_parse ("local", 0, &error);

    g_assert_null (obs);
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr(PlObservable) obs = pl_observable_new_pauli (pl_pauli_sum_parse ("-X0 + 2", 2,
                                                                                NULL));
    g_assert_cmpstr (obs->label, ==, "-X0 + 2");
  }
}

/* What a computational-basis outcome a contributes to each cost: 1 for every a other than
 * 0...0 (global), the fraction of qubits found in |1> (local). */
static double
cost_of_outcome (PlObservableKind kind,
                 gsize            a,
                 guint            n)
{
  if (kind == PL_OBSERVABLE_GLOBAL_COST)
    return a != 0;
  return __builtin_popcountll (a) / (double) n;
}

/* Global cost: 1 - p(0...0) and the operator I - |0><0|. Local cost: 1 - (1/n) sum_j p_j(0),
 * the diagonal operator with entries popcount(a) / n. */
static void
test_costs (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 5);
  for (guint n = 1; n <= 6; n++)
    for (int kind = PL_OBSERVABLE_GLOBAL_COST; kind <= PL_OBSERVABLE_LOCAL_COST; kind++)
      {
        const gsize batch = 5, dim = (gsize) 1 << n;
        g_autoptr(PlObservable) obs = pl_observable_new_cost (kind, n);
        g_autoptr(PlState) in = pl_state_new (n, batch, NULL);
        g_autoptr(PlState) out = pl_state_new (n, batch, NULL);
        double *vre = g_new (double, dim * batch), *vim = g_new (double, dim * batch);
        double *got_re = g_new (double, dim), *got_im = g_new (double, dim);
        double expect[5];

        ref_random_states (&rng, in, vre, vim);
        pl_observable_expectation (obs, in, expect);
        pl_observable_apply (obs, in, out);
        for (gsize b = 0; b < batch; b++)
          {
            const double *re = vre + b * dim, *im = vim + b * dim;
            double p0_sum = 0, want;

            for (guint j = 0; j < n; j++)
              for (gsize a = 0; a < dim; a++)
                if (((a >> j) & 1) == 0)
                  p0_sum += re[a] * re[a] + im[a] * im[a];
            want = kind == PL_OBSERVABLE_GLOBAL_COST ? 1 - (re[0] * re[0] + im[0] * im[0])
                                                     : 1 - p0_sum / n;
            g_assert_cmpfloat_with_epsilon (expect[b], want, 1e-13);

            pl_state_get_element (out, b, got_re, got_im);
            for (gsize a = 0; a < dim; a++)
              {
                double d = cost_of_outcome (kind, a, n);
                g_assert_cmpfloat_with_epsilon (got_re[a], d * re[a], 1e-14);
                g_assert_cmpfloat_with_epsilon (got_im[a], d * im[a], 1e-14);
              }
          }
        g_free (vre); g_free (vim); g_free (got_re); g_free (got_im);
      }
}

/* --- sampling ------------------------------------------------------------------------ */

/* Exact mean of the shot estimator and its second and fourth cumulants times shots and
 * shots^3 (so k2 / shots is its variance), from the dense state. A Pauli sum is estimated as
 * sum_k c_k Ybar_k with independent means Ybar_k of +-1 outcomes of mean m_k = <P_k>, so the
 * cumulants add: k2 = sum c_k^2 (1 - m_k^2), k4 = sum c_k^4 kappa4(Y_k). A cost is a mean of
 * f(a) over one computational-basis distribution: k2, k4 are the cumulants of f. */
static void
exact_moments (const PlObservable *obs,
               guint               n,
               const double       *re,
               const double       *im,
               double             *mean,
               double             *k2,
               double             *k4)
{
  gsize dim = (gsize) 1 << n;

  *mean = *k2 = *k4 = 0;
  if (obs->kind == PL_OBSERVABLE_PAULI)
    {
      double *mre = g_new (double, dim * dim), *mim = g_new (double, dim * dim);

      for (gsize k = 0; k < obs->sum->n_terms; k++)
        {
          const PlPauliTerm *t = &obs->sum->terms[k];
          double m, v, p, mu4, c2 = t->coeff * t->coeff;

          ref_pauli_string_matrix (t->p, n, mre, mim);
          m = ref_expectation (dim, mre, mim, re, im);
          *mean += t->coeff * m;
          if ((t->p.x | t->p.z) == 0)
            continue;
          v = 1 - m * m;
          p = (1 + m) / 2;
          mu4 = p * pow (1 - m, 4) + (1 - p) * pow (1 + m, 4);
          *k2 += c2 * v;
          *k4 += c2 * c2 * (mu4 - 3 * v * v);
        }
      g_free (mre);
      g_free (mim);
    }
  else
    {
      double mu2 = 0, mu4 = 0;

      for (gsize a = 0; a < dim; a++)
        *mean += (re[a] * re[a] + im[a] * im[a]) * cost_of_outcome (obs->kind, a, n);
      for (gsize a = 0; a < dim; a++)
        {
          double p = re[a] * re[a] + im[a] * im[a];
          double d = cost_of_outcome (obs->kind, a, n) - *mean;

          mu2 += p * d * d;
          mu4 += p * d * d * d * d;
        }
      *k2 = mu2;
      *k4 = mu4 - 3 * mu2 * mu2;
    }
}

static PlObservable *
make_observable (PlRng *rng,
                 guint  n,
                 guint  which)
{
  if (which == 0)
    return pl_observable_new_cost (PL_OBSERVABLE_GLOBAL_COST, n);
  if (which == 1)
    return pl_observable_new_cost (PL_OBSERVABLE_LOCAL_COST, n);
  return pl_observable_new_pauli (ref_pauli_random_sum (rng, n, 5));
}

static void
test_sample_accuracy (void)
{
  const gsize batch = 5;
  const guint64 shots = 4000;
  PlRng rng, shot_rng;

  pl_rng_init (&rng, ref_test_seed () + 6);
  pl_rng_init (&shot_rng, ref_test_seed () + 7);
  for (guint n = 1; n <= 6; n++)
    for (guint which = 0; which < 6; which++)
      {
        gsize dim = (gsize) 1 << n;
        g_autoptr(PlObservable) obs = make_observable (&rng, n, which);
        g_autoptr(PlState) state = pl_state_new (n, batch, NULL);
        g_autoptr(PlState) scratch = pl_state_new (n, batch, NULL);
        g_autoptr(GError) error = NULL;
        double *vre = g_new (double, dim * batch), *vim = g_new (double, dim * batch);
        double got[5], exact[5];

        ref_random_states (&rng, state, vre, vim);
        g_assert_true (pl_observable_sample (obs, state, shots, &shot_rng, scratch, got, &error));
        g_assert_no_error (error);
        pl_observable_expectation (obs, state, exact);
        for (gsize b = 0; b < batch; b++)
          {
            double mean, vs, k4, se;

            exact_moments (obs, n, vre + b * dim, vim + b * dim, &mean, &vs, &k4);
            g_assert_cmpfloat_with_epsilon (exact[b], mean, 1e-12);
            se = sqrt (vs / (double) shots);
            /* A sum that came out as only identities has no shot noise at all. */
            if (fabs (got[b] - mean) > 5 * se + 1e-12)
              g_error ("n=%u obs '%s' element %zu: estimate %g, exact %g, standard error %g",
                       n, obs->label, b, got[b], mean, se);
          }
        g_free (vre);
        g_free (vim);
      }
}

/* Put p(0...0) of every element in [0.25, 0.75]. With p(0...0) near 0 or 1 the global
 * cost's estimate is a rare-event count whose sample variance is far from Gaussian. */
static void
moderate_p0 (PlRng   *rng,
             PlState *state,
             double  *vre,
             double  *vim)
{
  for (gsize b = 0; b < state->batch; b++)
    {
      double *re = vre + b * state->dim, *im = vim + b * state->dim;
      double p0 = re[0] * re[0] + im[0] * im[0];
      double t = 0.25 + 0.5 * pl_rng_uniform (rng);
      double s0 = sqrt (t / p0), s1 = sqrt ((1 - t) / (1 - p0));

      re[0] *= s0;
      im[0] *= s0;
      for (gsize a = 1; a < state->dim; a++)
        {
          re[a] *= s1;
          im[a] *= s1;
        }
      pl_state_set_element (state, b, re, im);
    }
}

/* Over R repetitions the sample variance of the estimates matches the predicted variance.
 * The sample variance of R values has relative standard deviation
 * r = sqrt (2 / (R - 1) + excess kurtosis / R); the test accepts |ratio - 1| <= 5 r and
 * first asserts 5 r <= 0.45, so a variance off by a factor 2 either way always fails. */
static void
test_sample_variance (void)
{
  const gsize batch = 5;
  const guint64 shots = 50;
  const guint R = 1000;
  const guint n = 3;
  const gsize dim = 8;
  PlRng rng, shot_rng;

  pl_rng_init (&rng, ref_test_seed () + 8);
  pl_rng_init (&shot_rng, ref_test_seed () + 9);
  for (guint which = 0; which < 5; which++)
    {
      g_autoptr(PlObservable) obs = make_observable (&rng, n, which);
      g_autoptr(PlState) state = pl_state_new (n, batch, NULL);
      g_autoptr(PlState) scratch = pl_state_new (n, batch, NULL);
      double vre[8 * 5], vim[8 * 5], sum[5] = { 0 }, sum2[5] = { 0 }, got[5];

      ref_random_states (&rng, state, vre, vim);
      moderate_p0 (&rng, state, vre, vim);
      for (guint r = 0; r < R; r++)
        {
          g_assert_true (pl_observable_sample (obs, state, shots, &shot_rng, scratch, got,
                                               NULL));
          for (gsize b = 0; b < batch; b++)
            {
              sum[b] += got[b];
              sum2[b] += got[b] * got[b];
            }
        }
      for (gsize b = 0; b < batch; b++)
        {
          double mean, k2, k4, emp_mean = sum[b] / R;
          double emp_var = (sum2[b] - R * emp_mean * emp_mean) / (R - 1);
          double predicted, excess, tol, ratio;

          exact_moments (obs, n, vre + b * dim, vim + b * dim, &mean, &k2, &k4);
          g_assert_cmpfloat (k2, >, 0);
          predicted = k2 / (double) shots;
          excess = k4 / (k2 * k2 * (double) shots);
          tol = 5 * sqrt (2.0 / (R - 1) + excess / R);
          g_assert_cmpfloat (tol, <=, 0.45);
          ratio = emp_var / predicted;
          g_test_message ("obs '%s' element %zu: empirical/predicted variance %.3f (+- %.3f)",
                          obs->label, b, ratio, tol);
          if (fabs (ratio - 1) > tol)
            g_error ("obs '%s' element %zu: empirical variance %g, predicted %g "
                     "(ratio %.3f, tolerance %.3f)",
                     obs->label, b, emp_var, predicted, ratio, tol);
        }
    }
}

/* Eigenstates give exact answers; the same generator state gives the same estimates. */
static void
test_sample_exact_and_deterministic (void)
{
  g_autoptr(PlState) state = pl_state_new (3, 2, NULL);
  g_autoptr(PlState) scratch = pl_state_new (3, 2, NULL);
  g_autoptr(PlObservable) zz = pl_observable_parse ("2 Z0 Z1 - 0.5 Z2 + 0.25", 3, NULL);
  g_autoptr(PlObservable) xy = pl_observable_parse ("X0 + 3 Y1 X2", 3, NULL);
  g_autoptr(PlObservable) global = pl_observable_parse ("global", 3, NULL);
  g_autoptr(PlObservable) local = pl_observable_parse ("local", 3, NULL);
  double re[8] = { 0 }, im[8] = { 0 }, got[2], again[2];
  PlRng rng, rng2;
  const guint q0 = 0, q1 = 1, q2 = 2;

  /* Element 0: |0 1 1> (qubits 0 and 1 set, a = 3); element 1: |000>. */
  re[3] = 1;
  pl_state_set_element (state, 0, re, im);
  re[3] = 0;
  re[0] = 1;
  pl_state_set_element (state, 1, re, im);

  pl_rng_init (&rng, 1);
  g_assert_true (pl_observable_sample (zz, state, 7, &rng, scratch, got, NULL));
  g_assert_cmpfloat (got[0], ==, 2 * 1 - 0.5 + 0.25);
  g_assert_cmpfloat (got[1], ==, 2 - 0.5 + 0.25);
  g_assert_true (pl_observable_sample (global, state, 9, &rng, scratch, got, NULL));
  g_assert_cmpfloat (got[0], ==, 1.0);
  g_assert_cmpfloat (got[1], ==, 0.0);
  g_assert_true (pl_observable_sample (local, state, 9, &rng, scratch, got, NULL));
  g_assert_cmpfloat_with_epsilon (got[0], 2.0 / 3.0, 1e-15);
  g_assert_cmpfloat (got[1], ==, 0.0);

  /* |+> on qubit 0, |+i> = S H |0> on qubit 1, |-> = H X |0> on qubit 2: X0 = 1, Y1 = 1,
   * X2 = -1, so X0 + 3 Y1 X2 = 1 - 3 = -2 exactly. */
  pl_state_set_zero (state);
  pl_state_apply (state, PL_GATE_H, &q0, NULL);
  pl_state_apply (state, PL_GATE_H, &q1, NULL);
  pl_state_apply (state, PL_GATE_S, &q1, NULL);
  pl_state_apply (state, PL_GATE_X, &q2, NULL);
  pl_state_apply (state, PL_GATE_H, &q2, NULL);
  g_assert_true (pl_observable_sample (xy, state, 11, &rng, scratch, got, NULL));
  g_assert_cmpfloat (got[0], ==, -2.0);
  g_assert_cmpfloat (got[1], ==, -2.0);

  /* Determinism. */
  {
    double vre[16], vim[16];
    PlRng srng;

    pl_rng_init (&srng, ref_test_seed () + 10);
    ref_random_states (&srng, state, vre, vim);
  }
  pl_rng_init (&rng, 42);
  pl_rng_init (&rng2, 42);
  g_assert_true (pl_observable_sample (xy, state, 100, &rng, scratch, got, NULL));
  g_assert_true (pl_observable_sample (xy, state, 100, &rng2, scratch, again, NULL));
  g_assert_cmpmem (got, sizeof got, again, sizeof again);
}

static void
test_sample_errors (void)
{
  g_autoptr(PlState) state = pl_state_new (2, 1, NULL);
  g_autoptr(PlState) scratch = pl_state_new (2, 1, NULL);
  g_autoptr(PlObservable) obs = pl_observable_parse ("Z0", 2, NULL);
  g_autoptr(PlObservable) global = pl_observable_parse ("global", 2, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  double got;
  PlRng rng;

  pl_rng_init (&rng, 3);
  g_assert_false (pl_observable_sample (obs, state, 0, &rng, scratch, &got, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "shots"));
  g_assert_false (pl_observable_sample (global, state, 0, &rng, scratch, &got, &error2));
  g_assert_error (error2, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Pauli/observable-parse", test_observable_parse);
  g_test_add_func ("/Plateau/Pauli/costs", test_costs);
  g_test_add_func ("/Plateau/Pauli/sample-accuracy", test_sample_accuracy);
  g_test_add_func ("/Plateau/Pauli/sample-variance", test_sample_variance);
  g_test_add_func ("/Plateau/Pauli/sample-exact-deterministic",
                   test_sample_exact_and_deterministic);
  g_test_add_func ("/Plateau/Pauli/sample-errors", test_sample_errors);

  return g_test_run ();
}
