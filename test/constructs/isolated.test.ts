/**
 * Every construct built alone in a bare chart (`Testing.chart()`), from hand-written narrow props: what
 * it renders depends on its props only, not on the resolved model or the pipeline (the pipeline tests
 * are beside this file; the mapping from the resolved app to these props is test/constructs/from-resolved.test.ts).
 */
import { Testing, type Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AfcHorizontalPodAutoscaler } from '../../src/constructs/horizontal-pod-autoscaler.js';
import { AfcChart } from '../../src/constructs/afc-chart.js';
import { AfcDeployment, type AfcDeploymentProps } from '../../src/constructs/deployment.js';
import { AfcConfigMap } from '../../src/constructs/config-map.js';
import { ReleaseLabelSet } from '../../src/constructs/labels.js';
import { AfcNetworkPolicies } from '../../src/constructs/network-policy.js';
import { placeholdersOf } from '../../src/constructs/params.js';
import { AfcPodMonitor } from '../../src/constructs/pod-monitor.js';
import { AfcPrometheus } from '../../src/constructs/prometheus.js';
import { AfcService } from '../../src/constructs/service.js';
import { AfcServiceMonitor } from '../../src/constructs/service-monitor.js';
import { AfcStatefulSet } from '../../src/constructs/stateful-set.js';
import { AfcPersistentVolumeClaim } from '../../src/constructs/persistent-volume-claim.js';
import { Guard, HelmExpr, type ResolvedApp, type ResolvedComponent, type ResolvedPort } from '../../src/model/index.js';

// Synthesized objects are read at depth by each test; the shapes are asserted by the expectations.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, any>; data?: unknown };

const synthOf = (chart: Chart): Obj[] => Testing.synth(chart) as Obj[];
const only = (objs: Obj[], kind: string): Obj[] => objs.filter((o) => o.kind === kind);
const one = (chart: Chart, kind: string): Obj => {
  const found = only(synthOf(chart), kind);
  expect(found).toHaveLength(1);
  return found[0]!;
};

const selectorLabels = { app: 'rmq' };
const minimal: AfcDeploymentProps = { name: 'rmq', selectorLabels, image: 'repo/rmq:1' };

