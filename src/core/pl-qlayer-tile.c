/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-qlayer-tile.c: the workspace of the tiled passes (pl-qlayer-tile-private.h) and what
 * they compute once per pass (constant rotations, the 2x2 matrices of the blocks) or once per
 * tile and rotation (the angle jets, cos and sin, the products of T).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-qlayer-tile-private.h"
#include "pl-circuit-private.h"
#include "pl-sincos-private.h"
#include "pl-error.h"

#include <math.h>
#include <string.h>

#define W PL_QLAYER_TILE

/* --- 2 x 2 matrices: re 00 01 10 11, then im ---------------------------------------- */

typedef struct {
  double re[4];
  double im[4];
} M2;

static M2
m2_mul (const M2 *a,
        const M2 *b)
{
  M2 c;

  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < 2; j++)
      {
        c.re[2 * i + j] = 0;
        c.im[2 * i + j] = 0;
        for (guint k = 0; k < 2; k++)
          {
            c.re[2 * i + j] += a->re[2 * i + k] * b->re[2 * k + j]
                               - a->im[2 * i + k] * b->im[2 * k + j];
            c.im[2 * i + j] += a->re[2 * i + k] * b->im[2 * k + j]
                               + a->im[2 * i + k] * b->re[2 * k + j];
          }
      }
  return c;
}

static M2
m2_adj (const M2 *a)
{
  M2 c;

  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < 2; j++)
      {
        c.re[2 * i + j] = a->re[2 * j + i];
        c.im[2 * i + j] = -a->im[2 * j + i];
      }
  return c;
}

static M2
m2_identity (void)
{
  M2 c = { { 1, 0, 0, 1 }, { 0, 0, 0, 0 } };

  return c;
}

/* The Pauli P = i^k X^x Z^z of a single-qubit generator: <i'|P|i> = i^k (-1)^{i z}
 * [i' = i ^ x]. */
static M2
m2_pauli (const PlGenerator *g)
{
  guint x = g->x != 0, z = g->z != 0, k = x & z;
  M2 c = { { 0 }, { 0 } };

  for (guint i = 0; i < 2; i++)
    {
      double s = (i & z) ? -1.0 : 1.0;
      guint o = 2 * (i ^ x) + i;

      if (k)
        c.im[o] = s;
      else
        c.re[o] = s;
    }
  return c;
}

/* a x + b y for real a, b */
static M2
m2_comb (double     a,
         const M2  *x,
         double     b,
         const M2  *y)
{
  M2 c;

  for (guint m = 0; m < 4; m++)
    {
      c.re[m] = a * x->re[m] + b * y->re[m];
      c.im[m] = a * x->im[m] + b * y->im[m];
    }
  return c;
}

/* -i x */
static M2
m2_times_minus_i (const M2 *x)
{
  M2 c;

  for (guint m = 0; m < 4; m++)
    {
      c.re[m] = x->im[m];
      c.im[m] = -x->re[m];
    }
  return c;
}

static void
m2_store (const M2 *m,
          double   *out)
{
  memcpy (out, m->re, 4 * sizeof (double));
  memcpy (out + 4, m->im, 4 * sizeof (double));
}

/* Which parts of D_e the gradients of a block read: Im tr(A D) = sum_{i i'} Re A[i'][i]
 * Im D[i][i'] + Im A[i'][i] Re D[i][i'], and the zeros of A_j = V_j P_j V_j^dagger do not
 * depend on the angles (diagonal and anti-diagonal factors), so generic angles find them. */
static void
block_parts (PlQLayerTile *t,
             PlTileOp     *op)
{
  M2 V = m2_identity (), I = m2_identity ();

  memset (op->class_parts, 0, sizeof op->class_parts);
  for (guint m = op->n_rot; m-- > 0;)
    {
      const PlTileRot *r = &t->rots[op->rot[m]];
      M2 P = m2_pauli (&r->g), mP = m2_times_minus_i (&P), A, H, R;
      double angle = 0.3 + 0.7 * m;
      guint parts = 0;

      H = m2_mul (&V, &P);
      A = m2_adj (&V);
      A = m2_mul (&H, &A);
      for (guint i = 0; i < 2; i++)
        for (guint ii = 0; ii < 2; ii++)
          {
            gboolean re = fabs (A.re[2 * ii + i]) > 1e-12, im = fabs (A.im[2 * ii + i]) > 1e-12;

            if (i != ii && (re || im))
              parts |= PL_TILE_D_OFF;
            if (i == ii && re)
              parts |= PL_TILE_D_DIAG_IM;
            if (i == ii && im)
              parts |= PL_TILE_D_DIAG_RE;
          }
      for (guint ci = 0; ci < op->n_class && r->grad; ci++)
        if (r->need[op->class_e[ci]])
          op->class_parts[ci] |= parts;
      R = m2_comb (cos (angle), &I, sin (angle), &mP);
      V = m2_mul (&V, &R);
    }
}

