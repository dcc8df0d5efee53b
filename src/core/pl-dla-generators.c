/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-dla-generators.c: the generators of a DLA, from text or from a circuit in its Clifford
 * frame (see pl-dla.h).
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-dla.h"
#include "pl-dla-private.h"
#include "pl-error.h"
#include "pl-gate.h"

#include <math.h>
#include <string.h>

static void
generators_add (PlDlaGenerators *gens,
                GPtrArray       *sums,
                PlPauliSum      *sum,
                gint             param,
                gsize            position)
{
  gens->param = g_renew (gint, gens->param, sums->len + 1);
  gens->position = g_renew (gsize, gens->position, sums->len + 1);
  gens->param[sums->len] = param;
  gens->position[sums->len] = position;
  g_ptr_array_add (sums, sum);
}

static void
generators_finish (PlDlaGenerators *gens,
                   GPtrArray       *sums,
                   GPtrArray       *notes)
{
  gens->n_generators = sums->len;
  gens->generators = (PlPauliSum **) g_ptr_array_free (sums, FALSE);
  g_ptr_array_add (notes, NULL);
  gens->notes = (char **) g_ptr_array_free (notes, FALSE);
}

/* Drop identity terms (a global phase); merge equal strings. */
static void
drop_identity (PlPauliSum *sum)
{
  gsize kept = 0;

  pl_pauli_sum_simplify (sum, 0.0);
  for (gsize t = 0; t < sum->n_terms; t++)
    if ((sum->terms[t].p.x | sum->terms[t].p.z) != 0)
      sum->terms[kept++] = sum->terms[t];
  sum->n_terms = kept;
}

void
pl_dla_generators_free (PlDlaGenerators *gens)
{
  if (gens == NULL)
    return;
  for (guint i = 0; i < gens->n_generators; i++)
    pl_pauli_sum_free (gens->generators[i]);
  g_free (gens->generators);
  g_free (gens->param);
  g_free (gens->position);
  g_strfreev (gens->notes);
  g_clear_pointer (&gens->prefix, pl_circuit_free);
  g_free (gens->frame);
  g_free (gens);
}

/* The Pauli text form reads a lone "i" as an identity factor, so "i X0" or "2i Z1" would
 * quietly become Hermitian; in generator text such an i almost surely means the imaginary
 * unit, which would make the generator anti-Hermitian. Refuse it (an uppercase I stays). */
static gboolean
check_imaginary (const char  *item,
                 guint        number,
                 GError     **error)
{
  for (const char *p = item; *p != '\0'; p++)
    if (*p == 'i' && (p == item || !g_ascii_isalpha (p[-1])) && !g_ascii_isdigit (p[1]))
      {
        g_set_error (error, PL_ERROR, PL_ERROR_PARSE,
                     "generator %u ('%s'): 'i' at column %u looks like the imaginary unit, "
                     "but generators must be Hermitian: Pauli sums with real coefficients "
                     "(write I for an identity factor)", number, item, (guint) (p - item) + 1);
        return FALSE;
      }
  return TRUE;
}

PlDlaGenerators *
pl_dla_generators_parse (const char  *text,
                         guint        n_qubits,
                         GError     **error)
{
  g_autoptr(PlDlaGenerators) gens = g_new0 (PlDlaGenerators, 1);
  g_autoptr(GPtrArray) sums = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_pauli_sum_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) items = NULL;
  guint span = 1;

  g_return_val_if_fail (text != NULL, NULL);

  if (n_qubits > PL_PAULI_MAX_QUBITS)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "%u qubits is too many for Pauli strings (at most %u)", n_qubits,
                   PL_PAULI_MAX_QUBITS);
      return NULL;
    }
  items = g_strsplit (text, ";", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *item = g_strstrip (g_strdup (items[i]));
      GError *local = NULL;
      PlPauliSum *sum;

      if (*item == '\0')
        continue;
      if (!check_imaginary (item, i + 1, error))
        return NULL;
      sum = pl_pauli_sum_parse (item, n_qubits > 0 ? n_qubits : PL_PAULI_MAX_QUBITS, &local);
      if (sum == NULL)
        {
          g_propagate_prefixed_error (error, local, "generator %u: ", i + 1);
          return NULL;
        }
      drop_identity (sum);
      if (sum->n_terms == 0)
        {
          g_ptr_array_add (notes, g_strdup_printf ("generator %u ('%s') is a multiple of the "
                                                   "identity, only a global phase: ignored",
                                                   i + 1, item));
          pl_pauli_sum_free (sum);
          continue;
        }
      span = MAX (span, pl_pauli_sum_span (sum));
      generators_add (gens, sums, sum, -1, i);
    }
  if (sums->len == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "no generators in '%s': give Pauli sums separated by ';' (like 'Z0 Z1; X0'), "
                   "at least one of them not a multiple of the identity", text);
      return NULL;
    }
  gens->n_qubits = n_qubits > 0 ? n_qubits : span;
  for (guint i = 0; i < sums->len; i++)
    ((PlPauliSum *) sums->pdata[i])->n_qubits = gens->n_qubits;
  generators_finish (gens, g_steal_pointer (&sums), g_steal_pointer (&notes));
  return g_steal_pointer (&gens);
}

