/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-gate.h"

#include <math.h>
#include <string.h>

/* The qelib1 column is the name an OpenQASM 2.0 file uses. Two gates are not in qelib1.inc:
 * "ryy" is Qiskit's spelling (exported with a gate definition) and "rot" is PennyLane's Rot,
 * which exporters lower to rz ry rz. */
static const PlGateInfo gate_info[PL_N_GATES] = {
  [PL_GATE_I]     = { "i",     "id",    1, 0, TRUE },
  [PL_GATE_H]     = { "h",     "h",     1, 0, FALSE },
  [PL_GATE_X]     = { "x",     "x",     1, 0, FALSE },
  [PL_GATE_Y]     = { "y",     "y",     1, 0, FALSE },
  [PL_GATE_Z]     = { "z",     "z",     1, 0, TRUE },
  [PL_GATE_S]     = { "s",     "s",     1, 0, TRUE },
  [PL_GATE_SDG]   = { "sdg",   "sdg",   1, 0, TRUE },
  [PL_GATE_T]     = { "t",     "t",     1, 0, TRUE },
  [PL_GATE_TDG]   = { "tdg",   "tdg",   1, 0, TRUE },
  [PL_GATE_RX]    = { "rx",    "rx",    1, 1, FALSE },
  [PL_GATE_RY]    = { "ry",    "ry",    1, 1, FALSE },
  [PL_GATE_RZ]    = { "rz",    "rz",    1, 1, TRUE },
  [PL_GATE_PHASE] = { "phase", "p",     1, 1, TRUE },
  [PL_GATE_U3]    = { "u3",    "u3",    1, 3, FALSE },
  [PL_GATE_ROT]   = { "rot",   "rot",   1, 3, FALSE },
  [PL_GATE_CNOT]  = { "cnot",  "cx",    2, 0, FALSE },
  [PL_GATE_CZ]    = { "cz",    "cz",    2, 0, TRUE },
  [PL_GATE_CY]    = { "cy",    "cy",    2, 0, FALSE },
  [PL_GATE_SWAP]  = { "swap",  "swap",  2, 0, FALSE },
  [PL_GATE_CRX]   = { "crx",   "crx",   2, 1, FALSE },
  [PL_GATE_CRY]   = { "cry",   "cry",   2, 1, FALSE },
  [PL_GATE_CRZ]   = { "crz",   "crz",   2, 1, TRUE },
  [PL_GATE_RXX]   = { "rxx",   "rxx",   2, 1, FALSE },
  [PL_GATE_RYY]   = { "ryy",   "ryy",   2, 1, FALSE },
  [PL_GATE_RZZ]   = { "rzz",   "rzz",   2, 1, TRUE },
};

/* Spellings that are neither the Plateau nor the qelib1 name but name the same gate. */
static const struct {
  const char *name;
  PlGate      gate;
} gate_aliases[] = {
  { "u1",         PL_GATE_PHASE },
  { "phaseshift", PL_GATE_PHASE },
  { "u",          PL_GATE_U3 },
  { "sdag",       PL_GATE_SDG },
  { "tdag",       PL_GATE_TDG },
  { "paulix",     PL_GATE_X },
  { "pauliy",     PL_GATE_Y },
  { "pauliz",     PL_GATE_Z },
  { "hadamard",   PL_GATE_H },
};

const PlGateInfo *
pl_gate_info (PlGate gate)
{
  g_return_val_if_fail ((guint) gate < PL_N_GATES, NULL);

  return &gate_info[gate];
}

gboolean
pl_gate_from_name (const char *name,
                   PlGate     *gate)
{
  g_return_val_if_fail (gate != NULL, FALSE);

  if (name == NULL)
    return FALSE;

  for (guint g = 0; g < PL_N_GATES; g++)
    {
      if (g_ascii_strcasecmp (name, gate_info[g].name) == 0 ||
          g_ascii_strcasecmp (name, gate_info[g].qasm) == 0)
        {
          *gate = (PlGate) g;
          return TRUE;
        }
    }
  for (guint k = 0; k < G_N_ELEMENTS (gate_aliases); k++)
    {
      if (g_ascii_strcasecmp (name, gate_aliases[k].name) == 0)
        {
          *gate = gate_aliases[k].gate;
          return TRUE;
        }
    }
  return FALSE;
}

/* Entry (r, c) of an N x N row-major matrix. */
static inline void
set_entry (double *re,
           double *im,
           guint   n,
           guint   r,
           guint   c,
           double  vre,
           double  vim)
{
  re[r * n + c] = vre;
  im[r * n + c] = vim;
}

