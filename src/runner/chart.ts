/**
 * The Helm chart `afc install` hands to helm: synthesized by the lead's Helm output
 * (src/synth/helm) for the chosen overlays, written into a folder the caller owns (a temporary one).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { helmChartFiles } from '../synth/helm/index.js';
import type { SynthOptions } from '../synth/plain.js';

/** Writes the chart into `dir` (created) and returns `dir`. */
export function writeChart(opts: SynthOptions, dir: string): string {
  for (const [rel, content] of helmChartFiles(opts)) {
    const file = join(dir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}
