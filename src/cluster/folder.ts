/**
 * Reading an earlier output folder for `afc diff --against DIR`: plain manifests (every `*.yaml` /
 * `*.yml` file under DIR, multi-document, `List`s flattened; e.g. `afc synth` output or `helm template
 * --output-dir`), or a Helm chart (DIR/Chart.yaml; rendered with `helm template`).
 *
 * The folder is input like a values file, with the same limits (model/limits.ts): each file at most
 * MAX_VALUES_FILE_BYTES, all together at most MAX_AGAINST_BYTES in at most MAX_AGAINST_FILES files, YAML
 * aliases and nesting as for values files. Only regular files inside DIR are read: a symbolic link
 * whose target is outside DIR, and a FIFO, device or socket named *.yaml, are refused, naming the path.
 * A Helm render (`# Source:` comments, as `helm template` writes) reads `managed-by: Helm` as afc, as a
 * chart folder does.
 */
import { closeSync, existsSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { AfcError } from '../errors.js';
import { MAX_AGAINST_BYTES, MAX_AGAINST_FILES, MAX_VALUES_FILE_BYTES } from '../model/limits.js';
import { parseManifests } from '../kit/manifests.js';
import { isMap, type K8sObject } from '../kit/objects.js';


const MIB = 1024 * 1024;
const shown = (p: string): string => relative(process.cwd(), p) || p;
const inside = (root: string, p: string): boolean => {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * Every YAML file under `dir`, sorted by relative path: regular files, or links to regular files and
 * folders inside `dir` (each folder walked once, so a link loop ends).
 */
function yamlFiles(dir: string): string[] {
  const root = realpathSync(dir);
  const out: string[] = [];
  const walked = new Set<string>();
  const walk = (d: string): void => {
    const real = realpathSync(d);
    if (walked.has(real)) return;
    walked.add(real);
    for (const name of readdirSorted(d)) {
      const p = join(d, name);
      const yaml = /\.ya?ml$/.test(name);
      let st = lstatSync(p);
      if (st.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(p);
        } catch {
          throw new AfcError(`--against ${dir}: ${shown(p)} is a broken symbolic link: remove it`);
        }
        if (!inside(root, target)) {
          throw new AfcError(`--against ${dir}: ${shown(p)} is a symbolic link to ${target}, outside the folder: afc reads only files inside --against; copy the file in or remove the link`);
        }
        st = statSync(p);
      }
      if (st.isDirectory()) walk(p);
      else if (yaml && !st.isFile()) throw new AfcError(`--against ${dir}: ${shown(p)} is a device, FIFO or socket, not a file: remove it`);
      else if (yaml) {
        out.push(p);
        if (out.length > MAX_AGAINST_FILES) throw new AfcError(`--against ${dir} holds more than ${MAX_AGAINST_FILES} YAML files: point it at one output folder`);
      }
    }
  };
  walk(dir);
  return out;
}

const readdirSorted = (d: string): string[] => readdirSync(d).sort();

/** A file's text, read within `max` bytes (the file may grow between stat and read). */
function readWithin(file: string, max: number, tooBig: () => AfcError): string {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(MIB, max + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > max) throw tooBig();
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export const isChartDir = (dir: string): boolean => existsSync(join(dir, 'Chart.yaml'));

const MANAGED_BY = 'app.kubernetes.io/managed-by';

/** A copy with every `labels` map's managed-by Helm read as afc (a Helm render's label → the plain output's). */
export function helmLabelsAsPlain(v: unknown, inLabels = false): unknown {
  if (Array.isArray(v)) return v.map((e) => helmLabelsAsPlain(e));
  if (!isMap(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, e] of Object.entries(v)) out[k] = inLabels && k === MANAGED_BY && e === 'Helm' ? 'afc' : helmLabelsAsPlain(e, k === 'labels');
  return out;
}

/** Whether a manifests text was written by `helm template` (its `# Source: CHART/templates/...` comments). */
export const isHelmRender = (text: string): boolean => /^# Source: \S+\/templates\//m.test(text);

/** The objects of a plain manifests folder. */
export function readManifestDir(dir: string): K8sObject[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new AfcError(`--against ${dir}: no such folder: give an earlier output folder (afc synth --out DIR)`);
  const files = yamlFiles(dir);
  if (files.length === 0) throw new AfcError(`--against ${dir}: no YAML files in it: give an earlier output folder (afc synth --out DIR)`);
  const tooBig = (f: string): AfcError => new AfcError(`--against ${dir}: ${shown(f)} is larger than the limit of ${MAX_VALUES_FILE_BYTES / MIB} MiB: point --against at an output folder`);
  const tooMuch = (): AfcError => new AfcError(`--against ${dir}: its YAML files are larger than the limit of ${MAX_AGAINST_BYTES / MIB} MiB together: point --against at one output folder`);
  // The sizes first, so that nothing is parsed when the folder is too large; then bounded reads.
  let total = 0;
  for (const f of files) {
    const size = statSync(f).size;
    if (size > MAX_VALUES_FILE_BYTES) throw tooBig(f);
    if ((total += size) > MAX_AGAINST_BYTES) throw tooMuch();
  }
  total = 0;
  return files.flatMap((f) => {
    const text = readWithin(f, MAX_VALUES_FILE_BYTES, () => tooBig(f));
    if ((total += Buffer.byteLength(text)) > MAX_AGAINST_BYTES) throw tooMuch();
    const objects = parseManifests(text, shown(f));
    // helm template labels its objects managed-by Helm, plain output managed-by afc (by design): not a difference.
    return isHelmRender(text) ? objects.map((o) => helmLabelsAsPlain(o) as K8sObject) : objects;
  });
}
