#!/usr/bin/env bash
# In-process benchmarks (JMH): decisions per second on one thread, through the engine and by the hand-written
# baseline, and the whole "bytes -> RequestReader -> engine -> Jackson" path. See bench/README.md.
#
#   bash bench/jmh.sh                      build (-Pbench, into target/bench-build), then run every benchmark:
#                                          3 x 2 s warm-up, 5 x 2 s measurement, 1 fork, with -prof gc
#   bash bench/jmh.sh --no-build ...       skip the build
#   bash bench/jmh.sh --check              only the baseline-vs-engine check (exit 1 on a mismatch)
#   QUIET_LOAD=1.5 bash bench/jmh.sh     first wait (10 min at most) for the 1-minute load average to drop below 1.5
#   bash bench/jmh.sh [JMH args]           any JMH arguments instead of the defaults, e.g.
#                                          bash bench/jmh.sh 'DecisionBenchmark.engineStandard' -prof stack
#                                          bash bench/jmh.sh 'DecisionBenchmark.engineStandard' -prof jfr
#
# Writes target/bench/jmh.json (JMH's JSON), target/bench/jmh.txt (its console output) and
# target/bench/jmh-summary.json/.txt (decisions/s, allocation per decision, engine/baseline ratios); a run with
# JMH arguments writes target/bench/jmh-custom.* instead (NAME=xyz for target/bench/xyz.*).
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
if [[ "${1:-}" == "--no-build" ]]; then
    build=0
    shift
fi
if [[ "$build" == 1 ]]; then
    ./mvnw -q -B -Pbench package
fi

BUILD=target/bench-build
OUT=target/bench
mkdir -p "$OUT"
CP="$BUILD/classes:$(cat "$BUILD/jmh.classpath")"
# The service's log manager: without it, JBoss Logging complains on stderr. JMH's forks inherit these flags.
PROPS=(-Djava.util.logging.manager=org.jboss.logmanager.LogManager)

if [[ "${1:-}" == "--check" ]]; then
    exec java "${PROPS[@]}" -cp "$CP" com.policydesk.bench.Equivalence
fi

# The standard run writes jmh.*; a run with other arguments writes jmh-custom.* (or $NAME.* with NAME=...).
if [[ $# -eq 0 ]]; then
    set -- 'com.policydesk.bench.DecisionBenchmark' -prof gc
    NAME=${NAME:-jmh}
else
    NAME=${NAME:-jmh-custom}
fi
# shellcheck source=bench/quiet.sh
source bench/quiet.sh
wait_for_quiet
export BENCH_LOADAVG_BEFORE BENCH_LOADAVG_AFTER
BENCH_LOADAVG_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
java "${PROPS[@]}" -cp "$CP" org.openjdk.jmh.Main "$@" -rf json -rff "$OUT/$NAME.json" 2>&1 | tee "$OUT/$NAME.txt"
status=${PIPESTATUS[0]}
BENCH_LOADAVG_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ "$status" == 0 && -s "$OUT/$NAME.json" ]]; then
    python3 bench/jmh-summary.py "$OUT/$NAME.json" "$OUT/$NAME-summary.json" | tee "$OUT/$NAME-summary.txt"
fi
exit "$status"
