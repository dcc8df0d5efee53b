/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-reference.h"
#include "pl-error.h"

#include <lapacke.h>
#include <math.h>

/* Orthonormal Hermite functions psi_j(z) = p_j(z) exp(-z^2 / 2), p_j orthonormal for the
 * weight exp(-z^2): psi_0 = pi^(-1/4) exp(-z^2/2), psi_j = z sqrt(2/j) psi_{j-1}
 * - sqrt((j-1)/j) psi_{j-2}. Carrying the Gaussian factor keeps every term O(1) where the
 * bare polynomials overflow (|z| ~ 30 for n = 512). Returns psi_n, sets *psi_nm1. */
static double
hermite_function (guint   n,
                  double  z,
                  double *psi_nm1)
{
  double p0 = 0.0, p1 = pow (G_PI, -0.25) * exp (-0.5 * z * z);

  for (guint j = 1; j <= n; j++)
    {
      double p2 = z * sqrt (2.0 / j) * p1 - sqrt ((j - 1.0) / j) * p0;

      p0 = p1;
      p1 = p2;
    }
  *psi_nm1 = p0;
  return p1;
}

gboolean
pl_gauss_hermite (guint    n,
                  double  *nodes,
                  double  *weights,
                  double  *log_weights,
                  GError **error)
{
  g_autofree double *offdiag = NULL;
  lapack_int info;

  g_return_val_if_fail (nodes != NULL, FALSE);

  if (n == 0 || n > PL_GAUSS_HERMITE_MAX_NODES)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_gauss_hermite: n = %u nodes; allowed are 1 to %u", n,
                   PL_GAUSS_HERMITE_MAX_NODES);
      return FALSE;
    }

  /* Golub-Welsch: the nodes are the eigenvalues of the symmetric tridiagonal Jacobi matrix of
   * the recurrence z p_j = sqrt((j+1)/2) p_{j+1} + sqrt(j/2) p_{j-1}. */
  offdiag = g_new0 (double, MAX (n, 2));
  for (guint j = 0; j < n; j++)
    nodes[j] = 0.0;
  for (guint j = 1; j < n; j++)
    offdiag[j - 1] = sqrt (0.5 * j);
  info = LAPACKE_dstev (LAPACK_COL_MAJOR, 'N', (lapack_int) n, nodes, offdiag, NULL, 1);
  if (info != 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                   "pl_gauss_hermite: the eigenvalue solver (dstev) failed with info = %d "
                   "for n = %u", (int) info, n);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      double z = nodes[i], psi_nm1 = 0.0;

      /* The eigenvalues are accurate to about eps * sqrt(2n) in absolute terms; Newton on
       * psi_n (p_n' = sqrt(2n) p_{n-1}) restores full relative accuracy and gives psi_{n-1} at
       * the polished node for the weight. */
      for (guint it = 0; it < 8; it++)
        {
          double psi_n = hermite_function (n, z, &psi_nm1);
          double dz = psi_n / (sqrt (2.0 * n) * psi_nm1);

          z -= dz;
          if (fabs (dz) <= 1e-16 * MAX (1.0, fabs (z)))
            break;
        }
      hermite_function (n, z, &psi_nm1);
      nodes[i] = z;
      /* w = 1 / (n p_{n-1}(z)^2) (Numerical Recipes 3rd ed., Sec. 4.6), in terms of psi. */
      if (log_weights != NULL)
        log_weights[i] = -z * z - log ((double) n) - 2.0 * log (fabs (psi_nm1));
      if (weights != NULL)
        weights[i] = exp (-z * z) / (n * psi_nm1 * psi_nm1);
    }

  /* The rule is symmetric; make it exactly so, which makes odd integrands vanish exactly. */
  for (guint i = 0; i < n / 2; i++)
    {
      guint j = n - 1 - i;
      double z = 0.5 * (nodes[j] - nodes[i]);

      nodes[i] = -z;
      nodes[j] = z;
      if (log_weights != NULL)
        log_weights[i] = log_weights[j] = 0.5 * (log_weights[i] + log_weights[j]);
      if (weights != NULL)
        weights[i] = weights[j] = 0.5 * (weights[i] + weights[j]);
    }
  if (n % 2 == 1)
    nodes[n / 2] = 0.0;
  return TRUE;
}
