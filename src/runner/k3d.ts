/**
 * What the runner asks k3d (all read-only): the clusters with their nodes' port mappings, and the
 * registries. Answers are validated, so a k3d that prints something else fails with one clear line.
 */
import { z } from 'zod';
import { parseAnswer } from '../kit/answer.js';
import type { Exec } from '../kit/exec.js';


/** Docker's port mapping list: `{"30080/tcp": [{"HostIp": "0.0.0.0", "HostPort": "30000"}]}`. */
const portMappingsSchema = z
  .record(z.string(), z.array(z.looseObject({ HostIp: z.string().optional(), HostPort: z.string().optional() })).nullable())
  .nullish();

const clusterSchema = z.looseObject({
  name: z.string(),
  nodes: z.array(z.looseObject({ name: z.string().optional(), portMappings: portMappingsSchema })).nullish(),
});
export type K3dCluster = z.infer<typeof clusterSchema>;

const registrySchema = z.looseObject({ name: z.string(), portMappings: portMappingsSchema });
export type K3dRegistry = z.infer<typeof registrySchema>;

export async function listClusters(exec: Exec): Promise<K3dCluster[]> {
  const text = await exec.query('k3d', ['cluster', 'list', '-o', 'json']);
  return parseAnswer(text, z.array(clusterSchema), 'k3d cluster list -o json');
}

export async function listRegistries(exec: Exec): Promise<K3dRegistry[]> {
  const text = await exec.query('k3d', ['registry', 'list', '-o', 'json']);
  return parseAnswer(text, z.array(registrySchema), 'k3d registry list -o json');
}

/** Host port → node port of every node's `N/tcp` mappings that have a host port. */
export function clusterPortMappings(cluster: K3dCluster): Map<number, number> {
  const out = new Map<number, number>();
  for (const node of cluster.nodes ?? []) {
    for (const [key, mappings] of Object.entries(node.portMappings ?? {})) {
      const m = /^(\d+)\/tcp$/.exec(key);
      if (!m) continue;
      for (const mapping of mappings ?? []) {
        if (mapping.HostPort) out.set(Number(mapping.HostPort), Number(m[1]));
      }
    }
  }
  return out;
}

/** The host port published for a registry's port 5000, if any. */
export function registryHostPort(registry: K3dRegistry): string | undefined {
  return registry.portMappings?.['5000/tcp']?.[0]?.HostPort;
}
