/**
 * `afc prerequisites install|uninstall|status`: inputs checked, facts read (facts.ts), the plan computed
 * (plan.ts), then one executor runs its steps in order (exec.ts: timeouts, process groups, interrupts).
 * `--dry-run` prints each step's `# title: why` line and its command, and runs none; `status` prints
 * what the facts say, one line per component.
 */
import { existsSync, statSync } from 'node:fs';
import { AfcError } from '../../errors.js';
import { expandPath } from '../../kit/host.js';
import { resolveKubeTarget } from '../../kit/context.js';
import { execFor, parseDuration, waitFlag, waitingTimeoutMs, type RunnerOptions } from '../../kit/exec.js';
import { processHost, withTempDir, type Host } from '../../kit/host.js';
import { InterruptedError, withInterrupts } from '../../kit/interrupt.js';
import { writeBuiltinManifests, writeBuiltinValues, writePrometheusIngress } from '../monitoring/builtin.js';
import { runStep } from '../../kit/plan.js';
import { Progress } from '../../kit/progress.js';
import { componentByName, type Component } from './catalog.js';
import { gatherPrereqFacts } from './facts.js';
import { compareVersions, crdState, objectKey, planPrerequisites, releaseChart, selectComponents, type Action, type PrereqFacts, type PrereqPlan, type Source } from './plan.js';

export interface PrerequisitesOptions extends RunnerOptions {
  /** `[KUBECONFIG][:CONTEXT]`; default the current context. */
  readonly context?: string;
  /** Components, comma-separated (ours or upstream's names); repeatable. */
  readonly only?: readonly string[];
  /** `upstream` (default), a folder, or `oci://REGISTRY/PATH`. */
  readonly source?: string;
  readonly force?: boolean;
  readonly replaceMetricsApiService?: boolean;
  /** helm --wait/--timeout and kubectl delete --timeout (default 5m, as upstream). */
  readonly wait?: string;
}

/** `--source`: `upstream`, `oci://...`, or a folder that exists. */
export function parseSource(arg: string | undefined, host: Host): Source {
  if (arg === undefined || arg === 'upstream') return { kind: 'upstream' };
  if (arg.startsWith('oci://')) {
    if (!/^oci:\/\/[^/\s]+(\/[^\s]*)?$/.test(arg)) throw new AfcError(`--source "${arg}" is not an OCI reference: use oci://REGISTRY[/PATH]`);
    return { kind: 'oci', ref: arg };
  }
  const dir = expandPath(arg, host, host.cwd);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new AfcError(`--source "${arg}" is not a folder: give a folder of the pinned files, oci://REGISTRY/PATH, or upstream`);
  return { kind: 'dir', dir };
}

/** The files a `--source DIR` folder must hold for the chosen components (checked before anything runs). */
export function missingSourceFiles(components: readonly Component[], source: Source): string[] {
  if (source.kind !== 'dir') return [];
  const files = components.flatMap((c) => [
    ...(c.kind === 'manifest' && !('builtin' in c.manifest) ? [c.manifest.file] : []),
    ...(c.kind === 'chart' ? [`${c.chart.chart}-${c.chart.version}.tgz`] : []),
    ...(c.kind === 'chart' && c.crds ? [c.crds.manifest.file] : []),
  ]);
  return files.filter((f) => !existsSync(`${source.dir}/${f}`));
}

/** One line per component: what the facts say. */
export function statusLines(components: readonly Component[], facts: PrereqFacts): string[] {
  return components.map((c) => {
    const parts: string[] = [];
    if (c.crds) {
      const installed = c.crds.names.filter((n) => facts.crds.has(n));
      if (installed.length === 0) parts.push('CRDs absent');
      else {
        const versions = [...new Set(installed.map((n) => facts.crds.get(n)!.version ?? 'version unknown'))].join(', ');
        const ours = installed.filter((n) => facts.crds.get(n)!.managedByAfc).length;
        const state = crdState(c.crds, facts);
        parts.push(
          `CRDs ${installed.length}/${c.crds.names.length} at ${versions}${ours > 0 ? ` (${ours} by afc)` : ''}` +
            (state.kind === 'keep' ? ' (kept as they are)' : compareVersions(versions, c.crds.version) === 0 ? '' : `, pinned ${c.crds.version}`),
        );
      }
    }
    if (c.kind === 'chart') {
      const r = facts.releases.get(`${c.namespace}/${c.release}`);
      if (!r) parts.push(`release ${c.namespace}/${c.release} absent`);
      else {
        const { sameChart, version } = releaseChart(r, c.chart.chart);
        parts.push(`release ${c.namespace}/${c.release} ${r.status ?? ''} chart ${r.chart}${sameChart && version !== c.chart.version ? `, pinned ${c.chart.version}` : ''}`.replace(/\s+/g, ' '));
      }
    } else {
      const marker = facts.objects.get(objectKey(c.marker));
      parts.push(marker ? `${c.marker.resource.split('.')[0]} ${c.marker.name} present${marker.managedByAfc ? ' (by afc)' : ''}` : `${c.marker.resource.split('.')[0]} ${c.marker.name} absent`);
    }
    return `${c.name}: ${parts.join('; ')}`;
  });
}

