/**
 * Placeholders for Helm template expressions. The Helm runtime puts a token wherever a runtime value
 * goes; the objects are serialized to YAML as usual, literal `{{` is escaped, and each token is then
 * replaced by its template text:
 * - value: the token becomes `{{ expr }}` in place;
 * - guard: the line is kept only when a condition holds (`{{- if cond }}` … `{{- end }}`), with the
 *   token replaced by a literal or expression;
 * - block: the whole `key: TOKEN` line becomes a template that renders the key and its value, or nothing.
 */

export type Token =
  | { readonly kind: 'value'; readonly expr: string }
  | { readonly kind: 'guard'; readonly condition: string; readonly replacement: string }
  | { readonly kind: 'block'; readonly include: string };

const TOKEN = /AFCHELMTOKEN(\d+)X/g;

export class TokenTable {
  private readonly tokens: Token[] = [];

  private add(token: Token): string {
    this.tokens.push(token);
    return `AFCHELMTOKEN${this.tokens.length - 1}X`;
  }

  /** `{{ expr }}` in place of the token. */
  value(expr: string): string {
    return this.add({ kind: 'value', expr });
  }

  /** The token's line only when `condition` holds, the token replaced by `replacement` (template text). */
  guard(condition: string, replacement: string): string {
    return this.add({ kind: 'guard', condition, replacement });
  }

  /** The token's whole line replaced by `include` piped through nindent. */
  block(include: string): string {
    return this.add({ kind: 'block', include });
  }

  /** A condition token used as an object-level guard. */
  condition(condition: string): string {
    return this.add({ kind: 'guard', condition, replacement: '' });
  }

  get(token: string): Token | undefined {
    const m = /^AFCHELMTOKEN(\d+)X$/.exec(token);
    return m ? this.tokens[Number(m[1])] : undefined;
  }

  /** Template text for YAML that may hold tokens and literal `{{`. */
  render(yaml: string): string {
    const escaped = yaml.replaceAll('{{', '{{ "{{" }}');
    const out: string[] = [];
    for (const line of escaped.split('\n')) {
      const tokens = [...line.matchAll(TOKEN)].map((m) => this.tokens[Number(m[1])]!);
      const guard = tokens.find((t) => t.kind === 'guard');
      const block = tokens.find((t) => t.kind === 'block');
      if (block && block.kind === 'block') {
        const indent = line.length - line.trimStart().length;
        out.push(`{{- ${block.include} | nindent ${indent} }}`);
        continue;
      }
      const replaced = line.replace(/(["']?)AFCHELMTOKEN(\d+)X\1/g, (_m, _q, n: string) => {
        const t = this.tokens[Number(n)]!;
        return t.kind === 'value' ? `{{ ${t.expr} }}` : t.kind === 'guard' ? t.replacement : '';
      });
      if (guard && guard.kind === 'guard') out.push(`{{- if ${guard.condition} }}`, replaced, '{{- end }}');
      else out.push(replaced);
    }
    return out.join('\n');
  }
}
