/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Experiment files: defaults, exact round trips, error messages naming the JSON path,
 * warnings for unknown fields, hostile input, circuits built from ops against closed forms,
 * term names mapped onto the loss, and every preset loading and building.
 */
#include "reference.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

static void
test_minimal (void)
{
  g_autoptr(PlExperiment) e = ref_experiment_load ("{\"format_version\": 1, "
                                       "\"problem\": {\"name\": \"heat-1d\"}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(PlProblem) problem = NULL;
  g_autoptr(PlModel) model = NULL;
  PlTrainConfig tc;
  PlLossConfig lc;

  /* the documented defaults (pl-model.h, pl-train.h, pl-experiment.h) */
  g_assert_cmpstr (e->problem_name, ==, "heat-1d");
  g_assert_cmpint (e->model.kind, ==, PL_MODEL_HYBRID);
  g_assert_cmpuint (e->model.n_hidden, ==, 2);
  g_assert_cmpuint (e->model.hidden[0], ==, 32);
  g_assert_cmpstr (e->template_name, ==, "reupload");
  g_assert_cmpuint (e->steps, ==, 2000);
  g_assert_cmpfloat (e->plan.first.schedule.lr, ==, 0.01);
  g_assert_cmpuint (e->seed, ==, 1);
  g_assert_null (pl_experiment_get_warnings (e)[0]);

  problem = pl_experiment_build_problem (e, &error);
  g_assert_no_error (error);
  model = pl_experiment_build_model (e, problem, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pl_model_get_config (model)->n_inputs, ==, 2);
  /* reupload with both coordinates encoded, Z_i read out on 4 qubits */
  g_assert_cmpuint (pl_model_get_circuit (model)->n_inputs, ==, 2);
  g_assert_cmpuint (pl_model_get_n_obs (model), ==, 4);
  pl_experiment_loss_config (e, problem, &lc);
  pl_experiment_train_config (e, &tc);
  g_assert_cmpuint (tc.steps, ==, 2000);
  g_assert_cmpint (lc.sampler, ==, PL_SAMPLER_LATIN_HYPERCUBE);
  ref_experiment_round_trip (e);
}

static const char *full_text =
  "{\"format_version\": 1, \"name\": \"full\", \"description\": \"every section\",\n"
  " \"problem\": {\"name\": \"decay\", \"title\": \"u' = -k u\", \"axes\": \"t\",\n"
  "   \"lower\": [0], \"upper\": [2], \"params\": {\"k\": 1.5, \"u0\": 2},\n"
  "   \"derived\": {\"k2\": \"2*k\"}, \"forcing\": {\"f\": \"0*t\"},\n"
  "   \"terms\": [{\"name\": \"residual\", \"equations\": [\"u_t + k*u - f\"], \"points\": 40},\n"
  "             {\"name\": \"ic\", \"kind\": \"initial\", \"equations\": [\"u - u0\"],\n"
  "              \"weight\": 3, \"points\": 1, \"hard\": true}],\n"
  "   \"exact\": [\"u0*exp(-k*t)\"], \"transform\": {\"a\": [\"u0\"], \"b\": [\"t\"]},\n"
  "   \"eval_points\": 51, \"hard_constraints\": true},\n"
  " \"model\": {\"kind\": \"serial\", \"hidden\": [8, 6], \"activation\": \"sin\",\n"
  "   \"init\": \"he-normal\", \"shared_trunk\": false, \"multiplicative\": false,\n"
  "   \"quantum_init\": {\"kind\": \"normal\", \"scale\": 0.25}},\n"
  " \"circuit\": {\"qubits\": 2, \"ops\": [\n"
  "   {\"gate\": \"ry\", \"wires\": [0], \"angles\": [{\"source\": \"external\", \"slot\": 0}]},\n"
  "   {\"gate\": \"rx\", \"wires\": [1], \"angles\": [0.125]},\n"
  "   {\"gate\": \"cnot\", \"wires\": [0, 1]},\n"
  "   {\"gate\": \"rz\", \"wires\": [1], \"angles\": [{\"source\": \"input\", \"feature\": 0,\n"
  "     \"a\": 0.5, \"b\": \"trainable\"}]},\n"
  "   {\"gate\": \"u3\", \"wires\": [0], \"angles\": [\"trainable\",\n"
  "     {\"source\": \"trainable\", \"scale\": 2, \"offset\": 0.5}, 1e-8]}],\n"
  "   \"encoding\": \"none\"},\n"
  " \"observables\": [\"Z0 Z1\", \"0.5 X0 + Z1\"],\n"
  " \"sampling\": {\"sampler\": \"sobol\", \"points\": {\"residual\": 33}},\n"
  " \"weights\": {\"adaptive\": true, \"alpha\": 0.5, \"period\": 7, \"values\": {\"ic\": 4}},\n"
  " \"optimizer\": {\"first\": {\"kind\": \"adam\", \"schedule\": {\"kind\": \"cosine\",\n"
  "   \"lr\": 0.003, \"total_steps\": 50}}, \"switch_step\": 30,\n"
  "   \"second\": {\"kind\": \"lbfgs\", \"history\": 7}},\n"
  " \"training\": {\"steps\": 60, \"resample_every\": 5, \"eval_every\": 20,\n"
  "   \"eval_points\": 41, \"checkpoint_every\": 10, \"divergence_factor\": 1e6,\n"
  "   \"frozen\": [\"pre\"]},\n"
  " \"seed\": 42, \"threads\": 2}\n";

static void
test_round_trip (void)
{
  g_autoptr(PlExperiment) e = ref_experiment_load (full_text);
  g_autoptr(PlExperiment) copy = NULL;

  g_assert_true (e->is_custom);
  g_assert_cmpuint (e->n_ops, ==, 5);
  g_assert_cmpint (e->ops[3].angles[0].kind, ==, PL_SOURCE_INPUT);
  g_assert_false (e->ops[3].angles[0].a_trainable);
  g_assert_true (e->ops[3].angles[0].b_trainable);
  g_assert_cmpfloat (e->ops[4].angles[2].value, ==, 1e-8);
  g_assert_true (e->plan.has_second);
  g_assert_true (e->frozen[PL_BLOCK_PRE]);
  ref_experiment_round_trip (e);

  /* equal is not trivially true: one changed field in a copy makes it FALSE */
  copy = pl_experiment_copy (e);
  g_assert_true (pl_experiment_equal (e, copy));
  copy->ops[3].angles[0].scale = 0.25;
  g_assert_false (pl_experiment_equal (e, copy));
  copy->ops[3].angles[0].scale = 0.5;
  copy->def.terms[1].weight = 2;
  g_assert_false (pl_experiment_equal (e, copy));
  copy->def.terms[1].weight = 3;
  copy->plan.second.history = 8;
  g_assert_false (pl_experiment_equal (e, copy));
  copy->plan.second.history = 7;
  g_assert_true (pl_experiment_equal (e, copy));
}

/* The circuit of hand-built ops against closed forms: RY(a x + b) on |0> gives <Z> = cos(ax+b)
 * and a fixed RX(c) on another qubit gives <Z> = cos c. */
static void
test_ops_closed_form (void)
{
  g_autoptr(PlExperiment) e = ref_experiment_load (
    "{\"format_version\": 1, \"problem\": {\"name\": \"exponential-decay\"},"
    " \"model\": {\"kind\": \"quantum\"},"
    " \"circuit\": {\"qubits\": 2, \"encoding\": \"none\", \"ops\": ["
    "  {\"gate\": \"ry\", \"wires\": [0], \"angles\": [{\"source\": \"input\", \"feature\": 0,"
    "   \"a\": 2, \"b\": 0.1}]},"
    "  {\"gate\": \"rx\", \"wires\": [1], \"angles\": [0.7]}]},"
    " \"observables\": [\"Z0\", \"Z1\", \"Z0 Z1\"]}");
  g_autoptr(PlProblem) problem = pl_experiment_build_problem (e, NULL);
  g_autoptr(PlCircuit) c = NULL;
  g_autoptr(GError) error = NULL;
  PlObservable **obs = NULL;
  guint n_obs = 0;
  double x[2] = { 0.4, -1.3 }, out[6];
  PlCircuitArgs args = { .batch = 2, .inputs = x };

  g_assert_true (pl_experiment_build_circuit (e, problem, &c, &n_obs, &obs, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c->n_params, ==, 0);
  g_assert_cmpuint (n_obs, ==, 3);
  g_assert_true (pl_circuit_expectations (c, &args, n_obs, obs, 0, NULL, out, &error));
  for (guint b = 0; b < 2; b++)
    {
      g_assert_cmpfloat_with_epsilon (out[b], cos (2 * x[b] + 0.1), 1e-12);
      g_assert_cmpfloat_with_epsilon (out[2 + b], cos (0.7), 1e-12);
      g_assert_cmpfloat_with_epsilon (out[4 + b], cos (2 * x[b] + 0.1) * cos (0.7), 1e-12);
    }
  for (guint i = 0; i < n_obs; i++)
    pl_observable_free (obs[i]);
  g_free (obs);
}

/* The "ry" encoding column and "fixed" QASM angles: RY(a x + b) then the file's RY(0.3), so
 * <Z0> = cos(a x + b + 0.3), with a, b the first two parameters. */
static void
test_qasm_encoding (void)
{
  g_autoptr(PlExperiment) e = ref_experiment_load (
    "{\"format_version\": 1, \"problem\": {\"name\": \"exponential-decay\"},"
    " \"model\": {\"kind\": \"quantum\"},"
    " \"circuit\": {\"qasm\": \"OPENQASM 2.0; include \\\"qelib1.inc\\\"; qreg q[1];"
    "   ry(0.3) q[0];\", \"qasm_angles\": \"fixed\", \"encoding\": \"ry\"}}");
  g_autoptr(PlProblem) problem = pl_experiment_build_problem (e, NULL);
  g_autoptr(PlCircuit) c = NULL;
  PlObservable **obs = NULL;
  guint n_obs = 0;
  double x = 0.8, p[2] = { 1.5, -0.2 }, out;
  PlCircuitArgs args = { .batch = 1, .inputs = &x, .params = p };

  g_assert_true (pl_experiment_build_circuit (e, problem, &c, &n_obs, &obs, NULL));
  g_assert_cmpuint (c->n_params, ==, 2);
  g_assert_cmpuint (n_obs, ==, 1);
  g_assert_true (pl_circuit_expectations (c, &args, 1, obs, 0, NULL, &out, NULL));
  g_assert_cmpfloat_with_epsilon (out, cos (1.5 * 0.8 - 0.2 + 0.3), 1e-12);
  pl_observable_free (obs[0]);
  g_free (obs);
  ref_experiment_round_trip (e);
}

/* Points and weights are given by term name; with hard constraints the active term indices
 * shift, and the loss must still get them on the right terms. */
static void
test_terms_by_name (void)
{
  g_autoptr(PlExperiment) e = ref_experiment_load (
    "{\"format_version\": 1, \"problem\": {\"name\": \"burgers\", \"hard_constraints\": true},"
    " \"model\": {\"kind\": \"classical\", \"hidden\": [4]},"
    " \"sampling\": {\"points\": {\"residual\": 17, \"ic\": 5}},"
    " \"weights\": {\"values\": {\"residual\": 2.5}}}");
  g_autoptr(PlProblem) problem = pl_experiment_build_problem (e, NULL);
  g_autoptr(PlModel) model = pl_experiment_build_model (e, problem, NULL);
  g_autoptr(PlLoss) loss = NULL;
  g_autoptr(GError) error = NULL;
  PlLossConfig lc;
  PlRng rng;

  pl_experiment_loss_config (e, problem, &lc);
  loss = pl_loss_new (model, problem, &lc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pl_loss_n_terms (loss), ==, 1);
  g_assert_cmpstr (pl_loss_term_name (loss, 0), ==, "residual");
  g_assert_cmpfloat (pl_loss_get_weight (loss, 0), ==, 2.5);
  pl_rng_init (&rng, 3);
  g_assert_true (pl_loss_resample (loss, &rng, NULL));
  g_assert_cmpuint (pl_loss_term_n_points (loss, 0), ==, 17);
}

/* A hard term written before the residual: the residual must stay in the loss. */
static void
test_hard_term_first (void)
{
  g_autoptr(PlExperiment) e = ref_experiment_load (
    "{\"format_version\": 1, \"problem\": {\"axes\": \"t\", \"params\": {\"k\": 1},"
    "  \"terms\": [{\"name\": \"ic\", \"kind\": \"initial\", \"equations\": [\"u - 1\"],"
    "              \"points\": 1, \"hard\": true},"
    "             {\"name\": \"residual\", \"equations\": [\"u_t + k*u\"], \"points\": 16}],"
    "  \"exact\": [\"exp(-k*t)\"], \"transform\": {\"a\": [\"1\"], \"b\": [\"t\"]},"
    "  \"hard_constraints\": true},"
    " \"model\": {\"kind\": \"classical\", \"hidden\": [4]}}");
  g_autoptr(PlProblem) problem = pl_experiment_build_problem (e, NULL);
  g_autoptr(PlModel) model = pl_experiment_build_model (e, problem, NULL);
  g_autoptr(PlLoss) loss = NULL;
  PlLossConfig lc;

  pl_experiment_loss_config (e, problem, &lc);
  loss = pl_loss_new (model, problem, &lc, NULL);
  g_assert_nonnull (loss);
  g_assert_cmpuint (pl_loss_n_terms (loss), ==, 1);
  g_assert_cmpstr (pl_loss_term_name (loss, 0), ==, "residual");
}

typedef struct {
  const char *text;
  gint        code;
  const char *needle;
} BadCase;

static const BadCase bad_cases[] = {
  { "{\"format_version\": 1, \"model\": {\"hidden\": [32, -3]}}", PL_ERROR_INVALID_ARGUMENT,
    "model.hidden[1]: must be a positive integer (at most 4096), got -3" },
  { "{\"format_version\": 1, \"problem\": {\"axes\": \"t\", \"terms\": [{\"equations\": "
    "[\"u_t + q*u\"]}]}}", PL_ERROR_PARSE, "problem.terms[0]" },
  { "{\"format_version\": 1, \"problem\": {\"axes\": \"t\", \"terms\": [{\"equations\": "
    "[\"u_t + q*u\"]}]}}", PL_ERROR_PARSE, "unknown name 'q' at column 7" },
  { "{\"format_version\": 2}", PL_ERROR_INVALID_ARGUMENT, "format_version" },
  { "[1, 2]", PL_ERROR_INVALID_ARGUMENT, "must be a JSON object" },
  { "{\"format_version\": 1,", PL_ERROR_PARSE, "not valid JSON" },
  { "", PL_ERROR_PARSE, "empty" },
  { "{\"problem\": {\"name\": \"heat-2d\"}}", PL_ERROR_INVALID_ARGUMENT,
    "problem.name: unknown problem 'heat-2d'" },
  { "{\"problem\": {\"name\": 7}}", PL_ERROR_INVALID_ARGUMENT,
    "problem.name: must be a string, got 7" },
  { "{\"problem\": {\"name\": \"heat-1d\", \"params\": {\"q\": 1}}}",
    PL_ERROR_INVALID_ARGUMENT, "problem.params.q: problem 'heat-1d' has no parameter 'q'" },
  { "{\"problem\": {\"name\": \"heat-1d\", \"params\": {\"alpha\": \"x\"}}}",
    PL_ERROR_INVALID_ARGUMENT, "problem.params.alpha: must be a finite number" },
  { "{\"problem\": {\"axes\": \"x\", \"lower\": [1], \"upper\": [0], \"terms\": [{\"equations\":"
    " [\"u_xx\"]}]}}", PL_ERROR_INVALID_ARGUMENT, "problem.lower" },
  { "{\"problem\": {\"axes\": \"x\", \"lower\": [0, 1], \"terms\": [{\"equations\": [\"u\"]}]}}",
    PL_ERROR_INVALID_ARGUMENT, "problem.lower: must have one number per axis" },
  { "{\"problem\": {\"axes\": \"x\"}}", PL_ERROR_INVALID_ARGUMENT, "problem.terms: missing" },
  { "{\"problem\": {\"axes\": \"t\", \"terms\": [{\"equations\": [\"u_t\"], \"kind\": "
    "\"edge\"}]}}", PL_ERROR_INVALID_ARGUMENT, "problem.terms[0].kind" },
  { "{\"problem\": {\"name\": \"heat-1d\", \"hard_constraints\": true}}",
    PL_ERROR_UNSUPPORTED, "problem.hard_constraints" },
  { "{\"model\": {\"kind\": \"magic\"}}", PL_ERROR_INVALID_ARGUMENT, "model.kind: unknown" },
  { "{\"model\": {\"hidden\": [4096, 4096, 4096]}}", PL_ERROR_INVALID_ARGUMENT,
    "more than the limit" },
  { "{\"model\": {\"hidden\": [1, 1, 1, 1, 1, 1, 1, 1, 1]}}", PL_ERROR_INVALID_ARGUMENT,
    "model.hidden: has 9 elements, more than the limit of 8" },
  { "{\"model\": {\"shared_trunk\": 1}}", PL_ERROR_INVALID_ARGUMENT,
    "model.shared_trunk: must be true or false, got 1" },
  { "{\"circuit\": {\"qubits\": 64}}", PL_ERROR_INVALID_ARGUMENT,
    "circuit.qubits: must be a positive integer (at most 24), got 64" },
  { "{\"circuit\": {\"template\": \"nope\"}}", PL_ERROR_INVALID_ARGUMENT,
    "circuit.template: unknown template 'nope'" },
  { "{\"circuit\": {\"ops\": []}}", PL_ERROR_INVALID_ARGUMENT, "circuit.qubits: missing" },
  { "{\"circuit\": {\"qubits\": 2, \"ops\": [{\"gate\": \"ry\", \"wires\": [5], \"angles\": "
    "[1]}]}}", PL_ERROR_INVALID_ARGUMENT, "circuit.ops[0]" },
  { "{\"circuit\": {\"qubits\": 2, \"ops\": [{\"gate\": \"cnot\", \"wires\": [0]}]}}",
    PL_ERROR_INVALID_ARGUMENT, "circuit.ops[0].wires: gate cnot acts on 2 wires, got 1" },
  { "{\"circuit\": {\"qubits\": 1, \"ops\": [{\"gate\": \"ry\", \"wires\": [0], \"angles\": "
    "[\"sometimes\"]}]}}", PL_ERROR_INVALID_ARGUMENT, "circuit.ops[0].angles[0]" },
  { "{\"circuit\": {\"qasm\": \"OPENQASM 2.0; qreg q[1]; foo q[0];\"}}", PL_ERROR_PARSE,
    "circuit.qasm: OpenQASM line 1: unknown gate" },
  { "{\"observables\": [\"Z0 Q1\"]}", PL_ERROR_PARSE, "observables[0]" },
  { "{\"observables\": [\"Z9\"]}", PL_ERROR_INVALID_ARGUMENT, "observables[0]" },
  { "{\"sampling\": {\"sampler\": \"random\"}}", PL_ERROR_INVALID_ARGUMENT,
    "sampling.sampler" },
  { "{\"sampling\": {\"points\": {\"residual\": 0}}}", PL_ERROR_INVALID_ARGUMENT,
    "sampling.points.residual: must be a positive integer" },
  { "{\"sampling\": {\"points\": {\"resid\": 10}}}", PL_ERROR_INVALID_ARGUMENT,
    "sampling.points: problem 'damped-oscillator' has no term 'resid'" },
  { "{\"weights\": {\"alpha\": 2}}", PL_ERROR_INVALID_ARGUMENT, "weights.alpha" },
  { "{\"weights\": {\"values\": {\"ic\": -1}}}", PL_ERROR_INVALID_ARGUMENT,
    "weights.values.ic: must be >= 0" },
  { "{\"weights\": {\"causal\": {\"bins\": 1, \"epsilon\": 1}}}", PL_ERROR_INVALID_ARGUMENT,
    "weights.causal.bins: must be an integer from 2 to 1024, got 1" },
  { "{\"weights\": {\"causal\": {\"bins\": 1e12, \"epsilon\": 1}}}",
    PL_ERROR_INVALID_ARGUMENT, "weights.causal.bins" },
  { "{\"weights\": {\"causal\": {\"epsilon\": 1}}}", PL_ERROR_INVALID_ARGUMENT,
    "weights.causal.bins: is missing" },
  { "{\"weights\": {\"causal\": {\"bins\": 8}}}", PL_ERROR_INVALID_ARGUMENT,
    "weights.causal.epsilon: is missing" },
  { "{\"weights\": {\"causal\": 32}}", PL_ERROR_INVALID_ARGUMENT,
    "weights.causal: must be an object" },
  { "{\"weights\": {\"causal\": {\"bins\": 8, \"epsilon\": -1}}}", PL_ERROR_INVALID_ARGUMENT,
    "weights.causal.epsilon: must be >= 0, got -1" },
  { "{\"weights\": {\"causal\": {\"bins\": 8, \"epsilon\": 1e999}}}",
    PL_ERROR_INVALID_ARGUMENT, "weights.causal.epsilon: must be a finite number" },
  { "{\"weights\": {\"causal\": {\"bins\": 8, \"epsilon\": [1, \"x\"]}}}",
    PL_ERROR_INVALID_ARGUMENT, "weights.causal.epsilon[1]: must be a finite number" },
  { "{\"weights\": {\"causal\": {\"bins\": 8, \"epsilon\": [1, 10, 10]}}}",
    PL_ERROR_INVALID_ARGUMENT, "weights.causal.epsilon[2]: must be larger than the one before" },
  { "{\"weights\": {\"causal\": {\"bins\": 8, \"epsilon\": []}}}", PL_ERROR_INVALID_ARGUMENT,
    "weights.causal.epsilon: must not be empty" },
  { "{\"weights\": {\"causal\": {\"bins\": 8, \"epsilon\": [1, 2, 3, 4, 5, 6, 7, 8, 9]}}}",
    PL_ERROR_INVALID_ARGUMENT, "weights.causal.epsilon: has 9 elements, more than the limit of 8" },
  { "{\"problem\": {\"name\": \"poisson-2d\"}, \"weights\": {\"causal\": {\"bins\": 8, "
    "\"epsilon\": 1}}}", PL_ERROR_INVALID_ARGUMENT,
    "weights.causal: needs a time axis 't', and problem 'poisson-2d' has axes 'xy'" },
  { "{\"optimizer\": {\"first\": {\"beta1\": 1.5}}}", PL_ERROR_INVALID_ARGUMENT,
    "optimizer.first.beta1" },
  { "{\"optimizer\": 3}", PL_ERROR_INVALID_ARGUMENT, "optimizer: must be an object" },
  { "{\"training\": {\"steps\": 0}}", PL_ERROR_INVALID_ARGUMENT, "training.steps" },
  { "{\"training\": {\"steps\": 1e12}}", PL_ERROR_INVALID_ARGUMENT,
    "training.steps: must be a positive integer (at most 100000000)" },
  { "{\"training\": {\"frozen\": [\"trunk\", \"head_m\", \"head_a\", \"quantum\", "
    "\"readout\"]}}", PL_ERROR_INVALID_ARGUMENT, "training.frozen: every parameter block" },
  { "{\"training\": {\"frozen\": [\"brain\"]}}", PL_ERROR_INVALID_ARGUMENT,
    "training.frozen[0]: unknown block 'brain'" },
  { "{\"threads\": -1}", PL_ERROR_INVALID_ARGUMENT, "threads" },
  { "{\"model\": {\"kind\": \"serial\"}, \"circuit\": {\"encoding\": \"ry\"}}",
    PL_ERROR_INVALID_ARGUMENT, "model: a serial hybrid needs" },
};

static void
test_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlExperiment) e = pl_experiment_load_from_data (bad_cases[i].text, -1, &error);

      if (e != NULL || error == NULL || strstr (error->message, bad_cases[i].needle) == NULL ||
          error->code != bad_cases[i].code)
        g_error ("case %u (%s): expected code %d and '%s', got %s (code %d)", i,
                 bad_cases[i].text, bad_cases[i].code, bad_cases[i].needle,
                 error ? error->message : "success", error ? error->code : -1);
    }
}

