import { describe, expect, it } from 'vitest';
import { evidence, hardened } from '../../platforms/hardened.js';
import type { K8sObject } from '../../src/kit/objects.js';
import { at, find, synth } from '../support/synth.js';

type Container = {
  name: string;
  ports?: { name: string }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  readinessProbe?: Record<string, { port?: unknown }>;
  livenessProbe?: Record<string, { port?: unknown }>;
  startupProbe?: Record<string, { port?: unknown }>;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
};
type PodSpec = {
  automountServiceAccountToken?: boolean;
  securityContext?: Record<string, unknown>;
  containers: Container[];
  volumes?: Record<string, unknown>[];
};

const workloads = (objects: readonly K8sObject[]) =>
  objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
const podSpec = (o: K8sObject): PodSpec => at(o, 'spec.template.spec') as PodSpec;
/** The component key of a workload name (rat-server -> rat_server). */
const keyOf = (name: string): keyof typeof evidence =>
  Object.keys(evidence).find((k) => k.replace(/_/g, '-') === name) as keyof typeof evidence;

const renders = {
  'k3d,hardened': synth({ platforms: ['k3d', 'hardened'] }),
  'gcp,hardened': synth({ platforms: ['gcp', 'hardened'] }),
};
const base = synth({ platforms: ['k3d'] });

