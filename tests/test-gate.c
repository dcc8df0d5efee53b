/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests of pl-gate.h: the name table, and pl_gate_matrix against closed forms written out here
 * from the Pauli matrices (the dense reference of test-state.c is built from pl_gate_matrix,
 * so this is what anchors it to the textbook).
 */
#include <plateau/plateau.h>

#include "reference.h"

#include <math.h>
#include <string.h>

/* --- small dense complex matrices for the closed forms -------------------------------- */

typedef struct {
  guint  n;
  double re[16];
  double im[16];
} Cmat;

static Cmat
cmat_zero (guint n)
{
  Cmat m;

  memset (&m, 0, sizeof m);
  m.n = n;
  return m;
}

static Cmat
cmat_2x2 (double a_re, double a_im, double b_re, double b_im,
          double c_re, double c_im, double d_re, double d_im)
{
  Cmat m = cmat_zero (2);

  m.re[0] = a_re, m.im[0] = a_im, m.re[1] = b_re, m.im[1] = b_im;
  m.re[2] = c_re, m.im[2] = c_im, m.re[3] = d_re, m.im[3] = d_im;
  return m;
}

static Cmat
cmat_identity (guint n)
{
  Cmat m = cmat_zero (n);

  for (guint i = 0; i < n; i++)
    m.re[i * n + i] = 1;
  return m;
}

static Cmat
cmat_mul (const Cmat *a,
          const Cmat *b)
{
  Cmat m = cmat_zero (a->n);

  for (guint i = 0; i < a->n; i++)
    for (guint j = 0; j < a->n; j++)
      for (guint k = 0; k < a->n; k++)
        {
          m.re[i * a->n + j] += a->re[i * a->n + k] * b->re[k * a->n + j] -
                                a->im[i * a->n + k] * b->im[k * a->n + j];
          m.im[i * a->n + j] += a->re[i * a->n + k] * b->im[k * a->n + j] +
                                a->im[i * a->n + k] * b->re[k * a->n + j];
        }
  return m;
}

/* s * a + t * b for complex scalars s, t. */
static Cmat
cmat_comb (double s_re, double s_im, const Cmat *a,
           double t_re, double t_im, const Cmat *b)
{
  Cmat m = cmat_zero (a->n);

  for (guint i = 0; i < a->n * a->n; i++)
    {
      m.re[i] = s_re * a->re[i] - s_im * a->im[i] + t_re * b->re[i] - t_im * b->im[i];
      m.im[i] = s_re * a->im[i] + s_im * a->re[i] + t_re * b->im[i] + t_im * b->re[i];
    }
  return m;
}

static Cmat
cmat_dagger (const Cmat *a)
{
  Cmat m = cmat_zero (a->n);

  for (guint i = 0; i < a->n; i++)
    for (guint j = 0; j < a->n; j++)
      {
        m.re[i * a->n + j] = a->re[j * a->n + i];
        m.im[i * a->n + j] = -a->im[j * a->n + i];
      }
  return m;
}

/* hi (x) lo: the first factor acts on the more significant bit w1, as in pl-gate.h. */
static Cmat
cmat_kron (const Cmat *hi,
           const Cmat *lo)
{
  Cmat m = cmat_zero (4);

  for (guint a = 0; a < 2; a++)
    for (guint b = 0; b < 2; b++)
      for (guint c = 0; c < 2; c++)
        for (guint d = 0; d < 2; d++)
          {
            guint r = 2 * a + c, col = 2 * b + d;

            m.re[r * 4 + col] = hi->re[a * 2 + b] * lo->re[c * 2 + d] -
                                hi->im[a * 2 + b] * lo->im[c * 2 + d];
            m.im[r * 4 + col] = hi->re[a * 2 + b] * lo->im[c * 2 + d] +
                                hi->im[a * 2 + b] * lo->re[c * 2 + d];
          }
  return m;
}

static Cmat
gate_cmat (PlGate        gate,
           const double *params)
{
  Cmat m = cmat_zero (pl_gate_info (gate)->n_wires == 1 ? 2 : 4);

  pl_gate_matrix (gate, params, m.re, m.im);
  return m;
}

static void
assert_cmat_equal (const Cmat *a,
                   const Cmat *b,
                   double      tol)
{
  g_assert_cmpuint (a->n, ==, b->n);
  for (guint i = 0; i < a->n * a->n; i++)
    {
      g_assert_cmpfloat (fabs (a->re[i] - b->re[i]), <=, tol);
      g_assert_cmpfloat (fabs (a->im[i] - b->im[i]), <=, tol);
    }
}

