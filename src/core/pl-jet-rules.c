/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The jet rules (Faa di Bruno for elementwise functions, Leibniz for products) and their
 * reverse rules. Every loop is innermost over the batch so it runs over contiguous arrays.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-jet.h"

/* The rules are streaming loops over the batch, run for every layer of every pass: compile
 * them for AVX2 too (no FMA, so every clone rounds alike) and let the loader pick. */
#if HAVE_TARGET_CLONES
# define JET_HOT __attribute__ ((target_clones ("avx2", "default")))
#else
# define JET_HOT
#endif

/* Row m of a derivative table, at unit w. */
static inline const double *
deriv_row (const double *derivs,
           guint         m,
           gsize         width,
           gsize         batch,
           gsize         w)
{
  return derivs + (m * width + w) * batch;
}

JET_HOT void
pl_jet_apply (const PlJetSpec *spec,
              gsize            batch,
              gsize            width,
              const double    *derivs,
              const double    *u,
              double          *out)
{
  gsize K = spec->n_components;
  guint d = spec->n_inputs;

  for (gsize w = 0; w < width; w++)
    {
      const double *uw = u + w * K * batch;
      double *ow = out + w * K * batch;
      const double *f0 = deriv_row (derivs, 0, width, batch, w);

      /* Highest components first: each output component reads only input components of the
       * same or lower order, so writing in this order lets @out be @u. */
      if (spec->third >= 0)
        {
          guint a = (guint) spec->third_axis;
          const double *f1 = deriv_row (derivs, 1, width, batch, w);
          const double *f2 = deriv_row (derivs, 2, width, batch, w);
          const double *f3 = deriv_row (derivs, 3, width, batch, w);
          const double *ua = uw + spec->first[a] * batch;
          const double *uaa = uw + spec->second[a][a] * batch;
          const double *uaaa = uw + spec->third * batch;
          double *o = ow + spec->third * batch;

          for (gsize b = 0; b < batch; b++)
            o[b] = f3[b] * ua[b] * ua[b] * ua[b] + 3.0 * f2[b] * ua[b] * uaa[b]
                   + f1[b] * uaaa[b];
        }
      if (spec->order >= 2)
        {
          const double *f1 = deriv_row (derivs, 1, width, batch, w);
          const double *f2 = deriv_row (derivs, 2, width, batch, w);

          for (guint i = 0; i < d; i++)
            for (guint j = i; j < d; j++)
              {
                const double *ui = uw + spec->first[i] * batch;
                const double *uj = uw + spec->first[j] * batch;
                const double *uij = uw + spec->second[i][j] * batch;
                double *o = ow + spec->second[i][j] * batch;

                for (gsize b = 0; b < batch; b++)
                  o[b] = f2[b] * ui[b] * uj[b] + f1[b] * uij[b];
              }
        }
      if (spec->order >= 1)
        {
          const double *f1 = deriv_row (derivs, 1, width, batch, w);

          for (guint i = 0; i < d; i++)
            {
              const double *ui = uw + spec->first[i] * batch;
              double *o = ow + spec->first[i] * batch;

              for (gsize b = 0; b < batch; b++)
                o[b] = f1[b] * ui[b];
            }
        }
      for (gsize b = 0; b < batch; b++)
        ow[b] = f0[b];
    }
}

