# The environment of the cloud stacks (dev, prod) against the stand-in providers (sourced by
# scripts/e2e-cloud.sh): the local-stack environment, but the stand-ins' own plugin home and a
# state backend of their own, so these runs never touch the local stack's state or plugins.
# shellcheck source=/dev/null
. "$(dirname "${BASH_SOURCE[0]}")/local-env.sh"
export PULUMI_HOME="$CACHE/standin-home"
export PULUMI_BACKEND_URL="file://$CACHE/standin-state"
mkdir -p "$CACHE/standin-state"
# The external images the cloud stacks name are read (pinned to a digest) through the loopback
# registry's mirror/ stand-ins: this machine cannot reach Docker Hub (scripts/bootstrap/base-images.sh).
export CROSSARCH_REGISTRY_MIRROR="docker.io=$CROSSARCH_REGISTRY/mirror"
