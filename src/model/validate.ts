/**
 * Validation of merged values: the schema (types, enums, unknown keys), then the cross-references the
 * schema cannot see. Every problem is reported at once, each naming the path, the bad value and the fix.
 */
import type { z } from 'zod';
import { AfcValidationError } from '../errors.js';
import { catalog, hasWorkload } from './defaults/index.js';
import { graphProblems } from './graph.js';
import { valueAt } from './merge.js';
import { imageNameProblem, imageTagProblem, MAX_IMAGE_NAME, repositoryPathProblem } from './image-ref.js';
import { MAX_CONFIGMAP_BYTES } from './limits.js';
import { ianaServiceNameProblem, k8sNameProblem, rfc1123 } from './names.js';
import { isEnabled, mergedComponent } from './components.js';
import { resolveConfigMaps } from './resolve.js';
import { COMPONENT_KEYS, CONFIGMAP_KEYS, schemas, type Component, type Values } from './schema.js';

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

const show = (value: unknown): string => (typeof value === 'string' ? `"${value}"` : JSON.stringify(value));

const knownKeysHint = (path: readonly PropertyKey[]): string => {
  const at = path.join('.');
  if (at === 'components') return ` (known components: default, ${COMPONENT_KEYS.join(', ')})`;
  if (at === 'configmaps') return ` (known configmaps: ${CONFIGMAP_KEYS.join(', ')})`;
  return '';
};

/** One line per zod issue. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys
        .map((k) => `${path === '(top level)' ? k : `${path}.${k}`}: unknown key${knownKeysHint(issue.path)}: check the spelling or remove it`)
        .join('\n');
    case 'invalid_value':
      return `${path}: ${show(valueAt(input, issue.path))} is not one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_type': {
      const value = valueAt(input, issue.path);
      if (value === undefined) return `${path}: is required: expected ${issue.expected}`;
      return `${path}: ${show(value)} has the wrong type: expected ${issue.expected}`;
    }
    case 'too_small':
    case 'too_big':
      return `${path}: ${show(valueAt(input, issue.path))} is out of range: ${issue.message.replace(/^Too (small|big): /, '')}`;
    default:
      return `${path}: ${show(valueAt(input, issue.path))}: ${issue.message}`;
  }
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** Problems of the hardening fields of one component (probes, read-only volumes). */
function hardeningProblems(c: Component, at: string): string[] {
  const problems: string[] = [];
  const ports = c.ports ?? {};
  for (const field of PROBES) {
    const probe = c[field];
    if (!probe) continue;
    const handlers = PROBE_HANDLERS.filter((h) => probe[h] !== undefined);
    if (handlers.length !== 1) {
      problems.push(`${at}.${field} has ${handlers.length === 0 ? 'no handler' : `${handlers.length} handlers (${handlers.join(', ')})`}: give exactly one of ${PROBE_HANDLERS.join(', ')}`);
    }
    for (const h of ['httpGet', 'tcpSocket'] as const) {
      const port = probe[h]?.port;
      if (typeof port !== 'string') continue;
      const p = ports[port];
      if (!p || (p.containerPort ?? p.servicePort) === undefined) {
        problems.push(`${at}.${field}.${h}.port: ${show(port)} is not a port of the component (${Object.keys(ports).join(', ') || 'none'}): use a port key or a number`);
      }
    }
  }
  for (const volume of c.readOnlyStaticVolumes ?? []) {
    if (!c.staticVolumeMounts?.[volume]) {
      problems.push(`${at}.readOnlyStaticVolumes: ${show(volume)} is not mounted by the component (staticVolumeMounts: ${Object.keys(c.staticVolumeMounts ?? {}).join(', ') || 'none'}): remove it or mount the volume`);
    }
  }
  return problems;
}

/** Where a field of a merged component was set: the component's own key, else components.default. */
const fieldKey = (values: Values, key: string, field: keyof Component): string =>
  (values.components as Record<string, Component | undefined> | undefined)?.[key]?.[field] !== undefined ? `components.${key}.${field}` : `components.default.${field}`;

/**
 * Problems of the image a workload runs (`PATH/NAME:TAG`, image-ref.ts), each naming the key that set
 * the bad part; the value is quoted as JSON, so a newline in it stays on the error's one line.
 */
