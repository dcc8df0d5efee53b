/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Experiment files with the training methods for hard problems: input features
 * (model.features), the modified MLP (model.architecture) and time marching
 * (training.time_windows). Round trips, what reaches the model and the trainer, and errors
 * naming the field.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

/* Input features: read, built with the problem's period and the experiment's seed, saved
 * and reloaded; an explicit Fourier seed survives the round trip and changes the features. */
static void
test_features (void)
{
  static const char *text =
    "{\"format_version\": 1, \"problem\": {\"name\": \"allen-cahn\"},\n"
    " \"model\": {\"kind\": \"classical\", \"hidden\": [8],\n"
    "   \"features\": {\"periodic\": {\"axes\": \"x\", \"harmonics\": 3},\n"
    "                \"fourier\": {\"count\": 5, \"scale\": 2.5}}}, \"seed\": 9}";
  g_autoptr(PlExperiment) e = ref_experiment_load (text);
  g_autoptr(PlExperiment) copy = NULL;
  g_autoptr(PlProblem) problem = NULL;
  g_autoptr(PlModel) m = NULL;
  g_autoptr(PlModel) m2 = NULL;
  g_autoptr(GError) error = NULL;
  gint axis[1 + 6 + 10];
  double freq[2 * 17], phase[17], freq2[2 * 17];

  g_assert_cmpstr (e->periodic_axes, ==, "x");
  g_assert_cmpuint (e->periodic_harmonics, ==, 3);
  g_assert_cmpuint (e->model.fourier, ==, 5);
  g_assert_false (e->has_fourier_seed);
  ref_experiment_round_trip (e);

  problem = pl_experiment_build_problem (e, &error);
  g_assert_no_error (error);
  m = pl_experiment_build_model (e, problem, &error);
  g_assert_no_error (error);
  /* t raw; sin, cos of k pi x for k = 1, 2, 3 (period 2 = the length of [-1, 1]); 5 pairs */
  g_assert_cmpuint (pl_model_features (m, axis, freq, phase), ==, 17);
  g_assert_cmpint (axis[0], ==, 1);
  for (guint k = 1; k <= 3; k++)
    {
      g_assert_cmpfloat_with_epsilon (freq[(2 * k - 1) * 2], k * G_PI, 1e-15);
      g_assert_cmpfloat (freq[(2 * k - 1) * 2 + 1], ==, 0);
      g_assert_cmpfloat (phase[2 * k - 1], ==, 0);
      g_assert_cmpfloat_with_epsilon (phase[2 * k], G_PI / 2, 1e-15);
    }
  /* the Fourier features see t only: x is periodic */
  for (guint r = 7; r < 17; r++)
    g_assert_cmpfloat (freq[r * 2], ==, 0);
  g_assert_cmpuint (pl_model_get_config (m)->fourier_seed, ==, 9);

  /* time marching rides along in the same file */
  {
    g_autoptr(PlExperiment) tw = pl_experiment_copy (e);
    PlTrainConfig tc;

    tw->time_windows = 8;
    tw->time_window_steps = 100;
    g_assert_false (pl_experiment_equal (e, tw));
    ref_experiment_round_trip (tw);
    pl_experiment_train_config (tw, &tc);
    g_assert_cmpuint (tc.time_windows, ==, 8);
    g_assert_cmpuint (tc.time_window_steps, ==, 100);
  }

  /* an explicit seed: kept by the round trip, and other frequencies */
  copy = pl_experiment_copy (e);
  g_assert_true (pl_experiment_equal (e, copy));
  copy->has_fourier_seed = TRUE;
  copy->model.fourier_seed = 10;
  g_assert_false (pl_experiment_equal (e, copy));
  ref_experiment_round_trip (copy);
  m2 = pl_experiment_build_model (copy, problem, &error);
  g_assert_no_error (error);
  pl_model_features (m2, NULL, freq2, NULL);
  g_assert_cmpfloat (freq2[7 * 2 + 1], !=, freq[7 * 2 + 1]);
  copy->model.fourier_seed = 9;
  copy->has_fourier_seed = FALSE;
  copy->periodic_harmonics = 2;
  g_assert_false (pl_experiment_equal (e, copy));
}

/* The modified MLP: read, built into the model (its trunk carries the encoders), saved and
 * reloaded; the default "mlp" is written too, and the two differ. */
static void
test_architecture (void)
{
  static const char *text =
    "{\"format_version\": 1, \"problem\": {\"name\": \"heat-1d\"},\n"
    " \"model\": {\"kind\": \"classical\", \"hidden\": [6, 6],\n"
    "   \"architecture\": \"modified-mlp\"}}";
  g_autoptr(PlExperiment) e = ref_experiment_load (text);
  g_autoptr(PlExperiment) plain = pl_experiment_copy (e);
  g_autoptr(PlProblem) problem = NULL;
  g_autoptr(PlModel) m = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) saved = NULL;
  JsonObject *model;

  g_assert_cmpint (e->model.arch, ==, PL_MLP_MODIFIED);
  g_assert_null (pl_experiment_get_warnings (e)[0]);
  ref_experiment_round_trip (e);
  saved = pl_experiment_to_json (e);
  model = json_object_get_object_member (json_node_get_object (saved), "model");
  g_assert_cmpstr (json_object_get_string_member (model, "architecture"), ==, "modified-mlp");

  problem = pl_experiment_build_problem (e, &error);
  g_assert_no_error (error);
  m = pl_experiment_build_model (e, problem, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pl_model_get_config (m)->arch, ==, PL_MLP_MODIFIED);
  /* x, t -> 6 -> 6 -> 1, and two encoders x, t -> 6 */
  g_assert_cmpuint (pl_model_n_params (m), ==, 18 + 42 + 7 + 2 * 18);

  plain->model.arch = PL_MLP_PLAIN;
  g_assert_false (pl_experiment_equal (e, plain));
  ref_experiment_round_trip (plain);
  {
    g_autoptr(JsonNode) node = pl_experiment_to_json (plain);
    JsonObject *pm = json_object_get_object_member (json_node_get_object (node), "model");

    g_assert_cmpstr (json_object_get_string_member (pm, "architecture"), ==, "mlp");
  }
}

