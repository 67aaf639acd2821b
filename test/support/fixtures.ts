/** The reference renders (test/fixtures/rendered, see its README) and their overlay lists. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const RENDERED_DIR = 'test/fixtures/rendered';
export const CHART_VALUES_DIR = 'test/fixtures/chart-values';

export interface Fixture {
  readonly name: string;
  readonly file: string;
  /** Platform overlays in order (`base` = none). */
  readonly platforms: string[];
}

export const FIXTURES: readonly Fixture[] = readdirSync(RENDERED_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => {
    const name = f.replace(/\.yaml$/, '');
    return { name, file: join(RENDERED_DIR, f), platforms: name === 'base' ? [] : name.split('+') };
  });

/** The original chart's values files for the same overlays, as `-f` arguments would give them. */
export const originalValuesFiles = (platforms: readonly string[]): string[] => [
  join(CHART_VALUES_DIR, 'values.yaml'),
  ...platforms.map((p) => join(CHART_VALUES_DIR, `values-${p}.yaml`)),
];
