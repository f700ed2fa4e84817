#!/usr/bin/env bash
# Starts the packaged service (target/quarkus-app, built by `./mvnw package`) with the JVM settings it is measured
# with (bench/README.md), from the current folder: the rules are read from ./rules unless POLICYDESK_RULES_DIR says
# otherwise. Arguments are passed to java (for example -Dquarkus.http.port=9090).
#
# The default JVM settings matter on a small machine: left alone, the JVM sizes its heap from the machine's memory
# (a quarter of it at most) and the service grew to 550-900 MB under load; with a 256 MiB heap it stays under
# 300 MB, with a shorter p99 and the same throughput. JAVA_OPTS replaces these defaults.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/quarkus-app/quarkus-run.jar"
if [[ ! -f "$jar" ]]; then
    echo "policydesk.sh: $jar is missing: build it first with ./mvnw package -DskipTests" >&2
    exit 1
fi
# The live set is a few tens of MB (rule sets, sessions, caches); a batch of 1,000 requests at the 1 MiB body limit
# needs well under 50 MB more.
DEFAULT_JAVA_OPTS="-Xmx256m -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError"
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-$DEFAULT_JAVA_OPTS} "$@" -jar "$jar"
