// Command standin is a recording stand-in for k3d, kubectl, helm, docker, netstat and ss: programs the
// runner tests cannot run here (no container runtime, no cluster). The tool it plays is the base name
// of argv[0] (test/runner/support.ts links it into a bin/ folder under each tool's name).
//
// It appends {tool, argv, cwd, kubeconfig} to $AFC_STANDIN_DIR/log.jsonl and answers from the files in
// $AFC_STANDIN_DIR (copies of test/fixtures/runner/canned plus per-test state): clusters.json,
// registries.json, kubeconfig.json, netstat.txt, docker-images.txt, pods.json, helm-releases.json,
// namespaces.json, helm-dry-run.txt. k3d cluster create/delete update clusters.json like k3d would, helm install/upgrade/
// uninstall update helm-releases.json like helm would. fail.json (see failRule) makes matching calls
// fail or hang; a file k3d-delete-is-a-no-op makes `k3d cluster delete` leave the cluster listed. Helm
// charts, values files and manifest folders handed to `helm install|upgrade` and `kubectl create -f`
// are copied into the state folder (snapshots.json). Under any other name (a script of the OpenAFC
// checkout, say) it only records the call.
//
// helm answers `helm version` as $AFC_STANDIN_HELM_VERSION (default v3.16.4) and refuses, as that major
// does, the flags the other major introduced or dropped: Helm 4 has no `list --all`; Helm 3's --wait
// takes no strategy (`--wait=watcher`) and it has no --force-conflicts. Helm 4 records its installs as
// applied server-side (applyMethod "ssa", as `helm get metadata -o json` shows). A dry run with `-o json`
// prints {"manifest": <helm-manifest.yaml>}; kubectl `get -f` prints live-objects.json and a server-side
// `apply --dry-run=server` forced-objects.json (default: no objects); `kubectl get secret NAME` prints
// secret/NAME when secrets.json lists NAME.
//
// Go and the standard library only: a stand-in call costs about 3 ms (2 ms of CPU) on the 2-CPU VM,
// where a Node process costs ~100 ms of CPU, and a cluster create runs ~25 of them. scripts/build-standin.sh builds it.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// childEnv marks the SIGTERM-deaf child that a "hang-ignoring-sigterm" rule starts.
const childEnv = "AFC_STANDIN_DEAF_CHILD"

var (
	tool string
	argv []string
	dir  string
)

func main() {
	if os.Getenv(childEnv) == "1" {
		hangIgnoringSigterm()
	}
	tool = filepath.Base(os.Args[0])
	argv = os.Args[1:]
	dir = os.Getenv("AFC_STANDIN_DIR")
	if dir == "" {
		fmt.Fprintln(os.Stderr, "standin: AFC_STANDIN_DIR is not set")
		os.Exit(2)
	}

	// The working directory as the kernel reports it (not $PWD), as Node's process.cwd() does.
	cwd, err := syscall.Getwd()
	check(err)
	entry := map[string]any{"tool": tool, "argv": argv, "cwd": cwd}
	if kc := os.Getenv("KUBECONFIG"); kc != "" {
		entry["kubeconfig"] = kc
	}
	appendLine("log.jsonl", ordered(entry, "tool", "argv", "cwd", "kubeconfig"))

	applyFailRules()

	switch tool {
	case "k3d":
		k3d()
	case "kubectl":
		kubectl()
	case "helm":
		helm()
	case "docker":
		docker()
	case "netstat", "ss":
		out(read("netstat.txt", ""))
	}
}

// failRule is one entry of fail.json: either an array [tool, ...argv prefix] (exit 1), or an object
// {tool, args: [argv prefix], has: a word in argv, hasNot: a word not in argv, then}, where then is
// "fail" (exit 1, the default), "hang" (never exits) or "hang-ignoring-sigterm" (never exits and ignores
// SIGTERM, so only SIGKILL stops it; it also starts a child that does the same). Hanging stand-ins
// append their pids (and the child's) to pids.jsonl.
type failRule struct {
	Tool   string   `json:"tool"`
	Args   []string `json:"args"`
	Has    *string  `json:"has"`
	HasNot *string  `json:"hasNot"`
	Then   string   `json:"then"`
}

