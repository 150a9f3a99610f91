#!/usr/bin/env bash
# Runs the tests (or `swift test` with the arguments given, e.g. --filter RunTests) with a
# temporary folder of their own, then lists what they left in it: a test must remove what it
# creates. SwiftPM's own entries (its lock files, TemporaryDirectory.*, swift-generated-sources)
# are not the tests' and are not counted. Exit 1 when anything is left.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
TMPDIR="$tmp" swift test --skip-build --disable-xctest "$@" >"$tmp.log" 2>&1 || status=$?
left=$(ls -A "$tmp" | grep -v -E '\.lock$|^TemporaryDirectory\.|^swift-generated-sources$' || true)
tail -n 1 "$tmp.log"; rm -f "$tmp.log"
if [ -n "$left" ]; then
  echo "left behind in \$TMPDIR by the tests: $(echo "$left" | wc -l) entries"
  echo "$left" | head -20
  exit 1
fi
echo "test leftovers: none"
exit "$status"
