/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The loops of the statevector kernels. Each entry point is compiled for AVX-512F, AVX2 and
 * the baseline of the target (GCC target_clones); the dynamic loader picks one on first call.
 * This file is built with -ffp-contract=off so that no clone fuses a multiply and an add:
 * every clone then rounds exactly like the others, and results do not depend on the CPU.
 *
 * The ops are always-inline functions over restrict-qualified runs, called with a literal
 * stride so that each instantiation is a plain unit-stride (or stride-2) loop the vectorizer
 * turns into packed loads and stores.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-state-private.h"

#include <math.h>
#include <string.h>

#if HAVE_TARGET_CLONES
# define PL_KERNEL __attribute__ ((target_clones ("avx512f", "avx2", "default")))
#else
# define PL_KERNEL
#endif

#define PL_INLINE static inline __attribute__ ((always_inline))

#define PAIR_ARGS double *restrict r0, double *restrict i0, \
                  double *restrict r1, double *restrict i1
#define QUAD_ARGS double *restrict r0, double *restrict i0, \
                  double *restrict r1, double *restrict i1, \
                  double *restrict r2, double *restrict i2, \
                  double *restrict r3, double *restrict i3

/* --- ops with coefficients shared by the whole batch: n entries at stride st ---------- */

PL_INLINE void
op_swap (PAIR_ARGS, gsize n, gsize st, const double *k)
{
  for (gsize x = 0; x < n; x++)
    {
      const gsize j = x * st;
      double tr = r0[j], ti = i0[j];

      r0[j] = r1[j], i0[j] = i1[j];
      r1[j] = tr, i1[j] = ti;
    }
}

PL_INLINE void
op_swap_y (PAIR_ARGS, gsize n, gsize st, const double *k)
{
  for (gsize x = 0; x < n; x++)
    {
      const gsize j = x * st;
      double ar = r0[j], ai = i0[j];

      r0[j] = i1[j], i0[j] = -r1[j];
      r1[j] = -ai, i1[j] = ar;
    }
}

PL_INLINE void
op_real2 (PAIR_ARGS, gsize n, gsize st, const double *k)
{
  const double a = k[0], b = k[1], c = k[2], d = k[3];

  for (gsize x = 0; x < n; x++)
    {
      const gsize j = x * st;
      double ar = r0[j], ai = i0[j], br = r1[j], bi = i1[j];

      r0[j] = a * ar + b * br, i0[j] = a * ai + b * bi;
      r1[j] = c * ar + d * br, i1[j] = c * ai + d * bi;
    }
}

PL_INLINE void
op_rotx (PAIR_ARGS, gsize n, gsize st, const double *k)
{
  const double c = k[0], s = k[1];

  for (gsize x = 0; x < n; x++)
    {
      const gsize j = x * st;
      double ar = r0[j], ai = i0[j], br = r1[j], bi = i1[j];

      r0[j] = c * ar + s * bi, i0[j] = c * ai - s * br;
      r1[j] = c * br + s * ai, i1[j] = c * bi - s * ar;
    }
}

PL_INLINE void
op_cplx2 (PAIR_ARGS, gsize n, gsize st, const double *k)
{
  const double m00r = k[0], m01r = k[1], m10r = k[2], m11r = k[3];
  const double m00i = k[4], m01i = k[5], m10i = k[6], m11i = k[7];

  for (gsize x = 0; x < n; x++)
    {
      const gsize j = x * st;
      double ar = r0[j], ai = i0[j], br = r1[j], bi = i1[j];

      r0[j] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      i0[j] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      r1[j] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
      i1[j] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
    }
}

PL_INLINE void
op_diag2 (PAIR_ARGS, gsize n, gsize st, const double *k)
{
  const double d0r = k[0], d0i = k[1], d1r = k[2], d1i = k[3];

  for (gsize x = 0; x < n; x++)
    {
      const gsize j = x * st;
      double ar = r0[j], ai = i0[j], br = r1[j], bi = i1[j];

      r0[j] = d0r * ar - d0i * ai, i0[j] = d0r * ai + d0i * ar;
      r1[j] = d1r * br - d1i * bi, i1[j] = d1r * bi + d1i * br;
    }
}

