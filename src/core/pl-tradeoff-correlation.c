/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-tradeoff-correlation.c: Pearson and Spearman correlations with the reasons they can be
 * undefined, average ranks and Fisher intervals (see pl-tradeoff.h).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-tradeoff.h"

#include <math.h>
#include <stdlib.h>

const char *
pl_correlation_status_to_string (PlCorrelationStatus status)
{
  static const char *names[] = { "ok", "too-few", "constant", "not-finite" };

  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (names), NULL);
  return names[status];
}

const char *
pl_correlation_status_describe (PlCorrelationStatus status)
{
  switch (status)
    {
    case PL_CORRELATION_OK:
      return "defined";
    case PL_CORRELATION_TOO_FEW:
      return "fewer than 3 points: two points always lie on a line, so r = +-1 says nothing";
    case PL_CORRELATION_CONSTANT:
      return "one variable has no spread (all its values equal, all tied): the correlation is "
             "0/0";
    case PL_CORRELATION_NOT_FINITE:
    default:
      return "a value is NaN or infinite";
    }
}

static gboolean
all_equal (const double *x,
           gsize         n)
{
  for (gsize i = 1; i < n; i++)
    if (x[i] != x[0])
      return FALSE;
  return TRUE;
}

static gboolean
all_finite (const double *x,
            gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (x[i]))
      return FALSE;
  return TRUE;
}

static double
undefined (PlCorrelationStatus  why,
           PlCorrelationStatus *status)
{
  if (status != NULL)
    *status = why;
  return NAN;
}

double
pl_correlation_pearson (const double        *x,
                        const double        *y,
                        gsize                n,
                        PlCorrelationStatus *status)
{
  double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0, r;

  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NAN);

  if (!all_finite (x, n) || !all_finite (y, n))
    return undefined (PL_CORRELATION_NOT_FINITE, status);
  if (n < 3)
    return undefined (PL_CORRELATION_TOO_FEW, status);
  /* tested on the values: the two-pass sums of equal values can be a rounding error > 0 */
  if (all_equal (x, n) || all_equal (y, n))
    return undefined (PL_CORRELATION_CONSTANT, status);
  for (gsize i = 0; i < n; i++)
    {
      mx += x[i];
      my += y[i];
    }
  mx /= n;
  my /= n;
  for (gsize i = 0; i < n; i++)
    {
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
      sxy += (x[i] - mx) * (y[i] - my);
    }
  r = sxy / sqrt (sxx * syy);
  if (status != NULL)
    *status = PL_CORRELATION_OK;
  return CLAMP (r, -1.0, 1.0);
}

typedef struct {
  double v;
  gsize  i;
} Item;

static int
item_cmp (const void *a,
          const void *b)
{
  const Item *p = a, *q = b;

  if (p->v != q->v)
    return p->v < q->v ? -1 : 1;
  /* a total order, so the result never depends on qsort's whims */
  return p->i < q->i ? -1 : p->i > q->i;
}

void
pl_correlation_ranks (const double *x,
                      gsize         n,
                      double       *ranks)
{
  g_autofree Item *items = g_new (Item, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    items[i] = (Item) { x[i], i };
  qsort (items, n, sizeof (Item), item_cmp);
  for (gsize a = 0; a < n;)
    {
      gsize b = a + 1;
      double rank;

      while (b < n && items[b].v == items[a].v)
        b++;
      /* positions a .. b-1 (ranks a+1 .. b) tie: each gets their mean */
      rank = (a + 1 + b) / 2.0;
      for (gsize k = a; k < b; k++)
        ranks[items[k].i] = rank;
      a = b;
    }
}

double
pl_correlation_spearman (const double        *x,
                         const double        *y,
                         gsize                n,
                         PlCorrelationStatus *status)
{
  g_autofree double *rx = NULL;
  g_autofree double *ry = NULL;

  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NAN);

  if (!all_finite (x, n) || !all_finite (y, n))
    return undefined (PL_CORRELATION_NOT_FINITE, status);
  rx = g_new (double, MAX (n, 1));
  ry = g_new (double, MAX (n, 1));
  pl_correlation_ranks (x, n, rx);
  pl_correlation_ranks (y, n, ry);
  return pl_correlation_pearson (rx, ry, n, status);
}

guint
pl_correlation_tied (const double *x,
                     gsize         n)
{
  guint tied = 0;

  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < n; j++)
      if (j != i && x[j] == x[i])
        {
          tied++;
          break;
        }
  return tied;
}

void
pl_correlation_interval (double  r,
                         gsize   n,
                         double  c,
                         double *lo,
                         double *hi)
{
  double z, se;

  /* |r| = 1 has no interval: atanh is infinite, and the sample says nothing of its spread */
  if (n <= 3 || !(fabs (r) < 1))
    {
      *lo = *hi = NAN;
      return;
    }
  z = atanh (r);
  se = sqrt (c / (n - 3.0));
  *lo = tanh (z - 1.959963984540054 * se);
  *hi = tanh (z + 1.959963984540054 * se);
}
