/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-landscape-run.c: the part of `plateau-cli landscape` both modes share: directions, the
 * slice, the trajectory, the Hessian, and the files (landscape.csv, trajectory.csv,
 * summary.json, landscape.png and .pdf).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli.h"
#include "cli-landscape.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  const CliCommon *common;
  const char      *what;
  gint64           start;   /* monotonic time the stage started */
  gint64           last;    /* of the last line printed (0: none yet) */
} Progress;

static void
progress_start (Progress   *p,
                const char *what)
{
  p->what = what;
  p->start = g_get_monotonic_time ();
  p->last = 0;
}

/* A line every half second, once a stage has run that long (and its end if one was printed). */
static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;
  gint64 now = g_get_monotonic_time ();

  if (p->common->json)
    return;
  if (done < total ? now - MAX (p->start, p->last) < 500000 : p->last == 0)
    return;
  p->last = now;
  fprintf (stderr, "%s: %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT "\n", p->what, done, total);
}

static char *
landscape_csv (const PlLandscape *ls)
{
  GString *s = g_string_new ("alpha,beta,loss\n");

  for (guint j = 0; j < ls->ny; j++)
    for (guint i = 0; i < ls->nx; i++)
      {
        cli_csv_append_double (s, ls->alpha[i]);
        g_string_append_c (s, ',');
        cli_csv_append_double (s, ls->beta[j]);
        g_string_append_c (s, ',');
        cli_csv_append_double (s, ls->loss[(gsize) j * ls->nx + i]);
        g_string_append_c (s, '\n');
      }
  return g_string_free (s, FALSE);
}

static char *
trajectory_csv (const PlLandscapeTrajectory *tr,
                const guint64               *steps)
{
  GString *s = g_string_new ("step,alpha,beta,distance,loss\n");

  for (gsize t = 0; t < tr->n; t++)
    {
      g_string_append_printf (s, "%" G_GUINT64_FORMAT ",", steps[t]);
      cli_csv_append_double (s, tr->alpha[t]);
      g_string_append_c (s, ',');
      cli_csv_append_double (s, tr->beta[t]);
      g_string_append_c (s, ',');
      cli_csv_append_double (s, tr->distance[t]);
      g_string_append_c (s, ',');
      cli_csv_append_double (s, tr->loss[t]);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

static void
add_string (JsonBuilder *jb,
            const char  *name,
            const char  *v)
{
  json_builder_set_member_name (jb, name);
  json_builder_add_string_value (jb, v);
}

/* d1 (and d2) for the job. */
static gboolean
make_directions (CliLandscape  *job,
                 double        *d1,
                 double        *d2,
                 double        *explained,
                 GError       **error)
{
  switch (job->directions)
    {
    case CLI_DIRECTIONS_AXES:
      return pl_landscape_axis_direction (job->objective, job->index[0], d1, error) &&
             (d2 == NULL || pl_landscape_axis_direction (job->objective, job->index[1], d2,
                                                          error));
    case CLI_DIRECTIONS_PCA:
      if (job->n_traj < 2)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                               "--directions pca needs a training trajectory (PINN mode)");
          return FALSE;
        }
      return pl_landscape_pca_directions (job->n_params, job->center, job->trajectory,
                                          job->n_traj, d1, d2, explained, error);
    case CLI_DIRECTIONS_RANDOM:
    default:
      return pl_landscape_random_directions (job->objective, job->center, job->norm,
                                             job->orthogonalize, (guint64) job->common->seed,
                                             d1, d2, error);
    }
}

/* Default spans: a full turn of one angle for parameter axes of a circuit, the trajectory's
 * extent (with a margin) for principal directions, and 1 (the size of the parameters
 * themselves, Li et al.) for filter-normalised random directions. */
static void
default_spans (CliLandscape *job,
               const double *d1,
               const double *d2,
               double       *sx,
               double       *sy)
{
  *sx = job->span_x;
  *sy = job->span_y;
  if (job->directions == CLI_DIRECTIONS_PCA && (isnan (*sx) || isnan (*sy)))
    {
      g_autofree double *a = g_new (double, job->n_traj);
      g_autofree double *b = g_new (double, job->n_traj);
      double ma = 0, mb = 0;

      if (pl_landscape_project_points (job->n_params, job->center, d1, d2, job->trajectory,
                                       job->n_traj, a, d2 != NULL ? b : NULL, NULL, NULL))
        for (gsize t = 0; t < job->n_traj; t++)
          {
            ma = MAX (ma, fabs (a[t]));
            mb = MAX (mb, d2 != NULL ? fabs (b[t]) : 0.0);
          }
      if (isnan (*sx))
        *sx = ma > 0 ? 1.25 * ma : 1.0;
      if (isnan (*sy))
        *sy = mb > 0 ? 1.25 * mb : *sx;
    }
  if (isnan (*sx))
    *sx = job->directions == CLI_DIRECTIONS_AXES && job->circuit_axes ? G_PI : 1.0;
  if (isnan (*sy))
    *sy = *sx;
}

