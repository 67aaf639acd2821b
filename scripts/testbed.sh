#!/usr/bin/env bash
# Local Kubernetes testbed on loopback, built from Go modules: etcd + kube-apiserver, and (unless
# TESTBED_WORKLOADS=0) kube-controller-manager, kube-scheduler and kwok with fake nodes.
#
#   bash scripts/testbed.sh build    build (once, cached by version) etcd, kube-apiserver, kubectl,
#                                    kube-controller-manager, kube-scheduler, kwok, helm
#   bash scripts/testbed.sh up       build if needed, start etcd + kube-apiserver, install the
#                                    prometheus-operator CRDs, write .testbed/kubeconfig; then start
#                                    the controller-manager, the scheduler and kwok, create the fake
#                                    nodes and check that a Deployment gets a Ready pod
#   bash scripts/testbed.sh down     stop exactly the processes `up` started (safe to call twice)
#   bash scripts/testbed.sh status   print "up: ..." or "down" (exit 0 / 3)
#   bash scripts/testbed.sh env      print export lines (eval "$(bash scripts/testbed.sh env)")
#
# There is no kubelet and no container runtime: kwok simulates them. Pods of Deployments and
# StatefulSets are scheduled onto the fake nodes and marked Running and Ready (nothing runs);
# claims of the default StorageClass (kwok-volume) are bound to fake PersistentVolumes.
# With TESTBED_WORKLOADS=0 objects are only validated and stored, and deleted namespaces stay
# Terminating. Use a fresh namespace per test either way.
# Everything lives under .testbed/ (gitignored): bin/ (binary cache), build/ (throwaway Go modules),
# pki/, etcd-data/, logs/, *.pid, kubeconfig. helm is built by scripts/install-helm.sh into .tools/bin.
#
# The parts, in scripts/testbed/: config.sh (versions, settings, paths), build.sh (the binaries,
# with scripts/lib/go-build.sh), pki.sh (certificates and tokens), kubeconfig.sh, daemons.sh
# (start, recognise and stop the daemons), workloads.sh (controller-manager, scheduler, kwok).
#
# Env overrides: TESTBED_K8S_VERSION, TESTBED_ETCD_VERSION, TESTBED_KWOK_VERSION,
# TESTBED_WORKLOADS (1 or 0), TESTBED_ESO (1: also build External Secrets' controller, for
# e2e/external-secrets.e2e.test.ts; default 0), TESTBED_NODES (fake nodes, default 2), TESTBED_READY_TIMEOUT
# (seconds), and extra flags, split on spaces: TESTBED_APISERVER_ARGS (e.g. --feature-gates=...),
# TESTBED_CONTROLLER_MANAGER_ARGS, TESTBED_SCHEDULER_ARGS.
set -euo pipefail

PARTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/testbed"
source "$PARTS/config.sh"
source "$PARTS/daemons.sh"
source "$PARTS/workloads.sh"

CRDS="$ROOT/crds/prometheus-operator-v0.72.0.yaml"
CRD_NAMES=(podmonitors.monitoring.coreos.com servicemonitors.monitoring.coreos.com prometheuses.monitoring.coreos.com)

