/**
 * `afc install RELEASE`: (re)installs AFC into a k3d cluster with helm, as the original helm_install
 * script did, from a chart synthesized for the chosen overlays. Facts → plan → apply:
 *
 * 1. `installInputs`: checks that need no program (flags, names, values files and --set, resolved and
 *    validated once, node port names, the checkout for --build/--preload-ratdb).
 * 2. `gatherInstallFacts`: read-only queries: the context (must be a k3d cluster's), the ports the k3d
 *    cluster maps (without --expose), the registry (with --tag), the releases; with --upgrade of an
 *    existing release its running manifest and whether it is of the original afc-int chart.
 * 3. `planInstall`: pure. The steps with their final argv and why: the server-side check of the new
 *    chart (`helm install --dry-run=server`, run before anything changes, in --dry-run too), build, push,
 *    `helm uninstall` of an existing release (unless --upgrade: `helm upgrade`, with `--reset-values`
 *    for a release of the original chart), `helm install`, the ratdb preload after a fresh install. The
 *    chart's path is --keep-chart DIR, else the placeholder `CHART` (a temporary folder made when the
 *    plan is applied, put in by the executor, kit/plan.ts), so the plan is deterministic and is what
 *    --dry-run prints.
 * 4. `applyInstall`: writes the chart, runs the check, then the steps (kit/plan.ts `runStep`); a failure
 *    or an interrupt after the uninstall says that the old release is gone and how to get it back.
 *
 * helm gets the runtime values the script passed with --set, in the script's order: image tag, k3d
 * registry path and repository override (with --tag), NodePort for each exposed component (sorted),
 * worker maxReplicas (--max-workers, else CPUs // AFC_WORKER_CELERY_CONCURRENCY). In the script the
 * user's --values/--set came after the first three kinds and so won over them; here they are baked
 * into the chart, so a runtime --set for a path the user sets is left out (same result).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { builtinPlatforms } from '../../platforms/index.js';
import { openafcVersion, type OpenafcVersion } from '../../platforms/versions.js';
import { AfcError } from '../errors.js';
import { mergeValues, parseSet, platformName, readValuesFile, resolveValues, valueAt, type Plain, type Values } from '../model/index.js';
import { writeChart } from './chart.js';
import { makeFakeSecrets, type FakeSecrets } from './fake-secrets.js';
import { openafcValues } from '../synth/plain.js';
import { writeFileSync } from 'node:fs';
import { libraryYaml } from '../kit/yaml.js';
import type { PlatformRegistry } from '../model/overlay.js';
import { parentFor } from '../kit/applyset.js';
import { checkNamespace, helmTarget, k3dClusterOf, kubectlTarget, resolveKubeTarget, type KubeTarget } from '../kit/context.js';
import { execFor, parseDuration, waitFlag, waitingTimeoutMs, type Exec, type RunnerOptions } from '../kit/exec.js';
import { helmCli, type HelmCli } from './helm.js';
import { appliedServerSide, ownershipProblem, readOwnership } from './ownership.js';
import { CHART, resolveArgs, runStep, showStep, type Placeholders, type RunStep } from '../kit/plan.js';
import { processHost, withTempDir, type Host } from '../kit/host.js';
import { pushImages } from './images.js';
import type { K8sObject } from '../kit/objects.js';
import { adoptForInstall, originalRelease, runningManifest } from './migrate.js';
import { keepRunningVolumeOrder, type ReleaseFacts } from './migrate-plan.js';
import { InterruptedError, withInterrupts } from '../kit/interrupt.js';
import { clusterPortMappings, listClusters } from './k3d.js';
import { parseAnswer } from '../kit/answer.js';
import { checkoutRoot, imageTag, releaseFromArg } from './names.js';
import { knownNodePort, nodePortCatalog, nodePortName, type NodePortCatalog } from './ports.js';
import { Progress } from '../kit/progress.js';
import { planPreload, preloadRatdb, ratdbSourceRoot, type PreloadPlan } from './ratdb.js';
import { externalRegistry, findRegistry, type Registry } from './registry.js';

/** Image build script of the checkout (root, tag, push flag), as the original script ran it. */
export const BUILD_SCRIPT = 'tests/regression/build_imgs.sh';
/** Values path of the worker engines per pod, and of the worker autoscaler's maximum. */
export const ENGINES_PER_WORKER = 'configmaps.worker.AFC_WORKER_CELERY_CONCURRENCY';
export const MAX_WORKERS = 'components.worker.hpa.maxReplicas';
/** OpenAFC 1.0.x: the engines per worker (helm_install_int.py's ENGINES_PER_WORKER_PATH). */
export const ENGINES_PER_WORKER_1_0 = 'components.worker.env.AFC_WORKER_CELERY_CONCURRENCY';
/** OpenAFC 1.0.x: the imageRepositories key helm_install_int.py sets for its pull registry. */
export const CUSTOM_REGISTRY = 'custom_registry';
/** Name of the chart folder (helm takes the chart's name from Chart.yaml, not from it). */
const CHART_DIR = 'afc-int';

