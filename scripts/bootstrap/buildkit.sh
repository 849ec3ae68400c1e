# BuildKit's daemon (OCI worker, host network, QEMU for arm64) registered as the buildx builder
# `crossarch` (remote driver): docker-build has no "docker" driver, and the engine's built-in
# BuildKit can neither build per platform with push-by-digest nor export caches.

buildkit_up() { "$BIN/buildctl" --addr "unix://$BUILDKIT_SOCK" debug workers >/dev/null 2>&1; }

start_buildkit() {
  mkdir -p "$(dirname "$BUILDKIT_SOCK")" "$CACHE/buildkit"
  cat >"$CACHE/buildkit/buildkitd.toml" <<TOML
root = "/var/lib/crossarch-buildkit"
insecure-entitlements = ["network.host"]

[grpc]
  address = ["unix://$BUILDKIT_SOCK"]

[worker.oci]
  enabled = true
  networkMode = "host"
  snapshotter = "overlayfs"
  gc = true
  maxUsedSpace = "10GB"

[worker.containerd]
  enabled = false

[registry."$REGISTRY"]
  ca = ["$REGISTRY_DIR/ca.crt"]

[registry."$RELEASE_REGISTRY"]
  ca = ["$REGISTRY_DIR/ca.crt"]
TOML
  # a daemon started with another config (an earlier bootstrap's) reads this one on a restart
  if buildkit_up && ! cmp -s "$CACHE/buildkit/buildkitd.toml" "$CACHE/buildkit/buildkitd.started.toml"; then
    log "restarting buildkitd: its config changed"
    pkill -x buildkitd || true
    wait_for "buildkitd to stop" 30 sh -c '! pgrep -x buildkitd'
  fi
  if ! buildkit_up; then
    cp "$CACHE/buildkit/buildkitd.toml" "$CACHE/buildkit/buildkitd.started.toml"
    start_daemon buildkitd /var/log/crossarch-buildkitd.log "$BIN/buildkitd" --config "$CACHE/buildkit/buildkitd.toml"
    wait_for buildkitd 60 buildkit_up
  fi
  mkdir -p "$CACHE/docker-config/buildx/instances"
  printf '{"Name":"crossarch","Driver":"remote","Nodes":[{"Name":"crossarch0","Endpoint":"unix://%s","Platforms":null,"DriverOpts":null,"Flags":null,"Files":null}],"Dynamic":false}\n' \
    "$BUILDKIT_SOCK" >"$CACHE/docker-config/buildx/instances/crossarch"
}
