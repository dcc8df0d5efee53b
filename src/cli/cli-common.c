/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli.h"

#include <plateau/plateau.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void
cli_json_add_double (JsonBuilder *jb,
                     const char  *name,
                     double       v)
{
  json_builder_set_member_name (jb, name);
  if (isfinite (v))
    json_builder_add_double_value (jb, v);
  else
    json_builder_add_null_value (jb);
}

void
cli_csv_append_double (GString *s,
                       double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (v))
    g_string_append (s, "nan");
  else if (isinf (v))
    g_string_append (s, v > 0 ? "inf" : "-inf");
  else
    g_string_append (s, g_ascii_dtostr (buf, sizeof buf, v));
}

guint
cli_threads (const CliCommon *common)
{
  return common->threads > 0 ? (guint) common->threads : g_get_num_processors ();
}

gboolean
cli_has_option (int          argc,
                char       **argv,
                const char  *option)
{
  gsize len = strlen (option);

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (strncmp (argv[i], option, len) == 0 && (argv[i][len] == '\0' || argv[i][len] == '='))
        return TRUE;
    }
  return FALSE;
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

gboolean
cli_parse_counts (const char  *option,
                  const char  *text,
                  guint        lo,
                  guint        hi,
                  GArray     **out,
                  GError     **error)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto(GStrv) items = g_strsplit (text, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_strstrip (items[i]), ":", -1);
      guint n_parts = g_strv_length (parts);
      guint64 v[3] = { 0, 0, 1 };

      if (n_parts < 1 || n_parts > 3)
        goto bad;
      for (guint j = 0; j < n_parts; j++)
        if (!g_ascii_string_to_unsigned (g_strstrip (parts[j]), 10, 0, G_MAXUINT, &v[j], NULL))
          goto bad;
      if (n_parts == 1)
        v[1] = v[0];
      if (v[1] < v[0] || v[2] == 0)
        goto bad;
      for (guint64 x = v[0]; x <= v[1]; x += v[2])
        {
          guint u = (guint) x;
          gboolean dup = FALSE;

          if (x < lo || x > hi)
            {
              g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "%s: %u is out of range (%u to %u)", option, u, lo, hi);
              return FALSE;
            }
          for (guint k = 0; k < values->len; k++)
            dup |= g_array_index (values, guint, k) == u;
          if (!dup)
            g_array_append_val (values, u);
          if (values->len > 10000)
            {
              g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "%s: more than 10000 values", option);
              return FALSE;
            }
        }
      continue;
bad:
      g_set_error (error, PL_ERROR, PL_ERROR_PARSE,
                   "%s: '%s' is not a count or a range like 2:12 or 2:12:2", option, items[i]);
      return FALSE;
    }
  if (values->len == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "%s: no values given", option);
      return FALSE;
    }
  *out = g_steal_pointer (&values);
  return TRUE;
}

gboolean
cli_ensure_dir (const char  *dir,
                GError     **error)
{
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, PL_ERROR, PL_ERROR_IO, "cannot create directory '%s': %s", dir,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
cli_write_file (const char  *path,
                const char  *text,
                GError     **error)
{
  g_autoptr(GError) local = NULL;

  /* g_file_set_contents writes a temporary file and renames it over the target */
  if (!g_file_set_contents (path, text, -1, &local))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_IO, "cannot write '%s': %s", path, local->message);
      return FALSE;
    }
  return TRUE;
}

void
cli_template_entries (CliTemplate  *t,
                      GOptionEntry *e)
{
  const GOptionEntry entries[] = {
    { "template", 't', 0, G_OPTION_ARG_STRING, &t->template_name,
      "Circuit template: hea, sim1..sim19, mcclean, tfim, qaoa-ring, reupload, strong", "NAME" },
    { "rotations", 0, 0, G_OPTION_ARG_STRING, &t->rotations,
      "hea/reupload rotation set, e.g. ry,rz", "LIST" },
    { "entangler", 0, 0, G_OPTION_ARG_STRING, &t->entangler,
      "Entangler topology: line, ring, all, none", "TOPOLOGY" },
    { "entangler-gate", 0, 0, G_OPTION_ARG_STRING, &t->entangler_gate,
      "Entangling gate: cnot or cz", "GATE" },
    { "periodic", 0, 0, G_OPTION_ARG_NONE, &t->periodic, "tfim: periodic boundary", NULL },
    { "per-term", 0, 0, G_OPTION_ARG_NONE, &t->per_term,
      "tfim/qaoa-ring: one parameter per term", NULL },
    { "features", 0, 0, G_OPTION_ARG_INT, &t->features,
      "reupload: number of input features (default 1)", "D" },
    { NULL }
  };

  memcpy (e, entries, sizeof entries);
}

void
cli_template_options (const CliTemplate *t,
                      const CliCommon   *common,
                      guint              n_qubits,
                      guint              n_layers,
                      PlTemplateOptions *out)
{
  memset (out, 0, sizeof *out);
  out->n_qubits = n_qubits;
  out->n_layers = n_layers;
  out->rotations = t->rotations;
  out->entangler = t->entangler;
  out->entangler_gate = t->entangler_gate;
  out->seed = (guint64) common->seed;
  out->periodic = t->periodic;
  out->per_term = t->per_term;
  out->n_inputs = t->features > 0 ? (guint) t->features : 1;
}

