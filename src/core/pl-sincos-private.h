/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-sincos-private.h: the vectorized sine and cosine of the state kernels (pl-state-reduce.c),
 * on its own so that layers which also see the circuit types can use it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* c[i] = cos (scale x[i]), s[i] = sin (scale x[i]), to within an ulp or two of libm. */
void _pl_sincos_kernel (const double *x,
                        gsize         n,
                        double        scale,
                        double       *c,
                        double       *s);

G_END_DECLS
