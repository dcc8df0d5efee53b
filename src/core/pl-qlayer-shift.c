/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-qlayer-shift.c: the circuit jet layer computed from shifted circuits only, as on
 * hardware: jets of expectation values and their parameter gradients by parameter-shift
 * rules, from exact expectation values or from a finite number of shots.
 *
 * Expansion. Let the "jet steps" be the rotations whose angle varies with the inputs, theta_g
 * = theta_g0 + delta_g (delta_g a jet with zero value). Each is exp(-i theta G) with G of
 * eigenvalues +-1/2 (or 0, -1 for PHASE), so with the other angles fixed an expectation value
 * is A + P cos s + Q sin s in the shift s of one of them, and in all of them together
 *     E(theta_0 + s) = sum_m c_m prod_g b_{m_g}(s_g),   b_0 = 1, b_s = sin, b_c = cos - 1,
 * over patterns m in {0, s, c}^J. The dual functionals of (1, cos - 1, sin) are
 *     f(0);   f(0) - (f(pi/2) + f(-pi/2)) / 2;   (f(pi/2) - f(-pi/2)) / 2,
 * and their tensor products give every c_m from expectation values at shifts in
 * {0, +-pi/2}^J. With s = delta (jets), b_s has order 1 and b_c order 2, so the jet of E up to
 * order r needs only the patterns of order <= r: 1 + 2J + 2J(J - 1) circuits for r = 2.
 *
 * Gradients. The derivative of E's jet with respect to component e of a jet step's angle
 * (e = 0: its base angle) is E'_g * u_e (u_e the unit jet of e), with E'_g the same expansion
 * with b_{m_g} replaced by its derivative (cos, -sin); that lowers the order of a pattern by
 * one, so the backward pass expands to order r + 1. For any other trainable rotation the whole
 * jet obeys the shift rule of that gate (two terms for Pauli rotations and PHASE, four for
 * controlled rotations, as in pl-circuit-grad.c). The chain rule to parameters, inputs and
 * external angles is the exact layer's (_pl_qlayer_chain_angle).
 *
 * Every circuit is estimated afresh in each pass, so with shots the forward values and the
 * backward derivatives are independent estimates: for a loss quadratic in the outputs the
 * gradient estimate is unbiased.
 *
 * Cost. Circuits are run as one batched state of (shift point, point) elements, in chunks.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-qlayer-shift-private.h"
#include "pl-error.h"

#include <math.h>
#include <string.h>

/* The most circuits per point and pass we agree to run: beyond that a training step would
 * take hours and the caller should be told so rather than wait. */
#define MAX_CIRCUITS_PER_POINT 2000000
/* Points evaluated together, and the size of a chunk's state in amplitudes. */
#define POINT_BLOCK 32
#define CHUNK_AMPLITUDES (1u << 17)

static gboolean
single_frequency (PlGate gate)
{
  switch (gate)
    {
    case PL_GATE_RX: case PL_GATE_RY: case PL_GATE_RZ:
    case PL_GATE_RXX: case PL_GATE_RYY: case PL_GATE_RZZ:
    case PL_GATE_PHASE:
      return TRUE;
    default:
      return FALSE;
    }
}

void
_pl_qlayer_shift_clear (PlQLayerWork *w)
{
  g_clear_pointer (&w->sh_fwd, _pl_shift_set_free);
  g_clear_pointer (&w->sh_bwd, _pl_shift_set_free);
  g_clear_pointer (&w->sh_state, pl_state_free);
  g_clear_pointer (&w->sh_scratch, pl_state_free);
  g_clear_pointer (&w->sh_jet_of_step, g_free);
  g_clear_pointer (&w->sh_step_of_jet, g_free);
  g_clear_pointer (&w->sh_base, g_free);
  g_clear_pointer (&w->sh_delta, g_free);
  g_clear_pointer (&w->sh_basis, g_free);
  g_clear_pointer (&w->sh_angle, g_free);
  g_clear_pointer (&w->sh_vals, g_free);
  g_clear_pointer (&w->sh_meas, g_free);
  g_clear_pointer (&w->sh_coef, g_free);
  g_clear_pointer (&w->sh_prod, g_free);
  g_clear_pointer (&w->sh_ejet, g_free);
  g_clear_pointer (&w->sh_dejet, g_free);
  g_clear_pointer (&w->sh_gth, g_free);
  w->sh_n_jet = 0;
}

/* Which steps carry input-dependent angle jets (the same test as the exact layer's
 * step_angle: input features the spec differentiates, external jets with derivatives). */
