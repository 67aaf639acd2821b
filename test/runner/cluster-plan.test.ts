/**
 * The plan of `afc cluster create`, computed from its inputs and facts without running any program.
 * (test/runner/cluster.test.ts proves with the recording stand-ins that the commands run are these.)
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clusterInputs, configCommand, planClusterCreate, portsContextArg, type ClusterCreateFacts, type ClusterPlan } from '../../src/runner/cluster.js';
import type { ClusterCreateOptions } from '../../src/runner/cluster.js';
import type { Host } from '../../src/kit/host.js';
import { CANNED_REGISTRY as REGISTRY, planHost } from './support.js';

let root: string;
let host: Host;
let staticDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'afc-cluster-plan-'));
  staticDir = join(root, 'rat_transfer');
  for (const d of ['ULS_Database', 'RAS_Database']) mkdirSync(join(staticDir, d), { recursive: true });
  mkdirSync(join(root, 'tmp'));
  host = planHost({ HOME: join(root, 'home'), TMPDIR: join(root, 'tmp'), AFC_SOURCE_ROOT: join(root, 'openafc') }, root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const facts = (over: Partial<ClusterCreateFacts> = {}): ClusterCreateFacts => ({
  existed: true,
  replacedHostPorts: new Set([30000, 30001]),
  registry: REGISTRY,
  usedPorts: new Set([30000, 30001, 22]),
  ...over,
});
const plan = (opts: ClusterCreateOptions = {}, f: Partial<ClusterCreateFacts> = {}, name = 'afc-dev'): ClusterPlan =>
  planClusterCreate(clusterInputs(name, { static: staticDir, ...opts }, host), facts(f));

describe('the cluster create plan', () => {
  it('replaces an existing cluster: deletion (which destroys it), creation, then the config items', () => {
    const p = plan({ expose: ['http,https,prometheus:8090'] });
    expect(p.steps.map((s) => [s.kind, s.title, s.why])).toEqual([
      ['delete-cluster', 'deleting k3d cluster afc-dev', 'k3d cluster afc-dev exists: it is replaced'],
      ['run', 'creating k3d cluster afc-dev', 'the new cluster'],
      ['item', 'installing monitoring_namespace', 'listed in the cluster config'],
      ['item', 'installing prometheus_operator', 'listed in the cluster config'],
      ['item', 'installing prometheus', 'listed in the cluster config'],
      ['item', 'installing prometheus_adapter', 'listed in the cluster config'],
    ]);
    expect(p.steps[0]).toMatchObject({ destroys: 'cluster afc-dev' });
    const create = p.steps[1]!;
    expect(create.kind === 'run' && [create.tool, ...create.args].join(' ')).toBe(
      `k3d cluster create afc-dev --agents 2 -v ${staticDir}:/opt/afc/databases/rat_transfer -v /home:/hosthome --registry-use ${REGISTRY.address} --kubeconfig-switch-context --kubeconfig-update-default --port 30002:30080@agent:0 --port 30003:30443@agent:0 --port 8090:31090@agent:0`,
    );
    expect(create).toMatchObject({ opts: { kind: 'cluster', step: 'creating k3d cluster afc-dev' } });
    expect(p.restore).toMatch(/^the old k3d cluster afc-dev was deleted before this step and is gone/);
    expect(p.summary).toContain('Host port mappings:\n  30002 -> 30080 (http of dispatcher)\n  30003 -> 30443 (https of dispatcher)\n  8090 -> 31090 (prometheus of prometheus)\n');
  });

  it('destroys nothing when no cluster of that name exists', () => {
    const p = plan({}, { existed: false, replacedHostPorts: new Set() });
    expect(p.steps[0]).toMatchObject({ kind: 'delete-cluster', why: 'no k3d cluster afc-dev is listed (checked again)' });
    expect(p.steps[0]).not.toHaveProperty('destroys');
  });

  it('gives k3d the kubeconfig through KUBECONFIG, and adds the --namespace step', () => {
    const kubeconfig = join(root, 'kc');
    const p = plan({ kubeconfig, namespace: 'afc' });
    expect(p.steps[1]).toMatchObject({ opts: { env: { KUBECONFIG: kubeconfig } } });
    expect(p.steps[2]).toMatchObject({ kind: 'namespace', namespace: 'afc', title: 'making afc the namespace of k3d-afc-dev' });
    expect(p.summary).toContain(`kubeconfig \`${kubeconfig}' with namespace of 'afc'.`);
  });

  it('refuses an explicit host port something else listens on, but not one the replaced cluster holds', () => {
    expect(() => plan({ expose: ['http:22'] })).toThrow(/^host port 22 \(--expose \.\.\.:22\) is in use on this machine: choose another host port/);
    expect(() => plan({ expose: ['http:30000'] }, { replacedHostPorts: new Set() })).toThrow(/host port 30000 .* is in use/);
    const create = plan({ expose: ['http:30000'] }).steps[1]!;
    expect(create.kind === 'run' && create.args.slice(-2)).toEqual(['--port', '30000:30080@agent:0']);
  });

  it('reserves explicit host ports before allocating the others from 30000 up', () => {
    const p = plan({ expose: ['http,https:30002', '31432'] }, { usedPorts: new Set([30000, 30001]) });
    const create = p.steps[1]!;
    expect(create.kind === 'run' && create.args.slice(-6)).toEqual(['--port', '30003:30080@agent:0', '--port', '30002:30443@agent:0', '--port', '30004:31432@agent:0']);
    expect(p.summary).toContain('  30003 -> 30080 (http of dispatcher)\n  30002 -> 30443 (https of dispatcher)\n  30004 -> 31432\n');
  });

  it('maps the default ports http and https from the config when --expose is not given', () => {
    const create = plan({}, { usedPorts: new Set([30000, 30001]) }).steps[1]!;
    expect(create.kind === 'run' && create.args.slice(-4)).toEqual(['--port', '30002:30080@agent:0', '--port', '30003:30443@agent:0']);
  });
});

describe('cluster create inputs', () => {
  it('takes the node port names of the --openafc version (1.0.x: kebab-case, and afcserver, rmqweb), and only those', () => {
    const ports = (openafc: string | undefined, expose: string): number[] => clusterInputs('afc-dev', { static: staticDir, expose: [expose], openafc }, host).requests.map((r) => r.nodePort);
    expect(ports('1.0.3.0', 'rat-server,bulk-postgres,afcserver,rmqweb,disp-prometheus')).toEqual([30081, 31433, 30084, 30672, 31091]);
    expect(ports('main', 'http,https')).toEqual([30080, 30443]);
    expect(ports(undefined, 'rat_server,bulk_postgres')).toEqual([30081, 31433]);
    expect(() => ports('1.0.3.0', 'rat_server')).toThrow(/--expose: "rat_server" is not a known node port name: use one of afcserver, bulk-postgres, disp-grafana, disp-prometheus, grafana, http, https, msghnd, prometheus, rat-server, ratdb, rcache, rmqweb/);
    expect(() => ports(undefined, 'afcserver')).toThrow(/"afcserver" is not a known node port name/);
    expect(() => ports('9.9', 'http')).toThrow(/unknown OpenAFC version "9\.9"/);
  });

  it('refuses node ports outside 30000-32767, given by number', () => {
    expect(() => clusterInputs('afc-dev', { static: staticDir, expose: ['12345'] }, host)).toThrow(/^--expose: node port 12345 is outside Kubernetes' NodePort range 30000-32767/);
    expect(() => clusterInputs('afc-dev', { static: staticDir, expose: ['32768:8080'] }, host)).toThrow(/node port 32768 is outside/);
    expect(clusterInputs('afc-dev', { static: staticDir, expose: ['32767'] }, host).requests).toEqual([{ nodePort: 32767, hostPort: undefined }]);
  });

  it('refuses ":" and "," in the static folder, and "," in the temporary folder', () => {
    const bad = join(root, 'a:ro');
    for (const d of ['ULS_Database', 'RAS_Database']) mkdirSync(join(bad, d), { recursive: true });
    expect(() => clusterInputs('afc-dev', { static: bad }, host)).toThrow(/^static files folder ".*a:ro" contains ":", which k3d, kubectl and helm read as a separator: move or link it to a path without ":" or ","$/);
    const tmp = join(root, 't,mp');
    mkdirSync(tmp);
    expect(() => clusterInputs('afc-dev', { static: staticDir }, { ...host, env: { ...host.env, TMPDIR: tmp } })).toThrow(/^the temporary folder \(TMPDIR\) ".*t,mp" contains ","/);
  });

  it('refuses a --namespace that is not an RFC 1123 label', () => {
    expect(() => clusterInputs('afc-dev', { static: staticDir, namespace: '--kubeconfig=/etc/evil' }, host)).toThrow(/^namespace \(--namespace\) "--kubeconfig=\/etc\/evil" is not an RFC 1123 label/);
  });
});

describe('config command lines', () => {
  it('get the explicit context and kubeconfig (kubectl, helm but helm repo), unless they name one', () => {
    expect(configCommand('-kubectl delete apiservice v1beta1.metrics.k8s.io', 'k3d-a', undefined)).toEqual({
      tool: 'kubectl',
      args: ['delete', 'apiservice', 'v1beta1.metrics.k8s.io', '--context', 'k3d-a'],
      ignore: true,
    });
    expect(configCommand('kubectl get pods --context other', 'k3d-a', '/kc').args).toEqual(['get', 'pods', '--context', 'other']);
    expect(configCommand('helm uninstall x', 'k3d-a', '/kc').args).toEqual(['uninstall', 'x', '--kube-context', 'k3d-a', '--kubeconfig', '/kc']);
    expect(configCommand('helm repo update', 'k3d-a', '/kc').args).toEqual(['repo', 'update']);
    expect(configCommand('docker ps', 'k3d-a', '/kc')).toEqual({ tool: 'docker', args: ['ps'], ignore: false });
  });
});

describe('cluster ports', () => {
  it('takes CURRENT from --context, --kubeconfig, or both', () => {
    expect(portsContextArg({})).toBeUndefined();
    expect(portsContextArg({ kubeconfig: '/kc' })).toBe('/kc');
    expect(portsContextArg({ context: ':k3d-x' })).toBe(':k3d-x');
    expect(portsContextArg({ kubeconfig: '/kc', context: ':k3d-x' })).toBe('/kc:k3d-x');
    expect(portsContextArg({ kubeconfig: '/kc', context: '/other:k3d-x' })).toBe('/other:k3d-x');
  });
});
