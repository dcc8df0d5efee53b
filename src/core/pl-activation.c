/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Activation functions and their derivatives up to the fourth order in closed form; the
 * derivations are in pl-jet.h next to pl_activation_eval.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-jet.h"
#include "pl-error.h"

#include <math.h>
#include <string.h>

static const char *const activation_names[PL_N_ACTIVATIONS] = {
  [PL_ACTIVATION_IDENTITY] = "identity",
  [PL_ACTIVATION_TANH] = "tanh",
  [PL_ACTIVATION_SIN] = "sin",
  [PL_ACTIVATION_SILU] = "silu",
  [PL_ACTIVATION_GELU] = "gelu",
};

/* 1 / sqrt (2 pi) */
#define INV_SQRT_2PI 0.39894228040143267794

/* Each eval_* writes all PL_JET_MAX_DERIVS derivatives: the extra arithmetic is cheaper than
 * branching on how many are wanted. */

static inline void
eval_identity (double  x,
               double *f)
{
  f[0] = x;
  f[1] = 1.0;
  f[2] = f[3] = f[4] = 0.0;
}

static inline void
eval_sin (double  x,
          double *f)
{
  double sn = sin (x), cs = cos (x);

  f[0] = sn;
  f[1] = cs;
  f[2] = -sn;
  f[3] = -cs;
  f[4] = sn;
}

static inline void
eval_silu (double  x,
           double *f)
{
  double e, s, c, sc, sig[PL_JET_MAX_DERIVS];

  /* sigma and 1 - sigma from the exponential that cannot overflow, so neither loses digits
   * to cancellation in the tails. */
  e = exp (-fabs (x));
  if (x >= 0.0)
    {
      s = 1.0 / (1.0 + e);
      c = e / (1.0 + e);
    }
  else
    {
      s = e / (1.0 + e);
      c = 1.0 / (1.0 + e);
    }
  sc = s * c;
  sig[0] = s;
  sig[1] = sc;
  sig[2] = sc * (c - s);
  sig[3] = sc * (1.0 - 6.0 * sc);
  sig[4] = sc * (c - s) * (1.0 - 12.0 * sc);

  /* Leibniz on x * sigma(x): (x sigma)^(m) = x sigma^(m) + m sigma^(m-1). */
  f[0] = x * s;
  for (guint m = 1; m < PL_JET_MAX_DERIVS; m++)
    f[m] = x * sig[m] + m * sig[m - 1];
}

static inline void
eval_gelu (double  x,
           double *f)
{
  double phi = INV_SQRT_2PI * exp (-0.5 * x * x);
  /* Phi(x) = (1 + erf(x / sqrt 2)) / 2, written with erfc so the left tail keeps its digits. */
  double Phi = 0.5 * erfc (-x * G_SQRT2 * 0.5);
  double x2 = x * x;

  f[0] = x * Phi;
  f[1] = Phi + x * phi;
  f[2] = phi * (2.0 - x2);
  f[3] = phi * x * (x2 - 4.0);
  f[4] = phi * (-x2 * x2 + 7.0 * x2 - 4.0);
}

/* Four doubles; the vector versions of tanh below work on them. */
typedef double D4 __attribute__ ((vector_size (4 * sizeof (double))));
typedef gint64 I4 __attribute__ ((vector_size (4 * sizeof (double))));

/* expm1 (y) for y <= 0 on four values, within a few ulps: y = k ln 2 + r with |r| <= ln 2 / 2
 * (k by adding 1.5 2^52, which also leaves k in the low bits), expm1 (r) by its Taylor series
 * to r^13 (the next term is below 1e-17 relative), and expm1 (y) = (2^k - 1) + 2^k expm1 (r),
 * where 2^k - 1 is exact and 2^k expm1 (r) too. Below -40, expm1 rounds to -1. */
static inline __attribute__ ((always_inline)) void
expm1_nonpositive (D4 *v)
{
  const D4 lim = { -40.0, -40.0, -40.0, -40.0 };
  const D4 round = { 0x1.8p52, 0x1.8p52, 0x1.8p52, 0x1.8p52 };
  const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  const double inv_ln2 = 1.44269504088896338700e+00;
  D4 y = *v, yk, kf, r, p, two_k;
  I4 below = y < lim, ki;

  y = (D4) (((I4) y & ~below) | ((I4) lim & below));
  yk = y * inv_ln2 + round;
  kf = yk - round;
  ki = (I4) yk - (I4) round;
  r = (y - kf * ln2_hi) - kf * ln2_lo;
  p = r * (1.0 / 6227020800.0) + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = r + r * r * p;
  two_k = (D4) ((ki + 1023) << 52);
  *v = (two_k - 1.0) + two_k * p;
}

