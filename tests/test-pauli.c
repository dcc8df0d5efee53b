/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests of the Pauli strings and sums of pl-pauli.h. Oracles: dense Kronecker-product matrices
 * (tests/reference-pauli.c) for products, commutators, simplification, apply and expectation;
 * per-qubit products of dense 2x2 matrices for strings too wide for dense matrices; hand-written
 * term lists for the parser. The observables, costs and shot estimates are in
 * test-pauli-observable.c.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

/* --- helpers ------------------------------------------------------------------------- */

static PlPauliString
string_of_letter (int letter) /* 0 I, 1 X, 2 Y, 3 Z on qubit 0 */
{
  PlPauliString p = { letter == 1 || letter == 2, letter == 2 || letter == 3 };

  return p;
}

/* max |A - i^k B| */
static double
diff_phase (gsize         dim,
            const double *are,
            const double *aim,
            guint         k,
            const double *bre,
            const double *bim)
{
  static const double pr[4] = { 1, 0, -1, 0 };
  static const double pi[4] = { 0, 1, 0, -1 };
  double worst = 0;

  for (gsize e = 0; e < dim * dim; e++)
    {
      double r = pr[k & 3] * bre[e] - pi[k & 3] * bim[e];
      double i = pr[k & 3] * bim[e] + pi[k & 3] * bre[e];

      worst = MAX (worst, hypot (are[e] - r, aim[e] - i));
    }
  return worst;
}

/* --- strings ------------------------------------------------------------------------- */

static void
test_mul_single (void)
{
  double pre[4], pim[4], qre[4], qim[4], rre[4], rim[4], cre[4], cim[4];

  for (int a = 0; a < 4; a++)
    for (int b = 0; b < 4; b++)
      {
        PlPauliString p = string_of_letter (a), q = string_of_letter (b), r;
        guint phase = 99;

        r = pl_pauli_string_mul (p, q, &phase);
        g_assert_cmpuint (phase, <, 4);
        ref_pauli_string_matrix (p, 1, pre, pim);
        ref_pauli_string_matrix (q, 1, qre, qim);
        ref_pauli_string_matrix (r, 1, rre, rim);
        ref_matmul (2, pre, pim, qre, qim, cre, cim);
        g_assert_cmpfloat (diff_phase (2, cre, cim, phase, rre, rim), <, 1e-15);
      }
}

static void
test_mul_random (void)
{
  const guint n = 4;
  const gsize dim = 16;
  PlRng rng;
  double *pre = g_new (double, dim * dim), *pim = g_new (double, dim * dim);
  double *qre = g_new (double, dim * dim), *qim = g_new (double, dim * dim);
  double *rre = g_new (double, dim * dim), *rim = g_new (double, dim * dim);
  double *cre = g_new (double, dim * dim), *cim = g_new (double, dim * dim);

  pl_rng_init (&rng, ref_test_seed ());
  for (guint trial = 0; trial < 300; trial++)
    {
      PlPauliString p = ref_pauli_random_string (&rng, n);
      PlPauliString q = ref_pauli_random_string (&rng, n), r;
      guint phase;

      r = pl_pauli_string_mul (p, q, &phase);
      ref_pauli_string_matrix (p, n, pre, pim);
      ref_pauli_string_matrix (q, n, qre, qim);
      ref_pauli_string_matrix (r, n, rre, rim);
      ref_matmul (dim, pre, pim, qre, qim, cre, cim);
      g_assert_cmpfloat (diff_phase (dim, cre, cim, phase, rre, rim), <, 1e-14);

      /* Commuting strings have P Q - Q P = 0, anticommuting ones P Q + Q P = 0. */
      ref_matmul (dim, qre, qim, pre, pim, rre, rim);
      g_assert_cmpfloat (diff_phase (dim, cre, cim, pl_pauli_string_commutes (p, q) ? 0 : 2,
                                     rre, rim), <, 1e-14);
    }
  g_free (pre); g_free (pim); g_free (qre); g_free (qim);
  g_free (rre); g_free (rim); g_free (cre); g_free (cim);
}

