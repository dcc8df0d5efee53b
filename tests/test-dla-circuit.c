/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The DLA of circuits: effective generators against the dense Clifford prefix of each gate,
 * the circuit's state rebuilt from its generators, Haar moments for su(2^n), Monte Carlo
 * estimates on deep circuits against the predicted variance, the measurement against a
 * closed form, and bad circuits.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

/* --- generators of circuits: the Clifford frame against dense matrices ---------------- */

static gboolean
op_is_variable (const PlOp *op)
{
  for (guint k = 0; k < pl_gate_info (op->gate)->n_params; k++)
    if (op->src[k].kind != PL_SOURCE_FIXED)
      return TRUE;
  return FALSE;
}

static gsize
first_variable (const PlCircuit *c)
{
  for (gsize i = 0; i < c->n_ops; i++)
    if (op_is_variable (&c->ops[i]))
      return i;
  g_assert_not_reached ();
}

/* M <- G M for a fixed op's full matrix. */
static void
push_fixed (const PlCircuit *c,
            gsize            i,
            double          *mre,
            double          *mim)
{
  gsize dim = (gsize) 1 << c->n_qubits;
  double angles[PL_GATE_MAX_PARAMS] = { 0 };
  g_autofree double *gre = g_new (double, dim * dim);
  g_autofree double *gim = g_new (double, dim * dim);
  g_autofree double *tre = g_new (double, dim * dim);
  g_autofree double *tim = g_new (double, dim * dim);

  for (guint k = 0; k < pl_gate_info (c->ops[i].gate)->n_params; k++)
    angles[k] = c->ops[i].src[k].value;
  ref_gate_full_matrix (c->n_qubits, c->ops[i].gate, c->ops[i].wires, angles, gre, gim);
  ref_matmul (dim, gre, gim, mre, mim, tre, tim);
  memcpy (mre, tre, dim * dim * sizeof (double));
  memcpy (mim, tim, dim * dim * sizeof (double));
}

static void
set_identity (gsize   dim,
              double *re,
              double *im)
{
  memset (re, 0, dim * dim * sizeof (double));
  memset (im, 0, dim * dim * sizeof (double));
  for (gsize i = 0; i < dim; i++)
    re[i * dim + i] = 1.0;
}

/* H_l = C_l^dagger (scale G) C_l with G = i dU/dt at 0 by central differences of the gate
 * matrix (its identity part dropped) and C_l the dense product of the fixed gates between
 * the first variable gate and gate l. */
static void
check_generators_dense (PlCircuit *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlDlaGenerators) gens = pl_dla_generators_from_circuit (c, &error);
  guint n = c->n_qubits;
  gsize dim = (gsize) 1 << n, first = first_variable (c), g = 0;
  const double h = 1e-5;
  g_autofree double *cre = g_new (double, dim * dim);
  g_autofree double *cim = g_new (double, dim * dim);
  g_autofree double *are = g_new (double, dim * dim);
  g_autofree double *aim = g_new (double, dim * dim);
  g_autofree double *bre = g_new (double, dim * dim);
  g_autofree double *bim = g_new (double, dim * dim);
  g_autofree double *dre = g_new (double, dim * dim);
  g_autofree double *dim_ = g_new (double, dim * dim);
  g_autofree double *hre = g_new (double, dim * dim);
  g_autofree double *him = g_new (double, dim * dim);

  g_assert_no_error (error);
  set_identity (dim, cre, cim);
  for (gsize i = first; i < c->n_ops; i++)
    {
      const PlOp *op = &c->ops[i];
      double plus = h, minus = -h, trace = 0;

      if (!op_is_variable (op))
        {
          push_fixed (c, i, cre, cim);
          continue;
        }
      g_assert_cmpuint (pl_gate_info (op->gate)->n_params, ==, 1);
      g_assert_cmpuint (g, <, gens->n_generators);
      g_assert_cmpuint (gens->position[g], ==, i);
      g_assert_cmpint (gens->param[g], ==, (gint) op->src[0].index);
      /* G = i (U(h) - U(-h)) / 2h */
      ref_gate_full_matrix (n, op->gate, op->wires, &plus, are, aim);
      ref_gate_full_matrix (n, op->gate, op->wires, &minus, bre, bim);
      for (gsize e = 0; e < dim * dim; e++)
        {
          hre[e] = -op->src[0].scale * (aim[e] - bim[e]) / (2 * h);
          him[e] = op->src[0].scale * (are[e] - bre[e]) / (2 * h);
        }
      /* C^dagger G C */
      ref_matmul (dim, hre, him, cre, cim, are, aim);
      ref_dagger (dim, cre, cim, bre, bim);
      ref_matmul (dim, bre, bim, are, aim, hre, him);
      for (gsize a = 0; a < dim; a++)
        trace += hre[a * dim + a];
      for (gsize a = 0; a < dim; a++)
        hre[a * dim + a] -= trace / dim;
      ref_pauli_sum_matrix (gens->generators[g], n, dre, dim_);
      g_assert_cmpfloat (ref_max_abs_diff (dim * dim, hre, dre), <, 1e-7);
      g_assert_cmpfloat (ref_max_abs_diff (dim * dim, him, dim_), <, 1e-7);
      g++;
    }
  g_assert_cmpuint (g, ==, gens->n_generators);
}

