/**
 * `afc cluster create|delete|ports`: k3d development clusters for AFC.
 *
 * create: every check first (config, names, kubeconfig, static folder, node port names, registry, host
 * ports), then delete an existing cluster of that name, create the cluster, install the config's items
 * (monitoring namespace, prometheus-operator, Prometheus, prometheus-adapter) and print the mappings.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { AfcError } from '../errors.js';
import { openafcVersion } from '../../platforms/versions.js';
import { defaults, STATIC_FILES_HOST_PATH, type Values } from '../model/index.js';
import { loadClusterConfig, orderedInstallItems, type ClusterConfig, type InstallItem } from './config.js';
import { checkNamespace, K3D_PREFIX, k3dClusterOf, resolveKubeTarget } from '../kit/context.js';
import { InterruptedError, withInterrupts } from '../kit/interrupt.js';
import { execFor, splitCommandLine, type Exec, type RunnerOptions } from '../kit/exec.js';
import { runPlanned, showStep, TEMP, type PlannedRun, type Placeholders, type RunStep } from '../kit/plan.js';
import { expandPath, hostTmpdir, processHost, withTempDir, type Host } from '../kit/host.js';
import { clusterPortMappings, listClusters } from './k3d.js';
import { parseAnswer } from '../kit/answer.js';
import { builtinManifestsPath, builtinValuesPath, writeBuiltinManifests, writeBuiltinValues, type BuiltinManifests, type BuiltinValues } from './monitoring/builtin.js';
import { CURRENT, checkoutRoot, clusterName } from './names.js';
import { allocateHostPorts, describeMapping, FIRST_HOST_PORT, nodePortCatalog, nodePortName, parseExpose, usedHostPorts, type ExposeRequest, type PortMapping } from './ports.js';
import { Progress } from '../kit/progress.js';
import { findRegistry, type Registry } from './registry.js';
import { z } from 'zod';

/** Where the static files folder is mounted in the k3d nodes (the chart's rat_transfer hostPath). */
export const STATIC_MOUNT = STATIC_FILES_HOST_PATH;
/** Host folders mounted into the k3d nodes besides the static files. */
export const EXTRA_VOLUMES = ['/home:/hosthome'];
/** Agents of a new cluster; host ports are mapped on the first one. */
export const AGENTS = 2;
const DELETE_ATTEMPTS = 10;

export interface ClusterCommonOptions extends RunnerOptions {
  /** Print what would be done, run only read-only queries. */
  readonly dryRun?: boolean;
  /** Echo commands and stream their output. */
  readonly verbose?: boolean;
  /** Kubeconfig file that k3d updates (default: KUBECONFIG or ~/.kube/config). */
  readonly kubeconfig?: string;
}

export interface ClusterCreateOptions extends ClusterCommonOptions {
  readonly expose?: readonly string[];
  readonly namespace?: string;
  readonly static?: string;
  readonly k3dReg?: string;
  readonly cfg?: string;
  /** The OpenAFC version whose node port names `expose` may use. @default "fc912b4a" */
  readonly openafc?: string;
}

/**
 * The node port catalog of the chart defaults (what `--expose` names refer to): fc912b4a's, or with
 * `openafc` that version's (1.0.x: kebab-case names such as rat-server, and afcserver, rmqweb,
 * disp-grafana, disp-prometheus, as upstream's k3d_cluster_create.py reads them from values.yaml).
 */
const defaultCatalog = (openafc?: string) => {
  const version = openafcVersion(openafc);
  return nodePortCatalog((version.model === 'fc912b4a' ? defaults : version.defaults) as Values);
};

/** The kubeconfig file k3d should update, or an AfcError when it cannot be told which. */
function kubeconfigFile(opts: ClusterCommonOptions, host: Host): string | undefined {
  if (opts.kubeconfig !== undefined) {
    const file = expandPath(opts.kubeconfig, host, host.cwd);
    if (!existsSync(dirname(file))) throw new AfcError(`--kubeconfig "${file}": folder ${dirname(file)} does not exist`);
    if (existsSync(file) && !statSync(file).isFile()) throw new AfcError(`--kubeconfig "${file}" is not a file`);
    return file;
  }
  const env = host.env.KUBECONFIG;
  if (!env) return undefined;
  const entries = env.split(':').filter((e) => e.length > 0);
  if (entries.length > 1) {
    throw new AfcError(`KUBECONFIG lists ${entries.length} files and k3d updates only one: name it with --kubeconfig FILE`);
  }
  if (isSwitcherKubeconfig(entries[0]!, host)) {
    throw new AfcError(
      `KUBECONFIG "${entries[0]}" is a temporary file (a context switcher's?): name the real kubeconfig with --kubeconfig FILE`,
    );
  }
  return undefined;
}

