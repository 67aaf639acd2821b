/**
 * The two output forms of a diff: text (a header per object, a unified diff of the YAML made by the
 * `diff` package, ANSI colours when asked for) and JSON (stable: objects in install order, fields in
 * path order, keys in a fixed order).
 */
import { structuredPatch } from 'diff';
import { stringify } from 'yaml';
import { renderPath, type ObjectChange } from '../kit/diff.js';

export interface Summary {
  readonly create: number;
  readonly change: number;
  readonly prune: number;
  /** Members that leave the set instead of being pruned; present only when there are any. */
  readonly keep?: number;
}

export function summarize(changes: readonly ObjectChange[]): Summary {
  const count = (a: string): number => changes.filter((c) => c.action === a).length;
  const keep = count('keep');
  return { create: count('create'), change: count('change'), prune: count('prune'), ...(keep > 0 ? { keep } : {}) };
}

export function summaryLine(s: Summary): string {
  if (s.create + s.change + s.prune + (s.keep ?? 0) === 0) return 'no differences';
  return `${s.create} to create, ${s.change} to change, ${s.prune} to prune${s.keep ? `, ${s.keep} to keep (they leave the release)` : ''}`;
}

const COLOURS = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', cyan: '\x1b[36m', bold: '\x1b[1m', reset: '\x1b[0m' } as const;
type Colour = keyof typeof COLOURS;

const yamlOf = (o: unknown): string => (o === undefined ? '' : stringify(o, { lineWidth: 0, aliasDuplicateObjects: false }));

const SIGN = { create: '+', change: '~', prune: '-', keep: '=' } as const;
const WORD = { create: 'create', change: 'change', prune: 'prune ', keep: 'keep  ' } as const;

/** `~ change Deployment ns/rmq` */
export function changeHeader(c: ObjectChange): string {
  const where = c.namespace ? `${c.namespace}/${c.name}` : c.name;
  return `${SIGN[c.action]} ${WORD[c.action]} ${c.kind} ${where}`;
}

export interface TextOptions {
  /** ANSI colours (on a TTY). @default false */
  readonly colour?: boolean;
  /** Lines of context around each change. @default 3 */
  readonly context?: number;
  /** Lines printed before the summary (e.g. Deployments whose replicas the autoscaler manages). */
  readonly remarks?: readonly string[];
}

/** The text form: one header per object, the YAML diff of each change, notes, then the summary line. */
export function renderText(changes: readonly ObjectChange[], opts: TextOptions = {}): string {
  const paint = (colour: Colour, s: string): string => (opts.colour ? `${COLOURS[colour]}${s}${COLOURS.reset}` : s);
  const lines: string[] = [];
  for (const c of changes) {
    // A kept object is said in the remarks (keep.ts keptLine): one line, with the command that deletes it.
    if (c.action === 'keep') continue;
    const colour: Colour = c.action === 'create' ? 'green' : c.action === 'prune' ? 'red' : 'yellow';
    lines.push(paint(colour, changeHeader(c)));
    if (c.action === 'change') {
      const patch = structuredPatch('live', 'afc', yamlOf(c.before), yamlOf(c.after), '', '', { context: opts.context ?? 3 });
      for (const h of patch.hunks) {
        lines.push(paint('cyan', `  @@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`));
        for (const l of h.lines) {
          if (l.startsWith('\\')) continue; // "\ No newline at end of file"
          lines.push(l.startsWith('+') ? paint('green', `  ${l}`) : l.startsWith('-') ? paint('red', `  ${l}`) : `  ${l}`);
        }
      }
    }
    for (const n of c.notes) lines.push(`  note: ${n}`);
  }
  lines.push(...(opts.remarks ?? []));
  lines.push(paint('bold', summaryLine(summarize(changes))));
  return `${lines.join('\n')}\n`;
}

/** The JSON form (stable; a trailing newline). */
export function renderJson(changes: readonly ObjectChange[], extra: Record<string, unknown> = {}): string {
  const s = summarize(changes);
  const doc = {
    differences: s.create + s.change + s.prune + (s.keep ?? 0) > 0,
    summary: s,
    ...extra,
    objects: changes.map((c) => ({
      action: c.action,
      apiVersion: c.apiVersion,
      kind: c.kind,
      ...(c.namespace !== undefined ? { namespace: c.namespace } : {}),
      name: c.name,
      changes: c.changes.map((f) => ({ path: renderPath(f.path), ...('before' in f ? { before: f.before } : {}), ...('after' in f ? { after: f.after } : {}) })),
      notes: c.notes,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
