/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-dla.c: the DLA of a set of generators: which closure to run, the decomposition, basis
 * elements, projections and Ragone's variance (see pl-dla.h).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-dla.h"
#include "pl-dla-private.h"
#include "pl-error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_TOLERANCE 1e-9
#define DEFAULT_MAX_DIM   ((gsize) 1 << 20)

PlPauliSum *
pl_dla_bracket (const PlPauliSum *a,
                const PlPauliSum *b)
{
  PlPauliSum *out;

  g_return_val_if_fail (a != NULL && b != NULL, NULL);

  out = pl_pauli_sum_new (MAX (a->n_qubits, b->n_qubits));
  for (gsize i = 0; i < a->n_terms; i++)
    for (gsize j = 0; j < b->n_terms; j++)
      {
        PlPauliString r;
        double c = _dla_string_bracket (a->terms[i].p, b->terms[j].p, &r);

        if (c != 0.0)
          pl_pauli_sum_add_term (out, c * a->terms[i].coeff * b->terms[j].coeff, r);
      }
  pl_pauli_sum_simplify (out, 0.0);
  /* exact cancellations leave rounding residue far below the coefficients' scale */
  if (out->n_terms > 0)
    {
      double scale = 0.0;

      for (gsize i = 0; i < a->n_terms; i++)
        scale = MAX (scale, fabs (a->terms[i].coeff));
      for (gsize j = 0; j < b->n_terms; j++)
        scale = MAX (scale, fabs (b->terms[j].coeff));
      pl_pauli_sum_simplify (out, 1e-13 * scale * scale);
    }
  return out;
}

void
_dla_basis_free (PlDlaBasis *B)
{
  if (B == NULL)
    return;
  _dla_table_clear (&B->table);
  g_free (B->component);
  g_free (B->comp_start);
  g_free (B->comp_members);
  for (guint c = 0; c < B->n_components && B->components != NULL; c++)
    {
      g_free (B->components[c].group);
      g_free (B->components[c].group_sign);
    }
  g_free (B->components);
  if (B->vectors.start != NULL)
    _dla_vectors_clear (&B->vectors);
  g_free (B->inv_start);
  g_free (B->inv_elem);
  g_free (B->inv_val);
  g_free (B->ideal_vecs);
  g_free (B->ideal_of_col);
  g_free (B);
}

void
pl_dla_free (PlDla *dla)
{
  if (dla == NULL)
    return;
  for (guint i = 0; i < dla->n_ideals; i++)
    g_free (dla->ideals[i].name);
  g_free (dla->ideals);
  g_free (dla->name);
  _dla_basis_free (dla->basis);
  g_free (dla);
}

/* Distinct generator directions, unit norm, first coefficient positive. */
static GPtrArray *
distinct_directions (const PlDlaGenerators *gens)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_pauli_sum_free);

  for (guint i = 0; i < gens->n_generators; i++)
    {
      PlPauliSum *s = pl_pauli_sum_dup (gens->generators[i]);
      double norm = 0.0, scale;
      gboolean dup = FALSE;

      pl_pauli_sum_simplify (s, 0.0);
      for (gsize t = 0; t < s->n_terms; t++)
        norm += s->terms[t].coeff * s->terms[t].coeff;
      scale = (s->terms[0].coeff < 0 ? -1.0 : 1.0) / sqrt (norm);
      for (gsize t = 0; t < s->n_terms; t++)
        s->terms[t].coeff *= scale;
      for (guint j = 0; j < out->len && !dup; j++)
        {
          const PlPauliSum *o = out->pdata[j];

          if (o->n_terms != s->n_terms)
            continue;
          dup = TRUE;
          for (gsize t = 0; t < s->n_terms && dup; t++)
            dup = o->terms[t].p.x == s->terms[t].p.x && o->terms[t].p.z == s->terms[t].p.z
                  && fabs (o->terms[t].coeff - s->terms[t].coeff) < 1e-12;
        }
      if (dup)
        pl_pauli_sum_free (s);
      else
        g_ptr_array_add (out, s);
    }
  return out;
}

