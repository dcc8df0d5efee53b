/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "reference.h"

#include <glib/gstdio.h>

#include <string.h>

static double
ref_param (const PlCircuitArgs *args,
           gint                 k,
           gsize                b)
{
  return args->params_batched ? args->params[(gsize) k * args->batch + b] : args->params[k];
}

static double
ref_angle (const PlAngleSource *s,
           const PlCircuitArgs *args,
           gsize                b)
{
  switch (s->kind)
    {
    case PL_SOURCE_FIXED:
      return s->value;
    case PL_SOURCE_PARAM:
      return s->scale * ref_param (args, s->index, b) + s->value;
    case PL_SOURCE_INPUT:
      {
        double x = args->inputs[(gsize) s->index * args->batch + b];
        double a = s->a_param >= 0 ? ref_param (args, s->a_param, b) : s->scale;
        double c = s->b_param >= 0 ? ref_param (args, s->b_param, b) : s->value;
        return a * x + c;
      }
    case PL_SOURCE_EXTERNAL:
      return args->external[(gsize) s->index * args->batch + b];
    default:
      g_assert_not_reached ();
    }
}

void
ref_circuit_state (const PlCircuit     *circuit,
                   const PlCircuitArgs *args,
                   gsize                b,
                   double              *re,
                   double              *im)
{
  gsize dim = (gsize) 1 << circuit->n_qubits;

  memset (re, 0, dim * sizeof (double));
  memset (im, 0, dim * sizeof (double));
  re[0] = 1.0;
  for (gsize i = 0; i < circuit->n_ops; i++)
    {
      const PlOp *op = &circuit->ops[i];
      double angles[PL_GATE_MAX_PARAMS] = { 0 };

      for (guint k = 0; k < pl_gate_info (op->gate)->n_params; k++)
        angles[k] = ref_angle (&op->src[k], args, b);
      ref_apply_gate (circuit->n_qubits, op->gate, op->wires, angles, re, im);
    }
}

double
ref_circuit_objective (const PlCircuit     *circuit,
                       const PlCircuitArgs *args,
                       guint                n_obs,
                       PlObservable *const *obs,
                       const double        *weights,
                       gsize                b)
{
  gsize dim = (gsize) 1 << circuit->n_qubits;
  g_autofree double *re = g_new (double, dim);
  g_autofree double *im = g_new (double, dim);
  g_autofree double *mre = g_new (double, dim * dim);
  g_autofree double *mim = g_new (double, dim * dim);
  double f = 0;

  ref_circuit_state (circuit, args, b, re, im);
  for (guint i = 0; i < (weights ? n_obs : 1); i++)
    {
      double w = weights ? weights[(gsize) i * args->batch + b] : 1.0;
      double e;

      if (obs[i]->kind == PL_OBSERVABLE_GLOBAL_COST)
        e = 1.0 - (re[0] * re[0] + im[0] * im[0]);
      else
        {
          ref_pauli_sum_matrix (obs[i]->sum, circuit->n_qubits, mre, mim);
          e = ref_expectation (dim, mre, mim, re, im);
        }
      f += w * e;
    }
  return f;
}

