import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hardenedGaps, hardenedRefusal, hardenedReviews } from '../../platforms/openafc/hardened-1.0.js';
import { OPENAFC_VERSIONS, openafcVersion } from '../../platforms/versions.js';
import { OPENAFC_COMPONENT_KEYS } from '../../src/model/openafc/schema.js';
import { synthPlainObjects } from '../../src/synth/plain.js';
import { afc } from '../support/cli.js';

const VERSIONS = { '1.0.1.0': '1.0.1.0', '1.0.3.0': '1.0.3.0', main: '717d3491' } as const;

describe('the hardened platform and the 1.0.x versions (refused until shown)', () => {
  it('lists the gaps of every 1.0.x version and of no other, each naming a component of the 1.0.x model', () => {
    const ids = Object.values(OPENAFC_VERSIONS).filter((v) => v.model === '1.0').map((v) => v.id);
    expect(Object.keys(hardenedGaps).sort()).toEqual(ids.sort());
    for (const gaps of Object.values(hardenedGaps)) {
      for (const g of gaps) {
        expect(['model', ...OPENAFC_COMPONENT_KEYS], g.why).toContain(g.component);
        expect(g.why.length).toBeGreaterThan(30);
      }
    }
    expect(hardenedRefusal('fc912b4a')).toBeUndefined();
  });

  it('names more gaps for later versions (the images moved further from fc912b4a)', () => {
    const comps = (id: string) => hardenedGaps[id]!.map((g) => g.component);
    expect(comps('1.0.1.0')).toEqual(['model', 'afcserver', 'objst']);
    expect(comps('1.0.3.0')).toEqual(['model', 'afcserver', 'objst', 'rmq', 'grafana']);
    expect(comps('717d3491')).toEqual([...comps('1.0.3.0'), 'als-kafka', 'nginxexporter']);
  });

  it('says when a version\'s review is not complete (1.0.3.0 and main stop at the first gaps)', () => {
    expect(Object.fromEntries(Object.entries(hardenedReviews).map(([id, r]) => [id, r.complete]))).toEqual({ '1.0.1.0': true, '1.0.3.0': false, '717d3491': false });
    expect(hardenedRefusal('1.0.1.0')).not.toContain('the first gaps found');
    expect(hardenedRefusal('1.0.3.0')).toContain('(the first gaps found; the review of this version stops there)');
  });

  for (const [name, id] of Object.entries(VERSIONS)) {
    it(`refuses --openafc ${name} -p k3d,hardened with the reasons of ${id}`, () => {
      expect(openafcVersion(name).id).toBe(id);
      let message = '';
      try {
        synthPlainObjects({ openafc: name, platforms: ['k3d', 'hardened'] });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toBe(hardenedRefusal(id));
      expect(message).toMatch(new RegExp(`^platform "hardened" is refused for OpenAFC ${id.replace(/\./g, '\\.')}: `));
      for (const g of hardenedGaps[id]!) if (g.component !== 'model') expect(message).toContain(`${g.component}: `);
      expect(message).not.toContain('\n');
    });

    it(`afc synth --openafc ${name} -p k3d,hardened: exit 1, one error line, nothing written`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'afc-hardened-'));
      try {
        const out = join(dir, 'out');
        const r = afc(['synth', '--openafc', name, '-p', 'k3d,hardened', '--out', out]);
        expect(r.status).toBe(1);
        const lines = r.stderr.split('\n').filter((l) => l.startsWith('afc: error:'));
        expect(lines).toEqual([`afc: error: ${hardenedRefusal(id)}`]);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(existsSync(out)).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('still applies to fc912b4a (the default version)', () => {
    const objects = synthPlainObjects({ platforms: ['k3d', 'hardened'] });
    expect(objects.filter((o) => o.kind === 'NetworkPolicy').length).toBeGreaterThan(10);
  });
});
