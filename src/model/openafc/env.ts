/**
 * Env lists of the 1.0.x model: a component's `env`, then each of its `sharedEnvKeys` groups, each map
 * in key order (Go's map order), with the placeholders of upstream's values.yaml resolved:
 * `{{host:C}}`, `{{port:C:P}}`, `{{containerPort:C:P}}`, `{{staticVolumeMount:C:V[:IFABSENT]}}`,
 * `{{secretFile:SECRET[:IFABSENT]}}` (the file the mounted secret's property becomes),
 * `{{secretProperty:SECRET[:IFABSENT]}}`, `{{ip:KEY[:IFABSENT]}}` (externalIps) and
 * `{{sameAs:GROUP:ENTRY[:IFABSENT]}}`; IFABSENT is optional (drop the variable), nullable (empty
 * value) or required (an error, the default). Keys ending in `@S` / `@I` render as string / integer.
 */
import { goValueString } from '../env.js';
import { isPlainObject, mergeValues, type Plain } from '../merge.js';
import type { OpenafcComponent, OpenafcValues } from './schema.js';

/** A container env variable. */
export interface EnvVar {
  readonly name: string;
  readonly value: string;
}

type EnvMap = Readonly<Record<string, string | number | boolean | null>>;

const IF_ABSENT = ['optional', 'nullable', 'required'];
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
type Outcome = { value: string } | { drop: true };

/**
 * `own` over `base` as upstream's templates merge a component with components.default (sprig's
 * `merge`, mergo underneath): maps merge, and a value of `own` wins unless it is a zero value
 * (false, 0, '') where `base` has one that is not - so `noIngress: false` on a component does not undo
 * `components.default.noIngress: true`.
 */
function mergeLikeSprig(base: Plain, own: Plain): Plain {
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(own)) {
    const b = base[k];
    if (isPlainObject(v) && isPlainObject(b)) out[k] = mergeLikeSprig(b, v);
    else if ((v === false || v === 0 || v === '') && b !== undefined && b !== null) continue;
    else out[k] = v;
  }
  return out;
}

const merged = new WeakMap<OpenafcValues, Map<string, OpenafcComponent | undefined>>();

/** A component merged with components.default the way upstream's templates do (memoized per values). */
export function mergedOpenafcComponent(values: OpenafcValues, key: string): OpenafcComponent | undefined {
  let byKey = merged.get(values);
  if (!byKey) merged.set(values, (byKey = new Map()));
  if (byKey.has(key)) return byKey.get(key);
  const own = (values.components as Record<string, OpenafcComponent | undefined> | undefined)?.[key];
  const result = own === undefined ? undefined : (mergeLikeSprig((values.components?.default ?? {}) as Plain, own as Plain) as OpenafcComponent);
  byKey.set(key, result);
  return result;
}

/** The Service host name of a component (service.hostname, else its key). */
export const openafcHostOf = (c: OpenafcComponent, key: string): string => c.service?.hostname ?? key;

type ExternalSecretDef = NonNullable<OpenafcValues['externalSecrets']>[string];
const secretDefs = new WeakMap<OpenafcValues, Map<string, ExternalSecretDef | undefined>>();

/** The merged definition of an external secret (its entry over externalSecrets.default), or undefined; memoized per values. */
export function externalSecretDef(values: OpenafcValues, name: string): ExternalSecretDef | undefined {
  let byName = secretDefs.get(values);
  if (!byName) secretDefs.set(values, (byName = new Map()));
  if (byName.has(name)) return byName.get(name);
  const all = values.externalSecrets;
  const def = all ? (mergeValues((all.default ?? {}) as Plain, (all[name] ?? {}) as Plain) as ExternalSecretDef) : undefined;
  byName.set(name, def);
  return def;
}

/** Where a secret is mounted: mountPath, else mountPathPrefix + name; throws when neither is set. */
export function secretMountPath(values: OpenafcValues, name: string): string {
  const def = externalSecretDef(values, name) ?? {};
  if (def.mountPath !== undefined) return def.mountPath;
  if (def.mountPathPrefix === undefined) throw new Error(`externalSecrets.${name}: has neither mountPath nor mountPathPrefix: set one (or externalSecrets.default.mountPathPrefix)`);
  return `${def.mountPathPrefix}${name}`;
}