func applyFailRules() {
	var raw []json.RawMessage
	readJSON("fail.json", &raw)
	for _, item := range raw {
		var r failRule
		if t := bytes.TrimSpace(item); len(t) > 0 && t[0] == '[' {
			var words []string
			check(json.Unmarshal(item, &words))
			if len(words) == 0 {
				continue
			}
			r = failRule{Tool: words[0], Args: words[1:]}
		} else {
			check(json.Unmarshal(item, &r))
		}
		if r.Then == "" {
			r.Then = "fail"
		}
		if !r.matches() {
			continue
		}
		switch r.Then {
		case "fail":
			fmt.Fprintf(os.Stderr, "Error: %s %s failed (injected by the test)\n", tool, strings.Join(r.Args, " "))
			os.Exit(1)
		case "hang-ignoring-sigterm":
			signal.Ignore(syscall.SIGTERM)
			self, err := os.Executable()
			check(err)
			child := exec.Command(self)
			child.Env = append(os.Environ(), childEnv+"=1")
			check(child.Start())
			appendLine("pids.jsonl", mustJSON([]int{os.Getpid(), child.Process.Pid}))
		default:
			appendLine("pids.jsonl", mustJSON([]int{os.Getpid()}))
		}
		sleepForever()
	}
}

func (r failRule) matches() bool {
	if r.Tool != tool || !hasPrefix(r.Args...) {
		return false
	}
	if r.Has != nil && !contains(*r.Has) {
		return false
	}
	return r.HasNot == nil || !contains(*r.HasNot)
}

func hangIgnoringSigterm() {
	signal.Ignore(syscall.SIGTERM)
	sleepForever()
}

// sleepForever blocks without letting the runtime call it a deadlock.
func sleepForever() {
	for {
		time.Sleep(time.Hour)
	}
}

func k3d() {
	switch {
	case hasPrefix("cluster", "list"):
		out(read("clusters.json", "[]"))
	case hasPrefix("registry", "list"):
		out(read("registries.json", "[]"))
	case hasPrefix("cluster", "delete"):
		if !exists(file("k3d-delete-is-a-no-op")) {
			filterByName("clusters.json", arg(2))
		}
	case hasPrefix("cluster", "create"):
		// --port HOST:NODEPORT@FILTER maps NODEPORT/tcp of the agent to HOST, in the order given.
		var keys []string
		mappings := map[string]any{}
		for i, a := range argv {
			if i == 0 || argv[i-1] != "--port" {
				continue
			}
			parts := strings.Split(a, ":")
			if len(parts) < 2 {
				fail("k3d stand-in: --port %q has no ':'", a)
			}
			key := strings.Split(parts[1], "@")[0] + "/tcp"
			if _, seen := mappings[key]; !seen {
				keys = append(keys, key)
			}
			mappings[key] = []any{ordered(map[string]any{"HostIp": "0.0.0.0", "HostPort": parts[0]}, "HostIp", "HostPort")}
		}
		name := arg(2)
		if name == nil {
			fail("k3d stand-in: cluster create needs a name")
		}
		node := func(n string, pm json.RawMessage) json.RawMessage {
			return ordered(map[string]any{"name": n, "portMappings": pm}, "name", "portMappings")
		}
		cluster := ordered(map[string]any{
			"name": *name,
			"nodes": []json.RawMessage{
				node("k3d-"+*name+"-server-0", json.RawMessage("{}")),
				node("k3d-"+*name+"-agent-0", ordered(mappings, keys...)),
			},
		}, "name", "nodes")
		var clusters []json.RawMessage
		readJSON("clusters.json", &clusters)
		writeJSON("clusters.json", append(clusters, cluster))
	}
}

func kubectl() {
	switch {
	case hasPrefix("config", "view"):
		if kc := flag("--kubeconfig"); kc != nil {
			b, err := os.ReadFile(*kc)
			check(err)
			os.Stdout.Write(b)
		} else {
			out(read("kubeconfig.json", "{}"))
		}
	case hasPrefix("get", "namespaces"):
		out(read("namespaces.json", `{"items":[{"metadata":{"name":"default"}},{"metadata":{"name":"kube-system"}},{"metadata":{"name":"kube-public"}},{"metadata":{"name":"kube-node-lease"}}]}`))
	case hasPrefix("get", "pods"):
		out(read("pods.json", `{"items": []}`))
	case hasPrefix("get", "secret"):
		// secrets.json: the names of the Secrets that exist (any namespace).
		var names []string
		readJSON("secrets.json", &names)
		for _, n := range names {
			if name := arg(2); name != nil && n == *name {
				out("secret/" + n + "\n")
			}
		}
	case hasPrefix("get", "-f"):
		out(read("live-objects.json", `{"kind": "List", "items": []}`))
	case hasPrefix("apply") && contains("--dry-run=server"):
		out(read("forced-objects.json", `{"kind": "List", "items": []}`))
	case hasPrefix("create", "-f") && isDir(arg(2)):
		snapshot("manifests", *arg(2))
	}
}

