/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-mlp.h"
#include "pl-error.h"
#include "pl-jet.h"
#include "pl-rng.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

struct _PlMlpWork {
  PlJetSpec spec;
  gsize     batch;
  guint     n_layers;
  guint    *widths;     /* copy of the MLP's, to check a workspace is used with its MLP */
  double   *block;      /* one aligned allocation holding every array below */
  double   *input;      /* widths[0] x K x B: the input jets of the last forward pass */
  double  **pre;        /* hidden layer l: z_l jets, widths[l + 1] x K x B */
  double  **post;       /* hidden layer l: a_l = f(z_l) jets */
  double  **derivs;     /* hidden layer l: f^(m)(z_l value), (max_order + 2) x widths x B */
  double   *adj_a;      /* backward scratch: adjoint of an activated layer */
  double   *adj_z;      /* backward scratch: adjoint of a pre-activation layer */
};

static const char *const init_names[] = {
  [PL_MLP_INIT_XAVIER_UNIFORM] = "xavier-uniform",
  [PL_MLP_INIT_XAVIER_NORMAL] = "xavier-normal",
  [PL_MLP_INIT_HE_NORMAL] = "he-normal",
};

PlMlp *
pl_mlp_new (guint               n_widths,
            const guint        *widths,
            const PlActivation *activations,
            GError            **error)
{
  PlMlp *mlp;
  gsize offset = 0;

  g_return_val_if_fail (widths != NULL || n_widths == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_widths < 2)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "mlp: %u widths given, but a network needs at least an input and an "
                   "output width", n_widths);
      return NULL;
    }
  for (guint l = 0; l < n_widths; l++)
    if (widths[l] == 0 || widths[l] > PL_MLP_MAX_WIDTH)
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "mlp: width %u of layer %u is out of range; allowed are 1 to %d",
                     widths[l], l, PL_MLP_MAX_WIDTH);
        return NULL;
      }
  g_return_val_if_fail (activations != NULL || n_widths == 2, NULL);
  for (guint l = 0; l + 2 < n_widths; l++)
    if ((guint) activations[l] >= PL_N_ACTIVATIONS)
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "mlp: activation %d of hidden layer %u is unknown; known are identity, "
                     "tanh, sin, silu, gelu", (int) activations[l], l + 1);
        return NULL;
      }

  mlp = g_new0 (PlMlp, 1);
  mlp->n_layers = n_widths - 1;
  mlp->widths = g_memdup2 (widths, n_widths * sizeof (guint));
  mlp->activations = g_new (PlActivation, mlp->n_layers);
  mlp->w_offset = g_new (gsize, mlp->n_layers);
  mlp->b_offset = g_new (gsize, mlp->n_layers);
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      mlp->activations[l] = l + 1 < mlp->n_layers ? activations[l] : PL_ACTIVATION_IDENTITY;
      mlp->w_offset[l] = offset;
      offset += (gsize) widths[l + 1] * widths[l];
      mlp->b_offset[l] = offset;
      offset += widths[l + 1];
    }
  mlp->n_params = offset;
  return mlp;
}

void
pl_mlp_free (PlMlp *mlp)
{
  if (mlp == NULL)
    return;
  g_free (mlp->widths);
  g_free (mlp->activations);
  g_free (mlp->w_offset);
  g_free (mlp->b_offset);
  g_free (mlp);
}

void
pl_mlp_init_params (const PlMlp *mlp,
                    PlMlpInit    init,
                    PlRng       *rng,
                    double      *params)
{
  g_return_if_fail (mlp != NULL && rng != NULL && params != NULL);
  g_return_if_fail (init <= PL_MLP_INIT_HE_NORMAL);

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      double fan_in = mlp->widths[l], fan_out = mlp->widths[l + 1];
      gsize n = (gsize) mlp->widths[l + 1] * mlp->widths[l];
      double *w = params + mlp->w_offset[l];

      switch (init)
        {
        case PL_MLP_INIT_XAVIER_UNIFORM:
          {
            double r = sqrt (6.0 / (fan_in + fan_out));

            for (gsize i = 0; i < n; i++)
              w[i] = r * (2.0 * pl_rng_uniform (rng) - 1.0);
          }
          break;
        case PL_MLP_INIT_XAVIER_NORMAL:
          {
            double sd = sqrt (2.0 / (fan_in + fan_out));

            for (gsize i = 0; i < n; i++)
              w[i] = sd * pl_rng_normal (rng);
          }
          break;
        case PL_MLP_INIT_HE_NORMAL:
          {
            double sd = sqrt (2.0 / fan_in);

            for (gsize i = 0; i < n; i++)
              w[i] = sd * pl_rng_normal (rng);
          }
          break;
        default:
          g_assert_not_reached ();
        }
      memset (params + mlp->b_offset[l], 0, mlp->widths[l + 1] * sizeof (double));
    }
}

const char *
pl_mlp_init_to_string (PlMlpInit init)
{
  g_return_val_if_fail (init <= PL_MLP_INIT_HE_NORMAL, NULL);

  return init_names[init];
}

