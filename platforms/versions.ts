/**
 * The versions of OpenAFC the model knows (`--openafc`): each one data - the model it is written in,
 * its defaults (that revision's values.yaml as a typed module; a later one as a delta over the earlier
 * one) and its value platforms (that revision's values-*.yaml). Keyed by app (`afc-int` today; the
 * outer cluster `afc-ext` is a later app of the same registry).
 */
import { AfcError, AfcValidationError } from '../src/errors.js';
import { openafc_1_0_1_0 } from '../src/model/openafc/defaults/openafc-1.0.1.0.js';
import { openafc_1_0_3_0_delta } from '../src/model/openafc/defaults/openafc-1.0.3.0.js';
import { openafc_main_717d3491_delta } from '../src/model/openafc/defaults/openafc-main-717d3491.js';
import type { DeepReadonly } from '../src/model/openafc/defaults/refs.js';
import { openafcSchemas, type OpenafcValues } from '../src/model/openafc/schema.js';
import { mergeValues, type Plain } from '../src/model/merge.js';
import { parsePlatformList } from '../src/model/load.js';
import type { PlatformRegistry } from '../src/model/overlay.js';
import { schemas } from '../src/model/schema.js';
import { builtinPlatforms } from './index.js';
import * as p101 from './openafc/openafc-1.0.1.0.js';
import * as p103 from './openafc/openafc-1.0.3.0.js';
import { hardenedRefusal } from './openafc/hardened-1.0.js';

/** The version every command uses unless told otherwise: the chart afc has reproduced from the start. */
export const DEFAULT_OPENAFC = 'fc912b4a';

/** The apps of a version (the afc-int chart; afc-ext: platforms/ext-versions.ts). */
export type OpenafcApp = 'afc-int' | 'afc-ext';

interface VersionBase {
  readonly id: string;
  readonly app: OpenafcApp;
  /** What the revision is, for help and errors. */
  readonly upstream: string;
}

/** fc912b4a: the original model (src/model/schema.ts, defaults/, the platforms of platforms/index.ts). */
export interface OriginalVersion extends VersionBase {
  readonly model: 'fc912b4a';
  readonly platforms: PlatformRegistry;
}

/** A revision of the 1.0.x model (src/model/openafc). */
export interface OpenafcModelVersion extends VersionBase {
  readonly model: '1.0';
  /** The defaults: values.yaml of the revision, as typed data (never mutated: merges copy). */
  readonly defaults: DeepReadonly<OpenafcValues>;
  readonly platforms: PlatformRegistry<OpenafcValues>;
}

export type OpenafcVersion = OriginalVersion | OpenafcModelVersion;

const platforms101: PlatformRegistry<OpenafcValues> = {
  platforms: { k3d: p101.k3d, http: p101.http, msghnd: p101.msghnd, mtls: p101.mtls, devel: p101.devel, no_secrets: p101.noSecrets },
  aliases: { 'no-secrets': 'no_secrets' },
};
const platforms103: PlatformRegistry<OpenafcValues> = { ...platforms101, platforms: { ...platforms101.platforms, k3d: p103.k3d, no_secrets: p103.noSecrets } };

/** A revision's defaults, merged from its deltas on first use (a synth of fc912b4a never pays for them). */
type Defaults = DeepReadonly<OpenafcValues>;
function lazyDefaults(make: () => Defaults): () => Defaults {
  let made: Defaults | undefined;
  return () => (made ??= make());
}
const defaults101 = (): Defaults => openafc_1_0_1_0;
const defaults103 = lazyDefaults(() => mergeValues(openafc_1_0_1_0 as Plain, openafc_1_0_3_0_delta as Plain) as Defaults);
const defaultsMain = lazyDefaults(() => mergeValues(defaults103() as Plain, openafc_main_717d3491_delta as Plain) as Defaults);

/** A version of the 1.0.x model whose defaults are computed when first read. */
function modelVersion(id: string, upstream: string, defaults: () => Defaults, platforms: PlatformRegistry<OpenafcValues>): OpenafcModelVersion {
  return {
    id,
    app: 'afc-int',
    upstream,
    model: '1.0',
    get defaults() {
      return defaults();
    },
    platforms,
  };
}

/** The known versions by canonical id, oldest first. */
export const OPENAFC_VERSIONS: Readonly<Record<string, OpenafcVersion>> = {
  fc912b4a: { id: 'fc912b4a', app: 'afc-int', upstream: 'helm/afc-int at fc912b4a (2024-04-11)', model: 'fc912b4a', platforms: builtinPlatforms },
  '1.0.1.0': modelVersion('1.0.1.0', 'tag 1.0.1.0 (2024-10-27; 1.0.2.0 has the same helm/)', defaults101, platforms101),
  '1.0.3.0': modelVersion('1.0.3.0', 'tag 1.0.3.0 (2025-03-13, the latest release)', defaults103, platforms103),
  '717d3491': modelVersion('717d3491', 'main at 717d3491 (helm/ of 2025-06-15)', defaultsMain, platforms103),
};