export interface InstallOptions extends RunnerOptions {
  readonly tag?: string;
  readonly build?: boolean;
  readonly push?: boolean;
  readonly http?: boolean;
  readonly noSecrets?: boolean;
  /** Node port names or numbers (comma-separated lists) whose components become NodePort. */
  readonly expose?: readonly string[];
  /** helm --timeout for --wait, e.g. 5m. */
  readonly wait?: string;
  readonly preloadRatdb?: boolean;
  readonly upgrade?: boolean;
  readonly maxWorkers?: number | string;
  readonly k3dReg?: string;
  readonly values?: readonly string[];
  readonly set?: readonly string[];
  /** `[KUBECONFIG][:CONTEXT]` */
  readonly context?: string;
  readonly namespace?: string;
  /** ratdb pod name stem for --preload-ratdb. */
  readonly podStem?: string;
  /** Write the chart into this folder (new or empty) and keep it, instead of a temporary folder. */
  readonly keepChart?: string;
  /** With --upgrade: overwrite fields other managers own with the chart's values (else the upgrade is refused). */
  readonly forceConflicts?: boolean;
  /** The OpenAFC version of the chart (platforms/versions.ts). @default "fc912b4a" */
  readonly openafc?: string;
  /** OpenAFC 1.0.x: the platforms mtls, msghnd, devel (helm_install_int.py --mtls, --msghnd, --devel). */
  readonly mtls?: boolean;
  readonly msghnd?: boolean;
  readonly devel?: boolean;
  /** OpenAFC 1.0.x: `[STORE][:FILE|DIR]`, a fake provider for a secret store (fake-secrets.ts); "" for the defaults. */
  readonly fakeSecrets?: string;
  /** Uninstall the release (if installed) and install nothing. */
  readonly uninstall?: boolean;
  /** With --tag: the registry (HOST[:PORT][/PATH]) the cluster pulls the images from, instead of a k3d registry. */
  readonly registry?: string;
  /** With --registry and --push/--build: where the images are pushed, when not the pull registry. */
  readonly pushRegistry?: string;
}

const hasPath = (values: unknown, path: string): boolean => {
  const keys = path.split('.');
  const parent = valueAt(values, keys.slice(0, -1).join('.'));
  return typeof parent === 'object' && parent !== null && keys.at(-1)! in parent;
};

interface ValuesInputs {
  readonly platforms: string[];
  readonly valuesFiles: string[];
}

/**
 * --values files: a path, or a bare name looked up in the working folder; a bare `values-X.yaml` that
 * is not there names the platform overlay X (the original chart folder's values-http.yaml etc.).
 */
function valuesInputs(files: readonly string[], host: Host, registry: PlatformRegistry = builtinPlatforms): ValuesInputs {
  const out: ValuesInputs = { platforms: [], valuesFiles: [] };
  for (const f of files) {
    const path = resolve(host.cwd, f);
    if (existsSync(path)) {
      if (!statSync(path).isFile()) throw new AfcError(`--values "${f}" is not a file`);
      out.valuesFiles.push(path);
      continue;
    }
    const m = basename(f) === f ? /^values-(.+)\.yaml$/.exec(f) : null;
    if (m) {
      try {
        out.platforms.push(platformName(m[1]!, registry));
        continue;
      } catch {
        // not a platform either: reported below
      }
    }
    throw new AfcError(`--values "${f}" not found (a bare values-PLATFORM.yaml names a platform overlay): check the path`);
  }
  return out;
}

/** CPUs // engines per worker, or undefined when the values set no positive integer. */
function defaultMaxWorkers(values: Values, cpus: number, path = ENGINES_PER_WORKER): number | undefined {
  const raw = valueAt(values, path);
  const engines = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : undefined;
  if (engines === undefined || !Number.isInteger(engines) || engines <= 0) return undefined;
  return Math.floor(cpus / engines);
}

function maxWorkersFlag(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n)) throw new AfcError(`--max-workers "${value}" is not a whole number: give the maximum number of worker pods`);
  return n;
}

/** The component of an --expose item: a known node port name, or a node port number of a component. */
function exposedComponent(catalog: NodePortCatalog, item: string): string {
  if (/^\d+$/.test(item)) {
    const known = nodePortName(catalog, Number(item));
    if (!known) {
      const names = [...catalog.byName.values()].map((k) => `${k.name} (${k.nodePort})`).sort().join(', ');
      throw new AfcError(`--expose: node port ${item} belongs to no component: use one of ${names}`);
    }
    return known.component;
  }
  return knownNodePort(catalog, item).component;
}

