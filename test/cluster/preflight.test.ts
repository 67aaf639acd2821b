import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../src/kit/objects.js';
import { clusterNeeds, isLocalContext, listedFacts, needsConfirmation, parseTableNames, parseVersion, podReferences, preflightProblems, provesMinServer, unrenderedReferences, type ClusterFacts } from '../../src/cluster/preflight.js';
import { find, synth } from '../support/synth.js';

const k3d = synth({ platforms: ['k3d'], namespace: 'afc' }) as K8sObject[];
const noSecrets = synth({ platforms: ['k3d', 'no_secrets'], namespace: 'afc' }) as K8sObject[];

const ready: ClusterFacts = {
  context: 'k3d-dev',
  serverVersion: 'v1.34.4',
  namespaceExists: true,
  crds: new Set(['podmonitors.monitoring.coreos.com', 'servicemonitors.monitoring.coreos.com']),
  namespaceObjects: new Set(['Secret/notifier-mail']),
  defaultStorageClass: true,
  nodePorts: new Map([[30080, ['afc/dispatcher']]]),
  helmReleases: new Set(),
};
const opts = { namespace: 'afc', release: 'afc' };

describe('preflight decisions', () => {
  it('passes a cluster that has everything', () => {
    expect(preflightProblems(k3d, ready, opts)).toEqual([]);
  });

  it('stops at a context that does not answer, with nothing else checked', () => {
    expect(preflightProblems(k3d, { ...ready, serverVersion: undefined, contextError: 'connection refused' }, opts)).toEqual([
      'context "k3d-dev" does not answer (connection refused): check it with kubectl --context k3d-dev cluster-info, or pick another with --context',
    ]);
  });

  it('takes a dry run that accepted the autoscaling/v2 HPA as proof that the server answers and is new enough', () => {
    const hpa = k3d.filter((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(hpa.map((o) => o.apiVersion)).toEqual(['autoscaling/v2']);
    expect(provesMinServer(k3d)).toBe(true);
    expect(provesMinServer(k3d.filter((o) => o.kind !== 'HorizontalPodAutoscaler'))).toBe(false);
    expect(provesMinServer([{ ...hpa[0]!, apiVersion: 'autoscaling/v1' }])).toBe(false);
    expect(preflightProblems(k3d, { ...ready, serverVersion: undefined, minServerProven: true }, opts)).toEqual([]);
    // Not proven and not asked: the context did not answer.
    expect(preflightProblems(k3d, { ...ready, serverVersion: undefined }, opts)).toHaveLength(1);
    // A version that was asked for is still checked.
    expect(preflightProblems(k3d, { ...ready, serverVersion: 'v1.22.0', minServerProven: true }, opts)[0]).toMatch(/^server version v1\.22\.0 is older than v1\.23/);
  });

  it('names each missing thing and its fix, one line each', () => {
    const problems = preflightProblems(
      k3d,
      {
        ...ready,
        serverVersion: 'v1.22.3',
        namespaceExists: false,
        crds: new Set(),
        namespaceObjects: new Set(),
        defaultStorageClass: false,
        nodePorts: new Map([[30080, ['afc/dispatcher', 'other/web']]]),
        helmReleases: new Set(['afc']),
      },
      opts,
    );
    expect(problems).toEqual([
      'server version v1.22.3 is older than v1.23, the oldest the output is valid for (autoscaling/v2 HorizontalPodAutoscaler): upgrade the cluster',
      'namespace "afc" holds a Helm release "afc": manage it with afc install or helm (helm upgrade afc), or apply with another --release or --namespace',
      'namespace "afc" does not exist: create it (kubectl create namespace afc) or pass --create-namespace',
      "CRD podmonitors.monitoring.coreos.com and servicemonitors.monitoring.coreos.com not installed (prometheus-operator): install prometheus-operator's CRDs, or pass --skip-monitors to apply without the PodMonitors and ServiceMonitors",
      'Secret "notifier-mail" (used by Deployment afc/uls-downloader) does not exist in namespace "afc": create it (kubectl create secret generic notifier-mail -n afc …), or use --platform no_secrets (uls_downloader without the mail notifier)',
      'no default StorageClass for the volume claims of StatefulSet afc/bulk-postgres (they name none): mark one default (annotation storageclass.kubernetes.io/is-default-class=true) or set storageClassName in the claim template',
      'no default StorageClass for the volume claims of StatefulSet afc/ratdb (they name none): mark one default (annotation storageclass.kubernetes.io/is-default-class=true) or set storageClassName in the claim template',
      'nodePort 30080 of Service afc/dispatcher is taken by Service other/web: free it, or set another nodePort (--set components.<name>.ports.<port>.nodePort=…)',
    ]);
  });

  it('accepts --create-namespace, and needs no mail secret with no_secrets', () => {
    expect(preflightProblems(noSecrets, { ...ready, namespaceExists: false, namespaceObjects: new Set() }, { ...opts, createNamespace: true })).toEqual([]);
  });

  it('needs no CRDs when the monitors are skipped (left out of the objects)', () => {
    const withoutMonitors = k3d.filter((o) => !o.kind.endsWith('Monitor'));
    expect(preflightProblems(withoutMonitors, { ...ready, crds: new Set() }, opts)).toEqual([]);
  });

  it('reads the Secrets and ConfigMaps a pod uses from volumes, envFrom and env, optional ones left out', () => {
    const uls = find(k3d as never, 'Deployment', 'uls-downloader', 'afc') as unknown as K8sObject;
    expect(podReferences(uls).map((r) => `${r.kind}/${r.name}`)).toEqual(expect.arrayContaining(['Secret/notifier-mail', 'ConfigMap/uls-downloader']));
    const pod: K8sObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'p' },
      spec: {
        template: {
          spec: {
            volumes: [{ name: 'a', secret: { secretName: 's1', optional: true } }, { name: 'b', projected: { sources: [{ configMap: { name: 'c1' } }] } }],
            containers: [{ name: 'x', env: [{ name: 'E', valueFrom: { secretKeyRef: { name: 's2', key: 'k' } } }] }],
          },
        },
      },
    };
    expect(podReferences(pod).map((r) => `${r.kind}/${r.name}`)).toEqual(['ConfigMap/c1', 'Secret/s2']);
  });

  it('parses server versions, vendor suffixes included', () => {
    expect(parseVersion('v1.34.4')).toEqual([1, 34]);
    expect(parseVersion('v1.27.3-gke.100')).toEqual([1, 27]);
    expect(parseVersion('nonsense')).toBeUndefined();
  });
});

