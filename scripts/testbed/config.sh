# shellcheck shell=bash
# The testbed's pinned versions, settings and paths; sourced by scripts/testbed.sh and the scripts
# in scripts/testbed/ (build.sh, daemons.sh, workloads.sh).
#
# Env overrides: TESTBED_K8S_VERSION, TESTBED_ETCD_VERSION, TESTBED_KWOK_VERSION,
# TESTBED_WORKLOADS (1 or 0), TESTBED_ESO (0 or 1), TESTBED_ESO_VERSION, TESTBED_NODES (fake nodes, default 2), TESTBED_READY_TIMEOUT (seconds).

K8S_VERSION="${TESTBED_K8S_VERSION:-v1.34.4}"
ETCD_VERSION="${TESTBED_ETCD_VERSION:-v3.6.16}"
KWOK_VERSION="${TESTBED_KWOK_VERSION:-v0.8.0}"
READY_TIMEOUT="${TESTBED_READY_TIMEOUT:-120}"
# 1 (default): also run kube-controller-manager, kube-scheduler and kwok with fake nodes, so that
# workloads get Ready pods. 0: etcd + kube-apiserver only (objects are stored, nothing runs).
WORKLOADS="${TESTBED_WORKLOADS:-1}"
NODES="${TESTBED_NODES:-2}"
# 1: also build External Secrets' controller (heavy: every provider SDK; several minutes on 2 CPUs),
# which e2e/external-secrets.e2e.test.ts runs against the testbed. 0 (default): not built.
ESO="${TESTBED_ESO:-0}"
ESO_VERSION="${TESTBED_ESO_VERSION:-v0.16.2}"
[[ "$ESO" == 0 || "$ESO" == 1 ]] || { echo "testbed: error: TESTBED_ESO must be 0 or 1" >&2; exit 2; }
[[ "$WORKLOADS" == 0 || "$WORKLOADS" == 1 ]] || { echo "testbed: error: TESTBED_WORKLOADS must be 0 or 1" >&2; exit 2; }
[[ "$NODES" =~ ^[1-9][0-9]?$ ]] || { echo "testbed: error: TESTBED_NODES must be 1..99" >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TB="$ROOT/.testbed"
BIN="$TB/bin"
BUILD="$TB/build"
LOGS="$TB/logs"
PKI="$TB/pki"
DATA="$TB/etcd-data"
KUBECONFIG_FILE="$TB/kubeconfig"

ETCD_BIN="$BIN/etcd-$ETCD_VERSION"
APISERVER_BIN="$BIN/kube-apiserver-$K8S_VERSION"
KUBECTL_BIN="$BIN/kubectl-$K8S_VERSION"
KCM_BIN="$BIN/kube-controller-manager-$K8S_VERSION"
SCHEDULER_BIN="$BIN/kube-scheduler-$K8S_VERSION"
KWOK_BIN="$BIN/kwok-$KWOK_VERSION"
ESO_BIN="$BIN/external-secrets-$ESO_VERSION"
# kwok's Stage definitions and StorageClass, copied from the pinned kwok module next to its binary.
KWOK_STAGES="$BIN/kwok-$KWOK_VERSION-stages.yaml"
KWOK_STORAGECLASS="$BIN/kwok-$KWOK_VERSION-storageclass.yaml"

# The daemons in start order (down stops them in reverse), and the binary each one runs.
DAEMONS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)
WORKLOAD_DAEMONS=(kube-controller-manager kube-scheduler kwok)
bin_of() {
  case "$1" in
    etcd) printf '%s\n' "$ETCD_BIN" ;;
    kube-apiserver) printf '%s\n' "$APISERVER_BIN" ;;
    kube-controller-manager) printf '%s\n' "$KCM_BIN" ;;
    kube-scheduler) printf '%s\n' "$SCHEDULER_BIN" ;;
    kwok) printf '%s\n' "$KWOK_BIN" ;;
    *) die "unknown daemon $1" ;;
  esac
}

log() { printf 'testbed: %s\n' "$*" >&2; }
die() { printf 'testbed: error: %s\n' "$*" >&2; exit 1; }
rel() { printf '%s' "${1#"$ROOT"/}"; }