describe('AfcDeployment alone', () => {
  it('renders only what it is given: name, selector (also the pod labels), image, the default-container annotation', () => {
    const chart = Testing.chart();
    const d = new AfcDeployment(chart, 'd', minimal);
    expect(synthOf(chart)).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'rmq', labels: { app: 'rmq' }, annotations: { 'kubectl.kubernetes.io/default-container': 'rmq' } },
        spec: {
          selector: { matchLabels: { app: 'rmq' } },
          template: { metadata: { labels: { app: 'rmq' } }, spec: { containers: [{ name: 'rmq', image: 'repo/rmq:1' }] } },
        },
      },
    ]);
    expect(d).toMatchObject({ name: 'rmq', apiVersion: 'apps/v1', kind: 'Deployment', selectorLabels, labels: selectorLabels });
  });

  it('puts labels on the object and the pods, replicas, pull policy, ports (TCP) and envFrom in order', () => {
    const chart = Testing.chart();
    const env = new AfcConfigMap(chart, 'cm', { name: 'rmq-env' });
    new AfcDeployment(chart, 'd', {
      ...minimal,
      labels: { ...selectorLabels, tier: 'queue' },
      replicas: 2,
      imagePullPolicy: 'Always',
      ports: [{ name: 'amqp', containerPort: 5672 }, { name: 'metrics', containerPort: 15692 }],
      envFrom: [env, { name: 'common' }],
    });
    const dep = one(chart, 'Deployment');
    expect(dep.metadata.labels).toEqual({ app: 'rmq', tier: 'queue' });
    expect(dep.spec!.selector).toEqual({ matchLabels: { app: 'rmq' } });
    expect(dep.spec!.template.metadata.labels).toEqual({ app: 'rmq', tier: 'queue' });
    expect(dep.spec!.replicas).toBe(2);
    expect(dep.spec!.template.spec.containers[0]).toEqual({
      name: 'rmq',
      image: 'repo/rmq:1',
      imagePullPolicy: 'Always',
      ports: [{ name: 'amqp', containerPort: 5672, protocol: 'TCP' }, { name: 'metrics', containerPort: 15692, protocol: 'TCP' }],
      envFrom: [{ configMapRef: { name: 'rmq-env' } }, { configMapRef: { name: 'common' } }],
    });
  });

  it('renders resources, volumes with their mounts, probes, security contexts, account and pull secrets where Kubernetes reads them', () => {
    const chart = Testing.chart();
    new AfcDeployment(chart, 'd', {
      ...minimal,
      resources: { requests: { memory: '1Gi', cpu: 0.5 }, limits: { memory: '2Gi' } },
      volumes: [
        { name: 'pipe', mountPath: '/pipe', source: { hostPath: { path: '/tmp' } } },
        { name: 'data', mountPath: '/data', source: { persistentVolumeClaim: { claimName: 'data' } }, readOnly: true },
      ],
      livenessProbe: { tcpSocket: { port: 5672 } },
      readinessProbe: { exec: { command: ['true'] } },
      startupProbe: { periodSeconds: 2, tcpSocket: { port: 5672 } },
      serviceAccountName: 'afc',
      automountServiceAccountToken: false,
      podSecurityContext: { runAsUser: 1000 },
      containerSecurityContext: { readOnlyRootFilesystem: true },
      imagePullSecrets: [{ name: 'pull' }],
    });
    const pod = one(chart, 'Deployment').spec!.template.spec;
    expect(pod).toMatchObject({
      serviceAccountName: 'afc',
      automountServiceAccountToken: false,
      securityContext: { runAsUser: 1000 },
      imagePullSecrets: [{ name: 'pull' }],
      volumes: [
        { name: 'pipe', hostPath: { path: '/tmp' } },
        { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
      ],
    });
    expect(pod.containers[0]).toEqual({
      name: 'rmq',
      image: 'repo/rmq:1',
      resources: { requests: { memory: '1Gi', cpu: 0.5 }, limits: { memory: '2Gi' } },
      volumeMounts: [{ name: 'pipe', mountPath: '/pipe' }, { name: 'data', mountPath: '/data', readOnly: true }],
      livenessProbe: { tcpSocket: { port: 5672 } },
      readinessProbe: { exec: { command: ['true'] } },
      startupProbe: { periodSeconds: 2, tcpSocket: { port: 5672 } },
      securityContext: { readOnlyRootFilesystem: true },
    });
  });

  it('refuses labels that lack a selector label (its pods would not be selected)', () => {
    expect(() => new AfcDeployment(Testing.chart(), 'd', { ...minimal, labels: { app: 'other' } })).toThrow('workload "rmq": its labels lack the selector label app=rmq: add it, or its pods would not be selected');
  });

  it('turns a HelmExpr param into a placeholder of the field type, recorded in the chart', () => {
    const chart = Testing.chart();
    new AfcDeployment(chart, 'd', { ...minimal, replicas: HelmExpr.value('.r'), image: HelmExpr.value('.i'), imagePullSecrets: HelmExpr.value('.s') });
    const dep = one(chart, 'Deployment');
    const p = placeholdersOf(chart);
    expect(typeof dep.spec!.replicas).toBe('number');
    expect(p.tokenOfNumber(dep.spec!.replicas)).toMatch(/^AFCHELMTOKEN\d+X$/);
    expect(dep.spec!.template.spec.containers[0].image).toMatch(/^AFCHELMTOKEN\d+X$/);
    expect(dep.spec!.template.spec.imagePullSecrets).toMatch(/^AFCHELMTOKEN\d+X$/);
    expect(p.exprs.map((e) => e.text).sort()).toEqual(['.i', '.r', '.s']);
  });
});

