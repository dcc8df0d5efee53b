/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cli-bench-state.c: `plateau-cli bench state`, the speed of the statevector kernels measured
 * against this machine's own memory bandwidth, so the numbers mean the same on any machine.
 *
 * Everything runs on one thread, like the kernels themselves (callers parallelise over batch
 * chunks), so the bandwidth they are compared with is the bandwidth of one core.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "cli.h"

#include <plateau/plateau.h>

#include <math.h>
#include <stdio.h>
#include <time.h>

/* The targets the kernels were tuned for (DESIGN.md, numerical design). */
#define TARGET_ROTATION_FRACTION 0.6
#define TARGET_BATCHED_SPEEDUP   4.0

#define BATCH 256
#define TRIALS 3

/* Doubles per triad array: three arrays of 64 MiB, several times any last-level cache. Each
 * pass is timed in chunks of 8 MiB per array (about a millisecond), and the best chunk counts:
 * on a shared machine a whole 40 ms pass is rarely free of other processes, a chunk often is,
 * and every chunk still streams from memory because the pass before evicted it. */
#define STREAM_LENGTH ((gsize) 1 << 23)
#define STREAM_CHUNK  ((gsize) 1 << 20)

typedef struct {
  double min_seconds;  /* each timed trial runs at least this long */
  guint  stream_reps;
  guint  n_sizes;
  guint  sizes[8];
} BenchPlan;

typedef struct {
  guint  n;
  double rot_ns;           /* RY on the middle qubit n / 2, B = 1 */
  double rot_worst_ns;     /* the slowest qubit */
  guint  rot_worst_qubit;
  double cnot_ns;          /* CNOT control n / 2, target n / 2 - 1, B = 1 */
  double batch_ns;         /* per element, RY on the middle qubit, B = 256, one shared angle */
  double batch_pe_ns;      /* the same with a different angle for every element */
} BenchRow;

typedef struct {
  PlState      *state;
  PlGate        gate;
  guint         wires[2];
  const PlAngle *angle;
} GateCall;

/* Time is this thread's CPU time: on a machine shared with other work the scheduler's time
 * slices then do not count against the kernels (on an idle machine it equals wall time). */
