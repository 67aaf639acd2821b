/**
 * Choosing the k3d image registry: `--k3d-reg [HOST][:PORT]` filters the running registries by name
 * (with or without the `k3d-` prefix) and by host port; exactly one must remain.
 */
import { AfcError } from '../errors.js';
import type { Exec } from '../kit/exec.js';
import { listRegistries, registryHostPort, type K3dRegistry } from './k3d.js';
import { K3D_PREFIX } from '../kit/context.js';
import { runPlanned } from '../kit/plan.js';
import { Progress } from '../kit/progress.js';

export interface Registry {
  /** Registry (and container) name, e.g. `k3d-afcregistry.localhost`. */
  readonly name: string;
  /** Host port of the registry, e.g. `41237`. */
  readonly port: string;
  /** `NAME:PORT`: what k3d clusters pull from and images are tagged with. */
  readonly address: string;
  /**
   * Where images are pushed when that is not `address` (upstream's --push_registry): they are tagged
   * with both and pushed here. Set for a registry given by address (externalRegistry), never for a k3d one.
   */
  readonly push?: string;
  /** Given by address (--registry), not a running k3d registry: no localhost fallback when pushing. */
  readonly external?: boolean;
}

/** A registry address as docker and helm take it: HOST[:PORT][/PATH], no scheme. */
const REGISTRY_ADDRESS = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?(\/[a-z0-9]+([._/-][a-z0-9]+)*)?$/;

/**
 * `--registry PULL [--push-registry PUSH]` (helm_install_int.py's --registry/--push_registry): a registry
 * given by address, which the cluster pulls from, and where images are pushed (PUSH, else PULL).
 */
export function externalRegistry(pull: string, push: string | undefined): Registry {
  for (const [flag, value] of [['--registry', pull], ['--push-registry', push]] as const) {
    if (value !== undefined && !REGISTRY_ADDRESS.test(value)) {
      throw new AfcError(`${flag} "${value}" is not a registry address: give HOST[:PORT][/PATH], e.g. registry.example.com/afc (no scheme)`);
    }
  }
  const host = pull.split('/')[0]!;
  const colon = host.indexOf(':');
  return {
    name: colon < 0 ? host : host.slice(0, colon),
    port: colon < 0 ? '' : host.slice(colon + 1),
    address: pull,
    external: true,
    ...(push !== undefined && push !== pull ? { push } : {}),
  };
}

export function selectRegistry(registries: readonly K3dRegistry[], arg: string | undefined): Registry {
  const spec = arg ?? '';
  const colon = spec.indexOf(':');
  const host = colon < 0 ? spec : spec.slice(0, colon);
  const port = colon < 0 ? '' : spec.slice(colon + 1);
  if (port !== '' && !/^\d+$/.test(port)) {
    throw new AfcError(`--k3d-reg "${spec}" has a port that is not a number: use [NAME][:PORT], e.g. afcregistry.localhost:41237`);
  }
  const all: Registry[] = registries.flatMap((r) => {
    const p = registryHostPort(r);
    return p ? [{ name: r.name, port: p, address: `${r.name}:${p}` }] : [];
  });
  const matching = all.filter((r) => (host === '' || r.name === host || r.name === `${K3D_PREFIX}${host}`) && (port === '' || r.port === port));
  const running = all.map((r) => r.address).join(', ') || 'none';
  if (matching.length === 1) return matching[0]!;
  if (matching.length > 1) {
    throw new AfcError(
      arg === undefined
        ? `several k3d registries are running (${running}): choose one with --k3d-reg NAME[:PORT]`
        : `several k3d registries match --k3d-reg "${spec}" (${matching.map((r) => r.address).join(', ')}): name one more precisely with --k3d-reg NAME:PORT`,
    );
  }
  throw new AfcError(
    arg === undefined
      ? 'no k3d registry is running: start one (k3d registry create afcregistry.localhost) or name one with --k3d-reg NAME[:PORT]'
      : `no running k3d registry matches --k3d-reg "${spec}" (running: ${running}): fix --k3d-reg`,
  );
}

