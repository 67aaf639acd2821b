/**
 * The generated Helm chart of each 1.0.x version, rendered by the real helm of the run (v3.16.4 in npm
 * test; v4.3.2 in npm run test:helm4, which upstream's own chart cannot render): the same objects as
 * upstream's own renders, and its runtime values work.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { diffObjects, parseStream, readStream } from '../support/compare.js';
import { cleanupCharts, helmTemplate, writeChart } from '../support/helm.js';
import { fixUpstreamDefects, upstreamCombinations, upstreamValuesFiles, UPSTREAM_FOLDERS } from '../support/openafc-upstream.js';
import { helmChartFiles } from '../../src/synth/helm/index.js';

afterAll(cleanupCharts);

describe('the generated chart of OpenAFC 1.0.x versions', () => {
  for (const version of Object.keys(UPSTREAM_FOLDERS)) {
    for (const c of upstreamCombinations(version)) {
      it(`renders ${version} ${c.name} as upstream's chart does (0 differences)`, () => {
        const chart = writeChart({ openafc: version, valuesFiles: upstreamValuesFiles(version, c.tokens) });
        const expected = fixUpstreamDefects(readStream(c.file));
        const actual = parseStream(helmTemplate(chart));
        expect(diffObjects(actual, expected)).toEqual([]);
      });
    }
  }

  it('its values.yaml holds no null (Helm >= 4.2 drops null keys of a chart\'s values.yaml, which breaks upstream\'s own chart)', () => {
    const c = upstreamCombinations('717d3491').find((x) => x.name === 'k3d+http+fake-secrets')!;
    expect(helmChartFiles({ openafc: 'main', valuesFiles: upstreamValuesFiles('717d3491', c.tokens) }).get('values.yaml')).not.toMatch(/: null$|: ~$/m);
  });

  it('takes the runtime values at upstream\'s paths (service.type, imageTag, hpa bounds)', () => {
    const chart = writeChart({ openafc: '1.0.3.0', valuesFiles: upstreamValuesFiles('1.0.3.0', ['k3d', 'fake-secrets']) });
    const objects = parseStream(helmTemplate(chart, ['--set', 'components.rmq.service.type=NodePort', '--set', 'components.default.imageTag=9.9', '--set', 'components.worker.hpa.maxReplicas=3']));
    const rmq = objects.find((o) => o.kind === 'Service' && (o.metadata as { name: string }).name === 'rmq') as { spec: { type: string; ports: { name: string; nodePort?: number }[] } };
    expect(rmq.spec.type).toBe('NodePort');
    expect(rmq.spec.ports.find((p) => p.name === 'rmqweb')?.nodePort).toBe(30672);
    const worker = objects.find((o) => o.kind === 'Deployment' && (o.metadata as { name: string }).name === 'worker') as { spec: { template: { spec: { containers: { image: string }[] } } } };
    expect(worker.spec.template.spec.containers[0]!.image).toBe('ghcr.io/open-afc-project/afc-worker:9.9');
    const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && (o.metadata as { name: string }).name === 'worker') as { spec: { maxReplicas: number } };
    expect(hpa.spec.maxReplicas).toBe(3);
  });

  it('rejects a value fixed at synth time (its schema knows the runtime values only)', () => {
    const chart = writeChart({ openafc: '1.0.3.0', valuesFiles: upstreamValuesFiles('1.0.3.0', ['k3d', 'fake-secrets']) });
    expect(() => helmTemplate(chart, ['--set', 'sharedEnv.devel-env.AFC_DEVEL_ENV=devel'])).toThrow(/sharedEnv/);
  });

  it('refuses networkPolicies.enabled in chart output (its chart has no such switch) instead of leaving the policies out', () => {
    expect(() => helmChartFiles({ openafc: '1.0.3.0', platforms: ['k3d'], sets: ['networkPolicies.enabled=true'] })).toThrow(
      /^networkPolicies\.enabled: the chart output of OpenAFC 1\.0\.3\.0 renders no NetworkPolicies \(its chart has no such switch\): use the plain output/,
    );
  });
});