static void
test_frame_generators (void)
{
  g_autoptr(PlCircuit) a = ref_tpl_build_with ("hea", 3, 2, NULL, NULL, NULL, FALSE, FALSE);
  g_autoptr(PlCircuit) b = ref_tpl_build_with ("hea", 3, 2, "rx,rz", "ring", "cz", FALSE, FALSE);
  g_autoptr(PlCircuit) c = ref_tpl_build_with ("mcclean", 3, 3, NULL, NULL, NULL, FALSE, FALSE);
  g_autoptr(PlCircuit) d = ref_tpl_build_with ("sim4", 3, 2, NULL, NULL, NULL, FALSE, FALSE);
  g_autoptr(PlCircuit) e = ref_tpl_build_with ("sim13", 3, 2, NULL, NULL, NULL, FALSE, FALSE);

  check_generators_dense (a);
  check_generators_dense (b);
  check_generators_dense (c);
  check_generators_dense (d);
  check_generators_dense (e);
}

/* The whole circuit rebuilt from its generators: <psi(theta)|O|psi(theta)> equals
 * <psi_0| V^dagger O' V |psi_0> with V = prod_l exp(-i theta_k(l) H_l) (dense exponentials),
 * O' = C_end^dagger O C_end from the frame, and C_end V |psi_0> is the state itself. */
