/**
 * The real, pinned helm binary (v3.16.4) that `npm run tools:helm` builds from the Go module proxy into
 * .tools/bin (AFC_HELM overrides the path: `npm run test:helm4` runs the Helm tests under
 * .tools/bin/helm-v4.3.2, built by `npm run tools:helm4`). Tests that need it fail, with that hint, when it is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeDirAtomic } from '../../src/synth/atomic.js';
import { helmChartFiles } from '../../src/synth/helm/index.js';
import type { SynthOptions } from '../../src/synth/plain.js';

export const HELM = resolve(process.env.AFC_HELM ?? '.tools/bin/helm');

export function requireHelm(): string {
  if (!existsSync(HELM)) throw new Error(`helm not found at ${HELM}: run \`npm run tools:helm\` first`);
  return HELM;
}

/** The major version of that helm (3 or 4), from `helm version`. */
export function helmMajor(): number {
  const v = execFileSync(requireHelm(), ['version', '--template', '{{ .Version }}'], { encoding: 'utf8' }).trim();
  const major = Number(/^v(\d+)\./.exec(v)?.[1]);
  if (major !== 3 && major !== 4) throw new Error(`${HELM} reports ${v}: the Helm tests run under Helm 3 or 4`);
  return major;
}

export interface HelmResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function helm(args: readonly string[]): HelmResult {
  const r = spawnSync(requireHelm(), [...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function helmTemplate(chart: string, args: readonly string[] = [], release = 'afc'): string {
  return execFileSync(requireHelm(), ['template', release, chart, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const made: string[] = [];

/** Writes the Helm chart for the inputs into a fresh temporary folder; returns its path. */
export function writeChart(opts: SynthOptions): string {
  const root = mkdtempSync(join(tmpdir(), 'afc-chart-'));
  made.push(root);
  const dir = join(root, 'afc-int');
  writeDirAtomic(dir, helmChartFiles(opts));
  return dir;
}

export function cleanupCharts(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}
