// The rights on docs/guides/permissions.md are exactly the ones the ServiceAccount e2e binds
// (e2e/day2-rbac.e2e.test.ts applies e2e/fixtures/day2-rbac.yaml): the page's YAML block is that file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const PAGE = 'docs/guides/permissions.md';
const FIXTURE = 'e2e/fixtures/day2-rbac.yaml';

/** The contents of the page's ```yaml blocks. */
function yamlBlocks(text: string): string[] {
  return [...text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

describe('the rights on docs/guides/permissions.md', () => {
  const page = readFileSync(PAGE, 'utf8');
  const fixture = readFileSync(FIXTURE, 'utf8');

  it('are one YAML block, byte for byte the Role and ClusterRole the e2e binds (e2e/fixtures/day2-rbac.yaml)', () => {
    const blocks = yamlBlocks(page);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toBe(fixture);
  });

  it('are a Role and a ClusterRole with no list or watch on Secrets, and get on Secrets only by name', () => {
    const docs = parseAllDocuments(fixture).map((d) => d.toJS() as { kind: string; rules: { apiGroups: string[]; resources: string[]; resourceNames?: string[]; verbs: string[] }[] });
    expect(docs.map((d) => d.kind)).toEqual(['Role', 'ClusterRole']);
    const secretRules = docs.flatMap((d) => d.rules).filter((r) => r.apiGroups.includes('') && r.resources.includes('secrets'));
    expect(secretRules.length).toBeGreaterThan(0);
    for (const r of secretRules) {
      expect(r.verbs).not.toContain('list');
      expect(r.verbs).not.toContain('watch');
      if (r.verbs.includes('get')) expect(r.resourceNames?.length, JSON.stringify(r)).toBeGreaterThan(0);
    }
  });

  it('would fail on a page whose block differs from the fixture by one verb', () => {
    const edited = page.replace('verbs: [get, patch]', 'verbs: [get, list, patch]');
    expect(edited).not.toBe(page);
    expect(yamlBlocks(edited)[0]).not.toBe(fixture);
  });
});
