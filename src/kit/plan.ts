/** The shapes shared by the runner's plans (install, cluster create): a step that runs one program, and how --dry-run shows a step. */
import type { CommandOptions, Exec } from './exec.js';

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

/** The line `--dry-run` prints before a step (its commands follow): `# title: why`. */
export const planLine = (step: PlanStep): string => `# ${step.title}: ${step.why}\n`;

/** In --dry-run, prints the step's plan line; applying a plan calls it before each step. */
export function showStep(exec: Pick<Exec, 'dryRun' | 'host'>, step: PlanStep): void {
  if (exec.dryRun) exec.host.stdout.write(planLine(step));
}
