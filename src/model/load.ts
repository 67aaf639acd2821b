/**
 * Builds the chart values for one synth: defaults, then platform overlays in order, then values files
 * (`-f`) in order, then `--set` assignments; validated as a whole. The platform overlays come from the
 * registry the caller passes (platforms/index.ts: `builtinPlatforms`).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { AfcError } from '../errors.js';
import { defaults } from './defaults/index.js';
import { clone, isPlainObject, mergeValues, type Plain } from './merge.js';
import { parseSet } from './set.js';
import type { PlatformRegistry } from './overlay.js';
import type { Values } from './schema.js';
import { validateValues } from './validate.js';

export interface ValuesOptions {
  /** Platform overlay names (k3d, gcp, http, no_secrets / no-secrets, minikube), applied in order. */
  readonly platforms?: readonly string[];
  /** YAML values files, applied in order after the platforms. */
  readonly valuesFiles?: readonly string[];
  /** Helm-style `PATH=VALUE` assignments, applied last. */
  readonly sets?: readonly string[];
}

/** The canonical platform name, or an AfcError naming the known ones. */
export function platformName(name: string, registry: PlatformRegistry): string {
  const canonical = registry.aliases[name] ?? name;
  if (!registry.platforms[canonical]) {
    throw new AfcError(`unknown platform "${name}": use one of ${Object.keys(registry.platforms).join(', ')} (comma-separated, applied in order)`);
  }
  return canonical;
}

/** One values file as an overlay map. */
export function readValuesFile(file: string): Plain {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AfcError(`values file "${file}" cannot be read (${code ?? String(e)}): check the path`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: false });
  } catch (e) {
    const reason = String((e as Error).message).split('\n')[0];
    throw new AfcError(`values file "${file}" is not valid YAML: ${reason}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isPlainObject(doc)) throw new AfcError(`values file "${file}" must hold a map of values at the top level`);
  return doc;
}

/** Merged, unvalidated values. */
export function mergeAll(opts: ValuesOptions, registry: PlatformRegistry): Plain {
  let values = clone(defaults) as Plain;
  for (const name of opts.platforms ?? []) values = mergeValues(values, registry.platforms[platformName(name, registry)]!.values as Plain);
  for (const file of opts.valuesFiles ?? []) values = mergeValues(values, readValuesFile(file));
  for (const set of opts.sets ?? []) values = mergeValues(values, parseSet(set));
  return values;
}

/**
 * Whether the inputs are static data only: the defaults and distinct platforms of a prevalidated
 * registry, no values file, no --set. Their merge is validated for every such platform sequence by
 * test/model/static-values.test.ts, so it is not validated again on every run.
 */
export function isStaticInput(opts: ValuesOptions, registry: PlatformRegistry): boolean {
  if (registry.prevalidated !== true) return false;
  if ((opts.valuesFiles?.length ?? 0) > 0 || (opts.sets?.length ?? 0) > 0) return false;
  const names = (opts.platforms ?? []).map((name) => platformName(name, registry));
  return new Set(names).size === names.length;
}

/** Merged and validated values; throws AfcError (one line per problem) on bad input. */
export function resolveValues(opts: ValuesOptions, registry: PlatformRegistry): Values {
  const merged = mergeAll(opts, registry);
  return isStaticInput(opts, registry) ? (merged as Values) : validateValues(merged);
}
