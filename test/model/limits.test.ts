import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AfcError } from '../../src/errors.js';
import { builtinPlatforms } from '../../platforms/index.js';
import { MAX_DEPTH, mergeAll as mergeAllWith, parseSet, readValuesFile, resolveValues as resolveValuesWith, type ValuesOptions } from '../../src/model/index.js';
import { tempFolder } from '../support/files.js';

const resolveValues = (opts: ValuesOptions = {}) => resolveValuesWith(opts, builtinPlatforms);
const mergeAll = (opts: ValuesOptions) => mergeAllWith(opts, builtinPlatforms);

const work = tempFolder('afc-limits-');
const file = (name: string, text: string | Buffer): string => {
  const p = join(work, name);
  writeFileSync(p, text);
  return p;
};
const throwsAfc = (fn: () => unknown, message: RegExp): void => {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(AfcError);
  expect((caught as Error).message).toMatch(message);
  expect((caught as Error).message).not.toContain('\n');
};

describe('values files have limits', () => {
  it('refuses a file over 4 MiB, naming it', () => {
    const big = file('big.yaml', `a: "${'x'.repeat(4 * 1024 * 1024)}"\n`);
    throwsAfc(() => readValuesFile(big), /^values file ".*big\.yaml" is larger than the limit of 4 MiB: split it into several -f files/);
  });

  it('reads a device in bounded chunks: -f /dev/zero stops at the limit', () => {
    throwsAfc(() => readValuesFile('/dev/zero'), /^values file "\/dev\/zero" is larger than the limit of 4 MiB/);
  });

  it('refuses a folder and a missing file', () => {
    throwsAfc(() => readValuesFile(work), /is a folder: give a YAML file$/);
    throwsAfc(() => readValuesFile(join(work, 'nope.yaml')), /cannot be read \(ENOENT\): check the path$/);
  });

  it('refuses alias expansion beyond the limit (billion laughs)', () => {
    const laughs = file('laughs.yaml', 'a: &a [1,2,3,4,5,6,7,8,9]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n');
    throwsAfc(() => readValuesFile(laughs), /: YAML aliases \(\*name\) expand to more than 100 copies/);
    // a few aliases are fine
    expect(readValuesFile(file('alias.yaml', 'a: &x {k: 1}\nb: *x\n'))).toEqual({ a: { k: 1 }, b: { k: 1 } });
  });

  it('refuses nesting deeper than the limit, in flow and block style, without overflowing the stack', () => {
    throwsAfc(() => readValuesFile(file('flow.yaml', `a: ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}\n`)), /^values file ".*flow\.yaml" nests flow collections \(\[ or \{\) deeper than 64 levels/);
    const block = `a:\n${Array.from({ length: MAX_DEPTH + 5 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:\n`).join('')}${'  '.repeat(MAX_DEPTH + 6)}x: 1\n`;
    throwsAfc(() => readValuesFile(file('block.yaml', block)), /^values file ".*block\.yaml": a\.k0\.k1.*\.\.\. nests deeper than 64 levels/);
  });

  it('refuses __proto__, constructor and prototype keys anywhere in a file', () => {
    throwsAfc(() => readValuesFile(file('p1.yaml', '__proto__:\n  polluted: 1\n')), /^values file ".*p1\.yaml": __proto__: the key "__proto__" is not allowed/);
    throwsAfc(() => readValuesFile(file('p2.yaml', 'components:\n  constructor: {}\n')), /: components\.constructor: the key "constructor" is not allowed/);
    throwsAfc(() => readValuesFile(file('p3.yaml', 'staticVolumes:\n  v:\n    items: [{prototype: 1}]\n')), /: staticVolumes\.v\.items\[0\]\.prototype: the key "prototype" is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('gives its own message for several documents and for a key given twice', () => {
    throwsAfc(() => readValuesFile(file('multi.yaml', 'a: 1\n---\nb: 2\n')), /^values file ".*multi\.yaml" holds several YAML documents \(separated by ---\): a values file is one map; give each document its own -f file$/);
    throwsAfc(() => readValuesFile(file('dup.yaml', 'a:\n  b: 1\n  b: 2\n')), /is not valid YAML: the key "b" appears twice in one map: keep one$/);
  });
});

describe('--set has limits', () => {
  it('refuses a path deeper than the limit (5000 levels used to overflow the stack)', () => {
    throwsAfc(() => parseSet(`${Array.from({ length: 5000 }, () => 'a').join('.')}=1`), /: the path has 5000 keys, more than the limit of 64/);
    expect(() => parseSet(`${Array.from({ length: MAX_DEPTH }, () => 'a').join('.')}=1`)).not.toThrow();
  });

  it('refuses __proto__, constructor and prototype keys', () => {
    for (const arg of ['__proto__.x=1', 'components.__proto__.x=1', 'components.constructor=1', 'a.prototype.b=2', 'a=1,b.__proto__=2']) {
      throwsAfc(() => parseSet(arg), /: the key "(__proto__|constructor|prototype)" is not allowed/);
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('objects stay within what Kubernetes accepts', () => {
  it('refuses a ConfigMap whose data would exceed 1 MiB', () => {
    const big = file('cm.yaml', `configmaps:\n  worker:\n    BIG: "${'x'.repeat(1024 * 1024 + 1)}"\n`);
    throwsAfc(() => resolveValues({ valuesFiles: [big] }), /^configmaps\.worker: the ConfigMap's data would be \d+ bytes, over Kubernetes' limit of 1 MiB/);
    const ok = file('cm-ok.yaml', `configmaps:\n  worker:\n    BIG: "${'x'.repeat(1000 * 1024)}"\n`);
    expect(resolveValues({ valuesFiles: [ok] }).configmaps?.worker?.BIG).toHaveLength(1000 * 1024);
  });

  const names: [string, RegExp][] = [
    ['components.rmq.hostname=Bad_Name.With.Dots', /^components\.rmq\.hostname: "Bad_Name\.With\.Dots" is not a DNS-1035 label/],
    ['components.rmq.hostname=räbbit', /^components\.rmq\.hostname: "räbbit" is not a DNS-1035 label/],
    ['components.rmq.hostname=1rmq', /^components\.rmq\.hostname: "1rmq" is not a DNS-1035 label/],
    [`components.rmq.hostname=${'a'.repeat(64)}`, /^components\.rmq\.hostname: "a{64}" is 64 characters long, more than 63/],
    ['components.ratdb.pvc.name=data.v1', /^components\.ratdb\.pvc\.name: "data\.v1" is not an RFC 1123 label/],
    ['components.worker.serviceAccount=Worker_SA', /^components\.worker\.serviceAccount: "Worker_SA" is not a DNS-1123 subdomain/],
    ['staticVolumes.my\\.vol.emptyDir.medium=Memory', /^staticVolumes\.my\.vol: "my\.vol" is not an RFC 1123 label/],
    ['appNameOverride=my.app', /^appNameOverride: "my\.app" is not an RFC 1123 label/],
  ];
  for (const [set, message] of names) {
    it(`refuses a name Kubernetes would reject: --set ${set.slice(0, 50)}`, () => {
      throwsAfc(() => resolveValues({ sets: [set] }), message);
    });
  }

  it('accepts valid names', () => {
    const v = resolveValues({ sets: ['components.rmq.hostname=rabbit-1', 'components.ratdb.pvc.name=postgresData', 'components.worker.serviceAccount=afc.worker'] });
    expect(v.components?.rmq?.hostname).toBe('rabbit-1');
  });
});

describe('parse and merge stay linear', () => {
  it('reads and merges a values file of 20,000 keys quickly', () => {
    const lines = ['configmaps:'];
    for (const cm of ['worker', 'msghnd', 'objst', 'rcache']) {
      lines.push(`  ${cm}:`);
      for (let i = 0; i < 5_000; i++) lines.push(`    VAR_${i}: "value-${i}"`);
    }
    const big = file('many.yaml', `${lines.join('\n')}\n`);
    const start = process.hrtime.bigint();
    const merged = mergeAll({ valuesFiles: [big] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(Object.keys((merged.configmaps as Record<string, Record<string, unknown>>).worker!)).toHaveLength(5_000 + Object.keys(resolveValues().configmaps?.worker ?? {}).length);
    // quadratic duplicate-key checks took tens of seconds here; linear is well under one, even on a busy machine
    expect(ms).toBeLessThan(10_000);
  });
});
