#!/usr/bin/env bash
# Build kube-score (github.com/zegl/kube-score/cmd/kube-score) at the pinned version from the Go
# module proxy into .tools/bin/kube-score-<version> (gitignored), cached by version, with the shared
# helper scripts/lib/go-build.sh (a wrapper module that requires the exact version, so the proxy's
# version list is never consulted). Prints the binary's path on stdout.
# Env: KUBE_SCORE_VERSION (default v1.20.0), KUBE_SCORE_FORCE=1 to rebuild anyway.
set -euo pipefail

VERSION="${KUBE_SCORE_VERSION:-v1.20.0}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

GO_BUILD_FORCE="${KUBE_SCORE_FORCE:-0}" exec bash "$ROOT/scripts/lib/go-build.sh" \
  --module github.com/zegl/kube-score --version "$VERSION" --pkg cmd/kube-score \
  --ldflags "-X main.version=${VERSION#v}"
