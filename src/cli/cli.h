/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli.h: what the subcommands of plateau-cli share: the common options (--json, --seed,
 * --threads), the way they fail (one line on stderr naming the problem, exit status 2 for bad
 * input, 1 for a failed computation) and the JSON summary printed as the last line of stdout.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <plateau/plateau.h>

G_BEGIN_DECLS

typedef struct {
  const char *command;   /* "circuit", "bench", ... for messages */
  gboolean    json;
  gint64      seed;
  gint        threads;   /* 0: all cores */
  gboolean    pass_unknown;
} CliCommon;

/* Parse argv with @entries plus the common options. Returns FALSE (message printed) on
 * bad arguments; leftover positional arguments stay in argv. With common->pass_unknown,
 * unknown options stay in argv too (for commands with subcommands of their own). */
gboolean cli_parse        (CliCommon          *common,
                           const char         *parameter_string,
                           const char         *summary,
                           const GOptionEntry *entries,
                           int                *argc,
                           char             ***argv);
/* Print "plateau-cli COMMAND: message" and return the exit status for @error. */
int      cli_fail         (const CliCommon    *common,
                           const GError       *error);
int      cli_fail_literal (const CliCommon    *common,
                           const char         *message);
/* Print @root as one line of JSON on stdout. */
void     cli_print_json   (JsonNode           *root);
/* Member @name with value @v, or null where @v is not finite (JSON has no NaN or Inf). */
void     cli_json_add_double   (JsonBuilder   *jb,
                                const char    *name,
                                double         v);
/* @v in a CSV cell: shortest round-trip form, and nan, inf, -inf spelled out. */
void     cli_csv_append_double (GString       *s,
                                double         v);
/* Number of worker threads to use (threads option, or the number of cores). */
guint    cli_threads      (const CliCommon    *common);
/* Whether @option ("--name") is among the arguments before any "--", alone or as
 * "--name=value": for options whose default cannot be told from their value. Call it before
 * cli_parse, which removes what it parses. */
gboolean cli_has_option   (int                 argc,
                           char              **argv,
                           const char         *option);

/* Parse "a,b,c" into doubles, or read whitespace/comma separated numbers from a file when
 * @text names one. Errors name the bad token. */
gboolean cli_parse_doubles (const char  *text,
                            GArray     **out,
                            GError     **error);

int cli_cmd_circuit (int argc, char **argv);
int cli_cmd_bench   (int argc, char **argv);
int cli_cmd_expr    (int argc, char **argv);
int cli_cmd_dla     (int argc, char **argv);

/* `plateau-cli bench state`: called by cli_cmd_bench with the already-parsed common options
 * and the arguments after "state". Prints a table (or the JSON summary with --json). */
int cli_bench_state (const CliCommon *common, int argc, char **argv);
/* `plateau-cli bench train`: milliseconds per training step of RC1. */
int cli_bench_train (const CliCommon *common, int argc, char **argv);

G_END_DECLS

G_BEGIN_DECLS

/* Parse a list of counts like "2:12", "2:12:2", "5,10,50" or "2,4:8" (inclusive ranges) into
 * @out (sorted as written, duplicates kept out). Every value must lie in [lo, hi]; errors name
 * the option and the bad item. */
gboolean cli_parse_counts (const char  *option,
                           const char  *text,
                           guint        lo,
                           guint        hi,
                           GArray     **out,
                           GError     **error);
/* Make @dir (and parents) if needed; errors name it. */
gboolean cli_ensure_dir   (const char  *dir,
                           GError     **error);
/* Write @text to @path atomically (temporary file + rename). */
gboolean cli_write_file   (const char  *path,
                           const char  *text,
                           GError     **error);

int cli_cmd_scan (int argc, char **argv);
int cli_cmd_train (int argc, char **argv);
int cli_cmd_presets (int argc, char **argv);
int cli_cmd_landscape (int argc, char **argv);

G_END_DECLS

G_BEGIN_DECLS

/* The template options every circuit-building command accepts. */
typedef struct {
  char     *template_name;
  gint      qubits;
  gint      layers;
  char     *rotations;
  char     *entangler;
  char     *entangler_gate;
  gboolean  periodic;
  gboolean  per_term;
  gint      features;
} CliTemplate;

/* Entries for --template, --rotations, --entangler, --entangler-gate, --periodic,
 * --per-term, --features (not --qubits/--layers, whose syntax differs between commands).
 * Returns a static-size array terminated by { NULL }; @t must outlive the parse. */
void     cli_template_entries (CliTemplate   *t,
                               GOptionEntry  *entries /* 8 */);
/* Options for n qubits and L layers (seed from common). */
void     cli_template_options (const CliTemplate *t,
                               const CliCommon   *common,
                               guint              n_qubits,
                               guint              n_layers,
                               PlTemplateOptions *out);
void     cli_template_clear   (CliTemplate   *t);
/* The circuit of a command taking --from-qasm FILE or the template options: the OpenQASM 2.0
 * file @qasm_path when given (its parameter values into @qasm_params unless NULL), else the
 * template t->template_name (default hea) on @n_qubits qubits with t->layers layers. Errors
 * name the bad option, or the file. */
PlCircuit *cli_build_circuit  (const CliTemplate  *t,
                               const CliCommon    *common,
                               const char         *qasm_path,
                               gint                n_qubits,
                               GArray            **qasm_params,
                               GError            **error);

G_END_DECLS

G_BEGIN_DECLS

/* The options of the QPINN-MAC hybrid that scan and tradeoff build around a circuit. */
typedef struct {
  char *problem;
  char *hidden;
  gint  points;
} CliHybrid;

/* Entries for --problem, --hidden, --points; a static-size array terminated by { NULL }. */
void        cli_hybrid_entries (CliHybrid        *h,
                                GOptionEntry     *entries /* 4 */);
/* The classical part (pl_model_config_init with the --hidden widths); checks --points. */
gboolean    cli_hybrid_config  (const CliHybrid  *h,
                                PlModelConfig    *out,
                                GError          **error);
/* --problem or its default, damped-oscillator. */
const char *cli_hybrid_problem (const CliHybrid  *h);
void        cli_hybrid_clear   (CliHybrid        *h);

/* What scan and tradeoff share: a template swept over lists of qubit and layer counts, the
 * QPINN-MAC hybrid built around it, and the random draws behind each variance. */
typedef struct {
  CliTemplate t;
  CliHybrid   h;
  char       *qubits;    /* --qubits and --layers as given, NULL: the command's default */
  char       *layers;
  gint        samples;
} CliSweep;

/* Append the template and hybrid entries to @entries (which has room for them) and cli_parse. */
gboolean    cli_sweep_parse    (CliSweep         *sw,
                                CliCommon        *common,
                                const char       *summary,
                                GOptionEntry     *entries,
                                int              *argc,
                                char           ***argv);
/* No positional arguments; the qubit and layer lists (or the defaults) parsed into @qubits and
 * @layers; at least 3 samples. */
gboolean    cli_sweep_check    (const CliSweep   *sw,
                                int               argc,
                                char            **argv,
                                const char       *default_qubits,
                                const char       *default_layers,
                                GArray          **qubits,
                                GArray          **layers,
                                GError          **error);
void        cli_sweep_clear    (CliSweep         *sw);

int cli_cmd_tradeoff (int argc, char **argv);

G_END_DECLS
