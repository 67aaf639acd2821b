/**
 * The shapes shared by the runner's plans (install, cluster create, migrate, prerequisites) and the one
 * executor that runs and prints their steps.
 *
 * A plan is finished when it is made: every step carries its final argv. A path that does not exist
 * yet when the plan is made (a temporary folder) is a placeholder in the argv (`CHART`); `--dry-run`
 * prints it as it is, and `resolveArgs` (the one place) puts the real path in when the step runs.
 */
import type { CommandOptions, Exec } from './exec.js';
import type { Progress } from './progress.js';

/** A step that runs one program with its argv; `--dry-run` prints `# title: why` and the command. */
export interface RunStep {
  readonly kind: 'run';
  /** Progress text and the step's name in errors ("uninstalling release afc"). */
  readonly title: string;
  readonly why: string;
  readonly tool: string;
  readonly args: readonly string[];
  readonly opts: CommandOptions;
  /** What this step destroys, for the messages of later failures. */
  readonly destroys?: string;
}

/** What every step of a plan says of itself. */
export interface PlanStep {
  readonly title: string;
  readonly why: string;
}

/**
 * The placeholder of a generated chart's temporary folder in a plan's argv and in --dry-run output
 * (install, migrate): the folder is made when the plan is applied, and resolveArgs puts its path in.
 */
export const CHART = 'CHART';
/** The placeholder of a command's temporary folder (cluster create's manifests, ratdb's preload files). */
export const TEMP = 'TEMP';

/** Placeholders of a plan's argv and the real paths they stand for (`{ CHART: '/tmp/afc-x/afc-int' }`). */
export type Placeholders = Readonly<Record<string, string>>;

/**
 * The argv with each placeholder replaced by its value, also where it starts a path or a `NAME:PATH`
 * (`TEMP/prometheus`, `RAT_SERVER_POD:/tmp/x`): the one place a planned argv is changed.
 */
export function resolveArgs(args: readonly string[], paths: Placeholders = {}): string[] {
  return args.map((a) => {
    const key = Object.keys(paths).find((k) => a === k || a.startsWith(`${k}/`) || a.startsWith(`${k}:`));
    return key === undefined ? a : `${paths[key]!}${a.slice(key.length)}`;
  });
}

/** One program of a step that runs several (a config item of cluster create), with its final argv. */
export interface PlannedRun {
  readonly tool: string;
  readonly args: readonly string[];
  readonly opts: CommandOptions;
  /** Its progress line: before it (`long: false`), or around it with the time it took (`long: true`). */
  readonly announce?: { readonly text: string; readonly long: boolean };
}

/** Runs one planned program (in --dry-run prints it, placeholders as they are). */
export async function runPlanned(exec: Exec, progress: Progress, cmd: PlannedRun, paths: Placeholders = {}): Promise<void> {
  const args = exec.dryRun ? [...cmd.args] : resolveArgs(cmd.args, paths);
  const run = (): Promise<boolean> => exec.run(cmd.tool, args, cmd.opts);
  if (cmd.announce?.long) await progress.long(cmd.announce.text, run);
  else {
    if (cmd.announce) progress.step(cmd.announce.text);
    await run();
  }
}

/** The line `--dry-run` prints before a step (its commands follow): `# title: why`. */
export const planLine = (step: PlanStep): string => `# ${step.title}: ${step.why}\n`;

/** In --dry-run, prints the step's plan line; applying a plan calls it before each step. */
export function showStep(exec: Pick<Exec, 'dryRun' | 'host'>, step: PlanStep): void {
  if (exec.dryRun) exec.host.stdout.write(planLine(step));
}

/**
 * The executor of a run step: in --dry-run prints its plan line and its command (placeholders as they
 * are), else runs the command with the placeholders resolved, under the step's progress line.
 */
export async function runStep(exec: Exec, progress: Progress, step: RunStep, paths: Placeholders = {}): Promise<void> {
  showStep(exec, step);
  await runPlanned(exec, progress, { ...step, announce: { text: step.title, long: true } }, paths);
}