/** Writes the built-in files the plan's steps read. */
function writeBuiltins(components: readonly Component[], dir: string): void {
  for (const c of components) {
    if (c.kind === 'manifest' && 'builtin' in c.manifest) {
      if (c.manifest.builtin === 'prometheus') writeBuiltinManifests('prometheus', dir);
      else writePrometheusIngress(dir);
    }
    if (c.kind === 'chart') for (const v of c.builtinValues ?? []) writeBuiltinValues(v, dir);
  }
}

/** Runs the plan's steps in order; a failure after a deletion names what is gone. */
export async function applyPrerequisites(plan: PrereqPlan, components: readonly Component[], workDir: string, wait: string, exec: ReturnType<typeof execFor>, progress: Progress): Promise<void> {
  writeBuiltins(components, workDir);
  // A program that waits (helm --wait, kubectl delete --timeout) gets at least that long plus 2 minutes.
  const limit = (kind: 'helm' | 'kubectl'): number => waitingTimeoutMs(exec.timeouts[kind], parseDuration(wait) ?? 0);
  const destroyed: string[] = [];
  for (const step of plan.steps) {
    try {
      const waits = step.args.includes('--timeout');
      const opts = waits ? { ...step.opts, timeoutMs: step.opts.timeoutMs ?? limit(step.tool === 'helm' ? 'helm' : 'kubectl') } : step.opts;
      await runStep(exec, progress, { ...step, opts });
      if (step.destroys) destroyed.push(step.destroys);
    } catch (e) {
      if (destroyed.length === 0 || !(e instanceof AfcError)) throw e;
      const message = `${e.message}; already deleted: ${destroyed.join('; ')} (run the same command again to finish)`;
      throw e instanceof InterruptedError ? new InterruptedError(e.signal, message) : new AfcError(message);
    }
  }
}

export function runPrerequisites(action: Action | 'status', opts: PrerequisitesOptions = {}, host: Host = processHost()): Promise<void> {
  return withInterrupts(() => prerequisites(action, opts, host));
}

async function prerequisites(action: Action | 'status', opts: PrerequisitesOptions, host: Host): Promise<void> {
  const exec = execFor(host, opts);
  const progress = new Progress(host, exec.dryRun);
  const components = selectComponents(opts.only, componentByName);
  const source = parseSource(opts.source, host);
  const wait = opts.wait ?? '5m';
  waitFlag(wait, '5m or 90s');
  if (action === 'install') {
    const missing = missingSourceFiles(components, source);
    if (missing.length > 0) {
      throw new AfcError(`--source ${(source as { dir: string }).dir} lacks ${missing.join(', ')}: put the pinned files there (docs: prerequisites), or leave those components out with --only`);
    }
  }
  const target = await resolveKubeTarget(exec, host, opts.context);
  progress.step(`reading the prerequisites of context ${target.context}`);
  const facts = await gatherPrereqFacts(exec, target, components, action === 'status' ? 'uninstall' : action);
  if (action === 'status') {
    host.stdout.write(statusLines(components, facts).map((l) => `${l}\n`).join(''));
    return;
  }
  await withTempDir(host, async (workDir) => {
    const plan = planPrerequisites({ action, components, source, target, workDir, wait, force: opts.force, replaceMetricsApiService: opts.replaceMetricsApiService }, facts);
    for (const note of plan.notes) progress.step(note);
    await applyPrerequisites(plan, components, workDir, wait, exec, progress);
    if (exec.dryRun) progress.step('dry run: nothing was changed');
    else host.stdout.write(`${action === 'install' ? 'Installed' : 'Uninstalled'} ${plan.steps.length === 0 ? 'nothing (all done already)' : components.map((c) => c.name).join(', ')} on context ${target.context}.\n`);
  });
}
