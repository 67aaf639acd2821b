/**
 * Helm's `--set` syntax for scalar values: `a.b.c=v`, several assignments separated by `,`, `\.` and
 * `\,` escape a literal dot or comma. Values are typed as Helm types them: `null`, `true`/`false`
 * (any case), integers without a leading zero; anything else is a string. A path has at most MAX_DEPTH
 * keys, none of them `__proto__`, `constructor` or `prototype` (limits.ts).
 */
import { AfcError } from '../errors.js';
import { forbiddenKeyProblem, MAX_DEPTH } from './limits.js';
import type { Plain } from './merge.js';

/** Helm's typing of an unquoted --set value. */
export function typedSetValue(raw: string): unknown {
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (raw === '0') return 0;
  if (/^-?[1-9][0-9]*$/.test(raw)) {
    const n = Number(raw);
    if (Number.isSafeInteger(n)) return n;
  }
  return raw;
}

/** Splits on an unescaped separator, keeping escapes of other characters for the next stage. */
function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + text[i + 1];
      i++;
    } else if (ch === sep) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

const unescape = (text: string): string => text.replace(/\\(.)/g, '$1');

/** One `--set` argument as an overlay (a nested map). */
export function parseSet(arg: string): Plain {
  const overlay: Plain = {};
  for (const assignment of splitUnescaped(arg, ',')) {
    const eq = assignment.search(/(?<!\\)=/);
    if (eq <= 0) {
      throw new AfcError(`--set "${arg}": expected PATH=VALUE (e.g. components.worker.hpa.maxReplicas=4)`);
    }
    const path = splitUnescaped(assignment.slice(0, eq), '.').map(unescape);
    if (path.some((key) => key === '' || /[[\]{}]/.test(key))) {
      throw new AfcError(
        `--set "${arg}": bad path "${assignment.slice(0, eq)}": use dotted keys (a.b.c); lists and indexes are not supported, use -f FILE`,
      );
    }
    if (path.length > MAX_DEPTH) {
      throw new AfcError(`--set "${arg.length > 80 ? `${arg.slice(0, 80)}...` : arg}": the path has ${path.length} keys, more than the limit of ${MAX_DEPTH}: values are never that deep; check the path`);
    }
    for (const key of path) {
      const bad = forbiddenKeyProblem(key);
      if (bad) throw new AfcError(`--set "${arg}": ${bad}`);
    }
    const value = typedSetValue(unescape(assignment.slice(eq + 1)));
    let node = overlay;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      node = (typeof next === 'object' && next !== null ? next : (node[key] = {})) as Plain;
    }
    node[path[path.length - 1]!] = value;
  }
  return overlay;
}
