#!/usr/bin/env bash
# The second machine the hosts target is tested against (scripts/test-host.sh), end to end: up,
# SSH with a pinned host key, its own Docker engine, names that resolve on its network, a
# dockerd restart, its isolation, and down. Run as root after scripts/bootstrap.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
# shellcheck source=/dev/null
. "$ROOT/scripts/local-env.sh"
cd "$ROOT"
npx vitest run -c vitest.e2e.config.mts test/e2e/test-host.e2e.test.ts
