/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-mlp-pass.c: forward and reverse passes of the MLP over Taylor jets.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-mlp.h"
#include "pl-mlp-private.h"
#include "pl-jet.h"

#include <cblas.h>
#include <string.h>

static gboolean
work_matches (const PlMlpWork *work,
              const PlMlp     *mlp)
{
  return work->n_layers == mlp->n_layers
         && memcmp (work->widths, mlp->widths, (mlp->n_layers + 1) * sizeof (guint)) == 0;
}

/* The GEMMs of a layer with one output or one input (heads, readouts, the first layer of a
 * network of one coordinate) are outer products, rows times a vector or dot products: BLAS
 * packs whole operands for them, so they are plain loops here (compiled for AVX2 too). */
#if HAVE_TARGET_CLONES
# define MLP_HOT __attribute__ ((target_clones ("avx2", "default")))
#else
# define MLP_HOT
#endif

/* C[i][:] = beta C[i][:] + sum_q op(A)[i][q] B[q][:] for B not transposed, beta 0 or 1. */
MLP_HOT static void
small_gemm_rows (gboolean      trans_a,
                 gsize         m,
                 gsize         n,
                 gsize         k,
                 const double *a,
                 gsize         lda,
                 const double *b,
                 gsize         ldb,
                 double        beta,
                 double       *c,
                 gsize         ldc)
{
  for (gsize i = 0; i < m; i++)
    {
      double *restrict ci = c + i * ldc;

      for (gsize q = 0; q < k; q++)
        {
          const double *restrict bq = b + q * ldb;
          double aiq = trans_a ? a[q * lda + i] : a[i * lda + q];

          if (q == 0 && beta == 0.0)
            for (gsize j = 0; j < n; j++)
              ci[j] = aiq * bq[j];
          else
            for (gsize j = 0; j < n; j++)
              ci[j] += aiq * bq[j];
        }
    }
}

/* C[i][l] += sum_j A[i][j] B[l][j] (A times B transposed, beta 1): dot products, summed in
 * eight interleaved partial sums so they vectorize. */
MLP_HOT static void
small_gemm_dots (gsize         m,
                 gsize         n,
                 gsize         k,
                 const double *a,
                 gsize         lda,
                 const double *b,
                 gsize         ldb,
                 double       *c,
                 gsize         ldc)
{
  for (gsize i = 0; i < m; i++)
    for (gsize l = 0; l < n; l++)
      {
        const double *restrict ai = a + i * lda, *restrict bl = b + l * ldb;
        double acc[8] = { 0 }, sum = 0;
        gsize j = 0;

        for (; j + 8 <= k; j += 8)
          for (guint q = 0; q < 8; q++)
            acc[q] += ai[j + q] * bl[j + q];
        for (; j < k; j++)
          sum += ai[j] * bl[j];
        c[i * ldc + l] += ((acc[0] + acc[4]) + (acc[1] + acc[5]))
                          + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + sum;
      }
}

/* C = op(A) op(B) + beta C, row-major, m x n with inner dimension k, after checking that the
 * leading dimensions fit the shapes and everything fits BLAS's int. */
static void
gemm (gboolean      trans_a,
      gboolean      trans_b,
      gsize         m,
      gsize         n,
      gsize         k,
      const double *a,
      gsize         lda,
      const double *b,
      gsize         ldb,
      double        beta,
      double       *c,
      gsize         ldc)
{
  g_return_if_fail (m >= 1 && n >= 1 && k >= 1);
  g_return_if_fail (m <= G_MAXINT && n <= G_MAXINT && k <= G_MAXINT);
  g_return_if_fail (lda >= (trans_a ? m : k) && lda <= G_MAXINT);
  g_return_if_fail (ldb >= (trans_b ? k : n) && ldb <= G_MAXINT);
  g_return_if_fail (ldc >= n && ldc <= G_MAXINT);

  if (!trans_b && (m == 1 || k == 1) && (beta == 0.0 || beta == 1.0))
    {
      small_gemm_rows (trans_a, m, n, k, a, lda, b, ldb, beta, c, ldc);
      return;
    }
  if (!trans_a && trans_b && (m == 1 || n == 1) && beta == 1.0)
    {
      small_gemm_dots (m, n, k, a, lda, b, ldb, c, ldc);
      return;
    }
  cblas_dgemm (CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
               trans_b ? CblasTrans : CblasNoTrans, (int) m, (int) n, (int) k,
               1.0, a, (int) lda, b, (int) ldb, beta, c, (int) ldc);
}

