/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-dla-closure.c: Lie closures (see pl-dla.h): the exact breadth-first search over Pauli
 * strings, the peeling of Pauli sums into strings, and the numerical closure of sums.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-dla-private.h"
#include "pl-error.h"

#include <math.h>
#include <string.h>

/* Past this many stored coefficients a Pauli-sum basis is refused rather than swapped. */
#define MAX_ENTRIES ((gsize) 1 << 28)
/* Coefficients below this in a normalised basis element are rounding noise. */
#define DROP_TOL 1e-13
/* A bracket or residual smaller than this times the size of the numbers summed is zero. */
#define NOISE 1e-12

static gboolean
too_large (gsize     dim,
           gsize     max_dim,
           GError  **error)
{
  if (dim <= max_dim)
    return FALSE;
  g_set_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
               "the Lie algebra has more than %" G_GSIZE_FORMAT " dimensions "
               "(the limit; raise max_dim to go on)", max_dim);
  return TRUE;
}

gboolean
_dla_string_closure (const PlPauliString *gens,
                     gsize                n_gens,
                     gsize                max_dim,
                     DlaTicker           *ticker,
                     DlaTable            *table,
                     guint32            **parent_out,
                     GError             **error)
{
  g_autofree PlPauliString *g = NULL;
  g_autofree guint32 *parent = NULL;
  gsize cap = 64, m;

  _dla_table_init (table);
  parent = g_new (guint32, cap);
  for (gsize k = 0; k < n_gens; k++)
    {
      gboolean added;
      guint32 i = _dla_table_insert (table, gens[k], &added);

      if (added)
        {
          if (i >= cap)
            parent = g_renew (guint32, parent, cap *= 2);
          parent[i] = i;
        }
    }
  m = table->n;
  g = g_memdup2 (table->keys, m * sizeof (PlPauliString));
  if (too_large (m, max_dim, error))
    goto fail;

  /* Every bracket {P, G} of an element with a generator is reached; the strings found are
   * the whole algebra because nested brackets with generators span it. */
  for (gsize i = 0; i < table->n; i++)
    {
      PlPauliString p = table->keys[i];

      for (gsize j = 0; j < m; j++)
        {
          PlPauliString r;
          gboolean added;
          guint32 k;

          if (_dla_string_bracket (p, g[j], &r) == 0.0)
            continue;
          k = _dla_table_insert (table, r, &added);
          if (added)
            {
              if (too_large (table->n, max_dim, error))
                goto fail;
              if (k >= cap)
                parent = g_renew (guint32, parent, cap *= 2);
              parent[k] = k;
            }
          /* R anticommutes with both P and G: one component of the frustration graph */
          _dla_union (parent, (guint32) i, k);
          _dla_union (parent, (guint32) j, k);
        }
      if ((i & 255) == 0 && !_dla_tick (ticker, i, table->n, error))
        goto fail;
    }
  *parent_out = g_steal_pointer (&parent);
  return TRUE;

fail:
  _dla_table_clear (table);
  return FALSE;
}

/* --- the numerical closure of Pauli sums --------------------------------------------- */

typedef struct {
  DlaTable   *table;
  DlaVectors *basis;
  /* per string (capacity cap_s) */
  gsize       cap_s;
  double     *w;
  guint8     *mark;
  guint32    *head;    /* inverted index: first entry of the string's list */
  GArray     *touched; /* strings with w != 0 possible */
  /* inverted index entries */
  GArray     *next;
  GArray     *elem;
  GArray     *eval;
  /* per basis element */
  gsize       cap_b;
  double     *dots;
  GArray     *dot_touched;
} SumWork;

