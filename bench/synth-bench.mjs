#!/usr/bin/env node
/**
 * `npm run bench`: afc synth against `helm template`, side by side in one run (a benchmark, never a test).
 *
 * Every command is a fresh process, spawned with an argv array (no shell), stdout to /dev/null; wall
 * time is process.hrtime around spawn → exit. Within a group the commands alternate, one run each per
 * round, with the order rotated every round; `node -e 0` (Node's start, the floor) runs in every round.
 * Peak memory (max RSS) comes from separate runs under GNU time (`/usr/bin/time -f %M`), or, without
 * it, from process.resourceUsage() at exit for the Node commands (helm: n/a).
 *
 *   (a) single:  afc synth --platform k3d --stdout   vs  helm template afc <generated k3d chart>
 *   (b) matrix:  afc synth --matrix k3d,gcp,http,no_secrets --out DIR (one process, 16 folders)
 *                vs 16 `helm template` runs, one per generated chart (the 16 combinations' charts)
 *   (c) scale:   afc synth --platform k3d --instances N --stdout (N releases afc-1..N, each in its own
 *                namespace, one process) for N = 1, 10, 100; helm: N `helm template afc-i <k3d chart>
 *                --namespace afc-i` runs (N = 1, 10; 100 too with --full)
 *   (e) openafc: afc synth --openafc main -f values-k3d.yaml -f fake-secrets.yaml --stdout vs helm template of
 *                upstream main's own chart (../shared/reference/openafc-upstream/main-717d3491/helm/afc-int) with
 *                the same files; and afc synth --openafc main -f values-k3d.yaml -f fake-secrets.yaml --matrix
 *                http,msghnd,mtls,devel (16 folders, 1 process) vs 16 helm template runs of upstream's chart
 *   (d) values:  afc synth --platform k3d -f FILE --stdout for values files of 1, 2 and 4 MiB (env
 *                variables spread over 8 ConfigMaps, each under Kubernetes' 1 MiB): parse, merge and
 *                validate must stay linear, (t(4) − t(1)) / (t(2) − t(1)) = 3 for linear work, 5 for a quadratic
 *                step (before the fix: 0.5 MiB took 15 s, 1 MiB 53 s); the garbage collector, whose cost grows
 *                with the heap, makes it about 4 here, so the goal is ≤ 4.5; and 4 MiB in seconds (≤ 10)
 *
 * Options (or env): --rounds N (BENCH_ROUNDS) scales every group's rounds (default: single 30, matrix
 * 10, scale 5); --quick (a third of the rounds); --full (helm for N = 100 as well); --no-build.
 * Output: a table on stdout, JSON in bench/results/<date>.json and bench/results/latest.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { cpus, tmpdir, totalmem, platform, release as osRelease } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const AFC = join(ROOT, 'bin', 'afc');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? undefined : argv[i + 1];
};
if (flag('help')) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
  process.exit(0);
}

const scaleRounds = Number(option('rounds') ?? process.env.BENCH_ROUNDS ?? 0);
const quick = flag('quick') || process.env.BENCH_QUICK === '1';
const rounds = (dflt) => Math.max(3, scaleRounds > 0 ? Math.round((scaleRounds * dflt) / 10) : quick ? Math.ceil(dflt / 3) : dflt);
const ROUNDS = { single: rounds(30), matrix: rounds(10), scale: rounds(5), values: rounds(3) };
const WARMUP = 1;
const MEMORY_RUNS = 3;
const SCALE_N = [1, 10, 100];
const HELM_SCALE_N = flag('full') || process.env.BENCH_FULL === '1' ? SCALE_N : [1, 10];
const MATRIX = ['k3d', 'gcp', 'http', 'no_secrets'];

const log = (s) => process.stderr.write(`${s}\n`);

// ---------------------------------------------------------------------------------------------
// Setup: the bundle, helm, the generated charts.

if (!flag('no-build') && !existsSync(join(ROOT, 'build', 'afc.mjs'))) {
  log('bench: building the CLI (npm run build)');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
}
const HELM = process.env.AFC_HELM ?? join(ROOT, '.tools', 'bin', 'helm');
if (!existsSync(HELM)) {
  log('bench: installing the pinned helm (npm run tools:helm)');
  execFileSync('bash', [join(ROOT, 'scripts', 'install-helm.sh')], { cwd: ROOT, stdio: 'inherit' });
}

const work = mkdtempSync(join(tmpdir(), 'afc-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

const charts = join(work, 'charts');
execFileSync(AFC, ['synth', '--format', 'helm', '--matrix', MATRIX.join(','), '--out', charts], { stdio: ['ignore', 'ignore', 'inherit'] });
// One folder per combination; the output's marker file (.afc-output) is not one.
const comboDirs = readdirSync(charts, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(charts, d.name)).sort();
const k3dChart = join(charts, 'k3d');
if (comboDirs.length !== 2 ** MATRIX.length || !existsSync(k3dChart)) throw new Error(`bench: expected ${2 ** MATRIX.length} charts in ${charts}`);

// GNU time for max RSS, if it works here.
const GNU_TIME = (() => {
  try {
    const out = join(work, 'probe.rss');
    execFileSync('/usr/bin/time', ['-f', '%M', '-o', out, process.execPath, '-e', '0'], { stdio: 'ignore' });
    return Number.isFinite(Number(readFileSync(out, 'utf8').trim().split('\n').pop())) ? '/usr/bin/time' : undefined;
  } catch {
    return undefined;
  }
})();
const RSS_PRELOAD = join(work, 'rss.cjs');
writeFileSync(RSS_PRELOAD, "process.on('exit', () => require('fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");

// ---------------------------------------------------------------------------------------------
// Commands: each is a list of argv arrays run one after the other (a sequence counts as one sample).

const node = (...args) => ['node', ...args];
const afc = (...args) => [AFC, ...args];
const helm = (...args) => [HELM, ...args];

const cmd = (id, label, steps, { isNode = true } = {}) => ({ id, label, steps, isNode, samples: [], rss: [] });
const floor = () => cmd('floor', 'node -e 0', [node('-e', '0')]);

/** A values file of about `mib` MiB: env variables spread over 8 ConfigMaps (the limit of one is 1 MiB). */
const VALUES_MIB = [1, 2, 4];
const valuesFile = (mib) => {
  const file = join(work, `values-${mib}mib.yaml`);
  const maps = ['dispatcher', 'rat_server', 'msghnd', 'objst', 'worker', 'rcache', 'als_siphon', 'uls_downloader'];
  const line = (i) => `    AFC_BENCH_VAR_${String(i).padStart(6, '0')}: "value-${String(i).padStart(6, '0')}-abcdefghijklmnop"\n`;
  const perMap = Math.floor((mib * 1024 * 1024 - 4096) / maps.length / line(0).length);
  let text = 'configmaps:\n';
  for (const m of maps) {
    text += `  ${m}:\n`;
    for (let i = 0; i < perMap; i++) text += line(i);
  }
  writeFileSync(file, text);
  return file;
};
const valuesFiles = Object.fromEntries(VALUES_MIB.map((mib) => [mib, valuesFile(mib)]));

