/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-sampler.h"
#include "pl-error.h"
#include "pl-rng.h"

#define SOBOL_BITS 52

/* Joe & Kuo, new-joe-kuo-6.21201, the rows for their dimensions 2 and 3 (dimension 1 is all
 * m_k = 1): degree s of the primitive polynomial, its inner coefficients a, initial m_k. */
static const struct {
  guint s;
  guint a;
  guint m[2];
} joe_kuo[PL_SAMPLER_MAX_DIM - 1] = {
  { 1, 0, { 1, 0 } },
  { 2, 1, { 1, 3 } },
};

/* Direction numbers v[k] = m_{k+1} 2^(SOBOL_BITS - k - 1), by the recurrence of Bratley & Fox
 * (1988) in the shifted form of Joe & Kuo's generator:
 *   v_k = v_{k-s} ^ (v_{k-s} >> s) ^ sum_{j=1}^{s-1} a_j v_{k-j}. */
static void
direction_numbers (guint    dim_index,
                   guint64 *v)
{
  guint s, a;

  if (dim_index == 0)
    {
      for (guint k = 0; k < SOBOL_BITS; k++)
        v[k] = G_GUINT64_CONSTANT (1) << (SOBOL_BITS - 1 - k);
      return;
    }
  s = joe_kuo[dim_index - 1].s;
  a = joe_kuo[dim_index - 1].a;
  for (guint k = 0; k < s; k++)
    v[k] = (guint64) joe_kuo[dim_index - 1].m[k] << (SOBOL_BITS - 1 - k);
  for (guint k = s; k < SOBOL_BITS; k++)
    {
      v[k] = v[k - s] ^ (v[k - s] >> s);
      for (guint j = 1; j < s; j++)
        if ((a >> (s - 1 - j)) & 1)
          v[k] ^= v[k - j];
    }
}

gboolean
pl_sampler_sobol (guint          dim,
                  const double  *lower,
                  const double  *upper,
                  gsize          n,
                  guint64        skip,
                  PlRng         *rng,
                  double        *points,
                  GError       **error)
{
  const guint64 limit = G_GUINT64_CONSTANT (1) << SOBOL_BITS;
  guint64 v[PL_SAMPLER_MAX_DIM][SOBOL_BITS];
  guint64 x[PL_SAMPLER_MAX_DIM] = { 0 }, shift[PL_SAMPLER_MAX_DIM] = { 0 };
  guint64 gray;
  const double scale = 1.0 / (double) limit;

  g_return_val_if_fail (points != NULL, FALSE);

  if (!pl_sampler_check_box (dim, lower, upper, error))
    {
      g_prefix_error (error, "pl_sampler_sobol: ");
      return FALSE;
    }
  if (n == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_sampler_sobol: n = 0 points; ask for at least one");
      return FALSE;
    }
  if (skip >= limit || (guint64) n > limit - skip)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_sampler_sobol: points %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT
                   " requested; the sequence has 2^%d points", skip,
                   skip + (guint64) n - 1, SOBOL_BITS);
      return FALSE;
    }

  for (guint d = 0; d < dim; d++)
    {
      direction_numbers (d, v[d]);
      if (rng != NULL)
        shift[d] = pl_rng_next (rng) >> (64 - SOBOL_BITS);
    }

  /* Point i in Gray-code order is the plain point with index g(i) = i ^ (i >> 1); start there
   * directly, then each next point differs in one direction number (Antonov & Saleev). */
  gray = skip ^ (skip >> 1);
  for (guint k = 0; k < SOBOL_BITS; k++)
    if ((gray >> k) & 1)
      for (guint d = 0; d < dim; d++)
        x[d] ^= v[d][k];

  for (gsize i = 0; i < n; i++)
    {
      guint64 index = skip + i;

      for (guint d = 0; d < dim; d++)
        points[d * n + i] = lower[d]
                            + (upper[d] - lower[d]) * ((double) (x[d] ^ shift[d]) * scale);
      if (i + 1 < n)
        {
          /* g(index + 1) = g(index) ^ 2^c with c the lowest zero bit of index. */
          guint c = (guint) __builtin_ctzll (~index);

          for (guint d = 0; d < dim; d++)
            x[d] ^= v[d][c];
        }
    }
  return TRUE;
}
