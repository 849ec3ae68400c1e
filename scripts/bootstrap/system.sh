# Debian packages, the Docker engine (no bridge, no iptables) and QEMU binfmt for arm64; cron runs
# the local target's scheduled jobs (entries in /etc/cron.d).
PACKAGES=(docker.io qemu-user-static binfmt-support docker-registry mmdebstrap arch-test nftables apache2-utils openssl ca-certificates runc curl cron)

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then return 0; fi
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

enable_binfmt() {
  mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  update-binfmts --enable qemu-aarch64 2>/dev/null || true
  update-binfmts --enable qemu-x86_64 2>/dev/null || true
  grep -q enabled /proc/sys/fs/binfmt_misc/qemu-aarch64 || die "QEMU binfmt for aarch64 is not enabled"
}

# The cron daemon, for scheduled jobs of the local target (a machine without systemd starts none).
start_cron() {
  pgrep -x cron >/dev/null && return 0
  log "starting cron (scheduled jobs: /etc/cron.d/crossarch-*, log /var/log/crossarch-jobs.log)"
  /usr/sbin/cron
}

start_dockerd() {
  if /usr/bin/docker info >/dev/null 2>&1; then return 0; fi
  start_daemon dockerd /var/log/crossarch-dockerd.log /usr/sbin/dockerd --iptables=false --bridge=none
  wait_for dockerd 60 /usr/bin/docker info
}
