import { describe, expect, it } from 'vitest';
import { openafcVersion } from '../../platforms/versions.js';
import { literalRuntime } from '../../src/model/index.js';
import { resolveOpenafcApp } from '../../src/model/openafc/resolve.js';
import { openafcValues } from '../../src/synth/plain.js';

const policiesOf = (id: string, platforms: string[], sets: string[]) => {
  const v = openafcVersion(id);
  if (v.model !== '1.0') throw new Error('model');
  const { values } = openafcValues({ platforms, sets }, v);
  return resolveOpenafcApp(values, literalRuntime({ release: 'afc', chart: values.chart! })).networkPolicies;
};
const on = ['networkPolicies.enabled=true'];

describe('the NetworkPolicies of the 1.0.x versions (resolved)', () => {
  for (const id of ['1.0.1.0', '1.0.3.0', '717d3491']) {
    it(`${id}: none unless enabled; the request service admits exactly its three clients on 8000`, () => {
      expect(policiesOf(id, ['k3d'], [])).toBeUndefined();
      const p = policiesOf(id, ['k3d'], on)!;
      expect(p.egress).toBe(false);
      const afcserver = p.components.find((c) => c.component === 'afcserver')!;
      expect(afcserver.ingress).toEqual(
        ['dispatcher', 'uls-downloader', 'rcache'].map((component) => ({ peer: { kind: 'component', component }, ports: [{ protocol: 'TCP', port: 8000 }] })),
      );
      expect(afcserver.egress).toBeUndefined();
      // The NodePort dispatcher is reachable from outside on its container ports.
      expect(p.components.find((c) => c.component === 'dispatcher')!.outside?.ports.map((x) => x.port)).toEqual([80, 443, 3000, 8080, 9090]);
    });

    it(`${id}: with egress restricted, the dispatcher may reach DNS, rat-server, objst, rmq and the request service, nothing else`, () => {
      const p = policiesOf(id, ['k3d', 'msghnd'], [...on, 'networkPolicies.egress=true'])!;
      const egress = p.components.find((c) => c.component === 'dispatcher')!.egress!;
      expect(egress.map((r) => (r.peer.kind === 'component' ? r.peer.component : r.peer.kind))).toEqual(['pods', 'rmq', 'rat-server', 'msghnd', 'objst']);
      expect(egress.find((r) => r.peer.kind === 'component' && r.peer.component === 'msghnd')!.ports).toEqual([{ protocol: 'TCP', port: 8000 }]);
      expect(p.components.some((c) => c.component === 'afcserver')).toBe(false);
    });
  }
});
