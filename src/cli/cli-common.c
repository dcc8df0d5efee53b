/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli.h"

#include <plateau/plateau.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

gboolean
cli_parse (CliCommon          *common,
           const char         *parameter_string,
           const char         *summary,
           const GOptionEntry *entries,
           int                *argc,
           char             ***argv)
{
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = g_strdup_printf ("%s%s%s", common->command,
                                            parameter_string ? " " : "",
                                            parameter_string ? parameter_string : "");
  const GOptionEntry common_entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &common->json,
      "Print a JSON summary as the last line of stdout", NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &common->seed,
      "Seed of every random choice (default 1)", "S" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &common->threads,
      "Worker threads (default: all cores)", "N" },
    { NULL }
  };

  common->seed = 1;
  ctx = g_option_context_new (title);
  g_option_context_set_summary (ctx, summary);
  g_option_context_set_ignore_unknown_options (ctx, common->pass_unknown);
  if (entries != NULL)
    g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_main_entries (ctx, common_entries, NULL);

  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      fprintf (stderr, "plateau-cli %s: %s\n", common->command, error->message);
      return FALSE;
    }
  if (common->threads < 0 || common->threads > 1024)
    {
      fprintf (stderr, "plateau-cli %s: --threads must be between 0 (all cores) and 1024, "
                       "not %d\n", common->command, common->threads);
      return FALSE;
    }
  if (common->seed < 0)
    {
      fprintf (stderr, "plateau-cli %s: --seed must be a non-negative integer, not %"
                       G_GINT64_FORMAT "\n", common->command, common->seed);
      return FALSE;
    }
  return TRUE;
}

int
cli_fail (const CliCommon *common,
          const GError    *error)
{
  fprintf (stderr, "plateau-cli %s: %s\n", common->command, error->message);
  if (error->domain == PL_ERROR &&
      (error->code == PL_ERROR_INVALID_ARGUMENT || error->code == PL_ERROR_PARSE ||
       error->code == PL_ERROR_NO_MEMORY || error->code == PL_ERROR_UNSUPPORTED))
    return 2;
  return 1;
}

int
cli_fail_literal (const CliCommon *common,
                  const char      *message)
{
  fprintf (stderr, "plateau-cli %s: %s\n", common->command, message);
  return 2;
}

void
cli_print_json (JsonNode *root)
{
  /* pl_json_to_string: json-glib alone writes 1e-08 as "1e-08.0", which no parser reads */
  g_autofree char *text = pl_json_to_string (root, FALSE);

  printf ("%s\n", text);
  fflush (stdout);
}

guint
cli_threads (const CliCommon *common)
{
  return common->threads > 0 ? (guint) common->threads : g_get_num_processors ();
}

gboolean
cli_parse_doubles (const char  *text,
                   GArray     **out,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_auto(GStrv) tokens = NULL;
  const char *src = text;

  if (g_file_test (text, G_FILE_TEST_IS_REGULAR))
    {
      gsize len;

      if (!g_file_get_contents (text, &contents, &len, error))
        return FALSE;
      if (len > 64 * 1024 * 1024)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "'%s' is larger than 64 MiB", text);
          return FALSE;
        }
      src = contents;
    }

  tokens = g_regex_split_simple ("[\\s,;]+", src, 0, 0);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      char *end;
      double v;

      if (tokens[i][0] == '\0')
        continue;
      errno = 0;
      v = g_ascii_strtod (tokens[i], &end);
      if (*end != '\0' || errno == ERANGE || !isfinite (v))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_PARSE,
                       "'%s' is not a finite number (value %u of %s)", tokens[i], values->len + 1,
                       contents != NULL ? text : "the list");
          return FALSE;
        }
      g_array_append_val (values, v);
    }
  *out = g_steal_pointer (&values);
  return TRUE;
}
