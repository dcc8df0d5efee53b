/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-mlp.c: construction, initialisation and workspaces of the MLP. The passes over jets are in
 * pl-mlp-pass.c.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-mlp.h"
#include "pl-mlp-private.h"
#include "pl-error.h"
#include "pl-jet.h"
#include "pl-rng.h"

#include <math.h>
#include <string.h>

static const char *const init_names[] = {
  [PL_MLP_INIT_XAVIER_UNIFORM] = "xavier-uniform",
  [PL_MLP_INIT_XAVIER_NORMAL] = "xavier-normal",
  [PL_MLP_INIT_HE_NORMAL] = "he-normal",
};

PlMlp *
pl_mlp_new (guint               n_widths,
            const guint        *widths,
            const PlActivation *activations,
            GError            **error)
{
  return pl_mlp_new_full (n_widths, widths, activations, PL_MLP_PLAIN, FALSE, error);
}

PlMlp *
pl_mlp_new_full (guint               n_widths,
                 const guint        *widths,
                 const PlActivation *activations,
                 PlMlpArch           arch,
                 gboolean            headless,
                 GError            **error)
{
  PlMlp *mlp;
  gsize offset = 0;
  guint n_hidden;

  g_return_val_if_fail (widths != NULL || n_widths == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_widths < 2)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "mlp: %u widths given, but a network needs at least an input and an "
                   "output width", n_widths);
      return NULL;
    }
  for (guint l = 0; l < n_widths; l++)
    if (widths[l] == 0 || widths[l] > PL_MLP_MAX_WIDTH)
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "mlp: width %u of layer %u is out of range; allowed are 1 to %d",
                     widths[l], l, PL_MLP_MAX_WIDTH);
        return NULL;
      }
  /* widths[1 .. n_hidden] are the hidden layers: a headless MLP's output is one of them */
  n_hidden = n_widths - 2 + (headless ? 1 : 0);
  g_return_val_if_fail (activations != NULL || n_hidden == 0, NULL);
  for (guint l = 0; l < n_hidden; l++)
    if ((guint) activations[l] >= PL_N_ACTIVATIONS)
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "mlp: activation %d of hidden layer %u is unknown; known are identity, "
                     "tanh, sin, silu, gelu", (int) activations[l], l + 1);
        return NULL;
      }
  if ((guint) arch > PL_MLP_MODIFIED)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "mlp: architecture %d is unknown; known are plain and modified", (int) arch);
      return NULL;
    }
  if (arch == PL_MLP_MODIFIED && n_hidden == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "mlp: a modified MLP needs at least one hidden layer to gate");
      return NULL;
    }
  for (guint l = 2; arch == PL_MLP_MODIFIED && l <= n_hidden; l++)
    if (widths[l] != widths[1])
      {
        g_autoptr (GString) list = g_string_new (NULL);

        for (guint i = 1; i <= n_hidden; i++)
          g_string_append_printf (list, "%s%u", i > 1 ? ", " : "", widths[i]);
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "mlp: a modified MLP gates every hidden layer with the same two encoders, "
                     "so its hidden widths must be equal, not %s", list->str);
        return NULL;
      }

  mlp = g_new0 (PlMlp, 1);
  mlp->arch = arch;
  mlp->headless = headless;
  mlp->n_layers = n_widths - 1;
  mlp->widths = g_memdup2 (widths, n_widths * sizeof (guint));
  mlp->activations = g_new (PlActivation, mlp->n_layers);
  mlp->w_offset = g_new (gsize, mlp->n_layers);
  mlp->b_offset = g_new (gsize, mlp->n_layers);
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      mlp->activations[l] = l < n_hidden ? activations[l] : PL_ACTIVATION_IDENTITY;
      mlp->w_offset[l] = offset;
      offset += (gsize) widths[l + 1] * widths[l];
      mlp->b_offset[l] = offset;
      offset += widths[l + 1];
    }
  for (guint e = 0; arch == PL_MLP_MODIFIED && e < 2; e++)
    {
      mlp->enc_w_offset[e] = offset;
      offset += (gsize) widths[1] * widths[0];
      mlp->enc_b_offset[e] = offset;
      offset += widths[1];
    }
  mlp->n_params = offset;
  return mlp;
}

