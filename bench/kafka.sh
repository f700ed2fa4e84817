#!/usr/bin/env bash
# Bulk decisions through Kafka, end to end, with one and with two replicas (see bench/README.md): a single-node broker
# (kafka-local.sh, on a free port, fresh data) and the packaged service started REPLICAS times in one consumer group,
# all on this machine. For each replica count, bench/KafkaBulkLoad.java sends WARM_N requests (JIT warm-up), then N,
# and times from the first request sent to the last answer read; the CPU time of the replicas (and how much of it
# the JIT compiler took) and of the broker (/proc/<pid>/stat) over the measured pass, per decision. Fresh topics (PARTITIONS partitions) per replica count.
# Writes target/bench/kafka.txt (and kafka-*.log). Stops what it started.
#
# Environment (all optional):
#   SKIP_BUILD=1        use the existing target/quarkus-app
#   N=400000 WARM_N=300000 requests of the measured pass, and of the warm-up pass per replica (the start-up warm-up
#                       decides in process, not through Kafka or the log: with 20,000 or 100,000 the JIT still took
#                       5-14 us a decision of the measured pass, with 300,000 0-6 us; about 3 min a run); two replicas
#                       are warmed with 2 x WARM_N, so that each has seen as many as one alone.
#                       Both passes start once every replica is ready and its background compiler warm-up has ended.
#   REPLICA_ARGS=       more java arguments for each replica (e.g. -XX:+PrintCompilation, into kafka-replica-*.log)
#   REPLICAS="1 2"      the replica counts to measure
#   PARTITIONS=4        partitions of the requests and answers topics
#   LOG_SINK=sqlite     the replicas' decision log: sqlite (a file each) or kafka (one topic)
#   BULK_THREADS=       policydesk.cluster.kafka.bulk-threads (default: one per core)
#   QUIET_LOAD=1.5      wait for the 1-minute load average to drop below this first (bench/quiet.sh)
#   PROFILE=1           profile the first replica during the measured pass with async-profiler (as bench/profile.sh
#                       does): target/bench/kafka-profile-<replicas>.collapsed/.html and the table in kafka.txt
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/quiet.sh

