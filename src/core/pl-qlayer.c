/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-qlayer.c: circuits on Taylor jets, forward and reverse (see pl-qlayer.h for the maths).
 *
 * A jet state is one PlState whose batch is K * B: element (k, b) at index k * B + b, so
 * gates act on every component at once with the batch-innermost kernels, and the jet products
 * are loops over (amplitude, component pair, point).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-qlayer.h"
#include "pl-circuit-private.h"
#include "pl-state-private-gen.h"
#include "pl-qlayer-private.h"
#include "pl-error.h"

#include <string.h>


/* Circuits run tile by tile (pl-qlayer-tile.c): 2 to 3 times faster than gate by gate over
 * the whole batch at every size measured (4 to 14 qubits, 1-D second-order jets, 128
 * points), and the tiles (three jet states of PL_QLAYER_TILE points) replace two jet states
 * of the batch. Only when the tiles alone would pass 256 MiB (18 qubits and more for such
 * jets) do the gate-by-gate passes remain. */
#define TILE_BYTES(n_qubits, K) \
  (6 * ((gsize) 1 << (n_qubits)) * (K) * PL_QLAYER_TILE * sizeof (double))
#define TILE_MAX_BYTES ((gsize) 256 << 20)

static guint
binom (guint n,
       guint k)
{
  guint r = 1;

  for (guint i = 1; i <= k; i++)
    r = r * (n - k + i) / i;
  return r;
}

static void
build_pairs (PlQLayerWork *w)
{
  const PlJetSpec *s = &w->spec;

  w->n_pairs = 0;
  for (guint c = 0; c < w->K; c++)
    for (guint d = 0; d < w->K; d++)
      {
        guint e_alpha[PL_JET_MAX_INPUTS] = { 0 };
        double coef = 1.0;
        gboolean le = TRUE;
        gint e;

        for (guint i = 0; i < s->n_inputs; i++)
          {
            if (s->alpha[d][i] > s->alpha[c][i])
              le = FALSE;
            else
              {
                e_alpha[i] = s->alpha[c][i] - s->alpha[d][i];
                coef *= binom (s->alpha[c][i], s->alpha[d][i]);
              }
          }
        if (!le)
          continue;
        e = pl_jet_spec_index (s, e_alpha);
        g_assert (e >= 0);
        w->pc[w->n_pairs] = c;
        w->pd[w->n_pairs] = d;
        w->pe[w->n_pairs] = e;
        w->pcoef[w->n_pairs] = coef;
        w->n_pairs++;
      }
}

static void
build_steps (PlQLayerWork *w)
{
  const PlCircuit *c = w->circuit;
  gsize n = 0;

  w->steps = g_new (Step, 3 * MAX (c->n_ops, 1));
  for (gsize i = 0; i < c->n_ops; i++)
    {
      const PlOp *op = &c->ops[i];

      switch (op->gate)
        {
        case PL_GATE_ROT: /* RZ(o) RY(t) RZ(p) */
          w->steps[n++] = (Step) { PL_GATE_RZ, i, 0 };
          w->steps[n++] = (Step) { PL_GATE_RY, i, 1 };
          w->steps[n++] = (Step) { PL_GATE_RZ, i, 2 };
          break;
        case PL_GATE_U3:  /* e^{i(p+l)/2} RZ(p) RY(t) RZ(l) */
          w->steps[n++] = (Step) { PL_GATE_RZ, i, 2 };
          w->steps[n++] = (Step) { PL_GATE_RY, i, 0 };
          w->steps[n++] = (Step) { PL_GATE_RZ, i, 1 };
          break;
        default:
          w->steps[n++] = (Step) { op->gate, i, pl_gate_info (op->gate)->n_params ? 0 : -1 };
          break;
        }
    }
  w->n_steps = n;
}