// helmVersion is the version the helm stand-in plays.
func helmVersion() string {
	if v := os.Getenv("AFC_STANDIN_HELM_VERSION"); v != "" {
		return v
	}
	return "v3.16.4"
}

func helm() {
	v4 := strings.HasPrefix(helmVersion(), "v4.")
	for _, a := range argv {
		switch {
		case v4 && a == "--all" && hasPrefix("list"):
			fail("Error: unknown flag: --all")
		case !v4 && strings.HasPrefix(a, "--wait="):
			fail("Error: invalid argument %q for \"--wait\" flag: strconv.ParseBool: parsing %q: invalid syntax", strings.TrimPrefix(a, "--wait="), strings.TrimPrefix(a, "--wait="))
		case !v4 && (a == "--force-conflicts" || strings.HasPrefix(a, "--server-side")):
			fail("Error: unknown flag: %s", a)
		}
	}
	switch {
	case hasPrefix("version"):
		out(helmVersion())
	case hasPrefix("get", "metadata"):
		var releases []map[string]any
		readJSON("helm-releases.json", &releases)
		for _, r := range releases {
			if name := arg(2); name != nil && r["name"] == *name {
				meta := map[string]any{"name": r["name"], "chart": "afc-int", "version": "0.0.0", "namespace": r["namespace"], "revision": 1, "status": "deployed"}
				if m, ok := r["applyMethod"]; ok && v4 {
					meta["applyMethod"] = m
				}
				out(string(mustJSON(meta)))
				return
			}
		}
		fail("Error: release: not found")
	case hasPrefix("list"):
		out(read("helm-releases.json", "[]"))
	case hasPrefix("install"), hasPrefix("upgrade"):
		// A client-side dry run with --debug (how OpenAFC's scripts read the computed values) prints
		// helm-dry-run.txt, when the test wrote one.
		if contains("--dry-run") && contains("--debug") && exists(file("helm-dry-run.txt")) {
			out(read("helm-dry-run.txt", ""))
			return
		}
		if isDir(arg(2)) {
			snapshot("chart", *arg(2))
		}
		for i, a := range argv {
			if i > 0 && argv[i-1] == "--values" && exists(a) {
				snapshot("values", a)
			}
		}
		// A real install or upgrade (not --dry-run) leaves the release listed, as helm would.
		dryRun := false
		for _, a := range argv {
			dryRun = dryRun || strings.HasPrefix(a, "--dry-run")
		}
		if o := flag("-o"); dryRun && o != nil && *o == "json" {
			out(string(mustJSON(map[string]any{"manifest": read("helm-manifest.yaml", "")})))
		}
		var releases []json.RawMessage
		readJSON("helm-releases.json", &releases)
		name := arg(1)
		if dryRun || contains("--generate-name") || indexByName(releases, name) >= 0 {
			return
		}
		namespace := "default"
		if ns := flag("--namespace"); ns != nil {
			namespace = *ns
		}
		release := map[string]any{"namespace": namespace, "status": "deployed", "revision": "1"}
		if name != nil {
			release["name"] = *name
		}
		keys := []string{"name", "namespace", "status", "revision"}
		if v4 {
			release["applyMethod"] = "ssa"
			keys = append(keys, "applyMethod")
		}
		writeJSON("helm-releases.json", append(releases, ordered(release, keys...)))
	case hasPrefix("uninstall"):
		filterByName("helm-releases.json", arg(1))
	}
}

func docker() {
	switch {
	case hasPrefix("image", "list"):
		out(read("docker-images.txt", ""))
	case hasPrefix("cp"):
		dest := arg(2)
		if dest == nil {
			fail("docker stand-in: cp needs a destination")
		}
		if !strings.Contains(*dest, ":") {
			check(os.WriteFile(*dest, []byte("{\"exported\": \"admin config\"}\n"), 0o644))
		}
	}
}

