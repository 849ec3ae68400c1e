#!/usr/bin/env bash
# The end-to-end test of the local stack with the real engine, on its own stack (local-e2e,
# app crossarch-e2e, ports from 19080) so it never touches a developer's `local` stack.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
(cd "$ROOT" && npm ci --prefix policy --no-audit --no-fund --loglevel=error && npm run --silent build) # the program imports the built components
# shellcheck source=/dev/null
. "$ROOT/scripts/local-env.sh"
export CROSSARCH_E2E_STACK=local-e2e
export CROSSARCH_E2E_CONFIG="$CACHE/stack/Pulumi.local-e2e.yaml"
cd "$ROOT"
prepare_stack "$ROOT" "$CROSSARCH_E2E_STACK" "$CROSSARCH_E2E_CONFIG"
set_registry_secret "$ROOT" "$CROSSARCH_E2E_STACK" "$CROSSARCH_E2E_CONFIG"
run() { pulumi "$@" --stack "$CROSSARCH_E2E_STACK" --config-file "$CROSSARCH_E2E_CONFIG"; }
run config set crossarch:app crossarch-e2e
run config set --path crossarch:targets.local.basePort 19080
umask 022
npx vitest run -c vitest.e2e.config.mts test/e2e/local-stack.e2e.test.ts
