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
#include "pl-error.h"

#include <string.h>

#define MAX_PAIRS (PL_JET_MAX_COMPONENTS * PL_JET_MAX_COMPONENTS)

/* One gate of the lowered circuit: U3/ROT become three rotations. */
typedef struct {
  PlGate gate;
  guint  op;
  gint   k;       /* the op's angle this step uses, -1 for a fixed gate */
} Step;

struct _PlQLayerWork {
  const PlCircuit     *circuit;
  PlJetSpec            spec;
  gsize                batch;
  guint                n_obs;
  PlObservable *const *obs;
  guint                K;

  Step                *steps;
  gsize                n_steps;

  /* component pairs (c, d) with d <= c: e = c - d and C(c, d) */
  guint                n_pairs;
  guint8               pc[MAX_PAIRS];
  guint8               pd[MAX_PAIRS];
  guint8               pe[MAX_PAIRS];
  double               pcoef[MAX_PAIRS];

  PlState             *psi;
  PlState             *lam;
  PlState             *r;
  PlState             *t1;
  PlState             *t2;
  double              *theta;   /* [K][B] angle jet of the current step */
  double              *angle;   /* [K * B] theta_0 repeated for every component */
  double              *gtheta;  /* [K][B] */
  double              *acc;     /* [B] */
};

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

  if (!(w->psi = pl_state_new (circuit->n_qubits, KB, error)) ||
      !(w->lam = pl_state_new (circuit->n_qubits, KB, error)) ||
      !(w->r = pl_state_new (circuit->n_qubits, KB, error)) ||
      !(w->t1 = pl_state_new (circuit->n_qubits, KB, error)) ||
      !(w->t2 = pl_state_new (circuit->n_qubits, KB, error)))
    return NULL;

  w->theta = g_new0 (double, KB);
  w->angle = g_new0 (double, KB);
  w->gtheta = g_new0 (double, KB);
  w->acc = g_new0 (double, batch);
  build_pairs (w);
  build_steps (w);
  return g_steal_pointer (&w);
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
  g_clear_pointer (&w->t2, pl_state_free);
  g_free (w->theta);
  g_free (w->angle);
  g_free (w->gtheta);
  g_free (w->acc);
  g_free (w->steps);
  g_free (w);
}

