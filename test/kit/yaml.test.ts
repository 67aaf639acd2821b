/**
 * The direct YAML emitter against the `yaml` package it stands in for: byte-identical on every synth
 * output, and either identical or declining (so the library renders) on generated edge cases.
 */
import { builtinPlatforms } from '../../platforms/index.js';
import { describe, expect, it } from 'vitest';
import { resolveApp, resolveValues } from '../../src/model/index.js';
import { platformCombinations } from '../../src/synth/command.js';
import { helmRuntime } from '../../src/synth/helm/runtime.js';
import { runtimeValues } from '../../src/synth/helm/values.js';
import { synthObjects } from '../../src/synth/objects.js';
import { synthPlainObjects } from '../../src/synth/plain.js';
import { fastYaml, libraryYaml, toYaml, toYamlStream } from '../../src/kit/yaml.js';

const combos = platformCombinations(['k3d', 'gcp', 'http', 'no_secrets']);

describe('fast YAML', () => {
  it('writes every synthesized object (plain and Helm, 16 combinations and minikube) itself, as the library does', () => {
    let docs = 0;
    for (const platforms of [...combos, ['minikube']]) {
      const values = resolveValues({ platforms }, builtinPlatforms);
      const objects = [
        ...synthPlainObjects({ platforms }, values),
        ...synthPlainObjects({ platforms, release: 'release-name', namespace: 'ns-1' }, values),
        ...synthObjects(resolveApp(values, helmRuntime(values))),
        runtimeValues(values),
      ];
      for (const o of objects) {
        expect(fastYaml(o)).toBe(libraryYaml(o));
        docs++;
      }
    }
    expect(docs).toBeGreaterThan(1000);
  });

  const strings = [
    '', ' ', 'a', 'A b', 'a  b', ' a', 'a ', 'a:', 'a:b', 'a: b', ':a', ': a', 'a #b', 'a#b', '#a', '-', '- a', '-a', '--a', '?', '? a',
    '?a', '...', '...a', '---', '---a', '%a', 'a%', '@a', 'a@b', '`a', '!a', 'a!', '&a', '*a', '|', '|a', '>a', 'a>b', '[a', 'a[', ']', '{a',
    'a}', ',a', 'a,b', '~', 'null', 'Null', 'NULL', 'nUll', 'true', 'True', 'TRUE', 'tRue', 'false', 'False', 'no', 'yes', 'on', 'off', 'y',
    '0', '1', '-1', '+1', '007', '1.5', '.5', '5.', '-.5', '1e3', '1E+3', '1.5e-3', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '0x1F', '0xg',
    '0o17', '0o8', '0b101', '1_000', '1:30', '12:30:00', '2001-12-14', '=', '<<', 'a=b', 'http://x/y?z=1&w=2', 'a\tb', 'a\nb', 'a\n', '\n',
    'é', 'a\u0000', '"a"', "'a'", "a'b", 'a"b', 'a\\b', '{{ .Values.x }}', 'AFCHELMTOKEN12X', 'x'.repeat(1022), 'x'.repeat(1030),
  ];

  it('agrees with the library, or declines, for edge-case strings as values, keys and list items', () => {
    for (const s of strings) {
      for (const doc of [{ k: s }, { [s]: 'v' }, { k: [s, 'x'] }, { k: [{ [s]: s, z: 1 }] }, { a: { b: { [s]: { c: s } } } }]) {
        const fast = fastYaml(doc);
        if (fast !== undefined) expect([s, fast]).toEqual([s, libraryYaml(doc)]);
        expect(toYaml(doc)).toBe(libraryYaml(doc));
      }
    }
  });

  it('agrees with the library, or declines, for other values and shapes', () => {
    const docs: unknown[] = [
      { n: 0, m: -0, i: 42, j: -7, f: 1.5, e: 1e21, big: 2 ** 60, nan: NaN, inf: -Infinity },
      { t: true, f: false, z: null, u: undefined },
      { e: {}, a: [], l: [[]], m: [{}], n: [[1, 2], [3]], nested: [{ a: [{ b: [] }] }] },
      { list: [null, true, 1, 'x', { k: null }] },
      { date: new Date(0) },
      { map: new Map([['a', 1]]) },
      Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 }),
      { 1: 'one', b: 'b', 0: 'zero' },
      {},
      [],
      'scalar',
    ];
    for (const doc of docs) {
      const fast = fastYaml(doc);
      if (fast !== undefined) expect(fast).toBe(libraryYaml(doc));
      expect(toYaml(doc)).toBe(libraryYaml(doc));
    }
  });

  it('agrees with the library on random strings over a YAML-significant alphabet', () => {
    const alphabet = 'ab01 :#-?.%@&*!|>\'"`[]{},~=+/\\\t\n_eExXo';
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let fastCount = 0;
    for (let i = 0; i < 4000; i++) {
      const s = Array.from({ length: 1 + rand(6) }, () => alphabet[rand(alphabet.length)]).join('');
      const doc = { [s]: s, l: [s] };
      const fast = fastYaml(doc);
      if (fast !== undefined) {
        fastCount++;
        expect([s, fast]).toEqual([s, libraryYaml(doc)]);
      }
    }
    expect(fastCount).toBeGreaterThan(500);
  });

  it('writes a stream of documents', () => {
    expect(toYamlStream([{ a: 1 }, { b: ['x'] }])).toBe('---\na: 1\n---\nb:\n  - x\n');
  });
});