/* The single-qubit product table from dense 2x2 matrices: A B = i^k R. */
static void
dense_product_1q (int    a,
                  int    b,
                  int   *r,
                  guint *k)
{
  double are[4], aim[4], bre[4], bim[4], cre[4], cim[4], rre[4], rim[4];

  ref_pauli_string_matrix (string_of_letter (a), 1, are, aim);
  ref_pauli_string_matrix (string_of_letter (b), 1, bre, bim);
  ref_matmul (2, are, aim, bre, bim, cre, cim);
  for (int cand = 0; cand < 4; cand++)
    for (guint ph = 0; ph < 4; ph++)
      {
        ref_pauli_string_matrix (string_of_letter (cand), 1, rre, rim);
        if (diff_phase (2, cre, cim, ph, rre, rim) < 1e-15)
          {
            *r = cand;
            *k = ph;
            return;
          }
      }
  g_assert_not_reached ();
}

static int
letter_at (PlPauliString p,
           guint         j)
{
  int x = (p.x >> j) & 1, z = (p.z >> j) & 1;

  return x && z ? 2 : x ? 1 : z ? 3 : 0;
}

/* Strings on all 64 qubits, too large for dense matrices: the product of tensor products is
 * the tensor product of the per-qubit products, so the phase is the sum of per-qubit phases
 * and P, Q anticommute iff an odd number of qubits do. */
static void
test_mul_wide (void)
{
  int table_r[4][4], anti[4][4];
  guint table_k[4][4];
  PlRng rng;

  for (int a = 0; a < 4; a++)
    for (int b = 0; b < 4; b++)
      {
        int r2;
        guint k2;

        dense_product_1q (a, b, &table_r[a][b], &table_k[a][b]);
        dense_product_1q (b, a, &r2, &k2);
        anti[a][b] = k2 != table_k[a][b];
      }

  pl_rng_init (&rng, ref_test_seed () + 1);
  for (guint trial = 0; trial < 2000; trial++)
    {
      PlPauliString p = ref_pauli_random_string (&rng, 64);
      PlPauliString q = ref_pauli_random_string (&rng, 64), r;
      guint phase, want_phase = 0, n_anti = 0;

      r = pl_pauli_string_mul (p, q, &phase);
      for (guint j = 0; j < 64; j++)
        {
          int a = letter_at (p, j), b = letter_at (q, j);

          g_assert_cmpint (letter_at (r, j), ==, table_r[a][b]);
          want_phase += table_k[a][b];
          n_anti += anti[a][b];
        }
      g_assert_cmpuint (phase, ==, want_phase % 4);
      g_assert_cmpint (pl_pauli_string_commutes (p, q), ==, n_anti % 2 == 0);
      g_assert_cmpuint (pl_pauli_string_weight (p), ==,
                        (guint) __builtin_popcountll (p.x | p.z));
    }
}

static void
test_string_names (void)
{
  struct { guint64 x, z; const char *text; guint weight; } cases[] = {
    { 0, 0, "I", 0 },
    { 1, 0, "X0", 1 },
    { 0b101, 0b110, "X0 Z1 Y2", 3 },
    { G_GUINT64_CONSTANT (1) << 63, G_GUINT64_CONSTANT (1) << 63, "Y63", 1 },
    { 0, 0b1000000000001, "Z0 Z12", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PlPauliString p = { cases[i].x, cases[i].z };
      g_autofree char *s = pl_pauli_string_to_string (p);

      g_assert_cmpstr (s, ==, cases[i].text);
      g_assert_cmpuint (pl_pauli_string_weight (p), ==, cases[i].weight);
    }
}

/* --- sums and text ------------------------------------------------------------------- */

typedef struct {
  double  coeff;
  guint64 x, z;
} Term;

static void
check_terms (const char *text,
             guint       n,
             const Term *want,
             gsize       n_want)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlPauliSum) s = pl_pauli_sum_parse (text, n, &error);

  if (s == NULL)
    g_error ("'%s' did not parse: %s", text, error->message);
  g_assert_no_error (error);
  g_assert_cmpuint (s->n_qubits, ==, n);
  g_assert_cmpuint (s->n_terms, ==, n_want);
  for (gsize k = 0; k < n_want; k++)
    {
      g_assert_cmpfloat (s->terms[k].coeff, ==, want[k].coeff);
      g_assert_cmphex (s->terms[k].p.x, ==, want[k].x);
      g_assert_cmphex (s->terms[k].p.z, ==, want[k].z);
    }
}