/**
 * Whether a KUBECONFIG is a context switcher's temporary copy, which k3d must not update (the context
 * would vanish with the shell). kubie (the switcher the original script had in mind) exports
 * KUBIE_KUBECONFIG (its copy) and KUBIE_ACTIVE=1 in its shells, and names its copies kubie-*.yaml in
 * the temporary folder. Any other file in the temporary folder is the user's own choice and is used.
 */
export function isSwitcherKubeconfig(file: string, host: Host): boolean {
  if (host.env.KUBIE_KUBECONFIG !== undefined && host.env.KUBIE_KUBECONFIG === file) return true;
  const rel = relative(hostTmpdir(host), file);
  const inTmp = !rel.startsWith('..') && !isAbsolute(rel);
  return inTmp && (host.env.KUBIE_ACTIVE === '1' || /^kubie-/.test(basename(file)));
}

/**
 * How k3d is told the kubeconfig. k3d v5's `--kubeconfig-update-default` writes to its "default
 * kubeconfig", which is KUBECONFIG when that names exactly one file, else ~/.kube/config; there is no
 * flag naming another file at create time (`--config` is a k3d config file, the scripts' bug). So
 * k3d runs with KUBECONFIG=FILE: the cluster's context is merged into FILE and made current there,
 * atomically with the creation, and `k3d cluster delete` removes it from the same FILE.
 */
const k3dEnv = (kubeconfig: string | undefined): Record<string, string> | undefined =>
  kubeconfig ? { KUBECONFIG: kubeconfig } : undefined;

function isStaticDir(dir: string, config: ClusterConfig): boolean {
  return existsSync(dir) && statSync(dir).isDirectory() && config.static_files.expected_items.every((i) => existsSync(join(dir, i)));
}

function staticDir(arg: string | undefined, config: ClusterConfig, host: Host): string {
  const expected = config.static_files.expected_items.join(', ');
  if (arg !== undefined) {
    const dir = expandPath(arg, host, host.cwd);
    if (!isStaticDir(dir, config)) {
      throw new AfcError(`static files folder "${dir}" does not hold ${expected}: point --static at the rat_transfer folder`);
    }
    return dir;
  }
  const found = config.static_files.known_locations.map((l) => expandPath(l, host, host.cwd)).find((l) => isStaticDir(l, config));
  if (!found) {
    throw new AfcError(
      `no static files folder (holding ${expected}) at ${config.static_files.known_locations.join(', ')}: give it with --static DIR`,
    );
  }
  return found;
}

/** Deletes the cluster until k3d no longer lists it. */
async function deleteLoop(exec: Exec, progress: Progress, name: string, kubeconfig: string | undefined): Promise<boolean> {
  let existed = false;
  for (let attempt = 1; attempt <= DELETE_ATTEMPTS; attempt++) {
    const clusters = await listClusters(exec);
    if (!clusters.some((c) => c.name === name)) return existed;
    existed = true;
    await runPlanned(exec, progress, {
      tool: 'k3d',
      args: ['cluster', 'delete', name],
      opts: { env: k3dEnv(kubeconfig), kind: 'cluster', step: `deleting k3d cluster ${name}` },
      announce: { text: `deleting k3d cluster ${name}${attempt > 1 ? ` (attempt ${attempt})` : ''}`, long: true },
    });
    if (exec.dryRun) return true;
  }
  throw new AfcError(`k3d cluster ${name} is still listed after ${DELETE_ATTEMPTS} deletions: check \`k3d cluster list\` and docker`);
}

/** Creates namespaces once each, knowing which exist already. */
class Namespaces {
  private existing: Set<string> | undefined;

  constructor(
    private readonly exec: Exec,
    private readonly context: string,
    private readonly kubeconfigArgs: readonly string[],
  ) {}