static double
random_angle (PlRng *rng)
{
  return (pl_rng_uniform (rng) * 2 - 1) * 2 * G_PI;
}

/* --- tests ----------------------------------------------------------------------------- */

static void
test_gate_names (void)
{
  static const struct {
    const char *name;
    PlGate      gate;
    guint       n_wires;
    guint       n_params;
  } names[] = {
    { "i", PL_GATE_I, 1, 0 },         { "id", PL_GATE_I, 1, 0 },
    { "h", PL_GATE_H, 1, 0 },         { "H", PL_GATE_H, 1, 0 },
    { "x", PL_GATE_X, 1, 0 },         { "y", PL_GATE_Y, 1, 0 },
    { "z", PL_GATE_Z, 1, 0 },         { "s", PL_GATE_S, 1, 0 },
    { "sdg", PL_GATE_SDG, 1, 0 },     { "t", PL_GATE_T, 1, 0 },
    { "TDG", PL_GATE_TDG, 1, 0 },     { "rx", PL_GATE_RX, 1, 1 },
    { "ry", PL_GATE_RY, 1, 1 },       { "RZ", PL_GATE_RZ, 1, 1 },
    { "p", PL_GATE_PHASE, 1, 1 },     { "u1", PL_GATE_PHASE, 1, 1 },
    { "phase", PL_GATE_PHASE, 1, 1 }, { "u", PL_GATE_U3, 1, 3 },
    { "u3", PL_GATE_U3, 1, 3 },       { "rot", PL_GATE_ROT, 1, 3 },
    { "cx", PL_GATE_CNOT, 2, 0 },     { "CNOT", PL_GATE_CNOT, 2, 0 },
    { "cz", PL_GATE_CZ, 2, 0 },       { "cy", PL_GATE_CY, 2, 0 },
    { "swap", PL_GATE_SWAP, 2, 0 },   { "crx", PL_GATE_CRX, 2, 1 },
    { "cry", PL_GATE_CRY, 2, 1 },     { "crz", PL_GATE_CRZ, 2, 1 },
    { "rxx", PL_GATE_RXX, 2, 1 },     { "ryy", PL_GATE_RYY, 2, 1 },
    { "rzz", PL_GATE_RZZ, 2, 1 },
  };
  static const char *bad[] = { "", "foo", "cnotx", "r x", "u4", "c" };
  PlGate gate;

  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      g_assert_true (pl_gate_from_name (names[k].name, &gate));
      g_assert_cmpint (gate, ==, names[k].gate);
      g_assert_cmpuint (pl_gate_info (gate)->n_wires, ==, names[k].n_wires);
      g_assert_cmpuint (pl_gate_info (gate)->n_params, ==, names[k].n_params);
    }
  /* Both spellings in the table look up their own gate, in any case. */
  for (guint g = 0; g < PL_N_GATES; g++)
    {
      const PlGateInfo *info = pl_gate_info ((PlGate) g);
      g_autofree char *upper = g_ascii_strup (info->qasm, -1);

      g_assert_true (pl_gate_from_name (info->name, &gate));
      g_assert_cmpint (gate, ==, g);
      g_assert_true (pl_gate_from_name (upper, &gate));
      g_assert_cmpint (gate, ==, g);
    }
  for (guint k = 0; k < G_N_ELEMENTS (bad); k++)
    g_assert_false (pl_gate_from_name (bad[k], &gate));
  g_assert_false (pl_gate_from_name (NULL, &gate));
}

static void
test_gate_unitary (void)
{
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  for (guint g = 0; g < PL_N_GATES; g++)
    for (guint rep = 0; rep < 20; rep++)
      {
        const PlGateInfo *info = pl_gate_info ((PlGate) g);
        double p[PL_GATE_MAX_PARAMS];
        gboolean off_diagonal = FALSE;
        Cmat m, md, prod, id;

        for (guint k = 0; k < PL_GATE_MAX_PARAMS; k++)
          p[k] = random_angle (&rng);
        m = gate_cmat ((PlGate) g, p);
        md = cmat_dagger (&m);
        prod = cmat_mul (&m, &md);
        id = cmat_identity (m.n);
        assert_cmat_equal (&prod, &id, 1e-14);

        for (guint r = 0; r < m.n; r++)
          for (guint c = 0; c < m.n; c++)
            if (r != c && (m.re[r * m.n + c] != 0 || m.im[r * m.n + c] != 0))
              off_diagonal = TRUE;
        g_assert_cmpint (info->diagonal, ==, !off_diagonal);
      }
}

