/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-landscape.c: `plateau-cli landscape`: a 1-D or 2-D slice of the loss around a point,
 * with the Hessian's extreme eigenvalues there. Two modes:
 *   circuit  the cost of a template circuit (--template, --qubits, --layers, --cost) around
 *            given (--params) or drawn (--init) parameters;
 *   PINN     an experiment (--preset or --experiment) trained for --steps with its trajectory
 *            kept, sliced around the final parameters with the trajectory projected on top.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli.h"
#include "cli-landscape.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  CliTemplate t;
  char       *cost;
  char       *init;
  double      sigma;
  char       *params;
  char       *inputs;
  char       *directions;
  char       *grid;
  char       *span;
  char       *normalize;
  gboolean    no_orthogonalize;
  gboolean    hessian;
  char       *hessian_method;
  gint        lanczos_steps;
  double      hessian_step;
  gboolean    log_scale;
  char       *out;
  char       *preset;
  char       *experiment;
  gint64      steps;
  gint        trajectory_every;
} LandscapeOptions;

static void
options_clear (LandscapeOptions *o)
{
  cli_template_clear (&o->t);
  g_free (o->cost);
  g_free (o->init);
  g_free (o->params);
  g_free (o->inputs);
  g_free (o->directions);
  g_free (o->grid);
  g_free (o->span);
  g_free (o->normalize);
  g_free (o->hessian_method);
  g_free (o->out);
  g_free (o->preset);
  g_free (o->experiment);
}

static const char *const circuit_only[] = {
  "--template", "-t", "--qubits", "-n", "--layers", "-l", "--cost", "-c", "--init", "-i",
  "--sigma", "--params", "-p", "--inputs", "-x", "--rotations", "--entangler",
  "--entangler-gate", "--periodic", "--per-term", "--features", NULL
};
static const char *const pinn_only[] = { "--steps", "--trajectory-every", NULL };

/* The first option of @list in argv, or NULL. */
static const char *
find_option (int                argc,
             char             **argv,
             const char *const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (cli_has_option (argc, argv, list[i]))
      return list[i];
  return NULL;
}

static gboolean
parse_uint (const char *text,
            guint      *out)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &v, NULL))
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

/* "41x41" (2-D) or "101" (1-D: ny = 1). */
static gboolean
parse_grid (const char  *text,
            guint       *nx,
            guint       *ny,
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit_set (text, "xX", -1);
  guint n = g_strv_length (parts);

  if ((n == 1 && parse_uint (g_strstrip (parts[0]), nx)) ||
      (n == 2 && parse_uint (g_strstrip (parts[0]), nx) && parse_uint (g_strstrip (parts[1]), ny)))
    {
      if (n == 1)
        *ny = 1;
      if (*nx < 2 || (n == 2 && *ny < 2) || *nx > 100000 || *ny > 100000)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "--grid: '%s' needs 2 to 100000 points along each direction", text);
          return FALSE;
        }
      return TRUE;
    }
  g_set_error (error, PL_ERROR, PL_ERROR_PARSE,
               "--grid: '%s' is not a size like 41x41 (2-D) or 101 (1-D)", text);
  return FALSE;
}

/* "S" or "SX,SY" into the spans (NaN when not given). */
static gboolean
parse_span (const char  *text,
            double      *sx,
            double      *sy,
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint n = g_strv_length (parts);
  double v[2];

  if (n < 1 || n > 2)
    goto bad;
  for (guint i = 0; i < n; i++)
    {
      char *end;

      errno = 0;
      v[i] = g_ascii_strtod (g_strstrip (parts[i]), &end);
      if (*parts[i] == '\0' || *end != '\0' || errno == ERANGE)
        goto bad;
      if (!isfinite (v[i]) || v[i] <= 0)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "--span must be positive and finite, not '%s'", parts[i]);
          return FALSE;
        }
    }
  *sx = v[0];
  *sy = n == 2 ? v[1] : v[0];
  return TRUE;

