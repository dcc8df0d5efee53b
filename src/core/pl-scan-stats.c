/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-scan-stats.c: the statistics of a scan point over parameter blocks (variances and their
 * bootstrap errors) and the scan's CSV table (see pl-scan.h).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-scan.h"
#include "pl-scan-private.h"

#include <math.h>
#include <string.h>

static guint
chosen_param (PlScanParam which,
              guint       np)
{
  switch (which)
    {
    case PL_SCAN_PARAM_FIRST:
      return 0;
    case PL_SCAN_PARAM_MIDDLE:
      return np / 2;
    case PL_SCAN_PARAM_LAST:
    default:
      return np - 1;
    }
}

/* Running sums of one average over the bootstrap resamples. */
typedef struct {
  double sum;
  double sum2;
} Boot;

static void
boot_add (Boot   *b,
          double  v)
{
  b->sum += v;
  b->sum2 += v * v;
}

static double
boot_stderr (const Boot *b,
             guint       R)
{
  double m = b->sum / R;

  return sqrt (MAX (b->sum2 / R - m * m, 0.0));
}

void
_pl_scan_statistics (const PlScanConfig *cfg,
                     guint64             stream,
                     const double       *grad,
                     gsize               S,
                     const PlBlockRange *blocks,
                     guint               reported,
                     PlScanPoint        *pt)
{
  const guint R = PL_SCAN_BOOTSTRAP;
  const PlBlockRange q = blocks[PL_BLOCK_QUANTUM];
  g_autofree gsize *idx = g_new (gsize, S);
  Boot bb[PL_N_BLOCKS] = { { 0, 0 } }, btotal = { 0, 0 }, bclass = { 0, 0 };
  double sum_total = 0, sum_class = 0, mean_q = 0;
  gsize n_total = 0, n_class = 0;
  PlRng boot;

  g_assert (reported & (1u << PL_BLOCK_QUANTUM));
  g_assert (q.size > 0);

  /* the point estimates: per-block means of the per-parameter variances */
  for (guint b = 0; b < PL_N_BLOCKS; b++)
    {
      double sum = 0;

      pt->block_size[b] = 0;
      pt->block_variance[b] = NAN;
      pt->block_stderr[b] = NAN;
      if (!(reported & (1u << b)) || blocks[b].size == 0)
        continue;
      for (gsize k = blocks[b].offset; k < blocks[b].offset + blocks[b].size; k++)
        {
          double m, v;

          pl_variance_stats (grad + k * S, S, 1, &m, &v, NULL);
          sum += v;
          if (b == PL_BLOCK_QUANTUM)
            mean_q += m / q.size;
        }
      pt->block_size[b] = blocks[b].size;
      pt->block_variance[b] = sum / blocks[b].size;
      sum_total += sum;
      n_total += blocks[b].size;
      if (b != PL_BLOCK_QUANTUM)
        {
          sum_class += sum;
          n_class += blocks[b].size;
        }
    }
  pt->n_params = n_total;
  pt->total_variance = sum_total / n_total;
  pt->classical_variance = n_class > 0 ? sum_class / n_class : NAN;

  /* their errors: the same resamples of the draws for every average */
  pl_rng_init_stream (&boot, cfg->seed ^ 0xb007, stream);
  for (guint r = 0; r < R; r++)
    {
      double rt = 0, rc = 0;

      for (gsize i = 0; i < S; i++)
        idx[i] = pl_rng_below (&boot, S);
      for (guint b = 0; b < PL_N_BLOCKS; b++)
        {
          double rb = 0;

          if (pt->block_size[b] == 0)
            continue;
          for (gsize k = blocks[b].offset; k < blocks[b].offset + blocks[b].size; k++)
            {
              const double *gk = grad + k * S;
              double m = 0, m2 = 0;

              for (gsize i = 0; i < S; i++)
                m += gk[idx[i]];
              m /= S;
              for (gsize i = 0; i < S; i++)
                m2 += (gk[idx[i]] - m) * (gk[idx[i]] - m);
              rb += m2 / (S - 1);
            }
          boot_add (&bb[b], rb / blocks[b].size);
          rt += rb;
          if (b != PL_BLOCK_QUANTUM)
            rc += rb;
        }
      boot_add (&btotal, rt / n_total);
      if (n_class > 0)
        boot_add (&bclass, rc / n_class);
    }
  for (guint b = 0; b < PL_N_BLOCKS; b++)
    if (pt->block_size[b] > 0)
      pt->block_stderr[b] = boot_stderr (&bb[b], R);
  pt->total_stderr = boot_stderr (&btotal, R);
  pt->classical_stderr = n_class > 0 ? boot_stderr (&bclass, R) : NAN;

  if (cfg->param != PL_SCAN_PARAM_ALL)
    pl_variance_stats (grad + (q.offset + chosen_param (cfg->param, q.size)) * S, S, 1,
                       &pt->mean, &pt->variance, &pt->stderr_);
  else
    {
      pt->mean = mean_q;
      pt->variance = pt->block_variance[PL_BLOCK_QUANTUM];
      pt->stderr_ = pt->block_stderr[PL_BLOCK_QUANTUM];
    }
}