static void
test_gate_closed_forms (void)
{
  const Cmat I = cmat_identity (2);
  const Cmat X = cmat_2x2 (0, 0, 1, 0, 1, 0, 0, 0);
  const Cmat Y = cmat_2x2 (0, 0, 0, -1, 0, 1, 0, 0);
  const Cmat Z = cmat_2x2 (1, 0, 0, 0, 0, 0, -1, 0);
  const Cmat P0 = cmat_2x2 (1, 0, 0, 0, 0, 0, 0, 0);
  const Cmat P1 = cmat_2x2 (0, 0, 0, 0, 0, 0, 1, 0);
  const Cmat I4 = cmat_identity (4);
  const Cmat XX = cmat_kron (&X, &X), YY = cmat_kron (&Y, &Y), ZZ = cmat_kron (&Z, &Z);
  const double pi = G_PI;
  PlRng rng;
  Cmat a, b, c;

  /* Rotations at pi are -i times the Pauli matrix. */
  a = gate_cmat (PL_GATE_RX, &pi), b = cmat_comb (0, -1, &X, 0, 0, &X);
  assert_cmat_equal (&a, &b, 1e-15);
  a = gate_cmat (PL_GATE_RY, &pi), b = cmat_comb (0, -1, &Y, 0, 0, &Y);
  assert_cmat_equal (&a, &b, 1e-15);
  a = gate_cmat (PL_GATE_RZ, &pi), b = cmat_comb (0, -1, &Z, 0, 0, &Z);
  assert_cmat_equal (&a, &b, 1e-15);

  /* Fixed gates. */
  a = gate_cmat (PL_GATE_I, NULL);
  assert_cmat_equal (&a, &I, 0);
  a = gate_cmat (PL_GATE_X, NULL);
  assert_cmat_equal (&a, &X, 0);
  a = gate_cmat (PL_GATE_Y, NULL);
  assert_cmat_equal (&a, &Y, 0);
  a = gate_cmat (PL_GATE_Z, NULL);
  assert_cmat_equal (&a, &Z, 0);
  a = gate_cmat (PL_GATE_H, NULL), b = cmat_comb (M_SQRT1_2, 0, &X, M_SQRT1_2, 0, &Z);
  assert_cmat_equal (&a, &b, 1e-15);
  a = gate_cmat (PL_GATE_S, NULL), b = cmat_comb (1, 0, &P0, 0, 1, &P1);
  assert_cmat_equal (&a, &b, 0);
  a = gate_cmat (PL_GATE_T, NULL), c = cmat_mul (&a, &a), b = gate_cmat (PL_GATE_S, NULL);
  assert_cmat_equal (&c, &b, 1e-15);
  a = gate_cmat (PL_GATE_SDG, NULL), c = cmat_dagger (&b);
  assert_cmat_equal (&a, &c, 0);
  a = gate_cmat (PL_GATE_TDG, NULL), b = gate_cmat (PL_GATE_T, NULL), c = cmat_dagger (&b);
  assert_cmat_equal (&a, &c, 0);

  /* Two-qubit fixed gates, control on the low bit w0: |0><0|_c (x) I + |1><1|_c (x) U. */
  a = gate_cmat (PL_GATE_CNOT, NULL), b = cmat_kron (&I, &P0), c = cmat_kron (&X, &P1);
  b = cmat_comb (1, 0, &b, 1, 0, &c);
  assert_cmat_equal (&a, &b, 0);
  a = gate_cmat (PL_GATE_CY, NULL), b = cmat_kron (&I, &P0), c = cmat_kron (&Y, &P1);
  b = cmat_comb (1, 0, &b, 1, 0, &c);
  assert_cmat_equal (&a, &b, 0);
  a = gate_cmat (PL_GATE_CZ, NULL), b = cmat_kron (&I, &P0), c = cmat_kron (&Z, &P1);
  b = cmat_comb (1, 0, &b, 1, 0, &c);
  assert_cmat_equal (&a, &b, 0);
  /* SWAP = (II + XX + YY + ZZ) / 2 */
  b = cmat_comb (0.5, 0, &I4, 0.5, 0, &XX);
  b = cmat_comb (1, 0, &b, 0.5, 0, &YY);
  b = cmat_comb (1, 0, &b, 0.5, 0, &ZZ);
  a = gate_cmat (PL_GATE_SWAP, NULL);
  assert_cmat_equal (&a, &b, 1e-15);

  pl_rng_init (&rng, ref_test_seed () + 1);
  for (guint rep = 0; rep < 50; rep++)
    {
      double t = random_angle (&rng), p = random_angle (&rng), l = random_angle (&rng);
      double ct = cos (t / 2), st = sin (t / 2);
      double u3p[3] = { t, p, l }, rotp[3] = { p, t, l };
      Cmat rx = cmat_comb (ct, 0, &I, 0, -st, &X);
      Cmat ry = cmat_comb (ct, 0, &I, 0, -st, &Y);
      Cmat rz_t = cmat_comb (ct, 0, &I, 0, -st, &Z);
      Cmat rz_p = cmat_comb (cos (p / 2), 0, &I, 0, -sin (p / 2), &Z);
      Cmat rz_l = cmat_comb (cos (l / 2), 0, &I, 0, -sin (l / 2), &Z);

      /* exp(-i t P / 2) = cos(t/2) I - i sin(t/2) P */
      a = gate_cmat (PL_GATE_RX, &t);
      assert_cmat_equal (&a, &rx, 1e-15);
      a = gate_cmat (PL_GATE_RY, &t);
      assert_cmat_equal (&a, &ry, 1e-15);
      a = gate_cmat (PL_GATE_RZ, &t);
      assert_cmat_equal (&a, &rz_t, 1e-15);

      /* PHASE(l) = e^{i l / 2} RZ(l) */
      a = gate_cmat (PL_GATE_PHASE, &l), b = cmat_comb (cos (l / 2), sin (l / 2), &rz_l, 0, 0, &I);
      assert_cmat_equal (&a, &b, 1e-14);

      /* U3 entry by entry from its definition, and U3 = e^{i (p + l)/2} RZ(p) RY(t) RZ(l). */
      a = gate_cmat (PL_GATE_U3, u3p);
      b = cmat_2x2 (ct, 0, -cos (l) * st, -sin (l) * st,
                    cos (p) * st, sin (p) * st, cos (p + l) * ct, sin (p + l) * ct);
      assert_cmat_equal (&a, &b, 1e-14);
      c = cmat_mul (&ry, &rz_l);
      c = cmat_mul (&rz_p, &c);
      c = cmat_comb (cos ((p + l) / 2), sin ((p + l) / 2), &c, 0, 0, &c);
      assert_cmat_equal (&a, &c, 1e-14);
      /* U3(t, -pi/2, pi/2) = RX(t), U3(t, 0, 0) = RY(t) */
      u3p[1] = -G_PI / 2, u3p[2] = G_PI / 2;
      a = gate_cmat (PL_GATE_U3, u3p);
      assert_cmat_equal (&a, &rx, 1e-14);
      u3p[1] = 0, u3p[2] = 0;
      a = gate_cmat (PL_GATE_U3, u3p);
      assert_cmat_equal (&a, &ry, 1e-15);

      /* ROT(p, t, l) = RZ(l) RY(t) RZ(p) */
      a = gate_cmat (PL_GATE_ROT, rotp);
      c = cmat_mul (&ry, &rz_p);
      c = cmat_mul (&rz_l, &c);
      assert_cmat_equal (&a, &c, 1e-14);

      /* Controlled rotations and two-qubit rotations. */
      a = gate_cmat (PL_GATE_CRX, &t), b = cmat_kron (&I, &P0), c = cmat_kron (&rx, &P1);
      b = cmat_comb (1, 0, &b, 1, 0, &c);
      assert_cmat_equal (&a, &b, 1e-15);
      a = gate_cmat (PL_GATE_CRY, &t), b = cmat_kron (&I, &P0), c = cmat_kron (&ry, &P1);
      b = cmat_comb (1, 0, &b, 1, 0, &c);
      assert_cmat_equal (&a, &b, 1e-15);
      a = gate_cmat (PL_GATE_CRZ, &t), b = cmat_kron (&I, &P0), c = cmat_kron (&rz_t, &P1);
      b = cmat_comb (1, 0, &b, 1, 0, &c);
      assert_cmat_equal (&a, &b, 1e-15);
      a = gate_cmat (PL_GATE_RXX, &t), b = cmat_comb (ct, 0, &I4, 0, -st, &XX);
      assert_cmat_equal (&a, &b, 1e-15);
      a = gate_cmat (PL_GATE_RYY, &t), b = cmat_comb (ct, 0, &I4, 0, -st, &YY);
      assert_cmat_equal (&a, &b, 1e-15);
      a = gate_cmat (PL_GATE_RZZ, &t), b = cmat_comb (ct, 0, &I4, 0, -st, &ZZ);
      assert_cmat_equal (&a, &b, 1e-15);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Gate/names", test_gate_names);
  g_test_add_func ("/Plateau/Gate/unitary", test_gate_unitary);
  g_test_add_func ("/Plateau/Gate/closed-forms", test_gate_closed_forms);

  return g_test_run ();
}
