/**
 * The command files: flags (and the scripts' underscore spellings) reach the runner functions as
 * options. The runner modules are replaced by spies here; their behaviour is tested beside.
 */
import { Command } from 'commander';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { register as registerCluster } from '../../src/cli/cluster.js';
import { register as registerImages } from '../../src/cli/images.js';
import { register as registerInstall } from '../../src/cli/install.js';
import { register as registerRatdb } from '../../src/cli/ratdb.js';

const calls = vi.hoisted(() => [] as { fn: string; args: unknown[] }[]);
const spy = (fn: string) => async (...args: unknown[]) => {
  calls.push({ fn, args });
};
vi.mock('../../src/runner/cluster.js', () => ({
  runClusterCreate: spy('runClusterCreate'),
  runClusterDelete: spy('runClusterDelete'),
  runClusterPorts: spy('runClusterPorts'),
}));
vi.mock('../../src/runner/images.js', () => ({ runImagesPush: spy('runImagesPush') }));
vi.mock('../../src/runner/install.js', () => ({ runInstall: spy('runInstall') }));
vi.mock('../../src/runner/ratdb.js', () => ({ runRatdbPreload: spy('runRatdbPreload') }));

function program(): { cli: Command; out: () => string } {
  let out = '';
  const cli = new Command('afc').exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
  registerCluster(cli);
  registerImages(cli);
  registerInstall(cli);
  registerRatdb(cli);
  return { cli, out: () => out };
}

const parse = (...argv: string[]): Promise<Command> => program().cli.parseAsync(argv, { from: 'user' });

beforeEach(() => {
  calls.length = 0;
});

describe('afc install flags', () => {
  it('passes the recommended invocation of the README to runInstall', async () => {
    await parse('install', '--tag', 'AUTO', '--build', '--http', '--no-secrets', '--wait', '5m', '--preload-ratdb', 'AUTO');
    expect(calls).toEqual([
      {
        fn: 'runInstall',
        args: [
          'AUTO',
          expect.objectContaining({ tag: 'AUTO', build: true, http: true, noSecrets: true, wait: '5m', preloadRatdb: true, expose: [], values: [], set: [] }),
        ],
      },
    ]);
  });

  it('accepts the scripts\' underscore spellings as aliases', async () => {
    await parse('install', '--no_secrets', '--preload_ratdb', '--wait', '1m', '--max_workers', '3', '--k3d_reg', ':41237', '--pod_stem', 'web', 'afc');
    expect(calls[0]!.args[1]).toMatchObject({ noSecrets: true, preloadRatdb: true, maxWorkers: '3', k3dReg: ':41237', podStem: 'web' });
  });

  it('collects repeated --expose, --values and --set in order', async () => {
    await parse('install', '--expose', 'http,https', '--expose', 'ratdb', '-f', 'a.yaml', '--values', 'b.yaml', '--set', 'x=1', '--set', 'y=2', 'afc');
    expect(calls[0]!.args[1]).toMatchObject({ expose: ['http,https', 'ratdb'], values: ['a.yaml', 'b.yaml'], set: ['x=1', 'y=2'], noSecrets: false });
  });

  it('collects repeated --timeout and passes --keep-chart', async () => {
    await parse('install', '--timeout', 'helm=20m', '--timeout', '1h,query=30s', '--keep-chart', 'chart-out', 'afc');
    expect(calls[0]!.args[1]).toMatchObject({ timeout: ['helm=20m', '1h,query=30s'], keepChart: 'chart-out' });
    await parse('cluster', 'create', '--timeout', 'cluster=30m', 'afc');
    await parse('cluster', 'delete', '--timeout', '5m', 'afc');
    await parse('images', 'push', '--timeout', 'image=1h', 'tag');
    await parse('ratdb', 'preload', '--timeout', 'kubectl=10m');
    expect(calls.slice(1).map((c) => (c.args.at(-1) as { timeout?: string[] }).timeout)).toEqual([['cluster=30m'], ['5m'], ['image=1h'], ['kubectl=10m']]);
  });

  it('passes the 1.0.x flags, --uninstall and the registries; --fake-secrets alone means the defaults', async () => {
    await parse('install', '--openafc', 'main', '--mtls', '--msghnd', '--devel', '--fake-secrets', '--http', '--tag', 't', '--registry', 'r.example.com', '--push-registry', 'p.example.com', '--push', 'afc');
    expect(calls[0]!.args).toEqual(['afc', expect.objectContaining({ openafc: 'main', mtls: true, msghnd: true, devel: true, fakeSecrets: '', http: true, registry: 'r.example.com', pushRegistry: 'p.example.com' })]);
    await parse('install', '--fake-secrets', 'my-store:secrets', '--uninstall', 'afc');
    expect(calls[1]!.args[1]).toMatchObject({ fakeSecrets: 'my-store:secrets', uninstall: true });
    await parse('install', '--fake-secrets=', 'afc');
    expect(calls[2]!.args).toEqual(['afc', expect.objectContaining({ fakeSecrets: '' })]);
    await parse('install', '--fake_secrets', ':dir', '--push_registry', 'p.example.com', 'afc');
    expect(calls[3]!.args[1]).toMatchObject({ fakeSecrets: ':dir', pushRegistry: 'p.example.com' });
    await parse('install', 'afc');
    expect(calls[4]!.args[1]).toMatchObject({ fakeSecrets: undefined, uninstall: undefined, openafc: undefined });
  });

  it('shows examples in --help and hides the underscore aliases', async () => {
    const { cli, out } = program();
    await expect(cli.parseAsync(['install', '--help'], { from: 'user' })).rejects.toThrow();
    expect(out()).toContain('$ afc install --tag AUTO --build --http --no-secrets --wait 5m --preload-ratdb AUTO');
    expect(out()).toContain('--dry-run');
    expect(out()).not.toContain('--no_secrets');
  });
});

