/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preset experiments: NAME.json files in $PLATEAU_PRESET_DIR, the source tree's data/presets
 * (so an uninstalled build finds them) and the installed datadir, searched in that order.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-experiment.h"
#include "pl-error.h"

#include <string.h>

static GPtrArray *
preset_dirs (void)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  const char *env = g_getenv ("PLATEAU_PRESET_DIR");

  if (env != NULL && env[0] != '\0')
    g_ptr_array_add (dirs, g_strdup (env));
  g_ptr_array_add (dirs, g_build_filename (PLATEAU_SOURCE_DATADIR, "presets", NULL));
  g_ptr_array_add (dirs, g_build_filename (PLATEAU_DATADIR, "presets", NULL));
  return dirs;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

char **
pl_experiment_preset_names (void)
{
  g_autoptr(GPtrArray) dirs = preset_dirs ();
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < dirs->len; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (dirs->pdata[i], 0, NULL);
      const char *file;

      if (dir == NULL)
        continue;
      while ((file = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *name = NULL;
          gboolean dup = FALSE;

          if (!g_str_has_suffix (file, ".json") || file[0] == '.')
            continue;
          name = g_strndup (file, strlen (file) - 5);
          for (guint k = 0; k < names->len && !dup; k++)
            dup = g_str_equal (names->pdata[k], name);
          if (!dup)
            g_ptr_array_add (names, g_steal_pointer (&name));
        }
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

static gboolean
valid_name (const char *name)
{
  if (name[0] == '\0' || name[0] == '.')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

char *
pl_experiment_preset_path (const char  *name,
                           GError     **error)
{
  g_autoptr(GPtrArray) dirs = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  if (valid_name (name))
    {
      g_autofree char *file = g_strconcat (name, ".json", NULL);

      dirs = preset_dirs ();
      for (guint i = 0; i < dirs->len; i++)
        {
          char *path = g_build_filename (dirs->pdata[i], file, NULL);

          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            return path;
          g_free (path);
        }
    }
  {
    g_auto(GStrv) names = pl_experiment_preset_names ();
    g_autofree char *list = g_strjoinv (", ", names);

    g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "unknown preset '%s' (%s)", name,
                 names[0] != NULL ? list : "no presets are installed");
  }
  return NULL;
}

PlExperiment *
pl_experiment_load_preset (const char  *name,
                           GError     **error)
{
  g_autofree char *path = pl_experiment_preset_path (name, error);

  if (path == NULL)
    return NULL;
  return pl_experiment_load (path, error);
}
