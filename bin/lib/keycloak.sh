# Keycloak from Maven Central, on loopback, storing its data in the cluster's 'keycloak' database.
kc_start() { # state_dir http_port pg_port
  local dir=$1 port=$2 pgport=$3 home; home=$(keycloak_home)
  mkdir -p "$dir" "$home/data/import"
  # --import-realm reads the install's data/import; realms that already exist are left as they are.
  cp "$KINDRED_ROOT/infra/keycloak/kindred-realm.json" "$home/data/import/"
  if pid_alive "$dir/keycloak.pid"; then return 0; fi
  (
    export KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin
    export JAVA_OPTS_KC_HEAP="-Xms128m -Xmx768m"
    exec "$home/bin/kc.sh" start --optimized --http-enabled=true --http-host=127.0.0.1 --http-port="$port" \
      --http-management-port="$((port + 1000))" --hostname-strict=false \
      --db-url="jdbc:postgresql://127.0.0.1:$pgport/keycloak" --db-username=keycloak --db-password=keycloak \
      --import-realm >"$dir/keycloak.log" 2>&1
  ) &
  echo $! > "$dir/keycloak.pid"
}

kc_wait() { # state_dir http_port
  wait_http "http://127.0.0.1:$2/realms/kindred/.well-known/openid-configuration" 180 Keycloak \
    || { tail -30 "$1/keycloak.log" >&2; return 1; }
}

kc_stop() { # state_dir
  local pidf="$1/keycloak.pid"
  if pid_alive "$pidf"; then
    local pid; pid=$(cat "$pidf")
    pkill -TERM -P "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -f "$pidf"
}
