/**
 * The public API as a user gets it: `npm pack` this repository (prepack builds lib/, the JavaScript
 * and .d.ts of src/api.ts), install the tarball into a fresh project next to vitest and TypeScript,
 * type-check the example test of docs/api.md (test/package/example/overlay.test.ts) against the package's
 * .d.ts and run it with vitest there; the installed `afc` command works too.
 *
 * Slow (a pack, an install from the npm cache or registry, a vitest run): not part of `npm test`;
 * `npm run test:package` (vitest.package.config.ts) runs it, and so does CI (.ci/run).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOk } from '../support/process.js';

const root = resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string; devDependencies: Record<string, string> };
const version = (name: string): string => (createRequire(join(root, 'package.json'))(`${name}/package.json`) as { version: string }).version;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let work: string;
let project: string;

/** Runs a program (no shell) and resolves to its stdout, rejecting with its stderr unless it exits 0. */
const run = (cmd: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> => runOk(cmd, args, { timeoutMs: 600_000, ...opts });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'afc-pack-'));
  project = join(work, 'project');
  mkdirSync(join(project, 'test'), { recursive: true });
  // --json: the tarball's file name and its file list.
  // Lifecycle scripts (prepack, prepare) may print on stdout too: the JSON is the last top-level list.
  const out = await run(npm, ['pack', '--json', '--pack-destination', work], { cwd: root });
  const packed = JSON.parse(out.slice(out.lastIndexOf('\n[\n') + 1)) as { filename: string; files: { path: string }[] }[];
  const tarball = join(work, packed[0]!.filename);
  writeFileSync(join(work, 'files.json'), JSON.stringify(packed[0]!.files.map((f) => f.path)));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-overlay-tests', private: true, type: 'module' }, null, 2));
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [] }, include: ['test'] }, null, 2),
  );
  copyFileSync(join(root, 'test', 'package', 'example', 'overlay.test.ts'), join(project, 'test', 'overlay.test.ts'));
  // The same vitest and TypeScript as this repository; --prefer-offline: from the npm cache that `npm ci` filled.
  await run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, `vitest@${version('vitest')}`, `typescript@${version('typescript')}`, `@types/node@${version('@types/node')}`], { cwd: project });
}, 900_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('ships the CLI, the API with its types, and no sources or tests', () => {
    const files = JSON.parse(readFileSync(join(work, 'files.json'), 'utf8')) as string[];
    expect(files).toEqual(expect.arrayContaining(['package.json', 'bin/afc', 'build/afc.cjs', 'lib/src/api.js', 'lib/src/api.d.ts', 'lib/platforms/index.js']));
    expect(files.filter((f) => /^(src|test|e2e|platforms|scripts)\//.test(f) || f.endsWith('.test.ts'))).toEqual([]);
    const installed = JSON.parse(readFileSync(join(project, 'node_modules', pkg.name, 'package.json'), 'utf8')) as { version: string; types: string };
    expect(installed.version).toBe(pkg.version);
    expect(existsSync(join(project, 'node_modules', pkg.name, installed.types))).toBe(true);
  });

  it("type-checks the example of docs/api.md against the package's .d.ts", async () => {
    const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
    expect(await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project })).toBe('');
  });

  it("runs the example test of docs/api.md with vitest in the installed project", async () => {
    const vitest = join(project, 'node_modules', 'vitest', 'vitest.mjs');
    const out = await run(process.execPath, [vitest, 'run', '--reporter=verbose', '--color=false'], { cwd: project, env: { ...process.env, CI: '1', NO_COLOR: '1' } });
    expect(out).toMatch(/gcp has no ratdb/);
    expect(out).toMatch(/Tests\s+4 passed \(4\)/);
  });

  it('is the example of docs/api.md', () => {
    const example = readFileSync(join(root, 'test', 'package', 'example', 'overlay.test.ts'), 'utf8').replace(/^(\/\/.*\n)+/, '');
    expect(readFileSync(join(root, 'docs', 'api.md'), 'utf8')).toContain('```ts\n' + example + '```\n');
  });

  it('fails the example when the assertion is false (the test can fail)', async () => {
    const broken = join(project, 'test', 'broken.test.ts');
    writeFileSync(broken, "import { expect, it } from 'vitest';\nimport { synth } from 'afc-k8s';\nit('gcp has a ratdb', () => expect(synth({ platforms: ['gcp'] }).map((o) => o.metadata.name)).toContain('ratdb'));\n");
    try {
      const vitest = join(project, 'node_modules', 'vitest', 'vitest.mjs');
      await expect(run(process.execPath, [vitest, 'run', 'test/broken.test.ts', '--color=false'], { cwd: project, env: { ...process.env, CI: '1', NO_COLOR: '1' } })).rejects.toThrow(/gcp has a ratdb/);
    } finally {
      rmSync(broken);
    }
  });

  it('reports bad input as an AfcError with the CLI message', async () => {
    const api = (await import(join(project, 'node_modules', pkg.name, 'lib', 'src', 'api.js'))) as typeof import('../../src/api.js');
    expect(() => api.synth({ platforms: ['gke'] })).toThrow(api.AfcError);
    expect(() => api.synth({ platforms: ['gke'] })).toThrow(/unknown platform "gke": use one of k3d, gcp/);
    expect(Object.keys(api.platforms)).toEqual(expect.arrayContaining(['k3d', 'gcp', 'http']));
    // An overlay of the caller's is validated with the rest of the values.
    const bad = { description: 'bad', values: { components: { msghnd: { initialReplicas: -1 } } } };
    expect(() => api.synth({ platforms: ['k3d', bad] })).toThrow(/components\.msghnd\.initialReplicas/);
  });

  it("synthesizes another OpenAFC version through the installed API: synth({ openafc: '1.0.3.0' })", async () => {
    const api = (await import(join(project, 'node_modules', pkg.name, 'lib', 'src', 'api.js'))) as typeof import('../../src/api.js');
    const warnings: string[] = [];
    const objects = api.synth({ openafc: '1.0.3.0', platforms: ['k3d', 'no_secrets'], sets: ['components.default.imageTag=1.0.3.0'], onWarning: (w) => warnings.push(w) });
    const afcserver = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'afcserver') as { spec: { template: { spec: { containers: { image: string }[] } } } } | undefined;
    expect(afcserver?.spec.template.spec.containers[0]!.image).toBe('ghcr.io/open-afc-project/afcserver-image:1.0.3.0');
    expect(objects.filter((o) => o.kind === 'ConfigMap')).toEqual([]);
    expect(warnings).toEqual([]);
    expect(api.openafcVersionNames()).toEqual(expect.arrayContaining(['1.0.3.0', 'latest-release', 'main']));
    expect(() => api.synth({ openafc: '2.0' })).toThrow(/unknown OpenAFC version "2.0"/);
    const cli = await run(join(project, 'node_modules', '.bin', 'afc'), ['synth', '--openafc', 'main', '--platform', 'k3d,no_secrets', '--stdout'], { cwd: project });
    expect(cli).toMatch(/name: afcserver$/m);
  });

  it("synthesizes the outer cluster through the installed API and CLI: synth({ app: 'afc-ext', openafc: 'main' })", async () => {
    const api = (await import(join(project, 'node_modules', pkg.name, 'lib', 'src', 'api.js'))) as typeof import('../../src/api.js');
    const ips = ['externalIps.int-ingress=192.0.2.10', 'externalIps.int-rmq=192.0.2.11', 'components.default.imageTag=main'];
    const objects = api.synth({ app: 'afc-ext', openafc: 'main', platforms: ['http'], sets: ips });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['Deployment/dispatcher', 'ExternalSecret/image-pull', 'ExternalSecret/server-cert', 'Service/dispatcher']);
    expect(() => api.synth({ app: 'afc-ext' })).toThrow(/^OpenAFC fc912b4a \(the default\) had no afc-ext/);
    const cli = await run(join(project, 'node_modules', '.bin', 'afc'), ['synth', '--app', 'afc-ext', '--openafc', 'main', ...ips.flatMap((s) => ['--set', s]), '--stdout'], { cwd: project });
    expect(cli).toMatch(/name: afc-ext$/m);
  });

  it('installs a working afc command', async () => {
    const out = await run(join(project, 'node_modules', '.bin', 'afc'), ['synth', '--platform', 'gcp', '--stdout'], { cwd: project });
    expect(out).toContain('kind: Deployment');
    expect(out).not.toMatch(/name: ratdb$/m);
  });
});
