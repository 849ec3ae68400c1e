#!/usr/bin/env bash
# The cloud stacks (dev, prod) through the real Pulumi engine and the policy pack, against the
# stand-in providers (standins/, built by the bootstrap) on a state backend of their own:
# preview, up, a second up with 0 changes, secrets not in plaintext in the exported state,
# replacements, destroy. No cloud account is used or reachable.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
(cd "$ROOT" && npm ci --prefix policy --no-audit --no-fund --loglevel=error && npm run --silent build) # the program imports the built components
bash "$ROOT/scripts/bootstrap.sh"
# shellcheck source=/dev/null
. "$ROOT/scripts/standin-env.sh"
cd "$ROOT"
for stack in dev prod; do
  prepare_stack "$ROOT" "$stack" "$CACHE/stack/Pulumi.$stack.yaml" "Pulumi.$stack.yaml"
done
umask 022
npx vitest run -c vitest.e2e.config.mts test/e2e/cloud-stacks.e2e.test.ts
