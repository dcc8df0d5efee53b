/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dynamical Lie algebra of generators against independent oracles: dense i[A, B] for
 * the bracket, closed-form dimensions (su(2^n): 4^n - 1; the open transverse-field Ising
 * chain: so(2n), n(2n - 1); single-qubit generators: 3n; commuting generators: their count;
 * sp(8) and so(9), of equal dimension, told apart), a slow dense Lie closure with SVD rank,
 * the numerical decomposition against the exact one, and hand-derived variances for a
 * controlled algebra. Circuits, variances and measurements are in test-dla-circuit.c.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

static PlDla *
compute (const char *text,
         gboolean    numeric)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlDlaGenerators) gens = pl_dla_generators_parse (text, 0, &error);
  PlDlaOptions opt = { .force_numeric = numeric };
  PlDla *dla;

  g_assert_no_error (error);
  dla = pl_dla_compute (gens, &opt, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dla);
  return dla;
}

static PlPauliSum *
parse_sum (const char *text,
           guint       n)
{
  g_autoptr(GError) error = NULL;
  PlPauliSum *s = pl_pauli_sum_parse (text, n, &error);

  g_assert_no_error (error);
  return s;
}

/* --- the bracket --------------------------------------------------------------------- */

static void
test_bracket (void)
{
  g_autoptr(PlPauliSum) x = parse_sum ("X0", 1);
  g_autoptr(PlPauliSum) y = parse_sum ("Y0", 1);
  g_autoptr(PlPauliSum) xy = pl_dla_bracket (x, y);
  gsize dim = 8;
  PlRng rng;

  /* [X, Y] = 2 i Z, so i [X, Y] = -2 Z */
  g_assert_cmpuint (xy->n_terms, ==, 1);
  g_assert_cmpfloat (xy->terms[0].coeff, ==, -2.0);
  g_assert_cmpuint (xy->terms[0].p.x, ==, 0);
  g_assert_cmpuint (xy->terms[0].p.z, ==, 1);

  pl_rng_init (&rng, ref_test_seed ());
  for (int trial = 0; trial < 40; trial++)
    {
      g_autoptr(PlPauliSum) a = ref_dla_random_sum (&rng, 3, 4);
      g_autoptr(PlPauliSum) b = ref_dla_random_sum (&rng, 3, 4);
      g_autoptr(PlPauliSum) c = pl_dla_bracket (a, b);
      double are[64], aim[64], bre[64], bim[64], cre[64], cim[64], dre[64], dim_[64];

      ref_pauli_sum_matrix (a, 3, are, aim);
      ref_pauli_sum_matrix (b, 3, bre, bim);
      ref_pauli_sum_matrix (c, 3, cre, cim);
      ref_commutator_i (dim, are, aim, bre, bim, dre, dim_);
      g_assert_cmpfloat (ref_max_abs_diff (64, cre, dre), <, 1e-12);
      g_assert_cmpfloat (ref_max_abs_diff (64, cim, dim_), <, 1e-12);
    }
}

/* --- closed-form dimensions ---------------------------------------------------------- */

