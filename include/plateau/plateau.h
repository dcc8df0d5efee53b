/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * plateau.h: the one header of libplateau, the core shared by the CLI, the GUI and the tests.
 */
#pragma once

#define PLATEAU_INSIDE
# include "pl-types.h"
# include "pl-error.h"
# include "pl-rng.h"
# include "pl-gate.h"
# include "pl-state.h"
# include "pl-pauli.h"
# include "pl-circuit.h"
# include "pl-qlayer.h"
# include "pl-jet.h"
# include "pl-mlp.h"
# include "pl-model.h"
# include "pl-scan.h"
# include "pl-expressibility.h"
# include "pl-expr.h"
# include "pl-ode.h"
# include "pl-reference.h"
# include "pl-sampler.h"
# include "pl-problem.h"
# include "pl-json.h"
# include "pl-optim.h"
# include "pl-plot.h"
# include "pl-loss.h"
# include "pl-train.h"
# include "pl-experiment.h"
# include "pl-dla.h"
# include "pl-tradeoff.h"
#undef PLATEAU_INSIDE
