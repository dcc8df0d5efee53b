/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The built-in problems: definitions in the same plain form a user writes, each with its
 * source. Closed forms and residuals are written independently of each other (the test suite
 * checks every exact solution against its own residual and conditions by finite differences).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-problem.h"
#include "pl-problem-private.h"

#define ODE_RES(eq, n)  { .name = "residual", .kind = PL_TERM_INTERIOR, .equations = { eq }, \
                          .weight = 1, .n_points = n }
#define IC(eq)          { .name = "ic", .kind = PL_TERM_INITIAL, .equations = { eq }, \
                          .weight = 1, .n_points = 1, .hard = TRUE }
#define IC_VEL(eq)      { .name = "ic_velocity", .kind = PL_TERM_INITIAL, .equations = { eq }, \
                          .weight = 1, .n_points = 1, .hard = TRUE }
#define PDE_IC(nm, eq, hrd) { .name = nm, .kind = PL_TERM_INITIAL, .equations = { eq }, \
                              .weight = 1, .n_points = 256, .hard = hrd }
#define BC(nm, fc, eq, hrd) { .name = nm, .kind = PL_TERM_BOUNDARY, .face = fc, \
                              .equations = { eq }, .weight = 1, .n_points = 128, .hard = hrd }

static const PlProblemDef builtins[] = {
  /* ---------------------------------------------------------------- ODEs in t (or x) */
  {
    .name = "exponential-decay",
    .title = "Exponential decay u' = -k u",
    .description = "u_t + k u = 0 on t in [0, 2], u(0) = u0; exact u0 exp(-k t). "
                   "Defaults k = 1, u0 = 1. Hard constraint u = u0 + t N.",
    .axes = "t", .lower = { 0 }, .upper = { 2 },
    .params = { { "k", 1 }, { "u0", 1 } },
    .terms = { ODE_RES ("u_t + k*u", 64), IC ("u - u0") },
    .exact = { "u0*exp(-k*t)" },
    .transform_a = { "u0" }, .transform_b = { "t" },
  },
  {
    .name = "logistic-growth",
    .title = "Logistic growth u' = r u (1 - u/K)",
    .description = "u_t = r u (1 - u/K) on t in [0, 10], u(0) = u0 (Verhulst 1838); exact "
                   "K / (1 + (K/u0 - 1) exp(-r t)). Defaults r = 1, K = 1, u0 = 0.1. "
                   "Hard constraint u = u0 + t N.",
    .axes = "t", .lower = { 0 }, .upper = { 10 },
    .params = { { "r", 1 }, { "K", 1 }, { "u0", 0.1 } },
    .terms = { ODE_RES ("u_t - r*u*(1 - u/K)", 128), IC ("u - u0") },
    .exact = { "K/(1 + (K/u0 - 1)*exp(-r*t))" },
    .transform_a = { "u0" }, .transform_b = { "t" },
  },
  {
    .name = "harmonic-oscillator",
    .title = "Harmonic oscillator u'' + omega^2 u = 0",
    .description = "u_tt + omega^2 u = 0 on t in [0, 1], u(0) = u0, u'(0) = v0; exact "
                   "u0 cos(omega t) + v0/omega sin(omega t). Defaults omega = 2 pi, u0 = 1, "
                   "v0 = 0. Hard constraint u = u0 + v0 t + t^2 N.",
    .axes = "t", .lower = { 0 }, .upper = { 1 },
    .params = { { "omega", 2 * G_PI }, { "u0", 1 }, { "v0", 0 } },
    .terms = { ODE_RES ("u_tt + omega^2*u", 128), IC ("u - u0"), IC_VEL ("u_t - v0") },
    .exact = { "u0*cos(omega*t) + v0/omega*sin(omega*t)" },
    .transform_a = { "u0 + v0*t" }, .transform_b = { "t^2" },
  },
  {
    .name = "damped-oscillator",
    .title = "Damped oscillator u'' + 2 zeta omega u' + omega^2 u = 0 (rc1)",
    .description = "u_tt + 2 zeta omega u_t + omega^2 u = 0 on t in [0, 1], u(0) = u0, "
                   "u'(0) = v0: the reference configuration rc1 with zeta = 0.1, "
                   "omega = 2 pi, u0 = 1, v0 = 0. Underdamped (0 <= zeta < 1) closed form "
                   "exp(-zeta omega t) (u0 cos(wd t) + (v0 + zeta omega u0)/wd sin(wd t)), "
                   "wd = omega sqrt(1 - zeta^2). Hard constraint u = u0 + v0 t + t^2 N.",
    .axes = "t", .lower = { 0 }, .upper = { 1 },
    .params = { { "zeta", 0.1 }, { "omega", 2 * G_PI }, { "u0", 1 }, { "v0", 0 } },
    .derived = { { "wd", "omega*sqrt(1 - zeta^2)" } },
    .terms = { ODE_RES ("u_tt + 2*zeta*omega*u_t + omega^2*u", 128), IC ("u - u0"),
               IC_VEL ("u_t - v0") },
    .exact = { "exp(-zeta*omega*t)*(u0*cos(wd*t) + (v0 + zeta*omega*u0)/wd*sin(wd*t))" },
    .transform_a = { "u0 + v0*t" }, .transform_b = { "t^2" },
  },
  {
    .name = "spring-mass-damper",
    .title = "Forced spring-mass-damper m u'' + c u' + k u = F0 cos(Omega t)",
    .description = "m u_tt + c u_t + k u = F0 cos(Omega t) on t in [0, 4], u(0) = u0, "
                   "u'(0) = v0 (e.g. Rao, Mechanical Vibrations, 6th ed., Secs. 2.6 and "
                   "3.4). Closed form with the transient: exp(-zeta wn t) (C1 cos(wd t) + "
                   "C2 sin(wd t)) + A cos(Omega t) + B sin(Omega t), wn = sqrt(k/m), "
                   "zeta = c / (2 sqrt(k m)) < 1. Defaults m = 1, c = 0.4, k = 16, F0 = 1, "
                   "Omega = 2, u0 = 0.5, v0 = 0. Hard constraint u = u0 + v0 t + t^2 N.",
    .axes = "t", .lower = { 0 }, .upper = { 4 },
    .params = { { "m", 1 }, { "c", 0.4 }, { "k", 16 }, { "F0", 1 }, { "Omega", 2 },
                { "u0", 0.5 }, { "v0", 0 } },
    .derived = { { "wn", "sqrt(k/m)" }, { "zeta", "c/(2*sqrt(k*m))" },
                 { "wd", "wn*sqrt(1 - zeta^2)" },
                 { "D", "(k - m*Omega^2)^2 + (c*Omega)^2" },
                 { "A", "F0*(k - m*Omega^2)/D" }, { "B", "F0*c*Omega/D" },
                 { "C1", "u0 - A" }, { "C2", "(v0 - B*Omega + zeta*wn*C1)/wd" } },
    .terms = { ODE_RES ("m*u_tt + c*u_t + k*u - F0*cos(Omega*t)", 256), IC ("u - u0"),
               IC_VEL ("u_t - v0") },
    .exact = { "exp(-zeta*wn*t)*(C1*cos(wd*t) + C2*sin(wd*t)) + A*cos(Omega*t) "
               "+ B*sin(Omega*t)" },
    .transform_a = { "u0 + v0*t" }, .transform_b = { "t^2" },
  },
  {
    .name = "polynomial-forcing",
    .title = "Second-order linear ODE with polynomial forcing",
    .description = "u_tt + omega^2 u = a0 + a1 t + a2 t^2 on t in [0, 2], u(0) = u0, "
                   "u'(0) = v0. Closed form by undetermined coefficients (Boyce & DiPrima, "
                   "Elementary Differential Equations, Sec. 3.5): C1 cos(omega t) + "
                   "C2 sin(omega t) + c0 + c1 t + c2 t^2. Defaults omega = 2, a0 = 1, "
                   "a1 = -1, a2 = 0.5, u0 = 0, v0 = 1. Hard constraint u = u0 + v0 t + t^2 N.",
    .axes = "t", .lower = { 0 }, .upper = { 2 },
    .params = { { "omega", 2 }, { "a0", 1 }, { "a1", -1 }, { "a2", 0.5 }, { "u0", 0 },
                { "v0", 1 } },
    .derived = { { "c2", "a2/omega^2" }, { "c1", "a1/omega^2" },
                 { "c0", "(a0 - 2*c2)/omega^2" }, { "C1", "u0 - c0" },
                 { "C2", "(v0 - c1)/omega" } },
    .terms = { ODE_RES ("u_tt + omega^2*u - (a0 + a1*t + a2*t^2)", 128), IC ("u - u0"),
               IC_VEL ("u_t - v0") },
    .exact = { "C1*cos(omega*t) + C2*sin(omega*t) + c0 + c1*t + c2*t^2" },
    .transform_a = { "u0 + v0*t" }, .transform_b = { "t^2" },
  },
  {
    .name = "decaying-oscillation",
    .title = "Decaying oscillation of differentiable quantum circuits",
    .description = "u_x + lambda u (k + tan(lambda x)) = 0 on x in [0, 0.9], u(0) = u0; exact "
                   "u0 exp(-k lambda x) cos(lambda x) (Kyriienko, Paine & Elfving, Phys. Rev. "
                   "A 103, 052416, 2021, the first example). Defaults lambda = 8, k = 0.1, "
                   "u0 = 1. tan has poles at lambda x = pi/2 + j pi, where u vanishes. Hard "
                   "constraint u = u0 + x N.",
    .axes = "x", .lower = { 0 }, .upper = { 0.9 },
    .params = { { "lambda", 8 }, { "k", 0.1 }, { "u0", 1 } },
    .terms = { ODE_RES ("u_x + lambda*u*(k + tan(lambda*x))", 64), IC ("u - u0") },
    .exact = { "u0*exp(-k*lambda*x)*cos(lambda*x)" },
    .transform_a = { "u0" }, .transform_b = { "x" },
  },
  {
    .name = "lotka-volterra",
    .title = "Lotka-Volterra predator-prey system",
    .description = "u_t = alpha u - beta u v, v_t = delta u v - gamma v on t in [0, 10], "
                   "u(0) = u0, v(0) = v0 (Lotka 1925, Volterra 1926). No closed form: the "
                   "reference integrates with Dormand-Prince to rtol 1e-12. Defaults "
                   "alpha = 2/3, beta = 4/3, gamma = 1, delta = 1, u0 = 1.5, v0 = 1. Hard "
                   "constraints u = u0 + t N_u, v = v0 + t N_v.",
    .axes = "t", .lower = { 0 }, .upper = { 10 },
    .outputs = { "u", "v" },
    .params = { { "alpha", 2.0 / 3.0 }, { "beta", 4.0 / 3.0 }, { "gamma", 1 }, { "delta", 1 },
                { "u0", 1.5 }, { "v0", 1 } },
    .terms = {
      { .name = "residual", .kind = PL_TERM_INTERIOR, .weight = 1, .n_points = 256,
        .equations = { "u_t - (alpha*u - beta*u*v)", "v_t - (delta*u*v - gamma*v)" } },
      { .name = "ic", .kind = PL_TERM_INITIAL, .weight = 1, .n_points = 1, .hard = TRUE,
        .equations = { "u - u0", "v - v0" } },
    },
    .reference = "lotka-volterra-rk",
    .transform_a = { "u0", "v0" }, .transform_b = { "t", "t" },
  },
  /* ----------------------------------------------------------------------------- PDEs */
  {
    .name = "poisson-1d",
    .title = "Poisson equation in 1D, Dirichlet",
    .description = "u_xx = f on x in [-1, 1], f = -(a pi)^2 sin(a pi x), u = sin(a pi x) at "
                   "both ends; exact sin(a pi x) (the DeepXDE example, Lu et al., SIAM Rev. "
                   "63:208, 2021). Default a = 1. Hard constraint "
                   "u = x sin(a pi) + (1 - x^2) N.",
    .axes = "x", .lower = { -1 }, .upper = { 1 },
    .params = { { "a", 1 } },
    .forcing = { { "f", "-(a*pi)^2*sin(a*pi*x)" }, { "g", "sin(a*pi*x)" } },
    .terms = {
      { .name = "residual", .kind = PL_TERM_INTERIOR, .equations = { "u_xx - f" },
        .weight = 1, .n_points = 128 },
      { .name = "bc_left", .kind = PL_TERM_BOUNDARY, .face = "x=lower",
        .equations = { "u - g" }, .weight = 1, .n_points = 1, .hard = TRUE },
      { .name = "bc_right", .kind = PL_TERM_BOUNDARY, .face = "x=upper",
        .equations = { "u - g" }, .weight = 1, .n_points = 1, .hard = TRUE },
    },
    .exact = { "sin(a*pi*x)" },
    .transform_a = { "x*sin(a*pi)" }, .transform_b = { "1 - x^2" },
  },
  {
    .name = "poisson-2d",
    .title = "Poisson equation on the unit square",
    .description = "u_xx + u_yy = f on [0, 1]^2 with the manufactured solution "
                   "u = sin(a pi x) sin(b pi y), f = -(a^2 + b^2) pi^2 u, Dirichlet data from "
                   "it on all four sides (method of manufactured solutions, Roache 2002). "
                   "Defaults a = 1, b = 1.",
    .axes = "xy", .lower = { 0, 0 }, .upper = { 1, 1 },
    .params = { { "a", 1 }, { "b", 1 } },
    .forcing = { { "f", "-(a^2 + b^2)*pi^2*sin(a*pi*x)*sin(b*pi*y)" },
                 { "g", "sin(a*pi*x)*sin(b*pi*y)" } },
    .terms = {
      { .name = "residual", .kind = PL_TERM_INTERIOR, .equations = { "u_xx + u_yy - f" },
        .weight = 1, .n_points = 2048 },
      BC ("bc_left", "x=lower", "u - g", FALSE), BC ("bc_right", "x=upper", "u - g", FALSE),
      BC ("bc_bottom", "y=lower", "u - g", FALSE), BC ("bc_top", "y=upper", "u - g", FALSE),
    },
    .exact = { "sin(a*pi*x)*sin(b*pi*y)" },
  },
  {
    .name = "helmholtz-2d",
    .title = "Helmholtz equation on [-1, 1]^2",
    .description = "u_xx + u_yy + k^2 u = q on [-1, 1]^2, u = sin(a1 pi x) sin(a2 pi y) and "
                   "q = (k^2 - (a1 pi)^2 - (a2 pi)^2) u, Dirichlet data from it (Wang, Teng & "
                   "Perdikaris, SIAM J. Sci. Comput. 43:A3055, 2021). Defaults a1 = 1, "
                   "a2 = 4, k = 1.",
    .axes = "xy", .lower = { -1, -1 }, .upper = { 1, 1 },
    .params = { { "a1", 1 }, { "a2", 4 }, { "k", 1 } },
    .forcing = { { "q", "(k^2 - (a1*pi)^2 - (a2*pi)^2)*sin(a1*pi*x)*sin(a2*pi*y)" },
                 { "g", "sin(a1*pi*x)*sin(a2*pi*y)" } },
    .terms = {
      { .name = "residual", .kind = PL_TERM_INTERIOR,
        .equations = { "u_xx + u_yy + k^2*u - q" }, .weight = 1, .n_points = 2048 },
      BC ("bc_left", "x=lower", "u - g", FALSE), BC ("bc_right", "x=upper", "u - g", FALSE),
      BC ("bc_bottom", "y=lower", "u - g", FALSE), BC ("bc_top", "y=upper", "u - g", FALSE),
    },
    .exact = { "sin(a1*pi*x)*sin(a2*pi*y)" },
  },
  {
    .name = "heat-1d",
    .title = "Heat equation u_t = alpha u_xx",
    .description = "u_t = alpha u_xx on x in [0, 1], t in [0, 1], u(x, 0) = sin(n pi x), "
                   "Dirichlet data from the exact solution exp(-alpha (n pi)^2 t) sin(n pi x) "
                   "(separation of variables, e.g. Strauss, PDE: An Introduction, Sec. 4.1). "
                   "Defaults alpha = 0.1, n = 1.",
    .axes = "xt", .lower = { 0, 0 }, .upper = { 1, 1 },
    .params = { { "alpha", 0.1 }, { "n", 1 } },
    .forcing = { { "g", "exp(-alpha*(n*pi)^2*t)*sin(n*pi*x)" } },
    .terms = {
      { .name = "residual", .kind = PL_TERM_INTERIOR, .equations = { "u_t - alpha*u_xx" },
        .weight = 1, .n_points = 2048 },
      PDE_IC ("ic", "u - sin(n*pi*x)", FALSE),
      BC ("bc_left", "x=lower", "u - g", FALSE), BC ("bc_right", "x=upper", "u - g", FALSE),
    },
    .exact = { "exp(-alpha*(n*pi)^2*t)*sin(n*pi*x)" },
  },
  {
    .name = "diffusion-reaction",
    .title = "Diffusion-reaction (Fisher-KPP) travelling wave",
    .description = "u_t = D u_xx + r u (1 - u) on x in [-10, 10], t in [0, 4] with the exact "
                   "travelling wave of Ablowitz & Zeppetella (Bull. Math. Biol. 41:835, 1979) "
                   "u = (1 + exp(s x - 5 r t / 6))^-2, s = sqrt(r / (6 D)); initial and "
                   "Dirichlet data from it. Defaults D = 1, r = 1.",
    .axes = "xt", .lower = { -10, 0 }, .upper = { 10, 4 },
    .params = { { "D", 1 }, { "r", 1 } },
    .derived = { { "s", "sqrt(r/(6*D))" } },
    .forcing = { { "g", "(1 + exp(s*x - 5*r*t/6))^(-2)" } },
    .terms = {
      { .name = "residual", .kind = PL_TERM_INTERIOR,
        .equations = { "u_t - D*u_xx - r*u*(1 - u)" }, .weight = 1, .n_points = 2048 },
      PDE_IC ("ic", "u - g", FALSE),
      BC ("bc_left", "x=lower", "u - g", FALSE), BC ("bc_right", "x=upper", "u - g", FALSE),
    },
    .exact = { "1/(1 + exp(s*x - 5*r*t/6))^2" },
  },
  {
    .name = "advection",
    .title = "Advection u_t + c u_x = 0, periodic",
    .description = "u_t + c u_x = 0 on x in [0, 2 pi], t in [0, 1], u(x, 0) = sin(x), periodic "
                   "in x; exact sin(x - c t) (the convection benchmark of Krishnapriyan et "
                   "al., NeurIPS 2021, where c is beta). Default c = 1.",
    .axes = "xt", .lower = { 0, 0 }, .upper = { 2 * G_PI, 1 },
    .params = { { "c", 1 } },
    .terms = {
      { .name = "residual", .kind = PL_TERM_INTERIOR, .equations = { "u_t + c*u_x" },
        .weight = 1, .n_points = 2048 },
      PDE_IC ("ic", "u - sin(x)", FALSE),
      { .name = "periodic", .kind = PL_TERM_PERIODIC, .face = "x", .equations = { "u" },
        .weight = 1, .n_points = 128 },
    },
    .exact = { "sin(x - c*t)" },
  },
  {
    .name = "wave-1d",
    .title = "Wave equation u_tt = c^2 u_xx",
    .description = "u_tt = c^2 u_xx on x in [0, 1], t in [0, 1], u(x, 0) = sin(pi x) + "
                   "0.5 sin(4 pi x), u_t(x, 0) = 0, u = 0 at x = 0 and 1; exact "
                   "sin(pi x) cos(c pi t) + 0.5 sin(4 pi x) cos(4 c pi t) (Wang, Yu & "
                   "Perdikaris, J. Comput. Phys. 449:110768, 2022). Default c = 2. Hard "
                   "constraint u = sin(pi x) + 0.5 sin(4 pi x) + x (1 - x) t^2 N.",
    .axes = "xt", .lower = { 0, 0 }, .upper = { 1, 1 },
    .params = { { "c", 2 } },
    .terms = {
      { .name = "residual", .kind = PL_TERM_INTERIOR, .equations = { "u_tt - c^2*u_xx" },
        .weight = 1, .n_points = 2048 },
      PDE_IC ("ic", "u - (sin(pi*x) + 0.5*sin(4*pi*x))", TRUE),
      PDE_IC ("ic_velocity", "u_t", TRUE),
      BC ("bc_left", "x=lower", "u", TRUE), BC ("bc_right", "x=upper", "u", TRUE),
    },
    .exact = { "sin(pi*x)*cos(c*pi*t) + 0.5*sin(4*pi*x)*cos(4*c*pi*t)" },
    .transform_a = { "sin(pi*x) + 0.5*sin(4*pi*x)" }, .transform_b = { "x*(1 - x)*t^2" },
  },
  {
    .name = "klein-gordon",
    .title = "Nonlinear Klein-Gordon equation (manufactured)",
    .description = "u_tt + alpha u_xx + beta u + gamma u^3 = f on x in [0, 1], t in [0, 1] with "
                   "the manufactured solution u = x cos(5 pi t) + (x t)^3, initial data u = x, "
                   "u_t = 0 and Dirichlet data from it (Wang, Teng & Perdikaris, SIAM J. Sci. "
                   "Comput. 43:A3055, 2021). Defaults alpha = -1, beta = 0, gamma = 1.",
    .axes = "xt", .lower = { 0, 0 }, .upper = { 1, 1 },
    .params = { { "alpha", -1 }, { "beta", 0 }, { "gamma", 1 } },
    .forcing = {
      { "f", "-25*pi^2*x*cos(5*pi*t) + 6*x^3*t + alpha*6*x*t^3 "
             "+ beta*(x*cos(5*pi*t) + (x*t)^3) + gamma*(x*cos(5*pi*t) + (x*t)^3)^3" },
      { "g", "x*cos(5*pi*t) + (x*t)^3" },
    },
    .terms = {
      { .name = "residual", .kind = PL_TERM_INTERIOR,
        .equations = { "u_tt + alpha*u_xx + beta*u + gamma*u^3 - f" }, .weight = 1,
        .n_points = 2048 },
      PDE_IC ("ic", "u - x", FALSE),
      PDE_IC ("ic_velocity", "u_t", FALSE),
      BC ("bc_left", "x=lower", "u - g", FALSE), BC ("bc_right", "x=upper", "u - g", FALSE),
    },
    .exact = { "x*cos(5*pi*t) + (x*t)^3" },
  },
  {
    .name = "burgers",
    .title = "Viscous Burgers equation",
    .description = "u_t + u u_x = nu u_xx on x in [-1, 1], t in [0, 1], u(x, 0) = -sin(pi x), "
                   "u(-1, t) = u(1, t) = 0 (Raissi, Perdikaris & Karniadakis, J. Comput. Phys. "
                   "378:686, 2019), nu = 0.01/pi; a shock forms at x = 0. Reference by the "
                   "Cole-Hopf formula. Hard constraint u = -sin(pi x) + t (1 - x^2) N.",
    .axes = "xt", .lower = { -1, 0 }, .upper = { 1, 1 },
    .params = { { "nu", 0.01 / G_PI } },
    .terms = {
      { .name = "residual", .kind = PL_TERM_INTERIOR,
        .equations = { "u_t + u*u_x - nu*u_xx" }, .weight = 1, .n_points = 2048 },
      PDE_IC ("ic", "u + sin(pi*x)", TRUE),
      BC ("bc_left", "x=lower", "u", TRUE), BC ("bc_right", "x=upper", "u", TRUE),
    },
    .reference = "burgers-cole-hopf",
    .transform_a = { "-sin(pi*x)" }, .transform_b = { "t*(1 - x^2)" },
  },
  {
    .name = "allen-cahn",
    .title = "Allen-Cahn equation, periodic",
    .description = "u_t - eps u_xx + gamma (u^3 - u) = 0 on x in [-1, 1], t in [0, 1], "
                   "u(x, 0) = x^2 cos(pi x), u and u_x periodic (Raissi, Perdikaris & "
                   "Karniadakis, J. Comput. Phys. 378:686, 2019), eps = 1e-4, gamma = 5. "
                   "Reference by the Fourier pseudo-spectral ETDRK4 solver. Hard constraint "
                   "u = x^2 cos(pi x) + t N (the initial condition only; u0 has a kink in u_x "
                   "across the periodic faces, so the periodic term stays soft).",
    .axes = "xt", .lower = { -1, 0 }, .upper = { 1, 1 },
    .params = { { "eps", 1e-4 }, { "gamma", 5 } },
    .terms = {
      { .name = "residual", .kind = PL_TERM_INTERIOR,
        .equations = { "u_t - eps*u_xx + gamma*(u^3 - u)" }, .weight = 1, .n_points = 2048 },
      PDE_IC ("ic", "u - x^2*cos(pi*x)", TRUE),
      { .name = "periodic", .kind = PL_TERM_PERIODIC, .face = "x",
        .equations = { "u", "u_x" }, .weight = 1, .n_points = 128 },
    },
    .reference = "allen-cahn-spectral",
    .transform_a = { "x^2*cos(pi*x)" }, .transform_b = { "t" },
  },
  {
    .name = "kdv-soliton",
    .title = "Korteweg-de Vries single soliton",
    .description = "u_t + 6 u u_x + u_xxx = 0 on x in [-6, 6], t in [0, 1] with the soliton "
                   "u = c/2 sech^2(sqrt(c)/2 (x - c t - x0)) (Drazin & Johnson, Solitons, 1989, "
                   "Sec. 1.4); initial and Dirichlet data from it. Defaults c = 4, x0 = -2.",
    .axes = "xt", .lower = { -6, 0 }, .upper = { 6, 1 },
    .params = { { "c", 4 }, { "x0", -2 } },
    .forcing = { { "g", "c/2*sech(sqrt(c)/2*(x - c*t - x0))^2" } },
    .terms = {
      { .name = "residual", .kind = PL_TERM_INTERIOR,
        .equations = { "u_t + 6*u*u_x + u_xxx" }, .weight = 1, .n_points = 2048 },
      PDE_IC ("ic", "u - g", FALSE),
      BC ("bc_left", "x=lower", "u - g", FALSE), BC ("bc_right", "x=upper", "u - g", FALSE),
    },
    .exact = { "c/2*sech(sqrt(c)/2*(x - c*t - x0))^2" },
  },
};

/* In table order; checked against the table at compile time (count) and by the tests. */
static const char *const names[] = {
  "exponential-decay", "logistic-growth", "harmonic-oscillator", "damped-oscillator",
  "spring-mass-damper", "polynomial-forcing", "decaying-oscillation", "lotka-volterra",
  "poisson-1d", "poisson-2d", "helmholtz-2d", "heat-1d", "diffusion-reaction", "advection",
  "wave-1d", "klein-gordon", "burgers", "allen-cahn", "kdv-soliton", NULL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (names) == G_N_ELEMENTS (builtins) + 1);

const char *const *
pl_problem_names (void)
{
  return names;
}

const PlProblemDef *
pl_problem_builtin_def (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    if (g_str_equal (builtins[i].name, name))
      return &builtins[i];
  return NULL;
}

const char *
pl_problem_describe (const char *name)
{
  const PlProblemDef *def = pl_problem_builtin_def (name);

  return def != NULL ? def->description : NULL;
}