/* --- the Clifford frame -------------------------------------------------------------- */

/* f(P) = C^dagger P C for a string, from the images of X_j and Z_j (Y_j = i X_j Z_j). */
static PlPauliString
frame_apply (const PlPauliTerm *frame,
             PlPauliString      p,
             double            *sign)
{
  PlPauliString acc = { 0, 0 };
  guint64 support = p.x | p.z;
  guint phase = 0;

  for (guint j = 0; support != 0; j++, support >>= 1)
    {
      guint64 bit = G_GUINT64_CONSTANT (1) << j;
      guint k;

      if ((support & 1) == 0)
        continue;
      if (p.x & bit)
        {
          acc = pl_pauli_string_mul (acc, frame[2 * j].p, &k);
          phase += k + (frame[2 * j].coeff < 0 ? 2 : 0);
        }
      if (p.z & bit)
        {
          acc = pl_pauli_string_mul (acc, frame[2 * j + 1].p, &k);
          phase += k + (frame[2 * j + 1].coeff < 0 ? 2 : 0);
        }
      if ((p.x & bit) && (p.z & bit))
        phase += 1;
    }
  g_assert ((phase & 1) == 0);
  *sign = (phase & 3) == 0 ? 1.0 : -1.0;
  return acc;
}

/* The dense 2^k x 2^k matrix of a local string (bit 0: wires[0], the low index bit). */
static void
local_matrix (guint          k,
              PlPauliString  p,
              double        *re,
              double        *im)
{
  gsize dim = (gsize) 1 << k;

  memset (re, 0, dim * dim * sizeof (double));
  memset (im, 0, dim * dim * sizeof (double));
  /* P |a> = i^{|x & z|} (-1)^{|a & z|} |a ^ x> */
  for (gsize a = 0; a < dim; a++)
    {
      guint ph = (guint) __builtin_popcountll (p.x & p.z) + 2 * __builtin_popcountll (a & p.z);
      gsize row = a ^ p.x;

      re[row * dim + a] = (ph & 3) == 0 ? 1.0 : (ph & 3) == 2 ? -1.0 : 0.0;
      im[row * dim + a] = (ph & 3) == 1 ? 1.0 : (ph & 3) == 3 ? -1.0 : 0.0;
    }
}

