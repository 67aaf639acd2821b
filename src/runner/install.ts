/**
 * `afc install RELEASE`: (re)installs AFC into a k3d cluster with helm, as the original helm_install
 * script did, from a chart synthesized for the chosen overlays.
 *
 * 1. Checks, before anything changes: flags (--build/--push need --tag, --preload-ratdb needs --wait),
 *    names, values files and --set, the context (must be a k3d cluster's), node port names, the
 *    registry, the checkout for --build/--preload-ratdb.
 * 2. The chart: platforms k3d, no_secrets (--no-secrets), http (--http), then the user's --values and
 *    --set as overlays, written to a temporary folder (removed afterwards, on failure too).
 * 3. helm gets the runtime values the script passed with --set, in the script's order: image tag, k3d
 *    registry path and repository override (with --tag), NodePort for each exposed component (sorted),
 *    worker maxReplicas (--max-workers, else CPUs // AFC_WORKER_CELERY_CONCURRENCY). In the script the
 *    user's --values/--set came after the first three kinds and so won over them; here they are baked
 *    into the chart, so a runtime --set for a path the user sets is left out (same result).
 * 4. Build, push, then `helm uninstall` of an existing release (unless --upgrade: `helm upgrade`),
 *    `helm install`, and the ratdb preload after a fresh install.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { builtinPlatforms } from '../../platforms/index.js';
import { AfcError } from '../errors.js';
import { checkLabel, mergeValues, parseSet, platformName, readValuesFile, resolveValues, valueAt, type Plain, type Values } from '../model/index.js';
import { writeChart } from './chart.js';
import { helmTarget, k3dClusterOf, resolveKubeTarget } from './context.js';
import { withInterrupts } from './interrupt.js';
import { execFor, parseDuration, type Exec, type RunnerOptions } from './exec.js';
import { processHost, withTempDir, type Host } from './host.js';
import { pushImages } from './images.js';
import { clusterPortMappings, listClusters, parseAnswer } from './k3d.js';
import { checkoutRoot, imageTag, releaseFromArg } from './names.js';
import { knownNodePort, nodePortCatalog, nodePortName } from './ports.js';
import { Progress } from './progress.js';
import { adoptForInstall } from './migrate.js';
import { preloadRatdb, ratdbSourceRoot } from './ratdb.js';
import { findRegistry } from './registry.js';

/** Image build script of the checkout (root, tag, push flag), as the original script ran it. */
export const BUILD_SCRIPT = 'tests/regression/build_imgs.sh';
/** Values path of the worker engines per pod, and of the worker autoscaler's maximum. */
export const ENGINES_PER_WORKER = 'configmaps.worker.AFC_WORKER_CELERY_CONCURRENCY';
export const MAX_WORKERS = 'components.worker.hpa.maxReplicas';

export interface InstallOptions extends RunnerOptions {
  readonly tag?: string;
  readonly build?: boolean;
  readonly push?: boolean;
  readonly http?: boolean;
  readonly noSecrets?: boolean;
  /** Node port names (comma-separated lists) whose components become NodePort. */
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
  readonly dryRun?: boolean;
  readonly verbose?: boolean;
}

