#!/usr/bin/env bash
# Removes everything the local stack created: containers, pushed images, state.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=/dev/null
. "$ROOT/scripts/local-env.sh"
cd "$ROOT"
pulumi destroy --yes --stack local --config-file "$CROSSARCH_STACK_CONFIG" "$@"
