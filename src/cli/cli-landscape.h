/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-landscape.h: what the two modes of `plateau-cli landscape` (a circuit's cost, a trained
 * PINN) hand to the shared part that slices, projects, computes the Hessian and writes files.
 */
#pragma once

#include "cli.h"

G_BEGIN_DECLS

typedef enum {
  CLI_DIRECTIONS_RANDOM,
  CLI_DIRECTIONS_AXES,
  CLI_DIRECTIONS_PCA,
} CliDirections;

typedef struct {
  const CliCommon *common;
  PlObjective     *objective;
  guint            threads;        /* that compute it (reported) */
  gsize            n_params;
  const double    *center;
  CliDirections    directions;
  guint            index[2];       /* AXES */
  gboolean         circuit_axes;   /* AXES of circuit angles: default span pi */
  PlDirectionNorm  norm;           /* RANDOM */
  gboolean         orthogonalize;  /* RANDOM */
  guint            nx;
  guint            ny;             /* 1: a 1-D slice */
  double           span_x;         /* NaN: the default for the directions */
  double           span_y;
  const double    *trajectory;     /* n_traj rows of n_params, or NULL */
  const guint64   *steps;
  gsize            n_traj;
  gboolean         hessian;
  PlHessianConfig  hessian_config;
  gboolean         log_scale;
  const char      *out;
  const char      *title;          /* Pango markup, or NULL */
  JsonBuilder     *jb;             /* an open object holding the mode's members */
} CliLandscape;

/* Slice, project, Hessian, files and the summary; returns the exit status. */
int cli_landscape_run  (CliLandscape *job);

typedef struct {
  const char *preset;            /* or */
  const char *file;
  gint64      steps;             /* > 0: instead of the experiment's */
  gint        trajectory_every;  /* > 0: instead of steps / 100 */
  gboolean    seed_given;        /* --seed and --threads override the experiment's */
  gboolean    threads_given;
} CliLandscapePinn;

/* Load, train with the trajectory kept, then cli_landscape_run around the final parameters. */
int cli_landscape_pinn (const CliLandscapePinn *options,
                        CliLandscape           *job);

G_END_DECLS
