/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-state-generator.c: <lambda| H |phi> for gate generators in one pass (adjoint gradients).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-state.h"
#include "pl-state-private-gen.h"

#include <string.h>

/* H = coef * (projector on control bits ctrl = 1) * i^k X^x Z^z, where X^x Z^z acts on the
 * target bits. For a Pauli string P = i^{popcount(x & z)} X^x Z^z,
 *   (P phi)[a ^ x] = i^{popcount(x & z)} (-1)^{popcount(a & z)} phi[a],
 * so <lambda|P|phi> = i^k sum_a (-1)^{popcount(a & z)} conj(lambda[a ^ x]) phi[a]. */
gboolean
_pl_generator_of (PlGate       gate,
                  const guint *w,
                  PlGenerator *g)
{
  guint64 b0 = G_GUINT64_CONSTANT (1) << w[0];
  guint64 b1 = pl_gate_info (gate)->n_wires > 1 ? G_GUINT64_CONSTANT (1) << w[1] : 0;

  memset (g, 0, sizeof *g);
  g->coef = 0.5;
  switch (gate)
    {
    case PL_GATE_RX:  g->x = b0; break;
    case PL_GATE_RY:  g->x = b0; g->z = b0; break;
    case PL_GATE_RZ:  g->z = b0; break;
    case PL_GATE_RXX: g->x = b0 | b1; break;
    case PL_GATE_RYY: g->x = g->z = b0 | b1; break;
    case PL_GATE_RZZ: g->z = b0 | b1; break;
    case PL_GATE_CRX: g->ctrl = b0; g->x = b1; break;
    case PL_GATE_CRY: g->ctrl = b0; g->x = g->z = b1; break;
    case PL_GATE_CRZ: g->ctrl = b0; g->z = b1; break;
    case PL_GATE_PHASE: g->ctrl = b0; g->coef = -1.0; break; /* -|1><1| */
    default:
      return FALSE;
    }
  return TRUE;
}

void
pl_state_generator_inner (const PlState *lambda,
                          const PlState *phi,
                          PlGate         gate,
                          const guint   *wires,
                          double        *out_re,
                          double        *out_im)
{
  gsize B = phi->batch;
  PlGenerator g;
  guint k;
  double cr, ci;

  g_return_if_fail (lambda->dim == phi->dim && lambda->batch == phi->batch);
  if (!_pl_generator_of (gate, wires, &g))
    g_return_if_reached ();

  memset (out_re, 0, B * sizeof (double));
  memset (out_im, 0, B * sizeof (double));
  for (gsize a = 0; a < phi->dim; a++)
    {
      const double *restrict lr, *restrict li, *restrict pr, *restrict pi;
      double s;

      if ((a & g.ctrl) != g.ctrl)
        continue;
      s = (__builtin_popcountll (a & g.z) & 1) ? -1.0 : 1.0;
      lr = lambda->re + (a ^ g.x) * B;
      li = lambda->im + (a ^ g.x) * B;
      pr = phi->re + a * B;
      pi = phi->im + a * B;
      /* conj(l) p = (lr pr + li pi) + i (lr pi - li pr) */
      for (gsize b = 0; b < B; b++)
        {
          out_re[b] += s * (lr[b] * pr[b] + li[b] * pi[b]);
          out_im[b] += s * (lr[b] * pi[b] - li[b] * pr[b]);
        }
    }
  /* times coef * i^{popcount(x & z)} */
  k = __builtin_popcountll (g.x & g.z) & 3;
  cr = k == 0 ? g.coef : k == 2 ? -g.coef : 0.0;
  ci = k == 1 ? g.coef : k == 3 ? -g.coef : 0.0;
  for (gsize b = 0; b < B; b++)
    {
      double re = out_re[b], im = out_im[b];
      out_re[b] = cr * re - ci * im;
      out_im[b] = cr * im + ci * re;
    }
}
