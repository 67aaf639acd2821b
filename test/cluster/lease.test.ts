import { describe, expect, it } from 'vitest';
import { heldMessage, holderIdentity, LEASE_SECONDS, leaseManifest, leaseState, microTime } from '../../src/cluster/lease.js';
import type { K8sObject } from '../../src/kit/objects.js';

const now = Date.parse('2026-12-08T03:00:00Z');
const lease = (spec: Record<string, unknown>): K8sObject => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'afc-apply-afc', namespace: 'afc', resourceVersion: '9' }, spec });

describe('the release Lease (one apply at a time)', () => {
  it('is a claim with holder, times and duration; a replace carries the resourceVersion read as its precondition', () => {
    expect(leaseManifest('afc', 'afc', 'afc apply pid 1 on h', now)).toEqual({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'afc-apply-afc', namespace: 'afc', labels: { 'app.kubernetes.io/managed-by': 'afc', 'app.kubernetes.io/instance': 'afc' } },
      spec: { holderIdentity: 'afc apply pid 1 on h', leaseDurationSeconds: LEASE_SECONDS, acquireTime: '2026-12-08T03:00:00.000000Z', renewTime: '2026-12-08T03:00:00.000000Z' },
    });
    expect(leaseManifest('afc', 'afc', undefined, now, '12').metadata.resourceVersion).toBe('12');
    expect(leaseManifest('afc', 'afc', undefined, now, '12').spec).toEqual({ leaseDurationSeconds: LEASE_SECONDS });
    expect(holderIdentity(7, 'box')).toBe('afc apply pid 7 on box');
    expect(microTime(now + 5)).toBe('2026-12-08T03:00:00.005000Z');
  });

  it('is absent, free (given back), held, or expired (its apply was killed)', () => {
    expect(leaseState(undefined, now)).toEqual({ state: 'absent' });
    expect(leaseState(lease({ leaseDurationSeconds: 900 }), now)).toEqual({ state: 'free', resourceVersion: '9' });
    const held = lease({ holderIdentity: 'afc apply pid 1 on h', leaseDurationSeconds: 900, acquireTime: microTime(now - 60_000), renewTime: microTime(now - 60_000) });
    expect(leaseState(held, now)).toEqual({ state: 'held', resourceVersion: '9', holder: 'afc apply pid 1 on h', since: '2026-12-08T02:59:00.000000Z', expires: '2026-12-08T03:14:00Z' });
    expect(leaseState(held, now + 15 * 60_000)).toEqual({ state: 'expired', resourceVersion: '9', holder: 'afc apply pid 1 on h' });
  });

  it('refuses in one line naming the holder and the way out', () => {
    const s = leaseState(lease({ holderIdentity: 'afc apply pid 1 on h', leaseDurationSeconds: 900, acquireTime: microTime(now), renewTime: microTime(now) }), now);
    if (s.state !== 'held') throw new Error(s.state);
    expect(heldMessage('afc', 'afc', s)).toBe(
      'another apply holds release "afc" (Lease afc/afc-apply-afc, held by afc apply pid 1 on h since 2026-12-08T03:00:00.000000Z, expires 2026-12-08T03:15:00Z): nothing was changed: wait for it to finish and run afc diff, or, if that apply was killed, pass --take-over-lease',
    );
  });
});