static void
check_factorisation (PlCircuit *c,
                     PlRng     *rng)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlDlaGenerators) gens = pl_dla_generators_from_circuit (c, &error);
  guint n = c->n_qubits;
  gsize dim = (gsize) 1 << n, first;
  g_autofree double *theta = g_new (double, MAX (c->n_params, 1));
  g_autofree double *rre = g_new (double, dim), *rim = g_new (double, dim);
  g_autofree double *vre = g_new (double, dim), *vim = g_new (double, dim);
  g_autofree double *sre = g_new (double, dim), *sim = g_new (double, dim);
  g_autofree double *ure = g_new (double, dim * dim), *uim = g_new (double, dim * dim);
  g_autofree double *hre = g_new (double, dim * dim), *him = g_new (double, dim * dim);
  g_autofree double *ore = g_new (double, dim * dim), *oim = g_new (double, dim * dim);
  g_autoptr(PlPauliSum) obs = ref_dla_random_sum (rng, n, 5);
  g_autoptr(PlPauliSum) framed = NULL;
  g_autoptr(PlState) psi0 = NULL;
  PlCircuitArgs args = { .batch = 1 };
  double ovl_re = 0, ovl_im = 0;

  g_assert_no_error (error);
  first = first_variable (c);
  for (guint k = 0; k < c->n_params; k++)
    theta[k] = 2 * G_PI * pl_rng_uniform (rng);
  args.params = theta;
  ref_circuit_state (c, &args, 0, rre, rim);

  /* |psi_0> = W_0 |0>, by hand and from the generators */
  memset (vre, 0, dim * sizeof (double));
  memset (vim, 0, dim * sizeof (double));
  vre[0] = 1;
  set_identity (dim, ure, uim);
  for (gsize i = 0; i < first; i++)
    push_fixed (c, i, ure, uim);
  ref_matvec (dim, ure, uim, vre, vim);
  psi0 = pl_dla_generators_initial_state (gens, &error);
  g_assert_no_error (error);
  pl_state_get_element (psi0, 0, sre, sim);
  g_assert_cmpfloat (ref_max_abs_diff (dim, sre, vre), <, 1e-12);
  g_assert_cmpfloat (ref_max_abs_diff (dim, sim, vim), <, 1e-12);

  for (guint g = 0; g < gens->n_generators; g++)
    {
      g_assert_cmpint (gens->param[g], >=, 0);
      ref_pauli_sum_matrix (gens->generators[g], n, hre, him);
      ref_expm_hermitian (dim, hre, him, theta[gens->param[g]], ure, uim);
      ref_matvec (dim, ure, uim, vre, vim);
    }
  framed = pl_dla_generators_transform (gens, obs);
  ref_pauli_sum_matrix (obs, n, ore, oim);
  ref_pauli_sum_matrix (framed, n, hre, him);
  g_assert_cmpfloat (fabs (ref_expectation (dim, ore, oim, rre, rim)
                           - ref_expectation (dim, hre, him, vre, vim)), <, 1e-10);

  /* C_end V |psi_0> is the circuit's state up to a global phase (U3, PHASE) */
  set_identity (dim, ure, uim);
  for (gsize i = first; i < c->n_ops; i++)
    if (!op_is_variable (&c->ops[i]))
      push_fixed (c, i, ure, uim);
  ref_matvec (dim, ure, uim, vre, vim);
  for (gsize a = 0; a < dim; a++)
    {
      ovl_re += rre[a] * vre[a] + rim[a] * vim[a];
      ovl_im += rre[a] * vim[a] - rim[a] * vre[a];
    }
  g_assert_cmpfloat (fabs (hypot (ovl_re, ovl_im) - 1.0), <, 1e-10);
}

/* Every gate kind, fixed Cliffords between variable gates (some only Clifford by their
 * angle), a non-Clifford prefix, a scaled parameter and a shared commuting run. */
static PlCircuit *
custom_circuit (void)
{
  g_autoptr(PlCircuit) c = pl_circuit_new (3);
  g_autoptr(GError) error = NULL;
  PlAngleSource fixed[3], shared[1];
  guint p;

#define FIXED(gate, w0, w1, v)                                                  \
  G_STMT_START {                                                                \
    guint w_[2] = { w0, w1 };                                                   \
    for (int k_ = 0; k_ < 3; k_++)                                              \
      fixed[k_] = pl_source_fixed (v);                                          \
    g_assert_true (pl_circuit_append (c, gate, w_, fixed, &error));             \
  } G_STMT_END
#define TRAIN(gate, w0, w1)                                                     \
  G_STMT_START {                                                                \
    guint w_[2] = { w0, w1 };                                                   \
    g_assert_true (pl_circuit_append_trainable (c, gate, w_, &error));          \
  } G_STMT_END

  FIXED (PL_GATE_T, 0, 0, 0.0);
  FIXED (PL_GATE_RY, 1, 0, 0.3);
  FIXED (PL_GATE_H, 2, 0, 0.0);
  TRAIN (PL_GATE_RY, 0, 0);
  FIXED (PL_GATE_S, 1, 0, 0.0);
  FIXED (PL_GATE_CNOT, 0, 1, 0.0);
  FIXED (PL_GATE_RZ, 2, 0, G_PI / 2);
  TRAIN (PL_GATE_U3, 2, 0);
  TRAIN (PL_GATE_CRY, 2, 0);
  TRAIN (PL_GATE_PHASE, 1, 0);
  FIXED (PL_GATE_SWAP, 1, 2, 0.0);
  TRAIN (PL_GATE_RXX, 0, 2);
  FIXED (PL_GATE_CY, 0, 2, 0.0);
  FIXED (PL_GATE_SDG, 0, 0, 0.0);
  TRAIN (PL_GATE_ROT, 1, 0);
  FIXED (PL_GATE_RX, 1, 0, -G_PI);
  /* one parameter, scale 0.7, on two commuting gates with a Clifford between them */
  p = pl_circuit_add_param (c);
  shared[0] = pl_source_param (p, 0.7);
  {
    guint w[2] = { 1, 2 };

    g_assert_true (pl_circuit_append (c, PL_GATE_RZZ, w, shared, &error));
    FIXED (PL_GATE_Y, 0, 0, 0.0);
    w[0] = 0;
    g_assert_true (pl_circuit_append (c, PL_GATE_RZ, w, shared, &error));
  }
  TRAIN (PL_GATE_CRZ, 0, 1);
  TRAIN (PL_GATE_RYY, 2, 0);
  FIXED (PL_GATE_CZ, 2, 0, 0.0);
  FIXED (PL_GATE_H, 1, 0, 0.0);
  FIXED (PL_GATE_X, 2, 0, 0.0);
#undef FIXED
#undef TRAIN
  return g_steal_pointer (&c);
}

