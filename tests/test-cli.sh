#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# plateau-cli end to end: machine-readable output against closed forms, and bad input.
# TAP output, one line per check.
set -u
cli="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

# Run a check written in Python over the last line of stdout (the JSON summary).
json_check () {
  local name="$1" expr="$2"; shift 2
  local out
  if ! out=$("$cli" "$@" 2>"$tmp/err"); then
    not_ok "$name (exit status $?: $(head -c 300 "$tmp/err"))"
    return
  fi
  if printf '%s\n' "$out" | tail -n 1 | python3 -c "
import json, math, sys
j = json.loads(sys.stdin.read())
sys.exit(0 if ($expr) else 1)
" ; then ok "$name"; else not_ok "$name: $(printf '%s\n' "$out" | tail -n 1 | head -c 400)"; fi
}

# Expect failure with a one-line message mentioning a word.
bad_input () {
  local name="$1" word="$2"; shift 2
  "$cli" "$@" >"$tmp/out" 2>"$tmp/err"
  local status=$?
  if [ $status -ne 0 ] && [ $status -lt 128 ] && grep -qi -- "$word" "$tmp/err" \
     && [ "$(wc -l <"$tmp/err")" -le 2 ]; then
    ok "$name"
  else
    not_ok "$name (status $status, stderr: $(head -c 300 "$tmp/err"))"
  fi
}

# A single RY(t) on |0>: <Z> = cos t, d<Z>/dt = -sin t (closed form).
cat >"$tmp/ry.qasm" <<'QASM'
OPENQASM 2.0;
include "qelib1.inc";
qreg q[1];
ry(0.3) q[0];
QASM
json_check "qasm import: <Z> = cos(t), gradient -sin(t)" \
  "abs(j['expectations'][0] - math.cos(0.3)) < 1e-12 and abs(j['gradient'][0] + math.sin(0.3)) < 1e-12" \
  circuit --from-qasm "$tmp/ry.qasm" --observable Z0 --json

# Bell state from hea? Use QASM: H, CNOT: <Z0 Z1> = 1, <X0 X1> = 1, <Z0> = 0.
cat >"$tmp/bell.qasm" <<'QASM'
OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
h q[0];
cx q[0],q[1];
QASM
json_check "bell state correlations" \
  "abs(j['expectations'][0] - 1) < 1e-12 and abs(j['expectations'][1] - 1) < 1e-12 and abs(j['expectations'][2]) < 1e-12 and abs(j['expectations'][3] - 0.5) < 1e-12" \
  circuit --from-qasm "$tmp/bell.qasm" --observable 'Z0 Z1; X0 X1; Z0; global' --json

# JSON fields present and consistent for a template
json_check "circuit --json fields" \
  "j['qubits'] == 4 and j['parameters'] == len(j['values']) == len(j['gradient']) == 24 and len(j['expectations']) == 2" \
  circuit --template hea --qubits 4 --layers 3 --seed 3 --observable 'Z0; Z1 Z2' --json

# Same seed, same numbers; --params pins the values
json_check "seeded values are reproducible" \
  "j['values'][0] == $("$cli" circuit --template hea --qubits 3 --layers 1 --seed 11 --json | tail -n 1 | python3 -c 'import json,sys; print(repr(json.load(sys.stdin)["values"][0]))')" \
  circuit --template hea --qubits 3 --layers 1 --seed 11 --json

# All-zero parameters of hea(ry,rz): the state stays |0...0>, <Z0> = 1, gradient zero
json_check "zero parameters give |0...0>" \
  "abs(j['expectations'][0] - 1) < 1e-12 and max(abs(g) for g in j['gradient']) < 1e-12" \
  circuit --template hea --qubits 3 --layers 2 --params "$(python3 -c 'print(",".join(["0"]*12))')" --json

# Gradient methods agree through the CLI
for m in param-shift finite-diff; do
  ref=$("$cli" circuit --template strong --qubits 3 --layers 2 --seed 5 --observable 'Z0 Z2' --json | tail -n 1)
  json_check "gradient $m agrees with adjoint" \
    "max(abs(a - b) for a, b in zip(j['gradient'], json.loads('''$ref''')['gradient'])) < 1e-6" \
    circuit --template strong --qubits 3 --layers 2 --seed 5 --observable 'Z0 Z2' --diff $m --json
done

# QASM export then import gives the same expectations
"$cli" circuit --template sim6 --qubits 3 --layers 1 --seed 2 --observable 'Z0 Z1 + X2' \
  --qasm "$tmp/sim6.qasm" --json >"$tmp/a.json" 2>"$tmp/err" || not_ok "qasm export ($(cat "$tmp/err"))"
json_check "qasm round trip keeps expectations" \
  "abs(j['expectations'][0] - json.loads(open('$tmp/a.json').read().splitlines()[-1])['expectations'][0]) < 1e-12" \
  circuit --from-qasm "$tmp/sim6.qasm" --observable 'Z0 Z1 + X2' --json

# Shots: the estimate is within 5 standard errors of the exact value
json_check "shot estimate within statistical error" \
  "abs(j['expectations'][0] - math.cos(0.3)) < 5 * math.sqrt((1 - math.cos(0.3)**2) / 20000)" \
  circuit --from-qasm "$tmp/ry.qasm" --observable Z0 --shots 20000 --json

