/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-model.c: construction, parameter blocks and initialisation of the hybrid models.
 * The passes over jets are in pl-model-pass.c.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-model.h"
#include "pl-model-private.h"
#include "pl-error.h"
#include "pl-rng.h"

#include <math.h>
#include <string.h>

static const char *kind_names[] = { "classical", "quantum", "hybrid", "serial" };
static const char *block_names[] = { "trunk", "head_m", "head_a", "pre", "quantum", "readout" };

void
pl_model_config_init (PlModelConfig *c)
{
  memset (c, 0, sizeof *c);
  c->kind = PL_MODEL_HYBRID;
  c->n_inputs = 1;
  c->n_outputs = 1;
  c->n_hidden = 2;
  c->hidden[0] = 32;
  c->hidden[1] = 32;
  c->activation = PL_ACTIVATION_TANH;
  c->arch = PL_MLP_PLAIN;
  c->init = PL_MLP_INIT_XAVIER_NORMAL;
  c->shared_trunk = TRUE;
  c->multiplicative = TRUE;
  c->additive = TRUE;
  c->qinit = PL_QINIT_UNIFORM;
  c->qinit_scale = 0.1;
  c->fourier_scale = 1.0;
}

const char *
pl_model_kind_to_string (PlModelKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
pl_model_kind_from_string (const char  *name,
                           PlModelKind *kind,
                           GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_ascii_strcasecmp (name, kind_names[i]) == 0)
      {
        *kind = (PlModelKind) i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (name, "qpinn-mac") == 0 || g_ascii_strcasecmp (name, "mac") == 0)
    {
      *kind = PL_MODEL_HYBRID;
      return TRUE;
    }
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "unknown model kind '%s' (classical, quantum, hybrid, serial)", name);
  return FALSE;
}

const char *
pl_block_name (PlBlock block)
{
  g_return_val_if_fail ((guint) block < PL_N_BLOCKS, NULL);
  return block_names[block];
}

/* A network from @in inputs through the hidden layers of @c (none without @with_hidden) to
 * @out outputs. With hidden layers it has the architecture of @c; a single affine layer (a
 * head on the trunk, the readout) has nothing to gate and stays plain. */
static PlMlp *
make_mlp (guint               in,
          const PlModelConfig *c,
          gboolean            with_hidden,
          guint               out,
          GError            **error)
{
  guint widths[PL_MODEL_MAX_HIDDEN + 2];
  PlActivation acts[PL_MODEL_MAX_HIDDEN];
  guint n = 0;

  widths[n++] = in;
  if (with_hidden)
    for (guint i = 0; i < c->n_hidden; i++)
      {
        acts[n - 1] = c->activation;
        widths[n++] = c->hidden[i];
      }
  widths[n++] = out;
  return pl_mlp_new_full (n, widths, acts, n > 2 ? c->arch : PL_MLP_PLAIN, FALSE, error);
}

/* The shared trunk: the hidden layers of @c, the last one its output, which the heads read.
 * A plain trunk ends in an affine layer that the passes activate (pl-model-pass.c); a
 * modified one must also gate that layer with its own encoders, so the MLP does both
 * (headless). */
static PlMlp *
make_trunk (guint               in,
            const PlModelConfig *c,
            GError            **error)
{
  guint widths[PL_MODEL_MAX_HIDDEN + 1];
  PlActivation acts[PL_MODEL_MAX_HIDDEN];

  if (c->arch == PL_MLP_PLAIN)
    {
      PlModelConfig trunk_cfg = *c;

      trunk_cfg.n_hidden = c->n_hidden - 1;
      return make_mlp (in, &trunk_cfg, TRUE, c->hidden[c->n_hidden - 1], error);
    }
  widths[0] = in;
  for (guint i = 0; i < c->n_hidden; i++)
    {
      acts[i] = c->activation;
      widths[i + 1] = c->hidden[i];
    }
  return pl_mlp_new_full (c->n_hidden + 1, widths, acts, c->arch, TRUE, error);
}

