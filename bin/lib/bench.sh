# bin/kindred bench [NAME] — benchmarks against the running local stack ('bin/kindred up').
BENCHES="ingest embed interests quality ann serve scale"

bench_header() {
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m); date: $(date -u +%FT%TZ)"
}

# For a benchmark against the running stack: the stack is up, the build current; sets BENCH_CP (the
# bench classpath) and BENCH_OUT (its results file, the machine header already written).
bench_on_stack() { # name
  kindred_status >/dev/null || die "the stack is not running: bin/kindred up"
  build_services
  BENCH_CP="$KINDRED_ROOT/bench/target/classes:$(cat "$KINDRED_ROOT/bench/target/classpath.txt")"
  # Benchmarks that load users straight into the database key them as the services do (V15).
  export KINDRED_PRIVACY_MASTER_KEY="${KINDRED_PRIVACY_MASTER_KEY:-$(master_key "$KINDRED_STATE")}"
  mkdir -p "$KINDRED_ROOT/bench/results"
  BENCH_OUT="$KINDRED_ROOT/bench/results/$1-$(date -u +%Y%m%dT%H%M%S).md"
  bench_header | tee "$BENCH_OUT"
}

kindred_bench() {
  local name="${1:-}"; shift || true
  case "$name" in
    ""|list) echo "benchmarks: $BENCHES   (run one: bin/kindred bench NAME [options]; all in turn: bin/kindred bench all)" ;;
    all) local b; for b in $BENCHES; do log "=== bench $b"; kindred_bench "$b" || die "bench $b failed"; done ;;
    ingest) bench_ingest "$@" ;;
    embed) bench_embed "$@" ;;
    interests) bench_interests "$@" ;;
    quality) bench_quality "$@" ;;
    ann) bench_ann "$@" ;;
    serve) bench_serve "$@" ;;
    scale) bench_scale "$@" ;;
    *) die "unknown benchmark '$name'; known: $BENCHES" ;;
  esac
}

# events/s through POST /v1/events (batches of 500, 4 clients) next to a raw COPY of the same rows
# into a table shaped like events, in the same run, on the same PostgreSQL.
bench_ingest() {
  select_java
  local seconds=60
  [ "${1:-}" = "--seconds" ] && seconds=$2
  kindred_status >/dev/null || die "the stack is not running: bin/kindred up"
  build_services
  # shellcheck disable=SC1091
  . "$KINDRED_STATE/demo.env"
  local dir="$KINDRED_ROOT/bench/results"; mkdir -p "$dir"
  local csv; csv=$(mktemp /tmp/kindred-bench-XXXXXX.csv); chmod 644 "$csv"
  local cp="$KINDRED_ROOT/bench/target/classes:$(cat "$KINDRED_ROOT/bench/target/classpath.txt")"
  bench_header
  # The worker projects what ingest stores on the same 2 cores: say whether it ran and how far it got.
  local worker=stopped; pid_alive "$KINDRED_STATE/run/interest-worker.pid" && worker=running
  local behind_before; behind_before=$(interest_backlog)
  log "POST /v1/events for ${seconds}s (batches of 500, 4 clients); the interest worker is $worker, $behind_before events behind"
  local api; api=$(java -cp "$cp" dev.kindred.bench.IngestBench --ingest "http://127.0.0.1:$INGEST_PORT" \
      --key "$KINDRED_DEMO_INGEST_KEY" --tenant "$KINDRED_DEMO_TENANT" --seconds "$seconds" --csv "$csv" | tail -1)
  echo "$api"
  local behind_after; behind_after=$(interest_backlog)
  local rows; rows=$(wc -l < "$csv")
  pg_psql "$KINDRED_STATE/pg" "$PG_PORT" kindred -c "DROP TABLE IF EXISTS bench_copy" \
    -c "CREATE TABLE bench_copy (LIKE events INCLUDING DEFAULTS)" \
    -c "ALTER TABLE bench_copy ADD PRIMARY KEY (seq)" \
    -c "CREATE INDEX ON bench_copy (tenant_id, stream_key, seq)" -c "CREATE INDEX ON bench_copy (tx_id, seq)" \
    -c "CREATE INDEX ON bench_copy (tenant_id, type, seq)"
  log "COPY of the same $rows rows"
  local t0 t1; t0=$(date +%s.%N)
  pg_psql "$KINDRED_STATE/pg" "$PG_PORT" kindred \
    -c "\\copy bench_copy (tenant_id, stream_key, event_id, type, item_id, payload, occurred_at) FROM '$csv' CSV"
  t1=$(date +%s.%N)
  pg_psql "$KINDRED_STATE/pg" "$PG_PORT" kindred -c "DROP TABLE bench_copy"
  rm -f "$csv"
  local eps copy ratio
  eps=$(echo "$api" | sed -n 's/.*api_events_per_s=\([0-9.]*\).*/\1/p')
  copy=$(awk -v r="$rows" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f", r/(b-a)}')
  ratio=$(awk -v e="$eps" -v c="$copy" 'BEGIN{printf "%.3f", e/c}')
  printf '\n| path | rows | rows/s |\n|---|---|---|\n| POST /v1/events (batch 500, 4 clients) | %s | %s |\n| COPY, same rows, same table shape | %s | %s |\n\n' \
    "$rows" "$eps" "$rows" "$copy" | tee "$dir/ingest-$(date -u +%Y%m%dT%H%M%S).md"
  local projected=$(( rows + behind_before - behind_after ))
  printf 'interest worker %s during the run: projected %s events, %s behind at the end\n\n' "$worker" "$projected" "$behind_after"
  echo "ingest events_per_s=$eps copy_rows_per_s=$copy ratio=$ratio worker=$worker worker_projected=$projected worker_backlog_after=$behind_after"
}

# Events the interest-profile projection has not reached yet: the worker's own measure of lag (V28, after
# its slowest partition's checkpoint in the order subscriptions read the log). With a cap (V31), counts at
# most that many: a poll for "drained yet?" reads one row, not the backlog it waits for.
interest_backlog() { # [cap]
  pg_psql "$KINDRED_STATE/pg" "$PG_PORT" kindred -c "SELECT coalesce(sum(events), 0) FROM measure_subscription_lag(
      ARRAY(SELECT name FROM subscription_checkpoints WHERE name LIKE 'interest-profiles/%'), ${1:-NULL})" | tail -1
}

