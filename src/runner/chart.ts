/**
 * The Helm chart `afc install` hands to helm: synthesized by the lead's Helm output
 * (src/synth/helm) for the chosen overlays, written into a folder the caller owns (a temporary one).
 */
import { writeFiles } from '../synth/atomic.js';
import { helmChartFiles } from '../synth/helm/index.js';
import type { K8sObject } from '../kit/objects.js';
import type { SynthOptions } from '../synth/plain.js';

/** Writes the chart into `dir` (created) and returns `dir`; `adjust` as for helmChartFiles. */
export function writeChart(opts: SynthOptions, dir: string, adjust?: (obj: K8sObject) => K8sObject): string {
  writeFiles(dir, helmChartFiles(opts, adjust));
  return dir;
}
