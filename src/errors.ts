/**
 * An error caused by the user's input (a flag, a values file, a name). The CLI prints its message as
 * one line and exits 1, without a stack trace. Anything else that escapes is a bug and is shown whole.
 */
export class AfcError extends Error {
  /**
   * @param exitStatus the CLI's exit status when this error ends a command (an interrupted command
   *   exits 128 + the signal's number, kit/interrupt.ts).
   */
  constructor(
    message: string,
    readonly exitStatus: number = 1,
  ) {
    super(message);
    this.name = 'AfcError';
  }
}

/**
 * Reports an error the way the CLI does and returns the exit code: an AfcError as one line per problem
 * (`afc: error: ...`, exit 1), anything else as an internal error (exit 2, the stack with AFC_DEBUG).
 */
export function reportError(e: unknown): number {
  if (e instanceof AfcValidationError) {
    for (const problem of e.problems) process.stderr.write(`afc: error: ${problem}\n`);
    return 1;
  }
  if (e instanceof AfcError) {
    process.stderr.write(`afc: error: ${e.message}\n`);
    return e.exitStatus;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`afc: internal error: ${err.message}${process.env.AFC_DEBUG ? `\n${err.stack}` : ' (set AFC_DEBUG=1 for details; please report it)'}\n`);
  return 2;
}

/** Several problems found at once (validation): the CLI prints them one per line. */
export class AfcValidationError extends AfcError {
  constructor(public readonly problems: readonly string[]) {
    super(problems.length === 1 ? problems[0]! : `${problems.length} problems:\n  - ${problems.join('\n  - ')}`);
    this.name = 'AfcValidationError';
  }
}