gboolean
pl_mlp_init_from_string (const char  *name,
                         PlMlpInit   *init,
                         GError     **error)
{
  static const struct { const char *name; PlMlpInit init; } aliases[] = {
    { "xavier-uniform", PL_MLP_INIT_XAVIER_UNIFORM },
    { "glorot-uniform", PL_MLP_INIT_XAVIER_UNIFORM },
    { "xavier-normal", PL_MLP_INIT_XAVIER_NORMAL },
    { "glorot-normal", PL_MLP_INIT_XAVIER_NORMAL },
    { "he-normal", PL_MLP_INIT_HE_NORMAL },
    { "kaiming-normal", PL_MLP_INIT_HE_NORMAL },
  };

  g_return_val_if_fail (name != NULL && init != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_ascii_strcasecmp (name, aliases[i].name) == 0)
      {
        *init = aliases[i].init;
        return TRUE;
      }
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "unknown initialisation \"%s\"; known are xavier-uniform, xavier-normal, "
               "he-normal (or glorot-uniform, glorot-normal, kaiming-normal)", name);
  return FALSE;
}

/* --- workspace ----------------------------------------------------------------------- */

PlMlpWork *
pl_mlp_work_new (const PlMlp     *mlp,
                 const PlJetSpec *spec,
                 gsize            batch,
                 GError         **error)
{
  g_autoptr (PlMlpWork) work = NULL;
  gsize K, n_rows, max_hidden = 0, total, at = 0;
  guint L, n_hidden;

  g_return_val_if_fail (mlp != NULL && spec != NULL, NULL);
  g_return_val_if_fail (spec->n_components >= 1 && spec->n_components <= PL_JET_MAX_COMPONENTS,
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  K = spec->n_components;
  L = mlp->n_layers;
  n_hidden = L - 1;
  if (batch == 0 || batch > (gsize) G_MAXINT / K)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "mlp: batch of %" G_GSIZE_FORMAT " points is out of range; allowed are 1 "
                   "to %" G_GSIZE_FORMAT " for jets of %" G_GSIZE_FORMAT " components",
                   batch, (gsize) G_MAXINT / K, K);
      return NULL;
    }

  /* Count doubles in units of K * B; widths and layers are bounded (PL_MLP_MAX_WIDTH), so
   * only the product with the batch can overflow. */
  n_rows = mlp->widths[0];
  for (guint l = 0; l < n_hidden; l++)
    {
      gsize width = mlp->widths[l + 1];

      n_rows += 2 * width;
      max_hidden = MAX (max_hidden, width);
    }
  n_rows += 2 * max_hidden;
  total = 0;
  if (!g_size_checked_mul (&total, n_rows, K * batch))
    total = G_MAXSIZE;
  for (guint l = 0; l < n_hidden && total != G_MAXSIZE; l++)
    {
      gsize rows = (gsize) (spec->max_order + 2) * mlp->widths[l + 1], n;

      if (!g_size_checked_mul (&n, rows, batch) || !g_size_checked_add (&total, total, n))
        total = G_MAXSIZE;
    }
  if (total != G_MAXSIZE && !g_size_checked_mul (&total, total, sizeof (double)))
    total = G_MAXSIZE;

  work = g_new0 (PlMlpWork, 1);
  work->spec = *spec;
  work->batch = batch;
  work->n_layers = L;
  work->widths = g_memdup2 (mlp->widths, (L + 1) * sizeof (guint));
  work->pre = g_new0 (double *, MAX (n_hidden, 1));
  work->post = g_new0 (double *, MAX (n_hidden, 1));
  work->derivs = g_new0 (double *, MAX (n_hidden, 1));
  work->block = pl_aligned_alloc (total, "the MLP workspace", error);
  if (work->block == NULL)
    return NULL;

  work->input = work->block + at;
  at += mlp->widths[0] * K * batch;
  for (guint l = 0; l < n_hidden; l++)
    {
      gsize n = mlp->widths[l + 1] * K * batch;

      work->pre[l] = work->block + at;
      at += n;
      work->post[l] = work->block + at;
      at += n;
      work->derivs[l] = work->block + at;
      at += (spec->max_order + 2) * mlp->widths[l + 1] * batch;
    }
  work->adj_a = work->block + at;
  at += max_hidden * K * batch;
  work->adj_z = work->block + at;
  at += max_hidden * K * batch;
  g_assert (at * sizeof (double) == total);
  return g_steal_pointer (&work);
}

void
pl_mlp_work_free (PlMlpWork *work)
{
  if (work == NULL)
    return;
  pl_aligned_free (work->block);
  g_free (work->widths);
  g_free (work->pre);
  g_free (work->post);
  g_free (work->derivs);
  g_free (work);
}

gsize
pl_mlp_work_batch (const PlMlpWork *work)
{
  g_return_val_if_fail (work != NULL, 0);

  return work->batch;
}

const PlJetSpec *
pl_mlp_work_spec (const PlMlpWork *work)
{
  g_return_val_if_fail (work != NULL, NULL);

  return &work->spec;
}

static gboolean
work_matches (const PlMlpWork *work,
              const PlMlp     *mlp)
{
  return work->n_layers == mlp->n_layers
         && memcmp (work->widths, mlp->widths, (mlp->n_layers + 1) * sizeof (guint)) == 0;
}

/* --- passes -------------------------------------------------------------------------- */

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
