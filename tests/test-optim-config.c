/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-optim-config.c: everything around the optimisers' numerics. Schedules against their
 * closed forms, config validation and JSON, the Adam-then-L-BFGS plan, checkpoints (bit-
 * identical continuation, errors naming the field) and adaptive loss weights by hand.
 */
#include "reference-optim.h"

#include <math.h>
#include <string.h>

/* --- schedules ----------------------------------------------------------------------- */

static void
test_schedules (void)
{
  PlSchedule s;

  pl_schedule_init (&s, PL_SCHEDULE_CONSTANT, 0.3);
  g_assert_cmpfloat (pl_schedule_lr (&s, 0), ==, 0.3);
  g_assert_cmpfloat (pl_schedule_lr (&s, 123456), ==, 0.3);

  /* Halving every 10 steps, continuously: 2^(-k/10). */
  pl_schedule_init (&s, PL_SCHEDULE_EXPONENTIAL, 2.0);
  s.gamma = 0.5;
  s.decay_steps = 10;
  g_assert_cmpfloat_with_epsilon (pl_schedule_lr (&s, 0), 2.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (pl_schedule_lr (&s, 5), 2.0 / G_SQRT2, 1e-15);
  g_assert_cmpfloat_with_epsilon (pl_schedule_lr (&s, 20), 0.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (pl_schedule_lr (&s, 35), 2.0 * exp (-3.5 * G_LN2), 1e-15);

  s.kind = PL_SCHEDULE_STEP;
  g_assert_cmpfloat (pl_schedule_lr (&s, 9), ==, 2.0);
  g_assert_cmpfloat (pl_schedule_lr (&s, 10), ==, 1.0);
  g_assert_cmpfloat (pl_schedule_lr (&s, 19), ==, 1.0);
  g_assert_cmpfloat (pl_schedule_lr (&s, 25), ==, 0.5);

  /* Cosine from 1 to 0.1 over 100 steps: half way at 50, (1 + cos (pi/4)) / 2 of the way
   * down at 25, the floor from 100 on. */
  pl_schedule_init (&s, PL_SCHEDULE_COSINE, 1.0);
  s.lr_min = 0.1;
  s.total_steps = 100;
  g_assert_cmpfloat_with_epsilon (pl_schedule_lr (&s, 0), 1.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (pl_schedule_lr (&s, 25), 0.1 + 0.9 * (0.5 + G_SQRT2 / 4.0),
                                  1e-15);
  g_assert_cmpfloat_with_epsilon (pl_schedule_lr (&s, 50), 0.55, 1e-15);
  g_assert_cmpfloat_with_epsilon (pl_schedule_lr (&s, 100), 0.1, 1e-15);
  g_assert_cmpfloat_with_epsilon (pl_schedule_lr (&s, 1000), 0.1, 1e-15);

  /* Warmup of 4 steps: 1/5, 2/5, 3/5, 4/5 of eta_0, then the cosine from its start. */
  s.warmup_steps = 4;
  for (guint64 k = 0; k < 4; k++)
    g_assert_cmpfloat_with_epsilon (pl_schedule_lr (&s, k), (k + 1) / 5.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (pl_schedule_lr (&s, 4), 1.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (pl_schedule_lr (&s, 54), 0.55, 1e-15);

  /* The optimiser follows its schedule: with a constant gradient Adam's update is
   * lr(s) |g| / (|g| + eps) at every step s, since m_hat = g and v_hat = g^2. */
  {
    PlOptimizerConfig cfg;
    g_autoptr(PlOptimizer) opt = NULL;
    double x = 0.0, g = 1.0;

    pl_optimizer_config_init (&cfg, PL_OPTIMIZER_ADAM);
    cfg.schedule = s;
    cfg.epsilon = 1e-12;
    opt = ref_optimizer_new (&cfg, 1);
    for (guint64 k = 0; k < 60; k++)
      {
        double before = x;

        g_assert_cmpfloat (pl_optimizer_get_lr (opt), ==, pl_schedule_lr (&s, k));
        ref_optimizer_step (opt, &x, &g);
        g_assert_cmpfloat_with_epsilon (before - x, pl_schedule_lr (&s, k), 1e-11);
      }
  }
}

/* --- save and restore ---------------------------------------------------------------- */

/* Text round trip, as a checkpoint file would do it. */
static PlOptimizer *
save_restore (const PlOptimizer *opt)
{
  g_autoptr(JsonNode) state = pl_optimizer_save_state (opt);
  g_autofree char *text = pl_json_to_string (state, TRUE);
  g_autoptr(JsonNode) parsed = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;
  PlOptimizer *restored;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *text2 = NULL;

  if (parsed == NULL)
    g_error ("%s", text);
  restored = pl_optimizer_new_from_state (parsed, &error);
  g_assert_no_error (error);
  again = pl_optimizer_save_state (restored);
  text2 = pl_json_to_string (again, TRUE);
  g_assert_cmpstr (text, ==, text2);
  return restored;
}

static void
advance (PlOptimizer *opt,
         double      *x,
         gsize        n,
         guint        steps)
{
  g_autofree double *g = g_new (double, n);
  double loss = ref_rosenbrock (x, g, GSIZE_TO_POINTER (n));

  for (guint s = 0; s < steps; s++)
    {
      g_autoptr(GError) error = NULL;

      if (pl_optimizer_get_config (opt)->kind == PL_OPTIMIZER_LBFGS)
        g_assert_true (pl_lbfgs_step (opt, x, &loss, g, ref_rosenbrock, GSIZE_TO_POINTER (n),
                                      &error));
      else
        {
          g_assert_true (pl_optimizer_step (opt, x, g, &error));
          loss = ref_rosenbrock (x, g, GSIZE_TO_POINTER (n));
        }
      g_assert_no_error (error);
    }
}

static void
test_save_restore (void)
{
  /* 2N steps in one go must equal N steps, a checkpoint through JSON text, and N more: for
   * every kind, with warmup and a cosine schedule, weight decay, a scaled or frozen block and
   * (L-BFGS) a history ring that has wrapped. */
  static const struct {
    PlOptimizerKind kind;
    gboolean        nesterov;
    double          weight_decay;
    gboolean        decoupled;
    double          block_scale;
  } variants[] = {
    { PL_OPTIMIZER_ADAM,  FALSE, 1e-3, TRUE,  0.5 },
    { PL_OPTIMIZER_ADAM,  FALSE, 1e-3, FALSE, 0.0 },
    { PL_OPTIMIZER_SGD,   FALSE, 0.0,  FALSE, 0.5 },
    { PL_OPTIMIZER_SGD,   TRUE,  1e-3, FALSE, 0.0 },
    { PL_OPTIMIZER_LBFGS, FALSE, 0.0,  FALSE, 0.0 },
  };
  const gsize n = 6;
  const guint N = 12;

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      PlOptimizerConfig cfg;
      g_autoptr(PlOptimizer) a = NULL;
      g_autoptr(PlOptimizer) b = NULL;
      g_autoptr(PlOptimizer) c = NULL;
      g_autoptr(GError) error = NULL;
      double xa[6], xb[6];

      pl_optimizer_config_init (&cfg, variants[v].kind);
      cfg.schedule.kind = PL_SCHEDULE_COSINE;
      cfg.schedule.lr = 1e-3;
      cfg.schedule.total_steps = 30;
      cfg.schedule.warmup_steps = 5;
      cfg.nesterov = variants[v].nesterov;
      cfg.weight_decay = variants[v].weight_decay;
      cfg.decoupled_weight_decay = variants[v].decoupled;
      cfg.history = 4;
      for (gsize i = 0; i < n; i++)
        xa[i] = xb[i] = i % 2 == 0 ? -1.2 : 1.0;
      a = ref_optimizer_new (&cfg, n);
      b = ref_optimizer_new (&cfg, n);
      g_assert_true (pl_optimizer_set_block_scale (a, 4, 2, variants[v].block_scale, &error));
      g_assert_true (pl_optimizer_set_block_scale (b, 4, 2, variants[v].block_scale, &error));
      g_assert_no_error (error);

      advance (a, xa, n, 2 * N);
      advance (b, xb, n, N);
      c = save_restore (b);
      g_clear_pointer (&b, pl_optimizer_free);
      advance (c, xb, n, N);
      g_assert_cmpmem (xa, sizeof xa, xb, sizeof xb);
      g_assert_cmpuint (pl_optimizer_get_step (c), ==, 2 * N);
      g_assert_cmpuint (pl_optimizer_get_n_evaluations (c), ==,
                        pl_optimizer_get_n_evaluations (a));
    }
}

static void
expect_state_error (const char *json,
                    const char *field)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlOptimizer) opt = NULL;

  g_assert_nonnull (node);
  opt = pl_optimizer_new_from_state (node, &error);
  g_assert_null (opt);
  g_assert_nonnull (error);
  g_assert_true (error->domain == PL_ERROR);
  if (strstr (error->message, field) == NULL)
    g_error ("error '%s' does not name '%s'", error->message, field);
}

static void
test_state_errors (void)
{
#define HEAD "{\"format\": \"plateau-optimizer-state\", \"version\": 1, "
#define ADAM "\"config\": {\"kind\": \"adam\"}, \"n_params\": 2, \"step\": 1, " \
             "\"n_evaluations\": 0, \"lr_scale\": [1, 1], "
  expect_state_error ("[1, 2]", "optimizer state");
  expect_state_error ("{\"format\": \"something else\", \"version\": 1}", "format");
  expect_state_error (HEAD "\"config\": {\"kind\": \"adam\", \"beta1\": 1.5}}", "config.beta1");
  expect_state_error (HEAD "\"config\": {\"kind\": \"adam\", \"schedule\": {\"lr\": -1}}}",
                      "config.schedule.lr");
  expect_state_error (HEAD "\"config\": {\"kind\": \"adma\"}}", "config.kind");
  expect_state_error (HEAD ADAM "\"adam_m\": [0, 0], \"adam_t\": [1, 1]}", "adam_v");
  expect_state_error (HEAD ADAM "\"adam_m\": [0], \"adam_v\": [0, 0], \"adam_t\": [1, 1]}",
                      "adam_m");
  expect_state_error (HEAD ADAM "\"adam_m\": [0, 0], \"adam_v\": [0, -1], \"adam_t\": [1, 1]}",
                      "adam_v[1]");
  expect_state_error (HEAD ADAM "\"adam_m\": [0, \"x\"], \"adam_v\": [0, 0], \"adam_t\": [1, 1]}",
                      "adam_m[1]");
  expect_state_error (HEAD ADAM "\"adam_m\": [0, 0], \"adam_v\": [0, 0], \"adam_t\": [1, 2]}",
                      "adam_t[1]");
  expect_state_error (HEAD ADAM "\"adam_m\": [0, 0], \"adam_v\": [0, 0], \"adam_t\": [1, 1], "
                      "\"velocity\": [0, 0]}", "velocity");
  expect_state_error (HEAD "\"config\": {\"kind\": \"adam\"}, \"n_params\": 2, \"step\": 1, "
                      "\"lr_scale\": [1, 1], \"adam_m\": [0, 0], \"adam_v\": [0, 0], "
                      "\"adam_t\": [1, 1]}", "n_evaluations");
  expect_state_error (HEAD "\"config\": {\"kind\": \"lbfgs\"}, \"n_params\": 2, \"step\": 1, "
                      "\"n_evaluations\": 0, \"lr_scale\": [1, -1], \"lbfgs_s\": [], "
                      "\"lbfgs_y\": []}", "lr_scale[1]");
  expect_state_error (HEAD "\"config\": {\"kind\": \"lbfgs\"}, \"n_params\": 2, \"step\": 1, "
                      "\"n_evaluations\": 0, \"lr_scale\": [1, 1], \"lbfgs_s\": [[1, 0]], "
                      "\"lbfgs_y\": [[-1, 0]]}", "lbfgs_s[0]");
  expect_state_error (HEAD "\"config\": {\"kind\": \"lbfgs\"}, \"n_params\": 2, \"step\": 1, "
                      "\"n_evaluations\": 0, \"lr_scale\": [1, 1], \"lbfgs_s\": [[1, 0]], "
                      "\"lbfgs_y\": []}", "lbfgs_y");
  expect_state_error (HEAD "\"config\": {\"kind\": \"sgd\", \"momentum\": 0}, \"n_params\": 1, "
                      "\"step\": 0, \"n_evaluations\": 0, \"lr_scale\": [1], "
                      "\"sgd_velocity\": [0]}", "sgd_velocity");
  expect_state_error (HEAD "\"config\": {\"kind\": \"sgd\"}, \"n_params\": 0, \"step\": 0, "
                      "\"n_evaluations\": 0, \"lr_scale\": [], \"sgd_velocity\": []}",
                      "n_params");
  /* A size that does not match the data fails on the data, before anything is allocated. */
  expect_state_error (HEAD "\"config\": {\"kind\": \"sgd\"}, \"n_params\": 1000000000000, "
                      "\"step\": 0, \"n_evaluations\": 0, \"lr_scale\": [1], "
                      "\"sgd_velocity\": [0]}", "lr_scale");
#undef HEAD
#undef ADAM
}

/* --- configs, plans, validation ------------------------------------------------------ */

static void
expect_invalid (const PlOptimizerConfig *cfg,
                const char              *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlOptimizer) opt = NULL;

  g_assert_false (pl_optimizer_config_validate (cfg, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  if (!g_str_has_prefix (error->message, field))
    g_error ("error '%s' does not start with '%s'", error->message, field);
  g_clear_error (&error);
  opt = pl_optimizer_new (cfg, 3, &error);
  g_assert_null (opt);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
}

/* Field by field (padding is not part of a struct's value); doubles bit for bit. */
static void
assert_config_equal (const PlOptimizerConfig *a,
                     const PlOptimizerConfig *b)
{
  const PlSchedule *sa = &a->schedule, *sb = &b->schedule;
  const double da[] = { sa->lr, sa->gamma, sa->lr_min, a->beta1, a->beta2, a->epsilon,
                        a->weight_decay, a->momentum, a->c1, a->c2 };
  const double db[] = { sb->lr, sb->gamma, sb->lr_min, b->beta1, b->beta2, b->epsilon,
                        b->weight_decay, b->momentum, b->c1, b->c2 };

  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpint (sa->kind, ==, sb->kind);
  g_assert_cmpuint (sa->decay_steps, ==, sb->decay_steps);
  g_assert_cmpuint (sa->total_steps, ==, sb->total_steps);
  g_assert_cmpuint (sa->warmup_steps, ==, sb->warmup_steps);
  g_assert_cmpmem (da, sizeof da, db, sizeof db);
  g_assert_true (!a->decoupled_weight_decay == !b->decoupled_weight_decay);
  g_assert_true (!a->nesterov == !b->nesterov);
  g_assert_cmpuint (a->history, ==, b->history);
  g_assert_cmpuint (a->max_evaluations, ==, b->max_evaluations);
}

static void
test_config (void)
{
  PlOptimizerConfig cfg, back;
  PlOptimizerPlan plan, plan_back;
  g_autoptr(GError) error = NULL;

#define BAD(field, stmt) \
  G_STMT_START { pl_optimizer_config_init (&cfg, PL_OPTIMIZER_ADAM); stmt; \
                 expect_invalid (&cfg, field); } G_STMT_END
  BAD ("schedule.lr", cfg.schedule.lr = 0.0);
  BAD ("schedule.lr", cfg.schedule.lr = -1e-3);
  BAD ("schedule.lr", cfg.schedule.lr = NAN);
  BAD ("schedule.gamma", cfg.schedule.gamma = 1.5);
  BAD ("schedule.lr_min", cfg.schedule.lr_min = 1.0);
  BAD ("schedule.total_steps", cfg.schedule.total_steps = 0);
  BAD ("beta1", cfg.beta1 = 1.0);
  BAD ("beta1", cfg.beta1 = NAN);
  BAD ("beta2", cfg.beta2 = -0.1);
  BAD ("epsilon", cfg.epsilon = NAN);
  BAD ("epsilon", cfg.epsilon = 0.0);
  BAD ("weight_decay", cfg.weight_decay = INFINITY);
  BAD ("momentum", cfg.momentum = 1.0);
  BAD ("nesterov", cfg.momentum = 0.0; cfg.nesterov = TRUE);
  BAD ("history", cfg.history = 0);
  BAD ("c2", cfg.c2 = cfg.c1);
  BAD ("c1", cfg.c1 = NAN);
#undef BAD
  {
    g_autoptr(PlOptimizer) opt = NULL;

    pl_optimizer_config_init (&cfg, PL_OPTIMIZER_ADAM);
    opt = pl_optimizer_new (&cfg, 0, &error);
    g_assert_null (opt);
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  /* JSON round trip, exact in every field. */
  pl_optimizer_config_init (&cfg, PL_OPTIMIZER_SGD);
  cfg.schedule.kind = PL_SCHEDULE_STEP;
  cfg.schedule.lr = 1.0 / 3.0;
  cfg.schedule.warmup_steps = 17;
  cfg.nesterov = TRUE;
  cfg.weight_decay = 2e-5;
  {
    g_autoptr(JsonNode) node = pl_optimizer_config_to_json (&cfg);
    g_autofree char *text = pl_json_to_string (node, FALSE);
    g_autoptr(JsonNode) parsed = json_from_string (text, NULL);

    g_assert_true (pl_optimizer_config_from_json (parsed, &back, &error));
    g_assert_no_error (error);
    assert_config_equal (&cfg, &back);
  }
  /* Missing fields take the kind's defaults; unknown ones and wrong types are named. */
  {
    g_autoptr(JsonNode) n1 = json_from_string ("{\"kind\": \"lbfgs\", \"history\": 5}", NULL);
    g_autoptr(JsonNode) n2 = json_from_string ("{\"kind\": \"sgd\", \"momentun\": 0.5}", NULL);
    g_autoptr(JsonNode) n3 = json_from_string ("{\"schedule\": {\"warmup_steps\": -3}}", NULL);
    g_autoptr(JsonNode) n4 = json_from_string ("{\"nesterov\": 1}", NULL);
    PlOptimizerConfig expect;

    g_assert_true (pl_optimizer_config_from_json (n1, &back, &error));
    pl_optimizer_config_init (&expect, PL_OPTIMIZER_LBFGS);
    expect.history = 5;
    assert_config_equal (&expect, &back);
    g_assert_false (pl_optimizer_config_from_json (n2, &back, &error));
    g_assert_nonnull (strstr (error->message, "momentun"));
    g_clear_error (&error);
    g_assert_false (pl_optimizer_config_from_json (n3, &back, &error));
    g_assert_nonnull (strstr (error->message, "schedule.warmup_steps"));
    g_clear_error (&error);
    g_assert_false (pl_optimizer_config_from_json (n4, &back, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "nesterov"));
    g_clear_error (&error);
  }

  /* Adam for 100 steps, then L-BFGS. */
  pl_optimizer_config_init (&cfg, PL_OPTIMIZER_ADAM);
  pl_optimizer_config_init (&back, PL_OPTIMIZER_LBFGS);
  pl_optimizer_plan_init (&plan, &cfg, 100, &back);
  g_assert_true (pl_optimizer_plan_validate (&plan, &error));
  g_assert_cmpint (pl_optimizer_plan_config_at (&plan, 0)->kind, ==, PL_OPTIMIZER_ADAM);
  g_assert_cmpint (pl_optimizer_plan_config_at (&plan, 99)->kind, ==, PL_OPTIMIZER_ADAM);
  g_assert_cmpint (pl_optimizer_plan_config_at (&plan, 100)->kind, ==, PL_OPTIMIZER_LBFGS);
  g_assert_cmpint (pl_optimizer_plan_config_at (&plan, 5000)->kind, ==, PL_OPTIMIZER_LBFGS);
  g_assert_false (pl_optimizer_plan_switches_at (&plan, 99));
  g_assert_true (pl_optimizer_plan_switches_at (&plan, 100));
  g_assert_false (pl_optimizer_plan_switches_at (&plan, 101));
  {
    g_autoptr(JsonNode) node = pl_optimizer_plan_to_json (&plan);
    g_autoptr(JsonNode) bad = json_from_string ("{\"second\": {\"kind\": \"lbfgs\", "
                                                "\"c2\": 2}}", NULL);

    g_assert_true (pl_optimizer_plan_from_json (node, &plan_back, &error));
    g_assert_no_error (error);
    assert_config_equal (&plan.first, &plan_back.first);
    assert_config_equal (&plan.second, &plan_back.second);
    g_assert_cmpuint (plan.switch_step, ==, plan_back.switch_step);
    g_assert_true (plan.has_second == plan_back.has_second);
    g_assert_false (pl_optimizer_plan_from_json (bad, &plan_back, &error));
    g_assert_true (g_str_has_prefix (error->message, "second.c2"));
    g_clear_error (&error);
  }
  /* Without a second optimiser the first runs throughout. */
  pl_optimizer_plan_init (&plan, &cfg, 100, NULL);
  g_assert_cmpint (pl_optimizer_plan_config_at (&plan, 1000)->kind, ==, PL_OPTIMIZER_ADAM);
  g_assert_false (pl_optimizer_plan_switches_at (&plan, 100));
  plan.first.beta2 = 1.0;
  g_assert_false (pl_optimizer_plan_validate (&plan, &error));
  g_assert_true (g_str_has_prefix (error->message, "first.beta2"));
  g_clear_error (&error);
  plan.first.beta2 = 0.99;
  plan.switch_step = G_MAXUINT64;
  g_assert_false (pl_optimizer_plan_validate (&plan, &error));
  g_assert_true (g_str_has_prefix (error->message, "switch_step"));
}

/* --- adaptive loss weights ----------------------------------------------------------- */

static void
test_loss_weights (void)
{
  /* By hand: max |grad L_r| = 4. Term 0: mean |.| = 1, lambda_hat = 4, 0.1 * 1 + 0.9 * 4 =
   * 3.7. Term 1: zero gradient, keeps 2. Term 2: mean 2, lambda_hat = 2, 0.1 * 10 + 0.9 * 2 =
   * 2.8. */
  const double gr[3] = { 1.0, -4.0, 2.0 };
  double gt[9] = { 0.5, -0.5, 2.0, 0.0, 0.0, 0.0, -2.0, 2.0, 2.0 };
  double w[3] = { 1.0, 2.0, 10.0 }, w0[3];
  g_autoptr(GError) error = NULL;

  g_assert_true (pl_loss_weights_update (3, gr, 3, gt, 0.9, w, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (w[0], 3.7, 1e-15);
  g_assert_cmpfloat (w[1], ==, 2.0);
  g_assert_cmpfloat_with_epsilon (w[2], 2.8, 1e-15);

  memcpy (w0, w, sizeof w);
  g_assert_false (pl_loss_weights_update (3, gr, 3, gt, 0.0, w, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  gt[7] = NAN;
  g_assert_false (pl_loss_weights_update (3, gr, 3, gt, 0.5, w, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NUMERIC);
  g_assert_cmpmem (w, sizeof w, w0, sizeof w0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Optim/schedules", test_schedules);
  g_test_add_func ("/Plateau/Optim/save-restore", test_save_restore);
  g_test_add_func ("/Plateau/Optim/state-errors", test_state_errors);
  g_test_add_func ("/Plateau/Optim/config", test_config);
  g_test_add_func ("/Plateau/Optim/loss-weights", test_loss_weights);

  return g_test_run ();
}