function imageProblems(values: Values, key: string, c: Component, repoKey: string): string[] {
  const problems: string[] = [];
  const path = values.imageRepositories?.[repoKey]?.path;
  if (path) {
    const bad = repositoryPathProblem(path);
    if (bad) problems.push(`imageRepositories.${repoKey}.path: ${JSON.stringify(path)} ${bad}: give a registry and path such as "public.ecr.aws/w9v6y1o0/openafc" or "localhost:5000"`);
  }
  const name = c.imageName;
  if (name) {
    const bad = imageNameProblem(name, Boolean(path));
    if (bad) problems.push(`${fieldKey(values, key, 'imageName')}: ${JSON.stringify(name)} ${bad}: give an image name such as "afc-worker"`);
    else if (`${path ? `${path}/` : ''}${name}`.length > MAX_IMAGE_NAME) {
      problems.push(`${fieldKey(values, key, 'imageName')}: the image name ${JSON.stringify(`${path}/${name}`)} is longer than ${MAX_IMAGE_NAME} characters: shorten the repository path or the name`);
    }
  }
  const tag = c.imageTag ?? values.chart?.appVersion;
  if (tag !== undefined && tag !== null) {
    const bad = imageTagProblem(String(tag));
    const at = c.imageTag !== undefined && c.imageTag !== null ? fieldKey(values, key, 'imageTag') : 'chart.appVersion';
    if (bad) problems.push(`${at}: ${JSON.stringify(String(tag))} ${bad}`);
  }
  return problems;
}

/** Problems in the cross-references of schema-valid values. */
export function crossReferenceProblems(values: Values): string[] {
  const problems: string[] = [];
  const nodePortOwners = new Map<number, string>();
  const imageSeen = new Set<string>();
  for (const key of COMPONENT_KEYS) {
    if (!isEnabled(values, key)) continue;
    const c = mergedComponent(values, key);
    const entry = catalog[key];
    const at = `components.${key}`;
    if (hasWorkload(entry)) {
      if (!c.imageName) {
        problems.push(`${at}.imageName is empty: set an image name (only optional components such as ratdb, bulk_postgres and nginxexporter are disabled by an empty image)`);
      }
      const repoKey = c.imageRepositoryKeyOverride || c.imageRepositoryKey;
      const repoField = c.imageRepositoryKeyOverride ? 'imageRepositoryKeyOverride' : 'imageRepositoryKey';
      if (!repoKey) problems.push(`${at}.imageRepositoryKey is not set: name one of imageRepositories (${Object.keys(values.imageRepositories ?? {}).join(', ')})`);
      else if (!values.imageRepositories?.[repoKey]) {
        problems.push(`${at}.${repoField}: ${show(repoKey)} is not a key of imageRepositories (${Object.keys(values.imageRepositories ?? {}).join(', ')}): fix the key or add the repository`);
      }
      else {
        // A bad image part set once (components.default, imageRepositories) is reported once, not per component.
        for (const p of imageProblems(values, key, c, repoKey)) {
          if (!imageSeen.has(p)) problems.push(p);
          imageSeen.add(p);
        }
      }
      const sc = c.securityContextKey;
      if (sc && !values.securityContexts?.[sc]) {
        problems.push(`${at}.securityContextKey: ${show(sc)} is not a key of securityContexts (${Object.keys(values.securityContexts ?? {}).join(', ')})`);
      }
      for (const cm of c.envConfigmapKeys ?? []) {
        if (!values.configmaps?.[cm as keyof NonNullable<Values['configmaps']>]) {
          problems.push(`${at}.envConfigmapKeys: ${show(cm)} is not a key of configmaps (${CONFIGMAP_KEYS.join(', ')})`);
        }
      }
      for (const [volume, path] of Object.entries(c.staticVolumeMounts ?? {})) {
        if (path && !values.staticVolumes?.[volume]) {
          problems.push(`${at}.staticVolumeMounts.${volume}: no static volume "${volume}" in staticVolumes (${Object.keys(values.staticVolumes ?? {}).join(', ')}): add it or remove the mount`);
        }
      }
      problems.push(...hardeningProblems(c, at));
      if (entry.kind === 'StatefulSet' && !c.pvc?.name) problems.push(`${at}.pvc.name is not set: a StatefulSet needs its volume claim template name`);
    }
    const ports = c.ports ?? {};
    for (const [portKey, port] of Object.entries(ports)) {
      const name = rfc1123(portKey);
      const bad = ianaServiceNameProblem(name);
      if (bad) problems.push(`${at}.ports.${portKey}: port name "${name}" is not a valid IANA service name (${bad}): rename the port key`);
      if (port.nodePort !== undefined) {
        if (port.nodePort < NODE_PORT_MIN || port.nodePort > NODE_PORT_MAX) {
          problems.push(`${at}.ports.${portKey}.nodePort: ${port.nodePort} is outside ${NODE_PORT_MIN}-${NODE_PORT_MAX}: choose a port in that range`);
        } else if (c.serviceType === 'NodePort' && port.servicePort !== undefined) {
          const owner = nodePortOwners.get(port.nodePort);
          if (owner) problems.push(`${at}.ports.${portKey}.nodePort: ${port.nodePort} is also the nodePort of ${owner}: give each NodePort service port its own nodePort`);
          else nodePortOwners.set(port.nodePort, `${at}.ports.${portKey}`);
        }
      }
      if (port.servicePort === undefined && port.containerPort === undefined) {
        problems.push(`${at}.ports.${portKey}: neither servicePort nor containerPort is set`);
      }
    }
    if (c.metrics && !ports[c.metrics.port]) {
      problems.push(`${at}.metrics.port: ${show(c.metrics.port)} is not a port of ${key} (${Object.keys(ports).join(', ') || 'none'})`);
    }
    if (c.hpa) {
      if (c.hpa.maxReplicas === undefined) problems.push(`${at}.hpa.maxReplicas is not set: give the autoscaler its maximum replica count`);
      else if (c.hpa.minReplicas !== undefined && c.hpa.minReplicas > c.hpa.maxReplicas) {
        problems.push(`${at}.hpa.minReplicas: ${c.hpa.minReplicas} is above maxReplicas ${c.hpa.maxReplicas}`);
      }
      const metricKeys = Object.keys(c.hpa.metric ?? {});
      if (metricKeys.length !== 1) {
        problems.push(`${at}.hpa.metric must have exactly one key (external, resource, pods, object, containerResource), not ${metricKeys.length}`);
      }
    }
  }
  for (const volume of Object.keys(values.staticVolumeClaims ?? {})) {
    if (!values.staticVolumes?.[volume]) {
      problems.push(`staticVolumeClaims.${volume}: no static volume "${volume}" in staticVolumes (${Object.keys(values.staticVolumes ?? {}).join(', ')}): a claim backs an existing static volume`);
    }
  }
  for (const cm of resolveConfigMaps(values, problems)) {
    let bytes = 0;
    for (const v of Object.values(cm.data)) bytes += Buffer.byteLength(String(v));
    if (bytes > MAX_CONFIGMAP_BYTES) {
      problems.push(`configmaps.${cm.key}: the ConfigMap's data would be ${bytes} bytes, over Kubernetes' limit of 1 MiB (${MAX_CONFIGMAP_BYTES} bytes): move large values to a mounted volume (staticVolumes)`);
    }
  }
  problems.push(...nameProblems(values));
  problems.push(...graphProblems(values));
  return problems;
}

