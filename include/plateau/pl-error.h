/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-error.h: the error domain of libplateau. Every failure a user can cause (bad input, too
 * little memory, unreadable files, cancellation) is reported as a GError in PL_ERROR.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

#define PL_ERROR (pl_error_quark ())

typedef enum {
  PL_ERROR_INVALID_ARGUMENT, /* a value out of its range, an unknown name */
  PL_ERROR_PARSE,            /* text that does not parse (Pauli strings, QASM, expressions, JSON) */
  PL_ERROR_NO_MEMORY,        /* a request larger than the machine can hold */
  PL_ERROR_NUMERIC,          /* NaN / Inf / divergence */
  PL_ERROR_IO,               /* files */
  PL_ERROR_CANCELLED,        /* the caller asked to stop */
  PL_ERROR_UNSUPPORTED,      /* a valid request this build or method cannot serve */
} PlError;

GQuark pl_error_quark (void);

/* Allocate n bytes aligned to 64 bytes, or set PL_ERROR_NO_MEMORY naming @what. The size is
 * checked against the machine's physical memory first, so a request that could only be met by
 * overcommit (and then an OOM kill) fails cleanly instead. Free with pl_aligned_free(). */
gpointer pl_aligned_alloc (gsize        n_bytes,
                           const char  *what,
                           GError     **error);
void     pl_aligned_free  (gpointer     mem);

/* Physical memory of this machine in bytes (0 when unknown). */
guint64  pl_physical_memory (void);

G_END_DECLS
