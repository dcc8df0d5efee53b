/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-dla-numeric.c: the structure of an algebra of Pauli sums from its root decomposition,
 * and projections onto its ideals (see pl-dla.h).
 *
 * For a compact Lie algebra with an invariant inner product and a regular element X, the
 * symmetric matrix -ad_X^2 has the Cartan subalgebra h (plus the centre) as its kernel and
 * the root planes as 2-dimensional eigenspaces with eigenvalues alpha(X)^2. For an
 * orthonormal pair (u, v) of a root plane, ad_H u = alpha(H) v, and invariance gives
 * <[u, v], H> = alpha(H): the bracket t_alpha = {u, v} is the coroot, |t_alpha|^2 = |alpha|^2
 * and <t_alpha, t_beta> = <alpha, beta>. Roots in different simple ideals are orthogonal and
 * those of one ideal form an irreducible system, so the components of the graph "coroots not
 * orthogonal" are the simple ideals; the centre is the part of h orthogonal to every coroot.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-dla-private.h"
#include "pl-error.h"
#include "pl-rng.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#define KERNEL_TOL   1e-12  /* eigenvalues below this times the largest are the kernel */
#define GRAY_TOL     1e-8   /* ... and those between the two mean X was not regular enough */
#define PAIR_TOL     1e-9   /* the two eigenvalues of one root plane */
#define SEPARATE_TOL 1e-7   /* distinct root planes */
#define ORTHO_TOL    1e-6   /* coroots with a smaller cosine are orthogonal */
#define N_TRIES      5

void
_dla_basis_build_inverted (PlDlaBasis *B)
{
  const DlaVectors *V = &B->vectors;
  gsize n_s = B->table.n, nnz = V->idx->len;
  g_autofree gsize *fill = NULL;

  B->inv_start = g_new0 (gsize, n_s + 1);
  B->inv_elem = g_new (guint32, MAX (nnz, 1));
  B->inv_val = g_new (double, MAX (nnz, 1));
  for (gsize k = 0; k < nnz; k++)
    B->inv_start[g_array_index (V->idx, guint32, k) + 1]++;
  for (gsize s = 0; s < n_s; s++)
    B->inv_start[s + 1] += B->inv_start[s];
  fill = g_memdup2 (B->inv_start, (n_s + 1) * sizeof (gsize));
  for (gsize b = 0; b < V->n; b++)
    for (gsize k = g_array_index (V->start, gsize, b); k < g_array_index (V->start, gsize, b + 1);
         k++)
      {
        gsize at = fill[g_array_index (V->idx, guint32, k)]++;

        B->inv_elem[at] = (guint32) b;
        B->inv_val[at] = g_array_index (V->val, double, k);
      }
}

/* Coordinates y = B^T w of a dense vector over the table's strings. */
static void
coordinates (const PlDlaBasis *B,
             const double     *w,
             double           *y)
{
  memset (y, 0, B->vectors.n * sizeof (double));
  for (gsize s = 0; s < B->table.n; s++)
    if (w[s] != 0.0)
      for (gsize e = B->inv_start[s]; e < B->inv_start[s + 1]; e++)
        y[B->inv_elem[e]] += w[s] * B->inv_val[e];
}

/* A dense element sum_a c_a B_a over the table's strings, and its nonzero entries. */
static gsize
element (const PlDlaBasis *B,
         const double     *c,
         double           *dense,
         guint32          *nz_idx,
         double           *nz_val)
{
  const DlaVectors *V = &B->vectors;
  gsize n = 0;

  memset (dense, 0, B->table.n * sizeof (double));
  for (gsize b = 0; b < V->n; b++)
    for (gsize k = g_array_index (V->start, gsize, b); k < g_array_index (V->start, gsize, b + 1);
         k++)
      dense[g_array_index (V->idx, guint32, k)] += c[b] * g_array_index (V->val, double, k);
  for (gsize s = 0; s < B->table.n; s++)
    if (dense[s] != 0.0)
      {
        nz_idx[n] = (guint32) s;
        nz_val[n++] = dense[s];
      }
  return n;
}

/* w <- {a, b} for two sparse elements; brackets leaving the table's strings are rounding
 * noise of exactly cancelling terms and are dropped. */
