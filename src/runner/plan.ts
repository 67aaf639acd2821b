/** The shape shared by the runner's plans (install, cluster create): a step that runs one program. */
import type { CommandOptions } from './exec.js';

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
