/**
 * `afc ratdb preload`: fills ratdb the way the regression tests' server does: builds the regression
 * test image from the checkout (tests/Dockerfile), exports the admin config with it, copies it into the
 * rat_server pod and there runs `rat-manage-api`: db-create, cfg add, the admin user, and the
 * certification ids of the US, Canadian and Brazilian rulesets. The temporary image, container and
 * file are removed whatever happens.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AfcError } from '../errors.js';
import { resolveKubeTarget, type KubeTarget } from '../kit/context.js';
import { withInterrupts } from '../kit/interrupt.js';
import { execFor, type Exec, type RunnerOptions } from '../kit/exec.js';
import { processHost, withTempDir, type Host } from '../kit/host.js';
import { parseAnswer } from '../kit/answer.js';
import { checkoutRoot } from './names.js';
import { Progress } from '../kit/progress.js';
import { resolveArgs, runPlanned, TEMP, type Placeholders, type PlannedRun } from '../kit/plan.js';

/** Substrings of the rat_server pod's name, tried when --pod-stem is not given. */
export const POD_STEMS = ['rat-server', 'webui'];
/** Dockerfile of the regression test image, relative to the checkout root. */
export const TESTS_DOCKERFILE = 'tests/Dockerfile';
const EXPORTED = '/export_admin_cfg.json';
const IN_POD = '/tmp/export_admin_cfg.json';

/** rat-manage-api invocations, in order. */
export const RAT_MANAGE_API: readonly (readonly string[])[] = [
  ['db-create'],
  ['cfg', 'add', `src=${IN_POD}`],
  ['user', 'create', '--role', 'Super', '--role', 'Admin', '--role', 'AP', '--role', 'Analysis', '--org', 'fcc', 'admin@afc.com', 'openafc'],
  ['cert_id', 'create', '--location', '3', '--cert_id', 'FsDownloaderCertIdUS', '--ruleset_id', 'US_47_CFR_PART_15_SUBPART_E'],
  ['cert_id', 'create', '--location', '3', '--cert_id', 'FsDownloaderCertIdCA', '--ruleset_id', 'CA_RES_DBS-06'],
  ['cert_id', 'create', '--location', '3', '--cert_id', 'FsDownloaderCertIdBR', '--ruleset_id', 'BRAZIL_RULESETID'],
];

/** The checkout root, checked to hold the regression tests' Dockerfile. */
/** What a rat-manage-api call does, for errors: "creating ratdb's database failed: ...". */
export function ratManageStep(args: readonly string[]): string {
  if (args[0] === 'db-create') return "creating ratdb's database";
  if (args[0] === 'cfg') return "adding the admin config to ratdb";
  if (args[0] === 'user') return `creating ratdb's user ${args.at(-2)}`;
  if (args[0] === 'cert_id') return `adding certification id ${args[args.indexOf('--cert_id') + 1]} to ratdb`;
  return `rat-manage-api ${args.join(' ')}`;
}

export function ratdbSourceRoot(host: Host): string {
  const root = checkoutRoot(host);
  if (!existsSync(join(root, TESTS_DOCKERFILE))) {
    throw new AfcError(`${join(root, TESTS_DOCKERFILE)} not found: run from an OpenAFC checkout or set AFC_SOURCE_ROOT to one`);
  }
  return root;
}

const podsSchema = z.looseObject({ items: z.array(z.looseObject({ metadata: z.looseObject({ name: z.string() }) })).nullish() });

export interface PreloadTarget {
  readonly target: KubeTarget;
  readonly namespace: string;
  readonly podStem?: string;
  readonly root: string;
  /** In a dry run after an install that did not run: the pod cannot be looked up. */
  readonly podUnknown?: boolean;
}

/** The rat_server pod in a preload's argv, until it is looked up (after an install: when it runs). */
export const RAT_SERVER_POD = 'RAT_SERVER_POD';

/**
 * The programs of a preload with their final argv (the pod and the temporary folder as placeholders):
 * the regression test image is built, the admin config exported with it and copied out (then the
 * container and the image are removed, whatever happened), copied into the pod and loaded there.
 */
export interface PreloadPlan {
  /** Substrings of the pod's name, tried in order. */
  readonly stems: readonly string[];
  /** `kubectl get pods` of the namespace (a query), to find the pod. */
  readonly podsQuery: readonly string[];
  readonly build: PlannedRun;
  readonly exportConfig: readonly PlannedRun[];
  readonly removeContainer: PlannedRun;
  readonly removeImage: PlannedRun;
  readonly fill: readonly PlannedRun[];
}

