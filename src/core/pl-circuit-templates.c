/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-circuit.h"
#include "pl-circuit-templates-private.h"
#include "pl-error.h"

#include <math.h>
#include <string.h>

/* Beyond this a typo (an extra digit) would allocate gigabytes of ops before anything ran. */
#define MAX_LAYERS    10000
#define MAX_ROTATIONS 8

typedef enum {
  TOPOLOGY_LINE,
  TOPOLOGY_RING,
  TOPOLOGY_ALL,
  TOPOLOGY_NONE,
} Topology;

/* The options after defaults and validation. */
typedef struct {
  guint    n_qubits;
  guint    n_layers;
  PlGate   rotations[MAX_ROTATIONS];
  guint    n_rotations;
  Topology topology;
  PlGate   entangler;  /* PL_GATE_CNOT or PL_GATE_CZ */
  gboolean periodic;
  gboolean per_term;
  guint    n_inputs;
} Spec;

/* The pairs of an entangler topology, control first. A ring of two qubits is the line: the
 * closing pair would repeat (1, 0) = (0, 1) for the symmetric gates and undo a CNOT. */
static void
entangle (Builder  *b,
          Topology  topology,
          PlGate    gate,
          guint     n)
{
  switch (topology)
    {
    case TOPOLOGY_LINE:
    case TOPOLOGY_RING:
      for (guint i = 0; i + 1 < n; i++)
        add_gate (b, gate, i, i + 1);
      if (topology == TOPOLOGY_RING && n > 2)
        add_gate (b, gate, n - 1, 0);
      break;
    case TOPOLOGY_ALL:
      for (guint i = 0; i < n; i++)
        for (guint j = i + 1; j < n; j++)
          add_gate (b, gate, i, j);
      break;
    case TOPOLOGY_NONE:
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
rotation_set (Builder    *b,
              const Spec *s)
{
  for (guint r = 0; r < s->n_rotations; r++)
    on_every_qubit (b, s->rotations[r], s->n_qubits);
}

/* --- hea, mcclean, tfim, qaoa-ring, reupload, strong ------------------------------------ */

static void
layer_hea (Builder    *b,
           const Spec *s)
{
  rotation_set (b, s);
  entangle (b, s->topology, s->entangler, s->n_qubits);
}

/* McClean et al., Nat. Commun. 9, 4812 (2018), Fig. 2: RY(pi/4) on every qubit, then layers
 * of a random Pauli rotation per qubit and a ladder of CZ between neighbours. */
static void
prepare_mcclean (Builder    *b,
                 const Spec *s)
{
  for (guint q = 0; q < s->n_qubits; q++)
    add_fixed (b, PL_GATE_RY, q, 0, G_PI / 4);
}

static void
layer_mcclean (Builder    *b,
               const Spec *s)
{
  static const PlGate axes[3] = { PL_GATE_RX, PL_GATE_RY, PL_GATE_RZ };

  for (guint q = 0; q < s->n_qubits; q++)
    add_gate (b, axes[pl_rng_below (&b->rng, 3)], q, 0);
  entangle (b, TOPOLOGY_LINE, PL_GATE_CZ, s->n_qubits);
}

static void
prepare_hadamards (Builder    *b,
                   const Spec *s)
{
  for (guint q = 0; q < s->n_qubits; q++)
    add_fixed (b, PL_GATE_H, q, 0, 0.0);
}

/* exp(-i c sum_<ij> Z_i Z_j) exp(-i d sum_i X_i) in the order applied: one parameter per sum
 * (angle = 2 p, as RZZ(t) = exp(-i t ZZ / 2)), or one per term. @ring closes the chain for
 * n > 2 (for n = 2 the closing bond is the same pair). */
static void
layer_zz_then_x (Builder    *b,
                 const Spec *s,
                 gboolean    ring)
{
  guint n = s->n_qubits;
  guint n_bonds = (ring && n > 2) ? n : n - 1;
  guint shared = 0;

  if (b->error != NULL)
    return;
  if (!s->per_term)
    shared = pl_circuit_add_param (b->circuit);
  for (guint i = 0; i < n_bonds; i++)
    {
      guint k = s->per_term ? pl_circuit_add_param (b->circuit) : shared;

      add_scaled (b, PL_GATE_RZZ, i, (i + 1) % n, k, 2.0);
    }
  if (!s->per_term)
    shared = pl_circuit_add_param (b->circuit);
  for (guint q = 0; q < n; q++)
    {
      guint k = s->per_term ? pl_circuit_add_param (b->circuit) : shared;

      add_scaled (b, PL_GATE_RX, q, 0, k, 2.0);
    }
}

static void
layer_tfim (Builder    *b,
            const Spec *s)
{
  layer_zz_then_x (b, s, s->periodic);
}

static void
layer_qaoa_ring (Builder    *b,
                 const Spec *s)
{
  layer_zz_then_x (b, s, TRUE);
}

/* Perez-Salinas et al., Quantum 4, 226 (2020): the data enters every layer through
 * RY(a x + b) with its own trainable a and b per qubit. */
static void
layer_reupload (Builder    *b,
                const Spec *s)
{
  for (guint q = 0; q < s->n_qubits && b->error == NULL; q++)
    {
      PlAngleSource src[PL_GATE_MAX_PARAMS] = { 0 };
      guint a = pl_circuit_add_param (b->circuit);
      guint c = pl_circuit_add_param (b->circuit);

      src[0] = pl_source_input (q % s->n_inputs, 1.0, 0.0, (gint) a, (gint) c);
      add_op (b, PL_GATE_RY, q, 0, src);
    }
  rotation_set (b, s);
  entangle (b, s->topology, s->entangler, s->n_qubits);
}

/* Schuld, Bocharov, Svore & Wiebe, Phys. Rev. A 101, 032308 (2020), as PennyLane's
 * StronglyEntanglingLayers: Rot on every qubit, then gates i -> i + r (mod n) with the range
 * r = (layer mod (n - 1)) + 1 cycling through 1 .. n - 1. */
static void
layer_strong (Builder    *b,
              const Spec *s)
{
  guint n = s->n_qubits;

  on_every_qubit (b, PL_GATE_ROT, n);
  if (n > 1)
    {
      guint r = b->layer % (n - 1) + 1;

      for (guint i = 0; i < n; i++)
        add_gate (b, s->entangler, i, (i + r) % n);
    }
}

/* --- the table ------------------------------------------------------------------------- */

typedef void (*LayerFunc) (Builder *b, const Spec *s);

typedef struct {
  const char *name;
  guint       min_qubits;
  Topology    default_topology;
  LayerFunc   prepare;   /* ops before the first layer (counted in layer 0), or NULL */
  LayerFunc   layer;     /* NULL for the Sim circuits */
  const char *describe;
} Template;

static const Template templates[] = {
  { "hea", 1, TOPOLOGY_LINE, NULL, layer_hea,
    "hardware-efficient ansatz: per layer the rotations (default ry,rz) on every qubit, then "
    "a cnot/cz entangler on a line, ring, all pairs or none" },
  { "sim1", 1, TOPOLOGY_LINE, NULL, NULL, "Sim et al. 2019 circuit 1: RX, RZ on every qubit" },
  { "sim2", 2, TOPOLOGY_LINE, NULL, NULL, "Sim et al. 2019 circuit 2: RX, RZ; CNOT ladder" },
  { "sim3", 2, TOPOLOGY_LINE, NULL, NULL, "Sim et al. 2019 circuit 3: RX, RZ; CRZ ladder" },
  { "sim4", 2, TOPOLOGY_LINE, NULL, NULL, "Sim et al. 2019 circuit 4: RX, RZ; CRX ladder" },
  { "sim5", 2, TOPOLOGY_LINE, NULL, NULL,
    "Sim et al. 2019 circuit 5: RX, RZ; CRZ all to all; RX, RZ" },
  { "sim6", 2, TOPOLOGY_LINE, NULL, NULL,
    "Sim et al. 2019 circuit 6: RX, RZ; CRX all to all; RX, RZ" },
  { "sim7", 2, TOPOLOGY_LINE, NULL, NULL,
    "Sim et al. 2019 circuit 7: RX, RZ; CRZ on even pairs; RX, RZ; CRZ on odd pairs" },
  { "sim8", 2, TOPOLOGY_LINE, NULL, NULL,
    "Sim et al. 2019 circuit 8: RX, RZ; CRX on even pairs; RX, RZ; CRX on odd pairs" },
  { "sim9", 2, TOPOLOGY_LINE, NULL, NULL, "Sim et al. 2019 circuit 9: H; CZ ladder; RX" },
  { "sim10", 2, TOPOLOGY_LINE, NULL, NULL, "Sim et al. 2019 circuit 10: RY; CZ ring; RY" },
  { "sim11", 2, TOPOLOGY_LINE, NULL, NULL,
    "Sim et al. 2019 circuit 11: RY, RZ; CNOT on even pairs; RY, RZ inside; CNOT on odd pairs" },
  { "sim12", 2, TOPOLOGY_LINE, NULL, NULL,
    "Sim et al. 2019 circuit 12: RY, RZ; CZ on even pairs; RY, RZ inside; CZ on odd pairs" },
  { "sim13", 2, TOPOLOGY_LINE, NULL, NULL,
    "Sim et al. 2019 circuit 13: RY; CRZ ring; RY; CRZ ring the other way" },
  { "sim14", 2, TOPOLOGY_LINE, NULL, NULL,
    "Sim et al. 2019 circuit 14: RY; CRX ring; RY; CRX ring the other way" },
  { "sim15", 2, TOPOLOGY_LINE, NULL, NULL,
    "Sim et al. 2019 circuit 15: RY; CNOT ring; RY; CNOT ring the other way" },
  { "sim16", 2, TOPOLOGY_LINE, NULL, NULL,
    "Sim et al. 2019 circuit 16: RX, RZ; CRZ on even pairs, then odd pairs" },
  { "sim17", 2, TOPOLOGY_LINE, NULL, NULL,
    "Sim et al. 2019 circuit 17: RX, RZ; CRX on even pairs, then odd pairs" },
  { "sim18", 2, TOPOLOGY_LINE, NULL, NULL, "Sim et al. 2019 circuit 18: RX, RZ; CRZ ring" },
  { "sim19", 2, TOPOLOGY_LINE, NULL, NULL, "Sim et al. 2019 circuit 19: RX, RZ; CRX ring" },
  { "mcclean", 1, TOPOLOGY_LINE, prepare_mcclean, layer_mcclean,
    "McClean et al. 2018 barren-plateau circuit: RY(pi/4), then layers of a seeded random "
    "RX/RY/RZ per qubit and a CZ ladder" },
  { "tfim", 2, TOPOLOGY_LINE, prepare_hadamards, layer_tfim,
    "Hamiltonian-variational ansatz for the transverse-field Ising chain: H, then layers of "
    "exp(-i a sum ZZ) exp(-i b sum X) (shared a, b or one per term; open or periodic)" },
  { "qaoa-ring", 2, TOPOLOGY_RING, prepare_hadamards, layer_qaoa_ring,
    "QAOA for MaxCut on a ring: H, then layers of RZZ(2 gamma) on the ring edges and "
    "RX(2 beta) on every qubit (shared or one per term)" },
  { "reupload", 1, TOPOLOGY_RING, NULL, layer_reupload,
    "data re-uploading: per layer RY(a x + b) on every qubit, the rotations (default ry,rz) "
    "and an entangler (default a cnot ring)" },
  { "strong", 1, TOPOLOGY_RING, NULL, layer_strong,
    "strongly entangling layers (Schuld et al. 2020): Rot on every qubit, then cnot i -> i+r "
    "with the range r cycling through 1 .. n-1" },
};

static const char *const template_names[] = {
  "hea", "sim1", "sim2", "sim3", "sim4", "sim5", "sim6", "sim7", "sim8", "sim9", "sim10",
  "sim11", "sim12", "sim13", "sim14", "sim15", "sim16", "sim17", "sim18", "sim19",
  "mcclean", "tfim", "qaoa-ring", "reupload", "strong", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (template_names) == G_N_ELEMENTS (templates) + 1);

const char *const *
pl_circuit_template_names (void)
{
  return template_names;
}

static const Template *
find_template (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    if (g_ascii_strcasecmp (templates[i].name, name) == 0)
      return &templates[i];
  return NULL;
}

const char *
pl_circuit_template_describe (const char *name)
{
  const Template *t;

  g_return_val_if_fail (name != NULL, NULL);

  t = find_template (name);
  return t != NULL ? t->describe : NULL;
}

/* --- options --------------------------------------------------------------------------- */

static gboolean
parse_rotations (const char  *text,
                 Spec        *s,
                 GError     **error)
{
  g_auto (GStrv) items = g_strsplit (text, ",", -1);

  s->n_rotations = 0;
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *item = g_strstrip (items[i]);
      PlGate gate;

      if (g_ascii_strcasecmp (item, "rx") == 0)
        gate = PL_GATE_RX;
      else if (g_ascii_strcasecmp (item, "ry") == 0)
        gate = PL_GATE_RY;
      else if (g_ascii_strcasecmp (item, "rz") == 0)
        gate = PL_GATE_RZ;
      else
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "unknown rotation '%s' in rotations '%s'; allowed: rx, ry, rz "
                       "(a comma-separated list such as \"ry,rz\")", item, text);
          return FALSE;
        }
      if (s->n_rotations == MAX_ROTATIONS)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                       "rotations '%s' lists more than %u gates", text, MAX_ROTATIONS);
          return FALSE;
        }
      s->rotations[s->n_rotations++] = gate;
    }
  if (s->n_rotations == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "rotations '%s' is empty; allowed: rx, ry, rz (a comma-separated list such as "
                   "\"ry,rz\")", text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_topology (const char  *text,
                Topology    *topology,
                GError     **error)
{
  static const char *const names[] = { "line", "ring", "all", "none" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i]) == 0)
      {
        *topology = (Topology) i;
        return TRUE;
      }
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
               "unknown entangler topology '%s'; allowed: line, ring, all, none", text);
  return FALSE;
}

