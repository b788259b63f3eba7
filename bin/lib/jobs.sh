# bin/kindred reembed [--tenant SLUG] [--force] — queue an embedding backfill and follow its progress.
kindred_reembed() {
  local slug="" force=false
  while [ $# -gt 0 ]; do
    case "$1" in
      --tenant) slug=$2; shift 2 ;;
      --force) force=true; shift ;;
      *) die "usage: bin/kindred reembed [--tenant SLUG] [--force]" ;;
    esac
  done
  kindred_status >/dev/null || die "the stack is not running: bin/kindred up"
  if [ -z "$slug" ]; then
    # shellcheck disable=SC1091
    . "$KINDRED_STATE/demo.env"; slug=$KINDRED_DEMO_TENANT_SLUG
  fi
  local tenant job
  tenant=$(pg_psql "$KINDRED_STATE/pg" "$PG_PORT" kindred -c "SELECT id FROM tenants WHERE slug = '${slug//\'/}'")
  [ -n "$tenant" ] || die "no tenant with slug '$slug'"
  job=$(pg_psql "$KINDRED_STATE/pg" "$PG_PORT" kindred -c "INSERT INTO jobs (id, tenant_id, kind, status, params)
        VALUES (gen_random_uuid(), '$tenant', 'embed', 'PENDING', '{\"force\": $force}') RETURNING id")
  log "embedding job $job queued for tenant '$slug' (GET /v1/jobs/$job shows it too)"
  local status processed total
  while :; do
    IFS='|' read -r status processed total < <(pg_psql "$KINDRED_STATE/pg" "$PG_PORT" kindred \
      -c "SELECT status, processed, coalesce(total, 0) FROM jobs WHERE id = '$job'")
    progress_bar "$processed" "$total" "items ($status)"
    case "$status" in COMPLETED) echo >&2; log "done: $processed items embedded"; return 0 ;;
      FAILED) echo >&2; die "the job failed: $(pg_psql "$KINDRED_STATE/pg" "$PG_PORT" kindred -c "SELECT errors FROM jobs WHERE id = '$job'")" ;;
    esac
    sleep 1
  done
}