PlQLayerWork *
pl_qlayer_work_new (const PlCircuit      *circuit,
                    const PlJetSpec      *spec,
                    gsize                 batch,
                    guint                 n_obs,
                    PlObservable *const  *obs,
                    GError              **error)
{
  g_autoptr(PlQLayerWork) w = NULL;
  gboolean tiled;
  gsize KB;

  g_return_val_if_fail (circuit != NULL && spec != NULL, NULL);
  g_return_val_if_fail (n_obs == 0 || obs != NULL, NULL);

  if (batch == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "a circuit layer needs at least one point");
      return NULL;
    }
  if (circuit->n_inputs > spec->n_inputs)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the circuit encodes input feature %u, but the problem has %u input%s",
                   circuit->n_inputs - 1, spec->n_inputs, spec->n_inputs == 1 ? "" : "s");
      return NULL;
    }
  for (guint i = 0; i < n_obs; i++)
    if (obs[i]->n_qubits != circuit->n_qubits)
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "observable '%s' is defined on %u qubits, the circuit has %u",
                     obs[i]->label ? obs[i]->label : "?", obs[i]->n_qubits, circuit->n_qubits);
        return NULL;
      }

  w = g_new0 (PlQLayerWork, 1);
  w->circuit = circuit;
  w->spec = *spec;
  w->batch = batch;
  w->n_obs = n_obs;
  w->obs = obs;
  w->K = spec->n_components;
  KB = w->K * batch;

  build_steps (w);
  build_pairs (w);
  tiled = TILE_BYTES (circuit->n_qubits, w->K) <= TILE_MAX_BYTES;
  if (!(w->psi = pl_state_new (circuit->n_qubits, KB, error)) ||
      !(w->t1 = pl_state_new (circuit->n_qubits, KB, error)) ||
      (!tiled && !(w->lam = pl_state_new (circuit->n_qubits, KB, error))) ||
      (!tiled && !(w->r = pl_state_new (circuit->n_qubits, KB, error))) ||
      (tiled && !(w->tile = _pl_qlayer_tile_new (w, error))))
    return NULL;

  w->theta = g_new0 (double, KB);
  w->angle = g_new0 (double, KB);
  w->gtheta = g_new0 (double, KB);
  w->acc = g_new0 (double, batch);
  w->pacc = g_new0 (double, 2 * w->n_pairs * batch);
  w->cj = g_new0 (double, KB);
  w->sj = g_new0 (double, KB);
  w->derivs = g_new0 (double, 2 * (spec->max_order + 1) * batch);
  return g_steal_pointer (&w);
}

gboolean
pl_qlayer_work_set_tiled (PlQLayerWork  *w,
                          gboolean       tiled,
                          GError       **error)
{
  gsize KB = w->K * w->batch;

  if (tiled && w->tile == NULL)
    {
      if (TILE_BYTES (w->circuit->n_qubits, w->K) > TILE_MAX_BYTES)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_NO_MEMORY,
                       "tiles of %u-qubit jet states would take more than %" G_GSIZE_FORMAT
                       " MiB", w->circuit->n_qubits, TILE_MAX_BYTES >> 20);
          return FALSE;
        }
      return (w->tile = _pl_qlayer_tile_new (w, error)) != NULL;
    }
  if (!tiled)
    {
      if ((w->lam == NULL && !(w->lam = pl_state_new (w->circuit->n_qubits, KB, error))) ||
          (w->r == NULL && !(w->r = pl_state_new (w->circuit->n_qubits, KB, error))))
        return FALSE;
      g_clear_pointer (&w->tile, _pl_qlayer_tile_free);
    }
  return TRUE;
}

gboolean
pl_qlayer_work_set_estimator (PlQLayerWork  *w,
                              PlDiffMethod   method,
                              guint64        shots,
                              PlRng         *rng,
                              GError       **error)
{
  if (method == PL_DIFF_FINITE_DIFF)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                           "a circuit layer is differentiated by the adjoint method or by "
                           "parameter shifts, not by finite differences");
      return FALSE;
    }
  if (method == PL_DIFF_ADJOINT && shots > 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "the adjoint method needs the exact state; estimate from shots with "
                           "parameter shifts");
      return FALSE;
    }
  if (shots > 0 && rng == NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "shot estimates need a random generator");
      return FALSE;
    }
  if (method == PL_DIFF_PARAM_SHIFT)
    {
      if (!w->param_shift && !_pl_qlayer_shift_prepare (w, error))
        return FALSE;
    }
  else
    _pl_qlayer_shift_clear (w);
  w->param_shift = method == PL_DIFF_PARAM_SHIFT;
  w->shots = shots;
  w->rng = rng;
  return TRUE;
}