static gboolean
parse_entangler_gate (const char  *text,
                      PlGate      *gate,
                      GError     **error)
{
  if (g_ascii_strcasecmp (text, "cnot") == 0 || g_ascii_strcasecmp (text, "cx") == 0)
    *gate = PL_GATE_CNOT;
  else if (g_ascii_strcasecmp (text, "cz") == 0)
    *gate = PL_GATE_CZ;
  else
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "unknown entangler gate '%s'; allowed: cnot (or cx), cz", text);
      return FALSE;
    }
  return TRUE;
}

static GString *
list_names (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; template_names[i] != NULL; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", template_names[i]);
  return s;
}

/* Names that a template does not use are still checked, so a typo is reported even where
 * it would have been ignored. */
static gboolean
make_spec (const Template          *t,
           const PlTemplateOptions *o,
           Spec                    *s,
           GError                 **error)
{
  memset (s, 0, sizeof *s);
  if (o->n_qubits < t->min_qubits || o->n_qubits > PL_STATE_MAX_QUBITS)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "template '%s' needs at least %u qubit%s and at most %u qubits, got %u", t->name,
                   t->min_qubits, t->min_qubits > 1 ? "s (it acts on pairs of qubits)" : "",
                   PL_STATE_MAX_QUBITS, o->n_qubits);
      return FALSE;
    }
  if (o->n_layers < 1 || o->n_layers > MAX_LAYERS)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "template '%s' needs between 1 and %u layers, got %u", t->name, MAX_LAYERS,
                   o->n_layers);
      return FALSE;
    }
  s->n_qubits = o->n_qubits;
  s->n_layers = o->n_layers;
  s->periodic = o->periodic;
  s->per_term = o->per_term;
  s->topology = t->default_topology;
  s->entangler = PL_GATE_CNOT;

  if (!parse_rotations (o->rotations != NULL ? o->rotations : "ry,rz", s, error))
    return FALSE;
  if (o->entangler != NULL && !parse_topology (o->entangler, &s->topology, error))
    return FALSE;
  if (o->entangler_gate != NULL && !parse_entangler_gate (o->entangler_gate, &s->entangler,
                                                          error))
    return FALSE;

  /* Only the encoding templates put a feature on a qubit; the others ignore n_inputs. */
  s->n_inputs = o->n_inputs > 0 ? o->n_inputs : 1;
  if (t->layer == layer_reupload && s->n_inputs > s->n_qubits)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "n_inputs %u is more than the %u qubits of template '%s': each input "
                   "feature is encoded on at least one qubit", s->n_inputs, s->n_qubits,
                   t->name);
      return FALSE;
    }
  return TRUE;
}

