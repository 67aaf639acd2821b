/**
 * Golden CLI transcripts: what `--dry-run` of install and cluster create prints (stdout and stderr, the
 * bench's folders as `<bench>`), and the one-line errors of bad flags, pinned byte for byte against the
 * stand-ins (k3d, helm, docker: they cannot run here). A change of one of these files is a change of a
 * message: review it. `AFC_UPDATE_GOLDEN=1 npx vitest run test/cli/golden.test.ts` rewrites them.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runClusterCreate } from '../../src/runner/cluster.js';
import { runInstall, type InstallOptions } from '../../src/runner/install.js';
import { runMigrate } from '../../src/runner/migrate.js';
import { makeBench, makeStaticDir, type Bench } from '../runner/support.js';

const GOLDEN = join(import.meta.dirname, 'golden');

let bench: Bench;
beforeEach(() => {
  bench = makeBench();
});
afterEach(() => bench.cleanup());

/** Compares the transcript with its golden file (or writes it with AFC_UPDATE_GOLDEN=1). */
function expectGolden(name: string, transcript: string): void {
  // The bench's folder, and the random names of temporary folders in it.
  const text = transcript.split(bench.root).join('<bench>').replace(/<bench>\/tmp\/afc-[A-Za-z0-9]{6}/g, '<bench>/tmp/<temp>');
  const file = join(GOLDEN, `${name}.txt`);
  if (process.env.AFC_UPDATE_GOLDEN === '1') writeFileSync(file, text);
  // A missing golden file fails (a renamed case must not pass by writing its own expectation).
  expect(existsSync(file), `${file} is missing: run the test with AFC_UPDATE_GOLDEN=1 and review the file`).toBe(true);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const transcript = (): string => `--- stdout\n${bench.stdout()}--- stderr\n${bench.stderr()}`;

async function failure(run: () => Promise<void>): Promise<string> {
  try {
    await run();
  } catch (e) {
    return `${(e as Error).message}\n`;
  }
  throw new Error('expected a failure');
}

describe('golden --dry-run transcripts', () => {
  const install = (opts: InstallOptions): Promise<void> => runInstall('afc', { dryRun: true, ...opts }, bench.host);

  it('afc install --dry-run (a fresh install)', async () => {
    await install({ tag: 'mytag', http: true, noSecrets: true, wait: '5m' });
    expectGolden('install-fresh', transcript());
  });

  it('afc install --dry-run over an existing release, with --push', async () => {
    bench.setState('helm-releases.json', [{ name: 'afc' }]);
    await install({ tag: 'mytag', push: true, wait: '5m' });
    expectGolden('install-replace-push', transcript());
  });

  it('afc install --dry-run --upgrade of an existing release', async () => {
    bench.setState('helm-releases.json', [{ name: 'afc' }]);
    await install({ upgrade: true, wait: '5m' });
    expectGolden('install-upgrade', transcript());
  });

  it('afc install --dry-run --build --preload-ratdb', async () => {
    const root = bench.work;
    mkdirSync(join(root, 'tests', 'regression'), { recursive: true });
    writeFileSync(join(root, 'tests', 'regression', 'build_imgs.sh'), '#!/bin/sh\n');
    writeFileSync(join(root, 'tests', 'Dockerfile'), 'FROM scratch\n');
    await install({ tag: 'mytag', build: true, preloadRatdb: true, wait: '5m', expose: ['grafana'] });
    expectGolden('install-build-preload', transcript());
  });

  it('afc install --dry-run --openafc 1.0.3.0 --fake-secrets --mtls --registry (OpenAFC 1.0.x)', async () => {
    cpSync(join(import.meta.dirname, '../fixtures/openafc/1.0.3.0/tools'), join(bench.work, 'tools'), { recursive: true });
    await install({ openafc: '1.0.3.0', fakeSecrets: '', mtls: true, tag: 'mytag', registry: 'pull.example.com/afc', pushRegistry: 'push.example.com/afc', push: true, wait: '5m' });
    expectGolden('install-openafc', transcript());
  });

  it('afc install --dry-run --uninstall of an existing release', async () => {
    bench.setState('helm-releases.json', [{ name: 'afc' }]);
    await install({ uninstall: true, wait: '5m' });
    expectGolden('install-uninstall', transcript());
  });

  it('afc cluster create --dry-run', async () => {
    const staticDir = makeStaticDir(bench);
    await runClusterCreate('afc-dev', { static: staticDir, dryRun: true }, bench.host);
    expectGolden('cluster-create', transcript());
  });
});

describe('golden error messages', () => {
  it('of bad flags', async () => {
    const lines = [
      await failure(() => runInstall('afc', { wait: '5 minutes' }, bench.host)),
      await failure(() => runInstall('afc', { preloadRatdb: true }, bench.host)),
      await failure(() => runInstall('afc', { build: true }, bench.host)),
      await failure(() => runInstall('afc', { maxWorkers: 'many' }, bench.host)),
      await failure(() => runInstall('afc', { expose: ['12345'] }, bench.host)),
      await failure(() => runMigrate('afc', { wait: '5 minutes' }, bench.host)),
      await failure(() => runMigrate('Bad_Name', {}, bench.host)),
      await failure(() => runClusterCreate('afc-dev', { static: '/nonexistent/static' }, bench.host)),
    ];
    expectGolden('errors', lines.join(''));
  });

  it('of bad flags of the OpenAFC 1.0.x options', async () => {
    const lines = [
      await failure(() => runInstall('afc', { mtls: true, devel: true }, bench.host)),
      await failure(() => runInstall('afc', { openafc: '1.0.3.0', fakeSecrets: 'a:b:c' }, bench.host)),
      await failure(() => runInstall('afc', { openafc: '1.0.3.0', fakeSecrets: 'nostore' }, bench.host)),
      await failure(() => runInstall('afc', { uninstall: true, build: true, tag: 't' }, bench.host)),
      await failure(() => runInstall('afc', { tag: 't', registry: 'https://x' }, bench.host)),
      await failure(() => runMigrate('afc', { openafc: '1.0.3.0' }, bench.host)),
    ];
    expectGolden('errors-openafc', lines.join(''));
  });
});
