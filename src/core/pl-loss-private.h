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
};


G_END_DECLS
