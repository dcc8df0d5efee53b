/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which kernel each gate is: the gate's structure (diagonal, permutation, real, general) picks
 * the op, its angles give the coefficients, its wires give the groups of amplitudes.
 */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-state.h"
#include "pl-gate.h"
#include "pl-state-private.h"

#include <math.h>

/* Members of a two-qubit group are numbered like the gate's matrix basis, i = w0 + 2 w1. */
static void
runs_1q (const PlState *state,
         guint          wire,
         PlRuns        *g)
{
  gsize half = ((gsize) 1 << wire) * state->batch;

  g->total = state->dim * state->batch;
  g->batch = state->batch;
  g->run = half;
  g->span_hi = g->total;
  g->step_hi = g->total;
  g->off[0] = 0;
  g->off[1] = half;
  g->off[2] = 0;
  g->off[3] = 0;
}

static void
runs_2q (const PlState *state,
         const guint   *wires,
         PlRuns        *g)
{
  gsize s0 = ((gsize) 1 << wires[0]) * state->batch;
  gsize s1 = ((gsize) 1 << wires[1]) * state->batch;

  g->total = state->dim * state->batch;
  g->batch = state->batch;
  g->run = MIN (s0, s1);
  g->span_hi = MAX (s0, s1);
  g->step_hi = 2 * g->span_hi;
  g->off[0] = 0;
  g->off[1] = s0;
  g->off[2] = s1;
  g->off[3] = s0 + s1;
}

/* Make a pair op act on members i and j of the two-qubit group. */
static void
runs_pair (const PlRuns *quad,
           guint         i,
           guint         j,
           PlRuns       *g)
{
  *g = *quad;
  g->off[0] = quad->off[i];
  g->off[1] = quad->off[j];
}

/* The op of each gate, and for two-qubit pair ops the members it pairs. */
typedef struct {
  PlOp  op;
  guint m0, m1;
} GateKernel;

static const GateKernel gate_kernels[PL_N_GATES] = {
  [PL_GATE_H]     = { PL_OP_REAL2,  0, 1 },
  [PL_GATE_X]     = { PL_OP_SWAP,   0, 1 },
  [PL_GATE_Y]     = { PL_OP_SWAP_Y, 0, 1 },
  [PL_GATE_Z]     = { PL_OP_PHASE1, 0, 1 },
  [PL_GATE_S]     = { PL_OP_PHASE1, 0, 1 },
  [PL_GATE_SDG]   = { PL_OP_PHASE1, 0, 1 },
  [PL_GATE_T]     = { PL_OP_PHASE1, 0, 1 },
  [PL_GATE_TDG]   = { PL_OP_PHASE1, 0, 1 },
  [PL_GATE_RX]    = { PL_OP_ROTX,   0, 1 },
  [PL_GATE_RY]    = { PL_OP_REAL2,  0, 1 },
  [PL_GATE_RZ]    = { PL_OP_DIAG2,  0, 1 },
  [PL_GATE_PHASE] = { PL_OP_PHASE1, 0, 1 },
  [PL_GATE_U3]    = { PL_OP_CPLX2,  0, 1 },
  [PL_GATE_ROT]   = { PL_OP_CPLX2,  0, 1 },
  /* Controlled gates touch only the control = 1 members 1 and 3. */
  [PL_GATE_CNOT]  = { PL_OP_SWAP,   1, 3 },
  [PL_GATE_CZ]    = { PL_OP_PHASE1, 0, 3 },
  [PL_GATE_CY]    = { PL_OP_SWAP_Y, 1, 3 },
  [PL_GATE_SWAP]  = { PL_OP_SWAP,   1, 2 },
  [PL_GATE_CRX]   = { PL_OP_ROTX,   1, 3 },
  [PL_GATE_CRY]   = { PL_OP_REAL2,  1, 3 },
  [PL_GATE_CRZ]   = { PL_OP_DIAG2,  1, 3 },
  [PL_GATE_RXX]   = { PL_OP_ROTXX,  0, 0 },
  [PL_GATE_RYY]   = { PL_OP_ROTXX,  0, 0 },
  [PL_GATE_RZZ]   = { PL_OP_DIAG4,  0, 0 },
};

