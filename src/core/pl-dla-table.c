/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-dla-table.c: the small data structures of the DLA code: an open-addressing hash set of
 * Pauli strings that numbers them in insertion order, union-find, the progress ticker.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-dla-private.h"
#include "pl-error.h"

#include <string.h>

/* splitmix64's finaliser: the masks of neighbouring strings differ in few bits, and linear
 * probing needs those spread over the whole slot index. */
static inline guint64
hash_string (PlPauliString p)
{
  guint64 h = p.x * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ p.z;

  h ^= h >> 30;
  h *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  h ^= h >> 27;
  h *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  h ^= h >> 31;
  return h;
}

void
_dla_table_init (DlaTable *t)
{
  memset (t, 0, sizeof *t);
  t->n_slots = 64;
  t->slots = g_new0 (guint32, t->n_slots);
  t->capacity = 32;
  t->keys = g_new (PlPauliString, t->capacity);
}

void
_dla_table_clear (DlaTable *t)
{
  g_clear_pointer (&t->keys, g_free);
  g_clear_pointer (&t->slots, g_free);
  t->n = t->n_slots = t->capacity = 0;
}

guint32
_dla_table_lookup (const DlaTable *t,
                   PlPauliString   p)
{
  gsize mask = t->n_slots - 1;

  for (gsize i = hash_string (p) & mask;; i = (i + 1) & mask)
    {
      guint32 s = t->slots[i];

      if (s == 0)
        return DLA_NONE;
      if (t->keys[s - 1].x == p.x && t->keys[s - 1].z == p.z)
        return s - 1;
    }
}

static void
rehash (DlaTable *t)
{
  gsize n_slots = 2 * t->n_slots, mask = n_slots - 1;

  g_free (t->slots);
  t->slots = g_new0 (guint32, n_slots);
  t->n_slots = n_slots;
  for (gsize k = 0; k < t->n; k++)
    {
      gsize i = hash_string (t->keys[k]) & mask;

      while (t->slots[i] != 0)
        i = (i + 1) & mask;
      t->slots[i] = (guint32) k + 1;
    }
}

guint32
_dla_table_insert (DlaTable      *t,
                   PlPauliString  p,
                   gboolean      *added)
{
  gsize mask = t->n_slots - 1, i;

  for (i = hash_string (p) & mask; t->slots[i] != 0; i = (i + 1) & mask)
    {
      guint32 s = t->slots[i];

      if (t->keys[s - 1].x == p.x && t->keys[s - 1].z == p.z)
        {
          if (added)
            *added = FALSE;
          return s - 1;
        }
    }
  g_assert (t->n < G_MAXUINT32 - 1);
  if (t->n == t->capacity)
    {
      t->capacity *= 2;
      t->keys = g_renew (PlPauliString, t->keys, t->capacity);
    }
  t->keys[t->n] = p;
  t->slots[i] = (guint32) t->n + 1;
  t->n++;
  if (added)
    *added = TRUE;
  /* load factor at most 1/2 keeps probe runs short */
  if (2 * t->n > t->n_slots)
    rehash (t);
  return (guint32) t->n - 1;
}

guint32
_dla_find (guint32 *parent,
           guint32  i)
{
  guint32 root = i;

  while (parent[root] != root)
    root = parent[root];
  while (parent[i] != root)
    {
      guint32 next = parent[i];

      parent[i] = root;
      i = next;
    }
  return root;
}

void
_dla_union (guint32 *parent,
            guint32  a,
            guint32  b)
{
  a = _dla_find (parent, a);
  b = _dla_find (parent, b);
  /* the smaller index as the root keeps component numbering in discovery order */
  if (a < b)
    parent[b] = a;
  else if (b < a)
    parent[a] = b;
}

gboolean
_dla_tick (DlaTicker  *ticker,
           guint64     done,
           guint64     total,
           GError    **error)
{
  gint64 now = g_get_monotonic_time ();

  if (ticker == NULL || now - ticker->last < 100000)
    return TRUE;
  ticker->last = now;
  if (g_cancellable_is_cancelled (ticker->cancellable))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_CANCELLED,
                           "the DLA computation was cancelled");
      return FALSE;
    }
  if (ticker->progress != NULL)
    ticker->progress (done, total, ticker->user_data);
  return TRUE;
}

void
_dla_vectors_init (DlaVectors *v)
{
  gsize zero = 0;

  v->n = 0;
  v->start = g_array_new (FALSE, FALSE, sizeof (gsize));
  v->idx = g_array_new (FALSE, FALSE, sizeof (guint32));
  v->val = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_val (v->start, zero);
}

void
_dla_vectors_clear (DlaVectors *v)
{
  g_clear_pointer (&v->start, g_array_unref);
  g_clear_pointer (&v->idx, g_array_unref);
  g_clear_pointer (&v->val, g_array_unref);
  v->n = 0;
}
