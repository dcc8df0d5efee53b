/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-qlayer-tile-obs.c: observables on a tile of jet states (expectation jets and Lambda's
 * seed) and the angle gradients of single rotations (pl-qlayer-tile-private.h for the
 * layout, pl-qlayer.h for the maths).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-qlayer-tile-private.h"
#include "pl-pauli.h"

#include <string.h>

#define W PL_QLAYER_TILE
#define V PL_TILE_V
#define LD PL_LD
#define ST PL_ST
#define parity _pl_tile_parity
#define unit _pl_tile_unit

typedef PlLanes Lanes;

PL_HOT void
_pl_qlayer_tile_observable (PlQLayerTile       *t,
                            const PlObservable *obs)
{
  gsize row = t->row, n = t->dim * row;
  const gsize *map = t->map;

  if (obs->kind == PL_OBSERVABLE_GLOBAL_COST)
    {
      /* I - |0...0><0...0| */
      for (gsize a = 0; a < t->dim; a++)
        {
          memcpy (t->obr + a * row, t->pr + map[a], row * sizeof (double));
          memcpy (t->obi + a * row, t->pi + map[a], row * sizeof (double));
        }
      memset (t->obr, 0, row * sizeof (double));
      memset (t->obi, 0, row * sizeof (double));
      return;
    }
  memset (t->obr, 0, n * sizeof (double));
  memset (t->obi, 0, n * sizeof (double));
  for (gsize k = 0; k < obs->sum->n_terms; k++)
    {
      const PlPauliTerm *term = &obs->sum->terms[k];
      double fr, fi;

      /* (P psi)[a ^ x] = i^{|x & z|} (-1)^{|a & z|} psi[a] */
      unit (__builtin_popcountll (term->p.x & term->p.z), &fr, &fi);
      fr *= term->coeff, fi *= term->coeff;
      for (gsize a = 0; a < t->dim; a++)
        {
          double s = parity (a & term->p.z) ? -1.0 : 1.0, gr = s * fr, gi = s * fi;
          gsize o = (a ^ term->p.x) * row;

          for (gsize l = 0; l < row; l += V)
            {
              Lanes xr, xi, yr, yi;

              LD (xr, t->pr + map[a] + l);
              LD (xi, t->pi + map[a] + l);
              LD (yr, t->obr + o + l);
              LD (yi, t->obi + o + l);
              yr += gr * xr - gi * xi;
              yi += gr * xi + gi * xr;
              ST (t->obr + o + l, yr);
              ST (t->obi + o + l, yi);
            }
        }
    }
}

PL_HOT void
_pl_qlayer_tile_expect_diag (const PlQLayerWork *w,
                             const PlQLayerTile *t,
                             double             *E)
{
  gsize KW = t->K * W, PW = w->n_pairs * W;
  const gsize *map = t->map;
  double *Q = t->q;

  /* Q[a][p] = Re conj (Psi_d[a]) Psi_e[a] for pair p = (c, d), e = c - d */
  for (gsize a = 0; a < t->dim; a++)
    for (guint p = 0; p < w->n_pairs; p++)
      for (gsize h = 0; h < W; h += V)
        {
          Lanes xr, xi, yr, yi, q;

          LD (xr, t->pr + map[a] + w->pd[p] * W + h);
          LD (xi, t->pi + map[a] + w->pd[p] * W + h);
          LD (yr, t->pr + map[a] + w->pe[p] * W + h);
          LD (yi, t->pi + map[a] + w->pe[p] * W + h);
          q = xr * yr + xi * yi;
          ST (Q + a * PW + p * W + h, q);
        }
  /* E_i[c] = sum_a o_i(a) sum_{p = (c, d)} C(c, d) Q[a][p] */
  for (guint i = 0; i < w->n_obs; i++)
    {
      const double *o = t->odiag + i * t->dim;

      if (!t->diag[i])
        continue;
      for (guint c = 0; c < t->K; c++)
        for (gsize h = 0; h < W; h += V)
          {
            Lanes acc = { 0 };

            for (gsize a = 0; a < t->dim; a++)
              for (guint q = 0; q < t->byc_n[c]; q++)
                {
                  guint p = t->byc_p[c][q];
                  Lanes v;

                  LD (v, Q + a * PW + p * W + h);
                  acc += (w->pcoef[p] * o[a]) * v;
                }
            ST (E + i * KW + c * W + h, acc);
          }
    }
}

