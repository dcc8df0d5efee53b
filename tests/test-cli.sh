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
import csv, json, math, os, sys
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

# expr: sim1 makes product states (Q = 0); the idle reference is (N - 1) ln K; the CSV holds
# the exact Haar bin masses (1 - lo)^(N-1) - (1 - hi)^(N-1) and one row per repetition.
json_check "expr: product states, idle KL, fields" \
  "abs(j['mw']) < 1e-15 and abs(j['kl_idle'] - 15 * math.log(75)) < 1e-9 and 0 < j['kl'] < j['kl_idle'] and j['kl_stderr'] > 0 and j['pairs'] == 500 and j['bins'] == 75 and j['repeats'] == 3 and j['qubits'] == 4 and j['layers'] == 1 and len(j['kl_runs']) == 3 and j['seconds'] >= 0 and j['csv'].endswith('expressibility.csv')" \
  expr --template sim1 --qubits 4 --layers 1 --pairs 500 --repeats 3 --out "$tmp/expr" --json
json_check "expr: CSV histogram next to the exact Haar masses" \
  "(lambda rows: len(rows) == 20 and all(abs(float(r[3]) - ((1 - float(r[0]))**7 - (1 - float(r[1]))**7)) < 1e-15 for r in rows) and abs(sum(float(r[2]) for r in rows) - 1) < 1e-12 and abs(sum(float(r[3]) for r in rows) - 1) < 1e-12)([l.split(',') for l in open(j['csv']).read().splitlines()[1:]]) and open(j['csv']).readline().strip() == 'bin_lo,bin_hi,p_pqc,p_haar' and abs(sum(float(l.split(',')[1]) for l in open(j['runs_csv']).read().splitlines()[1:]) / 2 - j['kl']) < 1e-12" \
  expr --template hea --qubits 3 --layers 2 --pairs 400 --bins 20 --repeats 2 --out "$tmp/expr3" --json
json_check "expr: the cluster state of sim9 has Q = 1" \
  "abs(j['mw'] - 1) < 1e-12 and j['mw_states'] == 2 * 300 * 2" \
  expr --template sim9 --qubits 4 --pairs 300 --repeats 2 --json
json_check "expr: one repetition has no error bar" \
  "j['kl_stderr'] is None and j['repeats'] == 1 and j['csv'] is None" \
  expr --template sim14 --pairs 200 --repeats 1 --json
json_check "expr: same seed, same numbers whatever --threads" \
  "j['kl_runs'] == $("$cli" expr --template sim6 --pairs 700 --repeats 2 --seed 9 --threads 1 --json | tail -n 1 | python3 -c 'import json,sys; print(repr(json.load(sys.stdin)["kl_runs"]))') and j['mw'] == $("$cli" expr --template sim6 --pairs 700 --repeats 2 --seed 9 --threads 1 --json | tail -n 1 | python3 -c 'import json,sys; print(repr(json.load(sys.stdin)["mw"]))')" \
  expr --template sim6 --pairs 700 --repeats 2 --seed 9 --threads 2 --json
json_check "expr: drawn encoding inputs are reported" \
  "j['inputs'] == 'uniform' and j['kl'] > 0" \
  expr --template reupload --qubits 2 --pairs 200 --repeats 2 --input-range 0,1 --json
bad_input "expr: one bin" "bins" expr --template sim1 --bins 1
bad_input "expr: zero pairs" "pairs" expr --template sim1 --pairs 0
bad_input "expr: zero repeats" "repeats" expr --template sim1 --repeats 0
bad_input "expr: too many qubits for memory" "memory" expr --template sim1 --qubits 40
bad_input "expr: unknown template" "template" expr --template nope
bad_input "expr: fixed and drawn inputs" "either" expr --template reupload --inputs 0.1 --input-range 0,1
bad_input "expr: empty input range" "range" expr --template reupload --input-range 1,1
bad_input "expr: wrong number of inputs" "features" expr --template reupload --inputs 0.1,0.2