// snapshot copies a chart, values file or manifest folder handed to a tool into the state folder,
// as <kind>-<n>, and records it in snapshots.json.
func snapshot(kind, src string) {
	var snaps []json.RawMessage
	readJSON("snapshots.json", &snaps)
	dest := file(fmt.Sprintf("%s-%d", kind, len(snaps)))
	copyTree(src, dest)
	writeJSON("snapshots.json", append(snaps, ordered(map[string]any{"kind": kind, "src": src, "dest": dest}, "kind", "src", "dest")))
}

// copyTree copies a file or a folder recursively, symbolic links as links.
func copyTree(src, dest string) {
	check(filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dest, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(target, info.Mode().Perm()|0o700)
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		default:
			from, err := os.Open(path)
			if err != nil {
				return err
			}
			defer from.Close()
			to, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, info.Mode().Perm())
			if err != nil {
				return err
			}
			if _, err := io.Copy(to, from); err != nil {
				to.Close()
				return err
			}
			return to.Close()
		}
	}))
}

// filterByName rewrites a JSON array of objects without those whose name is name (entries kept as
// they were written).
func filterByName(name string, want *string) {
	var items []json.RawMessage
	readJSON(name, &items)
	kept := []json.RawMessage{}
	for _, it := range items {
		if !nameIs(it, want) {
			kept = append(kept, it)
		}
	}
	writeJSON(name, kept)
}

func indexByName(items []json.RawMessage, want *string) int {
	for i, it := range items {
		if nameIs(it, want) {
			return i
		}
	}
	return -1
}

// nameIs: whether the object's name equals want (a missing name equals a missing want, as
// undefined === undefined).
func nameIs(item json.RawMessage, want *string) bool {
	var v struct {
		Name *string `json:"name"`
	}
	if json.Unmarshal(item, &v) != nil {
		return false
	}
	if v.Name == nil || want == nil {
		return v.Name == nil && want == nil
	}
	return *v.Name == *want
}

func file(name string) string { return filepath.Join(dir, name) }

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func isDir(path *string) bool {
	if path == nil {
		return false
	}
	st, err := os.Stat(*path)
	return err == nil && st.IsDir()
}

// read returns a state file's text, or fallback when it does not exist.
func read(name, fallback string) string {
	b, err := os.ReadFile(file(name))
	if os.IsNotExist(err) {
		return fallback
	}
	check(err)
	return string(b)
}

// readJSON decodes a state file into v; a missing file leaves v as it is (empty).
func readJSON(name string, v any) {
	text := read(name, "")
	if text == "" && !exists(file(name)) {
		return
	}
	if err := json.Unmarshal([]byte(text), v); err != nil {
		fail("standin: %s: %v", file(name), err)
	}
}

func writeJSON(name string, v any) {
	check(os.WriteFile(file(name), mustJSON(v), 0o644))
}

func appendLine(name string, line []byte) {
	f, err := os.OpenFile(file(name), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	check(err)
	_, err = f.Write(append(line, '\n'))
	check(err)
	check(f.Close())
}

// mustJSON encodes like JSON.stringify: compact, no HTML escaping, no trailing newline.
func mustJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	check(enc.Encode(v))
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// ordered encodes an object with its keys in the given order (those present), as JavaScript keeps
// insertion order and Go's maps do not.
func ordered(m map[string]any, keys ...string) json.RawMessage {
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	for _, k := range keys {
		v, ok := m[k]
		if !ok {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		buf.Write(mustJSON(k))
		buf.WriteByte(':')
		buf.Write(mustJSON(v))
	}
	buf.WriteByte('}')
	return buf.Bytes()
}

func out(text string) { io.WriteString(os.Stdout, text) }

// hasPrefix: whether argv starts with words.
func hasPrefix(words ...string) bool {
	if len(words) > len(argv) {
		return false
	}
	for i, w := range words {
		if argv[i] != w {
			return false
		}
	}
	return true
}

func contains(word string) bool {
	for _, a := range argv {
		if a == word {
			return true
		}
	}
	return false
}

// arg is argv[i], or nil past the end.
func arg(i int) *string {
	if i >= len(argv) {
		return nil
	}
	return &argv[i]
}

// flag is the word after the first occurrence of name, or nil.
func flag(name string) *string {
	for i, a := range argv {
		if a == name {
			return arg(i + 1)
		}
	}
	return nil
}

func check(err error) {
	if err != nil {
		fail("standin (%s): %v", tool, err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}