/* Number the components of a closure's forest 0, 1, ... and keep the table as the basis. */
static void
adopt_strings (PlDla    *dla,
               DlaTable *table,
               guint32  *parent)
{
  PlDlaBasis *B = dla->basis;
  g_autofree guint32 *id = g_new (guint32, MAX (table->n, 1));

  B->strings = TRUE;
  B->table = *table;
  memset (table, 0, sizeof *table);
  B->component = g_new (guint32, MAX (B->table.n, 1));
  B->n_components = 0;
  for (gsize s = 0; s < B->table.n; s++)
    {
      guint32 r = _dla_find (parent, (guint32) s);

      /* roots are the smallest index of their tree, so they come first */
      if (r == s)
        id[s] = B->n_components++;
      B->component[s] = id[r];
    }
  dla->dim = B->table.n;
  dla->pauli_basis = TRUE;
}

static int
compare_ideals (const void *a,
                const void *b)
{
  const PlDlaIdeal *x = a, *y = b;

  if (x->dim != y->dim)
    return x->dim > y->dim ? -1 : 1;
  return 0;
}

/* Sort the ideals largest first, stably, and renumber the references to them. */
static void
sort_ideals (PlDla  *dla,
             GArray *ideals)
{
  PlDlaBasis *B = dla->basis;
  guint n = ideals->len;
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  g_autofree guint *where = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    order[i] = i;
  /* insertion sort: stable, and n is small */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && compare_ideals (&g_array_index (ideals, PlDlaIdeal, order[j]),
                                               &g_array_index (ideals, PlDlaIdeal,
                                                               order[j - 1])) < 0; j--)
      {
        guint t = order[j];

        order[j] = order[j - 1];
        order[j - 1] = t;
      }
  dla->n_ideals = n;
  dla->ideals = g_new (PlDlaIdeal, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      dla->ideals[i] = g_array_index (ideals, PlDlaIdeal, order[i]);
      where[order[i]] = i;
    }
  if (B->strings)
    {
      for (guint c = 0; c < B->n_components; c++)
        if (B->components[c].first_ideal != DLA_NONE)
          B->components[c].first_ideal = where[B->components[c].first_ideal];
    }
  else
    for (gsize c = 0; c < B->n_cols; c++)
      if (B->ideal_of_col[c] >= 0)
        B->ideal_of_col[c] = (gint) where[B->ideal_of_col[c]];
}

