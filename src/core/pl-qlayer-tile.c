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
 * reverse pass, which loads it, seeds Lambda and walks the gates back. The last tile is
 * completed with copies of its first point, whose output adjoint is zero, so they add
 * nothing.
 *
 * The circuit is compiled into a plan first: permutation gates become relabellings of the
 * rows, rotations that commute into one are merged, and rotations by angle jets are split
 * into a rotation per point and the jet exponential T (see PlTileOp).
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

/* --- the plan ----------------------------------------------------------------------- */

static void
fixed_from_matrix (PlTileFixed  *f,
                   guint         n_wires,
                   const guint  *wires,
                   const double *mr,
                   const double *mi)
{
  gsize b0 = (gsize) 1 << wires[0];
  gsize b1 = n_wires > 1 ? (gsize) 1 << wires[1] : 0;

  f->n = n_wires > 1 ? 4 : 2;
  f->mask = b0 | b1;
  for (guint i = 0; i < f->n; i++)
    f->off[i] = ((i & 1) ? b0 : 0) | ((i & 2) ? b1 : 0);
  memcpy (f->mr, mr, f->n * f->n * sizeof (double));
  memcpy (f->mi, mi, f->n * f->n * sizeof (double));

  /* monomial: one non-zero per row */
  f->monomial = TRUE;
  for (guint i = 0; i < f->n && f->monomial; i++)
    {
      guint nz = 0;

      for (guint j = 0; j < f->n; j++)
        if (mr[i * f->n + j] != 0.0 || mi[i * f->n + j] != 0.0)
          {
            nz++;
            f->perm[i] = j;
          }
      f->monomial = nz == 1;
    }
  if (!f->monomial)
    return;
  for (guint i = 0; i < f->n; i++)
    {
      guint j = f->perm[i];

      f->mr[i] = mr[i * f->n + j];
      f->mi[i] = mi[i * f->n + j];
      f->ident[i] = j == i && f->mr[i] == 1.0 && f->mi[i] == 0.0;
    }
}

/* A fixed gate and its inverse; a permutation when the matrix is monomial with unit
 * entries. */
static void
build_fixed (PlTileOp    *op,
             PlGate       gate,
             const guint *wires)
{
  const PlGateInfo *info = pl_gate_info (gate);
  double p[PL_GATE_MAX_PARAMS] = { 0 };
  double mr[16], mi[16], hr[16], hi[16];
  guint n = info->n_wires > 1 ? 4 : 2;
  gboolean perm;

  pl_gate_matrix (gate, p, mr, mi);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        hr[i * n + j] = mr[j * n + i];
        hi[i * n + j] = -mi[j * n + i];
      }
  fixed_from_matrix (&op->fwd, info->n_wires, wires, mr, mi);
  fixed_from_matrix (&op->inv, info->n_wires, wires, hr, hi);
  perm = op->fwd.monomial;
  for (guint i = 0; i < n && perm; i++)
    perm = op->fwd.mr[i] == 1.0 && op->fwd.mi[i] == 0.0;
  op->kind = perm ? PL_TILE_PERM : PL_TILE_FIXED;
  op->support = (1u << wires[0]) | (info->n_wires > 1 ? 1u << wires[1] : 0u);
}

static gboolean
same_generator (const PlGenerator *a,
                const PlGenerator *b)
{
  return a->x == b->x && a->z == b->z && a->ctrl == b->ctrl && a->coef == b->coef;
}

static guint
total_order (const PlJetSpec *s,
             guint            e)
{
  guint o = 0;

  for (guint i = 0; i < s->n_inputs; i++)
    o += s->alpha[e][i];
  return o;
}

/* Which components of the jets of cos and sin of coef dtheta can be non-zero: for an input
 * angle (theta linear in x_j) those along axis j of even (cos) and odd (sin) order, for an
 * external one everything above the value (cos: above first order). */
