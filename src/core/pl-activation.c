/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Activation functions and their derivatives up to the fourth order in closed form; the
 * derivations are in pl-jet.h next to pl_activation_eval.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-jet.h"
#include "pl-error.h"

#include <math.h>

static const char *const activation_names[PL_N_ACTIVATIONS] = {
  [PL_ACTIVATION_IDENTITY] = "identity",
  [PL_ACTIVATION_TANH] = "tanh",
  [PL_ACTIVATION_SIN] = "sin",
  [PL_ACTIVATION_SILU] = "silu",
  [PL_ACTIVATION_GELU] = "gelu",
};

/* 1 / sqrt (2 pi) */
#define INV_SQRT_2PI 0.39894228040143267794

static void
eval_tanh (double  x,
           guint   n_derivs,
           double *f)
{
  double t = tanh (x);
  double s = 1.0 - t * t;   /* tanh' */
  double all[PL_JET_MAX_DERIVS] = {
    t,
    s,
    -2.0 * t * s,
    2.0 * s * (3.0 * t * t - 1.0),
    8.0 * t * s * (2.0 - 3.0 * t * t),
  };

  for (guint m = 0; m < n_derivs; m++)
    f[m] = all[m];
}

static void
eval_sin (double  x,
          guint   n_derivs,
          double *f)
{
  double sn = sin (x), cs = cos (x);
  double all[PL_JET_MAX_DERIVS] = { sn, cs, -sn, -cs, sn };

  for (guint m = 0; m < n_derivs; m++)
    f[m] = all[m];
}

static void
eval_silu (double  x,
           guint   n_derivs,
           double *f)
{
  double e, s, c, sc, sig[PL_JET_MAX_DERIVS];

  /* sigma and 1 - sigma from the exponential that cannot overflow, so neither loses digits
   * to cancellation in the tails. */
  if (x >= 0.0)
    {
      e = exp (-x);
      s = 1.0 / (1.0 + e);
      c = e / (1.0 + e);
    }
  else
    {
      e = exp (x);
      s = e / (1.0 + e);
      c = 1.0 / (1.0 + e);
    }
  sc = s * c;
  sig[0] = s;
  sig[1] = sc;
  sig[2] = sc * (c - s);
  sig[3] = sc * (1.0 - 6.0 * sc);
  sig[4] = sc * (c - s) * (1.0 - 12.0 * sc);

  /* Leibniz on x * sigma(x): (x sigma)^(m) = x sigma^(m) + m sigma^(m-1). The fifth
   * derivative of sigma is never needed: at most n_derivs <= 5 rows, so m <= 4. */
  f[0] = x * s;
  for (guint m = 1; m < n_derivs; m++)
    f[m] = x * sig[m] + m * sig[m - 1];
}

static void
eval_gelu (double  x,
           guint   n_derivs,
           double *f)
{
  double phi = INV_SQRT_2PI * exp (-0.5 * x * x);
  double Phi = 0.5 * erfc (-x * G_SQRT2 * 0.5);
  double x2 = x * x;
  double all[PL_JET_MAX_DERIVS] = {
    x * Phi,
    Phi + x * phi,
    phi * (2.0 - x2),
    phi * x * (x2 - 4.0),
    phi * (-x2 * x2 + 7.0 * x2 - 4.0),
  };

  for (guint m = 0; m < n_derivs; m++)
    f[m] = all[m];
}

void
pl_activation_eval (PlActivation  act,
                    gsize         n,
                    const double *x,
                    guint         n_derivs,
                    gsize         stride,
                    double       *out)
{
  double f[PL_JET_MAX_DERIVS];

  g_return_if_fail (act < PL_N_ACTIVATIONS);
  g_return_if_fail (n_derivs <= PL_JET_MAX_DERIVS);
  g_return_if_fail (n_derivs <= 1 || stride >= n);

  for (gsize i = 0; i < n; i++)
    {
      switch (act)
        {
        case PL_ACTIVATION_IDENTITY:
          f[0] = x[i];
          f[1] = 1.0;
          f[2] = f[3] = f[4] = 0.0;
          break;
        case PL_ACTIVATION_TANH:
          eval_tanh (x[i], n_derivs, f);
          break;
        case PL_ACTIVATION_SIN:
          eval_sin (x[i], n_derivs, f);
          break;
        case PL_ACTIVATION_SILU:
          eval_silu (x[i], n_derivs, f);
          break;
        case PL_ACTIVATION_GELU:
          eval_gelu (x[i], n_derivs, f);
          break;
        case PL_N_ACTIVATIONS:
        default:
          g_assert_not_reached ();
        }
      for (guint m = 0; m < n_derivs; m++)
        out[m * stride + i] = f[m];
    }
}

const char *
pl_activation_to_string (PlActivation act)
{
  g_return_val_if_fail (act < PL_N_ACTIVATIONS, NULL);

  return activation_names[act];
}

gboolean
pl_activation_from_string (const char    *name,
                           PlActivation  *act,
                           GError       **error)
{
  g_return_val_if_fail (name != NULL && act != NULL, FALSE);

  for (guint i = 0; i < PL_N_ACTIVATIONS; i++)
    if (g_ascii_strcasecmp (name, activation_names[i]) == 0)
      {
        *act = (PlActivation) i;
        return TRUE;
      }
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "unknown activation \"%s\"; known are identity, tanh, sin, silu, gelu", name);
  return FALSE;
}