/* G^dagger P G for a local string P, if it is +-1 times a local string. */
static gboolean
conjugate_local (guint          k,
                 const double  *gre,
                 const double  *gim,
                 PlPauliString  p,
                 PlPauliTerm   *out)
{
  gsize dim = (gsize) 1 << k;
  double pre[16], pim[16], tre[16], tim[16], mre[16], mim[16], qre[16], qim[16];
  gboolean found = FALSE;

  local_matrix (k, p, pre, pim);
  /* T = P G, M = G^dagger T */
  for (gsize i = 0; i < dim; i++)
    for (gsize j = 0; j < dim; j++)
      {
        double sr = 0, si = 0;

        for (gsize l = 0; l < dim; l++)
          {
            sr += pre[i * dim + l] * gre[l * dim + j] - pim[i * dim + l] * gim[l * dim + j];
            si += pre[i * dim + l] * gim[l * dim + j] + pim[i * dim + l] * gre[l * dim + j];
          }
        tre[i * dim + j] = sr;
        tim[i * dim + j] = si;
      }
  for (gsize i = 0; i < dim; i++)
    for (gsize j = 0; j < dim; j++)
      {
        double sr = 0, si = 0;

        for (gsize l = 0; l < dim; l++)
          {
            sr += gre[l * dim + i] * tre[l * dim + j] + gim[l * dim + i] * tim[l * dim + j];
            si += gre[l * dim + i] * tim[l * dim + j] - gim[l * dim + i] * tre[l * dim + j];
          }
        mre[i * dim + j] = sr;
        mim[i * dim + j] = si;
      }
  /* coefficients Tr(Q M) / dim over the local strings Q */
  for (guint64 qx = 0; qx < dim; qx++)
    for (guint64 qz = 0; qz < dim; qz++)
      {
        PlPauliString q = { qx, qz };
        double cr = 0, ci = 0;

        local_matrix (k, q, qre, qim);
        for (gsize i = 0; i < dim; i++)
          for (gsize l = 0; l < dim; l++)
            {
              cr += qre[i * dim + l] * mre[l * dim + i] - qim[i * dim + l] * mim[l * dim + i];
              ci += qre[i * dim + l] * mim[l * dim + i] + qim[i * dim + l] * mre[l * dim + i];
            }
        cr /= dim;
        ci /= dim;
        if (fabs (cr) < 1e-9 && fabs (ci) < 1e-9)
          continue;
        if (found || fabs (ci) > 1e-9 || fabs (fabs (cr) - 1.0) > 1e-9)
          return FALSE;
        found = TRUE;
        out->p = q;
        out->coeff = cr > 0 ? 1.0 : -1.0;
      }
  return found;
}

/* A local string (bits over the gate's wires) as a string of the register. */
static PlPauliString
to_register (PlPauliString  local,
             const guint   *wires,
             guint          k)
{
  PlPauliString p = { 0, 0 };

  for (guint b = 0; b < k; b++)
    {
      if (local.x & (1u << b))
        p.x |= G_GUINT64_CONSTANT (1) << wires[b];
      if (local.z & (1u << b))
        p.z |= G_GUINT64_CONSTANT (1) << wires[b];
    }
  return p;
}

/* C <- G C: f_new(P) = f_old(G^dagger P G) for the X and Z of the gate's wires. FALSE when
 * G is not Clifford. */
static gboolean
frame_push (PlPauliTerm  *frame,
            PlGate        gate,
            const guint  *wires,
            const double *angles)
{
  guint k = pl_gate_info (gate)->n_wires;
  double gre[16], gim[16];
  PlPauliTerm img[4];

  pl_gate_matrix (gate, angles, gre, gim);
  for (guint b = 0; b < k; b++)
    for (guint xz = 0; xz < 2; xz++)
      {
        PlPauliString local = { xz == 0 ? 1u << b : 0, xz == 1 ? 1u << b : 0 };
        PlPauliTerm t;
        double sign;

        if (!conjugate_local (k, gre, gim, local, &t))
          return FALSE;
        img[2 * b + xz].p = frame_apply (frame, to_register (t.p, wires, k), &sign);
        img[2 * b + xz].coeff = t.coeff * sign;
      }
  for (guint b = 0; b < k; b++)
    {
      frame[2 * wires[b]] = img[2 * b];
      frame[2 * wires[b] + 1] = img[2 * b + 1];
    }
  return TRUE;
}

/* The gate's own generator G (exp(-i t G)) on its wires as local terms; returns the count.
 * PHASE(l) = exp(i l |1><1|) = exp(-i l (-I + Z) / 2): Z/2 without the identity. */
static guint
local_generator (PlGate       gate,
                 PlPauliTerm *terms)
{
  static const guint64 X = 1, Z = 2;  /* selectors below */
  guint64 axis;

  switch (gate)
    {
    case PL_GATE_RX: case PL_GATE_RXX: case PL_GATE_CRX: axis = X; break;
    case PL_GATE_RY: case PL_GATE_RYY: case PL_GATE_CRY: axis = X | Z; break;
    case PL_GATE_RZ: case PL_GATE_RZZ: case PL_GATE_CRZ: case PL_GATE_PHASE: axis = Z; break;
    default: g_assert_not_reached ();
    }
#define LOCAL(mask) ((PlPauliString) { (axis & X) ? (mask) : 0, (axis & Z) ? (mask) : 0 })
  switch (gate)
    {
    case PL_GATE_RX: case PL_GATE_RY: case PL_GATE_RZ: case PL_GATE_PHASE:
      terms[0] = (PlPauliTerm) { 0.5, LOCAL (1) };
      return 1;
    case PL_GATE_RXX: case PL_GATE_RYY: case PL_GATE_RZZ:
      terms[0] = (PlPauliTerm) { 0.5, LOCAL (3) };
      return 1;
    default:
      /* |1><1|_c (x) P_t / 2 = (P_t - Z_c P_t) / 4, control on local bit 0 */
      terms[0] = (PlPauliTerm) { 0.25, LOCAL (2) };
      terms[1] = (PlPauliTerm) { -0.25, LOCAL (2) };
      terms[1].p.z |= 1;
      return 2;
    }
#undef LOCAL
}

