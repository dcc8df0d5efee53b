/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-qlayer-shift-set.c: the patterns, shift points and coefficient terms of a parameter-shift
 * expansion (see pl-qlayer-shift.c for the maths).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-qlayer-shift-private.h"

#include <math.h>

/* 16 bits an entry: (jet step + 1) << 1 | sign, so distinct points get distinct keys while
 * there are fewer than 2^15 - 1 jet steps. */
static guint64
pack_point (const ShiftPoint *p)
{
  guint64 key = 0;

  for (guint i = 0; i < p->n; i++)
    key |= ((((guint64) p->g[i] + 1) << 1) | (p->sign[i] > 0)) << (16 * i);
  return key;
}

static guint
point_index (PlShiftSet       *set,
             const ShiftPoint *p)
{
  guint64 key = pack_point (p);
  gpointer found;

  found = g_hash_table_lookup (set->index, &key);
  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  g_array_append_val (set->points, *p);
  {
    guint64 *k = g_new (guint64, 1);
    *k = key;
    g_hash_table_insert (set->index, k, GUINT_TO_POINTER (set->points->len));
  }
  return set->points->len - 1;
}

/* The terms of pattern m: the tensor product of the per-gate functionals. */
static void
add_terms (PlShiftSet *set,
           Pattern    *m)
{
  guint n_combos = 1;

  m->first_term = set->terms->len;
  for (guint i = 0; i < m->n; i++)
    n_combos *= m->type[i] == B_SIN ? 2 : 3;
  for (guint c = 0; c < n_combos; c++)
    {
      ShiftPoint p = { 0 };
      double weight = 1.0;
      guint rest = c;
      Term t;

      for (guint i = 0; i < m->n; i++)
        {
          guint choices = m->type[i] == B_SIN ? 2 : 3;
          guint pick = rest % choices;

          rest /= choices;
          if (m->type[i] == B_SIN)
            {
              /* (f(+) - f(-)) / 2 */
              p.g[p.n] = m->g[i];
              p.sign[p.n++] = pick == 0 ? 1 : -1;
              weight *= pick == 0 ? 0.5 : -0.5;
            }
          else if (pick == 2)
            weight *= 1.0;          /* f(0): gate not shifted */
          else
            {
              /* - (f(+) + f(-)) / 2 */
              p.g[p.n] = m->g[i];
              p.sign[p.n++] = pick == 0 ? 1 : -1;
              weight *= -0.5;
            }
        }
      t.point = point_index (set, &p);
      t.weight = weight;
      g_array_append_val (set->terms, t);
    }
  m->n_terms = set->terms->len - m->first_term;
}

static void
enumerate (PlShiftSet *set,
           Pattern    *m,
           guint       next,
           guint       n_jet,
           guint       order_left)
{
  Pattern copy = *m;

  add_terms (set, &copy);
  g_array_append_val (set->patterns, copy);
  if (m->n == PL_SHIFT_MAX_SUPPORT)
    return;
  for (guint g = next; g < n_jet; g++)
    for (guint type = B_SIN; type <= B_COSM1; type++)
      {
        if (type > order_left)
          continue;
        m->g[m->n] = g;
        m->type[m->n] = type;
        m->n++;
        enumerate (set, m, g + 1, n_jet, order_left - type);
        m->n--;
      }
}

/* The number of points of an expansion of J jet steps to @order, without building it:
 * sum over supports S with |S| <= order of 2^|S| C(J, |S|). */
double
_pl_shift_count_points (guint J,
                        guint order)
{
  double total = 0, binom = 1;

  for (guint k = 0; k <= MIN (order, (guint) PL_SHIFT_MAX_SUPPORT) && k <= J; k++)
    {
      total += ldexp (binom, (int) k);
      binom = binom * (J - k) / (k + 1);
    }
  return total;
}

void
_pl_shift_set_free (PlShiftSet *set)
{
  if (set == NULL)
    return;
  g_array_unref (set->patterns);
  g_array_unref (set->terms);
  g_array_unref (set->points);
  g_hash_table_unref (set->index);
  g_free (set);
}

PlShiftSet *
_pl_shift_set_new (guint n_jet,
                   guint order)
{
  PlShiftSet *set = g_new0 (PlShiftSet, 1);
  Pattern root = { 0 };

  set->order = order;
  set->patterns = g_array_new (FALSE, FALSE, sizeof (Pattern));
  set->terms = g_array_new (FALSE, FALSE, sizeof (Term));
  set->points = g_array_new (FALSE, FALSE, sizeof (ShiftPoint));
  set->index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  enumerate (set, &root, 0, n_jet, order);
  return set;
}
