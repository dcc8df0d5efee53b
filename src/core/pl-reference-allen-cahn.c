/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-reference.h"
#include "pl-error.h"

#include <complex.h>
#include <fftw3.h>
#include <math.h>
#include <string.h>

#define CONTOUR_POINTS 32
#define MAX_POINTS     65536
#define MAX_TIMES      1000000

/* FFTW's planner is not thread-safe (FFTW manual, "Thread safety"); executing plans is. This
 * lock only serialises plan creation and destruction across threads. */
static GMutex fftw_planner_lock;

typedef struct {
  gsize         n;       /* grid points N */
  gsize         nk;      /* N/2 + 1 Fourier modes */
  double        gamma;
  double       *ur;      /* N real scratch values */
  fftw_complex *uc;      /* nk scratch coefficients */
  fftw_plan     forward; /* ur -> uc */
  fftw_plan     inverse; /* uc -> ur */
  /* ETDRK4 coefficients per mode (real because L is real) */
  double       *e, *e2, *q, *f1, *f2, *f3;
  /* Spectra as interleaved (re, im) pairs, 2 nk doubles each: the ETDRK4 coefficients are
   * real, so both parts get the same update. */
  double       *v, *a, *b, *c, *nv, *na, *nb, *nc;
} Etdrk4;

void
pl_allen_cahn_params_init (PlAllenCahnParams *params)
{
  g_return_if_fail (params != NULL);

  params->eps = 1e-4;
  params->gamma = 5.0;
  params->n_points = 512;
  params->t_end = 1.0;
  params->n_times = 201;
  params->dt = 1e-4;
}

static gboolean
check_positive (const char  *what,
                double       value,
                gboolean     zero_ok,
                GError     **error)
{
  if (isfinite (value) && (value > 0.0 || (zero_ok && value == 0.0)))
    return TRUE;
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "pl_allen_cahn_ref_new: %s = %g; it must be finite and %s", what, value,
               zero_ok ? ">= 0" : "> 0");
  return FALSE;
}

static gboolean
check_params (const PlAllenCahnParams  *p,
              GError                  **error)
{
  if (!check_positive ("eps", p->eps, FALSE, error)
      || !check_positive ("gamma", p->gamma, TRUE, error)
      || !check_positive ("t_end", p->t_end, FALSE, error)
      || !check_positive ("dt", p->dt, FALSE, error))
    return FALSE;
  if (p->n_points < 16 || p->n_points > MAX_POINTS || p->n_points % 2 != 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_allen_cahn_ref_new: n_points = %u; it must be even and between 16 and %u",
                   p->n_points, MAX_POINTS);
      return FALSE;
    }
  if (p->n_times < 2 || p->n_times > MAX_TIMES)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_allen_cahn_ref_new: n_times = %u; allowed are 2 to %u (t = 0 and t_end "
                   "are always snapshots)", p->n_times, MAX_TIMES);
      return FALSE;
    }
  if ((p->t_end / (p->n_times - 1)) / p->dt > 1e9)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "pl_allen_cahn_ref_new: dt = %g would take more than 1e9 steps per "
                   "snapshot interval of %g", p->dt, p->t_end / (p->n_times - 1));
      return FALSE;
    }
  return TRUE;
}

/* Kassam & Trefethen (2005), eq. (2.5) and their kursiv.m: the phi-functions of z = L h as
 * means over points on a circle around z, which avoids the cancellation of the explicit
 * formulas for small |z|. */
static void
etdrk4_coefficients (Etdrk4 *s,
                     double  eps,
                     double  h)
{
  for (gsize m = 0; m < s->nk; m++)
    {
      double k = G_PI * (double) m;
      double lh = -eps * k * k * h;
      double complex sq = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;

      for (guint j = 0; j < CONTOUR_POINTS; j++)
        {
          /* Upper half circle only: L is real, so the lower half gives the conjugates and the
           * real part of the mean over the upper half is the full mean. */
          double complex z = lh + cexp (I * G_PI * (j + 0.5) / CONTOUR_POINTS);
          double complex ez = cexp (z), z3 = z * z * z;

          sq += (cexp (z / 2.0) - 1.0) / z;
          s1 += (-4.0 - z + ez * (4.0 - 3.0 * z + z * z)) / z3;
          s2 += (2.0 + z + ez * (z - 2.0)) / z3;
          s3 += (-4.0 - 3.0 * z - z * z + ez * (4.0 - z)) / z3;
        }
      s->e[m] = exp (lh);
      s->e2[m] = exp (lh / 2.0);
      s->q[m] = h * creal (sq) / CONTOUR_POINTS;
      s->f1[m] = h * creal (s1) / CONTOUR_POINTS;
      s->f2[m] = h * creal (s2) / CONTOUR_POINTS;
      s->f3[m] = h * creal (s3) / CONTOUR_POINTS;
    }
}