/** A folder for --keep-chart: absent (created) or empty; anything else is the user's and is refused. */
function keepChartDir(arg: string, host: Host): string {
  const dir = resolve(host.cwd, arg);
  if (arg === '' || (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0))) {
    throw new AfcError(`--keep-chart "${arg}" is not a new or empty folder: name a folder that does not exist yet (afc writes the chart into it)`);
  }
  return dir;
}

/** What `afc install` was asked to do, checked, with no program run yet. */
export interface InstallInputs {
  readonly release: string;
  readonly tag?: string;
  readonly build: boolean;
  readonly push: boolean;
  readonly upgrade: boolean;
  readonly wait?: string;
  readonly preloadRatdb: boolean;
  readonly podStem?: string;
  /** --namespace, checked. */
  readonly namespace?: string;
  /** Chart inputs: overlays, values files, --set. */
  readonly platforms: readonly string[];
  readonly valuesFiles: readonly string[];
  readonly sets: readonly string[];
  /** The merged values (validated once) and the user's own overlay (the paths they set). */
  readonly values: Values;
  readonly userOverlay: Plain;
  /** Components of --expose, when given. */
  readonly exposeComponents?: readonly string[];
  readonly maxWorkersFlag?: number;
  /** The OpenAFC checkout (--build, --preload-ratdb). */
  readonly root?: string;
  readonly keepChart?: string;
  readonly context?: string;
  readonly k3dReg?: string;
  readonly forceConflicts: boolean;
  /** The OpenAFC version of the chart. */
  readonly version: OpenafcVersion;
  /** --fake-secrets, read and checked (OpenAFC 1.0.x). */
  readonly fakeSecrets?: FakeSecrets;
  readonly uninstall: boolean;
  /** --registry / --push-registry, checked (a registry given by address). */
  readonly externalRegistry?: Registry;
}

/** The flags only the 1.0.x versions have, with the platform each one names. */
const VERSION_FLAGS = [
  ['mtls', 'mtls'],
  ['msghnd', 'msghnd'],
  ['devel', 'devel'],
] as const;

