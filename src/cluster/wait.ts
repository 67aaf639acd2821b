/**
 * `afc apply --wait`: readiness of the release's Deployments and StatefulSets (pure decisions here; the
 * polling loop in apply.ts). A workload is ready when its controller has seen the latest spec and every
 * wanted replica is updated and available (Deployment) or ready (StatefulSet).
 */
import { AfcError } from '../errors.js';
import { parseDuration } from '../kit/exec.js';
import { isMap, type K8sObject, type Obj } from '../kit/objects.js';

/** `--wait` (a Go-style duration: 90s, 5m, 1h30m) in milliseconds. */
export function parseWait(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new AfcError(`--wait ${text}: not a positive duration: use e.g. 90s, 5m or 1h30m`);
  return ms;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export interface Readiness {
  readonly ready: boolean;
  /** `2/3` (ready or available / wanted). */
  readonly count: string;
}

/** Whether a live Deployment or StatefulSet is ready. */
export function readiness(o: K8sObject): Readiness {
  const spec = isMap(o.spec) ? o.spec : {};
  const status = isMap(o.status) ? o.status : {};
  const wanted = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const observed = num(status.observedGeneration) >= num(o.metadata.generation);
  if (o.kind === 'StatefulSet') {
    const ready = num(status.readyReplicas);
    const current = status.updateRevision === undefined || status.currentRevision === status.updateRevision || num(status.updatedReplicas) >= wanted;
    return { ready: observed && current && ready >= wanted && num(status.replicas) <= wanted, count: `${ready}/${wanted}` };
  }
  const available = num(status.availableReplicas);
  return {
    ready: observed && num(status.updatedReplicas) >= wanted && available >= wanted && num(status.replicas) <= wanted,
    count: `${available}/${wanted}`,
  };
}

/**
 * Why a workload whose count looks complete (`1/1`) is not ready: its controller has not seen the latest
 * spec yet, or the rollout has not replaced every replica (updated), or old replicas still run.
 */
function rolloutNote(o: K8sObject): string {
  const spec = isMap(o.spec) ? o.spec : {};
  const status = isMap(o.status) ? o.status : {};
  const wanted = typeof spec.replicas === 'number' ? spec.replicas : 1;
  // Only when the count looks complete: otherwise the count says it.
  if (num(o.kind === 'StatefulSet' ? status.readyReplicas : status.availableReplicas) < wanted) return '';
  if (num(status.observedGeneration) < num(o.metadata.generation)) return ', the controller has not seen the latest spec yet';
  const revisionsDiffer = o.kind !== 'StatefulSet' || (status.updateRevision !== undefined && status.currentRevision !== status.updateRevision);
  if (revisionsDiffer && num(status.updatedReplicas) < wanted) return `, ${num(status.updatedReplicas)}/${wanted} updated to the latest spec`;
  if (num(status.replicas) > wanted) return `, ${num(status.replicas) - wanted} old replica(s) still running`;
  return '';
}

interface Event {
  readonly reason: string;
  readonly message: string;
  readonly time: string;
}

const eventsOf = (events: readonly K8sObject[], match: (kind: string, name: string) => boolean): Event[] =>
  events
    .filter((e) => isMap(e.involvedObject) && match(String(e.involvedObject.kind), String(e.involvedObject.name)))
    .map((e) => ({
      reason: String(e.reason ?? ''),
      message: String(e.message ?? '').trim(),
      time: String(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? ''),
    }))
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));

/**
 * Why a workload is not ready, one line: its last warning-worthy condition and the last event of its pods
 * (e.g. FailedScheduling) or of itself.
 */
export function notReadyLine(o: K8sObject, events: readonly K8sObject[]): string {
  const { count } = readiness(o);
  const conditions = (isMap(o.status) && Array.isArray(o.status.conditions) ? (o.status.conditions as Obj[]) : []).filter((c) => c.status !== 'True');
  const condition = conditions.at(-1);
  const name = o.metadata.name;
  const podName = o.kind === 'StatefulSet' ? new RegExp(`^${name}-\\d+$`) : new RegExp(`^${name}-[a-z0-9]+-[a-z0-9]+$`);
  const podEvents = eventsOf(events, (kind, n) => kind === 'Pod' && podName.test(n)).filter((e) => e.reason !== 'Scheduled' && e.reason !== 'Pulled' && e.reason !== 'Started' && e.reason !== 'Created');
  const ownEvents = eventsOf(events, (kind, n) => (kind === o.kind && n === name) || (kind === 'ReplicaSet' && n.startsWith(`${name}-`)));
  const event = podEvents.at(-1) ?? ownEvents.at(-1);
  const parts = [`${o.kind} ${name} not ready (${count}${rolloutNote(o)})`];
  if (condition) parts.push(`condition ${String(condition.type)}=${String(condition.status)}${condition.reason ? ` ${String(condition.reason)}` : ''}${condition.message ? `: ${String(condition.message)}` : ''}`);
  if (event) parts.push(`last event ${event.reason}: ${event.message}`);
  return parts.join('; ');
}
