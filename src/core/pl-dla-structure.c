/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-dla-structure.c: the simple ideals of a Pauli-string algebra, found combinatorially
 * (components, a Cartan subalgebra of commuting strings, control groups, root lengths),
 * and the names of simple Lie algebras (see pl-dla.h).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-dla-private.h"

#include <math.h>
#include <string.h>

/* Control groups are enumerated element by element: past 2^12 candidates, give up. */
#define MAX_CONTROL_BITS 12

/* --- naming -------------------------------------------------------------------------- */

char *
_dla_identify (gsize         dim,
               guint         rank,
               const double *len2,
               const gsize  *count,
               guint         n_lengths,
               guint         support_qubits,
               char         *type,
               guint        *type_rank)
{
  guint64 r = rank;
  gsize n_roots = 0;

  *type = 0;
  *type_rank = 0;
  for (guint i = 0; i < n_lengths; i++)
    n_roots += count[i];
  if (rank == 0 || n_lengths == 0 || n_roots != dim - rank)
    return NULL;

  if (n_lengths == 1)
    {
      *type_rank = rank;
      if (dim == r * (r + 2))
        {
          *type = 'A';
          if (r == 3 && support_qubits > 2)
            return g_strdup ("so(6)");
          return g_strdup_printf ("su(%" G_GUINT64_FORMAT ")", r + 1);
        }
      if (r >= 4 && dim == r * (2 * r - 1))
        {
          *type = 'D';
          return g_strdup_printf ("so(%" G_GUINT64_FORMAT ")", 2 * r);
        }
      *type = 'E';
      if (dim == 78 && r == 6)
        return g_strdup ("e6");
      if (dim == 133 && r == 7)
        return g_strdup ("e7");
      if (dim == 248 && r == 8)
        return g_strdup ("e8");
    }
  else if (n_lengths == 2)
    {
      gboolean swap = len2[0] > len2[1];
      double ratio = swap ? len2[0] / len2[1] : len2[1] / len2[0];
      gsize n_long = swap ? count[0] : count[1], n_short = swap ? count[1] : count[0];

      *type_rank = rank;
      if (fabs (ratio - 2.0) < 1e-6)
        {
          if (dim == r * (2 * r + 1) && n_long == 2 * r * (r - 1) && n_short == 2 * r)
            {
              *type = 'B';
              return g_strdup_printf ("so(%" G_GUINT64_FORMAT ")", 2 * r + 1);
            }
          if (r >= 3 && dim == r * (2 * r + 1) && n_long == 2 * r && n_short == 2 * r * (r - 1))
            {
              *type = 'C';
              return g_strdup_printf ("sp(%" G_GUINT64_FORMAT ")", 2 * r);
            }
          if (dim == 52 && r == 4 && n_long == 24 && n_short == 24)
            {
              *type = 'F';
              return g_strdup ("f4");
            }
        }
      else if (fabs (ratio - 3.0) < 1e-6 && dim == 14 && r == 2 && n_long == 6 && n_short == 6)
        {
          *type = 'G';
          return g_strdup ("g2");
        }
    }
  *type = 0;
  *type_rank = 0;
  return NULL;
}

