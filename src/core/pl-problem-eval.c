/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The per-step functions (residual, its adjoint, the hard-constraint transform and its
 * adjoint), chunk by chunk in the workspaces made at construction, and the samplers of
 * interior, face and periodic points.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-problem.h"
#include "pl-error.h"
#include "pl-expr.h"
#include "pl-jet.h"
#include "pl-sampler.h"
#include "pl-problem-private.h"

#include <string.h>

/* Point every variable the term's expressions may read at points [start, start + c). */
static void
bind_chunk (PlProblem           *p,
            const PlProblemTerm *term,
            const double        *x,
            const double        *u_jets,
            gsize                B,
            gsize                start,
            gsize                c)
{
  guint K = p->spec.n_components;

  for (guint j = 0; j < p->d; j++)
    p->vars[j] = p->cvars[j] = x + j * B + start;
  if (u_jets != NULL)
    for (guint o = 0; o < p->m; o++)
      for (guint k = 0; k < K; k++)
        p->vars[p->comp_var[o][k]] = u_jets + ((gsize) o * K + k) * B + start;
  for (guint f = 0; f < p->n_forcing; f++)
    if (term->forcing_used & (1u << f))
      {
        double *out = p->ws_forcing + (gsize) f * PL_PROBLEM_CHUNK;

        pl_expr_eval (p->forcing[f], p->cvars, c, out);
        p->vars[p->forcing_var[f]] = out;
      }
}

static const PlProblemTerm *
active_term (const PlProblem *p,
             guint            term)
{
  return &p->terms[p->active[term]];
}

void
pl_problem_residual (PlProblem    *problem,
                     guint         term,
                     const double *x,
                     const double *u_jets,
                     gsize         B,
                     double       *r)
{
  const PlProblemTerm *t;
  gsize n;

  g_return_if_fail (problem != NULL && term < problem->n_active);
  g_return_if_fail (B == 0 || (x != NULL && u_jets != NULL && r != NULL));

  t = active_term (problem, term);
  g_return_if_fail (t->kind != PL_TERM_PERIODIC || B % 2 == 0);
  n = t->kind == PL_TERM_PERIODIC ? B / 2 : B;

  for (gsize off = 0; off < n; off += PL_PROBLEM_CHUNK)
    {
      gsize c = MIN (PL_PROBLEM_CHUNK, n - off);

      bind_chunk (problem, t, x, u_jets, B, off, c);
      for (guint q = 0; q < t->n_eq; q++)
        pl_expr_eval (t->eq[q].expr, problem->vars, c, r + q * n + off);
      if (t->kind != PL_TERM_PERIODIC)
        continue;
      bind_chunk (problem, t, x, u_jets, B, n + off, c);
      for (guint q = 0; q < t->n_eq; q++)
        {
          double *rq = r + q * n + off;

          pl_expr_eval (t->eq[q].expr, problem->vars, c, problem->ws_tmp);
          for (gsize i = 0; i < c; i++)
            rq[i] -= problem->ws_tmp[i];
        }
    }
}

/* u_adjoint[c][start + i] += sign r_adjoint[q][i] de_q/du_c for the bound chunk. */
static void
adjoint_chunk (PlProblem           *p,
               const PlProblemTerm *t,
               gsize                B,
               gsize                start,
               gsize                c,
               double               sign,
               const double        *r_adjoint,
               double              *u_adjoint)
{
  guint K = p->spec.n_components;

  for (guint q = 0; q < t->n_eq; q++)
    {
      const PlProblemEquation *eq = &t->eq[q];
      const double *ra = r_adjoint + q * (t->kind == PL_TERM_PERIODIC ? B / 2 : B);

      for (guint i = 0; i < eq->n_partials; i++)
        {
          const PlProblemPartial *pp = &eq->partials[i];
          double *ua = u_adjoint + ((gsize) pp->output * K + pp->component) * B + start;

          if (pp->is_const)
            {
              double v = sign * pp->value;

              for (gsize b = 0; b < c; b++)
                ua[b] += v * ra[b];
            }
          else
            {
              double *dv = p->ws_tmp;

              pl_expr_eval (pp->deriv, p->vars, c, dv);
              for (gsize b = 0; b < c; b++)
                ua[b] += sign * ra[b] * dv[b];
            }
        }
    }
}

void
pl_problem_residual_adjoint (PlProblem    *problem,
                             guint         term,
                             const double *x,
                             const double *u_jets,
                             gsize         B,
                             const double *r_adjoint,
                             double       *u_adjoint)
{
  const PlProblemTerm *t;
  gsize n;

  g_return_if_fail (problem != NULL && term < problem->n_active);
  g_return_if_fail (B == 0 || (x != NULL && u_jets != NULL && r_adjoint != NULL &&
                               u_adjoint != NULL));

  t = active_term (problem, term);
  g_return_if_fail (t->kind != PL_TERM_PERIODIC || B % 2 == 0);
  n = t->kind == PL_TERM_PERIODIC ? B / 2 : B;

  for (gsize off = 0; off < n; off += PL_PROBLEM_CHUNK)
    {
      gsize c = MIN (PL_PROBLEM_CHUNK, n - off);

      bind_chunk (problem, t, x, u_jets, B, off, c);
      adjoint_chunk (problem, t, B, off, c, 1.0, r_adjoint + off, u_adjoint);
      if (t->kind != PL_TERM_PERIODIC)
        continue;
      bind_chunk (problem, t, x, u_jets, B, n + off, c);
      adjoint_chunk (problem, t, B, n + off, c, -1.0, r_adjoint + off, u_adjoint);
    }
}

