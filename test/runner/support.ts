/**
 * Test bench for the runner: a temporary folder with a bin/ of recording stand-ins (test/standins:
 * one Go program linked under each tool's name),
 * the canned answers (test/fixtures/runner/canned) as their state, and a fake Host whose PATH holds
 * only the stand-ins — no real k3d, kubectl, helm, docker or netstat can be reached.
 */
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Host } from '../../src/kit/host.js';
import type { Registry } from '../../src/runner/registry.js';
import { installStandins } from '../standins/standin.js';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/runner');
export const TOOLS = ['k3d', 'kubectl', 'helm', 'docker', 'netstat', 'ss'] as const;

/** The canned answers, under the names the stand-ins read. */
const CANNED: Record<string, string> = {
  'k3d-clusters.json': 'clusters.json',
  'k3d-registries.json': 'registries.json',
  'kubeconfig.json': 'kubeconfig.json',
  'netstat.txt': 'netstat.txt',
  'docker-images.txt': 'docker-images.txt',
  'pods.json': 'pods.json',
};

export interface Recorded {
  readonly tool: string;
  readonly argv: string[];
  readonly cwd?: string;
  readonly kubeconfig?: string;
}

export interface Bench {
  readonly root: string;
  readonly bin: string;
  readonly state: string;
  readonly tmp: string;
  readonly home: string;
  readonly work: string;
  readonly host: Host;
  /** What the runner printed on stdout / stderr. */
  stdout(): string;
  stderr(): string;
  /** The commands the stand-ins received, in order. */
  log(): Recorded[];
  /** `{tool, argv}` only, as in the recorded examples. */
  commands(): { tool: string; argv: string[] }[];
  /** Replaces a state file of the stand-ins (JSON for objects). */
  setState(name: string, content: unknown): void;
  /** Folders the stand-ins copied (helm charts, manifest folders). */
  snapshots(): { kind: string; src: string; dest: string }[];
  /** Leaves a tool out of bin/ (as if not installed). */
  removeTool(tool: string): void;
  cleanup(): void;
}

export interface BenchOptions {
  /** Extra environment of the fake host. */
  readonly env?: Record<string, string>;
  /** Whether host names resolve (k3d registry names). */
  readonly resolves?: boolean;
  readonly cpus?: number;
}

/**
 * Where benches live: /dev/shm (memory) when it is a writable folder, else the system's temporary
 * folder. Every install writes a whole chart that the stand-in helm copies, and on this VM's disk that
 * file traffic was a third of install.test's time.
 */
const SCRATCH = ((): string => {
  try {
    accessSync('/dev/shm', constants.W_OK | constants.X_OK);
    return statSync('/dev/shm').isDirectory() ? '/dev/shm' : tmpdir();
  } catch {
    return tmpdir();
  }
})();

