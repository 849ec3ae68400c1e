#!/usr/bin/env bash
# The main job: `pulumi up` of the local stack on this machine, installing whatever is missing
# first. Run as root on Debian 12: sudo scripts/up-local.sh [extra pulumi up flags]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
started=$(date +%s)
step() { printf '[up-local %s +%ss] %s\n' "$(date +%T)" "$(($(date +%s) - started))" "$*" >&2; }
step "npm ci and the components package"
# the program imports the components package as any user would: build it
(cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error && npm ci --prefix policy --no-audit --no-fund --loglevel=error && npm run --silent build)
step "bootstrap: tools, daemons, registry, base images"
bash "$ROOT/scripts/bootstrap.sh"
# shellcheck source=/dev/null
. "$ROOT/scripts/local-env.sh"
step "stack prepared, then pulumi up"
prepare_local_stack "$ROOT"
umask 022 # the build context hash includes file modes: keep them the same on every run
cd "$ROOT"
# --refresh: a replica stopped or removed outside Pulumi is seen and repaired
pulumi up --yes --refresh --stack local --config-file "$CROSSARCH_STACK_CONFIG" --policy-pack "$ROOT/policy/analyzer" "$@"
pulumi stack output --stack local urls
step "done"