/* weights.causal: a single eps and a schedule survive save and load, count in equality and
 * reach the trainer's configuration. */
static void
test_causal (void)
{
  g_autoptr(PlExperiment) one = ref_experiment_load ("{\"format_version\": 1, \"problem\": {\"name\": "
                                         "\"allen-cahn\"}, \"weights\": {\"causal\": "
                                         "{\"bins\": 32, \"epsilon\": 1}}}");
  g_autoptr(PlExperiment) sched = ref_experiment_load ("{\"format_version\": 1, \"weights\": {\"causal\": "
                                           "{\"bins\": 16, \"epsilon\": [0.01, 0.1, 1, 10, "
                                           "100]}}}");
  g_autoptr(PlExperiment) copy = NULL;
  PlTrainConfig tc;

  g_assert_cmpuint (one->causal_bins, ==, 32);
  g_assert_cmpuint (one->n_causal_epsilon, ==, 1);
  g_assert_cmpfloat (one->causal_epsilon[0], ==, 1);
  ref_experiment_round_trip (one);
  g_assert_cmpuint (sched->n_causal_epsilon, ==, 5);
  g_assert_cmpfloat (sched->causal_epsilon[4], ==, 100);
  ref_experiment_round_trip (sched);
  pl_experiment_train_config (sched, &tc);
  g_assert_cmpuint (tc.causal_bins, ==, 16);
  g_assert_cmpuint (tc.n_causal_epsilon, ==, 5);
  g_assert_cmpfloat (tc.causal_epsilon[1], ==, 0.1);

  copy = pl_experiment_copy (sched);
  g_assert_true (pl_experiment_equal (sched, copy));
  copy->causal_epsilon[2] = 2;
  g_assert_false (pl_experiment_equal (sched, copy));
  copy->causal_epsilon[2] = 1;
  copy->causal_bins = 8;
  g_assert_false (pl_experiment_equal (sched, copy));
  copy->causal_bins = 16;
  copy->n_causal_epsilon = 4;
  g_assert_false (pl_experiment_equal (sched, copy));
}

