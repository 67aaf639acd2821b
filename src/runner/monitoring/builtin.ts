/**
 * The built-in manifests and values files that the cluster config names (`manifest_builtin`,
 * `helm_builtin_values`), written into a folder for `kubectl create -f` and `helm install --values`.
 * One YAML file per object, named `<kind>-<name>.yaml` like the original helm/monitoring files.
 */
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { AfcPrometheus } from '../../constructs/prometheus.js';
import { prometheusAdapterValues } from '../../model/defaults/monitoring.js';
import { writeFiles } from '../../synth/atomic.js';
import { libraryYaml as yamlText } from '../../kit/yaml.js';
import type { BUILTIN_MANIFESTS, BUILTIN_VALUES } from '../config.js';

export type BuiltinManifests = (typeof BUILTIN_MANIFESTS)[number];
export type BuiltinValues = (typeof BUILTIN_VALUES)[number];

type Obj = { kind: string; metadata: { name: string } };

/** The objects of a built-in manifest set. */
export function builtinObjects(name: BuiltinManifests): Obj[] {
  const app = new App({ outdir: '/nonexistent' });
  const chart = new Chart(app, name, { disableResourceNameHashes: true });
  switch (name) {
    case 'prometheus':
      new AfcPrometheus(chart, 'prometheus');
      break;
  }
  return chart.toJson() as Obj[];
}

/** Writes a built-in manifest set into `dir/<name>/` and returns that folder. */
/** The folder `writeBuiltinManifests` writes into `dir`. */
export const builtinManifestsPath = (name: BuiltinManifests, dir: string): string => join(dir, name);

export function writeBuiltinManifests(name: BuiltinManifests, dir: string): string {
  const out = builtinManifestsPath(name, dir);
  writeFiles(out, new Map(builtinObjects(name).map((obj) => [`${obj.kind.toLowerCase()}-${obj.metadata.name}.yaml`, yamlText(obj)])));
  return out;
}

const VALUES: Readonly<Record<BuiltinValues, unknown>> = { prometheus_adapter: prometheusAdapterValues };

/** The file `writeBuiltinValues` writes into `dir`. */
export const builtinValuesPath = (name: BuiltinValues, dir: string): string => join(dir, `values-${name}.yaml`);

/** Writes a built-in values file as `dir/values-<name>.yaml` and returns its path. */
export function writeBuiltinValues(name: BuiltinValues, dir: string): string {
  writeFiles(dir, new Map([[`values-${name}.yaml`, yamlText(VALUES[name])]]));
  return builtinValuesPath(name, dir);
}

/**
 * The Ingress that exposes Prometheus at /prometheus through ingress-nginx: upstream's
 * helm/monitoring/prometheus_ingress/prometheus-ingress.yaml (1.0.1.0 to main), as an object.
 */
export function prometheusIngressObject(): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'prometheus-ingress', labels: { 'app.kubernetes.io/name': 'prometheus-ingress' } },
    spec: {
      ingressClassName: 'nginx',
      rules: [{ http: { paths: [{ path: '/prometheus', pathType: 'Prefix', backend: { service: { name: 'prometheus-operated', port: { number: 9090 } } } }] } }],
    },
  } as Obj;
}

/** Writes the prometheus Ingress into `dir/prometheus-ingress/` and returns that folder. */
export function writePrometheusIngress(dir: string): string {
  const out = join(dir, 'prometheus-ingress');
  const obj = prometheusIngressObject();
  writeFiles(out, new Map([[`${obj.kind.toLowerCase()}-${obj.metadata.name}.yaml`, yamlText(obj)]]));
  return out;
}