describe('AfcStatefulSet alone', () => {
  const volumeClaim = { name: 'data', accessMode: 'ReadWriteOnce', mountPath: '/var/lib/data', resources: { requests: { storage: '1Gi' } } };

  it('renders its claim template, mounted after the volumes, and serviceName = its name', () => {
    const chart = Testing.chart();
    const s = new AfcStatefulSet(chart, 's', {
      ...minimal,
      name: 'ratdb',
      replicas: 1,
      volumes: [{ name: 'pipe', mountPath: '/pipe', source: { emptyDir: {} } }],
      volumeClaim,
    });
    const sts = one(chart, 'StatefulSet');
    expect(s).toMatchObject({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'ratdb' });
    expect(sts.metadata).toEqual({ name: 'ratdb', labels: selectorLabels, annotations: { 'kubectl.kubernetes.io/default-container': 'ratdb' } });
    expect(sts.spec).toMatchObject({ replicas: 1, serviceName: 'ratdb', selector: { matchLabels: selectorLabels } });
    expect(sts.spec!.volumeClaimTemplates).toEqual([
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    ]);
    expect(sts.spec!.template.spec.containers[0].volumeMounts).toEqual([
      { name: 'pipe', mountPath: '/pipe' },
      { name: 'data', mountPath: '/var/lib/data' },
    ]);
    expect(sts.spec!.template.spec.volumes).toEqual([{ name: 'pipe', emptyDir: {} }]);
  });

  it('takes another serviceName when given, and renders a claim template without resources', () => {
    const chart = Testing.chart();
    new AfcStatefulSet(chart, 's', { ...minimal, serviceName: 'db-headless', volumeClaim: { name: 'data', accessMode: 'ReadWriteOncePod', mountPath: '/d' } });
    const sts = one(chart, 'StatefulSet');
    expect(sts.spec!.serviceName).toBe('db-headless');
    expect(sts.spec!.volumeClaimTemplates).toEqual([{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOncePod'] } }]);
  });
});

describe('AfcService alone', () => {
  const ports = [
    { name: 'http', port: 80, targetPort: 8080, nodePort: 30080 },
    { name: 'status', port: 8080 },
  ];

  it('selects the workload given, and adds the headless twin (clusterIP None, no protocol, no nodePort) when asked', () => {
    const chart = Testing.chart();
    const workload = new AfcDeployment(chart, 'd', minimal);
    const svc = new AfcService(chart, 'svc', { name: 'rmq', labels: { app: 'rmq', x: 'y' }, selector: workload, type: 'NodePort', ports, headless: true });
    const services = only(synthOf(chart), 'Service');
    expect(svc.name).toBe('rmq');
    expect(services.map((s) => s.metadata)).toEqual([
      { name: 'rmq-headless', labels: { app: 'rmq', x: 'y' } },
      { name: 'rmq', labels: { app: 'rmq', x: 'y' } },
    ]);
    expect(services[0]!.spec).toEqual({
      clusterIP: 'None',
      selector: { app: 'rmq' },
      ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'status', port: 8080 }],
    });
    expect(services[1]!.spec).toEqual({
      type: 'NodePort',
      selector: { app: 'rmq' },
      ports: [
        { name: 'http', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' },
        { name: 'status', port: 8080, protocol: 'TCP' },
      ],
    });
  });

  it('selects pods run by someone else, in its own namespace, with a load balancer address', () => {
    const chart = Testing.chart();
    new AfcService(chart, 'svc', { name: 'prometheus', namespace: 'monitoring', selector: { selectorLabels: { prometheus: 'main' } }, type: 'LoadBalancer', loadBalancerIP: '10.0.0.1', ports: [{ name: 'web', port: 9090 }] });
    expect(one(chart, 'Service')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'prometheus', namespace: 'monitoring' },
      spec: { type: 'LoadBalancer', loadBalancerIP: '10.0.0.1', selector: { prometheus: 'main' }, ports: [{ name: 'web', port: 9090, protocol: 'TCP' }] },
    });
  });

  it('records its Guard for the Helm writer on both objects, and carries no annotation for it', () => {
    const chart = Testing.chart();
    const guard = new Guard('eq .x "NodePort"');
    const svc = new AfcService(chart, 'svc', { name: 'p', selector: { selectorLabels: { a: 'b' } }, ports, headless: true, condition: guard });
    for (const obj of synthOf(chart)) expect(obj.metadata).not.toHaveProperty('annotations');
    expect(placeholdersOf(chart).guardOf(svc.node.findChild('Resource') as never)).toBe(guard);
    expect(placeholdersOf(chart).guardOf(svc.node.findChild('Headless') as never)).toBe(guard);
  });
});