static void
test_su (void)
{
  for (guint n = 1; n <= 6; n++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(PlDla) dla = NULL;
      g_autofree char *name = g_strdup_printf ("su(%u)", 1u << n);

      for (guint i = 0; i < n; i++)
        g_string_append_printf (text, "X%u; Z%u; ", i, i);
      for (guint i = 0; i + 1 < n; i++)
        g_string_append_printf (text, "Z%u Z%u; ", i, i + 1);
      dla = compute (text->str, FALSE);
      g_assert_cmpuint (dla->dim, ==, ((gsize) 1 << (2 * n)) - 1);
      g_assert_true (dla->pauli_basis);
      g_assert_cmpstr (dla->name, ==, name);
      g_assert_cmpuint (dla->ideals[0].rank, ==, (1u << n) - 1);
      g_assert_cmpint (dla->ideals[0].type, ==, 'A');
    }
  /* the hardware-efficient template: RY, RZ and a CNOT ladder, with the ladder propagated */
  for (guint n = 2; n <= 5; n++)
    {
      PlTemplateOptions topt = { .n_qubits = n, .n_layers = 2 };
      g_autoptr(GError) error = NULL;
      g_autoptr(PlCircuit) c = pl_circuit_new_template ("hea", &topt, &error);
      g_autoptr(PlDlaGenerators) gens = pl_dla_generators_from_circuit (c, &error);
      g_autoptr(PlDla) dla = pl_dla_compute (gens, NULL, NULL, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (dla->dim, ==, ((gsize) 1 << (2 * n)) - 1);
    }
}

static void
test_tfim_so (void)
{
  for (guint n = 2; n <= 8; n++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(PlDla) dla = NULL;

      for (guint i = 0; i + 1 < n; i++)
        g_string_append_printf (text, "Z%u Z%u; ", i, i + 1);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (text, "X%u; ", i);
      dla = compute (text->str, FALSE);
      g_assert_cmpuint (dla->dim, ==, n * (2 * n - 1));
      g_assert_true (dla->structure_known);
      if (n == 2)
        g_assert_cmpstr (dla->name, ==, "su(2)^2");  /* so(4) = su(2) + su(2) */
      else
        {
          g_autofree char *name = g_strdup_printf ("so(%u)", 2 * n);

          g_assert_cmpstr (dla->name, ==, name);
          g_assert_cmpuint (dla->n_ideals, ==, 1);
          g_assert_cmpuint (dla->ideals[0].rank, ==, n);
        }
    }
}

static void
test_single_qubit (void)
{
  for (guint n = 1; n <= 6; n++)
    for (int variant = 0; variant < 2; variant++)
      {
        g_autoptr(GString) text = g_string_new (NULL);
        g_autoptr(PlDla) dla = NULL;
        g_autofree char *name = n == 1 ? g_strdup ("su(2)") : g_strdup_printf ("su(2)^%u", n);

        for (guint i = 0; i < n; i++)
          g_string_append_printf (text, variant ? "X%u; Z%u; " : "X%u; Y%u; ", i, i);
        dla = compute (text->str, FALSE);
        g_assert_cmpuint (dla->dim, ==, 3 * n);
        g_assert_cmpstr (dla->name, ==, name);
      }
}

static void
test_abelian (void)
{
  g_autoptr(PlDla) strings = compute ("Z0; Z1 Z2; Z0 Z3; Z2; X4 X5; Y4 Y5", FALSE);
  g_autoptr(PlDla) sums = compute ("Z0 + Z1; Z1 Z2 + 0.5 Z0 Z2; X3 X4 - 2 Y3 Y4", FALSE);
  g_autoptr(PlDla) one = compute ("X0 Y1", FALSE);

  g_assert_cmpuint (strings->dim, ==, 6);
  g_assert_cmpstr (strings->name, ==, "u(1)^6");
  g_assert_cmpuint (strings->centre_dim, ==, 6);
  g_assert_cmpuint (sums->dim, ==, 3);
  g_assert_false (sums->pauli_basis);
  g_assert_cmpstr (sums->name, ==, "u(1)^3");
  g_assert_cmpuint (one->dim, ==, 1);
  g_assert_cmpstr (one->name, ==, "u(1)");
}

/* usp(8) and so(9) have the same dimension 36 and rank 4; only root lengths tell them
 * apart. usp(2^n) = {P : i P^T J + J i P = 0, J = i Y_0}: even-Y strings anticommuting with
 * Y_0 and odd-Y strings commuting with it. so(9) is spanned by the quadratic products of 9
 * Majorana operators, generated by the chain {Z0, X0 X1, Z1, X1 X2, Z2, X2 X3, Z3, X3}. The
 * real antisymmetric matrices (odd-Y strings) on 3 qubits are so(8). */
static void
test_sp_so (void)
{
  g_autoptr(GString) sp = g_string_new (NULL);
  g_autoptr(GString) so8 = g_string_new (NULL);
  g_autoptr(PlDla) a = NULL;
  g_autoptr(PlDla) b = compute ("Z0; X0 X1; Z1; X1 X2; Z2; X2 X3; Z3; X3", FALSE);
  g_autoptr(PlDla) c = NULL;
  PlPauliString y0 = { 1, 1 };

  for (guint64 x = 0; x < 8; x++)
    for (guint64 z = 0; z < 8; z++)
      {
        PlPauliString p = { x, z };
        g_autofree char *t = pl_pauli_string_to_string (p);
        gboolean odd = __builtin_popcountll (x & z) & 1;

        if (x == 0 && z == 0)
          continue;
        if (odd == pl_pauli_string_commutes (p, y0))
          g_string_append_printf (sp, "%s; ", t);
        if (odd)
          g_string_append_printf (so8, "%s; ", t);
      }
  a = compute (sp->str, FALSE);
  c = compute (so8->str, FALSE);
  g_assert_cmpuint (a->dim, ==, 36);
  g_assert_cmpstr (a->name, ==, "sp(8)");
  g_assert_cmpint (a->ideals[0].type, ==, 'C');
  g_assert_cmpuint (b->dim, ==, 36);
  g_assert_cmpstr (b->name, ==, "so(9)");
  g_assert_cmpint (b->ideals[0].type, ==, 'B');
  g_assert_cmpuint (c->dim, ==, 28);
  g_assert_cmpstr (c->name, ==, "so(8)");
}

/* --- a controlled algebra: connected, yet two ideals --------------------------------- */

static PlState *
state_from (guint         n,
            const double *re,
            const double *im)
{
  g_autoptr(GError) error = NULL;
  PlState *s = pl_state_new (n, 1, &error);

  g_assert_no_error (error);
  pl_state_set_element (s, 0, re, im);
  return s;
}

/* {X1, Y1, Z0 Z1} spans P_+ (x) su(2) + P_- (x) su(2), P_+- = (I +- Z0) / 2: a qubit 1 rotated
 * by independent Haar unitaries in the two Z0 sectors. From |0>|0>, <Z1> has the Bloch-sphere
 * variance 1/3; from |+>|0> it is the mean of two independent such values: 1/3 / 2 = 1/6. */
static void
test_controlled (void)
{
  for (int numeric = 0; numeric < 2; numeric++)
    {
      g_autoptr(PlDla) dla = compute ("X1; Y1; Z0 Z1", numeric);
      g_autoptr(PlPauliSum) z1 = parse_sum ("Z1", 2);
      g_autoptr(PlPauliSum) zz = parse_sum ("Z0 Z1", 2);
      const double zero_re[4] = { 1, 0, 0, 0 }, plus_re[4] = { M_SQRT1_2, M_SQRT1_2, 0, 0 };
      const double im[4] = { 0 };
      g_autoptr(PlState) zero = state_from (2, zero_re, im);
      g_autoptr(PlState) plus = state_from (2, plus_re, im);
      g_autoptr(GError) error = NULL;
      PlDlaPrediction p;

      g_assert_cmpuint (dla->dim, ==, 6);
      g_assert_cmpstr (dla->name, ==, "su(2)^2");
      g_assert_cmpuint (dla->n_ideals, ==, 2);
      g_assert_true (pl_dla_predict_variance (dla, zero, z1, &p, &error));
      g_assert_true (p.observable_in_algebra);
      g_assert_cmpfloat (fabs (p.variance - 1.0 / 3.0), <, 1e-12);
      g_assert_true (pl_dla_predict_variance (dla, NULL, zz, &p, &error));
      g_assert_cmpfloat (fabs (p.variance - 1.0 / 3.0), <, 1e-12);
      g_assert_true (pl_dla_predict_variance (dla, plus, z1, &p, &error));
      g_assert_cmpfloat (fabs (p.variance - 1.0 / 6.0), <, 1e-12);
      g_assert_no_error (error);
    }
}

/* --- the numerical path against the exact one, both against the dense closure ---------- */

static void
compare_paths (const char *text,
               guint       n,
               PlRng      *rng,
               gboolean    dense)
{
  g_autoptr(PlDla) exact = compute (text, FALSE);
  g_autoptr(PlDla) num = compute (text, TRUE);
  g_autoptr(PlPauliSum) obs = pl_pauli_sum_new (exact->n_qubits);
  g_autofree double *re = g_new (double, (gsize) 1 << exact->n_qubits);
  g_autofree double *im = g_new (double, (gsize) 1 << exact->n_qubits);
  g_autoptr(PlState) state = NULL;
  g_autoptr(GError) error = NULL;
  PlDlaPrediction pe, pn;

  g_assert_cmpuint (exact->dim, ==, num->dim);
  if (dense)
    {
      g_autoptr(PlDlaGenerators) gens = pl_dla_generators_parse (text, n, &error);

      g_assert_cmpuint (ref_lie_closure_dim (n, gens->n_generators, gens->generators), ==,
                        exact->dim);
    }
  g_assert_true (exact->structure_known);
  g_assert_true (num->structure_known);
  g_assert_cmpuint (exact->n_ideals, ==, num->n_ideals);
  g_assert_cmpuint (exact->centre_dim, ==, num->centre_dim);
  for (guint i = 0; i < exact->n_ideals; i++)
    {
      g_assert_cmpuint (exact->ideals[i].dim, ==, num->ideals[i].dim);
      g_assert_cmpuint (exact->ideals[i].rank, ==, num->ideals[i].rank);
      g_assert_cmpint (exact->ideals[i].type, ==, num->ideals[i].type);
    }

  /* an observable in the algebra and a random state */
  for (int k = 0; k < 3; k++)
    {
      g_autoptr(PlPauliSum) b = pl_dla_basis_element (exact,
                                                      pl_rng_below (rng, exact->dim));
      double w = pl_rng_normal (rng);

      for (gsize t = 0; t < b->n_terms; t++)
        pl_pauli_sum_add_term (obs, w * b->terms[t].coeff, b->terms[t].p);
    }
  ref_random_state (rng, (gsize) 1 << exact->n_qubits, re, im);
  state = state_from (exact->n_qubits, re, im);
  g_assert_true (pl_dla_predict_variance (exact, state, obs, &pe, &error));
  g_assert_true (pl_dla_predict_variance (num, state, obs, &pn, &error));
  g_assert_no_error (error);
  g_assert_true (pe.observable_in_algebra && pn.observable_in_algebra);
  g_assert_cmpfloat (fabs (pe.variance - pn.variance), <=, 1e-8 * MAX (pe.variance, 1e-12));
  g_assert_cmpfloat (fabs (pe.state_purity - pn.state_purity), <=, 1e-8);
}

static void
test_numeric_vs_exact (void)
{
  static const char *const fixed[] = {
    "X1; Y1; Z0 Z1", "Z0 Z1; Z1 Z2; X0; X1; X2", "X0; Z0; X1; Z1; Z0 Z1",
    "Z0; X0 X1; Z1; X1 X2; Z2; X2 X3; Z3; X3", "X0 X1; Y1 Y2; Z0 Z2; X2",
  };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 1);
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    compare_paths (fixed[i], i == 3 ? 4 : 3, &rng, i != 3);
  for (int trial = 0; trial < 30; trial++)
    {
      guint n = trial < 22 ? 3 : 4, k = 2 + (guint) pl_rng_below (&rng, n == 3 ? 4 : 3);
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint j = 0; j < k; j++)
        {
          PlPauliString p = { 0, 0 };
          g_autofree char *t = NULL;

          while ((p.x | p.z) == 0)
            p = (PlPauliString) { pl_rng_below (&rng, 1u << n), pl_rng_below (&rng, 1u << n) };
          t = pl_pauli_string_to_string (p);
          g_string_append_printf (text, "%s; ", t);
        }
      compare_paths (text->str, n, &rng, n == 3);
    }
  /* genuine sums: both paths against the dense closure */
  for (int trial = 0; trial < 12; trial++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint k = 2 + (guint) pl_rng_below (&rng, 2);

      for (guint j = 0; j < k; j++)
        {
          g_autoptr(PlPauliSum) a = ref_dla_random_sum (&rng, 3, 3);
          g_autofree char *t = pl_pauli_sum_to_string (a);

          g_string_append_printf (text, "%s; ", t);
        }
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(PlDlaGenerators) gens = pl_dla_generators_parse (text->str, 3, &error);
        PlDlaOptions opt = { .force_numeric = TRUE };
        g_autoptr(PlDla) exact = NULL;
        g_autoptr(PlDla) num = NULL;

        if (gens == NULL)  /* every item a multiple of the identity */
          continue;
        exact = pl_dla_compute (gens, NULL, NULL, NULL, NULL, &error);
        num = pl_dla_compute (gens, &opt, NULL, NULL, NULL, &error);
        g_assert_no_error (error);
        g_test_message ("sums %s: dim %" G_GSIZE_FORMAT, text->str, exact->dim);
        g_assert_cmpuint (exact->dim, ==, num->dim);
        g_assert_cmpuint (ref_lie_closure_dim (3, gens->n_generators, gens->generators), ==,
                          exact->dim);
      }
    }
}

