/**
 * `afc cluster create|delete|ports`: k3d development clusters for AFC.
 *
 * create: every check first (config, names, kubeconfig, static folder, node port names, registry, host
 * ports), then delete an existing cluster of that name, create the cluster, install the config's items
 * (monitoring namespace, prometheus-operator, Prometheus, prometheus-adapter) and print the mappings.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { AfcError } from '../errors.js';
import { checkLabel, defaults, STATIC_FILES_HOST_PATH, type Values } from '../model/index.js';
import { expandPath, loadClusterConfig, orderedInstallItems, type ClusterConfig, type InstallItem } from './config.js';
import { k3dClusterOf, resolveKubeTarget } from './context.js';
import { withInterrupts } from './interrupt.js';
import { execFor, type Exec, type RunnerOptions, splitCommandLine } from './exec.js';
import { hostTmpdir, processHost, withTempDir, type Host } from './host.js';
import { clusterPortMappings, listClusters, parseAnswer } from './k3d.js';
import { writeBuiltinManifests, writeBuiltinValues } from './monitoring/builtin.js';
import { CURRENT, K3D_PREFIX, checkoutRoot, clusterName } from './names.js';
import { allocateHostPorts, describeMapping, nodePortCatalog, nodePortName, parseExpose, usedHostPorts, type PortMapping } from './ports.js';
import { Progress } from './progress.js';
import { findRegistry } from './registry.js';
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
}

/** The node port catalog of the chart defaults (what `--expose` names refer to). */
const defaultCatalog = () => nodePortCatalog(defaults as Values);

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
  const rel = relative(hostTmpdir(host), entries[0]!);
  if (!rel.startsWith('..') && !isAbsolute(rel)) {
    throw new AfcError(
      `KUBECONFIG "${entries[0]}" is a temporary file (a context switcher's?): name the real kubeconfig with --kubeconfig FILE`,
    );
  }
  return undefined;
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
    await progress.long(`deleting k3d cluster ${name}${attempt > 1 ? ` (attempt ${attempt})` : ''}`, () =>
      exec.run('k3d', ['cluster', 'delete', name], { env: k3dEnv(kubeconfig) }),
    );
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

  async ensure(namespace: string): Promise<void> {
    if (!this.existing) await this.load();
    if (this.existing!.has(namespace)) return;
    this.existing!.add(namespace);
    await this.exec.run('kubectl', ['create', 'namespace', namespace, '--context', this.context, ...this.kubeconfigArgs]);
  }
}

interface ItemContext {
  readonly exec: Exec;
  readonly progress: Progress;
  readonly host: Host;
  readonly context: string;
  readonly kubeconfig: string | undefined;
  readonly namespaces: Namespaces;
  readonly tempDir: string;
  readonly root: string;
}

