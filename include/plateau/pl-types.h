/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-types.h: forward declarations of the core's types, so headers can name each other.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PlRng        PlRng;
typedef struct _PlState      PlState;
typedef struct _PlPauliSum   PlPauliSum;
typedef struct _PlObservable PlObservable;
typedef struct _PlCircuit    PlCircuit;
typedef struct _PlJetSpec    PlJetSpec;
typedef struct _PlMlp        PlMlp;
typedef struct _PlMlpWork    PlMlpWork;
typedef struct _PlExpr       PlExpr;
typedef struct _PlExprContext PlExprContext;
typedef struct _PlBurgersRef   PlBurgersRef;
typedef struct _PlAllenCahnRef PlAllenCahnRef;
typedef struct _PlProblem    PlProblem;
typedef struct _PlOptimizer  PlOptimizer;
typedef struct _PlFigure     PlFigure;
typedef struct _PlPlotAxes   PlPlotAxes;
typedef struct _PlPlotSeries PlPlotSeries;

G_END_DECLS