PlCircuit *
ref_random_circuit (PlRng *rng,
                    guint  n,
                    guint  n_ops)
{
  PlCircuit *c = pl_circuit_new (n);
  guint n_fixed_params = 3;

  for (guint k = 0; k < n_fixed_params; k++)
    pl_circuit_add_param (c);

  for (guint i = 0; i < n_ops; i++)
    {
      PlGate gate;
      const PlGateInfo *info;
      guint wires[2];
      PlAngleSource src[PL_GATE_MAX_PARAMS];

      do
        gate = (PlGate) pl_rng_below (rng, PL_N_GATES);
      while (pl_gate_info (gate)->n_wires > n);
      info = pl_gate_info (gate);
      wires[0] = pl_rng_below (rng, n);
      if (info->n_wires == 2)
        do
          wires[1] = pl_rng_below (rng, n);
        while (wires[1] == wires[0]);

      for (guint k = 0; k < info->n_params; k++)
        {
          switch (pl_rng_below (rng, 6))
            {
            case 0:
              src[k] = pl_source_fixed (pl_rng_uniform (rng) * 6.0 - 3.0);
              break;
            case 1:
            case 2:
              src[k] = pl_source_param (pl_circuit_add_param (c), 0.5 + pl_rng_uniform (rng));
              src[k].value = pl_rng_uniform (rng) - 0.5;
              break;
            case 3:
              /* a parameter shared by several gates */
              src[k] = pl_source_param (pl_rng_below (rng, n_fixed_params), 1.0);
              break;
            case 4:
              if (pl_rng_below (rng, 2))
                src[k] = pl_source_input (pl_rng_below (rng, 2), 1.3, -0.2, -1, -1);
              else
                {
                  guint a = pl_circuit_add_param (c);
                  guint bb = pl_circuit_add_param (c);
                  src[k] = pl_source_input (pl_rng_below (rng, 2), 0, 0, a, bb);
                }
              break;
            default:
              src[k] = pl_source_external (pl_rng_below (rng, 2));
              break;
            }
        }
      g_assert_true (pl_circuit_append (c, gate, wires, src, NULL));
    }
  return c;
}

static gboolean
single_frequency (PlGate g)
{
  return g == PL_GATE_RX || g == PL_GATE_RY || g == PL_GATE_RZ || g == PL_GATE_RXX ||
         g == PL_GATE_RYY || g == PL_GATE_RZZ || g == PL_GATE_PHASE;
}

PlCircuit *
ref_random_jet_circuit (PlRng               *rng,
                        guint                n_qubits,
                        guint                n_inputs,
                        guint                n_external,
                        gboolean             rotations_only,
                        guint                max_varying,
                        RefJetCircuitCounts *counts)
{
  PlCircuit *c = pl_circuit_new (n_qubits);
  RefJetCircuitCounts n = { 0 };

  pl_circuit_add_param (c);
  pl_circuit_add_param (c);

  for (guint rep = 0; rep < 2; rep++)
    for (guint g = 0; g < PL_N_GATES; g++)
      {
        const PlGateInfo *info = pl_gate_info (g);
        guint w[2];
        PlAngleSource src[3];

        if (info->n_wires > n_qubits)
          continue;
        w[0] = pl_rng_below (rng, n_qubits);
        do
          w[1] = pl_rng_below (rng, n_qubits);
        while (info->n_wires == 2 && w[1] == w[0]);
        for (guint k = 0; k < info->n_params; k++)
          {
            guint pick = pl_rng_below (rng, 5);
            gboolean varying_ok = !rotations_only ||
                                  (single_frequency (g) && n.n_varying < max_varying);
            gboolean varying = FALSE;

            if (pick >= 2 && !varying_ok)
              pick = pl_rng_below (rng, 2);
            switch (pick)
              {
              case 0:
                src[k] = pl_source_fixed (pl_rng_uniform (rng) * 3);
                break;
              case 1:
                src[k] = pl_source_param (pl_rng_below (rng, 2), 0.7);
                break;
              case 2:
                {
                  guint a = pl_circuit_add_param (c), b = pl_circuit_add_param (c);
                  src[k] = pl_source_input (pl_rng_below (rng, n_inputs), 0, 0, a, b);
                  varying = TRUE;
                }
                break;
              case 3:
                src[k] = pl_source_input (pl_rng_below (rng, n_inputs), 1.1, 0.3, -1, -1);
                varying = TRUE;
                break;
              default:
                if (n_external > 0)
                  {
                    src[k] = pl_source_external (pl_rng_below (rng, n_external));
                    varying = TRUE;
                  }
                else
                  src[k] = pl_source_param (0, 1.0);
                break;
              }
            if (varying)
              n.n_varying++;
            else if (src[k].kind == PL_SOURCE_PARAM)
              {
                /* U3 and ROT lower to three rotations (RZ RY RZ), each two-term */
                if (single_frequency (g) || g == PL_GATE_U3 || g == PL_GATE_ROT)
                  n.n_param2++;
                else
                  n.n_param4++;
              }
          }
        g_assert_true (pl_circuit_append (c, g, w, src, NULL));
      }
  /* every slot exists even if no gate drew it */
  for (guint m = 0; m < n_external; m++)
    {
      guint w0[1] = { m % n_qubits };
      PlAngleSource s = pl_source_external (m);

      g_assert_true (pl_circuit_append (c, PL_GATE_RY, w0, &s, NULL));
      n.n_varying++;
    }
  if (counts != NULL)
    *counts = n;
  return c;
}

