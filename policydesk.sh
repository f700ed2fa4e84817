#!/usr/bin/env bash
# Starts the packaged service (target/quarkus-app, built by `./mvnw package`) with the JVM settings it is measured
# with (bench/README.md), from the current folder: the rules are read from ./rules unless POLICYDESK_RULES_DIR says
# otherwise. Arguments are passed to java (for example -Dquarkus.http.port=9090).
#
# The default JVM settings matter on a small machine: left alone, the JVM sizes its heap from the machine's memory
# (up to a quarter of it) and the service grew to 550-900 MB under load; with a 256 MiB heap it is near 350 MB after
# 60 s of load, with the same throughput and a shorter p99 (bench/README.md, "Resident memory"). A 192 MiB heap saves
# ~20 MB, but then (under G1) 2 of 32 batches of 900 requests sent at once failed for lack of heap (their bodies are
# held while they wait their turn).
# JAVA_OPTS replaces these defaults.
#
# The collector is the Serial one. On the two cores this service is sized for, G1's write barriers and concurrent
# threads cost CPU on every request: with the same 256 MiB heap, Serial took 102-104 us of CPU a decision against
# G1's 110, at the same p99 (7 ms at 16 connections) and about the same resident memory (423-427 MB against 434-438
# after 60 s of load; bench/README.md, "Cost of one decision, 2026-12-05"). Its young collections stop the requests
# for 1.5-3.5 ms, about 13 times a second at full load. Its full collections stop them for 70-110 ms: when the
# classes that reloads make pass MetaspaceSize (96m here; at its default of 21 MB, three full collections came during
# the start-up warm-up alone, whose rehearsed reloads make classes too), or when the old generation fills (its ~40 MB
# of live objects grew by ~5 MB a minute under full load). G1 has no such pause but costs the CPU above; the Parallel
# collector saves the same CPU but keeps its whole heap resident (523 MB).
# MALLOC_ARENA_MAX=2 keeps glibc from giving each busy thread its own malloc arena.
#
# Thread priorities: the service runs rule reloads (compiling, the scenario gate) and the compilers' warm-up on
# threads of the lowest Java priority, so that they take the CPU the requests leave. The JVM passes Java priorities
# on to Linux only with -XX:ThreadPriorityPolicy=1: the lowest becomes nice POLICYDESK_RELOAD_NICE (10; 0 to 19), and
# the JVM's own threads (which ask for high priorities) stay at 0 like the request threads. At 10, a reload takes about
# a tenth of a core from requests that use all of it, so on a saturated machine reloads wait (saves made meanwhile are
# one reload later); at 0 they compete as equals. Run as another user than root, the JVM warns at start that the
# policy "may require system level permission": lowering a thread's priority needs none, and works.
#
# Which Java: `java` from the PATH; where that is older than 25 and a JDK 25 is installed (JAVA_25_HOME, or
# /usr/lib/jvm/temurin-25-jdk-amd64), that one, for its AOT cache (below). POLICYDESK_JAVA=/path/to/java chooses.
#
# Start-up caches: the first start of a build with a given Java and JAVA_OPTS records what it loaded when it stops (a
# normal stop: Ctrl-C or SIGTERM, not kill -9), and later starts map it instead of loading, verifying and linking
# those classes again. With Java 25 that is the AOT cache (JEP 483/514/515: classes loaded and linked, and the
# methods' profiles, so the JIT compiles the hot ones sooner), in target/quarkus-app/aot/<key>.aot; with Java 17 to
# 24, the class-data archive, in target/quarkus-app/cds/<key>.jsa. A build replaces the folder. POLICYDESK_CDS=off
# starts without either.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
app="$here/target/quarkus-app"
jar="$app/quarkus-run.jar"
if [[ ! -f "$jar" ]]; then
    echo "policydesk.sh: $jar is missing: build it first with ./mvnw package -DskipTests" >&2
    exit 1
