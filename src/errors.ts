/**
 * An error caused by the user's input (a flag, a values file, a name). The CLI prints its message as
 * one line and exits 1, without a stack trace. Anything else that escapes is a bug and is shown whole.
 */
export class AfcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AfcError';
  }
}

/** Several problems found at once (validation): the CLI prints them one per line. */
export class AfcValidationError extends AfcError {
  constructor(public readonly problems: readonly string[]) {
    super(problems.length === 1 ? problems[0]! : `${problems.length} problems:\n  - ${problems.join('\n  - ')}`);
    this.name = 'AfcValidationError';
  }
}