PL_INLINE void
op_phase1 (PAIR_ARGS, gsize n, gsize st, const double *k)
{
  const double dr = k[0], di = k[1];

  for (gsize x = 0; x < n; x++)
    {
      const gsize j = x * st;
      double br = r1[j], bi = i1[j];

      r1[j] = dr * br - di * bi, i1[j] = dr * bi + di * br;
    }
}

PL_INLINE void
op_diag4 (QUAD_ARGS, gsize n, gsize st, const double *k)
{
  for (gsize x = 0; x < n; x++)
    {
      const gsize j = x * st;
      double ar = r0[j], ai = i0[j], br = r1[j], bi = i1[j];
      double cr = r2[j], ci = i2[j], dr = r3[j], di = i3[j];

      r0[j] = k[0] * ar - k[1] * ai, i0[j] = k[0] * ai + k[1] * ar;
      r1[j] = k[2] * br - k[3] * bi, i1[j] = k[2] * bi + k[3] * br;
      r2[j] = k[4] * cr - k[5] * ci, i2[j] = k[4] * ci + k[5] * cr;
      r3[j] = k[6] * dr - k[7] * di, i3[j] = k[6] * di + k[7] * dr;
    }
}

PL_INLINE void
op_rotxx (QUAD_ARGS, gsize n, gsize st, const double *k)
{
  const double c = k[0], s = k[1], t = k[2];

  for (gsize x = 0; x < n; x++)
    {
      const gsize j = x * st;
      double ar = r0[j], ai = i0[j], dr = r3[j], di = i3[j];
      double br = r1[j], bi = i1[j], cr = r2[j], ci = i2[j];

      r0[j] = c * ar + s * di, i0[j] = c * ai - s * dr;
      r3[j] = c * dr + s * ai, i3[j] = c * di - s * ar;
      r1[j] = c * br + t * ci, i1[j] = c * bi - t * cr;
      r2[j] = c * cr + t * bi, i2[j] = c * ci - t * br;
    }
}

/* --- the same ops with per-element coefficients: one batch of B entries --------------- */

PL_INLINE void
op_real2_pe (PAIR_ARGS, gsize B, const double *k)
{
  const double *a = k, *b = k + B, *c = k + 2 * B, *d = k + 3 * B;

  for (gsize j = 0; j < B; j++)
    {
      double ar = r0[j], ai = i0[j], br = r1[j], bi = i1[j];

      r0[j] = a[j] * ar + b[j] * br, i0[j] = a[j] * ai + b[j] * bi;
      r1[j] = c[j] * ar + d[j] * br, i1[j] = c[j] * ai + d[j] * bi;
    }
}

PL_INLINE void
op_rotx_pe (PAIR_ARGS, gsize B, const double *k)
{
  const double *c = k, *s = k + B;

  for (gsize j = 0; j < B; j++)
    {
      double ar = r0[j], ai = i0[j], br = r1[j], bi = i1[j];

      r0[j] = c[j] * ar + s[j] * bi, i0[j] = c[j] * ai - s[j] * br;
      r1[j] = c[j] * br + s[j] * ai, i1[j] = c[j] * bi - s[j] * ar;
    }
}

PL_INLINE void
op_cplx2_pe (PAIR_ARGS, gsize B, const double *k)
{
  const double *m00r = k, *m01r = k + B, *m10r = k + 2 * B, *m11r = k + 3 * B;
  const double *m00i = k + 4 * B, *m01i = k + 5 * B, *m10i = k + 6 * B, *m11i = k + 7 * B;

  for (gsize j = 0; j < B; j++)
    {
      double ar = r0[j], ai = i0[j], br = r1[j], bi = i1[j];

      r0[j] = m00r[j] * ar - m00i[j] * ai + m01r[j] * br - m01i[j] * bi;
      i0[j] = m00r[j] * ai + m00i[j] * ar + m01r[j] * bi + m01i[j] * br;
      r1[j] = m10r[j] * ar - m10i[j] * ai + m11r[j] * br - m11i[j] * bi;
      i1[j] = m10r[j] * ai + m10i[j] * ar + m11r[j] * bi + m11i[j] * br;
    }
}

