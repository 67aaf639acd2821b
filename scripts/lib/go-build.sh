#!/usr/bin/env bash
# go-build: build Go commands at an exact version from the Go module proxy, cached by version.
#
# Every Go tool the project takes from the module proxy (helm, etcd, the Kubernetes binaries, kwok,
# the analyzers) is built this way; the runner tests' recording stand-in, from the project's own
# sources (test/standins/standin), is built by scripts/build-standin.sh instead, cached by its sources
# and the Go version. Here: a throwaway wrapper module (go.mod "local/<name>build") requires the module at
# the exact version, `go get` fills go.sum through the proxy (checked against the checksum database
# unless --nosumdb), and `go build -trimpath` writes <out>/<name>-<version> and points the symlink
# <out>/<name> at it. A binary that is already there, built with the same package, ldflags and
# replaces, is not rebuilt (GO_BUILD_FORCE=1 rebuilds anyway).
# Prints the path of each binary (<out>/<name>-<version>), one per line, on stdout; logs on stderr.
#
#   bash scripts/lib/go-build.sh --module github.com/zegl/kube-score --version v1.20.0 \
#     --pkg cmd/kube-score
#   bash scripts/lib/go-build.sh --module github.com/np-guard/netpol-analyzer --version v1.4.2 \
#     --pkg cmd/netpolicy=k8snetpolicy --nosumdb 'github.com/np-guard/*'
#   bash scripts/lib/go-build.sh --info Dir --module sigs.k8s.io/kwok --version v0.8.0
#
# Options:
#   --module PATH       module path (required)
#   --version VERSION   exact version: v1.2.3, v1.2.3-rc.1 or a pseudo-version (required)
#   --pkg PKG[=NAME]    package to build, relative to the module ("cmd/helm", "." for the root) or a
#                       full import path; NAME defaults to its last path element (a /vN suffix
#                       skipped). Repeatable: one wrapper module, only the missing binaries are
#                       built. Default: the module root.
#   --out DIR           where the binaries go (default: <repo>/.tools/bin)
#   --build-dir DIR     the wrapper module (default: <out>/../build/<first name>-<version>)
#   --nosumdb PATTERNS  add PATTERNS (comma-separated module path globs) to GONOSUMDB, for modules
#                       the public checksum database cannot vouch for; go.sum still records what
#                       the proxy served
#   --replace OLD=NEW   `go mod edit -replace=OLD=NEW` in the wrapper module (repeatable)
#   --ldflags FLAGS     extra linker flags after "-s -w", e.g. "-X example.com/m/version.v=v1.2.3"
#   --no-link           do not point the symlink <out>/<name> at the binary (a second version kept
#                       next to the default one, e.g. .tools/bin/helm-v4.3.2 beside helm -> v3)
#   --info FIELD        build nothing: download MODULE@VERSION and print one field of
#                       `go mod download -json` (Dir, GoMod, Zip, Sum) or its commit Time (UTC)
# Env: GO_BUILD_FORCE=1 rebuilds; GO_BUILD_TIMEOUT bounds each go command (seconds, default 3600);
# GOTOOLCHAIN defaults to local (no toolchain download); builds use at most `nproc` jobs. One
# build per output folder at a time (flock on <out>/.go-build.lock).
set -euo pipefail

log() { printf 'go-build: %s\n' "$*" >&2; }
die() { printf 'go-build: error: %s\n' "$*" >&2; exit "${2:-1}"; }
# go with a time limit; in our process group, so it dies with us on SIGINT.
gocmd() { timeout --foreground -k 10 "${GO_BUILD_TIMEOUT:-3600}" go "$@"; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
module="" version="" out="$ROOT/.tools/bin" build_dir="" nosumdb="" ldflags="" info="" link=1
pkgs=() replaces=()
while (($#)); do
  case "$1" in
    --module | --version | --pkg | --out | --build-dir | --nosumdb | --replace | --ldflags | --info)
      (($# >= 2)) || die "$1 needs a value (see the usage at the top of scripts/lib/go-build.sh)" 2
      case "$1" in
        --module) module="$2" ;;
        --version) version="$2" ;;
        --pkg) pkgs+=("$2") ;;
        --out) out="$2" ;;
        --build-dir) build_dir="$2" ;;
        --nosumdb) nosumdb="$2" ;;
        --replace) replaces+=("$2") ;;
        --ldflags) ldflags="$2" ;;
        --info) info="$2" ;;
      esac
      shift 2
      ;;
    --no-link)
      link=0
      shift
      ;;
    *) die "unknown option '$1' (see the usage at the top of scripts/lib/go-build.sh)" 2 ;;
  esac
done
[[ -n "$module" ]] || die "--module is required" 2
[[ "$version" =~ ^v[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]] ||
  die "--version '$version' is not an exact version (v1.2.3, v1.2.3-rc.1 or a pseudo-version)" 2
command -v go >/dev/null || die "go is not on PATH (needed to build $module@$version)"
export GO111MODULE=on GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
[[ -z "$nosumdb" ]] || export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}$nosumdb"

