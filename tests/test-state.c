/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests of pl-gate.h and pl-state.h. The oracles: closed-form matrices written out here from
 * the Pauli matrices (for pl_gate_matrix), basis-state truth tables, the dense Kronecker
 * reference in reference.c (for every kernel), central differences of the dense matrices (for
 * the generators) and plain loops (for the reductions).
 */
#include <plateau/plateau.h>

#include "reference.h"

#include <math.h>
#include <string.h>

#define TOL 1e-12

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

/* --- pl-gate.h ------------------------------------------------------------------------ */

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

  g_test_add_func ("/Plateau/State/gate-names", test_gate_names);
  g_test_add_func ("/Plateau/State/gate-unitary", test_gate_unitary);
  g_test_add_func ("/Plateau/State/gate-closed-forms", test_gate_closed_forms);
  g_test_add_func ("/Plateau/State/basis-semantics", test_basis_semantics);
  g_test_add_func ("/Plateau/State/gates-vs-dense", test_gates_vs_dense);
  g_test_add_func ("/Plateau/State/angle-range", test_angle_range);
  g_test_add_func ("/Plateau/State/matrix-1q", test_matrix_1q);
  g_test_add_func ("/Plateau/State/inverse", test_inverse);
  g_test_add_func ("/Plateau/State/generator", test_generator);
  g_test_add_func ("/Plateau/State/reductions", test_reductions);
  g_test_add_func ("/Plateau/State/norm-preserved", test_norm_preserved);
  g_test_add_func ("/Plateau/State/buffers", test_buffers);
  g_test_add_func ("/Plateau/State/errors", test_errors);

  return g_test_run ();
}