static void
test_hostile (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"format_version\": 1, \"x\": ");
  g_autofree char *big = NULL;
  PlExperiment *e;

  /* nesting far past the limit is refused before json-glib recurses */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  e = pl_experiment_load_from_data (deep->str, deep->len, &error);
  g_assert_null (e);
  g_assert_error (error, PL_ERROR, PL_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "nested more than"));
  g_clear_error (&error);

  big = g_malloc (PL_EXPERIMENT_MAX_FILE_SIZE + 2);
  memset (big, ' ', PL_EXPERIMENT_MAX_FILE_SIZE + 1);
  big[PL_EXPERIMENT_MAX_FILE_SIZE + 1] = '\0';
  e = pl_experiment_load_from_data (big, -1, &error);
  g_assert_null (e);
  g_assert_nonnull (strstr (error->message, "more than the limit"));
  g_clear_error (&error);

  e = pl_experiment_load_from_data ("{\"a\": \"\xff\"}", -1, &error);
  g_assert_null (e);
  g_assert_error (error, PL_ERROR, PL_ERROR_PARSE);
  g_clear_error (&error);

  /* json-glib quotes a broken string cut inside a two-byte character (found by the fuzzer);
   * the message stays valid UTF-8 on one line */
  e = pl_experiment_load_from_data ("{\n  \"format_version\": 1,\n  \"name\": \"x\",\n"
                                    "  \"description\": \"classical PINN with the hard\xd6\x96ni\n"
                                    "    \"hiddeo\": [32]}", -1, &error);
  g_assert_null (e);
  g_assert_error (error, PL_ERROR, PL_ERROR_PARSE);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  e = pl_experiment_load ("/nonexistent/experiment.json", &error);
  g_assert_null (e);
  g_assert_error (error, PL_ERROR, PL_ERROR_IO);
}

