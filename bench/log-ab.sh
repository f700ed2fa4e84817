#!/usr/bin/env bash
# The decision log's cost over HTTP: the packaged service with the log on and with it off (or other builds), all
# started side by side and measured in turns. On this shared machine the same run varies by ±30% from one minute to
# the next; runs of the sides interleaved second by second see the same disturbance, so the per-round ratio is far
# steadier than comparing separate starts.
#
# For each of STARTS fresh starts: every side is started (its own port and data folder), waits until the service's
# background compiler warm-up has ended, gets WARMUP_S s of load; then ROUNDS rounds, each giving every side
# DURATION s of wrk at CONNS connections with the standard request, in turn (the order alternates each round). For
# each run: requests/s and the service's CPU time per request, split by thread group (event loops, the log writer,
# GC, JIT, other), read from /proc/<pid>/task/*/stat around the run (the total from /proc/<pid>/stat, which keeps
# the time of threads that have ended).
#
# Environment (all optional): APP_DIR (default target/quarkus-app, built by ./mvnw package -DskipTests),
# STARTS=2, ROUNDS=8, DURATION=8, WARMUP_S=30, CONNS=16, THREADS=2, SIDES="off on". A side is "on" or "off",
# optionally with another build's folder and JVM options of its own (after '#', comma-separated):
# SIDES="on@/tmp/old-build/quarkus-app on off" compares an older build's log with this one's;
# SIDES="off off#-Dquarkus.vertx.event-loops-pool-size=2" compares a setting. JAVA_OPTS adds JVM options to every side; JAVA names the java to run (default: java on PATH).
# Prints each run, then per side the median requests/s and CPU per request, and the median of the per-round ratio to
# the first side; writes target/bench/log-ab.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
APP_DIR=${APP_DIR:-target/quarkus-app}
STARTS=${STARTS:-2}
ROUNDS=${ROUNDS:-8}
DURATION=${DURATION:-8}
WARMUP_S=${WARMUP_S:-30}
CONNS=${CONNS:-16}
THREADS=${THREADS:-2}
SIDES=${SIDES:-"off on"}
read -r -a SIDE_LIST <<<"$SIDES"
OUT=target/bench
mkdir -p "$OUT"
TSV="$OUT/log-ab.tsv"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/policydesk-log-ab.XXXXXX")
TICKS=$(getconf CLK_TCK)
declare -A PIDS PORTS LOGS

stop_all() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$pid" 2>/dev/null || true
    done
    PIDS=()
}
trap 'stop_all; rm -rf "$WORK"' EXIT

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
            decision-log-wr*|decision-log-ch*) echo "logwriter $ticks" ;;  # the log's writer and checkpointer
            G1*|GC*|VM\ Thread) echo "gc $ticks" ;;   # the Serial collector works in the VM thread
            C1*|C2*) echo "jit $ticks" ;;
            *) echo "other $ticks" ;;
        esac
    done | awk '{t[$1]+=$2} END {for (g in t) print g, t[g]}'
    # the process as a whole, threads that have ended included
    local rest
    rest=$(cat /proc/"$pid"/stat); rest=${rest##*) }
    read -r -a f <<<"$rest"
    echo "total $(( f[11] + f[12] ))"
}