fi
DEFAULT_JAVA_OPTS="-Xmx256m -XX:+UseSerialGC -XX:MetaspaceSize=96m -XX:ThreadPriorityPolicy=1"
DEFAULT_JAVA_OPTS+=" -XX:JavaPriority1_To_OSPriority=${POLICYDESK_RELOAD_NICE:-10}"
for priority in 6 7 8 9 10; do
    DEFAULT_JAVA_OPTS+=" -XX:JavaPriority${priority}_To_OSPriority=0"
done
# Reloads and the JIT: every reload makes new classes for the rules' consequences, and under load C2 compiled each of
# them again, at 100-300 ms of compiler CPU apiece (it inlines a consequence's string concatenations and calls into
# it): half the JIT's work during a reload. src/main/jvm/compiler-directives.json leaves them to C1, a few ms each; a
# consequence runs once per finding, and the CPU per decision did not change (bench/README.md, "Reloads under load").
# The JVM prints "1 compiler directives added" as it starts.
directives="$here/src/main/jvm/compiler-directives.json"
if [[ -f "$directives" && "$directives" != *[[:space:]]* ]]; then
    DEFAULT_JAVA_OPTS+=" -XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile=$directives"
fi

# feature_version JAVA: 17 for Java 17, 25 for Java 25
feature_version() {
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -1
}
# Each question costs a JVM start (~0.1 s before the service's own): the chosen java is asked once.
java=${POLICYDESK_JAVA:-java}
java_version=$(feature_version "$java" || echo 0)
if [[ -z "${POLICYDESK_JAVA:-}" ]] && (( java_version < 25 )); then
    for candidate in "${JAVA_25_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
        if [[ -n "$candidate" && -x "$candidate/bin/java" ]]; then
            candidate_version=$(feature_version "$candidate/bin/java" || echo 0)
            if (( candidate_version >= 25 )); then
                java="$candidate/bin/java" java_version=$candidate_version
                break
            fi
        fi
    done
fi

# Native memory: the JVM's compilers and SQLite allocate with malloc, and glibc keeps what they free (the JVM's own
# malloc peaks at ~65 MB in the start-up warm-up) resident unless told to give it back. Every 5 s, the JVM trims
# glibc's heap (Java 22 and later): 30 MB less resident after 60 s of load. A trim took 3-70 ms of its own thread
# under full load (-Xlog:trimnative), at most ~1.4% of a core, holding glibc's locks meanwhile; the request threads
# allocate on the Java heap, and neither their CPU per decision nor the p99 moved (bench/README.md, "Resident memory").
if (( java_version >= 22 )); then
    DEFAULT_JAVA_OPTS+=" -XX:TrimNativeHeapInterval=5000"
fi
opts=${JAVA_OPTS:-$DEFAULT_JAVA_OPTS}

cache=()
if [[ "${POLICYDESK_CDS:-on}" != off ]]; then
    # A cache is valid only for the same JVM, flags and jar: the key covers all three.
    key=$( { "$java" -version 2>&1; echo "$opts"; stat -c '%Y %s' "$jar"; } | sha256sum | cut -c1-16)
    if (( java_version >= 25 )); then
        kind=aot use=-XX:AOTCache= record=-XX:AOTCacheOutput= quiet=(-Xlog:aot=off -Xlog:cds=off)
    else
        kind=cds use=-XX:SharedArchiveFile= record=-XX:ArchiveClassesAtExit= quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off)
    fi
    file="$app/$kind/$key.$([[ $kind == aot ]] && echo aot || echo jsa)"
    if [[ -f "$file" ]]; then
        cache=("$use$file" "${quiet[@]}")
    elif mkdir -p "$app/$kind" 2>/dev/null && [[ -w "$app/$kind" ]]; then
        cache=("$record$file" "${quiet[@]}")
    fi
fi
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# shellcheck disable=SC2086
exec "$java" $opts "${cache[@]}" "$@" -jar "$jar"
