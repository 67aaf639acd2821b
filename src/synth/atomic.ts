/**
 * Writes a folder atomically: files go to a temporary sibling, which then replaces the target in two
 * renames. An error on the way leaves an earlier target untouched and removes the temporary folder.
 */
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AfcError } from '../errors.js';

export type FileMap = ReadonlyMap<string, string>;

export function writeDirAtomic(target: string, files: FileMap): void {
  const dest = resolve(target);
  const parent = dirname(dest);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw new AfcError(`cannot create "${parent}" (${(e as NodeJS.ErrnoException).code ?? String(e)}): choose another --out`);
  }
  const tmp = mkdtempSync(join(parent, `.${basename(dest)}.tmp-`));
  chmodSync(tmp, 0o755 & ~process.umask());
  const old = `${tmp}.old`;
  try {
    for (const [rel, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const file = join(tmp, rel);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    const hadTarget = existsSync(dest);
    if (hadTarget) renameSync(dest, old);
    try {
      renameSync(tmp, dest);
    } catch (e) {
      if (hadTarget) renameSync(old, dest);
      throw e;
    }
    if (hadTarget) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (e instanceof AfcError) throw e;
    throw new AfcError(`cannot write "${dest}" (${(e as NodeJS.ErrnoException).code ?? String(e)}): check the --out folder`);
  }
}