bad:
  g_set_error (error, PL_ERROR, PL_ERROR_PARSE,
               "--span: '%s' is not a number or a pair like 3.14,1.5", text);
  return FALSE;
}

/* random | pca | i,j | i */
static gboolean
parse_directions (const char    *text,
                  CliLandscape  *job,
                  guint         *n_indices,
                  GError       **error)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  *n_indices = 0;
  if (g_ascii_strcasecmp (text, "random") == 0)
    {
      job->directions = CLI_DIRECTIONS_RANDOM;
      return TRUE;
    }
  if (g_ascii_strcasecmp (text, "pca") == 0)
    {
      job->directions = CLI_DIRECTIONS_PCA;
      return TRUE;
    }
  parts = g_strsplit (text, ",", -1);
  n = g_strv_length (parts);
  if (n < 1 || n > 2 || !parse_uint (g_strstrip (parts[0]), &job->index[0]) ||
      (n == 2 && !parse_uint (g_strstrip (parts[1]), &job->index[1])))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_PARSE,
                   "--directions: '%s' is not random, pca, or parameter indices like 0,1", text);
      return FALSE;
    }
  if (n == 2 && job->index[0] == job->index[1])
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--directions: a plane needs two different parameters, not %u twice",
                   job->index[0]);
      return FALSE;
    }
  job->directions = CLI_DIRECTIONS_AXES;
  *n_indices = n;
  return TRUE;
}

/* The options both modes share, into @job. */
static gboolean
setup_common (LandscapeOptions  *o,
              CliLandscape      *job,
              GError           **error)
{
  guint n_indices;

  if (!parse_directions (o->directions ? o->directions : "random", job, &n_indices, error) ||
      !parse_grid (o->grid ? o->grid : "41x41", &job->nx, &job->ny, error))
    return FALSE;
  job->span_x = job->span_y = NAN;
  if (o->span != NULL && !parse_span (o->span, &job->span_x, &job->span_y, error))
    return FALSE;
  if (n_indices == 2 && job->ny == 1)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--directions %s names two parameters, but --grid %s is a 1-D slice",
                   o->directions, o->grid);
      return FALSE;
    }
  if (n_indices == 1 && job->ny > 1)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--directions %s names one parameter; a 2-D --grid needs two (like 0,1)",
                   o->directions);
      return FALSE;
    }
  if (!pl_direction_norm_from_string (o->normalize ? o->normalize : "filter", &job->norm,
                                      error))
    return FALSE;
  job->orthogonalize = !o->no_orthogonalize;

  job->hessian = o->hessian;
  pl_hessian_config_init (&job->hessian_config);
  if (o->hessian_method != NULL &&
      !pl_hessian_method_from_string (o->hessian_method, &job->hessian_config.method, error))
    return FALSE;
  if (o->lanczos_steps < 1 || o->lanczos_steps > 10000)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--lanczos-steps must be between 1 and 10000, not %d", o->lanczos_steps);
      return FALSE;
    }
  job->hessian_config.iterations = (guint) o->lanczos_steps;
  if (!isfinite (o->hessian_step) || o->hessian_step <= 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--hessian-step must be positive, not %g", o->hessian_step);
      return FALSE;
    }
  job->hessian_config.step = o->hessian_step;
  job->hessian_config.seed = (guint64) job->common->seed;
  job->log_scale = o->log_scale;
  return TRUE;
}

/* --- circuit mode --------------------------------------------------------------------- */

