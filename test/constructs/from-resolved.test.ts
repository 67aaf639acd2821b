/** The one mapping from the resolved app to the constructs' props (src/constructs/from-resolved.ts). */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  autoscalerProps,
  configMapProps,
  envSources,
  networkPoliciesProps,
  podMonitorProps,
  releaseLabelSetProps,
  serviceMonitorProps,
  serviceProps,
  statefulSetProps,
  volumeClaimProps,
  workloadProps,
} from '../../src/constructs/from-resolved.js';
import { ReleaseLabelSet } from '../../src/constructs/labels.js';
import type { Workload } from '../../src/constructs/workload.js';
import { Guard, HelmExpr, type ResolvedComponent, type ResolvedPort, type ResolvedService } from '../../src/model/index.js';

const http: ResolvedPort = { key: 'http', name: 'http', servicePort: 80, containerPort: 8080, targetPort: 8080, nodePort: 30080 };
const fileStorage: ResolvedPort = { key: 'fileStorage', name: 'file-storage', servicePort: 5000, containerPort: 5000, targetPort: undefined, nodePort: undefined };
const service: ResolvedService = { name: 'web', namespace: undefined, type: 'NodePort', loadBalancerIP: '10.0.0.1', externalSelector: undefined, ports: [http] };

const component = (over: Partial<ResolvedComponent> = {}): ResolvedComponent => ({
  key: 'rat_server',
  name: 'rat-server',
  host: 'web',
  kind: 'Deployment',
  image: 'repo/server:1',
  imagePullPolicy: HelmExpr.value('.pull'),
  replicas: 2,
  serviceAccount: 'afc',
  podSecurityContext: { runAsUser: 1 },
  containerSecurityContext: { readOnlyRootFilesystem: true },
  automountServiceAccountToken: false,
  probes: { liveness: { periodSeconds: 1 }, readiness: { periodSeconds: 2 }, startup: undefined },
  imagePullSecrets: [{ name: 'pull' }],
  envFrom: ['a', 'b'],
  ports: [fileStorage, http, { key: 'svc', name: 'svc', servicePort: 81, containerPort: undefined, targetPort: undefined, nodePort: undefined }],
  resources: { requests: { memory: '1Gi' } },
  volumes: [{ name: 'pipe', mountPath: '/pipe', source: { hostPath: { path: '/tmp' } }, readOnly: true }],
  pvc: undefined,
  service,
  metrics: { port: 'http', path: '/metrics' },
  hpa: { minReplicas: 1, maxReplicas: HelmExpr.value('.max'), metricType: 'Resource', metric: { resource: { name: 'cpu' } }, behavior: undefined },
  ...over,
});

const labelSet = () =>
  new ReleaseLabelSet(Testing.chart(), { appName: 'afc-int', instance: 'r1', managedBy: 'afc', chart: 'afc-int-0', version: 'v1' });
const selector = { 'app.kubernetes.io/name': 'afc-int', 'app.kubernetes.io/instance': 'r1', 'app.kubernetes.io/component': 'rat-server' };
const objectLabels = { ...selector, 'helm.sh/chart': 'afc-int-0', 'app.kubernetes.io/version': 'v1', 'app.kubernetes.io/managed-by': 'afc' };
const workload: Workload = { name: 'rat-server', apiVersion: 'apps/v1', kind: 'Deployment', selectorLabels: selector, labels: objectLabels };