static void
matrix_1q (PlGate        gate,
           const double *p,
           double       *re,
           double       *im)
{
  double c, s;

  switch (gate)
    {
    case PL_GATE_I:
      set_entry (re, im, 2, 0, 0, 1, 0);
      set_entry (re, im, 2, 1, 1, 1, 0);
      break;
    case PL_GATE_H:
      set_entry (re, im, 2, 0, 0, M_SQRT1_2, 0);
      set_entry (re, im, 2, 0, 1, M_SQRT1_2, 0);
      set_entry (re, im, 2, 1, 0, M_SQRT1_2, 0);
      set_entry (re, im, 2, 1, 1, -M_SQRT1_2, 0);
      break;
    case PL_GATE_X:
      set_entry (re, im, 2, 0, 1, 1, 0);
      set_entry (re, im, 2, 1, 0, 1, 0);
      break;
    case PL_GATE_Y:
      set_entry (re, im, 2, 0, 1, 0, -1);
      set_entry (re, im, 2, 1, 0, 0, 1);
      break;
    case PL_GATE_Z:
      set_entry (re, im, 2, 0, 0, 1, 0);
      set_entry (re, im, 2, 1, 1, -1, 0);
      break;
    case PL_GATE_S:
    case PL_GATE_SDG:
      set_entry (re, im, 2, 0, 0, 1, 0);
      set_entry (re, im, 2, 1, 1, 0, gate == PL_GATE_S ? 1 : -1);
      break;
    case PL_GATE_T:
    case PL_GATE_TDG:
      set_entry (re, im, 2, 0, 0, 1, 0);
      set_entry (re, im, 2, 1, 1, M_SQRT1_2, gate == PL_GATE_T ? M_SQRT1_2 : -M_SQRT1_2);
      break;
    case PL_GATE_RX:
      c = cos (p[0] / 2), s = sin (p[0] / 2);
      set_entry (re, im, 2, 0, 0, c, 0);
      set_entry (re, im, 2, 0, 1, 0, -s);
      set_entry (re, im, 2, 1, 0, 0, -s);
      set_entry (re, im, 2, 1, 1, c, 0);
      break;
    case PL_GATE_RY:
      c = cos (p[0] / 2), s = sin (p[0] / 2);
      set_entry (re, im, 2, 0, 0, c, 0);
      set_entry (re, im, 2, 0, 1, -s, 0);
      set_entry (re, im, 2, 1, 0, s, 0);
      set_entry (re, im, 2, 1, 1, c, 0);
      break;
    case PL_GATE_RZ:
      c = cos (p[0] / 2), s = sin (p[0] / 2);
      set_entry (re, im, 2, 0, 0, c, -s);
      set_entry (re, im, 2, 1, 1, c, s);
      break;
    case PL_GATE_PHASE:
      set_entry (re, im, 2, 0, 0, 1, 0);
      set_entry (re, im, 2, 1, 1, cos (p[0]), sin (p[0]));
      break;
    case PL_GATE_U3:
      /* [[cos t/2, -e^{i l} sin t/2], [e^{i p} sin t/2, e^{i (p + l)} cos t/2]] */
      c = cos (p[0] / 2), s = sin (p[0] / 2);
      set_entry (re, im, 2, 0, 0, c, 0);
      set_entry (re, im, 2, 0, 1, -cos (p[2]) * s, -sin (p[2]) * s);
      set_entry (re, im, 2, 1, 0, cos (p[1]) * s, sin (p[1]) * s);
      set_entry (re, im, 2, 1, 1, cos (p[1] + p[2]) * c, sin (p[1] + p[2]) * c);
      break;
    case PL_GATE_ROT:
      {
        /* RZ(o) RY(t) RZ(p): entry (j, k) is e^{-+i o/2} RY(t)_jk e^{-+i p/2}. */
        double sum = (p[0] + p[2]) / 2, diff = (p[0] - p[2]) / 2;

        c = cos (p[1] / 2), s = sin (p[1] / 2);
        set_entry (re, im, 2, 0, 0, cos (sum) * c, -sin (sum) * c);
        set_entry (re, im, 2, 0, 1, -cos (diff) * s, -sin (diff) * s);
        set_entry (re, im, 2, 1, 0, cos (diff) * s, -sin (diff) * s);
        set_entry (re, im, 2, 1, 1, cos (sum) * c, sin (sum) * c);
      }
      break;
    default:
      g_return_if_reached ();
    }
}

