#!/usr/bin/env bash
# Removes what a local stack deployed: its containers (pulumi destroy), its images in the
# loopback registry (tags, indexes and the per-arch manifests they point at), and its state
# with the history and backups that hold its encrypted secrets, and this machine's copy of its
# stack file (encryption salt and secrets).
# Keeps, unless --volumes: the persistent volumes of its services (Docker named volumes labelled
# with the app), which `pulumi destroy` leaves in place by default; --volumes removes them.
# Keeps, unless --all: the build cache (the registry's cache-* tags and BuildKit's cache, so the
# next build is fast), the base images (slow to make: minutes under QEMU), and the engine's
# pulled images. --all removes those too and garbage-collects the registry.
# Usage: sudo scripts/destroy-local.sh [--stack NAME] [--volumes] [--all]   (default stack: local)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STACK=local
ALL=false
VOLUMES=false
while [ $# -gt 0 ]; do
  case "$1" in
    --stack) STACK="$2"; shift 2 ;;
    --all) ALL=true; shift ;;
    --volumes) VOLUMES=true; shift ;;
    *) echo "usage: $0 [--stack NAME] [--volumes] [--all]" >&2; exit 2 ;;
  esac
done
# shellcheck source=/dev/null
. "$ROOT/scripts/local-env.sh"
COPY="$CACHE/stack/Pulumi.$STACK.yaml"
cd "$ROOT"
STATE="$CACHE/state/.pulumi"
if [ -f "$COPY" ] && pulumi stack select "$STACK" >/dev/null 2>&1; then
  p() { pulumi "$@" --stack "$STACK" --non-interactive; }
  app=$(p config get crossarch:app --config-file "$COPY")
  images=$(p config get crossarch:images --config-file "$COPY" | node -e 'let t="";process.stdin.on("data",d=>t+=d).on("end",()=>console.log(Object.keys(JSON.parse(t)).join(" ")))')
  echo "== containers (pulumi destroy)"
  p destroy --yes --config-file "$COPY"
  echo "== images in the loopback registry"
  repos=()
  for image in $images; do repos+=("$app/$image"); done
  node "$ROOT/scripts/local-stack-tool.mjs" registry-clean "${repos[@]}" $($ALL && echo --all)
  kept=$(/usr/bin/docker volume ls -q --filter "label=dev.crossarch.app=$app")
  if $VOLUMES && [ -n "$kept" ]; then
    echo "== persistent volumes (--volumes): the data is gone"
    # shellcheck disable=SC2086
    /usr/bin/docker volume rm $kept >/dev/null
  elif [ -n "$kept" ]; then
    echo "kept: the persistent volumes $(echo $kept) (their data); --volumes removes them"
  fi
  echo "== state, its history and backups (they hold the stack's encrypted secrets)"
  p stack rm --yes --preserve-config >/dev/null
else
  echo "no stack $STACK in $CACHE/state: nothing deployed to remove"
fi
rm -rf "$STATE/history/crossarch/$STACK" "$STATE/backups/crossarch/$STACK" "$STATE/locks/organization/crossarch/$STACK" "$COPY"
if $ALL; then
  echo "== caches (--all): registry garbage collection, BuildKit's cache, the engine's images"
  pkill -f "docker-registry serve" || true
  /usr/bin/docker-registry garbage-collect "$CACHE/registry/config.yml" >/dev/null # blobs of the deleted manifests
  bash "$ROOT/scripts/bootstrap.sh" >/dev/null # starts the registry again (and checks the rest)
  buildctl --addr "unix:///run/crossarch-buildkit/buildkitd.sock" prune --all >/dev/null
  /usr/bin/docker image prune --all --force >/dev/null
  echo "kept: the base images in the registry (crossarch/node-base, crossarch/node-build): scripts/bootstrap.sh would spend minutes making them again"
else
  echo "kept: the build cache (cache-* tags, BuildKit), the base images and the engine's pulled images; --all removes them"
fi
