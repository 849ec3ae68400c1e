# The environment every local-stack command runs in (sourced by up-local.sh, destroy-local.sh and
# the e2e test): the bootstrapped tools, a file backend and passphrase secrets under the cache,
# and this machine's copy of Pulumi.local.yaml.
CACHE="${CROSSARCH_CACHE:-$HOME/.cache/crossarch}"
CROSSARCH_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ -f "$CACHE/env.sh" ] || { echo "run scripts/bootstrap.sh first" >&2; exit 1; }
# shellcheck source=/dev/null
. "$CACHE/env.sh"
mkdir -p "$CACHE/state" "$CACHE/stack"
[ -s "$CACHE/passphrase" ] || (umask 077 && openssl rand -hex 24 >"$CACHE/passphrase")
export PULUMI_BACKEND_URL="file://$CACHE/state"
export PULUMI_CONFIG_PASSPHRASE_FILE="$CACHE/passphrase"
export CROSSARCH_STACK_CONFIG="$CACHE/stack/Pulumi.local.yaml"

# prepare_stack ROOT STACK COPY [TEMPLATE]: create the stack once (in a scratch copy of the
# project, so its encryption salt lands in this machine's COPY, never in a tracked file), then
# refresh COPY from the tracked TEMPLATE (default Pulumi.local.yaml), keeping this machine's salt
# and secrets.
prepare_stack() {
  local root="$1" stack="$2" copy="$3" template="${4:-Pulumi.local.yaml}"
  if ! (cd "$root" && pulumi stack select "$stack" >/dev/null 2>&1); then
    local scratch
    scratch=$(mktemp -d)
    cp "$root/Pulumi.yaml" "$scratch/"
    (cd "$scratch" && pulumi stack init "$stack" --secrets-provider passphrase >/dev/null)
    grep '^encryptionsalt:' "$scratch/Pulumi.$stack.yaml" >"$copy"
    rm -rf "$scratch"
    (cd "$root" && pulumi stack select "$stack" >/dev/null)
  fi
  case "$template" in /*) ;; *) template="$root/$template" ;; esac
  node "$CROSSARCH_SCRIPTS_DIR/stack-config.mjs" "$template" "$copy"
}

# set_registry_secret ROOT STACK COPY: the loopback registry's password as the stack's secret,
# read from its 0600 file on standard input (never on a command line).
set_registry_secret() {
  (cd "$1" && pulumi config set --secret --stack "$2" --config-file "$3" crossarch:localRegistryPassword <"$CROSSARCH_REGISTRY_PASSWORD_FILE")
}

# The developer's local stack.
prepare_local_stack() {
  prepare_stack "$1" local "$CROSSARCH_STACK_CONFIG"
  set_registry_secret "$1" local "$CROSSARCH_STACK_CONFIG"
}
