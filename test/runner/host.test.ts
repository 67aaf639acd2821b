import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processHost, withTempDir } from '../../src/runner/host.js';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'afc-host-test-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('temporary folders', () => {
  it('are created under TMPDIR and removed when the body throws', async () => {
    const host = { ...processHost(), env: { TMPDIR: tmp } };
    let seen = '';
    await expect(
      withTempDir(host, async (dir) => {
        seen = dir;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(seen.startsWith(`${tmp}/afc-`)).toBe(true);
    expect(existsSync(seen)).toBe(false);
  });

  it('are removed when the process is interrupted', () => {
    const hostModule = resolve('src/runner/host.ts');
    const code = `
      import { processHost, withTempDir } from ${JSON.stringify(hostModule)};
      await withTempDir({ ...processHost(), env: { TMPDIR: ${JSON.stringify(tmp)} } }, async (dir) => {
        process.stdout.write(dir);
        process.kill(process.pid, 'SIGINT');
        await new Promise((r) => setTimeout(r, 5000));
      });`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 20000 });
    expect(r.signal).toBe('SIGINT');
    expect(r.stdout.startsWith(`${tmp}/afc-`)).toBe(true);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
