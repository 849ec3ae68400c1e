# The environment of the cloud stacks (dev, prod) against the stand-in providers (sourced by
# scripts/e2e-cloud.sh): the local-stack environment, but the stand-ins' own plugin home and a
# state backend of their own, so these runs never touch the local stack's state or plugins.
# shellcheck source=/dev/null
. "$(dirname "${BASH_SOURCE[0]}")/local-env.sh"
export PULUMI_HOME="$CACHE/standin-home"
export PULUMI_BACKEND_URL="file://$CACHE/standin-state"
mkdir -p "$CACHE/standin-state"
