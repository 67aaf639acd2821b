// Comparing what we set with what the API server stores: the server adds defaults and metadata, so
// the check is that every leaf we set is present with the same value.

/** Paths of `expected` whose leaves are missing or different in `actual` (empty = all present). */
export function missingFields(expected: unknown, actual: unknown, path = ''): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
    return expected.flatMap((e, i) => missingFields(e, actual[i], `${path}[${i}]`));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null) return [`${path}: missing`];
    return Object.entries(expected).flatMap(([k, v]) => missingFields(v, (actual as Record<string, unknown>)[k], `${path}.${k}`));
  }
  if (expected === undefined) return [];
  return expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