  async load(): Promise<void> {
    if (this.exec.dryRun) {
      // The cluster does not exist yet in a dry run: assume a new cluster's namespaces.
      this.existing = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
      return;
    }
    const text = await this.exec.query('kubectl', ['get', 'namespaces', '--context', this.context, '-o', 'json', ...this.kubeconfigArgs]);
    const list = parseAnswer(text, z.looseObject({ items: z.array(z.looseObject({ metadata: z.looseObject({ name: z.string() }) })).nullish() }), 'kubectl get namespaces -o json');
    this.existing = new Set((list.items ?? []).map((i) => i.metadata.name));
  }

  /** Whether the namespace is missing (then counted as created: its planned creation runs once). */
  async missing(namespace: string): Promise<boolean> {
    if (!this.existing) await this.load();
    if (this.existing!.has(namespace)) return false;
    this.existing!.add(namespace);
    return true;
  }
}

/** The creation of a namespace, run only when the new cluster lacks it (`Namespaces.missing`). */
function createNamespace(namespace: string, context: string, kubeconfigArgs: readonly string[]): ItemCommand {
  return {
    tool: 'kubectl',
    args: ['create', 'namespace', namespace, '--context', context, ...kubeconfigArgs],
    opts: { step: `creating namespace ${namespace}` },
    unlessNamespace: namespace,
  };
}

/**
 * A program of a config item or of --namespace, with its final argv; `unlessNamespace`: it creates that
 * namespace and runs only when the new cluster lacks it (the one thing decided when applied: the cluster
 * does not exist when the plan is made; a dry run assumes a new cluster's namespaces).
 */
export interface ItemCommand extends PlannedRun {
  readonly unlessNamespace?: string;
}


/**
 * A config `cmd` line as argv, with the cluster made explicit: kubectl gets `--context` (and
 * `--kubeconfig`), helm (except `helm repo`) `--kube-context`, unless the line names one itself, so a
 * context switch elsewhere cannot redirect it.
 */
export function configCommand(line: string, context: string, kubeconfig: string | undefined): { tool: string; args: string[]; ignore: boolean } {
  const ignore = line.startsWith('-');
  const [tool, ...args] = splitCommandLine(ignore ? line.slice(1) : line);
  const kc = kubeconfig && !args.some((a) => a.startsWith('--kubeconfig')) ? ['--kubeconfig', kubeconfig] : [];
  if (tool === 'kubectl' && !args.some((a) => a === '--context' || a.startsWith('--context='))) args.push('--context', context, ...kc);
  if (tool === 'helm' && args[0] !== 'repo' && !args.some((a) => a === '--kube-context' || a.startsWith('--kube-context='))) {
    args.push('--kube-context', context, ...kc);
  }
  return { tool: tool!, args, ignore };
}

/** The programs of a config item, in order, with their final argv (the built-in files under TEMP). */
export function itemCommands(name: string, item: InstallItem, c: { readonly host: Host; readonly context: string; readonly kubeconfig?: string; readonly root: string }): ItemCommand[] {
  const kubeconfigArgs = c.kubeconfig ? ['--kubeconfig', c.kubeconfig] : [];
  const namespace = item.namespace;
  const out: ItemCommand[] = namespace ? [createNamespace(namespace, c.context, kubeconfigArgs)] : [];
  for (const line of item.cmd ?? []) {
    const { tool, args, ignore } = configCommand(line, c.context, c.kubeconfig);
    out.push({ tool, args, opts: { allowFailure: ignore, cwd: c.root, env: k3dEnv(c.kubeconfig), step: `installing ${name}: ${line.replace(/^-/, '')}` } });
  }
  const manifest =
    item.manifest_builtin !== undefined
      ? builtinManifestsPath(item.manifest_builtin, TEMP)
      : item.manifest_path !== undefined
        ? expandPath(item.manifest_path, c.host, c.root)
        : item.manifest_url;
  if (manifest !== undefined) {
    out.push({
      tool: 'kubectl',
      args: ['create', '-f', manifest, '--context', c.context, ...kubeconfigArgs, ...(namespace ? ['--namespace', namespace] : [])],
      opts: { step: `installing ${name}` },
      announce: { text: `installing ${name}`, long: false },
    });
  } else if (item.helm_chart !== undefined) {
    let chart = item.helm_chart;
    if (item.helm_repo !== undefined) {
      const repo = chart.slice(0, chart.indexOf('/'));
      out.push({ tool: 'helm', args: ['repo', 'add', repo, item.helm_repo], opts: { step: `adding helm repository ${repo}` } });
      out.push({ tool: 'helm', args: ['repo', 'update'], opts: { step: 'updating the helm repositories' } });
    } else {
      chart = expandPath(chart, c.host, c.root);
    }
    const values = [
      ...(item.helm_builtin_values ?? []).map((v) => builtinValuesPath(v, TEMP)),
      ...(item.helm_values ?? []).map((v) => expandPath(v, c.host, c.root)),
    ];
    const args = [
      'install',
      ...(item.helm_release ? [item.helm_release] : []),
      chart,
      ...(item.helm_release ? [] : ['--generate-name']),
      ...kubeconfigArgs,
      '--kube-context', c.context,
      ...(namespace ? ['--namespace', namespace] : []),
      ...(item.helm_version ? ['--version', item.helm_version] : []),
      ...values.flatMap((v) => ['--values', v]),
      ...(item.helm_settings ?? []).flatMap((s) => ['--set', s]),
      ...(item.args ?? []),
    ];
    out.push({ tool: 'helm', args, opts: { step: `installing ${name}` }, announce: { text: `installing ${name}`, long: true } });
  }
  return out;
}

