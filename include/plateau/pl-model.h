/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-model.h: the networks a physics-informed problem is trained with, on Taylor jets:
 *
 *   classical   u = MLP(x)
 *   quantum     u = W_q <O>(x; theta) + b_q                      (pure quantum PINN)
 *   hybrid      u = c_m(x) * q(x) + c_a(x),  q = W_q <O> + b_q   (QPINN-MAC)
 *               with the multiplicative and the additive coupling each switchable, and the
 *               heads c_m, c_a either linear heads on a shared MLP trunk or separate MLPs;
 *   serial      u = W_q <O>(phi(x); theta) + b_q, phi an MLP giving the encoding angles
 *               (EXTERNAL sources of the circuit), optionally with the couplings above.
 *
 * u has n_outputs components (systems of equations); products are element-wise.
 *
 * Parameters live in one vector split into named blocks (trunk, head_m, head_a, pre, quantum,
 * readout), so per-block gradient norms can be reported and blocks frozen (quantum-only
 * training inside a hybrid). Blocks a model does not have are empty.
 *
 * Architecture. Every classical network with hidden layers (the classical model's MLP, the
 * shared trunk, separate heads, the serial model's pre-network) is a plain MLP or, with
 * arch = PL_MLP_MODIFIED, the modified MLP of Wang, Teng & Perdikaris (SIAM J. Sci. Comput.
 * 43(5):A3055, 2021; pl-mlp.h), h_l = V + f(z_l) (U - V) with two encoders U, V of the
 * network's input, which needs hidden layers of one width. A modified shared trunk gates its
 * last hidden layer too, the one the heads read; linear heads on it and the readout are
 * single affine layers, with nothing to gate.
 *
 * Input features. The classical networks (trunk, heads, the serial model's pre-network) may
 * see features of x instead of x itself; the circuit always encodes the raw coordinates.
 * In this order:
 *   every non-periodic axis j:               x_j itself
 *   periodic axis j, h harmonics, period P:  sin(2 pi k x_j / P), cos(2 pi k x_j / P),
 *                                            k = 1 .. h   (exact periodicity of u and of all
 *                                            its derivatives; Dong & Ni, J. Comput. Phys.
 *                                            435:110242, 2021)
 *   m random Fourier features:               sin(b_r . x), cos(b_r . x), r = 1 .. m, with
 *                                            b_r ~ N(0, sigma^2 I) over the non-periodic
 *                                            axes, drawn once from fourier_seed (Tancik et
 *                                            al., NeurIPS 2020; Wang, Wang & Perdikaris,
 *                                            CMAME 384:113938, 2021)
 * The features are fixed functions of x, so their jets are exact (a linear argument through
 * sin by Faa di Bruno's rule) and they have nothing to train.
 *
 * Forward: coordinates x[j * B + b] in, output jets [n_outputs][K][B] out. Backward: the
 * adjoint of the output jets in, dL/dparams added to a gradient. Each model layer speaks jets
 * (pl-mlp, pl-qlayer, pl-jet products), so the reverse pass is exact for every derivative the
 * residual uses.
 *
 * Who calls this: the trainer, the analysis code (gradient variance of hybrid models), tests.
 */
#pragma once

#if !defined(PLATEAU_INSIDE) && !defined(PLATEAU_COMPILATION)
# error "Only <plateau/plateau.h> can be included directly."
#endif

#include "pl-types.h"
#include "pl-circuit.h"
#include "pl-jet.h"
#include "pl-mlp.h"

G_BEGIN_DECLS

typedef enum {
  PL_MODEL_CLASSICAL,
  PL_MODEL_QUANTUM,
  PL_MODEL_HYBRID,
  PL_MODEL_SERIAL,
} PlModelKind;

typedef enum {
  PL_BLOCK_TRUNK,
  PL_BLOCK_HEAD_M,
  PL_BLOCK_HEAD_A,
  PL_BLOCK_PRE,
  PL_BLOCK_QUANTUM,
  PL_BLOCK_READOUT,
  PL_N_BLOCKS
} PlBlock;

typedef enum {
  PL_QINIT_UNIFORM,   /* U[0, 2 pi) */
  PL_QINIT_NORMAL,    /* N(0, qinit_scale^2): small angles near the identity */
  PL_QINIT_ZERO,
} PlQuantumInit;

#define PL_MODEL_MAX_HIDDEN 8
/* Most harmonics of a periodic axis, and most random Fourier features. */
#define PL_MODEL_MAX_HARMONICS 16
#define PL_MODEL_MAX_FOURIER   256

typedef struct {
  PlModelKind   kind;
  guint         n_inputs;                      /* d: coordinates of the problem */
  guint         n_outputs;                     /* m: fields */
  guint         n_hidden;                      /* hidden layers of every MLP */
  guint         hidden[PL_MODEL_MAX_HIDDEN];   /* their widths */
  PlActivation  activation;
  PlMlpArch     arch;                          /* of the networks with hidden layers */
  PlMlpInit     init;
  gboolean      shared_trunk;                  /* hybrid: heads on one trunk */
  gboolean      multiplicative;                /* hybrid/serial: c_m * q */
  gboolean      additive;                      /* hybrid/serial: + c_a */
  PlQuantumInit qinit;
  double        qinit_scale;
  /* input features of the classical networks (see above); all zero: raw coordinates */
  guint         harmonics[PL_JET_MAX_INPUTS];  /* per axis; 0: not periodic */
  double        period[PL_JET_MAX_INPUTS];     /* > 0 where harmonics > 0 */
  guint         fourier;                       /* random Fourier features; 0: none */
  double        fourier_scale;                 /* sigma of their frequencies, > 0 */
  guint64       fourier_seed;
} PlModelConfig;

/* Defaults: hybrid with both couplings, 1 input, 1 output, a 32 -> 32 tanh trunk shared by
 * linear heads, Xavier-normal classical and uniform quantum initialisation. */
void        pl_model_config_init   (PlModelConfig *config);

const char *pl_model_kind_to_string   (PlModelKind  kind);
gboolean    pl_model_kind_from_string (const char  *name,
                                       PlModelKind *kind,
                                       GError     **error);
const char *pl_block_name             (PlBlock      block);

typedef struct _PlModel     PlModel;
typedef struct _PlModelWork PlModelWork;

typedef struct {
  gsize offset;
  gsize size;
} PlBlockRange;

/* A model. @circuit and @obs (n_obs observables read out through the linear readout) are
 * taken over (transfer full) and may be NULL / 0 for classical models; quantum, hybrid and
 * serial models need them. A serial model needs a circuit with EXTERNAL sources (the MLP gives
 * one angle per slot); the others need circuits without. Errors name the inconsistent
 * setting. */
PlModel            *pl_model_new          (const PlModelConfig  *config,
                                           PlCircuit            *circuit,
                                           guint                 n_obs,
                                           PlObservable        **obs,
                                           GError              **error);
void                pl_model_free         (PlModel              *model);
const PlModelConfig *pl_model_get_config  (const PlModel        *model);
/* The inputs of the classical networks: d when there are no features, else as listed above.
 * For each feature r (@axis, @freq and @phase may be NULL): a raw coordinate has axis[r] = j;
 * the others have axis[r] = -1 and are sin(freq[r * d + i] x_i summed over i + phase[r])
 * (cosines have phase pi/2). Returns the number of features. */
guint               pl_model_features     (const PlModel        *model,
                                           gint                 *axis,
                                           double               *freq,
                                           double               *phase);
const PlCircuit    *pl_model_get_circuit  (const PlModel        *model);
guint               pl_model_get_n_obs    (const PlModel        *model);
PlObservable *const *pl_model_get_obs     (const PlModel        *model);
gsize               pl_model_n_params     (const PlModel        *model);
PlBlockRange        pl_model_block        (const PlModel        *model,
                                           PlBlock               block);
/* Random initial parameters (classical by config->init, quantum by config->qinit). */
void                pl_model_init_params  (const PlModel        *model,
                                           PlRng                *rng,
                                           double               *params);

/* Workspace for @batch points with jets of @spec (spec->n_inputs must equal the model's). */
PlModelWork        *pl_model_work_new     (const PlModel        *model,
                                           const PlJetSpec      *spec,
                                           gsize                 batch,
                                           GError              **error);
void                pl_model_work_free    (PlModelWork          *work);

/* Compute the circuit's jets and gradients from shifted circuits measured @shots times each
 * (pl_qlayer_work_set_shots; 0: exactly, by the adjoint method). No-op for classical
 * models. */
gboolean            pl_model_work_set_shots (PlModelWork        *work,
                                             guint64             shots,
                                             PlRng              *rng,
                                             GError            **error);
/* Circuits run per point by a forward (or backward) pass under shots; 0 when exact or
 * classical (pl_qlayer_work_circuits_per_point). */
guint64             pl_model_work_circuits_per_point (const PlModelWork *work,
                                                      gboolean           backward);

/* u_jets[o][k][b]: component k of output o at point b, from x[j * B + b]. */
void                pl_model_forward      (const PlModel        *model,
                                           const double         *params,
                                           const double         *x,
                                           PlModelWork          *work,
                                           double               *u_jets);
/* ADD dL/dparams to @grad given dL/du_jets; follows pl_model_forward on the same work. */
void                pl_model_backward     (const PlModel        *model,
                                           const double         *params,
                                           PlModelWork          *work,
                                           const double         *u_adjoint,
                                           double               *grad);

/* Seconds spent in each stage since the work was made (circuit forward and backward, the
 * classical layers in both directions), for `plateau-cli bench train`. */
typedef struct {
  double circuit_forward;
  double circuit_backward;
  double classical;
  guint  calls;
} PlModelTimes;

void                pl_model_work_times   (const PlModelWork    *work,
                                           PlModelTimes         *times);
void                pl_model_work_set_profiling (PlModelWork    *work,
                                                 gboolean        enabled);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlModel, pl_model_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlModelWork, pl_model_work_free)

G_END_DECLS
