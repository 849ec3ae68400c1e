#!/usr/bin/env bash
# Wall time of the unit test suite (the README's test command), three runs in a row.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "| run | wall s | result |"
echo "|---|---|---|"
for i in 1 2 3; do
  start=$(date +%s.%N)
  result=$(npx vitest run 2>&1 | grep -E "^tests:" || true)
  awk -v i="$i" -v a="$(date +%s.%N)" -v b="$start" -v r="$result" 'BEGIN { printf "| %d | %.1f | %s |\n", i, a - b, r }'
done
