import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffObjects, fixOriginalDefects, parseStream, readStream } from '../support/compare.js';
import { afc } from '../support/cli.js';
import { hashDir, tempFolder } from '../support/files.js';

const work = tempFolder('afc-cli-');

describe('afc synth', () => {
  it('writes dist/<platforms> by default, matching the reference render', () => {
    const r = afc(['synth', '--platform', 'k3d'], { cwd: work });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('wrote dist/k3d (afc-int.k8s.yaml)\n');
    const objects = readStream(join(work, 'dist/k3d/afc-int.k8s.yaml'));
    expect(diffObjects(objects, fixOriginalDefects(readStream('test/fixtures/rendered/k3d.yaml')), { ignoreManagedBy: true })).toEqual([]);
  });

  it('names the default folder after the platforms joined by +, or base', () => {
    expect(afc(['synth', '--platform', 'k3d,http', '--platform', 'no-secrets'], { cwd: work }).stdout).toBe('wrote dist/k3d+http+no_secrets (afc-int.k8s.yaml)\n');
    expect(afc(['synth'], { cwd: work }).stdout).toBe('wrote dist/base (afc-int.k8s.yaml)\n');
  });

  it('writes one multi-document YAML stream with --stdout', () => {
    const r = afc(['synth', '--platform', 'gcp,http', '--stdout']);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('---\napiVersion: v1\nkind: ConfigMap\n')).toBe(true);
    const objects = parseStream(r.stdout);
    expect(diffObjects(objects, fixOriginalDefects(readStream('test/fixtures/rendered/gcp+http.yaml')), { ignoreManagedBy: true })).toEqual([]);
  });

  it('is deterministic: two runs give byte-identical files', () => {
    const a = join(work, 'det-a');
    const b = join(work, 'det-b');
    expect(afc(['synth', '--platform', 'k3d,http', '--out', a]).status).toBe(0);
    expect(afc(['synth', '--platform', 'k3d,http', '--out', b]).status).toBe(0);
    expect(hashDir(a)).toBe(hashDir(b));
    const ha = join(work, 'det-helm-a');
    const hb = join(work, 'det-helm-b');
    expect(afc(['synth', '--format', 'helm', '--platform', 'k3d', '--out', ha]).status).toBe(0);
    expect(afc(['synth', '--format', 'helm', '--platform', 'k3d', '--out', hb]).status).toBe(0);
    expect(hashDir(ha)).toBe(hashDir(hb));
  });

  it('writes a Helm chart with --format helm', () => {
    const out = join(work, 'chart');
    const r = afc(['synth', '--format', 'helm', '--platform', 'k3d', '--out', out]);
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, 'Chart.yaml'), 'utf8')).toContain('name: afc-int');
  });

  it('writes every combination of a platform list with --matrix', () => {
    const out = join(work, 'matrix');
    const r = afc(['synth', '--matrix', 'k3d,gcp,http,no_secrets', '--out', out]);
    expect(r.stdout).toBe(`wrote 16 combinations to ${out}\n`);
    expect(readdirSync(out)).toHaveLength(17);
    expect(readdirSync(out)).toContain('.afc-output');
    expect(readFileSync(join(out, 'k3d+http+no_secrets/afc-int.k8s.yaml'), 'utf8')).toBe(
      afc(['synth', '--platform', 'k3d,http,no_secrets', '--stdout']).stdout,
    );
  });

  it('prints help with examples', () => {
    const r = afc(['synth', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: afc synth [options]');
    expect(r.stdout).toContain('--platform <list>');
    expect(r.stdout).toContain('Examples:');
    const top = afc(['--help']).stdout;
    for (const command of ['synth', 'cluster', 'images', 'install', 'ratdb']) expect(top).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });
});

