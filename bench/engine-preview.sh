#!/usr/bin/env bash
# Real-engine preview (issue 18): `pulumi preview` of the dev stack against the stand-in
# providers, against the exact graph crossarch registers for it (bench/graph-record.ts) replayed
# as a flat program (bench/engine-replay/) previewed by the same CLI, engine and plugins. Both
# from an empty stack on a state backend of their own; alternated rounds after a warm-up each;
# wall time and the peak memory of the CLI plus the Node.js program (and of the providers);
# then both stacks up, and the same again for a preview with nothing changed.
# Usage: sudo bash bench/engine-preview.sh [rounds]   (needs scripts/bootstrap.sh once)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS="${1:-5}"
(cd "$ROOT" && npm run --silent build) # the program imports the built components
# shellcheck source=/dev/null
. "$ROOT/scripts/standin-env.sh"
export PULUMI_BACKEND_URL="file://$CACHE/bench-state"
mkdir -p "$CACHE/bench-state"
work=$(mktemp -d)
endpoint=""
trap '[ -z "$endpoint" ] || kill "$endpoint"; rm -rf "$work"' EXIT

# ACR's token endpoint, stood in on loopback (the program's exchange posts there during an up)
node "$ROOT/test/e2e/acr-token-endpoint.mjs" "$work/port" "$work/exchanges.jsonl" &
endpoint=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
export CROSSARCH_ACR_EXCHANGE_URL="http://127.0.0.1:$(cat "$work/port")/oauth2/exchange"

# crossarch's dev stack, with the secrets a user sets (stand-in values)
DEV="$CACHE/stack/Pulumi.dev-bench.yaml"
prepare_stack "$ROOT" dev-bench "$DEV" Pulumi.dev.yaml
for key in ocirAuthToken dbPassword; do
  (cd "$ROOT" && printf 'bench-%s' "$key" | pulumi config set --secret --stack dev-bench --config-file "$DEV" "crossarch:$key")
done

# the replay: the graph crossarch registers for that stack, as mocks record it
REPLAY_DIR="$ROOT/bench/engine-replay"
REPLAY="$CACHE/stack/Pulumi.replay-bench.yaml"
echo 'config: {}' >"$work/no-config.yaml"
prepare_stack "$REPLAY_DIR" replay-bench "$REPLAY" "$work/no-config.yaml"
(cd "$ROOT" && npx tsx bench/graph-record.ts dev "$work/graph.json" 2>/dev/null)

cd "$ROOT"
CROSSARCH_REPLAY_GRAPH="$work/graph.json" npx tsx bench/engine-preview.ts "$ROUNDS" \
  "$ROOT" dev-bench "$DEV" "$REPLAY_DIR" replay-bench "$REPLAY"
