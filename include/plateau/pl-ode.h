/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-ode.h: an adaptive explicit Runge-Kutta integrator for non-stiff systems y' = f(t, y).
 *
 * The method is Dormand-Prince 5(4) (Dormand & Prince 1980; Hairer, Norsett & Wanner, "Solving
 * Ordinary Differential Equations I", 2nd ed., Sec. II.5, Table 5.2): seven stages, first same
 * as last, the 5th-order solution is propagated (local extrapolation) and the embedded 4th-order
 * one only estimates the error. Step size control follows HNW Sec. II.4 with the PI
 * stabilisation of their DOPRI5 code:
 *
 *   err   = sqrt (1/n sum_i ((y5_i - y4_i) / sc_i)^2),  sc_i = atol + rtol max (|y_i|, |y5_i|)
 *   h_new = h min (10, max (1/5, 0.9 err^(-0.17) err_old^(0.04)))     (accepted, err <= 1)
 *   h_new = h max (1/5, 0.9 err^(-0.17))                                  (rejected)
 *
 * (err_old is the error of the previous accepted step; after a rejection the next accepted step
 * may not grow),
 * and the initial step of HNW Sec. II.4 ("starting step size") when none is given.
 *
 * Output: instead of interpolating (a dense output of lower order), the integrator shortens the
 * step that would pass a requested output time so it lands on it exactly; the values there have
 * the full 5th-order accuracy. The controller keeps proposing from the unshortened step, so
 * many output times do not throttle it.
 *
 * Who calls this: reference solutions of ODE problems (Lotka-Volterra and the ODE presets) in
 * the problem library, analysis code and tests. Not for stiff problems: a stiff system shows up
 * as max_steps being exhausted, which is reported, not hidden.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"

G_BEGIN_DECLS

/* dydt <- f(t, y) for a system of @dim equations; y and dydt never alias. */
typedef void (*PlOdeFunc) (double        t,
                           const double *y,
                           double       *dydt,
                           gpointer      user_data);

typedef struct {
  double rtol;      /* relative tolerance, > 0 (default 1e-8) */
  double atol;      /* absolute tolerance, >= 0 (default 1e-10); rtol + atol |y| scales errors */
  double h0;        /* first step size, > 0; 0 chooses it automatically (default 0) */
  double h_max;     /* largest step size, > 0; 0 means no limit beyond the span (default 0) */
  gsize  max_steps; /* attempted steps (accepted + rejected) before giving up (default 100000) */
} PlOdeOptions;

typedef struct {
  gsize n_accepted; /* accepted steps */
  gsize n_rejected; /* steps repeated with a smaller h because err > 1 */
  gsize n_evals;    /* calls of f */
} PlOdeStats;

#define PL_ODE_DEFAULT_MAX_STEPS 100000

/* Fill @options with the defaults above. */
void     pl_ode_options_init (PlOdeOptions        *options);

/* Integrate y' = f(t, y), y(t0) = y0 and record y at the @n_out times @t_out, which must be
 * finite and monotone in the direction of integration (forwards if t_out[n_out - 1] >= t0,
 * backwards otherwise); times equal to t0 or to each other are allowed.
 * Output layout: component-major, y_out[k * n_out + i] = y_k(t_out[i]) (time innermost).
 * @options may be NULL for the defaults; @stats may be NULL.
 *
 * Errors: PL_ERROR_INVALID_ARGUMENT for dim == 0, n_out == 0, non-finite t0, y0 or t_out,
 * t_out out of order, or options out of range (each message names the value); PL_ERROR_NUMERIC
 * when max_steps is exhausted, the step size underflows (h < 16 eps |t|), or f returns a
 * non-finite value; the message gives t reached and the remaining span. On error the
 * contents of y_out are unspecified. */
gboolean pl_ode_solve        (PlOdeFunc            f,
                              gpointer             user_data,
                              gsize                dim,
                              double               t0,
                              const double        *y0,
                              gsize                n_out,
                              const double        *t_out,
                              const PlOdeOptions  *options,
                              double              *y_out,
                              PlOdeStats          *stats,
                              GError             **error);

G_END_DECLS
