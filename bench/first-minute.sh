#!/usr/bin/env bash
# The first minute of load once the service says it is warm: started by policydesk.sh (the launcher's defaults, log
# on) on a fresh copy of rules/ and an empty data folder, it waits for event=compilers_warmed (the end of both
# start-up warm-ups) and, in builds that have it, for the end of the HTTP warm-up (event=http_warmed), then runs WINDOWS back-to-back wrk windows of WINDOW_S s at 16 connections with the standard
# request. Per window: requests/s, p99, and the service's CPU per decision (/proc/<pid>/task, all threads), with the
# share of the decision log's threads (decision-log-*) and of the JIT's compiler threads. It shows how much of the
# HTTP path the start-up warm-ups leave for the first requests to compile (bench/README.md, "The first minute").
#
#   bash bench/first-minute.sh [java options added to the launcher's]
#
# Environment (all optional): WINDOWS=6, WINDOW_S=10, CONNS=16, NAME=first-minute (output: target/bench/$NAME.txt, and
# the service's log beside it, $NAME-service.log).
set -euo pipefail
cd "$(dirname "$0")/.."
WINDOWS=${WINDOWS:-6}
WINDOW_S=${WINDOW_S:-10}
CONNS=${CONNS:-16}
NAME=${NAME:-first-minute}
out=$PWD/target/bench/$NAME.txt
run=$(mktemp -d)
pid=
cleanup() {
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null
    wait 2>/dev/null
    cp "$run/service.log" "${out%.txt}-service.log" 2>/dev/null
    rm -rf "$run"
}
trap cleanup EXIT
cp -r rules "$run/rules"
mkdir -p "$(dirname "$out")"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
env -C "$run" POLICYDESK_RULES_DIR="$run/rules" POLICYDESK_DATA_DIR="$run/data" \
    POLICYDESK_SCENARIOS_DIR="$PWD/test-scenarios" \
    "$PWD/policydesk.sh" -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 "$@" > "$run/service.log" 2>&1 &
pid=$!
await_event() {
    until grep -qE "event=$1" "$run/service.log"; do
        kill -0 "$pid" 2>/dev/null || { echo "first-minute.sh: the service stopped; its log:" >&2; cat "$run/service.log" >&2; exit 1; }
        sleep 0.5
    done
}
await_event compilers_warmed
# Builds with the HTTP warm-up (2026-12-06) are warm once it has ended too.
if unzip -l target/quarkus-app/app/*.jar 2>/dev/null | grep -q 'com/policydesk/api/HttpWarmup.class'; then
    await_event 'http_warm(ed|up_skipped|up_stopped)'
fi
# all log jit: CPU ticks of every thread, of the decision log's threads, of the JIT's compiler threads
ticks() {
    for task in /proc/$pid/task/*; do
        echo "$(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0) $(cat "$task/comm" 2>/dev/null)"
    done | awk '{all += $1} $2 ~ /^decision-log-/ {dlog += $1} $0 ~ /CompilerThre/ {jit += $1} END {print all, dlog + 0, jit + 0}'
}
hz=$(getconf CLK_TCK)
printf 'window\trequests_per_s\tp99\tcpu_us\tlog_threads_us\tjit_us\n' | tee "$out"
for i in $(seq 1 "$WINDOWS"); do
    read -r all0 log0 jit0 < <(ticks)
    wrk -t2 -c"$CONNS" -d"${WINDOW_S}s" --latency -s bench/post.lua "http://127.0.0.1:$port/api/v1/recommendations" \
        -- bench/requests/standard.json > "$run/wrk.txt" 2>&1 || true
    read -r all1 log1 jit1 < <(ticks)
    requests=$(awk '/requests in/ {print $1}' "$run/wrk.txt")
    per() { python3 -c "print(round(($2 - $1) * 1e6 / $hz / $requests, 1))"; }
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$(awk '/Requests\/sec/ {print $2}' "$run/wrk.txt")" \
        "$(awk '$1 == "99%" {print $2}' "$run/wrk.txt")" "$(per "$all0" "$all1")" "$(per "$log0" "$log1")" \
        "$(per "$jit0" "$jit1")" | tee -a "$out"
done
