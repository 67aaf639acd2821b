/**
 * `afc apply`: facts → plan → apply.
 *
 * 1. Facts, read-only and concurrent: everything the live diff needs (live.ts: the dry run and one listing
 *    of the namespace, which also gives its Secrets and ConfigMaps, Helm releases, and the StorageClasses
 *    when a claim template names none), the cluster's Services only when the output fixes nodePorts,
 *    and the server version only when the dry run does not prove it new enough (it accepted the
 *    autoscaling/v2 HPA). Two kubectl calls when all is well, three when the output fixes nodePorts.
 * 2. Preflight (preflight.ts): every problem, one line each; nothing has changed yet.
 * 3. The plan is printed (the same text as `afc diff`); conflicts with other field managers stop here
 *    unless --force-conflicts, drift included (nothing is applied partially); a context that is not local
 *    needs --yes or a confirmation.
 * 4. Actions (printed instead with --dry-run): create the namespace (--create-namespace); hand spec.replicas
 *    of autoscaled Deployments over (hpa.ts); restore drift (fields of members last written by imperative
 *    kubectl commands, see kit/fields.ts): a forced apply of the drifted objects only, each on the condition of
 *    the resourceVersion read, each restored field named afterwards; then `kubectl apply --server-side
 *    --field-manager=afc --prune --applyset=secrets/afc-applyset-<release>` (KUBECTL_APPLYSET=true), with
 *    --force-conflicts only when asked for. Nothing is applied when nothing differs.
 * 5. --wait: one line per workload as it becomes ready; on timeout the ones that are not, with why.
 */
import { z } from 'zod';
import { parseAnswer } from '../kit/answer.js';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { AfcError, AfcValidationError } from '../errors.js';
import type { ApplyCliOptions } from './options.js';
import { execFor } from '../kit/exec.js';
import { hostTmpdir, processHost, useColour, withTempDir, type Host } from '../kit/host.js';
import { interruption, InterruptedError, withInterrupts } from '../kit/interrupt.js';
import { ANNOTATION_GROUP_KINDS, ANNOTATION_NAMESPACES, ANNOTATION_TOOLING, additionalNamespaces, applySetId, applysetFlag, parentFor, containsGroupKinds, isMember, LABEL_ID, LABEL_PART_OF } from '../kit/applyset.js';
import { HANDOVER_MANAGER, handoverManifest } from './hpa.js';
import { keptLine, releaseArgs } from './keep.js';
import { Kubectl } from '../kit/kubectl.js';
import { heldMessage, holderIdentity, leaseManifest, leaseName, leaseState, type LeaseState } from './lease.js';
import { asError, FIELD_MANAGER, gather, GatherError, gatheredProblems, namespaceOf, remarksOf, resolveTarget, settled, typeArg, type Gathered } from './live.js';
import { describeObject, groupOf, type K8sObject } from '../kit/objects.js';
import { desiredObjects } from './desired.js';
import { clusterNeeds, isMinServerApi, listedFacts, missingNamespaceProblems, MONITOR_CRDS, parseTableNames, unrenderedReferences, needsConfirmation, preflightProblems, provesMinServer, type ClusterFacts, type ListedFacts } from './preflight.js';
import { renderText, summarize } from './render.js';
import { externalSecretsByTarget, missingSecretLine, mountedSecrets, neededCredentials, storeKey, storeTypeArg, unrenderedStores, type SecretFacts } from './secrets.js';
import { notReadyLine, parseWait, readiness } from './wait.js';

const STORAGE_CLASS = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' } as const;

