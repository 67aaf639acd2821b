/**
 * The Kubernetes context a command works on. `--context [KUBECONFIG][:CONTEXT]`: the kubeconfig file
 * (default: KUBECONFIG or ~/.kube/config, as kubectl decides) must exist; the context is looked up in
 * `kubectl config view -o json` by name or by `k3d-` + name; without one, the current context is used.
 * The resolved context is then passed explicitly to every kubectl and helm call, so a context switch in
 * another terminal cannot redirect a running install.
 */
import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';
import { AfcError } from '../errors.js';
import type { Exec } from './exec.js';
import { expandPath, type Host } from './host.js';
import { parseAnswer } from './answer.js';
import { checkLabel } from '../model/names.js';

/** What k3d puts before a cluster's name in kubeconfig contexts, clusters and docker names. */
export const K3D_PREFIX = 'k3d-';

/**
 * A namespace checked as an RFC 1123 label of at most 63 characters, wherever it comes from (a flag, a
 * kubeconfig context), before it is passed to kubectl or helm: a value such as `--kubeconfig=/x` read
 * from a kubeconfig must not become an option.
 */
export function checkNamespace(namespace: string, source: string): string {
  return checkLabel(`namespace (${source})`, namespace);
}

export interface KubeTarget {
  /** The kubeconfig file, when one was given. */
  readonly kubeconfig?: string;
  /** Context name. */
  readonly context: string;
  /** Cluster name of the context (k3d clusters are `k3d-NAME`). */
  readonly cluster: string;
  /** Namespace of the context, `default` when it sets none. */
  readonly namespace: string;
}

const kubeconfigSchema = z.looseObject({
  'current-context': z.string().nullish(),
  contexts: z
    .array(z.looseObject({ name: z.string(), context: z.looseObject({ cluster: z.string().nullish(), namespace: z.string().nullish() }).nullish() }))
    .nullish(),
});

/** `[KUBECONFIG][:CONTEXT]` split; the file expanded (~, $VARS) and checked. */
export function parseContextArg(arg: string | undefined, host: Host): { kubeconfig?: string; context?: string } {
  if (arg === undefined || arg === '') return {};
  const colon = arg.indexOf(':');
  const file = colon < 0 ? arg : arg.slice(0, colon);
  const context = colon < 0 ? undefined : arg.slice(colon + 1);
  let kubeconfig: string | undefined;
  if (file !== '') {
    kubeconfig = expandPath(file, host, host.cwd);
    if (!existsSync(kubeconfig) || !statSync(kubeconfig).isFile()) {
      throw new AfcError(`kubeconfig file "${kubeconfig}" (from --context ${arg}) does not exist: use --context [KUBECONFIG][:CONTEXT]`);
    }
  }
  return { kubeconfig, context: context === '' ? undefined : context };
}

/** Reads the kubeconfig (read-only) and resolves the context. */
export async function resolveKubeTarget(exec: Exec, host: Host, arg: string | undefined): Promise<KubeTarget> {
  const { kubeconfig, context } = parseContextArg(arg, host);
  const text = await exec.query('kubectl', ['config', 'view', '-o', 'json', ...(kubeconfig ? ['--kubeconfig', kubeconfig] : [])]);
  const config = parseAnswer(text, kubeconfigSchema, 'kubectl config view -o json');
  const contexts = config.contexts ?? [];
  const where = kubeconfig ? ` in ${kubeconfig}` : '';
  let found;
  if (context !== undefined) {
    found = contexts.find((c) => c.name === context) ?? contexts.find((c) => c.name === `${K3D_PREFIX}${context}`);
    if (!found) {
      throw new AfcError(`context "${context}" not found${where} (contexts: ${contexts.map((c) => c.name).join(', ') || 'none'}): fix --context`);
    }
  } else {
    const current = config['current-context'];
    if (!current) throw new AfcError(`no current context${where}: choose one with --context [KUBECONFIG][:CONTEXT]`);
    found = contexts.find((c) => c.name === current);
    if (!found) throw new AfcError(`current context "${current}" is not defined${where}: choose one with --context [KUBECONFIG][:CONTEXT]`);
  }
  return {
    kubeconfig,
    context: found.name,
    cluster: found.context?.cluster ?? '',
    namespace: found.context?.namespace ? checkNamespace(found.context.namespace, `of context ${found.name}${where}`) : 'default',
  };
}

/** The k3d cluster name of a context, or an AfcError: only k3d clusters are supported. */
export function k3dClusterOf(target: KubeTarget): string {
  if (!target.cluster.startsWith(K3D_PREFIX)) {
    throw new AfcError(
      `context "${target.context}" is on cluster "${target.cluster || '(none)'}", not a k3d cluster: choose a k3d context with --context [KUBECONFIG][:k3d-NAME]`,
    );
  }
  return target.cluster.slice(K3D_PREFIX.length);
}

/** `--kubeconfig F --context C` for kubectl. */
export const kubectlTarget = (t: { kubeconfig?: string; context: string }): string[] => [
  ...(t.kubeconfig ? ['--kubeconfig', t.kubeconfig] : []),
  '--context',
  t.context,
];

/** `--kubeconfig F --kube-context C` for helm. */
export const helmTarget = (t: { kubeconfig?: string; context: string }): string[] => [
  ...(t.kubeconfig ? ['--kubeconfig', t.kubeconfig] : []),
  '--kube-context',
  t.context,
];
