import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../src/kit/objects.js';
import { notReadyLine, parseWait, readiness } from '../../src/cluster/wait.js';

const deployment = (status: Record<string, unknown>, replicas = 2, generation = 3): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'worker', generation },
  spec: { replicas },
  status,
});

describe('--wait decisions', () => {
  it('parses durations and rejects the rest with the fix', () => {
    expect(parseWait('90s')).toBe(90_000);
    expect(parseWait('5m')).toBe(300_000);
    expect(parseWait('1h2m3s')).toBe(3_723_000);
    expect(() => parseWait('5 minutes')).toThrow('--wait 5 minutes: not a positive duration: use e.g. 90s, 5m or 1h30m');
    expect(() => parseWait('0s')).toThrow(/not a positive duration/);
  });

  it('calls a Deployment ready only when the latest generation is observed and every replica is updated and available', () => {
    expect(readiness(deployment({ observedGeneration: 3, replicas: 2, updatedReplicas: 2, availableReplicas: 2 }))).toEqual({ ready: true, count: '2/2' });
    expect(readiness(deployment({ observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2 })).ready).toBe(false);
    expect(readiness(deployment({ observedGeneration: 3, replicas: 3, updatedReplicas: 2, availableReplicas: 2 })).ready).toBe(false);
    expect(readiness(deployment({ observedGeneration: 3, replicas: 2, updatedReplicas: 2, availableReplicas: 1 }))).toEqual({ ready: false, count: '1/2' });
  });

  it('calls a StatefulSet ready when all replicas are ready on the update revision', () => {
    const sts = (status: Record<string, unknown>): K8sObject => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'ratdb', generation: 1 }, spec: { replicas: 1 }, status });
    expect(readiness(sts({ observedGeneration: 1, replicas: 1, readyReplicas: 1, currentRevision: 'a', updateRevision: 'a' })).ready).toBe(true);
    expect(readiness(sts({ observedGeneration: 1, replicas: 1, readyReplicas: 0, currentRevision: 'a', updateRevision: 'a' })).ready).toBe(false);
  });

  it('names a workload that is not ready with its last failing condition and its pods\' last event', () => {
    const w = deployment({
      observedGeneration: 3,
      replicas: 2,
      updatedReplicas: 2,
      availableReplicas: 0,
      conditions: [
        { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' },
        { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
      ],
    });
    const event = (kind: string, name: string, reason: string, message: string, time: string): K8sObject => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.x` },
      involvedObject: { kind, name },
      reason,
      message,
      lastTimestamp: time,
    });
    const events = [
      event('Pod', 'worker-5d8f7c9b4-abcde', 'FailedScheduling', "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.", '2026-01-01T00:00:02Z'),
      event('Pod', 'worker-other-5d8f7c9b4-abcde', 'Killing', 'not this one', '2026-01-01T00:00:09Z'),
      event('ReplicaSet', 'worker-5d8f7c9b4', 'SuccessfulCreate', 'Created pod', '2026-01-01T00:00:01Z'),
    ];
    expect(notReadyLine(w, events)).toBe(
      "Deployment worker not ready (0/2); condition Available=False MinimumReplicasUnavailable: Deployment does not have minimum availability.; last event FailedScheduling: 0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.",
    );
  });
});

describe('a workload whose count looks complete', () => {
  it('says why it is not ready instead of "not ready (1/1)"', () => {
    const base = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'rmq', generation: 3 }, spec: { replicas: 1 } };
    expect(notReadyLine({ ...base, status: { observedGeneration: 2, availableReplicas: 1, updatedReplicas: 1, replicas: 1 } }, [])).toBe('Deployment rmq not ready (1/1, the controller has not seen the latest spec yet)');
    expect(notReadyLine({ ...base, status: { observedGeneration: 3, availableReplicas: 1, updatedReplicas: 0, replicas: 2 } }, [])).toBe('Deployment rmq not ready (1/1, 0/1 updated to the latest spec)');
    expect(notReadyLine({ ...base, status: { observedGeneration: 3, availableReplicas: 1, updatedReplicas: 1, replicas: 2 } }, [])).toBe('Deployment rmq not ready (1/1, 1 old replica(s) still running)');
    expect(notReadyLine({ ...base, status: { observedGeneration: 3, availableReplicas: 0, updatedReplicas: 1, replicas: 1 } }, [])).toBe('Deployment rmq not ready (0/1)');
  });
});
