/** Flags shared by the runner commands (install, cluster, images, ratdb). */
import { Option } from 'commander';

export const TIMEOUT_HELP =
  'time limit of each program afc runs: DURATION for every kind of step, or KIND=DURATION with KIND one of query (1m), kubectl (5m), helm (10m; at least --wait + 2m), cluster (10m), image (15m), build (60m); comma-separated, repeatable';

/** `--timeout`, repeatable, collected into a list that the runner parses (runner/exec.ts parseTimeouts). */
export const timeoutOption = (): Option =>
  new Option('--timeout <[kind=]duration>', TIMEOUT_HELP).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
