import { describe, expect, it } from 'vitest';
import { AfcError } from '../../src/errors.js';
import { releaseName } from '../../src/synth/plain.js';
import { problems } from '../support/model.js';

describe('validation of merged values', () => {
  it('accepts the defaults and every platform', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ platforms: ['k3d', 'gcp', 'http', 'no_secrets', 'minikube'] })).toEqual([]);
    expect(problems({ platforms: ['no-secrets'] })).toEqual([]);
  });

  it('rejects an unknown platform, naming the known ones', () => {
    expect(problems({ platforms: ['aws'] })).toEqual([
      'unknown platform "aws": use one of k3d, gcp, http, no_secrets, minikube, hardened (comma-separated, applied in order)',
    ]);
  });

  it('rejects an unknown component key (a typo is not ignored)', () => {
    expect(problems({ sets: ['components.rmqq.initialReplicas=2'] })).toEqual([
      expect.stringMatching(/^components\.rmqq: unknown key \(known components: default, ratdb, rmq, .*\): check the spelling or remove it$/),
    ]);
  });

  it('rejects a chart name that cannot be a label or object name', () => {
    expect(problems({ sets: ['chart.name='] })).toEqual([expect.stringMatching(/^chart\.name: "" is empty: it is the chart name/)]);
    expect(problems({ sets: ['chart.name=Bad_Name'] })).toEqual([expect.stringMatching(/^chart\.name: "Bad_Name" is not an RFC 1123 label/)]);
  });

  it('says "is required" for a missing field, not "undefined has the wrong type"', () => {
    expect(problems({ sets: ['networkPolicies.edges.e.from=rmq', 'networkPolicies.edges.e.port=amqp', 'networkPolicies.edges.e.evidence=compose'] })).toEqual([
      'networkPolicies.edges.e.to: is required: expected string',
    ]);
  });

  it('rejects an unknown field of a component', () => {
    expect(problems({ sets: ['components.rmq.initalReplicas=2'] })).toEqual([
      'components.rmq.initalReplicas: unknown key: check the spelling or remove it',
    ]);
  });

  it('rejects an unknown configmap key', () => {
    expect(problems({ sets: ['configmaps.dispatch.X=1'] })).toEqual([
      expect.stringMatching(/^configmaps\.dispatch: unknown key \(known configmaps: dispatcher, .*\)/),
    ]);
  });

  it('rejects a mount of an unknown static volume', () => {
    expect(problems({ sets: ['components.worker.staticVolumeMounts.scratch=/scratch'] })).toEqual([
      'components.worker.staticVolumeMounts.scratch: no static volume "scratch" in staticVolumes (rat_transfer, pipe, notifier_mail_secret): add it or remove the mount',
    ]);
  });

  it('rejects an unknown image repository key', () => {
    expect(problems({ sets: ['components.default.imageRepositoryKeyOverride=k3dd'] })).toContain(
      'components.ratdb.imageRepositoryKeyOverride: "k3dd" is not a key of imageRepositories (public, private, k3d): fix the key or add the repository',
    );
  });

  it('rejects wrong types, naming path and value', () => {
    expect(problems({ sets: ['components.rmq.initialReplicas=two'] })).toEqual([
      'components.rmq.initialReplicas: "two" has the wrong type: expected number',
    ]);
    expect(problems({ sets: ['components.worker.envConfigmapKeys=worker'] })).toEqual([
      'components.worker.envConfigmapKeys: "worker" has the wrong type: expected array',
    ]);
  });

  it.each([
    ['components.rmq.serviceType=Nodeport', 'components.rmq.serviceType: "Nodeport" is not one of ClusterIP, NodePort, LoadBalancer'],
    ['components.default.imagePullPolicy=Sometimes', 'components.default.imagePullPolicy: "Sometimes" is not one of Always, IfNotPresent, Never'],
    ['components.ratdb.pvc.accessMode=ReadWriteAll', 'components.ratdb.pvc.accessMode: "ReadWriteAll" is not one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod'],
  ])('rejects an invalid enum: %s', (set, message) => {
    expect(problems({ sets: [set] })).toEqual([message]);
  });

  it('rejects env references to unknown components, ports and volumes', () => {
    expect(problems({ sets: ['configmaps.dispatcher.AFC_MSGHND_NAME={{host:msghnd2}}'] })).toEqual([
      'configmaps.dispatcher.AFC_MSGHND_NAME: {{host:msghnd2}} refers to unknown component "msghnd2"',
    ]);
    expect(problems({ sets: ['configmaps.dispatcher.AFC_MSGHND_PORT={{port:msghnd:http}}'] })).toEqual([
      'configmaps.dispatcher.AFC_MSGHND_PORT: {{port:msghnd:http}} refers to unknown port "http" of component "msghnd"',
    ]);
    expect(problems({ sets: ['configmaps.worker.X={{staticVolumeMount:worker:scratch}}'] })).toEqual([
      'configmaps.worker.X: {{staticVolumeMount:worker:scratch}} refers to unknown static volume "scratch" (not in staticVolumes)',
    ]);
  });

  it('rejects a required mount reference that is absent', () => {
    expect(problems({ sets: ['components.worker.staticVolumeMounts.rat_transfer=null'] })).toEqual([
      expect.stringMatching(/^configmaps\.worker\.AFC_AEP_REAL_MOUNTPOINT: \{\{staticVolumeMount:worker:rat_transfer\}\} is required but component "worker" does not mount "rat_transfer"/),
    ]);
  });

  it('drops an optional mount reference that is absent (no_secrets)', () => {
    expect(problems({ platforms: ['no_secrets'] })).toEqual([]);
  });

  it('rejects an empty image on a Deployment component, but lets it disable an optional one', () => {
    expect(problems({ sets: ['components.msghnd.imageName='] })).toEqual([
      expect.stringMatching(/^components\.msghnd\.imageName is empty: set an image name/),
    ]);
    expect(problems({ sets: ['components.nginxexporter.imageName=null'] })).toEqual([]);
  });

  it('rejects a nodePort outside 30000-32767', () => {
    expect(problems({ sets: ['components.ratdb.ports.ratdb.nodePort=99999'] })).toEqual([
      'components.ratdb.ports.ratdb.nodePort: 99999 is outside 30000-32767: choose a port in that range',
    ]);
  });

  it('rejects the same nodePort on two NodePort services', () => {
    expect(
      problems({ platforms: ['k3d'], sets: ['components.rcache.serviceType=NodePort', 'components.rcache.ports.rcache.nodePort=30080'] }),
    ).toEqual([
      'components.rcache.ports.rcache.nodePort: 30080 is also the nodePort of components.dispatcher.ports.http: give each NodePort service port its own nodePort',
    ]);
    // Not a clash while rcache is ClusterIP: its nodePort is not used.
    expect(problems({ platforms: ['k3d'], sets: ['components.rcache.ports.rcache.nodePort=30080'] })).toEqual([]);
  });

  it('rejects an hpa without maxReplicas', () => {
    expect(problems({ sets: ['components.worker.hpa.maxReplicas=null'] })).toEqual([
      'components.worker.hpa.maxReplicas is not set: give the autoscaler its maximum replica count',
    ]);
  });

  it('rejects a port whose name is not a valid IANA service name after conversion', () => {
    expect(problems({ sets: ['components.objst.ports.fileStorageForHistory.servicePort=5001'] })).toEqual([
      'components.objst.ports.fileStorageForHistory: port name "file-storage-for-history" is not a valid IANA service name (must be 1-15 characters long): rename the port key',
    ]);
  });

  it('rejects a release name that is not an RFC 1123 label of at most 53 characters', () => {
    expect(() => releaseName({ release: 'AFC_dev' })).toThrow(/release name "AFC_dev" is not an RFC 1123 label of at most 53 characters/);
    expect(() => releaseName({ release: 'a'.repeat(54) })).toThrow(AfcError);
    expect(releaseName({ release: 'release-name' })).toBe('release-name');
  });

  it('reports every problem at once', () => {
    const found = problems({
      sets: ['components.rmq.serviceType=Nodeport', 'components.grafana.initialReplicas=x', 'components.ratdb.ports.ratdb.nodePort=1'],
    });
    expect(found).toHaveLength(2); // schema problems first; cross-references only for schema-valid values
    const crossRef = problems({ sets: ['components.ratdb.ports.ratdb.nodePort=1', 'components.msghnd.imageName=', 'components.worker.hpa.maxReplicas=null'] });
    expect(crossRef).toHaveLength(3);
  });
});
