/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-model-pass.c: forward and reverse passes of the hybrid models over Taylor jets.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-model.h"
#include "pl-model-private.h"
#include "pl-qlayer.h"
#include "pl-error.h"

#include <string.h>

struct _PlModelWork {
  PlJetSpec     spec;
  gsize         B;
  guint         K;
  gsize         H;         /* trunk width (shared trunk) */
  double       *xjets;     /* [d][K][B] */
  double       *x;         /* [d][B], the coordinates of the last forward pass */
  double       *fjets;     /* [F][K][B], the classical networks' input: xjets without
                            * features, else the feature jets */
  double       *wave_v;    /* [n_wave][B] arguments of the sinusoidal features */
  double       *wave_f;    /* [max_order + 1][n_wave][B] sin and its derivatives there */

  PlMlpWork    *w_trunk;
  PlMlpWork    *w_head_m;
  PlMlpWork    *w_head_a;
  PlMlpWork    *w_pre;
  PlMlpWork    *w_readout;
  PlQLayerWork *w_q;

  double       *trunk_z;   /* [H][K][B] plain trunk output before its activation */
  double       *trunk_a;   /* after; what the heads read */
  double       *trunk_v;   /* [H][B] values */
  double       *trunk_f;   /* [max_order + 2][H][B] activation derivatives */
  double       *cm;        /* [m][K][B] */
  double       *ca;
  double       *q;
  double       *e;         /* [n_obs][K][B] */
  double       *ext;       /* [n_ext][K][B] */

  double       *d_cm;
  double       *d_q;
  double       *d_e;
  double       *d_ext;
  double       *d_ta;      /* [H][K][B] */
  double       *d_ta2;
  double       *d_tz;      /* plain trunk */

  gboolean      profile;
  PlModelTimes  times;
};

PlModelWork *
pl_model_work_new (const PlModel   *m,
                   const PlJetSpec *spec,
                   gsize            batch,
                   GError         **error)
{
  g_autoptr(PlModelWork) w = NULL;
  const PlModelConfig *c = &m->cfg;
  gsize K, B = batch, O = c->n_outputs;

  if (spec->n_inputs != c->n_inputs)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the jets have %u inputs, the model %u", spec->n_inputs, c->n_inputs);
      return NULL;
    }
  if (batch == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "a model pass needs at least one point");
      return NULL;
    }
  w = g_new0 (PlModelWork, 1);
  w->spec = *spec;
  w->B = B;
  w->K = K = spec->n_components;
  w->xjets = g_new0 (double, c->n_inputs * K * B);
  w->x = g_new0 (double, c->n_inputs * B);
  if (m->n_wave > 0)
    {
      w->fjets = g_new0 (double, m->n_features * K * B);
      w->wave_v = g_new0 (double, m->n_wave * B);
      w->wave_f = g_new0 (double, (spec->max_order + 1) * m->n_wave * B);
    }
  else
    w->fjets = w->xjets;

#define MLP_WORK(field, mlp) G_STMT_START { \
    if ((mlp) != NULL && !(w->field = pl_mlp_work_new ((mlp), spec, B, error))) \
      return NULL; } G_STMT_END
  MLP_WORK (w_trunk, m->trunk);
  MLP_WORK (w_head_m, m->head_m);
  MLP_WORK (w_head_a, m->head_a);
  MLP_WORK (w_pre, m->pre);
  MLP_WORK (w_readout, m->readout);
#undef MLP_WORK

  if (c->kind != PL_MODEL_CLASSICAL)
    {
      if (!(w->w_q = pl_qlayer_work_new (m->circuit, spec, B, m->n_obs, m->obs, error)))
        return NULL;
      w->e = g_new0 (double, m->n_obs * K * B);
      w->d_e = g_new0 (double, m->n_obs * K * B);
      w->q = g_new0 (double, O * K * B);
      w->d_q = g_new0 (double, O * K * B);
      w->cm = g_new0 (double, O * K * B);
      w->ca = g_new0 (double, O * K * B);
      w->d_cm = g_new0 (double, O * K * B);
      if (m->pre != NULL)
        {
          w->ext = g_new0 (double, m->circuit->n_external * K * B);
          w->d_ext = g_new0 (double, m->circuit->n_external * K * B);
        }
      if (m->trunk != NULL)
        {
          gsize H = w->H = c->hidden[c->n_hidden - 1];
          w->trunk_a = g_new0 (double, H * K * B);
          w->d_ta = g_new0 (double, H * K * B);
          w->d_ta2 = g_new0 (double, H * K * B);
          if (!m->trunk->headless)
            {
              w->trunk_z = g_new0 (double, H * K * B);
              w->trunk_v = g_new0 (double, H * B);
              w->trunk_f = g_new0 (double, (spec->max_order + 2) * H * B);
              w->d_tz = g_new0 (double, H * K * B);
            }
        }
    }
  return g_steal_pointer (&w);
}

