#!/usr/bin/env bash
# Replaying the whole decision log (impact with "limit": "all"): fills a log with N decisions (bench/LogFill.java:
# 256 varied requests, each decided on rules/, logged N times under new ids), then runs `impact.sh --all` on it with
# a candidate that differs from rules/ in one DMN row (Virtual Machines no longer offered in CSP), so that both rule
# sets decide every request and some answers change. Reports the decisions a second (each decided on both rule sets),
# the CPU time per decision (all the process's threads), the largest resident memory of the replay (memory stays
# flat: it streams pages), and with PROFILE=1 where the CPU time goes (JFR, bench/jfr-top.py).
#
# Environment (all optional): N=1000000, APP_DIR (default target/quarkus-app, built when missing), JAVA_OPTS
# (default: impact.sh's, -Xmx512m -XX:+UseParallelGC), PROFILE=1, KEEP_LOG=path (reuse or keep that log file instead of a temporary one).
# Writes target/bench/replay.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000000}
APP_DIR=${APP_DIR:-target/quarkus-app}
OUT=target/bench
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/policydesk-replay.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
[ -f "$APP_DIR/app/policydesk-1.0.0-SNAPSHOT.jar" ] || ./mvnw -q -B package -DskipTests
CP="$APP_DIR/app/*:$APP_DIR/lib/boot/*:$APP_DIR/lib/main/*"
DB=${KEEP_LOG:-$WORK/decisions.db}

{
echo "[replay] $(date -u +%FT%TZ), load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
if [ ! -f "$DB" ]; then
    java -cp "$CP" -Djava.util.logging.manager=org.jboss.logmanager.LogManager bench/LogFill.java "$DB" "$N"
fi
python3 - "$WORK/candidate" <<'PY'
import shutil, sys
shutil.copytree("rules", sys.argv[1])
path = sys.argv[1] + "/multichannel/AzureServicesInCsp.dmn"
text = open(path).read()
row = text.index('<rule id="_rule_virtual_machines"')
at = text.index("<text>true</text>", row)
open(path, "w").write(text[:at] + "<text>false</text>" + text[at + len("<text>true</text>"):])
PY
JFR=()
[ "${PROFILE:-0}" = 1 ] && JFR=(-XX:StartFlightRecording=filename="$OUT/replay.jfr",settings=profile)
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
POLICYDESK_RULES_DIR=rules /usr/bin/time -f '[replay] max resident memory %M KB, %e s wall, %U s user, %S s system' \
    java ${JAVA_OPTS:--Xmx512m -XX:+UseParallelGC} ${JFR[@]+"${JFR[@]}"} -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" \
    com.policydesk.impact.ImpactCli --all "$WORK/candidate" "$DB" 2>&1 >"$WORK/report.txt" | grep -v '^  ' || true
head -12 "$WORK/report.txt"
echo "[replay] load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${PROFILE:-0}" = 1 ]; then
    python3 bench/jfr-top.py "$OUT/replay.jfr" --threads 'policydesk-replay|main' --top 25 | head -80
fi
} 2>&1 | tee "$OUT/replay.txt"
