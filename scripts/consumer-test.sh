#!/usr/bin/env bash
# Proof by consumption: the components packed as a tarball, installed into a new Pulumi
# TypeScript project made from nothing but the README's blocks (scripts/readme-block.mjs), whose
# program imports only @crossarch/components/aws (a second one builds an image and runs it on all
# three clouds). The programs are type-checked, run under mocks
# with Pulumi's own TypeScript runner, and previewed by the real engine (stand-in providers, the
# policy pack from a copy of policy/ alone, which also proves the pack's directory is
# self-contained). Then an off-grid size is refused with its property path.
# Run after scripts/bootstrap.sh (the CLI and the stand-ins).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK=$(mktemp -d /var/tmp/crossarch-consumer.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
step() { printf '[consumer %s] %s\n' "$(date +%T)" "$*"; }
block() { node "$ROOT/scripts/readme-block.mjs" "$1"; }

step "packing the components"
mkdir -p "$WORK/app"
(cd "$ROOT" && npm pack --workspace components --pack-destination "$WORK/app" --silent >/dev/null)
step "a new project from the README: $(ls "$WORK/app")"
cd "$WORK/app"
npm init -y >/dev/null
block Pulumi.yaml >Pulumi.yaml
block index.ts >index.ts
block every-target.ts >every-target.ts
while IFS= read -r line; do
  line="${line%%#*}" # a comment in the README's line
  [ -n "${line// /}" ] || continue
  step "README: $line"
  bash -c "$line --no-audit --no-fund --loglevel=error"
done < <(block install)

step "type check (tsc --noEmit, strict)"
npx tsc --noEmit --strict --esModuleInterop --skipLibCheck --target es2022 --module nodenext --moduleResolution nodenext --types node index.ts every-target.ts

step "under mocks, with Pulumi's own TypeScript runner"
cp "$ROOT/scripts/consumer-mocks.cjs" .
node consumer-mocks.cjs index.ts
node consumer-mocks.cjs every-target.ts

step "a copy of policy/ alone, as pulumi policy publish would upload it"
mkdir -p "$WORK/policy"
(cd "$ROOT" && git ls-files policy | sed 's|^policy/||' | (cd policy && xargs -I{} cp --parents {} "$WORK/policy/"))
(cd "$WORK/policy" && npm ci --no-audit --no-fund --loglevel=error && npx tsc --noEmit -p tsconfig.json)

step "pulumi preview with the real engine on the stand-in providers, with that policy pack"
# shellcheck source=/dev/null
. "$ROOT/scripts/standin-env.sh"
export PULUMI_BACKEND_URL="file://$WORK/state" PULUMI_CONFIG_PASSPHRASE=consumer-test
mkdir -p "$WORK/state"
pulumi stack init test --non-interactive >/dev/null
out=$(pulumi preview --stack test --non-interactive --color never --policy-pack "$WORK/policy/analyzer" 2>&1) || { echo "$out" >&2; exit 1; }
grep -q "aws:ecs:TaskDefinition" <<<"$out" || { echo "$out" >&2; echo "FAIL: the preview registered no task definition" >&2; exit 1; }
grep -q "crossarch@v0.1.0" <<<"$out" || { echo "$out" >&2; echo "FAIL: the policy pack did not run" >&2; exit 1; }
if grep -q "\[mandatory\]" <<<"$out"; then echo "$out" >&2; echo "FAIL: mandatory policy violation" >&2; exit 1; fi
step "$(grep -E '^\s+\+ [0-9]+ to create' <<<"$out" | xargs)"

step "an off-grid size passed to the component directly"
sed -i 's/size: { cpu: 0.25, memoryMiB: 512 }/size: { cpu: 0.75, memoryMiB: 512 }/' index.ts
if out=$(pulumi preview --stack test --non-interactive --color never 2>&1); then echo "FAIL: 0.75 vCPU was accepted" >&2; exit 1; fi
grep -q "services\[0\].size.cpu" <<<"$out" && grep -q "0.75 vCPU is not a Fargate task size" <<<"$out" || { echo "$out" >&2; echo "FAIL: the refusal did not name services[0].size.cpu" >&2; exit 1; }
step "refused: $(grep -o 'services\[0\].size.cpu[^;]*' <<<"$out" | head -1)"
echo "consumer: 1 passed, 0 failed"
