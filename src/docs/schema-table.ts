/**
 * A `Key | Type | Default | Description` table generated from a JSON Schema (from the zod model), for
 * the values reference (docs/reference/values.md) and the Helm chart README. Sibling properties with identical schemas (the components)
 * collapse into one `<name>` row group; maps (additionalProperties) are shown as `<key>`.
 */
import { valueAt } from '../model/merge.js';

type Schema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  const?: unknown;
};

export interface Row {
  readonly key: string;
  readonly type: string;
  readonly default: string;
  readonly description: string;
}

function typeOf(s: Schema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' \\| ');
  if (s.type === 'array') return `${s.items ? typeOf(s.items) : 'any'}[]`;
  if (Array.isArray(s.type)) return s.type.join(' \\| ');
  if (s.type === 'object' && !s.properties) return 'map';
  return s.type ?? 'any';
}

const unwrap = (s: Schema): Schema => (s.anyOf?.find((a) => a.type === 'object') ?? s);


export function schemaRows(schema: Schema, defaults?: unknown, prefix: readonly string[] = []): Row[] {
  const rows: Row[] = [];
  const s = unwrap(schema);
  const props = s.properties ?? {};
  const groups = new Map<string, string[]>();
  for (const [name, child] of Object.entries(props)) {
    const key = JSON.stringify(child);
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  for (const names of groups.values()) {
    const child = props[names[0]!]!;
    const collapsed = names.length > 2;
    const path = [...prefix, collapsed ? '<name>' : names[0]!];
    const inner = unwrap(child);
    const description = `${child.description ?? inner.description ?? ''}${collapsed ? ` (<name>: ${names.join(', ')})` : ''}`;
    const shown = collapsed ? undefined : valueAt(defaults, path);
    if (inner.properties) {
      rows.push(...schemaRows(child, defaults, path).map((r, i) => (i === 0 && description && !r.description ? { ...r, description } : r)));
      if (collapsed) rows[rows.length - 1] = rows[rows.length - 1]!;
    } else if (typeof inner.additionalProperties === 'object' && inner.additionalProperties.properties) {
      rows.push({ key: path.join('.'), type: 'map', default: '', description });
      rows.push(...schemaRows(inner.additionalProperties, undefined, [...path, '<key>']));
    } else {
      rows.push({ key: path.join('.'), type: typeOf(child), default: shown === undefined ? '' : JSON.stringify(shown), description });
    }
    if (!collapsed) continue;
    for (const name of names) {
      for (const r of schemaRows(child, undefined, [...prefix, name])) {
        const d = valueAt(defaults, r.key);
        if (d !== undefined && d !== null) rows.push({ ...r, default: JSON.stringify(d), description: 'see `<name>`' });
      }
    }
  }
  return rows;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownTable(rows: readonly Row[]): string {
  const lines = ['| Key | Type | Default | Description |', '| --- | --- | --- | --- |'];
  for (const r of rows) lines.push(`| \`${r.key}\` | ${r.type} | ${r.default ? `\`${cell(r.default)}\`` : ''} | ${cell(r.description)} |`);
  return `${lines.join('\n')}\n`;
}
