/** Running a program from a test without blocking the test worker. */
import { execFile } from 'node:child_process';

/** How a program run by {@link runAsync} ended. */
export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a program (an argv, no shell) and resolves to its exit status and output, whatever the status;
 * rejects when it cannot be started or is killed, by a signal or at `timeoutMs` (default 120 s).
 * Asynchronous: a synchronous spawn blocks the test worker for the whole run, long enough on a busy
 * machine for vitest's RPC to time out. `env` is the whole environment (default: this process's).
 */
export function runAsync(
  cmd: string,
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(cmd, [...args], { cwd: opts.cwd, env: opts.env, encoding: 'utf8', timeout: opts.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) resolve({ status: 0, stdout, stderr });
      else if (typeof error.code === 'number' && !error.killed) resolve({ status: error.code, stdout, stderr });
      else reject(error);
    });
  });
}

/** Like {@link runAsync}, but resolves to stdout only when the program exits 0, and rejects with its stderr otherwise. */
export async function runOk(cmd: string, args: readonly string[], opts: Parameters<typeof runAsync>[2] = {}): Promise<string> {
  const r = await runAsync(cmd, args, opts);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with status ${r.status}:\n${r.stderr}`);
  return r.stdout;
}
