# Apache Kafka (KRaft, one node on loopback) from Maven Central jars: the event log when
# kindred.eventlog=kafka (bin/kindred up with KINDRED_EVENTLOG=kafka, bin/kindred test, bench scale).
KAFKA_VERSION="4.4.0"

kafka_home() { echo "$KINDRED_CACHE/kafka-$KAFKA_VERSION"; }

ensure_kafka() {
  local home; home=$(kafka_home)
  [ -f "$home/.complete" ] && return 0
  log "installing Kafka $KAFKA_VERSION (broker jars from Maven Central)"
  mkdir -p "$home"
  mvn -B -q -ntp -f "$KINDRED_ROOT/infra/kafka/pom.xml" dependency:copy-dependencies \
    -Dkafka.version="$KAFKA_VERSION" -DoutputDirectory="$home/libs" -DincludeScope=runtime >&2 \
    || die "could not resolve Kafka $KAFKA_VERSION from Maven Central"
  touch "$home/.complete"
}

kafka_start() { # state_dir broker_port controller_port
  local dir=$1 port=$2 cport=$3 home; home=$(kafka_home)
  mkdir -p "$dir/kafka-logs"
  if pid_alive "$dir/kafka.pid"; then return 0; fi
  cat > "$dir/kafka.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/kafka-logs
num.partitions=8
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  if [ ! -f "$dir/kafka-logs/meta.properties" ]; then
    local id; id=$(java -cp "$home/libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
    java -cp "$home/libs/*" kafka.tools.StorageTool format -t "$id" -c "$dir/kafka.properties" >"$dir/kafka-format.log" 2>&1 \
      || { cat "$dir/kafka-format.log" >&2; die "could not format Kafka's log directory"; }
  fi
  ( exec java -Xms128m -Xmx512m -cp "$home/libs/*" kafka.Kafka "$dir/kafka.properties" >"$dir/kafka.log" 2>&1 ) &
  echo $! > "$dir/kafka.pid"
  echo "$port" > "$dir/kafka.port"
}

kafka_wait() { # state_dir port — listening and done starting (slf4j-simple logs to kafka.log)
  local i=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && grep -q "Kafka Server started\|KafkaRaftServer.*started" "$1/kafka.log" 2>/dev/null; do
    i=$((i+1)); [ $i -ge 120 ] && { tail -30 "$1/kafka.log" >&2; log "Kafka did not start on 127.0.0.1:$2 within 60s"; return 1; }
    sleep 0.5
  done
}

kafka_stop() { # state_dir
  local pidf="$1/kafka.pid"
  if pid_alive "$pidf"; then
    local pid; pid=$(cat "$pidf")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidf"
}