gboolean
pl_qlayer_work_set_shots (PlQLayerWork  *w,
                          guint64        shots,
                          PlRng         *rng,
                          GError       **error)
{
  return pl_qlayer_work_set_estimator (w, shots > 0 ? PL_DIFF_PARAM_SHIFT : PL_DIFF_ADJOINT,
                                       shots, rng, error);
}

guint64
pl_qlayer_work_circuits_per_point (const PlQLayerWork *w,
                                   gboolean            backward)
{
  if (!w->param_shift)
    return 0;
  return backward ? w->sh_circuits_backward : w->sh_circuits_forward;
}

void
pl_qlayer_work_free (PlQLayerWork *w)
{
  if (w == NULL)
    return;
  g_clear_pointer (&w->psi, pl_state_free);
  g_clear_pointer (&w->lam, pl_state_free);
  g_clear_pointer (&w->r, pl_state_free);
  g_clear_pointer (&w->t1, pl_state_free);
  g_clear_pointer (&w->tile, _pl_qlayer_tile_free);
  g_free (w->theta);
  g_free (w->angle);
  g_free (w->gtheta);
  g_free (w->acc);
  g_free (w->pacc);
  g_free (w->cj);
  g_free (w->sj);
  g_free (w->derivs);
  _pl_qlayer_shift_clear (w);
  g_free (w->steps);
  g_free (w);
}

/* The angle jet of a step into w->theta; returns whether it varies with the inputs. */
gboolean
_pl_qlayer_step_angle (PlQLayerWork *w,
            const Step   *st,
            const double *params,
            const double *x,
            const double *ext_jets)
{
  const PlAngleSource *src = &w->circuit->ops[st->op].src[st->k];
  gsize B = w->batch;
  guint K = w->K;

  memset (w->theta, 0, K * B * sizeof (double));
  switch (src->kind)
    {
    case PL_SOURCE_FIXED:
      for (gsize b = 0; b < B; b++)
        w->theta[b] = src->value;
      return FALSE;
    case PL_SOURCE_PARAM:
      for (gsize b = 0; b < B; b++)
        w->theta[b] = src->scale * params[src->index] + src->value;
      return FALSE;
    case PL_SOURCE_INPUT:
      {
        double a = src->a_param >= 0 ? params[src->a_param] : src->scale;
        double c = src->b_param >= 0 ? params[src->b_param] : src->value;
        const double *xj = x + (gsize) src->index * B;
        gint first = w->spec.order >= 1 ? w->spec.first[src->index] : -1;

        for (gsize b = 0; b < B; b++)
          w->theta[b] = a * xj[b] + c;
        if (first < 0)
          return FALSE;
        for (gsize b = 0; b < B; b++)
          w->theta[first * B + b] = a;
        return TRUE;
      }
    case PL_SOURCE_EXTERNAL:
      memcpy (w->theta, ext_jets + (gsize) src->index * K * B, K * B * sizeof (double));
      return K > 1;
    default:
      g_assert_not_reached ();
    }
}

/* A fixed gate (no angle) acts on every component alike. */
static void
apply_fixed (PlQLayerWork *w,
             const Step   *st,
             PlState      *state,
             gboolean      inverse)
{
  const guint *wires = w->circuit->ops[st->op].wires;

  if (inverse)
    pl_state_apply_inverse (state, st->gate, wires, NULL);
  else
    pl_state_apply (state, st->gate, wires, NULL);
}

/* A gate with a constant angle (w->theta[0]) is the same rotation for every component: the
 * state kernels do it in place with one broadcast angle. */
