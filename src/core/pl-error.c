/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-error.h"

#include <stdlib.h>
#include <unistd.h>

G_DEFINE_QUARK (pl-error-quark, pl_error)

guint64
pl_physical_memory (void)
{
  long pages = sysconf (_SC_PHYS_PAGES);
  long page_size = sysconf (_SC_PAGESIZE);

  if (pages <= 0 || page_size <= 0)
    return 0;
  return (guint64) pages * (guint64) page_size;
}

gpointer
pl_aligned_alloc (gsize        n_bytes,
                  const char  *what,
                  GError     **error)
{
  guint64 phys = pl_physical_memory ();
  void *mem = NULL;

  if (n_bytes == 0)
    n_bytes = 64;

  if (n_bytes == G_MAXSIZE || (phys > 0 && n_bytes > phys))
    {
      g_autofree char *need = g_format_size_full (n_bytes, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *have = g_format_size_full (phys, G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, PL_ERROR, PL_ERROR_NO_MEMORY,
                   "%s needs %s of memory, but this machine has %s",
                   what, n_bytes == G_MAXSIZE ? "more than 16 EiB" : need, have);
      return NULL;
    }

  if (posix_memalign (&mem, 64, n_bytes) != 0 || mem == NULL)
    {
      g_autofree char *need = g_format_size_full (n_bytes, G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, PL_ERROR, PL_ERROR_NO_MEMORY,
                   "%s needs %s of memory, which could not be allocated", what, need);
      return NULL;
    }
  return mem;
}

void
pl_aligned_free (gpointer mem)
{
  free (mem);
}