describe('the constructs that refer to a workload, alone', () => {
  it('AfcHorizontalPodAutoscaler scales the workload given, with its one metric, labelled like it unless told', () => {
    const chart = Testing.chart();
    const target = new AfcDeployment(chart, 'd', { ...minimal, labels: { app: 'rmq', l: '1' } });
    const metric = { external: { metric: { name: 'm' }, target: { type: 'Value', value: 1 } } };
    new AfcHorizontalPodAutoscaler(chart, 'hpa', { target, minReplicas: 1, maxReplicas: 4, metricType: 'External', metric, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } });
    const h = one(chart, 'HorizontalPodAutoscaler');
    expect(h.metadata).toEqual({ name: 'rmq', labels: { app: 'rmq', l: '1' } });
    expect(h.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'rmq' },
      minReplicas: 1,
      maxReplicas: 4,
      metrics: [{ type: 'External', ...metric }],
      behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
    });
    const other = Testing.chart();
    new AfcHorizontalPodAutoscaler(other, 'hpa', { target, labels: { own: 'x' }, maxReplicas: 2, metricType: 'Resource', metric: { resource: { name: 'cpu' } } });
    const h2 = one(other, 'HorizontalPodAutoscaler');
    expect(h2.metadata.labels).toEqual({ own: 'x' });
    expect(h2.spec).not.toHaveProperty('minReplicas');
    expect(h2.spec).not.toHaveProperty('behavior');
  });

  it('AfcPodMonitor scrapes a named port of the workload pods, labelled like the workload unless told', () => {
    const chart = Testing.chart();
    const workload = new AfcDeployment(chart, 'd', { ...minimal, labels: { app: 'rmq', l: '1' } });
    new AfcPodMonitor(chart, 'pm', { workload, port: 'metrics', endpoint: { path: '/metrics', port: 'ignored' } });
    const pm = one(chart, 'PodMonitor');
    expect(pm.metadata).toEqual({ name: 'rmq', labels: { app: 'rmq', l: '1' } });
    expect(pm.spec).toEqual({ selector: { matchLabels: selectorLabels }, podMetricsEndpoints: [{ path: '/metrics', port: 'metrics' }] });
    const other = Testing.chart();
    new AfcPodMonitor(other, 'pm', { workload, port: 'http', labels: { own: 'x' } });
    expect(one(other, 'PodMonitor')).toMatchObject({ metadata: { labels: { own: 'x' } }, spec: { podMetricsEndpoints: [{ port: 'http' }] } });
  });
});