PlQLayerTile *
_pl_qlayer_tile_new (PlQLayerWork  *w,
                     GError       **error)
{
  const PlJetSpec *s = &w->spec;
  PlQLayerTile *t;
  gsize dim = (gsize) 1 << w->circuit->n_qubits, K = w->K;
  gsize tile = dim * K * W, at = 0, n, n_ops, n_rots;

  t = g_new0 (PlQLayerTile, 1);
  t->dim = dim;
  t->K = K;
  t->row = K * W;
  _pl_qlayer_tile_build (w, t);
  {
    static const guint8 pc[6] = { 0, 1, 1, 2, 2, 2 }, pd[6] = { 0, 0, 1, 0, 1, 2 };

    t->k3 = s->n_inputs == 1 && s->order == 2 && s->third < 0 && K == 3 && w->n_pairs == 6;
    for (guint p = 0; p < w->n_pairs && t->k3; p++)
      t->k3 = w->pc[p] == pc[p] && w->pd[p] == pd[p];
  }
  for (gsize o = 0; o < t->n_ops; o++)
    if (t->ops[o].kind == PL_TILE_BLOCK)
      block_parts (t, &t->ops[o]);
  t->map = g_new (gsize, dim);
  t->xa = g_new (gsize, dim);
  t->xb = g_new (gsize, dim);
  t->xf0 = g_new (double, dim);
  t->xf1 = g_new (double, dim);

  n_ops = MAX (t->n_ops, 1);
  n_rots = MAX (t->n_rots, 1);
  n = 6 * tile + (4 * K + 2 + 2 * (s->max_order + 1) + s->n_inputs + 8 + 8 * K) * W
      + MAX (w->n_obs, 1) * (K * W + dim) + 2 * w->n_pairs * W * (1 + n_ops)
      + dim * w->n_pairs * W
      + n_rots * (3 + 2 * W + 24) + n_ops * 8 * W;
  t->block = pl_aligned_alloc (n * sizeof (double), "the circuit layer's tiles", error);
  if (t->block == NULL)
    {
      _pl_qlayer_tile_free (t);
      return NULL;
    }
#define TAKE(field, count) (t->field = t->block + at, at += (count))
  TAKE (pr, tile);
  TAKE (pi, tile);
  TAKE (lr, tile);
  TAKE (li, tile);
  TAKE (obr, tile);
  TAKE (obi, tile);
  TAKE (theta, K * W);
  TAKE (cj, K * W);
  TAKE (sj, K * W);
  TAKE (tc, w->n_pairs * W);
  TAKE (ts, w->n_pairs * W);
  TAKE (gt, K * W);
  TAKE (acc, MAX (w->n_obs, 1) * K * W);
  TAKE (odiag, MAX (w->n_obs, 1) * dim);
  TAKE (q, dim * w->n_pairs * W);
  TAKE (tcache, 2 * w->n_pairs * W * n_ops);
  TAKE (cw, W);
  TAKE (sw, W);
  TAKE (derivs, 2 * (s->max_order + 1) * W);
  TAKE (xt, s->n_inputs * W);
  TAKE (umat, 8 * W);
  TAKE (dmat, 8 * K * W);
  TAKE (crot, n_rots * W);
  TAKE (srot, n_rots * W);
  TAKE (vmat, n_rots * 8);
  TAKE (amat, n_rots * 8);
  TAKE (wmat, n_rots * 8);
  TAKE (ucon, n_ops * 8 * W);
  TAKE (angle, n_rots);
  TAKE (g0, n_rots);
  TAKE (ga, n_rots);
#undef TAKE
  g_assert (at == n);

  /* diagonal observables: O |a> = o(a) |a> */
  t->diag = g_new0 (gboolean, MAX (w->n_obs, 1));
  for (guint i = 0; i < w->n_obs; i++)
    {
      const PlObservable *obs = w->obs[i];
      double *o = t->odiag + i * dim;

      t->diag[i] = TRUE;
      if (obs->kind == PL_OBSERVABLE_GLOBAL_COST)
        {
          /* I - |0...0><0...0| */
          for (gsize a = 0; a < dim; a++)
            o[a] = a != 0;
          t->n_diag++;
          continue;
        }
      for (gsize k = 0; k < obs->sum->n_terms; k++)
        t->diag[i] &= obs->sum->terms[k].p.x == 0;
      if (!t->diag[i])
        continue;
      for (gsize a = 0; a < dim; a++)
        {
          o[a] = 0;
          for (gsize k = 0; k < obs->sum->n_terms; k++)
            {
              const PlPauliTerm *term = &obs->sum->terms[k];

              o[a] += __builtin_popcountll (a & term->p.z) & 1 ? -term->coeff : term->coeff;
            }
        }
      t->n_diag++;
    }
  return t;
}

