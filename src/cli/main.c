/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * main.c: plateau-cli, the headless front end: one subcommand per job.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "circuit", cli_cmd_circuit, "Build a circuit, draw it, export OpenQASM, evaluate expectations and gradients" },
  { "expr",    cli_cmd_expr,    "Expressibility and entangling capability (Sim et al. 2019)" },
  { "scan",    cli_cmd_scan,    "Barren plateaus: gradient variance against qubits and layers" },
  { "train",   cli_cmd_train,   "Train a physics-informed network from an experiment file or a preset" },
  { "presets", cli_cmd_presets, "List the preset experiments" },
  { "dla",     cli_cmd_dla,     "Dynamical Lie algebra of a circuit or generators, and the variance it predicts" },
  { "tradeoff", cli_cmd_tradeoff, "Expressibility against trainability, PQC vs hybrid" },
  { "landscape", cli_cmd_landscape, "Loss landscapes: slices, trajectories and Hessian extremes" },
  { "bench",   cli_cmd_bench,   "Measure speed: the simulator kernels (bench state), training steps (bench train)" },
};

static void
usage (FILE *out)
{
  fprintf (out, "Usage: plateau-cli COMMAND [OPTIONS]\n\n"
                "Plateau: hybrid quantum-classical PINNs and barren plateaus, headless.\n\n"
                "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun 'plateau-cli COMMAND --help' for the options of a command.\n"
                "Every command accepts --json, --seed and --threads.\n");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  /* Numbers in files and JSON are always written with '.' whatever the locale. */
  setlocale (LC_NUMERIC, "C");
  g_set_prgname ("plateau-cli");

  if (argc < 2)
    {
      usage (stderr);
      return 2;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      usage (stdout);
      return 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("plateau-cli %s\n", PACKAGE_VERSION);
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  fprintf (stderr, "plateau-cli: unknown command '%s' (try 'plateau-cli --help')\n", argv[1]);
  return 2;
}
