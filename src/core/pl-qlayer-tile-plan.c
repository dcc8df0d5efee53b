/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-qlayer-tile-plan.c: the plan of the tiled passes (see pl-qlayer-tile-private.h): fixed
 * gates as permutations or matrices, rotations merged, single-qubit rotations in blocks.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-qlayer-tile-private.h"
#include "pl-circuit-private.h"

#include <string.h>

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
generator_support (const PlGenerator *g)
{
  return (guint) (g->x | g->z | g->ctrl);
}

static const PlAngleSource *
step_source (PlQLayerWork *w,
             gint          step)
{
  const Step *st = &w->steps[step];

  return &w->circuit->ops[st->op].src[st->k];
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
 * external one everything above the value (cos: from second order). */
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

/* Pass one: fixed gates, and one ROT op per rotation, each step merged into an earlier
 * rotation with the same generator when everything in between acts on other qubits (at
 * most one angle jet per rotation). owner[step] is the rotation of a constant step. */
static void
merge_rotations (PlQLayerWork *w,
                 PlQLayerTile *t,
                 PlTileOp     *ops,
                 gsize        *n_ops,
                 gint         *owner)
{
  *n_ops = 0;
  t->n_rots = 0;
  for (gsize i = 0; i < w->n_steps; i++)
    {
      const Step *st = &w->steps[i];
      const PlOp *cop = &w->circuit->ops[st->op];
      const PlAngleSource *src;
      PlGenerator g;
      gboolean jet;
      gint target = -1;
      PlTileRot *r;

      owner[i] = -1;
      if (st->k < 0)
        {
          if (st->gate != PL_GATE_I)
            build_fixed (&ops[(*n_ops)++], st->gate, cop->wires);
          continue;
        }
      if (!_pl_generator_of (st->gate, cop->wires, &g))
        g_assert_not_reached ();
      src = &cop->src[st->k];
      jet = src->kind == PL_SOURCE_INPUT || src->kind == PL_SOURCE_EXTERNAL;
      for (gsize j = *n_ops; j-- > 0;)
        {
          const PlTileOp *o = &ops[j];

          if (o->kind == PL_TILE_ROT && same_generator (&t->rots[o->rot[0]].g, &g) &&
              !(jet && t->rots[o->rot[0]].jet_step >= 0))
            {
              target = (gint) o->rot[0];
              break;
            }
          if (o->support & generator_support (&g))
            break;
        }
      if (target < 0)
        {
          PlTileOp *op = &ops[(*n_ops)++];

          target = (gint) t->n_rots++;
          op->kind = PL_TILE_ROT;
          op->support = generator_support (&g);
          op->n_rot = 1;
          op->rot[0] = target;
          r = &t->rots[target];
          r->g = g;
          r->jet_step = -1;
        }
      r = &t->rots[target];
      if (jet)
        r->jet_step = (gint) i;
      else
        owner[i] = target;
    }
}

static gboolean
single_qubit (const PlGenerator *g)
{
  return g->ctrl == 0 && __builtin_popcountll (g->x | g->z) == 1;
}

/* Pass two: rotations about single-qubit Paulis into blocks, each appended to the last block
 * on its qubit when nothing in between touches that qubit, unless its angle is a jet (T
 * stays at the start of a block). */
static void
form_blocks (PlQLayerTile   *t,
             const PlTileOp *in,
             gsize           n_in)
{
  t->n_ops = 0;
  for (gsize i = 0; i < n_in; i++)
    {
      const PlTileOp *o = &in[i];
      const PlTileRot *r = o->kind == PL_TILE_ROT ? &t->rots[o->rot[0]] : NULL;
      PlTileOp *b = NULL;

      if (r == NULL || !single_qubit (&r->g))
        {
          t->ops[t->n_ops++] = *o;
          continue;
        }
      if (r->jet_step < 0)
        for (gsize j = t->n_ops; j-- > 0;)
          {
            PlTileOp *p = &t->ops[j];

            if (p->kind == PL_TILE_BLOCK && p->support == o->support &&
                p->n_rot < PL_TILE_MAX_ROTS)
              {
                b = p;
                break;
              }
            if (p->support & o->support)
              break;
          }
      if (b == NULL)
        {
          b = &t->ops[t->n_ops++];
          *b = *o;
          b->kind = PL_TILE_BLOCK;
          b->n_rot = 0;
        }
      b->rot[b->n_rot++] = o->rot[0];
    }
}

/* The products of T in in-place order (see PlTileTerms). */
static void
build_terms (PlQLayerWork *w,
             PlQLayerTile *t,
             PlTileOp     *op,
             gboolean      adjoint,
             PlTileTerms  *tt)
{
  guint nc = 0, ns = 0;

  tt->n_groups = 0;
  for (guint i = 0; i < w->K; i++)
    {
      guint dst = adjoint ? i : w->K - 1 - i;
      guint n = adjoint ? t->adj_n[dst] : t->fwd_n[dst];
      const guint8 *list = adjoint ? t->adj_p[dst] : t->fwd_p[dst];
      guint g = tt->n_groups;

      tt->dst[g] = dst;
      tt->n_c[g] = tt->n_s[g] = 0;
      for (guint q = 0; q < n; q++)
        {
          guint p = list[q], e = w->pe[p], src = adjoint ? w->pc[p] : w->pd[p];

          if (op->act_c[e])
            {
              tt->c_src[nc] = src;
              tt->c_p[nc++] = p;
              tt->n_c[g]++;
            }
          if (op->act_s[e])
            {
              tt->s_src[ns] = src;
              tt->s_p[ns++] = p;
              tt->n_s[g]++;
            }
        }
      if (tt->n_c[g] + tt->n_s[g] > 0)
        tt->n_groups++;
    }
}

/* What the reverse pass needs of each rotation and op. */
static void
finish (PlQLayerWork *w,
        PlQLayerTile *t,
        const gint   *owner)
{
  const PlJetSpec *s = &w->spec;
  guint n_merged = 0;

  for (gsize j = 0; j < t->n_rots; j++)
    {
      PlTileRot *r = &t->rots[j];

      r->first_const = n_merged;
      for (gsize i = 0; i < w->n_steps; i++)
        if (owner[i] == (gint) j)
          {
            t->merged[n_merged++] = i;
            r->n_const++;
            r->grad |= step_source (w, i)->kind == PL_SOURCE_PARAM;
          }
      /* the value for parameters, also the derivative along the encoded input for inputs,
       * everything for external angles */
      r->need[0] = TRUE;
      if (r->jet_step >= 0)
        {
          const PlAngleSource *src = step_source (w, r->jet_step);

          r->grad |= src->kind == PL_SOURCE_EXTERNAL || src->a_param >= 0 || src->b_param >= 0;
          for (guint e = 1; e < w->K; e++)
            r->need[e] = src->kind == PL_SOURCE_EXTERNAL ||
                         (src->kind == PL_SOURCE_INPUT && s->order >= 1 &&
                          (gint) e == s->first[src->index]);
        }
    }

  for (gsize j = 0; j < t->n_ops; j++)
    {
      PlTileOp *op = &t->ops[j];
      gboolean need[PL_JET_MAX_COMPONENTS] = { FALSE };
      const PlTileRot *r0;

      if (op->kind != PL_TILE_ROT && op->kind != PL_TILE_BLOCK)
        continue;
      r0 = &t->rots[op->rot[0]];
      op->jet = r0->jet_step >= 0;
      if (op->jet)
        {
          jet_activity (s, step_source (w, r0->jet_step), op);
          build_terms (w, t, op, FALSE, &op->fwd_t);
          build_terms (w, t, op, TRUE, &op->adj_t);
        }
      for (guint m = 0; m < op->n_rot; m++)
        {
          const PlTileRot *r = &t->rots[op->rot[m]];

          if (!r->grad)
            continue;
          op->grad = TRUE;
          for (guint e = 0; e < w->K; e++)
            need[e] |= r->need[e];
        }
      for (guint e = 0; e < w->K; e++)
        if (need[e])
          op->class_e[op->n_class++] = e;
      for (guint p = 0; p < w->n_pairs; p++)
        if (need[w->pe[p]])
          op->grad_pairs[op->n_grad++] = p;
    }
}

void
_pl_qlayer_tile_build (PlQLayerWork *w,
                       PlQLayerTile *t)
{
  gsize n = MAX (w->n_steps, 1), n_in;
  g_autofree gint *owner = g_new (gint, n);
  g_autofree PlTileOp *ops = g_new0 (PlTileOp, n);

  /* the in-place jet products need every pair to read a component no later than it writes */
  for (guint p = 0; p < w->n_pairs; p++)
    {
      g_assert (w->pd[p] <= w->pc[p]);
      t->cls_p[w->pe[p]][t->cls_n[w->pe[p]]++] = p;
      t->byc_p[w->pc[p]][t->byc_n[w->pc[p]]++] = p;
      t->byd_p[w->pd[p]][t->byd_n[w->pd[p]]++] = p;
      if (w->pe[p] == 0)
        continue;
      t->fwd_p[w->pc[p]][t->fwd_n[w->pc[p]]++] = p;
      t->adj_p[w->pd[p]][t->adj_n[w->pd[p]]++] = p;
    }
  t->rots = g_new0 (PlTileRot, n);
  t->ops = g_new0 (PlTileOp, n);
  t->merged = g_new (guint, n);
  merge_rotations (w, t, ops, &n_in, owner);
  form_blocks (t, ops, n_in);
  finish (w, t, owner);
}