N=${N:-400000}
WARM_N=${WARM_N:-300000}
REPLICAS=${REPLICAS:-"1 2"}
PARTITIONS=${PARTITIONS:-4}
LOG_SINK=${LOG_SINK:-sqlite}
BULK_THREADS=${BULK_THREADS:-}
REPLICA_ARGS=${REPLICA_ARGS:-}
OUT=target/bench
REQUEST=bench/requests/standard.json
CLK_TCK=$(getconf CLK_TCK)
mkdir -p "$OUT"
RESULTS="$OUT/kafka.txt"
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { local total=0; for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo "$total"; }
# The share of that spent by the JIT compiler's threads (C1/C2): still high after a short warm-up.
jit_ticks() { local total=0; for pid in "$@"; do for task in /proc/"$pid"/task/*; do
    grep -q '^C[12] Compiler' "$task/comm" 2>/dev/null && total=$((total + $(awk '{print $14 + $15}' "$task/stat"))); done; done; echo "$total"; }
ms_per() { awk -v t="$1" -v n="$2" -v hz="$CLK_TCK" 'BEGIN{printf "%.3f", t * 1000 / hz / n}'; }
load() { java -cp "target/kafka-broker/libs/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn bench/KafkaBulkLoad.java "$@"; }

[[ "${SKIP_BUILD:-0}" == 1 ]] || ./mvnw -q package -DskipTests
bash kafka-local.sh fetch
wait_for_quiet

KPORT=$(free_port)
bash kafka-local.sh --port "$KPORT" --fresh > "$OUT/kafka-broker.log" 2>&1 &
BROKER=$!
PIDS+=("$BROKER")
for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$KPORT") 2>/dev/null && break; sleep 0.2; done
BOOTSTRAP="localhost:$KPORT"

{
    echo "date=$(date -u +%FT%TZ) cores=$(nproc) n=$N warm_n=$WARM_N partitions=$PARTITIONS log_sink=$LOG_SINK bulk_threads=${BULK_THREADS:-cores} replica_args=${REPLICA_ARGS:-none}"
    echo "loadavg_before=$(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULTS"

for replicas in $REPLICAS; do
    requests="bench.requests.$replicas" answers="bench.answers.$replicas"
    load "$BOOTSTRAP" "$requests" "$answers" 0 "$REQUEST" "$PARTITIONS" > /dev/null
    started=()
    ports=()
    for i in $(seq 1 "$replicas"); do
        port=$(free_port)
        settings=(-Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -Dpolicydesk.rules.watch=false
            -Dpolicydesk.cluster.kafka.bootstrap-servers="$BOOTSTRAP" -Dpolicydesk.cluster.kafka.replica-id="bench-$replicas-$i"
            -Dpolicydesk.cluster.kafka.requests-topic="$requests" -Dpolicydesk.cluster.kafka.recommendations-topic="$answers"
            -Dpolicydesk.cluster.kafka.bulk-group="bench-$replicas" -Dpolicydesk.log.sink="$LOG_SINK"
            -Dpolicydesk.cluster.kafka.decisions-topic="bench.decisions.$replicas"
            -Dpolicydesk.data.dir="$OUT/kafka-data/$replicas-$i")
        [[ -n "$BULK_THREADS" ]] && settings+=(-Dpolicydesk.cluster.kafka.bulk-threads="$BULK_THREADS")
        # shellcheck disable=SC2206
        [[ -n "$REPLICA_ARGS" ]] && settings+=($REPLICA_ARGS)
        rm -rf "$OUT/kafka-data/$replicas-$i"
        ./policydesk.sh "${settings[@]}" > "$OUT/kafka-replica-$replicas-$i.log" 2>&1 &
        started+=("$!")
        PIDS+=("$!")
        ports+=("$port")
    done
    for port in "${ports[@]}"; do
        for _ in $(seq 1 600); do
            [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready" || true)" == 200 ]] && break
            sleep 0.2
        done
    done
    # Ready, and the background compiler warm-up (rehearsed reloads, at low priority) over: measured before it
    # ends, a pass pays its compiling and the JIT's work on it (47 s after the start here, on a busy machine).
    for i in $(seq 1 "$replicas"); do
        warmed=0
        for _ in $(seq 1 1800); do
            grep -q 'event=compilers_warmed' "$OUT/kafka-replica-$replicas-$i.log" && { warmed=1; break; }
            sleep 0.1
        done
        # Measuring anyway is still worth a figure, but not one to compare with the others.
        [[ $warmed == 1 ]] || echo "WARNING: replica $i of $replicas did not report event=compilers_warmed within 180 s: its start-up warm-up may run through the passes" | tee -a "$RESULTS" >&2
    done
    sleep 5 # the group settles: every replica has its partitions
    echo "replicas=$replicas warm-up: $(load "$BOOTSTRAP" "$requests" "$answers" "$((WARM_N * replicas))" "$REQUEST" "$PARTITIONS")" | tee -a "$RESULTS"
    if [[ "${PROFILE:-0}" == 1 ]]; then
        agent=$(realpath "$OUT/async-profiler-4.2/libasyncProfiler.so" 2>/dev/null || true)
        [[ -f "$agent" ]] || { echo "PROFILE=1 needs $OUT/async-profiler-4.2/libasyncProfiler.so: run bench/profile.sh once" >&2; exit 1; }
        jcmd "${started[0]}" JVMTI.agent_load "$agent" "\"start,event=cpu,interval=1ms,threads\"" >/dev/null
    fi
    service0=$(cpu_ticks "${started[@]}")
    first0=$(cpu_ticks "${started[0]}")
    jit0=$(jit_ticks "${started[@]}")
    broker0=$(cpu_ticks "$(pgrep -P "$BROKER" || echo "$BROKER")")
    figures=$(load "$BOOTSTRAP" "$requests" "$answers" "$N" "$REQUEST" "$PARTITIONS")
    service1=$(cpu_ticks "${started[@]}")
    jit1=$(jit_ticks "${started[@]}")
    broker1=$(cpu_ticks "$(pgrep -P "$BROKER" || echo "$BROKER")")
    if [[ "${PROFILE:-0}" == 1 ]]; then
        profile=$(realpath "$OUT")/kafka-profile-$replicas
        jcmd "${started[0]}" JVMTI.agent_load "$agent" "\"dump,file=$profile.collapsed,collapsed\"" >/dev/null
        jcmd "${started[0]}" JVMTI.agent_load "$agent" "\"stop,file=$profile.html\"" >/dev/null
        first_cpu_us=$(awk -v t="$(( $(cpu_ticks "${started[0]}") - first0 ))" -v n="$N" -v r="$replicas" -v hz="$CLK_TCK" 'BEGIN{printf "%.1f", t * 1e6 / hz / (n / r)}')
        python3 bench/profile-table.py "$profile.collapsed" --cpu-us "$first_cpu_us" | tee -a "$RESULTS"
    fi
    echo "replicas=$replicas $figures replicas_cpu_ms_per_decision=$(ms_per $((service1 - service0)) "$N") of_which_jit=$(ms_per $((jit1 - jit0)) "$N") broker_cpu_ms_per_decision=$(ms_per $((broker1 - broker0)) "$N") loadavg=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RESULTS"
    for pid in "${started[@]}"; do kill "$pid"; done
    for pid in "${started[@]}"; do wait "$pid" 2>/dev/null || true; done
done
