// The synthesized manifests against a real kube-apiserver (the testbed): server-side validation of
// every overlay combination, and a real apply whose objects read back with the fields we set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformCombinations } from '../src/synth/command.js';
import { synthPlainObjects, synthPlainYaml } from '../src/synth/plain.js';
import { toYamlStream } from '../src/kit/yaml.js';
import { createNamespace, kubectl } from './testbed.js';
import { missingFields } from './fields.js';

const COMBINATIONS = [...platformCombinations(['k3d', 'gcp', 'http', 'no_secrets']), ['minikube']];

let ns: string;
beforeAll(async () => {
  ns = await createNamespace('e2e-synth');
  // The prometheus NodePort Service lives in namespace monitoring (as the cluster script creates it).
  await kubectl(['create', 'namespace', 'monitoring']).catch((e: Error) => {
    if (!/AlreadyExists/.test(e.message)) throw e;
  });
});
afterAll(async () => {
  if (!ns) return;
  // Node ports are cluster-wide: free them now, not when the namespace is gone (never, without controllers).
  await kubectl(['delete', 'services', '--all', '-n', ns]).catch(() => undefined);
  await kubectl(['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
});

describe('kubectl apply --server-side --dry-run=server (strict field validation)', () => {
  for (const platforms of COMBINATIONS) {
    it(`accepts ${platforms.join('+') || 'base'}`, async () => {
      const yaml = synthPlainYaml({ platforms });
      const out = await kubectl(['apply', '--server-side', '--dry-run=server', '--validate=strict', '--field-manager=afc-e2e', '-n', ns, '-f', '-'], { input: yaml });
      const count = yaml.split('\n---\n').length;
      expect(out.trim().split('\n')).toHaveLength(count);
      expect(out).toMatch(/deployment\.apps\/worker serverside-applied \(server dry run\)/);
    });
  }

  it('accepts the optional fields: security contexts, service account, pull secrets, HPA behavior, prometheus NodePort', async () => {
    // Objects without a namespace go to the test namespace; the prometheus Service keeps `monitoring`
    // (kubectl refuses -n with an object of another namespace, so the namespace is set on the objects).
    const objects = synthPlainObjects({
        platforms: ['k3d'],
        valuesFiles: ['test/fixtures/overlays/pull-secrets.yaml'],
        sets: [
          'securityContexts.hardened.runAsUser=1000',
          'securityContexts.hardened.fsGroup=1000',
          'securityContexts.hardened.readOnlyRootFilesystem=true',
          'securityContexts.hardened.allowPrivilegeEscalation=false',
          'components.default.securityContextKey=hardened',
          'components.rmq.serviceAccount=default',
          'components.worker.hpa.behavior.scaleDown.stabilizationWindowSeconds=300',
          'components.prometheus.serviceType=NodePort',
        ],
      }).map((o) => ({ ...o, metadata: { namespace: ns, ...o.metadata } }));
    const out = await kubectl(['apply', '--server-side', '--dry-run=server', '--validate=strict', '--field-manager=afc-e2e', '-f', '-'], { input: toYamlStream(objects) });
    expect(out).toMatch(/deployment\.apps\/rmq serverside-applied \(server dry run\)/);
    expect(out).toMatch(/service\/prometheus serverside-applied \(server dry run\)/);
  });

  it('rejects what the model would let through if it were wrong (the check can fail)', async () => {
    const yaml = synthPlainYaml({ platforms: ['k3d'] }).replace('containerPort: 8000', 'containerPort: 800000');
    await expect(kubectl(['apply', '--server-side', '--dry-run=server', '-n', ns, '-f', '-'], { input: yaml })).rejects.toThrow(/containerPort/);
  });
});

describe('a real apply', () => {
  it('stores every object, which reads back with every field we set', async () => {
    const objects = synthPlainObjects({ platforms: ['k3d', 'http', 'no_secrets'] });
    await kubectl(['apply', '--server-side', '--field-manager=afc-e2e', '-n', ns, '-f', '-'], { input: toYamlStream(objects) });
    for (const o of objects) {
      const live = JSON.parse(await kubectl(['get', `${o.kind}.${o.apiVersion.split('/').length === 2 ? o.apiVersion.split('/')[0] : ''}`.replace(/\.$/, ''), o.metadata.name, '-n', ns, '-o', 'json'])) as unknown;
      const { metadata, ...rest } = o;
      expect(missingFields({ ...rest, metadata: { name: metadata.name, labels: metadata.labels, annotations: metadata.annotations } }, live), `${o.kind}/${o.metadata.name}`).toEqual([]);
    }
    const deployments = JSON.parse(await kubectl(['get', 'deployments', '-n', ns, '-o', 'json'])) as { items: unknown[] };
    expect(deployments.items).toHaveLength(13);
  });
});
