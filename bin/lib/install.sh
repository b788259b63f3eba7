# Installs what is missing: PostgreSQL 15 + pgvector (built from Debian's source package), Keycloak.
APT_UPDATED=""
apt_install() {
  [ -n "$APT_UPDATED" ] || { as_root apt-get update -qq >/dev/null; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

pg_bindir() { echo /usr/lib/postgresql/15/bin; }

ensure_postgres() {
  if [ ! -x "$(pg_bindir)/postgres" ]; then
    log "installing PostgreSQL 15 (apt)"; apt_install postgresql-15 postgresql-client-15
  fi
  if [ ! -f /usr/share/postgresql/15/extension/vector.control ]; then ensure_pgvector; fi
}

# pgvector is not in bookworm's binaries: build trixie's source package against PostgreSQL 15.
ensure_pgvector() {
  log "building pgvector from Debian's source package"
  [ -x /usr/lib/postgresql/15/bin/pg_config ] && dpkg -s postgresql-server-dev-15 >/dev/null 2>&1 \
    || apt_install postgresql-server-dev-15 build-essential dpkg-dev
  local src=/etc/apt/sources.list.d/kindred-trixie-src.sources
  if ! grep -rqs 'trixie' /etc/apt/sources.list.d/ 2>/dev/null; then
    as_root tee "$src" >/dev/null <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    as_root apt-get update -qq >/dev/null; APT_UPDATED=1
  fi
  local work; work=$(mktemp -d)
  ( cd "$work" && apt-get source --download-only pgvector >/dev/null 2>&1 \
      && tar xzf pgvector_*.orig.tar.gz && cd pgvector-*/ \
      && make -s -j2 PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config >/dev/null 2>&1 \
      && as_root make -s install PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config >/dev/null ) \
    || die "pgvector build failed (see $work)"
  rm -rf "$work"
  [ -f /usr/share/postgresql/15/extension/vector.control ] || die "pgvector did not install"
}

keycloak_home() { echo "$KINDRED_CACHE/keycloak-$KEYCLOAK_VERSION"; }

ensure_keycloak() {
  local home; home=$(keycloak_home)
  if [ ! -x "$home/bin/kc.sh" ]; then
    log "installing Keycloak $KEYCLOAK_VERSION (Maven Central)"
    mkdir -p "$KINDRED_CACHE"
    ( cd "$KINDRED_CACHE" && mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -DoutputDirectory="$KINDRED_CACHE" \
        >/dev/null 2>&1 ) || die "could not fetch Keycloak from Maven Central"
    ( cd "$KINDRED_CACHE" && unzip -q -o "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" \
        && rm -f "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" )
    [ -d "$home" ] || die "Keycloak unpacked somewhere unexpected in $KINDRED_CACHE"
  fi
  if [ ! -f "$home/.kindred-built" ]; then
    log "building Keycloak for PostgreSQL (once)"
    "$home/bin/kc.sh" build --db=postgres --health-enabled=true >/dev/null 2>&1 || die "kc.sh build failed"
    touch "$home/.kindred-built"
  fi
}

ensure_chromium() {
  command -v chromium >/dev/null && command -v chromedriver >/dev/null && return 0
  log "installing Chromium and ChromeDriver (apt)"; apt_install chromium chromium-driver
}

ensure_node() {
  command -v node >/dev/null && return 0
  log "installing Node.js (apt)"; apt_install nodejs
}

kindred_install() {
  select_java
  ensure_postgres
  ensure_keycloak
  log "prerequisites installed"
}
