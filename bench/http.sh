#!/usr/bin/env bash
# HTTP benchmark of the packaged service (see bench/README.md). Builds the app, starts it with ./policydesk.sh
# (target/quarkus-app/quarkus-run.jar) on 127.0.0.1:<free port> with this repository's rules/, and measures:
#   - time from process start to the first 200 answer of POST /api/v1/recommendations (polled with curl);
#   - requests/s in each 5 s interval of the first 30 s of load (16 connections), right after that first answer;
#   - after a further warm-up, wrk at 16 and 64 connections with the standard request, and the batch endpoint
#     with 10 requests per batch: requests/s, decisions/s, p50/p90/p99/p99.9 latency, errors;
#   - the service's resident memory (VmRSS sampled every 250 ms, VmHWM) at start, idle and under load;
#   - the service's CPU time per decision in each run (/proc/<pid>/stat), which other work on the machine disturbs
#     far less than requests/s;
#   - the ceiling: a minimal Quarkus REST endpoint (bench/echo, built here) that binds the same request to records and
#     writes it back, measured in turns with PolicyDesk (CEILING_ROUNDS rounds of CEILING_S s each at 16
#     connections): PolicyDesk's requests/s as a ratio to it, comparable across machines.
# Writes target/bench/http.json (and http-wrk.log, http-service.log, http-rss.tsv). Stops what it started.
#
# Environment (all optional):
#   SKIP_BUILD=1         use the existing target/quarkus-app
#   DURATION=20          seconds of each measured wrk run
#   CONNS="16 64"        connection counts of the single-request runs; BATCH_CONNS="16" for the batch runs
#   WARMUP_S=10          seconds of extra warm-up (single requests) after the 30 s curve; batches warm up 5 s before their run
#   THREADS=2            wrk threads
#   JAVA_OPTS=...        JVM flags for the service instead of policydesk.sh's defaults (e.g. "-Xmx128m -XX:+UseSerialGC")
#   JFR=1                record a JFR profile (settings=profile) of the 16-connection run into
#                        target/bench/http-single16.jfr and summarise its hot frames (bench/jfr-top.py)
#   PORT=...             a fixed port instead of a free one
#   SKIP_LIFECYCLE=1     skip bench/lifecycle.sh (start with warm and cold compile cache, ready, save to live)
#   CEILING_ROUNDS=4     rounds of the ceiling comparison (0 skips it); CEILING_S=10 seconds of each side's run
#   QUIET_LOAD=1.5       after the build, wait (QUIET_WAIT_S=600 at most) for the 1-minute load average to drop below 1.5
# Only loopback addresses; every load run has a fixed duration.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
CONNS=${CONNS:-"16 64"}
BATCH_CONNS=${BATCH_CONNS:-"16"}
WARMUP_S=${WARMUP_S:-10}
THREADS=${THREADS:-2}
JAVA_OPTS=${JAVA_OPTS:-}
JFR=${JFR:-0}
CURVE_INTERVAL_S=5
CURVE_INTERVALS=6
OUT=target/bench
STANDARD=bench/requests/standard.json
BATCH=bench/requests/batch-10.json
BATCH_SIZE=10
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/policydesk-http-bench.XXXXXX")
PID=""
SAMPLER=""
ECHO_PID=""

cleanup() {
    [[ -z "$ECHO_PID" ]] || kill "$ECHO_PID" 2>/dev/null || true
    if [[ -n "$SAMPLER" ]]; then
        kill "$SAMPLER" 2>/dev/null || true
    fi
    if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
        kill "$PID" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -9 "$PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[http-bench] $*" >&2; }
# shellcheck source=bench/quiet.sh
source bench/quiet.sh
now_ms() { date +%s%3N; }

if ! command -v wrk >/dev/null 2>&1; then
    log "installing wrk"
    apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    log "building: ./mvnw -q -B package -DskipTests"
    ./mvnw -q -B package -DskipTests
