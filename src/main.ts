/**
 * Entry point for `cdk8s synth` (see cdk8s.yaml): platforms from AFC_PLATFORMS (comma list, e.g.
 * `AFC_PLATFORMS=k3d,http`), values files from AFC_VALUES (comma list), release from AFC_RELEASE
 * (default "afc"). Writes the plain manifests to the cdk8s output folder (dist/cdk8s).
 */
import { App } from 'cdk8s';
import { builtinPlatforms } from '../platforms/index.js';
import { AfcChart } from './constructs/afc-chart.js';
import { reportError } from './errors.js';
import { literalRuntime, parsePlatformList, resolveApp, resolveValues } from './model/index.js';
import { releaseName } from './synth/plain.js';

const list = (v: string | undefined): string[] => (v ? v.split(',').filter((s) => s.length > 0) : []);

try {
  const opts = { platforms: parsePlatformList(list(process.env.AFC_PLATFORMS), builtinPlatforms), valuesFiles: list(process.env.AFC_VALUES), release: process.env.AFC_RELEASE };
  const values = resolveValues(opts, builtinPlatforms);
  const app = new App();
  new AfcChart(app, 'afc-int', { app: resolveApp(values, literalRuntime({ release: releaseName(opts), chart: values.chart! })) });
  app.synth();
} catch (e) {
  process.exitCode = reportError(e);
}