/** Lists the registries (read-only) and selects one. */
export async function findRegistry(exec: Exec, arg: string | undefined): Promise<Registry> {
  return selectRegistry(await listRegistries(exec), arg);
}

/** The registry `afc images registry create` makes when no name is given (upstream k3d_registry.py's). */
export const DEFAULT_REGISTRY_NAME = 'afc-registry.localhost';

export interface RegistryCommandOptions {
  /** Registry name (with or without the k3d- prefix). */
  readonly name?: string;
  /** create: beside another running registry; delete: every running registry when no name is given. */
  readonly force?: boolean;
}

/** What `afc images registry create|delete` does: k3d argv lists (none: nothing to do) and a message. Pure. */
export interface RegistryPlan {
  readonly commands: readonly (readonly string[])[];
  readonly message: string;
}

const bare = (name: string): string => (name.startsWith(K3D_PREFIX) ? name.slice(K3D_PREFIX.length) : name);

/**
 * Idempotent create/delete of the k3d registry, as upstream's k3d_registry.py decides from
 * `k3d registry list`, except where it failed or did nothing silently: creating a registry that runs
 * already succeeds without a change (the script failed), and creating a second one beside a running
 * other without --force is refused with the fix (the script printed "Registry is currently running"
 * and exited 0 without creating what was asked).
 */
export function planRegistry(action: 'create' | 'delete', running: readonly K3dRegistry[], opts: RegistryCommandOptions): RegistryPlan {
  if (opts.name !== undefined && !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(bare(opts.name))) {
    throw new AfcError(`registry name "${opts.name}" is not a k3d registry name: use lower-case letters, digits, "-" and ".", e.g. ${DEFAULT_REGISTRY_NAME}`);
  }
  const names = running.map((r) => r.name);
  const match = opts.name === undefined ? undefined : running.find((r) => bare(r.name) === bare(opts.name!));
  if (action === 'create') {
    const name = opts.name ?? DEFAULT_REGISTRY_NAME;
    if (match) return { commands: [], message: `k3d registry ${match.name} is running already: nothing to do` };
    if (opts.name === undefined && names.length > 0) return { commands: [], message: `a k3d registry is running already (${names.join(', ')}): nothing to do` };
    if (names.length > 0 && !opts.force) {
      throw new AfcError(`another k3d registry is running (${names.join(', ')}): use it (--k3d-reg), or create ${name} beside it with --force`);
    }
    return { commands: [['registry', 'create', bare(name)]], message: `k3d registry ${K3D_PREFIX}${bare(name)} created` };
  }
  if (opts.name !== undefined) {
    if (!match) return { commands: [], message: `k3d registry ${opts.name} is not running: nothing to do` };
    return { commands: [['registry', 'delete', match.name]], message: `k3d registry ${match.name} deleted` };
  }
  if (names.length === 0) return { commands: [], message: 'no k3d registry is running: nothing to do' };
  if (names.length > 1 && !opts.force) {
    throw new AfcError(`${names.length} k3d registries are running (${names.join(', ')}): name the one to delete, or delete them all with --force`);
  }
  return { commands: names.map((n) => ['registry', 'delete', n]), message: `k3d registr${names.length === 1 ? 'y' : 'ies'} ${names.join(', ')} deleted` };
}

/** Lists the registries (read-only), plans, then runs the k3d commands (printed with --dry-run). */
export async function registryCommand(exec: Exec, action: 'create' | 'delete', opts: RegistryCommandOptions): Promise<string> {
  const plan = planRegistry(action, await listRegistries(exec), opts);
  for (const args of plan.commands) await runPlanned(exec, new Progress(exec.host, exec.dryRun), { tool: 'k3d', args, opts: { kind: 'cluster', step: `${action === 'create' ? 'creating' : 'deleting'} k3d registry ${args[2]}` } });
  return plan.message;
}
