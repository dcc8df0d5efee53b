/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The batch-wise loops of the state module: inner products, norms, axpy and scaling, and the
 * vectorized cos/sin behind per-element angles. Built like pl-state-kernels.c (one clone per
 * instruction set, no multiply-add contraction), so results do not depend on the CPU.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-state-private.h"

#include <math.h>
#include <string.h>

/* --- reductions and elementwise updates ------------------------------------------------
 *
 * With the batch innermost the sums run down columns: out[b] accumulates in a vector of
 * independent lanes, so the loops vectorize without reassociating any sum. A single state
 * is viewed as rows of 8 "virtual batch" lanes for the same reason; the 8 partial sums are
 * combined at the end in a fixed order, so the result does not depend on the instruction set. */

#define VLANES 8

PL_KERNEL void
_pl_state_inner_kernel (const double *xre,
                        const double *xim,
                        const double *yre,
                        const double *yim,
                        gsize         dim,
                        gsize         batch,
                        double       *out_re,
                        double       *out_im)
{
  double lane_re[VLANES], lane_im[VLANES];
  double *acc_re = out_re, *acc_im = out_im;
  gsize rows = dim, width = batch;

  if (batch == 1 && dim % VLANES == 0)
    {
      acc_re = lane_re, acc_im = lane_im;
      rows = dim / VLANES, width = VLANES;
    }

  memset (acc_re, 0, width * sizeof (double));
  memset (acc_im, 0, width * sizeof (double));
  for (gsize a = 0; a < rows; a++)
    {
      const double *restrict ar = xre + a * width, *restrict ai = xim + a * width;
      const double *restrict br = yre + a * width, *restrict bi = yim + a * width;
      double *restrict sr = acc_re, *restrict si = acc_im;

      for (gsize b = 0; b < width; b++)
        {
          sr[b] += ar[b] * br[b] + ai[b] * bi[b];
          si[b] += ar[b] * bi[b] - ai[b] * br[b];
        }
    }

  if (acc_re == lane_re)
    {
      out_re[0] = ((lane_re[0] + lane_re[1]) + (lane_re[2] + lane_re[3])) +
                  ((lane_re[4] + lane_re[5]) + (lane_re[6] + lane_re[7]));
      out_im[0] = ((lane_im[0] + lane_im[1]) + (lane_im[2] + lane_im[3])) +
                  ((lane_im[4] + lane_im[5]) + (lane_im[6] + lane_im[7]));
    }
}