export function planPreload(p: Omit<PreloadTarget, 'podUnknown'>, suffix: string): PreloadPlan {
  const { target } = p;
  // The scripts' order: namespace, kubeconfig, context, right after kubectl's verb.
  const where = ['--namespace', p.namespace, ...(target.kubeconfig ? ['--kubeconfig', target.kubeconfig] : []), '--context', target.context];
  const image = `temp_rtest:temp_${suffix}`;
  const container = `temp_rtest_temp_${suffix}`;
  const cfgFile = join(TEMP, 'export_admin_cfg.json');
  const pod = RAT_SERVER_POD;
  return {
    stems: p.podStem ? [p.podStem] : POD_STEMS,
    podsQuery: ['get', 'pods', '-o', 'json', ...where],
    build: {
      tool: 'docker',
      args: ['build', '.', '-t', image, '-f', TESTS_DOCKERFILE],
      opts: { cwd: p.root, kind: 'build', step: 'building the regression test image' },
      announce: { text: 'building the regression test image', long: true },
    },
    exportConfig: [
      { tool: 'docker', args: ['run', '--name', container, image, '--cmd', 'exp_adm_cfg', '--outfile', EXPORTED], opts: { step: 'exporting the admin config' } },
      { tool: 'docker', args: ['cp', `${container}:${EXPORTED}`, cfgFile], opts: { step: 'copying the exported admin config out of its container' } },
    ],
    removeContainer: { tool: 'docker', args: ['container', 'rm', container], opts: { allowFailure: true, cleanup: true, timeoutMs: 60_000, step: `removing the temporary container ${container}` } },
    removeImage: { tool: 'docker', args: ['image', 'rm', image], opts: { allowFailure: true, cleanup: true, timeoutMs: 60_000, step: `removing the temporary image ${image}` } },
    fill: [
      { tool: 'kubectl', args: ['cp', ...where, cfgFile, `${pod}:${IN_POD}`], opts: { step: `copying the admin config into pod ${pod}` } },
      ...RAT_MANAGE_API.map((args): PlannedRun => ({ tool: 'kubectl', args: ['exec', ...where, pod, '--', 'rat-manage-api', ...args], opts: { step: ratManageStep(args) } })),
    ],
  };
}

/** Every program a preload runs, in order (what --dry-run prints). */
export const preloadCommands = (plan: PreloadPlan): PlannedRun[] => [plan.build, ...plan.exportConfig, plan.removeContainer, plan.removeImage, ...plan.fill];

/** Finds the pod (unless `podUnknown` in a dry run), then runs the plan's programs. */
export async function preloadRatdb(exec: Exec, progress: Progress, p: PreloadTarget, plan: PreloadPlan = planPreload(p, exec.host.randomSuffix())): Promise<void> {
  const { stems } = plan;
  let pod: string;
  if (p.podUnknown && exec.dryRun) {
    pod = RAT_SERVER_POD;
    progress.step(`dry run: ${RAT_SERVER_POD} stands for the first pod whose name contains ${stems.join(' or ')}`);
  } else {
    const text = await exec.query('kubectl', plan.podsQuery);
    const pods = (parseAnswer(text, podsSchema, 'kubectl get pods -o json').items ?? []).map((i) => i.metadata.name);
    const found = pods.find((name) => stems.some((s) => name.includes(s)));
    if (!found) {
      throw new AfcError(
        `no pod whose name contains ${stems.join(' or ')} in namespace ${p.namespace} (pods: ${pods.join(', ') || 'none'}): is AFC installed there? (--pod-stem names another)`,
      );
    }
    pod = found;
  }
  await withTempDir(exec.host, async (dir) => {
    // The placeholders: the temporary folder always (a dry run prints its path, as before), the pod once known.
    const paths: Placeholders = { [TEMP]: dir, [RAT_SERVER_POD]: pod };
    const real = (cmd: PlannedRun): PlannedRun => ({ ...cmd, args: resolveArgs(cmd.args, paths), opts: { ...cmd.opts, step: cmd.opts.step?.replace(RAT_SERVER_POD, pod) } });
    await runPlanned(exec, progress, real(plan.build));
    try {
      progress.step('exporting the admin config');
      try {
        for (const cmd of plan.exportConfig) await runPlanned(exec, progress, real(cmd));
      } finally {
        await runPlanned(exec, progress, real(plan.removeContainer));
      }
    } finally {
      await runPlanned(exec, progress, real(plan.removeImage));
    }
    progress.step(`filling ratdb through pod ${pod}`);
    for (const cmd of plan.fill) await runPlanned(exec, progress, real(cmd));
  });
}

export interface RatdbOptions extends RunnerOptions {
  readonly namespace?: string;
  readonly context?: string;
  readonly podStem?: string;
  readonly dryRun?: boolean;
  readonly verbose?: boolean;
}

/** RatdbPreload, with interrupts handled (interrupt.ts). */
export function runRatdbPreload(opts: RatdbOptions = {}, host: Host = processHost()): Promise<void> {
  return withInterrupts(() => _ratdbPreload(opts, host));
}

async function _ratdbPreload(opts: RatdbOptions, host: Host): Promise<void> {
  const exec = execFor(host, opts);
  const progress = new Progress(host, exec.dryRun);
  const root = ratdbSourceRoot(host);
  const target = await resolveKubeTarget(exec, host, opts.context);
  const namespace = opts.namespace ?? target.namespace;
  await preloadRatdb(exec, progress, { target, namespace, podStem: opts.podStem, root });
  if (exec.dryRun) progress.step('dry run: nothing was changed');
  else host.stdout.write(`ratdb filled from the test database (namespace ${namespace}, context ${target.context}).\n`);
}