/* out <- FFT (gamma (u - u^3)) with u = IFFT (in) / N. */
static void
nonlinear (Etdrk4       *s,
           const double *in,
           double       *out)
{
  double inv_n = 1.0 / (double) s->n;

  memcpy (s->uc, in, s->nk * sizeof (fftw_complex));
  fftw_execute (s->inverse);
  for (gsize j = 0; j < s->n; j++)
    {
      double u = s->ur[j] * inv_n;

      s->ur[j] = s->gamma * (u - u * u * u);
    }
  fftw_execute (s->forward);
  memcpy (out, s->uc, s->nk * sizeof (fftw_complex));
}

/* One ETDRK4 step (Cox & Matthews 2002, as written in Kassam & Trefethen 2005, eq. (2.1)). */
static void
etdrk4_step (Etdrk4 *s)
{
  gsize n2 = 2 * s->nk;

  nonlinear (s, s->v, s->nv);
  for (gsize i = 0; i < n2; i++)
    s->a[i] = s->e2[i / 2] * s->v[i] + s->q[i / 2] * s->nv[i];
  nonlinear (s, s->a, s->na);
  for (gsize i = 0; i < n2; i++)
    s->b[i] = s->e2[i / 2] * s->v[i] + s->q[i / 2] * s->na[i];
  nonlinear (s, s->b, s->nb);
  for (gsize i = 0; i < n2; i++)
    s->c[i] = s->e2[i / 2] * s->a[i] + s->q[i / 2] * (2.0 * s->nb[i] - s->nv[i]);
  nonlinear (s, s->c, s->nc);
  for (gsize i = 0; i < n2; i++)
    s->v[i] = s->e[i / 2] * s->v[i] + s->f1[i / 2] * s->nv[i]
              + 2.0 * s->f2[i / 2] * (s->na[i] + s->nb[i]) + s->f3[i / 2] * s->nc[i];
}

static void
etdrk4_clear (Etdrk4 *s)
{
  g_mutex_lock (&fftw_planner_lock);
  if (s->forward != NULL)
    fftw_destroy_plan (s->forward);
  if (s->inverse != NULL)
    fftw_destroy_plan (s->inverse);
  g_mutex_unlock (&fftw_planner_lock);
  fftw_free (s->ur);
  fftw_free (s->uc);
  g_free (s->e);
  fftw_free (s->v);
}

static gboolean
etdrk4_init (Etdrk4   *s,
             gsize     n,
             double    gamma,
             GError  **error)
{
  double *blocks;

  s->n = n;
  s->nk = n / 2 + 1;
  s->gamma = gamma;
  s->ur = fftw_alloc_real (n);
  s->uc = fftw_alloc_complex (s->nk);
  s->v = blocks = fftw_alloc_real (16 * s->nk);
  if (s->ur == NULL || s->uc == NULL || blocks == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NO_MEMORY,
                   "pl_allen_cahn_ref_new: no memory for the FFT work arrays (N = %"
                   G_GSIZE_FORMAT ")", n);
      return FALSE;
    }
  s->a = blocks + 2 * s->nk;
  s->b = blocks + 4 * s->nk;
  s->c = blocks + 6 * s->nk;
  s->nv = blocks + 8 * s->nk;
  s->na = blocks + 10 * s->nk;
  s->nb = blocks + 12 * s->nk;
  s->nc = blocks + 14 * s->nk;
  s->e = g_new (double, 6 * s->nk);
  s->e2 = s->e + s->nk;
  s->q = s->e + 2 * s->nk;
  s->f1 = s->e + 3 * s->nk;
  s->f2 = s->e + 4 * s->nk;
  s->f3 = s->e + 5 * s->nk;

  /* FFTW_ESTIMATE: plans chosen by heuristics, not by timing, so the arithmetic (and hence the
   * result, to the last bit) does not depend on how busy the machine was. */
  g_mutex_lock (&fftw_planner_lock);
  s->forward = fftw_plan_dft_r2c_1d ((int) n, s->ur, s->uc, FFTW_ESTIMATE);
  s->inverse = fftw_plan_dft_c2r_1d ((int) n, s->uc, s->ur, FFTW_ESTIMATE);
  g_mutex_unlock (&fftw_planner_lock);
  if (s->forward == NULL || s->inverse == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                   "pl_allen_cahn_ref_new: FFTW could not plan a transform of size %"
                   G_GSIZE_FORMAT, n);
      return FALSE;
    }
  return TRUE;
}

