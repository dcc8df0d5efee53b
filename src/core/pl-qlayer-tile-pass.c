/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-qlayer-tile-pass.c: the circuit jet layer (pl-qlayer.h for the maths) run a tile of
 * W = PL_QLAYER_TILE points at a time.
 *
 * Gate by gate over the whole batch, each gate is a pass over jet states of K B 2^n
 * amplitudes with loops whose bookkeeping is paid per gate, and the reverse pass makes three
 * (the angle gradient, then un-computing Psi and Lambda). Here a tile holds those states for
 * W points (pl-qlayer-tile-private.h), small enough to stay in the first-level cache, and the
 * whole plan runs on it before the next tile is loaded: the forward pass starts each tile
 * from |0...0>, takes the expectation jets from it and stores its final state for the
 * reverse pass, which loads it, seeds Lambda and walks the plan back. The last tile is
 * completed with copies of its first point, whose output adjoint is zero, so they add
 * nothing.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-qlayer-tile-private.h"
#include "pl-circuit-private.h"

#include <string.h>

#define W PL_QLAYER_TILE

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

  _pl_qlayer_tile_pass_constants (w, t, params);
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
              _pl_qlayer_tile_jet_angle (w, t, op, params, ext_jets, b0, n);
              _pl_qlayer_tile_exp (w, t, op, g, FALSE);
              _pl_qlayer_tile_rotate (t, t->pr, t->pi, g, t->cw, t->sw, 1.0);
              break;
            case PL_TILE_BLOCK:
              if (op->jet)
                _pl_qlayer_tile_jet_angle (w, t, op, params, ext_jets, b0, n);
              if (t->k3)
                {
                  _pl_qlayer_tile_block_fwd_k3 (w, t, op, _pl_qlayer_tile_block_unitary (t, o, op));
                  break;
                }
              if (op->jet)
                _pl_qlayer_tile_exp (w, t, op, g, FALSE);
              _pl_qlayer_tile_unitary (t, t->pr, t->pi, op->support, _pl_qlayer_tile_block_unitary (t, o, op),
                                       FALSE);
              break;
            default:
              g_assert_not_reached ();
            }
        }

      /* keep the final state for the reverse pass */
      for (gsize a = 0; a < t->dim; a++)
        for (guint c = 0; c < K; c++)
          {
            store_lanes (psi->re + a * KB + c * B + b0, t->pr + t->map[a] + c * W, n);
            store_lanes (psi->im + a * KB + c * B + b0, t->pi + t->map[a] + c * W, n);
          }
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

  _pl_qlayer_tile_pass_constants (w, t, params);
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
                _pl_qlayer_tile_jet_angle (w, t, op, params, ext_jets, b0, n);
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
                _pl_qlayer_tile_jet_angle (w, t, op, params, ext_jets, b0, n);
              if (t->k3)
                _pl_qlayer_tile_block_back_k3 (w, t, op, _pl_qlayer_tile_block_unitary (t, o, op), grad);
              else
                _pl_qlayer_tile_block_back (w, t, grad ? op : NULL, op->support,
                                            _pl_qlayer_tile_block_unitary (t, o, op));
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