static void
test_frame_factorisation (void)
{
  g_autoptr(PlCircuit) custom = custom_circuit ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlDlaGenerators) cg = pl_dla_generators_from_circuit (custom, &error);
  PlCircuit *list[] = {
    ref_tpl_build_with ("hea", 3, 2, NULL, NULL, NULL, FALSE, FALSE),
    ref_tpl_build_with ("hea", 3, 2, "rx,ry", "all", "cz", FALSE, FALSE),
    ref_tpl_build_with ("strong", 3, 3, NULL, NULL, NULL, FALSE, FALSE),
    ref_tpl_build_with ("mcclean", 3, 2, NULL, NULL, NULL, FALSE, FALSE),
    ref_tpl_build_with ("sim2", 3, 2, NULL, NULL, NULL, FALSE, FALSE),
    ref_tpl_build_with ("sim4", 3, 2, NULL, NULL, NULL, FALSE, FALSE),
    ref_tpl_build_with ("sim13", 3, 2, NULL, NULL, NULL, FALSE, FALSE),
    ref_tpl_build_with ("sim19", 3, 2, NULL, NULL, NULL, FALSE, FALSE),
    ref_tpl_build_with ("tfim", 3, 2, NULL, NULL, NULL, FALSE, FALSE),
    ref_tpl_build_with ("tfim", 4, 2, NULL, NULL, NULL, TRUE, FALSE),
    ref_tpl_build_with ("tfim", 3, 2, NULL, NULL, NULL, FALSE, TRUE),
    ref_tpl_build_with ("qaoa-ring", 4, 2, NULL, NULL, NULL, FALSE, FALSE),
    custom,
  };
  PlRng rng;

  /* the custom circuit: T, RY(0.3) and H before the first variable gate form the prefix;
   * the shared RZZ/RZ run with a Y between them is one generator */
  g_assert_no_error (error);
  g_assert_nonnull (cg->prefix);
  g_assert_cmpuint (cg->prefix->n_ops, ==, 3);
  g_assert_cmpuint (cg->n_generators, ==, 1 + 3 + 1 + 1 + 1 + 3 + 1 + 1 + 1);
  pl_rng_init (&rng, ref_test_seed () + 2);
  for (guint i = 0; i < G_N_ELEMENTS (list); i++)
    for (int trial = 0; trial < 3; trial++)
      check_factorisation (list[i], &rng);
  for (guint i = 0; i + 1 < G_N_ELEMENTS (list); i++)
    pl_circuit_free (list[i]);
}

/* The tfim template with shared parameters: per layer exp(-i a sum Z_i Z_i+1) and
 * exp(-i b sum X_i), so the generators are those two sums (angles are 2a, 2b and RZZ(t),
 * RX(t) rotate by t/2). Its algebra against the dense closure of the two sums. */
/* --- variances ----------------------------------------------------------------------- */