async function confirm(context: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`Apply these changes to context "${context}"? Type yes to continue: `);
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls the release's workloads until all are ready or the time is up. */
export async function waitForWorkloads(k: Kubectl, host: Host, namespace: string, id: string, timeoutMs: number, desired: readonly K8sObject[] = []): Promise<void> {
  const start = host.now();
  const reported = new Set<string>();
  const query = ['get', 'deployments.apps,statefulsets.apps', '-n', namespace, '-l', `${LABEL_PART_OF}=${id}`];
  for (;;) {
    const workloads = await k.objects(query);
    const elapsed = ((host.now() - start) / 1000).toFixed(0);
    for (const w of workloads) {
      const r = readiness(w);
      const name = `${w.kind} ${w.metadata.name}`;
      if (r.ready && !reported.has(name)) {
        reported.add(name);
        host.stderr.write(`ready: ${name} (${r.count}) after ${elapsed}s\n`);
      }
    }
    const waiting = workloads.filter((w) => !readiness(w).ready);
    if (waiting.length === 0) {
      host.stderr.write(`all ${workloads.length} workloads ready after ${elapsed}s\n`);
      await waitForMountedSecrets(k, namespace, desired, () => host.now() - start >= timeoutMs);
      return;
    }
    if (host.now() - start >= timeoutMs) {
      const events = await k.objects(['get', 'events', '-n', namespace]);
      throw new AfcValidationError([
        `timed out after ${elapsed}s waiting for ${waiting.length} of ${workloads.length} workloads (see kubectl describe; raise --wait):`,
        ...waiting.map((w) => notReadyLine(w, events)),
      ]);
    }
    await sleep(Math.min(2000, Math.max(0, timeoutMs - (host.now() - start))));
  }
}

/**
 * What the live diff's gathering told, for preflight: each fact with its unknowns explicit. When the
 * gathering failed before the namespace was listed, the namespace is taken to exist and every monitor
 * CRD to be there (unknown: preflight says nothing of them, and the failure itself is reported).
 */
type LiveAnswer =
  | { readonly state: 'gathered'; readonly gathered: Gathered; readonly namespaceExists: boolean; readonly crds: ReadonlySet<string>; readonly named: readonly K8sObject[] }
  | { readonly state: 'failed'; readonly error: Error; readonly namespaceExists: boolean; readonly crds: ReadonlySet<string>; readonly named: readonly K8sObject[] };

function liveAnswer(answer: Gathered | Error): LiveAnswer {
  if (answer instanceof GatherError) {
    return { state: 'failed', error: answer.reason, namespaceExists: answer.namespaceExists, crds: answer.crds, named: answer.listed ?? [] };
  }
  if (answer instanceof Error) return { state: 'failed', error: answer, namespaceExists: true, crds: new Set(Object.values(MONITOR_CRDS)), named: [] };
  return { state: 'gathered', gathered: answer, namespaceExists: answer.namespaceExists, crds: answer.crds, named: [...answer.listed, ...answer.facts.live.values()] };
}

/** The server version: proven new enough by the dry run (not asked), answered, or the context does not answer. */
type ServerAnswer = { readonly state: 'proven' } | { readonly state: 'answered'; readonly version?: string } | { readonly state: 'unreachable'; readonly error: string };

async function serverAnswer(asked: Promise<string | Error>): Promise<ServerAnswer> {
  try {
    const answer = await asked;
    if (answer instanceof Error) throw answer;
    const v = JSON.parse(answer) as { serverVersion?: { gitVersion?: string } };
    return { state: 'answered', version: v.serverVersion?.gitVersion };
  } catch (e) {
    return { state: 'unreachable', error: asError(e).message };
  }
}

/**
 * The facts of the Secrets that rendered ExternalSecrets make (secrets.ts), by name: the stores they name
 * that afc does not render (their objects: a store holds no secret data), then the stores' credential
 * Secrets (a table: metadata only). Undefined, and nothing asked, when the output has no ExternalSecret.
 */
export async function gatherSecretFacts(k: Kubectl, desired: readonly K8sObject[], namespace: string, id: string): Promise<SecretFacts | undefined> {
  if (externalSecretsByTarget(desired, namespace).size === 0) return undefined;
  const wanted = unrenderedStores(desired, namespace);
  const liveStores = new Map<string, K8sObject>();
  const clusterStores = wanted.filter((s) => s.kind === 'ClusterSecretStore');
  const nsStores = wanted.filter((s) => s.kind === 'SecretStore');
  const answers = await Promise.all([
    clusterStores.length > 0 ? k.objects(['get', ...clusterStores.map((s) => `${storeTypeArg(s)}/${s.name}`), '--ignore-not-found']).catch(noStoreType) : Promise.resolve([]),
    ...[...new Set(nsStores.map((s) => s.namespace ?? namespace))].map((ns) => k.objects(['get', ...nsStores.filter((s) => (s.namespace ?? namespace) === ns).map((s) => `${storeTypeArg(s)}/${s.name}`), '-n', ns, '--ignore-not-found']).catch(noStoreType)),
  ]);
  // A live store of this release's set that afc no longer renders is pruned by this apply: not there for the ExternalSecrets.
  for (const o of answers.flat().filter((x) => !isMember(x, id))) liveStores.set(storeKey({ kind: o.kind === 'ClusterSecretStore' ? 'ClusterSecretStore' : 'SecretStore', name: o.metadata.name, namespace: o.metadata.namespace }), o);
  const credentials = [...neededCredentials(desired, namespace, liveStores).values()].map((c) => c.ref);
  const byNs = [...new Set(credentials.map((c) => c.namespace))].sort();
  const found = await Promise.all(
    byNs.map((ns) =>
      k.query(['get', ...credentials.filter((c) => c.namespace === ns).map((c) => `secret/${c.name}`), '-n', ns, '--ignore-not-found', '--no-headers', '--show-kind']).then((t) => parseTableNames(t).map((o) => `${ns}/${o.metadata.name}`)),
    ),
  );
  return { secrets: new Set(found.flat()), liveStores };
}

