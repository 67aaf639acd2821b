#!/usr/bin/env bash
# Build np-guard's analyzers from the Go module proxy into .tools/bin (gitignored), cached by version,
# with the project's Go build helper (scripts/lib/go-build.sh):
#   netpolicy  github.com/np-guard/netpol-analyzer               cmd/netpolicy  (NETPOL_ANALYZER_VERSION)
#   nettop     github.com/np-guard/cluster-topology-analyzer/v2  cmd/nettop     (TOPOLOGY_ANALYZER_VERSION)
#
# The proxy lists no versions of these modules (`go install ...@latest` finds none), so each is built
# from a wrapper go.mod that requires the exact version; GONOSUMDB=github.com/np-guard/* because the
# checksum database does not vouch for them. Binaries: .tools/bin/<tool>-<version>, linked as <tool>.
#
# Usage: install-np-guard.sh [netpolicy|nettop]...   (default: both)
# Env: NETPOL_ANALYZER_VERSION (default v1.3.1), TOPOLOGY_ANALYZER_VERSION (default v2.3.0),
#      GO_BUILD_FORCE=1 to rebuild.
set -euo pipefail

NETPOL_ANALYZER_VERSION="${NETPOL_ANALYZER_VERSION:-v1.3.1}"
TOPOLOGY_ANALYZER_VERSION="${TOPOLOGY_ANALYZER_VERSION:-v2.3.0}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GO_BUILD=(bash "$ROOT/scripts/lib/go-build.sh" --nosumdb 'github.com/np-guard/*')

tools=("$@")
[[ ${#tools[@]} -gt 0 ]] || tools=(netpolicy nettop)
for t in "${tools[@]}"; do
  case "$t" in
    netpolicy) "${GO_BUILD[@]}" --module github.com/np-guard/netpol-analyzer --version "$NETPOL_ANALYZER_VERSION" --pkg cmd/netpolicy >/dev/null ;;
    nettop) "${GO_BUILD[@]}" --module github.com/np-guard/cluster-topology-analyzer/v2 --version "$TOPOLOGY_ANALYZER_VERSION" --pkg cmd/nettop >/dev/null ;;
    *) printf 'install-np-guard: error: unknown tool "%s": use netpolicy or nettop\n' "$t" >&2; exit 1 ;;
  esac
  printf 'install-np-guard: %s ready in .tools/bin\n' "$t" >&2
done
