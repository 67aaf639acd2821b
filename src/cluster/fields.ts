/**
 * Field ownership (pure): the managedFields of an object (`fieldsV1`, the server-side apply field sets)
 * flattened into paths per manager, and the conflicts of an apply computed from a forced dry run: a field
 * that another manager owned before and no longer owns after afc's apply is one afc takes from it.
 */
import { isMap, type K8sLike, type Obj } from './objects.js';

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

function entries(o: K8sLike | undefined): Entry[] {
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

/**
 * The fields afc (manager `self`) would take from other managers: owned by them in `live`, no longer in
 * `forced` (the result of a server-side dry run with --force-conflicts).
 */
export function takenFields(live: K8sLike | undefined, forced: K8sLike | undefined, self: string): Conflict[] {
  const after = entries(forced);
  const out: Conflict[] = [];
  for (const e of entries(live)) {
    // An apply of the object never writes its status: a controller's status writes (which may move on
    // between the read and the dry run) are not fields afc could take.
    if (e.manager === self || e.subresource === 'status') continue;
    const now = after.find((a) => a.manager === e.manager && a.operation === e.operation && a.subresource === e.subresource);
    // The same field set after the apply: nothing taken (the common case, decided without the paths).
    if (now && JSON.stringify(now.fieldsV1) === JSON.stringify(e.fieldsV1)) continue;
    const kept = new Set(now ? leafPaths(now.fieldsV1) : []);
    for (const p of [...new Set(leafPaths(e.fieldsV1))].sort()) if (!p.startsWith('.status') && !kept.has(p)) out.push({ path: p, manager: e.manager });
  }
  return out;
}

/** Whether `manager` owns exactly this path (leaf) in the object's managedFields. */
export function ownsPath(o: K8sLike | undefined, manager: string, path: string): boolean {
  return entries(o).some((e) => e.manager === manager && leafPaths(e.fieldsV1).includes(path));
}

export type { Obj };
