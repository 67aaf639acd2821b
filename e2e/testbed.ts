// Helpers for e2e tests against the local API server testbed (scripts/testbed.sh, docs/TESTBED.md).
//
// Binaries are run with execFile and argv arrays (never through a shell). kubectl and helm are
// pointed at .testbed/kubeconfig; helm's config/cache/data dirs are kept under .testbed/helm so
// tests never touch the user's own helm setup. The testbed runs a controller-manager, a scheduler
// and kwok (fake nodes, simulated pod lifecycle; no container runs), unless it was started with
// TESTBED_WORKLOADS=0; tests share it, so use a fresh namespace per test (uniqueNamespace /
// createNamespace) and delete cluster-wide things (node ports) they take.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const testbedDir = path.join(repoRoot, '.testbed');
export const kubectlPath = path.join(testbedDir, 'bin', 'kubectl');
/** The helm of the e2e run: AFC_HELM (the Helm 4 lane: AFC_HELM=.tools/bin/helm-v4.3.2), else the pinned Helm 3. */
export const helmPath = process.env.AFC_HELM ? path.resolve(repoRoot, process.env.AFC_HELM) : path.join(repoRoot, '.tools', 'bin', 'helm');
export const testbedScript = path.join(repoRoot, 'scripts', 'testbed.sh');

export function kubeconfigPath(): string {
  return path.join(testbedDir, 'kubeconfig');
}

export interface RunOptions {
  /** Written to the child's stdin (e.g. a manifest for `-f -`). */
  input?: string;
  cwd?: string;
  /** Extra environment variables, merged over process.env. */
  env?: Record<string, string>;
  /** Kill the child after this many milliseconds (default 120 s). */
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** A command exited non-zero (or could not be started); the message includes its stderr. */
export class CommandError extends Error {
  constructor(
    readonly file: string,
    readonly args: readonly string[],
    readonly exitCode: number | string | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    const cmd = [path.basename(file), ...args].join(' ');
    super(`${cmd} failed (exit ${exitCode ?? 'signal'}): ${stderr.trim() || stdout.trim() || '(no output)'}`);
    this.name = 'CommandError';
  }
}

/** Run a binary with an argv array; resolve with its output, reject with a CommandError. */
export function run(file: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      [...args],
      {
        cwd: opts.cwd ?? repoRoot,
        env: { ...process.env, ...opts.env },
        timeout: opts.timeoutMs ?? 120_000,
        maxBuffer: 256 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException & { code?: number | string }).code ?? null;
          const extra = error.killed ? `${stderr}\n(killed: timeout or signal ${error.signal ?? ''})` : stderr || error.message;
          reject(new CommandError(file, args, code, stdout, extra));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
    if (opts.input !== undefined) {
      child.stdin?.on('error', () => {
        /* the child may exit before reading all of its input; the exit status tells */
      });
      child.stdin?.end(opts.input);
    } else {
      child.stdin?.end();
    }
  });
}

/** Run kubectl against the testbed (`--kubeconfig .testbed/kubeconfig` is prepended). */
export async function kubectl(args: readonly string[], opts: RunOptions = {}): Promise<string> {
  const { stdout } = await run(kubectlPath, ['--kubeconfig', kubeconfigPath(), ...args], opts);
  return stdout;
}

/** Run helm against the testbed, with its config, cache and data dirs under .testbed/helm. */
/**
 * The helm that installs the ORIGINAL chart in the migration tests (AFC_E2E_ORIGINAL_HELM, default
 * helmPath): in the Helm 4 lane, once Helm 4 itself and once Helm 3, so that both a release Helm 3
 * installed (client-side) and one Helm 4 installed (server-side) are driven by Helm 4.
 */
export const originalHelmPath = process.env.AFC_E2E_ORIGINAL_HELM ? path.resolve(repoRoot, process.env.AFC_E2E_ORIGINAL_HELM) : helmPath;

export async function helm(args: readonly string[], opts: RunOptions & { bin?: string } = {}): Promise<string> {
  const home = path.join(testbedDir, 'helm');
  const env = {
    KUBECONFIG: kubeconfigPath(),
    HELM_CONFIG_HOME: path.join(home, 'config'),
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_DATA_HOME: path.join(home, 'data'),
    ...opts.env,
  };
  const { stdout } = await run(opts.bin ?? helmPath, ['--kubeconfig', kubeconfigPath(), ...args], { ...opts, env });
  return stdout;
}

/** A fresh, valid namespace name: `<prefix>-<time>-<random>`, at most 63 characters. */
export function uniqueNamespace(prefix: string): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/g, '') || 'e2e';
  const suffix = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  return `${clean}-${suffix}`;
}

/** Create a fresh namespace on the testbed and return its name. */
export async function createNamespace(prefix: string): Promise<string> {
  const name = uniqueNamespace(prefix);
  await kubectl(['create', 'namespace', name]);
  return name;
}

/** Whether the testbed is up (`scripts/testbed.sh status` exits 0). */
export async function testbedIsUp(): Promise<boolean> {
  try {
    await run('bash', [testbedScript, 'status'], { timeoutMs: 30_000 });
    return true;
  } catch {
    return false;
  }
}
