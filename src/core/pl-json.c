/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-json.h"

#include <string.h>

char *
pl_json_to_string (JsonNode *node,
                   gboolean  pretty)
{
  g_autofree char *raw = NULL;
  GString *out;
  gboolean in_string = FALSE;

  g_return_val_if_fail (node != NULL, NULL);

  raw = json_to_string (node, pretty);
  out = g_string_sized_new (strlen (raw));
  for (const char *p = raw; *p != '\0'; p++)
    {
      if (in_string)
        {
          g_string_append_c (out, *p);
          if (*p == '\\' && p[1] != '\0')
            g_string_append_c (out, *++p);
          else if (*p == '"')
            in_string = FALSE;
          continue;
        }
      if (*p == '"')
        in_string = TRUE;

      /* Outside strings an 'e' after a digit can only be a number's exponent (the e of true
       * and false follows a letter). Copy the exponent and drop a ".0" glued to it. */
      if ((*p == 'e' || *p == 'E') && p > raw && g_ascii_isdigit (p[-1]))
        {
          g_string_append_c (out, *p++);
          if (*p == '+' || *p == '-')
            g_string_append_c (out, *p++);
          while (g_ascii_isdigit (*p))
            g_string_append_c (out, *p++);
          if (p[0] == '.' && p[1] == '0' && !g_ascii_isdigit (p[2]))
            p += 2;
          p--;
          continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}
