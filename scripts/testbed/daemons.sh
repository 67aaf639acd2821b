# shellcheck shell=bash
# Daemon supervision for the testbed, sourced by scripts/testbed.sh after config.sh. Each daemon
# runs in its own session (setsid), its pid is recorded in .testbed/<name>.pid, and it counts as
# ours only while that pid still runs the daemon's binary with .testbed/ on its command line, so a
# recycled pid is never signalled.

# pid_of NAME: print the recorded pid if that process is alive and still runs NAME's binary.
pid_of() {
  local name="$1" pidfile="$TB/$1.pid" bin pid exe cmdline
  bin="$(bin_of "$name")"
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

# start_daemon NAME LOGFILE [VAR=VALUE...] -- ARGS...: start NAME's binary with ARGS (and the
# environment variables) in a new session, stdin from /dev/null, output to LOGFILE; record its pid
# and wait (up to 10 s) until the forked child has exec'd the binary. Fails if it died first.
start_daemon() {
  local name="$1" logfile="$2" bin pid i
  local -a vars=()
  shift 2
  while (($#)) && [[ "$1" != -- ]]; do vars+=("$1"); shift; done
  shift
  bin="$(bin_of "$name")"
  env "${vars[@]}" setsid "$bin" "$@" </dev/null >"$logfile" 2>&1 &
  pid=$!
  echo "$pid" >"$TB/$name.pid"
  for ((i = 0; i < 100; i++)); do
    pid_of "$name" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# Up: etcd and kube-apiserver run, and so does every other daemon that has a pid file.
is_up() {
  local d
  pid_of etcd >/dev/null && pid_of kube-apiserver >/dev/null || return 1
  for d in "${WORKLOAD_DAEMONS[@]}"; do
    [[ ! -f "$TB/$d.pid" ]] || pid_of "$d" >/dev/null || return 1
  done
}

# Whether the workload daemons (controller-manager, scheduler, kwok) were started.
has_workloads() { [[ -f "$TB/kwok.pid" ]]; }

# Whether any pid file is left (a running, partial or crashed testbed).
has_pid_files() { compgen -G "$TB/*.pid" >/dev/null; }

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

# stop_daemons NAME...: stop each recorded process that is ours, in the order given (TERM, then
# KILL after 20 s), and remove its pid file; then give pid 1 up to 5 s to reap them all, so that no
# <defunct> entry is left in `ps` either.
stop_daemons() {
  local name pidfile pid i left stopped=()
  for name in "$@"; do
    pidfile="$TB/$name.pid"
    [[ -f "$pidfile" ]] || continue
    if pid="$(pid_of "$name")"; then
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
      stopped+=("$pid")
    else
      log "$name: pid $(cat "$pidfile") is not running $(rel "$(bin_of "$name")") any more; removing the stale pid file"
    fi
    rm -f "$pidfile"
  done
  for ((i = 0; i < 50; i++)); do
    left=0
    for pid in "${stopped[@]}"; do [[ "$(proc_state "$pid")" == Z ]] && left=1; done
    ((left)) || break
    sleep 0.1
  done
}

# free_port VAR: set VAR to a free TCP port on 127.0.0.1 (not listening, and not handed out
# earlier in this run).
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
    printf -v "$1" '%s' "$p"
    return 0
  done
  die "no free loopback port found"
}
