import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planPreload, preloadCommands, runRatdbPreload } from '../../src/runner/ratdb.js';
import { destructive, makeBench, readPids, waitUntil, type Bench } from './support.js';

let bench: Bench;
beforeEach(() => {
  bench = makeBench();
  mkdirSync(join(bench.work, 'tests'));
  writeFileSync(join(bench.work, 'tests/Dockerfile'), 'FROM scratch\n');
});
afterEach(() => bench.cleanup());

const WHERE = '--namespace default --context k3d-afc-dev';
const POD = 'webui-7f6d5c4b3-xyz12';

describe('afc ratdb preload', () => {
  it('is planned with every program it runs, the pod and the temporary folder as placeholders', async () => {
    const target = { context: 'k3d-afc-dev', namespace: 'default' } as Parameters<typeof planPreload>[0]['target'];
    const planned = preloadCommands(planPreload({ target, namespace: 'default', root: bench.work }, 'abcdefgh')).map((c) => `${c.tool} ${c.args.join(' ')}`);
    await runRatdbPreload({}, bench.host);
    const ran = bench.log().slice(2).map((c) => `${c.tool} ${c.argv.join(' ')}`.replace(new RegExp(`${bench.tmp}/afc-[^/]+/`), 'TEMP/').replaceAll(POD, 'RAT_SERVER_POD'));
    expect(ran).toEqual(planned);
  });

  it('exports the admin config with the test image and runs the rat-manage-api sequence in the rat_server pod', async () => {
    await runRatdbPreload({}, bench.host);
    const cmds = bench.log().map((c) => `${c.tool} ${c.argv.join(' ')}`.replace(new RegExp(`${bench.tmp}/afc-[^/]+/`), 'TMP/'));
    expect(cmds).toEqual([
      'kubectl config view -o json',
      `kubectl get pods -o json ${WHERE}`,
      'docker build . -t temp_rtest:temp_abcdefgh -f tests/Dockerfile',
      'docker run --name temp_rtest_temp_abcdefgh temp_rtest:temp_abcdefgh --cmd exp_adm_cfg --outfile /export_admin_cfg.json',
      'docker cp temp_rtest_temp_abcdefgh:/export_admin_cfg.json TMP/export_admin_cfg.json',
      'docker container rm temp_rtest_temp_abcdefgh',
      'docker image rm temp_rtest:temp_abcdefgh',
      `kubectl cp ${WHERE} TMP/export_admin_cfg.json ${POD}:/tmp/export_admin_cfg.json`,
      `kubectl exec ${WHERE} ${POD} -- rat-manage-api db-create`,
      `kubectl exec ${WHERE} ${POD} -- rat-manage-api cfg add src=/tmp/export_admin_cfg.json`,
      `kubectl exec ${WHERE} ${POD} -- rat-manage-api user create --role Super --role Admin --role AP --role Analysis --org fcc admin@afc.com openafc`,
      `kubectl exec ${WHERE} ${POD} -- rat-manage-api cert_id create --location 3 --cert_id FsDownloaderCertIdUS --ruleset_id US_47_CFR_PART_15_SUBPART_E`,
      `kubectl exec ${WHERE} ${POD} -- rat-manage-api cert_id create --location 3 --cert_id FsDownloaderCertIdCA --ruleset_id CA_RES_DBS-06`,
      `kubectl exec ${WHERE} ${POD} -- rat-manage-api cert_id create --location 3 --cert_id FsDownloaderCertIdBR --ruleset_id BRAZIL_RULESETID`,
    ]);
    expect(bench.log()[2]!.cwd).toBe(bench.work);
    expect(readdirSync(bench.tmp)).toEqual([]);
  });

  it('removes the temporary container, image and file when the export fails', async () => {
    bench.setState('fail.json', [['docker', 'run']]);
    await expect(runRatdbPreload({}, bench.host)).rejects.toThrow(/^exporting the admin config failed with exit code 1: /);
    expect(destructive(bench.commands()).map((c) => c.argv.slice(0, 2).join(' '))).toEqual(['build .', 'run --name', 'container rm', 'image rm']);
    expect(readdirSync(bench.tmp)).toEqual([]);
  });

  it('names the failed step: "creating ratdb\'s database failed: ...", with the whole command under -v', async () => {
    bench.setState('fail.json', [['kubectl', 'exec']]);
    await expect(runRatdbPreload({}, bench.host)).rejects.toThrow(
      /^creating ratdb's database failed with exit code 1: Error: kubectl exec failed \(injected by the test\)$/,
    );
    await expect(runRatdbPreload({ verbose: true }, bench.host)).rejects.toThrow(
      new RegExp(`^creating ratdb's database failed with exit code 1: .* \\(command: kubectl exec ${WHERE} ${POD} -- rat-manage-api db-create\\)$`),
    );
  });

  it('removes the temporary container and image after an interrupt too', async () => {
    const { withInterrupts } = await import('../../src/kit/interrupt.js');
    bench.setState('fail.json', [{ tool: 'docker', args: ['run'], then: 'hang' }]);
    const running = withInterrupts(() => runRatdbPreload({}, bench.host));
    await waitUntil(() => readPids(bench).length > 0, 30_000);
    process.emit('SIGINT');
    await expect(running).rejects.toThrow(/^interrupted by SIGINT during exporting the admin config: it was stopped$/);
    expect(destructive(bench.commands()).map((c) => c.argv.slice(0, 2).join(' '))).toEqual(['build .', 'run --name', 'container rm', 'image rm']);
    expect(readdirSync(bench.tmp)).toEqual([]);
  });

  it('uses the pod stem, namespace and context given', async () => {
    bench.setState('kubeconfig.json', {
      contexts: [{ name: 'k3d-afc-dev', context: { cluster: 'k3d-afc-dev' } }, { name: 'k3d-b', context: { cluster: 'k3d-b' } }],
      'current-context': 'k3d-afc-dev',
    });
    await runRatdbPreload({ podStem: 'rmq', namespace: 'afc', context: ':b' }, bench.host);
    expect(bench.commands().at(-1)!.argv.slice(0, 7)).toEqual(['exec', '--namespace', 'afc', '--context', 'k3d-b', 'rmq-5d8f7c9b6-abcde', '--']);
  });

  it('refuses when no pod name contains the stems, before building anything', async () => {
    await expect(runRatdbPreload({ podStem: 'nope' }, bench.host)).rejects.toThrow(
      /no pod whose name contains nope in namespace default \(pods: rmq-5d8f7c9b6-abcde, webui-7f6d5c4b3-xyz12\)/,
    );
    expect(destructive(bench.commands())).toEqual([]);
  });

  it('refuses to run outside an OpenAFC checkout', async () => {
    const env = { ...bench.host.env, AFC_SOURCE_ROOT: bench.home };
    await expect(runRatdbPreload({}, { ...bench.host, env })).rejects.toThrow(/tests\/Dockerfile not found: run from an OpenAFC checkout or set AFC_SOURCE_ROOT/);
    expect(bench.commands()).toEqual([]);
  });

  it('prints the sequence with --dry-run and runs none of it', async () => {
    await runRatdbPreload({ dryRun: true }, bench.host);
    expect(destructive(bench.commands())).toEqual([]);
    const lines = bench.stdout().trimEnd().split('\n');
    expect(lines[0]).toBe(`cd ${bench.work} && docker build . -t temp_rtest:temp_abcdefgh -f tests/Dockerfile`);
    expect(lines).toHaveLength(12);
  });
});