describe('the cluster facts preflight reads from listings', () => {
  it('asks for StorageClasses only for claim templates that name none, and for Services only for fixed nodePorts', () => {
    expect(clusterNeeds(k3d)).toEqual({ storageClasses: true, nodePorts: true });
    const dbs = k3d.filter((o) => o.kind === 'StatefulSet');
    expect(clusterNeeds(dbs)).toEqual({ storageClasses: true, nodePorts: false });
    const named = dbs.map((o) => {
      const spec = o.spec as { volumeClaimTemplates: { spec: Record<string, unknown> }[] };
      return { ...o, spec: { ...spec, volumeClaimTemplates: spec.volumeClaimTemplates.map((t) => ({ ...t, spec: { ...t.spec, storageClassName: 'fast' } })) } };
    });
    expect(clusterNeeds(named)).toEqual({ storageClasses: false, nodePorts: false });
    expect(clusterNeeds(k3d.filter((o) => o.kind === 'Service'))).toEqual({ storageClasses: false, nodePorts: true });
  });

  it('reads names, Helm releases, the default StorageClass and nodePorts from listed objects', () => {
    const o = (kind: string, name: string, extra: Partial<K8sObject> = {}): K8sObject => ({ apiVersion: 'v1', kind, metadata: { name, namespace: 'afc' }, ...extra });
    const facts = listedFacts(
      [
        o('Secret', 'notifier-mail'),
        o('Secret', 'sh.helm.release.v1.afc.v3'),
        o('ConfigMap', 'kube-root-ca.crt'),
        o('Deployment', 'rmq'),
        { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'slow' } },
        { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } },
      ],
      [o('Service', 'web', { spec: { ports: [{ port: 80, nodePort: 30080 }, { port: 81 }] } }), { ...o('Service', 'x', { spec: { ports: [{ nodePort: 30080 }] } }), metadata: { name: 'x', namespace: 'other' } }],
    );
    expect(facts).toEqual({
      namespaceObjects: new Set(['Secret/notifier-mail', 'Secret/sh.helm.release.v1.afc.v3', 'ConfigMap/kube-root-ca.crt']),
      helmReleases: new Set(['afc']),
      defaultStorageClass: true,
      nodePorts: new Map([[30080, ['afc/web', 'other/x']]]),
    });
    expect(listedFacts([o('StorageClass', 'slow')], []).defaultStorageClass).toBe(false);
  });
});

describe('local contexts', () => {
  it('treats k3d, kind, minikube and the testbed as local, anything else as needing --yes', () => {
    for (const c of ['k3d-afc-dev', 'kind-kind', 'minikube', 'testbed']) expect(isLocalContext(c)).toBe(true);
    for (const c of ['gke_proj_europe-west1_prod', 'arn:aws:eks:us-east-1:1:cluster/prod', 'k3d', 'my-kind-cluster', 'minikube-2']) expect(isLocalContext(c)).toBe(false);
  });

  it('asks (or needs --yes) only before changing a cluster that is not local', () => {
    expect(needsConfirmation('gke_proj_zone_prod', { changes: true })).toBe(true);
    expect(needsConfirmation('gke_proj_zone_prod', { changes: true, yes: true })).toBe(false);
    expect(needsConfirmation('gke_proj_zone_prod', { changes: true, dryRun: true })).toBe(false);
    expect(needsConfirmation('gke_proj_zone_prod', { changes: false })).toBe(false);
    expect(needsConfirmation('k3d-afc', { changes: true })).toBe(false);
  });
});

describe('preflight facts without listing the namespace', () => {
  it('names the Secrets and ConfigMaps the pods need that afc does not render, as kubectl arguments', () => {
    const k3d = synth({ platforms: ['k3d'], namespace: 'afc' }) as never;
    expect(unrenderedReferences(k3d, 'afc')).toEqual(['secret/notifier-mail']);
    expect(unrenderedReferences(synth({ platforms: ['no_secrets'], namespace: 'afc' }) as never, 'afc')).toEqual([]);
  });

  it("reads kubectl's table (--show-kind --no-headers: metadata only) as the objects that exist", () => {
    const found = parseTableNames('secret/notifier-mail   Opaque   1     5m\nconfigmap/extra   1   2d\n\n');
    expect(found.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Secret/notifier-mail', 'ConfigMap/extra']);
    expect([...listedFacts(found, []).namespaceObjects]).toEqual(['Secret/notifier-mail', 'ConfigMap/extra']);
  });

  it("finds a Helm release of the same name by Helm's annotation on the release's own objects", () => {
    const helmObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'rcache', annotations: { 'meta.helm.sh/release-name': 'afc', 'meta.helm.sh/release-namespace': 'afc' } } };
    expect([...listedFacts([helmObject], []).helmReleases]).toEqual(['afc']);
  });
});
