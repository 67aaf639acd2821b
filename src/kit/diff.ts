/**
 * The one object diff (pure), beneath `afc diff`, `afc apply` and `afc migrate`: two sets of Kubernetes
 * objects matched by group-kind, namespace and name (`objectKey`), each pair compared field by field in
 * canonical form (key order ignored; named lists matched by name, or every list by index; see
 * objects.ts). A field is named by a structured path (keys, indexes, named elements), rendered to text
 * by renderPath only. The text form's line diff of the YAML is made by the `diff` package (jsdiff,
 * cluster/render.ts); this module only decides which objects and fields differ.
 *
 * Vocabulary, shared by `afc diff --against`, the live diff and migrate: `create` (only in the new set),
 * `change` (in both, different), `prune` (only in the old set: `afc apply` would delete it as a member of
 * the release's ApplySet; for migrate, the upgrade removes it).
 */
import { AfcError } from '../errors.js';
import { canonical, compareObjects, describeObject, isMap, isNamedList, objectKey, type K8sObject, type Obj } from './objects.js';

/** `keep`: a member no longer rendered that leaves the set instead of being pruned (keep.ts). */
export type Action = 'create' | 'change' | 'prune' | 'keep';

/** One step of a field path: a map key, a list index (lists compared by index), or the element of a named list. */
export type PathStep = string | number | { readonly name: string };
/** Where a field is: `['spec', 'template', 'spec', 'containers', { name: 'worker' }, 'image']`; `[]` is the whole value. */
export type FieldPath = readonly PathStep[];

/**
 * How a path is written. `selector` (afc diff and apply): `.spec.template.spec.containers[name=worker].image`,
 * a key that is not a plain word quoted (`.metadata.labels["app.kubernetes.io/name"]`), indexes `[0]`, the
 * whole value `.`. `dotted` (afc migrate): keys joined with dots as they are
 * (`metadata.labels.app.kubernetes.io/name`), indexes in brackets (`spec.template.spec.containers[0].image`),
 * the whole value `(whole object)`.
 */