static void
bracket_dense (const PlDlaBasis *B,
               const guint32    *ai,
               const double     *av,
               gsize             na,
               const guint32    *bi,
               const double     *bv,
               gsize             nb,
               double           *w)
{
  memset (w, 0, B->table.n * sizeof (double));
  for (gsize i = 0; i < na; i++)
    for (gsize j = 0; j < nb; j++)
      {
        PlPauliString r;
        double c = _dla_string_bracket (B->table.keys[ai[i]], B->table.keys[bi[j]], &r);
        guint32 k;

        if (c != 0.0 && (k = _dla_table_lookup (&B->table, r)) != DLA_NONE)
          w[k] += c * av[i] * bv[j];
      }
}

/* The entries of basis element @a. */
static gsize
basis_entries (const PlDlaBasis *B,
               gsize             a,
               guint32          *idx,
               double           *val)
{
  const DlaVectors *V = &B->vectors;
  gsize k0 = g_array_index (V->start, gsize, a), k1 = g_array_index (V->start, gsize, a + 1);

  memcpy (idx, &g_array_index (V->idx, guint32, k0), (k1 - k0) * sizeof (guint32));
  memcpy (val, &g_array_index (V->val, double, k0), (k1 - k0) * sizeof (double));
  return k1 - k0;
}

/* Every anticommuting pair s < t of strings that elements of g use, with their bracket
 * {P_s, P_t} = c P_r when r is such a string too: dense elements then bracket in one pass,
 * w_r += c (a_s b_t - a_t b_s), without hashing. Built only while it stays this small. */
#define MAX_PAIRS ((gsize) 1 << 23)

typedef struct {
  guint32 s, t, r;
  gint32  c;
} Pair;

static GArray *
pair_table (const PlDlaBasis *B)
{
  gsize n_s = B->table.n, n_pairs = 0;
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_autofree guint32 *used = g_new (guint32, MAX (n_s, 1));
  gsize n_used = 0;

  for (gsize s = 0; s < n_s; s++)
    if (B->inv_start[s + 1] > B->inv_start[s])
      used[n_used++] = (guint32) s;
  for (gsize i = 0; i < n_used; i++)
    for (gsize j = i + 1; j < n_used; j++)
      {
        PlPauliString r;
        double c = _dla_string_bracket (B->table.keys[used[i]], B->table.keys[used[j]], &r);
        guint32 k;
        Pair pair;

        if (c == 0.0 || (k = _dla_table_lookup (&B->table, r)) == DLA_NONE
            || B->inv_start[k + 1] == B->inv_start[k])
          continue;
        if (++n_pairs > MAX_PAIRS)
          return NULL;
        pair = (Pair) { used[i], used[j], k, (gint32) c };
        g_array_append_val (pairs, pair);
      }
  return g_steal_pointer (&pairs);
}

static void
bracket_pairs (const GArray *pairs,
               gsize         n_s,
               const double *a,
               const double *b,
               double       *w)
{
  memset (w, 0, n_s * sizeof (double));
  for (guint i = 0; i < pairs->len; i++)
    {
      const Pair *p = &g_array_index (pairs, Pair, i);

      w[p->r] += p->c * (a[p->s] * b[p->t] - a[p->t] * b[p->s]);
    }
}

typedef struct {
  gsize    d, n_s;
  double  *dense, *w, *nz_val, *nz_val2;
  guint32 *nz_idx, *nz_idx2;
} Scratch;

/* -ad_X^2 for a random X, its eigenvectors (columns of @vecs) and eigenvalues. */
static gboolean
eigen_ad (const PlDlaBasis *B,
          Scratch          *sc,
          const GArray     *pairs,
          PlRng            *rng,
          double           *vecs,
          double           *eig,
          GCancellable     *cancellable)
{
  gsize d = sc->d, nx, nb;
  g_autofree double *x = g_new (double, d);
  g_autofree double *ad = g_new (double, d * d);
  g_autofree double *dense_b = g_new0 (double, sc->n_s);

  for (gsize a = 0; a < d; a++)
    x[a] = pl_rng_normal (rng);
  nx = element (B, x, sc->dense, sc->nz_idx, sc->nz_val);
  for (gsize a = 0; a < d; a++)
    {
      if ((a & 15) == 0 && g_cancellable_is_cancelled (cancellable))
        return FALSE;
      nb = basis_entries (B, a, sc->nz_idx2, sc->nz_val2);
      /* a hash lookup per anticommuting pair costs about what 8 table entries do */
      if (pairs != NULL && pairs->len < 8 * nx * nb)
        {
          for (gsize i = 0; i < nb; i++)
            dense_b[sc->nz_idx2[i]] = sc->nz_val2[i];
          bracket_pairs (pairs, sc->n_s, sc->dense, dense_b, sc->w);
          for (gsize i = 0; i < nb; i++)
            dense_b[sc->nz_idx2[i]] = 0.0;
        }
      else
        bracket_dense (B, sc->nz_idx, sc->nz_val, nx, sc->nz_idx2, sc->nz_val2, nb, sc->w);
      coordinates (B, sc->w, ad + a * d);
    }
  cblas_dgemm (CblasColMajor, CblasTrans, CblasNoTrans, (int) d, (int) d, (int) d, 1.0, ad,
               (int) d, ad, (int) d, 0.0, vecs, (int) d);
  return LAPACKE_dsyevd (LAPACK_COL_MAJOR, 'V', 'U', (lapack_int) d, vecs, (lapack_int) d,
                         eig) == 0;
}

