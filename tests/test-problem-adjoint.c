/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-problem-adjoint.c: the derivatives of the built-in problems against central
 * differences.
 *
 *  - Residual adjoints of every term of every problem against central differences of the
 *    residual, at random jets.
 *  - The hard-constraint transform: the conditions it claims to satisfy, evaluated on its
 *    output for analytic network jets; its derivative components against finite differences
 *    of its value component (Fornberg weights on Chebyshev windows, tests/reference-jet.c);
 *    its adjoint against central differences; and the identity when it is switched off.
 */
#include <plateau/plateau.h>

#include "reference-jet.h"
#include "reference.h"

#include <math.h>
#include <string.h>

/* ---- residual adjoint against central differences -------------------------------------- */

static void
test_residual_adjoint (void)
{
  const char *const *names = pl_problem_names ();
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed () + 1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(PlProblem) problem = pl_problem_new (names[i], NULL);
      guint d = pl_problem_get_n_inputs (problem), m = pl_problem_get_n_outputs (problem);
      guint K = pl_problem_get_jet_spec (problem)->n_components;

      for (guint t = 0; t < pl_problem_get_n_terms (problem); t++)
        {
          gsize B = pl_problem_term_points (problem, t, PL_SAMPLER_UNIFORM, 3);
          gsize Br = pl_problem_term_kind (problem, t) == PL_TERM_PERIODIC ? B / 2 : B;
          guint n_eq = pl_problem_term_n_equations (problem, t);
          gsize n_jets = m * K * B;
          g_autofree double *x = g_new (double, d * B);
          g_autofree double *u = g_new (double, n_jets);
          g_autofree double *c = g_new (double, n_eq * Br);
          g_autofree double *r = g_new (double, n_eq * Br);
          g_autofree double *ua = g_new0 (double, n_jets);

          g_assert_true (pl_problem_sample (problem, t, PL_SAMPLER_UNIFORM, 3, &rng, x, NULL));
          for (gsize k = 0; k < n_jets; k++)
            u[k] = 0.8 * pl_rng_normal (&rng);
          for (gsize k = 0; k < n_eq * Br; k++)
            c[k] = pl_rng_normal (&rng);
          /* ADDs: start from a known offset */
          for (gsize k = 0; k < n_jets; k++)
            ua[k] = 0.25;
          pl_problem_residual_adjoint (problem, t, x, u, B, c, ua);

          for (gsize k = 0; k < n_jets; k++)
            {
              double h = 1e-6 * MAX (1.0, fabs (u[k])), keep = u[k], lp = 0, lm = 0, fd;

              u[k] = keep + h;
              pl_problem_residual (problem, t, x, u, B, r);
              for (gsize e = 0; e < n_eq * Br; e++)
                lp += c[e] * r[e];
              u[k] = keep - h;
              pl_problem_residual (problem, t, x, u, B, r);
              for (gsize e = 0; e < n_eq * Br; e++)
                lm += c[e] * r[e];
              u[k] = keep;
              fd = (lp - lm) / (2 * h);
              if (!(fabs (ua[k] - 0.25 - fd) <= 1e-6 * (1 + fabs (fd))))
                g_error ("%s: term %s: jet entry %" G_GSIZE_FORMAT ": adjoint %.12g, "
                         "differences %.12g", names[i], pl_problem_term_name (problem, t), k,
                         ua[k] - 0.25, fd);
            }
        }
    }
}

/* ---- hard-constraint transform ----------------------------------------------------------- */

/* Jets of N_o(x) = sin(phi), phi = 0.3 + o + sum_j a_j x_j: d^alpha sin(phi) is
 * prod_j a_j^alpha_j sin(phi + |alpha| pi / 2). */