/* --- hard-constraint transform ------------------------------------------------------- */

/* out[k * c + i] = d^alpha_k E at the bound chunk. */
static void
eval_jet_expr (PlProblem              *p,
               const PlProblemJetExpr *je,
               gsize                   c,
               double                 *out)
{
  for (guint k = 0; k < p->spec.n_components; k++)
    {
      if (je->is_const[k])
        for (gsize i = 0; i < c; i++)
          out[k * c + i] = je->value[k];
      else
        pl_expr_eval (je->expr[k], p->cvars, c, out + k * c);
    }
}

static void
bind_coordinates (PlProblem    *p,
                  const double *x,
                  gsize         B,
                  gsize         start)
{
  for (guint j = 0; j < p->d; j++)
    p->cvars[j] = x + j * B + start;
}

void
pl_problem_transform (PlProblem    *problem,
                      const double *x,
                      gsize         B,
                      const double *n_jets,
                      double       *u_jets)
{
  guint K;

  g_return_if_fail (problem != NULL);
  g_return_if_fail (B == 0 || (x != NULL && n_jets != NULL && u_jets != NULL));

  K = problem->spec.n_components;
  for (guint o = 0; o < problem->m; o++)
    {
      const double *no = n_jets + (gsize) o * K * B;
      double *uo = u_jets + (gsize) o * K * B;

      if (!pl_problem_transform_active (problem) || !problem->transform_of[o])
        {
          if (uo != no)
            memcpy (uo, no, K * B * sizeof (double));
          continue;
        }
      for (gsize off = 0; off < B; off += PL_PROBLEM_CHUNK)
        {
          gsize c = MIN (PL_PROBLEM_CHUNK, B - off);
          double *wa = problem->ws_a, *wb = wa + K * c, *wn = wb + K * c;

          bind_coordinates (problem, x, B, off);
          eval_jet_expr (problem, &problem->ta[o], c, wa);
          eval_jet_expr (problem, &problem->tb[o], c, wb);
          for (guint k = 0; k < K; k++)
            memcpy (wn + k * c, no + k * B + off, c * sizeof (double));
          pl_jet_mul (&problem->spec, c, 1, wb, wn, wn);
          pl_jet_axpy (&problem->spec, c, 1, 1.0, wa, wn);
          for (guint k = 0; k < K; k++)
            memcpy (uo + k * B + off, wn + k * c, c * sizeof (double));
        }
    }
}

void
pl_problem_transform_adjoint (PlProblem    *problem,
                              const double *x,
                              gsize         B,
                              const double *u_adjoint,
                              double       *n_adjoint)
{
  guint K;

  g_return_if_fail (problem != NULL);
  g_return_if_fail (B == 0 || (x != NULL && u_adjoint != NULL && n_adjoint != NULL));
  g_return_if_fail (B == 0 || u_adjoint != n_adjoint);

  K = problem->spec.n_components;
  for (guint o = 0; o < problem->m; o++)
    {
      const double *uo = u_adjoint + (gsize) o * K * B;
      double *no = n_adjoint + (gsize) o * K * B;

      if (!pl_problem_transform_active (problem) || !problem->transform_of[o])
        {
          for (gsize i = 0; i < K * B; i++)
            no[i] += uo[i];
          continue;
        }
      for (gsize off = 0; off < B; off += PL_PROBLEM_CHUNK)
        {
          gsize c = MIN (PL_PROBLEM_CHUNK, B - off);
          double *wb = problem->ws_a, *wg = wb + K * c, *wn = wg + K * c;

          bind_coordinates (problem, x, B, off);
          eval_jet_expr (problem, &problem->tb[o], c, wb);
          for (guint k = 0; k < K; k++)
            memcpy (wg + k * c, uo + k * B + off, c * sizeof (double));
          memset (wn, 0, K * c * sizeof (double));
          /* u = A + B N: N is the second factor; the first (B) is a constant of the loss */
          pl_jet_mul_adjoint (&problem->spec, c, 1, wb, wb, wg, NULL, wn);
          for (guint k = 0; k < K; k++)
            for (gsize i = 0; i < c; i++)
              no[k * B + off + i] += wn[k * c + i];
        }
    }
}

/* --- sampling ------------------------------------------------------------------------ */

