#!/usr/bin/env bash
# Build np-guard's analyzers from the Go module proxy into .tools/bin (gitignored), cached by version:
#   netpolicy  github.com/np-guard/netpol-analyzer            cmd/netpolicy  (NETPOL_ANALYZER_VERSION)
#   nettop     github.com/np-guard/cluster-topology-analyzer/v2 cmd/nettop   (TOPOLOGY_ANALYZER_VERSION)
#
# The proxy lists no versions of these modules (`go install ...@latest` finds none), so each is built from a
# throwaway wrapper module under .tools/build/<tool>-<version> whose go.mod requires that exact version;
# GONOSUMDB=github.com/np-guard/* because the checksum database does not know them either.
# The binaries are .tools/bin/<tool>-<version> (a version is built once) with a .tools/bin/<tool> link.
#
# Usage: install-np-guard.sh [netpolicy|nettop]...   (default: both)
# Env: NETPOL_ANALYZER_VERSION (default v1.3.1), TOPOLOGY_ANALYZER_VERSION (default v2.3.0),
#      NP_GUARD_FORCE=1 to rebuild.
set -euo pipefail

NETPOL_ANALYZER_VERSION="${NETPOL_ANALYZER_VERSION:-v1.3.1}"
TOPOLOGY_ANALYZER_VERSION="${TOPOLOGY_ANALYZER_VERSION:-v2.3.0}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"

log() { printf 'install-np-guard: %s\n' "$*" >&2; }

# build TOOL MODULE PACKAGE VERSION
build() {
  local tool="$1" module="$2" package="$3" version="$4"
  local bin="$TOOLS/bin/$tool-$version" dir="$TOOLS/build/$tool-$version"
  if [[ "${NP_GUARD_FORCE:-0}" != 1 && -x "$bin" ]]; then
    ln -sfn "$tool-$version" "$TOOLS/bin/$tool"
    log "$tool $version already built at ${bin#"$ROOT"/}"
    return 0
  fi
  command -v go >/dev/null || { log "error: go is not on PATH (needed to build $tool)"; exit 1; }
  mkdir -p "$TOOLS/bin" "$dir"
  local start end
  start=$(date +%s)
  log "building $tool $version ($module) with $(go version | cut -d' ' -f3) in ${dir#"$ROOT"/} ..."
  (
    cd "$dir"
    rm -f go.mod go.sum tools.go
    cat >go.mod <<MOD
module local/${tool}build

go 1.22

require $module $version
MOD
    # A blank import keeps the requirement when go mod tidy runs.
    printf 'package tools\n\nimport _ "%s"\n' "$package" >tools.go
    timeout 900 go mod tidy
    timeout 900 go build -trimpath -ldflags "-w -s" -o "$bin.tmp" "$package"
  )
  mv -f "$bin.tmp" "$bin"
  ln -sfn "$tool-$version" "$TOOLS/bin/$tool"
  end=$(date +%s)
  log "built ${bin#"$ROOT"/} in $((end - start))s"
}

export CGO_ENABLED=0 GO111MODULE=on GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export GONOSUMDB="github.com/np-guard/*${GONOSUMDB:+,$GONOSUMDB}"
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-p=$(nproc 2>/dev/null || echo 2)"

mkdir -p "$TOOLS/bin"
# Serialise concurrent builds (several test runs or worktrees sharing .tools).
if command -v flock >/dev/null; then
  exec 9>"$TOOLS/.install-np-guard.lock"
  flock 9
fi

tools=("$@")
[[ ${#tools[@]} -gt 0 ]] || tools=(netpolicy nettop)
for t in "${tools[@]}"; do
  case "$t" in
    netpolicy) build netpolicy github.com/np-guard/netpol-analyzer github.com/np-guard/netpol-analyzer/cmd/netpolicy "$NETPOL_ANALYZER_VERSION" ;;
    nettop) build nettop github.com/np-guard/cluster-topology-analyzer/v2 github.com/np-guard/cluster-topology-analyzer/v2/cmd/nettop "$TOPOLOGY_ANALYZER_VERSION" ;;
    *) log "error: unknown tool \"$t\": use netpolicy or nettop"; exit 1 ;;
  esac
done
