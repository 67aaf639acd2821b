/**
 * Telling the original afc-int chart by its content, not its name: any chart can be named afc-int
 * (`helm create afc-int` is one command), and `afc migrate` must adopt only the chart whose objects it
 * knows how to carry over. A release stores its chart's templates (`.Release.Chart.Templates`: each
 * file under `templates/` with its bytes; Helm does not store the subcharts), so the templates' digest
 * names the revision of the chart, whatever its Chart.yaml says.
 *
 * The digest: SHA-256 over the templates sorted by name, one `NAME\nSHA256(BYTES)\n` each. Helm prints
 * them through a Go template (`helm get all --template`, plain text/template: `printf "%x"` gives
 * the bytes in hex, one template a line).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AfcError } from '../errors.js';

/**
 * The known revisions of the original chart, by templates' digest. OpenAFC fc912b4a is the revision in
 * e2e/fixtures/original-chart (the parity fixtures' source); test/runner/original-chart.test.ts
 * computes each digest from its chart folder.
 */
export const ORIGINAL_CHART_REVISIONS: ReadonlyMap<string, string> = new Map([
  ['855027152da7786930d92e1416af288df9d6669e1818b22d2a879eb660be185c', 'OpenAFC fc912b4a'],
]);

/** The `helm get all --template` that prints a release's templates, one `NAME HEX` line each. */
export const TEMPLATES_QUERY = '{{ range .Release.Chart.Templates }}{{ .Name }} {{ printf "%x" .Data }}{{ "\\n" }}{{ end }}';

/** The digest of templates given as name → bytes. */
export function templatesDigest(templates: ReadonlyMap<string, Buffer>): string {
  const h = createHash('sha256');
  for (const name of [...templates.keys()].sort()) h.update(`${name}\n${createHash('sha256').update(templates.get(name)!).digest('hex')}\n`);
  return h.digest('hex');
}

/** The templates in the answer of TEMPLATES_QUERY; `what` names the query in errors. */
export function parseTemplatesAnswer(answer: string, what: string): Map<string, Buffer> {
  const templates = new Map<string, Buffer>();
  for (const line of answer.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^(\S+) ([0-9a-f]*)$/.exec(line);
    if (!m) throw new AfcError(`${what}: unexpected answer line "${line.slice(0, 80)}": is this helm the real Helm?`);
    templates.set(m[1]!, Buffer.from(m[2]!, 'hex'));
  }
  return templates;
}

/** The templates of a chart folder, named as Helm stores them (`templates/...`). */
export function chartFolderTemplates(chartDir: string): Map<string, Buffer> {
  const templates = new Map<string, Buffer>();
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else templates.set(`${rel}${name}`, readFileSync(p));
    }
  };
  walk(join(chartDir, 'templates'), 'templates/');
  return templates;
}

/** The known revision of the original chart whose templates these are, or undefined. */
export const originalRevision = (digest: string): string | undefined => ORIGINAL_CHART_REVISIONS.get(digest);
