/** Runs the built CLI (./bin/afc → build/afc.cjs) as a user would. `npm test` builds it first. */
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const AFC_BIN = resolve('bin/afc');

export function afc(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(AFC_BIN, [...args], {
    encoding: 'utf8',
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** How a run of {@link afcSignalled} ended: its exit status, or the signal that killed it (the other is null). */
export interface SignalledRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/**
 * Starts `afc ARGS` in a process of its own, asynchronously (signals need a real process, and the test
 * waits for its point while afc runs), sends it `signal` (default SIGINT) once `when` resolves unless it
 * has ended by then, and resolves when it has ended and its stderr is closed. stdin and stdout are
 * ignored. bin/afc runs under this process's node, so `env` may hold a PATH without node; `env` is the
 * WHOLE environment (default: this process's), not added to it as in {@link afc}, so a test's PATH of
 * stand-ins reaches no real tool.
 */
export function afcSignalled(
  args: readonly string[],
  when: () => Promise<unknown>,
  opts: { signal?: NodeJS.Signals; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<SignalledRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [AFC_BIN, ...args], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status, signal) => resolveRun({ status, signal, stderr }));
    void when().then(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill(opts.signal ?? 'SIGINT');
    }, reject);
  });
}

/** Resolves after `ms` milliseconds: a `when` of {@link afcSignalled}. */
export const after = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