export type PathStyle = 'selector' | 'dotted';

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A field path as text (see PathStyle): the one place paths are written. */
export function renderPath(path: FieldPath, style: PathStyle = 'selector'): string {
  if (path.length === 0) return style === 'selector' ? '.' : '(whole object)';
  let out = '';
  path.forEach((step, i) => {
    if (typeof step === 'number') out += `[${step}]`;
    else if (typeof step !== 'string') out += `[name=${step.name}]`;
    else if (style === 'dotted') out += i === 0 ? step : `.${step}`;
    else out += SIMPLE_KEY.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`;
  });
  return out;
}

export interface FieldChange {
  /** `['spec', 'template', 'spec', 'containers', { name: 'worker' }, 'image']` (renderPath writes it). */
  readonly path: FieldPath;
  /** Absent when the field is added. */
  readonly before?: unknown;
  /** Absent when the field is removed. */
  readonly after?: unknown;
}

export interface ObjectChange {
  readonly action: Action;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** Field-level changes (`change` only), in path order. */
  readonly changes: readonly FieldChange[];
  /** Remarks that are not changes (e.g. replicas left to the autoscaler, conflicts with other managers). */
  readonly notes: readonly string[];
  /** The compared forms (canonical), for the text rendering. */
  readonly before?: K8sObject;
  readonly after?: K8sObject;
  /** Whether it replaces pods (afc migrate: a pod template changes, or a workload is removed). */
  readonly rollout?: boolean;
  /** Why the API server would refuse it, if it would (afc migrate: a StatefulSet field that cannot change). */
  readonly forbidden?: string;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

export interface FieldChangeOptions {
  /**
   * How lists are compared. `by-name`: a named list (containers, env, volumes...) is matched element by
   * element by name, its order ignored (paths `[name=worker]`). `by-index`: every list element by
   * position (paths `[0]`), for comparisons where the order matters (a helm upgrade's patch carries it:
   * afc migrate); lists of different lengths differ as a whole.
   * @default 'by-name'
   */
  readonly lists?: 'by-name' | 'by-index';
}

/** The field-level differences of two values (canonical comparison), in path order. */
export function fieldChanges(before: unknown, after: unknown, opts: FieldChangeOptions = {}, path: FieldPath = []): FieldChange[] {
  if (isMap(before) && isMap(after)) {
    const out: FieldChange[] = [];
    for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      const p = [...path, k];
      if (!(k in after)) out.push({ path: p, before: before[k] });
      else if (!(k in before)) out.push({ path: p, after: after[k] });
      else out.push(...fieldChanges(before[k], after[k], opts, p));
    }
    return out;
  }
  if (opts.lists === 'by-index') {
    if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
      return before.flatMap((v, i) => fieldChanges(v, after[i], opts, [...path, i]));
    }
  } else if (isNamedList(before) && isNamedList(after)) {
    const byName = (l: Obj[]): Map<string, Obj> => new Map(l.map((e) => [e.name as string, e]));
    const b = byName(before);
    const a = byName(after);
    const out: FieldChange[] = [];
    for (const name of [...new Set([...b.keys(), ...a.keys()])].sort()) {
      const p = [...path, { name }];
      if (!a.has(name)) out.push({ path: p, before: b.get(name) });
      else if (!b.has(name)) out.push({ path: p, after: a.get(name) });
      else out.push(...fieldChanges(b.get(name), a.get(name), opts, p));
    }
    return out;
  }
  return same(before, after) ? [] : [{ path, before, after }];
}

const asObject = (c: ObjectChange): K8sObject => ({ apiVersion: c.apiVersion, kind: c.kind, metadata: { name: c.name, namespace: c.namespace } });

/** Sort key: Helm's install order of the kinds, then namespace and name (the synth output's order). */
export function compareChanges(a: ObjectChange, b: ObjectChange): number {
  return compareObjects(asObject(a), asObject(b));
}

/** `Kind namespace/name` (or `Kind name`) of the changed object, as describeObject names an object. */
export const describeChange = (c: ObjectChange): string => describeObject(asObject(c));

function entry(action: Action, o: K8sObject, extra: Partial<ObjectChange> = {}): ObjectChange {
  return {
    action,
    apiVersion: o.apiVersion,
    kind: o.kind,
    ...(o.metadata.namespace !== undefined ? { namespace: o.metadata.namespace } : {}),
    name: o.metadata.name,
    changes: [],
    notes: [],
    ...extra,
  };
}

export interface ObjectDiffOptions extends FieldChangeOptions {
  /** Namespace assumed for objects that name none (on both sides), in keys and in the changes. @default "" */
  readonly defaultNamespace?: string;
  /** The form of an object that is compared (e.g. without null-valued keys). @default the object */
  readonly compared?: (o: K8sObject) => unknown;
  /**
   * Which set's order the changes are found in before the caller sorts them: `after` (creates and
   * changes in the new set's order, then prunes) or `before` (prunes and changes in the old set's order,
   * then creates).
   * @default 'after'
   */
  readonly order?: 'after' | 'before';
}

export interface ObjectDiff {
  /** Every object that differs, unsorted (see ObjectDiffOptions.order). */
  readonly changes: ObjectChange[];
  /** How many objects are in both sets with no difference. */
  readonly unchanged: number;
}

/**
 * The object diff: `before` against `after`, every object of either side accounted for. An object that
 * is in a set twice counts once (the later one).
 */
export function diffObjects(before: readonly K8sObject[], after: readonly K8sObject[], opts: ObjectDiffOptions = {}): ObjectDiff {
  const ns = opts.defaultNamespace ?? '';
  const compared = opts.compared ?? ((o: K8sObject): unknown => o);
  const index = (list: readonly K8sObject[]): Map<string, K8sObject> => new Map(list.map((o) => [objectKey(o, ns), o]));
  const b = index(before);
  const a = index(after);
  // The change names the namespace the object lives in (the compared forms stay as given).
  const placed = (o: K8sObject): K8sObject => (ns && o.metadata.namespace === undefined ? { ...o, metadata: { ...o.metadata, namespace: ns } } : o);
  const out: ObjectChange[] = [];
  let unchanged = 0;
  const pair = (old: K8sObject, o: K8sObject): void => {
    const changes = fieldChanges(compared(old), compared(o), opts);
    if (changes.length === 0) unchanged++;
    else out.push(entry('change', placed(o), { changes, before: canonical(old) as K8sObject, after: canonical(o) as K8sObject }));
  };
  const create = (o: K8sObject): void => void out.push(entry('create', placed(o), { after: canonical(o) as K8sObject }));
  const prune = (o: K8sObject): void => void out.push(entry('prune', placed(o), { before: canonical(o) as K8sObject }));
  if (opts.order === 'before') {
    for (const [k, old] of b) {
      const o = a.get(k);
      if (o) pair(old, o);
      else prune(old);
    }
    for (const [k, o] of a) if (!b.has(k)) create(o);
  } else {
    for (const [k, o] of a) {
      const old = b.get(k);
      if (old) pair(old, o);
      else create(o);
    }
    for (const [k, o] of b) if (!a.has(k)) prune(o);
  }
  return { changes: out, unchanged };
}

export interface SetDiffOptions {
  /** Namespace assumed for objects that name none (on both sides). @default "" */
  readonly defaultNamespace?: string;
}

/**
 * Offline semantic diff (`afc diff --against`): `before` (an earlier output) against `after` (today's),
 * every object of either side accounted for, compared whole; in Helm's install order (compareChanges).
 */
export function diffObjectSets(before: readonly K8sObject[], after: readonly K8sObject[], opts: SetDiffOptions = {}): ObjectChange[] {
  const ns = opts.defaultNamespace ?? '';
  const placed = (list: readonly K8sObject[], side: string): K8sObject[] => {
    const seen = new Set<string>();
    return list.map((given) => {
      // An object that names no namespace lives in the default one (as kubectl -n would place it).
      const o = ns && given.metadata.namespace === undefined ? { ...given, metadata: { ...given.metadata, namespace: ns } } : given;
      const k = objectKey(o, ns);
      if (seen.has(k)) throw new DuplicateObjectError(`${side} has ${o.kind} "${o.metadata.name}" twice`);
      seen.add(k);
      return o;
    });
  };
  const b = placed(before, 'the earlier output');
  const a = placed(after, 'the new output');
  return diffObjects(b, a, { defaultNamespace: ns }).changes.sort(compareChanges);
}

/** The same object twice in one set (an input error: the file is not one release's output). */
export class DuplicateObjectError extends AfcError {}

export { entry as objectChange };
