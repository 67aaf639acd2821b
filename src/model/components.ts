/** A component of the values as the constructs see it: merged with components.default, enabled or not, its host name. */
import { catalog } from './defaults/index.js';
import { mergeValues, type Plain } from './merge.js';
import type { Component, ComponentKey, Values } from './schema.js';

const mergedComponents = new WeakMap<Values, Map<ComponentKey, Component>>();

/**
 * A component merged with components.default (maps merge, anything else replaces). Memoized per values
 * object (env references ask for the same components hundreds of times): values are never mutated
 * after merging, and neither is the result, which callers share.
 */
export function mergedComponent(values: Values, key: ComponentKey): Component {
  let byKey = mergedComponents.get(values);
  if (!byKey) mergedComponents.set(values, (byKey = new Map()));
  let merged = byKey.get(key);
  if (!merged) {
    const base = (values.components?.default ?? {}) as Plain;
    const own = (values.components?.[key] ?? {}) as Plain;
    byKey.set(key, (merged = mergeValues(base, own) as Component));
  }
  return merged;
}

/** Whether a component is rendered: optional components are disabled by an empty imageName. */
export function isEnabled(values: Values, key: ComponentKey): boolean {
  const entry = catalog[key];
  if (entry.kind !== 'Deployment' && entry.kind !== 'StatefulSet') return true;
  return !(entry.optional && !mergedComponent(values, key).imageName);
}

export function hostOf(values: Values, key: ComponentKey): string {
  return mergedComponent(values, key).hostname ?? key;
}
