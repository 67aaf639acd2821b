/**
 * The built-in manifests and values files that the cluster config names (`manifest_builtin`,
 * `helm_builtin_values`), written into a folder for `kubectl create -f` and `helm install --values`.
 * One YAML file per object, named `<kind>-<name>.yaml` like the original helm/monitoring files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { stringify } from 'yaml';
import type { BUILTIN_MANIFESTS, BUILTIN_VALUES } from '../config.js';
import { prometheusAdapterValues } from './defaults.js';
import { PrometheusMonitoring } from './prometheus.js';

export type BuiltinManifests = (typeof BUILTIN_MANIFESTS)[number];
export type BuiltinValues = (typeof BUILTIN_VALUES)[number];

type Obj = { kind: string; metadata: { name: string } };

const yamlText = (o: unknown): string => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false });

/** The objects of a built-in manifest set. */
export function builtinObjects(name: BuiltinManifests): Obj[] {
  const app = new App({ outdir: '/nonexistent' });
  const chart = new Chart(app, name, { disableResourceNameHashes: true });
  switch (name) {
    case 'prometheus':
      new PrometheusMonitoring(chart, 'prometheus');
      break;
  }
  return chart.toJson() as Obj[];
}

/** Writes a built-in manifest set into `dir/<name>/` and returns that folder. */
export function writeBuiltinManifests(name: BuiltinManifests, dir: string): string {
  const out = join(dir, name);
  mkdirSync(out, { recursive: true });
  for (const obj of builtinObjects(name)) {
    writeFileSync(join(out, `${obj.kind.toLowerCase()}-${obj.metadata.name}.yaml`), yamlText(obj));
  }
  return out;
}

const VALUES: Readonly<Record<BuiltinValues, unknown>> = { prometheus_adapter: prometheusAdapterValues };

/** Writes a built-in values file as `dir/values-<name>.yaml` and returns its path. */
export function writeBuiltinValues(name: BuiltinValues, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `values-${name}.yaml`);
  writeFileSync(file, yamlText(VALUES[name]));
  return file;
}