describe('the hardened platform', () => {
  it('documents every workload of the chart, and a reason for each baseline exception', () => {
    const names = workloads(renders['k3d,hardened']).map((o) => keyOf(o.metadata.name));
    expect(names.sort()).toEqual(Object.keys(evidence).sort());
    for (const [key, e] of Object.entries(evidence)) {
      expect(e.evidence.length, key).toBeGreaterThan(40);
      if (e.level === 'baseline') expect(e.exception?.length, key).toBeGreaterThan(40);
      else expect(e.exception, key).toBeUndefined();
    }
    expect(Object.values(evidence).filter((e) => e.level === 'restricted')).toHaveLength(8);
  });

  for (const [platforms, objects] of Object.entries(renders)) {
    describe(`--platform ${platforms}`, () => {
      it('mounts no ServiceAccount token, uses the RuntimeDefault seccomp profile and no hostPath', () => {
        for (const w of workloads(objects)) {
          const spec = podSpec(w);
          expect(spec.automountServiceAccountToken, w.metadata.name).toBe(false);
          expect(spec.securityContext?.seccompProfile, w.metadata.name).toEqual({ type: 'RuntimeDefault' });
          for (const v of spec.volumes ?? []) expect(v, w.metadata.name).not.toHaveProperty('hostPath');
        }
      });

      it('gives every container CPU and memory requests and a memory limit', () => {
        for (const w of workloads(objects)) {
          for (const c of podSpec(w).containers) {
            expect(Object.keys(c.resources?.requests ?? {}).sort(), w.metadata.name).toEqual(['cpu', 'memory']);
            expect(c.resources?.limits?.memory, w.metadata.name).toMatch(/^\d+(Mi|Gi)$/);
          }
        }
      });

      it('has a readiness probe on every container that serves a port, probing one of its ports', () => {
        for (const w of workloads(objects)) {
          const c = podSpec(w).containers[0]!;
          const ports = (c.ports ?? []).map((p) => p.name);
          if (ports.length === 0) {
            expect(c.readinessProbe, w.metadata.name).toBeUndefined();
            continue;
          }
          expect(c.readinessProbe, w.metadata.name).toBeDefined();
          for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
            const port = probe?.tcpSocket?.port ?? probe?.httpGet?.port;
            if (port !== undefined) expect(ports, `${w.metadata.name} probe port`).toContain(port);
          }
          // A liveness probe never repeats the readiness probe.
          if (c.livenessProbe) expect(c.livenessProbe, w.metadata.name).not.toEqual(c.readinessProbe);
        }
      });

      it('runs the restricted components as non-root without capabilities or escalation, the others as documented', () => {
        for (const w of workloads(objects)) {
          const e = evidence[keyOf(w.metadata.name)];
          const pod = podSpec(w).securityContext ?? {};
          const container = podSpec(w).containers[0]!.securityContext ?? {};
          if (e.level === 'restricted') {
            expect(pod.runAsNonRoot, w.metadata.name).toBe(true);
            expect(pod.runAsUser, w.metadata.name).toBeGreaterThan(0);
            expect(container.allowPrivilegeEscalation, w.metadata.name).toBe(false);
            expect(container.capabilities, w.metadata.name).toEqual({ drop: ['ALL'] });
          } else {
            expect(pod.runAsNonRoot, w.metadata.name).toBeUndefined();
            expect(container.capabilities, w.metadata.name).toBeUndefined();
          }
        }
        // postfix's setgid postdrop: rat_server alone keeps privilege escalation.
        expect(at(find(objects, 'Deployment', 'rat-server'), 'spec.template.spec.containers.0.securityContext')).toEqual({ privileged: false });
        expect(at(find(objects, 'Deployment', 'worker'), 'spec.template.spec.containers.0.securityContext')).toEqual({ allowPrivilegeEscalation: false });
      });

      it('backs the static files folder by a kept claim: read-only for rat_server and worker, written by uls_downloader', () => {
        const claim = find(objects, 'PersistentVolumeClaim', 'rat-transfer');
        expect(claim.metadata.annotations).toEqual({ 'helm.sh/resource-policy': 'keep' });
        expect(at(claim, 'spec')).toEqual({ accessModes: ['ReadWriteMany'], resources: { requests: { storage: '100Gi' } } });
        for (const [name, readOnly] of [['rat-server', true], ['worker', true], ['uls-downloader', undefined]] as const) {
          const spec = podSpec(find(objects, 'Deployment', name));
          expect(spec.volumes?.find((v) => v.name === 'rat-transfer'), name).toEqual({
            name: 'rat-transfer',
            persistentVolumeClaim: readOnly ? { claimName: 'rat-transfer', readOnly } : { claimName: 'rat-transfer' },
          });
          expect(spec.containers[0]!.volumeMounts?.find((m) => m.name === 'rat-transfer')?.readOnly, name).toBe(readOnly);
        }
        expect(podSpec(find(objects, 'Deployment', 'worker')).volumes?.find((v) => v.name === 'pipe')).toEqual({ name: 'pipe', emptyDir: {} });
      });

      it('makes the paths msghnd, objst and rmq write emptyDirs owned by their fsGroup', () => {
        const mounts = (name: string) => podSpec(find(objects, 'Deployment', name)).containers[0]!.volumeMounts?.map((m) => m.mountPath);
        expect(mounts('msghnd')).toEqual(['/run/gunicorn', '/wd/prometheus_multiproc_dir']);
        expect(mounts('objst')).toEqual(['/storage']);
        expect(mounts('rmq')).toEqual(['/var/lib/rabbitmq']);
        expect(podSpec(find(objects, 'Deployment', 'msghnd')).securityContext).toMatchObject({ runAsUser: 1003, fsGroup: 1003 });
      });
    });
  }

  it('uses pg_isready for the databases (startup and readiness) and no liveness probe', () => {
    for (const name of ['ratdb', 'bulk-postgres']) {
      const c = podSpec(find(renders['k3d,hardened'], 'StatefulSet', name)).containers[0]!;
      expect(c.readinessProbe?.exec).toEqual({ command: ['pg_isready', '-U', 'postgres'] });
      expect(c.startupProbe?.exec).toEqual({ command: ['pg_isready', '-U', 'postgres'] });
      expect(c.livenessProbe).toBeUndefined();
    }
  });

  it('is only data: the overlay names no platform-specific field the cluster platforms set', () => {
    expect(Object.keys(hardened.values)).toEqual(['networkPolicies', 'securityContexts', 'staticVolumes', 'staticVolumeClaims', 'components']);
    expect(hardened.values.components?.default).not.toHaveProperty('imagePullPolicy');
  });

  it('leaves the default output without any of the new fields', () => {
    const text = JSON.stringify(base);
    for (const field of ['Probe"', 'automountServiceAccountToken', 'seccompProfile', 'runAsNonRoot', 'PersistentVolumeClaim', 'emptyDir', 'readOnly"']) {
      expect(text).not.toContain(field);
    }
  });
});