PlCircuit *
pl_circuit_new_template (const char               *name,
                         const PlTemplateOptions  *options,
                         GError                  **error)
{
  g_autoptr (PlCircuit) circuit = NULL;
  const Template *t;
  Builder b = { 0 };
  Spec spec;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  t = find_template (name);
  if (t == NULL)
    {
      g_autoptr (GString) known = list_names ();

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "unknown circuit template '%s'; known templates: %s", name, known->str);
      return NULL;
    }
  if (!make_spec (t, options, &spec, error))
    return NULL;

  circuit = pl_circuit_new (spec.n_qubits);
  b.circuit = circuit;
  pl_rng_init (&b.rng, options->seed);

  if (t->prepare != NULL)
    t->prepare (&b, &spec);
  for (guint l = 0; l < spec.n_layers && b.error == NULL; l++)
    {
      b.layer = l;
      if (t->layer != NULL)
        t->layer (&b, &spec);
      else
        _pl_template_sim_layer (&b, (guint) g_ascii_strtoull (t->name + 3, NULL, 10),
                                spec.n_qubits);
    }
  if (b.error != NULL)
    {
      g_propagate_prefixed_error (error, b.error, "template '%s': ", t->name);
      return NULL;
    }

  circuit->n_layers = spec.n_layers;
  g_free (circuit->name);
  circuit->name = g_strdup (t->name);
  return g_steal_pointer (&circuit);
}