/* The number of kernel eigenvalues, or -1 when the spectrum is not that of a regular X. */
static gssize
classify_spectrum (const double *eig,
                   gsize         d)
{
  double top = eig[d - 1];
  gsize k = 0;

  if (top <= 0.0)
    return (gssize) d;
  while (k < d && eig[k] < KERNEL_TOL * top)
    k++;
  if (k < d && eig[k] < GRAY_TOL * top)
    return -1;
  if ((d - k) % 2 != 0)
    return -1;
  for (gsize i = k; i < d; i += 2)
    {
      if (eig[i + 1] - eig[i] > PAIR_TOL * top)
        return -1;
      if (i + 2 < d && eig[i + 2] - eig[i + 1] < SEPARATE_TOL * top)
        return -1;
    }
  return (gssize) k;
}

/* Orthonormalise column @v against the @n columns of @q (length d, twice); returns its
 * norm before normalising (0 when it was dependent). */
static double
gram_schmidt (double       *q,
              gsize         n,
              gsize         d,
              double       *v,
              double        tol)
{
  double n0 = cblas_dnrm2 ((int) d, v, 1), n1 = n0;

  for (int pass = 0; pass < 2 && n > 0; pass++)
    for (gsize j = 0; j < n; j++)
      cblas_daxpy ((int) d, -cblas_ddot ((int) d, q + j * d, 1, v, 1), q + j * d, 1, v, 1);
  n1 = cblas_dnrm2 ((int) d, v, 1);
  if (n1 <= tol * n0 || n1 == 0.0)
    return 0.0;
  cblas_dscal ((int) d, 1.0 / n1, v, 1);
  return n1;
}