/** Names the user can set that become Kubernetes object or field names, checked as Kubernetes checks them. */
function nameProblems(values: Values): string[] {
  const problems: string[] = [];
  const check = (at: string, name: string, kind: 'label' | 'dns1035' | 'subdomain', fix: string): void => {
    const bad = k8sNameProblem(name, kind);
    if (bad) problems.push(`${at}: ${show(name)} ${bad}: ${fix}`);
  };
  for (const key of ['default', ...COMPONENT_KEYS] as const) {
    const c = values.components?.[key];
    if (!c) continue;
    const at = `components.${key}`;
    if (c.hostname !== undefined) check(`${at}.hostname`, c.hostname, 'dns1035', 'it names the Service; use e.g. "rat-server"');
    if (c.pvc?.name) check(`${at}.pvc.name`, rfc1123(c.pvc.name), 'label', 'it names the volume claim template (kebab-cased); use e.g. "data"');
    if (c.serviceAccount) check(`${at}.serviceAccount`, c.serviceAccount, 'subdomain', 'give the name of a ServiceAccount');
  }
  for (const volume of Object.keys(values.staticVolumes ?? {})) {
    check(`staticVolumes.${volume}`, rfc1123(volume), 'label', 'the key (kebab-cased) names the pod volume; rename the key');
  }
  for (const [repo, r] of Object.entries(values.imageRepositories ?? {})) {
    for (const secret of r.pullSecrets ?? []) check(`imageRepositories.${repo}.pullSecrets`, secret, 'subdomain', 'give the name of a Secret');
  }
  if (values.chart) check('chart.name', values.chart.name, 'label', 'it is the chart name and, without appNameOverride, the app name in labels and object names; use e.g. "afc-int"');
  if (values.appNameOverride) check('appNameOverride', rfc1123(values.appNameOverride), 'label', 'it is the app name in labels and object names; use e.g. "afc"');
  return problems;
}

/** Validates merged values; returns them typed, or throws AfcValidationError listing every problem. */
export function validateValues(input: unknown): Values {
  const parsed = schemas().valuesSchema.safeParse(input);
  if (!parsed.success) {
    throw new AfcValidationError(parsed.error.issues.flatMap((issue) => describeIssue(issue, input).split('\n')));
  }
  const problems = crossReferenceProblems(parsed.data);
  if (problems.length > 0) throw new AfcValidationError(problems);
  return parsed.data;
}
