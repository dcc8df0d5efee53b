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

G_END_DECLS
