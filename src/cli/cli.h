/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli.h: what the subcommands of plateau-cli share: the common options (--json, --seed,
 * --threads), the way they fail (one line on stderr naming the problem, exit status 2 for bad
 * input, 1 for a failed computation) and the JSON summary printed as the last line of stdout.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

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
/* Number of worker threads to use (threads option, or the number of cores). */
guint    cli_threads      (const CliCommon    *common);

/* Parse "a,b,c" into doubles, or read whitespace/comma separated numbers from a file when
 * @text names one. Errors name the bad token. */
gboolean cli_parse_doubles (const char  *text,
                            GArray     **out,
                            GError     **error);

int cli_cmd_circuit (int argc, char **argv);
int cli_cmd_bench   (int argc, char **argv);
int cli_cmd_dla     (int argc, char **argv);

/* `plateau-cli bench state`: called by cli_cmd_bench with the already-parsed common options
 * and the arguments after "state". Prints a table (or the JSON summary with --json). */
int cli_bench_state (const CliCommon *common, int argc, char **argv);

G_END_DECLS