static gboolean
is_variable (const PlAngleSource *src)
{
  return src->kind != PL_SOURCE_FIXED;
}

PlDlaGenerators *
pl_dla_generators_from_circuit (const PlCircuit  *circuit,
                                GError          **error)
{
  g_autoptr(PlDlaGenerators) gens = g_new0 (PlDlaGenerators, 1);
  g_autoptr(GPtrArray) sums = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_pauli_sum_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  guint n;
  gsize first = G_MAXSIZE;
  gint run_param = -1;

  g_return_val_if_fail (circuit != NULL, NULL);

  n = circuit->n_qubits;
  for (gsize i = 0; i < circuit->n_ops && first == G_MAXSIZE; i++)
    for (guint k = 0; k < pl_gate_info (circuit->ops[i].gate)->n_params; k++)
      if (is_variable (&circuit->ops[i].src[k]))
        first = i;
  if (first == G_MAXSIZE)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                   "circuit '%s' has no gate with a trainable or input-driven angle, so no "
                   "generators", circuit->name ? circuit->name : "custom");
      return NULL;
    }
  gens->n_qubits = n;
  if (first > 0)
    {
      gens->prefix = pl_circuit_new (n);
      for (gsize i = 0; i < first; i++)
        if (!pl_circuit_append (gens->prefix, circuit->ops[i].gate, circuit->ops[i].wires,
                                circuit->ops[i].src, error))
          return NULL;
    }
  gens->frame = g_new (PlPauliTerm, 2 * MAX (n, 1));
  for (guint j = 0; j < n; j++)
    {
      gens->frame[2 * j] = (PlPauliTerm) { 1.0, { G_GUINT64_CONSTANT (1) << j, 0 } };
      gens->frame[2 * j + 1] = (PlPauliTerm) { 1.0, { 0, G_GUINT64_CONSTANT (1) << j } };
    }

  for (gsize i = first; i < circuit->n_ops; i++)
    {
      const PlOp *op = &circuit->ops[i];
      const PlGateInfo *info = pl_gate_info (op->gate);
      /* (gate, angle index) in order of application: U3/ROT as RZ RY RZ */
      struct { PlGate gate; guint k; } steps[3] = { { op->gate, 0 } };
      guint n_steps = 1, n_var = 0;
      double angles[PL_GATE_MAX_PARAMS] = { 0 };

      for (guint k = 0; k < info->n_params; k++)
        {
          n_var += is_variable (&op->src[k]);
          angles[k] = op->src[k].value;
        }
      if (n_var == 0)
        {
          if (!frame_push (gens->frame, op->gate, op->wires, angles))
            goto not_clifford;
          continue;
        }
      if (op->gate == PL_GATE_ROT || op->gate == PL_GATE_U3)
        {
          gboolean rot = op->gate == PL_GATE_ROT;

          steps[0].gate = PL_GATE_RZ, steps[0].k = rot ? 0 : 2;
          steps[1].gate = PL_GATE_RY, steps[1].k = rot ? 1 : 0;
          steps[2].gate = PL_GATE_RZ, steps[2].k = rot ? 2 : 1;
          n_steps = 3;
        }
      for (guint s = 0; s < n_steps; s++)
        {
          const PlAngleSource *src = &op->src[steps[s].k];
          guint kw = pl_gate_info (steps[s].gate)->n_wires;
          PlPauliTerm local[2];
          guint n_local;
          double factor;
          PlPauliSum *h;

          if (!is_variable (src))
            {
              if (!frame_push (gens->frame, steps[s].gate, op->wires, &src->value))
                goto not_clifford;
              continue;
            }
          factor = src->kind == PL_SOURCE_PARAM ? src->scale : 1.0;
          n_local = local_generator (steps[s].gate, local);
          h = pl_pauli_sum_new (n);
          for (guint t = 0; t < n_local; t++)
            {
              double sign;
              PlPauliString p = frame_apply (gens->frame, to_register (local[t].p, op->wires, kw),
                                             &sign);

              pl_pauli_sum_add_term (h, factor * local[t].coeff * sign, p);
            }
          drop_identity (h);
          if (h->n_terms == 0)
            {
              /* a zero scale */
              g_ptr_array_add (notes, g_strdup_printf ("op %" G_GSIZE_FORMAT " (%s) has a zero "
                                                       "angle scale: ignored", i, info->name));
              pl_pauli_sum_free (h);
              run_param = -1;
              continue;
            }
          if (src->kind == PL_SOURCE_PARAM && (gint) src->index == run_param)
            {
              PlPauliSum *acc = sums->pdata[sums->len - 1];
              g_autoptr(PlPauliSum) br = pl_dla_bracket (acc, h);

              if (br->n_terms > 0)
                {
                  g_set_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                               "parameter %u drives op %" G_GSIZE_FORMAT " (%s) right after "
                               "a rotation it does not commute with: the pair is not one "
                               "exponential, give them separate parameters", src->index, i,
                               info->name);
                  pl_pauli_sum_free (h);
                  return NULL;
                }
              for (gsize t = 0; t < h->n_terms; t++)
                pl_pauli_sum_add_term (acc, h->terms[t].coeff, h->terms[t].p);
              drop_identity (acc);
              pl_pauli_sum_free (h);
              continue;
            }
          run_param = src->kind == PL_SOURCE_PARAM ? (gint) src->index : -1;
          generators_add (gens, sums, h, run_param, i);
        }
      continue;