describe('props from the resolved app', () => {
  it('gives a workload its pod and container fields, labelled for the release, ports with a container port only', () => {
    const c = component();
    const env = [{ name: 'a' }];
    expect(workloadProps(c, labelSet(), env)).toEqual({
      name: 'rat-server',
      selectorLabels: selector,
      labels: objectLabels,
      replicas: 2,
      image: 'repo/server:1',
      imagePullPolicy: c.imagePullPolicy,
      imagePullSecrets: [{ name: 'pull' }],
      ports: [{ name: 'file-storage', containerPort: 5000 }, { name: 'http', containerPort: 8080 }],
      envFrom: env,
      resources: { requests: { memory: '1Gi' } },
      volumes: c.volumes,
      livenessProbe: { periodSeconds: 1 },
      readinessProbe: { periodSeconds: 2 },
      startupProbe: undefined,
      serviceAccountName: 'afc',
      automountServiceAccountToken: false,
      podSecurityContext: { runAsUser: 1 },
      containerSecurityContext: { readOnlyRootFilesystem: true },
    });
  });

  it('gives a StatefulSet its pvc as the claim template, and refuses a component without one', () => {
    const pvc = { name: 'data', accessMode: 'ReadWriteOnce', mountPath: '/d', resources: undefined };
    expect(statefulSetProps(component({ kind: 'StatefulSet', pvc }), labelSet(), []).volumeClaim).toBe(pvc);
    expect(() => statefulSetProps(component({ kind: 'StatefulSet' }), labelSet(), [])).toThrow('component "rat_server" is a StatefulSet without a pvc');
  });

  it('finds the ConfigMaps a component loads, in order, and names one that was not built', () => {
    const maps = new Map([['b', { name: 'b' }], ['a', { name: 'a' }]]);
    expect(envSources(component(), maps).map((m) => m.name)).toEqual(['a', 'b']);
    expect(() => envSources(component({ envFrom: ['a', 'c'] }), maps)).toThrow('component "rat_server" loads ConfigMap "c", which was not built');
  });

  it('gives the Service its workload as selector, the ports with a servicePort, headless for a StatefulSet, and its Guard', () => {
    const when = new Guard('x');
    expect(serviceProps(component(), { ...service, when }, labelSet(), workload)).toEqual({
      name: 'web',
      namespace: undefined,
      labels: objectLabels,
      selector: workload,
      type: 'NodePort',
      loadBalancerIP: '10.0.0.1',
      ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }],
      headless: false,
      condition: when,
    });
    expect(serviceProps(component({ kind: 'StatefulSet' }), service, labelSet(), workload)?.headless).toBe(true);
  });

  it('selects external pods when the Service has an external selector, and gives no Service when nothing is selected', () => {
    const external = { ...service, namespace: 'monitoring', externalSelector: { prometheus: 'main' } };
    expect(serviceProps(component(), external, labelSet(), undefined)).toMatchObject({ namespace: 'monitoring', selector: { selectorLabels: { prometheus: 'main' } } });
    expect(serviceProps(component(), service, labelSet(), undefined)).toBeUndefined();
  });

  it('gives the autoscaler and the PodMonitor their fields, none without hpa or metrics, and refuses an unknown metrics port', () => {
    const c = component();
    expect(autoscalerProps(c, workload)).toEqual({ target: workload, minReplicas: 1, maxReplicas: c.hpa!.maxReplicas, metricType: 'Resource', metric: { resource: { name: 'cpu' } }, behavior: undefined });
    expect(autoscalerProps(component({ hpa: undefined }), workload)).toBeUndefined();
    expect(podMonitorProps(c, workload)).toEqual({ workload, port: 'http', endpoint: { path: '/metrics' } });
    expect(podMonitorProps(component({ metrics: undefined }), workload)).toBeUndefined();
    expect(() => podMonitorProps(component({ metrics: { port: 'nope' } }), workload)).toThrow('component "rat_server": metrics port "nope" is not one of its ports');
  });

  it('labels ConfigMaps and claims for the release without a component, the ServiceMonitor as its component over its own labels', () => {
    const { 'app.kubernetes.io/component': _c, ...release } = objectLabels;
    expect(configMapProps({ key: 'worker', name: 'worker', data: { A: '1' } }, labelSet())).toEqual({ name: 'worker', labels: release, data: { A: '1' } });
    expect(volumeClaimProps({ key: 'rat_transfer', name: 'rat-transfer', accessMode: 'ReadOnlyMany', storage: '1Gi', storageClassName: undefined, volumeName: 'pv' }, labelSet())).toEqual({
      name: 'rat-transfer',
      labels: release,
      accessMode: 'ReadOnlyMany',
      storage: '1Gi',
      storageClassName: undefined,
      volumeName: 'pv',
    });
    expect(serviceMonitorProps({ name: 'kubelet', component: 'cadvisor', extraLabels: { app: 'kubelet', 'app.kubernetes.io/component': 'x' }, spec: { a: 1 } }, labelSet())).toEqual({
      name: 'kubelet',
      labels: { app: 'kubelet', ...release, 'app.kubernetes.io/component': 'cadvisor' },
      spec: { a: 1 },
    });
  });

  it('gives the release label set the app name and the release labels, an omitted instance staying omitted', () => {
    const releaseLabels = { instance: 'r1', managedBy: 'afc', chart: 'afc-int-0', version: 'v1' };
    expect(releaseLabelSetProps({ appName: 'afc-int', releaseLabels })).toEqual({ appName: 'afc-int', ...releaseLabels });
    const unnamed = new ReleaseLabelSet(Testing.chart(), releaseLabelSetProps({ appName: 'afc-int', releaseLabels: { ...releaseLabels, instance: undefined } }));
    expect(unnamed.selector('rmq')).toEqual({ 'app.kubernetes.io/name': 'afc-int', 'app.kubernetes.io/component': 'rmq' });
    const { 'app.kubernetes.io/instance': _i, 'app.kubernetes.io/component': _c, ...noInstance } = objectLabels;
    expect(unnamed.object()).toEqual(noInstance);
    expect(labelSet().object('rat-server')).toEqual(objectLabels);
  });

  it('puts the NetworkPolicies under the chart switch only when it is a runtime value', () => {
    const labels = labelSet();
    const guard = new Guard('np');
    expect(networkPoliciesProps({ exists: true, egress: false, components: [] }, labels)).toEqual({ labels, components: [], egress: false, condition: undefined });
    expect(networkPoliciesProps({ exists: guard, egress: true, components: [] }, labels).condition).toBe(guard);
  });
});