static int
run_circuit (LandscapeOptions *o,
             CliLandscape     *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCircuit) base = NULL;
  g_autoptr(PlCircuit) circuit = NULL;
  g_autoptr(PlObservable) obs = NULL;
  g_autoptr(PlObjective) objective = NULL;
  g_autoptr(GArray) params = NULL;
  g_autoptr(GArray) inputs = NULL;
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  g_autofree gint *map = NULL;
  g_autofree char *title = NULL;
  PlTemplateOptions topt;
  PlInitKind init = PL_INIT_UNIFORM;
  const char *name = o->t.template_name ? o->t.template_name : "hea";
  const char *cost = o->cost ? o->cost : "global";

  if (o->t.qubits < 1 || o->t.qubits > PL_STATE_MAX_QUBITS)
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--qubits must be between 1 and %d, not %d", PL_STATE_MAX_QUBITS, o->t.qubits);
      return cli_fail (job->common, error);
    }
  if (o->t.layers < 1)
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--layers must be at least 1, not %d", o->t.layers);
      return cli_fail (job->common, error);
    }
  if (o->t.features < 1)
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--features must be at least 1, not %d", o->t.features);
      return cli_fail (job->common, error);
    }
  if (job->directions == CLI_DIRECTIONS_PCA)
    return cli_fail_literal (job->common, "--directions pca needs a training trajectory: use it "
                                          "with --preset or --experiment");
  if (o->init != NULL && !pl_init_kind_from_string (o->init, &init, &error))
    return cli_fail (job->common, error);
  if (o->init != NULL && o->params != NULL)
    return cli_fail_literal (job->common, "give either --params or --init, not both");
  if (init == PL_INIT_SMALL && (!isfinite (o->sigma) || o->sigma <= 0))
    {
      g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--sigma must be positive, not %g", o->sigma);
      return cli_fail (job->common, error);
    }

  cli_template_options (&o->t, job->common, (guint) o->t.qubits, (guint) o->t.layers, &topt);
  if (!(base = pl_circuit_new_template (name, &topt, &error)))
    return cli_fail (job->common, error);
  if (init == PL_INIT_IDENTITY)
    {
      if (!(circuit = pl_circuit_identity_blocks (base, &map, &error)))
        return cli_fail (job->common, error);
    }
  else
    circuit = g_steal_pointer (&base);
  if (!(obs = pl_observable_parse (cost, circuit->n_qubits, &error)))
    return cli_fail (job->common, error);

  if (o->inputs != NULL)
    {
      if (!cli_parse_doubles (o->inputs, &inputs, &error))
        return cli_fail (job->common, error);
      if (inputs->len != circuit->n_inputs)
        {
          g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "--inputs has %u values, the circuit encodes %u features", inputs->len,
                       circuit->n_inputs);
          return cli_fail (job->common, error);
        }
    }
  else
    {
      inputs = g_array_new (FALSE, TRUE, sizeof (double));
      g_array_set_size (inputs, circuit->n_inputs);
    }
  if (!(objective = pl_objective_new_circuit (circuit, obs, (const double *) inputs->data,
                                              cli_threads (job->common), &error)))
    return cli_fail (job->common, error);

  if (o->params != NULL)
    {
      if (!cli_parse_doubles (o->params, &params, &error))
        return cli_fail (job->common, error);
      if (params->len != circuit->n_params)
        {
          g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "--params has %u values, the circuit has %u parameters", params->len,
                       circuit->n_params);
          return cli_fail (job->common, error);
        }
    }
  else
    {
      PlRng rng;

      params = g_array_new (FALSE, TRUE, sizeof (double));
      g_array_set_size (params, circuit->n_params);
      pl_rng_init (&rng, (guint64) job->common->seed);
      pl_init_draw (init, circuit, map, o->sigma, &rng, 1, (double *) params->data);
    }

  job->objective = objective;
  job->threads = pl_objective_get_threads (objective);
  job->n_params = circuit->n_params;
  job->center = (const double *) params->data;
  job->circuit_axes = TRUE;
  title = g_markup_printf_escaped ("%s, %u qubit%s, %d layer%s, %s", name, circuit->n_qubits,
                                   circuit->n_qubits == 1 ? "" : "s", o->t.layers,
                                   o->t.layers == 1 ? "" : "s", cost);
  job->title = title;

  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "mode");
  json_builder_add_string_value (jb, "circuit");
  json_builder_set_member_name (jb, "template");
  json_builder_add_string_value (jb, circuit->name);
  json_builder_set_member_name (jb, "qubits");
  json_builder_add_int_value (jb, circuit->n_qubits);
  json_builder_set_member_name (jb, "layers");
  json_builder_add_int_value (jb, o->t.layers);
  json_builder_set_member_name (jb, "cost");
  json_builder_add_string_value (jb, cost);
  json_builder_set_member_name (jb, "init");
  json_builder_add_string_value (jb, o->params ? "params" : pl_init_kind_to_string (init));
  job->jb = jb;
  return cli_landscape_run (job);
}

