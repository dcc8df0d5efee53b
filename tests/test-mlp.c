/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MLP on jets, plain and modified (gated by two encoders), with and without a head: values
 * against a plain-loop reference network, output jets against nested central differences of
 * that reference in the inputs, parameter gradients and input-jet adjoints against central
 * differences of a random linear functional of the output jets. Construction errors and
 * initialisation are in test-mlp-init.c.
 */
#include <plateau/plateau.h>

#include "reference.h"
#include "reference-jet.h"

#include <math.h>
#include <string.h>

static const PlActivation hidden_activations[] = {
  PL_ACTIVATION_TANH, PL_ACTIVATION_SIN, PL_ACTIVATION_SILU, PL_ACTIVATION_GELU,
  PL_ACTIVATION_IDENTITY,
};

/* --- the reference network ------------------------------------------------------------ */

typedef struct {
  guint         n_widths;
  const guint  *widths;
  PlActivation  act;      /* every hidden layer */
  const double *params;
  guint         output;   /* which output ref_value returns */
  PlMlpArch     arch;
  gboolean      headless;
} RefNet;

/* y = W x + b for W (n_out x n_in, row-major) followed by b in @p. */
static void
ref_affine (const double *p,
            guint         n_in,
            guint         n_out,
            const double *x,
            double       *y)
{
  for (guint o = 0; o < n_out; o++)
    {
      y[o] = p[n_out * n_in + o];
      for (guint i = 0; i < n_in; i++)
        y[o] += p[o * n_in + i] * x[i];
    }
}

/* The documented parameter layout, walked independently of the MLP's offsets: W_l row-major
 * (out x in), then b_l, layer after layer, then for a modified MLP W_u, b_u, W_v, b_v. Its
 * hidden layers are gated the way the paper writes it, h = a U + (1 - a) V. */
static double
ref_value (const double *x,
           gpointer      data)
{
  const RefNet *net = data;
  double a[64], z[64], u[64], v[64];
  const double *p = net->params;
  guint n_x = net->widths[0], h = net->widths[1];

  if (net->arch == PL_MLP_MODIFIED)
    {
      const double *enc = p;

      for (guint l = 1; l < net->n_widths; l++)
        enc += net->widths[l] * net->widths[l - 1] + net->widths[l];
      ref_affine (enc, n_x, h, x, u);
      ref_affine (enc + h * n_x + h, n_x, h, x, v);
      for (guint o = 0; o < h; o++)
        {
          u[o] = ref_activation (net->act, u[o]);
          v[o] = ref_activation (net->act, v[o]);
        }
    }
  memcpy (a, x, n_x * sizeof (double));
  for (guint l = 1; l < net->n_widths; l++)
    {
      guint n_in = net->widths[l - 1], n_out = net->widths[l];
      gboolean hidden = l + 1 < net->n_widths || net->headless;

      ref_affine (p, n_in, n_out, a, z);
      p += n_out * n_in + n_out;
      for (guint o = 0; o < n_out; o++)
        {
          a[o] = hidden ? ref_activation (net->act, z[o]) : z[o];
          if (hidden && net->arch == PL_MLP_MODIFIED)
            a[o] = a[o] * u[o] + (1.0 - a[o]) * v[o];
        }
    }
  return a[net->output];
}

static PlMlp *
make_mlp (guint        n_widths,
          const guint *widths,
          PlActivation act,
          PlMlpArch    arch,
          gboolean     headless)
{
  PlActivation acts[8];
  PlMlp *mlp;

  for (guint l = 0; l < G_N_ELEMENTS (acts); l++)
    acts[l] = act;
  mlp = pl_mlp_new_full (n_widths, widths, acts, arch, headless, NULL);
  g_assert_nonnull (mlp);
  return mlp;
}

/* Xavier weights made a little larger, and random biases, so every unit is away from the
 * linear regime of its activation and every rule term matters. */