static gboolean
is_jet_step (const PlQLayerWork *w,
             const Step         *st)
{
  const PlAngleSource *src;

  if (st->k < 0)
    return FALSE;
  src = &w->circuit->ops[st->op].src[st->k];
  if (src->kind == PL_SOURCE_INPUT)
    return w->spec.order >= 1 && w->spec.first[src->index] >= 0;
  if (src->kind == PL_SOURCE_EXTERNAL)
    return w->K > 1;
  return FALSE;
}

static guint
flat_shifts (PlGate gate)
{
  return single_frequency (gate) ? 2 : 4;
}

gboolean
_pl_qlayer_shift_prepare (PlQLayerWork  *w,
                          GError       **error)
{
  guint n_jet = 0, order = w->spec.max_order;
  double fwd, bwd, flat = 0;
  gsize dim = (gsize) 1 << w->circuit->n_qubits, bb = MIN (w->batch, (gsize) POINT_BLOCK);
  gsize chunk, max_pts;

  _pl_qlayer_shift_clear (w);
  w->sh_jet_of_step = g_new (gint, MAX (w->n_steps, 1));
  for (gsize s = 0; s < w->n_steps; s++)
    {
      const Step *st = &w->steps[s];

      w->sh_jet_of_step[s] = -1;
      if (is_jet_step (w, st))
        {
          if (!single_frequency (st->gate))
            {
              g_set_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                           "parameter-shift jets need Pauli rotations or PHASE where an input "
                           "enters an angle; op %u is %s", st->op, pl_gate_info (st->gate)->name);
              _pl_qlayer_shift_clear (w);
              return FALSE;
            }
          w->sh_jet_of_step[s] = (gint) n_jet++;
        }
      else if (st->k >= 0 &&
               w->circuit->ops[st->op].src[st->k].kind != PL_SOURCE_FIXED)
        flat += flat_shifts (st->gate);
    }
  fwd = _pl_shift_count_points (n_jet, order);
  bwd = _pl_shift_count_points (n_jet, order + 1) + flat * fwd;
  /* patterns of order r + 1 have at most r + 1 <= 4 gates in their support */
  g_assert (order + 1 <= PL_SHIFT_MAX_SUPPORT);
  if (n_jet >= 32767 || fwd + bwd > MAX_CIRCUITS_PER_POINT)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                   "parameter-shift jets of order %u through %u input-dependent rotations "
                   "need %.3g circuits per point and step (at most %d are run): use fewer "
                   "encoding gates or exact gradients", order, n_jet, fwd + bwd,
                   MAX_CIRCUITS_PER_POINT);
      _pl_qlayer_shift_clear (w);
      return FALSE;
    }
  w->sh_n_jet = n_jet;
  w->sh_step_of_jet = g_new (guint, MAX (n_jet, 1));
  for (gsize s = 0; s < w->n_steps; s++)
    if (w->sh_jet_of_step[s] >= 0)
      w->sh_step_of_jet[w->sh_jet_of_step[s]] = s;
  w->sh_fwd = _pl_shift_set_new (n_jet, order);
  w->sh_bwd = _pl_shift_set_new (n_jet, order + 1);
  w->sh_circuits_forward = w->sh_fwd->points->len;
  w->sh_circuits_backward = w->sh_bwd->points->len + (guint64) flat * w->sh_fwd->points->len;

  /* a chunk holds `chunk` shift points of a block of bb points */
  max_pts = MAX (w->sh_fwd->points->len, w->sh_bwd->points->len);
  chunk = MAX ((gsize) 1, CHUNK_AMPLITUDES / (dim * bb));
  chunk = MIN (chunk, max_pts);
  w->sh_block = bb;
  w->sh_chunk = chunk;
  if (!(w->sh_state = pl_state_new (w->circuit->n_qubits, chunk * bb, error)) ||
      !(w->sh_scratch = pl_state_new (w->circuit->n_qubits, chunk * bb, error)))
    {
      _pl_qlayer_shift_clear (w);
      return FALSE;
    }
  w->sh_base = g_new0 (double, MAX (w->n_steps, 1) * w->batch);
  w->sh_delta = g_new0 (double, MAX (n_jet, 1) * w->K * w->batch);
  /* four jets per jet step and point of a block: sin, cos - 1, cos, -sin */
  w->sh_basis = g_new0 (double, 4 * MAX (n_jet, 1) * w->K * bb);
  w->sh_angle = g_new0 (double, chunk * bb);
  w->sh_meas = g_new0 (double, chunk * bb);
  w->sh_vals = g_new0 (double, max_pts * w->n_obs * bb);
  w->sh_coef = g_new0 (double, w->n_obs * bb);
  w->sh_prod = g_new0 (double, w->K * bb);
  /* E's jet [n_obs][K][bb], and E'_g for every jet step [n_jet][n_obs][K][bb] */
  w->sh_ejet = g_new0 (double, w->n_obs * w->K * bb);
  w->sh_dejet = g_new0 (double, MAX (n_jet, 1) * w->n_obs * w->K * bb);
  w->sh_gth = g_new0 (double, MAX (w->n_steps, 1) * w->K * w->batch);
  return TRUE;
}

