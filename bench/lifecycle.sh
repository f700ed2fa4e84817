#!/usr/bin/env bash
# The policy team's and an operator's waits, measured on the packaged service (see bench/README.md):
#   - start to first answer (the first 200 of POST /api/v1/recommendations, polled every 20 ms), with a warm compile
#     cache (the rules as bundled: the build compiled them) and with a cold one (a DRL comment changed, so no entry
#     matches, and an empty data folder): RUNS starts each, the median and every run reported, with the service's
#     CPU time at the first answer (steadier than wall time on a shared machine);
#   - start to ready (/q/health/ready 200: the warm-up has ended), and the first request after ready;
#   - the first start after the build apart: it records policydesk.sh's class-data archive as it stops;
#   - save to live: a DRL comment added, a DMN table edited (EDITS times each, median), polled on GET /api/v1/ruleset;
#   - save to refused: a DRL syntax error (REFUSALS times, median), polled on lastRejected.
# Each start runs in a fresh copy of rules/ under a temporary folder, with this repository's test-scenarios/ as the
# reload gate. Writes target/bench/lifecycle.json. APP_DIR=/other/checkout measures another build (its
# policydesk.sh and target/quarkus-app) on the same copies: run two back to back to compare them.
#
# Environment (all optional): SKIP_BUILD=1, RUNS=3, EDITS=5, REFUSALS=3, APP_DIR=., QUIET_LOAD=1.5, JAVA_OPTS=...
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
        for _ in $(seq 1 150); do
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
version() { curl -s --max-time 5 "$BASE/api/v1/ruleset" | jq -r '.version // ""'; }
rejected() { curl -s --max-time 5 "$BASE/api/v1/ruleset" | jq -r '.lastRejected.version // ""'; }
version_is_not() { [[ "$(version)" != "$1" ]]; }
rejected_is_not() { [[ "$(rejected)" != "$1" ]]; }

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

# The last (cold) service keeps running for the edits; its compilers warm up after ready.
sleep 8
dir="$WORK/cold-$RUNS"
DRL="$dir/rules/multichannel/resale.drl"
DMN="$dir/rules/multichannel/AzureServicesInCsp.dmn"
for i in $(seq 1 "$EDITS"); do
    before=$(version)
    echo "// edit $i $(date +%s%N)" >> "$DRL"
    echo "{\"kind\":\"drl\",\"ms\":$(poll version_is_not "$before")}" >> "$WORK/edits.jsonl"
    sleep 0.5
    before=$(version)
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
    echo "{\"kind\":\"dmn\",\"ms\":$(poll version_is_not "$before")}" >> "$WORK/edits.jsonl"
    sleep 0.5
done
ORIGINAL_DRL=$(cat "$DRL")
for i in $(seq 1 "$REFUSALS"); do
    before=$(rejected)
    printf '%s\nrule "Broken %s" @policy("MC-5") when Intent( action == ) then end\n' "$ORIGINAL_DRL" "$i" > "$DRL"
    echo "{\"kind\":\"refused\",\"ms\":$(poll rejected_is_not "$before")}" >> "$WORK/edits.jsonl"
    sleep 0.5
done
printf '%s\n' "$ORIGINAL_DRL" > "$DRL"
grep -E 'event=(activated|rejected|compilers_warmed)' "$dir/service.log" | cut -c1-400 > "$OUT/lifecycle-reloads.log" || true
stop_service

python3 - "$WORK" "$OUT/lifecycle.json" "$APP_DIR" <<'PY'
import json, statistics, sys
work, out, app = sys.argv[1:4]
starts = [json.loads(l) for l in open(f"{work}/starts.jsonl")]
edits = [json.loads(l) for l in open(f"{work}/edits.jsonl")]

def median(values):
    values = [v for v in values if isinstance(v, (int, float))]
    return statistics.median(values) if values else None

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
    "how": "start: ms from launching policydesk.sh to the first 200 (curl every 20 ms); ready: to /q/health/ready 200;"
           " edits: ms from the file write to GET /api/v1/ruleset showing the new version (or a new lastRejected),"
           " polled every 10 ms, on the last cold-started service with the scenario gate on",
}
json.dump(result, open(out, "w"), indent=2)
print(json.dumps({k: ({kk: vv for kk, vv in v.items() if kk != "runs"} if isinstance(v, dict) else v)
                  for k, v in result.items() if k != "how"}, indent=1))
PY
log "wrote $OUT/lifecycle.json"