/**
 * After the workloads are ready: every Secret their pods mount exists (by name, a table: no data), else
 * one line per missing one, with its ExternalSecret's Ready condition. Polls until the wait is over,
 * unless an ExternalSecret is Ready without its Secret (waiting longer cannot help).
 */
async function waitForMountedSecrets(k: Kubectl, namespace: string, desired: readonly K8sObject[], over: () => boolean): Promise<void> {
  const mounted = mountedSecrets(desired, namespace);
  if (mounted.length === 0) return;
  const byTarget = externalSecretsByTarget(desired, namespace);
  for (;;) {
    const found = new Set(parseTableNames(await k.query(['get', ...mounted.map((m) => `secret/${m.name}`), '-n', namespace, '--ignore-not-found', '--no-headers', '--show-kind'])).map((o) => o.metadata.name));
    const missing = mounted.filter((m) => !found.has(m.name));
    if (missing.length === 0) return;
    const ess = missing.map((m) => byTarget.get(m.name)).filter((e): e is K8sObject => e !== undefined);
    const live = ess.length > 0 ? await k.objects(['get', ...ess.map((e) => `${typeArg(e)}/${e.metadata.name}`), '-n', namespace, '--ignore-not-found']) : [];
    const lines = missing.map((m) => missingSecretLine(m, namespace, byTarget.get(m.name), live.find((o) => o.metadata.name === byTarget.get(m.name)?.metadata.name)));
    if (over() || lines.some((l) => l.final)) throw new AfcValidationError(lines.map((l) => l.line));
    await sleep(1000);
  }
}