/* tanh on four values: tanh |x| = -m / (2 + m) with m = expm1 (-2 |x|), with the sign of x;
 * within a few ulps of libm's tanh, and vectorized, which matters because activations
 * dominate the forward pass of a narrow MLP. Its derivatives are polynomials in t = tanh:
 * t' = s = 1 - t^2, t'' = -2 t s, t''' = 2 s (3 t^2 - 1), t'''' = 8 t s (2 - 3 t^2). */
static inline __attribute__ ((always_inline)) void
tanh4 (D4 *v)
{
  const I4 sign = { G_MININT64, G_MININT64, G_MININT64, G_MININT64 };
  D4 x = *v, m = (D4) ((I4) x | sign) * 2.0, t;

  expm1_nonpositive (&m);
  t = -m / (2.0 + m);
  *v = (D4) (((I4) t & ~sign) | ((I4) x & sign));
}

/* tanh row by row: tanh itself on four values at a time (the last ones padded, so every
 * value is computed the same way wherever it sits in the batch), then each derivative row as
 * its own loop, with the arithmetic of eval_tanh. */
#if HAVE_TARGET_CLONES
__attribute__ ((target_clones ("avx2", "default")))
#endif
static void
eval_tanh_rows (gsize         n,
                const double *x,
                guint         n_derivs,
                gsize         stride,
                double       *out)
{
  double *restrict t = out, *restrict r1;
  gsize i0;

  if (n_derivs == 0)
    return;
  for (i0 = 0; i0 + 4 <= n; i0 += 4)
    {
      D4 v;

      memcpy (&v, x + i0, sizeof v);
      tanh4 (&v);
      memcpy (t + i0, &v, sizeof v);
    }
  if (i0 < n)
    {
      D4 v = { 0 };

      memcpy (&v, x + i0, (n - i0) * sizeof (double));
      tanh4 (&v);
      memcpy (t + i0, &v, (n - i0) * sizeof (double));
    }
  if (n_derivs == 1)
    return;

  r1 = out + stride;
  for (gsize i = 0; i < n; i++)
    r1[i] = 1.0 - t[i] * t[i];
  if (n_derivs > 2)
    {
      double *restrict r2 = out + 2 * stride;

      for (gsize i = 0; i < n; i++)
        r2[i] = -2.0 * t[i] * r1[i];
    }
  if (n_derivs > 3)
    {
      double *restrict r3 = out + 3 * stride;

      for (gsize i = 0; i < n; i++)
        r3[i] = 2.0 * r1[i] * (3.0 * t[i] * t[i] - 1.0);
    }
  if (n_derivs > 4)
    {
      double *restrict r4 = out + 4 * stride;

      for (gsize i = 0; i < n; i++)
        r4[i] = 8.0 * t[i] * r1[i] * (2.0 - 3.0 * t[i] * t[i]);
    }
}

#define EVAL_LOOP(eval)                                  \
  for (gsize i = 0; i < n; i++)                          \
    {                                                    \
      double f[PL_JET_MAX_DERIVS];                       \
                                                         \
      eval (x[i], f);                                    \
      for (guint m = 0; m < n_derivs; m++)               \
        out[m * stride + i] = f[m];                      \
    }

void
pl_activation_eval (PlActivation  act,
                    gsize         n,
                    const double *x,
                    guint         n_derivs,
                    gsize         stride,
                    double       *out)
{
  g_return_if_fail (act < PL_N_ACTIVATIONS);
  g_return_if_fail (n_derivs <= PL_JET_MAX_DERIVS);
  g_return_if_fail (n_derivs <= 1 || stride >= n);

  /* One loop per activation, so each is a straight loop over the values. */
  switch (act)
    {
    case PL_ACTIVATION_IDENTITY:
      EVAL_LOOP (eval_identity);
      break;
    case PL_ACTIVATION_TANH:
      eval_tanh_rows (n, x, n_derivs, stride, out);
      break;
    case PL_ACTIVATION_SIN:
      EVAL_LOOP (eval_sin);
      break;
    case PL_ACTIVATION_SILU:
      EVAL_LOOP (eval_silu);
      break;
    case PL_ACTIVATION_GELU:
      EVAL_LOOP (eval_gelu);
      break;
    case PL_N_ACTIVATIONS:
    default:
      g_assert_not_reached ();
    }
}

const char *
pl_activation_to_string (PlActivation act)
{
  g_return_val_if_fail (act < PL_N_ACTIVATIONS, NULL);

  return activation_names[act];
}

gboolean
pl_activation_from_string (const char    *name,
                           PlActivation  *act,
                           GError       **error)
{
  g_return_val_if_fail (name != NULL && act != NULL, FALSE);

  for (guint i = 0; i < PL_N_ACTIVATIONS; i++)
    if (g_ascii_strcasecmp (name, activation_names[i]) == 0)
      {
        *act = (PlActivation) i;
        return TRUE;
      }
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "unknown activation \"%s\"; known are identity, tanh, sin, silu, gelu", name);
  return FALSE;
}