export function installInputs(releaseArg: string, opts: InstallOptions, host: Host): InstallInputs {
  if ((opts.build || opts.push) && opts.tag === undefined) {
    throw new AfcError(`--${opts.build ? 'build' : 'push'} needs --tag (the tag the images are built or pushed with), e.g. --tag AUTO`);
  }
  if (opts.preloadRatdb && opts.wait === undefined) {
    throw new AfcError('--preload-ratdb needs --wait DURATION (ratdb must be running before it is filled), e.g. --wait 5m');
  }
  if (opts.wait !== undefined) waitFlag(opts.wait);
  const release = releaseFromArg(releaseArg, host);
  const tag = opts.tag === undefined ? undefined : imageTag(opts.tag, host);
  const maxWorkers = maxWorkersFlag(opts.maxWorkers);
  const namespace = opts.namespace === undefined ? undefined : checkNamespace(opts.namespace, '--namespace');
  const version = openafcVersion(opts.openafc);
  if (version.model === 'fc912b4a') {
    const given = [...VERSION_FLAGS.filter(([flag]) => opts[flag]).map(([flag]) => `--${flag}`), ...(opts.fakeSecrets !== undefined ? ['--fake-secrets'] : [])];
    if (given.length > 0) {
      throw new AfcError(`${given.join(', ')}: OpenAFC ${version.id} has no such overlay (its chart has no External Secrets, mTLS, msghnd switch or devel values): add --openafc 1.0.3.0 (or 1.0.1.0, main)`);
    }
  }
  if (opts.registry !== undefined && opts.k3dReg !== undefined) {
    throw new AfcError('--registry names the registry by address and --k3d-reg picks a running k3d registry: give one of them');
  }
  if (opts.registry !== undefined && opts.tag === undefined) throw new AfcError('--registry needs --tag (the tag of the images pulled from it), e.g. --tag AUTO');
  if (opts.pushRegistry !== undefined && (opts.registry === undefined || !(opts.build || opts.push))) {
    throw new AfcError('--push-registry is where --push/--build push the images when the cluster pulls them from --registry: give it with --registry and --push (or --build)');
  }
  const externalReg = opts.registry === undefined ? undefined : externalRegistry(opts.registry, opts.pushRegistry);
  if (opts.uninstall) {
    const extra = (['tag', 'build', 'push', 'preloadRatdb', 'upgrade', 'keepChart', 'fakeSecrets', 'registry', 'pushRegistry'] as const).filter((k) => opts[k] !== undefined && opts[k] !== false);
    if (extra.length > 0) throw new AfcError(`--uninstall installs nothing, so ${extra.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} cannot go with it: drop them`);
  }
  const user = valuesInputs(opts.values ?? [], host, version.platforms as PlatformRegistry);
  const sets = [...(opts.set ?? [])];
  const platforms = [
    'k3d',
    ...(opts.noSecrets ? ['no_secrets'] : []),
    ...(opts.http ? ['http'] : []),
    ...VERSION_FLAGS.filter(([flag]) => opts[flag]).map(([, platform]) => platform),
    ...user.platforms,
  ];
  const values =
    version.model === 'fc912b4a'
      ? resolveValues({ platforms, valuesFiles: user.valuesFiles, sets }, builtinPlatforms)
      : (openafcValues({ platforms, valuesFiles: user.valuesFiles, sets, openafc: version.id }, version).values as unknown as Values);
  const fakeSecrets =
    opts.fakeSecrets === undefined ? undefined : makeFakeSecrets(opts.fakeSecrets, values as { secretStores?: Record<string, unknown> }, host.cwd, checkoutRoot(host));
  const catalog = nodePortCatalog(values);
  const exposeItems = (opts.expose ?? []).flatMap((e) => e.split(',')).filter((n) => n.length > 0);
  const exposeComponents = exposeItems.map((n) => exposedComponent(catalog, n));
  const root = opts.build || opts.preloadRatdb ? checkoutRoot(host) : undefined;
  if (opts.build && !existsSync(join(root!, BUILD_SCRIPT))) {
    throw new AfcError(`${join(root!, BUILD_SCRIPT)} not found: --build needs an OpenAFC checkout (run from one or set AFC_SOURCE_ROOT)`);
  }
  if (opts.preloadRatdb) ratdbSourceRoot(host);
  const userOverlay = [...user.valuesFiles.map(readValuesFile), ...sets.map(parseSet)].reduce<Plain>((acc, o) => mergeValues(acc, o), {});
  return {
    release,
    tag,
    build: opts.build ?? false,
    push: opts.push ?? false,
    upgrade: opts.upgrade ?? false,
    wait: opts.wait,
    preloadRatdb: opts.preloadRatdb ?? false,
    podStem: opts.podStem,
    namespace,
    platforms,
    valuesFiles: user.valuesFiles,
    sets,
    values,
    userOverlay,
    exposeComponents: opts.expose !== undefined && opts.expose.length > 0 ? exposeComponents : undefined,
    maxWorkersFlag: maxWorkers,
    root,
    keepChart: opts.keepChart === undefined ? undefined : keepChartDir(opts.keepChart, host),
    context: opts.context,
    k3dReg: opts.k3dReg,
    forceConflicts: opts.forceConflicts ?? false,
    version,
    ...(fakeSecrets ? { fakeSecrets } : {}),
    uninstall: opts.uninstall ?? false,
    ...(externalReg ? { externalRegistry: externalReg } : {}),
  };
}

const metadataSchema = z.looseObject({ applyMethod: z.string().optional() });
const releasesSchema = z.array(z.looseObject({ name: z.string(), revision: z.union([z.string(), z.number()]).nullish(), chart: z.string().nullish() })).nullable();

/** What the cluster and the machine told, by read-only queries. */
export interface InstallFacts {
  readonly target: KubeTarget;
  /** The k3d cluster of the context. */
  readonly cluster: string;
  readonly namespace: string;
  /** Components whose Services become NodePort (sorted). */
  readonly exposed: readonly string[];
  readonly registry?: Registry;
  /** The release as helm lists it, when it exists. */
  readonly existing?: { readonly revision?: string; readonly chart?: string };
  readonly cpus: number;
  /** The helm of this run (`helm version`): its major decides the argv. */
  readonly helm: HelmCli;
  /** With --upgrade of an existing release: whether Helm 4 applies it server-side (applyMethod ssa). */
  readonly serverSide: boolean;
  /** The parent Secret of an `afc apply` ApplySet of this release in the namespace, when there is one. */
  readonly applySet?: string;
  /**
   * With --upgrade of an existing release: its running manifest (the chart keeps its pod volume order:
   * a release afc migrate adopted runs the original chart's random order, and reordering would replace
   * its pods).
   */
  readonly running?: readonly K8sObject[];
  /** With --upgrade: the release, when it is of the original afc-int chart (migrated as afc migrate does). */
  readonly original?: ReleaseFacts;
  /** With --preload-ratdb: the suffix of its temporary image and container names. */
  readonly preloadSuffix?: string;
}

