/**
 * `afc install --fake-secrets [STORE][:FILE|DIR]` (OpenAFC 1.0.x): a `fake` provider for a secret store
 * of the chart, holding one entry per Secret of upstream's secret manifests, as helm_install_int.py's
 * `make_fake_secrets` builds it:
 *
 * - STORE: a key of `secretStores`; empty: the one store of the values (exactly one, else an error).
 * - FILE or DIR: a manifest file, or a folder whose `*.yaml` files are read (sorted here; upstream took
 *   glob's order); empty: `tools/secrets/templates` of the OpenAFC checkout (the version's
 *   `afc_secrets.yaml`).
 * - Every document of kind Secret gives one `{key: <name>, value: <its only property>}` (stringData or
 *   base64 data); a Secret without a name, with no or several properties, or named twice is refused.
 *
 * The overlay is `{secretStores: {STORE: {provider: {fake: {data: [...]}}}}}`, in the manifests' order.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { AfcError } from '../errors.js';
import type { Plain } from '../model/merge.js';

/** Where upstream keeps the secret manifests, inside an OpenAFC checkout. */
export const DEFAULT_SECRET_DIR = 'tools/secrets/templates';

export interface FakeSecretsArg {
  /** The store key, or undefined for the only store of the values. */
  readonly store?: string;
  /** The manifest file or folder, or undefined for the checkout's DEFAULT_SECRET_DIR. */
  readonly source?: string;
}

/** `[STORE][:FILE|DIR]` → its parts (empty parts are left out); more than one `:` is refused. */
export function parseFakeSecretsArg(arg: string): FakeSecretsArg {
  const parts = arg.split(':');
  if (parts.length > 2) throw new AfcError(`--fake-secrets "${arg}" is not [STORE][:FILE|DIR]: give at most one ":" (e.g. secret-store:tools/secrets/templates)`);
  const [store, source] = parts;
  return { ...(store ? { store } : {}), ...(source ? { source } : {}) };
}

/** One entry of the fake provider. */
export interface FakeSecret {
  readonly key: string;
  readonly value: string;
}

/** The manifest files of FILE or DIR (a folder's `*.yaml`, sorted). */
export function secretFiles(source: string): string[] {
  if (!existsSync(source)) throw new AfcError(`--fake-secrets: "${source}" not found: give a Secret manifest file or a folder of *.yaml files`);
  if (statSync(source).isFile()) return [source];
  const files = readdirSync(source)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(source, f))
    .filter((f) => statSync(f).isFile());
  if (files.length === 0) throw new AfcError(`--fake-secrets: no *.yaml files in "${source}": give a Secret manifest file or a folder holding some`);
  return files;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The secrets of the manifest files, in order; bad or duplicate Secrets refused. */
export function readFakeSecrets(files: readonly string[]): FakeSecret[] {
  const out = new Map<string, string>();
  for (const file of files) {
    const docs = parseAllDocuments(readFileSync(file, 'utf8'));
    if (!Array.isArray(docs)) throw new AfcError(`--fake-secrets: "${file}" holds no YAML documents`);
    docs.forEach((doc, i) => {
      if (doc.errors[0]) throw new AfcError(`--fake-secrets: "${file}" is not valid YAML (${doc.errors[0].message.split('\n')[0]}): fix the file`);
      const obj: unknown = doc.toJS();
      if (!isObject(obj) || obj.kind !== 'Secret') return;
      const name = isObject(obj.metadata) ? obj.metadata.name : undefined;
      if (typeof name !== 'string' || name === '') throw new AfcError(`--fake-secrets: Secret #${i + 1} of "${file}" has no name: give it metadata.name`);
      const stringData = isObject(obj.stringData) ? Object.values(obj.stringData) : [];
      const data = isObject(obj.data) ? Object.values(obj.data).map((v) => Buffer.from(String(v), 'base64').toString('utf8')) : [];
      const properties = [...stringData.map((v) => (typeof v === 'string' ? v : String(v))), ...data];
      if (properties.length !== 1) {
        throw new AfcError(`--fake-secrets: Secret "${name}" of "${file}" has ${properties.length} properties: exactly one property per Secret is allowed (the fake store is propertyless)`);
      }
      if (out.has(name)) throw new AfcError(`--fake-secrets: Secret "${name}" is defined twice (again in "${file}"): keep one`);
      out.set(name, properties[0]!);
    });
  }
  return [...out].map(([key, value]) => ({ key, value }));
}

/** The store of STORE, or the only key of the values' `secretStores`. */
export function fakeSecretsStore(arg: FakeSecretsArg, values: { readonly secretStores?: Readonly<Record<string, unknown>> | null }): string {
  const stores = Object.keys(values.secretStores ?? {});
  if (arg.store !== undefined) {
    if (!stores.includes(arg.store)) throw new AfcError(`--fake-secrets: secret store "${arg.store}" is not a key of secretStores (${stores.join(', ') || 'none'}): name one of them`);
    return arg.store;
  }
  if (stores.length !== 1) {
    throw new AfcError(`--fake-secrets: the values have ${stores.length} secret stores (${stores.join(', ') || 'none'}), so which one is meant is unclear: give --fake-secrets STORE[:FILE|DIR]`);
  }
  return stores[0]!;
}

/** The values overlay of the fake provider. */
export const fakeSecretsOverlay = (store: string, secrets: readonly FakeSecret[]): Plain => ({
  secretStores: { [store]: { provider: { fake: { data: secrets.map((s) => ({ key: s.key, value: s.value })) } } } },
});

export interface FakeSecrets {
  readonly store: string;
  /** The files read, in order. */
  readonly files: readonly string[];
  readonly secrets: readonly FakeSecret[];
  readonly overlay: Plain;
}

/** `--fake-secrets ARG`: read and checked; `root` is the OpenAFC checkout of the default folder. */
export function makeFakeSecrets(arg: string, values: { readonly secretStores?: Readonly<Record<string, unknown>> | null }, cwd: string, root: string): FakeSecrets {
  const parsed = parseFakeSecretsArg(arg);
  const store = fakeSecretsStore(parsed, values);
  const source = parsed.source !== undefined ? resolve(cwd, parsed.source) : join(root, DEFAULT_SECRET_DIR);
  const files = secretFiles(source);
  const secrets = readFakeSecrets(files);
  return { store, files, secrets, overlay: fakeSecretsOverlay(store, secrets) };
}
