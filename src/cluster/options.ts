/** The options of `afc diff` and `afc apply`, as the command line gives them (commander fills these). */

/** Options shared by `afc diff` and `afc apply`. */
export interface ClusterCliOptions {
  platform?: string[];
  values?: string[];
  set?: string[];
  /** The OpenAFC version of the model (--openafc). */
  openafc?: string;
  release: string;
  namespace?: string;
  context?: string;
  skipMonitors?: boolean;
  verbose?: boolean;
  timeout?: string[];
  /** `--prune-claim NAME` (repeatable): a kept claim (or a StatefulSet deleting its claims) pruned after all. */
  pruneClaim?: string[];
  /** `--rebuild-applyset`: rebuild a lost ApplySet parent from the members found by their label. */
  rebuildApplyset?: boolean;
}

export interface DiffCliOptions extends ClusterCliOptions {
  against?: string;
  output: 'text' | 'json';
}

/** `afc apply`'s own options. */
export interface ApplyCliOptions extends ClusterCliOptions {
  createNamespace?: boolean;
  wait?: string;
  dryRun?: boolean;
  yes?: boolean;
  forceConflicts?: boolean;
  /** `--take-over-lease`: claim the release although another apply's Lease holds it (that apply was killed). */
  takeOverLease?: boolean;
}