int
cli_cmd_landscape (int    argc,
                   char **argv)
{
  CliCommon common = { .command = "landscape" };
  LandscapeOptions o = { .t = { .qubits = 4, .layers = 2, .features = 1 }, .sigma = 0.1,
                         .lanczos_steps = 30, .hessian_step = 1e-4 };
  CliLandscape job = { 0 };
  g_autoptr(GError) error = NULL;
  guint n_entries;
  int status;
  gboolean seed_given = cli_has_option (argc, argv, "--seed");
  gboolean threads_given = cli_has_option (argc, argv, "--threads");
  gboolean steps_given = cli_has_option (argc, argv, "--steps");
  const char *circuit_option = find_option (argc, argv, circuit_only);
  const char *pinn_option = find_option (argc, argv, pinn_only);
  GOptionEntry entries[40] = {
    { "qubits", 'n', 0, G_OPTION_ARG_INT, &o.t.qubits, "Circuit: qubits (default 4)", "N" },
    { "layers", 'l', 0, G_OPTION_ARG_INT, &o.t.layers, "Circuit: layers (default 2)", "L" },
    { "cost", 'c', 0, G_OPTION_ARG_STRING, &o.cost,
      "Circuit: global, local or a Pauli observable such as 'Z0 Z1' (default global)", "COST" },
    { "init", 'i', 0, G_OPTION_ARG_STRING, &o.init,
      "Circuit: the centre drawn uniform, small, identity or layerwise (default uniform)",
      "INIT" },
    { "sigma", 0, 0, G_OPTION_ARG_DOUBLE, &o.sigma,
      "Spread of the small-angle initialisation (default 0.1)", "S" },
    { "params", 'p', 0, G_OPTION_ARG_STRING, &o.params,
      "Circuit: the centre, 'v1,v2,...' or a file of numbers", "VALUES|FILE" },
    { "inputs", 'x', 0, G_OPTION_ARG_STRING, &o.inputs,
      "Circuit: input features of encoding gates (default 0)", "VALUES" },
    { "directions", 'd', 0, G_OPTION_ARG_STRING, &o.directions,
      "random (default), pca (PINN: the trajectory's principal directions), or parameter "
      "indices i,j (2-D) or i (1-D)", "DIRS" },
    { "grid", 'g', 0, G_OPTION_ARG_STRING, &o.grid,
      "Points NXxNY of a 2-D slice, or N of a 1-D slice (default 41x41)", "SIZE" },
    { "span", 's', 0, G_OPTION_ARG_STRING, &o.span,
      "Half-width of the slice, S or SX,SY (default pi for circuit axes, 1 for random "
      "directions, the trajectory's extent for pca)", "SPAN" },
    { "normalize", 0, 0, G_OPTION_ARG_STRING, &o.normalize,
      "Random directions: filter (per block to the parameters' norm, Li et al. 2018; default) "
      "or none", "NORM" },
    { "no-orthogonalize", 0, 0, G_OPTION_ARG_NONE, &o.no_orthogonalize,
      "Keep the second random direction as drawn", NULL },
    { "hessian", 'H', 0, G_OPTION_ARG_NONE, &o.hessian,
      "Also the extreme Hessian eigenvalues at the centre", NULL },
    { "hessian-method", 0, 0, G_OPTION_ARG_STRING, &o.hessian_method,
      "auto (full up to 300 parameters, default), full or lanczos", "METHOD" },
    { "lanczos-steps", 0, 0, G_OPTION_ARG_INT, &o.lanczos_steps,
      "Lanczos iterations (default 30)", "K" },
    { "hessian-step", 0, 0, G_OPTION_ARG_DOUBLE, &o.hessian_step,
      "Finite-difference step of the gradient differences (default 1e-4)", "H" },
    { "log", 0, 0, G_OPTION_ARG_NONE, &o.log_scale, "Logarithmic colour (or y) scale", NULL },
    { "preset", 0, 0, G_OPTION_ARG_STRING, &o.preset,
      "PINN: train this preset experiment (see 'plateau-cli presets'), then slice", "NAME" },
    { "experiment", 'e', 0, G_OPTION_ARG_FILENAME, &o.experiment,
      "PINN: train the experiment in this file, then slice", "FILE" },
    { "steps", 0, 0, G_OPTION_ARG_INT64, &o.steps,
      "PINN: training steps (default: the experiment's)", "N" },
    { "trajectory-every", 0, 0, G_OPTION_ARG_INT, &o.trajectory_every,
      "PINN: keep the parameters every K steps (default: steps / 100)", "K" },
    { "out", 'O', 0, G_OPTION_ARG_FILENAME, &o.out,
      "Directory for landscape.csv, trajectory.csv, summary.json and the figure (default "
      "plateau-out/landscape)", "DIR" },
    { NULL }
  };

  for (n_entries = 0; entries[n_entries].long_name != NULL; n_entries++)
    ;
  cli_template_entries (&o.t, entries + n_entries);
  if (!cli_parse (&common, NULL, "Loss landscapes: a 1-D or 2-D slice of the loss around a "
                  "point, and the Hessian's extreme eigenvalues there.\n\n"
                  "Circuit mode (--template, --qubits, --layers, --cost): the cost around given "
                  "or drawn parameters.\nPINN mode (--preset or --experiment): train, keeping "
                  "the parameters every few steps, then slice around the final parameters and "
                  "draw the trajectory on the slice (its losses use the final collocation "
                  "points).", entries, &argc, &argv))
    {
      options_clear (&o);
      return 2;
    }
  if (argc > 1)
    {
      g_autofree char *msg = g_strdup_printf ("unexpected argument '%s'", argv[1]);
      options_clear (&o);
      return cli_fail_literal (&common, msg);
    }

  job.common = &common;
  job.out = o.out ? o.out : "plateau-out/landscape";
  if (o.preset != NULL && o.experiment != NULL)
    g_set_error_literal (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                         "give either --preset or --experiment, not both");
  else if ((o.preset != NULL || o.experiment != NULL) && circuit_option != NULL)
    g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                 "%s describes a circuit; with --preset or --experiment the experiment does",
                 circuit_option);
  else if (o.preset == NULL && o.experiment == NULL && pinn_option != NULL)
    g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                 "%s is for training: give --preset or --experiment", pinn_option);
  else if (o.steps < 0 || o.steps > 100000000)
    g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                 "--steps must be between 1 and 100000000, not %" G_GINT64_FORMAT, o.steps);
  else if (steps_given && o.steps == 0)
    g_set_error_literal (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                         "--steps must be between 1 and 100000000, not 0");
  else if (o.trajectory_every < 0)
    g_set_error (&error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                 "--trajectory-every must be a positive number of steps, not %d",
                 o.trajectory_every);
  if (error != NULL || !setup_common (&o, &job, &error))
    {
      status = cli_fail (&common, error);
      options_clear (&o);
      return status;
    }
  if (o.preset != NULL || o.experiment != NULL)
    {
      CliLandscapePinn pinn = { o.preset, o.experiment, o.steps, o.trajectory_every,
                                seed_given, threads_given };

      status = cli_landscape_pinn (&pinn, &job);
    }
  else
    status = run_circuit (&o, &job);
  options_clear (&o);
  return status;
}