PL_KERNEL void
_pl_state_norm2_kernel (const double *re,
                        const double *im,
                        gsize         dim,
                        gsize         batch,
                        double       *out)
{
  double lane[VLANES];
  double *acc = out;
  gsize rows = dim, width = batch;

  if (batch == 1 && dim % VLANES == 0)
    {
      acc = lane;
      rows = dim / VLANES, width = VLANES;
    }

  memset (acc, 0, width * sizeof (double));
  for (gsize a = 0; a < rows; a++)
    {
      const double *restrict ar = re + a * width, *restrict ai = im + a * width;
      double *restrict s = acc;

      for (gsize b = 0; b < width; b++)
        s[b] += ar[b] * ar[b] + ai[b] * ai[b];
    }

  if (acc == lane)
    out[0] = ((lane[0] + lane[1]) + (lane[2] + lane[3])) +
             ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

PL_INLINE void
axpy_run (double *restrict y, const double *restrict x, gsize n, double alpha)
{
  for (gsize j = 0; j < n; j++)
    y[j] += alpha * x[j];
}

PL_INLINE void
axpy_batch (double *restrict y, const double *restrict x, gsize n, const double *restrict alpha)
{
  for (gsize j = 0; j < n; j++)
    y[j] += alpha[j] * x[j];
}

PL_KERNEL void
_pl_state_axpy_kernel (double        *yre,
                       double        *yim,
                       const double  *xre,
                       const double  *xim,
                       gsize          dim,
                       gsize          batch,
                       const PlAngle *alpha)
{
  if (alpha->stride == 0 || batch == 1)
    {
      axpy_run (yre, xre, dim * batch, alpha->v[0]);
      axpy_run (yim, xim, dim * batch, alpha->v[0]);
      return;
    }
  for (gsize a = 0; a < dim * batch; a += batch)
    {
      axpy_batch (yre + a, xre + a, batch, alpha->v);
      axpy_batch (yim + a, xim + a, batch, alpha->v);
    }
}

PL_INLINE void
scale_run (double *restrict x, gsize n, double f)
{
  for (gsize j = 0; j < n; j++)
    x[j] *= f;
}

PL_INLINE void
scale_batch (double *restrict x, gsize n, const double *restrict f)
{
  for (gsize j = 0; j < n; j++)
    x[j] *= f[j];
}

PL_KERNEL void
_pl_state_scale_kernel (double        *re,
                        double        *im,
                        gsize          dim,
                        gsize          batch,
                        const PlAngle *factor)
{
  if (factor->stride == 0 || batch == 1)
    {
      scale_run (re, dim * batch, factor->v[0]);
      scale_run (im, dim * batch, factor->v[0]);
      return;
    }
  for (gsize a = 0; a < dim * batch; a += batch)
    {
      scale_batch (re + a, batch, factor->v);
      scale_batch (im + a, batch, factor->v);
    }
}

/* --- cos and sin of a batch of angles ---------------------------------------------------
 *
 * Per-element gates need cos and sin of B angles per gate, which through libm costs more than
 * the gate itself on a small register. This is the fdlibm method written so that it
 * vectorizes: Cody-Waite reduction by pi/2 in three parts (exact for |k| < 2^20), the
 * quadrant read from the low bits of the rounding constant, and the fdlibm __kernel_sin /
 * __kernel_cos minimax polynomials on [-pi/4, pi/4] (error below 2^-58 before rounding).
 * Arguments beyond SINCOS_MAX (and NaN, Inf) go through libm afterwards. */

#define SINCOS_MAX 1e5

PL_KERNEL void
_pl_sincos_kernel (const double *restrict x,
                   gsize                  n,
                   double                 scale,
                   double *restrict       c,
                   double *restrict       s)
{
  /* pi/2 = PIO2_1 + PIO2_2 + PIO2_3 + ..., the first two with 33 significant bits. */
  const double PIO2_1 = 1.57079632673412561417e+00;
  const double PIO2_2 = 6.07710050630396597660e-11;
  const double PIO2_3 = 2.02226624871116645580e-21;
  const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03;
  const double S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06;
  const double S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
  const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03;
  const double C3 = 2.48015872894767294178e-05, C4 = -2.75573143513906633035e-07;
  const double C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
  /* Adding 1.5 * 2^52 rounds to an integer k and leaves k mod 2^51 in the low bits. */
  const double ROUND = 0x1.8p52;

  for (gsize i = 0; i < n; i++)
    {
      double t = x[i] * scale;
      double y = t * M_2_PI + ROUND;
      double kf = y - ROUND;
      double r = ((t - kf * PIO2_1) - kf * PIO2_2) - kf * PIO2_3;
      double z = r * r;
      double sr = r + r * z * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
      double cr = 1.0 - 0.5 * z + z * z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
      gint64 q;
      double sv, cv;

      memcpy (&q, &y, sizeof q);
      /* sin x = sin r, cos r, -sin r, -cos r and cos x = cos r, -sin r, -cos r, sin r for
       * quadrant q = 0, 1, 2, 3. */
      sv = (q & 1) ? cr : sr;
      cv = (q & 1) ? sr : cr;
      s[i] = (q & 2) ? -sv : sv;
      c[i] = ((q + 1) & 2) ? -cv : cv;
    }

  for (gsize i = 0; i < n; i++)
    {
      double t = x[i] * scale;

      if (!(fabs (t) <= SINCOS_MAX))
        c[i] = cos (t), s[i] = sin (t);
    }
}
