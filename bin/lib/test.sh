# bin/kindred test: throwaway PostgreSQL (+pgvector) and Keycloak on free loopback ports, then every
# module's tests against them. Nothing of 'up' is touched.
kindred_test() {
  select_java
  ensure_postgres
  ensure_keycloak
  ensure_chromium
  ensure_node
  local dir pgport kcport rc=0
  dir=$(mktemp -d /tmp/kindred-test.XXXXXX)
  chmod 755 "$dir"
  pgport=$(free_port); kcport=$(free_port)
  while [ "$kcport" = "$pgport" ] || [ "$((kcport + 1000))" = "$pgport" ]; do kcport=$(free_port); done
  trap "kc_stop '$dir'; pg_stop '$dir'; rm -rf '$dir'" EXIT
  log "test PostgreSQL on 127.0.0.1:$pgport, Keycloak on 127.0.0.1:$kcport ($dir)"
  pg_init "$dir" "$pgport"
  pg_start "$dir" "$pgport"
  pg_bootstrap "$dir" "$pgport"
  kc_start "$dir" "$kcport" "$pgport"
  kc_wait "$dir" "$kcport" || die "Keycloak did not start for the tests"
  export KINDRED_DB_PORT="$pgport" KINDRED_KEYCLOAK_URL="http://127.0.0.1:$kcport"
  export KINDRED_TEST_PG_SOCKET="$dir/run"
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