# texts/s through EmbeddingModel next to raw ONNX Runtime on the same model, in-process (no stack needed).
bench_embed() {
  select_java
  mkdir -p "$KINDRED_STATE"
  build_services
  local dir="$KINDRED_ROOT/bench/results"; mkdir -p "$dir"
  local cp="$KINDRED_ROOT/bench/target/classes:$(cat "$KINDRED_ROOT/bench/target/classpath.txt")"
  bench_header
  log "embedding throughput for batch sizes 1, 8, 32, 128 and single-query latency (about 2 minutes)"
  java -Xmx2g -cp "$cp" dev.kindred.bench.EmbedBench "${1:-1024}" | tee "$dir/embed-$(date -u +%Y%m%dT%H%M%S).md"
}

# Interest recovery on simulated users (in-process, the worker's code) and profile freshness on the
# running stack under a steady event stream.
bench_interests() {
  select_java
  local users=1000 knobs=() backlog=300000
  while [ $# -gt 0 ]; do
    case "$1" in
      --users) users=$2; shift 2 ;;
      --backlog) backlog=$2; shift 2 ;;
      --noise|--overlap|--drift) knobs+=("-D${1#--}=$2"); shift 2 ;;
      *) die "usage: bin/kindred bench interests [--users N] [--backlog 300000] [--noise 0.1] [--overlap 0] [--drift 0.3]" ;;
    esac
  done
  kindred_status >/dev/null || die "the stack is not running: bin/kindred up"
  build_services
  # shellcheck disable=SC1091
  . "$KINDRED_STATE/demo.env"
  # The freshness probe finds its users' profiles by pseudonym, keyed as the services key them (V15).
  export KINDRED_PRIVACY_MASTER_KEY="${KINDRED_PRIVACY_MASTER_KEY:-$(master_key "$KINDRED_STATE")}"
  local dir="$KINDRED_ROOT/bench/results"; mkdir -p "$dir"
  local out; out="$dir/interests-$(date -u +%Y%m%dT%H%M%S).md"
  local cp="$KINDRED_ROOT/bench/target/classes:$(cat "$KINDRED_ROOT/bench/target/classpath.txt")"
  { bench_header
    echo "interest recovery: $users simulated users, 2,400 generated items (categories withheld), in-process"
  } | tee "$out"
  local rec fresh
  rec=$(java -Xmx2g "${knobs[@]}" -cp "$cp" dev.kindred.bench.InterestRecovery "$users" 2>/dev/null | tee -a "$out" | tail -1)
  local rate
  for rate in 300 1000; do
    log "freshness: $((rate * 10)) view events at $rate/s through POST /v1/events on the running stack (after a warm-up)"
    fresh=$(java -cp "$cp" dev.kindred.bench.InterestFreshness --ingest "http://127.0.0.1:$INGEST_PORT" \
        --key "$KINDRED_DEMO_INGEST_KEY" --tenant "$KINDRED_DEMO_TENANT" --rate "$rate" --events $((rate * 10)) \
        --jdbc "jdbc:postgresql://127.0.0.1:$PG_PORT/kindred" --dbuser kindred --dbpassword kindred 2>/dev/null \
        | tee -a "$out" | tail -1)
  done
  local f1 f5 fs p50 p99
  f1=$(echo "$rec" | sed -n 's/.* f1=\([0-9.]*\).*/\1/p'); f5=$(echo "$rec" | sed -n 's/.*f1_5events=\([0-9.]*\).*/\1/p')
  fs=$(echo "$rec" | sed -n 's/.*f1_stated=\([0-9.]*\).*/\1/p')
  p50=$(echo "$fresh" | sed -n 's/.*freshness_p50_ms=\([0-9.]*\).*/\1/p'); p99=$(echo "$fresh" | sed -n 's/.*freshness_p99_ms=\([0-9.]*\).*/\1/p')
  local catchup=-1
  [ "$backlog" -gt 0 ] && catchup=$(projection_catchup "$backlog" "$cp" | tee -a "$out" | tail -1)
  echo "interests f1=$f1 f1_5events=$f5 f1_stated=$fs freshness_p50_ms=$p50 freshness_p99_ms=$p99 projection_events_per_s=$catchup" \
    | tee -a "$out"
}

