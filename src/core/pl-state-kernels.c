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

#include <string.h>

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

/* Runs of a few hundred doubles defeat the hardware prefetchers: each stream advances a few
 * cache lines, then jumps past its partner's run, and the next run starts cold. So these walks
 * go in chunks of one cache line and prefetch, for every member, the line PF_AHEAD doubles
 * further along the walk's own order (into the next run when this one ends). */
#define PF_AHEAD   512
#define PF_MIN_RUN 32
#define PF_MAX_RUN 4096

typedef struct {
  gsize base;   /* the run being prefetched */
  gsize col;    /* position inside it */
  gsize h_end;  /* end of its outer block */
} PfCursor;

static inline void
pf_advance (PfCursor     *cur,
            const PlRuns *g,
            gsize         n)
{
  cur->col += n;
  while (cur->col >= g->run)
    {
      cur->col -= g->run;
      cur->base += 2 * g->run;
      if (cur->base >= cur->h_end)
        {
          cur->base += g->step_hi - g->span_hi;
          cur->h_end += g->step_hi;
        }
    }
}

static inline void
pf_issue (const double *re,
          const double *im,
          const PlRuns *g,
          PfCursor     *cur,
          guint         n_members)
{
  if (cur->base < g->total)
    for (guint m = 0; m < n_members; m++)
      {
        __builtin_prefetch (re + cur->base + cur->col + g->off[m], 1, 3);
        __builtin_prefetch (im + cur->base + cur->col + g->off[m], 1, 3);
      }
  pf_advance (cur, g, 8);
}

#define WALK(OP, PTRS, N_MEMBERS)                                                        \
  do                                                                                     \
    {                                                                                    \
      if (g->run == 1)                                                                   \
        for (gsize h = 0; h < g->total; h += g->step_hi)                                 \
          OP (PTRS (h), g->span_hi / 2, 2, k);                                           \
      else if (g->run == 4)                                                              \
        for (gsize h = 0; h < g->total; h += g->step_hi)                                 \
          for (gsize r = h; r < h + g->span_hi; r += 8)                                  \
            OP (PTRS (r), 4, 1, k);                                                      \
      else if (g->run >= PF_MIN_RUN && g->run < PF_MAX_RUN)                              \
        {                                                                                \
          PfCursor cur = { 0, 0, g->span_hi };                                           \
                                                                                         \
          pf_advance (&cur, g, PF_AHEAD);                                                \
          for (gsize h = 0; h < g->total; h += g->step_hi)                               \
            for (gsize r = h; r < h + g->span_hi; r += 2 * g->run)                       \
              {                                                                          \
                gsize c = 0;                                                             \
                                                                                         \
                for (; c + 8 <= g->run; c += 8)                                          \
                  {                                                                      \
                    pf_issue (re, im, g, &cur, N_MEMBERS);                               \
                    OP (PTRS (r + c), 8, 1, k);                                          \
                  }                                                                      \
                if (c < g->run)                                                          \
                  OP (PTRS (r + c), g->run - c, 1, k);                                   \
              }                                                                          \
        }                                                                                \
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
    case PL_OP_SWAP:   WALK (op_swap, PAIR_PTRS, 2);   break;
    case PL_OP_SWAP_Y: WALK (op_swap_y, PAIR_PTRS, 2); break;
    case PL_OP_REAL2:  WALK (op_real2, PAIR_PTRS, 2);  break;
    case PL_OP_ROTX:   WALK (op_rotx, PAIR_PTRS, 2);   break;
    case PL_OP_CPLX2:  WALK (op_cplx2, PAIR_PTRS, 2);  break;
    case PL_OP_DIAG2:  WALK (op_diag2, PAIR_PTRS, 2);  break;
    case PL_OP_PHASE1: WALK (op_phase1, PAIR_PTRS, 2); break;
    case PL_OP_DIAG4:  WALK (op_diag4, QUAD_PTRS, 4);  break;
    case PL_OP_ROTXX:  WALK (op_rotxx, QUAD_PTRS, 4);  break;
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
