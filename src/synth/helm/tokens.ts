/**
 * Printing the runtime expressions of a chart. The constructs put a placeholder wherever a `HelmExpr`
 * goes (src/constructs/params.ts): a token string `AFCHELMTOKEN<i>X`, or a placeholder integer that
 * `withTokens` turns into that token string before printing. The objects are serialized to YAML as
 * usual, literal `{{` is escaped, and each token is then replaced by its template text:
 * - value: the token becomes `{{ expr }}` in place;
 * - line: the line is kept only when a condition holds (`{{- if cond }}` … `{{- end }}`), with the
 *   token replaced by template text;
 * - block: the whole `key: TOKEN` line becomes a template that renders the key and its value, or nothing.
 */
import type { HelmExpr } from '../../model/index.js';
import type { Placeholders } from '../../constructs/params.js';

const TOKEN = /AFCHELMTOKEN(\d+)X/g;

/** A copy of JSON data with the placeholder integers replaced by their token strings. */
export function withTokens(value: unknown, placeholders: Placeholders): unknown {
  if (typeof value === 'number') return placeholders.tokenOfNumber(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => withTokens(v, placeholders));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = withTokens(v, placeholders);
  return out;
}

/** Template text for YAML that may hold tokens of `exprs` and literal `{{`. */
export function renderTokens(yaml: string, exprs: readonly HelmExpr[]): string {
  const escaped = yaml.replaceAll('{{', '{{ "{{" }}');
  const out: string[] = [];
  for (const line of escaped.split('\n')) {
    const tokens = [...line.matchAll(TOKEN)].map((m) => exprs[Number(m[1])]!);
    const guard = tokens.find((t) => t.form === 'line');
    const block = tokens.find((t) => t.form === 'block');
    if (block) {
      const indent = line.length - line.trimStart().length;
      out.push(`{{- ${block.text} | nindent ${indent} }}`);
      continue;
    }
    const replaced = line.replace(/(["']?)AFCHELMTOKEN(\d+)X\1/g, (_m, _q, n: string) => {
      const t = exprs[Number(n)]!;
      return t.form === 'value' ? `{{ ${t.text} }}` : t.text;
    });
    if (guard) out.push(`{{- if ${guard.condition} }}`, replaced, '{{- end }}');
    else out.push(replaced);
  }
  return out.join('\n');
}