# Scan: the RY product ansatz has Var[dC/dt_1] = (1/8)(3/8)^(n-1) for the global cost, so the
# fitted slope of ln Var against n is ln(3/8)
json_check "scan fits ln(3/8) per qubit for the product ansatz" \
  "abs(j['fits'][0]['slope'] - math.log(0.375)) < 4 * j['fits'][0]['slope_stderr'] + 0.03 and j['fits'][0]['against'] == 'qubits'" \
  scan --template hea --rotations ry --entangler none --qubits 1:5 --layers 1 --cost global --samples 3000 --out "$tmp/scan" --json
[ -s "$tmp/scan/scan.csv" ] && head -1 "$tmp/scan/scan.csv" | grep -q "qubits,layers,model,cost" \
  && [ -s "$tmp/scan/scan.png" ] && [ -s "$tmp/scan/summary.json" ] && ok "scan writes csv, figure, summary" \
  || not_ok "scan writes csv, figure, summary"
bad_input "scan bad qubit range" "qubits" scan --qubits 5:2
bad_input "scan too few samples" "samples" scan --samples 2
bad_input "scan unknown init" "init" scan --init magic
bad_input "scan too many qubits for memory" "memory" scan --qubits 38 --layers 1 --samples 3

# Train: a preset for a few steps writes every output, with the JSON fields
json_check "train --json fields" \
  "j['steps'] == 5 and j['rel_l2'] > 0 and j['seconds'] > 0 and j['steps_per_s'] > 0 and j['loss'] > 0 and j['out'] == '$tmp/tr' and j['problem'] == 'exponential-decay' and j['model'] == 'hybrid' and j['n_params'] > 0" \
  train --preset exponential-decay --steps 5 --out "$tmp/tr" --threads 1 --json
missing=""
for f in history.csv solution.csv summary.json experiment.json checkpoint.json loss.png loss.pdf \
         solution.png solution.pdf; do
  [ -s "$tmp/tr/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && ok "train writes every output" || not_ok "train writes every output (missing:$missing)"
# history: a header naming the components, weights, block norms, and one row per step
if python3 - "$tmp/tr/history.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
h = rows[0].keys()
assert [int(r['step']) for r in rows] == list(range(5))
for k in ('loss', 'L_residual', 'w_residual', 'grad_trunk', 'grad_quantum', 'rel_l2', 'lr', 'seconds'):
    assert k in h, k
assert float(rows[0]['lr']) == 0.01
PY
then ok "history.csv columns and rows"; else not_ok "history.csv columns and rows"; fi
# solution: u0 exp(-k t) with the defaults k = u0 = 1 (closed form), error = prediction - exact
if python3 - "$tmp/tr/solution.csv" <<'PY'
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 201
for r in rows:
    t, u, ue, err = (float(r[k]) for k in ('t', 'u', 'u_exact', 'u_error'))
    assert abs(ue - math.exp(-t)) < 1e-12
    assert abs(err - (u - ue)) < 1e-12
# the hard constraint u = 1 + t N holds exactly at t = 0
assert float(rows[0]['t']) == 0 and abs(float(rows[0]['u']) - 1) < 1e-12
PY
then ok "solution.csv against the closed form"; else not_ok "solution.csv against the closed form"; fi
# the experiment that ran, loaded again, gives the same loss at step 0
"$cli" train "$tmp/tr/experiment.json" --steps 1 --out "$tmp/tr2" --json >/dev/null 2>"$tmp/err" \
  || not_ok "train experiment.json ($(head -c 300 "$tmp/err"))"
a=$(sed -n 2p "$tmp/tr/history.csv" | cut -d, -f2)
b=$(sed -n 2p "$tmp/tr2/history.csv" | cut -d, -f2)
[ -n "$a" ] && [ "$a" = "$b" ] && ok "experiment.json reproduces the step-0 loss ($a)" \
  || not_ok "experiment.json reproduces the step-0 loss ($a vs $b)"
# resume from the checkpoint of the 5-step run: 3 more steps equal a straight 8-step run
"$cli" train --preset exponential-decay --steps 8 --out "$tmp/tr8" --threads 1 --json >/dev/null 2>&1
"$cli" train --preset exponential-decay --steps 8 --resume "$tmp/tr/checkpoint.json" \
  --out "$tmp/trr" --threads 1 --json >/dev/null 2>"$tmp/err"
a=$(sed -n 9p "$tmp/tr8/history.csv" | cut -d, -f2)
b=$(sed -n 9p "$tmp/trr/history.csv" | cut -d, -f2)
[ -n "$a" ] && [ "$a" = "$b" ] && ok "resume continues the run exactly" \
  || not_ok "resume continues the run exactly ($a vs $b: $(head -c 200 "$tmp/err"))"
# a 2-D problem draws heatmaps; unknown fields are warned about, not fatal
printf '{"format_version": 1, "problem": {"name": "heat-1d"}, "modle": 1,\n "model": {"kind": "classical", "hidden": [8]},\n "sampling": {"points": {"residual": 64, "ic": 16, "bc_left": 8, "bc_right": 8}}}\n' >"$tmp/h.json"
"$cli" train "$tmp/h.json" --steps 2 --out "$tmp/h" --json >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && grep -q "unknown field 'modle' ignored" "$tmp/err" && [ -s "$tmp/h/solution.png" ] \
  && [ "$(head -1 "$tmp/h/solution.csv")" = "x,t,u,u_exact,u_error" ] \
  && ok "2-D run and unknown-field warning" || not_ok "2-D run and unknown-field warning ($(head -c 300 "$tmp/err"))"
# causal weighting: its columns and summary only when on
printf '{"format_version": 1, "problem": {"name": "heat-1d"}, "model": {"kind": "classical", "hidden": [8]},\n "sampling": {"points": {"residual": 64, "ic": 16, "bc_left": 8, "bc_right": 8}},\n "weights": {"causal": {"bins": 8, "epsilon": [0.01, 1]}}}\n' >"$tmp/c.json"
"$cli" train "$tmp/c.json" --steps 3 --out "$tmp/c" --json >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 0 ] && python3 - "$tmp/c/history.csv" "$tmp/c/summary.json" "$tmp/tr/history.csv" "$tmp/tr/summary.json" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 3
for r in rows:
    assert float(r['causal_epsilon']) in (0.01, 1.0)
    assert 0 <= float(r['causal_min_weight']) <= 1
