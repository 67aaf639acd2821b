/** The release's desired objects: what `afc diff` and `afc apply` compare the cluster with. */
import { builtinPlatforms } from '../../platforms/index.js';
import { parsePlatformList } from '../model/index.js';
import { synthPlainObjects } from '../synth/plain.js';
import type { K8sLike } from './objects.js';
import type { ClusterCliOptions } from './options.js';

/** The release's objects as `afc synth` renders them (plain), in install order. */
export function desiredObjects(opts: ClusterCliOptions, namespace: string | undefined): K8sLike[] {
  const objects = synthPlainObjects({
    platforms: parsePlatformList(opts.platform ?? [], builtinPlatforms),
    valuesFiles: opts.values ?? [],
    sets: opts.set ?? [],
    release: opts.release,
    namespace,
  }) as K8sLike[];
  return opts.skipMonitors ? objects.filter((o) => o.kind !== 'PodMonitor' && o.kind !== 'ServiceMonitor') : objects;
}
