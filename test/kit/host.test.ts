import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processHost, withTempDir } from '../../src/kit/host.js';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Runs the TypeScript module `code` in a node process of its own, asynchronously (a synchronous spawn
 * would block the vitest worker). esbuild bundles it first (npm packages left to node): a bare node
 * starts in a fifth of the CPU time of node with tsx's loader.
 */
async function runModule(code: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const bundle = await build({ stdin: { contents: code, loader: 'ts', resolveDir: ROOT }, bundle: true, packages: 'external', platform: 'node', format: 'esm', write: false, logLevel: 'silent' });
  return new Promise((resolve_) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', bundle.outputFiles[0]!.text], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve_({ status, stdout, stderr });
    });
  });
}

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

  it('are removed when the process is interrupted, after the running program was stopped', async () => {
    const module = (f: string): string => JSON.stringify(resolve(`src/kit/${f}.ts`));
    const code = `
      import { processHost, withTempDir } from ${module('host')};
      import { withInterrupts } from ${module('interrupt')};
      import { Exec } from ${module('exec')};
      const host = { ...processHost(), env: { ...process.env, TMPDIR: ${JSON.stringify(tmp)} } };
      try {
        await withInterrupts(() => withTempDir(host, async (dir) => {
          process.stdout.write(dir);
          setTimeout(() => process.kill(process.pid, 'SIGINT'), 300);
          await new Exec(host).run('sleep', ['1000'], { step: 'waiting' });
        }));
      } catch (e) {
        process.stderr.write(e.message);
        process.exitCode = e.exitCode;
      }`;
    const r = await runModule(code);
    expect(r.stderr).toBe('interrupted by SIGINT during waiting: it was stopped');
    expect(r.status).toBe(130);
    expect(r.stdout.startsWith(`${tmp}/afc-`)).toBe(true);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('are removed when the process exits while they are alive', async () => {
    const module = (f: string): string => JSON.stringify(resolve(`src/kit/${f}.ts`));
    const code = `
      import { processHost, withTempDir } from ${module('host')};
      import { withInterrupts } from ${module('interrupt')};
      await withInterrupts(() => withTempDir({ ...processHost(), env: { TMPDIR: ${JSON.stringify(tmp)} } }, async (dir) => {
        process.stdout.write(dir);
        process.exit(3);
      }));`;
    const r = await runModule(code);
    expect(r.status).toBe(3);
    expect(r.stdout.startsWith(`${tmp}/afc-`)).toBe(true);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
