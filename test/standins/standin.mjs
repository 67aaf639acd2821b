// A recording stand-in for k3d, kubectl, helm, docker, netstat and ss (the tool is this file's name in
// the test's bin folder). Appends {tool, argv, cwd, kubeconfig} to $AFC_STANDIN_DIR/log.jsonl and
// answers from the files in $AFC_STANDIN_DIR (copies of test/fixtures/runner/canned plus per-test
// state): clusters.json, registries.json, kubeconfig.json, netstat.txt, docker-images.txt, pods.json,
// helm-releases.json, namespaces.json. k3d cluster create/delete update clusters.json like k3d would.
// fail.json (below) makes matching calls fail or hang; a file k3d-delete-is-a-no-op makes
// `k3d cluster delete` leave the cluster listed. Helm charts, values files and manifest folders handed
// to `helm install|upgrade` and `kubectl create -f` are copied into the state folder (snapshots.json).
import { appendFileSync, cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const tool = basename(process.argv[1]);
const argv = process.argv.slice(2);
const dir = process.env.AFC_STANDIN_DIR;
if (!dir) {
  process.stderr.write('standin: AFC_STANDIN_DIR is not set\n');
  process.exit(2);
}
const file = (name) => join(dir, name);
const read = (name, fallback) => (existsSync(file(name)) ? readFileSync(file(name), 'utf8') : fallback);
const readJson = (name, fallback) => JSON.parse(read(name, JSON.stringify(fallback)));
const writeJson = (name, value) => writeFileSync(file(name), JSON.stringify(value));
const has = (...words) => words.every((w, i) => argv[i] === w);
const flag = (name) => {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv[i + 1];
};

const entry = { tool, argv, cwd: process.cwd() };
if (process.env.KUBECONFIG) entry.kubeconfig = process.env.KUBECONFIG;
appendFileSync(file('log.jsonl'), `${JSON.stringify(entry)}\n`);

// fail.json: rules [tool, ...argv prefix] (exit 1), or objects {tool, args: [prefix], has: a word in argv,
// hasNot: a word not in argv, then: "fail" (exit 1, the default), "hang" (never exits), "hang-ignoring-sigterm" (never exits
// and ignores SIGTERM, so only SIGKILL stops it; it also starts a child that does the same and writes
// both pids to pids.jsonl)}.
const matches = (t, prefix, has, hasNot) =>
  t === tool && prefix.every((w, i) => argv[i] === w) && (has === undefined || argv.includes(has)) && (hasNot === undefined || !argv.includes(hasNot));
for (const rule of readJson('fail.json', [])) {
  const r = Array.isArray(rule) ? { tool: rule[0], args: rule.slice(1), then: 'fail' } : { then: 'fail', args: [], ...rule };
  if (!matches(r.tool, r.args, r.has, r.hasNot)) continue;
  if (r.then === 'fail') {
    process.stderr.write(`Error: ${tool} ${r.args.join(' ')} failed (injected by the test)\n`);
    process.exit(1);
  }
  if (r.then === 'hang-ignoring-sigterm') {
    process.on('SIGTERM', () => {});
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
    appendFileSync(file('pids.jsonl'), `${JSON.stringify([process.pid, child.pid])}\n`);
  } else appendFileSync(file('pids.jsonl'), `${JSON.stringify([process.pid])}\n`);
  globalThis.setInterval(() => {}, 1000);
  await new Promise(() => {});
}

const snapshot = (kind, src) => {
  const n = readJson('snapshots.json', []).length;
  const dest = file(`${kind}-${n}`);
  cpSync(src, dest, { recursive: true });
  writeJson('snapshots.json', [...readJson('snapshots.json', []), { kind, src, dest }]);
};

const out = (text) => process.stdout.write(text);

switch (tool) {
  case 'k3d': {
    if (has('cluster', 'list')) out(read('clusters.json', '[]'));
    else if (has('registry', 'list')) out(read('registries.json', '[]'));
    else if (has('cluster', 'delete')) {
      if (!existsSync(file('k3d-delete-is-a-no-op'))) writeJson('clusters.json', readJson('clusters.json', []).filter((c) => c.name !== argv[2]));
    } else if (has('cluster', 'create')) {
      const portMappings = {};
      argv.forEach((a, i) => {
        if (argv[i - 1] !== '--port') return;
        const [hostPort, rest] = a.split(':');
        portMappings[`${rest.split('@')[0]}/tcp`] = [{ HostIp: '0.0.0.0', HostPort: hostPort }];
      });
      const name = argv[2];
      writeJson('clusters.json', [
        ...readJson('clusters.json', []),
        { name, nodes: [{ name: `k3d-${name}-server-0`, portMappings: {} }, { name: `k3d-${name}-agent-0`, portMappings }] },
      ]);
    }
    break;
  }
  case 'kubectl': {
    if (has('config', 'view')) {
      const kc = flag('--kubeconfig');
      out(kc ? readFileSync(kc, 'utf8') : read('kubeconfig.json', '{}'));
    } else if (has('get', 'namespaces')) {
      out(read('namespaces.json', JSON.stringify({ items: ['default', 'kube-system', 'kube-public', 'kube-node-lease'].map((name) => ({ metadata: { name } })) })));
    } else if (has('get', 'pods')) out(read('pods.json', '{"items": []}'));
    else if (has('create', '-f') && existsSync(argv[2]) && statSync(argv[2]).isDirectory()) snapshot('manifests', argv[2]);
    break;
  }
  case 'helm': {
    if (has('list')) out(read('helm-releases.json', '[]'));
    else if (has('install') || has('upgrade')) {
      if (existsSync(argv[2] ?? '') && statSync(argv[2]).isDirectory()) snapshot('chart', argv[2]);
      argv.forEach((a, i) => {
        if (argv[i - 1] === '--values' && existsSync(a)) snapshot('values', a);
      });
      // A real install or upgrade (not --dry-run) leaves the release listed, as helm would.
      const releases = readJson('helm-releases.json', []);
      if (!argv.some((a) => a.startsWith('--dry-run')) && !argv.includes('--generate-name') && !releases.some((r) => r.name === argv[1])) {
        writeJson('helm-releases.json', [...releases, { name: argv[1], namespace: flag('--namespace') ?? 'default', status: 'deployed', revision: '1' }]);
      }
    } else if (has('uninstall')) writeJson('helm-releases.json', readJson('helm-releases.json', []).filter((r) => r.name !== argv[1]));
    break;
  }
  case 'docker': {
    if (has('image', 'list')) out(read('docker-images.txt', ''));
    else if (has('cp') && !argv[2].includes(':')) writeFileSync(argv[2], '{"exported": "admin config"}\n');
    break;
  }
  case 'netstat':
  case 'ss':
    out(read('netstat.txt', ''));
    break;
  default:
    break;
}
