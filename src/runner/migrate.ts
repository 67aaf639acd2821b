/**
 * `afc migrate RELEASE`: adopts a running release of the original afc-int chart in place, with the
 * chart this tool generates, without rolling any pod (unless --allow-rollout).
 *
 * 1. Facts (read-only, in --dry-run too): the context; the release (`helm list`, `helm get metadata`,
 *    the chart's description from `helm get all --template`); its user-supplied values (`helm get
 *    values -o json`), plus the user's --values/--set on top.
 * 2. Plan (pure, migrate-plan.ts): refuse a release that is not of the original chart; validate the
 *    values with the model (an unknown key is an error naming it); split them into synth-time values
 *    (synthesized into the chart) and runtime values (`helm upgrade --reset-values --set-json ...`).
 * 3. Check: render the upgrade (`helm upgrade --dry-run=server -o json`, a query) and compare it with
 *    `helm get manifest` of the running revision, object by object; print the changes; refuse a pod
 *    template change (a rollout) unless --allow-rollout. --dry-run stops here and prints the command.
 * 4. Apply: `helm upgrade --reset-values`. The old revision stays in the release history, so `helm
 *    rollback RELEASE REVISION` returns to the original chart (printed).
 *
 * Plain `helm upgrade RELEASE <generated chart>` fails on the chart's schema (Helm reuses the old values,
 * and the synth-time ones are not values of the generated chart); with `--reset-values` alone it
 * silently drops the runtime values (image tag, Service types): this command passes exactly those.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { openafcVersion } from '../../platforms/versions.js';
import { AfcError, AfcValidationError } from '../errors.js';
import { checkLabel, clone, defaults, mergeValues, parseSet, readValuesFile, releaseNameProblem, validateValues, type Plain } from '../model/index.js';
import { writeDirAtomic } from '../synth/atomic.js';
import { CHART_DESCRIPTION, helmChartFiles } from '../synth/helm/index.js';
import type { K8sObject } from '../kit/objects.js';
import type { SynthOptions } from '../synth/plain.js';
import { chartComponents } from '../synth/helm/values.js';
import { helmTarget, resolveKubeTarget, type KubeTarget } from '../kit/context.js';
import { execFor, waitFlag, waitingTimeoutMs, type Exec, type RunnerOptions } from '../kit/exec.js';
import { helmCli } from './helm.js';
import { appliedServerSide, ownershipProblem, readOwnership } from './ownership.js';
import { withInterrupts } from '../kit/interrupt.js';
import { processHost, withTempDir, type Host } from '../kit/host.js';
import { parseAnswer } from '../kit/answer.js';
import {
  compareManifests,
  describeDiff,
  diffRefusal,
  keepRunningVolumeOrder,
  layerValues,
  parseManifest,
  ORIGINAL_CHART,
  refusal,
  RELEASE_MANIFEST_FIXES,
  renderedManifestFixes,
  setJsonArgs,
  splitValues,
  type ManifestDiff,
  type ReleaseFacts,
  upgradeAdvice,
} from './migrate-plan.js';
import { parseTemplatesAnswer, templatesDigest, TEMPLATES_QUERY } from './original-chart.js';
import { CHART, runPlanned } from '../kit/plan.js';
import { Progress } from '../kit/progress.js';

export interface MigrateOptions extends RunnerOptions {
  readonly namespace?: string;
  /** `[KUBECONFIG][:CONTEXT]` */
  readonly context?: string;
  /** Values files applied on top of the release's values. */
  readonly values?: readonly string[];
  /** `PATH=VALUE` applied last. */
  readonly set?: readonly string[];
  readonly allowRollout?: boolean;
  /** helm --wait --timeout DURATION. */
  readonly wait?: string;
  /** Overwrite the fields other field managers own with the chart's values (else the upgrade is refused). */
  readonly forceConflicts?: boolean;
  /**
   * The OpenAFC version of the release: only fc912b4a (the default), the original chart afc migrate
   * adopts; any other is refused (openafcMigrationProblem). @default "fc912b4a"
   */
  readonly openafc?: string;
}

/**
 * Why `afc migrate --openafc NAME` cannot go ahead, or undefined: the original chart it adopts in place is
 * fc912b4a's, whose values the generated chart reads; a release of upstream's 1.0.x charts is another
 * chart (secrets through External Secrets, env in the pod spec) that afc has no in-place adoption of.
 */
export function openafcMigrationProblem(name: string | undefined): string | undefined {
  const version = openafcVersion(name);
  if (version.model === 'fc912b4a') return undefined;
  return `--openafc ${name}: afc migrate adopts releases of the original afc-int chart (OpenAFC fc912b4a) in place, and has no in-place adoption of a release of OpenAFC ${version.id}'s chart: move it to afc's chart of that version with afc install --openafc ${name} [--upgrade], or drop --openafc`;
}