/* The closure of Pauli sums left after peeling; ends as a string algebra when it can. */
static gboolean
close_sums (PlDla           *dla,
            GPtrArray       *sums,
            GArray          *strings,
            DlaTable        *closure,
            double           tolerance,
            gsize            max_dim,
            gboolean         exact_shortcuts,
            DlaTicker       *ticker,
            GError         **error)
{
  PlDlaBasis *B = dla->basis;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (PlPauliString));
  g_autofree guint32 *seeds = NULL;
  g_autofree guint32 *bound_parent = NULL;
  DlaTable bound = { 0 };
  DlaVectors gens;
  GError *local = NULL;
  gsize n_seed = closure->n, support = 0;
  gboolean ok = FALSE;

  /* an upper bound: the algebra of every string the generators use */
  g_array_append_vals (all, strings->data, strings->len);
  for (guint i = 0; i < sums->len; i++)
    {
      const PlPauliSum *a = sums->pdata[i];

      for (gsize t = 0; t < a->n_terms; t++)
        g_array_append_val (all, a->terms[t].p);
    }
  if (exact_shortcuts &&
      !_dla_string_closure ((const PlPauliString *) all->data, all->len, max_dim, ticker,
                            &bound, &bound_parent, &local))
    {
      if (local->code != PL_ERROR_UNSUPPORTED)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      g_clear_error (&local);
    }

  B->table = *closure;
  memset (closure, 0, sizeof *closure);
  _dla_vectors_init (&gens);
  _dla_vectors_init (&B->vectors);
  seeds = g_new (guint32, MAX (n_seed, 1));
  for (gsize k = 0; k < n_seed; k++)
    seeds[k] = (guint32) k;
  for (guint i = 0; i < strings->len; i++)
    {
      guint32 s = _dla_table_insert (&B->table, g_array_index (strings, PlPauliString, i), NULL);
      double one = 1.0;
      gsize end;

      g_array_append_val (gens.idx, s);
      g_array_append_val (gens.val, one);
      end = gens.idx->len;
      g_array_append_val (gens.start, end);
      gens.n++;
    }
  for (guint i = 0; i < sums->len; i++)
    {
      const PlPauliSum *a = sums->pdata[i];
      double norm = 0.0;
      gsize end;

      for (gsize t = 0; t < a->n_terms; t++)
        norm += a->terms[t].coeff * a->terms[t].coeff;
      for (gsize t = 0; t < a->n_terms; t++)
        {
          guint32 s = _dla_table_insert (&B->table, a->terms[t].p, NULL);
          double v = a->terms[t].coeff / sqrt (norm);

          g_array_append_val (gens.idx, s);
          g_array_append_val (gens.val, v);
        }
      end = gens.idx->len;
      g_array_append_val (gens.start, end);
      gens.n++;
    }
  if (!_dla_sum_closure (&gens, strings->len, seeds, n_seed, tolerance, max_dim, bound.n,
                         ticker, &B->table, &B->vectors, error))
    goto out;
  dla->dim = B->vectors.n;

  /* spanned by as many strings as its dimension: a string algebra after all */
  {
    g_autofree guint8 *used = g_new0 (guint8, MAX (B->table.n, 1));

    for (guint k = 0; k < B->vectors.idx->len; k++)
      {
        guint32 s = g_array_index (B->vectors.idx, guint32, k);

        support += !used[s];
        used[s] = 1;
      }
  }
  if (bound.n > 0 && dla->dim == bound.n)
    {
      _dla_table_clear (&B->table);
      _dla_vectors_clear (&B->vectors);
      adopt_strings (dla, &bound, bound_parent);
    }
  else if (exact_shortcuts && support == dla->dim)
    {
      g_autoptr(GArray) span = g_array_new (FALSE, FALSE, sizeof (PlPauliString));
      g_autofree guint8 *used = g_new0 (guint8, MAX (B->table.n, 1));
      g_autofree guint32 *parent = NULL;
      DlaTable exact;

      for (guint k = 0; k < B->vectors.idx->len; k++)
        {
          guint32 s = g_array_index (B->vectors.idx, guint32, k);

          if (!used[s])
            g_array_append_val (span, B->table.keys[s]);
          used[s] = 1;
        }
      if (!_dla_string_closure ((const PlPauliString *) span->data, span->len, max_dim, ticker,
                                &exact, &parent, error))
        goto out;
      /* the strings close on themselves unless rounding invented one */
      if (exact.n == dla->dim)
        {
          _dla_table_clear (&B->table);
          _dla_vectors_clear (&B->vectors);
          adopt_strings (dla, &exact, parent);
        }
      else
        _dla_table_clear (&exact);
    }
  ok = TRUE;

out:
  _dla_table_clear (&bound);
  _dla_vectors_clear (&gens);
  return ok;
}

