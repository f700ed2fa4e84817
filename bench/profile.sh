#!/usr/bin/env bash
# Where one decision's CPU goes: the packaged service under wrk load, profiled by async-profiler (CPU samples of
# every thread, Java and native: the event loops, the log writer, GC, the JIT compilers), with a flame graph and a
# table of µs per decision by part of the work (bench/profile-table.py).
#
# Starts the service (its own port and data folder), waits until it is ready and its background compiler warm-up has
# ended, loads it for WARMUP_S s, then attaches async-profiler (jcmd JVMTI.agent_load) for DURATION s of wrk at CONNS
# connections with the standard request, and reads the process's CPU time around that run (/proc/<pid>/stat).
#
# Environment (all optional): APP_DIR (default target/quarkus-app, built by ./mvnw package -DskipTests), LOG=on|off
# (the decision log, default on), DURATION=30, WARMUP_S=40, CONNS=16, THREADS=2, EVENT=cpu (itimer where perf
# events are not allowed), INTERVAL=1ms, NAME (the output's name, default profile-log-$LOG), JAVA, JAVA_OPTS (added
# to -Xmx256m -XX:+UseSerialGC -XX:MetaspaceSize=96m, the launcher's heap and collector; a collector named in
# JAVA_OPTS replaces those two),
# REQUEST (default bench/requests/standard.json).
# Writes target/bench/$NAME.html (flame graph), $NAME.collapsed (stacks), $NAME.txt (the table).
set -euo pipefail
cd "$(dirname "$0")/.."
APP_DIR=${APP_DIR:-target/quarkus-app}
LOG=${LOG:-on}
DURATION=${DURATION:-30}
WARMUP_S=${WARMUP_S:-40}
CONNS=${CONNS:-16}
THREADS=${THREADS:-2}
EVENT=${EVENT:-cpu}
INTERVAL=${INTERVAL:-1ms}
NAME=${NAME:-profile-log-$LOG}
REQUEST=${REQUEST:-bench/requests/standard.json}
AP_VERSION=4.2
OUT=target/bench
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/policydesk-profile.XXXXXX")
PID=""

cleanup() {
    if [[ -n "$PID" ]]; then
        kill "$PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "[profile] $*" >&2; }

command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }

# async-profiler's Linux library, from its jar on Maven Central (tools.profiler:async-profiler)
AGENT=$OUT/async-profiler-$AP_VERSION/libasyncProfiler.so
if [[ ! -f $AGENT ]]; then
    log "fetching async-profiler $AP_VERSION from Maven Central"
    ./mvnw -q -B dependency:copy -Dartifact=tools.profiler:async-profiler:$AP_VERSION -DoutputDirectory="$WORK" >/dev/null
    mkdir -p "$(dirname "$AGENT")"
    unzip -q -j -o "$WORK/async-profiler-$AP_VERSION.jar" linux-x64/libasyncProfiler.so -d "$(dirname "$AGENT")"
fi
AGENT=$(realpath "$AGENT")

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT/api/v1/recommendations"
enabled=$([[ $LOG == on ]] && echo true || echo false)
log "starting $APP_DIR on port $PORT, decision log $LOG"
# The launcher's collector (Serial), unless JAVA_OPTS chooses one
gc="-XX:+UseSerialGC -XX:MetaspaceSize=96m"
[[ "${JAVA_OPTS:-}" == *-XX:+Use*GC* ]] && gc=""
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
POLICYDESK_LOG_ENABLED=$enabled POLICYDESK_DATA_DIR="$WORK/data" \
    "${JAVA:-java}" -Xmx256m $gc ${JAVA_OPTS:-} -XX:+EnableDynamicAgentLoading \
    -Dquarkus.http.port="$PORT" -Dquarkus.http.host=127.0.0.1 -jar "$APP_DIR/quarkus-run.jar" >"$OUT/$NAME-service.log" 2>&1 &
PID=$!
for _ in $(seq 1 600); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" && break; sleep 0.1; done
for _ in $(seq 1 600); do grep -q 'event=compilers_warmed' "$OUT/$NAME-service.log" && break; sleep 0.1; done
load() { wrk -t"$THREADS" -c"$CONNS" -d"${1}s" -s bench/post.lua "$URL" -- "$REQUEST"; }
log "warming up for $WARMUP_S s"
load "$WARMUP_S" >/dev/null

# jcmd splits an unquoted option list at its commas: the options go in quotes of their own.
agent() { jcmd "$PID" JVMTI.agent_load "$AGENT" "\"$1\"" >/dev/null; }
OUT_ABS=$(realpath "$OUT")
cpu_ticks() { local rest; rest=$(cat /proc/"$PID"/stat); rest=${rest##*) }; read -r -a f <<<"$rest"; echo $(( f[11] + f[12] )); }
agent "start,event=$EVENT,interval=$INTERVAL,threads"
before=$(cpu_ticks)
log "profiling $DURATION s of load at $CONNS connections"
report=$(load "$DURATION")
after=$(cpu_ticks)
agent "dump,file=$OUT_ABS/$NAME.collapsed,collapsed"
agent "stop,file=$OUT_ABS/$NAME.html"

requests=$(awk '/requests in/ {print $1}' <<<"$report")
rps=$(awk '/Requests\/sec/ {print $2}' <<<"$report")
p99=$(sed -n 's/.*"p99":\([0-9.]*\).*/\1 ms/p' <<<"$report")
cpu_us=$(python3 -c "print(f'{($after - $before) / $(getconf CLK_TCK) * 1e6 / $requests:.1f}')")
{
    echo "load: $requests requests in $DURATION s = $rps req/s, p99 $p99, service CPU $cpu_us µs/decision (log $LOG, $(cut -d' ' -f1-3 /proc/loadavg) load)"
    python3 bench/profile-table.py "$OUT/$NAME.collapsed" --cpu-us "$cpu_us"
} | tee "$OUT/$NAME.txt"
