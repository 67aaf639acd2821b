// Bundles the CLI into build/afc.cjs, one script that bin/afc compiles with V8's code cache
// (build/afc-<id>.v8cache, written here by a warm-up run), so start-up neither walks node_modules nor
// parses and compiles 2 MB of JavaScript. The runner commands stay lazily initialized inside the
// bundle (esbuild wraps dynamically imported modules) and lazily compiled by V8.
// Run by `npm ci` (prepare), `npm run build` and `npm test`. bench/NOTES.md has the measurements.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { k8sImportsAsEsm, lazyBuiltins } from './esbuild-plugins.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'build');
const bundle = join(outdir, 'afc.cjs');

// `npm test` builds every time: skip the build (and its warm-up runs) when nothing it reads changed
// since the last one, that is the sources, bin/, the build scripts, the package and lock files, and
// the versions of Node and esbuild. AFC_BUILD_FORCE=1 rebuilds anyway.
const stampFile = join(outdir, 'inputs.sha256');
const inputs = inputsHash();
if (process.env.AFC_BUILD_FORCE !== '1' && upToDate()) {
  console.log('build: build/afc.cjs is up to date');
  process.exit(0);
}
rmSync(outdir, { recursive: true, force: true });

const result = await build({
  // The ESM entry src/cli/main.ts awaits at top level; a script exports the runner instead.
  stdin: { contents: "export { run as main } from './src/cli/index.ts';", resolveDir: root, sourcefile: 'afc-entry.ts', loader: 'ts' },
  outfile: bundle,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  // No comments or indentation: 1.4 instead of 1.9 MB to read, hash and scan at every start.
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  // The sources are ES modules: keep their strict-mode semantics in the script.
  banner: { js: '"use strict";' },
  plugins: [k8sImportsAsEsm, lazyBuiltins],
  // 800 kB of Graphviz WebAssembly, required by `afc graph --format svg` only: kept out of the bundle.
  external: ['@hpcc-js/wasm-graphviz'],
});

// bin/afc runs the script with vm.Script, which has no loader for import() of anything outside it.
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  for (const imp of out.imports) {
    if (imp.kind === 'dynamic-import') throw new Error(`${file}: dynamic import of "${imp.path}" outside the bundle: bundle it, or require() it`);
  }
}

// The id names the code cache: V8 checks a cache against the source's length only, so a cache must never
// outlive the script it was made from. A pure-ASCII script (esbuild escapes strings; keep regular
// expressions ASCII too) is read as latin1 by bin/afc: a one-byte string, decoded without UTF-8 work.
const code = readFileSync(bundle, 'utf8');
const id = createHash('sha256').update(code).digest('hex').slice(0, 16);
// eslint-disable-next-line no-control-regex
const encoding = /^[\x00-\x7f]*$/.test(code) ? 'latin1' : 'utf8';
if (encoding !== 'latin1') console.warn('build: build/afc.cjs has non-ASCII characters (a regular expression?): bin/afc reads it as UTF-8, a little slower');
writeFileSync(bundle, `// afc-build ${id} ${encoding}\n${code}`);

// Warm-up runs in one process (plain, Helm, a matrix, --stdout), then the code cache of every function
// they compiled. Without it (or when V8 rejects it: another Node version or V8 flags) bin/afc compiles
// the script as usual.
const work = mkdtempSync(join(tmpdir(), 'afc-build-'));
try {
  // The 1.0.x model (--openafc) too: a values file that gives what its defaults leave open.
  const openafcValues = join(work, 'openafc.yaml');
  writeFileSync(
    openafcValues,
    [
      'components: {default: {imageTag: warm-up}}',
      'staticVolumes: {rat_transfer: {emptyDir: {}}, pipe: {emptyDir: {}}, objst-storage: {emptyDir: {}}}',
      'secretStores: {secret-store: {provider: {fake: {data: [{key: ratdb-password, value: x}]}}}}',
      '',
    ].join('\n'),
  );
  const runs = [
    ['synth', '--matrix', 'k3d,gcp,http,no_secrets', '--out', join(work, 'plain')],
    ['synth', '--openafc', 'main', '-f', openafcValues, '--matrix', 'http,msghnd', '--out', join(work, 'openafc')],
    ['synth', '--openafc', 'main', '-f', openafcValues, '--format', 'helm', '--out', join(work, 'openafc-helm')],
    ['synth', '--format', 'helm', '--matrix', 'k3d,gcp,http,no_secrets', '--out', join(work, 'helm')],
    ['synth', '--platform', 'k3d', '--namespace', 'afc', '--stdout'],
    ['synth', '--platform', 'k3d', '--instances', '2', '--stdout'],
  ];
  execFileSync(process.execPath, [join(root, 'bin', 'afc')], {
    env: { ...process.env, AFC_WRITE_CODE_CACHE: JSON.stringify(runs) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
} catch (e) {
  // The CLI works without the cache (it compiles the script instead): say so, do not fail the build.
  console.warn(`build: no code cache written (${e.message.split('\n')[0]}): afc will start slower`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
// The code cache exists (the warm-up worked): record what this build was made from.
const cached = readFileSync(bundle, 'latin1').slice(0, 64).match(/^\/\/ afc-build ([0-9a-f]+) /)?.[1];
if (cached && existsSync(join(outdir, `afc-${cached}.v8cache`))) writeFileSync(stampFile, inputs);

/** A hash of every file and version the build depends on. */
function inputsHash() {
  const hash = createHash('sha256');
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  for (const dir of ['src', 'platforms', 'bin']) walk(join(root, dir));
  for (const f of ['scripts/build.mjs', 'scripts/esbuild-plugins.mjs', 'package.json', 'package-lock.json', 'tsconfig.json']) files.push(join(root, f));
  for (const f of files.sort()) hash.update(`${relative(root, f)}\0`).update(readFileSync(f)).update('\0');
  const esbuildVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version;
  hash.update(`node ${process.version} ${process.execArgv.join(' ')} esbuild ${esbuildVersion}`);
  return hash.digest('hex');
}

/** Whether build/ holds the bundle and the code cache of exactly these inputs. */
function upToDate() {
  try {
    if (readFileSync(stampFile, 'utf8') !== inputs) return false;
    const id = readFileSync(bundle, 'latin1').slice(0, 64).match(/^\/\/ afc-build ([0-9a-f]+) /)?.[1];
    return id !== undefined && existsSync(join(outdir, `afc-${id}.v8cache`));
  } catch {
    return false;
  }
}