/** No store type served (External Secrets' CRDs not installed): no live store; the live diff names the CRDs. */
function noStoreType(e: unknown): K8sObject[] {
  if (e instanceof Error && !(e instanceof InterruptedError) && /doesn't have a resource type|no matches for kind/.test(e.message)) return [];
  throw e;
}

/** `afc apply`, with interrupts handled (kit/interrupt.ts): the step and the state it left are named. */
export function runApply(opts: ApplyCliOptions, host: Host = processHost()): Promise<void> {
  return withInterrupts(() => apply(opts, host));
}

async function apply(opts: ApplyCliOptions, host: Host): Promise<void> {
  const timeoutMs = opts.wait !== undefined ? parseWait(opts.wait) : undefined;
  const exec = execFor(host, { verbose: opts.verbose, dryRun: opts.dryRun, timeout: opts.timeout });
  const target = await resolveTarget(exec, opts.context, opts.namespace);
  const namespace = namespaceOf(opts, target);
  // --dry-run prints kubectl commands that name manifest files: those files are kept (and said so), so
  // that the printed commands can be run as they are.
  const inTmp = <T>(body: (dir: string) => Promise<T>): Promise<T> => {
    if (!opts.dryRun) return withTempDir(host, body);
    const dir = mkdtempSync(join(hostTmpdir(host), 'afc-apply-dry-run-'));
    return body(dir).finally(() => {
      if (exec.planned.some((c) => c.args.includes('-f'))) host.stderr.write(`dry run: the manifests of the commands above are kept in ${dir} (remove it when done)\n`);
      else rmSync(dir, { recursive: true, force: true });
    });
  };
  await inTmp(async (tmp) => {
    const k = new Kubectl(exec, target, tmp);
    const desired = desiredObjects(opts, namespace);
    const needs = clusterNeeds(desired);
    // Facts, concurrently: the live diff (its by-name read also gives the release's Lease and, through
    // Helm's annotations on same-named objects, a Helm release); the existence of the Secrets and
    // ConfigMaps the pods need and afc does not render, by name and as a table (metadata only: no Secret's
    // data is read); the StorageClasses when a claim template names none; the cluster's Services when the
    // output fixes nodePorts. The server version is asked for only when the dry run cannot prove it new
    // enough (provesMinServer): up front when the output has no autoscaling/v2 object, else only after a
    // failed live diff. A failure of the live diff waits until preflight has had its say.
    const leaseArg = `lease.v1.coordination.k8s.io/${leaseName(opts.release)}`;
    const live = settled(gather(k, opts, namespace, { desired, names: [leaseArg] }));
    const refs = unrenderedReferences(desired, namespace);
    const present = settled(refs.length > 0 ? k.query(['get', ...refs, '-n', namespace, '--ignore-not-found', '--no-headers', '--show-kind']).then(parseTableNames) : Promise.resolve([]));
    const secretFacts = settled(gatherSecretFacts(k, desired, namespace, applySetId(parentFor(opts.release, namespace))));
    const storageClasses = settled(needs.storageClasses ? k.objects(['get', typeArg(STORAGE_CLASS)]) : Promise.resolve([]));
    const services = settled(needs.nodePorts ? k.objects(['get', 'services', '--all-namespaces']) : Promise.resolve([]));
    const askVersion = (): Promise<string | Error> => settled(k.query(['version', '-o', 'json']));
    const early = desired.some(isMinServerApi) ? undefined : askVersion();
    const answer = await live;
    if (answer instanceof InterruptedError) throw new InterruptedError(answer.signal, `${answer.message}: nothing was changed`);
    const diff = liveAnswer(answer);
    const g = diff.state === 'gathered' ? diff.gathered : undefined;
    const minServerProven = early === undefined && g !== undefined && provesMinServer(g.facts.dryRun.values());
    const server = minServerProven ? ({ state: 'proven' } as const) : await serverAnswer(early ?? askVersion());
    let more: ListedFacts & Pick<ClusterFacts, 'secretFacts'> = { namespaceObjects: new Set(), helmReleases: new Set(), defaultStorageClass: false, nodePorts: new Map() };
    if (server.state !== 'unreachable') {
      const [found, classes, clusterServices, secrets] = [await present, await storageClasses, await services, await secretFacts];
      for (const a of [found, classes, clusterServices, secrets]) if (a instanceof Error) throw a;
      more = { ...listedFacts([...(found as K8sObject[]), ...(classes as K8sObject[]), ...diff.named], clusterServices as K8sObject[]), ...(secrets === undefined ? {} : { secretFacts: secrets as SecretFacts }) };
    }
    const facts: ClusterFacts = {
      context: target.context,
      serverVersion: server.state === 'answered' ? server.version : undefined,
      minServerProven,
      contextError: server.state === 'unreachable' ? server.error : undefined,
      namespaceExists: diff.namespaceExists,
      crds: diff.crds,
      ...more,
    };
    const problems = preflightProblems(desired, facts, { namespace, release: opts.release, createNamespace: opts.createNamespace });
    if (g !== undefined) {
      problems.push(...gatheredProblems(g, opts));
      problems.push(...missingNamespaceProblems(g.payload, g.missingNamespaces, { namespace, createNamespace: opts.createNamespace }));
    }
    if (problems.length > 0) throw new AfcValidationError(problems.map((p) => `preflight: ${p}`));
    if (diff.state !== 'gathered') throw diff.error;
    const leaseNow = diff.gathered.listed.filter((o) => o.kind === 'Lease' && o.metadata.name === leaseName(opts.release));
    await applyPlan(k, host, diff.gathered, opts, timeoutMs, leaseState(leaseNow[0], host.now()));
  });
}

/** The state of the cluster after a step, for the message of an interrupted or failed apply. */
interface Step {
  readonly doing: string;
  readonly state: string;
}

/**
 * The test hook of the concurrency e2e: with AFC_TEST_PAUSE_AFTER_PLAN=FILE, the apply waits after it
 * claimed the release and before its first write until FILE exists (read only here).
 */
async function pauseAfterPlan(host: Host): Promise<void> {
  const file = host.env.AFC_TEST_PAUSE_AFTER_PLAN;
  if (!file) return;
  host.stderr.write(`paused after the plan (AFC_TEST_PAUSE_AFTER_PLAN): waiting for ${file}\n`);
  while (!existsSync(file)) {
    const s = interruption();
    if (s !== undefined) throw new InterruptedError(s, `interrupted by ${s} while paused after the plan`);
    await sleep(50);
  }
}

/** The parent Secret rebuilt from the members found by their label (--rebuild-applyset). */
export function rebuiltParent(g: Pick<Gathered, 'parent' | 'id' | 'facts' | 'namespace'>, tooling: string): K8sObject {
  const members = [...g.facts.live.values()].filter((o) => isMember(o, g.id));
  const namespaces = additionalNamespaces(members, g.namespace);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: g.parent.name,
      namespace: g.namespace,
      labels: { [LABEL_ID]: g.id },
      annotations: { [ANNOTATION_TOOLING]: tooling, [ANNOTATION_GROUP_KINDS]: containsGroupKinds(members), ...(namespaces ? { [ANNOTATION_NAMESPACES]: namespaces } : {}) },
    },
    type: 'Opaque',
  };
}

