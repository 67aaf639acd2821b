/**
 * The plan of `afc install`, computed from its inputs and facts without running any program: which
 * steps, with which argv, in which order, and why. (test/runner/install.test.ts proves with the
 * recording stand-ins that the commands run are these.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Host } from '../../src/kit/host.js';
import { CHART } from '../../src/kit/plan.js';
import { helmTimeoutMs, installInputs, planInstall, type InstallFacts, type InstallOptions, type InstallPlan } from '../../src/runner/install.js';
import { helmCliFor } from '../../src/runner/helm.js';
import { checkNamespace } from '../../src/kit/context.js';
import { CANNED_REGISTRY as REGISTRY, planHost } from './support.js';

let root: string;
let host: Host;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'afc-plan-test-'));
  const work = join(root, 'openafc');
  mkdirSync(join(work, 'tests/regression'), { recursive: true });
  writeFileSync(join(work, 'tests/regression/build_imgs.sh'), '');
  writeFileSync(join(work, 'tests/Dockerfile'), '');
  host = planHost({ AFC_SOURCE_ROOT: work }, work);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const HELM3 = helmCliFor('v3.16.4');
const HELM4 = helmCliFor('v4.3.2');
const TARGET = { context: 'k3d-afc-dev', cluster: 'k3d-afc-dev', namespace: 'default' };
const facts = (over: Partial<InstallFacts> = {}): InstallFacts => ({
  target: TARGET,
  cluster: 'afc-dev',
  namespace: 'default',
  exposed: ['dispatcher', 'prometheus'],
  registry: REGISTRY,
  cpus: 2,
  helm: HELM3,
  serverSide: false,
  ...over,
});
const HELM_DEFAULT = 600_000;
const plan = (opts: InstallOptions, f: Partial<InstallFacts> = {}, release = 'afc'): InstallPlan =>
  planInstall(installInputs(release, opts, host), facts(f), helmTimeoutMs(HELM_DEFAULT, opts.wait));
const argvOf = (p: InstallPlan): string[] => p.steps.map((s) => (s.kind === 'run' ? [s.tool, ...s.args].join(' ') : `(${s.kind})`));
const sets = (p: InstallPlan): string[] => {
  const install = p.steps.find((s) => s.kind === 'run' && s.tool === 'helm' && s.args[0] !== 'uninstall');
  const args = install?.kind === 'run' ? install.args : [];
  return args.flatMap((a, i) => (args[i - 1] === '--set' ? [a] : []));
};
const WHERE = '--kube-context k3d-afc-dev --namespace default';
const RUNTIME =
  `--set components.default.imageTag=mytag --set imageRepositories.k3d.path=${REGISTRY.address}` +
  ' --set components.default.imageRepositoryKeyOverride=k3d' +
  ' --set components.dispatcher.serviceType=NodePort --set components.prometheus.serviceType=NodePort' +
  ' --set components.worker.hpa.maxReplicas=1';

describe('the install plan', () => {
  it('installs a missing release, after checking the chart on the server with the same values', () => {
    const p = plan({ tag: 'mytag', wait: '5m' });
    expect(argvOf(p)).toEqual([`helm install afc ${CHART} ${WHERE} ${RUNTIME} --wait --timeout 5m`]);
    expect([p.check.tool, ...p.check.args].join(' ')).toBe(`helm install afc ${CHART} ${WHERE} ${RUNTIME} --dry-run=server -o json`);
    expect(p.steps[0]).toMatchObject({ title: 'installing release afc in k3d-afc-dev/default', why: 'release afc does not exist yet' });
    expect(p.summary).toBe(
      "Release 'afc' installed in namespace 'default' of context 'k3d-afc-dev'.\nNodePort components: dispatcher, prometheus (host ports: afc cluster ports afc-dev).\n",
    );
  });

  it('uninstalls an existing release first (a step that destroys it), and says how to get it back', () => {
    const p = plan({ tag: 'mytag' }, { existing: { revision: '3', chart: 'afc-int-0.0.0' } });
    expect(argvOf(p)).toEqual([`helm uninstall afc ${WHERE} --wait`, `helm install afc ${CHART} ${WHERE} ${RUNTIME}`]);
    expect(p.steps[0]).toMatchObject({ destroys: 'release afc', why: 'release afc exists and --upgrade was not given: a fresh install replaces it' });
    expect(p.restore).toBe(
      'the old release afc was uninstalled before this step and is gone (it was revision 3 of afc-int-0.0.0): fix the cause, then run this afc install again to install it anew',
    );
  });

  it('upgrades an existing release with --upgrade (checked as an upgrade), destroys nothing and does not preload ratdb', () => {
    const p = plan({ upgrade: true, wait: '5m', preloadRatdb: true }, { existing: {} });
    expect(p.verb).toBe('upgrade');
    expect(argvOf(p)).toEqual([expect.stringMatching(/^helm upgrade afc CHART /)]);
    expect(p.check.args.slice(0, 2)).toEqual(['upgrade', 'afc']);
    expect(p.steps.some((s) => s.kind === 'run' && s.destroys !== undefined)).toBe(false);
  });

  it('checks who owns the fields only before an upgrade (a fresh install creates its objects anew)', () => {
    expect(plan({ upgrade: true }, { existing: {} }).ownershipCheck).toBe(true);
    expect(plan({}, { existing: {} }).ownershipCheck).toBe(false);
    expect(plan({ upgrade: true }).ownershipCheck).toBe(false);
  });

  it('refuses a release afc apply drives (its ApplySet parent Secret exists), before any step', () => {
    expect(() => plan({ upgrade: true }, { existing: {}, applySet: 'afc-applyset-afc' })).toThrow(
      /^release afc in namespace default is driven by afc apply \(its ApplySet parent Secret afc-applyset-afc exists\), nothing was changed: keep using afc apply for it, or install under another release name$/,
    );
  });

  it('installs with --upgrade when the release does not exist', () => {
    expect(argvOf(plan({ upgrade: true }))[0]).toMatch(/^helm install afc CHART /);
  });

  it('builds, pushes, installs and preloads ratdb in that order for the recommended invocation', () => {
    const p = plan({ tag: 'mytag', build: true, http: true, noSecrets: true, wait: '5m', preloadRatdb: true });
    const work = host.env.AFC_SOURCE_ROOT!;
    expect(argvOf(p)).toEqual([
      `${work}/tests/regression/build_imgs.sh ${work} mytag 0`,
      '(push-images)',
      expect.stringMatching(/^helm install afc CHART .* --wait --timeout 5m$/),
      '(preload-ratdb)',
    ]);
    expect(p.steps[0]).toMatchObject({ opts: { cwd: work, kind: 'build' } });
  });

  it('gives helm at least --wait plus two minutes, else the helm timeout', () => {
    expect(helmTimeoutMs(HELM_DEFAULT, '15m')).toBe(17 * 60_000);
    expect(helmTimeoutMs(HELM_DEFAULT, '5m')).toBe(HELM_DEFAULT);
    expect(helmTimeoutMs(HELM_DEFAULT, undefined)).toBe(HELM_DEFAULT);
    const p = plan({ wait: '15m' });
    expect(p.steps[0]).toMatchObject({ opts: { kind: 'helm', timeoutMs: 17 * 60_000 } });
  });
});

describe('the install plan under Helm 4', () => {
  it('waits with --wait=watcher (readiness, as Helm 3\'s --wait) for the uninstall and the install', () => {
    const p = plan({ tag: 'mytag', wait: '5m' }, { helm: HELM4, existing: {} });
    expect(argvOf(p)).toEqual([`helm uninstall afc ${WHERE} --wait=watcher`, `helm install afc ${CHART} ${WHERE} ${RUNTIME} --wait=watcher --timeout 5m`]);
    expect([p.check.tool, ...p.check.args].join(' ')).toBe(`helm install afc ${CHART} ${WHERE} ${RUNTIME} --dry-run=server -o json`);
  });

  it('passes --force-conflicts only with --force-conflicts to an upgrade Helm 4 applies server-side', () => {
    const upgrade = (p: InstallPlan): string => argvOf(p)[0]!;
    const forced = plan({ tag: 'mytag', upgrade: true, forceConflicts: true }, { helm: HELM4, existing: {}, serverSide: true });
    expect(upgrade(forced)).toBe(`helm upgrade afc ${CHART} ${WHERE} ${RUNTIME} --force-conflicts`);
    expect(forced.check.args.slice(-4)).toEqual(['--force-conflicts', '--dry-run=server', '-o', 'json']);
    expect(upgrade(plan({ upgrade: true }, { helm: HELM4, existing: {}, serverSide: true }))).not.toContain('--force-conflicts');
    // A release Helm 3 installed stays client-side (--server-side=auto): nothing to force; nor with Helm 3.
    expect(upgrade(plan({ upgrade: true, forceConflicts: true }, { helm: HELM4, existing: {}, serverSide: false }))).not.toContain('--force-conflicts');
    expect(upgrade(plan({ upgrade: true, forceConflicts: true }, { existing: {} }))).not.toContain('--force-conflicts');
  });
});

describe('the runtime values of the plan', () => {
  it('sets no image tag, registry or override without --tag', () => {
    expect(sets(plan({}, { registry: undefined }))).toEqual([
      'components.dispatcher.serviceType=NodePort',
      'components.prometheus.serviceType=NodePort',
      'components.worker.hpa.maxReplicas=1',
    ]);
  });

  it('takes --max-workers over the CPU count, and sets nothing for a non-positive one', () => {
    expect(sets(plan({ maxWorkers: '6' })).at(-1)).toBe('components.worker.hpa.maxReplicas=6');
    expect(sets(plan({ maxWorkers: 0 })).join(' ')).not.toContain('maxReplicas');
  });

  it('divides the CPUs by the engines per worker of the merged values', () => {
    expect(sets(plan({ set: ['configmaps.worker.AFC_WORKER_CELERY_CONCURRENCY=3'] }, { cpus: 16 })).at(-1)).toBe('components.worker.hpa.maxReplicas=5');
  });

  it('leaves a runtime value to the user when their --set or --values sets it, as the script did', () => {
    const file = join(root, 'mine.yaml');
    writeFileSync(file, 'components:\n  default:\n    imageTag: pinned\n');
    expect(sets(plan({ tag: 'mytag', values: [file], set: ['components.dispatcher.serviceType=LoadBalancer'] }))).toEqual([
      `imageRepositories.k3d.path=${REGISTRY.address}`,
      'components.default.imageRepositoryKeyOverride=k3d',
      'components.prometheus.serviceType=NodePort',
      'components.worker.hpa.maxReplicas=1',
    ]);
  });

  it('names the release and the image tag after the login and the checkout for AUTO', () => {
    const p = plan({ tag: 'AUTO' }, {}, 'AUTO');
    expect(p.release).toBe('tester-openafc');
    expect(sets(p)).toContain('components.default.imageTag=tester_openafc');
  });

  it('accepts --expose node port numbers of a component (the advice of its error), sorted and deduplicated', () => {
    const inputs = installInputs('afc', { expose: ['30080,ratdb', 'https'] }, host);
    expect(inputs.exposeComponents).toEqual(['dispatcher', 'ratdb', 'dispatcher']);
    expect(() => installInputs('afc', { expose: ['12345'] }, host)).toThrow(/^--expose: node port 12345 belongs to no component: use one of bulk_postgres \(31433\), /);
    expect(() => installInputs('afc', { expose: ['http,nope'] }, host)).toThrow(/--expose: "nope" is not a known node port name/);
  });
});

describe('install inputs', () => {
  it('refuses a --keep-chart folder that holds anything, and accepts a new or empty one', () => {
    const full = join(root, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'mine.txt'), 'x');
    expect(() => installInputs('afc', { keepChart: full }, host)).toThrow(/^--keep-chart ".*full" is not a new or empty folder: name a folder that does not exist yet/);
    expect(() => installInputs('afc', { keepChart: join(full, 'mine.txt') }, host)).toThrow(/is not a new or empty folder/);
    expect(installInputs('afc', { keepChart: join(root, 'new') }, host).keepChart).toBe(join(root, 'new'));
  });

  it('checks a namespace from any source as an RFC 1123 label, so it cannot become an option', () => {
    expect(() => installInputs('afc', { namespace: 'Bad_NS' }, host)).toThrow(/^namespace \(--namespace\) "Bad_NS" is not an RFC 1123 label/);
    expect(() => checkNamespace('--kubeconfig=/etc/evil', 'of context k3d-x')).toThrow(
      /^namespace \(of context k3d-x\) "--kubeconfig=\/etc\/evil" is not an RFC 1123 label of at most 63 characters: use lower-case letters, digits and "-", starting and ending with a letter or digit$/,
    );
    expect(checkNamespace('afc', 'x')).toBe('afc');
  });
});