/* The angle jet of a step into w->theta; returns whether it varies with the inputs. */
static gboolean
step_angle (PlQLayerWork *w,
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

/* out = s * in (jet product by the scalar jet s without its value part), or its adjoint. */
static void
jet_star (const PlQLayerWork *w,
          const double       *s,
          const PlState      *in,
          PlState            *out,
          gboolean            adjoint)
{
  gsize B = w->batch, KB = w->K * B;

  memset (out->re, 0, out->dim * KB * sizeof (double));
  memset (out->im, 0, out->dim * KB * sizeof (double));
  for (gsize a = 0; a < in->dim; a++)
    {
      const double *ir = in->re + a * KB, *ii = in->im + a * KB;
      double *orr = out->re + a * KB, *oi = out->im + a * KB;

      for (guint p = 0; p < w->n_pairs; p++)
        {
          guint e = w->pe[p];
          guint src_c = adjoint ? w->pc[p] : w->pd[p];
          guint dst_c = adjoint ? w->pd[p] : w->pc[p];
          const double *se = s + e * B;
          const double *xr = ir + src_c * B, *xi = ii + src_c * B;
          double *yr = orr + dst_c * B, *yi = oi + dst_c * B;
          double coef = w->pcoef[p];

          if (e == 0)
            continue;
          for (gsize b = 0; b < B; b++)
            {
              yr[b] += coef * se[b] * xr[b];
              yi[b] += coef * se[b] * xi[b];
            }
        }
    }
}

/* state <- sign * i * H state (sign -1: -iH). */
static void
apply_ih (PlState *state,
          PlGate   gate,
          const guint *wires,
          double   sign)
{
  gsize n = state->dim * state->batch;

  pl_state_apply_generator (state, gate, wires);
  for (gsize i = 0; i < n; i++)
    {
      double re = state->re[i], im = state->im[i];
      state->re[i] = -sign * im;
      state->im[i] = sign * re;
    }
}

static void
add_scaled (PlState       *y,
            const PlState *x,
            double         alpha)
{
  PlAngle a = { &alpha, 0 };

  pl_state_axpy (y, &a, x);
}

/* out <- T(sign * dtheta) in, or T(dtheta)^dagger in when @adjoint, by Horner's rule.
 * @out must differ from @in; uses t1, t2. */
static void
apply_t (PlQLayerWork  *w,
         const Step    *st,
         const PlState *in,
         PlState       *out,
         double         sign,
         gboolean       adjoint)
{
  const guint *wires = w->circuit->ops[st->op].wires;

  pl_state_copy (out, in);
  for (guint m = w->spec.max_order; m >= 1; m--)
    {
      if (!adjoint)
        {
          jet_star (w, w->theta, out, w->t1, FALSE);          /* t1 = dtheta * R */
          apply_ih (w->t1, st->gate, wires, -1.0);            /* t1 = -iH t1 */
          if (sign < 0)
            pl_state_scale (w->t1, &(PlAngle) { (double[]) { -1.0 }, 0 });
        }
      else
        {
          pl_state_copy (w->t2, out);
          apply_ih (w->t2, st->gate, wires, +1.0);            /* t2 = iH R */
          jet_star (w, w->theta, w->t2, w->t1, TRUE);         /* t1 = dtheta *^T t2 */
        }
      pl_state_copy (out, in);
      add_scaled (out, w->t1, 1.0 / m);
    }
}

static void
apply_gate (PlQLayerWork *w,
            const Step   *st,
            PlState      *state,
            gboolean      inverse)
{
  const guint *wires = w->circuit->ops[st->op].wires;
  gsize B = w->batch;
  PlAngle angle;

  if (st->k < 0)
    {
      if (inverse)
        pl_state_apply_inverse (state, st->gate, wires, NULL);
      else
        pl_state_apply (state, st->gate, wires, NULL);
      return;
    }
  for (guint k = 0; k < w->K; k++)
    memcpy (w->angle + k * B, w->theta, B * sizeof (double));
  angle = (PlAngle) { w->angle, 1 };
  if (inverse)
    pl_state_apply_inverse (state, st->gate, wires, &angle);
  else
    pl_state_apply (state, st->gate, wires, &angle);
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

  /* |0...0> in the value component, zero derivatives */
  memset (psi->re, 0, psi->dim * KB * sizeof (double));
  memset (psi->im, 0, psi->dim * KB * sizeof (double));
  for (gsize b = 0; b < B; b++)
    psi->re[b] = 1.0;

  for (gsize s = 0; s < w->n_steps; s++)
    {
      const Step *st = &w->steps[s];
      gboolean varies = st->k >= 0 && step_angle (w, st, params, x, ext_jets);

      if (varies)
        {
          apply_t (w, st, w->psi, w->r, +1.0, FALSE);
          swap_states (&w->psi, &w->r);
        }
      apply_gate (w, st, w->psi, FALSE);
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
 * the step. */
static void
angle_gradient (PlQLayerWork *w,
                const Step   *st)
{
  gsize B = w->batch, KB = w->K * B;
  const PlState *lam = w->lam;
  PlState *mu = w->t1;

  pl_state_copy (mu, w->psi);
  pl_state_apply_generator (mu, st->gate, w->circuit->ops[st->op].wires);
  memset (w->gtheta, 0, KB * sizeof (double));
  for (gsize a = 0; a < mu->dim; a++)
    {
      const double *lr = lam->re + a * KB, *li = lam->im + a * KB;
      const double *mr = mu->re + a * KB, *mi = mu->im + a * KB;

      for (guint p = 0; p < w->n_pairs; p++)
        {
          const double *xr = lr + w->pc[p] * B, *xi = li + w->pc[p] * B;
          const double *yr = mr + w->pd[p] * B, *yi = mi + w->pd[p] * B;
          double *g = w->gtheta + w->pe[p] * B;
          double coef = 2.0 * w->pcoef[p];

          for (gsize b = 0; b < B; b++)
            g[b] += coef * (xr[b] * yi[b] - xi[b] * yr[b]);
        }
    }
}

static void
chain_angle (PlQLayerWork *w,
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
      gboolean varies;

      if (st->k < 0)
        {
          apply_gate (w, st, w->psi, TRUE);
          apply_gate (w, st, w->lam, TRUE);
          continue;
        }
      varies = step_angle (w, st, params, x, ext_jets);
      if (w->circuit->ops[st->op].src[st->k].kind != PL_SOURCE_FIXED)
        {
          angle_gradient (w, st);
          chain_angle (w, st, params, x, param_grad, ext_adjoint);
        }
      /* un-compute: Psi = T(-dtheta) G^dagger Psi', Lambda = T(dtheta)^dagger G^dagger Lambda' */
      apply_gate (w, st, w->psi, TRUE);
      apply_gate (w, st, w->lam, TRUE);
      if (varies)
        {
          apply_t (w, st, w->psi, w->r, -1.0, FALSE);
          swap_states (&w->psi, &w->r);
          apply_t (w, st, w->lam, w->r, +1.0, TRUE);
          swap_states (&w->lam, &w->r);
        }
    }
}