static void
predict_for (const PlCircuit *c,
             const char      *observable,
             PlDlaPrediction *p)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlDlaGenerators) gens = pl_dla_generators_from_circuit (c, &error);
  g_autoptr(PlDla) dla = pl_dla_compute (gens, NULL, NULL, NULL, NULL, &error);
  g_autoptr(PlObservable) obs = pl_observable_parse (observable, c->n_qubits, &error);
  g_autoptr(PlPauliSum) sum = pl_dla_observable_sum (obs, &error);
  g_autoptr(PlPauliSum) framed = pl_dla_generators_transform (gens, sum);
  g_autoptr(PlState) state = pl_dla_generators_initial_state (gens, &error);
  PlDlaPrediction q;

  g_assert_no_error (error);
  g_assert_true (pl_dla_predict_variance (dla, state, framed, p, &error));
  /* the same through the circuit (initial states of single-qubit gates taken qubit by qubit) */
  g_assert_true (pl_dla_predict_circuit_variance (dla, gens, sum, &q, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (p->variance - q.variance), <=, 1e-12 * fabs (p->variance));
  g_assert_cmpfloat (fabs (p->state_purity - q.state_purity), <=, 1e-12);
}

/* For Haar-random states of dimension d: Var <P> = 1/(d+1) for a Pauli string, sum c^2/(d+1)
 * for a traceless sum, and |<0|psi>|^2 ~ Beta(1, d-1) has variance (d-1)/(d^2 (d+1)). */
static void
test_haar_closed_form (void)
{
  for (guint n = 1; n <= 5; n++)
    {
      g_autoptr(PlCircuit) c = ref_tpl_build_with ("hea", n, 3, NULL, NULL, NULL, FALSE, FALSE);
      double d = (double) (1u << n);
      PlDlaPrediction p;

      predict_for (c, "Z0", &p);
      g_assert_cmpfloat (fabs (p.variance - 1.0 / (d + 1)), <, 1e-12);
      g_assert_cmpfloat (fabs (p.state_purity - (1 - 1 / d)), <, 1e-12);
      g_assert_cmpfloat (fabs (p.observable_purity - d), <, 1e-9);
      predict_for (c, "global", &p);
      g_assert_cmpfloat (fabs (p.variance - (d - 1) / (d * d * (d + 1))), <, 1e-12);
      if (n >= 2)
        {
          predict_for (c, "X0 + 0.5 Z0 Z1", &p);
          g_assert_cmpfloat (fabs (p.variance - 1.25 / (d + 1)), <, 1e-12);
          predict_for (c, "local", &p);
          g_assert_cmpfloat (fabs (p.variance - 1.0 / (4 * n * (d + 1))), <, 1e-12);
        }
    }
}

/* Deep circuits with uniform angles against the prediction: within five standard errors
 * plus 3 % for the finite depth. */
static void
check_monte_carlo (PlCircuit  *c,
                   const char *observable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlObservable) obs = pl_observable_parse (observable, c->n_qubits, &error);
  PlDlaPrediction p;
  PlDlaMeasurement m;

  predict_for (c, observable, &p);
  g_assert_true (isfinite (p.variance));
  g_assert_true (pl_dla_measure_variance (c, obs, 3000, ref_test_seed (), 2, NULL, NULL, NULL,
                                          &m, &error));
  g_assert_no_error (error);
  g_test_message ("%s %s: predicted %.5g, measured %.5g +- %.2g", c->name, observable,
                  p.variance, m.variance, m.stderr_);
  g_assert_cmpfloat (fabs (m.variance - p.variance), <, 5 * m.stderr_ + 0.03 * p.variance);
}

static void
test_monte_carlo (void)
{
  g_autoptr(PlCircuit) hea = ref_tpl_build_with ("hea", 3, 40, NULL, NULL, NULL, FALSE, FALSE);
  g_autoptr(PlCircuit) so8 = ref_tpl_build_with ("tfim", 4, 40, NULL, NULL, NULL, FALSE, TRUE);
  g_autoptr(PlCircuit) un = ref_tpl_build_with ("tfim", 4, 60, NULL, NULL, NULL, FALSE, FALSE);

  check_monte_carlo (hea, "Z0");
  check_monte_carlo (so8, "Z0 Z1");
  check_monte_carlo (un, "Z0 Z1 + Z1 Z2 + Z2 Z3");
}

