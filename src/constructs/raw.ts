import { ApiObject, App, JsonPatch, type ApiObjectProps, type GroupVersionKind } from 'cdk8s';
import type { Construct } from 'constructs';

/** The resolvers every cdk8s App has (Lazy, implicit tokens, number/string unions); more = custom ones. */
const DEFAULT_RESOLVER_COUNT = 3;

/** JSON data: plain objects (class Object), arrays, strings, numbers, booleans, null and undefined. */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol' && typeof value !== 'bigint';
  if (Array.isArray(value)) return value.every(isPlainJson);
  if ((value as object).constructor !== Object) return false;
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key) && !isPlainJson((value as Record<string, unknown>)[key])) return false;
  return true;
}

/** cdk8s's sanitizeValue (sorted keys, no null or undefined values) for JSON data. */
function sanitize(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sanitize);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = sanitize((value as Record<string, unknown>)[key]);
    if (v !== null && v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * An ApiObject whose props are JSON already (the output of a generated converter). Its toJson gives what
 * ApiObject.toJson gives - metadata from cdk8s, keys sorted, null and undefined dropped, the JSON patches
 * applied, apiVersion/kind/metadata first - without cdk8s's token resolution, which for JSON is a deep
 * copy that visits every value through the app's resolvers (a third of a synth's own time). Anything
 * cdk8s would resolve or reject (tokens, class instances, custom resolvers, CDK8S_DISABLE_SORT) takes
 * ApiObject.toJson itself. test/constructs/raw.test.ts compares the two on every object of every platform.
 */
class JsonApiObject extends ApiObject {
  private readonly json: ApiObjectProps;
  private readonly jsonPatches: JsonPatch[] = [];

  constructor(scope: Construct, id: string, json: ApiObjectProps) {
    super(scope, id, json);
    this.json = json;
  }

  override addJsonPatch(...ops: JsonPatch[]): void {
    super.addJsonPatch(...ops);
    this.jsonPatches.push(...ops);
  }

  override toJson(): Record<string, unknown> {
    if (process.env.CDK8S_DISABLE_SORT || App.of(this).resolvers.length !== DEFAULT_RESOLVER_COUNT || !isPlainJson(this.json)) {
      return super.toJson();
    }
    try {
      const data = sanitize({ ...this.json, metadata: this.metadata.toJson() }) as Record<string, unknown>;
      const patched = JsonPatch.apply(data, ...this.jsonPatches) as Record<string, unknown>;
      const result: Record<string, unknown> = {};
      for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) if (key in patched) result[key] = patched[key];
      return result;
    } catch (e) {
      throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${e}`);
    }
  }
}

/**
 * A Kubernetes object built from typed props of a generated class, plus free-form fragments of the
 * chart values (volume sources, security contexts, HPA metric and behavior, monitor endpoints) set
 * verbatim at JSON pointers.
 *
 * Why not the generated class itself: its toJson runs every field, patches included, through typed
 * converters that drop what they do not model (a plain string where a Quantity object is expected, a
 * field newer than the imported API). Here the typed props are converted once, by the same generated
 * converter, and the fragments are JSON patches applied after it.
 */
export function kubeObject<P>(
  scope: Construct,
  id: string,
  gvk: GroupVersionKind,
  toJson: (props: P) => Record<string, unknown> | undefined,
  props: P,
  fragments: Readonly<Record<string, unknown>> = {},
): ApiObject {
  const obj = new JsonApiObject(scope, id, { ...toJson(props), ...gvk });
  for (const [pointer, value] of Object.entries(fragments)) {
    if (value !== undefined) obj.addJsonPatch(JsonPatch.add(pointer, value));
  }
  return obj;
}
