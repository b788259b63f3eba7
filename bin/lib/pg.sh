# A private PostgreSQL 15 cluster (data dir + port) with pgvector, the Kindred roles and databases.
PG_BIN=/usr/lib/postgresql/15/bin

pg_psql() { # dir port db sql...
  local dir=$1 port=$2 db=$3; shift 3
  "$PG_BIN/psql" -h "$dir/run" -p "$port" -U postgres -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"
}

# The cluster's directory as the postgres OS user reaches it. initdb and the server run as that user,
# who cannot enter a clone under a directory of mode 0700 (any clone under /root): the cluster then
# lives in /var/lib/kindred/<hash of the path>, and the clone's state keeps a link to it.
pg_home() { # dir
  local dir=$1
  if [ "$(id -u)" = 0 ] && [ ! -L "$dir" ] && [ ! -f "$dir/data/PG_VERSION" ] \
      && ! runuser -u postgres -- test -x "$(dirname "$dir")" 2>/dev/null; then
    local alt; alt="/var/lib/kindred/$(printf '%s' "$dir" | sha256sum | cut -c1-16)"
    mkdir -p "$alt"; chmod 755 /var/lib/kindred "$alt"
    if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
      die "the postgres OS user cannot enter $(dirname "$dir"), and $dir is not empty: move it away, or clone into a directory others can enter"
    fi
    rmdir "$dir" 2>/dev/null || true; mkdir -p "$(dirname "$dir")"; ln -s "$alt" "$dir"
    log "the postgres OS user cannot enter $(dirname "$dir"): the database lives in $alt (linked from $dir)"
  fi
  mkdir -p "$dir"
  readlink -f "$dir"
}

pg_init() { # dir port
  local dir; dir=$(pg_home "$1"); local port=$2
  [ -f "$dir/data/PG_VERSION" ] && return 0
  mkdir -p "$dir/data" "$dir/run"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
  as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >/dev/null || die "initdb failed in $dir"
  cat >> "$dir/data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/run'
max_connections = 200
shared_buffers = 512MB
work_mem = 16MB
maintenance_work_mem = 256MB
synchronous_commit = on
fsync = on
log_min_duration_statement = -1
# Projections rewrite profile rows at event rate: compress full-page images and checkpoint less often.
# lz4, not pglz ("on"): the same rewrite costs about half the CPU (issue 23: 55 -> 30 ms per 256 profiles).
wal_compression = lz4
default_toast_compression = lz4
max_wal_size = 2GB
checkpoint_timeout = 15min
CONF
}

pg_start() { # dir port
  local dir; dir=$(pg_home "$1"); local port=$2
  if as_pg "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then return 0; fi
  # Clusters initialised before lz4 was chosen (see pg_init) take it at their next start.
  sed -i 's/^wal_compression = on$/wal_compression = lz4\ndefault_toast_compression = lz4/' "$dir/data/postgresql.conf"
  as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null \
    || { tail -20 "$dir/postgres.log" >&2; die "PostgreSQL did not start on port $port"; }
}

# What a crash of the database host does: SIGKILL to the postmaster and every backend, no shutdown
# checkpoint; the next pg_start runs crash recovery from the WAL (the ingest crash test uses it).
pg_kill_hard() { # dir
  local dir; dir=$(pg_home "$1")
  local pid; pid=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null) || return 0
  kill -KILL $(pgrep -P "$pid") "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do pgrep -P "$pid" >/dev/null || kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
}

pg_stop() { # dir
  local dir; dir=$(readlink -f "$1")
  [ -f "$dir/data/postmaster.pid" ] || return 0
  as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

# Roles: kindred owns the schema and runs migrations; kindred_app is what services log in as and is
# bound by row-level security; keycloak owns Keycloak's own database.
pg_bootstrap() { # dir port
  local dir=$1 port=$2
  pg_psql "$dir" "$port" postgres <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kindred') THEN
    CREATE ROLE kindred LOGIN PASSWORD 'kindred' NOSUPERUSER NOBYPASSRLS; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kindred_app') THEN
    CREATE ROLE kindred_app LOGIN PASSWORD 'kindred_app' NOSUPERUSER NOBYPASSRLS; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keycloak') THEN
    CREATE ROLE keycloak LOGIN PASSWORD 'keycloak'; END IF;
END $$;
SQL
  [ "$(pg_psql "$dir" "$port" postgres -c "SELECT 1 FROM pg_database WHERE datname='kindred'")" = 1 ] \
    || pg_psql "$dir" "$port" postgres -c "CREATE DATABASE kindred OWNER kindred"
  [ "$(pg_psql "$dir" "$port" postgres -c "SELECT 1 FROM pg_database WHERE datname='keycloak'")" = 1 ] \
    || pg_psql "$dir" "$port" postgres -c "CREATE DATABASE keycloak OWNER keycloak"
  # pgvector is not a trusted extension: the superuser creates it once, migrations find it there.
  pg_psql "$dir" "$port" kindred -c "CREATE EXTENSION IF NOT EXISTS vector" \
    -c "GRANT USAGE ON SCHEMA public TO kindred_app"
}
