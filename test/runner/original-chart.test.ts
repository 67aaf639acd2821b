/**
 * migrate tells the original afc-int chart by its templates. The digests are computed here from the
 * chart folders themselves (the fixture and the team's reference copy), and a real `helm create` chart
 * renamed afc-int (the real helm) has another one. That helm's own answer to the query gives the same
 * digest is shown by e2e/migrate.e2e.test.ts: migrate adopts a real release of the fixture chart.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AfcError } from '../../src/errors.js';
import { chartFolderTemplates, ORIGINAL_CHART_REVISIONS, originalRevision, parseTemplatesAnswer, templatesDigest, TEMPLATES_QUERY } from '../../src/runner/original-chart.js';
import { requireHelm } from '../support/helm.js';
import { tempFolder } from '../support/files.js';

const FIXTURE = resolve('e2e/fixtures/original-chart/afc-int');
const work = tempFolder('afc-original-chart-');

describe('the original chart, told by its templates', () => {
  it('knows the fixture revision by the digest of its templates', () => {
    const digest = templatesDigest(chartFolderTemplates(FIXTURE));
    expect([...ORIGINAL_CHART_REVISIONS.keys()]).toEqual([digest]);
    expect(originalRevision(digest)).toBe('OpenAFC fc912b4a');
  });

  it('does not know a helm create chart renamed afc-int', () => {
    execFileSync(requireHelm(), ['create', 'afc-int'], { cwd: work, stdio: 'ignore' });
    const chart = join(work, 'afc-int');
    expect(readFileSync(join(chart, 'Chart.yaml'), 'utf8')).toMatch(/^name: afc-int$/m);
    expect(originalRevision(templatesDigest(chartFolderTemplates(chart)))).toBeUndefined();
  });

  it('does not know the original chart with one template changed', () => {
    const templates = chartFolderTemplates(FIXTURE);
    const [name, bytes] = [...templates][0]!;
    templates.set(name, Buffer.concat([bytes, Buffer.from('\n')]));
    expect(originalRevision(templatesDigest(templates))).toBeUndefined();
  });

  it('reads the answer of the templates query: one NAME HEX line each, in any order', () => {
    const templates = chartFolderTemplates(FIXTURE);
    const answer = [...templates].reverse().map(([n, b]) => `${n} ${b.toString('hex')}\n`).join('');
    expect(templatesDigest(parseTemplatesAnswer(answer, 'q'))).toBe(templatesDigest(templates));
    expect(() => parseTemplatesAnswer('<no value>\n', 'helm get all x')).toThrow(AfcError);
    expect(TEMPLATES_QUERY).toContain('printf "%x" .Data');
  });
});
