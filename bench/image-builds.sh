#!/usr/bin/env bash
# Image builds of the sample workload with the BuildKit daemon the bootstrap starts, all in one
# run: cold (no cache) and warm (nothing changed) for each arch, the arm64/amd64 build-time ratio
# of app/Dockerfile ($BUILDPLATFORM stage) against a naive single-stage Dockerfile built under
# emulation, and the final image size per arch. Run as root after scripts/bootstrap.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=/dev/null
. "$ROOT/scripts/local-env.sh"
. "$ROOT/scripts/bootstrap/common.sh"
. "$ROOT/scripts/bootstrap/base-images.sh"
ADDR="unix://$BUILDKIT_SOCK"
REG="$CROSSARCH_REGISTRY"

# A build image for both arches (the naive Dockerfile needs npm on the target arch).
if ! image_exists crossarch/node-build-multi bookworm; then
  d="$CACHE/base-images/build-multi"
  mkdir -p "$d"
  rootfs amd64 nodejs,npm,ca-certificates "$d/rootfs-amd64.tar" --customize-hook='for c in /usr/local/share/ca-certificates/*.crt; do [ -e "$c" ] && cp "$c" "$1/usr/local/share/ca-certificates/"; done; true' --customize-hook='chroot "$1" update-ca-certificates >/dev/null 2>&1 || true'
  rootfs arm64 nodejs,npm,ca-certificates "$d/rootfs-arm64.tar" --customize-hook='for c in /usr/local/share/ca-certificates/*.crt; do [ -e "$c" ] && cp "$c" "$1/usr/local/share/ca-certificates/"; done; true' --customize-hook='chroot "$1" update-ca-certificates >/dev/null 2>&1 || true'
  push_rootfs_image crossarch/node-build-multi:bookworm linux/amd64,linux/arm64 "$d"
fi

# build DOCKERFILE ARCH CACHE(yes|no) TARGET BUILD_IMAGE NAME -> seconds
build() {
  local file="$1" arch="$2" cache="$3" start
  start=$(date +%s.%N)
  DOCKER_CONFIG="$CACHE/docker-config" buildctl --addr "$ADDR" build --frontend dockerfile.v0 \
    --local context="$ROOT/app" --local dockerfile="$(dirname "$file")" --opt filename="$(basename "$file")" \
    --opt platform="linux/$arch" --opt target="$4" \
    --opt build-arg:BUILD_IMAGE="$5" --opt build-arg:BASE_IMAGE="$REG/crossarch/node-base:bookworm" \
    $([ "$cache" = no ] && echo --no-cache) --output "type=image,name=$REG/bench/$6-$arch,push=true" >/tmp/bench-build.log 2>&1 ||
    { tail -20 /tmp/bench-build.log >&2; exit 1; }
  awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { print a - b }'
}

APP="$ROOT/app/Dockerfile"
NAIVE="$ROOT/bench/naive.Dockerfile"
echo "| Dockerfile | arch | cold s | warm (no change) s |"
echo "|---|---|---|---|"
declare -A cold
for arch in amd64 arm64; do
  c=$(build "$APP" "$arch" no runtime "$REG/crossarch/node-build:bookworm" app)
  w=$(build "$APP" "$arch" yes runtime "$REG/crossarch/node-build:bookworm" app)
  cold[app-$arch]=$c
  printf '| app/Dockerfile ($BUILDPLATFORM stage) | %s | %.1f | %.1f |\n' "$arch" "$c" "$w"
done
for arch in amd64 arm64; do
  c=$(build "$NAIVE" "$arch" no "" "$REG/crossarch/node-build-multi:bookworm" naive)
  w=$(build "$NAIVE" "$arch" yes "" "$REG/crossarch/node-build-multi:bookworm" naive)
  cold[naive-$arch]=$c
  printf '| bench/naive.Dockerfile (single stage, emulated) | %s | %.1f | %.1f |\n' "$arch" "$c" "$w"
done
awk -v a="${cold[app-arm64]}" -v b="${cold[app-amd64]}" -v c="${cold[naive-arm64]}" -v d="${cold[naive-amd64]}" \
  'BEGIN { printf "\narm64/amd64 cold build-time ratio: app/Dockerfile %.2f, naive %.2f\n", a / b, c / d }'

# Final image size per arch: the compressed layers of the pushed manifest.
auth="crossarch:$(cat "$CROSSARCH_REGISTRY_PASSWORD_FILE")"
echo
for image in app naive; do for arch in amd64 arm64; do
  bytes=$(curl -s -u "$auth" -H 'Accept: application/vnd.oci.image.manifest.v1+json' -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "https://$REG/v2/bench/$image-$arch/manifests/latest" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const m=JSON.parse(s);console.log(m.layers.reduce((a,l)=>a+l.size,0))})')
  awk -v i="$image" -v a="$arch" -v b="$bytes" 'BEGIN { printf "final image %s %s: %.1f MB compressed layers\n", i, a, b / 1e6 }'
done; done
