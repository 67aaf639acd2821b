/**
 * Every construct built alone in a bare chart (`Testing.chart()`), from hand-written props: what it
 * renders depends on its props only, not on the pipeline (the pipeline tests are beside this file).
 */
import { Testing, type Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AfcHorizontalPodAutoscaler } from '../../src/constructs/horizontal-pod-autoscaler.js';
import { AfcChart } from '../../src/constructs/afc-chart.js';
import { AfcDeployment } from '../../src/constructs/deployment.js';
import { AfcConfigMap } from '../../src/constructs/config-map.js';
import { ReleaseLabelSet } from '../../src/constructs/labels.js';
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
type Obj = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: Record<string, any>; data?: unknown };

const http: ResolvedPort = { key: 'http', name: 'http', servicePort: 80, containerPort: 8080, targetPort: 8080, nodePort: undefined };

const component = (over: Partial<ResolvedComponent> = {}): ResolvedComponent => ({
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
  envFrom: [],
  ports: [http],
  resources: undefined,
  volumes: [],
  pvc: undefined,
  service: undefined,
  metrics: undefined,
  hpa: undefined,
  ...over,
});

const app = (components: ResolvedComponent[] = []): ResolvedApp => ({
  appName: 'afc-int',
  chart: { name: 'afc-int', version: '0.0.0', appVersion: 'v1' },
  releaseLabels: { instance: 'r1', managedBy: 'afc', chart: 'afc-int-0.0.0', version: 'v1' },
  components,
  configMaps: [],
  volumeClaims: [],
  serviceMonitor: { name: 'kubelet', component: 'cadvisor', extraLabels: { app: 'kubelet' }, spec: { jobLabel: 'kubelet' } },
});

const labels = (chart: Chart): ReleaseLabelSet => new ReleaseLabelSet(chart, app());

const only = (objs: Obj[], kind: string): Obj[] => objs.filter((o) => o.kind === kind);