fi
CEILING_ROUNDS=${CEILING_ROUNDS:-4}
CEILING_S=${CEILING_S:-10}
ECHO_APP=bench/echo/target/quarkus-app
if (( CEILING_ROUNDS > 0 )) && [[ "${SKIP_BUILD:-0}" != 1 || ! -f $ECHO_APP/quarkus-run.jar ]]; then
    log "building the ceiling: bench/echo, on the project's Quarkus platform"
    platform_group=$(sed -n 's:.*<quarkus.platform.group-id>\(.*\)</quarkus.platform.group-id>.*:\1:p' pom.xml | head -1)
    platform_version=$(sed -n 's:.*<quarkus.platform.version>\(.*\)</quarkus.platform.version>.*:\1:p' pom.xml | head -1)
    ./mvnw -q -B -f bench/echo/pom.xml package -DskipTests -Dquarkus.platform.group-id="${platform_group:-io.quarkus.platform}" \
        -Dquarkus.platform.version="$platform_version"
fi
[[ -f target/quarkus-app/quarkus-run.jar ]] || { log "target/quarkus-app/quarkus-run.jar is missing"; exit 1; }

# The policy team's and an operator's waits (start, ready, save to live), unless SKIP_LIFECYCLE=1: bench/lifecycle.sh,
# whose figures are merged into http.json under "lifecycle".
if [[ "${SKIP_LIFECYCLE:-0}" != 1 ]]; then
    log "lifecycle: bench/lifecycle.sh (starts, ready, save to live)"
    SKIP_BUILD=1 JAVA_OPTS="$JAVA_OPTS" bash bench/lifecycle.sh
fi

wait_for_quiet
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
BASE="http://127.0.0.1:$PORT"
URL="$BASE/api/v1/recommendations"

{
    echo "nproc=$(nproc)"
    echo "mem_total_kb=$(awk '/^MemTotal/{print $2}' /proc/meminfo)"
    echo "java_version=$(java -version 2>&1 | head -1)"
    echo "java_runtime=$(java -version 2>&1 | sed -n 2p)"
    echo "wrk_version=$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo "loadavg_before=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "git_commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "git_dirty=$(git status --porcelain 2>/dev/null | grep -v '^??' | wc -l)"
    echo "java_opts=${JAVA_OPTS:-(policydesk.sh defaults: $(grep -o '^DEFAULT_JAVA_OPTS=.*' policydesk.sh | cut -d'"' -f2))}"
} > "$WORK/meta.env"

# --- start, and the first answer ---------------------------------------------------------------------------------
JFR_FLAGS=()
if [[ "$JFR" == 1 ]]; then
    JFR_FLAGS=(-XX:FlightRecorderOptions=stackdepth=256)
fi
echo start > "$WORK/phase"
log "starting the service on $BASE"
# shellcheck disable=SC2086
T0=$(now_ms)
# Started as a user starts it (policydesk.sh, with its default JVM settings unless JAVA_OPTS replaces them).
JAVA_OPTS="$JAVA_OPTS" ./policydesk.sh "${JFR_FLAGS[@]}" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" \
    > "$OUT/http-service.log" 2>&1 &
PID=$!

# RSS sampler: time, phase, VmRSS, VmHWM (kB); stops with the service, and after 1,000 s at most.
(
    for _ in $(seq 1 4000); do
        [[ -r /proc/$PID/status ]] || break
        phase=$(cat "$WORK/phase" 2>/dev/null || echo "?")
        awk -v t="$(now_ms)" -v ph="$phase" '/^VmRSS/{r=$2} /^VmHWM/{h=$2} END{if (r) print t "\t" ph "\t" r "\t" h}' \
            "/proc/$PID/status" 2>/dev/null >> "$WORK/rss.tsv" || true
        sleep 0.25
    done
) &
SAMPLER=$!

code=000
deadline=$(( $(now_ms) + 60000 ))
while (( $(now_ms) < deadline )); do
    code=$(curl -s -o "$WORK/first.json" -w '%{http_code}' --max-time 5 -H 'Content-Type: application/json' \
        --data-binary @"$STANDARD" "$URL" || true)
    [[ "$code" == 200 ]] && break
    kill -0 "$PID" 2>/dev/null || { log "the service exited; see $OUT/http-service.log"; tail -20 "$OUT/http-service.log" >&2; exit 1; }
    sleep 0.02
done
T_FIRST=$(now_ms)
if [[ "$code" != 200 ]]; then
    log "no 200 answer within 60 s (last status $code); see $OUT/http-service.log"
    exit 1
