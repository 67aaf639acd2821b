/**
 * The Runtime of the Helm output: runtime fields become template expressions over the chart's
 * values.yaml (which keeps the original chart's paths), so `--set` lines written for the original
 * chart keep working. Components resolve a field from their own values, else from components.default.
 */
import { mergedComponent, type Runtime, type Values } from '../../model/index.js';
import type { TokenTable } from './tokens.js';

const q = (s: string): string => JSON.stringify(s);
/** `include "afc.field"`: a component's runtime field, else components.default's. */
export const fieldExpr = (c: string, key: string): string => `include "afc.field" (list $ ${q(c)} ${q(key)})`;
const isNodePort = (c: string): string => `eq (${fieldExpr(c, 'serviceType')}) "NodePort"`;

export function helmRuntime(values: Values, tokens: TokenTable): Runtime {
  const repoKey = (c: string): string => mergedComponent(values, c as never).imageRepositoryKey ?? '';
  return {
    image: (c, i) => tokens.value(`include "afc.image" (list $ ${q(c)} ${q(repoKey(c))} ${q(i.name)}) | quote`),
    imagePullPolicy: (c) => tokens.value(`${fieldExpr(c, 'imagePullPolicy')} | quote`),
    replicas: (c) => tokens.value(`${fieldExpr(c, 'initialReplicas')}`) as unknown as number,
    serviceType: (c) => tokens.value(`${fieldExpr(c, 'serviceType')} | quote`),
    nodePort: (c, _type, n) => tokens.guard(isNodePort(c), String(n)) as unknown as number,
    existsWhenServiceType: (c, _type, required) => tokens.condition(`eq (${fieldExpr(c, 'serviceType')}) ${q(required)}`),
    imagePullSecrets: (c) => tokens.block(`include "afc.pullSecrets" (list $ ${q(c)} ${q(repoKey(c))})`),
    hpaMinReplicas: (c) => tokens.value(`include "afc.hpa" (list $ ${q(c)} "minReplicas" 1)`) as unknown as number,
    hpaMaxReplicas: (c) => tokens.value(`include "afc.hpa" (list $ ${q(c)} "maxReplicas" 1)`) as unknown as number,
    releaseLabels: {
      instance: tokens.guard('ne $.Release.Name "release-name"', '{{ $.Release.Name | quote }}'),
      managedBy: tokens.value('$.Release.Service | quote'),
      chart: tokens.value('printf "%s-%s" $.Chart.Name $.Chart.Version | replace "+" "_" | quote'),
      version: tokens.value('$.Chart.AppVersion | quote'),
    },
  };
}