static void
count_progress (guint64  done,
                guint64  total,
                gpointer user_data)
{
  guint64 *last = user_data;

  g_assert_cmpuint (done, <=, total);
  *last = done;
}

/* One RY(t) on |0>: <Z> = cos t, with t uniform: mean 0, variance 1/2. */
static void
test_measure (void)
{
  g_autoptr(PlCircuit) c = ref_tpl_build_with ("hea", 1, 1, "ry", "none", NULL, FALSE, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlObservable) obs = pl_observable_parse ("Z0", 1, &error);
  PlDlaMeasurement a, b;
  guint64 last = 0;

  g_assert_true (pl_dla_measure_variance (c, obs, 20000, 5, 1, count_progress, &last, NULL, &a,
                                          &error));
  g_assert_true (pl_dla_measure_variance (c, obs, 20000, 5, 3, NULL, NULL, NULL, &b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (last, ==, 20000);
  g_assert_cmpfloat (fabs (a.variance - 0.5), <, 5 * a.stderr_);
  g_assert_cmpfloat (fabs (a.mean), <, 5 * sqrt (0.5 / 20000));
  /* the same draws whatever the threads */
  g_assert_cmpfloat (a.variance, ==, b.variance);
  g_assert_cmpfloat (a.mean, ==, b.mean);
}

/* --- bad circuits ------------------------------------------------------------------- */

static void
test_bad_circuits (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCircuit) fixed_only = pl_circuit_new (2);
  g_autoptr(PlCircuit) t_mid = pl_circuit_new (2);
  g_autoptr(PlCircuit) clash = pl_circuit_new (1);
  g_autoptr(PlObservable) obs = pl_observable_parse ("Z0", 2, &error);
  PlAngleSource fixed[3] = { pl_source_fixed (0), pl_source_fixed (0), pl_source_fixed (0) };
  PlAngleSource shared[1];
  guint w0[2] = { 0, 1 }, w1[2] = { 1, 0 };
  PlDlaMeasurement m;

  /* nothing variable; a T gate between variable gates; one parameter on two rotations that
   * do not commute; too few draws */
  g_assert_true (pl_circuit_append (fixed_only, PL_GATE_H, w0, fixed, &error));
  g_assert_null (pl_dla_generators_from_circuit (fixed_only, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (pl_circuit_append_trainable (t_mid, PL_GATE_RY, w0, &error));
  g_assert_true (pl_circuit_append (t_mid, PL_GATE_T, w1, fixed, &error));
  g_assert_true (pl_circuit_append_trainable (t_mid, PL_GATE_RY, w1, &error));
  g_assert_null (pl_dla_generators_from_circuit (t_mid, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "op 1"));
  g_clear_error (&error);
  shared[0] = pl_source_param (pl_circuit_add_param (clash), 1.0);
  g_assert_true (pl_circuit_append (clash, PL_GATE_RX, w0, shared, &error));
  g_assert_true (pl_circuit_append (clash, PL_GATE_RZ, w0, shared, &error));
  g_assert_null (pl_dla_generators_from_circuit (clash, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "parameter 0"));
  g_clear_error (&error);
  g_assert_false (pl_dla_measure_variance (t_mid, obs, 3, 1, 1, NULL, NULL, NULL, &m, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/DlaCircuit/frame-generators", test_frame_generators);
  g_test_add_func ("/Plateau/DlaCircuit/frame-factorisation", test_frame_factorisation);
  g_test_add_func ("/Plateau/DlaCircuit/haar-closed-form", test_haar_closed_form);
  g_test_add_func ("/Plateau/DlaCircuit/monte-carlo", test_monte_carlo);
  g_test_add_func ("/Plateau/DlaCircuit/measure", test_measure);
  g_test_add_func ("/Plateau/DlaCircuit/bad-circuits", test_bad_circuits);
  return g_test_run ();
}