kc() { "$KUBECTL_BIN" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

# fail_with_log MESSAGE LOGFILE...: print the message and the tail of each log; stop everything.
fail_with_log() {
  local msg="$1" logfile
  shift
  printf 'testbed: error: %s\n' "$msg" >&2
  for logfile in "$@"; do
    printf -- '--- last 40 lines of %s ---\n' "$(rel "$logfile")" >&2
    tail -n 40 "$logfile" >&2 || true
  done
  printf -- '---\n' >&2
  cmd_down >/dev/null 2>&1 || true
  exit 1
}

# Fail, with its log, if a daemon that was started has exited.
check_daemons() {
  local d
  for d in "${DAEMONS[@]}"; do
    [[ ! -f "$TB/$d.pid" ]] || pid_of "$d" >/dev/null || fail_with_log "$d exited" "$LOGS/$d.log"
  done
}

# wait_until SECONDS DESCRIPTION COMMAND...: run COMMAND every 0.5 s until it succeeds, checking
# that the daemons still run; on timeout, fail with what the cluster shows and the daemons' logs.
wait_until() {
  local timeout="$1" what="$2" deadline
  shift 2
  deadline=$(($(date +%s) + timeout))
  until "$@" >/dev/null 2>&1; do
    check_daemons
    if (($(date +%s) >= deadline)); then
      {
        echo "--- nodes, pods and events ---"
        kc get nodes,pods,pvc -A -o wide 2>&1
        kc get events -A --sort-by=.lastTimestamp 2>&1 | tail -n 30
      } >>"$LOGS/workloads.log"
      fail_with_log "timed out after ${timeout}s waiting for $what" "$LOGS/workloads.log" \
        "$LOGS/kube-controller-manager.log" "$LOGS/kube-scheduler.log" "$LOGS/kwok.log"
    fi
    sleep 0.5
  done
}

cmd_build() { bash "$PARTS/build.sh"; }

cmd_up() {
  if is_up; then
    log "already up ($(sed -n 's/^ *server: //p' "$KUBECONFIG_FILE")); nothing to do"
    if [[ $WORKLOADS == 1 ]] && ! has_workloads; then
      log "warning: it was started with TESTBED_WORKLOADS=0 (no controller-manager, scheduler, kwok); run 'down' and 'up' to get them"
    fi
    cmd_env
    return 0
  fi
  # A half-started or crashed testbed: clean up what is left of it first.
  if has_pid_files; then
    log "found a partial testbed; stopping its remains first"
    cmd_down
  fi
  cmd_build
  command -v openssl >/dev/null || die "openssl is needed to generate the testbed certificates"

  local start etcd_port peer_port api_port i extra
  start=$(date +%s)
  mkdir -p "$LOGS"
  rm -rf "$DATA" "$TB/kwok"
  mkdir -p "$DATA"
  chmod 700 "$DATA"
  bash "$PARTS/pki.sh" "$PKI"
  free_port etcd_port
  free_port peer_port
  free_port api_port

  log "starting etcd on 127.0.0.1:$etcd_port"
  start_daemon etcd "$LOGS/etcd.log" -- --name testbed --data-dir "$DATA" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "testbed=http://127.0.0.1:$peer_port" \
    --unsafe-no-fsync=true --quota-backend-bytes=$((2 * 1024 * 1024 * 1024)) ||
    fail_with_log "etcd did not start" "$LOGS/etcd.log"
  for ((i = 0; i < 100; i++)); do
    pid_of etcd >/dev/null || fail_with_log "etcd exited during startup" "$LOGS/etcd.log"
    if command -v curl >/dev/null; then
      [[ "$(curl -fsS --max-time 5 "http://127.0.0.1:$etcd_port/health" 2>/dev/null)" == *'"health":"true"'* ]] && break
    else
      (exec 3<>"/dev/tcp/127.0.0.1/$etcd_port") 2>/dev/null && break
    fi
    sleep 0.2
  done
  ((i < 100)) || fail_with_log "etcd not healthy after 20s" "$LOGS/etcd.log"

  # ServiceAccount admission needs the serviceaccount-controller (the default ServiceAccount of
  # each namespace), so it is on only with the controller-manager.
  read -ra extra <<<"${TESTBED_APISERVER_ARGS:-}"
  [[ $WORKLOADS == 1 ]] || extra=(--disable-admission-plugins ServiceAccount "${extra[@]}")
  # The audit log records every request on Secrets with its response (RequestResponse), nothing else: the
  # day-2 RBAC e2e reads it to prove that afc is sent no Secret data but its ApplySet parent's.
  cat >"$TB/audit-policy.yaml" <<'POLICY'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: RequestResponse
    resources:
      - group: ""
        resources: ["secrets"]
  - level: None
POLICY
  log "starting kube-apiserver on https://127.0.0.1:$api_port"
  start_daemon kube-apiserver "$LOGS/kube-apiserver.log" -- \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --secure-port "$api_port" --advertise-address 127.0.0.1 \
    --endpoint-reconciler-type none \
    --cert-dir "$PKI" --tls-cert-file "$PKI/serving.crt" --tls-private-key-file "$PKI/serving.key" \
    --client-ca-file "$PKI/ca.crt" --token-auth-file "$PKI/tokens.csv" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --authorization-mode RBAC \
    --service-cluster-ip-range 10.0.0.0/24 \
    --allow-privileged=true \
    --audit-policy-file "$TB/audit-policy.yaml" --audit-log-path "$LOGS/audit.log" --audit-log-maxsize 200 \
    "${extra[@]}" ||
    fail_with_log "kube-apiserver did not start" "$LOGS/kube-apiserver.log"
  bash "$PARTS/kubeconfig.sh" "$PKI" "$KUBECONFIG_FILE" "$api_port" admin

  local deadline=$(($(date +%s) + READY_TIMEOUT)) out=""
  while :; do
    pid_of kube-apiserver >/dev/null ||
      fail_with_log "kube-apiserver exited during startup" "$LOGS/kube-apiserver.log"
    out="$(kc get --raw /readyz --request-timeout=5s 2>&1)" && [[ "$out" == ok ]] && break
    (($(date +%s) < deadline)) ||
      fail_with_log "kube-apiserver /readyz not ok after ${READY_TIMEOUT}s (last answer: ${out:0:300})" "$LOGS/kube-apiserver.log"
    sleep 0.5
  done
  log "kube-apiserver ready after $(($(date +%s) - start))s"

  [[ -f "$CRDS" ]] || fail_with_log "CRD file $(rel "$CRDS") is missing" "$LOGS/kube-apiserver.log"
  # Server-side apply: the prometheuses CRD is larger than client-side apply's annotation limit.
  kc apply --server-side --field-manager=testbed -f "$CRDS" >"$LOGS/crds.log" 2>&1 ||
    fail_with_log "installing the prometheus-operator CRDs failed" "$LOGS/crds.log"
  # Retried: `kubectl wait` fails at once on a CRD that has no status yet (a busy API server).
  local crd_deadline=$(($(date +%s) + 60))
  until kc wait --for condition=Established --timeout=10s "${CRD_NAMES[@]/#/crd/}" >>"$LOGS/crds.log" 2>&1; do
    (($(date +%s) < crd_deadline)) ||
      fail_with_log "the prometheus-operator CRDs were not Established within 60s" "$LOGS/crds.log"
    sleep 1
  done
  log "prometheus-operator v0.72.0 CRDs established: ${CRD_NAMES[*]}"
  if [[ $WORKLOADS == 1 ]]; then start_workloads "$api_port"; fi
  log "up in $(($(date +%s) - start))s; kubeconfig: $(rel "$KUBECONFIG_FILE")"
  cmd_env
}

cmd_down() {
  local had=0 i order=()
  has_pid_files && had=1
  # Reverse start order: the clients of the API server first, etcd last.
  for ((i = ${#DAEMONS[@]} - 1; i >= 0; i--)); do order+=("${DAEMONS[i]}"); done
  stop_daemons "${order[@]}"
  # Credentials and data of a stopped testbed are useless; logs stay for post-mortems.
  rm -rf "$DATA" "$PKI" "$KUBECONFIG_FILE" "$TB/kwok"
  if [[ $had == 1 ]]; then log "down"; else log "already down"; fi
}

cmd_status() {
  local d pids=""
  if is_up; then
    for d in "${DAEMONS[@]}"; do
      [[ -f "$TB/$d.pid" ]] && pids+="${pids:+, }$d (pid $(pid_of "$d"))"
    done
    has_workloads || pids+=" (no controller-manager, scheduler, kwok: TESTBED_WORKLOADS=0)"
    echo "up: $(sed -n 's/^ *server: //p' "$KUBECONFIG_FILE"); $pids; KUBECONFIG=$KUBECONFIG_FILE"
    return 0
  fi
  if has_pid_files; then
    echo "down (partial: stale pid files in $(rel "$TB"); run 'down' to clean up)"
  else
    echo "down"
  fi
  return 3
}

cmd_env() {
  printf 'export KUBECONFIG=%q\n' "$KUBECONFIG_FILE"
  printf 'export PATH=%q:"$PATH"\n' "$BIN:$ROOT/.tools/bin"
}

case "${1:-}" in
  build) cmd_build ;;
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *)
    echo "usage: $0 up|down|status|env|build" >&2
    exit 2
    ;;
esac
