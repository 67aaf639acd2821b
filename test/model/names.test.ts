import { describe, expect, it } from 'vitest';
import { ianaServiceNameProblem, releaseNameProblem, rfc1123 } from '../../src/model/names.js';

describe('rfc1123', () => {
  it.each([
    ['rat_server', 'rat-server'],
    ['postgresData', 'postgres-data'],
    ['fileStorage', 'file-storage'],
    ['als_kafka-common', 'als-kafka-common'],
    ['HTTPServer', 'http-server'],
    ['trailing_', 'trailing'],
    ['a+b', 'a-b'],
  ])('turns %s into %s', (input, expected) => {
    expect(rfc1123(input)).toBe(expected);
  });

  it('cuts names to 63 characters and trims a trailing dash after the cut', () => {
    const name = rfc1123(`${'a'.repeat(62)}_b`);
    expect(name).toBe('a'.repeat(62));
    expect(rfc1123('x'.repeat(80))).toHaveLength(63);
  });
});

describe('releaseNameProblem', () => {
  it('accepts RFC 1123 labels up to 53 characters', () => {
    expect(releaseNameProblem('afc')).toBeUndefined();
    expect(releaseNameProblem('a'.repeat(53))).toBeUndefined();
  });
  it.each(['AFC', 'afc_dev', '-afc', 'afc-', 'a'.repeat(54), ''])('rejects "%s"', (name) => {
    expect(releaseNameProblem(name)).toMatch(/is not an RFC 1123 label of at most 53 characters/);
  });
});

describe('ianaServiceNameProblem', () => {
  it('accepts the chart port names', () => {
    for (const n of ['http', 'https', 'file-storage', 'history-view', 'rat-server', 'bulk-postgres', 'metrics']) {
      expect(ianaServiceNameProblem(n)).toBeUndefined();
    }
  });
  it('rejects names longer than 15 characters, without letters, or with double dashes', () => {
    expect(ianaServiceNameProblem('a-very-long-port-name')).toMatch(/1-15/);
    expect(ianaServiceNameProblem('8080')).toMatch(/letter/);
    expect(ianaServiceNameProblem('a--b')).toMatch(/--/);
  });
});