void
pl_model_work_free (PlModelWork *w)
{
  if (w == NULL)
    return;
  g_clear_pointer (&w->w_trunk, pl_mlp_work_free);
  g_clear_pointer (&w->w_head_m, pl_mlp_work_free);
  g_clear_pointer (&w->w_head_a, pl_mlp_work_free);
  g_clear_pointer (&w->w_pre, pl_mlp_work_free);
  g_clear_pointer (&w->w_readout, pl_mlp_work_free);
  g_clear_pointer (&w->w_q, pl_qlayer_work_free);
  if (w->fjets != w->xjets)
    g_free (w->fjets);
  g_free (w->xjets);
  g_free (w->x);
  g_free (w->wave_v);
  g_free (w->wave_f);
  g_free (w->trunk_z);
  g_free (w->trunk_a);
  g_free (w->trunk_v);
  g_free (w->trunk_f);
  g_free (w->cm);
  g_free (w->ca);
  g_free (w->q);
  g_free (w->e);
  g_free (w->ext);
  g_free (w->d_cm);
  g_free (w->d_q);
  g_free (w->d_e);
  g_free (w->d_ext);
  g_free (w->d_ta);
  g_free (w->d_ta2);
  g_free (w->d_tz);
  g_free (w);
}

gboolean
pl_model_work_set_shots (PlModelWork  *w,
                         guint64       shots,
                         PlRng        *rng,
                         GError      **error)
{
  if (w->w_q == NULL)
    return TRUE;
  return pl_qlayer_work_set_shots (w->w_q, shots, rng, error);
}

guint64
pl_model_work_circuits_per_point (const PlModelWork *w,
                                  gboolean           backward)
{
  return w->w_q != NULL ? pl_qlayer_work_circuits_per_point (w->w_q, backward) : 0;
}

void
pl_model_work_set_profiling (PlModelWork *w,
                             gboolean     enabled)
{
  w->profile = enabled;
}

void
pl_model_work_times (const PlModelWork *w,
                     PlModelTimes      *times)
{
  *times = w->times;
}

static inline gint64
tic (const PlModelWork *w)
{
  return w->profile ? g_get_monotonic_time () : 0;
}

static inline void
toc (PlModelWork *w,
     gint64       t0,
     double      *acc)
{
  if (w->profile)
    *acc += (g_get_monotonic_time () - t0) * 1e-6;
}

/* The feature jets: raw coordinates copied, then sin(a . x + phase) on the jet of its linear
 * argument (value a . x + phase, first derivatives a, nothing higher). */
static void
features_forward (const PlModel *m,
                  PlModelWork   *w)
{
  const PlJetSpec *spec = &w->spec;
  gsize B = w->B, K = w->K, d = m->cfg.n_inputs, nw = m->n_wave;
  double *lin = w->fjets + m->n_raw * K * B;

  for (guint r = 0; r < m->n_raw; r++)
    memcpy (w->fjets + r * K * B, w->xjets + m->raw_axis[r] * K * B, K * B * sizeof (double));
  memset (lin, 0, nw * K * B * sizeof (double));
  for (gsize r = 0; r < nw; r++)
    {
      const double *a = m->wave_freq + r * d;
      double *v = lin + r * K * B;

      for (gsize b = 0; b < B; b++)
        v[b] = m->wave_phase[r];
      for (gsize j = 0; j < d; j++)
        {
          if (a[j] == 0)
            continue;
          for (gsize b = 0; b < B; b++)
            v[b] += a[j] * w->x[j * B + b];
          if (spec->first[j] >= 0)
            for (gsize b = 0; b < B; b++)
              v[spec->first[j] * B + b] = a[j];
        }
      memcpy (w->wave_v + r * B, v, B * sizeof (double));
    }
  pl_activation_eval (PL_ACTIVATION_SIN, nw * B, w->wave_v, spec->max_order + 1, nw * B,
                      w->wave_f);
  pl_jet_apply (spec, B, nw, w->wave_f, lin, lin);
}

