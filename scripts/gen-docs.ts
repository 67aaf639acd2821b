// Regenerates the model table in README.md from the schema. CI fails when README.md is stale (test/docs.test.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { withModelTable } from '../src/docs/model-table.js';

const readme = readFileSync('README.md', 'utf8');
const updated = withModelTable(readme);
if (updated !== readme) writeFileSync('README.md', updated);
process.stdout.write(updated === readme ? 'README.md is up to date\n' : 'README.md: model table regenerated\n');
