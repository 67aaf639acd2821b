/** A command's chosen exit status (e.g. `afc diff`: 1 = differences, 2 = error), its message printed already. */
export class CommandExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'CommandExit';
  }
}