gboolean
_dla_structure_numeric (PlDla        *dla,
                        GArray       *ideals,
                        GCancellable *cancellable,
                        GError      **error)
{
  PlDlaBasis *B = dla->basis;
  gsize d = dla->dim, n_s = B->table.n, k = 0, R, n_cols = 0;
  g_autofree double *vecs = g_new (double, d * d);
  g_autofree double *eig = g_new (double, d);
  g_autofree double *coroot = NULL;
  g_autofree guint32 *parent = NULL;
  g_autofree guint64 *support = NULL;
  g_autofree double *dense_u = NULL;
  g_autoptr(GArray) pairs = NULL;
  Scratch sc = { d, n_s };
  gssize kk = -1;
  PlRng rng;
  gboolean ok = FALSE;

  dla->structure_known = FALSE;
  sc.dense = g_new (double, n_s);
  sc.w = g_new (double, n_s);
  sc.nz_val = g_new (double, n_s);
  sc.nz_val2 = g_new (double, n_s);
  sc.nz_idx = g_new (guint32, n_s);
  sc.nz_idx2 = g_new (guint32, n_s);

  pairs = pair_table (B);
  /* a fixed stream: the structure does not depend on it, the run should be repeatable */
  pl_rng_init (&rng, G_GUINT64_CONSTANT (0x646c61));
  for (int attempt = 0; attempt < N_TRIES && kk < 0; attempt++)
    {
      if (!eigen_ad (B, &sc, pairs, &rng, vecs, eig, cancellable))
        {
          if (g_cancellable_is_cancelled (cancellable))
            {
              g_set_error_literal (error, PL_ERROR, PL_ERROR_CANCELLED,
                                   "the DLA computation was cancelled");
              goto out;
            }
          continue;
        }
      kk = classify_spectrum (eig, d);
    }
  if (kk < 0)
    {
      ok = TRUE;  /* not an error: the structure stays unknown */
      goto out;
    }
  k = (gsize) kk;
  R = (d - k) / 2;

  /* coroots t = {u, v} of every root plane, in basis coordinates */
  coroot = g_new (double, MAX (R, 1) * d);
  support = g_new0 (guint64, MAX (R, 1));
  dense_u = g_new (double, n_s);
  for (gsize p = 0; p < R; p++)
    {
      const double *u = vecs + (k + 2 * p) * d, *v = vecs + (k + 2 * p + 1) * d;
      gsize nu = element (B, u, dense_u, sc.nz_idx, sc.nz_val);
      gsize nv = element (B, v, sc.dense, sc.nz_idx2, sc.nz_val2);

      for (gsize i = 0; i < nu; i++)
        if (fabs (sc.nz_val[i]) > 1e-10)
          support[p] |= B->table.keys[sc.nz_idx[i]].x | B->table.keys[sc.nz_idx[i]].z;
      if (pairs != NULL)
        bracket_pairs (pairs, n_s, dense_u, sc.dense, sc.w);
      else
        bracket_dense (B, sc.nz_idx, sc.nz_val, nu, sc.nz_idx2, sc.nz_val2, nv, sc.w);
      coordinates (B, sc.w, coroot + p * d);
      if ((p & 15) == 0 && g_cancellable_is_cancelled (cancellable))
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_CANCELLED,
                               "the DLA computation was cancelled");
          goto out;
        }
    }

  /* the coroots must lie in the kernel (the Cartan subalgebra), else the eigenvectors did
   * not separate the root planes cleanly */
  for (gsize p = 0; p < R; p++)
    {
      const double *t = coroot + p * d;
      double t2 = cblas_ddot ((int) d, t, 1, t, 1), h2 = 0.0;

      for (gsize j = 0; j < k; j++)
        {
          double c = cblas_ddot ((int) d, vecs + j * d, 1, t, 1);

          h2 += c * c;
        }
      if (t2 == 0.0 || t2 - h2 > 1e-10 * t2)
        {
          ok = TRUE;  /* the structure stays unknown */
          goto out;
        }
    }

  /* simple ideals: components of the graph of non-orthogonal coroots */
  parent = g_new (guint32, MAX (R, 1));
  for (gsize p = 0; p < R; p++)
    parent[p] = (guint32) p;
  for (gsize p = 0; p < R; p++)
    for (gsize q = p + 1; q < R; q++)
      {
        const double *tp = coroot + p * d, *tq = coroot + q * d;
        double pq = cblas_ddot ((int) d, tp, 1, tq, 1);

        if (fabs (pq) > ORTHO_TOL * cblas_dnrm2 ((int) d, tp, 1) * cblas_dnrm2 ((int) d, tq, 1))
          _dla_union (parent, (guint32) p, (guint32) q);
      }

  B->ideal_vecs = g_new (double, MAX (d, 1) * d);
  B->ideal_of_col = g_new (gint, MAX (d, 1));
  for (gsize root = 0; root < R; root++)
    {
      PlDlaIdeal ideal = { 0 };
      double len2[2] = { 0, 0 };
      gsize count[2] = { 0, 0 };
      guint n_lengths = 0;
      gsize first_col, n_pairs = 0;
      guint64 supp = 0;
      gboolean lengths_ok = TRUE;

      if (_dla_find (parent, (guint32) root) != root)
        continue;
      first_col = n_cols;
      for (gsize p = 0; p < R; p++)
        {
          double l2;
          guint i;

          if (_dla_find (parent, (guint32) p) != root)
            continue;
          n_pairs++;
          supp |= support[p];
          memcpy (B->ideal_vecs + n_cols * d, vecs + (k + 2 * p) * d, 2 * d * sizeof (double));
          B->ideal_of_col[n_cols] = B->ideal_of_col[n_cols + 1] = (gint) ideals->len;
          n_cols += 2;
          l2 = cblas_ddot ((int) d, coroot + p * d, 1, coroot + p * d, 1);
          for (i = 0; i < n_lengths; i++)
            if (fabs (l2 - len2[i]) <= 1e-6 * MAX (l2, len2[i]))
              break;
          if (i == n_lengths)
            {
              if (n_lengths == 2)
                {
                  lengths_ok = FALSE;
                  continue;
                }
              len2[n_lengths++] = l2;
            }
          count[i] += 2;  /* +alpha and -alpha */
        }
      /* the ideal's Cartan part: the span of its coroots */
      for (gsize p = 0; p < R; p++)
        if (_dla_find (parent, (guint32) p) == root)
          {
            memcpy (sc.w, coroot + p * d, d * sizeof (double));
            if (gram_schmidt (B->ideal_vecs + first_col * d, n_cols - first_col, d, sc.w,
                              1e-8) > 0.0)
              {
                g_assert (n_cols < d);
                memcpy (B->ideal_vecs + n_cols * d, sc.w, d * sizeof (double));
                B->ideal_of_col[n_cols++] = (gint) ideals->len;
                ideal.rank++;
              }
          }
      ideal.dim = 2 * n_pairs + ideal.rank;
      if (lengths_ok)
        ideal.name = _dla_identify (ideal.dim, ideal.rank, len2, count, n_lengths,
                                    (guint) __builtin_popcountll (supp),
                                    &ideal.type, &ideal.type_rank);
      g_array_append_val (ideals, ideal);
    }
  B->n_cols = n_cols;
  dla->centre_dim = d - n_cols;
  /* an unnamed ideal may not be simple: then no prediction rests on the decomposition */
  dla->structure_known = TRUE;
  for (guint i = 0; i < ideals->len; i++)
    if (g_array_index (ideals, PlDlaIdeal, i).name == NULL)
      dla->structure_known = FALSE;
  ok = TRUE;

