/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-qlayer-private.h: the circuit jet layer's workspace, shared by pl-qlayer.c (passes,
 * gradients) and pl-qlayer-gate.c (gates on jet states).
 */
#pragma once

#include "pl-qlayer.h"
#include "pl-state-private-gen.h"

G_BEGIN_DECLS

#define MAX_PAIRS (PL_JET_MAX_COMPONENTS * PL_JET_MAX_COMPONENTS)

/* The batch loops of the jet layer are its hot spots: compile them for AVX2 too and let the
 * loader pick (the default build must run on any x86-64). */
#if HAVE_TARGET_CLONES
# define PL_HOT __attribute__ ((target_clones ("avx2", "default")))
#else
# define PL_HOT
#endif

/* Parameter-shift jets (pl-qlayer-shift.c): a shift point moves at most this many
 * input-dependent rotations by +-pi/2 (the expansion order is at most 3 + 1). */
#define PL_SHIFT_MAX_SUPPORT 4

typedef struct {
  guint8 n;
  gint8  sign[PL_SHIFT_MAX_SUPPORT];
  guint  g[PL_SHIFT_MAX_SUPPORT];
} ShiftPoint;

typedef struct _PlShiftSet PlShiftSet;
/* Points per tile of the tiled passes (pl-qlayer-tile.c). */
#define PL_QLAYER_TILE 8

typedef struct _PlQLayerTile PlQLayerTile;

/* One gate of the lowered circuit: U3/ROT become three rotations. */
typedef struct {
  PlGate gate;
  guint  op;
  gint   k;       /* the op's angle this step uses, -1 for a fixed gate */
} Step;

struct _PlQLayerWork {
  const PlCircuit     *circuit;
  PlJetSpec            spec;
  gsize                batch;
  guint                n_obs;
  PlObservable *const *obs;
  guint                K;

  Step                *steps;
  gsize                n_steps;

  /* component pairs (c, d) with d <= c: e = c - d and C(c, d) */
  guint                n_pairs;
  guint8               pc[MAX_PAIRS];
  guint8               pd[MAX_PAIRS];
  guint8               pe[MAX_PAIRS];
  double               pcoef[MAX_PAIRS];

  PlState             *psi;
  PlState             *lam;
  PlState             *r;
  PlState             *t1;
  double              *theta;   /* [K][B] angle jet of the current step */
  double              *angle;   /* [K * B] theta_0 repeated for every component */
  double              *gtheta;  /* [K][B] */
  double              *acc;     /* [B] */
  double              *pacc;    /* [2][n_pairs][B] */
  double              *cj;      /* [K][B] jet of cos(coef theta) */
  double              *sj;      /* [K][B] jet of sin(coef theta) */
  double              *derivs;  /* [max_order + 1][B] trig derivatives */
  guint64              shots;   /* 0: exact expectation values */
  PlRng               *rng;

  /* parameter-shift estimation (pl-qlayer-shift.c), when param_shift is set */
  gboolean             param_shift;
  guint                sh_n_jet;         /* rotations whose angle varies with the inputs */
  gint                *sh_jet_of_step;   /* [n_steps]: jet index or -1 */
  guint               *sh_step_of_jet;   /* [n_jet] */
  PlShiftSet          *sh_fwd;           /* expansion to the spec's order */
  PlShiftSet          *sh_bwd;           /* ... and one more, for gradients */
  guint64              sh_circuits_forward;
  guint64              sh_circuits_backward;
  gsize                sh_block;         /* points evaluated together */
  gsize                sh_chunk;         /* shift points in one batched state */
  PlState             *sh_state;
  PlState             *sh_scratch;
  double              *sh_base;          /* [n_steps][B] base angles */
  double              *sh_delta;         /* [n_jet][K][B] angle jets, value 0 */
  double              *sh_basis;         /* [n_jet][4][K][block] */
  double              *sh_angle;         /* [chunk * block] */
  double              *sh_meas;          /* [chunk * block] */
  double              *sh_vals;          /* [points][n_obs][block] */
  double              *sh_coef;          /* [n_obs][block] */
  double              *sh_prod;          /* [K][block] */
  double              *sh_ejet;          /* [n_obs][K][block] */
  double              *sh_dejet;         /* [n_jet][n_obs][K][block] */
  double              *sh_gth;           /* [n_steps][K][B] angle-jet adjoints */
  PlQLayerTile        *tile;    /* the tiled passes, or NULL for gate-by-gate passes */
};


/* w->cj, w->sj <- the jets of cos(coef theta) and sin(coef theta) for the angle jet w->theta
 * (Faa di Bruno through pl_jet_apply). */
void _pl_qlayer_trig_jets      (PlQLayerWork      *w,
                                double             coef);
/* out <- M in for the gate exp(-i theta H) on jet states, H = coef P_ctrl P (pl-state-private-
 * gen.h), in one pass: on the control subspace
 *     M Psi = C * Psi - i sign S * (P Psi),   C = cos(coef theta), S = sin(coef theta)
 * (jet products), identity elsewhere; sign -1 gives the inverse. With @adjoint, out <- M^dagger
 * in = C *^T in + i P (S *^T in). @out must differ from @in. */
void _pl_qlayer_apply_jet_gate (PlQLayerWork      *w,
                                const PlGenerator *g,
                                double             sign,
                                gboolean           adjoint,
                                const PlState     *in,
                                PlState           *out);

/* Shared by the exact and the parameter-shift passes (pl-qlayer.c): the angle jet of a step
 * into w->theta (returns whether it varies with the inputs), and the chain rule from
 * w->gtheta (dL/d angle jet) to parameters and external angles. */
gboolean _pl_qlayer_step_angle  (PlQLayerWork      *w,
                                 const Step        *st,
                                 const double      *params,
                                 const double      *x,
                                 const double      *ext_jets);
void     _pl_qlayer_chain_angle (PlQLayerWork      *w,
                                 const Step        *st,
                                 const double      *params,
                                 const double      *x,
                                 double            *param_grad,
                                 double            *ext_adjoint);

gboolean _pl_qlayer_shift_prepare  (PlQLayerWork  *w,
                                    GError       **error);
void     _pl_qlayer_shift_clear    (PlQLayerWork  *w);
void     _pl_qlayer_shift_forward  (PlQLayerWork  *w,
                                    const double  *params,
                                    const double  *x,
                                    const double  *ext_jets,
                                    double        *out_jets);
void     _pl_qlayer_shift_backward (PlQLayerWork  *w,
                                    const double  *params,
                                    const double  *x,
                                    const double  *ext_jets,
                                    const double  *out_adjoint,
                                    double        *param_grad,
                                    double        *ext_adjoint);
/* The tiled passes (pl-qlayer-tile.c): the circuit run on PL_QLAYER_TILE points at a time,
 * every gate on a tile that stays in cache. Same contract as pl_qlayer_forward and
 * pl_qlayer_backward; the forward pass leaves the final state in w->psi. */
PlQLayerTile *_pl_qlayer_tile_new      (PlQLayerWork      *w,
                                        GError           **error);
void          _pl_qlayer_tile_free     (PlQLayerTile      *t);
void          _pl_qlayer_tile_forward  (PlQLayerWork      *w,
                                        const double      *params,
                                        const double      *x,
                                        const double      *ext_jets,
                                        double            *out_jets);
void          _pl_qlayer_tile_backward (PlQLayerWork      *w,
                                        const double      *params,
                                        const double      *x,
                                        const double      *ext_jets,
                                        const double      *out_adjoint,
                                        double            *param_grad,
                                        double            *ext_adjoint);

G_END_DECLS