static void
random_params (const PlMlp *mlp,
               PlRng       *rng,
               double      *params)
{
  pl_mlp_init_params (mlp, PL_MLP_INIT_XAVIER_NORMAL, rng, params);
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      for (gsize i = mlp->w_offset[l]; i < mlp->b_offset[l]; i++)
        params[i] *= 1.5;
      for (guint o = 0; o < mlp->widths[l + 1]; o++)
        params[mlp->b_offset[l] + o] = pl_rng_uniform (rng) - 0.5;
    }
  for (guint e = 0; mlp->arch == PL_MLP_MODIFIED && e < 2; e++)
    {
      for (gsize i = mlp->enc_w_offset[e]; i < mlp->enc_b_offset[e]; i++)
        params[i] *= 1.5;
      for (guint o = 0; o < mlp->widths[1]; o++)
        params[mlp->enc_b_offset[e] + o] = pl_rng_uniform (rng) - 0.5;
    }
}

/* The architectures under test: plain and modified, each as a network with a head (a linear
 * output layer) and as a headless trunk. A modified network's hidden widths are equal. */
static const struct {
  const char *name;
  PlMlpArch   arch;
  gboolean    headless;
} archs[] = {
  { "plain", PL_MLP_PLAIN, FALSE },
  { "modified", PL_MLP_MODIFIED, FALSE },
  { "plain headless", PL_MLP_PLAIN, TRUE },
  { "modified headless", PL_MLP_MODIFIED, TRUE },
};

/* Widths for archs[r]: d -> 6 -> w -> n_out with a head, d -> 6 -> w headless (w outputs),
 * and w = 6 when modified. Returns their number. */
static guint
arch_widths (guint  r,
             guint  d,
             guint  w,
             guint  n_out,
             guint *widths)
{
  widths[0] = d;
  widths[1] = 6;
  widths[2] = archs[r].arch == PL_MLP_MODIFIED ? 6 : w;
  widths[3] = n_out;
  return archs[r].headless ? 3 : 4;
}

/* --- layout and values ------------------------------------------------------------------ */

static void
test_layout (void)
{
  const guint widths[] = { 3, 7, 5, 2 };
  const PlActivation acts[] = { PL_ACTIVATION_TANH, PL_ACTIVATION_GELU };
  g_autoptr (PlMlp) mlp = pl_mlp_new (4, widths, acts, NULL);

  g_assert_nonnull (mlp);
  g_assert_cmpuint (mlp->n_layers, ==, 3);
  g_assert_cmpuint (mlp->n_params, ==, 7 * 3 + 7 + 5 * 7 + 5 + 2 * 5 + 2);
  g_assert_cmpuint (mlp->w_offset[0], ==, 0);
  g_assert_cmpuint (mlp->b_offset[0], ==, 21);
  g_assert_cmpuint (mlp->w_offset[1], ==, 28);
  g_assert_cmpuint (mlp->b_offset[1], ==, 63);
  g_assert_cmpuint (mlp->w_offset[2], ==, 68);
  g_assert_cmpuint (mlp->b_offset[2], ==, 78);
  g_assert_cmpint (mlp->activations[0], ==, PL_ACTIVATION_TANH);
  g_assert_cmpint (mlp->activations[1], ==, PL_ACTIVATION_GELU);
  g_assert_cmpint (mlp->activations[2], ==, PL_ACTIVATION_IDENTITY);
  g_assert_cmpint (mlp->arch, ==, PL_MLP_PLAIN);
  g_assert_false (mlp->headless);
}

/* The encoders come after the layers, U before V, each W (h x widths[0]) then b; a headless
 * MLP's last layer keeps its activation. */
static void
test_layout_modified (void)
{
  const guint widths[] = { 3, 7, 7, 2 };
  const PlActivation acts[] = { PL_ACTIVATION_TANH, PL_ACTIVATION_GELU, PL_ACTIVATION_SIN };
  g_autoptr (PlMlp) mlp = pl_mlp_new_full (4, widths, acts, PL_MLP_MODIFIED, FALSE, NULL);
  g_autoptr (PlMlp) trunk = pl_mlp_new_full (3, widths, acts, PL_MLP_MODIFIED, TRUE, NULL);

  g_assert_nonnull (mlp);
  g_assert_cmpuint (mlp->n_layers, ==, 3);
  g_assert_cmpuint (mlp->b_offset[2], ==, 7 * 3 + 7 + 7 * 7 + 7 + 2 * 7);
  g_assert_cmpuint (mlp->enc_w_offset[0], ==, 7 * 3 + 7 + 7 * 7 + 7 + 2 * 7 + 2);
  g_assert_cmpuint (mlp->enc_b_offset[0], ==, mlp->enc_w_offset[0] + 7 * 3);
  g_assert_cmpuint (mlp->enc_w_offset[1], ==, mlp->enc_b_offset[0] + 7);
  g_assert_cmpuint (mlp->enc_b_offset[1], ==, mlp->enc_w_offset[1] + 7 * 3);
  g_assert_cmpuint (mlp->n_params, ==, mlp->enc_b_offset[1] + 7);
  g_assert_cmpint (mlp->activations[2], ==, PL_ACTIVATION_IDENTITY);

  g_assert_nonnull (trunk);
  g_assert_true (trunk->headless);
  g_assert_cmpuint (trunk->n_layers, ==, 2);
  g_assert_cmpuint (trunk->enc_w_offset[0], ==, 7 * 3 + 7 + 7 * 7 + 7);
  g_assert_cmpuint (trunk->n_params, ==, trunk->enc_w_offset[0] + 2 * (7 * 3 + 7));
  g_assert_cmpint (trunk->activations[0], ==, PL_ACTIVATION_TANH);
  g_assert_cmpint (trunk->activations[1], ==, PL_ACTIVATION_GELU);
}

