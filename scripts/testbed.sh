#!/usr/bin/env bash
# Local Kubernetes API server testbed: etcd + kube-apiserver on loopback, built from Go modules.
#
#   bash scripts/testbed.sh build    build (once, cached by version) etcd, kube-apiserver, kubectl, helm
#   bash scripts/testbed.sh up       build if needed, start etcd + kube-apiserver, install the
#                                    prometheus-operator CRDs, write .testbed/kubeconfig
#   bash scripts/testbed.sh down     stop exactly the processes `up` started (safe to call twice)
#   bash scripts/testbed.sh status   print "up" or "down" (exit 0 / 3)
#   bash scripts/testbed.sh env      print export lines (eval "$(bash scripts/testbed.sh env)")
#
# There is no kubelet, scheduler or controller-manager: objects are validated and stored, nothing
# runs. Deleted namespaces stay Terminating; use a fresh namespace per test.
# Everything lives under .testbed/ (gitignored): bin/ (binary cache), build/ (throwaway Go modules),
# pki/, etcd-data/, logs/, *.pid, kubeconfig. helm is built by scripts/install-helm.sh into .tools/bin.
#
# Env overrides: TESTBED_K8S_VERSION, TESTBED_ETCD_VERSION, TESTBED_READY_TIMEOUT (seconds),
# TESTBED_APISERVER_ARGS (extra kube-apiserver flags, split on spaces, e.g. --feature-gates=...).
set -euo pipefail

K8S_VERSION="${TESTBED_K8S_VERSION:-v1.34.4}"
ETCD_VERSION="${TESTBED_ETCD_VERSION:-v3.6.16}"
READY_TIMEOUT="${TESTBED_READY_TIMEOUT:-120}"

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

build_kube() {
  [[ -x "$APISERVER_BIN" && -x "$KUBECTL_BIN" ]] && return 0
  go_env
  local dir="$BUILD/kubernetes-$K8S_VERSION" start staging gomod mods m major minor build_date ldflags
  start=$(date +%s)
  log "building kube-apiserver and kubectl $K8S_VERSION (k8s.io/kubernetes) in $(rel "$dir") ..."
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
    go get "k8s.io/kubernetes/cmd/kube-apiserver@$K8S_VERSION" "k8s.io/kubernetes/cmd/kubectl@$K8S_VERSION"

    # The version ldflags of hack/lib/version.sh (minus the git commit, unknown outside a checkout):
    # without them /version says v0.0.0-master and clients' version checks misbehave.
    IFS=. read -r major minor _ <<<"${K8S_VERSION#v}"
    build_date="$(go list -m -f '{{if .Time}}{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}{{end}}' k8s.io/kubernetes)"
    ldflags="-s -w"
    for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
      ldflags+=" -X $pkg.gitTreeState=clean${build_date:+ -X $pkg.buildDate=$build_date}"
    done
    go build -trimpath -ldflags "$ldflags" -o "$APISERVER_BIN.tmp" k8s.io/kubernetes/cmd/kube-apiserver
    mv -f "$APISERVER_BIN.tmp" "$APISERVER_BIN"
    go build -trimpath -ldflags "$ldflags" -o "$KUBECTL_BIN.tmp" k8s.io/kubernetes/cmd/kubectl
    mv -f "$KUBECTL_BIN.tmp" "$KUBECTL_BIN"
  )
  log "built $("$APISERVER_BIN" --version), kubectl $("$KUBECTL_BIN" version --client -o json | sed -n 's/.*"gitVersion": "\(.*\)".*/\1/p' | sed -n 1p) in $(($(date +%s) - start))s"
}

