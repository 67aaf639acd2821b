/**
 * `afc install --openafc 1.0.x` and the options of upstream's helm_install_int.py, against the argv that
 * script gave helm in the recorded runs (test/fixtures/runner/upstream-<rev>/int-*, made by
 * scripts/record-upstream.sh against the same stand-ins: k3d and docker cannot run here).
 *
 * afc's argv legitimately differs in three ways: afc installs its own chart, so the values files
 * upstream passes (values-k3d.yaml, values-http.yaml, ..., fake_secrets.yaml) are baked into that chart
 * instead of reaching helm as --values; afc names the context and namespace (--kube-context, --namespace);
 * and afc checks the chart on the server first (--dry-run=server) where upstream ran --dry-run --debug.
 * So each test compares the --set list with upstream's final helm command, and the chart that helm got,
 * rendered with those sets, with the generated chart of the same files (whose parity with upstream's
 * chart test/synth/openafc-helm.test.ts proves) rendered with upstream's sets.
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runInstall, type InstallOptions } from '../../src/runner/install.js';
import { runMigrate } from '../../src/runner/migrate.js';
import { diffObjects, parseStream } from '../support/compare.js';
import { cleanupCharts, helmTemplate, writeChart } from '../support/helm.js';
import { FIXTURES, makeBench, recordedCommands, type Bench } from './support.js';

const OPENAFC = resolve(import.meta.dirname, '../fixtures/openafc');
const REVS = [
  { version: '1.0.3.0', folder: '1.0.3.0' },
  { version: 'main', folder: 'main-717d3491' },
] as const;

let bench: Bench;
beforeEach(() => {
  bench = makeBench();
});
afterEach(() => bench.cleanup());
afterAll(() => cleanupCharts());

type Cmd = { tool: string; argv: string[] };
const isApply = (c: Cmd): boolean => c.tool === 'helm' && (c.argv[0] === 'install' || c.argv[0] === 'upgrade') && !c.argv.includes('--dry-run') && !c.argv.includes('--dry-run=server');
const setsOf = (argv: readonly string[]): string[] => argv.flatMap((a, i) => (argv[i - 1] === '--set' ? [a] : []));
/** The platforms upstream's --values files name (values-X.yaml → X), in order; fake_secrets.yaml kept by name. */
const valuesOf = (argv: readonly string[]): string[] =>
  argv.flatMap((a, i) => (argv[i - 1] === '--values' ? [/values-(.+)\.yaml$/.exec(a)?.[1] ?? a.slice(a.lastIndexOf('/') + 1)] : []));

function upstream(folder: string, scenario: string): Cmd {
  const applies = recordedCommands(`upstream-${folder}/${scenario}`).filter(isApply);
  expect(applies).toHaveLength(1);
  return applies[0]!;
}

function afcApply(): Cmd {
  const applies = bench.commands().filter(isApply);
  expect(applies).toHaveLength(1);
  return applies[0]!;
}

/** The chart the stand-in helm received (its copy). */
const installedChart = (): string => bench.snapshots().filter((s) => s.kind === 'chart').at(-1)!.dest;

const install = (opts: InstallOptions): Promise<void> => runInstall('afc', opts, bench.host);

