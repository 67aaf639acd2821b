/** Folder helpers shared by the tests. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * A SHA-256 of a folder's files: each one's path below `dir` and its bytes, in name order (subfolders
 * walked). Equal for two folders exactly when they hold the same files with the same contents (empty
 * subfolders do not count).
 */
export function hashDir(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string): void => {
    for (const f of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, f.name);
      if (f.isDirectory()) walk(p);
      else h.update(`${p.slice(dir.length)}\0`).update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

/**
 * A new, empty folder under the system's temporary folder (named `PREFIX…`), removed with everything in
 * it once the tests of the calling file (or describe block) have run. Call it where vitest's afterAll
 * may be called: at the top level of a test file, or directly in a describe.
 */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
