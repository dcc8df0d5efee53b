/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-qlayer-tile-private.h: the tiled passes of the circuit jet layer, shared by
 * pl-qlayer-tile-plan.c (the plan), pl-qlayer-tile.c (the workspace, per-pass and per-tile
 * constants), pl-qlayer-tile-pass.c (the passes) and the operations on a tile:
 * pl-qlayer-tile-ops.c (gates), pl-qlayer-tile-obs.c (observables, single-rotation
 * gradients) and pl-qlayer-tile-k3.c (blocks for jets of one input to second order).
 *
 * A tile holds jet states for W = PL_QLAYER_TILE points: component c of amplitude a at point
 * l is at [map[a] + c W + l] of split real and imaginary arrays, where map[a] is the row (in
 * doubles, a multiple of K W) that amplitude a occupies. Permutation gates (X, CNOT, SWAP)
 * only change the map.
 *
 * The plan. Rotations exp(-i theta H) with the same generator H whose steps are separated
 * only by gates on other qubits commute into one rotation: their angles add, and each merged
 * step gets the same gradient, since 2 Im <Lambda| H |Psi> does not change under unitaries
 * that commute with H. A rotation by an angle jet is split as M = G(theta_0) T(dtheta):
 * G = cos(coef theta_0) - i sin(coef theta_0) P per point on every component, and
 *   T = C - i S P,  C, S the jets of cos and sin of coef dtheta (dtheta: no value component),
 * the identity plus a few products of lower components (C_0 = 1, S_0 = 0, C zero at first
 * order). Rotations about single-qubit Paulis on the same qubit form a BLOCK: per point one
 * 2x2 unitary U (the product of their G), after the T of the first one if its angle is a jet.
 * Its reverse pass takes, at the block's output and per point, the 2x2 matrices
 *   D_e[i][i'] = sum_{c - d = e} C(c, d) sum_r Psi_d[r, i] conj(Lambda_c[r, i'])
 * (r the other qubits); rotation j of the block then has
 *   dL/dtheta_e = 2 Im tr(A_j D_e),  A_j = V_j H_j V_j^dagger,
 * V_j the product of the block's later rotations, and U^dagger and T^-1 (T^dagger for
 * Lambda) un-compute the whole block in one more pass.
 */
#pragma once

#include "pl-qlayer-private.h"

G_BEGIN_DECLS

#define PL_TILE_MAX_ROTS 8   /* rotations per block */

/* Parts of a 2x2 D: the real and the imaginary parts of its diagonal, its off-diagonal. */
#define PL_TILE_D_DIAG_RE 1
#define PL_TILE_D_DIAG_IM 2
#define PL_TILE_D_OFF     4

typedef enum {
  PL_TILE_PERM,    /* X, CNOT, SWAP: a relabelling of the rows, no arithmetic */
  PL_TILE_FIXED,   /* the other fixed gates: a monomial or dense matrix */
  PL_TILE_ROT,     /* one rotation about a multi-qubit or controlled generator */
  PL_TILE_BLOCK,   /* rotations about single-qubit Paulis on one qubit */
} PlTileKind;

/* A fixed gate on groups of n = 2 or 4 amplitudes (the members, numbered like the gate's
 * matrix basis, i = w0 + 2 w1, at offsets off[i] from a base with the target bits clear):
 * monomial, out_i = (mr[i] + i mi[i]) in_perm[i], or dense, out_i = sum_j M_ij in_j. */
typedef struct {
  guint    n;
  gsize    off[4];
  gsize    mask;
  gboolean monomial;
  guint8   perm[4];
  gboolean ident[4];
  double   mr[16];
  double   mi[16];
} PlTileFixed;

/* The products of T = C - i S P in in-place order: groups of one destination component, each
 * with its terms C(c, d) C_e in_src (c_src, pair c_p) and C(c, d) S_e P in_src (s_src, s_p),
 * where (c, d) is pair p, e = c - d, and (dst, src) = (c, d), or (d, c) for the adjoint. */
typedef struct {
  guint  n_groups;
  guint8 dst[PL_JET_MAX_COMPONENTS];
  guint8 n_c[PL_JET_MAX_COMPONENTS];
  guint8 n_s[PL_JET_MAX_COMPONENTS];
  guint8 c_src[MAX_PAIRS];
  guint8 c_p[MAX_PAIRS];
  guint8 s_src[MAX_PAIRS];
  guint8 s_p[MAX_PAIRS];
} PlTileTerms;