void
pl_mlp_free (PlMlp *mlp)
{
  if (mlp == NULL)
    return;
  g_free (mlp->widths);
  g_free (mlp->activations);
  g_free (mlp->w_offset);
  g_free (mlp->b_offset);
  g_free (mlp);
}

/* W (fan_out x fan_in) by @init, b zero. */
static void
init_layer (PlMlpInit  init,
            guint      fan_in,
            guint      fan_out,
            PlRng     *rng,
            double    *w,
            double    *b)
{
  gsize n = (gsize) fan_out * fan_in;

  switch (init)
    {
    case PL_MLP_INIT_XAVIER_UNIFORM:
      {
        double r = sqrt (6.0 / ((double) fan_in + fan_out));

        for (gsize i = 0; i < n; i++)
          w[i] = r * (2.0 * pl_rng_uniform (rng) - 1.0);
      }
      break;
    case PL_MLP_INIT_XAVIER_NORMAL:
      {
        double sd = sqrt (2.0 / ((double) fan_in + fan_out));

        for (gsize i = 0; i < n; i++)
          w[i] = sd * pl_rng_normal (rng);
      }
      break;
    case PL_MLP_INIT_HE_NORMAL:
      {
        double sd = sqrt (2.0 / fan_in);

        for (gsize i = 0; i < n; i++)
          w[i] = sd * pl_rng_normal (rng);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  memset (b, 0, fan_out * sizeof (double));
}

void
pl_mlp_init_params (const PlMlp *mlp,
                    PlMlpInit    init,
                    PlRng       *rng,
                    double      *params)
{
  g_return_if_fail (mlp != NULL && rng != NULL && params != NULL);
  g_return_if_fail (init <= PL_MLP_INIT_HE_NORMAL);

  for (guint l = 0; l < mlp->n_layers; l++)
    init_layer (init, mlp->widths[l], mlp->widths[l + 1], rng, params + mlp->w_offset[l],
                params + mlp->b_offset[l]);
  for (guint e = 0; mlp->arch == PL_MLP_MODIFIED && e < 2; e++)
    init_layer (init, mlp->widths[0], mlp->widths[1], rng, params + mlp->enc_w_offset[e],
                params + mlp->enc_b_offset[e]);
}

const char *
pl_mlp_init_to_string (PlMlpInit init)
{
  g_return_val_if_fail (init <= PL_MLP_INIT_HE_NORMAL, NULL);

  return init_names[init];
}

gboolean
pl_mlp_init_from_string (const char  *name,
                         PlMlpInit   *init,
                         GError     **error)
{
  static const struct { const char *name; PlMlpInit init; } aliases[] = {
    { "xavier-uniform", PL_MLP_INIT_XAVIER_UNIFORM },
    { "glorot-uniform", PL_MLP_INIT_XAVIER_UNIFORM },
    { "xavier-normal", PL_MLP_INIT_XAVIER_NORMAL },
    { "glorot-normal", PL_MLP_INIT_XAVIER_NORMAL },
    { "he-normal", PL_MLP_INIT_HE_NORMAL },
    { "kaiming-normal", PL_MLP_INIT_HE_NORMAL },
  };

  g_return_val_if_fail (name != NULL && init != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_ascii_strcasecmp (name, aliases[i].name) == 0)
      {
        *init = aliases[i].init;
        return TRUE;
      }
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "unknown initialisation \"%s\"; known are xavier-uniform, xavier-normal, "
               "he-normal (or glorot-uniform, glorot-normal, kaiming-normal)", name);
  return FALSE;
}

/* --- workspace ----------------------------------------------------------------------- */

/* The next @n doubles of the workspace block. */
static double *
take (PlMlpWork *work,
      gsize     *at,
      gsize      n)
{
  double *p = work->block + *at;

  *at += n;
  return p;
}

PlMlpWork *
pl_mlp_work_new (const PlMlp     *mlp,
                 const PlJetSpec *spec,
                 gsize            batch,
                 GError         **error)
{
  g_autoptr (PlMlpWork) work = NULL;
  gsize K, KB, jet_rows, deriv_rows = 0, max_hidden = 0, h, total = 0, n, at = 0;
  guint L, n_hidden, n_derivs;
  gboolean modified;

  g_return_val_if_fail (mlp != NULL && spec != NULL, NULL);
  g_return_val_if_fail (spec->n_components >= 1 && spec->n_components <= PL_JET_MAX_COMPONENTS,
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  K = spec->n_components;
  L = mlp->n_layers;
  n_hidden = L - 1 + (mlp->headless ? 1 : 0);
  n_derivs = spec->max_order + 2;
  modified = mlp->arch == PL_MLP_MODIFIED;
  h = mlp->widths[1];
  if (batch == 0 || batch > (gsize) G_MAXINT / K)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "mlp: batch of %" G_GSIZE_FORMAT " points is out of range; allowed are 1 "
                   "to %" G_GSIZE_FORMAT " for jets of %" G_GSIZE_FORMAT " components",
                   batch, (gsize) G_MAXINT / K, K);
      return NULL;
    }
  KB = K * batch;

  /* Count doubles in rows of K * B (jets) and of B (derivative tables); widths and layers
   * are bounded (PL_MLP_MAX_WIDTH), so only the products with the batch can overflow. The
   * assignments below take the arrays in the same order. */
  jet_rows = mlp->widths[0];
  for (guint l = 0; l < n_hidden; l++)
    {
      gsize width = mlp->widths[l + 1];
      gboolean top = l + 1 == L;

      jet_rows += width * (1 + (modified || !top ? 1 : 0) + (modified && !top ? 1 : 0));
      deriv_rows += n_derivs * width;
      max_hidden = MAX (max_hidden, width);
    }
  jet_rows += 2 * max_hidden;
  if (modified)
    {
      jet_rows += 7 * h;
      deriv_rows += 2 * n_derivs * h;
    }
  if (!g_size_checked_mul (&total, jet_rows, KB) || !g_size_checked_mul (&n, deriv_rows, batch)
      || !g_size_checked_add (&total, total, n)
      || !g_size_checked_mul (&total, total, sizeof (double)))
    total = G_MAXSIZE;

  work = g_new0 (PlMlpWork, 1);
  work->spec = *spec;
  work->batch = batch;
  work->arch = mlp->arch;
  work->headless = mlp->headless;
  work->n_layers = L;
  work->widths = g_memdup2 (mlp->widths, (L + 1) * sizeof (guint));
  work->pre = g_new0 (double *, MAX (n_hidden, 1));
  work->post = g_new0 (double *, MAX (n_hidden, 1));
  work->derivs = g_new0 (double *, MAX (n_hidden, 1));
  work->gated = g_new0 (double *, MAX (n_hidden, 1));
  work->block = pl_aligned_alloc (total, "the MLP workspace", error);
  if (work->block == NULL)
    return NULL;

  work->input = take (work, &at, mlp->widths[0] * KB);
  for (guint l = 0; l < n_hidden; l++)
    {
      gsize width = mlp->widths[l + 1];
      gboolean top = l + 1 == L;

      work->pre[l] = take (work, &at, width * KB);
      if (modified || !top)
        work->post[l] = take (work, &at, width * KB);
      if (modified && !top)
        work->gated[l] = take (work, &at, width * KB);
      work->derivs[l] = take (work, &at, n_derivs * width * batch);
    }
  work->adj_h = take (work, &at, max_hidden * KB);
  work->adj_z = take (work, &at, max_hidden * KB);
  if (modified)
    {
      for (guint e = 0; e < 2; e++)
        {
          work->enc_pre[e] = take (work, &at, h * KB);
          work->enc_derivs[e] = take (work, &at, n_derivs * h * batch);
        }
      work->enc_v = take (work, &at, h * KB);
      work->diff = take (work, &at, h * KB);
      work->adj_a = take (work, &at, h * KB);
      work->adj_d = take (work, &at, h * KB);
      work->adj_v = take (work, &at, h * KB);
    }
  g_assert (at * sizeof (double) == total);
  return g_steal_pointer (&work);
}

void
pl_mlp_work_free (PlMlpWork *work)
{
  if (work == NULL)
    return;
  pl_aligned_free (work->block);
  g_free (work->widths);
  g_free (work->pre);
  g_free (work->post);
  g_free (work->derivs);
  g_free (work->gated);
  g_free (work);
}

gsize
pl_mlp_work_batch (const PlMlpWork *work)
{
  g_return_val_if_fail (work != NULL, 0);

  return work->batch;
}

const PlJetSpec *
pl_mlp_work_spec (const PlMlpWork *work)
{
  g_return_val_if_fail (work != NULL, NULL);

  return &work->spec;
}
