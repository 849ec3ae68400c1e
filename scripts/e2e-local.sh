#!/usr/bin/env bash
# The end-to-end tests of the local target with the real engine, on stacks of their own so they
# never touch a developer's `local` stack: the local stack (local-e2e, app crossarch-e2e, ports
# from 19080), then a three-service system (local-system-e2e, app crossarch-system, from 19280).
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

# A three-service system (web -> api -> store) on its own stack, with a store password set as
# a secret the way the README says.
export CROSSARCH_SYSTEM_STACK=local-system-e2e
export CROSSARCH_SYSTEM_CONFIG="$CACHE/stack/Pulumi.local-system-e2e.yaml"
prepare_stack "$ROOT" "$CROSSARCH_SYSTEM_STACK" "$CROSSARCH_SYSTEM_CONFIG" test/e2e/system.stack.yaml
set_registry_secret "$ROOT" "$CROSSARCH_SYSTEM_STACK" "$CROSSARCH_SYSTEM_CONFIG"
CROSSARCH_SYSTEM_PASSWORD="$(openssl rand -hex 16)"
export CROSSARCH_SYSTEM_PASSWORD
printf '%s' "$CROSSARCH_SYSTEM_PASSWORD" |
  pulumi config set --secret --stack "$CROSSARCH_SYSTEM_STACK" --config-file "$CROSSARCH_SYSTEM_CONFIG" crossarch:storePassword
npx vitest run -c vitest.e2e.config.mts test/e2e/local-system.e2e.test.ts

# An image-only (release) stack: two variants x two arches published to the release registry
# with its own login, the password set as a secret from its 0600 file on standard input.
export CROSSARCH_RELEASE_STACK=release-e2e
export CROSSARCH_RELEASE_CONFIG="$CACHE/stack/Pulumi.release-e2e.yaml"
prepare_stack "$ROOT" "$CROSSARCH_RELEASE_STACK" "$CROSSARCH_RELEASE_CONFIG" test/e2e/release.stack.yaml
pulumi config set --secret --stack "$CROSSARCH_RELEASE_STACK" --config-file "$CROSSARCH_RELEASE_CONFIG" \
  crossarch:releaseRegistryPassword <"$CROSSARCH_RELEASE_REGISTRY_PASSWORD_FILE"
npx vitest run -c vitest.e2e.config.mts test/e2e/release-stack.e2e.test.ts

# A compose project imported as a user would (npm run import -- compose) and deployed as it comes
# out; its one secret set as the import says, from a random value on standard input.
export CROSSARCH_COMPOSE_STACK=compose-e2e
export CROSSARCH_COMPOSE_CONFIG="$CACHE/stack/Pulumi.compose-e2e.yaml"
npm run -s import -- compose test/fixtures/compose/sample-app/docker-compose.yml --stack compose-e2e --base-port 19880 \
  --out "$CACHE/stack/compose-e2e.imported.yaml" >"$CACHE/stack/compose-e2e.import.log"
prepare_stack "$ROOT" "$CROSSARCH_COMPOSE_STACK" "$CROSSARCH_COMPOSE_CONFIG" "$CACHE/stack/compose-e2e.imported.yaml"
set_registry_secret "$ROOT" "$CROSSARCH_COMPOSE_STACK" "$CROSSARCH_COMPOSE_CONFIG"
openssl rand -hex 16 | tr -d '\n' |
  pulumi config set --secret --stack "$CROSSARCH_COMPOSE_STACK" --config-file "$CROSSARCH_COMPOSE_CONFIG" crossarch:storePassword
npx vitest run -c vitest.e2e.config.mts test/e2e/compose-import.e2e.test.ts