const listSchema = z.array(z.looseObject({ name: z.string(), namespace: z.string().optional(), chart: z.string().optional() })).nullable();
const metadataSchema = z.looseObject({
  name: z.string(),
  chart: z.string(),
  version: z.string(),
  appVersion: z.string().optional().default(''),
  namespace: z.string(),
  revision: z.number(),
  status: z.string(),
});
const upgradeSchema = z.looseObject({ manifest: z.string().optional().default('') });

/** Where helm looks: context and namespace. */
export interface HelmWhere {
  readonly release: string;
  readonly namespace: string;
  /** `--kube-context C [--kubeconfig F] --namespace NS` */
  readonly args: readonly string[];
  /** For messages: `context/namespace`. */
  readonly label: string;
}

/**
 * The release's facts, or undefined when there is none of that name in the namespace (or, with
 * `onlyChart`, when helm list shows another chart). Reads `helm list`, `helm get metadata -o json` and
 * the chart description (`helm get all --template`).
 */
export async function readRelease(exec: Exec, where: HelmWhere, onlyChart?: string): Promise<ReleaseFacts | undefined> {
  const helm = await helmCli(exec);
  const list = parseAnswer(await exec.query('helm', ['list', '-o', 'json', ...helm.listAll, ...where.args]), listSchema, 'helm list -o json');
  const listed = (list ?? []).find((r) => r.name === where.release);
  if (!listed) return undefined;
  // helm list names the chart as NAME-VERSION: enough to skip the other queries for another chart.
  if (onlyChart !== undefined && !listed.chart?.startsWith(`${onlyChart}-`)) return undefined;
  const meta = parseAnswer(await exec.query('helm', ['get', 'metadata', where.release, '-o', 'json', ...where.args]), metadataSchema, 'helm get metadata -o json');
  const description = (await exec.query('helm', ['get', 'all', where.release, '--template', '{{ .Release.Chart.Metadata.Description }}', ...where.args])).trim();
  if (meta.chart !== ORIGINAL_CHART || description === CHART_DESCRIPTION) return { ...meta, description };
  // A chart named afc-int that is not ours: the original one only if its templates are (original-chart.ts).
  const answer = await exec.query('helm', ['get', 'all', where.release, '--template', TEMPLATES_QUERY, ...where.args]);
  return { ...meta, description, templates: templatesDigest(parseTemplatesAnswer(answer, `helm get all ${where.release} --template (the chart's templates)`)) };
}

/** Whether a release is of the original afc-int chart (not missing, not another chart, not ours). */
export function isOriginalRelease(facts: ReleaseFacts | undefined): boolean {
  return facts !== undefined && refusal({ ...facts, status: 'deployed' }, CHART_DESCRIPTION) === undefined;
}

/** The running revision's objects (`helm get manifest`). */
export async function runningManifest(exec: Exec, where: HelmWhere): Promise<K8sObject[]> {
  return parseManifest(await exec.query('helm', ['get', 'manifest', where.release, ...where.args]), `helm get manifest ${where.release}`, RELEASE_MANIFEST_FIXES);
}

/**
 * Writes the generated chart for a migration into `dir`: the synthesized chart, with the pod volumes in
 * the running order (see keepRunningVolumeOrder). Returns `dir`.
 */
export function writeMigrationChart(opts: SynthOptions, running: readonly K8sObject[], dir: string): string {
  writeDirAtomic(dir, helmChartFiles(opts, keepRunningVolumeOrder<K8sObject>(running)));
  return dir;
}

/**
 * Renders the upgrade (a dry run: nothing changes) and compares it with the running revision; prints
 * the changes on stdout and throws when they cannot be applied as asked. `upgradeArgs` is the whole
 * `helm upgrade ...` argv but the dry-run flags.
 */
