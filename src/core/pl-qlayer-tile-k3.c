/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-qlayer-tile-k3.c: the blocks of the tiled passes for jets of one input to second order
 * (K = 3: u, u', u''; every ODE), with the whole block done in registers: per pair of
 * amplitudes (a, a | bit) and four points, the three components of Psi (and of Lambda) are
 * loaded once, go through T, U (or U^dagger, the parts of D, T^-1 and T^dagger) and are
 * stored once, where the general kernels make a sweep over the tile for each. The maths is
 * that of pl-qlayer-tile-ops.c (see pl-qlayer-tile-private.h); the component pairs are
 *   (c, d) = (0, 0) (1, 0) (1, 1) (2, 0) (2, 1) (2, 2),  C(c, d) = 1 1 1 1 2 1,
 * so T = C - i S P, with C = (1, 0, c2) and S = (0, s1, s2), is
 *   (T x)_1 = x_1 + s1 F x_0,  (T x)_2 = x_2 + 2 s1 F x_1 + c2 x_0 + s2 F x_0,
 * F = -i P (F = i P for T^-1), and its adjoint
 *   (T^+ l)_0 = l_0 + s1 F l_1 + c2 l_2 + s2 F l_2,  (T^+ l)_1 = l_1 + 2 s1 F l_2.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-qlayer-tile-private.h"

#include <string.h>

#define W PL_QLAYER_TILE
#define V PL_TILE_V
#define LD PL_LD
#define ST PL_ST

typedef PlLanes Lanes;

/* The pairs of 1-D second-order jets, in the order of build_pairs. */
enum { P00, P10, P11, P20, P21, P22 };

/* A complex vector: the re and im parts at V points. */
typedef struct {
  Lanes r, i;
} Cx;

/* How F = -i P (or i P) acts at the two members of a pair: the pair is swapped (X, Y) or not
 * (Z), and member m is multiplied by the unit f[m] (real for Y, imaginary for X and Z). */
typedef enum {
  F_REAL_SWAP,
  F_IMAG_SWAP,
  F_IMAG_DIAG,
} FKind;

typedef struct {
  FKind  kind;
  double f[2];   /* the real or the imaginary part of the unit at member 0 and 1 */
} FUnits;

/* The units of F = i^u P at the members of (a, a | bit) for a single-qubit generator: the
 * same for every pair. */
static void
f_units (const PlGenerator *g,
         gsize              bit,
         guint              u,
         FUnits            *fu)
{
  static const double ur[4] = { 1, 0, -1, 0 };
  static const double ui[4] = { 0, 1, 0, -1 };
  guint k = __builtin_popcountll (g->x & g->z);

  for (guint m = 0; m < 2; m++)
    {
      gsize a = m ? bit : 0, pa = a ^ g->x;
      /* (P x)[a] = i^k (-1)^{popcount(pa & z)} x[pa] */
      guint v = (u + k + 2 * _pl_tile_parity (pa & g->z)) & 3;

      fu->f[m] = g->x == 0 || (k & 1) == 0 ? ui[v] : ur[v];
    }
  fu->kind = g->x == 0 ? F_IMAG_DIAG : (k & 1) ? F_REAL_SWAP : F_IMAG_SWAP;
}

/* y[m] += s F x at member m */
static inline __attribute__ ((always_inline)) void
add_f (Cx           y[2],
       const Cx     x[2],
       Lanes        s,
       const FUnits *fu)
{
  for (guint m = 0; m < 2; m++)
    {
      Lanes sf = fu->f[m] * s;

      switch (fu->kind)
        {
        case F_REAL_SWAP:
          y[m].r += sf * x[1 - m].r;
          y[m].i += sf * x[1 - m].i;
          break;
        case F_IMAG_SWAP:
          y[m].r -= sf * x[1 - m].i;
          y[m].i += sf * x[1 - m].r;
          break;
        case F_IMAG_DIAG:
        default:
          y[m].r -= sf * x[m].i;
          y[m].i += sf * x[m].r;
          break;
        }
    }
}

/* T's products at four points: c2 = C(2,0) C_2, s1 = C(1,0) S_1, s1b = C(2,1) S_1,
 * s2 = C(2,0) S_2, and which of them are there. */
typedef struct {
  Lanes    c2, s1, s1b, s2;
  gboolean has_c2, has_s1, has_s2;
} TCoef;

static inline __attribute__ ((always_inline)) void
load_t (const PlQLayerTile *t,
        const PlTileOp     *op,
        gsize               h,
        TCoef              *tc)
{
  tc->has_c2 = op->act_c[2];
  tc->has_s1 = op->act_s[1];
  tc->has_s2 = op->act_s[2];
  LD (tc->c2, t->tcur_c + P20 * W + h);
  LD (tc->s1, t->tcur_s + P10 * W + h);
  LD (tc->s1b, t->tcur_s + P21 * W + h);
  LD (tc->s2, t->tcur_s + P20 * W + h);
}

/* x <- T x (or T^-1 x with the inverse units), components x[m][c] */
static inline __attribute__ ((always_inline)) void
apply_t (Cx            x[3][2],
         const TCoef  *tc,
         const FUnits *fu)
{
  /* component 2 first: it reads the old 0 and 1 */
  if (tc->has_c2)
    for (guint m = 0; m < 2; m++)
      {
        x[2][m].r += tc->c2 * x[0][m].r;
        x[2][m].i += tc->c2 * x[0][m].i;
      }
  if (tc->has_s2)
    add_f (x[2], x[0], tc->s2, fu);
  if (tc->has_s1)
    {
      add_f (x[2], x[1], tc->s1b, fu);
      add_f (x[1], x[0], tc->s1, fu);
    }
}

/* l <- T^dagger l */
static inline __attribute__ ((always_inline)) void
apply_t_adjoint (Cx            l[3][2],
                 const TCoef  *tc,
                 const FUnits *fu)
{
  /* component 0 first: it reads the old 1 and 2 */
  if (tc->has_c2)
    for (guint m = 0; m < 2; m++)
      {
        l[0][m].r += tc->c2 * l[2][m].r;
        l[0][m].i += tc->c2 * l[2][m].i;
      }
  if (tc->has_s2)
    add_f (l[0], l[2], tc->s2, fu);
  if (tc->has_s1)
    {
      add_f (l[0], l[1], tc->s1, fu);
      add_f (l[1], l[2], tc->s1b, fu);
    }
}

/* The entries of U (re 00 01 10 11, im 00 01 10 11) at lanes h, or those of U^dagger. */
static inline __attribute__ ((always_inline)) void
load_u (const double *U,
        gsize         h,
        gboolean      adjoint,
        Lanes        *u)
{
  for (guint m = 0; m < 8; m++)
    LD (u[m], U + m * W + h);
  if (adjoint)
    {
      Lanes s = u[1];

      u[1] = u[2];
      u[2] = s;
      s = u[5];
      u[5] = -u[6];
      u[6] = -s;
      u[4] = -u[4];
      u[7] = -u[7];
    }
}

static inline __attribute__ ((always_inline)) void
apply_u (Cx           x[2],
         const Lanes *u)
{
  Cx y0, y1;

  y0.r = u[0] * x[0].r - u[4] * x[0].i + u[1] * x[1].r - u[5] * x[1].i;
  y0.i = u[0] * x[0].i + u[4] * x[0].r + u[1] * x[1].i + u[5] * x[1].r;
  y1.r = u[2] * x[0].r - u[6] * x[0].i + u[3] * x[1].r - u[7] * x[1].i;
  y1.i = u[2] * x[0].i + u[6] * x[0].r + u[3] * x[1].i + u[7] * x[1].r;
  x[0] = y0;
  x[1] = y1;
}

/* apply_u with the entries read from U where they are used (from L1), so that they need no
 * registers of their own between uses. */
static inline __attribute__ ((always_inline)) void
apply_u_mem (Cx            x[2],
             const double *U,
             gsize         h,
             gboolean      adjoint)
{
  /* U^dagger: re 00 10 01 11, im -00 -10 -01 -11 */
  static const guint8 perm[2][8] = { { 0, 1, 2, 3, 4, 5, 6, 7 }, { 0, 2, 1, 3, 4, 6, 5, 7 } };
  const guint8 *pm = perm[adjoint != 0];
  double si = adjoint ? -1.0 : 1.0;
  Lanes u0, u1, u4, u5;
  Cx y0, y1;

  LD (u0, U + pm[0] * W + h);
  LD (u1, U + pm[1] * W + h);
  LD (u4, U + pm[4] * W + h);
  LD (u5, U + pm[5] * W + h);
  u4 *= si, u5 *= si;
  y0.r = u0 * x[0].r - u4 * x[0].i + u1 * x[1].r - u5 * x[1].i;
  y0.i = u0 * x[0].i + u4 * x[0].r + u1 * x[1].i + u5 * x[1].r;
  LD (u0, U + pm[2] * W + h);
  LD (u1, U + pm[3] * W + h);
  LD (u4, U + pm[6] * W + h);
  LD (u5, U + pm[7] * W + h);
  u4 *= si, u5 *= si;
  y1.r = u0 * x[0].r - u4 * x[0].i + u1 * x[1].r - u5 * x[1].i;
  y1.i = u0 * x[0].i + u4 * x[0].r + u1 * x[1].i + u5 * x[1].r;
  x[0] = y0;
  x[1] = y1;
}

static inline __attribute__ ((always_inline)) void
load_state (const double *re,
            const double *im,
            gsize         r0,
            gsize         r1,
            gsize         h,
            Cx            x[3][2])
{
  for (guint c = 0; c < 3; c++)
    {
      LD (x[c][0].r, re + r0 + c * W + h);
      LD (x[c][0].i, im + r0 + c * W + h);
      LD (x[c][1].r, re + r1 + c * W + h);
      LD (x[c][1].i, im + r1 + c * W + h);
    }
}

static inline __attribute__ ((always_inline)) void
store_state (double   *re,
             double   *im,
             gsize     r0,
             gsize     r1,
             gsize     h,
             Cx        x[3][2])
{
  for (guint c = 0; c < 3; c++)
    {
      ST (re + r0 + c * W + h, x[c][0].r);
      ST (im + r0 + c * W + h, x[c][0].i);
      ST (re + r1 + c * W + h, x[c][1].r);
      ST (im + r1 + c * W + h, x[c][1].i);
    }
}

PL_HOT void
_pl_qlayer_tile_block_fwd_k3 (const PlQLayerWork *w,
                              PlQLayerTile       *t,
                              const PlTileOp     *op,
                              const double       *U)
{
  gsize bit = op->support;
  FUnits fu = { 0 };

  if (op->jet)
    f_units (&t->rots[op->rot[0]].g, bit, 3, &fu);
  for (gsize h = 0; h < W; h += V)
    {
      Lanes u[8];
      TCoef tc = { 0 };

      load_u (U, h, FALSE, u);
      if (op->jet)
        load_t (t, op, h, &tc);
      for (gsize a = 0; a < t->dim; a++)
        {
          gsize r0 = t->map[a], r1 = t->map[a | bit];
          Cx x[3][2];

          if (a & bit)
            continue;
          load_state (t->pr, t->pi, r0, r1, h, x);
          if (op->jet)
            apply_t (x, &tc, &fu);
          for (guint c = 0; c < 3; c++)
            apply_u (x[c], u);
          store_state (t->pr, t->pi, r0, r1, h, x);
        }
    }
}

/* D_e[i][i'] += coef x_d[i] conj (l_c[i']), only the parts asked for */
static inline __attribute__ ((always_inline)) void
accumulate_d (Lanes        *D,
              const Cx      x[2],
              const Cx      l[2],
              double        coef,
              guint         parts)
{
  Cx p0 = { coef * x[0].r, coef * x[0].i }, p1 = { coef * x[1].r, coef * x[1].i };

  if (parts & PL_TILE_D_DIAG_RE)
    {
      D[0] += p0.r * l[0].r + p0.i * l[0].i;
      D[3] += p1.r * l[1].r + p1.i * l[1].i;
    }
  if (parts & PL_TILE_D_DIAG_IM)
    {
      D[4] += p0.i * l[0].r - p0.r * l[0].i;
      D[7] += p1.i * l[1].r - p1.r * l[1].i;
    }
  if (parts & PL_TILE_D_OFF)
    {
      D[1] += p0.r * l[1].r + p0.i * l[1].i;
      D[5] += p0.i * l[1].r - p0.r * l[1].i;
      D[2] += p1.r * l[0].r + p1.i * l[0].i;
      D[6] += p1.i * l[0].r - p1.r * l[0].i;
    }
}

/* D_e (class ci) over the tile: its pairs at each pair of amplitudes, the accumulators in
 * registers (a read-only sweep). */
static inline __attribute__ ((always_inline)) void
block_d_k3 (PlQLayerTile *t,
            gsize         bit,
            guint         ci,
            guint         e,
            guint         parts)
{
  for (gsize h = 0; h < W; h += V)
    {
      Lanes D[8] = { { 0 } };

      for (gsize a = 0; a < t->dim; a++)
        {
          gsize r0 = t->map[a], r1 = t->map[a | bit];
          Cx x[2], l[2];

          if (a & bit)
            continue;
#define LOAD_PAIR(y, re, im, c)                                        \
          LD (y[0].r, re + r0 + (c) * W + h);                          \
          LD (y[0].i, im + r0 + (c) * W + h);                          \
          LD (y[1].r, re + r1 + (c) * W + h);                          \
          LD (y[1].i, im + r1 + (c) * W + h)
          switch (e)
            {
            case 0:
              for (guint c = 0; c < 3; c++)
                {
                  LOAD_PAIR (x, t->pr, t->pi, c);
                  LOAD_PAIR (l, t->lr, t->li, c);
                  accumulate_d (D, x, l, 1.0, parts);
                }
              break;
            case 1:
              LOAD_PAIR (x, t->pr, t->pi, 0);
              LOAD_PAIR (l, t->lr, t->li, 1);
              accumulate_d (D, x, l, 1.0, parts);
              LOAD_PAIR (x, t->pr, t->pi, 1);
              LOAD_PAIR (l, t->lr, t->li, 2);
              accumulate_d (D, x, l, 2.0, parts);
              break;
            default:
              LOAD_PAIR (x, t->pr, t->pi, 0);
              LOAD_PAIR (l, t->lr, t->li, 2);
              accumulate_d (D, x, l, 1.0, parts);
              break;
            }
#undef LOAD_PAIR
        }
      for (guint m = 0; m < 8; m++)
        ST (t->dmat + (ci * 8 + m) * W + h, D[m]);
    }
}

/* D_0 and D_1 together (an input-encoded rotation with gradients for its scale and shift):
 * the five products they need read each component of Psi and Lambda once. */
static inline __attribute__ ((always_inline)) void
block_d01_k3 (PlQLayerTile *t,
              gsize         bit,
              guint         ci0,
              guint         ci1,
              guint         parts0,
              guint         parts1)
{
  for (gsize h = 0; h < W; h += V)
    {
      Lanes D0[8] = { { 0 } }, D1[8] = { { 0 } };

      for (gsize a = 0; a < t->dim; a++)
        {
          gsize r0 = t->map[a], r1 = t->map[a | bit];
          Cx x[2], l[2];

          if (a & bit)
            continue;
#define LOAD_PAIR(y, re, im, c)                                        \
          LD (y[0].r, re + r0 + (c) * W + h);                          \
          LD (y[0].i, im + r0 + (c) * W + h);                          \
          LD (y[1].r, re + r1 + (c) * W + h);                          \
          LD (y[1].i, im + r1 + (c) * W + h)
          /* (x0 l0) (x0 l1) (x1 l1) (x1 l2) (x2 l2), each component loaded once */
          LOAD_PAIR (x, t->pr, t->pi, 0);
          LOAD_PAIR (l, t->lr, t->li, 0);
          accumulate_d (D0, x, l, 1.0, parts0);
          LOAD_PAIR (l, t->lr, t->li, 1);
          accumulate_d (D1, x, l, 1.0, parts1);
          LOAD_PAIR (x, t->pr, t->pi, 1);
          accumulate_d (D0, x, l, 1.0, parts0);
          LOAD_PAIR (l, t->lr, t->li, 2);
          accumulate_d (D1, x, l, 2.0, parts1);
          LOAD_PAIR (x, t->pr, t->pi, 2);
          accumulate_d (D0, x, l, 1.0, parts0);
#undef LOAD_PAIR
        }
      for (guint m = 0; m < 8; m++)
        {
          ST (t->dmat + (ci0 * 8 + m) * W + h, D0[m]);
          ST (t->dmat + (ci1 * 8 + m) * W + h, D1[m]);
        }
    }
}

/* re, im <- T^-1 U^dagger re, im, or with @adjoint T^dagger U^dagger re, im. */
static inline __attribute__ ((always_inline)) void
uncompute_k3 (const PlQLayerTile *t,
              const PlTileOp     *op,
              double             *re,
              double             *im,
              const double       *U,
              const FUnits       *fu,
              gboolean            adjoint)
{
  gsize bit = op->support;

  for (gsize h = 0; h < W; h += V)
    {
      TCoef tc = { 0 };

      if (op->jet)
        load_t (t, op, h, &tc);
      for (gsize a = 0; a < t->dim; a++)
        {
          gsize r0 = t->map[a], r1 = t->map[a | bit];
          Cx x[3][2];

          if (a & bit)
            continue;
          load_state (re, im, r0, r1, h, x);
          for (guint c = 0; c < 3; c++)
            apply_u_mem (x[c], U, h, TRUE);
          if (op->jet && !adjoint)
            apply_t (x, &tc, fu);
          else if (op->jet)
            apply_t_adjoint (x, &tc, fu);
          store_state (re, im, r0, r1, h, x);
        }
    }
}

PL_HOT void
_pl_qlayer_tile_block_back_k3 (const PlQLayerWork *w,
                               PlQLayerTile       *t,
                               const PlTileOp     *op,
                               const double       *U,
                               gboolean            grad)
{
  FUnits fu = { 0 };

  if (grad && op->n_class == 2 && op->class_e[0] == 0 && op->class_e[1] == 1)
    {
      /* RY (and merged) by an encoded input, followed by other rotations (RC1's blocks) */
      if (op->class_parts[0] == (PL_TILE_D_DIAG_IM | PL_TILE_D_OFF) &&
          op->class_parts[1] == PL_TILE_D_OFF)
        block_d01_k3 (t, op->support, 0, 1, PL_TILE_D_DIAG_IM | PL_TILE_D_OFF, PL_TILE_D_OFF);
      else
        block_d01_k3 (t, op->support, 0, 1, op->class_parts[0], op->class_parts[1]);
      grad = FALSE;
    }
  for (guint ci = 0; ci < op->n_class && grad; ci++)
    {
      guint e = op->class_e[ci], parts = op->class_parts[ci];

      /* each (class, parts) its own loop */
      if (parts == (PL_TILE_D_DIAG_IM | PL_TILE_D_OFF))
        block_d_k3 (t, op->support, ci, e, PL_TILE_D_DIAG_IM | PL_TILE_D_OFF);
      else if (parts == PL_TILE_D_OFF)
        block_d_k3 (t, op->support, ci, e, PL_TILE_D_OFF);
      else
        block_d_k3 (t, op->support, ci, e, parts);
    }
  if (op->jet)
    f_units (&t->rots[op->rot[0]].g, op->support, 1, &fu);
  uncompute_k3 (t, op, t->pr, t->pi, U, &fu, FALSE);
  uncompute_k3 (t, op, t->lr, t->li, U, &fu, TRUE);
}
