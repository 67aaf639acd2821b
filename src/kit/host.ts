/**
 * What the runner reads from the machine it runs on: environment, working directory, output streams,
 * CPU count, login name, host name resolution, randomness and time. Commands take a `Host` so that tests
 * give them a fake one (own PATH, TMPDIR, CPU count) without touching the test process.
 */
import { lookup } from 'node:dns/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, homedir, tmpdir, userInfo } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { onExitCleanup } from './interrupt.js';

export interface Output {
  write(text: string): unknown;
}

export interface Host {
  /** Environment of the runner and of the programs it starts. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Working directory (relative paths in flags are resolved against it). */
  readonly cwd: string;
  /** Final results. */
  readonly stdout: Output;
  /** Progress lines, warnings and the output of failed programs. */
  readonly stderr: Output;
  /** Number of CPUs (the default maximum number of worker pods is derived from it). */
  cpus(): number;
  /** Login name (AUTO names). */
  login(): string;
  /** Whether a host name resolves (decides how images are pushed to a k3d registry). */
  resolves(hostname: string): Promise<boolean>;
  /** Eight random lower-case letters (names of temporary docker images and containers). */
  randomSuffix(): string;
  /** Milliseconds, for elapsed times. */
  now(): number;
}

export function processHost(): Host {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    cpus: () => availableParallelism(),
    login: () => {
      try {
        return userInfo().username;
      } catch {
        return process.env.LOGNAME ?? process.env.USER ?? 'user';
      }
    },
    resolves: async (hostname) => {
      try {
        await lookup(hostname);
        return true;
      } catch {
        return false;
      }
    },
    randomSuffix: () => [...randomBytes(8)].map((b) => String.fromCharCode(97 + (b % 26))).join(''),
    now: () => Date.now(),
  };
}

/** The temporary directory of this host: TMPDIR when set, else the system's. */
export const hostTmpdir = (host: Host): string => host.env.TMPDIR || tmpdir();

/**
 * Runs `body` with a fresh private temporary directory that is removed afterwards: on success, on
 * failure, on an interrupt (interrupt.ts unwinds the command, so this `finally` runs) and, as a last
 * resort, when the process exits while it is alive.
 */
export async function withTempDir<T>(host: Host, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(hostTmpdir(host), 'afc-'));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  const unregister = onExitCleanup(remove);
  try {
    return await body(dir);
  } finally {
    remove();
    unregister();
  }
}

/** `~` and `$VAR` / `${VAR}` expanded (unknown variables left as written), then made absolute against `base`. */
export function expandPath(path: string, host: Host, base: string): string {
  const home = host.env.HOME || homedir();
  let p = path.replace(/^~(?=$|\/)/, home);
  p = p.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (all, a: string | undefined, b: string | undefined) => host.env[(a ?? b)!] ?? all);
  return isAbsolute(p) ? p : resolve(base, p);
}

/** Whether output to stdout gets colours: a terminal, and no NO_COLOR (https://no-color.org). */
export const useColour = (host: Host): boolean => Boolean((host.stdout as { isTTY?: boolean }).isTTY) && !host.env.NO_COLOR;