async function installItem(name: string, item: InstallItem, c: ItemContext): Promise<void> {
  const { exec } = c;
  const kubeconfigArgs = c.kubeconfig ? ['--kubeconfig', c.kubeconfig] : [];
  const namespace = item.namespace;
  if (namespace) await c.namespaces.ensure(namespace);
  for (const line of item.cmd ?? []) {
    const ignore = line.startsWith('-');
    const [tool, ...args] = splitCommandLine(ignore ? line.slice(1) : line);
    await exec.run(tool!, args, { allowFailure: ignore, cwd: c.root, env: k3dEnv(c.kubeconfig) });
  }
  const manifest =
    item.manifest_builtin !== undefined
      ? writeBuiltinManifests(item.manifest_builtin, c.tempDir)
      : item.manifest_path !== undefined
        ? expandPath(item.manifest_path, c.host, c.root)
        : item.manifest_url;
  if (manifest !== undefined) {
    c.progress.step(`installing ${name}`);
    await exec.run('kubectl', [
      'create', '-f', manifest, '--context', c.context, ...kubeconfigArgs, ...(namespace ? ['--namespace', namespace] : []),
    ]);
  } else if (item.helm_chart !== undefined) {
    let chart = item.helm_chart;
    if (item.helm_repo !== undefined) {
      const repo = chart.slice(0, chart.indexOf('/'));
      await exec.run('helm', ['repo', 'add', repo, item.helm_repo]);
      await exec.run('helm', ['repo', 'update']);
    } else {
      chart = expandPath(chart, c.host, c.root);
    }
    const values = [
      ...(item.helm_builtin_values ?? []).map((v) => writeBuiltinValues(v, c.tempDir)),
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
    await c.progress.long(`installing ${name}`, () => exec.run('helm', args));
  }
}

/** ClusterCreate, with interrupts handled (interrupt.ts). */
export function runClusterCreate(arg: string, opts: ClusterCreateOptions = {}, host: Host = processHost()): Promise<void> {
  return withInterrupts(() => _clusterCreate(arg, opts, host));
}

async function _clusterCreate(arg: string, opts: ClusterCreateOptions, host: Host): Promise<void> {
  const exec = execFor(host, opts);
  const progress = new Progress(host, exec.dryRun);

  // Checks that need no program.
  const config = loadClusterConfig(opts.cfg, host);
  const name = clusterName(arg, host);
  const context = `${K3D_PREFIX}${name}`;
  const kubeconfig = kubeconfigFile(opts, host);
  if (opts.namespace !== undefined) checkLabel('namespace', opts.namespace);
  const staticFiles = staticDir(opts.static, config, host);
  const catalog = defaultCatalog();
  const expose = opts.expose && opts.expose.length > 0 ? opts.expose : [config.default_expose.join(',')];
  const requests = parseExpose(expose, catalog);
  const root = checkoutRoot(host);
  for (const [itemName, item] of orderedInstallItems(config)) {
    for (const line of item.cmd ?? []) {
      try {
        splitCommandLine(line.replace(/^-/, ''));
      } catch (e) {
        throw new AfcError(`config item ${itemName}: ${(e as Error).message}`);
      }
    }
    if (item.manifest_path !== undefined && !exec.dryRun) {
      const path = expandPath(item.manifest_path, host, root);
      if (!existsSync(path)) throw new AfcError(`config item ${itemName}: manifest_path "${path}" does not exist: fix the config`);
    }
    for (const v of item.helm_values ?? []) {
      const path = expandPath(v, host, root);
      if (!existsSync(path)) throw new AfcError(`config item ${itemName}: helm values file "${path}" does not exist: fix the config`);
    }
  }

  // Read-only queries.
  progress.step(`checking k3d cluster ${name}, the registry and host ports`);
  const existed = (await listClusters(exec)).some((c) => c.name === name);
  const registry = await findRegistry(exec, opts.k3dReg);
  const used = await usedHostPorts(exec);
  const allocation = allocateHostPorts(requests, used);
  for (const port of allocation.inUse) progress.warn(`host port ${port} seems to be in use already`);

  // Changes.
  if (existed) progress.step(`k3d cluster ${name} exists: it is deleted first`);
  await deleteLoop(exec, progress, name, kubeconfig);
  const createArgs = [
    'cluster', 'create', name,
    '--agents', String(AGENTS),
    '-v', `${staticFiles}:${STATIC_MOUNT}`,
    ...EXTRA_VOLUMES.flatMap((v) => ['-v', v]),
    '--registry-use', registry.address,
    '--kubeconfig-switch-context',
    '--kubeconfig-update-default',
    ...allocation.mappings.flatMap((m) => ['--port', `${m.hostPort}:${m.nodePort}@agent:0`]),
  ];
  await progress.long(`creating k3d cluster ${name}`, () => exec.run('k3d', createArgs, { env: k3dEnv(kubeconfig) }));

  const kubeconfigArgs = kubeconfig ? ['--kubeconfig', kubeconfig] : [];
  const namespaces = new Namespaces(exec, context, kubeconfigArgs);
  const items = orderedInstallItems(config);
  if (opts.namespace !== undefined || items.some(([, i]) => i.namespace)) await namespaces.load();
  if (opts.namespace !== undefined) {
    await namespaces.ensure(opts.namespace);
    await exec.run('kubectl', ['config', 'set', `contexts.${context}.namespace`, opts.namespace, ...kubeconfigArgs]);
  }
  await withTempDir(host, async (tempDir) => {
    for (const [itemName, item] of items) {
      await installItem(itemName, item, { exec, progress, host, context, kubeconfig, namespaces, tempDir, root });
    }
  });

  if (exec.dryRun) {
    progress.step('dry run: nothing was changed');
    return;
  }
  const shownKubeconfig = opts.kubeconfig ?? host.env.KUBECONFIG ?? '~/.kube/config';
  const nsClause = opts.namespace !== undefined ? `namespace of '${opts.namespace}'` : 'default namespace';
  host.stdout.write(
    `Cluster '${name}' (aka '${context}') created in context '${context}' that made current in kubeconfig \`${shownKubeconfig}' with ${nsClause}.\n` +
      `Host port mappings:\n${allocation.mappings.map((m: PortMapping) => `  ${describeMapping(m)}\n`).join('')}`,
  );
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
}

/** `afc cluster ports CLUSTER`: the host → node port mappings of a k3d cluster, by host port. */
/** ClusterPorts, with interrupts handled (interrupt.ts). */
export function runClusterPorts(arg: string, opts: ClusterPortsOptions = {}, host: Host = processHost()): Promise<void> {
  return withInterrupts(() => _clusterPorts(arg, opts, host));
}

async function _clusterPorts(arg: string, opts: ClusterPortsOptions, host: Host): Promise<void> {
  const exec = execFor(host, opts);
  let name: string;
  if (arg === CURRENT) name = k3dClusterOf(await resolveKubeTarget(exec, host, undefined));
  else name = clusterName(arg, host);
  const cluster = (await listClusters(exec)).find((c) => c.name === name);
  if (!cluster) throw new AfcError(`k3d cluster "${name}" not found: check \`k3d cluster list\``);
  const catalog = defaultCatalog();
  const mappings = [...clusterPortMappings(cluster)].sort(([a], [b]) => a - b);
  for (const [hostPort, nodePort] of mappings) {
    const known = nodePortName(catalog, nodePort);
    host.stdout.write(`${hostPort} -> ${nodePort}${known ? `: ${known.name} of ${known.component}` : ''}\n`);
  }
}