start_side() {
    local side=$1 start=$2 port data enabled app spec=${1%%#*} side_opts=""
    port=$(free_port)
    data="$WORK/data-$start-${side//[^a-z0-9]/_}"
    app=$APP_DIR
    [[ $spec == *@* ]] && app=${spec#*@}
    [[ $side == *#* ]] && side_opts=${side#*#} && side_opts=${side_opts//,/ }
    enabled=$([[ ${spec%%@*} == on ]] && echo true || echo false)
    # Serial, as the launcher has it, unless the options choose a collector
    local gc="-XX:+UseSerialGC -XX:MetaspaceSize=96m"
    [[ "${JAVA_OPTS:-} $side_opts" == *-XX:+Use*GC* ]] && gc=""
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
    POLICYDESK_LOG_ENABLED=$enabled POLICYDESK_DATA_DIR="$data" POLICYDESK_CDS=off \
        "${JAVA:-java}" -Xmx256m $gc ${JAVA_OPTS:-} $side_opts -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 \
        -jar "$app/quarkus-run.jar" >"$data.log" 2>&1 &
    PIDS[$side]=$!
    PORTS[$side]=$port
    LOGS[$side]=$data.log
}

# Ready, and the background compiler warm-up over: measured before it ends, a run spends half its CPU in the JIT.
wait_until_settled() {
    local side=$1
    for _ in $(seq 1 600); do
        curl -fs -o /dev/null "http://127.0.0.1:${PORTS[$side]}/q/health/ready" && break
        sleep 0.1
    done
    for _ in $(seq 1 600); do
        grep -q 'event=compilers_warmed' "${LOGS[$side]}" && break
        sleep 0.1
    done
}

load() {
    local side=$1 seconds=$2
    wrk -t"$THREADS" -c"$CONNS" -d"${seconds}s" -s bench/post.lua "http://127.0.0.1:${PORTS[$side]}/api/v1/recommendations" \
        -- bench/requests/standard.json
}

measure() {
    local side=$1 start=$2 round=$3 before after report requests rps
    before=$(thread_cpu "${PIDS[$side]}")
    report=$(load "$side" "$DURATION")
    after=$(thread_cpu "${PIDS[$side]}")
    requests=$(awk '/requests in/ {print $1}' <<<"$report")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$report")
    python3 - "$side" "$start" "$round" "$requests" "$rps" "$TICKS" "$before" "$after" <<'EOF' | tee -a "$TSV"
import sys
side, start, rnd = sys.argv[1:4]
requests, rps, ticks = int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
parse = lambda text: {l.split()[0]: int(l.split()[1]) for l in text.strip().splitlines()}
before, after = parse(sys.argv[7]), parse(sys.argv[8])
groups = ["eventloop", "logwriter", "gc", "jit"]
us = {g: (after.get(g, 0) - before.get(g, 0)) / ticks * 1e6 / requests for g in groups + ["total"]}
total = us.pop("total")
us["other"] = total - sum(us.values())
groups.append("other")
print("\t".join([side, start, rnd, f"{rps:.0f}", f"{total:.0f}"] + [f"{us[g]:.0f}" for g in groups]))
EOF
}

printf 'side\tstart\tround\treq/s\tcpu_us/req\teventloop\tlogwriter\tgc\tjit\tother\n' | tee "$TSV"
for start in $(seq 1 "$STARTS"); do
    for side in "${SIDE_LIST[@]}"; do start_side "$side" "$start"; done
    for side in "${SIDE_LIST[@]}"; do wait_until_settled "$side"; load "$side" "$WARMUP_S" >/dev/null; done
    for round in $(seq 1 "$ROUNDS"); do
        order=("${SIDE_LIST[@]}")
        if (( round % 2 == 0 )); then
            order=(); for (( i=${#SIDE_LIST[@]}-1; i>=0; i-- )); do order+=("${SIDE_LIST[$i]}"); done
        fi
        for side in "${order[@]}"; do measure "$side" "$start" "$round"; done
    done
    stop_all
done

python3 - "$TSV" "${SIDE_LIST[@]}" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
sides = sys.argv[2:]
first = sides[0]
by_round = {}
for row in rows:
    by_round.setdefault((row["start"], row["round"]), {})[row["side"]] = row
print()
print("side\truns\tmedian req/s\tmedian cpu_us/req\tmedian of per-round req/s ratio to " + first)
for side in sides:
    mine = [r for r in rows if r["side"] == side]
    ratios = [float(r[side]["req/s"]) / float(r[first]["req/s"]) for r in by_round.values() if side in r and first in r]
    print(f"{side}\t{len(mine)}\t{statistics.median(float(r['req/s']) for r in mine):.0f}\t"
          f"{statistics.median(float(r['cpu_us/req']) for r in mine):.0f}\t{statistics.median(ratios):.3f}"
          f" (middle half {statistics.quantiles(ratios, n=4)[0]:.3f}-{statistics.quantiles(ratios, n=4)[2]:.3f})")
EOF