/* Values only (order 0), a batch of points, against the reference network. */
static void
test_values (void)
{
  enum { B = 9 };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  for (guint r = 0; r < G_N_ELEMENTS (archs); r++)
    for (guint a = 0; a < G_N_ELEMENTS (hidden_activations); a++)
      {
        guint widths[4], n_widths = arch_widths (r, 2, 4, 3, widths);
        guint n_out = widths[n_widths - 1];
        g_autoptr (PlMlp) mlp = make_mlp (n_widths, widths, hidden_activations[a], archs[r].arch,
                                          archs[r].headless);
        g_autoptr (PlMlpWork) work = NULL;
        g_autofree double *params = g_new (double, mlp->n_params);
        double x[2 * B], out[6 * B];
        PlJetSpec spec;
        RefNet net = { n_widths, widths, hidden_activations[a], NULL, 0, archs[r].arch,
                       archs[r].headless };

        g_assert_true (pl_jet_spec_init (&spec, 2, 0, -1, NULL, NULL));
        work = pl_mlp_work_new (mlp, &spec, B, NULL);
        g_assert_nonnull (work);
        g_assert_cmpuint (pl_mlp_work_batch (work), ==, B);
        g_assert_cmpuint (pl_mlp_work_spec (work)->n_components, ==, 1);
        random_params (mlp, &rng, params);
        net.params = params;
        ref_random_fill (&rng, 2 * B, x);
        /* With order 0 the input jets are the coordinates themselves. */
        pl_mlp_forward (mlp, params, x, out, work);
        for (guint b = 0; b < B; b++)
          for (guint o = 0; o < n_out; o++)
            {
              double p[2] = { x[b], x[B + b] }, want;

              net.output = o;
              want = ref_value (p, &net);
              if (fabs (out[o * B + b] - want) > 1e-13)
                g_error ("%s %s: output %u at point %u is %.17g, the reference %.17g",
                         archs[r].name, pl_activation_to_string (hidden_activations[a]), o, b,
                         out[o * B + b], want);
            }
      }
}

/* --- output jets ------------------------------------------------------------------------ */

/* Nested central differences with one Richardson step, by derivative order: the truncation
 * error ~h^4 g^(order + 4) and the rounding ~eps |g| / h^order balance at these steps (the
 * largest errors seen over 30 seeds were 4e-11, 7e-9 and 6e-6 for orders 1, 2, 3), while a
 * missing term of any rule is off by 1e-2 or more. */
static const double fd_step[4] = { 1.0, 1e-4, 2e-3, 4e-3 };
static const double fd_tol[4] = { 1e-12, 1e-9, 1e-7, 3e-5 };

static void
check_output_jets (const PlJetSpec *spec,
                   guint            B,
                   const double    *x,
                   const double    *out,
                   RefNet          *net,
                   const char      *what)
{
  guint d = spec->n_inputs, n_out = net->widths[net->n_widths - 1];
  gsize K = spec->n_components;

  for (guint o = 0; o < n_out; o++)
    for (guint k = 0; k < K; k++)
      for (guint b = 0; b < B; b++)
        {
          guint alpha[3], order = 0;
          double p[3], fd, got = out[(o * K + k) * B + b];

          for (guint i = 0; i < d; i++)
            {
              alpha[i] = spec->alpha[k][i];
              order += alpha[i];
              p[i] = x[i * B + b];
            }
          net->output = o;
          fd = ref_nested_diff_richardson (ref_value, net, p, d, alpha, fd_step[order]);
          if (fabs (got - fd) > fd_tol[order] * (1.0 + fabs (fd)))
            g_error ("%s, %u inputs: output %u component %s at point %u is %.12g, finite "
                     "differences %.12g", what, d, o, pl_jet_spec_name (spec, k), b, got, fd);
        }
}