if [[ -n "$info" ]]; then
  json="$(cd / && gocmd mod download -json "$module@$version")" || die "could not download $module@$version"
  # field NAME JSON: the string value of NAME (go's JSON here has no escaped quotes in values).
  field() { sed -n "s/.*\"$1\": *\"\([^\"]*\)\".*/\1/p" <<<"$2" | sed -n 1p; }
  case "$info" in
    Dir | GoMod | Zip | Sum) value="$(field "$info" "$json")" ;;
    Time)
      value="$(field Time "$(cat "$(field Info "$json")")")"
      [[ -z "$value" ]] || value="$(date -u -d "$value" +%Y-%m-%dT%H:%M:%SZ)"
      ;;
    *) die "--info takes Dir, GoMod, Zip, Sum or Time, not '$info'" 2 ;;
  esac
  [[ -n "$value" ]] || die "go mod download -json $module@$version has no $info"
  printf '%s\n' "$value"
  exit 0
fi

# Each --pkg as an import path and a binary name.
((${#pkgs[@]})) || pkgs=(.)
imports=() names=()
for p in "${pkgs[@]}"; do
  path="${p%%=*}" name=""
  [[ "$p" != *=* ]] || name="${p#*=}"
  case "$path" in
    . | "") path="$module" ;;
    "$module" | "$module"/*) ;;
    *) path="$module/${path#./}" ;;
  esac
  if [[ -z "$name" ]]; then
    name="${path##*/}"
    if [[ "$name" =~ ^v[0-9]+$ && "$path" == */* ]]; then name="${path%/*}" name="${name##*/}"; fi
  fi
  [[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "bad binary name '$name' for $path (use --pkg PKG=NAME)" 2
  imports+=("$path")
  names+=("$name")
done

# What a binary was built with (package, ldflags, replaces), kept next to it: a cached binary built
# with other flags (another script's ldflags, say) is rebuilt. Binaries without this record (built
# before it existed) are kept.
build_args() { printf '%s\n' "$1" "-s -w${ldflags:+ $ldflags}" "${replaces[@]}" | sha256sum | cut -c1-16; }
args_file() { printf '%s/.%s-%s.args' "$out" "$1" "$version"; }
missing=()
find_missing() {
  local i recorded
  missing=()
  for i in "${!names[@]}"; do
    recorded="$(cat "$(args_file "${names[i]}")" 2>/dev/null || true)"
    if [[ "${GO_BUILD_FORCE:-0}" != 1 && -x "$out/${names[i]}-$version" ]] &&
      [[ -z "$recorded" || "$recorded" == "$(build_args "${imports[i]}")" ]]; then
      continue
    fi
    missing+=("$i")
  done
}
print_bins() {
  local i
  for i in "${!names[@]}"; do
    ((link == 0)) || ln -sfn "${names[i]}-$version" "$out/${names[i]}"
    printf '%s\n' "$out/${names[i]}-$version"
  done
}

# -m: through a symlinked folder whose target is missing too (a worktree's .tools -> a shared one).
mkdir -p "$(realpath -m "$out")"
find_missing
if ((${#missing[@]})) && command -v flock >/dev/null; then
  exec 7>"$out/.go-build.lock"
  flock 7
  find_missing # built meanwhile by a concurrent run?
fi
if ((${#missing[@]} == 0)); then
  exec 7>&-
  print_bins
  exit 0
fi

export CGO_ENABLED=0
[[ " ${GOFLAGS:-} " == *" -p="* ]] || export GOFLAGS="${GOFLAGS:+$GOFLAGS }-p=$(nproc 2>/dev/null || echo 2)"
build_dir="${build_dir:-$(dirname "$out")/build/${names[0]}-$version}"
want=()
for i in "${missing[@]}"; do want+=("${names[i]}"); done
start=$(date +%s)
log "building ${want[*]} from $module@$version with $(go version | cut -d' ' -f3) in ${build_dir#"$ROOT"/} ..."
mkdir -p "$build_dir"
cd "$build_dir"
rm -f go.mod go.sum
gocmd mod init "local/${names[0]//[^A-Za-z0-9]/}build" 2>/dev/null
for r in "${replaces[@]}"; do gocmd mod edit "-replace=$r"; done
# As a dependency, not `go install m@v`, which refuses modules whose go.mod has replace lines.
# Get the packages (not just the module) so that go.sum covers all of their imports.
gets=()
for i in "${missing[@]}"; do gets+=("${imports[i]}@$version"); done
# Its long "go: added ..." list goes to a log, shown only if it fails.
gocmd get "${gets[@]}" 2>"$build_dir/go-get.log" || { cat "$build_dir/go-get.log" >&2; die "go get ${gets[*]} failed"; }
got="$(gocmd list -m -f '{{.Version}}' "$module")"
[[ "$got" == "$version" ]] || die "go get resolved $module to $got, not $version"
for i in "${missing[@]}"; do
  t=$(date +%s)
  bin="$out/${names[i]}-$version"
  # The fd of the lock is not inherited by the build (nor by anything it leaves running).
  gocmd build -trimpath -ldflags "-s -w${ldflags:+ $ldflags}" -o "$bin.tmp" "${imports[i]}" 7>&-
  mv -f "$bin.tmp" "$bin"
  build_args "${imports[i]}" >"$(args_file "${names[i]}")"
  log "built ${names[i]} $version in $(($(date +%s) - t))s"
done
((${#missing[@]} == 1)) || log "built ${want[*]} in $(($(date +%s) - start))s"
exec 7>&-
print_bins