PL_INLINE void
op_diag2_pe (PAIR_ARGS, gsize B, const double *k)
{
  const double *d0r = k, *d0i = k + B, *d1r = k + 2 * B, *d1i = k + 3 * B;

  for (gsize j = 0; j < B; j++)
    {
      double ar = r0[j], ai = i0[j], br = r1[j], bi = i1[j];

      r0[j] = d0r[j] * ar - d0i[j] * ai, i0[j] = d0r[j] * ai + d0i[j] * ar;
      r1[j] = d1r[j] * br - d1i[j] * bi, i1[j] = d1r[j] * bi + d1i[j] * br;
    }
}

PL_INLINE void
mul_batch (double *restrict r, double *restrict i, gsize B,
           const double *restrict dr, const double *restrict di)
{
  for (gsize j = 0; j < B; j++)
    {
      double xr = r[j], xi = i[j];

      r[j] = dr[j] * xr - di[j] * xi, i[j] = dr[j] * xi + di[j] * xr;
    }
}

PL_INLINE void
op_phase1_pe (PAIR_ARGS, gsize B, const double *k)
{
  mul_batch (r1, i1, B, k, k + B);
}

PL_INLINE void
op_diag4_pe (QUAD_ARGS, gsize B, const double *k)
{
  mul_batch (r0, i0, B, k, k + B);
  mul_batch (r1, i1, B, k + 2 * B, k + 3 * B);
  mul_batch (r2, i2, B, k + 4 * B, k + 5 * B);
  mul_batch (r3, i3, B, k + 6 * B, k + 7 * B);
}

PL_INLINE void
op_rotxx_pe (QUAD_ARGS, gsize B, const double *k)
{
  const double *c = k, *s = k + B, *t = k + 2 * B;

  for (gsize j = 0; j < B; j++)
    {
      double ar = r0[j], ai = i0[j], dr = r3[j], di = i3[j];
      double br = r1[j], bi = i1[j], cr = r2[j], ci = i2[j];

      r0[j] = c[j] * ar + s[j] * di, i0[j] = c[j] * ai - s[j] * dr;
      r3[j] = c[j] * dr + s[j] * ai, i3[j] = c[j] * di - s[j] * ar;
      r1[j] = c[j] * br + t[j] * ci, i1[j] = c[j] * bi - t[j] * cr;
      r2[j] = c[j] * cr + t[j] * bi, i2[j] = c[j] * ci - t[j] * br;
    }
}

/* --- pairs closer than a vector ------------------------------------------------------
 *
 * A gate on qubit 0 or 1 of a single state pairs amplitudes 1 or 2 doubles apart, so its runs
 * are shorter than a vector. Four consecutive doubles then hold whole pairs, laid out
 * [x0 x1 x0 x1] or [x0 x0 x1 x1]; one shuffle puts every amplitude in its partner's lane and
 * the op becomes out = D v + O swap(v), D and O the diagonal and off-diagonal entries of the
 * op's 2x2 matrix in the same layout. The arithmetic is the CPLX2 formula term by term. */

typedef double PlV4 __attribute__ ((vector_size (32)));

/* GCC and Clang spell a constant lane permutation differently. */
#if defined(__clang__)
# define SHUFFLE(v, a, b, c, d) __builtin_shufflevector ((v), (v), a, b, c, d)
#else
typedef gint64 PlV4i __attribute__ ((vector_size (32)));
# define SHUFFLE(v, a, b, c, d) __builtin_shuffle ((v), (PlV4i) { a, b, c, d })
#endif

/* The 2x2 matrix of a pair op; FALSE for the ops on four members. */
static gboolean
pair_matrix (PlOp          op,
             const double *k,
             double       *mre,
             double       *mim)
{
  memset (mre, 0, 4 * sizeof (double));
  memset (mim, 0, 4 * sizeof (double));
  switch (op)
    {
    case PL_OP_SWAP:
      mre[1] = mre[2] = 1;
      return TRUE;
    case PL_OP_SWAP_Y:
      mim[1] = -1, mim[2] = 1;
      return TRUE;
    case PL_OP_REAL2:
      memcpy (mre, k, 4 * sizeof (double));
      return TRUE;
    case PL_OP_ROTX:
      mre[0] = mre[3] = k[0], mim[1] = mim[2] = -k[1];
      return TRUE;
    case PL_OP_CPLX2:
      memcpy (mre, k, 4 * sizeof (double));
      memcpy (mim, k + 4, 4 * sizeof (double));
      return TRUE;
    case PL_OP_DIAG2:
      mre[0] = k[0], mim[0] = k[1], mre[3] = k[2], mim[3] = k[3];
      return TRUE;
    case PL_OP_PHASE1:
      mre[0] = 1, mre[3] = k[0], mim[3] = k[1];
      return TRUE;
    case PL_OP_DIAG4:
    case PL_OP_ROTXX:
    default:
      return FALSE;
    }
}

