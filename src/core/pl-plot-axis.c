/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-plot.h"
#include "pl-plot-private.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define MINUS "\xe2\x88\x92"   /* U+2212: a real minus sign, as wide as a digit's advance */
#define TIMES "\xc3\x97"       /* U+00D7 */

/* 10^k as the double nearest the decimal value: powers up to 10^22 are exact in binary64, and
 * dividing 1 by an exact power is correctly rounded, unlike pow () on some libms. */
static double
exact_pow10 (int k)
{
  double p = 1.0;
  int a = ABS (k);

  if (a > 22)
    return pow (10.0, k);
  for (int i = 0; i < a; i++)
    p *= 10.0;
  return k >= 0 ? p : 1.0 / p;
}

/* Rounding error of a quotient near an integer must not move a tick by one step. */
static double
snap_tolerance (double q)
{
  return MAX (1e-9, fabs (q) * 4 * DBL_EPSILON);
}

static double
floor_snap (double q)
{
  double r = round (q);

  return fabs (q - r) <= snap_tolerance (q) ? r : floor (q);
}

static double
ceil_snap (double q)
{
  double r = round (q);

  return fabs (q - r) <= snap_tolerance (q) ? r : ceil (q);
}

static double
log10_snap (double v)
{
  double e = log10 (v);
  double r = round (e);

  return fabs (e - r) < 1e-9 ? r : e;
}

double
pl_plot_nice_number (double   x,
                     gboolean round_it)
{
  double expv, f, nf;

  g_return_val_if_fail (x > 0.0 && isfinite (x), NAN);

  expv = floor (log10 (x));
  f = x / exact_pow10 ((int) expv);
  if (f >= 10.0)          /* log10 rounded up across a power of ten */
    {
      expv += 1;
      f /= 10.0;
    }
  if (round_it)
    nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  else
    nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return expv < 0 ? nf / exact_pow10 ((int) -expv) : nf * exact_pow10 ((int) expv);
}

gboolean
_pl_plot_value_ok (PlPlotScale scale,
                   double      v)
{
  return isfinite (v) && (scale != PL_PLOT_SCALE_LOG10 || v > 0.0);
}

double
_pl_plot_to_unit (PlPlotScale scale,
                  double      lo,
                  double      hi,
                  double      v)
{
  if (scale == PL_PLOT_SCALE_LOG10)
    return (log10 (v) - log10 (lo)) / (log10 (hi) - log10 (lo));
  return (v - lo) / (hi - lo);
}

double
_pl_plot_from_unit (PlPlotScale scale,
                    double      lo,
                    double      hi,
                    double      t)
{
  if (scale == PL_PLOT_SCALE_LOG10)
    return pow (10.0, log10 (lo) + t * (log10 (hi) - log10 (lo)));
  return lo + t * (hi - lo);
}

void
_pl_plot_widen_range (PlPlotScale  scale,
                      double      *lo,
                      double      *hi)
{
  double v;

  if (*lo > *hi)
    {
      double t = *lo;
      *lo = *hi;
      *hi = t;
    }
  v = *lo;
  if (scale == PL_PLOT_SCALE_LOG10)
    {
      if (*hi / *lo < 1.0 + 1e-12)
        {
          *lo = v / 10.0;
          *hi = v * 10.0;
        }
      return;
    }
  if (*hi - *lo <= 1e-12 * MAX (fabs (*lo), fabs (*hi)))
    {
      double delta = v == 0.0 ? 1.0 : exact_pow10 ((int) floor (log10_snap (fabs (v))));
      *lo = v - delta;
      *hi = v + delta;
    }
}

static PlPlotTicks *
ticks_alloc (gsize n_major,
             gsize n_minor)
{
  PlPlotTicks *t = g_new0 (PlPlotTicks, 1);

  t->n_major = n_major;
  t->major = g_new0 (double, MAX (n_major, 1));
  t->labels = g_new0 (char *, n_major + 1);
  t->n_minor = n_minor;
  t->minor = g_new0 (double, MAX (n_minor, 1));
  return t;
}

