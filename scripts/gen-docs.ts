// Regenerates the docs pages' generated tables: the model table of the values reference and the Security
// tables (src/docs/pages.ts says which page holds which), and the values reference of each OpenAFC version
// of the 1.0.x model. CI fails when a page is stale (test/docs/generated.test.ts, test/docs.test.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { withModelTable } from '../src/docs/model-table.js';
import { openafcReferenceFiles } from '../src/docs/openafc-reference.js';
import { SECURITY_PAGE, VALUES_PAGE } from '../src/docs/pages.js';
import { withSecurityTable } from '../src/docs/security-table.js';

for (const [page, generate] of [
  [VALUES_PAGE, withModelTable],
  [SECURITY_PAGE, withSecurityTable],
] as const) {
  const text = readFileSync(page, 'utf8');
  const updated = generate(text);
  if (updated !== text) writeFileSync(page, updated);
  process.stdout.write(updated === text ? `${page} is up to date\n` : `${page}: generated tables regenerated\n`);
}
for (const [path, text] of openafcReferenceFiles()) {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  process.stdout.write(`${path}: regenerated\n`);
}
