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
install_packages
enforce_loopback
enable_binfmt
start_dockerd
start_cron
build_pulumi
build_language_host
build_docker_build_provider
build_buildkit
write_launchers
install_plugins
start_registry
start_release_registry
start_buildkit
build_base_images
build_mirror_images
build_standins "$(dirname "$HERE")"

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