void
pl_plot_ticks_free (PlPlotTicks *ticks)
{
  if (ticks == NULL)
    return;
  g_free (ticks->major);
  g_strfreev (ticks->labels);
  g_free (ticks->minor);
  g_free (ticks);
}

/* "1.5×10<sup>−7</sup>" for a tick at v on a grid of spacing 10^e times 1, 2 or 5, with the
 * digits that tick needs ("2×10<sup>−8</sup>", "10<sup>−7</sup>", not "1.0×10<sup>−7</sup>"). */
static char *
format_scientific (double v,
                   int    e)
{
  int ex = (int) floor (log10_snap (fabs (v)));
  int decimals = MAX (0, ex - e);
  double mant = ex < 0 ? v * exact_pow10 (-ex) : v / exact_pow10 (ex);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char fmt[16];

  g_snprintf (fmt, sizeof fmt, "%%.%df", MIN (decimals, 16));
  g_ascii_formatd (buf, sizeof buf, fmt, fabs (mant));
  if (g_ascii_strtod (buf, NULL) >= 10.0)   /* 9.99 rounded up to 10.0 */
    {
      ex += 1;
      decimals = MAX (0, decimals - 1);
      g_snprintf (fmt, sizeof fmt, "%%.%df", MIN (decimals, 16));
      g_ascii_formatd (buf, sizeof buf, fmt, fabs (mant) / 10.0);
    }
  if (strchr (buf, '.') != NULL)
    {
      char *end = buf + strlen (buf) - 1;

      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }
  return g_strdup_printf ("%s%s%s10<sup>%s%d</sup>",
                          v < 0 ? MINUS : "",
                          strcmp (buf, "1") == 0 ? "" : buf,
                          strcmp (buf, "1") == 0 ? "" : TIMES,
                          ex < 0 ? MINUS : "", ABS (ex));
}

static char *
format_fixed (double v,
              int    decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char fmt[16];

  if (v == 0.0)
    v = 0.0;   /* no "-0" */
  g_snprintf (fmt, sizeof fmt, "%%.%df", MIN (decimals, 17));
  g_ascii_formatd (buf, sizeof buf, fmt, fabs (v));
  return g_strdup_printf ("%s%s", v < 0 ? MINUS : "", buf);
}

/* Ticks k * m * 10^e for k in [k0, k1], values as the doubles nearest the decimals. */
static PlPlotTicks *
linear_ticks_from (double lo,
                   double hi,
                   double m,
                   int    e,
                   double k0,
                   double k1)
{
  gsize n = k1 >= k0 ? (gsize) (k1 - k0) + 1 : 0;
  PlPlotTicks *t = ticks_alloc (n, 0);
  double maxabs = 0.0;
  gboolean sci;

  t->lo = lo;
  t->hi = hi;
  t->step = e < 0 ? m / exact_pow10 (-e) : m * exact_pow10 (e);
  for (gsize i = 0; i < n; i++)
    {
      double k = k0 + (double) i;
      double v;

      if (e < 0 && e >= -22 && fabs (k * m) < 9007199254740992.0)
        v = (k * m) / exact_pow10 (-e);
      else
        v = k * t->step;
      t->major[i] = v;
      maxabs = MAX (maxabs, fabs (v));
    }
  sci = maxabs >= 1e5 || (maxabs > 0.0 && maxabs < 1e-3);
  for (gsize i = 0; i < n; i++)
    {
      if (t->major[i] == 0.0 && sci)
        t->labels[i] = g_strdup ("0");
      else if (sci)
        t->labels[i] = format_scientific (t->major[i], e);
      else
        t->labels[i] = format_fixed (t->major[i], MAX (0, -e));
    }
  return t;
}

