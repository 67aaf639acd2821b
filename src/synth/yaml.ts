/** Deterministic YAML: one document per object, keys as synthesized (cdk8s sorts them). */
import { stringify } from 'yaml';

export function toYamlStream(objects: readonly unknown[]): string {
  return objects.map((o) => `---\n${stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })}`).join('');
}