c = json.load(open(sys.argv[2]))['causal']
assert c['bins'] == 8 and c['epsilon'] == [0.01, 1]
assert 'causal_epsilon' not in next(csv.DictReader(open(sys.argv[3]))).keys()
assert json.load(open(sys.argv[4]))['causal'] is None
PY
then ok "causal columns and summary"; else not_ok "causal columns and summary ($(head -c 300 "$tmp/err"))"; fi
printf '{"format_version": 1, "weights": {"causal": {"bins": 1, "epsilon": 1}}}' >"$tmp/bad3.json"
bad_input "train bad causal bins names the field" "weights.causal.bins" train "$tmp/bad3.json"
json_check "presets --json lists rc1" \
  "any(p['name'] == 'rc1-damped-oscillator' and p['problem'] == 'damped-oscillator' and p['model'] == 'hybrid' for p in j) and len(j) >= 20" \
  presets --json
printf '{"format_version": 1,' >"$tmp/bad.json"
bad_input "train invalid JSON" "not valid JSON" train "$tmp/bad.json"
printf '{"format_version": 1, "model": {"hidden": [32, -3]}}' >"$tmp/bad2.json"
bad_input "train bad field names its path" "model.hidden\[1\]" train "$tmp/bad2.json"
bad_input "train unreadable file" "cannot read" train "$tmp/nonexistent.json"
bad_input "train unknown preset" "unknown preset 'nope'" train --preset nope
bad_input "train zero steps" "steps" train --preset exponential-decay --steps 0
bad_input "train no experiment" "experiment file" train
for args in "$tmp/bad.json" "$tmp/nonexistent.json" "--preset nope" "--preset exponential-decay --steps 0"; do
  "$cli" train $args >/dev/null 2>&1
  status=$?
  [ $status -eq 2 ] && ok "train $args: exit status 2" || not_ok "train $args: exit status $status, not 2"