cmd_build() {
  mkdir -p "$BIN" "$BUILD"
  # One build at a time (e.g. two `up`s racing from parallel test runners).
  exec 8>"$TB/.build.lock"
  command -v flock >/dev/null && flock 8
  local start built=0
  start=$(date +%s)
  [[ -x "$ETCD_BIN" && -x "$APISERVER_BIN" && -x "$KUBECTL_BIN" ]] || built=1
  build_etcd
  build_kube
  # Stable names for users and the e2e helpers.
  ln -sfn "$(basename "$ETCD_BIN")" "$BIN/etcd"
  ln -sfn "$(basename "$APISERVER_BIN")" "$BIN/kube-apiserver"
  ln -sfn "$(basename "$KUBECTL_BIN")" "$BIN/kubectl"
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

is_up() {
  pid_of etcd "$ETCD_BIN" >/dev/null && pid_of kube-apiserver "$APISERVER_BIN" >/dev/null
}

# stop NAME BINARY: stop the recorded process if it is ours; remove its pid file.
stop() {
  local name="$1" bin="$2" pidfile="$TB/$1.pid" pid i
  [[ -f "$pidfile" ]] || return 0
  if pid="$(pid_of "$name" "$bin")"; then
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name (pid $pid) did not exit after 20s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
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
    # token,user,uid,"group"
    printf '%s,admin,admin,"system:masters"\n' "$(openssl rand -hex 24)" >tokens.csv
  )
}

write_kubeconfig() {
  local port="$1" token ca
  token="$(cut -d, -f1 "$PKI/tokens.csv")"
  ca="$(base64 -w0 <"$PKI/ca.crt")"
  (
    umask 077
    cat >"$KUBECONFIG_FILE.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: testbed
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority-data: $ca
users:
- name: testbed-admin
  user:
    token: $token
contexts:
- name: testbed
  context:
    cluster: testbed
    user: testbed-admin
    namespace: default
current-context: testbed
EOF
    mv -f "$KUBECONFIG_FILE.tmp" "$KUBECONFIG_FILE"
  )
}

fail_with_log() {
  local msg="$1" logfile="$2"
  printf 'testbed: error: %s\n--- last 40 lines of %s ---\n' "$msg" "$(rel "$logfile")" >&2
  tail -n 40 "$logfile" >&2 || true
  printf -- '---\n' >&2
  cmd_down >/dev/null 2>&1 || true
  exit 1
}

kc() { "$KUBECTL_BIN" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

cmd_up() {
  if is_up; then
    log "already up ($(sed -n 's/^ *server: //p' "$KUBECONFIG_FILE")); nothing to do"
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

  local start etcd_port peer_port api_port pid i
  start=$(date +%s)
  mkdir -p "$LOGS"
  rm -rf "$DATA"
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
    --disable-admission-plugins ServiceAccount \
    --allow-privileged=true \
    ${TESTBED_APISERVER_ARGS:-} \
    </dev/null >"$LOGS/kube-apiserver.log" 2>&1 8>&- &
  started kube-apiserver "$APISERVER_BIN" $! || fail_with_log "kube-apiserver did not start" "$LOGS/kube-apiserver.log"
  write_kubeconfig "$api_port"

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
  log "up in $(($(date +%s) - start))s; kubeconfig: $(rel "$KUBECONFIG_FILE")"
  cmd_env
}

cmd_down() {
  local had=0
  compgen -G "$TB/*.pid" >/dev/null && had=1
  stop kube-apiserver "$APISERVER_BIN"
  stop etcd "$ETCD_BIN"
  # Credentials and data of a stopped testbed are useless; logs stay for post-mortems.
  rm -rf "$DATA" "$PKI" "$KUBECONFIG_FILE"
  if [[ $had == 1 ]]; then log "down"; else log "already down"; fi
}

cmd_status() {
  if is_up; then
    echo "up: kube-apiserver $(sed -n 's/^ *server: //p' "$KUBECONFIG_FILE") (pid $(pid_of kube-apiserver "$APISERVER_BIN")), etcd (pid $(pid_of etcd "$ETCD_BIN")); KUBECONFIG=$KUBECONFIG_FILE"
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
