import { describe, expect, it } from 'vitest';
import { parseStream } from '../support/compare.js';
import { afc } from '../support/cli.js';

type Obj = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } };

const without = (objects: Obj[], key: 'namespace'): Obj[] =>
  objects.map((o) => {
    const metadata = { ...o.metadata };
    delete metadata[key];
    return { ...o, metadata };
  });

describe('afc synth --namespace', () => {
  it('puts every object in the namespace, and changes nothing else', () => {
    const plain = afc(['synth', '--platform', 'k3d', '--stdout']);
    const r = afc(['synth', '--platform', 'k3d', '--namespace', 'afc-prod', '--stdout']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const objects = parseStream(r.stdout) as Obj[];
    expect(objects.map((o) => o.metadata.namespace)).toEqual(objects.map(() => 'afc-prod'));
    expect(without(objects, 'namespace')).toEqual(parseStream(plain.stdout));
  });

  it('keeps the namespace of an object that names its own (the prometheus NodePort Service)', () => {
    const r = afc(['synth', '--set', 'components.prometheus.serviceType=NodePort', '--namespace', 'afc', '--stdout']);
    expect(r.status).toBe(0);
    const prometheus = (parseStream(r.stdout) as Obj[]).find((o) => o.kind === 'Service' && o.metadata.name === 'prometheus');
    expect(prometheus?.metadata.namespace).toBe('monitoring');
  });

  it('rejects a namespace that is not a DNS label, and the Helm format', () => {
    const bad = afc(['synth', '--namespace', 'Prod_1', '--stdout']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^afc: error: namespace "Prod_1" is not an RFC 1123 label/);
    const helm = afc(['synth', '--format', 'helm', '--namespace', 'afc', '--out', '/nonexistent/x']);
    expect(helm.status).toBe(1);
    expect(helm.stderr).toMatch(/helm install --namespace/);
  });
});

describe('afc synth --instances (benchmark form)', () => {
  it('writes N releases, each in the namespace of its name, in install order', () => {
    const one = parseStream(afc(['synth', '--platform', 'k3d', '--release', 'x', '--namespace', 'x', '--stdout']).stdout) as Obj[];
    const r = afc(['synth', '--platform', 'k3d', '--release', 'afc', '--instances', '3', '--stdout']);
    expect(r.status).toBe(0);
    const objects = parseStream(r.stdout) as Obj[];
    expect(objects).toHaveLength(3 * one.length);
    for (const i of [1, 2, 3]) {
      const mine = objects.filter((o) => o.metadata.namespace === `afc-${i}`);
      expect(mine.map((o) => o.metadata.labels?.['app.kubernetes.io/instance'])).toEqual(mine.map(() => `afc-${i}`));
      expect(mine.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(one.map((o) => `${o.kind}/${o.metadata.name}`));
    }
    // Kinds in Helm's install order across the instances: all ConfigMaps first.
    const kinds = objects.map((o) => o.kind);
    expect(kinds.lastIndexOf('ConfigMap')).toBeLessThan(kinds.indexOf('Service'));
  });

  it('is hidden from --help and rejects bad counts and combinations', () => {
    expect(afc(['synth', '--help']).stdout).not.toContain('--instances');
    expect(afc(['synth', '--instances', '0', '--stdout']).status).toBe(1);
    expect(afc(['synth', '--instances', '2', '--format', 'helm', '--out', '/nonexistent/x']).status).toBe(1);
  });
});
