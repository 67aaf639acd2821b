// Regenerates the docs pages' generated tables: the model table of the values reference and the Security
// tables (src/docs/pages.ts says which page holds which). CI fails when a page is stale (test/docs/generated.test.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { withModelTable } from '../src/docs/model-table.js';
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
