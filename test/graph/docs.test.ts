import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GRAPH_SECTION_PAGES } from '../../src/docs/pages.js';
import { sectionOf } from '../../src/graph/docs.js';
import { graphSections } from '../support/graph-docs.js';

describe('the docs graph sections', () => {
  for (const [name, body] of graphSections()) {
    it(`has the current ${name} section on ${GRAPH_SECTION_PAGES[name]} (run \`npm run docs:graph\` when this fails)`, () => {
      expect(sectionOf(readFileSync(GRAPH_SECTION_PAGES[name]!, 'utf8'), name)).toBe(body);
    });
  }
});
