/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-qlayer-tile.c: the circuit jet layer (pl-qlayer.h for the maths) run a tile of
 * W = PL_QLAYER_TILE points at a time.
 *
 * Gate by gate over the whole batch, each gate is a pass over jet states of K B 2^n
 * amplitudes with loops whose bookkeeping is paid per gate, and the reverse pass makes three
 * (the angle gradient, then un-computing Psi and Lambda). Here a tile holds those states for
 * W points (pl-qlayer-tile-private.h), small enough to stay in the first-level cache, and the
 * whole circuit runs on it before the next tile is loaded; the forward pass starts each tile
 * from |0...0>, takes the expectation jets from it and stores its final state for the
 * reverse pass, which loads it, seeds Lambda and walks the plan back. The last tile is
 * completed with copies of its first point, whose output adjoint is zero, so they add
 * nothing.
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

static void block_parts (PlQLayerTile *t,
                         PlTileOp     *op);

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
              parts |= D_PARTS_OFF;
            if (i == ii && re)
              parts |= D_PARTS_DIAG_IM;
            if (i == ii && im)
              parts |= D_PARTS_DIAG_RE;
          }
      for (guint ci = 0; ci < op->n_class && r->grad; ci++)
        if (r->need[op->class_e[ci]])
          op->class_parts[ci] |= parts;
      R = m2_comb (cos (angle), &I, sin (angle), &mP);
      V = m2_mul (&V, &R);
    }
}

/* --- angles ------------------------------------------------------------------------- */

static const PlAngleSource *
step_source (PlQLayerWork *w,
             gint          step)
{
  const Step *st = &w->steps[step];

  return &w->circuit->ops[st->op].src[st->k];
}

/* dst[0 .. n) <- src[0 .. n): a fixed-size copy for a whole tile (a variable-length memcpy
 * of 64 bytes becomes rep movs, slow to start). */