static void
jet_activity (const PlJetSpec     *s,
              const PlAngleSource *src,
              PlTileOp            *op)
{
  for (guint e = 1; e < s->n_components; e++)
    {
      guint o = total_order (s, e);

      if (src->kind == PL_SOURCE_INPUT)
        {
          gboolean on_axis = TRUE;

          for (guint j = 0; j < s->n_inputs; j++)
            if (j != src->index && s->alpha[e][j] != 0)
              on_axis = FALSE;
          op->act_c[e] = on_axis && o % 2 == 0;
          op->act_s[e] = on_axis && o % 2 == 1;
        }
      else
        {
          op->act_c[e] = o >= 2;
          op->act_s[e] = TRUE;
        }
    }
}

/* The ops of the plan, merging each rotation into an earlier one with the same generator
 * when everything in between acts on other qubits (at most one angle jet per op). */
static void
build_ops (PlQLayerWork *w,
           PlQLayerTile *t)
{
  const PlJetSpec *s = &w->spec;
  g_autofree gint *owner = g_new (gint, MAX (w->n_steps, 1));
  guint n_merged = 0;

  t->ops = g_new0 (PlTileOp, MAX (w->n_steps, 1));
  t->n_ops = 0;
  for (gsize i = 0; i < w->n_steps; i++)
    {
      const Step *st = &w->steps[i];
      const PlOp *cop = &w->circuit->ops[st->op];
      const PlAngleSource *src;
      PlGenerator g;
      gboolean jet;
      guint support;
      gint target = -1;
      PlTileOp *op;

      owner[i] = -1;
      if (st->k < 0)
        {
          if (st->gate != PL_GATE_I)
            build_fixed (&t->ops[t->n_ops++], st->gate, cop->wires);
          continue;
        }
      if (!_pl_generator_of (st->gate, cop->wires, &g))
        g_assert_not_reached ();
      src = &cop->src[st->k];
      jet = src->kind == PL_SOURCE_INPUT || src->kind == PL_SOURCE_EXTERNAL;
      support = (guint) (g.x | g.z | g.ctrl);
      for (gsize j = t->n_ops; j-- > 0;)
        {
          const PlTileOp *o = &t->ops[j];

          if ((o->kind == PL_TILE_CONST || (o->kind == PL_TILE_JET && !jet)) &&
              same_generator (&o->g, &g))
            {
              target = (gint) j;
              break;
            }
          if (o->support & support)
            break;
        }
      if (target < 0)
        {
          target = (gint) t->n_ops++;
          op = &t->ops[target];
          op->kind = PL_TILE_CONST;
          op->g = g;
          op->support = support;
          op->jet_step = -1;
        }
      op = &t->ops[target];
      if (jet)
        {
          op->kind = PL_TILE_JET;
          op->jet_step = (gint) i;
          jet_activity (s, src, op);
        }
      else
        {
          owner[i] = target;
          n_merged++;
        }
    }

  /* the constant steps of each op, in circuit order */
  t->merged = g_new (guint, MAX (n_merged, 1));
  n_merged = 0;
  for (gsize j = 0; j < t->n_ops; j++)
    {
      PlTileOp *op = &t->ops[j];
      gboolean need[PL_JET_MAX_COMPONENTS] = { TRUE };

      op->first_const = n_merged;
      for (gsize i = 0; i < w->n_steps; i++)
        if (owner[i] == (gint) j)
          {
            const Step *st = &w->steps[i];

            t->merged[n_merged++] = i;
            op->n_const++;
            op->grad |= w->circuit->ops[st->op].src[st->k].kind == PL_SOURCE_PARAM;
          }
      if (op->kind != PL_TILE_JET)
        continue;

      /* the chain rule of the jet source reads the value, also the derivative along the
       * encoded input for inputs, everything for external angles */
      {
        const Step *st = &w->steps[op->jet_step];
        const PlAngleSource *src = &w->circuit->ops[st->op].src[st->k];

        op->grad |= src->kind == PL_SOURCE_EXTERNAL || src->a_param >= 0 || src->b_param >= 0;
        for (guint e = 1; e < w->K; e++)
          need[e] = src->kind == PL_SOURCE_EXTERNAL ||
                    (src->kind == PL_SOURCE_INPUT && s->order >= 1 &&
                     (gint) e == s->first[src->index]);
      }
      for (guint p = 0; p < w->n_pairs; p++)
        if (need[w->pe[p]])
          op->grad_pairs[op->n_grad++] = p;
    }
  for (gsize j = 0; j < t->n_ops; j++)
    {
      PlTileOp *op = &t->ops[j];

      if (op->kind == PL_TILE_CONST)
        for (guint p = 0; p < w->n_pairs; p++)
          if (w->pe[p] == 0)
            op->grad_pairs[op->n_grad++] = p;
    }
}