static gboolean
check_features (const PlModelConfig  *c,
                GError              **error)
{
  guint n_periodic = 0;

  for (guint j = 0; j < PL_JET_MAX_INPUTS; j++)
    {
      if (c->harmonics[j] == 0)
        continue;
      if (j >= c->n_inputs || c->harmonics[j] > PL_MODEL_MAX_HARMONICS)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       j >= c->n_inputs ? "periodic features on input %u, but the model has "
                                          "%u input%s"
                                        : "periodic input %u: at most "
                                          G_STRINGIFY (PL_MODEL_MAX_HARMONICS) " harmonics",
                       j, c->n_inputs, c->n_inputs == 1 ? "" : "s");
          return FALSE;
        }
      if (!(isfinite (c->period[j]) && c->period[j] > 0))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "periodic input %u needs a positive period, not %g", j, c->period[j]);
          return FALSE;
        }
      n_periodic++;
    }
  if (c->fourier == 0)
    return TRUE;
  if (c->fourier > PL_MODEL_MAX_FOURIER)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "at most %d random Fourier features, not %u", PL_MODEL_MAX_FOURIER,
                   c->fourier);
      return FALSE;
    }
  if (!(isfinite (c->fourier_scale) && c->fourier_scale > 0))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the scale of the random Fourier features must be a positive number, "
                   "not %g", c->fourier_scale);
      return FALSE;
    }
  if (n_periodic == c->n_inputs)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "random Fourier features need a non-periodic input (periodic ones "
                           "have their harmonics)");
      return FALSE;
    }
  return TRUE;
}

/* The feature table of pl-model-private.h; the config was checked. */
static void
make_features (PlModel *m)
{
  const PlModelConfig *c = &m->cfg;
  guint d = c->n_inputs, r = 0;
  PlRng rng;

  m->n_raw = 0;
  for (guint j = 0; j < d; j++)
    if (c->harmonics[j] == 0)
      m->raw_axis[m->n_raw++] = j;
  m->n_wave = 2 * c->fourier;
  for (guint j = 0; j < d; j++)
    m->n_wave += 2 * c->harmonics[j];
  m->n_features = m->n_raw + m->n_wave;
  m->wave_freq = g_new0 (double, MAX (m->n_wave, 1) * d);
  m->wave_phase = g_new0 (double, MAX (m->n_wave, 1));
  for (guint j = 0; j < d; j++)
    for (guint k = 1; k <= c->harmonics[j]; k++, r += 2)
      {
        m->wave_freq[r * d + j] = m->wave_freq[(r + 1) * d + j] = 2 * G_PI * k / c->period[j];
        m->wave_phase[r + 1] = G_PI / 2;
      }
  pl_rng_init (&rng, c->fourier_seed);
  for (guint f = 0; f < c->fourier; f++, r += 2)
    {
      for (guint j = 0; j < d; j++)
        if (c->harmonics[j] == 0)
          m->wave_freq[r * d + j] = m->wave_freq[(r + 1) * d + j] =
            c->fourier_scale * pl_rng_normal (&rng);
      m->wave_phase[r + 1] = G_PI / 2;
    }
  g_assert (r == m->n_wave);
}

guint
pl_model_features (const PlModel *m,
                   gint          *axis,
                   double        *freq,
                   double        *phase)
{
  guint d = m->cfg.n_inputs;

  for (guint r = 0; r < m->n_features; r++)
    {
      gboolean raw = r < m->n_raw;
      guint w = r - m->n_raw;

      if (axis != NULL)
        axis[r] = raw ? (gint) m->raw_axis[r] : -1;
      for (guint j = 0; j < d && freq != NULL; j++)
        freq[r * d + j] = raw ? 0.0 : m->wave_freq[w * d + j];
      if (phase != NULL)
        phase[r] = raw ? 0.0 : m->wave_phase[w];
    }
  return m->n_features;
}

