/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-landscape-objective.c: objectives (a loss over parameter points) and the chunked,
 * threaded evaluation every landscape computation goes through (see pl-landscape.h). The
 * built-in objectives are in pl-landscape-builtin.c.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-landscape.h"
#include "pl-landscape-private.h"
#include "pl-error.h"

#include <math.h>
#include <string.h>

struct _PlObjective {
  PlObjectiveClass klass;
  PlObjectiveInfo  info;
  gpointer         data;
  GDestroyNotify   destroy;
  guint            n_blocks;
  guint           *block_of;
  char           **names;     /* n_blocks + 1, NULL-terminated */
};

PlObjective *
pl_objective_new (const PlObjectiveClass *klass,
                  const PlObjectiveInfo  *info,
                  gpointer                data,
                  GDestroyNotify          destroy)
{
  PlObjective *o;

  g_return_val_if_fail (klass != NULL && klass->evaluate != NULL && klass->gradient != NULL,
                        NULL);
  g_return_val_if_fail (info != NULL && info->n_params > 0, NULL);

  o = g_new0 (PlObjective, 1);
  o->klass = *klass;
  o->info = *info;
  o->info.batch_values = MAX (info->batch_values, 1);
  o->info.batch_gradients = MAX (info->batch_gradients, 1);
  o->info.threads = MAX (info->threads, 1);
  o->data = data;
  o->destroy = destroy;
  o->n_blocks = 1;
  o->block_of = g_new0 (guint, info->n_params);
  o->names = g_new0 (char *, 2);
  o->names[0] = g_strdup ("all");
  return o;
}

void
pl_objective_free (PlObjective *o)
{
  if (o == NULL)
    return;
  if (o->destroy != NULL)
    o->destroy (o->data);
  g_free (o->block_of);
  g_strfreev (o->names);
  g_free (o);
}

gsize
pl_objective_n_params (const PlObjective *o)
{
  g_return_val_if_fail (o != NULL, 0);
  return o->info.n_params;
}

guint
pl_objective_get_threads (const PlObjective *o)
{
  g_return_val_if_fail (o != NULL, 0);
  return o->info.threads;
}

gboolean
pl_objective_set_blocks (PlObjective        *o,
                         guint               n_blocks,
                         const guint        *block_of,
                         const char *const  *names,
                         GError            **error)
{
  g_autofree guint *count = NULL;
  gsize n = o->info.n_params;

  g_return_val_if_fail (o != NULL && block_of != NULL, FALSE);

  if (n_blocks == 0 || n_blocks > n)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "%u parameter blocks for %" G_GSIZE_FORMAT " parameters: need 1 to %"
                   G_GSIZE_FORMAT, n_blocks, n, n);
      return FALSE;
    }
  count = g_new0 (guint, n_blocks);
  for (gsize k = 0; k < n; k++)
    {
      if (block_of[k] >= n_blocks)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "parameter %" G_GSIZE_FORMAT " is put in block %u, but there are %u "
                       "blocks", k, block_of[k], n_blocks);
          return FALSE;
        }
      count[block_of[k]]++;
    }
  for (guint b = 0; b < n_blocks; b++)
    if (count[b] == 0)
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "parameter block %u is empty (every block needs a parameter)", b);
        return FALSE;
      }

  memcpy (o->block_of, block_of, n * sizeof (guint));
  o->n_blocks = n_blocks;
  g_strfreev (o->names);
  o->names = g_new0 (char *, n_blocks + 1);
  for (guint b = 0; b < n_blocks; b++)
    o->names[b] = names != NULL && names[b] != NULL ? g_strdup (names[b])
                                                    : g_strdup_printf ("block %u", b);
  return TRUE;
}

guint
pl_objective_n_blocks (const PlObjective *o)
{
  g_return_val_if_fail (o != NULL, 0);
  return o->n_blocks;
}

const guint *
pl_objective_get_blocks (const PlObjective *o)
{
  g_return_val_if_fail (o != NULL, NULL);
  return o->block_of;
}

const char *
pl_objective_block_name (const PlObjective *o,
                         guint              block)
{
  g_return_val_if_fail (o != NULL && block < o->n_blocks, NULL);
  return o->names[block];
}

gboolean
_pl_landscape_check_finite (const double  *v,
                            gsize          n,
                            const char    *what,
                            GError       **error)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (v[i]))
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                     "%s[%" G_GSIZE_FORMAT "] is %g; every entry must be finite", what, i, v[i]);
        return FALSE;
      }
  return TRUE;
}

/* --- the driver ----------------------------------------------------------------------- */

typedef struct {
  PlObjective         *obj;
  gsize                n;
  gsize                chunk;
  PlPointFill          fill;
  gconstpointer        fill_data;
  double              *values;
  double              *grads;
  PlLandscapeProgress  progress;
  gpointer             user_data;
  GCancellable        *cancellable;
  gint                 next;      /* atomic chunk counter */
  GMutex               lock;      /* error, done, progress calls */
  guint64              done;
  GError              *error;
} Run;

static void
run_set_error (Run    *run,
               GError *error)
{
  g_mutex_lock (&run->lock);
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&run->lock);
}

