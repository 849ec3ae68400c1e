# Stand-in provider plugins for the cloud stacks (dev, prod): aws, azure-native and oci, which
# cannot be built or downloaded here, plus docker-build, whose pushes would go to registries that
# exist only in the stand-ins. One bundled Node.js program (standins/), one launcher per plugin,
# installed at the version the project's SDK asks for into a plugin home of their own
# ($CACHE/standin-home): the local stack's plugin home keeps the real docker-build, and a machine
# with the real cloud plugins uses its own plugin home, not this one.
STANDIN_HOME="$CACHE/standin-home"
STANDIN_PLUGINS=(aws azure-native oci docker-build)

build_standins() {
  local root="$1" out="$CACHE/standins"
  mkdir -p "$out" "$STANDIN_HOME"
  [ -x "$root/node_modules/.bin/esbuild" ] || die "run npm ci in $root before the stand-ins are built"
  "$root/node_modules/.bin/esbuild" "$root/standins/main.ts" --bundle --platform=node --target=node20 --log-level=warning \
    --outfile="$out/standin.js" || die "bundling the stand-in providers failed"
  for name in "${STANDIN_PLUGINS[@]}"; do
    local version
    version=$(node -p "require('$root/node_modules/@pulumi/$name/package.json').version") || die "no @pulumi/$name in $root/node_modules"
    printf '#!/bin/sh\n# crossarch stand-in for pulumi-resource-%s %s (scripts/bootstrap/standins.sh)\nCROSSARCH_STANDIN_VERSION=%s exec node "%s" %s "$@"\n' \
      "$name" "$version" "$version" "$out/standin.js" "$name" >"$out/pulumi-resource-$name"
    chmod 755 "$out/pulumi-resource-$name"
    if ! cmp -s "$out/pulumi-resource-$name" "$STANDIN_HOME/plugins/resource-$name-v$version/pulumi-resource-$name"; then
      PULUMI_HOME="$STANDIN_HOME" pulumi plugin install resource "$name" "$version" --file "$out/pulumi-resource-$name" --reinstall >/dev/null ||
        die "installing the $name stand-in failed"
    fi
  done
}