/* Base angles of every step and the jets delta_g of the jet steps, for the whole batch. */
static void
load_angles (PlQLayerWork *w,
             const double *params,
             const double *x,
             const double *ext_jets)
{
  gsize B = w->batch, KB = w->K * B;

  for (gsize s = 0; s < w->n_steps; s++)
    {
      const Step *st = &w->steps[s];
      gint j = w->sh_jet_of_step[s];

      if (st->k < 0)
        continue;
      _pl_qlayer_step_angle (w, st, params, x, ext_jets);
      memcpy (w->sh_base + s * B, w->theta, B * sizeof (double));
      if (j >= 0)
        {
          double *d = w->sh_delta + (gsize) j * KB;

          memcpy (d, w->theta, KB * sizeof (double));
          memset (d, 0, B * sizeof (double));
        }
    }
}

/* The jets sin(delta), cos(delta) - 1, cos(delta), -sin(delta) of every jet step for points
 * [b0, b0 + nb) into w->sh_basis [n_jet][4][K][bb] (Faa di Bruno at delta_0 = 0). */
static void
load_basis (PlQLayerWork *w,
            gsize         b0,
            gsize         nb)
{
  static const double rows[4][5] = {
    {  0,  1,  0, -1,  0 },   /* sin: sin, cos, -sin, -cos, sin at 0 */
    {  0,  0, -1,  0,  1 },   /* cos - 1 */
    {  1,  0, -1,  0,  1 },   /* cos */
    {  0, -1,  0,  1,  0 },   /* -sin */
  };
  gsize bb = w->sh_block, K = w->K, B = w->batch;
  guint mo = w->spec.max_order;
  double derivs[(PL_JET_MAX_DERIVS) * POINT_BLOCK];
  double delta[PL_JET_MAX_COMPONENTS * POINT_BLOCK];

  for (guint j = 0; j < w->sh_n_jet; j++)
    {
      for (gsize k = 0; k < K; k++)
        for (gsize b = 0; b < bb; b++)
          delta[k * bb + b] = b < nb ? w->sh_delta[((gsize) j * K + k) * B + b0 + b] : 0.0;
      for (guint f = 0; f < 4; f++)
        {
          for (guint m = 0; m <= mo; m++)
            for (gsize b = 0; b < bb; b++)
              derivs[m * bb + b] = rows[f][m];
          pl_jet_apply (&w->spec, bb, 1, derivs, delta,
                        w->sh_basis + ((gsize) j * 4 + f) * K * bb);
        }
    }
}

static const double *
basis_jet (PlQLayerWork *w,
           guint         j,
           guint         f)
{
  return w->sh_basis + ((gsize) j * 4 + f) * w->K * w->sh_block;
}

/* vals[p][i][b] = <O_i> for every point p of @set at points [b0, b0 + nb), with the angle of
 * step @extra shifted by @extra_shift (extra < 0: none). */
static void
run_points (PlQLayerWork     *w,
            const PlShiftSet *set,
            gssize            extra,
            double            extra_shift,
            gsize             b0,
            gsize             nb)
{
  const ShiftPoint *pts = (const ShiftPoint *) set->points->data;
  gsize n_pts = set->points->len, bb = w->sh_block, chunk = w->sh_chunk, B = w->batch;
  PlState *state = w->sh_state;

  for (gsize p0 = 0; p0 < n_pts; p0 += chunk)
    {
      pl_state_set_zero (state);
      for (gsize s = 0; s < w->n_steps; s++)
        {
          const Step *st = &w->steps[s];
          const guint *wires = w->circuit->ops[st->op].wires;
          gint j = w->sh_jet_of_step[s];
          PlAngle angle = { w->sh_angle, 1 };

          if (st->k < 0)
            {
              pl_state_apply (state, st->gate, wires, NULL);
              continue;
            }
          for (gsize q = 0; q < chunk; q++)
            {
              const ShiftPoint *pt = &pts[MIN (p0 + q, n_pts - 1)];
              double shift = (gssize) s == extra ? extra_shift : 0.0;
              double *a = w->sh_angle + q * bb;

              if (j >= 0)
                for (guint i = 0; i < pt->n; i++)
                  if (pt->g[i] == (guint) j)
                    shift += pt->sign[i] * G_PI_2;
              for (gsize b = 0; b < bb; b++)
                a[b] = w->sh_base[s * B + b0 + MIN (b, nb - 1)] + shift;
            }
          pl_state_apply (state, st->gate, wires, &angle);
        }
      for (guint i = 0; i < w->n_obs; i++)
        {
          if (w->shots > 0)
            {
              if (!pl_observable_sample (w->obs[i], state, w->shots, w->rng, w->sh_scratch,
                                         w->sh_meas, NULL))
                g_assert_not_reached ();
            }
          else
            pl_observable_expectation (w->obs[i], state, w->sh_meas);
          for (gsize q = 0; q < chunk && p0 + q < n_pts; q++)
            memcpy (w->sh_vals + ((p0 + q) * w->n_obs + i) * bb, w->sh_meas + q * bb,
                    bb * sizeof (double));
        }
    }
}

