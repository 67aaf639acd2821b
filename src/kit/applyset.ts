/**
 * The Kubernetes ApplySet standard (KEP-3659), as kubectl implements it (`KUBECTL_APPLYSET=true kubectl
 * apply --prune --applyset=…`), computed here so that `afc diff` predicts exactly what kubectl prunes.
 *
 * - The parent of a release's set is the Secret `afc-applyset-<release>` in the release's namespace
 *   (kubectl's default parent kind). It carries the label `applyset.kubernetes.io/id` and the annotations
 *   `applyset.kubernetes.io/tooling`, `…/contains-group-kinds` (the kinds its members may have) and
 *   `…/additional-namespaces` (namespaces other than its own that members live in).
 * - The id is `applyset-` + base64url (no padding) of sha256 of `<name>.<namespace>.<Kind>.<group>` of the
 *   parent + `-v1`.
 * - A member carries the label `applyset.kubernetes.io/part-of: <id>`. Pruning deletes the members (of the
 *   listed kinds, in the parent's and the additional namespaces) that the new apply does not contain.
 *   Objects without the label — foreign ones, another release's, hand-made copies of ours — are never
 *   members, whatever their other labels say.
 */
import { createHash } from 'node:crypto';
import { groupKind, type K8sObject } from './objects.js';

export const LABEL_ID = 'applyset.kubernetes.io/id';
export const LABEL_PART_OF = 'applyset.kubernetes.io/part-of';
export const ANNOTATION_TOOLING = 'applyset.kubernetes.io/tooling';
export const ANNOTATION_GROUP_KINDS = 'applyset.kubernetes.io/contains-group-kinds';
export const ANNOTATION_NAMESPACES = 'applyset.kubernetes.io/additional-namespaces';

export interface ParentRef {
  readonly name: string;
  readonly namespace: string;
  /** @default "Secret" */
  readonly kind?: string;
  /** @default "" (the core group) */
  readonly group?: string;
}

/** The parent Secret of a release's set. */
export function parentFor(release: string, namespace: string): ParentRef {
  return { name: `afc-applyset-${release}`, namespace, kind: 'Secret', group: '' };
}

/** kubectl's `--applyset` value for the parent (`secrets/NAME`). */
export const applysetFlag = (p: ParentRef): string => `${(p.kind ?? 'Secret').toLowerCase()}s${p.group ? `.${p.group}` : ''}/${p.name}`;

/** The ApplySet id of a parent (KEP-3659). */
export function applySetId(p: ParentRef): string {
  const digest = createHash('sha256').update(`${p.name}.${p.namespace}.${p.kind ?? 'Secret'}.${p.group ?? ''}`).digest('base64url');
  return `applyset-${digest}-v1`;
}

/** The `contains-group-kinds` value of a set of objects: sorted, comma-separated, each once. */
export function containsGroupKinds(objects: readonly K8sObject[]): string {
  return [...new Set(objects.map(groupKind))].sort().join(',');
}

/** Parses a comma-separated annotation value (`ConfigMap,Deployment.apps`) into its entries. */
export const splitList = (value: string | undefined): string[] => (value ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);

/** The namespaces other than the parent's that the objects live in (the `additional-namespaces` value). */
export function additionalNamespaces(objects: readonly K8sObject[], parentNamespace: string): string {
  return [...new Set(objects.map((o) => o.metadata.namespace ?? parentNamespace).filter((ns) => ns !== parentNamespace))].sort().join(',');
}

/** Whether a live object is a member of the set with this id. */
export const isMember = (o: K8sObject, id: string): boolean => o.metadata.labels?.[LABEL_PART_OF] === id;

/**
 * The members that an apply of `desired` prunes: live objects labelled as members of `id`, of a kind the
 * parent lists (or that is applied now), in the parent's or an additional namespace or cluster-scoped
 * (kubectl's pruner lists a cluster-scoped kind of the parent's list once, cluster-wide, by the same
 * label: a cluster-scoped object is ours only by that label, whose id names our parent's namespace), not
 * in `desired`.
 */
export function pruneSet(
  live: readonly K8sObject[],
  desiredKeys: ReadonlySet<string>,
  scope: { readonly id: string; readonly groupKinds: ReadonlySet<string>; readonly namespaces: ReadonlySet<string> },
  keyOf: (o: K8sObject) => string,
): K8sObject[] {
  return live.filter(
    (o) =>
      isMember(o, scope.id) &&
      scope.groupKinds.has(groupKind(o)) &&
      (o.metadata.namespace === undefined || scope.namespaces.has(o.metadata.namespace)) &&
      !desiredKeys.has(keyOf(o)),
  );
}