PL_HOT void
_pl_qlayer_tile_seed_diag (const PlQLayerWork *w,
                           PlQLayerTile       *t,
                           const double       *g)
{
  gsize KW = t->K * W;
  const gsize *map = t->map;

  for (gsize a = 0; a < t->dim; a++)
    for (gsize h = 0; h < W; h += V)
      {
        Lanes G[PL_JET_MAX_COMPONENTS];

        /* G_c = sum_i g_ic o_i(a) */
        for (guint c = 0; c < t->K; c++)
          {
            G[c] = (Lanes) { 0 };
            for (guint i = 0; i < w->n_obs; i++)
              {
                Lanes gi;

                if (!t->diag[i])
                  continue;
                LD (gi, g + i * KW + c * W + h);
                G[c] += t->odiag[i * t->dim + a] * gi;
              }
          }
        /* Lambda_d[a] = sum_{p = (c, d)} C(c, d) G_c (Psi)_{c-d}[a]: written, not added */
        for (guint d = 0; d < t->K; d++)
          {
            Lanes zr = { 0 }, zi = { 0 };

            for (guint q = 0; q < t->byd_n[d]; q++)
              {
                guint p = t->byd_p[d][q];
                Lanes yr, yi, f = w->pcoef[p] * G[w->pc[p]];

                LD (yr, t->pr + map[a] + w->pe[p] * W + h);
                LD (yi, t->pi + map[a] + w->pe[p] * W + h);
                zr += f * yr;
                zi += f * yi;
              }
            ST (t->lr + map[a] + d * W + h, zr);
            ST (t->li + map[a] + d * W + h, zi);
          }
      }
}

PL_HOT void
_pl_qlayer_tile_expectation (const PlQLayerWork *w,
                             const PlQLayerTile *t,
                             double             *E)
{
  gsize row = t->row;
  const gsize *map = t->map;

  for (gsize h = 0; h < W; h += V)
    {
      Lanes acc[PL_JET_MAX_COMPONENTS] = { { 0 } };

      for (gsize a = 0; a < t->dim; a++)
        for (guint p = 0; p < w->n_pairs; p++)
          {
            Lanes xr, xi, yr, yi;

            LD (xr, t->pr + map[a] + w->pd[p] * W + h);
            LD (xi, t->pi + map[a] + w->pd[p] * W + h);
            LD (yr, t->obr + a * row + w->pe[p] * W + h);
            LD (yi, t->obi + a * row + w->pe[p] * W + h);
            acc[w->pc[p]] += w->pcoef[p] * (xr * yr + xi * yi);
          }
      for (guint c = 0; c < t->K; c++)
        ST (E + c * W + h, acc[c]);
    }
}

PL_HOT void
_pl_qlayer_tile_seed (const PlQLayerWork *w,
                      PlQLayerTile       *t,
                      const double       *g)
{
  gsize row = t->row;
  const gsize *map = t->map;

  for (gsize a = 0; a < t->dim; a++)
    for (guint p = 0; p < w->n_pairs; p++)
      for (gsize h = 0; h < W; h += V)
        {
          double *zrp = t->lr + map[a] + w->pd[p] * W + h;
          double *zip = t->li + map[a] + w->pd[p] * W + h;
          Lanes gc, yr, yi, zr, zi;

          LD (gc, g + w->pc[p] * W + h);
          LD (yr, t->obr + a * row + w->pe[p] * W + h);
          LD (yi, t->obi + a * row + w->pe[p] * W + h);
          LD (zr, zrp);
          LD (zi, zip);
          zr += w->pcoef[p] * gc * yr;
          zi += w->pcoef[p] * gc * yi;
          ST (zrp, zr);
          ST (zip, zi);
        }
}

/* With H = coef P_ctrl i^k X^x Z^z,
 *   <Lambda_c| H |Psi_d> = coef i^k sum_{a in ctrl} (-1)^{popcount(a & z)}
 *                          conj(Lambda_c[a ^ x]) Psi_d[a]. */
PL_HOT void
_pl_qlayer_tile_gradient (const PlQLayerWork *w,
                          PlQLayerTile       *t,
                          const PlTileOp     *op,
                          const PlGenerator  *g)
{
  const gsize *map = t->map;
  guint k = __builtin_popcountll (g->x & g->z) & 3;
  /* Im (coef i^k z) = cr Im z + ci Re z */
  double cr = k == 0 ? g->coef : k == 2 ? -g->coef : 0.0;
  double ci = k == 1 ? g->coef : k == 3 ? -g->coef : 0.0;

  for (gsize h = 0; h < W; h += V)
    {
      Lanes gt[PL_JET_MAX_COMPONENTS] = { { 0 } };

      for (guint q = 0; q < op->n_grad; q++)
        {
          guint p = op->grad_pairs[q];
          Lanes xr = { 0 }, xi = { 0 };

          for (gsize a = 0; a < t->dim; a++)
            {
              gsize ol = map[a ^ g->x] + w->pc[p] * W + h, op_ = map[a] + w->pd[p] * W + h;
              double s;
              Lanes lr, li, pr, pi;

              if ((a & g->ctrl) != g->ctrl)
                continue;
              s = parity (a & g->z) ? -1.0 : 1.0;
              LD (lr, t->lr + ol);
              LD (li, t->li + ol);
              LD (pr, t->pr + op_);
              LD (pi, t->pi + op_);
              xr += s * (lr * pr + li * pi);
              xi += s * (lr * pi - li * pr);
            }
          gt[w->pe[p]] += 2.0 * w->pcoef[p] * (cr * xi + ci * xr);
        }
      for (guint e = 0; e < t->K; e++)
        ST (t->gt + e * W + h, gt[e]);
    }
}