export async function gatherInstallFacts(inputs: InstallInputs, exec: Exec, progress: Progress): Promise<InstallFacts> {
  const { host } = exec;
  progress.step('checking the context, the k3d cluster, the registry and the release');
  const target = await resolveKubeTarget(exec, host, inputs.context);
  const cluster = k3dClusterOf(target);
  const namespace = inputs.namespace ?? target.namespace;
  let exposed: string[];
  if (inputs.exposeComponents !== undefined) exposed = [...inputs.exposeComponents];
  else {
    const found = (await listClusters(exec)).find((c) => c.name === cluster);
    if (!found) {
      throw new AfcError(`k3d cluster "${cluster}" (of context ${target.context}) is not listed by k3d: name the ports to expose with --expose`);
    }
    const catalog = nodePortCatalog(inputs.values);
    exposed = [...clusterPortMappings(found).values()].flatMap((p) => {
      const known = nodePortName(catalog, p);
      return known ? [known.component] : [];
    });
  }
  if (inputs.k3dReg !== undefined && inputs.tag === undefined) progress.warn('--k3d-reg is used only with --tag: ignored');
  const registry = inputs.tag === undefined ? undefined : (inputs.externalRegistry ?? (await findRegistry(exec, inputs.k3dReg)));
  const helm = await helmCli(exec);
  const releases = parseAnswer(
    await exec.query('helm', ['list', '-o', 'json', ...helm.listAll, ...helmTarget(target), '--namespace', namespace]),
    releasesSchema,
    'helm list -o json',
  );
  const found = (releases ?? []).find((r) => r.name === inputs.release);
  // A release afc apply drives (its ApplySet parent) is not helm's to install over.
  const parent = parentFor(inputs.release, namespace);
  const applySet = (
    await exec.query('kubectl', ['get', 'secret', parent.name, '--namespace', namespace, '--ignore-not-found', '-o', 'name', ...kubectlTarget(target)])
  ).trim();
  // How Helm 4 would upgrade it (--server-side=auto: the method of its last revision).
  const serverSide =
    found !== undefined && inputs.upgrade && helm.major === 4
      ? appliedServerSide(
          helm,
          parseAnswer(await exec.query('helm', ['get', 'metadata', inputs.release, '-o', 'json', ...helmTarget(target), '--namespace', namespace]), metadataSchema, 'helm get metadata -o json'),
        )
      : false;
  const upgrading = found !== undefined && inputs.upgrade;
  const where = { release: inputs.release, namespace, args: [...helmTarget(target), '--namespace', namespace], label: `${target.context}/${namespace}` };
  const running = upgrading ? await runningManifest(exec, where) : undefined;
  const original = upgrading ? await originalRelease(exec, where) : undefined;
  return {
    target,
    cluster,
    namespace,
    exposed: [...new Set(exposed)].sort(),
    registry,
    existing: found ? { revision: found.revision == null ? undefined : String(found.revision), chart: found.chart ?? undefined } : undefined,
    cpus: host.cpus(),
    helm,
    serverSide,
    ...(applySet !== '' ? { applySet: parent.name } : {}),
    ...(running !== undefined ? { running } : {}),
    ...(original !== undefined ? { original } : {}),
    ...(inputs.preloadRatdb ? { preloadSuffix: host.randomSuffix() } : {}),
  };
}

/** One step of a plan: a program with its argv, or a composite step that runs several (push, preload). */
export type InstallStep =
  | RunStep
  | { readonly kind: 'push-images'; readonly title: string; readonly why: string; readonly afterBuild: boolean }
  | { readonly kind: 'preload-ratdb'; readonly title: string; readonly why: string; readonly preload: PreloadPlan };

export interface InstallPlan {
  readonly release: string;
  readonly verb: 'install' | 'upgrade';
  /** The server-side validation of the new chart, before any step (a query: runs in --dry-run too). */
  readonly check: RunStep;
  readonly steps: readonly InstallStep[];
  /** How to get the old release back if a step after its uninstall fails. */
  readonly restore: string;
  /** The chart folder in the argv: --keep-chart DIR, else the placeholder CHART. */
  readonly chart: string;
  /**
   * With --upgrade of a release of the original chart: `helm upgrade` as planned (without --wait), for
   * afc migrate's check (runner/migrate.ts adoptForInstall), done when applied.
   */
  readonly adoption?: { readonly upgradeArgs: readonly string[] };
  /** What stdout says when done. */
  readonly summary: string;
  /**
   * With --upgrade of an existing release: check the fields of the rendered upgrade that other managers
   * own on the live objects (ownership.ts), after the server-side check and before the upgrade.
   */
  readonly ownershipCheck: boolean;
}

/** helm's timeout: its kind's, but at least --wait + 2 minutes (helm itself stops waiting at --wait). */
export function helmTimeoutMs(helmDefault: number, wait: string | undefined): number {
  return waitingTimeoutMs(helmDefault, wait === undefined ? undefined : parseDuration(wait) ?? 0);
}

