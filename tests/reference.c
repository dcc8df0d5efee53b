/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dense gate matrices by Kronecker embedding. For a gate on wires w0 (and w1) of n qubits,
 * the full matrix is G (x) I on the other qubits after reordering the tensor factors:
 *   <r| U |c> = G[g(r), g(c)]  if r and c agree on every bit outside the gate's wires,
 *             = 0              otherwise,
 * where g(i) = bit w0 of i + 2 * bit w1 of i indexes the gate's own basis (pl-gate.h).
 *
 * Also the small helpers several test programs share: random states and angles, a checked
 * pl_state_new, and comparisons of states and vectors.
 */
#include "reference.h"

#include <math.h>
#include <string.h>

static guint
bit (gsize i,
     guint w)
{
  return (guint) ((i >> w) & 1);
}

void
ref_gate_full_matrix (guint         n,
                      PlGate        gate,
                      const guint  *wires,
                      const double *params,
                      double       *re,
                      double       *im)
{
  const PlGateInfo *info = pl_gate_info (gate);
  gsize dim = (gsize) 1 << n;
  gsize gdim = (gsize) 1 << info->n_wires;
  gsize others = dim - 1;
  double gre[16], gim[16];

  pl_gate_matrix (gate, params, gre, gim);
  for (guint k = 0; k < info->n_wires; k++)
    others &= ~((gsize) 1 << wires[k]);

  for (gsize r = 0; r < dim; r++)
    for (gsize c = 0; c < dim; c++)
      {
        gsize gr = 0, gc = 0;

        re[r * dim + c] = 0;
        im[r * dim + c] = 0;
        if ((r & others) != (c & others))
          continue;
        for (guint k = 0; k < info->n_wires; k++)
          {
            gr |= (gsize) bit (r, wires[k]) << k;
            gc |= (gsize) bit (c, wires[k]) << k;
          }
        re[r * dim + c] = gre[gr * gdim + gc];
        im[r * dim + c] = gim[gr * gdim + gc];
      }
}

void
ref_matvec (gsize         dim,
            const double *mre,
            const double *mim,
            double       *vre,
            double       *vim)
{
  g_autofree double *ore = g_new0 (double, dim);
  g_autofree double *oim = g_new0 (double, dim);

  for (gsize r = 0; r < dim; r++)
    {
      double sr = 0, si = 0;

      for (gsize c = 0; c < dim; c++)
        {
          double ar = mre[r * dim + c], ai = mim[r * dim + c];

          sr += ar * vre[c] - ai * vim[c];
          si += ar * vim[c] + ai * vre[c];
        }
      ore[r] = sr;
      oim[r] = si;
    }
  memcpy (vre, ore, dim * sizeof (double));
  memcpy (vim, oim, dim * sizeof (double));
}

void
ref_apply_gate (guint         n,
                PlGate        gate,
                const guint  *wires,
                const double *params,
                double       *vre,
                double       *vim)
{
  gsize dim = (gsize) 1 << n;
  g_autofree double *mre = g_new (double, dim * dim);
  g_autofree double *mim = g_new (double, dim * dim);

  ref_gate_full_matrix (n, gate, wires, params, mre, mim);
  ref_matvec (dim, mre, mim, vre, vim);
}

void
ref_random_state (PlRng  *rng,
                  gsize   dim,
                  double *re,
                  double *im)
{
  double norm2 = 0, scale;

  for (gsize a = 0; a < dim; a++)
    {
      re[a] = pl_rng_normal (rng);
      im[a] = pl_rng_normal (rng);
      norm2 += re[a] * re[a] + im[a] * im[a];
    }
  scale = 1.0 / sqrt (norm2);
  for (gsize a = 0; a < dim; a++)
    {
      re[a] *= scale;
      im[a] *= scale;
    }
}

void
ref_random_states (PlRng   *rng,
                   PlState *state,
                   double  *re,
                   double  *im)
{
  for (gsize b = 0; b < state->batch; b++)
    {
      ref_random_state (rng, state->dim, re + b * state->dim, im + b * state->dim);
      pl_state_set_element (state, b, re + b * state->dim, im + b * state->dim);
    }
}

double
ref_random_angle (PlRng *rng)
{
  return (pl_rng_uniform (rng) * 2 - 1) * 2 * G_PI;
}

PlState *
ref_state_new (guint n,
               gsize batch)
{
  g_autoptr(GError) error = NULL;
  PlState *state = pl_state_new (n, batch, &error);

  g_assert_no_error (error);
  g_assert_nonnull (state);
  return state;
}

void
ref_assert_element (const PlState *state,
                    gsize          b,
                    const double  *re,
                    const double  *im,
                    double         tol)
{
  g_autofree double *gre = g_new (double, state->dim);
  g_autofree double *gim = g_new (double, state->dim);

  pl_state_get_element (state, b, gre, gim);
  for (gsize a = 0; a < state->dim; a++)
    {
      g_assert_cmpfloat (fabs (gre[a] - re[a]), <=, tol);
      g_assert_cmpfloat (fabs (gim[a] - im[a]), <=, tol);
    }
}

double
ref_max_abs_diff (gsize         n,
                  const double *a,
                  const double *b)
{
  double m = 0.0;

  for (gsize i = 0; i < n; i++)
    m = MAX (m, fabs (a[i] - b[i]));
  return m;
}
