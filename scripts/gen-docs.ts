// Regenerates the model table in README.md from the schema. CI fails when README.md is stale (test/docs.test.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { withModelTable } from '../src/docs/model-table.js';
import { withSecurityTable } from '../src/docs/security-table.js';

const readme = readFileSync('README.md', 'utf8');
const updated = withSecurityTable(withModelTable(readme));
if (updated !== readme) writeFileSync('README.md', updated);
process.stdout.write(updated === readme ? 'README.md is up to date\n' : 'README.md: generated tables regenerated\n');