static void
test_output_jets (void)
{
  enum { B = 4 };
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  for (guint r = 0; r < G_N_ELEMENTS (archs); r++)
    for (guint a = 0; a < G_N_ELEMENTS (hidden_activations); a++)
      for (guint d = 1; d <= 3; d++)
        for (gint third = -1; third < (gint) d; third++)
          for (guint order = (third >= 0 ? 2 : 0); order <= 2; order++)
            {
              guint widths[4], n_widths = arch_widths (r, d, 5, 2, widths);
              g_autoptr (PlMlp) mlp = make_mlp (n_widths, widths, hidden_activations[a],
                                                archs[r].arch, archs[r].headless);
              g_autoptr (PlMlpWork) work = NULL;
              g_autofree double *params = g_new (double, mlp->n_params);
              const char *act = pl_activation_to_string (hidden_activations[a]);
              g_autofree char *what = g_strdup_printf ("%s %s", archs[r].name, act);
              double x[3 * B], in[3 * 11 * B], out[6 * 11 * B];
              RefNet net = { n_widths, widths, hidden_activations[a], NULL, 0, archs[r].arch,
                             archs[r].headless };
              PlJetSpec spec;

              g_assert_true (pl_jet_spec_init (&spec, d, order, third, NULL, NULL));
              work = pl_mlp_work_new (mlp, &spec, B, NULL);
              random_params (mlp, &rng, params);
              net.params = params;
              ref_random_fill (&rng, d * B, x);
              pl_jet_seed_inputs (&spec, B, x, in);
              pl_mlp_forward (mlp, params, in, out, work);
              check_output_jets (&spec, B, x, out, &net, what);
            }
}

/* --- reverse mode ----------------------------------------------------------------------- */

typedef struct {
  const char  *name;
  guint        n_widths;
  guint        widths[5];
  guint        d, order;
  gint         third;
  PlMlpArch    arch;
  gboolean     headless;
} GradCase;

static const GradCase grad_cases[] = {
  { "two hidden, xt with u_ttt", 4, { 2, 4, 3, 2 }, 2, 2, 1 },
  { "one hidden, xyt with u_xxx", 3, { 3, 5, 2 }, 3, 2, 0 },
  { "no hidden, first order", 2, { 3, 2 }, 3, 1, -1 },
  { "values only", 3, { 1, 5, 1 }, 1, 0, -1 },
  { "circuit-sized input, x with u_xxx", 3, { 4, 3, 3 }, 1, 2, 0 },
  { "headless, xt with u_ttt", 3, { 2, 4, 3 }, 2, 2, 1, PL_MLP_PLAIN, TRUE },
  { "modified, two hidden, xt with u_ttt", 4, { 2, 4, 4, 2 }, 2, 2, 1, PL_MLP_MODIFIED },
  { "modified, one hidden, xyt with u_xxx", 3, { 3, 5, 2 }, 3, 2, 0, PL_MLP_MODIFIED },
  { "modified, three hidden, first order", 5, { 3, 3, 3, 3, 2 }, 3, 1, -1, PL_MLP_MODIFIED },
  { "modified, values only", 4, { 1, 5, 5, 1 }, 1, 0, -1, PL_MLP_MODIFIED },
  { "modified headless, x with u_xxx", 3, { 4, 3, 3 }, 1, 2, 0, PL_MLP_MODIFIED, TRUE },
  { "modified headless, one layer, xt", 2, { 2, 4 }, 2, 2, -1, PL_MLP_MODIFIED, TRUE },
};

static double
jet_loss (const PlMlp     *mlp,
          const double    *params,
          const double    *in,
          const double    *c,
          gsize            n_out,
          double          *out,
          PlMlpWork       *work)
{
  double L = 0.0;

  pl_mlp_forward (mlp, params, in, out, work);
  for (gsize i = 0; i < n_out; i++)
    L += c[i] * out[i];
  return L;
}

