// kube-score (github.com/zegl/kube-score v1.20.0, built from the Go module proxy by
// scripts/install-kube-score.sh) on the hardened output: every CRITICAL finding left is one the
// overlay lists with its reason (kubeScoreExceptions, shown in docs/security.md), and that page's
// comparison with the default output states the counts measured here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeScoreExceptions } from '../../platforms/hardened.js';
import { SECURITY_PAGE } from '../../src/docs/pages.js';
import { synthPlainObjects } from '../../src/synth/plain.js';
import { toYamlStream } from '../../src/kit/yaml.js';
import { runAsync } from '../support/process.js';

/** kube-score's grades (scorecard.Grade). */
const CRITICAL = 1;
const WARNING = 5;

interface Finding {
  readonly object: string;
  readonly check: string;
  readonly grade: number;
  readonly summary: string;
}
interface Score {
  readonly critical: Finding[];
  readonly warning: Finding[];
}

const COMBINATIONS = [['k3d'], ['k3d', 'hardened'], ['gcp'], ['gcp', 'hardened']];
let dir: string;
let kubeScore: string;
const scores = new Map<string, Score>();

/** kube-score's stdout: it exits 1 when it found a CRITICAL finding, with its JSON on stdout either way. */
async function run(file: string, args: string[]): Promise<string> {
  const r = await runAsync(file, args, { timeoutMs: 60_000 });
  if (r.status !== 0 && !r.stdout.startsWith('[')) throw new Error(`${file} ${args.join(' ')}: ${r.stderr || `exit status ${r.status}`}`);
  return r.stdout;
}

async function score(platforms: string[]): Promise<Score> {
  const path = join(dir, `${platforms.join('+')}.yaml`);
  writeFileSync(path, toYamlStream(synthPlainObjects({ platforms })));
  const result = JSON.parse(await run(kubeScore, ['score', '-o', 'json', path])) as {
    object_name: string;
    checks: { check: { id: string }; grade: number; skipped: boolean; comments: { summary: string }[] | null }[];
  }[];
  const findings = result.flatMap((o) =>
    o.checks
      .filter((c) => !c.skipped)
      .flatMap((c) => (c.comments ?? []).map((m) => ({ object: o.object_name, check: c.check.id, grade: c.grade, summary: m.summary }))),
  );
  return { critical: findings.filter((f) => f.grade === CRITICAL), warning: findings.filter((f) => f.grade === WARNING) };
}

beforeAll(async () => {
  kubeScore = process.env.KUBE_SCORE ?? execFileSync('bash', ['scripts/install-kube-score.sh'], { encoding: 'utf8', timeout: 1_200_000 }).trim();
  expect(await run(kubeScore, ['version'])).toMatch(/^kube-score version: 1\.20\.0/);
  dir = mkdtempSync(join(tmpdir(), 'afc-kube-score-'));
  for (const platforms of COMBINATIONS) scores.set(platforms.join(','), await score(platforms));
}, 1_300_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kube-score v1.20.0', () => {
  it('finds no CRITICAL on the hardened output but the listed exceptions, each of which it does find', () => {
    const checks = new Set([...scores.get('k3d,hardened')!.critical, ...scores.get('gcp,hardened')!.critical].map((f) => f.check));
    expect([...checks].sort()).toEqual(Object.keys(kubeScoreExceptions).sort());
  });

  it('finds fewer findings on the hardened output than on the default output, as docs/security.md states', () => {
    const page = readFileSync(SECURITY_PAGE, 'utf8');
    for (const cluster of ['k3d', 'gcp']) {
      const before = scores.get(cluster)!;
      const after = scores.get(`${cluster},hardened`)!;
      expect(after.critical.length).toBeLessThan(before.critical.length);
      const row = (s: Score) => `${s.critical.length} | ${s.warning.length} | ${s.critical.length + s.warning.length}`;
      expect(page).toContain(`| \`--platform ${cluster}\` | ${row(before)} |`);
      expect(page).toContain(`| \`--platform ${cluster},hardened\` | ${row(after)} |`);
    }
    // The issue's measurement of today's output: 152 findings on k3d.
    expect(scores.get('k3d')!.critical.length + scores.get('k3d')!.warning.length).toBe(152);
  });

  it('lists each exception in docs/security.md with its reason', () => {
    const page = readFileSync(SECURITY_PAGE, 'utf8');
    for (const [check, reason] of Object.entries(kubeScoreExceptions)) expect(page).toContain(`| \`${check}\` | ${reason} |`);
  });
});
