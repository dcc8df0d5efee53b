/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-jet.h"
#include "pl-error.h"

#include <string.h>

static const char *const default_axes[PL_JET_MAX_INPUTS + 1] = { NULL, "x", "xt", "xyt" };

static void
spec_add_component (PlJetSpec   *spec,
                    const guint *alpha)
{
  guint k = spec->n_components++;
  char *name = spec->names[k];
  gsize len = 1;

  name[0] = 'u';
  for (guint i = 0; i < spec->n_inputs; i++)
    {
      spec->alpha[k][i] = (guint8) alpha[i];
      for (guint r = 0; r < alpha[i]; r++)
        {
          if (len == 1)
            name[len++] = '_';
          name[len++] = spec->axes[i];
        }
    }
  name[len] = '\0';
}

gboolean
pl_jet_spec_init (PlJetSpec  *spec,
                  guint       n_inputs,
                  guint       order,
                  gint        third_axis,
                  const char *axes,
                  GError    **error)
{
  guint alpha[PL_JET_MAX_INPUTS];

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_inputs < 1 || n_inputs > PL_JET_MAX_INPUTS)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "jet: %u inputs requested, but jets carry derivatives in 1 to %d inputs",
                   n_inputs, PL_JET_MAX_INPUTS);
      return FALSE;
    }
  if (order > 2)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "jet: derivative order %u requested, but jets carry orders 0, 1 or 2 "
                   "(plus an optional third order along one axis)", order);
      return FALSE;
    }
  if (third_axis >= (gint) n_inputs || third_axis < -1)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "jet: third-order axis %d is not an input; allowed are -1 (none) or "
                   "0 to %u", third_axis, n_inputs - 1);
      return FALSE;
    }
  if (third_axis >= 0 && order != 2)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "jet: a third-order axis needs derivative order 2, not %u", order);
      return FALSE;
    }
  if (axes == NULL)
    axes = default_axes[n_inputs];
  if (strlen (axes) != n_inputs)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "jet: axis names \"%s\" must have one letter per input (%u)",
                   axes, n_inputs);
      return FALSE;
    }
  for (guint i = 0; i < n_inputs; i++)
    {
      if (axes[i] < 'a' || axes[i] > 'z' || axes[i] == 'u' || strchr (axes + i + 1, axes[i]))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "jet: axis names \"%s\" must be distinct lower-case letters other "
                       "than 'u'", axes);
          return FALSE;
        }
    }

  memset (spec, 0, sizeof *spec);
  memset (spec->first, -1, sizeof spec->first);
  memset (spec->second, -1, sizeof spec->second);
  spec->third = -1;
  spec->n_inputs = n_inputs;
  spec->order = order;
  spec->third_axis = third_axis;
  spec->max_order = third_axis >= 0 ? 3 : order;
  memcpy (spec->axes, axes, n_inputs);

  memset (alpha, 0, sizeof alpha);
  spec_add_component (spec, alpha);
  if (order >= 1)
    for (guint i = 0; i < n_inputs; i++)
      {
        spec->first[i] = (gint8) spec->n_components;
        alpha[i] = 1;
        spec_add_component (spec, alpha);
        alpha[i] = 0;
      }
  if (order >= 2)
    for (guint i = 0; i < n_inputs; i++)
      for (guint j = i; j < n_inputs; j++)
        {
          spec->second[i][j] = spec->second[j][i] = (gint8) spec->n_components;
          alpha[i]++;
          alpha[j]++;
          spec_add_component (spec, alpha);
          alpha[i] = alpha[j] = 0;
        }
  if (third_axis >= 0)
    {
      spec->third = (gint8) spec->n_components;
      alpha[third_axis] = 3;
      spec_add_component (spec, alpha);
    }
  return TRUE;
}

gint
pl_jet_spec_index (const PlJetSpec *spec,
                   const guint     *alpha)
{
  g_return_val_if_fail (spec != NULL && alpha != NULL, -1);

  for (guint k = 0; k < spec->n_components; k++)
    {
      guint i;

      for (i = 0; i < spec->n_inputs; i++)
        if (spec->alpha[k][i] != alpha[i])
          break;
      if (i == spec->n_inputs)
        return (gint) k;
    }
  return -1;
}

const char *
pl_jet_spec_name (const PlJetSpec *spec,
                  guint            k)
{
  g_return_val_if_fail (spec != NULL && k < spec->n_components, NULL);

  return spec->names[k];
}

static char *
spec_list_names (const PlJetSpec *spec)
{
  GString *list = g_string_new (NULL);

  for (guint k = 0; k < spec->n_components; k++)
    g_string_append_printf (list, "%s%s", k > 0 ? ", " : "", spec->names[k]);
  return g_string_free (list, FALSE);
}

gboolean
pl_jet_spec_parse (const PlJetSpec *spec,
                   const char      *name,
                   guint           *k,
                   GError         **error)
{
  guint alpha[PL_JET_MAX_INPUTS] = { 0, };
  gint index;

  g_return_val_if_fail (spec != NULL && name != NULL && k != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (name[0] != 'u' || (name[1] != '\0' && (name[1] != '_' || name[2] == '\0')))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_PARSE,
                   "jet component \"%s\" is not \"u\" or \"u_\" followed by axis letters "
                   "from \"%s\"", name, spec->axes);
      return FALSE;
    }
  if (name[1] == '_')
    for (const char *c = name + 2; *c != '\0'; c++)
      {
        const char *axis = strchr (spec->axes, *c);

        if (axis == NULL)
          {
            g_set_error (error, PL_ERROR, PL_ERROR_PARSE,
                         "jet component \"%s\": '%c' is not one of the axes \"%s\"",
                         name, *c, spec->axes);
            return FALSE;
          }
        alpha[axis - spec->axes]++;
      }

  index = pl_jet_spec_index (spec, alpha);
  if (index < 0)
    {
      g_autofree char *list = spec_list_names (spec);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "jet component \"%s\" is not carried by this jet; carried are %s",
                   name, list);
      return FALSE;
    }
  *k = (guint) index;
  return TRUE;
}

gsize
pl_jet_size (const PlJetSpec *spec,
             gsize            batch,
             gsize            width)
{
  g_return_val_if_fail (spec != NULL, 0);

  return width * spec->n_components * batch;
}

void
pl_jet_seed_inputs (const PlJetSpec *spec,
                    gsize            batch,
                    const double    *x,
                    double          *jets)
{
  gsize K = spec->n_components;

  memset (jets, 0, pl_jet_size (spec, batch, spec->n_inputs) * sizeof (double));
  for (guint i = 0; i < spec->n_inputs; i++)
    {
      double *value = jets + i * K * batch;

      memcpy (value, x + i * batch, batch * sizeof (double));
      if (spec->first[i] >= 0)
        {
          double *dx = value + spec->first[i] * batch;

          for (gsize b = 0; b < batch; b++)
            dx[b] = 1.0;
        }
    }
}

void
pl_jet_axpy (const PlJetSpec *spec,
             gsize            batch,
             gsize            width,
             double           alpha,
             const double    *x,
             double          *y)
{
  gsize n = pl_jet_size (spec, batch, width);

  for (gsize i = 0; i < n; i++)
    y[i] += alpha * x[i];
}

void
pl_jet_scale (const PlJetSpec *spec,
              gsize            batch,
              gsize            width,
              double           alpha,
              double          *x)
{
  gsize n = pl_jet_size (spec, batch, width);

  for (gsize i = 0; i < n; i++)
    x[i] *= alpha;
}