#define CHECK(text, n, ...) \
  G_STMT_START { \
    const Term want_[] = { __VA_ARGS__ }; \
    check_terms (text, n, want_, G_N_ELEMENTS (want_)); \
  } G_STMT_END

static void
test_parse_valid (void)
{
  CHECK ("Z0 Z1", 13, { 1, 0, 0x3 });
  CHECK ("0.5 X0 + Z2", 13, { 0.5, 0x1, 0 }, { 1, 0, 0x4 });
  CHECK ("-2 Y1 X3 + 1e-3", 13, { -2, 0xa, 0x2 }, { 1e-3, 0, 0 });
  CHECK (".5*X0", 13, { 0.5, 0x1, 0 });
  CHECK ("2 * x1 y0", 13, { 2, 0x3, 0x1 });
  CHECK ("X0Z1", 13, { 1, 0x1, 0x2 });
  CHECK ("-X0", 13, { -1, 0x1, 0 });
  CHECK ("+ X0 - Z1", 13, { 1, 0x1, 0 }, { -1, 0, 0x2 });
  CHECK ("3", 13, { 3, 0, 0 });
  CHECK ("1e-3", 13, { 1e-3, 0, 0 });
  CHECK ("I", 13, { 1, 0, 0 });
  CHECK ("-2.5 I", 13, { -2.5, 0, 0 });
  CHECK ("I X0", 13, { 1, 0x1, 0 });
  CHECK ("i0 X1", 13, { 1, 0x2, 0 });
  CHECK ("1E+2 z12", 13, { 100, 0, 0x1000 });
  CHECK ("  Z0  -  Z1 ", 13, { 1, 0, 0x1 }, { -1, 0, 0x2 });
  CHECK ("\tZ0\n+\n0.25\tY12", 13, { 1, 0, 0x1 }, { 0.25, 0x1000, 0x1000 });
  CHECK ("Z0 + Z0", 13, { 1, 0, 0x1 }, { 1, 0, 0x1 });
  CHECK ("4.e-1 Y2", 13, { 0.4, 0x4, 0x4 });
  CHECK ("1e-300 Z0 - 0 X1", 13, { 1e-300, 0, 0x1 }, { -0.0, 0x2, 0 });
  CHECK ("2X0", 13, { 2, 0x1, 0 });
  CHECK ("7 + -0.5", 13, { 7, 0, 0 }, { -0.5, 0, 0 });
  CHECK ("X63", 64, { 1, G_GUINT64_CONSTANT (1) << 63, 0 });
  CHECK ("0.125", 0, { 0.125, 0, 0 });
}