void
_pl_qlayer_tile_free (PlQLayerTile *t)
{
  if (t == NULL)
    return;
  pl_aligned_free (t->block);
  g_free (t->ops);
  g_free (t->rots);
  g_free (t->merged);
  g_free (t->map);
  g_free (t->xa);
  g_free (t->xb);
  g_free (t->xf0);
  g_free (t->xf1);
  g_free (t->diag);
  g_free (t);
}


/* --- angles ------------------------------------------------------------------------- */

static const PlAngleSource *
step_source (PlQLayerWork *w,
             gint          step)
{
  const Step *st = &w->steps[step];

  return &w->circuit->ops[st->op].src[st->k];
}

/* dst[0 .. W) <- src[0 .. n), completed with src[0]. */
static inline void
load_lanes (double       *dst,
            const double *src,
            gsize         n)
{
  for (gsize l = 0; l < W; l++)
    dst[l] = src[l < n ? l : 0];
}

/* The products C(c, d) C_e, C(c, d) S_e of T for the angle jet in t->theta into tc, ts, from
 * the jets of cos and sin of coef dtheta at dtheta = 0. */
static void
trig_products (PlQLayerWork   *w,
               PlQLayerTile   *t,
               const PlTileOp *op,
               double         *tc,
               double         *ts)
{
  guint M = w->spec.max_order;
  double coef = t->rots[op->rot[0]].g.coef, cm = 1.0;

  /* (d/dt)^m cos (coef t) = coef^m cos (m pi / 2) at t = 0, sin likewise */
  for (guint m = 0; m <= M; m++)
    {
      static const double cyc_c[4] = { 1, 0, -1, 0 }, cyc_s[4] = { 0, 1, 0, -1 };

      for (gsize l = 0; l < W; l++)
        {
          t->derivs[m * W + l] = cm * cyc_c[m & 3];
          t->derivs[(M + 1 + m) * W + l] = cm * cyc_s[m & 3];
        }
      cm *= coef;
    }
  pl_jet_apply (&w->spec, W, 1, t->derivs, t->theta, t->cj);
  pl_jet_apply (&w->spec, W, 1, t->derivs + (M + 1) * W, t->theta, t->sj);
  for (guint p = 0; p < w->n_pairs; p++)
    {
      guint e = w->pe[p];
      double binom = w->pcoef[p];

      if (!op->act_c[e] && !op->act_s[e])
        continue;
      for (gsize l = 0; l < W; l++)
        {
          tc[p * W + l] = binom * t->cj[e * W + l];
          ts[p * W + l] = binom * t->sj[e * W + l];
        }
    }
}

/* Once per pass: the constant angle of every rotation; cos, sin of the constant ROT
 * rotations; V_j, A_j and U (or W) of the blocks. */