done

# Residual-based adaptive refinement from an experiment file, kept in the written experiment
cat >"$tmp/rar.json" <<'JSON'
{"format_version": 1, "problem": {"name": "exponential-decay"},
 "model": {"kind": "classical", "hidden": [8, 8]},
 "sampling": {"points": {"residual": 32}, "rar": {"k": 2, "c": 0.5, "candidates": 4}},
 "training": {"steps": 12, "resample_every": 4}}
JSON
if "$cli" train "$tmp/rar.json" --out "$tmp/rar" --threads 1 --json >"$tmp/out" 2>"$tmp/err" \
   && python3 -c "
import json, sys
e = json.load(open('$tmp/rar/experiment.json'))
r = e['sampling']['rar']
sys.exit(0 if r['k'] == 2 and r['c'] == 0.5 and r['candidates'] == 4 else 1)"; then
  ok "train with adaptive refinement keeps its settings"
else
  not_ok "train with adaptive refinement ($(head -c 300 "$tmp/err"))"
fi
printf '{"format_version": 1, "problem": {"name": "exponential-decay"}, "sampling": {"rar": {"k": -1}}}' >"$tmp/rar-bad.json"
bad_input "train bad refinement exponent" "sampling.rar.k" train "$tmp/rar-bad.json"

# Evaluation under shot noise: many shots give nearly the exact error
json_check "train --eval-shots reports the error under shot noise" \
  "j['eval_shots'] == 200000 and abs(j['rel_l2_shots'] - j['rel_l2']) < 0.05 * max(j['rel_l2'], 1e-3) + 5e-3" \
  train --preset damped-oscillator --steps 3 --out "$tmp/shots" --threads 1 --eval-shots 200000 --json
bad_input "train negative shots" "eval-shots" train --preset damped-oscillator --eval-shots -3
# Training on shifted circuits measured 1000 times: reupload 2 x 2 (J = 4 encoding RY, 8
# trainable RY/RZ), first-order jets, 16 points: forward 1 + 2J = 9 circuits a point, backward
# 1 + 2J + 4 C(J, 2) = 33 plus 8 x 2 x 9 = 144 for the trainable rotations, so 16 x 186 a step.
json_check "train --shots trains on shifted circuits and counts them" \
  "j['shots'] == 1000 and j['circuits_per_step'] == 16 * (9 + 33 + 144) and j['rel_l2'] < 0.5" \
  train --preset exponential-decay-shots --steps 20 --out "$tmp/trainshots" --threads 1 --json
bad_input "train --shots with a classical model" "classical model has no circuit" \
  train --preset burgers --shots 10 --out "$tmp/x"
bad_input "train --shots negative" "shots must be" train --preset exponential-decay --shots -2
# Scan of the circuit inside QPINN-MAC: the frozen model reports the quantum block of the
# end-to-end gradient at the same draws, so its rows equal the hybrid's quantum columns; the
# CSV has a column pair per block the model has (and none for the serial 'pre' block).
json_check "scan: pqc, frozen and end-to-end hybrid side by side, fits per model" \
  "sorted(j['models']) == ['hybrid', 'hybrid-frozen', 'pqc'] and j['problem'] == 'damped-oscillator' and len([f for f in j['fits'] if f['against'] == 'qubits' and f['quantity'] == 'param']) == 3 and all(f['slope_stderr'] is None or f['slope_stderr'] >= 0 for f in j['fits']) and {f['quantity'] for f in j['fits'] if f['model'] == 'hybrid'} == {'param', 'total', 'classical'}" \
  scan --model pqc,hybrid-frozen,hybrid --qubits 2:4 --layers 2 --samples 12 --hidden 4,3 --points 6 --cost 'Z0 Z1' --out "$tmp/hscan" --json