/* A rotation exp(-i theta H) of the plan, theta the sum of its merged constant angles and
 * (when jet_step >= 0) the angle jet of that step's source. */
typedef struct {
  PlGenerator g;
  gint        jet_step;
  guint       first_const;    /* the merged constant steps: merged[first .. first + n) */
  guint       n_const;
  gboolean    grad;           /* some angle of it has a gradient to take */
  gboolean    need[PL_JET_MAX_COMPONENTS];   /* angle-jet components the chain rule reads */
} PlTileRot;

typedef struct {
  PlTileKind  kind;
  guint       support;        /* qubits touched, as a bit mask */
  PlTileFixed fwd;            /* PERM, FIXED */
  PlTileFixed inv;
  guint       n_rot;          /* ROT: 1; BLOCK: its rotations, in circuit order */
  guint       rot[PL_TILE_MAX_ROTS];
  gboolean    jet;            /* rotation rot[0] has an angle jet: T at the start */
  gboolean    act_c[PL_JET_MAX_COMPONENTS];   /* its components of C and S that can be */
  gboolean    act_s[PL_JET_MAX_COMPONENTS];   /* non-zero */
  PlTileTerms fwd_t;          /* the products of T, forward (and inverse) and adjoint */
  PlTileTerms adj_t;
  gboolean    grad;           /* some rotation has a gradient to take */
  guint       n_grad;         /* ROT: the component pairs its gradient reads */
  guint8      grad_pairs[MAX_PAIRS];
  guint       n_class;        /* BLOCK: the e of the D_e it accumulates, and which of */
  guint8      class_e[PL_JET_MAX_COMPONENTS];   /* their parts the A_j read (PL_TILE_D_*) */
  guint8      class_parts[PL_JET_MAX_COMPONENTS];
} PlTileOp;

struct _PlQLayerTile {
  gsize      dim;
  guint      K;
  gboolean   k3;         /* jets of one input to second order: the K = 3 block kernels */
  gsize      row;        /* K * W: the doubles of one amplitude */
  PlTileOp  *ops;
  gsize      n_ops;
  PlTileRot *rots;
  gsize      n_rots;
  guint     *merged;     /* step indices of the constant angles merged into the rotations */

  /* the pairs with e != 0 per destination component: forward (dst c = pc) and adjoint
   * (dst d = pd), in pair order; and all pairs by e */
  guint8     fwd_n[PL_JET_MAX_COMPONENTS];
  guint8     fwd_p[PL_JET_MAX_COMPONENTS][MAX_PAIRS];
  guint8     adj_n[PL_JET_MAX_COMPONENTS];
  guint8     adj_p[PL_JET_MAX_COMPONENTS][MAX_PAIRS];
  guint8     cls_n[PL_JET_MAX_COMPONENTS];
  guint8     cls_p[PL_JET_MAX_COMPONENTS][MAX_PAIRS];
  guint8     byc_n[PL_JET_MAX_COMPONENTS];   /* all pairs by c, and by d */
  guint8     byc_p[PL_JET_MAX_COMPONENTS][MAX_PAIRS];
  guint8     byd_n[PL_JET_MAX_COMPONENTS];
  guint8     byd_p[PL_JET_MAX_COMPONENTS][MAX_PAIRS];

