import { describe, expect, it } from 'vitest';
import { AfcError } from '../../src/errors.js';
import { synthPlainObjects } from '../../src/synth/plain.js';

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof AfcError) return e.message;
    throw e;
  }
  return 'no error';
};

describe('object names are unique per kind', () => {
  it('refuses two components given the same hostname, naming both', () => {
    expect(message(() => synthPlainObjects({ sets: ['components.rat_server.hostname=x', 'components.msghnd.hostname=x'] }))).toBe(
      'two objects would be Service "x" (components rat-server and msghnd): give each component its own name (components.<name>.hostname, pvc.name)',
    );
  });

  it("refuses a hostname that is another component's Service name", () => {
    expect(message(() => synthPlainObjects({ sets: ['components.rat_server.hostname=msghnd'] }))).toMatch(/^two objects would be Service "msghnd" \(components /);
  });

  it('accepts the defaults and every platform (no two objects share kind and name)', () => {
    for (const platforms of [[], ['k3d'], ['gcp', 'http', 'no_secrets'], ['minikube'], ['k3d', 'hardened']]) {
      const objects = synthPlainObjects({ platforms });
      const keys = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
