/**
 * kubeObject's ApiObject serializes without cdk8s's token resolution (raw.ts). It must give exactly
 * what cdk8s's ApiObject.toJson gives: compared, keys in order, on every object of every platform
 * combination (plain and Helm runtime, with a namespace), and for the ConfigMap and Service built from
 * the generated converters instead of the generated classes.
 */
import { ApiObject, App, Chart, Lazy, type IResolver, type ResolutionContext } from 'cdk8s';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinPlatforms } from '../../platforms/index.js';
import { AfcChart } from '../../src/constructs/afc-chart.js';
import { kubeObject } from '../../src/constructs/raw.js';
import { literalRuntime, resolveApp, resolveValues } from '../../src/model/index.js';
import { platformCombinations } from '../../src/synth/command.js';
import { helmRuntime } from '../../src/synth/helm/runtime.js';

const combos = [...platformCombinations(['k3d', 'gcp', 'http', 'no_secrets']), ['minikube']];

const apiObjects = (chart: Chart): ApiObject[] => chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
const cdk8sJson = (o: ApiObject): string => JSON.stringify(ApiObject.prototype.toJson.call(o));

describe('kubeObject serialization', () => {
  // One test sets it; files share the process (vitest isolate: false): put back what was there before.
  const disableSort = process.env.CDK8S_DISABLE_SORT;
  afterEach(() => {
    if (disableSort === undefined) delete process.env.CDK8S_DISABLE_SORT;
    else process.env.CDK8S_DISABLE_SORT = disableSort;
  });

  it('equals ApiObject.toJson on every object, for every platform combination, plain and Helm', () => {
    let compared = 0;
    for (const platforms of combos) {
      const values = resolveValues({ platforms }, builtinPlatforms);
      const runtimes = [literalRuntime({ release: 'afc', chart: values.chart! }), helmRuntime(values)];
      for (const [i, runtime] of runtimes.entries()) {
        const chart = new AfcChart(new App(), 'afc', { app: resolveApp(values, runtime), namespace: i === 0 ? 'ns' : undefined });
        for (const o of apiObjects(chart)) {
          expect([o.node.path, JSON.stringify(o.toJson())]).toEqual([o.node.path, cdk8sJson(o)]);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1500);
  });

  it('builds the ConfigMap and Services the generated classes build', () => {
    const chart = new Chart(new App(), 'c', { disableResourceNameHashes: true });
    const cm = { metadata: { name: 'cm', labels: { a: 'b' } }, data: { B: '2', A: '1' } };
    const svc: k8s.KubeServiceProps = {
      metadata: { name: 'svc', namespace: 'monitoring', labels: { x: 'y' }, annotations: { k: 'v' } },
      spec: {
        type: 'NodePort',
        loadBalancerIp: '10.0.0.1',
        selector: { app: 'a' },
        ports: [{ name: 'http', port: 80, targetPort: k8s.IntOrString.fromNumber(8080), nodePort: 30080, protocol: 'TCP' }],
      },
    };
    const headless: k8s.KubeServiceProps = { metadata: { name: 'h' }, spec: { clusterIp: 'None', selector: { app: 'a' }, ports: [{ name: 'db', port: 5432 }] } };
    const pairs: [ApiObject, ApiObject][] = [
      [new k8s.KubeConfigMap(chart, 'cm1', cm), kubeObject(chart, 'cm2', k8s.KubeConfigMap.GVK, k8s.toJson_KubeConfigMapProps, cm)],
      [new k8s.KubeService(chart, 's1', svc), kubeObject(chart, 's2', k8s.KubeService.GVK, k8s.toJson_KubeServiceProps, svc)],
      [new k8s.KubeService(chart, 'h1', headless), kubeObject(chart, 'h2', k8s.KubeService.GVK, k8s.toJson_KubeServiceProps, headless)],
    ];
    for (const [generated, raw] of pairs) expect(JSON.stringify(raw.toJson())).toBe(JSON.stringify(generated.toJson()));
  });

  it("leaves to cdk8s what it would resolve or reject: tokens, class instances, custom resolvers, CDK8S_DISABLE_SORT", () => {
    const props = { metadata: { name: 'x' }, data: { z: '1', a: '2' } };
    const toJson = (p: Record<string, unknown>): Record<string, unknown> => p;
    const gvk = { apiVersion: 'v1', kind: 'ConfigMap' };

    const lazy = kubeObject(new Chart(new App(), 'c'), 'o', gvk, toJson, { ...props, data: { a: Lazy.any({ produce: () => 'resolved' }) } });
    expect(lazy.toJson()).toEqual({ ...gvk, metadata: { name: 'x' }, data: { a: 'resolved' } });
    expect(JSON.stringify(lazy.toJson())).toBe(cdk8sJson(lazy));

    const date = kubeObject(new Chart(new App(), 'c'), 'o', gvk, toJson, { ...props, data: { when: new Date(0) } });
    expect(() => date.toJson()).toThrow(/non-simple object of type 'Date'/);

    const upper: IResolver = { resolve: (ctx: ResolutionContext) => (typeof ctx.value === 'string' && ctx.value !== ctx.value.toUpperCase() ? ctx.replaceValue(ctx.value.toUpperCase()) : undefined) };
    const custom = kubeObject(new Chart(new App({ resolvers: [upper] }), 'c'), 'o', gvk, toJson, props);
    expect((custom.toJson() as { data: unknown }).data).toEqual({ a: '2', z: '1' });
    expect((custom.toJson() as { metadata: { name: string } }).metadata.name).toBe('X');

    process.env.CDK8S_DISABLE_SORT = '1';
    const unsorted = kubeObject(new Chart(new App(), 'c'), 'o', gvk, toJson, props);
    expect(Object.keys((unsorted.toJson() as { data: object }).data)).toEqual(['z', 'a']);
  });

  it('applies the fragments as JSON patches after sorting, as cdk8s does', () => {
    const o = kubeObject(new Chart(new App(), 'c'), 'o', { apiVersion: 'v1', kind: 'X' }, (p: Record<string, unknown>) => p, { metadata: { name: 'x' }, spec: { b: 1, a: null } }, {
      '/spec/frag': { z: 1, y: { q: null, p: undefined } },
    });
    expect(JSON.stringify(o.toJson())).toBe(cdk8sJson(o));
    expect(JSON.stringify(o.toJson())).toBe('{"apiVersion":"v1","kind":"X","metadata":{"name":"x"},"spec":{"b":1,"frag":{"z":1,"y":{"q":null}}}}');
  });
});
