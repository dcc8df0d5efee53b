/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-qlayer-tile-private.h: the tiled passes of the circuit jet layer, shared by
 * pl-qlayer-tile.c (the plan and the passes) and pl-qlayer-tile-ops.c (the operations on a
 * tile).
 *
 * A tile holds jet states for W = PL_QLAYER_TILE points: component c of amplitude a at point
 * l is at [map[a] + c W + l] of split real and imaginary arrays, where map[a] is the row (in
 * doubles, a multiple of K W) that amplitude a currently occupies. Permutation gates (X, CNOT,
 * SWAP) only change the map.
 */
#pragma once

#include "pl-qlayer-private.h"

G_BEGIN_DECLS

typedef enum {
  PL_TILE_PERM,    /* X, CNOT, SWAP: a relabelling of the rows, no arithmetic */
  PL_TILE_FIXED,   /* the other fixed gates: a monomial or dense matrix */
  PL_TILE_CONST,   /* a rotation by an angle shared by all points and components */
  PL_TILE_JET,     /* a rotation by an angle jet that varies with the point */
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

/* One operation of the tiled plan. Rotations exp(-i theta H) with the same generator H whose
 * steps are separated only by gates on other qubits commute into one: their angles add, and
 * every merged step gets the same gradient (2 Im <Lambda| H |Psi> does not change under
 * unitaries that commute with H). A JET rotation is split as M = G(theta_0) T(dtheta):
 * G = cos(coef theta_0) - i sin(coef theta_0) P per point on every component, and
 *   T = C - i S P,  C, S the jets of cos and sin of coef dtheta (dtheta: no value component),
 * which is the identity plus a few products of lower components (C_0 = 1, S_0 = 0, and C is
 * zero at first order). */
typedef struct {
  PlTileKind  kind;
  PlGenerator g;
  guint       support;          /* qubits touched, as a bit mask */
  PlTileFixed fwd;              /* PERM, FIXED */
  PlTileFixed inv;
  gint        jet_step;         /* JET: the step whose source is the angle jet */
  guint       first_const;      /* the merged constant steps: merged[first .. first + n) */
  guint       n_const;
  gboolean    act_c[PL_JET_MAX_COMPONENTS];   /* JET: components of C and S that can be */
  gboolean    act_s[PL_JET_MAX_COMPONENTS];   /* non-zero */
  gboolean    grad;             /* some merged angle has a gradient to take */
  guint       n_grad;           /* the component pairs the chain rule reads */
  guint8      grad_pairs[MAX_PAIRS];
} PlTileOp;

struct _PlQLayerTile {
  gsize     dim;
  guint     K;
  gsize     row;        /* K * W: the doubles of one amplitude */
  PlTileOp *ops;
  gsize     n_ops;
  guint    *merged;     /* step indices of the constant angles merged into the ops */

  /* per destination component, the pairs that write it: forward (dst c = pc) and adjoint
   * (dst d = pd), in pair order */
  guint8    fwd_n[PL_JET_MAX_COMPONENTS];
  guint8    fwd_p[PL_JET_MAX_COMPONENTS][MAX_PAIRS];
  guint8    adj_n[PL_JET_MAX_COMPONENTS];
  guint8    adj_p[PL_JET_MAX_COMPONENTS][MAX_PAIRS];

  gsize    *map;        /* [dim] row offset of each amplitude */
  double   *block;
  double   *pr, *pi;    /* Psi [dim][K][W] */
  double   *lr, *li;    /* Lambda */
  double   *obr, *obi;  /* O Psi */
  double   *theta;      /* [K][W] angle jet */
  double   *cw, *sw;    /* [W] cos, sin (coef theta_0) of the current JET op */
  double   *cj, *sj;    /* [K][W] jets of cos, sin (coef dtheta) */
  double   *gt;         /* [K][W] dL/dtheta */
  double   *acc;        /* [K][W] expectation jets, output adjoints */
  double   *derivs;     /* [2 (max_order + 1)][W] */
  double   *xt;         /* [d][W] coordinates of the tile */
  double   *angle;      /* [n_ops] the constant angle of each op */
  double   *cconst;     /* [n_ops][W] cos, sin (coef angle) of the CONST ops */
  double   *sconst;
  double   *g0;         /* [n_ops] sum over points of dL/dtheta_0 */
  double   *ga;         /* [n_ops] sum of dL/dtheta_0 x + dL/dtheta_first (INPUT scale) */
};

/* Psi <- (C - i sign S P) Psi on every component, C and S [W] per point. */
void _pl_qlayer_tile_rotate      (const PlQLayerTile *t,
                                  double             *re,
                                  double             *im,
                                  const PlGenerator  *g,
                                  const double       *C,
                                  const double       *S,
                                  double              sign);
/* Psi <- T Psi for T = C - i sign S P, C and S the jets of cos and sin of coef dtheta in
 * t->cj, t->sj (sign -1: T^-1), or with @adjoint Psi <- T^dagger Psi = C *^T Psi +
 * i P (S *^T Psi). */
void _pl_qlayer_tile_exp         (const PlQLayerWork *w,
                                  const PlQLayerTile *t,
                                  double             *re,
                                  double             *im,
                                  const PlTileOp     *op,
                                  double              sign,
                                  gboolean            adjoint);
void _pl_qlayer_tile_fixed       (const PlQLayerTile *t,
                                  double             *re,
                                  double             *im,
                                  const PlTileFixed  *f);
/* t->obr, t->obi <- O Psi in the identity layout (the operator of pl_observable_apply). */
void _pl_qlayer_tile_observable  (PlQLayerTile       *t,
                                  const PlObservable *obs);
/* E[c][W] = sum_{d <= c} C(c, d) Re <Psi_d| O |Psi_{c-d}> from Psi and O Psi. */
void _pl_qlayer_tile_expectation (const PlQLayerWork *w,
                                  const PlQLayerTile *t,
                                  double             *E);
/* Lambda_d += sum_{c >= d} C(c, d) g_c (O Psi)_{c-d} for the output adjoint g[c][W]. */
void _pl_qlayer_tile_seed        (const PlQLayerWork *w,
                                  PlQLayerTile       *t,
                                  const double       *g);
/* t->gt[e] = sum_{c >= e} C(c, e) 2 Im <Lambda_c| H |Psi_{c-e}> for the angle-jet components
 * the op's chain rule reads (zero for the others). */
void _pl_qlayer_tile_gradient    (const PlQLayerWork *w,
                                  PlQLayerTile       *t,
                                  const PlTileOp     *op);

G_END_DECLS