/* Coefficients (in the layout of PlOp) of @gate with parameters @p, or of its adjoint.
 * Returns how many there are. The rotations are exp(-i t P / 2), so the adjoint negates t;
 * fixed gates flip the sign of their phase; U3 and ROT take the conjugate transpose. */
static guint
gate_coeffs (PlGate        gate,
             const double *p,
             gboolean      inverse,
             double       *k)
{
  const double sg = inverse ? -1.0 : 1.0;
  double c = 0, s = 0;

  if (pl_gate_info (gate)->n_params == 1 && gate != PL_GATE_PHASE)
    c = cos (p[0] / 2), s = sg * sin (p[0] / 2);

  switch (gate)
    {
    case PL_GATE_H:
      k[0] = k[1] = k[2] = M_SQRT1_2, k[3] = -M_SQRT1_2;
      return 4;
    case PL_GATE_Z:
    case PL_GATE_CZ:
      k[0] = -1, k[1] = 0;
      return 2;
    case PL_GATE_S:
    case PL_GATE_SDG:
      k[0] = 0, k[1] = (gate == PL_GATE_S) == !inverse ? 1 : -1;
      return 2;
    case PL_GATE_T:
    case PL_GATE_TDG:
      k[0] = M_SQRT1_2, k[1] = (gate == PL_GATE_T) == !inverse ? M_SQRT1_2 : -M_SQRT1_2;
      return 2;
    case PL_GATE_RX:
    case PL_GATE_CRX:
      k[0] = c, k[1] = s;
      return 2;
    case PL_GATE_RY:
    case PL_GATE_CRY:
      k[0] = c, k[1] = -s, k[2] = s, k[3] = c;
      return 4;
    case PL_GATE_RZ:
    case PL_GATE_CRZ:
      k[0] = c, k[1] = -s, k[2] = c, k[3] = s;
      return 4;
    case PL_GATE_PHASE:
      k[0] = cos (p[0]), k[1] = sg * sin (p[0]);
      return 2;
    case PL_GATE_U3:
    case PL_GATE_ROT:
      pl_gate_matrix (gate, p, k, k + 4);
      if (inverse)
        {
          double t;

          t = k[1], k[1] = k[2], k[2] = t;
          t = k[5], k[5] = k[6], k[6] = t;
          for (guint m = 4; m < 8; m++)
            k[m] = -k[m];
        }
      return 8;
    case PL_GATE_RXX:
      k[0] = c, k[1] = s, k[2] = s;
      return 3;
    case PL_GATE_RYY:
      /* Y(x)Y = -X(x)X on the pair (00, 11) and +X(x)X on (01, 10). */
      k[0] = c, k[1] = -s, k[2] = s;
      return 3;
    case PL_GATE_RZZ:
      k[0] = c, k[1] = -s, k[2] = c, k[3] = s;
      k[4] = c, k[5] = s, k[6] = c, k[7] = -s;
      return 8;
    default:
      return 0;
    }
}

/* Per-element coefficients of a one-parameter gate into state->work: cos and sin of every
 * element's angle in one vectorized pass, written straight into the slots of the op's layout
 * that hold them, then the slots that repeat them. The adjoint negates the angle, so only
 * the sines change sign. Same layouts as gate_coeffs. */