export function makeBench(opts: BenchOptions = {}): Bench {
  const root = mkdtempSync(join(SCRATCH, 'afc-runner-test-'));
  const bin = join(root, 'bin');
  const state = join(root, 'state');
  const tmp = join(root, 'tmp');
  const home = join(root, 'home');
  const work = join(root, 'openafc');
  for (const d of [bin, state, tmp, home, work]) mkdirSync(d);
  installStandins(bin, TOOLS);
  for (const [from, to] of Object.entries(CANNED)) copyFileSync(join(FIXTURES, 'canned', from), join(state, to));
  let out = '';
  let err = '';
  let clock = 0;
  const host: Host = {
    env: { PATH: bin, HOME: home, TMPDIR: tmp, AFC_STANDIN_DIR: state, AFC_SOURCE_ROOT: work, LANG: 'C', AFC_KILL_GRACE_MS: '200', ...opts.env },
    cwd: work,
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    cpus: () => opts.cpus ?? 2,
    login: () => 'tester',
    resolves: async () => opts.resolves ?? true,
    randomSuffix: () => 'abcdefgh',
    now: () => (clock += 1500),
  };
  const log = (): Recorded[] =>
    existsSync(join(state, 'log.jsonl'))
      ? readFileSync(join(state, 'log.jsonl'), 'utf8')
          .split('\n')
          .filter((l) => l.length > 0)
          .map((l) => JSON.parse(l) as Recorded)
      : [];
  return {
    root,
    bin,
    state,
    tmp,
    home,
    work,
    host,
    stdout: () => out,
    stderr: () => err,
    log,
    commands: () => log().map(({ tool, argv }) => ({ tool, argv })),
    setState: (name, content) => writeFileSync(join(state, name), typeof content === 'string' ? content : JSON.stringify(content)),
    snapshots: () => (existsSync(join(state, 'snapshots.json')) ? JSON.parse(readFileSync(join(state, 'snapshots.json'), 'utf8')) : []),
    removeTool: (tool) => rmSync(join(bin, tool)),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The k3d registry of the canned answers (canned/k3d-registries.json), as the runner finds it. */
export const CANNED_REGISTRY: Registry = { name: 'k3d-afcregistry.localhost', port: '41237', address: 'k3d-afcregistry.localhost:41237' };

/**
 * A Host for the plan tests, which compute a plan from inputs and facts and run no program: `env` and
 * `cwd` are the test's; what the runner prints is dropped; 2 CPUs, login `tester`, every host name
 * resolves, random suffix `abcdefgh`, the clock stands at 0.
 */
export function planHost(env: Record<string, string>, cwd: string): Host {
  return {
    env,
    cwd,
    stdout: { write: () => true },
    stderr: { write: () => true },
    cpus: () => 2,
    login: () => 'tester',
    resolves: async () => true,
    randomSuffix: () => 'abcdefgh',
    now: () => 0,
  };
}

/** A recorded example's commands (`cluster-create`, `ports`). */
export function recordedCommands(example: string): { tool: string; argv: string[] }[] {
  return readFileSync(join(FIXTURES, example, 'commands.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as { tool: string; argv: string[] });
}

export const recordedStdout = (example: string): string => readFileSync(join(FIXTURES, example, 'stdout.txt'), 'utf8');

/** A static files folder holding the expected items. */
export function makeStaticDir(bench: Bench, items: readonly string[] = ['ULS_Database', 'RAS_Database']): string {
  const dir = join(bench.root, 'rat_transfer');
  mkdirSync(dir, { recursive: true });
  for (const i of items) mkdirSync(join(dir, i));
  return dir;
}

/** Commands that change something (anything but the read-only queries). */
export function destructive(cmds: readonly { tool: string; argv: string[] }[]): { tool: string; argv: string[] }[] {
  const readOnly = (c: { tool: string; argv: string[] }): boolean =>
    (c.tool === 'k3d' && (c.argv.join(' ').startsWith('cluster list') || c.argv.join(' ').startsWith('registry list'))) ||
    (c.tool === 'kubectl' && (c.argv[0] === 'get' || c.argv.join(' ').startsWith('config view') || (c.argv[0] === 'apply' && c.argv.includes('--dry-run=server')))) ||
    (c.tool === 'helm' && (['list', 'version', 'get'].includes(c.argv[0]!) || c.argv.includes('--dry-run=server'))) ||
    (c.tool === 'docker' && c.argv.join(' ').startsWith('image list')) ||
    c.tool === 'netstat' ||
    c.tool === 'ss';
  return cmds.filter((c) => !readOnly(c));
}

export const listFiles = (dir: string): string[] => readdirSync(dir).sort();

/** Pids of the stand-ins that hung (fail.json `hang…` rules), children included. */
export const readPids = (bench: Bench): number[] =>
  existsSync(join(bench.state, 'pids.jsonl'))
    ? readFileSync(join(bench.state, 'pids.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
        .flatMap((l) => JSON.parse(l) as number[])
    : [];

const HAS_PROC = existsSync('/proc/self/stat');

/**
 * Whether a process is alive: it exists and, where /proc tells, is not a zombie. A killed process stays
 * a zombie until its parent reaps it; an orphan's new parent (init, or a container's PID 1 that reaps
 * only now and then) may take seconds, and a zombie runs nothing.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (!HAS_PROC) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ...": comm may hold spaces and parentheses, so the state follows the last ")".
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false; // reaped meanwhile
  }
}

/** Polls until `check` holds (or `ms` passed). */
export async function waitUntil(check: () => boolean, ms = 5000): Promise<void> {
  for (const start = Date.now(); !check() && Date.now() - start < ms; ) await new Promise((r) => setTimeout(r, 25));
}