static double
now_seconds (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return g_get_monotonic_time () / 1e6;
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
run_gate (const GateCall *call,
          guint64         reps)
{
  double t0 = now_seconds ();

  for (guint64 r = 0; r < reps; r++)
    pl_state_apply (call->state, call->gate, call->wires, call->angle);
  return now_seconds () - t0;
}

/* Nanoseconds per call, best of TRIALS trials of at least min_seconds each. The trial that
 * finds the repetition count is the first of the three. */
static double
time_gate_ns (const GateCall  *call,
              const BenchPlan *plan)
{
  guint64 reps = 1;
  double t, best;

  for (;;)
    {
      t = run_gate (call, reps);
      if (t >= plan->min_seconds)
        break;
      if (t <= 0)
        reps *= 10;
      else
        reps = MAX (reps * 2, (guint64) ceil (reps * plan->min_seconds * 1.1 / t));
    }
  best = t / reps;
  for (guint k = 1; k < TRIALS; k++)
    best = MIN (best, run_gate (call, reps) / reps);
  return best * 1e9;
}

/* The STREAM triad (McCalpin), a[i] = b[i] + s c[i]. Bytes are counted as STREAM counts
 * them: read b, read c, write a = 24 bytes per element. The cache line of a that the write
 * first reads in (write-allocate) is not counted, so the true traffic is a third higher. */
static void __attribute__ ((noinline))
triad (double *restrict       a,
       const double *restrict b,
       const double *restrict c,
       gsize                  n,
       double                 s)
{
  for (gsize i = 0; i < n; i++)
    a[i] = b[i] + s * c[i];
}

static double
stream_gbps (guint    reps,
             GError **error)
{
  const gsize n = STREAM_LENGTH;
  double *a = NULL, *b = NULL, *c = NULL;
  double best = INFINITY;

  a = pl_aligned_alloc (n * sizeof (double), "The bandwidth test", error);
  if (a != NULL)
    b = pl_aligned_alloc (n * sizeof (double), "The bandwidth test", error);
  if (b != NULL)
    c = pl_aligned_alloc (n * sizeof (double), "The bandwidth test", error);
  if (c == NULL)
    {
      pl_aligned_free (a);
      pl_aligned_free (b);
      return -1;
    }

  /* Touch every page first, so the timed passes do not include page faults. */
  for (gsize i = 0; i < n; i++)
    a[i] = 0, b[i] = 1, c[i] = 2;
  for (guint r = 0; r < reps; r++)
    for (gsize i = 0; i < n; i += STREAM_CHUNK)
      {
        double t0 = now_seconds ();

        triad (a + i, b + i, c + i, STREAM_CHUNK, 0.5 + r);
        best = MIN (best, now_seconds () - t0);
      }

  pl_aligned_free (a);
  pl_aligned_free (b);
  pl_aligned_free (c);
  return 24.0 * STREAM_CHUNK / best / 1e9;
}

/* Hadamards on every qubit: all amplitudes 2^{-n/2}, no zeros or denormals for the timing. */
static void
spread (PlState *state)
{
  for (guint q = 0; q < state->n_qubits; q++)
    pl_state_apply (state, PL_GATE_H, &q, NULL);
}

static gboolean
measure_row (guint            n,
             const BenchPlan *plan,
             PlRng           *rng,
             BenchRow        *row,
             GError         **error)
{
  g_autoptr(PlState) state = NULL;
  double theta = 0.3;
  PlAngle shared = { &theta, 0 };
  GateCall call = { NULL };

  row->n = n;
  row->batch_ns = NAN;
  row->batch_pe_ns = NAN;

  state = pl_state_new (n, 1, error);
  if (state == NULL)
    return FALSE;
  spread (state);

  call.state = state;
  call.gate = PL_GATE_RY;
  call.angle = &shared;
  row->rot_worst_ns = 0;
  for (guint q = 0; q < n; q++)
    {
      double ns;

      call.wires[0] = q;
      ns = time_gate_ns (&call, plan);
      if (q == n / 2)
        row->rot_ns = ns;
      if (ns > row->rot_worst_ns)
        row->rot_worst_ns = ns, row->rot_worst_qubit = q;
    }

  call.gate = PL_GATE_CNOT;
  call.angle = NULL;
  call.wires[0] = n / 2;
  call.wires[1] = n / 2 - 1;
  row->cnot_ns = time_gate_ns (&call, plan);

  if (n <= 10)
    {
      g_autoptr(PlState) batched = pl_state_new (n, BATCH, error);
      double thetas[BATCH];
      PlAngle per_element = { thetas, 1 };

      if (batched == NULL)
        return FALSE;
      spread (batched);
      for (guint b = 0; b < BATCH; b++)
        thetas[b] = (pl_rng_uniform (rng) * 2 - 1) * G_PI;
      call.state = batched;
      call.gate = PL_GATE_RY;
      call.wires[0] = n / 2;
      call.angle = &shared;
      row->batch_ns = time_gate_ns (&call, plan) / BATCH;
      call.angle = &per_element;
      row->batch_pe_ns = time_gate_ns (&call, plan) / BATCH;
    }
  return TRUE;
}

/* Bytes a rotation moves on one state of n qubits: both arrays read and written once. */
static double
rotation_gbps (const BenchRow *row,
               double          ns)
{
  return 32.0 * ldexp (1.0, (int) row->n) / ns;
}

static void
print_row (const BenchRow *row,
           double          stream)
{
  printf ("%3u %11.1f %11.1f (q%-2u) %11.1f", row->n, row->rot_ns, row->rot_worst_ns,
          row->rot_worst_qubit, row->cnot_ns);
  if (isnan (row->batch_ns))
    printf (" %13s %13s", "-", "-");
  else
    printf (" %13.2f %13.2f", row->batch_ns, row->batch_pe_ns);
  printf (" %9.1f %7.0f%%\n", rotation_gbps (row, row->rot_ns),
          100 * rotation_gbps (row, row->rot_ns) / stream);
  fflush (stdout);
}

static JsonNode *
summary_json (const BenchRow *rows,
              guint           n_rows,
              double          stream,
              double          fraction,
              double          speedup,
              double          speedup_pe)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "command");
  json_builder_add_string_value (builder, "bench state");
  json_builder_set_member_name (builder, "kernel_isa");
  json_builder_add_string_value (builder, pl_state_kernel_isa ());
  json_builder_set_member_name (builder, "threads");
  json_builder_add_int_value (builder, 1);
  cli_json_add_double (builder, "stream_gbps", stream);
  json_builder_set_member_name (builder, "stream_bytes_per_element");
  json_builder_add_int_value (builder, 24);
  cli_json_add_double (builder, "rotation_fraction_of_stream", fraction);
  cli_json_add_double (builder, "batched_speedup", speedup);
  cli_json_add_double (builder, "batched_speedup_per_element_angles", speedup_pe);
  json_builder_set_member_name (builder, "batch");
  json_builder_add_int_value (builder, BATCH);
  cli_json_add_double (builder, "target_rotation_fraction_of_stream", TARGET_ROTATION_FRACTION);
  cli_json_add_double (builder, "target_batched_speedup", TARGET_BATCHED_SPEEDUP);

  json_builder_set_member_name (builder, "table");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_rows; i++)
    {
      const BenchRow *row = &rows[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, row->n);
      cli_json_add_double (builder, "rotation_ns", row->rot_ns);
      cli_json_add_double (builder, "rotation_worst_ns", row->rot_worst_ns);
      json_builder_set_member_name (builder, "rotation_worst_qubit");
      json_builder_add_int_value (builder, row->rot_worst_qubit);
      cli_json_add_double (builder, "cnot_ns", row->cnot_ns);
      cli_json_add_double (builder, "batch_ns_per_element", row->batch_ns);
      cli_json_add_double (builder, "batch_per_element_angles_ns_per_element", row->batch_pe_ns);
      cli_json_add_double (builder, "rotation_gbps", rotation_gbps (row, row->rot_ns));
      cli_json_add_double (builder, "rotation_fraction_of_stream",
                           rotation_gbps (row, row->rot_ns) / stream);
      cli_json_add_double (builder, "rotation_worst_fraction_of_stream",
                           rotation_gbps (row, row->rot_worst_ns) / stream);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const char *
met (double value,
     double target)
{
  return value >= target ? "met" : "NOT met";
}

int
cli_bench_state (const CliCommon *common,
                 int              argc,
                 char           **argv)
{
  static const BenchPlan full = { 0.05, 10, 6, { 4, 8, 12, 16, 20, 22 } };
  static const BenchPlan quick = { 0.005, 3, 3, { 4, 8, 18 } };
  gboolean opt_quick = FALSE;
  const GOptionEntry entries[] = {
    { "quick", 0, 0, G_OPTION_ARG_NONE, &opt_quick,
      "A short run (n = 4, 8, 18, trials of 5 ms) to check that everything works", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  const BenchPlan *plan;
  BenchRow rows[G_N_ELEMENTS (full.sizes)];
  double stream, fraction = INFINITY, speedup = INFINITY, speedup_pe = INFINITY;
  PlRng rng;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_summary (ctx, "bench state: the gate kernels, one thread, against this "
                                "machine's memory bandwidth (under a minute; --quick: seconds).");
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return cli_fail_literal (common, error->message);
  if (argc > 1)
    {
      g_autofree char *msg = g_strdup_printf ("bench state takes no arguments, got '%s'",
                                              argv[1]);
      return cli_fail_literal (common, msg);
    }
  plan = opt_quick ? &quick : &full;
  pl_rng_init (&rng, (guint64) common->seed);

  stream = stream_gbps (plan->stream_reps, &error);
  if (stream < 0)
    return cli_fail (common, error);

  if (!common->json)
    {
      printf ("Statevector kernels: %s, one thread; times are the best of %d trials of at "
              "least %.0f ms of thread CPU time.\n", pl_state_kernel_isa (), TRIALS,
              plan->min_seconds * 1e3);
      printf ("Stream triad bandwidth: %.1f GB/s (24 bytes per element: read b, read c, "
              "write a; write-allocate not counted).\n\n", stream);
      printf ("%3s %11s %17s %11s %13s %13s %9s %8s\n", "n", "RY mid ns", "RY worst ns",
              "CNOT ns", "B=256 ns/st", "per-angle", "RY GB/s", "stream");
    }

  for (guint i = 0; i < plan->n_sizes; i++)
    {
      BenchRow *row = &rows[i];

      if (!measure_row (plan->sizes[i], plan, &rng, row, &error))
        return cli_fail (common, error);
      if (!common->json)
        print_row (row, stream);
      if (row->n >= 18)
        fraction = MIN (fraction, rotation_gbps (row, row->rot_ns) / stream);
      if (row->n <= 8 && !isnan (row->batch_ns))
        {
          speedup = MIN (speedup, row->rot_ns / row->batch_ns);
          speedup_pe = MIN (speedup_pe, row->rot_ns / row->batch_pe_ns);
        }
    }

  if (common->json)
    {
      g_autoptr(JsonNode) root = summary_json (rows, plan->n_sizes, stream, fraction,
                                               speedup, speedup_pe);
      cli_print_json (root);
      return 0;
    }

  printf ("\nRY mid: qubit n/2 of one state; worst: the slowest qubit. CNOT: control n/2, "
          "target n/2-1.\nB=256 ns/st: nanoseconds per state in a batch of %d with one shared "
          "angle; per-angle: a different angle for each state.\nRY GB/s counts 32 * 2^n bytes "
          "(both arrays read and written once).\n\n", BATCH);
  printf ("Rotation at n >= 18: %.0f%% of stream bandwidth (target >= %.0f%%): %s\n",
          100 * fraction, 100 * TARGET_ROTATION_FRACTION, met (fraction,
                                                                TARGET_ROTATION_FRACTION));
  printf ("Batched speedup at n <= 8, B=1 rotation / B=%d per state: %.1fx shared angle, "
          "%.1fx per-element angles (target >= %.0fx): %s\n", BATCH, speedup, speedup_pe,
          TARGET_BATCHED_SPEEDUP, met (speedup, TARGET_BATCHED_SPEEDUP));
  return 0;
}
