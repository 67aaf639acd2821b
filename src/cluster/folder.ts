/**
 * Reading an earlier output folder for `afc diff --against DIR`: plain manifests (every `*.yaml` /
 * `*.yml` file under DIR, multi-document, `List`s flattened; e.g. `afc synth` output or `helm template
 * --output-dir`), or a Helm chart (DIR/Chart.yaml; rendered with `helm template`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { AfcError } from '../errors.js';
import { isMap, type K8sObject } from '../kit/objects.js';

/** Every YAML file under `dir`, sorted by relative path. */
function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** What the errors of parseManifests tell the user to do. */
export interface ManifestFixes {
  /** When a document is not valid YAML. */
  readonly yaml: string;
  /** When a document is not a Kubernetes object. */
  readonly object: string;
}

const FOLDER_FIXES: ManifestFixes = { yaml: 'fix or remove the file', object: 'remove it or point --against at a manifests folder' };

/** The Kubernetes objects of a multi-document YAML text (`source` names it in errors), `List`s flattened. */
export function parseManifests(text: string, source: string, fixes: ManifestFixes = FOLDER_FIXES): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new AfcError(`${source}: not valid YAML (${doc.errors[0]!.message.split('\n')[0]}): ${fixes.yaml}`);
    const v: unknown = doc.toJS();
    if (v === null || v === undefined) continue;
    const items = isMap(v) && v.kind === 'List' && Array.isArray(v.items) ? v.items : [v];
    for (const o of items) {
      if (!isMap(o) || typeof o.kind !== 'string' || typeof o.apiVersion !== 'string' || !isMap(o.metadata) || typeof o.metadata.name !== 'string') {
        throw new AfcError(`${source}: a document is not a Kubernetes object (apiVersion, kind and metadata.name needed): ${fixes.object}`);
      }
      out.push(o as K8sObject);
    }
  }
  return out;
}

export const isChartDir = (dir: string): boolean => existsSync(join(dir, 'Chart.yaml'));

/** The objects of a plain manifests folder. */
export function readManifestDir(dir: string): K8sObject[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new AfcError(`--against ${dir}: no such folder: give an earlier output folder (afc synth --out DIR)`);
  const files = yamlFiles(dir);
  if (files.length === 0) throw new AfcError(`--against ${dir}: no YAML files in it: give an earlier output folder (afc synth --out DIR)`);
  return files.flatMap((f) => parseManifests(readFileSync(f, 'utf8'), relative(process.cwd(), f) || f));
}