/**
 * A path handed to k3d, kubectl or helm inside a list or a spec: k3d's volume spec `SRC:DEST[:MODE]`
 * splits at `:` (and its node filters at `,`), and kubectl's `-f` and helm's `--values` split at `,`.
 */
export function checkToolPath(path: string, what: string, forbidden: string): string {
  const bad = [...forbidden].find((ch) => path.includes(ch));
  if (bad !== undefined) {
    throw new AfcError(`${what} "${path}" contains "${bad}", which k3d, kubectl and helm read as a separator: move or link it to a path without "${forbidden.split('').join('" or "')}"`);
  }
  return path;
}

/** Node ports a cluster maps must be in Kubernetes' NodePort range. */
export const NODE_PORT_RANGE = [30000, 32767] as const;

/** What `afc cluster create` was asked to do, checked, with no program run yet. */
export interface ClusterInputs {
  readonly name: string;
  readonly context: string;
  readonly kubeconfig?: string;
  /** The flag as given (for the result line). */
  readonly kubeconfigShown: string;
  readonly namespace?: string;
  readonly staticFiles: string;
  readonly requests: readonly ExposeRequest[];
  readonly root: string;
  readonly items: readonly [string, InstallItem][];
  /** The programs of each item (of `items`, in order), with their final argv. */
  readonly itemCommands: readonly (readonly ItemCommand[])[];
  readonly k3dReg?: string;
}

export function clusterInputs(arg: string, opts: ClusterCreateOptions, host: Host, dryRun = false): ClusterInputs {
  const config = loadClusterConfig(opts.cfg, host);
  const name = clusterName(arg, host);
  const kubeconfig = kubeconfigFile(opts, host);
  const namespace = opts.namespace === undefined ? undefined : checkNamespace(opts.namespace, '--namespace');
  const staticFiles = checkToolPath(staticDir(opts.static, config, host), 'static files folder', ':,');
  checkToolPath(hostTmpdir(host), 'the temporary folder (TMPDIR)', ',');
  const catalog = defaultCatalog(opts.openafc);
  const expose = opts.expose && opts.expose.length > 0 ? opts.expose : [config.default_expose.join(',')];
  const requests = parseExpose(expose, catalog);
  for (const r of requests) {
    if (r.nodePort < NODE_PORT_RANGE[0] || r.nodePort > NODE_PORT_RANGE[1]) {
      throw new AfcError(
        `--expose: node port ${r.nodePort} is outside Kubernetes' NodePort range ${NODE_PORT_RANGE.join('-')}: give a node port in that range or a name (${[...catalog.byName.keys()].sort().join(', ')})`,
      );
    }
  }
  const root = checkoutRoot(host);
  const items = orderedInstallItems(config);
  for (const [itemName, item] of items) {
    for (const line of item.cmd ?? []) {
      try {
        splitCommandLine(line.replace(/^-/, ''));
      } catch (e) {
        throw new AfcError(`config item ${itemName}: ${(e as Error).message}`);
      }
    }
    if (item.manifest_path !== undefined) {
      const path = expandPath(item.manifest_path, host, root);
      checkToolPath(path, `config item ${itemName}: manifest_path`, ',');
      if (!dryRun && !existsSync(path)) throw new AfcError(`config item ${itemName}: manifest_path "${path}" does not exist: fix the config`);
    }
    for (const v of item.helm_values ?? []) {
      const path = expandPath(v, host, root);
      checkToolPath(path, `config item ${itemName}: helm values file`, ',');
      if (!existsSync(path)) throw new AfcError(`config item ${itemName}: helm values file "${path}" does not exist: fix the config`);
    }
  }
  const context = `${K3D_PREFIX}${name}`;
  return {
    name,
    context,
    kubeconfig,
    kubeconfigShown: opts.kubeconfig ?? host.env.KUBECONFIG ?? '~/.kube/config',
    namespace,
    staticFiles,
    requests,
    root,
    items,
    itemCommands: items.map(([itemName, item]) => itemCommands(itemName, item, { host, context, kubeconfig, root })),
    k3dReg: opts.k3dReg,
  };
}

