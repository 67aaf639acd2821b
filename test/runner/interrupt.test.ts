/**
 * The CLI contract on interrupts, process-level: `bin/afc install` (the built bundle) with the recording
 * stand-ins on PATH, SIGINT at random points. Whatever the point, afc exits 130 (or dies of SIGINT when the
 * signal comes before it is ready to handle it), leaves no temporary folder and no running child, and
 * says which step was interrupted and what state it left.
 */
import { readdirSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afcSignalled, type SignalledRun } from '../support/cli.js';
import { alive, makeBench, readPids, waitUntil, type Bench } from './support.js';

let bench: Bench;
beforeEach(() => {
  bench = makeBench();
});
afterEach(() => bench.cleanup());

/** Starts `afc ARGS` in the bench (its folder, its environment: only the stand-ins on PATH); `when` resolves when to send SIGINT. */
const interrupted = (args: string[], when: () => Promise<void>): Promise<SignalledRun> =>
  afcSignalled(args, when, { cwd: bench.work, env: bench.host.env as NodeJS.ProcessEnv });

const EXISTING = [{ name: 'afc', namespace: 'default', status: 'deployed', revision: '2' }];

describe('SIGINT during afc install', () => {
  it('at random points: exit 130, no temporary folder, no running child', async () => {
    // helm install (not the --dry-run=server check) hangs and ignores SIGTERM, with a child of its own.
    // The points: a random time within afc's start-up (before its first command, ~200 ms here), and
    // once the stand-ins have logged at least n calls of the run, n a random one of the first three, then
    // of the next three (the queries, the server-side check, the uninstall; the seventh is the hanging
    // install, which the next test interrupts). The log is polled every 25 ms (waitUntil), so SIGINT
    // lands after call n or, when calls are quicker than the polling, a few calls later (never past the
    // hanging install). Counted in calls rather than milliseconds, the points fall on the steps whatever
    // the speed of the machine.
    const startup = Math.random() * 200;
    const calls = [1 + Math.floor(Math.random() * 3), 4 + Math.floor(Math.random() * 3)];
    const points: [string, (before: number) => Promise<void>][] = [
      [`${Math.round(startup)} ms after the start`, () => new Promise((r) => setTimeout(r, startup))],
      ...calls.map((n): [string, (before: number) => Promise<void>] => [`once ${n}+ stand-in calls were logged`, (before) => waitUntil(() => bench.log().length - before >= n, 30_000)]),
    ];
    for (const [point, when] of points) {
      bench.setState('helm-releases.json', EXISTING);
      bench.setState('fail.json', [{ tool: 'helm', args: ['install'], hasNot: '--dry-run=server', then: 'hang-ignoring-sigterm' }]);
      rmSync(`${bench.state}/pids.jsonl`, { force: true });
      const before = bench.log().length;
      const run = await interrupted(['install', '--tag', 'mytag', 'afc'], () => when(before));
      const context = `SIGINT ${point}: ${run.stderr}`;
      if (run.signal === null) {
        expect(run.status, context).toBe(130);
        expect(run.stderr.trimEnd().split('\n').at(-1), context).toMatch(/^afc: error: interrupted by SIGINT (during|before|after) /);
      } else expect(run.signal, context).toBe('SIGINT');
      expect(readdirSync(bench.tmp), context).toEqual([]);
      const pids = readPids(bench);
      await waitUntil(() => pids.every((p) => !alive(p)));
      expect(pids.filter(alive), context).toEqual([]);
    }
  });

  it('in the install after the uninstall: says the old release is gone, kills helm and its child, exit 130', async () => {
    bench.setState('helm-releases.json', EXISTING);
    bench.setState('fail.json', [{ tool: 'helm', args: ['install'], hasNot: '--dry-run=server', then: 'hang-ignoring-sigterm' }]);
    const run = await interrupted(['install', '--tag', 'mytag', 'afc'], () => waitUntil(() => readPids(bench).length === 2, 30_000));
    expect(run.status).toBe(130);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(
      'afc: error: interrupted by SIGINT during installing release afc: it was stopped; the old release afc was uninstalled before this step and is gone (it was revision 2): fix the cause, then run this afc install again to install it anew',
    );
    const pids = readPids(bench);
    await waitUntil(() => pids.every((p) => !alive(p)));
    expect(pids.filter(alive)).toEqual([]);
    expect(readdirSync(bench.tmp)).toEqual([]);
  });
});
