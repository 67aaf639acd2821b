import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openafcVersion, OPENAFC_VERSIONS } from '../../platforms/versions.js';
import { mergeValues } from '../../src/model/merge.js';
import { openafc_1_0_1_0 } from '../../src/model/openafc/defaults/openafc-1.0.1.0.js';
import { synthPlainObjects } from '../../src/synth/plain.js';
import { tempFolder } from '../support/files.js';
import { upstreamValuesFiles } from '../support/openafc-upstream.js';
import { at, find, names } from '../support/synth.js';

const k3dFake = (v: string): string[] => upstreamValuesFiles(v, ['k3d', 'fake-secrets']);

describe('OpenAFC versions (--openafc)', () => {
  it('knows fc912b4a, 1.0.1.0, 1.0.3.0 and 717d3491, and the aliases 1.0.2.0, latest-release and main', () => {
    expect(Object.keys(OPENAFC_VERSIONS)).toEqual(['fc912b4a', '1.0.1.0', '1.0.3.0', '717d3491']);
    expect(openafcVersion(undefined).id).toBe('fc912b4a');
    expect(openafcVersion('1.0.2.0').id).toBe('1.0.1.0');
    expect(openafcVersion('latest-release').id).toBe('1.0.3.0');
    expect(openafcVersion('main').id).toBe('717d3491');
    for (const v of Object.values(OPENAFC_VERSIONS)) expect(v.app).toBe('afc-int');
  });

  it('refuses an unknown version, listing the known ones', () => {
    expect(() => openafcVersion('2.0')).toThrow(/^unknown OpenAFC version "2.0": use one of fc912b4a, 1.0.1.0, 1.0.3.0, 717d3491, 1.0.2.0 \(= 1.0.1.0\), latest-release \(= 1.0.3.0\), main \(= 717d3491\)$/);
  });

  it('names the versions that have a key given to another one', () => {
    expect(() => synthPlainObjects({ sets: ['sharedEnv.x.Y=1'] })).toThrow(/sharedEnv: a key of OpenAFC 1\.0\.1\.0, 1\.0\.3\.0, 717d3491, not of fc912b4a: use --openafc 1\.0\.3\.0 or main/);
    expect(() => synthPlainObjects({ openafc: 'main', sets: ['configmaps.rcache.X=1'] })).toThrow(/configmaps: a key of OpenAFC fc912b4a, not of 717d3491: use --openafc fc912b4a/);
    expect(() => synthPlainObjects({ openafc: 'main', sets: ['components.rat_server.imageTag=1'] })).toThrow(/components\.rat_server: a key of OpenAFC fc912b4a/);
    expect(() => synthPlainObjects({ openafc: 'main', sets: ['components.rmq.nosuchkey=1'] })).toThrow(/components\.rmq\.nosuchkey: unknown key/);
  });

  it('gives a one-line error naming what to set for the defaults alone (upstream: Undefined static volume key pipe)', () => {
    for (const v of ['1.0.1.0', '1.0.3.0', 'main']) {
      expect(() => synthPlainObjects({ openafc: v })).toThrow(/^staticVolumes\.(pipe|rat_transfer|objst-storage) is not set \(components\.[a-z-]+ mounts it at \/[^)]*\): give its volume source in a values file \(e\.g\. hostPath or nfs\), or use a platform that does \(-p k3d\)$/);
    }
  });

  it('warns when a newer version runs without an image tag, and when a store has no provider', () => {
    const warnings: string[] = [];
    synthPlainObjects({ openafc: '1.0.3.0', platforms: ['k3d'], warn: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^OpenAFC 1\.0\.3\.0: no image tag given, so the images are tagged brcm-3\.8\.14\.0\.1 .*set components\.default\.imageTag/);
    expect(warnings[1]).toMatch(/^secretStores\.secret-store has no provider, so its ClusterSecretStore is not rendered/);
    const tagged: string[] = [];
    const objects = synthPlainObjects({ openafc: '1.0.3.0', platforms: ['k3d'], valuesFiles: k3dFake('1.0.3.0'), sets: ['components.default.imageTag=3.9'], warn: (w) => tagged.push(w) });
    expect(tagged).toEqual([]);
    expect(at(find(objects, 'Deployment', 'worker'), 'spec.template.spec.containers.0.image')).toBe('ghcr.io/open-afc-project/afc-worker:3.9');
  });

  it('writes 1.0.3.0 as a delta over 1.0.1.0 that holds only what changed', () => {
    const v103 = OPENAFC_VERSIONS['1.0.3.0']!;
    if (v103.model !== '1.0') throw new Error('model');
    expect(Object.keys(v103.defaults.sharedEnv ?? {})).toEqual(expect.arrayContaining(['als-db', 'uls-db', 'db-creator']));
    expect(openafc_1_0_1_0.sharedEnv).not.toHaveProperty('db-creator');
    expect(mergeValues(openafc_1_0_1_0, {}).components).toEqual(openafc_1_0_1_0.components);
  });

  it('no_secrets renders without External Secrets: no ExternalSecret, no store, no secret mount, optional secret files unset', () => {
    for (const v of ['1.0.1.0', '1.0.3.0', 'main']) {
      const objects = synthPlainObjects({ openafc: v, platforms: ['k3d', 'no_secrets'] });
      expect(names(objects, 'ExternalSecret')).toEqual([]);
      expect(names(objects, 'ClusterSecretStore')).toEqual([]);
      const rat = find(objects, 'Deployment', 'rat-server');
      expect(JSON.stringify(at(rat, 'spec.template.spec.volumes'))).not.toContain('secret');
      expect(JSON.stringify(at(rat, 'spec.template.spec.containers.0.env'))).not.toContain('/secrets/');
    }
  });

  describe('null in a values file (Helm\'s rule: it removes a key the values have, and declares one they lack)', () => {
    const dir = tempFolder('openafc-null');
    it('removes a mounted secret the values have', () => {
      const f = join(dir, 'remove.yaml');
      writeFileSync(f, 'components:\n  rcache:\n    mountedSecrets:\n      rcache-db-password: null\n');
      const objects = synthPlainObjects({ openafc: '1.0.3.0', valuesFiles: [...k3dFake('1.0.3.0'), f] });
      expect(at(find(objects, 'Deployment', 'rcache'), 'spec.template.spec.volumes')).toBeUndefined();
    });
    it('declares a mounted secret the values lack (mounted once externalSecrets defines it)', () => {
      const f = join(dir, 'declare.yaml');
      writeFileSync(f, 'components:\n  rcache:\n    mountedSecrets:\n      google-apikey: null\n');
      const objects = synthPlainObjects({ openafc: '1.0.3.0', valuesFiles: [...k3dFake('1.0.3.0'), f] });
      expect((at(find(objects, 'Deployment', 'rcache'), 'spec.template.spec.volumes') as { name: string }[]).map((v) => v.name)).toEqual(['google-apikey-secret', 'rcache-db-password-secret']);
    });
    it('declares an external IP without an address, which {{ip:KEY}} then refuses', () => {
      const f = join(dir, 'ip.yaml');
      writeFileSync(f, 'externalIps:\n  db: null\ncomponents:\n  rcache:\n    env:\n      X: "{{ip:db}}"\n');
      expect(() => synthPlainObjects({ openafc: '1.0.3.0', valuesFiles: [...k3dFake('1.0.3.0'), f] })).toThrow(/^components\.rcache\.env\.X: \{\{ip:db\}\}: externalIps\.db has no address/);
    });
  });

  it('renders a LoadBalancer address from externalIps and the Service annotations', () => {
    const objects = synthPlainObjects({ openafc: '1.0.3.0', valuesFiles: upstreamValuesFiles('1.0.3.0', ['gcp-example']) });
    const rmq = find(objects, 'Service', 'rmq');
    expect(at(rmq, 'spec.loadBalancerIP')).toBe('192.0.2.11');
    expect(at(rmq, 'metadata.annotations')).toEqual({ 'networking.gke.io/internal-load-balancer-allow-global-access': 'true', 'networking.gke.io/load-balancer-type': 'Internal' });
    expect(names(objects, 'Ingress')).toEqual(['afcserver', 'grafana', 'objst', 'rat-server']);
  });

  it('renders external-secrets.io/v1 when externalSecretsApiVersion asks (ESO >= 0.17)', () => {
    const objects = synthPlainObjects({ openafc: 'main', valuesFiles: k3dFake('717d3491'), sets: ['externalSecretsApiVersion=external-secrets.io/v1'] });
    const kinds = new Set(objects.filter((o) => o.apiVersion.startsWith('external-secrets.io')).map((o) => `${o.apiVersion} ${o.kind}`));
    expect([...kinds].sort()).toEqual(['external-secrets.io/v1 ClusterSecretStore', 'external-secrets.io/v1 ExternalSecret']);
  });
});

describe('platforms of one version only', () => {
  it('refuses hardened on a 1.0.x version (with the reasons: test/platforms/hardened-1.0.test.ts), and msghnd on fc912b4a, naming the version that has it', () => {
    expect(() => synthPlainObjects({ openafc: '1.0.3.0', platforms: ['k3d', 'hardened'] })).toThrow(/^platform "hardened" is refused for OpenAFC 1\.0\.3\.0: .* Use --openafc fc912b4a for the hardened profile/);
    expect(() => synthPlainObjects({ platforms: ['msghnd'] })).toThrow(/"msghnd" is a platform of OpenAFC 1\.0\.1\.0, 1\.0\.3\.0, 717d3491 only/);
  });
});

describe('the --openafc help', () => {
  it('names every version and alias of the registry', async () => {
    const { readFileSync } = await import('node:fs');
    const { openafcVersionNames } = await import('../../platforms/versions.js');
    const help = readFileSync('src/cli/synth.ts', 'utf8');
    for (const name of openafcVersionNames()) expect(help).toContain(name);
  });
});
