#!/usr/bin/env bash
# Installs and starts everything the local stack needs on a Debian 12 machine, as root, using
# only Debian's packages, the npm registry and the Go module proxy: Docker engine, QEMU binfmt,
# a TLS loopback registry with credentials, BuildKit, the Pulumi CLI, its Node.js language host
# and the docker-build provider (built from source and cached), and base images built from
# Debian packages; and the stand-in provider plugins of the cloud stacks (needs `npm ci` first).
# Idempotent: a second run only checks. Writes $CROSSARCH_CACHE/env.sh.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
for part in common system firewall go-tools registry buildkit base-images standins; do
  # shellcheck source=/dev/null
  . "$HERE/bootstrap/$part.sh"
done
[ "$(id -u)" = 0 ] || die "run as root (it installs packages and starts daemons)"
command -v go >/dev/null || die "Go is needed to build the Pulumi CLI from the Go module proxy"

started=$(date +%s)
phase packages install_packages
enforce_loopback
enable_binfmt
phase daemons start_dockerd
start_cron
phase registry start_registry
phase release-registry start_release_registry
# Meanwhile: the base images' root filesystems (packages and QEMU only) and the Go modules of the
# later tools; the Go builds themselves take both cores one after another.
in_background base-rootfs make_base_rootfs
in_background go-modules fetch_go_modules
phase pulumi-cli build_pulumi
joined go-modules
phase language-host build_language_host
phase docker-build-provider build_docker_build_provider
phase buildkit build_buildkit
write_launchers
install_plugins
phase buildkit-start start_buildkit
joined base-rootfs
phase base-images build_base_images
phase mirror-images build_mirror_images
phase standins build_standins "$(dirname "$HERE")"

cat >"$CACHE/env.sh" <<ENV
# Source this to use the local stack's tools (written by scripts/bootstrap.sh).
export PATH="$BIN:\$PATH"
export PULUMI_HOME="$CACHE/pulumi-home"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_IGNORE_AMBIENT_PLUGINS=true
export DOCKER_CONFIG="$CACHE/docker-config"
export NODE_EXTRA_CA_CERTS="$REGISTRY_DIR/ca.crt"
export SSL_CERT_DIR="/etc/ssl/certs:$REGISTRY_DIR/trust"
export CROSSARCH_REGISTRY="$REGISTRY"
export CROSSARCH_REGISTRY_USER=crossarch
export CROSSARCH_REGISTRY_PASSWORD_FILE="$REGISTRY_DIR/password"
export CROSSARCH_RELEASE_REGISTRY="$RELEASE_REGISTRY"
export CROSSARCH_RELEASE_REGISTRY_USER=release
export CROSSARCH_RELEASE_REGISTRY_PASSWORD_FILE="$RELEASE_REGISTRY_DIR/password"
ENV
log "ready in $(($(date +%s) - started))s: source $CACHE/env.sh"
slow=$(printf '%s\n' "${PHASES[@]}" | grep -v ' 0s' | paste -sd, -) || true
[ -z "$slow" ] || log "phases taking a second or more: $slow"
