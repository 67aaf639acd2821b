/**
 * Semantic diff of two sets of Kubernetes objects (pure): objects are matched by group-kind, namespace
 * and name (`objectKey`); each pair is compared in canonical form (key order and the order of named lists
 * ignored, see objects.ts), field by field. The text form's line diff of the YAML is made by the `diff`
 * package (jsdiff); this module only decides which objects and fields differ.
 *
 * Vocabulary, shared by `afc diff --against` and the live diff: `create` (only in the new set), `change`
 * (in both, different), `prune` (only in the old set: `afc apply` would delete it as a member of the
 * release's ApplySet).
 */
import { AfcError } from '../errors.js';
import { compareObjects, type K8sObject } from '../synth/objects.js';
import { canonical, isMap, isNamedList, objectKey, type K8sLike, type Obj } from './objects.js';

/** `keep`: a member no longer rendered that leaves the set instead of being pruned (keep.ts). */
export type Action = 'create' | 'change' | 'prune' | 'keep';

export interface FieldChange {
  /** `.spec.template.spec.containers[name=worker].image`, `.metadata.labels["app.kubernetes.io/name"]`. */
  readonly path: string;
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
  readonly before?: K8sLike;
  readonly after?: K8sLike;
}

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const keySegment = (k: string): string => (SIMPLE_KEY.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);

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
export function fieldChanges(before: unknown, after: unknown, opts: FieldChangeOptions = {}, path = ''): FieldChange[] {
  if (isMap(before) && isMap(after)) {
    const out: FieldChange[] = [];
    for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      const p = path + keySegment(k);
      if (!(k in after)) out.push({ path: p, before: before[k] });
      else if (!(k in before)) out.push({ path: p, after: after[k] });
      else out.push(...fieldChanges(before[k], after[k], opts, p));
    }
    return out;
  }
  if (opts.lists === 'by-index') {
    if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
      return before.flatMap((v, i) => fieldChanges(v, after[i], opts, `${path}[${i}]`));
    }
  } else if (isNamedList(before) && isNamedList(after)) {
    const byName = (l: Obj[]): Map<string, Obj> => new Map(l.map((e) => [e.name as string, e]));
    const b = byName(before);
    const a = byName(after);
    const out: FieldChange[] = [];
    for (const name of [...new Set([...b.keys(), ...a.keys()])].sort()) {
      const p = `${path}[name=${name}]`;
      if (!a.has(name)) out.push({ path: p, before: b.get(name) });
      else if (!b.has(name)) out.push({ path: p, after: a.get(name) });
      else out.push(...fieldChanges(b.get(name), a.get(name), opts, p));
    }
    return out;
  }
  return same(before, after) ? [] : [{ path: path || '.', before, after }];
}

/** Sort key: Helm's install order of the kinds, then namespace and name (the synth output's order). */
export function compareChanges(a: ObjectChange, b: ObjectChange): number {
  const asObj = (c: ObjectChange): K8sObject => ({ apiVersion: c.apiVersion, kind: c.kind, metadata: { name: c.name, namespace: c.namespace } });
  return compareObjects(asObj(a), asObj(b));
}

function entry(action: Action, o: K8sLike, extra: Partial<ObjectChange> = {}): ObjectChange {
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

export interface SetDiffOptions {
  /** Namespace assumed for objects that name none (on both sides). @default "" */
  readonly defaultNamespace?: string;
}

/**
 * Offline semantic diff: `before` (an earlier output) against `after` (today's), every object of either
 * side accounted for. Objects are compared whole, in canonical form.
 */
export function diffObjectSets(before: readonly K8sLike[], after: readonly K8sLike[], opts: SetDiffOptions = {}): ObjectChange[] {
  const ns = opts.defaultNamespace ?? '';
  const index = (list: readonly K8sLike[], side: string): Map<string, K8sLike> => {
    const m = new Map<string, K8sLike>();
    for (const given of list) {
      // An object that names no namespace lives in the default one (as kubectl -n would place it).
      const o = ns && given.metadata.namespace === undefined ? { ...given, metadata: { ...given.metadata, namespace: ns } } : given;
      const k = objectKey(o, ns);
      if (m.has(k)) throw new DuplicateObjectError(`${side} has ${o.kind} "${o.metadata.name}" twice`);
      m.set(k, o);
    }
    return m;
  };
  const b = index(before, 'the earlier output');
  const a = index(after, 'the new output');
  const out: ObjectChange[] = [];
  for (const [k, o] of a) {
    const old = b.get(k);
    if (!old) {
      out.push(entry('create', o, { after: canonical(o) as K8sLike }));
      continue;
    }
    const changes = fieldChanges(old, o);
    if (changes.length > 0) out.push(entry('change', o, { changes, before: canonical(old) as K8sLike, after: canonical(o) as K8sLike }));
  }
  for (const [k, o] of b) if (!a.has(k)) out.push(entry('prune', o, { before: canonical(o) as K8sLike }));
  return out.sort(compareChanges);
}

/** The same object twice in one set (an input error: the file is not one release's output). */
export class DuplicateObjectError extends AfcError {}

export { entry as objectChange };
