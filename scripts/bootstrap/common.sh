# Shared settings and helpers of the bootstrap steps (sourced, not run).
# Everything is cached under $CROSSARCH_CACHE (default ~/.cache/crossarch), outside the repo.
set -euo pipefail
CACHE="${CROSSARCH_CACHE:-$HOME/.cache/crossarch}"
BIN="$CACHE/bin"
GOBUILD="$CACHE/gobuild"
REGISTRY_HOST="registry.crossarch.test"
REGISTRY_PORT=5443
REGISTRY="$REGISTRY_HOST:$REGISTRY_PORT"
REGISTRY_DIR="$CACHE/registry"
# A second registry on the same name and certificate, standing in for GHCR or Docker Hub: where
# image-only (release) stacks publish, with its own login.
RELEASE_REGISTRY_PORT=5444
RELEASE_REGISTRY="$REGISTRY_HOST:$RELEASE_REGISTRY_PORT"
RELEASE_REGISTRY_DIR="$CACHE/release-registry"
BUILDKIT_SOCK="/run/crossarch-buildkit/buildkitd.sock"
mkdir -p "$BIN" "$GOBUILD" "$REGISTRY_DIR" "$RELEASE_REGISTRY_DIR"
export PATH="$BIN:/usr/local/go/bin:$PATH"

log() { printf '[bootstrap %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# wait_for DESCRIPTION SECONDS COMMAND...: poll once a second, at most SECONDS times.
wait_for() {
  local what="$1" seconds="$2"
  shift 2
  for _ in $(seq 1 "$seconds"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  die "$what not ready after ${seconds}s"
}

# start_daemon NAME LOGFILE COMMAND...: start in the background, detached from this shell.
start_daemon() {
  local name="$1" logfile="$2"
  shift 2
  log "starting $name (log: $logfile)"
  setsid nohup "$@" >"$logfile" 2>&1 </dev/null &
}

# Phases and their seconds, printed at the end (BENCHMARKS.md's cold start reads them).
PHASES=()
phase() {
  local phase_name="$1" phase_start # names no step uses: steps may set globals like `name`
  phase_start=$(date +%s)
  shift
  "$@"
  PHASES+=("$phase_name $(($(date +%s) - phase_start))s")
}

# in_background NAME FUNCTION...: run a phase in a background subshell meanwhile; joined NAME
# waits for it (and fails the bootstrap if it failed).
declare -A BACKGROUND=()
in_background() {
  local name="$1"
  shift
  rm -f "$CACHE/.phase-$name"
  (
    t=$(date +%s)
    "$@"
    echo "$(($(date +%s) - t))" >"$CACHE/.phase-$name"
  ) &
  BACKGROUND[$name]=$!
}
joined() {
  wait "${BACKGROUND[$1]}" || die "$1 failed (its messages are above)"
  PHASES+=("$1 $(cat "$CACHE/.phase-$1")s (in parallel)")
}
