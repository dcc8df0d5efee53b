/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-qlayer-shift-private.h: the combinatorics of parameter-shift jets (pl-qlayer-shift-set.c),
 * used by the passes of pl-qlayer-shift.c. A set holds the patterns of an expansion to some
 * order (which basis function, sin or cos - 1, of which jet step), the shift points whose
 * expectation values they need, and each pattern's coefficient as weighted point values.
 */
#pragma once

#include "pl-qlayer-private.h"

G_BEGIN_DECLS

enum { B_SIN = 1, B_COSM1 = 2 };

typedef struct {
  guint8 n;
  guint8 type[PL_SHIFT_MAX_SUPPORT];   /* B_SIN or B_COSM1 */
  guint  g[PL_SHIFT_MAX_SUPPORT];      /* jet-step indices, increasing */
  guint  first_term;
  guint  n_terms;
} Pattern;

typedef struct {
  guint  point;
  double weight;
} Term;

struct _PlShiftSet {
  guint     order;
  GArray   *patterns;  /* Pattern */
  GArray   *terms;     /* Term */
  GArray   *points;    /* ShiftPoint */
  GHashTable *index;   /* packed point -> index + 1 */
};


/* The expansion of @n_jet jet steps to @order: every pattern of order <= order (sin counts 1,
 * cos - 1 counts 2), each with the tensor product of the per-gate dual functionals. */
PlShiftSet *_pl_shift_set_new      (guint       n_jet,
                                    guint       order);
void        _pl_shift_set_free     (PlShiftSet *set);
/* The number of shift points of that expansion, without building it:
 * sum over supports S with |S| <= order of 2^|S| C(J, |S|). */
double      _pl_shift_count_points (guint       J,
                                    guint       order);

G_END_DECLS
