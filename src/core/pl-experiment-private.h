/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the experiment loader's files: reading typed members with errors that name their
 * JSON path, warnings for unknown members, and the per-section readers and writers.
 */
#pragma once

#include "pl-experiment.h"

G_BEGIN_DECLS

/* "model" + "hidden" -> "model.hidden"; an empty parent gives the member alone. */
char       *_pl_exp_path        (const char   *parent,
                                 const char   *member);
/* A short description of what a node holds, for "got ..." in messages. */
char       *_pl_exp_describe    (JsonNode     *node);
gboolean    _pl_exp_fail        (GError      **error,
                                 const char   *path,
                                 const char   *format,
                                 ...) G_GNUC_PRINTF (3, 4);

/* @node must be an object; warns about members not in @known (NULL-terminated). */
JsonObject *_pl_exp_object      (JsonNode            *node,
                                 const char          *path,
                                 const char *const   *known,
                                 PlExperiment        *e,
                                 GError             **error);
void        _pl_exp_warn        (PlExperiment        *e,
                                 const char          *format,
                                 ...) G_GNUC_PRINTF (2, 3);

/* Readers of member @member of @o (path @parent.@member). A missing member (or, where
 * @allow_null, a null one) leaves *out as it is. */
gboolean    _pl_exp_read_bool   (JsonObject  *o,
                                 const char  *parent,
                                 const char  *member,
                                 gboolean    *out,
                                 GError     **error);
gboolean    _pl_exp_node_uint   (JsonNode    *node,
                                 const char  *path,
                                 guint64      lo,
                                 guint64      hi,
                                 guint64     *out,
                                 GError     **error);
gboolean    _pl_exp_read_uint   (JsonObject  *o,
                                 const char  *parent,
                                 const char  *member,
                                 guint64      lo,
                                 guint64      hi,
                                 guint       *out,
                                 GError     **error);
gboolean    _pl_exp_read_uint64 (JsonObject  *o,
                                 const char  *parent,
                                 const char  *member,
                                 guint64      lo,
                                 guint64      hi,
                                 guint64     *out,
                                 GError     **error);
/* weights.causal against the problem: a time axis and an interior term. */
gboolean    _pl_exp_check_causal (const PlExperiment *e,
                                  const PlProblem    *problem,
                                  GError            **error);
gboolean    _pl_exp_node_double (JsonNode    *node,
                                 const char  *path,
                                 double      *out,
                                 GError     **error);
gboolean    _pl_exp_read_double (JsonObject  *o,
                                 const char  *parent,
                                 const char  *member,
                                 double      *out,
                                 GError     **error);
/* Strings are copied into the experiment's chunk; at most 1 MiB, valid UTF-8, no NUL. */
gboolean    _pl_exp_node_string (PlExperiment *e,
                                 JsonNode     *node,
                                 const char   *path,
                                 gboolean      allow_null,
                                 const char  **out,
                                 GError      **error);
gboolean    _pl_exp_read_string (PlExperiment *e,
                                 JsonObject   *o,
                                 const char   *parent,
                                 const char   *member,
                                 gboolean      allow_null,
                                 const char  **out,
                                 GError      **error);
/* @node must be an array of at most @max elements. */
JsonArray  *_pl_exp_array       (JsonNode     *node,
                                 const char   *path,
                                 guint         max,
                                 GError      **error);
char       *_pl_exp_strdup      (PlExperiment *e,
                                 const char   *s);

/* Builders: doubles that are integers stay doubles ("1.0"), so types survive a round trip. */
void        _pl_exp_add_string  (JsonBuilder *b,
                                 const char  *member,
                                 const char  *value);
void        _pl_exp_add_double  (JsonBuilder *b,
                                 const char  *member,
                                 double       value);
void        _pl_exp_add_int     (JsonBuilder *b,
                                 const char  *member,
                                 gint64       value);
void        _pl_exp_add_bool    (JsonBuilder *b,
                                 const char  *member,
                                 gboolean     value);

/* Sections. Readers fill @e from @node (NULL: the member is missing, keep the defaults). */
gboolean    _pl_exp_read_problem  (PlExperiment *e,
                                   JsonNode     *node,
                                   GError      **error);
void        _pl_exp_write_problem (const PlExperiment *e,
                                   JsonBuilder        *b);
gboolean    _pl_exp_read_model    (PlExperiment *e,
                                   JsonNode     *node,
                                   GError      **error);
void        _pl_exp_write_model   (const PlExperiment *e,
                                   JsonBuilder        *b);
gboolean    _pl_exp_read_circuit  (PlExperiment *e,
                                   JsonNode     *node,
                                   GError      **error);
void        _pl_exp_write_circuit (const PlExperiment *e,
                                   JsonBuilder        *b);
gboolean    _pl_exp_read_observables (PlExperiment *e,
                                      JsonNode     *node,
                                      GError      **error);
gboolean    _pl_exp_read_sampling (PlExperiment *e,
                                   JsonNode     *node,
                                   GError      **error);
gboolean    _pl_exp_read_weights  (PlExperiment *e,
                                   JsonNode     *node,
                                   GError      **error);
gboolean    _pl_exp_read_optimizer (PlExperiment *e,
                                    JsonNode     *node,
                                    GError      **error);
gboolean    _pl_exp_read_training (PlExperiment *e,
                                   JsonNode     *node,
                                   GError      **error);
/* sampling, weights, optimizer, training */
void        _pl_exp_write_training (const PlExperiment *e,
                                    JsonBuilder        *b);

/* Cross-field checks after every section was read: term names against the problem, the
 * model and circuit against each other. */
gboolean    _pl_exp_check_terms   (const PlExperiment *e,
                                   const PlProblem    *problem,
                                   GError            **error);

/* training.shots against the model: it must have a circuit that parameter shifts can
 * differentiate at the problem's jet order. */
/* training.time_windows against the problem (a t axis) and the first optimiser's steps. */
gboolean    _pl_exp_check_time_windows (const PlExperiment *e,
                                        const PlProblem    *problem,
                                        GError            **error);

gboolean    _pl_exp_check_shots   (const PlExperiment *e,
                                   const PlProblem    *problem,
                                   const PlModel      *model,
                                   GError            **error);

gboolean    _pl_exp_problem_equal (const PlExperiment *a,
                                   const PlExperiment *b);
gboolean    _pl_exp_circuit_equal (const PlExperiment *a,
                                   const PlExperiment *b);

G_END_DECLS