fi
echo "first_answer_ms=$((T_FIRST - T0))" >> "$WORK/meta.env"
echo "first_answer_recommendations=$(jq '.recommendations | length' "$WORK/first.json")" >> "$WORK/meta.env"
echo "ruleset=$(curl -s --max-time 5 "$BASE/api/v1/ruleset" | jq -r '.version // "?"')" >> "$WORK/meta.env"
batch_code=$(curl -s -o "$WORK/batch.json" -w '%{http_code}' --max-time 10 -H 'Content-Type: application/json' \
    --data-binary @"$BATCH" "$URL/batch" || true)
echo "batch_check_status=$batch_code" >> "$WORK/meta.env"
echo "batch_check_results=$(jq '.results | length' "$WORK/batch.json" 2>/dev/null || echo 0)" >> "$WORK/meta.env"
log "first 200 after $((T_FIRST - T0)) ms"

: > "$OUT/http-wrk.log"
# run_wrk NAME CONNECTIONS SECONDS URL BODY: one wrk run, its JSON summary appended to $WORK/runs.jsonl
# CPU seconds the service has used so far (utime + stime of /proc/<pid>/stat, in clock ticks).
service_cpu_ticks() { awk '{print $14 + $15}' "/proc/${CPU_PID:-$PID}/stat"; }
CLK_TCK=$(getconf CLK_TCK)

run_wrk() {
    local name=$1 conns=$2 seconds=$3 url=$4 body=$5 start end line cpu0 cpu1
    local threads=$THREADS
    (( conns < threads )) && threads=$conns
    cpu0=$(service_cpu_ticks)
    start=$(now_ms)
    echo "### $name: wrk -t$threads -c$conns -d${seconds}s --latency $url ($body)" >> "$OUT/http-wrk.log"
    timeout $((seconds + 30)) wrk -t"$threads" -c"$conns" -d"${seconds}s" --timeout 5s --latency -s bench/post.lua \
        "$url" -- "$body" > "$WORK/wrk.out" 2>&1 || true
    end=$(now_ms)
    cpu1=$(service_cpu_ticks)
    cat "$WORK/wrk.out" >> "$OUT/http-wrk.log"
    line=$(grep '^WRK_JSON ' "$WORK/wrk.out" | sed 's/^WRK_JSON //' || true)
    [[ -n "$line" ]] || line='{}'
    printf '{"name":"%s","connections":%d,"threads":%d,"seconds":%d,"from_start_s":%.3f,"to_start_s":%.3f,"service_cpu_s":%.2f,"loadavg_after":"%s","result":%s}\n' \
        "$name" "$conns" "$threads" "$seconds" "$(awk -v a="$start" -v b="$T0" 'BEGIN{print (a-b)/1000}')" \
        "$(awk -v a="$end" -v b="$T0" 'BEGIN{print (a-b)/1000}')" \
        "$(awk -v a="$cpu1" -v b="$cpu0" -v t="$CLK_TCK" 'BEGIN{print (a-b)/t}')" "$(cut -d' ' -f1 /proc/loadavg)" \
        "$line" >> "$WORK/runs.jsonl"
}

# --- idle, then the warm-up curve: the first 30 s of load after start ---------------------------------------------
echo idle > "$WORK/phase"
sleep 1
echo curve > "$WORK/phase"
log "warm-up curve: $CURVE_INTERVALS x ${CURVE_INTERVAL_S} s at 16 connections"
for i in $(seq 1 "$CURVE_INTERVALS"); do
    run_wrk "curve-$i" 16 "$CURVE_INTERVAL_S" "$URL" "$STANDARD"
done

# --- further warm-up, then the measured runs -----------------------------------------------------------------------
echo warmup > "$WORK/phase"
log "warm-up: ${WARMUP_S} s single"
run_wrk "warmup-single" 64 "$WARMUP_S" "$URL" "$STANDARD"

for c in $CONNS; do
    echo "single-$c" > "$WORK/phase"
    if [[ "$JFR" == 1 && "$c" == 16 ]]; then
        jcmd "$PID" JFR.start name=bench settings=profile filename="$PWD/$OUT/http-single16.jfr" >/dev/null
    fi
    log "measuring: single requests, $c connections, ${DURATION} s"
    run_wrk "single" "$c" "$DURATION" "$URL" "$STANDARD"
    if [[ "$JFR" == 1 && "$c" == 16 ]]; then
        jcmd "$PID" JFR.stop name=bench >/dev/null
    fi