JET_HOT void
pl_jet_apply_adjoint (const PlJetSpec *spec,
                      gsize            batch,
                      gsize            width,
                      const double    *derivs,
                      const double    *u,
                      const double    *out_adjoint,
                      double          *in_adjoint)
{
  gsize K = spec->n_components;
  guint d = spec->n_inputs;

  for (gsize w = 0; w < width; w++)
    {
      const double *uw = u + w * K * batch;
      const double *gw = out_adjoint + w * K * batch;
      double *bw = in_adjoint + w * K * batch;
      const double *f1 = deriv_row (derivs, 1, width, batch, w);

      for (gsize b = 0; b < batch; b++)
        bw[b] += f1[b] * gw[b];

      if (spec->order >= 1)
        {
          const double *f2 = deriv_row (derivs, 2, width, batch, w);

          for (guint i = 0; i < d; i++)
            {
              const double *ui = uw + spec->first[i] * batch;
              const double *gi = gw + spec->first[i] * batch;
              double *bi = bw + spec->first[i] * batch;

              for (gsize b = 0; b < batch; b++)
                {
                  bw[b] += f2[b] * gi[b] * ui[b];
                  bi[b] += f1[b] * gi[b];
                }
            }
        }

      if (spec->order >= 2)
        {
          const double *f2 = deriv_row (derivs, 2, width, batch, w);
          const double *f3 = deriv_row (derivs, 3, width, batch, w);

          for (guint i = 0; i < d; i++)
            for (guint j = i; j < d; j++)
              {
                const double *ui = uw + spec->first[i] * batch;
                const double *uj = uw + spec->first[j] * batch;
                const double *uij = uw + spec->second[i][j] * batch;
                const double *gij = gw + spec->second[i][j] * batch;
                double *bi = bw + spec->first[i] * batch;
                double *bj = bw + spec->first[j] * batch;
                double *bij = bw + spec->second[i][j] * batch;

                /* d(f'' u_i u_j)/du_i = f'' u_j and d/du_j = f'' u_i; for i = j both land
                 * on the same component, giving 2 f'' u_i. */
                for (gsize b = 0; b < batch; b++)
                  {
                    bw[b] += gij[b] * (f3[b] * ui[b] * uj[b] + f2[b] * uij[b]);
                    bi[b] += f2[b] * gij[b] * uj[b];
                    bj[b] += f2[b] * gij[b] * ui[b];
                    bij[b] += f1[b] * gij[b];
                  }
              }
        }

      if (spec->third >= 0)
        {
          guint a = (guint) spec->third_axis;
          const double *f2 = deriv_row (derivs, 2, width, batch, w);
          const double *f3 = deriv_row (derivs, 3, width, batch, w);
          const double *f4 = deriv_row (derivs, 4, width, batch, w);
          const double *ua = uw + spec->first[a] * batch;
          const double *uaa = uw + spec->second[a][a] * batch;
          const double *uaaa = uw + spec->third * batch;
          const double *g3 = gw + spec->third * batch;
          double *ba = bw + spec->first[a] * batch;
          double *baa = bw + spec->second[a][a] * batch;
          double *baaa = bw + spec->third * batch;

          for (gsize b = 0; b < batch; b++)
            {
              double a1 = ua[b], a2 = uaa[b];

              bw[b] += g3[b] * (f4[b] * a1 * a1 * a1 + 3.0 * f3[b] * a1 * a2 + f2[b] * uaaa[b]);
              ba[b] += 3.0 * g3[b] * (f3[b] * a1 * a1 + f2[b] * a2);
              baa[b] += 3.0 * g3[b] * f2[b] * a1;
              baaa[b] += g3[b] * f1[b];
            }
        }
    }
}

