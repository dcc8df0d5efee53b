/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fuzz-experiment: libFuzzer target for experiment files (pl-experiment). Each input is
 * loaded as an experiment. A rejected input must carry one PL_ERROR message of valid UTF-8
 * on one line. An accepted one must build its problem and model, and save and load back to an
 * equal experiment whose text is the same. Anything else (crash, sanitizer report, GLib
 * critical, broken property) aborts.
 */
#include <plateau/plateau.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_message (const char *what,
               const char *message)
{
  if (message == NULL || message[0] == '\0' || !g_utf8_validate (message, -1, NULL) ||
      strchr (message, '\n') != NULL)
    {
      fprintf (stderr, "bad %s message: '%s'\n", what, message ? message : "(null)");
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean initialised;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlExperiment) e = NULL;
  g_autoptr(PlExperiment) back = NULL;
  g_autoptr(PlProblem) problem = NULL;
  g_autoptr(PlModel) model = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;

  if (!initialised)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      initialised = TRUE;
    }
  if (size > 65536)
    return 0;

  e = pl_experiment_load_from_data ((const char *) data, (gssize) size, &error);
  if (e == NULL)
    {
      if (error == NULL || error->domain != PL_ERROR)
        abort ();
      check_message ("error", error->message);
      return 0;
    }
  for (const char *const *w = pl_experiment_get_warnings (e); *w != NULL; w++)
    check_message ("warning", *w);

  /* a loaded experiment always builds */
  problem = pl_experiment_build_problem (e, &error);
  if (problem == NULL)
    {
      fprintf (stderr, "loaded, but the problem does not build: %s\n", error->message);
      abort ();
    }
  model = pl_experiment_build_model (e, problem, &error);
  if (model == NULL)
    {
      fprintf (stderr, "loaded, but the model does not build: %s\n", error->message);
      abort ();
    }

  /* and round-trips exactly */
  text = pl_experiment_to_data (e);
  back = pl_experiment_load_from_data (text, -1, &error);
  if (back == NULL)
    {
      fprintf (stderr, "saved text does not load: %s\n%s\n", error->message, text);
      abort ();
    }
  text2 = pl_experiment_to_data (back);
  if (!pl_experiment_equal (e, back) || strcmp (text, text2) != 0)
    {
      fprintf (stderr, "round trip changed the experiment:\n%s\n---\n%s\n", text, text2);
      abort ();
    }
  return 0;
}
