/** Test helpers: synthesize plain objects for given inputs and pick objects out of them. */
import { synthPlainObjects, type SynthOptions } from '../../src/synth/plain.js';
import type { K8sObject } from '../../src/kit/objects.js';

export const synth = (opts: SynthOptions = {}): K8sObject[] => synthPlainObjects(opts);

export function find(objects: readonly K8sObject[], kind: string, name: string, namespace?: string): K8sObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name && x.metadata.namespace === namespace);
  if (!o) throw new Error(`no ${kind} ${name} among ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
}

export const names = (objects: readonly K8sObject[], kind: string): string[] =>
  objects.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();

/** Property path access for assertions: at(obj, 'spec.template.spec.containers.0.image'). */
export function at(obj: unknown, path: string): unknown {
  let node = obj;
  for (const key of path.split('.')) node = node === undefined || node === null ? undefined : (node as Record<string, unknown>)[key];
  return node;
}