describe('afc cluster flags', () => {
  it('passes create flags to runClusterCreate', async () => {
    await parse('cluster', 'create', '--expose', 'http,https', '--expose', 'prometheus:8090', '--static', '/srv/rat', '--k3d_reg', 'reg', '--cfg', 'c.yaml', '--namespace', 'afc', '--kubeconfig', 'kc', '--dry-run', 'afc-dev');
    expect(calls).toEqual([
      {
        fn: 'runClusterCreate',
        args: [
          'afc-dev',
          { expose: ['http,https', 'prometheus:8090'], static: '/srv/rat', k3dReg: 'reg', cfg: 'c.yaml', namespace: 'afc', kubeconfig: 'kc', dryRun: true, verbose: undefined },
        ],
      },
    ]);
  });

  it('deletes with create --delete as with cluster delete', async () => {
    await parse('cluster', 'create', '--delete', 'AUTO');
    await parse('cluster', 'delete', 'AUTO');
    expect(calls.map((c) => [c.fn, c.args[0]])).toEqual([
      ['runClusterDelete', 'AUTO'],
      ['runClusterDelete', 'AUTO'],
    ]);
  });

  it('passes the cluster name, --kubeconfig and --context to runClusterPorts', async () => {
    await parse('cluster', 'ports', 'CURRENT');
    await parse('cluster', 'ports', '--kubeconfig', 'kc', '--context', ':k3d-x', 'CURRENT');
    expect(calls).toEqual([
      { fn: 'runClusterPorts', args: ['CURRENT', {}] },
      { fn: 'runClusterPorts', args: ['CURRENT', { kubeconfig: 'kc', context: ':k3d-x' }] },
    ]);
  });

  it('shows examples in the help of each cluster command', async () => {
    for (const [sub, example] of [
      ['create', '$ afc cluster create --expose http,https,prometheus AUTO'],
      ['delete', '$ afc cluster delete AUTO'],
      ['ports', '$ afc cluster ports CURRENT'],
    ]) {
      const { cli, out } = program();
      await expect(cli.parseAsync(['cluster', sub!, '--help'], { from: 'user' })).rejects.toThrow();
      expect(out()).toContain(example);
    }
  });
});

describe('afc images and ratdb flags', () => {
  it('passes the tag and registry to runImagesPush', async () => {
    await parse('images', 'push', '--k3d-reg', 'reg:1', 'mytag');
    expect(calls).toEqual([{ fn: 'runImagesPush', args: ['mytag', { k3dReg: 'reg:1', dryRun: undefined, verbose: undefined }] }]);
  });

  it('passes --registry and --push-registry to runImagesPush', async () => {
    await parse('images', 'push', '--registry', 'pull.example.com/afc', '--push-registry', 'push.example.com/afc', 'mytag');
    expect(calls[0]!.args).toEqual(['mytag', expect.objectContaining({ registry: 'pull.example.com/afc', pushRegistry: 'push.example.com/afc' })]);
  });

  it('passes --openafc of cluster create to runClusterCreate', async () => {
    await parse('cluster', 'create', '--openafc', '1.0.3.0', '--expose', 'rat-server', 'afc-dev');
    expect(calls[0]!.args).toEqual(['afc-dev', expect.objectContaining({ openafc: '1.0.3.0', expose: ['rat-server'] })]);
  });

  it('passes namespace, context and pod stem to runRatdbPreload', async () => {
    await parse('ratdb', 'preload', '--namespace', 'afc', '--context', ':k3d-x', '--pod_stem', 'webui');
    expect(calls).toEqual([
      { fn: 'runRatdbPreload', args: [{ namespace: 'afc', context: ':k3d-x', podStem: 'webui', dryRun: undefined, verbose: undefined }] },
    ]);
  });
});

describe('the command files', () => {
  it('import nothing but commander (and the shared runner flags, which import only commander) at load time', async () => {
    const { readFileSync } = await import('node:fs');
    const imports = (f: string): string[] =>
      [...readFileSync(`src/cli/${f}.ts`, 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]!);
    for (const f of ['cluster', 'images', 'install', 'ratdb']) expect(imports(f)).toEqual(['commander', './runner-flags.js']);
    expect(imports('runner-flags')).toEqual(['commander']);
  });
});
