# Shared helpers: paths, Java selection, logging, ports.
KINDRED_STATE="${KINDRED_STATE:-$KINDRED_ROOT/.kindred}"          # runtime state of 'up' (git-ignored)
KINDRED_CACHE="${KINDRED_CACHE:-$HOME/.cache/kindred}"            # installed software, shared by clones
KEYCLOAK_VERSION="26.5.6"
PGVECTOR_MIN="0.8"

log()  { printf '\033[1;34m[kindred]\033[0m %s\n' "$*" >&2; }
die()  { printf '\033[1;31m[kindred] error:\033[0m %s\n' "$*" >&2; exit 1; }

select_java() {
  if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  fi
  if [ -n "${JAVA_HOME:-}" ]; then export PATH="$JAVA_HOME/bin:$PATH"; fi
  command -v java >/dev/null || die "no JDK found: install a JDK 21+ (Temurin 25 preferred)"
  local v; v=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')
  [ "${v%%.*}" -ge 21 ] 2>/dev/null || die "JDK 21+ required, found $v (set JAVA_HOME)"
  command -v mvn >/dev/null || die "Maven is required (apt-get install maven)"
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Runs a command as the PostgreSQL OS user (initdb refuses to run as root), from / (that user may not
# enter the current directory: a clone under /root).
as_pg() { if [ "$(id -u)" = 0 ]; then ( cd / && runuser -u postgres -- "$@" ); else "$@"; fi; }

free_port() {
  python3 - <<'PY' 2>/dev/null || shuf -i 20000-40000 -n 1
import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()
PY
}

wait_http() { # url timeout_s name
  local url=$1 t=$2 name=$3 i=0
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    i=$((i+1)); [ $i -ge $((t*2)) ] && { log "$name did not become healthy at $url within ${t}s"; return 1; }
    sleep 0.5
  done
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

progress_bar() { # done total label — one line, redrawn in place
  local done=$1 total=$2 label=$3 width=30 filled pct
  [ "$total" -gt 0 ] || total=1
  filled=$((done * width / total)); [ $filled -gt $width ] && filled=$width
  pct=$((done * 100 / total))
  printf '\r[kindred] [%s%s] %3d%% %s/%s %s' "$(printf '%*s' "$filled" '' | tr ' ' '#')" \
    "$(printf '%*s' $((width - filled)) '' | tr ' ' '.')" "$pct" "$done" "$total" "$label" >&2
}