static void
test_warnings (void)
{
  g_autoptr(PlExperiment) e = ref_experiment_load (
    "{\"format_version\": 1, \"colour\": \"red\", \"model\": {\"hiden\": [3]},"
    " \"optimizer\": {\"first\": {\"lrr\": 1, \"schedule\": {\"lr\": 0.02, \"x\": 1}}}}");
  const char *const *w = pl_experiment_get_warnings (e);

  g_assert_cmpstr (w[0], ==, "unknown field 'colour' ignored");
  g_assert_cmpstr (w[1], ==, "unknown field 'model.hiden' ignored");
  g_assert_cmpstr (w[2], ==, "unknown field 'optimizer.first.lrr' ignored");
  g_assert_cmpstr (w[3], ==, "unknown field 'optimizer.first.schedule.x' ignored");
  g_assert_null (w[4]);
  /* the known part of the section still counts */
  g_assert_cmpfloat (e->plan.first.schedule.lr, ==, 0.02);
}

/* Built from the file or by hand with the same settings: the same losses over the first
 * steps, bit for bit (rc1: hybrid, reupload 4 x 4 ring, Z_i readout, unit weights, Adam with
 * lr 0.01 decaying by 0.1 over 2000 steps; the third loss is the first to see the decay). */
static void
test_rc1_matches_hand_built (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlExperiment) e = pl_experiment_load_preset ("rc1-damped-oscillator", &error);
  g_autoptr(PlProblem) p1 = NULL;
  g_autoptr(PlProblem) p2 = pl_problem_new ("damped-oscillator", NULL);
  g_autoptr(PlModel) m1 = NULL;
  g_autoptr(PlModel) m2 = NULL;
  g_autoptr(PlTrainer) t1 = NULL;
  g_autoptr(PlTrainer) t2 = NULL;
  PlTemplateOptions topt = { .n_qubits = 4, .n_layers = 4, .rotations = "ry,rz",
                             .entangler = "ring", .entangler_gate = "cnot", .n_inputs = 1 };
  PlObservable *obs[4];
  PlModelConfig mc;
  PlLossConfig lc, lc2;
  PlTrainConfig tc, tc2;
  PlTrainRecord r1, r2;

  g_assert_no_error (error);
  p1 = pl_experiment_build_problem (e, &error);
  g_assert_no_error (error);
  m1 = pl_experiment_build_model (e, p1, &error);
  g_assert_no_error (error);
  pl_experiment_loss_config (e, p1, &lc);
  pl_experiment_train_config (e, &tc);
  tc.steps = 3;
  lc.threads = 1;
  t1 = pl_trainer_new (m1, p1, &lc, &tc, NULL, &error);
  g_assert_no_error (error);

  pl_model_config_init (&mc);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *z = g_strdup_printf ("Z%u", i);
      obs[i] = pl_observable_parse (z, 4, NULL);
    }
  m2 = pl_model_new (&mc, pl_circuit_new_template ("reupload", &topt, NULL), 4, obs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pl_model_n_params (m1), ==, pl_model_n_params (m2));
  pl_loss_config_init (&lc2);
  lc2.threads = 1;
  lc2.n_points[0] = 128;
  lc2.weights[1] = 1;
  lc2.weights[2] = 1;
  pl_train_config_init (&tc2);
  pl_schedule_init (&tc2.plan.first.schedule, PL_SCHEDULE_EXPONENTIAL, 0.01);
  tc2.plan.first.schedule.gamma = 0.1;
  tc2.plan.first.schedule.decay_steps = 2000;
  tc2.steps = 3;
  t2 = pl_trainer_new (m2, p2, &lc2, &tc2, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (pl_trainer_run (t1, NULL));
  g_assert_true (pl_trainer_run (t2, NULL));
  g_assert_true (pl_trainer_snapshot (t1, &r1, NULL));
  g_assert_true (pl_trainer_snapshot (t2, &r2, NULL));
  g_assert_cmpuint (r1.step, ==, 2);
  g_assert_cmpmem (&r1.loss, sizeof (double), &r2.loss, sizeof (double));
  /* eta_0 gamma^(s / decay_steps) at s = 2 */
  g_assert_cmpfloat_with_epsilon (r1.lr, 0.01 * pow (0.1, 2.0 / 2000.0), 1e-17);
}

