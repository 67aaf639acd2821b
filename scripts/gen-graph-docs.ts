// Regenerates the README's graph sections (diagrams, declared edges, the cluster-topology-analyzer
// comparison). CI fails when README.md is stale (test/graph/docs.test.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { withSection } from '../src/graph/docs.js';
import { graphSections } from '../test/support/graph-docs.js';

const readme = readFileSync('README.md', 'utf8');
let updated = readme;
for (const [name, body] of graphSections()) updated = withSection(updated, name, body);
if (updated !== readme) writeFileSync('README.md', updated);
process.stdout.write(updated === readme ? 'README.md graph sections are up to date\n' : 'README.md: graph sections regenerated\n');
