#!/usr/bin/env bash
# Proves the bootstrap's package list on a clean system instead of on this machine, which has
# gathered packages over time: a minimal Debian 12 root filesystem (mmdebstrap minbase), the
# bootstrap's own package step (install_packages, scripts/bootstrap/system.sh) run inside it in a
# chroot, then an arm64 base root filesystem built there with the bootstrap's own step
# (rootfs, scripts/bootstrap/base-images.sh), and its node binary checked to be aarch64.
# Run as root after scripts/bootstrap.sh (it needs mmdebstrap and QEMU binfmt on the host).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
[ "$(id -u)" = 0 ] || { echo "run as root (mmdebstrap, chroot, mounts)" >&2; exit 1; }
WORK=$(mktemp -d /var/tmp/crossarch-fresh.XXXXXX)
CHROOT="$WORK/root"
cleanup() {
  for m in dev/pts dev sys proc; do mountpoint -q "$CHROOT/$m" && umount -l "$CHROOT/$m"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
started=$(date +%s)
step() { printf '[fresh-machine %s +%ss] %s\n' "$(date +%T)" "$(($(date +%s) - started))" "$*"; }

step "a minimal Debian 12 root filesystem (mmdebstrap --variant=minbase)"
mmdebstrap --quiet --variant=minbase --aptopt='Acquire::Check-Valid-Until "false"' bookworm "$CHROOT" \
  "deb http://deb.debian.org/debian bookworm main" "deb http://deb.debian.org/debian-security bookworm-security main" </dev/null
# the host's name resolution; package scripts must not start daemons inside the chroot
cp /etc/resolv.conf /etc/hosts "$CHROOT/etc/"
printf '#!/bin/sh\nexit 101\n' >"$CHROOT/usr/sbin/policy-rc.d" && chmod 755 "$CHROOT/usr/sbin/policy-rc.d"
mount -t proc proc "$CHROOT/proc"
mount --bind /sys "$CHROOT/sys"
mount --bind /dev "$CHROOT/dev"
mount --bind /dev/pts "$CHROOT/dev/pts"
mkdir -p "$CHROOT/crossarch"
cp -r "$ROOT/scripts/bootstrap" "$CHROOT/crossarch/"
step "packages before: $(chroot "$CHROOT" dpkg-query -W | wc -l)"

step "the bootstrap's package step, then an arm64 base with the bootstrap's rootfs step"
chroot "$CHROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root CROSSARCH_CACHE=/var/cache/crossarch /bin/bash -c '
  set -euo pipefail
  . /crossarch/bootstrap/common.sh
  . /crossarch/bootstrap/system.sh
  . /crossarch/bootstrap/base-images.sh
  install_packages
  rootfs arm64 nodejs,ca-certificates /var/cache/crossarch/rootfs-arm64.tar
'
step "packages after: $(chroot "$CHROOT" dpkg-query -W | wc -l)"

tar="$CHROOT/var/cache/crossarch/rootfs-arm64.tar"
mkdir -p "$WORK/check"
tar -xf "$tar" -C "$WORK/check" ./usr/bin/ 2>/dev/null || true
node="$WORK/check/usr/bin/node"
[ -e "$node" ] || { echo "FAIL: no /usr/bin/node in the arm64 root filesystem" >&2; exit 1; }
[ -L "$node" ] && node="$WORK/check/usr/bin/$(basename "$(readlink "$node")")"
# ELF e_machine (2 bytes at offset 18, little-endian): b7 00 = AArch64
machine=$(od -An -tx1 -j18 -N2 "$node" | tr -d ' \n')
[ "$machine" = "b700" ] || { echo "FAIL: /usr/bin/node in the arm64 root filesystem has ELF machine $machine, not aarch64 (b700)" >&2; exit 1; }
step "the arm64 base holds an aarch64 node ($(du -h "$tar" | cut -f1)); the package list is complete"
echo "fresh machine: 1 passed, 0 failed"