static gboolean
apply_constant (PlQLayerWork *w,
                const Step   *st,
                PlState      *state,
                gboolean      inverse)
{
  PlSourceKind kind = w->circuit->ops[st->op].src[st->k].kind;
  PlAngle angle = { w->theta, 0 };

  if (kind != PL_SOURCE_FIXED && kind != PL_SOURCE_PARAM)
    return FALSE;
  if (inverse)
    pl_state_apply_inverse (state, st->gate, w->circuit->ops[st->op].wires, &angle);
  else
    pl_state_apply (state, st->gate, w->circuit->ops[st->op].wires, &angle);
  return TRUE;
}

/* The generator of a step's gate and the trig jets of its angle (in w->theta). */
static void
prepare_gate (PlQLayerWork *w,
              const Step   *st,
              PlGenerator  *g)
{
  if (!_pl_generator_of (st->gate, w->circuit->ops[st->op].wires, g))
    g_assert_not_reached ();
  _pl_qlayer_trig_jets (w, g->coef);
}

static void
swap_states (PlState **a,
             PlState **b)
{
  PlState *t = *a;
  *a = *b;
  *b = t;
}

void
pl_qlayer_forward (PlQLayerWork *w,
                   const double *params,
                   const double *x,
                   const double *ext_jets,
                   double       *out_jets)
{
  gsize B = w->batch, KB = w->K * B;
  PlState *psi = w->psi;

  if (w->param_shift)
    {
      _pl_qlayer_shift_forward (w, params, x, ext_jets, out_jets);
      return;
    }
  if (w->tile != NULL)
    {
      _pl_qlayer_tile_forward (w, params, x, ext_jets, out_jets);
      return;
    }

  /* |0...0> in the value component, zero derivatives */
  memset (psi->re, 0, psi->dim * KB * sizeof (double));
  memset (psi->im, 0, psi->dim * KB * sizeof (double));
  for (gsize b = 0; b < B; b++)
    psi->re[b] = 1.0;

  for (gsize s = 0; s < w->n_steps; s++)
    {
      const Step *st = &w->steps[s];
      PlGenerator g;

      if (st->k < 0)
        {
          apply_fixed (w, st, w->psi, FALSE);
          continue;
        }
      _pl_qlayer_step_angle (w, st, params, x, ext_jets);
      if (apply_constant (w, st, w->psi, FALSE))
        continue;
      prepare_gate (w, st, &g);
      _pl_qlayer_apply_jet_gate (w, &g, 1.0, FALSE, w->psi, w->r);
      swap_states (&w->psi, &w->r);
    }

  /* (E_i)_c = sum_{d <= c} C(c, d) Re <Psi_d| O_i |Psi_{c-d}> */
  psi = w->psi;
  for (guint i = 0; i < w->n_obs; i++)
    {
      double *E = out_jets + (gsize) i * KB;

      pl_observable_apply (w->obs[i], psi, w->t1);
      memset (E, 0, KB * sizeof (double));
      for (gsize a = 0; a < psi->dim; a++)
        {
          const double *pr = psi->re + a * KB, *pi = psi->im + a * KB;
          const double *orr = w->t1->re + a * KB, *oi = w->t1->im + a * KB;

          for (guint p = 0; p < w->n_pairs; p++)
            {
              const double *xr = pr + w->pd[p] * B, *xi = pi + w->pd[p] * B;
              const double *yr = orr + w->pe[p] * B, *yi = oi + w->pe[p] * B;
              double *e = E + w->pc[p] * B;
              double coef = w->pcoef[p];

              for (gsize b = 0; b < B; b++)
                e[b] += coef * (xr[b] * yr[b] + xi[b] * yi[b]);
            }
        }
    }
}

