# bin/kindred test: throwaway PostgreSQL (+pgvector) and Keycloak on free loopback ports, then every
# module's tests against them. Nothing of 'up' is touched.
kindred_test() {
  select_java
  ensure_postgres
  ensure_keycloak
  ensure_chromium
  ensure_node
  ensure_kafka
  local dir pgport kcport kport kcport2 rc=0
  dir=$(mktemp -d /tmp/kindred-test.XXXXXX)
  chmod 755 "$dir"
  pgport=$(free_port); kcport=$(free_port)
  while [ "$kcport" = "$pgport" ] || [ "$((kcport + 1000))" = "$pgport" ]; do kcport=$(free_port); done
  kport=$(free_port); kcport2=$(free_port)
  trap "kafka_stop '$dir'; kc_stop '$dir'; pg_stop '$dir'; rm -rf '$dir'" EXIT
  log "test PostgreSQL on 127.0.0.1:$pgport, Keycloak on 127.0.0.1:$kcport ($dir)"
  pg_init "$dir" "$pgport"
  pg_start "$dir" "$pgport"
  pg_bootstrap "$dir" "$pgport"
  kc_start "$dir" "$kcport" "$pgport"
  kafka_start "$dir" "$kport" "$kcport2"
  kc_wait "$dir" "$kcport" || die "Keycloak did not start for the tests"
  kafka_wait "$dir" "$kport" || die "Kafka did not start for the tests"
  log "test Kafka on 127.0.0.1:$kport (tests that run with kindred.eventlog=kafka use it)"
  export KINDRED_KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$kport"
  export KINDRED_DB_PORT="$pgport" KINDRED_KEYCLOAK_URL="http://127.0.0.1:$kcport"
  export KINDRED_TEST_PG_SOCKET="$dir/run" KINDRED_TEST_PG_DIR="$dir"
  export KINDRED_PRIVACY_MASTER_KEY; KINDRED_PRIVACY_MASTER_KEY=$(master_key "$dir")
  ( cd "$KINDRED_ROOT" && mvn -B -ntp verify "$@" ) || rc=$?
  # The browser SDK's unit tests (Node's own runner; its e2e test runs in Chromium above).
  if [ $# -eq 0 ] && [ $rc -eq 0 ]; then
    log "browser SDK unit tests (node --test sdk/js/test)"
    ( cd "$KINDRED_ROOT/sdk/js" && node --test test/ ) || rc=$?
    log "infrastructure as code (bin/kindred check-infra)"
    kindred_check_infra || rc=$?
  fi
  [ $rc -eq 0 ] && log "all tests passed" || log "tests failed (exit $rc)"
  return $rc
}
