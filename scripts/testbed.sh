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
# Env overrides: TESTBED_K8S_VERSION, TESTBED_ETCD_VERSION, TESTBED_KWOK_VERSION,
# TESTBED_WORKLOADS (1 or 0), TESTBED_NODES (fake nodes, default 2), TESTBED_READY_TIMEOUT
# (seconds), and extra flags, split on spaces: TESTBED_APISERVER_ARGS (e.g. --feature-gates=...),
# TESTBED_CONTROLLER_MANAGER_ARGS, TESTBED_SCHEDULER_ARGS.
set -euo pipefail

K8S_VERSION="${TESTBED_K8S_VERSION:-v1.34.4}"
ETCD_VERSION="${TESTBED_ETCD_VERSION:-v3.6.16}"
KWOK_VERSION="${TESTBED_KWOK_VERSION:-v0.8.0}"
READY_TIMEOUT="${TESTBED_READY_TIMEOUT:-120}"
# 1 (default): also run kube-controller-manager, kube-scheduler and kwok with fake nodes, so that
# workloads get Ready pods. 0: etcd + kube-apiserver only (objects are stored, nothing runs).
WORKLOADS="${TESTBED_WORKLOADS:-1}"
NODES="${TESTBED_NODES:-2}"
[[ "$WORKLOADS" == 0 || "$WORKLOADS" == 1 ]] || { echo "testbed: error: TESTBED_WORKLOADS must be 0 or 1" >&2; exit 2; }
[[ "$NODES" =~ ^[1-9][0-9]?$ ]] || { echo "testbed: error: TESTBED_NODES must be 1..99" >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TB="$ROOT/.testbed"
BIN="$TB/bin"
BUILD="$TB/build"
LOGS="$TB/logs"
PKI="$TB/pki"
DATA="$TB/etcd-data"
KUBECONFIG_FILE="$TB/kubeconfig"
CRDS="$ROOT/crds/prometheus-operator-v0.72.0.yaml"
CRD_NAMES=(podmonitors.monitoring.coreos.com servicemonitors.monitoring.coreos.com prometheuses.monitoring.coreos.com)

ETCD_BIN="$BIN/etcd-$ETCD_VERSION"
APISERVER_BIN="$BIN/kube-apiserver-$K8S_VERSION"
KUBECTL_BIN="$BIN/kubectl-$K8S_VERSION"
KCM_BIN="$BIN/kube-controller-manager-$K8S_VERSION"
SCHEDULER_BIN="$BIN/kube-scheduler-$K8S_VERSION"
KWOK_BIN="$BIN/kwok-$KWOK_VERSION"
# kwok's Stage definitions and StorageClass, copied from the pinned kwok module next to its binary.
KWOK_STAGES="$BIN/kwok-$KWOK_VERSION-stages.yaml"
KWOK_STORAGECLASS="$BIN/kwok-$KWOK_VERSION-storageclass.yaml"

log() { printf 'testbed: %s\n' "$*" >&2; }
die() { printf 'testbed: error: %s\n' "$*" >&2; exit 1; }
rel() { printf '%s' "${1#"$ROOT"/}"; }

# ---------------------------------------------------------------------------------------------
# Build (cached by version)
# ---------------------------------------------------------------------------------------------

go_env() {
  command -v go >/dev/null || die "go is not on PATH (needed once to build the testbed binaries)"
  export CGO_ENABLED=0 GO111MODULE=on GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
  # Never build with more parallelism than the machine has.
  [[ " ${GOFLAGS:-} " == *" -p="* ]] || export GOFLAGS="${GOFLAGS:+$GOFLAGS }-p=$(nproc 2>/dev/null || echo 2)"
}

report_disk() {
  local gomodcache gocache
  gomodcache="$(go env GOMODCACHE)"
  gocache="$(go env GOCACHE)"
  log "disk: $(du -sh "$BIN" | cut -f1) $(rel "$BIN"), $(du -sh "$BUILD" | cut -f1) $(rel "$BUILD"), module cache $(du -sh "$gomodcache" 2>/dev/null | cut -f1) ($gomodcache), build cache $(du -sh "$gocache" 2>/dev/null | cut -f1) ($gocache)"
}

build_etcd() {
  [[ -x "$ETCD_BIN" ]] && return 0
  go_env
  local dir="$BUILD/etcd-$ETCD_VERSION" start
  start=$(date +%s)
  log "building etcd $ETCD_VERSION (go.etcd.io/etcd/server/v3) in $(rel "$dir") ..."
  mkdir -p "$dir" "$BIN"
  (
    cd "$dir"
    rm -f go.mod go.sum
    go mod init local/etcdbuild 2>/dev/null
    # As a dependency: etcd's own go.mod has relative replace lines that `go install` rejects.
    go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
    # etcd's Version is a constant in go.etcd.io/etcd/api/v3/version; GitSHA is only known to a
    # git checkout, so record the module version instead of "Not provided".
    go build -trimpath \
      -ldflags "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=module-$ETCD_VERSION" \
      -o "$ETCD_BIN.tmp" go.etcd.io/etcd/server/v3
    mv -f "$ETCD_BIN.tmp" "$ETCD_BIN"
  )
  log "built $("$ETCD_BIN" --version | sed -n 1p) in $(($(date +%s) - start))s"
}

# The k8s.io/kubernetes commands the testbed runs, each built once into $BIN/<cmd>-$K8S_VERSION.
KUBE_CMDS=(kube-apiserver kubectl kube-controller-manager kube-scheduler)

build_kube() {
  local c missing=()
  for c in "${KUBE_CMDS[@]}"; do [[ -x "$BIN/$c-$K8S_VERSION" ]] || missing+=("$c"); done
  ((${#missing[@]})) || return 0
  go_env
  local dir="$BUILD/kubernetes-$K8S_VERSION" start staging gomod mods m major minor build_date ldflags t
  start=$(date +%s)
  log "building ${missing[*]} $K8S_VERSION (k8s.io/kubernetes) in $(rel "$dir") ..."
  mkdir -p "$dir" "$BIN"
  (
    cd "$dir"
    rm -f go.mod go.sum
    go mod init local/k8sbuild 2>/dev/null
    # k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with ./staging/...
    # paths, which a consumer ignores. Replace each with its published release (v1.Y.Z -> v0.Y.Z),
    # reading the list from the go.mod of this very release (it changes between releases).
    staging="v0.${K8S_VERSION#v1.}"
    gomod="$(cd / && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
    [[ -f "$gomod" ]] || die "could not download the go.mod of k8s.io/kubernetes@$K8S_VERSION"
    mods="$(sed -n 's#^[[:space:]]*\(k8s\.io/[^ ]*\) => \./staging/.*#\1#p' "$gomod")"
    [[ -n "$mods" ]] || die "no staging replace lines found in $gomod"
    for m in $mods; do go mod edit "-replace=$m=$m@$staging"; done
    log "replaced $(wc -w <<<"$mods") staging modules with $staging"
    # Get the main packages (not just the module) so go.sum covers all of their imports.
    local pkgs=()
    for c in "${KUBE_CMDS[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c@$K8S_VERSION"); done
    go get "${pkgs[@]}"

    # The version ldflags of hack/lib/version.sh (minus the git commit, unknown outside a checkout):
    # without them /version says v0.0.0-master and clients' version checks misbehave.
    IFS=. read -r major minor _ <<<"${K8S_VERSION#v}"
    build_date="$(go list -m -f '{{if .Time}}{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}{{end}}' k8s.io/kubernetes)"
    ldflags="-s -w"
    for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
      ldflags+=" -X $pkg.gitTreeState=clean${build_date:+ -X $pkg.buildDate=$build_date}"
    done
    for c in "${missing[@]}"; do
      t=$(date +%s)
      go build -trimpath -ldflags "$ldflags" -o "$BIN/$c-$K8S_VERSION.tmp" "k8s.io/kubernetes/cmd/$c"
      mv -f "$BIN/$c-$K8S_VERSION.tmp" "$BIN/$c-$K8S_VERSION"
      log "built $c $K8S_VERSION in $(($(date +%s) - t))s"
    done
  )
  log "built ${missing[*]} in $(($(date +%s) - start))s: $("$APISERVER_BIN" --version), kubectl $("$KUBECTL_BIN" version --client -o json | sed -n 's/.*"gitVersion": "\(.*\)".*/\1/p' | sed -n 1p)"
}

# kwok (sigs.k8s.io/kwok, cmd/kwok): fake nodes and the pod lifecycle, no container runtime needed.
# The standalone kwok binary has no built-in Stages (only kwokctl embeds them), so the "fast" node,
# pod and volume Stages and the kwok-volume StorageClass are copied from the same module.
build_kwok() {
  [[ -x "$KWOK_BIN" && -f "$KWOK_STAGES" && -f "$KWOK_STORAGECLASS" ]] && return 0
  go_env
  local dir="$BUILD/kwok-$KWOK_VERSION" start src f
  start=$(date +%s)
  log "building kwok $KWOK_VERSION (sigs.k8s.io/kwok/cmd/kwok) in $(rel "$dir") ..."
  mkdir -p "$dir" "$BIN"
  (
    cd "$dir"
    rm -f go.mod go.sum
    go mod init local/kwokbuild 2>/dev/null
    go get "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
    src="$(go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)"
    # The version kwok reports is a variable set by its release script (hack/releases.sh).
    go build -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}" \
      -o "$KWOK_BIN.tmp" sigs.k8s.io/kwok/cmd/kwok
    {
      printf '# kwok %s Stages (from sigs.k8s.io/kwok@%s/kustomize/stage); generated by scripts/testbed.sh\n' "$KWOK_VERSION" "$KWOK_VERSION"
      for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
        pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml \
        volume/fast/pvc-provision.yaml volume/fast/pv-bind.yaml volume/fast/pvc-delete.yaml volume/fast/pv-delete.yaml; do
        [[ -f "$src/kustomize/stage/$f" ]] || die "kwok $KWOK_VERSION has no kustomize/stage/$f"
        printf -- '---\n# %s\n' "$f"
        sed '$a\' "$src/kustomize/stage/$f"
      done
    } >"$KWOK_STAGES.tmp"
    cat "$src/kustomize/stage/volume/fast/storage-class.yaml" >"$KWOK_STORAGECLASS.tmp"
    mv -f "$KWOK_STAGES.tmp" "$KWOK_STAGES"
    mv -f "$KWOK_STORAGECLASS.tmp" "$KWOK_STORAGECLASS"
    mv -f "$KWOK_BIN.tmp" "$KWOK_BIN"
  )
  log "built kwok $("$KWOK_BIN" --version 2>&1 | sed -n 1p) in $(($(date +%s) - start))s"
}

cmd_build() {
  mkdir -p "$BIN" "$BUILD"
  # One build at a time (e.g. two `up`s racing from parallel test runners).
  exec 8>"$TB/.build.lock"
  command -v flock >/dev/null && flock 8
  local start built=0
  start=$(date +%s)
  local b bins=("$ETCD_BIN" "$APISERVER_BIN" "$KUBECTL_BIN")
  [[ $WORKLOADS == 1 ]] || KUBE_CMDS=(kube-apiserver kubectl)
  [[ $WORKLOADS == 0 ]] || bins+=("$KCM_BIN" "$SCHEDULER_BIN" "$KWOK_BIN")
  for b in "${bins[@]}"; do [[ -x "$b" ]] || built=1; done
  build_etcd
  build_kube
  [[ $WORKLOADS == 0 ]] || build_kwok
  # Stable names for users and the e2e helpers.
  for b in "${bins[@]}"; do
    b="$(basename "$b")"
    ln -sfn "$b" "$BIN/${b%-v*}"
  done
  if [[ $built == 1 ]]; then
    log "testbed binaries built in $(($(date +%s) - start))s"
    report_disk
  fi
  bash "$ROOT/scripts/install-helm.sh"
  # Release the lock; the daemons started later must not inherit (and hold) it.
  exec 8>&-
}

# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------

# pid_of NAME BINARY: print the recorded pid if that process is alive and still runs BINARY.
pid_of() {
  local name="$1" bin="$2" pidfile="$TB/$1.pid" pid exe cmdline
  [[ -f "$pidfile" ]] || return 1
  pid="$(cat "$pidfile")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null)" || return 1
  exe="${exe% (deleted)}"
  [[ "$exe" == "$(readlink -f "$bin")" ]] || return 1
  # ... and was started by this testbed (its command line names our directory). No pipe into
  # `grep -q` here: with pipefail its early exit can fail the pipeline (SIGPIPE) at random.
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"$TB/"* ]] || return 1
  printf '%s\n' "$pid"
}

