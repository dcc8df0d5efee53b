/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-presets.c: `plateau-cli presets`: the preset experiments, one line each (or a JSON
 * array with --json).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli.h"

#include <stdio.h>

int
cli_cmd_presets (int    argc,
                 char **argv)
{
  CliCommon common = { .command = "presets" };
  g_auto(GStrv) names = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  int status = 0;

  if (!cli_parse (&common, NULL, "List the preset experiments (train one with "
                  "'plateau-cli train --preset NAME').", NULL, &argc, &argv))
    return 2;
  if (argc > 1)
    return cli_fail_literal (&common, "presets takes no arguments");

  names = pl_experiment_preset_names ();
  json_builder_begin_array (b);
  if (!common.json)
    printf ("%-28s %-22s %-10s %s\n", "NAME", "PROBLEM", "MODEL", "DESCRIPTION");
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlExperiment) e = pl_experiment_load_preset (names[i], &error);
      const char *problem;

      if (e == NULL)
        {
          /* a broken preset is reported, the others are still listed */
          fprintf (stderr, "plateau-cli presets: %s\n", error->message);
          status = 1;
          continue;
        }
      problem = e->is_custom ? e->def.name : e->problem_name;
      if (!common.json)
        printf ("%-28s %-22s %-10s %s\n", names[i], problem,
                pl_model_kind_to_string (e->model.kind), e->description ? e->description : "");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, names[i]);
      json_builder_set_member_name (b, "problem");
      json_builder_add_string_value (b, problem);
      json_builder_set_member_name (b, "model");
      json_builder_add_string_value (b, pl_model_kind_to_string (e->model.kind));
      json_builder_set_member_name (b, "description");
      json_builder_add_string_value (b, e->description ? e->description : "");
      json_builder_set_member_name (b, "steps");
      json_builder_add_int_value (b, (gint64) e->steps);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  if (common.json)
    cli_print_json (root);
  return status;
}
