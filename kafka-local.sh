#!/usr/bin/env bash
# A single-node Kafka broker on this machine, without Docker: Apache Kafka 4.4.0 in KRaft mode (broker and controller
# in one process), its jars fetched once from Maven Central through kafka/pom.xml, its data under target/kafka-local/.
#
#   bash kafka-local.sh                 run the broker in the foreground on localhost:9092 (Ctrl-C stops it cleanly)
#   bash kafka-local.sh --port 19092    another port (or KAFKA_PORT=19092); the controller listens on the next one
#   bash kafka-local.sh --fresh         forget the topics of earlier runs first (deletes target/kafka-local/)
#   bash kafka-local.sh fetch [mvn-args] only fetch the jars into target/kafka-broker/libs (the build's tests do this)
#
# Then start PolicyDesk with POLICYDESK_CLUSTER_KAFKA_BOOTSTRAP_SERVERS=localhost:9092 (README: Running several
# replicas). The broker's log is target/kafka-local/logs/server.log; warnings and errors are also shown here.
# KAFKA_HEAP_OPTS replaces the broker's heap settings (-Xms64m -Xmx256m).
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
libs="$root/target/kafka-broker/libs"
stamp="$libs/.kafka-pom.sha256"

fetch() {
  local want
  want=$(sha256sum kafka/pom.xml | cut -d' ' -f1)
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  echo "kafka-local: fetching the broker's jars (kafka/pom.xml) into target/kafka-broker/libs" >&2
  rm -rf "$libs"
  ./mvnw -q -B -f kafka/pom.xml package "$@"
  echo "$want" > "$stamp"
}

if [[ "${1:-}" == "fetch" ]]; then
  shift
  fetch "$@"
  exit 0
fi

port=${KAFKA_PORT:-9092}
fresh=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --port=*) port=${1#--port=}; shift ;;
    --fresh) fresh=true; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "kafka-local: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
controller_port=$((port + 1))

fetch
home="$root/target/kafka-local"
$fresh && rm -rf "$home"
mkdir -p "$home/data" "$home/logs"

# Single node: broker and controller in one process, every internal topic with one replica.
cat > "$home/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$controller_port
listeners=PLAINTEXT://localhost:$port,CONTROLLER://localhost:$controller_port
advertised.listeners=PLAINTEXT://localhost:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$home/data
num.partitions=1
default.replication.factor=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# A small heap: the log cleaner (compacted topics) takes 16 MiB instead of its default 128.
log.cleaner.dedupe.buffer.size=16777216
EOF

java_cmd=(java ${KAFKA_HEAP_OPTS:--Xms64m -Xmx256m} -cp "$libs/*"
  "-Dlog4j2.configurationFile=$root/kafka/log4j2.properties" "-Dkafka.logs.dir=$home/logs")

if [[ ! -f "$home/data/meta.properties" ]]; then
  cluster_id=$("${java_cmd[@]}" -Dkafka.console.level=OFF kafka.tools.StorageTool random-uuid)
  "${java_cmd[@]}" -Dkafka.console.level=WARN kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$home/server.properties" >/dev/null
fi

cat <<EOF
kafka-local: Kafka 4.4.0 (KRaft, one node) on localhost:$port, data in target/kafka-local/ (log: logs/server.log)
kafka-local: give PolicyDesk  POLICYDESK_CLUSTER_KAFKA_BOOTSTRAP_SERVERS=localhost:$port
kafka-local: Ctrl-C stops the broker
EOF
# exec: Ctrl-C (SIGINT) reaches the broker itself, whose shutdown hook stops it cleanly.
exec "${java_cmd[@]}" -Dkafka.console.level=WARN kafka.Kafka "$home/server.properties"