describe.each(REVS)('afc install --openafc $version against helm_install_int.py', ({ version, folder }) => {
  beforeEach(() => {
    // The OpenAFC checkout of the bench holds that revision's secret manifests (the --fake-secrets default).
    cpSync(join(OPENAFC, folder, 'tools'), join(bench.work, 'tools'), { recursive: true });
  });

  it('--fake-secrets --http --tag: upstream\'s sets, and its values files and fake store baked into the chart', async () => {
    await install({ openafc: version, fakeSecrets: '', http: true, tag: 'mytag' });
    const theirs = upstream(folder, 'int-fake-secrets');
    const ours = afcApply();
    expect(ours.argv.slice(0, 2)).toEqual(theirs.argv.slice(0, 2));
    expect(setsOf(ours.argv)).toEqual(setsOf(theirs.argv));
    expect(valuesOf(theirs.argv)).toEqual(['k3d', 'http', 'fake_secrets.yaml']);
    // The fake store in the chart's values is the file upstream wrote.
    const chartValues = parse(readFileSync(join(installedChart(), 'values.yaml'), 'utf8')) as Record<string, unknown>;
    const recorded = parse(readFileSync(join(FIXTURES, `upstream-${folder}/int-fake-secrets/fake_secrets.yaml`), 'utf8')) as { secretStores: Record<string, unknown> };
    // The chart takes no store at run time: the secrets are in its templates, not in values.yaml.
    expect((chartValues.secretStores as Record<string, unknown> | undefined)?.['secret-store']).toBeUndefined();
    const rendered = parseStream(helmTemplate(installedChart(), setsOf(ours.argv).flatMap((s) => ['--set', s])));
    const reference = writeChart({ openafc: version, platforms: ['k3d', 'http'], valuesFiles: [join(FIXTURES, `upstream-${folder}/int-fake-secrets/fake_secrets.yaml`)] });
    expect(diffObjects(rendered, parseStream(helmTemplate(reference, setsOf(theirs.argv).flatMap((s) => ['--set', s]))))).toEqual([]);
    const store = rendered.find((o) => o.kind === 'ClusterSecretStore') as { spec: { provider: unknown } };
    expect(store.spec.provider).toEqual((recorded.secretStores['secret-store'] as { provider: unknown }).provider);
    expect(bench.stderr()).toMatch(/fake secrets: 21 Secret\(s\) of .*tools\/secrets\/templates\/afc_secrets\.yaml in secret store secret-store/);
    // --tag gives the image tag at run time: the model's "no image tag given" does not apply.
    expect(bench.stderr()).not.toMatch(/no image tag given/);
    // The secrets file and the chart were temporary.
    expect(readdirSync(bench.tmp)).toEqual([]);
  });

  it('--mtls --msghnd --devel --wait: the platforms of upstream\'s values files, in its order', async () => {
    await install({ openafc: version, mtls: true, msghnd: true, devel: true, tag: 'mytag', wait: '5m' });
    const theirs = upstream(folder, 'int-mtls-msghnd-devel');
    const ours = afcApply();
    expect(setsOf(ours.argv)).toEqual(setsOf(theirs.argv));
    expect(valuesOf(theirs.argv)).toEqual(['k3d', 'mtls', 'msghnd', 'devel']);
    expect(ours.argv.slice(-3)).toEqual(theirs.argv.slice(-3)); // --wait --timeout 5m
    const rendered = parseStream(helmTemplate(installedChart(), setsOf(ours.argv).flatMap((s) => ['--set', s])));
    const reference = writeChart({ openafc: version, platforms: valuesOf(theirs.argv) });
    expect(diffObjects(rendered, parseStream(helmTemplate(reference, setsOf(theirs.argv).flatMap((s) => ['--set', s]))))).toEqual([]);
    expect(rendered.some((o) => o.kind === 'Deployment' && (o.metadata as { name: string }).name === 'msghnd')).toBe(true);
  });

  it('--uninstall --wait: helm uninstall of the running release, and nothing installed', async () => {
    bench.setState('helm-releases.json', [{ name: 'afc', namespace: 'default', status: 'deployed' }]);
    await install({ openafc: version, uninstall: true, wait: '5m' });
    const theirs = recordedCommands(`upstream-${folder}/int-uninstall`).filter((c) => c.tool === 'helm' && c.argv[0] === 'uninstall');
    const ours = bench.commands().filter((c) => c.tool === 'helm' && !['version', 'list'].includes(c.argv[0]!));
    expect(theirs.map((c) => c.argv.slice(0, 2))).toEqual([['uninstall', 'afc']]);
    expect(ours.map((c) => c.argv)).toEqual([['uninstall', 'afc', '--kube-context', 'k3d-afc-dev', '--namespace', 'default', '--wait', '--timeout', '5m']]);
    expect(bench.stdout()).toBe("Release 'afc' in namespace 'default' of context 'k3d-afc-dev' uninstalled.\n");
  });

  it('--upgrade of a running release: upstream\'s upgrade --install, as helm upgrade with its sets', async () => {
    bench.setState('helm-releases.json', [{ name: 'afc', namespace: 'default', status: 'deployed' }]);
    bench.setState('helm-manifest.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: afc-config\ndata:\n  A: "1"\n');
    await install({ openafc: version, upgrade: true, tag: 'mytag', set: ['components.rmq.initialReplicas=2'] });
    const theirs = upstream(folder, 'int-upgrade');
    const ours = afcApply();
    expect(theirs.argv.slice(0, 3)).toEqual(['upgrade', '--install', 'afc']);
    expect(ours.argv.slice(0, 2)).toEqual(['upgrade', 'afc']);
    // upstream's user --set (a.b=c) goes to helm; afc's is baked into the chart. The runtime sets agree.
    expect(setsOf(ours.argv)).toEqual(setsOf(theirs.argv).filter((s) => s !== 'a.b=c'));
  });
});