describe('the other constructs alone', () => {
  it('AfcConfigMap renders one ConfigMap with its data and labels', () => {
    const chart = Testing.chart();
    const cm = new AfcConfigMap(chart, 'cm', { name: 'worker', labels: { a: 'b' }, data: { A: '1', B: '' } });
    expect(cm.name).toBe('worker');
    expect(synthOf(chart)).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'worker', labels: { a: 'b' } }, data: { A: '1', B: '' } }]);
  });

  it('AfcPersistentVolumeClaim renders a kept claim of the size given, class and volume only when set', () => {
    const chart = Testing.chart();
    new AfcPersistentVolumeClaim(chart, 'pvc', { name: 'rat-transfer', labels: { a: 'b' }, accessMode: 'ReadOnlyMany', storage: '10Gi', storageClassName: '', volumeName: 'pv1' });
    new AfcPersistentVolumeClaim(chart, 'pvc2', { name: 'pipe', accessMode: 'ReadWriteMany', storage: 1024 });
    const [a, b] = only(synthOf(chart), 'PersistentVolumeClaim');
    expect(a).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'rat-transfer', labels: { a: 'b' }, annotations: { 'helm.sh/resource-policy': 'keep' } },
      spec: { accessModes: ['ReadOnlyMany'], storageClassName: '', volumeName: 'pv1', resources: { requests: { storage: '10Gi' } } },
    });
    expect(b!.spec).toEqual({ accessModes: ['ReadWriteMany'], resources: { requests: { storage: 1024 } } });
  });

  it('AfcServiceMonitor renders the spec given verbatim', () => {
    const chart = Testing.chart();
    new AfcServiceMonitor(chart, 'sm', { name: 'kubelet', labels: { app: 'kubelet' }, spec: { jobLabel: 'kubelet', endpoints: [{ port: 'https-metrics' }] } });
    expect(synthOf(chart)).toEqual([
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: 'kubelet', labels: { app: 'kubelet' } },
        spec: { jobLabel: 'kubelet', endpoints: [{ port: 'https-metrics' }] },
      },
    ]);
  });

  it('AfcPrometheus renders the Prometheus with its account, cluster role and binding', () => {
    const chart = Testing.chart();
    const p = new AfcPrometheus(chart, 'prom', { namespace: 'mon', replicas: 1 });
    const objs = synthOf(chart);
    expect(objs.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Prometheus', 'ServiceAccount']);
    expect(p.replicas).toBe(1);
    expect(objs.find((o) => o.kind === 'Prometheus')).toMatchObject({ metadata: { namespace: 'mon' }, spec: { replicas: 1 } });
  });
});