out:
  g_free (sc.dense);
  g_free (sc.w);
  g_free (sc.nz_val);
  g_free (sc.nz_val2);
  g_free (sc.nz_idx);
  g_free (sc.nz_idx2);
  return ok;
}

double
_dla_project_vector (const PlDla  *dla,
                     const double *coeff,
                     double       *per_ideal)
{
  const PlDlaBasis *B = dla->basis;
  double total = 0.0;

  memset (per_ideal, 0, dla->n_ideals * sizeof (double));
  if (B->strings)
    {
      for (guint c = 0; c < B->n_components; c++)
        {
          const DlaComponent *comp = &B->components[c];
          const guint32 *mem = B->comp_members + B->comp_start[c];
          gsize n = B->comp_start[c + 1] - B->comp_start[c];
          g_autofree double *T = NULL;

          if (comp->first_ideal == DLA_NONE || comp->m == 1)
            {
              double s = 0.0;

              for (gsize i = 0; i < n; i++)
                s += coeff[mem[i]] * coeff[mem[i]];
              total += s;
              if (comp->first_ideal != DLA_NONE)
                per_ideal[comp->first_ideal] += s;
              continue;
            }
          /* copies: N(v E_chi) = (1/m) sum_D chi(D) Tr(V^2 G_D) / 2^n, with
           * Tr(V^2 G_D) / 2^n = sum_t v_t v_{t G_D} (sign of t G_D) */
          T = g_new0 (double, comp->m);
          for (guint D = 0; D < comp->m; D++)
            for (gsize i = 0; i < n; i++)
              {
                guint phase;
                PlPauliString r;
                double v = coeff[mem[i]];

                if (v == 0.0)
                  continue;
                r = pl_pauli_string_mul (B->table.keys[mem[i]], comp->group[D], &phase);
                T[D] += v * coeff[_dla_table_lookup (&B->table, r)] * comp->group_sign[D]
                        * (phase == 0 ? 1.0 : -1.0);
              }
          total += T[0];
          for (guint chi = 0; chi < comp->m; chi++)
            {
              double s = 0.0;

              for (guint D = 0; D < comp->m; D++)
                s += (__builtin_popcount (D & chi) & 1 ? -1.0 : 1.0) * T[D];
              per_ideal[comp->first_ideal + chi] += s / comp->m;
            }
        }
      return total;
    }
  else
    {
      gsize d = dla->dim;
      g_autofree double *y = g_new (double, MAX (d, 1));
      g_autofree double *z = g_new (double, MAX (B->n_cols, 1));

      coordinates (B, coeff, y);
      total = cblas_ddot ((int) d, y, 1, y, 1);
      if (B->n_cols > 0)
        {
          cblas_dgemv (CblasColMajor, CblasTrans, (int) d, (int) B->n_cols, 1.0, B->ideal_vecs,
                       (int) d, y, 1, 0.0, z, 1);
          for (gsize c = 0; c < B->n_cols; c++)
            if (B->ideal_of_col[c] >= 0)
              per_ideal[B->ideal_of_col[c]] += z[c] * z[c];
        }
      return total;
    }
}