static void
batch_coeffs_1p (PlState      *state,
                 PlGate        gate,
                 const double *theta,
                 gboolean      inverse)
{
  const gsize B = state->batch;
  const double sg = inverse ? -1.0 : 1.0;
  double *w = state->work;
#define SLOT(m) (w + (m) * B)

  switch (gate)
    {
    case PL_GATE_RX:
    case PL_GATE_CRX:
      _pl_sincos_kernel (theta, B, sg * 0.5, SLOT (0), SLOT (1));
      break;
    case PL_GATE_PHASE:
      _pl_sincos_kernel (theta, B, sg, SLOT (0), SLOT (1));
      break;
    case PL_GATE_RY:
    case PL_GATE_CRY:
      _pl_sincos_kernel (theta, B, sg * 0.5, SLOT (0), SLOT (2));
      for (gsize b = 0; b < B; b++)
        SLOT (1)[b] = -SLOT (2)[b], SLOT (3)[b] = SLOT (0)[b];
      break;
    case PL_GATE_RZ:
    case PL_GATE_CRZ:
      _pl_sincos_kernel (theta, B, sg * 0.5, SLOT (0), SLOT (3));
      for (gsize b = 0; b < B; b++)
        SLOT (1)[b] = -SLOT (3)[b], SLOT (2)[b] = SLOT (0)[b];
      break;
    case PL_GATE_RXX:
    case PL_GATE_RYY:
      _pl_sincos_kernel (theta, B, sg * 0.5, SLOT (0), SLOT (2));
      for (gsize b = 0; b < B; b++)
        SLOT (1)[b] = gate == PL_GATE_RXX ? SLOT (2)[b] : -SLOT (2)[b];
      break;
    case PL_GATE_RZZ:
      _pl_sincos_kernel (theta, B, sg * 0.5, SLOT (0), SLOT (3));
      for (gsize b = 0; b < B; b++)
        {
          double c = SLOT (0)[b], sn = SLOT (3)[b];

          SLOT (1)[b] = -sn, SLOT (2)[b] = c;
          SLOT (4)[b] = c, SLOT (5)[b] = sn, SLOT (6)[b] = c, SLOT (7)[b] = -sn;
        }
      break;
    default:
      g_assert_not_reached ();
    }
#undef SLOT
}

static void
apply_gate (PlState       *state,
            PlGate         gate,
            const guint   *wires,
            const PlAngle *angles,
            gboolean       inverse)
{
  const PlGateInfo *info = pl_gate_info (gate);
  const GateKernel *kern;
  gboolean per_element = FALSE;
  double p[PL_GATE_MAX_PARAMS] = { 0 };
  double k[8];
  PlRuns quad, g;
  guint n_k;

  g_return_if_fail (state != NULL);
  g_return_if_fail (info != NULL);
  g_return_if_fail (wires != NULL);
  g_return_if_fail (angles != NULL || info->n_params == 0);
  g_return_if_fail (wires[0] < state->n_qubits);
  g_return_if_fail (info->n_wires == 1 || (wires[1] < state->n_qubits && wires[0] != wires[1]));

  if (gate == PL_GATE_I)
    return;

  kern = &gate_kernels[gate];
  if (info->n_wires == 1)
    runs_1q (state, wires[0], &g);
  else if (kern->op == PL_OP_ROTXX || kern->op == PL_OP_DIAG4)
    runs_2q (state, wires, &g);
  else
    {
      runs_2q (state, wires, &quad);
      runs_pair (&quad, kern->m0, kern->m1, &g);
    }

  for (guint m = 0; m < info->n_params; m++)
    {
      p[m] = angles[m].v[0];
      per_element |= angles[m].stride != 0 && state->batch > 1;
    }

  if (!per_element)
    {
      gate_coeffs (gate, p, inverse, k);
      _pl_state_kernel (state->re, state->im, &g, kern->op, k);
      return;
    }
  if (info->n_params == 1)
    {
      batch_coeffs_1p (state, gate, angles[0].v, inverse);
      _pl_state_kernel_pe (state->re, state->im, &g, kern->op, state->work);
      return;
    }

  /* U3 and ROT: one matrix per element, laid out k[m * batch + b]. */
  for (gsize b = 0; b < state->batch; b++)
    {
      for (guint m = 0; m < info->n_params; m++)
        p[m] = angles[m].v[b * angles[m].stride];
      n_k = gate_coeffs (gate, p, inverse, k);
      for (guint m = 0; m < n_k; m++)
        state->work[m * state->batch + b] = k[m];
    }
  _pl_state_kernel_pe (state->re, state->im, &g, kern->op, state->work);
}

void
pl_state_apply (PlState       *state,
                PlGate         gate,
                const guint   *wires,
                const PlAngle *angles)
{
  apply_gate (state, gate, wires, angles, FALSE);
}

void
pl_state_apply_inverse (PlState       *state,
                        PlGate         gate,
                        const guint   *wires,
                        const PlAngle *angles)
{
  apply_gate (state, gate, wires, angles, TRUE);
}