void
pl_model_forward (const PlModel *m,
                  const double  *params,
                  const double  *x,
                  PlModelWork   *w,
                  double        *u)
{
  const PlModelConfig *c = &m->cfg;
  const PlJetSpec *spec = &w->spec;
  gsize B = w->B, K = w->K, O = c->n_outputs, n = O * K * B;
  const double *p_trunk = params + m->blocks[PL_BLOCK_TRUNK].offset;
  gint64 t0;

  pl_jet_seed_inputs (spec, B, x, w->xjets);
  memcpy (w->x, x, c->n_inputs * B * sizeof (double));
  w->times.calls++;
  if (m->n_wave > 0)
    features_forward (m, w);

  if (c->kind == PL_MODEL_CLASSICAL)
    {
      t0 = tic (w);
      pl_mlp_forward (m->trunk, p_trunk, w->fjets, u, w->w_trunk);
      toc (w, t0, &w->times.classical);
      return;
    }

  t0 = tic (w);
  if (m->pre != NULL)
    pl_mlp_forward (m->pre, params + m->blocks[PL_BLOCK_PRE].offset, w->fjets, w->ext,
                    w->w_pre);
  toc (w, t0, &w->times.classical);

  t0 = tic (w);
  pl_qlayer_forward (w->w_q, params + m->blocks[PL_BLOCK_QUANTUM].offset, x, w->ext, w->e);
  toc (w, t0, &w->times.circuit_forward);

  t0 = tic (w);
  pl_mlp_forward (m->readout, params + m->blocks[PL_BLOCK_READOUT].offset, w->e, w->q,
                  w->w_readout);

  if (m->trunk != NULL)
    {
      gsize H = w->H;

      if (m->trunk->headless)
        {
          /* a modified trunk activates and gates its top layer itself */
          pl_mlp_forward (m->trunk, p_trunk, w->fjets, w->trunk_a, w->w_trunk);
        }
      else
        {
          pl_mlp_forward (m->trunk, p_trunk, w->fjets, w->trunk_z, w->w_trunk);
          for (gsize h = 0; h < H; h++)
            memcpy (w->trunk_v + h * B, w->trunk_z + h * K * B, B * sizeof (double));
          pl_activation_eval (c->activation, H * B, w->trunk_v, spec->max_order + 2, H * B,
                              w->trunk_f);
          pl_jet_apply (spec, B, H, w->trunk_f, w->trunk_z, w->trunk_a);
        }
      if (m->head_m)
        pl_mlp_forward (m->head_m, params + m->blocks[PL_BLOCK_HEAD_M].offset, w->trunk_a,
                        w->cm, w->w_head_m);
      if (m->head_a)
        pl_mlp_forward (m->head_a, params + m->blocks[PL_BLOCK_HEAD_A].offset, w->trunk_a,
                        w->ca, w->w_head_a);
    }
  else
    {
      if (m->head_m)
        pl_mlp_forward (m->head_m, params + m->blocks[PL_BLOCK_HEAD_M].offset, w->fjets,
                        w->cm, w->w_head_m);
      if (m->head_a)
        pl_mlp_forward (m->head_a, params + m->blocks[PL_BLOCK_HEAD_A].offset, w->fjets,
                        w->ca, w->w_head_a);
    }

  if (m->head_m)
    pl_jet_mul (spec, B, O, w->cm, w->q, u);
  else
    memcpy (u, w->q, n * sizeof (double));
  if (m->head_a)
    pl_jet_axpy (spec, B, O, 1.0, w->ca, u);
  toc (w, t0, &w->times.classical);
}