/** The plan of `afc install` from its inputs and facts: pure. */
export function planInstall(inputs: InstallInputs, facts: InstallFacts, helmTimeout: number): InstallPlan {
  const { release, tag } = inputs;
  const { registry, target, namespace, helm } = facts;
  if (facts.applySet !== undefined) {
    throw new AfcError(
      `release ${release} in namespace ${namespace} is driven by afc apply (its ApplySet parent Secret ${facts.applySet} exists), nothing was changed: keep using afc apply for it, or install under another release name`,
    );
  }
  const v10 = inputs.version.model === '1.0';
  const maxWorkers = inputs.maxWorkersFlag ?? defaultMaxWorkers(inputs.values, facts.cpus, v10 ? ENGINES_PER_WORKER_1_0 : ENGINES_PER_WORKER);
  // The runtime values, in the script's order (helm_install_int.py's paths for 1.0.x); those the user's
  // overlays set are theirs.
  const imageSets: [string, string][] =
    tag === undefined || registry === undefined
      ? []
      : v10
        ? [
            ['components.default.imageTag', tag],
            ['components.default.imageRepositoryKeyOverride', CUSTOM_REGISTRY],
            [`imageRepositories.${CUSTOM_REGISTRY}.path`, registry.address],
          ]
        : [
            ['components.default.imageTag', tag],
            ['imageRepositories.k3d.path', registry.address],
            ['components.default.imageRepositoryKeyOverride', 'k3d'],
          ];
  const runtime: [string, string][] = [
    ...imageSets,
    ...facts.exposed.map((c): [string, string] => [v10 ? `components.${c}.service.type` : `components.${c}.serviceType`, 'NodePort']),
  ].filter(([path]) => !hasPath(inputs.userOverlay, path));
  if (maxWorkers !== undefined && maxWorkers > 0) runtime.push([MAX_WORKERS, String(maxWorkers)]);
  const setArgs = runtime.flatMap(([path, value]) => ['--set', `${path}=${value}`]);
  const where = [...helmTarget(target), '--namespace', namespace];
  const existed = facts.existing !== undefined;
  const verb = existed && inputs.upgrade ? 'upgrade' : 'install';
  const wait = inputs.wait !== undefined ? [helm.wait, '--timeout', inputs.wait] : [];
  // Helm 4 takes the fields over only when asked (Helm 3's client-side merge overwrites them anyway).
  const force = verb === 'upgrade' && inputs.forceConflicts && facts.serverSide ? helm.forceConflicts : [];
  // A release of the original chart: its old values are that chart's (afc migrate's rule).
  // Only a fc912b4a chart adopts a release of the original chart (afc migrate's path).
  const reset = verb === 'upgrade' && facts.original !== undefined && !v10 ? ['--reset-values'] : [];
  const chart = inputs.keepChart ?? CHART;
  const helmOpts = { kind: 'helm' as const, timeoutMs: helmTimeout };
  const steps: InstallStep[] = [];
  if (inputs.build) {
    steps.push({
      kind: 'run',
      title: `building the AFC images with tag ${tag}`,
      why: '--build',
      tool: join(inputs.root!, BUILD_SCRIPT),
      args: [inputs.root!, tag!, '0'],
      opts: { cwd: inputs.root, kind: 'build', step: `building the AFC images with tag ${tag}` },
    });
  }
  if (inputs.build || inputs.push) {
    steps.push({
      kind: 'push-images',
      title: `pushing the images with tag ${tag} to ${registry!.push ?? registry!.address}`,
      why: inputs.build ? '--build: the built images go to the k3d registry' : '--push',
      afterBuild: inputs.build,
    });
  }
  if (existed && !inputs.upgrade) {
    // --wait: the old objects (Services with fixed node ports among them) must be gone before the new
    // ones are created.
    steps.push({
      kind: 'run',
      title: `uninstalling release ${release}`,
      why: `release ${release} exists and --upgrade was not given: a fresh install replaces it`,
      tool: 'helm',
      args: ['uninstall', release, ...where, helm.wait],
      opts: { ...helmOpts, step: `uninstalling release ${release}` },
      destroys: `release ${release}`,
    });
  }
  const installTitle = `${verb === 'upgrade' ? 'upgrading' : 'installing'} release ${release}`;
  steps.push({
    kind: 'run',
    title: `${installTitle} in ${target.context}/${namespace}`,
    why: verb === 'upgrade' ? `release ${release} exists and --upgrade was given` : existed ? 'the fresh install' : `release ${release} does not exist yet`,
    tool: 'helm',
    args: [verb, release, chart, ...where, ...setArgs, ...reset, ...force, ...wait],
    opts: { ...helmOpts, step: installTitle },
  });
  if (inputs.preloadRatdb && verb === 'install') {
    const preload = planPreload({ target, namespace, podStem: inputs.podStem, root: inputs.root! }, facts.preloadSuffix ?? '');
    steps.push({ kind: 'preload-ratdb', title: 'filling ratdb from the test database', why: '--preload-ratdb after a fresh install', preload });
  }
  const check: RunStep = {
    kind: 'run',
    title: `checking the new chart against the cluster (helm ${verb} ${helm.dryRunServer})`,
    why: 'every check runs before anything is changed',
    tool: 'helm',
    args: [verb, release, chart, ...where, ...setArgs, ...reset, ...force, helm.dryRunServer, '-o', 'json'],
    opts: { kind: 'helm', step: `checking the new chart of release ${release} against the cluster` },
  };
  const revision = facts.existing?.revision !== undefined ? ` (it was revision ${facts.existing.revision}${facts.existing.chart ? ` of ${facts.existing.chart}` : ''})` : '';
  return {
    release,
    verb,
    check,
    steps,
    chart,
    ...(reset.length > 0 ? { adoption: { upgradeArgs: ['upgrade', release, chart, ...where, ...setArgs, ...force, ...reset] } } : {}),
    ownershipCheck: verb === 'upgrade',
    restore: `the old release ${release} was uninstalled before this step and is gone${revision}: fix the cause, then run this afc install again to install it anew`,
    summary:
      `Release '${release}' ${verb === 'upgrade' ? 'upgraded' : 'installed'} in namespace '${namespace}' of context '${target.context}'.\n` +
      `NodePort components: ${facts.exposed.join(', ') || 'none'} (host ports: afc cluster ports ${facts.cluster}).\n`,
  };
}