describe('afc install --registry / --push-registry (helm_install_int.py --registry / --push_registry)', () => {
  it('--registry --tag --max-workers: upstream\'s sets of int-registry, the k3d registry not asked', async () => {
    await install({ openafc: '1.0.3.0', tag: 'mytag', registry: 'pull.example.com/afc', maxWorkers: 3 });
    const theirs = upstream('1.0.3.0', 'int-registry');
    expect(setsOf(afcApply().argv)).toEqual(setsOf(theirs.argv));
    expect(setsOf(theirs.argv)).toContain('imageRepositories.custom_registry.path=pull.example.com/afc');
    expect(bench.commands().some((c) => c.tool === 'k3d' && c.argv[0] === 'registry')).toBe(false);
  });

  it('--push --push-registry: tags each image for the pull and the push registry, pushes to the push one (push_images.py\'s commands)', async () => {
    // Upstream's int-push-registry run fails before pushing (ClusterHandler.push_images passes the tag as
    // the working folder: test/fixtures/runner/README.md), so the commands are those push_images.py runs:
    // docker image tag ID PULL/BASE:TAG, docker image tag ID PUSH/BASE:TAG, docker image push PUSH/BASE:TAG.
    const recorded = recordedCommands('upstream-1.0.3.0/int-push-registry');
    expect(recorded.filter((c) => c.tool === 'docker')).toEqual([]);
    await install({ openafc: '1.0.3.0', tag: 'mytag', push: true, registry: 'pull.example.com/afc', pushRegistry: 'push.example.com:5000/afc' });
    const docker = bench.commands().filter((c) => c.tool === 'docker' && c.argv[1] !== 'list').map((c) => c.argv.join(' '));
    expect(docker).toEqual([
      'image tag 1111aaaa2222 pull.example.com/afc/rmq-image:mytag',
      'image tag 1111aaaa2222 push.example.com:5000/afc/rmq-image:mytag',
      'image push push.example.com:5000/afc/rmq-image:mytag',
      'image tag 3333bbbb4444 pull.example.com/afc/afc-worker:mytag',
      'image tag 3333bbbb4444 push.example.com:5000/afc/afc-worker:mytag',
      'image push push.example.com:5000/afc/afc-worker:mytag',
    ]);
    expect(setsOf(afcApply().argv)).toContain('imageRepositories.custom_registry.path=pull.example.com/afc');
  });

  it('pushes to the pull registry without --push-registry, with the fc912b4a paths for the default version', async () => {
    await install({ tag: 'mytag', push: true, registry: 'reg.example.com' });
    const docker = bench.commands().filter((c) => c.tool === 'docker' && c.argv[1] !== 'list').map((c) => c.argv.join(' '));
    expect(docker.slice(0, 2)).toEqual(['image tag 1111aaaa2222 reg.example.com/rmq-image:mytag', 'image push reg.example.com/rmq-image:mytag']);
    expect(setsOf(afcApply().argv).slice(0, 3)).toEqual(['components.default.imageTag=mytag', 'imageRepositories.k3d.path=reg.example.com', 'components.default.imageRepositoryKeyOverride=k3d']);
  });

  it('refuses bad combinations and addresses before running anything', async () => {
    await expect(install({ tag: 't', registry: 'r.example.com', k3dReg: 'x' })).rejects.toThrow('--registry names the registry by address and --k3d-reg picks a running k3d registry: give one of them');
    await expect(install({ registry: 'r.example.com' })).rejects.toThrow('--registry needs --tag');
    await expect(install({ tag: 't', registry: 'r.example.com', pushRegistry: 'p.example.com' })).rejects.toThrow(/--push-registry is where --push\/--build push/);
    await expect(install({ tag: 't', registry: 'https://r.example.com' })).rejects.toThrow('--registry "https://r.example.com" is not a registry address: give HOST[:PORT][/PATH]');
    expect(bench.commands()).toEqual([]);
  });
});

