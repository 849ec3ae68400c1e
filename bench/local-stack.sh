#!/usr/bin/env bash
# The local stack with the real engine, in one run, on its own stack (local-bench, ports from
# 20080): `pulumi preview`, the first `up` (BuildKit's local cache pruned, the registry cache
# kept), and a no-op second `up` (must report zero changes), each split into time in image
# builds and time in the engine (from the engine's JSON event stream, whole seconds; a preview
# streams no events, so only its wall time is known). Run as root after scripts/bootstrap.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=/dev/null
. "$ROOT/scripts/local-env.sh"
STACK=local-bench
COPY="$CACHE/stack/Pulumi.$STACK.yaml"
cd "$ROOT"
prepare_stack "$ROOT" "$STACK" "$COPY"
p() { pulumi "$@" --stack "$STACK" --config-file "$COPY" --non-interactive; }
p config set crossarch:app crossarch-bench >/dev/null
p config set --path crossarch:targets.local.basePort 20080 >/dev/null
p destroy --yes >/dev/null
buildctl --addr "unix:///run/crossarch-buildkit/buildkitd.sock" prune --all >/dev/null
umask 022
POLICY="$ROOT/policy/analyzer"
measure() { # NAME ARGS...
  local name="$1" log="/tmp/bench-$1.events"
  shift
  rm -f "$log"
  local start end
  start=$(date +%s.%N)
  p "$@" --json >"$log" 2>"/tmp/bench-$name.out" || { tail -20 "$log" "/tmp/bench-$name.out"; exit 1; }
  end=$(date +%s.%N)
  node bench/event-times.mjs "$log" "$name" "$(awk -v a="$end" -v b="$start" 'BEGIN { print a - b }')"
}
echo "| step | wall s (CLI) | in image builds s | in the engine s |"
echo "|---|---|---|---|"
measure preview preview --policy-pack "$POLICY"
measure first-up up --yes --skip-preview --policy-pack "$POLICY"
measure noop-up up --yes --skip-preview --expect-no-changes
node -e 'const l=require("fs").readFileSync("/tmp/bench-noop-up.events","utf8").trim().split("\n").map(JSON.parse).find(e=>e.summaryEvent);console.log("no-op up:",JSON.stringify(l.summaryEvent.resourceChanges))'
p destroy --yes >/dev/null
