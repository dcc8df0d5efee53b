/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dense references for the DLA tests: complex matrix products, exp(-i t H) through an
 * eigendecomposition, and the Lie closure of 2^n x 2^n Hermitian matrices under i[A, B] with
 * the dimension counted by the rank of an SVD. Slow on purpose and independent of the Pauli
 * bookkeeping of the core. Also the random Pauli sums the DLA tests draw.
 */
#include "reference.h"

#include <complex.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

void
ref_matmul (gsize         dim,
            const double *are,
            const double *aim,
            const double *bre,
            const double *bim,
            double       *cre,
            double       *cim)
{
  for (gsize i = 0; i < dim; i++)
    for (gsize j = 0; j < dim; j++)
      {
        double sr = 0, si = 0;

        for (gsize k = 0; k < dim; k++)
          {
            sr += are[i * dim + k] * bre[k * dim + j] - aim[i * dim + k] * bim[k * dim + j];
            si += are[i * dim + k] * bim[k * dim + j] + aim[i * dim + k] * bre[k * dim + j];
          }
        cre[i * dim + j] = sr;
        cim[i * dim + j] = si;
      }
}

void
ref_dagger (gsize         dim,
            const double *are,
            const double *aim,
            double       *cre,
            double       *cim)
{
  for (gsize i = 0; i < dim; i++)
    for (gsize j = 0; j < dim; j++)
      {
        cre[j * dim + i] = are[i * dim + j];
        cim[j * dim + i] = -aim[i * dim + j];
      }
}

void
ref_commutator_i (gsize         dim,
                  const double *are,
                  const double *aim,
                  const double *bre,
                  const double *bim,
                  double       *cre,
                  double       *cim)
{
  g_autofree double *pre = g_new (double, dim * dim);
  g_autofree double *pim = g_new (double, dim * dim);
  g_autofree double *qre = g_new (double, dim * dim);
  g_autofree double *qim = g_new (double, dim * dim);

  ref_matmul (dim, are, aim, bre, bim, pre, pim);
  ref_matmul (dim, bre, bim, are, aim, qre, qim);
  /* i (P - Q) */
  for (gsize e = 0; e < dim * dim; e++)
    {
      cre[e] = -(pim[e] - qim[e]);
      cim[e] = pre[e] - qre[e];
    }
}

void
ref_expm_hermitian (gsize         dim,
                    const double *hre,
                    const double *him,
                    double        t,
                    double       *ure,
                    double       *uim)
{
  g_autofree double complex *v = g_new (double complex, dim * dim);
  g_autofree double *w = g_new (double, dim);
  lapack_int info;

  for (gsize e = 0; e < dim * dim; e++)
    v[e] = hre[e] + I * him[e];
  info = LAPACKE_zheev (LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int) dim, v, (lapack_int) dim, w);
  g_assert_cmpint (info, ==, 0);
  /* U = V diag(e^{-i t w}) V^dagger */
  for (gsize i = 0; i < dim; i++)
    for (gsize j = 0; j < dim; j++)
      {
        double complex s = 0;

        for (gsize k = 0; k < dim; k++)
          s += v[i * dim + k] * cexp (-I * t * w[k]) * conj (v[j * dim + k]);
        ure[i * dim + j] = creal (s);
        uim[i * dim + j] = cimag (s);
      }
}

/* Rank of the k x len row-major matrix by its singular values. */
static gsize
svd_rank (const double *rows,
          gsize         k,
          gsize         len)
{
  g_autofree double *a = g_memdup2 (rows, k * len * sizeof (double));
  g_autofree double *s = g_new (double, MIN (k, len));
  g_autofree double *superb = g_new (double, MIN (k, len));
  gsize rank = 0;
  lapack_int info;

  info = LAPACKE_dgesvd (LAPACK_ROW_MAJOR, 'N', 'N', (lapack_int) k, (lapack_int) len, a,
                         (lapack_int) len, s, NULL, 1, NULL, 1, superb);
  g_assert_cmpint (info, ==, 0);
  for (gsize i = 0; i < MIN (k, len); i++)
    if (s[i] > 1e-9 * s[0])
      rank++;
  return rank;
}

gsize
ref_lie_closure_dim (guint              n,
                     guint              n_gens,
                     PlPauliSum *const *gens)
{
  gsize dim = (gsize) 1 << n, len = 2 * dim * dim, k = 0, cap = 64;
  g_autofree double *rows = g_new (double, cap * len);
  g_autofree double *gre = g_new (double, n_gens * dim * dim);
  g_autofree double *gim = g_new (double, n_gens * dim * dim);
  g_autofree double *cre = g_new (double, dim * dim);
  g_autofree double *cim = g_new (double, dim * dim);

  /* a Hermitian matrix as the row (Re, Im) of unit norm; kept when it raises the rank */
#define OFFER(mre, mim)                                                          \
  G_STMT_START {                                                                 \
    double *row, norm = 0;                                                       \
    if (k == cap)                                                                \
      rows = g_renew (double, rows, (cap *= 2) * len);                           \
    row = rows + k * len;                                                        \
    memcpy (row, (mre), dim * dim * sizeof (double));                            \
    memcpy (row + dim * dim, (mim), dim * dim * sizeof (double));                \
    for (gsize e_ = 0; e_ < len; e_++)                                           \
      norm += row[e_] * row[e_];                                                 \
    if (norm > 1e-20)                                                            \
      {                                                                          \
        for (gsize e_ = 0; e_ < len; e_++)                                       \
          row[e_] /= sqrt (norm);                                                \
        if (svd_rank (rows, k + 1, len) == k + 1)                                \
          k++;                                                                   \
      }                                                                          \
  } G_STMT_END

  for (guint j = 0; j < n_gens; j++)
    {
      ref_pauli_sum_matrix (gens[j], n, gre + j * dim * dim, gim + j * dim * dim);
      OFFER (gre + j * dim * dim, gim + j * dim * dim);
    }
  /* nested brackets with the generators span the algebra */
  for (gsize i = 0; i < k; i++)
    for (guint j = 0; j < n_gens; j++)
      {
        g_autofree double *are = g_memdup2 (rows + i * len, dim * dim * sizeof (double));
        g_autofree double *aim = g_memdup2 (rows + i * len + dim * dim,
                                            dim * dim * sizeof (double));

        ref_commutator_i (dim, are, aim, gre + j * dim * dim, gim + j * dim * dim, cre, cim);
        OFFER (cre, cim);
      }
#undef OFFER
  return k;
}

PlPauliSum *
ref_dla_random_sum (PlRng *rng,
                    guint  n,
                    guint  max_terms)
{
  PlPauliSum *s = pl_pauli_sum_new (n);
  guint64 side = G_GUINT64_CONSTANT (1) << n;
  guint terms = 1 + (guint) pl_rng_below (rng, max_terms);

  for (guint t = 0; t < terms; t++)
    pl_pauli_sum_add_term (s, pl_rng_normal (rng),
                           (PlPauliString) { pl_rng_below (rng, side), pl_rng_below (rng, side) });
  return s;
}
