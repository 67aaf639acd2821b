// Regenerates the docs' graph sections (diagrams, declared edges, the cluster-topology-analyzer comparison)
// on their pages (src/docs/pages.ts). CI fails when a page is stale (test/graph/docs.test.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { GRAPH_SECTION_PAGES } from '../src/docs/pages.js';
import { withSection } from '../src/graph/docs.js';
import { graphSections } from '../test/support/graph-docs.js';

const sections = graphSections();
for (const page of new Set(Object.values(GRAPH_SECTION_PAGES))) {
  const text = readFileSync(page, 'utf8');
  let updated = text;
  for (const [name, body] of sections) if (GRAPH_SECTION_PAGES[name] === page) updated = withSection(updated, name, body);
  if (updated !== text) writeFileSync(page, updated);
  process.stdout.write(updated === text ? `${page}: graph sections are up to date\n` : `${page}: graph sections regenerated\n`);
}