/** What k3d and the machine told `afc cluster create`, by read-only queries (not the day-2 preflight's ClusterFacts). */
export interface ClusterCreateFacts {
  /** Whether a cluster of that name exists (it is replaced). */
  readonly existed: boolean;
  /** Host ports the existing cluster of that name maps (free again once it is deleted). */
  readonly replacedHostPorts: ReadonlySet<number>;
  readonly registry: Registry;
  /** Host ports something listens on. */
  readonly usedPorts: ReadonlySet<number>;
}

export async function gatherClusterFacts(inputs: ClusterInputs, exec: Exec, progress: Progress): Promise<ClusterCreateFacts> {
  progress.step(`checking k3d cluster ${inputs.name}, the registry and host ports`);
  const existing = (await listClusters(exec)).find((c) => c.name === inputs.name);
  const registry = await findRegistry(exec, inputs.k3dReg);
  const usedPorts = await usedHostPorts(exec);
  return { existed: existing !== undefined, replacedHostPorts: new Set(existing ? clusterPortMappings(existing).keys() : []), registry, usedPorts };
}

export type ClusterStep =
  | RunStep
  /** `k3d cluster delete` until k3d no longer lists it (queries between the deletions). */
  | { readonly kind: 'delete-cluster'; readonly title: string; readonly why: string; readonly destroys?: string }
  /** Creates --namespace (unless it exists) and makes it the context's default. */
  | (CommandsStep & { readonly kind: 'namespace'; readonly namespace: string })
  /** One config item (namespace, commands, manifests or helm chart). */
  | (CommandsStep & { readonly kind: 'item'; readonly name: string; readonly item: InstallItem });

/** A step of several programs, each with its final argv; the built-in files it names are written into TEMP first. */
export interface CommandsStep {
  readonly title: string;
  readonly why: string;
  readonly commands: readonly ItemCommand[];
  readonly builtinManifests?: BuiltinManifests;
  readonly builtinValues?: readonly BuiltinValues[];
}

export interface ClusterPlan {
  readonly steps: readonly ClusterStep[];
  readonly mappings: readonly PortMapping[];
  readonly restore: string;
  readonly summary: string;
}

