#!/usr/bin/env bash
# Builds FerretDB v1.24.2 from the Go module proxy into .tools/bin/ferretdb.
#
# Why not a plain `go install …@v1.24.2`: the module zip lacks the generated
# build/version/version.txt, and the resulting binary panics at start
# ("Invalid build/version/version.txt file content"). We build the very same
# module source with that one file written in.
set -euo pipefail
VERSION=v1.24.2
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$root/.tools/bin/ferretdb"

# Read the whole output before matching: `| grep -q` or `| head` close the pipe early, and under
# pipefail the writer's SIGPIPE (exit 141) would fail the script.
installed="$( [ -x "$bin" ] && "$bin" --version 2>/dev/null || true)"
if [[ "$installed" == *"version: ${VERSION}"* ]]; then
  exit 0
fi
command -v go >/dev/null || { echo "install-ferretdb: Go is required (https://go.dev/dl) to build FerretDB" >&2; exit 1; }

echo "install-ferretdb: building FerretDB ${VERSION} into .tools/bin (one-time, ~1-3 min)"
src="$(GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@${VERSION}" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
[ -d "$src" ] || { echo "install-ferretdb: go mod download did not produce a source dir" >&2; exit 1; }
work="$(mktemp -d)"
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -r "$src/." "$work/"
chmod -R u+w "$work"
echo "${VERSION}" > "$work/build/version/version.txt"
mkdir -p "$root/.tools/bin"
(cd "$work" && CGO_ENABLED=0 go build -trimpath -o "$bin" ./cmd/ferretdb)
built="$("$bin" --version)"
echo "install-ferretdb: ${built%%$'\n'*}"
