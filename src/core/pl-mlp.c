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
  PlMlp *mlp;
  gsize offset = 0;

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
  g_return_val_if_fail (activations != NULL || n_widths == 2, NULL);
  for (guint l = 0; l + 2 < n_widths; l++)
    if ((guint) activations[l] >= PL_N_ACTIVATIONS)
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "mlp: activation %d of hidden layer %u is unknown; known are identity, "
                     "tanh, sin, silu, gelu", (int) activations[l], l + 1);
        return NULL;
      }

  mlp = g_new0 (PlMlp, 1);
  mlp->n_layers = n_widths - 1;
  mlp->widths = g_memdup2 (widths, n_widths * sizeof (guint));
  mlp->activations = g_new (PlActivation, mlp->n_layers);
  mlp->w_offset = g_new (gsize, mlp->n_layers);
  mlp->b_offset = g_new (gsize, mlp->n_layers);
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      mlp->activations[l] = l + 1 < mlp->n_layers ? activations[l] : PL_ACTIVATION_IDENTITY;
      mlp->w_offset[l] = offset;
      offset += (gsize) widths[l + 1] * widths[l];
      mlp->b_offset[l] = offset;
      offset += widths[l + 1];
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

void
pl_mlp_init_params (const PlMlp *mlp,
                    PlMlpInit    init,
                    PlRng       *rng,
                    double      *params)
{
  g_return_if_fail (mlp != NULL && rng != NULL && params != NULL);
  g_return_if_fail (init <= PL_MLP_INIT_HE_NORMAL);

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      double fan_in = mlp->widths[l], fan_out = mlp->widths[l + 1];
      gsize n = (gsize) mlp->widths[l + 1] * mlp->widths[l];
      double *w = params + mlp->w_offset[l];

      switch (init)
        {
        case PL_MLP_INIT_XAVIER_UNIFORM:
          {
            double r = sqrt (6.0 / (fan_in + fan_out));

            for (gsize i = 0; i < n; i++)
              w[i] = r * (2.0 * pl_rng_uniform (rng) - 1.0);
          }
          break;
        case PL_MLP_INIT_XAVIER_NORMAL:
          {
            double sd = sqrt (2.0 / (fan_in + fan_out));

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
      memset (params + mlp->b_offset[l], 0, mlp->widths[l + 1] * sizeof (double));
    }
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

PlMlpWork *
pl_mlp_work_new (const PlMlp     *mlp,
                 const PlJetSpec *spec,
                 gsize            batch,
                 GError         **error)
{
  g_autoptr (PlMlpWork) work = NULL;
  gsize K, n_rows, max_hidden = 0, total, at = 0;
  guint L, n_hidden;

  g_return_val_if_fail (mlp != NULL && spec != NULL, NULL);
  g_return_val_if_fail (spec->n_components >= 1 && spec->n_components <= PL_JET_MAX_COMPONENTS,
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  K = spec->n_components;
  L = mlp->n_layers;
  n_hidden = L - 1;
  if (batch == 0 || batch > (gsize) G_MAXINT / K)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "mlp: batch of %" G_GSIZE_FORMAT " points is out of range; allowed are 1 "
                   "to %" G_GSIZE_FORMAT " for jets of %" G_GSIZE_FORMAT " components",
                   batch, (gsize) G_MAXINT / K, K);
      return NULL;
    }

  /* Count doubles in units of K * B; widths and layers are bounded (PL_MLP_MAX_WIDTH), so
   * only the product with the batch can overflow. */
  n_rows = mlp->widths[0];
  for (guint l = 0; l < n_hidden; l++)
    {
      gsize width = mlp->widths[l + 1];

      n_rows += 2 * width;
      max_hidden = MAX (max_hidden, width);
    }
  n_rows += 2 * max_hidden;
  total = 0;
  if (!g_size_checked_mul (&total, n_rows, K * batch))
    total = G_MAXSIZE;
  for (guint l = 0; l < n_hidden && total != G_MAXSIZE; l++)
    {
      gsize rows = (gsize) (spec->max_order + 2) * mlp->widths[l + 1], n;

      if (!g_size_checked_mul (&n, rows, batch) || !g_size_checked_add (&total, total, n))
        total = G_MAXSIZE;
    }
  if (total != G_MAXSIZE && !g_size_checked_mul (&total, total, sizeof (double)))
    total = G_MAXSIZE;

  work = g_new0 (PlMlpWork, 1);
  work->spec = *spec;
  work->batch = batch;
  work->n_layers = L;
  work->widths = g_memdup2 (mlp->widths, (L + 1) * sizeof (guint));
  work->pre = g_new0 (double *, MAX (n_hidden, 1));
  work->post = g_new0 (double *, MAX (n_hidden, 1));
  work->derivs = g_new0 (double *, MAX (n_hidden, 1));
  work->block = pl_aligned_alloc (total, "the MLP workspace", error);
  if (work->block == NULL)
    return NULL;

  work->input = work->block + at;
  at += mlp->widths[0] * K * batch;
  for (guint l = 0; l < n_hidden; l++)
    {
      gsize n = mlp->widths[l + 1] * K * batch;

      work->pre[l] = work->block + at;
      at += n;
      work->post[l] = work->block + at;
      at += n;
      work->derivs[l] = work->block + at;
      at += (spec->max_order + 2) * mlp->widths[l + 1] * batch;
    }
  work->adj_a = work->block + at;
  at += max_hidden * K * batch;
  work->adj_z = work->block + at;
  at += max_hidden * K * batch;
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