/** The plan of `afc cluster create`: pure. Busy explicit host ports are refused here, before any step. */
export function planClusterCreate(inputs: ClusterInputs, facts: ClusterCreateFacts): ClusterPlan {
  const { name, context } = inputs;
  const allocation = allocateHostPorts(inputs.requests, facts.usedPorts);
  for (const r of inputs.requests) {
    if (r.hostPort !== undefined && facts.usedPorts.has(r.hostPort) && !facts.replacedHostPorts.has(r.hostPort)) {
      throw new AfcError(
        `host port ${r.hostPort} (--expose ...:${r.hostPort}) is in use on this machine: choose another host port, or leave it out to get a free one from ${FIRST_HOST_PORT} up`,
      );
    }
  }
  const steps: ClusterStep[] = [
    {
      kind: 'delete-cluster',
      title: `deleting k3d cluster ${name}`,
      why: facts.existed ? `k3d cluster ${name} exists: it is replaced` : `no k3d cluster ${name} is listed (checked again)`,
      ...(facts.existed ? { destroys: `cluster ${name}` } : {}),
    },
    {
      kind: 'run',
      title: `creating k3d cluster ${name}`,
      why: 'the new cluster',
      tool: 'k3d',
      args: [
        'cluster', 'create', name,
        '--agents', String(AGENTS),
        '-v', `${inputs.staticFiles}:${STATIC_MOUNT}`,
        ...EXTRA_VOLUMES.flatMap((v) => ['-v', v]),
        '--registry-use', facts.registry.address,
        '--kubeconfig-switch-context',
        '--kubeconfig-update-default',
        ...allocation.mappings.flatMap((m) => ['--port', `${m.hostPort}:${m.nodePort}@agent:0`]),
      ],
      opts: { env: k3dEnv(inputs.kubeconfig), kind: 'cluster', step: `creating k3d cluster ${name}` },
    },
  ];
  const kubeconfigArgs = inputs.kubeconfig ? ['--kubeconfig', inputs.kubeconfig] : [];
  if (inputs.namespace !== undefined) {
    steps.push({
      kind: 'namespace',
      namespace: inputs.namespace,
      title: `making ${inputs.namespace} the namespace of ${context}`,
      why: '--namespace',
      commands: [
        createNamespace(inputs.namespace, context, kubeconfigArgs),
        {
          tool: 'kubectl',
          args: ['config', 'set', `contexts.${context}.namespace`, inputs.namespace, ...kubeconfigArgs],
          opts: { step: `making ${inputs.namespace} the namespace of ${context}` },
        },
      ],
    });
  }
  for (const [index, [itemName, item]] of inputs.items.entries()) {
    steps.push({
      kind: 'item',
      name: itemName,
      item,
      title: `installing ${itemName}`,
      why: 'listed in the cluster config',
      commands: inputs.itemCommands[index]!,
      ...(item.manifest_builtin !== undefined ? { builtinManifests: item.manifest_builtin } : {}),
      ...(item.helm_builtin_values !== undefined ? { builtinValues: item.helm_builtin_values } : {}),
    });
  }
  const nsClause = inputs.namespace !== undefined ? `namespace of '${inputs.namespace}'` : 'default namespace';
  return {
    steps,
    mappings: allocation.mappings,
    restore: `the old k3d cluster ${name} was deleted before this step and is gone (with what ran in it): fix the cause, then run afc cluster create again`,
    summary:
      `Cluster '${name}' (aka '${context}') created in context '${context}' that made current in kubeconfig \`${inputs.kubeconfigShown}' with ${nsClause}.\n` +
      `Host port mappings:\n${allocation.mappings.map((m: PortMapping) => `  ${describeMapping(m)}\n`).join('')}`,
  };
}

/** Runs the plan; a failure after the deletion says that the old cluster is gone. */
export async function applyClusterCreate(plan: ClusterPlan, inputs: ClusterInputs, exec: Exec, progress: Progress): Promise<void> {
  const { host } = exec;
  const kubeconfigArgs = inputs.kubeconfig ? ['--kubeconfig', inputs.kubeconfig] : [];
  const namespaces = new Namespaces(exec, inputs.context, kubeconfigArgs);
  const needsNamespaces = plan.steps.some((s) => (s.kind === 'namespace' || s.kind === 'item') && s.commands.some((c) => c.unlessNamespace !== undefined));
  const destroyed: string[] = [];
  await withTempDir(host, async (tempDir) => {
    const paths: Placeholders = { [TEMP]: tempDir };
    for (const step of plan.steps) {
      showStep(exec, step);
      try {
        if (step.kind === 'delete-cluster') {
          if (step.destroys) progress.step(`k3d cluster ${inputs.name} exists: it is deleted first`);
          await deleteLoop(exec, progress, inputs.name, inputs.kubeconfig);
          if (step.destroys) destroyed.push(step.destroys);
        } else if (step.kind === 'run') {
          await runPlanned(exec, progress, { ...step, announce: { text: step.title, long: true } }, paths);
          // The new cluster's namespaces, once, when a later step creates one.
          if (needsNamespaces) await namespaces.load();
        } else {
          if (step.builtinManifests !== undefined) writeBuiltinManifests(step.builtinManifests, tempDir);
          for (const v of step.builtinValues ?? []) writeBuiltinValues(v, tempDir);
          for (const cmd of step.commands) {
            if (cmd.unlessNamespace !== undefined && !(await namespaces.missing(cmd.unlessNamespace))) continue;
            await runPlanned(exec, progress, cmd, paths);
          }
        }
      } catch (e) {
        if (destroyed.length === 0 || !(e instanceof AfcError)) throw e;
        const message = `${e.message}; ${plan.restore}`;
        throw e instanceof InterruptedError ? new InterruptedError(e.signal, message) : new AfcError(message);
      }
    }
  });
}

