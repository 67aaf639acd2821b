/**
 * Interrupts (SIGINT, SIGTERM, SIGHUP) while a runner command works. Instead of dying at once (and
 * leaving a child such as `helm install` running, and temporary folders behind), afc:
 * 1. notes the signal and aborts `interruptSignal()`: the program running now is killed with its
 *    process group (exec.ts), and no further program starts;
 * 2. lets the error (`InterruptedError`) unwind the command, so every `finally` runs (temporary folders
 *    are removed) and the command can say which step was interrupted and what state it left;
 * 3. exits 128 + the signal's number (130 for SIGINT, 143 for SIGTERM), from the CLI's error report.
 * A second signal while unwinding kills the children still known and exits at once.
 *
 * The handlers are installed only while `withInterrupts` runs a command (tests and `afc synth` keep
 * Node's default behaviour otherwise).
 */
import { AfcError } from '../errors.js';

export type InterruptSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

const SIGNAL_NUMBERS: Record<InterruptSignal, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** The command was interrupted by a signal; the CLI exits with `exitCode` (128 + the signal's number). */
export class InterruptedError extends AfcError {
  readonly exitCode: number;
  constructor(
    readonly signal: InterruptSignal,
    message: string,
  ) {
    super(message, 128 + SIGNAL_NUMBERS[signal]);
    this.name = 'InterruptedError';
    this.exitCode = this.exitStatus;
  }
}

let controller = new AbortController();
let received: InterruptSignal | undefined;
/** Process groups of the programs running now (killed with SIGKILL on a second signal or at exit). */
const liveGroups = new Set<number>();
/** Cleanups that must run even if the process exits abruptly (temporary folders). */
const exitCleanups = new Set<() => void>();
let depth = 0;
const handlers = new Map<InterruptSignal, () => void>();

/** Aborted when a signal arrives while a command runs. */
export const interruptSignal = (): AbortSignal => controller.signal;

/** The signal received since the command started, if any. */
export const interruption = (): InterruptSignal | undefined => received;

/** Registers a running program's process group (exec.ts); returns the unregistration. */
export function trackGroup(pid: number): () => void {
  liveGroups.add(pid);
  return () => liveGroups.delete(pid);
}

/** Registers a cleanup that also runs when the process exits before it is unregistered. */
export function onExitCleanup(cleanup: () => void): () => void {
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function runExitCleanups(): void {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  for (const cleanup of exitCleanups) {
    try {
      cleanup();
    } catch {
      // best effort at exit
    }
  }
}

function onSignal(signal: InterruptSignal): void {
  if (received !== undefined) {
    // Second signal: stop waiting for the unwinding.
    runExitCleanups();
    process.exit(128 + SIGNAL_NUMBERS[signal]);
  }
  received = signal;
  controller.abort(signal);
}

/**
 * Runs a runner command with the interrupt handlers installed. If a signal arrived, the command's
 * error (or, when it finished anyway, a plain InterruptedError) reports it.
 */
export async function withInterrupts<T>(body: () => Promise<T>): Promise<T> {
  if (depth++ === 0) {
    received = undefined;
    controller = new AbortController();
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      const handler = (): void => onSignal(signal);
      handlers.set(signal, handler);
      process.on(signal, handler);
    }
    process.on('exit', runExitCleanups);
  }
  try {
    const result = await body();
    if (received !== undefined) throw new InterruptedError(received, `interrupted by ${received} after the last step finished: nothing was left half-done`);
    return result;
  } finally {
    if (--depth === 0) {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      handlers.clear();
      process.off('exit', runExitCleanups);
      received = undefined;
      controller = new AbortController();
    }
  }
}