/* --- the tfim template with shared parameters: sums --------------------------------- */

static void
test_tfim_shared (void)
{
  for (guint n = 2; n <= 4; n++)
    for (int periodic = 0; periodic < 2; periodic++)
      {
        g_autoptr(PlCircuit) c = ref_tpl_build_with ("tfim", n, 2, NULL, NULL, NULL, periodic,
                                                   FALSE);
        g_autoptr(GError) error = NULL;
        g_autoptr(PlDlaGenerators) gens = pl_dla_generators_from_circuit (c, &error);
        g_autoptr(PlDla) dla = pl_dla_compute (gens, NULL, NULL, NULL, NULL, &error);
        g_autoptr(GString) zz = g_string_new (NULL);
        g_autoptr(GString) xx = g_string_new (NULL);
        PlPauliSum *sums[2];
        guint bonds = (periodic && n > 2) ? n : n - 1;
        double are[256], aim[256], bre[256], bim[256];
        gsize dim = (gsize) 1 << n;

        if (periodic && n == 2)
          continue;
        g_assert_no_error (error);
        for (guint i = 0; i < bonds; i++)
          g_string_append_printf (zz, "%sZ%u Z%u", i ? " + " : "", i, (i + 1) % n);
        for (guint i = 0; i < n; i++)
          g_string_append_printf (xx, "%sX%u", i ? " + " : "", i);
        sums[0] = parse_sum (zz->str, n);
        sums[1] = parse_sum (xx->str, n);

        g_assert_cmpuint (gens->n_generators, ==, 4);
        for (guint g = 0; g < 4; g++)
          {
            g_assert_cmpint (gens->param[g], ==, (gint) g);
            ref_pauli_sum_matrix (gens->generators[g], n, are, aim);
            ref_pauli_sum_matrix (sums[g % 2], n, bre, bim);
            g_assert_cmpfloat (ref_max_abs_diff (dim * dim, are, bre), <, 1e-14);
            g_assert_cmpfloat (ref_max_abs_diff (dim * dim, aim, bim), <, 1e-14);
          }
        g_assert_cmpuint (dla->dim, ==, ref_lie_closure_dim (n, 2, sums));
        if (n >= 3)
          g_assert_false (dla->pauli_basis);
        g_assert_true (dla->structure_known);
        pl_pauli_sum_free (sums[0]);
        pl_pauli_sum_free (sums[1]);
      }
}

