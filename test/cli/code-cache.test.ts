/**
 * bin/afc runs build/afc.cjs with V8's code cache (scripts/build.mjs). The cache only saves compile
 * time: the output is the same with it, without it, and with one V8 rejects.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { afc } from '../support/cli.js';
import { tempFolder } from '../support/files.js';

const work = tempFolder('afc-cache-');

const ARGS = ['synth', '--platform', 'k3d,http', '--stdout'];
const expected = afc(ARGS).stdout;

/** A copy of bin/ and build/, so the cache can be removed or spoilt. */
function copy(name: string): { dir: string; cache: string; run: () => string } {
  const dir = join(work, name);
  cpSync('bin', join(dir, 'bin'), { recursive: true });
  cpSync('build', join(dir, 'build'), { recursive: true });
  const caches = readdirSync(join(dir, 'build')).filter((f) => f.endsWith('.v8cache'));
  expect(caches).toHaveLength(1);
  return {
    dir,
    cache: join(dir, 'build', caches[0]!),
    run: () => {
      const r = spawnSync(join(dir, 'bin', 'afc'), ARGS, { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return r.stdout;
    },
  };
}

describe('the code cache of the bundle', () => {
  it('is named by the id on the bundle\'s first line, which also says how to decode it', () => {
    const header = readFileSync('build/afc.cjs', 'latin1').split('\n', 1)[0];
    const m = /^\/\/ afc-build ([0-9a-f]{16}) (latin1|utf8)$/.exec(header!);
    expect(m).not.toBeNull();
    expect(readdirSync('build')).toContain(`afc-${m![1]}.v8cache`);
    expect(expected.startsWith('---\napiVersion: v1\nkind: ConfigMap\n')).toBe(true);
  });

  it('changes nothing when it is missing, empty or corrupt', () => {
    const missing = copy('missing');
    rmSync(missing.cache);
    expect(missing.run()).toBe(expected);
    const empty = copy('empty');
    writeFileSync(empty.cache, '');
    expect(empty.run()).toBe(expected);
    const corrupt = copy('corrupt');
    const bytes = readFileSync(corrupt.cache);
    for (let i = 64; i < bytes.length; i += 97) bytes[i] = bytes[i]! ^ 0xff;
    writeFileSync(corrupt.cache, bytes);
    expect(corrupt.run()).toBe(expected);
  });
});