static void
check_close (double      got,
             double      fd,
             double      tol,
             const char *what,
             const char *name,
             gsize       i)
{
  if (fabs (got - fd) > tol * (1.0 + fabs (fd)))
    g_error ("%s (%s): entry %" G_GSIZE_FORMAT " is %.12g, finite differences %.12g",
             what, name, i, got, fd);
}

/* L = sum c * (output jets) for random c: dL/dparams and dL/d(input jets) from
 * pl_mlp_backward against central differences of L, for every activation. The input jets are
 * random in every component, as they are when another layer feeds the MLP. */
static void
test_gradients (void)
{
  const double h = 1e-6;
  PlRng rng;

  pl_rng_init (&rng, ref_test_seed ());
  for (guint t = 0; t < G_N_ELEMENTS (grad_cases); t++)
    for (guint a = 0; a < G_N_ELEMENTS (hidden_activations); a++)
      {
        const GradCase *gc = &grad_cases[t];
        const gsize B = 3;
        g_autoptr (PlMlp) mlp = make_mlp (gc->n_widths, gc->widths, hidden_activations[a],
                                          gc->arch, gc->headless);
        g_autoptr (PlMlpWork) work = NULL;
        PlJetSpec spec;
        gsize n_in, n_out, P;
        g_autofree double *params = NULL, *in = NULL, *out = NULL, *c = NULL;
        g_autofree double *grad = NULL, *grad2 = NULL, *start = NULL, *in_adj = NULL;

        g_assert_true (pl_jet_spec_init (&spec, gc->d, gc->order, gc->third, NULL, NULL));
        work = pl_mlp_work_new (mlp, &spec, B, NULL);
        P = mlp->n_params;
        n_in = pl_jet_size (&spec, B, gc->widths[0]);
        n_out = pl_jet_size (&spec, B, gc->widths[gc->n_widths - 1]);
        params = g_new (double, P);
        grad = g_new (double, P);
        grad2 = g_new0 (double, P);
        start = g_new (double, P);
        in = g_new (double, n_in);
        in_adj = g_new (double, n_in);
        out = g_new (double, n_out);
        c = g_new (double, n_out);
        random_params (mlp, &rng, params);
        ref_random_fill (&rng, n_in, in);
        ref_random_fill (&rng, n_out, c);
        ref_random_fill (&rng, P, start);

        /* Gradients add to what @grad holds. */
        memcpy (grad, start, P * sizeof (double));
        jet_loss (mlp, params, in, c, n_out, out, work);
        pl_mlp_backward (mlp, params, work, c, grad, in_adj);
        /* Without the input adjoint, the same parameter gradient. */
        pl_mlp_backward (mlp, params, work, c, grad2, NULL);

        for (gsize i = 0; i < P; i++)
          {
            double keep = params[i], plus, minus;

            params[i] = keep + h;
            plus = jet_loss (mlp, params, in, c, n_out, out, work);
            params[i] = keep - h;
            minus = jet_loss (mlp, params, in, c, n_out, out, work);
            params[i] = keep;
            check_close (grad[i] - start[i], (plus - minus) / (2 * h), 1e-6,
                         "parameter gradient", gc->name, i);
            g_assert_cmpfloat_with_epsilon (grad2[i], grad[i] - start[i],
                                            1e-13 * (1.0 + fabs (grad2[i])));
          }
        for (gsize i = 0; i < n_in; i++)
          {
            double keep = in[i], plus, minus;

            in[i] = keep + h;
            plus = jet_loss (mlp, params, in, c, n_out, out, work);
            in[i] = keep - h;
            minus = jet_loss (mlp, params, in, c, n_out, out, work);
            in[i] = keep;
            check_close (in_adj[i], (plus - minus) / (2 * h), 1e-6, "input adjoint",
                         gc->name, i);
          }
      }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Mlp/layout", test_layout);
  g_test_add_func ("/Plateau/Mlp/layout-modified", test_layout_modified);
  g_test_add_func ("/Plateau/Mlp/values", test_values);
  g_test_add_func ("/Plateau/Mlp/output-jets", test_output_jets);
  g_test_add_func ("/Plateau/Mlp/gradients", test_gradients);

  return g_test_run ();
}