# started NAME BINARY PID: record PID and wait (up to 10s) until the forked child has exec'd
# BINARY, so that pid_of recognises it; fails if the child died first.
started() {
  local name="$1" bin="$2" pid="$3" i
  echo "$pid" >"$TB/$name.pid"
  for ((i = 0; i < 100; i++)); do
    pid_of "$name" "$bin" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

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

# Up: etcd and kube-apiserver run, and so does every other daemon that has a pid file.
is_up() {
  local d
  pid_of etcd "$ETCD_BIN" >/dev/null && pid_of kube-apiserver "$APISERVER_BIN" >/dev/null || return 1
  for d in "${WORKLOAD_DAEMONS[@]}"; do
    [[ ! -f "$TB/$d.pid" ]] || pid_of "$d" "$(bin_of "$d")" >/dev/null || return 1
  done
}

# Whether the workload daemons (controller-manager, scheduler, kwok) were started.
has_workloads() { [[ -f "$TB/kwok.pid" ]]; }

# proc_state PID: the state letter of a process (R, S, Z, ...); fails if there is no such process.
proc_state() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  printf '%s\n' "${stat%% *}"
}

# running PID: the process exists and is not a zombie (the daemons are reparented to pid 1 when
# `up` exits, which may reap them only later; kill -0 succeeds on a zombie).
running() {
  local state
  state="$(proc_state "$1")" && [[ "$state" != Z ]]
}
STOPPED_PIDS=()

