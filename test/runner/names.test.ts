import { describe, expect, it } from 'vitest';
import { autoName, autoTag, clusterName, releaseFromArg, scriptRfc1123 } from '../../src/runner/names.js';
import type { Host } from '../../src/kit/host.js';

const host = (login: string, root: string): Host =>
  ({ env: { AFC_SOURCE_ROOT: root }, cwd: '/', login: () => login }) as unknown as Host;

describe('AUTO names', () => {
  it('joins the login and the checkout folder, kebab-cased for clusters and releases, as is for tags', () => {
    const h = host('tester', '/src/openafc');
    expect(autoName(h)).toBe('tester-openafc');
    expect(autoTag(h)).toBe('tester_openafc');
  });

  it('converts underscores, plus signs and upper-case runs as the scripts did', () => {
    expect(scriptRfc1123('John_Doe')).toBe('john-doe');
    expect(scriptRfc1123('openAFC')).toBe('open-afc');
    expect(scriptRfc1123('ABCdef')).toBe('abc-def');
    expect(scriptRfc1123('a+b_')).toBe('a-b');
    expect(scriptRfc1123('_x')).toBe('x');
    expect(autoName(host('Fred', '/work/My_Checkout'))).toBe('fred-my-checkout');
  });

  it('expands AUTO in cluster and release names', () => {
    const h = host('tester', '/src/openafc');
    expect(clusterName('AUTO', h)).toBe('tester-openafc');
    expect(clusterName('k3d-AUTO', h)).toBe('tester-openafc');
    expect(releaseFromArg('AUTO', h)).toBe('tester-openafc');
  });

  it('refuses names that are not RFC 1123 labels', () => {
    const h = host('tester', '/src/openafc');
    expect(() => releaseFromArg('-afc', h)).toThrow(/release name "-afc" is not an RFC 1123 label/);
    expect(() => clusterName('a.b', h)).toThrow(/cluster name "a.b" is not an RFC 1123 label/);
    expect(() => clusterName('x'.repeat(33), h)).toThrow(/at most 32 characters/);
  });
});