/* The free axes of a term (all but the face axis) and their bounds. */
static guint
free_box (const PlProblem     *p,
          const PlProblemTerm *t,
          double              *lower,
          double              *upper)
{
  guint n = 0;

  for (guint j = 0; j < p->d; j++)
    if ((gint) j != t->face_axis)
      {
        lower[n] = p->def.lower[j];
        upper[n] = p->def.upper[j];
        n++;
      }
  return n;
}

gsize
pl_problem_term_points (const PlProblem *problem,
                        guint            term,
                        PlSamplerKind    kind,
                        gsize            n)
{
  const PlProblemTerm *t;
  double lower[PL_PROBLEM_MAX_INPUTS], upper[PL_PROBLEM_MAX_INPUTS];
  guint shape[PL_PROBLEM_MAX_INPUTS];
  guint n_free;
  gsize count = n;

  g_return_val_if_fail (problem != NULL && term < problem->n_active, 0);

  t = active_term (problem, term);
  n_free = free_box (problem, t, lower, upper);
  if (kind == PL_SAMPLER_GRID && n_free > 0 && n > 0)
    count = pl_sampler_grid_shape (n_free, lower, upper, n, shape, NULL);
  return t->kind == PL_TERM_PERIODIC ? 2 * count : count;
}

gboolean
pl_problem_sample (const PlProblem  *problem,
                   guint             term,
                   PlSamplerKind     kind,
                   gsize             n,
                   PlRng            *rng,
                   double           *x,
                   GError          **error)
{
  const PlProblemTerm *t;
  double lower[PL_PROBLEM_MAX_INPUTS], upper[PL_PROBLEM_MAX_INPUTS];
  guint shape[PL_PROBLEM_MAX_INPUTS];
  guint n_free;
  gsize count = n, N;
  gboolean periodic, ok = TRUE;

  g_return_val_if_fail (problem != NULL && term < problem->n_active, FALSE);
  g_return_val_if_fail (x != NULL, FALSE);
  g_return_val_if_fail (rng != NULL || kind == PL_SAMPLER_GRID, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  t = active_term (problem, term);
  if (n == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "problem '%s': term '%s': 0 points requested; ask for at least 1",
                   problem->name, pl_problem_term_name (problem, term));
      return FALSE;
    }
  n_free = free_box (problem, t, lower, upper);
  if (n_free > 0)
    switch (kind)
      {
      case PL_SAMPLER_UNIFORM:
        ok = pl_sampler_uniform (n_free, lower, upper, n, rng, x, error);
        break;
      case PL_SAMPLER_LATIN_HYPERCUBE:
        ok = pl_sampler_latin_hypercube (n_free, lower, upper, n, rng, x, error);
        break;
      case PL_SAMPLER_SOBOL:
        ok = pl_sampler_sobol (n_free, lower, upper, n, 0, rng, x, error);
        break;
      case PL_SAMPLER_GRID:
        count = pl_sampler_grid_shape (n_free, lower, upper, n, shape, error);
        ok = count > 0 && pl_sampler_grid (n_free, lower, upper, shape, x, error);
        break;
      default:
        g_return_val_if_reached (FALSE);
      }
  if (!ok)
    return FALSE;
  if (t->face_axis < 0)
    return TRUE;

  /* Spread the free coordinates over the full rows (last first: a row only moves up) and
   * set the face coordinate; periodic rows hold the points twice. */
  periodic = t->kind == PL_TERM_PERIODIC;
  N = periodic ? 2 * count : count;
  for (gint j = (gint) problem->d - 1; j >= 0; j--)
    {
      gint a = t->face_axis;
      double *row = x + (gsize) j * N;

      if (j == a)
        continue;
      memmove (row, x + (gsize) (j > a ? j - 1 : j) * count, count * sizeof (double));
      if (periodic)
        memcpy (row + count, row, count * sizeof (double));
    }
  for (gsize i = 0; i < N; i++)
    {
      gboolean upper_side = periodic ? i >= count : t->face_upper;
      x[(gsize) t->face_axis * N + i] = upper_side ? problem->def.upper[t->face_axis]
                                                   : problem->def.lower[t->face_axis];
    }
  return TRUE;
}

gsize
pl_problem_eval_grid_size (const PlProblem *problem,
                           guint            n)
{
  gsize size = 1;

  g_return_val_if_fail (problem != NULL, 0);

  if (n == 0)
    n = pl_problem_get_eval_points (problem);
  for (guint j = 0; j < problem->d; j++)
    size *= n;
  return size;
}

void
pl_problem_eval_grid (const PlProblem *problem,
                      guint            n,
                      double          *x)
{
  guint shape[PL_PROBLEM_MAX_INPUTS];
  gboolean ok;

  g_return_if_fail (problem != NULL && x != NULL);

  if (n == 0)
    n = pl_problem_get_eval_points (problem);
  for (guint j = 0; j < problem->d; j++)
    shape[j] = n;
  ok = pl_sampler_grid (problem->d, problem->def.lower, problem->def.upper, shape, x, NULL);
  g_assert (ok);
}