# stop NAME BINARY: stop the recorded process if it is ours; remove its pid file.
stop() {
  local name="$1" bin="$2" pidfile="$TB/$1.pid" pid i
  [[ -f "$pidfile" ]] || return 0
  if pid="$(pid_of "$name" "$bin")"; then
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do
      running "$pid" || break
      sleep 0.1
    done
    if running "$pid"; then
      log "$name (pid $pid) did not exit after 20s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do running "$pid" || break; sleep 0.1; done
    fi
    STOPPED_PIDS+=("$pid")
  else
    log "$name: pid $(cat "$pidfile") is not running $(rel "$bin") any more; removing the stale pid file"
  fi
  rm -f "$pidfile"
}

# A free TCP port on 127.0.0.1 (not listening, and not handed out earlier in this run).
USED_PORTS=" "
free_port() {
  local p i
  for ((i = 0; i < 200; i++)); do
    p=$((20000 + RANDOM % 30000))
    [[ "$USED_PORTS" == *" $p "* ]] && continue
    if command -v ss >/dev/null; then
      [[ -z "$(ss -Htan "( sport = :$p )" 2>/dev/null)" ]] || continue
    elif (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      continue
    fi
    USED_PORTS+="$p "
    printf '%s\n' "$p"
    return 0
  done
  die "no free loopback port found"
}

gen_pki() {
  rm -rf "$PKI"
  mkdir -p "$PKI"
  (
    cd "$PKI"
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout ca.key -out ca.crt \
      -subj "/CN=testbed-ca" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout serving.key -out serving.csr -subj "/CN=kube-apiserver" 2>/dev/null
    printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default" \
      "extendedKeyUsage=serverAuth" "keyUsage=critical,digitalSignature,keyEncipherment" >serving.ext
    openssl x509 -req -in serving.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 \
      -extfile serving.ext -out serving.crt 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    # token,user,uid[,"groups"]: the admin; the controller-manager and the scheduler as the users
    # their bootstrap RBAC roles are bound to; kwok (it writes node, pod and volume status, node
    # leases and PersistentVolumes) as a cluster admin.
    {
      printf '%s,admin,admin,"system:masters"\n' "$(openssl rand -hex 24)"
      printf '%s,system:kube-controller-manager,kube-controller-manager\n' "$(openssl rand -hex 24)"
      printf '%s,system:kube-scheduler,kube-scheduler\n' "$(openssl rand -hex 24)"
      printf '%s,kwok,kwok,"system:masters"\n' "$(openssl rand -hex 24)"
    } >tokens.csv
  )
}

# write_kubeconfig FILE PORT USER: a kubeconfig with USER's token (from tokens.csv), CA embedded.
write_kubeconfig() {
  local file="$1" port="$2" user="$3" token ca
  token="$(awk -F, -v u="$user" '$2 == u { print $1; exit }' "$PKI/tokens.csv")"
  [[ -n "$token" ]] || die "no token for $user in $(rel "$PKI/tokens.csv")"
  ca="$(base64 -w0 <"$PKI/ca.crt")"
  user="testbed-${user//:/-}"
  (
    umask 077
    cat >"$file.tmp" <<EOF
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
EOF
    mv -f "$file.tmp" "$file"
  )
}

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

kc() { "$KUBECTL_BIN" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

# Fail, with its log, if a daemon that was started has exited.
check_daemons() {
  local d
  for d in "${DAEMONS[@]}"; do
    [[ ! -f "$TB/$d.pid" ]] || pid_of "$d" "$(bin_of "$d")" >/dev/null ||
      fail_with_log "$d exited" "$LOGS/$d.log"
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

# The fake nodes kwok manages (it selects them by the annotation): no taints, room for the whole
# AFC chart several times over (the worker alone requests 4500Mi).
fake_nodes() {
  local i
  for ((i = 0; i < NODES; i++)); do
    cat <<EOF
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
EOF
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

# Start kube-controller-manager, kube-scheduler and kwok against the running API server, create
# the fake nodes, and check the whole chain with a one-replica Deployment.
start_workloads() {
  local api_port="$1" start d
  start=$(date +%s)
  : >"$LOGS/workloads.log"
  for d in "${WORKLOAD_DAEMONS[@]}"; do
    write_kubeconfig "$PKI/$d.kubeconfig" "$api_port" "$(case $d in kwok) echo kwok ;; *) echo "system:$d" ;; esac)"
  done

  log "starting kube-controller-manager"
  # --use-service-account-credentials: each controller acts as its own ServiceAccount in
  # kube-system with its bootstrap role (as kubeadm runs it). The node-lifecycle-controller removes
  # the not-ready taint new nodes get on admission once kwok reports them Ready; a 2-minute
  # grace period (default 50 s) keeps a busy machine, where kwok may renew a node lease late, from
  # marking them NotReady. No serving (--secure-port 0): readiness is checked through the API.
  setsid "$KCM_BIN" \
    --kubeconfig "$PKI/kube-controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false \
    --use-service-account-credentials=true \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --node-monitor-grace-period 2m \
    ${TESTBED_CONTROLLER_MANAGER_ARGS:-} \
    </dev/null >"$LOGS/kube-controller-manager.log" 2>&1 8>&- &
  started kube-controller-manager "$KCM_BIN" $! ||
    fail_with_log "kube-controller-manager did not start" "$LOGS/kube-controller-manager.log"

  log "starting kube-scheduler"
  setsid "$SCHEDULER_BIN" \
    --kubeconfig "$PKI/kube-scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false \
    ${TESTBED_SCHEDULER_ARGS:-} \
    </dev/null >"$LOGS/kube-scheduler.log" 2>&1 8>&- &
  started kube-scheduler "$SCHEDULER_BIN" $! || fail_with_log "kube-scheduler did not start" "$LOGS/kube-scheduler.log"

  log "starting kwok $KWOK_VERSION ($NODES fake nodes)"
  # KWOK_WORKDIR: kwok would otherwise also load ~/.kwok/kwok.yaml. The Stages make fake nodes
  # Ready, pods on them Running and Ready (deleted ones go at once), and provision and bind
  # PersistentVolumes for claims of the kwok-volume StorageClass. --node-lease-duration-seconds:
  # without it (0 unless a KwokConfiguration sets it) kwok keeps no node leases, the node status
  # is refreshed only every 10-20 minutes, and the node-lifecycle-controller marks the nodes (and
  # their pods) NotReady after its grace period.
  KWOK_WORKDIR="$TB/kwok" setsid "$KWOK_BIN" \
    --kubeconfig "$PKI/kwok.kubeconfig" --config "$KWOK_STAGES" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --node-lease-duration-seconds 40 --cidr 10.244.0.0/16 \
    </dev/null >"$LOGS/kwok.log" 2>&1 8>&- &
  started kwok "$KWOK_BIN" $! || fail_with_log "kwok did not start" "$LOGS/kwok.log"

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
  kc apply --server-side --field-manager=testbed -f - >>"$LOGS/workloads.log" 2>&1 <<EOF ||
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
EOF
    fail_with_log "creating the smoke-test Deployment failed" "$LOGS/workloads.log"
  wait_until 90 "the smoke-test Deployment to be Available (controller-manager, scheduler, kwok)" smoke_available
  kc delete namespace testbed-smoke --wait=false >>"$LOGS/workloads.log" 2>&1 || true
  log "controller-manager, scheduler, kwok and $NODES fake nodes ready after $(($(date +%s) - start))s"
}

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
  if compgen -G "$TB/*.pid" >/dev/null; then
    log "found a partial testbed; stopping its remains first"
    cmd_down
  fi
  cmd_build
  command -v openssl >/dev/null || die "openssl is needed to generate the testbed certificates"

  local start etcd_port peer_port api_port i admission
  start=$(date +%s)
  mkdir -p "$LOGS"
  rm -rf "$DATA" "$TB/kwok"
  mkdir -p "$DATA"
  chmod 700 "$DATA"
  gen_pki
  etcd_port="$(free_port)"
  peer_port="$(free_port)"
  api_port="$(free_port)"

  log "starting etcd on 127.0.0.1:$etcd_port"
  setsid "$ETCD_BIN" --name testbed --data-dir "$DATA" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "testbed=http://127.0.0.1:$peer_port" \
    --unsafe-no-fsync=true --quota-backend-bytes=$((2 * 1024 * 1024 * 1024)) \
    </dev/null >"$LOGS/etcd.log" 2>&1 8>&- &
  started etcd "$ETCD_BIN" $! || fail_with_log "etcd did not start" "$LOGS/etcd.log"
  for ((i = 0; i < 100; i++)); do
    pid_of etcd "$ETCD_BIN" >/dev/null || fail_with_log "etcd exited during startup" "$LOGS/etcd.log"
    if command -v curl >/dev/null; then
      [[ "$(curl -fsS "http://127.0.0.1:$etcd_port/health" 2>/dev/null)" == *'"health":"true"'* ]] && break
    else
      (exec 3<>"/dev/tcp/127.0.0.1/$etcd_port") 2>/dev/null && break
    fi
    sleep 0.2
  done
  ((i < 100)) || fail_with_log "etcd not healthy after 20s" "$LOGS/etcd.log"

  # ServiceAccount admission needs the serviceaccount-controller (the default ServiceAccount of
  # each namespace), so it is on only with the controller-manager.
  admission=""
  [[ $WORKLOADS == 1 ]] || admission="--disable-admission-plugins ServiceAccount"
  log "starting kube-apiserver on https://127.0.0.1:$api_port"
  setsid "$APISERVER_BIN" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --secure-port "$api_port" --advertise-address 127.0.0.1 \
    --endpoint-reconciler-type none \
    --cert-dir "$PKI" --tls-cert-file "$PKI/serving.crt" --tls-private-key-file "$PKI/serving.key" \
    --client-ca-file "$PKI/ca.crt" --token-auth-file "$PKI/tokens.csv" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --authorization-mode RBAC \
    --service-cluster-ip-range 10.0.0.0/24 \
    $admission \
    --allow-privileged=true \
    ${TESTBED_APISERVER_ARGS:-} \
    </dev/null >"$LOGS/kube-apiserver.log" 2>&1 8>&- &
  started kube-apiserver "$APISERVER_BIN" $! || fail_with_log "kube-apiserver did not start" "$LOGS/kube-apiserver.log"
  write_kubeconfig "$KUBECONFIG_FILE" "$api_port" admin

  local deadline=$(($(date +%s) + READY_TIMEOUT)) out=""
  while :; do
    pid_of kube-apiserver "$APISERVER_BIN" >/dev/null ||
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
  kc wait --for condition=Established --timeout=60s "${CRD_NAMES[@]/#/crd/}" >>"$LOGS/crds.log" 2>&1 ||
    fail_with_log "the prometheus-operator CRDs were not Established within 60s" "$LOGS/crds.log"
  log "prometheus-operator v0.72.0 CRDs established: ${CRD_NAMES[*]}"
  [[ $WORKLOADS == 0 ]] || start_workloads "$api_port"
  log "up in $(($(date +%s) - start))s; kubeconfig: $(rel "$KUBECONFIG_FILE")"
  cmd_env
}

cmd_down() {
  local had=0 i
  compgen -G "$TB/*.pid" >/dev/null && had=1
  # Reverse start order: the clients of the API server first, etcd last.
  for ((i = ${#DAEMONS[@]} - 1; i >= 0; i--)); do
    stop "${DAEMONS[i]}" "$(bin_of "${DAEMONS[i]}")"
  done
  # Give pid 1 up to 5 s to reap them all, so that no <defunct> entry is left in `ps` either.
  local pid left
  for ((i = 0; i < 50; i++)); do
    left=0
    for pid in "${STOPPED_PIDS[@]}"; do [[ "$(proc_state "$pid")" == Z ]] && left=1; done
    ((left)) || break
    sleep 0.1
  done
  # Credentials and data of a stopped testbed are useless; logs stay for post-mortems.
  rm -rf "$DATA" "$PKI" "$KUBECONFIG_FILE" "$TB/kwok"
  if [[ $had == 1 ]]; then log "down"; else log "already down"; fi
}

cmd_status() {
  local d pids=""
  if is_up; then
    for d in "${DAEMONS[@]}"; do
      [[ -f "$TB/$d.pid" ]] && pids+="${pids:+, }$d (pid $(pid_of "$d" "$(bin_of "$d")"))"
    done
    has_workloads || pids+=" (no controller-manager, scheduler, kwok: TESTBED_WORKLOADS=0)"
    echo "up: $(sed -n 's/^ *server: //p' "$KUBECONFIG_FILE"); $pids; KUBECONFIG=$KUBECONFIG_FILE"
    return 0
  fi
  if compgen -G "$TB/*.pid" >/dev/null; then
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
