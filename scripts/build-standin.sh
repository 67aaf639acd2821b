#!/usr/bin/env bash
# Build the recording stand-in of the runner tests (test/standins/standin, Go standard library only)
# into node_modules/.cache/afc/standin/standin-<key> (gitignored), where <key> hashes its sources and
# the Go version: an up-to-date binary is not rebuilt, so a warm run costs a hash and `go env`.
# Prints the binary's path on stdout; logs on stderr. npm test runs it (npm run tools:standin), and
# test/standins/standin.ts runs it when a test needs the stand-in.
# Env: AFC_STANDIN_OUT (the output folder), STANDIN_FORCE=1 to rebuild anyway.
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/test/standins/standin"
OUT="${AFC_STANDIN_OUT:-$ROOT/node_modules/.cache/afc/standin}"

die() { printf 'build-standin: error: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null ||
  die "go is not on PATH: the runner tests need Go (1.22 or later) to build their stand-in test/standins/standin; install Go or put it on PATH"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" CGO_ENABLED=0 GO111MODULE=on GOFLAGS="${GOFLAGS:-}"
goversion="$(timeout -k 5 60 go env GOVERSION)" || die "\`go env GOVERSION\` failed"
key="$({ printf '%s\n' "$goversion"; cd "$SRC" && sha256sum go.mod *.go; } | sha256sum | cut -c1-16)"
bin="$OUT/standin-$key"

if [[ "${STANDIN_FORCE:-0}" != 1 && -x "$bin" ]]; then
  printf '%s\n' "$bin"
  exit 0
fi

mkdir -p "$OUT"
tmp="$bin.tmp.$$"
trap 'rm -f "$tmp"' EXIT
start=$(date +%s)
# In our process group with a time limit, so it dies with us on SIGINT.
(cd "$SRC" && timeout --foreground -k 10 600 go build -trimpath -ldflags "-s -w" -o "$tmp" .) ||
  die "go build of test/standins/standin failed"
# Atomic: a concurrent run (another test worker) sees the old binary or the new one, never half of it.
mv -f "$tmp" "$bin"
# Older builds (other sources or Go versions) are no longer used.
find "$OUT" -maxdepth 1 -name 'standin-*' ! -name "standin-$key" ! -name '*.tmp.*' -delete
printf 'build-standin: built %s with %s in %ss\n' "${bin#"$ROOT"/}" "$goversion" "$(($(date +%s) - start))" >&2
printf '%s\n' "$bin"
