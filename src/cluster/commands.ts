/** The work behind `afc diff` and `afc apply`: synthesize, gather facts, plan, print, apply. */
import type { DiffCliOptions } from './options.js';
import { processHost, useColour, withTempDir, type Host } from '../kit/host.js';
import { execFor, type Exec } from '../kit/exec.js';
import { diffObjectSets, type ObjectChange } from '../kit/diff.js';
import { reportError } from '../errors.js';
import { desiredObjects } from './desired.js';
import { isChartDir, readManifestDir } from './folder.js';
import { parseManifests } from '../kit/manifests.js';
import { isMap, type K8sObject } from '../kit/objects.js';
import { renderJson, renderText } from './render.js';
import { InterruptedError, withInterrupts } from '../kit/interrupt.js';

/** Prints a diff in the chosen form and returns the command's exit status: 0 (no differences) or 1. */
export function printDiff(host: Host, changes: readonly ObjectChange[], output: 'text' | 'json', extra: Record<string, unknown> = {}, remarks: string[] = []): number {
  host.stdout.write(output === 'json' ? renderJson(changes, extra) : renderText(changes, { colour: useColour(host), remarks }));
  return changes.length > 0 ? 1 : 0;
}

const MANAGED_BY = 'app.kubernetes.io/managed-by';

/** A copy with every `labels` map's managed-by Helm read as afc (the chart's label → the plain output's). */
export function asPlainLabels(v: unknown, inLabels = false): unknown {
  if (Array.isArray(v)) return v.map((e) => asPlainLabels(e));
  if (!isMap(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, e] of Object.entries(v)) out[k] = inLabels && k === MANAGED_BY && e === 'Helm' ? 'afc' : asPlainLabels(e, k === 'labels');
  return out;
}

/** Reads `--against DIR`: plain manifests, or a chart rendered with `helm template`. */
async function earlierOutput(exec: Exec, dir: string, opts: DiffCliOptions): Promise<K8sObject[]> {
  if (!isChartDir(dir)) return readManifestDir(dir);
  const args = ['template', opts.release, dir, ...(opts.namespace ? ['--namespace', opts.namespace] : [])];
  // The chart labels its objects managed-by Helm, plain output managed-by afc (by design): not a difference.
  return parseManifests(await exec.query('helm', args), `helm template ${dir}`).map((o) => asPlainLabels(o) as K8sObject);
}

/**
 * `afc diff`: returns the exit status, 0 = no differences, 1 = differences, 2 = error (the error printed
 * first); interrupted, 128 + the signal's number (its kubectl child stopped, its temporary folder removed).
 */
export async function runDiff(opts: DiffCliOptions, host: Host = processHost()): Promise<number> {
  try {
    return await withInterrupts(() => diff(opts, host));
  } catch (e) {
    if (e instanceof InterruptedError) return reportError(new InterruptedError(e.signal, `${e.message}: afc diff only reads, nothing was changed`));
    return Math.max(2, reportError(e));
  }
}

async function diff(opts: DiffCliOptions, host: Host): Promise<number> {
  const exec = execFor(host, { verbose: opts.verbose, timeout: opts.timeout });
  if (opts.against !== undefined) {
    const desired = desiredObjects(opts, opts.namespace);
    const before = await earlierOutput(exec, opts.against, opts);
    return printDiff(host, diffObjectSets(before, desired, { defaultNamespace: opts.namespace ?? '' }), opts.output, { against: opts.against });
  }
  const { liveDiff } = await import('./live.js');
  const { changes, extra, remarks } = await liveDiff(exec, opts, (f) => withTempDir(host, f));
  return printDiff(host, changes, opts.output, extra, remarks);
}
