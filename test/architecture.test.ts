// The layering of docs/dev/architecture.md, checked with dependency-cruiser and the rules of
// .dependency-cruiser.cjs (the same report: `npx depcruise src platforms`).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, describe, expect, it } from 'vitest';

const CONFIG = resolve('.dependency-cruiser.cjs');

/** The violations of the rules in the tree under `baseDir` (default: this repository). */
async function violations(baseDir = process.cwd()): Promise<IViolation[]> {
  const options = await extractDepcruiseOptions(CONFIG);
  const tsConfig = extractTSConfig(resolve('tsconfig.json'));
  const { output } = await cruise(['src', 'platforms'], { ...options, baseDir, validate: true }, {}, { tsConfig });
  return (output as ICruiseResult).summary.violations;
}

const show = (vs: readonly IViolation[]): string[] => vs.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();

/** A scratch tree with the given files (path → source). */
const tmp: string[] = [];
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'afc-architecture-'));
  tmp.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
afterAll(() => {
  for (const dir of tmp) rmSync(dir, { recursive: true, force: true });
});

describe('the layering of docs/dev/architecture.md', () => {
  it('holds for src/ and platforms/: no import up a layer, no circle, cluster and runner never import each other', { timeout: 60_000 }, async () => {
    expect(show(await violations())).toEqual([]);
  });

  it('fails on an import up a layer, a circle, and a new cluster -> runner edge (the rules can fail)', { timeout: 60_000 }, async () => {
    const dir = tree({
      'platforms/index.ts': 'export const platforms = {};\n',
      'src/cli/index.ts': 'export const cli = 1;\n',
      'src/model/up.ts': "import { cli } from '../cli/index.js';\nexport const up = cli;\n",
      'src/model/a.ts': "import { b } from './b.js';\nexport const a = (): number => b();\n",
      'src/model/b.ts': "import { a } from './a.js';\nexport const b = (): number => a();\n",
      'src/runner/exec.ts': 'export const exec = 1;\n',
      'src/runner/ports.ts': 'export const ports = 1;\n',
      'src/cluster/preflight.ts': "import { exec } from '../runner/exec.js';\nexport const p = exec;\n",
      'src/cluster/live.ts': "import { exec } from '../runner/exec.js';\nimport { ports } from '../runner/ports.js';\nexport const l = exec + ports;\n",
    });
    expect(show(await violations(dir))).toEqual([
      'no-circular: src/model/a.ts -> src/model/b.ts',
      'no-cluster-to-runner: src/cluster/live.ts -> src/runner/exec.ts',
      'no-cluster-to-runner: src/cluster/live.ts -> src/runner/ports.ts',
      'no-cluster-to-runner: src/cluster/preflight.ts -> src/runner/exec.ts',
      'no-import-up-from-model: src/model/up.ts -> src/cli/index.ts',
    ]);
  });
});