export async function checkUpgrade(
  exec: Exec,
  host: Host,
  where: HelmWhere,
  facts: ReleaseFacts,
  running: readonly K8sObject[],
  upgradeArgs: readonly string[],
  allowRollout: boolean,
  rolloutHint?: string,
): Promise<ManifestDiff & { readonly manifest: string }> {
  // A query (it changes nothing), but as long as an upgrade's rendering: the helm kind's time limit.
  const renderedText = await exec.query('helm', [...upgradeArgs, '--dry-run=server', '-o', 'json'], { kind: 'helm', step: `rendering the upgrade of release ${where.release} (helm upgrade --dry-run)` });
  const rendered = parseAnswer(renderedText, upgradeSchema, 'helm upgrade --dry-run -o json');
  const diff = compareManifests(running, parseManifest(rendered.manifest, 'the rendered upgrade', renderedManifestFixes(where.release)), where.namespace);
  host.stdout.write(
    `Changes of release ${where.release} (${where.label}), revision ${facts.revision} of chart ${facts.chart}-${facts.version} → the chart generated by afc:\n` +
      `${describeDiff(diff).join('\n')}\n`,
  );
  const why = diffRefusal(diff, allowRollout, rolloutHint);
  if (why) throw new AfcError(why);
  return { ...diff, manifest: rendered.manifest };
}

/** What `afc install --upgrade` needs to know to upgrade a release. */
export interface InstallUpgrade {
  readonly exec: Exec;
  readonly host: Host;
  readonly target: KubeTarget;
  readonly namespace: string;
  readonly release: string;
  /** The inputs the chart was synthesized from. */
  readonly synth: SynthOptions;
  /** The chart folder (rewritten for a migration). */
  readonly chart: string;
  /** `helm upgrade RELEASE CHART ...` as install runs it (without --wait), the chart's path in. */
  readonly upgradeArgs: readonly string[];
}

/**
 * For `afc install --upgrade`: the release, when it is of the original afc-int chart (then migrated as
 * afc migrate does, and helm gets `--reset-values`: the old values are the original chart's); refused
 * as afc migrate refuses it. Read-only.
 */
export async function originalRelease(exec: Exec, where: HelmWhere): Promise<ReleaseFacts | undefined> {
  const facts = await readRelease(exec, where, ORIGINAL_CHART);
  if (!facts || !isOriginalRelease(facts)) return undefined;
  const why = refusal(facts, CHART_DESCRIPTION);
  if (why) throw new AfcError(why);
  return facts;
}

/**
 * `afc install --upgrade` of a release of the original afc-int chart (`originalRelease`) migrates it
 * like `afc migrate`: the chart keeps the running volume order, the changes are printed and a rollout
 * is refused. `u.upgradeArgs` is the planned upgrade, with its `--reset-values`.
 */
export async function adoptForInstall(u: InstallUpgrade, facts: ReleaseFacts, running: readonly K8sObject[]): Promise<void> {
  const where: HelmWhere = {
    release: u.release,
    namespace: u.namespace,
    args: [...helmTarget(u.target), '--namespace', u.namespace],
    label: `${u.target.context}/${u.namespace}`,
  };
  new Progress(u.host, u.exec.dryRun).step(`release ${u.release} is of the original afc-int chart: migrating it (as afc migrate does)`);
  writeMigrationChart(u.synth, running, u.chart);
  const hint = `migrate it first with afc migrate ${u.release} --allow-rollout, or reinstall without --upgrade`;
  await checkUpgrade(u.exec, u.host, where, facts, running, u.upgradeArgs, false, hint);
  u.host.stdout.write(`The original chart stays revision ${facts.revision} of the release: \`helm rollback ${u.release} ${facts.revision} --namespace ${u.namespace}\` returns to it.\n`);
}

/** The release's values plus the user's files and sets, validated by the model as one configuration. */
export function releaseValues(release: string, supplied: Plain, opts: MigrateOptions, host: Host): { merged: Plain; components: Set<string> } {
  let merged = supplied;
  for (const file of opts.values ?? []) merged = layerValues(merged, readValuesFile(resolve(host.cwd, file)));
  for (const set of opts.set ?? []) merged = layerValues(merged, parseSet(set));
  try {
    const values = validateValues(mergeValues(clone(defaults) as Plain, merged));
    return { merged, components: new Set(chartComponents(values)) };
  } catch (e) {
    if (e instanceof AfcValidationError) {
      throw new AfcValidationError(e.problems.map((p) => `values of release ${release} (helm get values ${release}, then --values/--set): ${p}`));
    }
    throw e;
  }
}

/** `afc migrate`, with interrupts handled (interrupt.ts): helm is stopped with us. */
export function runMigrate(releaseArg: string, opts: MigrateOptions = {}, host: Host = processHost()): Promise<void> {
  return withInterrupts(() => migrate(releaseArg, opts, host));
}

