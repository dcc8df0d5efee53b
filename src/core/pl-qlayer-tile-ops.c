/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-qlayer-tile-ops.c: rotations, T, blocks and fixed gates on a tile of jet states
 * (pl-qlayer-tile-private.h for the layout, pl-qlayer.h for the maths). For P = i^k X^x Z^z
 * on the control subspace,
 *   (P Psi)[a] = i^k (-1)^{popcount((a ^ x) & z)} Psi[a ^ x],
 * so a multiple of -i P or i P at a is a unit i^u times the partner amplitude; it is real
 * for odd k and imaginary for even k, the same at a and at a ^ x.
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
_pl_qlayer_tile_rotate (const PlQLayerTile *t,
                        double             *re,
                        double             *im,
                        const PlGenerator  *g,
                        const double       *C,
                        const double       *S,
                        double              sign)
{
  guint k = __builtin_popcountll (g->x & g->z), K = t->K;
  const gsize *map = t->map;

  for (gsize a = 0; a < t->dim; a++)
    {
      gsize pa = a ^ g->x, ra = map[a], rb = map[pa];
      double f0r, f0i, f1r, f1i;

      if ((a & g->ctrl) != g->ctrl || pa < a)
        continue;
      /* -i sign P at a and at pa */
      unit (3 + k + 2 * parity (pa & g->z), &f0r, &f0i);
      unit (3 + k + 2 * parity (a & g->z), &f1r, &f1i);
      f0r *= sign, f0i *= sign, f1r *= sign, f1i *= sign;
      for (gsize h = 0; h < W; h += V)
        {
          Lanes c, s;

          LD (c, C + h);
          LD (s, S + h);
          if (pa == a)
            {
              /* a phase: x <- (c + s f0) x */
              Lanes dr = c + s * f0r, di = s * f0i;

              for (guint q = 0; q < K; q++)
                {
                  gsize o = ra + q * W + h;
                  Lanes xr, xi, yr, yi;

                  LD (xr, re + o);
                  LD (xi, im + o);
                  yr = dr * xr - di * xi;
                  yi = dr * xi + di * xr;
                  ST (re + o, yr);
                  ST (im + o, yi);
                }
            }
          else if (f0i == 0.0)
            {
              Lanes s0 = s * f0r, s1 = s * f1r;

              for (guint q = 0; q < K; q++)
                {
                  gsize oa = ra + q * W + h, ob = rb + q * W + h;
                  Lanes ar, ai, br, bi, yr, yi, zr, zi;

                  LD (ar, re + oa);
                  LD (ai, im + oa);
                  LD (br, re + ob);
                  LD (bi, im + ob);
                  yr = c * ar + s0 * br;
                  yi = c * ai + s0 * bi;
                  zr = c * br + s1 * ar;
                  zi = c * bi + s1 * ai;
                  ST (re + oa, yr);
                  ST (im + oa, yi);
                  ST (re + ob, zr);
                  ST (im + ob, zi);
                }
            }
          else
            {
              /* (i f) b = f (-bi + i br) */
              Lanes s0 = s * f0i, s1 = s * f1i;

              for (guint q = 0; q < K; q++)
                {
                  gsize oa = ra + q * W + h, ob = rb + q * W + h;
                  Lanes ar, ai, br, bi, yr, yi, zr, zi;

                  LD (ar, re + oa);
                  LD (ai, im + oa);
                  LD (br, re + ob);
                  LD (bi, im + ob);
                  yr = c * ar - s0 * bi;
                  yi = c * ai + s0 * br;
                  zr = c * br - s1 * ai;
                  zi = c * bi + s1 * ar;
                  ST (re + oa, yr);
                  ST (im + oa, yi);
                  ST (re + ob, zr);
                  ST (im + ob, zi);
                }
            }
        }
    }
}

/* In place: output component c reads input components d <= c (c >= d for the adjoint), so
 * the groups of PlTileTerms run from the highest component down (from the lowest up for the
 * adjoint); within a group every term reads another component than the group writes, so the
 * terms are applied one after the other, each in one sweep over the amplitudes. T's identity
 * part (C_0 = 1, S_0 = 0) is the output component's own input. */
/* The terms of @tt on re, im over the amplitude pairs in t->xa, t->xb with units t->xf0,
 * t->xf1 (see _pl_qlayer_tile_exp). */