static void
analytic_jets (const PlJetSpec *spec,
               guint            m,
               const double    *x,
               gsize            B,
               double          *jets)
{
  static const double a[3] = { 0.7, -0.4, 0.5 };
  guint K = spec->n_components;

  for (guint o = 0; o < m; o++)
    for (guint k = 0; k < K; k++)
      for (gsize b = 0; b < B; b++)
        {
          double phi = 0.3 + o, f = 1;
          guint total = 0;

          for (guint j = 0; j < spec->n_inputs; j++)
            {
              phi += a[j] * x[j * B + b];
              f *= pow (a[j], spec->alpha[k][j]);
              total += spec->alpha[k][j];
            }
          jets[(o * K + k) * B + b] = f * sin (phi + total * G_PI / 2);
        }
}

static void
check_transform (const char *name)
{
  g_autoptr(PlProblem) problem = pl_problem_new (name, NULL);
  const PlProblemDef *def = pl_problem_get_def (problem);
  const PlJetSpec *spec = pl_problem_get_jet_spec (problem);
  guint d = pl_problem_get_n_inputs (problem), m = pl_problem_get_n_outputs (problem);
  guint K = spec->n_components, n_all = pl_problem_get_n_terms (problem), n_hard = 0;
  double lower[3], upper[3];
  enum { B = 5 };
  double x[3 * B], nj[4 * 11 * B], uj[4 * 11 * B], c[4 * 11 * B], na[4 * 11 * B];
  gsize n_jets = (gsize) m * K * B;
  PlRng rng;

  g_assert_true (pl_problem_has_transform (problem));
  pl_rng_init (&rng, ref_test_seed () + 2);
  pl_problem_get_bounds (problem, lower, upper);

  /* the terms it satisfies: they vanish on its output for any N */
  for (guint t = 0; t < PL_PROBLEM_MAX_TERMS && def->terms[t].name != NULL; t++)
    {
      gint term = pl_problem_find_term (problem, def->terms[t].name);
      guint n_eq = pl_problem_term_n_equations (problem, term);
      double xf[3 * 8], r[4 * 8];
      gsize P = pl_problem_term_points (problem, term, PL_SAMPLER_UNIFORM, 8);

      if (!def->terms[t].hard)
        continue;
      n_hard++;
      g_assert_true (pl_problem_sample (problem, term, PL_SAMPLER_UNIFORM, 8, &rng, xf, NULL));
      analytic_jets (spec, m, xf, P, nj);
      g_assert_true (pl_problem_set_hard_constraints (problem, TRUE, NULL));
      pl_problem_transform (problem, xf, P, nj, uj);
      g_assert_true (pl_problem_set_hard_constraints (problem, FALSE, NULL));
      pl_problem_residual (problem, term, xf, uj, P, r);
      for (gsize e = 0; e < n_eq * P; e++)
        g_assert_cmpfloat (fabs (r[e]), <=, 1e-12);
    }
  g_assert_cmpuint (n_hard, >, 0);
  g_assert_true (pl_problem_set_hard_constraints (problem, TRUE, NULL));
  g_assert_true (pl_problem_transform_active (problem));
  g_assert_cmpuint (pl_problem_get_n_terms (problem), ==, n_all - n_hard);

  /* forward: the derivative components are derivatives of the value component */
  g_assert_true (pl_problem_sample (problem, 0, PL_SAMPLER_UNIFORM, B, &rng, x, NULL));
  analytic_jets (spec, m, x, B, nj);
  pl_problem_transform (problem, x, B, nj, uj);
  for (gsize p = 0; p < B; p++)
    for (guint k = 1; k < K; k++)
      for (guint o = 0; o < m; o++)
        {
          /* nested differences of U_0 on a Chebyshev window, as in ref_problem_exact_jets */
          double w[3], weights[3][REF_FD_NODES * 4], fd = 0;
          gsize S = 1;
          g_autofree double *xs = NULL, *ns = NULL, *us = NULL;

          for (guint j = 0; j < d; j++)
            {
              double nodes[REF_FD_NODES], cen;

              w[j] = 0.02 * (upper[j] - lower[j]);
              cen = CLAMP (x[j * B + p], lower[j] + w[j], upper[j] - w[j]);
              for (guint i = 0; i < REF_FD_NODES; i++)
                nodes[i] = cen + w[j] * cos (G_PI * (2 * i + 1) / (2.0 * REF_FD_NODES));
              ref_fornberg (x[j * B + p], nodes, REF_FD_NODES, 3, weights[j]);
              S *= REF_FD_NODES;
            }
          xs = g_new (double, d * S);
          ns = g_new (double, m * K * S);
          us = g_new (double, m * K * S);
          for (gsize s = 0; s < S; s++)
            for (guint j = 0, idx = (guint) s; j < d; j++, idx /= REF_FD_NODES)
              {
                double cen = CLAMP (x[j * B + p], lower[j] + w[j], upper[j] - w[j]);
                xs[j * S + s] = cen + w[j] * cos (G_PI * (2 * (idx % REF_FD_NODES) + 1)
                                                  / (2.0 * REF_FD_NODES));
              }
          analytic_jets (spec, m, xs, S, ns);
          pl_problem_transform (problem, xs, S, ns, us);
          for (gsize s = 0; s < S; s++)
            {
              double wt = 1;

              for (guint j = 0, idx = (guint) s; j < d; j++, idx /= REF_FD_NODES)
                wt *= weights[j][(idx % REF_FD_NODES) * 4 + spec->alpha[k][j]];
              fd += wt * us[(o * K) * S + s];
            }
          if (!(fabs (uj[(o * K + k) * B + p] - fd) <= 1e-7 * (1 + fabs (fd))))
            g_error ("%s: transform component %s of output %u: jets %.12g, differences %.12g",
                     name, spec->names[k], o, uj[(o * K + k) * B + p], fd);
        }

  /* reverse: dL/dN for L = sum c U, against central differences (U is affine in N) */
  for (gsize k = 0; k < n_jets; k++)
    {
      c[k] = pl_rng_normal (&rng);
      na[k] = 0.5;
    }
  pl_problem_transform_adjoint (problem, x, B, c, na);
  for (gsize k = 0; k < n_jets; k++)
    {
      double keep = nj[k], lp = 0, lm = 0, h = 1e-3, fd;

      nj[k] = keep + h;
      pl_problem_transform (problem, x, B, nj, uj);
      for (gsize e = 0; e < n_jets; e++)
        lp += c[e] * uj[e];
      nj[k] = keep - h;
      pl_problem_transform (problem, x, B, nj, uj);
      for (gsize e = 0; e < n_jets; e++)
        lm += c[e] * uj[e];
      nj[k] = keep;
      fd = (lp - lm) / (2 * h);
      g_assert_cmpfloat (fabs (na[k] - 0.5 - fd), <=, 1e-9 * (1 + fabs (fd)));
    }

  /* off: a copy, and its reverse an addition */
  g_assert_true (pl_problem_set_hard_constraints (problem, FALSE, NULL));
  g_assert_cmpuint (pl_problem_get_n_terms (problem), ==, n_all);
  pl_problem_transform (problem, x, B, nj, uj);
  g_assert_cmpmem (uj, n_jets * sizeof (double), nj, n_jets * sizeof (double));
  memset (na, 0, sizeof na);
  pl_problem_transform_adjoint (problem, x, B, c, na);
  g_assert_cmpmem (na, n_jets * sizeof (double), c, n_jets * sizeof (double));
}

static void
test_transform (void)
{
  const char *const *names = pl_problem_names ();
  guint n = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(PlProblem) problem = pl_problem_new (names[i], NULL);
      g_autoptr(GError) error = NULL;

      if (!pl_problem_has_transform (problem))
        {
          g_assert_false (pl_problem_set_hard_constraints (problem, TRUE, &error));
          g_assert_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED);
          continue;
        }
      check_transform (names[i]);
      n++;
    }
  g_assert_cmpuint (n, >=, 8);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Problem/residual-adjoint", test_residual_adjoint);
  g_test_add_func ("/Plateau/Problem/transform", test_transform);

  return g_test_run ();
}