/** Claims the release (lease.ts); returns the Lease as claimed (its resourceVersion gives it back). */
async function claimRelease(k: Kubectl, host: Host, g: Gathered, opts: ApplyCliOptions, state: LeaseState): Promise<K8sObject> {
  const ns = g.namespace;
  if (state.state === 'held' && !opts.takeOverLease) throw new AfcError(heldMessage(opts.release, ns, state));
  const rv = state.state === 'absent' ? undefined : state.resourceVersion;
  const file = k.manifest([leaseManifest(opts.release, ns, holderIdentity(), host.now(), rv)], 'lease');
  const verb = rv === undefined ? 'create' : 'replace';
  const out = await k.write([verb, '-f', file, '-o', 'jsonpath={@}'], 'claiming the release');
  if (out.exitCode !== 0) {
    if (/AlreadyExists|Conflict|the object has been modified|already exists/i.test(out.stderr)) {
      throw new AfcError(`another apply claimed release "${opts.release}" (Lease ${ns}/${leaseName(opts.release)}) after this one read it: nothing was changed: wait for it to finish and run afc diff`);
    }
    throw new AfcError(`claiming release "${opts.release}" (kubectl ${verb} Lease ${ns}/${leaseName(opts.release)}) failed: ${out.stderr.trim().split('\n').at(-1) ?? ''}: nothing was changed`);
  }
  return parseAnswer(out.stdout, z.looseObject({ metadata: z.looseObject({}) }), `kubectl ${verb} Lease ${ns}/${leaseName(opts.release)}`) as unknown as K8sObject;
}

/** Gives the claim back (holder cleared, on the condition of the claim's resourceVersion); runs after an interrupt too. */
async function giveBack(k: Kubectl, host: Host, release: string, claimed: K8sObject): Promise<void> {
  const file = k.manifest([leaseManifest(release, claimed.metadata.namespace ?? '', undefined, host.now(), String(claimed.metadata.resourceVersion))], 'lease-release');
  const out = await k.write(['replace', '-f', file], 'giving the release back', { cleanup: true }).catch(asError);
  if (out instanceof Error || out.exitCode !== 0) {
    host.stderr.write(`afc: warning: the claim on release "${release}" (Lease ${claimed.metadata.namespace ?? ''}/${leaseName(release)}) was not given back; it expires after 15 minutes, or the next apply takes it over with --take-over-lease\n`);
  }
}

