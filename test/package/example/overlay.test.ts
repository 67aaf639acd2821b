// The example of docs/api.md ("Test your own overlay"; the README quotes part of it). test/package/pack.test.ts runs it in
// a fresh project that installed the packed package (`npm pack`), so it imports the package by name.
import { describe, expect, it } from 'vitest';
import { synth, synthYaml, platforms, type K8sObject, type Platform } from 'afc-k8s';

type Container = { name: string; image: string };

/** The containers of a workload's pod template (none for other kinds). */
const containers = (o: K8sObject): Container[] =>
  (o.spec as { template?: { spec?: { containers?: Container[] } } } | undefined)?.template?.spec?.containers ?? [];

/** Your own overlay, type-checked against the model like the built-in ones. */
const staging: Platform = {
  description: 'staging: two msghnd replicas, no in-cluster ratdb',
  values: { components: { msghnd: { initialReplicas: 2 }, ratdb: { imageName: null } } },
};

describe('my overlay', () => {
  it('runs two msghnd and no ratdb on k3d', () => {
    const objects = synth({ platforms: ['k3d', staging] });
    expect(objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'msghnd')?.spec).toMatchObject({ replicas: 2 });
    expect(objects.map((o) => o.metadata.name)).not.toContain('ratdb');
  });

  it('gcp has no ratdb (its databases are external)', () => {
    const names = synth({ platforms: ['gcp'] }).map((o) => o.metadata.name);
    expect(names).not.toContain('ratdb');
    expect(synth().map((o) => o.metadata.name)).toContain('ratdb');
  });

  it('pins every image to a version tag, on every platform', () => {
    for (const platform of Object.keys(platforms)) {
      const all = synth({ platforms: [platform] }).flatMap(containers);
      expect(all.length).toBeGreaterThan(10);
      for (const c of all) expect(c.image, `${platform}: ${c.name}`).toMatch(/:[0-9A-Za-z][\w.-]*$/);
      expect(all.filter((c) => c.image.endsWith(':latest'))).toEqual([]);
    }
  });

  it('puts a release and a namespace on every object, and --set wins', () => {
    const objects = synth({ platforms: ['k3d'], release: 'mine', namespace: 'team-a', sets: ['components.worker.initialReplicas=3'] });
    expect(objects.every((o) => o.metadata.namespace === 'team-a')).toBe(true);
    expect(objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'worker')?.spec).toMatchObject({ replicas: 3 });
    expect(synthYaml({ platforms: ['k3d'], release: 'mine' })).toContain('app.kubernetes.io/instance: mine');
  });
});
