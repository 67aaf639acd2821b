/**
 * Env ConfigMap values: placeholder resolution (`{{host:C}}`, `{{port:C:P}}`, `{{containerPort:C:P}}`,
 * `{{staticVolumeMount:C:V[:optional|nullable|required]}}`), the `@I`/`@S` key suffixes, and the
 * string form Go templates give to YAML scalars.
 */

/** What env placeholders may ask about the components. */
export interface EnvContext {
  hostOf(component: string): string | undefined;
  /** Undefined when the component or port is unknown; `null` when the port has no such number. */
  portOf(component: string, port: string, which: 'service' | 'container'): number | null | undefined;
  /** Undefined when the component is unknown; `null` when it does not mount the volume. */
  mountOf(component: string, volume: string): string | null | undefined;
  volumeExists(volume: string): boolean;
}

/** A value that failed to resolve, or `drop` when an optional mount removes the variable. */
export type EnvResult = { value: string } | { drop: true } | { error: string };

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const IF_ABSENT = ['optional', 'nullable', 'required'] as const;

/**
 * The string Go's `%v` gives a YAML number (Helm reads every number in a values file as float64):
 * strconv's shortest 'g' form, which switches to an exponent below 1e-4 and from 1e6 on.
 * `10485760` → `1.048576e+07` — the reason the chart has the `@I` suffix.
 */
export function goValueString(value: string | number | boolean): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  if (value === 0) return '0';
  const [mantissa, expText] = value.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(value);
}

/** Resolves one env variable. `key` is the raw key (with any @I/@S suffix). */
export function resolveEnvValue(
  configmap: string,
  key: string,
  raw: string | number | boolean,
  ctx: EnvContext,
): EnvResult {
  const where = `configmaps.${configmap}.${key}`;
  if (key.endsWith('@S')) return { value: String(raw) };
  if (key.endsWith('@I')) {
    const n = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isFinite(n)) return { error: `${where}: "${String(raw)}" is not a number: give an integer or drop the @I suffix` };
    return { value: BigInt(Math.trunc(n)).toString() };
  }
  if (typeof raw !== 'string') return { value: goValueString(raw) };
  let drop = false;
  let empty = false;
  let error: string | undefined;
  const value = raw.replace(PLACEHOLDER, (whole, body: string) => {
    const parts = body.split(':');
    const fail = (message: string): string => {
      error ??= `${where}: ${whole} ${message}`;
      return '';
    };
    const [kind, component = '', name = ''] = parts;
    switch (kind) {
      case 'host': {
        if (parts.length !== 2) return fail('must be {{host:COMPONENT}}');
        return ctx.hostOf(component) ?? fail(`refers to unknown component "${component}"`);
      }
      case 'port':
      case 'containerPort': {
        if (parts.length !== 3) return fail(`must be {{${kind}:COMPONENT:PORT}}`);
        const n = ctx.portOf(component, name, kind === 'port' ? 'service' : 'container');
        if (n === undefined) {
          return ctx.hostOf(component) === undefined
            ? fail(`refers to unknown component "${component}"`)
            : fail(`refers to unknown port "${name}" of component "${component}"`);
        }
        if (n === null) return fail(`refers to port "${name}" of "${component}", which has no ${kind === 'port' ? 'servicePort' : 'port number'}`);
        return String(n);
      }
      case 'staticVolumeMount': {
        if (parts.length !== 3 && parts.length !== 4) return fail('must be {{staticVolumeMount:COMPONENT:VOLUME[:optional|nullable|required]}}');
        const ifAbsent = parts[3] ?? 'required';
        if (!(IF_ABSENT as readonly string[]).includes(ifAbsent)) {
          return fail(`has "${ifAbsent}" where optional, nullable or required is expected`);
        }
        if (!ctx.volumeExists(name)) return fail(`refers to unknown static volume "${name}" (not in staticVolumes)`);
        const path = ctx.mountOf(component, name);
        if (path === undefined) return fail(`refers to unknown component "${component}"`);
        if (path !== null) return path;
        if (ifAbsent === 'optional') drop = true;
        else if (ifAbsent === 'nullable') empty = true;
        else return fail(`is required but component "${component}" does not mount "${name}": mount it in components.${component}.staticVolumeMounts or mark the reference :optional`);
        return '';
      }
      default:
        return fail(`is not a known placeholder (host, port, containerPort, staticVolumeMount)`);
    }
  });
  if (error) return { error };
  if (drop) return { drop: true };
  if (empty) return { value: '' };
  return { value };
}