static inline __attribute__ ((always_inline)) void
exp_apply (const PlQLayerTile *t,
           double             *re,
           double             *im,
           const PlTileTerms  *tt,
           gsize               n,
           gboolean            diag,
           gboolean            imag)
{
  const gsize *ra = t->xa, *rb = t->xb;
  const double *f0 = t->xf0, *f1 = t->xf1;
  guint qc = 0, qs = 0;

  for (guint gi = 0; gi < tt->n_groups; gi++)
    {
      gsize dst = tt->dst[gi] * W;

      for (guint q = qc; q < qc + tt->n_c[gi]; q++)
        {
          gsize src = tt->c_src[q] * W;
          const double *cp = t->tcur_c + tt->c_p[q] * W;

          for (gsize i = 0; i < n; i++)
            for (gsize h = 0; h < W; h += V)
              {
                double *ya = re + ra[i] + dst + h, *yb = re + rb[i] + dst + h;
                double *za = im + ra[i] + dst + h, *zb = im + rb[i] + dst + h;
                Lanes c, ar, ai, br, bi, y0r, y0i, y1r, y1i;

                LD (c, cp + h);
                LD (ar, re + ra[i] + src + h);
                LD (ai, im + ra[i] + src + h);
                LD (y0r, ya);
                LD (y0i, za);
                y0r += c * ar;
                y0i += c * ai;
                ST (ya, y0r);
                ST (za, y0i);
                if (diag)
                  continue;
                LD (br, re + rb[i] + src + h);
                LD (bi, im + rb[i] + src + h);
                LD (y1r, yb);
                LD (y1i, zb);
                y1r += c * br;
                y1i += c * bi;
                ST (yb, y1r);
                ST (zb, y1i);
              }
        }
      for (guint q = qs; q < qs + tt->n_s[gi]; q++)
        {
          gsize src = tt->s_src[q] * W;
          const double *sp = t->tcur_s + tt->s_p[q] * W;

          for (gsize i = 0; i < n; i++)
            for (gsize h = 0; h < W; h += V)
              {
                double *ya = re + ra[i] + dst + h, *yb = re + rb[i] + dst + h;
                double *za = im + ra[i] + dst + h, *zb = im + rb[i] + dst + h;
                Lanes s, ar, ai, br, bi, y0r, y0i, y1r, y1i, s0, s1;

                LD (s, sp + h);
                LD (ar, re + ra[i] + src + h);
                LD (ai, im + ra[i] + src + h);
                LD (y0r, ya);
                LD (y0i, za);
                if (diag)
                  {
                    /* y += s f x, f = f0 + i f1 */
                    y0r += s * (f0[i] * ar - f1[i] * ai);
                    y0i += s * (f0[i] * ai + f1[i] * ar);
                    ST (ya, y0r);
                    ST (za, y0i);
                    continue;
                  }
                LD (br, re + rb[i] + src + h);
                LD (bi, im + rb[i] + src + h);
                LD (y1r, yb);
                LD (y1i, zb);
                s0 = f0[i] * s;
                s1 = f1[i] * s;
                if (!imag)
                  {
                    y0r += s0 * br;
                    y0i += s0 * bi;
                    y1r += s1 * ar;
                    y1i += s1 * ai;
                  }
                else
                  {
                    /* (i f) b = f (-bi + i br) */
                    y0r -= s0 * bi;
                    y0i += s0 * br;
                    y1r -= s1 * ai;
                    y1i += s1 * ar;
                  }
                ST (ya, y0r);
                ST (za, y0i);
                ST (yb, y1r);
                ST (zb, y1i);
              }
        }
      qc += tt->n_c[gi];
      qs += tt->n_s[gi];
    }
}

PL_HOT void
_pl_qlayer_tile_exp (const PlQLayerWork *w,
                     PlQLayerTile       *t,
                     const PlTileOp     *op,
                     const PlGenerator  *g,
                     gboolean            back)
{
  guint k = __builtin_popcountll (g->x & g->z);
  /* the unit of -i P (forward), of i P (inverse and adjoint) */
  guint u = back ? 1 + k : 3 + k;
  double fi0 = 0;
  gboolean diag = g->x == 0, imag;
  gsize n = 0;

  /* the amplitude pairs (a, a ^ x), and the units f at a and at a ^ x: real for odd k,
   * imaginary for even k (then f holds the imaginary part), both parts on the diagonal */
  for (gsize a = 0; a < t->dim; a++)
    {
      gsize pa = a ^ g->x;
      double r0, i0, r1, i1;

      if ((a & g->ctrl) != g->ctrl || pa < a)
        continue;
      unit (u + 2 * parity (pa & g->z), &r0, &i0);
      unit (u + 2 * parity (a & g->z), &r1, &i1);
      t->xa[n] = t->map[a];
      t->xb[n] = t->map[pa];
      t->xf0[n] = diag ? r0 : r0 + i0;
      t->xf1[n] = diag ? i0 : r1 + i1;
      fi0 = i0;
      n++;
    }
  imag = !diag && fi0 != 0.0;
  if (!back)
    {
      exp_apply (t, t->pr, t->pi, &op->fwd_t, n, diag, imag);
      return;
    }
  exp_apply (t, t->pr, t->pi, &op->fwd_t, n, diag, imag);
  exp_apply (t, t->lr, t->li, &op->adj_t, n, diag, imag);
}