PlDla *
pl_dla_compute (const PlDlaGenerators  *gens,
                const PlDlaOptions     *options,
                PlDlaProgress           progress,
                gpointer                user_data,
                GCancellable           *cancellable,
                GError                **error)
{
  g_autoptr(PlDla) dla = NULL;
  g_autoptr(GPtrArray) dirs = NULL;
  g_autoptr(GPtrArray) sums = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_pauli_sum_free);
  g_autoptr(GArray) strings = g_array_new (FALSE, FALSE, sizeof (PlPauliString));
  g_autoptr(GArray) ideals = g_array_new (FALSE, TRUE, sizeof (PlDlaIdeal));
  g_autofree guint32 *parent = NULL;
  DlaTicker ticker = { progress, user_data, cancellable, 0 };
  DlaTable closure = { 0 };
  double tolerance = DEFAULT_TOLERANCE;
  gsize max_dim = DEFAULT_MAX_DIM;
  gboolean numeric = options != NULL && options->force_numeric;
  gint64 t0 = g_get_monotonic_time ();

  g_return_val_if_fail (gens != NULL && gens->n_generators > 0, NULL);

  if (options != NULL && options->tolerance > 0)
    tolerance = options->tolerance;
  if (options != NULL && options->max_dim > 0)
    max_dim = options->max_dim;

  dla = g_new0 (PlDla, 1);
  dla->basis = g_new0 (PlDlaBasis, 1);
  dla->n_qubits = gens->n_qubits;
  dla->n_generators = gens->n_generators;
  dirs = distinct_directions (gens);
  dla->n_distinct = dirs->len;
  for (guint i = 0; i < dirs->len; i++)
    {
      PlPauliSum *a = dirs->pdata[i];

      if (a->n_terms == 1 && !numeric)
        g_array_append_val (strings, a->terms[0].p);
      else
        g_ptr_array_add (sums, pl_pauli_sum_dup (a));
    }

  if (numeric)
    _dla_table_init (&closure);
  else if (!_dla_peel (sums, strings, max_dim, &ticker, &closure, &parent, error))
    return NULL;
  if (sums->len == 0)
    adopt_strings (dla, &closure, parent);
  else if (!close_sums (dla, sums, strings, &closure, tolerance, max_dim, !numeric, &ticker,
                        error))
    {
      _dla_table_clear (&closure);
      return NULL;
    }

  if (dla->basis->strings)
    _dla_structure_strings (dla, ideals);
  else
    {
      _dla_basis_build_inverted (dla->basis);
      if (dla->dim <= PL_DLA_MAX_NUMERIC_DIM
          && !_dla_structure_numeric (dla, ideals, cancellable, error))
        return NULL;
    }
  sort_ideals (dla, ideals);
  if (dla->structure_known)
    dla->name = _dla_name_algebra (dla->ideals, dla->n_ideals, dla->centre_dim);
  dla->seconds = (g_get_monotonic_time () - t0) * 1e-6;
  return g_steal_pointer (&dla);
}

PlPauliSum *
pl_dla_basis_element (const PlDla *dla,
                      gsize        index)
{
  const PlDlaBasis *B;
  PlPauliSum *out;

  g_return_val_if_fail (dla != NULL && index < dla->dim, NULL);

  B = dla->basis;
  out = pl_pauli_sum_new (dla->n_qubits);
  if (B->strings)
    pl_pauli_sum_add_term (out, 1.0, B->table.keys[index]);
  else
    for (gsize k = g_array_index (B->vectors.start, gsize, index);
         k < g_array_index (B->vectors.start, gsize, index + 1); k++)
      pl_pauli_sum_add_term (out, g_array_index (B->vectors.val, double, k),
                             B->table.keys[g_array_index (B->vectors.idx, guint32, k)]);
  return out;
}

/* Coefficients of the traceless part of @sum over the table (dense), and its squared norm. */
double *
_dla_table_coefficients (const PlDla      *dla,
                         const PlPauliSum *sum,
                         double           *total)
{
  const PlDlaBasis *B = dla->basis;
  double *c = g_new0 (double, MAX (B->table.n, 1));
  g_autoptr(PlPauliSum) s = pl_pauli_sum_dup (sum);

  pl_pauli_sum_simplify (s, 0.0);
  *total = 0.0;
  for (gsize t = 0; t < s->n_terms; t++)
    {
      guint32 k;

      if ((s->terms[t].p.x | s->terms[t].p.z) == 0)
        continue;
      *total += s->terms[t].coeff * s->terms[t].coeff;
      if ((k = _dla_table_lookup (&B->table, s->terms[t].p)) != DLA_NONE)
        c[k] = s->terms[t].coeff;
    }
  return c;
}

double
pl_dla_project (const PlDla      *dla,
                const PlPauliSum *sum,
                double           *total)
{
  g_autofree double *c = NULL;
  g_autofree double *per = NULL;
  double t;

  g_return_val_if_fail (dla != NULL && sum != NULL, 0.0);

  c = _dla_table_coefficients (dla, sum, &t);
  per = g_new (double, MAX (dla->n_ideals, 1));
  if (total != NULL)
    *total = t;
  return _dla_project_vector (dla, c, per);
}
