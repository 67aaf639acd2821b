/**
 * One apply at a time: before it changes anything, `afc apply` claims the release with a Lease
 * (`coordination.k8s.io/v1`) named `afc-apply-<release>` in the release's namespace, and gives it back
 * when its writes are done (before --wait). Every step is a write with a precondition, so two applies
 * cannot both win:
 * - claim: `kubectl create` of the Lease (fails if it exists), or, when it exists and is free (no
 *   holder), expired (renewTime + leaseDurationSeconds in the past: its apply was killed) or taken over
 *   with `--take-over-lease`, a `kubectl replace` carrying the resourceVersion read (fails if another
 *   apply changed it since);
 * - give back: a `kubectl replace` with the resourceVersion of the claim, holder cleared.
 * An apply that finds the Lease held stops with nothing changed, naming the holder and when it expires.
 * A no-change apply claims nothing, but reads the Lease: if another apply holds it, it says so and exits
 * non-zero instead of "nothing to apply" (the other apply is about to change the release).
 *
 * The judgement (`leaseState`) and the manifests are pure; lease.ts's caller runs the kubectl calls.
 */
import { hostname } from 'node:os';
import { isMap, type K8sObject } from '../kit/objects.js';

/** How long a claim lasts without being given back: longer than an apply's writes (each kubectl call has 5m). */
export const LEASE_SECONDS = 900;

export const leaseName = (release: string): string => `afc-apply-${release}`;

/** Who holds the claim: `afc apply pid 123 on host`. */
export const holderIdentity = (pid: number = process.pid, host: string = hostname()): string => `afc apply pid ${pid} on ${host}`;

/** Kubernetes MicroTime (`2026-12-08T03:09:26.123000Z`). */
export const microTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** The Lease as a claim sends it (resourceVersion: the precondition of a replace). */
export function leaseManifest(release: string, namespace: string, holder: string | undefined, nowMs: number, resourceVersion?: string): K8sObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: leaseName(release),
      namespace,
      labels: { 'app.kubernetes.io/managed-by': 'afc', 'app.kubernetes.io/instance': release },
      ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    },
    spec: holder === undefined ? { leaseDurationSeconds: LEASE_SECONDS } : { holderIdentity: holder, leaseDurationSeconds: LEASE_SECONDS, acquireTime: microTime(nowMs), renewTime: microTime(nowMs) },
  };
}

export type LeaseState =
  | { readonly state: 'absent' }
  | { readonly state: 'free' | 'expired'; readonly resourceVersion: string; readonly holder?: string }
  | { readonly state: 'held'; readonly resourceVersion: string; readonly holder: string; readonly since: string; readonly expires: string };

/** What a live Lease (or its absence) means for a new claim at `nowMs`. */
export function leaseState(lease: K8sObject | undefined, nowMs: number): LeaseState {
  if (!lease) return { state: 'absent' };
  const spec = isMap(lease.spec) ? lease.spec : {};
  const resourceVersion = String(lease.metadata.resourceVersion ?? '');
  const holder = typeof spec.holderIdentity === 'string' && spec.holderIdentity !== '' ? spec.holderIdentity : undefined;
  if (holder === undefined) return { state: 'free', resourceVersion };
  const renewed = Date.parse(String(spec.renewTime ?? spec.acquireTime ?? ''));
  const seconds = typeof spec.leaseDurationSeconds === 'number' ? spec.leaseDurationSeconds : LEASE_SECONDS;
  const expiresMs = Number.isNaN(renewed) ? 0 : renewed + seconds * 1000;
  if (expiresMs <= nowMs) return { state: 'expired', resourceVersion, holder };
  return { state: 'held', resourceVersion, holder, since: String(spec.acquireTime ?? spec.renewTime ?? ''), expires: new Date(expiresMs).toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

/** The one-line refusal when another apply holds the release. */
export function heldMessage(release: string, namespace: string, s: Extract<LeaseState, { state: 'held' }>): string {
  return `another apply holds release "${release}" (Lease ${namespace}/${leaseName(release)}, held by ${s.holder} since ${s.since}, expires ${s.expires}): nothing was changed: wait for it to finish and run afc diff, or, if that apply was killed, pass --take-over-lease`;
}
