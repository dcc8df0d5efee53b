/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-loss-private.h: the loss's state, shared by pl-loss.c (terms, points, the threaded
 * evaluation) and pl-loss-eval.c (predictions, errors, adaptive refinement).
 */
#pragma once

#include "pl-loss.h"

G_BEGIN_DECLS

#define MAX_TERMS PL_PROBLEM_MAX_TERMS

/* One thread's share: a contiguous chunk of every term's points. */
typedef struct {
  PlLoss      *loss;
  PlProblem   *problem;
  PlModelWork *work[MAX_TERMS];
  gsize        work_batch[MAX_TERMS];
  gsize        len[MAX_TERMS];      /* points in the chunk (pairs count twice) */
  double      *x[MAX_TERMS];        /* [d][len] */
  gint         share[MAX_TERMS];    /* an earlier term with the same points, or -1 */
  double      *u;                   /* [m][K][Bmax] */
  double      *nj;                  /* network output jets before the transform */
  double      *du;
  double      *dn;
  double      *r;                   /* [E][Bmax] */
  double      *grad;                /* n_params */
  double      *tgrad;               /* n_terms * n_params when asked */
  gsize        cap;                 /* Bmax the buffers hold */
  double       sum[MAX_TERMS];      /* sum of r^2 over the chunk */
  /* causal terms: the output jets kept from the first round for the second, each point's
   * bin, and the chunk's sums of r^2 per bin [term][M] */
  double      *cu[MAX_TERMS];
  guint16     *cbin[MAX_TERMS];
  double      *csum;
  gint         round;               /* 0: everything; 1: causal forwards; 2: the rest */
  gboolean     bad;
  PlRng        rng;                 /* shot draws of this thread */
  /* the call */
  const double *params;
  gboolean     want_grad;
  gboolean     want_tgrad;
} Part;

struct _PlLoss {
  const PlModel   *model;
  const PlProblem *problem;
  PlLossConfig     cfg;
  guint            d;
  guint            m;
  guint            K;
  gsize            n_params;
  guint            n_terms;
  guint            term[MAX_TERMS];      /* problem term of each loss term */
  double           weight[MAX_TERMS];
  guint            n_eq[MAX_TERMS];
  gboolean         periodic[MAX_TERMS];
  double          *x[MAX_TERMS];         /* all points [d][n] */
  gsize            n[MAX_TERMS];
  guint            T;
  Part            *parts;
  /* parts 1 .. T-1 run on T-1 threads that live as long as the loss (starting threads for
   * every evaluation cost more than a small step) */
  GThreadPool     *pool;
  GMutex           done_lock;
  GCond            done_cond;
  guint            pending;
  PlModelWork     *predict_work;
  PlProblem       *predict_problem;
  double          *predict_buf;
  guint64          circuits_per_point;   /* forward + backward, under shots */
  /* causal weighting (pl-loss.h): M bins along input axis causal_axis over [t_lo, t_hi] */
  guint            M;                    /* 0: off */
  guint            causal_axis;
  double           t_lo, t_hi;
  double           eps;
  gboolean         causal_on;
  gboolean         causal[MAX_TERMS];    /* interior terms, weighted when causal_on */
  gsize           *ccount;               /* points per bin [term][M] */
  double          *cw;                   /* weights of the last evaluation [term][M] */
  double          *cscale;               /* dL/dr factors 2 w_i / (M' E n_i) [term][M] */
  double           ccomp[MAX_TERMS];     /* the causal L_r of the last evaluation */
  gboolean         cw_valid;
  /* time marching: points drawn in t_lo + window (t - t_lo) along axis window_axis */
  double           window;
  guint            window_axis;
};

/* Squeeze the t coordinates of n points x[j * n + i] into the time window. */
void     _pl_loss_window_points   (const PlLoss       *loss,
                                   double             *x,
                                   gsize               n);

/* pl-loss-causal.c */
gboolean _pl_loss_causal_init     (PlLoss             *loss,
                                   const PlLossConfig *config,
                                   GError            **error);
void     _pl_loss_causal_points   (PlLoss             *loss,
                                   guint               term);
void     _pl_loss_causal_free     (PlLoss             *loss);
void     _pl_loss_causal_forward  (Part               *part,
                                   guint               term,
                                   gboolean            hard);
void     _pl_loss_causal_reverse  (Part               *part,
                                   guint               term,
                                   gboolean            hard);
void     _pl_loss_causal_weigh    (PlLoss             *loss);

G_END_DECLS