async function applyPlan(k: Kubectl, host: Host, g: Gathered, opts: ApplyCliOptions, timeoutMs: number | undefined, lease: LeaseState): Promise<void> {
  const { plan } = g;
  host.stdout.write(renderText(plan.changes, { colour: useColour(host), remarks: remarksOf(plan) }));
  if (plan.conflicts.length > 0 && !opts.forceConflicts) {
    const list = plan.conflicts.map((c) => `${c.object} ${c.path} (owned by ${c.manager})`).join(', ');
    const drift = plan.drift.length > 0 ? ` (the ${plan.drift.length} drifted field(s) not restored either)` : '';
    throw new AfcError(`${plan.conflicts.length} field(s) owned by other managers would change, nothing applied${drift}: ${list}: pass --force-conflicts to take them over, or change them back`);
  }
  const rebuild = g.facts.parent === undefined && opts.rebuildApplyset === true && [...g.facts.live.values()].some((o) => isMember(o, g.id));
  const nothingToDo = plan.changes.length === 0 && plan.handovers.length === 0 && g.facts.parent !== undefined;
  // Another apply holds the release: it is about to change it, so "the release matches" would be a lie.
  if (lease.state === 'held' && !opts.takeOverLease && (nothingToDo || opts.dryRun)) throw new AfcError(heldMessage(opts.release, g.namespace, lease));
  if (needsConfirmation(g.target.context, { changes: !nothingToDo, dryRun: opts.dryRun, yes: opts.yes })) {
    const interactive = Boolean((process.stdin as { isTTY?: boolean }).isTTY) && Boolean((host.stderr as { isTTY?: boolean }).isTTY);
    if (!interactive) {
      throw new AfcError(`context "${g.target.context}" is not a local cluster (k3d-*, kind-*, minikube, testbed): review the diff above, then pass --yes to apply it`);
    }
    if (!(await confirm(g.target.context))) throw new AfcError('not confirmed: nothing applied');
  }
  if (nothingToDo) {
    host.stderr.write(`nothing to apply: the release matches context "${g.target.context}", namespace "${g.namespace}"\n`);
  } else {
    await writePlan(k, host, g, opts, lease, rebuild);
  }
  if (timeoutMs !== undefined && !opts.dryRun) await waitForWorkloads(k, host, g.namespace, g.id, timeoutMs, g.desired);
}

