#!/usr/bin/env bash
# kubeconfig.sh PKI_DIR FILE PORT USER: write FILE (mode 600, atomically), a kubeconfig for
# https://127.0.0.1:PORT with USER's token from PKI_DIR/tokens.csv and the CA embedded; cluster and
# context "testbed", user "testbed-<USER with : as ->", namespace default.
set -euo pipefail
pki="${1:?usage: kubeconfig.sh PKI_DIR FILE PORT USER}" file="${2:?}" port="${3:?}" user="${4:?}"
[[ "$port" =~ ^[0-9]+$ ]] || { echo "testbed: error: bad port '$port'" >&2; exit 1; }
token="$(awk -F, -v u="$user" '$2 == u { print $1; exit }' "$pki/tokens.csv")"
[[ -n "$token" ]] || { echo "testbed: error: no token for $user in $pki/tokens.csv" >&2; exit 1; }
ca="$(base64 -w0 <"$pki/ca.crt")"
user="testbed-${user//:/-}"
umask 077
cat >"$file.tmp" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: testbed
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority-data: $ca
users:
- name: $user
  user:
    token: $token
contexts:
- name: testbed
  context:
    cluster: testbed
    user: $user
    namespace: default
current-context: testbed
YAML
mv -f "$file.tmp" "$file"
