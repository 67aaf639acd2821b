/** Flags shared by the command files (the runner commands' --timeout; the model inputs; the collector of repeatable options). */
import { type Command, Option } from 'commander';

/** Commander's collector of a repeatable option: every occurrence appended, in order. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export const TIMEOUT_HELP =
  'time limit of each program afc runs: DURATION for every kind of step, or KIND=DURATION with KIND one of query (1m), kubectl (5m), helm (10m; at least --wait + 2m), cluster (10m), image (15m), build (60m); comma-separated, repeatable';

/** `--timeout`, repeatable, collected into a list that the runner parses (kit/exec.ts parseTimeouts). */
export const timeoutOption = (): Option =>
  new Option('--timeout <[kind=]duration>', TIMEOUT_HELP).argParser(collect);

/** -p/--platform, -f/--values and --set: the model inputs of the commands that synthesize (graph, diff, apply). */
export const addModelInputOptions = (cmd: Command): Command =>
  cmd
    .option('-p, --platform <list>', 'platform overlays in order, comma-separated (as for afc synth); repeatable', collect)
    .option('-f, --values <file>', 'YAML values file applied after the platforms; repeatable', collect)
    .option('--set <path=value>', 'Helm-style assignment applied last; repeatable', collect)
    .option('--openafc <version>', 'OpenAFC version of the model (as for afc synth); default fc912b4a');
