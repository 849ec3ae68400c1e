#!/usr/bin/env bash
# The inner loop (issue 18): change one line of the sample app, then time until both arches are
# healthy, with `pulumi up` of the local stack (its own stack, local-bench) against a plain script
# doing the same by hand (buildctl build and push of both platforms, pull and replace one
# container per arch with the same cpu and memory limits, wait for /healthz). Alternated, ROUNDS
# rounds (default 5), medians at the
# end. Run as root after scripts/bootstrap.sh; restores app/src/settings.ts when it ends.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS="${ROUNDS:-5}"
# shellcheck source=/dev/null
. "$ROOT/scripts/local-env.sh"
cd "$ROOT"
npm run --silent build
STACK=local-bench
COPY="$CACHE/stack/Pulumi.$STACK.yaml"
prepare_stack "$ROOT" "$STACK" "$COPY"
set_registry_secret "$ROOT" "$STACK" "$COPY"
p() { pulumi "$@" --stack "$STACK" --config-file "$COPY" --non-interactive; }
p config set crossarch:app crossarch-bench >/dev/null
p config set --path crossarch:targets.local.basePort 20080 >/dev/null
SETTINGS=app/src/settings.ts
cp "$SETTINGS" /tmp/inner-loop-settings.ts
cleanup() {
  cp /tmp/inner-loop-settings.ts "$SETTINGS"
  docker rm -f plain-amd64 plain-arm64 >/dev/null 2>&1 || true
}
trap cleanup EXIT
umask 022
edit() { cp /tmp/inner-loop-settings.ts "$SETTINGS" && printf 'export const BENCH_ROUND = "%s";\n' "$1" >>"$SETTINGS"; }
now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }
healthy() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/healthz")" = 200 ]; }
REF="$CROSSARCH_REGISTRY/crossarch-bench/plain-app"
plain() { # the same by hand: one multi-platform build and push, then one container per arch
  "$CACHE/bin/buildctl" --addr "unix:///run/crossarch-buildkit/buildkitd.sock" build --progress=quiet \
    --frontend dockerfile.v0 --local context=app --local dockerfile=app --opt target=runtime \
    --opt platform=linux/amd64,linux/arm64 --opt force-network-mode=host --allow network.host \
    --opt build-arg:BUILD_IMAGE="$CROSSARCH_REGISTRY/crossarch/node-build:bookworm" \
    --opt build-arg:BASE_IMAGE="$CROSSARCH_REGISTRY/crossarch/node-base:bookworm" \
    --output "type=image,name=$REF:$1,push=true" >/dev/null
  local port=20180 arch id
  for arch in amd64 arm64; do
    docker pull -q --platform "linux/$arch" "$REF:$1" >/dev/null
    id=$(docker image inspect -f '{{.Id}}' "$REF:$1")
    docker rm -f "plain-$arch" >/dev/null 2>&1 || true
    # the limits the local stack gives each replica (Pulumi.local.yaml: 0.5 vCPU, 256Mi), like with like
    docker run -d --name "plain-$arch" --platform "linux/$arch" --network host --user 10001:10001 --read-only --cpus 0.5 --memory 256m \
      -e HOST=127.0.0.1 -e PORT="$port" "$id" >/dev/null
    port=$((port + 10))
  done
  for _ in $(seq 1 120); do healthy 20180 && healthy 20190 && return 0; sleep 0.5; done
  echo "plain containers not healthy after 60 s" >&2
  return 1
}
# warm both paths once (first builds, first containers), then measure
edit warm-crossarch && p up --yes --skip-preview >/dev/null
edit warm-plain && plain warm
c=() pl=()
echo "| round | crossarch up s | plain script s |"
echo "|---|---|---|"
for i in $(seq 1 "$ROUNDS"); do
  edit "crossarch-$i"
  t=$(now) && p up --yes --skip-preview >/dev/null && c+=("$(since "$t")")
  edit "plain-$i"
  t=$(now) && plain "r$i" && pl+=("$(since "$t")")
  echo "| $i | ${c[-1]} | ${pl[-1]} |"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
mc=$(median "${c[@]}") mp=$(median "${pl[@]}")
echo "| **median** | **$mc** | **$mp** |"
awk -v a="$mc" -v b="$mp" 'BEGIN { printf "crossarch / plain: %.2f\n", a / b }'
edit "crossarch-$ROUNDS" # the source crossarch deployed last: nothing to change
t=$(now) && p up --yes --skip-preview --expect-no-changes >/dev/null && echo "no-op up: $(since "$t") s, no changes"
p destroy --yes >/dev/null