  gsize     *map;        /* [dim] row offset of each amplitude */
  gsize     *xa, *xb;    /* [dim] T's amplitude pairs */
  double    *xf0, *xf1;  /* [dim] and their units */
  double    *block;
  double    *pr, *pi;    /* Psi [dim][K][W] */
  double    *lr, *li;    /* Lambda */
  double    *obr, *obi;  /* O Psi */
  double    *theta;      /* [K][W] angle jet */
  double    *cw, *sw;    /* [W] cos, sin (coef theta_0) */
  double    *cj, *sj;    /* [K][W] jets of cos, sin (coef dtheta) */
  double    *tc, *ts;    /* [n_pairs][W] C(c, d) C_e and C(c, d) S_e of pair (c, d) */
  const double *tcur_c;  /* those T uses: t->tc, or per pass for an input angle, whose */
  const double *tcur_s;  /* jet is the same at every point */
  double    *tcache;     /* [n_ops][2][n_pairs][W] */
  double    *odiag;      /* [n_obs][dim] the diagonal of each diagonal observable */
  double    *q;          /* [dim][n_pairs][W] products of Psi's components */
  gboolean  *diag;       /* [n_obs] */
  guint      n_diag;
  double    *gt;         /* [K][W] dL/dtheta */
  double    *acc;        /* [n_obs][K][W] expectation jets, output adjoints */
  double    *derivs;     /* [2 (max_order + 1)][W] */
  double    *xt;         /* [d][W] coordinates of the tile */
  double    *umat;       /* [8][W] a block's U per point: re 00 01 10 11, then im */
  double    *dmat;       /* [K][8][W] a block's D_e per point, by class */
  /* per rotation, once per pass */
  double    *angle;      /* [n_rots] the constant angle */
  double    *crot;       /* [n_rots][W] cos, sin (coef angle) (ROT with a constant angle) */
  double    *srot;
  double    *vmat;       /* [n_rots][8] BLOCK: V_j, then */
  double    *amat;       /* [n_rots][8] A_j, and */
  double    *wmat;       /* [n_rots][8] for the first rotation -i V_0 P_0 (U = c V_0 + s W) */
  double    *ucon;       /* [n_ops][8][W] U of the blocks without a jet */
  double    *g0;         /* [n_rots] sum over points of dL/dtheta_0 */
  double    *ga;         /* [n_rots] sum of dL/dtheta_0 x + dL/dtheta_first (INPUT scale) */
};

/* --- vectors of points -------------------------------------------------------------- */

/* The kernels' loop bodies work on vectors of V = 4 points (GCC vector extensions: one AVX
 * register, two SSE2 ones; wider generic vectors are lowered badly, with scalars broadcast
 * through the stack), so nothing depends on the compiler proving that rows of a tile do not
 * overlap. Loads and stores are typed: memcpy into a vector held in memory may be split into
 * halves, which the next full-width load then waits for (a failed store forward). */
#define PL_TILE_V 4
typedef double PlLanes __attribute__ ((vector_size (PL_TILE_V * sizeof (double))));
typedef double PlLanesU __attribute__ ((vector_size (PL_TILE_V * sizeof (double)), aligned (8)));

G_STATIC_ASSERT (PL_QLAYER_TILE % PL_TILE_V == 0);

#define PL_LD(v, p) ((v) = *(const PlLanesU *) (p))
#define PL_ST(p, v) (*(PlLanesU *) (p) = (v))

static inline guint
_pl_tile_parity (guint64 v)
{
  return __builtin_popcountll (v) & 1;
}

/* i^u as (re, im) */
static inline void
_pl_tile_unit (guint   u,
               double *re,
               double *im)
{
  static const double ur[4] = { 1, 0, -1, 0 };
  static const double ui[4] = { 0, 1, 0, -1 };

  *re = ur[u & 3];
  *im = ui[u & 3];
}

/* --- the plan and the passes (pl-qlayer-tile.c, -plan.c, -pass.c) ------------------- */

void _pl_qlayer_tile_build       (PlQLayerWork       *w,
                                  PlQLayerTile       *t);
/* Once per pass: the constant angles, the constant rotations and the blocks' V_j, A_j, U. */
void _pl_qlayer_tile_pass_constants (PlQLayerWork   *w,
                                     PlQLayerTile   *t,
                                     const double   *params);
/* For @op's jet rotation at the tile's points (coordinates in t->xt): cos and sin of
 * coef theta_0 in t->cw, t->sw, and the products of T in t->tcur_c, t->tcur_s. */
void _pl_qlayer_tile_jet_angle   (PlQLayerWork       *w,
                                  PlQLayerTile       *t,
                                  const PlTileOp     *op,
                                  const double       *params,
                                  const double       *ext_jets,
                                  gsize               b0,
                                  gsize               n);
/* The block's U at every point of the tile ([8][W]). */
const double *_pl_qlayer_tile_block_unitary (PlQLayerTile   *t,
                                             gsize           o,
                                             const PlTileOp *op);

/* --- the operations on a tile (pl-qlayer-tile-ops.c, -obs.c, -k3.c) ----------------- */