/* w->gtheta[e][b] = sum_{c >= e} C(c, e) 2 Im <Lambda_c| H |Psi_{c-e}>, psi and lam after
 * the step, in one read-only pass: with H = coef P_ctrl i^k X^x Z^z,
 *   <Lambda_c| H |Psi_d> = coef i^k sum_{a in ctrl} (-1)^{popcount(a & z)}
 *                          conj(Lambda_c[a ^ x]) Psi_d[a]. */
PL_HOT static void
angle_gradient (PlQLayerWork *w,
                const Step   *st)
{
  gsize B = w->batch, KB = w->K * B;
  const PlState *lam = w->lam, *psi = w->psi;
  double *accr = w->pacc, *acci = w->pacc + w->n_pairs * B;
  PlGenerator g;
  guint k;
  double cr, ci;

  const PlAngleSource *src = &w->circuit->ops[st->op].src[st->k];
  gboolean need[PL_JET_MAX_COMPONENTS] = { TRUE };
  guint8 pairs[MAX_PAIRS];
  guint n = 0;

  if (!_pl_generator_of (st->gate, w->circuit->ops[st->op].wires, &g))
    g_assert_not_reached ();
  /* which angle-jet components the chain rule reads: the value for parameters, also the
   * derivative along the encoded input for inputs, everything for external angles */
  for (guint e = 1; e < w->K; e++)
    need[e] = src->kind == PL_SOURCE_EXTERNAL ||
              (src->kind == PL_SOURCE_INPUT && w->spec.order >= 1 &&
               (gint) e == w->spec.first[src->index]);
  for (guint p = 0; p < w->n_pairs; p++)
    if (need[w->pe[p]])
      pairs[n++] = p;
  memset (w->pacc, 0, 2 * w->n_pairs * B * sizeof (double));
  for (gsize a = 0; a < psi->dim; a++)
    {
      gsize pa = a ^ g.x;
      double s;

      if ((a & g.ctrl) != g.ctrl)
        continue;
      s = (__builtin_popcountll (a & g.z) & 1) ? -1.0 : 1.0;
      for (guint q = 0; q < n; q++)
        {
          guint p = pairs[q];
          const double *restrict lr = lam->re + pa * KB + w->pc[p] * B;
          const double *restrict li = lam->im + pa * KB + w->pc[p] * B;
          const double *restrict pr = psi->re + a * KB + w->pd[p] * B;
          const double *restrict pi = psi->im + a * KB + w->pd[p] * B;
          double *restrict xr = accr + p * B, *restrict xi = acci + p * B;

          for (gsize b = 0; b < B; b++)
            {
              xr[b] += s * (lr[b] * pr[b] + li[b] * pi[b]);
              xi[b] += s * (lr[b] * pi[b] - li[b] * pr[b]);
            }
        }
    }
  /* Im (coef i^k z) for z = accr + i acci */
  k = __builtin_popcountll (g.x & g.z) & 3;
  cr = k == 0 ? g.coef : k == 2 ? -g.coef : 0.0;
  ci = k == 1 ? g.coef : k == 3 ? -g.coef : 0.0;
  memset (w->gtheta, 0, KB * sizeof (double));
  for (guint q = 0; q < n; q++)
    {
      guint p = pairs[q];
      double *gt = w->gtheta + w->pe[p] * B;
      double coef = 2.0 * w->pcoef[p];

      for (gsize b = 0; b < B; b++)
        gt[b] += coef * (cr * acci[p * B + b] + ci * accr[p * B + b]);
    }
}