const matrixOut = join(work, 'matrix-out');

// (e) upstream main's own chart and the files its procedure composes.
const UPSTREAM_MAIN = process.env.AFC_UPSTREAM_MAIN ?? resolve(ROOT, '..', '..', 'shared', 'reference', 'openafc-upstream', 'main-717d3491');
const upstreamChart = join(UPSTREAM_MAIN, 'helm', 'afc-int');
const HAS_UPSTREAM = existsSync(upstreamChart) || existsSync('/work/shared/reference/openafc-upstream/main-717d3491/helm/afc-int');
const upstreamRoot = existsSync(upstreamChart) ? UPSTREAM_MAIN : '/work/shared/reference/openafc-upstream/main-717d3491';
const upChart = join(upstreamRoot, 'helm', 'afc-int');
const upK3d = ['-f', join(upChart, 'values-k3d.yaml'), '-f', join(upstreamRoot, 'inputs', 'fake-secrets.yaml')];
const OPENAFC_MATRIX = ['http', 'msghnd', 'mtls', 'devel'];
const openafcMatrixOut = join(work, 'openafc-matrix-out');
const upCombos = Array.from({ length: 2 ** OPENAFC_MATRIX.length }, (_, mask) => OPENAFC_MATRIX.filter((_p, i) => mask & (1 << i)));
const groups = [
  {
    id: 'single',
    title: '(a) single synth: k3d, --stdout',
    rounds: ROUNDS.single,
    commands: [
      floor(),
      cmd('afc', 'afc synth --platform k3d --stdout', [afc('synth', '--platform', 'k3d', '--stdout')]),
      cmd('helm', 'helm template afc <k3d chart>', [helm('template', 'afc', k3dChart)], { isNode: false }),
    ],
  },
  {
    id: 'matrix',
    title: '(b) 16 combinations of k3d,gcp,http,no_secrets',
    rounds: ROUNDS.matrix,
    commands: [
      floor(),
      cmd('afc', 'afc synth --matrix k3d,gcp,http,no_secrets --out DIR (1 process)', [afc('synth', '--matrix', MATRIX.join(','), '--out', matrixOut)]),
      cmd('helm', '16 × helm template afc <combination chart>', comboDirs.map((d) => helm('template', 'afc', d)), { isNode: false }),
    ],
  },
  {
    id: 'scale',
    title: '(c) N instances (release afc-i in namespace afc-i), k3d, --stdout',
    rounds: ROUNDS.scale,
    commands: [
      floor(),
      ...SCALE_N.map((n) => cmd(`afc-${n}`, `afc synth --platform k3d --instances ${n} --stdout`, [afc('synth', '--platform', 'k3d', '--instances', String(n), '--stdout')])),
      ...HELM_SCALE_N.map((n) =>
        cmd(
          `helm-${n}`,
          `${n} × helm template afc-i <k3d chart> --namespace afc-i`,
          Array.from({ length: n }, (_, i) => helm('template', `afc-${i + 1}`, k3dChart, '--namespace', `afc-${i + 1}`)),
          { isNode: false },
        ),
      ),
    ],
  },
  ...(HAS_UPSTREAM
    ? [
        {
          id: 'openafc',
          title: "(e) OpenAFC main: k3d+fake-secrets, and the 16 combinations of http,msghnd,mtls,devel over it, vs upstream main's chart",
          rounds: ROUNDS.single,
          commands: [
            floor(),
            cmd('afc', 'afc synth --openafc main -f values-k3d.yaml -f fake-secrets.yaml --stdout', [afc('synth', '--openafc', 'main', ...upK3d, '--stdout')]),
            cmd('helm', "helm template afc <upstream main's chart> -f values-k3d.yaml -f fake-secrets.yaml", [helm('template', 'afc', upChart, ...upK3d)], { isNode: false }),
            cmd('afc-matrix', 'afc synth --openafc main -f … --matrix http,msghnd,mtls,devel --out DIR (1 process)', [afc('synth', '--openafc', 'main', ...upK3d, '--matrix', OPENAFC_MATRIX.join(','), '--out', openafcMatrixOut, '--force')]),
            cmd('helm-matrix', "16 × helm template afc <upstream main's chart> -f … (one per combination)", upCombos.map((combo) => helm('template', 'afc', upChart, ...upK3d, ...combo.flatMap((p) => ['-f', join(upChart, `values-${p}.yaml`)]))), { isNode: false }),
          ],
        },
      ]
    : []),
  {
    id: 'values',
    title: '(d) a large values file (-f), k3d, --stdout',
    rounds: ROUNDS.values,
    commands: [floor(), ...VALUES_MIB.map((mib) => cmd(`afc-${mib}mib`, `afc synth --platform k3d -f <${mib} MiB values file> --stdout`, [afc('synth', '--platform', 'k3d', '-f', valuesFiles[mib], '--stdout')]))],
  },
];

