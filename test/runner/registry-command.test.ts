import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImagesRegistry } from '../../src/runner/images.js';
import { planRegistry } from '../../src/runner/registry.js';
import { makeBench, recordedCommands, recordedStdout, type Bench } from './support.js';

let bench: Bench;
beforeEach(() => {
  bench = makeBench();
});
afterEach(() => bench.cleanup());

const RUNNING = [{ name: 'k3d-afcregistry.localhost', portMappings: { '5000/tcp': [{ HostIp: '0.0.0.0', HostPort: '41237' }] } }];

/**
 * Each case runs the same scenario as a recording of upstream's k3d_registry.py (test/fixtures/runner/
 * upstream-<rev>/registry-*, made by scripts/record-upstream.sh against the same canned registry list)
 * and must send the same k3d commands. One deliberate difference: deleting by name passes the name k3d
 * lists (k3d-afcregistry.localhost), where the script passed the name as typed (afcregistry.localhost);
 * k3d takes both.
 */
describe.each(['main-717d3491', '1.0.3.0'])('afc images registry against upstream %s', (rev) => {
  const cases: [string, 'create' | 'delete', { name?: string; force?: boolean }, boolean][] = [
    ['registry-create', 'create', {}, false],
    ['registry-create-running', 'create', {}, true],
    ['registry-create-named', 'create', { name: 'my-registry.localhost' }, false],
    ['registry-create-force', 'create', { name: 'second.localhost', force: true }, true],
    ['registry-delete', 'delete', {}, true],
    ['registry-delete-none', 'delete', {}, false],
    ['registry-delete-named', 'delete', { name: 'afcregistry.localhost' }, true],
  ];
  it.each(cases)('%s sends the recorded k3d commands', async (scenario, action, opts, running) => {
    if (!running) bench.setState('registries.json', []);
    await runImagesRegistry(action, opts, bench.host);
    const recorded = recordedCommands(`upstream-${rev}/${scenario}`).map((c) =>
      scenario === 'registry-delete-named' && c.argv[1] === 'delete' ? { ...c, argv: ['registry', 'delete', 'k3d-afcregistry.localhost'] } : c,
    );
    expect(bench.commands()).toEqual(recorded);
    if (scenario === 'registry-create-running') expect(recordedStdout(`upstream-${rev}/${scenario}`)).toContain('Registry is currently running');
  });
});

describe('afc images registry', () => {
  it('says what it did, or that there was nothing to do, on stdout', async () => {
    await runImagesRegistry('create', {}, bench.host);
    expect(bench.stdout()).toBe('A k3d registry is running already (k3d-afcregistry.localhost): nothing to do.\n');
    await runImagesRegistry('create', { name: 'afcregistry.localhost' }, bench.host);
    expect(bench.stdout()).toContain('K3d registry k3d-afcregistry.localhost is running already: nothing to do.\n');
  });

  it('--dry-run prints the k3d command and creates nothing', async () => {
    bench.setState('registries.json', []);
    await runImagesRegistry('create', { dryRun: true }, bench.host);
    expect(bench.stdout()).toBe('k3d registry create afc-registry.localhost\n');
    expect(bench.commands()).toEqual([{ tool: 'k3d', argv: ['registry', 'list', '-o', 'json'] }]);
  });

  it('refuses a second registry without --force, and deleting one of several without a name', () => {
    expect(() => planRegistry('create', RUNNING, { name: 'other.localhost' })).toThrow(
      'another k3d registry is running (k3d-afcregistry.localhost): use it (--k3d-reg), or create other.localhost beside it with --force',
    );
    const two = [...RUNNING, { name: 'k3d-b.localhost' }];
    expect(() => planRegistry('delete', two, {})).toThrow('2 k3d registries are running (k3d-afcregistry.localhost, k3d-b.localhost): name the one to delete, or delete them all with --force');
    expect(planRegistry('delete', two, { force: true }).commands).toEqual([['registry', 'delete', 'k3d-afcregistry.localhost'], ['registry', 'delete', 'k3d-b.localhost']]);
    expect(() => planRegistry('create', [], { name: 'Bad_Name' })).toThrow(/registry name "Bad_Name" is not a k3d registry name/);
  });

  it('is idempotent: create then create again runs k3d once', async () => {
    bench.setState('registries.json', []);
    await runImagesRegistry('create', { name: 'afc-registry.localhost' }, bench.host);
    // The stand-in does not add registries; the second run sees one as k3d would.
    bench.setState('registries.json', [{ name: 'k3d-afc-registry.localhost', portMappings: {} }]);
    await runImagesRegistry('create', { name: 'afc-registry.localhost' }, bench.host);
    expect(bench.commands().filter((c) => c.argv[1] === 'create')).toHaveLength(1);
  });
});
