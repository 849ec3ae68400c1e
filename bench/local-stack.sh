#!/usr/bin/env bash
# The local stack with the real engine, in one run, on its own stack (local-bench, ports from
# 20080): `pulumi preview`, the first `up` (BuildKit's local cache pruned, the registry cache
# kept), and a no-op second `up` (must report zero changes), each split into time in image
# builds and the rest (from the engine's own log, `-v=7`). Run as root after scripts/bootstrap.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=/dev/null
. "$ROOT/scripts/local-env.sh"
(cd "$ROOT" && npm run --silent build)
STACK=local-bench
COPY="$CACHE/stack/Pulumi.$STACK.yaml"
cd "$ROOT"
prepare_stack "$ROOT" "$STACK" "$COPY"
set_registry_secret "$ROOT" "$STACK" "$COPY"
p() { pulumi "$@" --stack "$STACK" --config-file "$COPY" --non-interactive; }
p config set crossarch:app crossarch-bench >/dev/null
p config set --path crossarch:targets.local.basePort 20080 >/dev/null
p destroy --yes >/dev/null
buildctl --addr "unix:///run/crossarch-buildkit/buildkitd.sock" prune --all >/dev/null
umask 022
POLICY="$ROOT/policy/analyzer"
measure() { # NAME ARGS...
  local name="$1" log="/tmp/bench-$1.log"
  shift
  rm -f "$log"
  local start end
  start=$(date +%s.%N)
  p "$@" --logtostderr -v=7 >"/tmp/bench-$name.out" 2>"$log" || { tail -20 "/tmp/bench-$name.out"; exit 1; }
  end=$(date +%s.%N)
  node bench/event-times.mjs "$log" "$name" "$(awk -v a="$end" -v b="$start" 'BEGIN { print a - b }')"
}
echo "| step | wall s (CLI) | in image builds s | in the engine s |"
echo "|---|---|---|---|"
measure preview preview --policy-pack "$POLICY"
measure first-up up --yes --skip-preview --policy-pack "$POLICY"
measure noop-up up --yes --skip-preview --expect-no-changes
grep -E "^ +[0-9]+ (unchanged|to |created|updated|replaced)" /tmp/bench-noop-up.out | sed 's/^ */no-op up: /' || true
p destroy --yes >/dev/null
