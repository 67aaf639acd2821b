/**
 * Reading an earlier output folder for `afc diff --against DIR`: plain manifests (every `*.yaml` /
 * `*.yml` file under DIR, multi-document, `List`s flattened; e.g. `afc synth` output or `helm template
 * --output-dir`), or a Helm chart (DIR/Chart.yaml; rendered with `helm template`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AfcError } from '../errors.js';
import { parseManifests } from '../kit/manifests.js';
import type { K8sObject } from '../kit/objects.js';

// moved to src/kit (issue 22); shim removed once every branch has landed
export { parseManifests, type ManifestFixes } from '../kit/manifests.js';

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

export const isChartDir = (dir: string): boolean => existsSync(join(dir, 'Chart.yaml'));

/** The objects of a plain manifests folder. */
export function readManifestDir(dir: string): K8sObject[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new AfcError(`--against ${dir}: no such folder: give an earlier output folder (afc synth --out DIR)`);
  const files = yamlFiles(dir);
  if (files.length === 0) throw new AfcError(`--against ${dir}: no YAML files in it: give an earlier output folder (afc synth --out DIR)`);
  return files.flatMap((f) => parseManifests(readFileSync(f, 'utf8'), relative(process.cwd(), f) || f));
}