const checkSchema = z.looseObject({ manifest: z.string().optional().default('') });

/** The model's warning (synth/plain.ts openafcValues) when no image tag is in the values. */
const NO_TAG_WARNING = /^OpenAFC \S+: no image tag given/;

/** Runs the plan: the check first, then the steps; later failures say what earlier steps destroyed. */
export async function applyInstall(plan: InstallPlan, inputs: InstallInputs, facts: InstallFacts, exec: Exec, progress: Progress): Promise<void> {
  let fakeSecretsFile: string | undefined;
  const run = async (dir: string): Promise<void> => {
    // The placeholder's folder (none when the plan names the kept folder itself).
    const paths: Placeholders = plan.chart === CHART ? { [CHART]: dir } : {};
    const synth = {
      platforms: [...inputs.platforms],
      valuesFiles: [...inputs.valuesFiles, ...(fakeSecretsFile !== undefined ? [fakeSecretsFile] : [])],
      sets: [...inputs.sets],
      release: plan.release,
      // The model's warnings; its "no image tag given" does not hold with --tag (a runtime value here).
      ...(inputs.version.model === '1.0' ? { openafc: inputs.version.id, warn: (l: string) => (inputs.tag !== undefined && NO_TAG_WARNING.test(l) ? undefined : progress.warn(l)) } : {}),
    };
    writeChart(synth, dir, facts.running ? keepRunningVolumeOrder<K8sObject>(facts.running) : undefined);
    if (inputs.keepChart !== undefined) progress.step(`the chart is in ${dir} (kept)`);
    // A release of the original afc-int chart is migrated as afc migrate does (it rewrites the chart
    // and checks the upgrade).
    if (plan.adoption && facts.original && facts.running) {
      const upgradeArgs = resolveArgs(plan.adoption.upgradeArgs, paths);
      await adoptForInstall({ exec, host: exec.host, target: facts.target, namespace: facts.namespace, release: plan.release, synth, chart: dir, upgradeArgs }, facts.original, facts.running);
    }
    progress.step(plan.check.title);
    const checked = await exec.query(plan.check.tool, resolveArgs(plan.check.args, paths), plan.check.opts);
    if (plan.ownershipCheck) {
      progress.step(`checking who owns the fields the upgrade of release ${plan.release} sets`);
      const manifest = parseAnswer(checked, checkSchema, `helm upgrade ${facts.helm.dryRunServer} -o json`).manifest;
      const owners = await withTempDir(exec.host, (tmp) => readOwnership(exec, facts.target, facts.namespace, manifest, tmp, facts.serverSide));
      const problem = ownershipProblem(plan.release, owners, facts.helm, inputs.forceConflicts);
      if (problem) throw new AfcError(problem);
      if (owners.claimed.length > 0) progress.warn(`--force-conflicts: the upgrade overwrites ${owners.claimed.length} field(s) other managers own`);
    }
    const destroyed: string[] = [];
    for (const step of plan.steps) {
      try {
        if (step.kind === 'run') {
          await runStep(exec, progress, step, paths);
          if (step.destroys) destroyed.push(step.destroys);
        } else if (step.kind === 'push-images') {
          showStep(exec, step);
          await pushImages(exec, progress, facts.registry!, inputs.tag!, step.afterBuild);
        } else {
          showStep(exec, step);
          await preloadRatdb(exec, progress, { target: facts.target, namespace: facts.namespace, podStem: inputs.podStem, root: inputs.root!, podUnknown: true }, step.preload);
        }
      } catch (e) {
        if (destroyed.length === 0 || !(e instanceof AfcError)) throw e;
        const message = `${e.message}; ${plan.restore}`;
        throw e instanceof InterruptedError ? new InterruptedError(e.signal, message) : new AfcError(message);
      }
    }
  };
  const runIn = async (): Promise<void> => {
    if (inputs.keepChart !== undefined) await run(inputs.keepChart);
    else await withTempDir(exec.host, (dir) => run(join(dir, CHART_DIR)));
  };
  if (inputs.fakeSecrets === undefined) await runIn();
  else {
    // The fake store goes into the chart as the last values file (helm_install_int.py passes it to helm last).
    const fake = inputs.fakeSecrets;
    progress.step(`fake secrets: ${fake.secrets.length} Secret(s) of ${fake.files.join(', ')} in secret store ${fake.store}`);
    await withTempDir(exec.host, async (dir) => {
      fakeSecretsFile = join(dir, 'fake_secrets.yaml');
      writeFileSync(fakeSecretsFile, libraryYaml(fake.overlay), { mode: 0o600 });
      await runIn();
    });
  }
  if (inputs.preloadRatdb && plan.verb === 'upgrade') progress.step('release upgraded: ratdb is not preloaded again');
}

