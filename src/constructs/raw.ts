import { ApiObject, App, JsonPatch, type ApiObjectProps, type GroupVersionKind } from 'cdk8s';
import type { Construct } from 'constructs';

/** The resolvers every cdk8s App has (Lazy, implicit tokens, number/string unions); more = custom ones. */
const DEFAULT_RESOLVER_COUNT = 3;

/** Returned by sanitizeJson for anything but JSON data. */
const NOT_JSON = Symbol('not JSON');

/**
 * cdk8s's sanitizeValue (keys sorted, null and undefined values dropped) for JSON data - plain objects
 * (class Object), arrays, strings, numbers, booleans, null and undefined - or NOT_JSON for anything else.
 */
function sanitizeJson(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return NOT_JSON;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = sanitizeJson(value[i]);
      if (v === NOT_JSON) return NOT_JSON;
      out[i] = v;
    }
    return out;
  }
  if ((value as object).constructor !== Object) return NOT_JSON;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = sanitizeJson((value as Record<string, unknown>)[key]);
    if (v === NOT_JSON) return NOT_JSON;
    if (v !== undefined) out[key] = v;
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
    if (process.env.CDK8S_DISABLE_SORT || App.of(this).resolvers.length !== DEFAULT_RESOLVER_COUNT) return super.toJson();
    const failed = (e: unknown): Error => new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${e}`);
    let data: unknown;
    try {
      data = sanitizeJson({ ...this.json, metadata: this.metadata.toJson() });
    } catch (e) {
      throw failed(e);
    }
    if (data === NOT_JSON) return super.toJson();
    try {
      const patched = JsonPatch.apply(data as Record<string, unknown>, ...this.jsonPatches) as Record<string, unknown>;
      const result: Record<string, unknown> = {};
      for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) if (key in patched) result[key] = patched[key];
      return result;
    } catch (e) {
      throw failed(e);
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
