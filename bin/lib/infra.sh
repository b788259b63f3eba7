# bin/kindred check-infra: validates infra/terraform without a Terraform binary (HCL parse, canonical
# format, module graph, pinned providers) with HashiCorp's HCL libraries from npm (infra/check).
kindred_check_infra() {
  ensure_node
  local dir="$KINDRED_ROOT/infra/check"
  if [ ! -d "$dir/node_modules/@cdktf/hcl2json" ] || [ ! -d "$dir/node_modules/@cdktf/hcl-tools" ]; then
    log "installing the HCL tools (npm ci in infra/check)"
    ( cd "$dir" && npm ci --no-audit --no-fund --loglevel=error ) || die "npm ci failed in infra/check"
  fi
  ( cd "$dir" && node check-infra.mjs ../terraform "$@" ) || return 1
  ( cd "$dir" && node --test test/ >/dev/null ) || { ( cd "$dir" && node --test test/ ) ; return 1; }
  log "infra/terraform: parsed, formatted, module graph and pins checked; the checker's own tests pass"
}