/* Every preset loads, round-trips, and builds its problem, model and trainer; every built-in
 * problem has one. */
static void
test_presets (void)
{
  g_auto(GStrv) names = pl_experiment_preset_names ();
  const char *const *problems = pl_problem_names ();

  g_assert_nonnull (names[0]);
  for (guint i = 0; problems[i] != NULL; i++)
    if (!g_strv_contains ((const char *const *) names, problems[i]))
      g_error ("built-in problem '%s' has no preset", problems[i]);
  g_assert_true (g_strv_contains ((const char *const *) names, "rc1-damped-oscillator"));

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlExperiment) e = pl_experiment_load_preset (names[i], &error);
      g_autoptr(PlProblem) problem = NULL;
      g_autoptr(PlModel) model = NULL;
      g_autoptr(PlTrainer) trainer = NULL;
      PlLossConfig lc;
      PlTrainConfig tc;

      if (e == NULL)
        g_error ("preset %s: %s", names[i], error->message);
      if (pl_experiment_get_warnings (e)[0] != NULL)
        g_error ("preset %s: %s", names[i], pl_experiment_get_warnings (e)[0]);
      g_assert_cmpstr (e->name, ==, names[i]);
      g_assert_nonnull (e->description);
      problem = pl_experiment_build_problem (e, &error);
      g_assert_no_error (error);
      model = pl_experiment_build_model (e, problem, &error);
      g_assert_no_error (error);
      pl_experiment_loss_config (e, problem, &lc);
      pl_experiment_train_config (e, &tc);
      lc.threads = 1;
      trainer = pl_trainer_new (model, problem, &lc, &tc, NULL, &error);
      if (trainer == NULL)
        g_error ("preset %s: %s", names[i], error->message);
      ref_experiment_round_trip (e);
    }

  {
    g_autoptr(GError) error = NULL;
    g_assert_null (pl_experiment_load_preset ("no-such-preset", &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "rc1-damped-oscillator"));
    g_clear_error (&error);
    g_assert_null (pl_experiment_load_preset ("../etc/passwd", &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/Experiment/minimal", test_minimal);
  g_test_add_func ("/Plateau/Experiment/round-trip", test_round_trip);
  g_test_add_func ("/Plateau/Experiment/ops-closed-form", test_ops_closed_form);
  g_test_add_func ("/Plateau/Experiment/qasm-encoding", test_qasm_encoding);
  g_test_add_func ("/Plateau/Experiment/terms-by-name", test_terms_by_name);
  g_test_add_func ("/Plateau/Experiment/hard-term-first", test_hard_term_first);
  g_test_add_func ("/Plateau/Experiment/errors", test_errors);
  g_test_add_func ("/Plateau/Experiment/hostile", test_hostile);
  g_test_add_func ("/Plateau/Experiment/causal", test_causal);
  g_test_add_func ("/Plateau/Experiment/warnings", test_warnings);
  g_test_add_func ("/Plateau/Experiment/rc1-matches-hand-built", test_rc1_matches_hand_built);
  g_test_add_func ("/Plateau/Experiment/presets", test_presets);
  return g_test_run ();
}
