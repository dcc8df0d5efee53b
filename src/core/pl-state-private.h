/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-state-private.h: the loop kernels behind pl-state.h, shared by pl-state.c (buffers,
 * reductions), pl-state-apply.c (which gate is which kernel) and pl-state-kernels.c (the
 * loops, compiled once per instruction set and picked at run time).
 */
#pragma once

#include "pl-state.h"
#include "pl-sincos-private.h"

G_BEGIN_DECLS

/* The hot loops are compiled for AVX-512F, AVX2 and the target's baseline; the dynamic loader
 * picks one on first call (pl_state_kernel_isa() names it). Without target_clones (non-x86,
 * other compilers) there is one generic build. */
#if HAVE_TARGET_CLONES
# define PL_KERNEL __attribute__ ((target_clones ("avx512f", "avx2", "default")))
#else
# define PL_KERNEL
#endif

#define PL_INLINE static inline __attribute__ ((always_inline))

/* Where a gate's amplitudes sit. A gate on target bits lo <= hi (lo == hi for one qubit)
 * acts on groups of amplitudes whose indices differ only in those bits. A group is named by
 * its base (the offset, in doubles, of the member with all target bits 0); bases come in
 * contiguous runs of @run doubles (2^lo * batch), because the lower bits and the batch index
 * vary fastest. Bases are
 *   h + r + j   for h = 0, step_hi, ... < total;  r = 0, 2 run, ... < span_hi;  j < run,
 * and member k of the group is at base + off[k]. Ops read the members they need. */
typedef struct {
  gsize total;   /* dim * batch */
  gsize batch;
  gsize run;
  gsize span_hi;
  gsize step_hi;
  gsize off[4];
} PlRuns;

/* What a kernel does to each group, and the coefficients k it reads. For the shared kernels
 * k holds scalars; for the per-element kernels k holds arrays of batch values, coefficient m
 * of element b at k[m * batch + b]. x_j is the amplitude at member j (complex). */
typedef enum {
  PL_OP_SWAP,    /* (x0, x1) <- (x1, x0)                                       k: -       */
  PL_OP_SWAP_Y,  /* (x0, x1) <- (-i x1, i x0)                                  k: -       */
  PL_OP_REAL2,   /* (x0, x1) <- [[a, b], [c, d]] (x0, x1), real matrix          k: a b c d */
  PL_OP_ROTX,    /* (x0, x1) <- [[c, -i s], [-i s, c]] (x0, x1)                 k: c s     */
  PL_OP_CPLX2,   /* (x0, x1) <- M (x0, x1), complex M row-major                 k: Mre Mim */
  PL_OP_DIAG2,   /* x0 <- d0 x0, x1 <- d1 x1                                    k: d0 d1   */
  PL_OP_PHASE1,  /* x1 <- d1 x1 (x0 untouched)                                  k: d1      */
  PL_OP_DIAG4,   /* x_j <- d_j x_j, j = 0..3                                    k: d0..d3  */
  PL_OP_ROTXX,   /* ROTX with (c, s03) on (x0, x3) and with (c, s12) on (x1, x2) k: c s03 s12 */
} PlOp;

/* Complex coefficients are stored as (re, im) pairs: d0 = k[0] + i k[1], and so on;
 * CPLX2 stores the four real parts, then the four imaginary parts. */

void _pl_state_kernel    (double        *re,
                          double        *im,
                          const PlRuns  *runs,
                          PlOp           op,
                          const double  *k);
/* Per-element coefficients; needs batch > 1 (runs are then whole batches). */
void _pl_state_kernel_pe (double        *re,
                          double        *im,
                          const PlRuns  *runs,
                          PlOp           op,
                          const double  *k);

/* out[b] = sum_a conj(x_{a,b}) y_{a,b} over dim amplitudes of batch elements. */
void _pl_state_inner_kernel (const double *xre,
                             const double *xim,
                             const double *yre,
                             const double *yim,
                             gsize         dim,
                             gsize         batch,
                             double       *out_re,
                             double       *out_im);
void _pl_state_norm2_kernel (const double *re,
                             const double *im,
                             gsize         dim,
                             gsize         batch,
                             double       *out);
/* y <- y + alpha[b * stride] x, and x <- factor[b * stride] x, over both arrays. */
void _pl_state_axpy_kernel  (double        *yre,
                             double        *yim,
                             const double  *xre,
                             const double  *xim,
                             gsize          dim,
                             gsize          batch,
                             const PlAngle *alpha);
void _pl_state_scale_kernel (double        *re,
                             double        *im,
                             gsize          dim,
                             gsize          batch,
                             const PlAngle *factor);


G_END_DECLS
