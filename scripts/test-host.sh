#!/usr/bin/env bash
# A second machine for tests (the hosts issue): its own network namespace and veth address
# (198.18.N.2, the range reserved for benchmark networks), its own Debian root filesystem
# (pivot_root, so nothing of this machine's files is visible), its own PID and UTS namespaces,
# sshd and dockerd (its own data root, socket and pidfile); reachable only over SSH at its
# address, with a key pair and a pinned host key written for the test. Nothing it runs can reach
# anything but this machine's end of the veth: no route, and its resolver is its own loopback.
#
#   sudo scripts/test-host.sh up NAME N    start machine NAME at 198.18.N.2 (N 0-255, NAME <= 8 chars)
#   sudo scripts/test-host.sh down NAME    stop it and remove its namespace, link and root
#
# `up` prints the shell variables a test reads: TEST_HOST_ADDRESS, TEST_HOST_KEY (the client's
# private key file), TEST_HOST_KNOWN_HOSTS (the pinned host key) and TEST_HOST_HOST_KEY.
set -euo pipefail
CACHE="${CROSSARCH_CACHE:-$HOME/.cache/crossarch}"
DIR="$CACHE/test-host"
ROOTFS="$DIR/rootfs.tar"
log() { printf '[test-host %s] %s\n' "$(date +%T)" "$*" >&2; }
die() {
  log "$*"
  exit 1
}
[ "$(id -u)" = 0 ] || die "run as root (namespaces, links, mounts)"