/** A Go duration as helm's --timeout takes it: 30s, 5m, 1h30m, 1.5h. */
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|\u00b5s|ms|s|m|h))+$/; // \u00b5 = µ (keeps the bundle ASCII)

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
function valuesInputs(files: readonly string[], host: Host): ValuesInputs {
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
        out.platforms.push(platformName(m[1]!, builtinPlatforms));
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
function defaultMaxWorkers(values: Values, cpus: number): number | undefined {
  const raw = valueAt(values, ENGINES_PER_WORKER);
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

/** helm's timeout: its kind's, but at least --wait + 2 minutes (helm itself stops waiting at --wait). */
function helmTimeout(exec: Exec, wait: string | undefined): number {
  const waitMs = wait === undefined ? 0 : (parseDuration(wait) ?? 0);
  return Math.max(exec.timeouts.helm, waitMs + 2 * 60_000);
}

const releasesSchema = z.array(z.looseObject({ name: z.string() })).nullable();

/** Install, with interrupts handled (interrupt.ts). */
export function runInstall(releaseArg: string, opts: InstallOptions = {}, host: Host = processHost()): Promise<void> {
  return withInterrupts(() => _install(releaseArg, opts, host));
}

async function _install(releaseArg: string, opts: InstallOptions, host: Host): Promise<void> {
  const exec = execFor(host, opts);
  const progress = new Progress(host, exec.dryRun);

  // 1. Checks that need no program.
  if ((opts.build || opts.push) && opts.tag === undefined) {
    throw new AfcError(`--${opts.build ? 'build' : 'push'} needs --tag (the tag the images are built or pushed with), e.g. --tag AUTO`);
  }
  if (opts.preloadRatdb && opts.wait === undefined) {
    throw new AfcError('--preload-ratdb needs --wait DURATION (ratdb must be running before it is filled), e.g. --wait 5m');
  }
  if (opts.wait !== undefined && !GO_DURATION.test(opts.wait)) {
    throw new AfcError(`--wait "${opts.wait}" is not a duration: use e.g. 30s, 5m or 1h30m`);
  }
  const release = releaseFromArg(releaseArg, host);
  const tag = opts.tag === undefined ? undefined : imageTag(opts.tag, host);
  const maxWorkersArg = maxWorkersFlag(opts.maxWorkers);
  if (opts.namespace !== undefined) checkLabel('namespace', opts.namespace);
  const user = valuesInputs(opts.values ?? [], host);
  const sets = [...(opts.set ?? [])];
  const platforms = ['k3d', ...(opts.noSecrets ? ['no_secrets'] : []), ...(opts.http ? ['http'] : []), ...user.platforms];
  const values = resolveValues({ platforms, valuesFiles: user.valuesFiles, sets }, builtinPlatforms);
  const catalog = nodePortCatalog(values);
  const exposeNames = (opts.expose ?? []).flatMap((e) => e.split(',')).filter((n) => n.length > 0);
  const exposedByName = exposeNames.map((n) => knownNodePort(catalog, n).component);
  const root = opts.build || opts.preloadRatdb ? checkoutRoot(host) : undefined;
  if (opts.build && !existsSync(join(root!, BUILD_SCRIPT))) {
    throw new AfcError(`${join(root!, BUILD_SCRIPT)} not found: --build needs an OpenAFC checkout (run from one or set AFC_SOURCE_ROOT)`);
  }
  if (opts.preloadRatdb) ratdbSourceRoot(host);

  // Read-only queries.
  progress.step('checking the context, the k3d cluster, the registry and the release');
  const target = await resolveKubeTarget(exec, host, opts.context);
  const cluster = k3dClusterOf(target);
  const namespace = opts.namespace ?? target.namespace;
  let exposed: string[];
  if (opts.expose !== undefined && opts.expose.length > 0) exposed = exposedByName;
  else {
    const found = (await listClusters(exec)).find((c) => c.name === cluster);
    if (!found) {
      throw new AfcError(`k3d cluster "${cluster}" (of context ${target.context}) is not listed by k3d: name the ports to expose with --expose`);
    }
    exposed = [...clusterPortMappings(found).values()].flatMap((p) => {
      const known = nodePortName(catalog, p);
      return known ? [known.component] : [];
    });
  }
  exposed = [...new Set(exposed)].sort();
  if (opts.k3dReg !== undefined && tag === undefined) progress.warn('--k3d-reg is used only with --tag: ignored');
  const registry = tag === undefined ? undefined : await findRegistry(exec, opts.k3dReg);
  const maxWorkers = maxWorkersArg ?? defaultMaxWorkers(values, host.cpus());
  const releases = parseAnswer(
    await exec.query('helm', ['list', '-o', 'json', '--all', ...helmTarget(target), '--namespace', namespace]),
    releasesSchema,
    'helm list -o json',
  );
  const existed = (releases ?? []).some((r) => r.name === release);

  // The runtime values, in the script's order; those the user's overlays set are theirs.
  const userOverlay = [...user.valuesFiles.map(readValuesFile), ...sets.map(parseSet)].reduce<Plain>((acc, o) => mergeValues(acc, o), {});
  const runtime: [string, string][] = [
    ...(tag !== undefined && registry !== undefined
      ? ([
          ['components.default.imageTag', tag],
          ['imageRepositories.k3d.path', registry.address],
          ['components.default.imageRepositoryKeyOverride', 'k3d'],
        ] as [string, string][])
      : []),
    ...exposed.map((c): [string, string] => [`components.${c}.serviceType`, 'NodePort']),
  ].filter(([path]) => !hasPath(userOverlay, path));
  if (maxWorkers !== undefined && maxWorkers > 0) runtime.push([MAX_WORKERS, String(maxWorkers)]);
  const setArgs = runtime.flatMap(([path, value]) => ['--set', `${path}=${value}`]);

  await withTempDir(host, async (dir) => {
    const synth = { platforms, valuesFiles: user.valuesFiles, sets, release };
    const chart = writeChart(synth, join(dir, 'afc-int'));
    // A release of the original afc-int chart is migrated as afc migrate does, checked before any change.
    const migrateArgs =
      existed && opts.upgrade
        ? await adoptForInstall({ exec, host, target, namespace, release, synth, chart, upgradeArgs: ['upgrade', release, chart, ...helmTarget(target), '--namespace', namespace, ...setArgs] })
        : [];

    // 4. Changes.
    if (opts.build) {
      await progress.long(`building the AFC images with tag ${tag}`, () =>
        exec.run(join(root!, BUILD_SCRIPT), [root!, tag!, '0'], { cwd: root }),
      );
    }
    if (opts.build || opts.push) await pushImages(exec, progress, registry!, tag!, opts.build);
    const where = [...helmTarget(target), '--namespace', namespace];
    if (existed && !opts.upgrade) {
      // --wait: the old objects (Services with fixed node ports among them) must be gone before the
      // new ones are created.
      await progress.long(`uninstalling release ${release}`, () => exec.run('helm', ['uninstall', release, ...where, '--wait']));
    }
    const verb = existed && opts.upgrade ? 'upgrade' : 'install';
    const wait = opts.wait !== undefined ? ['--wait', '--timeout', opts.wait] : [];
    await progress.long(`${verb === 'upgrade' ? 'upgrading' : 'installing'} release ${release} in ${target.context}/${namespace}`, () =>
      exec.run('helm', [verb, release, chart, ...where, ...setArgs, ...migrateArgs, ...wait], {
        step: `${verb === 'upgrade' ? 'upgrading' : 'installing'} release ${release}`,
        timeoutMs: helmTimeout(exec, opts.wait),
      }),
    );
    if (opts.preloadRatdb) {
      if (verb === 'upgrade') progress.step('release upgraded: ratdb is not preloaded again');
      else await preloadRatdb(exec, progress, { target, namespace, podStem: opts.podStem, root: root!, podUnknown: true });
    }
  });

  if (exec.dryRun) {
    progress.step('dry run: nothing was changed (the chart folder above was temporary)');
    return;
  }
  host.stdout.write(
    `Release '${release}' ${existed && opts.upgrade ? 'upgraded' : 'installed'} in namespace '${namespace}' of context '${target.context}'.\n` +
      `NodePort components: ${exposed.join(', ') || 'none'} (host ports: afc cluster ports ${cluster}).\n`,
  );
}
