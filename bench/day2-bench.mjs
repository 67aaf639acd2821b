#!/usr/bin/env node
/**
 * Day-2 part of `npm run bench`, against the testbed (a benchmark, never a test): afc's live commands
 * beside the kubectl commands they build on, side by side in one run.
 *
 *   (d) diff:   afc diff --platform no_secrets --context testbed --namespace NS (a live release, no changes)
 *               vs kubectl diff --server-side --field-manager=afc -f <the same manifests>
 *   (e) apply:  afc apply --platform no_secrets --context testbed --namespace NS (no changes)
 *               vs kubectl apply --server-side --field-manager=afc --prune --applyset=secrets/afc-applyset-afc -f <the same manifests>
 *
 * Both at 0 and at 3,200 foreign objects in the namespace (3,000 ConfigMaps, 200 Secrets the size of Helm
 * release Secrets): afc's cost must be flat in the namespace's size (issue 18).
 *
 * The release is applied once first (afc apply). kubectl gets the same manifests afc applies (the synth
 * output with the ApplySet member label, the autoscaled worker's replicas left out) and the same field
 * manager, so both see no change. Commands alternate, one run each per round, the order rotated every round; wall
 * time of spawn → exit. The testbed is started if it is not up (and stopped again afterwards).
 * Options: --rounds N (BENCH_ROUNDS, default 10), --afc PATH (another build's bin/afc, for before/after). Each command's peak memory is taken from one extra, untimed run under GNU time (/usr/bin/time). Output: a table on stdout, JSON in
 * bench/results/day2-latest.json. Target: afc within 1.5× of kubectl.
 */
import { Buffer } from 'node:buffer';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KUBECTL = join(ROOT, '.testbed', 'bin', 'kubectl');
const KUBECONFIG = join(ROOT, '.testbed', 'kubeconfig');
const argv = process.argv.slice(2);
const roundsArg = argv.includes('--rounds') ? Number(argv[argv.indexOf('--rounds') + 1]) : Number(process.env.BENCH_ROUNDS ?? 0);
const ROUNDS = roundsArg > 0 ? roundsArg : 10;
// --afc PATH: measure another build (e.g. bin/afc of an earlier commit's checkout) against the same kubectl.
const AFC = argv.includes('--afc') ? resolve(argv[argv.indexOf('--afc') + 1]) : join(ROOT, 'bin', 'afc');
const log = (s) => process.stderr.write(`${s}\n`);