PlPlotTicks *
pl_plot_ticks_linear (double   lo,
                      double   hi,
                      guint    n_target,
                      gboolean expand)
{
  g_return_val_if_fail (isfinite (lo) && isfinite (hi), NULL);

  n_target = CLAMP (n_target, 2, 50);
  _pl_plot_widen_range (PL_PLOT_SCALE_LINEAR, &lo, &hi);

  /* Without expansion a short range may hold a single multiple of the first step: take
   * finer steps until two ticks fit (this ends, as the step shrinks geometrically). */
  for (guint n = n_target; ; n = n * 2)
    {
      double range = pl_plot_nice_number (hi - lo, FALSE);
      double d = pl_plot_nice_number (range / (n - 1), TRUE);
      int e = (int) floor (log10_snap (d));
      double m = round (e < 0 ? d * exact_pow10 (-e) : d / exact_pow10 (e));
      double k0, k1;

      if (expand)
        {
          PlPlotTicks *t;

          k0 = floor_snap (lo / d);
          k1 = ceil_snap (hi / d);
          t = linear_ticks_from (lo, hi, m, e, k0, k1);
          t->lo = t->major[0];
          t->hi = t->major[t->n_major - 1];
          return t;
        }
      k0 = ceil_snap (lo / d);
      k1 = floor_snap (hi / d);
      if (k1 - k0 >= 1 || n > 1000)
        return linear_ticks_from (lo, hi, m, e, k0, k1);
    }
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

PlPlotTicks *
pl_plot_ticks_log10 (double   lo,
                     double   hi,
                     guint    n_target,
                     gboolean expand)
{
  double a, b, kmin, kmax;
  guint stride = 1;
  PlPlotTicks *t;
  GArray *minor;

  g_return_val_if_fail (isfinite (lo) && isfinite (hi) && lo > 0.0 && hi > 0.0, NULL);

  n_target = CLAMP (n_target, 2, 50);
  _pl_plot_widen_range (PL_PLOT_SCALE_LOG10, &lo, &hi);
  a = log10_snap (lo);
  b = log10_snap (hi);
  if (expand)
    {
      a = floor (a);
      b = ceil (b);
      lo = exact_pow10 ((int) a);
      hi = exact_pow10 ((int) b);
    }
  kmin = ceil (a);
  kmax = floor (b);

  if (kmax - kmin < 1)
    {
      /* Less than two decades inside fixed limits: numbers, placed on the log scale. */
      t = pl_plot_ticks_linear (lo, hi, n_target, FALSE);
      t->lo = lo;
      t->hi = hi;
      return t;
    }

  while (floor (kmax / stride) - ceil (kmin / stride) + 1 > n_target)
    stride++;

  {
    double j0 = ceil (kmin / stride), j1 = floor (kmax / stride);
    gsize n = (gsize) (j1 - j0) + 1;

    t = ticks_alloc (n, 0);
    for (gsize i = 0; i < n; i++)
      {
        int k = (int) ((j0 + (double) i) * stride);

        t->major[i] = exact_pow10 (k);
        t->labels[i] = g_strdup_printf ("10<sup>%s%d</sup>", k < 0 ? MINUS : "", ABS (k));
      }
  }

  minor = g_array_new (FALSE, FALSE, sizeof (double));
  if (stride == 1)
    {
      for (int k = (int) floor (a); k < (int) ceil (b); k++)
        for (int mm = 2; mm <= 9; mm++)
          {
            double v = mm * exact_pow10 (k);

            if (v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12))
              g_array_append_val (minor, v);
          }
    }
  else
    {
      for (int k = (int) kmin; k <= (int) kmax; k++)
        if (k % (int) stride != 0)
          {
            double v = exact_pow10 (k);
            g_array_append_val (minor, v);
          }
    }
  g_array_sort (minor, cmp_double);
  g_free (t->minor);
  t->n_minor = minor->len;
  t->minor = (double *) (void *) g_array_free (minor, FALSE);
  if (t->minor == NULL)
    t->minor = g_new0 (double, 1);
  t->lo = lo;
  t->hi = hi;
  t->step = stride;
  return t;
}

PlPlotTicks *
_pl_plot_ticks_for (PlPlotScale scale,
                    double      lo,
                    double      hi,
                    guint       n_target,
                    gboolean    expand)
{
  if (scale == PL_PLOT_SCALE_LOG10)
    return pl_plot_ticks_log10 (lo, hi, n_target, expand);
  return pl_plot_ticks_linear (lo, hi, n_target, expand);
}
