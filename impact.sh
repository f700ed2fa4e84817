#!/usr/bin/env bash
# What publishing a candidate rules folder would change, measured on the decision log, without a running service:
# the newest logged requests (10,000; POLICYDESK_IMPACT_LIMIT=n for more or fewer; --all: every one, streamed) decided again on the candidate
# and on the active rules (POLICYDESK_RULES_DIR, default rules/). Prints a table per code and per policy statement
# (in how many decisions a recommendation was added, removed), then the report as JSON.
#
#   bash impact.sh ~/work/rules                      # the service's log, data/decisions.db
#   bash impact.sh ~/work/rules /backup/decisions.db # another copy of a log
#   bash impact.sh --all ~/work/rules                # every logged decision in the retention window, with progress
#
# Builds the application first when target/quarkus-app does not exist yet. JAVA_OPTS replaces the JVM options: by
# default at most 512 MB of heap and the parallel collector, which suits a batch job (bench/replay.sh: 31-35 µs of CPU
# a replayed decision against 37-40 with G1, 1,000,000 decisions in 16-18 s against 19-21 s on 2 cores).
set -euo pipefail
all=()
if [ "${1:-}" = "--all" ]; then
  all=(--all)
  shift
fi
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: bash impact.sh [--all] <candidate-rules-folder> [decision-log-file]" >&2
  exit 2
fi
candidate=$(cd "$1" 2>/dev/null && pwd) || { echo "No such rules folder: $1" >&2; exit 2; }
log_file=${2:-}
if [ -n "$log_file" ]; then
  [ -f "$log_file" ] || { echo "No such decision log: $log_file" >&2; exit 2; }
  log_file=$(cd "$(dirname "$log_file")" && pwd)/$(basename "$log_file")
fi
cd "$(dirname "$0")"
app=target/quarkus-app
if [ ! -f "$app/app/policydesk-1.0.0-SNAPSHOT.jar" ]; then
  echo "Building the application (once)..." >&2
  ./mvnw -q -B package -DskipTests >&2
fi
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:--Xmx512m -XX:+UseParallelGC} -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$app/app/*:$app/lib/boot/*:$app/lib/main/*" com.policydesk.impact.ImpactCli ${all[@]+"${all[@]}"} "$candidate" ${log_file:+"$log_file"}
