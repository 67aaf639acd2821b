import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

describe('cdk8s.yaml', () => {
  const config = parse(readFileSync('cdk8s.yaml', 'utf8')) as { imports: string[]; app: string; output: string };

  it('names only CRD files that exist (npx cdk8s import reads them)', () => {
    expect(config.imports.length).toBeGreaterThan(0);
    for (const spec of config.imports) {
      const file = spec.includes(':=') ? spec.split(':=')[1]! : spec;
      expect(existsSync(file), `${file} named in cdk8s.yaml`).toBe(true);
    }
  });

  it('imports the CRDs that src/imports was generated from (npm run imports)', () => {
    const generated = readFileSync('src/imports/monitoring.coreos.com.ts', 'utf8');
    for (const kind of ['PodMonitor', 'ServiceMonitor', 'Prometheus']) expect(generated).toContain(`export class ${kind} extends ApiObject`);
    const crds = config.imports.map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const kind of ['PodMonitor', 'ServiceMonitor', 'Prometheus']) expect(crds).toMatch(new RegExp(`^    kind: ${kind}$`, 'm'));
  });
});
