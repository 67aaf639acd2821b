// The `afc diff --against` contract as a process: exit 0 = no differences, 1 = differences, 2 = error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthPlainYaml } from '../../src/synth/plain.js';
import { afc } from '../support/cli.js';
import { HELM } from '../support/helm.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'afc-diff-cli-'));
  writeFileSync(join(dir, 'afc-int.k8s.yaml'), synthPlainYaml({ platforms: ['k3d'] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('afc diff --against DIR', () => {
  it('exits 0 and says so when nothing differs', () => {
    const r = afc(['diff', '--platform', 'k3d', '--against', dir]);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'no differences\n', '']);
  });

  it('exits 1 with the differences, text or JSON', () => {
    const text = afc(['diff', '--platform', 'gcp', '--against', dir]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('- prune  StatefulSet ratdb\n');
    expect(text.stdout.endsWith('0 to create, 15 to change, 6 to prune\n')).toBe(true);
    const json = afc(['diff', '--platform', 'gcp', '--against', dir, '-o', 'json']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).summary).toEqual({ create: 0, change: 15, prune: 6 });
  });

  it('reads a chart folder through helm template (its managed-by Helm label is not a difference)', () => {
    const chart = join(dir, 'chart');
    expect(afc(['synth', '--format', 'helm', '--platform', 'k3d', '--out', chart]).status).toBe(0);
    const env = { AFC_HELM: HELM };
    const same = afc(['diff', '--platform', 'k3d', '--against', chart], { env });
    expect([same.status, same.stdout, same.stderr]).toEqual([0, 'no differences\n', '']);
    const other = afc(['diff', '--platform', 'k3d,no_secrets', '--against', chart, '-o', 'json'], { env });
    expect(other.status).toBe(1);
    const doc = JSON.parse(other.stdout) as { objects: { kind: string; name: string }[] };
    expect(doc.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(['ConfigMap/uls-downloader', 'Deployment/uls-downloader']);
  });

  it('exits 2 with a one-line error for a missing folder or bad input', () => {
    const missing = afc(['diff', '--platform', 'k3d', '--against', join(dir, 'nope')]);
    expect([missing.status, missing.stdout]).toEqual([2, '']);
    expect(missing.stderr).toBe(`afc: error: --against ${join(dir, 'nope')}: no such folder: give an earlier output folder (afc synth --out DIR)\n`);
    const bad = afc(['diff', '--platform', 'nosuch', '--against', dir]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^afc: error: .*nosuch/);
  });

  it('exits 2 for usage errors (unknown flag, extra argument, -o yaml): 1 means differences only; --help exits 0', () => {
    for (const args of [['--nosuch'], ['extra'], ['-o', 'yaml']]) {
      const r = afc(['diff', '--platform', 'k3d', '--against', dir, ...args]);
      expect([r.status, r.stdout], args.join(' ')).toEqual([2, '']);
      expect(r.stderr).toMatch(/^afc: error: .* \(see --help\)\n$/);
    }
    expect(afc(['diff', '--help']).status).toBe(0);
    // apply keeps exit 1 for its usage errors.
    expect(afc(['apply', '--nosuch']).status).toBe(1);
  });
});