static inline __attribute__ ((always_inline)) void
store_lanes (double       *dst,
             const double *src,
             gsize         n)
{
  if (n == W)
    memcpy (dst, src, W * sizeof (double));
  else
    for (gsize l = 0; l < n; l++)
      dst[l] = src[l];
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

static void trig_products (PlQLayerWork   *w,
                           PlQLayerTile   *t,
                           const PlTileOp *op,
                           double         *tc,
                           double         *ts);

/* Once per pass: the constant angle of every rotation; cos, sin of the constant ROT
 * rotations; V_j, A_j and U (or W) of the blocks. */
static void
pass_constants (PlQLayerWork *w,
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

/* For the first rotation of @op, which has an angle jet, and the tile's points: cos and sin
 * of coef theta_0 in t->cw, t->sw, and the products of T in t->tcur_c, t->tcur_s. */
static void
jet_angle (PlQLayerWork   *w,
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
static const double *
block_unitary (PlQLayerTile   *t,
               gsize           o,
               const PlTileOp *op)
{
  const double *V, *Wm;

  if (!op->jet)
    return t->ucon + o * 8 * W;
  V = t->vmat + 8 * op->rot[0];
  Wm = t->wmat + 8 * op->rot[0];
  for (guint m = 0; m < 8; m++)
    for (gsize l = 0; l < W; l++)
      t->umat[m * W + l] = t->cw[l] * V[m] + t->sw[l] * Wm[m];
  return t->umat;
}

static void
load_coordinates (PlQLayerWork *w,
                  PlQLayerTile *t,
                  const double *x,
                  gsize         b0,
                  gsize         n)
{
  for (guint j = 0; j < w->spec.n_inputs; j++)
    load_lanes (t->xt + j * W, x + j * w->batch + b0, n);
}

/* The map after a permutation gate: its output member i is input member perm[i]. */
static void
permute_map (PlQLayerTile      *t,
             const PlTileFixed *f)
{
  for (gsize a = 0; a < t->dim; a++)
    {
      gsize r[4];

      if ((a & f->mask) != 0)
        continue;
      for (guint i = 0; i < f->n; i++)
        r[i] = t->map[a + f->off[f->perm[i]]];
      for (guint i = 0; i < f->n; i++)
        t->map[a + f->off[i]] = r[i];
    }
}

static void
identity_map (PlQLayerTile *t)
{
  for (gsize a = 0; a < t->dim; a++)
    t->map[a] = a * t->row;
}

/* --- forward ------------------------------------------------------------------------ */

PL_HOT void
_pl_qlayer_tile_forward (PlQLayerWork *w,
                         const double *params,
                         const double *x,
                         const double *ext_jets,
                         double       *out_jets)
{
  PlQLayerTile *t = w->tile;
  gsize B = w->batch, K = t->K, KB = K * B, tile = t->dim * t->row;
  PlState *psi = w->psi;

  pass_constants (w, t, params);
  for (gsize b0 = 0; b0 < B; b0 += W)
    {
      gsize n = MIN (W, B - b0);

      load_coordinates (w, t, x, b0, n);
      identity_map (t);
      /* |0...0> in the value component, zero derivatives */
      memset (t->pr, 0, tile * sizeof (double));
      memset (t->pi, 0, tile * sizeof (double));
      for (gsize l = 0; l < W; l++)
        t->pr[l] = 1.0;

      for (gsize o = 0; o < t->n_ops; o++)
        {
          const PlTileOp *op = &t->ops[o];
          guint j = op->rot[0];
          const PlGenerator *g = &t->rots[j].g;

          switch (op->kind)
            {
            case PL_TILE_PERM:
              permute_map (t, &op->fwd);
              break;
            case PL_TILE_FIXED:
              _pl_qlayer_tile_fixed (t, t->pr, t->pi, &op->fwd);
              break;
            case PL_TILE_ROT:
              if (!op->jet)
                {
                  _pl_qlayer_tile_rotate (t, t->pr, t->pi, g, t->crot + j * W, t->srot + j * W,
                                          1.0);
                  break;
                }
              jet_angle (w, t, op, params, ext_jets, b0, n);
              _pl_qlayer_tile_exp (w, t, op, g, FALSE);
              _pl_qlayer_tile_rotate (t, t->pr, t->pi, g, t->cw, t->sw, 1.0);
              break;
            case PL_TILE_BLOCK:
              if (op->jet)
                jet_angle (w, t, op, params, ext_jets, b0, n);
              if (t->k3)
                {
                  _pl_qlayer_tile_block_fwd_k3 (w, t, op, block_unitary (t, o, op));
                  break;
                }
              if (op->jet)
                _pl_qlayer_tile_exp (w, t, op, g, FALSE);
              _pl_qlayer_tile_unitary (t, t->pr, t->pi, op->support, block_unitary (t, o, op),
                                       FALSE);
              break;
            default:
              g_assert_not_reached ();
            }
        }

      /* keep the final state for the reverse pass (and the shot estimates) */
      for (gsize a = 0; a < t->dim; a++)
        for (guint c = 0; c < K; c++)
          {
            store_lanes (psi->re + a * KB + c * B + b0, t->pr + t->map[a] + c * W, n);
            store_lanes (psi->im + a * KB + c * B + b0, t->pi + t->map[a] + c * W, n);
          }
      if (w->shots > 0)
        continue;

      /* (E_i)_c = sum_{d <= c} C(c, d) Re <Psi_d| O_i |Psi_{c-d}> */
      if (t->n_diag > 0)
        _pl_qlayer_tile_expect_diag (w, t, t->acc);
      for (guint i = 0; i < w->n_obs; i++)
        {
          double *E = t->acc + i * K * W;

          if (!t->diag[i])
            {
              _pl_qlayer_tile_observable (t, w->obs[i]);
              _pl_qlayer_tile_expectation (w, t, E);
            }
          for (guint c = 0; c < K; c++)
            store_lanes (out_jets + (gsize) i * KB + c * B + b0, E + c * W, n);
        }
    }

  if (w->shots > 0)
    for (guint i = 0; i < w->n_obs; i++)
      if (!pl_observable_sample (w->obs[i], psi, w->shots, w->rng, w->t1,
                                 out_jets + (gsize) i * KB, NULL))
        g_assert_not_reached ();
}

/* --- reverse ------------------------------------------------------------------------ */

/* Add the tile's dL/dtheta (t->gt) of rotation @j to its sums, or (external angles) to
 * @ext_adjoint. */
static inline __attribute__ ((always_inline)) void
tile_chain (PlQLayerWork *w,
            PlQLayerTile *t,
            guint         j,
            gsize         b0,
            gsize         n,
            double       *ext_adjoint)
{
  const PlTileRot *r = &t->rots[j];
  const PlAngleSource *src = r->jet_step >= 0 ? step_source (w, r->jet_step) : NULL;
  double g0 = 0, ga = 0;

  for (gsize l = 0; l < n; l++)
    g0 += t->gt[l];
  t->g0[j] += g0;
  if (src == NULL)
    return;
  if (src->kind == PL_SOURCE_INPUT)
    {
      const double *xj = t->xt + (gsize) src->index * W;
      gint first = w->spec.order >= 1 ? w->spec.first[src->index] : -1;

      for (gsize l = 0; l < n; l++)
        ga += t->gt[l] * xj[l] + (first >= 0 ? t->gt[first * W + l] : 0.0);
      t->ga[j] += ga;
    }
  else if (ext_adjoint != NULL)
    for (guint e = 0; e < t->K; e++)
      {
        double *ea = ext_adjoint + ((gsize) src->index * t->K + e) * w->batch + b0;

        for (gsize l = 0; l < n; l++)
          ea[l] += t->gt[e * W + l];
      }
}

/* The gradients of a block's rotations from its D_e: dL/dtheta_e = 2 Im tr(A_j D_e). */
static inline __attribute__ ((always_inline)) void
block_gradients (PlQLayerWork   *w,
                 PlQLayerTile   *t,
                 const PlTileOp *op,
                 gsize           b0,
                 gsize           n,
                 double         *ext_adjoint)
{
  for (guint m = 0; m < op->n_rot; m++)
    {
      guint j = op->rot[m];
      const PlTileRot *r = &t->rots[j];
      const double *A = t->amat + 8 * j;

      if (!r->grad)
        continue;
      memset (t->gt, 0, t->K * W * sizeof (double));
      for (guint ci = 0; ci < op->n_class; ci++)
        {
          guint e = op->class_e[ci];
          const double *restrict D = t->dmat + ci * 8 * W;
          double *restrict gt = t->gt + e * W;
          double g[W] = { 0 };

          if (!r->need[e])
            continue;
          /* tr(A D) = sum_{i i'} A[i'][i] D[i][i'] */
          for (guint i = 0; i < 2; i++)
            for (guint ii = 0; ii < 2; ii++)
              {
                double ar = A[2 * ii + i], ai = A[4 + 2 * ii + i];
                const double *restrict dr = D + (2 * i + ii) * W;
                const double *restrict di = D + (4 + 2 * i + ii) * W;

                for (gsize l = 0; l < W; l++)
                  g[l] += 2.0 * (ar * di[l] + ai * dr[l]);
              }
          memcpy (gt, g, sizeof g);
        }
      tile_chain (w, t, j, b0, n, ext_adjoint);
    }
}

PL_HOT void
_pl_qlayer_tile_backward (PlQLayerWork *w,
                          const double *params,
                          const double *x,
                          const double *ext_jets,
                          const double *out_adjoint,
                          double       *param_grad,
                          double       *ext_adjoint)
{
  PlQLayerTile *t = w->tile;
  gsize B = w->batch, K = t->K, KB = K * B, row = t->row, tile = t->dim * row;
  const PlState *psi = w->psi;
  gboolean want = param_grad != NULL || ext_adjoint != NULL;

  pass_constants (w, t, params);
  memset (t->g0, 0, t->n_rots * sizeof (double));
  memset (t->ga, 0, t->n_rots * sizeof (double));
  for (gsize b0 = 0; b0 < B; b0 += W)
    {
      gsize n = MIN (W, B - b0);

      load_coordinates (w, t, x, b0, n);
      identity_map (t);
      for (gsize a = 0; a < t->dim; a++)
        for (guint c = 0; c < K; c++)
          {
            const double *sr = psi->re + a * KB + c * B + b0, *si = psi->im + a * KB + c * B + b0;

            if (n == W)
              {
                memcpy (t->pr + a * row + c * W, sr, W * sizeof (double));
                memcpy (t->pi + a * row + c * W, si, W * sizeof (double));
              }
            else
              {
                load_lanes (t->pr + a * row + c * W, sr, n);
                load_lanes (t->pi + a * row + c * W, si, n);
              }
          }

      /* Lambda_d = sum_i sum_{c >= d} C(c, d) g_ic (O_i Psi)_{c-d}; zero for the copies */
      if (t->n_diag == 0)
        {
          memset (t->lr, 0, tile * sizeof (double));
          memset (t->li, 0, tile * sizeof (double));
        }
      for (guint i = 0; i < w->n_obs; i++)
        for (guint c = 0; c < K; c++)
          for (gsize l = 0; l < W; l++)
            t->acc[(i * K + c) * W + l] =
              l < n ? out_adjoint[(gsize) i * KB + c * B + b0 + l] : 0.0;
      if (t->n_diag > 0)
        _pl_qlayer_tile_seed_diag (w, t, t->acc);
      for (guint i = 0; i < w->n_obs; i++)
        if (!t->diag[i])
          {
            _pl_qlayer_tile_observable (t, w->obs[i]);
            _pl_qlayer_tile_seed (w, t, t->acc + i * K * W);
          }

      for (gsize o = t->n_ops; o-- > 0;)
        {
          const PlTileOp *op = &t->ops[o];
          guint j = op->rot[0];
          const PlGenerator *g = &t->rots[j].g;
          gboolean grad = op->grad && want;

          switch (op->kind)
            {
            case PL_TILE_PERM:
              permute_map (t, &op->inv);
              break;
            case PL_TILE_FIXED:
              _pl_qlayer_tile_fixed (t, t->pr, t->pi, &op->inv);
              _pl_qlayer_tile_fixed (t, t->lr, t->li, &op->inv);
              break;
            case PL_TILE_ROT:
              if (op->jet)
                jet_angle (w, t, op, params, ext_jets, b0, n);
              if (grad)
                {
                  _pl_qlayer_tile_gradient (w, t, op, g);
                  tile_chain (w, t, j, b0, n, ext_adjoint);
                }
              if (!op->jet)
                {
                  /* M^-1 = M^dagger */
                  _pl_qlayer_tile_rotate (t, t->pr, t->pi, g, t->crot + j * W,
                                          t->srot + j * W, -1.0);
                  _pl_qlayer_tile_rotate (t, t->lr, t->li, g, t->crot + j * W,
                                          t->srot + j * W, -1.0);
                  break;
                }
              /* Psi = T^-1 G^-1 Psi', Lambda = T^dagger G^dagger Lambda' */
              _pl_qlayer_tile_rotate (t, t->pr, t->pi, g, t->cw, t->sw, -1.0);
              _pl_qlayer_tile_rotate (t, t->lr, t->li, g, t->cw, t->sw, -1.0);
              _pl_qlayer_tile_exp (w, t, op, g, TRUE);
              break;
            case PL_TILE_BLOCK:
              if (op->jet)
                jet_angle (w, t, op, params, ext_jets, b0, n);
              if (t->k3)
                _pl_qlayer_tile_block_back_k3 (w, t, op, block_unitary (t, o, op), grad);
              else
                _pl_qlayer_tile_block_back (w, t, grad ? op : NULL, op->support,
                                            block_unitary (t, o, op));
              if (grad)
                block_gradients (w, t, op, b0, n, ext_adjoint);
              if (op->jet && !t->k3)
                _pl_qlayer_tile_exp (w, t, op, g, TRUE);
              break;
            default:
              g_assert_not_reached ();
            }
        }
    }

  if (param_grad == NULL)
    return;
  for (gsize j = t->n_rots; j-- > 0;)
    {
      const PlTileRot *r = &t->rots[j];

      for (guint m = r->n_const; m-- > 0;)
        {
          const PlAngleSource *src = step_source (w, t->merged[r->first_const + m]);

          if (src->kind == PL_SOURCE_PARAM)
            param_grad[src->index] += src->scale * t->g0[j];
        }
      if (r->jet_step >= 0)
        {
          const PlAngleSource *src = step_source (w, r->jet_step);

          if (src->kind == PL_SOURCE_INPUT && src->a_param >= 0)
            param_grad[src->a_param] += t->ga[j];
          if (src->kind == PL_SOURCE_INPUT && src->b_param >= 0)
            param_grad[src->b_param] += t->g0[j];
        }
    }
}