/** The writes of an apply: claim, (pause), namespace, handover, parent, drift, kept claims, the pruning apply, give back. */
async function writePlan(k: Kubectl, host: Host, g: Gathered, opts: ApplyCliOptions, lease: LeaseState, rebuild: boolean): Promise<void> {
  const { plan } = g;
  let step: Step = { doing: 'claiming the release', state: 'nothing was changed' };
  let claimed: K8sObject | undefined;
  try {
    // The Lease lives in the namespace: a namespace to create comes first (an empty namespace is all it changes).
    for (const ns of g.missingNamespaces) await k.run(['create', 'namespace', ns]);
    if (!opts.dryRun) claimed = await claimRelease(k, host, g, opts, g.missingNamespaces.includes(g.namespace) ? { state: 'absent' } : lease);
    step = { doing: 'the pause after the plan', state: 'nothing of the release was changed' };
    if (!opts.dryRun) await pauseAfterPlan(host);
    if (plan.handovers.length > 0) {
      step = { doing: 'the handover of spec.replicas to the autoscaler', state: 'nothing of the release was applied yet' };
      const file = k.manifest(plan.handovers.map(handoverManifest), 'handover');
      await k.run(['apply', '--server-side', `--field-manager=${HANDOVER_MANAGER}`, '--validate=false', '-f', file]);
    }
    if (rebuild) {
      step = { doing: 'rebuilding the ApplySet parent', state: 'nothing of the release was applied yet' };
      const version = opts.dryRun ? 'v0' : (parseAnswer(await k.query(['version', '--client', '-o', 'json']), z.looseObject({ clientVersion: z.looseObject({ gitVersion: z.string().optional() }).optional() }), 'kubectl version --client -o json').clientVersion?.gitVersion ?? 'v0');
      const file = k.manifest([rebuiltParent(g, `kubectl/${version}`)], 'parent');
      await k.run(['create', '-f', file]);
      if (!opts.dryRun) host.stderr.write(`rebuilt: Secret ${g.namespace}/${g.parent.name} from ${[...g.facts.live.values()].filter((o) => isMember(o, g.id)).length} member(s) found by their label\n`);
    }
    // Drift first: restoring it takes fields over from kubectl's imperative managers, a forced apply, so
    // it sends only the drifted members, each on the condition that it is still the version the plan
    // read (its resourceVersion). The release's apply then runs unforced (unless --force-conflicts), and
    // the server refuses any claim another manager made after the plan.
    if (plan.driftObjects.length > 0 && !opts.forceConflicts) {
      step = { doing: 'restoring the drift', state: 'nothing else of the release was applied' };
      const drifted = k.manifest(plan.driftObjects, 'drift');
      try {
        await k.run(['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '--force-conflicts', '-n', g.namespace, '-f', drifted]);
      } catch (e) {
        if (e instanceof InterruptedError) throw e;
        const why = e instanceof Error ? e.message : String(e);
        throw new AfcError(`restoring the drift failed, nothing else was applied: ${why} (an object that changed since afc read it is not overwritten: run afc diff and afc apply again)`);
      }
    }
    // Items kubectl's imperative commands added to afc's lists: removed, each after a test of its value.
    for (const r of plan.listRemovals) {
      step = { doing: `removing the list items kubectl added to ${describeObject(r.object)}`, state: 'the drift of the objects before it was restored; nothing else was applied' };
      const group = groupOf(r.object.apiVersion);
      try {
        await k.run(['patch', `${r.object.kind.toLowerCase()}${group ? `.${group}` : ''}/${r.object.metadata.name}`, '-n', r.object.metadata.namespace ?? g.namespace, '--type=json', '-p', JSON.stringify(r.patch)]);
      } catch (e) {
        if (e instanceof InterruptedError) throw e;
        throw new AfcError(`removing the list items kubectl added to ${describeObject(r.object)} failed, nothing else was applied: ${asError(e).message} (the list changed since afc read it: run afc diff and afc apply again)`);
      }
    }
    // Kept objects leave the set before the pruning apply, which picks what it deletes by the part-of label.
    // Each one is reported as soon as it has left: a later failure must not leave one out of the set unsaid
    // (no later diff sees it: it is neither rendered nor a member).
    const released: string[] = [];
    const leftAlready = (): string => (released.length > 0 ? `; already out of the set, kept, and to delete yourself if unwanted: ${released.join(', ')}` : '');
    for (const o of plan.kept) {
      step = { doing: `taking ${describeObject(o)} out of the ApplySet`, state: `nothing was pruned, the release was not applied yet${leftAlready()}` };
      try {
        await k.run(releaseArgs(o));
      } catch (e) {
        if (e instanceof InterruptedError) throw e;
        throw new AfcError(`${describeObject(o)} could not leave the release's ApplySet, so nothing was applied or pruned${leftAlready()}: ${asError(e).message} (it changed since afc read it: run afc diff and afc apply again)`);
      }
      if (!opts.dryRun) {
        host.stderr.write(`${keptLine(o)}\n`);
        released.push(describeObject(o));
      }
    }
    const file = k.manifest(g.payload, 'apply');
    const args = ['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, ...(opts.forceConflicts ? ['--force-conflicts'] : []), '-n', g.namespace, '--prune', `--applyset=${applysetFlag(g.parent)}`, '-f', file];
    step = { doing: 'the release\'s apply (kubectl apply --prune)', state: `some objects may be applied; kubectl prunes only after every object applied${leftAlready()}` };
    try {
      await k.run(args);
    } catch (e) {
      if (e instanceof InterruptedError) throw e;
      const why = e instanceof Error ? e.message : String(e);
      const restored = plan.driftObjects.length > 0 && !opts.forceConflicts ? `; the drift of ${plan.driftObjects.length} object(s) was restored before it` : '';
      throw new AfcError(`${why} (kubectl prunes only after every object applied; nothing was deleted by a failed apply${restored}${leftAlready()}: run afc diff to see where the cluster stands)`);
    }
    const s = summarize(plan.changes);
    if (!opts.dryRun) for (const d of plan.drift) host.stderr.write(`restored: ${d.object} ${d.path} (drift by ${d.manager})\n`);
    if (!opts.dryRun) for (const o of plan.adoptions) host.stderr.write(`adopted: ${describeObject(o)} (kept by an earlier apply; the same object, uid ${String(o.metadata.uid ?? '?')})\n`);
    if (!opts.dryRun) host.stderr.write(`applied to context "${g.target.context}", namespace "${g.namespace}": ${s.create} created, ${s.change} changed, ${s.prune} pruned${s.keep ? `, ${s.keep} kept` : ''}\n`);
  } catch (e) {
    if (e instanceof InterruptedError) throw new InterruptedError(e.signal, `${e.message} (step: ${step.doing}): ${step.state}: run afc diff to see where the cluster stands, then afc apply again`);
    throw e;
  } finally {
    if (claimed) await giveBack(k, host, opts.release, claimed);
  }
}
