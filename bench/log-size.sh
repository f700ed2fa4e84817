#!/usr/bin/env bash
# The decision log's size bound at full rate: the packaged service with the log on and
# policydesk.log.retention.max-size=MAX_SIZE, loaded by wrk with the standard request for DURATION seconds at CONNS
# connections, while the log file (decisions.db) and its write-ahead log (decisions.db-wal) are sampled every second.
# Reports the largest sizes seen against the bound (the target: never more than 10% over it), the requests wrk sent and
# the non-2xx answers (a shedding log answers 503), the log's own counters (written, refused, dropped, failed) from
# /q/metrics, and the rows kept and bytes per row at the end.
#
# Environment (all optional): APP_DIR (default target/quarkus-app, built by ./mvnw package -DskipTests),
# MAX_SIZE=200M, DURATION=300, CONNS=16, THREADS=2, JAVA (default: java on PATH), JAVA_OPTS.
# Writes target/bench/log-size.tsv (second, db bytes, wal bytes) and target/bench/log-size.txt (the summary).
set -euo pipefail
cd "$(dirname "$0")/.."
APP_DIR=${APP_DIR:-target/quarkus-app}
MAX_SIZE=${MAX_SIZE:-200M}
DURATION=${DURATION:-300}
CONNS=${CONNS:-16}
THREADS=${THREADS:-2}
OUT=target/bench
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/policydesk-log-size.XXXXXX")
PID=""
SAMPLER=""
cleanup() {
    [[ -n "$SAMPLER" ]] && kill "$SAMPLER" 2>/dev/null || true
    if [[ -n "$PID" ]]; then
        kill "$PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DB="$WORK/data/decisions.db"
# The launcher's collector (Serial), unless JAVA_OPTS chooses one
gc="-XX:+UseSerialGC -XX:MetaspaceSize=96m"
[[ "${JAVA_OPTS:-}" == *-XX:+Use*GC* ]] && gc=""
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
POLICYDESK_DATA_DIR="$WORK/data" POLICYDESK_LOG_RETENTION_MAX_SIZE="$MAX_SIZE" POLICYDESK_CDS=off \
    "${JAVA:-java}" -Xmx256m $gc ${JAVA_OPTS:-} -Dquarkus.http.port="$PORT" -Dquarkus.http.host=127.0.0.1 \
    -jar "$APP_DIR/quarkus-run.jar" >"$WORK/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" && break
    sleep 0.1
done

size_of() { stat -c %s "$1" 2>/dev/null || echo 0; }
printf 'second\tdb_bytes\twal_bytes\n' >"$OUT/log-size.tsv"
(
    second=0
    while true; do
        printf '%d\t%d\t%d\n' "$second" "$(size_of "$DB")" "$(size_of "$DB-wal")" >>"$OUT/log-size.tsv"
        sleep 1
        second=$((second + 1))
    done
) &
SAMPLER=$!

echo "[log-size] max-size $MAX_SIZE, $DURATION s of wrk at $CONNS connections; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
WRK=$(wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" -s bench/post.lua "http://127.0.0.1:$PORT/api/v1/recommendations" \
    -- bench/requests/standard.json)
kill "$SAMPLER" 2>/dev/null || true
SAMPLER=""
METRICS=$(curl -fs "http://127.0.0.1:$PORT/q/metrics" | grep -E '^policydesk_decision_log_(written|refused|dropped|failed)_total' || true)
ROWS=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM log_decisions" 2>/dev/null || echo "?")

python3 - "$MAX_SIZE" "$OUT/log-size.tsv" "$ROWS" "$(size_of "$DB")" "$(cut -d' ' -f1-3 /proc/loadavg)" <<EOF | tee "$OUT/log-size.txt"
import csv, json, re, sys
max_size, tsv, rows, db_now, load = sys.argv[1:6]
units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
m = re.fullmatch(r"(\d+)([KMG]?)", max_size.upper())
bound = int(m.group(1)) * units[m.group(2)]
samples = list(csv.DictReader(open(tsv), delimiter="\t"))
db = max(int(s["db_bytes"]) for s in samples)
both = max(int(s["db_bytes"]) + int(s["wal_bytes"]) for s in samples)
wrk = json.loads(re.search(r"WRK_JSON (.*)", """$WRK""").group(1))
print(f"bound {bound:,} bytes; {len(samples)} samples")
print(f"largest file {db:,} bytes = {db / bound:.3f} of the bound; with its WAL {both:,} = {both / bound:.3f}")
print(f"wrk: {wrk['requests']:,} requests, {wrk['requests_per_s']:,.0f}/s, non-2xx {wrk['errors']['non2xx']}, socket errors {wrk['errors']['socket']}")
print("""$METRICS""".strip())
if rows.isdigit() and int(rows) > 0:
    print(f"rows kept {int(rows):,}; file now {int(db_now):,} bytes = {int(db_now) / int(rows):.0f} bytes a row")
print(f"load average after: {load}")
EOF