done
# The batch's varied requests make the JIT recompile the engine for more shapes than the standard request's: right
# after a batch run the single-request rate dropped by a third for 10-20 s. So the batch warms up (5 s) after the
# single-request runs, just before its own.
run_wrk "warmup-batch" 16 5 "$URL/batch" "$BATCH"
for c in $BATCH_CONNS; do
    echo "batch-$c" > "$WORK/phase"
    log "measuring: batches of $BATCH_SIZE, $c connections, ${DURATION} s"
    run_wrk "batch" "$c" "$DURATION" "$URL/batch" "$BATCH"
done

# --- the ceiling: the echo endpoint and PolicyDesk in turns ---------------------------------------------------------
if (( CEILING_ROUNDS > 0 )); then
    echo ceiling > "$WORK/phase"
    ECHO_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    ECHO_URL="http://127.0.0.1:$ECHO_PORT/api/v1/recommendations"
    log "the ceiling: bench/echo on port $ECHO_PORT, $CEILING_ROUNDS rounds of ${CEILING_S} s a side"
    # shellcheck disable=SC2086 # the launcher's JVM settings, or JAVA_OPTS as given
    java ${JAVA_OPTS:-$(grep -o '^DEFAULT_JAVA_OPTS=.*' policydesk.sh | cut -d'"' -f2)} -Dquarkus.http.host=127.0.0.1 \
        -Dquarkus.http.port="$ECHO_PORT" -jar "$ECHO_APP/quarkus-run.jar" > "$OUT/http-echo.log" 2>&1 &
    ECHO_PID=$!
    for _ in $(seq 1 300); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$STANDARD" \
            "$ECHO_URL" || true) == 200 ]] && break
        sleep 0.1
    done
    # PolicyDesk's background compiler warm-up must be over (it is, on a quiet machine, by now): the JIT's CPU is
    # not the endpoint's.
    for _ in $(seq 1 1200); do grep -q 'event=compilers_warmed' "$OUT/http-service.log" && break; sleep 0.1; done
    CPU_PID=$ECHO_PID run_wrk "ceiling-warmup-echo" 16 20 "$ECHO_URL" "$STANDARD"
    for round in $(seq 1 "$CEILING_ROUNDS"); do
        if (( round % 2 == 1 )); then
            run_wrk "ceiling-policydesk" 16 "$CEILING_S" "$URL" "$STANDARD"
            CPU_PID=$ECHO_PID run_wrk "ceiling-echo" 16 "$CEILING_S" "$ECHO_URL" "$STANDARD"
        else
            CPU_PID=$ECHO_PID run_wrk "ceiling-echo" 16 "$CEILING_S" "$ECHO_URL" "$STANDARD"
            run_wrk "ceiling-policydesk" 16 "$CEILING_S" "$URL" "$STANDARD"
        fi
    done
    kill "$ECHO_PID" 2>/dev/null || true
fi
echo done > "$WORK/phase"
sleep 0.5
echo "loadavg_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$WORK/meta.env"
echo "service_log_started=$(grep -o 'started in [0-9.]*s' "$OUT/http-service.log" | head -1 || true)" >> "$WORK/meta.env"
cp "$WORK/rss.tsv" "$OUT/http-rss.tsv"

python3 - "$WORK" "$OUT/http.json" "$BATCH_SIZE" "$JFR" <<'PY'
import json, sys
work, out, batch_size, jfr = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
meta = {}
for line in open(f"{work}/meta.env"):
    key, _, value = line.rstrip("\n").partition("=")
    meta[key] = value
runs = [json.loads(l) for l in open(f"{work}/runs.jsonl")]
rss = []
for line in open(f"{work}/rss.tsv"):
    t, phase, r, h = line.split("\t")
    rss.append((int(t), phase, int(r), int(h)))

def cpu_per_decision_us(run, per):
    n = (run["result"].get("requests") or 0) * per
    return round(1e6 * run["service_cpu_s"] / n, 1) if n else None

