# bin/kindred user-token USER [--ttl SECONDS]: an end-user token for the demo tenant, signed as a
# tenant's backend signs it (HS256 JWT with the user-token secret; kid = the key id, sub = USER).
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

kindred_user_token() {
  local user="" ttl=900
  while [ $# -gt 0 ]; do
    case "$1" in
      --ttl) ttl="$2"; shift 2 ;;
      -*) die "usage: bin/kindred user-token USER [--ttl SECONDS]" ;;
      *) user="$1"; shift ;;
    esac
  done
  [ -n "$user" ] || die "usage: bin/kindred user-token USER [--ttl SECONDS]"
  [ -f "$KINDRED_STATE/demo.env" ] || die "no demo tenant: run bin/kindred up first"
  # shellcheck disable=SC1091
  . "$KINDRED_STATE/demo.env"
  [ -n "${KINDRED_DEMO_USER_TOKEN_SECRET:-}" ] || die "the demo tenant has no user-token secret yet: run bin/kindred up"
  local secret="$KINDRED_DEMO_USER_TOKEN_SECRET" kid now header claims input sig
  kid="${secret%%.*}"
  now=$(date +%s)
  header=$(printf '{"alg":"HS256","typ":"JWT","kid":"%s"}' "$kid" | b64url)
  claims=$(python3 -c 'import json,sys; print(json.dumps({"sub": sys.argv[1], "iat": int(sys.argv[2]), "exp": int(sys.argv[2]) + int(sys.argv[3])}, separators=(",", ":")))' \
    "$user" "$now" "$ttl" | tr -d '\n' | b64url)
  input="$header.$claims"
  sig=$(printf '%s' "$input" | openssl dgst -sha256 -hmac "$secret" -binary | b64url)
  echo "$input.$sig"
}
