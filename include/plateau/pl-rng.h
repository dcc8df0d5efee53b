/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-rng.h: the seeded random generator every stochastic part of Plateau owns one of
 * (xoshiro256** seeded through splitmix64). No global state: the same seed gives the same
 * stream on every machine, which is what makes runs reproducible.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"

G_BEGIN_DECLS

struct _PlRng {
  guint64 s[4];
};

void    pl_rng_init     (PlRng   *rng,
                         guint64  seed);
/* An independent stream for worker @stream of a computation seeded with @seed. */
void    pl_rng_init_stream (PlRng   *rng,
                            guint64  seed,
                            guint64  stream);
guint64 pl_rng_next     (PlRng   *rng);
/* Uniform in [0, 1) with 53 random bits. */
double  pl_rng_uniform  (PlRng   *rng);
/* Uniform integer in [0, n), n > 0, without modulo bias. */
guint64 pl_rng_below    (PlRng   *rng,
                         guint64  n);
/* Standard normal (Box-Muller on two uniforms; no cached spare, so streams stay simple). */
double  pl_rng_normal   (PlRng   *rng);
/* Gamma(shape, 1) for shape >= 1 (Marsaglia & Tsang 2000, ACM TOMS 26, 363). */
double  pl_rng_gamma    (PlRng   *rng,
                         double   shape);
/* The number of successes in @n independent trials of probability @p (clamped to [0, 1]),
 * drawn exactly: Knuth's beta splitting (TAOCP vol. 2, 3.4.1 F) halves n with one beta draw
 * per level until at most 32 trials are left, which are drawn one by one. O(log n). */
guint64 pl_rng_binomial (PlRng   *rng,
                         guint64  n,
                         double   p);

G_END_DECLS