/** ClusterCreate, with interrupts handled (interrupt.ts). */
export function runClusterCreate(arg: string, opts: ClusterCreateOptions = {}, host: Host = processHost()): Promise<void> {
  return withInterrupts(() => clusterCreate(arg, opts, host));
}

async function clusterCreate(arg: string, opts: ClusterCreateOptions, host: Host): Promise<void> {
  const exec = execFor(host, opts);
  const progress = new Progress(host, exec.dryRun);
  const inputs = clusterInputs(arg, opts, host, exec.dryRun);
  const facts = await gatherClusterFacts(inputs, exec, progress);
  const plan = planClusterCreate(inputs, facts);
  await applyClusterCreate(plan, inputs, exec, progress);
  if (exec.dryRun) {
    const temp = plan.steps.some((st) => (st.kind === 'namespace' || st.kind === 'item') && (st.builtinManifests !== undefined || st.builtinValues !== undefined));
    progress.step(`dry run: nothing was changed${temp ? ` (${TEMP} stands for a temporary folder, removed afterwards)` : ''}`);
    return;
  }
  host.stdout.write(plan.summary);
}

/** ClusterDelete, with interrupts handled (interrupt.ts). */
export function runClusterDelete(arg: string, opts: ClusterCommonOptions = {}, host: Host = processHost()): Promise<void> {
  return withInterrupts(() => _clusterDelete(arg, opts, host));
}

async function _clusterDelete(arg: string, opts: ClusterCommonOptions, host: Host): Promise<void> {
  const exec = execFor(host, opts);
  const progress = new Progress(host, exec.dryRun);
  const name = clusterName(arg, host);
  const kubeconfig = kubeconfigFile(opts, host);
  const clusters = await listClusters(exec);
  if (!clusters.some((c) => c.name === name)) {
    throw new AfcError(`k3d cluster "${name}" not found (clusters: ${clusters.map((c) => c.name).join(', ') || 'none'}): check the name`);
  }
  await deleteLoop(exec, progress, name, kubeconfig);
  if (exec.dryRun) progress.step('dry run: nothing was changed');
  else host.stdout.write(`Cluster '${name}' deleted.\n`);
}

export interface ClusterPortsOptions extends RunnerOptions {
  readonly verbose?: boolean;
  /** Kubeconfig file whose current context CURRENT names (default: KUBECONFIG, else ~/.kube/config). */
  readonly kubeconfig?: string;
  /** `[KUBECONFIG][:CONTEXT]` whose cluster CURRENT names. */
  readonly context?: string;
}

/** The `--context` argument of `cluster ports` from --kubeconfig and --context (a file in --context wins). */
export function portsContextArg(opts: Pick<ClusterPortsOptions, 'kubeconfig' | 'context'>): string | undefined {
  if (opts.context === undefined) return opts.kubeconfig;
  if (opts.kubeconfig === undefined || !opts.context.startsWith(':')) return opts.context;
  return `${opts.kubeconfig}${opts.context}`;
}

/** `afc cluster ports CLUSTER`: the host → node port mappings of a k3d cluster, by host port. */
/** ClusterPorts, with interrupts handled (interrupt.ts). */
export function runClusterPorts(arg: string, opts: ClusterPortsOptions = {}, host: Host = processHost()): Promise<void> {
  return withInterrupts(() => _clusterPorts(arg, opts, host));
}

async function _clusterPorts(arg: string, opts: ClusterPortsOptions, host: Host): Promise<void> {
  const exec = execFor(host, opts);
  let name: string;
  if (arg === CURRENT) name = k3dClusterOf(await resolveKubeTarget(exec, host, portsContextArg(opts)));
  else {
    if (opts.context !== undefined || opts.kubeconfig !== undefined) {
      throw new AfcError(`--context and --kubeconfig choose the cluster of CURRENT: give CURRENT instead of "${arg}", or leave them out`);
    }
    name = clusterName(arg, host);
  }
  const cluster = (await listClusters(exec)).find((c) => c.name === name);
  if (!cluster) throw new AfcError(`k3d cluster "${name}" not found: check \`k3d cluster list\``);
  const catalog = defaultCatalog();
  const mappings = [...clusterPortMappings(cluster)].sort(([a], [b]) => a - b);
  for (const [hostPort, nodePort] of mappings) {
    const known = nodePortName(catalog, nodePort);
    host.stdout.write(`${hostPort} -> ${nodePort}${known ? `: ${known.name} of ${known.component}` : ''}\n`);
  }
}
