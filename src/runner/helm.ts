/**
 * The helm the runner drives, Helm 3 (3.13 or later) or Helm 4, as `helm version` reports it, asked
 * once per run (per Exec), and the argv each major takes for what afc asks of it. Commands build their
 * helm argv from a `HelmCli`, never from literals, so one major's flag cannot reach the other:
 *
 * | afc wants                      | Helm 3                 | Helm 4                                      |
 * |--------------------------------|------------------------|---------------------------------------------|
 * | every release, in any status   | `helm list --all`      | `helm list` (lists every status; no --all)  |
 * | wait until the objects are ready (install, upgrade) or gone (uninstall) | `--wait` | `--wait=watcher` (bare --wait is watcher too; without it 4 waits only for hooks) |
 * | render against the server      | `--dry-run=server`     | `--dry-run=server` (none, client or server) |
 *
 * Flags afc does not pass and that were renamed in 4 (`--atomic` → `--rollback-on-failure`, `--force` →
 * `--force-replace`) stay out of afc's argv. How Helm 4 applies: `helm install` server-side, `helm
 * upgrade` and `helm rollback` with `--server-side=auto`, the method of the release's last revision (a
 * release Helm 3 installed stays client-side: three-way merge). `forceConflicts` is Helm 4's flag for
 * taking fields over from other managers under server-side apply; Helm 3 overwrites them anyway.
 *
 * Older helm (3.12 and before: no `--dry-run=server`; Helm 2) is refused with one line naming the version.
 */
import { AfcError } from '../errors.js';
import type { Exec } from '../kit/exec.js';

/** The helm afc drives: its version and the argv of each major. */
export interface HelmCli {
  /** As reported: `v3.16.4`, `v4.3.2`. */
  readonly version: string;
  readonly major: 3 | 4;
  /** `helm list` flags that list releases in every status (deployed, failed, pending, uninstalling). */
  readonly listAll: readonly string[];
  /** The flag that waits for readiness (install/upgrade/rollback) or for deletion (uninstall). */
  readonly wait: string;
  /** Server-side rendering and validation, changing nothing. */
  readonly dryRunServer: string;
  /** Take fields other managers own under server-side apply (Helm 4); none for Helm 3 (it overwrites them). */
  readonly forceConflicts: readonly string[];
}

/** The oldest Helm 3 afc supports: 3.13 brought `--dry-run=server`. */
export const MIN_HELM3_MINOR = 13;

const HELM3: Omit<HelmCli, 'version'> = { major: 3, listAll: ['--all'], wait: '--wait', dryRunServer: '--dry-run=server', forceConflicts: [] };
const HELM4: Omit<HelmCli, 'version'> = { major: 4, listAll: [], wait: '--wait=watcher', dryRunServer: '--dry-run=server', forceConflicts: ['--force-conflicts'] };

/** The `helm version` query afc runs (one line, both majors). */
export const HELM_VERSION_ARGS = ['version', '--template', '{{ .Version }}'] as const;

/** The HelmCli of a `helm version --template '{{ .Version }}'` answer; a one-line error for an unsupported one. */
export function helmCliFor(answer: string): HelmCli {
  const version = answer.trim().split('\n')[0]!.trim();
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) throw new AfcError(`helm version answered "${version}", not a version: check AFC_HELM or the helm on PATH (afc needs Helm 3.13+ or Helm 4)`);
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major === 4) return { version, ...HELM4 };
  if (major === 3 && minor >= MIN_HELM3_MINOR) return { version, ...HELM3 };
  throw new AfcError(`helm ${version} is not supported: afc needs Helm 3.${MIN_HELM3_MINOR} or later, or Helm 4 (install one, or point AFC_HELM at it)`);
}

const asked = new WeakMap<Exec, Promise<HelmCli>>();

/** The helm of this run: `helm version`, asked once per Exec (a query: it runs in --dry-run too). */
export function helmCli(exec: Exec): Promise<HelmCli> {
  let p = asked.get(exec);
  if (!p) {
    p = exec.query('helm', [...HELM_VERSION_ARGS], { step: 'asking helm for its version' }).then(helmCliFor);
    asked.set(exec, p);
    // A failed ask is not cached: the error reaches the caller, a later call asks again.
    p.catch(() => asked.delete(exec));
  }
  return p;
}
