#!/usr/bin/env bash
# Build helm from the Go module proxy into .tools/bin (gitignored), with scripts/lib/go-build.sh:
# .tools/bin/helm-<version>. Helm 3 (the default, what `npm test` runs) also gets the symlink
# .tools/bin/helm; Helm 4 is kept beside it without touching that symlink, and is selected with
# AFC_HELM=.tools/bin/helm-v4.3.2 (`npm run test:helm4`, the e2e's Helm 4 lane in .ci/run).
#
# The version ldflags are those helm's own Makefile sets, so that `helm version` reports the pinned
# version and `helm template`/`helm lint` assume the Kubernetes version of helm's client-go (not v1.20).
# Helm 3 needs that Kubernetes version as ldflags too; Helm 4 reads it from the binary's build info
# (the client-go version the build resolved), so its Makefile sets only internal/version.
#
# Idempotent: exits at once when the binary already reports the pinned version.
# Env: HELM_VERSION (default v3.16.4; v4.x.y builds helm.sh/helm/v4), HELM_FORCE=1 to rebuild anyway.
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-v3.16.4}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf 'install-helm: %s\n' "$*" >&2; }

major="${HELM_VERSION#v}"
major="${major%%.*}"
case "$major" in
  3)
    module=helm.sh/helm/v3
    BIN="$ROOT/.tools/bin/helm"
    link=()
    ;;
  4)
    module=helm.sh/helm/v4
    BIN="$ROOT/.tools/bin/helm-$HELM_VERSION"
    link=(--no-link)
    ;;
  *)
    log "error: HELM_VERSION '$HELM_VERSION' is neither Helm 3 nor Helm 4 (e.g. v3.16.4 or v4.3.2)"
    exit 2
    ;;
esac
GO_BUILD=(bash "$ROOT/scripts/lib/go-build.sh" --module "$module" --version "$HELM_VERSION" "${link[@]}")

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

# Same derivation as helm's Makefile (v3) and build info (v4): the Kubernetes version helm assumes
# comes from the client-go helm requires (client-go v0.31.3 -> Kubernetes 1.31).
gomod="$("${GO_BUILD[@]}" --info GoMod)"
client_go="$(sed -n 's#^[[:space:]]*k8s\.io/client-go \(v[0-9][^ ]*\).*#\1#p' "$gomod" | sed -n 1p)"
[[ -n "$client_go" ]] || { log "error: no k8s.io/client-go requirement in $gomod"; exit 1; }
IFS=. read -r cg_major cg_minor _ <<<"${client_go#v}"
k8s_major=$((cg_major + 1))
k8s_minor="$cg_minor"

ldflags="-X $module/internal/version.version=$HELM_VERSION"
ldflags+=" -X $module/internal/version.metadata="
ldflags+=" -X $module/internal/version.gitTreeState=clean"
if [[ "$major" == 3 ]]; then
  ldflags+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=$k8s_major"
  ldflags+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$k8s_minor"
  ldflags+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=$k8s_major"
  ldflags+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$k8s_minor"
fi

# HELM_FORCE=1 rebuilds even a cached helm-<version>; the Helm 3 build replaces a helm binary of the
# old layout (a plain file) by the symlink.
GO_BUILD_FORCE="${HELM_FORCE:-0}" "${GO_BUILD[@]}" --pkg cmd/helm --ldflags "$ldflags" >/dev/null
log "helm: ${BIN#"$ROOT"/} $("$BIN" version --short) (assumes Kubernetes $k8s_major.$k8s_minor from client-go $client_go)"
if ! is_current; then
  log "error: ${BIN#"$ROOT"/} reports '$("$BIN" version --short 2>&1 || true)', expected $HELM_VERSION"
  exit 1
fi