/* Pauli matrices over two, in the coefficient layouts of REAL2 and CPLX2. */
static const double half_x[4] = { 0, 0.5, 0.5, 0 };
static const double half_y[8] = { 0, 0, 0, 0, 0, -0.5, 0.5, 0 };
static const double zero2[4] = { 0, 0, 0, 0 };

void
pl_state_apply_generator (PlState     *state,
                          PlGate       gate,
                          const guint *wires)
{
  static const double half_z[4] = { 0.5, 0, -0.5, 0 };
  static const double minus_proj1[4] = { 0, 0, -1, 0 };
  static const double minus_half_x[4] = { 0, -0.5, -0.5, 0 };
  static const double half_zz[8] = { 0.5, 0, -0.5, 0, -0.5, 0, 0.5, 0 };
  /* |1><1|_c (x) Z/2 on members (c t) = 00, 10, 01, 11 in the index w0 + 2 w1. */
  static const double proj_half_z[8] = { 0, 0, 0.5, 0, 0, 0, -0.5, 0 };
  const PlGateInfo *info = pl_gate_info (gate);
  PlRuns quad, g;

  g_return_if_fail (state != NULL && wires != NULL);
  g_return_if_fail (info != NULL);
  g_return_if_fail (gate != PL_GATE_U3 && gate != PL_GATE_ROT && info->n_params == 1);
  g_return_if_fail (wires[0] < state->n_qubits);
  g_return_if_fail (info->n_wires == 1 || (wires[1] < state->n_qubits && wires[0] != wires[1]));

  if (info->n_wires == 1)
    runs_1q (state, wires[0], &g);
  else
    runs_2q (state, wires, &quad);

  switch (gate)
    {
    case PL_GATE_RX:
      _pl_state_kernel (state->re, state->im, &g, PL_OP_REAL2, half_x);
      break;
    case PL_GATE_RY:
      _pl_state_kernel (state->re, state->im, &g, PL_OP_CPLX2, half_y);
      break;
    case PL_GATE_RZ:
      _pl_state_kernel (state->re, state->im, &g, PL_OP_DIAG2, half_z);
      break;
    case PL_GATE_PHASE:
      _pl_state_kernel (state->re, state->im, &g, PL_OP_DIAG2, minus_proj1);
      break;
    case PL_GATE_CRX:
    case PL_GATE_CRY:
      /* The projector |1><1|_c clears the control = 0 members 0 and 2. */
      runs_pair (&quad, 0, 2, &g);
      _pl_state_kernel (state->re, state->im, &g, PL_OP_DIAG2, zero2);
      runs_pair (&quad, 1, 3, &g);
      if (gate == PL_GATE_CRX)
        _pl_state_kernel (state->re, state->im, &g, PL_OP_REAL2, half_x);
      else
        _pl_state_kernel (state->re, state->im, &g, PL_OP_CPLX2, half_y);
      break;
    case PL_GATE_CRZ:
      _pl_state_kernel (state->re, state->im, &quad, PL_OP_DIAG4, proj_half_z);
      break;
    case PL_GATE_RXX:
    case PL_GATE_RYY:
      /* X(x)X pairs 00 with 11 and 01 with 10; Y(x)Y does the same with a -1 on 00 <-> 11. */
      runs_pair (&quad, 0, 3, &g);
      _pl_state_kernel (state->re, state->im, &g, PL_OP_REAL2,
                        gate == PL_GATE_RXX ? half_x : minus_half_x);
      runs_pair (&quad, 1, 2, &g);
      _pl_state_kernel (state->re, state->im, &g, PL_OP_REAL2, half_x);
      break;
    case PL_GATE_RZZ:
      _pl_state_kernel (state->re, state->im, &quad, PL_OP_DIAG4, half_zz);
      break;
    default:
      g_return_if_reached ();
    }
}

void
pl_state_apply_matrix_1q (PlState      *state,
                          guint         wire,
                          const double *re,
                          const double *im)
{
  double k[8];
  PlRuns g;

  g_return_if_fail (state != NULL && re != NULL && im != NULL);
  g_return_if_fail (wire < state->n_qubits);

  for (guint m = 0; m < 4; m++)
    k[m] = re[m], k[4 + m] = im[m];
  runs_1q (state, wire, &g);
  _pl_state_kernel (state->re, state->im, &g, PL_OP_CPLX2, k);
}
