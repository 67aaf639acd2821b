/**
 * Manifests: the Kubernetes objects of a multi-document YAML text (afc synth output, `helm template`,
 * `helm get manifest`), empty documents skipped and `List`s flattened; a document that is not YAML or
 * not an object is a one-line error naming the source and the fix; the YAML limits of values files
 * apply (aliases, nesting).
 */
import { parseAllDocuments } from 'yaml';
import { AfcError } from '../errors.js';
import { checkPlainInput, flowDepthProblem, MAX_DEPTH, MAX_YAML_ALIASES } from '../model/limits.js';
import { isMap, type K8sObject } from './objects.js';

/** What the errors of parseManifests tell the user to do. */
export interface ManifestFixes {
  /** When a document is not valid YAML. */
  readonly yaml: string;
  /** When a document is not a Kubernetes object. */
  readonly object: string;
}

/** The fixes for a folder of earlier output (afc diff --against), the default. */
export const FOLDER_FIXES: ManifestFixes = { yaml: 'fix or remove the file', object: 'remove it or point --against at a manifests folder' };

/**
 * The Kubernetes objects of a multi-document YAML text (`source` names it in errors), `List`s
 * flattened; the YAML limits of values files apply (aliases, nesting), each a one-line error.
 */
export function parseManifests(text: string, source: string, fixes: ManifestFixes = FOLDER_FIXES): K8sObject[] {
  const deep = flowDepthProblem(text);
  if (deep) throw new AfcError(`${source}: ${deep}: ${fixes.yaml}`);
  const out: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new AfcError(`${source}: not valid YAML (${doc.errors[0]!.message.split('\n')[0]}): ${fixes.yaml}`);
    let v: unknown;
    try {
      v = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (e) {
      if (e instanceof RangeError || /call stack/i.test(String((e as Error).message))) throw new AfcError(`${source}: nests deeper than ${MAX_DEPTH} levels: ${fixes.yaml}`);
      if (/alias/i.test(String((e as Error).message))) throw new AfcError(`${source}: YAML aliases (*name) expand to more than ${MAX_YAML_ALIASES} copies: ${fixes.yaml}`);
      throw e;
    }
    if (v === null || v === undefined) continue;
    checkPlainInput(v, source, false);
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
