/**
 * Semantic comparison of Kubernetes manifests: objects keyed by apiVersion/kind/namespace/name; key
 * order, the order of named lists (volumes, ports, containers...), null values and (optionally) the
 * managed-by label ignored.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

export type Obj = Record<string, unknown>;

export function parseStream(text: string): Obj[] {
  return parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length > 0) throw new Error(`YAML error: ${d.errors[0]!.message}`);
      return d.toJS() as unknown;
    })
    .filter((o): o is Obj => typeof o === 'object' && o !== null);
}

export const readStream = (file: string): Obj[] => parseStream(readFileSync(file, 'utf8'));

export const objectKey = (o: Obj): string => {
  const m = (o.metadata ?? {}) as Obj;
  return `${String(o.apiVersion)}/${String(o.kind)}/${String(m.namespace ?? '')}/${String(m.name)}`;
};

/** Drops nulls, sorts lists of named items by name. */
export function normalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalize);
    const named = items.every((i) => typeof i === 'object' && i !== null && !Array.isArray(i) && typeof (i as Obj).name === 'string');
    return named ? [...items].sort((a, b) => ((a as Obj).name as string).localeCompare((b as Obj).name as string)) : items;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Obj = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Obj)[k];
      if (v !== null && v !== undefined) out[k] = normalize(v);
    }
    return out;
  }
  return value;
}

const MANAGED_BY = 'app.kubernetes.io/managed-by';

function withoutManagedBy(o: unknown): unknown {
  if (Array.isArray(o)) return o.map(withoutManagedBy);
  if (typeof o === 'object' && o !== null) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(o)) if (k !== MANAGED_BY) out[k] = withoutManagedBy(v);
    return out;
  }
  return o;
}

/**
 * The original chart's known defects (SPEC.md), corrected on a fixture: the cadvisor ServiceMonitor's
 * stray `labels: null` and leaked component label. (Random volume order and `resources: null` are
 * absorbed by `normalize`.)
 */
export function fixOriginalDefects(objects: Obj[]): Obj[] {
  return objects.map((o) => {
    if (o.kind !== 'ServiceMonitor' || (o.metadata as Obj).name !== 'kubelet') return o;
    const metadata = o.metadata as Obj;
    const labels = { ...(metadata.labels as Obj) };
    delete labels.labels;
    labels['app.kubernetes.io/component'] = 'cadvisor';
    return { ...o, metadata: { ...metadata, labels } };
  });
}

export interface Difference {
  readonly key: string;
  readonly problem: string;
}

/** Differences between two object sets (empty = semantically identical). */
export function diffObjects(actual: Obj[], expected: Obj[], opts: { ignoreManagedBy?: boolean } = {}): Difference[] {
  const prep = (objs: Obj[]): Map<string, string> =>
    new Map(objs.map((o) => [objectKey(o), JSON.stringify(normalize(opts.ignoreManagedBy ? withoutManagedBy(o) : o))]));
  const a = prep(actual);
  const e = prep(expected);
  const diffs: Difference[] = [];
  for (const [key, json] of e) {
    if (!a.has(key)) diffs.push({ key, problem: 'missing' });
    else if (a.get(key) !== json) diffs.push({ key, problem: `differs:\n  actual:   ${a.get(key)}\n  expected: ${json}` });
  }
  for (const key of a.keys()) if (!e.has(key)) diffs.push({ key, problem: 'unexpected' });
  if (actual.length !== a.size) diffs.push({ key: '(actual)', problem: 'duplicate objects' });
  return diffs;
}
