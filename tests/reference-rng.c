/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "reference.h"

#include <stdlib.h>

guint64
ref_test_seed (void)
{
  const char *s = g_getenv ("PLATEAU_TEST_SEED");

  if (s != NULL && *s != '\0')
    return g_ascii_strtoull (s, NULL, 10);
  return 20261121;
}
