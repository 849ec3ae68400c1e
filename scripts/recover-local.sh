#!/usr/bin/env bash
# Recovers a local stack after an interrupted `pulumi up` (a killed CLI, a closed terminal, a
# reboot): stops what the dead CLI left running for this project, removes the stack's stale
# lock, drops pending operations, refreshes state from the Docker engine, and removes the
# stack's containers that state does not know. Then run scripts/up-local.sh again.
# Usage: sudo scripts/recover-local.sh [stack]   (default: local)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=/dev/null
. "$ROOT/scripts/local-env.sh"
STACK="${1:-local}"
COPY="$CACHE/stack/Pulumi.$STACK.yaml"
[ -f "$COPY" ] || { echo "no stack $STACK on this machine ($COPY is missing)" >&2; exit 1; }
cd "$ROOT"
p() { pulumi "$@" --stack "$STACK" --non-interactive; }

# 1. A pulumi command still running on this stack holds a real lock: leave it alone.
if pgrep -f "(^|/)pulumi (up|preview|refresh|destroy|update) .*--stack $STACK( |\$)" >/dev/null; then
  echo "a pulumi command is still running on stack $STACK; wait for it or stop it first" >&2
  exit 1
fi
# 2. What the killed CLI started for this project (language host, providers, policy analyzer) and left behind.
for pid in $(pgrep -f "pulumi-language-nodejs|cmd/dynamic-provider|pulumi-resource-|run-policy-pack" || true); do
  [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$ROOT" ] || [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$ROOT/infra" ] || continue
  echo "stopping $(tr '\0' ' ' <"/proc/$pid/cmdline" | cut -c1-100) (pid $pid, left by the interrupted run)"
  kill "$pid" 2>/dev/null || true
done
# 3. The stale lock (the file backend keeps one file per running update).
rm -f "$CACHE/state/.pulumi/locks/organization/crossarch/$STACK/"*.json "$CACHE/state/.pulumi/locks/organization/crossarch/$STACK/"*.json.attrs
# 4. Operations the engine started but never finished.
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
p stack export --file "$tmp"
node "$ROOT/scripts/local-stack-tool.mjs" drop-pending "$tmp"
p stack import --file "$tmp" >/dev/null
# 5. State as the engine sees it now (a missing container leaves state; a stopped one is marked).
p refresh --yes --config-file "$COPY" >/dev/null
# 6. This stack's containers that state does not know (a create or swap the kill cut short).
p stack export --file "$tmp"
app=$(p config get crossarch:app --config-file "$COPY")
known=$(node "$ROOT/scripts/local-stack-tool.mjs" state-names "$tmp")
for name in $(/usr/bin/docker ps -a --filter "label=dev.crossarch.app=$app" --format '{{.Names}}'); do
  if ! grep -qx "$name" <<<"$known"; then
    echo "removing container $name (not in state)"
    /usr/bin/docker rm -f "$name" >/dev/null
  fi
done
echo "stack $STACK recovered: no lock, no pending operations, no container state does not know. Next: scripts/up-local.sh"
