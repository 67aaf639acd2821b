# shellcheck shell=bash
# The workload half of the testbed (unless TESTBED_WORKLOADS=0), sourced by scripts/testbed.sh:
# kube-controller-manager, kube-scheduler and kwok with fake nodes, checked end to end with a
# one-replica Deployment. Uses kc, wait_until and fail_with_log from scripts/testbed.sh.
#
# Extra flags, split on spaces: TESTBED_CONTROLLER_MANAGER_ARGS, TESTBED_SCHEDULER_ARGS.

# The fake nodes kwok manages (it selects them by the annotation): no taints, room for the whole
# AFC chart several times over (the worker alone requests 4500Mi).
fake_nodes() {
  local i
  for ((i = 0; i < NODES; i++)); do
    cat <<YAML
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    type: kwok
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/role: agent
    node-role.kubernetes.io/agent: ""
status:
  allocatable: { cpu: "32", memory: 64Gi, pods: "110", ephemeral-storage: 100Gi }
  capacity: { cpu: "32", memory: 64Gi, pods: "110", ephemeral-storage: 100Gi }
YAML
  done
}

nodes_ready() {
  local ready
  ready="$(kc get nodes -l type=kwok -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}')"
  [[ "$(grep -c '^True$' <<<"$ready")" == "$NODES" ]]
}

smoke_available() {
  [[ "$(kc get deployment smoke -n testbed-smoke -o jsonpath='{.status.availableReplicas}')" == 1 ]]
}

# start_workloads API_PORT: start kube-controller-manager, kube-scheduler and kwok against the
# running API server, create the fake nodes, and check the whole chain with a one-replica Deployment.
start_workloads() {
  local api_port="$1" start d extra
  start=$(date +%s)
  : >"$LOGS/workloads.log"
  for d in "${WORKLOAD_DAEMONS[@]}"; do
    bash "$ROOT/scripts/testbed/kubeconfig.sh" "$PKI" "$PKI/$d.kubeconfig" "$api_port" \
      "$(case $d in kwok) echo kwok ;; *) echo "system:$d" ;; esac)"
  done

  log "starting kube-controller-manager"
  # --use-service-account-credentials: each controller acts as its own ServiceAccount in
  # kube-system with its bootstrap role (as kubeadm runs it). The node-lifecycle-controller removes
  # the not-ready taint new nodes get on admission once kwok reports them Ready; a 2-minute
  # grace period (default 50 s) keeps a busy machine, where kwok may renew a node lease late, from
  # marking them NotReady. No serving (--secure-port 0): readiness is checked through the API.
  read -ra extra <<<"${TESTBED_CONTROLLER_MANAGER_ARGS:-}"
  start_daemon kube-controller-manager "$LOGS/kube-controller-manager.log" -- \
    --kubeconfig "$PKI/kube-controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false \
    --use-service-account-credentials=true \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --node-monitor-grace-period 2m "${extra[@]}" ||
    fail_with_log "kube-controller-manager did not start" "$LOGS/kube-controller-manager.log"

  log "starting kube-scheduler"
  read -ra extra <<<"${TESTBED_SCHEDULER_ARGS:-}"
  start_daemon kube-scheduler "$LOGS/kube-scheduler.log" -- \
    --kubeconfig "$PKI/kube-scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false "${extra[@]}" ||
    fail_with_log "kube-scheduler did not start" "$LOGS/kube-scheduler.log"

  log "starting kwok $KWOK_VERSION ($NODES fake nodes)"
  # KWOK_WORKDIR: kwok would otherwise also load ~/.kwok/kwok.yaml. The Stages make fake nodes
  # Ready, pods on them Running and Ready (deleted ones go at once), and provision and bind
  # PersistentVolumes for claims of the kwok-volume StorageClass. --node-lease-duration-seconds:
  # without it (0 unless a KwokConfiguration sets it) kwok keeps no node leases, the node status
  # is refreshed only every 10-20 minutes, and the node-lifecycle-controller marks the nodes (and
  # their pods) NotReady after its grace period.
  start_daemon kwok "$LOGS/kwok.log" KWOK_WORKDIR="$TB/kwok" -- \
    --kubeconfig "$PKI/kwok.kubeconfig" --config "$KWOK_STAGES" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --node-lease-duration-seconds 40 --cidr 10.244.0.0/16 ||
    fail_with_log "kwok did not start" "$LOGS/kwok.log"

  # kwok-volume, the default StorageClass (StatefulSets' volumeClaimTemplates name none).
  { kc apply --server-side --field-manager=testbed -f "$KWOK_STORAGECLASS" &&
    fake_nodes | kc apply --server-side --field-manager=testbed -f -; } >>"$LOGS/workloads.log" 2>&1 ||
    fail_with_log "creating the StorageClass and the fake nodes failed" "$LOGS/workloads.log"
  wait_until 60 "$NODES fake nodes to be Ready (kwok)" nodes_ready
  # The serviceaccount-controller creates the default ServiceAccount of each namespace.
  wait_until 60 "the default ServiceAccount (kube-controller-manager)" \
    kc get serviceaccount default -n default
  # The whole chain: deployment + replicaset controllers, ServiceAccount admission, the scheduler,
  # kwok. The namespace is deleted afterwards (by the namespace-controller).
  kc apply --server-side --field-manager=testbed -f - >>"$LOGS/workloads.log" 2>&1 <<YAML ||
apiVersion: v1
kind: Namespace
metadata:
  name: testbed-smoke
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: smoke
  namespace: testbed-smoke
spec:
  replicas: 1
  selector:
    matchLabels: { app: smoke }
  template:
    metadata:
      labels: { app: smoke }
    spec:
      containers:
        - name: pause
          image: registry.k8s.io/pause:3.10
          resources:
            requests: { cpu: 10m, memory: 16Mi }
YAML
    fail_with_log "creating the smoke-test Deployment failed" "$LOGS/workloads.log"
  wait_until 90 "the smoke-test Deployment to be Available (controller-manager, scheduler, kwok)" smoke_available
  kc delete namespace testbed-smoke --wait=false >>"$LOGS/workloads.log" 2>&1 || true
  log "controller-manager, scheduler, kwok and $NODES fake nodes ready after $(($(date +%s) - start))s"
}