describe('AfcNetworkPolicies alone', () => {
  const release = (chart: Chart): ReleaseLabelSet =>
    new ReleaseLabelSet(chart, { appName: 'app', instance: 'r1', managedBy: 'afc', chart: 'app-1', version: 'v1' });
  const sel = (component: string) => ({ 'app.kubernetes.io/name': 'app', 'app.kubernetes.io/instance': 'r1', 'app.kubernetes.io/component': component });

  it('renders the default deny of the release and a policy per component from its rules, selecting pods by the label set', () => {
    const chart = Testing.chart();
    const np = new AfcNetworkPolicies(chart, 'np', {
      labels: release(chart),
      components: [
        {
          component: 'db',
          ingress: [{ peer: { kind: 'component', component: 'api' }, ports: [{ protocol: 'TCP', port: 5432 }] }],
          egress: undefined,
          outside: undefined,
        },
        { component: 'quiet', ingress: [], egress: undefined, outside: undefined },
      ],
    });
    const objs = only(synthOf(chart), 'NetworkPolicy');
    expect(np.defaultDenyName).toBe('app-default-deny');
    expect(objs.map((o) => o.metadata.name)).toEqual(['app-default-deny', 'db']);
    expect(objs[0]!.spec).toEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'app', 'app.kubernetes.io/instance': 'r1' } }, policyTypes: ['Ingress'] });
    expect(objs[0]!.metadata.labels).not.toHaveProperty(['app.kubernetes.io/component']);
    expect(objs[1]!.metadata.labels).toMatchObject({ 'app.kubernetes.io/component': 'db' });
    expect(objs[1]!.spec).toEqual({
      podSelector: { matchLabels: sel('db') },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: sel('api') } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
    });
  });

  it('restricts egress when asked, admits outside traffic under its own condition, and guards the rest with the condition', () => {
    const chart = Testing.chart();
    const on = new Guard('.Values.np');
    const outside = new Guard('ne .type "ClusterIP"');
    const np = new AfcNetworkPolicies(chart, 'np', {
      labels: release(chart),
      egress: true,
      condition: on,
      components: [
        {
          component: 'web',
          ingress: [],
          egress: [
            { peer: { kind: 'pods', namespace: 'kube-system', selector: { 'k8s-app': 'kube-dns' } }, ports: [{ protocol: 'UDP', port: 53 }] },
            { peer: { kind: 'namespace', namespace: 'monitoring' }, ports: [{ protocol: 'TCP', port: 9090 }] },
            { peer: { kind: 'cidr', cidr: '10.0.0.0/8' }, ports: [{ protocol: 'TCP', port: 443 }] },
          ],
          outside: { ports: [{ protocol: 'TCP', port: 80 }], exists: outside },
        },
      ],
    });
    const objs = only(synthOf(chart), 'NetworkPolicy');
    expect(objs.map((o) => o.metadata.name)).toEqual(['app-default-deny', 'web', 'web-outside']);
    expect(objs[0]!.spec!.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(objs[1]!.spec).toEqual({
      podSelector: { matchLabels: sel('web') },
      policyTypes: ['Ingress', 'Egress'],
      egress: [
        { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }] },
        { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 9090 }] },
        { to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ protocol: 'TCP', port: 443 }] },
      ],
    });
    expect(objs[2]!.spec).toEqual({
      podSelector: { matchLabels: sel('web') },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }], ports: [{ protocol: 'TCP', port: 80 }] }],
    });
    const guardOf = (id: string) => placeholdersOf(chart).guardOf(np.node.findChild(id) as never);
    expect([guardOf('default-deny'), guardOf('web'), guardOf('web-outside')]).toEqual([on, on, outside]);
  });
});

describe('AfcChart', () => {
  const http: ResolvedPort = { key: 'http', name: 'http', servicePort: 80, containerPort: 8080, targetPort: 8080, nodePort: undefined };
  const component: ResolvedComponent = {
    key: 'rmq',
    name: 'rmq',
    host: 'rmq',
    kind: 'Deployment',
    image: 'repo/rmq:1',
    imagePullPolicy: 'IfNotPresent',
    replicas: 2,
    serviceAccount: undefined,
    podSecurityContext: undefined,
    containerSecurityContext: undefined,
    automountServiceAccountToken: undefined,
    probes: { liveness: undefined, readiness: undefined, startup: undefined },
    imagePullSecrets: undefined,
    envFrom: ['rmq-env'],
    ports: [http],
    resources: undefined,
    volumes: [],
    pvc: undefined,
    service: { name: 'rmq', namespace: undefined, type: 'ClusterIP', loadBalancerIP: undefined, externalSelector: undefined, ports: [http] },
    metrics: undefined,
    hpa: undefined,
  };
  const app: ResolvedApp = {
    appName: 'afc-int',
    chart: { name: 'afc-int', version: '0.0.0', appVersion: 'v1' },
    releaseLabels: { instance: 'r1', managedBy: 'afc', chart: 'afc-int-0.0.0', version: 'v1' },
    components: [component],
    configMaps: [{ key: 'dispatcher', name: 'rmq-env', data: {} }],
    volumeClaims: [],
    serviceMonitor: { name: 'kubelet', component: 'cadvisor', extraLabels: { app: 'kubelet' }, spec: { jobLabel: 'kubelet' } },
  };

  it('builds a component workload, its Service and its ConfigMaps from a resolved app', () => {
    const chart = new AfcChart(Testing.app(), 'afc', { app });
    const kinds = (chart.toJson() as Obj[]).map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(kinds).toEqual(['ConfigMap/rmq-env', 'Deployment/rmq', 'Service/rmq', 'ServiceMonitor/kubelet']);
  });
});
