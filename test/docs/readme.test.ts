// The README is a front door: short, and its typed-API example is a true excerpt of the example that
// test/package/pack.test.ts packs, installs and runs (docs/api.md shows it whole).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');

/** The lines of `excerpt` that are not, in order, lines of `whole` (`// …` lines stand for left-out ones). */
function notInOrder(excerpt: string, whole: string): string[] {
  const lines = whole.split('\n');
  let at = 0;
  const missing: string[] = [];
  for (const line of excerpt.split('\n')) {
    if (/^\s*\/\/ …/.test(line)) continue;
    const found = lines.indexOf(line, at);
    if (found < 0) missing.push(line);
    else at = found + 1;
  }
  return missing;
}

describe('README.md', () => {
  it('is at most 250 lines', () => {
    expect(readme.trimEnd().split('\n').length).toBeLessThanOrEqual(250);
  });

  it('quotes the packed example test: every line of its ts block is a line of it, in order', () => {
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```\n/g)].map((m) => m[1]!);
    expect(blocks).toHaveLength(1);
    const example = readFileSync('test/package/example/overlay.test.ts', 'utf8');
    expect(notInOrder(blocks[0]!, example)).toEqual([]);
    expect(notInOrder('it("is not there", () => {});\n', example)).toEqual(['it("is not there", () => {});']);
  });
});