static void
test_parse_errors (void)
{
  struct {
    const char *text;
    guint       n;
    PlError     code;
    const char *needles[3];
  } cases[] = {
    { "Z0 Q1", 2, PL_ERROR_PARSE, { "'Q1'", "column 4", "expected X, Y, Z or I" } },
    { "", 2, PL_ERROR_PARSE, { "empty" } },
    { "   ", 2, PL_ERROR_PARSE, { "empty" } },
    { "Z5", 3, PL_ERROR_INVALID_ARGUMENT, { "index 5", "'Z5'", "3 qubits" } },
    { "X0 Z1 + Y7", 4, PL_ERROR_INVALID_ARGUMENT, { "'Y7'", "column 9", "4 qubits" } },
    { "Z1", 0, PL_ERROR_INVALID_ARGUMENT, { "'Z1'", "no qubits" } },
    { "Z99999999999999999999999", 4, PL_ERROR_INVALID_ARGUMENT,
      { "99999999999999999999999", "column 1" } },
    { "Z0 X0", 2, PL_ERROR_PARSE, { "'X0'", "column 4", "qubit 0" } },
    { "y3 X1 Z3", 4, PL_ERROR_PARSE, { "'Z3'", "column 7", "qubit 3" } },
    { "1e999 Z0", 2, PL_ERROR_PARSE, { "'1e999'", "column 1", "finite" } },
    { "inf Z0", 2, PL_ERROR_PARSE, { "'inf'", "column 1", "finite" } },
    { "Z0 + NaN", 2, PL_ERROR_PARSE, { "'NaN'", "column 6", "finite" } },
    { "-Infinity", 2, PL_ERROR_PARSE, { "'Infinity'", "column 2", "finite" } },
    { "Z0 +", 2, PL_ERROR_PARSE, { "'+'", "column 4", "nothing" } },
    { "Z0 -  ", 2, PL_ERROR_PARSE, { "'-'", "column 4" } },
    { "Z0 + + Z1", 2, PL_ERROR_PARSE, { "'+'", "column 6" } },
    { "X", 2, PL_ERROR_PARSE, { "'X'", "column 1", "qubit index" } },
    { "0.5 Xa1", 2, PL_ERROR_PARSE, { "'Xa1'", "column 5", "qubit index" } },
    { "X0 2", 2, PL_ERROR_PARSE, { "'2'", "column 4" } },
    { "2 3", 2, PL_ERROR_PARSE, { "'3'", "column 3" } },
    { "2 *", 2, PL_ERROR_PARSE, { "'*'", "column 3" } },
    { "2 * + Z0", 2, PL_ERROR_PARSE, { "'+'", "column 5" } },
    { "* Z0", 2, PL_ERROR_PARSE, { "'*'", "column 1" } },
    { "Z0 Z1 * 2", 2, PL_ERROR_PARSE, { "'*'", "column 7" } },
    { "Z0 , Z1", 2, PL_ERROR_PARSE, { "','", "column 4" } },
    { "Z0\tW1", 2, PL_ERROR_PARSE, { "'W1'", "column 4" } },
    { "Z0 + \xc3\x96" "1", 2, PL_ERROR_PARSE, { "'\xc3\x96" "1'", "column 6" } },
    { ".e5", 2, PL_ERROR_PARSE, { "'.e5'", "column 1" } },
    { "2e X0", 2, PL_ERROR_PARSE, { "'e'", "column 2" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlPauliSum) s = pl_pauli_sum_parse (cases[i].text, cases[i].n, &error);

      g_test_message ("'%s' -> %s", cases[i].text, error ? error->message : "(no error)");
      g_assert_null (s);
      g_assert_error (error, PL_ERROR, (gint) cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, "Pauli sum '"));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      for (guint j = 0; j < G_N_ELEMENTS (cases[i].needles) && cases[i].needles[j]; j++)
        if (strstr (error->message, cases[i].needles[j]) == NULL)
          g_error ("message for '%s' lacks \"%s\": %s",
                   cases[i].text, cases[i].needles[j], error->message);
    }

  /* Invalid UTF-8 in the text still gives a valid UTF-8 message. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PlPauliSum) s = pl_pauli_sum_parse ("Z0 \xff", 2, &error);

    g_assert_null (s);
    g_assert_error (error, PL_ERROR, PL_ERROR_PARSE);
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
  }
}

static void
assert_same_sum (const PlPauliSum *a,
                 const PlPauliSum *b)
{
  g_assert_cmpuint (a->n_qubits, ==, b->n_qubits);
  g_assert_cmpuint (a->n_terms, ==, b->n_terms);
  for (gsize k = 0; k < a->n_terms; k++)
    {
      /* Bitwise, so -0.0 and every last ulp count. */
      g_assert_cmpmem (&a->terms[k].coeff, sizeof (double), &b->terms[k].coeff, sizeof (double));
      g_assert_cmphex (a->terms[k].p.x, ==, b->terms[k].p.x);
      g_assert_cmphex (a->terms[k].p.z, ==, b->terms[k].p.z);
    }
}

