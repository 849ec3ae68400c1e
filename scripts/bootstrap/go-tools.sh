# The Pulumi CLI, its Node.js language host, the docker-build provider and BuildKit, built from
# the Go module proxy (no release binaries can be downloaded here). Versions are the newest the
# proxy serves for each; a binary whose stamp matches is not rebuilt.
PULUMI_VERSION=v3.259.0          # pkg/v3: the proxy refuses newer
LANGHOST_SDK_VERSION=v3.66.0     # the last sdk/v3 that contains the Node.js host
DOCKER_BUILD_VERSION=v0.0.22     # matches @pulumi/docker-build 0.0.22
BUILDKIT_VERSION=v0.34.2

# go_wrapper NAME GO.MOD-BODY IMPORT...: a module that only imports the commands to build.
go_wrapper() {
  local dir="$GOBUILD/$1" body="$2"
  shift 2
  mkdir -p "$dir"
  printf 'module crossarch.local/gobuild/%s\n\ngo 1.22\n\n%s\n' "$(basename "$dir")" "$body" >"$dir/go.mod"
  { printf '//go:build tools\n\npackage tools\n\nimport (\n'; for i in "$@"; do printf '\t_ "%s"\n' "$i"; done; printf ')\n'; } >"$dir/tools.go"
  (cd "$dir" && GOFLAGS=-mod=mod nice -n 5 go mod tidy >/dev/null 2>&1) || die "go mod tidy failed in $dir"
}

# stale BINARY STAMP: true when $BIN/BINARY is missing or was built from another version.
stale() { ! [ -x "$BIN/$1" ] || [ "$(cat "$BIN/.$1.stamp" 2>/dev/null)" != "$2" ]; }

# go_binary NAME STAMP DIR PACKAGE LDFLAGS [ENV...]
go_binary() {
  local name="$1" stamp="$2" dir="$GOBUILD/$3" pkg="$4" ldflags="$5"
  shift 5
  stale "$name" "$stamp" || return 0
  log "building $name $stamp (cached next time)"
  (cd "$dir" && env "$@" nice -n 5 go build -trimpath -ldflags "-s -w $ldflags" -o "$BIN/$name" "$pkg") || die "building $name failed"
  echo "$stamp" >"$BIN/.$name.stamp"
}

wrap_pulumi() {
  go_wrapper pulumi "require (
	github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 $PULUMI_VERSION
)
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
}

build_pulumi() {
  stale pulumi "$PULUMI_VERSION" || return 0 # (no `go mod tidy` either: a restored $BIN needs no modules)
  wrap_pulumi
  go_binary pulumi "$PULUMI_VERSION" pulumi github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION"
}

wrap_language_host() {
  go_wrapper language-nodejs "require github.com/pulumi/pulumi/sdk/v3 $LANGHOST_SDK_VERSION
replace golang.org/x/text => golang.org/x/text v0.3.6" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
}

build_language_host() {
  stale pulumi-language-nodejs "$LANGHOST_SDK_VERSION" || return 0
  wrap_language_host
  go_binary pulumi-language-nodejs "$LANGHOST_SDK_VERSION" language-nodejs github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
    "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$LANGHOST_SDK_VERSION"
}

