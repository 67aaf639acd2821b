/**
 * The Runtime of the Helm output: runtime fields become template expressions over the chart's
 * values.yaml (which keeps the original chart's paths), so `--set` lines written for the original
 * chart keep working. Components resolve a field from their own values, else from components.default.
 */
import { Guard, HelmExpr, mergedComponent, type ComponentKey, type Runtime, type Values } from '../../model/index.js';

const q = (s: string): string => JSON.stringify(s);
/** `include "afc.field"`: a component's runtime field, else components.default's. */
export const fieldExpr = (c: string, key: string): string => `include "afc.field" (list $ ${q(c)} ${q(key)})`;
const isNodePort = (c: string): string => `eq (${fieldExpr(c, 'serviceType')}) "NodePort"`;

export function helmRuntime(values: Values): Runtime {
  const repoKey = (c: ComponentKey): string => mergedComponent(values, c).imageRepositoryKey ?? '';
  return {
    image: (c, i) => HelmExpr.value(`include "afc.image" (list $ ${q(c)} ${q(repoKey(c))} ${q(i.name)}) | quote`),
    imagePullPolicy: (c) => HelmExpr.value(`${fieldExpr(c, 'imagePullPolicy')} | quote`),
    // A workload an HPA drives keeps its live count (afc.replicas): the original chart reset it on every upgrade.
    replicas: (c, _literal, scaled) =>
      HelmExpr.value(scaled ? `include "afc.replicas" (list $ ${q(c)} ${q(scaled.kind)} ${q(scaled.name)})` : `${fieldExpr(c, 'initialReplicas')}`),
    serviceType: (c) => HelmExpr.value(`${fieldExpr(c, 'serviceType')} | quote`),
    nodePort: (c, _type, n) => HelmExpr.line(isNodePort(c), String(n)),
    existsWhenServiceType: (c, _type, required) => new Guard(`eq (${fieldExpr(c, 'serviceType')}) ${q(required)}`),
    imagePullSecrets: (c) => HelmExpr.block(`include "afc.pullSecrets" (list $ ${q(c)} ${q(repoKey(c))})`),
    networkPolicies: () => new Guard('$.Values.networkPolicies.enabled'),
    networkExposure: (c) => new Guard(`and $.Values.networkPolicies.enabled (has (${fieldExpr(c, 'serviceType')}) (list "NodePort" "LoadBalancer"))`),
    hpaMinReplicas: (c) => HelmExpr.value(`include "afc.hpa" (list $ ${q(c)} "minReplicas" 1)`),
    hpaMaxReplicas: (c) => HelmExpr.value(`include "afc.hpa" (list $ ${q(c)} "maxReplicas" 1)`),
    releaseLabels: {
      instance: HelmExpr.line('ne $.Release.Name "release-name"', '{{ $.Release.Name | quote }}'),
      managedBy: HelmExpr.value('$.Release.Service | quote'),
      chart: HelmExpr.value('printf "%s-%s" $.Chart.Name $.Chart.Version | replace "+" "_" | quote'),
      version: HelmExpr.value('$.Chart.AppVersion | quote'),
    },
  };
}