static void
grow_strings (SumWork *sw)
{
  gsize old = sw->cap_s;

  if (sw->table->n <= sw->cap_s)
    return;
  while (sw->cap_s < sw->table->n)
    sw->cap_s = MAX (64, 2 * sw->cap_s);
  sw->w = g_renew (double, sw->w, sw->cap_s);
  sw->mark = g_renew (guint8, sw->mark, sw->cap_s);
  sw->head = g_renew (guint32, sw->head, sw->cap_s);
  memset (sw->w + old, 0, (sw->cap_s - old) * sizeof (double));
  memset (sw->mark + old, 0, (sw->cap_s - old));
  for (gsize s = old; s < sw->cap_s; s++)
    sw->head[s] = DLA_NONE;
}

static inline void
touch (SumWork *sw,
       guint32  s)
{
  if (!sw->mark[s])
    {
      sw->mark[s] = 1;
      g_array_append_val (sw->touched, s);
    }
}

static void
reset_work (SumWork *sw)
{
  for (guint t = 0; t < sw->touched->len; t++)
    {
      guint32 s = g_array_index (sw->touched, guint32, t);

      sw->w[s] = 0.0;
      sw->mark[s] = 0;
    }
  g_array_set_size (sw->touched, 0);
}

/* w += {a, b} for two stored vectors (a from @va, b from @vb). Returns 2 |a|_1 |b|_1, a
 * bound on the size of the numbers summed: a bracket that cancels exactly leaves rounding
 * noise of about 1e-16 times that, whatever the norm of the (zero) result. */
static double
accumulate_bracket (SumWork          *sw,
                    const DlaVectors *va,
                    gsize             a,
                    const DlaVectors *vb,
                    gsize             b)
{
  gsize a0 = g_array_index (va->start, gsize, a), a1 = g_array_index (va->start, gsize, a + 1);
  gsize b0 = g_array_index (vb->start, gsize, b), b1 = g_array_index (vb->start, gsize, b + 1);
  double la = 0.0, lb = 0.0;

  for (gsize i = a0; i < a1; i++)
    la += fabs (g_array_index (va->val, double, i));
  for (gsize j = b0; j < b1; j++)
    lb += fabs (g_array_index (vb->val, double, j));
  for (gsize i = a0; i < a1; i++)
    {
      PlPauliString p = sw->table->keys[g_array_index (va->idx, guint32, i)];
      double pa = g_array_index (va->val, double, i);

      for (gsize j = b0; j < b1; j++)
        {
          PlPauliString r;
          double c = _dla_string_bracket (p, sw->table->keys[g_array_index (vb->idx, guint32, j)],
                                          &r);
          guint32 k;

          if (c == 0.0)
            continue;
          k = _dla_table_insert (sw->table, r, NULL);
          grow_strings (sw);
          sw->w[k] += c * pa * g_array_index (vb->val, double, j);
          touch (sw, k);
        }
    }
  return 2.0 * la * lb;
}

static double
work_norm (const SumWork *sw)
{
  double s = 0.0;

  for (guint t = 0; t < sw->touched->len; t++)
    {
      double v = sw->w[g_array_index (sw->touched, guint32, t)];

      s += v * v;
    }
  return sqrt (s);
}

/* One pass of classical Gram-Schmidt: w -= B (B^T w), the dots found through the inverted
 * index so only elements sharing a string with w are visited. */
static void
orthogonalise (SumWork *sw)
{
  const DlaVectors *B = sw->basis;
  guint n_touched = sw->touched->len;

  for (guint t = 0; t < n_touched; t++)
    {
      guint32 s = g_array_index (sw->touched, guint32, t);
      double ws = sw->w[s];

      if (ws == 0.0)
        continue;
      for (guint32 e = sw->head[s]; e != DLA_NONE; e = g_array_index (sw->next, guint32, e))
        {
          guint32 b = g_array_index (sw->elem, guint32, e);

          if (sw->dots[b] == 0.0)
            g_array_append_val (sw->dot_touched, b);
          sw->dots[b] += ws * g_array_index (sw->eval, double, e);
        }
    }
  for (guint t = 0; t < sw->dot_touched->len; t++)
    {
      guint32 b = g_array_index (sw->dot_touched, guint32, t);
      double d = sw->dots[b];
      gsize k0 = g_array_index (B->start, gsize, b), k1 = g_array_index (B->start, gsize, b + 1);

      sw->dots[b] = 0.0;
      for (gsize k = k0; k < k1; k++)
        {
          guint32 s = g_array_index (B->idx, guint32, k);

          sw->w[s] -= d * g_array_index (B->val, double, k);
          touch (sw, s);
        }
    }
  g_array_set_size (sw->dot_touched, 0);
}