python3 - "$tmp/hscan/scan.csv" <<'PY' && ok "scan: frozen rows are the hybrid's quantum block, per-block columns" || not_ok "scan: frozen rows are the hybrid's quantum block, per-block columns"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
head = list(rows[0].keys())
assert all(c in head for c in ('trunk_variance', 'head_m_variance', 'head_a_variance', 'quantum_variance', 'readout_variance'))
assert not any(c.startswith('pre_') for c in head)
fr = {r['qubits']: r for r in rows if r['model'] == 'hybrid-frozen'}
hy = {r['qubits']: r for r in rows if r['model'] == 'hybrid'}
pq = {r['qubits']: r for r in rows if r['model'] == 'pqc'}
assert len(fr) == len(hy) == len(pq) == 3
for q in hy:
    assert fr[q]['variance'] == hy[q]['variance'] and fr[q]['total_variance'] == hy[q]['quantum_variance']
    assert fr[q]['trunk_variance'] == '' and pq[q]['classical_variance'] == '' and pq[q]['problem'] == ''
    assert float(hy[q]['classical_variance']) > 0 and hy[q]['problem'] == 'damped-oscillator'
    assert int(hy[q]['n_params']) > int(fr[q]['n_params']) == int(pq[q]['n_params'])
PY
bad_input "scan unknown model" "model" scan --model classical
bad_input "scan unknown problem" "no-such-problem" scan --model hybrid --problem no-such-problem
bad_input "scan bad hidden widths" "hidden" scan --model hybrid --hidden 4,x
bad_input "scan negative points" "points" scan --model hybrid --points -3
bad_input "scan hybrid too many qubits for memory" "memory" scan --model hybrid --qubits 30 --layers 1 --samples 3 --out "$tmp/bad"

# Tradeoff: the RY product ansatz has Var[dC/dt_k] = (1/8)(3/8)^(n-1) for every parameter under
# the global cost, so the PQC rows hold that mean variance; one circuit per qubit count leaves
# the per-count correlations undefined (fewer than 3), with the reason.
json_check "tradeoff: product-ansatz variances, correlations and their undefined cases" \
  "len(j['correlations']) == 3 and [c['configuration'] for c in j['correlations']] == ['pqc', 'hybrid-frozen', 'hybrid'] and all(c['n'] == 3 and c['ties'] == 'average ranks' and c['spearman']['status'] == 'ok' and c['spearman']['ci95'] == [] and c['slope'] is not None for c in j['correlations']) and all(b['n'] == 1 and b['spearman']['value'] is None and b['spearman']['status'] == 'too-few' and '3' in b['spearman']['reason'] for c in j['correlations'] for b in c['by_qubits']) and j['circuits'] == 3 and all(os.path.getsize(j[k]) > 0 for k in ('csv', 'summary', 'png', 'pdf')) and (lambda rows: len(rows) == 9 and all(abs(float(r['variance']) - 0.125 * 0.375 ** (int(r['qubits']) - 1)) < 5 * float(r['variance_stderr']) for r in rows if r['configuration'] == 'pqc'))(list(csv.DictReader(open(j['csv']))))" \
  tradeoff --rotations ry --entangler none --qubits 1:3 --layers 1 --cost global --samples 1500 --pairs 200 --repeats 2 --hidden 4 --points 6 --out "$tmp/tradeoff" --json
[ "$(head -1 "$tmp/tradeoff/tradeoff.csv")" = "template,qubits,layers,entangler,kl,kl_stderr,variance,variance_stderr,configuration,n_params,seconds" ] \
  && ok "tradeoff: csv header" || not_ok "tradeoff: csv header ($(head -1 "$tmp/tradeoff/tradeoff.csv"))"
json_check "tradeoff: a ring of two qubits is its line, measured once" \
  "j['circuits'] == 3 and j['correlations'][0]['n'] == 3" \
  tradeoff --qubits 2 --layers 1:3 --entangler line,ring --samples 5 --pairs 100 --repeats 1 --hidden 3 --points 4 --out "$tmp/tradeoff2" --json
