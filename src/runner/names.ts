/**
 * Names the runner computes or checks: `AUTO` names, k3d cluster names, Helm release names.
 *
 * `AUTO` (as the scripts did): a cluster or release name is rfc1123(login) + `-` + rfc1123(basename of
 * the checkout root); an image tag is login + `_` + basename, unchanged. The checkout root is the
 * OpenAFC source tree the images are built from: `AFC_SOURCE_ROOT` when set, else the nearest folder
 * at or above the working directory that holds `.git`, else the working directory.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AfcError } from '../errors.js';
import { checkLabel, MAX_RELEASE_NAME } from '../model/names.js';
import { K3D_PREFIX } from '../kit/context.js';
import type { Host } from '../kit/host.js';


export const AUTO = 'AUTO';
export const CURRENT = 'CURRENT';

/** A k3d cluster name becomes part of host names (`k3d-NAME-server-0`): keep it a short label. */
const MAX_CLUSTER = 32;

/**
 * The scripts' rfc1123 of a free-form name: `_` and `+` become `-`, leading and trailing `-` are
 * trimmed, and each run of upper-case letters becomes lower case with a `-` before it (unless at the
 * start or after a `-`) and, for runs of two or more, a `-` after it (unless at the end or before a
 * `-`): `FooBar` → `foo-bar`, `ABCdef` → `abc-def`.
 */
export function scriptRfc1123(name: string, keepDashes = false): string {
  let s = name.replace(/[_+]/g, '-');
  if (!keepDashes) s = s.replace(/^-+|-+$/g, '');
  for (let m = /[A-Z]+/.exec(s); m !== null; m = /[A-Z]+/.exec(s)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = start > 0 && s[start - 1] !== '-' ? '-' : '';
    const after = m[0].length > 1 && end < s.length && s[end] !== '-' ? '-' : '';
    s = `${s.slice(0, start)}${before}${m[0].toLowerCase()}${after}${s.slice(end)}`;
  }
  return s;
}

/** The OpenAFC checkout root (see the module comment). */
export function checkoutRoot(host: Host): string {
  const fromEnv = host.env.AFC_SOURCE_ROOT;
  if (fromEnv) return resolve(host.cwd, fromEnv);
  for (let dir = resolve(host.cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return resolve(host.cwd);
  }
}

const rootBase = (host: Host): string => basename(checkoutRoot(host)) || 'root';

/** The AUTO cluster or release name. */
export const autoName = (host: Host): string => `${scriptRfc1123(host.login())}-${scriptRfc1123(rootBase(host))}`;

/** The AUTO image tag. */
export const autoTag = (host: Host): string => `${host.login()}_${rootBase(host)}`;

/** A k3d cluster name from the command line: `AUTO` expanded, a `k3d-` prefix dropped, then checked. */
export function clusterName(arg: string, host: Host): string {
  let name = arg.startsWith(K3D_PREFIX) ? arg.slice(K3D_PREFIX.length) : arg;
  if (name === AUTO) name = autoName(host);
  return checkLabel('cluster name', name, MAX_CLUSTER, ' (or AUTO)');
}

/** A Helm release name from the command line: `AUTO` expanded, then checked. */
export function releaseFromArg(arg: string, host: Host): string {
  return checkLabel('release name', arg === AUTO ? autoName(host) : arg, MAX_RELEASE_NAME, ' (or AUTO)');
}

/** An image tag from the command line: `AUTO` expanded, then checked against Docker's tag syntax. */
export function imageTag(arg: string, host: Host): string {
  const tag = arg === AUTO ? autoTag(host) : arg;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    throw new AfcError(`image tag "${tag}" is not a valid Docker tag: use up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"`);
  }
  return tag;
}
