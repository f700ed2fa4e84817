#!/usr/bin/env bash
# The policy team's and an operator's waits, measured on the packaged service (see bench/README.md):
#   - start to first answer (the first 200 of POST /api/v1/recommendations, polled every 20 ms), with a warm compile
#     cache (the rules as bundled: the build compiled them) and with a cold one (a DRL comment changed, so no entry
#     matches, and an empty data folder): RUNS starts each, the median and every run reported, with the service's
#     CPU time at the first answer (steadier than wall time on a shared machine);
#   - start to ready (/q/health/ready 200: the warm-up has ended), and the first request after ready;
#   - the first start after the build apart: it records policydesk.sh's class-data archive (Java 25: AOT cache) as it stops;
#   - save to live: a DRL comment added, a DMN table edited (EDITS times each, median), polled on GET /api/v1/ruleset;
#   - save to refused: a DRL syntax error (REFUSALS times, median), polled on lastRejected;
#   - CPU per reload: the service's CPU time from each edit's write to 0.5 s after it is live (no other load; the edits
#     start once the warm-up of the reload path has ended and the JIT has drained its queue);
#   - saves under load: a fresh service, wrk at 16 connections for LOAD_WARMUP_S (40) s, then STEADY_S (20) s
#     measured, then SAVES_S (20) s measured while a comment is appended to a DRL file every SAVE_EVERY_S (2) s:
#     requests/s and p99 of both, failed requests, reloads activated, whether the last save went live (and when),
#     and the service's CPU beyond the requests' (at the steady run's CPU per request) per activated reload.
#     SKIP_SAVES_UNDER_LOAD=1 skips it.
# Each start runs in a fresh copy of rules/ under a temporary folder, with this repository's test-scenarios/ as the
# reload gate. Writes target/bench/lifecycle.json. APP_DIR=/other/checkout measures another build (its
# policydesk.sh and target/quarkus-app) on the same copies: run two back to back to compare them.
#
# Environment (all optional): SKIP_BUILD=1, RUNS=3, EDITS=5, REFUSALS=3, APP_DIR=., QUIET_LOAD=1.5, JAVA_OPTS=...,
# SKIP_SAVES_UNDER_LOAD=1, LOAD_WARMUP_S=40, STEADY_S=20, SAVES_S=20, SAVE_EVERY_S=2, CONNS=16
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
EDITS=${EDITS:-5}
REFUSALS=${REFUSALS:-3}
APP_DIR=$(cd "${APP_DIR:-.}" && pwd)
OUT=target/bench
STANDARD=$PWD/bench/requests/standard.json
SCENARIOS=$PWD/test-scenarios
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/policydesk-lifecycle.XXXXXX")
PID=""

