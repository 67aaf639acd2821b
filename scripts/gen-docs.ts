// Regenerates the model table in README.md from the schema, and the values reference of each OpenAFC
// version of the 1.0.x model in docs/versions/. CI fails when either is stale (test/docs.test.ts).
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { withModelTable } from '../src/docs/model-table.js';
import { openafcReferenceFiles } from '../src/docs/openafc-reference.js';
import { withSecurityTable } from '../src/docs/security-table.js';

const readme = readFileSync('README.md', 'utf8');
const updated = withSecurityTable(withModelTable(readme));
if (updated !== readme) writeFileSync('README.md', updated);
process.stdout.write(updated === readme ? 'README.md is up to date\n' : 'README.md: generated tables regenerated\n');
for (const [path, text] of openafcReferenceFiles()) {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  process.stdout.write(`${path}: regenerated\n`);
}
