/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-experiment.h: the experiment file. One JSON document holds everything a training run
 * needs: the problem, the model, its circuit and observables, sampling, loss weights, the
 * optimiser plan and the training schedule. The CLI and the GUI both run from it, so the same
 * file gives the same numbers in either.
 *
 *   {
 *     "format_version": 1,
 *     "name": "rc1-damped-oscillator", "description": "one line",
 *     "problem":  { "name": "damped-oscillator", "params": { "zeta": 0.1 },
 *                   "hard_constraints": false }
 *                 or a definition: { "name", "title", "description", "axes", "lower", "upper",
 *                   "outputs", "params": {NAME: value}, "derived": {NAME: expr},
 *                   "forcing": {NAME: expr}, "terms": [{ "name", "kind", "face",
 *                   "equations", "weight", "points", "hard" }], "exact": [expr per output],
 *                   "reference": solver, "transform": { "a": [...], "b": [...] },
 *                   "eval_points", "hard_constraints" }   (a "terms" member makes it one)
 *     "model":    { "kind", "hidden": [32, 32], "activation",
 *                   "architecture": "mlp" | "modified-mlp", "init", "shared_trunk",
 *                   "multiplicative", "additive", "quantum_init": { "kind", "scale" },
 *                   "features": { "periodic": { "axes": "x", "harmonics": 1 },
 *                                 "fourier": { "count": 32, "scale": 1, "seed": S } } },
 *     "circuit":  { "template": "reupload", "qubits", "layers", "rotations", "entangler",
 *                   "entangler_gate", "seed", "periodic", "per_term", "features" }
 *                 or { "qasm": "OPENQASM 2.0; ...", "qasm_angles": "trainable" | "fixed" }
 *                 or { "qubits": n, "ops": [{ "gate": "ry", "wires": [0],
 *                      "angles": [ANGLE ...] }] }
 *                 with "encoding": "auto" | "none" | "ry" | "external" in each form;
 *                 ANGLE: a number (fixed), "trainable", or { "source": "fixed", "value" },
 *                 { "source": "trainable", "scale", "offset" },
 *                 { "source": "input", "feature", "a": number | "trainable",
 *                   "b": number | "trainable" }, { "source": "external", "slot" }
 *     "observables": ["Z0", "Z1 Z2", ...]           ([]: Z_i on every qubit)
 *     "sampling": { "sampler": "latin-hypercube", "points": { TERM: n } },
 *     "weights":  { "adaptive": false, "alpha": 0.1, "period": 10, "values": { TERM: w },
 *                   "causal": null | { "bins": 2..1024, "epsilon": eps | [eps, ...] } },
 *     "optimizer": pl_optimizer_plan_to_json (),
 *     "training": { "steps", "resample_every", "eval_every", "eval_points",
 *                   "checkpoint_every", "divergence_factor", "frozen": [BLOCK ...],
 *                   "shots": 0, "time_windows": 0,
 *                   "time_window_steps": 0 },
 *     "seed": 1, "threads": 0
 *   }
 *
 * Every field has a default, so {"format_version": 1, "problem": {"name": "heat-1d"}} is a
 * complete experiment. Unknown members are collected as warnings ("unknown field
 * 'model.hiden' ignored"), never fatal and never silently dropped. Every error names the
 * field by its JSON path and says why ("model.hidden[1]: must be a positive integer, got -3").
 * Loading validates the whole experiment, including building its problem, circuit, model and
 * trainer configuration, so a loaded experiment always builds; on failure nothing is returned.
 * Saving writes every field (defaults included), so load (save (e)) equals e field by field.
 *
 * Limits (hostile files): PL_EXPERIMENT_MAX_FILE_SIZE bytes of text, nesting at most
 * PL_EXPERIMENT_MAX_DEPTH deep, at most PL_EXPERIMENT_MAX_OPS ops and
 * PL_EXPERIMENT_MAX_OBSERVABLES observables, MLP widths up to PL_EXPERIMENT_MAX_WIDTH, circuits
 * up to PL_EXPERIMENT_MAX_QUBITS qubits, steps up to 10^8 and points per term up to
 * PL_EXPERIMENT_MAX_POINTS.
 *
 * Presets are experiment files named NAME.json in the preset directories: $PLATEAU_PRESET_DIR,
 * then the source tree's data/presets, then the installed one (the first holding a name wins).
 *
 * Who calls this: the CLI (train, presets), the GUI (open, save, autosave), tests.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"
#include "pl-circuit.h"
#include "pl-loss.h"
#include "pl-model.h"
#include "pl-optim.h"
#include "pl-problem.h"
#include "pl-train.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PL_EXPERIMENT_FORMAT_VERSION 1
#define PL_EXPERIMENT_MAX_FILE_SIZE  (4 * 1024 * 1024)
#define PL_EXPERIMENT_MAX_DEPTH      32
#define PL_EXPERIMENT_MAX_OPS        100000
#define PL_EXPERIMENT_MAX_OBSERVABLES 256
#define PL_EXPERIMENT_MAX_WIDTH      4096
#define PL_EXPERIMENT_MAX_QUBITS     24
#define PL_EXPERIMENT_MAX_POINTS     1000000

typedef enum {
  PL_EXPERIMENT_CIRCUIT_TEMPLATE,
  PL_EXPERIMENT_CIRCUIT_QASM,
  PL_EXPERIMENT_CIRCUIT_OPS,
} PlExperimentCircuitKind;

/* A column of RY gates put in front of the circuit, one per qubit q:
 *   NONE      nothing;
 *   RY        RY(a_q x_{q mod d} + b_q), a_q and b_q trainable (data encoding);
 *   EXTERNAL  RY(e_q), the angle from the serial model's classical network;
 *   AUTO      RY when the model is quantum or hybrid and the circuit encodes no input,
 *             EXTERNAL when the model is serial and the circuit takes no external angle,
 *             otherwise NONE. */
typedef enum {
  PL_EXPERIMENT_ENCODING_AUTO,
  PL_EXPERIMENT_ENCODING_NONE,
  PL_EXPERIMENT_ENCODING_RY,
  PL_EXPERIMENT_ENCODING_EXTERNAL,
} PlExperimentEncoding;

/* One angle of a hand-built op. FIXED: value. PARAM: scale * p + value with a fresh trainable
 * p. INPUT: a x_index + b, a trainable when a_trainable (else a = scale), b trainable when
 * b_trainable (else b = value). EXTERNAL: e_index. */
typedef struct {
  PlSourceKind kind;
  guint        index;
  double       scale;
  double       value;
  gboolean     a_trainable;
  gboolean     b_trainable;
} PlExperimentAngle;

typedef struct {
  PlGate            gate;
  guint             wires[2];
  PlExperimentAngle angles[PL_GATE_MAX_PARAMS];
} PlExperimentOp;

/* A per-term setting, by the term's name. */
typedef struct {
  char   *term;
  double  value;
} PlExperimentTermValue;

typedef struct {
  char                 *name;          /* the preset or experiment's name, or NULL */
  char                 *description;   /* one line, or NULL */

  /* problem: a built-in (problem_name with parameter overrides) or a definition (def) */
  char                 *problem_name;  /* NULL when is_custom */
  gboolean              is_custom;
  PlProblemDef          def;           /* is_custom: strings owned by the experiment */
  guint                 n_overrides;
  PlProblemParamDef     overrides[PL_PROBLEM_MAX_PARAMS];
  gboolean              hard_constraints;

  /* model (n_inputs and n_outputs are the problem's, filled in by the build; so are the
   * periods of the periodic features, each the length of the domain along its axis, and the
   * seed of the Fourier features when the file gives none: the experiment's seed) */
  PlModelConfig         model;
  char                 *periodic_axes;     /* letters of the problem's axes; NULL: none */
  guint                 periodic_harmonics;
  gboolean              has_fourier_seed;

  /* circuit */
  PlExperimentCircuitKind circuit_kind;
  char                 *template_name;
  PlTemplateOptions     options;       /* strings owned; n_inputs 0: the problem's inputs */
  char                 *qasm;
  gboolean              qasm_fixed;    /* QASM angles fixed at their values, not trainable */
  guint                 n_qubits;      /* OPS */
  guint                 n_ops;
  PlExperimentOp       *ops;
  PlExperimentEncoding  encoding;
  guint                 n_observables; /* 0: Z_i on every qubit */
  char                **observables;

  /* sampling and weights */
  PlSamplerKind         sampler;
  guint                 n_points;
  PlExperimentTermValue *points;
  gboolean              rar;           /* sampling.rar: residual-based adaptive refinement */
  double                rar_k;
  double                rar_c;
  guint                 rar_candidates;
  gboolean              adaptive_weights;
  double                adaptive_alpha;
  guint                 adaptive_every;
  guint                 causal_bins;   /* weights.causal: 0 off (pl-train.h) */
  guint                 n_causal_epsilon;
  double                causal_epsilon[PL_TRAIN_MAX_CAUSAL_EPSILONS];
  guint                 n_weights;
  PlExperimentTermValue *weights;

  /* optimiser and training */
  PlOptimizerPlan       plan;
  guint64               steps;
  guint                 resample_every;
  guint                 eval_every;
  guint                 eval_points;
  guint                 checkpoint_every;
  double                divergence_factor;
  guint                 time_windows;  /* training.time_windows: time marching (pl-train.h) */
  guint64               time_window_steps;
  guint64               shots;         /* training.shots: 0 exact; N: parameter shifts, N
                                        * measurements per circuit */
  gboolean              frozen[PL_N_BLOCKS];
  guint64               seed;
  guint                 threads;       /* 0: all cores */

  /* private */
  GStringChunk         *strings;
  GPtrArray            *warnings;
} PlExperiment;

/* The defaults of every field, with the built-in problem @problem_name (NULL:
 * "damped-oscillator"). Fails for an unknown problem. */
PlExperiment *pl_experiment_new             (const char          *problem_name,
                                             GError             **error);
void          pl_experiment_free            (PlExperiment        *experiment);
PlExperiment *pl_experiment_copy            (const PlExperiment  *experiment);
/* Field by field (warnings are not compared; doubles bit for bit). */
gboolean      pl_experiment_equal           (const PlExperiment  *a,
                                             const PlExperiment  *b);

/* Parse and validate. Errors: PL_ERROR_IO for an unreadable file, PL_ERROR_PARSE for text that
 * is not JSON, PL_ERROR_INVALID_ARGUMENT for a field with a bad value, each naming the field. */
PlExperiment *pl_experiment_load            (const char          *path,
                                             GError             **error);
PlExperiment *pl_experiment_load_from_data  (const char          *data,
                                             gssize               length,
                                             GError             **error);
PlExperiment *pl_experiment_load_from_json  (JsonNode            *root,
                                             GError             **error);
/* The checks a load makes across fields (the problem compiles, term names exist, circuit and
 * model fit the problem, something is left to train, training.shots can be estimated), for an
 * experiment changed after loading (e.g. by command-line options). */
gboolean      pl_experiment_validate        (const PlExperiment  *experiment,
                                             GError             **error);
/* "unknown field 'model.hiden' ignored", ...: what the loader skipped, NULL-terminated, owned
 * by the experiment. */
const char *const *pl_experiment_get_warnings (const PlExperiment *experiment);

/* Every field, defaults included. */
JsonNode     *pl_experiment_to_json         (const PlExperiment  *experiment);
char         *pl_experiment_to_data         (const PlExperiment  *experiment);
/* Atomically (a temporary file renamed over @path). */
gboolean      pl_experiment_save            (const PlExperiment  *experiment,
                                             const char          *path,
                                             GError             **error);

/* --- building the run ------------------------------------------------------------------ */

PlProblem    *pl_experiment_build_problem   (const PlExperiment  *experiment,
                                             GError             **error);
/* The circuit (NULL for a classical model, which is not an error) and its observables. */
gboolean      pl_experiment_build_circuit   (const PlExperiment  *experiment,
                                             const PlProblem     *problem,
                                             PlCircuit          **circuit,
                                             guint               *n_obs,
                                             PlObservable      ***obs,
                                             GError             **error);
PlModel      *pl_experiment_build_model     (const PlExperiment  *experiment,
                                             const PlProblem     *problem,
                                             GError             **error);
/* Points and weights by term name mapped onto the problem's active terms. */
void          pl_experiment_loss_config     (const PlExperiment  *experiment,
                                             const PlProblem     *problem,
                                             PlLossConfig        *config);
/* The training configuration; checkpoint_path stays NULL (the caller's choice). */
void          pl_experiment_train_config    (const PlExperiment  *experiment,
                                             PlTrainConfig       *config);

/* --- presets --------------------------------------------------------------------------- */

/* Preset names found in the preset directories, sorted, NULL-terminated (g_strfreev). */
char        **pl_experiment_preset_names    (void);
/* The file of preset @name, or NULL with PL_ERROR_INVALID_ARGUMENT listing the known ones. */
char         *pl_experiment_preset_path     (const char          *name,
                                             GError             **error);
PlExperiment *pl_experiment_load_preset     (const char          *name,
                                             GError             **error);

const char   *pl_experiment_encoding_to_string (PlExperimentEncoding encoding);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlExperiment, pl_experiment_free)

G_END_DECLS
