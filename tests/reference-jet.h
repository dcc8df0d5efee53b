/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * reference-jet.h: independent oracles for the jet and MLP tests: activations straight from
 * libm (no shared code with pl_activation_eval) and nested central differences.
 */
#pragma once

#include <plateau/plateau.h>

G_BEGIN_DECLS

/* f(x) for an activation, from its textbook definition with libm. */
double ref_activation     (PlActivation  act,
                           double        x);

typedef double (*RefScalarFn) (const double *p,
                               gpointer      data);

/* d^|alpha| g / dp^alpha at @p (d coordinates) by nested central differences with step @h:
 * D_i g = (g(p + h e_i) - g(p - h e_i)) / 2h applied alpha_i times along each i. The error is
 * O(h^2) in the derivative of order |alpha| + 2 plus O(eps |g| / h^|alpha|) from rounding. */
double ref_nested_diff    (RefScalarFn   g,
                           gpointer      data,
                           const double *p,
                           guint         d,
                           const guint  *alpha,
                           double        h);

G_END_DECLS