/* Snapshot k: grid values from the spectrum, and the spectrum / N for interpolation. */
static gboolean
store_snapshot (PlAllenCahnRef  *ref,
                Etdrk4          *s,
                guint            k,
                GError         **error)
{
  double inv_n = 1.0 / (double) s->n;
  double *u = ref->u + (gsize) k * s->n;

  for (gsize m = 0; m < s->nk; m++)
    {
      ref->coef_re[k * s->nk + m] = s->v[2 * m] * inv_n;
      ref->coef_im[k * s->nk + m] = s->v[2 * m + 1] * inv_n;
    }
  if (k == 0)
    return TRUE;
  memcpy (s->uc, s->v, s->nk * sizeof (fftw_complex));
  fftw_execute (s->inverse);
  for (gsize j = 0; j < s->n; j++)
    {
      u[j] = s->ur[j] * inv_n;
      if (!isfinite (u[j]))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_NUMERIC,
                       "pl_allen_cahn_ref_new: the solution is not finite at t = %g, x = %g; "
                       "try a smaller dt (now %g)", ref->t[k], ref->x[j], ref->params.dt);
          return FALSE;
        }
    }
  return TRUE;
}

PlAllenCahnRef *
pl_allen_cahn_ref_new (const PlAllenCahnParams  *params,
                       GError                  **error)
{
  g_autoptr (PlAllenCahnRef) ref = NULL;
  Etdrk4 s = { 0 };
  gsize n, nk, n_times;
  double dt_snap, h;
  guint64 steps_per_snap;
  gboolean ok = FALSE;

  g_return_val_if_fail (params != NULL, NULL);

  if (!check_params (params, error))
    return NULL;
  n = params->n_points;
  nk = n / 2 + 1;
  n_times = params->n_times;

  ref = g_new0 (PlAllenCahnRef, 1);
  ref->params = *params;
  ref->x = g_new (double, n);
  ref->t = g_new (double, n_times);
  ref->u = pl_aligned_alloc (n_times * n * sizeof (double), "Allen-Cahn snapshots", error);
  if (ref->u == NULL)
    return NULL;
  ref->coef_re = pl_aligned_alloc (n_times * nk * sizeof (double), "Allen-Cahn spectra", error);
  if (ref->coef_re == NULL)
    return NULL;
  ref->coef_im = pl_aligned_alloc (n_times * nk * sizeof (double), "Allen-Cahn spectra", error);
  if (ref->coef_im == NULL)
    return NULL;

  dt_snap = params->t_end / (double) (n_times - 1);
  for (gsize k = 0; k < n_times; k++)
    ref->t[k] = k == n_times - 1 ? params->t_end : (double) k * dt_snap;
  for (gsize j = 0; j < n; j++)
    {
      ref->x[j] = -1.0 + 2.0 * (double) j / (double) n;
      ref->u[j] = ref->x[j] * ref->x[j] * cos (G_PI * ref->x[j]);
    }

  if (!etdrk4_init (&s, n, params->gamma, error))
    goto out;
  steps_per_snap = (guint64) ceil (dt_snap / params->dt * (1.0 - 1e-12));
  h = dt_snap / (double) steps_per_snap;
  etdrk4_coefficients (&s, params->eps, h);

  memcpy (s.ur, ref->u, n * sizeof (double));
  fftw_execute (s.forward);
  memcpy (s.v, s.uc, nk * sizeof (fftw_complex));
  if (!store_snapshot (ref, &s, 0, error))
    goto out;
  for (guint k = 1; k < n_times; k++)
    {
      for (guint64 i = 0; i < steps_per_snap; i++)
        etdrk4_step (&s);
      if (!store_snapshot (ref, &s, k, error))
        goto out;
    }
  ok = TRUE;

out:
  etdrk4_clear (&s);
  return ok ? g_steal_pointer (&ref) : NULL;
}