/* A quantum model has nothing to gate: the file loads and says so. */
static void
test_architecture_no_effect (void)
{
  g_autoptr(PlExperiment) e = ref_experiment_load (
    "{\"model\": {\"kind\": \"quantum\", \"architecture\": \"modified-mlp\"}}");
  const char *const *w = pl_experiment_get_warnings (e);

  g_assert_cmpstr (w[0], ==, "model.architecture: modified-mlp has no effect on a quantum "
                   "model (its readout is a linear layer)");
  g_assert_null (w[1]);
}

static const struct {
  const char *text;
  gint        code;
  const char *needle;
} bad_cases[] = {
  { "{\"model\": {\"architecture\": \"kan\"}}", PL_ERROR_INVALID_ARGUMENT,
    "model.architecture: unknown value 'kan' (mlp, modified-mlp)" },
  { "{\"model\": {\"architecture\": \"modified-mlp\", \"hidden\": [16, 16, 8]}}",
    PL_ERROR_INVALID_ARGUMENT,
    "model.hidden: architecture modified-mlp needs hidden layers of one width, got 16 and 8" },
  { "{\"model\": {\"hidden\": [16, 8], \"architecture\": \"modified-mlp\"}}",
    PL_ERROR_INVALID_ARGUMENT, "model.hidden: architecture modified-mlp needs" },
  { "{\"model\": {\"features\": {\"periodic\": {\"axes\": \"x\"}}}}",
    PL_ERROR_INVALID_ARGUMENT, "model.features.periodic.axes: \"x\" is not made of the "
    "problem's axes (\"t\")" },
  { "{\"problem\": {\"name\": \"allen-cahn\"}, \"model\": {\"kind\": \"classical\", "
    "\"features\": {\"periodic\": {\"axes\": \"xx\"}}}}", PL_ERROR_INVALID_ARGUMENT,
    "model.features.periodic.axes: axis 'x' is named twice" },
  { "{\"model\": {\"features\": {\"periodic\": {\"axes\": \"\"}}}}",
    PL_ERROR_INVALID_ARGUMENT, "model.features.periodic.axes: must name at least one axis" },
  { "{\"model\": {\"features\": {\"periodic\": {\"axes\": \"t\", \"harmonics\": 0}}}}",
    PL_ERROR_INVALID_ARGUMENT, "model.features.periodic.harmonics" },
  { "{\"model\": {\"features\": {\"fourier\": {\"scale\": 2}}}}",
    PL_ERROR_INVALID_ARGUMENT, "model.features.fourier.count: is required" },
  { "{\"model\": {\"features\": {\"fourier\": {\"count\": 100000}}}}",
    PL_ERROR_INVALID_ARGUMENT, "model.features.fourier.count" },
  { "{\"model\": {\"features\": {\"fourier\": {\"count\": 4, \"scale\": -1}}}}",
    PL_ERROR_INVALID_ARGUMENT, "model.features.fourier.scale: must be in (0, 1e6], got -1" },
  { "{\"model\": {\"features\": {\"periodic\": {\"axes\": \"t\"}, \"fourier\": "
    "{\"count\": 4}}}}", PL_ERROR_INVALID_ARGUMENT, "non-periodic input" },
  { "{\"model\": {\"features\": [1]}}", PL_ERROR_INVALID_ARGUMENT,
    "model.features: must be an object" },
  { "{\"problem\": {\"name\": \"poisson-2d\"}, \"model\": {\"kind\": \"classical\"}, "
    "\"training\": {\"time_windows\": 4}}", PL_ERROR_INVALID_ARGUMENT,
    "training.time_windows: needs a time axis 't', and problem 'poisson-2d' has axes 'xy'" },
  { "{\"training\": {\"steps\": 3, \"time_windows\": 4}}", PL_ERROR_INVALID_ARGUMENT,
    "training.time_windows: 4 windows, but the run has only 3 steps" },
  { "{\"training\": {\"time_windows\": 100000}}", PL_ERROR_INVALID_ARGUMENT,
    "training.time_windows: must be" },
};

static void
test_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlExperiment) e = pl_experiment_load_from_data (bad_cases[i].text, -1, &error);

      if (e != NULL || error == NULL || error->code != bad_cases[i].code ||
          strstr (error->message, bad_cases[i].needle) == NULL)
        g_error ("%s: expected code %d and '%s', got %s", bad_cases[i].text, bad_cases[i].code,
                 bad_cases[i].needle, error != NULL ? error->message : "no error");
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Plateau/ExperimentMethods/features", test_features);
  g_test_add_func ("/Plateau/ExperimentMethods/architecture", test_architecture);
  g_test_add_func ("/Plateau/ExperimentMethods/architecture-no-effect",
                   test_architecture_no_effect);
  g_test_add_func ("/Plateau/ExperimentMethods/errors", test_errors);
  return g_test_run ();
}
