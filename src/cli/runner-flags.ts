/** Flags shared by the command files (the runner commands' --timeout; the collector of repeatable options). */
import { Option } from 'commander';

/** Commander's collector of a repeatable option: every occurrence appended, in order. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export const TIMEOUT_HELP =
  'time limit of each program afc runs: DURATION for every kind of step, or KIND=DURATION with KIND one of query (1m), kubectl (5m), helm (10m; at least --wait + 2m), cluster (10m), image (15m), build (60m); comma-separated, repeatable';

/** `--timeout`, repeatable, collected into a list that the runner parses (runner/exec.ts parseTimeouts). */
export const timeoutOption = (): Option =>
  new Option('--timeout <[kind=]duration>', TIMEOUT_HELP).argParser(collect);
