/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-rng.h"

#include <math.h>

/* splitmix64 (Steele, Lea & Flood 2014) expands a seed into xoshiro's state. */
static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

void
pl_rng_init (PlRng   *rng,
             guint64  seed)
{
  guint64 x = seed;

  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
}

void
pl_rng_init_stream (PlRng   *rng,
                    guint64  seed,
                    guint64  stream)
{
  guint64 x = seed ^ (stream * G_GUINT64_CONSTANT (0xd1342543de82ef95));

  pl_rng_init (rng, splitmix64 (&x) ^ stream);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

/* xoshiro256** 1.0 (Blackman & Vigna 2018). */
guint64
pl_rng_next (PlRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

double
pl_rng_uniform (PlRng *rng)
{
  return (double) (pl_rng_next (rng) >> 11) * 0x1.0p-53;
}

guint64
pl_rng_below (PlRng   *rng,
              guint64  n)
{
  guint64 limit, r;

  g_return_val_if_fail (n > 0, 0);
  /* Reject the top partial block so every residue is equally likely. */
  limit = G_MAXUINT64 - (G_MAXUINT64 % n);
  do
    r = pl_rng_next (rng);
  while (r >= limit);
  return r % n;
}

double
pl_rng_normal (PlRng *rng)
{
  double u1, u2;

  do
    u1 = pl_rng_uniform (rng);
  while (u1 <= 0.0);
  u2 = pl_rng_uniform (rng);
  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

double
pl_rng_gamma (PlRng  *rng,
              double  shape)
{
  double d = shape - 1.0 / 3.0, c = 1.0 / sqrt (9.0 * d);

  g_return_val_if_fail (shape >= 1.0, NAN);
  for (;;)
    {
      double x, v, u;

      do
        {
          x = pl_rng_normal (rng);
          v = 1.0 + c * x;
        }
      while (v <= 0.0);
      v = v * v * v;
      u = pl_rng_uniform (rng);
      if (u < 1.0 - 0.0331 * (x * x) * (x * x))
        return d * v;
      if (u > 0.0 && log (u) < 0.5 * x * x + d * (1.0 - v + log (v)))
        return d * v;
    }
}

guint64
pl_rng_binomial (PlRng   *rng,
                 guint64  n,
                 double   p)
{
  guint64 k = 0;

  if (!(p > 0.0))
    return 0;
  if (p >= 1.0)
    return n;
  /* X ~ Beta(a, n + 1 - a) is the a-th smallest of n uniforms: the trials below it number
   * a - 1 and succeed with probability p / X if X >= p; otherwise a trials (it included)
   * succeed and the n - a above it succeed with probability (p - X) / (1 - X). */
  while (n > 32)
    {
      guint64 a = 1 + n / 2, b = n + 1 - a;
      double ga = pl_rng_gamma (rng, (double) a), gb = pl_rng_gamma (rng, (double) b);
      double x = ga / (ga + gb);

      if (x >= p)
        {
          n = a - 1;
          p = p / x;
        }
      else
        {
          k += a;
          n = b - 1;
          p = (p - x) / (1.0 - x);
        }
    }
  for (guint64 i = 0; i < n; i++)
    k += pl_rng_uniform (rng) < p;
  return k;
}