static gboolean
check_config (const PlModelConfig  *c,
              const PlCircuit      *circuit,
              guint                 n_obs,
              GError              **error)
{
  if ((guint) c->kind > PL_MODEL_SERIAL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "unknown model kind %d", c->kind);
      return FALSE;
    }
  if (c->n_inputs < 1 || c->n_inputs > PL_JET_MAX_INPUTS)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "model inputs must be 1 to %d, not %u", PL_JET_MAX_INPUTS, c->n_inputs);
      return FALSE;
    }
  if (c->n_outputs < 1 || c->n_outputs > 64)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "model outputs must be 1 to 64, not %u", c->n_outputs);
      return FALSE;
    }
  if (c->n_hidden > PL_MODEL_MAX_HIDDEN)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "at most %d hidden layers, not %u", PL_MODEL_MAX_HIDDEN, c->n_hidden);
      return FALSE;
    }
  if ((c->kind == PL_MODEL_CLASSICAL || (c->kind == PL_MODEL_HYBRID && c->shared_trunk &&
       (c->multiplicative || c->additive))) && c->n_hidden == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "this model needs at least one hidden layer");
      return FALSE;
    }
  if ((guint) c->arch > PL_MLP_MODIFIED)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT, "unknown MLP architecture %d",
                   c->arch);
      return FALSE;
    }
  for (guint i = 1; c->arch == PL_MLP_MODIFIED && i < c->n_hidden; i++)
    if (c->hidden[i] != c->hidden[0])
      {
        g_autoptr(GString) list = g_string_new (NULL);

        for (guint k = 0; k < c->n_hidden; k++)
          g_string_append_printf (list, "%s%u", k ? ", " : "", c->hidden[k]);
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "hidden: a modified MLP gates every hidden layer with the same two "
                     "encoders, so the widths must be equal, not %s", list->str);
        return FALSE;
      }
  if (!isfinite (c->qinit_scale) || c->qinit_scale < 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "quantum initialisation scale %g must be a non-negative number",
                   c->qinit_scale);
      return FALSE;
    }
  if (!check_features (c, error))
    return FALSE;
  if (c->kind == PL_MODEL_CLASSICAL)
    return TRUE;

  if (circuit == NULL || n_obs == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "a %s model needs a circuit and at least one observable",
                   kind_names[c->kind]);
      return FALSE;
    }
  if (c->kind == PL_MODEL_SERIAL && circuit->n_external == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "a serial hybrid needs a circuit whose encoding angles come from the "
                           "classical network (external angle sources)");
      return FALSE;
    }
  if (c->kind != PL_MODEL_SERIAL && circuit->n_external > 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "the circuit takes external angles, which only a serial model gives");
      return FALSE;
    }
  if (c->kind != PL_MODEL_SERIAL && circuit->n_inputs == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "the circuit encodes no input: its output would not depend on x "
                           "(use a template with data encoding such as reupload)");
      return FALSE;
    }
  if (circuit->n_inputs > c->n_inputs)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "the circuit encodes feature %u but the problem has %u input%s",
                   circuit->n_inputs - 1, c->n_inputs, c->n_inputs == 1 ? "" : "s");
      return FALSE;
    }
  return TRUE;
}

PlModel *
pl_model_new (const PlModelConfig  *config,
              PlCircuit            *circuit,
              guint                 n_obs,
              PlObservable        **obs,
              GError              **error)
{
  g_autoptr(PlModel) m = g_new0 (PlModel, 1);
  const PlModelConfig *c = config;
  gsize off = 0;
  gboolean couplings;

  m->circuit = circuit;
  m->n_obs = n_obs;
  m->obs = n_obs > 0 ? g_memdup2 (obs, n_obs * sizeof (PlObservable *)) : NULL;
  if (!check_config (c, circuit, n_obs, error))
    return NULL;
  m->cfg = *c;
  make_features (m);
  if (c->kind == PL_MODEL_QUANTUM)
    {
      m->cfg.multiplicative = FALSE;
      m->cfg.additive = FALSE;
    }
  couplings = c->kind != PL_MODEL_CLASSICAL && (m->cfg.multiplicative || m->cfg.additive);

  if (c->kind == PL_MODEL_CLASSICAL)
    {
      if (!(m->trunk = make_mlp (m->n_features, c, TRUE, c->n_outputs, error)))
        return NULL;
    }
  else
    {
      if (couplings && c->shared_trunk)
        {
          guint width = c->hidden[c->n_hidden - 1];

          if (!(m->trunk = make_trunk (m->n_features, c, error)))
            return NULL;
          if (m->cfg.multiplicative &&
              !(m->head_m = make_mlp (width, c, FALSE, c->n_outputs, error)))
            return NULL;
          if (m->cfg.additive && !(m->head_a = make_mlp (width, c, FALSE, c->n_outputs, error)))
            return NULL;
        }
      else if (couplings)
        {
          if (m->cfg.multiplicative &&
              !(m->head_m = make_mlp (m->n_features, c, TRUE, c->n_outputs, error)))
            return NULL;
          if (m->cfg.additive &&
              !(m->head_a = make_mlp (m->n_features, c, TRUE, c->n_outputs, error)))
            return NULL;
        }
      if (c->kind == PL_MODEL_SERIAL &&
          !(m->pre = make_mlp (m->n_features, c, TRUE, circuit->n_external, error)))
        return NULL;
      if (!(m->readout = make_mlp (n_obs, c, FALSE, c->n_outputs, error)))
        return NULL;
    }

#define BLOCK(id, n) G_STMT_START { \
    m->blocks[id].offset = off; m->blocks[id].size = (n); off += (n); } G_STMT_END
  BLOCK (PL_BLOCK_TRUNK, m->trunk ? m->trunk->n_params : 0);
  BLOCK (PL_BLOCK_HEAD_M, m->head_m ? m->head_m->n_params : 0);
  BLOCK (PL_BLOCK_HEAD_A, m->head_a ? m->head_a->n_params : 0);
  BLOCK (PL_BLOCK_PRE, m->pre ? m->pre->n_params : 0);
  BLOCK (PL_BLOCK_QUANTUM, circuit && c->kind != PL_MODEL_CLASSICAL ? circuit->n_params : 0);
  BLOCK (PL_BLOCK_READOUT, m->readout ? m->readout->n_params : 0);
