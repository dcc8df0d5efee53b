/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-json.h: JSON text from a JsonNode tree that parses back exactly.
 *
 * json-glib 1.6 (Debian 12) appends ".0" to every double whose text has no '.', including
 * ones in exponent form: 1e-8 becomes "1e-08.0", which no JSON parser (json-glib's own
 * included) reads back. Checkpoints and experiment files hold such values (Adam's default
 * epsilon), so everything Plateau writes as JSON goes through pl_json_to_string().
 *
 * Who calls this: anything that writes JSON text (optimizer checkpoints, experiment files,
 * result summaries).
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* json_to_string() with doubles in exponent form repaired. Finite doubles are written with 17
 * significant digits and read back bit-identically by json_from_string(). (NaN and infinities
 * have no JSON form; keep them out of trees meant for text.) */
char *pl_json_to_string (JsonNode *node,
                         gboolean  pretty);

G_END_DECLS
