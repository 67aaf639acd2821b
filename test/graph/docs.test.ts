import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sectionOf } from '../../src/graph/docs.js';
import { graphSections } from '../support/graph-docs.js';

describe('README.md graph sections', () => {
  const readme = readFileSync('README.md', 'utf8');
  for (const [name, body] of graphSections()) {
    it(`has the current ${name} section (run \`npm run docs:graph\` when this fails)`, () => {
      expect(sectionOf(readme, name)).toBe(body);
    });
  }
});
