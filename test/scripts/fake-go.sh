#!/usr/bin/env bash
# A recording stand-in for `go` (the real one builds for minutes and needs the module proxy): appends
# its argv to $FAKE_GO_LOG, one call a line, and fakes what scripts/lib/go-build.sh and
# scripts/testbed/build.sh ask of go: `version`, `env VAR`, `mod download -json M@V` (a go.mod with
# Kubernetes-style staging replaces and a client-go requirement, an .info with a Time), `mod init`,
# `mod edit`, `get P@V...` (remembers V), `list -m` (prints it) and `build -o OUT` (a script printing V).
set -euo pipefail
printf '%s\n' "$*" >>"$FAKE_GO_LOG"
case "$1" in
  version) echo "go version go1.0.0-fake linux/amd64" ;;
  env) echo "$FAKE_GO_HOME/$2" ;;
  mod)
    case "$2" in
      download)
        mv="${*: -1}" m="${mv%@*}" v="${mv#*@}"
        d="$FAKE_GO_HOME/mod/$m@$v"
        mkdir -p "$d"
        printf 'module %s\n\nrequire (\n\tk8s.io/client-go v0.31.3\n)\n\nreplace (\n\tk8s.io/api => ./staging/src/k8s.io/api\n\tk8s.io/apimachinery => ./staging/src/k8s.io/apimachinery\n)\n' "$m" >"$d.mod"
        printf '{"Version":"%s","Time":"2025-01-02T03:04:05Z"}\n' "$v" >"$d.info"
        printf '{\n\t"Path": "%s",\n\t"Version": "%s",\n\t"Info": "%s",\n\t"GoMod": "%s",\n\t"Dir": "%s",\n\t"Sum": "h1:fake="\n}\n' "$m" "$v" "$d.info" "$d.mod" "$d"
        ;;
      init) echo "module $3" >go.mod ;;
      edit) ;;
      *) echo "fake go: unexpected mod $2" >&2; exit 2 ;;
    esac
    ;;
  get) for a in "${@:2}"; do printf '%s\n' "${a#*@}" >.fake-version; done ;;
  list) cat .fake-version ;;
  build)
    out=""
    while (($#)); do
      [[ "$1" != -o ]] || out="$2"
      shift
    done
    printf '#!/bin/sh\necho %s\n' "$(cat .fake-version)" >"$out"
    chmod +x "$out"
    ;;
  *) echo "fake go: unexpected $*" >&2; exit 2 ;;
esac
