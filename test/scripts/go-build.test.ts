/**
 * scripts/lib/go-build.sh and the testbed's build_kube with a recording stand-in for `go`
 * (test/scripts/fake-go.sh: the real go needs the module proxy and minutes per build). The point:
 * a second run with the same arguments builds nothing, and scripts/testbed/build.sh passes go-build.sh
 * the same arguments on its second run (after `down`, on a fresh clone) as on its first. Before the
 * fix, build_kube left the staging replaces out when the binaries existed, go-build.sh saw other
 * arguments and rebuilt without them (k8s.io/api@v0.0.0: 403).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../support/files.js';

const work = tempFolder('afc-go-build-');
let n = 0;

interface Bench {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  /** The go calls since the last look, one argv a line. */
  readonly calls: () => string[];
}

/** A folder with `go` (the stand-in) first on PATH, its log and its fake GOPATH. */
function bench(): Bench {
  const dir = join(work, `b${++n}`);
  const bin = join(dir, 'fakebin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(resolve('test/scripts/fake-go.sh'), join(bin, 'go'));
  const log = join(dir, 'go.log');
  writeFileSync(log, '');
  let seen = 0;
  const calls = (): string[] => {
    const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const fresh = lines.slice(seen);
    seen = lines.length;
    return fresh;
  };
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_GO_LOG: log, FAKE_GO_HOME: join(dir, 'gohome'), GO_BUILD_FORCE: '0' };
  return { dir, env, calls };
}

const run = (b: Bench, script: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync('bash', [script, ...args], { encoding: 'utf8', env: { ...b.env, ...extraEnv }, timeout: 60_000 });
  expect(r.stderr, r.stderr).not.toMatch(/fake go: unexpected/);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

const builds = (calls: readonly string[]): string[] => calls.filter((c) => /^(get|build) /.test(c));

describe('scripts/lib/go-build.sh', () => {
  it('builds nothing on a second run with the same arguments, and rebuilds when the replaces or ldflags differ', () => {
    const b = bench();
    const out = join(b.dir, 'bin');
    const args = ['--module', 'example.com/tool', '--version', 'v1.2.3', '--pkg', 'cmd/tool', '--out', out, '--replace', 'example.com/dep=example.com/dep@v0.2.3', '--ldflags', '-X example.com/tool/version.v=v1.2.3'];
    const first = run(b, 'scripts/lib/go-build.sh', args);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(`${out}/tool-v1.2.3\n`);
    expect(builds(b.calls())).toEqual(['get example.com/tool/cmd/tool@v1.2.3', 'build -trimpath -ldflags -s -w -X example.com/tool/version.v=v1.2.3 -o ' + `${out}/tool-v1.2.3.tmp example.com/tool/cmd/tool`]);
    expect(first.stderr).toMatch(/go-build: building tool from example.com\/tool@v1.2.3/);

    const second = run(b, 'scripts/lib/go-build.sh', args);
    expect([second.status, second.stdout]).toEqual([0, `${out}/tool-v1.2.3\n`]);
    expect(b.calls()).toEqual([]);
    expect(second.stderr).not.toMatch(/building/);

    // The bug's mechanism: the same build without its replaces is another build.
    const withoutReplaces = args.filter((a, i) => a !== '--replace' && args[i - 1] !== '--replace');
    expect(run(b, 'scripts/lib/go-build.sh', withoutReplaces).status).toBe(0);
    expect(builds(b.calls())).toHaveLength(2);
    const otherLdflags = [...args.slice(0, -1), '-X example.com/tool/version.v=other'];
    expect(run(b, 'scripts/lib/go-build.sh', otherLdflags).status).toBe(0);
    expect(builds(b.calls())).toHaveLength(2);
  });
});

describe('scripts/testbed/build.sh', () => {
  /** A copy of the scripts the testbed build runs, in a fresh root (a fresh clone: no .testbed yet). */
  function checkout(b: Bench): { root: string; argsLog: string } {
    const root = join(b.dir, 'clone');
    mkdirSync(join(root, 'scripts', 'testbed'), { recursive: true });
    mkdirSync(join(root, 'scripts', 'lib'), { recursive: true });
    for (const f of ['testbed/build.sh', 'testbed/config.sh', 'install-helm.sh']) copyFileSync(join('scripts', f), join(root, 'scripts', f));
    // go-build.sh behind a wrapper that records each call's arguments, one call a line.
    copyFileSync('scripts/lib/go-build.sh', join(root, 'scripts', 'lib', 'go-build-real.sh'));
    const argsLog = join(b.dir, 'go-build-args.log');
    writeFileSync(
      join(root, 'scripts', 'lib', 'go-build.sh'),
      `#!/usr/bin/env bash\nprintf '%s\\n' "$*" >>"${argsLog}"\nexec bash "$(dirname "$0")/go-build-real.sh" "$@"\n`,
    );
    chmodSync(join(root, 'scripts', 'lib', 'go-build.sh'), 0o755);
    writeFileSync(argsLog, '');
    return { root, argsLog };
  }

  it('passes build_kube the same arguments twice, and its second run builds nothing', () => {
    const b = bench();
    const { root, argsLog } = checkout(b);
    const env = { TESTBED_WORKLOADS: '0' };
    const first = run(b, join(root, 'scripts/testbed/build.sh'), [], env);
    expect(first.status, `${first.stderr}`).toBe(0);
    expect(existsSync(join(root, '.testbed/bin/kube-apiserver-v1.34.4'))).toBe(true);
    expect(builds(b.calls()).filter((c) => c.startsWith('get k8s.io/kubernetes/'))).toEqual(['get k8s.io/kubernetes/cmd/kube-apiserver@v1.34.4 k8s.io/kubernetes/cmd/kubectl@v1.34.4']);
    const kubeBuilds = (): string[] => readFileSync(argsLog, 'utf8').split('\n').filter((l) => l.includes('--module k8s.io/kubernetes') && !l.includes('--info'));
    const firstArgs = kubeBuilds();
    expect(firstArgs).toHaveLength(1);
    expect(firstArgs[0]).toContain('--replace k8s.io/api=k8s.io/api@v0.34.4 --replace k8s.io/apimachinery=k8s.io/apimachinery@v0.34.4');
    expect(firstArgs[0]).toContain('--ldflags -X k8s.io/component-base/version.gitVersion=v1.34.4');

    const second = run(b, join(root, 'scripts/testbed/build.sh'), [], env);
    expect(second.status, second.stderr).toBe(0);
    expect(builds(b.calls())).toEqual([]);
    expect(second.stderr).not.toMatch(/building/);
    const both = kubeBuilds();
    expect(both).toHaveLength(2);
    expect(both[1]).toBe(both[0]);
  });
});