void
pl_model_backward (const PlModel *m,
                   const double  *params,
                   PlModelWork   *w,
                   const double  *du,
                   double        *grad)
{
  const PlModelConfig *c = &m->cfg;
  const PlJetSpec *spec = &w->spec;
  gsize B = w->B, K = w->K, O = c->n_outputs, n = O * K * B;
  gint64 t0;

  if (c->kind == PL_MODEL_CLASSICAL)
    {
      t0 = tic (w);
      pl_mlp_backward (m->trunk, params + m->blocks[PL_BLOCK_TRUNK].offset, w->w_trunk, du,
                       grad + m->blocks[PL_BLOCK_TRUNK].offset, NULL);
      toc (w, t0, &w->times.classical);
      return;
    }

  t0 = tic (w);
  /* u = cm * q + ca */
  if (m->head_m)
    {
      memset (w->d_cm, 0, n * sizeof (double));
      memset (w->d_q, 0, n * sizeof (double));
      pl_jet_mul_adjoint (spec, B, O, w->cm, w->q, du, w->d_cm, w->d_q);
    }
  else
    memcpy (w->d_q, du, n * sizeof (double));

  if (m->trunk != NULL)
    {
      gsize H = w->H;
      gboolean have = FALSE;

      if (m->head_m)
        {
          pl_mlp_backward (m->head_m, params + m->blocks[PL_BLOCK_HEAD_M].offset, w->w_head_m,
                           w->d_cm, grad + m->blocks[PL_BLOCK_HEAD_M].offset, w->d_ta);
          have = TRUE;
        }
      if (m->head_a)
        {
          pl_mlp_backward (m->head_a, params + m->blocks[PL_BLOCK_HEAD_A].offset, w->w_head_a,
                           du, grad + m->blocks[PL_BLOCK_HEAD_A].offset,
                           have ? w->d_ta2 : w->d_ta);
          if (have)
            for (gsize i = 0; i < H * K * B; i++)
              w->d_ta[i] += w->d_ta2[i];
        }
      if (m->trunk->headless)
        pl_mlp_backward (m->trunk, params + m->blocks[PL_BLOCK_TRUNK].offset, w->w_trunk,
                         w->d_ta, grad + m->blocks[PL_BLOCK_TRUNK].offset, NULL);
      else
        {
          memset (w->d_tz, 0, H * K * B * sizeof (double));
          pl_jet_apply_adjoint (spec, B, H, w->trunk_f, w->trunk_z, w->d_ta, w->d_tz);
          pl_mlp_backward (m->trunk, params + m->blocks[PL_BLOCK_TRUNK].offset, w->w_trunk,
                           w->d_tz, grad + m->blocks[PL_BLOCK_TRUNK].offset, NULL);
        }
    }
  else
    {
      if (m->head_m)
        pl_mlp_backward (m->head_m, params + m->blocks[PL_BLOCK_HEAD_M].offset, w->w_head_m,
                         w->d_cm, grad + m->blocks[PL_BLOCK_HEAD_M].offset, NULL);
      if (m->head_a)
        pl_mlp_backward (m->head_a, params + m->blocks[PL_BLOCK_HEAD_A].offset, w->w_head_a,
                         du, grad + m->blocks[PL_BLOCK_HEAD_A].offset, NULL);
    }

  pl_mlp_backward (m->readout, params + m->blocks[PL_BLOCK_READOUT].offset, w->w_readout,
                   w->d_q, grad + m->blocks[PL_BLOCK_READOUT].offset, w->d_e);
  toc (w, t0, &w->times.classical);

  t0 = tic (w);
  if (w->d_ext != NULL)
    memset (w->d_ext, 0, m->circuit->n_external * K * B * sizeof (double));
  pl_qlayer_backward (w->w_q, params + m->blocks[PL_BLOCK_QUANTUM].offset, w->x, w->ext, w->d_e,
                      grad + m->blocks[PL_BLOCK_QUANTUM].offset, w->d_ext);
  toc (w, t0, &w->times.circuit_backward);

  if (m->pre != NULL)
    {
      t0 = tic (w);
      pl_mlp_backward (m->pre, params + m->blocks[PL_BLOCK_PRE].offset, w->w_pre, w->d_ext,
                       grad + m->blocks[PL_BLOCK_PRE].offset, NULL);
      toc (w, t0, &w->times.classical);
    }
}
