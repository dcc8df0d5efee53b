/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-landscape-private.h: the chunked, threaded evaluation of an objective at generated
 * points, shared by the slices, trajectories and Hessians of pl-landscape*.c.
 */
#pragma once

#include "pl-landscape.h"

G_BEGIN_DECLS

/* Write the parameters of points [start, start + len) into params[k * len + b]. Called from
 * the computing threads at once: it must only read its data. */
typedef void (*PlPointFill) (gconstpointer  fill_data,
                             gsize          n_params,
                             gsize          start,
                             gsize          len,
                             double        *params);

/* Evaluate @objective at points 0 .. n - 1 made by @fill: values[i] and, with @grads not NULL,
 * grads[i * n_params + k]. Chunks of the objective's batch size go to up to its thread count
 * of workers (the calling thread among them); @cancellable is checked before every chunk and
 * @progress called after each. */
gboolean _pl_objective_run (PlObjective         *objective,
                            gsize                n,
                            PlPointFill          fill,
                            gconstpointer        fill_data,
                            double              *values,
                            double              *grads,
                            PlLandscapeProgress  progress,
                            gpointer             user_data,
                            GCancellable        *cancellable,
                            GError             **error);

/* TRUE when every one of v[0..n) is finite; otherwise an error naming @what and the index. */
gboolean _pl_landscape_check_finite (const double  *v,
                                     gsize          n,
                                     const char    *what,
                                     GError       **error);

G_END_DECLS