# The interest projection's catch-up rate: with the worker stopped, N view events of 20,000 users go in
# through the API; the worker starts and the time until its interest partitions have applied them all
# (the other projections catch up beside it, as after any outage) gives events/s. Prints the rate last.
projection_catchup() { # events classpath
  local n=$1 cp=$2
  stop_pidfile "$KINDRED_STATE/run/interest-worker.pid"
  local before; before=$(interest_backlog)
  log "catch-up: $n events into the demo tenant with the worker stopped ($before behind before)"
  local csv; csv=$(mktemp /tmp/kindred-bench-XXXXXX.csv)
  java -cp "$cp" dev.kindred.bench.IngestBench --ingest "http://127.0.0.1:$INGEST_PORT" --key "$KINDRED_DEMO_INGEST_KEY" \
    --tenant "$KINDRED_DEMO_TENANT" --seconds 600 --events "$n" --csv "$csv" | tail -1
  rm -f "$csv"
  local start_backlog; start_backlog=$(interest_backlog)
  start_service interest-worker
  local t0; t0=$(date +%s.%N)
  local left=$start_backlog
  while [ "$left" -gt 0 ]; do
    sleep 1; left=$(interest_backlog 1)
    awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{exit !(b-a > 3600)}' && die "the backlog was not drained within an hour ($left left)"
  done
  local t1; t1=$(date +%s.%N)
  echo "catch-up: $start_backlog events applied by the interest projection in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f", b-a}') s (worker start included)"
  awk -v n="$start_backlog" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f\n", n/(b-a)}'
}

# Offline quality: leave-one-out, full ranking, Kindred next to Popularity, ItemKNN and embedding
# nearest neighbours on one split, in-process (no stack needed). Without --dataset: the three
# public datasets of ../shared/data when present.
bench_quality() {
  select_java
  mkdir -p "$KINDRED_STATE"
  build_services
  local cp="$KINDRED_ROOT/bench/target/classes:$(cat "$KINDRED_ROOT/bench/target/classpath.txt")"
  local dir="$KINDRED_ROOT/bench/results"; mkdir -p "$dir"
  local runs=()
  if [ $# -gt 0 ]; then
    runs=("$*")
  else
    local shared="$KINDRED_ROOT/../shared/data"
    [ -d "$shared" ] || die "no --dataset given and $shared is absent: bin/kindred bench quality --dataset DIR --format FORMAT"
    runs=("--dataset $shared/lastfm-hetrec2011 --format s3rec" "--dataset $shared/movielens-100k --format movielens-100k"
          "--dataset $shared/amazon-scientific-2018 --format amazon-json")
  fi
  bench_header
  local r out summaries=()
  out=$(mktemp /tmp/kindred-quality-XXXXXX)
  for r in "${runs[@]}"; do
    log "quality $r"
    # shellcheck disable=SC2086
    java -Xmx6g --add-modules jdk.incubator.vector -Djava.awt.headless=true -cp "$cp" dev.kindred.bench.quality.QualityBench $r --out "$dir" \
        2> >(grep --line-buffered -v -E '^(WARNING|SLF4J)' >&2) | tee "$out"
    summaries+=("$(tail -1 "$out")")
  done
  rm -f "$out"
  printf '%s\n' "${summaries[@]}"
}

# pgvector HNSW recall@10 and QPS at a few ef_search values next to exact search and Lucene's HNSW,
# same vectors and queries, one run, on the running stack's PostgreSQL.
bench_ann() {
  select_java
  local args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --sizes|--data|--queries|--ef) args+=("$1" "$2"); shift 2 ;;
      *) die "usage: bin/kindred bench ann [--sizes 100000,1000000] [--data clustered,random] [--queries 1000] [--ef 20,40,80,160,320]" ;;
    esac
  done
  bench_on_stack ann
  java -Xmx8g --add-modules jdk.incubator.vector -cp "$BENCH_CP" dev.kindred.bench.ann.AnnBench "${args[@]}" \
      --jdbc "jdbc:postgresql://127.0.0.1:$PG_PORT/kindred" 2> >(grep --line-buffered -v -E '^(WARNING|SLF4J)' >&2) | tee -a "$BENCH_OUT"
}

