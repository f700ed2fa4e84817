#!/usr/bin/env bash
# Builds (or launcher settings) compared as users run them: each side is started by its own policydesk.sh, one at a
# time, in turns (side order fixed, ROUNDS rounds), so that the JVM options, the AOT cache and the collector are the
# launcher's. For each run: a fresh copy of the side's rules/ and an empty data folder, the wait until the start-up
# warm-ups have ended (event=compilers_warmed), WARMUP_S s of wrk at CONNS connections with the standard request,
# then DURATION s measured: requests/s, p99, the service's CPU time per decision (/proc/<pid>/stat, all threads) and
# the share of it of the decision log's threads (its writer and, from 2026-12-06, its checkpointer), resident memory
# at the end (VmRSS, VmHWM) and the collections so far (-Xlog:gc). Each side's first start records its AOT cache
# (Java 25) or class-data archive and is not measured.
#
# A side is "name|checkout|log|JAVA_OPTS": a checkout holding policydesk.sh, target/quarkus-app, rules/ and
# test-scenarios/ (this repository, or a worktree of another commit after its ./mvnw package -DskipTests); log "on"
# or "off" (the decision log); JAVA_OPTS empty for the launcher's defaults, or options that replace them.
#
#   bash bench/launcher-ab.sh "before|/tmp/main-before|on|" "now|.|on|" "before-off|/tmp/main-before|off|" "now-off|.|off|"
#
# Environment (all optional): ROUNDS=2, WARMUP_S=40, DURATION=20, CONNS=16, THREADS=2, PORT (default a free one),
# MEMORY_DETAIL=1 to keep, per run, where the resident memory is (smaps_rollup, the largest mappings, the heap's
# generations, and the JVM's native memory summary when the side's options include
# -XX:NativeMemoryTracking=summary) in target/bench/memory/.
# Prints one line per run and the medians per side; writes target/bench/launcher-ab.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2}
WARMUP_S=${WARMUP_S:-40}
DURATION=${DURATION:-20}
CONNS=${CONNS:-16}
THREADS=${THREADS:-2}
REQUEST=$PWD/bench/requests/standard.json
SCRIPT=$PWD/bench/post.lua
OUT=target/bench
mkdir -p "$OUT"
TSV=$OUT/launcher-ab.tsv
WORK=$(mktemp -d "${TMPDIR:-/tmp}/policydesk-launcher-ab.XXXXXX")
TICKS=$(getconf CLK_TCK)
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
PID=""
(( $# > 0 )) || { sed -n '2,17p' "$0" >&2; exit 2; }
command -v wrk >/dev/null || { echo "launcher-ab: wrk is needed (apt-get install wrk)" >&2; exit 1; }

stop_service() {
    if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
        kill "$PID" 2>/dev/null || true
        # a first start records its AOT cache as it stops: let it finish
        for _ in $(seq 1 600); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$PID" 2>/dev/null || true
    fi
    PID=""
}
trap 'stop_service; rm -rf "$WORK"' EXIT

# stat_ticks STAT_FILE: user + system CPU ticks of a process or thread (0 when it has gone)
stat_ticks() { local rest; rest=$(cat "$1" 2>/dev/null) || { echo 0; return; }; rest=${rest##*) }; read -r -a f <<<"$rest"; echo $(( f[11] + f[12] )); }
process_ticks() { stat_ticks /proc/"$1"/stat; }
# thread_ticks PID PREFIX: CPU ticks of the process's threads whose name starts with PREFIX
thread_ticks() {
    local total=0 task
    for task in /proc/"$1"/task/*; do
        [[ $(cat "$task/comm" 2>/dev/null) == "$2"* ]] && total=$(( total + $(stat_ticks "$task/stat") ))
    done
    echo "$total"
}
status_mb() { awk -v key="$2:" '$1 == key {print int($2 / 1024)}' /proc/"$1"/status; }

# start_side NAME CHECKOUT LOG OPTS: the service started by the checkout's launcher, back once its warm-ups ended
start_side() {
    local name=$1 checkout enabled run=$WORK/$1
    checkout=$(cd "$2" && pwd)
    enabled=$([[ $3 == on ]] && echo true || echo false)
    rm -rf "$run" && mkdir -p "$run" && cp -r "$checkout/rules" "$run/rules"
    env -C "$run" POLICYDESK_LOG_ENABLED="$enabled" POLICYDESK_RULES_DIR="$run/rules" POLICYDESK_DATA_DIR="$run/data" \
        POLICYDESK_SCENARIOS_DIR="$checkout/test-scenarios" JAVA_OPTS="$4" "$checkout/policydesk.sh" \
        -Dquarkus.http.port="$PORT" -Dquarkus.http.host=127.0.0.1 -Xlog:gc:file="$run/gc.log" >"$run/service.log" 2>&1 &
    PID=$!
    until grep -q 'event=compilers_warmed' "$run/service.log"; do
        kill -0 "$PID" 2>/dev/null || { echo "launcher-ab: $name did not start:" >&2; tail -5 "$run/service.log" >&2; exit 1; }
        sleep 0.2
    done
}

load() { wrk -t"$THREADS" -c"$CONNS" -d"$1s" --latency -s "$SCRIPT" "http://127.0.0.1:$PORT/api/v1/recommendations" -- "$REQUEST"; }

measure() {
    local name=$1 round=$2 before after writer_before writer_after report requests
    load "$WARMUP_S" >/dev/null
    before=$(process_ticks "$PID")
    writer_before=$(thread_ticks "$PID" decision-log-)
    report=$(load "$DURATION")
    after=$(process_ticks "$PID")
    writer_after=$(thread_ticks "$PID" decision-log-)
    requests=$(awk '/requests in/ {print $1}' <<<"$report")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$round" \
        "$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$report")" \
        "$(python3 -c "print(f'{($after - $before) / $TICKS * 1e6 / $requests:.1f}')")" \
        "$(python3 -c "print(f'{($writer_after - $writer_before) / $TICKS * 1e6 / $requests:.1f}')")" \
        "$(awk '$1 == "99%" {print $2}' <<<"$report")" \
        "$(status_mb "$PID" VmRSS)" "$(status_mb "$PID" VmHWM)" \
        "$(grep -c 'Pause Young' "$WORK/$name/gc.log" || true)" "$(grep -c 'Pause Full' "$WORK/$name/gc.log" || true)" | tee -a "$TSV"
    [[ -z "${MEMORY_DETAIL:-}" ]] || memory_detail "$OUT/memory/$name-$round.txt"
}

# memory_detail FILE: the service's resident memory by kind, its largest mappings, and the JVM's own account of it
memory_detail() {
    mkdir -p "$(dirname "$1")"
    {
        cat /proc/"$PID"/smaps_rollup
        echo "--- largest resident mappings (KB, mapping)"
        awk '/^[0-9a-f]+-[0-9a-f]+ / {name = ($6 == "" ? "[anon]" : $6)} /^Rss:/ {rss[name] += $2}
             END {for (n in rss) print rss[n], n}' /proc/"$PID"/smaps | sort -rn | head -15
        local jcmd
        jcmd="$(dirname "$(readlink /proc/"$PID"/exe)")/jcmd"
        echo "--- jcmd GC.heap_info"
        "$jcmd" "$PID" GC.heap_info 2>&1 | tail -n +2
        echo "--- jcmd VM.native_memory summary"
        "$jcmd" "$PID" VM.native_memory summary 2>&1 | grep -E '^-|committed' | grep -v '^\s*$' || true
    } >"$1" 2>&1
}

for side in "$@"; do
    IFS='|' read -r name checkout log opts <<<"$side"
    echo "[launcher-ab] first start of $name (records its start-up cache)" >&2
    start_side "$name" "$checkout" "$log" "$opts"
    stop_service
done
printf 'side\tround\treq/s\tcpu_us/decision\tlog_threads_us\tp99\trss_mb\thwm_mb\tyoung_gcs\tfull_gcs\n' | tee "$TSV"
for round in $(seq 1 "$ROUNDS"); do
    for side in "$@"; do
        IFS='|' read -r name checkout log opts <<<"$side"
        start_side "$name" "$checkout" "$log" "$opts"
        measure "$name" "$round"
        stop_service
    done
done
python3 - "$TSV" <<'EOF'
import collections, statistics, sys
def ms(latency):  # wrk writes 950.00us, 7.06ms or 1.02s
    for unit, scale in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if latency.endswith(unit):
            return float(latency[:-len(unit)]) * scale
    return float("nan")
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])][1:]
sides = collections.OrderedDict()
for row in rows:
    sides.setdefault(row[0], []).append(row)
print("\nside\truns\tmedian req/s\tmedian cpu_us/decision\tmedian log_threads_us\tmedian p99 ms\tmedian rss_mb")
for side, runs in sides.items():
    median = lambda i, parse=float: statistics.median(parse(r[i]) for r in runs)
    print(f"{side}\t{len(runs)}\t{median(2):.0f}\t{median(3):.1f}\t{median(4):.1f}\t{median(5, ms):.2f}\t{median(6):.0f}")
EOF
