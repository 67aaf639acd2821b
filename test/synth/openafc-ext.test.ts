/**
 * afc-ext beside afc-int: the app input (CLI and API), fc912b4a's one-line refusal, the shared
 * externalIps input, the store-name rule, its NetworkPolicies, the hints for afc-int's platforms and
 * components, and the graph of both clusters.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { synth as apiSynth, synthHelmChart } from '../../src/api.js';
import { runGraph } from '../../src/graph/command.js';
import { afc } from '../support/cli.js';
import { diffObjects, parseStream, type Obj } from '../support/compare.js';
import { cleanupCharts, helmTemplate, writeChart } from '../support/helm.js';
import { upstreamValuesFiles } from '../support/openafc-upstream.js';
import { at, find, names, synth } from '../support/synth.js';

const GCP_EXT = upstreamValuesFiles('1.0.3.0', ['gcp-example'], 'afc-ext');
const GCP_INT = upstreamValuesFiles('1.0.3.0', ['gcp-example']);
const K3D_IPS = upstreamValuesFiles('1.0.3.0', ['k3d-ext-ips'], 'afc-ext');
const dir = mkdtempSync(join(tmpdir(), 'afc-ext-'));
afterAll(() => {
  cleanupCharts();
  rmSync(dir, { recursive: true, force: true });
});
const file = (name: string, text: string): string => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('afc-ext as an app of the model', () => {
  it('refuses fc912b4a (the default) in one line, in the CLI (exit 1) and the API', () => {
    const r = afc(['synth', '--app', 'afc-ext', '--stdout']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('afc: error: OpenAFC fc912b4a (the default) had no afc-ext (the outer cluster came with 1.0.1.0): use --openafc 1.0.1.0, 1.0.3.0 or main with --app afc-ext\n');
    expect(() => apiSynth({ app: 'afc-ext', openafc: 'fc912b4a' })).toThrow(/^OpenAFC fc912b4a had no afc-ext \(the outer cluster came with 1\.0\.1\.0\): use --openafc 1\.0\.1\.0, 1\.0\.3\.0 or main with --app afc-ext$/);
    expect(() => apiSynth({ app: 'afc-other' as 'afc-ext', openafc: 'main' })).toThrow(/^unknown app "afc-other": use afc-int .* or afc-ext/);
  });

  it('takes app in the API: synth and synthHelmChart give the outer cluster', () => {
    const objects = apiSynth({ app: 'afc-ext', openafc: 'latest-release', valuesFiles: GCP_EXT });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['ClusterSecretStore/secret-store', 'Deployment/dispatcher', 'ExternalSecret/image-pull', 'ExternalSecret/server-cert', 'Service/dispatcher']);
    expect(at(find(objects, 'Deployment', 'dispatcher'), 'metadata.labels')).toMatchObject({ 'app.kubernetes.io/name': 'afc-ext' });
    const chart = synthHelmChart({ app: 'afc-ext', openafc: '1.0.3.0', valuesFiles: GCP_EXT });
    expect(chart.get('Chart.yaml')).toMatch(/^name: afc-ext$/m);
    // Without app, the API keeps giving afc-int.
    expect(names(apiSynth({ openafc: '1.0.3.0', valuesFiles: GCP_INT }), 'Deployment')).toContain('rat-server');
  });

  it('writes dist/afc-ext-<platforms>/afc-ext.k8s.yaml by default (apart from afc-int\'s folders)', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'afc-ext-cli-'));
    const r = afc(['synth', '--app', 'afc-ext', '--openafc', 'main', '-p', 'http', '-f', K3D_IPS[0]!], { cwd });
    expect(r.stdout).toBe('wrote dist/afc-ext-http (afc-ext.k8s.yaml)\n');
    const h = afc(['synth', '--app', 'afc-ext', '--openafc', 'main', '--format', 'helm', '-f', K3D_IPS[0]!], { cwd });
    expect(h.stdout).toBe('wrote dist/afc-ext-base-helm (Helm chart)\n');
  });

  it('uses the shared externalIps file (gcp-example-common.yaml, the README\'s values-afc-common.yaml) with both apps', () => {
    const ext = synth({ openafc: '1.0.3.0', app: 'afc-ext', valuesFiles: GCP_EXT });
    const int = synth({ openafc: '1.0.3.0', valuesFiles: GCP_INT });
    expect(GCP_EXT[0]).toBe(GCP_INT[0]);
    const env = at(find(ext, 'Deployment', 'dispatcher'), 'spec.template.spec.containers.0.env') as { name: string; value: string }[];
    expect(env.find((e) => e.name === 'BROKER_FQDN')?.value).toBe('192.0.2.11');
    expect(at(find(ext, 'Service', 'dispatcher'), 'spec.loadBalancerIP')).toBe('192.0.2.12');
    expect(at(find(int, 'Service', 'rmq'), 'spec.loadBalancerIP')).toBe('192.0.2.11');
  });

  it('renders the same ClusterSecretStore name as afc-int by default, and another with secretStores.<key>.name', () => {
    const ext = synth({ openafc: '1.0.3.0', app: 'afc-ext', valuesFiles: GCP_EXT });
    const int = synth({ openafc: '1.0.3.0', valuesFiles: GCP_INT });
    expect(names(ext, 'ClusterSecretStore')).toEqual(names(int, 'ClusterSecretStore'));
    const renamed = synth({ openafc: '1.0.3.0', app: 'afc-ext', valuesFiles: GCP_EXT, sets: ['secretStores.secret-store.name=ext-secret-store'] });
    expect(names(renamed, 'ClusterSecretStore')).toEqual(['ext-secret-store']);
    for (const s of ['image-pull', 'server-cert']) expect(at(find(renamed, 'ExternalSecret', s), 'spec.secretStoreRef')).toEqual({ name: 'ext-secret-store', kind: 'ClusterSecretStore' });
    // The same field on afc-int; without it afc-int's output is unchanged.
    const intRenamed = synth({ openafc: '1.0.3.0', valuesFiles: GCP_INT, sets: ['secretStores.secret-store.name=int-secret-store'] });
    expect(names(intRenamed, 'ClusterSecretStore')).toEqual(['int-secret-store']);
  });

  it('hints at afc-int for its platforms and components', () => {
    expect(() => synth({ openafc: 'main', app: 'afc-ext', platforms: ['k3d'] })).toThrow(/^unknown platform "k3d": use one of http, mtls, devel .*"k3d" is a platform of afc-int \(OpenAFC fc912b4a, 1\.0\.1\.0, 1\.0\.3\.0, 717d3491\), not of afc-ext/);
    expect(() => synth({ openafc: 'main', app: 'afc-ext', platforms: ['hardened'] })).toThrow(/"hardened" is a platform of afc-int \(OpenAFC fc912b4a\), not of afc-ext: drop it, or drop --app afc-ext; afc-ext's NetworkPolicies are networkPolicies.enabled, egress, egressRange$/);
    expect(() => synth({ openafc: 'main', app: 'afc-ext', valuesFiles: K3D_IPS, sets: ['components.worker.imageName=x'] })).toThrow(/^components\.worker: a component of afc-int, not of afc-ext \(afc-ext has dispatcher only\)/);
    expect(() => synth({ openafc: 'main', app: 'afc-ext', sets: ['components.dispatcher.imageName='] , valuesFiles: K3D_IPS })).toThrow(/components\.dispatcher\.imageName is empty, and dispatcher cannot be disabled/);
  });

  it('renders NetworkPolicies: outside ingress on the Service ports, egress to DNS and the inner cluster', () => {
    const base = synth({ openafc: 'main', app: 'afc-ext', valuesFiles: GCP_EXT });
    expect(names(base, 'NetworkPolicy')).toEqual([]);
    const on = synth({ openafc: 'main', app: 'afc-ext', valuesFiles: GCP_EXT, sets: ['networkPolicies.enabled=true'] });
    expect(names(on, 'NetworkPolicy')).toEqual(['afc-ext-default-deny', 'dispatcher-outside']);
    expect(at(find(on, 'NetworkPolicy', 'dispatcher-outside'), 'spec.ingress.0.ports')).toEqual([80, 443, 8080].map((port) => ({ port, protocol: 'TCP' })));
    const egress = synth({ openafc: 'main', app: 'afc-ext', valuesFiles: GCP_EXT, sets: ['networkPolicies.enabled=true', 'networkPolicies.egress=true'] });
    expect(at(find(egress, 'NetworkPolicy', 'afc-ext-default-deny'), 'spec.policyTypes')).toEqual(['Ingress', 'Egress']);
    const rules = at(find(egress, 'NetworkPolicy', 'dispatcher'), 'spec.egress') as { to: { ipBlock?: { cidr: string } }[]; ports: unknown[] }[];
    expect(rules.slice(1)).toEqual([
      { to: [{ ipBlock: { cidr: '192.0.2.10/32' } }], ports: [{ port: 80, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '192.0.2.11/32' } }], ports: [{ port: 5672, protocol: 'TCP' }] },
    ]);
    const range = file('range.yaml', 'networkPolicies:\n  enabled: true\n  egress: true\n  egressRange: [192.0.2.0/24]\n');
    const ranged = synth({ openafc: 'main', app: 'afc-ext', valuesFiles: [...GCP_EXT, range] });
    expect((at(find(ranged, 'NetworkPolicy', 'dispatcher'), 'spec.egress') as unknown[]).slice(1)).toEqual([
      { to: [{ ipBlock: { cidr: '192.0.2.0/24' } }], ports: [{ port: 80, protocol: 'TCP' }, { port: 5672, protocol: 'TCP' }] },
    ]);
    const outside = file('outside.yaml', 'networkPolicies:\n  enabled: true\n  egress: true\n  egressRange: [10.0.0.0/8]\n');
    expect(() => synth({ openafc: 'main', app: 'afc-ext', valuesFiles: [...GCP_EXT, outside] })).toThrow(/^networkPolicies\.egressRange: externalIps\.int-ingress \(192\.0\.2\.10\) is in none of 10\.0\.0\.0\/8: widen the range or fix the address$/);
    const bad = file('bad.yaml', 'networkPolicies:\n  enabled: true\n  egressRange: [10.0.0/8]\n');
    expect(() => synth({ openafc: 'main', app: 'afc-ext', valuesFiles: [...GCP_EXT, bad] })).toThrow(/networkPolicies\.egressRange\.0/);
    expect(() => synth({ openafc: 'main', app: 'afc-ext', valuesFiles: GCP_EXT, sets: ['networkPolicies.egress=true'] })).toThrow(/^networkPolicies\.egress and networkPolicies\.egressRange need networkPolicies\.enabled: true/);
    // afc-int of 1.0.x has its own, from its dependency graph (not afc-ext's egressRange).
    expect(synth({ openafc: 'main', valuesFiles: GCP_INT, sets: ['networkPolicies.enabled=true'] }).filter((o) => o.kind === 'NetworkPolicy').length).toBeGreaterThan(0);
    expect(() => synth({ openafc: 'main', valuesFiles: GCP_INT, sets: ['networkPolicies.egressRange=10.0.0.0/8'] })).toThrow(/networkPolicies\.egressRange: unknown key/);
  });

  it('renders the NetworkPolicies in the generated chart too (helm template gives the plain objects)', () => {
    const opts = { app: 'afc-ext', openafc: 'main', valuesFiles: GCP_EXT, sets: ['networkPolicies.enabled=true', 'networkPolicies.egress=true'] } as const;
    const chart = synthHelmChart(opts);
    expect([...chart.keys()].filter((f) => f.startsWith('templates/networkpolicy-')).sort()).toEqual([
      'templates/networkpolicy-afc-ext-default-deny.yaml',
      'templates/networkpolicy-dispatcher-outside.yaml',
      'templates/networkpolicy-dispatcher.yaml',
    ]);
    const rendered = parseStream(helmTemplate(writeChart(opts))).filter((o) => o.kind === 'NetworkPolicy');
    expect(diffObjects(rendered, synth(opts).filter((o) => o.kind === 'NetworkPolicy') as unknown as Obj[], { ignoreManagedBy: true })).toEqual([]);
    expect(rendered).toHaveLength(3);
  });
});

describe('afc graph --app afc-ext', () => {
  it('shows both clusters and the edges between them (Mermaid)', async () => {
    const text = await runGraph({ app: 'afc-ext', openafc: 'main', values: GCP_EXT, format: 'mermaid' });
    expect(text).toContain('subgraph afc_ext["afc-ext: outer cluster (OpenAFC 717d3491)"]');
    expect(text).toContain('subgraph afc_int["afc-int: inner cluster"]');
    expect(text).toContain('ext_dispatcher["dispatcher (LoadBalancer Service 192.0.2.12)"]');
    expect(text).toContain('outside -->|"http 80, https 443, status 8080"| ext_dispatcher');
    expect(text).toContain('ext_dispatcher -->|":80 (AFC_GRAFANA_TARGET, AFC_MSGHND_NAME, AFC_OBJST_HOST, AFC_PROMETHEUS_TARGET, AFC_WEBUI_NAME)"| int_int_ingress');
    expect(text).toContain('ext_dispatcher -->|":5672 (BROKER_FQDN)"| int_int_rmq');
    expect(text).toContain('int_int_rmq["rmq (its Service: loadBalancerIpKey int-rmq)<br/>externalIps.int-rmq 192.0.2.11"]');
    expect(text).toMatch(/int_int_ingress\["ingress controller \(Ingresses: rat-server, afcserver, objst, grafana\)<br\/>externalIps\.int-ingress 192\.0\.2\.10"\]/);
  });

  it('gives the same edges as JSON and DOT, and follows the inputs', async () => {
    const json = JSON.parse(await runGraph({ app: 'afc-ext', openafc: '1.0.1.0', values: upstreamValuesFiles('1.0.1.0', ['k3d-ext-ips'], 'afc-ext'), format: 'json' })) as { edges: { ip: string; address: string; ports: number[]; to: { kind: string; component?: string } }[] };
    expect(json.edges.map((e) => [e.ip, e.address, e.ports, e.to.kind, e.to.component])).toEqual([
      ['int-ingress', '192.0.2.10', [80], 'ingress', undefined],
      ['int-rmq', '192.0.2.11', [5672], 'component', 'rmq'],
    ]);
    const moved = file('moved.yaml', 'externalIps:\n  int-rmq: 198.51.100.7\n');
    const dot = await runGraph({ app: 'afc-ext', openafc: 'main', values: [...GCP_EXT, moved], format: 'dot' });
    expect(dot).toContain('externalIps.int-rmq 198.51.100.7');
    expect(dot).toContain('ext_dispatcher -> int_int_rmq [label=":5672 (BROKER_FQDN)"];');
    await expect(runGraph({ app: 'afc-ext', values: GCP_EXT, format: 'mermaid' })).rejects.toThrow(/had no afc-ext/);
  });

  it('keeps afc graph of afc-int as it was', async () => {
    const r = afc(['graph', '--platform', 'k3d']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(await runGraph({ platform: ['k3d'], format: 'mermaid' }));
  });
});
