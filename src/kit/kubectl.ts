/**
 * kubectl for the day-2 commands, through the kit's exec module (argv only; queries run in --dry-run
 * too, actions are printed instead). Every call names the resolved context explicitly, and ApplySet
 * support is switched on (`KUBECTL_APPLYSET=true`; kubectl is the reference ApplySet implementation).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseAnswer } from './answer.js';
import { kubectlTarget, type KubeTarget } from './context.js';
import type { Exec, Outcome } from './exec.js';
import { toYamlStream } from './yaml.js';
import { isMap, type K8sObject } from './objects.js';

export const APPLYSET_ENV = { KUBECTL_APPLYSET: 'true' } as const;

export class Kubectl {
  constructor(
    readonly exec: Exec,
    readonly target: KubeTarget,
    /** A private temporary folder for manifests. */
    readonly tmp: string,
  ) {}

  private files = 0;

  /** Runs a read-only kubectl command; returns stdout. */
  query(args: readonly string[]): Promise<string> {
    return this.exec.query('kubectl', [...args, ...kubectlTarget(this.target)], { env: APPLYSET_ENV });
  }

  /** Runs a kubectl command that changes the cluster (printed instead with --dry-run). */
  run(args: readonly string[]): Promise<boolean> {
    return this.exec.run('kubectl', [...args, ...kubectlTarget(this.target)], { env: APPLYSET_ENV });
  }

  /**
   * Runs a kubectl command that changes the cluster and whose answer matters (the Lease's claim: an
   * AlreadyExists or Conflict is an answer, not an error); never called in --dry-run.
   */
  write(args: readonly string[], step: string, opts: { readonly cleanup?: boolean } = {}): Promise<Outcome> {
    return this.exec.probe('kubectl', [...args, ...kubectlTarget(this.target)], { env: APPLYSET_ENV, kind: 'kubectl', step, cleanup: opts.cleanup });
  }

  /** Writes objects to a new manifest file in the temporary folder; returns its path. */
  manifest(objects: readonly K8sObject[], name = 'manifest'): string {
    const file = join(this.tmp, `${String(++this.files).padStart(2, '0')}-${name}.yaml`);
    writeFileSync(file, toYamlStream(objects as never), { mode: 0o600 });
    return file;
  }

  /**
   * Runs a query answering JSON and returns its objects (a List's items, or the one object; none for empty
   * output). The JSON is asked for as `-o jsonpath={@}`: the same document as `-o json` (kubectl marshals
   * the root object), without the indentation, which is more than half of `-o json`'s bytes for a listing
   * or a dry run of the release (110 vs 280 kB) that would go through the pipe and JSON.parse for nothing.
   */
  async objects(args: readonly string[]): Promise<K8sObject[]> {
    const text = await this.query([...args, '-o', 'jsonpath={@}']);
    return parseObjects(text, `kubectl ${args.slice(0, 2).join(' ')}`);
  }
}

/** kubectl's JSON output: a List or one object (nothing for empty output), read by parseAnswer. */
export function parseObjects(text: string, what: string): K8sObject[] {
  if (text.trim() === '') return [];
  const v = parseAnswer(text, z.unknown(), what, { notJson: `${what} answered something that is not JSON: check the kubectl version (AFC_KUBECTL)` });
  if (isMap(v) && Array.isArray(v.items) && String(v.kind ?? '').endsWith('List')) return v.items as K8sObject[];
  return isMap(v) ? [v as K8sObject] : [];
}
