import { describe, expect, it } from 'vitest';
import { at, find, names, synth } from '../support/synth.js';

describe('AfcDeployment', () => {
  it('renders the 13 Deployments of the chart', () => {
    expect(names(synth(), 'Deployment')).toEqual([
      'als-kafka', 'als-siphon', 'cert-db', 'dispatcher', 'grafana', 'msghnd', 'nginxexporter', 'objst', 'rat-server',
      'rcache', 'rmq', 'uls-downloader', 'worker',
    ]);
  });

  it('builds the image from repository path, image name and tag (default appVersion)', () => {
    const objects = synth();
    expect(at(find(objects, 'Deployment', 'rat-server'), 'spec.template.spec.containers.0.image')).toBe(
      '110738915961.dkr.ecr.us-east-1.amazonaws.com/afc-server:brcm-3.8.14.0.1',
    );
    const k3d = synth({ sets: ['components.default.imageTag=mytag', 'imageRepositories.k3d.path=k3d-reg:5000', 'components.default.imageRepositoryKeyOverride=k3d'] });
    expect(at(find(k3d, 'Deployment', 'rmq'), 'spec.template.spec.containers.0.image')).toBe('k3d-reg:5000/rmq-image:mytag');
  });

  it('leaves out the path prefix when the repository has no path', () => {
    const objects = synth({ sets: ['imageRepositories.public.path=null'] });
    expect(at(find(objects, 'Deployment', 'rmq'), 'spec.template.spec.containers.0.image')).toBe('rmq-image:brcm-3.8.14.0.1');
  });

  it('loads envFrom ConfigMaps in order and only when the component lists some', () => {
    const objects = synth();
    expect(at(find(objects, 'Deployment', 'dispatcher'), 'spec.template.spec.containers.0.envFrom')).toEqual([
      { configMapRef: { name: 'dispatcher' } },
      { configMapRef: { name: 'objst-client' } },
      { configMapRef: { name: 'objst-common' } },
    ]);
    expect(at(find(objects, 'Deployment', 'grafana'), 'spec.template.spec.containers.0.envFrom')).toBeUndefined();
  });

  it('renders container ports sorted by key, containerPort falling back to servicePort', () => {
    const objects = synth();
    expect(at(find(objects, 'Deployment', 'msghnd'), 'spec.template.spec.containers.0.ports')).toEqual([
      { name: 'msghnd', containerPort: 8000, protocol: 'TCP' },
    ]);
    expect(at(find(objects, 'Deployment', 'rat-server'), 'spec.template.spec.containers.0.ports')).toEqual([
      { name: 'https', containerPort: 443, protocol: 'TCP' },
      { name: 'rat-server', containerPort: 80, protocol: 'TCP' },
    ]);
    expect(at(find(objects, 'Deployment', 'worker'), 'spec.template.spec.containers.0.ports')).toBeUndefined();
  });

  it('omits resources when the component has none (no resources: null)', () => {
    const objects = synth();
    expect(at(find(objects, 'Deployment', 'dispatcher'), 'spec.template.spec.containers.0')).not.toHaveProperty('resources');
    expect(at(find(objects, 'Deployment', 'worker'), 'spec.template.spec.containers.0.resources')).toEqual({ requests: { memory: '4500Mi' } });
  });

  it('mounts static volumes sorted by name, with the volume source from staticVolumes', () => {
    const worker = find(synth(), 'Deployment', 'worker');
    expect(at(worker, 'spec.template.spec.containers.0.volumeMounts')).toEqual([
      { name: 'pipe', mountPath: '/pipe' },
      { name: 'rat-transfer', mountPath: '/mnt/nfs/rat_transfer' },
    ]);
    expect(at(worker, 'spec.template.spec.volumes')).toEqual([
      { name: 'pipe', hostPath: { path: '/tmp', type: 'DirectoryOrCreate' } },
      { name: 'rat-transfer', hostPath: { path: '/opt/afc/databases/rat_transfer', type: 'Directory' } },
    ]);
  });

  it('carries the default-container annotation, replicas and pull policy', () => {
    const rmq = find(synth({ platforms: ['k3d'], sets: ['components.rmq.initialReplicas=3'] }), 'Deployment', 'rmq');
    expect(rmq.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/default-container': 'rmq' });
    expect(at(rmq, 'spec.replicas')).toBe(3);
    expect(at(rmq, 'spec.template.spec.containers.0.imagePullPolicy')).toBe('Always');
  });

  it('puts serviceAccount, securityContext and imagePullSecrets in the pod spec only when set', () => {
    const plain = find(synth(), 'Deployment', 'rmq');
    const podSpec = at(plain, 'spec.template.spec') as Record<string, unknown>;
    expect(Object.keys(podSpec).sort()).toEqual(['containers']);
    const set = find(
      synth({
        sets: [
          'components.rmq.serviceAccount=afc-sa',
          'securityContexts.hardened.runAsUser=1000',
          'securityContexts.hardened.readOnlyRootFilesystem=true',
          'components.rmq.securityContextKey=hardened',
          'imageRepositories.public.pullSecrets=null',
        ],
        valuesFiles: [],
      }),
      'Deployment',
      'rmq',
    );
    expect(at(set, 'spec.template.spec.serviceAccountName')).toBe('afc-sa');
    expect(at(set, 'spec.template.spec.securityContext')).toEqual({ runAsUser: 1000 });
    expect(at(set, 'spec.template.spec.containers.0.securityContext')).toEqual({ readOnlyRootFilesystem: true });
    expect(set.spec).not.toHaveProperty('serviceAccount');
    expect(set.spec).not.toHaveProperty('securityContext');
  });

  it('renders the image pull secrets of the component repository', () => {
    const objects = synth({ valuesFiles: ['test/fixtures/overlays/pull-secrets.yaml'] });
    expect(at(find(objects, 'Deployment', 'worker'), 'spec.template.spec.imagePullSecrets')).toEqual([{ name: 'ecr-pull' }, { name: 'backup-pull' }]);
    expect(at(find(objects, 'Deployment', 'rmq'), 'spec.template.spec')).not.toHaveProperty('imagePullSecrets');
  });

  it('disables optional components with an empty image (nginxexporter: no Deployment, Service or PodMonitor)', () => {
    const objects = synth({ sets: ['components.nginxexporter.imageName='] });
    expect(objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/component'] === 'nginxexporter')).toEqual([]);
  });

  it('emits nothing a cdk8s-plus L2 construct would add (no cdk8s labels, probes, security defaults, hashed names)', () => {
    const text = JSON.stringify(synth({ platforms: ['k3d'] }));
    expect(text).not.toMatch(/cdk8s\.io|livenessProbe|readinessProbe|startupProbe|automountServiceAccountToken|runAsNonRoot|dnsPolicy|hostNetwork|restartPolicy|terminationGracePeriodSeconds/);
    for (const o of synth()) expect(o.metadata.name).not.toMatch(/-c[0-9a-f]{7}$/);
  });
});
