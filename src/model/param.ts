/**
 * Runtime parameters. A field an operator sets at install time (replicas, image, Service type, HPA
 * bounds, the release labels) is a `Param<T>`: the literal itself in plain output, a `HelmExpr` in chart
 * output. An object that exists only under a runtime condition carries a `Guard`. Resolution yields
 * literals or expressions, never callbacks; the plain writer prints values, the Helm writer prints
 * expressions and guards (src/synth/helm/).
 */

/** How an expression is printed in a template. */
export type HelmExprForm =
  /** `{{ text }}` in place of the value. */
  | 'value'
  /** The value's whole line only when `condition` holds, with `text` (template text) in place of the value. */
  | 'line'
  /** The whole `key: value` line replaced by `{{- text | nindent N }}` (the include renders the key, or nothing). */
  | 'block';

/** A Helm template expression standing for a runtime value. */
export class HelmExpr {
  private constructor(
    public readonly form: HelmExprForm,
    public readonly text: string,
    /** For `line`: the condition under which the line is rendered. */
    public readonly condition: string = '',
  ) {}

  /** `{{ expr }}` in place. */
  static value(expr: string): HelmExpr {
    return new HelmExpr('value', expr);
  }

  /** The line only when `condition` holds, `text` (template text) in place of the value. */
  static line(condition: string, text: string): HelmExpr {
    return new HelmExpr('line', text, condition);
  }

  /** The whole line rendered by `include` (key and value, or nothing). */
  static block(include: string): HelmExpr {
    return new HelmExpr('block', include);
  }
}

/** A runtime value: a literal, or an expression evaluated at install time. */
export type Param<T> = T | HelmExpr;

/** A whole-object condition: the object is rendered only when the template condition holds. */
export class Guard {
  constructor(public readonly condition: string) {}
}