describe('afc install --uninstall and the 1.0.x flags', () => {
  it('does nothing when the release is not installed, and says so', async () => {
    await install({ openafc: '1.0.3.0', uninstall: true });
    expect(bench.commands().filter((c) => c.tool === 'helm' && c.argv[0] === 'uninstall')).toEqual([]);
    expect(bench.stdout()).toBe("Release 'afc' in namespace 'default' of context 'k3d-afc-dev' is not installed: nothing to uninstall.\n");
  });

  it('uninstalls a release of the default version too, and prints the plan with --dry-run', async () => {
    bench.setState('helm-releases.json', [{ name: 'afc', namespace: 'default', status: 'deployed' }]);
    await runInstall('afc', { uninstall: true, dryRun: true }, bench.host);
    expect(bench.stdout()).toBe('# uninstalling release afc: --uninstall\nhelm uninstall afc --kube-context k3d-afc-dev --namespace default --wait\n');
    expect(bench.commands().filter((c) => c.tool === 'helm' && c.argv[0] === 'uninstall')).toEqual([]);
  });

  it('refuses --uninstall with options that install, before running anything', async () => {
    await expect(install({ uninstall: true, tag: 'x', upgrade: true })).rejects.toThrow('--uninstall installs nothing, so --tag, --upgrade cannot go with it: drop them');
    expect(bench.commands()).toEqual([]);
  });

  it('refuses the 1.0.x flags with the default version, naming the versions that have them', async () => {
    await expect(install({ mtls: true, fakeSecrets: '' })).rejects.toThrow(/^--mtls, --fake-secrets: OpenAFC fc912b4a has no such overlay .*: add --openafc 1\.0\.3\.0/);
    expect(bench.commands()).toEqual([]);
  });

  it('refuses an unknown version, listing the known ones', async () => {
    await expect(install({ openafc: '2.0' })).rejects.toThrow(/unknown OpenAFC version "2\.0": use one of fc912b4a, 1\.0\.1\.0, 1\.0\.3\.0, 717d3491/);
  });

  it('refuses --fake-secrets when the checkout has no secret manifests', async () => {
    await expect(install({ openafc: '1.0.3.0', fakeSecrets: '' })).rejects.toThrow(/--fake-secrets: ".*tools\/secrets\/templates" not found/);
    expect(bench.commands()).toEqual([]);
  });

  it('takes 1.0.1.0\'s 15 secrets for 1.0.1.0', async () => {
    cpSync(join(OPENAFC, '1.0.1.0', 'tools'), join(bench.work, 'tools'), { recursive: true });
    await install({ openafc: '1.0.1.0', fakeSecrets: '', http: true });
    expect(bench.stderr()).toMatch(/fake secrets: 15 Secret\(s\)/);
    expect(bench.stderr()).toMatch(/warning: OpenAFC 1\.0\.1\.0: no image tag given/);
    const rendered = parseStream(helmTemplate(installedChart(), setsOf(afcApply().argv).flatMap((s) => ['--set', s])));
    const store = rendered.find((o) => o.kind === 'ClusterSecretStore') as { spec: { provider: { fake: { data: unknown[] } } } };
    expect(store.spec.provider.fake.data).toEqual((parse(readFileSync(join(OPENAFC, '1.0.1.0/inputs/fake-secrets.yaml'), 'utf8')) as { secretStores: { 'secret-store': { provider: { fake: { data: unknown[] } } } } }).secretStores['secret-store'].provider.fake.data);
  });
});

describe('afc migrate --openafc', () => {
  it('refuses a 1.0.x version before running anything: the release it adopts is of the original chart (fc912b4a)', async () => {
    await expect(runMigrate('afc', { openafc: 'main' }, bench.host)).rejects.toThrow(
      /^--openafc main: afc migrate adopts releases of the original afc-int chart \(OpenAFC fc912b4a\) in place, and has no in-place adoption of a release of OpenAFC 717d3491's chart: move it .* with afc install --openafc main \[--upgrade\], or drop --openafc$/,
    );
    expect(bench.commands()).toEqual([]);
  });

  it('refuses an unknown version, listing the known ones', async () => {
    await expect(runMigrate('afc', { openafc: 'x' }, bench.host)).rejects.toThrow(/unknown OpenAFC version "x": use one of fc912b4a/);
  });

  it('takes fc912b4a, the default, as without --openafc (the same queries)', async () => {
    await expect(runMigrate('afc', { openafc: 'fc912b4a' }, bench.host)).rejects.toThrow(/afc/);
    const withVersion = bench.commands();
    bench.cleanup();
    bench = makeBench();
    await expect(runMigrate('afc', {}, bench.host)).rejects.toThrow(/afc/);
    expect(withVersion).toEqual(bench.commands());
    expect(withVersion.length).toBeGreaterThan(0);
  });
});
