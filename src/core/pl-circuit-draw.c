/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "plateau"

#include "config.h"

#include "pl-circuit.h"

#include <string.h>

/* A UTF-8 text diagram: one line per qubit, ops packed greedily into columns (an op takes the
 * first column after everything already drawn on the wires it spans, so ops on disjoint wires
 * share a column). Controls are ●, CNOT targets ⊕, SWAP ends ×, other gates boxed labels such
 * as ┤RY(0.785)├; a two-qubit gate crosses the wires between its ends with ┼. */

static void
append_number (GString *s,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.3g", v));
}

/* "a*x + b" with the trivial parts left out; @a_sym / @b_sym when symbolic. */
static void
append_affine (GString    *s,
               const char *a_sym,
               double      a,
               const char *var,
               const char *b_sym,
               double      b)
{
  if (a_sym != NULL)
    g_string_append_printf (s, "%s*", a_sym);
  else if (a != 1.0)
    {
      append_number (s, a);
      g_string_append_c (s, '*');
    }
  g_string_append (s, var);
  if (b_sym != NULL)
    g_string_append_printf (s, "+%s", b_sym);
  else if (b != 0.0)
    {
      if (b > 0)
        g_string_append_c (s, '+');
      append_number (s, b);
    }
}

static void
append_angle (GString             *s,
              const PlAngleSource *src,
              const double        *params)
{
  g_autofree char *var = NULL;
  g_autofree char *a_sym = NULL;
  g_autofree char *b_sym = NULL;

  switch (src->kind)
    {
    case PL_SOURCE_FIXED:
      append_number (s, src->value);
      break;
    case PL_SOURCE_PARAM:
      if (params != NULL)
        append_number (s, src->scale * params[src->index] + src->value);
      else
        {
          var = g_strdup_printf ("p%u", src->index);
          append_affine (s, NULL, src->scale, var, NULL, src->value);
        }
      break;
    case PL_SOURCE_INPUT:
      var = g_strdup_printf ("x%u", src->index);
      if (params == NULL)
        {
          if (src->a_param >= 0)
            a_sym = g_strdup_printf ("p%d", src->a_param);
          if (src->b_param >= 0)
            b_sym = g_strdup_printf ("p%d", src->b_param);
        }
      append_affine (s, a_sym, src->a_param >= 0 && params != NULL ? params[src->a_param]
                                                                   : src->scale,
                     var, b_sym, src->b_param >= 0 && params != NULL ? params[src->b_param]
                                                                     : src->value);
      break;
    case PL_SOURCE_EXTERNAL:
      g_string_append_printf (s, "e%u", src->index);
      break;
    default:
      g_assert_not_reached ();
    }
}

