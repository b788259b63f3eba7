# bin/kindred up | down | status | env — the local stack on fixed loopback ports.
PG_PORT="${KINDRED_PG_PORT:-15432}"
KC_PORT="${KINDRED_KC_PORT:-18080}"
CONTROL_PORT="${KINDRED_CONTROL_PORT:-18081}"
INGEST_PORT="${KINDRED_INGEST_PORT:-18082}"
WORKER_PORT="${KINDRED_WORKER_PORT:-18083}"
RECOMMEND_PORT="${KINDRED_RECOMMEND_PORT:-18084}"
CONSOLE_PORT="${KINDRED_CONSOLE_PORT:-18085}"
KAFKA_PORT="${KINDRED_KAFKA_PORT:-19092}"   # and +1 for its KRaft controller; only with KINDRED_EVENTLOG=kafka
SERVICES="control ingest interest-worker recommend web-console"

service_port() {
  case $1 in control) echo "$CONTROL_PORT" ;; ingest) echo "$INGEST_PORT" ;; interest-worker) echo "$WORKER_PORT" ;;
    recommend) echo "$RECOMMEND_PORT" ;; web-console) echo "$CONSOLE_PORT" ;; esac
}

service_jar() {
  case $1 in web-console) echo "$KINDRED_ROOT/web-console/target/quarkus-app/quarkus-run.jar" ;;
    *) echo "$KINDRED_ROOT/services/$1/target/quarkus-app/quarkus-run.jar" ;; esac
}

build_services() {
  local stamp="$KINDRED_STATE/build.stamp"
  if [ -f "$stamp" ] && [ -z "$(find "$KINDRED_ROOT/pom.xml" "$KINDRED_ROOT/migrations" "$KINDRED_ROOT/services" "$KINDRED_ROOT/web-console" "$KINDRED_ROOT/bench" \
        -newer "$stamp" -type f -not -path '*/target/*' -not -path '*/bench/results/*' 2>/dev/null | head -1)" ]; then
    return 0
  fi
  log "building the services (mvn install -DskipTests)"
  ( cd "$KINDRED_ROOT" && mvn -B -q -ntp install -DskipTests ) || die "build failed"
  touch "$stamp"
}

# The platform key that wraps every tenant's key (crypto-shredding, V15): made once per state
# directory, readable by its owner only. In production it comes from a KMS / secret store.
master_key() { # state dir
  local f="$1/privacy-master.key"
  if [ ! -s "$f" ]; then
    mkdir -p "$1"; ( umask 077; head -c 32 /dev/urandom | base64 > "$f" )
  fi
  cat "$f"
}

start_service() { # name
  local name=$1 port; port=$(service_port "$1")
  local pidf="$KINDRED_STATE/run/$name.pid"
  pid_alive "$pidf" && return 0
  mkdir -p "$KINDRED_STATE/run" "$KINDRED_STATE/logs"
  KINDRED_DB_PORT="$PG_PORT" KINDRED_KEYCLOAK_URL="http://127.0.0.1:$KC_PORT" \
  KINDRED_PRIVACY_MASTER_KEY="${KINDRED_PRIVACY_MASTER_KEY:-$(master_key "$KINDRED_STATE")}" \
  KINDRED_CONSOLE_CONTROL_URL="http://127.0.0.1:$CONTROL_PORT" KINDRED_CONSOLE_INGEST_URL="http://127.0.0.1:$INGEST_PORT" \
  KINDRED_CONSOLE_RECOMMEND_URL="http://127.0.0.1:$RECOMMEND_PORT" \
    nohup java -Xmx512m --add-modules jdk.incubator.vector -Dquarkus.http.port="$port" -jar "$(service_jar "$name")" \
      >"$KINDRED_STATE/logs/$name.log" 2>&1 &
  echo $! > "$pidf"
}

