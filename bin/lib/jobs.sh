# Worker jobs queued from the command line (the worker claims them; progress is read from the jobs table).

# bin/kindred reembed [--tenant SLUG] [--force]: (re-)embed a tenant's items.
kindred_reembed() {
  local slug="" force=false
  while [ $# -gt 0 ]; do
    case "$1" in
      --tenant) slug=$2; shift 2 ;;
      --force) force=true; shift ;;
      *) die "usage: bin/kindred reembed [--tenant SLUG] [--force]" ;;
    esac
  done
  run_job "$slug" embed "{\"force\": $force}" "items embedded"
}

# bin/kindred replay [--tenant SLUG] [--from SEQ]: rebuild a tenant's interest profiles from the event
# log into build tables and swap them in (serving reads the old ones until then).
kindred_replay() {
  local slug="" from=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --tenant) slug=$2; shift 2 ;;
      --from) from=$2; shift 2 ;;
      *) die "usage: bin/kindred replay [--tenant SLUG] [--from SEQ]" ;;
    esac
  done
  [[ "$from" =~ ^[0-9]+$ ]] || die "--from takes an event sequence number, not '$from'"
  run_job "$slug" replay "{\"from\": $from}" "events replayed"
}

# bin/kindred recluster [--tenant SLUG] [--k N]: group a tenant's catalogue into item clusters (the
# areas exploration walks between); the exploration record starts afresh.
kindred_recluster() {
  local slug="" params="{}"
  while [ $# -gt 0 ]; do
    case "$1" in
      --tenant) slug=$2; shift 2 ;;
      --k) [[ "$2" =~ ^[0-9]+$ ]] || die "--k takes a number"; params="{\"k\": $2}"; shift 2 ;;
      *) die "usage: bin/kindred recluster [--tenant SLUG] [--k N]" ;;
    esac
  done
  run_job "$slug" cluster-items "$params" "items clustered"
}

# bin/kindred train-ranker [--tenant SLUG] [--days N]: train a LambdaMART ranker from the tenant's
# logged impressions and what users did with them; promoted only if it validates better.
kindred_train_ranker() {
  local slug="" days=30
  while [ $# -gt 0 ]; do
    case "$1" in
      --tenant) slug=$2; shift 2 ;;
      --days) [[ "$2" =~ ^[0-9]+$ ]] || die "--days takes a number"; days=$2; shift 2 ;;
      *) die "usage: bin/kindred train-ranker [--tenant SLUG] [--days 30]" ;;
    esac
  done
  run_job "$slug" train-ranker "{\"days\": $days}" "ranker trained"
}

# bin/kindred train-sequence [--tenant SLUG] [--days N] [--max-epochs N]: train a SASRec sequence model
# on users' item sequences; promoted only if it ranks held-out next items better than what serves now.
kindred_train_sequence() {
  local slug="" days=180 epochs=200
  while [ $# -gt 0 ]; do
    case "$1" in
      --tenant) slug=$2; shift 2 ;;
      --days) [[ "$2" =~ ^[0-9]+$ ]] || die "--days takes a number"; days=$2; shift 2 ;;
      --max-epochs) [[ "$2" =~ ^[0-9]+$ ]] || die "--max-epochs takes a number"; epochs=$2; shift 2 ;;
      *) die "usage: bin/kindred train-sequence [--tenant SLUG] [--days 180] [--max-epochs 200]" ;;
    esac
  done
  if [ -z "$slug" ] && [ -f "$KINDRED_STATE/demo.env" ]; then
    # shellcheck disable=SC1091
    . "$KINDRED_STATE/demo.env"; slug=$KINDRED_DEMO_TENANT_SLUG
  fi
  run_job "$slug" train-sequence "{\"days\": $days, \"maxEpochs\": $epochs}" "epochs"
  pg_psql "$KINDRED_STATE/pg" "$PG_PORT" kindred -c "SELECT format('sequence model v%s: %s users, %s epochs in %s s, \
validation NDCG@10 %s vs %s (%s): %s', m.version, m.users, m.epochs, round(m.train_ms / 1000.0, 1), round(m.ndcg::numeric, 4), \
round(m.baseline_ndcg::numeric, 4), m.baseline, CASE WHEN m.promoted THEN 'promoted' ELSE 'not promoted' END) \
FROM sequence_models m JOIN tenants t ON t.id = m.tenant_id WHERE t.slug = '${slug//\'/}' \
AND m.trained_at > now() - interval '1 day' ORDER BY m.version DESC LIMIT 1" >&2
}

# bin/kindred purge [--tenant SLUG]: apply the tenant's retention now (behaviour older than its
# retentionDays deleted, consent records kept; a replay re-derives the profiles). The worker also
# does this for every tenant every kindred.worker.retention-interval-minutes.
kindred_purge() {
  local slug=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --tenant) slug=$2; shift 2 ;;
      *) die "usage: bin/kindred purge [--tenant SLUG]" ;;
    esac
  done
  run_job "$slug" retention "{}" "expired events deleted"
}

# queue_job TENANT_ID KIND PARAMS_JSON: queue a job for the worker; prints its id.
queue_job() {
  pg_psql "$KINDRED_STATE/pg" "$PG_PORT" kindred -c "INSERT INTO jobs (id, tenant_id, kind, status, params)
        VALUES (gen_random_uuid(), '$1', '$2', 'PENDING', '$3') RETURNING id"
}

# run_job SLUG KIND PARAMS_JSON WHAT: queue a job for the tenant (the demo tenant without a slug),
# show a progress bar until it ends.
run_job() {
  local slug=$1 kind=$2 params=$3 what=$4
  kindred_status >/dev/null || die "the stack is not running: bin/kindred up"
  if [ -z "$slug" ]; then
    # shellcheck disable=SC1091
    . "$KINDRED_STATE/demo.env"; slug=$KINDRED_DEMO_TENANT_SLUG
  fi
  local tenant job
  tenant=$(pg_psql "$KINDRED_STATE/pg" "$PG_PORT" kindred -c "SELECT id FROM tenants WHERE slug = '${slug//\'/}'")
  [ -n "$tenant" ] || die "no tenant with slug '$slug'"
  job=$(queue_job "$tenant" "$kind" "$params")
  log "$kind job $job queued for tenant '$slug' (GET /v1/jobs/$job shows it too)"
  local status processed total
  while :; do
    IFS='|' read -r status processed total < <(pg_psql "$KINDRED_STATE/pg" "$PG_PORT" kindred \
      -c "SELECT status, processed, coalesce(total, 0) FROM jobs WHERE id = '$job'")
    progress_bar "$processed" "$total" "$what ($status)"
    case "$status" in
      COMPLETED)
        echo >&2
        local said
        said=$(pg_psql "$KINDRED_STATE/pg" "$PG_PORT" kindred \
          -c "SELECT string_agg(e->>'detail', '; ') FROM jobs, jsonb_array_elements(errors) e WHERE id = '$job'")
        if [ -n "$said" ]; then log "done ($processed processed): $said"; else log "done: $processed $what"; fi
        return 0 ;;
      FAILED) echo >&2; die "the job failed: $(pg_psql "$KINDRED_STATE/pg" "$PG_PORT" kindred -c "SELECT errors FROM jobs WHERE id = '$job'")" ;;
    esac
    sleep 1
  done
}