# The provider imports two Go modules the proxy refuses (pulumi-java, pulumi-dotnet) for one struct
# each, used only as schema metadata for those languages; small local stand-ins replace them.
docker_build_stubs() {
  local s="$GOBUILD/docker-build/stubs"
  mkdir -p "$s/pulumi-java/pkg/codegen/java" "$s/pulumi-dotnet/codegen"
  printf 'module github.com/pulumi/pulumi-java\n\ngo 1.22\n' >"$s/pulumi-java/go.mod"
  printf 'module github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3\n\ngo 1.22\n' >"$s/pulumi-dotnet/go.mod"
  cat >"$s/pulumi-java/pkg/codegen/java/stub.go" <<'GO'
// Package java stands in for pulumi-java's codegen package: only its schema metadata type is used.
package java

type PackageInfo struct {
	BuildFiles                      string            `json:"buildFiles,omitempty"`
	GradleNexusPublishPluginVersion string            `json:"gradleNexusPublishPluginVersion,omitempty"`
	Dependencies                    map[string]string `json:"dependencies,omitempty"`
}
GO
  cat >"$s/pulumi-dotnet/codegen/stub.go" <<'GO'
// Package codegen stands in for pulumi-dotnet's codegen package: only its schema metadata type is used.
package codegen

type CSharpPackageInfo struct {
	RespectSchemaVersion bool              `json:"respectSchemaVersion,omitempty"`
	PackageReferences    map[string]string `json:"packageReferences,omitempty"`
}
GO
}

wrap_docker_build_provider() {
  docker_build_stubs
  go_wrapper docker-build "require github.com/pulumi/pulumi-docker-build $DOCKER_BUILD_VERSION
replace (
	github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3 => ./stubs/pulumi-dotnet
	github.com/pulumi/pulumi-java => ./stubs/pulumi-java
)" github.com/pulumi/pulumi-docker-build/provider/cmd/pulumi-resource-docker-build
}

build_docker_build_provider() {
  stale pulumi-resource-docker-build "$DOCKER_BUILD_VERSION" || return 0
  wrap_docker_build_provider
  go_binary pulumi-resource-docker-build "$DOCKER_BUILD_VERSION" docker-build github.com/pulumi/pulumi-docker-build/provider/cmd/pulumi-resource-docker-build \
    "-X github.com/pulumi/pulumi-docker-build/provider.Version=${DOCKER_BUILD_VERSION#v}"
}

wrap_buildkit() {
  go_wrapper buildkit "require github.com/moby/buildkit $BUILDKIT_VERSION" github.com/moby/buildkit/cmd/buildkitd github.com/moby/buildkit/cmd/buildctl
}

build_buildkit() {
  stale buildkitd "$BUILDKIT_VERSION" || stale buildctl "$BUILDKIT_VERSION" || return 0
  wrap_buildkit
  for c in buildkitd buildctl; do
    go_binary "$c" "$BUILDKIT_VERSION" buildkit "github.com/moby/buildkit/cmd/$c" "-X github.com/moby/buildkit/version.Version=$BUILDKIT_VERSION" CGO_ENABLED=0
  done
}

# The launcher Pulumi releases ship next to `pulumi` for Node.js dynamic providers: it runs the
# dynamic-provider entry point of the project's own @pulumi/pulumi.
write_launchers() {
  cat >"$BIN/pulumi-resource-pulumi-nodejs" <<'SH'
#!/bin/sh
script=$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))") || exit 1
exec node "$script" "$@"
SH
  chmod +x "$BIN/pulumi-resource-pulumi-nodejs"
}

# The Go modules of the tools built after the CLI, downloaded while the CLI compiles (downloads
# wait on the network, builds on the CPU); their own `go mod tidy` then finds them in the module
# cache. Join it before those builds: they tidy the same directories.
fetch_go_modules() {
  if stale pulumi-language-nodejs "$LANGHOST_SDK_VERSION"; then wrap_language_host; fi
  if stale pulumi-resource-docker-build "$DOCKER_BUILD_VERSION"; then wrap_docker_build_provider; fi
  if stale buildctl "$BUILDKIT_VERSION" || stale buildkitd "$BUILDKIT_VERSION"; then wrap_buildkit; fi
}

install_plugins() {
  export PULUMI_HOME="$CACHE/pulumi-home"
  if ! pulumi plugin ls 2>/dev/null | grep -q "docker-build.*${DOCKER_BUILD_VERSION#v}"; then
    pulumi plugin install resource docker-build "${DOCKER_BUILD_VERSION#v}" --file "$BIN/pulumi-resource-docker-build" >/dev/null
  fi
}
