#!/usr/bin/env bash
# Cold start (issue 18): the README's main command (scripts/up-local.sh) in a fresh clone from
# an empty cache, phase by phase. With --warm: a second machine that restored only what a CI
# cache action may keep, $CROSSARCH_CACHE/bin (the Go tools), $CROSSARCH_CACHE/base-images (the
# base images' root filesystems) and ~/.npm; never the rest of $CROSSARCH_CACHE, which holds the
# stacks' passphrase, the registry's password and its CA key.
# DESTRUCTIVE: purges the packages the bootstrap installs, stops its daemons, deletes their data,
# the Go module and build caches, the npm cache and $CROSSARCH_CACHE (local stacks and state).
# Usage: sudo bash bench/cold-start.sh --wipe-this-machine [--warm]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
[ "${1:-}" = --wipe-this-machine ] || { sed -n '2,9p' "$0" >&2; exit 2; }
WARM=false
[ "${2:-}" = --warm ] && WARM=true
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
CACHE="${CROSSARCH_CACHE:-$HOME/.cache/crossarch}"
PACKAGES=(docker.io containerd runc qemu-user-static binfmt-support docker-registry mmdebstrap arch-test nftables apache2-utils cron)
keep=$(mktemp -d /var/tmp/crossarch-keep.XXXXXX)
work=$(mktemp -d /var/tmp/crossarch-cold.XXXXXX)
trap 'rm -rf "$keep"' EXIT
say() { printf '[cold-start %s] %s\n' "$(date +%T)" "$*" >&2; }

if $WARM; then
  say "keeping what a CI cache restores: $CACHE/bin, $CACHE/base-images, ~/.npm"
  mv "$CACHE/bin" "$CACHE/base-images" "$keep/"
  [ -d "$HOME/.npm" ] && mv "$HOME/.npm" "$keep/npm"
fi
say "stopping the daemons and purging the packages"
if /usr/bin/docker info >/dev/null 2>&1; then /usr/bin/docker ps -aq | xargs -r /usr/bin/docker rm -f >/dev/null; fi
pkill -x buildkitd || true
pkill -f "docker-registry serve" || true
pkill -x dockerd || true
pkill -x containerd || true
pkill -x cron || true
for _ in $(seq 30); do pgrep -x 'dockerd|containerd|buildkitd' >/dev/null 2>&1 || break; sleep 1; done
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "${PACKAGES[@]}" >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get autoremove --purge -y -qq >/dev/null
apt-get clean
for f in /proc/sys/fs/binfmt_misc/qemu-*; do [ -e "$f" ] && echo -1 >"$f"; done
nft delete table inet crossarch 2>/dev/null || true
for d in /var/lib/docker /var/lib/containerd /var/lib/crossarch-registry /var/lib/crossarch-release-registry \
  /var/lib/crossarch-buildkit /etc/docker /run/crossarch-buildkit; do
  [ -d "$d" ] && find "$d" -mindepth 1 -delete # the contents: a data directory may be a mount point of its own
done
rm -f /etc/cron.d/crossarch-*
sed -i '/ registry.crossarch.test$/d' /etc/hosts
say "emptying the Go, npm and crossarch caches"
go clean -modcache
go clean -cache
rm -rf "$HOME/.npm" "$CACHE"
if $WARM; then
  mkdir -p "$CACHE"
  mv "$keep/bin" "$keep/base-images" "$CACHE/"
  [ -d "$keep/npm" ] && mv "$keep/npm" "$HOME/.npm"
fi

git clone -q "$ROOT" "$work/crossarch"
say "scripts/up-local.sh in a fresh clone ($work/crossarch)"
cd "$work/crossarch"
start=$(date +%s)
bash scripts/up-local.sh 2>&1 | tee "$work/up-local.log"
say "all: $(($(date +%s) - start))s ($($WARM && echo warm || echo cold)); phases:"
grep -E '^\[up-local|phases taking' "$work/up-local.log" >&2
