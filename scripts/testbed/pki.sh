#!/usr/bin/env bash
# pki.sh DIR: (re)create the testbed's credentials in DIR (mode 700 files, 30 days):
#   ca.crt/ca.key         the cluster CA (also signs the controller-manager's certificates)
#   serving.crt/.key      kube-apiserver's serving certificate for 127.0.0.1, localhost, kubernetes
#   sa.key/sa.pub         the ServiceAccount token signing key pair
#   tokens.csv            static bearer tokens (token,user,uid[,"groups"]): admin (system:masters),
#                         system:kube-controller-manager, system:kube-scheduler, kwok (system:masters)
# DIR is removed first: it must be a folder the testbed owns (.testbed/pki).
set -euo pipefail
dir="${1:?usage: pki.sh DIR}"
command -v openssl >/dev/null || { echo "testbed: error: openssl is needed to generate the testbed certificates" >&2; exit 1; }
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
umask 077
ossl() { timeout 60 openssl "$@" 2>/dev/null; }
ossl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout ca.key -out ca.crt \
  -subj "/CN=testbed-ca" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature"
ossl req -newkey rsa:2048 -nodes -keyout serving.key -out serving.csr -subj "/CN=kube-apiserver"
printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default" \
  "extendedKeyUsage=serverAuth" "keyUsage=critical,digitalSignature,keyEncipherment" >serving.ext
ossl x509 -req -in serving.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 \
  -extfile serving.ext -out serving.crt
ossl genrsa -out sa.key 2048
ossl rsa -in sa.key -pubout -out sa.pub
# The controller-manager and the scheduler act as the users their bootstrap RBAC roles are bound
# to; kwok (it writes node, pod and volume status, node leases and PersistentVolumes) as an admin.
{
  printf '%s,admin,admin,"system:masters"\n' "$(ossl rand -hex 24)"
  printf '%s,system:kube-controller-manager,kube-controller-manager\n' "$(ossl rand -hex 24)"
  printf '%s,system:kube-scheduler,kube-scheduler\n' "$(ossl rand -hex 24)"
  printf '%s,kwok,kwok,"system:masters"\n' "$(ossl rand -hex 24)"
} >tokens.csv