/* --- the table ------------------------------------------------------------------------ */

guint
pl_scan_csv_blocks (const GArray *points)
{
  guint mask = 0;

  for (guint i = 0; i < points->len; i++)
    for (guint b = 0; b < PL_N_BLOCKS; b++)
      if (g_array_index (points, PlScanPoint, i).block_size[b] > 0)
        mask |= 1u << b;
  return mask;
}

void
pl_scan_csv_header (GString *csv,
                    guint    blocks)
{
  g_string_append (csv, "qubits,layers,model,cost,init,param,problem,variance,stderr,mean,"
                        "total_variance,total_stderr,classical_variance,classical_stderr,");
  for (guint b = 0; b < PL_N_BLOCKS; b++)
    if (blocks & (1u << b))
      g_string_append_printf (csv, "%s_variance,%s_stderr,", pl_block_name (b),
                              pl_block_name (b));
  g_string_append (csv, "cost_mean,samples,n_params,seconds\n");
}

/* A number that reads back exactly, or an empty cell for a value the model does not have. */
static void
append_number (GString *csv,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isnan (v))
    g_string_append (csv, g_ascii_dtostr (buf, sizeof buf, v));
  g_string_append_c (csv, ',');
}

/* A text cell, quoted (Pauli sums may hold anything but quotes and commas are harmless
 * inside quotes; a quote is doubled as RFC 4180 asks). */
static void
append_text (GString    *csv,
             const char *text)
{
  g_string_append_c (csv, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *c);
    }
  g_string_append (csv, "\",");
}

void
pl_scan_csv_append (GString      *csv,
                    guint         blocks,
                    const GArray *points,
                    const char   *cost,
                    const char   *init,
                    const char   *param,
                    const char   *problem)
{
  for (guint i = 0; i < points->len; i++)
    {
      const PlScanPoint *p = &g_array_index (points, PlScanPoint, i);

      g_string_append_printf (csv, "%u,%u,%s,", p->qubits, p->layers,
                              pl_scan_model_to_string (p->model));
      append_text (csv, cost);
      g_string_append_printf (csv, "%s,%s,", init, param);
      if (p->model != PL_SCAN_MODEL_PQC && problem != NULL)
        g_string_append (csv, problem);
      g_string_append_c (csv, ',');
      append_number (csv, p->variance);
      append_number (csv, p->stderr_);
      append_number (csv, p->mean);
      append_number (csv, p->total_variance);
      append_number (csv, p->total_stderr);
      append_number (csv, p->classical_variance);
      append_number (csv, p->classical_stderr);
      for (guint b = 0; b < PL_N_BLOCKS; b++)
        if (blocks & (1u << b))
          {
            append_number (csv, p->block_variance[b]);
            append_number (csv, p->block_stderr[b]);
          }
      append_number (csv, p->cost_mean);
      g_string_append_printf (csv, "%u,%u,%.3f\n", p->samples, p->n_params, p->seconds);
    }
}
