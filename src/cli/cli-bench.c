/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-bench.c: `plateau-cli bench WHAT`, the speed measurements reported in the README.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli.h"

#include <string.h>

int
cli_cmd_bench (int    argc,
               char **argv)
{
  CliCommon common = { .command = "bench", .pass_unknown = TRUE };

  if (!cli_parse (&common, "state|train", "Measure the speed of Plateau's kernels.\n\n"
                  "  state   gate kernels against the machine's memory bandwidth\n"
                  "  train   milliseconds per training step of the reference configuration RC1",
                  NULL, &argc, &argv))
    return 2;
  if (argc < 2)
    return cli_fail_literal (&common, "which benchmark? (state, train)");
  if (strcmp (argv[1], "state") == 0)
    return cli_bench_state (&common, argc - 1, argv + 1);
  if (strcmp (argv[1], "train") == 0)
    return cli_bench_train (&common, argc - 1, argv + 1);
  {
    g_autofree char *msg = g_strdup_printf ("unknown benchmark '%s' (known: state, train)", argv[1]);
    return cli_fail_literal (&common, msg);
  }
}