/**
 * `afc install --uninstall` (helm_install_int.py --uninstall): `helm uninstall` of the release when helm
 * lists it (waiting until its objects are gone), else nothing. Pure.
 */
export function planUninstall(inputs: InstallInputs, facts: InstallFacts, helmTimeout: number): { readonly steps: readonly RunStep[]; readonly summary: string } {
  const { release } = inputs;
  const { target, namespace, helm } = facts;
  if (facts.applySet !== undefined) {
    throw new AfcError(
      `release ${release} in namespace ${namespace} is driven by afc apply (its ApplySet parent Secret ${facts.applySet} exists), nothing was changed: remove it with afc apply's tools, not afc install --uninstall`,
    );
  }
  const label = `'${release}' in namespace '${namespace}' of context '${target.context}'`;
  if (facts.existing === undefined) return { steps: [], summary: `Release ${label} is not installed: nothing to uninstall.\n` };
  const title = `uninstalling release ${release}`;
  return {
    steps: [
      {
        kind: 'run',
        title,
        why: '--uninstall',
        tool: 'helm',
        args: ['uninstall', release, ...helmTarget(target), '--namespace', namespace, helm.wait, ...(inputs.wait !== undefined ? ['--timeout', inputs.wait] : [])],
        opts: { kind: 'helm', timeoutMs: helmTimeout, step: title },
        destroys: `release ${release}`,
      },
    ],
    summary: `Release ${label} uninstalled.\n`,
  };
}

/** Install, with interrupts handled (interrupt.ts). */
export function runInstall(releaseArg: string, opts: InstallOptions = {}, host: Host = processHost()): Promise<void> {
  return withInterrupts(() => install(releaseArg, opts, host));
}

async function install(releaseArg: string, opts: InstallOptions, host: Host): Promise<void> {
  const exec = execFor(host, opts);
  const progress = new Progress(host, exec.dryRun);
  const inputs = installInputs(releaseArg, opts, host);
  const facts = await gatherInstallFacts(inputs, exec, progress);
  if (inputs.uninstall) {
    const un = planUninstall(inputs, facts, helmTimeoutMs(exec.timeouts.helm, inputs.wait));
    for (const step of un.steps) await runStep(exec, progress, step);
    if (exec.dryRun) progress.step('dry run: nothing was changed');
    else host.stdout.write(un.summary);
    return;
  }
  const plan = planInstall(inputs, facts, helmTimeoutMs(exec.timeouts.helm, inputs.wait));
  await applyInstall(plan, inputs, facts, exec, progress);
  if (exec.dryRun) {
    progress.step(`dry run: nothing was changed (${inputs.keepChart !== undefined ? `the chart is kept in ${inputs.keepChart}` : 'CHART stands for the chart, written to a temporary folder; keep it with --keep-chart DIR'})`);
    return;
  }
  host.stdout.write(plan.summary);
}