bad_input "tradeoff empty sweep" "no values" tradeoff --qubits ''
bad_input "tradeoff unknown entangler" "star" tradeoff --entangler line,star --qubits 2 --layers 1 --out "$tmp/bad"
bad_input "tradeoff unknown problem" "no-such-problem" tradeoff --problem no-such-problem
bad_input "tradeoff one bin" "bins" tradeoff --bins 1
bad_input "tradeoff too few samples" "samples" tradeoff --samples 2

# Landscape: RY(t) on |0> has <Z> = cos t, so the 1-D slice along the parameter is
# cos(t0 + alpha) at every grid point, and the Hessian -cos(t0); with two RY layers the 2-D
# slice is cos(a0 + b0 + alpha + beta).
json_check "landscape: 1-qubit slice is cos(t0 + alpha) in the CSV, Hessian -cos(t0)" \
  "(lambda rows: len(rows) == 41 and all(abs(float(r[2]) - math.cos(0.7 + float(r[0]))) < 1e-12 and float(r[1]) == 0 for r in rows) and abs(float(rows[0][0]) + math.pi) < 1e-15 and abs(float(rows[40][0]) - math.pi) < 1e-15)([l.split(',') for l in open(j['files']['csv']).read().splitlines()[1:]]) and open(j['files']['csv']).readline().strip() == 'alpha,beta,loss' and abs(j['hessian']['lambda_min'] + math.cos(0.7)) < 1e-6 and j['hessian']['method'] == 'full' and j['grid'] == [41, 1] and abs(j['center_loss'] - math.cos(0.7)) < 1e-14 and abs(j['loss_min'] - min(math.cos(0.7 - math.pi + i * math.pi / 20) for i in range(41))) < 1e-12" \
  landscape --template hea --qubits 1 --layers 1 --rotations ry --cost Z0 --params 0.7 --directions 0 --grid 41 --hessian --out "$tmp/land1" --json
json_check "landscape: 2-D slice of two RY layers is cos(a0 + b0 + alpha + beta)" \
  "(lambda rows: len(rows) == 15 * 9 and all(abs(float(r[2]) - math.cos(0.3 + 0.4 + float(r[0]) + float(r[1]))) < 1e-12 for r in rows) and abs(max(abs(float(r[1])) for r in rows) - 1.5) < 1e-15)([l.split(',') for l in open(j['files']['csv']).read().splitlines()[1:]]) and j['grid'] == [15, 9] and j['span'] == [2.0, 1.5] and j['hessian'] is None and all(os.path.getsize(j['files'][k]) > 0 for k in ('png', 'pdf', 'summary'))" \
  landscape --template hea --qubits 1 --layers 2 --rotations ry --cost Z0 --params 0.3,0.4 --directions 0,1 --grid 15x9 --span 2,1.5 --log --out "$tmp/land2" --json
json_check "landscape: random filter-normalised directions, Lanczos Hessian" \
  "j['directions'] == 'random' and j['normalization'] == 'filter' and j['orthogonalized'] and j['grid'] == [5, 5] and 0 <= j['loss_min'] <= j['center_loss'] <= j['loss_max'] <= 1 and j['hessian']['method'] == 'lanczos' and j['hessian']['lambda_min'] <= j['hessian']['lambda_max'] and j['hessian']['iterations'] <= 8" \
  landscape --template hea --qubits 3 --layers 2 --cost local --grid 5x5 --hessian --hessian-method lanczos --lanczos-steps 8 --out "$tmp/land3" --json
# PINN mode: two steps keep three parameter vectors, which the two principal directions span
# exactly (zero distance from the plane); the last is the centre, and the loss along the
# trajectory at step 1 is the loss the trainer recorded for that step.
json_check "landscape: PINN trajectory in the plane of its principal directions" \
  "(lambda rows: len(rows) == 3 and all(float(r[3]) < 1e-12 for r in rows) and [int(r[0]) for r in rows] == [0, 1, 2] and float(rows[2][1]) == 0 and float(rows[2][2]) == 0 and float(rows[2][4]) == j['center_loss'] and abs(float(rows[1][4]) - j['final_loss']) < 1e-12 * j['final_loss'])([l.split(',') for l in open(j['files']['trajectory']).read().splitlines()[1:]]) and j['mode'] == 'pinn' and j['directions'] == 'pca' and abs(sum(j['explained']) - 1) < 1e-9 and j['trajectory_points'] == 3 and j['hessian']['method'] == 'lanczos' and j['hessian']['lambda_min'] <= j['hessian']['lambda_max'] and j['loss_min'] <= j['center_loss'] <= j['loss_max']" \
  landscape --preset exponential-decay --steps 2 --trajectory-every 1 --directions pca --grid 5x5 --threads 1 --hessian --out "$tmp/landpinn" --json
