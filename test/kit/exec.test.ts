import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS, displayCommand, Exec, formatDuration, parseDuration, parseTimeouts, shellQuote, splitCommandLine, STEP_KINDS, ToolMissingError } from '../../src/kit/exec.js';
import { InterruptedError, withInterrupts } from '../../src/kit/interrupt.js';
import type { Host } from '../../src/kit/host.js';
import { alive } from '../runner/support.js';

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

/** A fake program: a shell script (~1 ms to start, where a Node one costs ~100 ms of CPU). */
function script(name: string, body: string): string {
  const file = join(dir, name);
  // The host's PATH holds only the test folder; the script finds sleep and tr where the system keeps them.
  writeFileSync(file, `#!/bin/sh\nPATH=/usr/local/bin:/usr/bin:/bin\n${body}\n`);
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
    script('echoargs', `printf '%s\\0' "$@"`);
    const args = ['a b', '$HOME', '`id`', "it's", '*', '; rm -rf /'];
    expect((await new Exec(host({})).query('echoargs', args)).split('\0').slice(0, -1)).toEqual(args);
  });

  it('runs the program an AFC_* variable names instead of the one on PATH', async () => {
    script('helm', 'printf path');
    const other = script('my-helm', 'printf override');
    expect(await new Exec(host({ AFC_HELM: other })).query('helm', ['version'])).toBe('override');
  });

  it('says which program is missing and how to point at it', async () => {
    await expect(new Exec(host({})).query('kubectl', ['version'])).rejects.toThrow(ToolMissingError);
    await expect(new Exec(host({})).query('kubectl', ['version'])).rejects.toThrow(/"kubectl" was not found on PATH: install it or point AFC_KUBECTL at it/);
  });

  it('reports a failure in one line with the last line the program printed', async () => {
    script('k3d', "printf 'INFO starting\\nFATA no docker\\n' >&2; exit 3");
    await expect(new Exec(host({})).run('k3d', ['cluster', 'create', 'x'])).rejects.toThrow(/^`k3d cluster create` failed with exit code 3: FATA no docker$/);
  });

  it('prints actions in a dry run and runs none, but still runs queries', async () => {
    script('k3d', `printf ran >"$MARK"; printf '[]'`);
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
    script('helm', "printf 'hello\\n'");
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

/** A program that starts a child, writes both pids to PIDS, ignores SIGTERM (both of them) and hangs. */
const STUBBORN = `trap '' TERM
sh -c "trap '' TERM; while :; do sleep 1; done" &
printf '[%s,%s]' $$ $! >"$PIDS.tmp" && mv "$PIDS.tmp" "$PIDS"
while :; do sleep 1; done`;

async function waitFor(check: () => boolean, ms = 3000): Promise<void> {
  for (const start = Date.now(); !check() && Date.now() - start < ms; ) await new Promise((r) => setTimeout(r, 20));
}

describe('timeouts, process groups and interrupts', () => {
  it('stops a program at its timeout, naming the step and the limit', async () => {
    script('helm', 'exec sleep 1000');
    const exec = new Exec(host({}), { killGraceMs: 100 });
    await expect(exec.run('helm', ['install', 'afc', '/chart'], { step: 'installing release afc', timeoutMs: 200 })).rejects.toThrow(
      /^installing release afc did not finish within 200ms and was stopped: raise the limit with --timeout$/,
    );
  });

  it('kills the whole process group, SIGTERM-deaf children included, on timeout', async () => {
    script('k3d', STUBBORN);
    const pids = join(dir, 'pids');
    const exec = new Exec(host({ PIDS: pids }), { killGraceMs: 150, timeouts: { cluster: 400 } });
    await expect(exec.run('k3d', ['cluster', 'create', 'x'])).rejects.toThrow(/^`k3d cluster create` did not finish within 400ms/);
    const [leader, child] = JSON.parse(readFileSync(pids, 'utf8')) as number[];
    await waitFor(() => !alive(leader!) && !alive(child!));
    expect([alive(leader!), alive(child!)]).toEqual([false, false]);
  });

  it('uses the per-kind defaults unless --timeout changes them', () => {
    const exec = new Exec(host({}), { timeouts: parseTimeouts(['helm=20m', '2h', 'query=30s']) });
    expect(exec.timeoutFor('kubectl', ['get', 'pods'], {}, true)).toBe(30_000);
    expect(exec.timeoutFor('helm', ['install'], {}, false)).toBe(7_200_000);
    expect(new Exec(host({})).timeoutFor('helm', ['install'], {}, false)).toBe(DEFAULT_TIMEOUTS.helm);
    expect(new Exec(host({})).timeoutFor('docker', ['build', '.'], {}, false)).toBe(DEFAULT_TIMEOUTS.build);
    expect(new Exec(host({})).timeoutFor('k3d', ['cluster', 'create'], {}, false)).toBe(DEFAULT_TIMEOUTS.cluster);
    expect(parseTimeouts(['1h30m'])).toEqual(Object.fromEntries(STEP_KINDS.map((k) => [k, 5_400_000])));
    expect(() => parseTimeouts(['5 minutes'])).toThrow(/^--timeout "5 minutes": "5 minutes" is not a positive duration: use e.g. 30s, 5m or 1h30m$/);
    expect(() => parseTimeouts(['deploy=5m'])).toThrow(/unknown kind of step "deploy": use one of query, kubectl, helm, cluster, image, build/);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(formatDuration(3_900_000)).toBe('1h05m');
  });

  it('on SIGINT kills the running program with its group and reports the interrupted step, exit 130', async () => {
    script('kubectl', STUBBORN);
    const pids = join(dir, 'pids');
    const exec = new Exec(host({ PIDS: pids }), { killGraceMs: 150 });
    // Files share the process (vitest isolate: false): others may have left listeners; compare with the count before.
    const sigintListeners = process.listenerCount('SIGINT');
    const running = withInterrupts(() => exec.run('kubectl', ['exec', 'pod', '--', 'psql'], { step: "creating ratdb's database" }));
    await waitFor(() => existsSync(pids));
    expect(process.listenerCount('SIGINT')).toBe(sigintListeners + 1);
    process.emit('SIGINT');
    const err = await running.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InterruptedError);
    expect((err as InterruptedError).message).toBe("interrupted by SIGINT during creating ratdb's database: it was stopped");
    expect((err as InterruptedError).exitCode).toBe(130);
    const [leader, child] = JSON.parse(readFileSync(pids, 'utf8')) as number[];
    await waitFor(() => !alive(leader!) && !alive(child!));
    expect([alive(leader!), alive(child!)]).toEqual([false, false]);
    expect(process.listenerCount('SIGINT')).toBe(sigintListeners);
  });

  it('starts nothing more after SIGTERM, exit 143', async () => {
    script('helm', 'sleep 0.05');
    const exec = new Exec(host({}));
    const err = await withInterrupts(async () => {
      process.emit('SIGTERM');
      await exec.run('helm', ['uninstall', 'afc']);
    }).catch((e: unknown) => e);
    expect((err as InterruptedError).message).toBe('interrupted by SIGTERM before `helm uninstall afc` started');
    expect((err as InterruptedError).exitCode).toBe(143);
  });

  it('names the step and, with --verbose, the whole command in a failure', async () => {
    script('kubectl', "printf 'ERROR: database exists\\n' >&2; exit 1");
    await expect(new Exec(host({})).run('kubectl', ['exec', 'p', '--', 'createdb'], { step: "creating ratdb's database" })).rejects.toThrow(
      /^creating ratdb's database failed with exit code 1: ERROR: database exists$/,
    );
    await expect(
      new Exec(host({}), { verbose: true }).run('kubectl', ['exec', 'p', '--', 'createdb'], { step: "creating ratdb's database" }),
    ).rejects.toThrow(/^creating ratdb's database failed with exit code 1: ERROR: database exists \(command: kubectl exec p -- createdb\)$/);
  });

  it('probes return the exit code instead of failing, and input reaches stdin', async () => {
    script('kubectl', 'tr a-z A-Z; exit 1');
    expect(await new Exec(host({})).probe('kubectl', ['diff', '-f', '-'], { input: 'kind: x' })).toEqual({ exitCode: 1, stdout: 'KIND: X', stderr: '' });
  });
});