stop_service() {
    if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
        kill "$PID" 2>/dev/null || true
        # The first stop of a build on Java 25 writes the AOT cache (policydesk.sh): up to a minute on a busy machine.
        for _ in $(seq 1 600); do
            kill -0 "$PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -9 "$PID" 2>/dev/null || true
    fi
    PID=""
}
cleanup() {
    stop_service
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[lifecycle-bench] $*" >&2; }
# shellcheck source=bench/quiet.sh
source bench/quiet.sh
now_ms() { date +%s%3N; }
cpu_ms() { awk -v t="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / t)}' "/proc/$PID/stat"; }
# jit_ms: CPU ms of the JIT compiler threads (live threads of the service)
jit_ms() {
    cat /proc/"$PID"/task/*/stat 2>/dev/null | awk -v t="$(getconf CLK_TCK)" \
        '/\((C1|C2) CompilerThre\)/ {n = split($0, f, ") "); split(f[n], g, " "); s += g[12] + g[13]} END {print int(s * 1000 / t)}'
}

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    log "building $APP_DIR: ./mvnw -q -B package -DskipTests"
    (cd "$APP_DIR" && ./mvnw -q -B package -DskipTests)
fi
[[ -f "$APP_DIR/target/quarkus-app/quarkus-run.jar" ]] || { log "$APP_DIR/target/quarkus-app/quarkus-run.jar is missing"; exit 1; }
wait_for_quiet

PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
BASE="http://127.0.0.1:$PORT"

# start_service DIR: starts the service on DIR/rules and DIR/data; sets PID and T0
start_service() {
    local dir=$1
    T0=$(now_ms)
    # env and policydesk.sh exec: $! is the JVM's PID once it has started, so its CPU time can be read.
    env -C "$dir" POLICYDESK_RULES_DIR="$dir/rules" POLICYDESK_DATA_DIR="$dir/data" POLICYDESK_SCENARIOS_DIR="$SCENARIOS" \
        JAVA_OPTS="${JAVA_OPTS:-}" "$APP_DIR/policydesk.sh" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" \
        > "$dir/service.log" 2>&1 &
    PID=$!
}

# poll CMD...: runs CMD every 10 ms until it succeeds (60 s at most); prints the ms it took, or null
poll() {
    local started deadline
    started=$(now_ms)
    deadline=$((started + 60000))
    until "$@"; do
        (( $(now_ms) < deadline )) || { echo null; return 0; }
        sleep 0.01
    done
    echo $(( $(now_ms) - started ))
}
answers() {
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H 'Content-Type: application/json' \
        --data-binary @"$STANDARD" "$BASE/api/v1/recommendations" || true) == 200 ]]
}
ready() { [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/q/health/ready" || true) == 200 ]]; }
# The rule set's version, or its last rejected one ("none"); empty when the service did not answer (GET /api/v1/ruleset
# waits for a reload in progress, which can take longer than curl's limit on a loaded machine): never a change.
version() { curl -s --max-time 30 "$BASE/api/v1/ruleset" | jq -r '.version // ""' 2>/dev/null || true; }
rejected() {
    curl -s --max-time 30 "$BASE/api/v1/ruleset" | jq -r 'if .version then (.lastRejected.version // "none") else "" end' 2>/dev/null || true
}
version_is_not() { local seen; seen=$(version); [[ -n "$seen" && "$seen" != "$1" ]]; }
rejected_is_not() { local seen; seen=$(rejected); [[ -n "$seen" && "$seen" != "$1" ]]; }

# one_start NAME COLD: a fresh copy; COLD=1 changes a DRL comment so that no compile cache entry matches
one_start() {
    local name=$1 cold=$2 dir first cpu ready_ms after
    dir="$WORK/$name"
    rm -rf "$dir"
    mkdir -p "$dir"
    cp -r rules "$dir/rules"
    if [[ "$cold" == 1 ]]; then
        echo "// cold start $(date +%s%N)" >> "$dir/rules/multichannel/resale.drl"
    fi
    start_service "$dir"
    first=$(poll answers)
    cpu=$(cpu_ms)
    ready_ms=$(poll ready)
    after=$(curl -s -o /dev/null -w '%{time_total}' -H 'Content-Type: application/json' --data-binary @"$STANDARD" \
        "$BASE/api/v1/recommendations")
    printf '{"name":"%s","first_answer_ms":%s,"service_cpu_ms_at_first_answer":%s,"ready_ms":%s,"first_request_after_ready_ms":%s,"loadavg":"%s","log":%s}\n' \
        "$name" "$first" "$cpu" "$([[ $ready_ms == null || $first == null ]] && echo null || echo $((first + ready_ms)))" \
        "$(awk -v s="$after" 'BEGIN{printf "%.1f", s * 1000}')" "$(cut -d' ' -f1 /proc/loadavg)" \
        "$(grep -E 'event=(activated|warmed)|started in' "$dir/service.log" | jq -R . | jq -cs .)" >> "$WORK/starts.jsonl"
    log "$name: first answer $first ms (CPU $cpu ms), ready after $ready_ms ms more, then a request in $after s"
}

# The first start of a build records the launcher's class-data archive as it stops (policydesk.sh): measured apart,
# then every later start maps it, as a service's starts after its first do.
one_start "first-after-build" 0
stop_service

for i in $(seq 1 "$RUNS"); do
    one_start "warm-$i" 0
    stop_service
    one_start "cold-$i" 1
    [[ "$i" == "$RUNS" ]] || stop_service
done

# The last (cold) service keeps running for the edits, once its reload path has warmed up after ready (2 minutes at most).
dir="$WORK/cold-$RUNS"
compilers_warmed() { grep -q 'event=compilers_warmed' "$dir/service.log"; }
for _ in $(seq 1 600); do compilers_warmed && break; sleep 0.2; done
# ...and once the JIT has compiled what those rehearsed reloads left in its queue (its threads idle for a second, a
# minute at most): that CPU is the start's, not the first edits'.
jit_quiet() { local before; before=$(jit_ms); sleep 1; (( $(jit_ms) - before < 50 )); }
for _ in $(seq 1 60); do jit_quiet && break; done
DRL="$dir/rules/multichannel/resale.drl"
DMN="$dir/rules/multichannel/AzureServicesInCsp.dmn"
for i in $(seq 1 "$EDITS"); do
    before=$(version)
    cpu_before=$(cpu_ms)
    echo "// edit $i $(date +%s%N)" >> "$DRL"
    ms=$(poll version_is_not "$before")
    sleep 0.5
    echo "{\"kind\":\"drl\",\"ms\":$ms,\"cpu_ms\":$(( $(cpu_ms) - cpu_before ))}" >> "$WORK/edits.jsonl"
    before=$(version)
    cpu_before=$(cpu_ms)
    # A table edit that keeps every scenario passing: the first row's annotation text changes.
    python3 - "$DMN" "$i" <<'PY'
import re, sys
path, n = sys.argv[1], sys.argv[2]
text = open(path).read()
text, count = re.subn(r'(<annotationEntry>\s*<text>)([^<]*?)(?: \(edit \d+\))?(</text>)', lambda m: m.group(1) + m.group(2) + " (edit " + n + ")" + m.group(3), text, count=1)
if count != 1:
    sys.exit("no annotationEntry to edit in " + path)
open(path, "w").write(text)
PY
    ms=$(poll version_is_not "$before")
    sleep 0.5
    echo "{\"kind\":\"dmn\",\"ms\":$ms,\"cpu_ms\":$(( $(cpu_ms) - cpu_before ))}" >> "$WORK/edits.jsonl"
done
ORIGINAL_DRL=$(cat "$DRL")
for i in $(seq 1 "$REFUSALS"); do
    before=$(rejected)
    cpu_before=$(cpu_ms)
    printf '%s\nrule "Broken %s" @policy("MC-5") when Intent( action == ) then end\n' "$ORIGINAL_DRL" "$i" > "$DRL"
    ms=$(poll rejected_is_not "$before")
    sleep 0.5
    echo "{\"kind\":\"refused\",\"ms\":$ms,\"cpu_ms\":$(( $(cpu_ms) - cpu_before ))}" >> "$WORK/edits.jsonl"
done
printf '%s\n' "$ORIGINAL_DRL" > "$DRL"
grep -E 'event=(activated|rejected|compilers_warmed)' "$dir/service.log" | cut -c1-400 > "$OUT/lifecycle-reloads.log" || true
stop_service

# Saves under load: a fresh service (a warm compile cache, as a service runs most of the time), warmed by load, then
# a steady run and a run with a DRL save every SAVE_EVERY_S seconds, both at CONNS connections.
# load_run NAME SECONDS: wrk at CONNS connections; appends the run, with the service's CPU and JIT CPU, to loads.jsonl
load_run() {
    local name=$1 seconds=$2 cpu0 jit0 line
    cpu0=$(cpu_ms)
    jit0=$(jit_ms)
    timeout $((seconds + 30)) wrk -t2 -c"$CONNS" -d"${seconds}s" --timeout 5s --latency -s bench/post.lua \
        "$BASE/api/v1/recommendations" -- "$STANDARD" > "$WORK/wrk-$name.out" 2>&1 || true
    line=$(grep '^WRK_JSON ' "$WORK/wrk-$name.out" | sed 's/^WRK_JSON //' || true)
    [[ -n "$line" ]] || line='{}'
    echo "$line" | jq -c --arg name "$name" --argjson cpu $(( $(cpu_ms) - cpu0 )) --argjson jit $(( $(jit_ms) - jit0 )) \
        --arg load "$(cut -d' ' -f1 /proc/loadavg)" '. + {name: $name, service_cpu_ms: $cpu, jit_cpu_ms: $jit, loadavg: $load}' \
        >> "$WORK/loads.jsonl"
    log "$name: $(jq -c '{requests_per_s, p99: .latency_ms.p99, errors}' <<< "$line")"
}
# live_sha: the SHA-256 of resale.drl in the active rule set
live_sha() { curl -s --max-time 5 "$BASE/api/v1/ruleset" | jq -r '.files[] | select(.path | endswith("resale.drl")) | .sha256'; }
last_save_live() { [[ "$(live_sha)" == "$(sha256sum "$LOAD_DRL" | cut -d' ' -f1)" ]]; }

CONNS=${CONNS:-16}
: > "$WORK/loads.jsonl"
if [[ "${SKIP_SAVES_UNDER_LOAD:-0}" != 1 ]]; then
    command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }
    dir="$WORK/load"
    rm -rf "$dir"
    mkdir -p "$dir"
    cp -r rules "$dir/rules"
    LOAD_DRL="$dir/rules/multichannel/resale.drl"
    start_service "$dir"
    poll ready > /dev/null
    load_run warmup "${LOAD_WARMUP_S:-40}"
    load_run steady "${STEADY_S:-20}"
    saves=$(( ${SAVES_S:-20} / ${SAVE_EVERY_S:-2} ))
    activated_before=$(grep -c 'event=activated.*trigger=watch' "$dir/service.log" || true)
    (
        for i in $(seq 1 "$saves"); do
            echo "// save under load $i $(date +%s%N)" >> "$LOAD_DRL"
            sleep "${SAVE_EVERY_S:-2}"
        done
    ) &
    SAVER=$!
    load_run saves "${SAVES_S:-20}"
    wait "$SAVER" || true
    live_at_end=false
    last_save_live && live_at_end=true
    live_after_ms=$(poll last_save_live)
    activations=$(( $(grep -c 'event=activated.*trigger=watch' "$dir/service.log" || true) - activated_before ))
    printf '{"saves":%s,"activated":%s,"last_save_live_at_end_of_load":%s,"last_save_live_after_ms":%s}\n' \
        "$saves" "$activations" "$live_at_end" "$live_after_ms" > "$WORK/saves.json"
    grep -E 'event=(activated|rejected)' "$dir/service.log" | cut -c1-400 > "$OUT/lifecycle-saves-under-load.log" || true
    stop_service
fi

python3 - "$WORK" "$OUT/lifecycle.json" "$APP_DIR" <<'PY'
import json, statistics, sys
work, out, app = sys.argv[1:4]
starts = [json.loads(l) for l in open(f"{work}/starts.jsonl")]
edits = [json.loads(l) for l in open(f"{work}/edits.jsonl")]
loads = {l["name"]: l for l in map(json.loads, open(f"{work}/loads.jsonl"))}
saves = json.load(open(f"{work}/saves.json")) if loads.get("saves") else None

def median(values):
    values = [v for v in values if isinstance(v, (int, float))]
    return statistics.median(values) if values else None

def saves_under_load(loads, saves):
    steady, during = loads.get("steady"), loads.get("saves")
    if not steady or not during or "requests" not in steady or "requests" not in during:
        return None
    cpu_per_request = steady["service_cpu_ms"] / steady["requests"]
    beyond = during["service_cpu_ms"] - during["requests"] * cpu_per_request
    errors = lambda run: run["errors"]["non2xx"] + run["errors"]["socket"]
    return {
        "steady": {"requests_per_s": steady["requests_per_s"], "p99_ms": steady["latency_ms"]["p99"]},
        "during_saves": {"requests_per_s": during["requests_per_s"], "p99_ms": during["latency_ms"]["p99"]},
        "throughput_ratio": round(during["requests_per_s"] / steady["requests_per_s"], 3),
        "p99_ratio": round(during["latency_ms"]["p99"] / steady["latency_ms"]["p99"], 3),
        "failed_requests": errors(steady) + errors(during),
        **saves,
        "service_cpu_ms_beyond_requests_per_reload": round(beyond / saves["activated"]) if saves["activated"] else None,
        "jit_cpu_ms": {"steady": steady["jit_cpu_ms"], "during_saves": during["jit_cpu_ms"]},
        "runs": list(loads.values()),
    }

def summary(kind):
    runs = [s for s in starts if s["name"].startswith(kind)]
    return {"first_answer_ms_median": median([s["first_answer_ms"] for s in runs]),
            "service_cpu_ms_at_first_answer_median": median([s["service_cpu_ms_at_first_answer"] for s in runs]),
            "ready_ms_median": median([s["ready_ms"] for s in runs]),
            "first_request_after_ready_ms_median": median([s["first_request_after_ready_ms"] for s in runs]),
            "runs": runs}

result = {
    "app": app,
    "first_start_after_build": next((s for s in starts if s["name"] == "first-after-build"), None),
    "start_warm_cache": summary("warm"),
    "start_cold_cache": summary("cold"),
    "save_to_live_ms": {kind: {"median": median([e["ms"] for e in edits if e["kind"] == kind]),
                               "runs": [e["ms"] for e in edits if e["kind"] == kind]}
                        for kind in ("drl", "dmn", "refused")},
    "cpu_ms_per_reload": {kind: {"median": median([e.get("cpu_ms") for e in edits if e["kind"] == kind]),
                                 "runs": [e.get("cpu_ms") for e in edits if e["kind"] == kind]}
                          for kind in ("drl", "dmn", "refused")},
    "saves_under_load": saves_under_load(loads, saves),
    "how": "start: ms from launching policydesk.sh to the first 200 (curl every 20 ms); ready: to /q/health/ready 200;"
           " edits: ms from the file write to GET /api/v1/ruleset showing the new version (or a new lastRejected),"
           " polled every 10 ms, on the last cold-started service with the scenario gate on",
}
def check(value, target, below=True):
    if value is None:
        return {"value": None, "target": target, "met": False}
    return {"value": value, "target": target, "met": value <= target if below else value >= target}

warm, load = result["start_warm_cache"], result["save_to_live_ms"]
sul = result["saves_under_load"] or {}
result["done_when"] = {
    "first_answer_ms": check(warm["first_answer_ms_median"], 2500),
    "ready_ms": check(warm["ready_ms_median"], 3500),
    "first_request_after_ready_ms": check(warm["first_request_after_ready_ms_median"], 20),
    "drl_save_to_live_ms": check(load["drl"]["median"], 1000),
    "drl_save_to_refused_ms": check(load["refused"]["median"], 1000),
    "dmn_save_to_live_ms": check(load["dmn"]["median"], 500),
    "drl_reload_cpu_ms": check(result["cpu_ms_per_reload"]["drl"]["median"], 500),
    "saves_under_load_throughput_ratio": check(sul.get("throughput_ratio"), 0.8, below=False),
    "saves_under_load_p99_ratio": check(sul.get("p99_ratio"), 2.0),
    "saves_under_load_failed_requests": check(sul.get("failed_requests"), 0),
    "saves_under_load_last_save_live": {"value": sul.get("last_save_live_at_end_of_load"), "met": bool(sul.get("last_save_live_at_end_of_load"))},
}
json.dump(result, open(out, "w"), indent=2)
print(json.dumps({k: ({kk: vv for kk, vv in v.items() if kk != "runs"} if isinstance(v, dict) else v)
                  for k, v in result.items() if k not in ("how", "done_when")}, indent=1))
print("done when (medians; wall times are inflated on a loaded machine, see the CPU figures):")
for name, c in result["done_when"].items():
    print(f"  {name:40s} {str(c['value']):>10s}  target {str(c.get('target', True)):>6s}  {'met' if c['met'] else 'MISSED'}")
PY
log "wrote $OUT/lifecycle.json"