PlModel *
ref_small_model (PlModelKind kind,
                 guint       d,
                 guint       m)
{
  PlModelConfig cfg;
  PlTemplateOptions topt = { .n_qubits = 2, .n_layers = 2, .n_inputs = d };
  PlCircuit *c = NULL;
  PlObservable *obs[2] = { NULL, NULL };
  guint n_obs = 0;

  pl_model_config_init (&cfg);
  cfg.kind = kind;
  cfg.n_inputs = d;
  cfg.n_outputs = m;
  cfg.n_hidden = 2;
  cfg.hidden[0] = 6;
  cfg.hidden[1] = 5;
  if (kind != PL_MODEL_CLASSICAL)
    {
      c = pl_circuit_new_template ("reupload", &topt, NULL);
      obs[0] = pl_observable_parse ("Z0", 2, NULL);
      obs[1] = pl_observable_parse ("Z1", 2, NULL);
      n_obs = 2;
    }
  return pl_model_new (&cfg, c, n_obs, obs, NULL);
}

PlExperiment *
ref_experiment_load (const char *text)
{
  g_autoptr(GError) error = NULL;
  PlExperiment *e = pl_experiment_load_from_data (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (e);
  return e;
}

void
ref_experiment_round_trip (const PlExperiment *e)
{
  g_autofree char *dir = g_dir_make_tmp ("plateau-exp-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "e.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlExperiment) back = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_true (pl_experiment_save (e, path, &error));
  g_assert_no_error (error);
  back = pl_experiment_load (path, &error);
  g_assert_no_error (error);
  g_assert_true (pl_experiment_equal (e, back));
  /* and the text is a fixed point */
  a = pl_experiment_to_data (e);
  b = pl_experiment_to_data (back);
  g_assert_cmpstr (a, ==, b);
  g_remove (path);
  g_rmdir (dir);
}

PlModel *
ref_classical_model (guint d)
{
  PlModelConfig cfg;

  pl_model_config_init (&cfg);
  cfg.kind = PL_MODEL_CLASSICAL;
  cfg.n_inputs = d;
  cfg.n_hidden = 2;
  cfg.hidden[0] = 8;
  cfg.hidden[1] = 8;
  return pl_model_new (&cfg, NULL, 0, NULL, NULL);
}

PlTrainer *
ref_trainer (const PlModel       *model,
             const PlProblem     *problem,
             const PlTrainConfig *tc,
             guint                threads,
             guint                points,
             GError             **error)
{
  PlLossConfig lc;

  pl_loss_config_init (&lc);
  lc.threads = threads;
  for (guint i = 0; i < PL_PROBLEM_MAX_TERMS; i++)
    lc.n_points[i] = points;
  return pl_trainer_new (model, problem, &lc, tc, NULL, error);
}

void
ref_trainer_resume (PlTrainer *half,
                    PlTrainer *rest)
{
  g_autofree char *dir = g_dir_make_tmp ("plateau-resume-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ck.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (pl_trainer_run (half, &error));
  g_assert_no_error (error);
  g_assert_true (pl_trainer_save_checkpoint (half, path, &error));
  g_assert_no_error (error);
  g_assert_true (pl_trainer_load_checkpoint (rest, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pl_trainer_history_length (rest), ==, pl_trainer_history_length (half));
  g_assert_true (pl_trainer_run (rest, &error));
  g_assert_no_error (error);
  g_remove (path);
  g_rmdir (dir);
}

void
ref_assert_same_params (PlTrainer *a,
                        PlTrainer *b)
{
  g_assert_cmpuint (pl_trainer_get_n_params (a), ==, pl_trainer_get_n_params (b));
  g_assert_cmpmem (pl_trainer_get_params (a), pl_trainer_get_n_params (a) * sizeof (double),
                   pl_trainer_get_params (b), pl_trainer_get_n_params (b) * sizeof (double));
}