char *
_dla_name_algebra (const PlDlaIdeal *ideals,
                   guint             n_ideals,
                   gsize             centre_dim)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree gboolean *done = g_new0 (gboolean, MAX (n_ideals, 1));

  for (guint i = 0; i < n_ideals; i++)
    {
      guint times = 0;

      if (ideals[i].name == NULL)
        return NULL;
      if (done[i])
        continue;
      for (guint j = i; j < n_ideals; j++)
        if (!done[j] && ideals[j].name != NULL && strcmp (ideals[j].name, ideals[i].name) == 0)
          {
            done[j] = TRUE;
            times++;
          }
      g_string_append_printf (out, "%s%s", out->len > 0 ? " + " : "", ideals[i].name);
      if (times > 1)
        g_string_append_printf (out, "^%u", times);
    }
  if (centre_dim > 0)
    {
      g_string_append_printf (out, "%su(1)", out->len > 0 ? " + " : "");
      if (centre_dim > 1)
        g_string_append_printf (out, "^%" G_GSIZE_FORMAT, centre_dim);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* --- components ---------------------------------------------------------------------- */

/* A product of strings with its sign: g = sign * string, all factors commuting. */
static PlPauliString
product (const PlPauliString *factors,
         guint64              bits,
         double              *sign)
{
  PlPauliString acc = { 0, 0 };
  guint phase = 0;

  for (guint i = 0; bits != 0; i++, bits >>= 1)
    if (bits & 1)
      {
        guint k;

        acc = pl_pauli_string_mul (acc, factors[i], &k);
        phase += k;
      }
  /* commuting Hermitian factors: the phase is real */
  *sign = (phase & 3) == 0 ? 1.0 : -1.0;
  return acc;
}

/* Reduce @v against an F2 basis kept in echelon form by pivot bit; returns the remainder. */
typedef struct {
  guint64 x, z;
} Bits128;

static Bits128
reduce128 (const Bits128 *basis,
           guint          n,
           Bits128        v)
{
  for (guint i = 0; i < n; i++)
    {
      guint64 pivot_x = basis[i].x & -basis[i].x;
      guint64 pivot_z = basis[i].z & -basis[i].z;

      if (basis[i].x != 0 ? (v.x & pivot_x) != 0 : (v.z & pivot_z) != 0)
        {
          v.x ^= basis[i].x;
          v.z ^= basis[i].z;
        }
    }
  return v;
}

/* Basis vectors are kept so that each has a pivot (its lowest x bit, or lowest z bit when
 * x = 0) that no later vector has set: reduce each new vector, then clear its pivot from
 * the earlier ones too. */
static gboolean
insert128 (Bits128 *basis,
           guint   *n,
           Bits128  v)
{
  guint64 px, pz;

  v = reduce128 (basis, *n, v);
  if (v.x == 0 && v.z == 0)
    return FALSE;
  px = v.x & -v.x;
  pz = v.z & -v.z;
  for (guint i = 0; i < *n; i++)
    if (v.x != 0 ? (basis[i].x & px) != 0 : (basis[i].z & pz) != 0)
      {
        basis[i].x ^= v.x;
        basis[i].z ^= v.z;
      }
  basis[(*n)++] = v;
  return TRUE;
}

/* The same for 64-bit vectors (coordinates over the Cartan F2 basis). */
static gboolean
insert64 (guint64 *basis,
          guint   *n,
          guint64  v)
{
  for (guint i = 0; i < *n; i++)
    if (v & basis[i] & -basis[i])
      v ^= basis[i];
  if (v == 0)
    return FALSE;
  for (guint i = 0; i < *n; i++)
    if (basis[i] & v & -v)
      basis[i] ^= v;
  basis[(*n)++] = v;
  return TRUE;
}

typedef struct {
  const DlaTable *table;
  const guint32  *component;
  const guint32  *members;
  gsize           n;
  guint32         id;
} Comp;

/* TRUE when s g (as a string) lies in the component for every member s. */
static gboolean
maps_component (const Comp    *c,
                PlPauliString  g)
{
  for (gsize i = 0; i < c->n; i++)
    {
      PlPauliString r = pl_pauli_string_mul (c->table->keys[c->members[i]], g, NULL);
      guint32 k = _dla_table_lookup (c->table, r);

      if (k == DLA_NONE || c->component[k] != c->id)
        return FALSE;
    }
  return TRUE;
}

/* Analyse one component of more than one string; fills @comp and appends its ideals. */
static gboolean
analyse_component (const Comp   *c,
                   DlaComponent *comp,
                   GArray       *ideals)
{
  const DlaTable *t = c->table;
  g_autoptr(GArray) cartan = g_array_new (FALSE, FALSE, sizeof (PlPauliString));
  g_autofree gsize *hist = NULL;
  g_autoptr(GArray) controls = g_array_new (FALSE, FALSE, sizeof (guint64));
  PlPauliString cbasis[128];
  Bits128 echelon[128];
  guint n_cb = 0, n_rows = 0, n_null = 0, n_ctrl = 0, support_qubits;
  guint64 rows[64], null_space[64], ctrl_basis[64];
  guint64 support = 0;
  gsize dim = c->n, rank, m;
  double len2[2];
  gsize count[2];
  guint n_lengths = 0;
  PlDlaIdeal ideal = { 0 };

  for (gsize i = 0; i < c->n; i++)
    support |= t->keys[c->members[i]].x | t->keys[c->members[i]].z;
  support_qubits = (guint) __builtin_popcountll (support);

  /* all strings on the support: su(2^k), simple */
  if (support_qubits < 32 && dim == ((gsize) 1 << (2 * support_qubits)) - 1)
    {
      comp->m = 1;
      ideal.dim = dim;
      ideal.rank = ((guint) 1 << support_qubits) - 1;
      ideal.type = 'A';
      ideal.type_rank = ideal.rank;
      ideal.name = g_strdup_printf ("su(%u)", (guint) 1 << support_qubits);
      comp->first_ideal = ideals->len;
      g_array_append_val (ideals, ideal);
      return TRUE;
    }

  /* a maximal commuting subset: a Cartan subalgebra of the component */
  for (gsize i = 0; i < c->n; i++)
    {
      PlPauliString p = t->keys[c->members[i]];
      gboolean ok = TRUE;

      for (guint j = 0; j < cartan->len && ok; j++)
        ok = _dla_commutes (p, g_array_index (cartan, PlPauliString, j));
      if (ok)
        g_array_append_val (cartan, p);
    }
  rank = cartan->len;

  /* an F2 basis of the group the Cartan strings generate (commuting: at most n of them) */
  for (guint j = 0; j < cartan->len; j++)
    {
      PlPauliString p = g_array_index (cartan, PlPauliString, j);

      if (insert128 (echelon, &n_cb, (Bits128) { p.x, p.z }))
        cbasis[n_cb - 1] = p;
    }

  /* elements of that group commuting with the component: the null space of the rows
   * "which basis strings anticommute with member s" */
  for (gsize i = 0; i < c->n; i++)
    {
      guint64 row = 0;

      for (guint b = 0; b < n_cb; b++)
        if (!_dla_commutes (t->keys[c->members[i]], cbasis[b]))
          row |= G_GUINT64_CONSTANT (1) << b;
      insert64 (rows, &n_rows, row);
    }
  for (guint b = 0; b < n_cb; b++)
    {
      guint64 v = G_GUINT64_CONSTANT (1) << b;
      gboolean pivot = FALSE;

      /* rows are in reduced echelon form on their lowest bits: free columns give the
       * null vectors e_b + sum of the pivot columns of rows containing b */
      for (guint i = 0; i < n_rows; i++)
        if ((rows[i] & -rows[i]) == v)
          pivot = TRUE;
      if (pivot)
        continue;
      for (guint i = 0; i < n_rows; i++)
        if (rows[i] & v)
          v |= rows[i] & -rows[i];
      null_space[n_null++] = v;
    }
  if (n_null > MAX_CONTROL_BITS)
    return FALSE;

  /* of those, the ones mapping the component onto itself: the controls */
  for (guint64 u = 1; u < (G_GUINT64_CONSTANT (1) << n_null); u++)
    {
      guint64 coords = 0;
      double sign;

      for (guint i = 0; i < n_null; i++)
        if (u & (G_GUINT64_CONSTANT (1) << i))
          coords ^= null_space[i];
      if (maps_component (c, product (cbasis, coords, &sign)))
        insert64 (ctrl_basis, &n_ctrl, coords);
    }
  m = (gsize) 1 << n_ctrl;
  if (dim % m != 0 || rank % m != 0)
    return FALSE;
  comp->m = (guint) m;
  comp->group = g_new (PlPauliString, m);
  comp->group_sign = g_new (double, m);
  {
    PlPauliString gens[64];
    double s;

    for (guint i = 0; i < n_ctrl; i++)
      gens[i] = product (cbasis, ctrl_basis[i], &s);
    for (gsize D = 0; D < m; D++)
      comp->group[D] = product (gens, D, &comp->group_sign[D]);
  }

  /* root lengths: a string anticommuting with s Cartan strings has |alpha|^2 = 4 s */
  hist = g_new0 (gsize, rank + 1);
  for (gsize i = 0; i < c->n; i++)
    {
      PlPauliString p = t->keys[c->members[i]];
      guint s = 0;

      for (guint j = 0; j < cartan->len; j++)
        s += !_dla_commutes (p, g_array_index (cartan, PlPauliString, j));
      hist[s]++;
    }
  for (guint s = 1; s <= rank; s++)
    if (hist[s] > 0)
      {
        if (n_lengths == 2 || hist[s] % m != 0)
          return FALSE;
        len2[n_lengths] = 4.0 * s;
        count[n_lengths++] = hist[s] / m;
      }

  ideal.dim = dim / m;
  ideal.rank = (guint) (rank / m);
  ideal.name = _dla_identify (ideal.dim, ideal.rank, len2, count, n_lengths,
                              support_qubits > n_ctrl ? support_qubits - n_ctrl : 0,
                              &ideal.type, &ideal.type_rank);
  if (ideal.name == NULL)
    return FALSE;
  comp->first_ideal = ideals->len;
  for (gsize k = 0; k < m; k++)
    {
      PlDlaIdeal copy = ideal;

      copy.name = g_strdup (ideal.name);
      g_array_append_val (ideals, copy);
    }
  g_free (ideal.name);
  return TRUE;
}

void
_dla_structure_strings (PlDla  *dla,
                        GArray *ideals)
{
  PlDlaBasis *B = dla->basis;
  gsize d = B->table.n;
  g_autofree gsize *fill = NULL;

  /* members of each component, by counting sort */
  B->comp_start = g_new0 (gsize, B->n_components + 1);
  B->comp_members = g_new (guint32, MAX (d, 1));
  for (gsize s = 0; s < d; s++)
    B->comp_start[B->component[s] + 1]++;
  for (guint c = 0; c < B->n_components; c++)
    B->comp_start[c + 1] += B->comp_start[c];
  fill = g_memdup2 (B->comp_start, (B->n_components + 1) * sizeof (gsize));
  for (gsize s = 0; s < d; s++)
    B->comp_members[fill[B->component[s]]++] = (guint32) s;

  B->components = g_new0 (DlaComponent, MAX (B->n_components, 1));
  dla->structure_known = TRUE;
  dla->centre_dim = 0;
  for (guint c = 0; c < B->n_components; c++)
    {
      Comp comp = {
        .table = &B->table, .component = B->component,
        .members = B->comp_members + B->comp_start[c],
        .n = B->comp_start[c + 1] - B->comp_start[c], .id = c,
      };

      B->components[c].first_ideal = DLA_NONE;
      B->components[c].m = 1;
      if (comp.n == 1)
        {
          dla->centre_dim++;
          continue;
        }
      if (!analyse_component (&comp, &B->components[c], ideals))
        {
          /* not recognised: its dimension still counts, its ideals stay unknown */
          PlDlaIdeal unknown = { .dim = comp.n };

          g_clear_pointer (&B->components[c].group, g_free);
          g_clear_pointer (&B->components[c].group_sign, g_free);
          B->components[c].m = 1;
          B->components[c].first_ideal = DLA_NONE;
          dla->structure_known = FALSE;
          g_array_append_val (ideals, unknown);
        }
    }
}
