#!/usr/bin/env bash
# Build kube-score (github.com/zegl/kube-score/cmd/kube-score) from the Go module proxy into
# .tools/bin/kube-score-<version> (gitignored), cached by version like scripts/install-helm.sh.
#
# The build runs in a throwaway wrapper module under .tools/build/kube-score that requires the exact
# pinned version (`go get ...@VERSION`), so the proxy's version list is never consulted.
# Idempotent: exits at once when the binary of the pinned version is already there.
# Env: KUBE_SCORE_VERSION (default v1.20.0), KUBE_SCORE_FORCE=1 to rebuild anyway.
# Prints the path of the binary on stdout.
set -euo pipefail

VERSION="${KUBE_SCORE_VERSION:-v1.20.0}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
BIN="$TOOLS/bin/kube-score-$VERSION"
BUILD="$TOOLS/build/kube-score-$VERSION"

log() { printf 'install-kube-score: %s\n' "$*" >&2; }

if [[ "${KUBE_SCORE_FORCE:-0}" != 1 && -x "$BIN" ]]; then
  log "kube-score $VERSION already built at ${BIN#"$ROOT"/}"
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null || { log "error: go is not on PATH (install Go, or set KUBE_SCORE to a kube-score $VERSION binary)"; exit 1; }
mkdir -p "$TOOLS/bin" "$BUILD"

# Serialise concurrent builds.
if command -v flock >/dev/null; then
  exec 9>"$TOOLS/.install-kube-score.lock"
  flock 9
  if [[ "${KUBE_SCORE_FORCE:-0}" != 1 && -x "$BIN" ]]; then
    log "kube-score $VERSION already built at ${BIN#"$ROOT"/} (built concurrently)"
    echo "$BIN"
    exit 0
  fi
fi

export CGO_ENABLED=0 GO111MODULE=on GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-p=$(nproc 2>/dev/null || echo 2)"

start=$(date +%s)
log "building kube-score $VERSION with $(go version | cut -d' ' -f3) in ${BUILD#"$ROOT"/} ..."
cd "$BUILD"
rm -f go.mod go.sum
go mod init local/kubescorebuild 2>/dev/null
timeout 900 go get "github.com/zegl/kube-score/cmd/kube-score@$VERSION"
timeout 900 go build -trimpath -ldflags "-w -s -X main.version=${VERSION#v}" -o "$BIN.tmp" github.com/zegl/kube-score/cmd/kube-score
mv -f "$BIN.tmp" "$BIN"
log "built kube-score $VERSION in $(( $(date +%s) - start ))s"
echo "$BIN"
