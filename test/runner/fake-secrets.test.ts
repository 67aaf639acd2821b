/**
 * --fake-secrets (runner/fake-secrets.ts) against upstream's make_fake_secrets: the overlay of each
 * version's afc_secrets.yaml equals upstream's inputs/fake-secrets.yaml of that revision, and the file
 * helm_install_int.py wrote in the recorded runs (test/fixtures/runner/upstream-<rev>/int-fake-secrets*).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeFakeSecrets, parseFakeSecretsArg, readFakeSecrets } from '../../src/runner/fake-secrets.js';

const OPENAFC = resolve(import.meta.dirname, '../fixtures/openafc');
const RUNNER = resolve(import.meta.dirname, '../fixtures/runner');
const oneStore = { secretStores: { 'secret-store': {} } };

let tmp: string | undefined;
afterEach(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});
const scratch = (): string => (tmp = mkdtempSync(join(tmpdir(), 'afc-fake-')));

describe('fake secrets of each version', () => {
  for (const rev of ['1.0.1.0', '1.0.3.0', 'main-717d3491']) {
    it(`equals upstream's inputs/fake-secrets.yaml of ${rev} (the checkout's default folder, the one store)`, () => {
      const made = makeFakeSecrets('', oneStore, '/', join(OPENAFC, rev));
      expect(made.overlay).toEqual(parse(readFileSync(join(OPENAFC, rev, 'inputs/fake-secrets.yaml'), 'utf8')));
      expect(made.store).toBe('secret-store');
      expect(made.files).toEqual([join(OPENAFC, rev, 'tools/secrets/templates/afc_secrets.yaml')]);
    });
  }

  it('has 15 secrets at 1.0.1.0 and 21 at 1.0.3.0 and main (the secrets differ per version)', () => {
    const keys = (rev: string) => makeFakeSecrets('', oneStore, '/', join(OPENAFC, rev)).secrets.map((s) => s.key);
    expect(keys('1.0.1.0')).toHaveLength(15);
    expect(keys('1.0.3.0')).toHaveLength(21);
    expect(keys('1.0.3.0')).toContain('db-creator-password-ratdb');
    expect(keys('1.0.1.0')).not.toContain('db-creator-password-ratdb');
    expect(keys('main-717d3491')).toEqual(keys('1.0.3.0'));
  });

  for (const rev of ['1.0.3.0', 'main-717d3491']) {
    it(`equals the fake_secrets.yaml helm_install_int.py wrote in the recorded runs of ${rev}`, () => {
      const recorded = join(RUNNER, `upstream-${rev}`);
      const checkout = join(OPENAFC, rev);
      expect(makeFakeSecrets('', oneStore, '/', checkout).overlay).toEqual(parse(readFileSync(join(recorded, 'int-fake-secrets/fake_secrets.yaml'), 'utf8')));
      // --fake_secrets my-store:/src/openafc/tools/secrets/templates/afc_secrets.yaml (the checkout written as /src/openafc)
      const withStore = makeFakeSecrets('my-store:tools/secrets/templates/afc_secrets.yaml', { secretStores: { 'secret-store': {}, 'my-store': {} } }, checkout, '/nowhere');
      expect(withStore.overlay).toEqual(parse(readFileSync(join(recorded, 'int-fake-secrets-store/fake_secrets.yaml'), 'utf8')));
    });
  }
});

describe('the argument and the manifests', () => {
  it('splits [STORE][:FILE|DIR] and refuses a second colon', () => {
    expect(parseFakeSecretsArg('')).toEqual({});
    expect(parseFakeSecretsArg('s')).toEqual({ store: 's' });
    expect(parseFakeSecretsArg(':d')).toEqual({ source: 'd' });
    expect(parseFakeSecretsArg('s:d')).toEqual({ store: 's', source: 'd' });
    expect(() => parseFakeSecretsArg('a:b:c')).toThrow(/--fake-secrets "a:b:c" is not \[STORE\]\[:FILE\|DIR\]/);
  });

  it('refuses a Secret defined twice, across the files of a folder', () => {
    const dir = scratch();
    const secret = (n: string, v: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${n}\nstringData:\n  X: ${v}\n`;
    writeFileSync(join(dir, 'a.yaml'), secret('one', 'a'));
    writeFileSync(join(dir, 'b.yaml'), `${secret('two', 'b')}---\n${secret('one', 'c')}`);
    expect(() => makeFakeSecrets(':.', oneStore, dir, '/')).toThrow(/Secret "one" is defined twice \(again in ".*b\.yaml"\): keep one/);
  });

  it('reads base64 data, skips other kinds and files not ending in .yaml', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'a.yaml'), `kind: ConfigMap\nmetadata: {name: c}\n---\nkind: Secret\nmetadata: {name: b64}\ndata: {K: ${Buffer.from('pässword').toString('base64')}}\n`);
    writeFileSync(join(dir, 'ignored.yml'), 'kind: Secret\nmetadata: {name: x}\nstringData: {K: v}\n');
    mkdirSync(join(dir, 'sub.yaml'));
    expect(makeFakeSecrets(`:${dir}`, oneStore, '/', '/').secrets).toEqual([{ key: 'b64', value: 'pässword' }]);
  });

  it('refuses a Secret without a name or with several properties', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'n.yaml'), 'kind: Secret\nstringData: {K: v}\n');
    expect(() => readFakeSecrets([join(dir, 'n.yaml')])).toThrow(/Secret #1 of ".*n\.yaml" has no name/);
    writeFileSync(join(dir, 'p.yaml'), 'kind: Secret\nmetadata: {name: p}\nstringData: {K: v, L: w}\n');
    expect(() => readFakeSecrets([join(dir, 'p.yaml')])).toThrow(/Secret "p" of ".*p\.yaml" has 2 properties: exactly one property per Secret/);
  });

  it('needs the store to be one of the values when named, and exactly one store when not', () => {
    const root = join(OPENAFC, '1.0.3.0');
    expect(() => makeFakeSecrets('other', oneStore, '/', root)).toThrow(/secret store "other" is not a key of secretStores \(secret-store\)/);
    expect(() => makeFakeSecrets('', { secretStores: { a: {}, b: {} } }, '/', root)).toThrow(/the values have 2 secret stores \(a, b\).*give --fake-secrets STORE/);
    expect(() => makeFakeSecrets('', {}, '/', root)).toThrow(/the values have 0 secret stores \(none\)/);
  });

  it('names a missing source and an empty folder', () => {
    expect(() => makeFakeSecrets(':missing', oneStore, scratch(), '/')).toThrow(/"\/.*missing" not found: give a Secret manifest file or a folder/);
    expect(() => makeFakeSecrets(':.', oneStore, scratch(), '/')).toThrow(/no \*\.yaml files in/);
  });
});
