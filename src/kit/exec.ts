/**
 * Starting external programs, through execa. This is the one way the runner (and `afc diff/apply`,
 * `afc migrate`) runs kubectl, helm, k3d, docker: only argument arrays (no shell), so no value given on
 * the command line or read from a config file is interpreted by a shell.
 *
 * Three kinds of call:
 * - `query` only reads (`k3d cluster list`, `kubectl config view`, `helm list`); it runs in --dry-run too,
 *   because later checks need its answer, and a non-zero exit is an error;
 * - `probe` reads too, but returns the exit code instead of failing on it (`kubectl diff`);
 * - `run` changes something; with --dry-run it is recorded in `planned` and printed on stdout, one line,
 *   shell-quoted for display only, and does not run.
 *
 * Every program has a timeout (a default per kind of step, `DEFAULT_TIMEOUTS`, changed with `--timeout`)
 * and runs in its own process group, which is killed (SIGTERM, then SIGKILL after `KILL_GRACE_MS`) on
 * timeout and when afc is interrupted (interrupt.ts). A program's own output is kept and shown only when
 * it fails (its last line goes into the error), or streamed to stderr with --verbose.
 *
 * Errors name the step (`opts.step`, e.g. "creating ratdb's database") and, with --verbose, the whole
 * command: `CommandError` (exit code), `CommandTimeoutError`, `InterruptedError`, `ToolMissingError`.
 */
import { execa } from 'execa';
import { AfcError } from '../errors.js';
import type { Host } from './host.js';
import { interruptSignal, interruption, InterruptedError, killGroup, trackGroup } from './interrupt.js';

/** Programs the runner uses, with the environment variable that overrides each one's path. */
export const TOOL_ENV: Readonly<Record<string, string>> = {
  k3d: 'AFC_K3D',
  kubectl: 'AFC_KUBECTL',
  helm: 'AFC_HELM',
  docker: 'AFC_DOCKER',
  netstat: 'AFC_NETSTAT',
  ss: 'AFC_SS',
};

/**
 * Kinds of step, each with its default timeout:
 * - query: read-only calls (kubectl get/config view, helm list, k3d list, docker image list, netstat);
 * - kubectl: kubectl calls that change something (create, cp, exec, config set);
 * - helm: helm install/upgrade/uninstall/repo (with `--wait D`, the timeout is at least D + 2m);
 * - cluster: k3d cluster create/delete;
 * - image: docker push/tag/run/cp and other image steps;
 * - build: image builds (build_imgs.sh, docker build).
 */
export type StepKind = 'query' | 'kubectl' | 'helm' | 'cluster' | 'image' | 'build';

export const STEP_KINDS: readonly StepKind[] = ['query', 'kubectl', 'helm', 'cluster', 'image', 'build'];

const MINUTE = 60_000;
/** Default timeouts per kind of step, in milliseconds. */
export const DEFAULT_TIMEOUTS: Readonly<Record<StepKind, number>> = {
  query: 1 * MINUTE,
  kubectl: 5 * MINUTE,
  helm: 10 * MINUTE,
  cluster: 10 * MINUTE,
  image: 15 * MINUTE,
  build: 60 * MINUTE,
};

/** After SIGTERM on timeout or interrupt, how long a process group gets before SIGKILL. */
export const KILL_GRACE_MS = 3000;

export interface CommandOptions {
  /** Extra environment of the program (shown as `NAME=value` in --dry-run). */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory of the program. */
  readonly cwd?: string;
  /** A failure is a warning, not an error (the `-` prefix of config `cmd` lines). */
  readonly allowFailure?: boolean;
  /** What the step does, for errors and progress ("installing release afc"); default: the first argv words. */
  readonly step?: string;
  /** Kind of step, which decides the default timeout; default: `query` for queries, else by tool. */
  readonly kind?: StepKind;
  /** This call's timeout in milliseconds (overrides the kind's and `--timeout`). */
  readonly timeoutMs?: number;
  /** Text written to the program's standard input (else it reads nothing). */
  readonly input?: string;
  /** A cleanup (removing a temporary image or container): it runs even after an interrupt. */
  readonly cleanup?: boolean;
}

/** The program is not installed (not on PATH, or the override names nothing). */
export class ToolMissingError extends AfcError {
  constructor(public readonly tool: string) {
    super(
      TOOL_ENV[tool]
        ? `"${tool}" was not found on PATH: install it or point ${TOOL_ENV[tool]} at it`
        : `"${tool}" was not found: check the command`,
    );
    this.name = 'ToolMissingError';
  }
}