// ---------------------------------------------------------------------------------------------
// Running.

const devNull = 'ignore';

/** Runs one argv; resolves to its wall time in ms. Fails loudly on a non-zero exit. */
function runOnce(args, { env, wrap } = {}) {
  return new Promise((resolvePromise, reject) => {
    const [file, ...rest] = wrap ? [...wrap, ...args] : args;
    const start = process.hrtime.bigint();
    const child = spawn(file, rest, { cwd: work, stdio: ['ignore', devNull, 'pipe'], env: env ?? process.env });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`bench: ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
      else resolvePromise(ms);
    });
  });
}

async function runSteps(steps) {
  let total = 0;
  for (const s of steps) total += await runOnce(s);
  return total;
}

/** Max RSS (KiB) over the steps of one command. */
async function measureRss(c) {
  let max = 0;
  const rssFile = join(work, 'run.rss');
  for (const s of c.steps) {
    rmSync(rssFile, { force: true });
    if (GNU_TIME) await runOnce(s, { wrap: [GNU_TIME, '-f', '%M', '-o', rssFile] });
    else if (c.isNode) await runOnce(s, { env: { ...process.env, NODE_OPTIONS: `--require ${RSS_PRELOAD}`, BENCH_RSS_FILE: rssFile } });
    else return undefined;
    max = Math.max(max, Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()));
  }
  return max;
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (c) => ({
  label: c.label,
  runs: c.samples.length,
  medianMs: median(c.samples),
  p90Ms: quantile(c.samples, 0.9),
  minMs: Math.min(...c.samples),
  maxRssKiB: c.rss.length ? Math.max(...c.rss) : null,
  samplesMs: c.samples.map((x) => Math.round(x * 100) / 100),
});

const started = Date.now();
for (const g of groups) {
  log(`bench: ${g.title}: ${WARMUP} warm-up + ${g.rounds} rounds of ${g.commands.length} commands`);
  for (const c of g.commands) for (let i = 0; i < WARMUP; i++) await runSteps(c.steps);
  for (let r = 0; r < g.rounds; r++) {
    const n = g.commands.length;
    for (let k = 0; k < n; k++) {
      const c = g.commands[(k + r) % n];
      c.samples.push(await runSteps(c.steps));
    }
  }
  for (const c of g.commands) {
    for (let i = 0; i < MEMORY_RUNS; i++) {
      const rss = await measureRss(c);
      if (rss !== undefined) c.rss.push(rss);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Results.

const result = Object.fromEntries(groups.map((g) => [g.id, Object.fromEntries(g.commands.map((c) => [c.id, stats(c)]))]));
const floorMs = median(groups.flatMap((g) => g.commands.filter((c) => c.id === 'floor').flatMap((c) => c.samples)));
const s = result.single;
const m = result.matrix;
const sc = result.scale;
const perInstance = (n) => (n === 1 ? null : (sc[`afc-${n}`].medianMs - sc['afc-1'].medianMs) / (n - 1));
const targets = {
  singleVsHelm: { value: s.afc.medianMs / s.helm.medianMs, target: 1.5, op: '<=' },
  singleAppWorkVsHelm: { value: (s.afc.medianMs - floorMs) / s.helm.medianMs, target: 0.5, op: '<=' },
  matrixVsHelm: { value: m.afc.medianMs / m.helm.medianMs, target: 0.3, op: '<=' },
  scalePerInstance100vs10: { value: perInstance(100) / perInstance(10), target: 1.2, op: '<=' },
  valuesLinear4vs2: {
    value: (result.values['afc-4mib'].medianMs - result.values['afc-1mib'].medianMs) / (result.values['afc-2mib'].medianMs - result.values['afc-1mib'].medianMs),
    target: 4.5,
    op: '<=',
  },
  values4MiBSeconds: { value: result.values['afc-4mib'].medianMs / 1000, target: 10, op: '<=' },
  ...(result.openafc
    ? {
        openafcSingleVsHelm: { value: result.openafc.afc.medianMs / result.openafc.helm.medianMs, target: 1.0, op: '<=' },
        openafcMatrixVsHelm: { value: result.openafc['afc-matrix'].medianMs / result.openafc['helm-matrix'].medianMs, target: 0.3, op: '<=' },
      }
    : {}),
};
for (const t of Object.values(targets)) t.met = t.value <= t.target;

const git = (...a) => {
  try {
    return execFileSync('git', a, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};
const bundleBytes = (() => {
  let total = 0;
  const walk = (d) => {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, f.name);
      if (f.isDirectory()) walk(p);
      else total += statSync(p).size;
    }
  };
  try {
    walk(join(ROOT, 'build'));
  } catch {
    /* no build */
  }
  return total;
})();

const report = {
  date: new Date().toISOString(),
  durationS: Math.round((Date.now() - started) / 100) / 10,
  env: {
    node: process.version,
    helm: execFileSync(HELM, ['version', '--short'], { encoding: 'utf8' }).trim(),
    platform: `${platform()} ${osRelease()}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    memGiB: Math.round(totalmem() / 2 ** 30),
    gitCommit: git('rev-parse', '--short', 'HEAD'),
    gitDirty: git('status', '--porcelain', '--', 'src', 'bin', 'scripts', 'platforms', 'package.json') !== '',
    buildBytes: bundleBytes,
    rssMethod: GNU_TIME ? 'GNU time -f %M (max RSS of the process; max over a sequence)' : 'process.resourceUsage().maxRSS (node only)',
  },
  rounds: ROUNDS,
  floorMedianMs: floorMs,
  results: result,
  scalePerInstanceMs: Object.fromEntries(SCALE_N.map((n) => [n, { wallPerInstance: sc[`afc-${n}`].medianMs / n, marginalFrom1: perInstance(n) }])),
  targets,
};

const f1 = (x) => (x === null || x === undefined ? 'n/a' : x.toFixed(1));
const f2 = (x) => (x === null || x === undefined ? 'n/a' : x.toFixed(2));
const mib = (k) => (k === null ? 'n/a' : `${(k / 1024).toFixed(0)} MiB`);
const rows = [];
rows.push('| Scenario | Command | Median ms | p90 ms | Max RSS | vs helm |', '| --- | --- | ---: | ---: | ---: | ---: |');
const row = (scenario, st, vs) => rows.push(`| ${scenario} | ${st.label} | ${f1(st.medianMs)} | ${f1(st.p90Ms)} | ${mib(st.maxRssKiB)} | ${vs ?? ''} |`);
row('floor', result.single.floor);
row('(a) single', s.afc, `${f2(s.afc.medianMs / s.helm.medianMs)}×`);
row('(a) single', s.helm, '1×');
row('(b) matrix 16', m.afc, `${f2(m.afc.medianMs / m.helm.medianMs)}×`);
row('(b) matrix 16', m.helm, '1×');
for (const n of SCALE_N) {
  const h = sc[`helm-${n}`];
  row(`(c) N=${n}`, sc[`afc-${n}`], h ? `${f2(sc[`afc-${n}`].medianMs / h.medianMs)}×` : '');
  if (h) row(`(c) N=${n}`, h, '1×');
}
for (const mib of VALUES_MIB) row(`(d) values ${mib} MiB`, result.values[`afc-${mib}mib`]);
if (result.openafc) {
  const o = result.openafc;
  row('(e) OpenAFC main', o.afc, `${f2(o.afc.medianMs / o.helm.medianMs)}×`);
  row('(e) OpenAFC main', o.helm, '1×');
  row('(e) OpenAFC main matrix 16', o['afc-matrix'], `${f2(o['afc-matrix'].medianMs / o['helm-matrix'].medianMs)}×`);
  row('(e) OpenAFC main matrix 16', o['helm-matrix'], '1×');
}
const scaleRows = [
  '| N | afc wall ms | wall / N | (wall − wall(N=1)) / (N − 1) |',
  '| ---: | ---: | ---: | ---: |',
  ...SCALE_N.map((n) => `| ${n} | ${f1(sc[`afc-${n}`].medianMs)} | ${f2(sc[`afc-${n}`].medianMs / n)} | ${n === 1 ? '—' : f2(perInstance(n))} |`),
];
const fmtTarget = (name, t, what) => `| ${what} | ${f2(t.value)} | ${t.op} ${t.target} | ${t.met ? 'met' : 'NOT met'} |`;
const targetRows = [
  '| Target | Measured | Goal | |',
  '| --- | ---: | ---: | --- |',
  fmtTarget('singleVsHelm', targets.singleVsHelm, 'single: afc / helm (medians)'),
  fmtTarget('singleAppWorkVsHelm', targets.singleAppWorkVsHelm, 'single: (afc − node floor) / helm'),
  fmtTarget('matrixVsHelm', targets.matrixVsHelm, 'matrix: afc (1 process) / 16 helm runs'),
  fmtTarget('scalePerInstance100vs10', targets.scalePerInstance100vs10, 'scale: per-instance cost N=100 / N=10'),
  fmtTarget('valuesLinear4vs2', targets.valuesLinear4vs2, 'values: (t(4 MiB) − t(1 MiB)) / (t(2 MiB) − t(1 MiB)), linear 3, quadratic 5'),
  fmtTarget('values4MiBSeconds', targets.values4MiBSeconds, 'values: 4 MiB file, seconds'),
  ...(targets.openafcSingleVsHelm
    ? [
        fmtTarget('openafcSingleVsHelm', targets.openafcSingleVsHelm, "OpenAFC main k3d: afc / helm template of upstream's chart"),
        fmtTarget('openafcMatrixVsHelm', targets.openafcMatrixVsHelm, "OpenAFC main matrix: afc (1 process) / 16 helm runs of upstream's chart"),
      ]
    : []),
];
report.table = [...rows, '', ...scaleRows, '', ...targetRows].join('\n');

const out = `${report.table}\n\n${report.env.node}, ${report.env.helm}, ${report.env.cpus} × ${report.env.cpu}, floor (node -e 0) median ${f1(floorMs)} ms; ${report.durationS} s\n`;
process.stdout.write(out);

const resultsDir = join(ROOT, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const stamp = report.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
const json = `${JSON.stringify(report, null, 2)}\n`;
writeFileSync(join(resultsDir, `${stamp}.json`), json);
writeFileSync(join(resultsDir, 'latest.json'), json);
log(`bench: wrote bench/results/${stamp}.json and bench/results/latest.json`);