stop_pidfile() { # pidfile
  if pid_alive "$1"; then
    local pid; pid=$(cat "$1"); kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

kindred_up() {
  select_java
  ensure_postgres
  ensure_keycloak
  mkdir -p "$KINDRED_STATE"
  log "PostgreSQL 15 + pgvector on 127.0.0.1:$PG_PORT"
  pg_init "$KINDRED_STATE/pg" "$PG_PORT"
  pg_start "$KINDRED_STATE/pg" "$PG_PORT"
  pg_bootstrap "$KINDRED_STATE/pg" "$PG_PORT"
  log "Keycloak on 127.0.0.1:$KC_PORT"
  kc_start "$KINDRED_STATE/keycloak" "$KC_PORT" "$PG_PORT"
  if [ "${KINDRED_EVENTLOG:-postgres}" = kafka ]; then
    ensure_kafka
    log "Kafka $KAFKA_VERSION (KRaft) on 127.0.0.1:$KAFKA_PORT: the event log (KINDRED_EVENTLOG=kafka)"
    kafka_start "$KINDRED_STATE/kafka" "$KAFKA_PORT" "$((KAFKA_PORT + 1))"
    kafka_wait "$KINDRED_STATE/kafka" "$KAFKA_PORT" || die "Kafka did not start (see $KINDRED_STATE/kafka/kafka.log)"
    export KINDRED_KAFKA_BOOTSTRAP_SERVERS="${KINDRED_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$KAFKA_PORT}"
  fi
  build_services
  kc_wait "$KINDRED_STATE/keycloak" "$KC_PORT" || die "Keycloak did not start (see $KINDRED_STATE/keycloak/keycloak.log)"
  # control first: it applies the migrations; then the others.
  for s in $SERVICES; do
    log "starting $s on 127.0.0.1:$(service_port "$s")"
    start_service "$s"
    wait_http "http://127.0.0.1:$(service_port "$s")/q/health/ready" 120 "$s" \
      || { tail -30 "$KINDRED_STATE/logs/$s.log" >&2; die "$s did not become ready"; }
  done
  seed_demo
  print_ready
}

# The worker embeds the demo catalogue asynchronously; show its progress until every item has a vector.
wait_item_vectors() {
  # shellcheck disable=SC1091
  . "$KINDRED_STATE/demo.env"
  local sql="SELECT count(*) FILTER (WHERE embedding IS NOT NULL) || ' ' || count(*) FROM items
             WHERE tenant_id = '$KINDRED_DEMO_TENANT' AND NOT removed"
  local done total deadline=$((SECONDS + 600))
  while :; do
    read -r done total < <(pg_psql "$KINDRED_STATE/pg" "$PG_PORT" kindred -c "$sql")
    progress_bar "$done" "$total" "demo items embedded"
    [ "$done" -ge "$total" ] && break
    [ $SECONDS -gt $deadline ] && { echo >&2; die "item embedding stalled (see $KINDRED_STATE/logs/interest-worker.log)"; }
    sleep 1
  done
  echo >&2
}

# Catalogue first, then (once every item has its vector, as for a real tenant) the behaviour.
seed_demo() {
  local phases="catalogue events"
  if [ -f "$KINDRED_STATE/demo.seeded" ]; then
    # State from before pseudonymisation (V15) holds the demo behaviour under raw user ids, which
    # no request resolves any more: send the behaviour again, through ingest, as a tenant would.
    if grep -q pseudonymous "$KINDRED_STATE/demo.seeded"; then
      grep -q KINDRED_DEMO_PUBLISHABLE_KEY "$KINDRED_STATE/demo.env" 2>/dev/null || phases="client-keys"
      [ "$phases" = "client-keys" ] || return 0
    fi
    if [ "$phases" != "client-keys" ]; then
      log "the demo behaviour predates pseudonymous user ids: seeding it again"
      phases="events"
    fi
  fi
  local cp="$KINDRED_ROOT/services/libs/simulator/target/classes"
  local deps; deps=$(cat "$KINDRED_ROOT/services/libs/simulator/target/classpath.txt" 2>/dev/null || true)
  local phase
  for phase in $phases; do
    log "seeding the demo tenant: $phase"
    java -cp "$cp:$deps" dev.kindred.simulator.demo.DemoSeeder --phase "$phase" \
      --keycloak "http://127.0.0.1:$KC_PORT" --control "http://127.0.0.1:$CONTROL_PORT" \
      --ingest "http://127.0.0.1:$INGEST_PORT" --out "$KINDRED_STATE/demo.env" \
      || die "demo seeding failed ($phase)"
    [ "$phase" = catalogue ] && wait_item_vectors
  done
  # Item clusters for exploration, computed by the worker in the background.
  # shellcheck disable=SC1091
  . "$KINDRED_STATE/demo.env"
  queue_job "$KINDRED_DEMO_TENANT" cluster-items '{}' >/dev/null
  echo "behaviour sent with pseudonymous user ids (V15)" > "$KINDRED_STATE/demo.seeded"
}

print_ready() {
  # shellcheck disable=SC1091
  . "$KINDRED_STATE/demo.env"
  cat <<MSG

Kindred is ready.
  web console   http://127.0.0.1:$CONSOLE_PORT   — log in as $KINDRED_DEMO_ADMIN_USER / $KINDRED_DEMO_ADMIN_PASSWORD (tenant admin of the demo tenant)
                then Users → $KINDRED_DEMO_USER, or straight to http://127.0.0.1:$CONSOLE_PORT/users/$KINDRED_DEMO_USER
  control API   http://127.0.0.1:$CONTROL_PORT   (OpenAPI: /q/openapi, Swagger UI: /q/swagger-ui)
  ingest API    http://127.0.0.1:$INGEST_PORT   (OpenAPI: /q/openapi, Swagger UI: /q/swagger-ui)
  worker        http://127.0.0.1:$WORKER_PORT/q/health   (item vectors, projections, jobs)
  recommend API http://127.0.0.1:$RECOMMEND_PORT   (OpenAPI: /q/openapi, Swagger UI: /q/swagger-ui)
  Keycloak      http://127.0.0.1:$KC_PORT/admin   (realm 'kindred')
  demo tenant   $KINDRED_DEMO_TENANT  — tenant admin login: $KINDRED_DEMO_ADMIN_USER / $KINDRED_DEMO_ADMIN_PASSWORD
  platform admin login: kindred-admin / kindred-admin

Send an event from your server (secret ingest key — never put it in a page):
  curl -sS -X POST http://127.0.0.1:$INGEST_PORT/v1/events -H "Authorization: Bearer $KINDRED_DEMO_INGEST_KEY" \\
       -H 'Content-Type: application/json' -d '{"type":"view","userId":"$KINDRED_DEMO_USER","itemId":"$KINDRED_DEMO_ITEM"}'

What a page may hold: the publishable key $KINDRED_DEMO_PUBLISHABLE_KEY — it tracks and reads for an
anonymous visitor, or for a logged-in user with the short-lived token your backend signs:
  TOKEN=\$(bin/kindred user-token $KINDRED_DEMO_USER)
  curl -sS "http://127.0.0.1:$RECOMMEND_PORT/v1/users/$KINDRED_DEMO_USER/recommendations?count=5" \\
       -H "Authorization: Bearer $KINDRED_DEMO_PUBLISHABLE_KEY" -H "X-Kindred-User-Token: \$TOKEN"

What Kindred understood about that user (interests in words, evidence, short-term interest):
  curl -sS http://127.0.0.1:$RECOMMEND_PORT/v1/users/$KINDRED_DEMO_USER/profile -H "Authorization: Bearer $KINDRED_DEMO_SERVE_KEY"

What Kindred recommends to that user, each item with its source and why (then similar items, trending):
  curl -sS "http://127.0.0.1:$RECOMMEND_PORT/v1/users/$KINDRED_DEMO_USER/recommendations?count=10" -H "Authorization: Bearer $KINDRED_DEMO_SERVE_KEY"
  curl -sS "http://127.0.0.1:$RECOMMEND_PORT/v1/items/$KINDRED_DEMO_ITEM/similar?userId=$KINDRED_DEMO_USER" -H "Authorization: Bearer $KINDRED_DEMO_SERVE_KEY"
  curl -sS "http://127.0.0.1:$RECOMMEND_PORT/v1/trending" -H "Authorization: Bearer $KINDRED_DEMO_SERVE_KEY"

Shell exports for scripts: eval "\$(bin/kindred env)"
MSG
}

kindred_down() {
  for s in $SERVICES; do stop_pidfile "$KINDRED_STATE/run/$s.pid"; done
  kc_stop "$KINDRED_STATE/keycloak"
  kafka_stop "$KINDRED_STATE/kafka"
  pg_stop "$KINDRED_STATE/pg"
  log "stopped"
}

kindred_status() {
  local ok=0
  if "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" >/dev/null 2>&1; then echo "postgres         up    127.0.0.1:$PG_PORT"
  else echo "postgres         DOWN  127.0.0.1:$PG_PORT"; ok=1; fi
  if curl -fsS -o /dev/null "http://127.0.0.1:$KC_PORT/realms/kindred" 2>/dev/null; then echo "keycloak         up    http://127.0.0.1:$KC_PORT"
  else echo "keycloak         DOWN  http://127.0.0.1:$KC_PORT"; ok=1; fi
  if pid_alive "$KINDRED_STATE/kafka/kafka.pid"; then echo "kafka            up    127.0.0.1:$KAFKA_PORT (the event log)"; fi
  for s in $SERVICES; do
    local p; p=$(service_port "$s")
    if curl -fsS -o /dev/null "http://127.0.0.1:$p/q/health/ready" 2>/dev/null; then printf '%-16s up    http://127.0.0.1:%s\n' "$s" "$p"
    else printf '%-16s DOWN  http://127.0.0.1:%s\n' "$s" "$p"; ok=1; fi
  done
  return $ok
}

kindred_env() {
  echo "export KINDRED_CONTROL_URL=http://127.0.0.1:$CONTROL_PORT"
  echo "export KINDRED_INGEST_URL=http://127.0.0.1:$INGEST_PORT"
  echo "export KINDRED_WORKER_URL=http://127.0.0.1:$WORKER_PORT"
  echo "export KINDRED_RECOMMEND_URL=http://127.0.0.1:$RECOMMEND_PORT"
  echo "export KINDRED_CONSOLE_URL=http://127.0.0.1:$CONSOLE_PORT"
  echo "export KINDRED_KEYCLOAK_URL=http://127.0.0.1:$KC_PORT"
  echo "export KINDRED_DB_PORT=$PG_PORT"
  if [ -f "$KINDRED_STATE/demo.env" ]; then sed 's/^/export /' "$KINDRED_STATE/demo.env"; fi
}