/* Two-qubit gates in the basis index i = w0 + 2 w1 (w0 = wires[0], the control). */
static void
matrix_2q (PlGate        gate,
           const double *p,
           double       *re,
           double       *im)
{
  double c = 0, s = 0;

  if (pl_gate_info (gate)->n_params == 1)
    c = cos (p[0] / 2), s = sin (p[0] / 2);

  switch (gate)
    {
    case PL_GATE_CNOT:
      set_entry (re, im, 4, 0, 0, 1, 0);
      set_entry (re, im, 4, 2, 2, 1, 0);
      set_entry (re, im, 4, 1, 3, 1, 0);
      set_entry (re, im, 4, 3, 1, 1, 0);
      break;
    case PL_GATE_CZ:
      set_entry (re, im, 4, 0, 0, 1, 0);
      set_entry (re, im, 4, 1, 1, 1, 0);
      set_entry (re, im, 4, 2, 2, 1, 0);
      set_entry (re, im, 4, 3, 3, -1, 0);
      break;
    case PL_GATE_CY:
      set_entry (re, im, 4, 0, 0, 1, 0);
      set_entry (re, im, 4, 2, 2, 1, 0);
      set_entry (re, im, 4, 1, 3, 0, -1);
      set_entry (re, im, 4, 3, 1, 0, 1);
      break;
    case PL_GATE_SWAP:
      set_entry (re, im, 4, 0, 0, 1, 0);
      set_entry (re, im, 4, 1, 2, 1, 0);
      set_entry (re, im, 4, 2, 1, 1, 0);
      set_entry (re, im, 4, 3, 3, 1, 0);
      break;
    case PL_GATE_CRX:
    case PL_GATE_CRY:
    case PL_GATE_CRZ:
      {
        /* The target's 2x2 block sits on the control = 1 indices 1 and 3. */
        static const PlGate base[] = { PL_GATE_RX, PL_GATE_RY, PL_GATE_RZ };
        double bre[4] = { 0 }, bim[4] = { 0 };

        matrix_1q (base[gate - PL_GATE_CRX], p, bre, bim);
        set_entry (re, im, 4, 0, 0, 1, 0);
        set_entry (re, im, 4, 2, 2, 1, 0);
        set_entry (re, im, 4, 1, 1, bre[0], bim[0]);
        set_entry (re, im, 4, 1, 3, bre[1], bim[1]);
        set_entry (re, im, 4, 3, 1, bre[2], bim[2]);
        set_entry (re, im, 4, 3, 3, bre[3], bim[3]);
      }
      break;
    case PL_GATE_RXX:
      /* cos(t/2) I - i sin(t/2) X(x)X; X(x)X maps |i> to |i ^ 3>. */
      for (guint i = 0; i < 4; i++)
        {
          set_entry (re, im, 4, i, i, c, 0);
          set_entry (re, im, 4, i, i ^ 3, 0, -s);
        }
      break;
    case PL_GATE_RYY:
      /* Y(x)Y|00> = -|11>, Y(x)Y|01> = |10>: the -i sin(t/2) term flips sign on 0 <-> 3. */
      for (guint i = 0; i < 4; i++)
        {
          set_entry (re, im, 4, i, i, c, 0);
          set_entry (re, im, 4, i, i ^ 3, 0, (i == 0 || i == 3) ? s : -s);
        }
      break;
    case PL_GATE_RZZ:
      /* exp(-i t Z(x)Z / 2): phase e^{-i t/2} on even parity, e^{+i t/2} on odd. */
      for (guint i = 0; i < 4; i++)
        set_entry (re, im, 4, i, i, c, (i == 0 || i == 3) ? -s : s);
      break;
    default:
      g_return_if_reached ();
    }
}

void
pl_gate_matrix (PlGate        gate,
                const double *params,
                double       *re,
                double       *im)
{
  const PlGateInfo *info = pl_gate_info (gate);
  guint n;

  g_return_if_fail (info != NULL);
  g_return_if_fail (params != NULL || info->n_params == 0);
  g_return_if_fail (re != NULL && im != NULL);

  n = info->n_wires == 1 ? 4 : 16;
  memset (re, 0, n * sizeof (double));
  memset (im, 0, n * sizeof (double));
  if (info->n_wires == 1)
    matrix_1q (gate, params, re, im);
  else
    matrix_2q (gate, params, re, im);
}
