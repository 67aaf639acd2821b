import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { displayCommand, Exec, shellQuote, splitCommandLine, ToolMissingError } from '../../src/runner/exec.js';
import type { Host } from '../../src/runner/host.js';

let dir: string;
let out: string;
let err: string;
const host = (env: Record<string, string>): Host =>
  ({
    env: { PATH: dir, ...env },
    cwd: dir,
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  }) as unknown as Host;

function script(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!${process.execPath}\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'afc-exec-test-'));
  out = '';
  err = '';
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the process runner', () => {
  it('passes arguments to the program as they are, without a shell', async () => {
    script('echoargs', "process.stdout.write(JSON.stringify(process.argv.slice(2)))");
    const args = ['a b', '$HOME', '`id`', "it's", '*', '; rm -rf /'];
    expect(JSON.parse(await new Exec(host({})).query('echoargs', args))).toEqual(args);
  });

  it('runs the program an AFC_* variable names instead of the one on PATH', async () => {
    script('helm', "process.stdout.write('path')");
    const other = script('my-helm', "process.stdout.write('override')");
    expect(await new Exec(host({ AFC_HELM: other })).query('helm', ['version'])).toBe('override');
  });

  it('says which program is missing and how to point at it', async () => {
    await expect(new Exec(host({})).query('kubectl', ['version'])).rejects.toThrow(ToolMissingError);
    await expect(new Exec(host({})).query('kubectl', ['version'])).rejects.toThrow(/"kubectl" was not found on PATH: install it or point AFC_KUBECTL at it/);
  });

  it('reports a failure in one line with the last line the program printed', async () => {
    script('k3d', "process.stderr.write('INFO starting\\nFATA no docker\\n'); process.exit(3)");
    await expect(new Exec(host({})).run('k3d', ['cluster', 'create', 'x'])).rejects.toThrow(/^`k3d cluster create` failed with exit code 3: FATA no docker$/);
  });

  it('prints actions in a dry run and runs none, but still runs queries', async () => {
    script('k3d', "require('node:fs').writeFileSync(process.env.MARK, 'ran'); process.stdout.write('[]')");
    const mark = join(dir, 'mark');
    const exec = new Exec(host({ MARK: mark }), { dryRun: true });
    await exec.run('k3d', ['cluster', 'delete', 'a b'], { env: { KUBECONFIG: '/x/kc' } });
    expect(out).toBe("KUBECONFIG=/x/kc k3d cluster delete 'a b'\n");
    expect(exec.planned).toEqual([{ tool: 'k3d', args: ['cluster', 'delete', 'a b'], opts: { env: { KUBECONFIG: '/x/kc' } } }]);
    expect(existsSync(mark)).toBe(false);
    expect(await exec.query('k3d', ['cluster', 'list'])).toBe('[]');
    expect(existsSync(mark)).toBe(true);
  });

  it('streams output and echoes commands with --verbose', async () => {
    script('helm', "process.stdout.write('hello\\n')");
    await new Exec(host({}), { verbose: true }).run('helm', ['repo', 'update']);
    expect(err).toBe('> helm repo update\nhello\n');
  });
});

describe('display and config command lines', () => {
  it('quotes only what a shell would misread', () => {
    expect(shellQuote('k3d-reg.localhost:41237')).toBe('k3d-reg.localhost:41237');
    expect(shellQuote("a'b c")).toBe("'a'\\''b c'");
    expect(displayCommand('docker', ['build', '.'], { cwd: '/a b' })).toBe("cd '/a b' && docker build .");
  });

  it('splits a config command into words like a shell, quotes included', () => {
    expect(splitCommandLine('kubectl delete apiservice v1beta1.metrics.k8s.io')).toEqual(['kubectl', 'delete', 'apiservice', 'v1beta1.metrics.k8s.io']);
    expect(splitCommandLine(`helm repo add "my repo" 'https://x/y' a\\ b`)).toEqual(['helm', 'repo', 'add', 'my repo', 'https://x/y', 'a b']);
  });

  it('refuses a config command that would need a shell', () => {
    expect(() => splitCommandLine('kubectl get pods > out')).toThrow(/needs a shell \(">"\)/);
    expect(() => splitCommandLine('echo "$HOME"')).toThrow(/needs a shell/);
    expect(() => splitCommandLine("echo 'x")).toThrow(/unterminated ' quote/);
  });
});