/* y0 = u00 x0 + u01 x1, y1 = u10 x0 + u11 x1 (complex), on every component of a and a | bit;
 * with @adjoint the entries are those of U^dagger: u_ij = conj (U_ji). */
static inline __attribute__ ((always_inline)) void
unitary_pair (double       *re,
              double       *im,
              gsize         ra,
              gsize         rb,
              guint         K,
              gsize         h,
              const Lanes  *u)
{
  for (guint c = 0; c < K; c++)
    {
      gsize oa = ra + c * W + h, ob = rb + c * W + h;
      Lanes ar, ai, br, bi, yr, yi, zr, zi;

      LD (ar, re + oa);
      LD (ai, im + oa);
      LD (br, re + ob);
      LD (bi, im + ob);
      yr = u[0] * ar - u[4] * ai + u[1] * br - u[5] * bi;
      yi = u[0] * ai + u[4] * ar + u[1] * bi + u[5] * br;
      zr = u[2] * ar - u[6] * ai + u[3] * br - u[7] * bi;
      zi = u[2] * ai + u[6] * ar + u[3] * bi + u[7] * br;
      ST (re + oa, yr);
      ST (im + oa, yi);
      ST (re + ob, zr);
      ST (im + ob, zi);
    }
}

/* The entries of U (re 00 01 10 11, im 00 01 10 11) at lanes h, or those of U^dagger. */
static inline __attribute__ ((always_inline)) void
load_unitary (const double *U,
              gsize         h,
              gboolean      adjoint,
              Lanes        *u)
{
  for (guint m = 0; m < 8; m++)
    LD (u[m], U + m * W + h);
  if (adjoint)
    {
      Lanes t = u[1];

      u[1] = u[2];
      u[2] = t;
      t = u[5];
      u[5] = -u[6];
      u[6] = -t;
      u[4] = -u[4];
      u[7] = -u[7];
    }
}

PL_HOT void
_pl_qlayer_tile_unitary (const PlQLayerTile *t,
                         double             *re,
                         double             *im,
                         gsize               bit,
                         const double       *U,
                         gboolean            adjoint)
{
  const gsize *map = t->map;

  for (gsize a = 0; a < t->dim; a++)
    {
      if (a & bit)
        continue;
      for (gsize h = 0; h < W; h += V)
        {
          Lanes u[8];

          load_unitary (U, h, adjoint, u);
          unitary_pair (re, im, map[a], map[a | bit], t->K, h, u);
        }
    }
}

/* D_e of class ci, only the @parts (constant where inlined) that are asked for. */
static inline __attribute__ ((always_inline)) void
block_d (const PlQLayerWork *w,
         PlQLayerTile       *t,
         const PlTileOp     *op,
         guint               ci,
         const gsize        *ra,
         const gsize        *rb,
         gsize               n,
         guint               parts)
{
  guint e = op->class_e[ci];
  gboolean dre = parts & PL_TILE_D_DIAG_RE, dimag = parts & PL_TILE_D_DIAG_IM;
  gboolean off = parts & PL_TILE_D_OFF;

  for (gsize h = 0; h < W; h += V)
    {
      Lanes d00r = { 0 }, d01r = { 0 }, d10r = { 0 }, d11r = { 0 };
      Lanes d00i = { 0 }, d01i = { 0 }, d10i = { 0 }, d11i = { 0 };
      double *D = t->dmat + ci * 8 * W + h;

      for (guint q = 0; q < t->cls_n[e]; q++)
        {
          guint p = t->cls_p[e][q];
          gsize od = w->pd[p] * W + h, oc = w->pc[p] * W + h;
          double coef = w->pcoef[p];

          for (gsize i = 0; i < n; i++)
            {
              Lanes p0r, p0i, p1r, p1i, l0r, l0i, l1r, l1i;

              LD (p0r, t->pr + ra[i] + od);
              LD (p0i, t->pi + ra[i] + od);
              LD (p1r, t->pr + rb[i] + od);
              LD (p1i, t->pi + rb[i] + od);
              LD (l0r, t->lr + ra[i] + oc);
              LD (l0i, t->li + ra[i] + oc);
              LD (l1r, t->lr + rb[i] + oc);
              LD (l1i, t->li + rb[i] + oc);
              p0r *= coef, p0i *= coef, p1r *= coef, p1i *= coef;
              if (dre)
                {
                  d00r += p0r * l0r + p0i * l0i;
                  d11r += p1r * l1r + p1i * l1i;
                }
              if (dimag)
                {
                  d00i += p0i * l0r - p0r * l0i;
                  d11i += p1i * l1r - p1r * l1i;
                }
              if (off)
                {
                  d01r += p0r * l1r + p0i * l1i;
                  d01i += p0i * l1r - p0r * l1i;
                  d10r += p1r * l0r + p1i * l0i;
                  d10i += p1i * l0r - p1r * l0i;
                }
            }
        }
      ST (D + 0 * W, d00r);
      ST (D + 1 * W, d01r);
      ST (D + 2 * W, d10r);
      ST (D + 3 * W, d11r);
      ST (D + 4 * W, d00i);
      ST (D + 5 * W, d01i);
      ST (D + 6 * W, d10i);
      ST (D + 7 * W, d11i);
    }
}

