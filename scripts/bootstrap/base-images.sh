# Base images made from Debian packages (no public registry is reachable): a Node.js runtime
# base for amd64 and arm64 and an amd64 build image with npm, pushed to the loopback registry.
MIRRORS=("deb http://deb.debian.org/debian bookworm main" "deb http://deb.debian.org/debian bookworm-updates main" "deb http://deb.debian.org/debian-security bookworm-security main")
SLIM=(--variant=essential --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias'
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/lintian/*')

# curl's credentials come on stdin (--config -), so the password is never on a command line.
image_exists() {
  [ "$(printf 'user = "crossarch:%s"\n' "$(cat "$REGISTRY_DIR/password")" | curl -s --config - --cacert "$REGISTRY_DIR/ca.crt" --max-time 5 -o /dev/null -w '%{http_code}' \
    -H 'Accept: application/vnd.oci.image.index.v1+json' -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "https://$REGISTRY/v2/$1/manifests/$2")" = 200 ]
}

# rootfs ARCH PACKAGES OUT [HOOK...]
rootfs() {
  local arch="$1" packages="$2" out="$3"
  shift 3
  [ -s "$out" ] && return 0
  log "making a $arch root filesystem with $packages (mmdebstrap)"
  nice -n 5 mmdebstrap "${SLIM[@]}" --arch="$arch" --include="$packages" "$@" bookworm - "${MIRRORS[@]}" </dev/null |
    mmtarfilter --path-exclude='/dev/*' >"$out.tmp"
  mv "$out.tmp" "$out"
}

# push_rootfs_image REPO:TAG PLATFORMS DIR: FROM scratch + ADD rootfs-$TARGETARCH.tar, pushed as one index.
push_rootfs_image() {
  local ref="$1" platforms="$2" dir="$3"
  printf 'FROM scratch\nARG TARGETARCH\nADD rootfs-${TARGETARCH}.tar /\nCMD ["node"]\n' >"$dir/Dockerfile"
  DOCKER_CONFIG="$CACHE/docker-config" "$BIN/buildctl" --addr "unix://$BUILDKIT_SOCK" build --progress=plain \
    --frontend dockerfile.v0 --local context="$dir" --local dockerfile="$dir" --opt platform="$platforms" \
    --output "type=image,name=$REGISTRY/$ref,push=true" >"$dir/build.log" 2>&1 || die "pushing $ref failed: see $dir/build.log"
}

runtime_rootfs() {
  rootfs amd64 nodejs,ca-certificates "$CACHE/base-images/runtime/rootfs-amd64.tar"
  rootfs arm64 nodejs,ca-certificates "$CACHE/base-images/runtime/rootfs-arm64.tar"
}

build_rootfs() {
  # npm in the build stage goes through this machine's TLS proxy, if any: trust its CAs too.
  rootfs amd64 nodejs,npm,ca-certificates "$CACHE/base-images/build/rootfs-amd64.tar" \
    --customize-hook='for c in /usr/local/share/ca-certificates/*.crt; do [ -e "$c" ] && cp "$c" "$1/usr/local/share/ca-certificates/"; done; true' \
    --customize-hook='chroot "$1" update-ca-certificates >/dev/null 2>&1 || true'
}

# The root filesystems of the base images the registry lacks: needs only the packages and QEMU,
# so the bootstrap runs it while the Go tools build. Kept in $CACHE/base-images (reusable).
make_base_rootfs() {
  mkdir -p "$CACHE/base-images/runtime" "$CACHE/base-images/build"
  if ! image_exists crossarch/node-base bookworm; then runtime_rootfs; fi # (not `||`: errexit must hold inside)
  if ! image_exists crossarch/node-build bookworm; then build_rootfs; fi
}

build_base_images() {
  local d="$CACHE/base-images"
  mkdir -p "$d/runtime" "$d/build"
  if ! image_exists crossarch/node-base bookworm; then
    runtime_rootfs
    push_rootfs_image crossarch/node-base:bookworm linux/amd64,linux/arm64 "$d/runtime"
  fi
  if ! image_exists crossarch/node-build bookworm; then
    build_rootfs
    push_rootfs_image crossarch/node-build:bookworm linux/amd64 "$d/build"
  fi
}

# Stand-ins for the external images the cloud stacks name (docker.io/library/postgres,
# docker.io/valkey/valkey), under mirror/ in the loopback registry: CROSSARCH_REGISTRY_MIRROR
# (scripts/standin-env.sh) makes the program read a ref's digest there, as it would read a
# pull-through cache's, on a machine that cannot reach Docker Hub. Tiny FROM scratch images for
# both platforms; nothing runs them (the cloud stacks deploy to stand-in providers).
build_mirror_images() {
  local d="$CACHE/base-images/mirror" ref repo tag
  mkdir -p "$d"
  for ref in library/postgres:16-bookworm valkey/valkey:8-bookworm; do
    repo="mirror/${ref%%:*}" tag="${ref##*:}"
    image_exists "$repo" "$tag" && continue
    printf 'stand-in for docker.io/%s in an offline mirror\n' "$ref" >"$d/stand-in.txt"
    printf 'FROM scratch\nCOPY stand-in.txt /stand-in.txt\n' >"$d/Dockerfile"
    DOCKER_CONFIG="$CACHE/docker-config" "$BIN/buildctl" --addr "unix://$BUILDKIT_SOCK" build --progress=plain \
      --frontend dockerfile.v0 --local context="$d" --local dockerfile="$d" --opt platform=linux/amd64,linux/arm64 \
      --output "type=image,name=$REGISTRY/$repo:$tag,push=true" >"$d/build.log" 2>&1 || die "pushing the mirror stand-in $repo:$tag failed: see $d/build.log"
  done
}
