/**
 * The field check before `helm upgrade` (afc install --upgrade): the fields of the rendered chart that
 * other field managers own on the live objects, found before anything changes. Helm's own server dry
 * run sees none of them:
 * - Helm 4 upgrading a release it applied server-side (`helm get metadata` applyMethod `ssa`): the real
 *   upgrade fails on each such field ("conflict with ... .spec.replicas"), after the dry run passed.
 * - Helm 3, or Helm 4 on a release Helm 3 installed (`--server-side=auto` keeps it client-side): the
 *   three-way merge silently overwrites what another manager (kubectl edit/patch/set, a controller,
 *   another applier) wrote last.
 *
 * How (read-only): the rendered manifest is applied as a server-side dry run with helm's field
 * manager (`helm`, both majors) and --force-conflicts; a field another manager owned before and no
 * longer owns after is one the upgrade takes (src/kit/fields.ts takenFields, shared with afc
 * apply). The count of a workload an autoscaler drives is the live one (the chart's `afc.replicas`
 * lookup), so it is not among them.
 */
import { Kubectl } from '../kit/kubectl.js';
import { parseManifests } from '../kit/manifests.js';
import { takenFields, type Taken } from '../kit/fields.js';
import { describeObject, objectKey, type K8sObject } from '../kit/objects.js';
import type { KubeTarget } from '../kit/context.js';
import type { Exec } from '../kit/exec.js';
import type { HelmCli } from './helm.js';

/** The field manager both helm majors write with (cmd/helm sets kube.ManagedFieldsManager = "helm"). */
export const HELM_FIELD_MANAGER = 'helm';

/** A field of the chart another manager owns on the live object. */
export interface ClaimedField extends Taken {
  /** `Deployment worker` */
  readonly object: string;
}

/** What the check found: the claimed fields, and whether the upgrade applies server-side. */
export interface OwnershipFacts {
  readonly claimed: readonly ClaimedField[];
  readonly serverSide: boolean;
}

/** The kubectl queries of the check (read-only: they run in --dry-run too), for a manifest file. */
export const ownershipQueries = (file: string, namespace: string): { live: string[]; forced: string[] } => ({
  live: ['get', '-f', file, '-n', namespace, '--ignore-not-found', '--show-managed-fields'],
  forced: ['apply', '--server-side', '--dry-run=server', '--validate=false', `--field-manager=${HELM_FIELD_MANAGER}`, '--force-conflicts', '--show-managed-fields', '-n', namespace, '-f', file],
});

/**
 * Reads who owns the fields of `manifest` (the rendered upgrade) on the live objects. `serverSide`: the
 * upgrade applies server-side (Helm 4 on a release whose last revision was applied server-side).
 */
export async function readOwnership(exec: Exec, target: KubeTarget, namespace: string, manifest: string, tmp: string, serverSide: boolean): Promise<OwnershipFacts> {
  const objects = parseManifests(manifest, 'the rendered upgrade (helm upgrade --dry-run=server)');
  // One pair of queries per namespace (kubectl refuses an object of another namespace than -n's):
  // the chart puts the prometheus Service into monitoring.
  const byNamespace = new Map<string, K8sObject[]>();
  for (const o of objects) {
    const ns = o.metadata.namespace ?? namespace;
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), o]);
  }
  const kubectl = new Kubectl(exec, target, tmp);
  const claimed: ClaimedField[] = [];
  for (const [ns, group] of [...byNamespace].sort(([a], [b]) => (a === namespace ? -1 : b === namespace ? 1 : a < b ? -1 : 1))) {
    const file = kubectl.manifest(group, 'upgrade');
    const q = ownershipQueries(file, ns);
    const live = await kubectl.objects(q.live);
    if (live.length === 0) continue;
    const forced = await kubectl.objects(q.forced);
    const byKey = new Map(forced.map((o) => [objectKey(o, ns), o]));
    for (const o of live) {
      for (const t of takenFields(o, byKey.get(objectKey(o, ns)), HELM_FIELD_MANAGER)) claimed.push({ ...t, object: describeObject(o) });
    }
  }
  return { claimed, serverSide };
}

/** Whether a `helm get metadata -o json` answer says the release was applied server-side (Helm 4's applyMethod). */
export const appliedServerSide = (helm: HelmCli, metadata: { readonly applyMethod?: unknown }): boolean => helm.major === 4 && metadata.applyMethod === 'ssa';

/**
 * The refusal for claimed fields (pure), or undefined when there are none or --force-conflicts was given.
 */
export function ownershipProblem(release: string, facts: OwnershipFacts, helm: HelmCli, forceConflicts: boolean): string | undefined {
  if (facts.claimed.length === 0 || forceConflicts) return undefined;
  const list = facts.claimed.map((c) => `${c.object} ${c.path} (${c.manager}${c.subresource ? `, through ${c.subresource}` : ''})`).join('; ');
  const what = facts.serverSide
    ? `helm ${helm.version} upgrades release ${release} server-side and would fail on ${facts.claimed.length} field(s) other managers own (its --dry-run=server does not check them)`
    : `helm ${helm.version} would silently overwrite ${facts.claimed.length} field(s) of release ${release} that another manager wrote last (a client-side three-way merge)`;
  return `${what}, nothing was changed: ${list}: change them back, or put the live values into the chart (--set/--values), or pass --force-conflicts to overwrite them with the chart's values`;
}