/** A program exited non-zero. */
export class CommandError extends AfcError {
  constructor(
    message: string,
    readonly tool: string,
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** A program ran past its timeout and was killed. */
export class CommandTimeoutError extends AfcError {
  constructor(
    message: string,
    readonly tool: string,
    readonly args: readonly string[],
    readonly timeoutMs: number,
  ) {
    super(message);
    this.name = 'CommandTimeoutError';
  }
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argument quoted for a POSIX shell, for display only. */
export function shellQuote(arg: string): string {
  if (SAFE_WORD.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command as one display line: `[cd DIR &&] [NAME=value ...] tool arg ...`. */
export function displayCommand(tool: string, args: readonly string[], opts: Pick<CommandOptions, 'env' | 'cwd'> = {}): string {
  const env = Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${shellQuote(v)}`);
  const line = [...env, shellQuote(tool), ...args.map(shellQuote)].join(' ');
  return opts.cwd ? `cd ${shellQuote(opts.cwd)} && ${line}` : line;
}

/** A Go-style duration (30s, 5m, 1h30m, 1.5h, 500ms) in milliseconds, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, '\u00b5s': 1e-3, ms: 1, s: 1000, m: MINUTE, h: 60 * MINUTE };
  if (!/^(\d+(\.\d+)?(ns|us|\u00b5s|ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|\u00b5s|ms|s|m|h)/g)) total += Number(m[1]) * units[m[2]!]!;
  return Math.round(total);
}

/**
 * A `--wait DURATION` flag of the commands that let helm or kubectl wait (install, migrate,
 * prerequisites) in milliseconds; not a Go duration is an AfcError naming examples.
 */
export function waitFlag(text: string, examples = '30s, 5m or 1h30m'): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new AfcError(`--wait "${text}" is not a duration: use e.g. ${examples}`);
  return ms;
}

/**
 * The time limit of a program that waits `waitMs` itself (helm --wait --timeout, kubectl delete
 * --timeout): its kind's, but at least the wait plus 2 minutes, so that it stops waiting before we stop it.
 */
export const waitingTimeoutMs = (kindMs: number, waitMs: number | undefined): number => (waitMs === undefined ? kindMs : Math.max(kindMs, waitMs + 2 * MINUTE));

/** `1m`, `90s`, `1h05m` for messages. */
export function formatDuration(ms: number): string {
  if (ms % MINUTE !== 0 || ms === 0) return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
  const m = ms / MINUTE;
  return m >= 60 ? `${Math.floor(m / 60)}h${m % 60 ? String(m % 60).padStart(2, '0') + 'm' : ''}` : `${m}m`;
}

/**
 * `--timeout` values: `DURATION` (every kind of step) or `KIND=DURATION` (one kind), repeatable and
 * comma-separated; later ones win. Unknown kinds and bad durations are an AfcError naming the fix.
 */
export function parseTimeouts(values: readonly string[] | undefined): Partial<Record<StepKind, number>> {
  const out: Partial<Record<StepKind, number>> = {};
  for (const item of (values ?? []).flatMap((v) => v.split(',')).filter((v) => v.length > 0)) {
    const eq = item.indexOf('=');
    const kind = eq < 0 ? undefined : item.slice(0, eq);
    const text = eq < 0 ? item : item.slice(eq + 1);
    const ms = parseDuration(text);
    if (ms === undefined || ms <= 0) throw new AfcError(`--timeout "${item}": "${text}" is not a positive duration: use e.g. 30s, 5m or 1h30m`);
    if (kind === undefined) for (const k of STEP_KINDS) out[k] = ms;
    else if ((STEP_KINDS as readonly string[]).includes(kind)) out[kind as StepKind] = ms;
    else throw new AfcError(`--timeout "${item}": unknown kind of step "${kind}": use one of ${STEP_KINDS.join(', ')}, or a duration for all`);
  }
  return out;
}

/** Keeps the last `limit` characters of a growing text. */
class Tail {
  private text = '';
  constructor(private readonly limit: number) {}
  add(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.limit * 2) this.text = this.text.slice(-this.limit);
  }
  get value(): string {
    return this.text.slice(-this.limit);
  }
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return lines.at(-1) ?? '';
}

/** What a program did: its exit code and output (stdout whole for queries, the tail for actions). */
export interface Outcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ExecOptions {
  /** Print actions instead of running them. */
  readonly dryRun?: boolean;
  /** Echo every command and stream programs' output to stderr; errors show the whole command. */
  readonly verbose?: boolean;
  /** Timeouts per kind of step (`parseTimeouts(--timeout)`), over `DEFAULT_TIMEOUTS`. */
  readonly timeouts?: Partial<Record<StepKind, number>>;
  /** SIGTERM → SIGKILL grace in milliseconds (default KILL_GRACE_MS). */
  readonly killGraceMs?: number;
}

/** The options every runner command takes from its flags (`--dry-run`, `-v`, `--timeout`). */
export interface RunnerOptions {
  /** Print what would be done; run only read-only queries. */
  readonly dryRun?: boolean;
  /** Echo commands and stream their output; errors show the whole command. */
  readonly verbose?: boolean;
  /** `--timeout` values: DURATION or KIND=DURATION (parseTimeouts). */
  readonly timeout?: readonly string[];
}

/** The Exec of a runner command, from its flags (a bad --timeout is an AfcError). */
export const execFor = (host: Host, opts: RunnerOptions): Exec =>
  new Exec(host, {
    dryRun: opts.dryRun,
    verbose: opts.verbose,
    timeouts: parseTimeouts(opts.timeout),
    // AFC_KILL_GRACE_MS: the SIGTERM → SIGKILL grace (tests shorten it).
    killGraceMs: /^\d+$/.test(host.env.AFC_KILL_GRACE_MS ?? '') ? Number(host.env.AFC_KILL_GRACE_MS) : undefined,
  });

export interface PlannedCommand {
  readonly tool: string;
  readonly args: readonly string[];
  readonly opts: CommandOptions;
}

/** The kind of an action by its tool, when the caller names none. */
function actionKind(tool: string, args: readonly string[]): StepKind {
  if (tool === 'helm') return 'helm';
  if (tool === 'k3d') return 'cluster';
  if (tool === 'docker') return args[0] === 'build' ? 'build' : 'image';
  if (tool === 'kubectl') return 'kubectl';
  return 'build';
}

export class Exec {
  readonly dryRun: boolean;
  readonly verbose: boolean;
  readonly timeouts: Readonly<Record<StepKind, number>>;
  readonly killGraceMs: number;
  /** The actions a dry run printed instead of running, in order. */
  readonly planned: PlannedCommand[] = [];

  constructor(
    readonly host: Host,
    opts: ExecOptions = {},
  ) {
    this.dryRun = opts.dryRun ?? false;
    this.verbose = opts.verbose ?? false;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
    this.killGraceMs = opts.killGraceMs ?? KILL_GRACE_MS;
  }

  /** The path to start for `tool`: its AFC_* override, else the bare name (looked up on PATH). */
  programFor(tool: string): string {
    const override = TOOL_ENV[tool] ? this.host.env[TOOL_ENV[tool]!] : undefined;
    return override && override.length > 0 ? override : tool;
  }

  /** The timeout a call gets. */
  timeoutFor(tool: string, args: readonly string[], opts: CommandOptions, query: boolean): number {
    return opts.timeoutMs ?? this.timeouts[opts.kind ?? (query ? 'query' : actionKind(tool, args))];
  }

  /** Runs a read-only command (in --dry-run too) and returns its stdout; a failure is an AfcError. */
  async query(tool: string, args: readonly string[], opts: CommandOptions = {}): Promise<string> {
    const outcome = await this.spawn(tool, args, opts, true);
    if (outcome.exitCode !== 0) throw this.failure(tool, args, opts, outcome);
    return outcome.stdout;
  }

  /** Runs a read-only command (in --dry-run too) and returns its exit code and output, whatever the code. */
  async probe(tool: string, args: readonly string[], opts: CommandOptions = {}): Promise<Outcome> {
    return this.spawn(tool, args, opts, true);
  }

  /**
   * Runs a command that changes something; with --dry-run prints it instead. Resolves to false when it
   * failed and `allowFailure` was set (a warning was printed); any other failure is an AfcError.
   */
  async run(tool: string, args: readonly string[], opts: CommandOptions = {}): Promise<boolean> {
    if (this.dryRun) {
      this.planned.push({ tool, args: [...args], opts });
      this.host.stdout.write(`${displayCommand(tool, args, opts)}\n`);
      return true;
    }
    const outcome = await this.spawn(tool, args, opts, false);
    if (outcome.exitCode === 0) return true;
    const err = this.failure(tool, args, opts, outcome);
    if (opts.allowFailure) {
      this.host.stderr.write(`afc: warning: ${err.message} (ignored)\n`);
      return false;
    }
    throw err;
  }

  /** The step's name in messages: `opts.step`, else the program and its first two arguments in backquotes. */
  private what(tool: string, args: readonly string[], opts: CommandOptions): string {
    return opts.step ?? `\`${[tool, ...args.slice(0, 2)].map(shellQuote).join(' ')}\``;
  }

  /** ` (command: ...)` with --verbose. */
  private commandSuffix(tool: string, args: readonly string[], opts: CommandOptions): string {
    return this.verbose ? ` (command: ${displayCommand(tool, args, opts)})` : '';
  }

  private failure(tool: string, args: readonly string[], opts: CommandOptions, outcome: Outcome): CommandError {
    const why = lastLine(outcome.stderr) || lastLine(outcome.stdout);
    return new CommandError(
      `${this.what(tool, args, opts)} failed with exit code ${outcome.exitCode}${why ? `: ${why}` : ''}${this.commandSuffix(tool, args, opts)}`,
      tool,
      args,
      outcome.exitCode,
      outcome.stderr,
    );
  }

  private async spawn(tool: string, args: readonly string[], opts: CommandOptions, capture: boolean): Promise<Outcome> {
    const what = this.what(tool, args, opts);
    const signal = interruptSignal();
    const before = interruption();
    if (before !== undefined && !opts.cleanup) throw new InterruptedError(before, `interrupted by ${before} before ${what} started`);
    if (this.verbose) this.host.stderr.write(`> ${displayCommand(tool, args, opts)}\n`);
    const timeoutMs = this.timeoutFor(tool, args, opts, capture);
    const outTail = new Tail(64 * 1024);
    const errTail = new Tail(64 * 1024);
    const chunks: string[] = [];
    const child = execa(this.programFor(tool), [...args], {
      cwd: opts.cwd ?? this.host.cwd,
      env: { ...this.host.env, ...opts.env },
      extendEnv: false,
      ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' as const }),
      buffer: false,
      reject: false,
      stripFinalNewline: false,
      encoding: 'utf8',
      // Its own process group, so that the program and whatever it started are killed together.
      detached: true,
      // Killed (its leader) if afc exits while it runs; interrupt.ts kills the group.
      cleanup: true,
    });
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (d: string) => {
      if (capture) chunks.push(d);
      else outTail.add(d);
      if (this.verbose && !capture) this.host.stderr.write(d);
    });
    child.stderr?.on('data', (d: string) => {
      errTail.add(d);
      if (this.verbose) this.host.stderr.write(d);
    });
    const pid = child.pid;
    const untrack = pid !== undefined ? trackGroup(pid) : () => undefined;
    let reason: 'timeout' | 'interrupt' | undefined;
    let forceTimer: NodeJS.Timeout | undefined;
    const stop = (why: 'timeout' | 'interrupt'): void => {
      if (reason !== undefined || pid === undefined) return;
      reason = why;
      killGroup(pid, 'SIGTERM');
      forceTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), this.killGraceMs);
    };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    const onAbort = (): void => stop('interrupt');
    signal.addEventListener('abort', onAbort, { once: true });
    let result;
    try {
      result = await child;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (forceTimer !== undefined) {
        clearTimeout(forceTimer);
        // The leader is gone; whatever it left in its group goes too.
        if (pid !== undefined) killGroup(pid, 'SIGKILL');
      }
      untrack();
    }
    if (reason === 'interrupt') {
      const s = interruption() ?? 'SIGINT';
      throw new InterruptedError(s, `interrupted by ${s} during ${what}: it was stopped${this.commandSuffix(tool, args, opts)}`);
    }
    if (reason === 'timeout') {
      throw new CommandTimeoutError(
        `${what} did not finish within ${formatDuration(timeoutMs)} and was stopped: raise the limit with --timeout${this.commandSuffix(tool, args, opts)}`,
        tool,
        args,
        timeoutMs,
      );
    }
    if (result.failed && result.exitCode === undefined && result.signal === undefined) {
      const code = (result as { code?: string }).code;
      if (code === 'ENOENT' || code === 'EACCES') throw new ToolMissingError(tool);
      throw new AfcError(`cannot start "${tool}": ${result.originalMessage ?? result.shortMessage}`);
    }
    return {
      exitCode: result.exitCode ?? (result.signal ? 128 : 1),
      stdout: capture ? chunks.join('') : outTail.value,
      stderr: errTail.value,
    };
  }
}

/**
 * Splits a config `cmd` line into words the way a POSIX shell would, honouring single quotes, double
 * quotes and backslashes, but without a shell: no variables, globs, pipes or redirections (those are
 * an error, so a line that needs a shell fails loudly instead of running something else).
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new AfcError(`command "${line}" has an unterminated ' quote`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (ch === '"') {
      i++;
      for (; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) i++;
        else if (line[i] === '$' || line[i] === '`') throw new AfcError(`command "${line}" needs a shell ($ or \`): run a script instead`);
        word += line[i];
      }
      if (i >= line.length) throw new AfcError(`command "${line}" has an unterminated " quote`);
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if ('|&;<>()$`*?[]{}'.includes(ch)) {
      throw new AfcError(`command "${line}" needs a shell ("${ch}"): run a script instead`);
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  if (words.length === 0) throw new AfcError('an empty command in the config: remove it');
  return words;
}