async function migrate(releaseArg: string, opts: MigrateOptions, host: Host): Promise<void> {
  const exec = execFor(host, opts);
  const progress = new Progress(host, exec.dryRun);

  // Checks that need no program.
  const nameProblem = releaseNameProblem(releaseArg);
  if (nameProblem) throw new AfcError(nameProblem);
  const versionProblem = openafcMigrationProblem(opts.openafc);
  if (versionProblem) throw new AfcError(versionProblem);
  const waitMs = opts.wait === undefined ? undefined : waitFlag(opts.wait);
  if (opts.namespace !== undefined) checkLabel('namespace', opts.namespace);

  // Facts.
  progress.step(`reading release ${releaseArg}`);
  const target = await resolveKubeTarget(exec, host, opts.context);
  const namespace = opts.namespace ?? target.namespace;
  const where: HelmWhere = {
    release: releaseArg,
    namespace,
    args: [...helmTarget(target), '--namespace', namespace],
    label: `${target.context}/${namespace}`,
  };
  const facts = await readRelease(exec, where);
  if (!facts) throw new AfcError(`release "${releaseArg}" not found in namespace "${namespace}" of context "${target.context}": check the name, --namespace and --context (helm list -A)`);
  const why = refusal(facts, CHART_DESCRIPTION);
  if (why) throw new AfcError(why);
  const supplied: unknown = parseAnswer(await exec.query('helm', ['get', 'values', releaseArg, '-o', 'json', ...where.args]), z.unknown(), 'helm get values -o json');
  const { merged, components } = releaseValues(releaseArg, supplied === null ? {} : (supplied as Plain), opts, host);

  // Plan.
  const split = splitValues(merged, components);
  // Components name their image repository: synth sees the repositories too (helm gets them as well).
  const synthValues = split.runtime.imageRepositories ? mergeValues(split.synth, { imageRepositories: split.runtime.imageRepositories }) : split.synth;

  await withTempDir(host, async (dir) => {
    const valuesFile = join(dir, 'synth-values.json');
    writeFileSync(valuesFile, `${JSON.stringify(synthValues, null, 2)}\n`);
    const running = await runningManifest(exec, where);
    const chart = writeMigrationChart({ valuesFiles: [valuesFile], release: releaseArg }, running, join(dir, 'afc-int'));
    const upgrade = ['upgrade', releaseArg, chart, ...where.args, '--reset-values', ...setJsonArgs(split.runtime)];

    // Check.
    progress.step(`comparing revision ${facts.revision} of release ${releaseArg} with the generated chart`);
    const { manifest } = await checkUpgrade(exec, host, where, facts, running, upgrade, opts.allowRollout ?? false);
    // The fields of the upgrade other field managers own (ownership.ts): refused unless --force-conflicts.
    const helm = await helmCli(exec);
    const serverSide = appliedServerSide(helm, facts as { applyMethod?: unknown });
    const owners = await withTempDir(host, (tmp) => readOwnership(exec, target, namespace, manifest, tmp, serverSide));
    const problem = ownershipProblem(releaseArg, owners, helm, opts.forceConflicts ?? false);
    if (problem) throw new AfcError(problem);
    if (serverSide && opts.forceConflicts && owners.claimed.length > 0) upgrade.push(...helm.forceConflicts);

    // Apply.
    const wait = opts.wait !== undefined ? [(await helmCli(exec)).wait, '--timeout', opts.wait] : [];
    // helm stops waiting at --wait; its own time limit is at least that plus two minutes.
    const timeoutMs = waitingTimeoutMs(exec.timeouts.helm, waitMs);
    // The planned argv names the chart CHART (its temporary folder is gone after the run: --dry-run prints
    // the placeholder); the executor puts the real folder in (kit/plan.ts resolveArgs).
    await runPlanned(
      exec,
      progress,
      {
        tool: 'helm',
        args: [...upgrade.map((a) => (a === chart ? CHART : a)), ...wait],
        opts: { step: `upgrading release ${releaseArg}`, timeoutMs },
        announce: { text: `upgrading release ${releaseArg} in ${where.label}`, long: true },
      },
      { [CHART]: chart },
    );
  });

  const rollback = `helm rollback ${releaseArg} ${facts.revision} --namespace ${namespace} --kube-context ${target.context}`;
  if (exec.dryRun) {
    host.stdout.write(`Dry run: nothing was changed (CHART stands for the generated chart, written to a temporary folder). After the upgrade, \`${rollback}\` returns to the original chart.\n`);
    return;
  }
  const after = parseAnswer(await exec.query('helm', ['get', 'metadata', releaseArg, '-o', 'json', ...where.args]), metadataSchema, 'helm get metadata -o json');
  host.stdout.write(
    `Release '${releaseArg}' migrated in place: revision ${after.revision} of chart ${after.chart}-${after.version} generated by afc.\n` +
      `The original chart is revision ${facts.revision} in the release history: \`${rollback}\` returns to it.\n` +
      upgradeAdvice(releaseArg, target, namespace),
  );
}