def decisions(run):
    per = batch_size if run["name"] == "batch" else 1
    rps = run["result"].get("requests_per_s", 0.0)
    cpu_us = cpu_per_decision_us(run, per)
    return {"name": run["name"], "connections": run["connections"], "wrk_threads": run["threads"],
            "seconds": run["seconds"], "from_start_s": round(run["from_start_s"], 2),
            "decisions_per_request": per, "requests_per_s": rps, "decisions_per_s": round(rps * per, 1),
            "requests": run["result"].get("requests"), "latency_ms": run["result"].get("latency_ms"),
            "errors": run["result"].get("errors"),
            "service_cpu_s": run["service_cpu_s"], "service_cpu_us_per_decision": cpu_us,
            "service_cpu_cores_busy": round(run["service_cpu_s"] / run["seconds"], 2),
            "loadavg_1m_after": run.get("loadavg_after")}

measured = [decisions(r) for r in runs if r["name"] in ("single", "batch")]
single16 = next((m for m in measured if m["name"] == "single" and m["connections"] == 16), None)
curve_runs = [r for r in runs if r["name"].startswith("curve-")]
# Steady: the best 16-connection rate seen, the measured run or a late interval of the curve (other work on the
# machine only ever lowers a rate, so the best one is the closest to the service's own).
candidates = [r["result"].get("requests_per_s", 0.0) for r in curve_runs] + ([single16["requests_per_s"]] if single16 else [])
steady = max(candidates) if candidates else None
curve = []
for r in curve_runs:
    rps = r["result"].get("requests_per_s", 0.0)
    curve.append({"from_start_s": round(r["from_start_s"], 2), "to_start_s": round(r["to_start_s"], 2),
                  "requests_per_s": rps, "of_steady": round(rps / steady, 3) if steady else None,
                  "p99_ms": (r["result"].get("latency_ms") or {}).get("p99"),
                  "errors": (r["result"].get("errors") or {}).get("total"),
                  "service_cpu_us_per_decision": cpu_per_decision_us(r, 1),
                  "loadavg_1m_after": r.get("loadavg_after")})
first80 = next((c for c in curve if steady and c["requests_per_s"] >= 0.8 * steady), None)

def mb(kb):
    return round(kb / 1024, 1)

load_phases = {"curve", "warmup"} | {p for _, p, _, _ in rss if p.startswith("single-") or p.startswith("batch-")}
under_load = [r for _, p, r, _ in rss if p in load_phases]
idle = [r for _, p, r, _ in rss if p == "idle"]
per_phase = {}
for _, p, r, _ in rss:
    per_phase[p] = max(per_phase.get(p, 0), r)
rss_summary = {
    "sampling": "VmRSS and VmHWM from /proc/<pid>/status every 250 ms",
    "samples": len(rss),
    "idle_after_first_answer_mb": mb(max(idle)) if idle else None,
    "peak_vmrss_under_load_mb": mb(max(under_load)) if under_load else None,
    "vmhwm_at_end_mb": mb(rss[-1][3]) if rss else None,
    "peak_vmrss_by_phase_mb": {p: mb(v) for p, v in per_phase.items()},
}
policydesk_turns = [r for r in runs if r["name"] == "ceiling-policydesk"]
echo_turns = [r for r in runs if r["name"] == "ceiling-echo"]
ceiling = None
if policydesk_turns and echo_turns:
    import statistics
    rps = lambda r: r["result"].get("requests_per_s", 0.0)
    ratios = [rps(p) / rps(e) for p, e in zip(policydesk_turns, echo_turns) if rps(e)]
    ceiling = {"how": "bench/echo (Quarkus REST binding the request to records and writing it back, on the event loop)"
                      " and PolicyDesk measured in turns at 16 connections; ratio = PolicyDesk's requests/s / the echo's,"
                      " per round, median",
               "rounds": len(ratios),
               "ratio_median": round(statistics.median(ratios), 3) if ratios else None,
               "ratios": [round(r, 3) for r in ratios],
               "policydesk_requests_per_s": [rps(r) for r in policydesk_turns],
               "echo_requests_per_s": [rps(r) for r in echo_turns],
               "policydesk_cpu_us_per_request_median": statistics.median(cpu_per_decision_us(r, 1) for r in policydesk_turns),
               "echo_cpu_us_per_request_median": statistics.median(cpu_per_decision_us(r, 1) for r in echo_turns),
               "policydesk_p99_ms_median": statistics.median((r["result"].get("latency_ms") or {}).get("p99", 0) for r in policydesk_turns)}
