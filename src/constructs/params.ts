/**
 * Runtime parameters inside the constructs. The generated Kubernetes types want a number or a string
 * where a `Param` may hold a `HelmExpr`; a literal goes in as itself, an expression as a placeholder of
 * the field's type - a token string, or an integer no field of ours holds - which the Helm writer swaps
 * back for the expression (src/synth/helm/tokens.ts). A `Guard` of a whole object is recorded here
 * too, by object. Plain output holds literals only, so its placeholders table stays empty.
 */
import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { HelmExpr, type Guard, type Param } from '../model/index.js';

/** First number placeholder: below 2^53, far above any port, replica count or size we write. */
const NUMBER_BASE = 9_000_000_000_000;
const TOKEN = (i: number): string => `AFCHELMTOKEN${i}X`;

/** The expressions and guards of one chart. */
export class Placeholders {
  /** Expressions by placeholder index. */
  public readonly exprs: HelmExpr[] = [];
  private readonly guards = new Map<ApiObject, Guard>();

  private add(expr: HelmExpr): number {
    this.exprs.push(expr);
    return this.exprs.length - 1;
  }

  /** A string field: the literal, or a token string. */
  string(p: Param<string>): string {
    return p instanceof HelmExpr ? TOKEN(this.add(p)) : p;
  }

  /** A number field: the literal, or a placeholder integer. */
  number(p: Param<number>): number {
    return p instanceof HelmExpr ? NUMBER_BASE + this.add(p) : p;
  }

  /** A free-form (JSON) field: the literal, or a token string. */
  json<T>(p: Param<T>): T | string {
    return p instanceof HelmExpr ? TOKEN(this.add(p)) : p;
  }

  /** The token string of a placeholder integer, or undefined for any other number. */
  tokenOfNumber(n: number): string | undefined {
    const i = n - NUMBER_BASE;
    return Number.isInteger(i) && i >= 0 && i < this.exprs.length ? TOKEN(i) : undefined;
  }

  /** Renders `obj` only under `guard` (undefined: always). */
  guard(obj: ApiObject, guard: Guard | undefined): void {
    if (guard) this.guards.set(obj, guard);
  }

  guardOf(obj: ApiObject): Guard | undefined {
    return this.guards.get(obj);
  }
}

const tables = new WeakMap<Chart, Placeholders>();

/** The placeholders table of the chart `scope` is in. */
export function placeholdersOf(scope: Construct): Placeholders {
  const chart = Chart.of(scope);
  let table = tables.get(chart);
  if (!table) tables.set(chart, (table = new Placeholders()));
  return table;
}