describe('each construct alone in a bare chart', () => {
  it('AfcConfigMap renders one ConfigMap with its data and the app labels (no component label)', () => {
    const chart = Testing.chart();
    const cm = new AfcConfigMap(chart, 'cm', { labels: labels(chart), name: 'worker', data: { A: '1' } });
    const [obj] = Testing.synth(chart) as Obj[];
    expect(cm.name).toBe('worker');
    expect(obj).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'worker' }, data: { A: '1' } });
    expect(obj!.metadata.labels).toEqual({
      'helm.sh/chart': 'afc-int-0.0.0',
      'app.kubernetes.io/name': 'afc-int',
      'app.kubernetes.io/instance': 'r1',
      'app.kubernetes.io/version': 'v1',
      'app.kubernetes.io/managed-by': 'afc',
    });
  });

  it('AfcDeployment renders one Deployment: replicas, image, selector, envFrom of the ConfigMaps given', () => {
    const chart = Testing.chart();
    const env = new AfcConfigMap(chart, 'cm', { labels: labels(chart), name: 'rmq-env', data: {} });
    const d = new AfcDeployment(chart, 'd', { labels: labels(chart), component: component(), env: [env] });
    const [dep] = only(Testing.synth(chart) as Obj[], 'Deployment');
    expect(d.selectorLabels).toEqual({ 'app.kubernetes.io/name': 'afc-int', 'app.kubernetes.io/instance': 'r1', 'app.kubernetes.io/component': 'rmq' });
    expect(dep!.spec!.replicas).toBe(2);
    expect(dep!.spec!.selector.matchLabels).toEqual(d.selectorLabels);
    const container = dep!.spec!.template.spec.containers[0];
    expect(container).toMatchObject({ name: 'rmq', image: 'repo/rmq:1', envFrom: [{ configMapRef: { name: 'rmq-env' } }] });
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
  });

  it('AfcStatefulSet renders its claim template and refuses a component without a pvc', () => {
    const chart = Testing.chart();
    const pvc = { name: 'data', accessMode: 'ReadWriteOnce', mountPath: '/data', resources: { requests: { storage: '1Gi' } } };
    new AfcStatefulSet(chart, 's', { labels: labels(chart), component: component({ kind: 'StatefulSet', pvc }) });
    const [sts] = only(Testing.synth(chart) as Obj[], 'StatefulSet');
    expect(sts!.spec!.serviceName).toBe('rmq');
    expect(sts!.spec!.volumeClaimTemplates).toEqual([{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }]);
    expect(sts!.spec!.template.spec.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    expect(() => new AfcStatefulSet(chart, 's2', { labels: labels(chart), component: component({ kind: 'StatefulSet' }) })).toThrow(/without a pvc/);
  });

  it('AfcService selects the workload given, and adds the headless twin when asked', () => {
    const chart = Testing.chart();
    const workload = new AfcDeployment(chart, 'd', { labels: labels(chart), component: component() });
    const service = { name: 'rmq', namespace: undefined, type: 'NodePort', loadBalancerIP: undefined, externalSelector: undefined, ports: [{ ...http, nodePort: 30080 }] };
    new AfcService(chart, 'svc', { labels: labels(chart), service, component: 'rmq', workload, headless: true });
    const services = only(Testing.synth(chart) as Obj[], 'Service');
    expect(services.map((s) => s.metadata.name).sort()).toEqual(['rmq', 'rmq-headless']);
    const main = services.find((s) => s.metadata.name === 'rmq')!;
    expect(main.spec).toMatchObject({ type: 'NodePort', selector: workload.selectorLabels, ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }] });
    expect(services.find((s) => s.metadata.name === 'rmq-headless')!.spec).toMatchObject({ clusterIP: 'None', ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
    expect(() => new AfcService(chart, 'x', { labels: labels(chart), service, component: 'rmq' })).toThrow(/needs a workload or an external selector/);
  });

  it('AfcService records its Guard for the Helm writer, and carries no annotation for it', () => {
    const chart = Testing.chart();
    const guard = new Guard('eq .x "NodePort"');
    const service = { name: 'p', namespace: 'monitoring', type: 'NodePort', loadBalancerIP: undefined, externalSelector: { prometheus: 'main' }, ports: [http] };
    const svc = new AfcService(chart, 'svc', { labels: labels(chart), service, component: 'prometheus', condition: guard });
    const [obj] = Testing.synth(chart) as Obj[];
    expect(obj!.metadata).not.toHaveProperty('annotations');
    const apiObject = svc.node.findChild('Resource');
    expect(placeholdersOf(chart).guardOf(apiObject as never)).toBe(guard);
  });

  it('AfcHorizontalPodAutoscaler scales the Deployment given, with its one metric', () => {
    const chart = Testing.chart();
    const hpa = { minReplicas: 1, maxReplicas: 4, metricType: 'External', metric: { external: { metric: { name: 'm' }, target: { type: 'Value', value: 1 } } }, behavior: undefined };
    const target = new AfcDeployment(chart, 'd', { labels: labels(chart), component: component({ hpa }) });
    new AfcHorizontalPodAutoscaler(chart, 'hpa', { labels: labels(chart), target });
    const [h] = only(Testing.synth(chart) as Obj[], 'HorizontalPodAutoscaler');
    expect(h!.spec).toMatchObject({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'rmq' }, minReplicas: 1, maxReplicas: 4, metrics: [{ type: 'External', ...hpa.metric }] });
  });

  it('AfcPodMonitor scrapes a named port of the workload, and refuses a port it does not have', () => {
    const chart = Testing.chart();
    const workload = new AfcDeployment(chart, 'd', { labels: labels(chart), component: component() });
    new AfcPodMonitor(chart, 'pm', { labels: labels(chart), workload, port: workload.component.ports[0]!, endpoint: { path: '/metrics' } });
    const [pm] = only(Testing.synth(chart) as Obj[], 'PodMonitor');
    expect(pm!.spec).toEqual({ selector: { matchLabels: workload.selectorLabels }, podMetricsEndpoints: [{ path: '/metrics', port: 'http' }] });
    expect(() => new AfcPodMonitor(chart, 'pm2', { labels: labels(chart), workload, port: { ...http } })).toThrow(/is not a port of that workload/);
  });

  it('AfcServiceMonitor renders the kubelet ServiceMonitor labelled as component cadvisor', () => {
    const chart = Testing.chart();
    new AfcServiceMonitor(chart, 'sm', { labels: labels(chart), monitor: app().serviceMonitor });
    const [sm] = Testing.synth(chart) as Obj[];
    expect(sm).toMatchObject({ kind: 'ServiceMonitor', metadata: { name: 'kubelet', labels: { app: 'kubelet', 'app.kubernetes.io/component': 'cadvisor' } }, spec: { jobLabel: 'kubelet' } });
  });

  it('AfcPersistentVolumeClaim renders a kept PersistentVolumeClaim of the size given', () => {
    const chart = Testing.chart();
    new AfcPersistentVolumeClaim(chart, 'pvc', { labels: labels(chart), claim: { key: 'rat_transfer', name: 'rat-transfer', accessMode: 'ReadOnlyMany', storage: '10Gi', storageClassName: undefined, volumeName: undefined } });
    const [pvc] = Testing.synth(chart) as Obj[];
    expect(pvc).toMatchObject({ kind: 'PersistentVolumeClaim', metadata: { name: 'rat-transfer', annotations: { 'helm.sh/resource-policy': 'keep' } }, spec: { accessModes: ['ReadOnlyMany'], resources: { requests: { storage: '10Gi' } } } });
  });

  it('AfcPrometheus renders the Prometheus with its account, cluster role and binding', () => {
    const chart = Testing.chart();
    const p = new AfcPrometheus(chart, 'prom', { namespace: 'mon', replicas: 1 });
    const objs = Testing.synth(chart) as Obj[];
    expect(objs.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Prometheus', 'ServiceAccount']);
    expect(p.replicas).toBe(1);
    expect(objs.find((o) => o.kind === 'Prometheus')).toMatchObject({ metadata: { namespace: 'mon' }, spec: { replicas: 1 } });
  });

  it('AfcChart builds a component workload, its Service and its ConfigMaps from a resolved app', () => {
    const a = { ...app([component({ envFrom: ['rmq-env'], service: { name: 'rmq', namespace: undefined, type: 'ClusterIP', loadBalancerIP: undefined, externalSelector: undefined, ports: [http] } })]), configMaps: [{ key: 'dispatcher' as const, name: 'rmq-env', data: {} }] };
    const chart = new AfcChart(Testing.app(), 'afc', { app: a });
    const kinds = (chart.toJson() as Obj[]).map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(kinds).toEqual(['ConfigMap/rmq-env', 'Deployment/rmq', 'Service/rmq', 'ServiceMonitor/kubelet']);
  });

  it('a HelmExpr param becomes a placeholder of the field type, recorded in the chart', () => {
    const chart = Testing.chart();
    new AfcDeployment(chart, 'd', { labels: labels(chart), component: component({ replicas: HelmExpr.value('.r'), image: HelmExpr.value('.i') }) });
    const [dep] = only(Testing.synth(chart) as Obj[], 'Deployment');
    const p = placeholdersOf(chart);
    expect(typeof dep!.spec!.replicas).toBe('number');
    expect(p.tokenOfNumber(dep!.spec!.replicas)).toMatch(/^AFCHELMTOKEN\d+X$/);
    expect(dep!.spec!.template.spec.containers[0].image).toMatch(/^AFCHELMTOKEN\d+X$/);
    expect(p.exprs.map((e) => e.text).sort()).toEqual(['.i', '.r']);
  });
});
