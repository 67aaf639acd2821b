/**
 * The afc-ext app (upstream's helm/afc-ext, the outer cluster) at each version of the 1.0.x model:
 * the same registry shape as afc-int's (versions.ts) - its defaults (that revision's
 * afc-ext/values.yaml as a typed module; 1.0.3.0 a delta over 1.0.1.0; main has 1.0.3.0's file) and
 * its value platforms (that revision's afc-ext/values-{http,mtls,devel}.yaml). fc912b4a had no afc-ext.
 */
import { AfcError, AfcValidationError } from '../src/errors.js';
import { openafcAppModel, OPENAFC_APPS, type OpenafcAppModel, type OpenafcAppName } from '../src/model/openafc/apps.js';
import { openafc_ext_1_0_1_0 } from '../src/model/openafc/defaults/openafc-ext-1.0.1.0.js';
import { openafc_ext_1_0_3_0_delta } from '../src/model/openafc/defaults/openafc-ext-1.0.3.0.js';
import type { OpenafcValues } from '../src/model/openafc/schema.js';
import type { DeepReadonly } from '../src/model/openafc/defaults/refs.js';
import { mergeValues, type Plain } from '../src/model/merge.js';
import { parsePlatformList } from '../src/model/load.js';
import type { PlatformRegistry } from '../src/model/overlay.js';
import * as e101 from './openafc/openafc-ext-1.0.1.0.js';
import { OPENAFC_VERSIONS, openafcVersion, withVersionHints, type OpenafcModelVersion, type OpenafcVersion } from './versions.js';

const extPlatforms: PlatformRegistry<OpenafcValues> = { platforms: { http: e101.http, mtls: e101.mtls, devel: e101.devel }, aliases: {} };

type Defaults = DeepReadonly<OpenafcValues>;
let defaults103: Defaults | undefined;
const extDefaults103 = (): Defaults => (defaults103 ??= mergeValues(openafc_ext_1_0_1_0 as Plain, openafc_ext_1_0_3_0_delta as Plain) as Defaults);

function extVersion(id: string, defaults: () => Defaults): OpenafcModelVersion {
  return {
    id,
    app: 'afc-ext',
    upstream: `helm/afc-ext of ${OPENAFC_VERSIONS[id]!.upstream}`,
    model: '1.0',
    get defaults() {
      return defaults();
    },
    platforms: extPlatforms,
  };
}

/** afc-ext by canonical version id (the versions that had it). */
export const OPENAFC_EXT_VERSIONS: Readonly<Record<string, OpenafcModelVersion>> = {
  '1.0.1.0': extVersion('1.0.1.0', () => openafc_ext_1_0_1_0),
  '1.0.3.0': extVersion('1.0.3.0', extDefaults103),
  '717d3491': extVersion('717d3491', extDefaults103),
};

/** The app of a name, or an AfcError listing the apps. */
export function openafcAppName(app: string | undefined): OpenafcAppName {
  if (app === undefined) return 'afc-int';
  if (!(OPENAFC_APPS as readonly string[]).includes(app)) throw new AfcError(`unknown app "${app}": use afc-int (the inner cluster, the default) or afc-ext (the outer cluster)`);
  return app as OpenafcAppName;
}

/**
 * The version of `name` (an id or alias; default fc912b4a) for `app` (default afc-int): afc-int's
 * entry of versions.ts, or the afc-ext entry; a version without afc-ext is one line naming those with it.
 */
export function openafcAppVersion(name: string | undefined, app: string | undefined): OpenafcVersion {
  const version = openafcVersion(name);
  if (openafcAppName(app) === 'afc-int') return version;
  const ext = OPENAFC_EXT_VERSIONS[version.id];
  if (!ext) {
    const given = name === undefined ? `OpenAFC ${version.id} (the default)` : `OpenAFC ${version.id}`;
    throw new AfcError(`${given} had no afc-ext (the outer cluster came with 1.0.1.0): use --openafc 1.0.1.0, 1.0.3.0 or main with --app afc-ext`);
  }
  return ext;
}

/** The app model of a version (afc-int for every fc912b4a-model entry). */
export const appModelOf = (version: OpenafcVersion): OpenafcAppModel => openafcAppModel(version.app);

/** The versions whose afc-int has a platform afc-ext has not (for the hint). */
function intOnlyPlatform(name: string): string[] {
  if (extPlatforms.platforms[name] !== undefined) return [];
  return Object.values(OPENAFC_VERSIONS).filter((v) => v.platforms.platforms[name] !== undefined).map((v) => v.id);
}

/** One problem line of afc-ext values with a hint when it names something of afc-int. */
function extHint(line: string): string {
  const platform = /^unknown platform "([^"]+)"/.exec(line);
  const intVersions = platform ? intOnlyPlatform(platform[1]!) : [];
  if (platform && intVersions.length > 0) {
    const hardened = platform[1] === 'hardened' ? "; afc-ext's NetworkPolicies are networkPolicies.enabled, egress, egressRange" : '';
    return `${line}; "${platform[1]}" is a platform of afc-int (OpenAFC ${intVersions.join(', ')}), not of afc-ext: drop it, or drop --app afc-ext${hardened}`;
  }
  const component = /^components\.([^.:\s]+): unknown key/.exec(line);
  if (component) return `components.${component[1]}: a component of afc-int, not of afc-ext (afc-ext has dispatcher only): remove it from the afc-ext values, or drop --app afc-ext`;
  return line;
}

/** withVersionHints for afc-int; for afc-ext, the hints of extHint. */
export function appVersionHints(e: unknown, version: OpenafcVersion): unknown {
  if (version.app !== 'afc-ext') return withVersionHints(e, version);
  if (e instanceof AfcValidationError) return new AfcValidationError(e.problems.map(extHint));
  if (!(e instanceof AfcError)) return e;
  const lines = e.message.split('\n');
  const hinted = lines.map(extHint);
  return hinted.every((l, i) => l === lines[i]) ? e : new AfcError(hinted.join('\n'));
}

/**
 * `k3d,http` and repeated flags → canonical platform names of `openafc`'s `app` (default afc-int), in
 * order: the model's parsePlatformList (with its empty-name check) on that app version's registry, an
 * unknown name hinted with the versions and apps that have it.
 */
export function appPlatformList(lists: readonly string[], openafc: string | undefined, app: string | undefined, flag = '--platform'): string[] {
  const version = openafcAppVersion(openafc, app);
  try {
    return parsePlatformList(lists, version.platforms as PlatformRegistry, flag);
  } catch (e) {
    throw appVersionHints(e, version);
  }
}
