// The text and JSON forms of a diff (cluster/render.ts), on the k3d → gcp change of the real outputs.
import { describe, expect, it } from 'vitest';
import { diffObjectSets } from '../../src/kit/diff.js';
import type { K8sObject } from '../../src/kit/objects.js';
import { renderJson, renderText } from '../../src/cluster/render.js';
import { synth } from '../support/synth.js';

const k3d = synth({ platforms: ['k3d'] }) as K8sObject[];
const gcp = synth({ platforms: ['gcp'] }) as K8sObject[];

describe('rendering', () => {
  const changes = diffObjectSets(k3d, gcp);

  it('text: a header per object, the YAML diff of changes, the summary last; no colour unless asked', () => {
    const text = renderText(changes);
    expect(text).toContain('- prune  StatefulSet ratdb\n');
    expect(text).toContain('~ change Service rmq\n  @@ ');
    expect(text).toContain('  +  loadBalancerIP: 10.255.128.214\n');
    expect(text).toContain('  -          imagePullPolicy: Always\n  +          imagePullPolicy: Never\n');
    expect(text.endsWith('0 to create, 15 to change, 6 to prune\n')).toBe(true);
    expect(text).not.toContain('\x1b[');
    expect(renderText(changes, { colour: true })).toContain('\x1b[32m  +  loadBalancerIP: 10.255.128.214\x1b[0m');
    expect(renderText([])).toBe('no differences\n');
  });

  it('json: stable, with the summary and every field change', () => {
    const json = renderJson(changes);
    expect(renderJson(diffObjectSets(k3d, gcp))).toBe(json);
    const doc = JSON.parse(json);
    expect(doc.differences).toBe(true);
    expect(doc.summary).toEqual({ create: 0, change: 15, prune: 6 });
    expect(Object.keys(doc.objects[0])).toEqual(['action', 'apiVersion', 'kind', 'name', 'changes', 'notes']);
    expect(doc.objects.find((o: { name: string; kind: string }) => o.kind === 'Service' && o.name === 'rmq').changes).toEqual([{ path: '.spec.loadBalancerIP', after: '10.255.128.214' }]);
  });
});