json_check "landscape: PINN 1-D slice along a random direction" \
  "j['grid'] == [7, 1] and j['directions'] == 'random' and j['trajectory_points'] == 3 and len(open(j['files']['csv']).read().splitlines()) == 8" \
  landscape --preset exponential-decay --steps 4 --trajectory-every 2 --grid 7 --threads 1 --out "$tmp/landpinn1" --json
bad_input "landscape: unknown preset" "unknown preset" landscape --preset nope --out "$tmp/landbad"
bad_input "landscape: circuit option with a preset" "circuit" landscape --preset exponential-decay --qubits 3 --out "$tmp/landbad"
bad_input "landscape: training option without an experiment" "training" landscape --steps 5 --out "$tmp/landbad"
bad_input "landscape: preset and experiment file" "either" landscape --preset exponential-decay --experiment "$tmp/x.json" --out "$tmp/landbad"
bad_input "landscape: zero steps" "steps" landscape --preset exponential-decay --steps 0 --out "$tmp/landbad"
bad_input "landscape: missing experiment file" "nonexistent" landscape --experiment "$tmp/nonexistent.json" --out "$tmp/landbad"
bad_input "landscape: one grid point" "grid" landscape --qubits 2 --grid 1x5 --out "$tmp/landbad"
bad_input "landscape: malformed grid" "grid" landscape --qubits 2 --grid 41by41 --out "$tmp/landbad"
bad_input "landscape: zero span" "span" landscape --qubits 2 --span 0 --out "$tmp/landbad"
bad_input "landscape: negative span" "span" landscape --qubits 2 --span 1,-2 --out "$tmp/landbad"
bad_input "landscape: parameter index out of range" "out of range" landscape --qubits 2 --layers 1 --directions 0,4 --out "$tmp/landbad"
bad_input "landscape: the same parameter twice" "different" landscape --qubits 2 --directions 3,3 --out "$tmp/landbad"
bad_input "landscape: two indices on a 1-D grid" "1-D" landscape --qubits 2 --directions 0,1 --grid 41 --out "$tmp/landbad"
bad_input "landscape: one index on a 2-D grid" "two" landscape --qubits 2 --directions 0 --grid 9x9 --out "$tmp/landbad"
bad_input "landscape: pca without a trajectory" "trajectory" landscape --qubits 2 --directions pca --out "$tmp/landbad"
bad_input "landscape: unknown normalisation" "normalisation" landscape --qubits 2 --normalize magic --out "$tmp/landbad"
bad_input "landscape: unknown Hessian method" "hessian" landscape --qubits 2 --hessian --hessian-method magic --out "$tmp/landbad"
bad_input "landscape: wrong parameter count" "param" landscape --qubits 2 --layers 1 --params 1,2 --out "$tmp/landbad"
bad_input "landscape: all-zero centre has no filter-normalised direction" "zero" landscape --qubits 2 --layers 1 --rotations ry --entangler none --params 0,0 --out "$tmp/landbad"
# The benchmark runs and reports its fields (values are not asserted: no timing in tests)
json_check "bench state fields" \
  "all(k in j for k in ('stream_gbps', 'rotation_fraction_of_stream', 'batched_speedup', 'table'))" \
  bench state --quick --json
json_check "bench train fields" \
  "all(k in j for k in ('ms_per_step', 'ms_per_step_all_cores', 'breakdown_ms')) and j['ms_per_step'] > 0" \
  bench train --quick --json
bad_input "unknown benchmark" "unknown benchmark" bench frobnicate

echo "1..$n"
[ $failed -eq 0 ]
