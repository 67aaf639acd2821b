/**
 * The `afc` command line: `synth` plus the k3d runner commands. Each command file registers itself;
 * heavy modules are imported only by the command that runs. User errors print one line per problem
 * (`afc: error: ...`) and exit 1; nothing prints a stack trace unless AFC_DEBUG is set.
 */
import { Command, CommanderError, type Option } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { reportError as reportAfcError } from '../errors.js';
import { CommandExit } from './exit.js';
import { register as registerCluster } from './cluster.js';
import { register as registerApply } from './apply.js';
import { register as registerDiff } from './diff.js';
import { register as registerGraph } from './graph.js';
import { register as registerImages } from './images.js';
import { register as registerInstall } from './install.js';
import { register as registerMigrate } from './migrate.js';
import { register as registerPrerequisites } from './prerequisites.js';
import { register as registerRatdb } from './ratdb.js';
import { register as registerSynth } from './synth.js';

export function buildProgram(): Command {
  const program = new Command('afc')
    .description('Deploy OpenAFC on Kubernetes: typed manifests, a Helm chart, and a k3d runner')
    .exitOverride()
    .version(pkg.version, '-V, --version', 'print the afc version')
    .configureOutput({ outputError: (str, write) => write(`afc: ${str.trim().replace(/\s*\n\s*/g, " ")} (see --help)\n`) })
    // Inherited by every command registered below.
    .configureHelp({ optionDescription });
  registerSynth(program);
  registerCluster(program);
  registerImages(program);
  registerInstall(program);
  registerMigrate(program);
  registerRatdb(program);
  registerDiff(program);
  registerApply(program);
  registerGraph(program);
  registerPrerequisites(program);
  return program;
}

/**
 * An option's help text: the description, then choices and the default, which is left out when it says
 * nothing (undefined, false, an empty list) or when the description states the default itself.
 */
export function optionDescription(option: Option): string {
  const extra: string[] = [];
  if (option.argChoices) extra.push(`choices: ${option.argChoices.map((c) => JSON.stringify(c)).join(', ')}`);
  const d: unknown = option.defaultValue;
  const saysNothing = d === undefined || d === false || (Array.isArray(d) && d.length === 0);
  if (!saysNothing && !/\bdefault\b/i.test(option.description)) extra.push(`default: ${option.defaultValueDescription ?? JSON.stringify(d)}`);
  if (option.envVar !== undefined) extra.push(`env: ${option.envVar}`);
  return extra.length > 0 ? `${option.description} (${extra.join(', ')})` : option.description;
}

/** Runs the CLI; resolves to the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  // A reader that stops early (`afc ... | head`) closes the pipe: stop quietly, as other CLIs do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    return reportError(e);
  }
}

/** errors.ts's reportError; commander's own errors (printed already; help and version exit 0) keep their code. */
export function reportError(e: unknown): number {
  if (e instanceof CommandExit) return e.code;
  return e instanceof CommanderError ? e.exitCode : reportAfcError(e);
}
