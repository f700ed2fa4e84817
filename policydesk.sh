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
#
# Class-data sharing: the first start of a build with a given Java and JAVA_OPTS records the classes it loaded into
# target/quarkus-app/cds/<key>.jsa when it stops (a normal stop: Ctrl-C or SIGTERM, not kill -9); later starts map
# that archive instead of loading and verifying those classes again (a start took 4.1-4.3 s instead of 4.9-5.4 s
# here). A build replaces the folder. POLICYDESK_CDS=off starts without it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
app="$here/target/quarkus-app"
jar="$app/quarkus-run.jar"
if [[ ! -f "$jar" ]]; then
    echo "policydesk.sh: $jar is missing: build it first with ./mvnw package -DskipTests" >&2
    exit 1
fi
DEFAULT_JAVA_OPTS="-Xmx256m -XX:+UseG1GC"
opts=${JAVA_OPTS:-$DEFAULT_JAVA_OPTS}

cds=()
if [[ "${POLICYDESK_CDS:-on}" != off ]]; then
    # An archive is valid only for the same JVM, flags and jar: the key covers all three.
    key=$( { java -version 2>&1; echo "$opts"; stat -c '%Y %s' "$jar"; } | sha256sum | cut -c1-16)
    archive="$app/cds/$key.jsa"
    if [[ -f "$archive" ]]; then
        cds=(-XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
    elif mkdir -p "$app/cds" 2>/dev/null && [[ -w "$app/cds" ]]; then
        cds=(-XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
    fi
fi
# shellcheck disable=SC2086
exec java $opts "${cds[@]}" "$@" -jar "$jar"
