import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withModelTable } from '../src/docs/model-table.js';
import { withSecurityTable } from '../src/docs/security-table.js';

describe('README.md', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('starts with the quick start: npm ci, afc synth, npm test', () => {
    const quick = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Quick start') + 300);
    expect(quick).toMatch(/npm ci\n\.\/bin\/afc synth --platform k3d[^\n]*\nnpm test\n/);
    expect(readme.match(/^## .*/m)?.[0]).toBe('## Quick start');
  });

  it('has the model table generated from the current schema (run `npm run docs` when this fails)', () => {
    expect(withModelTable(readme)).toBe(readme);
    expect(readme).toContain('| `components.<name>.serviceType` | "ClusterIP" \\| "NodePort" \\| "LoadBalancer" |');
  });

  it('has the Security tables generated from platforms/hardened.ts (run `npm run docs` when this fails)', () => {
    expect(withSecurityTable(readme)).toBe(readme);
  });

  it('lists every platform in platforms/', async () => {
    const { platforms } = await import('../platforms/index.js');
    for (const name of Object.keys(platforms)) expect(readme).toContain(`| \`${name}\` |`);
  });

  it('has the values reference of each OpenAFC 1.0.x version generated in docs/versions/ (run `npm run docs` when this fails)', async () => {
    const { openafcReferenceFiles } = await import('../src/docs/openafc-reference.js');
    const files = openafcReferenceFiles();
    expect([...files.keys()]).toEqual([
      'docs/versions/values-1.0.1.0.md',
      'docs/versions/values-1.0.3.0.md',
      'docs/versions/values-717d3491.md',
      'docs/versions/values-afc-ext-1.0.1.0.md',
      'docs/versions/values-afc-ext-1.0.3.0.md',
      'docs/versions/values-afc-ext-717d3491.md',
    ]);
    expect(files.get('docs/versions/values-afc-ext-717d3491.md')).toContain('| `networkPolicies.egressRange` |');
    expect(files.get('docs/versions/values-afc-ext-717d3491.md')).not.toContain('components.worker');
    for (const [path, text] of files) expect(readFileSync(path, 'utf8'), path).toBe(text);
    expect(files.get('docs/versions/values-1.0.3.0.md')).toContain('| `externalSecretsApiVersion` |');
  });
});
