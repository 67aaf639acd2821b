/** The work behind `afc diff` and `afc apply`: synthesize, gather facts, plan, print, apply. */
import type { ClusterCliOptions, DiffCliOptions } from './options.js';
import { processHost, withTempDir, type Host } from '../runner/host.js';
import { execFor, type Exec } from '../runner/exec.js';
import { parsePlatformList } from '../synth/command.js';
import { synthPlainObjects } from '../synth/plain.js';
import { diffObjectSets, type ObjectChange } from './diff.js';
import { reportError } from '../errors.js';
import { CommandExit } from './exit.js';
import { isChartDir, parseManifests, readManifestDir } from './folder.js';
import { isMap, type K8sLike } from './objects.js';
import { renderJson, renderText } from './render.js';
import { InterruptedError, withInterrupts } from '../runner/interrupt.js';

/** The release's objects as `afc synth` renders them (plain), in install order. */
export function desiredObjects(opts: ClusterCliOptions, namespace: string | undefined): K8sLike[] {
  const objects = synthPlainObjects({
    platforms: parsePlatformList(opts.platform ?? []),
    valuesFiles: opts.values ?? [],
    sets: opts.set ?? [],
    release: opts.release,
    namespace,
  }) as K8sLike[];
  return opts.skipMonitors ? objects.filter((o) => o.kind !== 'PodMonitor' && o.kind !== 'ServiceMonitor') : objects;
}

const useColour = (host: Host): boolean => Boolean((host.stdout as { isTTY?: boolean }).isTTY) && !host.env.NO_COLOR;

/** Prints a diff in the chosen form and ends the command with 0 (no differences) or 1. */
export function printDiff(host: Host, changes: readonly ObjectChange[], output: 'text' | 'json', extra: Record<string, unknown> = {}, remarks: string[] = []): never {
  host.stdout.write(output === 'json' ? renderJson(changes, extra) : renderText(changes, { colour: useColour(host), remarks }));
  throw new CommandExit(changes.length > 0 ? 1 : 0);
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
async function earlierOutput(exec: Exec, dir: string, opts: DiffCliOptions): Promise<K8sLike[]> {
  if (!isChartDir(dir)) return readManifestDir(dir);
  const args = ['template', opts.release, dir, ...(opts.namespace ? ['--namespace', opts.namespace] : [])];
  // The chart labels its objects managed-by Helm, plain output managed-by afc (by design): not a difference.
  return parseManifests(await exec.query('helm', args), `helm template ${dir}`).map((o) => asPlainLabels(o) as K8sLike);
}

/**
 * `afc diff`: exit 0 = no differences, 1 = differences, 2 = error (the error printed first); interrupted,
 * 128 + the signal's number (its kubectl child stopped, its temporary folder removed).
 */
export function runDiff(opts: DiffCliOptions, host: Host = processHost()): Promise<void> {
  return withInterrupts(() => diff(opts, host));
}

async function diff(opts: DiffCliOptions, host: Host): Promise<void> {
  try {
    const exec = execFor(host, { verbose: opts.verbose, timeout: opts.timeout });
    if (opts.against !== undefined) {
      const desired = desiredObjects(opts, opts.namespace);
      const before = await earlierOutput(exec, opts.against, opts);
      printDiff(host, diffObjectSets(before, desired, { defaultNamespace: opts.namespace ?? '' }), opts.output, { against: opts.against });
    }
    const { liveDiff } = await import('./live.js');
    const { changes, extra, remarks } = await liveDiff(exec, opts, (f) => withTempDir(host, f));
    printDiff(host, changes, opts.output, extra, remarks);
  } catch (e) {
    if (e instanceof CommandExit) throw e;
    if (e instanceof InterruptedError) throw new CommandExit(reportError(new InterruptedError(e.signal, `${e.message}: afc diff only reads, nothing was changed`)));
    throw new CommandExit(Math.max(2, reportError(e)));
  }
}

