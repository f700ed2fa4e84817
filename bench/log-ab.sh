#!/usr/bin/env bash
# The decision log's cost over HTTP: the packaged service with the log on and with it off, measured back to back
# (ROUNDS times, alternating, so that other work on the machine disturbs both sides alike), each run a fresh start,
# WARMUP_S of load, then DURATION s of wrk at CONNS connections with the standard request. For each run: requests/s,
# the service's CPU time per request, and where that CPU went by thread group (event loops, the log writer, GC, JIT,
# other), read from /proc/<pid>/task/*/stat before and after the measured run.
#
# Environment (all optional): APP_DIR (default target/quarkus-app, built by ./mvnw package -DskipTests),
# ROUNDS=3, DURATION=15, WARMUP_S=10, CONNS=16, THREADS=2, SIDES="on off". A side is "on" or "off", optionally with
# another build's folder: SIDES="on@/tmp/old-build/quarkus-app on off" compares an older build's log with this one's.
# Prints a table and writes target/bench/log-ab.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
APP_DIR=${APP_DIR:-target/quarkus-app}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15}
WARMUP_S=${WARMUP_S:-10}
CONNS=${CONNS:-16}
THREADS=${THREADS:-2}
SIDES=${SIDES:-"on off"}
OUT=target/bench
mkdir -p "$OUT"
TSV="$OUT/log-ab.tsv"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/policydesk-log-ab.XXXXXX")
PID=""
TICKS=$(getconf CLK_TCK)

stop_service() {
    if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
        kill "$PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$PID" 2>/dev/null || true
    fi
    PID=""
}
trap 'stop_service; rm -rf "$WORK"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# CPU ticks per thread group: "group ticks" lines.
thread_cpu() {
    local pid=$1
    for task in /proc/"$pid"/task/*; do
        local stat name
        stat=$(cat "$task/stat" 2>/dev/null) || continue
        name=${stat#*(}; name=${name%%)*}
        local rest=${stat##*) }
        # fields after the name: state(1) ... utime(12) stime(13)
        read -r -a f <<<"$rest"
        local ticks=$(( f[11] + f[12] ))
        case "$name" in
            vert.x-eventloo*) echo "eventloop $ticks" ;;
            decision-log-wr*) echo "logwriter $ticks" ;;
            G1*|GC*) echo "gc $ticks" ;;
            C1*|C2*) echo "jit $ticks" ;;
            *) echo "other $ticks" ;;
        esac
    done | awk '{t[$1]+=$2} END {for (g in t) print g, t[g]}'
}

run_side() {
    local side=$1 round=$2 port data enabled app
    port=$(free_port)
    data="$WORK/data-$round-${side//[^a-z0-9]/_}"
    app=$APP_DIR
    [[ $side == *@* ]] && app=${side#*@}
    enabled=$([[ ${side%%@*} == on ]] && echo true || echo false)
    POLICYDESK_LOG_ENABLED=$enabled POLICYDESK_DATA_DIR="$data" POLICYDESK_CDS=off \
        java -Xmx256m -XX:+UseG1GC -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 \
        -jar "$app/quarkus-run.jar" >"$data.log" 2>&1 &
    PID=$!
    local url="http://127.0.0.1:$port/api/v1/recommendations"
    for _ in $(seq 1 300); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready" && break
        sleep 0.1
    done
    wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP_S}s" -s bench/post.lua "$url" -- bench/requests/standard.json >/dev/null
    local before after
    before=$(thread_cpu "$PID")
    wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" -s bench/post.lua "$url" -- bench/requests/standard.json \
        >"$data.wrk"
    after=$(thread_cpu "$PID")
    stop_service
    local requests rps
    requests=$(awk '/requests in/ {print $1}' "$data.wrk")
    rps=$(awk '/Requests\/sec/ {print $2}' "$data.wrk")
    python3 - "$side" "$round" "$requests" "$rps" "$TICKS" "$before" "$after" <<'EOF' | tee -a "$TSV"
import sys
side, rnd, requests, rps, ticks = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
parse = lambda text: {l.split()[0]: int(l.split()[1]) for l in text.strip().splitlines()}
before, after = parse(sys.argv[6]), parse(sys.argv[7])
groups = ["eventloop", "logwriter", "gc", "jit", "other"]
us = {g: (after.get(g, 0) - before.get(g, 0)) / ticks * 1e6 / requests for g in groups}
total = sum(us.values())
print("\t".join([side, rnd, f"{rps:.0f}", f"{total:.0f}"] + [f"{us[g]:.0f}" for g in groups]))
EOF
}

printf 'log\tround\treq/s\tcpu_us/req\teventloop\tlogwriter\tgc\tjit\tother\n' | tee "$TSV"
for round in $(seq 1 "$ROUNDS"); do
    for side in $SIDES; do
        run_side "$side" "$round"
    done
done