/** Resolves one value; throws Error(message) on a bad reference. */
function resolveValue(values: OpenafcValues, where: string, raw: string, depth = 0): Outcome {
  let drop = false;
  let empty = false;
  const absent = (mode: string, message: string): string => {
    if (mode === 'optional') drop = true;
    else if (mode === 'nullable') empty = true;
    else throw new Error(`${where}: ${message}`);
    return '';
  };
  const value = raw.replace(PLACEHOLDER, (whole, body: string) => {
    const parts = body.split(':');
    const [kind = ''] = parts;
    const mode = (n: number): string => {
      const m = parts[n] ?? 'required';
      if (!IF_ABSENT.includes(m)) throw new Error(`${where}: ${whole} has "${m}" where optional, nullable or required is expected`);
      return m;
    };
    const component = (key: string): OpenafcComponent => {
      const c = mergedOpenafcComponent(values, key);
      if (!c) throw new Error(`${where}: ${whole} refers to unknown component "${key}"`);
      return c;
    };
    switch (kind) {
      case 'host':
        return openafcHostOf(component(parts[1] ?? ''), parts[1] ?? '');
      case 'port':
      case 'containerPort': {
        const [, c = '', p = ''] = parts;
        const port = component(c).ports?.[p];
        if (!port) throw new Error(`${where}: ${whole} refers to unknown port "${p}" of component "${c}"`);
        if (port.servicePort === undefined) throw new Error(`${where}: ${whole}: port "${p}" of "${c}" has no servicePort`);
        return String(kind === 'port' ? port.servicePort : (port.containerPort ?? port.servicePort));
      }
      case 'staticVolumeMount': {
        const [, c = '', v = ''] = parts;
        const mounts = component(c).staticVolumeMounts ?? {};
        if (!(v in mounts)) throw new Error(`${where}: ${whole}: component "${c}" defines no mount of static volume "${v}"`);
        return mounts[v] || absent(mode(3), `${whole}: component "${c}" does not mount "${v}"`);
      }
      case 'secretFile':
      case 'secretProperty': {
        const name = parts[1] ?? '';
        const property = externalSecretDef(values, name)?.property;
        if (!property) return absent(mode(2), `${whole}: external secret "${name}" is not defined or has no property: define externalSecrets.${name}.property, or mark the reference :optional`);
        return kind === 'secretProperty' ? property : `${secretMountPath(values, name)}/${property}`;
      }
      case 'ip': {
        const key = parts[1] ?? '';
        const ips = values.externalIps ?? {};
        if (!(key in ips)) throw new Error(`${where}: ${whole}: "${key}" is not a key of externalIps: add externalIps.${key}`);
        return ips[key] || absent(mode(2), `${whole}: externalIps.${key} has no address: set it in a values file (e.g. externalIps.${key}: 192.0.2.10)`);
      }
      case 'sameAs': {
        const [, group = '', entry = ''] = parts;
        const shared = values.sharedEnv?.[group];
        if (!shared) throw new Error(`${where}: ${whole}: sharedEnv.${group} is not defined`);
        const target = shared[entry];
        if (target === undefined || target === null) return absent(mode(3), `${whole}: sharedEnv.${group} has no entry ${entry}`);
        if (depth > 8) throw new Error(`${where}: ${whole}: sameAs references loop`);
        const inner = typeof target === 'string' ? resolveValue(values, `sharedEnv.${group}.${entry}`, target, depth + 1) : { value: goValueString(target) };
        if ('drop' in inner) drop = true;
        return 'value' in inner ? inner.value : '';
      }
      default:
        throw new Error(`${where}: ${whole} is not a known placeholder (host, port, containerPort, staticVolumeMount, secretFile, secretProperty, ip, sameAs)`);
    }
  });
  if (drop) return { drop: true };
  return { value: empty ? '' : value };
}

/** The env entries of one map, in key order; `where` prefixes error messages. */
function entries(values: OpenafcValues, where: string, env: EnvMap | undefined): EnvVar[] {
  const out: EnvVar[] = [];
  for (const key of Object.keys(env ?? {}).sort()) {
    const raw = env![key];
    if (raw === null || raw === undefined) continue;
    if (key.endsWith('@S')) out.push({ name: key.slice(0, -2), value: String(raw) });
    else if (key.endsWith('@I')) {
      const n = typeof raw === 'number' ? raw : Number(raw);
      if (!Number.isFinite(n)) throw new Error(`${where}.${key}: "${String(raw)}" is not a number: give an integer or drop the @I suffix`);
      out.push({ name: key.slice(0, -2), value: BigInt(Math.trunc(n)).toString() });
    } else if (typeof raw === 'string') {
      const r = resolveValue(values, `${where}.${key}`, raw);
      if ('value' in r) out.push({ name: key, value: r.value });
    } else out.push({ name: key, value: goValueString(raw) });
  }
  return out;
}

/** The env list of a (merged) component: its own env, then its sharedEnvKeys groups in order. */
export function componentEnv(values: OpenafcValues, key: string, c: OpenafcComponent): EnvVar[] {
  const out = entries(values, `components.${key}.env`, c.env);
  for (const group of c.sharedEnvKeys ?? []) {
    const shared = values.sharedEnv?.[group];
    if (shared === undefined) throw new Error(`components.${key}.sharedEnvKeys: sharedEnv.${group} is not defined: define it or remove the key`);
    out.push(...entries(values, `sharedEnv.${group}`, shared));
  }
  return out;
}