static gpointer
run_worker (gpointer data)
{
  Run *run = data;
  gsize np = run->obj->info.n_params;
  gboolean want_grad = run->grads != NULL;
  g_autofree double *p = g_new (double, np * run->chunk);
  g_autofree double *v = g_new (double, run->chunk);
  g_autofree double *g = want_grad ? g_new (double, np * run->chunk) : NULL;

  for (;;)
    {
      gsize c = (gsize) g_atomic_int_add (&run->next, 1);
      gsize start = c * run->chunk, len;
      GError *error = NULL;
      gboolean failed;

      if (start >= run->n)
        break;
      if (g_cancellable_is_cancelled (run->cancellable))
        break;
      g_mutex_lock (&run->lock);
      failed = run->error != NULL;
      g_mutex_unlock (&run->lock);
      if (failed)
        break;

      len = MIN (run->chunk, run->n - start);
      run->fill (run->fill_data, np, start, len, p);
      if (want_grad ? !run->obj->klass.gradient (run->obj->data, len, p, v, g, &error)
                    : !run->obj->klass.evaluate (run->obj->data, len, p, v, &error))
        {
          if (error == NULL)
            g_set_error_literal (&error, PL_ERROR, PL_ERROR_NUMERIC,
                                 "the objective failed without saying why");
          run_set_error (run, error);
          break;
        }
      memcpy (run->values + start, v, len * sizeof (double));
      if (want_grad)
        for (gsize b = 0; b < len; b++)
          for (gsize k = 0; k < np; k++)
            run->grads[(start + b) * np + k] = g[k * len + b];

      g_mutex_lock (&run->lock);
      run->done += len;
      if (run->progress != NULL)
        run->progress (run->done, run->n, run->user_data);
      g_mutex_unlock (&run->lock);
    }
  return NULL;
}

gboolean
_pl_objective_run (PlObjective         *obj,
                   gsize                n,
                   PlPointFill          fill,
                   gconstpointer        fill_data,
                   double              *values,
                   double              *grads,
                   PlLandscapeProgress  progress,
                   gpointer             user_data,
                   GCancellable        *cancellable,
                   GError             **error)
{
  Run run = { 0 };
  g_autofree GThread **th = NULL;
  gsize n_chunks;
  guint threads;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_CANCELLED, "the computation was cancelled");
      return FALSE;
    }
  if (n == 0)
    return TRUE;

  run.obj = obj;
  run.n = n;
  run.chunk = grads != NULL ? obj->info.batch_gradients : obj->info.batch_values;
  run.fill = fill;
  run.fill_data = fill_data;
  run.values = values;
  run.grads = grads;
  run.progress = progress;
  run.user_data = user_data;
  run.cancellable = cancellable;
  g_mutex_init (&run.lock);

  /* Spread small jobs too: with fewer points than one batch per thread, smaller chunks. */
  n_chunks = (n + run.chunk - 1) / run.chunk;
  threads = (guint) MIN ((gsize) obj->info.threads, n_chunks);
  if (n_chunks < obj->info.threads && obj->info.threads > 1)
    {
      run.chunk = MAX ((n + obj->info.threads - 1) / obj->info.threads, 1);
      threads = (guint) MIN ((gsize) obj->info.threads, (n + run.chunk - 1) / run.chunk);
    }
  if (n / run.chunk > G_MAXINT / 2)
    {
      g_mutex_clear (&run.lock);
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "%" G_GSIZE_FORMAT " points are too many for one computation", n);
      return FALSE;
    }

  th = g_new0 (GThread *, threads);
  for (guint t = 1; t < threads; t++)
    th[t] = g_thread_new ("plateau-landscape", run_worker, &run);
  run_worker (&run);
  for (guint t = 1; t < threads; t++)
    g_thread_join (th[t]);
  g_mutex_clear (&run.lock);

  if (run.error != NULL)
    {
      g_propagate_error (error, run.error);
      return FALSE;
    }
  if (run.done < n)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_CANCELLED, "the computation was cancelled");
      return FALSE;
    }
  return TRUE;
}

/* Rows of a matrix given by the caller, for pl_objective_evaluate. */
static void
fill_rows (gconstpointer  data,
           gsize          np,
           gsize          start,
           gsize          len,
           double        *p)
{
  const double *rows = data;

  for (gsize b = 0; b < len; b++)
    for (gsize k = 0; k < np; k++)
      p[k * len + b] = rows[(start + b) * np + k];
}

gboolean
pl_objective_evaluate (PlObjective          *obj,
                       gsize                 n,
                       const double         *params,
                       double               *values,
                       PlLandscapeProgress   progress,
                       gpointer              user_data,
                       GCancellable         *cancellable,
                       GError              **error)
{
  g_return_val_if_fail (obj != NULL && (n == 0 || (params != NULL && values != NULL)), FALSE);

  if (!_pl_landscape_check_finite (params, n * obj->info.n_params, "params", error))
    return FALSE;
  return _pl_objective_run (obj, n, fill_rows, params, values, NULL, progress, user_data,
                            cancellable, error);
}

gboolean
pl_objective_gradient (PlObjective   *obj,
                       const double  *params,
                       double        *value,
                       double        *grad,
                       GError       **error)
{
  double v;

  g_return_val_if_fail (obj != NULL && params != NULL && grad != NULL, FALSE);

  if (!_pl_landscape_check_finite (params, obj->info.n_params, "params", error))
    return FALSE;
  /* one point: batch layout and row layout coincide */
  if (!obj->klass.gradient (obj->data, 1, params, &v, grad, error))
    return FALSE;
  if (value != NULL)
    *value = v;
  return TRUE;
}
