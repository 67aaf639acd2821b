import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withModelTable } from '../src/docs/model-table.js';
import { SECURITY_PAGE, VALUES_PAGE } from '../src/docs/pages.js';
import { withSecurityTable } from '../src/docs/security-table.js';

describe('README.md and the docs pages', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('starts with the quick start: npm ci, afc synth, npm test', () => {
    const quick = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Quick start') + 300);
    expect(quick).toMatch(/npm ci\n\.\/bin\/afc synth --platform k3d[^\n]*\nnpm test\n/);
    expect(readme.match(/^## .*/m)?.[0]).toBe('## Quick start');
  });

  it(`has the model table on ${VALUES_PAGE} generated from the current schema (run \`npm run docs\` when this fails)`, () => {
    const page = readFileSync(VALUES_PAGE, 'utf8');
    expect(withModelTable(page)).toBe(page);
    expect(page).toContain('| `components.<name>.serviceType` | "ClusterIP" \\| "NodePort" \\| "LoadBalancer" |');
  });

  it(`has the Security tables on ${SECURITY_PAGE} generated from platforms/hardened.ts (run \`npm run docs\` when this fails)`, () => {
    const page = readFileSync(SECURITY_PAGE, 'utf8');
    expect(withSecurityTable(page)).toBe(page);
  });

  it('lists every platform in platforms/ on docs/platforms.md', async () => {
    const { platforms } = await import('../platforms/index.js');
    const page = readFileSync('docs/platforms.md', 'utf8');
    for (const name of Object.keys(platforms)) expect(page).toContain(`| \`${name}\` |`);
  });

  it('has the values reference of each OpenAFC 1.0.x version generated in docs/reference/ (run `npm run docs` when this fails)', async () => {
    const { openafcReferenceFiles } = await import('../src/docs/openafc-reference.js');
    const files = openafcReferenceFiles();
    expect([...files.keys()]).toEqual([
      'docs/reference/values-1.0.1.0.md',
      'docs/reference/values-1.0.3.0.md',
      'docs/reference/values-717d3491.md',
      'docs/reference/values-afc-ext-1.0.1.0.md',
      'docs/reference/values-afc-ext-1.0.3.0.md',
      'docs/reference/values-afc-ext-717d3491.md',
    ]);
    expect(files.get('docs/reference/values-afc-ext-717d3491.md')).toContain('| `networkPolicies.egressRange` |');
    expect(files.get('docs/reference/values-afc-ext-717d3491.md')).not.toContain('components.worker');
    for (const [path, text] of files) expect(readFileSync(path, 'utf8'), path).toBe(text);
    expect(files.get('docs/reference/values-1.0.3.0.md')).toContain('| `externalSecretsApiVersion` |');
  });
});
