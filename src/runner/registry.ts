/**
 * Choosing the k3d image registry: `--k3d-reg [HOST][:PORT]` filters the running registries by name
 * (with or without the `k3d-` prefix) and by host port; exactly one must remain.
 */
import { AfcError } from '../errors.js';
import type { Exec } from '../kit/exec.js';
import { listRegistries, registryHostPort, type K3dRegistry } from './k3d.js';
import { K3D_PREFIX } from '../kit/context.js';

export interface Registry {
  /** Registry (and container) name, e.g. `k3d-afcregistry.localhost`. */
  readonly name: string;
  /** Host port of the registry, e.g. `41237`. */
  readonly port: string;
  /** `NAME:PORT`: what k3d clusters pull from and images are tagged with. */
  readonly address: string;
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
