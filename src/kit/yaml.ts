/**
 * Deterministic YAML: one document per object, keys as synthesized (cdk8s sorts them).
 *
 * The output is exactly `stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })` of the `yaml`
 * package. A direct emitter writes the JSON-like data the synth produces (maps, lists, integers,
 * booleans, null, single-line printable-ASCII strings) in that library's style, several times faster;
 * anything outside that subset (multi-line or non-ASCII strings, quotes, `#`, non-integer numbers,
 * nested lists, ...) makes the whole document go through the library instead. A test compares the
 * two on the synth output and on generated edge cases.
 */
import { stringify } from 'yaml';

/** The `yaml` options of all our YAML: no line folding, no anchors for repeated objects. */
export const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/** The `yaml` package's rendering (the reference, and the fallback). */
export const libraryYaml = (o: unknown): string => stringify(o, YAML_OPTIONS);

/** Thrown (as this object) by the emitter when a value is outside its subset. */
const UNSUPPORTED = new Error('outside the fast YAML subset');

/** Printable ASCII without the characters that need the library's quoting rules. */
const SIMPLE_CHARS = /^[\x20\x21\x24-\x26\x28-\x5b\x5d-\x5f\x61-\x7e]*$/;
/** Strings the library does not write plain (`plainString` in yaml/dist/stringify/stringifyString.js). */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/;
/** Plain scalars that the YAML 1.2 core schema reads as something other than a string. */
const CORE_NON_STRING = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
/** The longest key the library writes as an implicit key. */
const MAX_KEY = 1024;

const stringCache = new Map<string, string>();

/** A string scalar: plain, or double-quoted where plain would not read back as the same string. */
function str(s: string): string {
  let out = stringCache.get(s);
  if (out !== undefined) return out;
  if (s.length > MAX_KEY - 2 || !SIMPLE_CHARS.test(s) || DOCUMENT_MARKER.test(s)) throw UNSUPPORTED;
  // With no quote, backslash or control character, the library's double-quoted form is `"s"`.
  out = NOT_PLAIN.test(s) || CORE_NON_STRING.some((re) => re.test(s)) ? `"${s}"` : s;
  stringCache.set(s, out);
  return out;
}

function scalar(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return str(v);
    case 'number':
      if (!Number.isSafeInteger(v) || Object.is(v, -0)) throw UNSUPPORTED;
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      if (v === null) return 'null';
      throw UNSUPPORTED;
  }
}

const isMap = (v: object): v is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/** Appends a block map; its first key goes after `first` (a list item's `- `), the others after `indent`. */
function map(o: Record<string, unknown>, indent: string, first: string, out: string[]): void {
  let lead = first;
  for (const key in o) {
    if (!Object.prototype.hasOwnProperty.call(o, key)) continue;
    const v = o[key];
    out.push(lead, str(key), ':');
    lead = indent;
    value(v, indent, out);
  }
}

/** Appends `v` after `key:` (a space and a scalar or empty collection, or a nested block). */
function value(v: unknown, indent: string, out: string[]): void {
  if (typeof v !== 'object' || v === null) {
    out.push(' ', scalar(v), '\n');
  } else if (Array.isArray(v)) {
    if (v.length === 0) out.push(' []\n');
    else {
      out.push('\n');
      seq(v, `${indent}  `, out);
    }
  } else if (isMap(v)) {
    if (!hasKeys(v)) out.push(' {}\n');
    else {
      out.push('\n');
      const inner = `${indent}  `;
      map(v, inner, inner, out);
    }
  } else throw UNSUPPORTED;
}

function hasKeys(o: Record<string, unknown>): boolean {
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) return true;
  return false;
}

/** Appends a block sequence whose dashes are at `indent`. */
function seq(a: readonly unknown[], indent: string, out: string[]): void {
  for (let i = 0; i < a.length; i++) {
    if (!(i in a)) throw UNSUPPORTED;
    const item = a[i];
    if (typeof item !== 'object' || item === null) out.push(indent, '- ', scalar(item), '\n');
    else if (Array.isArray(item)) {
      if (item.length === 0) out.push(indent, '- []\n');
      else throw UNSUPPORTED;
    } else if (isMap(item)) {
      if (!hasKeys(item)) out.push(indent, '- {}\n');
      else map(item, `${indent}  `, `${indent}- `, out);
    } else throw UNSUPPORTED;
  }
}

/** The direct emitter's document, or undefined when `o` (a non-empty map at the top) is outside its subset. */
export function fastYaml(o: unknown): string | undefined {
  if (typeof o !== 'object' || o === null || Array.isArray(o) || !isMap(o) || !hasKeys(o)) return undefined;
  const out: string[] = [];
  try {
    map(o, '', '', out);
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
  return out.join('');
}

/** One YAML document (no `---`), exactly as `libraryYaml` writes it. */
export const toYaml = (o: unknown): string => fastYaml(o) ?? libraryYaml(o);

export function toYamlStream(objects: readonly unknown[]): string {
  return objects.map((o) => `---\n${toYaml(o)}`).join('');
}