void
pl_allen_cahn_ref_free (PlAllenCahnRef *ref)
{
  if (ref == NULL)
    return;
  g_free (ref->x);
  g_free (ref->t);
  pl_aligned_free (ref->u);
  pl_aligned_free (ref->coef_re);
  pl_aligned_free (ref->coef_im);
  g_free (ref);
}

/* Trigonometric interpolant sum_m c_m exp(i pi m (x + 1)) of N samples, the Nyquist mode
 * split evenly between +-N/2 so the interpolant is real. */
static double
fourier_eval (const double *cre,
              const double *cim,
              gsize         nk,
              double        x)
{
  double theta = G_PI * (x + 1.0);
  double complex step = cexp (I * theta), phase = step;
  double sum = cre[0];

  for (gsize m = 1; m + 1 < nk; m++)
    {
      sum += 2.0 * (cre[m] * creal (phase) - cim[m] * cimag (phase));
      phase *= step;
    }
  return sum + cre[nk - 1] * cos ((double) (nk - 1) * theta);
}

gboolean
pl_allen_cahn_ref_eval (const PlAllenCahnRef  *ref,
                        gsize                  n,
                        const double          *x,
                        const double          *t,
                        double                *u,
                        GError               **error)
{
  gsize nk, n_times;
  guint stencil;
  double dt_snap;
  g_autofree double *cre = NULL;
  g_autofree double *cim = NULL;

  g_return_val_if_fail (ref != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (x != NULL && t != NULL && u != NULL), FALSE);

  for (gsize p = 0; p < n; p++)
    if (!isfinite (x[p]) || !(t[p] >= 0.0 && t[p] <= ref->params.t_end))
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "pl_allen_cahn_ref_eval: point %" G_GSIZE_FORMAT " (x = %g, t = %g) is "
                     "outside the solved range; x must be finite and 0 <= t <= %g",
                     p, x[p], t[p], ref->params.t_end);
        return FALSE;
      }

  nk = ref->params.n_points / 2 + 1;
  n_times = ref->params.n_times;
  stencil = MIN (4, n_times);
  dt_snap = ref->params.t_end / (double) (n_times - 1);
  cre = g_new (double, nk);
  cim = g_new (double, nk);

  for (gsize p = 0; p < n; p++)
    {
      /* x modulo 2 into [-1, 1) so the phase recurrence starts small. */
      double xw = x[p] - 2.0 * floor ((x[p] + 1.0) / 2.0);
      double w[4];
      gssize k0;

      if (t[p] == 0.0)
        {
          u[p] = xw * xw * cos (G_PI * xw);
          continue;
        }
      /* Cubic Lagrange weights on the four snapshots around t, clamped at both ends. */
      k0 = (gssize) floor (t[p] / dt_snap) - (gssize) (stencil / 2 - 1);
      k0 = CLAMP (k0, 0, (gssize) (n_times - stencil));
      for (guint i = 0; i < stencil; i++)
        {
          w[i] = 1.0;
          for (guint j = 0; j < stencil; j++)
            if (j != i)
              w[i] *= (t[p] - ref->t[k0 + j]) / (ref->t[k0 + i] - ref->t[k0 + j]);
        }
      for (gsize m = 0; m < nk; m++)
        {
          double sr = 0.0, si = 0.0;

          for (guint i = 0; i < stencil; i++)
            {
              sr += w[i] * ref->coef_re[(k0 + i) * nk + m];
              si += w[i] * ref->coef_im[(k0 + i) * nk + m];
            }
          cre[m] = sr;
          cim[m] = si;
        }
      u[p] = fourier_eval (cre, cim, nk, xw);
    }
  return TRUE;
}
