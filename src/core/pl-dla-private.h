/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-dla-private.h: what the DLA sources share: a hash table of Pauli strings, union-find,
 * the closures, the stored basis and its decomposition into ideals.
 */
#pragma once

#include "pl-dla.h"

G_BEGIN_DECLS

#define DLA_NONE G_MAXUINT32

/* --- a set of Pauli strings, numbered in insertion order ----------------------------- */

typedef struct {
  PlPauliString *keys;   /* keys[i] is string i */
  guint32       *slots;  /* open addressing: index + 1, 0 when empty */
  gsize          n;
  gsize          n_slots;
  gsize          capacity;
} DlaTable;

void     _dla_table_init   (DlaTable       *t);
void     _dla_table_clear  (DlaTable       *t);
guint32  _dla_table_lookup (const DlaTable *t,
                            PlPauliString   p);
/* Index of @p, inserting it when new (then *added is TRUE). */
guint32  _dla_table_insert (DlaTable       *t,
                            PlPauliString   p,
                            gboolean       *added);

guint32  _dla_find         (guint32        *parent,
                            guint32         i);
void     _dla_union        (guint32        *parent,
                            guint32         a,
                            guint32         b);

/* pl_pauli_string_commutes, inline and without a popcount instruction (which this build
 * does not assume): the parity of the symplectic product by folding. The closures call it
 * for every pair of element and generator. */
static inline gboolean
_dla_commutes (PlPauliString p,
               PlPauliString q)
{
  guint64 v = (p.x & q.z) ^ (p.z & q.x);

  v ^= v >> 32;
  v ^= v >> 16;
  v ^= v >> 8;
  v ^= v >> 4;
  v ^= v >> 2;
  v ^= v >> 1;
  return (v & 1) == 0;
}

/* {P, Q} = i [P, Q] for strings: 0 when they commute, else sign * R with R written to @r. */
static inline double
_dla_string_bracket (PlPauliString  p,
                     PlPauliString  q,
                     PlPauliString *r)
{
  guint phase;

  if (_dla_commutes (p, q))
    return 0.0;
  *r = pl_pauli_string_mul (p, q, &phase);
  return phase == 1 ? -2.0 : 2.0;
}

/* Work shared by the closures: cancellation and progress at most every 0.1 s. */
typedef struct {
  PlDlaProgress  progress;
  gpointer       user_data;
  GCancellable  *cancellable;
  gint64         last;
} DlaTicker;

gboolean _dla_tick (DlaTicker  *ticker,
                    guint64     done,
                    guint64     total,
                    GError    **error);

/* --- closures ------------------------------------------------------------------------ */

/* The strings reached from @gens under {.,.}; @table receives them (generators first, in
 * order, duplicates merged) and *parent a union-find forest joining every bracket with its
 * two factors, whose trees are the components of the frustration graph. */
gboolean _dla_string_closure (const PlPauliString *gens,
                              gsize                n_gens,
                              gsize                max_dim,
                              DlaTicker           *ticker,
                              DlaTable            *table,
                              guint32            **parent,
                              GError             **error);

/* Sparse vectors over the strings of a table, stored one after the other (CSR). */
typedef struct {
  gsize    n;
  GArray  *start;  /* gsize, n + 1 */
  GArray  *idx;    /* guint32 string indices */
  GArray  *val;    /* double */
} DlaVectors;

void     _dla_vectors_init  (DlaVectors *v);
void     _dla_vectors_clear (DlaVectors *v);

/* Close a set of Pauli sums numerically. @table must hold every string of @gens, whose
 * vectors are given in @gens (unit norm). @seed_strings (may be 0) are table indices of
 * strings known to span a subalgebra closed under the first @n_string_gens generators; they
 * start the basis. The basis goes to @basis (orthonormal), new strings into @table. Stops
 * early once the dimension reaches @stop_at (0: never), a known upper bound. */