/* coef[i][b] of pattern @m from w->sh_vals. */
static void
pattern_coef (PlQLayerWork     *w,
              const PlShiftSet *set,
              const Pattern    *m)
{
  const Term *terms = (const Term *) set->terms->data + m->first_term;
  gsize bb = w->sh_block, n = w->n_obs * bb;

  memset (w->sh_coef, 0, n * sizeof (double));
  for (guint t = 0; t < m->n_terms; t++)
    {
      const double *v = w->sh_vals + (gsize) terms[t].point * n;
      double wt = terms[t].weight;

      for (gsize i = 0; i < n; i++)
        w->sh_coef[i] += wt * v[i];
    }
}

/* w->sh_prod <- prod over the support of m of its basis jets, with the factor of gate index
 * @deriv (-1: none) replaced by its derivative. */
static void
pattern_product (PlQLayerWork  *w,
                 const Pattern *m,
                 gint           deriv)
{
  gsize bb = w->sh_block, K = w->K;

  memset (w->sh_prod, 0, K * bb * sizeof (double));
  for (gsize b = 0; b < bb; b++)
    w->sh_prod[b] = 1.0;
  for (guint i = 0; i < m->n; i++)
    {
      guint f = m->type[i] == B_SIN ? 0 : 1;

      if ((gint) i == deriv)
        f += 2;
      pl_jet_mul (&w->spec, bb, 1, w->sh_prod, basis_jet (w, m->g[i], f), w->sh_prod);
    }
}

/* out[i][K][bb] += coef[i] * prod */
static void
add_scaled (PlQLayerWork *w,
            double       *out)
{
  gsize bb = w->sh_block, K = w->K;

  for (guint i = 0; i < w->n_obs; i++)
    for (gsize k = 0; k < K; k++)
      {
        const double *c = w->sh_coef + (gsize) i * bb, *p = w->sh_prod + k * bb;
        double *o = out + ((gsize) i * K + k) * bb;

        for (gsize b = 0; b < bb; b++)
          o[b] += c[b] * p[b];
      }
}

/* The jet of every E_i at points [b0, b0 + nb) into w->sh_ejet, from fresh estimates, with
 * step @extra shifted by @extra_shift. */
static void
expand_forward (PlQLayerWork *w,
                gssize        extra,
                double        extra_shift,
                gsize         b0,
                gsize         nb)
{
  const PlShiftSet *set = w->sh_fwd;
  const Pattern *pat = (const Pattern *) set->patterns->data;

  run_points (w, set, extra, extra_shift, b0, nb);
  memset (w->sh_ejet, 0, w->n_obs * w->K * w->sh_block * sizeof (double));
  for (guint m = 0; m < set->patterns->len; m++)
    {
      pattern_coef (w, set, &pat[m]);
      pattern_product (w, &pat[m], -1);
      add_scaled (w, w->sh_ejet);
    }
}

void
_pl_qlayer_shift_forward (PlQLayerWork *w,
                          const double *params,
                          const double *x,
                          const double *ext_jets,
                          double       *out_jets)
{
  gsize B = w->batch, K = w->K, bb = w->sh_block;

  load_angles (w, params, x, ext_jets);
  for (gsize b0 = 0; b0 < B; b0 += bb)
    {
      gsize nb = MIN (bb, B - b0);

      load_basis (w, b0, nb);
      expand_forward (w, -1, 0.0, b0, nb);
      for (guint i = 0; i < w->n_obs; i++)
        for (gsize k = 0; k < K; k++)
          memcpy (out_jets + ((gsize) i * K + k) * B + b0,
                  w->sh_ejet + ((gsize) i * K + k) * bb, nb * sizeof (double));
    }
}