/** Other names of versions. */
export const OPENAFC_ALIASES: Readonly<Record<string, string>> = { '1.0.2.0': '1.0.1.0', 'latest-release': '1.0.3.0', main: '717d3491' };

/** Every accepted name, for help texts. */
export const openafcVersionNames = (): string[] => [...Object.keys(OPENAFC_VERSIONS), ...Object.keys(OPENAFC_ALIASES)];

/** The version of a name (an id or an alias), or an AfcError listing the known ones. */
export function openafcVersion(name: string | undefined): OpenafcVersion {
  const id = name === undefined ? DEFAULT_OPENAFC : (OPENAFC_ALIASES[name] ?? name);
  const version = OPENAFC_VERSIONS[id];
  if (!version) {
    const aliases = Object.entries(OPENAFC_ALIASES).map(([a, v]) => `${a} (= ${v})`);
    throw new AfcError(`unknown OpenAFC version "${name}": use one of ${[...Object.keys(OPENAFC_VERSIONS), ...aliases].join(', ')}`);
  }
  return version;
}

const keysOf = (o: object): Set<string> => new Set(Object.keys(o));

/**
 * `line` (a validation problem) with a hint when its unknown key is a key of another model: "sharedEnv:
 * unknown key" under fc912b4a names the versions that have sharedEnv, and the reverse.
 */
export function otherVersionHint(line: string, version: OpenafcVersion): string {
  const platform = /^unknown platform "([^"]+)"/.exec(line);
  if (platform) {
    // `hardened` under a 1.0.x version: why it is refused (not "unknown").
    if (platform[1] === 'hardened' && version.model === '1.0') return hardenedRefusal(version.id) ?? line;
    const elsewhere = Object.values(OPENAFC_VERSIONS).filter((v) => v.id !== version.id && v.platforms.platforms[platform[1]!] !== undefined).map((v) => v.id);
    return elsewhere.length === 0 ? line : `${line}; "${platform[1]}" is a platform of OpenAFC ${elsewhere.join(', ')} only (for now): drop it, or use --openafc ${elsewhere[0]}`;
  }
  const m = /^([^:\s]+): unknown key/.exec(line);
  if (!m) return line;
  const path = m[1]!.split('.');
  const original = schemas();
  const next = openafcSchemas();
  const has = (model: 'fc912b4a' | '1.0'): boolean => {
    const top = model === '1.0' ? next.values.shape : original.valuesSchema.shape;
    const component = model === '1.0' ? next.component.shape : original.componentSchema.shape;
    const components = model === '1.0' ? next.values.shape.components.unwrap().shape : original.valuesSchema.shape.components.unwrap().shape;
    if (path.length === 1) return keysOf(top).has(path[0]!);
    if (path[0] === 'components' && path.length === 2) return keysOf(components).has(path[1]!);
    if (path[0] === 'components' && path.length === 3) return keysOf(component).has(path[2]!);
    return false;
  };
  const other = version.model === 'fc912b4a' ? '1.0' : 'fc912b4a';
  if (!has(other)) return line;
  const ids = Object.values(OPENAFC_VERSIONS).filter((v) => v.model === other).map((v) => v.id);
  const pick = other === 'fc912b4a' ? 'fc912b4a (the default: drop --openafc)' : '1.0.3.0 or main';
  return `${m[1]}: a key of OpenAFC ${ids.join(', ')}, not of ${version.id}: use --openafc ${pick}, or remove the key`;
}

/** An AfcError whose lines carry otherVersionHint; anything else unchanged. */
export function withVersionHints(e: unknown, version: OpenafcVersion): unknown {
  if (e instanceof AfcValidationError) {
    const hinted = e.problems.map((l) => otherVersionHint(l, version));
    return hinted.every((l, i) => l === e.problems[i]) ? e : new AfcValidationError(hinted);
  }
  if (!(e instanceof AfcError)) return e;
  const lines = e.message.split('\n');
  const hinted = lines.map((l) => otherVersionHint(l, version));
  if (hinted.every((l, i) => l === lines[i])) return e;
  return new AfcError(hinted.join('\n'));
}

/**
 * `k3d,http` and repeated flags → canonical platform names of `openafc`'s registry, in order (the
 * model's parsePlatformList, with its empty-name check); an unknown name says which versions have it.
 */
export function versionPlatformList(lists: readonly string[], openafc: string | undefined, flag = '--platform'): string[] {
  const version = openafcVersion(openafc);
  try {
    return parsePlatformList(lists, version.platforms as PlatformRegistry, flag);
  } catch (e) {
    throw withVersionHints(e, version);
  }
}