const testbed = (cmd) => execFileSync('bash', [join(ROOT, 'scripts', 'testbed.sh'), cmd], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
let started = false;
try {
  testbed('status');
} catch {
  log('bench day2: starting the testbed');
  testbed('up');
  started = true;
}

const work = mkdtempSync(join(tmpdir(), 'afc-bench-day2-'));
const ns = `bench-day2-${Date.now().toString(36)}`;
const env = { ...process.env, KUBECONFIG, AFC_KUBECTL: KUBECTL, NO_COLOR: '1', KUBECTL_APPLYSET: 'true' };
const kubectl = (...args) => execFileSync(KUBECTL, ['--kubeconfig', KUBECONFIG, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const cleanup = () => {
  try {
    kubectl('delete', 'namespace', ns, '--wait=false');
  } catch {
    /* not created */
  }
  rmSync(work, { recursive: true, force: true });
  if (started) testbed('down');
};
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
process.on('exit', cleanup);

// The whole app without fixed node ports (those are cluster-wide) or the mail secret.
const PLATFORMS = 'no_secrets';
kubectl('create', 'namespace', ns);
execFileSync(AFC, ['apply', '--platform', PLATFORMS, '--context', 'testbed', '--namespace', ns], { env, stdio: ['ignore', 'ignore', 'inherit'] });
// The same manifests as afc applies: the synth output, the ApplySet member label on each object, the
// autoscaled worker's replicas left out (with field manager afc, anything else would change the release).
const id = kubectl('get', 'secret', 'afc-applyset-afc', '-n', ns, '-o', 'jsonpath={.metadata.labels.applyset\\.kubernetes\\.io/id}').trim();
const docs = parseAllDocuments(execFileSync(AFC, ['synth', '--platform', PLATFORMS, '--namespace', ns, '--stdout'], { env }).toString()).map((d) => d.toJS());
for (const o of docs) {
  o.metadata.labels = { ...o.metadata.labels, 'applyset.kubernetes.io/part-of': id };
  if (o.kind === 'Deployment' && o.metadata.name === 'worker') delete o.spec.replicas;
}
const manifest = join(work, 'afc-int.k8s.yaml');
writeFileSync(manifest, docs.map((o) => stringify(o)).join('---\n'));
// kubectl apply --applyset adds the part-of label itself (and refuses input that has it).
const manifestUnlabelled = join(work, 'afc-int-unlabelled.k8s.yaml');
writeFileSync(
  manifestUnlabelled,
  docs
    .map((o) => {
      const { 'applyset.kubernetes.io/part-of': _id, ...labels } = o.metadata.labels;
      return stringify({ ...o, metadata: { ...o.metadata, labels } });
    })
    .join('---\n'),
);

/** Runs one argv; resolves to its wall time in ms. Exit codes in `ok` are accepted (diff: 0 or 1). */
function runOnce(args, ok = [0]) {
  return new Promise((res, rej) => {
    const start = process.hrtime.bigint();
    const child = spawn(args[0], args.slice(1), { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', rej);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (!ok.includes(code)) rej(new Error(`bench day2: ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
      else res(ms);
    });
  });
}

/** The peak resident memory (KiB) of one run of `args`, by GNU time (untimed: after the rounds); undefined without /usr/bin/time. */
function maxRssKiB(args, ok) {
  if (!existsSync('/usr/bin/time')) return undefined;
  const out = join(work, 'rss.txt');
  try {
    execFileSync('/usr/bin/time', ['-f', '%M', '-o', out, ...args], { cwd: work, env, stdio: ['ignore', 'ignore', 'ignore'] });
  } catch (e) {
    if (!ok.includes(e.status)) throw e;
  }
  return Number(readFileSync(out, 'utf8').trim().split('\n').at(-1));
}

const afcTarget = ['--platform', PLATFORMS, '--context', 'testbed', '--namespace', ns];
const kc = (...args) => [KUBECTL, '--kubeconfig', KUBECONFIG, '--context', 'testbed', ...args];
const groups = [
  {
    id: 'diff',
    title: '(d) diff of the whole app against the live release',
    commands: [
      { id: 'afc', label: 'afc diff (live, server-side dry run)', argv: [AFC, 'diff', ...afcTarget], ok: [0] },
      { id: 'kubectl', label: 'kubectl diff --server-side -f', argv: kc('diff', '--server-side', '--field-manager=afc', '-f', manifest), ok: [0, 1] },
    ],
  },
  {
    id: 'apply',
    title: '(e) apply with no changes',
    commands: [
      { id: 'afc', label: 'afc apply (no changes)', argv: [AFC, 'apply', ...afcTarget], ok: [0] },
      { id: 'kubectl', label: 'kubectl apply --server-side --prune --applyset -f', argv: kc('apply', '--server-side', '--field-manager=afc', '--prune', '--applyset=secrets/afc-applyset-afc', '-n', ns, '-f', manifestUnlabelled), ok: [0] },
    ],
  },
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const results = [];
async function measure(foreign) {
  for (const g of groups) {
    const samples = new Map(g.commands.map((c) => [c.id, []]));
    for (const c of g.commands) await runOnce(c.argv, c.ok); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      const order = g.commands.map((_, i) => g.commands[(i + r) % g.commands.length]);
      for (const c of order) samples.get(c.id).push(await runOnce(c.argv, c.ok));
    }
    const afcMs = median(samples.get('afc'));
    const kubectlMs = median(samples.get('kubectl'));
    results.push({
      id: `${g.id}-${foreign}`,
      title: `${g.title}, ${foreign.toLocaleString('en')} foreign objects in the namespace`,
      rounds: ROUNDS,
      commands: g.commands.map((c) => ({ id: c.id, label: c.label, medianMs: median(samples.get(c.id)), samplesMs: samples.get(c.id).map((x) => Math.round(x)), maxRssKiB: maxRssKiB(c.argv, c.ok) })),
      ratio: afcMs / kubectlMs,
    });
  }
}

/**
 * What shares a real namespace: 3,000 foreign ConfigMaps and 200 Secrets the size of Helm release
 * Secrets (~60 kB each, 12 MB in all). afc's cost must not grow with them (issue 18).
 */
function addForeignObjects() {
  const configMaps = Array.from({ length: 3000 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `foreign-${i}`, namespace: ns }, data: { key: `value-${i}` } }));
  const blob = Buffer.alloc(45_000, 'x').toString('base64');
  const secrets = Array.from({ length: 200 }, (_, i) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `sh.helm.release.v1.other-${i}.v1`, namespace: ns }, type: 'helm.sh/release.v1', data: { release: blob } }));
  for (const [name, items] of [['configmaps', configMaps], ['secrets', secrets]]) {
    for (let i = 0; i < items.length; i += 500) {
      const file = join(work, `foreign-${name}-${i}.json`);
      writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: items.slice(i, i + 500) }));
      execFileSync(KUBECTL, ['--kubeconfig', KUBECONFIG, 'create', '-f', file, '-o', 'name'], { env, stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
    }
  }
}

await measure(0);
log('bench day2: adding 3,000 foreign ConfigMaps and 200 Helm-release-sized Secrets');
addForeignObjects();
await measure(3200);

const lines = ['', `afc day-2 vs kubectl on the testbed (${ROUNDS} rounds, median wall time)`, ''];
lines.push('| scenario | afc | kubectl | afc / kubectl | target | afc max RSS | kubectl max RSS |', '| --- | ---: | ---: | ---: | --- | ---: | ---: |');
const mib = (kib) => (kib === undefined ? '?' : `${(kib / 1024).toFixed(0)} MiB`);
for (const r of results) {
  const [a, k] = r.commands;
  lines.push(`| ${r.title} | ${a.medianMs.toFixed(0)} ms | ${k.medianMs.toFixed(0)} ms | ${r.ratio.toFixed(2)}× | ${r.ratio <= 1.5 ? 'within 1.5×' : 'OVER 1.5×'} | ${mib(a.maxRssKiB)} | ${mib(k.maxRssKiB)} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'day2-latest.json'), `${JSON.stringify({ date: new Date().toISOString(), afc: AFC, namespace: ns, results }, null, 2)}\n`);
