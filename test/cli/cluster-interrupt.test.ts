// An interrupted `afc diff` / `afc apply` (SIGINT, SIGTERM) stops its kubectl child, removes its temporary
// manifests and names what it was doing. kubectl is a stand-in here (a script that records its pid and
// waits): the point is afc's process handling, which needs no cluster.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afcSignalled } from '../support/cli.js';

let dir: string;
let tmp: string;
let fake: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'afc-cluster-interrupt-'));
  tmp = join(dir, 'tmp');
  fake = join(dir, 'kubectl');
  writeFileSync(fake, `#!/bin/sh\necho $$ >> "${join(dir, 'pids')}"\nexec sleep 30\n`, { mode: 0o755 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function started(): Promise<void> {
  for (let i = 0; i < 200 && !existsSync(join(dir, 'pids')); i++) await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, 100));
}

describe('an interrupted afc diff or afc apply', () => {
  for (const [command, signal, code] of [
    ['diff', 'SIGINT', 130],
    ['diff', 'SIGTERM', 143],
    ['apply', 'SIGINT', 130],
  ] as const) {
    it(`${command}, ${signal}: exits ${code} naming the step, its kubectl children stopped, no temporary file left`, async () => {
      rmSync(join(dir, 'pids'), { force: true });
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp);
      const env = { PATH: process.env.PATH, HOME: dir, TMPDIR: tmp, AFC_KUBECTL: fake, AFC_KILL_GRACE_MS: '200', NO_COLOR: '1' };
      const r = await afcSignalled([command, '--platform', 'k3d', '--context', 'testbed', '--namespace', 'afc'], started, { signal, env });
      expect(r.status).toBe(code);
      expect(r.stderr).toMatch(new RegExp(`^afc: error: interrupted by ${signal} during \`kubectl .*\`: it was stopped${command === 'diff' ? ': afc diff only reads, nothing was changed' : ': nothing was changed'}\\n$`));
      const pids = readFileSync(join(dir, 'pids'), 'utf8').trim().split('\n').map(Number);
      expect(pids.length).toBeGreaterThan(0);
      for (const pid of pids) expect(alive(pid), `kubectl stand-in ${pid}`).toBe(false);
      expect(readdirSync(tmp)).toEqual([]);
    });
  }
});
