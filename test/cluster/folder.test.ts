/**
 * `--against DIR` reads its folder as input, with the limits of values files: real files, links,
 * FIFOs under a temporary folder; the Helm render is a real `helm template --output-dir` of the
 * generated chart (the pinned helm, .tools/bin/helm).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifestDir } from '../../src/cluster/folder.js';
import { parseManifests } from '../../src/kit/manifests.js';
import { AfcError } from '../../src/errors.js';
import { synthPlainYaml } from '../../src/synth/plain.js';
import { afc } from '../support/cli.js';
import { tempFolder } from '../support/files.js';
import { requireHelm } from '../support/helm.js';

const work = tempFolder('afc-folder-');
let n = 0;
/** A new folder under the work folder with these files (name → text). */
const folder = (files: Record<string, string> = {}): string => {
  const dir = join(work, `f${++n}`);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
};
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';
const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AfcError);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('--against folders have the limits of values files', () => {
  it('refuses an alias bomb in one line', () => {
    const dir = folder({ 'bomb.yaml': `${CM}data:\n  a: &a [x,x,x,x,x,x,x,x,x]\n  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n  d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n` });
    expect(refusal(() => readManifestDir(dir))).toMatch(/bomb\.yaml: YAML aliases \(\*name\) expand to more than 100 copies: fix or remove the file$/);
  });

  it('refuses nesting deeper than values allow, in flow and block style', () => {
    const flow = folder({ 'flow.yaml': `${CM}data: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` });
    expect(refusal(() => readManifestDir(flow))).toMatch(/flow\.yaml: nests flow collections \(\[ or \{\) deeper than 64 levels: fix or remove the file$/);
    const block = folder({ 'block.yaml': `${CM}spec:\n${Array.from({ length: 70 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:\n`).join('')}${'  '.repeat(71)}x: 1\n` });
    expect(refusal(() => readManifestDir(block))).toMatch(/block\.yaml: spec\.k0\.k1.* nests deeper than 64 levels/);
  });

  it('refuses a file over 4 MiB and files over 16 MiB together', () => {
    const big = folder({ 'big.yaml': `${CM}data:\n  x: "${'x'.repeat(4 * 1024 * 1024)}"\n` });
    expect(refusal(() => readManifestDir(big))).toMatch(/: .*big\.yaml is larger than the limit of 4 MiB: point --against at an output folder$/);
    const files: Record<string, string> = {};
    for (let i = 0; i < 5; i++) files[`part${i}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  x: "${'x'.repeat(3.5 * 1024 * 1024)}"\n`;
    expect(refusal(() => readManifestDir(folder(files)))).toMatch(/: its YAML files are larger than the limit of 16 MiB together: point --against at one output folder$/);
  });

  it('gives manifests their own keys (a ConfigMap key named constructor is data)', () => {
    expect(parseManifests(`${CM}data:\n  constructor: x\n`, 's')[0]!.data).toEqual({ constructor: 'x' });
  });
});

describe('--against reads only regular files inside the folder', () => {
  it('refuses a link to a file outside the folder, naming the path', () => {
    const dir = folder({ 'a.yaml': CM });
    symlinkSync('/etc/hostname', join(dir, 'etc.yaml'));
    expect(refusal(() => readManifestDir(dir))).toMatch(/^--against .*: .*etc\.yaml is a symbolic link to \/etc\/hostname, outside the folder: afc reads only files inside --against; copy the file in or remove the link$/);
  });

  it('refuses a link to a folder outside (a link to /etc)', () => {
    const dir = folder({ 'a.yaml': CM });
    symlinkSync('/etc', join(dir, 'etc'));
    expect(refusal(() => readManifestDir(dir))).toMatch(/etc is a symbolic link to \/etc, outside the folder/);
  });

  it('follows links inside the folder, once each (a loop ends)', () => {
    const dir = folder({ 'sub/a.yaml': CM });
    symlinkSync('sub/a.yaml', join(dir, 'b.yaml'));
    symlinkSync('..', join(dir, 'sub', 'loop'));
    expect(readManifestDir(dir).map((o) => o.metadata.name)).toEqual(['a', 'a']);
  });

  it('refuses a FIFO named *.yaml instead of hanging on it, and a broken link', () => {
    const dir = folder({ 'a.yaml': CM });
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    expect(refusal(() => readManifestDir(dir))).toMatch(/pipe\.yaml is a device, FIFO or socket, not a file: remove it$/);
    const broken = folder({ 'a.yaml': CM });
    symlinkSync('nowhere.yaml', join(broken, 'b.yaml'));
    expect(refusal(() => readManifestDir(broken))).toMatch(/b\.yaml is a broken symbolic link: remove it$/);
  });
});

describe('a helm template --output-dir render', () => {
  it('compares with afc synth without the managed-by Helm noise (real helm, the generated chart)', () => {
    const chart = join(work, 'chart');
    expect(afc(['synth', '--format', 'helm', '--platform', 'k3d', '--out', chart]).status).toBe(0);
    const rendered = join(work, 'rendered');
    execFileSync(requireHelm(), ['template', 'afc', chart, '--output-dir', rendered], { stdio: 'ignore' });
    const objects = readManifestDir(rendered);
    expect(objects.length).toBeGreaterThan(40);
    expect(objects.every((o) => o.metadata.labels?.['app.kubernetes.io/managed-by'] === 'afc')).toBe(true);
    const same = afc(['diff', '--platform', 'k3d', '--against', rendered]);
    expect([same.status, same.stdout, same.stderr]).toEqual([0, 'no differences\n', '']);
    const other = afc(['diff', '--platform', 'k3d,no_secrets', '--against', rendered, '-o', 'json']);
    expect(other.status).toBe(1);
    expect((JSON.parse(other.stdout) as { objects: { kind: string; name: string }[] }).objects.map((o) => `${o.kind}/${o.name}`)).toEqual(['ConfigMap/uls-downloader', 'Deployment/uls-downloader']);
  });

  it('keeps managed-by Helm in a plain folder (only a Helm render is read as afc)', () => {
    const dir = folder({ 'a.yaml': `${CM}  labels:\n    app.kubernetes.io/managed-by: Helm\n` });
    expect(readManifestDir(dir)[0]!.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'Helm' });
  });

  it('reads the folder afc synth wrote as before', () => {
    const dir = folder({ 'afc-int.k8s.yaml': synthPlainYaml({ platforms: ['k3d'] }) });
    expect(readManifestDir(dir).length).toBeGreaterThan(40);
  });
});

describe('afc diff --against a hostile folder', () => {
  it('exits 2 with a one-line error, never an internal error', () => {
    const bomb = folder({ 'bomb.yaml': `${CM}data:\n  a: &a [x,x,x,x,x,x,x,x,x,x]\n  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  c: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n` });
    const linked = folder({ 'a.yaml': CM });
    symlinkSync('/etc', join(linked, 'etc'));
    for (const dir of [bomb, linked]) {
      const r = afc(['diff', '--platform', 'k3d', '--against', dir]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^afc: error: .*(YAML aliases|symbolic link to \/etc)/);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});
