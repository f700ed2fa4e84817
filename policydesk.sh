#!/usr/bin/env bash
# Starts the packaged service (target/quarkus-app, built by `./mvnw package`) with the JVM settings it is measured
# with (bench/README.md), from the current folder: the rules are read from ./rules unless POLICYDESK_RULES_DIR says
# otherwise. Arguments are passed to java (for example -Dquarkus.http.port=9090).
#
# The default JVM settings matter on a small machine: left alone, the JVM sizes its heap from the machine's memory
# (up to a quarter of it) and the service grew to 550-900 MB under load; with a 256 MiB heap it stays near 330 MB,
# with the same throughput and a shorter p99 (bench/README.md). 192 MiB kept it under 300 MB, but then 2 of 32
# batches of 900 requests sent at once failed for lack of heap (their bodies are held while they wait their turn).
# JAVA_OPTS replaces these defaults.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/quarkus-app/quarkus-run.jar"
if [[ ! -f "$jar" ]]; then
    echo "policydesk.sh: $jar is missing: build it first with ./mvnw package -DskipTests" >&2
    exit 1
fi
DEFAULT_JAVA_OPTS="-Xmx256m -XX:+UseG1GC"
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-$DEFAULT_JAVA_OPTS} "$@" -jar "$jar"