#define LOAD4(v, p)  memcpy (&(v), (p), sizeof (PlV4))
#define STORE4(p, v) memcpy ((p), &(v), sizeof (PlV4))

/* One block of four doubles; real matrices (RY, H, X) skip the cross terms. */
#define ADJACENT_BLOCK(A, B, C, D)                                                       \
  do                                                                                     \
    {                                                                                    \
      PlV4 vr, vi, wr, wi, nr, ni;                                                       \
                                                                                         \
      LOAD4 (vr, re + j);                                                                \
      LOAD4 (vi, im + j);                                                                \
      wr = SHUFFLE (vr, A, B, C, D), wi = SHUFFLE (vi, A, B, C, D);                      \
      if (real)                                                                          \
        nr = dr * vr + or * wr, ni = dr * vi + or * wi;                                  \
      else                                                                               \
        nr = dr * vr - di * vi + or * wr - oi * wi,                                      \
        ni = dr * vi + di * vr + or * wi + oi * wr;                                      \
      STORE4 (re + j, nr);                                                               \
      STORE4 (im + j, ni);                                                               \
    }                                                                                    \
  while (0)

/* Pairs (p[j], p[j + run]) in blocks of 2 run doubles over [0, len). */
PL_INLINE void
adjacent_pairs (double *restrict re,
                double *restrict im,
                gsize            len,
                gsize            run,
                const double    *m,
                const double    *mi)
{
  const gboolean real = mi[0] == 0 && mi[1] == 0 && mi[2] == 0 && mi[3] == 0;
  PlV4 dr, di, or, oi;
  gsize j = 0;

  if (run == 1)
    {
      dr = (PlV4) { m[0], m[3], m[0], m[3] }, di = (PlV4) { mi[0], mi[3], mi[0], mi[3] };
      or = (PlV4) { m[1], m[2], m[1], m[2] }, oi = (PlV4) { mi[1], mi[2], mi[1], mi[2] };
      if (real)
        for (; j + 4 <= len; j += 4)
          ADJACENT_BLOCK (1, 0, 3, 2);
      else
        for (; j + 4 <= len; j += 4)
          ADJACENT_BLOCK (1, 0, 3, 2);
    }
  else
    {
      dr = (PlV4) { m[0], m[0], m[3], m[3] }, di = (PlV4) { mi[0], mi[0], mi[3], mi[3] };
      or = (PlV4) { m[1], m[1], m[2], m[2] }, oi = (PlV4) { mi[1], mi[1], mi[2], mi[2] };
      if (real)
        for (; j + 4 <= len; j += 4)
          ADJACENT_BLOCK (2, 3, 0, 1);
      else
        for (; j + 4 <= len; j += 4)
          ADJACENT_BLOCK (2, 3, 0, 1);
    }

  /* A single pair is left only for one qubit (len 2). */
  for (; j < len; j += 2 * run)
    for (gsize t = j; t < j + run; t++)
      {
        double ar = re[t], ai = im[t], br = re[t + run], bi = im[t + run];

        re[t] = m[0] * ar - mi[0] * ai + m[1] * br - mi[1] * bi;
        im[t] = m[0] * ai + mi[0] * ar + m[1] * bi + mi[1] * br;
        re[t + run] = m[3] * br - mi[3] * bi + m[2] * ar - mi[2] * ai;
        im[t + run] = m[3] * bi + mi[3] * br + m[2] * ai + mi[2] * ar;
      }
}

/* --- walking the groups ----------------------------------------------------------------
 *
 * With run == 1 (a two-qubit gate on qubit 0 of a single state, pairing across the other
 * wire) consecutive bases are two apart, so the whole inner walk is one stride-2 loop
 * instead of many loops of one element. Runs of 4 get a loop of constant length, which the
 * compiler turns into straight vector code without loop overhead. */

#define PAIR_PTRS(base) \
  re + (base) + g->off[0], im + (base) + g->off[0], re + (base) + g->off[1], im + (base) + g->off[1]