need_packages() {
  local missing=()
  for p in iproute2 openssh-client mmdebstrap util-linux; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The machine's root filesystem, from Debian's packages (made once, kept in the cache).
make_rootfs() {
  [ -s "$ROOTFS" ] && return 0
  log "making the test host's root filesystem (mmdebstrap: openssh-server, docker.io)"
  mkdir -p "$DIR"
  mmdebstrap --quiet --variant=essential --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --include=openssh-server,docker.io,iproute2,procps,ca-certificates,mount bookworm "$DIR/rootfs.tmp.tar" \
    "deb http://deb.debian.org/debian bookworm main" "deb http://deb.debian.org/debian-security bookworm-security main" \
    </dev/null >"$DIR/mmdebstrap.log" 2>&1 || die "mmdebstrap failed: see $DIR/mmdebstrap.log"
  mv "$DIR/rootfs.tmp.tar" "$ROOTFS"
}

# PID 1 of the machine, run inside its root: its own proc, sysfs and cgroups, then sshd and dockerd.
write_init() {
  cat >"$1/sbin/test-host-init" <<'INIT'
#!/bin/bash
mountpoint -q /proc || mount -t proc proc /proc
mount -t sysfs sysfs /sys 2>/dev/null || true
mount -t tmpfs cgroup_root /sys/fs/cgroup
for c in cpu cpuacct cpuset memory devices freezer blkio pids net_cls net_prio perf_event hugetlb; do
  mkdir -p "/sys/fs/cgroup/$c"
  mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$c" 2>/dev/null || rmdir "/sys/fs/cgroup/$c"
done
mount -t tmpfs tmpfs /run
mkdir -p /run/sshd
hostname "$(cat /etc/hostname)"
/usr/sbin/sshd -e -o ListenAddress="$1" -o PasswordAuthentication=no -o PermitRootLogin=prohibit-password
/usr/sbin/dockerd --iptables=false --bridge=none -H unix:///run/docker.sock >/var/log/dockerd.log 2>&1 &
trap 'kill -TERM $(jobs -p) 2>/dev/null; exit 0' TERM
while :; do sleep 1; done
INIT
  chmod +x "$1/sbin/test-host-init"
}

up() {
  local name="$1" n="$2"
  [[ "$name" =~ ^[a-z][a-z0-9]{0,7}$ ]] || die "NAME: 1-8 lowercase letters and digits"
  [[ "$n" =~ ^[0-9]{1,3}$ ]] && [ "$n" -le 255 ] || die "N: 0-255"
  local ns="xah-$name" here="198.18.$n.1" there="198.18.$n.2" m="$DIR/$name"
  ip netns list | grep -qw "$ns" && die "test host $name is up already (scripts/test-host.sh down $name)"
  need_packages
  make_rootfs
  rm -rf "$m" && mkdir -p "$m/root"
  tar -C "$m/root" -xf "$ROOTFS"
  ssh-keygen -q -t ed25519 -N '' -C "test-host-$name" -f "$m/id_ed25519"
  install -d -m 700 "$m/root/root/.ssh"
  install -m 600 "$m/id_ed25519.pub" "$m/root/root/.ssh/authorized_keys"
  rm -f "$m"/root/etc/ssh/ssh_host_*
  ssh-keygen -q -t ed25519 -N '' -f "$m/root/etc/ssh/ssh_host_ed25519_key"
  printf '%s %s\n' "$there" "$(cut -d' ' -f1,2 "$m/root/etc/ssh/ssh_host_ed25519_key.pub")" >"$m/known_hosts"
  printf 'nameserver 127.0.0.1\n' >"$m/root/etc/resolv.conf" # no resolver outside
  echo "$name" >"$m/root/etc/hostname"
  write_init "$m/root"
  ip netns add "$ns"
  ip link add "$ns" type veth peer name "xan-$name"
  ip link set "xan-$name" netns "$ns"
  ip addr add "$here/30" dev "$ns"
  ip link set "$ns" up
  ip netns exec "$ns" ip addr add "$there/30" dev "xan-$name"
  ip netns exec "$ns" ip link set "xan-$name" up
  ip netns exec "$ns" ip link set lo up
  # a mount, PID and UTS namespace of its own; pivot_root into its root, the old root detached
  ip netns exec "$ns" unshare --mount --pid --uts --fork --propagation private bash -c "
    mount --bind '$m/root' '$m/root'
    mount --rbind /dev '$m/root/dev'
    cd '$m/root' && mkdir -p .oldroot && pivot_root . .oldroot && cd / &&
      mount -t proc proc /proc && umount -l /.oldroot && rmdir /.oldroot &&
      exec /sbin/test-host-init '$there'
  " >"$m/init.log" 2>&1 </dev/null &
  local ssh=(ssh -i "$m/id_ed25519" -o UserKnownHostsFile="$m/known_hosts" -o StrictHostKeyChecking=yes -o BatchMode=yes -o ConnectTimeout=2 -o LogLevel=ERROR "root@$there")
  for _ in $(seq 1 30); do
    if "${ssh[@]}" docker info >/dev/null 2>&1; then
      printf 'TEST_HOST_ADDRESS=%s\nTEST_HOST_KEY=%s\nTEST_HOST_KNOWN_HOSTS=%s\nTEST_HOST_HOST_KEY=%q\n' \
        "$there" "$m/id_ed25519" "$m/known_hosts" "$(cut -d' ' -f1,2 "$m/root/etc/ssh/ssh_host_ed25519_key.pub")"
      log "test host $name is up at $there (sshd and dockerd answer)"
      return 0
    fi
    sleep 1
  done
  cat "$m/init.log" >&2
  down "$name"
  die "test host $name did not answer over SSH in 30 s"
}

down() {
  local name="$1" ns="xah-$1"
  local pids
  pids=$(ip netns pids "$ns" 2>/dev/null || true)
  [ -z "$pids" ] || kill $pids 2>/dev/null || true
  for _ in $(seq 1 10); do
    [ -z "$(ip netns pids "$ns" 2>/dev/null || true)" ] && break
    sleep 0.5
  done
  pids=$(ip netns pids "$ns" 2>/dev/null || true)
  [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
  ip link del "$ns" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "${DIR:?}/$name"
  log "test host $name is down"
}

case "${1:-}" in
up) up "${2:?NAME}" "${3:?N}" ;;
down) down "${2:?NAME}" ;;
*) die "usage: scripts/test-host.sh up NAME N | down NAME" ;;
esac
