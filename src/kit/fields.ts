/**
 * Field ownership (pure): the managedFields of an object (`fieldsV1`, the server-side apply field sets)
 * flattened into paths per manager, and the fields an apply takes from other managers, computed from a
 * forced dry run: a field that another manager owned before and no longer owns after afc's apply is one
 * afc takes from it.
 *
 * A taken field is one of two things (`isDrift`):
 * - drift: the last write was an imperative kubectl command (`kubectl scale`, `label`, `edit`, ...: an
 *   `Update` by one of KUBECTL_IMPERATIVE_MANAGERS). Nobody declared that value; `afc apply` restores
 *   the declared one, as GitOps tools do (Flux's kustomize-controller strips kubectl's managers before
 *   every apply).
 * - a conflict: any other manager, in particular a declarative claim by someone else (an `Apply` such as
 *   `kubectl apply --server-side --field-manager=x`, helm, a controller, `kubectl-client-side-apply`).
 *   `afc apply` stops on it unless --force-conflicts.
 */
import { isMap, type K8sObject, type Obj } from './objects.js';

/** `f:spec` → `.spec`, `k:{"name":"x"}` → `[name=x]`, `v:"a"` → `[="a"]`. */
function segment(key: string): string {
  if (key.startsWith('f:')) {
    const k = key.slice(2);
    return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
  }
  if (key.startsWith('k:')) {
    try {
      const fields = JSON.parse(key.slice(2)) as Obj;
      return `[${Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(',')}]`;
    } catch {
      return `[${key.slice(2)}]`;
    }
  }
  if (key.startsWith('v:')) return `[=${key.slice(2)}]`;
  if (key.startsWith('i:')) return `[${key.slice(2)}]`;
  return `.${key}`;
}

/** The leaf paths of a fieldsV1 set (a node with only `.` or no children is a leaf). */
export function leafPaths(fields: unknown, prefix = ''): string[] {
  if (!isMap(fields)) return [prefix];
  const keys = Object.keys(fields).filter((k) => k !== '.');
  if (keys.length === 0) return [prefix];
  return keys.flatMap((k) => leafPaths(fields[k], prefix + segment(k)));
}

interface Entry {
  readonly manager: string;
  readonly operation: string;
  readonly subresource: string;
  readonly fieldsV1: unknown;
}

function entries(o: K8sObject | undefined): Entry[] {
  const mf = o?.metadata.managedFields;
  if (!Array.isArray(mf)) return [];
  return mf.filter(isMap).map((e) => ({
    manager: String(e.manager ?? ''),
    operation: String(e.operation ?? ''),
    subresource: String(e.subresource ?? ''),
    fieldsV1: e.fieldsV1,
  }));
}

export interface Conflict {
  readonly path: string;
  readonly manager: string;
}

/** A field an apply would take from another manager, with the operation and subresource of that manager's entry. */
export interface Taken extends Conflict {
  /** `Apply` (a server-side apply) or `Update` (any other write). */
  readonly operation: string;
  /** The subresource written through (`scale`, `status`), or '' for the object itself. */
  readonly subresource: string;
}

/**
 * The field managers kubectl v1.34's imperative commands write with (an `Update`), as observed with
 * `kubectl get --show-managed-fields` after each: `kubectl annotate|autoscale|create|edit|label|patch|
 * replace|rollout|set` → `kubectl-<command>`; `kubectl scale` → `kubectl` through the scale subresource
 * (isDrift; older kubectl used `kubectl` for every update, so the bare name is not in this set). Not among them: `kubectl-client-side-apply` (`kubectl apply`
 * without --server-side, a declarative claim) and `kubectl apply --server-side` (operation `Apply`).
 */
export const KUBECTL_IMPERATIVE_MANAGERS: ReadonlySet<string> = new Set([
  'kubectl-annotate',
  'kubectl-autoscale',
  'kubectl-create',
  'kubectl-edit',
  'kubectl-label',
  'kubectl-patch',
  'kubectl-replace',
  'kubectl-rollout',
  'kubectl-set',
]);

/**
 * Whether taking this field restores drift (an imperative kubectl write) rather than overriding a claim.
 * The bare manager `kubectl` counts only through the scale subresource (`kubectl scale`): kubectl before
 * v1.19 wrote every update, client-side apply included, as `kubectl`.
 */
export const isDrift = (t: Pick<Taken, 'manager' | 'operation' | 'subresource'>): boolean =>
  t.operation === 'Update' && (t.manager === 'kubectl' ? t.subresource === 'scale' : KUBECTL_IMPERATIVE_MANAGERS.has(t.manager));

/**
 * The fields afc (manager `self`) would take from other managers: owned by them in `live`, no longer in
 * `forced` (the result of a server-side dry run with --force-conflicts).
 */
export function takenFields(live: K8sObject | undefined, forced: K8sObject | undefined, self: string): Taken[] {
  const after = entries(forced);
  const out: Taken[] = [];
  for (const e of entries(live)) {
    // An apply of the object never writes its status: a controller's status writes (which may move on
    // between the read and the dry run) are not fields afc could take.
    if (e.manager === self || e.subresource === 'status') continue;
    const now = after.find((a) => a.manager === e.manager && a.operation === e.operation && a.subresource === e.subresource);
    // The same field set after the apply: nothing taken (the common case, decided without the paths).
    if (now && JSON.stringify(now.fieldsV1) === JSON.stringify(e.fieldsV1)) continue;
    const kept = new Set(now ? leafPaths(now.fieldsV1) : []);
    for (const p of [...new Set(leafPaths(e.fieldsV1))].sort()) if (!p.startsWith('.status') && !kept.has(p)) out.push({ path: p, manager: e.manager, operation: e.operation, subresource: e.subresource });
  }
  return out;
}