#define QUAD_PTRS(base) \
  PAIR_PTRS (base), re + (base) + g->off[2], im + (base) + g->off[2], \
  re + (base) + g->off[3], im + (base) + g->off[3]

#define WALK(OP, PTRS)                                                                   \
  do                                                                                     \
    {                                                                                    \
      if (g->run == 1)                                                                   \
        for (gsize h = 0; h < g->total; h += g->step_hi)                                 \
          OP (PTRS (h), g->span_hi / 2, 2, k);                                           \
      else if (g->run == 4)                                                              \
        for (gsize h = 0; h < g->total; h += g->step_hi)                                 \
          for (gsize r = h; r < h + g->span_hi; r += 8)                                  \
            OP (PTRS (r), 4, 1, k);                                                      \
      else                                                                               \
        for (gsize h = 0; h < g->total; h += g->step_hi)                                 \
          for (gsize r = h; r < h + g->span_hi; r += 2 * g->run)                         \
            OP (PTRS (r), g->run, 1, k);                                                 \
    }                                                                                    \
  while (0)

#define WALK_PE(OP, PTRS)                                                                \
  do                                                                                     \
    {                                                                                    \
      for (gsize h = 0; h < g->total; h += g->step_hi)                                   \
        for (gsize r = h; r < h + g->span_hi; r += 2 * g->run)                           \
          for (gsize j = r; j < r + g->run; j += g->batch)                               \
            OP (PTRS (j), g->batch, k);                                                  \
    }                                                                                    \
  while (0)

PL_KERNEL void
_pl_state_kernel (double        *re,
                  double        *im,
                  const PlRuns  *g,
                  PlOp           op,
                  const double  *k)
{
  double mre[4], mim[4];

  /* Partners in the same vector: the pairs of each block tile [off0, off0 + span_hi). */
  if (g->run <= 2 && g->off[1] == g->off[0] + g->run && pair_matrix (op, k, mre, mim))
    {
      for (gsize h = 0; h < g->total; h += g->step_hi)
        adjacent_pairs (re + h + g->off[0], im + h + g->off[0], g->span_hi, g->run, mre, mim);
      return;
    }

  switch (op)
    {
    case PL_OP_SWAP:   WALK (op_swap, PAIR_PTRS);   break;
    case PL_OP_SWAP_Y: WALK (op_swap_y, PAIR_PTRS); break;
    case PL_OP_REAL2:  WALK (op_real2, PAIR_PTRS);  break;
    case PL_OP_ROTX:   WALK (op_rotx, PAIR_PTRS);   break;
    case PL_OP_CPLX2:  WALK (op_cplx2, PAIR_PTRS);  break;
    case PL_OP_DIAG2:  WALK (op_diag2, PAIR_PTRS);  break;
    case PL_OP_PHASE1: WALK (op_phase1, PAIR_PTRS); break;
    case PL_OP_DIAG4:  WALK (op_diag4, QUAD_PTRS);  break;
    case PL_OP_ROTXX:  WALK (op_rotxx, QUAD_PTRS);  break;
    default:
      g_assert_not_reached ();
    }
}

PL_KERNEL void
_pl_state_kernel_pe (double        *re,
                     double        *im,
                     const PlRuns  *g,
                     PlOp           op,
                     const double  *k)
{
  switch (op)
    {
    case PL_OP_REAL2:  WALK_PE (op_real2_pe, PAIR_PTRS);  break;
    case PL_OP_ROTX:   WALK_PE (op_rotx_pe, PAIR_PTRS);   break;
    case PL_OP_CPLX2:  WALK_PE (op_cplx2_pe, PAIR_PTRS);  break;
    case PL_OP_DIAG2:  WALK_PE (op_diag2_pe, PAIR_PTRS);  break;
    case PL_OP_PHASE1: WALK_PE (op_phase1_pe, PAIR_PTRS); break;
    case PL_OP_DIAG4:  WALK_PE (op_diag4_pe, QUAD_PTRS);  break;
    case PL_OP_ROTXX:  WALK_PE (op_rotxx_pe, QUAD_PTRS);  break;
    case PL_OP_SWAP:
    case PL_OP_SWAP_Y:
    default:
      g_assert_not_reached ();
    }
}

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