static void
test_round_trip (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 2);
  for (guint trial = 0; trial < 500; trial++)
    {
      guint n = 1 + (guint) pl_rng_below (&rng, 64);
      g_autoptr(PlPauliSum) s = pl_pauli_sum_new (n);
      g_autoptr(PlPauliSum) back = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      guint n_terms = 1 + (guint) pl_rng_below (&rng, 6);

      for (guint k = 0; k < n_terms; k++)
        {
          double c;
          guint64 bits;
          PlPauliString p;

          switch (pl_rng_below (&rng, 8))
            {
            case 0: c = 1.0; break;
            case 1: c = -1.0; break;
            case 2: c = -0.0; break;
            case 3: c = 0.1 * (double) pl_rng_below (&rng, 100); break;
            case 4: c = ldexp (pl_rng_normal (&rng), (int) pl_rng_below (&rng, 2000) - 1000);
              break;
            case 5:
              do
                {
                  bits = pl_rng_next (&rng);
                  memcpy (&c, &bits, sizeof c);
                }
              while (!isfinite (c));
              break;
            default: c = pl_rng_normal (&rng); break;
            }
          if (pl_rng_below (&rng, 4) == 0)
            p = (PlPauliString) { 0, 0 };
          else
            p = ref_pauli_random_string (&rng, n);
          pl_pauli_sum_add_term (s, c, p);
        }

      text = pl_pauli_sum_to_string (s);
      back = pl_pauli_sum_parse (text, n, &error);
      g_assert_no_error (error);
      assert_same_sum (s, back);
    }

  /* Coefficients of +-1 are left out, and short decimals stay short. */
  {
    g_autoptr(PlPauliSum) s = pl_pauli_sum_parse ("-Z0 Z1 + 0.1 X2 - 1 + 1 Y0", 3, NULL);
    g_autoptr(PlPauliSum) empty = pl_pauli_sum_new (3);
    g_autofree char *text = pl_pauli_sum_to_string (s);
    g_autofree char *empty_text = pl_pauli_sum_to_string (empty);

    g_assert_cmpstr (text, ==, "-Z0 Z1 + 0.1 X2 - 1 + Y0");
    g_assert_cmpstr (empty_text, ==, "0");
  }
}

static void
test_simplify (void)
{
  const guint n = 3;
  const gsize dim = 8;
  PlRng rng;
  double *are = g_new (double, dim * dim), *aim = g_new (double, dim * dim);
  double *bre = g_new (double, dim * dim), *bim = g_new (double, dim * dim);

  pl_rng_init (&rng, ref_test_seed () + 3);
  for (guint trial = 0; trial < 100; trial++)
    {
      g_autoptr(PlPauliSum) s = pl_pauli_sum_new (n);
      g_autoptr(PlPauliSum) t = NULL;
      g_autoptr(PlPauliSum) u = NULL;
      gsize kept;

      /* Few distinct strings on 3 qubits, so repeats are common; some cancel exactly. */
      for (guint k = 0; k < 20; k++)
        {
          PlPauliString p = { pl_rng_below (&rng, 2), pl_rng_below (&rng, 4) };
          double c = (double) ((int) pl_rng_below (&rng, 5) - 2);

          pl_pauli_sum_add_term (s, c, p);
        }
      t = pl_pauli_sum_dup (s);
      assert_same_sum (s, t);
      pl_pauli_sum_simplify (t, 0.0);

      /* Same operator, sorted by (x, z), every string once, no zero terms. */
      ref_pauli_sum_matrix (s, n, are, aim);
      ref_pauli_sum_matrix (t, n, bre, bim);
      g_assert_cmpfloat (diff_phase (dim, are, aim, 0, bre, bim), ==, 0.0);
      for (gsize k = 0; k < t->n_terms; k++)
        {
          g_assert_cmpfloat (t->terms[k].coeff, !=, 0.0);
          if (k > 0)
            g_assert_true (t->terms[k - 1].p.x < t->terms[k].p.x
                           || (t->terms[k - 1].p.x == t->terms[k].p.x
                               && t->terms[k - 1].p.z < t->terms[k].p.z));
        }

      /* A tolerance drops the small terms, and only those. */
      u = pl_pauli_sum_dup (t);
      pl_pauli_sum_simplify (u, 1.5);
      kept = 0;
      for (gsize k = 0; k < t->n_terms; k++)
        if (fabs (t->terms[k].coeff) > 1.5)
          {
            g_assert_cmpuint (kept, <, u->n_terms);
            g_assert_cmpfloat (u->terms[kept].coeff, ==, t->terms[k].coeff);
            g_assert_cmphex (u->terms[kept].p.x, ==, t->terms[k].p.x);
            g_assert_cmphex (u->terms[kept].p.z, ==, t->terms[k].p.z);
            kept++;
          }
      g_assert_cmpuint (kept, ==, u->n_terms);
    }
  g_free (are); g_free (aim); g_free (bre); g_free (bim);

  {
    g_autoptr(PlPauliSum) s = pl_pauli_sum_parse ("2 + 0.5 Z3 X1", 8, NULL);
    g_autoptr(PlPauliSum) c = pl_pauli_sum_parse ("-2", 8, NULL);

    g_assert_cmpuint (pl_pauli_sum_span (s), ==, 4);
    g_assert_cmpuint (pl_pauli_sum_span (c), ==, 0);
  }
}