void
_pl_qlayer_tile_pass_constants (PlQLayerWork *w,
                                PlQLayerTile *t,
                                const double *params)
{
  for (gsize j = 0; j < t->n_rots; j++)
    {
      const PlTileRot *r = &t->rots[j];
      double theta = 0, c, s;

      for (guint m = 0; m < r->n_const; m++)
        {
          const PlAngleSource *src = step_source (w, t->merged[r->first_const + m]);

          theta += src->kind == PL_SOURCE_PARAM ? src->scale * params[src->index] + src->value
                                                : src->value;
        }
      t->angle[j] = theta;
      c = cos (r->g.coef * theta);
      s = sin (r->g.coef * theta);
      for (gsize l = 0; l < W; l++)
        {
          t->crot[j * W + l] = c;
          t->srot[j * W + l] = s;
        }
    }

  for (gsize o = 0; o < t->n_ops; o++)
    {
      const PlTileOp *op = &t->ops[o];
      M2 V = m2_identity (), U;

      if (op->jet && step_source (w, t->rots[op->rot[0]].jet_step)->kind == PL_SOURCE_INPUT)
        {
          /* theta = a x_j + b: the jets of dtheta, so T, are the same at every point */
          const PlAngleSource *src = step_source (w, t->rots[op->rot[0]].jet_step);
          gint first = w->spec.order >= 1 ? w->spec.first[src->index] : -1;
          double a = src->a_param >= 0 ? params[src->a_param] : src->scale;
          double *tc = t->tcache + o * 2 * w->n_pairs * W;

          memset (t->theta, 0, t->K * W * sizeof (double));
          if (first >= 0)
            for (gsize l = 0; l < W; l++)
              t->theta[first * W + l] = a;
          trig_products (w, t, op, tc, tc + w->n_pairs * W);
        }
      if (op->kind != PL_TILE_BLOCK)
        continue;
      for (guint m = op->n_rot; m-- > 0;)
        {
          guint j = op->rot[m];
          const PlTileRot *r = &t->rots[j];
          M2 P = m2_pauli (&r->g), H, A, R, mP = m2_times_minus_i (&P), I = m2_identity ();

          /* A_j = coef V_j P_j V_j^dagger */
          H = m2_mul (&V, &P);
          A = m2_adj (&V);
          A = m2_mul (&H, &A);
          A = m2_comb (r->g.coef, &A, 0, &A);
          m2_store (&V, t->vmat + 8 * j);
          m2_store (&A, t->amat + 8 * j);
          if (m == 0 && op->jet)
            {
              /* U = c V_0 + s (-i V_0 P_0) per point */
              R = m2_mul (&V, &mP);
              m2_store (&R, t->wmat + 8 * j);
              break;
            }
          R = m2_comb (t->crot[j * W], &I, t->srot[j * W], &mP);
          V = m2_mul (&V, &R);
        }
      if (op->jet)
        continue;
      U = V;
      for (guint m = 0; m < 4; m++)
        for (gsize l = 0; l < W; l++)
          {
            t->ucon[(o * 8 + m) * W + l] = U.re[m];
            t->ucon[(o * 8 + 4 + m) * W + l] = U.im[m];
          }
    }
}

/* For the first rotation of @op, which has an angle jet, and the tile's points: cos and sin
 * of coef theta_0 in t->cw, t->sw, and the products of T in t->tcur_c, t->tcur_s. */
PL_HOT void
_pl_qlayer_tile_jet_angle (PlQLayerWork   *w,
                           PlQLayerTile   *t,
                           const PlTileOp *op,
                           const double   *params,
                           const double   *ext_jets,
                           gsize           b0,
                           gsize           n)
{
  guint j = op->rot[0];
  const PlTileRot *r = &t->rots[j];
  const PlAngleSource *src = step_source (w, r->jet_step);
  guint K = t->K;

  if (src->kind == PL_SOURCE_INPUT)
    {
      double a = src->a_param >= 0 ? params[src->a_param] : src->scale;
      double c = src->b_param >= 0 ? params[src->b_param] : src->value;
      const double *xj = t->xt + (gsize) src->index * W;
      gsize o = op - t->ops;

      for (gsize l = 0; l < W; l++)
        t->theta[l] = a * xj[l] + c + t->angle[j];
      t->tcur_c = t->tcache + o * 2 * w->n_pairs * W;
      t->tcur_s = t->tcur_c + w->n_pairs * W;
    }
  else
    {
      for (guint e = 0; e < K; e++)
        load_lanes (t->theta + e * W,
                    ext_jets + ((gsize) src->index * K + e) * w->batch + b0, n);
      for (gsize l = 0; l < W; l++)
        t->theta[l] += t->angle[j];
      trig_products (w, t, op, t->tc, t->ts);
      t->tcur_c = t->tc;
      t->tcur_s = t->ts;
    }
  _pl_sincos_kernel (t->theta, W, r->g.coef, t->cw, t->sw);
}

/* The block's U at every point of the tile, from cos and sin of its jet rotation. */
PL_HOT const double *
_pl_qlayer_tile_block_unitary (PlQLayerTile   *t,
                               gsize           o,
                               const PlTileOp *op)
{
  const double *V, *Wm;

  if (!op->jet)
    return t->ucon + o * 8 * W;
  V = t->vmat + 8 * op->rot[0];
  Wm = t->wmat + 8 * op->rot[0];
  for (gsize h = 0; h < W; h += PL_TILE_V)
    {
      PlLanes c, s;

      PL_LD (c, t->cw + h);
      PL_LD (s, t->sw + h);
      for (guint m = 0; m < 8; m++)
        {
          PlLanes u = V[m] * c + Wm[m] * s;

          PL_ST (t->umat + m * W + h, u);
        }
    }
  return t->umat;
}
