/**
 * SIGINT / SIGTERM at a random point of `afc synth --matrix` (real processes: signals need them). A few
 * iterations only: each is one CLI run of about a second.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { afc, afcSignalled, after } from '../support/cli.js';
import { hashDir, tempFolder } from '../support/files.js';

const work = tempFolder('afc-int-');

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
      const r = await afcSignalled(matrix, () => after(ms), { signal });
      const h = hashDir(out);
      expect(readdirSync(work).filter((f) => /\.(tmp|old)-/.test(f))).toEqual([]);
      if (h === newHash) {
        // finished before the signal (or the signal came while writing: the write is never cut in half)
        expect([0, signal === 'SIGINT' ? 130 : 143]).toContain(r.status ?? 128 + (signal === 'SIGINT' ? 2 : 15));
      } else {
        expect(h).toBe(oldHash);
        // killed before afc installed its handler (Node still starting), or by the handler, which says so
        if (r.signal === null) {
          expect(r.status).toBe(signal === 'SIGINT' ? 130 : 143);
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
