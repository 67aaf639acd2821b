#!/usr/bin/env bash
# Build helm from the Go module proxy into .tools/bin/helm (gitignored).
#
# helm is built from source in a throwaway Go module under .tools/build/helm, with the version
# ldflags helm's own Makefile sets, so that `helm version` reports the pinned version and
# `helm template`/`helm lint` assume the Kubernetes version of helm's client-go (not v1.20).
#
# Idempotent: exits at once when .tools/bin/helm already reports the pinned version.
# Env: HELM_VERSION (default v3.16.4), HELM_FORCE=1 to rebuild anyway.
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-v3.16.4}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
BIN="$TOOLS/bin/helm"
BUILD="$TOOLS/build/helm"

log() { printf 'install-helm: %s\n' "$*" >&2; }

installed_version() {
  [[ -x "$BIN" ]] && "$BIN" version --short 2>/dev/null || true
}

is_current() {
  local v
  v="$(installed_version)"
  # `helm version --short` prints e.g. "v3.16.4" or "v3.16.4+g<sha>"
  [[ "$v" == "$HELM_VERSION" || "$v" == "$HELM_VERSION+"* ]]
}

if [[ "${HELM_FORCE:-0}" != 1 ]] && is_current; then
  log "helm $HELM_VERSION already installed at ${BIN#"$ROOT"/}"
  exit 0
fi

command -v go >/dev/null || { log "error: go is not on PATH"; exit 1; }
mkdir -p "$TOOLS/bin" "$BUILD"

# Serialise concurrent builds (e.g. testbed.sh and a developer running npm run tools:helm).
if command -v flock >/dev/null; then
  exec 9>"$TOOLS/.install-helm.lock"
  flock 9
  if [[ "${HELM_FORCE:-0}" != 1 ]] && is_current; then
    log "helm $HELM_VERSION already installed at ${BIN#"$ROOT"/} (built concurrently)"
    exit 0
  fi
fi

export CGO_ENABLED=0 GO111MODULE=on GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
# Never build with more parallelism than the machine has.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-p=$(nproc 2>/dev/null || echo 2)"

start=$(date +%s)
log "building helm $HELM_VERSION with $(go version | cut -d' ' -f3) in ${BUILD#"$ROOT"/} ..."
cd "$BUILD"
rm -f go.mod go.sum
go mod init local/helmbuild 2>/dev/null
# Get the main package (not just the module) so go.sum covers all of its imports.
go get "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"

# Same derivation as helm's Makefile: the Kubernetes version helm assumes comes from client-go
# (client-go v0.31.3 -> Kubernetes 1.31).
client_go="$(go list -m -f '{{.Version}}' k8s.io/client-go)"   # e.g. v0.31.3
IFS=. read -r cg_major cg_minor _ <<<"${client_go#v}"
k8s_major=$((cg_major + 1))
k8s_minor="$cg_minor"

ldflags="-w -s"
ldflags+=" -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
ldflags+=" -X helm.sh/helm/v3/internal/version.metadata="
ldflags+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
ldflags+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=$k8s_major"
ldflags+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$k8s_minor"
ldflags+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=$k8s_major"
ldflags+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$k8s_minor"

go build -trimpath -ldflags "$ldflags" -o "$BIN.tmp" helm.sh/helm/v3/cmd/helm
mv -f "$BIN.tmp" "$BIN"

end=$(date +%s)
log "built $("$BIN" version --short) (assumes Kubernetes $k8s_major.$k8s_minor from client-go $client_go) in $((end - start))s"
if ! is_current; then
  log "error: built binary reports '$(installed_version)', expected $HELM_VERSION"
  exit 1
fi
