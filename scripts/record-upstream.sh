#!/usr/bin/env bash
# Record what upstream OpenAFC's helm/bin Python scripts run, against the recording stand-ins
# (test/standins), into test/fixtures/runner/upstream-<rev>/<scenario>/commands.jsonl: one external
# command a line, {"tool", "argv"}, in order, as the fc912b4a recordings in test/fixtures/runner.
#
#   bash scripts/record-upstream.sh [REV ...]      (default: main-717d3491 1.0.3.0)
#
# Each revision's checkout is ../shared/reference/openafc-upstream/<rev> (helm/ and tools/), copied
# into a scratch folder and run from there. What differs from a real run, and why:
# - the scratch checkout path is written as /src/openafc in the recordings (as in the fc912b4a ones),
#   the scratch temp folder (--temp_dir) as /tmp/afc-record;
# - python runs with a sitecustomize that makes os.getlogin() return "tester" (no terminal here) and
#   time.sleep() return at once (the scripts poll pods every 10 s), multiprocessing.cpu_count() 2;
# - the stand-ins answer from test/fixtures/runner/canned plus per-scenario state written below
#   (fail.json makes `kubectl get <kind> <name>` fail where a fresh cluster has no such object;
#   helm-releases.json lists what a scenario's cluster already runs; pods.json the pods a wait sees);
# - `helm ... --dry-run --debug` (how helm_install_int.py reads the computed values) is answered by
#   helm-dry-run.txt: "COMPUTED VALUES:" and the chart's values.yaml merged with its values-k3d.yaml
#   (maps merged, anything else replaced, as helm merges values files).
# The scripts' stdout is kept beside each recording (stdout.txt) with the same path rewriting.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REF="${AFC_UPSTREAM_REF:-$ROOT/../shared/reference/openafc-upstream}"
[[ -d "$REF" ]] || REF=/work/shared/reference/openafc-upstream
revs=("$@")
((${#revs[@]})) || revs=(main-717d3491 1.0.3.0)
STANDIN="$(bash "$ROOT/scripts/build-standin.sh")"
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/afc-record-XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT
mkdir -p "$SCRATCH/site" "$SCRATCH/bin"
cat >"$SCRATCH/site/sitecustomize.py" <<'EOF'
import os, time
os.getlogin = lambda: "tester"
time.sleep = lambda seconds: None
import multiprocessing
multiprocessing.cpu_count = lambda: 2
EOF
for t in k3d kubectl helm docker netstat ss; do ln -s "$STANDIN" "$SCRATCH/bin/$t"; done

# scenario REV NAME SCRIPT ARGS... : one run in a fresh state folder (state files from $STATE_SETUP).
scenario() {
  local rev="$1" name="$2" script="$3"
  shift 3
  local co="$SCRATCH/$rev/openafc" state="$SCRATCH/$rev/state-$name" out="$ROOT/test/fixtures/runner/upstream-$rev/$name"
  mkdir -p "$state" "$out"
  cp "$ROOT"/test/fixtures/runner/canned/k3d-clusters.json "$state/clusters.json"
  cp "$ROOT"/test/fixtures/runner/canned/k3d-registries.json "$state/registries.json"
  cp "$ROOT"/test/fixtures/runner/canned/kubeconfig.json "$state/kubeconfig.json"
  cp "$ROOT"/test/fixtures/runner/canned/netstat.txt "$state/netstat.txt"
  cp "$ROOT"/test/fixtures/runner/canned/docker-images.txt "$state/docker-images.txt"
  cp "$ROOT"/test/fixtures/runner/canned/pods.json "$state/pods.json"
  python3 - "$co/helm/afc-int/values.yaml" "$co/helm/afc-int/values-k3d.yaml" >"$state/helm-dry-run.txt" <<'EOF'
import sys, yaml
def merge(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return {**a, **{k: merge(a.get(k), v) for k, v in b.items()}}
    return b
values = {}
for f in sys.argv[1:]:
    values = merge(values, yaml.safe_load(open(f)) or {})
print("NAME: afc\n\nCOMPUTED VALUES:\n" + yaml.safe_dump(values, sort_keys=False) + "\n---")
EOF
  [[ -z "${STATE_SETUP:-}" ]] || (cd "$state" && eval "$STATE_SETUP")
  local rc=0
  (cd "$co" && env -i PATH="$SCRATCH/bin:/usr/bin:/bin" HOME="$SCRATCH/home" LANG=C.UTF-8 \
    PYTHONPATH="$SCRATCH/site" PYTHONDONTWRITEBYTECODE=1 AFC_STANDIN_DIR="$state" \
    timeout 120 python3 "helm/bin/$script" "$@" >"$state/stdout" 2>"$state/stderr") || rc=$?
  local fix=(-e "s#$co#/src/openafc#g" -e "s#$SCRATCH/tmp#/tmp/afc-record#g")
  python3 - "$state/log.jsonl" "$out/commands.jsonl" "$co" "$SCRATCH/tmp" <<'EOF'
import json, sys
src, dest, co, tmp = sys.argv[1:5]
def fix(s): return s.replace(co, "/src/openafc").replace(tmp, "/tmp/afc-record")
with open(dest, "w") as out:
    try:
        lines = open(src).read().splitlines()
    except FileNotFoundError:
        lines = []
    for line in lines:
        e = json.loads(line)
        out.write(json.dumps({"tool": e["tool"], "argv": [fix(a) for a in e["argv"]]}) + "\n")
EOF
  sed "${fix[@]}" "$state/stdout" >"$out/stdout.txt"
  {
    printf 'script: helm/bin/%s\n' "$script"
    printf 'args:'
    for a in "$@"; do printf ' %q' "$(sed "${fix[@]}" <<<"$a")"; done
    printf '\nexit: %s\n' "$rc"
    [[ -z "${STATE_SETUP:-}" ]] || printf 'state: %s\n' "$STATE_SETUP"
    if [[ -s "$state/stderr" ]]; then printf 'stderr:\n'; sed "${fix[@]}" -e 's/^/  /' "$state/stderr"; fi
  } >"$out/run.txt"
  # Values files the scripts wrote and handed to helm (fake secrets), as helm received them.
  if [[ -f "$state/snapshots.json" ]]; then
    python3 - "$state/snapshots.json" "$out" "$SCRATCH/tmp" <<'EOF'
import json, shutil, sys, os
snaps, out, tmp = sys.argv[1:4]
for s in json.load(open(snaps)):
    if s["kind"] == "values" and s["src"].startswith(tmp):
        shutil.copyfile(s["dest"], os.path.join(out, os.path.basename(s["src"])))
EOF
  fi
  echo "recorded upstream-$rev/$name (exit $rc, $(wc -l <"$out/commands.jsonl") commands)" >&2
}

# A fresh cluster: no prerequisite object exists yet.
FRESH='printf "%s" "[[\"kubectl\",\"get\",\"service\"],[\"kubectl\",\"get\",\"ingress\"]]" >fail.json; printf "%s" "{\"items\":[{\"metadata\":{\"name\":\"prometheus-operator-6f8d9c7b5-abcde\"},\"status\":{\"containerStatuses\":[{\"ready\":true}]}},{\"metadata\":{\"name\":\"external-secrets-webhook-7c9d8b6f5-fghij\"},\"status\":{\"containerStatuses\":[{\"ready\":true}]}},{\"metadata\":{\"name\":\"ingress-nginx-controller-5b7c9d8f6-klmno\"},\"status\":{\"containerStatuses\":[{\"ready\":true}]}}]}" >pods.json'
# Every prerequisite installed (helm lists the three releases).
INSTALLED='printf "%s" "[{\"name\":\"custom-metrics\",\"namespace\":\"monitoring\",\"status\":\"deployed\"},{\"name\":\"external-secrets\",\"namespace\":\"external-secrets\",\"status\":\"deployed\"},{\"name\":\"ingress-nginx\",\"namespace\":\"ingress-nginx\",\"status\":\"deployed\"}]" >helm-releases.json; printf "%s" "{\"items\":[{\"metadata\":{\"name\":\"monitoring\"}},{\"metadata\":{\"name\":\"external-secrets\"}},{\"metadata\":{\"name\":\"ingress-nginx\"}},{\"metadata\":{\"name\":\"default\"}}]}" >namespaces.json'
# A release "afc" runs.
AFC_RUNS='printf "%s" "[{\"name\":\"afc\",\"namespace\":\"default\",\"status\":\"deployed\"}]" >helm-releases.json'

ALL=(prometheus_operator prometheus prometheus_adapter external_secrets ingress_nginx prometheus_ingress)
for rev in "${revs[@]}"; do
  [[ -d "$REF/$rev/helm/bin" ]] || { echo "record-upstream: no $REF/$rev/helm/bin" >&2; exit 1; }
  rm -rf "$ROOT/test/fixtures/runner/upstream-$rev"
  mkdir -p "$SCRATCH/$rev/openafc" "$SCRATCH/home" "$SCRATCH/tmp"
  cp -r "$REF/$rev/helm" "$REF/$rev/tools" "$SCRATCH/$rev/openafc/"
  # The inputs the tests compare with, copied (the tests never read ../shared).
  mkdir -p "$ROOT/test/fixtures/runner/upstream-$rev/source"
  cp "$REF/$rev/helm/bin/install_prerequisites.yaml" "$REF/$rev/helm/monitoring/prometheus_ingress/prometheus-ingress.yaml" \
    "$ROOT/test/fixtures/runner/upstream-$rev/source/"
  STATE_SETUP="$FRESH" scenario "$rev" prerequisites-install install_prerequisites.py "${ALL[@]}"
  STATE_SETUP="$FRESH" scenario "$rev" prerequisites-install-context install_prerequisites.py --context :afc-dev "${ALL[@]}"
  STATE_SETUP="$INSTALLED" scenario "$rev" prerequisites-installed install_prerequisites.py "${ALL[@]}"
  STATE_SETUP="$INSTALLED" scenario "$rev" prerequisites-uninstall install_prerequisites.py --uninstall
  STATE_SETUP='printf "[]" >registries.json' scenario "$rev" registry-create k3d_registry.py
  scenario "$rev" registry-create-running k3d_registry.py
  STATE_SETUP='printf "[]" >registries.json' scenario "$rev" registry-create-named k3d_registry.py --registry my-registry.localhost
  scenario "$rev" registry-create-force k3d_registry.py --force --registry second.localhost
  scenario "$rev" registry-delete k3d_registry.py --delete
  STATE_SETUP='printf "[]" >registries.json' scenario "$rev" registry-delete-none k3d_registry.py --delete
  scenario "$rev" registry-delete-named k3d_registry.py --delete --registry afcregistry.localhost
  scenario "$rev" int-fake-secrets helm_install_int.py --temp_dir "$SCRATCH/tmp" --fake_secrets "" --http --tag mytag afc
  scenario "$rev" int-fake-secrets-store helm_install_int.py --temp_dir "$SCRATCH/tmp" --fake_secrets "my-store:$SCRATCH/$rev/openafc/tools/secrets/templates/afc_secrets.yaml" --tag mytag afc
  scenario "$rev" int-mtls-msghnd-devel helm_install_int.py --temp_dir "$SCRATCH/tmp" --mtls --msghnd --devel --tag mytag --wait 5m afc
  scenario "$rev" int-registry helm_install_int.py --temp_dir "$SCRATCH/tmp" --tag mytag --registry pull.example.com/afc --max_workers 3 afc
  scenario "$rev" int-push-registry helm_install_int.py --temp_dir "$SCRATCH/tmp" --tag mytag --push --registry pull.example.com/afc --push_registry push.example.com/afc afc
  STATE_SETUP="$AFC_RUNS" scenario "$rev" int-uninstall helm_install_int.py --temp_dir "$SCRATCH/tmp" --uninstall --wait 5m afc
  STATE_SETUP="$AFC_RUNS" scenario "$rev" int-upgrade helm_install_int.py --temp_dir "$SCRATCH/tmp" --upgrade --tag mytag --values my-values.yaml --set a.b=c afc
  scenario "$rev" ext-http helm_install_ext.py --tag mytag --http afc-ext
  scenario "$rev" ext-mtls-devel helm_install_ext.py --tag mytag --context :afc-dev --mtls --devel --wait 5m --values my-values.yaml --set a.b=c afc-ext
  STATE_SETUP="$AFC_RUNS" scenario "$rev" ext-upgrade helm_install_ext.py --tag mytag --upgrade afc
  STATE_SETUP="$AFC_RUNS" scenario "$rev" ext-uninstall helm_install_ext.py --uninstall afc
done