/* Psi <- (C - i sign S P) Psi on every component, C and S [W] per point. */
void _pl_qlayer_tile_rotate      (const PlQLayerTile *t,
                                  double             *re,
                                  double             *im,
                                  const PlGenerator  *g,
                                  const double       *C,
                                  const double       *S,
                                  double              sign);
/* Psi <- T Psi for T = C - i S P, C and S the jets of cos and sin of coef dtheta (their
 * products in t->tcur_c, t->tcur_s), on t->pr, t->pi; with @back, Psi <- T^-1 Psi =
 * (C + i S P) Psi and Lambda <- T^dagger Lambda = C *^T Lambda + i P (S *^T Lambda). */
void _pl_qlayer_tile_exp         (const PlQLayerWork *w,
                                  PlQLayerTile       *t,
                                  const PlTileOp     *op,
                                  const PlGenerator  *g,
                                  gboolean            back);
/* Psi <- U Psi (or with @adjoint U^dagger Psi) on the qubit of @bit, every component, with
 * U[8][W] per point. */
void _pl_qlayer_tile_unitary     (const PlQLayerTile *t,
                                  double             *re,
                                  double             *im,
                                  gsize               bit,
                                  const double       *U,
                                  gboolean            adjoint);
/* t->dmat <- D_e of the op's classes for the tile (@op NULL: no gradient wanted), then
 * Psi <- U^dagger Psi and Lambda <- U^dagger Lambda, U in @U[8][W]. */
void _pl_qlayer_tile_block_back  (const PlQLayerWork *w,
                                  PlQLayerTile       *t,
                                  const PlTileOp     *op,
                                  gsize               bit,
                                  const double       *U);
/* The same for jets of one input to second order (t->k3), a block in one sweep:
 * forward Psi <- U T Psi; reverse D_e (with @grad), then Psi <- T^-1 U^dagger Psi and
 * Lambda <- T^dagger U^dagger Lambda (pl-qlayer-tile-k3.c). */
void _pl_qlayer_tile_block_fwd_k3  (const PlQLayerWork *w,
                                    PlQLayerTile       *t,
                                    const PlTileOp     *op,
                                    const double       *U);
void _pl_qlayer_tile_block_back_k3 (const PlQLayerWork *w,
                                    PlQLayerTile       *t,
                                    const PlTileOp     *op,
                                    const double       *U,
                                    gboolean            grad);
void _pl_qlayer_tile_fixed       (const PlQLayerTile *t,
                                  double             *re,
                                  double             *im,
                                  const PlTileFixed  *f);
/* t->obr, t->obi <- O Psi in the identity layout (the operator of pl_observable_apply). */
void _pl_qlayer_tile_observable  (PlQLayerTile       *t,
                                  const PlObservable *obs);
/* E[i][c][W] = sum_{d <= c} C(c, d) Re <Psi_d| O_i |Psi_{c-d}> for every diagonal O_i at
 * once, from the products of Psi's components. */
void _pl_qlayer_tile_expect_diag (const PlQLayerWork *w,
                                  const PlQLayerTile *t,
                                  double             *E);
/* Lambda_d = sum_i sum_{c >= d} C(c, d) g_ic (O_i Psi)_{c-d} for the diagonal O_i and
 * their output adjoints g[i][c][W] (written: the first seed of Lambda). */
void _pl_qlayer_tile_seed_diag   (const PlQLayerWork *w,
                                  PlQLayerTile       *t,
                                  const double       *g);
/* E[c][W] = sum_{d <= c} C(c, d) Re <Psi_d| O |Psi_{c-d}> from Psi and O Psi. */
void _pl_qlayer_tile_expectation (const PlQLayerWork *w,
                                  const PlQLayerTile *t,
                                  double             *E);
/* Lambda_d += sum_{c >= d} C(c, d) g_c (O Psi)_{c-d} for the output adjoint g[c][W]. */
void _pl_qlayer_tile_seed        (const PlQLayerWork *w,
                                  PlQLayerTile       *t,
                                  const double       *g);
/* t->gt[e] = sum_{c >= e} C(c, e) 2 Im <Lambda_c| H |Psi_{c-e}> for the angle-jet components
 * the ROT op's chain rule reads (zero for the others). */
void _pl_qlayer_tile_gradient    (const PlQLayerWork *w,
                                  PlQLayerTile       *t,
                                  const PlTileOp     *op,
                                  const PlGenerator  *g);

G_END_DECLS
