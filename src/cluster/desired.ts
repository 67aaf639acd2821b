/** The release's desired objects: what `afc diff` and `afc apply` compare the cluster with. */
import { versionPlatformList } from '../../platforms/versions.js';
import { synthPlainObjects } from '../synth/plain.js';
import type { K8sObject } from '../kit/objects.js';
import type { ClusterCliOptions } from './options.js';

/** The release's objects as `afc synth` renders them (plain), in install order. */
export function desiredObjects(opts: ClusterCliOptions, namespace: string | undefined): K8sObject[] {
  const objects = synthPlainObjects({
    platforms: versionPlatformList(opts.platform ?? [], opts.openafc),
    valuesFiles: opts.values ?? [],
    openafc: opts.openafc,
    warn: (line) => void process.stderr.write(`afc: warning: ${line}\n`),
    sets: opts.set ?? [],
    release: opts.release,
    namespace,
  }) as K8sObject[];
  return opts.skipMonitors ? objects.filter((o) => o.kind !== 'PodMonitor' && o.kind !== 'ServiceMonitor') : objects;
}
