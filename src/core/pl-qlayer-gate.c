/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-qlayer-gate.c: one-parameter gates whose angle is a Taylor jet, applied to jet states in
 * a single pass (see pl-qlayer-private.h). For H = coef P with P a Pauli string (P^2 = I),
 *   exp(-i theta H) = cos(coef theta) I - i sin(coef theta) P,
 * and the same identity holds in the truncated jet algebra with the jets of cos and sin of the
 * angle jet, so a gate on a jet state is two jet products and one Pauli permutation.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-qlayer-private.h"

#include <math.h>
#include <string.h>

void
_pl_qlayer_trig_jets (PlQLayerWork *w,
                      double        coef)
{
  gsize B = w->batch;
  guint M = w->spec.max_order;

  /* f(t) = cos(c t): f^(m) = c^m cos(c t + m pi/2); g(t) = sin(c t): c^m sin(c t + m pi/2) */
  for (gsize b = 0; b < B; b++)
    {
      double s, c, cm = 1.0;
      double cyc_c[4], cyc_s[4];

      s = sin (coef * w->theta[b]);
      c = cos (coef * w->theta[b]);
      cyc_c[0] = c, cyc_c[1] = -s, cyc_c[2] = -c, cyc_c[3] = s;
      cyc_s[0] = s, cyc_s[1] = c, cyc_s[2] = -s, cyc_s[3] = -c;
      for (guint m = 0; m <= M; m++)
        {
          w->derivs[m * B + b] = cm * cyc_c[m & 3];
          w->derivs[(M + 1 + m) * B + b] = cm * cyc_s[m & 3];
          cm *= coef;
        }
    }
  pl_jet_apply (&w->spec, B, 1, w->derivs, w->theta, w->cj);
  pl_jet_apply (&w->spec, B, 1, w->derivs + (M + 1) * B, w->theta, w->sj);
}

/* Accumulate out = coef * (C_e in1 + S_e (f in2)) for one pair over the batch. */
PL_HOT static void
pair_update (gsize                  B,
             double                 coef,
             const double *restrict ce,
             const double *restrict se,
             double                 fr,
             double                 fi,
             const double *restrict ar,
             const double *restrict ai,
             const double *restrict br,
             const double *restrict bi,
             double       *restrict yr,
             double       *restrict yi,
             gboolean               first)
{
  if (first)
    for (gsize b = 0; b < B; b++)
      {
        double s = coef * se[b], c = coef * ce[b];
        yr[b] = c * ar[b] + s * (fr * br[b] - fi * bi[b]);
        yi[b] = c * ai[b] + s * (fr * bi[b] + fi * br[b]);
      }
  else
    for (gsize b = 0; b < B; b++)
      {
        double s = coef * se[b], c = coef * ce[b];
        yr[b] += c * ar[b] + s * (fr * br[b] - fi * bi[b]);
        yi[b] += c * ai[b] + s * (fr * bi[b] + fi * br[b]);
      }
}

void
_pl_qlayer_apply_jet_gate (PlQLayerWork      *w,
                           const PlGenerator *g,
                           double             sign,
                           gboolean           adjoint,
                           const PlState     *in,
                           PlState           *out)
{
  gsize B = w->batch, K = w->K, KB = K * B;
  gboolean active[PL_JET_MAX_COMPONENTS] = { TRUE };
  gboolean reached[PL_JET_MAX_COMPONENTS] = { FALSE };
  gboolean first[MAX_PAIRS];
  guint8 pairs[MAX_PAIRS];
  guint n = 0, k = __builtin_popcountll (g->x & g->z) & 3;
  /* i^k */
  double ikr = k == 0 ? 1.0 : k == 2 ? -1.0 : 0.0;
  double iki = k == 1 ? 1.0 : k == 3 ? -1.0 : 0.0;

  /* pairs whose e-component of C or S is non-zero somewhere (a constant angle has only the
   * value component, which makes this a plain rotation of every component) */
  for (guint e = 1; e < K; e++)
    for (gsize b = 0; b < B && !active[e]; b++)
      active[e] = w->cj[e * B + b] != 0.0 || w->sj[e * B + b] != 0.0;
  for (guint p = 0; p < w->n_pairs; p++)
    if (active[w->pe[p]])
      {
        guint dst = adjoint ? w->pd[p] : w->pc[p];

        first[n] = !reached[dst];
        reached[dst] = TRUE;
        pairs[n++] = p;
      }

  for (gsize a = 0; a < in->dim; a++)
    {
      gsize pa = a ^ g->x;
      double s, phr, phi, fr, fi;

      if ((a & g->ctrl) != g->ctrl)
        {
          memcpy (out->re + a * KB, in->re + a * KB, KB * sizeof (double));
          memcpy (out->im + a * KB, in->im + a * KB, KB * sizeof (double));
          continue;
        }
      /* (P Psi)[a] = i^k (-1)^{popcount((a ^ x) & z)} Psi[a ^ x] */
      s = (__builtin_popcountll (pa & g->z) & 1) ? -1.0 : 1.0;
      phr = s * ikr;
      phi = s * iki;
      if (!adjoint)
        {
          /* f = -i sign ph */
          fr = sign * phi;
          fi = -sign * phr;
        }
      else
        {
          /* f = i ph */
          fr = -phi;
          fi = phr;
        }
      for (guint c = 0; c < K; c++)
        if (!reached[c])
          {
            memset (out->re + a * KB + c * B, 0, B * sizeof (double));
            memset (out->im + a * KB + c * B, 0, B * sizeof (double));
          }
      for (guint q = 0; q < n; q++)
        {
          guint p = pairs[q];
          guint src = adjoint ? w->pc[p] : w->pd[p];
          guint dst = adjoint ? w->pd[p] : w->pc[p];

          pair_update (B, w->pcoef[p], w->cj + w->pe[p] * B, w->sj + w->pe[p] * B, fr, fi,
                       in->re + a * KB + src * B, in->im + a * KB + src * B,
                       in->re + pa * KB + src * B, in->im + pa * KB + src * B,
                       out->re + a * KB + dst * B, out->im + a * KB + dst * B, first[q]);
        }
    }
}
