/**
 * Starting external programs. Only argument arrays are ever used (spawn without a shell), so no value
 * given on the command line or read from a config file is interpreted by a shell.
 *
 * Two kinds of command:
 * - queries (`k3d cluster list`, `kubectl config view`, `helm list`, `docker image list`, `netstat`)
 *   only read; they run in --dry-run too, because later checks need their answers;
 * - actions change something; with --dry-run each is printed on stdout, one line, shell-quoted for
 *   display only, and none runs.
 *
 * A program's own output is kept and shown only when it fails (its last line goes into the error), or
 * streamed to stderr with --verbose.
 */
import { spawn } from 'node:child_process';
import { AfcError } from '../errors.js';
import type { Host } from './host.js';

/** Programs the runner uses, with the environment variable that overrides each one's path. */
export const TOOL_ENV: Readonly<Record<string, string>> = {
  k3d: 'AFC_K3D',
  kubectl: 'AFC_KUBECTL',
  helm: 'AFC_HELM',
  docker: 'AFC_DOCKER',
  netstat: 'AFC_NETSTAT',
  ss: 'AFC_SS',
};

export interface CommandOptions {
  /** Extra environment of the program (shown as `NAME=value` in --dry-run). */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory of the program. */
  readonly cwd?: string;
  /** A failure is a warning, not an error (the `-` prefix of config `cmd` lines). */
  readonly allowFailure?: boolean;
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

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argument quoted for a POSIX shell, for display only. */
export function shellQuote(arg: string): string {
  if (SAFE_WORD.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command as one display line: `[cd DIR &&] [NAME=value ...] tool arg ...`. */
export function displayCommand(tool: string, args: readonly string[], opts: CommandOptions = {}): string {
  const env = Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${shellQuote(v)}`);
  const line = [...env, shellQuote(tool), ...args.map(shellQuote)].join(' ');
  return opts.cwd ? `cd ${shellQuote(opts.cwd)} && ${line}` : line;
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

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ExecOptions {
  /** Print actions instead of running them. */
  readonly dryRun?: boolean;
  /** Echo every command and stream programs' output to stderr. */
  readonly verbose?: boolean;
}

export interface PlannedCommand {
  readonly tool: string;
  readonly args: readonly string[];
  readonly opts: CommandOptions;
}

export class Exec {
  readonly dryRun: boolean;
  readonly verbose: boolean;
  /** The actions a dry run printed instead of running, in order. */
  readonly planned: PlannedCommand[] = [];

  constructor(
    readonly host: Host,
    opts: ExecOptions = {},
  ) {
    this.dryRun = opts.dryRun ?? false;
    this.verbose = opts.verbose ?? false;
  }

  /** The path to start for `tool`: its AFC_* override, else the bare name (looked up on PATH). */
  programFor(tool: string): string {
    const override = TOOL_ENV[tool] ? this.host.env[TOOL_ENV[tool]!] : undefined;
    return override && override.length > 0 ? override : tool;
  }

  /** Runs a read-only command (in --dry-run too) and returns its stdout; a failure is an AfcError. */
  async query(tool: string, args: readonly string[], opts: CommandOptions = {}): Promise<string> {
    const outcome = await this.spawn(tool, args, opts, true);
    if (outcome.code !== 0) throw this.failure(tool, args, outcome);
    return outcome.stdout;
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
    if (outcome.code === 0) return true;
    const err = this.failure(tool, args, outcome);
    if (opts.allowFailure) {
      this.host.stderr.write(`afc: warning: ${err.message} (ignored)\n`);
      return false;
    }
    throw err;
  }

  private failure(tool: string, args: readonly string[], outcome: Outcome): AfcError {
    const what = [tool, ...args.slice(0, 2)].map(shellQuote).join(' ');
    const why = lastLine(outcome.stderr) || lastLine(outcome.stdout);
    return new AfcError(`\`${what}\` failed with exit code ${outcome.code}${why ? `: ${why}` : ''}`);
  }

  private spawn(tool: string, args: readonly string[], opts: CommandOptions, capture: boolean): Promise<Outcome> {
    if (this.verbose) this.host.stderr.write(`> ${displayCommand(tool, args, opts)}\n`);
    const env = { ...this.host.env, ...opts.env };
    return new Promise((resolve, reject) => {
      const child = spawn(this.programFor(tool), [...args], {
        cwd: opts.cwd ?? this.host.cwd,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: false,
      });
      const chunks: string[] = [];
      const outTail = new Tail(64 * 1024);
      const errTail = new Tail(64 * 1024);
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (d: string) => {
        if (capture) chunks.push(d);
        else outTail.add(d);
        if (this.verbose && !capture) this.host.stderr.write(d);
      });
      child.stderr.on('data', (d: string) => {
        errTail.add(d);
        if (this.verbose) this.host.stderr.write(d);
      });
      child.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT' || e.code === 'EACCES') reject(new ToolMissingError(tool));
        else reject(new AfcError(`cannot start "${tool}": ${e.message}`));
      });
      child.on('close', (code, signal) => {
        resolve({
          code: code ?? (signal ? 128 : 1),
          stdout: capture ? chunks.join('') : outTail.value,
          stderr: errTail.value,
        });
      });
    });
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