export type { Obj };

/** An item an imperative kubectl command added to a list afc owns (`addedListItems`). */
export interface AddedItem extends Taken {
  /** The fieldsV1 keys from the object's root to the item (`f:spec`, …, `k:{"mountPath":"/x"}`). */
  readonly keys: readonly string[];
}

/**
 * Items that kubectl's imperative commands (isDrift) added to lists afc owns (containers, env, ports,
 * volumeMounts, …), in `answer`, the result of afc's forced dry run: an item (a `k:` key of a list-map)
 * under a list node that afc's entry has, which afc's entry does not have, owned by an imperative kubectl
 * manager and by no other manager. A renamed item is one of these (the new name; the dry run puts the
 * old one back). Such items are drift under the rule above: afc apply removes them. An item that a
 * controller or another declarative manager also owns is theirs: left alone.
 */
export function addedListItems(answer: K8sObject, self: string): AddedItem[] {
  const all = entries(answer).filter((e) => e.subresource !== 'status');
  const mine = all.find((e) => e.manager === self && e.operation === 'Apply');
  if (!mine) return [];
  const out: AddedItem[] = [];
  const ownedByOthers = (keys: readonly string[], by: Entry): boolean =>
    all.some((e) => e !== by && e.manager !== self && !isDrift(e) && nodeAt(e.fieldsV1, keys) !== undefined);
  for (const e of all) {
    if (e.manager === self || !isDrift(e)) continue;
    const walk = (node: unknown, afc: unknown, keys: string[]): void => {
      if (!isMap(node) || !isMap(afc)) return;
      for (const k of Object.keys(node)) {
        if (k === '.') continue;
        const path = [...keys, k];
        if (k.startsWith('k:') && !(k in afc)) {
          if (!ownedByOthers(path, e)) out.push({ path: path.map(segment).join(''), manager: e.manager, operation: e.operation, subresource: e.subresource, keys: path });
        } else if (k in afc) walk(node[k], afc[k], path);
      }
    };
    walk(e.fieldsV1, mine.fieldsV1, []);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function nodeAt(fields: unknown, keys: readonly string[]): unknown {
  let n: unknown = fields;
  for (const k of keys) {
    if (!isMap(n) || !(k in n)) return undefined;
    n = n[k];
  }
  return n;
}

/** Whether a list element matches a `k:{...}` key of fieldsV1. */
function matchesKey(e: unknown, key: string): boolean {
  if (!isMap(e)) return false;
  try {
    const fields = JSON.parse(key.slice(2)) as Obj;
    return Object.entries(fields).every(([k, v]) => JSON.stringify(e[k]) === JSON.stringify(v));
  } catch {
    return false;
  }
}

/**
 * The JSON patch (RFC 6902) that removes these items from the object as it is (`live`): per item a `test`
 * of its whole value (the patch fails if the list changed since), then its `remove`; later indices of a
 * list first, so that earlier removals do not move them.
 */
export function removalPatch(live: unknown, items: readonly Pick<AddedItem, 'keys'>[]): Obj[] {
  const found: { list: string; index: number; value: unknown }[] = [];
  for (const item of items) {
    let n: unknown = live;
    const pointer: string[] = [];
    let ok = true;
    for (const k of item.keys) {
      if (k.startsWith('f:') && isMap(n)) {
        pointer.push(k.slice(2).replace(/~/g, '~0').replace(/\//g, '~1'));
        n = n[k.slice(2)];
      } else if (k.startsWith('k:') && Array.isArray(n)) {
        const index = n.findIndex((e) => matchesKey(e, k));
        if (index < 0) ok = false;
        pointer.push(String(index));
        n = n[index];
      } else ok = false;
      if (!ok) break;
    }
    if (ok) found.push({ list: `/${pointer.slice(0, -1).join('/')}`, index: Number(pointer.at(-1)), value: n });
  }
  found.sort((a, b) => (a.list < b.list ? -1 : a.list > b.list ? 1 : b.index - a.index));
  return found.flatMap((f) => [
    { op: 'test', path: `${f.list}/${f.index}`, value: f.value },
    { op: 'remove', path: `${f.list}/${f.index}` },
  ]);
}

/** The value at `keys` (fieldsV1 keys: `f:` a map's field, `k:` a list-map's item) in an object. */
export function valueAt(o: unknown, keys: readonly string[]): unknown {
  let n: unknown = o;
  for (const k of keys) {
    if (k.startsWith('f:') && isMap(n)) n = n[k.slice(2)];
    else if (k.startsWith('k:') && Array.isArray(n)) n = n.find((e) => matchesKey(e, k));
    else return undefined;
  }
  return n;
}

/**
 * The list holding the item at `keys` (fieldsV1 keys) in an object, and the item's index there; undefined
 * when the object has no such item.
 */
export function listItemAt(o: unknown, keys: readonly string[]): { list: unknown[]; index: number } | undefined {
  let n: unknown = o;
  for (const [i, k] of keys.entries()) {
    if (k.startsWith('f:')) {
      if (!isMap(n)) return undefined;
      n = n[k.slice(2)];
    } else if (k.startsWith('k:')) {
      if (!Array.isArray(n)) return undefined;
      const index = n.findIndex((e) => matchesKey(e, k));
      if (index < 0) return undefined;
      if (i === keys.length - 1) return { list: n, index };
      n = n[index];
    } else return undefined;
  }
  return undefined;
}
