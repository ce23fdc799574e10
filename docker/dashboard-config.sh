#!/bin/sh
# Writes the dashboard's runtime config (config.json, read by the app at start) from the environment.
# The nginx image runs it at every container start (/docker-entrypoint.d/), so changing EXPLORER_URL or
# BACKEND_URL needs a restart, not a rebuild. tools/smoke/nginx.ts runs it too (DASHBOARD_CONFIG_FILE).
#   BACKEND_URL   base URL of the API; empty (default) = the dashboard's own origin, through this nginx
#   EXPLORER_URL  block explorer for links (default https://amoy.polygonscan.com); empty = no links
set -eu

out="${DASHBOARD_CONFIG_FILE:-/usr/share/nginx/html/config.json}"

# A JSON string: backslashes and quotes escaped; a control character is refused, not written broken.
json_string() {
  if [ "$(printf '%s' "$2" | tr -d '[:cntrl:]')" != "$2" ]; then
    echo "dashboard-config: $1 contains a control character" >&2
    exit 1
  fi
  printf '"%s"' "$(printf '%s' "$2" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

backend=$(json_string BACKEND_URL "${BACKEND_URL:-}")
explorer=$(json_string EXPLORER_URL "${EXPLORER_URL-https://amoy.polygonscan.com}")
printf '{ "backendUrl": %s, "explorerUrl": %s }\n' "$backend" "$explorer" >"$out"
printf 'dashboard-config: wrote %s: %s\n' "$out" "$(cat "$out")"
