/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-optim-private.h: the optimiser's layout, shared by pl-optim.c (Adam, SGD, scales),
 * pl-lbfgs.c (L-BFGS) and pl-optim-json.c (save and restore). Not installed.
 */
#pragma once

#include "pl-optim.h"

G_BEGIN_DECLS

struct _PlOptimizer {
  PlOptimizerConfig cfg;
  gsize             n;
  guint64           step;
  guint64           n_evals;
  double           *lr_scale;  /* n */

  /* Adam */
  double           *m;         /* n first moments */
  double           *v;         /* n second moments */
  guint64          *t;         /* n per-parameter update counts */

  /* SGD */
  double           *velocity;  /* n, only with momentum > 0 */

  /* L-BFGS: pairs in a ring, slot (head - 1 - j) mod m is the j-th newest */
  double           *s;         /* history x n */
  double           *y;         /* history x n */
  double           *rho;       /* history: 1 / (s^T y) */
  guint             head;      /* slot the next pair goes to */
  guint             count;     /* pairs stored, <= history */
  double           *dir;       /* n: search direction */
  double           *gm;        /* n: gradient with frozen entries zeroed */
  double           *xt;        /* n: line-search trial point */
  double           *gt;        /* n: gradient at the trial point */
  double           *alpha;     /* history: first-loop coefficients */
};

/* Sum of a[i] b[i] in index order: no BLAS, so the result never depends on alignment. */
double  _pl_optim_dot            (gsize          n,
                                  const double  *a,
                                  const double  *b);
/* PL_ERROR_NUMERIC naming the first non-finite gradient entry of a free parameter. */
gboolean _pl_optim_check_gradient (const PlOptimizer  *opt,
                                   const double       *grad,
                                   GError            **error);
/* Append the pair (s, y) to the L-BFGS history (dropping the oldest when full). The caller
 * guarantees s^T y > 0. */
void    _pl_lbfgs_push_pair      (PlOptimizer   *opt,
                                  const double  *s,
                                  const double  *y);
/* The j-th oldest stored pair (0 <= j < count). */
const double *_pl_lbfgs_pair_s   (const PlOptimizer *opt,
                                  guint              j);
const double *_pl_lbfgs_pair_y   (const PlOptimizer *opt,
                                  guint              j);

/* JSON field readers shared by the config (pl-optim-json.c) and checkpoint (pl-optim-state.c)
 * formats. Errors start with @name, so nested callers only prefix their path. */
gboolean    _pl_optim_read_double    (JsonNode      *node,
                                      const char    *name,
                                      double        *out,
                                      GError       **error);
/* A non-negative integer <= @max (a double holding an exact integer is accepted). */
gboolean    _pl_optim_read_uint64    (JsonNode      *node,
                                      const char    *name,
                                      guint64        max,
                                      guint64       *out,
                                      GError       **error);
const char *_pl_optim_read_string    (JsonNode      *node,
                                      const char    *name,
                                      GError       **error);
JsonObject *_pl_optim_require_object (JsonNode      *node,
                                      const char    *what,
                                      GError       **error);

G_END_DECLS