/* Append w / norm as a basis element (entries below DROP_TOL dropped). */
static void
append_element (SumWork *sw,
                double   norm)
{
  DlaVectors *B = sw->basis;
  guint32 b = (guint32) B->n;
  gsize end;

  for (guint t = 0; t < sw->touched->len; t++)
    {
      guint32 s = g_array_index (sw->touched, guint32, t);
      double v = sw->w[s] / norm;
      guint32 e = sw->next->len;

      if (fabs (v) <= DROP_TOL)
        continue;
      g_array_append_val (B->idx, s);
      g_array_append_val (B->val, v);
      g_array_append_val (sw->next, sw->head[s]);
      g_array_append_val (sw->elem, b);
      g_array_append_val (sw->eval, v);
      sw->head[s] = e;
    }
  end = B->idx->len;
  g_array_append_val (B->start, end);
  B->n++;
  if (B->n > sw->cap_b)
    {
      gsize old = sw->cap_b;

      sw->cap_b = MAX (64, 2 * sw->cap_b);
      sw->dots = g_renew (double, sw->dots, sw->cap_b);
      memset (sw->dots + old, 0, (sw->cap_b - old) * sizeof (double));
    }
}

gboolean
_dla_sum_closure (const DlaVectors    *gens,
                  gsize                n_string_gens,
                  const guint32       *seed_strings,
                  gsize                n_seed,
                  double               tolerance,
                  gsize                max_dim,
                  gsize                stop_at,
                  DlaTicker           *ticker,
                  DlaTable            *table,
                  DlaVectors          *basis,
                  GError             **error)
{
  SumWork sw = { .table = table, .basis = basis };
  gboolean ok = FALSE;

  sw.touched = g_array_new (FALSE, FALSE, sizeof (guint32));
  sw.next = g_array_new (FALSE, FALSE, sizeof (guint32));
  sw.elem = g_array_new (FALSE, FALSE, sizeof (guint32));
  sw.eval = g_array_new (FALSE, FALSE, sizeof (double));
  sw.dot_touched = g_array_new (FALSE, FALSE, sizeof (guint32));
  grow_strings (&sw);

  /* The seed strings are orthonormal already; then each generator in turn. */
  for (gsize k = 0; k < n_seed; k++)
    {
      sw.w[seed_strings[k]] = 1.0;
      touch (&sw, seed_strings[k]);
      append_element (&sw, 1.0);
      reset_work (&sw);
    }
  for (gsize g = 0; g < gens->n; g++)
    {
      gsize k0 = g_array_index (gens->start, gsize, g);
      gsize k1 = g_array_index (gens->start, gsize, g + 1);
      double n0, n1;

      for (gsize k = k0; k < k1; k++)
        {
          guint32 s = g_array_index (gens->idx, guint32, k);

          sw.w[s] += g_array_index (gens->val, double, k);
          touch (&sw, s);
        }
      n0 = work_norm (&sw);
      orthogonalise (&sw);
      n1 = work_norm (&sw);
      if (n1 > tolerance * n0)
        append_element (&sw, n1);
      reset_work (&sw);
    }

  for (gsize b = 0; b < basis->n; b++)
    {
      for (gsize g = 0; g < gens->n; g++)
        {
          double n0, n1, n2, scale;

          /* the seed is closed under the string generators */
          if (b < n_seed && g < n_string_gens)
            continue;
          scale = accumulate_bracket (&sw, basis, b, gens, g);
          n0 = work_norm (&sw);
          if (n0 <= NOISE * scale)
            {
              reset_work (&sw);
              continue;
            }
          orthogonalise (&sw);
          n1 = work_norm (&sw);
          if (n1 > tolerance * n0 && n1 > NOISE * scale)
            {
              orthogonalise (&sw);
              n2 = work_norm (&sw);
              if (n2 > tolerance * n0 && n2 > NOISE * scale)
                {
                  append_element (&sw, n2);
                  if (too_large (basis->n, max_dim, error))
                    goto out;
                  if (basis->idx->len > MAX_ENTRIES)
                    {
                      g_set_error (error, PL_ERROR, PL_ERROR_NO_MEMORY,
                                   "the basis of this algebra of Pauli sums needs more than %"
                                   G_GSIZE_FORMAT " coefficients (dimension %" G_GSIZE_FORMAT
                                   " so far)", MAX_ENTRIES, basis->n);
                      goto out;
                    }
                }
            }
          reset_work (&sw);
          if (stop_at > 0 && basis->n >= stop_at)
            {
              ok = TRUE;
              goto out;
            }
        }
      if (!_dla_tick (ticker, b, basis->n, error))
        goto out;
    }
  ok = TRUE;

out:
  g_free (sw.w);
  g_free (sw.mark);
  g_free (sw.head);
  g_free (sw.dots);
  g_array_unref (sw.touched);
  g_array_unref (sw.next);
  g_array_unref (sw.elem);
  g_array_unref (sw.eval);
  g_array_unref (sw.dot_touched);
  return ok;
}