PL_HOT void
_pl_qlayer_tile_block_back (const PlQLayerWork *w,
                            PlQLayerTile       *t,
                            const PlTileOp     *op,
                            gsize               bit,
                            const double       *U)
{
  const gsize *map = t->map;
  guint n_class = op != NULL ? op->n_class : 0;
  gsize *ra = t->xa, *rb = t->xb, n = 0;

  for (gsize a = 0; a < t->dim; a++)
    if (!(a & bit))
      {
        ra[n] = map[a];
        rb[n++] = map[a | bit];
      }

  /* D_e[i][i'] = sum C(c, d) Psi_d[i] conj (Lambda_c[i']), i = 0 at a, 1 at a | bit: the
   * parts the gradients read (the others zero) */
  for (guint ci = 0; ci < n_class; ci++)
    switch (op->class_parts[ci])
      {
#define CASE(P) case P: block_d (w, t, op, ci, ra, rb, n, P); break;
      CASE (1) CASE (2) CASE (3) CASE (4) CASE (5) CASE (6) CASE (7)
#undef CASE
      default:
        memset (t->dmat + ci * 8 * W, 0, 8 * W * sizeof (double));
        break;
      }

  for (gsize h = 0; h < W; h += V)
    {
      Lanes u[8];

      load_unitary (U, h, TRUE, u);
      for (gsize i = 0; i < n; i++)
        {
          unitary_pair (t->pr, t->pi, ra[i], rb[i], t->K, h, u);
          unitary_pair (t->lr, t->li, ra[i], rb[i], t->K, h, u);
        }
    }
}

PL_HOT void
_pl_qlayer_tile_fixed (const PlQLayerTile *t,
                       double             *re,
                       double             *im,
                       const PlTileFixed  *f)
{
  gsize row = t->row;
  const gsize *map = t->map;

  for (gsize a = 0; a < t->dim; a++)
    {
      gsize r[4];

      if ((a & f->mask) != 0)
        continue;
      for (guint j = 0; j < f->n; j++)
        r[j] = map[a + f->off[j]];
      for (gsize l = 0; l < row; l += V)
        {
          Lanes vr[4], vi[4];

          for (guint j = 0; j < f->n; j++)
            {
              LD (vr[j], re + r[j] + l);
              LD (vi[j], im + r[j] + l);
            }
          for (guint i = 0; i < f->n; i++)
            {
              Lanes yr, yi;

              if (f->monomial)
                {
                  Lanes xr = vr[f->perm[i]], xi = vi[f->perm[i]];

                  if (f->ident[i])
                    continue;
                  yr = f->mr[i] * xr - f->mi[i] * xi;
                  yi = f->mr[i] * xi + f->mi[i] * xr;
                }
              else
                {
                  yr = (Lanes) { 0 }, yi = (Lanes) { 0 };
                  for (guint j = 0; j < f->n; j++)
                    {
                      double mr = f->mr[i * f->n + j], mi = f->mi[i * f->n + j];

                      yr += mr * vr[j] - mi * vi[j];
                      yi += mr * vi[j] + mi * vr[j];
                    }
                }
              ST (re + r[i] + l, yr);
              ST (im + r[i] + l, yi);
            }
        }
    }
}
