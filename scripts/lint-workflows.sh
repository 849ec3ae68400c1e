#!/usr/bin/env bash
# Lints .github/workflows with actionlint, built once from the Go module proxy into the cache
# (with shellcheck on PATH it also checks the run: scripts).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${CROSSARCH_CACHE:-$HOME/.cache/crossarch}/bin"
mkdir -p "$BIN"
export PATH="$BIN:/usr/local/go/bin:$PATH"
if [ ! -x "$BIN/actionlint" ]; then
  GOBIN="$BIN" go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.7
fi
cd "$ROOT"
actionlint -color=false .github/workflows/*.yml
echo "workflows: actionlint found no problems"