void
_pl_qlayer_chain_angle (PlQLayerWork *w,
             const Step   *st,
             const double *params,
             const double *x,
             double       *param_grad,
             double       *ext_adjoint)
{
  const PlAngleSource *src = &w->circuit->ops[st->op].src[st->k];
  gsize B = w->batch;
  double g0 = 0;

  for (gsize b = 0; b < B; b++)
    g0 += w->gtheta[b];

  switch (src->kind)
    {
    case PL_SOURCE_FIXED:
      break;
    case PL_SOURCE_PARAM:
      if (param_grad != NULL)
        param_grad[src->index] += src->scale * g0;
      break;
    case PL_SOURCE_INPUT:
      if (param_grad != NULL)
        {
          const double *xj = x + (gsize) src->index * B;
          gint first = w->spec.order >= 1 ? w->spec.first[src->index] : -1;

          if (src->a_param >= 0)
            {
              double ga = 0;
              for (gsize b = 0; b < B; b++)
                ga += w->gtheta[b] * xj[b] + (first >= 0 ? w->gtheta[first * B + b] : 0.0);
              param_grad[src->a_param] += ga;
            }
          if (src->b_param >= 0)
            param_grad[src->b_param] += g0;
        }
      break;
    case PL_SOURCE_EXTERNAL:
      if (ext_adjoint != NULL)
        {
          double *ea = ext_adjoint + (gsize) src->index * w->K * B;
          for (gsize i = 0; i < w->K * B; i++)
            ea[i] += w->gtheta[i];
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

void
pl_qlayer_backward (PlQLayerWork *w,
                    const double *params,
                    const double *x,
                    const double *ext_jets,
                    const double *out_adjoint,
                    double       *param_grad,
                    double       *ext_adjoint)
{
  gsize B = w->batch, KB = w->K * B;

  if (w->param_shift)
    {
      _pl_qlayer_shift_backward (w, params, x, ext_jets, out_adjoint, param_grad, ext_adjoint);
      return;
    }
  if (w->tile != NULL)
    {
      _pl_qlayer_tile_backward (w, params, x, ext_jets, out_adjoint, param_grad, ext_adjoint);
      return;
    }

  /* Lambda_d = sum_i sum_{c >= d} C(c, d) g_ic (O_i Psi)_{c-d} */
  memset (w->lam->re, 0, w->lam->dim * KB * sizeof (double));
  memset (w->lam->im, 0, w->lam->dim * KB * sizeof (double));
  for (guint i = 0; i < w->n_obs; i++)
    {
      const double *g = out_adjoint + (gsize) i * KB;

      pl_observable_apply (w->obs[i], w->psi, w->t1);
      for (gsize a = 0; a < w->psi->dim; a++)
        {
          const double *orr = w->t1->re + a * KB, *oi = w->t1->im + a * KB;
          double *lr = w->lam->re + a * KB, *li = w->lam->im + a * KB;

          for (guint p = 0; p < w->n_pairs; p++)
            {
              const double *gc = g + w->pc[p] * B;
              const double *yr = orr + w->pe[p] * B, *yi = oi + w->pe[p] * B;
              double *zr = lr + w->pd[p] * B, *zi = li + w->pd[p] * B;
              double coef = w->pcoef[p];

              for (gsize b = 0; b < B; b++)
                {
                  zr[b] += coef * gc[b] * yr[b];
                  zi[b] += coef * gc[b] * yi[b];
                }
            }
        }
    }

  for (gsize s = w->n_steps; s-- > 0;)
    {
      const Step *st = &w->steps[s];
      PlGenerator g;

      if (st->k < 0)
        {
          apply_fixed (w, st, w->psi, TRUE);
          apply_fixed (w, st, w->lam, TRUE);
          continue;
        }
      _pl_qlayer_step_angle (w, st, params, x, ext_jets);
      if (w->circuit->ops[st->op].src[st->k].kind != PL_SOURCE_FIXED)
        {
          angle_gradient (w, st);
          _pl_qlayer_chain_angle (w, st, params, x, param_grad, ext_adjoint);
        }
      /* un-compute: Psi = M^-1 Psi', Lambda = M^dagger Lambda' */
      if (apply_constant (w, st, w->psi, TRUE))
        {
          apply_constant (w, st, w->lam, TRUE);
          continue;
        }
      prepare_gate (w, st, &g);
      _pl_qlayer_apply_jet_gate (w, &g, -1.0, FALSE, w->psi, w->r);
      swap_states (&w->psi, &w->r);
      _pl_qlayer_apply_jet_gate (w, &g, 1.0, TRUE, w->lam, w->r);
      swap_states (&w->lam, &w->r);
    }
}