PlCircuit *
cli_build_circuit (const CliTemplate  *t,
                   const CliCommon    *common,
                   const char         *qasm_path,
                   gint                n_qubits,
                   GArray            **qasm_params,
                   GError            **error)
{
  PlTemplateOptions topt;

  if (qasm_path != NULL)
    {
      g_autofree char *text = NULL;
      g_autofree double *values = NULL;
      PlCircuit *c;

      if (t->template_name != NULL)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                               "give either --template or --from-qasm, not both");
          return NULL;
        }
      if (!g_file_get_contents (qasm_path, &text, NULL, error))
        return NULL;
      if (!(c = pl_circuit_from_qasm (text, &values, error)))
        {
          g_prefix_error (error, "%s: ", qasm_path);
          return NULL;
        }
      if (qasm_params != NULL)
        {
          *qasm_params = g_array_sized_new (FALSE, FALSE, sizeof (double), c->n_params);
          g_array_append_vals (*qasm_params, values, c->n_params);
        }
      return c;
    }

  if (n_qubits <= 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--qubits must be at least 1, not %d", n_qubits);
      return NULL;
    }
  if (t->layers <= 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--layers must be at least 1, not %d", t->layers);
      return NULL;
    }
  if (t->features < 1)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--features must be at least 1, not %d", t->features);
      return NULL;
    }
  cli_template_options (t, common, (guint) n_qubits, (guint) t->layers, &topt);
  return pl_circuit_new_template (t->template_name ? t->template_name : "hea", &topt, error);
}

void
cli_template_clear (CliTemplate *t)
{
  g_clear_pointer (&t->template_name, g_free);
  g_clear_pointer (&t->rotations, g_free);
  g_clear_pointer (&t->entangler, g_free);
  g_clear_pointer (&t->entangler_gate, g_free);
}

void
cli_hybrid_entries (CliHybrid    *h,
                    GOptionEntry *e)
{
  const GOptionEntry entries[] = {
    { "problem", 'p', 0, G_OPTION_ARG_STRING, &h->problem,
      "Hybrid models: the PINN problem of the loss (default damped-oscillator)", "NAME" },
    { "hidden", 0, 0, G_OPTION_ARG_STRING, &h->hidden,
      "Hybrid models: widths of the hidden layers of the classical part (default 32,32)",
      "LIST" },
    { "points", 0, 0, G_OPTION_ARG_INT, &h->points,
      "Hybrid models: collocation points per term (default: the problem's)", "N" },
    { NULL }
  };

  memcpy (e, entries, sizeof entries);
}

gboolean
cli_hybrid_config (const CliHybrid  *h,
                   PlModelConfig    *out,
                   GError          **error)
{
  pl_model_config_init (out);
  if (h->points < 0 || h->points > 1000000)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--points must be between 1 and 1000000 (0: the problem's), not %d",
                   h->points);
      return FALSE;
    }
  if (h->hidden != NULL)
    {
      g_auto(GStrv) items = g_strsplit (h->hidden, ",", -1);
      guint n = g_strv_length (items);

      if (n == 0 || n > PL_MODEL_MAX_HIDDEN)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "--hidden takes 1 to %d widths, not %u", PL_MODEL_MAX_HIDDEN, n);
          return FALSE;
        }
      for (guint i = 0; i < n; i++)
        {
          guint64 w;

          if (!g_ascii_string_to_unsigned (g_strstrip (items[i]), 10, 1, 4096, &w, NULL))
            {
              g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "--hidden: '%s' is not a width from 1 to 4096", items[i]);
              return FALSE;
            }
          out->hidden[i] = (guint) w;
        }
      out->n_hidden = n;
    }
  return TRUE;
}

const char *
cli_hybrid_problem (const CliHybrid *h)
{
  return h->problem != NULL ? h->problem : "damped-oscillator";
}

void
cli_hybrid_clear (CliHybrid *h)
{
  g_clear_pointer (&h->problem, g_free);
  g_clear_pointer (&h->hidden, g_free);
}

gboolean
cli_sweep_parse (CliSweep      *sw,
                 CliCommon     *common,
                 const char    *summary,
                 GOptionEntry  *entries,
                 int           *argc,
                 char        ***argv)
{
  guint n_entries;

  for (n_entries = 0; entries[n_entries].long_name != NULL; n_entries++)
    ;
  cli_template_entries (&sw->t, entries + n_entries);
  for (; entries[n_entries].long_name != NULL; n_entries++)
    ;
  cli_hybrid_entries (&sw->h, entries + n_entries);
  return cli_parse (common, NULL, summary, entries, argc, argv);
}

gboolean
cli_sweep_check (const CliSweep  *sw,
                 int              argc,
                 char           **argv,
                 const char      *default_qubits,
                 const char      *default_layers,
                 GArray         **qubits,
                 GArray         **layers,
                 GError         **error)
{
  if (argc > 1)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "unexpected argument '%s'",
                   argv[1]);
      return FALSE;
    }
  if (!cli_parse_counts ("--qubits", sw->qubits ? sw->qubits : default_qubits, 1,
                         PL_STATE_MAX_QUBITS, qubits, error) ||
      !cli_parse_counts ("--layers", sw->layers ? sw->layers : default_layers, 1, 10000, layers,
                         error))
    return FALSE;
  if (sw->samples < 3)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "--samples must be at least 3 (a variance needs them), not %d", sw->samples);
      return FALSE;
    }
  return TRUE;
}

void
cli_sweep_clear (CliSweep *sw)
{
  cli_template_clear (&sw->t);
  cli_hybrid_clear (&sw->h);
  g_clear_pointer (&sw->qubits, g_free);
  g_clear_pointer (&sw->layers, g_free);
}
