/**
 * SIGINT / SIGTERM at a random point of `afc synth --matrix` (real processes: signals need them). A few
 * iterations only: each is one CLI run of about a second.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AFC_BIN, afc } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'afc-int-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const hashDir = (dir: string): string => {
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
};

function runAndSignal(args: string[], signal: NodeJS.Signals, afterMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(AFC_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill(signal), afterMs);
    child.on('error', reject);
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      resolvePromise({ code, signal: sig, stderr });
    });
  });
}

describe('afc synth --matrix, interrupted', () => {
  const out = join(work, 'matrix');
  const matrix = ['synth', '--matrix', 'k3d,gcp,http,no_secrets', '--out', out];
  // The expected new output (written once, elsewhere), and an earlier, different output at --out.
  const complete = join(work, 'complete');
  expect(afc(['synth', '--matrix', 'k3d,gcp,http,no_secrets', '--out', complete]).status).toBe(0);
  const newHash = hashDir(complete);
  expect(afc(['synth', '--matrix', 'k3d,http', '--out', out]).status).toBe(0);
  const oldHash = hashDir(out);

  const delays: [NodeJS.Signals, number][] = [
    ['SIGINT', 150 + Math.floor(Math.random() * 400)],
    ['SIGINT', 500 + Math.floor(Math.random() * 1000)],
    ['SIGTERM', 300 + Math.floor(Math.random() * 900)],
  ];
  for (const [signal, ms] of delays) {
    it(`leaves no temporary folder and the earlier output intact (${signal} after ${ms} ms)`, async () => {
      const r = await runAndSignal(matrix, signal, ms);
      const h = hashDir(out);
      expect(readdirSync(work).filter((f) => /\.(tmp|old)-/.test(f))).toEqual([]);
      if (h === newHash) {
        // finished before the signal (or the signal came while writing: the write is never cut in half)
        expect([0, signal === 'SIGINT' ? 130 : 143]).toContain(r.code ?? 128 + (signal === 'SIGINT' ? 2 : 15));
      } else {
        expect(h).toBe(oldHash);
        // killed before afc installed its handler (Node still starting), or by the handler, which says so
        if (r.signal === null) {
          expect(r.code).toBe(signal === 'SIGINT' ? 130 : 143);
          expect(r.stderr).toBe(`afc: interrupted (${signal}): nothing was written; ${out} is unchanged\n`);
        } else {
          expect(r.signal).toBe(signal);
        }
      }
      // put the earlier output back for the next iteration
      if (h !== oldHash) expect(afc(['synth', '--matrix', 'k3d,http', '--out', out]).status).toBe(0);
    });
  }
});