first_ms = int(meta.get("first_answer_ms", "0"))
errors_total = sum((m["errors"] or {}).get("total", 0) for m in measured) + sum(c["errors"] or 0 for c in curve)
targets = {
    "single16_decisions_per_s_min_15000": single16 is not None and single16["decisions_per_s"] >= 15000,
    "single16_p99_ms_max_5": single16 is not None and (single16["latency_ms"] or {}).get("p99", 1e9) <= 5,
    "zero_errors": errors_total == 0,
    "first_answer_ms_max_3000": first_ms <= 3000,
    "80pct_of_steady_within_20s_of_start": first80 is not None and first80["to_start_s"] <= 20,
    "rss_under_load_mb_max_300": rss_summary["peak_vmrss_under_load_mb"] is not None
                                 and rss_summary["peak_vmrss_under_load_mb"] <= 300,
    "ceiling_ratio_min_0_55": ceiling is not None and (ceiling["ratio_median"] or 0) >= 0.55,
    "single16_cpu_us_per_decision_max_80": single16 is not None
                                           and (single16["service_cpu_us_per_decision"] or 1e9) <= 80,
}
import os
lifecycle = None
if os.environ.get("SKIP_LIFECYCLE", "0") != "1":
    try:
        lifecycle = json.load(open("target/bench/lifecycle.json"))
    except (OSError, ValueError):
        pass
result = {
    "lifecycle": lifecycle,
    "machine": {"nproc": int(meta["nproc"]), "mem_total_mb": mb(int(meta["mem_total_kb"])),
                "java": meta["java_version"], "java_runtime": meta["java_runtime"], "wrk": meta["wrk_version"],
                "loadavg_before": meta["loadavg_before"], "loadavg_after": meta.get("loadavg_after"),
                "note": "wrk runs on the same machine as the service"},
    "code": {"git_commit": meta["git_commit"], "tracked_files_modified": int(meta["git_dirty"]),
             "ruleset": meta.get("ruleset"), "java_opts": meta.get("java_opts")},
    "startup": {"first_answer_ms": first_ms, "quarkus_log": meta.get("service_log_started"),
                "first_answer_recommendations": int(meta.get("first_answer_recommendations") or 0),
                "batch_check": {"status": meta.get("batch_check_status"),
                                "results": int(meta.get("batch_check_results") or 0)},
                "how": "ms from just before ./policydesk.sh starts java to the first 200 of POST /api/v1/recommendations, polled with curl every 20 ms"},
    "warmup_curve": {"connections": 16, "interval_s": 5, "intervals": curve,
                     "steady_requests_per_s": steady,
                     "first_interval_at_80pct_of_steady": first80,
                     "how": "back-to-back 5 s wrk runs right after the first answer; steady = the best 16-connection"
                            " rate seen (the measured run or an interval of the curve)"},
    "runs": measured,
    "ceiling": ceiling,
    "jfr": ("a JFR recording (settings=profile) ran during the 16-connection run: its rate, latency and CPU"
            " figures are not comparable with a run without it; use the recording's profile only") if jfr else None,
    "rss": rss_summary,
    "errors_total": errors_total,
    "targets": targets,
}
with open(out, "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
print(json.dumps({"first_answer_ms": first_ms,
                  "curve_rps": [c["requests_per_s"] for c in curve],
                  "runs (name, connections, decisions/s, p99 ms, errors, service CPU µs/decision)": [
                      (m["name"], m["connections"], m["decisions_per_s"], (m["latency_ms"] or {}).get("p99"),
                       (m["errors"] or {}).get("total"), m["service_cpu_us_per_decision"]) for m in measured],
                  "ceiling (ratio, PolicyDesk and echo CPU µs/request)": ceiling and (ceiling["ratio_median"],
                      ceiling["policydesk_cpu_us_per_request_median"], ceiling["echo_cpu_us_per_request_median"]),
                  "rss_peak_mb": rss_summary["peak_vmrss_under_load_mb"], "targets": targets}, indent=1))
PY

if [[ "$JFR" == 1 && -f "$OUT/http-single16.jfr" ]]; then
    python3 bench/jfr-top.py "$OUT/http-single16.jfr" | tee "$OUT/http-single16-jfr.txt"
fi
log "wrote $OUT/http.json"
