/**
 * `afc synth` never runs a process and never hashes, so it must not pay for loading node:child_process
 * and node:crypto (together ~15 ms of a ~60 ms synth on the 2-CPU VM, bench/NOTES.md): commander,
 * constructs and cdk8s load them lazily in the bundle (scripts/esbuild-plugins.mjs lazyBuiltins), and
 * the output check runs `git ls-files` only for a folder that is neither empty nor an afc output.
 * A dependency update that changes one of the patched files makes the build warn; this test fails.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { afc } from '../support/cli.js';
import { tempFolder } from '../support/files.js';

const work = tempFolder('afc-builtins-');

// Preloaded into the CLI's process: prints the built-in modules it loaded, at exit.
const preload = join(work, 'builtins.cjs');
writeFileSync(preload, "process.on('exit', () => process.stderr.write(`builtins: ${process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join(' ')}\\n`));\n");

function builtinsOf(args: readonly string[]): string[] {
  const r = afc(args, { env: { NODE_OPTIONS: `--require ${preload}` } });
  expect(r.status, r.stderr).toBe(0);
  const line = r.stderr.split('\n').find((l) => l.startsWith('builtins: '));
  expect(line).toBeDefined();
  return line!.slice(10).split(' ');
}

describe('afc synth start-up', () => {
  it.each([
    ['a new output folder', ['synth', '--platform', 'k3d', '--out', join(work, 'plain')]],
    ['replacing its own output', ['synth', '--platform', 'k3d', '--out', join(work, 'plain')]],
    ['a Helm chart and a matrix', ['synth', '--format', 'helm', '--matrix', 'k3d,gcp', '--out', join(work, 'matrix')]],
    ['--stdout', ['synth', '--platform', 'gcp', '--stdout']],
  ])('loads neither node:child_process nor node:crypto: %s', (_, args) => {
    const loaded = builtinsOf(args);
    // The preload works: modules every synth needs are listed.
    expect(loaded).toContain('fs');
    expect(loaded).toContain('vm');
    expect(loaded).not.toContain('child_process');
    expect(loaded).not.toContain('crypto');
  });

  it('loads node:child_process to ask git about a foreign folder (the check it exists for)', () => {
    const foreign = join(work, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    const r = afc(['synth', '--platform', 'k3d', '--out', foreign], { env: { NODE_OPTIONS: `--require ${preload}` } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is a folder afc did not write');
    expect(r.stderr).toMatch(/builtins: .*\bchild_process\b/);
    expect(readFileSync(join(foreign, 'notes.txt'), 'utf8')).toBe('mine');
  });
});
