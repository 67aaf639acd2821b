/**
 * Values of the 1.0.x model for one synth: the version's defaults, its platforms in order, the values
 * files, the `--set` assignments, validated as a whole. Upstream's files use `null` both ways; Helm's
 * rule decides: a null removes a key the values have so far, and a null of a key they do not have
 * declares it (helm keeps such a key, present and empty). The declared key becomes the model's own
 * data: a mounted secret `true`, an external IP `''`, a static volume `{}` (still to be given).
 */
import { AfcError } from '../../errors.js';
import { clone, isPlainObject, mergeValues, type Plain } from '../merge.js';
import type { PlatformRegistry } from '../overlay.js';
import { parseSet } from '../set.js';
import { platformName, readValuesFile, type ValuesOptions } from '../load.js';
import { describeIssue } from '../validate.js';
import { OPENAFC_INT_APP, type OpenafcAppModel } from './apps.js';
import type { OpenafcValues } from './schema.js';

/** A null of a key `base` lacks, at a path where upstream's null means "present", becomes the model's marker. */
export function declarePresent(overlay: Plain, base: Plain): Plain {
  const out = clone(overlay);
  const fill = (o: unknown, b: unknown, marker: () => unknown): void => {
    if (!isPlainObject(o)) return;
    for (const [k, v] of Object.entries(o)) if (v === null && !(isPlainObject(b) && k in b)) o[k] = marker();
  };
  fill(out.externalIps, base.externalIps, () => '');
  fill(out.staticVolumes, base.staticVolumes, () => ({}));
  const comps = out.components;
  if (isPlainObject(comps)) {
    for (const [key, c] of Object.entries(comps)) {
      if (!isPlainObject(c)) continue;
      const baseMounts = (base.components as Record<string, Plain | undefined> | undefined)?.[key]?.mountedSecrets;
      fill(c.mountedSecrets, Array.isArray(baseMounts) ? {} : baseMounts, () => true);
    }
  }
  return out;
}

/** Merged values of a version (unvalidated). */
export function mergeOpenafc(defaults: Plain, opts: ValuesOptions, registry: PlatformRegistry<OpenafcValues>): Plain {
  let values = clone(defaults);
  for (const name of opts.platforms ?? []) values = mergeValues(values, registry.platforms[platformName(name, registry as PlatformRegistry)]!.values as Plain);
  for (const file of opts.valuesFiles ?? []) values = mergeValues(values, declarePresent(readValuesFile(file), values));
  for (const set of opts.sets ?? []) values = mergeValues(values, declarePresent(parseSet(set), values));
  return values;
}

/**
 * Validated 1.0.x values of an app (default afc-int, whose messages name the version only); throws
 * AfcError (one line per problem). `version` names the model in messages.
 */
export function validateOpenafc(merged: Plain, version: string, app: OpenafcAppModel = OPENAFC_INT_APP): OpenafcValues {
  const result = app.schemas().values.safeParse(merged);
  if (!result.success) {
    const lines = result.error.issues.map((i) => describeIssue(i, merged));
    const of = app === OPENAFC_INT_APP ? `OpenAFC ${version}` : `${app.app} of OpenAFC ${version}`;
    throw new AfcError(lines.map((l) => `${l} (values of ${of})`).join('\n'));
  }
  return result.data;
}