/* --- peeling ------------------------------------------------------------------------- */

static gboolean
string_known (const DlaTable *k,
              PlPauliString   p)
{
  return k->keys != NULL && _dla_table_lookup (k, p) != DLA_NONE;
}

static void
add_string (GArray        *strings,
            PlPauliString  p)
{
  for (guint i = 0; i < strings->len; i++)
    {
      PlPauliString q = g_array_index (strings, PlPauliString, i);

      if (q.x == p.x && q.z == p.z)
        return;
    }
  g_array_append_val (strings, p);
}

gboolean
_dla_peel (GPtrArray   *sums,
           GArray      *strings,
           gsize        max_dim,
           DlaTicker   *ticker,
           DlaTable    *closure,
           guint32    **parent,
           GError     **error)
{
  memset (closure, 0, sizeof *closure);
  *parent = NULL;

  for (;;)
    {
      guint before = strings->len;

      _dla_table_clear (closure);
      g_clear_pointer (parent, g_free);
      if (!_dla_string_closure ((const PlPauliString *) strings->data, strings->len, max_dim,
                                ticker, closure, parent, error))
        return FALSE;

      /* terms already in the algebra of the strings are in g: drop them from their sums */
      for (guint i = 0; i < sums->len; )
        {
          PlPauliSum *a = sums->pdata[i];
          gsize kept = 0;

          for (gsize t = 0; t < a->n_terms; t++)
            if (!string_known (closure, a->terms[t].p))
              a->terms[kept++] = a->terms[t];
          a->n_terms = kept;
          if (kept <= 1)
            {
              if (kept == 1)
                add_string (strings, a->terms[0].p);
              g_ptr_array_remove_index (sums, i);
              continue;
            }
          i++;
        }
      if (strings->len != before)
        continue;

      /* Q anticommuting with exactly one term P of A: {Q, {Q, A}} = 4 a_P P, so P is in g */
      for (gsize q = 0; q < closure->n; q++)
        for (guint i = 0; i < sums->len; i++)
          {
            const PlPauliSum *a = sums->pdata[i];
            gsize hits = 0, last = 0;

            for (gsize t = 0; t < a->n_terms && hits < 2; t++)
              if (!_dla_commutes (closure->keys[q], a->terms[t].p))
                {
                  hits++;
                  last = t;
                }
            if (hits == 1)
              add_string (strings, a->terms[last].p);
          }
      if (strings->len == before)
        return TRUE;
    }
}