# Open-loop home-feed load on a simulated tenant (100k items, 50k profiled users by default, loaded
# once straight into PostgreSQL) of the running stack, then the bare pgvector top-10 floor.
bench_serve() {
  select_java
  local args=() kill=yes
  while [ $# -gt 0 ]; do
    case "$1" in
      --items|--users|--rps|--seconds|--rates|--sweep-seconds) args+=("$1" "$2"); shift 2 ;;
      --sweep) args+=("--sweep" "true"); shift ;;
      --no-kill) kill=no; shift ;;
      *) die "usage: bin/kindred bench serve [--items 100000] [--users 50000] [--rps 200] [--seconds 60] [--sweep [--rates 100,200,...] [--sweep-seconds 20]] [--no-kill]" ;;
    esac
  done
  bench_on_stack serve
  # Last, the bench kills recommend (SIGKILL) under load to count the impressions a crash loses; it is started again here.
  [ "$kill" = yes ] && args+=("--kill-pid" "$(cat "$KINDRED_STATE/run/recommend.pid")")
  local rc=0
  java -Xmx4g --add-modules jdk.incubator.vector -cp "$BENCH_CP" dev.kindred.bench.serve.ServeBench "${args[@]}" --keycloak "http://127.0.0.1:$KC_PORT" \
      --control "http://127.0.0.1:$CONTROL_PORT" --recommend "http://127.0.0.1:$RECOMMEND_PORT" --ingest "http://127.0.0.1:$INGEST_PORT" \
      --jdbc "jdbc:postgresql://127.0.0.1:$PG_PORT/kindred" 2> >(grep --line-buffered -v -E '^(WARNING|SLF4J)' >&2) | tee -a "$BENCH_OUT" || rc=$?
  if [ "$kill" = yes ]; then
    start_service recommend
    wait_http "http://127.0.0.1:$RECOMMEND_PORT/q/health/ready" 120 recommend || die "recommend did not come back after the bench"
  fi
  return "$rc"
}

# Ingest and projection throughput of the Kafka event log (1 and 2 ingest instances; 1, 2 and 4
# worker instances, each a separate JVM) next to the PostgreSQL-only path, on the running stack's
# PostgreSQL and Keycloak and a bench-private Kafka broker. The stack's own worker is stopped for
# the run (the bench starts its own) and started again after it.
bench_scale() {
  select_java
  [ "${KINDRED_EVENTLOG:-postgres}" = postgres ] || die "bench scale compares both paths: run it on a stack started without KINDRED_EVENTLOG=kafka"
  bench_on_stack scale
  ensure_kafka
  local kdir="$KINDRED_STATE/kafka-bench" kport kcport rc=0
  kport=$(free_port); kcport=$(free_port)
  rm -rf "$kdir"
  kafka_start "$kdir" "$kport" "$kcport"
  kafka_wait "$kdir" "$kport" || die "the bench's Kafka did not start"
  log "bench Kafka on 127.0.0.1:$kport; stopping the stack's worker for the run"
  stop_pidfile "$KINDRED_STATE/run/interest-worker.pid"
  KINDRED_DB_PORT="$PG_PORT" KINDRED_KEYCLOAK_URL="http://127.0.0.1:$KC_PORT" \
    java -cp "$BENCH_CP" dev.kindred.bench.scale.ScaleBench --keycloak "http://127.0.0.1:$KC_PORT" \
      --control "http://127.0.0.1:$CONTROL_PORT" --ingest "http://127.0.0.1:$INGEST_PORT" \
      --jdbc "jdbc:postgresql://127.0.0.1:$PG_PORT/kindred" --kafka "127.0.0.1:$kport" \
      --ingest-jar "$(service_jar ingest)" --worker-jar "$(service_jar interest-worker)" \
      --logs "$KINDRED_STATE/logs/bench-scale" "$@" | tee -a "$BENCH_OUT" || rc=$?
  kafka_stop "$kdir"
  rm -rf "$kdir"
  start_service interest-worker
  log "results: $BENCH_OUT"
  return $rc
}
