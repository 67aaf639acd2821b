/**
 * afc-ext, the outer cluster, as a second app of the 1.0.x model: every upstream render of
 * rendered/afc-ext/ (real helm template, helm v3.16.4) synthesized from that revision's files, plain
 * and through the generated chart (the helm of the run: v3.16.4 in npm test, v4.3.2 in npm run
 * test:helm4), on the semantic comparison of the afc-int
 * parity tests; the built-in platforms equal the files; fc912b4a had no afc-ext.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { diffObjects, parseStream, readStream } from '../support/compare.js';
import { cleanupCharts, helmTemplate, writeChart } from '../support/helm.js';
import { fixUpstreamDefects, upstreamCombinations, upstreamValuesFiles, UPSTREAM_FOLDERS } from '../support/openafc-upstream.js';
import { synth } from '../support/synth.js';
import { helmChartFiles } from '../../src/synth/helm/index.js';

const EXT = 'afc-ext';

afterAll(cleanupCharts);

describe('parity of afc-ext with OpenAFC 1.0.1.0, 1.0.3.0 and main 717d3491 (real helm template renders)', () => {
  it('has every reference combination of each version', () => {
    expect(Object.fromEntries(Object.keys(UPSTREAM_FOLDERS).map((v) => [v, upstreamCombinations(v, EXT).map((c) => c.name)]))).toEqual({
      '1.0.1.0': ['gcp-example', 'k3d-ext-ips+http', 'k3d-ext-ips'],
      '1.0.3.0': ['gcp-example', 'k3d-ext-ips+http', 'k3d-ext-ips'],
      '717d3491': ['gcp-example', 'k3d-ext-ips+http', 'k3d-ext-ips'],
    });
  });

  for (const version of Object.keys(UPSTREAM_FOLDERS)) {
    for (const c of upstreamCombinations(version, EXT)) {
      const files = upstreamValuesFiles(version, c.tokens, EXT);

      it(`synthesizes afc-ext ${version} ${c.name} from that revision's files with 0 differences`, () => {
        const expected = fixUpstreamDefects(readStream(c.file));
        const actual = synth({ openafc: version, app: EXT, valuesFiles: files, release: 'afc' });
        expect(actual.length).toBe(expected.length);
        expect(actual.map((o) => o.kind).sort()).toEqual(expected.map((o) => String(o.kind)).sort());
        expect(diffObjects(actual, expected, { ignoreManagedBy: true })).toEqual([]);
      });

      it(`renders afc-ext ${version} ${c.name} through the generated chart with the helm of the run (0 differences)`, () => {
        const chart = writeChart({ openafc: version, app: EXT, valuesFiles: files });
        const expected = fixUpstreamDefects(readStream(c.file));
        expect(diffObjects(parseStream(helmTemplate(chart)), expected)).toEqual([]);
      });

      const platforms = c.tokens.filter((t) => t !== 'k3d-ext-ips' && t !== 'gcp-example');
      if (platforms.length === 0) continue;
      it(`gives the same result for afc-ext ${version} ${c.name} with the built-in platforms (-p ${platforms.join(',')})`, () => {
        const viaFiles = synth({ openafc: version, app: EXT, valuesFiles: files });
        const viaPlatforms = synth({ openafc: version, app: EXT, platforms, valuesFiles: upstreamValuesFiles(version, c.tokens.filter((t) => !platforms.includes(t)), EXT) });
        expect(diffObjects(viaPlatforms, viaFiles)).toEqual([]);
      });
    }
  }

  it('has the platforms of afc-ext/values-{http,mtls,devel}.yaml, each equal to its file', () => {
    for (const version of Object.keys(UPSTREAM_FOLDERS)) {
      const ips = upstreamValuesFiles(version, ['k3d-ext-ips'], EXT);
      for (const p of ['http', 'mtls', 'devel']) {
        const viaFile = synth({ openafc: version, app: EXT, valuesFiles: [...ips, ...upstreamValuesFiles(version, [p], EXT)] });
        const viaPlatform = synth({ openafc: version, app: EXT, platforms: [p], valuesFiles: ips });
        expect(diffObjects(viaPlatform, viaFile), `${version} ${p}`).toEqual([]);
        expect(diffObjects(viaPlatform, synth({ openafc: version, app: EXT, valuesFiles: ips })).length, `${version} ${p} changes something`).toBeGreaterThan(0);
      }
    }
  });

  it('finds a difference when there is one (the comparison can fail)', () => {
    const c = upstreamCombinations('1.0.3.0', EXT).find((x) => x.name === 'gcp-example')!;
    const expected = fixUpstreamDefects(readStream(c.file));
    const files = upstreamValuesFiles('1.0.3.0', c.tokens, EXT);
    const actual = synth({ openafc: '1.0.3.0', app: EXT, valuesFiles: files, sets: ['externalIps.int-rmq=192.0.2.99'] });
    expect(diffObjects(actual, expected, { ignoreManagedBy: true }).length).toBeGreaterThan(0);
    // afc-int of the same example (its own override files) is another app: no match either.
    expect(diffObjects(synth({ openafc: '1.0.3.0', valuesFiles: upstreamValuesFiles('1.0.3.0', c.tokens) }), expected, { ignoreManagedBy: true }).length).toBeGreaterThan(3);
  });

  it('gives its generated chart the outer cluster\'s description and runtime values of the dispatcher only', () => {
    const files = helmChartFiles({ openafc: 'main', app: EXT, valuesFiles: upstreamValuesFiles('717d3491', ['gcp-example'], EXT) });
    expect(files.get('Chart.yaml')).toMatch(/^name: afc-ext$/m);
    expect(files.get('Chart.yaml')).toMatch(/outer cluster \('afc-ext'\)/);
    expect(files.get('values.yaml')).not.toMatch(/: null$|: ~$/m);
    expect(Object.keys((JSON.parse(files.get('values.schema.json')!) as { properties: { components: { properties: object } } }).properties.components.properties)).toEqual(['default', 'dispatcher']);
    expect([...files.keys()].filter((f) => f.startsWith('templates/')).sort()).toEqual([
      'templates/_helpers.tpl',
      'templates/clustersecretstore-secret-store.yaml',
      'templates/deployment-dispatcher.yaml',
      'templates/externalsecret-image-pull.yaml',
      'templates/externalsecret-server-cert.yaml',
      'templates/service-dispatcher.yaml',
    ]);
  });

  it('takes the runtime values at upstream\'s paths (service.type, imageTag)', () => {
    const chart = writeChart({ openafc: '1.0.3.0', app: EXT, valuesFiles: upstreamValuesFiles('1.0.3.0', ['gcp-example'], EXT) });
    const objects = parseStream(helmTemplate(chart, ['--set', 'components.dispatcher.service.type=ClusterIP', '--set', 'components.default.imageTag=9.9']));
    const service = objects.find((o) => o.kind === 'Service') as { spec: { type: string } };
    expect(service.spec.type).toBe('ClusterIP');
    const deployment = objects.find((o) => o.kind === 'Deployment') as { spec: { template: { spec: { containers: { image: string }[] } } } };
    expect(deployment.spec.template.spec.containers[0]!.image).toBe('europe-docker.pkg.dev/example-project/openafc/dispatcher-image:9.9');
  });
});