static const char *
gate_label (PlGate gate)
{
  switch (gate)
    {
    case PL_GATE_I: return "I";
    case PL_GATE_H: return "H";
    case PL_GATE_X: return "X";
    case PL_GATE_Y: case PL_GATE_CY: return "Y";
    case PL_GATE_Z: return "Z";
    case PL_GATE_S: return "S";
    case PL_GATE_SDG: return "Sdg";
    case PL_GATE_T: return "T";
    case PL_GATE_TDG: return "Tdg";
    case PL_GATE_RX: case PL_GATE_CRX: return "RX";
    case PL_GATE_RY: case PL_GATE_CRY: return "RY";
    case PL_GATE_RZ: case PL_GATE_CRZ: return "RZ";
    case PL_GATE_PHASE: return "P";
    case PL_GATE_U3: return "U3";
    case PL_GATE_ROT: return "ROT";
    case PL_GATE_RXX: return "RXX";
    case PL_GATE_RYY: return "RYY";
    case PL_GATE_RZZ: return "RZZ";
    case PL_GATE_CNOT: case PL_GATE_CZ: case PL_GATE_SWAP: case PL_N_GATES:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static char *
boxed_label (const PlOp   *op,
             const double *params)
{
  const PlGateInfo *info = pl_gate_info (op->gate);
  GString *s = g_string_new ("┤");

  g_string_append (s, gate_label (op->gate));
  if (info->n_params > 0)
    {
      g_string_append_c (s, '(');
      for (guint k = 0; k < info->n_params; k++)
        {
          if (k > 0)
            g_string_append_c (s, ',');
          append_angle (s, &op->src[k], params);
        }
      g_string_append_c (s, ')');
    }
  g_string_append (s, "├");
  return g_string_free (s, FALSE);
}

typedef struct {
  char  **cells;   /* n_cells entries, NULL where the wire runs through */
  guint   n_cells;
  glong   width;   /* in characters */
} Column;

static void
column_free (gpointer data)
{
  Column *col = data;

  for (guint i = 0; i < col->n_cells; i++)
    g_free (col->cells[i]);
  g_free (col->cells);
  g_free (col);
}

static void
put (Column *col,
     guint   wire,
     char   *text)
{
  glong w = g_utf8_strlen (text, -1);

  g_free (col->cells[wire]);
  col->cells[wire] = text;
  col->width = MAX (col->width, w);
}

char *
pl_circuit_draw_text (const PlCircuit *circuit,
                      const double    *params)
{
  g_autoptr (GPtrArray) columns = NULL;
  g_autofree guint *next_free = NULL;
  g_autofree char *last_label = NULL;
  GString *out;
  int label_width;
  guint n;

  g_return_val_if_fail (circuit != NULL, NULL);

  n = circuit->n_qubits;
  columns = g_ptr_array_new_with_free_func (column_free);
  next_free = g_new0 (guint, n);

  for (gsize i = 0; i < circuit->n_ops; i++)
    {
      const PlOp *op = &circuit->ops[i];
      const PlGateInfo *info = pl_gate_info (op->gate);
      guint lo = op->wires[0];
      guint hi = op->wires[0];
      guint c = 0;
      Column *col;

      if (info->n_wires == 2)
        {
          lo = MIN (op->wires[0], op->wires[1]);
          hi = MAX (op->wires[0], op->wires[1]);
        }
      for (guint w = lo; w <= hi; w++)
        c = MAX (c, next_free[w]);
      for (guint w = lo; w <= hi; w++)
        next_free[w] = c + 1;
      if (c == columns->len)
        {
          col = g_new0 (Column, 1);
          col->cells = g_new0 (char *, n);
          col->n_cells = n;
          g_ptr_array_add (columns, col);
        }
      col = g_ptr_array_index (columns, c);

      for (guint w = lo + 1; w < hi; w++)
        put (col, w, g_strdup ("┼"));
      switch (op->gate)
        {
        case PL_GATE_CNOT:
          put (col, op->wires[0], g_strdup ("●"));
          put (col, op->wires[1], g_strdup ("⊕"));
          break;
        case PL_GATE_CZ:
          put (col, op->wires[0], g_strdup ("●"));
          put (col, op->wires[1], g_strdup ("●"));
          break;
        case PL_GATE_SWAP:
          put (col, op->wires[0], g_strdup ("×"));
          put (col, op->wires[1], g_strdup ("×"));
          break;
        case PL_GATE_CY:
        case PL_GATE_CRX:
        case PL_GATE_CRY:
        case PL_GATE_CRZ:
          put (col, op->wires[0], g_strdup ("●"));
          put (col, op->wires[1], boxed_label (op, params));
          break;
        case PL_GATE_RXX:
        case PL_GATE_RYY:
        case PL_GATE_RZZ:
          put (col, op->wires[0], boxed_label (op, params));
          put (col, op->wires[1], boxed_label (op, params));
          break;
        default:
          put (col, op->wires[0], boxed_label (op, params));
          break;
        }
    }

  last_label = g_strdup_printf ("q%u:", n - 1);
  label_width = (int) strlen (last_label);
  out = g_string_new (NULL);
  for (guint w = 0; w < n; w++)
    {
      g_autofree char *label = g_strdup_printf ("q%u:", w);

      g_string_append_printf (out, "%-*s ─", label_width, label);
      for (guint c = 0; c < columns->len; c++)
        {
          const Column *col = g_ptr_array_index (columns, c);
          const char *cell = col->cells[w];
          glong len = cell != NULL ? g_utf8_strlen (cell, -1) : 0;
          glong left = (col->width - len) / 2;
          glong right = col->width - len - left;

          for (glong k = 0; k < left; k++)
            g_string_append (out, "─");
          if (cell != NULL)
            g_string_append (out, cell);
          for (glong k = 0; k < right; k++)
            g_string_append (out, "─");
          g_string_append (out, "─");
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
