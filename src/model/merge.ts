/**
 * Helm's values merge: maps merge key by key, recursively; scalars and lists replace; a key set to
 * null in the overlay removes it. Inputs are never mutated.
 */

export type Plain = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy of JSON-like data (objects, arrays, scalars). */
export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (isPlainObject(value)) {
    const out: Plain = {};
    for (const [k, v] of Object.entries(value)) out[k] = clone(v);
    return out as T;
  }
  return value;
}

/** `overlay` applied on top of `base`, with Helm's rules. */
export function mergeValues(base: Plain, overlay: Plain): Plain {
  const out: Plain = clone(base);
  for (const [key, value] of Object.entries(overlay)) {
    if (value === null) {
      delete out[key];
    } else if (isPlainObject(value) && isPlainObject(out[key])) {
      out[key] = mergeValues(out[key] as Plain, value);
    } else {
      out[key] = stripNulls(clone(value));
    }
  }
  return out;
}

/** A map brought in whole by an overlay carries no null-valued keys (Helm drops them too). */
function stripNulls(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const out: Plain = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = stripNulls(v);
  return out;
}

/**
 * The value at `path` (keys, or one dotted string) inside JSON-like data: objects and arrays are
 * entered, anything else ends the walk with undefined.
 */
export function valueAt(root: unknown, path: readonly PropertyKey[] | string): unknown {
  let node = root;
  for (const key of typeof path === 'string' ? path.split('.') : path) {
    node = typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return node;
}
