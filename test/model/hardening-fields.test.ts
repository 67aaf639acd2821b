import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { problems as problemsOf } from '../support/model.js';
import { at, find, synth } from '../support/synth.js';
import { tempFolder } from '../support/files.js';

const dir = tempFolder('afc-hardening-');
let n = 0;
/** A values file with the given content. */
const file = (values: unknown): string => {
  const path = join(dir, `values-${n++}.yaml`);
  writeFileSync(path, stringify(values));
  return path;
};
/** The problems of a values file with the given content. */
const problems = (values: unknown): string[] => problemsOf({ valuesFiles: [file(values)] });

describe('hardening fields of the model', () => {
  it('render probes in Kubernetes shape, a port key becoming its port name', () => {
    const objects = synth({
      valuesFiles: [
        file({
          components: {
            objst: {
              readinessProbe: { httpGet: { port: 'fileStorage', path: '/healthy' }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: 5000 } },
              startupProbe: { exec: { command: ['true'] }, failureThreshold: 30 },
            },
          },
        }),
      ],
    });
    const c = at(find(objects, 'Deployment', 'objst'), 'spec.template.spec.containers.0');
    expect(at(c, 'readinessProbe')).toEqual({ httpGet: { port: 'file-storage', path: '/healthy' }, periodSeconds: 5 });
    expect(at(c, 'livenessProbe')).toEqual({ tcpSocket: { port: 5000 } });
    expect(at(c, 'startupProbe')).toEqual({ exec: { command: ['true'] }, failureThreshold: 30 });
  });

  it('render automountServiceAccountToken and pod security fields merged over the securityContexts ones', () => {
    const objects = synth({
      valuesFiles: [
        file({
          securityContexts: { mine: { runAsUser: 5, readOnlyRootFilesystem: true } },
          components: {
            default: { podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } } },
            rcache: { securityContextKey: 'mine', automountServiceAccountToken: false, podSecurityContext: { runAsUser: 7, runAsNonRoot: true, fsGroup: 7 } },
          },
        }),
      ],
    });
    const spec = at(find(objects, 'Deployment', 'rcache'), 'spec.template.spec');
    expect(at(spec, 'automountServiceAccountToken')).toBe(false);
    expect(at(spec, 'securityContext')).toEqual({ runAsUser: 7, runAsNonRoot: true, fsGroup: 7, seccompProfile: { type: 'RuntimeDefault' } });
    expect(at(spec, 'containers.0.securityContext')).toEqual({ readOnlyRootFilesystem: true });
    expect(at(find(objects, 'Deployment', 'grafana'), 'spec.template.spec.securityContext')).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('back a static volume by a claim (ReadOnlyMany by default: mounted read-only) or an emptyDir', () => {
    const objects = synth({
      valuesFiles: [
        file({
          staticVolumes: { pipe: { hostPath: null, emptyDir: {} } },
          staticVolumeClaims: { rat_transfer: { storage: '5Gi', storageClassName: '', volumeName: 'static-files' } },
        }),
      ],
    });
    expect(at(find(objects, 'PersistentVolumeClaim', 'rat-transfer'), 'spec')).toEqual({
      accessModes: ['ReadOnlyMany'],
      resources: { requests: { storage: '5Gi' } },
      storageClassName: '',
      volumeName: 'static-files',
    });
    const spec = at(find(objects, 'Deployment', 'rat-server'), 'spec.template.spec');
    expect(at(spec, 'volumes')).toEqual([
      { name: 'pipe', emptyDir: {} },
      { name: 'rat-transfer', persistentVolumeClaim: { claimName: 'rat-transfer', readOnly: true } },
    ]);
    expect(at(spec, 'containers.0.volumeMounts')).toEqual([
      { name: 'pipe', mountPath: '/pipe' },
      { name: 'rat-transfer', mountPath: '/mnt/nfs/rat_transfer', readOnly: true },
    ]);
  });

  it('report every bad hardening value, naming it and the fix', () => {
    expect(
      problems({
        staticVolumeClaims: { nfs: { storage: '1Gi' } },
        components: {
          msghnd: {
            readinessProbe: { tcpSocket: { port: 'http' }, httpGet: { port: 8000 } },
            livenessProbe: { periodSeconds: 3 },
            readOnlyStaticVolumes: ['rat_transfer'],
          },
        },
      }),
    ).toEqual([
      'components.msghnd.livenessProbe has no handler: give exactly one of exec, httpGet, tcpSocket, grpc',
      'components.msghnd.readinessProbe has 2 handlers (httpGet, tcpSocket): give exactly one of exec, httpGet, tcpSocket, grpc',
      'components.msghnd.readinessProbe.tcpSocket.port: "http" is not a port of the component (msghnd): use a port key or a number',
      'components.msghnd.readOnlyStaticVolumes: "rat_transfer" is not mounted by the component (staticVolumeMounts: none): remove it or mount the volume',
      'staticVolumeClaims.nfs: no static volume "nfs" in staticVolumes (rat_transfer, pipe, notifier_mail_secret): a claim backs an existing static volume',
    ]);
    expect(problems({ components: { rmq: { podSecurityContext: { runAsUser: -1, seccompProfile: { type: 'Default' } } } } })).toEqual([
      'components.rmq.podSecurityContext.runAsUser: -1 is out of range: expected number to be >=0',
      'components.rmq.podSecurityContext.seccompProfile.type: "Default" is not one of RuntimeDefault, Localhost, Unconfined',
    ]);
  });
});
