#!/usr/bin/env bash
# Builds the sideloadable Teams app package: manifest/build/pmobot.zip with manifest.json, color.png and
# outline.png at the root of the zip.
#
#   ./scripts/build-manifest.sh [BOT_ID] [BOT_DOMAIN]
#
# Inputs (arguments win over environment variables):
#   BOT_ID        required; the bot's Microsoft Entra app (client) id, a GUID.
#   BOT_DOMAIN    host name the bot is reached on (dev tunnel or App Service host), no scheme or path.
#                 Default: localhost (enough to try the app; use the public host for a real tenant).
#   TEAMS_APP_ID  the Teams app id, a GUID. Default: a name-based (version 5) GUID derived from BOT_ID, so
#                 rebuilding for the same bot updates the same Teams app and another bot gets another app.
#   OUTPUT_ZIP    where to write the zip. Default: manifest/build/pmobot.zip (git-ignored). Tests point
#                 this at a temporary folder so they never write into the checkout.
#
# Placeholders: manifest/manifest.json keeps ${{TEAMS_APP_ID}}, ${{BOT_ID}} and ${{BOT_DOMAIN}} (the Agents
# Toolkit syntax), so the committed file alone does not pass the schema's GUID patterns. This script replaces
# each literal ${{NAME}} token with its value (plain text replacement; every value is checked first against a
# GUID or host-name pattern, so none can break the JSON) and validates the RESULT with
# tools/validate-manifest.mjs, which also rejects any placeholder left over. The tests validate the committed
# manifest the same way: substitute sample values, then validate.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
manifest_dir="$repo_root/manifest"
validator="$repo_root/tools/validate-manifest.mjs"

die() {
  echo "build-manifest: $*" >&2
  exit 1
}

usage() {
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

case "${1:-}" in
  -h | --help) usage ;;
esac
[[ $# -le 2 ]] || die "too many arguments (expected [BOT_ID] [BOT_DOMAIN]); see --help"

guid_pattern='^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$'
host_pattern='^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$'

bot_id="${1:-${BOT_ID:-}}"
bot_domain="${2:-${BOT_DOMAIN:-localhost}}"
teams_app_id="${TEAMS_APP_ID:-}"
output_zip="${OUTPUT_ZIP:-$manifest_dir/build/pmobot.zip}"

[[ -n "$bot_id" ]] || die "BOT_ID is required: pass the bot's Entra app (client) id as the first argument or set BOT_ID"
[[ "$bot_id" =~ $guid_pattern ]] || die "BOT_ID '$bot_id' is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"
[[ "$bot_domain" =~ $host_pattern ]] || die "BOT_DOMAIN '$bot_domain' is not a host name (give e.g. pmobot.azurewebsites.net, without https:// or a path)"
command -v node >/dev/null || die "node is required (it runs tools/validate-manifest.mjs)"
[[ -d "$repo_root/tools/node_modules/@microsoft/app-manifest" ]] || die "tools/node_modules is missing: run 'npm ci' in tools/"

bot_id="${bot_id,,}"
if [[ -z "$teams_app_id" ]]; then
  # RFC 4122 version 5 GUID of "pmobot-teams-app:<bot id>" in the URL namespace: stable for a given bot.
  teams_app_id="$(node -e '
    const h = require("crypto").createHash("sha1")
      .update(Buffer.from("6ba7b8119dad11d180b400c04fd430c8", "hex"))
      .update("pmobot-teams-app:" + process.argv[1]).digest();
    h[6] = (h[6] & 0x0f) | 0x50; h[8] = (h[8] & 0x3f) | 0x80;
    const x = h.subarray(0, 16).toString("hex");
    console.log([x.slice(0, 8), x.slice(8, 12), x.slice(12, 16), x.slice(16, 20), x.slice(20)].join("-"));
  ' "$bot_id")"
  app_id_source="derived from BOT_ID"
else
  [[ "$teams_app_id" =~ $guid_pattern ]] || die "TEAMS_APP_ID '$teams_app_id' is not a GUID"
  teams_app_id="${teams_app_id,,}"
  app_id_source="from TEAMS_APP_ID"
fi

echo "build-manifest: BOT_ID=$bot_id"
echo "build-manifest: BOT_DOMAIN=$bot_domain"
echo "build-manifest: TEAMS_APP_ID=$teams_app_id ($app_id_source)"

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT

manifest="$(<"$manifest_dir/manifest.json")"
manifest="${manifest//'${{TEAMS_APP_ID}}'/"$teams_app_id"}"
manifest="${manifest//'${{BOT_ID}}'/"$bot_id"}"
manifest="${manifest//'${{BOT_DOMAIN}}'/"$bot_domain"}"
printf '%s\n' "$manifest" >"$staging/manifest.json"
cp "$manifest_dir/color.png" "$manifest_dir/outline.png" "$staging/"

node "$validator" "$staging/manifest.json" || die "the substituted manifest is not valid (errors above)"

mkdir -p "$(dirname "$output_zip")"
output_zip="$(cd "$(dirname "$output_zip")" && pwd)/$(basename "$output_zip")"
rm -f "$output_zip"
if command -v zip >/dev/null; then
  (cd "$staging" && zip -q -X "$output_zip" manifest.json color.png outline.png)
else
  python3 - "$staging" "$output_zip" <<'PY'
import os, sys, zipfile
staging, output = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as z:
    for name in ("manifest.json", "color.png", "outline.png"):
        z.write(os.path.join(staging, name), name)
PY
fi

echo "build-manifest: wrote $output_zip"