gboolean _dla_sum_closure    (const DlaVectors    *gens,
                              gsize                n_string_gens,
                              const guint32       *seed_strings,
                              gsize                n_seed,
                              double               tolerance,
                              gsize                max_dim,
                              gsize                stop_at,
                              DlaTicker           *ticker,
                              DlaTable            *table,
                              DlaVectors          *basis,
                              GError             **error);

/* Peel Pauli sums into strings (see pl-dla.h): @strings (PlPauliString) grows by the strings
 * proven to lie in g, @sums (PlPauliSum *) loses the terms so explained and the sums left
 * with fewer than two terms. @closure and *parent receive the string closure of @strings. */
gboolean _dla_peel           (GPtrArray           *sums,
                              GArray              *strings,
                              gsize                max_dim,
                              DlaTicker           *ticker,
                              DlaTable            *closure,
                              guint32            **parent,
                              GError             **error);

/* --- the stored algebra -------------------------------------------------------------- */

/* One frustration-graph component of a Pauli-string algebra. */
typedef struct {
  guint          first_ideal;  /* ideals first_ideal .. first_ideal + m - 1, or DLA_NONE */
  guint          m;            /* copies (1 when not split) */
  PlPauliString *group;        /* m strings: the group element with coordinates D at [D] */
  double        *group_sign;   /* the sign of each element as a product of the generators */
} DlaComponent;

struct _PlDlaBasis {
  gboolean      strings;      /* element a is table.keys[a] */
  DlaTable      table;
  /* Pauli-string algebras */
  guint32      *component;    /* per string */
  guint         n_components;
  gsize        *comp_start;   /* strings of component c: comp_members[comp_start[c]..] */
  guint32      *comp_members;
  DlaComponent *components;
  /* Pauli-sum algebras */
  DlaVectors    vectors;
  gsize        *inv_start;    /* inverted index: string s is in vectors inv_elem[inv_start[s]..] */
  guint32      *inv_elem;
  double       *inv_val;
  double       *ideal_vecs;   /* dim x n_cols, column-major, orthonormal */
  gint         *ideal_of_col; /* which ideal each column spans (-1: the centre) */
  gsize         n_cols;
};

void     _dla_basis_free           (PlDlaBasis *basis);
void     _dla_basis_build_inverted (PlDlaBasis *basis);

/* Decompose a Pauli-string algebra (basis->strings, component[] set from the closure's
 * forest). Fills the ideals and names of @dla. */
void     _dla_structure_strings    (PlDla      *dla,
                                    GArray     *ideals);
/* Decompose a Pauli-sum algebra numerically (dim <= PL_DLA_MAX_NUMERIC_DIM). */
gboolean _dla_structure_numeric    (PlDla      *dla,
                                    GArray     *ideals,
                                    GCancellable *cancellable,
                                    GError    **error);

/* Identify a simple algebra from its dimension, rank and root-length histogram (squared
 * lengths len2[i] occurring count[i] times, n_lengths <= 2, any common scale). Sets *type and
 * *type_rank and returns the name, or NULL. @support_qubits decides su(4) against so(6). */
char    *_dla_identify             (gsize       dim,
                                    guint       rank,
                                    const double *len2,
                                    const gsize *count,
                                    guint       n_lengths,
                                    guint       support_qubits,
                                    char       *type,
                                    guint      *type_rank);
/* The name of the whole algebra from its ideals and centre (NULL when a part is unnamed). */
char    *_dla_name_algebra         (const PlDlaIdeal *ideals,
                                    guint             n_ideals,
                                    gsize             centre_dim);

/* Coefficients of the traceless part of @sum over the table's strings (dense, length
 * table.n; strings outside the table are left out), and its squared norm in *total. */
double  *_dla_table_coefficients   (const PlDla       *dla,
                                    const PlPauliSum  *sum,
                                    double            *total);

/* Squared norms of the projections of a coefficient vector (over the table's strings, dense,
 * length table.n) onto each ideal (out[j]) and onto g (return value). */
double   _dla_project_vector       (const PlDla  *dla,
                                    const double *coeff,
                                    double       *per_ideal);

G_END_DECLS