void
pl_mlp_forward (const PlMlp  *mlp,
                const double *params,
                const double *in,
                double       *out,
                PlMlpWork    *work)
{
  const PlJetSpec *spec;
  gsize K, B, KB;
  const double *x;
  guint n_derivs;

  g_return_if_fail (mlp != NULL && params != NULL && in != NULL && out != NULL);
  g_return_if_fail (work != NULL && work_matches (work, mlp));

  spec = &work->spec;
  K = spec->n_components;
  B = work->batch;
  KB = K * B;
  n_derivs = spec->max_order + 2;

  memcpy (work->input, in, mlp->widths[0] * KB * sizeof (double));
  x = work->input;
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      gsize n_in = mlp->widths[l], n_out = mlp->widths[l + 1];
      gboolean hidden = l + 1 < mlp->n_layers;
      double *z = hidden ? work->pre[l] : out;
      const double *w = params + mlp->w_offset[l];
      const double *bias = params + mlp->b_offset[l];

      /* The bias is a constant: it shifts values, not derivatives. It goes in first and the
       * product is added to it (beta = 1), which spares BLAS a pass that clears z. */
      for (gsize o = 0; o < n_out; o++)
        {
          double *zo = z + o * KB;

          for (gsize b = 0; b < B; b++)
            zo[b] = bias[o];
          memset (zo + B, 0, (KB - B) * sizeof (double));
        }
      gemm (FALSE, FALSE, n_out, KB, n_in, w, n_in, x, KB, 1.0, z, KB);
      if (!hidden)
        break;

      /* f and as many derivatives as the backward pass will need, at every value. */
      for (gsize o = 0; o < n_out; o++)
        pl_activation_eval (mlp->activations[l], B, z + o * KB, n_derivs, n_out * B,
                            work->derivs[l] + o * B);
      pl_jet_apply (spec, B, n_out, work->derivs[l], z, work->post[l]);
      x = work->post[l];
    }
}

void
pl_mlp_backward (const PlMlp  *mlp,
                 const double *params,
                 PlMlpWork    *work,
                 const double *out_adjoint,
                 double       *grad,
                 double       *in_adjoint)
{
  const PlJetSpec *spec;
  gsize K, B, KB;
  const double *dz;

  g_return_if_fail (mlp != NULL && params != NULL && out_adjoint != NULL && grad != NULL);
  g_return_if_fail (work != NULL && work_matches (work, mlp));

  spec = &work->spec;
  K = spec->n_components;
  B = work->batch;
  KB = K * B;

  dz = out_adjoint;
  for (guint l = mlp->n_layers; l-- > 0;)
    {
      gsize n_in = mlp->widths[l], n_out = mlp->widths[l + 1];
      const double *x = l > 0 ? work->post[l - 1] : work->input;
      const double *w = params + mlp->w_offset[l];
      double *dw = grad + mlp->w_offset[l];
      double *db = grad + mlp->b_offset[l];
      double *dx;

      if (l + 1 < mlp->n_layers)
        {
          /* dz = adjoint of f applied to the adjoint of the activated layer (in adj_a). */
          memset (work->adj_z, 0, n_out * KB * sizeof (double));
          pl_jet_apply_adjoint (spec, B, n_out, work->derivs[l], work->pre[l], work->adj_a,
                                work->adj_z);
          dz = work->adj_z;
        }

      gemm (FALSE, TRUE, n_out, n_in, KB, dz, KB, x, KB, 1.0, dw, n_in);
      for (gsize o = 0; o < n_out; o++)
        {
          const double *dzo = dz + o * KB;
          double sum = 0.0;

          for (gsize b = 0; b < B; b++)
            sum += dzo[b];
          db[o] += sum;
        }

      dx = l > 0 ? work->adj_a : in_adjoint;
      if (dx != NULL)
        gemm (TRUE, FALSE, n_in, KB, n_out, w, n_in, dz, KB, 0.0, dx, KB);
    }
}