JET_HOT void
pl_jet_mul (const PlJetSpec *spec,
            gsize            batch,
            gsize            width,
            const double    *u,
            const double    *v,
            double          *out)
{
  gsize K = spec->n_components;
  guint d = spec->n_inputs;

  for (gsize w = 0; w < width; w++)
    {
      const double *uw = u + w * K * batch;
      const double *vw = v + w * K * batch;
      double *ow = out + w * K * batch;

      /* Highest components first, so that @out may alias @u or @v (see pl_jet_apply). */
      if (spec->third >= 0)
        {
          guint a = (guint) spec->third_axis;
          gsize ka = (gsize) spec->first[a] * batch, kaa = (gsize) spec->second[a][a] * batch;
          gsize k3 = (gsize) spec->third * batch;

          for (gsize b = 0; b < batch; b++)
            ow[k3 + b] = uw[k3 + b] * vw[b] + 3.0 * uw[kaa + b] * vw[ka + b]
                         + 3.0 * uw[ka + b] * vw[kaa + b] + uw[b] * vw[k3 + b];
        }
      if (spec->order >= 2)
        for (guint i = 0; i < d; i++)
          for (guint j = i; j < d; j++)
            {
              gsize ki = (gsize) spec->first[i] * batch, kj = (gsize) spec->first[j] * batch;
              gsize kij = (gsize) spec->second[i][j] * batch;

              for (gsize b = 0; b < batch; b++)
                ow[kij + b] = uw[kij + b] * vw[b] + uw[ki + b] * vw[kj + b]
                              + uw[kj + b] * vw[ki + b] + uw[b] * vw[kij + b];
            }
      if (spec->order >= 1)
        for (guint i = 0; i < d; i++)
          {
            gsize ki = (gsize) spec->first[i] * batch;

            for (gsize b = 0; b < batch; b++)
              ow[ki + b] = uw[ki + b] * vw[b] + uw[b] * vw[ki + b];
          }
      for (gsize b = 0; b < batch; b++)
        ow[b] = uw[b] * vw[b];
    }
}

/* bar += (dw/du)^T g for w = u v, which depends on v only (w is bilinear). */
static void
mul_adjoint_one (const PlJetSpec *spec,
                 gsize            batch,
                 gsize            width,
                 const double    *v,
                 const double    *g,
                 double          *bar)
{
  gsize K = spec->n_components;
  guint d = spec->n_inputs;

  for (gsize w = 0; w < width; w++)
    {
      const double *vw = v + w * K * batch;
      const double *gw = g + w * K * batch;
      double *bw = bar + w * K * batch;

      /* dw_k/du_0 = v_k for every component k. */
      for (gsize k = 0; k < K; k++)
        for (gsize b = 0; b < batch; b++)
          bw[b] += gw[k * batch + b] * vw[k * batch + b];

      if (spec->order >= 1)
        for (guint i = 0; i < d; i++)
          {
            gsize ki = (gsize) spec->first[i] * batch;

            for (gsize b = 0; b < batch; b++)
              bw[ki + b] += gw[ki + b] * vw[b];
          }
      if (spec->order >= 2)
        for (guint i = 0; i < d; i++)
          for (guint j = i; j < d; j++)
            {
              gsize ki = (gsize) spec->first[i] * batch, kj = (gsize) spec->first[j] * batch;
              gsize kij = (gsize) spec->second[i][j] * batch;

              /* w_ij holds u_i v_j + u_j v_i: for i = j that is 2 u_i v_i. */
              for (gsize b = 0; b < batch; b++)
                {
                  bw[ki + b] += gw[kij + b] * vw[kj + b];
                  bw[kj + b] += gw[kij + b] * vw[ki + b];
                  bw[kij + b] += gw[kij + b] * vw[b];
                }
            }
      if (spec->third >= 0)
        {
          guint a = (guint) spec->third_axis;
          gsize ka = (gsize) spec->first[a] * batch, kaa = (gsize) spec->second[a][a] * batch;
          gsize k3 = (gsize) spec->third * batch;

          for (gsize b = 0; b < batch; b++)
            {
              bw[ka + b] += 3.0 * gw[k3 + b] * vw[kaa + b];
              bw[kaa + b] += 3.0 * gw[k3 + b] * vw[ka + b];
              bw[k3 + b] += gw[k3 + b] * vw[b];
            }
        }
    }
}

JET_HOT void
pl_jet_mul_adjoint (const PlJetSpec *spec,
                    gsize            batch,
                    gsize            width,
                    const double    *u,
                    const double    *v,
                    const double    *out_adjoint,
                    double          *u_adjoint,
                    double          *v_adjoint)
{
  if (u_adjoint != NULL)
    mul_adjoint_one (spec, batch, width, v, out_adjoint, u_adjoint);
  if (v_adjoint != NULL)
    mul_adjoint_one (spec, batch, width, u, out_adjoint, v_adjoint);
}