# Bad input: clear one-line errors, non-zero exit, no crash
bad_input "unknown template" "template" circuit --template nope
bad_input "zero qubits" "qubits" circuit --template hea --qubits 0
bad_input "negative qubits" "qubits" circuit --template hea --qubits -3
bad_input "zero layers" "layers" circuit --template hea --layers 0
bad_input "malformed Pauli string" "Q1" circuit --template hea --qubits 2 --observable 'Z0 Q1'
bad_input "observable wire out of range" "5" circuit --template hea --qubits 2 --observable 'Z5'
bad_input "shots zero" "shots" circuit --template hea --shots 0
bad_input "shots negative" "shots" circuit --template hea --shots -5
bad_input "NaN parameter" "nan" circuit --template hea --qubits 1 --layers 1 --params 'nan,1'
bad_input "wrong parameter count" "param" circuit --template hea --qubits 1 --layers 1 --params '1,2,3'
bad_input "unknown gradient method" "method" circuit --template hea --diff magic
bad_input "unknown entangler" "entangler" circuit --template hea --entangler star
bad_input "too many qubits for memory" "memory" circuit --template hea --qubits 40 --layers 1
bad_input "unknown command" "unknown command" frobnicate
bad_input "unknown option" "unknown option" circuit --frobnicate
cat >"$tmp/bad.qasm" <<'QASM'
OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
h q[0];
foo q[1];
QASM
bad_input "qasm unknown gate names the line" "line 5" circuit --from-qasm "$tmp/bad.qasm"
bad_input "missing qasm file" "nonexistent" circuit --from-qasm "$tmp/nonexistent.qasm"

# dla: dimensions and names against closed forms
json_check "dla: open TFIM generators give so(6), dim n(2n - 1) = 15" \
  "j['dim'] == 15 and j['algebra'] == 'so(6)' and j['generators'] == 5 and j['qubits'] == 3 and j['seconds'] >= 0" \
  dla --generators 'Z0 Z1; Z1 Z2; X0; X1; X2' --json
json_check "dla: single-qubit generators give su(2)^3, dim 3n" \
  "j['dim'] == 9 and j['algebra'] == 'su(2)^3'" \
  dla --generators 'X0; Y0; X1; Y1; X2; Y2' --json
json_check "dla: commuting generators give an abelian algebra of their count" \
  "j['dim'] == 3 and j['algebra'] == 'u(1)^3' and j['centre'] == 3" \
  dla --generators 'Z0; Z1; Z0 Z1 Z2' --json
json_check "dla: hea on 8 qubits is su(256), dim 4^8 - 1" \
  "j['dim'] == 65535 and j['algebra'] == 'su(256)'" \
  dla --template hea --qubits 8 --layers 2 --json
tfim_dim=$("$cli" dla --template tfim --qubits 4 --layers 2 --json | tail -n 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["dim"])')
json_check "dla: sums written with + match the tfim template's shared parameters" \
  "j['dim'] == $tfim_dim and j['generators'] == 2 and not j['pauli_basis']" \
  dla --generators 'Z0 Z1 + Z1 Z2 + Z2 Z3; X0 + X1 + X2 + X3' --json
json_check "dla: predicted variance 1/(2^n + 1) for su(2^n) (Haar)" \
  "abs(j['predicted_variance'] - 1.0 / 9) < 1e-12 and j['observable_in_algebra']" \
  dla --template hea --qubits 3 --observable Z0 --json
json_check "dla --measure: measured variance of deep circuits next to the prediction" \
  "abs(j['measured_variance'] - j['predicted_variance']) < 5 * j['measured_stderr'] + 0.01 and j['samples'] == 2000" \
  dla --template hea --qubits 2 --layers 20 --observable Z0 --measure --samples 2000 --json
json_check "dla: no prediction when neither observable nor state is in the algebra" \
  "j['predicted_variance'] is None and not j['observable_in_algebra']" \
  dla --template tfim --qubits 4 --observable Z0 --json
"$cli" dla --generators 'X0; I; Z0' >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 0 ] && grep -q "generator 2 ('I')" "$tmp/err"; then ok "dla: identity generator ignored with a warning"
else not_ok "dla: identity generator ignored with a warning ($(head -c 300 "$tmp/err"))"; fi
cat >"$tmp/tmid.qasm" <<'QASM'
OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
ry(0.1) q[0];
t q[0];
ry(0.2) q[0];
QASM
bad_input "dla malformed generator names the token" "Q1" dla --generators 'Z0 Z1; Z0 Q1'
bad_input "dla no generators" "no generators" dla --generators ' ; '
bad_input "dla identity generators only" "no generators" dla --generators 'I; 2'
bad_input "dla qubit index past 64" "70" dla --generators 'X70'
bad_input "dla more than 64 qubits" "65" dla --generators 'X0' --qubits 65
bad_input "dla imaginary unit" "imaginary" dla --generators 'i X0'
bad_input "dla generators and a template" "either" dla --generators 'X0' --template hea
bad_input "dla --measure without a circuit" "circuit" dla --generators 'X0' --measure
bad_input "dla unknown template" "template" dla --template nope
bad_input "dla nothing to analyse" "nothing" dla
bad_input "dla past --max-dim" "max_dim" dla --template hea --qubits 4 --max-dim 100
bad_input "dla non-Clifford gate between parameterised ones" "op 1" dla --from-qasm "$tmp/tmid.qasm"

# The benchmark runs and reports its fields (values are not asserted: no timing in tests)
json_check "bench state fields" \
  "all(k in j for k in ('stream_gbps', 'rotation_fraction_of_stream', 'batched_speedup', 'table'))" \
  bench state --quick --json

echo "1..$n"
[ $failed -eq 0 ]
