/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-problem-private.h: what the problem files share.
 *
 *   pl-problem.c          construction from a definition, accessors, parameters
 *   pl-problem-compile.c  expressions: contexts, parsing, derivatives, the jet spec, checks
 *   pl-problem-eval.c     per-step functions (residual, adjoint, transform) and sampling
 *   pl-problem-exact.c    closed forms and the cached reference solvers
 *   pl-problem-builtin.c  the table of built-in problems
 *   pl-problem-custom.c   copying and structural checks of user definitions, names
 */
#pragma once

#include "pl-problem.h"
#include "pl-expr.h"

G_BEGIN_DECLS

/* de/du_c for one jet component c = (output, component) an equation uses. */
typedef struct {
  guint    var;        /* variable index in the field context */
  guint    output;
  guint    component;  /* jet component k */
  PlExpr  *deriv;
  gboolean is_const;
  double   value;      /* when is_const */
} PlProblemPartial;

typedef struct {
  PlExpr           *expr;
  guint             n_partials;
  PlProblemPartial *partials;
  guint32           forcing_used;  /* bit f: forcing f appears */
} PlProblemEquation;

typedef struct {
  guint             def_index;     /* in def.terms */
  PlTermKind        kind;
  gint              face_axis;     /* -1 for interior */
  gboolean          face_upper;
  guint             n_eq;
  PlProblemEquation eq[PL_PROBLEM_MAX_EQUATIONS];
  guint32           forcing_used;
} PlProblemTerm;

/* A derivative table of an expression of the coordinates: d^alpha E for every jet
 * component alpha of the spec (used for the transform's A and B). */
typedef struct {
  PlExpr  *expr[PL_JET_MAX_COMPONENTS];
  gboolean is_const[PL_JET_MAX_COMPONENTS];
  double   value[PL_JET_MAX_COMPONENTS];
} PlProblemJetExpr;

typedef enum {
  PL_REF_NONE,
  PL_REF_CLOSED_FORM,
  PL_REF_BURGERS,
  PL_REF_ALLEN_CAHN,
  PL_REF_LOTKA_VOLTERRA,
  PL_REF_ODE,
} PlProblemRefKind;

typedef struct _PlProblemCache PlProblemCache;

struct _PlProblem {
  /* the definition, deep-copied; strings live in @strings */
  PlProblemDef        def;
  GStringChunk       *strings;
  const char         *name;

  guint               d;
  guint               m;
  char                axes[PL_PROBLEM_MAX_INPUTS + 1];
  guint               n_params;
  guint               n_derived;
  double              derived_values[PL_PROBLEM_MAX_DERIVED];
  PlJetSpec           spec;
  /* field-context variable of jet component k of output o */
  guint               comp_var[PL_PROBLEM_MAX_OUTPUTS][PL_JET_MAX_COMPONENTS];

  /* contexts: field (coordinates 0..d-1, field derivatives, forcing names) and coordinate
   * (coordinates 0..d-1 only); both carry parameters and derived parameters as constants */
  PlExprContext      *fctx;
  PlExprContext      *cctx;
  guint               n_fvars;

  guint               n_forcing;
  PlExpr             *forcing[PL_PROBLEM_MAX_FORCING];
  guint               forcing_var[PL_PROBLEM_MAX_FORCING];

  guint               n_terms;
  PlProblemTerm       terms[PL_PROBLEM_MAX_TERMS];
  guint               n_active;
  guint               active[PL_PROBLEM_MAX_TERMS];
  gboolean            hard;

  gboolean            has_transform;
  gboolean            transform_of[PL_PROBLEM_MAX_OUTPUTS];
  PlProblemJetExpr    ta[PL_PROBLEM_MAX_OUTPUTS];
  PlProblemJetExpr    tb[PL_PROBLEM_MAX_OUTPUTS];

  PlProblemRefKind    ref;
  PlExpr             *exact[PL_PROBLEM_MAX_OUTPUTS];
  PlProblemResolution resolution;
  PlProblemCache     *cache;

  /* per-step workspaces (sized at construction) */
  const double      **vars;        /* n_fvars */
  const double       *cvars[PL_PROBLEM_MAX_INPUTS];
  double             *ws_forcing;  /* n_forcing * CHUNK */
  double             *ws_a;        /* 4 * K * CHUNK: A, B, N and adjoint jets */
  double             *ws_tmp;      /* 2 * CHUNK */
};

/* pl-problem-custom.c */
void      _pl_problem_def_copy      (const PlProblemDef *src,
                                     GStringChunk       *strings,
                                     PlProblemDef       *dst);
guint     _pl_problem_def_count     (const PlProblemDef *def,
                                     const char         *what);
gboolean  _pl_problem_def_check     (const PlProblemDef *def,
                                     const char         *name,
                                     GError            **error);
gboolean  _pl_problem_parse_face    (const char         *face,
                                     const char         *axes,
                                     PlTermKind          kind,
                                     gint               *axis,
                                     gboolean           *upper,
                                     GError            **error);
/* The equations of a term definition. */
guint     _pl_problem_term_def_n_equations (const PlProblemTermDef *term);

/* pl-problem-compile.c */
gboolean  _pl_problem_compile       (PlProblem          *problem,
                                     GError            **error);
void      _pl_problem_release       (PlProblem          *problem);
/* Classify a field-context variable name: an output and the multi-index of its derivative.
 * FALSE for coordinates and forcing names. */
gboolean  _pl_problem_field_name    (const PlProblem    *problem,
                                     const char         *name,
                                     guint              *output,
                                     guint              *alpha);

/* pl-problem-exact.c */
gboolean  _pl_problem_reference_kind (const PlProblem   *problem,
                                      const char        *reference,
                                      PlProblemRefKind  *kind,
                                      GError           **error);
void      _pl_problem_cache_free    (PlProblemCache     *cache);

G_END_DECLS