describe('afc synth on bad input', () => {
  const badValues = join(work, 'bad.yaml');
  writeFileSync(badValues, 'components:\n  rmq:\n    serviceType: Nodeport\n');
  const notYaml = join(work, 'broken.yaml');
  writeFileSync(notYaml, 'components: [\n');

  const cases: [string, string[], RegExp][] = [
    ['an unknown platform', ['--platform', 'k3d,aws'], /^afc: error: unknown platform "aws": use one of k3d, gcp, http, no_secrets, minikube/],
    ['a bad --set', ['--set', 'components.rmq'], /^afc: error: --set "components.rmq": expected PATH=VALUE/],
    ['an invalid enum in a values file', ['-f', badValues], /^afc: error: components\.rmq\.serviceType: "Nodeport" is not one of ClusterIP, NodePort, LoadBalancer\n$/],
    ['a missing values file', ['-f', join(work, 'nope.yaml')], /^afc: error: values file ".*nope\.yaml" cannot be read \(ENOENT\): check the path\n$/],
    ['a values file that is not YAML', ['-f', notYaml], /^afc: error: values file ".*broken\.yaml" is not valid YAML: /],
    ['a bad release name', ['--release', 'AFC_1'], /^afc: error: release name "AFC_1" is not an RFC 1123 label/],
    ['an unknown component', ['--set', 'components.workr.initialReplicas=2'], /^afc: error: components\.workr: unknown key/],
    ['a duplicate nodePort', ['--platform', 'k3d', '--set', 'components.grafana.serviceType=NodePort', '--set', 'components.grafana.ports.grafana.nodePort=30443'], /^afc: error: components\.grafana\.ports\.grafana\.nodePort: 30443 is also the nodePort of components\.dispatcher\.ports\.https/],
    ['an endless values file', ['-f', '/dev/zero'], /^afc: error: values file "\/dev\/zero" is larger than the limit of 4 MiB/],
    ['a __proto__ key in --set', ['--set', 'components.__proto__.x=1'], /^afc: error: --set "components\.__proto__\.x=1": the key "__proto__" is not allowed/],
    ['a --set path 5000 keys deep', ['--set', `${'a.'.repeat(4999)}a=1`], /^afc: error: --set "a\.a\..*": the path has 5000 keys, more than the limit of 64/],
    ['a Service name Kubernetes rejects', ['--set', 'components.rmq.hostname=Bad_Name.With.Dots'], /^afc: error: components\.rmq\.hostname: "Bad_Name\.With\.Dots" is not a DNS-1035 label/],
    ['an unknown option', ['--platfrom', 'k3d'], /^afc: error: unknown option '--platfrom'/],
    ['a bad --format', ['--format', 'kustomize'], /^afc: error: option '--format <format>' argument 'kustomize' is invalid/],
    ['--out with --stdout', ['--stdout', '--out', 'x'], /^afc: error: option '--(out <dir>|stdout)' cannot be used with option '--(stdout|out <dir>)' \(see --help\)\n$/],
  ];
  for (const [what, args, message] of cases) {
    it(`refuses ${what}: one-line error, exit 1, no stack trace, earlier --out intact`, () => {
      const out = join(work, `keep-${what.replace(/\W+/g, '-')}`);
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, 'afc-int.k8s.yaml'), 'earlier output\n');
      const r = afc(['synth', ...args, ...(args.includes('--stdout') ? [] : ['--out', out])].filter((a, i, all) => !(a === '--out' && all.indexOf('--out') !== i)));
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readFileSync(join(out, 'afc-int.k8s.yaml'), 'utf8')).toBe('earlier output\n');
      expect(readdirSync(work).filter((f) => f.includes('.tmp-'))).toEqual([]);
    });
  }

  it('reports every validation problem, one line each', () => {
    const r = afc(['synth', '--stdout', '--set', 'components.ratdb.ports.ratdb.nodePort=1', '--set', 'components.msghnd.imageName=']);
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/^afc: error: components\./);
  });

  it('replaces an earlier afc --out folder whole on success (no stale files)', () => {
    const out = join(work, 'replace');
    expect(afc(['synth', '--out', out]).status).toBe(0);
    writeFileSync(join(out, 'stale.yaml'), 'x');
    expect(afc(['synth', '--out', out]).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.afc-output', 'afc-int.k8s.yaml']);
    expect(existsSync(join(out, 'stale.yaml'))).toBe(false);
  });

  it('refuses to replace what it did not write: one line, exit 1, nothing touched; --force only for a foreign folder', () => {
    const mine = join(work, 'mine');
    mkdirSync(mine, { recursive: true });
    writeFileSync(join(mine, 'notes.md'), 'mine\n');
    const cases: [string[], RegExp, string?][] = [
      [['--out', mine], /^afc: error: --out ".*mine" is a folder afc did not write \(it has files and no \.afc-output marker\): choose another --out, or add --force to replace it and everything in it\n$/],
      [['--out', '.'], /^afc: error: --out "\." is the current folder, which afc would replace whole: /, mine],
      [['--out', '', '--force'], /^afc: error: --out is empty \(an unset variable\?\): /, mine],
      [['--out', join(mine, 'notes.md'), '--force'], /^afc: error: --out ".*notes\.md" is a file, and afc writes a folder: /],
      [['--out', 'src', '--force'], /^afc: error: --out "src" holds files tracked by git \(.*\): choose a folder outside the sources/, process.cwd()],
      [['--out', 'build', '--force'], /^afc: error: --out "build" would replace the afc CLI's own files \(.*build\)/, process.cwd()],
      [['--out', mine, '-f', join(mine, 'notes.md'), '--force'], /^afc: error: --out ".*mine" holds the folder of the values file/],
      [['--matrix', 'k3d,k3d', '--out', join(work, 'mm')], /^afc: error: --matrix "k3d,k3d" names the platform "k3d" twice: give each platform once\n$/],
    ];
    for (const [args, message, cwd] of cases) {
      const r = afc(['synth', ...args], { cwd });
      expect(r.stderr).toMatch(message);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(readdirSync(mine)).toEqual(['notes.md']);
    }
    expect(existsSync('build/afc.cjs')).toBe(true);
    const r = afc(['synth', '--out', mine, '--force']);
    expect(r.stderr).toBe('');
    expect(readdirSync(mine).sort()).toEqual(['.afc-output', 'afc-int.k8s.yaml']);
  });
});
