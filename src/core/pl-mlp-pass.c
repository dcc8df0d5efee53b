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
  return work->arch == mlp->arch && work->headless == mlp->headless
         && work->n_layers == mlp->n_layers
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

/* z = W x + b on jets of n_in rows into n_out rows. The bias is a constant: it shifts values,
 * not derivatives. It goes in first and the product is added to it (beta = 1), which spares
 * BLAS a pass that clears z. */
static void
affine_forward (gsize         n_in,
                gsize         n_out,
                gsize         B,
                gsize         KB,
                const double *w,
                const double *bias,
                const double *x,
                double       *z)
{
  for (gsize o = 0; o < n_out; o++)
    {
      double *zo = z + o * KB;

      for (gsize b = 0; b < B; b++)
        zo[b] = bias[o];
      memset (zo + B, 0, (KB - B) * sizeof (double));
    }
  gemm (FALSE, FALSE, n_out, KB, n_in, w, n_in, x, KB, 1.0, z, KB);
}

/* a = f(z) on jets, keeping f and as many derivatives as the backward pass will need, at
 * every value, in @derivs. */
static void
activate (const PlJetSpec *spec,
          PlActivation     act,
          gsize            B,
          gsize            n_out,
          const double    *z,
          double          *derivs,
          double          *a)
{
  gsize KB = spec->n_components * B;

  for (gsize o = 0; o < n_out; o++)
    pl_activation_eval (act, B, z + o * KB, spec->max_order + 2, n_out * B, derivs + o * B);
  pl_jet_apply (spec, B, n_out, derivs, z, a);
}

/* The reverse of affine_forward: dW += dZ X^T, db += the value components of dZ summed over
 * the points, and, when @dx is not NULL, dX = W^T dZ + beta dX (beta 0 or 1). */
static void
affine_backward (gsize         n_in,
                 gsize         n_out,
                 gsize         B,
                 gsize         KB,
                 const double *w,
                 const double *x,
                 const double *dz,
                 double       *dw,
                 double       *db,
                 double        beta,
                 double       *dx)
{
  gemm (FALSE, TRUE, n_out, n_in, KB, dz, KB, x, KB, 1.0, dw, n_in);
  for (gsize o = 0; o < n_out; o++)
    {
      const double *dzo = dz + o * KB;
      double sum = 0.0;

      for (gsize b = 0; b < B; b++)
        sum += dzo[b];
      db[o] += sum;
    }
  if (dx != NULL)
    gemm (TRUE, FALSE, n_in, KB, n_out, w, n_in, dz, KB, beta, dx, KB);
}

/* The encoders of a modified MLP, U = f(W_u x + b_u) and V = f(W_v x + b_v), kept as V and
 * D = U - V: what the gates h = V + a D and their reverse read. */
static void
encoders_forward (const PlMlp  *mlp,
                  const double *params,
                  PlMlpWork    *work)
{
  const PlJetSpec *spec = &work->spec;
  gsize B = work->batch, KB = spec->n_components * B, h = mlp->widths[1];

  for (guint e = 0; e < 2; e++)
    {
      affine_forward (mlp->widths[0], h, B, KB, params + mlp->enc_w_offset[e],
                      params + mlp->enc_b_offset[e], work->input, work->enc_pre[e]);
      activate (spec, mlp->activations[0], B, h, work->enc_pre[e], work->enc_derivs[e],
                e == 0 ? work->diff : work->enc_v);
    }
  pl_jet_axpy (spec, B, h, -1.0, work->enc_v, work->diff);
}

/* The reverse of encoders_forward, after the layers gathered the adjoints of D and of V:
 * U = D + V takes D's, V its own less D's. Each encoder then goes back like a layer, its
 * input adjoint added to the one the first layer wrote. */