#undef BLOCK
  m->n_params = off;
  return g_steal_pointer (&m);
}

void
pl_model_free (PlModel *m)
{
  if (m == NULL)
    return;
  g_clear_pointer (&m->trunk, pl_mlp_free);
  g_clear_pointer (&m->head_m, pl_mlp_free);
  g_clear_pointer (&m->head_a, pl_mlp_free);
  g_clear_pointer (&m->pre, pl_mlp_free);
  g_clear_pointer (&m->readout, pl_mlp_free);
  g_free (m->wave_freq);
  g_free (m->wave_phase);
  g_clear_pointer (&m->circuit, pl_circuit_free);
  for (guint i = 0; i < m->n_obs; i++)
    pl_observable_free (m->obs[i]);
  g_free (m->obs);
  g_free (m);
}

const PlModelConfig *
pl_model_get_config (const PlModel *m)
{
  return &m->cfg;
}

const PlCircuit *
pl_model_get_circuit (const PlModel *m)
{
  return m->circuit;
}

guint
pl_model_get_n_obs (const PlModel *m)
{
  return m->n_obs;
}

PlObservable *const *
pl_model_get_obs (const PlModel *m)
{
  return m->obs;
}

gsize
pl_model_n_params (const PlModel *m)
{
  return m->n_params;
}

PlBlockRange
pl_model_block (const PlModel *m,
                PlBlock        block)
{
  PlBlockRange none = { 0, 0 };

  g_return_val_if_fail ((guint) block < PL_N_BLOCKS, none);
  return m->blocks[block];
}

void
pl_model_init_params (const PlModel *m,
                      PlRng         *rng,
                      double        *params)
{
  const PlModelConfig *c = &m->cfg;
  PlMlp *mlps[PL_N_BLOCKS] = { m->trunk, m->head_m, m->head_a, m->pre, NULL, m->readout };

  for (guint b = 0; b < PL_N_BLOCKS; b++)
    if (mlps[b] != NULL)
      pl_mlp_init_params (mlps[b], c->init, rng, params + m->blocks[b].offset);

  if (m->blocks[PL_BLOCK_QUANTUM].size > 0)
    {
      double *q = params + m->blocks[PL_BLOCK_QUANTUM].offset;
      const PlCircuit *circ = m->circuit;

      for (guint k = 0; k < circ->n_params; k++)
        switch (c->qinit)
          {
          case PL_QINIT_UNIFORM:
            q[k] = 2.0 * G_PI * pl_rng_uniform (rng);
            break;
          case PL_QINIT_NORMAL:
            q[k] = c->qinit_scale * pl_rng_normal (rng);
            break;
          case PL_QINIT_ZERO:
          default:
            q[k] = 0.0;
            break;
          }
      /* Trainable encodings a x + b start as a gentle rotation (a near 1, b near 0), whatever
       * the variational angles do: a random scale of up to 2 pi would start the fit with
       * needlessly high frequencies. */
      for (gsize i = 0; i < circ->n_ops; i++)
        for (guint k = 0; k < PL_GATE_MAX_PARAMS; k++)
          {
            const PlAngleSource *s = &circ->ops[i].src[k];

            if (k >= pl_gate_info (circ->ops[i].gate)->n_params || s->kind != PL_SOURCE_INPUT)
              continue;
            if (s->a_param >= 0)
              q[s->a_param] = 1.0 + 0.1 * pl_rng_normal (rng);
            if (s->b_param >= 0)
              q[s->b_param] = 0.1 * pl_rng_normal (rng);
          }
    }
}
