#!/usr/bin/env bash
# Build helm from the Go module proxy into .tools/bin/helm (gitignored), with scripts/lib/go-build.sh:
# .tools/bin/helm-<version>, and the symlink .tools/bin/helm.
#
# The version ldflags are those helm's own Makefile sets, so that `helm version` reports the pinned
# version and `helm template`/`helm lint` assume the Kubernetes version of helm's client-go (not v1.20).
#
# Idempotent: exits at once when .tools/bin/helm already reports the pinned version.
# Env: HELM_VERSION (default v3.16.4), HELM_FORCE=1 to rebuild anyway.
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-v3.16.4}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/.tools/bin/helm"
GO_BUILD=(bash "$ROOT/scripts/lib/go-build.sh" --module helm.sh/helm/v3 --version "$HELM_VERSION")

log() { printf 'install-helm: %s\n' "$*" >&2; }

is_current() {
  local v
  v="$([[ -x "$BIN" ]] && "$BIN" version --short 2>/dev/null || true)"
  # `helm version --short` prints e.g. "v3.16.4" or "v3.16.4+g<sha>"
  [[ "$v" == "$HELM_VERSION" || "$v" == "$HELM_VERSION+"* ]]
}

if [[ "${HELM_FORCE:-0}" != 1 ]] && is_current; then
  log "helm $HELM_VERSION already installed at ${BIN#"$ROOT"/}"
  exit 0
fi

# Same derivation as helm's Makefile: the Kubernetes version helm assumes comes from the client-go
# helm requires (client-go v0.31.3 -> Kubernetes 1.31).
gomod="$("${GO_BUILD[@]}" --info GoMod)"
client_go="$(sed -n 's#^[[:space:]]*k8s\.io/client-go \(v[0-9][^ ]*\).*#\1#p' "$gomod" | sed -n 1p)"
[[ -n "$client_go" ]] || { log "error: no k8s.io/client-go requirement in $gomod"; exit 1; }
IFS=. read -r cg_major cg_minor _ <<<"${client_go#v}"
k8s_major=$((cg_major + 1))
k8s_minor="$cg_minor"

ldflags="-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
ldflags+=" -X helm.sh/helm/v3/internal/version.metadata="
ldflags+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
ldflags+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=$k8s_major"
ldflags+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$k8s_minor"
ldflags+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=$k8s_major"
ldflags+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$k8s_minor"

# HELM_FORCE=1 rebuilds even a cached helm-<version>; the build replaces a helm binary of the old
# layout (a plain file) by the symlink.
GO_BUILD_FORCE="${HELM_FORCE:-0}" "${GO_BUILD[@]}" --pkg cmd/helm --ldflags "$ldflags" >/dev/null
log "helm: $("$BIN" version --short) (assumes Kubernetes $k8s_major.$k8s_minor from client-go $client_go)"
if ! is_current; then
  log "error: ${BIN#"$ROOT"/} reports '$("$BIN" version --short 2>&1 || true)', expected $HELM_VERSION"
  exit 1
fi