static void
encoders_backward (const PlMlp  *mlp,
                   const double *params,
                   PlMlpWork    *work,
                   double       *grad,
                   double       *in_adjoint)
{
  const PlJetSpec *spec = &work->spec;
  gsize B = work->batch, KB = spec->n_components * B, h = mlp->widths[1];

  pl_jet_axpy (spec, B, h, -1.0, work->adj_d, work->adj_v);
  for (guint e = 0; e < 2; e++)
    {
      memset (work->adj_z, 0, h * KB * sizeof (double));
      pl_jet_apply_adjoint (spec, B, h, work->enc_derivs[e], work->enc_pre[e],
                            e == 0 ? work->adj_d : work->adj_v, work->adj_z);
      affine_backward (mlp->widths[0], h, B, KB, params + mlp->enc_w_offset[e], work->input,
                       work->adj_z, grad + mlp->enc_w_offset[e], grad + mlp->enc_b_offset[e],
                       1.0, in_adjoint);
    }
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
  gboolean modified;

  g_return_if_fail (mlp != NULL && params != NULL && in != NULL && out != NULL);
  g_return_if_fail (work != NULL && work_matches (work, mlp));

  spec = &work->spec;
  K = spec->n_components;
  B = work->batch;
  KB = K * B;
  modified = mlp->arch == PL_MLP_MODIFIED;

  memcpy (work->input, in, mlp->widths[0] * KB * sizeof (double));
  if (modified)
    encoders_forward (mlp, params, work);
  x = work->input;
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      gsize n_in = mlp->widths[l], n_out = mlp->widths[l + 1];
      gboolean top = l + 1 == mlp->n_layers, hidden = !top || mlp->headless;
      double *z = hidden ? work->pre[l] : out;

      affine_forward (n_in, n_out, B, KB, params + mlp->w_offset[l], params + mlp->b_offset[l],
                      x, z);
      if (!hidden)
        break;
      if (modified)
        {
          double *h = top ? out : work->gated[l];

          /* h_l = V + a_l (U - V) */
          activate (spec, mlp->activations[l], B, n_out, z, work->derivs[l], work->post[l]);
          pl_jet_mul (spec, B, n_out, work->post[l], work->diff, h);
          pl_jet_axpy (spec, B, n_out, 1.0, work->enc_v, h);
          x = h;
        }
      else
        {
          double *a = top ? out : work->post[l];

          activate (spec, mlp->activations[l], B, n_out, z, work->derivs[l], a);
          x = a;
        }
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
  gboolean modified;

  g_return_if_fail (mlp != NULL && params != NULL && out_adjoint != NULL && grad != NULL);
  g_return_if_fail (work != NULL && work_matches (work, mlp));

  spec = &work->spec;
  K = spec->n_components;
  B = work->batch;
  KB = K * B;
  modified = mlp->arch == PL_MLP_MODIFIED;

  if (modified)
    {
      memset (work->adj_d, 0, mlp->widths[1] * KB * sizeof (double));
      memset (work->adj_v, 0, mlp->widths[1] * KB * sizeof (double));
    }
  dz = out_adjoint;
  for (guint l = mlp->n_layers; l-- > 0;)
    {
      gsize n_in = mlp->widths[l], n_out = mlp->widths[l + 1];
      gboolean top = l + 1 == mlp->n_layers;
      const double *x = l == 0 ? work->input : modified ? work->gated[l - 1] : work->post[l - 1];

      if (!top || mlp->headless)
        {
          /* the adjoint of h_l comes from the layer above, or is the output's */
          const double *dh = top ? out_adjoint : work->adj_h, *da = dh;

          if (modified)
            {
              /* h_l = V + a_l D: V takes dh whole, a_l and D their sides of the product (D's
               * and V's summed over the layers, for encoders_backward) */
              pl_jet_axpy (spec, B, n_out, 1.0, dh, work->adj_v);
              memset (work->adj_a, 0, n_out * KB * sizeof (double));
              pl_jet_mul_adjoint (spec, B, n_out, work->post[l], work->diff, dh, work->adj_a,
                                  work->adj_d);
              da = work->adj_a;
            }
          memset (work->adj_z, 0, n_out * KB * sizeof (double));
          pl_jet_apply_adjoint (spec, B, n_out, work->derivs[l], work->pre[l], da, work->adj_z);
          dz = work->adj_z;
        }
      affine_backward (n_in, n_out, B, KB, params + mlp->w_offset[l], x, dz,
                       grad + mlp->w_offset[l], grad + mlp->b_offset[l], 0.0,
                       l > 0 ? work->adj_h : in_adjoint);
    }
  if (modified)
    encoders_backward (mlp, params, work, grad, in_adjoint);
}