/* gth[d][b] += sum_i sum_{c >= d} C(c, d) g_i[c][b] F_i[c - d][b] for points [b0, b0 + nb):
 * the adjoint of the angle jet component d, given F_i = dE_i/d(angle) as a jet. */
static void
contract (PlQLayerWork *w,
          const double *out_adjoint,
          const double *F,
          double       *gth,
          gsize         b0,
          gsize         nb)
{
  gsize B = w->batch, K = w->K, bb = w->sh_block;

  for (guint i = 0; i < w->n_obs; i++)
    for (guint p = 0; p < w->n_pairs; p++)
      {
        const double *g = out_adjoint + ((gsize) i * K + w->pc[p]) * B + b0;
        const double *f = F + ((gsize) i * K + w->pe[p]) * bb;
        double *o = gth + w->pd[p] * B + b0;
        double coef = w->pcoef[p];

        for (gsize b = 0; b < nb; b++)
          o[b] += coef * g[b] * f[b];
      }
}

void
_pl_qlayer_shift_backward (PlQLayerWork *w,
                           const double *params,
                           const double *x,
                           const double *ext_jets,
                           const double *out_adjoint,
                           double       *param_grad,
                           double       *ext_adjoint)
{
  static const double d1 = (G_SQRT2 + 1.0) / (4.0 * G_SQRT2);
  static const double d2 = (G_SQRT2 - 1.0) / (4.0 * G_SQRT2);
  gsize B = w->batch, K = w->K, bb = w->sh_block, KB = K * B;
  const PlShiftSet *set = w->sh_bwd;
  const Pattern *pat = (const Pattern *) set->patterns->data;
  gsize dsize = w->n_obs * K * bb;

  load_angles (w, params, x, ext_jets);
  memset (w->sh_gth, 0, w->n_steps * KB * sizeof (double));
  for (gsize b0 = 0; b0 < B; b0 += bb)
    {
      gsize nb = MIN (bb, B - b0);

      load_basis (w, b0, nb);

      /* jet steps: E'_g from the expansion to order r + 1 */
      if (w->sh_n_jet > 0)
        {
          run_points (w, set, -1, 0.0, b0, nb);
          memset (w->sh_dejet, 0, w->sh_n_jet * dsize * sizeof (double));
          for (guint m = 0; m < set->patterns->len; m++)
            {
              if (pat[m].n == 0)
                continue;
              pattern_coef (w, set, &pat[m]);
              for (guint i = 0; i < pat[m].n; i++)
                {
                  pattern_product (w, &pat[m], (gint) i);
                  add_scaled (w, w->sh_dejet + pat[m].g[i] * dsize);
                }
            }
          for (guint j = 0; j < w->sh_n_jet; j++)
            contract (w, out_adjoint, w->sh_dejet + j * dsize,
                      w->sh_gth + w->sh_step_of_jet[j] * KB, b0, nb);
        }

      /* every other trainable rotation: the shift rule of its gate on the whole jet */
      for (gsize s = 0; s < w->n_steps; s++)
        {
          const Step *st = &w->steps[s];
          gboolean two = single_frequency (st->gate);
          double *F = w->sh_dejet;   /* reused as the jet derivative of this step */

          if (st->k < 0 || w->sh_jet_of_step[s] >= 0 ||
              w->circuit->ops[st->op].src[st->k].kind == PL_SOURCE_FIXED)
            continue;
          memset (F, 0, dsize * sizeof (double));
          for (guint t = 0; t < (two ? 2u : 4u); t++)
            {
              double shift = (t & 1 ? -1.0 : 1.0) * (t < 2 ? G_PI_2 : 3.0 * G_PI_2);
              double wt = (t & 1 ? -1.0 : 1.0) * (two ? 0.5 : t < 2 ? d1 : -d2);

              expand_forward (w, (gssize) s, shift, b0, nb);
              for (gsize i = 0; i < dsize; i++)
                F[i] += wt * w->sh_ejet[i];
            }
          contract (w, out_adjoint, F, w->sh_gth + s * KB, b0, nb);
        }
    }

  /* the exact layer's chain rule, step by step */
  for (gsize s = 0; s < w->n_steps; s++)
    {
      const Step *st = &w->steps[s];

      if (st->k < 0 || w->circuit->ops[st->op].src[st->k].kind == PL_SOURCE_FIXED)
        continue;
      memcpy (w->gtheta, w->sh_gth + s * KB, KB * sizeof (double));
      _pl_qlayer_chain_angle (w, st, params, x, param_grad, ext_adjoint);
    }
}