/* --- bad input ----------------------------------------------------------------------- */

static void
expect_parse_error (const char *text,
                    guint       n,
                    gint        code,
                    const char *word)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlDlaGenerators) gens = pl_dla_generators_parse (text, n, &error);

  g_assert_null (gens);
  g_assert_error (error, PL_ERROR, code);
  g_assert_nonnull (strstr (error->message, word));
}

static void
test_bad_generators (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlDlaGenerators) noted = pl_dla_generators_parse ("X0; I; Z1 - Z1;", 0, &error);
  g_autoptr(PlDlaGenerators) su4 = pl_dla_generators_parse ("X0; Z0; X1; Z1; Z0 Z1", 0, &error);
  g_autoptr(PlDlaGenerators) sum = pl_dla_generators_parse ("X0 + X1; Z0 Z1", 0, &error);
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(PlState) wrong = pl_state_new (3, 1, &error);
  g_autoptr(PlPauliSum) z = parse_sum ("Z0", 2);
  PlDlaOptions small = { .max_dim = 10 };
  PlDlaPrediction p;
  PlDla *dla;

  /* identity generators are ignored with a note naming them */
  g_assert_no_error (error);
  g_assert_cmpuint (noted->n_generators, ==, 1);
  g_assert_cmpuint (noted->n_qubits, ==, 1);
  g_assert_cmpuint (g_strv_length (noted->notes), ==, 2);
  g_assert_nonnull (strstr (noted->notes[0], "generator 2"));

  expect_parse_error ("X0; Z0 Q1", 0, PL_ERROR_PARSE, "Q1");
  expect_parse_error ("X0; Z0 Q1", 0, PL_ERROR_PARSE, "generator 2");
  expect_parse_error ("", 0, PL_ERROR_INVALID_ARGUMENT, "no generators");
  expect_parse_error (" ; ;", 0, PL_ERROR_INVALID_ARGUMENT, "no generators");
  expect_parse_error ("I; 2; Z0 - Z0", 0, PL_ERROR_INVALID_ARGUMENT, "no generators");
  expect_parse_error ("X70", 0, PL_ERROR_INVALID_ARGUMENT, "70");
  expect_parse_error ("X3", 2, PL_ERROR_INVALID_ARGUMENT, "X3");
  expect_parse_error ("X0", 65, PL_ERROR_INVALID_ARGUMENT, "65");
  expect_parse_error ("i X0", 0, PL_ERROR_PARSE, "imaginary");
  expect_parse_error ("X0 + 2i Z1", 0, PL_ERROR_PARSE, "imaginary");
  expect_parse_error ("X0 + nan Z1", 0, PL_ERROR_PARSE, "nan");

  /* limits and cancellation, on the exact and the numerical closure */
  g_assert_null (pl_dla_compute (su4, &small, NULL, NULL, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "10"));
  g_clear_error (&error);
  g_cancellable_cancel (cancel);
  g_assert_null (pl_dla_compute (su4, NULL, NULL, NULL, cancel, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (pl_dla_compute (sum, NULL, NULL, NULL, cancel, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_CANCELLED);
  g_clear_error (&error);
  dla = pl_dla_compute (su4, NULL, NULL, NULL, NULL, &error);
  g_assert_false (pl_dla_predict_variance (dla, wrong, z, &p, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  pl_dla_free (dla);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Dla/bracket", test_bracket);
  g_test_add_func ("/Plateau/Dla/su", test_su);
  g_test_add_func ("/Plateau/Dla/tfim-so", test_tfim_so);
  g_test_add_func ("/Plateau/Dla/single-qubit", test_single_qubit);
  g_test_add_func ("/Plateau/Dla/abelian", test_abelian);
  g_test_add_func ("/Plateau/Dla/sp-so", test_sp_so);
  g_test_add_func ("/Plateau/Dla/controlled", test_controlled);
  g_test_add_func ("/Plateau/Dla/numeric-vs-exact", test_numeric_vs_exact);
  g_test_add_func ("/Plateau/Dla/tfim-shared", test_tfim_shared);
  g_test_add_func ("/Plateau/Dla/bad-generators", test_bad_generators);
  return g_test_run ();
}