static gboolean
write_figure (CliLandscape                *job,
              const PlLandscape           *ls,
              const PlLandscapeTrajectory *tr,
              const char                  *png,
              const char                  *pdf,
              GError                     **error)
{
  g_autoptr(PlFigure) fig = pl_figure_new (1, 1);
  PlPlotAxes *ax = pl_figure_get_axes (fig, 0, 0);

  if (job->title != NULL)
    pl_plot_axes_set_title (ax, job->title);
  pl_landscape_plot (ax, ls, tr, job->log_scale);
  return pl_figure_save (fig, png, PL_PLOT_FORMAT_PNG, 360, 300, 200, error) &&
         pl_figure_save (fig, pdf, PL_PLOT_FORMAT_PDF, 360, 300, 72, error);
}

int
cli_landscape_run (CliLandscape *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlLandscape) ls = NULL;
  g_autoptr(PlLandscapeTrajectory) tr = NULL;
  g_autoptr(PlHessian) hess = NULL;
  g_autofree double *d1 = g_new (double, job->n_params);
  g_autofree double *d2 = job->ny >= 2 ? g_new (double, job->n_params) : NULL;
  g_autofree char *csv_path = g_build_filename (job->out, "landscape.csv", NULL);
  g_autofree char *traj_path = g_build_filename (job->out, "trajectory.csv", NULL);
  g_autofree char *png_path = g_build_filename (job->out, "landscape.png", NULL);
  g_autofree char *pdf_path = g_build_filename (job->out, "landscape.pdf", NULL);
  g_autofree char *json_path = g_build_filename (job->out, "summary.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonBuilder *jb = job->jb;
  Progress prog = { job->common, NULL, 0, 0 };
  double explained[2] = { NAN, NAN }, sx, sy;

  if (!make_directions (job, d1, d2, explained, &error))
    return cli_fail (job->common, error);
  default_spans (job, d1, d2, &sx, &sy);
  if (!cli_ensure_dir (job->out, &error))
    return cli_fail (job->common, error);

  progress_start (&prog, "landscape");
  if (d2 != NULL)
    {
      PlLandscapeGrid grid = { job->nx, job->ny, sx, sy };

      ls = pl_landscape_slice_2d (job->objective, job->center, d1, d2, &grid, progress_cb, &prog,
                                  NULL, &error);
    }
  else
    ls = pl_landscape_slice_1d (job->objective, job->center, d1, job->nx, sx, progress_cb, &prog,
                                NULL, &error);
  if (ls == NULL)
    return cli_fail (job->common, error);

  if (job->n_traj > 0)
    {
      progress_start (&prog, "trajectory");
      if (!(tr = pl_landscape_project (ls, job->objective, job->trajectory, job->n_traj,
                                       progress_cb, &prog, NULL, &error)))
        return cli_fail (job->common, error);
    }
  if (job->hessian)
    {
      progress_start (&prog, "hessian");
      if (!(hess = pl_landscape_hessian (job->objective, job->center, &job->hessian_config,
                                         progress_cb, &prog, NULL, &error)))
        return cli_fail (job->common, error);
    }

  text = landscape_csv (ls);
  if (!cli_write_file (csv_path, text, &error))
    return cli_fail (job->common, error);
  g_clear_pointer (&text, g_free);
  if (tr != NULL)
    {
      text = trajectory_csv (tr, job->steps);
      if (!cli_write_file (traj_path, text, &error))
        return cli_fail (job->common, error);
      g_clear_pointer (&text, g_free);
    }
  if (!write_figure (job, ls, tr, png_path, pdf_path, &error))
    return cli_fail (job->common, error);

  /* the summary: the mode's members are already in the open object */
  json_builder_set_member_name (jb, "parameters");
  json_builder_add_int_value (jb, (gint64) job->n_params);
  add_string (jb, "directions", job->directions == CLI_DIRECTIONS_AXES ? "axes"
                                : job->directions == CLI_DIRECTIONS_PCA ? "pca" : "random");
  if (job->directions == CLI_DIRECTIONS_AXES)
    {
      json_builder_set_member_name (jb, "indices");
      json_builder_begin_array (jb);
      json_builder_add_int_value (jb, job->index[0]);
      if (d2 != NULL)
        json_builder_add_int_value (jb, job->index[1]);
      json_builder_end_array (jb);
    }
  if (job->directions == CLI_DIRECTIONS_RANDOM)
    {
      add_string (jb, "normalization", pl_direction_norm_to_string (job->norm));
      json_builder_set_member_name (jb, "orthogonalized");
      json_builder_add_boolean_value (jb, job->orthogonalize && d2 != NULL);
    }
  if (job->directions == CLI_DIRECTIONS_PCA)
    {
      json_builder_set_member_name (jb, "explained");
      json_builder_begin_array (jb);
      json_builder_add_double_value (jb, explained[0]);
      if (d2 != NULL)
        json_builder_add_double_value (jb, explained[1]);
      json_builder_end_array (jb);
    }
  json_builder_set_member_name (jb, "grid");
  json_builder_begin_array (jb);
  json_builder_add_int_value (jb, ls->nx);
  json_builder_add_int_value (jb, ls->ny);
  json_builder_end_array (jb);
  json_builder_set_member_name (jb, "span");
  json_builder_begin_array (jb);
  json_builder_add_double_value (jb, sx);
  if (d2 != NULL)
    json_builder_add_double_value (jb, sy);
  json_builder_end_array (jb);
  cli_json_add_double (jb, "center_loss", ls->center_loss);
  cli_json_add_double (jb, "loss_min", ls->loss_min);
  cli_json_add_double (jb, "loss_max", ls->loss_max);
  json_builder_set_member_name (jb, "nonfinite");
  json_builder_add_int_value (jb, (gint64) ls->n_nonfinite);
  cli_json_add_double (jb, "slice_seconds", ls->seconds);
  json_builder_set_member_name (jb, "threads");
  json_builder_add_int_value (jb, job->threads);
  json_builder_set_member_name (jb, "hessian");
  if (hess != NULL)
    {
      json_builder_begin_object (jb);
      add_string (jb, "method", pl_hessian_method_to_string (hess->method));
      cli_json_add_double (jb, "lambda_min", hess->lambda_min);
      cli_json_add_double (jb, "lambda_max", hess->lambda_max);
      json_builder_set_member_name (jb, "iterations");
      json_builder_add_int_value (jb, hess->iterations);
      json_builder_set_member_name (jb, "gradients");
      json_builder_add_int_value (jb, (gint64) hess->gradients);
      if (hess->method == PL_HESSIAN_LANCZOS)
        {
          cli_json_add_double (jb, "residual_min", hess->residual_min);
          cli_json_add_double (jb, "residual_max", hess->residual_max);
        }
      cli_json_add_double (jb, "step", job->hessian_config.step);
      cli_json_add_double (jb, "seconds", hess->seconds);
      json_builder_end_object (jb);
    }
  else
    json_builder_add_null_value (jb);
  json_builder_set_member_name (jb, "trajectory_points");
  json_builder_add_int_value (jb, tr != NULL ? (gint64) tr->n : 0);
  json_builder_set_member_name (jb, "files");
  json_builder_begin_object (jb);
  add_string (jb, "csv", csv_path);
  if (tr != NULL)
    add_string (jb, "trajectory", traj_path);
  add_string (jb, "png", png_path);
  add_string (jb, "pdf", pdf_path);
  add_string (jb, "summary", json_path);
  json_builder_end_object (jb);
  json_builder_end_object (jb);
  root = json_builder_get_root (jb);
  text = pl_json_to_string (root, TRUE);
  if (!cli_write_file (json_path, text, &error))
    return cli_fail (job->common, error);

  if (job->common->json)
    cli_print_json (root);
  else
    {
      g_autofree char *span = d2 != NULL ? g_strdup_printf ("%g x %g", sx, sy)
                                         : g_strdup_printf ("%g", sx);

      printf ("grid %u x %u, span %s: loss from %.6g to %.6g, %.6g at the centre (%.2f s)\n",
              ls->nx, ls->ny, span, ls->loss_min, ls->loss_max, ls->center_loss, ls->seconds);
      if (ls->n_nonfinite > 0)
        printf ("%" G_GSIZE_FORMAT " grid points gave a non-finite loss\n", ls->n_nonfinite);
      if (hess != NULL)
        printf ("Hessian (%s, %u %s): lambda_min = %.6g, lambda_max = %.6g (%.2f s)\n",
                pl_hessian_method_to_string (hess->method), hess->iterations,
                hess->method == PL_HESSIAN_FULL ? "parameters" : "Lanczos steps",
                hess->lambda_min, hess->lambda_max, hess->seconds);
      if (tr != NULL)
        printf ("trajectory: %" G_GSIZE_FORMAT " points, loss %.6g -> %.6g\n", tr->n,
                tr->loss[0], tr->loss[tr->n - 1]);
      printf ("wrote landscape.csv%s, landscape.png, landscape.pdf, summary.json in %s\n",
              tr != NULL ? ", trajectory.csv" : "", job->out);
    }
  return 0;
}