not_clifford:
      g_set_error (error, PL_ERROR, PL_ERROR_UNSUPPORTED,
                   "op %" G_GSIZE_FORMAT " (fixed %s on qubit %u) is not a Clifford gate and "
                   "comes after the first parameterised gate: conjugating by it does not map "
                   "Pauli strings to Pauli strings, which the DLA analysis needs (make its "
                   "angle trainable or a multiple of pi/2)", i, info->name, op->wires[0]);
      return NULL;
    }
  /* a run whose terms cancelled */
  for (guint i = 0; i < sums->len; )
    if (((PlPauliSum *) sums->pdata[i])->n_terms == 0)
      {
        g_ptr_array_remove_index (sums, i);
        memmove (gens->param + i, gens->param + i + 1, (sums->len - i) * sizeof (gint));
        memmove (gens->position + i, gens->position + i + 1, (sums->len - i) * sizeof (gsize));
      }
    else
      i++;
  if (sums->len == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID_ARGUMENT,
                           "every rotation of the circuit has a zero scale: no generators");
      return NULL;
    }
  generators_finish (gens, g_steal_pointer (&sums), g_steal_pointer (&notes));
  return g_steal_pointer (&gens);
}

PlPauliSum *
pl_dla_generators_transform (const PlDlaGenerators *gens,
                             const PlPauliSum      *sum)
{
  PlPauliSum *out;

  g_return_val_if_fail (gens != NULL && sum != NULL, NULL);

  if (gens->frame == NULL)
    return pl_pauli_sum_dup (sum);
  out = pl_pauli_sum_new (MAX (sum->n_qubits, gens->n_qubits));
  for (gsize t = 0; t < sum->n_terms; t++)
    {
      double sign = 1.0;
      PlPauliString p = sum->terms[t].p;

      if ((p.x | p.z) != 0)
        p = frame_apply (gens->frame, p, &sign);
      pl_pauli_sum_add_term (out, sign * sum->terms[t].coeff, p);
    }
  pl_pauli_sum_simplify (out, 0.0);
  return out;
}

PlState *
pl_dla_generators_initial_state (const PlDlaGenerators  *gens,
                                 GError                **error)
{
  g_autoptr(PlState) state = NULL;

  g_return_val_if_fail (gens != NULL, NULL);

  if (!(state = pl_state_new (gens->n_qubits, 1, error)))
    return NULL;
  if (gens->prefix != NULL)
    {
      PlCircuitArgs args = { .batch = 1 };

      if (!pl_circuit_run (gens->prefix, &args, state, error))
        return NULL;
    }
  return g_steal_pointer (&state);
}