/* --- action on states ---------------------------------------------------------------- */

static void
test_apply_expectation (void)
{
  const gsize batches[] = { 1, 5 };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 4);
  for (guint n = 1; n <= 7; n++)
    for (guint bi = 0; bi < G_N_ELEMENTS (batches); bi++)
      for (guint narrow = 0; narrow < 2; narrow++)
        {
          gsize batch = batches[bi], dim = (gsize) 1 << n;
          /* A sum on fewer qubits than the state acts as identity on the rest. */
          guint sum_n = narrow ? (n + 1) / 2 : n;
          g_autoptr(PlPauliSum) sum = ref_pauli_random_sum (&rng, sum_n, 8);
          g_autoptr(PlState) in = pl_state_new (n, batch, NULL);
          g_autoptr(PlState) out = pl_state_new (n, batch, NULL);
          double *vre = g_new (double, dim * batch), *vim = g_new (double, dim * batch);
          double *mre = g_new (double, dim * dim), *mim = g_new (double, dim * dim);
          double *wre = g_new (double, dim), *wim = g_new (double, dim);
          double *got_re = g_new (double, dim), *got_im = g_new (double, dim);
          double *expect = g_new (double, batch);
          double scale = 0;

          for (gsize k = 0; k < sum->n_terms; k++)
            scale += fabs (sum->terms[k].coeff);
          ref_random_states (&rng, in, vre, vim);
          ref_pauli_sum_matrix (sum, n, mre, mim);

          pl_pauli_sum_apply (sum, in, out);
          pl_pauli_sum_expectation (sum, in, expect);
          for (gsize b = 0; b < batch; b++)
            {
              memcpy (wre, vre + b * dim, dim * sizeof (double));
              memcpy (wim, vim + b * dim, dim * sizeof (double));
              ref_matvec (dim, mre, mim, wre, wim);
              pl_state_get_element (out, b, got_re, got_im);
              for (gsize a = 0; a < dim; a++)
                {
                  g_assert_cmpfloat_with_epsilon (got_re[a], wre[a], 1e-13 * scale);
                  g_assert_cmpfloat_with_epsilon (got_im[a], wim[a], 1e-13 * scale);
                }
              g_assert_cmpfloat_with_epsilon (expect[b],
                                              ref_expectation (dim, mre, mim, vre + b * dim,
                                                               vim + b * dim),
                                              1e-13 * scale);
            }
          g_free (vre); g_free (vim); g_free (mre); g_free (mim);
          g_free (wre); g_free (wim); g_free (got_re); g_free (got_im); g_free (expect);
        }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Pauli/mul-single-qubit", test_mul_single);
  g_test_add_func ("/Plateau/Pauli/mul-random-dense", test_mul_random);
  g_test_add_func ("/Plateau/Pauli/mul-64-qubits", test_mul_wide);
  g_test_add_func ("/Plateau/Pauli/string-names", test_string_names);
  g_test_add_func ("/Plateau/Pauli/parse-valid", test_parse_valid);
  g_test_add_func ("/Plateau/Pauli/parse-errors", test_parse_errors);
  g_test_add_func ("/Plateau/Pauli/round-trip", test_round_trip);
  g_test_add_func ("/Plateau/Pauli/simplify", test_simplify);
  g_test_add_func ("/Plateau/Pauli/apply-expectation", test_apply_expectation);

  return g_test_run ();
}