PlQLayerTile *
_pl_qlayer_tile_new (PlQLayerWork  *w,
                     GError       **error)
{
  const PlJetSpec *s = &w->spec;
  PlQLayerTile *t;
  gsize dim = (gsize) 1 << w->circuit->n_qubits, K = w->K, n;

  t = g_new0 (PlQLayerTile, 1);
  t->dim = dim;
  t->K = K;
  t->row = K * W;

  /* the non-identity pairs per destination (in place: each reads a lower component) */
  for (guint p = 0; p < w->n_pairs; p++)
    {
      g_assert (w->pd[p] <= w->pc[p]);
      if (w->pe[p] == 0)
        continue;
      t->fwd_p[w->pc[p]][t->fwd_n[w->pc[p]]++] = p;
      t->adj_p[w->pd[p]][t->adj_n[w->pd[p]]++] = p;
    }
  build_ops (w, t);
  t->map = g_new (gsize, dim);

  {
    gsize tile = dim * K * W, at = 0, n_ops = MAX (t->n_ops, 1);

    n = 6 * tile + (5 * K + 2 + 2 * (s->max_order + 1) + s->n_inputs) * W
        + n_ops * (3 + 2 * W);
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
    TAKE (gt, K * W);
    TAKE (acc, K * W);
    TAKE (cw, W);
    TAKE (sw, W);
    TAKE (derivs, 2 * (s->max_order + 1) * W);
    TAKE (xt, s->n_inputs * W);
    TAKE (cconst, n_ops * W);
    TAKE (sconst, n_ops * W);
    TAKE (angle, n_ops);
    TAKE (g0, n_ops);
    TAKE (ga, n_ops);
#undef TAKE
    g_assert (at == n);
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
  g_free (t->merged);
  g_free (t->map);
  g_free (t);
}

/* --- angles ------------------------------------------------------------------------- */

static const PlAngleSource *
step_source (PlQLayerWork *w,
             gsize         step)
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

/* The constant angle of every op (its merged constant steps), once per pass, and cos, sin
 * of the CONST ops. */
static void
const_angles (PlQLayerWork *w,
              PlQLayerTile *t,
              const double *params)
{
  for (gsize j = 0; j < t->n_ops; j++)
    {
      const PlTileOp *op = &t->ops[j];
      double theta = 0, c, s;

      for (guint m = 0; m < op->n_const; m++)
        {
          const PlAngleSource *src = step_source (w, t->merged[op->first_const + m]);

          theta += src->kind == PL_SOURCE_PARAM ? src->scale * params[src->index] + src->value
                                                : src->value;
        }
      t->angle[j] = theta;
      if (op->kind != PL_TILE_CONST)
        continue;
      c = cos (op->g.coef * theta);
      s = sin (op->g.coef * theta);
      for (gsize l = 0; l < W; l++)
        {
          t->cconst[j * W + l] = c;
          t->sconst[j * W + l] = s;
        }
    }
}

/* For the JET op @j and the tile's points: the angle jet in t->theta, cos and sin of
 * coef theta_0 in t->cw, t->sw, and the jets of cos and sin of coef dtheta in t->cj, t->sj. */
static void
jet_angle (PlQLayerWork *w,
           PlQLayerTile *t,
           gsize         j,
           const double *params,
           const double *ext_jets,
           gsize         b0,
           gsize         n)
{
  const PlTileOp *op = &t->ops[j];
  const PlAngleSource *src = step_source (w, op->jet_step);
  guint K = t->K, M = w->spec.max_order;
  double coef = op->g.coef, cm = 1.0;

  memset (t->theta, 0, K * W * sizeof (double));
  if (src->kind == PL_SOURCE_INPUT)
    {
      double a = src->a_param >= 0 ? params[src->a_param] : src->scale;
      double c = src->b_param >= 0 ? params[src->b_param] : src->value;
      const double *xj = t->xt + (gsize) src->index * W;
      gint first = w->spec.order >= 1 ? w->spec.first[src->index] : -1;

      for (gsize l = 0; l < W; l++)
        t->theta[l] = a * xj[l] + c;
      if (first >= 0)
        for (gsize l = 0; l < W; l++)
          t->theta[first * W + l] = a;
    }
  else
    for (guint e = 0; e < K; e++)
      load_lanes (t->theta + e * W, ext_jets + ((gsize) src->index * K + e) * w->batch + b0, n);
  for (gsize l = 0; l < W; l++)
    t->theta[l] += t->angle[j];
  _pl_sincos_kernel (t->theta, W, coef, t->cw, t->sw);

  /* at dtheta = 0: (d/dt)^m cos (coef t) = coef^m cos (m pi / 2), sin likewise */
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

void
_pl_qlayer_tile_forward (PlQLayerWork *w,
                         const double *params,
                         const double *x,
                         const double *ext_jets,
                         double       *out_jets)
{
  PlQLayerTile *t = w->tile;
  gsize B = w->batch, K = t->K, KB = K * B, tile = t->dim * t->row;
  PlState *psi = w->psi;

  const_angles (w, t, params);
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

      for (gsize j = 0; j < t->n_ops; j++)
        {
          const PlTileOp *op = &t->ops[j];

          switch (op->kind)
            {
            case PL_TILE_PERM:
              permute_map (t, &op->fwd);
              break;
            case PL_TILE_FIXED:
              _pl_qlayer_tile_fixed (t, t->pr, t->pi, &op->fwd);
              break;
            case PL_TILE_CONST:
              _pl_qlayer_tile_rotate (t, t->pr, t->pi, &op->g, t->cconst + j * W,
                                      t->sconst + j * W, 1.0);
              break;
            case PL_TILE_JET:
              jet_angle (w, t, j, params, ext_jets, b0, n);
              _pl_qlayer_tile_exp (w, t, t->pr, t->pi, op, 1.0, FALSE);
              _pl_qlayer_tile_rotate (t, t->pr, t->pi, &op->g, t->cw, t->sw, 1.0);
              break;
            default:
              g_assert_not_reached ();
            }
        }

      /* keep the final state for the reverse pass (and the shot estimates) */
      for (gsize a = 0; a < t->dim; a++)
        for (guint c = 0; c < K; c++)
          {
            memcpy (psi->re + a * KB + c * B + b0, t->pr + t->map[a] + c * W,
                    n * sizeof (double));
            memcpy (psi->im + a * KB + c * B + b0, t->pi + t->map[a] + c * W,
                    n * sizeof (double));
          }
      if (w->shots > 0)
        continue;

      /* (E_i)_c = sum_{d <= c} C(c, d) Re <Psi_d| O_i |Psi_{c-d}> */
      for (guint i = 0; i < w->n_obs; i++)
        {
          _pl_qlayer_tile_observable (t, w->obs[i]);
          _pl_qlayer_tile_expectation (w, t, t->acc);
          for (guint c = 0; c < K; c++)
            memcpy (out_jets + (gsize) i * KB + c * B + b0, t->acc + c * W,
                    n * sizeof (double));
        }
    }

  if (w->shots > 0)
    for (guint i = 0; i < w->n_obs; i++)
      if (!pl_observable_sample (w->obs[i], psi, w->shots, w->rng, w->t1,
                                 out_jets + (gsize) i * KB, NULL))
        g_assert_not_reached ();
}

/* --- reverse ------------------------------------------------------------------------ */

/* Add the tile's dL/dtheta of op @j to its sums, or (external angles) to @ext_adjoint. */
static void
tile_chain (PlQLayerWork *w,
            PlQLayerTile *t,
            gsize         j,
            gsize         b0,
            gsize         n,
            double       *ext_adjoint)
{
  const PlTileOp *op = &t->ops[j];
  const PlAngleSource *src = op->kind == PL_TILE_JET ? step_source (w, op->jet_step) : NULL;
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

void
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

  const_angles (w, t, params);
  memset (t->g0, 0, t->n_ops * sizeof (double));
  memset (t->ga, 0, t->n_ops * sizeof (double));
  for (gsize b0 = 0; b0 < B; b0 += W)
    {
      gsize n = MIN (W, B - b0);

      load_coordinates (w, t, x, b0, n);
      identity_map (t);
      for (gsize a = 0; a < t->dim; a++)
        for (guint c = 0; c < K; c++)
          {
            load_lanes (t->pr + a * row + c * W, psi->re + a * KB + c * B + b0, n);
            load_lanes (t->pi + a * row + c * W, psi->im + a * KB + c * B + b0, n);
          }

      /* Lambda_d = sum_i sum_{c >= d} C(c, d) g_ic (O_i Psi)_{c-d}; zero for the copies */
      memset (t->lr, 0, tile * sizeof (double));
      memset (t->li, 0, tile * sizeof (double));
      for (guint i = 0; i < w->n_obs; i++)
        {
          for (guint c = 0; c < K; c++)
            for (gsize l = 0; l < W; l++)
              t->acc[c * W + l] = l < n ? out_adjoint[(gsize) i * KB + c * B + b0 + l] : 0.0;
          _pl_qlayer_tile_observable (t, w->obs[i]);
          _pl_qlayer_tile_seed (w, t, t->acc);
        }

      for (gsize j = t->n_ops; j-- > 0;)
        {
          const PlTileOp *op = &t->ops[j];

          switch (op->kind)
            {
            case PL_TILE_PERM:
              permute_map (t, &op->inv);
              break;
            case PL_TILE_FIXED:
              _pl_qlayer_tile_fixed (t, t->pr, t->pi, &op->inv);
              _pl_qlayer_tile_fixed (t, t->lr, t->li, &op->inv);
              break;
            case PL_TILE_CONST:
              if (op->grad && want)
                {
                  _pl_qlayer_tile_gradient (w, t, op);
                  tile_chain (w, t, j, b0, n, ext_adjoint);
                }
              /* M^-1 = M^dagger */
              _pl_qlayer_tile_rotate (t, t->pr, t->pi, &op->g, t->cconst + j * W,
                                      t->sconst + j * W, -1.0);
              _pl_qlayer_tile_rotate (t, t->lr, t->li, &op->g, t->cconst + j * W,
                                      t->sconst + j * W, -1.0);
              break;
            case PL_TILE_JET:
              jet_angle (w, t, j, params, ext_jets, b0, n);
              if (op->grad && want)
                {
                  _pl_qlayer_tile_gradient (w, t, op);
                  tile_chain (w, t, j, b0, n, ext_adjoint);
                }
              /* Psi = T^-1 G^-1 Psi', Lambda = T^dagger G^dagger Lambda' */
              _pl_qlayer_tile_rotate (t, t->pr, t->pi, &op->g, t->cw, t->sw, -1.0);
              _pl_qlayer_tile_exp (w, t, t->pr, t->pi, op, -1.0, FALSE);
              _pl_qlayer_tile_rotate (t, t->lr, t->li, &op->g, t->cw, t->sw, -1.0);
              _pl_qlayer_tile_exp (w, t, t->lr, t->li, op, 1.0, TRUE);
              break;
            default:
              g_assert_not_reached ();
            }
        }
    }

  if (param_grad == NULL)
    return;
  for (gsize j = t->n_ops; j-- > 0;)
    {
      const PlTileOp *op = &t->ops[j];

      for (guint m = op->n_const; m-- > 0;)
        {
          const PlAngleSource *src = step_source (w, t->merged[op->first_const + m]);

          if (src->kind == PL_SOURCE_PARAM)
            param_grad[src->index] += src->scale * t->g0[j];
        }
      if (op->kind == PL_TILE_JET)
        {
          const PlAngleSource *src = step_source (w, op->jet_step);

          if (src->kind == PL_SOURCE_INPUT && src->a_param >= 0)
            param_grad[src->a_param] += t->ga[j];
          if (src->kind == PL_SOURCE_INPUT && src->b_param >= 0)
            param_grad[src->b_param] += t->g0[j];
        }
    }
}
